// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the JSON-LD processor: reading into a sink, errors with
// codes and JSON paths, limits, lenient and strict reading, the offline
// loader, the writer, and the real samples under ../shared/samples.

#include "syntax/jsonld.h"
#include "syntax/jsonld_impl.h"
#include "syntax/jsonld_read.h"
#include "syntax/rdf_read.h"

#include "base/alloc.h"
#include "rdf/memstore.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

typedef struct {
  MgdDiag last;          ///< Last error diag (strings copied)
  char    message[1024]; ///< Its message
  char    path[512];     ///< Its path
  int     n_errors;      ///< Errors seen
  int     n_warnings;    ///< Warnings seen
  char    warning[1024]; ///< First warning text + path
} Diags;

static void
diags_func(void* const handle, const MgdDiag* const d)
{
  Diags* const D = (Diags*)handle;
  if (d->level == MGD_LEVEL_ERROR) {
    ++D->n_errors;
    D->last = *d;
    snprintf(D->message, sizeof(D->message), "%s", d->message);
    snprintf(D->path, sizeof(D->path), "%s", d->path ? d->path : "");
  } else if (d->level == MGD_LEVEL_WARNING) {
    if (!D->n_warnings++) {
      snprintf(D->warning, sizeof(D->warning), "%s @ %s", d->message,
               d->path ? d->path : "");
    }
  }
}

static const char*
srcdir(void)
{
  const char* s = getenv("MUGDAT_SRCDIR");
  if (!s) {
    s = getenv("srcdir");
  }
  return s ? s : "..";
}

// Read JSON-LD text into a fresh store.
static MgdStatus
read_text(const char* const text, const MgdJsonldOptions* const o,
          Diags* const D, MgdMemStore** const store)
{
  *store = mgd_memstore_new();
  const MgdDiagSink sink = {diags_func, D};
  MgdReadOptions    r;
  memset(&r, 0, sizeof(r));
  r.format      = MGD_FORMAT_JSONLD;
  r.base        = "http://example.org/doc";
  r.source_name = "test.jsonld";
  r.diag        = &sink;
  r.jsonld      = o;
  const MgdSink s = mgd_memstore_sink(*store);
  return mgd_rdf_read_bytes(text, strlen(text), &r, &s, NULL);
}

static bool
has_quad(MgdMemStore* const store, const MgdQuad* const q)
{
  // adding an existing quad reports it as not new
  bool added = true;
  MgdMemStore* const copy = store;
  mgd_memstore_add(copy, q, &added);
  return !added;
}

static void
test_basic_triples(void)
{
  Diags        D = {0};
  MgdMemStore* m = NULL;
  const char*  doc =
    "{\"@context\": {\"@vocab\": \"http://schema.org/\", "
    "\"knows\": {\"@type\": \"@id\"}, \"n\": {\"@id\": \"http://x/n\", "
    "\"@container\": \"@list\"}},"
    " \"@id\": \"alice\", \"@type\": \"Person\", \"name\": \"Alice\","
    " \"age\": 42, \"height\": 1.5, \"knows\": \"bob\", \"n\": [1, 2]}";
  CHECK(read_text(doc, NULL, &D, &m) == MGD_SUCCESS);
  CHECK(D.n_errors == 0);
  // 5 + 1 (n head) + 4 list triples
  CHECK(mgd_memstore_size(m) == 10U);
  const MgdQuad name = {
    mgd_term_iri(mgd_str("http://example.org/alice")),
    mgd_term_iri(mgd_str("http://schema.org/name")),
    mgd_term_literal(mgd_str("Alice"), mgd_str(""), mgd_str("")),
    mgd_term_none()};
  CHECK(has_quad(m, &name));
  const MgdQuad height = {
    mgd_term_iri(mgd_str("http://example.org/alice")),
    mgd_term_iri(mgd_str("http://schema.org/height")),
    mgd_term_literal(mgd_str("1.5E0"), mgd_str(MGD_XSD_DOUBLE), mgd_str("")),
    mgd_term_none()};
  CHECK(has_quad(m, &height));
  const MgdQuad knows = {
    mgd_term_iri(mgd_str("http://example.org/alice")),
    mgd_term_iri(mgd_str("http://schema.org/knows")),
    mgd_term_iri(mgd_str("http://example.org/bob")), mgd_term_none()};
  CHECK(has_quad(m, &knows));
  CHECK(mgd_memstore_size(m) == 10U);
  mgd_memstore_free(m);
}

