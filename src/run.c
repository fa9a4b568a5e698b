/* One run: pick the files, and for each unit (one FILE argument, or the
 * whole $KUBECONFIG set) read -> parse -> convert -> emit every file, then
 * write only if the whole unit succeeded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_cli.h"
#include "report.h"

typedef struct unit_file {
    kc_file file;
    kc_document doc;
    kc_result res;
    kc_output out;
} unit_file;

typedef struct unit {
    const char **names;
    size_t count;
    int is_set;            /* a $KUBECONFIG list: kubectl's merge rules apply */
} unit;

static int fail(const char *name, const kc_error *err)
{
    kc_print_error(name, err);
    return err->exit_code ? (int)err->exit_code : KC_EXIT_FAILURE;
}

/* Which user --context names: the first file that defines the context wins. */
static int context_user(const kc_cli *cli, const unit *u, unit_file *files, const char **user)
{
    *user = NULL;
    if (!cli->opts.context.set)
        return 1;
    for (size_t i = 0; i < u->count; i++)
        if (kc_find_context_user(&files[i].doc, cli->opts.context.value, user))
            return 1;
    return 0;
}

static int write_result(const kc_cli *cli, unit_file *uf, kc_error *err)
{
    kc_file *f = &uf->file;
    const kc_output *o = &uf->out;
    /* -o makes a new file: atomic, but its fsync is the caller's business */
    if (cli->output)
        return kc_write_atomic(cli->output, o->pieces, o->count, f->is_stdin ? 0644 : f->mode,
                               f->uid, f->gid, 0, err);
    if (f->is_stdin)
        return kc_write_atomic("-", o->pieces, o->count, 0, 0, 0, 0, err);
    if (!o->changed)
        return 1; /* same bytes: leave the file, its inode and mtime alone */
    return kc_write_atomic(f->target, o->pieces, o->count, f->mode, f->uid, f->gid, 1, err);
}

static int run_unit(const kc_cli *cli, const unit *u)
{
    unit_file *files = calloc(u->count, sizeof *files);
    kc_names seen = {0};
    kc_error err = {0};
    const char *failed = NULL; /* the file an error is about */
    const char *user = NULL;
    int status = KC_EXIT_OK;
    int in_place = !cli->output;

    if (!files) {
        fputs("kubeconvert: error: out of memory\n", stderr);
        return KC_EXIT_FAILURE;
    }
    for (size_t i = 0; i < u->count; i++) {
        unit_file *uf = &files[i];
        kc_document_init(&uf->doc, NULL, 0);
        kc_result_init(&uf->res);
        failed = u->names[i];
        if (!kc_file_read(&uf->file, u->names[i], in_place, &err))
            goto error;
        uf->doc.source = uf->file.data;
        uf->doc.source_len = uf->file.len;
        if (!kc_parse(&uf->doc, &err))
            goto error;
    }
    failed = u->count == 1 ? u->names[0] : NULL;
    if (!context_user(cli, u, files, &user)) {
        kc_set_error(&err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                     "no context exists with the name: \"%s\"", cli->opts.context.value);
        goto error;
    }
    for (size_t i = 0; i < u->count; i++) {
        unit_file *uf = &files[i];
        failed = u->names[i];
        if (!kc_convert(&uf->doc, &cli->opts, user, u->is_set ? &seen : NULL, u->names[i],
                        &uf->res, &err) ||
            !kc_emit(&uf->doc, &uf->res, &uf->out, &err))
            goto error;
    }
    /* Everything converted: now, and only now, write. */
    for (size_t i = 0; i < u->count; i++) {
        failed = cli->output ? cli->output : u->names[i];
        if (!write_result(cli, &files[i], &err))
            goto error;
        if (!cli->quiet)
            kc_report_file(files[i].file.target, cli->output, &files[i].res, files[i].out.changed);
    }
    goto done;
error:
    status = fail(failed, &err);
done:
    for (size_t i = 0; i < u->count; i++) {
        kc_file_free(&files[i].file);
        kc_document_free(&files[i].doc);
        kc_result_free(&files[i].res);
        kc_output_free(&files[i].out);
    }
    kc_names_free(&seen);
    free(files);
    return status;
}

/* $KUBECONFIG: colon-separated, empty entries and repeats ignored (kubectl). */
static size_t split_kubeconfig(char *list, const char **names)
{
    size_t count = 0;
    for (char *p = strtok(list, ":"); p; p = strtok(NULL, ":")) {
        int repeat = 0;
        for (size_t i = 0; i < count; i++)
            repeat |= strcmp(names[i], p) == 0;
        if (!repeat)
            names[count++] = p;
    }
    return count;
}

int kc_run(const kc_cli *cli)
{
    int status = KC_EXIT_OK;
    if (cli->file_count > 0) {
        for (size_t i = 0; i < cli->file_count; i++) {
            unit u = {&cli->files[i], 1, 0};
            int s = run_unit(cli, &u);
            status = s > status ? s : status;
        }
        return status;
    }
    if (cli->kubeconfig) {
        const char *name = cli->kubeconfig;
        unit u = {&name, 1, 0};
        return run_unit(cli, &u);
    }
    const char *env = getenv("KUBECONFIG");
    if (env && *env) {
        char *list = strdup(env);
        const char **names = calloc(strlen(env) + 1, sizeof *names);
        if (list && names) {
            unit u = {names, split_kubeconfig(list, names), 1};
            if (cli->output && u.count > 1) {
                fputs("kubeconvert: error: -o/--output takes one input file, and $KUBECONFIG "
                      "names several (see kubeconvert --help)\n", stderr);
                status = KC_EXIT_USAGE;
            } else {
                status = u.count ? run_unit(cli, &u) : KC_EXIT_OK;
            }
        } else {
            fputs("kubeconvert: error: out of memory\n", stderr);
            status = KC_EXIT_FAILURE;
        }
        free(list);
        free(names);
        return status;
    }
    const char *home = getenv("HOME");
    if (!home || !*home) {
        fputs("kubeconvert: error: HOME is not set, so there is no ~/.kube/config; name a FILE\n", stderr);
        return KC_EXIT_FAILURE;
    }
    char *path = malloc(strlen(home) + sizeof "/.kube/config");
    if (!path) {
        fputs("kubeconvert: error: out of memory\n", stderr);
        return KC_EXIT_FAILURE;
    }
    strcpy(path, home);
    strcat(path, "/.kube/config");
    const char *name = path;
    unit u = {&name, 1, 0};
    status = run_unit(cli, &u);
    free(path);
    return status;
}
