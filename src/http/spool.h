// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// A spool for query answers: bytes are kept in memory up to a threshold,
/// then in an unlinked temporary file, optionally gzip-compressed on the
/// way in. The query engine pushes its results, so an answer is written
/// whole to the spool, the read transaction ends at once (STYLE.md §4: a
/// slow client must not pin an LMDB reader), errors found anywhere in the
/// run still get a proper status, and memory stays bounded whatever the
/// answer's size. The spool then becomes the response body (a buffer or the
/// file).

#ifndef MGD_HTTP_SPOOL_H
#define MGD_HTTP_SPOOL_H

#include "base/str.h"
#include "http/server_impl.h"

#include <zlib.h>

#include <stdbool.h>
#include <stdint.h>

/// Bytes kept in memory before the spool moves to a file.
#define MGD_SPOOL_MEMORY ((size_t)1 << 20)

/// Largest answer spooled (after compression): a runaway query must not
/// fill the temporary directory. Beyond it writes fail with MGD_BAD_LIMIT.
#define MGD_SPOOL_MAX_BYTES ((uint64_t)4 << 30)

typedef struct {
  MgdBuf   mem;     ///< In-memory part (until fd is open)
  MgdBuf   zbuf;    ///< Compressor output scratch
  int      fd;      ///< Temporary file, or -1
  uint64_t n_bytes; ///< Bytes stored (after compression)
  bool     gzip;    ///< Compress
  z_stream z;       ///< Deflater when gzip
  bool     z_init;  ///< z is initialised
} MgdSpool;

/// Start an empty spool. MGD_BAD_ALLOC if the compressor cannot start.
MgdStatus mgd_spool_init(MgdSpool* spool, bool gzip);

/// Append bytes. MGD_BAD_IO if the temporary file cannot be written,
/// MGD_BAD_LIMIT past MGD_SPOOL_MAX_BYTES.
MgdStatus mgd_spool_write(MgdSpool* spool, const char* bytes, size_t n);

/// Flush the compressor; no writes after this.
MgdStatus mgd_spool_finish(MgdSpool* spool);

/// Move the spooled bytes into `response` as its body (buffer or file),
/// with Content-Encoding when compressed. The spool is left empty.
void mgd_spool_to_response(MgdSpool* spool, MgdResponse* response);

/// Release the spool (also after mgd_spool_to_response; NULL is fine).
void mgd_spool_clear(MgdSpool* spool);

#endif // MGD_HTTP_SPOOL_H
