// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Operators, comparisons, EBV, ORDER BY order, numeric functions and casts.
// String, regex, hash and IRI functions live in func_str.c; dates and times
// in func_time.c.

#include "sparql/func.h"

#include "sparql/func_impl.h"
#include "sparql/xsd_decimal.h"

#include <openssl/rand.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XSD_LEN (sizeof(MGD_NS_XSD) - 1)

static const MgdStr k_xsd_integer = {MGD_XSD_INTEGER, sizeof(MGD_XSD_INTEGER) - 1};
static const MgdStr k_xsd_decimal = {MGD_XSD_DECIMAL, sizeof(MGD_XSD_DECIMAL) - 1};
static const MgdStr k_xsd_double  = {MGD_XSD_DOUBLE, sizeof(MGD_XSD_DOUBLE) - 1};
static const MgdStr k_xsd_float   = {MGD_NS_XSD "float", XSD_LEN + 5};
static const MgdStr k_xsd_boolean = {MGD_XSD_BOOLEAN, sizeof(MGD_XSD_BOOLEAN) - 1};
static const MgdStr k_xsd_string  = {MGD_XSD_STRING, sizeof(MGD_XSD_STRING) - 1};
static const MgdStr k_xsd_datetime = {MGD_XSD_DATETIME,
                                      sizeof(MGD_XSD_DATETIME) - 1};
static const MgdStr k_empty = {"", 0};

// ---------------------------------------------------------------------------
// Function table

typedef struct {
  const char* name;
  MgdFunc     fn;
  unsigned    min_args;
  unsigned    max_args;
} FuncEntry;

static const FuncEntry k_funcs[] = {
  {"=", MGD_FN_EQ, 2, 2},
  {"!=", MGD_FN_NE, 2, 2},
  {"<", MGD_FN_LT, 2, 2},
  {">", MGD_FN_GT, 2, 2},
  {"<=", MGD_FN_LE, 2, 2},
  {">=", MGD_FN_GE, 2, 2},
  {"+", MGD_FN_ADD, 2, 2},
  {"-", MGD_FN_SUB, 2, 2},
  {"*", MGD_FN_MUL, 2, 2},
  {"/", MGD_FN_DIV, 2, 2},
  {"!", MGD_FN_NOT, 1, 1},
  {"isIRI", MGD_FN_ISIRI, 1, 1},
  {"isURI", MGD_FN_ISIRI, 1, 1},
  {"isBLANK", MGD_FN_ISBLANK, 1, 1},
  {"isLITERAL", MGD_FN_ISLITERAL, 1, 1},
  {"isNUMERIC", MGD_FN_ISNUMERIC, 1, 1},
  {"STR", MGD_FN_STR, 1, 1},
  {"LANG", MGD_FN_LANG, 1, 1},
  {"DATATYPE", MGD_FN_DATATYPE, 1, 1},
  {"IRI", MGD_FN_IRI, 1, 1},
  {"URI", MGD_FN_IRI, 1, 1},
  {"STRDT", MGD_FN_STRDT, 2, 2},
  {"STRLANG", MGD_FN_STRLANG, 2, 2},
  {"UUID", MGD_FN_UUID, 0, 0},
  {"STRUUID", MGD_FN_STRUUID, 0, 0},
  {"sameTerm", MGD_FN_SAMETERM, 2, 2},
  {"STRLEN", MGD_FN_STRLEN, 1, 1},
  {"SUBSTR", MGD_FN_SUBSTR, 2, 3},
  {"UCASE", MGD_FN_UCASE, 1, 1},
  {"LCASE", MGD_FN_LCASE, 1, 1},
  {"STRSTARTS", MGD_FN_STRSTARTS, 2, 2},
  {"STRENDS", MGD_FN_STRENDS, 2, 2},
  {"CONTAINS", MGD_FN_CONTAINS, 2, 2},
  {"STRBEFORE", MGD_FN_STRBEFORE, 2, 2},
  {"STRAFTER", MGD_FN_STRAFTER, 2, 2},
  {"ENCODE_FOR_URI", MGD_FN_ENCODE_FOR_URI, 1, 1},
  {"CONCAT", MGD_FN_CONCAT, 0, UINT32_MAX},
  {"langMatches", MGD_FN_LANGMATCHES, 2, 2},
  {"REGEX", MGD_FN_REGEX, 2, 3},
  {"REPLACE", MGD_FN_REPLACE, 3, 4},
  {"ABS", MGD_FN_ABS, 1, 1},
  {"ROUND", MGD_FN_ROUND, 1, 1},
  {"CEIL", MGD_FN_CEIL, 1, 1},
  {"FLOOR", MGD_FN_FLOOR, 1, 1},
  {"RAND", MGD_FN_RAND, 0, 0},
  {"NOW", MGD_FN_NOW, 0, 0},
  {"YEAR", MGD_FN_YEAR, 1, 1},
  {"MONTH", MGD_FN_MONTH, 1, 1},
  {"DAY", MGD_FN_DAY, 1, 1},
  {"HOURS", MGD_FN_HOURS, 1, 1},
  {"MINUTES", MGD_FN_MINUTES, 1, 1},
  {"SECONDS", MGD_FN_SECONDS, 1, 1},
  {"TIMEZONE", MGD_FN_TIMEZONE, 1, 1},
  {"TZ", MGD_FN_TZ, 1, 1},
  {"MD5", MGD_FN_MD5, 1, 1},
  {"SHA1", MGD_FN_SHA1, 1, 1},
  {"SHA256", MGD_FN_SHA256, 1, 1},
  {"SHA384", MGD_FN_SHA384, 1, 1},
  {"SHA512", MGD_FN_SHA512, 1, 1},
  {MGD_XSD_STRING, MGD_FN_CAST_STRING, 1, 1},
  {MGD_XSD_INTEGER, MGD_FN_CAST_INTEGER, 1, 1},
  {MGD_XSD_DECIMAL, MGD_FN_CAST_DECIMAL, 1, 1},
  {MGD_XSD_DOUBLE, MGD_FN_CAST_DOUBLE, 1, 1},
  {MGD_NS_XSD "float", MGD_FN_CAST_FLOAT, 1, 1},
  {MGD_XSD_BOOLEAN, MGD_FN_CAST_BOOLEAN, 1, 1},
  {MGD_XSD_DATETIME, MGD_FN_CAST_DATETIME, 1, 1},
  {MGD_XSD_DATE, MGD_FN_CAST_DATE, 1, 1},
};

MgdStatus
mgd_func_lookup(const MgdStr name, MgdFunc* const fn, unsigned* const min_args,
                unsigned* const max_args)
{
  for (size_t i = 0; i < sizeof(k_funcs) / sizeof(k_funcs[0]); ++i) {
    const FuncEntry* const e      = &k_funcs[i];
    const bool             is_iri = strchr(e->name, ':') != NULL;
    if (strlen(e->name) == name.len &&
        (is_iri ? !memcmp(e->name, name.ptr, name.len)
                : !strncasecmp(e->name, name.ptr, name.len))) {
      *fn       = e->fn;
      *min_args = e->min_args;
      *max_args = e->max_args;
      return MGD_SUCCESS;
    }
  }
  return MGD_FAILURE;
}

void
mgd_func_ctx_clear(MgdFuncCtx* const ctx)
{
  if (ctx) {
    mgd_fn_regex_cache_free(ctx->private_);
    ctx->private_ = NULL;
  }
}

