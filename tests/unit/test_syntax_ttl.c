// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the N-Triples/N-Quads/Turtle/TriG reader (syntax/ttl_read.h).

#include "test.h"

#include "base/alloc.h"
#include "base/str.h"
#include "rdf/term.h"
#include "syntax/ttl_read.h"

#include <dirent.h>
#include <stdbool.h>
#include <string.h>

/// What one parse produced: quads as N-Quads text and the first diagnostic.
typedef struct {
  MgdBuf    nq;       ///< Quads, one N-Quads line each
  MgdStatus status;   ///< Returned status
  MgdStatus d_status; ///< First diagnostic's status (0 if none)
  unsigned  line;     ///< First diagnostic's line
  unsigned  col;      ///< First diagnostic's column
  char      msg[400]; ///< First diagnostic's message
  size_t    n_quads;  ///< Reader's count
  int       n_diags;  ///< Diagnostics received
  bool      bad_term; ///< A delivered term failed mgd_term_check()
} Result;

static MgdStatus
on_quad(void* const handle, const MgdQuad* const q)
{
  Result* const        res     = (Result*)handle;
  const MgdTerm* const t[4]    = {&q->s, &q->p, &q->o, &q->g};
  char                 why[320];
  for (int i = 0; i < 4; ++i) {
    if (mgd_term_check(t[i], NULL, why, sizeof(why))) {
      res->bad_term = true;
    }
  }
  return mgd_quad_write_nq(&res->nq, q);
}

static void
on_diag(void* const handle, const MgdDiag* const d)
{
  Result* const res = (Result*)handle;
  if (!res->n_diags++) {
    res->d_status = d->status;
    res->line     = d->line;
    res->col      = d->col;
    snprintf(res->msg, sizeof(res->msg), "%s", d->message);
  }
}

/// Parse `text` fed in chunks of `chunk` bytes (0: whole).
static void
parse_opts(const MgdFormat format, const char* const text, const size_t n,
           const size_t chunk, const MgdLimits* const limits,
           const char* const base, Result* const res)
{
  memset(res, 0, sizeof(*res));
  mgd_buf_init(&res->nq);
  const MgdDiagSink diag = {on_diag, res};
  MgdReadOptions    opts;
  memset(&opts, 0, sizeof(opts));
  opts.format      = format;
  opts.diag        = &diag;
  opts.limits      = limits;
  opts.base        = base ? base : "http://example.org/base/doc";
  opts.source_name = "test";
  const MgdSink sink = {res, NULL, NULL, on_quad, NULL};
  MgdTtlReader* r    = NULL;
  MgdStatus     st   = mgd_ttl_reader_new(&opts, &sink, &r);
  for (size_t i = 0U; !st && i < n; i += chunk ? chunk : n) {
    const size_t k = chunk && n - i > chunk ? chunk : n - i;
    st             = mgd_ttl_reader_feed(r, text + i, k);
  }
  if (!st) {
    st = mgd_ttl_reader_finish(r);
  }
  res->status  = st;
  res->n_quads = r ? mgd_ttl_reader_count(r) : 0U;
  mgd_ttl_reader_free(r);
}

static void
parse(const MgdFormat format, const char* const text, const size_t chunk,
      Result* const res)
{
  parse_opts(format, text, strlen(text), chunk, NULL, NULL, res);
}

static bool
same_result(const Result* const a, const Result* const b)
{
  return a->status == b->status && a->d_status == b->d_status &&
         a->line == b->line && a->col == b->col && !strcmp(a->msg, b->msg) &&
         a->n_quads == b->n_quads && a->nq.len == b->nq.len &&
         (!a->nq.len || !memcmp(a->nq.data, b->nq.data, a->nq.len));
}

/// Parse and compare the N-Quads output with `expected`.
static bool
parses_to(const MgdFormat format, const char* const text,
          const char* const expected)
{
  Result res;
  parse(format, text, 0U, &res);
  const bool ok = !res.status && res.nq.data && !strcmp(res.nq.data, expected);
  if (!ok) {
    fprintf(stderr, "input:    %s\nexpected: %sgot:      %s\ndiag: %u:%u %s\n",
            text, expected, res.nq.data ? res.nq.data : "(none)\n", res.line,
            res.col, res.msg);
  }
  mgd_buf_clear(&res.nq);
  return ok;
}

