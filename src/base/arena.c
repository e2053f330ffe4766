// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "arena.h"

#include "alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

struct MgdArenaBlock {
  MgdArenaBlock* next; ///< Older block
  size_t         size; ///< Usable bytes in data
  size_t         used; ///< Bytes handed out
  alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK_MIN = 16384 };

void
mgd_arena_init(MgdArena* const arena, const size_t limit)
{
  arena->head    = NULL;
  arena->n_bytes = 0U;
  arena->limit   = limit;
}

void
mgd_arena_reset(MgdArena* const arena)
{
  // Keep the newest (largest) block so a reset-per-item loop does not
  // allocate again; free the rest.
  MgdArenaBlock* const keep = arena->head;
  MgdArenaBlock*       b    = keep ? keep->next : NULL;
  while (b) {
    MgdArenaBlock* const next = b->next;
    mgd_free(b);
    b = next;
  }
  if (keep) {
    keep->next     = NULL;
    keep->used     = 0U;
    arena->n_bytes = keep->size;
  }
}

void
mgd_arena_clear(MgdArena* const arena)
{
  if (arena) {
    MgdArenaBlock* b = arena->head;
    while (b) {
      MgdArenaBlock* const next = b->next;
      mgd_free(b);
      b = next;
    }
    arena->head    = NULL;
    arena->n_bytes = 0U;
  }
}

void*
mgd_arena_alloc(MgdArena* const arena, const size_t size)
{
  const size_t align   = alignof(max_align_t);
  const size_t rounded = (size + align - 1U) & ~(align - 1U);
  if (rounded < size) {
    return NULL;
  }
  MgdArenaBlock* b = arena->head;
  if (!b || b->size - b->used < rounded) {
    size_t bsize = ARENA_BLOCK_MIN;
    if (b && b->size < (SIZE_MAX / 4U)) {
      bsize = b->size * 2U; // grow geometrically: few blocks for big queries
    }
    if (bsize > (size_t)1 << 24) {
      bsize = (size_t)1 << 24;
    }
    if (bsize < rounded) {
      bsize = rounded;
    }
    if (arena->limit && arena->n_bytes + bsize > arena->limit) {
      if (arena->n_bytes + rounded > arena->limit) {
        return NULL;
      }
      bsize = rounded;
    }
    b = (MgdArenaBlock*)mgd_malloc(sizeof(MgdArenaBlock) + bsize);
    if (!b) {
      return NULL;
    }
    b->next = arena->head;
    b->size = bsize;
    b->used = 0U;
    arena->head = b;
    arena->n_bytes += bsize;
  }
  void* const ptr = b->data + b->used;
  b->used += rounded;
  return ptr;
}

void*
mgd_arena_calloc(MgdArena* const arena, const size_t n, const size_t size)
{
  if (size && n > SIZE_MAX / size) {
    return NULL;
  }
  void* const ptr = mgd_arena_alloc(arena, n * size);
  if (ptr) {
    memset(ptr, 0, n * size);
  }
  return ptr;
}

char*
mgd_arena_strndup(MgdArena* const arena, const char* const s, const size_t n)
{
  char* const copy = (char*)mgd_arena_alloc(arena, n + 1U);
  if (copy) {
    if (n) {
      memcpy(copy, s, n);
    }
    copy[n] = '\0';
  }
  return copy;
}

MgdStr
mgd_arena_str(MgdArena* const arena, const MgdStr s)
{
  const char* const copy = mgd_arena_strndup(arena, s.ptr, s.len);
  return mgd_str_n(copy, copy ? s.len : 0U);
}
