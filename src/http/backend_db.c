// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The backend table over the db facade. Each HTTP txn wraps one db read or
// write and owns the sinks made in it, which the facade wants freed before
// the write ends.

#include "backend_db.h"

#include "base/alloc.h"
#include "sparql/sparql.h"

#include <string.h>

#define TXN_MAX_SINKS 4U

struct MgdHttpTxnImpl {
  MgdDbRead*  read;                 ///< Read, or NULL
  MgdDbWrite* write;                ///< Write, or NULL
  MgdSink*    sinks[TXN_MAX_SINKS]; ///< Sinks made in the write
  size_t      n_sinks;              ///< Number of them
};

static MgdStatus
db_read_begin(void* const handle, MgdHttpTxn** const txn)
{
  MgdHttpTxn* const t = (MgdHttpTxn*)mgd_calloc(1U, sizeof(MgdHttpTxn));
  if (!t) {
    return MGD_BAD_ALLOC;
  }
  MgdDb* const    db = ((const MgdHttpDb*)handle)->db;
  const MgdStatus st = mgd_db_read_begin(db, &t->read);
  if (st) {
    mgd_free(t);
    return st;
  }
  *txn = t;
  return MGD_SUCCESS;
}

static MgdStatus
db_write_begin(void* const handle, MgdHttpTxn** const txn)
{
  MgdHttpTxn* const t = (MgdHttpTxn*)mgd_calloc(1U, sizeof(MgdHttpTxn));
  if (!t) {
    return MGD_BAD_ALLOC;
  }
  MgdDb* const    db = ((const MgdHttpDb*)handle)->db;
  const MgdStatus st = mgd_db_write_begin(db, &t->write);
  if (st) {
    mgd_free(t);
    return st;
  }
  *txn = t;
  return MGD_SUCCESS;
}

static MgdSource
db_source(MgdHttpTxn* const t)
{
  return t->write ? mgd_db_write_source(t->write) : mgd_db_read_source(t->read);
}

static MgdStatus
db_sink(MgdHttpTxn* const t, const MgdTerm* const graph, MgdSink* const sink)
{
  if (!t->write || t->n_sinks == TXN_MAX_SINKS) {
    return MGD_BAD_ARG;
  }
  MgdSink*        s  = NULL;
  const MgdStatus st = mgd_db_write_sink(t->write, graph, &s);
  if (st) {
    return st;
  }
  t->sinks[t->n_sinks++] = s;
  *sink                  = *s;
  return MGD_SUCCESS;
}

static MgdStatus
db_replace_sink(MgdHttpTxn* const t, const MgdTerm* const graph,
                MgdSink* const sink)
{
  if (!t->write || t->n_sinks == TXN_MAX_SINKS) {
    return MGD_BAD_ARG;
  }
  MgdSink*        s  = NULL;
  const MgdStatus st = mgd_db_write_replace_sink(t->write, graph, &s);
  if (st) {
    return st;
  }
  t->sinks[t->n_sinks++] = s;
  *sink                  = *s;
  return MGD_SUCCESS;
}

static MgdStatus
db_clear_graph(MgdHttpTxn* const t, const MgdId g)
{
  return t->write ? mgd_db_write_clear_graph(t->write, g, NULL) : MGD_BAD_ARG;
}

static void
txn_free_sinks(MgdHttpTxn* const t)
{
  for (size_t i = 0U; i < t->n_sinks; ++i) {
    mgd_db_sink_free(t->sinks[i]);
  }
  t->n_sinks = 0U;
}

static MgdStatus
db_commit(MgdHttpTxn* const t)
{
  MgdStatus st = MGD_SUCCESS;
  txn_free_sinks(t);
  if (t->write) {
    st = mgd_db_write_commit(t->write);
  } else {
    mgd_db_read_end(t->read);
  }
  mgd_free(t);
  return st;
}

