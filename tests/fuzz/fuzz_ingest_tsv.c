// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the TSV reader used by BIDS tables and csvw file
// lists. Oracles: the fields of each row, joined with tabs, give back the
// row's line (minus a CR before its LF); row line numbers increase; input
// with a NUL byte or invalid UTF-8 fails with MGD_BAD_SYNTAX and a line
// number within the input.

#include "ingest/mmds_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  MgdTsv          t;
  unsigned        bad     = 0;
  const MgdStatus st      = mgd_tsv_parse((const char*)data, size, &t, &bad);
  unsigned        n_lines = 1;
  for (size_t i = 0; i < size; ++i) {
    n_lines += data[i] == '\n';
  }
  if (st == MGD_BAD_SYNTAX) {
    if (bad == 0 || bad > n_lines) {
      abort();
    }
    return 0;
  }
  if (st) {
    return 0; // out of memory
  }
  unsigned last = 0;
  for (size_t r = 0; r < t.n_rows; ++r) {
    if (t.row_line[r] <= last || t.row_line[r] > n_lines || !t.row_n[r]) {
      abort();
    }
    last = t.row_line[r];
    // Find the source line and compare with the joined fields.
    const char* p = (const char*)data;
    const char* e = p + size;
    if (size >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
      p += 3;
    }
    for (unsigned l = 1; l < t.row_line[r] && p < e; ++l) {
      const char* nl = memchr(p, '\n', (size_t)(e - p));
      p              = nl ? nl + 1 : e;
    }
    const char* nl  = memchr(p, '\n', (size_t)(e - p));
    size_t      len = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (len && p[len - 1] == '\r') {
      --len;
    }
    size_t off = 0;
    for (size_t c = 0; c < t.row_n[r]; ++c) {
      const MgdStr f = mgd_tsv_get(&t, r, c);
      if (off + f.len > len || memcmp(p + off, f.ptr, f.len)) {
        abort();
      }
      off += f.len;
      if (c + 1 < t.row_n[r]) {
        if (off >= len || p[off] != '\t') {
          abort();
        }
        ++off;
      }
    }
    if (off != len) {
      abort();
    }
  }
  mgd_tsv_clear(&t);
  return 0;
}
