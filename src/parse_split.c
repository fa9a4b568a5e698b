/* A large file parsed on two cores: libyaml's pass is nearly all of a run,
 * and it is one sequential pass. The source is cut at the start of a line
 * that begins a top-level key (`users:` at column 0, a guess made without
 * parsing). The one pass over the whole file runs here and stops at the
 * cut, while a thread parses the part from the cut on its own; then the
 * second part's keys are joined to the root mapping.
 *
 * They are joined only when the two passes prove that going on would have
 * given the same nodes: the one pass stands before a key of the first
 * document's root, a block mapping at column 0, with nothing else open and
 * no directives, the key starting at the cut (kc_parser_at_root_key); the
 * second part parsed without error, its root a block mapping at its first
 * line, and it has no anchors or aliases (an alias could name an anchor of
 * the first part). Otherwise the one pass goes on from the cut, its work
 * kept, and an error is the one pass's own. The one pass waits at the cut
 * only for a part it may join: when its own side cannot, it tells the
 * thread to stop and goes on; an anchor or alias in the second part, the
 * usual refusal, the thread finds first with a scan of a few memchr. Only
 * a second part that fails late (a syntax error near its end) makes the
 * one pass wait for it in vain. The fuzz target and a test build that
 * splits every file compare the result with one pass's, field by field. */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
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

/* 1 when text may hold an anchor or an alias: a '&' or '*' where a node
 * can start (at the start, or after a blank, a line break, a flow
 * indicator, ':' or '?', or the last byte of a NEL, LS or PS line break).
 * Plain text such as "a*b" does not count; " *" inside a quoted value
 * does, which only costs that file the second core. */
static int may_hold_anchor(const char *text, size_t len)
{
    static const char indicators[] = "&*";
    for (size_t k = 0; k < 2; k++) {
        const char *end = text + len;
        for (const char *p = text; p < end; p++) {
            p = memchr(p, indicators[k], (size_t)(end - p));
            if (!p)
                break;
            unsigned char before = p == text ? ' ' : (unsigned char)p[-1];
            if (strchr(" \t\n\r[{,:?", before) || before == 0x85 || before == 0xA8 || before == 0xA9)
                return 1;
        }
    }
    return 0;
}

typedef struct part {
    kc_document doc;
    kc_error err;
    int status;
    atomic_int abandon; /* set by the main thread: the part is not needed */
    cpu_set_t allowed;  /* where the thread may go once it runs */
    int pinned;         /* started on the other CPUs: widen to allowed */
} part;

/* The second part's thread. An anchor or alias there refuses the join,
 * so a scan for them (a few memchr, on this core) comes first: then the
 * main thread need not wait at the cut for a part it cannot use. */
static void *parse_part(void *arg)
{
    part *p = arg;
    /* Started away from the main thread's CPU (other_cpus); once running
     * it may go anywhere, so a busy CPU does not hold it while the main
     * thread's sits idle at the cut. */
    if (p->pinned)
        pthread_setaffinity_np(pthread_self(), sizeof p->allowed, &p->allowed);
    p->status = may_hold_anchor(p->doc.source, p->doc.source_len)
                    ? KC_PARSE_INTERRUPTED
                    : kc_parse_stream(&p->doc, &p->abandon, &p->err);
    return NULL;
}

/* The second part's nodes, but its root, go after the first part's: ids
 * stay in document order, as one pass gives them. The second part holds
 * most nodes (the users), so its array is kept and the first part's few
 * are put in front: moving nodes within pages already touched costs less
 * than copying them into fresh ones. */
static void join(kc_document *doc, kc_document *tail, size_t at, size_t lines)
{
    size_t base = doc->node_count, added = tail->node_count - 1;
    kc_array_grow((void **)&tail->nodes, &tail->node_cap, base + added, sizeof(kc_node));
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
}

