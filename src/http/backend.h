// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// What the HTTP server needs from the data side, as one narrow table of
/// operations (MgdHttpBackend).
///
/// The server never includes the store, the db facade or the SPARQL engine;
/// `mugdat serve` fills this table from `src/db/db.h` and the engine
/// (backend_db.c), and tests fill it from an in-memory store
/// (backend_mem.c). Transactions follow the db facade: one unit of work
/// (a graph PUT, an update request) is one write transaction that commits
/// whole or aborts whole; readers never block.
///
/// Threads: the server calls these from its worker threads, several at
/// once. A transaction is used by the thread that began it only, and every
/// call for one request comes from the same worker thread.

#ifndef MGD_HTTP_BACKEND_H
#define MGD_HTTP_BACKEND_H

#include "base/diag.h"
#include "base/str.h"
#include "rdf/sink.h"
#include "rdf/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// A read or write transaction of the backend (opaque).
typedef struct MgdHttpTxnImpl MgdHttpTxn;

/// The form of a query answer.
typedef enum {
  MGD_ANSWER_BOOLEAN,  ///< ASK: `boolean` holds the result
  MGD_ANSWER_BINDINGS, ///< SELECT: rows of `n_vars` terms
  MGD_ANSWER_GRAPH,    ///< CONSTRUCT/DESCRIBE: quads (graph ignored)
} MgdAnswerKind;

/// Receives the results of a query run. Terms are borrowed for the call.
/// Returning an error status aborts the run, which then returns it.
typedef struct {
  void* handle; ///< Passed to the callbacks
  /// SELECT: one row of `n_vars` terms (kind MGD_TERM_NONE = unbound).
  MgdStatus (*on_row)(void* handle, const MgdTerm* row);
  /// CONSTRUCT/DESCRIBE: one triple (graph term ignored).
  MgdStatus (*on_quad)(void* handle, const MgdQuad* quad);
} MgdHttpAnswerSink;

/// A parsed query, filled by MgdHttpBackend.query, ready to run once. The
/// server picks the output format from `kind` before it calls `run`, then
/// calls `free` exactly once (also when it never ran it).
typedef struct {
  MgdAnswerKind kind;   ///< Which results `run` delivers
  size_t        n_vars; ///< SELECT: number of variables
  const MgdStr* vars;   ///< SELECT: names without `?`, valid until free
  void*         handle; ///< Passed to the functions below
  /// Evaluate in one read transaction (begun and ended inside), sending
  /// rows or triples to `sink`; for ASK set `*boolean`. Run-time errors:
  /// MGD_BAD_TIMEOUT, MGD_BAD_LIMIT, ... with a diagnostic to q->diag.
  MgdStatus (*run)(void* handle, const MgdHttpAnswerSink* sink, bool* boolean);
  /// Release everything (NULL handle is fine).
  void (*free)(void* handle);
} MgdHttpAnswer;

/// A query or update request with its SPARQL 1.1 Protocol dataset.
typedef struct {
  MgdStr             text;             ///< Query or update text
  const MgdStr*      default_graphs;   ///< default-graph-uri / using-graph-uri
  size_t             n_default_graphs; ///< Number of them (0: none given)
  const MgdStr*      named_graphs; ///< named-graph-uri / using-named-graph-uri
  size_t             n_named_graphs; ///< Number of them
  const char*        base;           ///< Base IRI for the text, or NULL
  uint64_t           deadline_ms;    ///< mgd_http_now_ms() deadline, 0: none
  uint64_t           max_rows;       ///< Row limit, 0: none
  const MgdDiagSink* diag;           ///< Receives syntax/evaluation errors
} MgdHttpQuery;

/// A search-page request (/api/search or /api/suggest), parameters checked
/// for form by the endpoint.
typedef struct {
  bool               suggest;       ///< /api/suggest instead of /api/search
  MgdStr             text;          ///< q: words typed (may be empty)
  const MgdStr*      filter_names;  ///< Facet names (f.NAME; type -> "type")
  const MgdStr*      filter_values; ///< Selected values, same order
  size_t             n_filters;     ///< Number of filters
  uint64_t           offset;        ///< First hit
  uint64_t           limit;         ///< Hits or suggestions wanted
  uint64_t           start_ms;      ///< mgd_http_now_ms() at arrival (took_ms)
  uint64_t           deadline_ms;   ///< mgd_http_now_ms() deadline, 0: none
  const MgdDiagSink* diag;          ///< Bad parameters (naming them)
} MgdHttpSearch;

