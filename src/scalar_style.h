/* Which plain scalars must be quoted (scalar_style.c): libyaml's emitter
 * decides how to quote, but has no resolver, so render.c asks this first.
 * The compiled pattern lives in an object the caller owns (the renderer). */
#ifndef KC_SCALAR_STYLE_H
#define KC_SCALAR_STYLE_H

#include <stddef.h>

typedef struct kc_scalar_style {
    struct pcre2_real_code_8 *re;             /* NULL until first used */
    struct pcre2_real_match_data_8 *match_data;
    size_t matches;                           /* since compiled: JIT pays after a few hundred */
} kc_scalar_style;

void kc_scalar_style_initialize(kc_scalar_style *style);
void kc_scalar_style_delete(kc_scalar_style *style);

/* 1 when a YAML 1.1 (or 1.2, or go-yaml) reader takes the plain scalar
 * `text` as something other than a string: it must then be quoted. */
int kc_plain_is_non_string(kc_scalar_style *style, const char *text, size_t len);

#endif
