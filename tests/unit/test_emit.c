/* emit.c + render.c: the splice, comments, the file's own style. */
#include <stdlib.h>

#include "harness.h"
#include "kubeconvert.h"

/* Convert src with devicecode defaults; returns the output (static). */
static const char *convert(const char *src, const char *login)
{
    static kc_buffer out;
    kc_output output = {0};
    kc_document doc;
    kc_result res;
    kc_error err = {0};
    kc_options o = {0};
    kc_renderer renderer;
    kc_renderer_initialize(&renderer);
    o.login_method = login ? login : "devicecode";
    kc_document_init(&doc, src, strlen(src));
    kc_result_init(&res);
    kc_buffer_free(&out);
    int ok = kc_parse(&doc, &err) && kc_convert(&doc, &o, NULL, NULL, "f", &res, &err) &&
             kc_emit(&renderer, &doc, &res, &output, &err);
    if (ok)
        kc_output_join(&output, &out);
    kc_renderer_delete(&renderer);
    kc_output_free(&output);
    if (!ok)
        fprintf(stderr, "  convert failed: %s\n", err.message);
    kc_result_free(&res);
    kc_document_free(&doc);
    return ok ? out.data : "(error)";
}

#define PROVIDER(indent)                                                   \
    indent "auth-provider:\n" indent "  config:\n" indent "    apiserver-id: S\n" \
    indent "    client-id: C\n" indent "    tenant-id: T\n" indent "    config-mode: '1'\n" \
    indent "  name: azure\n"

static const char hint2[] =
    "installHint: |2\n\n"
    "        kubelogin is not installed which is required to connect to AAD enabled cluster.\n\n"
    "        To learn more, please go to https://azure.github.io/kubelogin/\n";

static void test_replaces_only_the_block(void)
{
    const char *src = "# head\nusers:\n- name: a   # keep\n  user:\n" PROVIDER("    ") "- name: b\n";
    char expected[2048];
    snprintf(expected, sizeof expected,
             "# head\nusers:\n- name: a   # keep\n  user:\n    exec:\n"
             "      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n"
             "      - get-token\n      - --login\n      - devicecode\n      - --server-id\n      - S\n"
             "      - --client-id\n      - C\n      - --tenant-id\n      - T\n"
             "      command: kubelogin\n      %s- name: b\n", hint2);
    CHECK_STR(convert(src, NULL), expected);
}

static void test_comments_move_above(void)
{
    const char *src = "users:\n- name: a\n  user:\n    auth-provider: # why\n      config:\n"
                      "        # the server\n        apiserver-id: S # app\n"
                      "        client-id: C\n        tenant-id: 'T#x'\n      name: azure  # last\n";
    const char *out = convert(src, "azurecli");
    CHECK_STR(out, "users:\n- name: a\n  user:\n    # why\n    # the server\n    # app\n    # last\n"
                   "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n"
                   "      - get-token\n      - --login\n      - azurecli\n      - --server-id\n      - S\n"
                   "      command: kubelogin\n      installHint: |2\n\n"
                   "        kubelogin is not installed which is required to connect to AAD enabled cluster.\n\n"
                   "        To learn more, please go to https://azure.github.io/kubelogin/\n");
}

static void test_file_style(void)
{
    /* 4-space step, indented sequences, CRLF */
    const char *src = "users:\r\n    - name: a\r\n      user:\r\n          auth-provider:\r\n"
                      "              config: {apiserver-id: S}\r\n              name: azure\r\n";
    CHECK_STR(convert(src, "azd"),
              "users:\r\n    - name: a\r\n      user:\r\n          exec:\r\n"
              "              apiVersion: client.authentication.k8s.io/v1beta1\r\n"
              "              args:\r\n                  - get-token\r\n                  - --login\r\n"
              "                  - azd\r\n                  - --server-id\r\n                  - S\r\n"
              "              command: kubelogin\r\n              installHint: |4\r\n\r\n"
              "                  kubelogin is not installed which is required to connect to AAD enabled cluster.\r\n\r\n"
              "                  To learn more, please go to https://azure.github.io/kubelogin/\r\n");
}

