// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// xsd:dateTime parsing and ordering, NOW and the date/time accessors
// (SPARQL 1.1 Query §17.4.5).

#include "sparql/func_impl.h"

#include <stdio.h>
#include <string.h>

static const MgdStr k_empty = {"", 0};

// Years beyond this make the seconds-since-epoch overflow int64; such
// literals are treated as invalid.
#define MAX_YEAR_DIGITS 11

static bool
read_digits(const MgdStr s, size_t* const i, const size_t n, int* const out)
{
  int v = 0;
  for (size_t k = 0; k < n; ++k, ++*i) {
    if (*i >= s.len || s.ptr[*i] < '0' || s.ptr[*i] > '9') {
      return false;
    }
    v = v * 10 + (s.ptr[*i] - '0');
  }
  *out = v;
  return true;
}

static bool
expect(const MgdStr s, size_t* const i, const char c)
{
  if (*i < s.len && s.ptr[*i] == c) {
    ++*i;
    return true;
  }
  return false;
}

static bool
is_leap(const int64_t y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(const int64_t y, const int m)
{
  static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : k_days[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil algorithm).
static int64_t
days_from_civil(int64_t y, const int m, const int d)
{
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t* const y, int* const m, int* const d)
{
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp  = (5 * doy + 2) / 153;
  *d                = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m                = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y                = yoe + era * 400 + (*m <= 2);
}

// XML Schema 1.1 Part 2 §3.3.8: -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|[+-]hh:mm)?
bool
mgd_fn_datetime_parse(const MgdStr s, MgdDateTime* const out)
{
  memset(out, 0, sizeof(*out));
  size_t i   = 0;
  bool   neg = expect(s, &i, '-');
  size_t n_y = 0;
  int64_t year = 0;
  while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
    year = year * 10 + (s.ptr[i++] - '0');
    if (++n_y > MAX_YEAR_DIGITS) {
      return false;
    }
  }
  if (n_y < 4 || (n_y > 4 && s.ptr[i - n_y] == '0')) {
    return false;
  }
  out->year = neg ? -year : year;
  int sec   = 0;
  if (!expect(s, &i, '-') || !read_digits(s, &i, 2, &out->month) ||
      !expect(s, &i, '-') || !read_digits(s, &i, 2, &out->day) ||
      !expect(s, &i, 'T') || !read_digits(s, &i, 2, &out->hour) ||
      !expect(s, &i, ':') || !read_digits(s, &i, 2, &out->minute) ||
      !expect(s, &i, ':') || !read_digits(s, &i, 2, &sec)) {
    return false;
  }
  const size_t sec_start = i - 2;
  if (expect(s, &i, '.')) {
    const size_t frac_start = i;
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
      ++i;
    }
    if (i == frac_start) {
      return false;
    }
  }
  if (mgd_dec_parse(mgd_str_n(s.ptr + sec_start, i - sec_start),
                    &out->second)) {
    return false;
  }
  if (i < s.len) {
    const size_t tz_start = i;
    if (expect(s, &i, 'Z')) {
      out->tz_min = 0;
    } else {
      const bool tz_neg = s.ptr[i] == '-';
      int        th     = 0;
      int        tm     = 0;
      if ((!expect(s, &i, '+') && !expect(s, &i, '-')) ||
          !read_digits(s, &i, 2, &th) || !expect(s, &i, ':') ||
          !read_digits(s, &i, 2, &tm) || tm > 59 ||
          th * 60 + tm > 14 * 60) {
        return false;
      }
      out->tz_min = (tz_neg ? -1 : 1) * (th * 60 + tm);
    }
    out->has_tz = true;
    out->tz_lex = mgd_str_n(s.ptr + tz_start, i - tz_start);
  }
  if (i != s.len || out->month < 1 || out->month > 12 || out->day < 1 ||
      out->day > days_in_month(out->year, out->month) || out->minute > 59 ||
      sec > 59) {
    return false;
  }
  if (out->hour == 24) {
    // 24:00:00 is the first instant of the next day.
    if (out->minute || out->second.raw) {
      return false;
    }
    int64_t y = 0;
    civil_from_days(days_from_civil(out->year, out->month, out->day) + 1, &y,
                    &out->month, &out->day);
    out->year = y;
    out->hour = 0;
  } else if (out->hour > 23) {
    return false;
  }
  return true;
}

