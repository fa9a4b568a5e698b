/* Between parse.c (one libyaml pass over a source) and parse_split.c (two
 * passes at once over the halves of a large one). */
#ifndef KC_PARSE_H
#define KC_PARSE_H

#include "kubeconvert.h"

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
/* kc_parse in one pass (again in full when KC_PARSE_AGAIN_IN_FULL). */
int kc_parse_whole(kc_document *doc, kc_error *err);

/* Large files are parsed in two halves at once, cut at a line that starts
 * a top-level key. kc_split_point: where (0 for nowhere). kc_parse_split_at:
 * 1 when both halves parsed and joined into exactly the nodes one pass
 * gives; 0 when they could not be (any error, or a cut a pass would not
 * see as a top-level key): then doc is as kc_document_init left it. */
#ifndef KC_SPLIT_MIN_BYTES /* a test build sets 0: every file with a cut is split */
#define KC_SPLIT_MIN_BYTES (256 * 1024)
#endif
size_t kc_split_point(const char *src, size_t len);
int kc_parse_split_at(kc_document *doc, size_t at);

#endif
