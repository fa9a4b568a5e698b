/* libyaml events -> AST. Iterative (an explicit stack of open collections),
 * so input depth never becomes C stack depth. Aliases stay references. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "names.h"
#include "parse.h"

#define BORROW_MIN 256

/* libyaml marks count characters (after a BOM); the splice needs bytes.
 * Most kubeconfigs are ASCII, and there a mark's index is its byte offset:
 * the ASCII prefix is found as marks reach it, a word at a time (a pass
 * that stops halfway scans only its half). Past it, marks arrive nearly in
 * order, so a cursor that walks UTF-8 forwards and backwards from the last
 * answer converts them in linear time overall. */
static void pos_map_init(kc_pos_map *m, const char *src, size_t len, size_t bom)
{
    m->src = (const unsigned char *)src;
    m->len = len;
    m->bom = bom;
    m->ascii_end = bom;
    m->ascii_final = 0;
    m->char_idx = 0;
    m->byte_off = bom;
}

/* Grow the ASCII prefix past byte `want` (and a 64 KiB step), or to the
 * first byte that is not ASCII. */
static void extend_ascii(kc_pos_map *m, size_t want)
{
    size_t i = m->ascii_end, stop = want + 65536 < m->len ? want + 65536 : m->len;
    for (; i + 8 <= stop; i += 8) {
        uint64_t w;
        memcpy(&w, m->src + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
    }
    for (; i < stop && m->src[i] < 0x80; i++)
        ;
    m->ascii_end = i;
    m->ascii_final = i < stop || i == m->len;
}

static size_t utf8_width(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

static size_t to_byte_past_prefix(kc_pos_map *m, size_t index)
{
    size_t want = m->bom + index;
    while (want >= m->ascii_end && !m->ascii_final)
        extend_ascii(m, want);
    if (want < m->ascii_end)
        return want;
    if (m->ascii_end == m->len)
        return m->len;
    if (m->byte_off < m->ascii_end) { /* the walk starts where ASCII ends */
        m->byte_off = m->ascii_end;
        m->char_idx = m->ascii_end - m->bom;
    }
    while (m->char_idx < index && m->byte_off < m->len) {
        m->byte_off += utf8_width(m->src[m->byte_off]);
        m->char_idx++;
    }
    while (m->char_idx > index && m->byte_off > m->bom) {
        m->byte_off--;
        while (m->byte_off > m->bom && (m->src[m->byte_off] & 0xC0) == 0x80)
            m->byte_off--;
        m->char_idx--;
    }
    return m->byte_off < m->len ? m->byte_off : m->len;
}

/* Called for every event's marks: the ASCII prefix answers inline. */
static inline size_t to_byte(kc_pos_map *m, size_t index)
{
    size_t want = m->bom + index;
    return want < m->ascii_end ? want : to_byte_past_prefix(m, index);
}

/* A reader error gives a byte offset; turn it into a 0-based line:column. */
static void offset_to_line(const char *src, size_t len, size_t bom, size_t offset, size_t *line,
                           size_t *col)
{
    *line = *col = 0;
    for (size_t i = bom; i < offset && i < len; i++) {
        if (src[i] == '\n') {
            (*line)++;
            *col = 0;
        } else if ((src[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static int parser_error(const yaml_parser_t *p, const kc_document *doc, kc_error *err)
{
    const char *problem = p->problem ? p->problem : "cannot parse the file";
    if (p->error == YAML_READER_ERROR) {
        size_t line, col;
        offset_to_line(doc->source, doc->source_len, doc->bom_len, p->problem_offset, &line, &col);
        return kc_set_error(err, KC_EXIT_FAILURE, line, col, NULL, "%s (byte %zu)", problem,
                            p->problem_offset);
    }
    if (p->error == YAML_MEMORY_ERROR)
        kc_out_of_memory();
    /* An unclosed bracket or quote is found at the end of the file; say
     * where it was opened too. */
    if (p->context && p->context_mark.line != p->problem_mark.line)
        return kc_set_error(err, KC_EXIT_FAILURE, p->problem_mark.line, p->problem_mark.column,
                            NULL, "%s %s (it starts at line %zu, column %zu)", p->context, problem,
                            p->context_mark.line + 1, p->context_mark.column + 1);
    if (p->context)
        return kc_set_error(err, KC_EXIT_FAILURE, p->problem_mark.line, p->problem_mark.column,
                            NULL, "%s %s", p->context, problem);
    return kc_set_error(err, KC_EXIT_FAILURE, p->problem_mark.line, p->problem_mark.column, NULL,
                        "%s", problem);
}

static void push(kc_open_stack *s, int id)
{
    kc_array_grow((void **)&s->ids, &s->cap, s->depth + 1, sizeof *s->ids);
    s->ids[s->depth++] = id;
}

/* Create the node for one event and link it under the open collection;
 * KC_NONE for a value of 4 GiB or more (kc_node_new). */
static int add_node(kc_document *doc, kc_open_stack *stack, kc_pos_map *pm, const yaml_event_t *ev,
                    kc_node_type type, const char *text, size_t len, const yaml_char_t *anchor,
                    int tagged, int style)
{
    size_t start = to_byte(pm, ev->start_mark.index), end = to_byte(pm, ev->end_mark.index);
    /* A long plain value equal to its source bytes is not copied. */
    int borrow = type == KC_SCALAR && style == YAML_PLAIN_SCALAR_STYLE && len > BORROW_MIN &&
                 end - start == len && !anchor && !tagged && memcmp(doc->source + start, text, len) == 0;
    int id = kc_node_new(doc, type, borrow ? NULL : text, len);
    if (id == KC_NONE)
        return KC_NONE;
    kc_node *n = &doc->nodes[id];
    if (borrow) {
        n->text = doc->source + start;
        n->text_len = (uint32_t)len;
        n->borrowed = 1;
    }
    n->start = (uint32_t)start; /* kc_parse refused files of 4 GiB or more */
    n->end = (uint32_t)end;
    n->line = (uint32_t)ev->start_mark.line;
    n->column = (uint32_t)ev->start_mark.column;
    n->tagged = tagged;
    n->style = style;
    if (anchor)
        kc_node_set_anchor(doc, id, (const char *)anchor);
    if (stack->depth)
        kc_node_append(doc, stack->ids[stack->depth - 1], id);
    else
        doc->root = id;
    return id;
}


static int wanted_key(const char *const *keep, const char *key)
{
    for (; *keep; keep++)
        if (strcmp(*keep, key) == 0)
            return 1;
    return 0;
}

/* Skip the new collection id when it is the value of a top-level key not
 * in keep_keys. Only a plain key at the root mapping; never an anchored
 * value, nor a merge's. */
static int start_skip(kc_document *doc, const kc_open_stack *stack, int id, kc_skip_state *skip)
{
    if (!doc->keep_keys || stack->depth != 1 || doc->nodes[id].anchor)
        return 0;
    int root = stack->ids[0];
    if (doc->nodes[root].type != KC_MAPPING || doc->nodes[root].count % 2 != 0)
        return 0;
    /* Ids are in document order: a scalar key is the node just before its
     * value (a collection key would leave one of its own there). */
    const kc_node *key = &doc->nodes[id - 1];
    /* A top-level merge (`<<: {users: ...}`) may bring a kept key. */
    if (key->parent != root || key->type != KC_SCALAR || kc_is_merge_key(doc, id - 1) ||
        wanted_key(doc->keep_keys, kc_node_text(doc, id - 1)))
        return 0;
    *skip = (kc_skip_state){id, 1, doc->nodes[id].style == 1, doc->nodes[id].start};
    doc->nodes[id].skipped = 1;
    return 1;
}

/* One event inside a skipped value: no node, only its depth and end. */
static int skip_event(kc_document *doc, const yaml_event_t *ev, kc_pos_map *pm, size_t open,
                      kc_skip_state *skip, kc_error *err)
{
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return KC_PARSE_AGAIN_IN_FULL;
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.anchor)
            return KC_PARSE_AGAIN_IN_FULL;
        skip->last_end = to_byte(pm, ev->end_mark.index);
        return KC_PARSE_OK;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int is_seq = ev->type == YAML_SEQUENCE_START_EVENT;
        if (is_seq ? ev->data.sequence_start.anchor != NULL : ev->data.mapping_start.anchor != NULL)
            return KC_PARSE_AGAIN_IN_FULL;
        if (open + skip->depth >= KC_MAX_DEPTH) {
            kc_set_error(err, KC_EXIT_FAILURE, ev->start_mark.line, ev->start_mark.column, NULL,
                         "nesting deeper than %d levels", KC_MAX_DEPTH);
            return KC_PARSE_FAILED;
        }
        skip->depth++;
        if (!skip->flow_depth && (is_seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                                         : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE))
            skip->flow_depth = skip->depth;
        return KC_PARSE_OK;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        /* As in parse_stream: a flow collection ends at its bracket, a
         * block one with its last child. Inside flow, all is flow. */
        if (skip->flow_depth)
            skip->last_end = to_byte(pm, ev->end_mark.index);
        if (skip->flow_depth == skip->depth)
            skip->flow_depth = 0;
        if (--skip->depth == 0) {
            doc->nodes[skip->node].end = (uint32_t)skip->last_end;
            skip->node = KC_NONE;
        }
        return KC_PARSE_OK;
    default:
        return KC_PARSE_OK;
    }
}

int kc_parser_initialize(kc_parser *p, kc_document *doc, kc_error *err)
{
    memset(p, 0, sizeof *p);
    p->doc = doc;
    p->skip.node = KC_NONE;
    p->in_first = 1;
    /* Node spans are 32-bit. */
    if (doc->source_len >= KC_NO_SPAN)
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "files of 4 GiB or more are not supported");
    if (doc->source_len >= 3 && memcmp(doc->source, "\xEF\xBB\xBF", 3) == 0)
        doc->bom_len = 3;
    pos_map_init(&p->pm, doc->source, doc->source_len, doc->bom_len);
    if (!yaml_parser_initialize(&p->yaml))
        kc_out_of_memory(); /* its only failure */
    yaml_parser_set_input_string(&p->yaml, (const unsigned char *)doc->source, doc->source_len);
    p->ready = 1;
    return 1;
}

void kc_parser_delete(kc_parser *p)
{
    if (p->has_pending)
        yaml_event_delete(&p->pending);
    kc_names_free(&p->anchors);
    free(p->stack.ids);
    if (p->ready)
        yaml_parser_delete(&p->yaml);
    memset(p, 0, sizeof *p);
}

/* The next event: the one a stop left pending, else libyaml's. */
static int next_event(kc_parser *p, yaml_event_t *ev, kc_error *err)
{
    if (p->has_pending) {
        *ev = p->pending;
        p->has_pending = 0;
        return 1;
    }
    if (!yaml_parser_parse(&p->yaml, ev))
        return parser_error(&p->yaml, p->doc, err);
    return 1;
}

int kc_parser_run(kc_parser *p, size_t stop_at, atomic_int *interrupt, kc_error *err)
{
    kc_document *doc = p->doc;
    kc_open_stack *stack = &p->stack;
    yaml_event_t ev;

    for (;;) {
        if (interrupt && atomic_load_explicit(interrupt, memory_order_relaxed))
            return KC_PARSE_INTERRUPTED;
        if (!next_event(p, &ev, err))
            return KC_PARSE_FAILED;
        /* A block collection's end is marked at the next token: it is
         * taken before the stop, so the stop is at that token. */
        if (stop_at != KC_NO_STOP && ev.type != YAML_SEQUENCE_END_EVENT && ev.type != YAML_MAPPING_END_EVENT &&
            to_byte(&p->pm, ev.start_mark.index) >= stop_at) {
            p->pending = ev;
            p->has_pending = 1;
            return KC_PARSE_STOPPED;
        }
        int id = -2; /* no node made by this event */
        const yaml_version_directive_t *version =
            ev.type == YAML_DOCUMENT_START_EVENT ? ev.data.document_start.version_directive : NULL;
        if (version && (version->major != 1 || version->minor != 1)) {
            /* go-yaml, kubectl's reader, refuses every other version */
            kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                         "%%YAML %d.%d: kubectl reads only YAML 1.1 (found incompatible YAML document)",
                         version->major, version->minor);
            yaml_event_delete(&ev);
            return KC_PARSE_FAILED;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT && p->documents++ == 0)
            p->directives = ev.data.document_start.version_directive != NULL ||
                            ev.data.document_start.tag_directives.start !=
                                ev.data.document_start.tag_directives.end;
        if (!p->in_first && ev.type != YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        if (p->skip.node != KC_NONE) {
            int r = skip_event(doc, &ev, &p->pm, stack->depth, &p->skip, err);
            yaml_event_delete(&ev);
            if (r != KC_PARSE_OK)
                return r;
            continue;
        }
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
            if (p->yaml.encoding != YAML_UTF8_ENCODING) {
                kc_set_error(err, KC_EXIT_FAILURE, 0, 0, NULL,
                             "only UTF-8 kubeconfig files are supported");
                yaml_event_delete(&ev);
                return KC_PARSE_FAILED;
            }
            break;
        case YAML_DOCUMENT_END_EVENT:
            /* kubectl reads the first document; later ones are kept as
             * bytes, but still parsed to the end: whether a file is valid
             * must not depend on where libyaml's reader happens to stop. */
            p->in_first = 0;
            break;
        case YAML_STREAM_END_EVENT:
            yaml_event_delete(&ev);
            doc->source_nodes = doc->node_count;
            return KC_PARSE_OK;
        case YAML_SCALAR_EVENT:
            id = add_node(doc, stack, &p->pm, &ev, KC_SCALAR, (const char *)ev.data.scalar.value,
                          ev.data.scalar.length, ev.data.scalar.anchor, ev.data.scalar.tag != NULL,
                          (int)ev.data.scalar.style);
            break;
        case YAML_ALIAS_EVENT:
            doc->alias_count++;
            if (!kc_names_find(&p->anchors, (const char *)ev.data.alias.anchor)) {
                kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                             "found undefined alias *%s", (const char *)ev.data.alias.anchor);
                yaml_event_delete(&ev);
                return KC_PARSE_FAILED;
            }
            id = add_node(doc, stack, &p->pm, &ev, KC_ALIAS, (const char *)ev.data.alias.anchor,
                          strlen((const char *)ev.data.alias.anchor), NULL, 0, 0);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            int is_seq = ev.type == YAML_SEQUENCE_START_EVENT;
            int flow = is_seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                              : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
            if (stack->depth >= KC_MAX_DEPTH) {
                kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                             "nesting deeper than %d levels", KC_MAX_DEPTH);
                yaml_event_delete(&ev);
                return KC_PARSE_FAILED;
            }
            id = add_node(doc, stack, &p->pm, &ev, is_seq ? KC_SEQUENCE : KC_MAPPING, NULL, 0,
                          is_seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor,
                          (is_seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag) != NULL,
                          flow);
            if (id != KC_NONE && !start_skip(doc, stack, id, &p->skip))
                push(stack, id);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            kc_node *n = &doc->nodes[stack->ids[--stack->depth]];
            /* A block collection's end mark sits at the next token, past any
             * comments; its content really ends with its last child. */
            if (n->style == 1)
                n->end = (uint32_t)to_byte(&p->pm, ev.end_mark.index);
            else
                n->end = n->last_child != KC_NONE ? doc->nodes[n->last_child].end : n->start;
            break;
        }
        default:
            break;
        }
        if (id == KC_NONE) {
            kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                         "values of 4 GiB or more are not supported");
            yaml_event_delete(&ev);
            return KC_PARSE_FAILED;
        }
        const char *anchor = id >= 0 && ev.type != YAML_ALIAS_EVENT ? kc_node_anchor(doc, id) : NULL;
        if (anchor && !kc_names_find(&p->anchors, anchor))
            kc_names_add(&p->anchors, anchor, NULL);
        yaml_event_delete(&ev);
    }
}