// An xsd:date is compared as the first instant of its day in its time
// zone (XML Schema 1.1 Part 2 §3.3.9, §D.2.1): parsed as that dateTime.
bool
mgd_fn_date_parse(const MgdStr s, MgdDateTime* const out)
{
  size_t i = s.len && s.ptr[0] == '-' ? 1U : 0U;
  while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
    ++i;
  }
  i += 6U; // -MM-DD
  char buf[64];
  if (i > s.len || s.len + 9U >= sizeof(buf)) {
    return false;
  }
  memcpy(buf, s.ptr, i);
  memcpy(buf + i, "T00:00:00", 9U);
  memcpy(buf + i + 9U, s.ptr + i, s.len - i);
  if (!mgd_fn_datetime_parse(mgd_str_n(buf, s.len + 9U), out)) {
    return false;
  }
  out->tz_lex = mgd_str_n(s.ptr + i, s.len - i); // not into buf
  return true;
}

// Seconds since 1970-01-01T00:00:00 of the local fields, shifted by
// `offset_min` minutes (the time zone to subtract).
static MgdDec
dt_seconds(const MgdDateTime* const dt, const int offset_min)
{
  const int64_t days = days_from_civil(dt->year, dt->month, dt->day);
  const int64_t secs = days * 86400 + dt->hour * 3600 + dt->minute * 60 -
                       (int64_t)offset_min * 60;
  MgdDec r;
  if (mgd_dec_add(mgd_dec_from_i64(secs), dt->second, &r)) {
    r = mgd_dec_from_i64(secs); // cannot happen within MAX_YEAR_DIGITS
  }
  return r;
}

MgdStatus
mgd_fn_datetime_cmp(const MgdDateTime* const a, const MgdDateTime* const b,
                    int* const cmp)
{
  if (a->has_tz == b->has_tz) {
    *cmp = mgd_dec_cmp(dt_seconds(a, a->tz_min), dt_seconds(b, b->tz_min));
    return MGD_SUCCESS;
  }
  // One is local: it may be anywhere from -14:00 to +14:00 (XSD §D.2.1).
  const MgdDateTime* const zoned = a->has_tz ? a : b;
  const MgdDateTime* const local = a->has_tz ? b : a;
  const MgdDec             z     = dt_seconds(zoned, zoned->tz_min);
  const MgdDec             lo    = dt_seconds(local, 14 * 60);
  const MgdDec             hi    = dt_seconds(local, -14 * 60);
  int                      c     = 0;
  if (mgd_dec_cmp(z, lo) < 0) {
    c = -1;
  } else if (mgd_dec_cmp(z, hi) > 0) {
    c = 1;
  } else {
    return MGD_FAILURE;
  }
  *cmp = a->has_tz ? c : -c;
  return MGD_SUCCESS;
}

static MgdStatus
make_now(MgdFuncCtx* const ctx, MgdTerm* const out)
{
  int64_t secs = ctx->now_us / 1000000;
  int64_t us   = ctx->now_us % 1000000;
  if (us < 0) {
    us += 1000000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem  = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  int     m = 0;
  int     d = 0;
  civil_from_days(days, &y, &m, &d);
  char buf[64];
  int  n = snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02d",
                    (long long)y, m, d, (int)(rem / 3600),
                    (int)(rem / 60 % 60), (int)(rem % 60));
  if (us) {
    n += snprintf(buf + n, sizeof(buf) - (size_t)n, ".%06lld", (long long)us);
    while (buf[n - 1] == '0') {
      --n;
    }
  }
  buf[n++] = 'Z';
  return mgd_fn_make_lit(ctx, buf, (size_t)n, mgd_str(MGD_XSD_DATETIME),
                         k_empty, out);
}

