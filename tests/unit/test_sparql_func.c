// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the SPARQL function library (src/sparql/func.h).

#include "sparql/func.h"

#include "base/alloc.h"
#include "base/utf8.h"
#include "sparql/xsd_decimal.h"
#include "test.h"

#include <stdarg.h>
#include <string.h>

#define XSD MGD_NS_XSD

static MgdArena   g_arena;
static MgdFuncCtx g_ctx;

static MgdTerm
S(const char* lex) // simple literal
{
  return mgd_term_literal(mgd_str(lex), mgd_str(""), mgd_str(""));
}

static MgdTerm
T(const char* lex, const char* local) // typed literal in the XSD namespace
{
  char* const dt = mgd_arena_alloc(&g_arena, strlen(XSD) + strlen(local) + 1);
  strcpy(dt, XSD);
  strcat(dt, local);
  return mgd_term_literal(mgd_str(lex), mgd_str(dt), mgd_str(""));
}

static MgdTerm
L(const char* lex, const char* lang)
{
  return mgd_term_literal(mgd_str(lex), mgd_str(""), mgd_str(lang));
}

static MgdTerm
I(const char* iri)
{
  return mgd_term_iri(mgd_str(iri));
}

static MgdTerm
INT(const char* lex)
{
  return T(lex, "integer");
}

static MgdTerm
DEC(const char* lex)
{
  return T(lex, "decimal");
}

static MgdTerm
DBL(const char* lex)
{
  return T(lex, "double");
}

static MgdFunc
fn_named(const char* name)
{
  MgdFunc  fn  = MGD_FN_NONE;
  unsigned min = 0;
  unsigned max = 0;
  if (mgd_func_lookup(mgd_str(name), &fn, &min, &max)) {
    fprintf(stderr, "unknown function %s\n", name);
    return MGD_FN_NONE;
  }
  return fn;
}

static MgdStatus g_st;
static MgdTerm   g_out;

// Calls `fn` with `n` terms; leaves the result in g_st / g_out.
static void
call(MgdFunc fn, size_t n, ...)
{
  MgdTerm args[8];
  va_list ap;
  va_start(ap, n);
  for (size_t i = 0; i < n; ++i) {
    args[i] = va_arg(ap, MgdTerm);
  }
  va_end(ap);
  g_out = mgd_term_none();
  g_st  = mgd_func_call(&g_ctx, fn, args, n, &g_out);
}

// True if the last call returned a literal with this lexical form and
// datatype local name ("" = simple literal; "@en" = that language).
static bool
is(const char* lex, const char* dt)
{
  if (g_st != MGD_SUCCESS || g_out.kind != MGD_TERM_LITERAL ||
      !mgd_str_eqc(g_out.value, lex)) {
    fprintf(stderr, "  got st=%d '%.*s'^^<%.*s>@%.*s, want '%s' %s\n",
            (int)g_st, (int)g_out.value.len, g_out.value.ptr,
            (int)g_out.datatype.len, g_out.datatype.ptr, (int)g_out.lang.len,
            g_out.lang.ptr, lex, dt);
    return false;
  }
  if (dt[0] == '@') {
    return mgd_str_eqc(g_out.lang, dt + 1);
  }
  if (!dt[0]) {
    return !g_out.lang.len && !g_out.datatype.len;
  }
  return g_out.datatype.len == strlen(XSD) + strlen(dt) &&
         !memcmp(g_out.datatype.ptr, XSD, strlen(XSD)) &&
         !strcmp(g_out.datatype.ptr + strlen(XSD), dt);
}

static bool
is_true(void)
{
  return is("true", "boolean");
}

static bool
is_false(void)
{
  return is("false", "boolean");
}

static bool
is_err(void)
{
  return g_st == MGD_FAILURE;
}

// Call the function named `name` on one argument: true if it returned the
// literal (lex, dt) as is() reads them, or an error for call1_err().
static bool
call1_is(const char* name, MgdTerm arg, const char* lex, const char* dt)
{
  call(fn_named(name), 1, arg);
  return is(lex, dt);
}

static bool
call1_err(const char* name, MgdTerm arg)
{
  call(fn_named(name), 1, arg);
  return is_err();
}

// ---------------------------------------------------------------------------

static void
test_lookup(void)
{
  MgdFunc  fn  = MGD_FN_NONE;
  unsigned min = 0;
  unsigned max = 0;
  CHECK(!mgd_func_lookup(mgd_str("strlen"), &fn, &min, &max));
  CHECK(fn == MGD_FN_STRLEN && min == 1 && max == 1);
  CHECK(!mgd_func_lookup(mgd_str("URI"), &fn, &min, &max));
  CHECK(fn == MGD_FN_IRI);
  CHECK(!mgd_func_lookup(mgd_str("concat"), &fn, &min, &max));
  CHECK(fn == MGD_FN_CONCAT && min == 0 && max == UINT32_MAX);
  CHECK(!mgd_func_lookup(mgd_str("SUBSTR"), &fn, &min, &max));
  CHECK(min == 2 && max == 3);
  CHECK(!mgd_func_lookup(mgd_str(XSD "integer"), &fn, &min, &max));
  CHECK(fn == MGD_FN_CAST_INTEGER);
  CHECK(mgd_func_lookup(mgd_str(XSD "INTEGER"), &fn, &min, &max) ==
        MGD_FAILURE);
  CHECK(mgd_func_lookup(mgd_str("NOSUCH"), &fn, &min, &max) == MGD_FAILURE);
  CHECK(mgd_func_lookup(mgd_str("STRLE"), &fn, &min, &max) == MGD_FAILURE);
  MgdTerm out;
  CHECK(mgd_func_call(&g_ctx, MGD_FN_STRLEN, NULL, 0, &out) == MGD_BAD_ARG);
}

static void
test_decimal_core(void)
{
  MgdDec a = {0};
  MgdDec b = {0};
  MgdDec r = {0};
  char   buf[MGD_DEC_FMT_MAX];
  CHECK(!mgd_dec_parse(mgd_str("1.10"), &a));
  mgd_dec_format(a, buf);
  CHECK(!strcmp(buf, "1.1"));
  CHECK(!mgd_dec_parse(mgd_str("-.5"), &a));
  mgd_dec_format(a, buf);
  CHECK(!strcmp(buf, "-0.5"));
  CHECK(!mgd_dec_parse(mgd_str("+3."), &a));
  mgd_dec_format(a, buf);
  CHECK(!strcmp(buf, "3"));
  CHECK(mgd_dec_parse(mgd_str("."), &a) == MGD_FAILURE);
  CHECK(mgd_dec_parse(mgd_str("1e3"), &a) == MGD_FAILURE);
  CHECK(mgd_dec_parse(mgd_str(""), &a) == MGD_FAILURE);
  CHECK(mgd_dec_parse(mgd_str("1000000000000000000000"), &a) == MGD_FAILURE);
  CHECK(!mgd_dec_parse(mgd_str("0.1"), &a) && !mgd_dec_parse(mgd_str("0.2"), &b));
  CHECK(!mgd_dec_add(a, b, &r));
  mgd_dec_format(r, buf);
  CHECK(!strcmp(buf, "0.3")); // exact, unlike binary floating point
  CHECK(!mgd_dec_parse(mgd_str("12345678901.5"), &a));
  CHECK(!mgd_dec_parse(mgd_str("-2"), &b));
  CHECK(!mgd_dec_mul(a, b, &r));
  mgd_dec_format(r, buf);
  CHECK(!strcmp(buf, "-24691357803"));
  CHECK(!mgd_dec_parse(mgd_str("1"), &a) && !mgd_dec_parse(mgd_str("3"), &b));
  CHECK(!mgd_dec_div(a, b, &r));
  mgd_dec_format(r, buf);
  CHECK(!strcmp(buf, "0.333333333333333333"));
  CHECK(mgd_dec_div(a, mgd_dec_from_i64(0), &r) == MGD_FAILURE);
  CHECK(!mgd_dec_parse(mgd_str("99999999999999999999"), &a));
  CHECK(mgd_dec_mul(a, a, &r) == MGD_FAILURE);
  CHECK(mgd_dec_add(a, a, &r) == MGD_FAILURE);
  CHECK(!mgd_dec_parse(mgd_str("-2.5"), &a));
  mgd_dec_format(mgd_dec_round(a), buf);
  CHECK(!strcmp(buf, "-2"));
  mgd_dec_format(mgd_dec_floor(a), buf);
  CHECK(!strcmp(buf, "-3"));
  mgd_dec_format(mgd_dec_ceil(a), buf);
  CHECK(!strcmp(buf, "-2"));
  // a nonzero digit past the 18th fractional one is an error, not a rounding
  CHECK(mgd_dec_parse(mgd_str("0.0000000000000000001"), &a) == MGD_FAILURE);
  CHECK(!mgd_dec_parse(mgd_str("0.1000000000000000000000"), &a));
  mgd_dec_format(a, buf);
  CHECK(!strcmp(buf, "0.1"));
  CHECK(!mgd_dec_parse(mgd_str("-2.5"), &a));
  mgd_dec_format_integer(a, buf);
  CHECK(!strcmp(buf, "-2"));
  CHECK(!mgd_dec_parse(mgd_str("-0.5"), &a));
  mgd_dec_format_integer(a, buf);
  CHECK(!strcmp(buf, "0"));
}

