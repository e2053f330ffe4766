// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The backend table over the db facade. Each HTTP txn wraps one db read or
// write and owns the sinks made in it, which the facade wants freed before
// the write ends.

#include "backend_db.h"

#include "base/alloc.h"

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
  const MgdStatus st = mgd_db_read_begin((MgdDb*)handle, &t->read);
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
  const MgdStatus st = mgd_db_write_begin((MgdDb*)handle, &t->write);
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
  return t->write ? mgd_db_write_source(t->write)
                  : mgd_db_read_source(t->read);
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
  return mgd_txn_stats(t->write ? mgd_db_write_txn(t->write)
                                : mgd_db_read_txn(t->read),
                       stats);
}

static MgdStatus
db_store_bytes(void* const handle, uint64_t* const n_bytes)
{
  MgdHttpTxn*   t  = NULL;
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
                            'g', fn, h);
}

static MgdStatus
db_query(void* const handle, const MgdHttpQuery* const q,
         MgdHttpAnswer* const answer)
{
  (void)handle;
  (void)answer;
  // TODO(#sparql): wire the SPARQL engine here when src/sparql/sparql.h lands
  return mgd_diag(q->diag, MGD_BAD_UNSUPPORTED, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                  NULL, "the SPARQL query engine is not built into this server");
}

static const MgdHttpBackendVt db_vt = {
  db_query,  NULL,     db_read_begin,  db_write_begin, db_source,
  db_sink,   db_clear_graph, db_commit, db_abort, db_store_bytes,
  db_count_quads, db_each_graph,
};

void
mgd_http_backend_db(MgdDb* const db, MgdHttpBackend* const backend)
{
  backend->vt     = &db_vt;
  backend->handle = db;
}
