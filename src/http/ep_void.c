// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /.well-known/void: a VoID description (W3C Interest Group Note
// 2011-03-03, §7.2 well-known location) with live statistics read from one
// snapshot: total triples, named graphs, and one void:subset per graph with
// its triple count, its name (sd:name) and a link to its dump on /data.

#include "server_impl.h"

#include <stdio.h>
#include <string.h>

/// Most graphs listed (the statistics stay exact; the listing is capped).
#define VOID_MAX_GRAPHS 10000U

typedef struct {
  MgdServer*  server;
  MgdRequest* request;
  MgdSource   source;
  MgdBuf*     out;
  MgdArena    scratch;
  const char* data_url;
  const char* dataset;
  uint64_t    n_graphs; ///< Named graphs listed
} VoidWalk;

static MgdStatus
void_graph(void* const handle, const MgdId g, const uint64_t n)
{
  VoidWalk* const w = (VoidWalk*)handle;
  if (w->n_graphs >= VOID_MAX_GRAPHS || !n) {
    return MGD_SUCCESS;
  }
  mgd_arena_reset(&w->scratch);
  MgdBuf* const out = w->out;
  MgdStatus     st  = MGD_SUCCESS;
  if (g == MGD_ID_DEFAULT_GRAPH) {
    return mgd_buf_printf(out,
                          "<%s#default-graph> a void:Dataset ;\n"
                          "  void:triples %llu ;\n"
                          "  void:dataDump <%s?default> .\n"
                          "<%s> void:subset <%s#default-graph> .\n\n",
                          w->dataset,
                          (unsigned long long)n,
                          w->data_url,
                          w->dataset,
                          w->dataset);
  }
  MgdTerm name;
  st = mgd_source_term(&w->source, g, &w->scratch, &name);
  if (st || name.kind != MGD_TERM_IRI) {
    return st; // blank graph names have no IRI to show
  }
  ++w->n_graphs;
  st = mgd_buf_printf(out,
                      "<%s#graph-%llu> a void:Dataset ;\n  sd:name <",
                      w->dataset,
                      (unsigned long long)w->n_graphs);
  // IRIs from the store are valid (no '>'), so they go out as they are
  st = st ? st : mgd_buf_append(out, name.value.ptr, name.value.len);
  st = st ? st
          : mgd_buf_printf(out,
                           "> ;\n  void:triples %llu ;\n"
                           "  void:dataDump <%s?graph=",
                           (unsigned long long)n,
                           w->data_url);
  st = st ? st : mgd_http_url_encode(out, name.value);
  st = st ? st
          : mgd_buf_printf(out,
                           "> .\n<%s> void:subset <%s#graph-%llu> .\n\n",
                           w->dataset,
                           w->dataset,
                           (unsigned long long)w->n_graphs);
  return st;
}

/// Graphs and counts through the source when the backend keeps no stats.
static MgdStatus
each_graph_by_source(VoidWalk* const w)
{
  const MgdSource* const src  = &w->source;
  MgdIter*               iter = NULL;
  uint64_t               n    = 0U;
  const MgdIdQuad        dflt = {
           MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_DEFAULT_GRAPH
  };
  MgdStatus st = src->vt->estimate(src->handle, &dflt, &n);
  if (!st && n) {
    st = void_graph(w, MGD_ID_DEFAULT_GRAPH, n);
  }
  st = st ? st : src->vt->graphs(src->handle, &iter);
  while (!st) {
    MgdIdQuad q;
    st = src->vt->next(iter, &q);
    if (st) {
      break;
    }
    const MgdIdQuad pattern = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, q.g };
    st                      = src->vt->estimate(src->handle, &pattern, &n);
    st                      = st ? st : void_graph(w, q.g, n);
  }
  src->vt->iter_free(iter);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

void
mgd_ep_void(MgdServer* const   server,
            MgdRequest* const  request,
            MgdResponse* const response)
{
  const MgdHttpBackendVt* const vt  = server->backend.vt;
  MgdHttpTxn*                   txn = NULL;
  MgdStatus st = vt->read_begin(server->backend.handle, &txn);
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  VoidWalk w;
  memset(&w, 0, sizeof(w));
  w.server   = server;
  w.request  = request;
  w.source   = vt->source(txn);
  w.out      = &response->body;
  w.data_url = mgd_http_url(server, request, "/data");
  w.dataset  = mgd_http_url(server, request, "/.well-known/void");
  mgd_arena_init(&w.scratch, 0U);

  uint64_t n_quads = 0U;
  if (vt->count_quads) {
    st = vt->count_quads(txn, &n_quads);
  } else {
    const MgdIdQuad any = {
      MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE
    };
    st = w.source.vt->estimate(w.source.handle, &any, &n_quads);
  }
  MgdBuf* const out = w.out;
  st =
    st ? st
       : mgd_buf_printf(
           out,
           "@prefix void: <http://rdfs.org/ns/void#> .\n"
           "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
           "@prefix dcterms: <http://purl.org/dc/terms/> .\n\n"
           "<%s> a void:Dataset ;\n"
           "  dcterms:title \"MUGDAT knowledge graph\" ;\n"
           "  void:sparqlEndpoint <%s> ;\n"
           "  void:dataDump <%s> ;\n"
           "  void:feature <http://www.w3.org/ns/formats/N-Quads>,\n"
           "    <http://www.w3.org/ns/formats/Turtle>,\n"
           "    <http://www.w3.org/ns/formats/JSON-LD> ;\n"
           "  void:triples %llu .\n\n",
           w.dataset,
           mgd_http_url(server, request, "/sparql"),
           w.data_url,
           (unsigned long long)n_quads);
  if (!st) {
    st = vt->each_graph ? vt->each_graph(txn, void_graph, &w)
                        : each_graph_by_source(&w);
  }
  mgd_arena_clear(&w.scratch);
  vt->abort(txn);
  if (st) {
    mgd_buf_reset(&response->body);
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  response->status       = 200U;
  response->content_type = "text/turtle; charset=utf-8";
}
