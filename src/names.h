/* A set of names, each with the file that claimed it first (names.c): the
 * users of a $KUBECONFIG set, the contexts a pattern picks, anchors. */
#ifndef KC_NAMES_H
#define KC_NAMES_H

#include <stddef.h>

/* Names already claimed by earlier files of one $KUBECONFIG set (first file
 * wins, as kubectl merges them). */
typedef struct kc_names {
    char **names;
    char **files;          /* the file that claimed each name */
    size_t count, cap;
    size_t *slots;         /* open-addressing hash index: entry + 1, 0 = empty */
    size_t slot_count;
} kc_names;

/* The file that claimed name, NULL when none did. */
const char *kc_names_find(const kc_names *names, const char *name);
/* file may be NULL. */
void kc_names_add(kc_names *names, const char *name, const char *file);
void kc_names_free(kc_names *names);

#endif
