/* libFuzzer target: parse -> kc_convert -> kc_emit on arbitrary bytes, and
 * whenever the emit succeeds, check what the tool promises:
 *   (a) the output parses again;
 *   (b) only the recorded hunks changed: every byte between them, and before
 *       the first and after the last, is the source's very byte;
 *       and an output not marked changed is the source;
 *   (b') each hunk starts no earlier than the line (YAML's: ended by LF, CR or
 *       CRLF) of its first edited key, so only converted users' lines change;
 *   (c) converting the output again with the same options changes nothing;
 *   (d) line breaks are kept: a file of CRLF only gets no bare LF, a file of
 *       CR only gets no LF;
 *   (e) building only `users` (doc->keep_keys, as the tool does) gives the
 *       very same output, or the very same error, as building every node;
 *   (f) a file cut at a line starting a top-level key and parsed as two
 *       parts (parse_split.c, done for large files) is either refused, or
 *       gives the very nodes one pass gives, field by field;
 *   (g) the --dry-run diff (written unmasked: masking is not a byte-for-byte
 *       transform), applied to the source as patch would, gives exactly the
 *       output bytes.
 * A broken promise aborts (libFuzzer saves the input as crash-*).
 *
 * The first byte, if any, picks the options: byte % 5 the login method,
 * (byte / 5) % 2 the format (exec or azure), (byte / 10) % 2 with exec also
 * the gcp provider (--provider all); the rest is the file.
 *
 * Built by `make fuzz` (clang -fsanitize=fuzzer) and, with tests/fuzz/replay.c
 * for main(), by the san build (gcc, ASan+UBSan) to replay testdata/fuzz/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "kubeconvert.h"
#include "parse.h"
#include "parse_split.h"

static const char *const methods[] = {"devicecode", "azurecli", "spn", "msi", "interactive"};

#define REQUIRE(cond, ...)                                                     \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz_convert: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* One parse -> convert -> emit. Returns 1 when all three succeeded; the
 * document, result and output are the caller's to free either way. */
static int convert_once(const char *src, size_t len, const kc_options *o,
                        const char *const *keep_keys, kc_document *doc, kc_result *res,
                        kc_output *out, kc_error *err)
{
    kc_selection sel = {.providers = o->providers};
    kc_renderer renderer;
    kc_renderer_initialize(&renderer);
    kc_document_init(doc, src, len);
    doc->keep_keys = keep_keys;
    kc_result_init(res);
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    int ok = kc_parse(doc, err) && kc_convert(doc, o, &sel, NULL, "fuzz", res, err) &&
             kc_emit(&renderer, doc, res, out, err);
    kc_renderer_delete(&renderer);
    return ok;
}

static void release(kc_document *doc, kc_result *res, kc_output *out)
{
    kc_output_free(out);
    kc_result_free(res);
    kc_document_free(doc);
}

/* (b): the bytes outside the hunks are the source's. */
static void check_hunks(const char *src, size_t len, const kc_output *out, const char *got,
                        size_t got_len)
{
    size_t old_at = 0, new_at = 0;
    for (size_t i = 0; i < out->hunk_count; i++) {
        const kc_hunk *h = &out->hunks[i];
        REQUIRE(h->old_start >= old_at && h->old_start <= h->old_end && h->old_end <= len,
                "hunk %zu: old [%zu, %zu) after %zu in %zu bytes", i, h->old_start, h->old_end,
                old_at, len);
        REQUIRE(h->new_start >= new_at && h->new_start <= h->new_end && h->new_end <= got_len,
                "hunk %zu: new [%zu, %zu) after %zu in %zu bytes", i, h->new_start, h->new_end,
                new_at, got_len);
        REQUIRE(h->old_start - old_at == h->new_start - new_at,
                "before hunk %zu: %zu source bytes became %zu", i, h->old_start - old_at,
                h->new_start - new_at);
        REQUIRE(memcmp(src + old_at, got + new_at, h->old_start - old_at) == 0,
                "before hunk %zu: bytes [%zu, %zu) changed", i, old_at, h->old_start);
        old_at = h->old_end;
        new_at = h->new_end;
    }
    REQUIRE(len - old_at == got_len - new_at, "after the last hunk: %zu source bytes became %zu",
            len - old_at, got_len - new_at);
    REQUIRE(memcmp(src + old_at, got + new_at, len - old_at) == 0,
            "after the last hunk: bytes [%zu, %zu) changed", old_at, len);
    if (!out->changed)
        REQUIRE(got_len == len && memcmp(src, got, len) == 0,
                "output not marked changed, but it differs from the source");
}

