// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "ingest/ingest_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

MgdStatus
mgd_ingest_emit_quad(MgdEmit* const e, const MgdQuad* const q)
{
  char           why[160];
  const MgdTerm* terms[3] = { &q->s, &q->p, &q->o };
  for (size_t i = 0; i < 3; ++i) {
    const MgdStatus st = mgd_term_check(terms[i], e->limits, why, sizeof(why));
    if (st) {
      return mgd_ingest_emit_error(
        e, st, 0, 0, NULL, "cannot emit term \"%.*s\": %s",
        (int)(terms[i]->value.len > 80 ? 80 : terms[i]->value.len),
        terms[i]->value.ptr ? terms[i]->value.ptr : "", why);
    }
  }
  // Converters may state a fact twice (a type per value column, a repeated
  // reference); the graph is a set, so only new quads count. Memory grows
  // with distinct quads (about 50 bytes each), never with payload bytes.
  if (!e->dedup) {
    const MgdStatus st = mgd_sink_quad(e->sink, q);
    e->n_quads += !st;
    return st;
  }
  MgdBuf* const k  = &e->scratch;
  MgdStatus     st = MGD_SUCCESS;
  mgd_buf_reset(k);
  const MgdTerm* const parts[3] = { &q->s, &q->p, &q->o };
  for (size_t i = 0; i < 3 && !st; ++i) {
    const char kind = (char)('0' + parts[i]->kind);
    st              = mgd_buf_putc(k, kind);
    st = st ? st : mgd_buf_append(k, parts[i]->value.ptr, parts[i]->value.len);
    st = st ? st : mgd_buf_putc(k, '\0');
    st = st ? st
            : mgd_buf_append(k, parts[i]->datatype.ptr, parts[i]->datatype.len);
    st = st ? st : mgd_buf_putc(k, '\0');
    st = st ? st : mgd_buf_append(k, parts[i]->lang.ptr, parts[i]->lang.len);
    st = st ? st : mgd_buf_putc(k, '\0');
  }
  uint64_t h[2]     = { 0, 0 };
  bool     inserted = false;
  if (!st) {
    mgd_hash128(k->data, k->len, h);
    st = mgd_hashmap_put(&e->seen, h, sizeof(h), 0, NULL, &inserted);
  }
  if (st || !inserted) {
    return st;
  }
  st = mgd_sink_quad(e->sink, q);
  if (!st) {
    ++e->n_quads;
  }
  return st;
}

MgdStatus
mgd_ingest_emit_iri(MgdEmit* const e, const MgdStr s, const MgdStr p,
                    const MgdStr o)
{
  const MgdQuad q = { mgd_term_iri(s), mgd_term_iri(p), mgd_term_iri(o),
                      mgd_term_iri(mgd_buf_str(&e->graph)) };
  return mgd_ingest_emit_quad(e, &q);
}

MgdStatus
mgd_ingest_emit_lit(MgdEmit* const e, const MgdStr s, const MgdStr p,
                    const MgdStr lex, const MgdStr datatype)
{
  const MgdStr dt =
    mgd_str_eqc(datatype, MGD_XSD_STRING) ? mgd_str(NULL) : datatype;
  const MgdQuad q = { mgd_term_iri(s), mgd_term_iri(p),
                      mgd_term_literal(lex, dt, mgd_str(NULL)),
                      mgd_term_iri(mgd_buf_str(&e->graph)) };
  return mgd_ingest_emit_quad(e, &q);
}

MgdStatus
mgd_ingest_emit_warn(MgdEmit* const e, const unsigned line, const unsigned col,
                     const char* const path, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  ++e->n_warnings;
  const MgdLevel  level = e->strict ? MGD_LEVEL_ERROR : MGD_LEVEL_WARNING;
  const MgdStatus st    = e->strict ? MGD_BAD_DATA : MGD_SUCCESS;
  mgd_diagv(e->diag, MGD_BAD_DATA, level, e->source, line, col, path, fmt,
            args);
  va_end(args);
  return st;
}

MgdStatus
mgd_ingest_emit_error(MgdEmit* const e, const MgdStatus st, const unsigned line,
                      const unsigned col, const char* const path,
                      const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  mgd_diagv(e->diag, st, MGD_LEVEL_ERROR, e->source, line, col, path, fmt,
            args);
  va_end(args);
  return st;
}

MgdStatus
mgd_ingest_emit_mint(const MgdEmit* const e, const MgdStr id, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_append(out, e->graph.data, e->graph.len);
  st           = st ? st : mgd_buf_putc(out, '/');
  return st ? st : mgd_ingest_pct(id, out);
}

