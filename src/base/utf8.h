// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// UTF-8 validation, decoding and encoding (RFC 3629: no surrogates, no
/// overlong forms, nothing above U+10FFFF).

#ifndef MGD_BASE_UTF8_H
#define MGD_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/// Return the offset of the first invalid byte of `s[0..n)`, or `n` if all of
/// it is valid UTF-8.
size_t
mgd_utf8_check(const char* s, size_t n);

/// Decode one code point at `s` (at most `n` bytes). Returns the number of
/// bytes read (1-4) and stores the code point in `*cp`, or returns 0 for an
/// invalid sequence.
size_t
mgd_utf8_decode(const char* s, size_t n, uint32_t* cp);

/// Encode `cp` into `out` (room for 4 bytes); returns bytes written, 0 if
/// `cp` is not a Unicode scalar value.
size_t
mgd_utf8_encode(uint32_t cp, char* out);

/// Number of code points in valid UTF-8 `s[0..n)`.
size_t
mgd_utf8_length(const char* s, size_t n);

#endif // MGD_BASE_UTF8_H
