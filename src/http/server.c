// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The only file that knows libmicrohttpd's call protocol (STYLE.md §10).
//
// Per request MHD calls, in order:
//   1. uri_log()       with the raw request URI: we allocate the request
//                      context (arena, timers) and hand it to MHD as con_cls.
//   2. on_access()     first time: headers are complete, no body yet. We
//                      parse the URI, pick the route and answer at once
//                      what needs no body (404, 405, OPTIONS, 413 by
//                      Content-Length; for streamed bodies the endpoint's
//                      body_begin: 401/403/415). Otherwise we return
//                      MHD_YES without a response, as MHD requires.
//   3. on_access()     once per upload chunk (*upload_data_size > 0). Plain
//                      routes accumulate the body up to max_body_bytes (413
//                      beyond, answered at the end: MHD accepts no response
//                      mid-body); streaming routes get each chunk at once,
//                      so a graph PUT never holds the body.
//   4. on_access()     a final time with *upload_data_size == 0: we call the
//                      route's handler and queue its response.
//   5. on_completed()  always (also when the client went away): metrics,
//                      access log, and release of everything the request
//                      holds. A streamed response outlives this: its stream
//                      owns its read txn and frees it in stream_free(), which
//                      MHD calls when it destroys the response.
//
// A response queued in step 2 makes MHD skip the body and close the
// connection afterwards, which is what we want for a refused upload.

#include "http.h"
#include "server_impl.h"

#include "base/alloc.h"
#include "base/limits.h"

#include <microhttpd.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

// clang-format off
static const MgdRoute routes[] = {
  {"/sparql", "sparql",
   MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_POST | MGD_HTTP_OPTIONS,
   "GET, HEAD, POST, OPTIONS", mgd_ep_sparql, NULL, NULL},
  {"/data", "data",
   MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_PUT | MGD_HTTP_POST |
     MGD_HTTP_DELETE | MGD_HTTP_OPTIONS,
   "GET, HEAD, PUT, POST, DELETE, OPTIONS", mgd_ep_data,
   mgd_ep_data_body_begin, mgd_ep_data_body_feed},
  {"/data/", "data_direct",
   MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_PUT | MGD_HTTP_POST |
     MGD_HTTP_DELETE | MGD_HTTP_OPTIONS,
   "GET, HEAD, PUT, POST, DELETE, OPTIONS", mgd_ep_data,
   mgd_ep_data_body_begin, mgd_ep_data_body_feed},
  {"/validate", "validate", MGD_HTTP_POST | MGD_HTTP_OPTIONS,
   "POST, OPTIONS", mgd_ep_validate, NULL, NULL},
  {"/crosswalk", "crosswalk", MGD_HTTP_POST | MGD_HTTP_OPTIONS,
   "POST, OPTIONS", mgd_ep_crosswalk, NULL, NULL},
  {"/api/search", "search", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_search, NULL, NULL},
  {"/api/suggest", "suggest", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_suggest, NULL, NULL},
  {"/resource/", "resource", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_resource, NULL, NULL},
  {"/.well-known/void", "void", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_void, NULL, NULL},
  {"/health", "health", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_health, NULL, NULL},
  {"/metrics", "metrics", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_metrics, NULL, NULL},
  {"/", "static", MGD_HTTP_GET | MGD_HTTP_HEAD | MGD_HTTP_OPTIONS,
   "GET, HEAD, OPTIONS", mgd_ep_static, NULL, NULL},
};
// clang-format on

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))
// Metrics row for requests that matched no route
#define ROUTE_NONE N_ROUTES

static const unsigned metric_statuses[MGD_HTTP_N_STATUS] = {
  200U, 201U, 204U, 206U, 304U, 400U, 401U, 403U, 404U, 405U,
  406U, 408U, 413U, 414U, 415U, 500U, 501U, 503U, 507U, 0U,
};

static const unsigned metric_buckets[MGD_HTTP_N_BUCKETS] = {
  5U, 10U, 25U, 50U, 100U, 250U, 500U, 1000U, 2500U, 5000U, 10000U, 30000U,
};

// Compile-time check: the metrics arrays have a row for "no route".
typedef char RouteTableFits[(N_ROUTES < MGD_HTTP_MAX_ROUTES) ? 1 : -1];

/// Bytes gathered from the producer before compressing and sending.
#define STREAM_CHUNK ((size_t)16384)
/// Bodies shorter than this are not worth compressing.
#define GZIP_MIN_BYTES ((size_t)512)
/// Most connections served at once; more wait in the kernel's backlog.
/// Each holds up to 256 KiB of MHD buffers, so this bounds that memory.
#define MAX_CONNECTIONS 1024U
/// Longest raw URI kept (longer ones get 414).
#define MAX_URI_BYTES ((size_t)65536)

typedef struct {
  MgdServer*  server;
  MgdArena    arena;        ///< Per-request memory
  MgdRequest  req;          ///< What endpoints see
  MgdResponse resp;         ///< What they fill
  MgdBuf      body;         ///< Buffered body
  char*       raw_uri;      ///< URI as sent (arena)
  size_t      route;        ///< Index in routes[], or ROUTE_NONE
  bool        started;      ///< First access call done
  bool        queued;       ///< A response is queued
  bool        body_begun;   ///< body_begin was called
  bool        body_refused; ///< The endpoint refused the body
  unsigned    status;       ///< Status queued
  uint64_t    n_bytes;      ///< Body bytes of the response (buffered only)
  bool        streamed;     ///< The response is streamed
  char        client[64];   ///< Client address for the log
} Ctx;

typedef struct {
  MgdHttpStream stream;   ///< The endpoint's producer
  MgdBuf        raw;      ///< Produced, not yet compressed
  MgdBuf        out;      ///< Ready to send
  size_t        out_pos;  ///< Sent part of out
  z_stream      z;        ///< Deflater when gzip
  bool          gzip;     ///< Compress
  bool          done;     ///< Producer finished
  bool          finished; ///< Nothing more will come
  uint64_t      deadline; ///< Cut the stream after this (0: never)
  MgdServer*    server;   ///< For metrics
} StreamCtx;

