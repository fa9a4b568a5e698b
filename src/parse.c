/* libyaml events -> AST. Iterative (an explicit stack of open collections),
 * so input depth never becomes C stack depth. Aliases stay references. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "names.h"
#include "parse.h"

#define BORROW_MIN 256

/* libyaml marks count characters (after a BOM); the splice needs bytes.
 * Marks arrive nearly in order, so a cursor that walks UTF-8 forwards and
 * backwards from the last answer converts them in linear time overall. */
typedef struct pos_map {
    const unsigned char *src;
    size_t len, bom;
    int ascii;
    size_t char_idx, byte_off;
} pos_map;

static void pos_map_init(pos_map *m, const char *src, size_t len, size_t bom)
{
    m->src = (const unsigned char *)src;
    m->len = len;
    m->bom = bom;
    /* Most kubeconfigs are ASCII: then a mark's index is its byte offset.
     * Checked a word at a time. */
    uint64_t high = 0;
    size_t i = bom;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, m->src + i, 8);
        high |= w;
    }
    for (; i < len; i++)
        high |= m->src[i];
    m->ascii = (high & 0x8080808080808080ULL) == 0;
    m->char_idx = 0;
    m->byte_off = bom;
}

static size_t utf8_width(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

static size_t to_byte(pos_map *m, size_t index)
{
    if (m->ascii)
        return m->bom + index < m->len ? m->bom + index : m->len;
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
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
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

typedef struct open_stack {
    int *ids;
    size_t depth, cap;
} open_stack;

static int push(open_stack *s, int id)
{
    if (!kc_array_grow((void **)&s->ids, &s->cap, s->depth + 1, sizeof *s->ids))
        return 0;
    s->ids[s->depth++] = id;
    return 1;
}

/* Create the node for one event and link it under the open collection. */
static int add_node(kc_document *doc, open_stack *stack, pos_map *pm, const yaml_event_t *ev,
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
    if (anchor && !kc_node_set_anchor(doc, id, (const char *)anchor))
        return KC_NONE;
    if (stack->depth)
        kc_node_append(doc, stack->ids[stack->depth - 1], id);
    else
        doc->root = id;
    return id;
}

/* A top-level value being skipped (doc->keep_keys): how deep inside it the
 * parser is, and where its last child ends. */
typedef struct skip_state {
    int node;            /* the value's node; KC_NONE when not skipping */
    size_t depth;        /* open collections, the value's own included */
    size_t flow_depth;   /* depth of the outermost open flow collection, 0 if none */
    size_t last_end;     /* byte end of the last scalar or flow collection */
} skip_state;


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
static int start_skip(kc_document *doc, const open_stack *stack, int id, skip_state *skip)
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
    *skip = (skip_state){id, 1, doc->nodes[id].style == 1, doc->nodes[id].start};
    doc->nodes[id].skipped = 1;
    return 1;
}

/* One event inside a skipped value: no node, only its depth and end. */
static int skip_event(kc_document *doc, const yaml_event_t *ev, pos_map *pm, size_t open,
                      skip_state *skip, kc_error *err)
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

int kc_parse_stream(kc_document *doc, kc_parse_info *info, kc_error *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    open_stack stack = {0};
    kc_names anchors = {0}; /* defined so far: an alias must name one */
    pos_map pm;
    skip_state skip = {KC_NONE, 0, 0, 0};
    int status = KC_PARSE_FAILED, done = 0, in_first = 1;
    memset(info, 0, sizeof *info);

    /* Node spans are 32-bit. */
    if (doc->source_len >= KC_NO_SPAN)
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "files of 4 GiB or more are not supported");
    if (doc->source_len >= 3 && memcmp(doc->source, "\xEF\xBB\xBF", 3) == 0)
        doc->bom_len = 3;
    pos_map_init(&pm, doc->source, doc->source_len, doc->bom_len);
    if (!yaml_parser_initialize(&parser))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc->source, doc->source_len);

    while (!done) {
        if (!yaml_parser_parse(&parser, &ev)) {
            parser_error(&parser, doc, err);
            goto error;
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
            goto error;
        }
        if (ev.type == YAML_DOCUMENT_START_EVENT && info->documents++ == 0)
            info->directives = ev.data.document_start.version_directive != NULL ||
                               ev.data.document_start.tag_directives.start !=
                                   ev.data.document_start.tag_directives.end;
        if (!in_first && ev.type != YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        if (skip.node != KC_NONE) {
            int r = skip_event(doc, &ev, &pm, stack.depth, &skip, err);
            yaml_event_delete(&ev);
            if (r != KC_PARSE_OK) {
                status = r;
                goto error;
            }
            continue;
        }
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
            if (parser.encoding != YAML_UTF8_ENCODING) {
                kc_set_error(err, KC_EXIT_FAILURE, 0, 0, NULL,
                             "only UTF-8 kubeconfig files are supported");
                yaml_event_delete(&ev);
                goto error;
            }
            break;
        case YAML_DOCUMENT_END_EVENT:
            /* kubectl reads the first document; later ones are kept as
             * bytes, but still parsed to the end: whether a file is valid
             * must not depend on where libyaml's reader happens to stop. */
            in_first = 0;
            info->explicit_end = !ev.data.document_end.implicit;
            break;
        case YAML_STREAM_END_EVENT:
            info->end_line = ev.start_mark.line;
            done = 1;
            break;
        case YAML_SCALAR_EVENT:
            id = add_node(doc, &stack, &pm, &ev, KC_SCALAR, (const char *)ev.data.scalar.value,
                          ev.data.scalar.length, ev.data.scalar.anchor, ev.data.scalar.tag != NULL,
                          (int)ev.data.scalar.style);
            break;
        case YAML_ALIAS_EVENT:
            doc->alias_count++;
            if (!kc_names_find(&anchors, (const char *)ev.data.alias.anchor)) {
                kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                             "found undefined alias *%s", (const char *)ev.data.alias.anchor);
                yaml_event_delete(&ev);
                goto error;
            }
            id = add_node(doc, &stack, &pm, &ev, KC_ALIAS, (const char *)ev.data.alias.anchor,
                          strlen((const char *)ev.data.alias.anchor), NULL, 0, 0);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            int is_seq = ev.type == YAML_SEQUENCE_START_EVENT;
            int flow = is_seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                              : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
            if (stack.depth >= KC_MAX_DEPTH) {
                kc_set_error(err, KC_EXIT_FAILURE, ev.start_mark.line, ev.start_mark.column, NULL,
                             "nesting deeper than %d levels", KC_MAX_DEPTH);
                yaml_event_delete(&ev);
                goto error;
            }
            id = add_node(doc, &stack, &pm, &ev, is_seq ? KC_SEQUENCE : KC_MAPPING, NULL, 0,
                          is_seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor,
                          (is_seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag) != NULL,
                          flow);
            if (id != KC_NONE && !start_skip(doc, &stack, id, &skip) && !push(&stack, id))
                id = KC_NONE;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            kc_node *n = &doc->nodes[stack.ids[--stack.depth]];
            /* A block collection's end mark sits at the next token, past any
             * comments; its content really ends with its last child. */
            if (n->style == 1)
                n->end = (uint32_t)to_byte(&pm, ev.end_mark.index);
            else
                n->end = n->last_child != KC_NONE ? doc->nodes[n->last_child].end : n->start;
            break;
        }
        default:
            break;
        }
        const char *anchor = id >= 0 && ev.type != YAML_ALIAS_EVENT ? kc_node_anchor(doc, id) : NULL;
        if (anchor && !kc_names_find(&anchors, anchor) && !kc_names_add(&anchors, anchor, NULL))
            id = KC_NONE;
        yaml_event_delete(&ev);
        if (id == KC_NONE) {
            kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
            goto error;
        }
    }
    doc->source_nodes = doc->node_count;
    status = KC_PARSE_OK;
error:
    kc_names_free(&anchors);
    free(stack.ids);
    yaml_parser_delete(&parser);
    return status;
}

int kc_parse_whole(kc_document *doc, kc_error *err)
{
    kc_parse_info info;
    int status = kc_parse_stream(doc, &info, err);
    if (status == KC_PARSE_AGAIN_IN_FULL) {
        const char *source = doc->source;
        size_t len = doc->source_len;
        kc_document_free(doc);
        kc_document_init(doc, source, len); /* keep_keys NULL: every node */
        status = kc_parse_stream(doc, &info, err);
    }
    return status == KC_PARSE_OK;
}
