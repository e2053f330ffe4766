// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the BioStudies PageTab (REMBI) ingester. Oracles
// beyond "no crash, no leak": ingesting the same bytes twice gives the same
// status and the same number of quads (IRIs depend only on the input), a
// successful ingest puts every data quad in the source graph, and a
// document that is not JSON fails with MGD_BAD_SYNTAX.
// Seeds: ../shared/samples/rembi/*.json.

#include "ingest/ingest.h"
#include "rdf/memstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdIngester* ingester;

static size_t
run(const uint8_t* const data, const size_t size, MgdStatus* const st,
    uint64_t* const n_graph)
{
  MgdMemStore* const store = mgd_memstore_new();
  if (!store) {
    abort();
  }
  const MgdSink   sink = mgd_memstore_sink(store);
  MgdIngestReport r;
  *st = mgd_ingester_ingest_bytes(ingester, MGD_INGEST_REMBI_PAGETAB,
                                  "fuzz.biostudies.json", (const char*)data,
                                  size, "urn:fuzz:g", &sink, &r);
  MgdSource     src = mgd_memstore_source(store);
  const MgdTerm g   = mgd_term_iri(mgd_str("urn:fuzz:g"));
  MgdId         gid = MGD_ID_NONE;
  *n_graph          = 0;
  if (mgd_source_lookup(&src, &g, &gid) == MGD_SUCCESS) {
    const MgdIdQuad pat = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, gid };
    src.vt->estimate(src.handle, &pat, n_graph);
  }
  if (*st == MGD_SUCCESS && *n_graph != r.n_quads) {
    abort(); // PageTab dedups: the count is the graph's size
  }
  const size_t n = mgd_memstore_size(store);
  mgd_memstore_free(store);
  return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!ingester) {
    MgdIngestOptions o;
    memset(&o, 0, sizeof(o));
    o.now = "2026-01-01T00:00:00Z";
    if (mgd_ingester_new(&o, &ingester)) {
      abort(); // MUGDAT_DATADIR must point at the source tree
    }
  }
  MgdStatus    a = MGD_SUCCESS, b = MGD_SUCCESS;
  uint64_t     ga = 0, gb = 0;
  const size_t na = run(data, size, &a, &ga);
  const size_t nb = run(data, size, &b, &gb);
  if (a != b || na != nb || ga != gb) {
    abort(); // not deterministic
  }
  if (size && data[0] != '{' && data[0] != '[' && data[0] != ' ' &&
      data[0] != '\n' && data[0] != '\t' && data[0] != '\r' &&
      a == MGD_SUCCESS) {
    abort(); // not a JSON object or array, yet accepted
  }
  return 0;
}
