// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// REMBI (PageTab, spreadsheet), RO-Crate/OME-Zarr, BIDS and ARC ingest: every
// sample under ../shared/samples/{rembi,ro-crate,bids-micr,arc} is ingested
// into a memstore and checked for what a user would ask (title, licence,
// organism IRI, imaging method, pixel sizes with units, the ARC sample ->
// assay -> data chain, one sample across modalities), plus bad input:
// broken JSON/TSV/XLSX, inconsistent names, contradicting sidecars,
// symlink loops, keep-going. Directories are built in a mkdtemp folder.

#define _XOPEN_SOURCE 700 // nftw

#if defined(__GNUC__) && !defined(__clang__)
// Paths in tests are built in fixed buffers far larger than needed.
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include "ingest/ingest.h"
#include "ingest/mmds_impl.h"
#include "test.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "rdf/memstore.h"
#include "rdf/term.h"

#include <archive.h>
#include <archive_entry.h>

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OME "https://ld.openmicroscopy.org/core/"
#define REMBI "https://w3id.org/mugdat/rembi#"
#define SCHEMA "https://schema.org/"
#define DCT "http://purl.org/dc/terms/"
#define OBO "http://purl.obolibrary.org/obo/"
#define QUDT "http://qudt.org/vocab/unit/"
#define BIOSCHEMAS "https://bioschemas.org/"

static char samples[4096];
static char srcdir[4096];
static char tmpdir[4096];

typedef struct {
  MgdMemStore*    store;
  MgdIngestReport report;
  MgdStatus       status;
  MgdBuf          diags;
  char            graph[4096];
} Fix;

static void
collect_diag(void* const handle, const MgdDiag* const d)
{
  mgd_buf_printf((MgdBuf*)handle, "%s %s %u:%u %s: %s\n",
                 d->level == MGD_LEVEL_ERROR     ? "error"
                 : d->level == MGD_LEVEL_WARNING ? "warning"
                                                 : "note",
                 d->source ? d->source : "-", d->line, d->col,
                 d->path ? d->path : "-", d->message);
}

static void
dump(const Fix* const f)
{
  MgdSource src = mgd_memstore_source(f->store);
  MgdIdQuad pat = { 0, 0, 0, 0 };
  MgdIter*  it  = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return;
  }
  MgdIdQuad q;
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdArena a;
    mgd_arena_init(&a, 0);
    MgdQuad t;
    MgdBuf  b = { 0 };
    if (!mgd_source_term(&src, q.s, &a, &t.s) &&
        !mgd_source_term(&src, q.p, &a, &t.p) &&
        !mgd_source_term(&src, q.o, &a, &t.o)) {
      t.g      = mgd_term_iri(mgd_str(NULL));
      t.g.kind = MGD_TERM_NONE;
      mgd_quad_write_nq(&b, &t);
      fprintf(stderr, "%.*s", (int)b.len, b.data);
    }
    mgd_buf_clear(&b);
    mgd_arena_clear(&a);
  }
  src.vt->iter_free(it);
}

static void
fix_run(Fix* const f, const char* const path, const bool keep_going,
        const bool checksums)
{
  memset(f, 0, sizeof(*f));
  f->store = mgd_memstore_new();
  if (!f->store) {
    f->status = MGD_BAD_ALLOC;
    return;
  }
  static MgdDiagSink sink;
  sink.func   = collect_diag;
  sink.handle = &f->diags;
  MgdIngestOptions o;
  memset(&o, 0, sizeof(o));
  o.data_dir       = srcdir;
  o.diag           = &sink;
  o.now            = "2026-01-01T00:00:00Z";
  o.keep_going     = keep_going;
  o.checksums      = checksums;
  MgdIngester* ing = NULL;
  f->status        = mgd_ingester_new(&o, &ing);
  if (f->status) {
    return; // (allocation-failure tests make this fail on purpose)
  }
  const MgdSink s = mgd_memstore_sink(f->store);
  f->status       = mgd_ingester_ingest_path(ing, path, NULL, &s, &f->report);
  if (f->report.graph) {
    snprintf(f->graph, sizeof(f->graph), "%s", f->report.graph);
  }
  if (getenv("MUGDAT_TEST_VERBOSE")) {
    fprintf(stderr, "== %s: %s (%s), %zu quads, %zu warnings\n%s", path,
            mgd_strerror(f->status), mgd_ingest_kind_name(f->report.kind),
            f->report.n_quads, f->report.n_warnings,
            f->diags.data ? f->diags.data : "");
  }
  if (getenv("MUGDAT_TEST_DUMP")) {
    dump(f);
  }
  mgd_ingester_free(ing);
}

static void
fix_sample(Fix* const f, const char* const rel)
{
  char path[8192];
  snprintf(path, sizeof(path), "%s/%s", samples, rel);
  fix_run(f, path, false, false);
}

static void
fix_clear(Fix* const f)
{
  mgd_memstore_free(f->store); // NULL is fine
  mgd_buf_clear(&f->diags);
}

static bool
diag_has(const Fix* const f, const char* const needle)
{
  return f->diags.data && strstr(f->diags.data, needle);
}

static MgdTerm
iri(const char* const s)
{
  return mgd_term_iri(mgd_str(s));
}

static bool
lookup(MgdSource* const src, const MgdTerm* const t, MgdId* const id)
{
  if (!t) {
    *id = MGD_ID_NONE;
    return true;
  }
  return mgd_source_lookup(src, t, id) == MGD_SUCCESS;
}

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

/// Node in the fixture's graph: graph + "/" + rel.
static MgdTerm
node(const Fix* const f, const char* const rel)
{
  static char buf[8][8192];
  static int  k;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof(buf[k]), "%s/%s", f->graph, rel);
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

static size_t
n_with(const Fix* const f, const char* const p, const char* const o)
{
  const MgdTerm pt = iri(p);
  const MgdTerm ot = iri(o);
  return count(f, NULL, &pt, &ot);
}

// --------------------------------------------------------------------------
// Files for built directories

static void
write_file(const char* const dir, const char* const rel, const char* const text)
{
  char path[8192];
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  for (char* p = path + strlen(dir) + 1; *p; ++p) {
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0755);
      *p = '/';
    }
  }
  FILE* const fp = fopen(path, "wb");
  if (fp) {
    fwrite(text, 1, strlen(text), fp);
    fclose(fp);
  }
}

static void
copy_file(const char* const from, const char* const dir, const char* const rel)
{
  FILE* const in = fopen(from, "rb");
  if (!in) {
    return;
  }
  MgdBuf b = { 0 };
  char   chunk[4096];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), in))) {
    mgd_buf_append(&b, chunk, n);
  }
  mgd_buf_putc(&b, '\0');
  fclose(in);
  write_file(dir, rel, b.data ? b.data : "");
  mgd_buf_clear(&b);
}

