/* One run: pick the files, and for each unit (one FILE argument, or the
 * whole $KUBECONFIG set) read -> parse -> convert -> emit every file, then
 * write (or check, or diff) only if the whole unit succeeded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "convert.h"
#include "diff.h"
#include "file.h"
#include "parse_split.h"
#include "report.h"

typedef struct unit_file {
    kc_file file;
    kc_document doc;
    kc_result res;
    kc_output out;
    const char *not_kubeconfig; /* why kubectl would not read it as one: left as it is */
} unit_file;

typedef struct unit {
    const char **names;
    size_t count;
    int is_set;            /* a $KUBECONFIG list: kubectl's merge rules apply */
} unit;

typedef struct run_state {
    const kc_cli *cli;
    kc_pattern *user_re, *context_re;
    cJSON *report;         /* --report=json, NULL otherwise */
    kc_registry *registry; /* our locks and temporaries, for the signal handler */
    kc_tally tally;        /* files by how they ended, for a batch's closing line */
    kc_renderer renderer;  /* every file's new entries: its memo pays across files */
} run_state;

static int writes(const kc_cli *cli)
{
    return !cli->check && !cli->dry_run;
}

/* Which user --context names: the first file that defines the context wins;
 * and which users contexts matching --context-regex name. */
static int select_users(run_state *rs, const unit *u, unit_file *files, kc_selection *sel,
                        kc_names *context_users, kc_error *err)
{
    const kc_cli *cli = rs->cli;
    sel->user_re = rs->user_re;
    sel->providers = cli->opts.providers;
    if (cli->opts.context.set) {
        int found = 0;
        for (size_t i = 0; !found && i < u->count; i++)
            found = kc_find_context_user(&files[i].doc, cli->opts.context.value, &sel->context_user);
        if (!found)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "no context exists with the name: \"%s\"", cli->opts.context.value);
    }
    if (rs->context_re) {
        for (size_t i = 0; i < u->count; i++)
            kc_context_users_matching(&files[i].doc, rs->context_re, context_users);
        sel->context_users = context_users;
    }
    return 1;
}

/* Keep the original next to the file (--backup), with its mode. */
static int write_backup(const kc_cli *cli, const kc_file *f, kc_error *err)
{
    size_t n = strlen(f->target) + strlen(cli->backup) + 1;
    char *path = kc_xmalloc(n);
    snprintf(path, n, "%s%s", f->target, cli->backup);
    kc_piece original = {f->data, f->len, 0};
    int ok = kc_write_atomic(f->registry, path, &original, 1, f->mode, f->uid, f->gid, 1, err);
    free(path);
    return ok;
}

/* Write one converted file where it belongs; *written says if anything was. */
static int write_result(const kc_cli *cli, unit_file *uf, int *written, kc_error *err)
{
    kc_file *f = &uf->file;
    const kc_output *o = &uf->out;
    *written = 1;
    /* -o makes a new file: atomic, but its fsync is the caller's business */
    if (cli->output)
        return kc_write_atomic(f->registry, cli->output, o->pieces, o->count, f->is_stdin ? 0644 : f->mode,
                               f->uid, f->gid, 0, err);
    if (f->is_stdin)
        return kc_write_atomic(f->registry, "-", o->pieces, o->count, 0, 0, 0, 0, err);
    if (!o->changed) {
        *written = 0;
        return 1; /* same bytes: leave the file, its inode and mtime alone */
    }
    if (cli->backup && !write_backup(cli, f, err))
        return 0;
    return kc_file_replace(f, o->pieces, o->count, err);
}

/* --check's list: one name a line, escaped like every name shown (a name
 * with a line break must not read as two files). */
static void print_name(const char *name)
{
    char *safe = kc_escaped_copy(name, kc_escape_display);
    printf("%s\n", safe);
    free(safe);
}

/* After the unit converted: write, list or diff each file. A failed write to
 * -o sets *blame to the output's name. */