int kc_parser_at_root_key(const kc_parser *p, size_t at, size_t *line)
{
    const kc_document *doc = p->doc;
    if (!p->has_pending || p->pending.type != YAML_SCALAR_EVENT || p->stack.depth != 1 ||
        p->skip.node != KC_NONE || p->documents != 1 || p->directives || !p->in_first)
        return 0;
    /* the one open collection is the root; a key comes next when its count is even */
    if (p->pending.start_mark.column != 0 || !kc_root_is_plain_block_mapping(doc) ||
        doc->nodes[doc->root].count % 2 != 0)
        return 0;
    /* to_byte of the pending event's start was >= at when the run stopped */
    kc_pos_map pm = p->pm; /* a copy: the cursor stays where the run left it */
    if (to_byte(&pm, p->pending.start_mark.index) != at)
        return 0;
    *line = p->pending.start_mark.line;
    return 1;
}

int kc_parse_stream(kc_document *doc, atomic_int *interrupt, kc_error *err)
{
    kc_parser p;
    int status = kc_parser_initialize(&p, doc, err) ? kc_parser_run(&p, KC_NO_STOP, interrupt, err)
                                                     : KC_PARSE_FAILED;
    kc_parser_delete(&p);
    return status;
}

int kc_parse_again_in_full(kc_document *doc, int status, kc_error *err)
{
    if (status == KC_PARSE_AGAIN_IN_FULL) {
        const char *source = doc->source;
        size_t len = doc->source_len;
        kc_document_free(doc);
        kc_document_init(doc, source, len); /* keep_keys NULL: every node */
        status = kc_parse_stream(doc, NULL, err);
    }
    return status == KC_PARSE_OK;
}

int kc_parse_whole(kc_document *doc, kc_error *err)
{
    return kc_parse_again_in_full(doc, kc_parse_stream(doc, NULL, err), err);
}
