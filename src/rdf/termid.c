// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "termid.h"

#include <stdio.h>
#include <string.h>

#define INT_BIAS (((int64_t)1) << 59)

MgdTermKind
mgd_id_kind(const MgdId id)
{
  switch (mgd_id_tag(id)) {
  case MGD_TAG_IRI: return MGD_TERM_IRI;
  case MGD_TAG_BLANK: return MGD_TERM_BLANK;
  case MGD_TAG_LITERAL:
  case MGD_TAG_INTEGER:
  case MGD_TAG_BOOLEAN:
  case MGD_TAG_SSTRING:
  case MGD_TAG_DECIMAL: return MGD_TERM_LITERAL;
  case MGD_TAG_SPECIAL:
  case MGD_TAG_LOCAL: break;
  }
  return MGD_TERM_NONE;
}

// Canonical xsd:integer: optional '-', no leading zeros, not "-0".
static bool
parse_canonical_integer(const MgdStr s, int64_t* const value)
{
  size_t i   = 0U;
  bool   neg = false;
  if (s.len && s.ptr[0] == '-') {
    neg = true;
    i   = 1U;
  }
  const size_t n_digits = s.len - i;
  if (!n_digits || n_digits > 18U || (s.ptr[i] == '0' && n_digits > 1U) ||
      (neg && s.ptr[i] == '0')) {
    return false;
  }
  int64_t v = 0;
  for (; i < s.len; ++i) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9') {
      return false;
    }
    v = v * 10 + (s.ptr[i] - '0');
  }
  v = neg ? -v : v;
  if (v < -INT_BIAS || v >= INT_BIAS) {
    return false;
  }
  *value = v;
  return true;
}

// Canonical xsd:decimal: optional '-', an integer part without leading
// zeros, '.', and a fraction without trailing zeros ("0" alone for whole
// numbers); not "-0.0". Within the inline range and precision.
static bool
parse_canonical_decimal(const MgdStr s, int64_t* const units)
{
  size_t i   = 0U;
  bool   neg = false;
  if (s.len && s.ptr[0] == '-') {
    neg = true;
    i   = 1U;
  }
  const char* const dot = (const char*)memchr(s.ptr + i, '.', s.len - i);
  if (!dot) {
    return false;
  }
  const size_t n_int  = (size_t)(dot - (s.ptr + i));
  const size_t n_frac = s.len - i - n_int - 1U;
  if (!n_int || n_int > 9U || !n_frac || n_frac > MGD_ID_DECIMAL_DIGITS ||
      (s.ptr[i] == '0' && n_int > 1U)) {
    return false;
  }
  const char last = s.ptr[s.len - 1U];
  if (last == '0' && n_frac > 1U) {
    return false; // trailing zero
  }
  int64_t v = 0;
  for (size_t j = i; j < s.len; ++j) {
    if (j == i + n_int) {
      continue;
    }
    if (s.ptr[j] < '0' || s.ptr[j] > '9') {
      return false;
    }
    v = v * 10 + (s.ptr[j] - '0');
  }
  for (size_t f = n_frac; f < MGD_ID_DECIMAL_DIGITS; ++f) {
    v *= 10;
  }
  if (neg && !v) {
    return false; // "-0.0"
  }
  *units = neg ? -v : v; // at most 18 digits: no overflow before this check
  return v < INT_BIAS;
}

