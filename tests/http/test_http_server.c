// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The HTTP server over an in-memory backend, driven with libcurl: proves the
// HTTP layer needs nothing but the MgdHttpBackend table (no LMDB, no SPARQL
// engine), and exercises paths the real backend does not reach in tests:
// VoID and graph counts without maintained statistics, run-time failures of
// a query (time limit, row limit), SPARQL Update success and its absence,
// allocation of every answer kind. The fake engine understands only the
// words ASK, SELECT, CONSTRUCT, MANY, SLOW, HOLD (queries) and CLEAR
// (update). HOLD takes 1.5 s whatever the deadline (for the work gate).

#include "../unit/test.h"

#include "base/alloc.h"
#include "http/http.h"
#include "rdf/memstore.h"

#include <curl/curl.h>
#include <zlib.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

// In-memory backend: readers share the committed store under a read lock;
// a write works on a private copy that commit swaps in.

typedef struct {
  pthread_rwlock_t lock;   ///< Guards `store`
  pthread_mutex_t  writer; ///< One writer at a time
  MgdMemStore*     store;  ///< Committed data
} Mem;

typedef struct {
  MgdHttpTxn* txn;   ///< Owner
  bool        force; ///< Replace graphs
  MgdTerm     graph; ///< With this (strings in the txn arena)
} MemSink;

struct MgdHttpTxnImpl {
  Mem*         mem;   ///< Backend
  MgdMemStore* store; ///< Read: the committed store; write: the copy
  bool         write; ///< Write txn
  MgdArena     arena; ///< Sink graph copies
  MemSink      sinks[4];
  size_t       n_sinks;
};

