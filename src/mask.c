/* Secrets never reach a diff: values of token-like keys and of the secret
 * kubelogin flags become ***. PCRE2 patterns, applied per output line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"

/* `key: value` (block, flow or JSON), and `--flag, value` inside one line. */
static const char inline_pattern[] =
    "((?:^|[\\s{,\"'])(?:access-token|refresh-token|id-token|token|client-key-data|password|"
    "client-secret)[\"']?\\s*:[ \\t]*)"
    "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^,}\\]\\s][^,}\\]]*)"
    "|((?:--client-secret|--password|--client-certificate-password)[\"']?\\s*,\\s*)"
    "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^,}\\]\\s][^,}\\]]*)";
/* A secret key at the start of a block line: lines indented deeper after it
 * are its value too (a literal block, a folded or multi-line scalar). */
static const char key_line_pattern[] =
    "^(\\s*)(?:-\\s+)?[\"']?(?:access-token|refresh-token|id-token|token|client-key-data|password|"
    "client-secret)[\"']?\\s*:";
/* A line that is only a secret flag: the next line is its value. */
static const char flag_line_pattern[] =
    "^\\s*(?:-\\s+)?[\"']?(?:--client-secret|--password|--client-certificate-password)[\"']?,?\\s*$";
static const char value_line_pattern[] = "^(\\s*(?:-\\s+)?).*?(,?)\\s*$";

static pcre2_code *inline_re, *flag_line_re, *value_line_re, *key_line_re;
static pcre2_match_data *md;

static pcre2_code *compile(const char *pattern)
{
    int code;
    PCRE2_SIZE offset;
    return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &offset, NULL);
}

static int ready(void)
{
    if (!inline_re) {
        inline_re = compile(inline_pattern);
        flag_line_re = compile(flag_line_pattern);
        value_line_re = compile(value_line_pattern);
        key_line_re = compile(key_line_pattern);
        md = pcre2_match_data_create(8, NULL);
    }
    return inline_re && flag_line_re && value_line_re && key_line_re && md;
}

static int substitute(const pcre2_code *re, const char *line, size_t len, const char *replacement,
                      uint32_t options, kc_buffer *out)
{
    PCRE2_SIZE size = len * 2 + 64;
    for (;;) {
        out->len = 0;
        if (!kc_buffer_pad(out, ' ', size))
            return 0;
        PCRE2_SIZE n = size;
        int rc = pcre2_substitute(re, (PCRE2_SPTR)line, len, 0,
                                  options | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | PCRE2_SUBSTITUTE_UNSET_EMPTY,
                                  NULL, NULL, (PCRE2_SPTR)replacement, PCRE2_ZERO_TERMINATED,
                                  (PCRE2_UCHAR *)out->data, &n);
        if (rc == PCRE2_ERROR_NOMEMORY) {
            size = n + 1;
            continue;
        }
        if (rc < 0)
            return 0;
        out->len = n;
        out->data[n] = '\0';
        return 1;
    }
}

int kc_mask_line(kc_mask_state *state, const char *line, size_t len, kc_buffer *out)
{
    if (!ready())
        return 0;
    size_t indent = 0;
    while (indent < len && (line[indent] == ' ' || line[indent] == '\t'))
        indent++;
    if (state->secret_block) {
        out->len = 0;
        if (indent == len) /* a blank line inside the value */
            return kc_buffer_append(out, line, len);
        if (indent > state->secret_indent)
            return kc_buffer_append(out, line, indent) && kc_buffer_puts(out, "***");
        state->secret_block = 0;
    }
    if (pcre2_match(key_line_re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) >= 0) {
        state->secret_block = 1;
        state->secret_indent = indent;
    }
    int value_line = state->next_is_secret;
    state->next_is_secret = pcre2_match(flag_line_re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) >= 0;
    if (value_line)
        return substitute(value_line_re, line, len, "${1}***${2}", 0, out);
    return substitute(inline_re, line, len, "${1}${2}***", PCRE2_SUBSTITUTE_GLOBAL, out);
}

void kc_mask_cleanup(void)
{
    pcre2_code_free(inline_re);
    pcre2_code_free(flag_line_re);
    pcre2_code_free(value_line_re);
    pcre2_code_free(key_line_re);
    pcre2_match_data_free(md);
    inline_re = flag_line_re = value_line_re = key_line_re = NULL;
    md = NULL;
}
