// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The crosswalk: SSSOM parsing (curie_map, comments, bad rows with their
// line), direction rules, and whole runs over a memstore with the shipped
// profiles (term maps and CONSTRUCT rules) and with a private mappings
// directory built in a temporary folder.

#include "test.h"

#include "base/alloc.h"
#include "base/str.h"
#include "crosswalk/crosswalk.h"
#include "rdf/memstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define OME "https://ld.openmicroscopy.org/core/"
#define SDO "https://schema.org/"

/// Collects diagnostics: the first message and line.
typedef struct {
  int      n;
  unsigned line;
  char     msg[512];
} Diags;

static void
diag_collect(void* const handle, const MgdDiag* const d)
{
  Diags* const ds = (Diags*)handle;
  if (!ds->n++) {
    ds->line = d->line;
    snprintf(ds->msg, sizeof(ds->msg), "%s", d->message);
  }
}

static MgdStatus
parse(const char* const text, Diags* const ds, MgdSssom** const set)
{
  memset(ds, 0, sizeof(*ds));
  const MgdDiagSink sink = {diag_collect, ds};
  return mgd_sssom_parse(text, strlen(text), "t.sssom.tsv", NULL, &sink, set);
}

static const char* const good =
  "# curie_map:\n"
  "#   ome: https://ld.openmicroscopy.org/core/\n"
  "#   'sdo': \"https://schema.org/\"\n"
  "# mapping_set_id: https://example.org/set\n"
  "subject_id\tpredicate_id\tobject_id\tmapping_justification\tcomment\n"
  "ome:Image\tskos:broadMatch\tsdo:ImageObject\tsemapv:ManualMappingCuration"
  "\tx\n"
  "\n"
  "# a comment between rows\n"
  "ome:name\tskos:exactMatch\tsdo:name\tsemapv:LexicalMatching\t\r\n";

static void
test_sssom_parse(void)
{
  Diags     ds;
  MgdSssom* set = NULL;
  CHECK(parse(good, &ds, &set) == MGD_SUCCESS);
  CHECK(ds.n == 0);
  CHECK(set && mgd_sssom_size(set) == 2U);
  if (!set || mgd_sssom_size(set) != 2U) {
    mgd_sssom_free(set);
    return;
  }
  const MgdSssomRow* const r0 = mgd_sssom_row(set, 0U);
  CHECK(mgd_str_eqc(r0->subject, OME "Image"));
  CHECK(mgd_str_eqc(r0->object, SDO "ImageObject"));
  CHECK(r0->predicate == MGD_SSSOM_BROAD);
  CHECK(mgd_str_eqc(r0->justification,
                    "https://w3id.org/semapv/vocab/ManualMappingCuration"));
  CHECK(r0->line == 6U);
  const MgdSssomRow* const r1 = mgd_sssom_row(set, 1U);
  CHECK(r1->predicate == MGD_SSSOM_EXACT);
  CHECK(mgd_str_eqc(r1->object, SDO "name"));
  CHECK(r1->line == 9U);
  CHECK(mgd_str_eqc(mgd_sssom_prefix(set, mgd_str("sdo")), SDO));
  CHECK(mgd_str_eqc(mgd_sssom_prefix(set, mgd_str("skos")), SKOS));
  CHECK(mgd_sssom_prefix(set, mgd_str("nope")).len == 0U);
  mgd_sssom_free(set);
  mgd_sssom_free(NULL);
}

static void
expect_bad(const char* const text, const unsigned line,
           const char* const needle)
{
  Diags     ds;
  MgdSssom* set = NULL;
  CHECK(parse(text, &ds, &set) == MGD_BAD_DATA);
  CHECK(set == NULL);
  CHECK(ds.n == 1);
  CHECK(ds.line == line);
  CHECK(strstr(ds.msg, needle) != NULL);
  if (ds.line != line || !strstr(ds.msg, needle)) {
    fprintf(stderr, "  got line %u: %s\n", ds.line, ds.msg);
  }
}

#define HEAD "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
#define MAP "# curie_map:\n#   a: https://a.example/\n"

