// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Inside the HTTP layer: the request and response records that endpoints
/// see, the route table's row type and the helpers endpoints share.
/// Included only by src/http/*.c.
///
/// An endpoint never sees libmicrohttpd. server.c runs the MHD call
/// protocol, collects the body (or, for routes with `body_begin`, streams it
/// to the endpoint chunk by chunk), then calls the route's handler with an
/// MgdRequest and an MgdResponse to fill. Everything an endpoint allocates
/// for a request comes from `request->arena` or is owned by `request->state`
/// (released by `state_free`) or by the response stream (released by its
/// `free`); server.c releases all of it in MHD's completion callback.

#ifndef MGD_HTTP_SERVER_IMPL_H
#define MGD_HTTP_SERVER_IMPL_H

#include "base/arena.h"
#include "base/str.h"
#include "http/backend.h"
#include "http/conneg.h"
#include "http/http.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// HTTP methods as bits, so a route lists the ones it allows.
typedef enum {
  MGD_HTTP_GET     = 1U << 0,
  MGD_HTTP_HEAD    = 1U << 1,
  MGD_HTTP_POST    = 1U << 2,
  MGD_HTTP_PUT     = 1U << 3,
  MGD_HTTP_DELETE  = 1U << 4,
  MGD_HTTP_OPTIONS = 1U << 5,
  MGD_HTTP_OTHER   = 1U << 6,
} MgdHttpMethod;

/// One request as endpoints see it. Strings live in `arena` or in MHD's
/// connection, valid until the completion callback.
typedef struct {
  MgdHttpMethod method;       ///< Method bit
  const char*   method_name;  ///< Method as sent
  MgdStr        path;         ///< Percent-decoded path (no query)
  MgdStr        raw_path;     ///< Path as sent
  const char*   raw_uri;      ///< Path and query as sent
  MgdForm       query;        ///< Decoded query-string fields
  bool          query_bad;    ///< The query string had a bad escape
  MgdStr        body;         ///< Buffered body (routes without body_begin)
  MgdStr        content_type; ///< Media type, lower case, no parameters
  const char*   content_type_header; ///< Content-Type as sent, or NULL
  const char*   accept;              ///< Accept header or NULL
  const char*   accept_encoding;     ///< Accept-Encoding header or NULL
  const char*   authorization;       ///< Authorization header or NULL
  const char*   host;                ///< Host header or NULL
  MgdArena*     arena;               ///< Per-request memory
  uint64_t      start_ms;            ///< mgd_http_now_ms() at arrival
  uint64_t      deadline_ms;         ///< Time limit (0: none)
  int           client_fd;           ///< Client socket (-1: unknown)
  void*         state;               ///< Endpoint state for streamed bodies
  void (*state_free)(void* state);   ///< Releases `state` (completion callback)
} MgdRequest;

/// A response body produced piece by piece, for answers that do not fit in
/// memory. `produce` appends at least one byte to `out` and returns
/// MGD_SUCCESS, or returns MGD_FAILURE at the end, or an error (the
/// connection is then cut, since the status line has gone out). `free`
/// releases the handle (and any read txn it holds); it runs exactly once.
typedef struct {
  void* handle;                                    ///< Producer state
  MgdStatus (*produce)(void* handle, MgdBuf* out); ///< Next bytes
  void (*free)(void* handle);                      ///< Release
} MgdHttpStream;

/// Most extra headers on one response.
#define MGD_HTTP_MAX_HEADERS 8U

/// A response as endpoints fill it. Header strings and `content_type` must
/// be static or in the request arena.
typedef struct {
  unsigned      status;       ///< HTTP status, 0 until set
  const char*   content_type; ///< Content-Type or NULL
  MgdBuf        body;         ///< Body bytes (owned)
  MgdHttpStream stream;       ///< Streamed body instead (produce != NULL)
  int           fd;           ///< Or a file to send whole (-1: none)
  uint64_t      fd_size;      ///< Size of that file
  bool          is_encoded;   ///< Body already has a Content-Encoding
  const char*   names[MGD_HTTP_MAX_HEADERS];  ///< Extra header names
  const char*   values[MGD_HTTP_MAX_HEADERS]; ///< Extra header values
  size_t        n_headers;                    ///< Number of extra headers
} MgdResponse;

