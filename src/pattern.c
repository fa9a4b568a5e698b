/* --user-regex and --context-regex: PCRE2 patterns, matched anywhere in the
 * name unless the pattern anchors itself (as grep does). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "pattern.h"

struct kc_pattern {
    pcre2_code *code;
    pcre2_match_data *match;
};

kc_pattern *kc_pattern_compile(const char *option, const char *pattern, kc_error *err)
{
    int code;
    PCRE2_SIZE offset;
    kc_pattern *p = kc_xcalloc(1, sizeof *p);
    p->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &offset, NULL);
    if (!p->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(code, message, sizeof message);
        kc_set_error(err, KC_EXIT_USAGE, KC_NO_POS, KC_NO_POS, NULL, "%s: %s at offset %zu", option,
                     (const char *)message, (size_t)offset);
        free(p);
        return NULL;
    }
    (void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
    p->match = pcre2_match_data_create_from_pattern(p->code, NULL);
    if (!p->match) {
        kc_pattern_free(p);
        kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "out of memory");
        return NULL;
    }
    return p;
}

int kc_pattern_match(const kc_pattern *p, const char *text)
{
    return pcre2_match(p->code, (PCRE2_SPTR)text, strlen(text), 0, 0, p->match, NULL) >= 0;
}

void kc_pattern_free(kc_pattern *p)
{
    if (!p)
        return;
    pcre2_match_data_free(p->match);
    pcre2_code_free(p->code);
    free(p);
}
