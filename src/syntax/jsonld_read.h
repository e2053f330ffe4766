// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// JSON-LD → RDF entry point used by rdf_read.c (the JSON-LD processor
/// implements it in jsonld*.c). Reads a whole JSON-LD document held in
/// memory and emits its quads (JSON-LD 1.1 toRdf) to `sink`. `options`
/// carries the base IRI, diagnostics, limits and, in `options->jsonld`, the
/// JSON-LD API options. Reports problems to `options->diag` with the JSON-LD
/// error code and the JSON path, and returns MGD_BAD_SYNTAX (invalid JSON) or
/// MGD_BAD_DATA (JSON-LD error).

#ifndef MGD_SYNTAX_JSONLD_READ_H
#define MGD_SYNTAX_JSONLD_READ_H

#include "rdf/sink.h"
#include "syntax/rdf_read.h"

MgdStatus
mgd_jsonld_read(const char* bytes, size_t n, const MgdReadOptions* options,
                const MgdSink* sink);

#endif // MGD_SYNTAX_JSONLD_READ_H
