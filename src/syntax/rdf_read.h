// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Reading RDF documents into an MgdSink: N-Triples, N-Quads, Turtle and
/// TriG with MUGDAT's own streaming reader (ttl_read.h), RDF/XML through
/// raptor2 (the only module that sees raptor2), JSON-LD through the JSON-LD
/// processor (jsonld_read.h).
///
/// Reading is push-style so that HTTP bodies and files stream through the
/// same code: make a reader, feed it bytes, finish it. Every term is checked
/// with mgd_term_check() before it reaches the sink (raptor2 itself accepts
/// invalid UTF-8, bad language tags and IRIs with spaces). Raptor2's network
/// and file access are switched off (no external DTDs or entities). RDF/XML
/// lines longer than `max_term_bytes` and elements nested deeper than
/// `max_nesting` are refused before raptor2 sees them (it takes minutes on
/// either); the own reader enforces the same limits as it parses.
///
/// Errors go to the diagnostic sink as `source:line:col: message` and the
/// first one is returned; the sink may already have received quads from
/// before the error, so callers that must not half-write wrap the read in a
/// transaction they abort.

#ifndef MGD_SYNTAX_RDF_READ_H
#define MGD_SYNTAX_RDF_READ_H

#include "base/diag.h"
#include "base/limits.h"
#include "rdf/sink.h"
#include "syntax/format.h"

#include <stddef.h>

/// Options for reading one document. Zero-initialise, then set fields.
typedef struct {
  MgdFormat          format;      ///< Syntax (required for byte input)
  const char*        base;        ///< Base IRI; NULL: derived from the path
  const char*        source_name; ///< Name used in diagnostics
  const MgdLimits*   limits;      ///< NULL: mgd_limits_default()
  const MgdDiagSink* diag;        ///< Where problems go; may be NULL
  const void*        jsonld;      ///< JSON-LD options (syntax/jsonld.h), or NULL
} MgdReadOptions;

typedef struct MgdRdfReaderImpl MgdRdfReader;

/// Start reading a document with `options` into `sink` (both borrowed for
/// the reader's life). Owned by caller, free with mgd_rdf_reader_free().
MgdStatus
mgd_rdf_reader_new(const MgdReadOptions* options, const MgdSink* sink,
                   MgdRdfReader** reader);

/// Feed the next `n` bytes of the document.
MgdStatus
mgd_rdf_reader_feed(MgdRdfReader* reader, const char* bytes, size_t n);

/// Signal the end of the document and flush.
MgdStatus
mgd_rdf_reader_finish(MgdRdfReader* reader);

/// Number of quads delivered so far.
size_t
mgd_rdf_reader_count(const MgdRdfReader* reader);

/// Free a reader (NULL is fine).
void
mgd_rdf_reader_free(MgdRdfReader* reader);

/// Read a whole file ("-" for standard input), gzip-compressed or plain.
/// The format defaults to the one named by the extension; the base IRI to
/// the file's `file://` URL. `*n_quads` (may be NULL) receives the count.
MgdStatus
mgd_rdf_read_path(const char* path, const MgdReadOptions* options,
                  const MgdSink* sink, size_t* n_quads);

/// Read a document held in memory.
MgdStatus
mgd_rdf_read_bytes(const char* bytes, size_t n, const MgdReadOptions* options,
                   const MgdSink* sink, size_t* n_quads);

/// Write the `file://` URL of `path` (made absolute) into `out`.
MgdStatus
mgd_path_to_file_url(const char* path, MgdBuf* out);

#endif // MGD_SYNTAX_RDF_READ_H