/// Parse and check the first error's status, line and column and that its
/// message contains `needle`.
static bool
fails_at(const MgdFormat format, const char* const text, const MgdStatus st,
         const unsigned line, const unsigned col, const char* const needle)
{
  Result res;
  parse(format, text, 0U, &res);
  const bool ok = res.status == st && res.d_status == st && res.line == line &&
                  res.col == col && res.n_diags == 1 &&
                  strstr(res.msg, needle) != NULL;
  if (!ok) {
    fprintf(stderr, "input: %s\nwant %d at %u:%u (%s), got %d at %u:%u: %s\n",
            text, st, line, col, needle, res.status, res.line, res.col,
            res.msg);
  }
  mgd_buf_clear(&res.nq);
  return ok;
}

#define E "<http://e.org/"
#define XSD "<http://www.w3.org/2001/XMLSchema#"
#define RDF "<http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static void
test_ntriples(void)
{
  CHECK(parses_to(MGD_FORMAT_NTRIPLES,
                  "# comment\n" E "s> " E "p> " E "o> .\r\n\n"
                  "_:b1\t" E "p> \"a\\tb\\u00E9\\U0001F600\"@en-GB . # c\n"
                  E "s> " E "p> \"1\"^^" XSD "integer>.",
                  E "s> " E "p> " E "o> .\n"
                  "_:b1 " E "p> \"a\\u0009b\xC3\xA9\xF0\x9F\x98\x80\"@en-GB .\n"
                  E "s> " E "p> \"1\"^^" XSD "integer> .\n"));
  CHECK(parses_to(MGD_FORMAT_NQUADS,
                  E "s> " E "p> " E "o> " E "g> .\n"
                  E "s> " E "p> " E "o> _:g .\n" E "s> " E "p> " E "o> .\n",
                  E "s> " E "p> " E "o> " E "g> .\n"
                  E "s> " E "p> " E "o> _:g .\n" E "s> " E "p> " E "o> .\n"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, "\xEF\xBB\xBF<http://s> <http://p> ?",
                 MGD_BAD_SYNTAX, 1U, 23U, "expected an object"));
  // IRIREF escapes and a blank label with dots inside.
  CHECK(parses_to(MGD_FORMAT_NTRIPLES,
                  "_:a.b " E "p\\u0041> _:c .\n",
                  "_:a.b " E "pA> _:c .\n"));
}

static void
test_ntriples_strict(void)
{
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> " E "o>\n",
                 MGD_BAD_SYNTAX, 1U, 51U, "expected '.'"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> " E "o> . " E "x> .\n",
                 MGD_BAD_SYNTAX, 1U, 54U, "end of the line"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, "<a> " E "p> " E "o> .\n",
                 MGD_BAD_DATA, 1U, 1U, "not absolute"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> 12 .\n", MGD_BAD_SYNTAX,
                 1U, 35U, "expected an object"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES,
                 "@prefix e: <http://e.org/> .\n", MGD_BAD_SYNTAX, 1U, 1U,
                 "expected a subject"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> \"\"\"x\"\"\" .\n",
                 MGD_BAD_SYNTAX, 1U, 37U, "expected '.'"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> _::a .\n",
                 MGD_BAD_SYNTAX, 1U, 37U, "blank node label"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> " E "o> " E "g> .\n",
                 MGD_BAD_SYNTAX, 1U, 52U, "expected '.'"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> \"x\"@en- .\n",
                 MGD_BAD_SYNTAX, 1U, 42U, "language tag"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> \"\xff\" .\n",
                 MGD_BAD_DATA, 1U, 35U, "UTF-8"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> " E "a b> .\n",
                 MGD_BAD_SYNTAX, 1U, 50U, "IRI"));
  // fuzz_ttl: DEL is allowed by IRIREF but not by mgd_term_check().
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s\x7F> " E "p> " E "o> .\n",
                 MGD_BAD_DATA, 1U, 1U, "invalid IRI"));
  CHECK(fails_at(MGD_FORMAT_NTRIPLES, E "s> " E "p> " E "\\u0020> .\n",
                 MGD_BAD_DATA, 1U, 35U, "invalid IRI"));
}

