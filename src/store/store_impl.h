// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals shared by the store's .c files. Include only inside src/store.

#ifndef MGD_STORE_STORE_IMPL_H
#define MGD_STORE_STORE_IMPL_H

#include "store/store.h"

#include "base/hash.h"
#include "base/str.h"

#include <lmdb.h>

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

enum { N_INDEXES = 6 };

/// One index order: which quad position (0 s, 1 p, 2 o, 3 g) is stored at
/// each place of the key/value.
typedef struct {
  const char* name;     ///< "SPOG", ...
  uint8_t     order[4]; ///< Quad positions in key-then-value order
} IndexDef;

extern const IndexDef mgd_index_defs[N_INDEXES];

struct MgdStoreImpl {
  MDB_env*           env;               ///< LMDB environment
  MDB_dbi            meta;              ///< Version, counters
  MDB_dbi            id2term;           ///< u64 id -> encoded term
  MDB_dbi            term2id;           ///< 128-bit hash -> ids (DUPFIXED)
  MDB_dbi            stats;             ///< kind + id -> count
  MDB_dbi            blank_labels;      ///< A txn's spilled blank labels
  MDB_dbi            index[N_INDEXES];  ///< Quad indexes
  char*              path;              ///< Directory
  size_t             map_size;          ///< Current map size
  const MgdDiagSink* diag;              ///< Diagnostics
  pthread_mutex_t    write_lock;        ///< Serialises write txns
  void*              map_addr;          ///< LMDB's map, if found (release)
  size_t             map_len;           ///< Map size map_addr was found for
};

/// The last IRI interned at one quad position by the bulk path, with its id.
typedef struct {
  MgdBuf iri;   ///< Its bytes (empty: nothing remembered)
  MgdId  id;    ///< Its id
} TermMemo;

/// A queued bulk quad.
typedef struct {
  MgdId q[4]; ///< s p o g
} BulkQuad;

/// Most graphs hidden at once (stagings in progress plus replaced graphs
/// awaiting collection).
enum { MGD_HIDDEN_MAX = 64 };

struct MgdTxnImpl {
  MgdStore*   store;      ///< Owner
  MDB_txn*    txn;        ///< LMDB transaction
  bool        write;      ///< Write transaction
  MgdStatus   poisoned;   ///< First error, or success
  MgdHashMap  blanks;     ///< Blank label -> id (this unit of work)
  bool        blanks_spilled; ///< Older labels are in blank_labels
  MgdHashMap  cache;      ///< Encoded term -> id (writes: speeds interning)
  MgdHashMap  stat_delta; ///< kind+id -> signed delta (applied at commit)
  uint64_t    next_id;    ///< Next dictionary payload (write txns)
  uint64_t    next_blank; ///< Next blank payload (write txns)
  uint64_t    ids_loaded; ///< next_id at begin (to write back if changed)
  uint64_t    blank_loaded;
  BulkQuad*   bulk;       ///< Queued bulk quads
  size_t      n_bulk;     ///< Queued
  size_t      c_bulk;     ///< Allocated
  BulkQuad*   run;        ///< Second buffer of a run being written
  size_t      c_run;      ///< Allocated
  uint64_t    bulk_added; ///< Quads added by automatic flushes
  MgdBuf      scratch;    ///< Encoding buffer
  MgdId       rdf_type;   ///< Id of rdf:type, or 0 (class statistics)
  uint64_t*   pending;    ///< New (hash, id) pairs for term2id
  size_t      n_pending;  ///< Pairs queued
  size_t      c_pending;  ///< Pairs allocated
  TermMemo    memo[4];    ///< Last subject .. graph IRI of the bulk path
  BulkQuad*   rm;         ///< Queued removals (SPOG order)
  size_t      n_rm;       ///< Queued
  size_t      c_rm;       ///< Allocated
  MgdIter*    pool[N_INDEXES];   ///< Idle iterators with open cursors
  unsigned    n_pool[N_INDEXES]; ///< Iterators in each pool
  MgdId       hidden[MGD_HIDDEN_MAX]; ///< Graphs readers do not see (stage.c)
  uint64_t    hidden_owner[MGD_HIDDEN_MAX]; ///< Staging pid, 0: garbage
  unsigned    n_hidden;     ///< Entries in hidden
  bool        hidden_dirty; ///< hidden changed: write it back at commit
};

/// True if quads of graph `g` are hidden from readers: a staged graph not
/// yet published, or a replaced graph not yet collected (stage.c).
static inline bool
mgd_txn_hidden(const MgdTxn* const txn, const MgdId g)
{
  for (unsigned i = 0U; i < txn->n_hidden; ++i) {
    if (txn->hidden[i] == g) {
      return true;
    }
  }
  return false;
}

