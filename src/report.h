/* What a run says it did, one line per file on stderr (report.c). */
#ifndef KC_REPORT_H
#define KC_REPORT_H

#include <stdio.h>

#include "kubeconvert.h"

/* "kubeconvert: PATH: converted 1 of 2 users: "a" (legacy azure -> ...), ..." */
void kc_report_file(const char *path, const char *output, const kc_result *res, int changed,
                    int dry_run);

/* --report=json: one document for the whole run, built with cJSON. */
typedef struct cJSON cJSON;
cJSON *kc_report_json_new(void);
/* Add a file: its users, whether it changed / was written, its error if any. */
void kc_report_json_file(cJSON *report, const char *path, const kc_result *res, int changed,
                         int written, const char *error_user, const char *error);
/* Print and free it. 1/0. */
int kc_report_json_finish(cJSON *report, FILE *out);

#endif