static void
test_bad_json_has_line_and_column(void)
{
  Diags        D = {0};
  MgdMemStore* m = NULL;
  CHECK(read_text("{\n  \"a\": [1,\n  }", NULL, &D, &m) == MGD_BAD_SYNTAX);
  CHECK(D.n_errors >= 1);
  CHECK(D.last.line == 3U);
  CHECK(D.last.col > 0U);
  mgd_memstore_free(m);
}

static void
test_error_code_and_path(void)
{
  Diags        D = {0};
  MgdMemStore* m = NULL;
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  o.strict = true; // no recovery: the first error fails the read
  const char* doc = "{\"@context\": {\"@vocab\": \"http://x/\"},"
                    " \"a\": [{\"b\": {\"@id\": 5}}]}";
  CHECK(read_text(doc, &o, &D, &m) == MGD_BAD_DATA);
  CHECK(strstr(D.message, "invalid @id value") == D.message);
  CHECK(!strcmp(D.path, "$.a[0].b.@id"));
  mgd_memstore_free(m);
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@context\": {\"t\": {\"@id\": 5}}, \"t\": 1}", &o, &D,
                  &m) == MGD_BAD_DATA);
  CHECK(strstr(D.message, "invalid IRI mapping") == D.message);
  mgd_memstore_free(m);
  mgd_jsonld_options_clear(&o);
}

// {"@context", "@graph": [...]} documents are read item by item; errors
// must still carry whole-document positions and paths.
static void
test_streamed_graph_errors(void)
{
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  o.strict         = true;
  Diags        D   = {0};
  MgdMemStore* m   = NULL;
  const char*  doc = "{\"@context\": {\"@vocab\": \"http://x/\"},\n"
                     " \"@graph\": [\n"
                     "  {\"@id\": \"http://x/a\", \"p\": 1},\n"
                     "  {\"@id\": \"http://x/b\", \"q\": {\"@id\": 5}}]}";
  CHECK(read_text(doc, &o, &D, &m) == MGD_BAD_DATA);
  CHECK(!strcmp(D.path, "$.@graph[1].q.@id"));
  CHECK(mgd_memstore_size(m) == 1U); // the first item was written
  mgd_memstore_free(m);
  memset(&D, 0, sizeof(D));
  const char* bad = "{\"@graph\": [\n"
                    "  {\"@id\": \"http://x/a\"},\n"
                    "  {\"@id\": \"http://x/b\", \"http://x/p\": tru}\n"
                    "]}";
  CHECK(read_text(bad, &o, &D, &m) == MGD_BAD_SYNTAX);
  CHECK(D.last.line == 3U);
  CHECK(D.last.col > 20U);
  mgd_memstore_free(m);
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@graph\": [{\"@id\": \"http://x/a\"} {}]}", &o, &D,
                  &m) == MGD_BAD_SYNTAX);
  mgd_memstore_free(m);
  mgd_jsonld_options_clear(&o);
}

