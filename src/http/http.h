// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The HTTP server behind `mugdat serve` (DESIGN.md §6): SPARQL 1.1
/// Protocol on /sparql, the Graph Store HTTP Protocol on /data, VoID,
/// health, Prometheus metrics and static files from www/.
///
/// Threads: one per open connection (up to 1024 connections), so a long
/// query never delays another connection's answer; at most `n_threads`
/// requests do work (evaluate, write, validate) at once, the others wait
/// for a slot until their time limit (then 503 with Retry-After). Health
/// and metrics need no slot.
///
/// Lifetime: mgd_server_new() starts listening and serving and returns;
/// mgd_server_free() stops accepting connections, waits (bounded) for the
/// requests in flight, then stops the threads. The backend and the
/// options' strings are borrowed for the server's life.

#ifndef MGD_HTTP_HTTP_H
#define MGD_HTTP_HTTP_H

#include "base/diag.h"
#include "base/status.h"
#include "http/backend.h"

#include <stddef.h>
#include <stdint.h>

typedef struct MgdServerImpl MgdServer;

/// Receives one access-log line (no trailing newline); borrowed for the call.
typedef void (*MgdHttpLogFunc)(void* handle, const char* line);

/// Server options. Zero-initialise, then set fields; zero means default.
typedef struct {
  const char*    bind;           ///< Address to listen on; NULL: 127.0.0.1
  uint16_t       port;           ///< TCP port; 0: pick a free one
  const char*    www_dir;        ///< Static files; NULL: no static files
  const char*    write_token;    ///< Bearer token for writes; NULL: read-only
  unsigned       n_threads;      ///< Requests worked on at once (query,
                                 ///< write, validation); 0: 8 x online
                                 ///< CPUs, at least 8
  uint64_t       timeout_ms;     ///< Per-request time limit; 0: 60000
  uint64_t       max_rows;       ///< Most result rows; 0: no limit
  size_t         max_body_bytes; ///< Largest buffered body; 0: default limit
  const char*    base_url;   ///< Public URL prefix for links; NULL: from Host
  MgdHttpLogFunc log;        ///< Access log sink; NULL: none
  void*          log_handle; ///< Passed to `log`
  MgdDiagSink    diag;       ///< Server-side problems (not client errors)
} MgdServerOptions;

/// Start a server. On success `*server` is owned by the caller (free with
/// mgd_server_free). MGD_BAD_ARG for a bad bind address or option,
/// MGD_BAD_IO if the port cannot be bound.
MgdStatus mgd_server_new(const MgdServerOptions* options,
                         const MgdHttpBackend*   backend,
                         MgdServer**             server);

/// The port the server listens on (useful after asking for port 0).
uint16_t mgd_server_port(const MgdServer* server);

/// Stop accepting, let requests in flight finish (up to the request time
/// limit), stop the threads and free the server. NULL is fine.
void mgd_server_free(MgdServer* server);

/// Milliseconds of a monotonic clock, for deadlines.
uint64_t mgd_http_now_ms(void);

#endif // MGD_HTTP_HTTP_H