uint64_t
mgd_http_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

const MgdRoute*
mgd_http_routes(size_t* const n_routes)
{
  *n_routes = N_ROUTES;
  return routes;
}

const unsigned*
mgd_http_metric_statuses(void)
{
  return metric_statuses;
}

const unsigned*
mgd_http_metric_buckets(void)
{
  return metric_buckets;
}

void
mgd_http_header(MgdResponse* const response,
                const char* const  name,
                const char* const  value)
{
  if (response->n_headers < MGD_HTTP_MAX_HEADERS && name && value) {
    response->names[response->n_headers]  = name;
    response->values[response->n_headers] = value;
    ++response->n_headers;
  }
}

MgdStatus
mgd_http_reply(MgdResponse* const response,
               const unsigned     status,
               const char* const  content_type,
               const char* const  body,
               const size_t       n)
{
  mgd_buf_reset(&response->body);
  response->status       = status;
  response->content_type = content_type;
  return n ? mgd_buf_append(&response->body, body, n) : MGD_SUCCESS;
}

bool
mgd_http_check_write(MgdServer* const        server,
                     const MgdRequest* const request,
                     MgdResponse* const      response)
{
  const char* const token = server->opts.write_token;
  if (!token || !*token) {
    mgd_http_problem(request,
                     response,
                     403U,
                     "this server is read-only (started without "
                     "--write-token-file)");
    return false;
  }
  const char* const auth     = request->authorization;
  static const char scheme[] = "Bearer ";
  bool              ok       = false;
  if (auth && !strncasecmp(auth, scheme, sizeof(scheme) - 1U)) {
    const char* given = auth + sizeof(scheme) - 1U;
    while (*given == ' ') {
      ++given;
    }
    const size_t n_given = strlen(given);
    const size_t n_token = strlen(token);
    // Constant time in the token's content, so timing does not leak it
    unsigned char diff = (unsigned char)(n_given != n_token);
    for (size_t i = 0U; i < n_token; ++i) {
      diff |= (unsigned char)(token[i] ^ (i < n_given ? given[i] : 0));
    }
    ok = !diff;
  }
  if (!ok) {
    mgd_http_problem(request,
                     response,
                     401U,
                     auth ? "the bearer token is wrong"
                          : "writes need an Authorization: Bearer token");
    mgd_http_header(response,
                    "WWW-Authenticate",
                    auth ? "Bearer realm=\"mugdat\", error=\"invalid_token\""
                         : "Bearer realm=\"mugdat\"");
  }
  return ok;
}

const char*
mgd_http_url(MgdServer* const        server,
             const MgdRequest* const request,
             const char* const       path)
{
  MgdBuf    buf;
  MgdStatus st = MGD_SUCCESS;
  mgd_buf_init(&buf);
  if (server->opts.base_url) {
    st = mgd_buf_appendc(&buf, server->opts.base_url);
    if (!st && buf.len && buf.data[buf.len - 1U] == '/') {
      --buf.len;
    }
  } else {
    // The Host header is client input: keep only characters a host:port or
    // [v6]:port can contain, so a link cannot be turned into markup.
    const char* host = request->host ? request->host : "";
    bool        ok   = *host != '\0';
    for (const char* p = host; *p; ++p) {
      if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789.-:[]",
                  *p)) {
        ok = false;
      }
    }
    st = ok ? mgd_buf_printf(&buf, "http://%s", host)
            : mgd_buf_printf(
                &buf, "http://%s:%u", "127.0.0.1", (unsigned)server->port);
  }
  if (!st) {
    st = mgd_buf_appendc(&buf, path);
  }
  const char* const url =
    st ? path : mgd_arena_strndup(request->arena, buf.data, buf.len);
  mgd_buf_clear(&buf);
  return url ? url : path;
}

// Streaming

static void
stream_free(void* const cls)
{
  StreamCtx* const s = (StreamCtx*)cls;
  if (s->stream.free) {
    s->stream.free(s->stream.handle);
  }
  if (s->gzip) {
    deflateEnd(&s->z);
  }
  mgd_buf_clear(&s->raw);
  mgd_buf_clear(&s->out);
  mgd_free(s);
}

/// Compress `in` into `out`; `finish` ends the gzip member.
static MgdStatus
gzip_run(z_stream* const     z,
         const MgdBuf* const in,
         MgdBuf* const       out,
         const bool          finish,
         bool* const         ended)
{
  z->next_in  = (Bytef*)(in->len ? in->data : NULL);
  z->avail_in = (uInt)in->len;
  for (;;) {
    MgdStatus st = mgd_buf_reserve(out, 16384U);
    if (st) {
      return st;
    }
    z->next_out       = (Bytef*)out->data + out->len;
    z->avail_out      = (uInt)(out->cap - out->len - 1U);
    const uInt before = z->avail_out;
    const int  zr     = deflate(z, finish ? Z_FINISH : Z_NO_FLUSH);
    out->len += before - z->avail_out;
    out->data[out->len] = '\0';
    if (zr == Z_STREAM_END) {
      *ended = true;
      return MGD_SUCCESS;
    }
    if (zr != Z_OK && zr != Z_BUF_ERROR) {
      return MGD_BAD_INTERNAL;
    }
    if (z->avail_in == 0U && z->avail_out > 0U) {
      return MGD_SUCCESS;
    }
  }
}

