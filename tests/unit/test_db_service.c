// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// src/db/service: the allow list and the refusals that must happen before
// any network or file access (the end-to-end tests with real servers are
// in tests/cli/http_federation.sh).

#include "db/service.h"

#include "test.h"

#include <string.h>

static MgdService*
make(const char* const* allow, size_t n_allow)
{
  MgdServiceOptions o;
  memset(&o, 0, sizeof(o));
  o.allow      = allow;
  o.n_allow    = n_allow;
  MgdService* s = NULL;
  CHECK(!mgd_service_new(&o, NULL, &s));
  return s;
}

static void
test_free_null(void)
{
  mgd_service_free(NULL);
}

static void
test_allow_prefix(void)
{
  static const char* const allow[] = {"http://127.0.0.1:8891/",
                                      "https://example.org:443"};
  MgdService* const s = make(allow, 2U);
  CHECK(mgd_service_allows(s, mgd_str("http://127.0.0.1:8891/sparql")));
  CHECK(mgd_service_allows(s, mgd_str("http://127.0.0.1:8891/")));
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.1:8891")));
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.1:88910/sparql")));
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.2:8891/sparql")));
  CHECK(!mgd_service_allows(s, mgd_str("HTTP://127.0.0.1:8891/x")));
  // An authority-only prefix matches that authority only
  CHECK(mgd_service_allows(s, mgd_str("https://example.org:443/q")));
  CHECK(mgd_service_allows(s, mgd_str("https://example.org:443")));
  CHECK(mgd_service_allows(s, mgd_str("https://example.org:443?x")));
  CHECK(!mgd_service_allows(s, mgd_str("https://example.org:4430/q")));
  CHECK(!mgd_service_allows(s, mgd_str("https://example.org:443@evil/q")));
  CHECK(!mgd_service_allows(s, mgd_str("https://example.org:443.evil/")));
  // Whitespace, controls and backslashes are never handed to curl
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.1:8891/a b")));
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.1:8891/a\\b")));
  CHECK(!mgd_service_allows(s, mgd_str("http://127.0.0.1:8891/\n")));
  CHECK(!mgd_service_allows(NULL, mgd_str("http://127.0.0.1:8891/")));
  mgd_service_free(s);
}

static void
test_non_http_never(void)
{
  static const char* const allow[] = {"file:///", "ftp://x/", "http"};
  MgdService* const s = make(allow, 3U);
  CHECK(!mgd_service_allows(s, mgd_str("file:///etc/passwd")));
  CHECK(!mgd_service_allows(s, mgd_str("ftp://x/y")));
  CHECK(!mgd_service_allows(s, mgd_str("http://anything/")));
  mgd_service_free(s);
}

typedef struct {
  int n;
} Count;

static void
count_diag(void* const handle, const MgdDiag* const diag)
{
  (void)diag;
  ++((Count*)handle)->n;
}

static MgdStatus
no_solution(void* ctx, const MgdStr* vars, const MgdTerm* terms, size_t n)
{
  (void)ctx;
  (void)vars;
  (void)terms;
  (void)n;
  return MGD_BAD_INTERNAL;
}

static void
test_refused_select(void)
{
  Count             c    = {0};
  const MgdDiagSink diag = {count_diag, &c};
  // Port 9 (discard) on a reserved address: refused before any connect,
  // so this returns at once with MGD_BAD_ACCESS, not a network error.
  CHECK(mgd_service_select(NULL, mgd_str("http://192.0.2.1:9/sparql"),
                           mgd_str("SELECT * {}"), &diag, no_solution,
                           NULL) == MGD_BAD_ACCESS);
  CHECK(c.n == 1);
  CHECK(mgd_service_select(NULL, mgd_str("http://192.0.2.1:9/sparql"),
                           mgd_str("SELECT * {}"), NULL, no_solution,
                           NULL) == MGD_BAD_ACCESS);
  CHECK(c.n == 1);
}

static void
test_load_dir_missing(void)
{
  static const char* const dirs[] = {"/nonexistent/mugdat-dir"};
  MgdServiceOptions        o;
  memset(&o, 0, sizeof(o));
  o.load_dirs   = dirs;
  o.n_load_dirs = 1U;
  MgdService* s = NULL;
  CHECK(mgd_service_new(&o, NULL, &s) == MGD_BAD_IO);
  CHECK(!s);
}

int
main(void)
{
  RUN(test_free_null);
  RUN(test_allow_prefix);
  RUN(test_non_http_never);
  RUN(test_refused_select);
  RUN(test_load_dir_missing);
  return TEST_SUMMARY();
}