static void
test_turtle(void)
{
  CHECK(parses_to(
    MGD_FORMAT_TURTLE,
    "@prefix e: <http://e.org/> .\nPrefix x: <http://x.org/>\n"
    "e:s a e:C ; e:p 1, -2.5, 1e3, .5E-1, true, false ;; e:q 'y'@de .\n"
    "e:s e:r \"\"\"a\n\"b\"\"\" , '''c''' ; .\n",
    E "s> " RDF "type> " E "C> .\n"
    E "s> " E "p> \"1\"^^" XSD "integer> .\n"
    E "s> " E "p> \"-2.5\"^^" XSD "decimal> .\n"
    E "s> " E "p> \"1e3\"^^" XSD "double> .\n"
    E "s> " E "p> \".5E-1\"^^" XSD "double> .\n"
    E "s> " E "p> \"true\"^^" XSD "boolean> .\n"
    E "s> " E "p> \"false\"^^" XSD "boolean> .\n"
    E "s> " E "q> \"y\"@de .\n"
    E "s> " E "r> \"a\\n\\\"b\" .\n"
    E "s> " E "r> \"c\" .\n"));
  // Local names: escapes, %-encoding, dots inside, leading digits, colons.
  CHECK(parses_to(MGD_FORMAT_TURTLE,
                  "@prefix e.x: <http://e.org/> . @prefix : <http://e.org/> .\n"
                  "e.x:a\\~b :1.c%20 :d:e.\n",
                  E "a~b> " E "1.c%20> " E "d:e> .\n"));
  // Collections and blank node property lists, nested.
  CHECK(parses_to(MGD_FORMAT_TURTLE,
                  "@prefix : <http://e.org/> .\n"
                  "( :a ( ) ) :p [ :q [] ] .\n[ :r 1 ] .\n",
                  "_:_b1 " RDF "first> " E "a> .\n"
                  "_:_b1 " RDF "rest> _:_b2 .\n"
                  "_:_b2 " RDF "first> " RDF "nil> .\n"
                  "_:_b2 " RDF "rest> " RDF "nil> .\n"
                  "_:_b1 " E "p> _:_b3 .\n"
                  "_:_b3 " E "q> _:_b4 .\n"
                  "_:_b5 " E "r> \"1\"^^" XSD "integer> .\n"));
  CHECK(parses_to(MGD_FORMAT_TURTLE, "[ # c\n ] <http://e.org/p> [\n] .\n",
                  "_:_b1 " E "p> _:_b2 .\n"));
  // Written labels that look like fresh ones are renamed.
  CHECK(parses_to(MGD_FORMAT_TURTLE, "_:_b1 <http://e.org/p> [] .\n",
                  "_:_b-_b1 " E "p> _:_b1 .\n"));
  // Statement end right after a number, a name and a boolean.
  CHECK(parses_to(MGD_FORMAT_TURTLE,
                  "@prefix : <http://e.org/> . :s :p 1. :s :p :o. :s :p true.",
                  E "s> " E "p> \"1\"^^" XSD "integer> .\n"
                  E "s> " E "p> " E "o> .\n"
                  E "s> " E "p> \"true\"^^" XSD "boolean> .\n"));
}

static void
test_trig(void)
{
  CHECK(parses_to(
    MGD_FORMAT_TRIG,
    "PREFIX : <http://e.org/>\n"
    "GRAPH :g { :s :p :o . :s :p :o2 }\n{ :s :p :d }\n:h { :a :b :c }\n"
    "_:x { :a :b :c . }\n[] { :a :b :c }\ngraph [] { :a :b :c }\n"
    ":s :p :o .\n",
    E "s> " E "p> " E "o> " E "g> .\n"
    E "s> " E "p> " E "o2> " E "g> .\n"
    E "s> " E "p> " E "d> .\n"
    E "a> " E "b> " E "c> " E "h> .\n"
    E "a> " E "b> " E "c> _:x .\n"
    E "a> " E "b> " E "c> _:_b1 .\n"
    E "a> " E "b> " E "c> _:_b2 .\n"
    E "s> " E "p> " E "o> .\n"));
  CHECK(fails_at(MGD_FORMAT_TRIG, "{ <http://e.org/s> <http://e.org/p> 1 \n",
                 MGD_BAD_SYNTAX, 2U, 1U, "'}'"));
  CHECK(fails_at(MGD_FORMAT_TRIG, "GRAPH { }", MGD_BAD_SYNTAX, 1U, 7U,
                 "graph name"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "GRAPH <http://e.org/g> { }",
                 MGD_BAD_SYNTAX, 1U, 6U, "expected ':'"));
}

