/* Internal interface between the transformer passes (convert.c runs them). */
#ifndef KC_PASSES_H
#define KC_PASSES_H

#include "kubeconvert.h"

typedef enum kc_user_kind {
    KC_USER_OTHER = 0,
    KC_USER_LEGACY,   /* auth-provider.name: azure */
    KC_USER_EXEC,     /* exec.command contains "kubelogin" */
    KC_USER_GCP,      /* auth-provider.name: gcp (pass_gcp.c) */
    KC_USER_GCP_EXEC  /* exec.command is gke-gcloud-auth-plugin: already converted */
} kc_user_kind;

/* A users[] entry the select pass found worth converting. */
typedef struct kc_candidate {
    const char *name;
    int entry;                  /* the users[] item (a mapping) */
    int user;                   /* its `user:` mapping */
    int provider_key, provider; /* `auth-provider` pair, KC_NONE when absent */
    int exec_key, exec;         /* `exec` pair, KC_NONE when absent */
    kc_user_kind kind;
    size_t result;              /* its line in kc_result.users, filled in by convert */
} kc_candidate;

typedef struct kc_candidates {
    kc_candidate *items;
    size_t count, cap;
} kc_candidates;

/* Values for the new entry: a flag wins, else the old entry's (spec table). */
typedef struct kc_auth_values {
    const char *server_id, *client_id, *tenant_id, *environment;
    const char *cache_dir, *pop_claims, *redirect_url, *login_hint;
    const char *install_hint; /* the old exec's, "" when none */
    const char *old_login;    /* the old exec's --login (devicecode when absent) */
    int legacy, pop_enabled;
} kc_auth_values;

/* pass_select.c: validate the users list, classify every user, record the
 * ones left alone in res, and list the ones to convert. */
int kc_select_users(kc_document *doc, const kc_selection *sel, kc_names *seen, const char *file,
                    kc_result *res, kc_candidates *out, kc_error *err);

/* pass_values.c: the spec's "values taken from the old entry". */
void kc_collect_values(const kc_document *doc, const kc_candidate *c, const kc_options *o,
                       kc_auth_values *v);
/* The value after `flag` in an exec's args ("" when absent), and presence. */
const char *kc_exec_arg(const kc_document *doc, int exec, const char *flag);
int kc_exec_has_arg(const kc_document *doc, int exec, const char *flag);

/* pass_exec.c: build the new exec mapping for opts->login_method. */
int kc_build_exec(kc_document *doc, const kc_options *o, const kc_auth_values *v,
                  const kc_candidate *c, int *out, kc_error *err);

/* pass_exec.c: 1 when the old exec entry is the built one, up to what
 * kubelogin's serialiser adds (`env: null`, `provideClusterInfo: false`). */
int kc_exec_same(const kc_document *doc, int built, int old);

/* pass_azure.c: build the legacy auth-provider mapping (--format azure). */
int kc_build_azure(kc_document *doc, const kc_auth_values *v, const kc_candidate *c, int *out,
                   kc_error *err);

/* pass_gcp.c: KC_USER_GCP, KC_USER_GCP_EXEC or KC_USER_OTHER for a user
 * that is neither azure nor kubelogin. */
kc_user_kind kc_gcp_kind(const kc_document *doc, int provider, int exec);
/* Why a user of this kind is left alone under sel's --provider, NULL when it
 * is one to convert. */
const char *kc_provider_unwanted(const kc_selection *sel, kc_user_kind kind);
/* pass_gcp.c: the gke-gcloud-auth-plugin exec mapping for a gcp user, or a
 * refusal naming the user when the plugin would authenticate otherwise. */
int kc_build_gcp(kc_document *doc, const kc_candidate *c, int *out, kc_error *err);

/* Result bookkeeping (convert.c). */
int kc_result_add_user(kc_result *res, const char *name, kc_action action, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int kc_result_set_user(kc_result *res, size_t index, kc_action action, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int kc_result_add_edit(kc_result *res, int key, int value, const char *new_key, int new_value);

/* Position of a candidate's replaced key, for error messages. */
void kc_candidate_pos(const kc_document *doc, const kc_candidate *c, size_t *line, size_t *col);


#endif
