// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The LMDB quad store with its hand-tuned index (DESIGN.md §2).
///
/// One LMDB environment holds: `meta` (format version, id counters),
/// `id2term` and `term2id` (the term dictionary), six quad indexes SPOG POSG
/// OSPG GSPO GPOS GOSP, and `stats`. Each index stores blocks of consecutive
/// quads of its order, keyed by the block's first quad and delta-coded
/// (index.c), so every pattern is one range scan that reads a few bytes per
/// quad. The statistics count quads per predicate, graph and class and in
/// all, so those counts need no scan.
///
/// Blank nodes never enter the dictionary: a blank id is minted fresh for
/// each label in each unit of work (blank nodes of different loads never
/// merge) and its label is derived from the id.
///
/// Transactions: at most one write transaction at a time (LMDB's rule);
/// readers never block and are not tied to a thread (MDB_NOTLS). A write
/// transaction that saw an error is poisoned: every later call returns
/// MGD_BAD_TXN until mgd_txn_abort(). Terms read through a transaction are
/// borrowed until it ends.

#ifndef MGD_STORE_STORE_H
#define MGD_STORE_STORE_H

#include "base/diag.h"
#include "rdf/source.h"
#include "rdf/term.h"

#include <stdbool.h>
#include <stdint.h>

/// On-disk format version written by this build.
#define MGD_STORE_FORMAT_VERSION 3U

typedef struct MgdStoreImpl MgdStore;
typedef struct MgdTxnImpl   MgdTxn;

/// Open the store in directory `dir`. With `create`, make the directory and
/// an empty store if needed. MGD_BAD_VERSION (with a diagnostic) if the
/// store was written by an incompatible format version; MGD_FAILURE if it
/// does not exist and `create` is false. Close with mgd_store_close().
MgdStatus
mgd_store_open(const char* dir, bool create, const MgdDiagSink* diag,
               MgdStore** store);

/// Close the store (NULL is fine). All transactions must have ended.
void
mgd_store_close(MgdStore* store);

/// Begin a transaction. Only one write transaction exists at a time; a
/// second writer waits. Free with _commit or _abort.
MgdStatus
mgd_txn_begin(MgdStore* store, bool write, MgdTxn** txn);

/// Commit (write) or end (read) the transaction and free it. On MAP_FULL the
/// store grows its map and MGD_BAD_FULL is returned: redo the unit of work.
MgdStatus
mgd_txn_commit(MgdTxn* txn);

/// Abort and free the transaction (NULL is fine).
void
mgd_txn_abort(MgdTxn* txn);

/// A source reading through `txn` (valid until it ends; sees its writes).
MgdSource
mgd_txn_source(MgdTxn* txn);

/// The id of `term`, creating it in a write transaction. Blank nodes get a
/// fresh id per distinct label within this transaction. Literals that fit
/// are inlined. A read transaction returns MGD_FAILURE for unknown terms.
MgdStatus
mgd_txn_intern(MgdTxn* txn, const MgdTerm* term, MgdId* id);

/// A new blank node id (write transactions).
MgdStatus
mgd_txn_new_blank(MgdTxn* txn, MgdId* id);

/// Add a quad of ids (use MGD_ID_DEFAULT_GRAPH for no graph). Sets `*added`
/// (may be NULL) to whether it was new.
MgdStatus
mgd_txn_add(MgdTxn* txn, const MgdIdQuad* quad, bool* added);

/// Remove a quad of ids. Sets `*removed` (may be NULL).
MgdStatus
mgd_txn_remove(MgdTxn* txn, const MgdIdQuad* quad, bool* removed);

/// Queue a quad of ids for removal: queued removals are applied together,
/// sorted per index, before the next read, add or commit of `txn` (so the
/// order of operations is kept). For many removals whose outcome per quad
/// is not needed (SPARQL DELETE).
MgdStatus
mgd_txn_remove_later(MgdTxn* txn, const MgdIdQuad* quad);

/// Remove every quad of graph `g` (MGD_ID_DEFAULT_GRAPH allowed).
MgdStatus
mgd_txn_clear_graph(MgdTxn* txn, MgdId g, uint64_t* n_removed);

/// Queue a quad for the bulk path: ids are assigned now, index writes are
/// sorted per index and appended at mgd_txn_bulk_flush() or commit.
MgdStatus
mgd_txn_bulk_add(MgdTxn* txn, const MgdQuad* quad);

/// Write all queued bulk quads. Sets `*n_added` (may be NULL).
MgdStatus
mgd_txn_bulk_flush(MgdTxn* txn, uint64_t* n_added);

