/* Masking secrets in what kubeconvert shows (mask.c). */
#ifndef KC_MASK_H
#define KC_MASK_H

#include "kubeconvert.h"

/* Carried from line to line: a `- --password` line makes the next a secret. */
typedef struct kc_mask_state {
    int next_is_secret;
    int secret_block;     /* lines indented deeper than this are a secret's continuation */
    size_t secret_indent;
} kc_mask_state;

/* out = line with every secret value replaced by ***. 1/0. */
int kc_mask_line(kc_mask_state *state, const char *line, size_t len, kc_buffer *out);
void kc_mask_cleanup(void);

#endif
