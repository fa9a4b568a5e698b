/* Pass 2: the values the new entry is built from. For each field a flag
 * given on the command line wins; otherwise it comes from the legacy
 * auth-provider config or, for an exec user, from the old args
 * (shared/spec/conversion.md, "Values taken from the old entry"). */
#include <string.h>

#include "passes.h"

/* kubelogin matches args exactly ("--server-id", then the next item). One
 * difference, on purpose: a next item that is itself a flag ("--client-id",
 * "--tenant-id", T) is no value. kubelogin would take "--tenant-id" as the
 * client id and write args that change again on every run; here the value
 * is missing, which is what the user has to fix. */
const char *kc_exec_arg(const kc_document *doc, int exec, const char *flag)
{
    int args = kc_map_get(doc, exec, "args", NULL);
    if (args == KC_NONE || doc->nodes[args].type != KC_SEQUENCE)
        return "";
    for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next) {
        int v = doc->nodes[a].next;
        if (v != KC_NONE && strcmp(kc_string(doc, a), flag) == 0) {
            const char *value = kc_string(doc, v);
            return strncmp(value, "--", 2) == 0 ? "" : value;
        }
    }
    return "";
}

int kc_exec_has_arg(const kc_document *doc, int exec, const char *flag)
{
    int args = kc_map_get(doc, exec, "args", NULL);
    if (args == KC_NONE || doc->nodes[args].type != KC_SEQUENCE)
        return 0;
    for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next)
        if (strcmp(kc_string(doc, a), flag) == 0)
            return 1;
    return 0;
}

/* flag, else legacy config key, else exec arg */
static const char *pick(const kc_document *doc, const kc_candidate *c, const kc_flag *flag,
                        const char *config_key, const char *arg)
{
    if (flag->set)
        return flag->value;
    if (c->kind == KC_USER_LEGACY)
        return kc_string(doc, kc_map_get(doc, kc_map_get(doc, c->provider, "config", NULL),
                                         config_key, NULL));
    return kc_exec_arg(doc, c->exec, arg);
}

void kc_collect_values(const kc_document *doc, const kc_candidate *c, const kc_options *o,
                       kc_auth_values *v)
{
    memset(v, 0, sizeof *v);
    v->server_id = pick(doc, c, &o->server_id, "apiserver-id", "--server-id");
    v->client_id = pick(doc, c, &o->client_id, "client-id", "--client-id");
    v->tenant_id = pick(doc, c, &o->tenant_id, "tenant-id", "--tenant-id");
    v->environment = pick(doc, c, &o->environment, "environment", "--environment");

    if (o->legacy_set && o->legacy) {
        v->legacy = 1;
    } else if (c->kind == KC_USER_LEGACY) {
        int mode = kc_map_get(doc, kc_map_get(doc, c->provider, "config", NULL), "config-mode", NULL);
        const char *m = kc_string(doc, mode);
        v->legacy = *m == '\0' || strcmp(m, "0") == 0;
    } else {
        v->legacy = kc_exec_has_arg(doc, c->exec, "--legacy");
    }

    /* These exist only as exec args, whatever the user's kind. */
    if (o->cache_dir.set) {
        v->cache_dir = o->cache_dir.value;
    } else {
        v->cache_dir = kc_exec_arg(doc, c->exec, "--cache-dir");
        if (!*v->cache_dir)
            v->cache_dir = kc_exec_arg(doc, c->exec, "--token-cache-dir");
    }
    v->pop_enabled = o->pop_enabled_set ? o->pop_enabled : kc_exec_has_arg(doc, c->exec, "--pop-enabled");
    v->pop_claims = o->pop_claims.set ? o->pop_claims.value : kc_exec_arg(doc, c->exec, "--pop-claims");
    v->redirect_url = o->redirect_url.set ? o->redirect_url.value : kc_exec_arg(doc, c->exec, "--redirect-url");
    v->login_hint = o->login_hint.set ? o->login_hint.value : kc_exec_arg(doc, c->exec, "--login-hint");

    v->install_hint = kc_string(doc, kc_map_get(doc, c->exec, "installHint", NULL));
    v->old_login = kc_exec_arg(doc, c->exec, "--login");
    if (!*v->old_login)
        v->old_login = kc_exec_arg(doc, c->exec, "-l");
    if (!*v->old_login)
        v->old_login = "devicecode";
}
