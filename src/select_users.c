/* Pass 1: check the shape of `users`, decide for every user whether it is
 * converted, and say why the others are left alone. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "passes.h"

/* exec.command names kubelogin (anywhere in its bytes, any case). */
static int runs_kubelogin(const kc_document *doc, int command)
{
    static const char word[] = "kubelogin";
    size_t n = sizeof word - 1;
    command = kc_resolve(doc, command);
    if (command == KC_NONE || doc->nodes[command].type != KC_SCALAR || kc_is_null(doc, command))
        return 0;
    const char *text = kc_node_text(doc, command);
    size_t len = doc->nodes[command].text_len;
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(text + i, word, n) == 0)
            return 1;
    return 0;
}

/* int128/kubelogin (kubectl oidc-login) also names its binary kubelogin, so
 * kubelogin's "command contains kubelogin" rule takes its users, and then
 * fails the whole file with "--server-id is required". Its args carry
 * "oidc-login" or --oidc-* flags, which Azure's kubelogin has none of. */
static int is_oidc_login(const kc_document *doc, int exec)
{
    int args = kc_map_get(doc, exec, "args", NULL);
    if (args == KC_NONE || doc->nodes[args].type != KC_SEQUENCE)
        return 0;
    for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next) {
        const char *item = kc_string(doc, a);
        if (strcmp(item, "oidc-login") == 0 || strncmp(item, "--oidc-", 7) == 0)
            return 1;
    }
    return 0;
}

/* A value kubectl reads whole but a C string would cut: "a\u0000b". */
static int refuse_nul(const kc_document *doc, int id, const char *user, const char *what,
                      kc_error *err)
{
    const kc_node *n = &doc->nodes[id];
    return kc_set_error(err, KC_EXIT_FAILURE, n->line, n->column, user,
                        "%s holds a NUL character (\\u0000); kubeconvert cannot carry it, "
                        "convert this user by hand", what);
}

int kc_find_context_user(const kc_document *doc, const char *context, const char **user)
{
    int contexts = kc_map_get(doc, doc->root, "contexts", NULL);
    if (contexts == KC_NONE || doc->nodes[contexts].type != KC_SEQUENCE)
        return 0;
    for (int item = doc->nodes[contexts].first_child; item != KC_NONE; item = doc->nodes[item].next) {
        int name = kc_map_get(doc, item, "name", NULL);
        if (name != KC_NONE && doc->nodes[name].type == KC_SCALAR && kc_text_is(doc, name, context)) {
            int u = kc_map_get(doc, kc_map_get(doc, item, "context", NULL), "user", NULL);
            /* A user name with a NUL matches no user kubeconvert converts. */
            *user = kc_has_nul(doc, u) ? "" : kc_string(doc, u);
            return 1;
        }
    }
    return 0;
}

void kc_context_users_matching(const kc_document *doc, const kc_pattern *re, kc_names *users)
{
    int contexts = kc_map_get(doc, doc->root, "contexts", NULL);
    if (contexts == KC_NONE || doc->nodes[contexts].type != KC_SEQUENCE)
        return;
    for (int item = doc->nodes[contexts].first_child; item != KC_NONE; item = doc->nodes[item].next) {
        int name_node = kc_map_get(doc, item, "name", NULL);
        int user_node = kc_map_get(doc, kc_map_get(doc, item, "context", NULL), "user", NULL);
        const char *name = kc_string(doc, name_node), *user = kc_string(doc, user_node);
        if (kc_has_nul(doc, name_node) || kc_has_nul(doc, user_node))
            continue; /* check_contexts refuses the file */
        if (*user && kc_pattern_match(re, name) && !kc_names_find(users, user))
            kc_names_add(users, user, NULL);
    }
}

/* Removing an anchor that an alias elsewhere still names would break the
 * file, so a block that defines one is not rewritten. */
static int anchor_used_elsewhere(const kc_document *doc, int first, int last)
{
    if (!doc->alias_count)
        return 0;
    for (int i = first; i <= last; i++) {
        const char *anchor = kc_node_anchor(doc, i);
        if (!anchor)
            continue;
        for (size_t j = 0; j < doc->source_nodes; j++)
            if (doc->nodes[j].type == KC_ALIAS && ((int)j < first || (int)j > last) &&
                strcmp(kc_node_text(doc, (int)j), anchor) == 0)
                return 1;
    }
    return 0;
}

