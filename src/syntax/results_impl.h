// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals shared by results_write.c and results_read.c; include only
/// from src/syntax/results_*.c.

#ifndef MGD_SYNTAX_RESULTS_IMPL_H
#define MGD_SYNTAX_RESULTS_IMPL_H

#include "base/str.h"

#include <stdbool.h>

/// True if `lex` may be written bare in Turtle/TSV as a literal of datatype
/// `dt` (Turtle INTEGER, DECIMAL, DOUBLE, BooleanLiteral).
bool
mgd_results_turtle_bare(MgdStr lex, MgdStr dt);

#endif // MGD_SYNTAX_RESULTS_IMPL_H
