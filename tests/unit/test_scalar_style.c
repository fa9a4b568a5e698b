/* scalar_style.c: what YAML 1.1 readers would not read as a string. */
#include "harness.h"
#include "kubeconvert.h"

static kc_scalar_style style;

static int non_string(const char *s)
{
    return kc_plain_is_non_string(&style, s, strlen(s));
}

void test_scalar_style(void)
{
    kc_scalar_style_initialize(&style);
    const char *typed[] = {"", "~", "null", "NULL", "yes", "No", "on", "OFF", "y", "n", "true",
                           "1", "0123", "-7", "0x1F", "0b101", "1_000", "1:30", "1e3", "1.5",
                           ".5", "-.inf", ".NaN", "<<", "=", "2024-01-02", "0o17",
                           /* go-yaml's: Go's ParseInt base 0, ParseFloat, '_' dropped */
                           "08", "09", "018", "+08", "-08", "0778", "0X1F", "0O7", "0B1", "0_8",
                           "1e1_0", "1.", "+.5", "00", "1__0", NULL};
    const char *strings[] = {"kubelogin", "--server-id", "devicecode", "AzurePublicCloud",
                             "6dae42f8-4368-4678-94ff-3960e28e3630", "v1", "yess", "1a",
                             "https://x.io/", "1.2.3.4.5x", "nulls", "_1", "0x", "0xg", "1e5x", "80faf920", NULL};
    for (int i = 0; typed[i]; i++) {
        if (!non_string(typed[i]))
            fprintf(stderr, "  (typed scalar read as string: \"%s\")\n", typed[i]);
        CHECK(non_string(typed[i]));
    }
    for (int i = 0; strings[i]; i++) {
        if (non_string(strings[i]))
            fprintf(stderr, "  (string read as typed: \"%s\")\n", strings[i]);
        CHECK(!non_string(strings[i]));
    }
    /* past the JIT threshold, and again after delete: the same answers */
    for (int i = 0; i < 600; i++)
        CHECK(non_string("yes") && !non_string("kubelogin"));
    kc_scalar_style_delete(&style);
    CHECK(style.re == NULL && non_string("1") && !non_string("v1"));
    kc_scalar_style_delete(&style);
}
