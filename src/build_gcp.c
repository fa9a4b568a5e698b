/* The other provider kubectl 1.26 removed: `auth-provider: {name: gcp}` users
 * into the exec entry gcloud writes for gke-gcloud-auth-plugin (spec: "GCP:
 * the gcp auth-provider"). Only what the plugin does the same way converts;
 * anything it would do otherwise is refused with the user's name, so the
 * result is never a config that authenticates differently. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "passes.h"

/* gcloud's values: lib/googlecloudsdk/api_lib/container/kubeconfig.py,
 * _ExecAuthPlugin and GKE_GCLOUD_AUTH_INSTALL_HINT (without the trailing
 * blank gcloud's string has: it would force quotes, and kubectl shows the hint
 * trimmed anyway). */
#define GCP_API_VERSION "client.authentication.k8s.io/v1beta1"
#define GCP_INSTALL_HINT                                                              \
    "Install gke-gcloud-auth-plugin for use with kubectl by following "              \
    "https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke"
/* The legacy provider's defaults, which gcloud also wrote out
 * (client-go plugin/pkg/client/auth/gcp, kubeconfig.py _AuthProvider). The
 * plugin reads the same `gcloud config config-helper` output. */
#define GCP_DEFAULT_ARGS "config config-helper --format=json"
#define GCP_DEFAULT_TOKEN_KEY "{.credential.access_token}"
#define GCP_DEFAULT_EXPIRY_KEY "{.credential.token_expiry}"

