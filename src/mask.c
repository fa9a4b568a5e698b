/* A secret never leaves the document. This is the one definition of what is
 * secret, the byte spans of the secret scalars of a document (found from its
 * tree, by key path: no pattern over text), and lines printed with those
 * spans as ***. --dry-run's diff uses it for old and new text alike; the
 * error messages that quote a value ask kc_secret_flag first. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mask.h"
#include "parse_split.h"

static const char *const secret_keys[] = {
    "access-token", "refresh-token", "idp-refresh-token", "id-token", "client-secret",
    "token",        "client-key-data", "password",        NULL};
static const char *const secret_flags[] = {"--client-secret", "--password",
                                           "--client-certificate-password", NULL};

int kc_secret_key(const char *key)
{
    for (size_t i = 0; secret_keys[i]; i++)
        if (strcasecmp(key, secret_keys[i]) == 0)
            return 1;
    return 0;
}

int kc_secret_flag(const char *arg)
{
    for (size_t i = 0; secret_flags[i]; i++) {
        size_t n = strlen(secret_flags[i]);
        if (strncmp(arg, secret_flags[i], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            return arg[n] ? KC_SECRET_INLINE : KC_SECRET_NEXT;
    }
    return 0;
}

void kc_ranges_free(kc_ranges *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

static void add_range(kc_ranges *r, size_t start, size_t end)
{
    if (start >= end)
        return;
    kc_array_grow((void **)&r->items, &r->cap, r->count + 1, sizeof *r->items);
    r->items[r->count++] = (kc_range){start, end};
}

static int by_start(const void *a, const void *b)
{
    const kc_range *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort, and merge ranges that overlap or touch. */
static void normalize(kc_ranges *r)
{
    if (r->count < 2)
        return;
    qsort(r->items, r->count, sizeof *r->items, by_start);
    size_t n = 0;
    for (size_t i = 1; i < r->count; i++) {
        if (r->items[i].start <= r->items[n].end) {
            if (r->items[i].end > r->items[n].end)
                r->items[n].end = r->items[i].end;
        } else {
            r->items[++n] = r->items[i];
        }
    }
    r->count = n + 1;
}

/* Every scalar of the subtree at id (ids are in document order, so a
 * subtree is a run of ids), and what its aliases name, one level deep
 * (an alias inside an anchor's own subtree cannot loop us). */
static void mark_subtree(const kc_document *doc, int id, int follow, kc_ranges *r)
{
    int last = kc_subtree_end(doc, id);
    for (int i = id; i <= last; i++) {
        const kc_node *n = &doc->nodes[i];
        if (n->type == KC_ALIAS) {
            int target = kc_resolve(doc, i);
            if (follow && target != i && target != KC_NONE)
                mark_subtree(doc, target, 0, r);
        } else if (n->type == KC_SCALAR || n->skipped) {
            add_range(r, n->start, n->end);
        }
    }
}

/* `--flag=value`: the bytes after the '=' as written (a quoted scalar's
 * closing quote kept); all of it when the source spells the '=' otherwise. */
static void mark_inline_value(const kc_document *doc, int id, kc_ranges *r)
{
    const kc_node *n = &doc->nodes[id];
    const char *eq = memchr(doc->source + n->start, '=', n->end - n->start);
    if (!eq) {
        add_range(r, n->start, n->end);
        return;
    }
    size_t end = n->end;
    if (n->style == 2 /* single-quoted */ || n->style == 3 /* double-quoted */)
        end--;
    add_range(r, (size_t)(eq - doc->source) + 1, end);
}

/* The items of a sequence: after a secret flag, the next item. */
static void mark_args(const kc_document *doc, int seq, kc_ranges *r)
{
    for (int i = doc->nodes[seq].first_child; i != KC_NONE; i = doc->nodes[i].next) {
        int item = kc_resolve(doc, i);
        if (item == KC_NONE || doc->nodes[item].type != KC_SCALAR)
            continue;
        int kind = kc_secret_flag(kc_node_text(doc, item));
        if (kind == KC_SECRET_INLINE)
            mark_inline_value(doc, item, r);
        if (kind == KC_SECRET_NEXT && doc->nodes[i].next != KC_NONE)
            mark_subtree(doc, doc->nodes[i].next, 1, r);
    }
}

