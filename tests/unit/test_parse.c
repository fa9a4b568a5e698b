/* parse.c: byte spans, styles, aliases, errors, depth. */
#include <stdlib.h>

#include "harness.h"
#include "kubeconvert.h"

static int parse(kc_document *doc, const char *src, kc_error *err)
{
    memset(err, 0, sizeof *err);
    kc_document_init(doc, src, strlen(src));
    return kc_parse(doc, err);
}

static void test_spans_are_bytes(void)
{
    /* "é" is two bytes but one libyaml character; a BOM is skipped by libyaml. */
    const char *src = "\xEF\xBB\xBF\xC3\xA9t\xC3\xA9: 'x'\r\nb: [1, 2]\n";
    kc_document doc;
    kc_error err;
    CHECK(parse(&doc, src, &err));
    CHECK(doc.bom_len == 3);
    int v = kc_map_get(&doc, doc.root, "\xC3\xA9t\xC3\xA9", NULL);
    CHECK(v != KC_NONE);
    if (v != KC_NONE) {
        const kc_node *n = &doc.nodes[v];
        CHECK(n->start == 10 && n->end == 13); /* bytes, the quotes included */
        CHECK(n->style == 2);                  /* single-quoted */
        CHECK_STR(kc_string(&doc, v), "x");
    }
    int b = kc_map_get(&doc, doc.root, "b", NULL);
    CHECK(b != KC_NONE && doc.nodes[b].style == 1 && doc.nodes[b].count == 2);
    if (b != KC_NONE)
        CHECK(memcmp(src + doc.nodes[b].start, "[1, 2]", 6) == 0 && doc.nodes[b].end - doc.nodes[b].start == 6);
    kc_document_free(&doc);
}

static void test_block_end_is_last_child(void)
{
    /* libyaml ends a block mapping at the next token, past comments; the
     * AST ends it at its last value. */
    const char *src = "a:\n  b: c # t\n\n# after\nd: e\n";
    kc_document doc;
    kc_error err;
    CHECK(parse(&doc, src, &err));
    int a = kc_map_get(&doc, doc.root, "a", NULL);
    CHECK(a != KC_NONE && doc.nodes[a].end == 9);
    kc_document_free(&doc);
}

static void test_aliases_are_references(void)
{
    const char *src = "x: &base {k: v}\ny: *base\n";
    kc_document doc;
    kc_error err;
    CHECK(parse(&doc, src, &err));
    int y;
    kc_map_get(&doc, doc.root, "y", &y);
    CHECK(y != KC_NONE && doc.nodes[doc.nodes[y].next].type == KC_ALIAS);
    CHECK_STR(kc_string(&doc, kc_map_get(&doc, kc_map_get(&doc, doc.root, "y", NULL), "k", NULL)), "v");
    /* anchors sit in a table of their own; the nearest one before an alias wins */
    int x = kc_map_get(&doc, doc.root, "x", NULL);
    CHECK(x != KC_NONE && kc_node_anchor(&doc, x) && strcmp(kc_node_anchor(&doc, x), "base") == 0);
    CHECK(kc_node_anchor(&doc, doc.root) == NULL && doc.anchor_count == 1);
    kc_document_free(&doc);
    CHECK(parse(&doc, "a: &n 1\nb: &n 2\nc: *n\n", &err));
    CHECK_STR(kc_string(&doc, kc_map_get(&doc, doc.root, "c", NULL)), "2");
    kc_document_free(&doc);
}

/* keep_keys: other top-level values are one node each, with the very span
 * the full parse gives them; an anchor or alias inside one means a full parse. */