static void
test_sssom_bad(void)
{
  expect_bad(MAP "subject_id\tpredicate_id\tobject_id\n", 3U,
             "missing column 'mapping_justification'");
  expect_bad(MAP HEAD "a:x\tskos:exactMatch\tb:y\tsemapv:LexicalMatching\n",
             4U, "unknown CURIE prefix 'b'");
  expect_bad(MAP HEAD "a:x\tskos:sameAs\ta:y\tsemapv:LexicalMatching\n", 4U,
             "bad predicate_id");
  expect_bad(MAP HEAD "a:x\tskos:exactMatch\ta:y\n", 4U, "row has 3 cells");
  expect_bad(MAP HEAD "a:x\tskos:exactMatch\ta:y\ta:because\n", 4U,
             "not a semapv: term");
  expect_bad(MAP HEAD "a:x\tskos:exactMatch\t\tsemapv:LexicalMatching\n", 4U,
             "empty object_id");
  expect_bad(MAP HEAD "a:x\tskos:exactMatch\tnocolon\tsemapv:Lexical\n", 4U,
             "not a CURIE");
  expect_bad("# curie_map:\n#   a b: https://a.example/\n" HEAD, 2U,
             "bad curie_map prefix");
  expect_bad(MAP, 2U, "no header row");
  expect_bad(MAP "subject_id\tpredicate_id\tobject_id\tmapping_justification"
                 "\tpredicate_modifier\n"
                 "a:x\tskos:exactMatch\ta:y\tsemapv:LexicalMatching\tMaybe\n",
             4U, "predicate_modifier");
}

// Every allocation of a parse fails in turn: MGD_BAD_ALLOC, no set, and
// (under ASan) no leak.
static void
test_sssom_alloc_failure(void)
{
  Diags             ds;
  MgdSssom*         set   = NULL;
  const unsigned long before = mgd_alloc_count();
  CHECK(parse(good, &ds, &set) == MGD_SUCCESS);
  const unsigned long n = mgd_alloc_count() - before;
  mgd_sssom_free(set);
  CHECK(n > 2U);
  for (unsigned long k = 0U; k < n; ++k) {
    set = NULL;
    mgd_alloc_fail_after((long)k);
    const MgdStatus st = parse(good, &ds, &set);
    mgd_alloc_fail_after(-1);
    CHECK(st == MGD_BAD_ALLOC);
    CHECK(set == NULL);
    mgd_sssom_free(set);
  }
}

static void
test_direction_rules(void)
{
  CHECK(mgd_sssom_applies(MGD_SSSOM_EXACT, true));
  CHECK(mgd_sssom_applies(MGD_SSSOM_EXACT, false));
  CHECK(mgd_sssom_applies(MGD_SSSOM_BROAD, true));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_BROAD, false));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_NARROW, true));
  CHECK(mgd_sssom_applies(MGD_SSSOM_NARROW, false));
  CHECK(mgd_sssom_applies(MGD_SSSOM_SUBCLASS, true));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_SUBCLASS, false));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_CLOSE, true));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_CLOSE, false));
  CHECK(!mgd_sssom_applies(MGD_SSSOM_RELATED, true));
  CHECK(mgd_sssom_applies(MGD_SSSOM_EQUIV_PROPERTY, false));
}

// ------------------------------------------------ a private mappings dir

static char tmp_dir[64];