static void
test_lenient_drops_bad_keys_with_warning(void)
{
  Diags        D = {0};
  MgdMemStore* m = NULL;
  const char*  doc = "{\"@context\": {\"@vocab\": null, "
                     "\"name\": \"http://schema.org/name\"},"
                     " \"@id\": \"http://x/a\", \"name\": \"A\","
                     " \"nmae\": \"typo\", \"bad\": {\"@id\": 5}}";
  CHECK(read_text(doc, NULL, &D, &m) == MGD_SUCCESS);
  CHECK(mgd_memstore_size(m) == 1U);
  CHECK(D.n_warnings >= 1);
  CHECK(strstr(D.warning, "$.") != NULL); // carries a JSON path
  mgd_memstore_free(m);
  // a broken term definition in the context is dropped with a warning
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@context\": {\"bad\": {\"@id\": 5}, "
                  "\"ok\": \"http://x/ok\"}, \"@id\": \"http://x/a\", "
                  "\"ok\": 1, \"bad\": 2}",
                  NULL, &D, &m) == MGD_SUCCESS);
  CHECK(mgd_memstore_size(m) == 1U);
  CHECK(strstr(D.warning, "invalid IRI mapping") != NULL);
  CHECK(strstr(D.warning, "$.@context.bad") != NULL);
  mgd_memstore_free(m);
  // strict: the undefined term fails the read
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  CHECK(mgd_jsonld_options_set(&o, "strict", "true") == MGD_SUCCESS);
  memset(&D, 0, sizeof(D));
  CHECK(read_text(doc, &o, &D, &m) == MGD_BAD_DATA);
  CHECK(strstr(D.path, "nmae") != NULL || strstr(D.path, "bad") != NULL);
  mgd_memstore_free(m);
  mgd_jsonld_options_clear(&o);
}

static void
test_nesting_limit(void)
{
  const size_t depth = 1000U;
  char* const  doc   = (char*)malloc(depth * 2U + 64U);
  size_t       n     = 0U;
  n += (size_t)sprintf(doc, "{\"http://x/p\": ");
  for (size_t i = 0U; i < depth; ++i) {
    doc[n++] = '[';
  }
  doc[n++] = '1';
  for (size_t i = 0U; i < depth; ++i) {
    doc[n++] = ']';
  }
  doc[n++] = '}';
  doc[n]   = '\0';
  Diags        D = {0};
  MgdMemStore* m = NULL;
  CHECK(read_text(doc, NULL, &D, &m) == MGD_BAD_LIMIT);
  CHECK(strstr(D.message, "max_nesting") != NULL);
  mgd_memstore_free(m);
  free(doc);
}

static void
test_offline_loader_and_context_overflow(void)
{
  char dir[] = "/tmp/mgd-jsonld-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[256];
  snprintf(path, sizeof(path), "%s/ctx.jsonld", dir);
  FILE* f = fopen(path, "w");
  fputs("{\"@context\": {\"name\": \"http://schema.org/name\"}}", f);
  fclose(f);
  snprintf(path, sizeof(path), "%s/loop.jsonld", dir);
  f = fopen(path, "w");
  fputs("{\"@context\": [\"loop.jsonld\", {\"a\": \"http://x/a\"}]}", f);
  fclose(f);
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  char spec[300];
  snprintf(spec, sizeof(spec), "https://example.com/ctx/=%s", dir);
  CHECK(mgd_jsonld_options_add_map(&o, spec) == MGD_SUCCESS);
  CHECK(mgd_jsonld_options_add_map(&o, "no-equals") == MGD_BAD_ARG);
  Diags        D = {0};
  MgdMemStore* m = NULL;
  CHECK(read_text("{\"@context\": \"https://example.com/ctx/ctx.jsonld\","
                  " \"@id\": \"http://x/s\", \"name\": \"N\"}",
                  &o, &D, &m) == MGD_SUCCESS);
  CHECK(mgd_memstore_size(m) == 1U);
  mgd_memstore_free(m);
  // unmapped URL: never fetched
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@context\": \"https://elsewhere.example/c\","
                  " \"@id\": \"http://x/s\"}",
                  &o, &D, &m) == MGD_BAD_DATA);
  CHECK(strstr(D.message, "loading remote context failed") == D.message);
  mgd_memstore_free(m);
  // a context that includes itself
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@context\": \"https://example.com/ctx/loop.jsonld\","
                  " \"@id\": \"http://x/s\"}",
                  &o, &D, &m) == MGD_BAD_DATA);
  CHECK(strstr(D.message, "context overflow") == D.message);
  mgd_memstore_free(m);
  // --expand-context FILE applies before the document's own context
  snprintf(path, sizeof(path), "%s/ctx.jsonld", dir);
  CHECK(mgd_jsonld_options_set(&o, "expand-context", path) == MGD_SUCCESS);
  memset(&D, 0, sizeof(D));
  CHECK(read_text("{\"@id\": \"http://x/s\", \"name\": \"N\"}", &o, &D,
                  &m) == MGD_SUCCESS);
  CHECK(mgd_memstore_size(m) == 1U);
  mgd_memstore_free(m);
  mgd_jsonld_options_clear(&o);
  snprintf(path, sizeof(path), "%s/ctx.jsonld", dir);
  unlink(path);
  snprintf(path, sizeof(path), "%s/loop.jsonld", dir);
  unlink(path);
  rmdir(dir);
}

