/* Errors are recorded where they happen and printed in one place. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kubeconvert.h"

int kc_set_error(kc_error *err, kc_exit code, size_t line0, size_t column0,
                 const char *user, const char *fmt, ...)
{
    if (!err || err->set)
        return 0; /* the first error is the one worth reporting */
    err->set = 1;
    err->exit_code = code;
    err->line = line0 == KC_NO_POS ? 0 : line0 + 1;
    err->column = column0 == KC_NO_POS ? 0 : column0 + 1;
    snprintf(err->user, sizeof err->user, "%s", user ? user : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return 0;
}

void kc_format_error(char *buf, size_t size, const char *file, const kc_error *err)
{
    int n = 0;
    if (file && *file)
        n = err->line ? snprintf(buf, size, "%s:%zu:%zu: ", file, err->line, err->column)
                      : snprintf(buf, size, "%s: ", file);
    if (n < 0 || (size_t)n >= size)
        n = 0;
    if (err->user[0])
        snprintf(buf + n, size - (size_t)n, "user \"%s\": %s", err->user, err->message);
    else
        snprintf(buf + n, size - (size_t)n, "%s", err->message);
}

void kc_print_error(const char *file, const kc_error *err)
{
    char line[2048];
    kc_format_error(line, sizeof line, file, err);
    fprintf(stderr, "kubeconvert: error: %s\n", line);
}