// xsd:time (hh:mm:ss(.s+)?(zone)?) read as a time of 1972-01-01 (XSD 1.1
// §3.3.8's reference day), so the dateTime parser checks it. The zone text
// points into `s`.
static bool
time_parse(const MgdStr s, MgdDateTime* const out)
{
  char buf[96];
  if (s.len > sizeof(buf) - 11U) {
    return false;
  }
  memcpy(buf, "1972-01-01T", 11U);
  memcpy(buf + 11, s.ptr, s.len);
  if (!mgd_fn_datetime_parse(mgd_str_n(buf, s.len + 11U), out) ||
      out->day != 1) { // 24:00:00 is a time of the next day
    return false;
  }
  out->tz_lex = out->has_tz ? mgd_str_n(s.ptr + (out->tz_lex.ptr - (buf + 11)),
                                        out->tz_lex.len)
                            : k_empty;
  return true;
}

// xsd:dayTimeDuration of a time zone offset: "PT0S", "-PT5H", "PT5H30M".
static MgdStatus
make_tz_duration(MgdFuncCtx* const ctx, const int tz_min, MgdTerm* const out)
{
  char      buf[32];
  const int a = tz_min < 0 ? -tz_min : tz_min;
  int       n = snprintf(buf, sizeof(buf), "%sPT", tz_min < 0 ? "-" : "");
  if (a == 0) {
    n += snprintf(buf + n, sizeof(buf) - (size_t)n, "0S");
  }
  if (a / 60) {
    n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%dH", a / 60);
  }
  if (a % 60) {
    n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%dM", a % 60);
  }
  return mgd_fn_make_lit(ctx, buf, (size_t)n,
                         mgd_str(MGD_NS_XSD "dayTimeDuration"), k_empty, out);
}

MgdStatus
mgd_fn_call_time(MgdFuncCtx* const ctx, const MgdFunc fn,
                 const MgdTerm* const args, const size_t n_args,
                 MgdTerm* const out)
{
  (void)n_args;
  if (fn == MGD_FN_NOW) {
    return make_now(ctx, out);
  }
  MgdDateTime dt;
  // xsd:date and xsd:time too (as Oxigraph and Virtuoso do) for the parts
  // they have: YEAR, MONTH, DAY / HOURS, MINUTES, SECONDS; both TIMEZONE, TZ.
  const bool other = mgd_fn_xsd_type(&args[0]) == MGD_XT_OTHER;
  const bool date  = other && mgd_str_eqc(args[0].datatype, MGD_XSD_DATE);
  const bool time =
    other && mgd_str_eqc(args[0].datatype, MGD_NS_XSD "time");
  if (date ? (fn == MGD_FN_HOURS || fn == MGD_FN_MINUTES ||
              fn == MGD_FN_SECONDS || !mgd_fn_date_parse(args[0].value, &dt))
      : time ? (fn == MGD_FN_YEAR || fn == MGD_FN_MONTH || fn == MGD_FN_DAY ||
                !time_parse(args[0].value, &dt))
             : (mgd_fn_xsd_type(&args[0]) != MGD_XT_DATETIME ||
                !mgd_fn_datetime_parse(args[0].value, &dt))) {
    return MGD_FAILURE;
  }
  // YEAR etc. read the fields as written, without normalising the zone;
  // an hour of 24 was normalised by the parser.
  char buf[MGD_DEC_FMT_MAX];
  switch (fn) {
  case MGD_FN_YEAR:
    return mgd_fn_make_int(ctx, dt.year, out);
  case MGD_FN_MONTH:
    return mgd_fn_make_int(ctx, dt.month, out);
  case MGD_FN_DAY:
    return mgd_fn_make_int(ctx, dt.day, out);
  case MGD_FN_HOURS:
    return mgd_fn_make_int(ctx, dt.hour, out);
  case MGD_FN_MINUTES:
    return mgd_fn_make_int(ctx, dt.minute, out);
  case MGD_FN_SECONDS: {
    const size_t n = mgd_dec_format(dt.second, buf);
    return mgd_fn_make_lit(ctx, buf, n, mgd_str(MGD_XSD_DECIMAL), k_empty,
                           out);
  }
  case MGD_FN_TIMEZONE:
    if (!dt.has_tz) {
      return MGD_FAILURE;
    }
    return make_tz_duration(ctx, dt.tz_min, out);
  case MGD_FN_TZ: // a zero offset is "Z", its canonical form (as in Oxigraph)
    *out = mgd_term_literal(dt.has_tz && dt.tz_min == 0 ? mgd_str("Z")
                                                        : dt.tz_lex,
                            k_empty, k_empty);
    return MGD_SUCCESS;
  default:
    return MGD_BAD_ARG;
  }
}