/// Apply queued bulk quads and removals of a write txn (reads see them).
MgdStatus
mgd_txn_sync(MgdTxn* txn);

/// Read the hidden-graph list from `meta` into `txn`.
MgdStatus
mgd_hidden_load(MgdTxn* txn);

/// Write the hidden-graph list back if it changed.
MgdStatus
mgd_hidden_save(MgdTxn* txn);

/// An index iterator over `pattern` that also sees hidden graphs (for the
/// store's own scans of staged and replaced graphs).
MgdStatus
mgd_index_match_all(MgdTxn* txn, const MgdIdQuad* pattern, MgdIter** iter);

/// Next quad of an iterator from mgd_index_match_all (MGD_FAILURE at end).
MgdStatus
mgd_index_next(MgdIter* iter, MgdIdQuad* quad);

/// Free such an iterator.
void
mgd_index_free(MgdIter* iter);

/// Write the term2id / id2term changes of a dictionary swap (dict.c):
/// afterwards `a` names the term `b` named and the other way round.
MgdStatus
mgd_dict_swap(MgdTxn* txn, MgdId a, MgdId b);

/// Make `id` name `term` instead of its old term (which is forgotten);
/// `term` must not be in the dictionary.
MgdStatus
mgd_dict_rename(MgdTxn* txn, MgdId id, const MgdTerm* term);

/// Map an LMDB return code to a status.
MgdStatus
mgd_store_status(int rc);

/// Poison `txn` with `st` (if an error) and return it.
MgdStatus
mgd_txn_fail(MgdTxn* txn, MgdStatus st);

/// Encode `term` for the dictionary into `out` (reset first).
MgdStatus
mgd_dict_encode(const MgdTerm* term, MgdBuf* out);

/// Decode an encoded term (borrowing `bytes`).
MgdStatus
mgd_dict_decode(const void* bytes, size_t n, MgdTerm* term);

/// Look up `term` (non-inline, non-blank) in the dictionary.
MgdStatus
mgd_dict_lookup(MgdTxn* txn, const MgdTerm* term, MgdId* id);

/// Rebuild term2id from id2term with this version's keys, in `txn` (the
/// upgrade of a format-2 store, whose keys hashed the whole term).
MgdStatus
mgd_dict_rekey(MgdStore* store, MDB_txn* txn);

/// Write queued term2id entries (sorted).
MgdStatus
mgd_dict_flush(MgdTxn* txn);

/// Term of a dictionary or blank id.
MgdStatus
mgd_dict_term(MgdTxn* txn, MgdId id, MgdArena* arena, MgdTerm* term);

/// Add a statistics delta.
MgdStatus
mgd_stats_bump(MgdTxn* txn, char kind, MgdId id, int64_t delta);

/// Apply statistics deltas of a quad being added (+1) or removed (-1).
MgdStatus
mgd_stats_quad(MgdTxn* txn, const MgdIdQuad* q, int64_t delta);

/// A statistic: the stored count plus this transaction's pending delta
/// ('n' id 0 counts all quads).
MgdStatus
mgd_stats_get(MgdTxn* txn, char kind, MgdId id, uint64_t* count);

/// Close the idle iterators' cursors (before the LMDB txn ends).
void
mgd_index_pool_clear(MgdTxn* txn);

/// End the blank-label scope: forget the labels (and empty the spilled
/// ones' table).
MgdStatus
mgd_blank_scope_end(MgdTxn* txn);

/// Write pending statistics deltas.
MgdStatus
mgd_stats_flush(MgdTxn* txn);

/// Store a u64 big-endian.
static inline void
mgd_be64_put(uint8_t* const out, const uint64_t v)
{
  for (unsigned i = 0U; i < 8U; ++i) {
    out[i] = (uint8_t)(v >> (56U - 8U * i));
  }
}

/// Load a u64 big-endian.
static inline uint64_t
mgd_be64_get(const uint8_t* const in)
{
  uint64_t v = 0U;
  for (unsigned i = 0U; i < 8U; ++i) {
    v = (v << 8U) | in[i];
  }
  return v;
}

/// Unmap the resident pages of the (read-only) environment map: pages read
/// back during a long write txn otherwise stay counted in the process's RSS.
void
mgd_store_release_map(MgdStore* store);

/// Source operations over a transaction (index.c).
extern const MgdSourceVt mgd_txn_source_vt;

#endif // MGD_STORE_STORE_IMPL_H
