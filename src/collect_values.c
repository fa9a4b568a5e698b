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
static const char *exec_arg(const kc_document *doc, int args, const char *flag)
{
    if (args == KC_NONE)
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
static int exec_has_arg(const kc_document *doc, int args, const char *flag)
{
    static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
    if (args == KC_NONE)
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

/* The exec's args list, KC_NONE when it has none. */
static int exec_args(const kc_document *doc, int exec)
{
    int args = kc_map_get(doc, exec, "args", NULL);
    return args != KC_NONE && doc->nodes[args].type == KC_SEQUENCE ? args : KC_NONE;
}

/* flag, else legacy config key, else exec arg */
static const char *pick(const kc_document *doc, const kc_candidate *c, int config, int args,
                        const kc_flag *flag, const char *config_key, const char *arg)
{
    if (flag->set)
        return flag->value;
    if (c->kind == KC_USER_LEGACY)
        return kc_string(doc, kc_map_get(doc, config, config_key, NULL));
    return exec_arg(doc, args, arg);
}

void kc_collect_values(const kc_document *doc, const kc_candidate *c, const kc_options *o,
                       kc_auth_values *v)
{
    int config = kc_map_get(doc, c->provider, "config", NULL), args = exec_args(doc, c->exec);
    memset(v, 0, sizeof *v);
    v->server_id = pick(doc, c, config, args, &o->server_id, "apiserver-id", "--server-id");
    v->client_id = pick(doc, c, config, args, &o->client_id, "client-id", "--client-id");
    v->tenant_id = pick(doc, c, config, args, &o->tenant_id, "tenant-id", "--tenant-id");
    v->environment = pick(doc, c, config, args, &o->environment, "environment", "--environment");

    if (o->legacy_set && o->legacy) {
        v->legacy = 1;
    } else if (c->kind == KC_USER_LEGACY) {
        const char *m = kc_string(doc, kc_map_get(doc, config, "config-mode", NULL));
        v->legacy = *m == '\0' || strcmp(m, "0") == 0;
    } else {
        v->legacy = exec_has_arg(doc, args, "--legacy");
    }

    /* These exist only as exec args, whatever the user's kind. */
    if (o->cache_dir.set) {
        v->cache_dir = o->cache_dir.value;
    } else {
        v->cache_dir = exec_arg(doc, args, "--cache-dir");
        if (!*v->cache_dir)
            v->cache_dir = exec_arg(doc, args, "--token-cache-dir");
    }
    v->pop_enabled = o->pop_enabled_set ? o->pop_enabled : exec_has_arg(doc, args, "--pop-enabled");
    v->pop_claims = o->pop_claims.set ? o->pop_claims.value : exec_arg(doc, args, "--pop-claims");
    v->redirect_url = o->redirect_url.set ? o->redirect_url.value : exec_arg(doc, args, "--redirect-url");
    v->login_hint = o->login_hint.set ? o->login_hint.value : exec_arg(doc, args, "--login-hint");

    v->install_hint = kc_string(doc, kc_map_get(doc, c->exec, "installHint", NULL));
    v->old_login = exec_arg(doc, args, "--login");
    if (!*v->old_login)
        v->old_login = "devicecode";
}
