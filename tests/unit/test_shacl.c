// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the SHACL engine and of the shapes shipped in shapes/.
// Data and shapes are small Turtle documents read into memstores; each test
// asserts the specific results (focus node, source shape, component) it
// expects, not only sh:conforms.

#include "test.h"

#include "base/alloc.h"
#include "rdf/memstore.h"
#include "shacl/shacl.h"
#include "syntax/rdf_read.h"

#include <stdlib.h>
#include <string.h>

#define SH MGD_NS_SH
#define PREFIXES                                                     \
  "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"                     \
  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"              \
  "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"    \
  "@prefix schema: <http://schema.org/> .\n"                          \
  "@prefix dcterms: <http://purl.org/dc/terms/> .\n"                  \
  "@prefix ome: <https://ld.openmicroscopy.org/core/> .\n"            \
  "@prefix mgdv: <https://w3id.org/mugdat/vocab#> .\n"                \
  "@prefix fio: <https://w3id.org/mugdat/shapes/fair-image-object#> .\n" \
  "@prefix os: <https://w3id.org/mugdat/shapes/ome-core#> .\n"        \
  "@prefix ex: <http://example.org/> .\n"

#define EX "http://example.org/"
#define FIO "https://w3id.org/mugdat/shapes/fair-image-object#"
#define OS "https://w3id.org/mugdat/shapes/ome-core#"

static MgdMemStore*
parse(const char* const ttl)
{
  MgdMemStore* const store = mgd_memstore_new();
  MgdReadOptions     opts;
  memset(&opts, 0, sizeof(opts));
  opts.format = MGD_FORMAT_TURTLE;
  opts.base = "http://example.org/base";
  const MgdSink sink = mgd_memstore_sink(store);
  MgdBuf        text;
  mgd_buf_init(&text);
  (void)mgd_buf_appendc(&text, PREFIXES);
  (void)mgd_buf_appendc(&text, ttl);
  const MgdStatus st =
    mgd_rdf_read_bytes(text.data, text.len, &opts, &sink, NULL);
  mgd_buf_clear(&text);
  if (st != MGD_SUCCESS) {
    fprintf(stderr, "cannot parse test Turtle: %s\n", mgd_strerror(st));
    mgd_memstore_free(store);
    return NULL;
  }
  return store;
}

static MgdMemStore*
load_shapes_file(const char* const name)
{
  const char* dir = getenv("MUGDAT_SRCDIR");
  if (!dir) {
    dir = getenv("srcdir");
  }
  if (!dir) {
    dir = "..";
  }
  MgdBuf path;
  mgd_buf_init(&path);
  (void)mgd_buf_printf(&path, "%s/shapes/%s", dir, name);
  MgdMemStore* const store = mgd_memstore_new();
  MgdReadOptions     opts;
  memset(&opts, 0, sizeof(opts));
  const MgdSink   sink = mgd_memstore_sink(store);
  const MgdStatus st = mgd_rdf_read_path(path.data, &opts, &sink, NULL);
  if (st != MGD_SUCCESS) {
    fprintf(stderr, "%s: %s\n", path.data, mgd_strerror(st));
    mgd_memstore_free(store);
    mgd_buf_clear(&path);
    return NULL;
  }
  mgd_buf_clear(&path);
  return store;
}

// Diagnostics collected as text.
static void
diag_to_buf(void* const handle, const MgdDiag* const diag)
{
  (void)mgd_buf_printf((MgdBuf*)handle, "%s\n", diag->message);
}

typedef struct {
  MgdMemStore*    report;
  MgdShaclSummary sum;
  MgdStatus       st;
  MgdBuf          diag;
} Run;

static void
run_clear(Run* const r)
{
  mgd_memstore_free(r->report);
  mgd_buf_clear(&r->diag);
}

// Validate `data` against `shapes` (stores); the report lands in r->report.
static void
validate(MgdMemStore* const shapes_store, MgdMemStore* const data,
         const MgdTerm* const graph, Run* const r)
{
  memset(r, 0, sizeof(*r));
  mgd_buf_init(&r->diag);
  r->report = mgd_memstore_new();
  MgdDiagSink     diag = {diag_to_buf, &r->diag};
  MgdShaclOptions opts = {&diag, NULL, "test", NULL, NULL};
  MgdShapes*      shapes = NULL;
  const MgdSource ss = mgd_memstore_source(shapes_store);
  r->st = mgd_shacl_compile(&ss, &opts, &shapes);
  if (r->st != MGD_SUCCESS) {
    return;
  }
  const MgdSource ds = mgd_memstore_source(data);
  const MgdSink   sink = mgd_memstore_sink(r->report);
  r->st = mgd_shacl_validate(shapes, &ds, graph, &opts, &sink, &r->sum);
  mgd_shacl_free(shapes);
}

