/* The passes convert.c runs, one file each: select_users.c, collect_values.c,
 * build_exec.c, build_azure.c, build_gcp.c. They read the document, add nodes to it and
 * fill the kc_result they are given (result.h); none calls back up. */
#ifndef KC_PASSES_H
#define KC_PASSES_H

#include "convert.h"
#include "mask.h"
#include "result.h"

/* Values for the new entry: a flag wins, else the old entry's (spec table). */
typedef struct kc_auth_values {
    const char *server_id, *client_id, *tenant_id, *environment;
    const char *cache_dir, *pop_claims, *redirect_url, *login_hint;
    const char *install_hint; /* the old exec's, "" when none */
    const char *old_login;    /* the old exec's --login (devicecode when absent) */
    int legacy, pop_enabled;
} kc_auth_values;

/* select_users.c: validate the users list, classify every user, record the
 * ones left alone in res, and list the ones to convert. */
int kc_select_users(kc_document *doc, const kc_selection *sel, kc_names *seen, const char *file,
                    kc_result *res, kc_candidates *out, kc_error *err);

/* collect_values.c: the spec's "values taken from the old entry". */
void kc_collect_values(const kc_document *doc, const kc_candidate *c, const kc_options *o,
                       kc_auth_values *v);

/* build_exec.c: build the new exec mapping for opts->login_method. */
int kc_build_exec(kc_document *doc, const kc_options *o, const kc_auth_values *v,
                  const kc_candidate *c, int *out, kc_error *err);

/* build_exec.c: 1 when the old exec entry is the built one, up to what
 * kubelogin's serialiser adds (`env: null`, `provideClusterInfo: false`). */
int kc_exec_same(const kc_document *doc, int built, int old);

/* build_azure.c: build the legacy auth-provider mapping (--format azure). */
int kc_build_azure(kc_document *doc, const kc_auth_values *v, const kc_candidate *c, int *out,
                   kc_error *err);

/* build_gcp.c: KC_USER_GCP, KC_USER_GCP_EXEC or KC_USER_OTHER for a user
 * that is neither azure nor kubelogin. */
kc_user_kind kc_gcp_kind(const kc_document *doc, int provider, int exec);
/* Why a user of this kind is left alone under sel's --provider, NULL when it
 * is one to convert. */
const char *kc_provider_unwanted(const kc_selection *sel, kc_user_kind kind);
/* build_gcp.c: the gke-gcloud-auth-plugin exec mapping for a gcp user, or a
 * refusal naming the user when the plugin would authenticate otherwise. */
int kc_build_gcp(kc_document *doc, const kc_candidate *c, int *out, kc_error *err);

#endif
