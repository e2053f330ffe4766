// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /api/search and /api/suggest: the web search page's JSON (README.md,
// "Search"). The endpoint checks the parameters' form; the backend knows
// the facets and answers. Both routes take a work slot like a query
// (server.c gates them), and the request's time limit is the search's.
//
// The backend is called through the inner table: its `search` entry is not
// wrapped by the server's txn-counting table (it begins and ends its own
// read inside the call).

#include "server_impl.h"

#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Default number of hits and of suggestions.
#define SEARCH_DEFAULT_LIMIT 20U
#define SUGGEST_DEFAULT_LIMIT 10U
/// Largest `limit` (larger values are capped to it) and `offset`.
#define SEARCH_MAX_LIMIT 100U
#define SEARCH_MAX_OFFSET 1000000U
/// Longest `q`.
#define SEARCH_MAX_QUERY_BYTES 1024U
/// Most facet filters in one request.
#define SEARCH_MAX_FILTERS 64U

/// Parse a non-negative integer parameter; false (with a 400) if malformed
/// or above `max` when `cap` is false.
static bool
number_param(const MgdRequest* const request,
             MgdResponse* const      response,
             const char* const       name,
             const uint64_t          max,
             const bool              cap,
             uint64_t* const         value)
{
  const MgdStr* const v = mgd_form_get(&request->query, name);
  if (!v) {
    return true;
  }
  uint64_t n  = 0U;
  bool     ok = v->len > 0U && v->len <= 12U;
  for (size_t i = 0U; ok && i < v->len; ++i) {
    ok = v->ptr[i] >= '0' && v->ptr[i] <= '9';
    n  = n * 10U + (uint64_t)(v->ptr[i] - '0');
  }
  if (ok && n > max && !cap) {
    ok = false;
  }
  if (!ok) {
    char detail[160];
    snprintf(detail,
             sizeof(detail),
             "%s: expected a whole number from 0 to %llu",
             name,
             (unsigned long long)max);
    mgd_http_problem(request,
                     response,
                     400U,
                     mgd_arena_strndup(request->arena, detail, strlen(detail)));
    return false;
  }
  *value = n > max ? max : n;
  return true;
}

static void
search_error(MgdServer* const        server,
             const MgdRequest* const request,
             MgdResponse* const      response,
             const MgdStatus         st,
             const MgdHttpDiag*      diag)
{
  char detail[1200];
  if (st == MGD_BAD_TIMEOUT) {
    snprintf(detail,
             sizeof(detail),
             "search time limit (%llu ms) exceeded",
             (unsigned long long)server->opts.timeout_ms);
  } else {
    snprintf(detail,
             sizeof(detail),
             "%s",
             diag->status ? diag->message : mgd_strerror(st));
  }
  const unsigned status =
    (st == MGD_BAD_ARG || st == MGD_BAD_LIMIT) ? 400U : mgd_http_status_for(st);
  mgd_http_problem(request,
                   response,
                   status,
                   mgd_arena_strndup(request->arena, detail, strlen(detail)));
}

static void
run(MgdServer* const   server,
    MgdRequest* const  request,
    MgdResponse* const response,
    const bool         suggest)
{
  const MgdHttpBackend* const inner = &server->inner;
  if (!inner->vt->search) {
    mgd_http_problem(
      request, response, 501U, "this server has no search index");
    return;
  }
  if (request->query_bad) {
    mgd_http_problem(
      request, response, 400U, "the query string has a bad %-escape");
    return;
  }
  MgdHttpSearch q;
  memset(&q, 0, sizeof(q));
  q.suggest     = suggest;
  q.limit       = suggest ? SUGGEST_DEFAULT_LIMIT : SEARCH_DEFAULT_LIMIT;
  q.start_ms    = request->start_ms;
  q.deadline_ms = request->deadline_ms;
  const MgdStr* const text = mgd_form_get(&request->query, "q");
  q.text                   = text ? *text : mgd_str_n("", 0U);
  if (mgd_form_count(&request->query, "q") > 1U) {
    mgd_http_problem(request, response, 400U, "q: given more than once");
    return;
  }
  if (q.text.len > SEARCH_MAX_QUERY_BYTES) {
    mgd_http_problem(request, response, 400U, "q: longer than 1024 bytes");
    return;
  }
  if (mgd_utf8_check(q.text.ptr, q.text.len) != q.text.len) {
    mgd_http_problem(request, response, 400U, "q: not valid UTF-8");
    return;
  }
  if (!number_param(
        request, response, "limit", SEARCH_MAX_LIMIT, true, &q.limit) ||
      !number_param(
        request, response, "offset", SEARCH_MAX_OFFSET, false, &q.offset)) {
    return;
  }
  // f.NAME=VALUE (repeatable) and type=IRI (f.type)
  const size_t  n_fields = request->query.n_fields;
  MgdStr* const names =
    (MgdStr*)mgd_arena_calloc(request->arena, n_fields + 1U, sizeof(MgdStr));
  MgdStr* const values =
    (MgdStr*)mgd_arena_calloc(request->arena, n_fields + 1U, sizeof(MgdStr));
  if (!names || !values) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return;
  }
  for (size_t i = 0U; !suggest && i < n_fields; ++i) {
    const MgdFormField* const f = &request->query.fields[i];
    MgdStr                    name;
    if (mgd_str_has_prefix(f->key, "f.")) {
      name = mgd_str_n(f->key.ptr + 2, f->key.len - 2U);
    } else if (mgd_str_eqc(f->key, "type")) {
      name = mgd_str("type");
    } else {
      continue; // other parameters (cache busters) are ignored
    }
    if (q.n_filters == SEARCH_MAX_FILTERS) {
      mgd_http_problem(request, response, 400U, "f: more than 64 filters");
      return;
    }
    if (!name.len) {
      mgd_http_problem(request, response, 400U, "f.: facet name missing");
      return;
    }
    names[q.n_filters]    = name;
    values[q.n_filters++] = f->value;
  }
  q.filter_names  = names;
  q.filter_values = values;
  MgdHttpDiag diag;
  memset(&diag, 0, sizeof(diag));
  const MgdDiagSink sink = { mgd_http_diag_capture, &diag };
  q.diag                 = &sink;
  MgdBuf json;
  mgd_buf_init(&json);
  const MgdStatus st = inner->vt->search(inner->handle, &q, &json);
  if (st) {
    search_error(server, request, response, st, &diag);
  } else if (mgd_http_reply(response,
                            200U,
                            "application/json; charset=utf-8",
                            json.data,
                            json.len)) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
  } else {
    mgd_http_header(response, "Cache-Control", "no-store");
  }
  mgd_buf_clear(&json);
}

void
mgd_ep_search(MgdServer* const   server,
              MgdRequest* const  request,
              MgdResponse* const response)
{
  run(server, request, response, false);
}

void
mgd_ep_suggest(MgdServer* const   server,
               MgdRequest* const  request,
               MgdResponse* const response)
{
  run(server, request, response, true);
}
