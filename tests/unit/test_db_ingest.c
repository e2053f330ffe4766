// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// db_ingest: one source per write transaction with optional validation;
// the validation record in urn:mugdat:provenance; --require-valid refuses
// without writing; re-ingest replaces; shapes lookup refuses unsafe names;
// mgd_db_validate_bytes over RDF, an ingest source and bad bodies.

#undef NDEBUG

#include "test.h"

#include "base/alloc.h"
#include "db/db_ingest.h"
#include "rdf/term.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MGDV "https://w3id.org/mugdat/vocab#"

static char tmpdir[64];
static char src_dir[4096];

static const char* const shapes_ttl =
  "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
  "@prefix ex: <http://example.org/> .\n"
  "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
  "  sh:property [ sh:path ex:name ; sh:minCount 1 ] ;\n"
  "  sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:severity sh:Warning ] .\n";

static void
write_file(const char* const path, const char* const text)
{
  FILE* const f = fopen(path, "wb");
  assert(f);
  fputs(text, f);
  fclose(f);
}

/// Quads matching (s?, p?, o?, g?) given as terms (NULL: any).
static size_t
count(MgdDb* const db, const MgdTerm* const s, const MgdTerm* const p,
      const MgdTerm* const o, const MgdTerm* const g)
{
  MgdDbRead* r = NULL;
  CHECK(!mgd_db_read_begin(db, &r));
  MgdSource       src   = mgd_db_read_source(r);
  MgdIdQuad       pat   = {0U, 0U, 0U, 0U};
  const MgdTerm*  t[4]  = {s, p, o, g};
  MgdId*          id[4] = {&pat.s, &pat.p, &pat.o, &pat.g};
  size_t          n     = 0U;
  for (unsigned k = 0U; k < 4U; ++k) {
    if (t[k] && mgd_source_lookup(&src, t[k], id[k]) != MGD_SUCCESS) {
      mgd_db_read_end(r);
      return 0U;
    }
  }
  MgdIter* it = NULL;
  CHECK(!src.vt->match(src.handle, &pat, &it));
  MgdIdQuad q;
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    ++n;
  }
  src.vt->iter_free(it);
  mgd_db_read_end(r);
  return n;
}

static MgdShapes*
load_shapes(void)
{
  char path[128];
  snprintf(path, sizeof(path), "%s/shapes.ttl", tmpdir);
  write_file(path, shapes_ttl);
  MgdShapes* shapes = NULL;
  CHECK(!mgd_db_shapes_load(path, NULL, NULL, &shapes));
  return shapes;
}

