/* What a conversion found, as data convert.c owns and passes down (result.c):
 * per user what happened, per change which source pair becomes which new
 * node, the errors; and the candidates select_users.c picks for the passes
 * that build new entries. */
#ifndef KC_RESULT_H
#define KC_RESULT_H

#include <stddef.h>

#include "ast.h"
#include "error.h"

typedef enum kc_action {
    KC_ACTION_CONVERTED = 1,
    KC_ACTION_UNCHANGED,   /* already in the wanted form */
    KC_ACTION_SKIPPED      /* not an azure user, outside --context, ... */
} kc_action;

/* Strings live in the result's arena: a fleet file has thousands of users,
 * and fixed arrays here cost a page fault every eight of them. */
typedef struct kc_user_result {
    const char *name;
    kc_action action;
    const char *reason;    /* "legacy azure -> kubelogin devicecode", ... */
    const char *from, *to; /* "azure", "gcp", "exec/METHOD" or "exec:PLUGIN"; "" when not converted */
    int notice;            /* said even without --verbose (a user kubelogin would trip on) */
} kc_user_result;

/* One change to the source: the pair (key, value) is replaced by the new
 * pair (new_key text, new_value node), or removed when new_value is KC_NONE. */
typedef struct kc_edit {
    int key, value;        /* source nodes */
    const char *new_key;
    int new_value;         /* a node built by a pass */
} kc_edit;

typedef struct kc_result {
    kc_edit *edits;
    size_t edit_count, edit_cap;
    kc_user_result *users;
    size_t user_count, user_cap;
    kc_chunk *strings;     /* the users' names and reasons */
    /* When kc_convert fails: every error it found, in file order. A user's
     * error does not stop the others (so all are reported at once); an
     * error about the file as a whole does. */
    kc_error *errors;
    size_t error_count, error_cap;
} kc_result;

void kc_result_init(kc_result *res);
void kc_result_free(kc_result *res);

typedef enum kc_user_kind {
    KC_USER_OTHER = 0,
    KC_USER_LEGACY,   /* auth-provider.name: azure */
    KC_USER_EXEC,     /* exec.command contains "kubelogin" */
    KC_USER_GCP,      /* auth-provider.name: gcp (build_gcp.c) */
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

/* The passes' bookkeeping: a user and what happened to it, the reason
 * formatted into the result's arena, 1/0 (0: as kc_result_printf); an edit. */
int kc_result_add_user(kc_result *res, const char *name, kc_action action, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int kc_result_set_user(kc_result *res, size_t index, kc_action action, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void kc_result_add_edit(kc_result *res, int key, int value, const char *new_key, int new_value);
/* Keep a user's own error in res->errors, so that one run reports them all. */
void kc_result_add_error(kc_result *res, const kc_error *err);

/* The key a candidate's new entry replaces (the earlier of auth-provider
 * and exec), and its position, for error messages. */
int kc_candidate_first_key(const kc_candidate *c);
void kc_candidate_pos(const kc_document *doc, const kc_candidate *c, size_t *line, size_t *col);
/* A formatted copy in the result's arena; NULL when vsnprintf fails (a
 * value over INT_MAX bytes). */
const char *kc_result_printf(kc_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
