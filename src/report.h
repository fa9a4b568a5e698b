/* What a run says it did, one line per file on stderr (report.c). */
#ifndef KC_REPORT_H
#define KC_REPORT_H

#include <stdio.h>

#include "error.h"
#include "result.h"

/* "kubeconvert: PATH: converted 1 of 2 users" for a file that changes,
 * nothing for one that does not; with verbose, that line for every file and
 * "kubeconvert: PATH: user "a": legacy azure -> kubelogin devicecode" for
 * each user. Every path, name and reason escaped for the terminal
 * (kc_escape_display). */
void kc_report_file(const char *path, const char *output, const kc_result *res, int changed,
                    int dry_run, int verbose);
/* "kubeconvert: warning: PATH: what" */
void kc_report_warning(const char *path, const char *what);

/* Files of a run by how they ended, for the closing line of a batch. */
typedef struct kc_tally {
    size_t changed, unchanged, failed;
} kc_tally;
/* "kubeconvert: N files converted, M unchanged, K failed" ("would change"
 * when nothing_written: --check, --dry-run). */
void kc_report_summary(const kc_tally *t, int nothing_written);

/* --report=json: one document for the whole run, built with cJSON. */
typedef struct cJSON cJSON;
cJSON *kc_report_json_new(void);

/* How one file of a unit ended. */
typedef struct kc_file_status {
    int changed;             /* the output differs from the file */
    int written;             /* the output was written */
    int check;               /* --check: nothing is written, by design */
    const char *where;       /* the file's name in error messages */
    const kc_error *errors;  /* this file's errors (a user's names the user) */
    size_t error_count;
    const char *not_written; /* no error of its own, yet not written: why */
} kc_file_status;

/* Add a file: its users and what happened to each, whether it changed and
 * was written, its errors. A user is "converted" only in a file written;
 * "would convert" under --check; "not converted" when the unit failed. */
void kc_report_json_file(cJSON *report, const char *path, const kc_result *res,
                         const kc_file_status *st);
/* Print and free it. 1/0. */
int kc_report_json_finish(cJSON *report, FILE *out);

#endif
