// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Parser tests: good queries parse to the right form and columns; bad ones
// fail with MGD_BAD_SYNTAX at the right line and column; limits hold.

#include "test.h"

#include "base/alloc.h"
#include "sparql/sparql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  MgdStatus status;
  unsigned  line;
  unsigned  col;
  char      message[256];
  int       n;
} Caught;

static void
catch_diag(void* handle, const MgdDiag* diag)
{
  Caught* c = (Caught*)handle;
  if (!c->n++) {
    c->status = diag->status;
    c->line   = diag->line;
    c->col    = diag->col;
    snprintf(c->message, sizeof(c->message), "%s", diag->message);
  }
}

static MgdStatus
parse(const char* text, Caught* c, MgdSparqlQuery** q)
{
  memset(c, 0, sizeof(*c));
  MgdDiagSink           sink = {catch_diag, c};
  MgdSparqlParseOptions o;
  memset(&o, 0, sizeof(o));
  o.base = "http://example.org/base/doc";
  o.diag = &sink;
  return mgd_sparql_parse(mgd_str(text), &o, q);
}

static int
good(const char* text)
{
  Caught          c;
  MgdSparqlQuery* q  = NULL;
  const MgdStatus st = parse(text, &c, &q);
  if (st) {
    fprintf(stderr, "rejected: %s\n  %s\n", text, c.message);
  }
  mgd_sparql_query_free(q);
  return st == MGD_SUCCESS;
}

static int
bad_at(const char* text, unsigned line, unsigned col)
{
  Caught          c;
  MgdSparqlQuery* q  = NULL;
  const MgdStatus st = parse(text, &c, &q);
  mgd_sparql_query_free(q);
  if (st != MGD_BAD_SYNTAX || c.line != line || c.col != col ||
      !strstr(c.message, "syntax error")) {
    fprintf(stderr, "query: %s\n  status %d at %u:%u: %s\n", text, st,
            c.line, c.col, c.message);
    return 0;
  }
  return 1;
}

static void
test_forms(void)
{
  Caught          c;
  MgdSparqlQuery* q = NULL;
  CHECK(!parse("PREFIX : <http://e/> SELECT ?x (1 AS ?one) WHERE { ?x :p ?y }",
               &c, &q));
  CHECK(q && mgd_sparql_query_form(q) == MGD_SPARQL_SELECT);
  CHECK(q && mgd_sparql_query_n_columns(q) == 2U);
  CHECK(q && mgd_str_eqc(mgd_sparql_query_column(q, 0U), "x"));
  CHECK(q && mgd_str_eqc(mgd_sparql_query_column(q, 1U), "one"));
  mgd_sparql_query_free(q);
  q = NULL;
  CHECK(!parse("SELECT * { ?s ?p ?o . _:b ?p ?o }", &c, &q));
  CHECK(q && mgd_sparql_query_n_columns(q) == 3U); // blank nodes hidden
  mgd_sparql_query_free(q);
  q = NULL;
  CHECK(!parse("ASK {}", &c, &q));
  CHECK(q && mgd_sparql_query_form(q) == MGD_SPARQL_ASK);
  mgd_sparql_query_free(q);
  q = NULL;
  CHECK(!parse("CONSTRUCT WHERE { ?s ?p ?o }", &c, &q));
  CHECK(q && mgd_sparql_query_form(q) == MGD_SPARQL_CONSTRUCT);
  mgd_sparql_query_free(q);
  q = NULL;
  CHECK(!parse("DESCRIBE <x>", &c, &q));
  CHECK(q && mgd_sparql_query_form(q) == MGD_SPARQL_DESCRIBE);
  mgd_sparql_query_free(q);
  q = NULL;
  CHECK(!parse("SELECT * FROM <g1> FROM NAMED <g2> { ?s ?p ?o }", &c, &q));
  CHECK(q && mgd_sparql_query_n_from(q, false) == 1U);
  CHECK(q && mgd_sparql_query_n_from(q, true) == 1U);
  // relative IRIs resolve against the base
  CHECK(q && mgd_str_eqc(mgd_sparql_query_from(q, false, 0U).value,
                         "http://example.org/base/g1"));
  mgd_sparql_query_free(q);
  mgd_sparql_query_free(NULL);
}

