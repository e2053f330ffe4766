// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// RDF syntaxes MUGDAT reads and writes, with their names, file extensions
/// and media types (one table, format.c).

#ifndef MGD_SYNTAX_FORMAT_H
#define MGD_SYNTAX_FORMAT_H

#include <stdbool.h>

typedef enum {
  MGD_FORMAT_UNKNOWN = 0,
  MGD_FORMAT_NTRIPLES,
  MGD_FORMAT_NQUADS,
  MGD_FORMAT_TURTLE,
  MGD_FORMAT_TRIG,
  MGD_FORMAT_RDFXML,
  MGD_FORMAT_JSONLD,
} MgdFormat;

/// Format by short name ("nt", "nq", "ttl", "trig", "rdf", "jsonld") or by
/// media type; MGD_FORMAT_UNKNOWN if none matches.
MgdFormat
mgd_format_from_name(const char* name);

/// Format by file extension (a trailing ".gz" is ignored).
MgdFormat
mgd_format_from_path(const char* path);

/// The short name of `format` ("nt", ...).
const char*
mgd_format_name(MgdFormat format);

/// The media type of `format`.
const char*
mgd_format_media_type(MgdFormat format);

/// True if the syntax can name graphs (N-Quads, TriG, JSON-LD).
bool
mgd_format_has_graphs(MgdFormat format);

#endif // MGD_SYNTAX_FORMAT_H