/* An anchored node on the way from the root to the edited pair that some
 * alias names is shared: editing it would change the other place too. */
static const char *shared_ancestor(const kc_document *doc, int id)
{
    if (!doc->alias_count)
        return NULL;
    for (; id != KC_NONE; id = doc->nodes[id].parent) {
        const char *anchor = kc_node_anchor(doc, id);
        if (!anchor)
            continue;
        for (size_t j = 0; j < doc->source_nodes; j++)
            if (doc->nodes[j].type == KC_ALIAS && strcmp(kc_node_text(doc, (int)j), anchor) == 0)
                return anchor;
    }
    return NULL;
}

/* The own keys of map that read as `key` (an alias key as its scalar). */
static int own_key_is(const kc_document *doc, int k, const char *key)
{
    int r = kc_resolve(doc, k);
    return r != KC_NONE && doc->nodes[r].type == KC_SCALAR && !kc_is_merge_key(doc, k) &&
           kc_text_is(doc, r, key);
}

/* kubectl reads the last of a repeated key, and a merge (<<) can bring one:
 * replacing one `auth-provider` or `exec` pair would leave kubectl another
 * one to read, so such a user is not rewritten. */
static int check_replaced_keys(const kc_document *doc, int map, const char *user, kc_error *err)
{
    static const char *const replaced[] = {"auth-provider", "exec"};
    for (size_t i = 0; i < 2; i++) {
        int first = KC_NONE, merge;
        for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
            if (!own_key_is(doc, k, replaced[i]))
                continue;
            if (first == KC_NONE) {
                first = k;
                continue;
            }
            const kc_node *a = &doc->nodes[first], *b = &doc->nodes[k];
            return kc_set_error(err, KC_EXIT_FAILURE, b->line, b->column, user,
                                "key \"%s\" at %u:%u is repeated at %u:%u; kubectl reads only the "
                                "last one: convert this user by hand",
                                replaced[i], a->line + 1, a->column + 1, b->line + 1, b->column + 1);
        }
        if (kc_merge_brings(doc, map, replaced[i], &merge))
            return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[merge].line, doc->nodes[merge].column,
                                user, "the merge key (<<) brings \"%s\" into the user; "
                                "convert this user by hand", replaced[i]);
    }
    return 1;
}

/* A merge go-yaml refuses (a merged value that is not a mapping, an anchor
 * merged into itself) makes kubectl refuse the file; so do we. */
static int check_merges(const kc_document *doc, int map, kc_error *err)
{
    int bad;
    if (kc_check_merges(doc, map, &bad))
        return 1;
    return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[bad].line, doc->nodes[bad].column, NULL,
                        "this merge key (<<) does not merge mappings (or merges too much) for kubectl "
                        "to read it");
}

/* The pair is replaced from its key on; an explicit key's `?` on an
 * earlier line than the key would be left behind. */
static int check_explicit_key(const kc_document *doc, int key, const char *user, kc_error *err)
{
    size_t q = kc_explicit_key_at(doc, key);
    if (q == KC_NO_POS)
        return 1;
    for (size_t i = q; i < doc->nodes[key].start; i++)
        if (doc->source[i] == '\n' || doc->source[i] == '\r')
            return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[key].line, doc->nodes[key].column,
                                user, "the explicit key (?) is on a line before \"%s\"; "
                                "convert this user by hand", kc_node_text(doc, key));
    return 1;
}

/* Every value the new entry is built from must be a C string. */
/* A value with an explicit tag (!!binary, !!int, a local !tag) is read by
 * kubectl in its own way: `!!binary YXp1cmU=` is "azure" to it. Rather
 * than guess, a user to convert whose block holds one is refused. */
static int check_untagged(const kc_document *doc, int value, const char *user, kc_error *err)
{
    if (value == KC_NONE)
        return 1;
    for (int i = value, last = kc_subtree_end(doc, value); i <= last; i++)
        if (doc->nodes[i].tagged)
            return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[i].line, doc->nodes[i].column, user,
                                "a value with an explicit tag (such as !!binary): kubectl reads it "
                                "its own way; convert this user by hand");
    return 1;
}