// ---------------------------------------------------------------------------
// Durations and date/time arithmetic (XPath F&O 2.0 §10.4-10.8, beyond
// SPARQL 1.1's operator table, as Oxigraph and Virtuoso do)

// Reads digits up to `stop`; false on overflow past 15 digits.
static bool
dur_number(const MgdStr s, size_t* const i, int64_t* const out)
{
  const size_t start = *i;
  int64_t      v     = 0;
  while (*i < s.len && s.ptr[*i] >= '0' && s.ptr[*i] <= '9') {
    if (*i - start >= 15U) {
      return false;
    }
    v = v * 10 + (s.ptr[(*i)++] - '0');
  }
  *out = v;
  return *i > start;
}

bool
mgd_fn_duration_parse(const MgdTerm* const t, MgdDuration* const out)
{
  memset(out, 0, sizeof(*out));
  if (t->kind != MGD_TERM_LITERAL) {
    return false;
  }
  if (mgd_str_eqc(t->datatype, MGD_NS_XSD "duration")) {
    out->kind = MGD_DUR_ANY;
  } else if (mgd_str_eqc(t->datatype, MGD_NS_XSD "dayTimeDuration")) {
    out->kind = MGD_DUR_DAYTIME;
  } else if (mgd_str_eqc(t->datatype, MGD_NS_XSD "yearMonthDuration")) {
    out->kind = MGD_DUR_YEARMONTH;
  } else {
    return false;
  }
  const MgdStr s   = t->value;
  size_t       i   = 0;
  const bool   neg = expect(s, &i, '-');
  if (!expect(s, &i, 'P')) {
    return false;
  }
  // Designators in order; `n_parts` counts those present.
  static const char k_date[] = "YMD";
  static const char k_time[] = "HMS";
  int64_t           months   = 0;
  int64_t           secs     = 0;
  MgdDec            frac     = {0};
  int               n_parts  = 0;
  size_t            d        = 0;
  while (i < s.len && s.ptr[i] != 'T') {
    int64_t v = 0;
    if (!dur_number(s, &i, &v) || i >= s.len) {
      return false;
    }
    while (d < 3U && k_date[d] != s.ptr[i]) {
      ++d;
    }
    if (d == 3U) {
      return false;
    }
    months += d == 0U ? v * 12 : d == 1U ? v : 0;
    secs += d == 2U ? v * 86400 : 0;
    ++d;
    ++i;
    ++n_parts;
  }
  if (expect(s, &i, 'T')) {
    const int before = n_parts;
    d                = 0;
    while (i < s.len) {
      int64_t v = 0;
      if (!dur_number(s, &i, &v) || i >= s.len) {
        return false;
      }
      if (s.ptr[i] == '.') { // only seconds have a fraction
        const size_t f = i;
        ++i;
        while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
          ++i;
        }
        char buf[48];
        if (i == f + 1U || i - f + 1U >= sizeof(buf) || i >= s.len ||
            s.ptr[i] != 'S') {
          return false;
        }
        buf[0] = '0';
        memcpy(buf + 1, s.ptr + f, i - f);
        if (mgd_dec_parse(mgd_str_n(buf, i - f + 1U), &frac)) {
          return false;
        }
      }
      while (d < 3U && k_time[d] != s.ptr[i]) {
        ++d;
      }
      if (d == 3U) {
        return false;
      }
      secs += d == 0U ? v * 3600 : d == 1U ? v * 60 : v;
      ++d;
      ++i;
      ++n_parts;
    }
    if (n_parts == before) {
      return false; // "T" with nothing after it
    }
  }
  if (i != s.len || n_parts == 0 ||
      (out->kind == MGD_DUR_DAYTIME && months != 0) ||
      (out->kind == MGD_DUR_YEARMONTH && (secs != 0 || frac.raw != 0))) {
    return false;
  }
  MgdDec total;
  if (mgd_dec_add(mgd_dec_from_i64(secs), frac, &total)) {
    return false;
  }
  out->months  = neg ? -months : months;
  out->seconds = neg ? mgd_dec_neg(total) : total;
  return true;
}