static void
test_good(void)
{
  CHECK(good("BASE <http://a/b/c/d;p?q> PREFIX : <../g> SELECT * { :x ?p ?o }"));
  CHECK(good("SELECT * { ?s <p>/^<q>|!(<r>|^<s>) ?o . ?s <p>* ?o . ?s <p>+/<q>? ?o }"));
  CHECK(good("SELECT * { ?s ?p \"a\"@en-GB, 'b'^^<t>, '''c\nd''', -1.5e3, .5, true }"));
  CHECK(good("SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER(?r > 1) } "
             "MINUS { ?s a <C> } { ?a ?b ?c } UNION { ?d ?e ?f } "
             "GRAPH ?g { ?x ?y ?z } BIND(?o + 1 AS ?n) "
             "VALUES (?v ?w) { (1 UNDEF) (<x> \"y\") } }"));
  CHECK(good("SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (GROUP_CONCAT(?o; "
             "SEPARATOR=\", \") AS ?all) { ?s ?p ?o } GROUP BY ?s "
             "HAVING (COUNT(*) > 1) ORDER BY DESC(?n) ?s LIMIT 10 OFFSET 5"));
  CHECK(good("SELECT * { ?s ?p ?o FILTER NOT EXISTS { ?o ?p ?s } "
             "FILTER EXISTS { ?s ?p [] } } VALUES ?s { <a> }"));
  CHECK(good("SELECT * { SERVICE SILENT <http://x/> { ?s ?p ?o } }"));
  CHECK(good("SELECT * { ?s ?p (1 (2 3) [ <q> ?x ]) }"));
  CHECK(good("SELECT ?x { { SELECT ?x { ?x ?p ?o } LIMIT 1 } }"));
  CHECK(good("SELECT * { ?s ?p \"\\u00e9\\U0001F46A\\t\" }"));
  CHECK(good("PREFIX e: <http://e/> SELECT * { e:a\\.b e:c%20d e:1 }"));
  // a FILTER does not end the basic graph pattern (syn-blabel-cross-filter)
  CHECK(good("SELECT * WHERE { _:a ?p ?v . FILTER(true) . ?s ?q _:a }"));
  CHECK(good("SELECT * WHERE { _:a ?p ?v FILTER(true) ?s ?q _:a }"));
  CHECK(!good("SELECT * WHERE { _:a ?p ?v OPTIONAL { ?s ?q _:a } }"));
  CHECK(good("SELECT (STRLEN(?o) AS ?l) (<http://www.w3.org/2001/XMLSchema#integer>(?o) AS ?i) "
             "{ ?s ?p ?o FILTER(REGEX(?o, \"a\", \"i\") && ?o IN (1, 2) && "
             "?o NOT IN (3)) }"));
}