static int check_values(const kc_document *doc, const kc_candidate *c, kc_error *err)
{
    if (!check_untagged(doc, c->provider, c->name, err) || !check_untagged(doc, c->exec, c->name, err))
        return 0;
    static const char *const config_keys[] = {"apiserver-id", "client-id", "tenant-id",
                                              "environment", "config-mode"};
    int config = kc_map_get(doc, c->provider, "config", NULL);
    for (size_t i = 0; i < 5; i++) {
        int v = kc_map_get(doc, config, config_keys[i], NULL);
        if (kc_has_nul(doc, v))
            return refuse_nul(doc, v, c->name, config_keys[i], err);
    }
    int args = kc_map_get(doc, c->exec, "args", NULL);
    if (args != KC_NONE && doc->nodes[args].type == KC_SEQUENCE)
        for (int a = doc->nodes[args].first_child; a != KC_NONE; a = doc->nodes[a].next)
            if (kc_has_nul(doc, kc_resolve(doc, a)))
                return refuse_nul(doc, a, c->name, "an exec argument", err);
    int hint = kc_map_get(doc, c->exec, "installHint", NULL);
    if (kc_has_nul(doc, hint))
        return refuse_nul(doc, hint, c->name, "installHint", err);
    return 1;
}

static void add_candidate(kc_candidates *out, const kc_candidate *c)
{
    kc_array_grow((void **)&out->items, &out->cap, out->count + 1, sizeof *out->items);
    out->items[out->count++] = *c;
}

/* Decide about one users[] entry; 0 only on error. */
static int select_user(kc_document *doc, int entry, int item, const char *name,
                       const kc_selection *sel, kc_names *seen, kc_result *res,
                       kc_candidates *out, kc_error *err)
{
    const char *earlier = kc_names_find(seen, name);
    if (earlier)
        return kc_result_add_user(res, name, KC_ACTION_SKIPPED, "defined first in %s", earlier);
    if (sel && sel->context_user && strcmp(name, sel->context_user) != 0)
        return kc_result_add_user(res, name, KC_ACTION_SKIPPED, "outside --context");
    if (sel && sel->user_re && !kc_pattern_match(sel->user_re, name))
        return kc_result_add_user(res, name, KC_ACTION_SKIPPED, "outside --user-regex");
    if (sel && sel->context_users && !kc_names_find(sel->context_users, name))
        return kc_result_add_user(res, name, KC_ACTION_SKIPPED, "outside --context-regex");

    kc_candidate c = {.name = name, .entry = entry, .kind = KC_USER_OTHER};
    int user_key;
    c.user = kc_map_get(doc, entry, "user", &user_key);
    c.provider = kc_map_get(doc, c.user, "auth-provider", &c.provider_key);
    c.exec = kc_map_get(doc, c.user, "exec", &c.exec_key);
    int provider_name = kc_resolve(doc, kc_map_get(doc, c.provider, "name", NULL));
    if (provider_name != KC_NONE && doc->nodes[provider_name].tagged)
        return check_untagged(doc, provider_name, name, err); /* which provider, kubectl decides */
    if (provider_name != KC_NONE && doc->nodes[provider_name].type == KC_SCALAR &&
        kc_text_is(doc, provider_name, "azure"))
        c.kind = KC_USER_LEGACY;
    else if (runs_kubelogin(doc, kc_map_get(doc, c.exec, "command", NULL)))
        c.kind = KC_USER_EXEC;
    else
        c.kind = kc_gcp_kind(doc, c.provider, c.exec); /* build_gcp.c */
    const char *unwanted = kc_provider_unwanted(sel, c.kind);
    if (unwanted)
        return kc_result_add_user(res, name, KC_ACTION_SKIPPED, "%s", unwanted);
    if (c.kind == KC_USER_EXEC && is_oidc_login(doc, c.exec)) {
        /* kubelogin would fail the file here: worth saying without --verbose */
        if (!kc_result_add_user(res, name, KC_ACTION_SKIPPED,
                                "left alone: an OIDC user of int128/kubelogin (oidc-login), not Azure's kubelogin"))
            return 0;
        res->users[res->user_count - 1].notice = 1;
        return 1;
    }
    if (c.kind == KC_USER_GCP_EXEC) { /* nothing to rewrite, so nothing shared to refuse */
        if (!kc_result_add_user(res, name, KC_ACTION_UNCHANGED, "already " KC_GCP_PLUGIN))
            return 0;
        res->users[res->user_count - 1].from = "exec:" KC_GCP_PLUGIN;
        return 1;
    }

    /* Only this user's own bytes may change: a shared (aliased) entry or a
     * block whose anchor is used elsewhere cannot be rewritten in place. */
    const kc_node *at = &doc->nodes[item != entry ? item : user_key];
    if (item != entry || doc->nodes[doc->nodes[user_key].next].type == KC_ALIAS)
        return kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, name,
                            "the user entry is a YAML alias shared with other nodes; "
                            "convert it by hand");
    const char *anchor = shared_ancestor(doc, c.user);
    if (anchor)
        return kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, name,
                            "the user entry is shared through the anchor &%s; convert it by hand",
                            anchor);
    if (!check_replaced_keys(doc, c.user, name, err) || !check_values(doc, &c, err))
        return 0;
    int keys[2] = {c.provider_key, c.exec_key};
    for (int i = 0; i < 2; i++) {
        if (keys[i] == KC_NONE)
            continue;
        if (!check_explicit_key(doc, keys[i], name, err))
            return 0;
        int value = doc->nodes[keys[i]].next;
        if (anchor_used_elsewhere(doc, keys[i], kc_subtree_end(doc, value)))
            return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[keys[i]].line,
                                doc->nodes[keys[i]].column, name,
                                "the block defines an anchor that an alias elsewhere uses; "
                                "convert it by hand");
    }
    /* A place in the report now, so users are listed in file order. */
    if (!kc_result_add_user(res, name, KC_ACTION_SKIPPED, "not converted"))
        return 0;
    c.result = res->user_count - 1;
    add_candidate(out, &c);
    return 1;
}

