// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// MgdSink: how any producer (parser, ingester, CONSTRUCT, crosswalk) hands
/// quads to any consumer (the bulk loader, a writer, an in-memory store).
/// Parsers never see the store; the store never sees a parser.

#ifndef MGD_RDF_SINK_H
#define MGD_RDF_SINK_H

#include "rdf/term.h"

/// Receives quads. Any callback but on_quad may be NULL.
typedef struct {
  void* handle; ///< Passed to every callback
  /// Base IRI changed (informational, for writers).
  MgdStatus (*on_base)(void* handle, MgdStr iri);
  /// A prefix was declared (for writers that keep prefixes).
  MgdStatus (*on_prefix)(void* handle, MgdStr name, MgdStr iri);
  /// One quad, borrowed for the call. An error status stops the producer.
  MgdStatus (*on_quad)(void* handle, const MgdQuad* quad);
  /// Flush; no more quads follow.
  MgdStatus (*on_end)(void* handle);
} MgdSink;

/// Call sink->on_quad.
static inline MgdStatus
mgd_sink_quad(const MgdSink* const sink, const MgdQuad* const quad)
{
  return sink->on_quad(sink->handle, quad);
}

/// Call sink->on_prefix if set.
static inline MgdStatus
mgd_sink_prefix(const MgdSink* const sink, const MgdStr name, const MgdStr iri)
{
  return sink->on_prefix ? sink->on_prefix(sink->handle, name, iri)
                         : MGD_SUCCESS;
}

/// Call sink->on_end if set.
static inline MgdStatus
mgd_sink_end(const MgdSink* const sink)
{
  return sink->on_end ? sink->on_end(sink->handle) : MGD_SUCCESS;
}

#endif // MGD_RDF_SINK_H
