// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the SPARQL result writers and readers (src/syntax/results.h).

#include "syntax/results.h"

#include "base/alloc.h"
#include "test.h"

#include <string.h>

// ---------------------------------------------------------------------------
// Helpers

typedef struct {
  MgdBuf   out;
  unsigned n_calls;
  unsigned fail_at; ///< Fail the call with this number (1-based), 0 never
} Capture;

static MgdStatus
capture_write(void* const handle, const char* const bytes, const size_t n)
{
  Capture* const c = handle;
  if (++c->n_calls == c->fail_at) {
    return MGD_BAD_IO;
  }
  return mgd_buf_append(&c->out, bytes, n);
}

typedef struct {
  MgdStatus status;
  unsigned  line;
  unsigned  col;
  char      path[128];
  char      message[256];
  unsigned  n_reports;
} DiagRecord;

static void
record_diag(void* const handle, const MgdDiag* const d)
{
  DiagRecord* const r = handle;
  r->status           = d->status;
  r->line             = d->line;
  r->col              = d->col;
  snprintf(r->path, sizeof(r->path), "%s", d->path ? d->path : "");
  snprintf(r->message, sizeof(r->message), "%s", d->message);
  ++r->n_reports;
}

static MgdTerm
S(const char* lex)
{
  return mgd_term_literal(mgd_str(lex), mgd_str(""), mgd_str(""));
}

