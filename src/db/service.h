// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Federation and remote LOAD: the one place where MUGDAT talks to other
/// servers (libcurl) or reads files named by a request. DESIGN.md §9.
///
/// Policy, which the operator sets and a request cannot widen:
/// - Network: only IRIs that start with one of the allow-listed prefixes
///   (`--service-allow PREFIX`) are fetched; anything else fails with
///   MGD_BAD_ACCESS before any connection is made. A prefix that ends at
///   the authority (`http://host:port`) matches only that authority.
///   Redirects are followed (at most 4) only to allow-listed IRIs. Only
///   http and https are spoken. Every request has a connect and a total
///   time limit (MGD_BAD_IO: a slow remote end is a remote failure, which
///   SERVICE SILENT may skip) and a response size limit (MGD_BAD_LIMIT).
/// - Files (LOAD <file:...>): only regular files whose real path lies
///   inside one of the `--load-dir` directories (real paths too, so
///   symlinks and `..` cannot escape); anything else is MGD_BAD_ACCESS.
///
/// An MgdService is immutable after mgd_service_new() and may be used by
/// several threads at once (each request uses its own curl handle).
/// Problems go to the diagnostic sink given per call (NULL: silent).

#ifndef MGD_DB_SERVICE_H
#define MGD_DB_SERVICE_H

#include "base/diag.h"
#include "base/str.h"
#include "db/db.h"
#include "rdf/term.h"
#include "sparql/sparql.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Default connect time limit of one request.
#define MGD_SERVICE_CONNECT_TIMEOUT_MS 5000U
/// Default total time limit of one request.
#define MGD_SERVICE_TIMEOUT_MS 30000U
/// Default largest response body accepted (64 MiB).
#define MGD_SERVICE_MAX_BYTES ((size_t)64 << 20)

/// What a service may do. Zero-initialise, then set fields; all strings
/// are copied by mgd_service_new().
typedef struct {
  const char* const* allow;   ///< IRI prefixes that may be contacted
  size_t             n_allow; ///< Count
  const char* const* load_dirs;   ///< Directories LOAD <file:> may read
  size_t             n_load_dirs; ///< Count
  uint32_t connect_timeout_ms; ///< 0: MGD_SERVICE_CONNECT_TIMEOUT_MS
  uint32_t timeout_ms;         ///< 0: MGD_SERVICE_TIMEOUT_MS
  size_t   max_bytes;          ///< 0: MGD_SERVICE_MAX_BYTES
} MgdServiceOptions;

typedef struct MgdServiceImpl MgdService;

/// Create a service with `options` (NULL: allow nothing). Load directories
/// are resolved to real paths now: MGD_BAD_IO (with a diagnostic) if one
/// does not exist. Owned by caller, free with mgd_service_free().
MgdStatus
mgd_service_new(const MgdServiceOptions* options, const MgdDiagSink* diag,
                MgdService** service);

/// Free a service (NULL is fine).
void
mgd_service_free(MgdService* service);

/// True if `iri` may be fetched (an allow-listed http(s) prefix).
bool
mgd_service_allows(const MgdService* service, MgdStr iri);

/// An MgdSparqlServiceFunc: `handle` is a `const MgdService*` (NULL refuses
/// every endpoint). POSTs `query` to `endpoint` as an
/// application/x-www-form-urlencoded `query=` form, accepting SPARQL JSON
/// then XML results, and calls `on_solution` per result row. MGD_BAD_ACCESS
/// for a refused endpoint, MGD_BAD_IO for a network or HTTP error or a
/// request over its time limit, MGD_BAD_LIMIT (body too large),
/// MGD_BAD_SYNTAX or MGD_BAD_DATA for an unreadable answer, or the status
/// of `on_solution`.
MgdStatus
mgd_service_select(void* handle, MgdStr endpoint, MgdStr query,
                   const MgdDiagSink* diag, MgdSparqlSolutionFunc on_solution,
                   void* ctx);

/// Fetch `iri` with GET (or POST `form`, if not NULL, as a form body),
/// sending `accept`, into `body`; `content_type` (may be NULL) receives the
/// response's media type without parameters. Statuses as for
/// mgd_service_select().
MgdStatus
mgd_service_fetch(const MgdService* service, MgdStr iri, const char* accept,
                  const char* form, const MgdDiagSink* diag, MgdBuf* body,
                  MgdBuf* content_type);

/// SPARQL Update LOAD `iri` into `graph` (NULL or kind NONE: as in the
/// data) through the open write `write`: a file: IRI under a load
/// directory, read by extension, or an allow-listed http(s) IRI, parsed by
/// its Content-Type (by extension if that names no RDF syntax).
/// MGD_BAD_ACCESS for anything the policy refuses (nothing is read then),
/// otherwise the statuses of mgd_service_fetch() or the parser.
MgdStatus
mgd_service_load(const MgdService* service, MgdDbWrite* write, MgdStr iri,
                 const MgdTerm* graph, const MgdDiagSink* diag);

#endif // MGD_DB_SERVICE_H