/* (b'): hunks do not reach back past the line of the edits they hold. */
static void check_hunk_lines(const kc_document *doc, const kc_result *res, const kc_output *out)
{
    const char *src = doc->source;
    for (size_t i = 0; i < res->edit_count; i++) {
        size_t key = doc->nodes[res->edits[i].key].start, line = key;
        while (line > 0 && src[line - 1] != '\n' && src[line - 1] != '\r')
            line--;
        const kc_hunk *h = NULL;
        for (size_t j = 0; j < out->hunk_count && !h; j++)
            if (out->hunks[j].old_start <= key && key < out->hunks[j].old_end)
                h = &out->hunks[j];
        REQUIRE(h != NULL, "edit %zu: its key at byte %zu is in no hunk", i, key);
        /* the first edit in a hunk has the earliest line */
        if (i == 0 || doc->nodes[res->edits[i - 1].key].start < h->old_start)
            REQUIRE(h->old_start >= line,
                    "edit %zu: its hunk starts at byte %zu, before its key's line (byte %zu)", i,
                    h->old_start, line);
    }
}

/* (e): the lean parse changes nothing, success or failure. */
static void check_lean(const char *src, size_t len, const kc_options *o, int ok,
                       const kc_output *out, const kc_error *err)
{
    static const char *const users_only[] = {"users", NULL};
    kc_document doc;
    kc_result res;
    kc_output lean;
    kc_error lerr;
    int lean_ok = convert_once(src, len, o, users_only, &doc, &res, &lean, &lerr);
    REQUIRE(lean_ok == ok, "(e) built in full it %s, built lean it %s: %s",
            ok ? "converts" : "fails", lean_ok ? "converts" : "fails", ok ? lerr.message : err->message);
    if (ok) {
        kc_buffer a = {0}, b = {0};
        kc_output_join(out, &a);
        kc_output_join(&lean, &b);
        REQUIRE(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
                "(e) the lean parse gives another output");
        kc_buffer_free(&a);
        kc_buffer_free(&b);
    } else {
        REQUIRE(err->line == lerr.line && err->column == lerr.column &&
                    strcmp(err->message, lerr.message) == 0 && strcmp(err->user, lerr.user) == 0,
                "(e) built in full: %zu:%zu: %s; built lean: %zu:%zu: %s", err->line, err->column,
                err->message, lerr.line, lerr.column, lerr.message);
    }
    release(&doc, &res, &lean);
}

/* (f): two parts, joined or not, are one pass's nodes. */
static void check_same_nodes(const kc_document *a, const kc_document *b, size_t at)
{
    REQUIRE(a->node_count == b->node_count && a->root == b->root && a->bom_len == b->bom_len &&
                a->anchor_count == b->anchor_count && a->alias_count == b->alias_count &&
                a->source_nodes == b->source_nodes,
            "(f) cut at byte %zu: %zu nodes (root %d), one pass %zu (root %d)", at, b->node_count,
            b->root, a->node_count, a->root);
    for (size_t i = 0; i < a->anchor_count; i++)
        REQUIRE(strcmp(a->anchors[i], b->anchors[i]) == 0, "(f) cut at byte %zu: anchor %zu", at, i);
    for (size_t i = 0; i < a->node_count; i++) {
        const kc_node *x = &a->nodes[i], *y = &b->nodes[i];
        REQUIRE(x->start == y->start && x->end == y->end && x->line == y->line &&
                    x->column == y->column && x->parent == y->parent &&
                    x->first_child == y->first_child && x->last_child == y->last_child &&
                    x->next == y->next && x->count == y->count && x->anchor == y->anchor &&
                    x->type == y->type && x->style == y->style && x->tagged == y->tagged &&
                    x->borrowed == y->borrowed && x->skipped == y->skipped &&
                    x->text_len == y->text_len && memcmp(x->text, y->text, x->text_len) == 0,
                "(f) cut at byte %zu: node %zu differs (span %u-%u line %u:%u; one pass %u-%u "
                "line %u:%u)", at, i, y->start, y->end, y->line, y->column, x->start, x->end,
                x->line, x->column);
    }
}

