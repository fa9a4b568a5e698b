/* Write the source with each edit's span replaced, and nothing else changed.
 *
 * An edited span runs from the first byte of the old key to the end of the
 * line that holds the old value's last token (a trailing comment included).
 * Comments found inside it move, in order, onto their own lines just above
 * the new key (above its line, when the key does not start it; edits that
 * share a line move theirs above the first one's). Every other byte is
 * copied as it is, in order: a span never starts before the last one ended. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "emit.h"
#include "render.h"

/* Pieces of output: source ranges by pointer, new text by offset into
 * out->rendered (it may still move) until kc_emit fixes them up. */
static void add_piece(kc_output *out, const char *data, size_t offset, size_t len)
{
    if (len == 0)
        return;
    kc_piece *last = out->count ? &out->pieces[out->count - 1] : NULL;
    if (last && !data && !last->data && last->offset + last->len == offset) {
        last->len += len;
    } else {
        kc_array_grow((void **)&out->pieces, &out->cap, out->count + 1, sizeof *out->pieces);
        out->pieces[out->count++] = (kc_piece){data, len, offset};
    }
    out->total += len;
}

/* Source pieces go forward only: kc_emit checks every span's order first. */
static void put_source(kc_output *out, const kc_document *doc, size_t from, size_t to)
{
    assert(from <= to && to <= doc->source_len);
    add_piece(out, doc->source + from, 0, to - from);
}

static void put_text(kc_output *out, const char *text, size_t len)
{
    size_t offset = out->rendered.len;
    kc_buffer_append(&out->rendered, text, len);
    add_piece(out, NULL, offset, len);
}

/* Hunks come in source order and never overlap: edits sharing a line are
 * one group, and one group is one hunk. */
