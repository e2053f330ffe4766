// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SHACL shapes compiler (and the validator behind
// it). The input is decoded as a graph over a fixed table of terms (the
// SHACL vocabulary, rdf:first/rest/nil, a few IRIs, blank nodes and
// literals): every 3 bytes are one triple (subject, predicate, object
// indexes). This reaches odd shapes graphs (cyclic or branching lists,
// recursive shapes, shapes with several paths, ill-typed parameters) far
// faster than Turtle text, and keeps the RDF parser (fuzzed elsewhere) out.
// The graph serves as shapes graph and data graph. The compiler must refuse
// malformed shapes with a status and never crash, leak or loop.
//
// Build: ../configure --enable-fuzzing CC=clang
//          CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address"
//        make tests/fuzz/fuzz_shacl
// Run:   tests/fuzz/fuzz_shacl -max_len=600 ../tests/fuzz/regress/shacl

#include "base/limits.h"
#include "rdf/memstore.h"
#include "shacl/shacl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#define SH "http://www.w3.org/ns/shacl#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD "http://www.w3.org/2001/XMLSchema#"

// Terms: 'I' IRI, 'B' blank node, 'L' literal with datatype (or @lang).
static const char* const terms[][3] = {
  {"I", RDF "type", NULL}, {"I", RDF "first", NULL}, {"I", RDF "rest", NULL},
  {"I", RDF "nil", NULL}, {"I", "http://www.w3.org/2000/01/rdf-schema#Class", NULL},
  {"I", "http://www.w3.org/2000/01/rdf-schema#subClassOf", NULL},
  {"I", SH "NodeShape", NULL}, {"I", SH "PropertyShape", NULL},
  {"I", SH "targetNode", NULL}, {"I", SH "targetClass", NULL},
  {"I", SH "targetSubjectsOf", NULL}, {"I", SH "targetObjectsOf", NULL},
  {"I", SH "path", NULL}, {"I", SH "inversePath", NULL},
  {"I", SH "alternativePath", NULL}, {"I", SH "zeroOrMorePath", NULL},
  {"I", SH "oneOrMorePath", NULL}, {"I", SH "zeroOrOnePath", NULL},
  {"I", SH "severity", NULL}, {"I", SH "message", NULL},
  {"I", SH "deactivated", NULL}, {"I", SH "class", NULL},
  {"I", SH "datatype", NULL}, {"I", SH "nodeKind", NULL},
  {"I", SH "minCount", NULL}, {"I", SH "maxCount", NULL},
  {"I", SH "minExclusive", NULL}, {"I", SH "minInclusive", NULL},
  {"I", SH "maxExclusive", NULL}, {"I", SH "maxInclusive", NULL},
  {"I", SH "minLength", NULL}, {"I", SH "maxLength", NULL},
  {"I", SH "pattern", NULL}, {"I", SH "flags", NULL},
  {"I", SH "languageIn", NULL}, {"I", SH "uniqueLang", NULL},
  {"I", SH "equals", NULL}, {"I", SH "disjoint", NULL},
  {"I", SH "lessThan", NULL}, {"I", SH "lessThanOrEquals", NULL},
  {"I", SH "not", NULL}, {"I", SH "and", NULL}, {"I", SH "or", NULL},
  {"I", SH "xone", NULL}, {"I", SH "node", NULL}, {"I", SH "property", NULL},
  {"I", SH "qualifiedValueShape", NULL}, {"I", SH "qualifiedMinCount", NULL},
  {"I", SH "qualifiedMaxCount", NULL},
  {"I", SH "qualifiedValueShapesDisjoint", NULL}, {"I", SH "closed", NULL},
  {"I", SH "ignoredProperties", NULL}, {"I", SH "hasValue", NULL},
  {"I", SH "in", NULL}, {"I", SH "IRI", NULL}, {"I", SH "Literal", NULL},
  {"I", SH "Warning", NULL}, {"I", XSD "integer", NULL},
  {"I", "http://example.org/a", NULL}, {"I", "http://example.org/b", NULL},
  {"I", "http://example.org/c", NULL}, {"I", "http://example.org/d", NULL},
  {"B", "b0", NULL}, {"B", "b1", NULL}, {"B", "b2", NULL}, {"B", "b3", NULL},
  {"B", "b4", NULL}, {"B", "b5", NULL}, {"B", "b6", NULL}, {"B", "b7", NULL},
  {"L", "1", XSD "integer"}, {"L", "0", XSD "integer"},
  {"L", "-1", XSD "integer"}, {"L", "true", XSD "boolean"},
  {"L", "false", XSD "boolean"}, {"L", "x", ""}, {"L", "^a(", ""},
  {"L", "en", ""}, {"L", "1.5", XSD "decimal"}, {"L", "abc", "@en"},
  {"L", "2024-01-01", XSD "date"}, {"L", "a.*", ""}, {"L", "i", ""},
};

#define N_TERMS (sizeof(terms) / sizeof(terms[0]))

static MgdTerm
term_at(const uint8_t byte)
{
  const char* const* const t = terms[byte % N_TERMS];
  switch (t[0][0]) {
  case 'I': return mgd_term_iri(mgd_str(t[1]));
  case 'B': return mgd_term_blank(mgd_str(t[1]));
  default: break;
  }
  if (t[2][0] == '@') {
    return mgd_term_literal(mgd_str(t[1]), mgd_str(NULL), mgd_str(t[2] + 1));
  }
  return mgd_term_literal(mgd_str(t[1]), mgd_str(t[2]), mgd_str(NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size > 3U * 512U) {
    return 0;
  }
  MgdLimits limits = mgd_limits_default();
  limits.max_nesting = 32U;
  MgdMemStore* const store = mgd_memstore_new();
  MgdMemStore* const report = mgd_memstore_new();
  bool               ok = store && report;
  for (size_t i = 0U; ok && i + 3U <= size; i += 3U) {
    MgdQuad q;
    q.s = term_at(data[i]);
    q.p = term_at(data[i + 1U]);
    q.o = term_at(data[i + 2U]);
    q.g = mgd_term_none();
    if (q.s.kind == MGD_TERM_LITERAL || q.p.kind != MGD_TERM_IRI) {
      continue;
    }
    ok = mgd_memstore_add(store, &q, NULL) == MGD_SUCCESS;
  }
  if (ok) {
    const MgdSource src = mgd_memstore_source(store);
    MgdShaclOptions opts = {NULL, &limits, "fuzz", NULL, NULL};
    MgdShapes*      shapes = NULL;
    if (mgd_shacl_compile(&src, &opts, &shapes) == MGD_SUCCESS) {
      const MgdSink   rsink = mgd_memstore_sink(report);
      MgdShaclSummary sum;
      (void)mgd_shacl_validate(shapes, &src, NULL, &opts, &rsink, &sum);
    }
    mgd_shacl_free(shapes);
  }
  mgd_memstore_free(store);
  mgd_memstore_free(report);
  return 0;
}