// -1, 0, 1: a duration's order under XSD 1.1 §3.3.6.2, approximated by the
// shortest (28-day) and longest (31-day) months; MGD_FAILURE when that
// leaves the order open (P1M against P30D).
MgdStatus
mgd_fn_duration_cmp(const MgdDuration* const a, const MgdDuration* const b,
                    int* const cmp)
{
  const int cm = a->months < b->months ? -1 : a->months > b->months;
  const int cs = mgd_dec_cmp(a->seconds, b->seconds);
  if (cm == 0 || cs == 0 || cm == cs) {
    *cmp = cm ? cm : cs;
    return MGD_SUCCESS;
  }
  MgdDec lo_a;
  MgdDec hi_a;
  MgdDec lo_b;
  MgdDec hi_b;
  if (mgd_dec_add(a->seconds, mgd_dec_from_i64(a->months * 28 * 86400), &lo_a) ||
      mgd_dec_add(a->seconds, mgd_dec_from_i64(a->months * 31 * 86400), &hi_a) ||
      mgd_dec_add(b->seconds, mgd_dec_from_i64(b->months * 28 * 86400), &lo_b) ||
      mgd_dec_add(b->seconds, mgd_dec_from_i64(b->months * 31 * 86400), &hi_b)) {
    return MGD_FAILURE;
  }
  // With negative months the bounds swap.
  const MgdDec amin = mgd_dec_cmp(lo_a, hi_a) < 0 ? lo_a : hi_a;
  const MgdDec amax = mgd_dec_cmp(lo_a, hi_a) < 0 ? hi_a : lo_a;
  const MgdDec bmin = mgd_dec_cmp(lo_b, hi_b) < 0 ? lo_b : hi_b;
  const MgdDec bmax = mgd_dec_cmp(lo_b, hi_b) < 0 ? hi_b : lo_b;
  if (mgd_dec_cmp(amax, bmin) < 0) {
    *cmp = -1;
  } else if (mgd_dec_cmp(amin, bmax) > 0) {
    *cmp = 1;
  } else {
    return MGD_FAILURE;
  }
  return MGD_SUCCESS;
}

