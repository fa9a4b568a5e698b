/* The transformer passes: selection, values, the exec and azure builders. */
#include <stdlib.h>

#include "harness.h"
#include "kubeconvert.h"

static const char legacy_user[] =
    "users:\n"
    "- name: a\n"
    "  user:\n"
    "    auth-provider:\n"
    "      config:\n"
    "        apiserver-id: S\n"
    "        client-id: C\n"
    "        tenant-id: T\n"
    "        config-mode: '1'\n"
    "      name: azure\n"
    "- name: b\n"
    "  user:\n"
    "    token: x\n";

typedef struct run {
    kc_document doc;
    kc_result res;
    kc_error err;
    int ok;
} run;

static void run_convert(run *r, const char *src, kc_options *o, const char *context_user)
{
    memset(r, 0, sizeof *r);
    if (!o->login_method)
        o->login_method = "devicecode";
    kc_document_init(&r->doc, src, strlen(src));
    kc_result_init(&r->res);
    r->ok = kc_parse(&r->doc, &r->err) &&
            kc_convert(&r->doc, o, &(kc_selection){.context_user = context_user}, NULL, "f",
                       &r->res, &r->err);
}

static void run_free(run *r)
{
    kc_result_free(&r->res);
    kc_document_free(&r->doc);
}

/* The new entry's args joined by spaces. */
static const char *args_of(run *r, size_t edit)
{
    static char buf[1024];
    buf[0] = '\0';
    int args = kc_map_get(&r->doc, r->res.edits[edit].new_value, "args", NULL);
    for (int a = r->doc.nodes[args].first_child; a != KC_NONE; a = r->doc.nodes[a].next) {
        if (buf[0])
            strcat(buf, " ");
        strcat(buf, kc_string(&r->doc, a));
    }
    return buf;
}

static void test_legacy_devicecode(void)
{
    kc_options o = {0};
    run r;
    run_convert(&r, legacy_user, &o, NULL);
    CHECK(r.ok);
    CHECK(r.res.edit_count == 1 && r.res.user_count == 2);
    if (r.res.edit_count == 1) {
        CHECK_STR(r.res.edits[0].new_key, "exec");
        CHECK_STR(args_of(&r, 0), "get-token --login devicecode --server-id S --client-id C --tenant-id T");
        CHECK_STR(kc_string(&r.doc, kc_map_get(&r.doc, r.res.edits[0].new_value, "command", NULL)), "kubelogin");
    }
    CHECK(r.res.users[0].action == KC_ACTION_CONVERTED);
    CHECK_STR(r.res.users[0].reason, "legacy azure -> kubelogin devicecode");
    CHECK(r.res.users[1].action == KC_ACTION_SKIPPED);
    CHECK_STR(r.res.users[1].reason, "not an azure user");
    run_free(&r);
}

static void test_flags_win_and_methods(void)
{
    kc_options o = {0};
    o.server_id = (kc_flag){"S2", 1};
    o.login_method = "spn";
    o.client_secret = (kc_flag){"sec", 1};
    o.legacy = o.legacy_set = 1;
    run r;
    run_convert(&r, legacy_user, &o, NULL);
    CHECK(r.ok && r.res.edit_count == 1);
    if (r.ok && r.res.edit_count == 1)
        CHECK_STR(args_of(&r, 0), "get-token --login spn --server-id S2 --client-id C --tenant-id T "
                                  "--client-secret sec --legacy");
    run_free(&r);

    kc_options m = {0};
    m.login_method = "msi";
    m.identity_resource_id = (kc_flag){"/id", 1};
    run_convert(&r, legacy_user, &m, NULL);
    CHECK(r.ok && r.res.edit_count == 1);
    if (r.ok && r.res.edit_count == 1)
        CHECK_STR(args_of(&r, 0), "get-token --login msi --server-id S --identity-resource-id /id");
    run_free(&r);
}

static void test_required_and_pop_errors(void)
{
    static const char no_server[] =
        "users:\n- name: a\n  user:\n    auth-provider:\n      config: {client-id: C, tenant-id: T}\n      name: azure\n";
    kc_options o = {0};
    run r;
    run_convert(&r, no_server, &o, NULL);
    CHECK(!r.ok && r.err.set);
    CHECK_STR(r.err.message, "--server-id is required");
    CHECK_STR(r.err.user, "a");
    CHECK(r.err.line == 4 && r.err.column == 5);
    run_free(&r);

    kc_options p = {0};
    p.login_method = "interactive";
    p.pop_enabled = p.pop_enabled_set = 1;
    run_convert(&r, legacy_user, &p, NULL);
    CHECK(!r.ok);
    CHECK_STR(r.err.message, "--pop-claims is required when specifying --pop-enabled");
    run_free(&r);
}

