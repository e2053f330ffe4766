// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "str.h"

#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

MgdStr
mgd_str(const char* const cstr)
{
  const MgdStr s = {cstr, cstr ? strlen(cstr) : 0U};
  return s;
}

MgdStr
mgd_str_n(const char* const ptr, const size_t len)
{
  const MgdStr s = {ptr, len};
  return s;
}

bool
mgd_str_eq(const MgdStr a, const MgdStr b)
{
  return a.len == b.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len));
}

bool
mgd_str_eqc(const MgdStr a, const char* const b)
{
  return mgd_str_eq(a, mgd_str(b));
}

bool
mgd_str_has_prefix(const MgdStr s, const char* const prefix)
{
  const size_t n = strlen(prefix);
  return s.len >= n && !memcmp(s.ptr, prefix, n);
}

int
mgd_str_cmp(const MgdStr a, const MgdStr b)
{
  const size_t n = a.len < b.len ? a.len : b.len;
  const int    c = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (c) {
    return c;
  }
  return (a.len > b.len) - (a.len < b.len);
}

void
mgd_buf_init(MgdBuf* const buf)
{
  buf->data = NULL;
  buf->len  = 0U;
  buf->cap  = 0U;
}

void
mgd_buf_clear(MgdBuf* const buf)
{
  if (buf) {
    mgd_free(buf->data);
    mgd_buf_init(buf);
  }
}

MgdStatus
mgd_buf_reserve(MgdBuf* const buf, const size_t extra)
{
  const size_t need = buf->len + extra + 1U;
  if (need <= buf->cap) {
    return MGD_SUCCESS;
  }
  if (need < buf->len) {
    return MGD_BAD_ALLOC; // overflow
  }
  size_t cap = buf->cap ? buf->cap : 64U;
  while (cap < need) {
    cap *= 2U;
  }
  char* const data = (char*)mgd_realloc(buf->data, cap);
  if (!data) {
    return MGD_BAD_ALLOC;
  }
  buf->data = data;
  buf->cap  = cap;
  return MGD_SUCCESS;
}

MgdStatus
mgd_buf_append(MgdBuf* const buf, const void* const bytes, const size_t n)
{
  const MgdStatus st = mgd_buf_reserve(buf, n);
  if (st) {
    return st;
  }
  if (n) {
    memcpy(buf->data + buf->len, bytes, n);
  }
  buf->len += n;
  buf->data[buf->len] = '\0';
  return MGD_SUCCESS;
}

MgdStatus
mgd_buf_appendc(MgdBuf* const buf, const char* const cstr)
{
  return mgd_buf_append(buf, cstr, strlen(cstr));
}

MgdStatus
mgd_buf_putc(MgdBuf* const buf, const char c)
{
  return mgd_buf_append(buf, &c, 1U);
}

MgdStatus
mgd_buf_printf(MgdBuf* const buf, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  char      small[256];
  const int n = vsnprintf(small, sizeof(small), fmt, args);
  va_end(args);
  if (n < 0) {
    return MGD_BAD_ARG;
  }
  if ((size_t)n < sizeof(small)) {
    return mgd_buf_append(buf, small, (size_t)n);
  }
  const MgdStatus st = mgd_buf_reserve(buf, (size_t)n);
  if (st) {
    return st;
  }
  va_start(args, fmt);
  vsnprintf(buf->data + buf->len, (size_t)n + 1U, fmt, args);
  va_end(args);
  buf->len += (size_t)n;
  return MGD_SUCCESS;
}

void
mgd_buf_reset(MgdBuf* const buf)
{
  buf->len = 0U;
  if (buf->cap) {
    buf->data[0] = '\0';
  }
}

MgdStr
mgd_buf_str(const MgdBuf* const buf)
{
  return mgd_str_n(buf->data, buf->len);
}
