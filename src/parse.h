/* One libyaml pass over a source into the AST (parse.c). It knows nothing
 * of the two-core parse: parse_split.c calls it, never the other way. A
 * pass may stop before a given byte and go on later from where it stopped,
 * so that a caller can look at the state there. */
#ifndef KC_PARSE_H
#define KC_PARSE_H

#include <stdatomic.h>
#include <yaml.h>

#include "ast.h"
#include "error.h"
#include "names.h"

enum { KC_PARSE_FAILED, KC_PARSE_OK, KC_PARSE_AGAIN_IN_FULL, KC_PARSE_STOPPED, KC_PARSE_INTERRUPTED };

#define KC_NO_STOP ((size_t)-1)

/* libyaml's marks count characters; spans are bytes (parse.c). */
typedef struct kc_pos_map {
    const unsigned char *src;
    size_t len, bom;
    size_t ascii_end;     /* bytes [bom, ascii_end) are ASCII */
    int ascii_final;      /* ascii_end is a non-ASCII byte or the end */
    size_t char_idx, byte_off; /* the UTF-8 cursor past the ASCII prefix */
} kc_pos_map;

/* The collections open at the pass's place, innermost last. */
typedef struct kc_open_stack {
    int *ids;
    size_t depth, cap;
} kc_open_stack;

/* A top-level value being skipped (doc->keep_keys): how deep inside it the
 * parser is, and where its last child ends. */
typedef struct kc_skip_state {
    int node;            /* the value's node; KC_NONE when not skipping */
    size_t depth;        /* open collections, the value's own included */
    size_t flow_depth;   /* depth of the outermost open flow collection, 0 if none */
    size_t last_end;     /* byte end of the last scalar or flow collection */
} kc_skip_state;

/* One pass over doc->source, building doc's nodes (of its first document,
 * lean as doc->keep_keys says). Owned by the caller:
 * kc_parser_initialize / kc_parser_delete. */
typedef struct kc_parser {
    kc_document *doc;
    yaml_parser_t yaml;
    int ready;              /* yaml is initialized */
    kc_open_stack stack;
    kc_names anchors;       /* defined so far: an alias must name one */
    kc_pos_map pm;
    kc_skip_state skip;
    int in_first;           /* still in the first document */
    int documents;          /* documents started */
    int directives;         /* the first document has %YAML or %TAG directives */
    yaml_event_t pending;   /* the event a stop left unread */
    int has_pending;
} kc_parser;

/* 1, or 0 and err (a file of 4 GiB or more). Delete it
 * either way. */
int kc_parser_initialize(kc_parser *p, kc_document *doc, kc_error *err);
void kc_parser_delete(kc_parser *p);
/* Run the pass: to the stream's end (stop_at KC_NO_STOP), or until the
 * first event but a collection's end that starts at byte stop_at or later,
 * which is kept for the next run (KC_PARSE_STOPPED), or, with interrupt
 * not NULL, until another thread sets *interrupt (looked at between
 * events: KC_PARSE_INTERRUPTED). A stopped or interrupted pass can run on.
 * Else KC_PARSE_OK, KC_PARSE_FAILED (err set), or KC_PARSE_AGAIN_IN_FULL:
 * a skipped value holds an anchor or alias; parse again with keep_keys NULL. */
int kc_parser_run(kc_parser *p, size_t stop_at, atomic_int *interrupt, kc_error *err);
/* After a stop at `at`: 1 when the pass stands before a key of the first
 * document's root, a block mapping at column 0 without anchor or tag, the
 * key starting at byte `at` in column 0, nothing else open, and no
 * directives. What follows `at` then reads the same parsed on its own
 * (but for anchors and aliases). *line: the key's line. */
int kc_parser_at_root_key(const kc_parser *p, size_t at, size_t *line);

/* A whole pass (kc_parser_run with no stop). */
int kc_parse_stream(kc_document *doc, atomic_int *interrupt, kc_error *err);
/* Parse in one pass (again in full when KC_PARSE_AGAIN_IN_FULL). 1/0. */
int kc_parse_whole(kc_document *doc, kc_error *err);
/* The end of kc_parse_whole, for a pass run some other way: given its
 * status, parse again in full if it asks for that; 1/0. */
int kc_parse_again_in_full(kc_document *doc, int status, kc_error *err);

#endif
