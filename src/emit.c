/* Write the source with each edit's span replaced, and nothing else changed.
 *
 * An edited span runs from the first byte of the old key to the end of the
 * line that holds the old value's last token (a trailing comment included).
 * Comments found inside it move, in order, onto their own lines just above
 * the new key. Every other byte is copied as it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "render.h"

/* Pieces of output: source ranges by pointer, new text by offset into
 * out->rendered (it may still move) until kc_emit fixes them up. */
static int add_piece(kc_output *out, const char *data, size_t offset, size_t len)
{
    if (len == 0)
        return 1;
    kc_piece *last = out->count ? &out->pieces[out->count - 1] : NULL;
    if (last && !data && !last->data && last->offset + last->len == offset) {
        last->len += len;
    } else {
        if (!kc_array_grow((void **)&out->pieces, &out->cap, out->count + 1, sizeof *out->pieces))
            return 0;
        out->pieces[out->count++] = (kc_piece){data, len, offset};
    }
    out->total += len;
    return 1;
}

static int put_source(kc_output *out, const kc_document *doc, size_t from, size_t to)
{
    return add_piece(out, doc->source + from, 0, to - from);
}

static int put_text(kc_output *out, const char *text, size_t len)
{
    size_t offset = out->rendered.len;
    return kc_buffer_append(&out->rendered, text, len) && add_piece(out, NULL, offset, len);
}

