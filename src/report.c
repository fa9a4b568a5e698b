/* The per-file report: the exact path, then every user and what happened
 * to it, so a silent no-op or a surprise file is visible (kubelogin#466). */
#include <stdio.h>
#include <string.h>

#include "report.h"

void kc_report_file(const char *path, const char *output, const kc_result *res, int changed)
{
    size_t converted = 0;
    for (size_t i = 0; i < res->user_count; i++)
        converted += res->users[i].action == KC_ACTION_CONVERTED;

    fprintf(stderr, "kubeconvert: %s", strcmp(path, "-") == 0 ? "<stdin>" : path);
    if (output)
        fprintf(stderr, " -> %s", strcmp(output, "-") == 0 ? "<stdout>" : output);
    if (converted)
        fprintf(stderr, ": converted %zu of %zu user%s", converted, res->user_count,
                res->user_count == 1 ? "" : "s");
    else
        fprintf(stderr, ": unchanged%s", changed ? " users" : "");
    if (res->user_count == 0)
        fputs(", no users", stderr);
    for (size_t i = 0; i < res->user_count; i++) {
        const kc_user_result *u = &res->users[i];
        fprintf(stderr, "%s\"%s\" (%s)", i ? ", " : ": ", u->name, u->reason);
    }
    fputc('\n', stderr);
}