static int
rm_entry(const char* const p, const struct stat* const sb, const int flag,
         struct FTW* const ftw)
{
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

static void
rm_tree(const char* const dir)
{
  nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/// A fresh directory under the test's temporary folder.
static void
fresh_dir(char* const out, const size_t n, const char* const name)
{
  snprintf(out, n, "%s/%s", tmpdir, name);
  rm_tree(out);
  mkdir(out, 0755);
}

/// Build the BIDS dataset `name` (micr_SEM, micr_SPIM, micr_XPCTzarr) from
/// FILE_LISTING.tsv: every listed file, the sample's metadata copied where
/// it exists, empty placeholders for the images.
static void
build_bids(const char* const name, char* const out, const size_t n)
{
  fresh_dir(out, n, name);
  char listing[8192];
  snprintf(listing, sizeof(listing), "%s/bids-micr/FILE_LISTING.tsv", samples);
  FILE* const fp = fopen(listing, "r");
  if (!fp) {
    return;
  }
  char   line[8192];
  size_t len = strlen(name);
  while (fgets(line, sizeof(line), fp)) {
    if (line[0] == '#') {
      continue;
    }
    line[strcspn(line, "\r\n")] = '\0';
    char* const tab             = strchr(line, '\t');
    if (!tab || strncmp(tab + 1, name, len) || tab[1 + len] != '/') {
      continue;
    }
    const char* const rel = tab + 2 + len;
    char              from[8192];
    snprintf(from, sizeof(from), "%s/bids-micr/%s/%s", samples, name, rel);
    struct stat sb;
    if (!stat(from, &sb) && S_ISREG(sb.st_mode)) {
      copy_file(from, out, rel);
    } else if (strstr(rel, ".json")) {
      write_file(out, rel, "{}"); // sidecar not copied into the samples
    } else {
      write_file(out, rel, ""); // placeholder image (never read)
    }
  }
  fclose(fp);
}

/// Write a minimal XLSX workbook: `sheets` is {name, cells} pairs, cells a
/// string "A1=text|B1=text|...". Inline strings, written with libarchive.
static void
write_xlsx(const char* const path, const char* const* const sheets,
           const size_t n_sheets)
{
  struct archive* const a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_open_filename(a, path);
  MgdBuf wb = { 0 }, rels = { 0 };
  mgd_buf_appendc(
    &wb, "<?xml version=\"1.0\"?><workbook "
         "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "relationships\"><sheets>");
  mgd_buf_appendc(
    &rels,
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
  for (size_t s = 0; s < n_sheets; ++s) {
    mgd_buf_printf(&wb, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
                   sheets[2 * s], s + 1, s + 1);
    mgd_buf_printf(&rels,
                   "<Relationship Id=\"rId%zu\" "
                   "Target=\"worksheets/sheet%zu.xml\" Type=\"x\"/>",
                   s + 1, s + 1);
  }
  mgd_buf_appendc(&wb, "</sheets></workbook>");
  mgd_buf_appendc(&rels, "</Relationships>");
  const char*   names[2] = { "xl/workbook.xml", "xl/_rels/workbook.xml.rels" };
  const MgdBuf* bufs[2]  = { &wb, &rels };
  for (size_t i = 0; i < 2 + n_sheets; ++i) {
    MgdBuf        sheet = { 0 };
    char          nm[64];
    const MgdBuf* body = NULL;
    if (i < 2) {
      snprintf(nm, sizeof(nm), "%s", names[i]);
      body = bufs[i];
    } else {
      snprintf(nm, sizeof(nm), "xl/worksheets/sheet%zu.xml", i - 1);
      mgd_buf_appendc(&sheet, "<?xml version=\"1.0\"?><worksheet "
                              "xmlns=\"http://schemas.openxmlformats.org/"
                              "spreadsheetml/2006/main\"><sheetData>");
      char* const cells =
        mgd_strndup(sheets[2 * (i - 2) + 1], strlen(sheets[2 * (i - 2) + 1]));
      for (char* c = strtok(cells, "|"); c; c = strtok(NULL, "|")) {
        char* const eq = strchr(c, '=');
        if (!eq) {
          continue;
        }
        *eq = '\0';
        mgd_buf_printf(
          &sheet,
          "<row><c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c></row>", c,
          eq + 1);
      }
      mgd_free(cells);
      mgd_buf_appendc(&sheet, "</sheetData></worksheet>");
      body = &sheet;
    }
    struct archive_entry* const e = archive_entry_new();
    archive_entry_set_pathname(e, nm);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)body->len);
    archive_write_header(a, e);
    archive_write_data(a, body->data, body->len);
    archive_entry_free(e);
    mgd_buf_clear(&sheet);
  }
  archive_write_close(a);
  archive_write_free(a);
  mgd_buf_clear(&wb);
  mgd_buf_clear(&rels);
}

/// Write a zip holding the given parts (name, body) pairs.
static void
write_zip(const char* const path, const char* const* const parts,
          const size_t n_parts)
{
  struct archive* const a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_open_filename(a, path);
  for (size_t i = 0; i < n_parts; ++i) {
    struct archive_entry* const e = archive_entry_new();
    archive_entry_set_pathname(e, parts[2 * i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)strlen(parts[2 * i + 1]));
    archive_write_header(a, e);
    archive_write_data(a, parts[2 * i + 1], strlen(parts[2 * i + 1]));
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

static void
test_xlsx_hostile(void)
{
  char dir[4096], path[8192];
  fresh_dir(dir, sizeof(dir), "xlsx-hostile");
  static const char wb[] =
    "<?xml version=\"1.0\"?><workbook "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\"><sheets><sheet name=\"S\" sheetId=\"1\"/></sheets></workbook>";
  // An external entity in the shared strings: refused, nothing fetched.
  const char* const xxe[] = {
    "xl/workbook.xml",
    wb,
    "xl/sharedStrings.xml",
    "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM "
    "\"file:///etc/passwd\">]>"
    "<sst "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\"><si><t>&x;</t></si></sst>",
    "xl/worksheets/sheet1.xml",
    "<worksheet "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\"><sheetData><row r=\"1\"><c r=\"A1\" "
    "t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
  };
  snprintf(path, sizeof(path), "%s/xxe.xlsx", dir);
  write_zip(path, xxe, 3);
  Fix f;
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_BAD_ACCESS);
  CHECK(diag_has(&f, "DTD"));
  CHECK(!diag_has(&f, "root:"));
  fix_clear(&f);
  // Malformed sheet XML: the part and line are named.
  const char* const broken[] = {
    "xl/workbook.xml",
    wb,
    "xl/worksheets/sheet1.xml",
    "<worksheet "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\">\n<sheetData><row><c "
    "r=\"A1\"><v>1</v></row></sheetData></worksheet>",
  };
  snprintf(path, sizeof(path), "%s/broken-sheet.xlsx", dir);
  write_zip(path, broken, 2);
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "xl/worksheets/sheet1.xml"));
  CHECK(diag_has(&f, " 2:"));
  fix_clear(&f);
  // No workbook part at all.
  const char* const empty[] = { "docProps/app.xml", "<x/>" };
  snprintf(path, sizeof(path), "%s/noworkbook.xlsx", dir);
  write_zip(path, empty, 1);
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "no xl/workbook.xml"));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// REMBI PageTab

static void
test_pagetab_v4_associations(void)
{
  Fix f;
  fix_sample(&f, "rembi/S-BIAD1135.biostudies.json");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_REMBI_PAGETAB);
  const MgdTerm study = node(&f, "study/S-BIAD1135");
  CHECK(has_lit(&f, &study, DCT "title", "Calcium waves in MDCK epithelium",
                NULL) ||
        n_typed(&f, REMBI "Study") == 1);
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/licenses/by/4.0/"));
  const MgdTerm bs = node(&f, "biosample/Biosample-1");
  CHECK(has_iri(&f, &bs, REMBI "organism", OBO "NCBITaxon_9615")); // dog
  const MgdTerm ia = node(&f, "image-acquisition/Image%20acquisition-3");
  CHECK(has_iri(&f, &ia, REMBI "imagingMethod", OBO "FBbi_00000246"));
  // Both components link the modules their Associations name by title.
  const MgdTerm sc = node(&f, "study-component/Study%20Component-4");
  CHECK(has_iri(&f, &sc, REMBI "biosample", ((const char*)bs.value.ptr)));
  CHECK(has_iri(&f, &sc, REMBI "imageAcquisition", ia.value.ptr));
  CHECK(n_with(&f, REMBI "specimen",
               node(&f, "specimen/Specimen-2").value.ptr) == 3);
  CHECK(n_typed(&f, REMBI "StudyComponent") == 2);
  CHECK(!diag_has(&f, "association names"));
  fix_clear(&f);
}