/* The last path component of a command, and whether it has a directory. */
static const char *base_name(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

static int ends_with_plugin(const char *command)
{
    const char *base = base_name(command);
    return strcmp(base, KC_GCP_PLUGIN) == 0 || strcasecmp(base, KC_GCP_PLUGIN ".exe") == 0;
}

kc_user_kind kc_gcp_kind(const kc_document *doc, int provider, int exec)
{
    if (strcmp(kc_string(doc, kc_map_get(doc, provider, "name", NULL)), "gcp") == 0)
        return KC_USER_GCP;
    if (provider == KC_NONE && ends_with_plugin(kc_string(doc, kc_map_get(doc, exec, "command", NULL))))
        return KC_USER_GCP_EXEC;
    return KC_USER_OTHER;
}

const char *kc_provider_unwanted(const kc_selection *sel, kc_user_kind kind)
{
    unsigned providers = sel && sel->providers ? sel->providers : KC_PROVIDER_AZURE;
    int gcp = kind == KC_USER_GCP || kind == KC_USER_GCP_EXEC;
    if (kind == KC_USER_OTHER)
        return providers & KC_PROVIDER_GCP
                   ? (providers & KC_PROVIDER_AZURE ? "not an azure or gcp user" : "not a gcp user")
                   : "not an azure user";
    if (gcp && !(providers & KC_PROVIDER_GCP))
        return "not an azure user";  /* as before --provider existed */
    if (!gcp && !(providers & KC_PROVIDER_AZURE))
        return "an azure user; --provider does not name azure";
    return NULL;
}

/* strings.Fields, compared word by word with want's words. */
static int same_words(const char *text, const char *want)
{
    for (;;) {
        while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r' || *text == '\v' || *text == '\f')
            text++;
        while (*want == ' ')
            want++;
        if (!*text || !*want)
            return !*text && !*want;
        size_t n = strcspn(text, " \t\n\r\v\f"), m = strcspn(want, " ");
        if (n != m || strncmp(text, want, n) != 0)
            return 0;
        text += n;
        want += m;
    }
}

/* Is this a legacy config value kubectl read as text (a scalar)? */
static const char *config_value(const kc_document *doc, int config, const char *key, int *present)
{
    int key_node;
    int value = kc_map_get(doc, config, key, &key_node);
    *present = key_node != KC_NONE;
    return kc_string(doc, value);
}

typedef struct gcp_plan {
    char command[4096];
    int adc; /* no cmd-path: the legacy provider used Application Default Credentials */
} gcp_plan;

static int refuse(const kc_document *doc, const kc_candidate *c, kc_error *err, const char *what)
{
    size_t line, col;
    kc_candidate_pos(doc, c, &line, &col);
    return kc_set_error(err, KC_EXIT_FAILURE, line, col, c->name,
                        "gcp auth-provider: %s; gke-gcloud-auth-plugin cannot do the same, "
                        "convert this user by hand", what);
}

/* An absolute path, as exec.command reads it (a relative one with a slash
 * would be taken relative to the kubeconfig's directory). */
static int is_absolute(const char *path)
{
    return path[0] == '/' || path[0] == '\\' ||
           (((path[0] | 0x20) >= 'a' && (path[0] | 0x20) <= 'z') && path[1] == ':' &&
            (path[2] == '\\' || path[2] == '/'));
}

/* Decide the new entry from the old config, or refuse (spec table). */
static int plan_gcp(const kc_document *doc, const kc_candidate *c, gcp_plan *plan, kc_error *err)
{
    static const char *const known[] = {"cmd-path", "cmd-args", "token-key", "expiry-key", "time-fmt",
                                        "access-token", "expiry", "scopes", NULL};
    int config = kc_map_get(doc, c->provider, "config", NULL);
    int present;
    strcpy(plan->command, KC_GCP_PLUGIN);
    plan->adc = 0;
    if (config != KC_NONE && !kc_is_null(doc, config)) {
        if (doc->nodes[config].type != KC_MAPPING)
            return refuse(doc, c, err, "config is not a mapping");
        for (int k = doc->nodes[config].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
            const char *key = kc_string(doc, k);
            size_t i = 0;
            while (known[i] && strcmp(known[i], key) != 0)
                i++;
            if (!known[i]) {
                char what[160];
                snprintf(what, sizeof what, "config key \"%.60s\" has no counterpart", key);
                return refuse(doc, c, err, what);
            }
            int v = kc_resolve(doc, doc->nodes[k].next);
            if (v == KC_NONE || doc->nodes[v].type != KC_SCALAR)
                return refuse(doc, c, err, "a config value is not a string");
        }
    }
    const char *cmd_path = config_value(doc, config, "cmd-path", &present);
    if (!present) {
        /* google.DefaultTokenSource with the provider's scopes: the plugin's
         * --use_application_default_credentials, whose scopes are the same
         * two defaults. */
        const char *scopes = config_value(doc, config, "scopes", &present);
        /* client-go's parseScopes: absent means the defaults, "" (or null)
         * means none, else strings.Split(scopes, ","), blanks and all */
        if (present && strcmp(scopes, "https://www.googleapis.com/auth/cloud-platform,"
                                      "https://www.googleapis.com/auth/userinfo.email") != 0 &&
            strcmp(scopes, "https://www.googleapis.com/auth/userinfo.email,"
                           "https://www.googleapis.com/auth/cloud-platform") != 0)
            return refuse(doc, c, err, "scopes other than the default ones");
        plan->adc = 1;
        return 1;
    }
    /* The legacy provider: cmd-args split on blanks, or when absent the
     * words of cmd-path after the first. */
    const char *cmd_args = config_value(doc, config, "cmd-args", &present);
    char program[sizeof plan->command - 32];
    const char *words = cmd_args;
    if (!present) {
        while (*cmd_path == ' ' || *cmd_path == '\t')
            cmd_path++;
        size_t n = strcspn(cmd_path, " \t\n\r\v\f");
        words = cmd_path + n;
        if (n >= sizeof program)
            return refuse(doc, c, err, "cmd-path is too long");
        memcpy(program, cmd_path, n);
        program[n] = '\0';
    } else {
        if (strlen(cmd_path) >= sizeof program)
            return refuse(doc, c, err, "cmd-path is too long");
        strcpy(program, cmd_path);
    }
    const char *base = base_name(program);
    int windows = strcasecmp(base, "gcloud.cmd") == 0 || strcasecmp(base, "gcloud.exe") == 0;
    if (strcmp(base, "gcloud") != 0 && !windows)
        return refuse(doc, c, err, "cmd-path is not gcloud");
    if (!same_words(words, GCP_DEFAULT_ARGS))
        return refuse(doc, c, err, "cmd-args are not gcloud's \"" GCP_DEFAULT_ARGS "\"");
    const char *token_key = config_value(doc, config, "token-key", &present);
    if (present && strcmp(token_key, GCP_DEFAULT_TOKEN_KEY) != 0)
        return refuse(doc, c, err, "token-key is not gcloud's " GCP_DEFAULT_TOKEN_KEY);
    const char *expiry_key = config_value(doc, config, "expiry-key", &present);
    if (present && strcmp(expiry_key, GCP_DEFAULT_EXPIRY_KEY) != 0)
        return refuse(doc, c, err, "expiry-key is not gcloud's " GCP_DEFAULT_EXPIRY_KEY);
    if (*config_value(doc, config, "scopes", &present))
        return refuse(doc, c, err, "scopes with cmd-path (kubectl refused these too)");
    /* The plugin ships in the Cloud SDK's bin/ next to gcloud: an absolute
     * gcloud path names that SDK, so the plugin there (gcloud's own fallback
     * when the plugin is not on PATH). A bare or relative gcloud: PATH. */
    if (is_absolute(program)) {
        size_t dir = (size_t)(base - program);
        snprintf(plan->command, sizeof plan->command, "%.*s%s%s", (int)dir, program, KC_GCP_PLUGIN,
                 windows ? ".exe" : "");
    } else if (windows) {
        strcpy(plan->command, KC_GCP_PLUGIN ".exe");
    }
    return 1;
}

int kc_build_gcp(kc_document *doc, const kc_candidate *c, int *out, kc_error *err)
{
    gcp_plan plan;
    if (!plan_gcp(doc, c, &plan, err))
        return 0;
    int exec = kc_node_new(doc, KC_MAPPING, NULL, 0);
    kc_map_add_string(doc, exec, "apiVersion", GCP_API_VERSION);
    if (plan.adc) {
        int args_key = kc_new_scalar(doc, "args");
        int args = kc_node_new(doc, KC_SEQUENCE, NULL, 0);
        kc_seq_add_string(doc, args, "--use_application_default_credentials");
        kc_node_append(doc, exec, args_key);
        kc_node_append(doc, exec, args);
    }
    kc_map_add_string(doc, exec, "command", plan.command);
    kc_map_add_string(doc, exec, "installHint", GCP_INSTALL_HINT);
    /* A bool, not the string "true": a plain scalar built by a pass is
     * written as it is (render.c, render_json.c). */
    int key = kc_new_scalar(doc, "provideClusterInfo");
    int value = kc_new_scalar(doc, "true");
    doc->nodes[value].style = YAML_PLAIN_SCALAR_STYLE;
    kc_node_append(doc, exec, key);
    kc_node_append(doc, exec, value);
    *out = exec;
    return 1;
}
