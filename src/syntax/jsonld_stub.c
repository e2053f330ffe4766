// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Until the JSON-LD processor lands, JSON-LD input is refused clearly.
#include "jsonld_read.h"

MgdStatus
mgd_jsonld_read(const char* const           bytes,
                const size_t                n,
                const MgdReadOptions* const options,
                const MgdSink* const        sink)
{
  (void)bytes;
  (void)n;
  (void)sink;
  return mgd_diag(options->diag, MGD_BAD_UNSUPPORTED, MGD_LEVEL_ERROR,
                  options->source_name, 0U, 0U, NULL,
                  "JSON-LD input is not supported by this build");
}
