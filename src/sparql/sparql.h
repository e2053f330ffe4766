// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The SPARQL 1.1 query engine: parse a query once, run it many times
/// against any MgdSource (the store's read transaction, a memstore).
/// SPARQL 1.1 Update requests are parsed and run the same way (see the
/// Update section at the end), writing through an MgdSparqlUpdateTarget.
///
/// Lifecycle:
///   1. mgd_sparql_parse() turns query text into an MgdSparqlQuery (owned by
///      the caller, free with mgd_sparql_query_free()). Syntax errors go to
///      the diagnostic sink as `line:col: syntax error: expected ...` and
///      return MGD_BAD_SYNTAX. The prepared query does not refer to any
///      source and is never changed by a run: it may be run any number of
///      times, also from several threads at once.
///   2. One of mgd_sparql_select(), mgd_sparql_ask(), mgd_sparql_construct()
///      (CONSTRUCT and DESCRIBE) runs it with MgdSparqlExecOptions: the
///      source, an optional dataset, limits and a deadline.
///
/// Dataset: without FROM/FROM NAMED in the query and without an
/// MgdSparqlDataset in the options, the default graph is the union of all
/// graphs of the source (distinct triples) and GRAPH ranges over every named
/// graph. FROM / FROM NAMED in the query win over the options' dataset.
///
/// Streaming: rows reach the callback (or the sink) while the pattern is
/// still being evaluated, unless an operator needs all rows first (ORDER
/// BY, GROUP BY, a sub-SELECT); LIMIT and ASK stop the evaluation early.
/// Optimisation (join order from MgdSourceVt.estimate, filter push-down,
/// index nested-loop and hash joins) never changes the answer.
///
/// Ids: rows carry MgdId values of the source. Values computed by the query
/// (BIND, select expressions, VALUES constants the source lacks) carry
/// engine-local ids (tag MGD_TAG_LOCAL) that mean nothing outside the run;
/// use the materialised terms for those. Terms passed to callbacks are
/// borrowed for the call.
///
/// Errors while running: MGD_BAD_TIMEOUT when the deadline passes,
/// MGD_BAD_LIMIT when a row or memory limit is exceeded, MGD_BAD_UNSUPPORTED
/// for SERVICE (not enabled) without SILENT, MGD_BAD_ALLOC, or any error
/// status a callback or the source returned. Errors also go to the
/// diagnostic sink, when one is given.

#ifndef MGD_SPARQL_SPARQL_H
#define MGD_SPARQL_SPARQL_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/str.h"
#include "rdf/sink.h"
#include "rdf/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MgdSparqlQueryImpl MgdSparqlQuery;

/// The query form.
typedef enum {
  MGD_SPARQL_SELECT,
  MGD_SPARQL_CONSTRUCT,
  MGD_SPARQL_ASK,
  MGD_SPARQL_DESCRIBE,
} MgdSparqlForm;

/// Options for parsing. Zero-initialise, then set fields.
typedef struct {
  const char*        base;        ///< Base IRI for relative IRIs; may be NULL
  const char*        source_name; ///< Name used in diagnostics; may be NULL
  const MgdLimits*   limits;      ///< NULL: mgd_limits_default()
  const MgdDiagSink* diag;        ///< Where syntax errors go; may be NULL
  bool               no_optimise; ///< Tests: keep the plain translation
} MgdSparqlParseOptions;

/// Parse `text` (UTF-8) into a prepared query. On success `*query` is owned
/// by the caller (free with mgd_sparql_query_free()). Returns MGD_BAD_SYNTAX
/// (with a diagnostic carrying line and column), MGD_BAD_LIMIT if the text
/// is longer than limits->max_query_bytes or nests deeper than
/// limits->max_algebra_depth, or MGD_BAD_ALLOC.
MgdStatus
mgd_sparql_parse(MgdStr text, const MgdSparqlParseOptions* options,
                 MgdSparqlQuery** query);

/// Free a query (NULL is fine).
void
mgd_sparql_query_free(MgdSparqlQuery* query);

/// The form of `query`.
MgdSparqlForm
mgd_sparql_query_form(const MgdSparqlQuery* query);

/// Number of SELECT result columns (0 for other forms).
size_t
mgd_sparql_query_n_columns(const MgdSparqlQuery* query);

/// Name of result column `i` without '?' (borrowed from the query).
MgdStr
mgd_sparql_query_column(const MgdSparqlQuery* query, size_t i);

/// Number of FROM (`named` false) or FROM NAMED (`named` true) clauses.
size_t
mgd_sparql_query_n_from(const MgdSparqlQuery* query, bool named);

