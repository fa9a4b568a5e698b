/* Pass 1: check the shape of `users`, decide for every user whether it is
 * converted, and say why the others are left alone. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "passes.h"

static int contains_kubelogin(const char *command)
{
    static const char word[] = "kubelogin";
    size_t n = strlen(word);
    for (const char *p = command; *p; p++)
        if (strncasecmp(p, word, n) == 0)
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

int kc_find_context_user(const kc_document *doc, const char *context, const char **user)
{
    int contexts = kc_map_get(doc, doc->root, "contexts", NULL);
    if (contexts == KC_NONE || doc->nodes[contexts].type != KC_SEQUENCE)
        return 0;
    for (int item = doc->nodes[contexts].first_child; item != KC_NONE; item = doc->nodes[item].next) {
        int name = kc_map_get(doc, item, "name", NULL);
        if (name != KC_NONE && strcmp(kc_string(doc, name), context) == 0) {
            *user = kc_string(doc, kc_map_get(doc, kc_map_get(doc, item, "context", NULL), "user", NULL));
            return 1;
        }
    }
    return 0;
}

int kc_context_users_matching(const kc_document *doc, const kc_pattern *re, kc_names *users)
{
    int contexts = kc_map_get(doc, doc->root, "contexts", NULL);
    if (contexts == KC_NONE || doc->nodes[contexts].type != KC_SEQUENCE)
        return 1;
    for (int item = doc->nodes[contexts].first_child; item != KC_NONE; item = doc->nodes[item].next) {
        const char *name = kc_string(doc, kc_map_get(doc, item, "name", NULL));
        const char *user = kc_string(doc, kc_map_get(doc, kc_map_get(doc, item, "context", NULL), "user", NULL));
        if (*user && kc_pattern_match(re, name) && !kc_names_find(users, user) &&
            !kc_names_add(users, user, NULL))
            return 0;
    }
    return 1;
}

/* The ids of a subtree are contiguous: [id, last descendant]. */
static int subtree_end(const kc_document *doc, int id)
{
    while (doc->nodes[id].last_child != KC_NONE)
        id = doc->nodes[id].last_child;
    return id;
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

/* kubectl refuses a user mapping with a key twice; so do we. */
static int check_duplicate_keys(const kc_document *doc, int map, const char *user, kc_error *err)
{
    for (int k = doc->nodes[map].first_child; k != KC_NONE; k = doc->nodes[doc->nodes[k].next].next)
        for (int j = doc->nodes[map].first_child; j != k; j = doc->nodes[doc->nodes[j].next].next)
            if (doc->nodes[k].type == KC_SCALAR && doc->nodes[j].type == KC_SCALAR &&
                strcmp(kc_node_text(doc, k), kc_node_text(doc, j)) == 0)
                return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[k].line, doc->nodes[k].column,
                                    user, "duplicate key \"%s\"", kc_node_text(doc, k));
    return 1;
}

static int add_candidate(kc_candidates *out, const kc_candidate *c)
{
    if (!kc_array_grow((void **)&out->items, &out->cap, out->count + 1, sizeof *out->items))
        return 0;
    out->items[out->count++] = *c;
    return 1;
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
    if (strcmp(kc_string(doc, kc_map_get(doc, c.provider, "name", NULL)), "azure") == 0)
        c.kind = KC_USER_LEGACY;
    else if (contains_kubelogin(kc_string(doc, kc_map_get(doc, c.exec, "command", NULL))))
        c.kind = KC_USER_EXEC;
    else
        c.kind = kc_gcp_kind(doc, c.provider, c.exec); /* pass_gcp.c */
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
    if (!check_duplicate_keys(doc, c.user, name, err))
        return 0;
    int keys[2] = {c.provider_key, c.exec_key};
    for (int i = 0; i < 2; i++) {
        if (keys[i] == KC_NONE)
            continue;
        int value = doc->nodes[keys[i]].next;
        if (anchor_used_elsewhere(doc, keys[i], subtree_end(doc, value)))
            return kc_set_error(err, KC_EXIT_FAILURE, doc->nodes[keys[i]].line,
                                doc->nodes[keys[i]].column, name,
                                "the block defines an anchor that an alias elsewhere uses; "
                                "convert it by hand");
    }
    /* A place in the report now, so users are listed in file order. */
    if (!kc_result_add_user(res, name, KC_ACTION_SKIPPED, "not converted"))
        return 0;
    c.result = res->user_count - 1;
    if (!add_candidate(out, &c))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
    return 1;
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
    int users_key;
    int users = kc_map_get(doc, root, "users", &users_key);
    if (users == KC_NONE || kc_is_null(doc, users))
        return 1;
    const kc_node *us = &doc->nodes[users];
    if (us->type != KC_SEQUENCE)
        return kc_set_error(err, KC_EXIT_FAILURE, us->line, us->column, NULL, "users is not a list");

    /* First the shape of the whole list (every entry a mapping, names
     * unique, as kubectl demands), then the users one by one. */
    kc_names here = {0};
    int ok = 1;
    size_t index = 0;
    for (int item = us->first_child; ok && item != KC_NONE; item = doc->nodes[item].next, index++) {
        int entry = kc_resolve(doc, item);
        const kc_node *e = kc_node_at(doc, entry);
        if (!e || e->type != KC_MAPPING) {
            const kc_node *at = &doc->nodes[item];
            ok = kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, NULL,
                              "users[%zu] is not a mapping", index);
            break;
        }
        int name_node = kc_map_get(doc, entry, "name", NULL);
        const char *name = kc_string(doc, name_node);
        if (name_node != KC_NONE && doc->nodes[name_node].type != KC_SCALAR)
            continue;
        if (kc_names_find(&here, name)) {
            if (name_node == KC_NONE)
                name_node = item;
            const kc_node *at = &doc->nodes[item != entry ? item : name_node];
            ok = kc_set_error(err, KC_EXIT_FAILURE, at->line, at->column, name,
                              "a user of this name is already defined; kubectl refuses duplicates");
            break;
        }
        ok = kc_names_add(&here, name, file);
    }
    index = 0;
    for (int item = us->first_child; ok && item != KC_NONE; item = doc->nodes[item].next, index++) {
        int entry = kc_resolve(doc, item);
        int name_node = kc_map_get(doc, entry, "name", NULL);
        const char *name = kc_string(doc, name_node);
        /* No name, null or "": kubectl (and kubelogin) key such a user by
         * "", so it is converted like any other. */
        if (name_node != KC_NONE && doc->nodes[name_node].type != KC_SCALAR)
            ok = kc_result_add_user(res, "", KC_ACTION_SKIPPED, "users[%zu] has a name that is not a string", index);
        else
            ok = select_user(doc, entry, item, name, sel, seen, res, out, err);
    }
    if (ok && seen)
        for (size_t i = 0; ok && i < here.count; i++)
            if (!kc_names_find(seen, here.names[i]))
                ok = kc_names_add(seen, here.names[i], file);
    kc_names_free(&here);
    if (!ok && !err->set)
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
    return ok;
}
