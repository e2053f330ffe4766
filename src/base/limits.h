// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Every limit MUGDAT enforces, with its reason and a hard ceiling.
///
/// Going over a limit is MGD_BAD_LIMIT (HTTP 413 or 400), never a crash. The
/// defaults suit one server on a 2-core, 24 GiB machine; operators change them
/// by options, but never above the ceilings.

#ifndef MGD_BASE_LIMITS_H
#define MGD_BASE_LIMITS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  /// Longest literal or IRI accepted by the loaders. Raptor2 takes minutes on
  /// a 50 MB literal; nothing in microscopy metadata needs more than this.
  size_t max_term_bytes;
  /// Deepest nesting of RDF/XML elements, Turtle collections/blank nodes and
  /// JSON structures. Bounds parser stacks.
  size_t max_nesting;
  /// Longest SPARQL query or update text.
  size_t max_query_bytes;
  /// Deepest SPARQL algebra expression tree (recursion in the evaluator).
  size_t max_algebra_depth;
  /// Most result rows returned by one query (0 = no limit).
  uint64_t max_result_rows;
  /// Memory one query may hold in intermediate results.
  size_t max_query_memory;
  /// Most nested JSON-LD context loads (detects recursion loops).
  size_t max_context_depth;
  /// Largest HTTP request body kept in memory (graph store bodies stream).
  size_t max_body_bytes;
  /// Query time limit in milliseconds (0 = none).
  uint64_t query_timeout_ms;
} MgdLimits;

/// Defaults.
#define MGD_LIMIT_TERM_BYTES     ((size_t)16 << 20)
#define MGD_LIMIT_NESTING        ((size_t)256)
#define MGD_LIMIT_QUERY_BYTES    ((size_t)1 << 20)
#define MGD_LIMIT_ALGEBRA_DEPTH  ((size_t)512)
#define MGD_LIMIT_RESULT_ROWS    ((uint64_t)0)
#define MGD_LIMIT_QUERY_MEMORY   ((size_t)2 << 30)
#define MGD_LIMIT_CONTEXT_DEPTH  ((size_t)32)
#define MGD_LIMIT_BODY_BYTES     ((size_t)64 << 20)
#define MGD_LIMIT_QUERY_TIMEOUT  ((uint64_t)60000)

/// Hard ceilings no option can exceed.
#define MGD_CEILING_TERM_BYTES    ((size_t)256 << 20)
#define MGD_CEILING_NESTING       ((size_t)4096)
#define MGD_CEILING_QUERY_BYTES   ((size_t)64 << 20)
#define MGD_CEILING_ALGEBRA_DEPTH ((size_t)4096)

/// The default limits.
MgdLimits
mgd_limits_default(void);

#endif // MGD_BASE_LIMITS_H
