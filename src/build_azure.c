/* Pass 3 for --format azure: a kubelogin devicecode exec entry back into the
 * legacy `auth-provider: {name: azure}` form, for kubectl older than 1.26
 * (spec: "Back to the legacy format"). */
#include <string.h>

#include "passes.h"

static int missing(kc_document *doc, const kc_candidate *c, const char *flag, kc_error *err)
{
    size_t line, col;
    kc_candidate_pos(doc, c, &line, &col);
    return kc_set_error(err, KC_EXIT_FAILURE, line, col, c->name, "%s is required", flag);
}

int kc_build_azure(kc_document *doc, const kc_auth_values *v, const kc_candidate *c, int *out,
                   kc_error *err)
{
    size_t line, col;
    if (strcmp(v->old_login, "devicecode") != 0) {
        kc_candidate_pos(doc, c, &line, &col);
        return kc_set_error(err, KC_EXIT_FAILURE, line, col, c->name,
                            "login method \"%s\" cannot be expressed in the azure format "
                            "(it only has devicecode)", v->old_login);
    }
    if (!*v->server_id)
        return missing(doc, c, "--server-id", err);
    if (!*v->client_id)
        return missing(doc, c, "--client-id", err);
    if (!*v->tenant_id)
        return missing(doc, c, "--tenant-id", err);

    int provider = kc_node_new(doc, KC_MAPPING, NULL, 0);
    int config_key = kc_new_scalar(doc, "config");
    int config = kc_node_new(doc, KC_MAPPING, NULL, 0);
    kc_map_add_string(doc, config, "apiserver-id", v->server_id);
    kc_map_add_string(doc, config, "client-id", v->client_id);
    kc_map_add_string(doc, config, "config-mode", v->legacy ? "0" : "1");
    if (*v->environment)
        kc_map_add_string(doc, config, "environment", v->environment);
    kc_map_add_string(doc, config, "tenant-id", v->tenant_id);
    kc_node_append(doc, provider, config_key);
    kc_node_append(doc, provider, config);
    kc_map_add_string(doc, provider, "name", "azure");
    *out = provider;
    return 1;
}
