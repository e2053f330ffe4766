// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "db.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "db/db_load.h"

#include <string.h>

struct MgdDbImpl {
  MgdStore*          store;  ///< The store
  MgdLimits          limits; ///< Limits in force
  const MgdDiagSink* diag;   ///< Diagnostics
};

struct MgdDbReadImpl {
  MgdTxn* txn; ///< Read transaction
};

struct MgdDbWriteImpl {
  MgdDb*  db;  ///< Owner
  MgdTxn* txn; ///< Write transaction
};

MgdStatus
mgd_db_open(const char* const dir, const MgdDbOptions* const options,
            MgdDb** const out)
{
  *out            = NULL;
  MgdDb* const db = (MgdDb*)mgd_calloc(1U, sizeof(MgdDb));
  if (!db) {
    return MGD_BAD_ALLOC;
  }
  static const MgdLimits zero;
  db->limits = memcmp(&options->limits, &zero, sizeof(zero))
                 ? options->limits
                 : mgd_limits_default();
  db->diag = options->diag;
  const MgdStatus st =
    mgd_store_open(dir, options->create, options->diag, &db->store);
  if (st) {
    mgd_free(db);
    return st;
  }
  *out = db;
  return MGD_SUCCESS;
}

void
mgd_db_close(MgdDb* const db)
{
  if (db) {
    mgd_store_close(db->store);
    mgd_free(db);
  }
}

const MgdLimits*
mgd_db_limits(const MgdDb* const db)
{
  return &db->limits;
}

MgdStore*
mgd_db_store(MgdDb* const db)
{
  return db->store;
}

MgdStatus
mgd_db_read_begin(MgdDb* const db, MgdDbRead** const out)
{
  MgdDbRead* const r = (MgdDbRead*)mgd_calloc(1U, sizeof(MgdDbRead));
  if (!r) {
    return MGD_BAD_ALLOC;
  }
  const MgdStatus st = mgd_txn_begin(db->store, false, &r->txn);
  if (st) {
    mgd_free(r);
    return st;
  }
  *out = r;
  return MGD_SUCCESS;
}

MgdSource
mgd_db_read_source(MgdDbRead* const read)
{
  return mgd_txn_source(read->txn);
}

MgdTxn*
mgd_db_read_txn(MgdDbRead* const read)
{
  return read->txn;
}

void
mgd_db_read_end(MgdDbRead* const read)
{
  if (read) {
    mgd_txn_abort(read->txn);
    mgd_free(read);
  }
}

MgdStatus
mgd_db_write_begin(MgdDb* const db, MgdDbWrite** const out)
{
  MgdDbWrite* const w = (MgdDbWrite*)mgd_calloc(1U, sizeof(MgdDbWrite));
  if (!w) {
    return MGD_BAD_ALLOC;
  }
  w->db              = db;
  const MgdStatus st = mgd_txn_begin(db->store, true, &w->txn);
  if (st) {
    mgd_free(w);
    return st;
  }
  *out = w;
  return MGD_SUCCESS;
}

MgdSource
mgd_db_write_source(MgdDbWrite* const write)
{
  return mgd_txn_source(write->txn);
}

MgdTxn*
mgd_db_write_txn(MgdDbWrite* const write)
{
  return write->txn;
}

typedef struct {
  MgdSink  sink;  ///< Must be first: callers hold an MgdSink*
  MgdTxn*  txn;   ///< Target
  MgdTerm  graph; ///< Graph override (kind NONE: keep)
  bool     force; ///< Use graph override
  MgdArena arena; ///< Copy of the graph term
  uint64_t n;     ///< Quads received
  void (*progress)(void*, uint64_t); ///< Progress callback or NULL
  void* progress_handle;             ///< Its handle
} DbSink;

static MgdStatus
db_sink_quad(void* const handle, const MgdQuad* const quad)
{
  DbSink* const s = (DbSink*)handle;
  if ((++s->n & 0xFFFFU) == 0U && s->progress) {
    s->progress(s->progress_handle, s->n);
  }
  if (!s->force) {
    return mgd_txn_bulk_add(s->txn, quad);
  }
  MgdQuad q = *quad;
  q.g       = s->graph;
  return mgd_txn_bulk_add(s->txn, &q);
}