// ---------------------------------------------------------------------------
// Datatypes and numeric values

typedef struct {
  const char* local; ///< Local name after the XSD namespace
  bool        has_min;
  bool        has_max;
  MgdDecRaw   min; ///< Bounds as plain integers (not scaled)
  MgdDecRaw   max;
} IntType;

// XML Schema Part 2 §3.3: xsd:integer and the types derived from it.
static const IntType k_int_types[] = {
  {"integer", false, false, 0, 0},
  {"long", true, true, INT64_MIN, INT64_MAX},
  {"int", true, true, INT32_MIN, INT32_MAX},
  {"short", true, true, -32768, 32767},
  {"byte", true, true, -128, 127},
  {"nonNegativeInteger", true, false, 0, 0},
  {"positiveInteger", true, false, 1, 0},
  {"nonPositiveInteger", false, true, 0, 0},
  {"negativeInteger", false, true, 0, -1},
  {"unsignedLong", true, true, 0, (MgdDecRaw)UINT64_MAX},
  {"unsignedInt", true, true, 0, UINT32_MAX},
  {"unsignedShort", true, true, 0, 65535},
  {"unsignedByte", true, true, 0, 255},
};

static const IntType*
int_type(const MgdStr dt)
{
  if (dt.len <= XSD_LEN || memcmp(dt.ptr, MGD_NS_XSD, XSD_LEN)) {
    return NULL;
  }
  const MgdStr local = mgd_str_n(dt.ptr + XSD_LEN, dt.len - XSD_LEN);
  for (size_t i = 0; i < sizeof(k_int_types) / sizeof(k_int_types[0]); ++i) {
    if (mgd_str_eqc(local, k_int_types[i].local)) {
      return &k_int_types[i];
    }
  }
  return NULL;
}

MgdXsdType
mgd_fn_xsd_type(const MgdTerm* const term)
{
  if (term->kind != MGD_TERM_LITERAL) {
    return MGD_XT_NONE;
  }
  if (term->lang.len) {
    return MGD_XT_LANGSTRING;
  }
  const MgdStr dt = term->datatype;
  if (!dt.len || mgd_str_eq(dt, k_xsd_string)) {
    return MGD_XT_STRING;
  }
  if (mgd_str_eq(dt, k_xsd_decimal)) {
    return MGD_XT_DECIMAL;
  }
  if (mgd_str_eq(dt, k_xsd_double)) {
    return MGD_XT_DOUBLE;
  }
  if (mgd_str_eq(dt, k_xsd_float)) {
    return MGD_XT_FLOAT;
  }
  if (mgd_str_eq(dt, k_xsd_boolean)) {
    return MGD_XT_BOOLEAN;
  }
  if (mgd_str_eq(dt, k_xsd_datetime)) {
    return MGD_XT_DATETIME;
  }
  if (mgd_str_eqc(dt, MGD_RDF_LANGSTRING)) {
    return MGD_XT_LANGSTRING;
  }
  return int_type(dt) ? MGD_XT_INTEGER : MGD_XT_OTHER;
}

// Rounds to float precision. Converting an out-of-range double to float is
// undefined behaviour in C, so overflow is mapped to infinity by hand.
static double
to_float(const double d)
{
  if (isfinite(d) && fabs(d) > FLT_MAX) {
    return d < 0 ? -INFINITY : INFINITY;
  }
  return (double)(float)d;
}

static bool
is_digit(const char c)
{
  return c >= '0' && c <= '9';
}

// xsd:double / xsd:float lexical space (XML Schema 1.1 adds "+INF").
static bool
float_lexical_ok(const MgdStr s)
{
  size_t i = 0;
  if (mgd_str_eqc(s, "NaN") || mgd_str_eqc(s, "INF") ||
      mgd_str_eqc(s, "-INF") || mgd_str_eqc(s, "+INF")) {
    return true;
  }
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    ++i;
  }
  size_t n_digits = 0;
  for (; i < s.len && is_digit(s.ptr[i]); ++i) {
    ++n_digits;
  }
  if (i < s.len && s.ptr[i] == '.') {
    for (++i; i < s.len && is_digit(s.ptr[i]); ++i) {
      ++n_digits;
    }
  }
  if (!n_digits) {
    return false;
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    ++i;
    if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
      ++i;
    }
    size_t n_exp = 0;
    for (; i < s.len && is_digit(s.ptr[i]); ++i) {
      ++n_exp;
    }
    if (!n_exp) {
      return false;
    }
  }
  return i == s.len;
}

static bool
parse_double(const MgdStr s, double* const out)
{
  if (!float_lexical_ok(s) || s.len > 400) {
    return false;
  }
  char tmp[408];
  memcpy(tmp, s.ptr, s.len);
  tmp[s.len] = '\0';
  if (!strcmp(tmp, "NaN")) {
    *out = NAN;
  } else if (!strcmp(tmp, "INF") || !strcmp(tmp, "+INF")) {
    *out = INFINITY;
  } else if (!strcmp(tmp, "-INF")) {
    *out = -INFINITY;
  } else {
    *out = strtod(tmp, NULL);
  }
  return true;
}

static bool
int_lexical_ok(const MgdStr s)
{
  size_t i = (s.len && (s.ptr[0] == '+' || s.ptr[0] == '-')) ? 1 : 0;
  if (i == s.len) {
    return false;
  }
  for (; i < s.len; ++i) {
    if (!is_digit(s.ptr[i])) {
      return false;
    }
  }
  return true;
}

// [+-]?(digits(.digits?)?|.digits), whatever its size.
static bool
decimal_lexical_ok(const MgdStr s)
{
  size_t i        = (s.len && (s.ptr[0] == '+' || s.ptr[0] == '-')) ? 1 : 0;
  size_t n_digits = 0;
  bool   point    = false;
  for (; i < s.len; ++i) {
    if (s.ptr[i] == '.' && !point) {
      point = true;
    } else if (is_digit(s.ptr[i])) {
      ++n_digits;
    } else {
      return false;
    }
  }
  return n_digits > 0;
}

// Parses an xsd:integer lexical form; false beyond 64 bits (XPath F&O 2.0
// §6.2 lets limited-precision integers raise an overflow error, as Oxigraph
// and Virtuoso do).
static bool
parse_integer(const MgdStr s, MgdNum* const out)
{
  if (!int_lexical_ok(s)) {
    return false;
  }
  const bool neg = s.ptr[0] == '-';
  size_t     i   = (s.ptr[0] == '+' || s.ptr[0] == '-') ? 1 : 0;
  int64_t    v   = 0;
  for (; i < s.len; ++i) {
    const int digit = s.ptr[i] - '0';
    if (__builtin_mul_overflow(v, 10, &v) ||
        __builtin_add_overflow(v, neg ? -digit : digit, &v)) {
      return false;
    }
  }
  out->kind = MGD_NUM_INTEGER;
  out->i    = v;
  return true;
}

static MgdDec
num_to_dec_exact(const MgdNum* const n)
{
  return n->kind == MGD_NUM_INTEGER ? mgd_dec_from_i64(n->i) : n->d;
}