static void add_hunk(kc_output *out, size_t old_start, size_t old_end, size_t new_start, size_t new_end)
{
    kc_array_grow((void **)&out->hunks, &out->hunk_cap, out->hunk_count + 1, sizeof *out->hunks);
    out->hunks[out->hunk_count++] = (kc_hunk){old_start, old_end, new_start, new_end};
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Lines end in \n, \r\n or a lone \r (old Mac files; libyaml takes all three). */
static size_t line_start_of(const char *src, size_t pos)
{
    while (pos > 0 && src[pos - 1] != '\n' && src[pos - 1] != '\r')
        pos--;
    return pos;
}

static size_t line_end_of(const char *src, size_t len, size_t pos)
{
    while (pos < len && src[pos] != '\n' && src[pos] != '\r')
        pos++;
    return pos;
}

/* The key a mapping value belongs to. */
static int key_of(const kc_document *doc, int value)
{
    if (value > 0 && doc->nodes[value - 1].next == value)
        return value - 1;
    int parent = doc->nodes[value].parent;
    for (int k = doc->nodes[parent].first_child; k != KC_NONE; k = doc->nodes[k].next)
        if (doc->nodes[k].next == value)
            return k;
    return KC_NONE;
}

/* Where "- " sits relative to its parent key in this file: from the old
 * block's own `args`, else from the first block sequence under a key. */
static size_t detect_seq_indent(const kc_document *doc, int old_value)
{
    int args_key;
    int args = kc_map_get(doc, old_value, "args", &args_key);
    if (args != KC_NONE && doc->nodes[args].type == KC_SEQUENCE && !doc->nodes[args].style &&
        doc->nodes[args].column >= doc->nodes[args_key].column)
        return doc->nodes[args].column - doc->nodes[args_key].column;
    for (size_t i = 0; i < doc->source_nodes; i++) {
        const kc_node *n = &doc->nodes[i];
        if (n->type != KC_SEQUENCE || n->style || n->parent == KC_NONE ||
            doc->nodes[n->parent].type != KC_MAPPING)
            continue;
        int key = key_of(doc, (int)i);
        if (key != KC_NONE && n->column >= doc->nodes[key].column)
            return n->column - doc->nodes[key].column;
    }
    return 0;
}

/* The file's indentation step, seen at the old block or its parents. */
static size_t detect_step(const kc_document *doc, int key, int value)
{
    for (int k = key, v = value; k != KC_NONE && v != KC_NONE;) {
        const kc_node *vn = &doc->nodes[v];
        if (vn->type == KC_MAPPING && !vn->style && vn->column > doc->nodes[k].column)
            return vn->column - doc->nodes[k].column;
        v = doc->nodes[k].parent;
        if (v == KC_NONE || doc->nodes[v].parent == KC_NONE ||
            doc->nodes[doc->nodes[v].parent].type != KC_MAPPING)
            break;
        k = key_of(doc, v);
    }
    return 2;
}

static const char *newline_at(const char *src, size_t len, size_t from)
{
    for (size_t i = from; i < len; i++) {
        if (src[i] == '\n')
            return "\n";
        if (src[i] == '\r')
            return i + 1 < len && src[i + 1] == '\n' ? "\r\n" : "\r";
    }
    return NULL;
}

/* The line break of the key's line, else the file's first, else \n. */
static const char *detect_newline(const char *src, size_t len, size_t pos)
{
    const char *nl = newline_at(src, len, pos);
    if (!nl)
        nl = newline_at(src, len, 0);
    return nl ? nl : "\n";
}

/* Comments in [start, end), outside the subtree's scalars: a '#' at a line
 * start or after a blank, up to the end of its line. */
typedef struct comment_list {
    struct { size_t start, end; } *items;
    size_t count, cap;
} comment_list;

static void collect_comments(const kc_document *doc, int first, int last, size_t start,
                             size_t end, comment_list *cl)
{
    const char *src = doc->source;
    int next_node = first;
    for (size_t i = start; i < end; i++) {
        /* only a '#' can start one: jump to the next */
        const char *hash = memchr(src + i, '#', end - i);
        if (!hash)
            break;
        i = (size_t)(hash - src);
        while (next_node <= last &&
               (doc->nodes[next_node].type == KC_MAPPING || doc->nodes[next_node].type == KC_SEQUENCE ||
                doc->nodes[next_node].end <= i))
            next_node++;
        if (next_node <= last && i >= doc->nodes[next_node].start) {
            i = doc->nodes[next_node].end - 1; /* skip the scalar's bytes */
            continue;
        }
        if (src[i] == '#' && (i == 0 || is_blank(src[i - 1]) || src[i - 1] == '\n' || src[i - 1] == '\r')) {
            size_t e = line_end_of(src, end, i);
            while (e > i && is_blank(src[e - 1]))
                e--;
            kc_array_grow((void **)&cl->items, &cl->cap, cl->count + 1, sizeof *cl->items);
            cl->items[cl->count].start = i;
            cl->items[cl->count++].end = e;
            i = line_end_of(src, end, i);
        }
    }
}

/* Past the line break at p (\n, \r\n or a lone \r); p itself when none. */
static size_t after_break(const char *src, size_t len, size_t p)
{
    if (p < len && src[p] == '\r')
        return p + 1 < len && src[p + 1] == '\n' ? p + 2 : p + 1;
    return p < len && src[p] == '\n' ? p + 1 : p;
}

/* Comment lines right after the block, indented deeper than its key, belong
 * to it: left where they are they could fall inside the new block (even into
 * a literal installHint). Take them into the span, so they move above. */
static size_t absorb_trailing_comments(const char *src, size_t len, size_t end, size_t key_col)
{
    for (size_t p = end;;) {
        size_t next = after_break(src, len, p); /* p is at a line end */
        if (next == p || next >= len)
            return end;
        size_t indent = 0;
        while (next + indent < len && is_blank(src[next + indent]))
            indent++;
        size_t q = next + indent;
        if (q < len && src[q] == '#' && indent > key_col)
            end = line_end_of(src, len, q); /* a comment of the block */
        else if (q < len && src[q] != '\n' && src[q] != '\r')
            return end; /* content: the block is over */
        p = line_end_of(src, len, q);
    }
}

/* Where the edited span ends: after the old value's last character, plus,
 * in block context, the rest of that line and the comments under it. */
static size_t span_end(const kc_document *doc, const kc_edit *e, int flow)
{
    const char *src = doc->source;
    size_t len = doc->source_len, start = doc->nodes[e->key].start;
    size_t end = doc->nodes[e->value].end;
    /* A block scalar's span runs over its trailing line breaks. */
    while (end > start && (is_blank(src[end - 1]) || src[end - 1] == '\n' || src[end - 1] == '\r'))
        end--;
    if (flow)
        return end;
    size_t p = end;
    while (p < len && is_blank(src[p]))
        p++;
    if (p == len || src[p] == '\n' || src[p] == '\r' || src[p] == '#')
        end = line_end_of(src, len, p);
    return absorb_trailing_comments(src, len, end, doc->nodes[e->key].column);
}

/* The new key, quoted the way the old one was ('auth-provider' -> 'exec'). */
static const char *quoted_key(const kc_node *old, const char *key, int json, char buf[32])
{
    if (json) /* render_json.c encodes it */
        return key;
    if (old->style == YAML_SINGLE_QUOTED_SCALAR_STYLE)
        snprintf(buf, 32, "'%s'", key);
    else if (old->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        snprintf(buf, 32, "\"%s\"", key);
    else
        return key;
    return buf;
}

/* The file's style where the new block goes. */
static void style_at(const kc_document *doc, const kc_edit *e, size_t end, int flow, kc_style *st,
                     char json_colon[9])
{
    const char *src = doc->source;
    const kc_node *key = &doc->nodes[e->key];
    *st = (kc_style){
        .step = detect_step(doc, e->key, e->value),
        .seq_indent = detect_seq_indent(doc, e->value),
        .newline = detect_newline(src, doc->source_len, key->start),
        .flow = flow,
        .no_block_scalars = end == doc->source_len,
    };
    /* A JSON kubeconfig (kubectl reads them) stays JSON, in the old block's
     * layout and with the file's key separator. */
    st->json = key->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && doc->nodes[doc->root].style == 1;
    if (!st->json)
        return;
    const kc_node *v = &doc->nodes[e->value];
    const kc_node *first = v->first_child != KC_NONE ? &doc->nodes[v->first_child] : NULL;
    st->flow = !first || first->line == key->line;
    st->step = first && first->column > key->column ? first->column - key->column : 4;
    size_t colon_len = v->start - key->end;
    if (colon_len > 8 || memchr(src + key->end, '\n', colon_len)) {
        st->json_colon = ": ";
    } else {
        memcpy(json_colon, src + key->end, colon_len);
        json_colon[colon_len] = '\0';
        st->json_colon = json_colon;
    }
}

/* Each comment on a line of its own: prefix, comment, line break. */
static void put_comments(kc_output *out, const char *src, const comment_list *cl, const char *prefix,
                         size_t prefix_len, int prefix_after, const char *newline)
{
    for (size_t i = 0; i < cl->count; i++) {
        if (!prefix_after)
            put_text(out, prefix, prefix_len);
        put_text(out, src + cl->items[i].start, cl->items[i].end - cl->items[i].start);
        put_text(out, newline, strlen(newline));
        if (prefix_after)
            put_text(out, prefix, prefix_len);
    }
}

/* A pair removed from a flow mapping takes a separating comma along: from
 * the end of the previous pair (", key: value"), or, for the first pair, up
 * to the next key ("key: value, "). 0 when it has no neighbour ("{key: v}"
 * would keep a "{? }" or a lone comma behind). */
static int flow_removal_span(const kc_document *doc, const kc_edit *e, size_t *start, size_t *end)
{
    const kc_node *key = &doc->nodes[e->key], *value = &doc->nodes[e->value];
    int prev_key = KC_NONE;
    for (int k = doc->nodes[key->parent].first_child; k != KC_NONE && k != e->key;
         k = doc->nodes[doc->nodes[k].next].next)
        prev_key = k;
    *end = value->end > key->end ? value->end : key->end;
    if (value->type == KC_SCALAR && value->text_len == 0 && value->style == YAML_PLAIN_SCALAR_STYLE) {
        /* an empty value has no bytes of its own: end after "key" or "key:" */
        size_t p = key->end;
        while (p < doc->source_len && is_blank(doc->source[p]))
            p++;
        if (p < doc->source_len && doc->source[p] == ':') {
            /* and the blanks after it, unless they set off a comment */
            size_t q = p + 1;
            while (q < doc->source_len && is_blank(doc->source[q]))
                q++;
            *end = q < doc->source_len && doc->source[q] == '#' ? p + 1 : q;
        } else {
            *end = key->end;
        }
    }
    if (prev_key != KC_NONE) {
        const kc_node *pk = &doc->nodes[prev_key], *pv = &doc->nodes[pk->next];
        *start = pv->end > pk->end ? pv->end : pk->end;
        return *start <= key->start;
    }
    int next_key = value->next;
    if (next_key == KC_NONE || doc->nodes[next_key].start < *end)
        return 0;
    *start = key->start;
    *end = doc->nodes[next_key].start;
    return 1;
}

/* Where one edit goes: source bytes [start, end) give way to the new pair
 * (nothing, for a removal), and the source goes on from resume. The
 * comments found in the span move to comment_at, each on a line of its own
 * with the line's indentation [line_start, indent_end) in front (behind,
 * when comment_at is the key itself, at the start of its line). */
typedef struct edit_plan {
    size_t line_start, indent_end;
    size_t start, end, resume;
    size_t comment_at;
    size_t key_col;        /* the column the new key goes at */
    int prefix_after;
    int flow;
} edit_plan;

static int plan_edit(const kc_document *doc, const kc_edit *e, edit_plan *p, kc_error *err)
{
    const char *src = doc->source;
    const kc_node *key = &doc->nodes[e->key];
    memset(p, 0, sizeof *p);
    p->flow = doc->nodes[key->parent].style == 1;
    p->start = key->start;
    p->key_col = key->column;
    size_t q = kc_explicit_key_at(doc, e->key);
    if (q != KC_NO_POS) { /* `? key`, one line (select_users.c): the pair starts at `?` */
        p->key_col -= p->start - q;
        p->start = q;
    }
    p->end = span_end(doc, e, p->flow);
    if (e->new_value == KC_NONE && p->flow && !flow_removal_span(doc, e, &p->start, &p->end))
        goto cannot_remove;
    p->line_start = line_start_of(src, p->start);
    p->indent_end = p->line_start;
    while (p->indent_end < p->start && is_blank(src[p->indent_end]))
        p->indent_end++;
    int at_line_start = p->indent_end == p->start;
    p->resume = p->end;
    if (e->new_value == KC_NONE && !p->flow) {
        /* A block pair goes with its whole lines; its comments stay there. */
        if (!at_line_start)
            goto cannot_remove;
        p->start = p->comment_at = p->line_start;
        p->resume = after_break(src, doc->source_len, p->end);
    } else {
        /* Comments go on lines of their own above the new key; where the
         * key does not start its line (flow, "- key"), above that line. */
        p->prefix_after = at_line_start;
        p->comment_at = at_line_start ? p->start : p->line_start;
    }
    return 1;
cannot_remove:
    return kc_set_error(err, KC_EXIT_FAILURE, key->line, key->column, NULL,
                        "cannot remove \"%s\" here; convert this user by hand", kc_node_text(doc, e->key));
}

/* The new pair of a replacing edit, in the file's style. */
static int put_new_pair(kc_renderer *r, const kc_document *doc, const kc_edit *e, const edit_plan *p,
                        kc_output *out)
{
    const kc_node *key = &doc->nodes[e->key];
    char json_colon[9], new_key[32];
    kc_style st;
    style_at(doc, e, p->end, p->flow, &st, json_colon);
    size_t before = out->rendered.len;
    const char *k = quoted_key(key, e->new_key, st.json, new_key);
    int ok = st.json ? kc_render_json_pair(doc, k, e->new_value, p->key_col, &st, &out->rendered)
                     : kc_render_pair(r, doc, k, e->new_value, p->key_col, &st, &out->rendered);
    if (!ok)
        return 0;
    add_piece(out, NULL, before, out->rendered.len - before);
    /* Changed unless the new text is the old span's very bytes. */
    if (out->rendered.len - before != p->end - p->start ||
        memcmp(out->rendered.data + before, doc->source + p->start, p->end - p->start) != 0)
        out->changed = 1;
    return 1;
}

/* Edits [first, last) share lines (each starts on a line the one before
 * ended on: a one-line JSON file, a flow users list) and go out as one:
 * every comment of the group above the first edit's line, then the source
 * and the new pairs in turn. Each piece starts where the last one ended,
 * so the output is the source's bytes in order with the spans swapped. */
static int emit_group(kc_renderer *r, const kc_document *doc, const kc_result *res, const edit_plan *plans,
                      size_t first, size_t last, size_t *copied, kc_output *out)
{
    const char *src = doc->source;
    const edit_plan *lead = &plans[first];
    comment_list comments = {0};
    int ok = 0;

    for (size_t i = first; i < last; i++) {
        const kc_edit *e = &res->edits[i];
        collect_comments(doc, e->key, kc_subtree_end(doc, e->value), plans[i].start, plans[i].end,
                         &comments);
    }
    const char *newline = detect_newline(src, doc->source_len, lead->start);
    put_source(out, doc, *copied, lead->comment_at);
    put_comments(out, src, &comments, src + lead->line_start, lead->indent_end - lead->line_start,
                 lead->prefix_after, newline);
    if (comments.count)
        out->changed = 1;
    size_t at = lead->comment_at;
    for (size_t i = first; i < last; i++) {
        const edit_plan *p = &plans[i];
        put_source(out, doc, at, p->start);
        if (res->edits[i].new_value == KC_NONE)
            out->changed = 1;
        else if (!put_new_pair(r, doc, &res->edits[i], p, out))
            goto done;
        at = p->resume;
    }
    *copied = at;
    ok = 1;
done:
    free(comments.items);
    return ok;
}

/* An edit whose span starts before the previous one's end cannot be
 * spliced; it would be a defect of the passes, so say where. */
static int check_order(const kc_document *doc, const kc_edit *e, size_t start, size_t from,
                       kc_error *err)
{
    if (start >= from)
        return 1;
    const kc_node *key = &doc->nodes[e->key];
    return kc_set_error(err, KC_EXIT_FAILURE, key->line, key->column, NULL,
                        "\"%s\" overlaps another change; convert this user by hand",
                        kc_node_text(doc, e->key));
}

int kc_emit(kc_renderer *r, const kc_document *doc, const kc_result *res, kc_output *out, kc_error *err)
{
    const char *src = doc->source;
    size_t len = doc->source_len, copied = 0;
    edit_plan *plans = res->edit_count ? kc_xmalloc(res->edit_count * sizeof *plans) : NULL;
    for (size_t i = 0; i < res->edit_count; i++)
        if (!plan_edit(doc, &res->edits[i], &plans[i], err))
            goto error;
    for (size_t first = 0, last; first < res->edit_count; first = last) {
        /* The group: while the next edit's line starts before this one's
         * span is over. */
        if (!check_order(doc, &res->edits[first], plans[first].line_start, copied, err))
            goto error;
        size_t at = plans[first].resume;
        for (last = first + 1; last < res->edit_count && plans[last].line_start < at; last++) {
            if (!check_order(doc, &res->edits[last], plans[last].start, at, err))
                goto error;
            at = plans[last].resume;
        }
        /* The hunk: from the start of the first key's line to the end of
         * the line the group ends on, before and after. */
        size_t old_start = plans[first].line_start;
        size_t new_start = out->total + (old_start - copied);
        if (!emit_group(r, doc, res, plans, first, last, &copied, out))
            goto error;
        size_t old_end = copied;
        if (old_end > 0 && src[old_end - 1] != '\n' && src[old_end - 1] != '\r')
            old_end = after_break(src, len, line_end_of(src, len, old_end));
        add_hunk(out, old_start, old_end, new_start, out->total + (old_end - copied));
    }
    put_source(out, doc, copied, len);
    for (size_t i = 0; i < out->count; i++)
        if (!out->pieces[i].data)
            out->pieces[i].data = out->rendered.data + out->pieces[i].offset;
    free(plans);
    return 1;
error:
    free(plans);
    /* a new pair libyaml or cJSON failed to write (render.c, render_json.c) */
    if (!err->set)
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
    return 0;
}

void kc_output_join(const kc_output *out, kc_buffer *buf)
{
    buf->len = 0;
    kc_buffer_append(buf, "", 0);
    for (size_t i = 0; i < out->count; i++)
        kc_buffer_append(buf, out->pieces[i].data, out->pieces[i].len);
}

void kc_output_free(kc_output *out)
{
    kc_buffer_free(&out->rendered);
    free(out->pieces);
    free(out->hunks);
    memset(out, 0, sizeof *out);
}
