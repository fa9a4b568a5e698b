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

static int rehash(kc_names *names, size_t slot_count)
{
    size_t *slots = calloc(slot_count, sizeof *slots);
    if (!slots)
        return 0;
    free(names->slots);
    names->slots = slots;
    names->slot_count = slot_count;
    for (size_t i = 0; i < names->count; i++)
        *slot_for(names, names->names[i]) = i + 1;
    return 1;
}

int kc_names_add(kc_names *names, const char *name, const char *file)
{
    /* files first: names->cap only grows once both arrays have the room */
    size_t files_cap = names->cap;
    if (!kc_array_grow((void **)&names->files, &files_cap, names->count + 1, sizeof *names->files) ||
        !kc_array_grow((void **)&names->names, &names->cap, names->count + 1, sizeof *names->names))
        return 0;
    if ((names->count + 1) * 2 > names->slot_count && !rehash(names, names->slot_count ? names->slot_count * 2 : 32))
        return 0;
    char *n = strdup(name), *f = strdup(file ? file : "");
    if (!n || !f) {
        free(n);
        free(f);
        return 0;
    }
    names->names[names->count] = n;
    names->files[names->count] = f;
    names->count++;
    *slot_for(names, n) = names->count;
    return 1;
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
