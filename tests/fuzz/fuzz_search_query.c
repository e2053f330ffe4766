// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target: the search query path. The input's first line is the
// search text (quotes make phrases; words are also stemmed), the rest a
// facet filter value; the whole input is also tokenized alone, tokenized
// as an IRI (local name, %-escapes, camelCase), and parsed as a facets
// file.
// Oracles: tokens are non-empty valid UTF-8 of at most
// MGD_SEARCH_TOKEN_BYTES bytes with in-bounds, increasing source ranges;
// searching and suggesting over a small store (made once) succeed or fail
// with a parameter error only, never return more hits than asked or a total
// below the page; a facets file either parses or is refused with a status.

#include "search/search.h"

#include "base/utf8.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdStore*        store;
static MgdSearchIndex*  index_;
static MgdSearchConfig* config;

static const char config_text[] =
  "@prefix\tex\thttp://example.org/\n"
  "@searchable\tex:Image\n"
  "@label\tex:title\n"
  "organism\tOrganism\tiri\tex:organism|ex:sample/ex:organism\n"
  "year\tYear\tyear\tex:date\n"
  "graph\tSource\tgraph\t-\n";

static void
add(MgdTxn* const     txn,
    const char* const s,
    const char* const p,
    const MgdTerm     o)
{
  MgdTerm terms[3] = { mgd_term_iri(mgd_str(s)), mgd_term_iri(mgd_str(p)), o };
  MgdId   ids[3];
  for (int i = 0; i < 3; ++i) {
    if (mgd_txn_intern(txn, &terms[i], &ids[i])) {
      abort();
    }
  }
  const MgdIdQuad q = { ids[0], ids[1], ids[2], MGD_ID_DEFAULT_GRAPH };
  if (mgd_txn_add(txn, &q, NULL)) {
    abort();
  }
}

static void
setup(void)
{
  char dir[] = "/tmp/mgd_fuzz_search_XXXXXX";
  if (!mkdtemp(dir) || mgd_store_open(dir, true, NULL, &store)) {
    abort();
  }
  char path[64];
  snprintf(path, sizeof(path), "%s/search.mdb", dir);
  MgdTxn* txn = NULL;
  if (mgd_search_index_open(path, &index_) ||
      mgd_search_config_parse(
        config_text, strlen(config_text), NULL, &config) ||
      mgd_txn_begin(store, true, &txn)) {
    abort();
  }
  static const char* const titles[] = {
    "Caf\xC3\xA9 cells in zebrafish",
    "DAPI",
    "GFP 1",
    "\xE7\xB4\xB0\xE8\x83\x9E",
    "mitochondria fission and fusion",
    "x",
    "Homo sapiens kidney",
    "light-sheet imaging of stained cells"
  };
  for (size_t i = 0U; i < sizeof(titles) / sizeof(titles[0]); ++i) {
    char s[64];
    snprintf(s, sizeof(s), "http://example.org/i%zu", i);
    add(
      txn, s, MGD_RDF_TYPE, mgd_term_iri(mgd_str("http://example.org/Image")));
    add(txn,
        s,
        "http://example.org/title",
        mgd_term_literal(mgd_str(titles[i]), mgd_str(""), mgd_str("")));
    add(txn,
        s,
        "http://example.org/organism",
        mgd_term_iri(mgd_str(i % 2 ? "http://example.org/human"
                                   : "http://example.org/mouse")));
    add(txn,
        s,
        "http://example.org/note",
        mgd_term_literal(mgd_str("F\xC3\xA4rbungen der Zellen"),
                         mgd_str(""),
                         mgd_str(i % 2 ? "de" : "x-private")));
    add(txn,
        s,
        "http://example.org/date",
        mgd_term_literal(
          mgd_str("2020-01-02"), mgd_str(MGD_XSD_DATE), mgd_str("")));
  }
  if (mgd_txn_commit(txn) || mgd_txn_begin(store, false, &txn) ||
      mgd_search_index_catch_up(index_, txn, 0U, NULL)) {
    abort();
  }
  mgd_txn_abort(txn);
}

typedef struct {
  size_t n_text;
  size_t last_start;
} Check;

static MgdStatus
check_token(void* const  handle,
            const MgdStr token,
            const size_t start,
            const size_t end)
{
  Check* const c = (Check*)handle;
  if (!token.len || token.len > MGD_SEARCH_TOKEN_BYTES ||
      mgd_utf8_check(token.ptr, token.len) != token.len || start >= end ||
      end > c->n_text || start < c->last_start) {
    abort();
  }
  c->last_start = start;
  return MGD_SUCCESS;
}

static MgdStatus
check_iri_token(void* const  handle,
                const MgdStr token,
                const size_t start,
                const size_t end)
{
  const Check* const c = (const Check*)handle;
  if (!token.len || token.len > MGD_SEARCH_TOKEN_BYTES ||
      mgd_utf8_check(token.ptr, token.len) != token.len || start >= end ||
      end > c->n_text) {
    abort();
  }
  return MGD_SUCCESS;
}

static bool
param_error(const MgdStatus st)
{
  return st == MGD_SUCCESS || st == MGD_BAD_ARG || st == MGD_BAD_LIMIT;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!store) {
    setup();
  }
  const char* const text = (const char*)data;
  Check             c    = { size, 0U };
  if (mgd_search_tokenize(mgd_str_n(text, size), check_token, &c)) {
    abort();
  }
  // As an IRI: tokens are valid (their ranges are in the decoded name)
  Check ci = { size * 2U + 1U, 0U };
  if (mgd_search_tokenize_iri(mgd_str_n(text, size), check_iri_token, &ci)) {
    abort();
  }
  MgdSearchConfig* parsed = NULL;
  (void)mgd_search_config_parse(text, size, NULL, &parsed);
  mgd_search_config_free(parsed);

  const char* const nl  = (const char*)memchr(text, '\n', size);
  const size_t      n_q = nl ? (size_t)(nl - text) : size;
  const MgdStr      q   = mgd_str_n(text, n_q);
  const MgdStr      rest =
    nl ? mgd_str_n(nl + 1, size - n_q - 1U) : mgd_str_n("", 0U);
  if (mgd_utf8_check(q.ptr, q.len) != q.len) {
    return 0; // the endpoint refuses such text before searching
  }
  const MgdSearchFilter filters[2] = { { mgd_str("organism"), rest },
                                       { mgd_str("year"), rest } };
  MgdTxn*               txn        = NULL;
  if (mgd_txn_begin(store, false, &txn)) {
    abort();
  }
  const MgdSource source = mgd_txn_source(txn);
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  MgdSearchQuery sq;
  memset(&sq, 0, sizeof(sq));
  sq.text      = q;
  sq.filters   = filters;
  sq.n_filters = nl ? (size & 1U) + 1U : 0U;
  sq.limit     = size % 7U;
  sq.offset    = size % 3U;
  MgdSearchResult r;
  MgdStatus st = mgd_search_run(index_, config, &source, &sq, 0U, &arena, &r);
  if (!param_error(st) ||
      (!st && (r.n_hits > sq.limit || r.total < r.n_hits))) {
    abort();
  }
  MgdSearchSuggestion* s = NULL;
  size_t               n = 0U;
  st = mgd_search_suggest(index_, config, &source, &sq, &arena, &s, &n);
  if (!param_error(st) || n > sq.limit) {
    abort();
  }
  mgd_arena_clear(&arena);
  mgd_txn_abort(txn);
  return 0;
}
