// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The search backend operation over the db: finds the text index of the
// db's store, catches it up in the request's read transaction and formats
// the answer as the JSON the search page reads.
//
// The index is opened once per process and store directory and kept until
// the process ends: LMDB forbids opening one file twice in a process, and
// the table of operations has no hook for the server's end (the handle
// `mugdat serve` passes is a const record of the db). Hence the small
// registry below, the one piece of process-wide state in the HTTP layer.

#include "backend_db.h"
#include "server_impl.h"

#include "base/alloc.h"
#include "search/search.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif
#ifndef MGD_SRCDIR
#define MGD_SRCDIR "."
#endif

/// Store directories served by one process, at most.
#define REGISTRY_SIZE 4U
/// Time `mugdat serve` gives the index to catch up before it listens; the
/// rest is caught up by searches.
#define WARM_BUDGET_MS 120000U
/// Share of a request's remaining time that catching up may use, and at
/// most this long (after a large load the index catches up over several
/// searches, each reporting the lag, rather than one search taking long).
#define CATCH_UP_SHARE 2U
#define CATCH_UP_MAX_MS 5000U

typedef struct {
  char             path[4096]; ///< Store directory
  MgdSearchIndex*  index;      ///< Its text index
  MgdSearchConfig* config;     ///< The facets file
  char             error[512]; ///< Why they could not be opened
} Entry;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static Entry           registry[REGISTRY_SIZE];

static void
capture(void* const handle, const MgdDiag* const diag)
{
  Entry* const e = (Entry*)handle;
  if (!e->error[0]) {
    snprintf(e->error,
             sizeof(e->error),
             "%s:%u: %s",
             diag->source ? diag->source : "search-facets.tsv",
             diag->line,
             diag->message);
  }
}

/// The facets file: $MUGDAT_SEARCH_FACETS, else the installed one, else
/// the source tree's (uninstalled runs).
static void
facets_path(char* const out, const size_t n)
{
  const char* const env = getenv("MUGDAT_SEARCH_FACETS");
  struct stat       info;
  if (env && *env) {
    snprintf(out, n, "%s", env);
    return;
  }
  snprintf(out, n, "%s/mappings/search-facets.tsv", MGD_SRCDIR);
  if (stat(out, &info)) {
    snprintf(out, n, "%s/mappings/search-facets.tsv", MGD_DATADIR);
  }
}

/// The registry entry of `db`'s store, opened on first use.
static Entry*
entry_for(MgdDb* const db)
{
  const char* const dir = mgd_store_path(mgd_db_store(db));
  Entry*            e   = NULL;
  pthread_mutex_lock(&registry_lock);
  for (size_t i = 0U; i < REGISTRY_SIZE && !e; ++i) {
    if (!strcmp(registry[i].path, dir) || !registry[i].path[0]) {
      e = &registry[i];
    }
  }
  if (e && !e->path[0]) {
    snprintf(e->path, sizeof(e->path), "%s", dir);
    char path[4200];
    snprintf(path, sizeof(path), "%s/search.mdb", dir);
    MgdStatus st = mgd_search_index_open(path, &e->index);
    if (st) {
      snprintf(e->error,
               sizeof(e->error),
               "cannot open the text index %.300s: %s",
               path,
               mgd_strerror(st));
    } else {
      facets_path(path, sizeof(path));
      const MgdDiagSink sink = { capture, e };
      st                     = mgd_search_config_load(path, &sink, &e->config);
    }
  }
  pthread_mutex_unlock(&registry_lock);
  return e;
}

void
mgd_http_db_search_warm(MgdDb* const db)
{
  Entry* const e = entry_for(db);
  if (!e || !e->index) {
    return; // searches will report why
  }
  MgdDbRead* read = NULL;
  if (!mgd_db_read_begin(db, &read)) {
    (void)mgd_search_index_catch_up(e->index,
                                    mgd_db_read_txn(read),
                                    mgd_search_now_ms() + WARM_BUDGET_MS,
                                    NULL);
  }
  mgd_db_read_end(read);
}

// JSON

static MgdStatus
json_str(MgdBuf* const out, const MgdStr s)
{
  return mgd_http_json_string(out, s);
}

static MgdStatus
json_key(MgdBuf* const out, const char* const key, const MgdStr value)
{
  MgdStatus st = mgd_buf_printf(out, "\"%s\":", key);
  return st ? st : json_str(out, value);
}

