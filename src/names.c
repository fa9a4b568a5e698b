/* A set of names with the file that defined each: duplicate users in one
 * file, and kubectl's "first file wins" across a $KUBECONFIG set. Hashed, so
 * 50k users cost 50k lookups, not 50k^2 comparisons. */
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "names.h"

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t *slot_for(const kc_names *names, const char *name)
{
    size_t mask = names->slot_count - 1;
    for (size_t i = hash(name) & mask;; i = (i + 1) & mask) {
        size_t *slot = &names->slots[i];
        if (*slot == 0 || strcmp(names->names[*slot - 1], name) == 0)
            return slot;
    }
}

const char *kc_names_find(const kc_names *names, const char *name)
{
    if (!names || names->slot_count == 0)
        return NULL;
    size_t *slot = slot_for(names, name);
    return *slot ? names->files[*slot - 1] : NULL;
}

static void rehash(kc_names *names, size_t slot_count)
{
    free(names->slots);
    names->slots = kc_xcalloc(slot_count, sizeof *names->slots);
    names->slot_count = slot_count;
    for (size_t i = 0; i < names->count; i++)
        *slot_for(names, names->names[i]) = i + 1;
}

void kc_names_add(kc_names *names, const char *name, const char *file)
{
    /* one cap for both arrays, which grow together */
    size_t files_cap = names->cap;
    kc_array_grow((void **)&names->files, &files_cap, names->count + 1, sizeof *names->files);
    kc_array_grow((void **)&names->names, &names->cap, names->count + 1, sizeof *names->names);
    if ((names->count + 1) * 2 > names->slot_count)
        rehash(names, names->slot_count ? names->slot_count * 2 : 32);
    names->names[names->count] = kc_xstrdup(name);
    names->files[names->count] = kc_xstrdup(file ? file : "");
    names->count++;
    *slot_for(names, names->names[names->count - 1]) = names->count;
}

void kc_names_free(kc_names *names)
{
    for (size_t i = 0; i < names->count; i++) {
        free(names->names[i]);
        free(names->files[i]);
    }
    free(names->names);
    free(names->files);
    free(names->slots);
    memset(names, 0, sizeof *names);
}
