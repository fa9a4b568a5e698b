/* The command line and the run around the core (kubeconvert.h); the file
 * layer is src/file.h and src/lock.h. */
#ifndef KC_CLI_H
#define KC_CLI_H

#include "kubeconvert.h"

typedef struct kc_cli {
    kc_options opts;
    const char **files;     /* FILE arguments, in order */
    size_t file_count;
    const char *kubeconfig; /* --kubeconfig */
    const char *output;     /* -o/--output */
    int quiet;              /* -q: no per-file report */
    int check;              /* --check: list files that would change, exit 1 */
    int dry_run;            /* --dry-run: print a unified diff instead of writing */
    int report_json;        /* --report=json: one JSON document on stdout */
    const char *backup;     /* --backup[=SUFFIX]: keep the original, NULL: no */
    const char *user_regex, *context_regex;
} kc_cli;

/* Parse argv into cli. Returns -1 to go on, or an exit status (help,
 * version, usage errors, which it has already printed). */
int kc_cli_parse(int argc, char **argv, kc_cli *cli);
void kc_cli_free(kc_cli *cli);

/* ---- the run (run.c) -------------------------------------------------- */

/* Convert every input the command line names, registering our locks and
 * temporaries in registry (lock.h); returns the exit status. */
struct kc_registry;
int kc_run(const kc_cli *cli, struct kc_registry *registry);

#endif
