// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// A streaming multipart/form-data reader (RFC 7578 over RFC 2046 §5.1),
/// for Graph Store POST bodies that carry several RDF documents (SPARQL 1.1
/// Graph Store Protocol §5.5).
///
/// Feed the body in chunks of any size; the reader calls the sink when a
/// part starts (with its Content-Type and file name), for each run of part
/// bytes, and when the part ends. Memory is bounded: besides part headers
/// (at most MGD_MULTIPART_MAX_HEADER bytes) it holds less than one delimiter
/// between calls. The preamble and epilogue are ignored.

#ifndef MGD_HTTP_MULTIPART_H
#define MGD_HTTP_MULTIPART_H

#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>

/// Longest header block of one part.
#define MGD_MULTIPART_MAX_HEADER ((size_t)16384)
/// Longest boundary (RFC 2046 §5.1.1 allows 70 characters).
#define MGD_MULTIPART_MAX_BOUNDARY 70U

/// Receives parts. Views are borrowed for the call; an error status stops
/// the reader and is returned by the feed or finish call.
typedef struct {
  void* handle; ///< Passed to the callbacks
  /// A part begins. `content_type` is its media type (lower case, without
  /// parameters, empty if none); `filename` its Content-Disposition file
  /// name (empty if none).
  MgdStatus (*on_part)(void* handle, MgdStr content_type, MgdStr filename);
  /// The next bytes of the current part.
  MgdStatus (*on_data)(void* handle, const char* bytes, size_t n);
  /// The current part is complete.
  MgdStatus (*on_part_end)(void* handle);
} MgdMultipartSink;

typedef enum {
  MGD_MULTIPART_PREAMBLE, ///< Before the first delimiter
  MGD_MULTIPART_AFTER,    ///< Just after a delimiter
  MGD_MULTIPART_HEADERS,  ///< In a part's header block
  MGD_MULTIPART_BODY,     ///< In a part's content
  MGD_MULTIPART_DONE,     ///< After the close delimiter
} MgdMultipartState;

/// Reader state. Initialise with mgd_multipart_init(); release with
/// mgd_multipart_clear().
typedef struct {
  MgdMultipartSink  sink;                                   ///< Where parts go
  char              delim[MGD_MULTIPART_MAX_BOUNDARY + 5U]; ///< CRLF--boundary
  size_t            n_delim;                                ///< Its length
  MgdBuf            work;    ///< Bytes not yet consumed
  MgdMultipartState state;   ///< Where in the body
  MgdStatus         status;  ///< First error
  size_t            n_parts; ///< Parts seen
} MgdMultipart;

/// Start reading a body with `boundary` (from the Content-Type). The body
/// is read as if preceded by CRLF, so the first delimiter needs none.
/// MGD_BAD_ARG for an empty or over-long boundary.
MgdStatus mgd_multipart_init(MgdMultipart*           mp,
                             MgdStr                  boundary,
                             const MgdMultipartSink* sink);

/// Feed the next `n` bytes. MGD_BAD_SYNTAX for malformed structure,
/// MGD_BAD_LIMIT for an over-long header block, or a sink's error.
MgdStatus mgd_multipart_feed(MgdMultipart* mp, const char* bytes, size_t n);

/// The body ended: MGD_BAD_SYNTAX unless the close delimiter was seen.
MgdStatus mgd_multipart_finish(MgdMultipart* mp);

/// Release the reader's memory (NULL is fine).
void mgd_multipart_clear(MgdMultipart* mp);

#endif // MGD_HTTP_MULTIPART_H
