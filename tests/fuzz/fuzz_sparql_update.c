// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SPARQL Update parser and executor: inputs that
// parse run against a fresh small in-memory store (tight deadline and
// memory limit). Oracles: no crash, leak or hang; a failed parse reports a
// diagnostic and returns no update.
//
// Build: ../configure --enable-fuzzing CC=clang
//          CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address"
//        make tests/fuzz/fuzz_sparql_update
// Run:   tests/fuzz/fuzz_sparql_update -max_len=2000
//          ../../shared/conformance/sparql11/syntax-update-1

#include "rdf/memstore.h"
#include "sparql/sparql.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdStatus
mem_add(void* handle, const MgdQuad* quad)
{
  return mgd_memstore_add((MgdMemStore*)handle, quad, NULL);
}

static MgdStatus
mem_remove(void* handle, const MgdIdQuad* quad)
{
  return mgd_memstore_remove((MgdMemStore*)handle, quad);
}

static void
count_diag(void* handle, const MgdDiag* diag)
{
  (void)diag;
  ++*(int*)handle;
}

static void
fill(MgdMemStore* store)
{
  static const char* const ns[] = {"http://example.org/", "http://example/"};
  char                     s[64], p[64], o[64];
  for (size_t n = 0U; n < 2U; ++n) {
    for (int i = 0; i < 4; ++i) {
      snprintf(s, sizeof(s), "%ss%d", ns[n], i);
      snprintf(p, sizeof(p), "%sp", ns[n]);
      snprintf(o, sizeof(o), "%ss%d", ns[n], (i + 1) % 4);
      MgdQuad q;
      q.s = mgd_term_iri(mgd_str(s));
      q.p = mgd_term_iri(mgd_str(p));
      q.o = mgd_term_iri(mgd_str(o));
      q.g = i % 2 ? mgd_term_iri(mgd_str("http://example.org/g1"))
                  : mgd_term_none();
      mgd_memstore_add(store, &q, NULL);
    }
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  int                   n_diag = 0;
  MgdDiagSink           sink   = {count_diag, &n_diag};
  MgdLimits             lim    = mgd_limits_default();
  MgdSparqlParseOptions po;
  memset(&po, 0, sizeof(po));
  lim.max_query_memory = (size_t)16 << 20;
  po.limits            = &lim;
  po.diag              = &sink;
  po.base              = "http://example.org/base/";
  MgdSparqlUpdate* u   = NULL;
  const MgdStatus  st  = mgd_sparql_update_parse(
    mgd_str_n((const char*)data, size), &po, &u);
  if (st && (u || !n_diag)) {
    abort();
  }
  if (!u) {
    return 0;
  }
  MgdMemStore* const store = mgd_memstore_new();
  fill(store);
  MgdSource            src = mgd_memstore_source(store);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source                    = &src;
  eo.limits                    = &lim;
  eo.deadline_ms               = mgd_sparql_now_ms() + 200U;
  const MgdSparqlUpdateTarget t = {store, mem_add, mem_remove, NULL};
  mgd_sparql_update_run(u, &eo, &t);
  mgd_memstore_free(store);
  mgd_sparql_update_free(u);
  return 0;
}
