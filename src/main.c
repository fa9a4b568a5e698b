/* kubeconvert: parse the command line, run, and make sure stdout got out. */
#include <stdio.h>

#include <string.h>

#include "completion.h"
#include "kc_cli.h"

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
    kc_cleanup_on_signals();
    int status = kc_cli_parse(argc, argv, &cli);
    if (status < 0)
        status = kc_run(&cli);
    kc_cli_free(&cli);
    kc_resolve_cleanup();
    kc_render_cleanup();
    /* A converted file sent to a full disk or closed pipe must not exit 0. */
    if (ferror(stdout) || fclose(stdout) != 0) {
        fputs("kubeconvert: error: cannot write standard output\n", stderr);
        return KC_EXIT_FAILURE;
    }
    return status;
}