// Fail each allocation in turn: every run ends cleanly (ASan checks leaks).
static void
test_allocation_failures(void)
{
  const char* doc =
    "{\"@context\": {\"@vocab\": \"http://schema.org/\", \"ex\": "
    "\"http://ex.org/\", \"l\": {\"@id\": \"ex:l\", \"@container\": "
    "\"@list\"}, \"Person\": {\"@context\": {\"name\": \"ex:n\"}}},"
    " \"@graph\": [{\"@id\": \"ex:a\", \"@type\": \"Person\", \"name\": "
    "\"A\", \"l\": [1, 2.5, true], \"knows\": {\"name\": \"B\"}}]}";
  int n_ok = 0;
  for (long i = 0; i < 400; ++i) {
    Diags        D = {0};
    MgdMemStore* m = mgd_memstore_new();
    if (!m) {
      continue;
    }
    const MgdDiagSink sink = {diags_func, &D};
    MgdReadOptions    r;
    memset(&r, 0, sizeof(r));
    r.format = MGD_FORMAT_JSONLD;
    r.base   = "http://example.org/doc";
    r.diag   = &sink;
    const MgdSink s = mgd_memstore_sink(m);
    mgd_alloc_fail_after(i);
    const MgdStatus st = mgd_rdf_read_bytes(doc, strlen(doc), &r, &s, NULL);
    mgd_alloc_fail_after(-1);
    CHECK(st == MGD_SUCCESS || st == MGD_BAD_ALLOC);
    if (st == MGD_SUCCESS) {
      ++n_ok;
      CHECK(mgd_memstore_size(m) == 11U);
    }
    mgd_memstore_free(m);
  }
  CHECK(n_ok > 0);
}

static void
test_options(void)
{
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  CHECK(o.compact_arrays && !o.is_json_ld_10);
  CHECK(mgd_jsonld_options_set(&o, "processing-mode", "json-ld-1.0") == 0);
  CHECK(o.is_json_ld_10);
  CHECK(mgd_jsonld_options_set(&o, "processing-mode", "2.0") == MGD_BAD_ARG);
  CHECK(mgd_jsonld_options_set(&o, "rdf-direction", "i18n-datatype") == 0);
  CHECK(o.rdf_direction == MGD_JSONLD_DIR_I18N);
  CHECK(mgd_jsonld_options_set(&o, "generalized-rdf", "true") == 0);
  CHECK(o.produce_generalized);
  CHECK(mgd_jsonld_options_set(&o, "expand-context", "/tmp/x.jsonld") == 0);
  CHECK(!strcmp(o.expand_context, "/tmp/x.jsonld"));
  CHECK(mgd_jsonld_options_set(&o, "no-such", "x") == MGD_BAD_ARG);
  mgd_jsonld_options_clear(&o);
  CHECK(o.expand_context == NULL && o.n_maps == 0U);
  mgd_jsonld_options_clear(NULL);
  mgd_jsonld_writer_free(NULL);
}

typedef struct {
  MgdBuf out;
} Out;

static MgdStatus
out_write(void* const handle, const char* const bytes, const size_t n)
{
  return mgd_buf_append(&((Out*)handle)->out, bytes, n);
}

