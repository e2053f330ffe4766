// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "diag.h"

#include <stdio.h>

MgdStatus
mgd_diagv(const MgdDiagSink* const sink,
          const MgdStatus          status,
          const MgdLevel           level,
          const char* const        source,
          const unsigned           line,
          const unsigned           col,
          const char* const        path,
          const char* const        fmt,
          va_list                  args)
{
  if (sink && sink->func) {
    char message[1024];
    vsnprintf(message, sizeof(message), fmt, args);
    const MgdDiag diag = {status, level, source, line, col, path, message};
    sink->func(sink->handle, &diag);
  }
  return status;
}

MgdStatus
mgd_diag(const MgdDiagSink* const sink,
         const MgdStatus          status,
         const MgdLevel           level,
         const char* const        source,
         const unsigned           line,
         const unsigned           col,
         const char* const        path,
         const char* const        fmt,
         ...)
{
  va_list args;
  va_start(args, fmt);
  mgd_diagv(sink, status, level, source, line, col, path, fmt, args);
  va_end(args);
  return status;
}

void
mgd_diag_print(void* const stream, const MgdDiag* const diag)
{
  FILE* const       out   = stream ? (FILE*)stream : stderr;
  const char* const level = diag->level == MGD_LEVEL_ERROR     ? "error"
                            : diag->level == MGD_LEVEL_WARNING ? "warning"
                                                               : "note";
  if (diag->source) {
    fprintf(out, "%s:", diag->source);
    if (diag->line) {
      fprintf(out, "%u:", diag->line);
      if (diag->col) {
        fprintf(out, "%u:", diag->col);
      }
    }
    fputc(' ', out);
  }
  fprintf(out, "%s: %s", level, diag->message);
  if (diag->path) {
    fprintf(out, " (at %s)", diag->path);
  }
  fputc('\n', out);
}
