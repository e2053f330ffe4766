// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "term.h"

#include "base/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

MgdTerm
mgd_term_iri(const MgdStr iri)
{
  const MgdTerm t = {MGD_TERM_IRI, iri, {NULL, 0U}, {NULL, 0U}};
  return t;
}

MgdTerm
mgd_term_blank(const MgdStr label)
{
  const MgdTerm t = {MGD_TERM_BLANK, label, {NULL, 0U}, {NULL, 0U}};
  return t;
}

MgdTerm
mgd_term_literal(const MgdStr lexical, const MgdStr datatype, const MgdStr lang)
{
  const MgdTerm t = {MGD_TERM_LITERAL, lexical, datatype, lang};
  return t;
}

MgdTerm
mgd_term_none(void)
{
  const MgdTerm t = {MGD_TERM_NONE, {NULL, 0U}, {NULL, 0U}, {NULL, 0U}};
  return t;
}

MgdStr
mgd_term_datatype(const MgdTerm* const term)
{
  if (term->kind != MGD_TERM_LITERAL) {
    return mgd_str_n(NULL, 0U);
  }
  if (term->datatype.len) {
    return term->datatype;
  }
  return mgd_str(term->lang.len ? MGD_RDF_LANGSTRING : MGD_XSD_STRING);
}

static bool
lang_eq(const MgdStr a, const MgdStr b)
{
  if (a.len != b.len) {
    return false;
  }
  for (size_t i = 0U; i < a.len; ++i) {
    if (tolower((unsigned char)a.ptr[i]) != tolower((unsigned char)b.ptr[i])) {
      return false;
    }
  }
  return true;
}

bool
mgd_term_eq(const MgdTerm* const a, const MgdTerm* const b)
{
  if (a->kind != b->kind || !mgd_str_eq(a->value, b->value)) {
    return false;
  }
  if (a->kind != MGD_TERM_LITERAL) {
    return true;
  }
  return lang_eq(a->lang, b->lang) &&
         mgd_str_eq(mgd_term_datatype(a), mgd_term_datatype(b));
}

