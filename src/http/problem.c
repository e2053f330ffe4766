// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Status becomes HTTP in one table (STYLE.md §3); every error body is an
// RFC 9457 problem document.

#include "server_impl.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  MgdStatus   st;
  unsigned    http;
  const char* slug; ///< Last segment of the problem type URI
} StatusRow;

// One row per MgdStatus, in enum order (checked by test_http).
static const StatusRow status_rows[] = {
  { MGD_SUCCESS, 200U, "ok" },
  { MGD_FAILURE, 404U, "not-found" },
  { MGD_BAD_ALLOC, 503U, "out-of-memory" },
  { MGD_BAD_ARG, 400U, "bad-request" },
  { MGD_BAD_SYNTAX, 400U, "syntax-error" },
  { MGD_BAD_DATA, 400U, "bad-data" },
  { MGD_BAD_LIMIT, 413U, "limit-exceeded" },
  { MGD_BAD_TXN, 500U, "transaction-failed" },
  { MGD_BAD_IO, 500U, "io-error" },
  { MGD_BAD_FULL, 503U, "store-grown" },
  { MGD_BAD_CORRUPT, 500U, "store-corrupt" },
  { MGD_BAD_VERSION, 500U, "store-version" },
  { MGD_BAD_TIMEOUT, 503U, "timeout" },
  { MGD_BAD_UNSUPPORTED, 501U, "unsupported" },
  { MGD_BAD_ACCESS, 403U, "forbidden" },
  { MGD_BAD_INTERNAL, 500U, "internal-error" },
};

// Problem types for answers that do not come from a MgdStatus.
typedef struct {
  unsigned    http;
  const char* reason;
  const char* slug;
} HttpRow;

static const HttpRow http_rows[] = {
  { 200U, "OK", "ok" },
  { 201U, "Created", "created" },
  { 204U, "No Content", "no-content" },
  { 301U, "Moved Permanently", "moved" },
  { 400U, "Bad Request", "bad-request" },
  { 401U, "Unauthorized", "unauthorized" },
  { 403U, "Forbidden", "forbidden" },
  { 404U, "Not Found", "not-found" },
  { 405U, "Method Not Allowed", "method-not-allowed" },
  { 406U, "Not Acceptable", "not-acceptable" },
  { 408U, "Request Timeout", "timeout" },
  { 413U, "Content Too Large", "too-large" },
  { 414U, "URI Too Long", "uri-too-long" },
  { 415U, "Unsupported Media Type", "unsupported-media-type" },
  { 422U, "Unprocessable Content", "unprocessable" },
  { 500U, "Internal Server Error", "internal-error" },
  { 501U, "Not Implemented", "not-implemented" },
  { 503U, "Service Unavailable", "unavailable" },
  { 507U, "Insufficient Storage", "store-full" },
};

#define PROBLEM_TYPE_PREFIX "urn:mugdat:problem:"

unsigned
mgd_http_status_for(const MgdStatus st)
{
  const size_t n = sizeof(status_rows) / sizeof(status_rows[0]);
  return (size_t)st < n ? status_rows[st].http : 500U;
}

const char*
mgd_http_reason(const unsigned status)
{
  for (size_t i = 0U; i < sizeof(http_rows) / sizeof(http_rows[0]); ++i) {
    if (http_rows[i].http == status) {
      return http_rows[i].reason;
    }
  }
  return status >= 500U ? "Server Error" : "Client Error";
}

static const char*
http_slug(const unsigned status)
{
  for (size_t i = 0U; i < sizeof(http_rows) / sizeof(http_rows[0]); ++i) {
    if (http_rows[i].http == status) {
      return http_rows[i].slug;
    }
  }
  return "error";
}

MgdStatus
mgd_http_json_string(MgdBuf* const out, const MgdStr s)
{
  static const char hex[] = "0123456789abcdef";
  MgdStatus         st    = mgd_buf_putc(out, '"');
  for (size_t i = 0U; !st && i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    if (c == '"' || c == '\\') {
      const char esc[2] = { '\\', (char)c };
      st                = mgd_buf_append(out, esc, 2U);
    } else if (c == '\n') {
      st = mgd_buf_append(out, "\\n", 2U);
    } else if (c == '\r') {
      st = mgd_buf_append(out, "\\r", 2U);
    } else if (c == '\t') {
      st = mgd_buf_append(out, "\\t", 2U);
    } else if (c < 0x20U || c == 0x7FU) {
      const char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15U] };
      st                = mgd_buf_append(out, esc, 6U);
    } else {
      st = mgd_buf_putc(out, (char)c);
    }
  }
  return st ? st : mgd_buf_putc(out, '"');
}

