// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// ome_count DATA_DIR FILE [--nq]: ingest-only OME-XML -> quads for the bench
// (bench/extra/run.sh). Runs MUGDAT's ingester (mgd_ingester_ingest_path,
// the code `mugdat ingest` runs, provenance included) into a sink that only
// counts quads and term bytes, so the figure excludes the store (term
// interning, sorting, LMDB). Prints one JSON line with the quad count and
// the wall time of the ingest. DATA_DIR holds mappings/. With --nq the quads
// are written to stdout as N-Quads instead (to compare two builds' output).

#include "base/diag.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "rdf/sink.h"
#include "rdf/term.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct {
  uint64_t quads; ///< Quads seen
  uint64_t bytes; ///< Sum of term lengths, so the sink touches every term
  MgdBuf*  nq;    ///< N-Quads line buffer, or NULL
} Counter;

static MgdStatus
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

static void
print_diag(void* const handle, const MgdDiag* const d)
{
  (void)handle;
  if (d->level != MGD_LEVEL_NOTE) {
    fprintf(stderr, "%s:%u:%u: %s: %s\n", d->source ? d->source : "-",
            d->line, d->col, d->level == MGD_LEVEL_ERROR ? "error" : "warning",
            d->message);
  }
}

static double
now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char** argv)
{
  const bool nq = argc == 4 && !strcmp(argv[3], "--nq");
  if (argc != 3 && !nq) {
    fprintf(stderr, "usage: ome_count DATA_DIR FILE [--nq]\n");
    return 2;
  }
  const MgdDiagSink diag = {print_diag, NULL};
  MgdIngestOptions  o;
  memset(&o, 0, sizeof(o));
  o.data_dir       = argv[1];
  o.diag           = &diag;
  o.now            = nq ? "2000-01-01T00:00:00Z" : NULL; // comparable output
  MgdIngester* ing = NULL;
  if (mgd_ingester_new(&o, &ing)) {
    fprintf(stderr, "ome_count: cannot load the mappings from %s\n", argv[1]);
    return 2;
  }
  MgdBuf          line;
  mgd_buf_init(&line);
  Counter         counter = {0U, 0U, nq ? &line : NULL};
  const MgdSink   sink    = {&counter, NULL, NULL, count_quad, NULL};
  MgdIngestReport r;
  const double    t0 = now_s();
  const MgdStatus st =
    mgd_ingester_ingest_path(ing, argv[2], NULL, &sink, &r);
  const double t1 = now_s();
  mgd_ingester_free(ing);
  mgd_buf_clear(&line);
  if (st) {
    fprintf(stderr, "ome_count: %s: %s\n", argv[2], mgd_strerror(st));
    return 1;
  }
  if (nq) {
    return 0;
  }
  printf("{\"system\":\"mugdat-ingest-only\",\"quads\":%llu,"
         "\"term_bytes\":%llu,\"ingest_s\":%.6f}\n",
         (unsigned long long)counter.quads, (unsigned long long)counter.bytes,
         t1 - t0);
  return 0;
}