static void
test_ingest_validate(void)
{
  char dbdir[128];
  char bad[128];
  char good[128];
  snprintf(dbdir, sizeof(dbdir), "%s/db", tmpdir);
  snprintf(bad, sizeof(bad), "%s/bad.ttl", tmpdir);
  snprintf(good, sizeof(good), "%s/good.ttl", tmpdir);
  // omero-rdf ingests any Turtle: two things, one without a name, one with
  // two sizes (a warning).
  write_file(bad, "@prefix ex: <http://example.org/> .\n"
                  "ex:a a ex:Thing ; ex:size 1, 2 ; ex:name \"a\" .\n"
                  "ex:b a ex:Thing .\n");
  write_file(good, "@prefix ex: <http://example.org/> .\n"
                   "ex:c a ex:Thing ; ex:name \"c\" .\n");
  MgdDbOptions dopt;
  memset(&dopt, 0, sizeof(dopt));
  dopt.create = true;
  MgdDb* db   = NULL;
  CHECK(!mgd_db_open(dbdir, &dopt, &db));
  MgdIngestOptions iopt;
  memset(&iopt, 0, sizeof(iopt));
  iopt.data_dir = src_dir;
  iopt.now      = "2026-01-01T00:00:00Z";
  MgdIngester* ing = NULL;
  CHECK(!mgd_ingester_new(&iopt, &ing));
  MgdShapes* const shapes = load_shapes();
  if (!db || !ing || !shapes) {
    mgd_ingester_free(ing);
    mgd_shacl_free(shapes);
    mgd_db_close(db);
    return;
  }
  const MgdTerm pg   = mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH));
  const MgdTerm gb   = mgd_term_iri(mgd_str("urn:test:bad"));
  const MgdTerm gg   = mgd_term_iri(mgd_str("urn:test:good"));
  const MgdTerm vb   = mgd_term_iri(mgd_str("urn:test:bad#validation"));
  const MgdTerm conf = mgd_term_iri(mgd_str(MGD_NS_SH "conforms"));
  const MgdTerm viol = mgd_term_iri(mgd_str(MGDV "violations"));
  const MgdTerm warn = mgd_term_iri(mgd_str(MGDV "warnings"));
  const MgdTerm shg  = mgd_term_iri(mgd_str(MGDV "shapesGraph"));
  const MgdTerm f    = mgd_term_literal(mgd_str("false"),
                                        mgd_str(MGD_XSD_BOOLEAN), mgd_str(NULL));
  const MgdTerm one  = mgd_term_literal(mgd_str("1"),
                                        mgd_str(MGD_XSD_INTEGER), mgd_str(NULL));

  // Refused: nothing at all is written.
  MgdDbIngestOptions o;
  memset(&o, 0, sizeof(o));
  o.ingester      = ing;
  o.graph         = "urn:test:bad";
  o.shapes        = shapes;
  o.shapes_iri    = "urn:test:shapes";
  o.require_valid = true;
  MgdDbIngestReport r;
  CHECK(mgd_db_ingest_path(db, bad, &o, &r) == MGD_BAD_DATA);
  CHECK(r.refused && r.validated && !r.summary.conforms);
  CHECK(r.summary.n_violation == 1U && r.summary.n_warning == 1U);
  CHECK(count(db, NULL, NULL, NULL, NULL) == 0U);

  // Recorded: the graph, its provenance and the validation summary.
  o.require_valid = false;
  CHECK(!mgd_db_ingest_path(db, bad, &o, &r));
  CHECK(!r.refused && r.validated && !r.summary.conforms);
  CHECK(count(db, NULL, NULL, NULL, &gb) == 5U);
  CHECK(count(db, &vb, &conf, &f, &pg) == 1U);
  CHECK(count(db, &vb, &viol, &one, &pg) == 1U);
  CHECK(count(db, &vb, &warn, &one, &pg) == 1U);
  CHECK(count(db, &vb, &shg, NULL, &pg) == 1U);
  const size_t n_all = count(db, NULL, NULL, NULL, NULL);

  // Re-ingest replaces everything (same count, one record).
  CHECK(!mgd_db_ingest_path(db, bad, &o, &r));
  CHECK(count(db, NULL, NULL, NULL, NULL) == n_all);
  CHECK(count(db, &vb, &conf, NULL, &pg) == 1U);

  // A refused re-ingest keeps the previous version whole.
  o.require_valid = true;
  CHECK(mgd_db_ingest_path(db, bad, &o, &r) == MGD_BAD_DATA);
  CHECK(count(db, NULL, NULL, NULL, NULL) == n_all);

  // A conforming source passes --require-valid.
  o.graph = "urn:test:good";
  CHECK(!mgd_db_ingest_path(db, good, &o, &r));
  CHECK(r.summary.conforms && r.summary.n_focus == 1U);
  CHECK(count(db, NULL, NULL, NULL, &gg) == 2U);

  // Without shapes: no validation, and the old record goes.
  o.graph         = "urn:test:bad";
  o.shapes        = NULL;
  o.require_valid = false;
  CHECK(!mgd_db_ingest_path(db, bad, &o, &r));
  CHECK(!r.validated);
  CHECK(count(db, &vb, NULL, NULL, NULL) == 0U);

  // A missing source fails and writes nothing.
  const size_t before = count(db, NULL, NULL, NULL, NULL);
  char         missing[128];
  snprintf(missing, sizeof(missing), "%s/none.ttl", tmpdir);
  CHECK(mgd_db_ingest_path(db, missing, &o, &r) != MGD_SUCCESS);
  CHECK(count(db, NULL, NULL, NULL, NULL) == before);

  mgd_shacl_free(shapes);
  mgd_ingester_free(ing);
  mgd_db_close(db);
}

