// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SPARQL result readers (src/syntax/results.h).
// The first input byte picks the format (JSON, XML, CSV, TSV); the rest is
// the document. Oracle beyond "no crash": whatever the reader accepts, the
// writer of the same format must write, the reader must read back, and a
// second write must produce the very same bytes (parse -> write -> re-parse
// is stable). Seeds: the .srj/.srx/.csv/.tsv files of the W3C SPARQL 1.1
// suite, each prefixed with its format byte (0 JSON, 1 XML, 2 CSV, 3 TSV).

#include "base/str.h"
#include "syntax/results.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdStatus
to_buf(void* const handle, const char* const bytes, const size_t n)
{
  return mgd_buf_append((MgdBuf*)handle, bytes, n);
}

static MgdStatus
write_all(const MgdResultsFormat fmt, const MgdResults* const res,
          MgdBuf* const out)
{
  MgdResultsWriter* w  = NULL;
  MgdStatus         st = mgd_results_writer_new(fmt, to_buf, out, &w);
  if (!st) {
    st = res->is_boolean ? mgd_results_writer_boolean(w, res->boolean)
                         : mgd_results_writer_begin(w, res->vars, res->n_vars);
  }
  for (size_t r = 0; !st && !res->is_boolean && r < res->n_rows; ++r) {
    st = mgd_results_writer_row(w, res->rows + r * res->n_vars);
  }
  if (!st) {
    st = mgd_results_writer_end(w);
  }
  mgd_results_writer_free(w);
  return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size < 1) {
    return 0;
  }
  static const MgdResultsFormat k_formats[] = {
    MGD_RESULTS_JSON, MGD_RESULTS_XML, MGD_RESULTS_CSV, MGD_RESULTS_TSV};
  const MgdResultsFormat fmt  = k_formats[data[0] % 4];
  const char* const      doc  = (const char*)data + 1;
  const size_t           n    = size - 1;
  MgdArena               arena;
  MgdResults             res;
  MgdBuf                 first;
  MgdBuf                 second;
  mgd_arena_init(&arena, (size_t)256 << 20);
  mgd_buf_init(&first);
  mgd_buf_init(&second);
  if (!mgd_results_read(fmt, doc, n, &arena, NULL, &res)) {
    if (write_all(fmt, &res, &first)) {
      abort(); // an accepted document must be writable
    }
    MgdResults again;
    if (mgd_results_read(fmt, first.data ? first.data : "", first.len, &arena,
                         NULL, &again)) {
      abort(); // our own output must read back
    }
    if (again.is_boolean != res.is_boolean || again.n_rows != res.n_rows ||
        again.n_vars != res.n_vars) {
      abort();
    }
    if (write_all(fmt, &again, &second) || first.len != second.len ||
        (first.len && memcmp(first.data, second.data, first.len))) {
      abort(); // not stable
    }
  }
  mgd_buf_clear(&first);
  mgd_buf_clear(&second);
  mgd_arena_clear(&arena);
  return 0;
}
