/* Render new nodes into a JSON kubeconfig so it stays JSON: cJSON encodes
 * every string (escapes and all); the layout follows the file: one line when
 * the old block was on one line, else one member per line at its indentation. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

/* A plain scalar a pass built is a bool (build_gcp.c's `true`), not a string. */
static int built_bool(const kc_node *n)
{
    return n->type == KC_SCALAR && n->start == KC_NO_SPAN && n->style == 1 /* plain */;
}

/* The node as cJSON (strings, and built bools). */
static cJSON *to_cjson(const kc_document *doc, int id)
{
    const kc_node *n = &doc->nodes[id];
    if (built_bool(n))
        return cJSON_CreateBool(strcmp(kc_node_text(doc, id), "true") == 0);
    if (n->type == KC_SCALAR)
        return cJSON_CreateString(kc_node_text(doc, id));
    cJSON *c = n->type == KC_MAPPING ? cJSON_CreateObject() : cJSON_CreateArray();
    for (int k = n->first_child; c && k != KC_NONE; k = doc->nodes[k].next) {
        if (n->type == KC_MAPPING) {
            int v = doc->nodes[k].next;
            cJSON *item = to_cjson(doc, v);
            if (!item || !cJSON_AddItemToObject(c, kc_node_text(doc, k), item)) {
                cJSON_Delete(item);
                cJSON_Delete(c);
                return NULL;
            }
            k = v;
        } else {
            cJSON *item = to_cjson(doc, k);
            if (!item || !cJSON_AddItemToArray(c, item)) {
                cJSON_Delete(item);
                cJSON_Delete(c);
                return NULL;
            }
        }
    }
    return c;
}

/* cJSON escapes only what JSON demands and leaves DEL, the C1 controls
 * (NEL among them) and U+2028/U+2029 raw. kubectl reads a JSON file with a
 * YAML parser, which refuses a raw DEL or C1 and takes a raw NEL, LS or PS
 * as a line break (and folds it): so those are written as \uXXXX. They
 * only occur inside cJSON's strings, so the whole text can be scanned. */
static void put_yaml_safe(const char *text, kc_buffer *out)
{
    const unsigned char *p = (const unsigned char *)text, *from = p;
    for (; *p; p++) {
        unsigned code;
        size_t width;
        if (*p == 0x7F) {
            code = 0x7F, width = 1;
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            code = p[1], width = 2;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            code = 0x2000u + (p[2] - 0x80u), width = 3;
        } else {
            continue;
        }
        char escape[8];
        snprintf(escape, sizeof escape, "\\u%04x", code);
        kc_buffer_append(out, (const char *)from, (size_t)(p - from));
        kc_buffer_puts(out, escape);
        p += width - 1;
        from = p + 1;
    }
    kc_buffer_append(out, (const char *)from, (size_t)(p - from));
}

/* 0 when cJSON fails (it says no more than NULL). */
static int put_cjson(const cJSON *c, kc_buffer *out)
{
    char *text = cJSON_PrintUnformatted(c);
    if (!text)
        return 0;
    put_yaml_safe(text, out);
    cJSON_free(text);
    return 1;
}

static int put_string(const char *s, kc_buffer *out)
{
    cJSON *c = cJSON_CreateString(s);
    int ok = c && put_cjson(c, out);
    cJSON_Delete(c);
    return ok;
}

static void put_line(kc_buffer *out, const kc_style *st, size_t indent)
{
    kc_buffer_puts(out, st->newline);
    kc_buffer_pad(out, ' ', indent);
}

/* One member per line; nesting by an explicit walk over the small new tree. */
static int put_pretty(const kc_document *doc, int id, size_t col, const kc_style *st, kc_buffer *out)
{
    const kc_node *n = &doc->nodes[id];
    if (built_bool(n)) {
        kc_buffer_puts(out, strcmp(kc_node_text(doc, id), "true") == 0 ? "true" : "false");
        return 1;
    }
    if (n->type == KC_SCALAR)
        return put_string(kc_node_text(doc, id), out);
    int is_map = n->type == KC_MAPPING;
    if (n->count == 0) {
        kc_buffer_puts(out, is_map ? "{}" : "[]");
        return 1;
    }
    kc_buffer_puts(out, is_map ? "{" : "[");
    for (int c = n->first_child; c != KC_NONE; c = doc->nodes[c].next) {
        put_line(out, st, col + st->step);
        if (is_map) {
            if (!put_string(kc_node_text(doc, c), out))
                return 0;
            kc_buffer_puts(out, st->json_colon);
            c = doc->nodes[c].next;
        }
        if (!put_pretty(doc, c, col + st->step, st, out))
            return 0;
        if (doc->nodes[c].next != KC_NONE)
            kc_buffer_puts(out, ",");
    }
    put_line(out, st, col);
    kc_buffer_puts(out, is_map ? "}" : "]");
    return 1;
}

int kc_render_json_pair(const kc_document *doc, const char *key, int value, size_t col,
                        const kc_style *st, kc_buffer *out)
{
    if (!put_string(key, out))
        return 0;
    kc_buffer_puts(out, st->json_colon);
    if (st->flow) { /* the old block was on one line: so is the new one */
        cJSON *c = to_cjson(doc, value);
        int ok = c && put_cjson(c, out);
        cJSON_Delete(c);
        return ok;
    }
    return put_pretty(doc, value, col, st, out);
}
