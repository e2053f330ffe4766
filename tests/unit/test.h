// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// A tiny unit-test harness. Each `static void test_x(void)` uses CHECK();
/// main() runs them with RUN() and ends with TEST_SUMMARY(), which prints
/// `N passed, N failed` (one count per test function) and returns non-zero
/// if any failed. A failing CHECK prints file:line and the expression and
/// marks the current test failed without stopping the others.

#ifndef MGD_TESTS_UNIT_TEST_H
#define MGD_TESTS_UNIT_TEST_H

#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int test_n_passed;
static int test_n_failed;
static int test_current_failed;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      test_current_failed = 1;                                               \
    }                                                                        \
  } while (0)

#define RUN(fn)                                                   \
  do {                                                            \
    test_current_failed = 0;                                      \
    fn();                                                         \
    if (test_current_failed) {                                    \
      fprintf(stderr, "FAIL %s\n", #fn);                          \
      ++test_n_failed;                                            \
    } else {                                                      \
      ++test_n_passed;                                            \
    }                                                             \
  } while (0)

#define TEST_SUMMARY()                                                  \
  (printf("%d passed, %d failed\n", test_n_passed, test_n_failed),      \
   test_n_failed ? 1 : 0)

/// A fresh directory `/tmp/<prefix>XXXXXX` in `dir` (64 bytes).
static inline void
test_tmpdir_make(char* const dir, const char* const prefix)
{
  snprintf(dir, 64U, "/tmp/%sXXXXXX", prefix);
  CHECK(mkdtemp(dir) != NULL);
}

/// Remove a directory made by test_tmpdir_make() and all it holds.
static inline void
test_tmpdir_remove(const char* const dir)
{
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
}

#endif // MGD_TESTS_UNIT_TEST_H
