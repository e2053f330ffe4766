// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Writing query answers and graphs for HTTP responses, a piece at a time
/// into a byte buffer, so server.c can stream them: SPARQL 1.1 Query
/// Results JSON, XML, CSV and TSV for SELECT/ASK; Turtle, N-Triples,
/// N-Quads and JSON-LD (expanded form) for graphs.
///
/// Each writer is a small state machine: begin, then rows or quads, then
/// end. Result sets go through syntax/results.h; Turtle, TriG, N-Triples
/// and N-Quads through the streaming RDF writers of syntax/rdf_write.h
/// (bounded memory; Turtle groups consecutive triples of one subject);
/// JSON-LD is written as an expanded-form array of one node object per
/// triple (valid JSON-LD that processors merge by @id).
/// Call mgd_emit_clear() when done, also after errors.

#ifndef MGD_HTTP_EMIT_H
#define MGD_HTTP_EMIT_H

#include "base/str.h"
#include "rdf/term.h"
#include "syntax/rdf_write.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  MGD_EMIT_JSON,     ///< application/sparql-results+json
  MGD_EMIT_XML,      ///< application/sparql-results+xml
  MGD_EMIT_CSV,      ///< text/csv
  MGD_EMIT_TSV,      ///< text/tab-separated-values
  MGD_EMIT_TURTLE,   ///< text/turtle
  MGD_EMIT_NTRIPLES, ///< application/n-triples
  MGD_EMIT_NQUADS,   ///< application/n-quads
  MGD_EMIT_JSONLD,   ///< application/ld+json
  MGD_EMIT_TRIG,     ///< application/trig
  MGD_EMIT_RDFXML,   ///< application/rdf+xml
} MgdEmitFormat;

/// The media types offered for results (`graph` false) or graphs, server
/// preference first, for mgd_conneg_choose(). Sets `*formats` to the
/// matching formats (same order); alias media types map to the same format.
size_t mgd_emit_offers(bool                  graph,
                       const char* const**   media_types,
                       const MgdEmitFormat** formats);

/// Find a format by a `format=` value: a short name (json, xml, csv, tsv,
/// ttl/turtle, nt, nq, jsonld) or a media type. False if none matches or it
/// does not suit `graph`.
bool mgd_emit_by_name(MgdStr name, bool graph, MgdEmitFormat* format);

/// The Content-Type to send for `format` (with charset where useful).
const char* mgd_emit_content_type(MgdEmitFormat format);

/// Writer state. Zero-initialise, then set `format` and, for SELECT,
/// `vars`/`n_vars` (borrowed until end).
typedef struct {
  MgdEmitFormat                format;  ///< Output syntax
  const MgdStr*                vars;    ///< SELECT variables
  size_t                       n_vars;  ///< Number of them
  size_t                       n_items; ///< Rows or triples written so far
  MgdRdfWriter*                writer;  ///< RDF writer (graph formats), owned
  struct MgdResultsWriterImpl* results; ///< Result writer, owned
  MgdBuf* out; ///< Where the writer's bytes go (current call)
} MgdEmitter;

/// Release what the emitter holds (NULL is fine).
void mgd_emit_clear(MgdEmitter* emitter);

/// Write the head of a SELECT result or graph document.
MgdStatus mgd_emit_begin(MgdEmitter* emitter, MgdBuf* out);

/// Write one row (`n_vars` terms; kind MGD_TERM_NONE is unbound).
MgdStatus mgd_emit_row(MgdEmitter* emitter, const MgdTerm* row, MgdBuf* out);

/// Write one triple or quad (graph formats only).
MgdStatus mgd_emit_quad(MgdEmitter* emitter, const MgdQuad* quad, MgdBuf* out);

/// Write the tail after begin and the items.
MgdStatus mgd_emit_end(MgdEmitter* emitter, MgdBuf* out);

/// Write a whole ASK result.
MgdStatus mgd_emit_boolean(MgdEmitter* emitter, bool value, MgdBuf* out);

#endif // MGD_HTTP_EMIT_H