static bool
gzip_init(z_stream* const z)
{
  memset(z, 0, sizeof(*z));
  // windowBits 15 + 16: zlib writes a gzip header and trailer
  return deflateInit2(z, 3, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

/// Refill s->out; false on error (the connection must be cut).
static bool
stream_refill(StreamCtx* const s)
{
  mgd_buf_reset(&s->out);
  s->out_pos = 0U;
  if (s->deadline && mgd_http_now_ms() > s->deadline) {
    return false;
  }
  while (!s->done && s->raw.len < STREAM_CHUNK) {
    const MgdStatus st = s->stream.produce(s->stream.handle, &s->raw);
    if (st == MGD_FAILURE) {
      s->done = true;
    } else if (st) {
      return false;
    }
  }
  if (s->gzip) {
    bool            ended = false;
    const MgdStatus st    = gzip_run(&s->z, &s->raw, &s->out, s->done, &ended);
    mgd_buf_reset(&s->raw);
    if (st) {
      return false;
    }
    s->finished = ended;
  } else {
    const MgdBuf tmp = s->out;
    s->out           = s->raw;
    s->raw           = tmp;
    mgd_buf_reset(&s->raw);
    s->finished = s->done;
  }
  return true;
}

static ssize_t
stream_read(void* const    cls,
            const uint64_t pos,
            char* const    buf,
            const size_t   max)
{
  (void)pos;
  StreamCtx* const s = (StreamCtx*)cls;
  while (s->out_pos >= s->out.len) {
    if (s->finished) {
      return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (!stream_refill(s)) {
      atomic_fetch_add(&s->server->metrics.stream_errors, 1U);
      return MHD_CONTENT_READER_END_WITH_ERROR;
    }
  }
  size_t n = s->out.len - s->out_pos;
  if (n > max) {
    n = max;
  }
  memcpy(buf, s->out.data + s->out_pos, n);
  s->out_pos += n;
  return (ssize_t)n;
}

// Responses

static bool
compressible(const char* const type)
{
  return type && (!strncmp(type, "text/", 5U) || strstr(type, "json") ||
                  strstr(type, "xml") || strstr(type, "javascript") ||
                  strstr(type, "n-triples") || strstr(type, "n-quads") ||
                  strstr(type, "trig") || strstr(type, "turtle"));
}

static void
add_common_headers(struct MHD_Response* const r,
                   const Ctx* const           ctx,
                   const bool                 gzip)
{
  // CORS on every answer, errors included (DESIGN.md §6): the endpoint is
  // public data, and browsers hide error bodies from scripts without it.
  MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
  MHD_add_response_header(r,
                          "Access-Control-Expose-Headers",
                          "Content-Type, Content-Encoding, Location, "
                          "WWW-Authenticate, Crosswalk-Counts");
  if (ctx->route != ROUTE_NONE) {
    MHD_add_response_header(r, "Vary", "Accept, Accept-Encoding");
  }
  if (gzip) {
    MHD_add_response_header(r, "Content-Encoding", "gzip");
  }
  const MgdResponse* const resp = &ctx->resp;
  if (resp->content_type) {
    MHD_add_response_header(r, "Content-Type", resp->content_type);
  }
  for (size_t i = 0U; i < resp->n_headers; ++i) {
    MHD_add_response_header(r, resp->names[i], resp->values[i]);
  }
}

static struct MHD_Response*
make_buffer_response(Ctx* const ctx, const bool gzip)
{
  MgdBuf* const body = &ctx->resp.body;
  if (gzip) {
    z_stream z;
    MgdBuf   out;
    bool     ended = false;
    mgd_buf_init(&out);
    const bool ok =
      gzip_init(&z) && !gzip_run(&z, body, &out, true, &ended) && ended;
    deflateEnd(&z);
    if (ok) {
      mgd_buf_clear(body);
      *body = out;
    } else {
      mgd_buf_clear(&out);
      return NULL;
    }
  }
  ctx->n_bytes = body->len;
  if (!body->len) {
    return MHD_create_response_from_buffer(0U, NULL, MHD_RESPMEM_PERSISTENT);
  }
  // MHD takes the bytes over (no copy of answers up to the spool's 1 MiB)
  struct MHD_Response* const r =
    MHD_create_response_from_buffer_with_free_callback(
      body->len, body->data, mgd_free);
  if (r) {
    mgd_buf_init(body);
  }
  return r;
}

static struct MHD_Response*
make_stream_response(Ctx* const ctx, const bool gzip)
{
  StreamCtx* const s = (StreamCtx*)mgd_calloc(1U, sizeof(StreamCtx));
  if (!s) {
    return NULL;
  }
  s->stream      = ctx->resp.stream;
  s->server      = ctx->server;
  s->deadline    = ctx->req.deadline_ms;
  s->raw         = ctx->resp.body; // a prefetched first part, if any
  ctx->resp.body = (MgdBuf){ NULL, 0U, 0U };
  memset(&ctx->resp.stream, 0, sizeof(ctx->resp.stream));
  if (gzip) {
    if (!gzip_init(&s->z)) {
      stream_free(s);
      return NULL;
    }
    s->gzip = true;
  }
  ctx->streamed = true;
  // On failure MHD does not call stream_free, so we do
  struct MHD_Response* const r = MHD_create_response_from_callback(
    MHD_SIZE_UNKNOWN, 32U * 1024U, stream_read, s, stream_free);
  if (!r) {
    stream_free(s);
  }
  return r;
}

static enum MHD_Result
queue(Ctx* const ctx, struct MHD_Connection* const con)
{
  MgdResponse* const resp = &ctx->resp;
  if (!resp->status) {
    mgd_http_problem(&ctx->req, resp, 500U, "the endpoint gave no answer");
  }
  if (resp->status == 499U) {
    // The endpoint saw the client leave: close without answering
    ctx->status = 499U;
    ctx->queued = true;
    return MHD_NO;
  }
  const bool has_body = resp->status != 204U && resp->status != 304U;
  const bool gzip =
    has_body && resp->fd < 0 && !resp->is_encoded &&
    compressible(resp->content_type) &&
    (resp->stream.produce || resp->body.len >= GZIP_MIN_BYTES) &&
    mgd_conneg_accepts_coding(ctx->req.accept_encoding, "gzip");

  struct MHD_Response* r = NULL;
  if (resp->fd >= 0) {
    r = MHD_create_response_from_fd64(resp->fd_size, resp->fd);
    if (r) {
      ctx->n_bytes = resp->fd_size;
      resp->fd     = -1; // MHD closes it
    }
  } else if (resp->stream.produce) {
    r = make_stream_response(ctx, gzip);
  } else {
    r = make_buffer_response(ctx, gzip);
  }
  if (!r) {
    // Out of memory: answer with a static body so the client is not hung
    static const char oom[] = "{\"status\":503,\"title\":\"Service "
                              "Unavailable\",\"detail\":\"out of memory\"}\n";
    r                       = MHD_create_response_from_buffer(
      sizeof(oom) - 1U, (void*)oom, MHD_RESPMEM_PERSISTENT);
    resp->status       = 503U;
    resp->content_type = "application/problem+json";
    resp->n_headers    = 0U;
    ctx->streamed      = false;
    if (!r) {
      return MHD_NO;
    }
    add_common_headers(r, ctx, false);
  } else {
    add_common_headers(r, ctx, gzip);
  }
  ctx->status               = resp->status;
  ctx->queued               = true;
  const enum MHD_Result ret = MHD_queue_response(con, resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

// Request setup

static MgdHttpMethod
method_bit(const char* const m)
{
  static const struct {
    const char*   name;
    MgdHttpMethod bit;
  } methods[] = {
    { "GET", MGD_HTTP_GET },       { "HEAD", MGD_HTTP_HEAD },
    { "POST", MGD_HTTP_POST },     { "PUT", MGD_HTTP_PUT },
    { "DELETE", MGD_HTTP_DELETE }, { "OPTIONS", MGD_HTTP_OPTIONS },
  };
  for (size_t i = 0U; i < sizeof(methods) / sizeof(methods[0]); ++i) {
    if (!strcmp(m, methods[i].name)) {
      return methods[i].bit;
    }
  }
  return MGD_HTTP_OTHER;
}

static size_t
route_find(const MgdStr path)
{
  for (size_t i = 0U; i < N_ROUTES; ++i) {
    const size_t n = strlen(routes[i].path);
    if (routes[i].path[n - 1U] == '/' ? mgd_str_has_prefix(path, routes[i].path)
                                      : mgd_str_eqc(path, routes[i].path)) {
      return i;
    }
  }
  return ROUTE_NONE;
}

static const char*
header(struct MHD_Connection* const con, const char* const name)
{
  return MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
}

/// Fill ctx->req from the connection; false if a response was set.
static bool
request_init(Ctx* const                   ctx,
             struct MHD_Connection* const con,
             const char* const            method)
{
  MgdRequest* const req = &ctx->req;
  req->method           = method_bit(method);
  req->method_name     = mgd_arena_strndup(&ctx->arena, method, strlen(method));
  req->accept          = header(con, "Accept");
  req->accept_encoding = header(con, "Accept-Encoding");
  req->authorization   = header(con, "Authorization");
  req->host            = header(con, "Host");
  req->content_type_header = header(con, "Content-Type");
  req->content_type =
    mgd_conneg_media_type(&ctx->arena, req->content_type_header);

  const char* const uri    = ctx->raw_uri ? ctx->raw_uri : "/";
  req->raw_uri             = uri;
  const char* const qm     = strchr(uri, '?');
  const size_t      n_path = qm ? (size_t)(qm - uri) : strlen(uri);
  req->raw_path            = mgd_str_n(uri, n_path);
  if (mgd_form_decode(&ctx->arena, uri, n_path, false, &req->path) ||
      memchr(req->path.ptr, '\0', req->path.len) || !req->path.len ||
      req->path.ptr[0] != '/') {
    ctx->route = ROUTE_NONE;
    mgd_http_problem(req, &ctx->resp, 400U, "malformed request path");
    return false;
  }
  if (qm) {
    // '#' never reaches a server, but be strict about what is a query
    const MgdStatus st =
      mgd_form_parse(&ctx->arena, qm + 1, strlen(qm + 1), &req->query);
    if (st == MGD_BAD_ALLOC) {
      mgd_http_problem_st(req, &ctx->resp, st, NULL);
      return false;
    }
    req->query_bad = st != MGD_SUCCESS;
  }
  ctx->route = route_find(req->path);
  const union MHD_ConnectionInfo* const fd_info =
    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
  req->client_fd = fd_info ? (int)fd_info->connect_fd : -1;
  return true;
}

bool
mgd_http_client_gone(const MgdRequest* const request)
{
  if (request->client_fd < 0) {
    return false;
  }
  // recv() of 0 is the client's FIN: HTTP clients do not half-close after
  // a request, they close when they give up (timeout, user cancel)
  char          c;
  const ssize_t n =
    recv(request->client_fd, &c, 1U, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0) {
    return false; // a pipelined request waits
  }
  if (n == 0) {
    return true;
  }
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

/// Answer what needs no body; false if a response was set.
static bool
request_precheck(Ctx* const ctx, struct MHD_Connection* const con)
{
  MgdRequest* const  req  = &ctx->req;
  MgdResponse* const resp = &ctx->resp;
  if (ctx->route == ROUTE_NONE) {
    mgd_http_problem(req, resp, 404U, "no such resource");
    return false;
  }
  const MgdRoute* const route = &routes[ctx->route];
  if (!(req->method & route->methods)) {
    mgd_http_problem(req, resp, 405U, NULL);
    mgd_http_header(resp, "Allow", route->allow);
    return false;
  }
  if (req->method == MGD_HTTP_OPTIONS) {
    // CORS preflight (and plain OPTIONS): say what the resource allows
    resp->status = 204U;
    mgd_http_header(resp, "Allow", route->allow);
    mgd_http_header(resp, "Access-Control-Allow-Methods", route->allow);
    mgd_http_header(resp,
                    "Access-Control-Allow-Headers",
                    "Accept, Accept-Encoding, Authorization, Content-Type");
    mgd_http_header(resp, "Access-Control-Max-Age", "86400");
    return false;
  }
  if (req->query_bad) {
    mgd_http_problem(
      req, resp, 400U, "malformed query string (bad percent-escape)");
    return false;
  }
  const char* const length = header(con, "Content-Length");
  if (!route->body_begin && length) {
    char*                    end = NULL;
    const unsigned long long n   = strtoull(length, &end, 10);
    if (end != length && n > ctx->server->opts.max_body_bytes) {
      mgd_http_problem(req, resp, 413U, "request body too large");
      return false;
    }
  }
  return true;
}

// The work gate. Every connection has its own thread (so a slow query or a
// slow reader never delays other connections), but only opts.n_threads
// requests evaluate at once: that bounds memory (each query may use up to
// its memory limit), LMDB reader slots (512) and CPU contention, while
// requests waiting on the network (bodies, SERVICE calls) cost a thread
// each and nothing more. Routes with a streamed body are not gated: their
// work begins before the last call and may hold the store's single writer,
// and a writer waiting for a slot held by updates waiting for the writer
// would deadlock until the time limit (their GET, HEAD and DELETE are
// gated).

static bool
route_gated(const MgdRoute* const route, const MgdHttpMethod method)
{
  const bool body_streamed =
    route->body_begin && (method == MGD_HTTP_PUT || method == MGD_HTTP_POST);
  return !body_streamed && route->handler != mgd_ep_health &&
         route->handler != mgd_ep_metrics && route->handler != mgd_ep_static;
}

/// Take a work slot, waiting until `deadline_ms` (0: forever). False if
/// none became free in time.
static bool
gate_enter(MgdServer* const server, const uint64_t deadline_ms)
{
  bool ok = true;
  pthread_mutex_lock(&server->gate_lock);
  if (server->gate_busy >= server->opts.n_threads) {
    atomic_fetch_add(&server->metrics.waiting, 1U);
    while (server->gate_busy >= server->opts.n_threads) {
      if (!deadline_ms) {
        pthread_cond_wait(&server->gate_cond, &server->gate_lock);
        continue;
      }
      const uint64_t now = mgd_http_now_ms();
      if (now >= deadline_ms) {
        ok = false;
        break;
      }
      // gate_cond runs on CLOCK_MONOTONIC, the clock of mgd_http_now_ms
      struct timespec until;
      clock_gettime(CLOCK_MONOTONIC, &until);
      const uint64_t wait_ms = deadline_ms - now;
      until.tv_sec += (time_t)(wait_ms / 1000U);
      until.tv_nsec += (long)(wait_ms % 1000U) * 1000000L;
      if (until.tv_nsec >= 1000000000L) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000L;
      }
      pthread_cond_timedwait(&server->gate_cond, &server->gate_lock, &until);
    }
    atomic_fetch_sub(&server->metrics.waiting, 1U);
  }
  if (ok) {
    ++server->gate_busy;
    atomic_fetch_add(&server->metrics.working, 1U);
  } else {
    atomic_fetch_add(&server->metrics.gate_refused, 1U);
  }
  pthread_mutex_unlock(&server->gate_lock);
  return ok;
}

static void
gate_leave(MgdServer* const server)
{
  pthread_mutex_lock(&server->gate_lock);
  --server->gate_busy;
  atomic_fetch_sub(&server->metrics.working, 1U);
  pthread_cond_signal(&server->gate_cond);
  pthread_mutex_unlock(&server->gate_lock);
}

static bool
gate_init(MgdServer* const server)
{
  pthread_condattr_t attr;
  if (pthread_condattr_init(&attr)) {
    return false;
  }
  bool ok = !pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) &&
            !pthread_cond_init(&server->gate_cond, &attr);
  pthread_condattr_destroy(&attr);
  if (ok && pthread_mutex_init(&server->gate_lock, NULL)) {
    pthread_cond_destroy(&server->gate_cond);
    ok = false;
  }
  server->gate_init = ok;
  return ok;
}

static void
gate_destroy(MgdServer* const server)
{
  if (server->gate_init) {
    pthread_cond_destroy(&server->gate_cond);
    pthread_mutex_destroy(&server->gate_lock);
    server->gate_init = false;
  }
}

// MHD callbacks

static void*
on_uri(void* const cls, const char* const uri, struct MHD_Connection* const con)
{
  MgdServer* const server = (MgdServer*)cls;
  Ctx* const       ctx    = (Ctx*)mgd_calloc(1U, sizeof(Ctx));
  if (!ctx) {
    return NULL; // on_access answers 503 for a request without context
  }
  atomic_fetch_add(&server->metrics.in_flight, 1U);
  ctx->server = server;
  ctx->route  = ROUTE_NONE;
  mgd_arena_init(&ctx->arena, 0U);
  mgd_buf_init(&ctx->body);
  mgd_buf_init(&ctx->resp.body);
  ctx->resp.fd         = -1;
  ctx->req.client_fd   = -1;
  ctx->req.arena       = &ctx->arena;
  ctx->req.start_ms    = mgd_http_now_ms();
  ctx->req.deadline_ms = ctx->req.start_ms + server->opts.timeout_ms;
  const size_t n       = strlen(uri);
  ctx->raw_uri =
    n <= MAX_URI_BYTES ? mgd_arena_strndup(&ctx->arena, uri, n) : NULL;

  const union MHD_ConnectionInfo* const info =
    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(ctx->client, sizeof(ctx->client), "-");
  if (info && info->client_addr) {
    const struct sockaddr* const sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
      inet_ntop(AF_INET,
                &((const struct sockaddr_in*)(const void*)sa)->sin_addr,
                ctx->client,
                sizeof(ctx->client));
    } else if (sa->sa_family == AF_INET6) {
      inet_ntop(AF_INET6,
                &((const struct sockaddr_in6*)(const void*)sa)->sin6_addr,
                ctx->client,
                sizeof(ctx->client));
    }
  }
  return ctx;
}

static void
body_chunk(Ctx* const ctx, const char* const data, const size_t n)
{
  MgdServer* const      server = ctx->server;
  const MgdRoute* const route  = &routes[ctx->route];
  if (route->body_begin) {
    if (!ctx->body_refused) {
      route->body_feed(server, &ctx->req, data, n);
    }
  } else if (!ctx->body_refused) {
    if (ctx->body.len + n > server->opts.max_body_bytes) {
      ctx->body_refused = true;
      mgd_http_problem(&ctx->req, &ctx->resp, 413U, "request body too large");
    } else if (mgd_buf_append(&ctx->body, data, n)) {
      ctx->body_refused = true;
      mgd_http_problem_st(&ctx->req, &ctx->resp, MGD_BAD_ALLOC, NULL);
    }
  }
}

static enum MHD_Result
on_access(void* const                  cls,
          struct MHD_Connection* const con,
          const char* const            url,
          const char* const            method,
          const char* const            version,
          const char* const            upload_data,
          size_t* const                upload_data_size,
          void** const                 con_cls)
{
  (void)cls;
  (void)url;
  (void)version;
  Ctx* const ctx = (Ctx*)*con_cls;
  if (!ctx) {
    static const char          oom[] = "out of memory\n";
    struct MHD_Response* const r     = MHD_create_response_from_buffer(
      sizeof(oom) - 1U, (void*)oom, MHD_RESPMEM_PERSISTENT);
    if (!r) {
      return MHD_NO;
    }
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    const enum MHD_Result ret = MHD_queue_response(con, 503U, r);
    MHD_destroy_response(r);
    return ret;
  }
  if (ctx->queued) {
    *upload_data_size = 0U; // an early answer went out; drop the rest
    return MHD_YES;
  }
  if (!ctx->started) {
    ctx->started = true;
    if (!ctx->raw_uri) {
      mgd_http_problem(&ctx->req, &ctx->resp, 414U, NULL);
      return queue(ctx, con);
    }
    if (!request_init(ctx, con, method) || !request_precheck(ctx, con)) {
      return queue(ctx, con);
    }
    // A streamed body's checks (target, token, Content-Type) need only the
    // headers: run them now, while MHD still lets us answer early
    const MgdRoute* const route = &routes[ctx->route];
    if (route->body_begin) {
      ctx->body_begun = true;
      ctx->body_refused =
        !route->body_begin(ctx->server, &ctx->req, &ctx->resp);
      if (ctx->body_refused) {
        return queue(ctx, con);
      }
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (ctx->req.deadline_ms && mgd_http_now_ms() > ctx->req.deadline_ms) {
      // A body still arriving after the time limit may be trickled on
      // purpose to hold the store's single writer: cut the connection
      // (the completion callback aborts the endpoint's transaction)
      ctx->status = 408U;
      return MHD_NO;
    }
    // MHD refuses a response while the body is arriving, so a body that
    // became too large is read to the end and dropped, then answered
    body_chunk(ctx, upload_data, *upload_data_size);
    *upload_data_size = 0U;
    return MHD_YES;
  }

  // The last call: the whole body has arrived
  const MgdRoute* const route = &routes[ctx->route];
  if (!ctx->body_refused) {
    ctx->req.body    = mgd_buf_str(&ctx->body);
    const bool gated = route_gated(route, ctx->req.method);
    if (!gated || gate_enter(ctx->server, ctx->req.deadline_ms)) {
      route->handler(ctx->server, &ctx->req, &ctx->resp);
      if (gated) {
        gate_leave(ctx->server);
      }
    } else {
      mgd_http_problem(&ctx->req,
                       &ctx->resp,
                       503U,
                       "the server is busy: no worker became free within "
                       "the request time limit");
      mgd_http_header(&ctx->resp, "Retry-After", "1");
    }
  }
  return queue(ctx, con);
}

static size_t
status_index(const unsigned status)
{
  for (size_t i = 0U; i + 1U < MGD_HTTP_N_STATUS; ++i) {
    if (metric_statuses[i] == status) {
      return i;
    }
  }
  return MGD_HTTP_N_STATUS - 1U;
}

static void
on_completed(void* const                           cls,
             struct MHD_Connection* const          con,
             void** const                          con_cls,
             const enum MHD_RequestTerminationCode toe)
{
  (void)con;
  MgdServer* const server = (MgdServer*)cls;
  Ctx* const       ctx    = (Ctx*)*con_cls;
  if (!ctx) {
    return;
  }
  *con_cls = NULL;

  const uint64_t elapsed = mgd_http_now_ms() - ctx->req.start_ms;
  const size_t   route   = ctx->route;
  const unsigned status  = ctx->status; // 0 if nothing was queued
  atomic_fetch_add(&server->metrics.requests[route][status_index(status)], 1U);
  size_t bucket = 0U;
  while (bucket < MGD_HTTP_N_BUCKETS && elapsed > metric_buckets[bucket]) {
    ++bucket;
  }
  atomic_fetch_add(&server->metrics.latency[route][bucket], 1U);
  atomic_fetch_add(&server->metrics.latency_sum_us[route], elapsed * 1000U);

  if (server->opts.log) {
    char line[512];
    char bytes[32];
    if (ctx->streamed) {
      snprintf(bytes, sizeof(bytes), "-");
    } else {
      snprintf(bytes, sizeof(bytes), "%llu", (unsigned long long)ctx->n_bytes);
    }
    const char* const uri = ctx->raw_uri ? ctx->raw_uri : "(too long)";
    snprintf(line,
             sizeof(line),
             "%s \"%s %.300s\" %u %s %llums%s",
             ctx->client,
             ctx->req.method_name ? ctx->req.method_name : "-",
             uri,
             status,
             bytes,
             (unsigned long long)elapsed,
             toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    server->opts.log(server->opts.log_handle, line);
  }

  if (ctx->req.state_free) {
    ctx->req.state_free(ctx->req.state);
  }
  if (ctx->resp.stream.free) {
    ctx->resp.stream.free(ctx->resp.stream.handle); // never handed to MHD
  }
  if (ctx->resp.fd >= 0) {
    close(ctx->resp.fd);
  }
  mgd_buf_clear(&ctx->resp.body);
  mgd_buf_clear(&ctx->body);
  mgd_arena_clear(&ctx->arena);
  mgd_free(ctx);
  atomic_fetch_sub(&server->metrics.in_flight, 1U);
}

static void on_mhd_log(void* cls, const char* fmt, va_list ap)
  __attribute__((format(printf, 2, 0)));

static void
on_mhd_log(void* const cls, const char* const fmt, va_list ap)
{
  MgdServer* const server = (MgdServer*)cls;
  char             text[512];
  vsnprintf(text, sizeof(text), fmt, ap);
  size_t n = strlen(text);
  while (n && (text[n - 1U] == '\n' || text[n - 1U] == '\r')) {
    text[--n] = '\0';
  }
  mgd_diag(&server->opts.diag,
           MGD_BAD_IO,
           MGD_LEVEL_WARNING,
           "httpd",
           0U,
           0U,
           NULL,
           "%s",
           text);
}

// Transaction accounting. Endpoints reach the backend through a wrapped
// table that counts txns begun and ended, so /metrics shows the open ones
// and shutdown can tell when a txn was never ended (STYLE.md §4: requests
// must not leave txns behind; streamed ones end theirs when MHD frees the
// response). A counted txn is a small record around the backend's own.

typedef struct {
  MgdHttpTxn* inner;  ///< The backend's txn
  MgdServer*  server; ///< For the counter and the inner table
} CountedTxn;

static MgdHttpTxn*
counted_inner(MgdHttpTxn* const txn)
{
  return ((CountedTxn*)(void*)txn)->inner;
}

static MgdStatus
counted_begin(MgdServer* const server, const bool write, MgdHttpTxn** const out)
{
  CountedTxn* const c = (CountedTxn*)mgd_calloc(1U, sizeof(CountedTxn));
  if (!c) {
    return MGD_BAD_ALLOC;
  }
  const MgdHttpBackendVt* const vt = server->inner.vt;
  const MgdStatus st = write ? vt->write_begin(server->inner.handle, &c->inner)
                             : vt->read_begin(server->inner.handle, &c->inner);
  if (st) {
    mgd_free(c);
    return st;
  }
  c->server = server;
  atomic_fetch_add(&server->metrics.open_txns, 1);
  *out = (MgdHttpTxn*)(void*)c;
  return MGD_SUCCESS;
}

static MgdStatus
counted_read_begin(void* const handle, MgdHttpTxn** const txn)
{
  return counted_begin((MgdServer*)handle, false, txn);
}

static MgdStatus
counted_write_begin(void* const handle, MgdHttpTxn** const txn)
{
  return counted_begin((MgdServer*)handle, true, txn);
}

static MgdSource
counted_source(MgdHttpTxn* const txn)
{
  const CountedTxn* const c = (const CountedTxn*)(void*)txn;
  return c->server->inner.vt->source(c->inner);
}

static MgdStatus
counted_sink(MgdHttpTxn* const    txn,
             const MgdTerm* const graph,
             MgdSink* const       sink)
{
  const CountedTxn* const c = (const CountedTxn*)(void*)txn;
  return c->server->inner.vt->sink(c->inner, graph, sink);
}

static MgdStatus
counted_clear_graph(MgdHttpTxn* const txn, const MgdId g)
{
  const CountedTxn* const c = (const CountedTxn*)(void*)txn;
  return c->server->inner.vt->clear_graph(c->inner, g);
}

static MgdStatus
counted_commit(MgdHttpTxn* const txn)
{
  CountedTxn* const c  = (CountedTxn*)(void*)txn;
  const MgdStatus   st = c->server->inner.vt->commit(c->inner);
  atomic_fetch_sub(&c->server->metrics.open_txns, 1);
  mgd_free(c);
  return st;
}

static void
counted_abort(MgdHttpTxn* const txn)
{
  if (txn) {
    CountedTxn* const c = (CountedTxn*)(void*)txn;
    c->server->inner.vt->abort(c->inner);
    atomic_fetch_sub(&c->server->metrics.open_txns, 1);
    mgd_free(c);
  }
}

static MgdStatus
counted_query(void* const               handle,
              const MgdHttpQuery* const q,
              MgdHttpAnswer* const      answer)
{
  const MgdServer* const server = (const MgdServer*)handle;
  return server->inner.vt->query(server->inner.handle, q, answer);
}

static MgdStatus
counted_update(void* const handle, const MgdHttpQuery* const q)
{
  const MgdServer* const server = (const MgdServer*)handle;
  return server->inner.vt->update(server->inner.handle, q);
}

static MgdStatus
counted_store_bytes(void* const handle, uint64_t* const n_bytes)
{
  const MgdServer* const server = (const MgdServer*)handle;
  return server->inner.vt->store_bytes(server->inner.handle, n_bytes);
}

static MgdStatus
counted_count_quads(MgdHttpTxn* const txn, uint64_t* const n_quads)
{
  const CountedTxn* const c = (const CountedTxn*)(void*)txn;
  return c->server->inner.vt->count_quads(counted_inner(txn), n_quads);
}

static MgdStatus
counted_each_graph(MgdHttpTxn* const txn,
                   MgdStatus (*const fn)(void* h, MgdId g, uint64_t n),
                   void* const h)
{
  const CountedTxn* const c = (const CountedTxn*)(void*)txn;
  return c->server->inner.vt->each_graph(counted_inner(txn), fn, h);
}

/// Point server->backend at the counting table (optional entries stay NULL).
static void
counted_install(MgdServer* const s)
{
  const MgdHttpBackendVt* const in = s->inner.vt;
  MgdHttpBackendVt* const       vt = &s->counted_vt;
  vt->query                        = counted_query;
  vt->update      = in->update ? counted_update : NULL;
  vt->read_begin  = counted_read_begin;
  vt->write_begin = counted_write_begin;
  vt->source      = counted_source;
  vt->sink        = counted_sink;
  vt->clear_graph = counted_clear_graph;
  vt->commit      = counted_commit;
  vt->abort       = counted_abort;
  vt->store_bytes = in->store_bytes ? counted_store_bytes : NULL;
  vt->count_quads = in->count_quads ? counted_count_quads : NULL;
  vt->each_graph  = in->each_graph ? counted_each_graph : NULL;
  s->backend.vt     = vt;
  s->backend.handle = s;
}

// Lifetime

/// Requests worked on at once by default: 8 per core. More than the cores,
/// since a request often waits (SERVICE calls, the writer lock, the
/// temporary file) and short queries should not queue behind long ones;
/// not many more, since CPU-bound queries sliced finer get slower. On 2
/// cores under 64 clients (bench/README.md, "HTTP under load") 32 slots
/// gave point queries a p50 of 33 ms but 15% less work per CPU second and
/// twice the p99 of the bench queries; 16 kept the old pool's throughput.
static unsigned
default_threads(void)
{
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 1 && n < 32 ? (unsigned)n * 8U : n >= 32 ? 256U : 8U;
}

MgdStatus
mgd_server_new(const MgdServerOptions* const options,
               const MgdHttpBackend* const   backend,
               MgdServer** const             server)
{
  *server            = NULL;
  MgdServer* const s = (MgdServer*)mgd_calloc(1U, sizeof(MgdServer));
  if (!s) {
    return MGD_BAD_ALLOC;
  }
  s->opts    = *options;
  s->inner = *backend;
  counted_install(s);
  if (!s->opts.n_threads) {
    s->opts.n_threads = default_threads();
  }
  if (!s->opts.timeout_ms) {
    s->opts.timeout_ms = MGD_LIMIT_QUERY_TIMEOUT;
  }
  if (!s->opts.max_body_bytes) {
    s->opts.max_body_bytes = MGD_LIMIT_BODY_BYTES;
  }
  s->started_ms = mgd_http_now_ms();
  if (!gate_init(s)) {
    mgd_free(s);
    return MGD_BAD_ALLOC;
  }

  MgdStatus st = MGD_SUCCESS;
  if (s->opts.www_dir) {
    s->www_real = realpath(s->opts.www_dir, NULL);
    if (!s->www_real) {
      st = mgd_diag(&s->opts.diag,
                    MGD_BAD_ARG,
                    MGD_LEVEL_ERROR,
                    s->opts.www_dir,
                    0U,
                    0U,
                    NULL,
                    "cannot use --www: %s",
                    strerror(errno));
      goto fail;
    }
  }

  const char* const   bind = s->opts.bind ? s->opts.bind : "127.0.0.1";
  struct sockaddr_in  sa4;
  struct sockaddr_in6 sa6;
  memset(&sa4, 0, sizeof(sa4));
  memset(&sa6, 0, sizeof(sa6));
  const struct sockaddr* sa    = NULL;
  unsigned               flags = MHD_USE_INTERNAL_POLLING_THREAD |
                   MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
                   MHD_USE_ERROR_LOG | MHD_USE_AUTO;
  if (inet_pton(AF_INET, bind, &sa4.sin_addr) == 1) {
    sa4.sin_family = AF_INET;
    sa4.sin_port   = htons(s->opts.port);
    sa             = (const struct sockaddr*)&sa4;
  } else if (inet_pton(AF_INET6, bind, &sa6.sin6_addr) == 1) {
    sa6.sin6_family = AF_INET6;
    sa6.sin6_port   = htons(s->opts.port);
    sa              = (const struct sockaddr*)&sa6;
    flags |= MHD_USE_IPv6;
  } else {
    st = mgd_diag(&s->opts.diag,
                  MGD_BAD_ARG,
                  MGD_LEVEL_ERROR,
                  NULL,
                  0U,
                  0U,
                  NULL,
                  "--bind: not an IPv4 or IPv6 address: %s",
                  bind);
    goto fail;
  }

  // Idle connections are dropped after the request time limit plus slack
  const unsigned idle_s = (unsigned)(s->opts.timeout_ms / 1000U) + 10U;
  // clang-format off
  s->daemon = MHD_start_daemon(
    flags, s->opts.port, NULL, NULL, on_access, s,
    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, // first: catches the rest
    MHD_OPTION_SOCK_ADDR, sa,
    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
    MHD_OPTION_CONNECTION_TIMEOUT, idle_s,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256U * 1024U,
    MHD_OPTION_END);
  // clang-format on
  if (!s->daemon) {
    st = mgd_diag(&s->opts.diag,
                  MGD_BAD_IO,
                  MGD_LEVEL_ERROR,
                  NULL,
                  0U,
                  0U,
                  NULL,
                  "cannot listen on %s port %u",
                  bind,
                  (unsigned)s->opts.port);
    goto fail;
  }
  const union MHD_DaemonInfo* const info =
    MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : s->opts.port;
  *server = s;
  return MGD_SUCCESS;

fail:
  gate_destroy(s);
  free(s->www_real); // from realpath(3)
  mgd_free(s);
  return st;
}

uint16_t
mgd_server_port(const MgdServer* const server)
{
  return server->port;
}

void
mgd_server_free(MgdServer* const server)
{
  if (!server) {
    return;
  }
  if (server->daemon) {
    // Stop accepting, then give requests in flight their time limit to end
    const MHD_socket listen_fd = MHD_quiesce_daemon(server->daemon);
    const uint64_t   until     = mgd_http_now_ms() + server->opts.timeout_ms;
    while (atomic_load(&server->metrics.in_flight) > 0U &&
           mgd_http_now_ms() < until) {
      const struct timespec pause = { 0, 10000000L };
      nanosleep(&pause, NULL);
    }
    MHD_stop_daemon(server->daemon);
    if (listen_fd != MHD_INVALID_SOCKET) {
      close(listen_fd);
    }
    // Every response is gone now, streamed ones included: nothing may
    // still hold a txn
    const long long open = atomic_load(&server->metrics.open_txns);
    if (open) {
      mgd_diag(&server->opts.diag, MGD_BAD_INTERNAL, MGD_LEVEL_ERROR, "httpd",
               0U, 0U, NULL, "%lld transaction(s) left open at shutdown",
               open);
    }
  }
  gate_destroy(server);
  free(server->www_real);
  mgd_free(server);
}
