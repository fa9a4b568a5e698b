/* Pass 2: the values the new entry is built from. For each field a flag
 * given on the command line wins; otherwise it comes from the legacy
 * auth-provider config or, for an exec user, from the old args
 * (shared/spec/conversion.md, "Values taken from the old entry"). */
#include <string.h>

#include "passes.h"

/* get-token's one-letter names for the flags read back here. */
static char shorthand_of(const char *flag)
{
    static const struct {
        const char *flag;
        char c;
    } shorthands[] = {{"--login", 'l'}, {"--tenant-id", 't'}, {"--environment", 'e'}, {"--subscription", 's'}};
    for (size_t i = 0; i < sizeof shorthands / sizeof *shorthands; i++)
        if (strcmp(shorthands[i].flag, flag) == 0)
            return shorthands[i].c;
    return 0;
}

/* If item is `flag` in one of pflag's forms, 1 and *inline_value set to
 * what follows "=" (or the shorthand's glued value), NULL when the value
 * is the next item. */
static int is_flag(const char *item, const char *flag, char shorthand, const char **inline_value)
{
    size_t n = strlen(flag);
    *inline_value = NULL;
    if (strncmp(item, flag, n) == 0 && (item[n] == '\0' || item[n] == '=')) {
        if (item[n] == '=')
            *inline_value = item + n + 1;
        return 1;
    }
    if (shorthand && item[0] == '-' && item[1] == shorthand) {
        if (item[2] != '\0')
            *inline_value = item + (item[2] == '=' && item[3] ? 3 : 2);
        return 1;
    }
    return 0;
}

/* The value after `flag` in an exec's args, read as get-token reads them
 * (pflag): "--flag V", "--flag=V", and the shorthand's "-t V", "-tV",
 * "-t=V"; the last one wins; nothing after "--" is a flag. kubelogin's own
 * getExecArg matches only an exact "--flag" item and takes the first: it
 * misses "--server-id=S" and then fails with "--server-id is required".
 * One more difference, on purpose: a next item that is itself a flag
 * ("--client-id", "--tenant-id", T) is no value. kubelogin would take
 * "--tenant-id" as the client id and write args that change again on every
 * run; here the value is missing, which is what the user has to fix. */
const char *kc_exec_arg(const kc_document *doc, int exec, const char *flag)
{
    int args = kc_map_get(doc, exec, "args", NULL);
    if (args == KC_NONE || doc->nodes[args].type != KC_SEQUENCE)
        return "";
    char shorthand = shorthand_of(flag);
    const char *found = "";
    for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next) {
        const char *item = kc_string(doc, a), *inline_value;
        if (strcmp(item, "--") == 0)
            break;
        if (!is_flag(item, flag, shorthand, &inline_value))
            continue;
        if (inline_value) {
            found = inline_value;
            continue;
        }
        int v = doc->nodes[a].next;
        if (v == KC_NONE)
            break;
        const char *value = kc_string(doc, v);
        found = strncmp(value, "--", 2) == 0 ? "" : value;
        if (*found)
            a = v; /* a value is not read as a flag */
    }
    return found;
}

/* A bool flag in an exec's args: "--legacy" is true, "--legacy=false" false
 * (pflag's forms; the last one wins). kubelogin's getExecBoolArg sees only
 * the exact "--legacy" item. A value Go's ParseBool refuses is false:
 * get-token would not run with it. */
int kc_exec_has_arg(const kc_document *doc, int exec, const char *flag)
{
    static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
    int args = kc_map_get(doc, exec, "args", NULL);
    if (args == KC_NONE || doc->nodes[args].type != KC_SEQUENCE)
        return 0;
    int value = 0;
    for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next) {
        const char *item = kc_string(doc, a), *inline_value;
        if (strcmp(item, "--") == 0)
            break;
        if (!is_flag(item, flag, 0, &inline_value))
            continue;
        value = !inline_value;
        for (int i = 0; inline_value && yes[i]; i++)
            value |= strcmp(inline_value, yes[i]) == 0;
    }
    return value;
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
        v->old_login = "devicecode";
}
