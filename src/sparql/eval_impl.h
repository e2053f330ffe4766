// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals of the evaluator shared by eval.c (queries) and update.c
/// (SPARQL Update execution): the per-run state, tables of rows, and the
/// operations both need. Not part of the contract.
///
/// An Ex lives for one run (sp_ex_init .. sp_ex_clear). Its local term
/// table gives ids to computed terms; terms it returns are valid until the
/// scratch arena is reset (expression temporaries) or the run ends.

#ifndef MGD_SPARQL_EVAL_IMPL_H
#define MGD_SPARQL_EVAL_IMPL_H

#include "sparql/sparql_impl.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ExImpl Ex;
typedef struct TermSlotImpl TermSlot;
typedef struct HashPatImpl HashPat;

/// A table of rows, or (with `sink` set) a stream: rows pushed are handed
/// to sink and not kept; n still counts them.
typedef struct {
  MgdId* rows;                                       ///< n rows of width W
  size_t n;                                          ///< Rows pushed
  size_t cap;                                        ///< Rows allocated
  MgdStatus (*sink)(Ex* x, void* ctx, const MgdId* row); ///< Stream target
  void* ctx;                                         ///< Passed to sink
  bool  count_only;                                  ///< Rows only counted
} Tab;

struct ExImpl {
  const MgdSparqlQuery* q;         ///< Query
  const MgdSource*      src;       ///< Data
  uint32_t              W;         ///< Row width
  bool                  dflt_all;  ///< Default graph = union of all graphs
  bool                  dedup_all; ///< Union default graph needs dedup
  MgdId*                dflt;      ///< Explicit default graphs
  size_t                n_dflt;    ///< Count
  bool                  named_all; ///< Any graph of the source is named
  MgdId*                named;     ///< Explicit named graphs
  size_t                n_named;   ///< Count
  MgdArena              arena;     ///< Lives for the run
  MgdArena              scratch;   ///< Expression temporaries
  unsigned              nest;      ///< Active expression evaluations
  MgdTerm*              locals;    ///< Local terms, payload = index
  size_t                n_locals;  ///< Count
  size_t                c_locals;  ///< Capacity
  MgdHashMap            local_ids; ///< Encoded term → local id
  MgdHashMap            pos_ids;   ///< Constant term address → id
  MgdHashMap            bnode_map; ///< BNODE(str) per row
  MgdHashMap            plans;     ///< BGP join orders by seed signature
  MgdHashMap            hpats;     ///< Probed patterns → HashPat
  HashPat*              hpats_list; ///< All HashPats (to free them)
  uint32_t              hash_after; ///< Tests: hash after this many probes
  const SpNode*         semi_node; ///< BGP under SELECT DISTINCT, or NULL
  const uint8_t*        semi_live; ///< Variables its output reads
  size_t                want;      ///< Rows the next eval() needs at most
  bool                  naive;     ///< Plain bottom-up evaluation (tests)
  MgdSparqlServiceFunc  service;   ///< SERVICE requests, or NULL
  void*                 service_handle; ///< Passed to service
  uint64_t              n_service; ///< SERVICE calls (blank node scopes)
  uint64_t              row_serial; ///< Distinguishes rows for BNODE(str)
  MgdFuncCtx            fctx;      ///< Function library context
  uint64_t              deadline;  ///< Monotonic ms, 0 = none
  bool (*cancelled)(void* handle); ///< Polled now and then, or NULL
  void*                 cancel_handle; ///< Passed to it
  uint64_t              ticks;     ///< Work counter for deadline checks
  size_t                mem;       ///< Bytes in tables
  size_t                mem_limit; ///< Limit
  uint64_t              max_rows;  ///< Result row limit (0 = none)
  uint64_t              n_bnodes;  ///< Fresh blank node counter
  const MgdDiagSink*    diag;      ///< Run-time errors
  bool                  cache_terms; ///< Source terms stay put: cache them
  TermSlot*             tcache;    ///< Direct-mapped id → term cache
  unsigned              tcache_bits; ///< log2 of its slots
  uint64_t              tcache_miss; ///< Misses since it was sized
};

typedef struct {
  MgdId* v;   ///< Pairs (s, o) flattened
  size_t n;   ///< Pairs
  size_t cap; ///< Pairs allocated
} Pairs;

typedef MgdStatus (*ScanFn)(Ex* x, const MgdIdQuad* quad, void* ctx);

/// Row `i` of table `t`.
static inline MgdId*
tab_row(const Ex* const x, const Tab* const t, const size_t i)
{
  return t->rows + i * x->W;
}

/// Start a run of `q` with options `o` (dataset, limits, deadline).
MgdStatus
sp_ex_init(Ex* x, const MgdSparqlQuery* q, const MgdSparqlExecOptions* o);

/// End a run (frees everything the run allocated).
void
sp_ex_clear(Ex* x);

/// Evaluate `n` under `seed` (may be NULL) in `graph` (MGD_ID_NONE: the
/// dataset's default graph), appending rows to `out`.
MgdStatus
sp_eval(Ex* x, const SpNode* n, const MgdId* seed, MgdId graph, Tab* out);

/// The term of `id` (temporaries in `arena`).
MgdStatus
sp_ex_term(Ex* x, MgdId id, MgdArena* arena, MgdTerm* out);

/// The id of `term`: inline, the source's, or a local one.
MgdStatus
sp_ex_intern(Ex* x, const MgdTerm* term, MgdId* id);

/// Call `fn` for each distinct triple matching s/p/o in `graph`.
MgdStatus
sp_scan(Ex* x, MgdId s, MgdId p, MgdId o, MgdId graph, ScanFn fn, void* ctx);

/// A ScanFn that stops at the first quad, setting *(bool*)ctx.
MgdStatus
sp_stop_hit(Ex* x, const MgdIdQuad* q, void* ctx);

/// Append a row to a table (or hand it to the table's sink).
MgdStatus
sp_tab_push(Ex* x, Tab* t, const MgdId* row);

/// Free a table's rows.
void
sp_tab_free(Ex* x, Tab* t);

/// Append a pair to a list.
MgdStatus
sp_pairs_push(Ex* x, Pairs* p, MgdId s, MgdId o);

/// Free a pair list.
void
sp_pairs_free(Pairs* p);

/// The graph names GRAPH ?g ranges over, as (g, g) pairs.
MgdStatus
sp_named_graphs(Ex* x, Pairs* out);

/// MGD_BAD_LIMIT if `n_entries` of `entry_bytes` exceed the memory left.
MgdStatus
sp_check_size(Ex* x, size_t n_entries, size_t entry_bytes);

/// The join order the evaluator picks for BGP `n` when `bound` (W bytes)
/// marks the variables bound before it and `filters` run inside it; `order`
/// receives n->n_triples pattern indexes. `bound` is updated.
MgdStatus
sp_bgp_order(Ex* x, const SpNode* n, uint8_t* bound,
             const SpExpr* const* filters, uint32_t n_filters,
             uint32_t* order);

#endif // MGD_SPARQL_EVAL_IMPL_H