/* kubectl (sigs.k8s.io/yaml) refuses the whole file for a mapping key that
 * is not a scalar (`? [a, b]`) or a merge go-yaml cannot do, wherever it
 * is: so do we, in the nodes [first, last]. Only in what every parse
 * builds (the root, users, contexts when a context option needs them; see
 * keep_keys), so that the answer does not depend on how lean it was. */
static int check_mappings(const kc_document *doc, int first, int last, kc_error *err)
{
    for (int m = first; m <= last; m++) {
        if (doc->nodes[m].type != KC_MAPPING)
            continue;
        int merges = 0;
        for (int k = doc->nodes[m].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next) {
            int r = kc_resolve(doc, k);
            if (r != KC_NONE && doc->nodes[r].type != KC_SCALAR)
                return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[k].line, doc->nodes[k].column,
                                    NULL, "a mapping key that is a %s: kubectl refuses the file",
                                    doc->nodes[r].type == KC_MAPPING ? "mapping" : "list");
            merges |= kc_is_merge_key(doc, k);
        }
        if (merges && !check_merges(doc, m, err))
            return 0;
    }
    return 1;
}

/* The name a users[] or contexts[] item goes by for kubectl: "" for a null
 * item or a missing name; 0 (and err) when kubectl could not read it. */
static int item_name(const kc_document *doc, int item, const char *list, size_t index,
                     int *name_node, kc_error *err)
{
    int entry = kc_resolve(doc, item);
    const kc_node *e = kc_node_at(doc, entry), *at = &doc->nodes[item];
    *name_node = KC_NONE;
    if (e && kc_is_null(doc, entry))
        return 1; /* `- ` or `null`: kubectl reads a user named "" */
    if (!e || e->type != KC_MAPPING)
        return kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, NULL,
                            "%s[%zu] is not a mapping", list, index);
    *name_node = kc_map_get(doc, entry, "name", NULL);
    const kc_node *n = kc_node_at(doc, *name_node);
    if (n && n->type != KC_SCALAR)
        return kc_set_error(err, KC_EXIT_FAILURE, n->line, n->column, NULL,
                            "the name of %s[%zu] is not a string", list, index);
    if (kc_has_nul(doc, *name_node))
        return refuse_nul(doc, *name_node, NULL, "the name", err);
    return 1;
}

/* Names in a list must be unique, "" included, or kubectl refuses the file. */
static int add_unique_name(const kc_document *doc, kc_names *here, int item, int name_node,
                           const char *list, const char *file, kc_error *err)
{
    const char *name = kc_string(doc, name_node);
    if (kc_names_find(here, name)) {
        int alias = doc->nodes[item].type == KC_ALIAS;
        const kc_node *at = &doc->nodes[alias || name_node == KC_NONE ? item : name_node];
        const char *what = strcmp(list, "users") == 0 ? "user" : "context";
        if (!*name)
            return kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, NULL,
                                "a second %s without a name (or a null item); kubectl refuses "
                                "duplicate names, \"\" too", what);
        return kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, name,
                            "a %s of this name is already defined; kubectl refuses duplicates", what);
    }
    kc_names_add(here, name, file);
    return 1;
}