/// Resolve `ref` against `base` through a Turtle document.
static bool
resolves_to(const char* const base, const char* const ref,
            const char* const expected)
{
  char   doc[512], want[512];
  Result res;
  snprintf(doc, sizeof(doc), "<http://s> <http://p> <%s> .", ref);
  snprintf(want, sizeof(want), "<http://s> <http://p> <%s> .\n", expected);
  parse_opts(MGD_FORMAT_TURTLE, doc, strlen(doc), 0U, NULL, base, &res);
  const bool ok = !res.status && res.nq.data && !strcmp(res.nq.data, want);
  if (!ok) {
    fprintf(stderr, "resolve %s against %s: want %s got %s", ref, base,
            expected, res.nq.data ? res.nq.data : "(error)\n");
  }
  mgd_buf_clear(&res.nq);
  return ok;
}

static void
test_iri_resolution(void)
{
  // RFC 3986 §5.4.1 and §5.4.2
  const char* const b        = "http://a/b/c/d;p?q";
  const char* const cases[] = {
    "g:h", "g:h", "g", "http://a/b/c/g", "./g", "http://a/b/c/g",
    "g/", "http://a/b/c/g/", "/g", "http://a/g", "//g", "http://g",
    "?y", "http://a/b/c/d;p?y", "g?y", "http://a/b/c/g?y",
    "#s", "http://a/b/c/d;p?q#s", "g#s", "http://a/b/c/g#s",
    ";x", "http://a/b/c/;x", "", "http://a/b/c/d;p?q", ".", "http://a/b/c/",
    "./", "http://a/b/c/", "..", "http://a/b/", "../", "http://a/b/",
    "../g", "http://a/b/g", "../..", "http://a/", "../../g", "http://a/g",
    "../../../g", "http://a/g", "/./g", "http://a/g", "/../g", "http://a/g",
    "g.", "http://a/b/c/g.", ".g", "http://a/b/c/.g", "g..",
    "http://a/b/c/g..", "./../g", "http://a/b/g", "./g/.",
    "http://a/b/c/g/", "g/./h", "http://a/b/c/g/h", "g/../h",
    "http://a/b/c/h", "g;x=1/./y", "http://a/b/c/g;x=1/y", "g;x=1/../y",
    "http://a/b/c/y", "g?y/./x", "http://a/b/c/g?y/./x", "g#s/../x",
    "http://a/b/c/g#s/../x", "http:g", "http:g"};
  for (size_t i = 0U; i < sizeof(cases) / sizeof(cases[0]); i += 2U) {
    CHECK(resolves_to(b, cases[i], cases[i + 1U]));
  }
  // Empty segments are kept (W3C IRI-resolution-08).
  CHECK(resolves_to("http://ab//de//ghi", "../xyz", "http://ab//de/xyz"));
  CHECK(resolves_to("http://a", "b", "http://a/b"));
  // @base itself resolves against the previous base.
  CHECK(parses_to(MGD_FORMAT_TURTLE,
                  "@base <http://a/b/> . BASE <c/> <d> <e> <../f> .",
                  "<http://a/b/c/d> <http://a/b/c/e> <http://a/b/f> .\n"));
}