/* `env: [{name: N, value: V}, ...]`: every V. */
static void mark_env(const kc_document *doc, int env, kc_ranges *r)
{
    for (int i = doc->nodes[env].first_child; i != KC_NONE; i = doc->nodes[i].next) {
        int item = kc_resolve(doc, i);
        if (item == KC_NONE || doc->nodes[item].type != KC_MAPPING)
            continue;
        for (int k = doc->nodes[item].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next)
            if (doc->nodes[k].type == KC_SCALAR && strcasecmp(kc_node_text(doc, k), "value") == 0)
                mark_subtree(doc, doc->nodes[k].next, 1, r);
    }
}

void kc_secret_ranges(const kc_document *doc, kc_ranges *out)
{
    for (size_t i = 0; i < doc->source_nodes; i++) {
        const kc_node *n = &doc->nodes[i];
        if (n->skipped)
            add_range(out, n->start, n->end);
        if (n->type == KC_SEQUENCE)
            mark_args(doc, (int)i, out);
        if (n->type != KC_MAPPING)
            continue;
        for (int k = n->first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
            int v = doc->nodes[k].next;
            if (doc->nodes[k].type != KC_SCALAR)
                continue;
            const char *key = kc_node_text(doc, k);
            int env = strcasecmp(key, "env") == 0 ? kc_resolve(doc, v) : KC_NONE;
            if (kc_secret_key(key))
                mark_subtree(doc, v, 1, out);
            if (env != KC_NONE && doc->nodes[env].type == KC_SEQUENCE)
                mark_env(doc, env, out);
        }
    }
    normalize(out);
}

/* Where a second document starts after the first one's root: a line that
 * begins with "---" or "..." followed by a blank or its end. */
static size_t next_document(const char *text, size_t len, size_t from)
{
    for (size_t p = from; p + 3 <= len; p++) {
        if (p > 0 && text[p - 1] != '\n' && text[p - 1] != '\r')
            continue;
        if ((memcmp(text + p, "---", 3) == 0 || memcmp(text + p, "...", 3) == 0) &&
            (p + 3 == len || strchr(" \t\r\n", text[p + 3])))
            return p;
    }
    return len;
}

void kc_secret_ranges_of(const char *text, size_t len, kc_ranges *out)
{
    kc_document doc;
    kc_error err = {0};
    kc_document_init(&doc, text, len);
    if (!kc_parse(&doc, &err)) {
        add_range(out, 0, len);
    } else {
        size_t root_end = doc.root == KC_NONE ? 0 : doc.nodes[doc.root].end;
        kc_secret_ranges(&doc, out);
        add_range(out, next_document(text, len, root_end), len);
        normalize(out);
    }
    kc_document_free(&doc);
}

void kc_mask_line(const char *text, size_t start, size_t end, const kc_ranges *secrets,
                  kc_buffer *out)
{
    out->len = 0;
    kc_buffer_append(out, "", 0);
    /* the first range that ends past start */
    size_t lo = 0, hi = secrets->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (secrets->items[mid].end <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t at = start;
    for (size_t i = lo; i < secrets->count && secrets->items[i].start < end; i++) {
        size_t from = secrets->items[i].start > start ? secrets->items[i].start : start;
        size_t to = secrets->items[i].end < end ? secrets->items[i].end : end;
        while (from < to && (text[from] == ' ' || text[from] == '\t'))
            from++;
        while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t' || text[to - 1] == '\r' ||
                             text[to - 1] == '\n'))
            to--;
        if (from == to)
            continue;
        kc_buffer_append(out, text + at, from - at);
        kc_buffer_puts(out, "***");
        at = to;
    }
    kc_buffer_append(out, text + at, end - at);
}