static MgdStatus
write_hit(MgdBuf* const                out,
          const MgdSearchHit* const    h,
          const MgdSearchResult* const r)
{
  MgdStatus st = mgd_buf_putc(out, '{');
  st           = st ? st : json_key(out, "iri", h->iri);
  st           = st ? st : mgd_buf_putc(out, ',');
  st           = st ? st : json_key(out, "label", h->label);
  st           = st ? st : mgd_buf_appendc(out, ",\"types\":[");
  for (size_t i = 0U; !st && i < h->n_types; ++i) {
    st = mgd_buf_appendc(out, i ? ",{" : "{");
    st = st ? st : json_key(out, "iri", h->types[i].iri);
    st = st ? st : mgd_buf_putc(out, ',');
    st = st ? st : json_key(out, "label", h->types[i].label);
    st = st ? st : mgd_buf_putc(out, '}');
  }
  st = st ? st : mgd_buf_appendc(out, "],");
  st = st ? st : json_key(out, "graph", h->graph);
  st = st ? st : mgd_buf_putc(out, ',');
  st = st ? st : json_key(out, "snippet", h->snippet);
  st = st ? st : mgd_buf_appendc(out, ",\"matched\":[");
  for (size_t i = 0U; !st && i < r->n_words; ++i) {
    st = i ? mgd_buf_putc(out, ',') : MGD_SUCCESS;
    st = st ? st : json_str(out, r->words[i]);
  }
  st = st ? st : mgd_buf_printf(out, "],\"score\":%.2f}", h->score);
  return st;
}

static MgdStatus
write_facets(MgdBuf* const out, const MgdSearchResult* const r)
{
  MgdStatus st = mgd_buf_appendc(out, "\"facets\":[");
  for (size_t f = 0U; !st && f < r->n_facets; ++f) {
    const MgdSearchFacet* const facet = &r->facets[f];
    st                                = mgd_buf_appendc(out, f ? ",{" : "{");
    st = st ? st : json_key(out, "name", mgd_str(facet->name));
    st = st ? st : mgd_buf_putc(out, ',');
    st = st ? st : json_key(out, "label", mgd_str(facet->label));
    st = st ? st : mgd_buf_appendc(out, ",\"values\":[");
    for (size_t i = 0U; !st && i < facet->n_values; ++i) {
      const MgdSearchFacetValue* const v = &facet->values[i];
      st                                 = mgd_buf_appendc(out, i ? ",{" : "{");
      st = st ? st : json_key(out, "value", v->value);
      st = st ? st : mgd_buf_putc(out, ',');
      st = st ? st : json_key(out, "label", v->label);
      st = st ? st
              : mgd_buf_printf(out,
                               ",\"count\":%llu,\"selected\":%s}",
                               (unsigned long long)v->count,
                               v->selected ? "true" : "false");
    }
    st = st ? st : mgd_buf_appendc(out, "]}");
  }
  return st ? st : mgd_buf_putc(out, ']');
}

static MgdStatus
write_result(MgdBuf* const                out,
             const MgdHttpSearch* const   q,
             const MgdSearchResult* const r)
{
  MgdStatus st = mgd_buf_putc(out, '{');
  st           = st ? st : json_key(out, "query", q->text);
  st           = st
                   ? st
                   : mgd_buf_printf(out,
                          ",\"total\":%llu,\"total_exact\":%s,\"offset\":%llu,"
                                    "\"limit\":%llu,\"took_ms\":%llu,\"index_lag\":%llu,"
                                    "\"hits\":[",
                          (unsigned long long)r->total,
                          r->total_exact ? "true" : "false",
                          (unsigned long long)q->offset,
                          (unsigned long long)q->limit,
                          (unsigned long long)(mgd_http_now_ms() - q->start_ms),
                          (unsigned long long)r->index_lag);
  for (size_t i = 0U; !st && i < r->n_hits; ++i) {
    st = i ? mgd_buf_putc(out, ',') : MGD_SUCCESS;
    st = st ? st : write_hit(out, &r->hits[i], r);
  }
  st = st ? st : mgd_buf_appendc(out, "],");
  st = st ? st : write_facets(out, r);
  st = st ? st
          : mgd_buf_printf(out,
                           ",\"facets_sampled\":%s,\"facets_counted\":%llu,"
                           "\"stems\":[",
                           r->facets_sampled ? "true" : "false",
                           (unsigned long long)r->facets_counted);
  for (size_t i = 0U; !st && i < r->n_stems; ++i) {
    st = i ? mgd_buf_putc(out, ',') : MGD_SUCCESS;
    st = st ? st : json_str(out, r->stems[i]);
  }
  st = st ? st : mgd_buf_appendc(out, "]}\n");
  return st;
}

