/* mask.c: secrets never reach a diff, in any of the forms a file has; and
 * error.c: every name shown is safe for a terminal and for JSON. */
#include <stdlib.h>

#include "harness.h"
#include "mask.h"
#include "parse_split.h"

/* text with every line masked as the diff prints it. */
static char *masked(const char *text)
{
    kc_ranges r = {0};
    kc_buffer all = {0}, line = {0};
    size_t len = strlen(text);
    kc_secret_ranges_of(text, len, &r);
    kc_buffer_append(&all, "", 0);
    for (size_t a = 0; a < len;) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) : len;
        kc_mask_line(text, a, b, &r, &line);
        kc_buffer_append(&all, line.data, line.len);
        if (nl)
            kc_buffer_puts(&all, "\n");
        a = b + 1;
    }
    kc_ranges_free(&r);
    kc_buffer_free(&line);
    return all.data;
}

#define CHECK_MASKED(text, expected)          \
    do {                                      \
        char *m_ = masked(text);              \
        CHECK_STR(m_, expected);              \
        free(m_);                             \
    } while (0)

static void test_secret_definition(void)
{
    CHECK(kc_secret_key("token") && kc_secret_key("Token") && kc_secret_key("idp-refresh-token"));
    CHECK(kc_secret_key("client-key-data") && kc_secret_key("password"));
    CHECK(!kc_secret_key("tokenFile") && !kc_secret_key("client-certificate-data") &&
          !kc_secret_key("username"));
    CHECK(kc_secret_flag("--client-secret") == KC_SECRET_NEXT);
    CHECK(kc_secret_flag("--password=x") == KC_SECRET_INLINE);
    CHECK(kc_secret_flag("--client-certificate-password") == KC_SECRET_NEXT);
    CHECK(kc_secret_flag("--client-certificate") == 0 && kc_secret_flag("--passwords") == 0 &&
          kc_secret_flag("--token-cache-dir") == 0);
}

static void test_secret_spans(void)
{
    CHECK_MASKED("a:\n  access-token: eyJ0eXAi.x.y\n  expires-on: 1\n",
                 "a:\n  access-token: ***\n  expires-on: 1\n");
    CHECK_MASKED("token: abc # t\n", "token: *** # t\n");
    CHECK_MASKED("user: {token: abc, username: u}\n", "user: {token: ***, username: u}\n");
    CHECK_MASKED("{\"users\": [{\"user\": {\"refresh-token\": \"r\\\"x\", \"n\": 1}}]}",
                 "{\"users\": [{\"user\": {\"refresh-token\": ***, \"n\": 1}}]}");
    CHECK_MASKED("\"token\": 'a,b'\n", "\"token\": ***\n");
    CHECK_MASKED("Password: x\n", "Password: ***\n");
    /* exec args: the item after a secret flag, the part after '=' */
    CHECK_MASKED("args: [get-token, --client-secret, 's,x', --password, p]\n",
                 "args: [get-token, --client-secret, ***, --password, ***]\n");
    CHECK_MASKED("args:\n- --password\n- hunter2\n- --server-id\n- S\n",
                 "args:\n- --password\n- ***\n- --server-id\n- S\n");
    CHECK_MASKED("args:\n- --client-secret=s3cr3t\n- \"--password=p\\\"w\"\n- --client-id=c\n",
                 "args:\n- --client-secret=***\n- \"--password=***\"\n- --client-id=c\n");
    CHECK_MASKED("args: [\"--client-secret\\x3ds3\"]\n", "args: [***]\n");
    /* every value of an exec env list */
    CHECK_MASKED("env:\n- name: AZURE_CONFIG_DIR\n  value: /s3\n- {name: B, value: b}\n",
                 "env:\n- name: AZURE_CONFIG_DIR\n  value: ***\n- {name: B, value: ***}\n");
    /* multi-line values: every line, blank lines and indentation kept */
    CHECK_MASKED("k:\n  access-token: >-\n    eyJ0eXAi\n\n    more.part\n  expires-on: \"1\"\n",
                 "k:\n  access-token: ***\n    ***\n\n    ***\n  expires-on: \"1\"\n");
    CHECK_MASKED("token: |\n  line1\n  line2\nnext: 1\n", "token: ***\n  ***\n  ***\nnext: 1\n");
    CHECK_MASKED("token: \"a\n  b\"\nnext: 1\n", "token: ***\n  ***\nnext: 1\n");
    CHECK_MASKED("token: a\n  b\nnext: 1\n", "token: ***\n  ***\nnext: 1\n");
    /* an explicit key, a collection under a secret key, an alias to a secret */
    CHECK_MASKED("? client-secret\n: s3cr3t\n", "? client-secret\n: ***\n");
    CHECK_MASKED("password:\n  a: x\n  b: [y, z]\n", "password:\n  ***: ***\n  ***: [***, ***]\n");
    CHECK_MASKED("x: &s s3cr3t\ntoken: *s\n", "x: ***\ntoken: *s\n");
    /* CRLF: the \r stays, the value goes */
    CHECK_MASKED("token: abc\r\nx: 1\r\n", "token: ***\r\nx: 1\r\n");
    /* not secrets */
    CHECK_MASKED("args: [get-token, --token-cache-dir, /t]\ntokenFile: /x\nname: token\n",
                 "args: [get-token, --token-cache-dir, /t]\ntokenFile: /x\nname: token\n");
    /* a second document is not built: shown as *** from its start */
    CHECK_MASKED("a: 1\n# c\n---\ntoken: x\n", "a: 1\n# c\n***\n***\n");
    /* a text that does not parse is all secret */
    CHECK_MASKED("token: [x\n", "***\n");
}