/// Final handler: fill `response`.
typedef void (*MgdHttpHandler)(MgdServer*   server,
                               MgdRequest*  request,
                               MgdResponse* response);
/// Start of a streamed body (first chunk or end of an empty body). Return
/// false after filling `response` with an error to refuse the body, whose
/// remaining bytes are then discarded unread by the endpoint.
typedef bool (*MgdHttpBodyBegin)(MgdServer*   server,
                                 MgdRequest*  request,
                                 MgdResponse* response);
/// The next chunk of a streamed body.
typedef void (*MgdHttpBodyFeed)(MgdServer*  server,
                                MgdRequest* request,
                                const char* bytes,
                                size_t      n);

/// A row of the route table.
typedef struct {
  const char*      path;       ///< Exact path, or a prefix ending in '/'
  const char*      name;       ///< Label for metrics
  unsigned         methods;    ///< MgdHttpMethod bits allowed
  const char*      allow;      ///< The Allow header for 405/OPTIONS
  MgdHttpHandler   handler;    ///< Final handler
  MgdHttpBodyBegin body_begin; ///< Non-NULL: the body is streamed to it
  MgdHttpBodyFeed  body_feed;  ///< Receives the streamed chunks
} MgdRoute;

/// Most routes (metrics arrays are sized by it).
#define MGD_HTTP_MAX_ROUTES 16U
/// Status codes counted separately in metrics (others count as "other").
#define MGD_HTTP_N_STATUS 20U
/// Latency histogram buckets (upper bounds in ms), plus +Inf.
#define MGD_HTTP_N_BUCKETS 12U

/// Request counters; all atomics, updated by the completion callback.
typedef struct {
  atomic_ullong requests[MGD_HTTP_MAX_ROUTES][MGD_HTTP_N_STATUS];
  atomic_ullong latency[MGD_HTTP_MAX_ROUTES][MGD_HTTP_N_BUCKETS + 1U];
  atomic_ullong latency_sum_us[MGD_HTTP_MAX_ROUTES];
  atomic_ullong stream_errors; ///< Streams cut after the status line
  atomic_ullong in_flight;     ///< Requests being handled now
  atomic_llong  open_txns;     ///< Backend txns begun and not yet ended
  atomic_ullong working;       ///< Requests holding a work slot now
  atomic_ullong waiting;       ///< Requests waiting for a work slot now
  atomic_ullong gate_refused;  ///< Requests that got no slot in time (503)
} MgdHttpMetrics;

struct MgdServerImpl {
  MgdServerOptions   opts;       ///< Options (strings borrowed)
  MgdHttpBackend     backend;    ///< Data side as endpoints see it (counted)
  MgdHttpBackend     inner;      ///< The backend given to mgd_server_new
  MgdHttpBackendVt   counted_vt; ///< Wraps inner, counting open txns
  struct MHD_Daemon* daemon;     ///< The MHD daemon
  uint16_t           port;       ///< Port listened on
  char*              www_real;   ///< realpath of www_dir, or NULL; owned
  MgdHttpMetrics     metrics;    ///< Counters
  uint64_t           started_ms; ///< When the server started
  pthread_mutex_t    gate_lock;  ///< Guards gate_busy
  pthread_cond_t     gate_cond;  ///< Signalled when a work slot frees
  unsigned           gate_busy;  ///< Work slots taken (<= opts.n_threads)
  bool               gate_init;  ///< gate_lock and gate_cond are set up
};

// server.c

/// The route table and its length (for metrics labels).
const MgdRoute* mgd_http_routes(size_t* n_routes);

/// Status codes that metrics count separately, in index order.
const unsigned* mgd_http_metric_statuses(void);

/// Latency bucket upper bounds in milliseconds (MGD_HTTP_N_BUCKETS).
const unsigned* mgd_http_metric_buckets(void);

/// Add a header (strings static or in the request arena).
void mgd_http_header(MgdResponse* response,
                     const char*  name,
                     const char*  value);

