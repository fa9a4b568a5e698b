/* The AST: a flat array of nodes linked by ids, values in one string arena.
 * Plain data, no recursion: walks use explicit stacks or parent links. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

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
        c = kc_xmalloc(sizeof *c + cap);
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
    if (len >= KC_NO_SPAN)
        return KC_NONE;
    kc_array_grow((void **)&doc->nodes, &doc->node_cap, doc->node_count + 1, sizeof(kc_node));
    const char *stored = kc_arena_store(&doc->chunks, text ? text : "", text ? len : 0);
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
        n->text = kc_arena_store(&((kc_document *)doc)->chunks, n->text, n->text_len);
        n->borrowed = 0;
    }
    return n->text;
}

void kc_node_set_anchor(kc_document *doc, int id, const char *anchor)
{
    kc_array_grow((void **)&doc->anchors, &doc->anchor_cap, doc->anchor_count + 1, sizeof *doc->anchors);
    doc->anchors[doc->anchor_count++] = kc_arena_store(&doc->chunks, anchor, strlen(anchor));
    doc->nodes[id].anchor = (uint32_t)doc->anchor_count;
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
    int id = kc_node_new(doc, KC_SCALAR, text, strlen(text));
    assert(id != KC_NONE); /* a text of 4 GiB or more is not a builder's */
    return id;
}

void kc_map_add_string(kc_document *doc, int map, const char *key, const char *value)
{
    int k = kc_new_scalar(doc, key);
    int v = kc_new_scalar(doc, value);
    kc_node_append(doc, map, k);
    kc_node_append(doc, map, v);
}

void kc_seq_add_string(kc_document *doc, int seq, const char *value)
{
    kc_node_append(doc, seq, kc_new_scalar(doc, value));
}

int kc_root_is_plain_block_mapping(const kc_document *doc)
{
    if (doc->root == KC_NONE)
        return 0;
    const kc_node *r = &doc->nodes[doc->root];
    return r->type == KC_MAPPING && r->style == 0 && r->column == 0 && !r->anchor && !r->tagged;
}

int kc_resolve_alias(const kc_document *doc, int id)
{
    const char *name = kc_node_text(doc, id);
    /* Anchors are defined before their aliases; the nearest one wins. */
    for (int i = id - 1; i >= 0; i--) {
        const char *anchor = kc_node_anchor(doc, i);
        if (anchor && strcmp(anchor, name) == 0)
            return i;
    }
    return KC_NONE;
}

int kc_has_nul(const kc_document *doc, int id)
{
    const kc_node *n = kc_node_at(doc, id);
    return n && n->type == KC_SCALAR && memchr(kc_node_text(doc, id), '\0', n->text_len) != NULL;
}

/* go-yaml v2 takes `<<` as a merge when it is a plain, untagged key. */
static int is_merge_key(const kc_document *doc, int k)
{
    const kc_node *n = &doc->nodes[k];
    return n->type == KC_SCALAR && n->text_len == 2 && n->style == 1 /* plain */ && !n->tagged &&
           kc_text_is(doc, k, "<<");
}

int kc_is_merge_key(const kc_document *doc, int k)
{
    return is_merge_key(doc, k);
}

/* A key is read as its text; an alias key as the scalar it names. */
static int key_is(const kc_document *doc, int k, const char *key)
{
    k = kc_resolve(doc, k);
    return k != KC_NONE && doc->nodes[k].type == KC_SCALAR && kc_text_is(doc, k, key);
}

/* The mapping a merge source names: an alias to a mapping that is complete
 * before it (go-yaml refuses an anchor that contains its own alias), or an
 * inline mapping. KC_NONE when go-yaml would refuse it. */
int kc_subtree_end(const kc_document *doc, int id)
{
    while (doc->nodes[id].last_child != KC_NONE)
        id = doc->nodes[id].last_child;
    return id;
}

static int merge_source(const kc_document *doc, int id)
{
    int target = kc_resolve(doc, id);
    if (target == KC_NONE || doc->nodes[target].type != KC_MAPPING)
        return KC_NONE;
    if (target != id && id <= kc_subtree_end(doc, target))
        return KC_NONE;
    return target;
}

/* kubectl reads YAML with go-yaml v2: the pairs of a mapping are assigned
 * in order, so a later key replaces an earlier one; `<<: M` assigns M's
 * keys at its place, `<<: [A, B]` B's and then A's (the first one wins).
 * So the value read is the first hit of a depth-first walk over the pairs
 * from the last one back, into merge sources in order. The walk keeps an
 * explicit stack: a pair's key id, or ~item for the rest of a merge list.
 * It gives up (bad set) on a merge go-yaml refuses or on too much work. */
#define MERGE_BUDGET 100000

typedef struct merge_walk {
    int *stack;
    size_t depth, cap;
    int local[64];
    size_t budget;
    int top;               /* the pair of the walked mapping being searched */
    int bad;               /* that pair's key when the walk gave up, else KC_NONE */
} merge_walk;

static void walk_push(merge_walk *w, int v)
{
    if (w->depth == w->cap) {
        size_t cap = w->cap * 2;
        int *s = w->stack == w->local ? kc_xmalloc(cap * sizeof *s) : kc_xrealloc(w->stack, cap * sizeof *s);
        if (w->stack == w->local)
            memcpy(s, w->local, sizeof w->local);
        w->stack = s;
        w->cap = cap;
    }
    w->stack[w->depth++] = v;
}

static void walk_pairs(const kc_document *doc, int map, merge_walk *w)
{
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next)
        walk_push(w, k);
}