static void test_flow_and_no_final_newline(void)
{
    const char *src = "users:\n- {name: a, user: {auth-provider: {name: azure, config: {apiserver-id: '1'}}}}";
    CHECK_STR(convert(src, "azd"),
              "users:\n- {name: a, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, "
              "args: [get-token, --login, azd, --server-id, '1'], command: kubelogin, installHint: "
              "\"\\nkubelogin is not installed which is required to connect to AAD enabled cluster.\\n"
              "\\nTo learn more, please go to https://azure.github.io/kubelogin/\\n\"}}}");

    /* At the end of a file without a final newline a literal block would
     * lose its last line break, so the hint is double-quoted there. */
    const char *eof = "users:\n- name: a\n  user:\n    auth-provider:\n      config: {apiserver-id: S}\n      name: azure";
    const char *out = convert(eof, "azd");
    CHECK(strstr(out, "installHint: \"\\nkubelogin") != NULL);
    CHECK(out[strlen(out) - 1] == '"');
}

static void test_quoting_by_libyaml(void)
{
    const char *src = "users:\n- name: a\n  user:\n    auth-provider:\n      config:\n"
                      "        apiserver-id: 'yes'\n        client-id: '0123'\n        tenant-id: 'a: b'\n"
                      "        environment: '*x'\n      name: azure\n";
    const char *out = convert(src, NULL);
    CHECK(strstr(out, "      - 'yes'\n") != NULL);
    CHECK(strstr(out, "      - '0123'\n") != NULL);
    CHECK(strstr(out, "      - 'a: b'\n") != NULL);
    CHECK(strstr(out, "      - '*x'\n") != NULL);
    CHECK(strstr(out, "      - --legacy\n") != NULL); /* config-mode absent means legacy */
}

static void test_exec_and_provider_both(void)
{
    /* kubelogin leaves one of them: the provider goes, its comment stays. */
    const char *src = "users:\n- name: a\n  user:\n    exec:\n      command: kubelogin\n"
                      "      args: [get-token, --server-id, S]\n    auth-provider:\n      # old\n"
                      "      name: oidc\n    token: t\n";
    CHECK_STR(convert(src, "azd"),
              "users:\n- name: a\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
              "      args:\n      - get-token\n      - --login\n      - azd\n      - --server-id\n      - S\n"
              "      command: kubelogin\n      installHint: |2\n\n"
              "        kubelogin is not installed which is required to connect to AAD enabled cluster.\n\n"
              "        To learn more, please go to https://azure.github.io/kubelogin/\n"
              "    # old\n    token: t\n");
}

void test_emit(void)
{
    test_replaces_only_the_block();
    test_comments_move_above();
    test_file_style();
    test_flow_and_no_final_newline();
    test_quoting_by_libyaml();
    test_exec_and_provider_both();
}

/* One full pass: parse src, convert with o, emit; the output (static). */
static const char *pass(const char *src, kc_options *o)
{
    static kc_buffer out;
    kc_document doc;
    kc_result res;
    kc_output output = {0};
    kc_error err = {0};
    kc_renderer renderer;
    kc_renderer_initialize(&renderer);
    kc_document_init(&doc, src, strlen(src));
    kc_result_init(&res);
    int ok = kc_parse(&doc, &err) && kc_convert(&doc, o, NULL, NULL, "f", &res, &err) &&
             kc_emit(&renderer, &doc, &res, &output, &err);
    if (ok)
        kc_output_join(&output, &out);
    kc_renderer_delete(&renderer);
    kc_output_free(&output);
    kc_result_free(&res);
    kc_document_free(&doc);
    return ok ? out.data : NULL;
}

/* legacy -> exec -> azure gives back the same five config values */
void test_round_trip(void)
{
    const char *legacy = "users:\n- name: a\n  user:\n    auth-provider:\n      config:\n"
                         "        apiserver-id: S\n        client-id: C\n        config-mode: '0'\n"
                         "        environment: AzureUSGovernmentCloud\n        tenant-id: T\n"
                         "        access-token: secret\n      name: azure\n";
    kc_options to_exec = {0}, to_azure = {0};
    to_exec.login_method = to_azure.login_method = "devicecode";
    to_azure.format = KC_FORMAT_AZURE;
    char exec_text[4096];
    const char *e = pass(legacy, &to_exec);
    CHECK(e != NULL && strstr(e, "exec:") && !strstr(e, "secret"));
    snprintf(exec_text, sizeof exec_text, "%s", e ? e : "");
    const char *back = pass(exec_text, &to_azure);
    CHECK_STR(back, "users:\n- name: a\n  user:\n    auth-provider:\n      config:\n"
                    "        apiserver-id: S\n        client-id: C\n        config-mode: '0'\n"
                    "        environment: AzureUSGovernmentCloud\n        tenant-id: T\n      name: azure\n");
}
