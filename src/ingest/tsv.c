// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// BIDS and file-list TSVs have no quoting (BIDS 1.9 §"Tabular files"), so a
// table is split once into NUL-terminated fields over a private copy.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <string.h>

void
mgd_tsv_clear(MgdTsv* const tsv)
{
  if (tsv) {
    mgd_free(tsv->text);
    mgd_free(tsv->fields);
    mgd_free(tsv->row_off);
    mgd_free(tsv->row_n);
    mgd_free(tsv->row_line);
    memset(tsv, 0, sizeof(*tsv));
  }
}

MgdStr
mgd_tsv_get(const MgdTsv* const tsv, const size_t row, const size_t col)
{
  if (row >= tsv->n_rows || col >= tsv->row_n[row]) {
    return mgd_str_n("", 0);
  }
  return tsv->fields[tsv->row_off[row] + col];
}

MgdStatus
mgd_tsv_parse(const char* bytes, size_t n, MgdTsv* const tsv,
              unsigned* const bad_line)
{
  memset(tsv, 0, sizeof(*tsv));
  *bad_line = 0;
  if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
    bytes += 3;
    n -= 3;
  }
  size_t n_lines = 1, n_tabs = 0;
  for (size_t i = 0; i < n; ++i) {
    if (bytes[i] == '\n') {
      ++n_lines;
    } else if (bytes[i] == '\t') {
      ++n_tabs;
    } else if (bytes[i] == '\0') {
      unsigned line = 1;
      for (size_t j = 0; j < i; ++j) {
        line += bytes[j] == '\n';
      }
      *bad_line = line;
      return MGD_BAD_SYNTAX;
    }
  }
  if (mgd_utf8_check(bytes, n) != n) {
    *bad_line = 1;
    for (size_t s = 0, line = 1; s < n; ++line) {
      const char*  nl  = memchr(bytes + s, '\n', n - s);
      const size_t end = nl ? (size_t)(nl - bytes) : n;
      if (mgd_utf8_check(bytes + s, end - s) != end - s) {
        *bad_line = (unsigned)line;
        break;
      }
      s = end + 1;
    }
    return MGD_BAD_SYNTAX;
  }
  tsv->text     = mgd_malloc(n + 1);
  tsv->fields   = mgd_calloc(n_lines + n_tabs + 1, sizeof(MgdStr));
  tsv->row_off  = mgd_calloc(n_lines + 1, sizeof(size_t));
  tsv->row_n    = mgd_calloc(n_lines + 1, sizeof(size_t));
  tsv->row_line = mgd_calloc(n_lines + 1, sizeof(unsigned));
  if (!tsv->text || !tsv->fields || !tsv->row_off || !tsv->row_n ||
      !tsv->row_line) {
    mgd_tsv_clear(tsv);
    return MGD_BAD_ALLOC;
  }
  memcpy(tsv->text, bytes, n);
  tsv->text[n]     = '\0';
  size_t      n_f  = 0;
  unsigned    line = 0;
  char*       p    = tsv->text;
  char* const e    = tsv->text + n;
  while (p < e) {
    ++line;
    char* nl   = memchr(p, '\n', (size_t)(e - p));
    char* le   = nl ? nl : e;
    char* next = nl ? nl + 1 : e;
    if (le > p && le[-1] == '\r') {
      --le;
    }
    *le = '\0';
    if (le == p || *p == '#') {
      p = next;
      continue;
    }
    tsv->row_off[tsv->n_rows]  = n_f;
    tsv->row_line[tsv->n_rows] = line;
    for (char* f = p;;) {
      char* tab          = memchr(f, '\t', (size_t)(le - f));
      char* fe           = tab ? tab : le;
      *fe                = '\0';
      tsv->fields[n_f++] = mgd_str_n(f, (size_t)(fe - f));
      if (!tab) {
        break;
      }
      f = tab + 1;
    }
    tsv->row_n[tsv->n_rows] = n_f - tsv->row_off[tsv->n_rows];
    ++tsv->n_rows;
    p = next;
  }
  return MGD_SUCCESS;
}
