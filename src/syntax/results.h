// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// SPARQL 1.1 query result formats: streaming writers and whole-document
/// readers for JSON (W3C "SPARQL 1.1 Query Results JSON Format"), XML
/// ("SPARQL Query Results XML Format, 2nd ed."), CSV and TSV ("SPARQL 1.1
/// Query Results CSV and TSV Formats").
///
/// Writer protocol: mgd_results_writer_new(), then either _begin() once,
/// _row() per solution and _end(), or _boolean() once and _end() (an ASK
/// result). The writer buffers up to MGD_RESULTS_BUFFER_BYTES and hands full
/// buffers to the write callback, so the HTTP server can stream; _end()
/// flushes the rest. The first failing call poisons the writer: every later
/// call returns the same status. Terms passed in are borrowed for the call.
///
/// Readers parse a complete document into an MgdResults whose strings all
/// live in a caller's arena (valid until the arena is reset). CSV is lossy
/// (it keeps no term kinds): IRIs and literals come back as simple literals,
/// `_:x` as blank nodes, empty fields as unbound.

#ifndef MGD_SYNTAX_RESULTS_H
#define MGD_SYNTAX_RESULTS_H

#include "base/arena.h"
#include "base/diag.h"
#include "rdf/term.h"
#include "syntax/rdf_write.h"

#include <stdbool.h>
#include <stddef.h>

/// Bytes buffered by a writer before it calls the write callback.
#define MGD_RESULTS_BUFFER_BYTES ((size_t)64 << 10)

typedef enum {
  MGD_RESULTS_UNKNOWN = 0,
  MGD_RESULTS_JSON, ///< application/sparql-results+json
  MGD_RESULTS_XML,  ///< application/sparql-results+xml
  MGD_RESULTS_CSV,  ///< text/csv
  MGD_RESULTS_TSV,  ///< text/tab-separated-values
} MgdResultsFormat;

/// Format by short name ("json", "srj", "xml", "srx", "csv", "tsv") or media
/// type (parameters such as "; charset=utf-8" are ignored; also accepts
/// application/json, application/xml, text/xml), case-insensitive.
/// MGD_RESULTS_UNKNOWN if none matches or `name` is NULL.
MgdResultsFormat
mgd_results_format_from_name(const char* name);

/// The short name ("json", "xml", "csv", "tsv"), or NULL for UNKNOWN.
const char*
mgd_results_format_name(MgdResultsFormat format);

/// The media type to send in Content-Type (with "; charset=utf-8" for CSV
/// and TSV), or NULL for UNKNOWN.
const char*
mgd_results_format_media_type(MgdResultsFormat format);

typedef struct MgdResultsWriterImpl MgdResultsWriter;

/// Create a writer for `format` sending bytes to `write(handle, ...)`.
/// MGD_BAD_ARG for an unknown format or NULL callback, MGD_BAD_ALLOC.
/// Owned by caller, free with mgd_results_writer_free().
MgdStatus
mgd_results_writer_new(MgdResultsFormat format, MgdWriteFunc write,
                       void* handle, MgdResultsWriter** writer);

/// Start a SELECT result with `n_vars` variable names (without '?').
/// MGD_BAD_ARG if called twice or after _boolean().
MgdStatus
mgd_results_writer_begin(MgdResultsWriter* writer, const MgdStr* vars,
                         size_t n_vars);

/// Write one solution: `values[i]` binds vars[i]; MGD_TERM_NONE is unbound.
/// MGD_BAD_ARG before _begin(). Status of the write callback if it fails.
/// XML cannot carry most C0 control characters: they are written as U+FFFD.
MgdStatus
mgd_results_writer_row(MgdResultsWriter* writer, const MgdTerm* values);

/// Write an ASK result instead of _begin()/_row(). CSV and TSV have no
/// boolean form in the W3C spec; they get a one-column table `_askResult`
/// holding true or false (the convention of Apache Jena).
MgdStatus
mgd_results_writer_boolean(MgdResultsWriter* writer, bool value);

/// Close the document (a SELECT with no _begin() gets an empty head) and
/// flush. Later calls return MGD_BAD_ARG.
MgdStatus
mgd_results_writer_end(MgdResultsWriter* writer);

/// Hand buffered bytes to the callback now (e.g. between HTTP chunks).
MgdStatus
mgd_results_writer_flush(MgdResultsWriter* writer);

/// Free the writer (NULL is fine). Does not flush.
void
mgd_results_writer_free(MgdResultsWriter* writer);

/// A parsed result document. All pointers are into the arena given to
/// mgd_results_read().
typedef struct {
  bool     is_boolean; ///< An ASK result: `boolean` holds it, no vars/rows
  bool     boolean;    ///< The ASK answer
  MgdStr*  vars;       ///< Variable names without '?'
  size_t   n_vars;     ///< Number of variables
  MgdTerm* rows;       ///< n_rows * n_vars terms, row-major; NONE = unbound
  size_t   n_rows;     ///< Number of solutions
} MgdResults;

/// Parse a whole result document of `format` from `bytes[0..n)` into `out`,
/// allocating from `arena`. On bad input sends a diagnostic (with line and
/// column where known, or a JSON path) to `diag` (may be NULL), and returns
/// MGD_BAD_SYNTAX (not well-formed) or MGD_BAD_DATA (well-formed but not a
/// result document: missing head, binding of an undeclared variable, bad
/// term). MGD_BAD_ALLOC if the arena refuses.
MgdStatus
mgd_results_read(MgdResultsFormat format, const char* bytes, size_t n,
                 MgdArena* arena, const MgdDiagSink* diag, MgdResults* out);

#endif // MGD_SYNTAX_RESULTS_H
