/* parse_split.c: a file cut in two and parsed on two cores is joined only
 * when that gives one pass's nodes, and refused otherwise. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kubeconvert.h"
#include "parse.h"

static const char fleet[] =
    "apiVersion: v1\n"
    "clusters:\n"
    "- cluster:\n"
    "    server: https://a\n"
    "  name: a # the cut comes after this\n"
    "\n"
    "contexts:\n"
    "- context: {cluster: a, user: u}\n"
    "  name: c\n"
    "users:\n"
    "- name: u\n"
    "  user:\n"
    "    auth-provider:\n"
    "      name: azure\n";

/* Cut src before the first occurrence of `at`: joined or not? Either way
 * the nodes must be one pass's, or the error its error (the fuzz target
 * compares every field; here the ones a wrong join would break first). */
static int cut(const char *src, const char *at, const char *const *keep)
{
    const char *p = strstr(src, at);
    CHECK(p != NULL);
    if (!p)
        return -1;
    kc_document whole, parts;
    kc_error err = {0};
    kc_document_init(&whole, src, strlen(src));
    kc_document_init(&parts, src, strlen(src));
    whole.keep_keys = parts.keep_keys = keep;
    int ok = kc_parse_whole(&whole, &err);
    kc_error split_err = {0};
    int joined, split_ok = kc_parse_split_at(&parts, (size_t)(p - src), &joined, &split_err);
    CHECK(split_ok == ok);
    CHECK(ok || (split_err.line == err.line && split_err.column == err.column &&
                 strcmp(split_err.message, err.message) == 0));
    CHECK(!ok || (parts.node_count == whole.node_count && parts.root == whole.root &&
                  parts.source_nodes == whole.source_nodes && parts.anchor_count == whole.anchor_count &&
                  parts.alias_count == whole.alias_count));
    for (size_t i = 0; ok && i < whole.node_count && i < parts.node_count; i++) {
        const kc_node *a = &whole.nodes[i], *b = &parts.nodes[i];
        CHECK(a->start == b->start && a->end == b->end && a->line == b->line &&
              a->column == b->column && a->parent == b->parent && a->next == b->next &&
              a->first_child == b->first_child && a->last_child == b->last_child &&
              a->count == b->count && a->type == b->type && a->skipped == b->skipped &&
              a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0);
    }
    kc_document_free(&whole);
    kc_document_free(&parts);
    return joined;
}

/* Cut before `at`; joined (1) or refused (0), and why. */
static const struct {
    const char *src, *at;
    int joined;
} cases[] = {
    {fleet, "contexts:", 1},
    {fleet, "users:", 1},
    {"a: |\n  text\n\n\nusers: []\n", "users:", 1}, /* after a block scalar's blank lines */
    {"a: 1\r\nb:\r\n- x\r\nusers: [u]\r\n", "users:", 1}, /* CRLF, an indentless sequence */
    {"a:\nb: \xc3\xa9t\xc3\xa9\nusers:\n- name: \xe2\x82\xac\n", "users:", 1}, /* null, UTF-8 */
    {"a: &x 1\nb: *x\nusers: []\n", "users:", 1}, /* an anchor used before the cut */
    /* a later document, or the first one ended, before the cut */
    {"a: 1\n---\nb: 2\nusers: []\n", "users:", 0},
    {"a: 1\n...\nusers: []\n", "users:", 0},
    {"%YAML 1.1\n---\na: 1\nusers: []\n", "users:", 0}, /* directives hold for all of it */
    {"a: &x 1\nusers: *x\n", "users:", 0},                /* an alias of an anchor before */
    {"a: &x 1\nusers: &y [*y]\n", "users:", 0},           /* any anchor after the cut */
    {"a: &x 1\nusers: {\"k\":*x}\n", "users:", 0},        /* an alias right after a flow colon */
    /* open across the cut: a quoted scalar, a flow collection */
    {"a: \"one\nusers: two\"\nb: 1\n", "users:", 0},
    {"a: {b: 1,\nusers: 2}\n", "users:", 0},
    /* the root is not a block mapping at column 0 */
    {"- a\nusers: 1\n", "users:", 0},
    {"{a: 1}\nusers: 1\n", "users:", 0},
    {"a:\n  b: 1\nusers\n", "users", 0}, /* not a key */
    /* an error on either side: one pass gives it, not the parts */
    {"a: b: c\nusers: []\n", "users:", 0},
    {"a: 1\nusers: [\n", "users:", 0},
    {"a: 1\nusers: []\n", "1\n", 0}, /* not at a line start */
    /* a BOM at the cut: the second part would drop it, one pass counts it */
    {"a:\n\xef\xbb\xbfusers: x\n", "\xef\xbb\xbf", 0},
    {"a: 1\n\xef\xbb\xbfusers: x\n", "\xef\xbb\xbf", 0},
};

static void test_joined_only_when_one_pass_agrees(void)
{
    static const char *const users_only[] = {"users", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int joined = cut(cases[i].src, cases[i].at, NULL);
        if (joined != cases[i].joined)
            fprintf(stderr, "case %zu: cut before \"%s\": joined %d\n", i, cases[i].at, joined);
        CHECK(joined == cases[i].joined);
        CHECK(cut(cases[i].src, cases[i].at, users_only) == cases[i].joined);
    }
    /* lean: the skipped value ends right at the cut */
    CHECK(cut(fleet, "contexts:", users_only) == 1);
}

static void test_split_point(void)
{
    /* the key line nearest the middle; none without one */
    size_t at = kc_split_point(fleet, strlen(fleet));
    CHECK(at > 0 && strncmp(fleet + at, "contexts:", 9) == 0);
    CHECK(kc_split_point("- a\n- b\n- c\n", 12) == 0);
    CHECK(kc_split_point("a: 1\n", 5) == 0); /* the first line has nothing before it */
    CHECK(kc_split_point("a: 1\n  b: 2\n", 12) == 0);
    const char *s = "a: 1\nb: 2\nc: 3\nd: 4\n";
    at = kc_split_point(s, strlen(s));
    CHECK(at > 0 && (s[at] == 'b' || s[at] == 'c'));
}

void test_parse_split(void)
{
    test_joined_only_when_one_pass_agrees();
    test_split_point();
}
