// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /sparql: SPARQL 1.1 Protocol (W3C REC 2013-03-21).
//
// Query: GET ?query=, POST form query=, POST application/sparql-query.
// Update: POST form update=, POST application/sparql-update (write token).
// Dataset: default-graph-uri / named-graph-uri (query), using-graph-uri /
// using-named-graph-uri (update), repeated as often as needed; they
// override the query's own FROM / USING (Protocol §2.1.4, §2.2.3).
// Without query or update, GET answers the Service Description.
//
// Errors: the body is application/problem+json when the client accepts it
// (also through */*), else text/plain with the message alone, which is what
// SPARQL client libraries that ask for results only show their users.
//
// Answers are spooled (spool.h): the engine pushes its results through the
// writer into memory and, past 1 MiB, an unlinked temporary file; then the
// read transaction ends and the spool is sent. So every failure (syntax,
// time limit, row limit) gets a proper status, a slow client never pins an
// LMDB reader, and memory stays bounded.

#include "emit.h"
#include "server_impl.h"
#include "spool.h"

#include "base/utf8.h"
#include "sparql/sparql.h"

#include <stdio.h>
#include <string.h>

/// Serialised output gathered before it goes to the spool.
#define ANSWER_FLUSH_BYTES ((size_t)65536)

/// Writes pushed results through an emitter into a spool.
typedef struct {
  MgdEmitter emitter;  ///< Writer state
  MgdBuf     out;      ///< Pending serialised bytes
  MgdSpool   spool;    ///< Where they go
  uint64_t   n_items;  ///< Rows/triples so far
  uint64_t   max_rows; ///< Limit, 0: none
  uint64_t   deadline; ///< mgd_http_now_ms() limit, 0: none
  const MgdRequest* request; ///< For noticing a client that left
  bool              gone;    ///< It left: the run stopped for that
} AnswerWriter;

static MgdStatus
answer_flush(AnswerWriter* const w, const bool force)
{
  if (!force && w->out.len < ANSWER_FLUSH_BYTES) {
    return MGD_SUCCESS;
  }
  // A large answer nobody will read is not worth finishing: it holds a
  // work slot and a read txn (checked once per flushed 64 KiB)
  if (!force && mgd_http_client_gone(w->request)) {
    w->gone = true;
    return MGD_BAD_IO;
  }
  const MgdStatus st = mgd_spool_write(&w->spool, w->out.data, w->out.len);
  mgd_buf_reset(&w->out);
  return st;
}

/// Checks shared by rows and triples: the row limit and the time limit.
static MgdStatus
answer_check(AnswerWriter* const w)
{
  if (w->max_rows && w->n_items >= w->max_rows) {
    return MGD_BAD_LIMIT;
  }
  if ((w->n_items & 255U) == 0U && w->deadline &&
      mgd_http_now_ms() > w->deadline) {
    return MGD_BAD_TIMEOUT;
  }
  ++w->n_items;
  return MGD_SUCCESS;
}

/// The engine's cancel check while it runs a query for `handle` (the
/// AnswerWriter): a client that left stops the run even when it produces
/// no rows to flush (polled about once a millisecond of work).
static bool
answer_cancelled(void* const handle)
{
  AnswerWriter* const w = (AnswerWriter*)handle;
  if (!w->gone && mgd_http_client_gone(w->request)) {
    w->gone = true;
  }
  return w->gone;
}

static MgdStatus
answer_row(void* const handle, const MgdTerm* const row)
{
  AnswerWriter* const w  = (AnswerWriter*)handle;
  MgdStatus           st = answer_check(w);
  st                     = st ? st : mgd_emit_row(&w->emitter, row, &w->out);
  return st ? st : answer_flush(w, false);
}

static MgdStatus
answer_quad(void* const handle, const MgdQuad* const quad)
{
  AnswerWriter* const w  = (AnswerWriter*)handle;
  MgdStatus           st = answer_check(w);
  st                     = st ? st : mgd_emit_quad(&w->emitter, quad, &w->out);
  return st ? st : answer_flush(w, false);
}