static MgdStatus
write_suggestions(MgdBuf* const                    out,
                  const MgdHttpSearch* const       q,
                  const MgdSearchSuggestion* const s,
                  const size_t                     n)
{
  MgdStatus st = mgd_buf_putc(out, '{');
  st           = st ? st : json_key(out, "query", q->text);
  st           = st ? st : mgd_buf_appendc(out, ",\"suggestions\":[");
  for (size_t i = 0U; !st && i < n; ++i) {
    st = mgd_buf_appendc(out, i ? ",{" : "{");
    st = st ? st : json_key(out, "text", s[i].text);
    if (!st && s[i].iri.len) {
      st = mgd_buf_putc(out, ',');
      st = st ? st : json_key(out, "iri", s[i].iri);
    }
    st = st ? st
            : mgd_buf_printf(out,
                             ",\"kind\":\"%s\",\"count\":%llu}",
                             s[i].is_entity ? "entity" : "word",
                             (unsigned long long)s[i].count);
  }
  return st ? st : mgd_buf_appendc(out, "]}\n");
}

MgdStatus
mgd_http_db_search(void* const                handle,
                   const MgdHttpSearch* const q,
                   MgdBuf* const              json)
{
  MgdDb* const db = ((const MgdHttpDb*)handle)->db;
  Entry* const e  = entry_for(db);
  if (!e || !e->index || !e->config) {
    return mgd_diag(q->diag,
                    MGD_BAD_INTERNAL,
                    MGD_LEVEL_ERROR,
                    NULL,
                    0U,
                    0U,
                    NULL,
                    "search is not available: %s",
                    e ? e->error : "too many stores in one process");
  }
  MgdDbRead* read = NULL;
  MgdStatus  st   = mgd_db_read_begin(db, &read);
  if (st) {
    return st;
  }
  // Catch up with the dictionary of this snapshot, within a share of the
  // time left; what is left over is reported as index_lag
  const uint64_t now    = mgd_http_now_ms();
  uint64_t       budget = q->deadline_ms > now
                            ? (q->deadline_ms - now) / CATCH_UP_SHARE
                            : CATCH_UP_MAX_MS;
  budget = now + (budget < CATCH_UP_MAX_MS ? budget : CATCH_UP_MAX_MS);
  MgdSearchProgress p;
  st = mgd_search_index_catch_up(e->index, mgd_db_read_txn(read), budget, &p);
  const uint64_t lag =
    p.dict_last > p.watermark ? p.dict_last - p.watermark : 0U;
  MgdArena arena;
  mgd_arena_init(&arena, (size_t)256U << 20U);
  const MgdSource  source  = mgd_db_read_source(read);
  MgdSearchFilter* filters = (MgdSearchFilter*)mgd_arena_calloc(
    &arena, q->n_filters + 1U, sizeof(MgdSearchFilter));
  if (!st && !filters) {
    st = MGD_BAD_ALLOC;
  }
  for (size_t i = 0U; !st && i < q->n_filters; ++i) {
    filters[i].name  = q->filter_names[i];
    filters[i].value = q->filter_values[i];
  }
  MgdSearchQuery sq;
  memset(&sq, 0, sizeof(sq));
  sq.text        = q->text;
  sq.filters     = filters;
  sq.n_filters   = q->n_filters;
  sq.offset      = q->offset;
  sq.limit       = q->limit;
  sq.deadline_ms = q->deadline_ms;
  sq.diag        = q->diag;
  if (!st && q->suggest) {
    MgdSearchSuggestion* s = NULL;
    size_t               n = 0U;
    st = mgd_search_suggest(e->index, e->config, &source, &sq, &arena, &s, &n);
    st = st ? st : write_suggestions(json, q, s, n);
  } else if (!st) {
    MgdSearchResult r;
    st = mgd_search_run(e->index, e->config, &source, &sq, lag, &arena, &r);
    st = st ? st : write_result(json, q, &r);
  }
  mgd_arena_clear(&arena);
  mgd_db_read_end(read);
  return st;
}
