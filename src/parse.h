/* One libyaml pass over a source into the AST (parse.c). It knows nothing
 * of the two-core parse: parse_split.c calls it, never the other way. */
#ifndef KC_PARSE_H
#define KC_PARSE_H

#include "ast.h"
#include "error.h"

enum { KC_PARSE_FAILED, KC_PARSE_OK, KC_PARSE_AGAIN_IN_FULL };

/* What a pass saw besides the nodes: whether two passes can be joined. */
typedef struct kc_parse_info {
    int documents;     /* documents in the stream */
    int directives;    /* the first document has %YAML or %TAG directives */
    int explicit_end;  /* the first document ends with "..." */
    size_t end_line;   /* the stream end's line (the source's line breaks) */
} kc_parse_info;

/* One pass over doc->source: the nodes of its first document (lean as
 * doc->keep_keys says). KC_PARSE_AGAIN_IN_FULL: a skipped value holds an
 * anchor or alias, parse again with keep_keys NULL. */
int kc_parse_stream(kc_document *doc, kc_parse_info *info, kc_error *err);
/* Parse in one pass (again in full when KC_PARSE_AGAIN_IN_FULL). 1/0. */
int kc_parse_whole(kc_document *doc, kc_error *err);

#endif