static MgdId
lookup(MgdMemStore* const store, const MgdTerm* const t)
{
  const MgdSource src = mgd_memstore_source(store);
  MgdId           id = MGD_ID_NONE;
  return mgd_source_lookup(&src, t, &id) == MGD_SUCCESS ? id : MGD_ID_NONE;
}

static MgdId
iri_id(MgdMemStore* const store, const char* const iri)
{
  const MgdTerm t = mgd_term_iri(mgd_str(iri));
  return lookup(store, &t);
}

static bool
has(MgdMemStore* const store, const MgdId s, const MgdId p, const MgdId o)
{
  if (s == MGD_ID_NONE || p == MGD_ID_NONE || o == MGD_ID_NONE) {
    return false;
  }
  const MgdSource src = mgd_memstore_source(store);
  const MgdIdQuad pat = {s, p, o, MGD_ID_NONE};
  MgdIter*        it = NULL;
  MgdIdQuad       q;
  bool            found = false;
  if (src.vt->match(src.handle, &pat, &it) == MGD_SUCCESS) {
    found = src.vt->next(it, &q) == MGD_SUCCESS;
  }
  src.vt->iter_free(it);
  return found;
}

// Number of results with this focus node, source shape (NULL: any) and
// component local name.
static int
count_results(MgdMemStore* const report, const char* const focus,
              const char* const shape, const char* const component)
{
  MgdBuf comp;
  mgd_buf_init(&comp);
  (void)mgd_buf_printf(&comp, SH "%sConstraintComponent", component);
  const MgdId     p_result = iri_id(report, SH "result");
  const MgdId     p_focus = iri_id(report, SH "focusNode");
  const MgdId     p_shape = iri_id(report, SH "sourceShape");
  const MgdId     p_comp = iri_id(report, SH "sourceConstraintComponent");
  const MgdId     f = iri_id(report, focus);
  const MgdId     s = shape ? iri_id(report, shape) : MGD_ID_NONE;
  const MgdId     c = iri_id(report, comp.data);
  const MgdSource src = mgd_memstore_source(report);
  const MgdIdQuad pat = {MGD_ID_NONE, p_result, MGD_ID_NONE, MGD_ID_NONE};
  MgdIter*        it = NULL;
  MgdIdQuad       q;
  int             n = 0;
  mgd_buf_clear(&comp);
  if (p_result == MGD_ID_NONE ||
      src.vt->match(src.handle, &pat, &it) != MGD_SUCCESS) {
    return 0;
  }
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    n += has(report, q.o, p_focus, f) && has(report, q.o, p_comp, c) &&
         (!shape || has(report, q.o, p_shape, s));
  }
  src.vt->iter_free(it);
  return n;
}

static bool
report_conforms(MgdMemStore* const report, const char* const value)
{
  const MgdTerm node = mgd_term_blank(mgd_str("shaclreport"));
  const MgdTerm lit = mgd_term_literal(mgd_str(value), mgd_str(MGD_XSD_BOOLEAN),
                                       mgd_str(NULL));
  return has(report, lookup(report, &node), iri_id(report, SH "conforms"),
             lookup(report, &lit));
}

// ------------------------------------------------------------------ engine

static void
test_free_null(void)
{
  mgd_shacl_free(NULL);
  CHECK(mgd_shacl_count(NULL) == 0U);
}

