/* The transformer (convert.c): picks the users to convert (select_users.c),
 * reads the values of each (collect_values.c), builds the new entries
 * (build_exec.c, build_azure.c) and records it all in a kc_result (result.c)
 * that the caller owns. It knows nothing about bytes; emit.c does. */
#ifndef KC_CONVERT_H
#define KC_CONVERT_H

#include "ast.h"
#include "error.h"
#include "names.h"
#include "options.h"
#include "pattern.h"
#include "result.h"

/* Which users a run may convert. */
typedef struct kc_selection {
    const char *context_user;        /* the user --context names, NULL: any */
    const kc_pattern *user_re;       /* --user-regex, NULL: any */
    const kc_names *context_users;   /* users named by contexts matching --context-regex,
                                        NULL when the option is not given */
    unsigned providers;              /* --provider: KC_PROVIDER_* bits, 0: azure */
} kc_selection;

/* Run the transformer passes over one parsed document. On failure err is
 * the first error and res->errors lists them all (see kc_result). */
int kc_convert(kc_document *doc, const kc_options *opts, const kc_selection *sel,
               kc_names *seen, const char *file, kc_result *res, kc_error *err);

/* The user a context names in this document: 1 and *user set when found. */
int kc_find_context_user(const kc_document *doc, const char *context, const char **user);
/* Add to users every user named by a context whose name matches re. */
void kc_context_users_matching(const kc_document *doc, const kc_pattern *re, kc_names *users);

#endif
