/* Pass 3: build the kubelogin exec entry for one user, with kubelogin's
 * argument order and checks per login method (spec: "The new exec entry"). */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "passes.h"

#define EXEC_API_VERSION "client.authentication.k8s.io/v1beta1"
#define EXEC_INSTALL_HINT                                                            \
    "\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n" \
    "\nTo learn more, please go to https://azure.github.io/kubelogin/\n"

typedef struct builder {
    kc_document *doc;
    int args;
    int ok;
    const kc_candidate *c;
    kc_error *err;
} builder;

static void arg(builder *b, const char *value)
{
    if (b->ok)
        kc_seq_add_string(b->doc, b->args, value);
}

static void fail(builder *b, const char *message);

/* A value that looks like a flag would be read back as one (collect_values.c):
 * refuse it rather than write args that change meaning on the next run. */
static void pair(builder *b, const char *flag, const char *value)
{
    /* "-x..." too: read back, "-enant-id" would be -e with "nant-id" */
    if (value[0] == '-' && value[1] != '\0') {
        const char *dashes = value[1] == '-' ? "--" : "-";
        char message[160];
        /* a secret's value is never quoted (kc_secret_flag) */
        if (kc_secret_flag(flag) || kc_secret_flag(value))
            snprintf(message, sizeof message, "the value for %s starts with %s like a flag", flag, dashes);
        else
            snprintf(message, sizeof message, "the value for %s, \"%.60s\", starts with %s like a flag",
                     flag, value, dashes);
        fail(b, message);
    }
    arg(b, flag);
    arg(b, value);
}

static void flag_pair(builder *b, const char *name, const kc_flag *f)
{
    if (f->set)
        pair(b, name, f->value);
}

static void fail(builder *b, const char *message)
{
    size_t line, col;
    if (!b->ok)
        return;
    kc_candidate_pos(b->doc, b->c, &line, &col);
    b->ok = kc_set_error(b->err, KC_EXIT_FAILURE, line, col, b->c->name, "%s", message);
}

static void required(builder *b, const char *name, const char *value)
{
    if (!*value) {
        char message[64];
        snprintf(message, sizeof message, "%s is required", name);
        fail(b, message);
    }
    pair(b, name, value);
}

/* --client-id, --tenant-id (both required) and --environment if known. */
static void identity(builder *b, const kc_auth_values *v)
{
    required(b, "--client-id", v->client_id);
    required(b, "--tenant-id", v->tenant_id);
    if (*v->environment)
        pair(b, "--environment", v->environment);
}

/* --pop-enabled and --pop-claims only together. */
static void pop_pair(builder *b, const kc_auth_values *v)
{
    if (v->pop_enabled && !*v->pop_claims)
        fail(b, "--pop-claims is required when specifying --pop-enabled");
    else if (*v->pop_claims && !v->pop_enabled)
        fail(b, "--pop-enabled is required when specifying --pop-claims");
    else if (v->pop_enabled) {
        arg(b, "--pop-enabled");
        pair(b, "--pop-claims", v->pop_claims);
    }
}

static void legacy(builder *b, const kc_auth_values *v)
{
    if (v->legacy)
        arg(b, "--legacy");
}

static void method_args(builder *b, const kc_options *o, const kc_auth_values *v)
{
    const char *m = o->login_method;
    if (strcmp(m, "devicecode") == 0) {
        identity(b, v);
        legacy(b, v);
    } else if (strcmp(m, "interactive") == 0) {
        identity(b, v);
        pop_pair(b, v);
        if (*v->redirect_url)
            pair(b, "--redirect-url", v->redirect_url);
        if (*v->login_hint)
            pair(b, "--login-hint", v->login_hint);
    } else if (strcmp(m, "spn") == 0) {
        identity(b, v);
        flag_pair(b, "--client-secret", &o->client_secret);
        flag_pair(b, "--client-certificate", &o->client_certificate);
        flag_pair(b, "--client-certificate-password", &o->client_certificate_password);
        legacy(b, v);
        pop_pair(b, v);
        if (o->disable_env_override_set && o->disable_env_override)
            arg(b, "--disable-environment-override");
    } else if (strcmp(m, "ropc") == 0) {
        identity(b, v);
        flag_pair(b, "--username", &o->username);
        flag_pair(b, "--password", &o->password);
        legacy(b, v);
        pop_pair(b, v);
    } else if (strcmp(m, "msi") == 0) {
        if (o->client_id.set)
            pair(b, "--client-id", o->client_id.value);
        else
            flag_pair(b, "--identity-resource-id", &o->identity_resource_id);
    } else if (strcmp(m, "azurecli") == 0) {
        /* kubelogin#123: a tenant from the old entry would break az logged in
         * with a managed identity, so only an explicit flag counts. */
        flag_pair(b, "--tenant-id", &o->tenant_id);
        flag_pair(b, "--subscription", &o->subscription);
    } else if (strcmp(m, "azd") == 0) {
        flag_pair(b, "--tenant-id", &o->tenant_id);
    } else if (strcmp(m, "workloadidentity") == 0) {
        flag_pair(b, "--client-id", &o->client_id);
        flag_pair(b, "--tenant-id", &o->tenant_id);
        flag_pair(b, "--authority-host", &o->authority_host);
        flag_pair(b, "--federated-token-file", &o->federated_token_file);
    } else if (strcmp(m, "azurepipelines") == 0) {
        required(b, "--tenant-id", v->tenant_id);
        flag_pair(b, "--azure-pipelines-service-connection-id", &o->pipelines_connection_id);
    }
}

