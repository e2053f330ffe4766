// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "ingest/ingest_impl.h"

MgdStatus
mgd_ingest_omero_rdf(MgdIngester* ing, MgdIngestInput* in, MgdEmit* e)
{
  (void)ing; (void)in;
  return mgd_emit_error(e, MGD_BAD_UNSUPPORTED, 0, 0, NULL, "todo");
}
