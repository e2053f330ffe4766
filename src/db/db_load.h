// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Parallel reading of large N-Triples/N-Quads files for loads (used by
/// db.c): two parser threads, quads delivered to the sink in file order on
/// the calling thread.

#ifndef MGD_DB_DB_LOAD_H
#define MGD_DB_DB_LOAD_H

#include "rdf/sink.h"
#include "syntax/rdf_read.h"

#include <stdbool.h>
#include <stddef.h>

/// True if `path` is a plain (not gzip) regular N-Triples/N-Quads file big
/// enough to gain from parallel parsing.
bool
mgd_db_load_parallel_ok(const char* path, MgdFormat format);

/// Read `path` with two parser threads into `sink` (called on this thread
/// only, in file order). Same errors and diagnostics as mgd_rdf_read_path;
/// `options->source_name` must be set. `*n_quads` (may be NULL) gets the count.
MgdStatus
mgd_db_load_parallel(const char* path, const MgdReadOptions* options,
                     const MgdSink* sink, size_t* n_quads);

#endif // MGD_DB_DB_LOAD_H