static void test_exec_values_and_idempotence(void)
{
    static const char exec_user[] =
        "users:\n- name: e\n  user:\n    exec:\n      command: /usr/local/bin/KubeLogin\n"
        "      args: [get-token, --server-id, S, --token-cache-dir, /c, --legacy, --client-id, C,"
        " --tenant-id, T, --login, spn]\n";
    kc_options o = {0};
    run r;
    run_convert(&r, exec_user, &o, NULL);
    CHECK(r.ok && r.res.edit_count == 1);
    if (r.ok && r.res.edit_count == 1)
        CHECK_STR(args_of(&r, 0), "get-token --login devicecode --server-id S --cache-dir /c "
                                  "--client-id C --tenant-id T --legacy");
    CHECK_STR(r.res.users[0].reason, "kubelogin spn -> kubelogin devicecode");
    run_free(&r);

    static const char done[] =
        "users:\n- name: e\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
        "      args: [get-token, --login, azurecli, --server-id, S]\n      command: kubelogin\n"
        "      installHint: hint\n";
    kc_options a = {0};
    a.login_method = "azurecli";
    run_convert(&r, done, &a, NULL);
    CHECK(r.ok && r.res.edit_count == 0);
    CHECK(r.res.user_count == 1 && r.res.users[0].action == KC_ACTION_UNCHANGED);
    run_free(&r);
}

static void test_context_and_duplicates(void)
{
    kc_options o = {0};
    run r;
    run_convert(&r, legacy_user, &o, "b");
    CHECK(r.ok && r.res.edit_count == 0);
    CHECK_STR(r.res.users[0].reason, "outside --context");
    run_free(&r);

    static const char dup[] = "users:\n- name: a\n  user: {}\n- name: a\n  user: {}\n";
    run_convert(&r, dup, &o, NULL);
    CHECK(!r.ok && r.err.line == 4);
    run_free(&r);

    static const char ctx[] = "contexts:\n- name: c1\n  context: {user: u1, cluster: k}\n";
    kc_document doc;
    const char *user = NULL;
    kc_document_init(&doc, ctx, strlen(ctx));
    kc_error err = {0};
    CHECK(kc_parse(&doc, &err));
    CHECK(kc_find_context_user(&doc, "c1", &user) && user && strcmp(user, "u1") == 0);
    CHECK(!kc_find_context_user(&doc, "nope", &user));
    kc_document_free(&doc);
}

static void test_back_to_azure(void)
{
    static const char exec_user[] =
        "users:\n- name: e\n  user:\n    exec:\n      command: kubelogin\n"
        "      args: [get-token, --login, devicecode, --server-id, S, --client-id, C, --tenant-id, T,"
        " --environment, AzureChinaCloud, --legacy]\n";
    kc_options o = {0};
    o.format = KC_FORMAT_AZURE;
    run r;
    run_convert(&r, exec_user, &o, NULL);
    CHECK(r.ok && r.res.edit_count == 1);
    if (r.ok && r.res.edit_count == 1) {
        int p = r.res.edits[0].new_value;
        int config = kc_map_get(&r.doc, p, "config", NULL);
        CHECK_STR(r.res.edits[0].new_key, "auth-provider");
        CHECK_STR(kc_string(&r.doc, kc_map_get(&r.doc, p, "name", NULL)), "azure");
        CHECK_STR(kc_string(&r.doc, kc_map_get(&r.doc, config, "apiserver-id", NULL)), "S");
        CHECK_STR(kc_string(&r.doc, kc_map_get(&r.doc, config, "config-mode", NULL)), "0");
        CHECK_STR(kc_string(&r.doc, kc_map_get(&r.doc, config, "environment", NULL)), "AzureChinaCloud");
    }
    run_free(&r);
}

void test_passes(void)
{
    test_legacy_devicecode();
    test_flags_win_and_methods();
    test_required_and_pop_errors();
    test_exec_values_and_idempotence();
    test_context_and_duplicates();
    test_back_to_azure();
}