static void
test_error_positions(void)
{
  CHECK(fails_at(MGD_FORMAT_TURTLE,
                 "@prefix e: <http://e.org/> .\ne:a e:b e:c ;\n e:d .\n",
                 MGD_BAD_SYNTAX, 3U, 6U, "expected an object"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://e.org/a{b}> <http://e.org/p> 1 .",
                 MGD_BAD_SYNTAX, 1U, 16U, "not allowed in an IRI"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "\n\n  x:a <http://e.org/p> 1 .",
                 MGD_BAD_DATA, 3U, 3U, "undefined prefix \"x:\""));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"\"\"a\nb\n",
                 MGD_BAD_SYNTAX, 1U, 23U, "unterminated long string"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"a\nb\" .",
                 MGD_BAD_SYNTAX, 1U, 25U, "line break"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"a\\qb\" .",
                 MGD_BAD_SYNTAX, 1U, 26U, "invalid escape"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"\\uD800\" .",
                 MGD_BAD_SYNTAX, 1U, 30U, "not a Unicode scalar value"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> <http://o>",
                 MGD_BAD_SYNTAX, 1U, 33U, "end of input"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> ( 1 2 .",
                 MGD_BAD_SYNTAX, 1U, 29U, "expected an object"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"x\"@1 .",
                 MGD_BAD_SYNTAX, 1U, 27U, "language tag"));
  CHECK(fails_at(MGD_FORMAT_TURTLE, "@prefix e: <http://e.org/>\n<a> e:b 1 .",
                 MGD_BAD_SYNTAX, 2U, 1U, "expected '.' after the directive"));
  // Column counts bytes: the 'é' before the error is two bytes.
  CHECK(fails_at(MGD_FORMAT_TURTLE, "<http://s> <http://p> \"\xC3\xA9\" ?",
                 MGD_BAD_SYNTAX, 1U, 28U, "expected '.'"));
}

static void
test_limits(void)
{
  MgdLimits lim      = mgd_limits_default();
  lim.max_term_bytes = 16U;
  lim.max_nesting    = 3U;
  Result     res;
  const char nt[] = "<http://e.org/s> <http://e.org/p> \"0123456789abcdefg\" .\n";
  parse_opts(MGD_FORMAT_NTRIPLES, nt, strlen(nt), 0U, &lim, NULL, &res);
  CHECK(res.status == MGD_BAD_LIMIT);
  CHECK(strstr(res.msg, "max_term_bytes") != NULL);
  mgd_buf_clear(&res.nq);
  lim.max_term_bytes = 1000U;
  const char ttl[]   = "<http://s> <http://p> [ <http://p> ( ( ( 1 ) ) ) ] .";
  parse_opts(MGD_FORMAT_TURTLE, ttl, strlen(ttl), 0U, &lim, NULL, &res);
  CHECK(res.status == MGD_BAD_LIMIT);
  CHECK(res.line == 1U && res.col == 40U);
  CHECK(strstr(res.msg, "max_nesting") != NULL);
  mgd_buf_clear(&res.nq);
  const char ok[] = "<http://s> <http://p> [ <http://p> ( ( 1 ) ) ] .";
  parse_opts(MGD_FORMAT_TURTLE, ok, strlen(ok), 0U, &lim, NULL, &res);
  CHECK(res.status == MGD_SUCCESS && res.n_quads == 6U);
  mgd_buf_clear(&res.nq);
  // A line that never ends is refused without holding it all.
  lim.max_term_bytes = 64U;
  MgdBuf big;
  mgd_buf_init(&big);
  CHECK(!mgd_buf_appendc(&big, "<http://e.org/s> <http://e.org/p> \""));
  for (int i = 0; i < 20000; ++i) {
    CHECK(!mgd_buf_putc(&big, 'x'));
  }
  parse_opts(MGD_FORMAT_NTRIPLES, big.data, big.len, 4096U, &lim, NULL, &res);
  CHECK(res.status == MGD_BAD_LIMIT);
  CHECK(strstr(res.msg, "max_term_bytes") != NULL);
  mgd_buf_clear(&res.nq);
  // A long object list is not held whole (it resumes after each object),
  // but one long term still is.
  mgd_buf_reset(&big);
  CHECK(!mgd_buf_appendc(&big, "@prefix : <http://e.org/> . :s :p :o0"));
  for (int i = 1; i < 20000; ++i) {
    CHECK(!mgd_buf_printf(&big, i % 100 ? ", :object%d" : " ;\n :p :object%d", i));
  }
  CHECK(!mgd_buf_appendc(&big, " .\n"));
  CHECK(big.len > 2U * (16U * 64U + 65536U));
  parse_opts(MGD_FORMAT_TURTLE, big.data, big.len, 4096U, &lim, NULL, &res);
  CHECK(res.status == MGD_SUCCESS && res.n_quads == 20000U);
  mgd_buf_clear(&res.nq);
  mgd_buf_clear(&big);
}