/// Answer an error for /sparql (see the file comment for the format).
static void
sparql_error(MgdServer* const        server,
             const MgdRequest* const request,
             MgdResponse* const      response,
             const MgdStatus         st,
             const unsigned          http,
             const char*             detail)
{
  char text[1200];
  if (st == MGD_BAD_TIMEOUT) {
    snprintf(text,
             sizeof(text),
             "query time limit (%llu ms) exceeded",
             (unsigned long long)server->opts.timeout_ms);
    detail = text;
  } else if (st == MGD_BAD_LIMIT && !http && detail) {
    // The engine's own limit (memory, nesting) says what it was
    snprintf(text, sizeof(text), "query limit exceeded: %s", detail);
    detail = text;
  } else if (st == MGD_BAD_LIMIT && !http) {
    char rows[64] = "";
    if (server->opts.max_rows) {
      snprintf(rows,
               sizeof(rows),
               "%llu rows (the server's row limit) or ",
               (unsigned long long)server->opts.max_rows);
    }
    snprintf(text,
             sizeof(text),
             "the answer is larger than %s%llu MiB",
             rows,
             (unsigned long long)(MGD_SPOOL_MAX_BYTES >> 20));
    detail = text;
  }
  const unsigned status = http                  ? http
                          : st == MGD_BAD_LIMIT ? 400U
                                                : mgd_http_status_for(st);
  if (mgd_conneg_quality(request->accept, "application/problem+json", false)) {
    if (http) {
      mgd_http_problem(
        request, response, status, detail ? detail : mgd_strerror(st));
    } else {
      mgd_http_problem_st(request, response, st, detail);
      response->status = status;
    }
    return;
  }
  const char* const msg = detail ? detail : mgd_strerror(st);
  if (mgd_http_reply(
        response, status, "text/plain; charset=utf-8", msg, strlen(msg)) ||
      mgd_buf_putc(&response->body, '\n')) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
  }
}

/// Collect the values of `key` as an array of IRIs; false (with an error
/// answer) if one is not an absolute IRI.
static bool
collect_iris(MgdServer* const        server,
             const MgdRequest* const request,
             MgdResponse* const      response,
             const MgdForm* const    form,
             const char* const       key,
             const MgdStr**          iris,
             size_t* const           n_iris)
{
  const size_t n = mgd_form_count(form, key);
  *iris          = NULL;
  *n_iris        = 0U;
  if (!n) {
    return true;
  }
  MgdStr* const out =
    (MgdStr*)mgd_arena_calloc(request->arena, n, sizeof(MgdStr));
  if (!out) {
    sparql_error(server, request, response, MGD_BAD_ALLOC, 0U, NULL);
    return false;
  }
  for (size_t i = 0U; i < form->n_fields; ++i) {
    if (mgd_str_eqc(form->fields[i].key, key)) {
      if (!mgd_iri_is_valid(form->fields[i].value)) {
        char text[256];
        snprintf(text,
                 sizeof(text),
                 "%s: not an absolute IRI: %.120s",
                 key,
                 form->fields[i].value.ptr);
        sparql_error(server, request, response, MGD_BAD_ARG, 400U, text);
        return false;
      }
      out[(*n_iris)++] = form->fields[i].value;
    }
  }
  *iris = out;
  return true;
}

static void
service_description(MgdServer* const   server,
                    MgdRequest* const  request,
                    MgdResponse* const response)
{
  const char* const endpoint = mgd_http_url(server, request, "/sparql");
  const char* const voidurl =
    mgd_http_url(server, request, "/.well-known/void");
  MgdBuf* const b  = &response->body;
  MgdStatus     st = mgd_buf_appendc(
    b,
    "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix formats: <http://www.w3.org/ns/formats/> .\n"
        "@prefix void: <http://rdfs.org/ns/void#> .\n\n");
  if (!st) {
    st = mgd_buf_printf(
      b,
      "<%s> a sd:Service ;\n"
      "  sd:endpoint <%s> ;\n"
      "  sd:supportedLanguage sd:SPARQL11Query%s ;\n"
      "  sd:feature sd:UnionDefaultGraph ;\n"
      "  sd:resultFormat formats:SPARQL_Results_JSON, "
      "formats:SPARQL_Results_XML,\n"
      "    formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV,\n"
      "    formats:Turtle, formats:N-Triples, formats:N-Quads, "
      "formats:TriG, formats:JSON-LD, formats:RDF_XML ;\n"
      "  sd:inputFormat formats:Turtle, formats:N-Triples, formats:N-Quads, "
      "formats:TriG, formats:RDF_XML, formats:JSON-LD ;\n"
      "  sd:defaultDataset [\n"
      "    a sd:Dataset ;\n"
      "    sd:defaultGraph [ a sd:Graph ] ;\n"
      "    void:sparqlEndpoint <%s> ;\n"
      "    sd:description <%s>\n"
      "  ] .\n",
      endpoint,
      endpoint,
      server->backend.vt->update && server->opts.write_token
        ? ", sd:SPARQL11Update"
        : "",
      endpoint,
      voidurl);
  }
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  response->status       = 200U;
  response->content_type = "text/turtle; charset=utf-8";
}