/// The operations. All must be set unless their comment says "May be NULL".
typedef struct {
  /// Parse a query; on success fill `answer`, whose `free` the caller must
  /// call. `q` and its strings stay valid until then. Syntax errors:
  /// MGD_BAD_SYNTAX with a diagnostic (`line:col: syntax error: ...`) sent
  /// to q->diag.
  MgdStatus (*query)(void*               handle,
                     const MgdHttpQuery* q,
                     MgdHttpAnswer*      answer);
  /// Parse and run an update in one write transaction. May be NULL (then
  /// updates get 501).
  MgdStatus (*update)(void* handle, const MgdHttpQuery* q);
  /// Begin a read transaction (snapshot).
  MgdStatus (*read_begin)(void* handle, MgdHttpTxn** txn);
  /// Begin the write transaction (waits for other writers).
  MgdStatus (*write_begin)(void* handle, MgdHttpTxn** txn);
  /// The source of a read or write txn (a write txn sees its own changes).
  MgdSource (*source)(MgdHttpTxn* txn);
  /// A sink adding quads in a write txn; `graph` NULL keeps each quad's
  /// graph, a term of kind MGD_TERM_NONE forces the default graph, an IRI
  /// forces that graph (the term is copied). The sink is owned by the txn
  /// and valid until it ends; its on_end flushes.
  MgdStatus (*sink)(MgdHttpTxn* txn, const MgdTerm* graph, MgdSink* sink);
  /// Remove every quad of graph `g` (MGD_ID_DEFAULT_GRAPH: default graph).
  MgdStatus (*clear_graph)(MgdHttpTxn* txn, MgdId g);
  /// Commit a write txn or end a read txn; the txn is gone either way.
  MgdStatus (*commit)(MgdHttpTxn* txn);
  /// Abort a write txn or end a read txn (NULL is fine).
  void (*abort)(MgdHttpTxn* txn);
  /// Bytes the store occupies on disk (for /metrics). May be NULL.
  MgdStatus (*store_bytes)(void* handle, uint64_t* n_bytes);
  /// Quads in a read txn, from maintained statistics. May be NULL (the
  /// server then asks the source's estimate for the all-wildcard pattern).
  MgdStatus (*count_quads)(MgdHttpTxn* txn, uint64_t* n_quads);
  /// Call `fn` with each graph (MGD_ID_DEFAULT_GRAPH included) and its quad
  /// count, from maintained statistics; stops at the first error. May be
  /// NULL (the server then uses the source's graphs() and estimate()).
  MgdStatus (*each_graph)(MgdHttpTxn* txn,
                          MgdStatus (*fn)(void* h, MgdId g, uint64_t n),
                          void* h);
  /// Answer a search-page request: append its JSON body (the /api/search
  /// or /api/suggest contract in README.md) to `json`. Bad parameters
  /// (unknown facet, too many words): MGD_BAD_ARG or MGD_BAD_LIMIT with a
  /// diagnostic naming the parameter; time limit: MGD_BAD_TIMEOUT. Runs in
  /// its own read transaction. May be NULL (then the endpoints answer 501).
  MgdStatus (*search)(void* handle, const MgdHttpSearch* q, MgdBuf* json);
  /// A sink that replaces named graph `graph` (an IRI) whole with the quads
  /// it receives, in a write txn, holding bounded memory however large the
  /// body (the db backend stages the graph and publishes it at on_end or
  /// commit; readers see the old graph until the commit). Owned like
  /// `sink`'s. May be NULL (then PUT clears the graph and uses `sink`).
  MgdStatus (*replace_sink)(MgdHttpTxn* txn, const MgdTerm* graph,
                            MgdSink* sink);
} MgdHttpBackendVt;

/// A backend: operations and their handle (borrowed by the server).
typedef struct {
  const MgdHttpBackendVt* vt;     ///< Operations
  void*                   handle; ///< Passed to them
} MgdHttpBackend;

#endif // MGD_HTTP_BACKEND_H