bool
mgd_fn_num_parse(const MgdTerm* const term, MgdNum* const out)
{
  memset(out, 0, sizeof(*out));
  switch (mgd_fn_xsd_type(term)) {
  case MGD_XT_INTEGER: {
    if (!parse_integer(term->value, out)) {
      return false;
    }
    const IntType* const t = int_type(term->datatype);
    if (t->has_min || t->has_max) {
      const MgdDecRaw v = num_to_dec_exact(out).raw / 1000000000000000000LL;
      if ((t->has_min && v < t->min) || (t->has_max && v > t->max)) {
        return false;
      }
    }
    return true;
  }
  case MGD_XT_DECIMAL:
    out->kind = MGD_NUM_DECIMAL;
    return mgd_dec_parse(term->value, &out->d) == MGD_SUCCESS;
  case MGD_XT_FLOAT:
    out->kind = MGD_NUM_FLOAT;
    if (!parse_double(term->value, &out->f)) {
      return false;
    }
    out->f = to_float(out->f);
    return true;
  case MGD_XT_DOUBLE:
    out->kind = MGD_NUM_DOUBLE;
    return parse_double(term->value, &out->f);
  case MGD_XT_NONE:
  case MGD_XT_STRING:
  case MGD_XT_LANGSTRING:
  case MGD_XT_BOOLEAN:
  case MGD_XT_DATETIME:
  case MGD_XT_OTHER:
    break;
  }
  return false;
}

bool
mgd_term_is_numeric(const MgdTerm* const term)
{
  MgdNum n;
  return mgd_fn_num_parse(term, &n);
}

static double
num_to_double(const MgdNum* const n)
{
  switch (n->kind) {
  case MGD_NUM_INTEGER:
    return (double)n->i;
  case MGD_NUM_DECIMAL:
    return mgd_dec_to_double(n->d);
  case MGD_NUM_FLOAT:
  case MGD_NUM_DOUBLE:
    return n->f;
  }
  return 0.0;
}

// ---------------------------------------------------------------------------
// Term construction

MgdStatus
mgd_fn_make_lit(MgdFuncCtx* const ctx, const char* const lex, const size_t n,
                const MgdStr datatype, const MgdStr lang, MgdTerm* const out)
{
  char* const copy = mgd_arena_strndup(ctx->arena, lex, n);
  if (!copy) {
    return MGD_BAD_ALLOC;
  }
  *out = mgd_term_literal(mgd_str_n(copy, n), datatype, lang);
  return MGD_SUCCESS;
}

MgdTerm
mgd_fn_bool(const bool value)
{
  return mgd_term_literal(mgd_str(value ? "true" : "false"), k_xsd_boolean,
                          k_empty);
}

MgdStatus
mgd_fn_make_int(MgdFuncCtx* const ctx, const int64_t value, MgdTerm* const out)
{
  char      buf[32];
  const int n = snprintf(buf, sizeof(buf), "%lld", (long long)value);
  return mgd_fn_make_lit(ctx, buf, (size_t)n, k_xsd_integer, k_empty, out);
}

// Canonical xsd:double / xsd:float (XML Schema 1.0 §3.2.5.2): shortest
// mantissa that reads back to the same value, "1.5E1", "1.0E0", "INF".
static size_t
format_double(const double v, const bool is_float, char* const buf)
{
  if (isnan(v)) {
    return (size_t)sprintf(buf, "NaN");
  }
  if (isinf(v)) {
    return (size_t)sprintf(buf, v < 0 ? "-INF" : "INF");
  }
  if (v == 0.0) {
    return (size_t)sprintf(buf, signbit(v) ? "-0.0E0" : "0.0E0");
  }
  char tmp[48];
  for (int prec = 0; prec < 17; ++prec) {
    snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
    const double back = strtod(tmp, NULL);
    if (is_float ? to_float(back) == to_float(v) : back == v) {
      break;
    }
  }
  // tmp is "-d.ddde[+-]xx" or "de[+-]xx"
  char* const e   = strchr(tmp, 'e');
  const int   exp = atoi(e + 1);
  *e              = '\0';
  size_t len      = strlen(tmp);
  if (!strchr(tmp, '.')) {
    tmp[len++] = '.';
    tmp[len++] = '0';
    tmp[len]   = '\0';
  }
  while (tmp[len - 1] == '0' && tmp[len - 2] != '.') {
    tmp[--len] = '\0';
  }
  return (size_t)sprintf(buf, "%sE%d", tmp, exp);
}

static MgdStatus
make_num(MgdFuncCtx* const ctx, const MgdNum* const n, MgdTerm* const out)
{
  char buf[64];
  switch (n->kind) {
  case MGD_NUM_INTEGER:
    return mgd_fn_make_int(ctx, n->i, out);
  case MGD_NUM_DECIMAL: {
    const size_t len = mgd_dec_format(n->d, buf);
    return mgd_fn_make_lit(ctx, buf, len, k_xsd_decimal, k_empty, out);
  }
  case MGD_NUM_FLOAT: {
    const size_t len = format_double(n->f, true, buf);
    return mgd_fn_make_lit(ctx, buf, len, k_xsd_float, k_empty, out);
  }
  case MGD_NUM_DOUBLE: {
    const size_t len = format_double(n->f, false, buf);
    return mgd_fn_make_lit(ctx, buf, len, k_xsd_double, k_empty, out);
  }
  }
  return MGD_BAD_INTERNAL;
}

// An integer value that may exceed int64 (held as an integral decimal) as an
// xsd:integer literal.
static MgdStatus
make_integer_dec(MgdFuncCtx* const ctx, const MgdDec d, MgdTerm* const out)
{
  char         buf[MGD_DEC_FMT_MAX];
  const size_t len = mgd_dec_format_integer(d, buf);
  return mgd_fn_make_lit(ctx, buf, len, k_xsd_integer, k_empty, out);
}

// ---------------------------------------------------------------------------
// Arithmetic (§17.3, XPath op:numeric-*)

static MgdNum
num_promote(const MgdNum* const n, const MgdNumKind kind)
{
  MgdNum r = *n;
  if (n->kind == kind) {
    return r;
  }
  r.kind = kind;
  switch (kind) {
  case MGD_NUM_INTEGER:
    break;
  case MGD_NUM_DECIMAL:
    r.d = num_to_dec_exact(n);
    break;
  case MGD_NUM_FLOAT:
    r.f = to_float(num_to_double(n));
    break;
  case MGD_NUM_DOUBLE:
    r.f = num_to_double(n);
    break;
  }
  return r;
}

static MgdStatus
arith_dec(const MgdFunc fn, const MgdDec a, const MgdDec b, MgdDec* const out)
{
  switch (fn) {
  case MGD_FN_ADD:
    return mgd_dec_add(a, b, out);
  case MGD_FN_SUB:
    return mgd_dec_sub(a, b, out);
  case MGD_FN_MUL:
    return mgd_dec_mul(a, b, out);
  default:
    return mgd_dec_div(a, b, out);
  }
}