static void
test_bad(void)
{
  CHECK(bad_at("SELECT * WHERE { ?s ?p }", 1U, 24U));
  CHECK(bad_at("SELECT *\nWHERE {\n  ?s ?p ?o\n  ?a ?b ?c }", 4U, 3U));
  CHECK(bad_at("SELECT * { ?s ?p ?o UNION ?s ?p ?o }", 1U, 21U));
  CHECK(bad_at("SELECT ?x WHERE { ?x <p> ex:y }", 1U, 26U)); // undefined prefix
  CHECK(bad_at("SELECT * { ?s ?p \"abc }", 1U, 24U));
  CHECK(bad_at("SELECT * { ?s ?p ?o } GROUP BY ?s", 1U, 1U));
  CHECK(bad_at("SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1U, 8U));
  CHECK(bad_at("SELECT (1 AS ?X) (1 AS ?X) {}", 1U, 18U));
  CHECK(bad_at("SELECT * { ?s ?p ?o BIND(1 AS ?o) }", 1U, 25U));
  CHECK(bad_at("SELECT * { VALUES (?a ?b) { (1) } }", 1U, 29U));
  CHECK(bad_at("SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", 1U, 33U));
  CHECK(bad_at("SELECT (SUM(?x,?y) AS ?S) {}", 1U, 15U));
  CHECK(bad_at("SELECT * { ?s ?p ?o FILTER(SUM(?o) > 1) }", 1U, 28U));
  CHECK(bad_at("SELECT * { ?s ?p '\\uD800' }", 1U, 19U));
  CHECK(bad_at("SELECT * { ?s ?p ?o } garbage", 1U, 23U));
}

static int
update_bad_at(const char* text, unsigned line, unsigned col)
{
  Caught                c;
  MgdDiagSink           sink = {catch_diag, &c};
  MgdSparqlParseOptions o;
  memset(&c, 0, sizeof(c));
  memset(&o, 0, sizeof(o));
  o.diag               = &sink;
  MgdSparqlUpdate* u   = NULL;
  const MgdStatus  st  = mgd_sparql_update_parse(mgd_str(text), &o, &u);
  mgd_sparql_update_free(u);
  if (st != MGD_BAD_SYNTAX || c.line != line || c.col != col) {
    fprintf(stderr, "update: %s\n  status %d at %u:%u: %s\n", text, st,
            c.line, c.col, c.message);
    return 0;
  }
  return 1;
}

static void
test_update(void)
{
  MgdSparqlUpdate* u = NULL;
  CHECK(!mgd_sparql_update_parse(
    mgd_str("PREFIX : <http://e/> INSERT DATA { :a :b 1 . GRAPH :g { :c :d "
            "_:x } } ; WITH :g DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } USING "
            ":h WHERE { ?s ?p ?o } ; DELETE WHERE { ?s :p ?o } ; CLEAR NAMED ;"
            " DROP SILENT GRAPH :g ; CREATE GRAPH :k ; ADD DEFAULT TO :g ; "
            "MOVE :g TO DEFAULT ; COPY GRAPH :a TO GRAPH :b ; LOAD <x> INTO "
            "GRAPH :g"),
    NULL, &u));
  mgd_sparql_update_free(u);
  u = NULL;
  CHECK(!mgd_sparql_update_parse(mgd_str("PREFIX : <http://e/>"), NULL, &u));
  mgd_sparql_update_free(u);
  mgd_sparql_update_free(NULL);
  CHECK(update_bad_at("INSERT DATA { <a> <b> ?c }", 1U, 23U));
  CHECK(update_bad_at("DELETE DATA { _:a <b> <c> }", 1U, 15U));
  CHECK(update_bad_at("DELETE WHERE {\n [] <p> <o> }", 2U, 2U));
  CHECK(update_bad_at("INSERT DATA { _:b <p> <o> } ; INSERT DATA { _:b <p> <o> }",
                      1U, 45U));
  CHECK(update_bad_at("INSERT WHERE { ?s ?p ?o }", 1U, 8U));
  CHECK(update_bad_at("CREATE DEAFULT", 1U, 8U));
  CHECK(update_bad_at("CLEAR GRAPH <g> ;;", 1U, 18U));
}

static void
test_limits(void)
{
  // Deep nesting: no crash, a limit error.
  MgdBuf buf;
  mgd_buf_init(&buf);
  mgd_buf_appendc(&buf, "SELECT * WHERE ");
  for (int i = 0; i < 5000; ++i) {
    mgd_buf_putc(&buf, '{');
  }
  for (int i = 0; i < 5000; ++i) {
    mgd_buf_putc(&buf, '}');
  }
  Caught          c;
  MgdSparqlQuery* q = NULL;
  CHECK(parse(buf.data, &c, &q) == MGD_BAD_LIMIT);
  CHECK(!q);
  mgd_buf_reset(&buf);
  mgd_buf_appendc(&buf, "SELECT (");
  for (int i = 0; i < 5000; ++i) {
    mgd_buf_putc(&buf, '(');
  }
  CHECK(parse(buf.data, &c, &q) == MGD_BAD_LIMIT);
  // Long operator chains and paths are as deep as they are long.
  mgd_buf_reset(&buf);
  mgd_buf_appendc(&buf, "SELECT (1");
  for (int i = 0; i < 20000; ++i) {
    mgd_buf_appendc(&buf, "+1");
  }
  mgd_buf_appendc(&buf, " AS ?x) {}");
  CHECK(parse(buf.data, &c, &q) == MGD_BAD_LIMIT);
  mgd_buf_reset(&buf);
  mgd_buf_appendc(&buf, "SELECT * { ?s <p>");
  for (int i = 0; i < 20000; ++i) {
    mgd_buf_appendc(&buf, "|<p>");
  }
  mgd_buf_appendc(&buf, " ?o }");
  CHECK(parse(buf.data, &c, &q) == MGD_BAD_LIMIT);
  mgd_buf_reset(&buf);
  mgd_buf_appendc(&buf, "SELECT * { ?s <p>");
  for (int i = 0; i < 100; ++i) {
    mgd_buf_appendc(&buf, "/<p>");
  }
  mgd_buf_appendc(&buf, " ?o FILTER(?o = 1");
  for (int i = 0; i < 100; ++i) {
    mgd_buf_appendc(&buf, " || ?o = 2");
  }
  mgd_buf_appendc(&buf, ") }");
  CHECK(parse(buf.data, &c, &q) == MGD_SUCCESS); // moderate chains are fine
  mgd_sparql_query_free(q);
  q = NULL;
  // Long OPTIONAL chains are as deep as nesting for the evaluator.
  mgd_buf_reset(&buf);
  mgd_buf_appendc(&buf, "SELECT * WHERE { ?s ?p ?o ");
  for (int i = 0; i < 3000; ++i) {
    mgd_buf_appendc(&buf, "OPTIONAL { ?s ?p ?x } ");
  }
  mgd_buf_putc(&buf, '}');
  CHECK(parse(buf.data, &c, &q) == MGD_BAD_LIMIT);
  CHECK(!q);
  mgd_buf_clear(&buf);
  // Query length.
  MgdLimits lim       = mgd_limits_default();
  lim.max_query_bytes = 10U;
  MgdSparqlParseOptions o;
  memset(&o, 0, sizeof(o));
  o.limits = &lim;
  CHECK(mgd_sparql_parse(mgd_str("SELECT * WHERE { ?s ?p ?o }"), &o, &q) ==
        MGD_BAD_LIMIT);
}

static void
test_alloc_failure(void)
{
  const char* text = "PREFIX : <http://e/> SELECT ?s (COUNT(?o) AS ?n) "
                     "{ ?s :p/:q* ?o OPTIONAL { ?o :r ?x } } GROUP BY ?s";
  for (long n = 0; n < 400; ++n) {
    MgdSparqlQuery* q = NULL;
    mgd_alloc_fail_after(n);
    const MgdStatus st = mgd_sparql_parse(mgd_str(text), NULL, &q);
    mgd_alloc_fail_after(-1);
    CHECK(st == MGD_SUCCESS || st == MGD_BAD_ALLOC);
    CHECK(st == MGD_SUCCESS ? q != NULL : q == NULL);
    mgd_sparql_query_free(q);
    if (st == MGD_SUCCESS) {
      break;
    }
  }
}

int
main(void)
{
  RUN(test_forms);
  RUN(test_good);
  RUN(test_bad);
  RUN(test_update);
  RUN(test_limits);
  RUN(test_alloc_failure);
  return TEST_SUMMARY();
}
