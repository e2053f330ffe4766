// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the RDF reader (rdf_read.h) over every syntax it
// reads; the first input byte picks the syntax. Oracles: no crash, leak or
// hang; feeding the document in chunks gives the same quads (as N-Quads
// text) and the same status as feeding it whole.

#include "base/str.h"
#include "rdf/term.h"
#include "syntax/rdf_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static MgdStatus
collect(void* const handle, const MgdQuad* const quad)
{
  return mgd_quad_write_nq((MgdBuf*)handle, quad);
}

static MgdStatus
read_doc(const MgdFormat format, const char* const bytes, const size_t n,
         const size_t chunk, MgdBuf* const out)
{
  MgdLimits limits      = mgd_limits_default();
  limits.max_term_bytes = 1U << 16;
  limits.max_nesting    = 64U;
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.format      = format;
  opts.base        = "http://example.org/base/";
  opts.source_name = "fuzz";
  opts.limits      = &limits;
  const MgdSink sink = {out, NULL, NULL, collect, NULL};
  MgdRdfReader* r    = NULL;
  MgdStatus     st   = mgd_rdf_reader_new(&opts, &sink, &r);
  for (size_t i = 0U; !st && i < n; i += chunk) {
    st = mgd_rdf_reader_feed(r, bytes + i, n - i < chunk ? n - i : chunk);
  }
  if (!st) {
    st = mgd_rdf_reader_finish(r);
  }
  mgd_rdf_reader_free(r);
  return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  static const MgdFormat formats[] = {MGD_FORMAT_NTRIPLES, MGD_FORMAT_NQUADS,
                                      MGD_FORMAT_TURTLE, MGD_FORMAT_TRIG,
                                      MGD_FORMAT_RDFXML, MGD_FORMAT_JSONLD};
  if (size < 1U || size > 1U << 16) {
    return 0;
  }
  const MgdFormat   format = formats[data[0] % 6U];
  const char* const doc    = (const char*)data + 1;
  const size_t      n      = size - 1U;
  MgdBuf            whole, chunked;
  mgd_buf_init(&whole);
  mgd_buf_init(&chunked);
  const MgdStatus a = read_doc(format, doc, n, n ? n : 1U, &whole);
  const MgdStatus b = read_doc(format, doc, n, 7U, &chunked);
  // Raptor2 (RDF/XML) may report an error at a different point when fed in
  // pieces, so only successful parses must agree there.
  if (format != MGD_FORMAT_RDFXML || (!a && !b)) {
    if (a != b || !mgd_str_eq(mgd_buf_str(&whole), mgd_buf_str(&chunked))) {
      abort();
    }
  }
  mgd_buf_clear(&whole);
  mgd_buf_clear(&chunked);
  return 0;
}
