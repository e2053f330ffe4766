// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "utf8.h"

#include <string.h>

size_t
mgd_utf8_decode(const char* const s, const size_t n, uint32_t* const cp)
{
  const unsigned char* const u = (const unsigned char*)s;
  if (!n) {
    return 0U;
  }
  const unsigned c = u[0];
  if (c < 0x80U) {
    *cp = c;
    return 1U;
  }
  size_t   len = 0U;
  uint32_t min = 0U;
  uint32_t v   = 0U;
  if ((c & 0xE0U) == 0xC0U) {
    len = 2U, min = 0x80U, v = c & 0x1FU;
  } else if ((c & 0xF0U) == 0xE0U) {
    len = 3U, min = 0x800U, v = c & 0x0FU;
  } else if ((c & 0xF8U) == 0xF0U) {
    len = 4U, min = 0x10000U, v = c & 0x07U;
  } else {
    return 0U;
  }
  if (n < len) {
    return 0U;
  }
  for (size_t i = 1U; i < len; ++i) {
    if ((u[i] & 0xC0U) != 0x80U) {
      return 0U;
    }
    v = (v << 6U) | (u[i] & 0x3FU);
  }
  if (v < min || v > 0x10FFFFU || (v >= 0xD800U && v <= 0xDFFFU)) {
    return 0U;
  }
  *cp = v;
  return len;
}

size_t
mgd_utf8_check(const char* const s, const size_t n)
{
  size_t i = 0U;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time.
    while (i + 8U <= n) {
      uint64_t w = 0U;
      memcpy(&w, s + i, 8U);
      if (w & 0x8080808080808080ULL) {
        break;
      }
      i += 8U;
    }
    if (i >= n) {
      break;
    }
    if ((unsigned char)s[i] < 0x80U) {
      ++i;
      continue;
    }
    uint32_t     cp  = 0U;
    const size_t len = mgd_utf8_decode(s + i, n - i, &cp);
    if (!len) {
      return i;
    }
    i += len;
  }
  return n;
}

size_t
mgd_utf8_encode(const uint32_t cp, char* const out)
{
  unsigned char* const u = (unsigned char*)out;
  if (cp < 0x80U) {
    u[0] = (unsigned char)cp;
    return 1U;
  }
  if (cp < 0x800U) {
    u[0] = (unsigned char)(0xC0U | (cp >> 6U));
    u[1] = (unsigned char)(0x80U | (cp & 0x3FU));
    return 2U;
  }
  if (cp >= 0xD800U && cp <= 0xDFFFU) {
    return 0U;
  }
  if (cp < 0x10000U) {
    u[0] = (unsigned char)(0xE0U | (cp >> 12U));
    u[1] = (unsigned char)(0x80U | ((cp >> 6U) & 0x3FU));
    u[2] = (unsigned char)(0x80U | (cp & 0x3FU));
    return 3U;
  }
  if (cp <= 0x10FFFFU) {
    u[0] = (unsigned char)(0xF0U | (cp >> 18U));
    u[1] = (unsigned char)(0x80U | ((cp >> 12U) & 0x3FU));
    u[2] = (unsigned char)(0x80U | ((cp >> 6U) & 0x3FU));
    u[3] = (unsigned char)(0x80U | (cp & 0x3FU));
    return 4U;
  }
  return 0U;
}

size_t
mgd_utf8_length(const char* const s, const size_t n)
{
  size_t count = 0U;
  for (size_t i = 0U; i < n; ++i) {
    count += ((unsigned char)s[i] & 0xC0U) != 0x80U;
  }
  return count;
}