static int add_hunk(kc_output *out, size_t old_start, size_t old_end, size_t new_start, size_t new_end)
{
    kc_hunk *last = out->hunk_count ? &out->hunks[out->hunk_count - 1] : NULL;
    if (last && old_start < last->old_end) { /* two edits on one line (flow) */
        last->old_end = old_end;
        last->new_end = new_end;
        return 1;
    }
    if (!kc_array_grow((void **)&out->hunks, &out->hunk_cap, out->hunk_count + 1, sizeof *out->hunks))
        return 0;
    out->hunks[out->hunk_count++] = (kc_hunk){old_start, old_end, new_start, new_end};
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int subtree_last(const kc_document *doc, int id)
{
    while (doc->nodes[id].last_child != KC_NONE)
        id = doc->nodes[id].last_child;
    return id;
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

static int collect_comments(const kc_document *doc, int first, int last, size_t start,
                            size_t end, comment_list *cl)
{
    const char *src = doc->source;
    int next_node = first;
    for (size_t i = start; i < end; i++) {
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
            if (!kc_array_grow((void **)&cl->items, &cl->cap, cl->count + 1, sizeof *cl->items))
                return 0;
            cl->items[cl->count].start = i;
            cl->items[cl->count++].end = e;
            i = line_end_of(src, end, i);
        }
    }
    return 1;
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
static int put_comments(kc_output *out, const char *src, const comment_list *cl, const char *prefix,
                        size_t prefix_len, int prefix_after, const char *newline)
{
    for (size_t i = 0; i < cl->count; i++)
        if ((!prefix_after && !put_text(out, prefix, prefix_len)) ||
            !put_text(out, src + cl->items[i].start, cl->items[i].end - cl->items[i].start) ||
            !put_text(out, newline, strlen(newline)) ||
            (prefix_after && !put_text(out, prefix, prefix_len)))
            return 0;
    return 1;
}

static int emit_edit(const kc_document *doc, const kc_edit *e, size_t *copied, kc_output *out,
                     kc_error *err)
{
    const char *src = doc->source;
    size_t len = doc->source_len;
    const kc_node *key = &doc->nodes[e->key];
    size_t start = key->start, key_col = key->column, q = kc_explicit_key_at(doc, e->key);
    if (q != KC_NO_POS) { /* `? key`, one line (pass_select.c): the pair starts at `?` */
        key_col -= start - q;
        start = q;
    }
    int flow = doc->nodes[key->parent].style == 1;
    size_t end = span_end(doc, e, flow);
    comment_list comments = {0};
    char json_colon[9], new_key[32];
    kc_style st;
    int ok = 0;

    if (!collect_comments(doc, e->key, subtree_last(doc, e->value), start, end, &comments))
        goto done;
    style_at(doc, e, end, flow, &st, json_colon);
    size_t line_start = line_start_of(src, start);
    size_t indent_end = line_start;
    while (indent_end < start && is_blank(src[indent_end]))
        indent_end++;
    int at_line_start = indent_end == start;

    if (e->new_value == KC_NONE) {
        /* Removing a pair: its whole lines go, its comments stay. */
        if (flow || !at_line_start) {
            kc_set_error(err, KC_EXIT_FAILURE, key->line, key->column, NULL,
                         "cannot remove \"%s\" here; convert this user by hand", kc_node_text(doc, e->key));
            goto done;
        }
        ok = put_source(out, doc, *copied, line_start) &&
             put_comments(out, src, &comments, src + line_start, start - line_start, 0, st.newline);
        *copied = after_break(src, len, end);
        out->changed = 1;
        goto done;
    }

    /* Comments go on lines of their own above the new key; where the key
     * does not start its line (flow, "- key"), above that whole line. */
    size_t comment_at = at_line_start ? start : line_start;
    size_t before;
    ok = put_source(out, doc, *copied, comment_at) &&
         put_comments(out, src, &comments, src + line_start, indent_end - line_start, at_line_start,
                      st.newline) &&
         put_source(out, doc, comment_at, start);
    before = out->rendered.len;
    ok = ok &&
         (st.json ? kc_render_json_pair : kc_render_pair)(doc, quoted_key(key, e->new_key, st.json, new_key),
                                                          e->new_value, key_col, &st, &out->rendered) &&
         add_piece(out, NULL, before, out->rendered.len - before);
    /* Changed unless the new text is the old span's very bytes. */
    if (ok && (comments.count || out->rendered.len - before != end - start ||
               memcmp(out->rendered.data + before, src + start, end - start) != 0))
        out->changed = 1;
    *copied = end;
done:
    free(comments.items);
    return ok;
}

int kc_emit(const kc_document *doc, const kc_result *res, kc_output *out, kc_error *err)
{
    size_t copied = 0;
    for (size_t i = 0; i < res->edit_count; i++) {
        /* The hunk: from the start of the key's line to the end of the
         * line the edit ends on, before and after. */
        size_t old_start = line_start_of(doc->source, doc->nodes[res->edits[i].key].start);
        size_t new_start = out->total + (old_start - copied);
        if (!emit_edit(doc, &res->edits[i], &copied, out, err))
            goto error;
        size_t old_end = copied;
        if (old_end > 0 && doc->source[old_end - 1] != '\n' && doc->source[old_end - 1] != '\r') {
            old_end = line_end_of(doc->source, doc->source_len, old_end);
            old_end += old_end < doc->source_len && doc->source[old_end] == '\r';
            old_end += old_end < doc->source_len && doc->source[old_end] == '\n';
        }
        if (!add_hunk(out, old_start, old_end, new_start, out->total + (old_end - copied)))
            goto error;
    }
    if (!put_source(out, doc, copied, doc->source_len))
        goto error;
    for (size_t i = 0; i < out->count; i++)
        if (!out->pieces[i].data)
            out->pieces[i].data = out->rendered.data + out->pieces[i].offset;
    return 1;
error:
    if (!err->set)
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
    return 0;
}

int kc_output_join(const kc_output *out, kc_buffer *buf)
{
    buf->len = 0;
    if (!kc_buffer_append(buf, "", 0))
        return 0;
    for (size_t i = 0; i < out->count; i++)
        if (!kc_buffer_append(buf, out->pieces[i].data, out->pieces[i].len))
            return 0;
    return 1;
}

void kc_output_free(kc_output *out)
{
    kc_buffer_free(&out->rendered);
    free(out->pieces);
    free(out->hunks);
    memset(out, 0, sizeof *out);
}
