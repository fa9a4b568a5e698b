/* Render nodes built by the passes as YAML text in a given file style.
 *
 * Layout (indentation, `- ` placement, line breaks) follows the file; every
 * scalar's text comes from libyaml's emitter, which decides plain, quoted
 * or literal. We only tell it which strings a YAML 1.1 reader would not
 * read back as strings (resolve.c). */
#include <string.h>
#include <yaml.h>

#include "render.h"

int kc_buffer_append(kc_buffer *buf, const char *data, size_t len)
{
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *d = realloc(buf->data, cap);
        if (!d)
            return 0;
        buf->data = d;
        buf->cap = cap;
    }
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return 1;
}

int kc_buffer_puts(kc_buffer *buf, const char *s)
{
    return kc_buffer_append(buf, s, strlen(s));
}

int kc_buffer_pad(kc_buffer *buf, char c, size_t count)
{
    char chunk[64];
    memset(chunk, c, sizeof chunk);
    while (count > 0) {
        size_t n = count < sizeof chunk ? count : sizeof chunk;
        if (!kc_buffer_append(buf, chunk, n))
            return 0;
        count -= n;
    }
    return 1;
}

void kc_buffer_free(kc_buffer *buf)
{
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}

static int emitter_write(void *data, unsigned char *bytes, size_t size)
{
    return kc_buffer_append(data, (const char *)bytes, size);
}

/* libyaml's text for one scalar, as the only node of a document (block
 * context) or the only item of a flow sequence (flow context). */
static int scalar_text(const char *text, size_t len, int flow, int literal, int step, kc_buffer *out)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    int ok = 1;
    int plain_implicit = !kc_plain_is_non_string(text, len);
    /* Line breaks: a literal block where one can stand, else one
     * double-quoted line (libyaml would fold a single-quoted one). */
    yaml_scalar_style_t style = !memchr(text, '\n', len) ? YAML_ANY_SCALAR_STYLE
                                : literal && !flow       ? YAML_LITERAL_SCALAR_STYLE
                                                         : YAML_DOUBLE_QUOTED_SCALAR_STYLE;

    if (!yaml_emitter_initialize(&em))
        return 0;
    yaml_emitter_set_output(&em, emitter_write, out);
    yaml_emitter_set_width(&em, -1); /* never fold long values */
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_indent(&em, step < 2 ? 2 : step > 9 ? 9 : step);

    ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &ev) &&
         yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && yaml_emitter_emit(&em, &ev);
    if (ok && flow)
        ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE) &&
             yaml_emitter_emit(&em, &ev);
    ok = ok && yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)len,
                                            plain_implicit, 1, style) &&
         yaml_emitter_emit(&em, &ev);
    if (ok && flow)
        ok = yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev);
    ok = ok && yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev) &&
         yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev) &&
         yaml_emitter_flush(&em);
    yaml_emitter_delete(&em);
    if (!ok)
        return 0;

    /* Drop the document's trailing line break and a "..." end marker. */
    while (out->len && out->data[out->len - 1] == '\n')
        out->data[--out->len] = '\0';
    if (out->len >= 3 && strcmp(out->data + out->len - 3, "...") == 0 &&
        (out->len == 3 || out->data[out->len - 4] == '\n')) {
        out->len -= 3;
        while (out->len && out->data[out->len - 1] == '\n')
            out->len--;
        out->data[out->len] = '\0';
    }
    if (flow) { /* strip the "[" and "]" around the item */
        memmove(out->data, out->data + 1, out->len - 2);
        out->len -= 2;
        out->data[out->len] = '\0';
    }
    return 1;
}

/* Append a scalar; lines after the first (a literal block's) are indented
 * by `base`, the column of the key that owns it, and end in the file's breaks. */