static void
test_pagetab_untemplated_nested(void)
{
  Fix f;
  fix_sample(&f, "rembi/S-BIAD590.biostudies.json");
  CHECK(f.status == MGD_SUCCESS);
  // Modules nested in the component; Organism / Imaging Method subsections
  // describe their parent module.
  const MgdTerm bs = node(&f, "biosample/Biosample-1-1");
  CHECK(has_iri(&f, &bs, REMBI "organism", OBO "NCBITaxon_9606"));
  const MgdTerm ia = node(&f, "image-acquisition/Image%20Acquisition-1-1");
  CHECK(has_iri(&f, &ia, REMBI "imagingMethod", OBO "FBbi_00000243"));
  const MgdTerm sc = node(&f, "study-component/Study%20Component-1");
  CHECK(has_iri(&f, &sc, REMBI "biosample", bs.value.ptr));
  CHECK(has_iri(&f, &sc, REMBI "imageAcquisition", ia.value.ptr));
  CHECK(n_typed(&f, REMBI "ImageAnalysis") == 1);
  const MgdTerm study = node(&f, "study/S-BIAD590");
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/licenses/by/4.0/"));
  // Keyword with a trailing NBSP is trimmed.
  CHECK(has_lit(&f, &study, SCHEMA "keywords", "heart failure", NULL));
  // Unmapped attribute kept as a property, with a note.
  CHECK(diag_has(&f, "IDR accession number"));
  fix_clear(&f);
}

static void
test_pagetab_v5_many_modules(void)
{
  Fix f;
  fix_sample(&f, "rembi/S-BIAD2808.biostudies.json");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, REMBI "Biosample") == 8);
  CHECK(n_typed(&f, REMBI "StudyComponent") == 8);
  CHECK(n_typed(&f, REMBI "ImageCorrelation") == 1);
  CHECK(n_typed(&f, REMBI "Annotation") == 1);
  const MgdTerm ia = node(&f, "image-acquisition/Image%20Acquisition-1");
  CHECK(has_iri(&f, &ia, REMBI "imagingMethod", OBO "FBbi_00000256"));
  CHECK(has_iri(&f, &ia, REMBI "imagingMethod", OBO "FBbi_00050000"));
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_7227") == 1);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_10090") == 4);
  // Four components name biosamples by titles no Biosample has (real
  // curation slips): reported with their JSON path, the rest resolved.
  CHECK(diag_has(&f, "$.section.subsections[17].subsections[0].attributes[0]: "
                     "association names biosample 'homo sapiens (human) — t "
                     "lymphocyte'"));
  const MgdTerm c1 = node(&f, "study-component/Study%20Component-1");
  CHECK(has_iri(&f, &c1, REMBI "biosample",
                node(&f, "biosample/Biosample-1").value.ptr));
  CHECK(has_iri(&f, &c1, REMBI "imageAcquisition", ia.value.ptr));
  CHECK(f.report.n_warnings == 4);
  const MgdTerm study = node(&f, "study/S-BIAD2808");
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/publicdomain/zero/1.0/"));
  fix_clear(&f);
}

static void
test_pagetab_all_samples(void)
{
  static const char* const files[] = {
    "rembi/S-BIAD2235.biostudies.json",
    "rembi/S-BIAD661.biostudies.json",
    "rembi/S-BIADTEST_COMPLEX_BIOSAMPLE.biostudies.json",
  };
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); ++i) {
    Fix f;
    fix_sample(&f, files[i]);
    CHECK(f.status == MGD_SUCCESS);
    CHECK(n_typed(&f, REMBI "Study") == 1);
    CHECK(f.report.n_quads > 20);
    fix_clear(&f);
  }
  Fix f;
  fix_sample(&f, "rembi/S-BIADTEST_COMPLEX_BIOSAMPLE.biostudies.json");
  // "NCBI:txid7227" and "Danio  rerio" (two spaces) both resolve.
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_7227") >= 1);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_7955") >= 1);
  CHECK(n_with(&f, REMBI "imagingMethod", OBO "FBbi_00000251") >= 1);
  fix_clear(&f);
  fix_sample(&f, "rembi/S-BIAD661.biostudies.json");
  // "FLIP" is an FBbi label; mouse from "Mus musculus (mouse)".
  CHECK(n_with(&f, REMBI "imagingMethod", OBO "FBbi_00000365") == 1);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_10090") == 1);
  fix_clear(&f);
}

static void
test_pagetab_bad(void)
{
  char dir[4096];
  fresh_dir(dir, sizeof(dir), "pagetab-bad");
  write_file(
    dir, "broken.biostudies.json",
    "{\"accno\": \"S-X\", \"attributes\": [], \"section\": {\"type\": "
    "\"Study\",\n \"attributes\": [ {\"name\": \"Title\" \"value\": 1} ]}}");
  char path[8192];
  snprintf(path, sizeof(path), "%s/broken.biostudies.json", dir);
  Fix f;
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "error") && diag_has(&f, " 2:"));
  CHECK(mgd_memstore_size(f.store) == 0); // nothing half-written
  fix_clear(&f);
  write_file(
    dir, "messy.biostudies.json",
    "{\"accno\": \"S-Y\", \"type\": \"submission\", \"attributes\": [],"
    " \"section\": {\"type\": \"Study\", \"attributes\": ["
    "{\"name\": \"Title \", \"value\": \"T\"},"
    "{\"name\": \"License\", \"value\": \"My own licence\"}],"
    " \"subsections\": [{\"type\": \"Biosample\", \"accno\": \"B1\","
    " \"attributes\": [{\"name\": \"Title\", \"value\": \"b\"},"
    "{\"name\": \"Organism\", \"value\": \"Unknownia strangea\"}]},"
    "{\"type\": \"Study Component\", \"accno\": \"C1\", \"subsections\": ["
    "{\"type\": \"Associations\", \"attributes\": [{\"name\": \"Biosample\", "
    "\"value\": \"missing\"}]}]}]}}");
  snprintf(path, sizeof(path), "%s/messy.biostudies.json", dir);
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(diag_has(&f, "surrounding spaces"));
  CHECK(diag_has(&f, "$.section.attributes[0]"));
  CHECK(diag_has(&f, "licence 'My own licence'"));
  CHECK(diag_has(&f, "Unknownia strangea"));
  CHECK(diag_has(&f, "$.section.subsections[1].subsections[0].attributes[0]"));
  CHECK(diag_has(&f, "no biosample section has that title"));
  const MgdTerm st = node(&f, "study/S-Y");
  CHECK(has_lit(&f, &st, DCT "title", "T", NULL));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// REMBI spreadsheet