static void
write_file(const char* const name, const char* const text)
{
  char path[256];
  snprintf(path, sizeof(path), "%s/mappings/%s", tmp_dir, name);
  FILE* const f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void
remove_tmp(void)
{
  const char* const names[] = {"profiles.tsv", "a.sssom.tsv", "r.rq",
                               "bad.sssom.tsv"};
  char              path[256];
  for (size_t i = 0U; i < sizeof(names) / sizeof(names[0]); ++i) {
    snprintf(path, sizeof(path), "%s/mappings/%s", tmp_dir, names[i]);
    unlink(path);
  }
  snprintf(path, sizeof(path), "%s/mappings", tmp_dir);
  rmdir(path);
  rmdir(tmp_dir);
}

// Source vocabulary s:, target t:. s:A exact t:A; s:B broad t:B (s:B ->
// t:B only); t:C narrow s:C (s:C -> t:C only: t:C is narrower... no: the
// object s:C is narrower, so s:C -> t:C); s:D close t:D (never); s:E
// exact m:E exact t:E (two hops); s:F narrowMatch t:F (t:F narrower: only
// t:F -> s:F, so s:F stays unmapped towards t:).
static const char* const map_a =
  "# curie_map:\n"
  "#   s: https://s.example/\n"
  "#   t: https://t.example/\n"
  "#   m: https://m.example/\n"
  HEAD
  "s:A\tskos:exactMatch\tt:A\tsemapv:ManualMappingCuration\n"
  "s:B\tskos:broadMatch\tt:B\tsemapv:ManualMappingCuration\n"
  "t:C\tskos:narrowMatch\ts:C\tsemapv:ManualMappingCuration\n"
  "s:D\tskos:closeMatch\tt:D\tsemapv:ManualMappingCuration\n"
  "s:E\tskos:exactMatch\tm:E\tsemapv:ManualMappingCuration\n"
  "m:E\tskos:exactMatch\tt:E\tsemapv:ManualMappingCuration\n"
  "s:F\tskos:narrowMatch\tt:F\tsemapv:ManualMappingCuration\n";

static MgdStatus
open_xw(const char* const to, Diags* const ds, MgdCrosswalk** const xw)
{
  memset(ds, 0, sizeof(*ds));
  const MgdDiagSink   sink = {diag_collect, ds};
  MgdCrosswalkOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir = tmp_dir;
  o.to       = to;
  o.diag     = &sink;
  return mgd_crosswalk_new(&o, xw);
}

static bool
maps_to(const MgdCrosswalk* const xw, const char* const from,
        const char* const to)
{
  MgdStr          out;
  const MgdStatus st = mgd_crosswalk_term(xw, mgd_str(from), &out);
  if (!to) {
    return st == MGD_FAILURE;
  }
  return st == MGD_SUCCESS && mgd_str_eqc(out, to);
}

static void
test_term_directions(void)
{
  write_file("profiles.tsv",
             "# test\n"
             "t\thttps://t.example/\ta.sssom.tsv r.rq\n"
             "s\thttps://s.example/\ta.sssom.tsv\n");
  write_file("a.sssom.tsv", map_a);
  write_file("r.rq", "PREFIX s: <https://s.example/>\n"
                     "PREFIX t: <https://t.example/>\n"
                     "CONSTRUCT { ?x t:pair [ t:left ?a ; t:right ?b ] }\n"
                     "WHERE { ?x s:left ?a ; s:right ?b }\n");
  Diags         ds;
  MgdCrosswalk* xw = NULL;
  CHECK(open_xw("t", &ds, &xw) == MGD_SUCCESS);
  if (!xw) {
    fprintf(stderr, "  %s\n", ds.msg);
    return;
  }
  CHECK(maps_to(xw, "https://s.example/A", "https://t.example/A"));
  CHECK(maps_to(xw, "https://s.example/B", "https://t.example/B"));
  CHECK(maps_to(xw, "https://s.example/C", "https://t.example/C"));
  CHECK(maps_to(xw, "https://s.example/D", NULL));
  CHECK(maps_to(xw, "https://s.example/E", "https://t.example/E"));
  CHECK(maps_to(xw, "https://s.example/F", NULL));
  CHECK(maps_to(xw, "https://t.example/Z", "https://t.example/Z"));
  CHECK(maps_to(xw, "https://s.example/Z", NULL));
  mgd_crosswalk_free(xw);

  // The other way: exact rows reverse, broad rows do not.
  xw = NULL;
  CHECK(open_xw("s", &ds, &xw) == MGD_SUCCESS);
  if (xw) {
    CHECK(maps_to(xw, "https://t.example/A", "https://s.example/A"));
    CHECK(maps_to(xw, "https://t.example/B", NULL));
    CHECK(maps_to(xw, "https://t.example/C", NULL));
    CHECK(maps_to(xw, "https://t.example/E", "https://s.example/E"));
    CHECK(maps_to(xw, "https://t.example/F", "https://s.example/F"));
  }
  mgd_crosswalk_free(xw);
  mgd_crosswalk_free(NULL);

  // Unknown profile: MGD_FAILURE and the list of profiles.
  xw = NULL;
  CHECK(open_xw("nope", &ds, &xw) == MGD_FAILURE);
  CHECK(xw == NULL);
  CHECK(strstr(ds.msg, "unknown profile 'nope'") != NULL);
  CHECK(strstr(ds.msg, "t, s") != NULL);

  // A bad mapping file named by a profile is refused with file:line.
  write_file("profiles.tsv", "t\thttps://t.example/\tbad.sssom.tsv\n");
  write_file("bad.sssom.tsv", HEAD "x:A\tskos:exactMatch\tt:A\tsemapv:X\n");
  CHECK(open_xw("t", &ds, &xw) == MGD_BAD_DATA);
  CHECK(ds.line == 2U && strstr(ds.msg, "unknown CURIE prefix 'x'"));
  write_file("profiles.tsv", "t\thttps://t.example/\tr.rq\n");
  write_file("r.rq", "SELECT * WHERE { ?s ?p ?o }");
  CHECK(open_xw("t", &ds, &xw) == MGD_BAD_DATA);
  CHECK(strstr(ds.msg, "CONSTRUCT") != NULL);
  write_file("r.rq", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ");
  CHECK(open_xw("t", &ds, &xw) == MGD_BAD_SYNTAX);
}

static void
add(MgdMemStore* const m, const char* const s, const char* const p,
    const char* const o, const bool literal)
{
  MgdQuad q;
  q.s = mgd_term_iri(mgd_str(s));
  q.p = mgd_term_iri(mgd_str(p));
  q.o = literal ? mgd_term_literal(mgd_str(o), mgd_str(MGD_XSD_STRING),
                                   mgd_str(""))
                : mgd_term_iri(mgd_str(o));
  q.g = mgd_term_none();
  CHECK(mgd_memstore_add(m, &q, NULL) == MGD_SUCCESS);
}

static bool
has(MgdMemStore* const m, const char* const s, const char* const p,
    const char* const o, const bool literal)
{
  const MgdSource src = mgd_memstore_source(m);
  MgdQuad         q;
  q.s = s ? mgd_term_iri(mgd_str(s)) : mgd_term_none();
  q.p = mgd_term_iri(mgd_str(p));
  q.o = literal ? mgd_term_literal(mgd_str(o), mgd_str(MGD_XSD_STRING),
                                   mgd_str(""))
                : mgd_term_iri(mgd_str(o));
  MgdIdQuad pat = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE};
  if ((s && mgd_source_lookup(&src, &q.s, &pat.s)) ||
      mgd_source_lookup(&src, &q.p, &pat.p) ||
      mgd_source_lookup(&src, &q.o, &pat.o)) {
    return false;
  }
  MgdIter* it = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return false;
  }
  MgdIdQuad       got;
  const bool      found = src.vt->next(it, &got) == MGD_SUCCESS;
  src.vt->iter_free(it);
  return found;
}