static int put_scalar(const kc_document *doc, int id, size_t base, int literal,
                      const kc_style *st, kc_buffer *out)
{
    kc_buffer text = {0};
    const kc_node *n = &doc->nodes[id];
    int ok = scalar_text(kc_node_text(doc, id), n->text_len, st->flow,
                         literal && !st->no_block_scalars, (int)st->step, &text);
    for (size_t i = 0, line_start = 0; ok && i <= text.len; i++) {
        if (i < text.len && text.data[i] != '\n')
            continue;
        if (line_start > 0) {
            ok = kc_buffer_puts(out, st->newline);
            if (ok && i > line_start)
                ok = kc_buffer_pad(out, ' ', base);
        }
        ok = ok && kc_buffer_append(out, text.data + line_start, i - line_start);
        line_start = i + 1;
    }
    kc_buffer_free(&text);
    return ok;
}

static int put_line(kc_buffer *out, const kc_style *st, size_t indent)
{
    return kc_buffer_puts(out, st->newline) && kc_buffer_pad(out, ' ', indent);
}

static int render_block_value(const kc_document *doc, int id, size_t key_col, const kc_style *st,
                              kc_buffer *out);

/* The pairs of a block mapping at column col; the first one goes where the
 * cursor is (after "- " or at a fresh line's indentation). */
static int render_block_pairs(const kc_document *doc, int map, size_t col, const kc_style *st,
                              kc_buffer *out)
{
    int first = 1;
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
        if (!first && !put_line(out, st, col))
            return 0;
        first = 0;
        if (!put_scalar(doc, k, col, 0, st, out) || !kc_buffer_puts(out, ":") ||
            !render_block_value(doc, doc->nodes[k].next, col, st, out))
            return 0;
    }
    return 1;
}

/* A mapping value: after "key:" the rest of the pair. */
static int render_block_value(const kc_document *doc, int id, size_t key_col, const kc_style *st,
                              kc_buffer *out)
{
    const kc_node *n = &doc->nodes[id];
    if (n->type == KC_SCALAR)
        return kc_buffer_puts(out, " ") && put_scalar(doc, id, key_col, 1, st, out);
    if (n->count == 0)
        return kc_buffer_puts(out, n->type == KC_MAPPING ? " {}" : " []");
    if (n->type == KC_MAPPING)
        return put_line(out, st, key_col + st->step) &&
               render_block_pairs(doc, id, key_col + st->step, st, out);
    size_t dash = key_col + st->seq_indent;
    for (int item = n->first_child; item != KC_NONE; item = doc->nodes[item].next) {
        if (!put_line(out, st, dash) || !kc_buffer_puts(out, "- "))
            return 0;
        const kc_node *in = &doc->nodes[item];
        int ok = in->type == KC_MAPPING ? render_block_pairs(doc, item, dash + 2, st, out)
                                        : put_scalar(doc, item, dash, 0, st, out);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Flow style, on one line: {a: b, c: [d, e]}. */
static int render_flow(const kc_document *doc, int id, const kc_style *st, kc_buffer *out)
{
    const kc_node *n = &doc->nodes[id];
    if (n->type == KC_SCALAR)
        return put_scalar(doc, id, 0, 0, st, out);
    int is_map = n->type == KC_MAPPING;
    if (!kc_buffer_puts(out, is_map ? "{" : "["))
        return 0;
    int i = 0;
    for (int c = n->first_child; c != KC_NONE; c = doc->nodes[c].next, i++) {
        const char *sep = !is_map ? (i ? ", " : "") : (i % 2 ? ": " : (i ? ", " : ""));
        if (!kc_buffer_puts(out, sep) || !render_flow(doc, c, st, out))
            return 0;
    }
    return kc_buffer_puts(out, is_map ? "}" : "]");
}

int kc_render_pair(const kc_document *doc, const char *key, int value, size_t col,
                   const kc_style *st, kc_buffer *out)
{
    if (!kc_buffer_puts(out, key) || !kc_buffer_puts(out, ":"))
        return 0;
    if (st->flow)
        return kc_buffer_puts(out, " ") && render_flow(doc, value, st, out);
    return render_block_value(doc, value, col, st, out);
}
