// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SPARQL query parser and, for inputs that parse,
// the evaluator over a small in-memory graph (with a tight deadline and
// memory limit so hostile queries end as MGD_BAD_TIMEOUT / MGD_BAD_LIMIT).
// Oracles: no crash, leak or hang; a parse succeeds or fails with a status
// and a diagnostic; parsing the same text twice gives the same answer.
//
// Build: ../configure --enable-fuzzing CC=clang
//          CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address"
//        make tests/fuzz/fuzz_sparql_parse
// Run:   tests/fuzz/fuzz_sparql_parse -max_len=2000
//          ../../shared/conformance/sparql11/syntax-query

#include "rdf/memstore.h"
#include "sparql/sparql.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdMemStore* g_store;

static void
add(const char* s, const char* p, const char* o, bool literal)
{
  MgdQuad q;
  q.s = mgd_term_iri(mgd_str(s));
  q.p = mgd_term_iri(mgd_str(p));
  q.o = literal ? mgd_term_literal(mgd_str(o), mgd_str(NULL), mgd_str(NULL))
                : mgd_term_iri(mgd_str(o));
  q.g = mgd_term_none();
  mgd_memstore_add(g_store, &q, NULL);
}

static void
setup(void)
{
  g_store = mgd_memstore_new();
  add("http://e/a", "http://e/p", "http://e/b", false);
  add("http://e/b", "http://e/p", "http://e/c", false);
  add("http://e/c", "http://e/p", "http://e/a", false);
  add("http://e/a", "http://e/name", "A", true);
  add("http://e/b", "http://e/q", "42", true);
}

static MgdStatus
on_row(void* handle, const MgdId* ids, const MgdTerm* terms, size_t n)
{
  (void)handle;
  (void)ids;
  (void)terms;
  (void)n;
  return MGD_SUCCESS;
}

static MgdStatus
on_quad(void* handle, const MgdQuad* quad)
{
  (void)handle;
  (void)quad;
  return MGD_SUCCESS;
}

static void
count_diag(void* handle, const MgdDiag* diag)
{
  (void)diag;
  ++*(int*)handle;
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (!g_store) {
    setup();
  }
  int                   n_diag = 0;
  MgdDiagSink           sink   = {count_diag, &n_diag};
  MgdLimits             lim    = mgd_limits_default();
  MgdSparqlParseOptions po;
  memset(&po, 0, sizeof(po));
  lim.max_query_memory = (size_t)16 << 20;
  lim.max_result_rows  = 10000U;
  po.limits            = &lim;
  po.diag              = &sink;
  po.base              = "http://e/base/";
  MgdSparqlQuery* q    = NULL;
  const MgdStatus st   = mgd_sparql_parse(mgd_str_n((const char*)data, size),
                                          &po, &q);
  if (st && (q || !n_diag)) {
    abort(); // a failed parse must report and return nothing
  }
  MgdSparqlQuery* again = NULL;
  if (mgd_sparql_parse(mgd_str_n((const char*)data, size), &po, &again) != st) {
    abort();
  }
  mgd_sparql_query_free(again);
  if (!q) {
    return 0;
  }
  MgdSource            src = mgd_memstore_source(g_store);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source      = &src;
  eo.limits      = &lim;
  eo.deadline_ms = mgd_sparql_now_ms() + 200U;
  switch (mgd_sparql_query_form(q)) {
  case MGD_SPARQL_SELECT:
    mgd_sparql_select(q, &eo, on_row, NULL);
    break;
  case MGD_SPARQL_ASK: {
    bool answer = false;
    mgd_sparql_ask(q, &eo, &answer);
    break;
  }
  case MGD_SPARQL_CONSTRUCT:
  case MGD_SPARQL_DESCRIBE: {
    MgdSink out;
    memset(&out, 0, sizeof(out));
    out.on_quad = on_quad;
    mgd_sparql_construct(q, &eo, &out);
    break;
  }
  }
  mgd_sparql_query_free(q);
  return 0;
}
