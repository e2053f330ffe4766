// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// ome_count DATA_DIR FILE [--nq]: ingest-only OME-XML -> quads for the bench
// (bench/extra/run.sh). Runs MUGDAT's ingester (mgd_ingester_ingest_path,
// the code `mugdat ingest` runs, provenance included) into a sink that only
// counts quads and term bytes, so the figure excludes the store (term
// interning, sorting, LMDB). Prints one JSON line with the quad count and
// the wall time of the ingest. DATA_DIR holds mappings/. With --nq the quads
// are written to stdout as N-Quads instead (to compare two builds' output).

#include "count_sink.h"

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
