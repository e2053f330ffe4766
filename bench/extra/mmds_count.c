// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mmds_count DIR: ingest-only mmDS figure for the bench (bench/extra/run.sh).
// Runs the ingester (mgd_ingester_ingest_path, the path `mugdat ingest`
// takes) over DIR into a sink that only counts quads and term bytes, so the
// figure excludes the store. Prints one JSON line with the quad and warning
// counts and the wall time. Mapping tables come from MUGDAT_DATADIR or the
// source tree, as for `mugdat ingest`.

#include "count_sink.h"

#include "base/diag.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "rdf/sink.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

int
main(int argc, char** argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: mmds_count DIR\n");
    return 2;
  }
  const MgdDiagSink diag = { print_diag, NULL };
  MgdIngestOptions  o    = { 0 };
  o.diag                 = &diag;
  MgdIngester*    ing    = NULL;
  MgdStatus       st     = mgd_ingester_new(&o, &ing);
  Counter         c      = { 0U, 0U, NULL };
  const MgdSink   sink   = { &c, NULL, NULL, count_quad, NULL };
  MgdIngestReport r;
  const double    t0 = now_s();
  st = st ? st : mgd_ingester_ingest_path(ing, argv[1], NULL, &sink, &r);
  const double t1 = now_s();
  mgd_ingester_free(ing);
  if (st) {
    fprintf(stderr, "mmds_count: %s: %s\n", argv[1], mgd_strerror(st));
    return 1;
  }
  printf("{\"system\":\"mugdat-ingest-only\",\"quads\":%llu,"
         "\"term_bytes\":%llu,\"warnings\":%zu,\"ingest_s\":%.6f}\n",
         (unsigned long long)c.quads, (unsigned long long)c.bytes, r.n_warnings,
         t1 - t0);
  return 0;
}
