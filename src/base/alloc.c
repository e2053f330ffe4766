// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

// Per-thread so that a test's fault injection never hits another thread.
static _Thread_local long          fail_after = -1;
static _Thread_local unsigned long n_allocs   = 0;

static int
alloc_should_fail(void)
{
  ++n_allocs;
  if (fail_after < 0) {
    return 0;
  }
  if (fail_after == 0) {
    return 1;
  }
  --fail_after;
  return 0;
}

void*
mgd_malloc(const size_t size)
{
  return alloc_should_fail() ? NULL : malloc(size ? size : 1);
}

void*
mgd_calloc(const size_t n, const size_t size)
{
  return alloc_should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void*
mgd_realloc(void* const ptr, const size_t size)
{
  return alloc_should_fail() ? NULL : realloc(ptr, size ? size : 1);
}

void
mgd_free(void* const ptr)
{
  free(ptr);
}

char*
mgd_strndup(const char* const s, const size_t n)
{
  char* const copy = (char*)mgd_malloc(n + 1);
  if (copy) {
    if (n) {
      memcpy(copy, s, n);
    }
    copy[n] = '\0';
  }
  return copy;
}

void
mgd_alloc_fail_after(const long n)
{
  fail_after = n;
}

unsigned long
mgd_alloc_count(void)
{
  return n_allocs;
}