MgdStatus
mgd_ingest_emit_kv(MgdEmit* const e, const MgdStr ann, const size_t n,
                   const MgdStr key, const MgdStr value)
{
  MgdBuf    m     = { 0 };
  MgdStatus st    = mgd_buf_append(&m, ann.ptr, ann.len);
  st              = st ? st : mgd_buf_printf(&m, "/M/%zu", n);
  const MgdStr mi = mgd_buf_str(&m);
  st = st ? st : mgd_ingest_emit_iri(e, ann, mgd_str(MGD_NS_OME "m"), mi);
  st = st ? st
          : mgd_ingest_emit_iri(e, mi, mgd_str(MGD_RDF_TYPE),
                                mgd_str(MGD_NS_OME "M"));
  st = st ? st
          : mgd_ingest_emit_lit(e, mi, mgd_str(MGD_NS_OME "k"), key,
                                mgd_str(NULL));
  st = st ? st
          : mgd_ingest_emit_lit(e, mi, mgd_str(MGD_NS_OME "value"), value,
                                mgd_str(NULL));
  mgd_buf_clear(&m);
  return st;
}

// Lexical forms (XML Schema 1.1 Part 2, §3.3).

static size_t
digits(const MgdStr s, size_t i)
{
  while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
    ++i;
  }
  return i;
}

bool
mgd_ingest_lex_is_integer(const MgdStr s)
{
  size_t       i   = (s.len && (s.ptr[0] == '+' || s.ptr[0] == '-')) ? 1 : 0;
  const size_t end = digits(s, i);
  return end > i && end == s.len;
}

bool
mgd_ingest_lex_is_double(const MgdStr s)
{
  if (mgd_str_eqc(s, "INF") || mgd_str_eqc(s, "-INF") ||
      mgd_str_eqc(s, "+INF") || mgd_str_eqc(s, "NaN")) {
    return true;
  }
  size_t i   = (s.len && (s.ptr[0] == '+' || s.ptr[0] == '-')) ? 1 : 0;
  size_t j   = digits(s, i);
  bool   any = j > i;
  if (j < s.len && s.ptr[j] == '.') {
    const size_t k = digits(s, j + 1);
    any            = any || k > j + 1;
    j              = k;
  }
  if (!any) {
    return false;
  }
  if (j < s.len && (s.ptr[j] == 'e' || s.ptr[j] == 'E')) {
    size_t k = j + 1;
    if (k < s.len && (s.ptr[k] == '+' || s.ptr[k] == '-')) {
      ++k;
    }
    const size_t m = digits(s, k);
    if (m == k) {
      return false;
    }
    j = m;
  }
  return j == s.len;
}

bool
mgd_ingest_lex_is_boolean(const MgdStr s)
{
  return mgd_str_eqc(s, "true") || mgd_str_eqc(s, "false") ||
         mgd_str_eqc(s, "1") || mgd_str_eqc(s, "0");
}

static bool
fixed_digits(const MgdStr s, const size_t at, const size_t n)
{
  return at + n <= s.len && digits(s, at) >= at + n;
}

bool
mgd_ingest_lex_is_datetime(const MgdStr s)
{
  // -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?
  size_t       i = (s.len && s.ptr[0] == '-') ? 1 : 0;
  const size_t y = digits(s, i);
  if (y - i < 4 || y + 15 > s.len) {
    return false;
  }
  i = y;
  if (s.ptr[i] != '-' || !fixed_digits(s, i + 1, 2) || s.ptr[i + 3] != '-' ||
      !fixed_digits(s, i + 4, 2) || s.ptr[i + 6] != 'T' ||
      !fixed_digits(s, i + 7, 2) || s.ptr[i + 9] != ':' ||
      !fixed_digits(s, i + 10, 2) || s.ptr[i + 12] != ':' ||
      !fixed_digits(s, i + 13, 2)) {
    return false;
  }
  i += 15;
  if (i < s.len && s.ptr[i] == '.') {
    const size_t f = digits(s, i + 1);
    if (f == i + 1) {
      return false;
    }
    i = f;
  }
  if (i == s.len) {
    return true;
  }
  if (s.ptr[i] == 'Z') {
    return i + 1 == s.len;
  }
  return (s.ptr[i] == '+' || s.ptr[i] == '-') && i + 6 == s.len &&
         fixed_digits(s, i + 1, 2) && s.ptr[i + 3] == ':' &&
         fixed_digits(s, i + 4, 2);
}