static MgdTerm
TL(const char* lex, const char* dt)
{
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
B(const char* label)
{
  return mgd_term_blank(mgd_str(label));
}

// Writes a SELECT result of `n_rows` rows of `n_vars` terms; returns the
// document (owned by the caller's Capture).
static MgdStatus
write_table(const MgdResultsFormat fmt, const char* const* const names,
            const size_t n_vars, const MgdTerm* const rows,
            const size_t n_rows, Capture* const cap)
{
  MgdResultsWriter* w = NULL;
  MgdStr            vars[8];
  for (size_t i = 0; i < n_vars; ++i) {
    vars[i] = mgd_str(names[i]);
  }
  MgdStatus st = mgd_results_writer_new(fmt, capture_write, cap, &w);
  if (!st) {
    st = mgd_results_writer_begin(w, vars, n_vars);
  }
  for (size_t r = 0; !st && r < n_rows; ++r) {
    st = mgd_results_writer_row(w, n_vars ? rows + r * n_vars : rows);
  }
  if (!st) {
    st = mgd_results_writer_end(w);
  }
  mgd_results_writer_free(w);
  return st;
}

static bool
same_term(const MgdTerm* const a, const MgdTerm* const b)
{
  if (a->kind == MGD_TERM_NONE || b->kind == MGD_TERM_NONE) {
    return a->kind == b->kind;
  }
  return mgd_term_eq(a, b);
}

// The terms every round trip must preserve.
static const char* const k_names[] = {"s", "p", "o"};
static MgdTerm           k_rows[7 * 3];

static void
init_rows(void)
{
  const MgdTerm rows[] = {
    I("http://example.org/s1"), I("http://example.org/p"), S("plain"),
    B("b0"), I("http://example.org/p?q=1&r=<2>"), L("chat", "fr-BE"),
    I("http://example.org/s1"), mgd_term_none(),
    TL("42", MGD_XSD_INTEGER),
    mgd_term_none(), mgd_term_none(), mgd_term_none(),
    S("tab\there \"quoted\" back\\slash\nnewline\r\ncrlf, comma"),
    TL("-1.5", MGD_XSD_DECIMAL), TL("1.0E3", MGD_XSD_DOUBLE),
    S("caf\xc3\xa9 \xf0\x9f\x98\x80 <&>'"), TL("true", MGD_XSD_BOOLEAN),
    TL("x y", "http://example.org/dt#t"),
    S(""), TL("2001-01-01T00:00:00Z", MGD_XSD_DATETIME),
    TL("abc", MGD_XSD_STRING),
  };
  memcpy(k_rows, rows, sizeof(rows));
}

static void
check_round_trip(const MgdResultsFormat fmt)
{
  Capture cap = {{0}, 0, 0};
  const size_t n_rows = sizeof(k_rows) / sizeof(k_rows[0]) / 3;
  CHECK(!write_table(fmt, k_names, 3, k_rows, n_rows, &cap));
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  DiagRecord  rec  = {0};
  MgdDiagSink sink = {record_diag, &rec};
  MgdResults  res;
  const MgdStatus st =
    mgd_results_read(fmt, cap.out.data, cap.out.len, &arena, &sink, &res);
  CHECK(st == MGD_SUCCESS);
  if (st) {
    fprintf(stderr, "  %s: %u:%u %s\n%s\n", mgd_results_format_name(fmt),
            rec.line, rec.col, rec.message, cap.out.data);
  }
  CHECK(!res.is_boolean && res.n_vars == 3 && res.n_rows == n_rows);
  for (size_t i = 0; i < res.n_vars && i < 3; ++i) {
    CHECK(mgd_str_eqc(res.vars[i], k_names[i]));
  }
  for (size_t i = 0; !st && i < n_rows * 3; ++i) {
    if (!same_term(&k_rows[i], &res.rows[i])) {
      fprintf(stderr, "  %s term %zu differs: '%.*s'\n",
              mgd_results_format_name(fmt), i, (int)res.rows[i].value.len,
              res.rows[i].value.ptr);
      CHECK(false);
    }
  }
  mgd_arena_clear(&arena);
  mgd_buf_clear(&cap.out);
}

static MgdStatus
read_doc(const MgdResultsFormat fmt, const char* const doc, MgdArena* arena,
         DiagRecord* const rec, MgdResults* const res)
{
  MgdDiagSink sink = {record_diag, rec};
  memset(rec, 0, sizeof(*rec));
  return mgd_results_read(fmt, doc, strlen(doc), arena, &sink, res);
}

// ---------------------------------------------------------------------------

static void
test_format_names(void)
{
  CHECK(mgd_results_format_from_name("json") == MGD_RESULTS_JSON);
  CHECK(mgd_results_format_from_name("SRX") == MGD_RESULTS_XML);
  CHECK(mgd_results_format_from_name("application/sparql-results+json") ==
        MGD_RESULTS_JSON);
  CHECK(mgd_results_format_from_name("text/csv; charset=utf-8") ==
        MGD_RESULTS_CSV);
  CHECK(mgd_results_format_from_name(" text/tab-separated-values ") ==
        MGD_RESULTS_TSV);
  CHECK(mgd_results_format_from_name("application/sparql-results+xml") ==
        MGD_RESULTS_XML);
  CHECK(mgd_results_format_from_name("text/turtle") == MGD_RESULTS_UNKNOWN);
  CHECK(mgd_results_format_from_name("jso") == MGD_RESULTS_UNKNOWN);
  CHECK(mgd_results_format_from_name(NULL) == MGD_RESULTS_UNKNOWN);
  CHECK(!strcmp(mgd_results_format_media_type(MGD_RESULTS_TSV),
                "text/tab-separated-values; charset=utf-8"));
  CHECK(mgd_results_format_name(MGD_RESULTS_UNKNOWN) == NULL);
  MgdResultsWriter* w = (MgdResultsWriter*)&w;
  CHECK(mgd_results_writer_new(MGD_RESULTS_UNKNOWN, capture_write, NULL, &w) ==
        MGD_BAD_ARG);
  CHECK(w == NULL);
  mgd_results_writer_free(NULL);
}

static void
test_write_json(void)
{
  const MgdTerm row[] = {I("http://a/"), L("x\"y", "en"),
                         TL("1", MGD_XSD_INTEGER), mgd_term_none()};
  const char* const names[] = {"a", "b", "c", "d"};
  Capture cap = {{0}, 0, 0};
  CHECK(!write_table(MGD_RESULTS_JSON, names, 4, row, 1, &cap));
  CHECK(!strcmp(cap.out.data,
                "{\"head\":{\"vars\":[\"a\",\"b\",\"c\",\"d\"]},"
                "\"results\":{\"bindings\":[\n"
                "{\"a\":{\"type\":\"uri\",\"value\":\"http://a/\"},"
                "\"b\":{\"type\":\"literal\",\"value\":\"x\\\"y\","
                "\"xml:lang\":\"en\"},"
                "\"c\":{\"type\":\"literal\",\"value\":\"1\",\"datatype\":"
                "\"http://www.w3.org/2001/XMLSchema#integer\"}}\n]}}\n"));
  mgd_buf_clear(&cap.out);
}

static void
test_write_xml(void)
{
  const MgdTerm row[] = {B("b1"), TL("a<b>&\"c\"", "http://t/?a&b"),
                         S("\x01\xef\xbf\xbf")};
  const char* const names[] = {"x", "y", "z"};
  Capture cap = {{0}, 0, 0};
  CHECK(!write_table(MGD_RESULTS_XML, names, 3, row, 1, &cap));
  CHECK(!strcmp(cap.out.data,
                "<?xml version=\"1.0\"?>\n"
                "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                "<head><variable name=\"x\"/><variable name=\"y\"/>"
                "<variable name=\"z\"/></head>\n<results>\n"
                "<result><binding name=\"x\"><bnode>b1</bnode></binding>"
                "<binding name=\"y\"><literal datatype=\"http://t/?a&amp;b\">"
                "a&lt;b&gt;&amp;\"c\"</literal></binding>"
                "<binding name=\"z\"><literal>\xEF\xBF\xBD\xEF\xBF\xBD"
                "</literal>"
                "</binding></result>\n</results>\n</sparql>\n"));
  mgd_buf_clear(&cap.out);
}

static void
test_write_csv(void)
{
  const MgdTerm rows[] = {I("http://a/"), S("a,b"), B("b0"),
                          S("say \"hi\""), mgd_term_none(), S("l1\nl2")};
  const char* const names[] = {"x", "y", "z"};
  Capture cap = {{0}, 0, 0};
  CHECK(!write_table(MGD_RESULTS_CSV, names, 3, rows, 2, &cap));
  CHECK(!strcmp(cap.out.data, "x,y,z\r\n"
                              "http://a/,\"a,b\",_:b0\r\n"
                              "\"say \"\"hi\"\"\",,\"l1\nl2\"\r\n"));
  mgd_buf_clear(&cap.out);
}

static void
test_write_tsv(void)
{
  const MgdTerm rows[] = {
    I("http://a/"), S("a\tb"), TL("4", MGD_XSD_INTEGER),
    L("x", "en"), TL("5.5", MGD_XSD_DECIMAL), TL("1e3", MGD_XSD_DOUBLE),
    mgd_term_none(), TL("01.5", MGD_XSD_INTEGER), TL("abc", MGD_XSD_DECIMAL),
    B("has space"), TL("true", MGD_XSD_BOOLEAN), TL("s", MGD_XSD_STRING),
  };
  const char* const names[] = {"s", "p", "o"};
  Capture cap = {{0}, 0, 0};
  CHECK(!write_table(MGD_RESULTS_TSV, names, 3, rows, 4, &cap));
  CHECK(!strcmp(cap.out.data,
                "?s\t?p\t?o\n"
                "<http://a/>\t\"a\\u0009b\"\t4\n"
                "\"x\"@en\t5.5\t1e3\n"
                "\t\"01.5\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
                "\"abc\"^^<http://www.w3.org/2001/XMLSchema#decimal>\n"
                "_:x686173207370616365\ttrue\t\"s\"\n"));
  if (test_current_failed) {
    fprintf(stderr, "%s", cap.out.data);
  }
  mgd_buf_clear(&cap.out);
}

static void
test_boolean(void)
{
  const struct {
    MgdResultsFormat fmt;
    const char*      doc;
  } cases[] = {
    {MGD_RESULTS_JSON, "{\"head\":{},\"boolean\":true}\n"},
    {MGD_RESULTS_XML,
     "<?xml version=\"1.0\"?>\n"
     "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
     "<head></head>\n<boolean>true</boolean>\n</sparql>\n"},
    {MGD_RESULTS_CSV, "_askResult\r\ntrue\r\n"},
    {MGD_RESULTS_TSV, "?_askResult\ntrue\n"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    Capture           cap = {{0}, 0, 0};
    MgdResultsWriter* w   = NULL;
    CHECK(!mgd_results_writer_new(cases[i].fmt, capture_write, &cap, &w));
    CHECK(!mgd_results_writer_boolean(w, true));
    CHECK(mgd_results_writer_boolean(w, false) == MGD_BAD_ARG);
    CHECK(mgd_results_writer_begin(w, NULL, 0) == MGD_BAD_ARG);
    CHECK(!mgd_results_writer_end(w));
    CHECK(mgd_results_writer_end(w) == MGD_BAD_ARG);
    mgd_results_writer_free(w);
    CHECK(cap.out.data && !strcmp(cap.out.data, cases[i].doc));
    MgdArena arena;
    mgd_arena_init(&arena, 0);
    MgdResults res;
    DiagRecord rec;
    CHECK(!read_doc(cases[i].fmt, cap.out.data, &arena, &rec, &res));
    CHECK(res.is_boolean && res.boolean && res.n_rows == 0);
    mgd_arena_clear(&arena);
    mgd_buf_clear(&cap.out);
  }
  // false, read from hand-written documents
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  CHECK(!read_doc(MGD_RESULTS_JSON, "{\"head\":{},\"boolean\":false}", &arena,
                  &rec, &res));
  CHECK(res.is_boolean && !res.boolean);
  CHECK(!read_doc(MGD_RESULTS_JSON, "{\"boolean\":true}", &arena, &rec, &res));
  CHECK(res.is_boolean && res.boolean);
  CHECK(read_doc(MGD_RESULTS_JSON, "{\"head\":{},\"boolean\":1}", &arena, &rec,
                 &res) == MGD_BAD_DATA);
  CHECK(!strcmp(rec.path, "$.boolean"));
  mgd_arena_clear(&arena);
}

static void
test_round_trip_json(void)
{
  check_round_trip(MGD_RESULTS_JSON);
}

static void
test_round_trip_xml(void)
{
  check_round_trip(MGD_RESULTS_XML);
}

static void
test_round_trip_tsv(void)
{
  check_round_trip(MGD_RESULTS_TSV);
}

static void
test_round_trip_csv_lossy(void)
{
  const MgdTerm rows[] = {I("http://a/"), S("a,\"b\"\r\nc"), B("b7"),
                          mgd_term_none(), L("x", "en"),
                          TL("1", MGD_XSD_INTEGER)};
  const char* const names[] = {"x", "y", "z"};
  Capture cap = {{0}, 0, 0};
  CHECK(!write_table(MGD_RESULTS_CSV, names, 3, rows, 2, &cap));
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  CHECK(!read_doc(MGD_RESULTS_CSV, cap.out.data, &arena, &rec, &res));
  CHECK(res.n_vars == 3 && res.n_rows == 2);
  if (res.n_rows == 2) {
    CHECK(res.rows[0].kind == MGD_TERM_LITERAL &&
          mgd_str_eqc(res.rows[0].value, "http://a/"));
    CHECK(mgd_str_eqc(res.rows[1].value, "a,\"b\"\r\nc"));
    CHECK(res.rows[2].kind == MGD_TERM_BLANK &&
          mgd_str_eqc(res.rows[2].value, "b7"));
    CHECK(res.rows[3].kind == MGD_TERM_NONE);
    CHECK(mgd_str_eqc(res.rows[4].value, "x") && !res.rows[4].lang.len);
    CHECK(mgd_str_eqc(res.rows[5].value, "1"));
  }
  mgd_arena_clear(&arena);
  mgd_buf_clear(&cap.out);
}

static void
test_empty_results(void)
{
  const MgdResultsFormat fmts[] = {MGD_RESULTS_JSON, MGD_RESULTS_XML,
                                   MGD_RESULTS_CSV, MGD_RESULTS_TSV};
  for (size_t i = 0; i < 4; ++i) {
    // No variables, no rows (e.g. SELECT * over nothing)
    Capture cap = {{0}, 0, 0};
    CHECK(!write_table(fmts[i], NULL, 0, NULL, 0, &cap));
    MgdArena arena;
    mgd_arena_init(&arena, 0);
    MgdResults res;
    DiagRecord rec;
    CHECK(!read_doc(fmts[i], cap.out.data, &arena, &rec, &res));
    CHECK(res.n_vars == 0 && res.n_rows == 0 && !res.is_boolean);
    mgd_buf_clear(&cap.out);
    // One variable, zero rows
    const char* const names[] = {"v"};
    CHECK(!write_table(fmts[i], names, 1, NULL, 0, &cap));
    CHECK(!read_doc(fmts[i], cap.out.data, &arena, &rec, &res));
    CHECK(res.n_vars == 1 && res.n_rows == 0);
    mgd_buf_clear(&cap.out);
    mgd_arena_clear(&arena);
  }
  // JSON/XML: zero variables but one empty solution (SELECT * {})
  for (size_t i = 0; i < 2; ++i) {
    Capture cap = {{0}, 0, 0};
    CHECK(!write_table(fmts[i], NULL, 0, NULL, 1, &cap));
    MgdArena arena;
    mgd_arena_init(&arena, 0);
    MgdResults res;
    DiagRecord rec;
    CHECK(!read_doc(fmts[i], cap.out.data, &arena, &rec, &res));
    CHECK(res.n_vars == 0 && res.n_rows == 1);
    mgd_arena_clear(&arena);
    mgd_buf_clear(&cap.out);
  }
}

static void
test_streaming_buffer(void)
{
  // Enough rows to overflow the 64 KiB buffer several times.
  Capture           cap = {{0}, 0, 0};
  MgdResultsWriter* w   = NULL;
  const MgdStr      var = mgd_str("v");
  CHECK(!mgd_results_writer_new(MGD_RESULTS_JSON, capture_write, &cap, &w));
  CHECK(!mgd_results_writer_begin(w, &var, 1));
  const MgdTerm t = S("0123456789012345678901234567890123456789");
  for (int i = 0; i < 10000; ++i) {
    CHECK(!mgd_results_writer_row(w, &t));
  }
  CHECK(cap.n_calls >= 6); // flushed while streaming, not only at the end
  CHECK(!mgd_results_writer_end(w));
  mgd_results_writer_free(w);
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  CHECK(!mgd_results_read(MGD_RESULTS_JSON, cap.out.data, cap.out.len, &arena,
                          NULL, &res));
  CHECK(res.n_rows == 10000 && mgd_term_eq(&res.rows[9999], &t));
  (void)rec;
  mgd_arena_clear(&arena);
  mgd_buf_clear(&cap.out);
}

static void
test_write_errors(void)
{
  Capture           cap = {{0}, 0, 1}; // the first write fails
  MgdResultsWriter* w   = NULL;
  const MgdStr      var = mgd_str("v");
  const MgdTerm     t   = S("x");
  CHECK(!mgd_results_writer_new(MGD_RESULTS_XML, capture_write, &cap, &w));
  CHECK(mgd_results_writer_row(w, &t) == MGD_BAD_ARG); // before begin
  CHECK(!mgd_results_writer_begin(w, &var, 1));
  CHECK(mgd_results_writer_begin(w, &var, 1) == MGD_BAD_ARG);
  CHECK(mgd_results_writer_flush(w) == MGD_BAD_IO);
  CHECK(mgd_results_writer_row(w, &t) == MGD_BAD_IO); // poisoned
  CHECK(mgd_results_writer_end(w) == MGD_BAD_IO);
  mgd_results_writer_free(w);
  mgd_buf_clear(&cap.out);
  // Allocation failure in begin is a status, not a crash.
  CHECK(!mgd_results_writer_new(MGD_RESULTS_JSON, capture_write, &cap, &w));
  mgd_alloc_fail_after(0);
  CHECK(mgd_results_writer_begin(w, &var, 1) == MGD_BAD_ALLOC);
  mgd_alloc_fail_after(-1);
  mgd_results_writer_free(w);
}

static void
test_read_json_errors(void)
{
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  CHECK(read_doc(MGD_RESULTS_JSON, "{\"head\":\n{\"vars\":[}", &arena, &rec,
                 &res) == MGD_BAD_SYNTAX);
  CHECK(rec.n_reports == 1 && rec.line == 2);
  CHECK(read_doc(MGD_RESULTS_JSON, "[]", &arena, &rec, &res) == MGD_BAD_DATA);
  CHECK(!strcmp(rec.path, "$.head"));
  CHECK(read_doc(MGD_RESULTS_JSON, "{\"head\":{\"vars\":[\"a\"]}}", &arena,
                 &rec, &res) == MGD_BAD_DATA);
  CHECK(!strcmp(rec.path, "$.results.bindings"));
  CHECK(read_doc(MGD_RESULTS_JSON,
                 "{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":"
                 "[{},{\"b\":{\"type\":\"uri\",\"value\":\"x\"}}]}}",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  CHECK(!strcmp(rec.path, "$.results.bindings[1]") &&
        strstr(rec.message, "undeclared"));
  CHECK(read_doc(MGD_RESULTS_JSON,
                 "{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":"
                 "[{\"a\":{\"type\":\"iri\",\"value\":\"x\"}}]}}",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  CHECK(read_doc(MGD_RESULTS_JSON,
                 "{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":"
                 "[{\"a\":{\"type\":\"uri\"}}]}}",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  CHECK(read_doc(MGD_RESULTS_JSON, "{\"head\":{\"vars\":[\"a\",\"a\"]}}",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  // typed-literal (an old spelling) and extra keys such as link are accepted
  CHECK(!read_doc(MGD_RESULTS_JSON,
                  "{\"head\":{\"vars\":[\"a\"],\"link\":[]},\"results\":"
                  "{\"bindings\":[{\"a\":{\"type\":\"typed-literal\","
                  "\"value\":\"1\",\"datatype\":\"http://t/\"}}]}}",
                  &arena, &rec, &res));
  CHECK(res.n_rows == 1 && mgd_str_eqc(res.rows[0].datatype, "http://t/"));
  mgd_arena_clear(&arena);
}

static void
test_read_xml_errors(void)
{
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  CHECK(read_doc(MGD_RESULTS_XML,
                 "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                 "<head>\n</sparql>",
                 &arena, &rec, &res) == MGD_BAD_SYNTAX);
  CHECK(rec.n_reports == 1 && rec.line == 3);
  CHECK(read_doc(MGD_RESULTS_XML, "<sparql><head/></sparql>", &arena, &rec,
                 &res) == MGD_BAD_DATA); // wrong namespace
  CHECK(read_doc(MGD_RESULTS_XML,
                 "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"
                 "<head><variable name=\"a\"/></head><results>\n"
                 "<result><binding name=\"b\"><uri>x</uri></binding></result>"
                 "</results></sparql>",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  CHECK(rec.line == 2 && strstr(rec.message, "undeclared"));
  CHECK(read_doc(MGD_RESULTS_XML,
                 "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"
                 "<head><variable name=\"a\"/></head><results>"
                 "<result><binding name=\"a\"><iri>x</iri></binding></result>"
                 "</results></sparql>",
                 &arena, &rec, &res) == MGD_BAD_DATA);
  // No external entities, no network: the entity is not expanded.
  const MgdStatus st = read_doc(
    MGD_RESULTS_XML,
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE sparql [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
    "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"
    "<head><variable name=\"a\"/></head><results>"
    "<result><binding name=\"a\"><literal>[&x;]</literal></binding></result>"
    "</results></sparql>",
    &arena, &rec, &res);
  CHECK(st != MGD_SUCCESS || (res.n_rows == 1 && res.rows[0].value.len < 8 &&
                              !strstr(res.rows[0].value.ptr, "root")));
  // Whitespace, lang and datatype attributes
  CHECK(!read_doc(MGD_RESULTS_XML,
                  "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                  "  <head>\n    <variable name=\"a\"/>\n  <link href=\"x\"/>"
                  "</head>\n  <results>\n    <result>\n      "
                  "<binding name=\"a\">\n <literal xml:lang=\"en\"> sp </literal>"
                  "</binding>\n    </result>\n  </results>\n</sparql>\n",
                  &arena, &rec, &res));
  CHECK(res.n_rows == 1 && mgd_str_eqc(res.rows[0].value, " sp ") &&
        mgd_str_eqc(res.rows[0].lang, "en"));
  mgd_arena_clear(&arena);
}

static void
test_read_tsv_csv(void)
{
  MgdArena arena;
  mgd_arena_init(&arena, 0);
  MgdResults res;
  DiagRecord rec;
  // The W3C csvtsv01 example shape, with a \u escape and an explicit type.
  CHECK(!read_doc(MGD_RESULTS_TSV,
                  "?s\t?o\n"
                  "<http://example.org/s1>\t\"foo\\u00E9\"\n"
                  "_:b0\t4\n"
                  "<http://example.org/s5>\t5.5\n"
                  "<http://example.org/s6>\t\"x\"^^<http://t/>\n"
                  "\t-1.0E-2\n",
                  &arena, &rec, &res));
  CHECK(res.n_vars == 2 && res.n_rows == 5);
  if (res.n_rows == 5) {
    CHECK(mgd_str_eqc(res.rows[1].value, "foo\xc3\xa9"));
    CHECK(res.rows[2].kind == MGD_TERM_BLANK);
    CHECK(mgd_str_eqc(res.rows[3].datatype, MGD_XSD_INTEGER));
    CHECK(mgd_str_eqc(res.rows[5].datatype, MGD_XSD_DECIMAL));
    CHECK(mgd_str_eqc(res.rows[7].datatype, "http://t/"));
    CHECK(res.rows[8].kind == MGD_TERM_NONE);
    CHECK(mgd_str_eqc(res.rows[9].datatype, MGD_XSD_DOUBLE));
  }
  CHECK(read_doc(MGD_RESULTS_TSV, "?s\t?o\n<a>\n", &arena, &rec, &res) ==
        MGD_BAD_DATA);
  CHECK(rec.line == 2);
  CHECK(read_doc(MGD_RESULTS_TSV, "?s\n<a>\n\"unterminated\n", &arena, &rec,
                 &res) == MGD_BAD_SYNTAX);
  CHECK(rec.line == 3 && rec.col == 1);
  CHECK(read_doc(MGD_RESULTS_TSV, "?s\nbare\n", &arena, &rec, &res) ==
        MGD_BAD_SYNTAX);
  CHECK(read_doc(MGD_RESULTS_TSV, "?s\n\"a\"@not_a_tag\n", &arena, &rec,
                 &res) == MGD_BAD_SYNTAX);
  CHECK(read_doc(MGD_RESULTS_TSV, "s\n", &arena, &rec, &res) == MGD_BAD_DATA);
  // Found by fuzz_results: a CR in a variable name did not survive a round
  // trip (the reader takes CRLF as a line end), so it is refused.
  CHECK(read_doc(MGD_RESULTS_TSV, "?\r\r\r", &arena, &rec, &res) ==
        MGD_BAD_DATA);
  CHECK(read_doc(MGD_RESULTS_TSV, "?s\n\"\xff\"\n", &arena, &rec, &res) ==
        MGD_BAD_SYNTAX);
  CHECK(rec.line == 2);
  CHECK(!read_doc(MGD_RESULTS_CSV, "a,b\r\n1,\r\n,\"x\ny\"\r\n", &arena, &rec,
                  &res));
  CHECK(res.n_vars == 2 && res.n_rows == 2);
  if (res.n_rows == 2) {
    CHECK(mgd_str_eqc(res.rows[0].value, "1") &&
          res.rows[1].kind == MGD_TERM_NONE);
    CHECK(mgd_str_eqc(res.rows[3].value, "x\ny"));
  }
  CHECK(read_doc(MGD_RESULTS_CSV, "a,b\r\n\"open,x\r\n", &arena, &rec,
                 &res) == MGD_BAD_SYNTAX);
  CHECK(read_doc(MGD_RESULTS_CSV, "a\r\n1,2\r\n", &arena, &rec, &res) ==
        MGD_BAD_DATA);
  CHECK(read_doc(MGD_RESULTS_CSV, "a,b\r\n1\r\n", &arena, &rec, &res) ==
        MGD_BAD_DATA);
  CHECK(read_doc(MGD_RESULTS_CSV, "", &arena, &rec, &res) == MGD_BAD_DATA);
  mgd_arena_clear(&arena);
}

int
main(void)
{
  init_rows();
  RUN(test_format_names);
  RUN(test_write_json);
  RUN(test_write_xml);
  RUN(test_write_csv);
  RUN(test_write_tsv);
  RUN(test_boolean);
  RUN(test_round_trip_json);
  RUN(test_round_trip_xml);
  RUN(test_round_trip_tsv);
  RUN(test_round_trip_csv_lossy);
  RUN(test_empty_results);
  RUN(test_streaming_buffer);
  RUN(test_write_errors);
  RUN(test_read_json_errors);
  RUN(test_read_xml_errors);
  RUN(test_read_tsv_csv);
  return TEST_SUMMARY();
}
