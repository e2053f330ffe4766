// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// XSD lexical checks for the SHACL datatype component and the integer
// parameters (sh:minCount, ...), and the value comparison of the ordering
// components, which SHACL defines by SPARQL's operators and which is
// therefore delegated to the SPARQL function library (sparql/func.h).
// Lexical forms are checked here by parsing: numerics (with the ranges of
// the integer subtypes), booleans, dates, times and dateTimes.

#include "shacl/shacl_impl.h"

#include "sparql/func.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
  VAL_NONE,
  VAL_NUMERIC,
  VAL_STRING,
  VAL_BOOLEAN,
  VAL_DATETIME,
  VAL_DATE,
  VAL_TIME,
} ValKind;

/// Integer types derived from xsd:integer, with their value ranges.
typedef struct {
  const char* name;
  long double min;
  long double max;
} IntType;

static const IntType int_types[] = {
  {"integer", -INFINITY, INFINITY},
  {"long", -9223372036854775808.0L, 9223372036854775807.0L},
  {"int", -2147483648.0L, 2147483647.0L},
  {"short", -32768.0L, 32767.0L},
  {"byte", -128.0L, 127.0L},
  {"nonNegativeInteger", 0.0L, INFINITY},
  {"positiveInteger", 1.0L, INFINITY},
  {"nonPositiveInteger", -INFINITY, 0.0L},
  {"negativeInteger", -INFINITY, -1.0L},
  {"unsignedLong", 0.0L, 18446744073709551615.0L},
  {"unsignedInt", 0.0L, 4294967295.0L},
  {"unsignedShort", 0.0L, 65535.0L},
  {"unsignedByte", 0.0L, 255.0L},
};

static const IntType*
int_type(const MgdStr local)
{
  for (size_t i = 0U; i < sizeof(int_types) / sizeof(int_types[0]); ++i) {
    if (mgd_str_eqc(local, int_types[i].name)) {
      return &int_types[i];
    }
  }
  return NULL;
}

// The local name of an XSD datatype IRI, or an empty view.
static MgdStr
xsd_local(const MgdStr dt)
{
  const size_t n = strlen(MGD_NS_XSD);
  if (dt.len > n && memcmp(dt.ptr, MGD_NS_XSD, n) == 0) {
    return mgd_str_n(dt.ptr + n, dt.len - n);
  }
  return mgd_str_n(NULL, 0U);
}

// Parse [+-]digits exactly.
static bool
parse_integer(const MgdStr s, long double* const v)
{
  size_t i = 0U;
  bool   neg = false;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    neg = s.ptr[i] == '-';
    ++i;
  }
  if (i == s.len) {
    return false;
  }
  long double acc = 0.0L;
  for (; i < s.len; ++i) {
    if (!isdigit((unsigned char)s.ptr[i])) {
      return false;
    }
    acc = acc * 10.0L + (long double)(s.ptr[i] - '0');
  }
  *v = neg ? -acc : acc;
  return true;
}

// Parse [+-]digits[.digits] with at least one digit.
static bool
parse_decimal(const MgdStr s, long double* const v)
{
  size_t i = 0U;
  size_t n_digits = 0U;
  bool   neg = false;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    neg = s.ptr[i] == '-';
    ++i;
  }
  long double acc = 0.0L;
  for (; i < s.len && isdigit((unsigned char)s.ptr[i]); ++i, ++n_digits) {
    acc = acc * 10.0L + (long double)(s.ptr[i] - '0');
  }
  if (i < s.len && s.ptr[i] == '.') {
    long double scale = 0.1L;
    for (++i; i < s.len && isdigit((unsigned char)s.ptr[i]); ++i, ++n_digits) {
      acc += scale * (long double)(s.ptr[i] - '0');
      scale /= 10.0L;
    }
  }
  if (i != s.len || n_digits == 0U) {
    return false;
  }
  *v = neg ? -acc : acc;
  return true;
}

// Parse an xsd:double/float lexical form (decimal with optional exponent,
// INF, -INF, +INF, NaN).
static bool
parse_double(const MgdStr s, long double* const v)
{
  if (mgd_str_eqc(s, "INF") || mgd_str_eqc(s, "+INF")) {
    *v = INFINITY;
    return true;
  }
  if (mgd_str_eqc(s, "-INF")) {
    *v = -INFINITY;
    return true;
  }
  if (mgd_str_eqc(s, "NaN")) {
    *v = NAN;
    return true;
  }
  size_t e = 0U;
  while (e < s.len && s.ptr[e] != 'e' && s.ptr[e] != 'E') {
    ++e;
  }
  if (!parse_decimal(mgd_str_n(s.ptr, e), v)) {
    return false;
  }
  if (e < s.len) {
    long double ex = 0.0L;
    if (!parse_integer(mgd_str_n(s.ptr + e + 1U, s.len - e - 1U), &ex) ||
        fabsl(ex) > 100000.0L) {
      return false;
    }
    *v *= powl(10.0L, ex);
  }
  return true;
}

