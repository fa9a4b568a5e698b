/* A minimal unit-test harness: CHECK counts, a failure says where. */
#ifndef KC_HARNESS_H
#define KC_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int kc_tests_passed, kc_tests_failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            kc_tests_passed++;                                                   \
        } else {                                                                 \
            kc_tests_failed++;                                                   \
            fprintf(stderr, "FAIL: %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                        \
    } while (0)

#define CHECK_STR(actual, expected)                                              \
    do {                                                                         \
        const char *a_ = (actual), *e_ = (expected);                             \
        if (a_ && strcmp(a_, e_) == 0) {                                         \
            kc_tests_passed++;                                                   \
        } else {                                                                 \
            kc_tests_failed++;                                                   \
            fprintf(stderr, "FAIL: %s:%d: %s\n  expected: [%s]\n  actual:   [%s]\n", \
                    __FILE__, __LINE__, #actual, e_, a_ ? a_ : "(null)");        \
        }                                                                        \
    } while (0)

void test_parse(void);
void test_scalar_style(void);
void test_passes(void);
void test_emit(void);
void test_mask(void);
void test_round_trip(void);
void test_file(void);
void test_parse_split(void);

#endif
