// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// MgdSource: the only way query engines (SPARQL, SHACL) read data.
///
/// A source matches quad patterns of term ids, estimates counts, and maps
/// between terms and ids. The store implements it over one LMDB read
/// transaction; mgd_memstore implements it in memory for tests and fuzzers.
///
/// Pattern positions hold MGD_ID_NONE for "any". In the graph position,
/// MGD_ID_NONE matches every graph including the default graph, and
/// MGD_ID_DEFAULT_GRAPH matches only the default graph. Results carry the
/// graph id (MGD_ID_DEFAULT_GRAPH for the default graph).
///
/// Lifetimes: terms returned by `term` are borrowed until the source is
/// closed (for the store: the end of its read transaction). Iterators must
/// be freed before the source is closed.

#ifndef MGD_RDF_SOURCE_H
#define MGD_RDF_SOURCE_H

#include "base/arena.h"
#include "rdf/termid.h"

#include <stdint.h>

/// A quad of ids.
typedef struct {
  MgdId s; ///< Subject
  MgdId p; ///< Predicate
  MgdId o; ///< Object
  MgdId g; ///< Graph (MGD_ID_DEFAULT_GRAPH for the default graph)
} MgdIdQuad;

typedef struct MgdIterImpl MgdIter;

/// The operations of a source.
typedef struct {
  /// Start matching `pattern`; the iterator is owned by the caller and freed
  /// with iter_free.
  MgdStatus (*match)(void* handle, const MgdIdQuad* pattern, MgdIter** iter);
  /// Next matching quad: MGD_SUCCESS, or MGD_FAILURE at the end.
  MgdStatus (*next)(MgdIter* iter, MgdIdQuad* quad);
  /// Free an iterator (NULL is fine).
  void (*iter_free)(MgdIter* iter);
  /// Estimate the number of quads matching `pattern` (exact when cheap).
  MgdStatus (*estimate)(void* handle, const MgdIdQuad* pattern,
                        uint64_t* count);
  /// Find the id of `term`: MGD_FAILURE if the source does not hold it.
  /// Inline-able literals always succeed.
  MgdStatus (*lookup)(void* handle, const MgdTerm* term, MgdId* id);
  /// The term of `id`. Dictionary terms are borrowed (see lifetimes); inline
  /// terms are decoded into memory taken from `arena`.
  MgdStatus (*term)(void* handle, MgdId id, MgdArena* arena, MgdTerm* term);
  /// Iterate the graph names in use (one quad per graph, only `g` set),
  /// excluding the default graph.
  MgdStatus (*graphs)(void* handle, MgdIter** iter);
  /// Optional (NULL if the source lacks it): like `match`, but also keep
  /// only quads whose position `pos` (0 s, 1 p, 2 o, 3 g; unbound in
  /// `pattern`) holds an id in [lo, hi]. Inline numbers and times have
  /// value-ordered ids within their tag (termid.h), so a range FILTER on
  /// them becomes one seek and a short scan where an index puts `pos` right
  /// after the bound positions.
  MgdStatus (*match_range)(void* handle, const MgdIdQuad* pattern,
                           unsigned pos, MgdId lo, MgdId hi, MgdIter** iter);
} MgdSourceVt;

/// A source: operations and their handle.
typedef struct {
  const MgdSourceVt* vt;     ///< Operations
  void*              handle; ///< Passed to them
} MgdSource;

/// Decode `id` to a term using `source` (inline ids need no source access).
MgdStatus
mgd_source_term(const MgdSource* source, MgdId id, MgdArena* arena,
                MgdTerm* term);

/// Decodes quads of ids one after the other, keeping each position's term
/// while its id repeats (a scan in index order repeats the graph, subject
/// and predicate): one dictionary read per change instead of four per quad.
typedef struct {
  MgdId    last[4];   ///< Id decoded at each position (s, p, o, g)
  MgdTerm  term[4];   ///< Its term, in arena[i]
  MgdArena arena[4];  ///< One arena per position
} MgdQuadDecoder;

/// Start a decoder (no allocation).
void
mgd_quad_decoder_init(MgdQuadDecoder* dec);

/// Free a decoder's memory.
void
mgd_quad_decoder_clear(MgdQuadDecoder* dec);

/// Decode `ids` into `out`, whose terms stay valid until the next call.
/// With `with_graph` false, out->g is the default graph (kind NONE).
MgdStatus
mgd_quad_decode(MgdQuadDecoder* dec, const MgdSource* source,
                const MgdIdQuad* ids, bool with_graph, MgdQuad* out);

/// Look up `term`: inline ids directly, others through the source.
MgdStatus
mgd_source_lookup(const MgdSource* source, const MgdTerm* term, MgdId* id);

#endif // MGD_RDF_SOURCE_H