static const char* const k_docs[] = {
  "@prefix e: <http://e.org/> .\n# c\ne:s e:p \"\"\"long\n\"\"\"@en, 1.5e3 ;\n"
  " e:q ( 1 [ e:r e:t ] ) .\n@base <http://b/x/> . <../y> a <z> .\n",
  "PREFIX : <http://e.org/>\nGRAPH :g { :a :b :c . [] :d :e }\n{ :x :y 'z' }",
  "<http://s> <http://p> \"\\u00e9\\U0001F600 \\\"q\\\"\" .\n_:x <http://p> _:y .",
  "@prefix : <http://e.org/> .\n:a :b :c ;\n :d .\n",
  "<http://s> <http://p> \"unterminated\n",
  "@prefix : <http://e.org/> .\n:a :b ( 1 2 ",
  "{ <http://a> <http://b> <http://c> ",
  "<http://s> <http://p> 12",
  "<http://s> <http://p> 12.",
  "<http://s> <http://p> true",
  "@prefix a.b: <http://e.org/> . a.b:c a.b:d. a.b:e.",
  "\xEF\xBB\xBF<http://s> <http://p> <http://o> .\n<http://s> ?",
  "@prefix : <http://e.org/> . :s :p :a, [ :q 1, 2 ], (3), :b ; :r 4 ;;"
  " :t :c, :d .\n{ :s :p :o, :o2 ; :q :o3 } :g { :a :b :c, :d }",
  "@prefix : <http://e.org/> . :s :p :a, :b",
  "[ # c\n ] <http://p> [ #\n\t] , [ <http://q> 1 ] .",
  "@prefix : <http://e.org/> . :s :p :a, :b ; :c 'x' ?",
};

static void
test_chunk_invariance(void)
{
  const MgdFormat formats[] = {MGD_FORMAT_TURTLE, MGD_FORMAT_TRIG,
                               MGD_FORMAT_NTRIPLES};
  for (size_t d = 0U; d < sizeof(k_docs) / sizeof(k_docs[0]); ++d) {
    for (size_t f = 0U; f < 3U; ++f) {
      Result whole;
      parse(formats[f], k_docs[d], 0U, &whole);
      for (size_t chunk = 1U; chunk < 9U; chunk += 3U) {
        Result part;
        parse(formats[f], k_docs[d], chunk, &part);
        const bool same = same_result(&whole, &part);
        CHECK(same);
        if (!same) {
          fprintf(stderr, "doc %zu format %zu chunk %zu: %u:%u %s vs %u:%u %s\n",
                  d, f, chunk, whole.line, whole.col, whole.msg, part.line,
                  part.col, part.msg);
        }
        mgd_buf_clear(&part.nq);
      }
      mgd_buf_clear(&whole.nq);
    }
  }
}

static MgdFormat
format_of(const char* const name)
{
  const char* const dot = strrchr(name, '.');
  if (!dot) {
    return MGD_FORMAT_UNKNOWN;
  }
  return !strcmp(dot, ".nt")     ? MGD_FORMAT_NTRIPLES
         : !strcmp(dot, ".nq")   ? MGD_FORMAT_NQUADS
         : !strcmp(dot, ".ttl")  ? MGD_FORMAT_TURTLE
         : !strcmp(dot, ".trig") ? MGD_FORMAT_TRIG
                                 : MGD_FORMAT_UNKNOWN;
}

// Every W3C test file, fed one byte at a time and in 5-byte chunks, gives
// the same quads and the same first error as fed whole.
static void
test_chunk_invariance_w3c(void)
{
  const char* const env = getenv("MUGDAT_TESTDATA");
  char              root[1024];
  snprintf(root, sizeof(root), "%s/conformance/rdf-syntax",
           env ? env : "../../shared");
  const char* const suites[] = {"rdf-n-triples", "rdf-n-quads", "rdf-turtle",
                                "rdf-trig"};
  size_t            n_files  = 0U;
  for (size_t s = 0U; s < 4U; ++s) {
    char dir[1200];
    snprintf(dir, sizeof(dir), "%s/%s", root, suites[s]);
    DIR* const d = opendir(dir);
    if (!d) {
      continue;
    }
    for (struct dirent* e = readdir(d); e; e = readdir(d)) {
      const MgdFormat f = format_of(e->d_name);
      if (f == MGD_FORMAT_UNKNOWN || !strncmp(e->d_name, "manifest", 8U)) {
        continue;
      }
      char path[1500];
      snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
      FILE* const fp = fopen(path, "rb");
      if (!fp) {
        continue;
      }
      char         text[65536];
      const size_t n = fread(text, 1U, sizeof(text), fp);
      fclose(fp);
      Result whole, one, five;
      parse_opts(f, text, n, 0U, NULL, NULL, &whole);
      parse_opts(f, text, n, 1U, NULL, NULL, &one);
      parse_opts(f, text, n, 5U, NULL, NULL, &five);
      const bool same = same_result(&whole, &one) && same_result(&whole, &five);
      CHECK(same);
      CHECK(!whole.bad_term);
      if (!same) {
        fprintf(stderr, "%s: chunked parse differs (%u:%u %s / %u:%u %s)\n",
                path, whole.line, whole.col, whole.msg, one.line, one.col,
                one.msg);
      }
      mgd_buf_clear(&whole.nq);
      mgd_buf_clear(&one.nq);
      mgd_buf_clear(&five.nq);
      ++n_files;
    }
    closedir(d);
  }
  if (!n_files) {
    fprintf(stderr, "note: no W3C files under %s\n", root);
  }
}

