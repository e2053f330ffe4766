// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "limits.h"

MgdLimits
mgd_limits_default(void)
{
  const MgdLimits limits = {
    MGD_LIMIT_TERM_BYTES,
    MGD_LIMIT_NESTING,
    MGD_LIMIT_QUERY_BYTES,
    MGD_LIMIT_ALGEBRA_DEPTH,
    MGD_LIMIT_RESULT_ROWS,
    MGD_LIMIT_QUERY_MEMORY,
    MGD_LIMIT_CONTEXT_DEPTH,
    MGD_LIMIT_BODY_BYTES,
    MGD_LIMIT_QUERY_TIMEOUT,
  };
  return limits;
}
