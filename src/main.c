/* kubeconvert: parse the command line, run, and make sure stdout got out. */
#include <stdio.h>

#include "kc_cli.h"

int main(int argc, char **argv)
{
    kc_cli cli;
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
