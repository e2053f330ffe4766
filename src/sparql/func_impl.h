// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals shared by the files of the SPARQL function library (func.c,
/// func_str.c, func_time.c). Not part of the module's contract: include it
/// only from src/sparql/func*.c.

#ifndef MGD_SPARQL_FUNC_IMPL_H
#define MGD_SPARQL_FUNC_IMPL_H

#include "sparql/func.h"
#include "sparql/xsd_decimal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Value space a literal's datatype belongs to (validity not checked).
typedef enum {
  MGD_XT_NONE = 0,   ///< Not a literal
  MGD_XT_STRING,     ///< Simple literal or xsd:string
  MGD_XT_LANGSTRING, ///< rdf:langString
  MGD_XT_INTEGER,    ///< xsd:integer or a type derived from it
  MGD_XT_DECIMAL,    ///< xsd:decimal
  MGD_XT_FLOAT,      ///< xsd:float
  MGD_XT_DOUBLE,     ///< xsd:double
  MGD_XT_BOOLEAN,    ///< xsd:boolean
  MGD_XT_DATETIME,   ///< xsd:dateTime
  MGD_XT_OTHER,      ///< Any other datatype
} MgdXsdType;

/// Numeric kinds in promotion order (SPARQL 1.1 Query §17.3).
typedef enum {
  MGD_NUM_INTEGER = 0,
  MGD_NUM_DECIMAL,
  MGD_NUM_FLOAT,
  MGD_NUM_DOUBLE,
} MgdNumKind;

/// A numeric value (an xsd:integer beyond 64 bits is not one: overflow).
typedef struct {
  MgdNumKind kind; ///< Which member holds the value
  int64_t    i;    ///< MGD_NUM_INTEGER
  MgdDec     d;    ///< MGD_NUM_DECIMAL
  double     f;    ///< MGD_NUM_FLOAT (rounded to float) and MGD_NUM_DOUBLE
} MgdNum;

/// A parsed xsd:dateTime (fields as written, i.e. local time).
typedef struct {
  int64_t year;    ///< Year, may be negative
  int     month;   ///< 1-12
  int     day;     ///< 1-31
  int     hour;    ///< 0-23 (24:00:00 is normalised to the next day)
  int     minute;  ///< 0-59
  MgdDec  second;  ///< Seconds with fraction, [0, 60)
  bool    has_tz;  ///< A time zone was given
  int     tz_min;  ///< Offset from UTC in minutes
  MgdStr  tz_lex;  ///< The time zone as written ("Z", "-05:00")
} MgdDateTime;

/// Which duration datatype a value has.
typedef enum {
  MGD_DUR_ANY = 0,   ///< xsd:duration
  MGD_DUR_DAYTIME,   ///< xsd:dayTimeDuration (months are 0)
  MGD_DUR_YEARMONTH, ///< xsd:yearMonthDuration (seconds are 0)
} MgdDurKind;

/// A parsed duration: months and seconds, of one sign.
typedef struct {
  MgdDurKind kind;    ///< Its datatype
  int64_t    months;  ///< Years * 12 + months
  MgdDec     seconds; ///< Days * 86400 + hours * 3600 + ... with fraction
} MgdDuration;

/// The value space of `term`'s datatype.
MgdXsdType
mgd_fn_xsd_type(const MgdTerm* term);

/// Parse a numeric literal; false if not numeric or its lexical form or
/// range is invalid.
bool
mgd_fn_num_parse(const MgdTerm* term, MgdNum* out);

/// Parse an xsd:dateTime lexical form; false if invalid.
bool
mgd_fn_datetime_parse(MgdStr lexical, MgdDateTime* out);

/// Parse an xsd:date lexical form as the dateTime of its first instant
/// (tz_lex points into `lexical`); false if invalid.
bool
mgd_fn_date_parse(MgdStr lexical, MgdDateTime* out);

/// Order two dateTimes (XML Schema 1.1 Part 2 §D.2.1 partial order): -1, 0
/// or 1, MGD_FAILURE when indeterminate (one has a time zone, the other not,
/// and they are within 14 hours).
MgdStatus
mgd_fn_datetime_cmp(const MgdDateTime* a, const MgdDateTime* b, int* cmp);

/// A literal whose lexical form is `n` bytes at `lex`, copied into the
/// arena; `datatype` is a static or borrowed IRI, `lang` borrowed.
MgdStatus
mgd_fn_make_lit(MgdFuncCtx* ctx, const char* lex, size_t n, MgdStr datatype,
                MgdStr lang, MgdTerm* out);

/// A boolean literal (static strings).
MgdTerm
mgd_fn_bool(bool value);

/// An xsd:integer literal.
MgdStatus
mgd_fn_make_int(MgdFuncCtx* ctx, int64_t value, MgdTerm* out);

/// Function families outside func.c; same contract as mgd_func_call().
MgdStatus
mgd_fn_call_str(MgdFuncCtx* ctx, MgdFunc fn, const MgdTerm* args,
                size_t n_args, MgdTerm* out);
MgdStatus
mgd_fn_call_time(MgdFuncCtx* ctx, MgdFunc fn, const MgdTerm* args,
                 size_t n_args, MgdTerm* out);

/// Parse an xsd:duration, xsd:dayTimeDuration or xsd:yearMonthDuration
/// literal; false for other terms and invalid lexical forms.
bool
mgd_fn_duration_parse(const MgdTerm* term, MgdDuration* out);

/// Order of two durations (XSD 1.1 §3.3.6.2): *cmp -1, 0 or 1;
/// MGD_FAILURE when indeterminate (P1M against P30D).
MgdStatus
mgd_fn_duration_cmp(const MgdDuration* a, const MgdDuration* b, int* cmp);

/// `a + b` or `a - b` on dateTimes, dates and durations (XPath F&O 2.0
/// §10.6-10.8: dateTime - dateTime, date - date, dateTime or date +-
/// duration, duration +- duration, two kinds giving xsd:duration as in
/// Oxigraph); MGD_FAILURE if not such operands.
MgdStatus
mgd_fn_time_arith(MgdFuncCtx* ctx, MgdFunc fn, const MgdTerm* a,
                  const MgdTerm* b, MgdTerm* out);

/// Release the regex cache kept in ctx->private_.
void
mgd_fn_regex_cache_free(void* cache);

#endif // MGD_SPARQL_FUNC_IMPL_H
