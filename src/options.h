/* Go's time.ParseDuration, for --timeout and $AZURE_CLI_TIMEOUT (options.c). */
#ifndef KC_OPTIONS_H
#define KC_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

/* 1 and the nanoseconds in *out, or 0 and Go's message in msg. */
int kc_parse_duration(const char *text, int64_t *out, char *msg, size_t size);

#endif