// Canonical lexical form of a duration into `buf` (64 bytes); the kind
// decides which parts appear and the form of zero.
static size_t
format_duration(const MgdDuration* const d, const MgdDurKind kind,
                char* const buf)
{
  const bool neg = d->months < 0 || d->seconds.raw < 0;
  int64_t    m   = d->months < 0 ? -d->months : d->months;
  const MgdDec s = d->seconds.raw < 0 ? mgd_dec_neg(d->seconds) : d->seconds;
  int64_t      whole = 0;
  (void)mgd_dec_to_i64(s, &whole);
  MgdDec frac;
  (void)mgd_dec_sub(s, mgd_dec_from_i64(whole), &frac);
  int n = snprintf(buf, 64, "%sP", neg ? "-" : "");
  if (kind != MGD_DUR_DAYTIME) {
    if (m / 12) {
      n += snprintf(buf + n, 64 - (size_t)n, "%lldY", (long long)(m / 12));
    }
    if (m % 12 || (kind == MGD_DUR_YEARMONTH && m == 0)) {
      n += snprintf(buf + n, 64 - (size_t)n, "%lldM", (long long)(m % 12));
    }
    if (kind == MGD_DUR_YEARMONTH) {
      return (size_t)n;
    }
  }
  const int64_t days = whole / 86400;
  const int64_t h    = whole % 86400 / 3600;
  const int64_t mi   = whole % 3600 / 60;
  const int64_t sec  = whole % 60;
  if (days) {
    n += snprintf(buf + n, 64 - (size_t)n, "%lldD", (long long)days);
  }
  if (h || mi || sec || frac.raw || (days == 0 && m == 0)) {
    n += snprintf(buf + n, 64 - (size_t)n, "T");
    if (h) {
      n += snprintf(buf + n, 64 - (size_t)n, "%lldH", (long long)h);
    }
    if (mi) {
      n += snprintf(buf + n, 64 - (size_t)n, "%lldM", (long long)mi);
    }
    if (sec || frac.raw || (!h && !mi)) {
      char f[MGD_DEC_FMT_MAX];
      mgd_dec_format(frac, f); // "0" or "0.25"
      n += snprintf(buf + n, 64 - (size_t)n, "%lld%sS", (long long)sec,
                    frac.raw ? f + 1 : "");
    }
  }
  return (size_t)n;
}

// A dateTime (or date) moved by a duration: months first (the day clamped
// to the month's end), then seconds; the zone is kept.
static bool
dt_add(MgdDateTime* const dt, const MgdDuration* const d)
{
  const int64_t mon = dt->year * 12 + (dt->month - 1) + d->months;
  dt->year          = mon >= 0 ? mon / 12 : -((-mon + 11) / 12);
  dt->month         = (int)(mon - dt->year * 12) + 1;
  if (dt->day > days_in_month(dt->year, dt->month)) {
    dt->day = days_in_month(dt->year, dt->month);
  }
  MgdDec t;
  if (mgd_dec_add(dt_seconds(dt, 0), d->seconds, &t)) {
    return false;
  }
  const MgdDec  fl   = mgd_dec_floor(t);
  int64_t       secs = 0;
  MgdDec        frac;
  if (mgd_dec_to_i64(fl, &secs) || mgd_dec_sub(t, fl, &frac)) {
    return false;
  }
  int64_t days = secs / 86400;
  int64_t rem  = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  civil_from_days(days, &dt->year, &dt->month, &dt->day);
  dt->hour   = (int)(rem / 3600);
  dt->minute = (int)(rem / 60 % 60);
  return !mgd_dec_add(mgd_dec_from_i64(rem % 60), frac, &dt->second);
}

static size_t
format_dt(const MgdDateTime* const dt, const bool date_only, char* const buf)
{
  int n = snprintf(buf, 96, "%s%04lld-%02d-%02d", dt->year < 0 ? "-" : "",
                   (long long)(dt->year < 0 ? -dt->year : dt->year), dt->month,
                   dt->day);
  if (!date_only) {
    char sec[MGD_DEC_FMT_MAX];
    mgd_dec_format(dt->second, sec);
    n += snprintf(buf + n, 96 - (size_t)n, "T%02d:%02d:%s%s", dt->hour,
                  dt->minute, sec[1] == '\0' || sec[1] == '.' ? "0" : "",
                  sec);
  }
  if (dt->has_tz) {
    n += snprintf(buf + n, 96 - (size_t)n, "%.*s",
                  dt->tz_min ? (int)dt->tz_lex.len : 1,
                  dt->tz_min ? dt->tz_lex.ptr : "Z");
  }
  return (size_t)n;
}