MgdStatus
mgd_http_xml_text(MgdBuf* const out, const MgdStr s)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    switch (c) {
    case '&': st = mgd_buf_appendc(out, "&amp;"); break;
    case '<': st = mgd_buf_appendc(out, "&lt;"); break;
    case '>': st = mgd_buf_appendc(out, "&gt;"); break;
    case '"': st = mgd_buf_appendc(out, "&quot;"); break;
    case '\'': st = mgd_buf_appendc(out, "&apos;"); break;
    default:
      if (c < 0x20U && c != '\n' && c != '\r' && c != '\t') {
        // XML 1.0 cannot carry these at all; U+FFFD keeps the output valid
        st = mgd_buf_appendc(out, "\xEF\xBF\xBD");
      } else {
        st = mgd_buf_putc(out, (char)c);
      }
    }
  }
  return st;
}

static void
problem_fill(MgdResponse* const response,
             const unsigned     status,
             const char* const  slug,
             const char* const  detail)
{
  MgdBuf* const body = &response->body;
  mgd_buf_reset(body);
  char head[64];
  snprintf(head, sizeof(head), ",\"status\":%u", status);
  MgdStatus st = mgd_buf_appendc(body, "{\"type\":\"" PROBLEM_TYPE_PREFIX);
  if (!st) {
    st = mgd_buf_appendc(body, slug);
  }
  if (!st) {
    st = mgd_buf_appendc(body, "\",\"title\":");
  }
  if (!st) {
    st = mgd_http_json_string(body, mgd_str(mgd_http_reason(status)));
  }
  if (!st) {
    st = mgd_buf_appendc(body, head);
  }
  if (!st && detail) {
    st = mgd_buf_appendc(body, ",\"detail\":");
    if (!st) {
      st = mgd_http_json_string(body, mgd_str(detail));
    }
  }
  if (!st) {
    st = mgd_buf_appendc(body, "}\n");
  }
  if (st) {
    mgd_buf_clear(body); // out of memory: an empty body still has the status
  }
  response->status       = status;
  response->content_type = "application/problem+json";
}

void
mgd_http_problem(const MgdRequest* const request,
                 MgdResponse* const      response,
                 const unsigned          status,
                 const char* const       detail)
{
  (void)request;
  problem_fill(response, status, http_slug(status), detail);
}

void
mgd_http_problem_st(const MgdRequest* const request,
                    MgdResponse* const      response,
                    const MgdStatus         st,
                    const char* const       detail)
{
  (void)request;
  const size_t n    = sizeof(status_rows) / sizeof(status_rows[0]);
  const char*  text = detail;
  if (st == MGD_BAD_FULL) {
    // The db grew the map when the write hit its end; the same request now
    // fits, but a streamed body cannot be replayed here, so the client does
    text = "the store had to grow; send the request again";
    mgd_http_header(response, "Retry-After", "1");
  }
  problem_fill(response,
               mgd_http_status_for(st),
               (size_t)st < n ? status_rows[st].slug : "internal-error",
               text ? text : mgd_strerror(st));
}

void
mgd_http_diag_capture(void* const handle, const MgdDiag* const diag)
{
  MgdHttpDiag* const d = (MgdHttpDiag*)handle;
  if (diag->level != MGD_LEVEL_ERROR || d->status) {
    return;
  }
  d->status             = diag->status ? diag->status : MGD_BAD_DATA;
  const char* const msg = diag->message ? diag->message : "";
  unsigned          l = 0U, c = 0U;
  int               used = 0;
  const bool located = sscanf(msg, "%u:%u:%n", &l, &c, &used) == 2 && used > 0;
  if (diag->line && !located) {
    snprintf(d->message,
             sizeof(d->message),
             "%u:%u: %s",
             diag->line,
             diag->col,
             diag->message ? diag->message : "error");
  } else {
    snprintf(d->message,
             sizeof(d->message),
             "%s",
             diag->message ? diag->message : "error");
  }
}

MgdStatus
mgd_http_url_encode(MgdBuf* const out, const MgdStr s)
{
  static const char hex[] = "0123456789ABCDEF";
  MgdStatus         st    = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      st = mgd_buf_putc(out, (char)c);
    } else {
      const char esc[3] = { '%', hex[c >> 4], hex[c & 15U] };
      st                = mgd_buf_append(out, esc, 3U);
    }
  }
  return st;
}
