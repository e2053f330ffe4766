// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// All unconsumed bytes sit in `work`; each feed appends and then consumes
// as far as the state machine can decide. In the body, bytes that could be
// the start of a delimiter are held back until the next feed settles it.

#include "multipart.h"

#include <string.h>

MgdStatus
mgd_multipart_init(MgdMultipart* const           mp,
                   const MgdStr                  boundary,
                   const MgdMultipartSink* const sink)
{
  memset(mp, 0, sizeof(*mp));
  mgd_buf_init(&mp->work);
  if (!boundary.len || boundary.len > MGD_MULTIPART_MAX_BOUNDARY) {
    return MGD_BAD_ARG;
  }
  memcpy(mp->delim, "\r\n--", 4U);
  memcpy(mp->delim + 4U, boundary.ptr, boundary.len);
  mp->n_delim = 4U + boundary.len;
  mp->sink    = *sink;
  mp->state   = MGD_MULTIPART_PREAMBLE;
  // The first delimiter may open the body without a CRLF before it
  return mgd_buf_append(&mp->work, "\r\n", 2U);
}

/// Find the delimiter in `s`; its offset, or the offset from which bytes
/// must be held back (a delimiter prefix at the end) with *found false.
static size_t
find_delim(const MgdMultipart* const mp, const MgdStr s, bool* const found)
{
  const size_t d = mp->n_delim;
  for (size_t i = 0U; i < s.len; ++i) {
    const char* const p = (const char*)memchr(s.ptr + i, '\r', s.len - i);
    if (!p) {
      break;
    }
    i                  = (size_t)(p - s.ptr);
    const size_t avail = s.len - i;
    if (!memcmp(p, mp->delim, avail < d ? avail : d)) {
      *found = avail >= d;
      return i;
    }
  }
  *found = false;
  return s.len;
}

/// A header's value if `line` is `name: value` (name case-insensitive).
static bool
header_value(const MgdStr line, const char* const name, MgdStr* const value)
{
  const size_t n = strlen(name);
  if (line.len <= n || line.ptr[n] != ':') {
    return false;
  }
  for (size_t i = 0U; i < n; ++i) {
    const char c = line.ptr[i];
    if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != name[i]) {
      return false;
    }
  }
  size_t start = n + 1U;
  while (start < line.len &&
         (line.ptr[start] == ' ' || line.ptr[start] == '\t')) {
    ++start;
  }
  *value = mgd_str_n(line.ptr + start, line.len - start);
  return true;
}

static MgdStatus
parse_headers(MgdMultipart* const mp, const MgdStr block)
{
  char   type[128] = "";
  MgdStr filename  = mgd_str_n(NULL, 0U);
  size_t i         = 0U;
  while (i < block.len) {
    const char* const eol =
      (const char*)memchr(block.ptr + i, '\n', block.len - i);
    size_t       end  = eol ? (size_t)(eol - block.ptr) : block.len;
    const size_t next = end + 1U;
    if (end > i && block.ptr[end - 1U] == '\r') {
      --end;
    }
    const MgdStr line = mgd_str_n(block.ptr + i, end - i);
    MgdStr       value;
    if (header_value(line, "content-type", &value)) {
      const size_t n =
        value.len < sizeof(type) - 1U ? value.len : sizeof(type) - 1U;
      memcpy(type, value.ptr, n);
      type[n] = '\0';
    } else if (header_value(line, "content-disposition", &value)) {
      // filename="x" (RFC 7578 §4.2); senders do not escape inside it
      for (size_t k = 0U; k + 10U <= value.len; ++k) {
        if (!strncmp(value.ptr + k, "filename=\"", 10U)) {
          const char* const start = value.ptr + k + 10U;
          const char* const close =
            (const char*)memchr(start, '"', value.len - k - 10U);
          if (close) {
            filename = mgd_str_n(start, (size_t)(close - start));
          }
          break;
        }
      }
    }
    i = next;
  }
  // Media type without parameters, lower case
  char* const semi = strchr(type, ';');
  if (semi) {
    *semi = '\0';
  }
  size_t n = strlen(type);
  while (n && (type[n - 1U] == ' ' || type[n - 1U] == '\t')) {
    type[--n] = '\0';
  }
  for (size_t k = 0U; k < n; ++k) {
    type[k] = (char)(type[k] >= 'A' && type[k] <= 'Z' ? type[k] + 32 : type[k]);
  }
  ++mp->n_parts;
  return mp->sink.on_part(mp->sink.handle, mgd_str_n(type, n), filename);
}

