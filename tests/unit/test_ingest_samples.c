// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Ingest every sample in ../shared/samples/{ome-xml,omero-transfer,omero-kv,
// omero-rdf,idr} into a memstore and check facts a user would check against
// what the files say; refuse bad input with the asserted diagnostic.

#include "test.h"

// Paths and IRIs here are short; truncation would only fail a CHECK.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include "base/alloc.h"
#include "ingest/ingest.h"
#include "rdf/memstore.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OME MGD_NS_OME
#define MGDV MGD_NS_MGDV
#define QUDT "http://qudt.org/vocab/unit/"
#define DCT "http://purl.org/dc/terms/"
#define PROV "http://www.w3.org/ns/prov#"
#define MGD_NS_OBO "http://purl.obolibrary.org/obo/"
#define MGD_NS_SCHEMA "https://schema.org/"

static char samples[4096];
static char srcdir[4096];
static int  n_skipped;

typedef struct {
  MgdMemStore*    store;
  MgdIngestReport report;
  MgdStatus       status;
  MgdBuf          diags; ///< "level line:col path: message\n" lines
  char            graph[4096];
} Fix;

static void
collect_diag(void* const handle, const MgdDiag* const d)
{
  MgdBuf* const b = (MgdBuf*)handle;
  mgd_buf_printf(b, "%s %u:%u %s: %s\n",
                 d->level == MGD_LEVEL_ERROR     ? "error"
                 : d->level == MGD_LEVEL_WARNING ? "warning"
                                                 : "note",
                 d->line, d->col, d->path ? d->path : "-", d->message);
}

static MgdIngester*
make_ingester(MgdBuf* const diags, const bool strict)
{
  static MgdDiagSink sink;
  sink.func   = collect_diag;
  sink.handle = diags;
  MgdIngestOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir          = srcdir;
  o.diag              = &sink;
  o.strict            = strict;
  o.now               = "2026-01-01T00:00:00Z";
  MgdIngester*    ing = NULL;
  const MgdStatus st  = mgd_ingester_new(&o, &ing);
  if (st) {
    fprintf(stderr, "ingester: %s\n%s", mgd_strerror(st),
            diags->data ? diags->data : "");
  }
  return ing;
}

/// Ingest samples/<rel> into a fresh store.
static void
fix_ingest(Fix* const f, const char* const rel, const bool strict)
{
  memset(f, 0, sizeof(*f));
  f->store = mgd_memstore_new();
  char path[8192];
  snprintf(path, sizeof(path), "%s/%s", samples, rel);
  MgdIngester* ing = make_ingester(&f->diags, strict);
  if (!ing) {
    f->status = MGD_BAD_IO;
    return;
  }
  const MgdSink sink = mgd_memstore_sink(f->store);
  f->status = mgd_ingester_ingest_path(ing, path, NULL, &sink, &f->report);
  if (f->report.graph) {
    snprintf(f->graph, sizeof(f->graph), "%s", f->report.graph);
  }
  if (getenv("MUGDAT_TEST_VERBOSE")) {
    fprintf(stderr, "== %s: %s, %zu quads, %zu warnings\n%s", rel,
            mgd_strerror(f->status), f->report.n_quads, f->report.n_warnings,
            f->diags.data ? f->diags.data : "");
  }
  mgd_ingester_free(ing);
}

static void
fix_clear(Fix* const f)
{
  mgd_memstore_free(f->store);
  mgd_buf_clear(&f->diags);
}

static bool
diag_has(const Fix* const f, const char* const needle)
{
  return f->diags.data && strstr(f->diags.data, needle);
}

/// Intern-free lookup: MGD_ID_NONE when the term is absent (then nothing
/// can match it).
static bool
lookup(MgdSource* const src, const MgdTerm* const t, MgdId* const id)
{
  if (!t) {
    *id = MGD_ID_NONE;
    return true;
  }
  return mgd_source_lookup(src, t, id) == MGD_SUCCESS;
}

/// Count quads matching (s, p, o) in any graph (NULL = any).
static size_t
count(const Fix* const f, const MgdTerm* const s, const MgdTerm* const p,
      const MgdTerm* const o)
{
  MgdSource src = mgd_memstore_source(f->store);
  MgdIdQuad pat = { 0, 0, 0, 0 };
  if (!lookup(&src, s, &pat.s) || !lookup(&src, p, &pat.p) ||
      !lookup(&src, o, &pat.o)) {
    return 0;
  }
  MgdIter* it = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return 0;
  }
  size_t    n = 0;
  MgdIdQuad q;
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    ++n;
  }
  src.vt->iter_free(it);
  return n;
}

/// The value of the first object of (s, p) into `out` ("" if none).
static const char*
object(const Fix* const f, const MgdTerm* const s, const char* const p,
       char* const out, const size_t n)
{
  out[0]        = '\0';
  MgdSource src = mgd_memstore_source(f->store);
  MgdTerm   pt  = mgd_term_iri(mgd_str(p));
  MgdIdQuad pat = { 0, 0, 0, 0 };
  if (!lookup(&src, s, &pat.s) || !lookup(&src, &pt, &pat.p)) {
    return out;
  }
  MgdIter* it = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return out;
  }
  MgdIdQuad q;
  if (src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdArena arena;
    mgd_arena_init(&arena, 0);
    MgdTerm t;
    if (!mgd_source_term(&src, q.o, &arena, &t)) {
      snprintf(out, n, "%.*s", (int)t.value.len, t.value.ptr);
    }
    mgd_arena_clear(&arena);
  }
  src.vt->iter_free(it);
  return out;
}

static MgdTerm
iri(const char* const s)
{
  return mgd_term_iri(mgd_str(s));
}

/// IRI of OME object `id` in the fixture's graph (static buffer).
static MgdTerm
obj(const Fix* const f, const char* const id)
{
  static char buf[4][8192];
  static int  k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof(buf[k]), "%s/%s", f->graph, id);
  return iri(buf[k]);
}

static size_t
n_typed(const Fix* const f, const char* const cls)
{
  const MgdTerm p = iri(MGD_RDF_TYPE);
  const MgdTerm o = iri(cls);
  return count(f, NULL, &p, &o);
}

static bool
has_lit(const Fix* const f, const MgdTerm* const s, const char* const p,
        const char* const v, const char* const dt)
{
  const MgdTerm pt = iri(p);
  const MgdTerm o  = mgd_term_literal(mgd_str(v), mgd_str(dt), mgd_str(NULL));
  return count(f, s, &pt, &o) > 0;
}

static bool
has_iri(const Fix* const f, const MgdTerm* const s, const char* const p,
        const char* const o)
{
  const MgdTerm pt = iri(p);
  const MgdTerm ot = iri(o);
  return count(f, s, &pt, &ot) > 0;
}

// --------------------------------------------------------------------------
// OME-XML samples

static void
test_instrument_units_alternate(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/instrument-units-alternate.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_OME_XML);
  CHECK(n_typed(&f, OME "Image") == 1);
  const MgdTerm px = obj(&f, "Pixels:0:0");
  CHECK(has_lit(&f, &px, OME "size_x", "6", MGD_XSD_INTEGER));
  CHECK(has_lit(&f, &px, OME "size_y", "4", MGD_XSD_INTEGER));
  CHECK(has_lit(&f, &px, OME "physical_size_x", "1.0", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &px, OME "physical_size_x_unit", QUDT "CentiM"));
  CHECK(
    has_iri(&f, &px, OME "dimension_order", OME "PixelsDimensionOrder#XYCZT"));
  const MgdTerm ch = obj(&f, "Channel:0:1");
  CHECK(has_lit(&f, &ch, OME "emission_wavelength", "488600", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &ch, OME "emission_wavelength_unit", QUDT "PicoM"));
  CHECK(has_iri(&f, &ch, OME "pinhole_size_unit", QUDT "MilliM"));
  const MgdTerm laser = obj(&f, "LightSource:0");
  CHECK(has_iri(&f, &laser, MGD_RDF_TYPE, OME "Laser"));
  CHECK(has_iri(&f, &laser, OME "laser_medium", OME "LaserLaserMedium#Ruby"));
  CHECK(has_iri(&f, &laser, OME "repetition_rate_unit", QUDT "KiloHZ"));
  CHECK(has_iri(&f, &laser, OME "pump",
                f.graph[0] ? obj(&f, "LightSource:1").value.ptr : ""));
  // Units QUDT lacks fall back to the OME core individuals.
  const MgdTerm arc = obj(&f, "LightSource:1");
  CHECK(has_iri(&f, &arc, OME "power_unit", OME "UnitsPower#dW"));
  const MgdTerm ob = obj(&f, "Objective:0");
  CHECK(has_lit(&f, &ob, OME "lens_na", "1.2", MGD_XSD_DOUBLE));
  CHECK(has_lit(&f, &ob, OME "nominal_magnification", "60", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &ob, OME "immersion", OME "ObjectiveImmersion#Air"));
  // Channel settings: the DetectorSettings node points at the detector.
  char ds[4096];
  snprintf(ds, sizeof(ds), "%s/Channel:0:1/DetectorSettings/1", f.graph);
  const MgdTerm dst = iri(ds);
  CHECK(has_iri(&f, &dst, MGDV "detector", obj(&f, "Detector:0").value.ptr));
  CHECK(has_iri(&f, &dst, OME "read_out_rate_unit", OME "UnitsFrequency#hHz"));
  CHECK(
    has_iri(&f, &dst, OME "voltage_unit", OME "UnitsElectricPotential#daV"));
  char tr[4096];
  snprintf(tr, sizeof(tr), "%s/Filter:0/TransmittanceRange/1", f.graph);
  const MgdTerm trt = iri(tr);
  CHECK(has_iri(&f, &trt, OME "cut_in_tolerance_unit", QUDT "ANGSTROM"));
  // BinData payloads are not stored.
  CHECK(!strstr(f.diags.data ? f.diags.data : "", "error"));
  const MgdTerm bd = iri("/wCrzur//wB5oMPi/wBIbJO3AP8ePGCF");
  (void)bd;
  CHECK(f.report.n_warnings == 0);
  fix_clear(&f);
}

static void
test_instrument_units_default(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/instrument-units-default.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm px = obj(&f, "Pixels:0:0");
  char          v[256];
  CHECK(
    !strcmp(object(&f, &px, OME "physical_size_x", v, sizeof(v)), "10000.0"));
  // Schema default for PhysicalSize*: µm.
  CHECK(has_iri(&f, &px, OME "physical_size_x_unit", QUDT "MicroM"));
  const MgdTerm ch = obj(&f, "Channel:0:1");
  CHECK(has_iri(&f, &ch, OME "emission_wavelength_unit", QUDT "NanoM"));
  fix_clear(&f);
}

static void
test_mapannotation(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/mapannotation.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm img = obj(&f, "Image:0");
  CHECK(
    has_iri(&f, &img, MGDV "annotation", obj(&f, "Annotation:2").value.ptr));
  char m[4096];
  snprintf(m, sizeof(m), "%s/Annotation:2/M/2", f.graph);
  const MgdTerm mt = iri(m);
  CHECK(has_lit(&f, &mt, OME "k", "SampleKeyB-2", NULL));
  CHECK(has_lit(&f, &mt, OME "value", "SampleValueB-2", NULL));
  CHECK(n_typed(&f, OME "MapAnnotation") == 2);
  CHECK(n_typed(&f, OME "M") == 3);
  const MgdTerm a1 = obj(&f, "Annotation:1");
  CHECK(has_lit(&f, &a1, OME "description",
                "This is the description of the sample map A", NULL));
  CHECK(has_lit(&f, &a1, DCT "identifier", "Annotation:1", NULL));
  fix_clear(&f);
}