static MgdStatus
arith(MgdFuncCtx* const ctx, const MgdFunc fn, const MgdTerm* const ta,
      const MgdTerm* const tb, MgdTerm* const out)
{
  MgdNum a;
  MgdNum b;
  if (!mgd_fn_num_parse(ta, &a) || !mgd_fn_num_parse(tb, &b)) {
    return mgd_fn_time_arith(ctx, fn, ta, tb, out);
  }
  MgdNumKind kind = a.kind > b.kind ? a.kind : b.kind;
  if (kind == MGD_NUM_INTEGER && fn == MGD_FN_DIV) {
    kind = MGD_NUM_DECIMAL; // op:numeric-divide on integers gives decimal
  }
  MgdNum r = {kind, 0, {0}, 0.0};
  if (kind == MGD_NUM_INTEGER) {
    bool overflow = false;
    switch (fn) {
    case MGD_FN_ADD:
      overflow = __builtin_add_overflow(a.i, b.i, &r.i);
      break;
    case MGD_FN_SUB:
      overflow = __builtin_sub_overflow(a.i, b.i, &r.i);
      break;
    default:
      overflow = __builtin_mul_overflow(a.i, b.i, &r.i);
      break;
    }
    if (overflow) {
      return MGD_FAILURE; // err:FOAR0002, see parse_integer
    }
    return make_num(ctx, &r, out);
  }
  const MgdNum pa = num_promote(&a, kind);
  const MgdNum pb = num_promote(&b, kind);
  r.kind          = kind;
  switch (kind) {
  case MGD_NUM_INTEGER:
  case MGD_NUM_DECIMAL:
    if (arith_dec(fn, pa.d, pb.d, &r.d)) {
      return MGD_FAILURE; // overflow or division by zero
    }
    break;
  case MGD_NUM_FLOAT:
  case MGD_NUM_DOUBLE: {
    const double x = pa.f;
    const double y = pb.f;
    r.f = fn == MGD_FN_ADD   ? x + y
          : fn == MGD_FN_SUB ? x - y
          : fn == MGD_FN_MUL ? x * y
                             : x / y; // IEEE 754: INF or NaN on zero
    if (kind == MGD_NUM_FLOAT) {
      r.f = to_float(r.f);
    }
    break;
  }
  }
  return make_num(ctx, &r, out);
}

static MgdStatus
unary_num(MgdFuncCtx* const ctx, const MgdFunc fn, const MgdTerm* const t,
          MgdTerm* const out)
{
  MgdNum n;
  if (!mgd_fn_num_parse(t, &n)) {
    return MGD_FAILURE;
  }
  switch (n.kind) {
  case MGD_NUM_INTEGER:
    if (fn == MGD_FN_NEG || (fn == MGD_FN_ABS && n.i < 0)) {
      if (n.i == INT64_MIN) {
        return MGD_FAILURE; // err:FOAR0002, see parse_integer
      }
      n.i = -n.i;
    }
    break;
  case MGD_NUM_DECIMAL:
    switch (fn) {
    case MGD_FN_NEG:
      n.d = mgd_dec_neg(n.d);
      break;
    case MGD_FN_ABS:
      n.d = n.d.raw < 0 ? mgd_dec_neg(n.d) : n.d;
      break;
    case MGD_FN_ROUND:
      n.d = mgd_dec_round(n.d);
      break;
    case MGD_FN_CEIL:
      n.d = mgd_dec_ceil(n.d);
      break;
    case MGD_FN_FLOOR:
      n.d = mgd_dec_floor(n.d);
      break;
    default:
      break;
    }
    break;
  case MGD_NUM_FLOAT:
  case MGD_NUM_DOUBLE:
    switch (fn) {
    case MGD_FN_NEG:
      n.f = -n.f;
      break;
    case MGD_FN_ABS:
      n.f = fabs(n.f);
      break;
    case MGD_FN_ROUND: {
      // fn:round rounds halves toward positive infinity; keep -0.0.
      const double r = floor(n.f + 0.5);
      n.f = (r == 0.0 && (n.f < 0 || signbit(n.f))) ? -0.0
            : (isfinite(n.f) && fabs(n.f) < 4503599627370496.0) ? r
                                                                 : n.f;
      break;
    }
    case MGD_FN_CEIL:
      n.f = ceil(n.f);
      break;
    case MGD_FN_FLOOR:
      n.f = floor(n.f);
      break;
    default:
      break;
    }
    break;
  }
  return make_num(ctx, &n, out);
}

// ---------------------------------------------------------------------------
// Comparison

enum { CMP_UNORDERED = 2 };

// -1, 0, 1, or CMP_UNORDERED when a NaN is involved.
static int
num_cmp(const MgdNum* const a, const MgdNum* const b)
{
  const MgdNumKind kind = a->kind > b->kind ? a->kind : b->kind;
  if (kind == MGD_NUM_INTEGER) {
    return a->i < b->i ? -1 : a->i > b->i;
  }
  if (kind == MGD_NUM_DECIMAL) {
    return mgd_dec_cmp(num_to_dec_exact(a), num_to_dec_exact(b));
  }
  const double x = num_promote(a, kind).f;
  const double y = num_promote(b, kind).f;
  if (isnan(x) || isnan(y)) {
    return CMP_UNORDERED;
  }
  return x < y ? -1 : x > y;
}

static bool
parse_bool_lex(const MgdStr s, bool* const value)
{
  if (mgd_str_eqc(s, "true") || mgd_str_eqc(s, "1")) {
    *value = true;
    return true;
  }
  if (mgd_str_eqc(s, "false") || mgd_str_eqc(s, "0")) {
    *value = false;
    return true;
  }
  return false;
}

// Value comparison of two literals of comparable types: MGD_SUCCESS with
// *cmp in {-1, 0, 1, CMP_UNORDERED}, MGD_FAILURE if not comparable. Lang
// strings compare only for equality (is_eq).
static MgdStatus
value_cmp(const MgdTerm* const a, const MgdTerm* const b, const bool is_eq,
          int* const cmp)
{
  const MgdXsdType ta = mgd_fn_xsd_type(a);
  const MgdXsdType tb = mgd_fn_xsd_type(b);
  MgdNum           na;
  MgdNum           nb;
  if (mgd_fn_num_parse(a, &na) && mgd_fn_num_parse(b, &nb)) {
    *cmp = num_cmp(&na, &nb);
    return MGD_SUCCESS;
  }
  if (ta == MGD_XT_STRING && tb == MGD_XT_STRING) {
    const int c = mgd_str_cmp(a->value, b->value);
    *cmp        = c < 0 ? -1 : c > 0;
    return MGD_SUCCESS;
  }
  if (ta == MGD_XT_LANGSTRING && tb == MGD_XT_LANGSTRING) {
    // Same language: by text, an extension of §17.3 (as in Oxigraph and
    // Virtuoso) that §17.3.1 allows; different languages are unequal.
    if (a->lang.len != b->lang.len ||
        strncasecmp(a->lang.ptr, b->lang.ptr, a->lang.len)) {
      *cmp = 1;
      return is_eq ? MGD_SUCCESS : MGD_FAILURE;
    }
    const int c = mgd_str_cmp(a->value, b->value);
    *cmp        = c < 0 ? -1 : c > 0;
    return MGD_SUCCESS;
  }
  bool ba = false;
  bool bb = false;
  if (ta == MGD_XT_BOOLEAN && tb == MGD_XT_BOOLEAN &&
      parse_bool_lex(a->value, &ba) && parse_bool_lex(b->value, &bb)) {
    *cmp = ba == bb ? 0 : ba ? 1 : -1;
    return MGD_SUCCESS;
  }
  MgdDateTime da;
  MgdDateTime db;
  if (ta == MGD_XT_DATETIME && tb == MGD_XT_DATETIME &&
      mgd_fn_datetime_parse(a->value, &da) &&
      mgd_fn_datetime_parse(b->value, &db)) {
    return mgd_fn_datetime_cmp(&da, &db, cmp);
  }
  // Durations (beyond §17.3's table, as Oxigraph and Virtuoso compare):
  // months and seconds; xsd:duration's partial order may leave it open.
  MgdDuration ua;
  MgdDuration ub;
  if (ta == MGD_XT_OTHER && tb == MGD_XT_OTHER &&
      mgd_fn_duration_parse(a, &ua) && mgd_fn_duration_parse(b, &ub)) {
    if (mgd_fn_duration_cmp(&ua, &ub, cmp)) {
      *cmp = CMP_UNORDERED;
    }
    return MGD_SUCCESS;
  }
  // xsd:date with xsd:date (beyond §17.3's table, as other stores do):
  // the first instants of the days, with the same partial order.
  if (ta == MGD_XT_OTHER && tb == MGD_XT_OTHER &&
      mgd_str_eqc(a->datatype, MGD_XSD_DATE) &&
      mgd_str_eqc(b->datatype, MGD_XSD_DATE) &&
      mgd_fn_date_parse(a->value, &da) && mgd_fn_date_parse(b->value, &db)) {
    return mgd_fn_datetime_cmp(&da, &db, cmp);
  }
  return MGD_FAILURE;
}

