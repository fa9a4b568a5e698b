/* Render nodes built by the passes as YAML text in a given file style.
 *
 * Layout (indentation, `- ` placement, line breaks) follows the file; every
 * scalar's text comes from libyaml's emitter, which decides plain, quoted
 * or literal. We only tell it which strings a YAML 1.1 reader would not
 * read back as strings (scalar_style.c). All state (emitters, memo, scratch
 * buffers, the compiled pattern) is in the kc_renderer the caller owns. */
#include <string.h>
#include <yaml.h>

#include "render.h"

static int emitter_write(void *data, unsigned char *bytes, size_t size)
{
    kc_buffer_append(data, (const char *)bytes, size);
    return 1;
}

void kc_renderer_initialize(kc_renderer *r)
{
    memset(r, 0, sizeof *r);
    kc_scalar_style_initialize(&r->scalar_style);
}

static yaml_emitter_t *emitter_for(kc_renderer *r, int step)
{
    if (!r->emitter_ready[step]) {
        yaml_emitter_t *em = &r->emitters[step];
        yaml_event_t ev;
        if (!yaml_emitter_initialize(em))
            kc_out_of_memory(); /* its only failure */
        yaml_emitter_set_output(em, emitter_write, &r->emitter_out);
        yaml_emitter_set_width(em, -1); /* never fold long values */
        yaml_emitter_set_unicode(em, 1);
        yaml_emitter_set_indent(em, step);
        if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) || !yaml_emitter_emit(em, &ev)) {
            yaml_emitter_delete(em);
            return NULL;
        }
        r->emitter_ready[step] = 1;
    }
    return &r->emitters[step];
}

static void forget_emitter(kc_renderer *r, int step)
{
    if (r->emitter_ready[step])
        yaml_emitter_delete(&r->emitters[step]);
    r->emitter_ready[step] = 0;
}

void kc_renderer_delete(kc_renderer *r)
{
    for (int i = 0; i < KC_RENDER_STEPS; i++)
        forget_emitter(r, i);
    kc_buffer_free(&r->emitter_out);
    kc_buffer_free(&r->scratch_text);
    if (r->cache)
        for (size_t i = 0; i < KC_RENDER_CACHE; i++) {
            free(r->cache[i].key);
            free(r->cache[i].text);
        }
    free(r->cache);
    kc_scalar_style_delete(&r->scalar_style);
    kc_renderer_initialize(r);
}

/* Characters libyaml writes raw in plain, single-quoted or literal text
 * that kubectl's go-yaml does not read back as they were: controls (a tab
 * included), DEL, C1 controls, U+2028/U+2029 (line breaks to YAML: libyaml
 * even indents after them) and a BOM. Double-quoted, libyaml escapes them. */
static int needs_escapes(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7F)
            return 1;
        if (p[i] == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return 1;
        if (p[i] == 0xE2 && i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9))
            return 1;
        if (p[i] == 0xEF && i + 2 < len && p[i + 1] == 0xBB && p[i + 2] == 0xBF)
            return 1;
    }
    return 0;
}

/* libyaml's text for one scalar, as the only node of a document (block
 * context) or the only item of a flow sequence (flow context). */
static int emit_scalar(kc_renderer *r, const char *text, size_t len, int flow, int literal, int step, kc_buffer *out)
{
    yaml_emitter_t *em = emitter_for(r, step);
    yaml_event_t ev;
    int plain_implicit = !kc_plain_is_non_string(&r->scalar_style, text, len);
    /* Line breaks: a literal block where one can stand, else one
     * double-quoted line (libyaml would fold a single-quoted one). */
    yaml_scalar_style_t style = needs_escapes(text, len)  ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                : !memchr(text, '\n', len) ? YAML_ANY_SCALAR_STYLE
                                : literal && !flow          ? YAML_LITERAL_SCALAR_STYLE
                                                            : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (!em)
        return 0;
    r->emitter_out.len = 0;
    int ok = yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) && yaml_emitter_emit(em, &ev);
    if (ok && flow)
        ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE) &&
             yaml_emitter_emit(em, &ev);
    ok = ok && yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)len,
                                            plain_implicit, 1, style) &&
         yaml_emitter_emit(em, &ev);
    if (ok && flow)
        ok = yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
    ok = ok && yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(em, &ev) &&
         yaml_emitter_flush(em);
    if (!ok) {
        forget_emitter(r, step);
        return 0;
    }

    /* Cut the document's framing: a "..." closing the previous document,
     * the "--- " that opens every document after the first, the trailing
     * line break, and for flow the "[" "]" around the item. */
    const char *p = r->emitter_out.data ? r->emitter_out.data : "";
    size_t n = r->emitter_out.len;
    if (n >= 4 && memcmp(p, "...\n", 4) == 0)
        p += 4, n -= 4;
    if (n >= 4 && memcmp(p, "--- ", 4) == 0)
        p += 4, n -= 4;
    while (n && p[n - 1] == '\n')
        n--;
    if (n >= 3 && memcmp(p + n - 3, "...", 3) == 0 && (n == 3 || p[n - 4] == '\n')) {
        n -= 3;
        while (n && p[n - 1] == '\n')
            n--;
    }
    if (flow && n >= 2)
        p++, n -= 2;
    kc_buffer_append(out, p, n);
    return 1;
}

/* A word at a time: the installHint, 150 bytes in every converted user,
 * is hashed once per user. */
static size_t hash_text(const char *text, size_t len, unsigned flags)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len ^ (uint64_t)flags << 56;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 0x100000001B3u;
    return (size_t)(h ^ h >> 29);
}