static void
test_old_schema_2009(void)
{
  // 2009-09: LightSource wraps Laser/Arc, AcquiredDate, sub-schema prefixes.
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/2009-09-instrument.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 0);
  const MgdTerm ls = obj(&f, "LightSource:0");
  CHECK(has_iri(&f, &ls, MGD_RDF_TYPE, OME "LightSource"));
  CHECK(has_iri(&f, &ls, MGD_RDF_TYPE, OME "Laser"));
  CHECK(has_iri(&f, &ls, OME "laser_medium", OME "LaserLaserMedium#Ruby"));
  CHECK(has_iri(&f, &ls, OME "power_unit", QUDT "MilliW"));
  const MgdTerm img = obj(&f, "Image:0");
  CHECK(has_lit(&f, &img, OME "acquisition_date", "2010-02-23T12:51:30",
                MGD_XSD_DATETIME));
  const MgdTerm px = obj(&f, "Pixels:0:0");
  CHECK(has_lit(&f, &px, OME "size_x", "6", MGD_XSD_INTEGER));
  const MgdTerm ob = obj(&f, "Objective:0");
  CHECK(has_lit(&f, &ob, OME "lens_na", "1.2", MGD_XSD_DOUBLE));
  // Bin:BinData (BinaryFile namespace) is recognised and its payload dropped.
  CHECK(n_typed(&f, OME "BinData") == 1);
  fix_clear(&f);
}

static void
test_roi(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/ROI.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "ROI") == 5);
  CHECK(n_typed(&f, OME "Point") == 2);
  CHECK(n_typed(&f, OME "Rectangle") == 2);
  CHECK(n_typed(&f, OME "Line") + n_typed(&f, OME "Label") +
          n_typed(&f, OME "Mask") ==
        3);
  const MgdTerm roi3 = obj(&f, "ROI:3");
  CHECK(has_iri(&f, &roi3, MGDV "shape", obj(&f, "Shape:3").value.ptr));
  const MgdTerm s3 = obj(&f, "Shape:3");
  CHECK(has_lit(&f, &s3, OME "text", "Hi There!", NULL));
  CHECK(has_iri(&f, &s3, OME "fill_rule", OME "ShapeFillRule#EvenOdd"));
  char t[4096];
  snprintf(t, sizeof(t), "%s/Shape:6/Transform/1", f.graph);
  const MgdTerm tt = iri(t);
  CHECK(has_lit(&f, &tt, MGDV "a02", "3.82", MGD_XSD_DOUBLE));
  const MgdTerm img = obj(&f, "Image:0");
  const MgdTerm p   = iri(MGDV "roi");
  CHECK(count(&f, &img, &p, NULL) == 5);
  fix_clear(&f);
}

static void
test_annotations(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/commentannotation.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "CommentAnnotation") == 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/tagannotation.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "TagAnnotation") >= 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/timestampannotation.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "TimestampAnnotation") == 10);
  CHECK(n_typed(&f, OME "XMLAnnotation") == 2);
  const MgdTerm p    = iri(OME "value");
  size_t        n_dt = 0;
  for (int i = 0; i < 40; ++i) {
    char id[32];
    snprintf(id, sizeof(id), "Annotation:%d", i);
    const MgdTerm a = obj(&f, id);
    char          v[128];
    object(&f, &a, OME "value", v, sizeof(v));
    const MgdTerm lit =
      mgd_term_literal(mgd_str(v), mgd_str(MGD_XSD_DATETIME), mgd_str(NULL));
    n_dt += v[0] && count(&f, &a, &p, &lit) == 1;
  }
  CHECK(n_dt == 10);
  fix_clear(&f);
}

static void
test_xml_annotation_literal(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/xmlannotation-svg.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm a = obj(&f, "Annotation:1");
  char          v[8192];
  object(&f, &a, OME "value", v, sizeof(v));
  CHECK(!strncmp(v, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39));
  CHECK(strstr(v, "</svg>") != NULL);
  CHECK(has_lit(&f, &a, OME "namespace",
                "openmicroscopy.org/sample/illustration/svg", NULL));
  const MgdTerm p   = iri(OME "value");
  const MgdTerm lit = mgd_term_literal(
    mgd_str(v), mgd_str(MGD_NS_RDF "XMLLiteral"), mgd_str(NULL));
  CHECK(count(&f, &a, &p, &lit) == 1 || strlen(v) >= sizeof(v) - 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/xmlannotation-multi-value.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "XMLAnnotation") >= 1);
  fix_clear(&f);
}

static void
test_hcs(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/hcs.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Plate") == 1);
  CHECK(n_typed(&f, OME "Well") >= 1);
  CHECK(n_typed(&f, OME "WellSample") >= 1);
  CHECK(n_typed(&f, OME "Channel") == 3);
  const MgdTerm p = iri(OME "acquisition_mode");
  CHECK(count(&f, NULL, &p, NULL) >= 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/two-screens-two-plates-four-wells.ome.xml",
             false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Screen") == 2);
  CHECK(n_typed(&f, OME "Plate") == 2);
  CHECK(n_typed(&f, OME "Well") == 8); // four per plate
  CHECK(n_typed(&f, OME "Reagent") >= 1);
  fix_clear(&f);
}

static void
test_spim_and_5d(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/spim.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Channel") == 8);
  CHECK(n_typed(&f, OME "Plane") == 32);
  CHECK(n_typed(&f, OME "Objective") == 3);
  const MgdTerm p = iri(OME "exposure_time_unit");
  CHECK(count(&f, NULL, &p, NULL) == 32);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/multi-channel-z-series-time-series.ome.xml",
             false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Image") == 1);
  CHECK(n_typed(&f, OME "BinData") == 50);
  // Size only: the characters counted agree with each plane's Length="576"
  // (OME: the length of the base64-encoded block).
  const MgdTerm es = iri(MGDV "encodedSize");
  const MgdTerm n32 = mgd_term_literal(mgd_str("576"), mgd_str(MGD_XSD_INTEGER),
                                       mgd_str(NULL));
  CHECK(count(&f, NULL, &es, &n32) == 50);
  // No base64 payload reached the store: every literal is short.
  CHECK(f.report.n_quads < 400);
  fix_clear(&f);
}

static void
test_small_documents(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/ome-model/minimum-specification.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Image") == 1);
  CHECK(n_typed(&f, OME "Pixels") == 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/ome-model/metadata-only.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm p = iri(OME "metadata_only");
  const MgdTerm t =
    mgd_term_literal(mgd_str("true"), mgd_str(MGD_XSD_BOOLEAN), mgd_str(NULL));
  CHECK(count(&f, NULL, &p, &t) == 1);
  fix_clear(&f);
}

static void
test_vendor_micromanager(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/MMStack.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  // Non-standard IDs ("Microscope", "Camera") are kept, with warnings.
  CHECK(f.report.n_warnings == 2);
  CHECK(diag_has(&f, "warning 5:"));
  CHECK(diag_has(&f, "/OME[1]/Instrument[1]/@ID: ID \"Microscope\""));
  const MgdTerm px = obj(&f, "Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_x", "256", MGD_XSD_INTEGER));
  CHECK(has_iri(&f, &px, OME "physical_size_z_unit", QUDT "MicroM"));
  CHECK(has_lit(&f, &px, OME "physical_size_z", "1.75", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &px, OME "time_increment_unit", QUDT "MilliSEC"));
  CHECK(n_typed(&f, OME "Image") == 2);
  CHECK(n_typed(&f, OME "Channel") == 6);
  const MgdTerm cam = obj(&f, "Camera");
  CHECK(has_lit(&f, &cam, OME "model", "DemoCamera-MultiMode", NULL));
  fix_clear(&f);
}

static void
test_vendor_prefixed(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/OverViewScan.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Image") == 1);
  const MgdTerm ch = obj(&f, "Channel:0-0");
  CHECK(has_lit(&f, &ch, OME "fluor", "DAPI", NULL));
  CHECK(has_lit(&f, &ch, OME "excitation_wavelength", "353", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &ch, OME "excitation_wavelength_unit", QUDT "NanoM"));
  const MgdTerm px = obj(&f, "Pixels:1-0");
  CHECK(
    has_lit(&f, &px, OME "physical_size_x", "4.5743626119409", MGD_XSD_DOUBLE));
  CHECK(n_typed(&f, OME "Plate") == 1);
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/vendor/ome_ns.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm egfp = obj(&f, "Channel:0-0");
  CHECK(has_lit(&f, &egfp, OME "name", "EGFP", NULL));
  CHECK(has_lit(&f, &egfp, OME "emission_wavelength", "509", MGD_XSD_DOUBLE));
  char env[4096];
  snprintf(env, sizeof(env), "%s/Image:0/ImagingEnvironment/1", f.graph);
  const MgdTerm et = iri(env);
  CHECK(has_lit(&f, &et, OME "temperature", "37", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &et, OME "temperature_unit", QUDT "DEG_C"));
  CHECK(has_lit(&f, &et, OME "co2_percent", "0.05", MGD_XSD_DOUBLE));
  fix_clear(&f);
}

static void
test_vendor_nikon_2015(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/seq0000xy01c1.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Instrument") == 2);
  const MgdTerm ob = obj(&f, "Objective:1");
  CHECK(has_lit(&f, &ob, OME "lens_na", "0.450000", MGD_XSD_DOUBLE));
  CHECK(has_lit(&f, &ob, OME "nominal_magnification", "10", MGD_XSD_DOUBLE));
  CHECK(has_lit(&f, &ob, OME "model", "Plan Apo ? 10x", NULL));
  const MgdTerm img = obj(&f, "Image:0");
  CHECK(has_lit(&f, &img, OME "name",
                "ND_Export_to_tiff_singlepage_channels\\seq0000xy01c1.tif",
                NULL));
  const MgdTerm ch = obj(&f, "Channel:0");
  CHECK(has_lit(&f, &ch, OME "emission_wavelength", "525", MGD_XSD_DOUBLE));
  fix_clear(&f);
}

static void
test_vendor_bioformats_lsid(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/tubhiswt.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 0); // LSIDs match the ID pattern
  const MgdTerm ob = obj(&f, "urn:lsid:loci.wisc.edu:Objective:OWS2");
  CHECK(has_lit(&f, &ob, DCT "identifier",
                "urn:lsid:loci.wisc.edu:Objective:OWS2", NULL));
  CHECK(has_lit(&f, &ob, OME "lens_na", "1.4", MGD_XSD_DOUBLE));
  CHECK(has_lit(&f, &ob, OME "nominal_magnification", "100.0", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &ob, OME "immersion", OME "ObjectiveImmersion#Oil"));
  const MgdTerm ex = obj(&f, "urn:lsid:loci.wisc.edu:Experiment:OWS350");
  CHECK(has_iri(&f, &ex, OME "type", OME "ExperimentValue#TimeLapse"));
  CHECK(has_iri(&f, &ex, OME "type", OME "ExperimentValue#SpectralImaging"));
  const MgdTerm who = obj(&f, "urn:lsid:loci.wisc.edu:Experimenter:116");
  CHECK(has_lit(&f, &who, OME "last_name", "Nasim", NULL));
  const MgdTerm px = obj(&f, "Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_t", "20", MGD_XSD_INTEGER));
  fix_clear(&f);
}