static void
test_rembi_xlsx(void)
{
  Fix f;
  fix_sample(&f, "rembi/REMBI-template_CAi_VF.xlsx");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_REMBI_XLSX);
  CHECK(diag_has(&f, "no values filled in"));
  fix_clear(&f);
  // A filled copy of the template's key-value layout.
  char dir[4096], path[8192];
  fresh_dir(dir, sizeof(dir), "rembi-xlsx");
  snprintf(path, sizeof(path), "%s/filled.xlsx", dir);
  const char* const sheets[] = {
    "K-v-pair layout",
    "A2=Study|A5=authors|B5=A. Author|A6=license|B6=CC BY 4.0|"
    "A8=Study component|A9=imaging method name|B9=confocal microscopy|"
    "A13=Biosample|A17=organism|B17=Arabidopsis thaliana|"
    "A18=organism term accession number|B18=NCBITaxon_3702|"
    "A23=Specimen (sample put under the microscope)|A26=preparation "
    "method|B26=fixed|"
    "A32=Image acquisition|A33=Microscope model|B33=Zeiss LSM 980",
  };
  write_xlsx(path, sheets, 1);
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm study = node(&f, "study/study");
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/licenses/by/4.0/"));
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_3702") == 1);
  CHECK(n_with(&f, REMBI "imagingMethod", OBO "FBbi_00000251") == 1);
  const MgdTerm ia = node(&f, "image-acquisition/1");
  CHECK(has_lit(&f, &ia, REMBI "imagingInstrument", "Zeiss LSM 980", NULL));
  fix_clear(&f);
  // The template's other layout: module | field | value on one row.
  snprintf(path, sizeof(path), "%s/annotation-template.xlsx", dir);
  const char* const sheets2[] = {
    "Annotation template",
    "A1=Annotation on the Project level|B5=License|C5=CC0|"
    "A9=Study component|B9=imaging method name|C9=SPIM|"
    "A13=Biosample|B13=biological entity|C13=spinal cord|"
    "B16=organism|C16=Rattus norvegicus (rat)|"
    "A22=Specimen (sample put under the microscope)|B24=preparation method|"
    "C24=cleared",
  };
  write_xlsx(path, sheets2, 1);
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_with(&f, DCT "license",
               "https://creativecommons.org/publicdomain/zero/1.0/") == 1);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_10116") == 1);
  CHECK(n_with(&f, REMBI "imagingMethod", OBO "FBbi_00000369") == 1);
  const MgdTerm bs = node(&f, "biosample/1");
  CHECK(has_lit(&f, &bs, REMBI "biologicalEntity", "spinal cord", NULL));
  const MgdTerm sp = node(&f, "specimen/1");
  CHECK(has_lit(&f, &sp, REMBI "preparationProtocol", "cleared", NULL));
  CHECK(diag_has(&f, "Annotation template!") == false);
  fix_clear(&f);
  // Not a zip / a truncated zip.
  snprintf(path, sizeof(path), "%s/broken.xlsx", dir);
  write_file(dir, "broken.xlsx", "PK\003\004 this is not really a zip");
  fix_run(&f, path, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "XLSX"));
  CHECK(mgd_memstore_size(f.store) == 0);
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// RO-Crates

/// Quads with a term (predicate, IRI object or datatype, IRI subject)
/// starting with `ns`.
static size_t
n_prefixed(const Fix* const f, const char* const ns)
{
  MgdSource src = mgd_memstore_source(f->store);
  MgdIdQuad pat = { 0, 0, 0, 0 };
  MgdIter*  it  = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return 0;
  }
  size_t    n = 0;
  MgdIdQuad q;
  while (src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdArena a;
    mgd_arena_init(&a, 0);
    MgdQuad t;
    if (!mgd_source_term(&src, q.s, &a, &t.s) &&
        !mgd_source_term(&src, q.p, &a, &t.p) &&
        !mgd_source_term(&src, q.o, &a, &t.o)) {
      n +=
        (t.s.kind == MGD_TERM_IRI && mgd_str_has_prefix(t.s.value, ns)) ||
        mgd_str_has_prefix(t.p.value, ns) ||
        (t.o.kind == MGD_TERM_IRI && mgd_str_has_prefix(t.o.value, ns)) ||
        (t.o.kind == MGD_TERM_LITERAL && mgd_str_has_prefix(t.o.datatype, ns));
    }
    mgd_arena_clear(&a);
  }
  src.vt->iter_free(it);
  return n;
}

static void
test_rocrate_ngff_fly(void)
{
  Fix f;
  fix_sample(&f, "ro-crate/ome2024-ngff-challenge-fly");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_ROCRATE);
  // Undeclared "NCBI:" prefix read as the NCBITaxon id, with a warning.
  CHECK(n_with(&f, SCHEMA "taxonomicRange", OBO "NCBITaxon_7227") == 1);
  // The crate's context says http://schema.org/; the graph says https, as
  // every other ingester writes it.
  CHECK(n_prefixed(&f, "http://schema.org/") == 0);
  CHECK(n_prefixed(&f, SCHEMA) >= 5);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_7227") == 1);
  CHECK(diag_has(&f, "undeclared prefix 'NCBI'"));
  // Undefined key fbbi_id read from the JSON; undefined type lifted.
  CHECK(n_with(&f, REMBI "imagingMethod", OBO "FBbi_00000243") == 1);
  CHECK(n_typed(&f, REMBI "ImageAcquisition") == 1);
  CHECK(n_typed(&f, REMBI "Biosample") == 1);
  CHECK(n_typed(&f, REMBI "Study") == 1);
  CHECK(n_with(&f, DCT "license",
               "https://creativecommons.org/licenses/by/4.0/") == 1);
  // The undefined "resultOf" links the dataset to its acquisition.
  const MgdTerm pa = iri(REMBI "imageAcquisition");
  CHECK(count(&f, NULL, &pa, NULL) == 1);
  fix_clear(&f);
}

static void
test_rocrate_bia(void)
{
  Fix f;
  fix_sample(&f, "ro-crate/bia-typical");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, REMBI "Study") == 1);
  CHECK(n_typed(&f, REMBI "ImageAcquisition") == 1);
  CHECK(n_typed(&f, REMBI "Annotation") == 1);
  // file_list.tsv rows through the csvw schema: 6 files, sizes, datasets.
  CHECK(n_with(&f, MGD_RDF_TYPE, "http://bia/Image") == 5);
  CHECK(n_with(&f, MGD_RDF_TYPE, "http://bia/AnnotationData") == 1);
  CHECK(diag_has(&f, "Python-style list"));
  fix_clear(&f);
  fix_sample(
    &f, "ro-crate/bia-S-BIADTEST_COMPLEX_BIOSAMPLE/ro-crate-metadata.json");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, REMBI "Biosample") >= 4);
  // #tx0 has its names swapped (commonName "Homo sapiens"): still human.
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_9606") >= 1);
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_7955") >= 1);
  // Columns the csvw schema does not describe are kept and reported.
  CHECK(diag_has(&f, "not described by the crate's csvw schema"));
  fix_clear(&f);
  fix_sample(&f, "ro-crate/rocrate-1.2-rainfall");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, REMBI "Study") == 1);
  CHECK(n_prefixed(&f, "http://schema.org/") == 0);
  CHECK(n_typed(&f, SCHEMA "Dataset") >= 1);
  fix_clear(&f);
}

static void
test_rocrate_arc_profile(void)
{
  static const char* const files[] = {
    "arc/arc-ro-crate-profile/process_core_crate.ro-crate-metadata.json",
    "arc/arc-ro-crate-profile/administrative_crate.ro-crate-metadata.json",
    "arc/arc-ro-crate-profile/datamap_crate.ro-crate-metadata.json",
  };
  for (size_t i = 0; i < 3; ++i) {
    Fix f;
    fix_sample(&f, files[i]);
    CHECK(f.status == MGD_SUCCESS);
    CHECK(f.report.kind == MGD_INGEST_ROCRATE);
    CHECK(f.report.n_quads > 10);
    CHECK(n_prefixed(&f, "http://schema.org/") == 0);
    if (i == 0) {
      CHECK(n_typed(&f, BIOSCHEMAS "LabProcess") > 0);
      CHECK(n_typed(&f, REMBI "Sample") > 0);
    }
    fix_clear(&f);
  }
}

