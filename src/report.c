/* The per-file report: the exact path, then every user and what happened
 * to it, so a silent no-op or a surprise file is visible (kubelogin#466). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

void kc_report_file(const char *path, const char *output, const kc_result *res, int changed,
                    int dry_run)
{
    size_t converted = 0;
    for (size_t i = 0; i < res->user_count; i++)
        converted += res->users[i].action == KC_ACTION_CONVERTED;

    fprintf(stderr, "kubeconvert: %s", strcmp(path, "-") == 0 ? "<stdin>" : path);
    if (output)
        fprintf(stderr, " -> %s", strcmp(output, "-") == 0 ? "<stdout>" : output);
    if (converted)
        fprintf(stderr, ": %s %zu of %zu user%s", dry_run ? "would convert" : "converted", converted,
                res->user_count,
                res->user_count == 1 ? "" : "s");
    else
        fprintf(stderr, ": %s", changed ? "rewritten" : "unchanged");
    if (res->user_count == 0)
        fputs(", no users", stderr);
    for (size_t i = 0; i < res->user_count; i++) {
        const kc_user_result *u = &res->users[i];
        fprintf(stderr, "%s\"%s\" (%s)", i ? ", " : ": ", u->name, u->reason);
    }
    fputc('\n', stderr);
}

cJSON *kc_report_json_new(void)
{
    cJSON *report = cJSON_CreateObject();
    if (report && !cJSON_AddArrayToObject(report, "files")) {
        cJSON_Delete(report);
        return NULL;
    }
    return report;
}

static const char *action_name(kc_action a)
{
    return a == KC_ACTION_CONVERTED ? "converted" : a == KC_ACTION_UNCHANGED ? "unchanged" : "skipped";
}

/* "exec/devicecode" -> {"format": "exec", "login": "devicecode"}; "" -> null */
static cJSON *format_object(const char *spec)
{
    if (!*spec)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    const char *slash = strchr(spec, '/');
    char format[48];
    snprintf(format, sizeof format, "%.*s", slash ? (int)(slash - spec) : (int)strlen(spec), spec);
    cJSON_AddStringToObject(o, "format", format);
    if (slash)
        cJSON_AddStringToObject(o, "login", slash + 1);
    return o;
}

void kc_report_json_file(cJSON *report, const char *path, const kc_result *res, int changed,
                         int written, const char *error_user, const char *error)
{
    cJSON *files = report ? cJSON_GetObjectItem(report, "files") : NULL;
    cJSON *f = files ? cJSON_CreateObject() : NULL;
    if (!f)
        return;
    cJSON_AddItemToArray(files, f);
    cJSON_AddStringToObject(f, "path", path);
    cJSON_AddStringToObject(f, "status", error ? "error" : changed ? "changed" : "unchanged");
    cJSON_AddBoolToObject(f, "written", written);
    if (error)
        cJSON_AddStringToObject(f, "error", error);
    cJSON *users = cJSON_AddArrayToObject(f, "users");
    int error_listed = 0;
    for (size_t i = 0; res && users && i < res->user_count; i++) {
        const kc_user_result *u = &res->users[i];
        cJSON *o = cJSON_CreateObject();
        int failed = error && error_user && *error_user && strcmp(u->name, error_user) == 0;
        error_listed |= failed;
        cJSON_AddStringToObject(o, "name", u->name);
        cJSON_AddStringToObject(o, "action", failed ? "error" : action_name(u->action));
        cJSON_AddItemToObject(o, "from", format_object(u->action == KC_ACTION_SKIPPED && !failed ? "" : u->from));
        cJSON_AddItemToObject(o, "to", format_object(u->action == KC_ACTION_CONVERTED ? u->to : ""));
        cJSON_AddStringToObject(o, "reason", failed ? error : u->reason);
        cJSON_AddItemToArray(users, o);
    }
    if (error && error_user && *error_user && !error_listed && users) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", error_user);
        cJSON_AddStringToObject(o, "action", "error");
        cJSON_AddStringToObject(o, "reason", error);
        cJSON_AddItemToArray(users, o);
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
