// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// A bump allocator for per-request and per-query memory.
///
/// Everything allocated from an arena lives until mgd_arena_reset() or
/// mgd_arena_clear(); there is no per-object free. The arena counts the bytes
/// it holds and refuses to grow past `limit` (0 = unlimited) with NULL, so a
/// hostile query fails alone instead of exhausting the process.

#ifndef MGD_BASE_ARENA_H
#define MGD_BASE_ARENA_H

#include "str.h"

#include <stddef.h>

typedef struct MgdArenaBlock MgdArenaBlock;

/// A caller-allocated arena. Initialise with mgd_arena_init().
typedef struct {
  MgdArenaBlock* head;    ///< Newest block; owned
  size_t         n_bytes; ///< Bytes held in all blocks
  size_t         limit;   ///< Maximum bytes held, 0 for no limit
} MgdArena;

/// Initialise an empty arena holding at most `limit` bytes (0 = no limit).
void
mgd_arena_init(MgdArena* arena, size_t limit);

/// Release all memory of `arena` (NULL is fine).
void
mgd_arena_clear(MgdArena* arena);

/// Forget every allocation, keeping one block for reuse.
void
mgd_arena_reset(MgdArena* arena);

/// Allocate `size` bytes aligned for any type, or NULL (out of memory or over
/// the limit). Valid until the arena is reset or cleared.
void*
mgd_arena_alloc(MgdArena* arena, size_t size);

/// Allocate zeroed memory for `n` objects of `size` bytes, or NULL.
void*
mgd_arena_calloc(MgdArena* arena, size_t n, size_t size);

/// Copy `n` bytes plus a NUL into the arena, or NULL.
char*
mgd_arena_strndup(MgdArena* arena, const char* s, size_t n);

/// Copy a view into the arena (NUL-terminated). On failure returns a view
/// with ptr NULL.
MgdStr
mgd_arena_str(MgdArena* arena, MgdStr s);

#endif // MGD_BASE_ARENA_H
