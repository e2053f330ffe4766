// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The facade that joins storage with engines: one unit of work = one LMDB
/// transaction (DESIGN.md §2). The CLI and the HTTP server call only this
/// layer (and the syntax writers to format answers).
///
/// Reads: mgd_db_read_begin() gives an MgdSource valid until
/// mgd_db_read_end(); readers never block writers. Writes: at most one
/// MgdDbWrite at a time (others wait); it sees its own changes; it commits
/// whole or not at all. A write that failed with MGD_BAD_FULL had the map
/// grown: redo the unit of work (mgd_db_load_path does this itself).

#ifndef MGD_DB_DB_H
#define MGD_DB_DB_H

#include "base/diag.h"
#include "base/limits.h"
#include "rdf/sink.h"
#include "rdf/source.h"
#include "store/store.h"
#include "syntax/rdf_read.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct MgdDbImpl      MgdDb;
typedef struct MgdDbReadImpl  MgdDbRead;
typedef struct MgdDbWriteImpl MgdDbWrite;

/// Options for opening a database. Zero-initialise.
typedef struct {
  bool               create; ///< Create the directory and store if missing
  const MgdDiagSink* diag;   ///< Diagnostics (borrowed for the db's life)
  MgdLimits          limits; ///< Limits; all-zero means defaults
} MgdDbOptions;

/// Begin replacing graph `target` (an IRI) through staging (store.h:
/// mgd_txn_stage): write its new quads to the hidden graph `*graph` (an IRI
/// owned by the write), calling mgd_db_write_stage_step() after each; the
/// staged graph becomes `target` at mgd_db_write_stage_publish() or, at the
/// latest, at the commit. Memory stays bounded
/// however many quads; readers see the old graph until the commit. If the
/// write is aborted or its commit fails, the staged part is given up and
/// collected; after a successful commit, the replaced graph is collected.
/// One staged graph per write.
MgdStatus
mgd_db_write_stage(MgdDbWrite* write, const MgdTerm* target, MgdTerm* graph);

/// Count one staged quad and checkpoint the write when 512k quads or 32k
/// new dictionary terms have come since the last checkpoint.
MgdStatus
mgd_db_write_stage_step(MgdDbWrite* write);

/// Make the staged graph the target graph in this write (later reads of
/// the write see it there); sets `*n_quads` (may be NULL) to its distinct
/// quads.
MgdStatus
mgd_db_write_stage_publish(MgdDbWrite* write, uint64_t* n_quads);

/// A sink that replaces graph `graph` (an IRI) whole with the quads it
/// receives (their own graphs are ignored), staged as above and published
/// by the commit: for Graph Store PUT and `load --replace`. More such sinks
/// of the same write and graph add to the same staged graph. Free it with
/// mgd_db_sink_free().
MgdStatus
mgd_db_write_replace_sink(MgdDbWrite* write, const MgdTerm* graph,
                          MgdSink** sink);

/// Remove the quads of replaced or abandoned staged graphs (store.h,
/// mgd_txn_collect), a million per write transaction, until none is left.
MgdStatus
mgd_db_collect(MgdDb* db);

/// Open the database in `dir`.
MgdStatus
mgd_db_open(const char* dir, const MgdDbOptions* options, MgdDb** db);

/// Close (NULL is fine). All reads and writes must have ended.
void
mgd_db_close(MgdDb* db);

/// The limits in force.
const MgdLimits*
mgd_db_limits(const MgdDb* db);

/// The underlying store (for statistics and backup).
MgdStore*
mgd_db_store(MgdDb* db);

/// Begin a read.
MgdStatus
mgd_db_read_begin(MgdDb* db, MgdDbRead** read);

/// The source of a read (valid until mgd_db_read_end()).
MgdSource
mgd_db_read_source(MgdDbRead* read);

/// The store transaction of a read (for statistics).
MgdTxn*
mgd_db_read_txn(MgdDbRead* read);

/// End a read (NULL is fine).
void
mgd_db_read_end(MgdDbRead* read);

/// Begin a write (waits for another writer to finish).
MgdStatus
mgd_db_write_begin(MgdDb* db, MgdDbWrite** write);

/// A source that sees the write's own changes.
MgdSource
mgd_db_write_source(MgdDbWrite* write);

/// The store transaction of a write.
MgdTxn*
mgd_db_write_txn(MgdDbWrite* write);

/// A sink that adds quads through the bulk path. With `graph` non-NULL,
/// every quad goes into that graph (its own graph is ignored); otherwise
/// quads keep their graph (none = default graph). The graph term is copied.
/// Free with mgd_db_sink_free() before the write ends.
MgdStatus
mgd_db_write_sink(MgdDbWrite* write, const MgdTerm* graph, MgdSink** sink);

/// Free a sink from mgd_db_write_sink() (NULL is fine).
void
mgd_db_sink_free(MgdSink* sink);

/// Add one quad of terms (blank labels are scoped to this write).
MgdStatus
mgd_db_write_add(MgdDbWrite* write, const MgdQuad* quad);

/// Add one quad of ids (ids from this store or inline).
MgdStatus
mgd_db_write_add_ids(MgdDbWrite* write, const MgdIdQuad* quad, bool* added);

/// Intern a term for writing (new terms get ids).
MgdStatus
mgd_db_write_intern(MgdDbWrite* write, const MgdTerm* term, MgdId* id);

/// Remove one quad of ids; `*removed` says whether it was stored. With
/// `removed` NULL the removal is queued and applied with the others, sorted,
/// before the write's next read or add (many removals go much faster).
MgdStatus
mgd_db_write_remove(MgdDbWrite* write, const MgdIdQuad* quad, bool* removed);

/// Remove every quad of graph `g` (MGD_ID_DEFAULT_GRAPH for the default).
MgdStatus
mgd_db_write_clear_graph(MgdDbWrite* write, MgdId g, uint64_t* n_removed);

/// Commit and free the write. On failure nothing was changed.
MgdStatus
mgd_db_write_commit(MgdDbWrite* write);

/// Abort and free the write (NULL is fine).
void
mgd_db_write_abort(MgdDbWrite* write);

/// Options of a load.
typedef struct {
  MgdReadOptions read;    ///< Syntax options (format, base, jsonld, ...)
  const MgdTerm* graph;   ///< Target graph, or NULL (as in the data)
  bool           replace; ///< Clear the target graph first (atomic replace)
  /// Called every 65536 quads with the count so far (may be NULL).
  void (*progress)(void* handle, uint64_t n_quads);
  void* progress_handle; ///< Passed to progress
} MgdLoadOptions;

/// Load one file ("-" = stdin) in its own write transaction: all its quads
/// or none. Redoes the unit of work once the map has grown. Sets
/// `*n_quads` (may be NULL) to the quads read.
MgdStatus
mgd_db_load_path(MgdDb* db, const char* path, const MgdLoadOptions* options,
                 uint64_t* n_quads);

/// Load one file into an open write (for --atomic multi-file loads).
MgdStatus
mgd_db_write_load_path(MgdDbWrite* write, const char* path,
                       const MgdLoadOptions* options, uint64_t* n_quads);

#endif // MGD_DB_DB_H
