// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Streaming RDF writers: N-Triples, N-Quads, Turtle, TriG and RDF/XML as an
/// MgdSink that writes through a callback, with bounded memory (one output
/// buffer).
///
/// Turtle and TriG abbreviate IRIs with the prefixes given to on_prefix (or
/// mgd_rdf_writer_add_prefix) and group consecutive quads with the same
/// graph and subject; feed quads ordered by graph and subject (as a GSPO
/// scan gives them) for the most compact output. N-Triples drops graphs;
/// Turtle does too (use TriG or N-Quads to keep them).
///
/// RDF/XML (RDF 1.1 XML Syntax) also drops graphs and groups consecutive
/// quads with the same subject into one rdf:Description; each property
/// element declares its namespace. A predicate IRI that cannot be split into
/// namespace + XML local name (e.g. one ending in a digit-only segment after
/// '/') or a literal holding a control character XML 1.0 cannot carry
/// makes on_quad fail with MGD_BAD_DATA.

#ifndef MGD_SYNTAX_RDF_WRITE_H
#define MGD_SYNTAX_RDF_WRITE_H

#include "rdf/sink.h"
#include "syntax/format.h"

#include <stddef.h>

/// Receives output bytes.
typedef MgdStatus (*MgdWriteFunc)(void* handle, const char* bytes, size_t n);

typedef struct MgdRdfWriterImpl MgdRdfWriter;

/// A writer for `format` (nt, nq, ttl, trig, rdf) sending bytes to `write`.
/// MGD_BAD_UNSUPPORTED for other formats.
MgdStatus
mgd_rdf_writer_new(MgdFormat format, MgdWriteFunc write, void* handle,
                   MgdRdfWriter** writer);

/// Declare a prefix before the first quad.
MgdStatus
mgd_rdf_writer_add_prefix(MgdRdfWriter* writer, const char* name,
                          const char* iri);

/// The writer as a sink (valid while the writer lives). on_end flushes.
MgdSink
mgd_rdf_writer_sink(MgdRdfWriter* writer);

/// Free (NULL is fine). Does not flush.
void
mgd_rdf_writer_free(MgdRdfWriter* writer);

/// A write function for FILE* handles.
MgdStatus
mgd_write_file(void* handle, const char* bytes, size_t n);

#endif // MGD_SYNTAX_RDF_WRITE_H