// True if the literal's type is one whose values we know and its lexical form
// is valid, so a mismatch with another known type is simply "not equal".
static bool
is_known_valid(const MgdTerm* const t)
{
  MgdNum      n;
  bool        b;
  MgdDateTime dt;
  switch (mgd_fn_xsd_type(t)) {
  case MGD_XT_STRING:
  case MGD_XT_LANGSTRING:
    return true;
  case MGD_XT_INTEGER:
  case MGD_XT_DECIMAL:
  case MGD_XT_FLOAT:
  case MGD_XT_DOUBLE:
    return mgd_fn_num_parse(t, &n);
  case MGD_XT_BOOLEAN:
    return parse_bool_lex(t->value, &b);
  case MGD_XT_DATETIME:
    return mgd_fn_datetime_parse(t->value, &dt);
  case MGD_XT_OTHER: // xsd:date is compared too (value_cmp)
    return mgd_str_eqc(t->datatype, MGD_XSD_DATE) &&
           mgd_fn_date_parse(t->value, &dt);
  case MGD_XT_NONE:
    break;
  }
  return false;
}

// `=` (§17.3 operator mapping, then RDFterm-equal §17.4.1.7): MGD_FAILURE
// for a type error.
static MgdStatus
term_equal(const MgdTerm* const a, const MgdTerm* const b, bool* const eq)
{
  if (a->kind != MGD_TERM_LITERAL || b->kind != MGD_TERM_LITERAL) {
    *eq = mgd_term_eq(a, b);
    return MGD_SUCCESS;
  }
  int cmp = 0;
  if (!value_cmp(a, b, true, &cmp)) {
    *eq = cmp == 0;
    return MGD_SUCCESS;
  }
  if (mgd_term_eq(a, b)) {
    *eq = true;
    return MGD_SUCCESS;
  }
  const MgdXsdType ta = mgd_fn_xsd_type(a);
  const MgdXsdType tb = mgd_fn_xsd_type(b);
  // Both datatypes understood, values valid, and no common value space:
  // the values cannot be equal. Unknown or ill-typed: RDFterm-equal errs.
  // Two valid dateTimes (or dates) land here only when the order is
  // indeterminate.
  if (is_known_valid(a) && is_known_valid(b) &&
      !(ta == MGD_XT_DATETIME && tb == MGD_XT_DATETIME) &&
      !(ta == MGD_XT_OTHER && tb == MGD_XT_OTHER)) {
    *eq = false;
    return MGD_SUCCESS;
  }
  return MGD_FAILURE;
}

MgdStatus
mgd_term_compare(const MgdTerm* const a, const MgdTerm* const b, int* const cmp)
{
  if (a->kind != MGD_TERM_LITERAL || b->kind != MGD_TERM_LITERAL) {
    return MGD_FAILURE;
  }
  int c = 0;
  if (value_cmp(a, b, false, &c) || c == CMP_UNORDERED) {
    return MGD_FAILURE;
  }
  *cmp = c;
  return MGD_SUCCESS;
}

