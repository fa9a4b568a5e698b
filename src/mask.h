/* Where the secrets are, and lines shown with them as *** (mask.c). */
#ifndef KC_MASK_H
#define KC_MASK_H

#include <stddef.h>

#include "ast.h"
#include "memory.h"

/* The one definition of a secret. A value under one of these keys (any
 * case: kubectl reads keys case-insensitively), all of it when it is a
 * collection: access-token, refresh-token, idp-refresh-token, id-token,
 * client-secret, token, client-key-data, password. */
int kc_secret_key(const char *key);
/* An argument carrying a secret: KC_SECRET_NEXT for `--client-secret`,
 * `--password` and `--client-certificate-password` (the next argument is
 * the secret), KC_SECRET_INLINE for their `--flag=value` form (what follows
 * the '='), 0 for any other. Every value of an exec `env` list is a secret too. */
enum { KC_SECRET_NEXT = 1, KC_SECRET_INLINE = 2 };
int kc_secret_flag(const char *arg);

typedef struct kc_range {
    size_t start, end;     /* bytes [start, end) of a text */
} kc_range;

/* Sorted, disjoint byte ranges of one text. */
typedef struct kc_ranges {
    kc_range *items;
    size_t count, cap;
} kc_ranges;

/* The spans of every secret scalar of a parsed document (kc_secret_key,
 * kc_secret_flag, exec env values), found from the tree, by key path. A
 * value left unbuilt (doc->keep_keys) counts as secret as a whole. */
void kc_secret_ranges(const kc_document *doc, kc_ranges *out);
/* The same for a text, parsed here in full. A text that does not parse is
 * all secret; so is everything from a second document on (not built). */
void kc_secret_ranges_of(const char *text, size_t len, kc_ranges *out);
void kc_ranges_free(kc_ranges *r);

/* out = text[start, end) (one line) with each part inside a range of
 * secrets replaced by ***; blanks at either end of such a part, and a
 * line's \r, are kept. */
void kc_mask_line(const char *text, size_t start, size_t end, const kc_ranges *secrets,
                  kc_buffer *out);

#endif