/// Pick the output format for an answer; false (with a 400/406 answer) if
/// nothing fits.
static bool
choose_format(MgdServer* const        server,
              const MgdRequest* const request,
              MgdResponse* const      response,
              const MgdForm* const    params,
              const bool              graph,
              MgdEmitFormat* const    format)
{
  const MgdStr* name = mgd_form_get(params, "format");
  if (!name) {
    name = mgd_form_get(&request->query, "format");
  }
  if (name) {
    if (mgd_emit_by_name(*name, graph, format)) {
      return true;
    }
    char text[200];
    snprintf(text,
             sizeof(text),
             "format=%.60s does not suit a %s",
             name->ptr,
             graph ? "graph (use ttl, nt, nq, trig or jsonld)"
                   : "result set (use json, xml, csv or tsv)");
    sparql_error(server, request, response, MGD_BAD_ARG, 406U, text);
    return false;
  }
  const char* const*   types   = NULL;
  const MgdEmitFormat* formats = NULL;
  const size_t         n       = mgd_emit_offers(graph, &types, &formats);
  const int            k       = mgd_conneg_choose(request->accept, types, n);
  if (k < 0) {
    sparql_error(server,
                 request,
                 response,
                 MGD_BAD_ARG,
                 406U,
                 graph ? "no acceptable graph format (offered: text/turtle, "
                         "application/n-triples, application/n-quads, "
                         "application/trig, application/ld+json)"
                       : "no acceptable result format (offered: "
                         "application/sparql-results+json, "
                         "application/sparql-results+xml, text/csv, "
                         "text/tab-separated-values)");
    return false;
  }
  *format = formats[k];
  return true;
}

static void
run_query(MgdServer* const          server,
          MgdRequest* const         request,
          MgdResponse* const        response,
          const MgdForm* const      params,
          const MgdHttpQuery* const q)
{
  MgdHttpDiag       diag  = { MGD_SUCCESS, "" };
  const MgdDiagSink sink  = { mgd_http_diag_capture, &diag };
  MgdHttpQuery      query = *q;
  query.diag              = &sink;
  MgdHttpAnswer answer;
  memset(&answer, 0, sizeof(answer));
  MgdStatus st =
    server->backend.vt->query(server->backend.handle, &query, &answer);
  if (st) {
    sparql_error(
      server, request, response, st, 0U, diag.status ? diag.message : NULL);
    return;
  }

  AnswerWriter w;
  memset(&w, 0, sizeof(w));
  mgd_buf_init(&w.out);
  w.max_rows       = server->opts.max_rows;
  w.deadline       = request->deadline_ms;
  w.request        = request;
  const bool graph = answer.kind == MGD_ANSWER_GRAPH;
  if (!choose_format(
        server, request, response, params, graph, &w.emitter.format)) {
    answer.free(answer.handle);
    return;
  }
  const bool boolean_form       = answer.kind == MGD_ANSWER_BOOLEAN;
  st                            = mgd_spool_init(&w.spool,
                      !boolean_form && mgd_conneg_accepts_coding(
                                         request->accept_encoding, "gzip"));
  bool                    value = false;
  const MgdHttpAnswerSink to    = { &w, answer_row, answer_quad };
  mgd_sparql_thread_cancel(answer_cancelled, &w);
  if (!st && boolean_form) {
    st = answer.run(answer.handle, &to, &value);
    st = st ? st : mgd_emit_boolean(&w.emitter, value, &w.out);
  } else if (!st) {
    w.emitter.vars   = answer.vars;
    w.emitter.n_vars = answer.n_vars;
    st               = mgd_emit_begin(&w.emitter, &w.out);
    st               = st ? st : answer.run(answer.handle, &to, &value);
    st               = st ? st : mgd_emit_end(&w.emitter, &w.out);
  }
  mgd_sparql_thread_cancel(NULL, NULL);
  st = st ? st : answer_flush(&w, true);
  st = st ? st : mgd_spool_finish(&w.spool);
  answer.free(answer.handle);
  mgd_emit_clear(&w.emitter);
  mgd_buf_clear(&w.out);
  if (st && w.gone) {
    // Nobody reads this; 499 (nginx's "client closed request") tells the
    // access log and metrics that the client, not the server, gave up
    mgd_spool_clear(&w.spool);
    mgd_http_problem(request, response, 499U, "the client closed the "
                                              "connection");
    return;
  }
  if (st) {
    mgd_spool_clear(&w.spool);
    sparql_error(
      server, request, response, st, 0U, diag.status ? diag.message : NULL);
    return;
  }
  mgd_spool_to_response(&w.spool, response);
  mgd_spool_clear(&w.spool);
  response->status       = 200U;
  response->content_type = mgd_emit_content_type(w.emitter.format);
}

