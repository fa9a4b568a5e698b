/* The command line and the file layer around the core (kubeconvert.h). */
#ifndef KC_CLI_H
#define KC_CLI_H

#include <sys/stat.h>
#include <sys/types.h>

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

/* ---- files (fileio.c) ------------------------------------------------- */

typedef struct kc_file {
    char *name;      /* as the user named it ("-" for standard input) */
    char *target;    /* the file really read and written (symlinks followed) */
    char *data;      /* its bytes: mapped (map_slot >= 0) or read */
    size_t len;
    int map_slot;    /* fileio.c's record of the mapping, -1 when read */
    struct stat read_stat; /* the file when read: a later change is an error */
    mode_t mode;     /* permission bits, kept by the rewrite */
    uid_t uid;
    gid_t gid;
    int is_stdin;
    char *locks[2];  /* the lock files we hold (name's and, for a symlink, target's) */
    int lock_count;
    int lock_fd;     /* the target's lock (the last of locks[]) kept open, or -1:
                      * while open, its inode number cannot pass to another file */
} kc_file;

/* On SIGINT, SIGTERM, SIGHUP, SIGPIPE: remove our temporaries and locks. */
void kc_cleanup_on_signals(void);

/* Take <target>.lock (create-exclusive, as client-go does), waiting a
 * bounded time for another writer. */
int kc_file_lock(kc_file *f, kc_error *err);
void kc_file_unlock(kc_file *f);
/* Read a whole file, or standard input for "-"; with lock, take its lock
 * first, so what is read is what a later write replaces. */
int kc_file_read(kc_file *f, const char *name, int lock, kc_error *err);
void kc_file_free(kc_file *f);
/* 0 with an error when the file changed since it was read (replaced,
 * rewritten, or shrunk under its mapping): what was converted is stale. */
int kc_file_check_unchanged(const kc_file *f, kc_error *err);
/* Rewrite a file read with its lock: the target's lock file takes the new
 * bytes and is renamed over the target, so the lock goes as they arrive.
 * fsync'd first; keeps mode and owner. */
int kc_file_replace(kc_file *f, const kc_piece *pieces, size_t count, kc_error *err);
/* Replace path's content atomically with the pieces: a temporary file in
 * the same directory, fsync (when durable), rename. Keeps mode and owner.
 * Devices and "-" are written directly. */
int kc_write_atomic(const char *path, const kc_piece *pieces, size_t count, mode_t mode,
                    uid_t uid, gid_t gid, int durable, kc_error *err);

/* ---- the run (run.c) -------------------------------------------------- */

/* Convert every input the command line names; returns the exit status. */
int kc_run(const kc_cli *cli);

#endif