// RFC 3987 excludes controls, space and <>"{}|^`\ from IRIs.
static const bool iri_forbidden[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
  [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
  [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
  [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
  [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
  [0x1E] = 1, [0x1F] = 1, [' '] = 1,  ['<'] = 1,  ['>'] = 1,  ['"'] = 1,
  ['{'] = 1,  ['}'] = 1,  ['|'] = 1,  ['^'] = 1,  ['`'] = 1,  ['\\'] = 1,
  [0x7F] = 1,
};

bool
mgd_iri_is_valid(const MgdStr iri)
{
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  size_t i = 0U;
  if (!iri.len || !isalpha((unsigned char)iri.ptr[0])) {
    return false;
  }
  while (i < iri.len && (isalnum((unsigned char)iri.ptr[i]) ||
                         iri.ptr[i] == '+' || iri.ptr[i] == '-' ||
                         iri.ptr[i] == '.')) {
    ++i;
  }
  if (i >= iri.len || iri.ptr[i] != ':') {
    return false;
  }
  bool ascii = true;
  for (i = 0U; i < iri.len; ++i) {
    const unsigned char c = (unsigned char)iri.ptr[i];
    if (iri_forbidden[c]) {
      return false;
    }
    ascii = ascii && c < 0x80U;
  }
  return ascii || mgd_utf8_check(iri.ptr, iri.len) == iri.len;
}

bool
mgd_lang_is_valid(const MgdStr tag)
{
  size_t i = 0U;
  size_t n = 0U;
  while (i < tag.len && isalpha((unsigned char)tag.ptr[i])) {
    ++i, ++n;
  }
  if (n < 1U || n > 8U) {
    return false;
  }
  while (i < tag.len) {
    if (tag.ptr[i++] != '-') {
      return false;
    }
    n = 0U;
    while (i < tag.len && isalnum((unsigned char)tag.ptr[i])) {
      ++i, ++n;
    }
    if (n < 1U || n > 8U) {
      return false;
    }
  }
  return true;
}

MgdStatus
mgd_term_check(const MgdTerm* const   term,
               const MgdLimits* const limits,
               char* const            why,
               const size_t           n_why)
{
  const size_t n = term->value.len + term->datatype.len + term->lang.len;
  if (limits && n > limits->max_term_bytes) {
    snprintf(why, n_why, "term of %zu bytes exceeds the limit of %zu bytes",
             n, limits->max_term_bytes);
    return MGD_BAD_LIMIT;
  }
  const size_t bad = mgd_utf8_check(term->value.ptr, term->value.len);
  if (bad != term->value.len) {
    snprintf(why, n_why, "invalid UTF-8 at byte %zu of %s", bad,
             term->kind == MGD_TERM_LITERAL ? "literal" : "term");
    return MGD_BAD_DATA;
  }
  switch (term->kind) {
  case MGD_TERM_NONE:
    return MGD_SUCCESS;
  case MGD_TERM_IRI:
    if (!mgd_iri_is_valid(term->value)) {
      snprintf(why, n_why, "invalid IRI <%.*s>",
               (int)(term->value.len > 200U ? 200U : term->value.len),
               term->value.ptr ? term->value.ptr : "");
      return MGD_BAD_DATA;
    }
    return MGD_SUCCESS;
  case MGD_TERM_BLANK:
    if (!term->value.len) {
      snprintf(why, n_why, "empty blank node label");
      return MGD_BAD_DATA;
    }
    return MGD_SUCCESS;
  case MGD_TERM_LITERAL:
    if (term->lang.len && !mgd_lang_is_valid(term->lang)) {
      snprintf(why, n_why, "invalid language tag \"%.*s\"",
               (int)(term->lang.len > 64U ? 64U : term->lang.len),
               term->lang.ptr);
      return MGD_BAD_DATA;
    }
    if (term->datatype.len && !mgd_iri_is_valid(term->datatype)) {
      snprintf(why, n_why, "invalid datatype IRI <%.*s>",
               (int)(term->datatype.len > 200U ? 200U : term->datatype.len),
               term->datatype.ptr);
      return MGD_BAD_DATA;
    }
    return MGD_SUCCESS;
  }
  return MGD_BAD_ARG;
}

// Bytes N-Triples escapes: in IRIs (bit 0) controls, DEL and the
// characters the IRIREF grammar excludes; in strings (bit 1) controls, DEL,
// '"' and '\\'. The rest is copied in runs.
static const unsigned char escape_class[128] = {
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 0x00
  3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // 0x10
  1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ' ' '"'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, // '<' '>'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x40
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0, // '\\' '^'
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // '`'
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 3, // '{' '|' '}' DEL
};

static bool
must_escape(const unsigned char c, const bool is_iri)
{
  return c < 128U && (escape_class[c] & (is_iri ? 1U : 2U));
}

static MgdStatus
write_escaped(MgdBuf* const out, const MgdStr s, const bool is_iri)
{
  // Runs of bytes that need no escape are copied at once.
  MgdStatus st  = mgd_buf_reserve(out, s.len + 2U);
  size_t    run = 0U;
  for (size_t i = 0U; !st && i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    if (!must_escape(c, is_iri)) {
      continue;
    }
    st  = mgd_buf_append(out, s.ptr + run, i - run);
    run = i + 1U;
    if (st) {
      break;
    }
    if (!is_iri && (c == '"' || c == '\\' || c == '\n' || c == '\r')) {
      const char esc[3] = {'\\', c == '\n' ? 'n' : c == '\r' ? 'r' : (char)c, 0};
      st                = mgd_buf_append(out, esc, 2U);
    } else {
      st = mgd_buf_printf(out, "\\u%04X", c);
    }
  }
  return st ? st : mgd_buf_append(out, s.ptr + run, s.len - run);
}

MgdStatus
mgd_term_write_nt(MgdBuf* const out, const MgdTerm* const term)
{
  MgdStatus st = MGD_SUCCESS;
  switch (term->kind) {
  case MGD_TERM_NONE:
    return MGD_SUCCESS;
  case MGD_TERM_IRI:
    MGD_TRY(st, mgd_buf_putc(out, '<'));
    MGD_TRY(st, write_escaped(out, term->value, true));
    return mgd_buf_putc(out, '>');
  case MGD_TERM_BLANK:
    MGD_TRY(st, mgd_buf_appendc(out, "_:"));
    return mgd_buf_append(out, term->value.ptr, term->value.len);
  case MGD_TERM_LITERAL:
    MGD_TRY(st, mgd_buf_putc(out, '"'));
    MGD_TRY(st, write_escaped(out, term->value, false));
    MGD_TRY(st, mgd_buf_putc(out, '"'));
    if (term->lang.len) {
      MGD_TRY(st, mgd_buf_putc(out, '@'));
      return mgd_buf_append(out, term->lang.ptr, term->lang.len);
    }
    if (term->datatype.len && !mgd_str_eqc(term->datatype, MGD_XSD_STRING)) {
      MGD_TRY(st, mgd_buf_appendc(out, "^^<"));
      MGD_TRY(st, write_escaped(out, term->datatype, true));
      return mgd_buf_putc(out, '>');
    }
    return MGD_SUCCESS;
  }
  return MGD_BAD_ARG;
}

MgdStatus
mgd_quad_write_nq(MgdBuf* const out, const MgdQuad* const quad)
{
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, mgd_term_write_nt(out, &quad->s));
  MGD_TRY(st, mgd_buf_putc(out, ' '));
  MGD_TRY(st, mgd_term_write_nt(out, &quad->p));
  MGD_TRY(st, mgd_buf_putc(out, ' '));
  MGD_TRY(st, mgd_term_write_nt(out, &quad->o));
  if (quad->g.kind != MGD_TERM_NONE) {
    MGD_TRY(st, mgd_buf_putc(out, ' '));
    MGD_TRY(st, mgd_term_write_nt(out, &quad->g));
  }
  return mgd_buf_appendc(out, " .\n");
}