static MgdStatus
compare_op(const MgdFunc fn, const MgdTerm* const a, const MgdTerm* const b,
           MgdTerm* const out)
{
  bool result = false;
  if (fn == MGD_FN_EQ || fn == MGD_FN_NE) {
    bool eq = false;
    if (term_equal(a, b, &eq)) {
      return MGD_FAILURE;
    }
    result = fn == MGD_FN_EQ ? eq : !eq;
  } else {
    int c = 0;
    if (a->kind != MGD_TERM_LITERAL || b->kind != MGD_TERM_LITERAL ||
        value_cmp(a, b, false, &c)) {
      // Not comparable, yet one term: equal (as Oxigraph answers, an
      // extension §17.3.1 allows), so <urn:a> <= <urn:a> is true.
      if (!mgd_term_eq(a, b)) {
        return MGD_FAILURE;
      }
      c = 0;
    }
    if (c == CMP_UNORDERED) {
      result = false;
    } else {
      result = fn == MGD_FN_LT   ? c < 0
               : fn == MGD_FN_GT ? c > 0
               : fn == MGD_FN_LE ? c <= 0
                                 : c >= 0;
    }
  }
  *out = mgd_fn_bool(result);
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// EBV (§17.2.2) and ORDER BY (§15.1)

MgdStatus
mgd_term_ebv(const MgdTerm* const term, bool* const value)
{
  MgdNum n;
  switch (mgd_fn_xsd_type(term)) {
  case MGD_XT_BOOLEAN:
    if (!parse_bool_lex(term->value, value)) {
      *value = false; // invalid lexical form: EBV false
    }
    return MGD_SUCCESS;
  case MGD_XT_INTEGER:
  case MGD_XT_DECIMAL:
  case MGD_XT_FLOAT:
  case MGD_XT_DOUBLE:
    if (!mgd_fn_num_parse(term, &n)) {
      // Invalid lexical form: false (§17.2.2). A valid one beyond our
      // range (more than 64 bits, 18 decimals) is not zero unless its
      // digits all are.
      *value = false;
      const MgdXsdType t     = mgd_fn_xsd_type(term);
      bool             valid = false;
      if (t == MGD_XT_INTEGER) {
        valid = int_lexical_ok(term->value);
      } else if (t == MGD_XT_DECIMAL) {
        valid = decimal_lexical_ok(term->value);
      }
      for (size_t i = 0; valid && i < term->value.len; ++i) {
        if (term->value.ptr[i] >= '1' && term->value.ptr[i] <= '9') {
          *value = true;
        }
      }
    } else if (n.kind == MGD_NUM_INTEGER) {
      *value = n.i != 0;
    } else if (n.kind == MGD_NUM_DECIMAL) {
      *value = n.d.raw != 0;
    } else {
      *value = !isnan(n.f) && n.f != 0.0;
    }
    return MGD_SUCCESS;
  case MGD_XT_STRING:
  case MGD_XT_LANGSTRING:
    *value = term->value.len != 0;
    return MGD_SUCCESS;
  case MGD_XT_NONE:
  case MGD_XT_DATETIME:
  case MGD_XT_OTHER:
    break;
  }
  return MGD_FAILURE;
}

// ORDER BY's family of a literal. Families in this order stay transitive
// (Oxigraph's text order across types is not, so its top-k and full sorts
// can disagree) and agree with Oxigraph's at the high end of a mixed
// column, where text order puts words above digits: numbers, dates and
// dateTimes (written with digits) first, then booleans, other types, and
// strings last.
static int
literal_rank(const MgdTerm* const t)
{
  MgdNum n;
  if (mgd_fn_num_parse(t, &n)) {
    return 0;
  }
  switch (mgd_fn_xsd_type(t)) {
  case MGD_XT_DATETIME:
    return 2;
  case MGD_XT_STRING:
  case MGD_XT_LANGSTRING:
    return 5;
  case MGD_XT_BOOLEAN:
    return 3;
  case MGD_XT_OTHER:
    return mgd_str_eqc(t->datatype, MGD_XSD_DATE) ? 1 : 4;
  case MGD_XT_NONE:
  case MGD_XT_INTEGER:
  case MGD_XT_DECIMAL:
  case MGD_XT_FLOAT:
  case MGD_XT_DOUBLE:
    break;
  }
  return 4;
}

static int
sign_of(const int c)
{
  return c < 0 ? -1 : c > 0;
}

int
mgd_term_order_cmp(const MgdTerm* const a, const MgdTerm* const b)
{
  static const int kind_rank[] = {0, 2, 1, 3}; // none, IRI, blank, literal
  if (a->kind != b->kind) {
    return kind_rank[a->kind] - kind_rank[b->kind];
  }
  if (a->kind != MGD_TERM_LITERAL) {
    return sign_of(mgd_str_cmp(a->value, b->value));
  }
  // By family (literal_rank), then by value where comparable, else by
  // text, datatype IRI and language: §15.1 leaves this order open.
  const int ra = literal_rank(a);
  const int rb = literal_rank(b);
  if (ra != rb) {
    return ra - rb;
  }
  int c = 0;
  if (!value_cmp(a, b, false, &c) && c != CMP_UNORDERED) {
    return c; // equal values tie, so the next ORDER BY key decides
  }
  if ((c = mgd_str_cmp(a->value, b->value))) {
    return sign_of(c);
  }
  const MgdStr da = mgd_term_datatype(a);
  const MgdStr db = mgd_term_datatype(b);
  if ((c = mgd_str_cmp(da, db))) {
    return sign_of(c);
  }
  return sign_of(mgd_str_cmp(a->lang, b->lang));
}

// ---------------------------------------------------------------------------
// Casts (§17.5)

static MgdStr
trim_ws(MgdStr s)
{
  while (s.len && strchr(" \t\r\n", s.ptr[0])) {
    ++s.ptr;
    --s.len;
  }
  while (s.len && strchr(" \t\r\n", s.ptr[s.len - 1])) {
    --s.len;
  }
  return s;
}

// Reads the source of a numeric or boolean cast into a number; MGD_FAILURE
// if the cast is not allowed or the lexical form is invalid.
static MgdStatus
cast_source_num(const MgdTerm* const t, const MgdNumKind target,
                MgdNum* const n)
{
  const MgdXsdType type = mgd_fn_xsd_type(t);
  memset(n, 0, sizeof(*n));
  if (type == MGD_XT_STRING) {
    const MgdStr s = trim_ws(t->value);
    MgdTerm      typed;
    switch (target) {
    case MGD_NUM_INTEGER:
      typed = mgd_term_literal(s, k_xsd_integer, k_empty);
      break;
    case MGD_NUM_DECIMAL:
      typed = mgd_term_literal(s, k_xsd_decimal, k_empty);
      break;
    case MGD_NUM_FLOAT:
      typed = mgd_term_literal(s, k_xsd_float, k_empty);
      break;
    case MGD_NUM_DOUBLE:
      typed = mgd_term_literal(s, k_xsd_double, k_empty);
      break;
    }
    return mgd_fn_num_parse(&typed, n) ? MGD_SUCCESS : MGD_FAILURE;
  }
  if (type == MGD_XT_BOOLEAN) {
    bool b = false;
    if (!parse_bool_lex(t->value, &b)) {
      return MGD_FAILURE;
    }
    n->kind = MGD_NUM_INTEGER;
    n->i    = b;
    return MGD_SUCCESS;
  }
  return mgd_fn_num_parse(t, n) ? MGD_SUCCESS : MGD_FAILURE;
}

static MgdStatus
cast_numeric(MgdFuncCtx* const ctx, const MgdNumKind target,
             const MgdTerm* const t, MgdTerm* const out)
{
  MgdNum n;
  if (cast_source_num(t, target, &n)) {
    return MGD_FAILURE;
  }
  if (target == MGD_NUM_INTEGER) {
    MgdDec d;
    switch (n.kind) {
    case MGD_NUM_INTEGER:
      return make_num(ctx, &n, out);
    case MGD_NUM_DECIMAL:
      d = n.d;
      break;
    case MGD_NUM_FLOAT:
    case MGD_NUM_DOUBLE:
      if (mgd_dec_from_double(trunc(n.f), &d)) {
        return MGD_FAILURE; // NaN, INF or out of range (FOCA0002)
      }
      break;
    }
    MgdNum i = {MGD_NUM_INTEGER, 0, {0}, 0.0};
    if (!mgd_dec_to_i64(d, &i.i)) {
      return make_num(ctx, &i, out);
    }
    return make_integer_dec(ctx, d, out);
  }
  if (target == MGD_NUM_DECIMAL &&
      (n.kind == MGD_NUM_FLOAT || n.kind == MGD_NUM_DOUBLE)) {
    MgdNum r = {MGD_NUM_DECIMAL, 0, {0}, 0.0};
    if (mgd_dec_from_double(n.f, &r.d)) {
      return MGD_FAILURE;
    }
    return make_num(ctx, &r, out);
  }
  if (target == MGD_NUM_DECIMAL && n.kind > MGD_NUM_DECIMAL) {
    return MGD_FAILURE;
  }
  const MgdNum r = num_promote(&n, target);
  return make_num(ctx, &r, out);
}

static MgdStatus
cast_boolean(MgdFuncCtx* const ctx, const MgdTerm* const t, MgdTerm* const out)
{
  (void)ctx;
  const MgdXsdType type = mgd_fn_xsd_type(t);
  bool             b    = false;
  if (type == MGD_XT_STRING || type == MGD_XT_BOOLEAN) {
    if (!parse_bool_lex(trim_ws(t->value), &b)) {
      return MGD_FAILURE;
    }
    *out = mgd_fn_bool(b);
    return MGD_SUCCESS;
  }
  MgdNum n;
  if (!mgd_fn_num_parse(t, &n)) {
    return MGD_FAILURE;
  }
  bool value = false;
  if (mgd_term_ebv(t, &value)) {
    return MGD_FAILURE;
  }
  *out = mgd_fn_bool(value);
  return MGD_SUCCESS;
}

// XPath fn:string of a double/float (F&O 3.1 §19.1.2.2): plain decimal
// notation for 1e-6 <= |v| < 1e6 ("1.25", "0", "-1"), otherwise the
// canonical scientific form ("1.0E7").
static size_t
format_double_xpath(const double v, const bool is_float, char* const buf)
{
  const double a = fabs(v);
  if (!isfinite(v) || (a != 0.0 && (a < 1e-6 || a >= 1e6))) {
    return format_double(v, is_float, buf);
  }
  if (v == 0.0) {
    return (size_t)sprintf(buf, signbit(v) ? "-0" : "0");
  }
  char sci[48];
  format_double(v, is_float, sci); // "-d.dddE-x"
  const char* p   = sci;
  size_t      n   = 0;
  if (*p == '-') {
    buf[n++] = *p++;
  }
  char   digits[32];
  size_t n_digits = 0;
  for (; *p != 'E'; ++p) {
    if (*p != '.') {
      digits[n_digits++] = *p;
    }
  }
  const int exp = atoi(p + 1);
  while (n_digits > 1 && digits[n_digits - 1] == '0') {
    --n_digits;
  }
  if (exp < 0) {
    buf[n++] = '0';
    buf[n++] = '.';
    for (int k = 0; k < -exp - 1; ++k) {
      buf[n++] = '0';
    }
    memcpy(buf + n, digits, n_digits);
    n += n_digits;
  } else {
    for (int k = 0; k <= exp; ++k) {
      buf[n++] = (size_t)k < n_digits ? digits[k] : '0';
    }
    if ((size_t)exp + 1 < n_digits) {
      buf[n++] = '.';
      memcpy(buf + n, digits + exp + 1, n_digits - (size_t)exp - 1);
      n += n_digits - (size_t)exp - 1;
    }
  }
  buf[n] = '\0';
  return n;
}

// xsd:string(x) is XPath fn:string: typed values in their canonical XPath
// string form ("1.0"^^xsd:decimal -> "1", "0"^^xsd:boolean -> "false"),
// IRIs and other literals as written.
static MgdStatus
cast_string(MgdFuncCtx* const ctx, const MgdTerm* const t, MgdTerm* const out)
{
  if (t->kind != MGD_TERM_IRI && t->kind != MGD_TERM_LITERAL) {
    return MGD_FAILURE;
  }
  char         buf[MGD_DEC_FMT_MAX + 8];
  size_t       len = 0;
  MgdNum       n;
  bool         b = false;
  switch (mgd_fn_xsd_type(t)) {
  case MGD_XT_INTEGER:
  case MGD_XT_DECIMAL:
  case MGD_XT_FLOAT:
  case MGD_XT_DOUBLE:
    if (!mgd_fn_num_parse(t, &n)) {
      break; // ill-typed or beyond our range: its text (as Oxigraph does)
    }
    if (n.kind == MGD_NUM_INTEGER) {
      len = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)n.i);
    } else if (n.kind == MGD_NUM_DECIMAL) {
      len = mgd_dec_is_integral(n.d) ? mgd_dec_format_integer(n.d, buf)
                                     : mgd_dec_format(n.d, buf);
    } else {
      len = format_double_xpath(n.f, n.kind == MGD_NUM_FLOAT, buf);
    }
    return mgd_fn_make_lit(ctx, buf, len, k_xsd_string, k_empty, out);
  case MGD_XT_BOOLEAN:
    if (!parse_bool_lex(t->value, &b)) {
      break;
    }
    *out = mgd_term_literal(mgd_str(b ? "true" : "false"), k_xsd_string,
                            k_empty);
    return MGD_SUCCESS;
  case MGD_XT_DATETIME: {
    // The canonical form (XSD 1.1 §3.3.7): no trailing zeros in the
    // seconds' fraction, "Z" for a zero offset.
    MgdDateTime dt;
    if (!mgd_fn_datetime_parse(t->value, &dt)) {
      break;
    }
    char sec[MGD_DEC_FMT_MAX];
    mgd_dec_format(dt.second, sec);
    const bool one_digit = sec[1] == '\0' || sec[1] == '.';
    len                  = (size_t)snprintf(
      buf, sizeof(buf), "%s%04lld-%02d-%02dT%02d:%02d:%s%s",
      dt.year < 0 ? "-" : "", (long long)(dt.year < 0 ? -dt.year : dt.year),
      dt.month, dt.day, dt.hour, dt.minute, one_digit ? "0" : "", sec);
    if (dt.has_tz) {
      len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%.*s",
                              dt.tz_min ? (int)dt.tz_lex.len : 1,
                              dt.tz_min ? dt.tz_lex.ptr : "Z");
    }
    return mgd_fn_make_lit(ctx, buf, len, k_xsd_string, k_empty, out);
  }
  case MGD_XT_NONE:
  case MGD_XT_STRING:
  case MGD_XT_LANGSTRING:
  case MGD_XT_OTHER:
    break;
  }
  *out = mgd_term_literal(t->value, k_xsd_string, k_empty);
  return MGD_SUCCESS;
}

