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
  case MGD_TAG_DECIMAL:
  case MGD_TAG_DATETIME:
  case MGD_TAG_DATE: return MGD_TERM_LITERAL;
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

// Dates and times. A value is kept as milliseconds (dateTime) or days
// (date) since 0001-01-01 in UTC, shifted left 7 bits over its zone: 0 for
// none, else 57 + the offset in quarter hours (-14:00..+14:00 is 1..113).
// Only a lexical form that renders back identically is inlined, so equal
// ids stay identical terms.
enum { ZONE_NONE = 0, ZONE_BIAS = 57, MS_DAY = 86400000 };

static bool
is_leap(const int64_t y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(const int64_t y, const int m)
{
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Days from 0001-01-01 to y-m-d (proleptic Gregorian), by 400-year eras.
static int64_t
days_from_civil(int64_t y, const int m, const int d)
{
  y -= m <= 2;
  const int64_t era = y / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 306; // day 0 = 0001-01-01
}

static void
civil_from_days(int64_t z, int64_t* const y, int* const m, int* const d)
{
  z += 306;
  const int64_t era = z / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp  = (5 * doy + 2) / 153;
  *d                = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m                = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y                = yoe + era * 400 + (*m <= 2);
}

static bool
digits(const char* const p, const size_t n, int* const out)
{
  int v = 0;
  for (size_t i = 0U; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9') {
      return false;
    }
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return true;
}

/// Render a date or dateTime id into `out` (>= 30 bytes); returns the length.
static size_t
render_time(const MgdId id, char* const out)
{
  const uint64_t payload = id & MGD_ID_PAYLOAD_MASK;
  const int      zone    = (int)(payload & 0x7FU);
  const int      offset  = zone ? (zone - ZONE_BIAS) * 15 : 0; // minutes
  int64_t        y       = 0;
  int            mo = 0, d = 0;
  int            n       = 0;
  if (mgd_id_tag(id) == MGD_TAG_DATE) {
    civil_from_days((int64_t)(payload >> 7U), &y, &mo, &d);
    n = snprintf(out, 32U, "%04lld-%02d-%02d", (long long)y, mo, d);
  } else {
    const int64_t ms  = (int64_t)(payload >> 7U) - MS_DAY + (int64_t)offset * 60000;
    const int64_t day = ms / MS_DAY;
    int64_t       rem = ms % MS_DAY;
    civil_from_days(day, &y, &mo, &d);
    const int frac = (int)(rem % 1000);
    rem /= 1000;
    n = snprintf(out, 32U, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, mo, d,
                 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    if (frac) {
      int f = frac, w = 3;
      while (f % 10 == 0) {
        f /= 10;
        --w;
      }
      n += snprintf(out + n, 32U - (size_t)n, ".%0*d", w, f);
    }
  }
  if (zone && !offset) {
    out[n++] = 'Z';
  } else if (zone) {
    const int a = offset < 0 ? -offset : offset;
    n += snprintf(out + n, 32U - (size_t)n, "%c%02d:%02d", offset < 0 ? '-' : '+',
                  a / 60, a % 60);
  }
  out[n] = '\0';
  return (size_t)n;
}

/// Parse a date (`date_only`) or dateTime into an id; false unless it is a
/// valid value in range whose canonical rendering is `s` itself.
static bool
parse_time(const MgdStr s, const bool date_only, MgdId* const id)
{
  const char* p = s.ptr;
  const size_t n = s.len;
  int          y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (n < 10U || n > 29U || p[4] != '-' || p[7] != '-' || !digits(p, 4U, &y) ||
      !digits(p + 5, 2U, &mo) || !digits(p + 8, 2U, &d) || y < 1 || mo < 1 ||
      mo > 12 || d < 1 || d > month_days(y, mo)) {
    return false;
  }
  size_t i = 10U;
  if (!date_only) {
    if (n < 19U || p[10] != 'T' || p[13] != ':' || p[16] != ':' ||
        !digits(p + 11, 2U, &h) || !digits(p + 14, 2U, &mi) ||
        !digits(p + 17, 2U, &sec) || h > 23 || mi > 59 || sec > 59) {
      return false;
    }
    i = 19U;
    if (i < n && p[i] == '.') {
      size_t k = i + 1U;
      while (k < n && k < i + 4U && p[k] >= '0' && p[k] <= '9') {
        ++k;
      }
      int f = 0;
      if (k == i + 1U || !digits(p + i + 1, k - i - 1U, &f)) {
        return false;
      }
      for (size_t w = k - i - 1U; w < 3U; ++w) {
        f *= 10;
      }
      ms = f;
      i  = k;
    }
  }
  int zone = ZONE_NONE, offset = 0;
  if (i < n) {
    if (p[i] == 'Z' && i + 1U == n) {
      zone = ZONE_BIAS;
    } else {
      int zh = 0, zm = 0;
      if (n - i != 6U || (p[i] != '+' && p[i] != '-') || p[i + 3] != ':' ||
          !digits(p + i + 1, 2U, &zh) || !digits(p + i + 4, 2U, &zm) ||
          zm % 15 || zh * 60 + zm > 14 * 60) {
        return false;
      }
      offset = (p[i] == '-' ? -1 : 1) * (zh * 60 + zm);
      zone   = ZONE_BIAS + offset / 15;
    }
  }
  const int64_t days = days_from_civil(y, mo, d);
  uint64_t      v    = 0U;
  if (date_only) {
    v = (uint64_t)days;
  } else {
    const int64_t local = days * MS_DAY + ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + ms;
    v = (uint64_t)(local - (int64_t)offset * 60000 + MS_DAY); // >= 0
  }
  *id = mgd_id_make(date_only ? MGD_TAG_DATE : MGD_TAG_DATETIME,
                    (v << 7U) | (uint64_t)zone);
  char back[32];
  const size_t m = render_time(*id, back);
  return m == n && !memcmp(back, p, n);
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
  if (mgd_str_eqc(dt, MGD_XSD_DATETIME) || mgd_str_eqc(dt, MGD_XSD_DATE)) {
    return parse_time(term->value, mgd_str_eqc(dt, MGD_XSD_DATE), id);
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
  case MGD_TAG_DATETIME:
  case MGD_TAG_DATE: {
    const size_t n = render_time(id, scratch->bytes);
    *term          = mgd_term_literal(
      mgd_str_n(scratch->bytes, n),
      mgd_str(mgd_id_tag(id) == MGD_TAG_DATE ? MGD_XSD_DATE : MGD_XSD_DATETIME),
      none);
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