/// The IRI of FROM / FROM NAMED clause `i` (borrowed from the query).
MgdTerm
mgd_sparql_query_from(const MgdSparqlQuery* query, bool named, size_t i);

/// An explicit RDF dataset. A term of kind MGD_TERM_NONE in
/// `default_graphs` names the source's default graph (graph id
/// MGD_ID_DEFAULT_GRAPH). Graphs the source lacks are empty.
typedef struct {
  const MgdTerm* default_graphs;   ///< Merged into the default graph
  size_t         n_default_graphs; ///< Count (0: empty default graph)
  const MgdTerm* named_graphs;     ///< Graphs GRAPH may range over
  size_t         n_named_graphs;   ///< Count (0: no named graphs)
} MgdSparqlDataset;

/// Receives one solution of a SERVICE request: `vars[i]` is bound to
/// `terms[i]` (kind NONE: unbound). Borrowed for the call.
typedef MgdStatus (*MgdSparqlSolutionFunc)(void* ctx, const MgdStr* vars,
                                           const MgdTerm* terms, size_t n);

/// Runs a SERVICE request (SPARQL 1.1 Federated Query): send the SELECT
/// query `query` to `endpoint` and call `on_solution` for every solution.
/// Return an error status when the endpoint fails (SERVICE SILENT then
/// yields one empty solution). Problems go to `diag`, which is NULL for
/// SERVICE SILENT (its failures are not reported).
typedef MgdStatus (*MgdSparqlServiceFunc)(void* handle, MgdStr endpoint,
                                          MgdStr query,
                                          const MgdDiagSink* diag,
                                          MgdSparqlSolutionFunc on_solution,
                                          void* ctx);

/// How to run a query. Zero-initialise, then set `source` at least.
typedef struct {
  const MgdSource*        source;      ///< Data (required)
  const MgdSparqlDataset* dataset;     ///< NULL: FROM or the whole source
  const MgdLimits*        limits;      ///< NULL: mgd_limits_default()
  const MgdDiagSink*      diag;        ///< Run-time errors; may be NULL
  uint64_t                deadline_ms; ///< CLOCK_MONOTONIC ms; 0 = none
  /// Tests: evaluate bottom-up as the spec's algebra reads (no index
  /// nested-loop joins, no early filters, LIMIT hints or top-k), as an
  /// oracle for the optimised evaluation. Slow.
  bool naive;
  /// Tests: a triple pattern probed this many times with the same
  /// positions bound is read into a hash table for the rest of the run
  /// (0: the engine decides from the pattern's size).
  uint32_t hash_after;
  /// SERVICE: NULL refuses it with MGD_BAD_UNSUPPORTED ("SERVICE not
  /// enabled") unless SILENT. The engine sends `SELECT * WHERE { ... }`
  /// with the query's BASE and PREFIXes; SERVICE ?var is called once per
  /// binding of ?var from the patterns before it.
  MgdSparqlServiceFunc service;
  void*                service_handle; ///< Passed to service
  /// May be NULL. Polled while the query runs (every few thousand steps
  /// of work, about once a millisecond, also while no row is produced);
  /// returning true stops the run with MGD_BAD_TIMEOUT and a "query
  /// cancelled" diagnostic. For a server whose client went away.
  bool (*cancelled)(void* handle);
  void* cancel_handle; ///< Passed to cancelled
} MgdSparqlExecOptions;

/// Receives one SELECT solution: `ids` and `terms` hold one entry per
/// result column (see mgd_sparql_query_column()); an unbound column has id
/// MGD_ID_NONE and a term of kind MGD_TERM_NONE. Both arrays are borrowed
/// for the call. Return MGD_SUCCESS to continue, MGD_FAILURE to stop
/// quietly (the run then returns MGD_SUCCESS), or an error to abort.
typedef MgdStatus (*MgdSparqlRowFunc)(void* handle, const MgdId* ids,
                                      const MgdTerm* terms, size_t n);

/// Run a SELECT query, calling `on_row` once per solution in order.
/// MGD_BAD_ARG if the query is not a SELECT.
MgdStatus
mgd_sparql_select(const MgdSparqlQuery* query,
                  const MgdSparqlExecOptions* options,
                  MgdSparqlRowFunc on_row, void* handle);

/// Run an ASK query and set `*answer`. MGD_BAD_ARG if not an ASK.
MgdStatus
mgd_sparql_ask(const MgdSparqlQuery* query,
               const MgdSparqlExecOptions* options, bool* answer);

