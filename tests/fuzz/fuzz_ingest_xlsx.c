// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the XLSX reader (libarchive + libxml2) and the REMBI
// spreadsheet ingester on top of it. Oracles: reading is deterministic (same
// status, same sheets and cells twice); cells of a sheet are sorted by row
// then column with no duplicates; every cell is valid UTF-8 (libxml2 output)
// and non-empty; mgd_xlsx_get finds every stored cell; the ingester accepts
// exactly the workbooks the reader accepts (or fails later on data only).
// Seeds: ../shared/samples/rembi/*.xlsx, arc/**/*.xlsx.

#include "ingest/mmds_impl.h"

#include "base/utf8.h"
#include "rdf/memstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdIngester* ingester;

static uint64_t
digest(const MgdXlsxBook* const b)
{
  uint64_t h = b->n_sheets;
  for (size_t s = 0; s < b->n_sheets; ++s) {
    const MgdXlsxSheet* const sh = &b->sheets[s];
    h = h * 31 + mgd_hash64(sh->name, strlen(sh->name));
    for (size_t i = 0; i < sh->n_cells; ++i) {
      const MgdXlsxCell* const c = &sh->cells[i];
      h = h * 31 + c->row * 16411u + c->col + mgd_hash64(c->v.ptr, c->v.len);
    }
  }
  return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  MgdXlsxBook     a, b;
  const MgdStatus sa =
    mgd_xlsx_read((const char*)data, size, "fuzz.xlsx", NULL, &a);
  const MgdStatus sb =
    mgd_xlsx_read((const char*)data, size, "fuzz.xlsx", NULL, &b);
  if (sa != sb || (!sa && digest(&a) != digest(&b))) {
    abort();
  }
  for (size_t s = 0; !sa && s < a.n_sheets; ++s) {
    const MgdXlsxSheet* const sh = &a.sheets[s];
    for (size_t i = 0; i < sh->n_cells; ++i) {
      const MgdXlsxCell* const c = &sh->cells[i];
      if (!c->v.len || mgd_utf8_check(c->v.ptr, c->v.len) != c->v.len) {
        abort();
      }
      if (i &&
          (sh->cells[i - 1].row > c->row || (sh->cells[i - 1].row == c->row &&
                                             sh->cells[i - 1].col >= c->col))) {
        // Duplicate refs in one sheet are possible in hostile files; only
        // the order is an invariant.
        if (sh->cells[i - 1].row > c->row || sh->cells[i - 1].col > c->col) {
          abort();
        }
      }
      const MgdStr v = mgd_xlsx_get(sh, c->row, c->col);
      if (!v.len) {
        abort();
      }
    }
  }
  if (!sa) {
    mgd_xlsx_clear(&a);
  }
  if (!sb) {
    mgd_xlsx_clear(&b);
  }
  if (!ingester) {
    MgdIngestOptions o;
    memset(&o, 0, sizeof(o));
    o.now = "2026-01-01T00:00:00Z";
    if (mgd_ingester_new(&o, &ingester)) {
      abort();
    }
  }
  MgdMemStore* const store = mgd_memstore_new();
  if (!store) {
    abort();
  }
  const MgdSink   sink = mgd_memstore_sink(store);
  MgdIngestReport r;
  const MgdStatus si =
    mgd_ingester_ingest_bytes(ingester, MGD_INGEST_REMBI_XLSX, "fuzz.xlsx",
                              (const char*)data, size, "urn:fuzz:g", &sink, &r);
  if (sa && si == MGD_SUCCESS) {
    abort(); // the reader refused it but the ingester accepted it
  }
  mgd_memstore_free(store);
  return 0;
}
