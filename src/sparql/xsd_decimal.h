// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Exact xsd:decimal values for the SPARQL function library.
///
/// A value is a signed 128-bit fixed-point number with 18 fractional digits
/// (magnitude below 10^20), so sums, differences and products of values in range are
/// exact. Quotients are truncated to 18 fractional digits (XPath F&O leaves
/// the precision of op:numeric-divide on decimals implementation-defined).
/// A lexical form with a nonzero digit past the 18th fractional one is not
/// representable and fails to parse (an error, like out of range). Overflow
/// and division by zero report MGD_FAILURE, which the caller turns into a
/// SPARQL error value (XPath err:FOAR0001/FOAR0002).

#ifndef MGD_SPARQL_XSD_DECIMAL_H
#define MGD_SPARQL_XSD_DECIMAL_H

#include "base/status.h"
#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Number of fractional decimal digits kept.
#define MGD_DEC_SCALE 18

/// Bytes enough for any formatted decimal, with NUL.
#define MGD_DEC_FMT_MAX 64

__extension__ typedef __int128 MgdDecRaw; ///< value * 10^MGD_DEC_SCALE

/// An exact decimal (by value; owns nothing).
typedef struct {
  MgdDecRaw raw; ///< The value times 10^18
} MgdDec;

/// Parse an xsd:decimal lexical form (`[+-]?(digits(.digits?)?|.digits)`).
/// MGD_FAILURE if invalid or out of range.
MgdStatus
mgd_dec_parse(MgdStr lexical, MgdDec* out);

/// Parse an xsd:integer lexical form (`[+-]?digits`) into a decimal.
/// MGD_FAILURE if invalid or out of range.
MgdStatus
mgd_dec_parse_integer(MgdStr lexical, MgdDec* out);

/// The decimal equal to `i`.
MgdDec
mgd_dec_from_i64(int64_t i);

/// The decimal nearest to `d` (truncated to 18 digits); MGD_FAILURE for NaN,
/// infinities and values out of range.
MgdStatus
mgd_dec_from_double(double d, MgdDec* out);

/// The nearest double.
double
mgd_dec_to_double(MgdDec d);

/// The integer part (truncated toward zero); MGD_FAILURE if it does not fit
/// in 64 bits.
MgdStatus
mgd_dec_to_i64(MgdDec d, int64_t* out);

/// True if `d` has no fractional part.
bool
mgd_dec_is_integral(MgdDec d);

/// a + b, a - b, a * b, a / b; MGD_FAILURE on overflow or division by zero.
MgdStatus
mgd_dec_add(MgdDec a, MgdDec b, MgdDec* out);
MgdStatus
mgd_dec_sub(MgdDec a, MgdDec b, MgdDec* out);
MgdStatus
mgd_dec_mul(MgdDec a, MgdDec b, MgdDec* out);
MgdStatus
mgd_dec_div(MgdDec a, MgdDec b, MgdDec* out);

/// -d (cannot overflow: the range is symmetric).
MgdDec
mgd_dec_neg(MgdDec d);

/// Largest integral value <= d; smallest >= d; fn:round (half toward +inf).
MgdDec
mgd_dec_floor(MgdDec d);
MgdDec
mgd_dec_ceil(MgdDec d);
MgdDec
mgd_dec_round(MgdDec d);

/// -1, 0 or 1.
int
mgd_dec_cmp(MgdDec a, MgdDec b);

/// Canonical form (XSD 1.1, as RDF 1.1 uses: "-1.5", "2", "0") into `buf`
/// (MGD_DEC_FMT_MAX bytes); returns its length.
size_t
mgd_dec_format(MgdDec d, char* buf);

/// The integer part as a canonical xsd:integer ("-12") into `buf`.
size_t
mgd_dec_format_integer(MgdDec d, char* buf);

#endif // MGD_SPARQL_XSD_DECIMAL_H