static void check_split(const char *src, size_t len, const char *const *keep_keys)
{
    /* the cut kc_parse would make, then up to 8 line starts spread over
     * the file (a cut anywhere must join right or be refused; kc_split_point
     * only picks likely ones) */
    size_t cuts[9], n = 0, lines = 0;
    if ((cuts[n] = kc_split_point(src, len)) != 0)
        n++;
    for (size_t i = 1; i < len; i++)
        lines += src[i - 1] == '\n';
    for (size_t i = 1, seen = 0; i < len && n < 9; i++)
        if (src[i - 1] == '\n' && seen++ % (lines / 8 + 1) == 0)
            cuts[n++] = i;
    for (size_t c = 0; c < n; c++) {
        kc_document whole, parts;
        kc_error err = {0};
        kc_document_init(&whole, src, len);
        kc_document_init(&parts, src, len);
        whole.keep_keys = parts.keep_keys = keep_keys;
        kc_error split_err = {0};
        int joined, ok = kc_parse_whole(&whole, &err);
        int split_ok = kc_parse_split_at(&parts, cuts[c], &joined, &split_err);
        REQUIRE(split_ok == ok, "(f) cut at byte %zu (joined %d): one pass %s, the split %s", cuts[c],
                joined, ok ? "parses" : err.message, split_ok ? "parses" : split_err.message);
        if (ok)
            check_same_nodes(&whole, &parts, cuts[c]);
        else
            REQUIRE(split_err.line == err.line && split_err.column == err.column &&
                        strcmp(split_err.message, err.message) == 0,
                    "(f) cut at byte %zu: the split says %s, one pass %s", cuts[c], split_err.message,
                    err.message);
        kc_document_free(&whole);
        kc_document_free(&parts);
    }
}

/* (d): the file's line breaks are kept. */
static void check_line_breaks(const char *src, size_t len, const char *got, size_t got_len)
{
    int lf = 0, bare_lf = 0, cr = 0;
    for (size_t i = 0; i < len; i++) {
        lf |= src[i] == '\n';
        bare_lf |= src[i] == '\n' && (i == 0 || src[i - 1] != '\r');
        cr |= src[i] == '\r';
    }
    for (size_t i = 0; i < got_len; i++) {
        if (got[i] != '\n')
            continue;
        REQUIRE(lf || !cr, "(d) a file of CR line breaks got an LF at output byte %zu", i);
        REQUIRE(!lf || bare_lf || (i > 0 && got[i - 1] == '\r'),
                "(d) a file of CRLF line breaks got a bare LF at output byte %zu", i);
    }
}

/* (g): a small unified-diff applier, strict where patch is lenient: every
 * hunk's line numbers and counts must be right, every context and removed
 * line must be the source's line (with or without its LF, as the "\ No
 * newline" marker says), and nothing may follow the last hunk. */
typedef struct diff_line {
    const char *text; /* after the tag */
    size_t len;
    char tag;
    int no_newline;   /* "\ No newline at end of file" follows */
} diff_line;