typedef struct {
  MgdBuf nq;
} Collect;

static MgdStatus
collect_quad(void* const handle, const MgdQuad* const q)
{
  return mgd_quad_write_nq(&((Collect*)handle)->nq, q);
}

static void
test_parallel_ranges(void)
{
  MgdBuf doc;
  mgd_buf_init(&doc);
  for (int i = 0; i < 1000; ++i) {
    CHECK(!mgd_buf_printf(&doc, "<http://e.org/s%d> <http://e.org/p> \"%d\" .\n",
                          i, i));
  }
  unsigned     line = 0U;
  const size_t off  = mgd_nq_split(doc.data, doc.len, doc.len / 2U, &line);
  CHECK(off > 0U && off < doc.len && doc.data[off - 1U] == '\n');
  unsigned n_lines = 1U;
  for (size_t i = 0U; i < off; ++i) {
    n_lines += doc.data[i] == '\n';
  }
  CHECK(line == n_lines && line > 400U && line < 600U);
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.format = MGD_FORMAT_NTRIPLES;
  Collect       a = {{0}}, b = {{0}};
  const MgdSink sa = {&a, NULL, NULL, collect_quad, NULL};
  const MgdSink sb = {&b, NULL, NULL, collect_quad, NULL};
  size_t        na = 0U, nb = 0U;
  CHECK(!mgd_nq_read_range(doc.data, off, 1U, &opts, &sa, &na));
  CHECK(!mgd_nq_read_range(doc.data + off, doc.len - off, line, &opts, &sb,
                           &nb));
  CHECK(na + nb == 1000U);
  CHECK(a.nq.len + b.nq.len == doc.len);
  CHECK(!memcmp(a.nq.data, doc.data, a.nq.len));
  CHECK(!memcmp(b.nq.data, doc.data + off, b.nq.len));
  // An error in the second part is reported with its document line.
  doc.data[doc.len - 2U] = ',';
  size_t last = doc.len - 2U;
  while (doc.data[last - 1U] != '\n') {
    --last;
  }
  Result            res;
  const MgdDiagSink diag = {on_diag, &res};
  memset(&res, 0, sizeof(res));
  opts.diag = &diag;
  CHECK(mgd_nq_read_range(doc.data + off, doc.len - off, line, &opts, &sb,
                          NULL) == MGD_BAD_SYNTAX);
  CHECK(res.line == 1000U && res.col == doc.len - 2U - last + 1U);
  CHECK(mgd_nq_split(doc.data, doc.len, doc.len, NULL) == doc.len);
  opts.format = MGD_FORMAT_TURTLE;
  CHECK(mgd_nq_read_range(doc.data, off, 1U, &opts, &sa, NULL) ==
        MGD_BAD_ARG);
  mgd_buf_clear(&a.nq);
  mgd_buf_clear(&b.nq);
  mgd_buf_clear(&doc);
}

typedef struct {
  int    n_quads;   ///< Quads seen
  int    fail_at;   ///< Refuse the quad with this number (1-based)
  MgdBuf prefixes;  ///< "name=iri\n" per on_prefix
} Picky;

static MgdStatus
picky_quad(void* const handle, const MgdQuad* const q)
{
  Picky* const p = (Picky*)handle;
  (void)q;
  return ++p->n_quads == p->fail_at ? MGD_BAD_FULL : MGD_SUCCESS;
}