static void test_lean_document(void)
{
    /* values left unbuilt (keep_keys) count as secret as a whole */
    static const char *const users_only[] = {"users", NULL};
    const char *src = "clusters:\n- token: s\nusers:\n- name: u\n  user: {token: t}\n";
    kc_document doc;
    kc_error err = {0};
    kc_ranges r = {0};
    kc_document_init(&doc, src, strlen(src));
    doc.keep_keys = users_only;
    CHECK(kc_parse(&doc, &err));
    kc_secret_ranges(&doc, &r);
    CHECK(r.count == 2 && r.items[0].start == 10 && r.items[0].end == 20);
    CHECK(r.count == 2 && strncmp(src + r.items[1].start, "t}", 2) == 0 && r.items[1].end - r.items[1].start == 1);
    kc_ranges_free(&r);
    kc_document_free(&doc);
}

static void test_escape(void)
{
    char buf[256];
    kc_escape_display(buf, sizeof buf, "a\x1b[2Jb\nc\rd\x7f", 11);
    CHECK_STR(buf, "a\\x1b[2Jb\\x0ac\\x0dd\\x7f");
    /* C1 (CSI as U+009B), RLO, U+2028, malformed and overlong bytes */
    kc_escape_display(buf, sizeof buf, "\xc2\x9b|\xe2\x80\xae|\xe2\x80\xa8|\xff|\xc0\xaf|\xe2\x82", 18);
    CHECK_STR(buf, "\\xc2\\x9b|\\xe2\\x80\\xae|\\xe2\\x80\\xa8|\\xff|\\xc0\\xaf|\\xe2\\x82");
    /* what is safe stays as it is */
    kc_escape_display(buf, sizeof buf, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 a\\b", 18);
    CHECK_STR(buf, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 a\\b");
    /* JSON: only the bytes that are not UTF-8 */
    kc_escape_utf8(buf, sizeof buf, "a\x1b\xff\xc3\xa9", 5);
    CHECK_STR(buf, "a\x1b\\xff\xc3\xa9");
    /* never half an escape */
    CHECK(kc_escape_display(buf, 6, "ab\x1b", 3) == 2 && strcmp(buf, "ab") == 0);

    kc_error err = {0};
    kc_set_error(&err, KC_EXIT_FAILURE, 2, 4, "evil\x1b]0;x\x07\nkubeconvert: forged", "duplicate key \"%s\"",
                 "k\r");
    kc_format_error(buf, sizeof buf, "dir\n/config", &err);
    CHECK_STR(buf, "dir\\x0a/config:3:5: user \"evil\\x1b]0;x\\x07\\x0akubeconvert: forged\": "
                   "duplicate key \"k\\x0d\"");
}

void test_mask(void)
{
    test_secret_definition();
    test_secret_spans();
    test_lean_document();
    test_escape();
}