static void
test_vendor_tiffdata_uuid(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/small.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  char td[4096];
  snprintf(td, sizeof(td), "%s/Pixels:0/TiffData/2", f.graph);
  const MgdTerm t = iri(td);
  CHECK(has_lit(&f, &t, OME "file_name", "file.ome.tif", NULL));
  CHECK(has_lit(&f, &t, OME "uuid",
                "urn:uuid:64ab19c6-e378-43dc-9c9d-d57f0e776d20", NULL));
  CHECK(has_lit(&f, &t, MGDV "ifd", "1", MGD_XSD_INTEGER));
  const MgdTerm px = obj(&f, "Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_x", "14799", MGD_XSD_INTEGER));
  CHECK(
    has_lit(&f, &px, OME "physical_size_x", "0.324999988079", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &px, OME "physical_size_x_unit", QUDT "MicroM"));
  fix_clear(&f);
}

// Decision (documented in the report and ingest.h): IDs that break the OME ID
// pattern are kept (they are only used as keys) with a warning that names the
// XPath; --strict turns that warning into a refusal.
static void
test_bad_id_sample(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/bad.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 1);
  CHECK(diag_has(&f, "warning 6:"));
  CHECK(diag_has(&f, "/OME[1]/Image[1]/Pixels[1]/Channel[1]/@ID: ID "
                     "\"InvalidName\" does not match the OME ID pattern "
                     "Channel:\\S+"));
  const MgdTerm ch = obj(&f, "InvalidName");
  CHECK(has_lit(&f, &ch, OME "name", "Channel 1", NULL));
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/vendor/bad.ome.xml", true);
  CHECK(f.status == MGD_BAD_DATA);
  CHECK(diag_has(&f, "error 6:"));
  CHECK(diag_has(&f, "\"InvalidName\" does not match"));
  fix_clear(&f);
}

