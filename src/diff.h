/* --dry-run's unified diff (diff.c). */
#ifndef KC_DIFF_H
#define KC_DIFF_H

#include <stdio.h>

#include "emit.h"
#include "mask.h"

/* Print the diff from old_text to o (secrets masked); nothing when unchanged. */
void kc_write_diff(FILE *out, const char *path, const char *old_text, size_t old_len,
                   const kc_output *o);
/* The same with every line as it is, secrets too: only for tests that apply
 * the diff and compare bytes (tests/fuzz), never for what a user sees. */
void kc_write_diff_unmasked(FILE *out, const char *path, const char *old_text, size_t old_len,
                            const kc_output *o);

#endif
