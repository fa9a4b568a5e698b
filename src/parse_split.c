/* A large file parsed on two cores: libyaml's pass is nearly all of a run,
 * and it is one sequential pass. The source is cut at the start of a line
 * that begins a top-level key (`users:` at column 0); the part before the
 * cut is parsed here while a thread parses the part from the cut, and the
 * second part's keys are joined to the first part's root mapping.
 *
 * The cut is only a guess, made without parsing. The parts are joined only
 * when what the two passes saw proves the one pass would have seen the
 * same: the first part is one document, without directives or "...", whose
 * root is a block mapping at column 0 (so it ends at the cut with nothing
 * open: a quote, bracket or block scalar still open there would have been
 * an error at the part's end); the second part's root is a block mapping at
 * its first line, and it has no anchors or aliases (an alias could name an
 * anchor of the first part). Anything else, or any error in either part,
 * and kc_parse parses the whole file in one pass, which also gives the
 * error exactly as before. What a scan can foresee (an anchor or alias in
 * the second part, a document marker, a directive) is refused before the
 * thread starts, so such a file costs one pass, not one and a half. The fuzz target and a test build that splits
 * every file compare the joined nodes with one pass's, field by field. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parse_split.h"

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Does a line starting at p look like "key:" followed by a space or the
 * line's end, the key plain and starting with a letter? */
