// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// What the bench's parse-only programs (jsonld_count, ome_count,
/// mmds_count) share: a sink that counts quads and term bytes (and can echo
/// N-Quads), diagnostics on stderr, and a monotonic clock.

#ifndef MGD_BENCH_COUNT_SINK_H
#define MGD_BENCH_COUNT_SINK_H

#include "base/diag.h"
#include "base/status.h"
#include "base/str.h"
#include "rdf/sink.h"
#include "rdf/term.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef struct {
  uint64_t quads; ///< Quads seen
  uint64_t bytes; ///< Sum of term lengths, so the sink touches every term
  MgdBuf*  nq;    ///< N-Quads line buffer (quads go to stdout), or NULL
} Counter;

static inline MgdStatus
count_quad(void* const handle, const MgdQuad* const quad)
{
  Counter* const c = (Counter*)handle;
  ++c->quads;
  c->bytes += quad->s.value.len + quad->p.value.len + quad->o.value.len +
              quad->o.datatype.len + quad->o.lang.len + quad->g.value.len;
  if (c->nq) {
    mgd_buf_reset(c->nq);
    const MgdTerm* const t[4] = {&quad->s, &quad->p, &quad->o, &quad->g};
    MgdStatus            st   = MGD_SUCCESS;
    for (size_t i = 0U; !st && i < 4U; ++i) {
      st = mgd_term_write_nt(c->nq, t[i]);
      st = st ? st : mgd_buf_putc(c->nq, i < 3U ? ' ' : '.');
    }
    st = st ? st : mgd_buf_putc(c->nq, '\n');
    if (st || fwrite(c->nq->data, 1U, c->nq->len, stdout) != c->nq->len) {
      return MGD_BAD_IO;
    }
  }
  return MGD_SUCCESS;
}

/// Warnings and errors to stderr (notes are dropped).
static inline void
print_diag(void* const handle, const MgdDiag* const d)
{
  (void)handle;
  if (d->level != MGD_LEVEL_NOTE) {
    fprintf(stderr, "%s:%u:%u: %s: %s\n", d->source ? d->source : "-",
            d->line, d->col, d->level == MGD_LEVEL_ERROR ? "error" : "warning",
            d->message);
  }
}

static inline double
now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif // MGD_BENCH_COUNT_SINK_H