static int scalar_text(kc_renderer *r, const char *text, size_t len, int flow, int literal, int step,
                       kc_buffer *out)
{
    step = step < 2 ? 2 : step > 9 ? 9 : step;
    unsigned flags = (unsigned)(step | flow << 4 | literal << 5);
    if (!r->cache)
        r->cache = kc_xcalloc(KC_RENDER_CACHE, sizeof *r->cache);
    kc_render_memo *c = &r->cache[hash_text(text, len, flags) % KC_RENDER_CACHE];
    if (c->key && c->flags == flags && c->key_len == len && memcmp(c->key, text, len) == 0) {
        kc_buffer_append(out, c->text, c->text_len);
        return 1;
    }
    size_t before = out->len;
    if (!emit_scalar(r, text, len, flow, literal, step, out))
        return 0;
    char *key_copy = kc_xmalloc(len + 1), *text_copy = kc_xmalloc(out->len - before + 1);
    memcpy(key_copy, text, len);
    memcpy(text_copy, out->data + before, out->len - before);
    free(c->key);
    free(c->text);
    *c = (kc_render_memo){key_copy, len, flags, text_copy, out->len - before};
    return 1;
}

/* Append a scalar; lines after the first (a literal block's) are indented
 * by `base`, the column of the key that owns it, and end in the file's breaks. */
static int put_scalar(kc_renderer *r, const kc_document *doc, int id, size_t base, int literal,
                      const kc_style *st, kc_buffer *out)
{
    kc_buffer *text = &r->scratch_text;
    const kc_node *n = &doc->nodes[id];
    if (n->start == KC_NO_SPAN && n->style == YAML_PLAIN_SCALAR_STYLE) { /* a built bool: as is */
        kc_buffer_puts(out, kc_node_text(doc, id));
        return 1;
    }
    text->len = 0;
    int ok = scalar_text(r, kc_node_text(doc, id), n->text_len, st->flow,
                         literal && !st->no_block_scalars, (int)st->step, text);
    const char *p = text->data, *end = text->data + text->len;
    for (int first = 1; ok && p <= end; first = 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        if (!first) {
            kc_buffer_puts(out, st->newline);
            if (line_end > p)
                kc_buffer_pad(out, ' ', base);
        }
        kc_buffer_append(out, p, (size_t)(line_end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    if (text->cap > 65536)
        kc_buffer_free(text);
    return ok;
}

static void put_line(kc_buffer *out, const kc_style *st, size_t indent)
{
    kc_buffer_puts(out, st->newline);
    kc_buffer_pad(out, ' ', indent);
}

static int render_block_value(kc_renderer *r, const kc_document *doc, int id, size_t key_col, const kc_style *st,
                              kc_buffer *out);

/* The pairs of a block mapping at column col; the first one goes where the
 * cursor is (after "- " or at a fresh line's indentation). */
static int render_block_pairs(kc_renderer *r, const kc_document *doc, int map, size_t col, const kc_style *st,
                              kc_buffer *out)
{
    int first = 1;
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
        if (!first)
            put_line(out, st, col);
        first = 0;
        if (!put_scalar(r, doc, k, col, 0, st, out))
            return 0;
        kc_buffer_puts(out, ":");
        if (!render_block_value(r, doc, doc->nodes[k].next, col, st, out))
            return 0;
    }
    return 1;
}

/* A mapping value: after "key:" the rest of the pair. */
static int render_block_value(kc_renderer *r, const kc_document *doc, int id, size_t key_col, const kc_style *st,
                              kc_buffer *out)
{
    const kc_node *n = &doc->nodes[id];
    if (n->type == KC_SCALAR) {
        kc_buffer_puts(out, " ");
        return put_scalar(r, doc, id, key_col, 1, st, out);
    }
    if (n->count == 0) {
        kc_buffer_puts(out, n->type == KC_MAPPING ? " {}" : " []");
        return 1;
    }
    if (n->type == KC_MAPPING) {
        put_line(out, st, key_col + st->step);
        return render_block_pairs(r, doc, id, key_col + st->step, st, out);
    }
    size_t dash = key_col + st->seq_indent;
    for (int item = n->first_child; item != KC_NONE; item = doc->nodes[item].next) {
        put_line(out, st, dash);
        kc_buffer_puts(out, "- ");
        const kc_node *in = &doc->nodes[item];
        int ok = in->type == KC_MAPPING ? render_block_pairs(r, doc, item, dash + 2, st, out)
                                        : put_scalar(r, doc, item, dash, 0, st, out);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Flow style, on one line: {a: b, c: [d, e]}. */
static int render_flow(kc_renderer *r, const kc_document *doc, int id, const kc_style *st, kc_buffer *out)
{
    const kc_node *n = &doc->nodes[id];
    if (n->type == KC_SCALAR)
        return put_scalar(r, doc, id, 0, 0, st, out);
    int is_map = n->type == KC_MAPPING;
    kc_buffer_puts(out, is_map ? "{" : "[");
    int i = 0;
    for (int c = n->first_child; c != KC_NONE; c = doc->nodes[c].next, i++) {
        const char *sep = !is_map ? (i ? ", " : "") : (i % 2 ? ": " : (i ? ", " : ""));
        kc_buffer_puts(out, sep);
        if (!render_flow(r, doc, c, st, out))
            return 0;
    }
    kc_buffer_puts(out, is_map ? "}" : "]");
    return 1;
}

int kc_render_pair(kc_renderer *r, const kc_document *doc, const char *key, int value, size_t col,
                   const kc_style *st, kc_buffer *out)
{
    kc_buffer_puts(out, key);
    kc_buffer_puts(out, st->flow ? ": " : ":");
    if (st->flow)
        return render_flow(r, doc, value, st, out);
    return render_block_value(r, doc, value, col, st, out);
}
