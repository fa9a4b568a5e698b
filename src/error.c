/* Errors are recorded where they happen and printed in one place, where
 * every name in them is made safe to show. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "memory.h"

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

/* The length of the well-formed UTF-8 sequence at s (1 to 4 bytes), 0 when
 * the bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_length(const unsigned char *s, size_t len)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                             : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* A character a terminal acts on, or one that reorders or breaks what is
 * shown: C0, DEL, C1 (U+0080-U+009F), LRM/RLM, U+2028/U+2029, the
 * bidirectional embeddings, overrides and isolates. */
static int is_unsafe(const unsigned char *s, size_t n)
{
    if (n == 1)
        return s[0] < 0x20 || s[0] == 0x7F;
    if (n == 2)
        return s[0] == 0xC2 && s[1] < 0xA0;
    if (n == 3 && s[0] == 0xE2 && s[1] == 0x80)
        return s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xA8 && s[2] <= 0xAE);
    if (n == 3 && s[0] == 0xE2 && s[1] == 0x81)
        return s[2] >= 0xA6 && s[2] <= 0xA9;
    return 0;
}

/* Copy text to buf, each byte of an unsafe (display) or malformed (both)
 * sequence as `\xNN`. */
static size_t escape(char *buf, size_t size, const char *text, size_t len, int display)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    size_t at = 0;
    if (size == 0)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_length(s + i, len - i);
        int escaped = n == 0 || (display && is_unsafe(s + i, n));
        if (n == 0)
            n = 1;
        size_t need = escaped ? 4 * n : n;
        if (at + need + 1 > size)
            break;
        for (size_t k = 0; k < n; k++) {
            if (escaped) {
                buf[at++] = '\\';
                buf[at++] = 'x';
                buf[at++] = hex[s[i + k] >> 4];
                buf[at++] = hex[s[i + k] & 15];
            } else {
                buf[at++] = (char)s[i + k];
            }
        }
        i += n;
    }
    buf[at] = '\0';
    return at;
}

size_t kc_escape_display(char *buf, size_t size, const char *text, size_t len)
{
    return escape(buf, size, text, len, 1);
}

size_t kc_escape_utf8(char *buf, size_t size, const char *text, size_t len)
{
    return escape(buf, size, text, len, 0);
}

void kc_format_error(char *buf, size_t size, const char *file, const kc_error *err)
{
    char raw[2048];
    int n = 0;
    if (file && *file)
        n = err->line ? snprintf(raw, sizeof raw, "%s:%zu:%zu: ", file, err->line, err->column)
                      : snprintf(raw, sizeof raw, "%s: ", file);
    if (n < 0 || (size_t)n >= sizeof raw)
        n = 0;
    if (err->user[0])
        snprintf(raw + n, sizeof raw - (size_t)n, "user \"%s\": %s", err->user, err->message);
    else
        snprintf(raw + n, sizeof raw - (size_t)n, "%s", err->message);
    /* Names and paths are anyone's bytes: escaped here, for every message. */
    kc_escape_display(buf, size, raw, strlen(raw));
}

void kc_print_error(const char *file, const kc_error *err)
{
    char line[4096];
    kc_format_error(line, sizeof line, file, err);
    fprintf(stderr, "kubeconvert: error: %s\n", line);
}

char *kc_escaped_copy(const char *text, size_t (*escape)(char *, size_t, const char *, size_t))
{
    size_t len = strlen(text);
    char *buf = kc_xmalloc(4 * len + 1);
    escape(buf, 4 * len + 1, text, len);
    return buf;
}
