/* The per-file report: the exact path, then every user and what happened
 * to it, so a silent no-op or a surprise file is visible (kubelogin#466).
 * Paths and names are anyone's bytes: escaped for the terminal on stderr,
 * made valid UTF-8 in JSON. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void put_display(const char *text)
{
    char *safe = kc_escaped_copy(text, kc_escape_display);
    fputs(safe, stderr);
    free(safe);
}

/* "kubeconvert: PATH[ -> OUTPUT]" */
static void put_file(const char *path, const char *output)
{
    fputs("kubeconvert: ", stderr);
    put_display(strcmp(path, "-") == 0 ? "<stdin>" : path);
    if (output) {
        fputs(" -> ", stderr);
        put_display(strcmp(output, "-") == 0 ? "<stdout>" : output);
    }
}

void kc_report_file(const char *path, const char *output, const kc_result *res, int changed,
                    int dry_run, int verbose)
{
    size_t converted = 0, gcp = 0;
    for (size_t i = 0; i < res->user_count; i++) {
        converted += res->users[i].action == KC_ACTION_CONVERTED;
        gcp += res->users[i].action == KC_ACTION_CONVERTED && strcmp(res->users[i].from, "gcp") == 0;
    }
    /* Quiet success, as kubelogin: one line for a file that changes. */
    if (converted || changed || verbose) {
        put_file(path, output);
        if (converted && gcp) /* per provider, only when gcp is in it */
            fprintf(stderr, ": %s %zu of %zu user%s (%zu azure, %zu gcp)\n",
                    dry_run ? "would convert" : "converted", converted, res->user_count,
                    res->user_count == 1 ? "" : "s", converted - gcp, gcp);
        else if (converted)
            fprintf(stderr, ": %s %zu of %zu user%s\n", dry_run ? "would convert" : "converted", converted,
                    res->user_count, res->user_count == 1 ? "" : "s");
        else
            fprintf(stderr, ": %s%s\n", changed ? "rewritten" : "unchanged",
                    res->user_count ? "" : ", no users");
    }
    for (size_t i = 0; i < res->user_count; i++) {
        const kc_user_result *u = &res->users[i];
        if (!verbose && !u->notice)
            continue;
        put_file(path, output);
        fputs(": user \"", stderr);
        put_display(u->name);
        fputs("\": ", stderr);
        put_display(u->reason);
        fputc('\n', stderr);
    }
}

void kc_report_warning(const char *path, const char *what)
{
    fputs("kubeconvert: warning: ", stderr);
    put_display(path);
    fprintf(stderr, ": %s\n", what);
}

void kc_report_summary(const kc_tally *t, int nothing_written)
{
    fprintf(stderr, "kubeconvert: %zu file%s %s, %zu unchanged, %zu failed\n", t->changed,
            t->changed == 1 ? "" : "s", nothing_written ? "would change" : "converted", t->unchanged,
            t->failed);
}

/* The report's format: raised when a field changes meaning or goes away
 * (adding a field does not). Documented in kubeconvert(1) and
 * doc/report.schema.json. */
#define REPORT_FORMAT_VERSION 1

cJSON *kc_report_json_new(void)
{
    cJSON *report = cJSON_CreateObject();
    if (report && (!cJSON_AddNumberToObject(report, "formatVersion", REPORT_FORMAT_VERSION) ||
                   !cJSON_AddArrayToObject(report, "files"))) {
        cJSON_Delete(report);
        return NULL;
    }
    return report;
}

/* A string member: bytes that are not UTF-8 become the text `\xNN`, so the
 * document stays JSON (cJSON would copy them raw). */
static void add_string(cJSON *o, const char *key, const char *value)
{
    char *safe = kc_escaped_copy(value, kc_escape_utf8);
    cJSON_AddStringToObject(o, key, safe);
    free(safe);
}

/* "exec/devicecode" -> {"format": "exec", "login": "devicecode"};
 * "exec:gke-gcloud-auth-plugin" -> {"format": "exec", "plugin": ...}; "" -> null */
static cJSON *format_object(const char *spec)
{
    if (!*spec)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    const char *colon = strchr(spec, ':');
    if (colon) {
        add_string(o, "format", "exec");
        add_string(o, "plugin", colon + 1);
        return o;
    }
    const char *slash = strchr(spec, '/');
    char format[48];
    snprintf(format, sizeof format, "%.*s", slash ? (int)(slash - spec) : (int)strlen(spec), spec);
    add_string(o, "format", format);
    if (slash)
        add_string(o, "login", slash + 1);
    return o;
}