static MgdStatus
mem_copy(MgdMemStore* const from, MgdMemStore* const to)
{
  MgdSource       src  = mgd_memstore_source(from);
  const MgdIdQuad any  = { 0U, 0U, 0U, 0U };
  MgdIter*        iter = NULL;
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  MgdStatus st = src.vt->match(src.handle, &any, &iter);
  MgdIdQuad q;
  while (!st && !(st = src.vt->next(iter, &q))) {
    MgdQuad t;
    t.g = mgd_term_none();
    st  = mgd_source_term(&src, q.s, &arena, &t.s);
    st  = st ? st : mgd_source_term(&src, q.p, &arena, &t.p);
    st  = st ? st : mgd_source_term(&src, q.o, &arena, &t.o);
    if (!st && q.g != MGD_ID_DEFAULT_GRAPH) {
      st = mgd_source_term(&src, q.g, &arena, &t.g);
    }
    st = st ? st : mgd_memstore_add(to, &t, NULL);
  }
  src.vt->iter_free(iter);
  mgd_arena_clear(&arena);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
mem_read_begin(void* const handle, MgdHttpTxn** const txn)
{
  Mem* const        mem = (Mem*)handle;
  MgdHttpTxn* const t   = (MgdHttpTxn*)mgd_calloc(1U, sizeof(MgdHttpTxn));
  if (!t) {
    return MGD_BAD_ALLOC;
  }
  pthread_rwlock_rdlock(&mem->lock);
  t->mem   = mem;
  t->store = mem->store;
  mgd_arena_init(&t->arena, 0U);
  *txn = t;
  return MGD_SUCCESS;
}

static MgdStatus
mem_write_begin(void* const handle, MgdHttpTxn** const txn)
{
  Mem* const        mem = (Mem*)handle;
  MgdHttpTxn* const t   = (MgdHttpTxn*)mgd_calloc(1U, sizeof(MgdHttpTxn));
  if (!t) {
    return MGD_BAD_ALLOC;
  }
  pthread_mutex_lock(&mem->writer);
  t->mem   = mem;
  t->write = true;
  t->store = mgd_memstore_new();
  mgd_arena_init(&t->arena, 0U);
  pthread_rwlock_rdlock(&mem->lock);
  const MgdStatus st = mem_copy(mem->store, t->store);
  pthread_rwlock_unlock(&mem->lock);
  *txn = t;
  return st;
}

static MgdSource
mem_source(MgdHttpTxn* const t)
{
  return mgd_memstore_source(t->store);
}

static MgdStatus
mem_sink_quad(void* const handle, const MgdQuad* const quad)
{
  const MemSink* const s = (const MemSink*)handle;
  MgdQuad              q = *quad;
  if (s->force) {
    q.g = s->graph;
  }
  return mgd_memstore_add(s->txn->store, &q, NULL);
}

static MgdStatus
mem_sink(MgdHttpTxn* const t, const MgdTerm* const graph, MgdSink* const sink)
{
  if (!t->write || t->n_sinks == 4U) {
    return MGD_BAD_ARG;
  }
  MemSink* const s = &t->sinks[t->n_sinks++];
  s->txn           = t;
  s->force         = graph != NULL;
  if (graph) {
    s->graph       = *graph;
    s->graph.value = mgd_arena_str(&t->arena, graph->value);
  }
  memset(sink, 0, sizeof(*sink));
  sink->handle  = s;
  sink->on_quad = mem_sink_quad;
  return MGD_SUCCESS;
}

static MgdStatus
mem_clear_graph(MgdHttpTxn* const t, const MgdId g)
{
  MgdSource       src     = mgd_memstore_source(t->store);
  const MgdIdQuad pattern = { 0U, 0U, 0U, g };
  for (;;) { // remove one at a time: the iterator must not see changes
    MgdIter*  iter = NULL;
    MgdIdQuad q;
    MgdStatus st = src.vt->match(src.handle, &pattern, &iter);
    st           = st ? st : src.vt->next(iter, &q);
    src.vt->iter_free(iter);
    if (st) {
      return st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    st = mgd_memstore_remove(t->store, &q);
    if (st) {
      return st;
    }
  }
}

static void
mem_end(MgdHttpTxn* const t, const bool commit)
{
  Mem* const mem = t->mem;
  if (t->write) {
    if (commit) {
      pthread_rwlock_wrlock(&mem->lock);
      MgdMemStore* const old = mem->store;
      mem->store             = t->store;
      pthread_rwlock_unlock(&mem->lock);
      mgd_memstore_free(old);
    } else {
      mgd_memstore_free(t->store);
    }
    pthread_mutex_unlock(&mem->writer);
  } else {
    pthread_rwlock_unlock(&mem->lock);
  }
  mgd_arena_clear(&t->arena);
  mgd_free(t);
}

static MgdStatus
mem_commit(MgdHttpTxn* const t)
{
  mem_end(t, true);
  return MGD_SUCCESS;
}

static void
mem_abort(MgdHttpTxn* const t)
{
  if (t) {
    mem_end(t, false);
  }
}

// The fake engine

typedef struct {
  Mem*               mem;  ///< Data
  int                word; ///< 0 ASK, 1 SELECT, 2 CONSTRUCT, 3 MANY, 4 SLOW,
                           ///< 5 HOLD
  const MgdDiagSink* diag;
} FakeAnswer;

static const MgdStr fake_vars[3] = { { "s", 1U }, { "p", 1U }, { "o", 1U } };

static MgdStatus
fake_run(void* const                    handle,
         const MgdHttpAnswerSink* const to,
         bool* const                    boolean)
{
  FakeAnswer* const a = (FakeAnswer*)handle;
  if (a->word == 0) {
    *boolean = true;
    return MGD_SUCCESS;
  }
  if (a->word == 5) {
    const struct timespec hold = { 1, 500000000L };
    nanosleep(&hold, NULL);
    return MGD_SUCCESS;
  }
  if (a->word == 4) {
    return mgd_diag(a->diag,
                    MGD_BAD_TIMEOUT,
                    MGD_LEVEL_ERROR,
                    NULL,
                    0U,
                    0U,
                    NULL,
                    "deadline passed");
  }
  if (a->word == 3) {
    MgdStatus st = MGD_SUCCESS;
    for (int i = 0; !st && i < 10; ++i) {
      const MgdTerm row[3] = { mgd_term_iri(mgd_str("http://ex/many")),
                               mgd_term_none(),
                               mgd_term_none() };
      st                   = to->on_row(to->handle, row);
    }
    return st;
  }
  MgdHttpTxn* t  = NULL;
  MgdStatus   st = mem_read_begin(a->mem, &t);
  if (st) {
    return st;
  }
  MgdSource       src  = mgd_memstore_source(t->store);
  const MgdIdQuad any  = { 0U, 0U, 0U, 0U };
  MgdIter*        iter = NULL;
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  st = src.vt->match(src.handle, &any, &iter);
  MgdIdQuad q;
  while (!st && !(st = src.vt->next(iter, &q))) {
    MgdQuad t3;
    t3.g = mgd_term_none();
    st   = mgd_source_term(&src, q.s, &arena, &t3.s);
    st   = st ? st : mgd_source_term(&src, q.p, &arena, &t3.p);
    st   = st ? st : mgd_source_term(&src, q.o, &arena, &t3.o);
    if (!st) {
      st = a->word == 1 ? to->on_row(to->handle, &t3.s)
                        : to->on_quad(to->handle, &t3);
    }
  }
  src.vt->iter_free(iter);
  mgd_arena_clear(&arena);
  mem_abort(t);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static void
fake_free(void* const handle)
{
  mgd_free(handle);
}

static MgdStatus
fake_query(void* const               handle,
           const MgdHttpQuery* const q,
           MgdHttpAnswer* const      answer)
{
  static const char* const words[] = {
    "ASK", "SELECT", "CONSTRUCT", "MANY", "SLOW", "HOLD"
  };
  for (int w = 0; w < 6; ++w) {
    if (mgd_str_eqc(q->text, words[w])) {
      FakeAnswer* const a = (FakeAnswer*)mgd_calloc(1U, sizeof(FakeAnswer));
      if (!a) {
        return MGD_BAD_ALLOC;
      }
      a->mem         = (Mem*)handle;
      a->word        = w;
      a->diag        = q->diag;
      answer->kind   = w == 0   ? MGD_ANSWER_BOOLEAN
                       : w == 2 ? MGD_ANSWER_GRAPH
                                : MGD_ANSWER_BINDINGS;
      answer->n_vars = w == 0 || w == 2 ? 0U : 3U;
      answer->vars   = fake_vars;
      answer->handle = a;
      answer->run    = fake_run;
      answer->free   = fake_free;
      return MGD_SUCCESS;
    }
  }
  return mgd_diag(q->diag,
                  MGD_BAD_SYNTAX,
                  MGD_LEVEL_ERROR,
                  "query",
                  1U,
                  1U,
                  NULL,
                  "syntax error: unexpected '%.10s'",
                  q->text.ptr);
}

static MgdStatus
fake_update(void* const handle, const MgdHttpQuery* const q)
{
  if (!mgd_str_eqc(q->text, "CLEAR")) {
    return mgd_diag(q->diag,
                    MGD_BAD_SYNTAX,
                    MGD_LEVEL_ERROR,
                    "update",
                    1U,
                    1U,
                    NULL,
                    "syntax error: not CLEAR");
  }
  MgdHttpTxn* t  = NULL;
  MgdStatus   st = mem_write_begin(handle, &t);
  if (!st) {
    mgd_memstore_free(t->store);
    t->store = mgd_memstore_new();
    return mem_commit(t);
  }
  mem_abort(t);
  return st;
}

static const MgdHttpBackendVt mem_vt = {
  fake_query, fake_update,     mem_read_begin, mem_write_begin, mem_source,
  mem_sink,   mem_clear_graph, mem_commit,     mem_abort,
  NULL, // no store size
  NULL, // no maintained statistics: the server must count through sources
  NULL,
  NULL, // no search index: /api/search and /api/suggest answer 501
  NULL, // PUT clears and adds in one transaction
};

static const MgdHttpBackendVt mem_vt_no_update = {
  fake_query,
  NULL,
  mem_read_begin,
  mem_write_begin,
  mem_source,
  mem_sink,
  mem_clear_graph,
  mem_commit,
  mem_abort,
  NULL,
  NULL,
  NULL,
  NULL,
  NULL,
};

// A tiny HTTP client

typedef struct {
  long   code;
  MgdBuf body;
  MgdBuf headers;
} Reply;

static size_t
collect(char* const ptr, const size_t size, const size_t n, void* const buf)
{
  mgd_buf_append((MgdBuf*)buf, ptr, size * n);
  return size * n;
}

static char base_url[64];

static void
request(Reply* const      reply,
        const char* const method,
        const char* const path,
        const char* const header1,
        const char* const header2,
        const char* const body)
{
  mgd_buf_init(&reply->body);
  mgd_buf_init(&reply->headers);
  reply->code      = 0;
  CURL* const curl = curl_easy_init();
  char        url[512];
  snprintf(url, sizeof(url), "%s%s", base_url, path);
  struct curl_slist* headers = NULL;
  if (header1) {
    headers = curl_slist_append(headers, header1);
  }
  if (header2) {
    headers = curl_slist_append(headers, header2);
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  if (!strcmp(method, "HEAD")) {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  }
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply->body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply->headers);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // decode gzip
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply->code);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  mgd_buf_putc(&reply->body, '\0');
  mgd_buf_putc(&reply->headers, '\0');
}

static void
reply_clear(Reply* const reply)
{
  mgd_buf_clear(&reply->body);
  mgd_buf_clear(&reply->headers);
}

static bool
has(const MgdBuf* const buf, const char* const text)
{
  return buf->data && strstr(buf->data, text) != NULL;
}

static Mem        mem;
static MgdServer* server;

#define AUTH "Authorization: Bearer tok"
#define TTL "Content-Type: application/n-triples"

static void
test_gsp_roundtrip(void)
{
  Reply r;
  request(&r,
          "PUT",
          "/data?graph=http://ex/g",
          AUTH,
          TTL,
          "<http://ex/s> <http://ex/p> \"v\" .\n");
  CHECK(r.code == 201);
  reply_clear(&r);
  request(&r,
          "GET",
          "/data?graph=http://ex/g",
          "Accept: application/n-triples",
          NULL,
          NULL);
  CHECK(r.code == 200);
  CHECK(has(&r.body, "<http://ex/s> <http://ex/p> \"v\" ."));
  reply_clear(&r);
  request(&r, "PUT", "/data?graph=http://ex/g", AUTH, TTL, "<http://ex/s> <");
  CHECK(r.code == 400);
  CHECK(has(&r.body, "syntax error"));
  reply_clear(&r);
  request(&r,
          "GET",
          "/data?graph=http://ex/g",
          "Accept: application/n-triples",
          NULL,
          NULL);
  CHECK(has(&r.body, "\"v\"")); // the failed PUT changed nothing
  reply_clear(&r);
}

static void
test_void_without_stats(void)
{
  Reply r;
  request(&r,
          "PUT",
          "/data?default",
          AUTH,
          TTL,
          "<http://ex/a> <http://ex/p> \"1\" .\n<http://ex/b> <http://ex/p> "
          "\"2\" .\n");
  CHECK(r.code == 204);
  reply_clear(&r);
  request(&r, "GET", "/.well-known/void", NULL, NULL, NULL);
  CHECK(r.code == 200);
  CHECK(has(&r.body, "void:triples 3 ."));
  CHECK(has(&r.body, "sd:name <http://ex/g>"));
  CHECK(has(&r.body, "#default-graph> a void:Dataset ;\n  void:triples 2"));
  reply_clear(&r);
  // Counters move in the completion callback, which may run just after the
  // client has its answer: poll briefly
  bool counted = false;
  for (int i = 0; i < 100 && !counted; ++i) {
    request(&r, "GET", "/metrics", NULL, NULL, NULL);
    CHECK(!has(&r.body, "mugdat_store_bytes")); // backend has no size
    counted = has(&r.body, "endpoint=\"void\",status=\"200\"} 1");
    reply_clear(&r);
    if (!counted) {
      const struct timespec pause = { 0, 10000000L };
      nanosleep(&pause, NULL);
    }
  }
  CHECK(counted);
}

static void
test_query_forms(void)
{
  Reply r;
  request(&r, "GET", "/sparql?query=SELECT", "Accept: text/csv", NULL, NULL);
  CHECK(r.code == 200);
  CHECK(has(&r.body, "s,p,o\r\n"));
  CHECK(has(&r.body, "http://ex/a,http://ex/p,1\r\n"));
  reply_clear(&r);
  request(&r,
          "GET",
          "/sparql?query=CONSTRUCT",
          "Accept: application/n-quads",
          NULL,
          NULL);
  CHECK(r.code == 200 && has(&r.headers, "application/n-quads"));
  CHECK(has(&r.body, "<http://ex/s> <http://ex/p> \"v\" ."));
  reply_clear(&r);
  request(&r,
          "POST",
          "/sparql",
          "Content-Type: application/sparql-query",
          "Accept: application/sparql-results+xml",
          "ASK");
  CHECK(has(&r.body, "<boolean>true</boolean>"));
  reply_clear(&r);
  // gzip on request, transparently decoded by curl
  request(
    &r, "GET", "/sparql?query=SELECT", "Accept-Encoding: gzip", NULL, NULL);
  CHECK(has(&r.headers, "Content-Encoding: gzip"));
  CHECK(has(&r.body, "\"bindings\""));
  reply_clear(&r);
}

static void
test_query_failures(void)
{
  Reply r;
  request(&r,
          "GET",
          "/sparql?query=NOPE",
          "Accept: application/sparql-results+json",
          NULL,
          NULL);
  CHECK(r.code == 400 && has(&r.headers, "text/plain"));
  CHECK(has(&r.body, "1:1: syntax error: unexpected 'NOPE'"));
  reply_clear(&r);
  request(&r, "GET", "/sparql?query=SLOW", NULL, NULL, NULL);
  CHECK(r.code == 503 && has(&r.body, "time limit"));
  reply_clear(&r);
  request(&r, "GET", "/sparql?query=MANY", NULL, NULL, NULL);
  CHECK(r.code == 400 && has(&r.body, "5 rows"));
  reply_clear(&r);
  request(&r, "GET", "/sparql?query=SELECT&format=ttl", NULL, NULL, NULL);
  CHECK(r.code == 406);
  reply_clear(&r);
}

static void
test_update(void)
{
  Reply r;
  request(&r,
          "POST",
          "/sparql",
          "Content-Type: application/sparql-update",
          NULL,
          "CLEAR");
  CHECK(r.code == 401 && has(&r.headers, "WWW-Authenticate: Bearer"));
  reply_clear(&r);
  request(&r,
          "POST",
          "/sparql",
          "Content-Type: application/sparql-update",
          AUTH,
          "CLEAN");
  CHECK(r.code == 400 && has(&r.body, "syntax error"));
  reply_clear(&r);
  request(&r,
          "POST",
          "/sparql",
          "Content-Type: application/x-www-form-urlencoded",
          AUTH,
          "update=CLEAR");
  CHECK(r.code == 204);
  reply_clear(&r);
  request(&r, "GET", "/data?graph=http://ex/g", NULL, NULL, NULL);
  CHECK(r.code == 404);
  reply_clear(&r);
}

static void
test_no_update_backend(void)
{
  const MgdHttpBackend backend = { &mem_vt_no_update, &mem };
  MgdServerOptions     opts;
  MgdServer*           ro = NULL;
  memset(&opts, 0, sizeof(opts));
  opts.n_threads   = 1U;
  opts.write_token = "tok";
  CHECK(!mgd_server_new(&opts, &backend, &ro));
  char saved[64];
  memcpy(saved, base_url, sizeof(saved));
  snprintf(base_url,
           sizeof(base_url),
           "http://127.0.0.1:%u",
           (unsigned)mgd_server_port(ro));
  Reply r;
  request(&r,
          "POST",
          "/sparql",
          "Content-Type: application/sparql-update",
          AUTH,
          "CLEAR");
  CHECK(r.code == 501);
  reply_clear(&r);
  request(&r, "GET", "/sparql", NULL, NULL, NULL);
  CHECK(r.code == 200 && !has(&r.body, "SPARQL11Update"));
  reply_clear(&r);
  memcpy(base_url, saved, sizeof(saved));
  mgd_server_free(ro);
}

static void
test_no_txn_left_open(void)
{
  Reply r;
  // A Graph Store GET (spooled: its txn ends before the answer), a failed
  // PUT (aborted) and a refused one (never begun)
  request(&r, "PUT", "/data?graph=http://ex/t", AUTH, TTL,
          "<http://ex/s> <http://ex/p> \"t\" .\n");
  reply_clear(&r);
  request(&r, "GET", "/data", NULL, NULL, NULL);
  CHECK(r.code == 200 && has(&r.body, "\"t\""));
  reply_clear(&r);
  request(&r, "PUT", "/data?graph=http://ex/t", AUTH, TTL, "<broken");
  CHECK(r.code == 400);
  reply_clear(&r);
  request(&r, "PUT", "/data?graph=http://ex/t", TTL, NULL, "<a> <b> <c> .");
  CHECK(r.code == 401);
  reply_clear(&r);
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {
    request(&r, "GET", "/metrics", NULL, NULL, NULL);
    closed = has(&r.body, "\nmugdat_http_open_transactions 0\n");
    reply_clear(&r);
    if (!closed) {
      const struct timespec pause = {0, 10000000L};
      nanosleep(&pause, NULL);
    }
  }
  CHECK(closed);
}

static void*
hold_request(void* const arg)
{
  Reply* const r = (Reply*)arg;
  request(r, "GET", "/sparql?query=HOLD", NULL, NULL, NULL);
  return NULL;
}

static uint64_t
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/// One work slot: a second query waits for it, and gets 503 with
/// Retry-After if it does not free within the second's time limit; health
/// needs no slot.
static void
test_work_gate(void)
{
  const MgdHttpBackend backend = { &mem_vt, &mem };
  for (int round = 0; round < 2; ++round) {
    MgdServerOptions opts;
    memset(&opts, 0, sizeof(opts));
    opts.n_threads  = 1U;
    opts.timeout_ms = round == 0 ? 5000U : 600U;
    MgdServer* s    = NULL;
    CHECK(mgd_server_new(&opts, &backend, &s) == MGD_SUCCESS);
    if (!s) {
      return;
    }
    char saved[64];
    memcpy(saved, base_url, sizeof(saved));
    snprintf(base_url,
             sizeof(base_url),
             "http://127.0.0.1:%u",
             (unsigned)mgd_server_port(s));
    Reply     held;
    pthread_t th;
    CHECK(pthread_create(&th, NULL, hold_request, &held) == 0);
    const struct timespec pause = { 0, 300000000L };
    nanosleep(&pause, NULL);
    Reply r;
    request(&r, "GET", "/health", NULL, NULL, NULL);
    CHECK(r.code == 200);
    reply_clear(&r);
    const uint64_t t0 = now_ms();
    request(&r, "GET", "/sparql?query=ASK", "Accept: */*", NULL, NULL);
    const uint64_t waited = now_ms() - t0;
    if (round == 0) {
      // waits for the slot (HOLD ends 1.2 s later), then answers
      CHECK(r.code == 200 && has(&r.body, "true"));
      CHECK(waited >= 900U);
    } else {
      CHECK(r.code == 503);
      CHECK(has(&r.headers, "Retry-After: 1"));
      CHECK(has(&r.headers, "application/problem+json"));
      CHECK(has(&r.body, "\"status\":503"));
    }
    reply_clear(&r);
    pthread_join(th, NULL);
    CHECK(held.code == 200);
    reply_clear(&held);
    request(&r, "GET", "/metrics", NULL, NULL, NULL);
    CHECK(has(&r.body, "\nmugdat_http_work_slots 1\n"));
    CHECK(has(&r.body,
              round == 0 ? "\nmugdat_http_busy_refused_total 0\n"
                         : "\nmugdat_http_busy_refused_total 1\n"));
    reply_clear(&r);
    memcpy(base_url, saved, sizeof(saved));
    mgd_server_free(s);
  }
}

static void
count_diag(void* const handle, const MgdDiag* const diag)
{
  if (diag->level == MGD_LEVEL_ERROR) {
    ++*(int*)handle;
  }
}

static void
test_bad_options(void)
{
  const MgdHttpBackend backend = { &mem_vt, &mem };
  MgdServerOptions     opts;
  MgdServer*           s = NULL;
  memset(&opts, 0, sizeof(opts));
  opts.bind = "not-an-address";
  CHECK(mgd_server_new(&opts, &backend, &s) == MGD_BAD_ARG && !s);
  opts.bind    = NULL;
  opts.www_dir = "/nonexistent/www/dir";
  CHECK(mgd_server_new(&opts, &backend, &s) == MGD_BAD_ARG && !s);
  mgd_server_free(NULL);
}

int
main(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
  pthread_rwlock_init(&mem.lock, NULL);
  pthread_mutex_init(&mem.writer, NULL);
  mem.store = mgd_memstore_new();

  const MgdHttpBackend backend = { &mem_vt, &mem };
  MgdServerOptions     opts;
  memset(&opts, 0, sizeof(opts));
  int n_server_errors = 0;
  opts.write_token     = "tok";
  opts.max_rows        = 5U;
  opts.n_threads       = 2U;
  opts.diag.func       = count_diag;
  opts.diag.handle     = &n_server_errors;
  if (mgd_server_new(&opts, &backend, &server)) {
    fprintf(stderr, "cannot start the server\n");
    return 1;
  }
  snprintf(base_url,
           sizeof(base_url),
           "http://127.0.0.1:%u",
           (unsigned)mgd_server_port(server));

  RUN(test_gsp_roundtrip);
  RUN(test_void_without_stats);
  RUN(test_query_forms);
  RUN(test_query_failures);
  RUN(test_update);
  RUN(test_no_update_backend);
  RUN(test_no_txn_left_open);
  RUN(test_bad_options);
  RUN(test_work_gate);

  mgd_server_free(server);
  if (n_server_errors) {
    // e.g. "transaction(s) left open at shutdown"
    fprintf(stderr, "server reported %d error(s)\n", n_server_errors);
    ++test_n_failed;
  }
  mgd_memstore_free(mem.store);
  pthread_rwlock_destroy(&mem.lock);
  pthread_mutex_destroy(&mem.writer);
  curl_global_cleanup();
  return TEST_SUMMARY();
}