static int key_line(const char *p, const char *end)
{
    if (p >= end || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while (p < end && is_key_char(*p))
        p++;
    return p + 1 < end && p[0] == ':' && (p[1] == ' ' || p[1] == '\n' || p[1] == '\r');
}

size_t kc_split_point(const char *src, size_t len)
{
    if (len >= KC_NO_SPAN)
        return 0; /* kc_parse refuses the file */
    const char *end = src + len, *mid = src + len / 2;
    const char *after = NULL, *before = NULL;
    for (const char *p = mid; p < end && !after; p++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            break;
        if (key_line(p + 1, end))
            after = p + 1;
    }
    /* Backwards only as far as a line nearer than `after` could be (on a
     * tie `after` wins): in a fleet file the next key back is clusters:, at
     * the top, and walking there cost 2 ms. */
    const char *low = after && (size_t)(after - mid) < (size_t)(mid - src) ? mid - (after - mid) : src;
    for (const char *p = mid; p > low && !before;) {
        const char *nl = memrchr(low, '\n', (size_t)(p - low));
        if (!nl)
            break;
        if (key_line(nl + 1, end))
            before = nl + 1;
        p = nl;
    }
    const char *at = before ? before : after;
    return at ? (size_t)(at - src) : 0;
}

/* 1 when a line of text[0, len) starts with `marker` followed by a blank,
 * a line break or the end (a document marker or a directive). */
static int has_marker_line(const char *text, size_t len, const char *marker, size_t mlen)
{
    const char *end = text + len;
    for (const char *p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 0;
        p = nl + 1;
        if ((size_t)(end - p) >= mlen && memcmp(p, marker, mlen) == 0 &&
            ((size_t)(end - p) == mlen || p[mlen] == ' ' || p[mlen] == '\t' || p[mlen] == '\n' ||
             p[mlen] == '\r'))
            return 1;
    }
    return 0;
}

/* 1 when text may hold an anchor or an alias: a '&' or '*' where a node
 * can start (at the start, or after a blank, a line break or a flow
 * indicator). Plain text such as "a*b" does not count; " *" inside a quoted
 * value does, which only costs that file the second core. */
static int may_hold_anchor(const char *text, size_t len)
{
    static const char indicators[] = "&*";
    for (size_t k = 0; k < 2; k++) {
        const char *end = text + len;
        for (const char *p = text; p < end; p++) {
            p = memchr(p, indicators[k], (size_t)(end - p));
            if (!p)
                break;
            char before = p == text ? ' ' : p[-1];
            if (before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == '[' ||
                before == '{' || before == ',')
                return 1;
        }
    }
    return 0;
}

/* What the two passes would only find out after the second thread ran,
 * found before it starts by a scan of a few memchr: the join would be
 * refused when the second part may hold an anchor or alias, or either
 * part a document marker or a directive line. Then one pass costs what a
 * plain single pass does, not that plus half a pass. (The first part's
 * opening "---", at the source's first byte, is not after a line break.) */
static int refusal_foreseen(const char *source, size_t at, size_t len)
{
    const char *tail = source + at;
    size_t tail_len = len - at;
    return may_hold_anchor(tail, tail_len) || has_marker_line(source, len, "...", 3) ||
           has_marker_line(tail - 1, tail_len + 1, "---", 3) || has_marker_line(source, len, "%", 1) ||
           source[0] == '%';
}

typedef struct part {
    kc_document doc;
    kc_parse_info info;
    kc_error err;
    int status;
} part;

static void *parse_part(void *arg)
{
    part *p = arg;
    p->status = kc_parse_stream(&p->doc, &p->info, &p->err);
    return NULL;
}

static int block_mapping_at_column_0(const kc_document *doc)
{
    if (doc->root == KC_NONE)
        return 0;
    const kc_node *r = &doc->nodes[doc->root];
    return r->type == KC_MAPPING && r->style == 0 && r->column == 0 && !r->anchor && !r->tagged;
}

/* The second part's nodes, but its root, go after the first part's: ids
 * stay in document order, as one pass gives them. The second part holds
 * most nodes (the users), so its array is kept and the first part's few
 * are put in front: moving nodes within pages already touched costs less
 * than copying them into fresh ones. */
static int join(kc_document *doc, kc_document *tail, size_t at, size_t lines)
{
    size_t base = doc->node_count, added = tail->node_count - 1;
    if (!kc_array_grow((void **)&tail->nodes, &tail->node_cap, base + added, sizeof(kc_node)))
        return 0;
    kc_node tail_root = tail->nodes[0];
    memmove(tail->nodes + base, tail->nodes + 1, added * sizeof(kc_node));
    memcpy(tail->nodes, doc->nodes, base * sizeof(kc_node));
    int root = doc->root;
#define MOVED(id) ((id) == KC_NONE ? KC_NONE : (id) == 0 ? root : (int)(base + (size_t)(id) - 1))
    for (size_t i = base; i < base + added; i++) {
        kc_node *n = &tail->nodes[i];
        n->parent = MOVED(n->parent);
        n->first_child = MOVED(n->first_child);
        n->last_child = MOVED(n->last_child);
        n->next = MOVED(n->next);
        n->start += (uint32_t)at;
        n->end += (uint32_t)at;
        n->line += (uint32_t)lines;
    }
    int first = MOVED(tail_root.first_child), last = MOVED(tail_root.last_child);
#undef MOVED
    kc_node *r = &tail->nodes[root];
    if (r->last_child != KC_NONE)
        tail->nodes[r->last_child].next = first;
    else
        r->first_child = first;
    r->last_child = last;
    r->count += tail_root.count;
    r->end = tail->nodes[last].end; /* a block collection ends with its last child */
    free(doc->nodes);
    doc->nodes = tail->nodes;
    doc->node_cap = tail->node_cap;
    doc->node_count = doc->source_nodes = base + added;
    tail->nodes = NULL;
    tail->node_count = tail->node_cap = 0;
    kc_arena_adopt(&doc->chunks, &tail->chunks);
    return 1;
}

int kc_parse_split_at(kc_document *doc, size_t at)
{
    const char *source = doc->source;
    size_t len = doc->source_len;
    const char *const *keep_keys = doc->keep_keys;
    /* a key line: a BOM there, say, would pass for the second part's own
     * (libyaml drops it), where one pass counts it as a column */
    if (at == 0 || at >= len || source[at - 1] != '\n' || len >= KC_NO_SPAN ||
        !key_line(source + at, source + len) || refusal_foreseen(source, at, len))
        return 0;
    part tail;
    memset(&tail, 0, sizeof tail);
    kc_document_init(&tail.doc, source + at, len - at);
    tail.doc.keep_keys = keep_keys;
    /* Ctrl-C and the like go to this thread, whose handlers clean up as
     * before; faults stay with the thread that made them, since a blocked
     * fault ends the process. A SIGBUS (the file shrank under its mapping)
     * in either thread maps zeros for both, and the run then fails with
     * "the file changed", as with one thread. */
    sigset_t all, old;
    sigfillset(&all);
    static const int faults[] = {SIGBUS, SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        sigdelset(&all, faults[i]);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pthread_t thread;
    int started = pthread_create(&thread, NULL, parse_part, &tail) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!started) {
        kc_document_free(&tail.doc);
        return 0;
    }
    kc_parse_info info;
    kc_error err = {0};
    doc->source_len = at;
    int status = kc_parse_stream(doc, &info, &err);
    doc->source_len = len;
    pthread_join(thread, NULL);

    int joined = status == KC_PARSE_OK && tail.status == KC_PARSE_OK && info.documents == 1 &&
                 !info.directives && !info.explicit_end && block_mapping_at_column_0(doc) &&
                 tail.doc.root == 0 && block_mapping_at_column_0(&tail.doc) &&
                 tail.doc.nodes[0].line == 0 && tail.doc.nodes[0].count > 0 &&
                 !tail.info.directives && tail.doc.bom_len == 0 && tail.doc.anchor_count == 0 &&
                 tail.doc.alias_count == 0 &&
                 join(doc, &tail.doc, at, info.end_line);
    kc_document_free(&tail.doc);
    if (!joined) {
        kc_document_free(doc);
        kc_document_init(doc, source, len);
        doc->keep_keys = keep_keys;
    }
    return joined;
}

/* The entry every caller uses: two cores for a large file whose cut can be
 * joined, else one pass. */
int kc_parse(kc_document *doc, kc_error *err)
{
    static const size_t split_min = KC_SPLIT_MIN_BYTES;
    if (doc->source_len >= split_min) {
        size_t at = kc_split_point(doc->source, doc->source_len);
        if (at && kc_parse_split_at(doc, at))
            return 1;
    }
    return kc_parse_whole(doc, err);
}
