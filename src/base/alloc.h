// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Allocation wrappers. All MUGDAT heap allocation goes through these, so a
/// test can make the Nth allocation of the current thread fail
/// (STYLE.md §4, allocation-failure tests). They return NULL on failure and
/// never abort.

#ifndef MGD_BASE_ALLOC_H
#define MGD_BASE_ALLOC_H

#include <stddef.h>

/// malloc(3) that can be made to fail by mgd_alloc_fail_after().
void*
mgd_malloc(size_t size);

/// calloc(3) that can be made to fail by mgd_alloc_fail_after().
void*
mgd_calloc(size_t n, size_t size);

/// realloc(3) that can be made to fail by mgd_alloc_fail_after().
void*
mgd_realloc(void* ptr, size_t size);

/// free(3); accepts NULL.
void
mgd_free(void* ptr);

/// Copy `n` bytes of `s` and a terminating NUL. Owned by caller (mgd_free).
char*
mgd_strndup(const char* s, size_t n);

/// Test hook: the allocation after `n` more successful ones on this thread
/// fails (and all later ones until reset). A negative `n` turns failure off.
void
mgd_alloc_fail_after(long n);

/// Test hook: the number of allocations made on this thread so far.
unsigned long
mgd_alloc_count(void);

#endif // MGD_BASE_ALLOC_H
