/* Which plain scalars a reader would not take as strings.
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

#include "kubeconvert.h"

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

static pcre2_code *non_string_re;
static pcre2_match_data *non_string_md;
static size_t matches; /* since compile() */

static int compile(void)
{
    int code;
    PCRE2_SIZE offset;
    non_string_re = pcre2_compile((PCRE2_SPTR)non_string_pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_DOLLAR_ENDONLY | PCRE2_DOTALL, &code, &offset, NULL);
    if (!non_string_re)
        return 0;
    non_string_md = pcre2_match_data_create_from_pattern(non_string_re, NULL);
    return non_string_md != NULL;
}

int kc_plain_is_non_string(const char *text, size_t len)
{
    if (len == 0)
        return 1; /* an empty plain scalar is null */
    if (!non_string_re && !compile())
        return 1; /* cannot tell: quoting is always safe */
    /* JIT (where the platform has it) once it pays: compiling takes 0.7 ms,
     * most of a small file's run, and saves about 1 us a match. */
    if (++matches == 512)
        (void)pcre2_jit_compile(non_string_re, PCRE2_JIT_COMPLETE);
    int rc = pcre2_match(non_string_re, (PCRE2_SPTR)text, len, 0, 0, non_string_md, NULL);
    return rc >= 0 || rc != PCRE2_ERROR_NOMATCH;
}

void kc_resolve_cleanup(void)
{
    pcre2_match_data_free(non_string_md);
    pcre2_code_free(non_string_re);
    non_string_md = NULL;
    non_string_re = NULL;
    matches = 0;
}
