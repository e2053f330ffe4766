// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target: Accept / Accept-Encoding / Content-Type parsing.
// Oracles: the chosen offer is in range and no other offer has a strictly
// higher quality; -1 only when every offer has quality 0; the media type of
// a Content-Type is lower case with exactly one '/'.

#include "base/arena.h"
#include "http/conneg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static const char* const offers[] = {
  "application/sparql-results+json",
  "application/sparql-results+xml",
  "text/csv",
  "text/tab-separated-values",
  "text/turtle",
  "application/ld+json",
};

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  char* const header = (char*)malloc(size + 1U);
  if (!header) {
    return 0;
  }
  memcpy(header, data, size);
  header[size] = '\0'; // MHD hands headers over as C strings

  const size_t n      = sizeof(offers) / sizeof(offers[0]);
  const int    chosen = mgd_conneg_choose(header, offers, n);
  if (chosen < -1 || chosen >= (int)n) {
    abort();
  }
  unsigned best = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const unsigned q = mgd_conneg_quality(header, offers[i], false);
    if (q > 1000U || mgd_conneg_quality(header, offers[i], true) > 1000U) {
      abort();
    }
    best = q > best ? q : best;
  }
  if (chosen < 0 ? best != 0U
                 : mgd_conneg_quality(header, offers[chosen], false) != best) {
    abort();
  }

  (void)mgd_conneg_accepts_coding(header, "gzip");

  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  const MgdStr type    = mgd_conneg_media_type(&arena, header);
  size_t       n_slash = 0U;
  for (size_t i = 0U; i < type.len; ++i) {
    n_slash += type.ptr[i] == '/';
    if (type.ptr[i] >= 'A' && type.ptr[i] <= 'Z') {
      abort();
    }
  }
  if (type.len && n_slash != 1U) {
    abort();
  }
  mgd_arena_clear(&arena);
  free(header);
  return 0;
}