static void
test_rocrate_ome_zarr_v3(void)
{
  char dir[4096];
  fresh_dir(dir, sizeof(dir), "zarr-crate");
  write_file(
    dir, "ro-crate-metadata.json",
    "{\"@context\": \"https://w3id.org/ro/crate/1.2/context\","
    " \"@graph\": ["
    "{\"@id\": \"ro-crate-metadata.json\", \"@type\": \"CreativeWork\","
    " \"about\": {\"@id\": \"./\"}},"
    "{\"@id\": \"./\", \"@type\": \"Dataset\", \"name\": \"Zarr crate\","
    " \"license\": {\"@id\": \"https://creativecommons.org/licenses/by/4.0/\"},"
    " \"hasPart\": [{\"@id\": \"image.ome.zarr/\"}]},"
    "{\"@id\": \"image.ome.zarr/\", \"@type\": \"Dataset\", \"name\": "
    "\"cells\"}]}");
  write_file(
    dir, "image.ome.zarr/zarr.json",
    "{\"zarr_format\": 3, \"node_type\": \"group\", \"attributes\": {\"ome\": {"
    "\"version\": \"0.5\", \"multiscales\": [{"
    "\"axes\": [{\"name\": \"t\", \"type\": \"time\", \"unit\": \"second\"},"
    "{\"name\": \"c\", \"type\": \"channel\"},"
    "{\"name\": \"z\", \"type\": \"space\", \"unit\": \"micrometer\"},"
    "{\"name\": \"y\", \"type\": \"space\", \"unit\": \"micrometer\"},"
    "{\"name\": \"x\", \"type\": \"space\", \"unit\": \"micrometer\"}],"
    "\"datasets\": [{\"path\": \"0\", \"coordinateTransformations\": "
    "[{\"type\": \"scale\", \"scale\": [2.0, 1, 0.5, 0.1, 0.1]}]}],"
    "\"coordinateTransformations\": [{\"type\": \"scale\", \"scale\": [1, 1, "
    "2, 2, 2]}]}],"
    "\"omero\": {\"channels\": [{\"label\": \"DAPI\", \"color\": \"0000FF\"},"
    "{\"label\": \"GFP\", \"color\": \"00FF00\"}]}}}}");
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_ROCRATE);
  const MgdTerm px = iri(OME "physical_size_x");
  const MgdTerm pz = iri(OME "physical_size_z");
  const MgdTerm x =
    mgd_term_literal(mgd_str("0.2"), mgd_str(MGD_XSD_DOUBLE), mgd_str(NULL));
  const MgdTerm z =
    mgd_term_literal(mgd_str("1.0"), mgd_str(MGD_XSD_DOUBLE), mgd_str(NULL));
  CHECK(count(&f, NULL, &px, &x) == 1);
  CHECK(count(&f, NULL, &pz, &z) == 1);
  CHECK(n_with(&f, OME "physical_size_y_unit", QUDT "MicroM") == 1);
  const MgdTerm ti = iri(OME "time_increment");
  const MgdTerm two =
    mgd_term_literal(mgd_str("2.0"), mgd_str(MGD_XSD_DOUBLE), mgd_str(NULL));
  CHECK(count(&f, NULL, &ti, &two) == 1);
  CHECK(n_typed(&f, OME "Channel") == 2);
  const MgdTerm nm = iri(OME "name");
  const MgdTerm gfp =
    mgd_term_literal(mgd_str("GFP"), mgd_str(NULL), mgd_str(NULL));
  CHECK(count(&f, NULL, &nm, &gfp) == 1);
  CHECK(n_typed(&f, OME "Image") == 1);
  CHECK(n_with(&f, DCT "license",
               "https://creativecommons.org/licenses/by/4.0/") == 1);
  // The zarr folder present in the crate is one file node, the same node
  // as the crate's data entity (its format is OME-Zarr), not its chunks.
  CHECK(n_with(&f, "http://purl.org/dc/terms/format",
               "http://edamontology.org/format_3915") == 1);
  const MgdTerm rp = iri(REMBI "relativePath");
  CHECK(count(&f, NULL, &rp, NULL) == 1);
  char  zarr[8192];
  char* real = realpath(dir, NULL);
  snprintf(zarr, sizeof(zarr), "file://%s/image.ome.zarr/", real ? real : dir);
  free(real);
  const MgdTerm zt = iri(zarr);
  CHECK(has_iri(&f, &zt, MGD_RDF_TYPE, OME "Image"));
  CHECK(has_iri(&f, &zt, "http://purl.org/dc/terms/format",
                "http://edamontology.org/format_3915"));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// BIDS