/* The next line of text[*at, len) without its LF; *has_lf says if it had one. */
static const char *next_line(const char *text, size_t len, size_t *at, size_t *line_len, int *has_lf)
{
    const char *start = text + *at;
    const char *lf = memchr(start, '\n', len - *at);
    *line_len = lf ? (size_t)(lf - start) : len - *at;
    *has_lf = lf != NULL;
    *at += *line_len + (lf != NULL);
    return start;
}

static void check_diff_applies(const char *src, size_t len, const kc_output *out, const char *got,
                               size_t got_len)
{
    char *diff = NULL;
    size_t diff_len = 0;
    FILE *f = open_memstream(&diff, &diff_len);
    REQUIRE(f != NULL, "open_memstream failed");
    kc_write_diff_unmasked(f, "fuzz", src, len, out);
    REQUIRE(fclose(f) == 0, "(g) the diff is not written");
    if (out->hunk_count == 0) {
        REQUIRE(diff_len == 0, "(g) no hunks, but a diff of %zu bytes", diff_len);
        free(diff);
        return;
    }
    static const char header[] = "--- a/fuzz\n+++ b/fuzz\n";
    REQUIRE(diff_len >= sizeof header - 1 && memcmp(diff, header, sizeof header - 1) == 0,
            "(g) the diff does not start with its header");

    kc_buffer result = {0};
    kc_buffer_append(&result, "", 0);
    size_t at = sizeof header - 1, src_at = 0, old_line = 1, new_line = 1;
    while (at < diff_len) {
        size_t n;
        int has_lf;
        const char *l = next_line(diff, diff_len, &at, &n, &has_lf);
        size_t a, b, c, d;
        char head[128];
        int used = -1;
        if (has_lf && n < sizeof head) {
            memcpy(head, l, n);
            head[n] = '\0';
            sscanf(head, "@@ -%zu,%zu +%zu,%zu @@%n", &a, &b, &c, &d, &used);
        }
        REQUIRE(used >= 0 && (size_t)used == n, "(g) at diff byte %zu: not a hunk header: %.*s",
                (size_t)(l - diff), (int)(n < 80 ? n : 80), l);
        /* Unchanged lines up to the hunk (a hunk of no old lines starts after line a). */
        size_t first_old = b ? a : a + 1;
        REQUIRE(first_old >= old_line, "(g) hunk -%zu,%zu starts before line %zu", a, b, old_line);
        for (; old_line < first_old; old_line++, new_line++) {
            size_t sl;
            int lf;
            REQUIRE(src_at < len, "(g) hunk -%zu,%zu starts after the source's end", a, b);
            const char *s = next_line(src, len, &src_at, &sl, &lf);
            kc_buffer_append(&result, s, sl + lf);
        }
        REQUIRE((d ? c : c + 1) == new_line, "(g) hunk +%zu,%zu, but the output is at line %zu", c, d,
                new_line);
        size_t olds = 0, news = 0;
        while (olds < b || news < d) {
            REQUIRE(at < diff_len, "(g) hunk -%zu,%zu +%zu,%zu ends early", a, b, c, d);
            diff_line dl;
            const char *t = next_line(diff, diff_len, &at, &dl.len, &has_lf);
            REQUIRE(has_lf && dl.len >= 1 && (t[0] == ' ' || t[0] == '-' || t[0] == '+'),
                    "(g) in hunk -%zu,%zu: a line tagged '%c'", a, b, dl.len ? t[0] : '?');
            dl.tag = t[0];
            dl.text = t + 1;
            dl.len--;
            static const char marker[] = "\\ No newline at end of file\n";
            dl.no_newline = diff_len - at >= sizeof marker - 1 && memcmp(diff + at, marker, sizeof marker - 1) == 0;
            if (dl.no_newline)
                at += sizeof marker - 1;
            if (dl.tag != '+') {
                size_t sl;
                int lf;
                REQUIRE(src_at < len, "(g) hunk -%zu,%zu runs past the source's end", a, b);
                const char *s = next_line(src, len, &src_at, &sl, &lf);
                REQUIRE(sl == dl.len && memcmp(s, dl.text, sl) == 0 && lf == !dl.no_newline,
                        "(g) source line %zu is not the diff's '%c' line", old_line, dl.tag);
                old_line++;
                olds++;
            }
            if (dl.tag != '-') {
                kc_buffer_append(&result, dl.text, dl.len);
                if (!dl.no_newline)
                    kc_buffer_append(&result, "\n", 1);
                new_line++;
                news++;
            }
            REQUIRE(olds <= b && news <= d, "(g) hunk -%zu,%zu +%zu,%zu has more lines", a, b, c, d);
        }
    }
    kc_buffer_append(&result, src + src_at, len - src_at);
    REQUIRE(result.len == got_len && memcmp(result.data, got, got_len) == 0,
            "(g) the diff applied gives %zu bytes, the output is %zu bytes%s", result.len, got_len,
            result.len == got_len ? " (others)" : "");
    kc_buffer_free(&result);
    free(diff);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kc_options o;
    memset(&o, 0, sizeof o);
    o.login_method = "devicecode";
    if (size > 0) {
        o.login_method = methods[data[0] % 5];
        o.format = (data[0] / 5) % 2 ? KC_FORMAT_AZURE : KC_FORMAT_EXEC;
        if ((data[0] / 10) % 2 && o.format == KC_FORMAT_EXEC)
            o.providers = KC_PROVIDER_AZURE | KC_PROVIDER_GCP;
        data++;
        size--;
    }
    /* An exact-size copy: a read one past the end is an ASan report. */
    char *src = malloc(size ? size : 1);
    REQUIRE(src != NULL, "out of memory");
    if (size)
        memcpy(src, data, size);

    kc_document doc;
    kc_result res;
    kc_output out;
    kc_error err;
    int ok = convert_once(src, size, &o, NULL, &doc, &res, &out, &err);
    check_lean(src, size, &o, ok, &out, &err);
    static const char *const users_only[] = {"users", NULL};
    check_split(src, size, NULL);
    check_split(src, size, users_only);
    if (ok) {
        kc_buffer joined = {0};
        kc_output_join(&out, &joined);
        REQUIRE(joined.len == out.total, "joined %zu bytes, total says %zu", joined.len, out.total);
        check_hunks(src, size, &out, joined.data, joined.len);
        check_hunk_lines(&doc, &res, &out);
        check_line_breaks(src, size, joined.data, joined.len);
        check_diff_applies(src, size, &out, joined.data, joined.len);

        /* (a) and (c): the output reads back, and a second run is a no-op. */
        char *again = malloc(joined.len ? joined.len : 1);
        REQUIRE(again != NULL, "out of memory");
        memcpy(again, joined.data, joined.len);
        kc_document doc2;
        kc_result res2;
        kc_output out2;
        kc_error err2;
        kc_selection sel = {.providers = o.providers};
        kc_renderer renderer;
        kc_renderer_initialize(&renderer);
        kc_document_init(&doc2, again, joined.len);
        kc_result_init(&res2);
        memset(&out2, 0, sizeof out2);
        memset(&err2, 0, sizeof err2);
        REQUIRE(kc_parse(&doc2, &err2), "(a) the output does not parse: %zu:%zu: %s", err2.line,
                err2.column, err2.message);
        REQUIRE(kc_convert(&doc2, &o, &sel, NULL, "fuzz", &res2, &err2) &&
                    kc_emit(&renderer, &doc2, &res2, &out2, &err2),
                "(c) the output does not convert again (%s, %s): %zu:%zu: user \"%s\": %s",
                o.login_method, o.format ? "azure" : "exec", err2.line, err2.column, err2.user,
                err2.message);
        kc_renderer_delete(&renderer);
        REQUIRE(!out2.changed, "(c) not idempotent (%s, %s): a second run changes the output",
                o.login_method, o.format ? "azure" : "exec");
        release(&doc2, &res2, &out2);
        free(again);
        kc_buffer_free(&joined);
    }
    release(&doc, &res, &out);
    free(src);
    return 0;
}