static MgdStatus
cast(MgdFuncCtx* const ctx, const MgdFunc fn, const MgdTerm* const t,
     MgdTerm* const out)
{
  const MgdXsdType type = mgd_fn_xsd_type(t);
  if (fn == MGD_FN_CAST_STRING) {
    return cast_string(ctx, t, out);
  }
  // xsd:date (beyond §17.5's table, as Oxigraph and Virtuoso cast) is the
  // one other datatype a cast reads: to xsd:date and to xsd:dateTime.
  const bool is_date = type == MGD_XT_OTHER &&
                       mgd_str_eqc(t->datatype, MGD_XSD_DATE);
  if (t->kind != MGD_TERM_LITERAL || type == MGD_XT_LANGSTRING ||
      (type == MGD_XT_OTHER &&
       !(is_date &&
         (fn == MGD_FN_CAST_DATE || fn == MGD_FN_CAST_DATETIME)))) {
    return MGD_FAILURE;
  }
  switch (fn) {
  case MGD_FN_CAST_INTEGER:
    return cast_numeric(ctx, MGD_NUM_INTEGER, t, out);
  case MGD_FN_CAST_DECIMAL:
    return cast_numeric(ctx, MGD_NUM_DECIMAL, t, out);
  case MGD_FN_CAST_FLOAT:
    return cast_numeric(ctx, MGD_NUM_FLOAT, t, out);
  case MGD_FN_CAST_DOUBLE:
    return cast_numeric(ctx, MGD_NUM_DOUBLE, t, out);
  case MGD_FN_CAST_BOOLEAN:
    return cast_boolean(ctx, t, out);
  case MGD_FN_CAST_DATETIME: {
    MgdDateTime  dt;
    const MgdStr s = trim_ws(t->value);
    if (is_date) { // the first instant of the day, in its zone
      if (!mgd_fn_date_parse(s, &dt)) {
        return MGD_FAILURE;
      }
      const size_t day_len = (size_t)(dt.tz_lex.ptr - s.ptr);
      char         buf[96];
      const int    n = snprintf(buf, sizeof(buf), "%.*sT00:00:00%.*s",
                                (int)day_len, s.ptr, (int)dt.tz_lex.len,
                                dt.tz_lex.ptr);
      return n < 0 || (size_t)n >= sizeof(buf)
               ? MGD_FAILURE
               : mgd_fn_make_lit(ctx, buf, (size_t)n, k_xsd_datetime,
                                 k_empty, out);
    }
    if ((type != MGD_XT_STRING && type != MGD_XT_DATETIME) ||
        !mgd_fn_datetime_parse(s, &dt)) {
      return MGD_FAILURE;
    }
    *out = mgd_term_literal(s, k_xsd_datetime, k_empty);
    return MGD_SUCCESS;
  }
  case MGD_FN_CAST_DATE: {
    MgdDateTime  dt;
    const MgdStr s = trim_ws(t->value);
    if (type == MGD_XT_DATETIME) { // its day, in its zone
      if (!mgd_fn_datetime_parse(s, &dt)) {
        return MGD_FAILURE;
      }
      char      buf[96];
      const int n = snprintf(
        buf, sizeof(buf), "%s%04lld-%02d-%02d%.*s", dt.year < 0 ? "-" : "",
        (long long)(dt.year < 0 ? -dt.year : dt.year), dt.month, dt.day,
        dt.has_tz ? (dt.tz_min ? (int)dt.tz_lex.len : 1) : 0,
        dt.has_tz && dt.tz_min ? dt.tz_lex.ptr : "Z");
      return n < 0 || (size_t)n >= sizeof(buf)
               ? MGD_FAILURE
               : mgd_fn_make_lit(ctx, buf, (size_t)n, mgd_str(MGD_XSD_DATE),
                                 k_empty, out);
    }
    if ((type != MGD_XT_STRING && !is_date) || !mgd_fn_date_parse(s, &dt)) {
      return MGD_FAILURE;
    }
    *out = mgd_term_literal(s, mgd_str(MGD_XSD_DATE), k_empty);
    return MGD_SUCCESS;
  }
  default:
    return MGD_BAD_ARG;
  }
}

