/* --dry-run: a unified diff of what a run would write, built from the hunks
 * emit recorded (no general diff algorithm needed: we know what changed),
 * with 3 lines of context and every secret masked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "mask.h"

#define CONTEXT 3

/* Offsets of the starts of lines, plus one past the end. */
typedef struct lines {
    size_t *start;
    size_t count; /* number of lines */
} lines;

static void index_lines(const char *text, size_t len, lines *l)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    l->start = kc_xmalloc((n + 1) * sizeof *l->start);
    l->count = 0;
    l->start[l->count++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n' && i + 1 < len)
            l->start[l->count++] = i + 1;
    l->start[l->count] = len;
    if (len == 0)
        l->count = 0;
}

/* The line holding byte offset pos (pos at a line start: that line). */
static size_t line_of(const lines *l, size_t pos)
{
    size_t lo = 0, hi = l->count;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->start[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* A hunk's first line: the one holding its first byte. */
static size_t line_index_at(const lines *l, size_t pos, size_t len)
{
    return pos >= len ? l->count : line_of(l, pos);
}

/* A hunk's end line (exclusive): emit ends hunks after any line break, a
 * lone CR too, where these lines (LF only, as patch reads them) may go on. */
static size_t line_index_after(const lines *l, size_t pos, size_t len)
{
    size_t i = line_index_at(l, pos, len);
    return i < l->count && l->start[i] < pos ? i + 1 : i;
}

/* One line of the diff, its secret spans as *** (secrets: ranges of text). */
static void put_line(FILE *out, char tag, const char *text, const lines *l, size_t i,
                     const kc_ranges *secrets, kc_buffer *scratch)
{
    size_t a = l->start[i], b = l->start[i + 1];
    int has_break = b > a && text[b - 1] == '\n';
    if (has_break)
        b--;
    if (!secrets) { /* kc_write_diff_unmasked */
        scratch->len = 0;
        kc_buffer_append(scratch, text + a, b - a);
    } else {
        kc_mask_line(text, a, b, secrets, scratch);
    }
    fputc(tag, out);
    fwrite(scratch->data, 1, scratch->len, out);
    fputc('\n', out);
    if (!has_break)
        fputs("\\ No newline at end of file\n", out);
}

static void write_diff(FILE *out, const char *path, const char *old_text, size_t old_len,
                      const kc_output *o, int masked)
{
    kc_buffer new_text = {0}, scratch = {0};
    lines ol = {0}, nl = {0};
    kc_ranges old_secrets = {0}, new_secrets = {0}; /* from each text's own tree */
    char *safe_path = NULL;
    kc_output_join(o, &new_text);
    index_lines(old_text, old_len, &ol);
    index_lines(new_text.data, new_text.len, &nl);
    /* git's a/ b/ prefixes, so `patch -p1` applies it; never "a//abs" */
    while (*path == '/')
        path++;
    if (o->hunk_count) {
        kc_secret_ranges_of(old_text, old_len, &old_secrets);
        kc_secret_ranges_of(new_text.data, new_text.len, &new_secrets);
        safe_path = kc_escaped_copy(path, kc_escape_display);
        fprintf(out, "--- a/%s\n+++ b/%s\n", safe_path, safe_path);
    }
    for (size_t h = 0; h < o->hunk_count;) {
        /* Gather the hunks whose contexts touch into one. */
        size_t first = h, last = h;
        size_t oa = line_index_at(&ol, o->hunks[h].old_start, old_len);
        size_t ob = line_index_after(&ol, o->hunks[h].old_end, old_len);
        while (last + 1 < o->hunk_count &&
               line_index_at(&ol, o->hunks[last + 1].old_start, old_len) <= ob + 2 * CONTEXT) {
            last++;
            size_t next_ob = line_index_after(&ol, o->hunks[last].old_end, old_len);
            ob = next_ob > ob ? next_ob : ob;
        }
        size_t na = line_index_at(&nl, o->hunks[first].new_start, new_text.len);
        size_t nb = line_index_after(&nl, o->hunks[last].new_end, new_text.len);
        size_t before = oa < CONTEXT ? oa : CONTEXT;
        size_t after = ol.count - ob < CONTEXT ? ol.count - ob : CONTEXT;
        size_t old_from = oa - before, old_to = ob + after;
        size_t new_from = na - before, new_to = nb + after;
        fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", old_from + 1, old_to - old_from, new_from + 1,
                new_to - new_from);
        /* Walk the merged hunk: context, then each change, then context. */
        size_t oi = old_from, ni = new_from;
        const kc_ranges *os = masked ? &old_secrets : NULL, *ns = masked ? &new_secrets : NULL;
        /* Hunks of edits on one LF line (CR-only files: the whole file)
         * overlap here: each line goes out once, oi and ni only move on. */
        for (size_t k = first; k <= last; k++) {
            size_t ka = line_index_at(&ol, o->hunks[k].old_start, old_len);
            size_t kb = line_index_after(&ol, o->hunks[k].old_end, old_len);
            size_t kna = line_index_at(&nl, o->hunks[k].new_start, new_text.len);
            size_t knb = line_index_after(&nl, o->hunks[k].new_end, new_text.len);
            for (; oi < ka; oi++, ni++)
                put_line(out, ' ', old_text, &ol, oi, os, &scratch);
            for (; oi < kb; oi++)
                put_line(out, '-', old_text, &ol, oi, os, &scratch);
            for (ni = ni > kna ? ni : kna; ni < knb; ni++)
                put_line(out, '+', new_text.data, &nl, ni, ns, &scratch);
        }
        for (; oi < old_to; oi++)
            put_line(out, ' ', old_text, &ol, oi, os, &scratch);
        h = last + 1;
    }
    free(ol.start);
    free(nl.start);
    kc_buffer_free(&new_text);
    kc_buffer_free(&scratch);
    kc_ranges_free(&old_secrets);
    kc_ranges_free(&new_secrets);
    free(safe_path);
}

void kc_write_diff(FILE *out, const char *path, const char *old_text, size_t old_len,
                   const kc_output *o)
{
    write_diff(out, path, old_text, old_len, o, 1);
}

void kc_write_diff_unmasked(FILE *out, const char *path, const char *old_text, size_t old_len,
                            const kc_output *o)
{
    write_diff(out, path, old_text, old_len, o, 0);
}