static int finish_file(run_state *rs, unit_file *uf, const char *name, const char **blame,
                       int *status, kc_error *err)
{
    const kc_cli *cli = rs->cli;
    int written = 0;
    if (cli->check) {
        if (uf->out.changed) {
            *status = KC_EXIT_CHANGES;
            if (!rs->report)
                print_name(name);
        }
    } else if (cli->dry_run) {
        kc_write_diff(stdout, name, uf->file.data, uf->file.len, &uf->out);
    } else if (!write_result(cli, uf, &written, err)) {
        if (cli->output)
            *blame = cli->output;
        return 0;
    }
    if (uf->out.changed)
        rs->tally.changed++;
    else
        rs->tally.unchanged++;
    if (!cli->quiet && !cli->check)
        kc_report_file(uf->file.target, cli->output, &uf->res, uf->out.changed, cli->dry_run, cli->verbose);
    if (rs->report) {
        kc_file_status st = {uf->out.changed, written, cli->check, name, NULL, 0, NULL};
        kc_report_json_file(rs->report, uf->file.target, &uf->res, &st);
    }
    return 1;
}

/* The top-level values the passes read; the rest (clusters above all) is
 * parsed but not built, see kc_document.keep_keys. */
static const char *const users_only[] = {"users", NULL};
static const char *const users_and_contexts[] = {"users", "contexts", NULL};

/* A YAML file that is something else (a Deployment, say) is "unchanged" by
 * us, but the user most likely named the wrong file: worth a warning. An
 * empty file or one of comments is an empty kubeconfig, as kubectl reads it. */
static const char *not_a_kubeconfig(const kc_document *doc)
{
    int root = kc_resolve(doc, doc->root);
    if (root == KC_NONE || doc->nodes[root].type != KC_MAPPING)
        return NULL; /* empty, or an error the passes report */
    int kind = kc_map_get(doc, root, "kind", NULL), version = kc_map_get(doc, root, "apiVersion", NULL);
    /* kubectl refuses another kind ("no kind Deployment is registered") or version */
    if (kind != KC_NONE && *kc_string(doc, kind) && strcmp(kc_string(doc, kind), "Config") != 0)
        return "not a kubeconfig (its kind is not Config); left as it is";
    if (version != KC_NONE && *kc_string(doc, version) && strcmp(kc_string(doc, version), "v1") != 0)
        return "not a kubeconfig kubectl reads (its apiVersion is not v1); left as it is";
    if (kind == KC_NONE && kc_map_get(doc, root, "users", NULL) == KC_NONE &&
        kc_map_get(doc, root, "clusters", NULL) == KC_NONE && kc_map_get(doc, root, "contexts", NULL) == KC_NONE)
        return "not a kubeconfig (no kind: Config, and no clusters, contexts or users); left as it is";
    return NULL;
}

