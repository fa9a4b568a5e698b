/* The command line (cli.c) and the run around the core (run.c); the file
 * layer is file.h and lock.h. */
#ifndef KC_CLI_H
#define KC_CLI_H

#include "error.h"
#include "options.h"

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
    /* klog's flags, which kubelogin's main adds: accepted, change nothing */
    int verbosity, logtostderr, logtostderr_set;
    int verbose;            /* --verbose (or -v 1 and more): a line per user */
    int help, version;      /* -h/--help, --version */
} kc_cli;

/* How a flag takes its value (pflag's Value types and NoOptDefVal). */
typedef enum kc_flag_kind {
    KC_FLAG_STRING,   /* a kc_flag of kc_options: needs a value */
    KC_FLAG_BOOL,     /* int value (+ int set): --x means true, --x=false */
    KC_FLAG_DURATION, /* a kc_flag holding a Go duration */
    KC_FLAG_LEVEL,    /* klog's -v: a 32-bit integer */
    KC_FLAG_PATH,     /* a const char * of kc_cli: needs a value */
    KC_FLAG_FORMAT, KC_FLAG_REPORT,
    KC_FLAG_PROVIDER, /* a comma list: azure, gcp, all */
    KC_FLAG_BACKUP    /* an optional value */
} kc_flag_kind;

/* One flag: where in kc_cli its value (and its given-bit) go, and its help. */
typedef struct kc_flag_def {
    const char *name;
    char shorthand;
    kc_flag_kind kind;
    size_t at, set_at;
    const char *arg;       /* the value's name in --help, NULL for none */
    const char *help;      /* NULL: accepted but not listed */
} kc_flag_def;

/* The flag table (--help and shell completion read it). */
const kc_flag_def *kc_cli_flags(size_t *count);

/* Parse argv into cli as pflag does (kubelogin's flags and forms: --flag=value,
 * -lspn, -l=spn, --bool[=false], "--" ends the flags, flags and files mixed),
 * then apply the environment and kubelogin's Validate. Returns -1 to go on,
 * or an exit status (help, version, usage errors, which it has already printed). */
int kc_cli_parse(int argc, char **argv, kc_cli *cli);
void kc_cli_free(kc_cli *cli);

/* ---- the run (run.c) -------------------------------------------------- */

/* Convert every input the command line names, registering our locks and
 * temporaries in registry (lock.h); returns the exit status. */
struct kc_registry;
int kc_run(const kc_cli *cli, struct kc_registry *registry);

#endif
