// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SPARQL query parser and, for inputs that parse,
// the evaluator over a small in-memory graph (with a tight deadline and
// memory limit so hostile queries end as MGD_BAD_TIMEOUT / MGD_BAD_LIMIT).
// Oracles: no crash, leak or hang; a parse succeeds or fails with a status
// and a diagnostic; parsing the same text twice gives the same answer; the
// optimised evaluation gives as many solutions (the same ASK answer) as the
// plain bottom-up one (MgdSparqlExecOptions.naive) and as the one that
// hashes every probed triple pattern (MgdSparqlExecOptions.hash_after).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdMemStore* g_store;

static MgdStatus on_quad(void* handle, const MgdQuad* quad);

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
add_lit(const char* s, const char* p, const char* lex, const char* dt)
{
  MgdQuad q;
  q.s = mgd_term_iri(mgd_str(s));
  q.p = mgd_term_iri(mgd_str(p));
  q.o = mgd_term_literal(mgd_str(lex), mgd_str(dt), mgd_str(NULL));
  q.g = mgd_term_none();
  mgd_memstore_add(g_store, &q, NULL);
}

/// A small graph in the namespaces the W3C queries (the seed corpus) use,
/// with cycles, numbers and strings, so joins, paths and filters have data.
static void
setup(void)
{
  static const char* const ns[]   = {"http://e/", "http://example.org/",
                                     "http://example/",
                                     "http://www.example.org/"};
  static const char* const subj[] = {"a", "b", "c", "s"};
  static const char* const pred[] = {"p", "q", "r"};
  char                     s[128], p[128], o[128], num[8];
  g_store = mgd_memstore_new();
  for (size_t n = 0U; n < 4U; ++n) {
    for (size_t i = 0U; i < 4U; ++i) {
      for (size_t k = 0U; k < 3U; ++k) {
        snprintf(s, sizeof(s), "%s%s", ns[n], subj[i]);
        snprintf(p, sizeof(p), "%s%s", ns[n], pred[k]);
        snprintf(o, sizeof(o), "%s%s", ns[n], subj[(i + k + 1U) % 4U]);
        add(s, p, o, false);
        snprintf(num, sizeof(num), "%zu", i * 3U + k);
        add_lit(s, p, num, MGD_XSD_INTEGER);
      }
      add(s, MGD_RDF_TYPE, "http://e/C", false);
      add_lit(s, "http://e/name", subj[i], NULL);
    }
  }
}

static MgdStatus
on_row(void* handle, const MgdId* ids, const MgdTerm* terms, size_t n)
{
  (void)ids;
  (void)terms;
  (void)n;
  ++*(size_t*)handle;
  return MGD_SUCCESS;
}

/// Run `q` and count its solutions (ASK: 0 or 1). MGD_SUCCESS or an error.
static MgdStatus
run_count(const MgdSparqlQuery* q, const MgdLimits* lim, bool naive,
          uint32_t hash_after, size_t* count)
{
  MgdSource            src = mgd_memstore_source(g_store);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source      = &src;
  eo.limits      = lim;
  eo.naive       = naive;
  eo.hash_after  = hash_after;
  eo.deadline_ms = mgd_sparql_now_ms() + 200U;
  *count         = 0U;
  switch (mgd_sparql_query_form(q)) {
  case MGD_SPARQL_SELECT:
    return mgd_sparql_select(q, &eo, on_row, count);
  case MGD_SPARQL_ASK: {
    bool            answer = false;
    const MgdStatus st     = mgd_sparql_ask(q, &eo, &answer);
    *count                 = answer;
    return st;
  }
  case MGD_SPARQL_CONSTRUCT:
  case MGD_SPARQL_DESCRIBE: {
    MgdSink out;
    memset(&out, 0, sizeof(out));
    out.on_quad = on_quad;
    return mgd_sparql_construct(q, &eo, &out);
  }
  }
  return MGD_BAD_INTERNAL;
}

/// True if the text may call RAND(), UUID() or STRUUID(), whose answers
/// differ from run to run.
static bool
mentions_random(const uint8_t* data, size_t size)
{
  static const char* const words[] = {"rand", "uuid"};
  for (size_t w = 0U; w < 2U; ++w) {
    for (size_t i = 0U; i + 4U <= size; ++i) {
      size_t k = 0U;
      while (k < 4U && (data[i + k] | 0x20) == words[w][k]) {
        ++k;
      }
      if (k == 4U) {
        return true;
      }
    }
  }
  return false;
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
  size_t          n_opt = 0U;
  const MgdStatus st_opt = run_count(q, &lim, false, 0U, &n_opt);
  if (!mentions_random(data, size) && st_opt == MGD_SUCCESS) {
    size_t n_hashed = 0U;
    if (run_count(q, &lim, false, 1U, &n_hashed) == MGD_SUCCESS &&
        n_hashed != n_opt) {
      abort(); // hash joins changed the answer
    }
    MgdSparqlQuery* plain = NULL;
    po.no_optimise        = true;
    if (mgd_sparql_parse(mgd_str_n((const char*)data, size), &po, &plain)) {
      abort(); // the translation does not depend on the optimiser
    }
    size_t n_naive = 0U;
    if (run_count(plain, &lim, true, 0U, &n_naive) == MGD_SUCCESS &&
        n_naive != n_opt) {
      abort(); // an optimisation changed the answer
    }
    mgd_sparql_query_free(plain);
  }
  mgd_sparql_query_free(q);
  return 0;
}
