/* The AST: a flat array of nodes linked by ids, values in one string arena.
 * Plain data, no recursion: walks use explicit stacks or parent links. */
#include <stdlib.h>
#include <string.h>

#include "kubeconvert.h"

_Static_assert(sizeof(kc_node) <= 56, "kc_node grew: see the note on its layout");

void kc_document_init(kc_document *doc, const char *source, size_t len)
{
    memset(doc, 0, sizeof *doc);
    doc->source = source;
    doc->source_len = len;
    doc->root = KC_NONE;
}

struct kc_chunk {
    struct kc_chunk *next;
    size_t used, cap;
    char data[];
};

#define CHUNK_SIZE 65536

void kc_document_free(kc_document *doc)
{
    free(doc->nodes);
    free(doc->anchors);
    kc_arena_free(&doc->chunks);
    memset(doc, 0, sizeof *doc);
    doc->root = KC_NONE;
}

int kc_array_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 1;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *p = realloc(*ptr, cap2 * size);
    if (!p)
        return 0;
    *ptr = p;
    *cap = cap2;
    return 1;
}

void kc_arena_free(kc_chunk **arena)
{
    while (*arena) {
        kc_chunk *next = (*arena)->next;
        free(*arena);
        *arena = next;
    }
}

void kc_arena_adopt(kc_chunk **into, kc_chunk **from)
{
    if (!*from)
        return;
    kc_chunk *last = *from;
    while (last->next)
        last = last->next;
    /* behind the chunk being filled, which stays first */
    if (*into) {
        last->next = (*into)->next;
        (*into)->next = *from;
    } else {
        *into = *from;
    }
    *from = NULL;
}

const char *kc_arena_store(kc_chunk **arena, const char *text, size_t len)
{
    kc_chunk *c = *arena;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_SIZE ? len + 1 : CHUNK_SIZE;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = *arena;
        c->used = 0;
        c->cap = cap;
        *arena = c;
    }
    char *p = c->data + c->used;
    if (len)
        memcpy(p, text, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

int kc_node_new(kc_document *doc, kc_node_type type, const char *text, size_t len)
{
    if (len >= KC_NO_SPAN ||
        !kc_array_grow((void **)&doc->nodes, &doc->node_cap, doc->node_count + 1, sizeof(kc_node)))
        return KC_NONE;
    const char *stored = kc_arena_store(&doc->chunks, text ? text : "", text ? len : 0);
    if (!stored)
        return KC_NONE;
    kc_node *n = &doc->nodes[doc->node_count];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->start = n->end = KC_NO_SPAN;
    n->text = stored;
    n->text_len = text ? (uint32_t)len : 0;
    n->parent = n->first_child = n->last_child = n->next = KC_NONE;
    return (int)doc->node_count++;
}

const char *kc_node_text(const kc_document *doc, int id)
{
    kc_node *n = &doc->nodes[id];
    if (n->borrowed) {
        /* Materialising a value is not a visible change of the document. */
        const char *copy = kc_arena_store(&((kc_document *)doc)->chunks, n->text, n->text_len);
        if (!copy)
            return "";
        n->text = copy;
        n->borrowed = 0;
    }
    return n->text;
}

int kc_node_set_anchor(kc_document *doc, int id, const char *anchor)
{
    const char *stored = kc_arena_store(&doc->chunks, anchor, strlen(anchor));
    if (!stored || !kc_array_grow((void **)&doc->anchors, &doc->anchor_cap, doc->anchor_count + 1,
                                  sizeof *doc->anchors))
        return 0;
    doc->anchors[doc->anchor_count++] = stored;
    doc->nodes[id].anchor = (uint32_t)doc->anchor_count;
    return 1;
}

void kc_node_append(kc_document *doc, int parent, int child)
{
    kc_node *p = &doc->nodes[parent];
    doc->nodes[child].parent = parent;
    if (p->last_child == KC_NONE)
        p->first_child = child;
    else
        doc->nodes[p->last_child].next = child;
    p->last_child = child;
    p->count++;
}

int kc_new_scalar(kc_document *doc, const char *text)
{
    return kc_node_new(doc, KC_SCALAR, text, strlen(text));
}

int kc_map_add_string(kc_document *doc, int map, const char *key, const char *value)
{
    int k = kc_new_scalar(doc, key);
    if (k == KC_NONE)
        return 0;
    int v = kc_new_scalar(doc, value);
    if (v == KC_NONE)
        return 0;
    kc_node_append(doc, map, k);
    kc_node_append(doc, map, v);
    return 1;
}

int kc_seq_add_string(kc_document *doc, int seq, const char *value)
{
    int v = kc_new_scalar(doc, value);
    if (v == KC_NONE)
        return 0;
    kc_node_append(doc, seq, v);
    return 1;
}

int kc_resolve(const kc_document *doc, int id)
{
    if (id == KC_NONE || doc->nodes[id].type != KC_ALIAS)
        return id;
    const char *name = kc_node_text(doc, id);
    /* Anchors are defined before their aliases; the nearest one wins. */
    for (int i = id - 1; i >= 0; i--) {
        const char *anchor = kc_node_anchor(doc, i);
        if (anchor && strcmp(anchor, name) == 0)
            return i;
    }
    return KC_NONE;
}

int kc_map_get(const kc_document *doc, int map, const char *key, int *key_out)
{
    map = kc_resolve(doc, map);
    if (key_out)
        *key_out = KC_NONE;
    if (map == KC_NONE || doc->nodes[map].type != KC_MAPPING)
        return KC_NONE;
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
        const kc_node *kn = &doc->nodes[k];
        if (kn->type == KC_SCALAR && strcmp(kc_node_text(doc, k), key) == 0) {
            if (key_out)
                *key_out = k;
            return kc_resolve(doc, kn->next);
        }
    }
    return KC_NONE;
}