static void
test_invalid_xml_annotation_sample(void)
{
  Fix f;
  fix_ingest(&f, "ome-xml/vendor/invalid_xml_annotation.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 1);
  CHECK(diag_has(&f, "/OME[1]/StructuredAnnotations[1]/XMLAnnotation[1]/@ID: "
                     "ID \"XMLAnnotation:0\" does not match the OME ID "
                     "pattern Annotation:\\S+"));
  const MgdTerm a = obj(&f, "XMLAnnotation:0");
  char          v[8192];
  object(&f, &a, OME "value", v, sizeof(v));
  // The SpimData body inherits the OME default namespace: the literal must
  // declare it so it means the same on its own.
  CHECK(!strncmp(v,
                 "<SpimData xmlns=\"http://www.openmicroscopy.org/Schemas/"
                 "OME/2016-06\" version=\"0.2\">",
                 80));
  CHECK(strstr(v, "<hdf5 type=\"relative\">xyzct_16bit__mitosis.h5</hdf5>"));
  const MgdTerm px = obj(&f, "Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_t", "11", MGD_XSD_INTEGER));
  fix_clear(&f);

  fix_ingest(&f, "ome-xml/vendor/invalid_xml_annotation.ome.xml", true);
  CHECK(f.status == MGD_BAD_DATA);
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// omero-cli-transfer

static void
test_transfer_old_layout(void)
{
  Fix f;
  fix_ingest(&f, "omero-transfer/transfer.ome.xml", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_OMERO_TRANSFER);
  CHECK(n_typed(&f, OME "Image") == 2);
  const MgdTerm img = obj(&f, "Image:1678");
  CHECK(has_lit(&f, &img, MGDV "transferPath",
                "root_0/2022-01/14/18-30-55.264/combined_result.tiff", NULL));
  const MgdTerm ann =
    obj(&f, "Annotation:-242965625845933864455559976333404928513");
  CHECK(has_lit(&f, &ann, MGDV "transferPath",
                "root_0/2022-01/14/18-30-55.264/combined_result.tiff", NULL));
  // Whitespace-only KV values are kept as OMERO has them.
  char m[4096];
  snprintf(m, sizeof(m), "%s/Annotation:2209/M/4", f.graph);
  const MgdTerm mt = iri(m);
  CHECK(has_lit(&f, &mt, OME "k", "surname", NULL));
  CHECK(n_typed(&f, OME "ROI") == 3);
  CHECK(n_typed(&f, OME "TagAnnotation") == 1);
  const MgdTerm tag = obj(&f, "Annotation:2551");
  CHECK(has_lit(&f, &tag, OME "value", "simple_tag", NULL));
  fix_clear(&f);
}

static char tmpdir[4096];

static void
write_file(const char* const path, const char* const text)
{
  FILE* const out = fopen(path, "wb");
  CHECK(out != NULL);
  if (out) {
    fputs(text, out);
    fclose(out);
  }
}

static void
test_transfer_package_new_layout(void)
{
  // A package directory with transfer.xml in the newer layout (server path
  // in an XMLAnnotation holding CLITransferServerPath). Written here, since
  // the tool's own fixtures are GPL and not in the samples.
  char dir[4200];
  char file[4300];
  snprintf(dir, sizeof(dir), "%s/pkg", tmpdir);
  mkdir(dir, 0700);
  snprintf(file, sizeof(file), "%s/transfer.xml", dir);
  write_file(
    file, "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">\n"
          " <Image ID=\"Image:7\" Name=\"a.tif\">\n"
          "  <Pixels ID=\"Pixels:7\" DimensionOrder=\"XYZCT\" Type=\"uint8\""
          " SizeX=\"2\" SizeY=\"3\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\">"
          "<MetadataOnly/></Pixels>\n"
          "  <AnnotationRef ID=\"Annotation:-5\"/>\n"
          " </Image>\n"
          " <StructuredAnnotations>\n"
          "  <XMLAnnotation ID=\"Annotation:-5\" "
          "Namespace=\"openmicroscopy.org/cli/transfer\"><Value>"
          "<CLITransferServerPath xmlns=\"https://example.org/serverpath\">"
          "<Path>root_0/2023/a.tif</Path></CLITransferServerPath>"
          "</Value></XMLAnnotation>\n"
          " </StructuredAnnotations>\n"
          "</OME>\n");
  MgdIngestKind kind = MGD_INGEST_UNKNOWN;
  CHECK(mgd_ingest_detect(dir, &kind) == MGD_SUCCESS);
  CHECK(kind == MGD_INGEST_OMERO_TRANSFER);
  Fix f;
  memset(&f, 0, sizeof(f));
  f.store            = mgd_memstore_new();
  MgdIngester*  ing  = make_ingester(&f.diags, false);
  const MgdSink sink = mgd_memstore_sink(f.store);
  f.status = mgd_ingester_ingest_path(ing, dir, NULL, &sink, &f.report);
  snprintf(f.graph, sizeof(f.graph), "%s",
           f.report.graph ? f.report.graph : "");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(strstr(f.graph, "/pkg") != NULL && !strstr(f.graph, "transfer.xml"));
  const MgdTerm ann = obj(&f, "Annotation:-5");
  CHECK(has_lit(&f, &ann, MGDV "transferPath", "root_0/2023/a.tif", NULL));
  const MgdTerm img = obj(&f, "Image:7");
  CHECK(has_iri(&f, &img, MGDV "annotation", ann.value.ptr));
  mgd_ingester_free(ing);
  fix_clear(&f);
  remove(file);
  rmdir(dir);
}

// --------------------------------------------------------------------------
// OMERO key-value CSVs

static size_t
n_kv(const Fix* const f, const char* const key, const char* const value)
{
  const MgdTerm pk = iri(OME "k");
  const MgdTerm pv = iri(OME "value");
  const MgdTerm k =
    mgd_term_literal(mgd_str(key), mgd_str(NULL), mgd_str(NULL));
  const MgdTerm v =
    mgd_term_literal(mgd_str(value), mgd_str(NULL), mgd_str(NULL));
  // Count M nodes with both: walk the M nodes having the key.
  MgdSource src = mgd_memstore_source(f->store);
  MgdIdQuad pat = { 0, 0, 0, 0 };
  if (!lookup(&src, &pk, &pat.p) || !lookup(&src, &k, &pat.o)) {
    return 0;
  }
  MgdIter* it = NULL;
  src.vt->match(src.handle, &pat, &it);
  size_t     n = 0;
  MgdIdQuad  q;
  MgdId      pvid = 0, vid = 0;
  const bool ok = lookup(&src, &pv, &pvid) && lookup(&src, &v, &vid);
  while (ok && src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdIdQuad p2  = { q.s, pvid, vid, 0 };
    MgdIter*  it2 = NULL;
    MgdIdQuad q2;
    src.vt->match(src.handle, &p2, &it2);
    n += src.vt->next(it2, &q2) == MGD_SUCCESS;
    src.vt->iter_free(it2);
  }
  src.vt->iter_free(it);
  return n;
}

static void
test_kv_csv_with_config(void)
{
  Fix f;
  fix_ingest(&f, "omero-kv/idr0038-experimentB-annotation.csv", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_OMERO_KV_CSV);
  CHECK(n_typed(&f, OME "Image") == 10); // data rows in the CSV
  CHECK(n_typed(&f, OME "Dataset") == 4);
  // clientname renames; the mapr organism group has its own namespace.
  CHECK(n_kv(&f, "Organism", "Mus musculus") == 10);
  CHECK(n_kv(&f, "Characteristics [Organism]", "Mus musculus") == 0);
  const MgdTerm pns = iri(OME "namespace");
  const MgdTerm org = mgd_term_literal(
    mgd_str("openmicroscopy.org/mapr/organism"), mgd_str(NULL), mgd_str(NULL));
  CHECK(count(&f, NULL, &pns, &org) == 10);
  // clientvalue template with urlencode.
  CHECK(n_kv(&f, "Compound Name URL",
             "https://www.ncbi.nlm.nih.gov/pccompound?term=probenecid") >= 1);
  // Columns not included (Term Source ...) do not appear.
  const MgdTerm pk = iri(OME "k");
  const MgdTerm ts = mgd_term_literal(mgd_str("Term Source 1 REF"),
                                      mgd_str(NULL), mgd_str(NULL));
  CHECK(count(&f, NULL, &pk, &ts) == 0);
  char img[4096];
  snprintf(img, sizeof(img),
           "%s/Dataset/Organoid%%20functional%%20assay/Image/"
           "S-wo-prob-C7.czi%%20%%5B0%%5D",
           f.graph);
  const MgdTerm it = iri(img);
  CHECK(has_lit(&f, &it, OME "name", "S-wo-prob-C7.czi [0]", NULL));
  fix_clear(&f);

  fix_ingest(&f, "omero-kv/idr0011-screenE-annotation.csv", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Well") > 0);
  CHECK(n_kv(&f, "Gene Symbol", "CDC10") == 2); // wells A2 and B3
  CHECK(n_kv(&f, "Gene Identifier URL",
             "https://www.yeastgenome.org/locus/YCR002C") == 2);
  // omitempty: no keeps the empty gene symbol of the empty well A1.
  char a1[4096];
  snprintf(a1, sizeof(a1), "%s/Plate/Target-TS/Well/A1", f.graph);
  const MgdTerm a1t = iri(a1);
  CHECK(has_lit(&f, &a1t, OME "name", "A1", NULL));
  CHECK(n_kv(&f, "Gene Symbol", "") >= 1);
  CHECK(n_kv(&f, "Control Type", "empty well") >= 1);
  fix_clear(&f);
}

static void
test_kv_csv_without_config(void)
{
  Fix f;
  fix_ingest(&f, "omero-kv/idr0038-experimentC-annotation.csv", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Image") > 0);
  // Without rules every column is a key under the bulk-annotations namespace.
  CHECK(n_kv(&f, "Characteristics [Organism]", "Mus musculus") ==
        n_typed(&f, OME "Image"));
  CHECK(n_kv(&f, "Term Source 1 Accession", "NCBITaxon_10090") ==
        n_typed(&f, OME "Image"));
  fix_clear(&f);
}

static void
test_bulkmap_config(void)
{
  // Alone, a config is refused with a message saying what to do.
  Fix f;
  fix_ingest(&f, "omero-kv/idr0036-screenA-bulkmap-config.yml", false);
  CHECK(f.status == MGD_BAD_UNSUPPORTED);
  CHECK(f.report.kind == MGD_INGEST_BULKMAP_CONFIG);
  CHECK(diag_has(&f, "holds column rules, not data"));
  fix_clear(&f);
  // With a CSV next to it, its rules apply (idr0036 has no CSV in the
  // samples, so one is written with two of its columns).
  char cfg[4300], csv[4300], src[8192];
  snprintf(src, sizeof(src), "%s/omero-kv/idr0036-screenA-bulkmap-config.yml",
           samples);
  snprintf(cfg, sizeof(cfg), "%s/x-bulkmap-config.yml", tmpdir);
  snprintf(csv, sizeof(csv), "%s/x-annotation.csv", tmpdir);
  FILE* in  = fopen(src, "rb");
  FILE* out = fopen(cfg, "wb");
  CHECK(in && out);
  if (in && out) {
    char   buf[8192];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
      fwrite(buf, 1, n, out);
    }
  }
  if (in) {
    fclose(in);
  }
  if (out) {
    fclose(out);
  }
  write_file(csv,
             "Plate,Well,Compound Name,Characteristics [Cell Line],Secret\n"
             "P1,B3,\"aspirin, low\",U2OS,zzz\n");
  memset(&f, 0, sizeof(f));
  f.store            = mgd_memstore_new();
  MgdIngester*  ing  = make_ingester(&f.diags, false);
  const MgdSink sink = mgd_memstore_sink(f.store);
  f.status = mgd_ingester_ingest_path(ing, csv, NULL, &sink, &f.report);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_kv(&f, "Compound Name", "aspirin, low") == 1);
  CHECK(n_kv(&f, "Compound Name URL",
             "https://www.ncbi.nlm.nih.gov/pccompound?term=aspirin%2C%20low") ==
        1);
  CHECK(n_kv(&f, "Cell Line", "U2OS") == 1);
  CHECK(n_kv(&f, "Secret", "zzz") == 0); // not in the rules
  // Rules naming columns the table lacks are reported.
  CHECK(diag_has(&f, "bulkmap config column"));
  mgd_ingester_free(ing);
  fix_clear(&f);
  remove(cfg);
  remove(csv);
}

// --------------------------------------------------------------------------
// IDR study files

static void
test_idr_study(void)
{
  Fix f;
  fix_ingest(&f, "idr/idr0038-study.txt", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_IDR_STUDY);
  char st[4096];
  snprintf(st, sizeof(st), "%s/study", f.graph);
  const MgdTerm study = iri(st);
  CHECK(
    has_iri(&f, &study, MGD_NS_OBO "RO_0002162", MGD_NS_OBO "NCBITaxon_10090"));
  const MgdTerm taxon = iri(MGD_NS_OBO "NCBITaxon_10090");
  CHECK(has_lit(&f, &taxon, MGD_NS_RDFS "label", "Mus musculus", NULL));
  CHECK(has_lit(&f, &study, DCT "title",
                "Ex vivo live cell tracking in kidney organoids using light "
                "sheet fluorescence microscopy",
                NULL));
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/licenses/by/4.0/"));
  CHECK(has_lit(&f, &study, DCT "identifier", "idr0038", NULL));
  CHECK(n_typed(&f, OME "Project") == 3);
  char ex[4096];
  snprintf(ex, sizeof(ex), "%s/experiment/2", f.graph);
  const MgdTerm e2 = iri(ex);
  CHECK(has_iri(&f, &e2, MGD_NS_SCHEMA "measurementTechnique",
                MGD_NS_OBO "FBbi_00000364"));
  CHECK(has_lit(&f, &e2, OME "name",
                "idr0038-held-kidneylightsheet/experimentB", NULL));
  CHECK(n_typed(&f, MGD_NS_SCHEMA "Person") == 2);
  char pe[4096];
  snprintf(pe, sizeof(pe), "%s/study/person/2", f.graph);
  const MgdTerm p2 = iri(pe);
  CHECK(has_lit(&f, &p2, MGD_NS_SCHEMA "familyName", "Levy", NULL));
  CHECK(
    has_lit(&f, &p2, MGD_NS_SCHEMA "roleName", "Principal Investigator", NULL));
  char pu[4096];
  snprintf(pu, sizeof(pu), "%s/study/publication/1", f.graph);
  const MgdTerm pub = iri(pu);
  CHECK(has_iri(&f, &pub, MGD_NS_SCHEMA "sameAs",
                "https://doi.org/10.1371/journal.pone.0199918"));
  // Protocols per experiment.
  const MgdTerm pc = iri(MGD_NS_OBO "OBI_0000272");
  const MgdTerm pt = iri(MGD_RDF_TYPE);
  CHECK(count(&f, NULL, &pt, &pc) == 9);
  fix_clear(&f);

  fix_ingest(&f, "idr/idr0011-study.txt", false);
  CHECK(f.status == MGD_SUCCESS);
  snprintf(st, sizeof(st), "%s/study", f.graph);
  const MgdTerm s11 = iri(st);
  CHECK(
    has_iri(&f, &s11, MGD_NS_OBO "RO_0002162", MGD_NS_OBO "NCBITaxon_4932"));
  CHECK(n_typed(&f, OME "Screen") == 5);
  fix_clear(&f);

  fix_ingest(&f, "idr/idr0036-study.txt", false);
  CHECK(f.status == MGD_SUCCESS);
  snprintf(st, sizeof(st), "%s/study", f.graph);
  const MgdTerm s36 = iri(st);
  CHECK(
    has_iri(&f, &s36, MGD_NS_OBO "RO_0002162", MGD_NS_OBO "NCBITaxon_9606"));
  const MgdTerm hs = iri(MGD_NS_OBO "NCBITaxon_9606");
  CHECK(has_lit(&f, &hs, MGD_NS_RDFS "label", "Homo sapiens", NULL));
  fix_clear(&f);
}

static void
test_idr_assays_and_paths(void)
{
  Fix f;
  fix_ingest(&f, "idr/idr0038-experimentB-assays.txt", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_IDR_ASSAYS);
  // 4 assay rows (and 26 rows of empty cells, skipped) describe 4 images.
  CHECK(n_typed(&f, OME "Image") == 4);
  CHECK(n_kv(&f, "Characteristics [Organism]", "Mus musculus") == 4);
  CHECK(n_kv(&f, "Experimental Condition [Compound]", "probenecid") >= 1);
  fix_clear(&f);

  fix_ingest(&f, "idr/idr0038-experimentB-filePaths.tsv", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, OME "Dataset") == 4);
  char ds[4096];
  snprintf(ds, sizeof(ds), "%s/Dataset/Full%%20kidney%%20functional%%20assay",
           f.graph);
  const MgdTerm d = iri(ds);
  CHECK(
    has_lit(&f, &d, MGDV "filePath",
            "/uod/idr/filesets/idr0038-held-kidneylightsheet/20170905-"
            "original/disk2/functional assay/FK-wo-prob-B1-low-res-stack.czi",
            NULL));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// omero-rdf and omero-marshal JSON

static void
test_omero_rdf(void)
{
  Fix f;
  fix_ingest(&f, "omero-rdf/img_000000005_04-RFPdouble_002_trap_027.tif.rdf",
             false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_OMERO_RDF);
  const MgdTerm img = iri("https://example.org/site/Image/499");
  CHECK(has_iri(&f, &img, MGD_RDF_TYPE, OME "Image"));
  CHECK(has_lit(&f, &img, DCT "identifier", "499", NULL));
  CHECK(n_kv(&f, "Organism", "Oppidum hanseaticum") == 1);
  const MgdTerm pk = iri(OME "k");
  const MgdTerm strain =
    mgd_term_literal(mgd_str("Strain"), mgd_str(NULL), mgd_str(NULL));
  CHECK(count(&f, NULL, &pk, &strain) == 6);
  // No ome_core: term survives.
  const MgdTerm old =
    iri("http://www.openmicroscopy.org/rdf/2016-06/ome_core/Image");
  CHECK(count(&f, NULL, NULL, &old) == 0);
  fix_clear(&f);

  fix_ingest(&f, "omero-rdf/omero-ontop-mappings.ttl", false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm onto = iri("https://ld.openmicroscopy.org/omekg");
  CHECK(has_lit(&f, &onto, MGD_NS_RDFS "label", "OMERO VKG Ontology", NULL));
  fix_clear(&f);
}

static void
test_omero_json(void)
{
  Fix f;
  fix_ingest(&f, "omero-rdf/omero_project_801.omero-marshal.jsonld", false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_OMERO_JSON);
  const MgdTerm p = iri("https://idr.openmicroscopy.org/api/v0/m/projects/801");
  CHECK(has_iri(&f, &p, MGD_RDF_TYPE, OME "Project"));
  CHECK(has_lit(&f, &p, OME "name",
                "idr0062-blin-nuclearsegmentation/experimentA", NULL));
  CHECK(n_kv(&f, "Organism", "Mus musculus") == 1);
  CHECK(n_typed(&f, OME "MapAnnotation") >= 1);
  const MgdTerm who = obj(&f, "Experimenter:2");
  CHECK(has_lit(&f, &who, OME "institution", "IDR Project", NULL));
  CHECK(has_iri(&f, &p, OME "experimenter", who.value.ptr));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// Every sample, provenance, determinism

#include <openssl/evp.h>

static void
sha256_file(const char* const path, char out[65])
{
  EVP_MD_CTX* const md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), NULL);
  FILE* const f = fopen(path, "rb");
  char        buf[8192];
  size_t      n = 0;
  while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
    EVP_DigestUpdate(md, buf, n);
  }
  if (f) {
    fclose(f);
  }
  unsigned char d[32];
  unsigned      dn = 0;
  EVP_DigestFinal_ex(md, d, &dn);
  EVP_MD_CTX_free(md);
  for (unsigned i = 0; i < 32; ++i) {
    snprintf(out + 2 * i, 3, "%02x", d[i]);
  }
}

