// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Static files from --www. The path MHD hands us is never trusted: it is
// decoded once by server.c (so %2e%2e is already ".."), every segment is
// checked, and the resolved file must still lie under realpath(www_dir),
// which also rules out symlinks that lead outside.

#include "server_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/// Files up to this size are read into memory (and may be gzipped);
/// larger ones are sent from the file descriptor.
#define STATIC_INLINE_MAX ((size_t)1 << 20)

static const struct {
  const char* ext;
  const char* type;
} content_types[] = {
  { ".html", "text/html; charset=utf-8" },
  { ".htm", "text/html; charset=utf-8" },
  { ".css", "text/css; charset=utf-8" },
  { ".js", "text/javascript; charset=utf-8" },
  { ".mjs", "text/javascript; charset=utf-8" },
  { ".json", "application/json" },
  { ".jsonld", "application/ld+json" },
  { ".ttl", "text/turtle; charset=utf-8" },
  { ".nt", "application/n-triples" },
  { ".rq", "application/sparql-query" },
  { ".txt", "text/plain; charset=utf-8" },
  { ".svg", "image/svg+xml" },
  { ".png", "image/png" },
  { ".jpg", "image/jpeg" },
  { ".jpeg", "image/jpeg" },
  { ".gif", "image/gif" },
  { ".ico", "image/x-icon" },
  { ".webp", "image/webp" },
  { ".woff2", "font/woff2" },
  { ".wasm", "application/wasm" },
};

static const char*
type_for(const char* const path)
{
  const char* const slash = strrchr(path, '/');
  const char* const dot   = strrchr(slash ? slash : path, '.');
  if (dot) {
    for (size_t i = 0U; i < sizeof(content_types) / sizeof(content_types[0]);
         ++i) {
      if (!strcasecmp(dot, content_types[i].ext)) {
        return content_types[i].type;
      }
    }
  }
  return "application/octet-stream";
}

/// True if every segment of `path` is an ordinary name: no "." or "..", no
/// hidden files, no backslashes or control characters, no empty segments.
static bool
path_is_safe(const MgdStr path)
{
  size_t seg_start = 1U;
  for (size_t i = 1U; i <= path.len; ++i) {
    const char c = i < path.len ? path.ptr[i] : '/';
    if ((unsigned char)c < 0x20U || c == '\\' || c == 0x7F) {
      return false;
    }
    if (c == '/') {
      const size_t n = i - seg_start;
      if (n == 0U && i < path.len) {
        return false; // "//"
      }
      if (n > 0U && path.ptr[seg_start] == '.') {
        return false; // ".", ".." and dot-files
      }
      seg_start = i + 1U;
    }
  }
  return true;
}

static void
not_found(const MgdRequest* const request, MgdResponse* const response)
{
  mgd_http_problem(request, response, 404U, "no such resource");
}

void
mgd_ep_static(MgdServer* const   server,
              MgdRequest* const  request,
              MgdResponse* const response)
{
  if (!server->www_real) {
    not_found(request, response);
    return;
  }
  const MgdStr path = request->path;
  if (!path_is_safe(path)) {
    not_found(request, response);
    return;
  }
  const bool   is_dir = path.ptr[path.len - 1U] == '/';
  const size_t n_root = strlen(server->www_real);
  const size_t n_full = n_root + path.len + sizeof("index.html");
  char* const  full   = (char*)mgd_arena_alloc(request->arena, n_full);
  if (!full) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return;
  }
  memcpy(full, server->www_real, n_root);
  memcpy(full + n_root, path.ptr, path.len);
  full[n_root + path.len] = '\0';
  if (is_dir) {
    strcat(full, "index.html");
  }

  char* const real = realpath(full, NULL);
  if (!real || strncmp(real, server->www_real, n_root) || real[n_root] != '/') {
    free(real);
    not_found(request, response);
    return;
  }
  const int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  free(real);
  struct stat info;
  if (fd < 0 || fstat(fd, &info)) {
    if (fd >= 0) {
      close(fd);
    }
    not_found(request, response);
    return;
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    // A directory without the slash: send the browser to the slashed URL so
    // relative links in its index.html resolve
    char* const location =
      (char*)mgd_arena_alloc(request->arena, request->raw_path.len + 2U);
    if (!location) {
      mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
      return;
    }
    memcpy(location, request->raw_path.ptr, request->raw_path.len);
    memcpy(location + request->raw_path.len, "/", 2U);
    mgd_http_problem(request, response, 301U, "moved");
    mgd_http_header(response, "Location", location);
    return;
  }
  if (!S_ISREG(info.st_mode)) {
    close(fd);
    not_found(request, response);
    return;
  }

  response->status       = 200U;
  response->content_type = type_for(full);
  mgd_http_header(response, "Cache-Control", "no-cache");
  mgd_http_header(response, "X-Content-Type-Options", "nosniff");
  const size_t size = (size_t)info.st_size;
  if (size > STATIC_INLINE_MAX) {
    response->fd      = fd;
    response->fd_size = (uint64_t)info.st_size;
    return;
  }
  MgdStatus st  = mgd_buf_reserve(&response->body, size + 1U);
  size_t    got = 0U;
  while (!st && got < size) {
    const ssize_t n = read(fd, response->body.data + got, size - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      st = MGD_BAD_IO;
    } else {
      got += (size_t)n;
    }
  }
  close(fd);
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  response->body.len       = got;
  response->body.data[got] = '\0';
}
