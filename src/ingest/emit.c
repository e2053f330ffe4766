// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "ingest/ingest_impl.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

// Byte classes for checking IRIs in one pass: 1 = forbidden in an IRI
// (RFC 3987: controls, space, <>"{}|^`\\ and DEL), 2 = non-ASCII (the
// bytes must then be valid UTF-8). Same rules as mgd_iri_is_valid().
static const unsigned char iri_class[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x00
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x10
  1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x20 ' ' '"'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, // 0x30 '<' '>'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x40
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, // 0x50 '\\' '^'
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x60 '`'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, // 0x70 '{' '|' '}' DEL
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, // 0x80
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, //
};

/// True if the bytes of `v` from `from` on may end an IRI whose first
/// `from` bytes are a valid IRI prefix ending on a character boundary.
static bool
iri_tail_ok(const MgdStr v, const size_t from)
{
  unsigned acc = 0U;
  for (size_t i = from; i < v.len; ++i) {
    acc |= iri_class[(unsigned char)v.ptr[i]];
  }
  if (acc & 1U) {
    return false;
  }
  return !(acc & 2U) ||
         mgd_utf8_check(v.ptr + from, v.len - from) == v.len - from;
}

static bool
is_alpha(const char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// mgd_iri_is_valid() in one pass without locale calls.
static bool
iri_ok(const MgdStr v)
{
  if (!v.len || !is_alpha(v.ptr[0])) {
    return false;
  }
  size_t i = 1;
  while (i < v.len &&
         (is_alpha(v.ptr[i]) || (v.ptr[i] >= '0' && v.ptr[i] <= '9') ||
          v.ptr[i] == '+' || v.ptr[i] == '-' || v.ptr[i] == '.')) {
    ++i;
  }
  return i < v.len && v.ptr[i] == ':' && iri_tail_ok(v, 0);
}

/// Slot of `v` in the emitter's cache of checked IRIs, from its length and
/// its first and last 8 bytes (IRIs of one source share long prefixes).
static size_t
iri_slot(const MgdStr v)
{
  uint64_t a = 0U;
  uint64_t b = 0U;
  memcpy(&a, v.ptr, v.len < 8U ? v.len : 8U);
  if (v.len > 8U) {
    memcpy(&b, v.ptr + v.len - 8U, 8U);
  }
  const uint64_t h = (a * 0x9E3779B97F4A7C15ULL) ^
                     (b * 0xC2B2AE3D27D4EB4FULL) ^ (uint64_t)v.len;
  return (size_t)((h ^ (h >> 29U)) * 0x165667B19E3779F9ULL >> 56U) &
         (MGD_EMIT_IRI_SLOTS - 1U);
}

/// Check an IRI term's value, remembering IRIs that passed: predicates,
/// classes, units and a node's subject recur in quad after quad, and a
/// compare is cheaper than a check.
static bool
iri_term_ok(MgdEmit* const e, const MgdStr v)
{
  const bool cacheable = v.len && v.len <= MGD_EMIT_IRI_MAX;
  size_t     slot      = 0U;
  if (cacheable && e->iri_cache) {
    slot           = iri_slot(v);
    const char* c  = e->iri_cache + slot * (MGD_EMIT_IRI_MAX + 1U);
    if ((unsigned char)c[0] == v.len && !memcmp(c + 1, v.ptr, v.len)) {
      return true;
    }
  }
  const size_t g  = e->graph.len;
  const bool   ok = e->graph_ok && v.len > g &&
                        !memcmp(v.ptr, e->graph.data, g)
                      ? iri_tail_ok(v, g)
                      : iri_ok(v);
  if (ok && cacheable) {
    if (!e->iri_cache) {
      e->iri_cache = (char*)mgd_calloc(MGD_EMIT_IRI_SLOTS,
                                       MGD_EMIT_IRI_MAX + 1U);
      slot         = iri_slot(v);
    }
    if (e->iri_cache) {
      char* const c = e->iri_cache + slot * (MGD_EMIT_IRI_MAX + 1U);
      c[0]          = (char)(unsigned char)v.len;
      memcpy(c + 1, v.ptr, v.len);
    }
  }
  return ok;
}

/// Fast path of mgd_term_check() for the terms converters emit. Anything
/// unusual (other kinds, a failing check) goes to mgd_term_check(), which
/// also writes the reason.
static bool
term_ok(MgdEmit* const e, const MgdTerm* const t)
{
  const size_t n = t->value.len + t->datatype.len + t->lang.len;
  if (n > e->limits->max_term_bytes) {
    return false;
  }
  if (t->kind == MGD_TERM_IRI) {
    return iri_term_ok(e, t->value);
  }
  if (t->kind == MGD_TERM_LITERAL && !t->lang.len) {
    return mgd_utf8_check(t->value.ptr, t->value.len) == t->value.len &&
           (!t->datatype.len || iri_term_ok(e, t->datatype));
  }
  return false;
}

void
mgd_ingest_emit_clear(MgdEmit* const e)
{
  mgd_buf_clear(&e->graph);
  mgd_buf_clear(&e->scratch);
  mgd_hashmap_clear(&e->seen);
  mgd_free(e->iri_cache);
  e->iri_cache = NULL;
}

MgdStatus
mgd_ingest_emit_quad(MgdEmit* const e, const MgdQuad* const q)
{
  char           why[160];
  const MgdTerm* terms[3] = { &q->s, &q->p, &q->o };
  if (!e->graph_checked) {
    const MgdTerm g = mgd_term_iri(mgd_buf_str(&e->graph));
    e->graph_ok = mgd_term_check(&g, e->limits, why, sizeof(why)) ==
                  MGD_SUCCESS;
    e->graph_checked = true;
  }
  for (size_t i = 0; i < 3; ++i) {
    if (term_ok(e, terms[i])) {
      continue;
    }
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
  if (s.len && (s.ptr[s.len - 1] == 'F' || s.ptr[s.len - 1] == 'N') &&
      (mgd_str_eqc(s, "INF") || mgd_str_eqc(s, "-INF") ||
       mgd_str_eqc(s, "+INF") || mgd_str_eqc(s, "NaN"))) {
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
