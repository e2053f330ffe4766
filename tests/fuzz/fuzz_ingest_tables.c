// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the non-XML OMERO/IDR ingesters: key-value CSV, IDR
// assays table, IDR study file, filePaths.tsv, omero-marshal JSON and
// omero-rdf Turtle. The first byte picks the ingester; the rest is the
// document. Oracles: the same bytes give the same status and quads twice,
// and (these ingesters drop repeated quads) the provenance triple count is
// exactly the size of the source graph.
// Seeds: ../shared/samples/{omero-kv,idr,omero-rdf}/* with a leading byte.

#include "ingest/ingest.h"
#include "rdf/memstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static MgdIngester* ingester;

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static const MgdIngestKind kinds[] = {
  MGD_INGEST_OMERO_KV_CSV, MGD_INGEST_IDR_ASSAYS,   MGD_INGEST_IDR_STUDY,
  MGD_INGEST_IDR_FILEPATHS, MGD_INGEST_OMERO_JSON, MGD_INGEST_OMERO_RDF,
};

static size_t
run(const MgdIngestKind kind, const uint8_t* const data, const size_t size,
    MgdStatus* const st, MgdIngestReport* const report)
{
  MgdMemStore* const store = mgd_memstore_new();
  if (!store) {
    abort();
  }
  const MgdSink sink = mgd_memstore_sink(store);
  *st = mgd_ingester_ingest_bytes(ingester, kind, "fuzz", (const char*)data,
                                  size, "urn:fuzz:g", &sink, report);
  const size_t  n   = mgd_memstore_size(store);
  MgdSource     src = mgd_memstore_source(store);
  const MgdTerm g   = mgd_term_iri(mgd_str("urn:fuzz:g"));
  MgdId         gid = MGD_ID_NONE;
  uint64_t      n_g = 0;
  if (mgd_source_lookup(&src, &g, &gid) == MGD_SUCCESS) {
    const MgdIdQuad pat = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, gid };
    src.vt->estimate(src.handle, &pat, &n_g);
  }
  if (*st == MGD_SUCCESS && n_g != report->n_quads) {
    abort(); // provenance count is not the graph size
  }
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
      abort(); // set MUGDAT_DATADIR to the source tree
    }
  }
  if (!size) {
    return 0;
  }
  const MgdIngestKind kind = kinds[data[0] % (sizeof(kinds) / sizeof(kinds[0]))];
  MgdStatus       st1 = MGD_SUCCESS, st2 = MGD_SUCCESS;
  MgdIngestReport r1, r2;
  const size_t    n1 = run(kind, data + 1, size - 1, &st1, &r1);
  const size_t    n2 = run(kind, data + 1, size - 1, &st2, &r2);
  if (st1 != st2 || n1 != n2 || r1.n_quads != r2.n_quads ||
      r1.n_warnings != r2.n_warnings) {
    abort(); // not deterministic
  }
  return 0;
}