/// The text of file `rel` under the source dir (empty if unreadable).
static void
read_src_file(const char* const rel, MgdBuf* const out)
{
  char path[8300];
  snprintf(path, sizeof(path), "%s/%s", srcdir, rel);
  FILE* const f = fopen(path, "rb");
  char        buf[65536];
  size_t      n = 0;
  while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
    mgd_buf_append(out, buf, n);
  }
  if (f) {
    fclose(f);
  }
}

/// True if ontologies/mugdat-vocab.ttl (`vocab`) declares the mgdv: term
/// `iri` (a full IRI).
static bool
mgdv_declared(const MgdBuf* const vocab, const MgdStr iri)
{
  const size_t ns = strlen(MGD_NS_MGDV);
  if (iri.len <= ns || memcmp(iri.ptr, MGD_NS_MGDV, ns)) {
    return true; // not ours
  }
  char decl[512];
  snprintf(decl, sizeof(decl), "\nmgdv:%.*s a ", (int)(iri.len - ns),
           iri.ptr + ns);
  return vocab->data && strstr(vocab->data, decl);
}

/// Count the mgdv: predicates and classes in the fixture's store that the
/// vocabulary file does not declare (printing them).
static size_t
undeclared_mgdv(const Fix* const f, const MgdBuf* const vocab)
{
  MgdSource       src = mgd_memstore_source(f->store);
  const MgdIdQuad pat = { 0, 0, 0, 0 };
  MgdIter*        it  = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return 1;
  }
  size_t    n_bad = 0;
  MgdIdQuad q;
  MgdArena  arena;
  mgd_arena_init(&arena, 0);
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    mgd_arena_reset(&arena);
    MgdTerm p;
    MgdTerm o;
    if (mgd_source_term(&src, q.p, &arena, &p) ||
        mgd_source_term(&src, q.o, &arena, &o)) {
      ++n_bad;
      continue;
    }
    const bool typed = mgd_str_eqc(p.value, MGD_RDF_TYPE);
    const MgdStr t   = typed && o.kind == MGD_TERM_IRI ? o.value : p.value;
    if (!mgd_str_eqc(t, MGD_RDF_TYPE) && !mgdv_declared(vocab, t)) {
      fprintf(stderr, "mgdv term not in ontologies/mugdat-vocab.ttl: %.*s\n",
              (int)t.len, t.ptr);
      ++n_bad;
    }
  }
  mgd_arena_clear(&arena);
  src.vt->iter_free(it);
  return n_bad;
}

static void
test_every_sample(void)
{
  MgdBuf vocab = { 0 };
  read_src_file("ontologies/mugdat-vocab.ttl", &vocab);
  CHECK(vocab.len > 0);
  static const char* const dirs[] = {
    "ome-xml/ome-model", "ome-xml/vendor", "omero-transfer",
    "omero-kv",          "omero-rdf",      "idr",
  };
  size_t n_files = 0;
  for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); ++d) {
    char dir[8192];
    snprintf(dir, sizeof(dir), "%s/%s", samples, dirs[d]);
    DIR* const dh = opendir(dir);
    CHECK(dh != NULL);
    struct dirent* de = NULL;
    while (dh && (de = readdir(dh))) {
      if (de->d_name[0] == '.') {
        continue;
      }
      char rel[8192];
      snprintf(rel, sizeof(rel), "%s/%s", dirs[d], de->d_name);
      Fix f;
      fix_ingest(&f, rel, false);
      ++n_files;
      if (f.report.kind == MGD_INGEST_BULKMAP_CONFIG) {
        CHECK(f.status == MGD_BAD_UNSUPPORTED);
        fix_clear(&f);
        continue;
      }
      if (f.status != MGD_SUCCESS || f.report.n_quads == 0) {
        fprintf(stderr, "sample %s: %s, %zu quads\n%s", rel,
                mgd_strerror(f.status), f.report.n_quads,
                f.diags.data ? f.diags.data : "");
      }
      CHECK(f.status == MGD_SUCCESS);
      CHECK(f.report.n_quads > 0);
      // Provenance: checksum and size of the file, quad count, format.
      char path[8192];
      char sum[65];
      snprintf(path, sizeof(path), "%s/%s", samples, rel);
      sha256_file(path, sum);
      CHECK(!strcmp(sum, f.report.sha256));
      char sn[4096];
      snprintf(sn, sizeof(sn), "%s#sha256", f.graph);
      const MgdTerm snt = iri(sn);
      CHECK(has_lit(&f, &snt, "http://spdx.org/rdf/terms#checksumValue", sum,
                    NULL));
      struct stat sb;
      stat(path, &sb);
      char size[32];
      snprintf(size, sizeof(size), "%lld", (long long)sb.st_size);
      char src[4096];
      snprintf(src, sizeof(src), "%s#source", f.graph);
      const MgdTerm srct = iri(src);
      CHECK(has_lit(&f, &srct, "http://www.w3.org/ns/dcat#byteSize", size,
                    MGD_XSD_INTEGER));
      const MgdTerm g = iri(f.graph);
      char          nq[32];
      snprintf(nq, sizeof(nq), "%zu", f.report.n_quads);
      CHECK(has_lit(&f, &g, "http://rdfs.org/ns/void#triples", nq,
                    MGD_XSD_INTEGER));
      // ... and that is the number of triples the graph holds.
      {
        MgdSource gs  = mgd_memstore_source(f.store);
        MgdId     gid = 0;
        uint64_t  n_g = 0;
        CHECK(lookup(&gs, &g, &gid));
        const MgdIdQuad pat = { 0, 0, 0, gid };
        gs.vt->estimate(gs.handle, &pat, &n_g);
        CHECK(n_g == f.report.n_quads);
      }
      CHECK(has_lit(&f, &g, PROV "generatedAtTime", "2026-01-01T00:00:00Z",
                    MGD_XSD_DATETIME));
      CHECK(has_iri(&f, &g, PROV "wasDerivedFrom", src));
      CHECK(!strncmp(f.graph, MGD_INGEST_SOURCE_PREFIX "/",
                     sizeof(MGD_INGEST_SOURCE_PREFIX "/") - 1));
      // Every MUGDAT term it wrote is documented.
      CHECK(undeclared_mgdv(&f, &vocab) == 0);
      fix_clear(&f);
    }
    if (dh) {
      closedir(dh);
    }
  }
  CHECK(n_files == 39); // every file of those sample dirs
  mgd_buf_clear(&vocab);
}

/// True if [b, e) contains `needle`.
static bool
span_has(const char* const b, const char* const e, const char* const needle)
{
  const size_t n = strlen(needle);
  for (const char* c = b; c + n <= e; ++c) {
    if (!memcmp(c, needle, n)) {
      return true;
    }
  }
  return false;
}

static void
test_mapping_mgdv_terms_documented(void)
{
  // Every mgdv: term a mapping table names is declared, with a label and a
  // comment, in ontologies/mugdat-vocab.ttl.
  static const char* const tables[] = {
    "mappings/ome-xml.tsv", "mappings/idr-study.tsv",
    "mappings/omero-json.tsv", "mappings/omero-rdf.tsv",
  };
  MgdBuf vocab = { 0 };
  read_src_file("ontologies/mugdat-vocab.ttl", &vocab);
  size_t n_terms = 0, n_bad = 0;
  for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); ++i) {
    MgdBuf text = { 0 };
    read_src_file(tables[i], &text);
    CHECK(text.len > 0);
    for (const char* c = text.data ? strstr(text.data, "mgdv:") : NULL; c;
         c = strstr(c + 5, "mgdv:")) {
      if (c > text.data && c[-1] != '\t') {
        continue; // in a comment
      }
      size_t n = 5;
      while ((c[n] >= 'a' && c[n] <= 'z') || (c[n] >= 'A' && c[n] <= 'Z') ||
             (c[n] >= '0' && c[n] <= '9') || c[n] == '_') {
        ++n;
      }
      char name[256];
      snprintf(name, sizeof(name), "%s%.*s", MGD_NS_MGDV, (int)(n - 5), c + 5);
      char lab[300];
      snprintf(lab, sizeof(lab), "\n%.*s a ", (int)n, c);
      const char* const d  = vocab.data ? strstr(vocab.data, lab) : NULL;
      const char* const e  = d ? strstr(d + 1, " .\n") : NULL;
      const bool        ok = mgdv_declared(&vocab, mgd_str(name)) && d && e &&
                      span_has(d, e, "rdfs:label ") &&
                      span_has(d, e, "rdfs:comment ");
      if (!ok) {
        fprintf(stderr, "%s: %.*s not documented in mugdat-vocab.ttl\n",
                tables[i], (int)n, c);
      }
      n_bad += !ok;
      ++n_terms;
    }
    mgd_buf_clear(&text);
  }
  CHECK(n_terms > 50);
  CHECK(n_bad == 0);
  mgd_buf_clear(&vocab);
}

static int
cmp_lines(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void
quads_to_text(MgdMemStore* const store, MgdBuf* const out)
{
  // Sorted N-Quads lines of the whole store.
  MgdSource src = mgd_memstore_source(store);
  MgdIdQuad pat = { 0, 0, 0, 0 };
  MgdIter*  it  = NULL;
  src.vt->match(src.handle, &pat, &it);
  MgdIdQuad q;
  size_t    n = 0, cap = 0;
  char**    lines = NULL;
  MgdArena  arena;
  mgd_arena_init(&arena, 0);
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdQuad t;
    mgd_source_term(&src, q.s, &arena, &t.s);
    mgd_source_term(&src, q.p, &arena, &t.p);
    mgd_source_term(&src, q.o, &arena, &t.o);
    if (q.g == MGD_ID_DEFAULT_GRAPH) {
      t.g = mgd_term_none();
    } else {
      mgd_source_term(&src, q.g, &arena, &t.g);
    }
    MgdBuf line = { 0 };
    mgd_quad_write_nq(&line, &t);
    if (n == cap) {
      cap   = cap ? 2 * cap : 256;
      lines = realloc(lines, cap * sizeof(char*));
    }
    lines[n++] = line.data;
  }
  src.vt->iter_free(it);
  qsort(lines, n, sizeof(char*), cmp_lines);
  for (size_t i = 0; i < n; ++i) {
    mgd_buf_appendc(out, lines[i]);
    mgd_free(lines[i]);
  }
  free(lines);
  mgd_arena_clear(&arena);
}

static void
test_reingest_is_stable(void)
{
  Fix a, b;
  fix_ingest(&a, "ome-xml/vendor/tubhiswt.ome.xml", false);
  fix_ingest(&b, "ome-xml/vendor/tubhiswt.ome.xml", false);
  CHECK(a.status == MGD_SUCCESS && b.status == MGD_SUCCESS);
  MgdBuf ta = { 0 }, tb = { 0 };
  quads_to_text(a.store, &ta);
  quads_to_text(b.store, &tb);
  CHECK(ta.len > 0 && ta.len == tb.len && !memcmp(ta.data, tb.data, ta.len));
  CHECK(!strcmp(a.graph, b.graph));
  // No blank nodes: every object is addressable by a stable IRI.
  CHECK(!strstr(ta.data ? ta.data : "", "_:"));
  mgd_buf_clear(&ta);
  mgd_buf_clear(&tb);
  fix_clear(&a);
  fix_clear(&b);
}

// --------------------------------------------------------------------------
// Bad input

