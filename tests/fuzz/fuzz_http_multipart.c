// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target: the streaming multipart/form-data reader.
// Oracle: reading the body whole and in chunks (sizes taken from the first
// input byte) gives the same parts, bytes and status.

#include "base/str.h"
#include "http/multipart.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdStatus
on_part(void* const h, const MgdStr type, const MgdStr filename)
{
  MgdBuf* const log = (MgdBuf*)h;
  mgd_buf_putc(log, '[');
  mgd_buf_append(log, type.ptr, type.len);
  mgd_buf_putc(log, '|');
  mgd_buf_append(log, filename.ptr, filename.len);
  return mgd_buf_putc(log, '>');
}

static MgdStatus
on_data(void* const h, const char* const bytes, const size_t n)
{
  if (!n) {
    abort(); // empty data calls would be pointless
  }
  return mgd_buf_append((MgdBuf*)h, bytes, n);
}

static MgdStatus
on_end(void* const h)
{
  return mgd_buf_putc((MgdBuf*)h, ']');
}

static MgdStatus
read_body(const char* const body,
          const size_t      n,
          const size_t      chunk,
          MgdBuf* const     log)
{
  MgdMultipart           mp;
  const MgdMultipartSink sink = { log, on_part, on_data, on_end };
  MgdStatus st = mgd_multipart_init(&mp, mgd_str("b0undary"), &sink);
  for (size_t i = 0U; !st && i < n; i += chunk) {
    st = mgd_multipart_feed(&mp, body + i, n - i < chunk ? n - i : chunk);
  }
  st = st ? st : mgd_multipart_finish(&mp);
  mgd_multipart_clear(&mp);
  return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!size) {
    return 0;
  }
  const size_t      chunk = (size_t)data[0] % 17U + 1U;
  const char* const body  = (const char*)data + 1;
  const size_t      n     = size - 1U;
  MgdBuf            whole;
  MgdBuf            parts;
  mgd_buf_init(&whole);
  mgd_buf_init(&parts);
  const MgdStatus st_whole = read_body(body, n, n ? n : 1U, &whole);
  const MgdStatus st_parts = read_body(body, n, chunk, &parts);
  if (st_whole != st_parts) {
    abort();
  }
  if (!st_whole && !mgd_str_eq(mgd_buf_str(&whole), mgd_buf_str(&parts))) {
    abort();
  }
  mgd_buf_clear(&whole);
  mgd_buf_clear(&parts);
  return 0;
}
