/* Unit tests of parse, scalar_style, each pass, emit and the file layer. */
#include "harness.h"
#include "kubeconvert.h"

int kc_tests_passed, kc_tests_failed;

int main(void)
{
    test_parse();
    test_parse_split();
    test_scalar_style();
    test_passes();
    test_emit();
    test_mask();
    test_round_trip();
    test_file();
    printf("unit: %d passed, %d failed\n", kc_tests_passed, kc_tests_failed);
    return kc_tests_failed != 0;
}
