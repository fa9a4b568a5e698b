/* The parse everything else calls (parse_split.c): kc_parse, which parses
 * a large file on two cores, each part with parse.c's one pass, and any
 * other file with one pass. */
#ifndef KC_PARSE_SPLIT_H
#define KC_PARSE_SPLIT_H

#include <stddef.h>

#include "ast.h"
#include "error.h"

/* Parse the first YAML document of doc->source into the AST. With
 * doc->keep_keys set, a skipped value that holds an anchor or an alias makes
 * it parse again in full: sharing checks need every anchor and alias. */
int kc_parse(kc_document *doc, kc_error *err);

/* Large files are parsed in two halves at once, cut at a line that starts
 * a top-level key. kc_split_point: where (0 for nowhere). kc_parse_split_at:
 * kc_parse with the cut at `at`, the same nodes or the same error; *joined
 * says whether the halves were joined (else the one pass went on). kc_parse
 * splits only where another CPU is allowed to run the second half. */
#ifndef KC_SPLIT_MIN_BYTES /* a test build sets 0: every file with a cut is split */
#define KC_SPLIT_MIN_BYTES (256 * 1024)
#endif
size_t kc_split_point(const char *src, size_t len);
int kc_parse_split_at(kc_document *doc, size_t at, int *joined, kc_error *err);

#endif