static void
test_shapes_find(void)
{
  MgdBuf p;
  mgd_buf_init(&p);
  setenv("MUGDAT_SHAPES_DIR", tmpdir, 1);
  CHECK(mgd_db_shapes_find("shapes", false, &p) == MGD_SUCCESS);
  CHECK(strstr(p.data, "/shapes.ttl") != NULL);
  mgd_buf_reset(&p);
  CHECK(mgd_db_shapes_find("../shapes", false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find("..", false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find(".hidden", false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find("a b", false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find("", false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find("no-such-shapes", false, &p) == MGD_FAILURE);
  char path[128];
  snprintf(path, sizeof(path), "%s/shapes.ttl", tmpdir);
  CHECK(mgd_db_shapes_find(path, false, &p) == MGD_FAILURE);
  CHECK(mgd_db_shapes_find(path, true, &p) == MGD_SUCCESS);
  mgd_buf_reset(&p);
  CHECK(!mgd_db_shapes_iri("ome-core", &p));
  CHECK(!strcmp(p.data, "urn:mugdat:shapes:ome-core"));
  unsetenv("MUGDAT_SHAPES_DIR");
  mgd_buf_clear(&p);
}

static void
test_validate_bytes(void)
{
  MgdShapes* const shapes = load_shapes();
  if (!shapes) {
    return;
  }
  static const char ttl[] = "@prefix ex: <http://example.org/> .\n"
                            "ex:b a ex:Thing .\n";
  MgdDbValidateOptions o;
  memset(&o, 0, sizeof(o));
  o.format     = MGD_FORMAT_TURTLE;
  o.data_dir   = src_dir;
  MgdShaclSummary s;
  CHECK(!mgd_db_validate_bytes(shapes, ttl, sizeof(ttl) - 1U, &o, NULL, &s));
  CHECK(!s.conforms && s.n_violation == 1U && s.n_focus == 1U);
  // The same as an ingest source (omero-rdf Turtle, detected).
  o.format = MGD_FORMAT_UNKNOWN;
  o.name   = "data.ttl";
  CHECK(!mgd_db_validate_bytes(shapes, ttl, sizeof(ttl) - 1U, &o, NULL, &s));
  CHECK(!s.conforms && s.n_violation == 1U);
  // Bad bodies.
  o.format = MGD_FORMAT_TURTLE;
  static const char broken[] = "<http://example.org/b> a .\n";
  const MgdStatus   st       = mgd_db_validate_bytes(
    shapes, broken, sizeof(broken) - 1U, &o, NULL, &s);
  CHECK(st == MGD_BAD_SYNTAX);
  if (st != MGD_BAD_SYNTAX) {
    fprintf(stderr, "status %s\n", mgd_strerror(st));
  }
  o.format = MGD_FORMAT_UNKNOWN;
  o.name   = NULL;
  CHECK(mgd_db_validate_bytes(shapes, "hello", 5U, &o, NULL, &s) ==
        MGD_BAD_UNSUPPORTED);
  mgd_shacl_free(shapes);
}

int
main(void)
{
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgd_test_db_ingest_XXXXXX");
  if (!mkdtemp(tmpdir)) {
    return 1;
  }
  const char* const s = getenv("MUGDAT_SRCDIR");
  const char* const a = getenv("srcdir");
  snprintf(src_dir, sizeof(src_dir), "%s", s ? s : a ? a : MGD_SRCDIR);
  RUN(test_ingest_validate);
  RUN(test_shapes_find);
  RUN(test_validate_bytes);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  (void)system(cmd);
  return TEST_SUMMARY();
}