static int run_unit(run_state *rs, const unit *u)
{
    const kc_cli *cli = rs->cli;
    const char *blame = NULL;
    unit_file *files = kc_xcalloc(u->count, sizeof *files);
    kc_names seen = {0}, context_users = {0};
    kc_selection sel = {0};
    kc_error err = {0};
    size_t failed = u->count; /* the file an error is about; count: the unit */
    int status = KC_EXIT_OK, writing = 0, convert_failed = 0;
    /* In place: hold each file's lock from before the read to after the write. */
    int lock = writes(cli) && !cli->output;

    for (size_t i = 0; i < u->count; i++) {
        unit_file *uf = &files[i];
        kc_document_init(&uf->doc, NULL, 0);
        uf->doc.keep_keys = cli->opts.context.set || rs->context_re ? users_and_contexts : users_only;
        kc_result_init(&uf->res);
        failed = i;
        if (!kc_file_read(&uf->file, u->names[i], rs->registry, lock, &err))
            goto error;
        uf->doc.source = uf->file.data;
        uf->doc.source_len = uf->file.len;
        if (!kc_parse(&uf->doc, &err))
            goto error;
        uf->not_kubeconfig = not_a_kubeconfig(&uf->doc);
        if (!cli->quiet && uf->not_kubeconfig)
            kc_report_warning(uf->file.target, uf->not_kubeconfig);
    }
    failed = u->count == 1 ? 0 : u->count;
    if (!select_users(rs, u, files, &sel, &context_users, &err))
        goto error;
    /* Every file converts even when one has failed, so that one run reports
     * every error (each user's, each file's); nothing is written then. */
    for (size_t i = 0; i < u->count; i++) {
        unit_file *uf = &files[i];
        failed = i;
        if (!uf->not_kubeconfig &&
            !kc_convert(&uf->doc, &cli->opts, &sel, u->is_set ? &seen : NULL, u->names[i], &uf->res, &err)) {
            convert_failed = 1; /* its errors are in uf->res */
            memset(&err, 0, sizeof err);
            continue;
        }
        if (!convert_failed && !kc_emit(&rs->renderer, &uf->doc, &uf->res, &uf->out, &err))
            goto error;
    }
    if (convert_failed)
        goto error;
    /* kubelogin reads a context with no user as no filter at all and
     * converts every user; asked for one context, we refuse instead (after
     * converting, so that a broken file says what is broken first). */
    if (cli->opts.context.set && !*sel.context_user) {
        failed = u->count == 1 ? 0 : u->count;
        kc_set_error(&err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                     "context \"%s\" names no user, so --context selects nothing to convert",
                     cli->opts.context.value);
        goto error;
    }
    /* Everything converted from what is still on disk: now, and only now, write. */
    for (size_t i = 0; i < u->count; i++) {
        failed = i;
        if (!kc_file_check_unchanged(&files[i].file, &err))
            goto error;
    }
    writing = 1;
    for (size_t i = 0; i < u->count; i++) {
        failed = i;
        if (!finish_file(rs, &files[i], u->names[i], &blame, &status, &err))
            goto error;
    }
    goto done;
error:
    /* A file that changed while it was read may not parse: say so, not
     * what the parser made of it. */
    for (size_t i = 0; !writing && convert_failed && i < u->count; i++)
        if (files[i].res.error_count && !kc_file_check_unchanged(&files[i].file, &err)) {
            convert_failed = 0;
            failed = i;
        }
    if (!writing && !convert_failed && failed < u->count && files[failed].file.data)
        kc_file_check_unchanged(&files[failed].file, &err);
    const char *where = blame ? blame : failed < u->count ? u->names[failed] : NULL;
    if (convert_failed) {
        for (size_t i = 0; i < u->count; i++)
            for (size_t k = 0; k < files[i].res.error_count; k++)
                kc_print_error(u->names[i], &files[i].res.errors[k]);
        status = KC_EXIT_FAILURE;
    } else {
        kc_print_error(where, &err);
        status = err.exit_code ? (int)err.exit_code : KC_EXIT_FAILURE;
    }
    rs->tally.failed += u->count;
    for (size_t i = 0; rs->report && i < u->count; i++) {
        const kc_result *res = &files[i].res;
        kc_file_status st = {0, 0, cli->check, u->names[i], NULL, 0, NULL};
        if (convert_failed) {
            st.errors = res->errors;
            st.error_count = res->error_count;
        } else if (i == failed || failed == u->count) {
            st.where = where;
            st.errors = &err;
            st.error_count = 1;
        }
        if (!st.error_count)
            st.not_written = "another file of the set failed";
        kc_report_json_file(rs->report, files[i].file.target ? files[i].file.target : u->names[i], res, &st);
    }
done:
    for (size_t i = 0; i < u->count; i++) {
        kc_file_free(&files[i].file);
        kc_document_free(&files[i].doc);
        kc_result_free(&files[i].res);
        kc_output_free(&files[i].out);
    }
    kc_names_free(&seen);
    kc_names_free(&context_users);
    free(files);
    return status;
}

/* $KUBECONFIG: colon-separated, empty entries and repeats ignored (kubectl);
 * a repeat is the same file, however it is spelled (./a, a, a symlink). A
 * file that does not exist is skipped with a warning, as kubectl and
 * kubelogin skip it. */
