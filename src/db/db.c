// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "db.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "db/db_load.h"

#include <signal.h>
#include <stdlib.h>
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
  MgdDb*   db;           ///< Owner
  MgdTxn*  txn;          ///< Write transaction
  MgdId    staging;      ///< Staged graph (mgd_db_write_stage), or 0
  MgdBuf   staging_iri;  ///< Its IRI
  MgdBuf   target_iri;   ///< The graph it replaces
  bool     checkpointed; ///< Some of it is committed
  bool     published;    ///< mgd_db_write_stage_publish() done
  uint64_t since;        ///< Staged quads since the last checkpoint
  uint64_t added;        ///< Distinct quads added by checkpoints
  unsigned n_checkpoints; ///< Checkpoints so far
};

/// Quads of a staged graph between two checkpoints: the write
/// transaction's memory (LMDB's dirty pages, the sorted runs) stays bounded
/// whatever the size of the graph.
#define STAGE_CHUNK ((uint64_t)1 << 19)

/// New dictionary terms between two checkpoints. term2id's keys keep a
/// neighbourhood's terms together (dict.c), but terms with no shared
/// neighbourhood (random identifiers in one big namespace) still dirty a
/// page each anywhere in it: this bounds those pages too.
#define STAGE_TERMS ((uint64_t)1 << 15)

/// A positive count from the environment (at least `min`), else `fallback`.
/// MUGDAT_STAGE_CHUNK / MUGDAT_STAGE_TERMS let tests checkpoint small
/// sources often; MUGDAT_TEST_CRASH_AT_CHECKPOINT makes a test's write die
/// (SIGKILL) right after that checkpoint.
static uint64_t
env_count(const char* const name, const uint64_t min, const uint64_t fallback)
{
  const char* const          v   = getenv(name);
  char*                      end = NULL;
  const unsigned long long n   = v && *v ? strtoull(v, &end, 10) : 0U;
  return end && !*end && n >= min ? (uint64_t)n : fallback;
}

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
  w->db = db;
  mgd_buf_init(&w->staging_iri);
  mgd_buf_init(&w->target_iri);
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
  void*       progress_handle;       ///< Its handle
  MgdDbWrite* write; ///< A replacing sink's write (staging), else NULL
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

static MgdStatus
replace_sink_quad(void* const handle, const MgdQuad* const quad)
{
  const MgdStatus st = db_sink_quad(handle, quad);
  return st ? st : mgd_db_write_stage_step(((DbSink*)handle)->write);
}

