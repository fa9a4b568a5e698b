/* kubeconvert: parse the command line, run, and make sure stdout got out. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"
#include "completion.h"
#include "lock.h"

/* The program's one file-scope mutable state: a signal handler has no other
 * way to find the registry of locks and temporaries to remove. */
static kc_registry *volatile signal_registry;

static void on_signal(int sig)
{
    kc_registry *registry = signal_registry;
    if (registry)
        kc_registry_remove_files(registry);
    signal(sig, SIG_DFL);
    raise(sig); /* blocked until we return, then ends the run as sig would */
}

/* On any exit() (out of memory: memory.h) what is still registered goes
 * too; a normal end has emptied the registry and cleared the pointer. */
static void remove_registered_files(void)
{
    kc_registry *registry = signal_registry;
    if (registry)
        kc_registry_remove_files(registry);
}

static void handle_signals(kc_registry *registry)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < kc_cleanup_signal_count; i++)
        sigaddset(&sa.sa_mask, kc_cleanup_signals[i]); /* one handler at a time */
    signal_registry = registry;
    for (size_t i = 0; i < kc_cleanup_signal_count; i++)
        sigaction(kc_cleanup_signals[i], &sa, NULL);
}

/* Each file of a $KUBECONFIG unit keeps its lock open until it is written
 * (file.h): allow as many files as the hard limit does, as Go programs,
 * kubectl among them, do at start. Past it, the unit fails, nothing written. */
static void raise_open_file_limit(void)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int main(int argc, char **argv)
{
    kc_cli cli;
    /* Subcommands, as kubelogin's: the first word only (a file named so is ./completion). */
    if (argc >= 2 && strcmp(argv[1], "completion") == 0) {
        if (argc != 3)
            return kc_completion_script(NULL, stdout);
        return kc_completion_script(argv[2], stdout);
    }
    if (argc >= 2 && strcmp(argv[1], "__complete") == 0)
        return kc_complete(argc - 2, argv + 2, stdout);
    kc_registry registry;
    kc_registry_initialize(&registry);
    handle_signals(&registry);
    atexit(remove_registered_files);
    raise_open_file_limit();
    int status = kc_cli_parse(argc, argv, &cli);
    if (status < 0)
        status = kc_run(&cli, &registry);
    kc_cli_free(&cli);
    /* A converted file sent to a full disk or closed pipe must not exit 0. */
    int stdout_failed = ferror(stdout) || fclose(stdout) != 0;
    signal_registry = NULL; /* everything registered was renamed or removed */
    kc_registry_delete(&registry);
    if (stdout_failed) {
        fputs("kubeconvert: error: cannot write standard output\n", stderr);
        return KC_EXIT_FAILURE;
    }
    return status;
}