/// Consume what the state machine can from `s`: `*used` bytes; `*more` if
/// the state changed and the rest should be looked at again.
static MgdStatus
step(MgdMultipart* const mp,
     const MgdStr        s,
     size_t* const       used,
     bool* const         more)
{
  *used = 0U;
  *more = false;
  switch (mp->state) {
  case MGD_MULTIPART_PREAMBLE:
  case MGD_MULTIPART_BODY: {
    bool         found = false;
    const size_t at    = find_delim(mp, s, &found);
    if (mp->state == MGD_MULTIPART_BODY && at) {
      const MgdStatus st = mp->sink.on_data(mp->sink.handle, s.ptr, at);
      if (st) {
        return st;
      }
    }
    *used = at;
    if (found) {
      if (mp->state == MGD_MULTIPART_BODY) {
        const MgdStatus st = mp->sink.on_part_end(mp->sink.handle);
        if (st) {
          return st;
        }
      }
      *used += mp->n_delim;
      mp->state = MGD_MULTIPART_AFTER;
      *more     = true;
    }
    return MGD_SUCCESS;
  }
  case MGD_MULTIPART_AFTER:
    // "--" closes; otherwise optional whitespace, then CRLF (RFC 2046)
    if (s.len && s.ptr[0] == '-') {
      if (s.len < 2U) {
        return MGD_SUCCESS; // wait for the second byte
      }
      if (s.ptr[1] != '-') {
        return MGD_BAD_SYNTAX;
      }
      mp->state = MGD_MULTIPART_DONE;
      *used     = s.len;
      return MGD_SUCCESS;
    }
    // Transport padding after a delimiter: at most 256 bytes, however the
    // body is cut into feeds (the same answer whole or byte by byte)
    for (size_t i = 0U; i < s.len; ++i) {
      if (s.ptr[i] == '\n') {
        *used     = i + 1U;
        mp->state = MGD_MULTIPART_HEADERS;
        *more     = true;
        return MGD_SUCCESS;
      }
      if ((s.ptr[i] != ' ' && s.ptr[i] != '\t' && s.ptr[i] != '\r') ||
          i >= 256U) {
        return MGD_BAD_SYNTAX;
      }
    }
    if (s.len > 256U) {
      return MGD_BAD_SYNTAX;
    }
    return MGD_SUCCESS;
  case MGD_MULTIPART_HEADERS: {
    if (s.len && (s.ptr[0] == '\n' ||
                  (s.ptr[0] == '\r' && s.len >= 2U && s.ptr[1] == '\n'))) {
      // No headers at all: the content starts at once
      const MgdStatus st = parse_headers(mp, mgd_str_n(s.ptr, 0U));
      *used              = s.ptr[0] == '\n' ? 1U : 2U;
      mp->state          = MGD_MULTIPART_BODY;
      *more              = true;
      return st;
    }
    if (s.len == 1U && s.ptr[0] == '\r') {
      return MGD_SUCCESS;
    }
    for (size_t i = 0U; i + 1U < s.len; ++i) {
      // The header block ends at an empty line (CRLF CRLF, or bare LFs)
      if (s.ptr[i] == '\n' &&
          (s.ptr[i + 1U] == '\n' || (s.ptr[i + 1U] == '\r' && i + 2U < s.len &&
                                     s.ptr[i + 2U] == '\n'))) {
        const size_t    end = i + (s.ptr[i + 1U] == '\n' ? 2U : 3U);
        const MgdStatus st  = parse_headers(mp, mgd_str_n(s.ptr, i));
        *used               = end;
        mp->state           = MGD_MULTIPART_BODY;
        *more               = true;
        return st;
      }
      if (i >= MGD_MULTIPART_MAX_HEADER) {
        return MGD_BAD_LIMIT;
      }
    }
    return s.len > MGD_MULTIPART_MAX_HEADER ? MGD_BAD_LIMIT : MGD_SUCCESS;
  }
  case MGD_MULTIPART_DONE: *used = s.len; return MGD_SUCCESS;
  }
  return MGD_BAD_ARG;
}

MgdStatus
mgd_multipart_feed(MgdMultipart* const mp,
                   const char* const   bytes,
                   const size_t        n)
{
  if (mp->status) {
    return mp->status;
  }
  if (mp->state == MGD_MULTIPART_DONE) {
    return MGD_SUCCESS; // the epilogue is ignored
  }
  MgdStatus st   = mgd_buf_append(&mp->work, bytes, n);
  size_t    at   = 0U;
  bool      more = true;
  while (!st && more) {
    size_t used = 0U;
    st =
      step(mp, mgd_str_n(mp->work.data + at, mp->work.len - at), &used, &more);
    at += used;
  }
  if (!st && at) {
    memmove(mp->work.data, mp->work.data + at, mp->work.len - at);
    mp->work.len -= at;
    mp->work.data[mp->work.len] = '\0';
  }
  mp->status = st;
  return st;
}

MgdStatus
mgd_multipart_finish(MgdMultipart* const mp)
{
  if (mp->status) {
    return mp->status;
  }
  if (mp->state != MGD_MULTIPART_DONE) {
    mp->status = MGD_BAD_SYNTAX;
  }
  return mp->status;
}

void
mgd_multipart_clear(MgdMultipart* const mp)
{
  if (mp) {
    mgd_buf_clear(&mp->work);
  }
}