static void
test_arith_integer(void)
{
  call(MGD_FN_ADD, 2, INT("1"), INT("2"));
  CHECK(is("3", "integer"));
  call(MGD_FN_SUB, 2, INT("1"), INT("2"));
  CHECK(is("-1", "integer"));
  call(MGD_FN_MUL, 2, INT("-4"), INT("25"));
  CHECK(is("-100", "integer"));
  call(MGD_FN_ADD, 2, T("1", "int"), T("2", "byte"));
  CHECK(is("3", "integer")); // derived types count as integer
  call(MGD_FN_ADD, 2, T("+007", "nonNegativeInteger"), INT("1"));
  CHECK(is("8", "integer"));
}

static void
test_arith_promotion(void)
{
  call(MGD_FN_ADD, 2, INT("1"), DEC("1.5"));
  CHECK(is("2.5", "decimal"));
  call(MGD_FN_ADD, 2, INT("1"), T("1.5", "float"));
  CHECK(is("2.5E0", "float"));
  call(MGD_FN_ADD, 2, T("1.5", "float"), DBL("1"));
  CHECK(is("2.5E0", "double"));
  call(MGD_FN_MUL, 2, DEC("0.1"), DEC("3"));
  CHECK(is("0.3", "decimal"));
  call(MGD_FN_ADD, 2, DEC("0.1"), DEC("0.2"));
  CHECK(is("0.3", "decimal"));
  call(MGD_FN_ADD, 2, DBL("0.1"), DBL("0.2"));
  CHECK(is("3.0000000000000004E-1", "double"));
  call(MGD_FN_ADD, 2, DBL("1e300"), DBL("1e300"));
  CHECK(is("2.0E300", "double"));
}