/// Set a complete in-memory response. MGD_BAD_ALLOC if the copy fails.
MgdStatus mgd_http_reply(MgdResponse* response,
                         unsigned     status,
                         const char*  content_type,
                         const char*  body,
                         size_t       n);

/// Check the write token. True if the request may write; otherwise fill
/// `response` with 403 (read-only server) or 401 (missing/wrong token).
bool mgd_http_check_write(MgdServer*        server,
                          const MgdRequest* request,
                          MgdResponse*      response);

/// True if the client has closed its connection (or it broke), so work on
/// its answer can stop. Cheap (one non-blocking peek); never consumes
/// bytes, so a pipelined next request is left in place.
bool mgd_http_client_gone(const MgdRequest* request);

/// The absolute URL of `path` on this server (for links), in the arena.
const char* mgd_http_url(MgdServer*        server,
                         const MgdRequest* request,
                         const char*       path);

// problem.c

/// The HTTP status for a MgdStatus (one table).
unsigned mgd_http_status_for(MgdStatus st);

/// Fill `response` with an application/problem+json body {type, title,
/// status, detail}. `detail` may be NULL.
void mgd_http_problem(const MgdRequest* request,
                      MgdResponse*      response,
                      unsigned          status,
                      const char*       detail);

/// Like mgd_http_problem with the status from mgd_http_status_for(st).
void mgd_http_problem_st(const MgdRequest* request,
                         MgdResponse*      response,
                         MgdStatus         st,
                         const char*       detail);

/// Append `s` as a JSON string (with quotes) to `out`.
MgdStatus mgd_http_json_string(MgdBuf* out, MgdStr s);

/// Append `s` percent-encoded (all but RFC 3986 unreserved bytes) to `out`.
MgdStatus mgd_http_url_encode(MgdBuf* out, MgdStr s);

/// Append `s` escaped for XML text and attributes to `out`.
MgdStatus mgd_http_xml_text(MgdBuf* out, MgdStr s);

/// Keeps the first error diagnostic of a unit of work, for the answer.
typedef struct {
  MgdStatus status;        ///< Status of the first error, MGD_SUCCESS if none
  char      message[1024]; ///< `line:col: message` of that error
} MgdHttpDiag;

/// An MgdDiagFunc filling an MgdHttpDiag (`handle`).
void mgd_http_diag_capture(void* handle, const MgdDiag* diag);

/// The standard reason phrase of an HTTP status.
const char* mgd_http_reason(unsigned status);

// Endpoints (ep_*.c)

void mgd_ep_health(MgdServer*   server,
                   MgdRequest*  request,
                   MgdResponse* response);
void mgd_ep_metrics(MgdServer*   server,
                    MgdRequest*  request,
                    MgdResponse* response);
void mgd_ep_static(MgdServer*   server,
                   MgdRequest*  request,
                   MgdResponse* response);
void mgd_ep_sparql(MgdServer*   server,
                   MgdRequest*  request,
                   MgdResponse* response);
void mgd_ep_void(MgdServer* server, MgdRequest* request, MgdResponse* response);
void mgd_ep_validate(MgdServer*   server,
                     MgdRequest*  request,
                     MgdResponse* response);
void mgd_ep_data(MgdServer* server, MgdRequest* request, MgdResponse* response);
void mgd_ep_crosswalk(MgdServer*   server,
                      MgdRequest*  request,
                      MgdResponse* response);
void mgd_ep_search(MgdServer*   server,
                   MgdRequest*  request,
                   MgdResponse* response);
void mgd_ep_suggest(MgdServer*   server,
                    MgdRequest*  request,
                    MgdResponse* response);
void mgd_ep_resource(MgdServer*   server,
                     MgdRequest*  request,
                     MgdResponse* response);
bool mgd_ep_data_body_begin(MgdServer*   server,
                            MgdRequest*  request,
                            MgdResponse* response);
void mgd_ep_data_body_feed(MgdServer*  server,
                           MgdRequest* request,
                           const char* bytes,
                           size_t      n);

#endif // MGD_HTTP_SERVER_IMPL_H
