/* Name patterns for --user-regex and --context-regex (pattern.c, PCRE2). */
#ifndef KC_PATTERN_H
#define KC_PATTERN_H

#include "error.h"

typedef struct kc_pattern kc_pattern;

/* NULL and a usage error (PCRE2's message and offset) for a bad pattern. */
kc_pattern *kc_pattern_compile(const char *option, const char *pattern, kc_error *err);
int kc_pattern_match(const kc_pattern *p, const char *text);
void kc_pattern_free(kc_pattern *p);

#endif
