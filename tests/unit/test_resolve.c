/* resolve.c: what YAML 1.1 readers would not read as a string. */
#include "harness.h"
#include "kubeconvert.h"

static int non_string(const char *s)
{
    return kc_plain_is_non_string(s, strlen(s));
}

void test_resolve(void)
{
    const char *typed[] = {"", "~", "null", "NULL", "yes", "No", "on", "OFF", "y", "n", "true",
                           "1", "0123", "-7", "0x1F", "0b101", "1_000", "1:30", "1e3", "1.5",
                           ".5", "-.inf", ".NaN", "<<", "=", "2024-01-02", "0o17", NULL};
    const char *strings[] = {"kubelogin", "--server-id", "devicecode", "AzurePublicCloud",
                             "6dae42f8-4368-4678-94ff-3960e28e3630", "v1", "yess", "1a",
                             "https://x.io/", "1.2.3.4.5x", "nulls", NULL};
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
}
