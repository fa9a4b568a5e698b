/* The transformer: runs the passes over one document and records, per user,
 * what happened and, per change, which source pair becomes which new node.
 * It knows nothing about bytes; emit.c does. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "result.h"

/* Replace the earlier of the two pairs with the new one, drop the other:
 * kubelogin leaves a converted user with exactly one of them. */
static void record_edits(kc_result *res, const kc_document *doc, const kc_candidate *c,
                         const char *new_key, int new_value)
{
    int first = kc_candidate_first_key(c);
    int other = first == c->provider_key ? c->exec_key : c->provider_key;
    kc_result_add_edit(res, first, doc->nodes[first].next, new_key, new_value);
    if (other != KC_NONE)
        kc_result_add_edit(res, other, doc->nodes[other].next, NULL, KC_NONE);
}

static int convert_user(kc_document *doc, const kc_options *o, const kc_candidate *c,
                        kc_result *res, kc_error *err)
{
    kc_auth_values v;
    char from[96];
    int new_value;

    kc_user_result *u = &res->users[c->result];
    if (c->kind == KC_USER_GCP) { /* build_gcp.c; --provider keeps it from --format azure */
        u->from = "gcp";
        u->to = "exec:" KC_GCP_PLUGIN;
        if (!kc_build_gcp(doc, c, &new_value, err))
            return 0;
        record_edits(res, doc, c, "exec", new_value);
        return kc_result_set_user(res, c->result, KC_ACTION_CONVERTED, "legacy gcp -> " KC_GCP_PLUGIN);
    }
    kc_collect_values(doc, c, o, &v);
    if (c->kind == KC_USER_LEGACY) {
        snprintf(from, sizeof from, "legacy azure");
        u->from = "azure";
    } else {
        snprintf(from, sizeof from, "kubelogin %s", v.old_login);
        u->from = kc_result_printf(res, "exec/%s", v.old_login);
    }
    u->to = o->format == KC_FORMAT_AZURE ? "azure" : kc_result_printf(res, "exec/%s", o->login_method);
    if (!u->from || !u->to)
        return 0;

    if (o->format == KC_FORMAT_AZURE) {
        if (c->kind == KC_USER_LEGACY)
            return kc_result_set_user(res, c->result, KC_ACTION_UNCHANGED, "already legacy azure");
        if (!kc_build_azure(doc, &v, c, &new_value, err))
            return 0;
        record_edits(res, doc, c, "auth-provider", new_value);
        return kc_result_set_user(res, c->result, KC_ACTION_CONVERTED, "%s -> legacy azure", from);
    }
    if (!kc_build_exec(doc, o, &v, c, &new_value, err))
        return 0;
    if (c->kind == KC_USER_EXEC && c->provider == KC_NONE && kc_exec_same(doc, new_value, c->exec))
        return kc_result_set_user(res, c->result, KC_ACTION_UNCHANGED, "already kubelogin %s",
                                  o->login_method);
    record_edits(res, doc, c, "exec", new_value);
    return kc_result_set_user(res, c->result, KC_ACTION_CONVERTED, "%s -> kubelogin %s", from,
                              o->login_method);
}

int kc_convert(kc_document *doc, const kc_options *opts, const kc_selection *sel,
               kc_names *seen, const char *file, kc_result *res, kc_error *err)
{
    kc_candidates todo = {0};
    kc_error user_err;
    int ok = kc_select_users(doc, sel, seen, file, res, &todo, err);
    for (size_t i = 0; ok && i < todo.count; i++) {
        memset(&user_err, 0, sizeof user_err);
        if (convert_user(doc, opts, &todo.items[i], res, &user_err))
            continue;
        /* A user's own error (it names the user): note it, go on with the
         * next, so one run reports them all. Anything else stops. */
        if (user_err.set && user_err.user[0]) {
            kc_result_add_error(res, &user_err);
        } else {
            if (user_err.set)
                *err = user_err;
            ok = 0;
        }
    }
    free(todo.items);
    if (!ok && !err->set) /* a report line vsnprintf could not format (result.c) */
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "a value too long to report");
    if (!ok)
        kc_result_add_error(res, err);
    if (res->error_count) {
        *err = res->errors[0];
        ok = 0;
    }
    return ok;
}
