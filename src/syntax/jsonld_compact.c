// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Compaction (JSON-LD 1.1 API §6) and flattening (§9.3 flatten()).
#include "syntax/jsonld_impl.h"

MgdStatus
jld_compact_doc(JldProc* const P, json_t* const expanded, json_t* const ctx_json,
                const char* const base, json_t** const out)
{
  (void)expanded; (void)ctx_json; (void)base;
  *out = NULL;
  return jld_error(P, "not implemented", "compaction");
}

MgdStatus
jld_flatten_doc(JldProc* const P, json_t* const expanded, json_t* const ctx_json,
                const char* const base, json_t** const out)
{
  (void)expanded; (void)ctx_json; (void)base;
  *out = NULL;
  return jld_error(P, "not implemented", "flattening");
}
