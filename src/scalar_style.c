/* Which plain scalars a reader would not take as strings, so must be quoted.
 *
 * libyaml's emitter decides *how* to quote, but it has no resolver: it will
 * happily write `1`, `yes` or `null` plain. kubectl reads YAML 1.1 through
 * go-yaml, which turns those into numbers, booleans and nulls, so we tell
 * libyaml "not plain-implicit" for every string one of YAML 1.1, YAML 1.2
 * core or go-yaml would resolve to another type. Quoting one string too
 * many is harmless; one too few breaks kubectl. The patterns are PCRE2.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "scalar_style.h"

static const char non_string_pattern[] =
    "^(?:"
    /* null (the empty string is handled below) */
    "~|null|Null|NULL"
    /* YAML 1.1 booleans */
    "|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    /* YAML 1.1 ints: binary, octal, decimal, hex, sexagesimal; 1.2 octal */
    "|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|0o[0-7]+"
    /* floats: YAML 1.1, 1.2 core (1e3) and the special values */
    "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_.]*(?:[eE][-+]?[0-9]+)?"
    "|[-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?[eE][-+]?[0-9]+"
    "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
    "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
    /* merge key, value key */
    "|<<|="
    /* timestamps: anything that starts like a date */
    "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"
    ")$";

void kc_scalar_style_initialize(kc_scalar_style *style)
{
    style->re = NULL;
    style->match_data = NULL;
    style->matches = 0;
}

void kc_scalar_style_delete(kc_scalar_style *style)
{
    pcre2_match_data_free(style->match_data);
    pcre2_code_free(style->re);
    kc_scalar_style_initialize(style);
}

/* Compiled on first use: a run that converts nothing never pays for it. */
static int compile(kc_scalar_style *style)
{
    int code;
    PCRE2_SIZE offset;
    style->re = pcre2_compile((PCRE2_SPTR)non_string_pattern, PCRE2_ZERO_TERMINATED,
                              PCRE2_DOLLAR_ENDONLY | PCRE2_DOTALL, &code, &offset, NULL);
    if (!style->re)
        return 0;
    style->match_data = pcre2_match_data_create_from_pattern(style->re, NULL);
    return style->match_data != NULL;
}

static int all_of(const char *s, size_t from, size_t to, const char *set)
{
    if (from >= to)
        return 0;
    for (size_t i = from; i < to; i++)
        if (!strchr(set, s[i]))
            return 0;
    return 1;
}

/* kubectl's reader (go-yaml under sigs.k8s.io/yaml) drops every '_' of a
 * plain scalar that starts with a digit or sign, then tries Go's
 * strconv.ParseInt/ParseUint(s, 0, 64) (so 0x1F, 0X1F, 0o7, 0O7, 0b1 and
 * 0-led octal) and, for ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$,
 * ParseFloat (so "08" is the float 8). Any of those is a number to kubectl:
 * an argument written so would be refused. Checked on s without its '_'. */
static int go_yaml_number(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    if (len - i >= 2 && s[i] == '0' && strchr("xXoObB", s[i + 1])) {
        const char *digits = s[i + 1] == 'x' || s[i + 1] == 'X'   ? "0123456789abcdefABCDEF"
                             : s[i + 1] == 'o' || s[i + 1] == 'O' ? "01234567"
                                                                  : "01";
        return all_of(s, i + 2, len, digits);
    }
    size_t int_end = i;
    while (int_end < len && s[int_end] >= '0' && s[int_end] <= '9')
        int_end++;
    size_t p = int_end;
    if (p < len && s[p] == '.') {
        size_t frac = ++p;
        while (p < len && s[p] >= '0' && s[p] <= '9')
            p++;
        if (int_end == i && p == frac)
            return 0; /* "." alone */
    } else if (int_end == i) {
        return 0;
    }
    if (p < len && (s[p] == 'e' || s[p] == 'E')) {
        p++;
        if (p < len && (s[p] == '+' || s[p] == '-'))
            p++;
        if (!all_of(s, p, len, "0123456789"))
            return 0;
        p = len;
    }
    return p == len;
}

/* go_yaml_number on text without its underscores. */
static int is_go_yaml_number(const char *text, size_t len)
{
    if (len == 0 || !strchr("+-.0123456789", text[0]))
        return 0;
    char small[64];
    char *s = len <= sizeof small ? small : kc_xmalloc(len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] != '_')
            s[n++] = text[i];
    int number = go_yaml_number(s, n);
    if (s != small)
        free(s);
    return number;
}

int kc_plain_is_non_string(kc_scalar_style *style, const char *text, size_t len)
{
    if (len == 0)
        return 1; /* an empty plain scalar is null */
    if (is_go_yaml_number(text, len))
        return 1;
    if ((!style->re || !style->match_data) && !compile(style))
        return 1; /* cannot tell: quoting is always safe */
    /* JIT (where the platform has it) once it pays: compiling takes 0.7 ms,
     * most of a small file's run, and saves about 1 us a match. */
    if (++style->matches == 512)
        (void)pcre2_jit_compile(style->re, PCRE2_JIT_COMPLETE);
    int rc = pcre2_match(style->re, (PCRE2_SPTR)text, len, 0, 0, style->match_data, NULL);
    return rc >= 0 || rc != PCRE2_ERROR_NOMATCH;
}