// ---------------------------------------------------------------------------
// Dispatch

static MgdStatus
make_random(MgdFuncCtx* const ctx, MgdTerm* const out)
{
  uint64_t bits = 0;
  if (RAND_bytes((unsigned char*)&bits, sizeof(bits)) != 1) {
    return MGD_BAD_INTERNAL;
  }
  // 53 random bits give a uniform double in [0, 1).
  MgdNum n = {MGD_NUM_DOUBLE, 0, {0}, (double)(bits >> 11) / 9007199254740992.0};
  return make_num(ctx, &n, out);
}

static MgdStatus
arity_ok(const MgdFunc fn, const size_t n_args)
{
  for (size_t i = 0; i < sizeof(k_funcs) / sizeof(k_funcs[0]); ++i) {
    if (k_funcs[i].fn == fn) {
      return (n_args >= k_funcs[i].min_args && n_args <= k_funcs[i].max_args)
               ? MGD_SUCCESS
               : MGD_BAD_ARG;
    }
  }
  return fn == MGD_FN_NEG || fn == MGD_FN_PLUS
           ? (n_args == 1 ? MGD_SUCCESS : MGD_BAD_ARG)
           : MGD_BAD_ARG;
}

MgdStatus
mgd_func_call(MgdFuncCtx* const ctx, const MgdFunc fn,
              const MgdTerm* const args, const size_t n_args,
              MgdTerm* const out)
{
  MgdStatus st = arity_ok(fn, n_args);
  if (st) {
    return st;
  }
  for (size_t i = 0; i < n_args; ++i) {
    if (args[i].kind == MGD_TERM_NONE) {
      return MGD_FAILURE; // unbound argument: error value
    }
  }
  bool b = false;
  switch (fn) {
  case MGD_FN_NONE:
  case MGD_FN_COUNT_:
    return MGD_BAD_ARG;
  case MGD_FN_EQ:
  case MGD_FN_NE:
  case MGD_FN_LT:
  case MGD_FN_GT:
  case MGD_FN_LE:
  case MGD_FN_GE:
    return compare_op(fn, &args[0], &args[1], out);
  case MGD_FN_ADD:
  case MGD_FN_SUB:
  case MGD_FN_MUL:
  case MGD_FN_DIV:
    return arith(ctx, fn, &args[0], &args[1], out);
  case MGD_FN_NEG:
  case MGD_FN_PLUS:
  case MGD_FN_ABS:
  case MGD_FN_ROUND:
  case MGD_FN_CEIL:
  case MGD_FN_FLOOR:
    return unary_num(ctx, fn, &args[0], out);
  case MGD_FN_NOT:
    if (mgd_term_ebv(&args[0], &b)) {
      return MGD_FAILURE;
    }
    *out = mgd_fn_bool(!b);
    return MGD_SUCCESS;
  case MGD_FN_ISIRI:
    *out = mgd_fn_bool(args[0].kind == MGD_TERM_IRI);
    return MGD_SUCCESS;
  case MGD_FN_ISBLANK:
    *out = mgd_fn_bool(args[0].kind == MGD_TERM_BLANK);
    return MGD_SUCCESS;
  case MGD_FN_ISLITERAL:
    *out = mgd_fn_bool(args[0].kind == MGD_TERM_LITERAL);
    return MGD_SUCCESS;
  case MGD_FN_ISNUMERIC:
    *out = mgd_fn_bool(mgd_term_is_numeric(&args[0]));
    return MGD_SUCCESS;
  case MGD_FN_SAMETERM:
    *out = mgd_fn_bool(mgd_term_eq(&args[0], &args[1]));
    return MGD_SUCCESS;
  case MGD_FN_RAND:
    return make_random(ctx, out);
  case MGD_FN_CAST_STRING:
  case MGD_FN_CAST_INTEGER:
  case MGD_FN_CAST_DECIMAL:
  case MGD_FN_CAST_DOUBLE:
  case MGD_FN_CAST_FLOAT:
  case MGD_FN_CAST_BOOLEAN:
  case MGD_FN_CAST_DATETIME:
  case MGD_FN_CAST_DATE:
    return cast(ctx, fn, &args[0], out);
  case MGD_FN_NOW:
  case MGD_FN_YEAR:
  case MGD_FN_MONTH:
  case MGD_FN_DAY:
  case MGD_FN_HOURS:
  case MGD_FN_MINUTES:
  case MGD_FN_SECONDS:
  case MGD_FN_TIMEZONE:
  case MGD_FN_TZ:
    return mgd_fn_call_time(ctx, fn, args, n_args, out);
  case MGD_FN_STR:
  case MGD_FN_LANG:
  case MGD_FN_DATATYPE:
  case MGD_FN_IRI:
  case MGD_FN_STRDT:
  case MGD_FN_STRLANG:
  case MGD_FN_UUID:
  case MGD_FN_STRUUID:
  case MGD_FN_STRLEN:
  case MGD_FN_SUBSTR:
  case MGD_FN_UCASE:
  case MGD_FN_LCASE:
  case MGD_FN_STRSTARTS:
  case MGD_FN_STRENDS:
  case MGD_FN_CONTAINS:
  case MGD_FN_STRBEFORE:
  case MGD_FN_STRAFTER:
  case MGD_FN_ENCODE_FOR_URI:
  case MGD_FN_CONCAT:
  case MGD_FN_LANGMATCHES:
  case MGD_FN_REGEX:
  case MGD_FN_REPLACE:
  case MGD_FN_MD5:
  case MGD_FN_SHA1:
  case MGD_FN_SHA256:
  case MGD_FN_SHA384:
  case MGD_FN_SHA512:
    return mgd_fn_call_str(ctx, fn, args, n_args, out);
  }
  return MGD_BAD_ARG;
}