static bool
parse_digits(const char* const p, const size_t n, int* const v)
{
  int acc = 0;
  for (size_t i = 0U; i < n; ++i) {
    if (!isdigit((unsigned char)p[i])) {
      return false;
    }
    acc = acc * 10 + (p[i] - '0');
  }
  *v = acc;
  return true;
}

static long
days_from_civil(long y, const int m, const int d)
{
  // Days since 1970-01-01 in the proleptic Gregorian calendar.
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month(const long y, const int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// Parse an optional time zone (Z, +hh:mm, -hh:mm) at s[i..]; sets minutes
// east of UTC and whether one was present.
static bool
parse_tz(const MgdStr s, size_t i, bool* const has_tz, int* const tz_min)
{
  *has_tz = false;
  *tz_min = 0;
  if (i == s.len) {
    return true;
  }
  if (s.ptr[i] == 'Z' && i + 1U == s.len) {
    *has_tz = true;
    return true;
  }
  int hh = 0;
  int mm = 0;
  if (s.len - i != 6U || (s.ptr[i] != '+' && s.ptr[i] != '-') ||
      s.ptr[i + 3U] != ':' || !parse_digits(s.ptr + i + 1U, 2U, &hh) ||
      !parse_digits(s.ptr + i + 4U, 2U, &mm) || hh > 14 || mm > 59) {
    return false;
  }
  *has_tz = true;
  *tz_min = (hh * 60 + mm) * (s.ptr[i] == '-' ? -1 : 1);
  return true;
}

// Parse yyyy-mm-dd at the start of s; returns bytes used or 0.
static size_t
parse_date_part(const MgdStr s, long* const days)
{
  size_t i = 0U;
  bool   neg = false;
  if (i < s.len && s.ptr[i] == '-') {
    neg = true;
    ++i;
  }
  const size_t y0 = i;
  while (i < s.len && isdigit((unsigned char)s.ptr[i])) {
    ++i;
  }
  if (i - y0 < 4U || i - y0 > 9U || s.len < i + 6U || s.ptr[i] != '-' ||
      s.ptr[i + 3U] != '-') {
    return 0U;
  }
  long y = 0;
  for (size_t k = y0; k < i; ++k) {
    y = y * 10 + (s.ptr[k] - '0');
  }
  if (neg) {
    y = -y;
  }
  int m = 0;
  int d = 0;
  if (!parse_digits(s.ptr + i + 1U, 2U, &m) ||
      !parse_digits(s.ptr + i + 4U, 2U, &d) || m < 1 || m > 12 || d < 1 ||
      d > days_in_month(y, m)) {
    return 0U;
  }
  *days = days_from_civil(y, m, d);
  return i + 6U;
}

// Parse hh:mm:ss[.fff] at the start of s; returns bytes used or 0.
static size_t
parse_time_part(const MgdStr s, long double* const secs)
{
  int hh = 0;
  int mi = 0;
  int ss = 0;
  if (s.len < 8U || s.ptr[2] != ':' || s.ptr[5] != ':' ||
      !parse_digits(s.ptr, 2U, &hh) || !parse_digits(s.ptr + 3U, 2U, &mi) ||
      !parse_digits(s.ptr + 6U, 2U, &ss) || mi > 59 || ss > 59 ||
      (hh > 23 && !(hh == 24 && mi == 0 && ss == 0))) {
    return 0U;
  }
  size_t      i = 8U;
  long double frac = 0.0L;
  if (i < s.len && s.ptr[i] == '.') {
    long double scale = 0.1L;
    const size_t f0 = ++i;
    for (; i < s.len && isdigit((unsigned char)s.ptr[i]); ++i) {
      frac += scale * (long double)(s.ptr[i] - '0');
      scale /= 10.0L;
    }
    if (i == f0) {
      return 0U;
    }
  }
  *secs = (long double)(hh * 3600 + mi * 60 + ss) + frac;
  return i;
}

typedef struct {
  ValKind     kind;
  long double num;    ///< Numeric value or seconds
  bool        has_tz; ///< Date/time with a time zone
  MgdStr      str;    ///< String value
} Value;

static bool
parse_datetime(const MgdStr s, Value* const v)
{
  long         days = 0;
  long double  secs = 0.0L;
  const size_t nd = parse_date_part(s, &days);
  if (nd == 0U || nd >= s.len || s.ptr[nd] != 'T') {
    return false;
  }
  const MgdStr rest = mgd_str_n(s.ptr + nd + 1U, s.len - nd - 1U);
  const size_t nt = parse_time_part(rest, &secs);
  int          tz = 0;
  if (nt == 0U || !parse_tz(rest, nt, &v->has_tz, &tz)) {
    return false;
  }
  v->num = (long double)days * 86400.0L + secs - (long double)tz * 60.0L;
  return true;
}

// Decode a literal's value; VAL_NONE if it has no ordered value we know.
static Value
literal_value(const MgdTerm* const t)
{
  Value v = {VAL_NONE, 0.0L, false, {NULL, 0U}};
  if (t->kind != MGD_TERM_LITERAL) {
    return v;
  }
  const MgdStr dt = mgd_term_datatype(t);
  const MgdStr local = xsd_local(dt);
  const MgdStr s = t->value;
  int          tz = 0;
  if (mgd_str_eqc(local, "string")) {
    v.kind = VAL_STRING;
    v.str = s;
  } else if (mgd_str_eqc(local, "boolean")) {
    if (mgd_str_eqc(s, "true") || mgd_str_eqc(s, "1")) {
      v.kind = VAL_BOOLEAN;
      v.num = 1.0L;
    } else if (mgd_str_eqc(s, "false") || mgd_str_eqc(s, "0")) {
      v.kind = VAL_BOOLEAN;
    }
  } else if (int_type(local)) {
    const IntType* const it = int_type(local);
    if (parse_integer(s, &v.num) && v.num >= it->min && v.num <= it->max) {
      v.kind = VAL_NUMERIC;
    }
  } else if (mgd_str_eqc(local, "decimal")) {
    if (parse_decimal(s, &v.num)) {
      v.kind = VAL_NUMERIC;
    }
  } else if (mgd_str_eqc(local, "double") || mgd_str_eqc(local, "float")) {
    if (parse_double(s, &v.num)) {
      v.kind = VAL_NUMERIC;
    }
  } else if (mgd_str_eqc(local, "dateTime") ||
             mgd_str_eqc(local, "dateTimeStamp")) {
    if (parse_datetime(s, &v) &&
        (v.has_tz || !mgd_str_eqc(local, "dateTimeStamp"))) {
      v.kind = VAL_DATETIME;
    }
  } else if (mgd_str_eqc(local, "date")) {
    long         days = 0;
    const size_t nd = parse_date_part(s, &days);
    if (nd && parse_tz(s, nd, &v.has_tz, &tz)) {
      v.kind = VAL_DATE;
      v.num = (long double)days * 86400.0L - (long double)tz * 60.0L;
    }
  } else if (mgd_str_eqc(local, "time")) {
    long double  secs = 0.0L;
    const size_t nt = parse_time_part(s, &secs);
    if (nt && parse_tz(s, nt, &v.has_tz, &tz)) {
      v.kind = VAL_TIME;
      v.num = secs - (long double)tz * 60.0L;
    }
  }
  return v;
}

MgdStatus
mgd_shacl_value_compare(const MgdTerm* const a, const MgdTerm* const b,
                        int* const cmp)
{
  // SHACL defines the ordering components by SPARQL's < and <= operators,
  // so the SPARQL function library decides (exact decimals, all XSD
  // numeric and date/time types it knows).
  return mgd_term_compare(a, b, cmp);
}

bool
mgd_shacl_lexical_valid(const MgdStr datatype, const MgdStr lexical)
{
  const MgdStr local = xsd_local(datatype);
  if (!local.len || mgd_str_eqc(local, "string") ||
      mgd_str_eqc(local, "anyURI") || mgd_str_eqc(local, "normalizedString") ||
      mgd_str_eqc(local, "token")) {
    return true;
  }
  const MgdTerm t = mgd_term_literal(lexical, datatype, mgd_str_n(NULL, 0U));
  const bool    known =
    int_type(local) || mgd_str_eqc(local, "decimal") ||
    mgd_str_eqc(local, "double") || mgd_str_eqc(local, "float") ||
    mgd_str_eqc(local, "boolean") || mgd_str_eqc(local, "dateTime") ||
    mgd_str_eqc(local, "dateTimeStamp") || mgd_str_eqc(local, "date") ||
    mgd_str_eqc(local, "time");
  return !known || literal_value(&t).kind != VAL_NONE;
}

MgdStatus
mgd_shacl_literal_count(const MgdTerm* const term, uint64_t* const value)
{
  if (term->kind != MGD_TERM_LITERAL) {
    return MGD_FAILURE;
  }
  const MgdStr local = xsd_local(mgd_term_datatype(term));
  long double  v = 0.0L;
  if (!int_type(local) || !parse_integer(term->value, &v) || v < 0.0L ||
      v >= 9223372036854775807.0L) {
    return MGD_FAILURE;
  }
  *value = (uint64_t)v;
  return MGD_SUCCESS;
}