/// Forget the blank-label scope: later labels mint new blank nodes (call
/// between documents of one transaction).
void
mgd_txn_reset_blank_scope(MgdTxn* txn);

/// Commit what `txn` wrote so far and go on in a new LMDB transaction that
/// keeps this one's blank-node scope, so one long unit of work holds a
/// bounded amount of memory. Other writers may commit in between; readers
/// see each checkpoint, so write only staged graphs (below) between
/// checkpoints if the unit must appear whole. Sets `*n_added` (may be
/// NULL) to the quads the flush added, like mgd_txn_bulk_flush(). When the
/// unit's blank labels spilled to disk (over 512k), the checkpoint only
/// flushes and the transaction goes on uncommitted.
MgdStatus
mgd_txn_checkpoint(MgdTxn* txn, uint64_t* n_added);

/// Dictionary terms this write txn created since it began or since its
/// last checkpoint. Each goes to its neighbourhood's place in term2id at
/// the next flush, so this bounds how many pages that flush dirties.
uint64_t
mgd_txn_new_terms(const MgdTxn* txn);

/// Start a staged graph: a fresh graph id whose quads no reader sees (they
/// count only in the per-graph statistics) until mgd_txn_publish(). Write
/// the graph's quads under `*staging`, with checkpoints in between.
/// MGD_BAD_LIMIT if 64 staged or replaced graphs are pending.
MgdStatus
mgd_txn_stage(MgdTxn* txn, MgdId* staging);

/// Make the staged graph the graph named `graph` (an IRI) in this txn: its
/// former quads are hidden at once and removed later by mgd_txn_collect();
/// quads elsewhere that use the IRI keep naming the graph. After it, the
/// graph IRI's id is `staging` (look ids up again).
MgdStatus
mgd_txn_publish(MgdTxn* txn, MgdId staging, const MgdTerm* graph);

/// Give up a staged graph (after an error): it stays hidden and is
/// removed by mgd_txn_collect().
MgdStatus
mgd_txn_unstage(MgdTxn* txn, MgdId staging);

/// Remove up to `budget` quads (at most 1M) of hidden graphs that nobody
/// is writing any more (replaced, given up, or staged by a process that
/// died). `*more` tells whether some remain: call again in a new txn.
MgdStatus
mgd_txn_collect(MgdTxn* txn, uint64_t budget, bool* more);

/// Store statistics.
typedef struct {
  uint64_t n_quads;     ///< Quads in all graphs
  uint64_t n_terms;     ///< Dictionary entries (inline and blank excluded)
  uint64_t n_graphs;    ///< Named graphs (excluding the default graph)
  uint64_t n_bytes;     ///< Bytes used by the LMDB data file
  uint64_t map_bytes;   ///< Current map size
  uint64_t n_hidden;    ///< Staged or replaced graphs not yet collected
  uint64_t n_hidden_quads; ///< Their quads (readers do not see them)
  uint32_t version;     ///< Format version
} MgdStoreStats;

/// Fill `stats` from a transaction.
MgdStatus
mgd_txn_stats(MgdTxn* txn, MgdStoreStats* stats);

/// Call `fn` for each counted item of a statistics kind: 'p' (quads per
/// predicate), 'g' (quads per graph), 'c' (instances per class).
MgdStatus
mgd_txn_stats_each(MgdTxn* txn, char kind,
                   MgdStatus (*fn)(void* handle, MgdId id, uint64_t count),
                   void* handle);

/// The highest sequence number of the term dictionary (0 if empty). Every
/// new IRI or literal that is not inlined gets the next number, and the
/// dictionary never forgets a term (even when no quad uses it any more), so
/// a derived index (the search page's text index) can follow it by number.
/// A literal keeps its number for ever; two IRIs may exchange theirs when a
/// staged graph is published (mgd_txn_publish).
MgdStatus
mgd_txn_dict_last(MgdTxn* txn, uint64_t* seq);

/// Call `fn` with the id and term of each dictionary entry whose sequence
/// number is in (after, upto], in order; stops at and returns the first
/// error of `fn`. The term is borrowed for the call. The sequence number is
/// the id's payload (`id & MGD_ID_PAYLOAD_MASK`).
MgdStatus
mgd_txn_dict_each(MgdTxn* txn, uint64_t after, uint64_t upto,
                  MgdStatus (*fn)(void* handle, MgdId id, const MgdTerm* term),
                  void* handle);

/// Write a consistent compacted copy of the store into directory `out`
/// (created if missing; must not hold a store), while others keep working.
MgdStatus
mgd_store_backup(MgdStore* store, const char* out);

/// Path of the store directory.
const char*
mgd_store_path(const MgdStore* store);

#endif // MGD_STORE_STORE_H