bool
mgd_id_inline(const MgdTerm* const term, MgdId* const id)
{
  if (term->kind != MGD_TERM_LITERAL || term->lang.len) {
    return false;
  }
  const MgdStr dt = term->datatype;
  if (!dt.len || mgd_str_eqc(dt, MGD_XSD_STRING)) {
    if (term->value.len > 7U ||
        (term->value.len && memchr(term->value.ptr, 0, term->value.len))) {
      return false;
    }
    uint64_t payload = 0U;
    for (size_t i = 0U; i < 7U; ++i) {
      const unsigned char c =
        i < term->value.len ? (unsigned char)term->value.ptr[i] : 0U;
      payload = (payload << 8U) | c;
    }
    // 56 bits of bytes, big-endian, so ids sort like the strings' bytes
    *id = mgd_id_make(MGD_TAG_SSTRING, payload);
    return true;
  }
  if (mgd_str_eqc(dt, MGD_XSD_INTEGER)) {
    int64_t v = 0;
    if (!parse_canonical_integer(term->value, &v)) {
      return false;
    }
    *id = mgd_id_make(MGD_TAG_INTEGER, (uint64_t)(v + INT_BIAS));
    return true;
  }
  if (mgd_str_eqc(dt, MGD_XSD_DECIMAL)) {
    int64_t v = 0;
    if (!parse_canonical_decimal(term->value, &v)) {
      return false;
    }
    *id = mgd_id_make(MGD_TAG_DECIMAL, (uint64_t)(v + INT_BIAS));
    return true;
  }
  if (mgd_str_eqc(dt, MGD_XSD_BOOLEAN)) {
    if (mgd_str_eqc(term->value, "true")) {
      *id = mgd_id_make(MGD_TAG_BOOLEAN, 1U);
      return true;
    }
    if (mgd_str_eqc(term->value, "false")) {
      *id = mgd_id_make(MGD_TAG_BOOLEAN, 0U);
      return true;
    }
  }
  return false;
}

int64_t
mgd_id_integer(const MgdId id)
{
  return (int64_t)(id & MGD_ID_PAYLOAD_MASK) - INT_BIAS;
}

int64_t
mgd_id_decimal_units(const MgdId id)
{
  return (int64_t)(id & MGD_ID_PAYLOAD_MASK) - INT_BIAS;
}

MgdStatus
mgd_id_inline_term(const MgdId        id,
                   MgdIdScratch* const scratch,
                   MgdTerm* const      term)
{
  const MgdStr none = {NULL, 0U};
  switch (mgd_id_tag(id)) {
  case MGD_TAG_INTEGER: {
    const int n = snprintf(scratch->bytes, sizeof(scratch->bytes), "%lld",
                           (long long)mgd_id_integer(id));
    *term = mgd_term_literal(mgd_str_n(scratch->bytes, (size_t)n),
                             mgd_str(MGD_XSD_INTEGER), none);
    return MGD_SUCCESS;
  }
  case MGD_TAG_DECIMAL: {
    const int64_t  v     = mgd_id_decimal_units(id);
    const uint64_t a     = v < 0 ? (uint64_t)-v : (uint64_t)v;
    unsigned long  frac  = (unsigned long)(a % 1000000000U);
    unsigned       width = MGD_ID_DECIMAL_DIGITS;
    while (width > 1U && frac % 10U == 0U) {
      frac /= 10U;
      --width;
    }
    const int n = snprintf(scratch->bytes, sizeof(scratch->bytes),
                           "%s%llu.%0*lu", v < 0 ? "-" : "",
                           (unsigned long long)(a / 1000000000U), (int)width,
                           frac);
    *term = mgd_term_literal(mgd_str_n(scratch->bytes, (size_t)n),
                             mgd_str(MGD_XSD_DECIMAL), none);
    return MGD_SUCCESS;
  }
  case MGD_TAG_BOOLEAN:
    *term = mgd_term_literal(mgd_str((id & 1U) ? "true" : "false"),
                             mgd_str(MGD_XSD_BOOLEAN), none);
    return MGD_SUCCESS;
  case MGD_TAG_SSTRING: {
    size_t n = 0U;
    for (unsigned i = 0U; i < 7U; ++i) {
      const char c = (char)((id >> (8U * (6U - i))) & 0xFFU);
      if (!c) {
        break;
      }
      scratch->bytes[n++] = c;
    }
    scratch->bytes[n] = '\0';
    *term = mgd_term_literal(mgd_str_n(scratch->bytes, n), none, none);
    return MGD_SUCCESS;
  }
  case MGD_TAG_SPECIAL:
  case MGD_TAG_IRI:
  case MGD_TAG_BLANK:
  case MGD_TAG_LITERAL:
  case MGD_TAG_LOCAL: break;
  }
  return MGD_BAD_ARG;
}