/// Run a CONSTRUCT or DESCRIBE query, sending each distinct triple of the
/// result graph (graph term NONE) to `sink` (on_end is called at the end).
/// Blank nodes of the template get fresh labels per solution. DESCRIBE
/// returns the triples whose subject is a described resource, plus those
/// of blank nodes reachable from them (a concise bounded description).
/// MGD_BAD_ARG for other forms.
MgdStatus
mgd_sparql_construct(const MgdSparqlQuery* query,
                     const MgdSparqlExecOptions* options,
                     const MgdSink* sink);

/// Describe how the query would run: its optimised algebra as an indented
/// tree, each BGP's patterns in the join order the evaluator picks (when
/// the BGP is evaluated with nothing bound from outside) with the source's
/// estimate of each pattern's matches. Appended to `out` as text; the
/// query is not run. The format is for people and may change.
MgdStatus
mgd_sparql_explain(const MgdSparqlQuery* query,
                   const MgdSparqlExecOptions* options, MgdBuf* out);

/// Set a cancel check for the runs this thread starts whose options leave
/// `cancelled` NULL, or clear it with NULL. For a server that hands a
/// request to layers that build the options themselves: it sets the check
/// (say, "has the client gone?") around the call. Thread-local.
void
mgd_sparql_thread_cancel(bool (*cancelled)(void* handle), void* handle);

// ------------------------------------------------------------------ Update

/// A parsed SPARQL 1.1 Update request (a sequence of operations).
typedef struct MgdSparqlUpdateImpl MgdSparqlUpdate;

/// Parse an update request. Like mgd_sparql_parse(): MGD_BAD_SYNTAX with a
/// `line:col: syntax error: ...` diagnostic, MGD_BAD_LIMIT, MGD_BAD_ALLOC.
/// Owned by the caller, free with mgd_sparql_update_free().
MgdStatus
mgd_sparql_update_parse(MgdStr text, const MgdSparqlParseOptions* options,
                        MgdSparqlUpdate** update);

/// Free an update (NULL is fine).
void
mgd_sparql_update_free(MgdSparqlUpdate* update);

/// Where an update writes. The source in the MgdSparqlExecOptions passed to
/// mgd_sparql_update_run() must see these changes at once (the db's write
/// source does; so does a memstore).
typedef struct {
  void* handle; ///< Passed to the callbacks
  /// Add a quad (graph kind NONE = the default graph). Terms are borrowed
  /// for the call. Blank node labels are fresh per operation and solution.
  MgdStatus (*add)(void* handle, const MgdQuad* quad);
  /// Remove a quad of source ids (g = MGD_ID_DEFAULT_GRAPH for the default
  /// graph); MGD_FAILURE if it was absent is fine.
  MgdStatus (*remove)(void* handle, const MgdIdQuad* quad);
  /// LOAD `iri` into `graph` (NULL: the default graph). Problems go to
  /// `diag`, which is NULL for LOAD SILENT. NULL: LOAD fails with
  /// MGD_BAD_UNSUPPORTED ("LOAD not enabled") unless SILENT.
  MgdStatus (*load)(void* handle, MgdStr iri, const MgdTerm* graph,
                    const MgdDiagSink* diag);
} MgdSparqlUpdateTarget;

/// Run the operations of `update` in order against `options->source`,
/// writing through `target`. The default graph of the Graph Store is the
/// source's default graph (MGD_ID_DEFAULT_GRAPH), not the union used by
/// queries; WHERE clauses see it (or WITH / USING graphs) and every named
/// graph. DELETE/INSERT ... WHERE evaluates its pattern first, then deletes,
/// then inserts (§3.1.3). CLEAR/DROP of an absent graph succeed (MUGDAT
/// keeps no empty graphs; CREATE is a no-op). Stops at the first failing
/// operation and returns its status; the caller aborts its transaction so
/// that a request applies whole or not at all. `options->dataset`, when
/// set, is the protocol's USING / USING NAMED (`using-graph-uri`,
/// `using-named-graph-uri`) for every DELETE/INSERT ... WHERE; an update
/// that also says USING, USING NAMED or WITH then fails with MGD_BAD_DATA
/// before anything runs (SPARQL 1.1 Protocol §2.2.3).
MgdStatus
mgd_sparql_update_run(const MgdSparqlUpdate* update,
                      const MgdSparqlExecOptions* options,
                      const MgdSparqlUpdateTarget* target);

/// Current CLOCK_MONOTONIC time in ms, for computing deadlines.
uint64_t
mgd_sparql_now_ms(void);

#endif // MGD_SPARQL_SPARQL_H