MgdStatus
mgd_db_write_replace_sink(MgdDbWrite* const    write,
                          const MgdTerm* const graph,
                          MgdSink** const      out)
{
  // A second sink of the same write (another file of an atomic load) adds
  // to the same staged graph; the commit publishes it.
  MgdTerm   staged = mgd_term_iri(mgd_buf_str(&write->staging_iri));
  MgdStatus st     = MGD_SUCCESS;
  if (!write->staging) {
    st = mgd_db_write_stage(write, graph, &staged);
  } else if (write->published || graph->kind != MGD_TERM_IRI ||
             !mgd_str_eq(graph->value, mgd_buf_str(&write->target_iri))) {
    st = MGD_BAD_ARG;
  }
  st = st ? st : mgd_db_write_sink(write, &staged, out);
  if (!st) {
    DbSink* const s = (DbSink*)(*out)->handle;
    s->write        = write;
    s->sink.on_quad = replace_sink_quad;
  }
  return st;
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
mgd_db_write_stage(MgdDbWrite* const write, const MgdTerm* const target,
                   MgdTerm* const graph)
{
  if (write->staging || target->kind != MGD_TERM_IRI) {
    return MGD_BAD_ARG; // one staged graph per write, named by an IRI
  }
  MgdStatus st = mgd_buf_append(&write->target_iri, target->value.ptr,
                                target->value.len);
  st           = st ? st : mgd_txn_stage(write->txn, &write->staging);
  if (!st) {
    const MgdSource src = mgd_txn_source(write->txn);
    MgdArena        arena;
    MgdTerm         t;
    mgd_arena_init(&arena, 0U);
    st = mgd_source_term(&src, write->staging, &arena, &t);
    st = st ? st : mgd_buf_append(&write->staging_iri, t.value.ptr, t.value.len);
    mgd_arena_clear(&arena);
  }
  *graph = mgd_term_iri(mgd_buf_str(&write->staging_iri));
  return st;
}

MgdStatus
mgd_db_write_stage_step(MgdDbWrite* const write)
{
  static uint64_t chunk = 0U, terms = 0U, crash_at = 0U;
  if (!chunk) { // read once; threads racing here store the same values
    terms    = env_count("MUGDAT_STAGE_TERMS", 1000U, STAGE_TERMS);
    crash_at = env_count("MUGDAT_TEST_CRASH_AT_CHECKPOINT", 1U, 0U);
    chunk    = env_count("MUGDAT_STAGE_CHUNK", 1000U, STAGE_CHUNK);
  }
  if (++write->since < chunk && mgd_txn_new_terms(write->txn) < terms) {
    return MGD_SUCCESS;
  }
  uint64_t        n  = 0U;
  const MgdStatus st = mgd_txn_checkpoint(write->txn, &n);
  write->added += n;
  write->since        = 0U;
  write->checkpointed = !st || write->checkpointed;
  if (!st && ++write->n_checkpoints == crash_at) {
    raise(SIGKILL); // tests/cli/ingest_staged.sh: a crash mid-way
  }
  return st;
}

MgdStatus
mgd_db_write_stage_publish(MgdDbWrite* const write, uint64_t* const n_quads)
{
  if (!write->staging || write->published) {
    return MGD_BAD_ARG;
  }
  const MgdTerm graph = mgd_term_iri(mgd_buf_str(&write->target_iri));
  uint64_t      n     = 0U;
  MgdStatus     st    = mgd_txn_bulk_flush(write->txn, &n);
  st = st ? st : mgd_txn_publish(write->txn, write->staging, &graph);
  write->published = !st;
  if (n_quads) {
    *n_quads = write->added + n;
  }
  return st;
}

// A staged graph some of whose checkpoints are committed but that was not
// published by a committed txn: give it up (it stays hidden) and collect.
static void
stage_give_up(MgdDb* const db, const MgdId staging)
{
  MgdTxn* txn = NULL;
  if (!mgd_txn_begin(db->store, true, &txn)) {
    if (mgd_txn_unstage(txn, staging)) {
      mgd_txn_abort(txn);
    } else {
      (void)mgd_txn_commit(txn); // if this fails, a later collect will
    }
  }
  (void)mgd_db_collect(db);
}

static void
write_free(MgdDbWrite* const write)
{
  mgd_buf_clear(&write->staging_iri);
  mgd_buf_clear(&write->target_iri);
  mgd_free(write);
}

MgdStatus
mgd_db_write_commit(MgdDbWrite* const write)
{
  MgdDb* const    db      = write->db;
  const MgdId     staging = write->staging;
  const bool      left    = write->checkpointed;
  MgdStatus       st      = staging && !write->published
                              ? mgd_db_write_stage_publish(write, NULL)
                              : MGD_SUCCESS;
  if (st) {
    mgd_txn_abort(write->txn);
  } else {
    st = mgd_txn_commit(write->txn);
  }
  write_free(write);
  if (staging && st && left) {
    stage_give_up(db, staging);
  } else if (staging && !st) {
    // The replaced graph, in small transactions.
    st = mgd_db_collect(db);
  }
  return st;
}

void
mgd_db_write_abort(MgdDbWrite* const write)
{
  if (write) {
    MgdDb* const db      = write->db;
    const MgdId  staging = write->staging;
    const bool   left    = write->checkpointed;
    mgd_txn_abort(write->txn);
    write_free(write);
    if (staging && left) {
      stage_give_up(db, staging);
    }
  }
}

MgdStatus
mgd_db_write_load_path(MgdDbWrite* const           write,
                       const char* const           path,
                       const MgdLoadOptions* const options,
                       uint64_t* const             n_quads)
{
  MgdStatus st   = MGD_SUCCESS;
  MgdSink*  sink = NULL;
  if (options->replace && options->graph &&
      options->graph->kind == MGD_TERM_IRI) {
    // Staged: bounded memory, and the old graph stays until the commit.
    MGD_TRY(st, mgd_db_write_replace_sink(write, options->graph, &sink));
  } else {
    if (options->replace && options->graph) {
      MgdId g = 0U;
      MGD_TRY(st, mgd_txn_intern(write->txn, options->graph, &g));
      MGD_TRY(st, mgd_txn_clear_graph(write->txn, g, NULL));
    }
    MGD_TRY(st, mgd_db_write_sink(write, options->graph, &sink));
  }
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
