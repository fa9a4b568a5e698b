/* What a run says it did, one line per file on stderr (report.c). */
#ifndef KC_REPORT_H
#define KC_REPORT_H

#include "kubeconvert.h"

/* "kubeconvert: PATH: converted 1 of 2 users: "a" (legacy azure -> ...), ..." */
void kc_report_file(const char *path, const char *output, const kc_result *res, int changed);

#endif
