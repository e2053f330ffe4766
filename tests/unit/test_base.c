// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "test.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/str.h"
#include "base/utf8.h"

#include <string.h>

static void
test_free_null(void)
{
  mgd_free(NULL);
  mgd_arena_clear(NULL);
  mgd_buf_clear(NULL);
  mgd_hashmap_clear(NULL);
  CHECK(1);
}

static void
test_buf_printf(void)
{
  MgdBuf buf;
  mgd_buf_init(&buf);
  CHECK(!mgd_buf_printf(&buf, "%d-%s", 42, "x"));
  for (int i = 0; i < 100; ++i) {
    CHECK(!mgd_buf_appendc(&buf, "0123456789"));
  }
  CHECK(buf.len == 1004U);
  CHECK(!strncmp(buf.data, "42-x0123", 8));
  mgd_buf_clear(&buf);
}

static void
test_arena_limit(void)
{
  MgdArena arena;
  mgd_arena_init(&arena, 100000U);
  CHECK(mgd_arena_alloc(&arena, 1000U) != NULL);
  CHECK(mgd_arena_alloc(&arena, 200000U) == NULL);
  const MgdStr s = mgd_arena_str(&arena, mgd_str("hello"));
  CHECK(mgd_str_eqc(s, "hello"));
  mgd_arena_clear(&arena);
}

static void
test_alloc_failure(void)
{
  mgd_alloc_fail_after(0);
  CHECK(mgd_malloc(10U) == NULL);
  mgd_alloc_fail_after(-1);
  void* const p = mgd_malloc(10U);
  CHECK(p != NULL);
  mgd_free(p);
}

static void
test_hashmap(void)
{
  MgdHashMap map;
  mgd_hashmap_init(&map);
  for (uint64_t i = 0U; i < 5000U; ++i) {
    char key[32];
    const int n = snprintf(key, sizeof(key), "k%llu", (unsigned long long)i);
    bool inserted = false;
    CHECK(!mgd_hashmap_put(&map, key, (size_t)n, i, NULL, &inserted));
    CHECK(inserted);
  }
  uint64_t v = 0U;
  CHECK(!mgd_hashmap_get(&map, "k4321", 5U, &v) && v == 4321U);
  CHECK(mgd_hashmap_get(&map, "nope", 4U, &v) == MGD_FAILURE);
  bool inserted = true;
  CHECK(!mgd_hashmap_put(&map, "k7", 2U, 99U, &v, &inserted));
  CHECK(!inserted && v == 7U);
  mgd_hashmap_clear(&map);
}

static void
test_utf8(void)
{
  CHECK(mgd_utf8_check("a\xC3\xA9\xF0\x9F\x98\x80", 7U) == 7U);
  CHECK(mgd_utf8_check("ab\xC3", 3U) == 2U);        // truncated
  CHECK(mgd_utf8_check("\xC0\xAF", 2U) == 0U);      // overlong
  CHECK(mgd_utf8_check("\xED\xA0\x80", 3U) == 0U);  // surrogate
  CHECK(mgd_utf8_length("a\xC3\xA9\xF0\x9F\x98\x80", 7U) == 3U);
  char out[4];
  CHECK(mgd_utf8_encode(0x1F600U, out) == 4U && !memcmp(out, "\xF0\x9F\x98\x80", 4));
}

typedef struct {
  int      n;
  unsigned line;
  char     message[128];
} DiagRecord;

static void
record_diag(void* const handle, const MgdDiag* const diag)
{
  DiagRecord* const r = (DiagRecord*)handle;
  ++r->n;
  r->line = diag->line;
  snprintf(r->message, sizeof(r->message), "%s", diag->message);
}

static void
test_diag(void)
{
  DiagRecord        rec  = {0, 0U, ""};
  const MgdDiagSink sink = {record_diag, &rec};
  CHECK(mgd_diag(&sink, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, "f.nt", 3U, 4U, NULL,
                 "expected '%c'", '.') == MGD_BAD_SYNTAX);
  CHECK(rec.n == 1 && rec.line == 3U && !strcmp(rec.message, "expected '.'"));
  CHECK(!strcmp(mgd_strerror(MGD_BAD_LIMIT), "limit exceeded"));
}

int
main(void)
{
  RUN(test_free_null);
  RUN(test_buf_printf);
  RUN(test_arena_limit);
  RUN(test_alloc_failure);
  RUN(test_hashmap);
  RUN(test_utf8);
  RUN(test_diag);
  return TEST_SUMMARY();
}
