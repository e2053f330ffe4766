// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "spool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

MgdStatus
mgd_spool_init(MgdSpool* const spool, const bool gzip)
{
  memset(spool, 0, sizeof(*spool));
  spool->fd   = -1;
  spool->gzip = gzip;
  if (gzip) {
    // windowBits 15 + 16: a gzip member, as Content-Encoding: gzip wants
    if (deflateInit2(
          &spool->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      return MGD_BAD_ALLOC;
    }
    spool->z_init = true;
  }
  return MGD_SUCCESS;
}

static MgdStatus
spool_open_file(MgdSpool* const spool)
{
  const char* dir = getenv("TMPDIR");
  char        path[4096];
  snprintf(
    path, sizeof(path), "%s/mugdat-spool-XXXXXX", dir && *dir ? dir : "/tmp");
  const int fd = mkstemp(path);
  if (fd < 0) {
    return MGD_BAD_IO;
  }
  unlink(path); // gone when closed, even if we crash
  spool->fd = fd;
  return MGD_SUCCESS;
}

static MgdStatus
spool_store(MgdSpool* const spool, const char* bytes, size_t n)
{
  if (spool->n_bytes + n > MGD_SPOOL_MAX_BYTES) {
    return MGD_BAD_LIMIT;
  }
  if (spool->fd < 0 && spool->mem.len + n <= MGD_SPOOL_MEMORY) {
    spool->n_bytes += n;
    return n ? mgd_buf_append(&spool->mem, bytes, n) : MGD_SUCCESS;
  }
  if (spool->fd < 0) {
    MgdStatus st = spool_open_file(spool);
    if (st) {
      return st;
    }
    // Move what memory held to the file first
    const MgdStr held = mgd_buf_str(&spool->mem);
    spool->n_bytes -= held.len;
    st = spool_store(spool, held.ptr, held.len);
    mgd_buf_clear(&spool->mem);
    if (st) {
      return st;
    }
  }
  while (n) {
    const ssize_t w = write(spool->fd, bytes, n);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      return MGD_BAD_IO;
    }
    bytes += w;
    n -= (size_t)w;
    spool->n_bytes += (uint64_t)w;
  }
  return MGD_SUCCESS;
}

static MgdStatus
spool_deflate(MgdSpool* const   spool,
              const char* const bytes,
              const size_t      n,
              const int         flush)
{
  z_stream* const z = &spool->z;
  z->next_in        = (Bytef*)(uintptr_t)bytes;
  z->avail_in       = (uInt)n;
  for (;;) {
    MgdStatus st = mgd_buf_reserve(&spool->zbuf, 65536U);
    if (st) {
      return st;
    }
    mgd_buf_reset(&spool->zbuf);
    z->next_out           = (Bytef*)spool->zbuf.data;
    z->avail_out          = (uInt)(spool->zbuf.cap - 1U);
    const int    zr       = deflate(z, flush);
    const size_t produced = spool->zbuf.cap - 1U - z->avail_out;
    st                    = spool_store(spool, spool->zbuf.data, produced);
    if (st) {
      return st;
    }
    if (zr == Z_STREAM_END) {
      return MGD_SUCCESS;
    }
    if (zr != Z_OK && zr != Z_BUF_ERROR) {
      return MGD_BAD_INTERNAL;
    }
    if (z->avail_in == 0U && z->avail_out > 0U && flush != Z_FINISH) {
      return MGD_SUCCESS;
    }
  }
}

MgdStatus
mgd_spool_write(MgdSpool* const spool, const char* const bytes, const size_t n)
{
  if (!n) {
    return MGD_SUCCESS;
  }
  return spool->gzip ? spool_deflate(spool, bytes, n, Z_NO_FLUSH)
                     : spool_store(spool, bytes, n);
}

MgdStatus
mgd_spool_finish(MgdSpool* const spool)
{
  return spool->gzip ? spool_deflate(spool, NULL, 0U, Z_FINISH) : MGD_SUCCESS;
}

void
mgd_spool_to_response(MgdSpool* const spool, MgdResponse* const response)
{
  mgd_buf_clear(&response->body);
  if (spool->fd >= 0) {
    response->fd      = spool->fd;
    response->fd_size = spool->n_bytes;
    spool->fd         = -1;
  } else {
    response->body = spool->mem;
    mgd_buf_init(&spool->mem);
  }
  response->is_encoded = spool->gzip;
  if (spool->gzip) {
    mgd_http_header(response, "Content-Encoding", "gzip");
  }
}

void
mgd_spool_clear(MgdSpool* const spool)
{
  if (!spool) {
    return;
  }
  if (spool->z_init) {
    deflateEnd(&spool->z);
    spool->z_init = false;
  }
  if (spool->fd >= 0) {
    close(spool->fd);
    spool->fd = -1;
  }
  mgd_buf_clear(&spool->mem);
  mgd_buf_clear(&spool->zbuf);
}