/* The CPUs this process may run on (*allowed) and those but the one it
 * is on (*others): the thread's. Left to itself, the kernel may queue a
 * new thread behind its parent on the parent's CPU until an idle one
 * pulls it at its next tick: measured here, 0.5 to 4 ms of a 20 ms parse
 * lost. How many others there are, -1 when it cannot tell; with none
 * (taskset -c 0, say) two threads would only take turns on one core, and
 * kc_parse does not split. */
static int other_cpus(cpu_set_t *allowed, cpu_set_t *others)
{
    if (sched_getaffinity(0, sizeof *allowed, allowed) != 0)
        return -1;
    *others = *allowed;
    int here = sched_getcpu();
    if (here >= 0 && here < CPU_SETSIZE)
        CPU_CLR(here, others);
    return CPU_COUNT(others);
}

int kc_parse_split_at(kc_document *doc, size_t at, int *joined, kc_error *err)
{
    const char *source = doc->source;
    size_t len = doc->source_len;
    kc_parser parser;
    *joined = 0;
    if (!kc_parser_initialize(&parser, doc, err)) {
        kc_parser_delete(&parser);
        return 0;
    }
    /* a key line: a BOM there, say, would pass for the second part's own
     * (libyaml drops it), where one pass counts it as a column */
    int split = at > 0 && at < len && source[at - 1] == '\n' && key_line(source + at, source + len);
    part tail;
    memset(&tail, 0, sizeof tail);
    kc_document_init(&tail.doc, source + at, len - at);
    tail.doc.keep_keys = doc->keep_keys;
    pthread_t thread;
    if (split) {
        /* Ctrl-C and the like go to this thread, whose handlers clean up
         * as before; faults stay with the thread that made them, since a
         * blocked fault ends the process. */
        sigset_t all, old;
        sigfillset(&all);
        static const int faults[] = {SIGBUS, SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
            sigdelset(&all, faults[i]);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        pthread_attr_t attr;
        cpu_set_t cpus;
        pthread_attr_init(&attr);
        tail.pinned = other_cpus(&tail.allowed, &cpus) > 0 &&
                      pthread_attr_setaffinity_np(&attr, sizeof cpus, &cpus) == 0;
        split = pthread_create(&thread, &attr, parse_part, &tail) == 0;
        pthread_attr_destroy(&attr);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    int status = kc_parser_run(&parser, split ? at : KC_NO_STOP, NULL, err);
    size_t lines = 0;
    int joinable = status == KC_PARSE_STOPPED && kc_parser_at_root_key(&parser, at, &lines);
    if (split) {
        /* Known here not to join: the thread stops at its next event. */
        if (!joinable)
            atomic_store(&tail.abandon, 1);
        pthread_join(thread, NULL);
    }
    if (joinable && tail.status == KC_PARSE_OK && tail.doc.root == 0 &&
        kc_root_is_plain_block_mapping(&tail.doc) && tail.doc.nodes[0].line == 0 &&
        tail.doc.nodes[0].count > 0 && tail.doc.bom_len == 0 && tail.doc.anchor_count == 0 &&
        tail.doc.alias_count == 0) {
        join(doc, &tail.doc, at, lines);
        status = KC_PARSE_OK;
        *joined = 1;
    } else if (status == KC_PARSE_STOPPED) {
        /* not joined: the one pass goes on from the cut, its work kept,
         * and the thread's nodes need not live meanwhile */
        kc_document_free(&tail.doc);
        status = kc_parser_run(&parser, KC_NO_STOP, NULL, err);
    }
    kc_parser_delete(&parser);
    kc_document_free(&tail.doc);
    return kc_parse_again_in_full(doc, status, err);
}

/* The entry every caller uses: two cores for a large file whose cut can be
 * joined, else one pass. */
int kc_parse(kc_document *doc, kc_error *err)
{
    static const size_t split_min = KC_SPLIT_MIN_BYTES;
    int joined;
    cpu_set_t allowed, others;
    size_t at = doc->source_len >= split_min && other_cpus(&allowed, &others) != 0
                    ? kc_split_point(doc->source, doc->source_len)
                    : 0;
    return at ? kc_parse_split_at(doc, at, &joined, err) : kc_parse_whole(doc, err);
}