static void
test_arith_overflow(void)
{
  // 64-bit integers: overflow is an error (err:FOAR0002), as in Oxigraph
  call(MGD_FN_ADD, 2, INT("9223372036854775807"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_MUL, 2, INT("9223372036854775807"), INT("2"));
  CHECK(is_err());
  call(MGD_FN_SUB, 2, INT("-9223372036854775808"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_NEG, 1, INT("-9223372036854775808"));
  CHECK(is_err());
  call(MGD_FN_ABS, 1, INT("-9223372036854775808"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, INT("9223372036854775806"), INT("1"));
  CHECK(is("9223372036854775807", "integer"));
  call(MGD_FN_ADD, 2, INT("100000000000000000000"), INT("0"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, INT("10000000000000000000"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_MUL, 2, DEC("99999999999999999999"), DEC("10"));
  CHECK(is_err());
}

static void
test_arith_division(void)
{
  call(MGD_FN_DIV, 2, INT("1"), INT("2"));
  CHECK(is("0.5", "decimal"));
  call(MGD_FN_DIV, 2, INT("4"), INT("2"));
  CHECK(is("2", "decimal"));
  call(MGD_FN_DIV, 2, INT("1"), INT("3"));
  CHECK(is("0.333333333333333333", "decimal"));
  call(MGD_FN_DIV, 2, INT("1"), INT("0"));
  CHECK(is_err());
  call(MGD_FN_DIV, 2, DEC("1.0"), DEC("0.0"));
  CHECK(is_err());
  call(MGD_FN_DIV, 2, DBL("1"), INT("0"));
  CHECK(is("INF", "double"));
  call(MGD_FN_DIV, 2, DBL("-1"), DBL("0"));
  CHECK(is("-INF", "double"));
  call(MGD_FN_DIV, 2, DBL("0"), DBL("0"));
  CHECK(is("NaN", "double"));
  call(MGD_FN_DIV, 2, T("1", "float"), INT("0"));
  CHECK(is("INF", "float"));
}

static void
test_arith_errors(void)
{
  call(MGD_FN_ADD, 2, INT("1"), S("1"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, INT("abc"), INT("1"));
  CHECK(is_err()); // invalid lexical form
  call(MGD_FN_ADD, 2, T("300", "byte"), INT("1"));
  CHECK(is_err()); // out of xsd:byte range
  call(MGD_FN_ADD, 2, T("-1", "nonNegativeInteger"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, I("http://x/"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_NEG, 1, S("1"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, INT(" 1"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, mgd_term_none(), INT("1"));
  CHECK(is_err());
}

static void
test_unary(void)
{
  call(MGD_FN_NEG, 1, DEC("1.50"));
  CHECK(is("-1.5", "decimal"));
  call(MGD_FN_PLUS, 1, INT("+05"));
  CHECK(is("5", "integer"));
  call(MGD_FN_NEG, 1, DBL("INF"));
  CHECK(is("-INF", "double"));
  call(MGD_FN_NOT, 1, T("true", "boolean"));
  CHECK(is_false());
  call(MGD_FN_NOT, 1, S(""));
  CHECK(is_true());
  call(MGD_FN_NOT, 1, I("http://x/"));
  CHECK(is_err());
}

static void
test_numeric_functions(void)
{
  CHECK(call1_is("ROUND", DEC("-2.5"), "-2", "decimal"));
  CHECK(call1_is("ROUND", DEC("2.5"), "3", "decimal"));
  CHECK(call1_is("ROUND", DBL("-2.5"), "-2.0E0", "double"));
  CHECK(call1_is("ROUND", DBL("-0.4"), "-0.0E0", "double"));
  CHECK(call1_is("ROUND", INT("7"), "7", "integer"));
  CHECK(call1_is("ABS", INT("-7"), "7", "integer"));
  CHECK(call1_is("ABS", DEC("-1.5"), "1.5", "decimal"));
  CHECK(call1_is("ABS", T("-1.5", "float"), "1.5E0", "float"));
  CHECK(call1_is("CEIL", DEC("-1.5"), "-1", "decimal"));
  CHECK(call1_is("CEIL", DBL("1.2"), "2.0E0", "double"));
  CHECK(call1_is("FLOOR", DEC("-1.5"), "-2", "decimal"));
  CHECK(call1_is("FLOOR", DEC("1.5"), "1", "decimal"));
  CHECK(call1_err("ABS", S("-1")));
  call(fn_named("isNUMERIC"), 1, INT("12"));
  CHECK(is_true());
  call(fn_named("isNUMERIC"), 1, T("1200", "byte"));
  CHECK(is_false());
  call(fn_named("isNUMERIC"), 1, S("12"));
  CHECK(is_false());
  for (int k = 0; k < 20; ++k) {
    call(fn_named("RAND"), 0);
    CHECK(g_st == MGD_SUCCESS &&
          mgd_str_eqc(g_out.datatype, MGD_XSD_DOUBLE));
    MgdTerm zero = DBL("0");
    MgdTerm one  = DBL("1");
    int     c1   = 0;
    int     c2   = 0;
    CHECK(!mgd_term_compare(&zero, &g_out, &c1) && c1 <= 0);
    CHECK(!mgd_term_compare(&g_out, &one, &c2) && c2 < 0);
  }
}

static void
test_compare_numeric(void)
{
  call(MGD_FN_EQ, 2, INT("1"), DEC("1.0"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, INT("1"), DBL("1.0e0"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, INT("2"), DEC("10"));
  CHECK(is_true());
  call(MGD_FN_GE, 2, T("2", "short"), INT("2"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, DBL("NaN"), DBL("NaN"));
  CHECK(is_false());
  call(MGD_FN_NE, 2, DBL("NaN"), DBL("NaN"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, DBL("NaN"), DBL("1"));
  CHECK(is_false());
  call(MGD_FN_GT, 2, DBL("INF"), INT("9223372036854775807"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, INT("9223372036854775807"), INT("9223372036854775808"));
  CHECK(is_err()); // beyond 64 bits: not a valid value here
}

static void
test_compare_strings_and_terms(void)
{
  call(MGD_FN_LT, 2, S("abc"), S("abd"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, S("abc"), T("abc", "string"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, S("\xc3\xa9"), S("\xf0\x9f\x98\x80")); // é < 😀
  CHECK(is_true());
  call(MGD_FN_EQ, 2, L("a", "en"), L("a", "EN"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, L("a", "en"), S("a"));
  CHECK(is_false());
  // same language: by text (an extension Oxigraph and Virtuoso make too)
  call(MGD_FN_LT, 2, L("a", "en"), L("b", "EN"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, L("a", "en"), L("b", "fr"));
  CHECK(is_err());
  call(MGD_FN_LT, 2, L("a", "en"), S("b"));
  CHECK(is_err());
  call(MGD_FN_EQ, 2, L("a", "en"), L("a", "fr"));
  CHECK(is_false());
  call(MGD_FN_NE, 2, T("2020-01-01", "date"), INT("10"));
  CHECK(is_true()); // both valid, no common value space
  call(MGD_FN_EQ, 2, I("http://a/"), I("http://a/"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, I("http://a/"), S("http://a/"));
  CHECK(is_false());
  // < <= on one incomparable term: equal (as Oxigraph); on two: an error
  call(MGD_FN_LE, 2, I("http://a/"), I("http://a/"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, I("http://a/"), I("http://a/"));
  CHECK(is_false());
  call(MGD_FN_LT, 2, I("http://a/"), I("http://b/"));
  CHECK(is_err());
  call(MGD_FN_LE, 2, DBL("NaN"), DBL("NaN"));
  CHECK(is_false()); // NaN is not equal to itself
  call(MGD_FN_LT, 2, I("http://a/"), I("http://b/"));
  CHECK(is_err());
  call(MGD_FN_EQ, 2, INT("1"), S("1"));
  CHECK(is_false());
  call(MGD_FN_LT, 2, INT("1"), S("1"));
  CHECK(is_err());
  call(MGD_FN_LT, 2, T("false", "boolean"), T("true", "boolean"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, T("1", "boolean"), T("true", "boolean"));
  CHECK(is_true());
}

static void
test_compare_unknown_types(void)
{
  MgdTerm a = mgd_term_literal(mgd_str("x"), mgd_str("http://t/a"), mgd_str(""));
  MgdTerm b = mgd_term_literal(mgd_str("y"), mgd_str("http://t/a"), mgd_str(""));
  call(MGD_FN_EQ, 2, a, a);
  CHECK(is_true()); // same term
  call(MGD_FN_EQ, 2, a, b);
  CHECK(is_err()); // RDFterm-equal: different literals of unknown type
  call(MGD_FN_NE, 2, a, b);
  CHECK(is_err());
  call(MGD_FN_EQ, 2, a, S("x"));
  CHECK(is_err());
  call(MGD_FN_EQ, 2, a, I("http://x/"));
  CHECK(is_false());
  call(MGD_FN_EQ, 2, INT("abc"), INT("abc"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, INT("abc"), INT("1"));
  CHECK(is_err()); // ill-typed
  call(fn_named("sameTerm"), 2, INT("1"), INT("01"));
  CHECK(is_false());
  call(MGD_FN_EQ, 2, INT("1"), INT("01"));
  CHECK(is_true());
}

static void
test_compare_datetime(void)
{
  MgdTerm a = T("2002-04-02T12:00:00-01:00", "dateTime");
  MgdTerm b = T("2002-04-02T17:00:00+04:00", "dateTime");
  MgdTerm c = T("2002-04-02T23:00:00-04:00", "dateTime");
  MgdTerm local = T("2002-04-02T12:00:00", "dateTime");
  call(MGD_FN_EQ, 2, a, b);
  CHECK(is_true()); // same instant
  call(MGD_FN_LT, 2, a, c);
  CHECK(is_true());
  call(MGD_FN_EQ, 2, a, local);
  CHECK(is_err()); // indeterminate
  call(MGD_FN_LT, 2, local, a);
  CHECK(is_err());
  call(MGD_FN_LT, 2, T("2002-04-01T00:00:00", "dateTime"), a);
  CHECK(is_true()); // more than 14 hours apart: determinate
  call(MGD_FN_GT, 2, T("2002-04-03T12:00:00", "dateTime"), a);
  CHECK(is_true());
  call(MGD_FN_EQ, 2, T("2002-04-02T24:00:00Z", "dateTime"),
       T("2002-04-03T00:00:00Z", "dateTime"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("2002-04-02T12:00:00.5Z", "dateTime"),
       T("2002-04-02T12:00:00.51Z", "dateTime"));
  CHECK(is_true());
  call(MGD_FN_EQ, 2, T("2002-02-30T12:00:00", "dateTime"),
       T("2002-03-02T12:00:00", "dateTime"));
  CHECK(is_err()); // invalid day
}

static void
test_compare_date(void)
{
  // xsd:date compares as the first instant of its day, with the same
  // partial order as dateTime (zone vs no zone within 14 hours: error).
  call(MGD_FN_LT, 2, T("2020-01-01", "date"), T("2020-01-02", "date"));
  CHECK(is_true());
  call(MGD_FN_GE, 2, T("2020-03-01", "date"), T("2020-02-29", "date"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("2021-01-01", "date"), T("2020-12-31", "date"));
  CHECK(is_false());
  call(MGD_FN_EQ, 2, T("2020-01-01Z", "date"), T("2020-01-01+00:00", "date"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("2020-01-01+05:00", "date"), T("2020-01-01Z", "date"));
  CHECK(is_true()); // 2019-12-31T19:00Z
  call(MGD_FN_EQ, 2, T("2020-01-01", "date"), T("2020-01-01Z", "date"));
  CHECK(is_err()); // indeterminate
  call(MGD_FN_LT, 2, T("2020-01-01", "date"), T("2020-01-03Z", "date"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("-0044-03-15", "date"), T("0001-01-01", "date"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("2020-02-30", "date"), T("2020-03-01", "date"));
  CHECK(is_err()); // invalid day
  call(MGD_FN_LT, 2, T("2020-01-01", "date"),
       T("2020-01-02T00:00:00Z", "dateTime"));
  CHECK(is_err()); // date with dateTime: no common value space
  // The date parts of an xsd:date.
  CHECK(call1_is("YEAR", T("2020-03-04", "date"), "2020", "integer"));
  CHECK(call1_is("MONTH", T("2020-03-04Z", "date"), "3", "integer"));
  CHECK(call1_is("DAY", T("-0044-03-15+01:00", "date"), "15", "integer"));
  CHECK(call1_is("YEAR", T("-0044-03-15+01:00", "date"), "-44", "integer"));
  CHECK(call1_is("TZ", T("2020-03-04-05:00", "date"), "-05:00", ""));
  CHECK(call1_is("TZ", T("2020-03-04", "date"), "", ""));
  CHECK(call1_is("TIMEZONE", T("2020-03-04Z", "date"),
                 "PT0S", "dayTimeDuration"));
  CHECK(call1_err("TIMEZONE", T("2020-03-04", "date")));
  CHECK(call1_err("HOURS", T("2020-03-04", "date")));
  CHECK(call1_err("YEAR", T("2020-02-30", "date")));
  // xsd:time: HOURS, MINUTES, SECONDS, TZ (as Oxigraph and Virtuoso)
  CHECK(call1_is("HOURS", T("10:15:30.5", "time"), "10", "integer"));
  CHECK(call1_is("SECONDS", T("10:15:30.5", "time"), "30.5", "decimal"));
  CHECK(call1_is("TZ", T("23:00:00-05:00", "time"), "-05:00", ""));
  CHECK(call1_is("TZ", T("23:00:00", "time"), "", ""));
  CHECK(call1_err("YEAR", T("23:00:00", "time")));
  CHECK(call1_err("HOURS", T("25:00:00", "time")));
  // a zero offset is "Z" however written
  CHECK(call1_is("TZ", T("2020-01-01T00:00:00-00:00", "dateTime"), "Z", ""));
  // xsd:date casts (beyond §17.5's table, as Oxigraph and Virtuoso)
  const MgdFunc to_date = fn_named(XSD "date");
  const MgdFunc to_dt   = fn_named(XSD "dateTime");
  call(to_date, 1, T("2020-01-01T10:00:00+02:00", "dateTime"));
  CHECK(is("2020-01-01+02:00", "date"));
  call(to_date, 1, T("2020-01-01T10:00:00+00:00", "dateTime"));
  CHECK(is("2020-01-01Z", "date"));
  call(to_date, 1, S("2020-02-29"));
  CHECK(is("2020-02-29", "date"));
  call(to_date, 1, S("2021-02-29"));
  CHECK(is_err());
  call(to_dt, 1, T("2020-01-01-05:00", "date"));
  CHECK(is("2020-01-01T00:00:00-05:00", "dateTime"));
  call(to_dt, 1, T("2020-01-01", "date"));
  CHECK(is("2020-01-01T00:00:00", "dateTime"));
  call(to_date, 1, INT("2020"));
  CHECK(is_err());
}

static void
test_ebv(void)
{
  bool v = true;
  MgdTerm t;
  t = S("");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = S("a");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = L("a", "en");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = INT("0");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = DEC("0.0");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = DBL("NaN");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = DBL("-0.1");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = T("abc", "boolean");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = T("1", "boolean");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = INT("x");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  // valid forms beyond the arithmetic's range: true unless all digits are 0
  t = INT("123456789012345678901234567890");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = INT("-000000000000000000000000000000");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = DEC("0.0000000000000000000001");
  CHECK(!mgd_term_ebv(&t, &v) && v);
  t = DEC("1.2.3");
  CHECK(!mgd_term_ebv(&t, &v) && !v);
  t = I("http://x/");
  CHECK(mgd_term_ebv(&t, &v) == MGD_FAILURE);
  t = mgd_term_blank(mgd_str("b"));
  CHECK(mgd_term_ebv(&t, &v) == MGD_FAILURE);
  t = T("2001-01-01T00:00:00", "dateTime");
  CHECK(mgd_term_ebv(&t, &v) == MGD_FAILURE);
  t = mgd_term_literal(mgd_str("x"), mgd_str("http://t/"), mgd_str(""));
  CHECK(mgd_term_ebv(&t, &v) == MGD_FAILURE);
}

static void
test_order(void)
{
  MgdTerm none  = mgd_term_none();
  MgdTerm blank = mgd_term_blank(mgd_str("z"));
  MgdTerm iri   = I("http://a/");
  MgdTerm lit   = S("a");
  CHECK(mgd_term_order_cmp(&none, &blank) < 0);
  CHECK(mgd_term_order_cmp(&blank, &iri) < 0);
  CHECK(mgd_term_order_cmp(&iri, &lit) < 0);
  CHECK(mgd_term_order_cmp(&lit, &none) > 0);
  MgdTerm two = INT("2");
  MgdTerm ten = DEC("10");
  CHECK(mgd_term_order_cmp(&two, &ten) < 0); // by value, not lexically
  MgdTerm one  = INT("1");
  MgdTerm one2 = INT("01");
  // equal values tie, so that the next ORDER BY key decides (§15.1)
  CHECK(mgd_term_order_cmp(&one, &one2) == 0);
  MgdTerm one_dec = DEC("1.0");
  CHECK(mgd_term_order_cmp(&one, &one_dec) == 0);
  // strings and language strings together by text, then by datatype IRI
  // (rdf:langString before xsd:string), then by language
  MgdTerm lb = L("b", "en");
  CHECK(mgd_term_order_cmp(&lb, &lit) > 0 && mgd_term_order_cmp(&lit, &lb) < 0);
  MgdTerm la_fr = L("a", "fr");
  CHECK(mgd_term_order_cmp(&la_fr, &lit) < 0);
  // families: numbers < dates < dateTimes < booleans < others < strings
  MgdTerm half = DEC("0.5");
  MgdTerm day  = T("2020-01-01", "date");
  MgdTerm dt   = T("2019-01-01T00:00:00Z", "dateTime");
  MgdTerm yes  = T("true", "boolean");
  MgdTerm oth  = T("x", "token");
  CHECK(mgd_term_order_cmp(&half, &day) < 0 && mgd_term_order_cmp(&day, &dt) < 0);
  CHECK(mgd_term_order_cmp(&dt, &yes) < 0 && mgd_term_order_cmp(&yes, &oth) < 0);
  CHECK(mgd_term_order_cmp(&oth, &lit) < 0);
  CHECK(mgd_term_order_cmp(&one, &one) == 0);
  MgdTerm b = S("b");
  CHECK(mgd_term_order_cmp(&lit, &b) < 0);
  MgdTerm la = L("a", "en");
  CHECK(mgd_term_order_cmp(&lit, &la) != 0);
  int c = 0;
  CHECK(!mgd_term_compare(&two, &ten, &c) && c < 0);
  CHECK(mgd_term_compare(&two, &lit, &c) == MGD_FAILURE);
  CHECK(mgd_term_compare(&iri, &iri, &c) == MGD_FAILURE);
}

static void
test_term_functions(void)
{
  CHECK(call1_is("STR", I("http://a/"), "http://a/", ""));
  CHECK(call1_is("STR", L("chat", "fr"), "chat", ""));
  CHECK(call1_err("STR", mgd_term_blank(mgd_str("b"))));
  CHECK(call1_is("LANG", L("chat", "fr-BE"), "fr-BE", ""));
  CHECK(call1_is("LANG", INT("1"), "", ""));
  CHECK(call1_err("LANG", I("http://a/")));
  call(fn_named("DATATYPE"), 1, S("a"));
  CHECK(g_st == 0 && g_out.kind == MGD_TERM_IRI &&
        mgd_str_eqc(g_out.value, MGD_XSD_STRING));
  call(fn_named("DATATYPE"), 1, L("a", "en"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, MGD_RDF_LANGSTRING));
  call(fn_named("DATATYPE"), 1, T("5", "byte"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, XSD "byte"));
  call(fn_named("STRDT"), 2, S("5"), I(XSD "integer"));
  CHECK(is("5", "integer"));
  call(fn_named("STRDT"), 2, L("5", "en"), I(XSD "integer"));
  CHECK(is_err());
  call(fn_named("STRLANG"), 2, S("chat"), S("fr"));
  CHECK(is("chat", "@fr"));
  call(fn_named("STRLANG"), 2, S("chat"), S("FR-ca"));
  CHECK(is("chat", "@fr-ca")); // lower-cased, as the store keeps tags
  call(fn_named("STRLANG"), 2, S("chat"), S("not a tag"));
  CHECK(is_err());
  call(fn_named("STRLANG"), 2, L("chat", "en"), S("fr"));
  CHECK(is_err());
  call(fn_named("isIRI"), 1, I("http://a/"));
  CHECK(is_true());
  call(fn_named("isBLANK"), 1, I("http://a/"));
  CHECK(is_false());
  call(fn_named("isLITERAL"), 1, S("x"));
  CHECK(is_true());
  call(fn_named("sameTerm"), 2, S("x"), T("x", "string"));
  CHECK(is_true());
}

static void
test_iri(void)
{
  g_ctx.base = mgd_str("http://example.org/a/b/c?q#f");
  call(fn_named("IRI"), 1, S("d"));
  CHECK(g_st == 0 && g_out.kind == MGD_TERM_IRI &&
        mgd_str_eqc(g_out.value, "http://example.org/a/b/d"));
  call(fn_named("IRI"), 1, S("../d"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://example.org/a/d"));
  call(fn_named("IRI"), 1, S("/x/./y/../z"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://example.org/x/z"));
  call(fn_named("IRI"), 1, S("#frag"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://example.org/a/b/c?q#frag"));
  call(fn_named("IRI"), 1, S("//other.org/p"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://other.org/p"));
  call(fn_named("IRI"), 1, S("?r"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://example.org/a/b/c?r"));
  call(fn_named("IRI"), 1, S("mailto:a@b"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "mailto:a@b"));
  call(fn_named("IRI"), 1, I("http://x/"));
  CHECK(g_st == 0 && mgd_str_eqc(g_out.value, "http://x/"));
  CHECK(call1_err("IRI", S("a b")));
  CHECK(call1_err("IRI", INT("1")));
  g_ctx.base = mgd_str("");
  CHECK(call1_err("IRI", S("relative"))); // no base: not an absolute IRI
}

static void
test_uuid(void)
{
  call(fn_named("UUID"), 0);
  CHECK(g_st == 0 && g_out.kind == MGD_TERM_IRI &&
        mgd_str_has_prefix(g_out.value, "urn:uuid:") &&
        g_out.value.len == 45 && g_out.value.ptr[9 + 14] == '4');
  const MgdTerm first = g_out;
  call(fn_named("UUID"), 0);
  CHECK(!mgd_str_eq(first.value, g_out.value));
  call(fn_named("STRUUID"), 0);
  CHECK(g_st == 0 && g_out.kind == MGD_TERM_LITERAL && g_out.value.len == 36 &&
        g_out.value.ptr[8] == '-' && g_out.value.ptr[14] == '4' &&
        strchr("89ab", g_out.value.ptr[19]));
}

static void
test_strlen_substr(void)
{
  call(fn_named("STRLEN"), 1, S("\xf0\x9f\x98\x80")); // 😀
  CHECK(is("1", "integer"));
  CHECK(call1_is("STRLEN", L("ch\xc3\xa2t", "fr"), "4", "integer"));
  CHECK(call1_err("STRLEN", INT("12")));
  call(fn_named("SUBSTR"), 2, S("foobar"), INT("4"));
  CHECK(is("bar", ""));
  call(fn_named("SUBSTR"), 3, S("foobar"), INT("4"), INT("1"));
  CHECK(is("b", ""));
  call(fn_named("SUBSTR"), 3, L("foobar", "en"), INT("0"), INT("3"));
  CHECK(is("fo", "@en")); // positions 0,1,2 -> "fo"
  call(fn_named("SUBSTR"), 3, T("12345", "string"), INT("2"), INT("3"));
  CHECK(is("234", "string"));
  // SPARQL's SUBSTR takes xsd:integer positions: others are type errors
  call(fn_named("SUBSTR"), 3, T("12345", "string"), DEC("1.5"), DEC("2.6"));
  CHECK(is_err());
  call(fn_named("SUBSTR"), 3, S("12345"), INT("1"), DBL("2"));
  CHECK(is_err());
  call(fn_named("SUBSTR"), 3, S("a\xf0\x9f\x98\x80" "b"), INT("2"), INT("1"));
  CHECK(is("\xf0\x9f\x98\x80", ""));
  call(fn_named("SUBSTR"), 2, S("a\xf0\x9f\x98\x80" "bc"), INT("3"));
  CHECK(is("bc", ""));
  call(fn_named("SUBSTR"), 3, S("12345"), INT("-3"), INT("5"));
  CHECK(is("1", ""));
  call(fn_named("SUBSTR"), 3, S("12345"), DBL("NaN"), INT("5"));
  CHECK(is_err());
  call(fn_named("SUBSTR"), 3, S("12345"), INT("3"), INT("-2"));
  CHECK(is("", "")); // 3 <= p < 1: nothing
  call(fn_named("SUBSTR"), 2, S("12345"), INT("9"));
  CHECK(is("", ""));
  call(fn_named("SUBSTR"), 2, S("12345"), S("1"));
  CHECK(is_err());
}

static void
test_case(void)
{
  call(fn_named("LCASE"), 1, S("\xc3\x84\xc3\x96\xc3\x9c")); // ÄÖÜ
  CHECK(is("\xc3\xa4\xc3\xb6\xc3\xbc", ""));
  CHECK(call1_is("UCASE", L("foo", "en"), "FOO", "@en"));
  CHECK(call1_is("UCASE", T("foo", "string"), "FOO", "string"));
  call(fn_named("LCASE"), 1, S("\xf0\x90\x90\x80")); // U+10400 DESERET
  CHECK(is("\xf0\x90\x90\xa8", ""));                 // U+10428
  call(fn_named("UCASE"), 1, S("stra\xc3\x9f" "e \xef\xac\x81"));  // straße ﬁ
  CHECK(is("STRASSE FI", ""));
  call(fn_named("LCASE"), 1, S("\xc4\xb0"));                       // İ
  CHECK(is("i\xcc\x87", ""));
  CHECK(call1_err("UCASE", I("http://a/")));
}

static void
test_starts_ends_contains(void)
{
  call(fn_named("STRSTARTS"), 2, S("foobar"), S("foo"));
  CHECK(is_true());
  call(fn_named("STRSTARTS"), 2, L("foobar", "en"), L("foo", "en"));
  CHECK(is_true());
  call(fn_named("STRSTARTS"), 2, L("foobar", "en"), S("foo"));
  CHECK(is_true());
  call(fn_named("STRSTARTS"), 2, S("foobar"), L("foo", "en"));
  CHECK(is_err()); // incompatible
  call(fn_named("STRSTARTS"), 2, L("foobar", "en"), L("foo", "fr"));
  CHECK(is_err());
  call(fn_named("STRENDS"), 2, S("foobar"), S("bar"));
  CHECK(is_true());
  call(fn_named("STRENDS"), 2, S("foobar"), S("foo"));
  CHECK(is_false());
  call(fn_named("CONTAINS"), 2, S("foobar"), S("oba"));
  CHECK(is_true());
  call(fn_named("CONTAINS"), 2, S("foobar"), S(""));
  CHECK(is_true());
  call(fn_named("CONTAINS"), 2, S(""), S("x"));
  CHECK(is_false());
  call(fn_named("CONTAINS"), 2, INT("12"), S("1"));
  CHECK(is_err());
}

static void
test_before_after(void)
{
  call(fn_named("STRBEFORE"), 2, S("abc"), S("b"));
  CHECK(is("a", ""));
  call(fn_named("STRBEFORE"), 2, L("abc", "en"), S("bc"));
  CHECK(is("a", "@en"));
  call(fn_named("STRBEFORE"), 2, L("abc", "en"), L("b", "cy"));
  CHECK(is_err());
  call(fn_named("STRBEFORE"), 2, T("abc", "string"), S(""));
  CHECK(is("", "string"));
  call(fn_named("STRBEFORE"), 2, L("abc", "en"), S("z"));
  CHECK(is("", "")); // no match: simple empty literal
  call(fn_named("STRAFTER"), 2, S("abc"), S("b"));
  CHECK(is("c", ""));
  call(fn_named("STRAFTER"), 2, L("abc", "en"), L("b", "en"));
  CHECK(is("c", "@en"));
  call(fn_named("STRAFTER"), 2, L("abc", "en"), S(""));
  CHECK(is("abc", "@en"));
  call(fn_named("STRAFTER"), 2, S("abc"), S("xyz"));
  CHECK(is("", ""));
}

static void
test_encode_concat_langmatches(void)
{
  CHECK(call1_is("ENCODE_FOR_URI", S("Los Angeles"), "Los%20Angeles", ""));
  CHECK(call1_is("ENCODE_FOR_URI", L("caf\xc3\xa9~/?", "fr"),
                 "caf%C3%A9~%2F%3F", ""));
  call(fn_named("CONCAT"), 2, S("foo"), S("bar"));
  CHECK(is("foobar", ""));
  call(fn_named("CONCAT"), 2, L("foo", "en"), L("bar", "en"));
  CHECK(is("foobar", "@en"));
  call(fn_named("CONCAT"), 2, L("foo", "en"), S("bar"));
  CHECK(is("foobar", ""));
  call(fn_named("CONCAT"), 2, T("foo", "string"), T("bar", "string"));
  CHECK(is("foobar", "string"));
  call(fn_named("CONCAT"), 0);
  CHECK(is("", ""));
  call(fn_named("CONCAT"), 2, S("a"), INT("1"));
  CHECK(is_err());
  call(fn_named("langMatches"), 2, S("fr-BE"), S("FR"));
  CHECK(is_true());
  call(fn_named("langMatches"), 2, S("fr"), S("fr-BE"));
  CHECK(is_false());
  call(fn_named("langMatches"), 2, S("french"), S("fr"));
  CHECK(is_false());
  call(fn_named("langMatches"), 2, S("en"), S("*"));
  CHECK(is_true());
  call(fn_named("langMatches"), 2, S(""), S("*"));
  CHECK(is_false());
  call(fn_named("langMatches"), 2, L("en", "en"), S("*"));
  CHECK(is_err());
}

static void
test_regex(void)
{
  MgdFunc re = fn_named("REGEX");
  call(re, 2, S("Alice"), S("^ali"));
  CHECK(is_false());
  call(re, 3, S("Alice"), S("^ali"), S("i"));
  CHECK(is_true());
  call(re, 3, L("Alice", "en"), S("^ali"), S("i"));
  CHECK(is_true());
  call(re, 3, S("a\nb"), S("a.b"), S(""));
  CHECK(is_false());
  call(re, 3, S("a\nb"), S("a.b"), S("s"));
  CHECK(is_true());
  call(re, 2, S("x\nab"), S("^ab"));
  CHECK(is_false());
  call(re, 3, S("x\nab"), S("^ab"), S("m"));
  CHECK(is_true());
  call(re, 3, S("abc"), S("a b c"), S("x"));
  CHECK(is_true());
  call(re, 3, S("a#b"), S("a # b"), S("x"));
  CHECK(is_true()); // '#' is not a comment in XPath
  call(re, 3, S("a b"), S("a[ ]b"), S("x"));
  CHECK(is_true()); // whitespace kept inside a class
  call(re, 2, S("ab\n"), S("ab$"));
  CHECK(is_false()); // $ only at the very end
  call(re, 2, S("\xd9\xa3"), S("^\\d$"));
  CHECK(is_true()); // ARABIC-INDIC DIGIT THREE is a \d in XPath
  call(re, 3, S("\xc3\xa4"), S("\xc3\x84"), S("i"));
  CHECK(is_true());
  call(re, 3, S("a.c"), S("."), S("q"));
  CHECK(is_true());
  call(re, 3, S("abc"), S("."), S("q"));
  CHECK(is_false());
  call(re, 3, S("A.C"), S("a.c"), S("qi"));
  CHECK(is_true());
  call(re, 2, S("\xf0\x9f\x98\x80"), S("^.$")); // one code point
  CHECK(is_true());
  call(re, 3, S("abc"), S("a"), S("z"));
  CHECK(is_err()); // bad flag
  call(re, 2, S("abc"), S("("));
  CHECK(is_err()); // bad pattern
  call(re, 2, INT("1"), S("1"));
  CHECK(is_err());
  call(re, 2, S("abc"), L("a", "en"));
  CHECK(is_err());
  // A catastrophic pattern hits the backtracking limit and errs.
  call(re, 2, S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"),
       S("^(a+)+$"));
  CHECK(is_err());
  // The cache survives more patterns than slots.
  char pat[8];
  for (int k = 0; k < 40; ++k) {
    snprintf(pat, sizeof(pat), "%d", k);
    call(re, 2, S("x12y"), S(pat));
    CHECK(g_st == 0);
  }
}

static void
test_replace(void)
{
  MgdFunc rp = fn_named("REPLACE");
  call(rp, 3, S("abcd"), S("b"), S("Z"));
  CHECK(is("aZcd", ""));
  call(rp, 3, S("abab"), S("B"), S("Z"));
  CHECK(is("abab", ""));
  call(rp, 4, S("abab"), S("B"), S("Z"), S("i"));
  CHECK(is("aZaZ", ""));
  call(rp, 3, L("abcd", "en"), S("(b)(c)"), S("$2$1"));
  CHECK(is("acbd", "@en"));
  call(rp, 3, S("a$b"), S("\\$"), S("\\$\\\\"));
  CHECK(is("a$\\b", ""));
  call(rp, 3, S("abc"), S("b"), S("$"));
  CHECK(is_err()); // bad replacement
  // a pattern matching the empty string is allowed (as in Oxigraph); an
  // empty match right after a non-empty one is skipped
  call(rp, 3, S("abc"), S("x*"), S("-"));
  CHECK(is("-a-b-c-", ""));
  call(rp, 3, S("baaa"), S("a*"), S("-"));
  CHECK(is("-b-", ""));
  call(rp, 3, S("http://x/y"), S("[^/#]*$"), S("-"));
  CHECK(is("http://x/-", ""));
  call(rp, 3, S("a\xc3\xa9"), S(""), S("."));
  CHECK(is(".a.\xc3\xa9.", ""));
  call(rp, 4, S("a.b.c"), S("."), S("!"), S("q"));
  CHECK(is("a!b!c", ""));
  call(rp, 3, S("\xf0\x9f\x98\x80x\xf0\x9f\x98\x80"), S("x"), S("y"));
  CHECK(is("\xf0\x9f\x98\x80y\xf0\x9f\x98\x80", ""));
  call(rp, 3, S("abc"), S("(?=b)"), S("-"));
  CHECK(is("a-bc", "")); // zero-length match away from the empty string
  call(rp, 3, S("aaa"), S("a(x)?"), S("[$1]"));
  CHECK(is("[][][]", ""));
  call(rp, 3, INT("1"), S("1"), S("2"));
  CHECK(is_err());
}

static void
test_hashes(void)
{
  CHECK(call1_is("MD5", S("abc"), "900150983cd24fb0d6963f7d28e17f72", ""));
  CHECK(call1_is("SHA1", S("abc"),
                 "a9993e364706816aba3e25717850c26c9cd0d89d", ""));
  call(fn_named("SHA256"), 1, T("abc", "string"));
  CHECK(is("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
           ""));
  call(fn_named("SHA384"), 1, S(""));
  CHECK(is("38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
           "274edebfe76f65fbd51ad2f14898b95b",
           ""));
  call(fn_named("SHA512"), 1, S("abc"));
  CHECK(is("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
           "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
           ""));
  CHECK(call1_err("MD5", L("abc", "en")));
  CHECK(call1_err("MD5", INT("1")));
}

static void
test_datetime_accessors(void)
{
  MgdTerm dt = T("2011-01-10T14:45:13.815-05:00", "dateTime");
  CHECK(call1_is("YEAR", dt, "2011", "integer"));
  CHECK(call1_is("MONTH", dt, "1", "integer"));
  CHECK(call1_is("DAY", dt, "10", "integer"));
  CHECK(call1_is("HOURS", dt, "14", "integer"));
  CHECK(call1_is("MINUTES", dt, "45", "integer"));
  CHECK(call1_is("SECONDS", dt, "13.815", "decimal"));
  CHECK(call1_is("TIMEZONE", dt, "-PT5H", "dayTimeDuration"));
  CHECK(call1_is("TZ", dt, "-05:00", ""));
  MgdTerm z = T("2011-01-10T14:45:13Z", "dateTime");
  CHECK(call1_is("TIMEZONE", z, "PT0S", "dayTimeDuration"));
  CHECK(call1_is("TZ", z, "Z", ""));
  CHECK(call1_is("TIMEZONE", T("2011-01-10T14:45:13+05:30", "dateTime"),
                 "PT5H30M", "dayTimeDuration"));
  MgdTerm local = T("2011-01-10T14:45:13", "dateTime");
  CHECK(call1_err("TIMEZONE", local));
  CHECK(call1_is("TZ", local, "", ""));
  CHECK(call1_is("YEAR", T("-0044-03-15T00:00:00", "dateTime"),
                 "-44", "integer"));
  CHECK(call1_err("YEAR", S("2011-01-10T14:45:13Z")));
  CHECK(call1_err("YEAR", T("2011-13-10T14:45:13Z", "dateTime")));
  CHECK(call1_err("HOURS", T("2011-01-10T25:00:00", "dateTime")));
  CHECK(call1_is("DAY", T("2012-02-29T00:00:00", "dateTime"), "29", "integer"));
  CHECK(call1_err("DAY", T("2011-02-29T00:00:00", "dateTime")));
}

static void
test_now(void)
{
  g_ctx.now_us = 1700000000123456LL; // 2023-11-14T22:13:20.123456Z
  call(fn_named("NOW"), 0);
  CHECK(is("2023-11-14T22:13:20.123456Z", "dateTime"));
  g_ctx.now_us = 0;
  call(fn_named("NOW"), 0);
  CHECK(is("1970-01-01T00:00:00Z", "dateTime"));
  g_ctx.now_us = -1500000; // before the epoch
  call(fn_named("NOW"), 0);
  CHECK(is("1969-12-31T23:59:58.5Z", "dateTime"));
}

static void
test_casts(void)
{
  const MgdFunc to_int  = fn_named(XSD "integer");
  const MgdFunc to_dec  = fn_named(XSD "decimal");
  const MgdFunc to_dbl  = fn_named(XSD "double");
  const MgdFunc to_flt  = fn_named(XSD "float");
  const MgdFunc to_bool = fn_named(XSD "boolean");
  const MgdFunc to_str  = fn_named(XSD "string");
  const MgdFunc to_dt   = fn_named(XSD "dateTime");
  call(to_bool, 1, S("1"));
  CHECK(is_true());
  call(to_bool, 1, S("0"));
  CHECK(is_false());
  call(to_bool, 1, S("TRUE"));
  CHECK(is_err());
  call(to_bool, 1, DBL("NaN"));
  CHECK(is_false());
  call(to_bool, 1, DEC("0.1"));
  CHECK(is_true());
  call(to_bool, 1, T("2001-01-01T00:00:00", "dateTime"));
  CHECK(is_err());
  call(to_int, 1, S("12"));
  CHECK(is("12", "integer"));
  call(to_int, 1, S(" 12 "));
  CHECK(is("12", "integer")); // whitespace is collapsed
  call(to_int, 1, S("1.5"));
  CHECK(is_err());
  call(to_int, 1, DEC("-1.9"));
  CHECK(is("-1", "integer"));
  call(to_int, 1, DBL("2.9e0"));
  CHECK(is("2", "integer"));
  call(to_int, 1, DBL("INF"));
  CHECK(is_err());
  call(to_int, 1, T("true", "boolean"));
  CHECK(is("1", "integer"));
  call(to_int, 1, DBL("1e19"));
  CHECK(is("10000000000000000000", "integer"));
  call(to_int, 1, I("http://x/"));
  CHECK(is_err());
  call(to_dec, 1, S("1e3"));
  CHECK(is_err());
  call(to_dec, 1, S("+01.50"));
  CHECK(is("1.5", "decimal"));
  call(to_dec, 1, INT("3"));
  CHECK(is("3", "decimal"));
  call(to_dec, 1, DBL("2.5"));
  CHECK(is("2.5", "decimal"));
  call(to_dec, 1, DBL("NaN"));
  CHECK(is_err());
  call(to_dbl, 1, S("1"));
  CHECK(is("1.0E0", "double"));
  call(to_dbl, 1, S("-INF"));
  CHECK(is("-INF", "double"));
  call(to_dbl, 1, S("abc"));
  CHECK(is_err());
  call(to_dbl, 1, DEC("0.1"));
  CHECK(is("1.0E-1", "double"));
  call(to_dbl, 1, T("false", "boolean"));
  CHECK(is("0.0E0", "double"));
  call(to_flt, 1, DBL("0.1"));
  CHECK(is("1.0E-1", "float"));
  call(to_flt, 1, DBL("1e300"));
  CHECK(is("INF", "float"));
  call(MGD_FN_ADD, 2, T("3e38", "float"), T("3e38", "float"));
  CHECK(is("INF", "float"));
  call(to_flt, 1, INT("123456789"));
  CHECK(is("1.2345679E8", "float"));
  call(to_str, 1, INT("01"));
  CHECK(is("1", "string")); // XPath fn:string: canonical forms
  call(to_str, 1, DEC("-1.0"));
  CHECK(is("-1", "string"));
  call(to_str, 1, DEC("+33.3300"));
  CHECK(is("33.33", "string"));
  call(to_str, 1, DBL("0E1"));
  CHECK(is("0", "string"));
  call(to_str, 1, DBL("-10.2E3"));
  CHECK(is("-10200", "string"));
  call(to_str, 1, DBL("1.5e-3"));
  CHECK(is("0.0015", "string"));
  call(to_str, 1, DBL("1e7"));
  CHECK(is("1.0E7", "string"));
  call(to_str, 1, T("1.1", "float"));
  CHECK(is("1.1", "string"));
  call(to_str, 1, T("0", "boolean"));
  CHECK(is("false", "string"));
  call(to_str, 1, INT("x"));
  CHECK(is("x", "string")); // an ill-typed literal's text, as Oxigraph gives
  call(to_str, 1, T("2020-01-01T10:00:00.500+00:00", "dateTime"));
  CHECK(is("2020-01-01T10:00:00.5Z", "string")); // canonical
  call(to_str, 1, T("2020-01-01T10:00:00.000-05:00", "dateTime"));
  CHECK(is("2020-01-01T10:00:00-05:00", "string"));
  call(to_str, 1, L("chat", "fr"));
  CHECK(is("chat", "string"));
  call(to_str, 1, I("http://x/"));
  CHECK(is("http://x/", "string"));
  call(to_str, 1, mgd_term_blank(mgd_str("b")));
  CHECK(is_err());
  call(to_dt, 1, S("2001-10-26T21:32:52+02:00"));
  CHECK(is("2001-10-26T21:32:52+02:00", "dateTime"));
  call(to_dt, 1, S("2001-10-26"));
  CHECK(is_err());
  call(to_dt, 1, INT("1"));
  CHECK(is_err());
  call(to_int, 1, L("1", "en"));
  CHECK(is_err());
  call(to_int, 1, mgd_term_literal(mgd_str("1"), mgd_str("http://t/"),
                                   mgd_str("")));
  CHECK(is_err());
}

static void
test_double_format(void)
{
  call(MGD_FN_PLUS, 1, DBL("1e-7"));
  CHECK(is("1.0E-7", "double"));
  call(MGD_FN_PLUS, 1, DBL("-123.456"));
  CHECK(is("-1.23456E2", "double"));
  call(MGD_FN_PLUS, 1, DBL("+INF"));
  CHECK(is("INF", "double"));
  call(MGD_FN_PLUS, 1, DBL("1.7976931348623157E308"));
  CHECK(is("1.7976931348623157E308", "double"));
  call(MGD_FN_PLUS, 1, DBL("1.e2"));
  CHECK(is("1.0E2", "double"));
  call(MGD_FN_PLUS, 1, DBL("e2"));
  CHECK(is_err());
  call(MGD_FN_PLUS, 1, DBL("1e"));
  CHECK(is_err());
  call(MGD_FN_PLUS, 1, DBL("inf"));
  CHECK(is_err());
}

// Every function over every combination of awkward arguments: the result is
// a value or an error value, never a crash or a real error, and result
// strings are valid UTF-8 (run under ASan/UBSan in CI).
static void
test_all_functions_total(void)
{
  const MgdTerm pool[] = {
    S(""), S("a\xf0\x9f\x98\x80" "b"), L("x", "en"), T("s", "string"),
    INT("9223372036854775807"), INT("-9223372036854775808"), INT("x"),
    DEC("-0.5"), DBL("NaN"), DBL("-INF"), T("1e38", "float"),
    T("2011-01-10T14:45:13.815-05:00", "dateTime"), T("1", "boolean"),
    I("http://a/b"), mgd_term_blank(mgd_str("b")),
    mgd_term_literal(mgd_str("?"), mgd_str("http://t/"), mgd_str("")),
  };
  const size_t n_pool = sizeof(pool) / sizeof(pool[0]);
  size_t       n_calls = 0;
  MgdArena     arena; // results only: the pool lives in g_arena
  mgd_arena_init(&arena, 0);
  MgdFuncCtx ctx = {0};
  ctx.arena      = &arena;
  for (int f = 1; f < MGD_FN_COUNT_; ++f) {
    for (size_t arity = 0; arity <= 4; ++arity) {
      size_t total = 1;
      for (size_t k = 0; k < arity; ++k) {
        total *= n_pool;
      }
      for (size_t combo = 0; combo < total; ++combo) {
        MgdTerm args[4];
        size_t  c = combo;
        for (size_t k = 0; k < arity; ++k) {
          args[k] = pool[c % n_pool];
          c /= n_pool;
        }
        MgdTerm         out = mgd_term_none();
        const MgdStatus st  = mgd_func_call(&ctx, (MgdFunc)f, args, arity, &out);
        if (st == MGD_BAD_ARG && combo == 0) {
          break; // wrong arity for this function
        }
        ++n_calls;
        CHECK(st == MGD_SUCCESS || st == MGD_FAILURE);
        if (st == MGD_SUCCESS) {
          CHECK(out.kind != MGD_TERM_NONE);
          CHECK(mgd_utf8_check(out.value.ptr, out.value.len) == out.value.len);
        }
      }
    }
    mgd_arena_reset(&arena);
  }
  mgd_func_ctx_clear(&ctx);
  mgd_arena_clear(&arena);
  CHECK(n_calls > 100000);
}

// Out of memory in the arena is a status, not a crash or an error value.
static void
test_out_of_memory(void)
{
  MgdArena small;
  mgd_arena_init(&small, 64);
  MgdFuncCtx ctx = {0};
  ctx.arena      = &small;
  char big[512];
  memset(big, 'a', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  const MgdTerm args[2] = {S(big), S(big)};
  MgdTerm       out;
  CHECK(mgd_func_call(&ctx, fn_named("CONCAT"), args, 2, &out) ==
        MGD_BAD_ALLOC);
  CHECK(mgd_func_call(&ctx, fn_named("UCASE"), args, 1, &out) ==
        MGD_BAD_ALLOC);
  const MgdTerm rargs[3] = {S(big), S("a"), S("b")};
  mgd_alloc_fail_after(0); // heap: the regex cache cannot be created
  CHECK(mgd_func_call(&ctx, fn_named("REPLACE"), rargs, 3, &out) ==
        MGD_BAD_ALLOC);
  mgd_alloc_fail_after(-1);
  mgd_func_ctx_clear(&ctx);
  mgd_arena_clear(&small);
}

static void
test_ctx_clear_null(void)
{
  mgd_func_ctx_clear(NULL);
  MgdFuncCtx ctx = {0};
  mgd_func_ctx_clear(&ctx);
  CHECK(ctx.private_ == NULL);
}

// Date/time arithmetic and durations (XPath F&O 2.0 §10, as Oxigraph does)
static void
test_durations(void)
{
  call(MGD_FN_SUB, 2, T("2020-03-01T00:00:00Z", "dateTime"),
       T("2020-01-01T12:00:00Z", "dateTime"));
  CHECK(is("P59DT12H", "dayTimeDuration"));
  call(MGD_FN_SUB, 2, T("2020-01-01", "date"), T("2020-03-01", "date"));
  CHECK(is("-P60D", "dayTimeDuration"));
  call(MGD_FN_ADD, 2, T("2020-01-31T10:00:00+02:00", "dateTime"),
       T("P1M", "yearMonthDuration"));
  CHECK(is("2020-02-29T10:00:00+02:00", "dateTime")); // clamped
  call(MGD_FN_SUB, 2, T("2020-01-01T00:00:00Z", "dateTime"),
       T("PT1.5S", "dayTimeDuration"));
  CHECK(is("2019-12-31T23:59:58.5Z", "dateTime"));
  call(MGD_FN_ADD, 2, T("P10D", "dayTimeDuration"), T("2021-06-15Z", "date"));
  CHECK(is("2021-06-25Z", "date"));
  call(MGD_FN_ADD, 2, T("PT1H", "dayTimeDuration"), T("PT30M", "dayTimeDuration"));
  CHECK(is("PT1H30M", "dayTimeDuration"));
  call(MGD_FN_SUB, 2, T("P1D", "dayTimeDuration"), T("PT24H", "dayTimeDuration"));
  CHECK(is("PT0S", "dayTimeDuration"));
  call(MGD_FN_SUB, 2, T("P1Y", "yearMonthDuration"), T("P14M", "yearMonthDuration"));
  CHECK(is("-P2M", "yearMonthDuration"));
  call(MGD_FN_ADD, 2, T("PT1H", "dayTimeDuration"), T("P1M", "yearMonthDuration"));
  CHECK(is("P1MT1H", "duration"));
  call(MGD_FN_EQ, 2, T("PT24H", "dayTimeDuration"), T("P1D", "dayTimeDuration"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("PT60S", "dayTimeDuration"), T("PT2M", "dayTimeDuration"));
  CHECK(is_true());
  call(MGD_FN_GT, 2, T("P1Y2M", "duration"), T("PT24H", "dayTimeDuration"));
  CHECK(is_true());
  call(MGD_FN_LT, 2, T("P1M", "duration"), T("P30D", "duration"));
  CHECK(is_false()); // indeterminate: neither
  call(MGD_FN_ADD, 2, T("2020-01-01", "date"), INT("1"));
  CHECK(is_err());
  call(MGD_FN_ADD, 2, T("PT", "dayTimeDuration"), T("PT1H", "dayTimeDuration"));
  CHECK(is_err()); // "PT" has no part
  call(MGD_FN_ADD, 2, T("P1M", "dayTimeDuration"), T("PT1H", "dayTimeDuration"));
  CHECK(is_err()); // months in a dayTimeDuration
}

int
main(void)
{
  mgd_arena_init(&g_arena, 0);
  g_ctx.arena = &g_arena;
  RUN(test_lookup);
  RUN(test_decimal_core);
  RUN(test_arith_integer);
  RUN(test_arith_promotion);
  RUN(test_arith_overflow);
  RUN(test_arith_division);
  RUN(test_arith_errors);
  RUN(test_unary);
  RUN(test_numeric_functions);
  RUN(test_compare_numeric);
  RUN(test_compare_strings_and_terms);
  RUN(test_compare_unknown_types);
  RUN(test_compare_datetime);
  RUN(test_compare_date);
  RUN(test_ebv);
  RUN(test_order);
  RUN(test_term_functions);
  RUN(test_iri);
  RUN(test_uuid);
  RUN(test_strlen_substr);
  RUN(test_case);
  RUN(test_starts_ends_contains);
  RUN(test_before_after);
  RUN(test_encode_concat_langmatches);
  RUN(test_regex);
  RUN(test_replace);
  RUN(test_hashes);
  RUN(test_datetime_accessors);
  RUN(test_now);
  RUN(test_casts);
  RUN(test_durations);
  RUN(test_double_format);
  RUN(test_all_functions_total);
  RUN(test_out_of_memory);
  RUN(test_ctx_clear_null);
  mgd_func_ctx_clear(&g_ctx);
  mgd_arena_clear(&g_arena);
  return TEST_SUMMARY();
}