/// Ingest `text` as OME-XML from memory.
static void
fix_bytes(Fix* const f, const char* const text, const bool strict)
{
  memset(f, 0, sizeof(*f));
  f->store           = mgd_memstore_new();
  MgdIngester*  ing  = make_ingester(&f->diags, strict);
  const MgdSink sink = mgd_memstore_sink(f->store);
  f->status =
    mgd_ingester_ingest_bytes(ing, MGD_INGEST_OME_XML, "mem.ome.xml", text,
                              strlen(text), "urn:test:g", &sink, &f->report);
  snprintf(f->graph, sizeof(f->graph), "urn:test:g");
  if (getenv("MUGDAT_TEST_VERBOSE")) {
    fprintf(stderr, "== bytes: %s\n%s", mgd_strerror(f->status),
            f->diags.data ? f->diags.data : "");
  }
  mgd_ingester_free(ing);
}

#define OME_OPEN                                                               \
  "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"

static void
test_malformed_xml(void)
{
  Fix f;
  fix_bytes(&f,
            OME_OPEN "\n<Image ID=\"Image:0\">\n  <Pixels ID=\"Pixels:0\">\n"
                     "</Image></OME>\n",
            false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "error 4:9 -: malformed XML: Opening and ending tag "
                     "mismatch: Pixels line 3 and Image"));
  fix_clear(&f);

  fix_bytes(&f, OME_OPEN "<Image ID=\"Image:0\">", false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "malformed XML"));
  fix_clear(&f);

  fix_bytes(&f, "<Foo xmlns=\"urn:x\"/>", false);
  CHECK(f.status == MGD_BAD_DATA);
  CHECK(diag_has(&f, "not an OME-XML document"));
  fix_clear(&f);
}

static void
test_xml_bomb_refused(void)
{
  Fix f;
  fix_bytes(
    &f,
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n" OME_OPEN "<Image ID=\"Image:0\" Name=\"&lol9;\"/></OME>\n",
    false);
  CHECK(f.status == MGD_BAD_ACCESS);
  CHECK(diag_has(&f, "error 2:"));
  CHECK(diag_has(&f, "DOCTYPE declaration refused (<!DOCTYPE lolz>)"));
  CHECK(mgd_memstore_size(f.store) == 0);
  fix_clear(&f);
}

static void
test_xxe_refused(void)
{
  Fix f;
  fix_bytes(
    &f,
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE OME [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n" OME_OPEN
    "<Image ID=\"Image:0\" Name=\"&xxe;\"/></OME>\n",
    false);
  CHECK(f.status == MGD_BAD_ACCESS);
  CHECK(diag_has(&f, "DOCTYPE declaration refused"));
  CHECK(diag_has(&f, "external entities (XXE)"));
  CHECK(mgd_memstore_size(f.store) == 0);
  fix_clear(&f);

  // External DTD subset: refused the same way, never fetched.
  fix_bytes(&f,
            "<?xml version=\"1.0\"?>\n"
            "<!DOCTYPE OME SYSTEM \"file:///etc/passwd\">\n" OME_OPEN
            "</OME>\n",
            false);
  CHECK(f.status == MGD_BAD_ACCESS);
  CHECK(diag_has(&f, "<!DOCTYPE OME SYSTEM file:///etc/passwd>"));
  fix_clear(&f);

  // An undeclared entity is a well-formedness error, not an expansion.
  fix_bytes(&f, OME_OPEN "<Image ID=\"Image:0\" Name=\"&xxe;\"/></OME>", false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "xxe"));
  fix_clear(&f);
}

static void
test_wrong_types_warn(void)
{
  const char* const doc = OME_OPEN
    "\n<Image ID=\"Image:0\">\n"
    "<Pixels ID=\"Pixels:0\" SizeX=\"abc\" SizeY=\"4\" PhysicalSizeX=\"1,5\" "
    "PhysicalSizeY=\"2\" PhysicalSizeYUnit=\"furlong\" "
    "DimensionOrder=\"XYZCT\" "
    "Type=\"uint8\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\"/>\n"
    "<AcquisitionDate>yesterday</AcquisitionDate>\n"
    "</Image></OME>";
  Fix f;
  fix_bytes(&f, doc, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 4);
  CHECK(diag_has(&f, "/OME[1]/Image[1]/Pixels[1]/@SizeX: value \"abc\" is not "
                     "a valid xsd:integer"));
  CHECK(
    diag_has(&f, "/OME[1]/Image[1]/Pixels[1]/@PhysicalSizeX: value \"1,5\""));
  CHECK(diag_has(&f, "/OME[1]/Image[1]/Pixels[1]/@PhysicalSizeYUnit: unknown "
                     "unit \"furlong\" for UnitsLength"));
  CHECK(
    diag_has(&f, "/OME[1]/Image[1]/AcquisitionDate[1]: value \"yesterday\""));
  // Values are kept as plain strings, the good ones typed.
  const MgdTerm px = iri("urn:test:g/Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_x", "abc", NULL));
  CHECK(has_lit(&f, &px, OME "size_y", "4", MGD_XSD_INTEGER));
  fix_clear(&f);

  fix_bytes(&f, doc, true);
  CHECK(f.status == MGD_BAD_DATA);
  CHECK(diag_has(&f, "error 3:"));
  fix_clear(&f);
}

static void
test_character_references(void)
{
  // Predefined and character references are decoded (no DTD needed for
  // them); an XMLLiteral re-escapes what it must.
  Fix f;
  fix_bytes(&f,
            OME_OPEN "<Image ID=\"Image:1\" Name=\"a &amp; b &#x3B1; &lt;c&gt;\">"
                     "<Description>x &amp; y &#65;</Description></Image>"
                     "<StructuredAnnotations><XMLAnnotation ID=\"Annotation:1\">"
                     "<Value><a xmlns:p=\"urn:p\" p:x=\"&quot;&amp;&#65;\">"
                     "x &lt; y<![CDATA[<z>]]></a></Value></XMLAnnotation>"
                     "</StructuredAnnotations></OME>",
            false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm img = iri("urn:test:g/Image:1");
  CHECK(has_lit(&f, &img, OME "name", "a & b \xCE\xB1 <c>", NULL));
  CHECK(has_lit(&f, &img, OME "description", "x & y A", NULL));
  const MgdTerm a = iri("urn:test:g/Annotation:1");
  char          v[1024];
  object(&f, &a, OME "value", v, sizeof(v));
  CHECK(!strcmp(v, "<a xmlns:p=\"urn:p\" xmlns=\"http://www.openmicroscopy.org/"
                   "Schemas/OME/2016-06\" p:x=\"&quot;&amp;A\">x &lt; "
                   "y&lt;z&gt;</a>"));
  fix_clear(&f);
}

static void
test_greek_mu_units(void)
{
  // The Greek small letter mu (U+03BC) written for the micro sign (U+00B5)
  // names the same unit, without an unknown-unit warning.
  Fix f;
  fix_bytes(&f,
            OME_OPEN "<Image ID=\"Image:1\"><Pixels ID=\"Pixels:1\" "
                     "DimensionOrder=\"XYZCT\" Type=\"uint8\" SizeX=\"1\" "
                     "SizeY=\"1\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\" "
                     "PhysicalSizeX=\"0.5\" PhysicalSizeXUnit=\"\xCE\xBCm\" "
                     "TimeIncrement=\"2\" TimeIncrementUnit=\"\xCE\xBCs\"/>"
                     "</Image></OME>",
            false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_warnings == 0);
  const MgdTerm px = iri("urn:test:g/Pixels:1");
  CHECK(has_iri(&f, &px, OME "physical_size_x_unit", QUDT "MicroM"));
  CHECK(has_iri(&f, &px, OME "time_increment_unit", QUDT "MicroSEC"));
  fix_clear(&f);
}

/// The QUDT local name an OME unit symbol must have: the QUDT unit
/// vocabulary writes an SI prefix as a capitalised word before the base
/// unit's upper-case name (unit:MicroM, unit:NanoM, unit:MilliSEC,
/// unit:KiloHZ), and names other units by upper-case abbreviations
/// (unit:DEG_C, unit:ANGSTROM, unit:MilliM_HG). NULL if the symbol is not
/// one this check knows.
static const char*
qudt_name(const char* const dim, const char* const sym, char* const out,
          const size_t n)
{
  static const struct {
    const char* sym;
    const char* name;
  } named[] = {
    {"\xC3\x85", "ANGSTROM"}, {"ft", "FT"},       {"in", "IN"},
    {"yd", "YD"},             {"mi", "MI"},       {"ua", "AU"},
    {"ly", "LY"},             {"pc", "PARSEC"},   {"min", "MIN"},
    {"h", "HR"},              {"d", "DAY"},       {"atm", "ATM"},
    {"psi", "PSI"},           {"Torr", "TORR"},   {"mm Hg", "MilliM_HG"},
    {"K", "K"},               {"\xC2\xB0" "C", "DEG_C"},
    {"\xC2\xB0" "F", "DEG_F"}, {"\xC2\xB0" "R", "DEG_R"},
  };
  for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); ++i) {
    if (!strcmp(sym, named[i].sym)) {
      snprintf(out, n, "%s", named[i].name);
      return out;
    }
  }
  static const struct {
    const char* dim;
    const char* sym;
    const char* name;
  } base[] = {
    {"UnitsLength", "m", "M"},     {"UnitsTime", "s", "SEC"},
    {"UnitsFrequency", "Hz", "HZ"}, {"UnitsPower", "W", "W"},
    {"UnitsElectricPotential", "V", "V"}, {"UnitsPressure", "Pa", "PA"},
    {"UnitsPressure", "bar", "BAR"},
  };
  static const struct {
    const char* sym;
    const char* word;
  } prefix[] = {
    {"", ""},          {"Y", "Yotta"}, {"Z", "Zetta"}, {"E", "Exa"},
    {"P", "Peta"},     {"T", "Tera"},  {"G", "Giga"},  {"M", "Mega"},
    {"k", "Kilo"},     {"h", "Hecto"}, {"da", "Deca"}, {"d", "Deci"},
    {"c", "Centi"},    {"m", "Milli"}, {"\xC2\xB5", "Micro"},
    {"\xCE\xBC", "Micro"}, {"u", "Micro"}, {"n", "Nano"}, {"p", "Pico"},
    {"f", "Femto"},    {"a", "Atto"},  {"z", "Zepto"}, {"y", "Yocto"},
  };
  const size_t len = strlen(sym);
  for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); ++b) {
    const size_t bl = strlen(base[b].sym);
    if (strcmp(dim, base[b].dim) || len < bl ||
        strcmp(sym + len - bl, base[b].sym)) {
      continue;
    }
    for (size_t p = 0; p < sizeof(prefix) / sizeof(prefix[0]); ++p) {
      if (strlen(prefix[p].sym) == len - bl &&
          !strncmp(sym, prefix[p].sym, len - bl)) {
        snprintf(out, n, "%s%s", prefix[p].word, base[b].name);
        return out;
      }
    }
  }
  return NULL;
}