static void test_lean_parse_skips_other_values(void)
{
    static const char *const users_only[] = {"users", NULL};
    const char *src = "clusters:\n- cluster: {server: [a, {b: c}]}   # flow\n  name: x\n\n# after\n"
                      "users:\n- name: u\n  user: {}\nprefs: [1, [2]]\nkind: Config\n"
                      "contexts:\n- context:\n    cluster: x\n  name: c\n";
    kc_document full, lean;
    kc_error err;
    CHECK(parse(&full, src, &err));
    memset(&err, 0, sizeof err);
    kc_document_init(&lean, src, strlen(src));
    lean.keep_keys = users_only;
    CHECK(kc_parse(&lean, &err));
    CHECK(lean.node_count < full.node_count);
    CHECK(lean.nodes[lean.root].start == full.nodes[full.root].start &&
          lean.nodes[lean.root].end == full.nodes[full.root].end);
    static const char *const keys[] = {"clusters", "users", "prefs", "kind", "contexts"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int f = kc_map_get(&full, full.root, keys[i], NULL), l = kc_map_get(&lean, lean.root, keys[i], NULL);
        CHECK(f != KC_NONE && l != KC_NONE);
        if (f == KC_NONE || l == KC_NONE)
            continue;
        CHECK(full.nodes[f].start == lean.nodes[l].start && full.nodes[f].end == lean.nodes[l].end);
        CHECK(lean.nodes[l].type == full.nodes[f].type);
        int skipped = lean.nodes[l].type != KC_SCALAR && strcmp(keys[i], "users") != 0;
        CHECK(lean.nodes[l].skipped == skipped && (!skipped || lean.nodes[l].count == 0));
    }
    CHECK_STR(kc_string(&lean, kc_map_get(&lean, kc_map_get(&lean, lean.root, "users", NULL) + 1, "name", NULL)), "u");
    kc_document_free(&full);
    kc_document_free(&lean);

    /* an anchor in clusters that users name: the lean parse gives way */
    const char *shared = "clusters:\n- name: &n a\nusers:\n- name: *n\n";
    memset(&err, 0, sizeof err);
    kc_document_init(&lean, shared, strlen(shared));
    lean.keep_keys = users_only;
    CHECK(kc_parse(&lean, &err));
    int clusters = kc_map_get(&lean, lean.root, "clusters", NULL);
    CHECK(clusters != KC_NONE && !lean.nodes[clusters].skipped && lean.nodes[clusters].count == 1);
    kc_document_free(&lean);

    /* the depth limit counts the skipped levels too */
    char deep[2100] = "clusters: ";
    for (int i = 0; i < KC_MAX_DEPTH; i++)
        strcat(deep, "[");
    memset(&err, 0, sizeof err);
    kc_document_init(&lean, deep, strlen(deep));
    lean.keep_keys = users_only;
    CHECK(!kc_parse(&lean, &err) && strstr(err.message, "nesting deeper") != NULL);
    kc_document_free(&lean);
}

static void test_spans_fit_32_bits(void)
{
    /* Spans are 32-bit: a 4 GiB file is refused before anything is read. */
    kc_document doc;
    kc_error err = {0};
    kc_document_init(&doc, "a: 1\n", (size_t)UINT32_MAX);
    CHECK(!kc_parse(&doc, &err) && strstr(err.message, "4 GiB") != NULL);
    kc_document_free(&doc);
}

static void test_errors_have_positions(void)
{
    kc_document doc;
    kc_error err;
    CHECK(!parse(&doc, "a: b\nc: [d\n", &err));
    CHECK(err.set && err.line == 3 && err.exit_code == KC_EXIT_FAILURE);
    kc_document_free(&doc);

    CHECK(!parse(&doc, "a: b\n\tc: d\n", &err));
    CHECK(err.set && err.line == 2);
    kc_document_free(&doc);

    CHECK(!parse(&doc, "a: \xFF\n", &err)); /* invalid UTF-8: a reader error */
    CHECK(err.set && err.line == 1 && err.column == 4);
    kc_document_free(&doc);
}

static void test_deep_nesting_fails_cleanly(void)
{
    size_t n = 100000;
    char *src = malloc(n + 1);
    memset(src, '[', n);
    src[n] = '\0';
    kc_document doc;
    kc_error err;
    CHECK(!parse(&doc, src, &err));
    CHECK(strstr(err.message, "nesting deeper than") != NULL);
    kc_document_free(&doc);
    free(src);
}

static void test_empty_and_first_document(void)
{
    kc_document doc;
    kc_error err;
    CHECK(parse(&doc, "# only a comment\n", &err) && doc.root == KC_NONE);
    kc_document_free(&doc);
    CHECK(parse(&doc, "a: 1\n---\nb: [2]\n", &err) && doc.root != KC_NONE);
    CHECK(doc.root != KC_NONE && doc.nodes[doc.root].count == 2); /* a: 1 only */
    kc_document_free(&doc);
    /* later documents are not converted, but a broken one is still an error:
     * validity must not depend on how far libyaml's reader looked ahead */
    CHECK(!parse(&doc, "a: 1\n---\n[not: closed\n", &err) && err.line == 4);
    kc_document_free(&doc);
}

void test_parse(void)
{
    test_spans_are_bytes();
    test_block_end_is_last_child();
    test_aliases_are_references();
    test_spans_fit_32_bits();
    test_lean_parse_skips_other_values();
    test_errors_have_positions();
    test_deep_nesting_fails_cleanly();
    test_empty_and_first_document();
}