/* The error about this user, NULL when none. */
static const kc_error *user_error(const kc_file_status *st, const char *name)
{
    for (size_t i = 0; i < st->error_count; i++)
        if (st->errors[i].user[0] && strcmp(st->errors[i].user, name) == 0)
            return &st->errors[i];
    return NULL;
}

static void add_user(cJSON *users, const kc_user_result *u, const kc_file_status *st, int failed)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return;
    cJSON_AddItemToArray(users, o);
    const kc_error *e = user_error(st, u->name);
    const char *action = e                                ? "error"
                         : u->action == KC_ACTION_SKIPPED   ? "skipped"
                         : u->action == KC_ACTION_UNCHANGED ? "unchanged"
                         : st->written                      ? "converted"
                         : failed                           ? "not converted"
                                                            : "would convert";
    char message[4096];
    int converts = strcmp(action, "converted") == 0 || strcmp(action, "would convert") == 0;
    add_string(o, "name", u->name);
    add_string(o, "action", action);
    cJSON_AddItemToObject(o, "from", format_object(u->action == KC_ACTION_SKIPPED && !e ? "" : u->from));
    cJSON_AddItemToObject(o, "to", format_object(converts ? u->to : ""));
    if (e) {
        kc_format_error(message, sizeof message, st->where, e);
        add_string(o, "reason", message);
    } else if (strcmp(action, "not converted") == 0) {
        snprintf(message, sizeof message, "%s; not written: %s", u->reason,
                 st->error_count ? "this file has errors" : st->not_written);
        add_string(o, "reason", message);
    } else {
        add_string(o, "reason", u->reason);
    }
}

void kc_report_json_file(cJSON *report, const char *path, const kc_result *res,
                         const kc_file_status *st)
{
    cJSON *files = report ? cJSON_GetObjectItem(report, "files") : NULL;
    cJSON *f = files ? cJSON_CreateObject() : NULL;
    char message[4096];
    if (!f)
        return;
    cJSON_AddItemToArray(files, f);
    int failed = st->error_count || st->not_written;
    add_string(f, "path", path);
    add_string(f, "status", failed ? "error" : !st->changed ? "unchanged" : st->written ? "changed" : "would change");
    cJSON_AddBoolToObject(f, "written", st->written);
    cJSON *errors = failed ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; errors && i < st->error_count; i++) {
        kc_format_error(message, sizeof message, st->where, &st->errors[i]);
        if (i == 0)
            add_string(f, "error", message);
        cJSON_AddItemToArray(errors, cJSON_CreateString(message)); /* escaped: ASCII-safe */
    }
    if (errors && !st->error_count) {
        snprintf(message, sizeof message, "not written: %s", st->not_written);
        add_string(f, "error", message);
        cJSON_AddItemToArray(errors, cJSON_CreateString(message));
    }
    if (errors)
        cJSON_AddItemToObject(f, "errors", errors);
    cJSON *users = cJSON_AddArrayToObject(f, "users");
    for (size_t i = 0; res && users && i < res->user_count; i++)
        add_user(users, &res->users[i], st, failed);
    /* An error about a user the passes never listed (select stopped at it). */
    for (size_t i = 0; users && i < st->error_count; i++) {
        const kc_error *e = &st->errors[i];
        int listed = 0;
        for (size_t j = 0; res && !listed && j < res->user_count; j++)
            listed = strcmp(res->users[j].name, e->user) == 0;
        if (!e->user[0] || listed || user_error(st, e->user) != e)
            continue;
        cJSON *o = cJSON_CreateObject();
        if (!o)
            continue;
        cJSON_AddItemToArray(users, o);
        kc_format_error(message, sizeof message, st->where, e);
        add_string(o, "name", e->user);
        add_string(o, "action", "error");
        add_string(o, "reason", message);
    }
}

int kc_report_json_finish(cJSON *report, FILE *out)
{
    char *text = report ? cJSON_Print(report) : NULL;
    int ok = text && fprintf(out, "%s\n", text) >= 0;
    cJSON_free(text);
    cJSON_Delete(report);
    return ok;
}