static void
test_writer_round_trip(void)
{
  const MgdQuad quads[] = {
    {mgd_term_iri(mgd_str("http://schema.org/a")),
     mgd_term_iri(mgd_str("http://schema.org/name")),
     mgd_term_literal(mgd_str("A"), mgd_str(""), mgd_str("")),
     mgd_term_none()},
    {mgd_term_iri(mgd_str("http://schema.org/a")),
     mgd_term_iri(mgd_str(MGD_RDF_TYPE)),
     mgd_term_iri(mgd_str("http://schema.org/Person")), mgd_term_none()},
    {mgd_term_iri(mgd_str("http://schema.org/a")),
     mgd_term_iri(mgd_str("http://schema.org/knows")),
     mgd_term_blank(mgd_str("b1")), mgd_term_iri(mgd_str("http://x/g"))},
  };
  Out                   o = {{0}};
  MgdJsonldWriteOptions w;
  memset(&w, 0, sizeof(w));
  w.form    = MGD_JSONLD_OUT_COMPACTED;
  w.context = "{\"@vocab\": \"http://schema.org/\"}";
  w.write   = out_write;
  w.handle  = &o;
  CHECK(mgd_jsonld_write(quads, 3U, &w) == MGD_SUCCESS);
  CHECK(o.out.data && strstr(o.out.data, "\"name\":\"A\""));
  CHECK(o.out.data && strstr(o.out.data, "\"@type\":\"Person\""));
  // read back: same number of quads
  Diags        D = {0};
  MgdMemStore* m = NULL;
  CHECK(read_text(o.out.data, NULL, &D, &m) == MGD_SUCCESS);
  CHECK(mgd_memstore_size(m) == 3U);
  CHECK(has_quad(m, &quads[0]));
  mgd_memstore_free(m);
  // sink style, expanded
  mgd_buf_clear(&o.out);
  w.form             = MGD_JSONLD_OUT_EXPANDED;
  MgdJsonldWriter* W = NULL;
  CHECK(mgd_jsonld_writer_new(&w, &W) == MGD_SUCCESS);
  const MgdSink s = mgd_jsonld_writer_sink(W);
  for (size_t i = 0U; i < 3U; ++i) {
    CHECK(mgd_sink_quad(&s, &quads[i]) == MGD_SUCCESS);
  }
  CHECK(mgd_sink_end(&s) == MGD_SUCCESS);
  CHECK(o.out.data && strstr(o.out.data, "\"http://schema.org/name\""));
  CHECK(o.out.data && strstr(o.out.data, "\"@graph\""));
  mgd_jsonld_writer_free(W);
  mgd_buf_clear(&o.out);
}

// Read a sample through mgd_rdf_read_path with the shipped contexts.
static MgdMemStore*
read_sample(const char* const rel, size_t* const n_quads, Diags* const D)
{
  const char* const td = getenv("MUGDAT_TESTDATA");
  char              path[1024];
  if (td) {
    snprintf(path, sizeof(path), "%s/samples/%s", td, rel);
  } else {
    snprintf(path, sizeof(path), "%s/../shared/samples/%s", srcdir(), rel);
  }
  if (access(path, R_OK) != 0) {
    return NULL;
  }
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  char ctxdir[1024];
  snprintf(ctxdir, sizeof(ctxdir), "%s/ontologies/contexts", srcdir());
  mgd_jsonld_options_set(&o, "contexts-dir", ctxdir);
  const MgdDiagSink sink = {diags_func, D};
  MgdReadOptions    r;
  memset(&r, 0, sizeof(r));
  r.format              = MGD_FORMAT_JSONLD;
  r.diag                = &sink;
  r.jsonld              = &o;
  MgdMemStore* const m  = mgd_memstore_new();
  const MgdSink      s  = mgd_memstore_sink(m);
  const MgdStatus    st = mgd_rdf_read_path(path, &r, &s, n_quads);
  mgd_jsonld_options_clear(&o);
  if (st) {
    fprintf(stderr, "%s: %s\n", rel, D->message);
    mgd_memstore_free(m);
    return NULL;
  }
  return m;
}

static int n_skipped;