static size_t split_kubeconfig(char *list, const char **names, int quiet)
{
    size_t count = 0;
    char **real = kc_xcalloc(strlen(list) + 1, sizeof *real);
    for (char *p = strtok(list, ":"); p; p = strtok(NULL, ":")) {
        struct stat st;
        if (stat(p, &st) != 0 && errno == ENOENT) {
            if (!quiet) {
                char *safe = kc_escaped_copy(p, kc_escape_display);
                fprintf(stderr, "kubeconvert: warning: %s (in $KUBECONFIG) does not exist; skipped\n", safe);
                free(safe);
            }
            continue;
        }
        char *r = realpath(p, NULL);
        int repeat = 0;
        for (size_t i = 0; i < count && !repeat; i++)
            repeat = strcmp(names[i], p) == 0 || (r && real[i] && strcmp(real[i], r) == 0);
        if (repeat) {
            free(r);
            continue;
        }
        real[count] = r;
        names[count++] = p;
    }
    for (size_t i = 0; i < count; i++)
        free(real[i]);
    free(real);
    return count;
}

/* No kubeconfig at all: kubelogin loads an empty config, changes nothing
 * and exits 0. So do we, saying so; nothing is created. */
static int no_kubeconfig(const char *what, int quiet)
{
    if (!quiet)
        fprintf(stderr, "kubeconvert: no kubeconfig: %s; nothing to convert\n", what);
    return KC_EXIT_OK;
}

/* Errors rank above "would change", which ranks above done. */
static int worse(int a, int b)
{
    return a > b ? a : b;
}

static int run_units(run_state *rs)
{
    const kc_cli *cli = rs->cli;
    int status = KC_EXIT_OK;
    if (cli->file_count > 0) {
        for (size_t i = 0; i < cli->file_count; i++) {
            unit u = {&cli->files[i], 1, 0};
            status = worse(status, run_unit(rs, &u));
        }
        return status;
    }
    if (cli->kubeconfig) {
        const char *name = cli->kubeconfig;
        unit u = {&name, 1, 0};
        return run_unit(rs, &u);
    }
    const char *env = getenv("KUBECONFIG");
    if (env && *env) {
        char *list = kc_xstrdup(env);
        const char **names = kc_xcalloc(strlen(env) + 1, sizeof *names);
        unit u = {names, split_kubeconfig(list, names, cli->quiet), 1};
        if (cli->output && u.count > 1) {
            fputs("kubeconvert: error: -o/--output takes one input file, and $KUBECONFIG "
                  "names several (see kubeconvert --help)\n", stderr);
            status = KC_EXIT_USAGE;
        } else {
            status = u.count ? run_unit(rs, &u)
                             : no_kubeconfig("no file that $KUBECONFIG names exists", cli->quiet);
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
    size_t n = strlen(home) + sizeof "/.kube/config";
    char *path = kc_xmalloc(n);
    snprintf(path, n, "%s/.kube/config", home);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        status = no_kubeconfig("~/.kube/config does not exist and $KUBECONFIG is not set", cli->quiet);
    } else {
        const char *name = path;
        unit u = {&name, 1, 0};
        status = run_unit(rs, &u);
    }
    free(path);
    return status;
}

int kc_run(const kc_cli *cli, kc_registry *registry)
{
    run_state rs = {.cli = cli, .registry = registry};
    kc_renderer_initialize(&rs.renderer);
    kc_error err = {0};
    int status;
    if ((cli->user_regex && !(rs.user_re = kc_pattern_compile("--user-regex", cli->user_regex, &err))) ||
        (cli->context_regex &&
         !(rs.context_re = kc_pattern_compile("--context-regex", cli->context_regex, &err)))) {
        kc_print_error(NULL, &err);
        status = err.exit_code;
    } else if (cli->report_json && !(rs.report = kc_report_json_new())) {
        fputs("kubeconvert: error: out of memory\n", stderr);
        status = KC_EXIT_FAILURE;
    } else {
        status = run_units(&rs);
        kc_tally *t = &rs.tally;
        if (!cli->quiet && t->changed + t->unchanged + t->failed > 1)
            kc_report_summary(t, !writes(cli));
        if (rs.report && !kc_report_json_finish(rs.report, stdout))
            status = worse(status, KC_EXIT_FAILURE);
    }
    kc_renderer_delete(&rs.renderer);
    kc_pattern_free(rs.user_re);
    kc_pattern_free(rs.context_re);
    return status;
}