MgdStatus
mgd_db_write_sink(MgdDbWrite* const    write,
                  const MgdTerm* const graph,
                  MgdSink** const      out)
{
  DbSink* const s = (DbSink*)mgd_calloc(1U, sizeof(DbSink));
  if (!s) {
    return MGD_BAD_ALLOC;
  }
  mgd_arena_init(&s->arena, 0U);
  s->txn           = write->txn;
  s->sink.handle   = s;
  s->sink.on_quad  = db_sink_quad;
  if (graph) {
    s->force          = true;
    s->graph          = *graph;
    s->graph.value    = mgd_arena_str(&s->arena, graph->value);
    s->graph.datatype = mgd_str_n(NULL, 0U);
    s->graph.lang     = mgd_str_n(NULL, 0U);
    if (graph->value.len && !s->graph.value.ptr) {
      mgd_db_sink_free(&s->sink);
      return MGD_BAD_ALLOC;
    }
  }
  *out = &s->sink;
  return MGD_SUCCESS;
}

void
mgd_db_sink_free(MgdSink* const sink)
{
  if (sink) {
    DbSink* const s = (DbSink*)sink->handle;
    mgd_arena_clear(&s->arena);
    mgd_free(s);
  }
}

MgdStatus
mgd_db_write_add(MgdDbWrite* const write, const MgdQuad* const quad)
{
  // Queued: many adds (SPARQL INSERT) are written sorted per index, and a
  // later read of this write still sees them.
  return mgd_txn_bulk_add(write->txn, quad);
}

MgdStatus
mgd_db_write_add_ids(MgdDbWrite* const write, const MgdIdQuad* const quad,
                     bool* const added)
{
  return mgd_txn_add(write->txn, quad, added);
}

MgdStatus
mgd_db_write_intern(MgdDbWrite* const write, const MgdTerm* const term,
                    MgdId* const id)
{
  return mgd_txn_intern(write->txn, term, id);
}

MgdStatus
mgd_db_write_remove(MgdDbWrite* const write, const MgdIdQuad* const quad,
                    bool* const removed)
{
  return removed ? mgd_txn_remove(write->txn, quad, removed)
                 : mgd_txn_remove_later(write->txn, quad);
}

MgdStatus
mgd_db_write_clear_graph(MgdDbWrite* const write, const MgdId g,
                         uint64_t* const n_removed)
{
  return mgd_txn_clear_graph(write->txn, g, n_removed);
}

MgdStatus
mgd_db_collect(MgdDb* const db)
{
  MgdStatus st   = MGD_SUCCESS;
  for (bool more = true; !st && more;) {
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      break;
    }
    st = mgd_txn_collect(w->txn, (uint64_t)1 << 20, &more);
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
  }
  return st;
}

MgdStatus
mgd_db_write_commit(MgdDbWrite* const write)
{
  const MgdStatus st = mgd_txn_commit(write->txn);
  mgd_free(write);
  return st;
}

void
mgd_db_write_abort(MgdDbWrite* const write)
{
  if (write) {
    mgd_txn_abort(write->txn);
    mgd_free(write);
  }
}

MgdStatus
mgd_db_write_load_path(MgdDbWrite* const           write,
                       const char* const           path,
                       const MgdLoadOptions* const options,
                       uint64_t* const             n_quads)
{
  MgdStatus st = MGD_SUCCESS;
  if (options->replace && options->graph) {
    MgdId g = 0U;
    MGD_TRY(st, mgd_txn_intern(write->txn, options->graph, &g));
    MGD_TRY(st, mgd_txn_clear_graph(write->txn, g, NULL));
  }
  MgdSink* sink = NULL;
  MGD_TRY(st, mgd_db_write_sink(write, options->graph, &sink));
  ((DbSink*)sink->handle)->progress        = options->progress;
  ((DbSink*)sink->handle)->progress_handle = options->progress_handle;
  size_t    n    = 0U;
  MgdFormat fmt  = options->read.format;
  if (fmt == MGD_FORMAT_UNKNOWN && strcmp(path, "-")) {
    fmt = mgd_format_from_path(path);
  }
  if (mgd_db_load_parallel_ok(path, fmt)) {
    MgdReadOptions ro = options->read;
    ro.format         = fmt;
    ro.source_name    = ro.source_name ? ro.source_name : path;
    st                = mgd_db_load_parallel(path, &ro, sink, &n);
  } else {
    st = mgd_rdf_read_path(path, &options->read, sink, &n);
  }
  mgd_db_sink_free(sink);
  mgd_txn_reset_blank_scope(write->txn);
  if (n_quads) {
    *n_quads = n;
  }
  return st;
}

MgdStatus
mgd_db_load_path(MgdDb* const db, const char* const path,
                 const MgdLoadOptions* const options, uint64_t* const n_quads)
{
  MgdStatus st = MGD_SUCCESS;
  for (unsigned attempt = 0U; attempt < 8U; ++attempt) {
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      return st;
    }
    st = mgd_db_write_load_path(w, path, options, n_quads);
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
    if (st != MGD_BAD_FULL) {
      return st;
    }
  }
  return st;
}
