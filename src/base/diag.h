// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Diagnostics: how library code reports problems without printing.
///
/// A producer fills an MgdDiag and hands it to an MgdDiagSink. The CLI prints
/// `source:line:col: error: message`; the HTTP layer renders the same record as
/// a problem+json body. The record and its strings are borrowed for the call.

#ifndef MGD_BASE_DIAG_H
#define MGD_BASE_DIAG_H

#include "status.h"

#include <stdarg.h>
#include <stdio.h>

typedef enum {
  MGD_LEVEL_ERROR,   ///< The unit of work fails
  MGD_LEVEL_WARNING, ///< Input was repaired or partly dropped
  MGD_LEVEL_NOTE,    ///< Extra information
} MgdLevel;

/// One problem report. Strings are borrowed for the duration of the call.
typedef struct {
  MgdStatus   status;  ///< What kind of problem
  MgdLevel    level;   ///< Error or warning
  const char* source;  ///< File name, URL or "<stdin>"; may be NULL
  unsigned    line;    ///< 1-based line, 0 if unknown
  unsigned    col;     ///< 1-based column, 0 if unknown
  const char* path;    ///< JSON path or XPath; may be NULL
  const char* message; ///< Human-readable text without trailing newline
} MgdDiag;

/// Receives diagnostics.
typedef void (*MgdDiagFunc)(void* handle, const MgdDiag* diag);

/// A diagnostic sink: a function and its handle. A NULL func drops reports.
typedef struct {
  MgdDiagFunc func;   ///< Called once per report
  void*       handle; ///< Passed to func
} MgdDiagSink;

/// Format a message and send it to `sink` (NULL is fine). Returns `status`,
/// so callers can write `return mgd_diag(...)`.
MgdStatus
mgd_diag(const MgdDiagSink* sink,
         MgdStatus          status,
         MgdLevel           level,
         const char*        source,
         unsigned           line,
         unsigned           col,
         const char*        path,
         const char*        fmt,
         ...) __attribute__((format(printf, 8, 9)));

/// Like mgd_diag() with a va_list.
MgdStatus
mgd_diagv(const MgdDiagSink* sink,
          MgdStatus          status,
          MgdLevel           level,
          const char*        source,
          unsigned           line,
          unsigned           col,
          const char*        path,
          const char*        fmt,
          va_list            args) __attribute__((format(printf, 8, 0)));

/// Write `diag` to `stream` (a FILE*; NULL means stderr) as `source:line:col: level: message`,
/// with ` (at PATH)` when it has a path. Usable as an MgdDiagFunc.
void
mgd_diag_print(void* stream, const MgdDiag* diag);

#endif // MGD_BASE_DIAG_H