/* With --context or --context-regex the contexts matter: kubectl refuses
 * two of one name, and a NUL in a name or user cannot be matched exactly. */
static int check_contexts(const kc_document *doc, int root, kc_error *err)
{
    int contexts = kc_map_get(doc, root, "contexts", NULL);
    if (contexts == KC_NONE || doc->nodes[contexts].type != KC_SEQUENCE || doc->nodes[contexts].skipped)
        return 1;
    if (!check_mappings(doc, contexts, kc_subtree_end(doc, contexts), err))
        return 0;
    kc_names here = {0};
    size_t index = 0;
    int ok = 1;
    for (int item = doc->nodes[contexts].first_child; ok && item != KC_NONE;
         item = doc->nodes[item].next, index++) {
        int name_node;
        ok = item_name(doc, item, "contexts", index, &name_node, err) &&
             add_unique_name(doc, &here, item, name_node, "contexts", NULL, err);
        int user = kc_map_get(doc, kc_map_get(doc, item, "context", NULL), "user", NULL);
        if (ok && kc_has_nul(doc, user))
            ok = refuse_nul(doc, user, NULL, "the context's user", err);
    }
    kc_names_free(&here);
    return ok;
}

int kc_select_users(kc_document *doc, const kc_selection *sel, kc_names *seen, const char *file,
                    kc_result *res, kc_candidates *out, kc_error *err)
{
    int root = kc_resolve(doc, doc->root);
    if (root == KC_NONE || kc_is_null(doc, root))
        return 1; /* an empty file: nothing to do */
    const kc_node *r = &doc->nodes[root];
    if (r->type != KC_MAPPING)
        return kc_set_error(err, KC_EXIT_FAILURE, r->line, r->column, NULL,
                            "the top level is not a mapping, so this is not a kubeconfig");
    if (!check_mappings(doc, root, root, err))
        return 0;
    if (sel && (sel->context_user || sel->context_users) && !check_contexts(doc, root, err))
        return 0;
    int users_key;
    int users = kc_map_get(doc, root, "users", &users_key);
    if (users == KC_NONE || kc_is_null(doc, users))
        return 1;
    const kc_node *us = &doc->nodes[users];
    if (us->type != KC_SEQUENCE)
        return kc_set_error(err, KC_EXIT_FAILURE, us->line, us->column, NULL, "users is not a list");
    if (!check_mappings(doc, users, kc_subtree_end(doc, users), err))
        return 0;

    /* First the shape of the whole list (every entry a mapping or null,
     * names unique, as kubectl demands), then the users one by one. */
    kc_names here = {0};
    int ok = 1;
    size_t index = 0;
    for (int item = us->first_child; ok && item != KC_NONE; item = doc->nodes[item].next, index++) {
        int name_node;
        ok = item_name(doc, item, "users", index, &name_node, err) &&
             add_unique_name(doc, &here, item, name_node, "users", file, err);
    }
    index = 0;
    for (int item = us->first_child; ok && item != KC_NONE; item = doc->nodes[item].next, index++) {
        int entry = kc_resolve(doc, item);
        int name_node = kc_map_get(doc, entry, "name", NULL);
        const char *name = kc_string(doc, name_node);
        /* No name, null or "": kubectl (and kubelogin) key such a user by
         * "", so it is converted like any other. */
        if (name_node != KC_NONE && doc->nodes[name_node].type != KC_SCALAR) {
            ok = kc_result_add_user(res, "", KC_ACTION_SKIPPED, "users[%zu] has a name that is not a string", index);
        } else {
            /* A user's own refusal (it names the user) is kept and the
             * next user looked at, so one run reports every such user. */
            kc_error user_err = {0};
            ok = select_user(doc, entry, item, name, sel, seen, res, out, &user_err);
            if (!ok && user_err.set && user_err.user[0]) {
                kc_result_add_error(res, &user_err);
                ok = 1;
            } else if (!ok) {
                *err = user_err;
            }
        }
    }
    if (ok && seen)
        for (size_t i = 0; i < here.count; i++)
            if (*here.names[i] && !kc_names_find(seen, here.names[i]))
                kc_names_add(seen, here.names[i], file);
    kc_names_free(&here);
    if (!ok && !err->set) /* a report line vsnprintf could not format (result.c) */
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "a value too long to report");
    return ok;
}