static void
db_abort(MgdHttpTxn* const t)
{
  if (t) {
    txn_free_sinks(t);
    if (t->write) {
      mgd_db_write_abort(t->write);
    } else {
      mgd_db_read_end(t->read);
    }
    mgd_free(t);
  }
}

static MgdStatus
db_stats(MgdHttpTxn* const t, MgdStoreStats* const stats)
{
  return mgd_txn_stats(
    t->write ? mgd_db_write_txn(t->write) : mgd_db_read_txn(t->read), stats);
}

static MgdStatus
db_store_bytes(void* const handle, uint64_t* const n_bytes)
{
  MgdHttpTxn*   t = NULL;
  MgdStoreStats stats;
  MgdStatus     st = db_read_begin(handle, &t);
  st               = st ? st : db_stats(t, &stats);
  if (!st) {
    *n_bytes = stats.n_bytes;
  }
  db_abort(t);
  return st;
}

static MgdStatus
db_count_quads(MgdHttpTxn* const t, uint64_t* const n_quads)
{
  MgdStoreStats   stats;
  const MgdStatus st = db_stats(t, &stats);
  if (!st) {
    *n_quads = stats.n_quads;
  }
  return st;
}

static MgdStatus
db_each_graph(MgdHttpTxn* const t,
              MgdStatus (*const fn)(void* h, MgdId g, uint64_t n),
              void* const h)
{
  return mgd_txn_stats_each(t->write ? mgd_db_write_txn(t->write)
                                     : mgd_db_read_txn(t->read),
                            'g',
                            fn,
                            h);
}

/// A parsed query over the db, run once in its own read transaction.
typedef struct {
  MgdDb*                   db;          ///< Borrowed
  const MgdService*        service;     ///< Borrowed
  MgdSparqlQuery*          query;       ///< Owned
  MgdStr*                  vars;        ///< Column names (strings in query)
  MgdTerm*                 graphs;      ///< Protocol dataset IRIs
  MgdSparqlDataset         dataset;     ///< Views into `graphs`
  bool                     has_dataset; ///< The request named graphs
  const MgdDiagSink*       diag;        ///< Run-time errors
  uint64_t                 deadline;    ///< Time limit
  const MgdHttpAnswerSink* to;          ///< Receiver during run
} DbAnswer;

static void
db_answer_free(void* const handle)
{
  DbAnswer* const a = (DbAnswer*)handle;
  if (a) {
    mgd_sparql_query_free(a->query);
    mgd_free(a->vars);
    mgd_free(a->graphs);
    mgd_free(a);
  }
}

static MgdStatus
db_answer_row(void* const          handle,
              const MgdId* const   ids,
              const MgdTerm* const terms,
              const size_t         n)
{
  (void)ids;
  (void)n;
  const DbAnswer* const a = (const DbAnswer*)handle;
  return a->to->on_row(a->to->handle, terms);
}

static MgdStatus
db_answer_quad(void* const handle, const MgdQuad* const quad)
{
  const DbAnswer* const a = (const DbAnswer*)handle;
  return a->to->on_quad(a->to->handle, quad);
}

static MgdStatus
db_answer_run(void* const                    handle,
              const MgdHttpAnswerSink* const to,
              bool* const                    boolean)
{
  DbAnswer* const a    = (DbAnswer*)handle;
  MgdDbRead*      read = NULL;
  MgdStatus       st   = mgd_db_read_begin(a->db, &read);
  if (st) {
    return st;
  }
  a->to                       = to;
  const MgdSource      source = mgd_db_read_source(read);
  MgdSparqlExecOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.source      = &source;
  opts.dataset     = a->has_dataset ? &a->dataset : NULL;
  opts.limits      = mgd_db_limits(a->db);
  opts.diag        = a->diag;
  opts.deadline_ms = a->deadline;
  opts.service        = mgd_service_select;
  opts.service_handle = (void*)a->service;
  switch (mgd_sparql_query_form(a->query)) {
  case MGD_SPARQL_SELECT:
    st = mgd_sparql_select(a->query, &opts, db_answer_row, a);
    break;
  case MGD_SPARQL_ASK: st = mgd_sparql_ask(a->query, &opts, boolean); break;
  case MGD_SPARQL_CONSTRUCT:
  case MGD_SPARQL_DESCRIBE: {
    const MgdSink sink = { a, NULL, NULL, db_answer_quad, NULL };
    st                 = mgd_sparql_construct(a->query, &opts, &sink);
    break;
  }
  }
  mgd_db_read_end(read);
  return st;
}