static void
test_samples(void)
{
  static const struct {
    const char* path;
    size_t      n_quads;
  } samples[] = {
    {"ro-crate/bia-S-BIADTEST_COMPLEX_BIOSAMPLE/ro-crate-metadata.json", 138U},
    {"ro-crate/bia-typical/ro-crate-metadata.json", 73U},
    {"ro-crate/ome2024-ngff-challenge-fly/ro-crate-metadata.json", 13U},
    {"ro-crate/rocrate-1.2-rainfall/ro-crate-metadata.json", 26U},
    {"arc/arc-ro-crate-profile/administrative_crate.ro-crate-metadata.json",
     55U},
    {"arc/arc-ro-crate-profile/datamap_crate.ro-crate-metadata.json", 69U},
    {"arc/arc-ro-crate-profile/process_core_crate.ro-crate-metadata.json",
     44U},
    {"omero-rdf/omero_project_801.omero-marshal.jsonld", 4U},
    {"contexts/ro-crate-1.2-context.jsonld", 10U},
  };
  for (size_t i = 0U; i < sizeof(samples) / sizeof(samples[0]); ++i) {
    Diags        D = {0};
    size_t       n = 0U;
    MgdMemStore* m = read_sample(samples[i].path, &n, &D);
    if (!m && D.n_errors == 0) {
      ++n_skipped; // samples not present
      return;
    }
    CHECK(m != NULL);
    if (n != samples[i].n_quads) {
      fprintf(stderr, "%s: %zu quads\n", samples[i].path, n);
    }
    CHECK(n == samples[i].n_quads);
    mgd_memstore_free(m);
  }
}

/// RFC 3986 remove_dot_segments on the path of an absolute URL, in place.
static void
remove_dot_segments(char* const url)
{
  char* const path = strstr(url, "://") ? strchr(strstr(url, "://") + 3, '/') : NULL;
  if (!path) {
    return;
  }
  char*       out = path;
  const char* in  = path;
  while (*in) {
    if (!strncmp(in, "/./", 3)) {
      in += 2;
    } else if (!strncmp(in, "/../", 4) || !strcmp(in, "/..")) {
      in += in[3] ? 3 : 2;
      while (out > path && *--out != '/') {
      }
      if (!*in) {
        *out++ = '/';
      }
    } else {
      do {
        *out++ = *in++;
      } while (*in && *in != '/');
    }
  }
  *out = '\0';
}

static void
test_sample_key_triples(void)
{
  Diags        D = {0};
  size_t       n = 0U;
  MgdMemStore* m =
    read_sample("ro-crate/rocrate-1.2-rainfall/ro-crate-metadata.json", &n, &D);
  if (!m) {
    return;
  }
  char base[1100];
  const char* const td = getenv("MUGDAT_TESTDATA");
  // the base is the file's URL, so compare suffixes through a lookup of a
  // triple whose terms are absolute in the document
  const MgdQuad org = {
    mgd_term_iri(mgd_str("https://ror.org/04dkp1p98")),
    mgd_term_iri(mgd_str("http://schema.org/name")),
    mgd_term_literal(mgd_str("Bureau of Meteorology"), mgd_str(""),
                     mgd_str("")),
    mgd_term_none()};
  CHECK(has_quad(m, &org));
  const MgdQuad type = {
    mgd_term_iri(mgd_str("https://ror.org/04dkp1p98")),
    mgd_term_iri(mgd_str(MGD_RDF_TYPE)),
    mgd_term_iri(mgd_str("http://schema.org/Organization")), mgd_term_none()};
  CHECK(has_quad(m, &type));
  (void)base;
  (void)td;
  mgd_memstore_free(m);
  // BIA crate: the inline BIA context maps accessionId to schema:identifier
  memset(&D, 0, sizeof(D));
  m = read_sample("ro-crate/bia-typical/ro-crate-metadata.json", &n, &D);
  if (m) {
    CHECK(D.n_errors == 0);
    // "./" resolves against the file's URL: the crate root directory
    char root[1200];
    const char* const tdir = getenv("MUGDAT_TESTDATA");
    char              path[1100];
    if (tdir) {
      snprintf(path, sizeof(path), "%s/samples/ro-crate/bia-typical/", tdir);
    } else {
      snprintf(path, sizeof(path), "%s/../shared/samples/ro-crate/bia-typical/",
               srcdir());
    }
    // The file's URL with its dot segments removed, as IRI resolution does
    // (lexically: ../shared may be a symlink, so no realpath).
    MgdBuf url = {0};
    CHECK(mgd_path_to_file_url(path, &url) == MGD_SUCCESS);
    remove_dot_segments(url.data ? url.data : (char*)"");
    snprintf(root, sizeof(root), "%s", url.data ? url.data : "");
    mgd_buf_clear(&url);
    const MgdQuad acc = {
      mgd_term_iri(mgd_str(root)),
      mgd_term_iri(mgd_str("http://schema.org/identifier")),
      mgd_term_literal(mgd_str("S-TEST123"), mgd_str(""), mgd_str("")),
      mgd_term_none()};
    const size_t before = mgd_memstore_size(m);
    CHECK(has_quad(m, &acc));
    CHECK(mgd_memstore_size(m) == before);
    mgd_memstore_free(m);
  }
}