static void
test_run_private(void)
{
  write_file("profiles.tsv", "t\thttps://t.example/\ta.sssom.tsv r.rq\n");
  write_file("a.sssom.tsv", map_a);
  write_file("r.rq", "PREFIX s: <https://s.example/>\n"
                     "PREFIX t: <https://t.example/>\n"
                     "CONSTRUCT { ?x t:pair [ t:left ?a ; t:right ?b ] }\n"
                     "WHERE { ?x s:left ?a ; s:right ?b }\n");
  Diags         ds;
  MgdCrosswalk* xw = NULL;
  CHECK(open_xw("t", &ds, &xw) == MGD_SUCCESS);
  MgdMemStore* const in  = mgd_memstore_new();
  MgdMemStore* const out = mgd_memstore_new();
  add(in, "https://x.example/1", MGD_RDF_TYPE, "https://s.example/B", false);
  add(in, "https://x.example/1", "https://s.example/A", "v", true);
  add(in, "https://x.example/1", "https://t.example/Q", "w", true);
  add(in, "https://x.example/1", "https://s.example/D", "u", true);
  add(in, "https://x.example/1", "https://s.example/left", "l", true);
  add(in, "https://x.example/1", "https://s.example/right", "r", true);
  add(in, "https://x.example/1", MGD_NS_RDFS "label", "lab", true);
  const MgdSource    src  = mgd_memstore_source(in);
  const MgdSink      sink = mgd_memstore_sink(out);
  MgdCrosswalkReport rep;
  CHECK(xw && mgd_crosswalk_run(xw, &src, NULL, &sink, &rep) == MGD_SUCCESS);
  CHECK(rep.n_in == 7U);
  CHECK(rep.n_mapped == 2U);   // type s:B, s:A
  CHECK(rep.n_kept == 2U);     // t:Q, rdfs:label
  CHECK(rep.n_unmapped == 3U); // s:D (closeMatch), s:left, s:right
  CHECK(rep.n_rules == 1U);
  CHECK(rep.n_rule == 3U);
  CHECK(rep.n_out == 10U);
  CHECK(has(out, "https://x.example/1", MGD_RDF_TYPE, "https://t.example/B",
            false));
  CHECK(has(out, "https://x.example/1", "https://t.example/A", "v", true));
  CHECK(has(out, "https://x.example/1", "https://s.example/D", "u", true));
  CHECK(has(out, NULL, "https://t.example/left", "l", true));
  CHECK(!has(out, "https://x.example/1", "https://s.example/A", "v", true));

  // drop_unmapped removes exactly the unmapped triples.
  MgdMemStore* const out2 = mgd_memstore_new();
  const MgdSink      sink2 = mgd_memstore_sink(out2);
  MgdCrosswalkRunOptions ro;
  memset(&ro, 0, sizeof(ro));
  ro.drop_unmapped = true;
  CHECK(xw && mgd_crosswalk_run(xw, &src, &ro, &sink2, &rep) == MGD_SUCCESS);
  CHECK(rep.n_unmapped == 3U && rep.n_out == 7U);
  CHECK(mgd_memstore_size(out2) == 7U);
  CHECK(!has(out2, "https://x.example/1", "https://s.example/D", "u", true));
  mgd_memstore_free(out2);
  mgd_memstore_free(in);
  mgd_memstore_free(out);
  mgd_crosswalk_free(xw);
}

