// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// jsonld_count CONTEXTS_DIR FILE: parse-only JSON-LD -> RDF for the bench
// (bench/extra/run.sh). Reads FILE with MUGDAT's JSON-LD processor
// (mgd_rdf_read_path, the same path `mugdat load` takes) into a sink that
// only counts quads and term bytes, so the figure excludes the store.
// Prints one JSON line with the quad count and the wall time of the read.
// Remote contexts resolve only through CONTEXTS_DIR/contexts.map.

#include "count_sink.h"

#include "base/diag.h"
#include "base/status.h"
#include "rdf/sink.h"
#include "syntax/format.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_read.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

int
main(int argc, char** argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: jsonld_count CONTEXTS_DIR FILE\n");
    return 2;
  }
  MgdJsonldOptions jsonld;
  mgd_jsonld_options_init(&jsonld);
  if (mgd_jsonld_options_set(&jsonld, "contexts-dir", argv[1])) {
    fprintf(stderr, "jsonld_count: bad contexts dir %s\n", argv[1]);
    mgd_jsonld_options_clear(&jsonld);
    return 2;
  }
  const MgdDiagSink diag    = {print_diag, NULL};
  MgdReadOptions    options = {MGD_FORMAT_JSONLD, NULL, argv[2], NULL, &diag,
                               &jsonld};
  Counter           counter = {0U, 0U, NULL};
  const MgdSink     sink    = {&counter, NULL, NULL, count_quad, NULL};
  size_t            n       = 0U;
  const double      t0      = now_s();
  const MgdStatus   st = mgd_rdf_read_path(argv[2], &options, &sink, &n);
  const double      t1      = now_s();
  mgd_jsonld_options_clear(&jsonld);
  if (st) {
    fprintf(stderr, "jsonld_count: %s: %s\n", argv[2], mgd_strerror(st));
    return 1;
  }
  printf("{\"system\":\"mugdat-parse\",\"quads\":%llu,\"term_bytes\":%llu,"
         "\"parse_s\":%.6f}\n",
         (unsigned long long)counter.quads, (unsigned long long)counter.bytes,
         t1 - t0);
  return 0;
}
