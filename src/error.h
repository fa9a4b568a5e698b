/* Errors (error.c): a kc_error filled by the function that failed, one
 * format for every message, and text made safe to show. Functions return
 * 1 on success and 0 on failure, filling a kc_error (after libyaml). */
#ifndef KC_ERROR_H
#define KC_ERROR_H

#include <stddef.h>

/* Exit status of the command (see man/kubeconvert.1, EXIT STATUS). */
typedef enum kc_exit {
    KC_EXIT_OK = 0,       /* done, also when nothing needed converting */
    KC_EXIT_CHANGES = 1,  /* --check: some file would change */
    KC_EXIT_USAGE = 2,    /* bad command line */
    KC_EXIT_FAILURE = 3   /* an input could not be read, parsed, converted or written */
} kc_exit;

#define KC_NO_POS ((size_t)-1)

typedef struct kc_error {
    int set;              /* 0 while no error happened */
    kc_exit exit_code;    /* which exit status the error leads to */
    size_t line, column;  /* 1-based position in the file; 0 when unknown */
    char user[256];       /* user the error is about, "" when none */
    char message[512];    /* the message, without file, position or user */
} kc_error;

/* Fill err (first error wins) and return 0, so callers can write
 * `return kc_set_error(err, ...)`. line/column are 0-based as libyaml marks
 * are, or (size_t)-1 when unknown. */
int kc_set_error(kc_error *err, kc_exit code, size_t line0, size_t column0,
                 const char *user, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The one place messages are formatted: "FILE:L:C: user "U": msg" into buf,
 * and printed as "kubeconvert: error: " that. */
void kc_format_error(char *buf, size_t size, const char *file, const kc_error *err);
void kc_print_error(const char *file, const kc_error *err);

/* Text that names things (users, contexts, paths, messages quoting them)
 * made safe for a terminal: C0 controls, DEL, C1 controls, bidirectional
 * overrides, line separators and bytes that are not UTF-8 become `\xNN`
 * escapes (one per byte), so no name can move the cursor or forge a line.
 * Writes at most size bytes (NUL included, never half an escape); returns
 * the length written. */
size_t kc_escape_display(char *buf, size_t size, const char *text, size_t len);
/* text with only its bytes that are not UTF-8 as the 4 characters `\xNN`,
 * for JSON (whose encoder escapes the controls itself). */
size_t kc_escape_utf8(char *buf, size_t size, const char *text, size_t len);
/* text passed through escape (one of the two above) into a new string the
 * caller frees (each byte takes at most 4). */
char *kc_escaped_copy(const char *text, size_t (*escape)(char *, size_t, const char *, size_t));

#endif