// Every allocation of loading a profile and running it fails in turn:
// an error status (MGD_BAD_ALLOC, or the rule engine's), never a crash or
// (under ASan) a leak.
static void
test_run_alloc_failure(void)
{
  write_file("profiles.tsv", "t\thttps://t.example/\ta.sssom.tsv r.rq\n");
  write_file("a.sssom.tsv", map_a);
  write_file("r.rq", "PREFIX s: <https://s.example/>\n"
                     "PREFIX t: <https://t.example/>\n"
                     "CONSTRUCT { ?x t:pair [ t:left ?a ; t:right ?b ] }\n"
                     "WHERE { ?x s:left ?a ; s:right ?b }\n");
  MgdMemStore* const in = mgd_memstore_new();
  add(in, "https://x.example/1", MGD_RDF_TYPE, "https://s.example/B", false);
  add(in, "https://x.example/1", "https://s.example/A", "v", true);
  add(in, "https://x.example/1", "https://s.example/left", "l", true);
  add(in, "https://x.example/1", "https://s.example/right", "r", true);
  const MgdSource src   = mgd_memstore_source(in);
  unsigned long   total = 0U;
  for (long k = -1;; ++k) {
    Diags         ds;
    MgdCrosswalk* xw  = NULL;
    MgdMemStore*  out = NULL;
    const unsigned long before = mgd_alloc_count();
    mgd_alloc_fail_after(k);
    MgdStatus st = open_xw("t", &ds, &xw);
    if (!st) {
      out = mgd_memstore_new();
      st  = out ? MGD_SUCCESS : MGD_BAD_ALLOC;
    }
    if (!st) {
      const MgdSink sink = mgd_memstore_sink(out);
      st                 = mgd_crosswalk_run(xw, &src, NULL, &sink, NULL);
    }
    const unsigned long used = mgd_alloc_count() - before;
    mgd_alloc_fail_after(-1);
    mgd_memstore_free(out);
    mgd_crosswalk_free(xw);
    if (k < 0) {
      CHECK(st == MGD_SUCCESS);
      total = used; // allocations of a whole run
      continue;
    }
    if ((unsigned long)k >= total) {
      break;
    }
    CHECK(st > MGD_FAILURE);
    if (st <= MGD_FAILURE) {
      fprintf(stderr, "  allocation %ld of %lu failed quietly: status %d\n",
              k, total, (int)st);
      break;
    }
  }
  CHECK(total > 10U);
  if (getenv("VERBOSE")) {
    fprintf(stderr, "  run: %lu allocations, each failed once\n", total);
  }
  mgd_memstore_free(in);
}