/* The pair of map whose value kubectl reads for key (NULL: none, walk all
 * of it), or KC_NONE; with own 0, only a pair a merge brings counts.
 * w->bad says whether the answer can be trusted. */
static int merge_find(const kc_document *doc, int map, const char *key, int own, merge_walk *w)
{
    int found = KC_NONE;
    *w = (merge_walk){.cap = 64, .top = KC_NONE, .bad = KC_NONE};
    w->stack = w->local;
    walk_pairs(doc, map, w);
    while (found == KC_NONE && w->bad == KC_NONE && w->depth > 0) {
        int top = w->stack[--w->depth];
        if (++w->budget > MERGE_BUDGET) {
            w->bad = w->top;
            break;
        }
        if (top < 0) { /* the rest of a merge list, from item ~top */
            int item = ~top, next = doc->nodes[item].next, source = merge_source(doc, item);
            if (source == KC_NONE) {
                w->bad = w->top;
                continue;
            }
            if (next != KC_NONE)
                walk_push(w, ~next);
            walk_pairs(doc, source, w);
            continue;
        }
        if (doc->nodes[top].parent == map)
            w->top = top;
        const kc_node *k = &doc->nodes[top];
        if (!is_merge_key(doc, top)) {
            if (key && key_is(doc, top, key) && (own || k->parent != map))
                found = top;
            continue;
        }
        int value = k->next, source = merge_source(doc, value);
        if (source != KC_NONE) {
            walk_pairs(doc, source, w);
        } else if (doc->nodes[value].type == KC_SEQUENCE) {
            int first = doc->nodes[value].first_child;
            if (first != KC_NONE)
                walk_push(w, ~first);
        } else {
            w->bad = w->top;
        }
    }
    if (w->stack != w->local)
        free(w->stack);
    return w->bad == KC_NONE ? found : KC_NONE;
}

int kc_map_get(const kc_document *doc, int map, const char *key, int *key_out)
{
    map = kc_resolve(doc, map);
    if (key_out)
        *key_out = KC_NONE;
    if (map == KC_NONE || doc->nodes[map].type != KC_MAPPING)
        return KC_NONE;
    /* Usually no merge follows the last own match: that one is read. */
    int found = KC_NONE, merge_after = 0;
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
        if (is_merge_key(doc, k)) {
            merge_after = 1;
        } else if (key_is(doc, k, key)) {
            found = k;
            merge_after = 0;
        }
    }
    if (merge_after) {
        /* A merge go-yaml refuses: the own pair, for the refusal to name. */
        merge_walk w;
        int merged = merge_find(doc, map, key, 1, &w);
        if (w.bad == KC_NONE)
            found = merged;
    }
    if (found == KC_NONE)
        return KC_NONE;
    if (key_out)
        *key_out = found;
    return kc_resolve(doc, doc->nodes[found].next);
}

int kc_check_merges(const kc_document *doc, int map, int *bad)
{
    merge_walk w;
    map = kc_resolve(doc, map);
    *bad = KC_NONE;
    if (map == KC_NONE || doc->nodes[map].type != KC_MAPPING)
        return 1;
    merge_find(doc, map, NULL, 1, &w);
    *bad = w.bad;
    return w.bad == KC_NONE;
}

int kc_merge_brings(const kc_document *doc, int map, const char *key, int *merge_key)
{
    merge_walk w;
    map = kc_resolve(doc, map);
    *merge_key = KC_NONE;
    if (map == KC_NONE || doc->nodes[map].type != KC_MAPPING)
        return 0;
    if (merge_find(doc, map, key, 0, &w) == KC_NONE)
        return 0;
    *merge_key = w.top;
    return 1;
}

int kc_is_null(const kc_document *doc, int id)
{
    const kc_node *n = kc_node_at(doc, id);
    if (!n || n->type != KC_SCALAR || n->tagged || n->style != 1 /* YAML_PLAIN_SCALAR_STYLE */)
        return 0;
    if (n->text_len > 4)
        return 0;
    return n->text_len == 0 || kc_text_is(doc, id, "~") || kc_text_is(doc, id, "null") ||
           kc_text_is(doc, id, "Null") || kc_text_is(doc, id, "NULL");
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
    int *stack = kc_xmalloc(cap * 2 * sizeof(int));
    int equal = 1;
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
            int null_x = kc_is_null(doc, x);
            equal = null_x == kc_is_null(doc, y) &&
                    (null_x || (nx->text_len == ny->text_len &&
                                memcmp(kc_node_text(doc, x), kc_node_text(doc, y), nx->text_len) == 0));
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
                stack = kc_xrealloc(stack, cap * 4 * sizeof(int));
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

/* Between the token before a key and the key itself there are only blanks,
 * comments and indicators; an explicit key has a `?` among them. */
size_t kc_explicit_key_at(const kc_document *doc, int key)
{
    const kc_node *k = &doc->nodes[key];
    int parent = k->parent, prev = KC_NONE;
    if (parent == KC_NONE || k->start == KC_NO_SPAN)
        return KC_NO_POS;
    for (int c = doc->nodes[parent].first_child; c != KC_NONE && c != key; c = doc->nodes[c].next)
        prev = c;
    size_t from = prev != KC_NONE ? doc->nodes[prev].end : doc->nodes[parent].start;
    const char *src = doc->source;
    for (size_t i = from; i < k->start && i < doc->source_len; i++) {
        if (src[i] == '#')
            while (i + 1 < k->start && src[i + 1] != '\n' && src[i + 1] != '\r')
                i++;
        else if (src[i] == '?')
            return i;
    }
    return KC_NO_POS;
}
