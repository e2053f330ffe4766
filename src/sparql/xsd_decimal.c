// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "sparql/xsd_decimal.h"

#include <math.h>
#include <string.h>

__extension__ typedef unsigned __int128 U128;

#define DEC_ONE ((MgdDecRaw)1000000000000000000LL)
// Largest magnitude, 10^38 - 1: far enough below 2^127 that negation,
// floor, ceil and round never overflow.
#define DEC_MAX (DEC_ONE * DEC_ONE * 100 - 1)

static U128
dec_abs(const MgdDecRaw r)
{
  return r < 0 ? (U128)0 - (U128)r : (U128)r;
}

static MgdStatus
dec_make(const bool neg, const U128 mag, MgdDec* const out)
{
  if (mag > (U128)DEC_MAX) {
    return MGD_FAILURE;
  }
  out->raw = neg ? -(MgdDecRaw)mag : (MgdDecRaw)mag;
  return MGD_SUCCESS;
}

// Parses sign, integer digits, optional fraction. `allow_point` selects
// decimal vs integer syntax.
static MgdStatus
dec_parse_lex(const MgdStr lex, const bool allow_point, MgdDec* const out)
{
  size_t i   = 0;
  bool   neg = false;
  if (i < lex.len && (lex.ptr[i] == '+' || lex.ptr[i] == '-')) {
    neg = lex.ptr[i] == '-';
    ++i;
  }
  U128   mag      = 0;
  size_t n_int    = 0;
  size_t n_frac   = 0;
  U128   limit    = (U128)DEC_MAX / DEC_ONE;
  for (; i < lex.len && lex.ptr[i] >= '0' && lex.ptr[i] <= '9'; ++i, ++n_int) {
    mag = mag * 10 + (U128)(lex.ptr[i] - '0');
    if (mag > limit) {
      return MGD_FAILURE;
    }
  }
  mag *= (U128)DEC_ONE;
  if (i < lex.len && lex.ptr[i] == '.' && allow_point) {
    ++i;
    U128 unit = (U128)DEC_ONE;
    for (; i < lex.len && lex.ptr[i] >= '0' && lex.ptr[i] <= '9';
         ++i, ++n_frac) {
      if (n_frac >= MGD_DEC_SCALE) {
        if (lex.ptr[i] != '0') {
          return MGD_FAILURE; // not representable: an error, not a rounding
        }
        continue;
      }
      unit /= 10;
      mag += unit * (U128)(lex.ptr[i] - '0');
    }
  }
  if (i != lex.len || (n_int == 0 && n_frac == 0)) {
    return MGD_FAILURE;
  }
  return dec_make(neg, mag, out);
}

MgdStatus
mgd_dec_parse(const MgdStr lexical, MgdDec* const out)
{
  return dec_parse_lex(lexical, true, out);
}

MgdStatus
mgd_dec_parse_integer(const MgdStr lexical, MgdDec* const out)
{
  return dec_parse_lex(lexical, false, out);
}

MgdDec
mgd_dec_from_i64(const int64_t i)
{
  const MgdDec d = {(MgdDecRaw)i * DEC_ONE};
  return d;
}

MgdStatus
mgd_dec_from_double(const double d, MgdDec* const out)
{
  if (!isfinite(d) || fabs(d) >= 1e20) {
    return MGD_FAILURE;
  }
  // Split so the integer part is exact and the fraction keeps its digits.
  const double ip   = trunc(d);
  const double frac = d - ip;
  out->raw = (MgdDecRaw)ip * DEC_ONE + (MgdDecRaw)(frac * 1e18);
  return MGD_SUCCESS;
}

double
mgd_dec_to_double(const MgdDec d)
{
  const MgdDecRaw ip = d.raw / DEC_ONE;
  const MgdDecRaw fp = d.raw % DEC_ONE;
  return (double)ip + (double)fp / 1e18;
}

MgdStatus
mgd_dec_to_i64(const MgdDec d, int64_t* const out)
{
  const MgdDecRaw ip = d.raw / DEC_ONE;
  if (ip > INT64_MAX || ip < INT64_MIN) {
    return MGD_FAILURE;
  }
  *out = (int64_t)ip;
  return MGD_SUCCESS;
}

bool
mgd_dec_is_integral(const MgdDec d)
{
  return d.raw % DEC_ONE == 0;
}

MgdStatus
mgd_dec_add(const MgdDec a, const MgdDec b, MgdDec* const out)
{
  MgdDecRaw r = 0;
  if (__builtin_add_overflow(a.raw, b.raw, &r) || r > DEC_MAX || r < -DEC_MAX) {
    return MGD_FAILURE;
  }
  out->raw = r;
  return MGD_SUCCESS;
}

MgdStatus
mgd_dec_sub(const MgdDec a, const MgdDec b, MgdDec* const out)
{
  return mgd_dec_add(a, mgd_dec_neg(b), out);
}

// A 256-bit unsigned number as four 64-bit limbs, least significant first.
typedef struct {
  uint64_t w[4];
} U256;

