// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// SPARQL 1.1 built-in functions and operators on RDF terms (Query §17).
///
/// The evaluator materialises argument terms and calls mgd_func_call(); this
/// module knows nothing of ids, rows or the store. It covers the operators
/// (arithmetic with type promotion, xsd:integer as 64-bit overflowing to
/// xsd:decimal, exact decimals, comparisons), every §17.4 function that is
/// a pure function of its argument values (string functions on code points,
/// REGEX/REPLACE with flags via PCRE2, hashes, numeric and date/time
/// functions, casts, IRI/STRDT/STRLANG/UUID/STRUUID, langMatches, sameTerm,
/// isIRI/isBlank/isLiteral/isNumeric, DATATYPE, LANG, STR), and the helpers
/// the evaluator needs for FILTER, ORDER BY and aggregates.
///
/// Special forms are NOT here, because they need rows or short-circuiting:
/// `||`, `&&`, BOUND, IF, COALESCE, IN/NOT IN (the evaluator uses MGD_FN_EQ),
/// EXISTS/NOT EXISTS, BNODE, and the aggregates themselves.
///
/// Errors: a SPARQL expression error (type error, bad argument) is
/// MGD_FAILURE, not an error status; statuses above MGD_FAILURE (out of
/// memory) are real errors. Result strings are allocated from ctx->arena.

#ifndef MGD_SPARQL_FUNC_H
#define MGD_SPARQL_FUNC_H

#include "base/arena.h"
#include "rdf/term.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  MGD_FN_NONE = 0,
  // Operators (§17.3)
  MGD_FN_EQ, MGD_FN_NE, MGD_FN_LT, MGD_FN_GT, MGD_FN_LE, MGD_FN_GE,
  MGD_FN_ADD, MGD_FN_SUB, MGD_FN_MUL, MGD_FN_DIV,
  MGD_FN_NEG, MGD_FN_PLUS, MGD_FN_NOT,
  // Functions on RDF terms (§17.4.2)
  MGD_FN_ISIRI, MGD_FN_ISBLANK, MGD_FN_ISLITERAL, MGD_FN_ISNUMERIC,
  MGD_FN_STR, MGD_FN_LANG, MGD_FN_DATATYPE, MGD_FN_IRI, MGD_FN_STRDT,
  MGD_FN_STRLANG, MGD_FN_UUID, MGD_FN_STRUUID, MGD_FN_SAMETERM,
  // Strings (§17.4.3)
  MGD_FN_STRLEN, MGD_FN_SUBSTR, MGD_FN_UCASE, MGD_FN_LCASE, MGD_FN_STRSTARTS,
  MGD_FN_STRENDS, MGD_FN_CONTAINS, MGD_FN_STRBEFORE, MGD_FN_STRAFTER,
  MGD_FN_ENCODE_FOR_URI, MGD_FN_CONCAT, MGD_FN_LANGMATCHES, MGD_FN_REGEX,
  MGD_FN_REPLACE,
  // Numerics (§17.4.4)
  MGD_FN_ABS, MGD_FN_ROUND, MGD_FN_CEIL, MGD_FN_FLOOR, MGD_FN_RAND,
  // Dates and times (§17.4.5)
  MGD_FN_NOW, MGD_FN_YEAR, MGD_FN_MONTH, MGD_FN_DAY, MGD_FN_HOURS,
  MGD_FN_MINUTES, MGD_FN_SECONDS, MGD_FN_TIMEZONE, MGD_FN_TZ,
  // Hashes (§17.4.6)
  MGD_FN_MD5, MGD_FN_SHA1, MGD_FN_SHA256, MGD_FN_SHA384, MGD_FN_SHA512,
  // XPath constructor casts (§17.5)
  MGD_FN_CAST_STRING, MGD_FN_CAST_INTEGER, MGD_FN_CAST_DECIMAL,
  MGD_FN_CAST_DOUBLE, MGD_FN_CAST_FLOAT, MGD_FN_CAST_BOOLEAN,
  MGD_FN_CAST_DATETIME, MGD_FN_CAST_DATE,
  MGD_FN_COUNT_ ///< Number of values (not a function)
} MgdFunc;

/// Per-query context. Zero-initialise, set arena, base and now_us.
typedef struct {
  MgdArena* arena;   ///< Result strings are allocated here
  MgdStr    base;    ///< Base IRI for IRI()/URI() of relative strings
  int64_t   now_us;  ///< NOW(): one instant per query, µs since 1970 UTC
  void*     private_; ///< Owned by this module (regex cache); see clear
} MgdFuncCtx;

/// Release what `ctx` caches (NULL is fine). Does not free the arena.
void
mgd_func_ctx_clear(MgdFuncCtx* ctx);

/// Find a function by its SPARQL keyword (case-insensitive, e.g. "STRLEN",
/// "URI" = IRI) or by IRI (casts: "http://www.w3.org/2001/XMLSchema#integer").
/// Sets the id and its arity bounds (max_args UINT32_MAX for CONCAT).
/// MGD_FAILURE if unknown (then the parser reports it, or the evaluator
/// treats an unknown IRI function call as an error value).
MgdStatus
mgd_func_lookup(MgdStr name, MgdFunc* fn, unsigned* min_args,
                unsigned* max_args);

/// Apply `fn` to `n_args` bound argument terms. MGD_SUCCESS with `*out`
/// (strings in ctx->arena or borrowed from the arguments), MGD_FAILURE for
/// a SPARQL error value, or an error status.
MgdStatus
mgd_func_call(MgdFuncCtx* ctx, MgdFunc fn, const MgdTerm* args,
              size_t n_args, MgdTerm* out);

/// Effective boolean value (§17.2.2): MGD_SUCCESS with `*value`, or
/// MGD_FAILURE when the EBV is an error.
MgdStatus
mgd_term_ebv(const MgdTerm* term, bool* value);

/// Value comparison for `<` and MIN/MAX (§17.3 operator mapping): sets
/// `*cmp` to -1, 0 or 1; MGD_FAILURE if the terms are not comparable.
MgdStatus
mgd_term_compare(const MgdTerm* a, const MgdTerm* b, int* cmp);

/// ORDER BY order (§15.1): a total order over all terms and unbound
/// (MGD_TERM_NONE first, then blank nodes, IRIs, literals; literals by
/// family: numbers, dates, dateTimes, booleans, others, strings with
/// language strings; within one by value where comparable, equal values
/// tying, else by text, datatype IRI, then language). Returns <0, 0, >0.
int
mgd_term_order_cmp(const MgdTerm* a, const MgdTerm* b);

/// True if `term` is a literal of a numeric XSD type (integer and its
/// derived types, decimal, float, double) with a valid lexical form.
bool
mgd_term_is_numeric(const MgdTerm* term);

#endif // MGD_SPARQL_FUNC_H
