// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// String views and a growable byte buffer.
///
/// MgdStr is a borrowed (pointer, length) view that owns nothing and need not
/// be NUL-terminated. MgdBuf owns its bytes and keeps them NUL-terminated.

#ifndef MGD_BASE_STR_H
#define MGD_BASE_STR_H

#include "status.h"

#include <stdbool.h>
#include <stddef.h>

/// A borrowed string view.
typedef struct {
  const char* ptr; ///< First byte (may be NULL when len is 0)
  size_t      len; ///< Length in bytes
} MgdStr;

/// View of a NUL-terminated C string (NULL gives the empty view).
MgdStr
mgd_str(const char* cstr);

/// View of `len` bytes at `ptr`.
MgdStr
mgd_str_n(const char* ptr, size_t len);

/// True if both views hold the same bytes.
bool
mgd_str_eq(MgdStr a, MgdStr b);

/// True if `a` equals the C string `b`.
bool
mgd_str_eqc(MgdStr a, const char* b);

/// True if `s` starts with the C string `prefix`.
bool
mgd_str_has_prefix(MgdStr s, const char* prefix);

/// Byte-wise comparison: negative, zero or positive like memcmp(3).
int
mgd_str_cmp(MgdStr a, MgdStr b);

/// A growable, NUL-terminated byte buffer. Zero-initialise or mgd_buf_init().
typedef struct {
  char*  data; ///< Bytes, NUL-terminated when cap > 0; owned
  size_t len;  ///< Bytes used (not counting the NUL)
  size_t cap;  ///< Bytes allocated
} MgdBuf;

/// Make `buf` empty without allocating.
void
mgd_buf_init(MgdBuf* buf);

/// Release the bytes of `buf` (NULL is fine) and make it empty.
void
mgd_buf_clear(MgdBuf* buf);

/// Ensure room for `extra` more bytes. MGD_BAD_ALLOC on failure.
MgdStatus
mgd_buf_reserve(MgdBuf* buf, size_t extra);

/// Append `n` bytes.
MgdStatus
mgd_buf_append(MgdBuf* buf, const void* bytes, size_t n);

/// Append a NUL-terminated string.
MgdStatus
mgd_buf_appendc(MgdBuf* buf, const char* cstr);

/// Append one byte.
MgdStatus
mgd_buf_putc(MgdBuf* buf, char c);

/// Append printf-formatted text.
MgdStatus
mgd_buf_printf(MgdBuf* buf, const char* fmt, ...)
  __attribute__((format(printf, 2, 3)));

/// Set the length to 0, keeping the allocation.
void
mgd_buf_reset(MgdBuf* buf);

/// View of the buffer's bytes (borrowed until the next change).
MgdStr
mgd_buf_str(const MgdBuf* buf);

#endif // MGD_BASE_STR_H