static MgdStatus
db_query(void* const               handle,
         const MgdHttpQuery* const q,
         MgdHttpAnswer* const      answer)
{
  MgdDb* const    db = ((const MgdHttpDb*)handle)->db;
  DbAnswer* const a  = (DbAnswer*)mgd_calloc(1U, sizeof(DbAnswer));
  if (!a) {
    return MGD_BAD_ALLOC;
  }
  a->db       = db;
  a->service  = ((const MgdHttpDb*)handle)->service;
  a->diag     = q->diag;
  a->deadline = q->deadline_ms;
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base        = q->base;
  popts.source_name = "query";
  popts.limits      = mgd_db_limits(db);
  popts.diag        = q->diag;
  MgdStatus st      = mgd_sparql_parse(q->text, &popts, &a->query);

  const size_t n_graphs = q->n_default_graphs + q->n_named_graphs;
  if (!st && n_graphs) {
    // SPARQL 1.1 Protocol §2.1.4: the request's dataset replaces the one
    // the query describes (the engine lets FROM in the query win instead)
    a->graphs = (MgdTerm*)mgd_calloc(n_graphs, sizeof(MgdTerm));
    if (!a->graphs) {
      st = MGD_BAD_ALLOC;
    } else {
      for (size_t i = 0U; i < q->n_default_graphs; ++i) {
        a->graphs[i] = mgd_term_iri(q->default_graphs[i]);
      }
      for (size_t i = 0U; i < q->n_named_graphs; ++i) {
        a->graphs[q->n_default_graphs + i] = mgd_term_iri(q->named_graphs[i]);
      }
      a->has_dataset              = true;
      a->dataset.default_graphs   = a->graphs;
      a->dataset.n_default_graphs = q->n_default_graphs;
      a->dataset.named_graphs     = a->graphs + q->n_default_graphs;
      a->dataset.n_named_graphs   = q->n_named_graphs;
    }
  }
  const size_t n_vars = st ? 0U : mgd_sparql_query_n_columns(a->query);
  if (!st && n_vars) {
    a->vars = (MgdStr*)mgd_calloc(n_vars, sizeof(MgdStr));
    if (!a->vars) {
      st = MGD_BAD_ALLOC;
    }
    for (size_t i = 0U; !st && i < n_vars; ++i) {
      a->vars[i] = mgd_sparql_query_column(a->query, i);
    }
  }
  if (st) {
    db_answer_free(a);
    return st;
  }
  switch (mgd_sparql_query_form(a->query)) {
  case MGD_SPARQL_SELECT: answer->kind = MGD_ANSWER_BINDINGS; break;
  case MGD_SPARQL_ASK: answer->kind = MGD_ANSWER_BOOLEAN; break;
  case MGD_SPARQL_CONSTRUCT:
  case MGD_SPARQL_DESCRIBE: answer->kind = MGD_ANSWER_GRAPH; break;
  }
  answer->n_vars = n_vars;
  answer->vars   = a->vars;
  answer->handle = a;
  answer->run    = db_answer_run;
  answer->free   = db_answer_free;
  return MGD_SUCCESS;
}

/// An update's write plus the LOAD policy.
typedef struct {
  MgdDbWrite*       write;   ///< The request's write
  const MgdService* service; ///< Borrowed
} UpdateCtx;

static MgdStatus
update_add(void* const handle, const MgdQuad* const quad)
{
  return mgd_db_write_add(((UpdateCtx*)handle)->write, quad);
}