// The fast JSON parser must give jansson's tree (same types, values and
// key order) or give up; never accept what jansson refuses.
static int
fast_json_agrees(const char* const text, const size_t n)
{
  json_error_t  err;
  json_t* const j = json_loadb(text, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  json_t* const f = jld_fast_parse(text, n);
  int           ok = 1;
  if (f) {
    ok = j != NULL && json_equal(f, j);
    if (ok) {
      const size_t flags = JSON_ENCODE_ANY | JSON_COMPACT |
                           JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
      char* const a = json_dumps(f, flags);
      char* const b = json_dumps(j, flags);
      ok            = a && b && !strcmp(a, b);
      free(a);
      free(b);
    }
    if (!ok) {
      fprintf(stderr, "fast JSON parse differs on: %.*s\n", (int)n, text);
    }
  }
  json_decref(f);
  json_decref(j);
  return ok;
}

static void
test_fast_json_parser(void)
{
  static const char* const accept[] = {
    "{}", "[]", " {\"a\" : [1, -2, 3.5, -0, 0.0, 1e3, 2E-2, 1.5e+2]} ",
    "\"x\"", "true", "false", "null", "-0", "123456789012345678",
    "{\"a\":1,\"b\":2,\"a\":3}", "{\"k\\u00e9y\":\"\\ud83d\\ude00 \\n\\t\\\"\\/\"}",
    "[\"caf\xc3\xa9\", \"\xe2\x82\xac\", \"\xf0\x9f\x98\x80\"]",
    "{\"@value\":\"a\\u0000b\"}", "[1e-400]", "{\"\":{\"\":[]}}",
    "{\"a\\nb\":{\"c\\td\":1}}",
  };
  for (size_t i = 0U; i < sizeof(accept) / sizeof(accept[0]); ++i) {
    json_t* const f = jld_fast_parse(accept[i], strlen(accept[i]));
    CHECK(f != NULL);
    json_decref(f);
    CHECK(fast_json_agrees(accept[i], strlen(accept[i])));
  }
  static const char* const refuse[] = {
    "", "{", "[1,]", "{\"a\":}", "01", "1.", ".5", "+1", "1e", "--1",
    "\"\\ud800\"", "\"\\udc00x\"", "\"\\x\"", "\"a\nb\"", "{\"a\\u0000\":1}",
    "[1e999]", "99999999999999999999", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
    "tru", "nul", "[1] [2]", "{\"a\" 1}", "{1:2}", "\"\xff\"",
  };
  for (size_t i = 0U; i < sizeof(refuse) / sizeof(refuse[0]); ++i) {
    json_t* const f = jld_fast_parse(refuse[i], strlen(refuse[i]));
    CHECK(f == NULL);
    json_decref(f);
  }
  // random mutations of a JSON-LD-like document
  const char seed[] =
    "{\"@context\":{\"name\":\"http://schema.org/name\"},\"@graph\":[{"
    "\"@id\":\"#a\",\"name\":\"caf\xc3\xa9 \\u00e9\\\\\",\"n\":[1,2.50,-3e2,"
    "true,null],\"x\":{\"@value\":\"\\ud83d\\ude00\",\"@type\":\"t\"}}]}";
  const char   alphabet[] = "{}[]\",:\\u0123456789eE.-+ \n\tabtrue\x80\xc3\xa9\xff";
  char         buf[sizeof(seed) + 8];
  uint64_t     x   = 0x9E3779B97F4A7C15ULL;
  int          bad = 0;
  for (int round = 0; round < 20000; ++round) {
    memcpy(buf, seed, sizeof(seed));
    size_t n = sizeof(seed) - 1U;
    for (int k = 0; k < 1 + round % 4; ++k) {
      x ^= x << 13U;
      x ^= x >> 7U;
      x ^= x << 17U;
      const size_t at = (size_t)(x % n);
      const char   c  = alphabet[(x >> 32U) % (sizeof(alphabet) - 1U)];
      switch ((x >> 20U) % 3U) {
      case 0: buf[at] = c; break;
      case 1: n = at + 1U; break;
      default:
        memmove(buf + at + 1, buf + at, n - at);
        buf[at] = c;
        ++n;
        if (n > sizeof(seed) + 4U) {
          n = sizeof(seed) - 1U;
        }
        break;
      }
    }
    bad += !fast_json_agrees(buf, n);
  }
  CHECK(bad == 0);
}

// RFC 3986 §5.4 reference resolution examples (jld_resolve copies the
// common "#frag" and "dir/file" forms without the general algorithm).
static void
test_resolve_rfc3986(void)
{
  static const char* const cases[][2] = {
    {"g", "http://a/b/c/g"},          {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},        {"/g", "http://a/g"},
    {"//g", "http://g"},              {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},      {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},      {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},        {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},           {"..", "http://a/b/"},
    {"../g", "http://a/b/g"},         {"../..", "http://a/"},
    {"g.", "http://a/b/c/g."},        {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},      {"..g", "http://a/b/c/..g"},
    {"g/./h", "http://a/b/c/g/h"},    {"g/../h", "http://a/b/c/h"},
    {"g/..", "http://a/b/c/"},        {"g:h", "g:h"},
    {"d00001/img.ome.tif", "http://a/b/c/d00001/img.ome.tif"},
  };
  JldProc P;
  jld_proc_init(&P, NULL, NULL, NULL, "test");
  for (size_t i = 0U; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    const char* const r = jld_resolve(&P, "http://a/b/c/d;p?q", cases[i][0]);
    if (!r || strcmp(r, cases[i][1])) {
      fprintf(stderr, "resolve %s: %s, expected %s\n", cases[i][0],
              r ? r : "(null)", cases[i][1]);
    }
    CHECK(r && !strcmp(r, cases[i][1]));
  }
  // dot segments in the base's directory are removed
  const char* const d = jld_resolve(&P, "http://a/b/./c/d", "e");
  CHECK(d && !strcmp(d, "http://a/b/c/e"));
  const char* const f = jld_resolve(&P, "file:///tmp/x/crate.json", "#p");
  CHECK(f && !strcmp(f, "file:///tmp/x/crate.json#p"));
  jld_proc_clear(&P);
}

int
main(void)
{
  RUN(test_basic_triples);
  RUN(test_bad_json_has_line_and_column);
  RUN(test_error_code_and_path);
  RUN(test_lenient_drops_bad_keys_with_warning);
  RUN(test_streamed_graph_errors);
  RUN(test_nesting_limit);
  RUN(test_offline_loader_and_context_overflow);
  RUN(test_options);
  RUN(test_allocation_failures);
  RUN(test_writer_round_trip);
  RUN(test_samples);
  RUN(test_sample_key_triples);
  RUN(test_fast_json_parser);
  RUN(test_resolve_rfc3986);
  if (n_skipped) {
    printf("%d passed, %d failed, %d skipped\n", test_n_passed - n_skipped,
           test_n_failed, n_skipped);
    return test_n_failed ? 1 : 0;
  }
  return TEST_SUMMARY();
}