// The shipped profiles (mappings/ of the source tree).
static MgdCrosswalk*
shipped(const char* const to)
{
  MgdCrosswalkOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir       = MGD_SRCDIR;
  o.to             = to;
  MgdCrosswalk* xw = NULL;
  Diags         ds;
  memset(&ds, 0, sizeof(ds));
  const MgdDiagSink sink = {diag_collect, &ds};
  o.diag                 = &sink;
  CHECK(mgd_crosswalk_new(&o, &xw) == MGD_SUCCESS);
  if (!xw) {
    fprintf(stderr, "  %s: %s (line %u)\n", to, ds.msg, ds.line);
  }
  return xw;
}

static void
test_shipped_profiles(void)
{
  const char* const names[] = {"ome",      "rembi", "schema.org", "ro-crate",
                               "datacite", "isa",   "bids"};
  for (size_t i = 0U; i < sizeof(names) / sizeof(names[0]); ++i) {
    mgd_crosswalk_free(shipped(names[i]));
  }
  MgdCrosswalk* const xw = shipped("ome");
  if (xw) {
    CHECK(maps_to(xw, "http://www.openmicroscopy.org/rdf/2016-06/ome_core/"
                      "PhysicalSizeX",
                  OME "physical_size_x"));
    CHECK(maps_to(xw, "http://www.openmicroscopy.org/Schemas/OME/2016-06#"
                      "Pixels",
                  OME "Pixels"));
    CHECK(maps_to(xw, OME "physicalSizeX", OME "physical_size_x"));
    // schema:ImageObject is broader than ome:Image: no way back.
    CHECK(maps_to(xw, SDO "ImageObject", NULL));
    CHECK(maps_to(xw, SDO "name", OME "name"));
  }
  mgd_crosswalk_free(xw);
  MgdCrosswalk* const rc = shipped("ro-crate");
  if (rc) {
    // The ro-crate profile writes schema.org as http://schema.org/.
    CHECK(maps_to(rc, OME "Image", "http://schema.org/ImageObject"));
  }
  mgd_crosswalk_free(rc);
}

// OME Pixels sizes become an ImageObject's PropertyValues (the shipped
// schema.org rule), over an in-memory record in the omero-rdf dialect.
static void
test_shipped_rule(void)
{
  MgdCrosswalk* const xw = shipped("schema.org");
  if (!xw) {
    return;
  }
  const char* const core = "http://www.openmicroscopy.org/rdf/2016-06/"
                           "ome_core/";
  char              p[256];
  MgdMemStore* const in  = mgd_memstore_new();
  MgdMemStore* const out = mgd_memstore_new();
  snprintf(p, sizeof(p), "%sImage", core);
  add(in, "https://x.example/img", MGD_RDF_TYPE, p, false);
  snprintf(p, sizeof(p), "%sName", core);
  add(in, "https://x.example/img", p, "cells", true);
  add(in, "https://x.example/img", OME "pixels", "https://x.example/px",
      false);
  MgdQuad q;
  q.s = mgd_term_iri(mgd_str("https://x.example/px"));
  q.p = mgd_term_iri(mgd_str(OME "physical_size_x"));
  q.o = mgd_term_literal(mgd_str("0.5"), mgd_str(MGD_XSD_DOUBLE), mgd_str(""));
  q.g = mgd_term_none();
  CHECK(mgd_memstore_add(in, &q, NULL) == MGD_SUCCESS);
  add(in, "https://x.example/px", OME "physical_size_x_unit",
      "http://qudt.org/vocab/unit/MicroM", false);
  const MgdSource    src  = mgd_memstore_source(in);
  const MgdSink      sink = mgd_memstore_sink(out);
  MgdCrosswalkReport rep;
  CHECK(mgd_crosswalk_run(xw, &src, NULL, &sink, &rep) == MGD_SUCCESS);
  CHECK(has(out, "https://x.example/img", MGD_RDF_TYPE, SDO "ImageObject",
            false));
  CHECK(has(out, "https://x.example/img", SDO "name", "cells", true));
  CHECK(has(out, NULL, SDO "propertyID", "PhysicalSizeX", true));
  CHECK(has(out, NULL, SDO "unitCode", "http://qudt.org/vocab/unit/MicroM",
            false));
  CHECK(rep.n_rules >= 1U);
  mgd_memstore_free(in);
  mgd_memstore_free(out);
  mgd_crosswalk_free(xw);
}