static U256
u256_mul(const U128 a, const U128 b)
{
  const uint64_t x[2] = {(uint64_t)a, (uint64_t)(a >> 64)};
  const uint64_t y[2] = {(uint64_t)b, (uint64_t)(b >> 64)};
  U256           r    = {{0, 0, 0, 0}};
  for (int i = 0; i < 2; ++i) {
    U128 carry = 0;
    for (int j = 0; j < 2; ++j) {
      const U128 t = (U128)x[i] * y[j] + r.w[i + j] + carry;
      r.w[i + j]   = (uint64_t)t;
      carry        = t >> 64;
    }
    r.w[i + 2] = (uint64_t)carry;
  }
  return r;
}

// Bitwise long division by a divisor below 2^127; the remainder stays below
// the divisor, so shifting it left never overflows 128 bits.
static U256
u256_div(const U256 n, const U128 d)
{
  U256 q   = {{0, 0, 0, 0}};
  U128 rem = 0;
  for (int bit = 255; bit >= 0; --bit) {
    rem = (rem << 1) | ((n.w[bit / 64] >> (bit % 64)) & 1U);
    if (rem >= d) {
      rem -= d;
      q.w[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
  }
  return q;
}

static MgdStatus
u256_to_dec(const U256 q, const bool neg, MgdDec* const out)
{
  if (q.w[2] || q.w[3]) {
    return MGD_FAILURE;
  }
  return dec_make(neg, ((U128)q.w[1] << 64) | q.w[0], out);
}

MgdStatus
mgd_dec_mul(const MgdDec a, const MgdDec b, MgdDec* const out)
{
  const bool neg = (a.raw < 0) != (b.raw < 0);
  const U256 p   = u256_mul(dec_abs(a.raw), dec_abs(b.raw));
  return u256_to_dec(u256_div(p, (U128)DEC_ONE), neg, out);
}

MgdStatus
mgd_dec_div(const MgdDec a, const MgdDec b, MgdDec* const out)
{
  if (b.raw == 0) {
    return MGD_FAILURE;
  }
  const bool neg = (a.raw < 0) != (b.raw < 0);
  const U256 p   = u256_mul(dec_abs(a.raw), (U128)DEC_ONE);
  return u256_to_dec(u256_div(p, dec_abs(b.raw)), neg, out);
}

MgdDec
mgd_dec_neg(const MgdDec d)
{
  const MgdDec r = {-d.raw};
  return r;
}

MgdDec
mgd_dec_floor(const MgdDec d)
{
  MgdDecRaw r = d.raw - d.raw % DEC_ONE; // toward zero
  if (d.raw < 0 && r != d.raw) {
    r -= DEC_ONE;
  }
  const MgdDec out = {r};
  return out;
}

MgdDec
mgd_dec_ceil(const MgdDec d)
{
  MgdDecRaw r = d.raw - d.raw % DEC_ONE;
  if (d.raw > 0 && r != d.raw) {
    r += DEC_ONE;
  }
  const MgdDec out = {r};
  return out;
}

MgdDec
mgd_dec_round(const MgdDec d)
{
  // fn:round: floor(d + 0.5), computed without overflowing at the top end.
  const MgdDec f    = mgd_dec_floor(d);
  const MgdDecRaw frac = d.raw - f.raw; // in [0, 1)
  const MgdDec out = {frac >= DEC_ONE / 2 ? f.raw + DEC_ONE : f.raw};
  return out;
}

int
mgd_dec_cmp(const MgdDec a, const MgdDec b)
{
  return a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0;
}

// Writes the decimal digits of `v` backwards ending at `end`; returns start.
static char*
u128_digits(U128 v, char* end)
{
  do {
    *--end = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  return end;
}

size_t
mgd_dec_format_integer(const MgdDec d, char* const buf)
{
  char       tmp[48];
  const U128 ip    = dec_abs(d.raw) / (U128)DEC_ONE;
  char*      start = u128_digits(ip, tmp + sizeof(tmp));
  size_t     n     = 0;
  if (d.raw < 0 && ip != 0) {
    buf[n++] = '-';
  }
  const size_t n_digits = (size_t)(tmp + sizeof(tmp) - start);
  memcpy(buf + n, start, n_digits);
  n += n_digits;
  buf[n] = '\0';
  return n;
}

size_t
mgd_dec_format(const MgdDec d, char* const buf)
{
  const U128 mag = dec_abs(d.raw);
  size_t     n   = 0;
  if (d.raw < 0) {
    buf[n++] = '-';
  }
  char         tmp[48];
  char*        start    = u128_digits(mag / (U128)DEC_ONE, tmp + sizeof(tmp));
  const size_t n_digits = (size_t)(tmp + sizeof(tmp) - start);
  memcpy(buf + n, start, n_digits);
  n += n_digits;
  U128 frac = mag % (U128)DEC_ONE;
  if (frac != 0) { // an integral value has no point (XSD 1.1 canonical form)
    buf[n++] = '.';
    char fd[MGD_DEC_SCALE];
    for (int i = MGD_DEC_SCALE - 1; i >= 0; --i) {
      fd[i] = (char)('0' + (int)(frac % 10));
      frac /= 10;
    }
    size_t len = MGD_DEC_SCALE;
    while (len > 1 && fd[len - 1] == '0') {
      --len;
    }
    memcpy(buf + n, fd, len);
    n += len;
  }
  buf[n] = '\0';
  return n;
}