// 1 for xsd:dateTime, 2 for xsd:date (parsed into *dt), else 0.
static int
temporal_parse(const MgdTerm* const t, MgdDateTime* const dt)
{
  if (mgd_fn_xsd_type(t) == MGD_XT_DATETIME) {
    return mgd_fn_datetime_parse(t->value, dt) ? 1 : 0;
  }
  if (mgd_fn_xsd_type(t) == MGD_XT_OTHER &&
      mgd_str_eqc(t->datatype, MGD_XSD_DATE)) {
    return mgd_fn_date_parse(t->value, dt) ? 2 : 0;
  }
  return 0;
}

MgdStatus
mgd_fn_time_arith(MgdFuncCtx* const ctx, const MgdFunc fn,
                  const MgdTerm* const a, const MgdTerm* const b,
                  MgdTerm* const out)
{
  if (fn != MGD_FN_ADD && fn != MGD_FN_SUB) {
    return MGD_FAILURE;
  }
  MgdDateTime da;
  MgdDateTime db;
  MgdDuration ua;
  MgdDuration ub;
  const int   ka = temporal_parse(a, &da);
  const int   kb = temporal_parse(b, &db);
  char        buf[96];
  if (ka && kb && ka == kb && fn == MGD_FN_SUB) {
    // op:subtract-dateTimes / -dates: a local value is taken as UTC
    // (an implicit time zone of Z, as Oxigraph does).
    MgdDuration d = {MGD_DUR_DAYTIME, 0, {0}};
    if (mgd_dec_sub(dt_seconds(&da, da.has_tz ? da.tz_min : 0),
                    dt_seconds(&db, db.has_tz ? db.tz_min : 0), &d.seconds)) {
      return MGD_FAILURE;
    }
    const size_t n = format_duration(&d, MGD_DUR_DAYTIME, buf);
    return mgd_fn_make_lit(ctx, buf, n, mgd_str(MGD_NS_XSD "dayTimeDuration"),
                           k_empty, out);
  }
  if (ka && mgd_fn_duration_parse(b, &ub)) {
    if (fn == MGD_FN_SUB) {
      ub.months  = -ub.months;
      ub.seconds = mgd_dec_neg(ub.seconds);
    }
    if (!dt_add(&da, &ub)) {
      return MGD_FAILURE;
    }
    const size_t n = format_dt(&da, ka == 2, buf);
    return mgd_fn_make_lit(ctx, buf, n,
                           mgd_str(ka == 2 ? MGD_XSD_DATE : MGD_XSD_DATETIME),
                           k_empty, out);
  }
  if (kb && fn == MGD_FN_ADD && mgd_fn_duration_parse(a, &ua)) {
    return mgd_fn_time_arith(ctx, fn, b, a, out);
  }
  if (mgd_fn_duration_parse(a, &ua) && mgd_fn_duration_parse(b, &ub)) {
    // Two kinds give an xsd:duration (as Oxigraph does).
    MgdDuration r = {ua.kind == ub.kind ? ua.kind : MGD_DUR_ANY, 0, {0}};
    r.months      = fn == MGD_FN_ADD ? ua.months + ub.months
                                     : ua.months - ub.months;
    if ((fn == MGD_FN_ADD ? mgd_dec_add : mgd_dec_sub)(ua.seconds, ub.seconds,
                                                        &r.seconds)) {
      return MGD_FAILURE;
    }
    if ((r.months < 0 && r.seconds.raw > 0) ||
        (r.months > 0 && r.seconds.raw < 0)) {
      return MGD_FAILURE; // no duration has parts of both signs
    }
    const size_t n = format_duration(&r, r.kind, buf);
    return mgd_fn_make_lit(
      ctx, buf, n,
      mgd_str(r.kind == MGD_DUR_DAYTIME     ? MGD_NS_XSD "dayTimeDuration"
              : r.kind == MGD_DUR_YEARMONTH ? MGD_NS_XSD "yearMonthDuration"
                                            : MGD_NS_XSD "duration"),
      k_empty, out);
  }
  return MGD_FAILURE;
}