static void
test_core_components(void)
{
  MgdMemStore* const shapes = parse(
    "ex:S a sh:NodeShape ; sh:targetClass ex:Person ;\n"
    "  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ;\n"
    "                sh:minInclusive 0 ; sh:maxExclusive 150 ; sh:maxCount 1 ] ;\n"
    "  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern \"^[A-Z]\" ] ;\n"
    "  sh:property [ sh:path ( ex:knows ex:name ) ; sh:minLength 2 ] .\n");
  MgdMemStore* const data = parse(
    "ex:a a ex:Person ; ex:age 200 ; ex:name \"Ann\" ; ex:knows ex:b .\n"
    "ex:b ex:name \"B\" .\n"
    "ex:c a ex:Person ; ex:age \"x\"^^xsd:integer, 3 ; ex:name \"carl\" .\n"
    "ex:d a ex:Person .\n");
  Run r;
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(!r.sum.conforms);
  CHECK(count_results(r.report, EX "a", NULL, "MaxExclusive") == 1);
  CHECK(count_results(r.report, EX "a", NULL, "MinLength") == 1); // "B"
  CHECK(count_results(r.report, EX "c", NULL, "Datatype") == 1);  // ill-typed
  CHECK(count_results(r.report, EX "c", NULL, "MaxCount") == 1);
  CHECK(count_results(r.report, EX "c", NULL, "Pattern") == 1);
  CHECK(count_results(r.report, EX "d", NULL, "MinCount") == 1);
  CHECK(count_results(r.report, EX "b", NULL, "MinCount") == 0);
  // ex:a 2, ex:c 5 (the ill-typed "x" is also incomparable with both
  // bounds), ex:d 1.
  CHECK(r.sum.n_results == 8U);
  CHECK(r.sum.n_violation == r.sum.n_results);
  CHECK(report_conforms(r.report, "false"));
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

static void
test_severity_and_graph(void)
{
  MgdMemStore* const shapes = parse(
    "ex:W a sh:NodeShape ; sh:targetNode ex:x ; sh:severity sh:Warning ;\n"
    "  sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Info ] ;\n"
    "  sh:class ex:C .\n");
  MgdMemStore* const data = mgd_memstore_new();
  // ex:x ex:p 1 only in graph ex:g1.
  MgdQuad q;
  q.s = mgd_term_iri(mgd_str(EX "x"));
  q.p = mgd_term_iri(mgd_str(EX "p"));
  q.o = mgd_term_literal(mgd_str("1"), mgd_str(MGD_XSD_INTEGER), mgd_str(NULL));
  q.g = mgd_term_iri(mgd_str(EX "g1"));
  CHECK(mgd_memstore_add(data, &q, NULL) == MGD_SUCCESS);
  Run r;
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(r.sum.n_warning == 1U && r.sum.n_info == 0U && r.sum.n_violation == 0U);
  run_clear(&r);
  const MgdTerm g2 = mgd_term_iri(mgd_str(EX "g2"));
  validate(shapes, data, &g2, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(r.sum.n_warning == 1U && r.sum.n_info == 1U);
  CHECK(count_results(r.report, EX "x", NULL, "MinCount") == 1);
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

static void
test_value_comparisons(void)
{
  MgdMemStore* const shapes = parse(
    "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:na, ex:t ;\n"
    "  sh:property [ sh:path ex:na ; sh:maxInclusive 1.7 ] ;\n"
    "  sh:property [ sh:path ex:t ;\n"
    "    sh:minInclusive \"2020-01-01T00:00:00Z\"^^xsd:dateTime ] .\n");
  MgdMemStore* const data = parse(
    "ex:ok1 ex:na \"1.7\"^^xsd:double .\n"
    "ex:ok2 ex:na 1.70000000000000000000 .\n"
    "ex:bad1 ex:na 1.700000000000000001 .\n" // exact decimals
    "ex:bad2 ex:na \"1.7\"@en .\n"               // not comparable
    "ex:ok3 ex:t \"2019-12-31T23:00:00-02:00\"^^xsd:dateTime .\n"
    "ex:bad3 ex:t \"2019-12-31T23:00:00Z\"^^xsd:dateTime .\n"
    "ex:bad4 ex:t \"2020-06-01\"^^xsd:date .\n");
  Run r;
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(count_results(r.report, EX "ok1", NULL, "MaxInclusive") == 0);
  CHECK(count_results(r.report, EX "ok2", NULL, "MaxInclusive") == 0);
  CHECK(count_results(r.report, EX "bad1", NULL, "MaxInclusive") == 1);
  CHECK(count_results(r.report, EX "bad2", NULL, "MaxInclusive") == 1);
  CHECK(count_results(r.report, EX "ok3", NULL, "MinInclusive") == 0);
  CHECK(count_results(r.report, EX "bad3", NULL, "MinInclusive") == 1);
  CHECK(count_results(r.report, EX "bad4", NULL, "MinInclusive") == 1);
  CHECK(r.sum.n_results == 4U);
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

typedef struct {
  int    n;
  MgdBuf paths; // one line per result: path | value | component
} Seen;

static MgdStatus
on_result(void* const handle, const MgdShaclResult* const r)
{
  Seen* const seen = (Seen*)handle;
  ++seen->n;
  (void)mgd_buf_append(&seen->paths, r->path.ptr, r->path.len);
  (void)mgd_buf_appendc(&seen->paths, " | ");
  if (r->value.kind != MGD_TERM_NONE) {
    (void)mgd_term_write_nt(&seen->paths, &r->value);
  }
  (void)mgd_buf_printf(&seen->paths, " | %.*s | %d\n", (int)r->component.len,
                       r->component.ptr, (int)r->n_messages);
  return MGD_SUCCESS;
}

static void
test_result_callback(void)
{
  MgdMemStore* const shapes = parse(
    "ex:S a sh:NodeShape ; sh:targetNode ex:x ;\n"
    "  sh:property [ sh:path ( [ sh:inversePath ex:p ] [ sh:zeroOrMorePath ex:q ] ) ;\n"
    "                sh:maxCount 0 ; sh:message \"none wanted\"@en ] ;\n"
    "  sh:closed true ; sh:ignoredProperties ( ex:p ) .\n");
  MgdMemStore* const data = parse("ex:y ex:p ex:x . ex:x ex:r 7 .\n");
  Seen               seen = {0, {NULL, 0U, 0U}};
  MgdShaclOptions    opts = {NULL, NULL, NULL, on_result, &seen};
  MgdShapes*         compiled = NULL;
  const MgdSource    ss = mgd_memstore_source(shapes);
  const MgdSource    ds = mgd_memstore_source(data);
  MgdShaclSummary    sum;
  CHECK(mgd_shacl_compile(&ss, &opts, &compiled) == MGD_SUCCESS);
  CHECK(mgd_shacl_count(compiled) == 2U);
  CHECK(mgd_shacl_validate(compiled, &ds, NULL, &opts, NULL, &sum) ==
        MGD_SUCCESS);
  CHECK(seen.n == 2 && sum.n_results == 2U && !sum.conforms);
  CHECK(seen.paths.data &&
        strstr(seen.paths.data,
               "(^<http://example.org/p>/(<http://example.org/q>)*) |  | "
               SH "MaxCountConstraintComponent | 1\n"));
  CHECK(seen.paths.data &&
        strstr(seen.paths.data,
               "<http://example.org/r> | \"7\"^^<" MGD_XSD_INTEGER "> | "
               SH "ClosedConstraintComponent | 1\n"));
  mgd_shacl_free(compiled);
  mgd_buf_clear(&seen.paths);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

static void
test_write_summary(void)
{
  MgdMemStore* const store = mgd_memstore_new();
  const MgdSink      sink = mgd_memstore_sink(store);
  MgdShaclSummary    sum;
  memset(&sum, 0, sizeof(sum));
  sum.n_results = 3U;
  sum.n_violation = 2U;
  sum.n_warning = 1U;
  sum.n_focus = 5U;
  const MgdTerm node = mgd_term_iri(mgd_str(EX "run1"));
  const MgdTerm data = mgd_term_iri(mgd_str(EX "data"));
  const MgdTerm prov = mgd_term_iri(mgd_str("urn:mugdat:provenance"));
  CHECK(mgd_shacl_write_summary(&sum, &node, &data, NULL, &prov, &sink) ==
        MGD_SUCCESS);
  CHECK(mgd_memstore_size(store) == 8U);
  const MgdTerm two = mgd_term_literal(mgd_str("2"), mgd_str(MGD_XSD_INTEGER),
                                       mgd_str(NULL));
  CHECK(has(store, iri_id(store, EX "run1"),
            iri_id(store, MGD_SHACL_NS_MGDV "violations"), lookup(store, &two)));
  CHECK(has(store, iri_id(store, EX "run1"),
            iri_id(store, MGD_SHACL_NS_MGDV "validatedGraph"),
            iri_id(store, EX "data")));
  const MgdTerm lit = mgd_term_literal(mgd_str("x"), mgd_str(NULL),
                                       mgd_str(NULL));
  CHECK(mgd_shacl_write_summary(&sum, &lit, NULL, NULL, NULL, &sink) ==
        MGD_BAD_ARG);
  mgd_memstore_free(store);
}

static void
test_shared_subshapes(void)
{
  // S0 sh:and ( S1 S1 ), S1 sh:and ( S2 S2 ), ... 60 deep, each level also
  // checking a value: naive evaluation would take 2^60 steps.
  MgdBuf ttl;
  mgd_buf_init(&ttl);
  (void)mgd_buf_appendc(&ttl, "ex:S0 a sh:NodeShape ; sh:targetNode ex:x .\n");
  for (int i = 0; i < 60; ++i) {
    (void)mgd_buf_printf(&ttl,
                         "ex:S%d sh:and ( ex:S%d ex:S%d ) ; "
                         "sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
                         i, i + 1, i + 1);
  }
  (void)mgd_buf_appendc(&ttl, "ex:S60 sh:class ex:Missing .\n");
  MgdMemStore* const shapes = parse(ttl.data);
  MgdMemStore* const data = parse("ex:x ex:p 1 .\n");
  Run                r;
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(r.sum.n_results == 1U);
  CHECK(count_results(r.report, EX "x", EX "S0", "And") == 1);
  run_clear(&r);
  mgd_buf_clear(&ttl);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

static void
expect_malformed(const char* const ttl, const char* const shape_name,
                 const char* const phrase)
{
  MgdMemStore* const shapes = parse(ttl);
  MgdMemStore* const data = parse("ex:x ex:p 1 .\n");
  Run                r;
  CHECK(shapes && data);
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_BAD_DATA);
  CHECK(r.diag.data && strstr(r.diag.data, shape_name));
  CHECK(r.diag.data && strstr(r.diag.data, phrase));
  if (r.st != MGD_BAD_DATA) {
    fprintf(stderr, "  for %s\n", ttl);
  }
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

static void
test_malformed_shapes(void)
{
  expect_malformed("ex:S a sh:NodeShape ; sh:in ex:notAList .\n",
                   "<http://example.org/S>", "sh:in");
  expect_malformed("ex:S a sh:NodeShape ; sh:in ( 1 2 ) .\n"
                   "ex:T a sh:NodeShape ; sh:in \"x\" .\n",
                   "<http://example.org/T>", "well-formed RDF list");
  expect_malformed("ex:S sh:path [ ex:weird ex:p ] .\n",
                   "<http://example.org/S>", "unknown property path form");
  expect_malformed("ex:S sh:path ( ex:p ) .\n", "<http://example.org/S>",
                   "at least two");
  expect_malformed("ex:S sh:path ex:p ; sh:minCount \"two\" .\n",
                   "<http://example.org/S>", "minCount");
  expect_malformed("ex:S sh:path ex:p ; sh:minCount -1 .\n",
                   "<http://example.org/S>", "non-negative");
  expect_malformed("ex:S a sh:NodeShape ; sh:datatype \"xsd:int\" .\n",
                   "<http://example.org/S>", "sh:datatype must be an IRI");
  expect_malformed("ex:S a sh:NodeShape ; sh:nodeKind ex:Thing .\n",
                   "<http://example.org/S>", "sh:nodeKind");
  expect_malformed("ex:S a sh:NodeShape ; sh:pattern \"(\" .\n",
                   "<http://example.org/S>", "invalid sh:pattern");
  expect_malformed("ex:S a sh:NodeShape ; sh:deactivated \"yes\" .\n",
                   "<http://example.org/S>", "boolean");
  expect_malformed("ex:S a sh:NodeShape ; sh:node \"x\" .\n",
                   "<http://example.org/S>", "sh:node");
}

static void
test_recursion(void)
{
  // A shape that needs itself for the same focus node: detected.
  MgdMemStore* const shapes = parse(
    "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:node ex:S .\n");
  MgdMemStore* const data = parse("ex:x ex:p 1 .\n");
  Run                r;
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_BAD_DATA);
  CHECK(r.diag.data && strstr(r.diag.data, "recursive"));
  run_clear(&r);
  mgd_memstore_free(shapes);
  // Recursion through data along a finite list terminates, and a data
  // cycle is caught rather than followed forever.
  MgdMemStore* const list = parse(
    "ex:L a sh:NodeShape ; sh:targetNode ex:n1 ;\n"
    "  sh:property [ sh:path ex:next ; sh:node ex:L ] ;\n"
    "  sh:property [ sh:path ex:v ; sh:minCount 1 ] .\n");
  MgdMemStore* const chain = parse(
    "ex:n1 ex:v 1 ; ex:next ex:n2 . ex:n2 ex:v 2 ; ex:next ex:n3 . ex:n3 ex:x 3 .\n");
  validate(list, chain, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(count_results(r.report, EX "n1", NULL, "Node") == 1);
  CHECK(r.sum.n_results == 1U);
  run_clear(&r);
  MgdMemStore* const cycle = parse("ex:n1 ex:v 1 ; ex:next ex:n1 .\n");
  validate(list, cycle, NULL, &r);
  CHECK(r.st == MGD_BAD_DATA);
  run_clear(&r);
  mgd_memstore_free(list);
  mgd_memstore_free(chain);
  mgd_memstore_free(cycle);
  mgd_memstore_free(data);
}

static void
test_allocation_failures(void)
{
  MgdMemStore* const shapes = load_shapes_file("ome-core.ttl");
  MgdMemStore* const data = parse(
    "ex:o a ome:Objective ; ome:lens_na \"2.0\"^^xsd:double .\n"
    "ex:p a ome:Pixels ; ome:size_x 0 ; ome:size_c 1 ; ome:channel ex:c1, ex:c2 .\n");
  CHECK(shapes && data);
  bool done = false;
  for (long n = 0; n < 100000 && !done && shapes && data; n += 7) {
    Run r;
    mgd_alloc_fail_after(n);
    validate(shapes, data, NULL, &r);
    mgd_alloc_fail_after(-1);
    CHECK(r.st == MGD_SUCCESS || r.st == MGD_BAD_ALLOC);
    done = r.st == MGD_SUCCESS;
    run_clear(&r);
  }
  CHECK(done);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

// ------------------------------------------------------------ OME shapes

static void
test_ome_core(void)
{
  MgdMemStore* const shapes = load_shapes_file("ome-core.ttl");
  MgdMemStore* const data = parse(
    "ex:img a ome:Image ; ome:pixels ex:px .\n"
    "ex:px a ome:Pixels ; ome:size_x 512 ; ome:size_y 512 ; ome:size_z 1 ;\n"
    "  ome:size_c 2 ; ome:size_t 1 ;\n"
    "  ome:physical_size_x \"0.1\"^^xsd:double ; ome:physical_size_x_unit <http://qudt.org/vocab/unit/MicroM> ;\n"
    "  ome:channel ex:c1, ex:c2 .\n"
    "ex:c1 a ome:Channel ; ome:samples_per_pixel 1 .\n"
    "ex:c2 a ome:Channel ; ome:emission_wavelength \"520.0\"^^xsd:double ;\n"
    "  ome:emission_wavelength_unit <http://qudt.org/vocab/unit/NanoM> .\n"
    "ex:obj a ome:Objective ; ome:lens_na \"1.4\"^^xsd:double ; ome:nominal_magnification \"63.0\"^^xsd:double .\n"
    // Broken ones:
    "ex:img2 a ome:Image .\n"
    "ex:px2 a ome:Pixels ; ome:size_x 0 ; ome:size_y \"abc\" ; ome:size_z 1 ;\n"
    "  ome:size_c 1 ; ome:size_t 1 ; ome:channel ex:c3, ex:c4 ;\n"
    "  ome:physical_size_y \"-0.5\"^^xsd:double .\n"
    "ex:obj2 a ome:Objective ; ome:lens_na \"14.0\"^^xsd:double .\n"
    "ex:obj3 a ome:Objective ; ome:lens_na \"0.0\"^^xsd:double .\n"
    "ex:obj4 a ome:Objective ; ome:lens_na 1.2 .\n" // decimal is fine
    "ex:obj5 a ome:Objective ; ome:lens_na \"high\" .\n");
  Run r;
  CHECK(shapes && data);
  if (!shapes || !data) {
    return;
  }
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  // The good image, pixels, channels and objective have no results.
  CHECK(count_results(r.report, EX "img", NULL, "MinCount") == 0);
  CHECK(count_results(r.report, EX "px", NULL, "Or") == 0);
  CHECK(count_results(r.report, EX "px", NULL, "MinCount") == 0);
  CHECK(count_results(r.report, EX "obj", NULL, "MaxInclusive") == 0);
  CHECK(count_results(r.report, EX "c2", NULL, "MinCount") == 0);
  // The broken ones have exactly the expected results.
  CHECK(count_results(r.report, EX "img2", NULL, "MinCount") == 1);
  CHECK(count_results(r.report, EX "px2", NULL, "MinInclusive") == 2); // 0, "abc"
  CHECK(count_results(r.report, EX "px2", NULL, "Datatype") == 1);    // "abc"
  CHECK(count_results(r.report, EX "px2", NULL, "MinExclusive") == 1); // -0.5
  CHECK(count_results(r.report, EX "px2", OS "ChannelCountShape", "Or") == 1);
  CHECK(count_results(r.report, EX "px2", OS "PhysicalSizeYUnit", "MinCount") ==
        0); // the unit is checked on the node by a property shape:
  CHECK(count_results(r.report, EX "px2", NULL, "MinCount") == 1);
  CHECK(count_results(r.report, EX "obj2", NULL, "MaxInclusive") == 1);
  CHECK(count_results(r.report, EX "obj3", NULL, "MinExclusive") == 1);
  CHECK(count_results(r.report, EX "obj3", NULL, "MaxInclusive") == 0);
  CHECK(count_results(r.report, EX "obj4", NULL, "MinExclusive") == 0);
  CHECK(count_results(r.report, EX "obj4", NULL, "MaxInclusive") == 0);
  CHECK(count_results(r.report, EX "obj5", NULL, "MinExclusive") == 1);
  CHECK(count_results(r.report, EX "obj5", NULL, "MaxInclusive") == 1);
  CHECK(!r.sum.conforms);
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

// -------------------------------------------------------- FAIR-IO shapes

static void
test_fair_image_object(void)
{
  MgdMemStore* const shapes = load_shapes_file("fair-image-object.ttl");
  MgdMemStore* const data = parse(
    "ex:good a schema:ImageObject ;\n"
    "  schema:identifier \"S-BIAD123-img1\" ; schema:name \"HeLa nuclei\" ;\n"
    "  schema:license <https://creativecommons.org/licenses/by/4.0/> ;\n"
    "  schema:creator ex:ann ; schema:dateCreated \"2024-05-31\"^^xsd:date ;\n"
    "  schema:encodingFormat \"image/tiff\" ; schema:contentUrl <https://example.org/img1.tif> ;\n"
    "  mgdv:acquisition [ schema:measurementTechnique <http://purl.obolibrary.org/obo/FBbi_00000251> ;\n"
    "                     schema:instrument ex:scope ] ;\n"
    "  mgdv:organism <http://purl.obolibrary.org/obo/NCBITaxon_9606> .\n"
    "ex:bad a schema:ImageObject ;\n"
    "  dcterms:title \"\" ; dcterms:license \"free to use\" ;\n"
    "  dcterms:created \"last Tuesday\" ; schema:encodingFormat \"OME-TIFF\" .\n");
  Run r;
  CHECK(shapes && data);
  if (!shapes || !data) {
    return;
  }
  validate(shapes, data, NULL, &r);
  CHECK(r.st == MGD_SUCCESS);
  CHECK(count_results(r.report, EX "good", NULL, "MinCount") == 0);
  CHECK(count_results(r.report, EX "good", NULL, "Or") == 0);
  CHECK(count_results(r.report, EX "good", NULL, "NodeKind") == 0);
  CHECK(count_results(r.report, EX "bad", FIO "identifier", "MinCount") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "title", "MinLength") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "license", "MinCount") == 0);
  CHECK(count_results(r.report, EX "bad", FIO "licenseIsLink", "NodeKind") ==
        1);
  CHECK(count_results(r.report, EX "bad", FIO "creator", "MinCount") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "dateIsDate", "Or") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "format", "MinCount") == 0);
  CHECK(count_results(r.report, EX "bad", FIO "location", "MinCount") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "imagingMethod", "MinCount") ==
        1);
  CHECK(count_results(r.report, EX "bad", FIO "instrument", "MinCount") == 1);
  CHECK(count_results(r.report, EX "bad", FIO "organismOrSample",
                      "MinCount") == 1);
  CHECK(r.sum.n_warning == 2U); // licence as text, no instrument
  CHECK(r.sum.n_violation == 7U);
  run_clear(&r);
  mgd_memstore_free(shapes);
  mgd_memstore_free(data);
}

int
main(void)
{
  RUN(test_free_null);
  RUN(test_core_components);
  RUN(test_severity_and_graph);
  RUN(test_value_comparisons);
  RUN(test_result_callback);
  RUN(test_write_summary);
  RUN(test_malformed_shapes);
  RUN(test_recursion);
  RUN(test_shared_subshapes);
  RUN(test_allocation_failures);
  RUN(test_ome_core);
  RUN(test_fair_image_object);
  return TEST_SUMMARY();
}