static void
test_qudt_unit_names(void)
{
  // Every QUDT IRI in mappings/ome-units.tsv is the one the QUDT naming
  // rules give for the OME symbol (a wrong prefix or base unit would name
  // another unit or none), and the micro units are QUDT's.
  char path[8300];
  snprintf(path, sizeof(path), "%s/mappings/ome-units.tsv", srcdir);
  FILE* const f = fopen(path, "rb");
  CHECK(f != NULL);
  char   line[1024];
  size_t n_qudt = 0, n_bad = 0;
  bool   micro_m = false;
  while (f && fgets(line, sizeof(line), f)) {
    if (line[0] == '#') {
      continue;
    }
    char* save = NULL;
    char* dim  = strtok_r(line, "\t\n", &save);
    char* sym  = dim ? strtok_r(NULL, "\t\n", &save) : NULL;
    char* unit = sym ? strtok_r(NULL, "\t\n", &save) : NULL;
    if (!unit || strncmp(unit, QUDT, strlen(QUDT))) {
      continue;
    }
    ++n_qudt;
    char              want[64];
    const char* const name = qudt_name(dim, sym, want, sizeof(want));
    const bool ok = name && !strcmp(unit + strlen(QUDT), name);
    if (!ok) {
      fprintf(stderr, "ome-units.tsv: %s %s -> %s, expected unit:%s\n", dim,
              sym, unit, name ? name : "(unknown symbol)");
    }
    n_bad += !ok;
    micro_m = micro_m || !strcmp(sym, "\xC2\xB5m");
  }
  if (f) {
    fclose(f);
  }
  CHECK(n_qudt > 60);
  CHECK(n_bad == 0);
  CHECK(micro_m);
}

static void
test_older_schemas(void)
{
  // 2010-06 style: sub-schema namespaces with prefixes (SPW:, SA:, ROI:,
  // Bin:), LightSource wrapping Laser, AcquiredDate, SA:AnnotationRef.
  const char* const doc =
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2010-06\" "
    "xmlns:SPW=\"http://www.openmicroscopy.org/Schemas/SPW/2010-06\" "
    "xmlns:SA=\"http://www.openmicroscopy.org/Schemas/SA/2010-06\" "
    "xmlns:ROI=\"http://www.openmicroscopy.org/Schemas/ROI/2010-06\" "
    "xmlns:Bin=\"http://www.openmicroscopy.org/Schemas/BinaryFile/2010-06\">"
    "<SPW:Plate ID=\"Plate:1\" Name=\"P\"><SPW:Well ID=\"Well:1\" Column=\"0\" "
    "Row=\"1\"><SPW:WellSample ID=\"WellSample:1\" Index=\"0\">"
    "<ImageRef ID=\"Image:0\"/></SPW:WellSample></SPW:Well></SPW:Plate>"
    "<Instrument ID=\"Instrument:0\"><LightSource ID=\"LightSource:0\" "
    "Power=\"5\"><Laser Type=\"Gas\" Wavelength=\"488\"/></LightSource>"
    "</Instrument>"
    "<Image ID=\"Image:0\" Name=\"old\"><AcquiredDate>2010-01-02T03:04:05"
    "</AcquiredDate><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" "
    "Type=\"uint8\" SizeX=\"7\" SizeY=\"8\" SizeZ=\"1\" SizeC=\"1\" "
    "SizeT=\"1\" PhysicalSizeX=\"0.5\"><Bin:BinData Length=\"4\">AAAA"
    "</Bin:BinData></Pixels><SA:AnnotationRef ID=\"Annotation:1\"/>"
    "<ROI:ROIRef ID=\"ROI:1\"/></Image>"
    "<ROI:ROI ID=\"ROI:1\"><ROI:Union><ROI:Shape ID=\"Shape:1\"><ROI:Point "
    "X=\"1\" Y=\"2\"/></ROI:Shape></ROI:Union></ROI:ROI>"
    "<SA:StructuredAnnotations><SA:CommentAnnotation ID=\"Annotation:1\">"
    "<SA:Value>hello</SA:Value></SA:CommentAnnotation>"
    "</SA:StructuredAnnotations></OME>";
  Fix f;
  fix_bytes(&f, doc, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm img = iri("urn:test:g/Image:0");
  CHECK(has_lit(&f, &img, OME "acquisition_date", "2010-01-02T03:04:05",
                MGD_XSD_DATETIME));
  CHECK(has_iri(&f, &img, MGDV "annotation", "urn:test:g/Annotation:1"));
  CHECK(has_iri(&f, &img, MGDV "roi", "urn:test:g/ROI:1"));
  const MgdTerm ann = iri("urn:test:g/Annotation:1");
  CHECK(has_lit(&f, &ann, OME "value", "hello", NULL));
  const MgdTerm ws = iri("urn:test:g/WellSample:1");
  CHECK(has_iri(&f, &ws, OME "image", "urn:test:g/Image:0"));
  const MgdTerm ls = iri("urn:test:g/LightSource:0");
  CHECK(has_iri(&f, &ls, MGD_RDF_TYPE, OME "Laser"));
  CHECK(has_lit(&f, &ls, OME "wavelength", "488", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &ls, OME "wavelength_unit", QUDT "NanoM"));
  const MgdTerm px = iri("urn:test:g/Pixels:0");
  CHECK(has_lit(&f, &px, OME "size_y", "8", MGD_XSD_INTEGER));
  CHECK(has_iri(&f, &px, OME "physical_size_x_unit", QUDT "MicroM"));
  CHECK(n_typed(&f, OME "BinData") == 1);
  fix_clear(&f);
}

static void
test_nesting_limit(void)
{
  MgdBuf doc = { 0 };
  mgd_buf_appendc(&doc, OME_OPEN);
  for (int i = 0; i < 300; ++i) {
    mgd_buf_appendc(&doc, "<Image>");
  }
  for (int i = 0; i < 300; ++i) {
    mgd_buf_appendc(&doc, "</Image>");
  }
  mgd_buf_appendc(&doc, "</OME>");
  Fix f;
  fix_bytes(&f, doc.data, false);
  CHECK(f.status == MGD_BAD_LIMIT);
  CHECK(diag_has(&f, "nested deeper than the limit"));
  fix_clear(&f);
  // Many different element names under one parent: refused, not quadratic.
  mgd_buf_reset(&doc);
  mgd_buf_appendc(&doc, OME_OPEN);
  for (int i = 0; i < 5000; ++i) {
    mgd_buf_printf(&doc, "<X%d/>", i);
  }
  mgd_buf_appendc(&doc, "</OME>");
  fix_bytes(&f, doc.data, false);
  CHECK(f.status == MGD_BAD_LIMIT);
  CHECK(diag_has(&f, "/OME[1]: more than 1024 different child element names"));
  fix_clear(&f);
  mgd_buf_clear(&doc);
}

#include <sys/resource.h>

static long
max_rss_kb(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void
test_bindata_streams(void)
{
  // 96 MiB of base64 in one BinData: memory must not follow the file size.
  char path[4200];
  snprintf(path, sizeof(path), "%s/big.ome.xml", tmpdir);
  FILE* const out = fopen(path, "wb");
  CHECK(out != NULL);
  if (!out) {
    return;
  }
  fputs(OME_OPEN
        "<Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" "
        "DimensionOrder=\"XYZCT\" Type=\"uint8\" SizeX=\"1\" SizeY=\"1\" "
        "SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\"><BinData Length=\"1\">",
        out);
  char line[4096];
  memset(line, 'A', sizeof(line));
  for (int i = 0; i < 96 * 256; ++i) {
    fwrite(line, 1, sizeof(line), out);
  }
  fputs("</BinData></Pixels></Image></OME>", out);
  fclose(out);
  const long before = max_rss_kb();
  Fix        f;
  memset(&f, 0, sizeof(f));
  f.store            = mgd_memstore_new();
  MgdIngester*  ing  = make_ingester(&f.diags, false);
  const MgdSink sink = mgd_memstore_sink(f.store);
  f.status = mgd_ingester_ingest_path(ing, path, NULL, &sink, &f.report);
  const long after = max_rss_kb();
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.n_bytes > (size_t)96 << 20);
  CHECK(after - before < 32 * 1024); // far less than the 96 MiB payload
  mgd_ingester_free(ing);
  fix_clear(&f);
  remove(path);
}

typedef struct {
  unsigned calls;     ///< Progress calls
  uint64_t bytes;     ///< Last bytes_read
  uint64_t total;     ///< Last bytes_total
  uint64_t quads;     ///< Last n_quads
  bool     monotonic; ///< Counts never went down
} ProgressLog;

static void
log_progress(void* const handle, const uint64_t bytes, const uint64_t total,
             const uint64_t quads)
{
  ProgressLog* const p = (ProgressLog*)handle;
  p->monotonic = p->monotonic && bytes >= p->bytes && quads >= p->quads;
  ++p->calls;
  p->bytes = bytes;
  p->total = total;
  p->quads = quads;
}

static void
test_progress(void)
{
  // A document of several read chunks: progress is reported as it is read,
  // ending at the file's size.
  char path[4200];
  snprintf(path, sizeof(path), "%s/progress.ome.xml", tmpdir);
  FILE* const out = fopen(path, "wb");
  CHECK(out != NULL);
  if (!out) {
    return;
  }
  fputs(OME_OPEN, out);
  for (int i = 0; i < 4000; ++i) {
    fprintf(out,
            "<Image ID=\"Image:%d\" Name=\"image %d\"><Pixels ID=\"Pixels:%d\" "
            "DimensionOrder=\"XYZCT\" Type=\"uint8\" SizeX=\"1\" SizeY=\"1\" "
            "SizeZ=\"1\" SizeC=\"1\" SizeT=\"1\"/></Image>\n",
            i, i, i);
  }
  fputs("</OME>", out);
  const long size = ftell(out);
  fclose(out);
  MgdBuf diags;
  mgd_buf_init(&diags);
  ProgressLog      log = {0U, 0U, 0U, 0U, true};
  MgdIngestOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir        = srcdir;
  o.progress        = log_progress;
  o.progress_handle = &log;
  MgdIngester* ing  = NULL;
  CHECK(mgd_ingester_new(&o, &ing) == MGD_SUCCESS);
  MgdMemStore* const store = mgd_memstore_new();
  const MgdSink      sink  = mgd_memstore_sink(store);
  MgdIngestReport    r;
  CHECK(ing && mgd_ingester_ingest_path(ing, path, NULL, &sink, &r) ==
                 MGD_SUCCESS);
  CHECK(log.calls >= 5U); // 64 KiB chunks of a ~640 KB file
  CHECK(log.monotonic);
  CHECK(log.bytes == (uint64_t)size && log.total == (uint64_t)size);
  CHECK(log.quads > 0U && log.quads <= r.n_quads);
  mgd_memstore_free(store);
  mgd_ingester_free(ing);
  mgd_buf_clear(&diags);
  remove(path);
}

static void
test_graph_iri_and_detect(void)
{
  MgdBuf b = { 0 };
  CHECK(mgd_ingest_graph_iri("/data/./x/../my file#1.ome.xml", &b) ==
        MGD_SUCCESS);
  CHECK(!strcmp(b.data, "urn:mugdat:source:/data/my%20file%231.ome.xml"));
  mgd_buf_reset(&b);
  CHECK(mgd_ingest_graph_iri("//a//b/", &b) == MGD_SUCCESS);
  CHECK(!strcmp(b.data, "urn:mugdat:source:/a/b"));
  mgd_buf_clear(&b);
  MgdIngestKind k = MGD_INGEST_UNKNOWN;
  CHECK(mgd_ingest_detect("/nonexistent/zzz", &k) == MGD_BAD_IO);
  CHECK(mgd_ingest_detect(tmpdir, &k) == MGD_SUCCESS);
  CHECK(k == MGD_INGEST_DIRECTORY);
  CHECK(!strcmp(mgd_ingest_kind_name(MGD_INGEST_IDR_STUDY), "idr-study"));
  static const char ome[] =
    "<?xml version=\"1.0\"?><ome:OME xmlns:ome=\"http://www.openmicroscopy.org/"
    "Schemas/OME/2016-06\"/>";
  CHECK(mgd_ingest_detect_bytes(NULL, ome, sizeof(ome) - 1) ==
        MGD_INGEST_OME_XML);
  CHECK(mgd_ingest_detect_bytes("transfer.xml", ome, sizeof(ome) - 1) ==
        MGD_INGEST_OMERO_TRANSFER);
  CHECK(mgd_ingest_detect_bytes("idr0099-study.txt", "Study Title\tx", 13) ==
        MGD_INGEST_IDR_STUDY);
  CHECK(mgd_ingest_detect_bytes("x.bin", "\x89PNG", 4) == MGD_INGEST_UNKNOWN);
  mgd_ingester_free(NULL);
  // A directory that is not a package is refused as one source.
  Fix f;
  memset(&f, 0, sizeof(f));
  f.store            = mgd_memstore_new();
  MgdIngester*  ing  = make_ingester(&f.diags, false);
  const MgdSink sink = mgd_memstore_sink(f.store);
  CHECK(mgd_ingester_ingest_path(ing, tmpdir, NULL, &sink, NULL) ==
        MGD_BAD_UNSUPPORTED);
  // A caller-given graph IRI is used as is.
  char path[8192];
  snprintf(path, sizeof(path),
           "%s/ome-xml/ome-model/minimum-specification.ome.xml", samples);
  CHECK(mgd_ingester_ingest_path(ing, path, "https://example.org/g1", &sink,
                                 &f.report) == MGD_SUCCESS);
  CHECK(!strcmp(f.report.graph, "https://example.org/g1"));
  CHECK(mgd_ingester_ingest_path(ing, path, "not an iri", &sink, NULL) ==
        MGD_BAD_ARG);
  mgd_ingester_free(ing);
  fix_clear(&f);
}

static void
test_missing_mappings(void)
{
  MgdBuf           diags = { 0 };
  MgdDiagSink      sink  = { collect_diag, &diags };
  MgdIngestOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir           = "/nonexistent";
  o.diag               = &sink;
  char* const saved_dd = getenv("MUGDAT_DATADIR");
  char* const saved_sd = getenv("MUGDAT_SRCDIR");
  char        dd[4096] = "", sd[4096] = "";
  if (saved_dd) {
    snprintf(dd, sizeof(dd), "%s", saved_dd);
  }
  if (saved_sd) {
    snprintf(sd, sizeof(sd), "%s", saved_sd);
  }
  unsetenv("MUGDAT_DATADIR");
  unsetenv("MUGDAT_SRCDIR");
  MgdIngester*    ing = NULL;
  const MgdStatus st  = mgd_ingester_new(&o, &ing);
  // The installed data dir may exist on a developer machine; then it works.
  CHECK(st == MGD_BAD_IO || st == MGD_SUCCESS);
  if (st) {
    CHECK(ing == NULL);
    CHECK(diags.data && strstr(diags.data, "MUGDAT_DATADIR"));
  }
  mgd_ingester_free(ing);
  if (dd[0]) {
    setenv("MUGDAT_DATADIR", dd, 1);
  }
  if (sd[0]) {
    setenv("MUGDAT_SRCDIR", sd, 1);
  }
  mgd_buf_clear(&diags);
}

static void
test_alloc_failures(void)
{
  // Fail each of our allocations in turn: the ingest must fail cleanly
  // (MGD_BAD_ALLOC) or succeed, never crash or leak (ASan checks leaks).
  const char* const doc = OME_OPEN
    "<Image ID=\"Image:0\" Name=\"x\"><Pixels ID=\"Pixels:0\" "
    "DimensionOrder=\"XYZCT\" Type=\"uint8\" SizeX=\"1\" SizeY=\"1\" "
    "SizeZ=\"1\" "
    "SizeC=\"1\" SizeT=\"1\" PhysicalSizeX=\"0.5\"><Channel "
    "ID=\"Channel:0:0\"/>"
    "</Pixels><AnnotationRef "
    "ID=\"Annotation:1\"/></Image><StructuredAnnotations>"
    "<MapAnnotation ID=\"Annotation:1\"><Value><M K=\"a\">b</M></Value>"
    "</MapAnnotation></StructuredAnnotations></OME>";
  MgdBuf       diags = { 0 };
  MgdIngester* ing   = make_ingester(&diags, false);
  CHECK(ing != NULL);
  MgdMemStore*        store = mgd_memstore_new();
  MgdSink             sink  = mgd_memstore_sink(store);
  const unsigned long start = mgd_alloc_count();
  CHECK(mgd_ingester_ingest_bytes(ing, MGD_INGEST_OME_XML, "a", doc,
                                  strlen(doc), "urn:test:g", &sink,
                                  NULL) == MGD_SUCCESS);
  const unsigned long n_allocs = mgd_alloc_count() - start;
  mgd_memstore_free(store);
  size_t n_bad = 0;
  for (unsigned long i = 0; i < n_allocs; ++i) {
    store = mgd_memstore_new();
    sink  = mgd_memstore_sink(store);
    mgd_alloc_fail_after((long)i);
    const MgdStatus st =
      mgd_ingester_ingest_bytes(ing, MGD_INGEST_OME_XML, "a", doc, strlen(doc),
                                "urn:test:g", &sink, NULL);
    mgd_alloc_fail_after(-1);
    n_bad += st != MGD_SUCCESS && st != MGD_BAD_ALLOC;
    if (st != MGD_SUCCESS && st != MGD_BAD_ALLOC) {
      fprintf(stderr, "alloc failure %lu gave %s\n", i, mgd_strerror(st));
    }
    mgd_memstore_free(store);
  }
  CHECK(n_allocs > 10);
  CHECK(n_bad == 0);
  mgd_ingester_free(ing);
  mgd_buf_clear(&diags);
}

static bool
file_contains(const MgdBuf* const text, const char* const needle)
{
  return text->data && strstr(text->data, needle);
}

static void
test_mapping_terms_in_ontology(void)
{
  // Every ome: class in mappings/ome-xml.tsv is declared in the shipped OME
  // core ontology; every ome: property is declared or is a slot its LinkML
  // documentation lists ("size_x : int"). Guards stewards' edits.
  char path[8300];
  snprintf(path, sizeof(path), "%s/ontologies/ome-core-ld.model.owl.ttl",
           srcdir);
  MgdBuf onto = {0};
  FILE*  f    = fopen(path, "rb");
  CHECK(f != NULL);
  char   buf[65536];
  size_t n = 0;
  while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
    mgd_buf_append(&onto, buf, n);
  }
  if (f) {
    fclose(f);
  }
  snprintf(path, sizeof(path), "%s/mappings/ome-xml.tsv", srcdir);
  f = fopen(path, "rb");
  CHECK(f != NULL);
  char   line[1024];
  size_t n_terms = 0, n_bad = 0;
  while (f && fgets(line, sizeof(line), f)) {
    if (line[0] == '#') {
      continue;
    }
    char* save = NULL;
    char* col  = strtok_r(line, "\t\n", &save);
    for (int i = 0; col; ++i, col = strtok_r(NULL, "\t\n", &save)) {
      if (i < 3 || strncmp(col, "ome:", 4)) {
        continue;
      }
      const char* const name = col + 4;
      char decl[256], slot[256];
      snprintf(decl, sizeof(decl), "\n:%s a ", name);
      snprintf(slot, sizeof(slot), "\n%s : ", name);
      const bool ok = file_contains(&onto, decl) ||
                      (name[0] >= 'a' && file_contains(&onto, slot));
      if (!ok) {
        fprintf(stderr, "mapping term ome:%s not in the ontology\n", name);
      }
      n_bad += !ok;
      ++n_terms;
    }
  }
  if (f) {
    fclose(f);
  }
  CHECK(n_terms > 100);
  CHECK(n_bad == 0);
  mgd_buf_clear(&onto);
}