// DataCite JSON of a hand-made datacite-profile graph: the root is the
// dataset that is no other's part; strings are JSON-escaped.
static void
test_datacite_json(void)
{
  const char* const dct = "http://purl.org/dc/terms/";
  char              p[128];
  MgdMemStore* const g = mgd_memstore_new();
  add(g, "https://x.example/part", MGD_RDF_TYPE,
      "http://purl.org/dc/dcmitype/Dataset", false);
  add(g, "https://x.example/root", MGD_RDF_TYPE,
      "http://purl.org/dc/dcmitype/Dataset", false);
  snprintf(p, sizeof(p), "%shasPart", dct);
  add(g, "https://x.example/root", p, "https://x.example/part", false);
  snprintf(p, sizeof(p), "%stitle", dct);
  add(g, "https://x.example/root", p, "A \"quoted\" title", true);
  add(g, "https://x.example/part", p, "the part", true);
  snprintf(p, sizeof(p), "%screator", dct);
  add(g, "https://x.example/root", p, "https://x.example/org", false);
  add(g, "https://x.example/org", MGD_RDF_TYPE,
      "http://xmlns.com/foaf/0.1/Organization", false);
  add(g, "https://x.example/org", "http://xmlns.com/foaf/0.1/name", "Lab",
      true);
  add(g, "https://x.example/root", "http://purl.org/spar/datacite/hasIdentifier",
      "https://x.example/id", false);
  add(g, "https://x.example/id",
      "http://purl.org/spar/datacite/usesIdentifierScheme",
      "http://purl.org/spar/datacite/doi", false);
  add(g, "https://x.example/id",
      "http://www.essepuntato.it/2010/06/literalreification/hasLiteralValue",
      "https://doi.org/10.1234/abc", true);
  const MgdSource src = mgd_memstore_source(g);
  MgdBuf          out;
  mgd_buf_init(&out);
  CHECK(mgd_crosswalk_datacite_json(&src, &out) == MGD_SUCCESS);
  const char* const j = out.data ? out.data : "";
  CHECK(strstr(j, "\"titles\": [{\"title\": \"A \\\"quoted\\\" title\"}]"));
  CHECK(!strstr(j, "the part"));
  CHECK(strstr(j, "{\"name\": \"Lab\", \"nameType\": \"Organizational\""));
  CHECK(strstr(j, "\"doi\": \"10.1234/abc\""));
  CHECK(strstr(j, "\"identifierType\": \"DOI\""));
  CHECK(strstr(j, "\"resourceTypeGeneral\": \"Dataset\""));
  mgd_buf_clear(&out);
  mgd_memstore_free(g);
  // No dataset: MGD_FAILURE, nothing written.
  MgdMemStore* const empty = mgd_memstore_new();
  const MgdSource    esrc  = mgd_memstore_source(empty);
  mgd_buf_init(&out);
  CHECK(mgd_crosswalk_datacite_json(&esrc, &out) == MGD_FAILURE);
  CHECK(out.len == 0U);
  mgd_buf_clear(&out);
  mgd_memstore_free(empty);
}

int
main(void)
{
  snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/test_crosswalk.XXXXXX");
  const char* const tmp = getenv("TMPDIR");
  if (tmp && *tmp && strlen(tmp) < 40U) {
    snprintf(tmp_dir, sizeof(tmp_dir), "%s/test_crosswalk.XXXXXX", tmp);
  }
  if (!mkdtemp(tmp_dir)) {
    perror("mkdtemp");
    return 1;
  }
  char path[256];
  snprintf(path, sizeof(path), "%s/mappings", tmp_dir);
  if (mkdir(path, 0700)) {
    perror("mkdir");
    return 1;
  }
  RUN(test_sssom_parse);
  RUN(test_sssom_bad);
  RUN(test_sssom_alloc_failure);
  RUN(test_direction_rules);
  RUN(test_term_directions);
  RUN(test_run_private);
  RUN(test_run_alloc_failure);
  RUN(test_shipped_profiles);
  RUN(test_shipped_rule);
  RUN(test_datacite_json);
  remove_tmp();
  return TEST_SUMMARY();
}