static void
run_update(MgdServer* const          server,
           MgdRequest* const         request,
           MgdResponse* const        response,
           const MgdHttpQuery* const q)
{
  if (!mgd_http_check_write(server, request, response)) {
    return;
  }
  if (!server->backend.vt->update) {
    sparql_error(server,
                 request,
                 response,
                 MGD_BAD_UNSUPPORTED,
                 501U,
                 "SPARQL Update is not available in this build");
    return;
  }
  MgdHttpDiag       diag   = { MGD_SUCCESS, "" };
  const MgdDiagSink sink   = { mgd_http_diag_capture, &diag };
  MgdHttpQuery      update = *q;
  update.diag              = &sink;
  const MgdStatus st =
    server->backend.vt->update(server->backend.handle, &update);
  if (st) {
    sparql_error(
      server, request, response, st, 0U, diag.status ? diag.message : NULL);
    return;
  }
  response->status = 204U;
}

void
mgd_ep_sparql(MgdServer* const   server,
              MgdRequest* const  request,
              MgdResponse* const response)
{
  const MgdForm* params = &request->query;
  MgdForm        body_form;
  MgdStr         text      = mgd_str_n(NULL, 0U);
  bool           is_update = false;
  bool           has_text  = false;

  if (request->method == MGD_HTTP_POST) {
    const MgdStr ct = request->content_type;
    if (!mgd_conneg_charset_is_utf8(request->content_type_header)) {
      // SPARQL 1.1 Protocol §2.1.2, §2.2.2: query and update text is UTF-8
      sparql_error(server,
                   request,
                   response,
                   MGD_BAD_ARG,
                   415U,
                   "SPARQL text must be sent as UTF-8");
      return;
    }
    if (mgd_str_eqc(ct, "application/x-www-form-urlencoded")) {
      const MgdStatus st = mgd_form_parse(
        request->arena, request->body.ptr, request->body.len, &body_form);
      if (st) {
        sparql_error(server,
                     request,
                     response,
                     st,
                     st == MGD_BAD_ALLOC ? 0U : 400U,
                     "malformed form body (bad percent-escape or too many "
                     "fields)");
        return;
      }
      params = &body_form;
    } else if (mgd_str_eqc(ct, "application/sparql-query") ||
               mgd_str_eqc(ct, "application/sparql-update")) {
      text      = request->body;
      has_text  = true;
      is_update = mgd_str_eqc(ct, "application/sparql-update");
    } else {
      char detail[200];
      snprintf(detail,
               sizeof(detail),
               "POST /sparql needs Content-Type application/sparql-query, "
               "application/sparql-update or "
               "application/x-www-form-urlencoded, not '%.60s'",
               ct.len ? ct.ptr : "(none)");
      sparql_error(server, request, response, MGD_BAD_ARG, 415U, detail);
      return;
    }
  }

  if (!has_text) {
    const size_t n_query  = mgd_form_count(params, "query");
    const size_t n_update = mgd_form_count(params, "update");
    if (n_query + n_update > 1U) {
      sparql_error(server,
                   request,
                   response,
                   MGD_BAD_ARG,
                   400U,
                   "give exactly one query or one update");
      return;
    }
    if (n_update && request->method != MGD_HTTP_POST) {
      sparql_error(server,
                   request,
                   response,
                   MGD_BAD_ARG,
                   400U,
                   "updates must be sent with POST (SPARQL 1.1 Protocol "
                   "§2.2)");
      return;
    }
    if (!n_query && !n_update) {
      if (request->method == MGD_HTTP_POST) {
        sparql_error(server,
                     request,
                     response,
                     MGD_BAD_ARG,
                     400U,
                     "the form has neither query= nor update=");
      } else {
        service_description(server, request, response);
      }
      return;
    }
    is_update = n_update > 0U;
    text      = *mgd_form_get(params, is_update ? "update" : "query");
  }

  if (mgd_utf8_check(text.ptr, text.len) != text.len) {
    sparql_error(server,
                 request,
                 response,
                 MGD_BAD_SYNTAX,
                 400U,
                 "the query or update is not valid UTF-8");
    return;
  }

  MgdHttpQuery q;
  memset(&q, 0, sizeof(q));
  q.text        = text;
  q.base        = mgd_http_url(server, request, "/sparql"); // Protocol §2.1.4
  q.deadline_ms = request->deadline_ms;
  q.max_rows    = server->opts.max_rows;
  if (!collect_iris(server,
                    request,
                    response,
                    params,
                    is_update ? "using-graph-uri" : "default-graph-uri",
                    &q.default_graphs,
                    &q.n_default_graphs) ||
      !collect_iris(server,
                    request,
                    response,
                    params,
                    is_update ? "using-named-graph-uri" : "named-graph-uri",
                    &q.named_graphs,
                    &q.n_named_graphs)) {
    return;
  }
  if (is_update) {
    run_update(server, request, response, &q);
  } else {
    run_query(server, request, response, params, &q);
  }
}