static MgdStatus
update_remove(void* const handle, const MgdIdQuad* const quad)
{
  return mgd_db_write_remove(((UpdateCtx*)handle)->write, quad, NULL);
}

static MgdStatus
update_load(void* const handle, const MgdStr iri, const MgdTerm* const graph,
            const MgdDiagSink* const diag)
{
  const UpdateCtx* const u = (const UpdateCtx*)handle;
  return mgd_service_load(u->service, u->write, iri, graph, diag);
}

static MgdStatus
db_update(void* const handle, const MgdHttpQuery* const q)
{
  const MgdHttpDb* const h  = (const MgdHttpDb*)handle;
  MgdDb* const           db = h->db;
  // SPARQL 1.1 Protocol §2.2.3: using-graph-uri / using-named-graph-uri act
  // as USING / USING NAMED (the engine rejects a conflict with the text)
  const size_t     n_graphs = q->n_default_graphs + q->n_named_graphs;
  MgdTerm*         graphs   = NULL;
  MgdSparqlDataset dataset;
  memset(&dataset, 0, sizeof(dataset));
  if (n_graphs) {
    graphs = (MgdTerm*)mgd_calloc(n_graphs, sizeof(MgdTerm));
    if (!graphs) {
      return MGD_BAD_ALLOC;
    }
    for (size_t i = 0U; i < q->n_default_graphs; ++i) {
      graphs[i] = mgd_term_iri(q->default_graphs[i]);
    }
    for (size_t i = 0U; i < q->n_named_graphs; ++i) {
      graphs[q->n_default_graphs + i] = mgd_term_iri(q->named_graphs[i]);
    }
    dataset.default_graphs   = graphs;
    dataset.n_default_graphs = q->n_default_graphs;
    dataset.named_graphs     = graphs + q->n_default_graphs;
    dataset.n_named_graphs   = q->n_named_graphs;
  }
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base              = q->base;
  popts.source_name       = "update";
  popts.limits            = mgd_db_limits(db);
  popts.diag              = q->diag;
  MgdSparqlUpdate* update = NULL;
  MgdStatus        st     = mgd_sparql_update_parse(q->text, &popts, &update);
  // One write transaction, redone if the db had to grow its map. LOAD and
  // SERVICE follow the operator's policy (--load-dir, --service-allow).
  for (int attempt = 0; !st && attempt < 3; ++attempt) {
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      break;
    }
    UpdateCtx                   ctx    = { w, h->service };
    const MgdSource             src    = mgd_db_write_source(w);
    const MgdSparqlUpdateTarget target = { &ctx, update_add, update_remove,
                                           update_load };
    MgdSparqlExecOptions        opts;
    memset(&opts, 0, sizeof(opts));
    opts.source         = &src;
    opts.dataset        = n_graphs ? &dataset : NULL;
    opts.limits         = mgd_db_limits(db);
    opts.diag           = q->diag;
    opts.deadline_ms    = q->deadline_ms;
    opts.service        = mgd_service_select;
    opts.service_handle = (void*)h->service;
    st                  = mgd_sparql_update_run(update, &opts, &target);
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
    if (st != MGD_BAD_FULL || attempt == 2) {
      break;
    }
    st = MGD_SUCCESS; // the map has grown: run the update again
  }
  mgd_sparql_update_free(update);
  mgd_free(graphs);
  return st;
}

static const MgdHttpBackendVt db_vt = {
  db_query,  db_update,      db_read_begin,  db_write_begin,
  db_source, db_sink,        db_clear_graph, db_commit,
  db_abort,  db_store_bytes, db_count_quads, db_each_graph,
  mgd_http_db_search, db_replace_sink,
};

void
mgd_http_backend_db(const MgdHttpDb* const db, MgdHttpBackend* const backend)
{
  backend->vt     = &db_vt;
  backend->handle = (void*)db;
  mgd_http_db_search_warm(db->db);
}
