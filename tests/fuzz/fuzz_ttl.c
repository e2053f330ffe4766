// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the N-Triples/N-Quads/Turtle/TriG reader.
//
// Input: byte 0 picks the syntax (low 2 bits) and the chunk size (the rest);
// the remaining bytes are the document. Oracles:
//  - fed in chunks, the document gives the same quads and the same first
//    diagnostic (status, line, column, message) as fed whole;
//  - every delivered term passes mgd_term_check();
//  - the N-Quads written from a successful parse re-parse (as N-Quads) to
//    exactly the same text.

#include "base/str.h"
#include "rdf/term.h"
#include "syntax/ttl_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  MgdBuf    nq;
  MgdStatus status;
  unsigned  line, col;
  char      msg[400];
  int       n_diags;
} Run;

static MgdStatus
on_quad(void* const handle, const MgdQuad* const q)
{
  Run* const           run  = (Run*)handle;
  const MgdTerm* const t[4] = {&q->s, &q->p, &q->o, &q->g};
  char                 why[320];
  for (int i = 0; i < 4; ++i) {
    if (mgd_term_check(t[i], NULL, why, sizeof(why))) {
      abort(); // a term that fails validation reached the sink
    }
  }
  return mgd_quad_write_nq(&run->nq, q);
}

static void
on_diag(void* const handle, const MgdDiag* const d)
{
  Run* const run = (Run*)handle;
  if (!run->n_diags++) {
    run->line = d->line;
    run->col  = d->col;
    snprintf(run->msg, sizeof(run->msg), "%s", d->message);
  }
}

static void
run_parse(const MgdFormat format, const char* const text, const size_t n,
          const size_t chunk, Run* const run)
{
  memset(run, 0, sizeof(*run));
  mgd_buf_init(&run->nq);
  const MgdDiagSink diag = {on_diag, run};
  MgdLimits         lim  = mgd_limits_default();
  lim.max_nesting        = 64U;
  lim.max_term_bytes     = 4096U;
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.format        = format;
  opts.diag          = &diag;
  opts.limits        = &lim;
  opts.base          = "http://example.org/a/b?q#f";
  const MgdSink sink = {run, NULL, NULL, on_quad, NULL};
  MgdTtlReader* r    = NULL;
  MgdStatus     st   = mgd_ttl_reader_new(&opts, &sink, &r);
  for (size_t i = 0U; !st && i < n; i += chunk) {
    st = mgd_ttl_reader_feed(r, text + i, n - i < chunk ? n - i : chunk);
  }
  if (!st) {
    st = mgd_ttl_reader_finish(r);
  }
  run->status = st;
  mgd_ttl_reader_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!size) {
    return 0;
  }
  static const MgdFormat formats[] = {MGD_FORMAT_NTRIPLES, MGD_FORMAT_NQUADS,
                                      MGD_FORMAT_TURTLE, MGD_FORMAT_TRIG};
  const MgdFormat   format = formats[data[0] & 3U];
  const size_t      chunk  = 1U + (data[0] >> 2U);
  const char* const text   = (const char*)data + 1U;
  const size_t      n      = size - 1U;
  Run               whole, parts;
  run_parse(format, text, n, n ? n : 1U, &whole);
  run_parse(format, text, n, chunk, &parts);
  if (whole.status != parts.status || whole.line != parts.line ||
      whole.col != parts.col || strcmp(whole.msg, parts.msg) ||
      whole.nq.len != parts.nq.len ||
      (whole.nq.len && memcmp(whole.nq.data, parts.nq.data, whole.nq.len))) {
    abort(); // chunked parse differs from whole parse
  }
  if (!whole.status && whole.nq.len) {
    Run again;
    run_parse(MGD_FORMAT_NQUADS, whole.nq.data, whole.nq.len, whole.nq.len,
              &again);
    if (again.status || again.nq.len != whole.nq.len ||
        memcmp(again.nq.data, whole.nq.data, whole.nq.len)) {
      abort(); // written N-Quads do not re-parse to the same quads
    }
    mgd_buf_clear(&again.nq);
  }
  mgd_buf_clear(&whole.nq);
  mgd_buf_clear(&parts.nq);
  return 0;
}