static MgdStatus
picky_prefix(void* const handle, const MgdStr name, const MgdStr iri)
{
  Picky* const p = (Picky*)handle;
  return mgd_buf_printf(&p->prefixes, "%.*s=%.*s\n", (int)name.len, name.ptr,
                        (int)iri.len, iri.ptr);
}

// on_prefix sees each declaration (resolved); a sink error stops the read
// with the sink's status and a diagnostic at the statement.
static void
test_sink_callbacks(void)
{
  const char doc[] = "@base <http://b/> .\n@prefix e: <e/> . PREFIX : <x#>\n"
                     "e:a e:b e:c .\ne:a e:b e:d .\ne:a e:b e:e .\n";
  Picky      p     = {0, 2, {0}};
  Result     res;
  memset(&res, 0, sizeof(res));
  const MgdDiagSink diag = {on_diag, &res};
  MgdReadOptions    opts;
  memset(&opts, 0, sizeof(opts));
  opts.format        = MGD_FORMAT_TURTLE;
  opts.diag          = &diag;
  const MgdSink sink = {&p, NULL, picky_prefix, picky_quad, NULL};
  MgdTtlReader* r    = NULL;
  CHECK(!mgd_ttl_reader_new(&opts, &sink, &r));
  CHECK(mgd_ttl_reader_feed(r, doc, sizeof(doc) - 1U) == MGD_BAD_FULL);
  CHECK(mgd_ttl_reader_finish(r) == MGD_BAD_FULL);
  CHECK(mgd_ttl_reader_count(r) == 1U);
  CHECK(p.n_quads == 2);
  CHECK(res.n_diags == 1 && res.line == 4U);
  CHECK(strstr(res.msg, "cannot store quad") != NULL);
  CHECK(p.prefixes.data &&
        !strcmp(p.prefixes.data, "e=http://b/e/\n=http://b/x#\n"));
  mgd_ttl_reader_free(r);
  mgd_buf_clear(&p.prefixes);
}

static void
test_free_null(void)
{
  mgd_ttl_reader_free(NULL);
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.format        = MGD_FORMAT_RDFXML;
  MgdTtlReader* r    = (MgdTtlReader*)&opts;
  const MgdSink sink = {NULL, NULL, NULL, collect_quad, NULL};
  CHECK(mgd_ttl_reader_new(&opts, &sink, &r) == MGD_BAD_ARG);
  CHECK(r == NULL);
}

// Fail each allocation of a parse in turn: MGD_BAD_ALLOC, no crash, no
// leak (checked under ASan).
static void
test_alloc_failure(void)
{
  const char* const doc =
    "@prefix : <http://e.org/> .\n:a :b ( 1 2 ) ; :c \"x\\ty\", [ :d :e ] .\n"
    "@base <http://x/y/> . <../z> :p <q> .\n";
  Result res;
  mgd_alloc_fail_after(-1);
  const unsigned long before = mgd_alloc_count();
  parse(MGD_FORMAT_TURTLE, doc, 7U, &res);
  const unsigned long n_allocs = mgd_alloc_count() - before;
  CHECK(res.status == MGD_SUCCESS);
  mgd_buf_clear(&res.nq);
  CHECK(n_allocs > 3U);
  for (unsigned long i = 0U; i < n_allocs; ++i) {
    mgd_alloc_fail_after((long)i);
    parse(MGD_FORMAT_TURTLE, doc, 7U, &res);
    mgd_alloc_fail_after(-1);
    // The collecting sink allocates too: either may fail first.
    CHECK(res.status == MGD_BAD_ALLOC || res.status == MGD_SUCCESS);
    mgd_buf_clear(&res.nq);
  }
}

int
main(void)
{
  RUN(test_ntriples);
  RUN(test_ntriples_strict);
  RUN(test_turtle);
  RUN(test_trig);
  RUN(test_iri_resolution);
  RUN(test_error_positions);
  RUN(test_limits);
  RUN(test_chunk_invariance);
  RUN(test_chunk_invariance_w3c);
  RUN(test_parallel_ranges);
  RUN(test_sink_callbacks);
  RUN(test_free_null);
  RUN(test_alloc_failure);
  return TEST_SUMMARY();
}