int
main(void)
{
  const char* const td  = getenv("MUGDAT_TESTDATA");
  const char* const src = getenv("MUGDAT_SRCDIR");
#ifndef MGD_TEST_SRCDIR
#define MGD_TEST_SRCDIR "."
#endif
  snprintf(srcdir, sizeof(srcdir), "%s", src ? src : MGD_TEST_SRCDIR);
  if (td) {
    snprintf(samples, sizeof(samples), "%s/samples", td);
  } else {
    snprintf(samples, sizeof(samples), "%s/../shared/samples", srcdir);
  }
  char probe[8300];
  snprintf(probe, sizeof(probe), "%s/ome-xml", samples);
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/mugdat-test-ingest-XXXXXX");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  struct stat sb;
  if (stat(probe, &sb)) {
    fprintf(stderr, "samples not found at %s: sample tests skipped\n", samples);
    n_skipped = 1;
  } else {
    RUN(test_instrument_units_alternate);
    RUN(test_instrument_units_default);
    RUN(test_mapannotation);
    RUN(test_old_schema_2009);
    RUN(test_roi);
    RUN(test_annotations);
    RUN(test_xml_annotation_literal);
    RUN(test_hcs);
    RUN(test_spim_and_5d);
    RUN(test_small_documents);
    RUN(test_vendor_micromanager);
    RUN(test_vendor_prefixed);
    RUN(test_vendor_nikon_2015);
    RUN(test_vendor_bioformats_lsid);
    RUN(test_vendor_tiffdata_uuid);
    RUN(test_bad_id_sample);
    RUN(test_invalid_xml_annotation_sample);
    RUN(test_transfer_old_layout);
    RUN(test_kv_csv_with_config);
    RUN(test_kv_csv_without_config);
    RUN(test_bulkmap_config);
    RUN(test_idr_study);
    RUN(test_idr_assays_and_paths);
    RUN(test_omero_rdf);
    RUN(test_omero_json);
    RUN(test_every_sample);
    RUN(test_reingest_is_stable);
    RUN(test_graph_iri_and_detect);
  }
  RUN(test_mapping_terms_in_ontology);
  RUN(test_mapping_mgdv_terms_documented);
  RUN(test_transfer_package_new_layout);
  RUN(test_malformed_xml);
  RUN(test_xml_bomb_refused);
  RUN(test_xxe_refused);
  RUN(test_wrong_types_warn);
  RUN(test_character_references);
  RUN(test_greek_mu_units);
  RUN(test_qudt_unit_names);
  RUN(test_older_schemas);
  RUN(test_nesting_limit);
  RUN(test_bindata_streams);
  RUN(test_progress);
  RUN(test_missing_mappings);
  RUN(test_alloc_failures);
  rmdir(tmpdir);
  if (n_skipped) {
    printf("%d passed, %d failed, %d skipped\n", test_n_passed, test_n_failed,
           n_skipped);
    return test_n_failed ? 1 : 0;
  }
  return TEST_SUMMARY();
}