static void
test_bids_sem(void)
{
  char dir[4096];
  build_bids("micr_SEM", dir, sizeof(dir));
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_BIDS);
  const MgdTerm study = node(&f, "study");
  CHECK(has_lit(&f, &study, DCT "title", "micr_SEM", NULL));
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/publicdomain/zero/1.0/"));
  CHECK(has_lit(&f, &study, REMBI "authorList", "Marie-Hélène Bourget", NULL));
  // One sample, imaged in two sessions; pixel sizes in µm.
  const MgdTerm smp = node(&f, "sample/sub-01_sample-A");
  CHECK(n_typed(&f, REMBI "Sample") == 1);
  const char* const img =
    "file/sub-01/ses-01/micr/sub-01_ses-01_sample-A_SEM.png";
  const MgdTerm im = node(&f, img);
  CHECK(has_iri(&f, &im, REMBI "sample", smp.value.ptr));
  CHECK(has_iri(&f, &im, REMBI "imagingMethod", OBO "FBbi_00000257"));
  CHECK(has_iri(&f, &im, "http://purl.org/dc/terms/format",
                "http://edamontology.org/format_3603"));
  CHECK(has_lit(&f, &im, SCHEMA "contentSize", "0", MGD_XSD_INTEGER));
  char px[8192];
  snprintf(px, sizeof(px), "%s#pixels", img);
  const MgdTerm p = node(&f, px);
  CHECK(has_lit(&f, &p, OME "physical_size_x", "0.18", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &p, OME "physical_size_x_unit", QUDT "MicroM"));
  CHECK(n_with(&f, REMBI "sample", smp.value.ptr) == 4); // 2 SEM, 2 photos
  CHECK(n_with(&f, MGD_RDF_TYPE, OME "Image") == 4);
  // Sessions from sub-01_sessions.tsv; each image knows its session.
  const MgdTerm ses = node(&f, "session/sub-01_ses-02");
  CHECK(n_typed(&f, REMBI "Session") == 2);
  CHECK(n_with(&f, REMBI "session", ses.value.ptr) == 2);
  // No checksums unless asked.
  const MgdTerm sha = iri(SCHEMA "sha256");
  CHECK(count(&f, NULL, &sha, NULL) == 0);
  fix_clear(&f);
  fix_run(&f, dir, false, true);
  CHECK(has_lit(
    &f, &im, SCHEMA "sha256",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", NULL));
  fix_clear(&f);
}

static void
test_bids_spim_chunks(void)
{
  char dir[4096];
  build_bids("micr_SPIM", dir, sizeof(dir));
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm a = node(&f, "sample/sub-01_sample-A");
  const MgdTerm b = node(&f, "sample/sub-01_sample-B");
  CHECK(n_with(&f, REMBI "sample", a.value.ptr) == 5); // 4 chunks + photo
  CHECK(n_with(&f, REMBI "sample", b.value.ptr) == 5);
  const char* const c1 =
    "file/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif";
  const MgdTerm im = node(&f, c1);
  CHECK(has_lit(&f, &im, REMBI "chunk", "01", NULL) ||
        has_lit(&f, &im, REMBI "chunk", "01", MGD_XSD_INTEGER));
  CHECK(has_lit(&f, &im, REMBI "stain", "LFB", NULL));
  CHECK(has_lit(&f, &im, OME "immersion", "Oil", NULL));
  CHECK(has_lit(&f, &im, OME "lens_na", "1.4", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &im, "http://purl.org/dc/terms/format",
                "http://edamontology.org/format_3727"));
  CHECK(has_lit(&f, &im, REMBI "chunkTransformationMatrix",
                "[[1,0,0,0],[0,2,0,0],[0,0,1,0],[0,0,0,1]]",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"));
  CHECK(has_iri(&f, &im, REMBI "imagingMethod", OBO "FBbi_00000369"));
  // IntendedFor (bids:: URI) links the chunk to the photo; a top-level
  // SPIM.json is inherited (its Immersion overridden by a file's own).
  fix_clear(&f);
  write_file(dir, "SPIM.json",
             "{\"Immersion\": \"Water\", \"SampleEmbedding\": \"agarose\"}");
  write_file(
    dir, "sub-01/micr/sub-01_sample-A_stain-LFB_chunk-02_SPIM.json",
    "{\"PixelSize\": [1, 1, 1], \"PixelSizeUnits\": \"um\","
    " \"IntendedFor\": [\"bids::sub-01/micr/sub-01_sample-A_photo.png\"]}");
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm c2 = node(
    &f, "file/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-02_SPIM.ome.tif");
  CHECK(
    has_iri(&f, &c2, REMBI "intendedFor",
            node(&f, "file/sub-01/micr/sub-01_sample-A_photo.png").value.ptr));
  const MgdTerm c1b = node(
    &f, "file/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif");
  CHECK(has_lit(&f, &c1b, REMBI "embedding", "agarose", NULL));
  CHECK(has_lit(&f, &c1b, OME "immersion", "Oil", NULL));
  CHECK(!has_lit(&f, &c1b, OME "immersion", "Water", NULL));
  CHECK(has_lit(&f, &c2, OME "immersion", "Water", NULL));
  const MgdTerm subj = node(&f, "subject/sub-01");
  CHECK(n_typed(&f, REMBI "Biosample") == 1);
  CHECK(has_iri(&f, &a, REMBI "derivedFrom", subj.value.ptr));
  fix_clear(&f);
}

static size_t
n_lit(const Fix* const f, const char* const p, const char* const v)
{
  const MgdTerm pt = iri(p);
  const MgdTerm o  = mgd_term_literal(mgd_str(v), mgd_str(NULL), mgd_str(NULL));
  return count(f, NULL, &pt, &o);
}

static void
test_bids_inheritance(void)
{
  // Upper-level sidecars naming entities other than sub-/ses- (stain-,
  // sample-, acq-) apply to exactly the files that carry those entities;
  // sidecars that apply to no file are reported with their path.
  char dir[4096];
  build_bids("micr_SPIM", dir, sizeof(dir));
  write_file(dir, "stain-LFB_SPIM.json",
             "{\"SamplePrimaryAntibody\": \"anti-MBP\"}");
  write_file(dir, "sub-01/sub-01_sample-B_SPIM.json",
             "{\"SampleEmbedding\": \"paraffin\"}");
  write_file(dir, "sub-01/micr/sub-01_acq-fast_SPIM.json",
             "{\"SampleEmbedding\": \"resin\"}");
  write_file(dir, "stain-DAPI_SPIM.json",
             "{\"SamplePrimaryAntibody\": \"none\"}");
  write_file(dir, "sub-01/micr/sub-01_sample-C_stain-LFB_chunk-01_SPIM.json",
             "{\"PixelSize\": [1, 1, 1]}");
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  // 8 SPIM chunks are stain-LFB; the photos have another suffix.
  CHECK(n_lit(&f, REMBI "primaryAntibody", "anti-MBP") == 8);
  CHECK(n_lit(&f, REMBI "primaryAntibody", "none") == 0);
  const MgdTerm b1 = node(
    &f, "file/sub-01/micr/sub-01_sample-B_stain-LFB_chunk-01_SPIM.ome.tif");
  const MgdTerm a1 = node(
    &f, "file/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif");
  CHECK(has_lit(&f, &b1, REMBI "embedding", "paraffin", NULL));
  CHECK(has_lit(&f, &b1, REMBI "primaryAntibody", "anti-MBP", NULL));
  CHECK(!has_lit(&f, &a1, REMBI "embedding", "paraffin", NULL));
  CHECK(n_lit(&f, REMBI "embedding", "paraffin") == 4);
  CHECK(n_lit(&f, REMBI "embedding", "resin") == 0);
  // The file's own sidecar still applies with the inherited keys.
  const MgdTerm p1 = node(&f, "file/sub-01/micr/"
                              "sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif"
                              "#pixels");
  CHECK(has_lit(&f, &p1, OME "physical_size_x", "1", MGD_XSD_INTEGER));
  CHECK(has_lit(&f, &a1, REMBI "primaryAntibody", "anti-MBP", NULL));
  // Orphans: a data file's sidecar without it, and upper-level sidecars
  // whose entities no file has; each named with its path.
  CHECK(diag_has(&f, "sub-01_sample-C_stain-LFB_chunk-01_SPIM.json 0:0 -: "
                     "sidecar without a data file"));
  CHECK(diag_has(&f, "/stain-DAPI_SPIM.json 0:0 -: sidecar without a data"));
  CHECK(diag_has(&f, "sub-01_acq-fast_SPIM.json 0:0 -: sidecar without"));
  CHECK(!diag_has(&f, "stain-LFB_SPIM.json 0:0 -: sidecar without"));
  CHECK(!diag_has(&f, "participants.json 0:0 -: sidecar without"));
  CHECK(f.report.n_warnings == 3);
  fix_clear(&f);
  // A name's own sidecar is still the most specific: it overrides the
  // inherited value key by key.
  write_file(dir, "sub-01/micr/sub-01_sample-B_stain-LFB_chunk-02_SPIM.json",
             "{\"SampleEmbedding\": \"agarose\"}");
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_lit(&f, REMBI "embedding", "paraffin") == 3);
  CHECK(n_lit(&f, REMBI "embedding", "agarose") == 1);
  fix_clear(&f);
}

static void
test_bids_xpct_zarr_messy(void)
{
  char dir[4096];
  build_bids("micr_XPCTzarr", dir, sizeof(dir));
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm study = node(&f, "study");
  CHECK(has_iri(&f, &study, DCT "license",
                "https://creativecommons.org/licenses/by/4.0/"));
  const char* const z =
    "file/sub-01/ses-01/micr/sub-01_ses-01_sample-brain_XPCT.ome.zarr";
  const MgdTerm im = node(&f, z);
  CHECK(has_iri(&f, &im, "http://purl.org/dc/terms/format",
                "http://edamontology.org/format_3915"));
  char px[8192];
  snprintf(px, sizeof(px), "%s#pixels", z);
  const MgdTerm p = node(&f, px);
  CHECK(has_lit(&f, &p, OME "physical_size_z", "25.08", MGD_XSD_DOUBLE));
  CHECK(has_iri(&f, &p, OME "physical_size_z_unit", QUDT "MicroM"));
  // The chunks of the zarr are not file nodes.
  CHECK(count(&f, NULL, &(MgdTerm){ 0 }, NULL) || true);
  CHECK(n_with(&f, MGD_RDF_TYPE, OME "Image") == 2);
  // Messy sidecar: trailing spaces, units in strings, 'units' in .zattrs.
  CHECK(diag_has(&f, "['AcquisitionParameters']['ZStep ']"));
  CHECK(diag_has(&f, "unit inside a string value '2.2 mm'"));
  CHECK(diag_has(&f, "'units' should be 'unit'"));
  CHECK(diag_has(&f, "column name 'sample_info ' has leading or trailing"));
  CHECK(n_with(&f, SCHEMA "unitCode", QUDT "MilliM") >= 1);
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// ARC and the multimodal study

/// True if some LabProcess has `input` as schema:object and `output` as
/// schema:result, and (if `part` is given) is part of `part`.
static bool
process_links(const Fix* const f, const char* const input,
              const char* const output, const char* const part)
{
  MgdSource     src = mgd_memstore_source(f->store);
  const MgdTerm po  = iri(SCHEMA "object");
  const MgdTerm in  = iri(input);
  MgdIdQuad     pat = { 0, 0, 0, 0 };
  if (!lookup(&src, &po, &pat.p) || !lookup(&src, &in, &pat.o)) {
    return false;
  }
  MgdIter* it = NULL;
  if (src.vt->match(src.handle, &pat, &it)) {
    return false;
  }
  bool      ok = false;
  MgdIdQuad q;
  while (!ok && src.vt->next(it, &q) == MGD_SUCCESS) {
    MgdArena a;
    mgd_arena_init(&a, 0);
    MgdTerm proc;
    if (!mgd_source_term(&src, q.s, &a, &proc)) {
      char buf[8192];
      snprintf(buf, sizeof(buf), "%.*s", (int)proc.value.len, proc.value.ptr);
      const MgdTerm p = iri(buf);
      ok              = has_iri(f, &p, SCHEMA "result", output) &&
           (!part || has_iri(f, &p, SCHEMA "isPartOf", part));
    }
    mgd_arena_clear(&a);
  }
  src.vt->iter_free(it);
  return ok;
}

static void
test_arc_simple(void)
{
  Fix f;
  fix_sample(&f, "arc/ARCtrl-SimpleARC");
  CHECK(f.status == MGD_SUCCESS);
  CHECK(f.report.kind == MGD_INGEST_ARC);
  const MgdTerm inv = node(&f, "investigation");
  CHECK(has_lit(&f, &inv, DCT "title", "ArcPrototype", NULL));
  CHECK(n_typed(&f, SCHEMA "Person") >= 3);
  const MgdTerm study = node(&f, "study/experiment1_material");
  CHECK(
    has_lit(&f, &study, DCT "title", "Prototype for experimental data", NULL));
  // Source -> sample in the study, organism from a Characteristic column.
  CHECK(n_with(&f, REMBI "organism", OBO "NCBITaxon_3702") == 6);
  // Sample -> assay process -> raw data file.
  const MgdTerm s1 = node(&f, "sample/sample%20eppi%20extracted%201");
  const MgdTerm d1 = node(&f, "data/sample1.raw");
  const MgdTerm as = node(&f, "assay/measurement1");
  CHECK(process_links(&f, s1.value.ptr, d1.value.ptr, as.value.ptr));
  // And on from the raw file to the derived results.
  CHECK(process_links(&f, d1.value.ptr,
                      node(&f, "data/proteomics_results.csv").value.ptr,
                      as.value.ptr));
  // Parameter values carry their term and unit.
  CHECK(n_with(&f, SCHEMA "valueReference", OBO "NCIT_C81867") >= 1 ||
        n_typed(&f, SCHEMA "PropertyValue") > 20);
  fix_clear(&f);
}

static void
test_arc_sample_case(void)
{
  // The study sheet says "Sample1", the assay sheet "sample1": one sample
  // node, so the chain source -> sample -> data holds; a warning names both
  // spellings (once).
  char dir[4096];
  fresh_dir(dir, sizeof(dir), "arc_case");
  char path[8192];
  snprintf(path, sizeof(path), "%s/isa.investigation.xlsx", dir);
  const char* const inv[] = { "isa_investigation",
                              "A1=Investigation Title|B1=Case ARC" };
  write_xlsx(path, inv, 1);
  write_file(dir, "studies/s1/README.md", "");
  snprintf(path, sizeof(path), "%s/studies/s1/isa.study.xlsx", dir);
  const char* const study[] = {
    "Growth", "A1=Input [Source Name]|B1=Output [Sample Name]|A2=plant 1|"
              "B2=Sample1|A3=plant 2|B3=Sample2"
  };
  write_xlsx(path, study, 1);
  write_file(dir, "assays/a1/dataset/x.raw", "");
  snprintf(path, sizeof(path), "%s/assays/a1/isa.assay.xlsx", dir);
  const char* const assay[] = {
    "Measure", "A1=Input [Sample Name]|B1=Output [Raw Data File]|A2=sample1|"
               "B2=x.raw|A3=SAMPLE1|B3=x.raw|A4=Sample2|B4=x.raw"
  };
  write_xlsx(path, assay, 1);
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(n_typed(&f, REMBI "Sample") == 2);
  const MgdTerm s1 = node(&f, "sample/Sample1");
  CHECK(process_links(&f, s1.value.ptr,
                      node(&f, "file/assays/a1/dataset/x.raw").value.ptr,
                      node(&f, "assay/a1").value.ptr));
  CHECK(diag_has(&f, "isa.assay.xlsx 2:1 Measure!A2: sample 'sample1' "
                     "differs from sample 'Sample1' only in letter case"));
  CHECK(diag_has(&f, "sample 'SAMPLE1' differs from sample 'Sample1'"));
  CHECK(f.report.n_warnings == 2);
  fix_clear(&f);
}

static void
test_mmds_multimodal_sample(void)
{
  char dir[4096];
  build_bids("micr_SPIM", dir, sizeof(dir));
  // Sequencing of the same sample: an ISA assay and a BIDS-named file.
  char assay[8192];
  snprintf(assay, sizeof(assay), "%s/assays/rnaseq", dir);
  write_file(dir, "assays/rnaseq/dataset/reads_R1.fastq.gz",
             "@r\nACGT\n+\nIIII\n");
  write_file(dir, "sub-01/genomics/sub-01_sample-A_R2.fastq.gz", "");
  char xlsx[8192];
  snprintf(xlsx, sizeof(xlsx), "%s/isa.assay.xlsx", assay);
  const char* const sheets[] = {
    "Sequencing",
    "A1=Input [Sample Name]|B1=Parameter [library strategy]|"
    "C1=Output [Raw Data File]|A2=sample-A|B2=RNA-Seq|C2=reads_R1.fastq.gz",
  };
  write_xlsx(xlsx, sheets, 1);
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_SUCCESS);
  const MgdTerm a = node(&f, "sample/sub-01_sample-A");
  CHECK(n_typed(&f, REMBI "Sample") == 2); // A and B, not a third "sample-A"
  const MgdTerm fq = node(&f, "file/assays/rnaseq/dataset/reads_R1.fastq.gz");
  CHECK(process_links(&f, a.value.ptr, fq.value.ptr,
                      node(&f, "assay/rnaseq").value.ptr));
  CHECK(has_iri(&f, &fq, "http://purl.org/dc/terms/format",
                "http://edamontology.org/format_1930"));
  // The assay's data hangs off the same sample node as the images.
  CHECK(has_iri(&f, &a, REMBI "hasData", fq.value.ptr));
  const MgdTerm fq2 =
    node(&f, "file/sub-01/genomics/sub-01_sample-A_R2.fastq.gz");
  CHECK(has_iri(&f, &fq2, REMBI "sample", a.value.ptr));
  CHECK(has_iri(&f, &a, REMBI "hasData", fq2.value.ptr));
  CHECK(has_iri(
    &f, &a, REMBI "hasData",
    node(&f, "file/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif")
      .value.ptr));
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// Bad directories

static void
test_bids_bad_input(void)
{
  char dir[4096];
  build_bids("micr_SEM", dir, sizeof(dir));
  // A broken sidecar, a name contradicting its folder, a symlink loop and
  // a dangling link, invalid UTF-8 in sessions.
  write_file(dir, "sub-01/ses-01/micr/sub-01_ses-01_sample-A_SEM.json",
             "{\"PixelSize\": [0.18, 0.18],\n \"PixelSizeUnits\": }");
  write_file(dir, "sub-01/ses-02/micr/sub-02_ses-02_sample-A_BF.png", "");
  write_file(dir, "sub-01/ses-02/micr/sub-01_ses-02_sample-A_SEM.json",
             "{\"PixelSize\": [0.18, 0.18], \"PixelSizeUnits\": \"um\"}");
  char link[8192];
  snprintf(link, sizeof(link), "%s/sub-01/loop", dir);
  CHECK(symlink("..", link) == 0);
  snprintf(link, sizeof(link), "%s/sub-01/gone.png", dir);
  CHECK(symlink("does-not-exist.png", link) == 0);
  Fix f;
  fix_run(&f, dir, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  CHECK(diag_has(&f, "sub-01_ses-01_sample-A_SEM.json 2:"));
  fix_clear(&f);
  fix_run(&f, dir, true, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(diag_has(&f, "skipped"));
  CHECK(diag_has(&f, "symbolic link to a directory not followed"));
  CHECK(diag_has(&f, "broken symbolic link"));
  CHECK(diag_has(&f, "file name says sub-02 but it is in folder sub-01"));
  // The rest is there: the other session's image and its pixel size.
  const MgdTerm p =
    node(&f, "file/sub-01/ses-02/micr/sub-01_ses-02_sample-A_SEM.png#pixels");
  CHECK(has_lit(&f, &p, OME "physical_size_y", "0.18", MGD_XSD_DOUBLE));
  const MgdTerm bf =
    node(&f, "file/sub-01/ses-02/micr/sub-02_ses-02_sample-A_BF.png");
  CHECK(
    has_iri(&f, &bf, REMBI "subject", node(&f, "subject/sub-01").value.ptr));
  fix_clear(&f);
  // Broken TSV (NUL byte) and contradicting zarr/sidecar pixel sizes.
  char dir2[4096];
  build_bids("micr_XPCTzarr", dir2, sizeof(dir2));
  write_file(dir2, "sub-01/ses-01/micr/sub-01_ses-01_sample-brain_XPCT.json",
             "{\"PixelSize\": [20, 20, 20], \"PixelSizeUnits\": \"um\", "
             "\"ZStep\": \"2.2 mm\", \"PixelSizeUnit\": \"um\"}");
  char bad[8192];
  snprintf(bad, sizeof(bad), "%s/participants.tsv", dir2);
  FILE* const fp = fopen(bad, "wb");
  if (fp) {
    fwrite("participant_id\tage\nsub-01\t4\0\n", 1, 29, fp);
    fclose(fp);
  }
  fix_run(&f, dir2, true, false);
  CHECK(f.status == MGD_SUCCESS);
  CHECK(diag_has(&f, "participants.tsv 2:"));
  CHECK(diag_has(&f, "contradicts the OME-Zarr scale"));
  CHECK(diag_has(&f, "misspelt 'pixelsizeunits'"));
  fix_clear(&f);
  fix_run(&f, dir2, false, false);
  CHECK(f.status == MGD_BAD_SYNTAX);
  fix_clear(&f);
}

// --------------------------------------------------------------------------
// Allocation failures: fail each allocation of one run in turn; every run
// must end in MGD_BAD_ALLOC and leak nothing (ASan builds check leaks).

static void
test_alloc_failures_readers(void)
{
  static const char tsv[] = "sample_id\tparticipant_id\nsample-A\tsub-01\n";
  unsigned          bad   = 0;
  MgdTsv            t;
  unsigned long     before = mgd_alloc_count();
  CHECK(mgd_tsv_parse(tsv, sizeof(tsv) - 1, &t, &bad) == MGD_SUCCESS);
  mgd_tsv_clear(&t);
  const unsigned long n_tsv = mgd_alloc_count() - before;
  CHECK(n_tsv > 0);
  for (unsigned long k = 0; k < n_tsv; ++k) {
    mgd_alloc_fail_after((long)k);
    CHECK(mgd_tsv_parse(tsv, sizeof(tsv) - 1, &t, &bad) == MGD_BAD_ALLOC);
    mgd_alloc_fail_after(-1);
  }
  char path[8192];
  snprintf(path, sizeof(path), "%s/arc/ARCtrl-SimpleARC/isa.investigation.xlsx",
           samples);
  FILE* const fp = fopen(path, "rb");
  CHECK(fp != NULL);
  if (!fp) {
    return;
  }
  MgdBuf b = { 0 };
  char   chunk[4096];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), fp))) {
    mgd_buf_append(&b, chunk, n);
  }
  fclose(fp);
  MgdXlsxBook book;
  before = mgd_alloc_count();
  CHECK(mgd_xlsx_read(b.data, b.len, "x", NULL, &book) == MGD_SUCCESS);
  mgd_xlsx_clear(&book);
  const unsigned long n_xlsx = mgd_alloc_count() - before;
  size_t              n_ok   = 0;
  for (unsigned long k = 0; k < n_xlsx; ++k) {
    mgd_alloc_fail_after((long)k);
    const MgdStatus st = mgd_xlsx_read(b.data, b.len, "x", NULL, &book);
    mgd_alloc_fail_after(-1);
    n_ok += st == MGD_BAD_ALLOC;
    if (st == MGD_SUCCESS) {
      mgd_xlsx_clear(&book);
    }
  }
  CHECK(n_ok == n_xlsx);
  mgd_buf_clear(&b);
}

static void
test_alloc_failures_pagetab(void)
{
  char path[8192];
  snprintf(path, sizeof(path), "%s/rembi/S-BIAD661.biostudies.json", samples);
  Fix           f;
  unsigned long before = mgd_alloc_count();
  fix_run(&f, path, false, false);
  const unsigned long n_all = mgd_alloc_count() - before;
  CHECK(f.status == MGD_SUCCESS);
  fix_clear(&f);
  // The fixture's own allocations (store, ingester) fail too: any error
  // status is right, success is not, and nothing may leak or crash.
  size_t n_failed = 0;
  for (unsigned long k = 0; k < n_all; k += 1 + n_all / 400) {
    mgd_alloc_fail_after((long)k);
    fix_run(&f, path, false, false);
    mgd_alloc_fail_after(-1);
    n_failed += f.status != MGD_SUCCESS;
    fix_clear(&f);
  }
  CHECK(n_failed == (n_all + n_all / 400) / (1 + n_all / 400));
}

static void
test_free_null(void)
{
  mgd_ingester_free(NULL);
  CHECK(true);
}

int
main(int argc, char** argv)
{
  const char* const src = getenv("MUGDAT_SRCDIR") ? getenv("MUGDAT_SRCDIR")
                          : argc > 1              ? argv[1]
                                                  : MGD_TEST_SRCDIR;
  snprintf(srcdir, sizeof(srcdir), "%s", src);
  const char* const td = getenv("MUGDAT_TESTDATA");
  if (td) {
    snprintf(samples, sizeof(samples), "%s/samples", td);
  } else {
    snprintf(samples, sizeof(samples), "%s/../shared/samples", srcdir);
  }
  struct stat sb;
  if (stat(samples, &sb)) {
    printf("0 passed, 0 failed, 1 skipped\n");
    fprintf(stderr, "samples not found at %s\n", samples);
    return 0;
  }
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgd-mmds-XXXXXX");
  if (!mkdtemp(tmpdir)) {
    return 3;
  }
  RUN(test_free_null);
  RUN(test_pagetab_v4_associations);
  RUN(test_pagetab_untemplated_nested);
  RUN(test_pagetab_v5_many_modules);
  RUN(test_pagetab_all_samples);
  RUN(test_pagetab_bad);
  RUN(test_rembi_xlsx);
  RUN(test_xlsx_hostile);
  RUN(test_rocrate_ngff_fly);
  RUN(test_rocrate_bia);
  RUN(test_rocrate_arc_profile);
  RUN(test_rocrate_ome_zarr_v3);
  RUN(test_bids_sem);
  RUN(test_bids_spim_chunks);
  RUN(test_bids_inheritance);
  RUN(test_bids_xpct_zarr_messy);
  RUN(test_arc_simple);
  RUN(test_arc_sample_case);
  RUN(test_mmds_multimodal_sample);
  RUN(test_bids_bad_input);
  RUN(test_alloc_failures_readers);
  RUN(test_alloc_failures_pagetab);
  if (!getenv("MUGDAT_TEST_KEEP")) {
    rm_tree(tmpdir);
  }
  return TEST_SUMMARY();
}
