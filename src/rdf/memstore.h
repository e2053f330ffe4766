// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// An in-memory quad set with its own term dictionary: an MgdSink to fill it
/// and an MgdSource to query it. For tests, fuzzers, small scratch graphs
/// (SHACL shapes, CONSTRUCT results), reference evaluation and files
/// validated in memory (`mugdat validate FILE`).
///
/// Matching: each position (s, p, o, g) has an index from id to the chain
/// of slots holding that id, in insertion order. A pattern with any bound
/// position walks only the shortest chain among its bound positions; only
/// the all-wildcard pattern scans every slot. Results come in insertion
/// order either way. Memory: about 32 bytes per quad for the chains plus
/// one small record per distinct id and position. Removal leaves a hole
/// that stays in its chains (and is skipped); adding the quad again fills
/// it.
///
/// Terms are stored as given (blank node labels are not renamed). Quads are
/// a set: adding a quad twice keeps one.

#ifndef MGD_RDF_MEMSTORE_H
#define MGD_RDF_MEMSTORE_H

#include "rdf/sink.h"
#include "rdf/source.h"

#include <stddef.h>

typedef struct MgdMemStoreImpl MgdMemStore;

/// A new empty store, or NULL when out of memory. Free with mgd_memstore_free.
MgdMemStore*
mgd_memstore_new(void);

/// Free `store` (NULL is fine). Invalidates its sources and terms.
void
mgd_memstore_free(MgdMemStore* store);

/// Add a quad (terms are copied). Sets `*added` (may be NULL) to whether it
/// was new.
MgdStatus
mgd_memstore_add(MgdMemStore* store, const MgdQuad* quad, bool* added);

/// Intern a term, returning its id (inline literals get their inline id).
MgdStatus
mgd_memstore_intern(MgdMemStore* store, const MgdTerm* term, MgdId* id);

/// Remove a quad of ids if present (MGD_FAILURE if absent).
MgdStatus
mgd_memstore_remove(MgdMemStore* store, const MgdIdQuad* quad);

/// Number of quads.
size_t
mgd_memstore_size(const MgdMemStore* store);

/// A sink that adds quads to `store` (valid while `store` lives).
MgdSink
mgd_memstore_sink(MgdMemStore* store);

/// A source reading `store` (valid while `store` lives and is not changed
/// during an iteration).
MgdSource
mgd_memstore_source(MgdMemStore* store);

#endif // MGD_RDF_MEMSTORE_H