int kc_build_exec(kc_document *doc, const kc_options *o, const kc_auth_values *v,
                  const kc_candidate *c, int *out, kc_error *err)
{
    builder b = {doc, KC_NONE, 1, c, err};
    int exec = kc_node_new(doc, KC_MAPPING, NULL, 0);
    int args_key = kc_new_scalar(doc, "args");
    b.args = kc_node_new(doc, KC_SEQUENCE, NULL, 0);
    kc_map_add_string(doc, exec, "apiVersion", EXEC_API_VERSION);
    kc_node_append(doc, exec, args_key);
    kc_node_append(doc, exec, b.args);

    arg(&b, "get-token");
    pair(&b, "--login", o->login_method);
    required(&b, "--server-id", v->server_id); /* every login method needs it */
    if (*v->cache_dir)
        pair(&b, "--cache-dir", v->cache_dir);
    method_args(&b, o, v);
    if (!b.ok)
        return 0;

    kc_map_add_string(doc, exec, "command", "kubelogin");
    if (strcmp(o->login_method, "azurecli") == 0 && o->azure_config_dir.set && *o->azure_config_dir.value) {
        int env_key = kc_new_scalar(doc, "env");
        int env = kc_node_new(doc, KC_SEQUENCE, NULL, 0);
        int var = kc_node_new(doc, KC_MAPPING, NULL, 0);
        kc_map_add_string(doc, var, "name", "AZURE_CONFIG_DIR");
        kc_map_add_string(doc, var, "value", o->azure_config_dir.value);
        kc_node_append(doc, env, var);
        kc_node_append(doc, exec, env_key);
        kc_node_append(doc, exec, env);
    }
    kc_map_add_string(doc, exec, "installHint", *v->install_hint ? v->install_hint : EXEC_INSTALL_HINT);
    *out = exec;
    return 1;
}

/* What kubelogin's serialiser adds to every exec entry it writes, and what
 * kubectl reads as absent: `env: null` and `provideClusterInfo: false`. */
static int serialiser_default(const kc_document *doc, const char *key, int value)
{
    const kc_node *v = &doc->nodes[value];
    if (strcmp(key, "env") == 0)
        return kc_is_null(doc, value) || (v->type == KC_SEQUENCE && v->count == 0);
    if (strcmp(key, "provideClusterInfo") == 0)
        return v->type == KC_SCALAR && v->style == YAML_PLAIN_SCALAR_STYLE && !v->tagged &&
               (strcmp(kc_string(doc, value), "false") == 0 || strcmp(kc_string(doc, value), "False") == 0 ||
                strcmp(kc_string(doc, value), "FALSE") == 0);
    return 0;
}

int kc_exec_same(const kc_document *doc, int built, int old)
{
    old = kc_resolve(doc, old);
    if (old == KC_NONE || doc->nodes[old].type != KC_MAPPING)
        return 0;
    size_t kept = 0;
    for (int k = doc->nodes[old].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
        const char *key = kc_string(doc, k);
        int value = kc_resolve(doc, doc->nodes[k].next);
        int mine = kc_map_get(doc, built, key, NULL);
        if (mine == KC_NONE && serialiser_default(doc, key, value))
            continue;
        if (mine == KC_NONE || !kc_node_equal(doc, mine, value))
            return 0;
        kept++;
    }
    return kept * 2 == doc->nodes[built].count;
}