int kc_is_null(const kc_document *doc, int id)
{
    const kc_node *n = kc_node_at(doc, id);
    if (!n || n->type != KC_SCALAR || n->tagged || n->style != 1 /* YAML_PLAIN_SCALAR_STYLE */)
        return 0;
    if (n->text_len > 4)
        return 0;
    const char *t = kc_node_text(doc, id);
    return n->text_len == 0 || strcmp(t, "~") == 0 || strcmp(t, "null") == 0 ||
           strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0;
}

const char *kc_string(const kc_document *doc, int id)
{
    id = kc_resolve(doc, id);
    if (id == KC_NONE || doc->nodes[id].type != KC_SCALAR || kc_is_null(doc, id))
        return "";
    return kc_node_text(doc, id);
}

/* Equality without recursion: an explicit stack of node pairs. */
int kc_node_equal(const kc_document *doc, int a, int b)
{
    size_t cap = 64, top = 0;
    int *stack = malloc(cap * 2 * sizeof(int));
    int equal = 1;
    if (!stack)
        return 0;
    stack[top * 2] = a;
    stack[top * 2 + 1] = b;
    top++;
    while (equal && top > 0) {
        top--;
        int x = kc_resolve(doc, stack[top * 2]), y = kc_resolve(doc, stack[top * 2 + 1]);
        if (x == KC_NONE || y == KC_NONE) {
            equal = x == y;
            continue;
        }
        const kc_node *nx = &doc->nodes[x], *ny = &doc->nodes[y];
        if (nx->type != ny->type || nx->count != ny->count) {
            equal = 0;
            continue;
        }
        if (nx->type == KC_SCALAR) {
            equal = strcmp(kc_string(doc, x), kc_string(doc, y)) == 0 &&
                    kc_is_null(doc, x) == kc_is_null(doc, y);
            continue;
        }
        /* Pairs to compare next: items in order, or values by key. */
        for (int cx = nx->first_child, cy = ny->first_child; cx != KC_NONE;) {
            int px, py;
            if (nx->type == KC_SEQUENCE) {
                px = cx;
                py = cy;
                cx = doc->nodes[cx].next;
                cy = doc->nodes[cy].next;
            } else {
                const char *key = kc_string(doc, cx);
                px = doc->nodes[cx].next;
                py = kc_map_get(doc, y, key, NULL);
                if (py == KC_NONE) {
                    int k;
                    kc_map_get(doc, y, key, &k);
                    if (k == KC_NONE) {
                        equal = 0;
                        break;
                    }
                }
                cx = doc->nodes[px].next;
            }
            if (top == cap) {
                int *s = realloc(stack, cap * 4 * sizeof(int));
                if (!s) {
                    equal = 0;
                    break;
                }
                stack = s;
                cap *= 2;
            }
            stack[top * 2] = px;
            stack[top * 2 + 1] = py;
            top++;
        }
    }
    free(stack);
    return equal;
}
