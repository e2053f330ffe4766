// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Ingester front end: finds the mapping files, detects the kind of a source,
// streams its bytes (hashing them on the way, so provenance costs no second
// pass), dispatches to the converter and writes the provenance record.

#include "ingest/ingest_impl.h"
#include "ingest/mmds.h"

#include "base/alloc.h"

#include <openssl/evp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef MGD_INGEST_SRCDIR
#define MGD_INGEST_SRCDIR ""
#endif

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif

#define CONVERTER_NAME "mugdat-ingest"
#define CONVERTER_VERSION "0.1.0"

struct MgdIngestInput {
  FILE*       file;    ///< Open file, or NULL
  const char* path;    ///< File path (borrowed), or NULL
  const char* mem;     ///< Memory input
  size_t      n_mem;   ///< Bytes of memory input
  size_t      off;     ///< Read offset in memory input
  size_t      n_bytes; ///< Bytes read so far
  EVP_MD_CTX* md;      ///< SHA-256 state
  uint64_t    n_total; ///< Size of the input if known, else 0
  const size_t* n_quads; ///< The emitter's count (progress), or NULL
  const MgdIngestOptions* opts; ///< Progress callback, or NULL
};

MgdStatus
mgd_ingest_input_read(MgdIngestInput* const in, char* const buf, const size_t n,
                      size_t* const got)
{
  size_t k = 0;
  if (in->file) {
    k = fread(buf, 1, n, in->file);
    if (k < n && ferror(in->file)) {
      *got = 0;
      return MGD_BAD_IO;
    }
  } else {
    k = in->n_mem - in->off < n ? in->n_mem - in->off : n;
    if (k) {
      memcpy(buf, in->mem + in->off, k);
    }
    in->off += k;
  }
  if (k && in->md) {
    EVP_DigestUpdate(in->md, buf, k);
  }
  in->n_bytes += k;
  *got = k;
  if (k && in->opts && in->opts->progress) {
    in->opts->progress(in->opts->progress_handle, in->n_bytes, in->n_total,
                       in->n_quads ? *in->n_quads : 0U);
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_ingest_input_slurp(MgdIngestInput* const in, const size_t max,
                       MgdBuf* const out)
{
  char chunk[16384];
  for (;;) {
    size_t    got = 0;
    MgdStatus st  = mgd_ingest_input_read(in, chunk, sizeof(chunk), &got);
    if (st || !got) {
      return st;
    }
    if (out->len + got > max) {
      return MGD_BAD_LIMIT;
    }
    st = mgd_buf_append(out, chunk, got);
    if (st) {
      return st;
    }
  }
}

const char*
mgd_ingest_input_path(const MgdIngestInput* const in)
{
  return in->path;
}

// --------------------------------------------------------------------------
// Ingester

static bool
dir_has_mappings(const char* const dir)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/mappings/ome-xml.tsv", dir);
  return access(path, R_OK) == 0;
}

static char*
find_data_dir(const MgdIngestOptions* const o)
{
  const char* const candidates[] = {
    o->data_dir,       getenv("MUGDAT_DATADIR"),
    MGD_DATADIR,       getenv("MUGDAT_SRCDIR"),
    MGD_INGEST_SRCDIR,
  };
  for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); ++i) {
    if (candidates[i] && *candidates[i] && dir_has_mappings(candidates[i])) {
      return mgd_strndup(candidates[i], strlen(candidates[i]));
    }
  }
  return NULL;
}

MgdStatus
mgd_ingester_new(const MgdIngestOptions* const options,
                 MgdIngester** const           ingester)
{
  *ingester            = NULL;
  MgdIngester* const g = mgd_calloc(1, sizeof(MgdIngester));
  if (!g) {
    return MGD_BAD_ALLOC;
  }
  if (options) {
    g->opts = *options;
  }
  g->limits    = g->opts.limits ? *g->opts.limits : mgd_limits_default();
  g->data_dir  = find_data_dir(&g->opts);
  MgdStatus st = MGD_SUCCESS;
  if (!g->data_dir) {
    st =
      mgd_diag(g->opts.diag, MGD_BAD_IO, MGD_LEVEL_ERROR, "mugdat", 0, 0, NULL,
               "cannot find mappings/ome-xml.tsv: set MUGDAT_DATADIR to the "
               "directory holding mappings/ (tried %s)",
               MGD_DATADIR);
    goto fail;
  }
  const MgdDiagSink* const d = g->opts.diag;
  st = mgd_ingest_table_load(&g->ome, g->data_dir, "ome-xml.tsv", 2, d);
  st = st
         ? st
         : mgd_ingest_table_load(&g->units, g->data_dir, "ome-units.tsv", 2, d);
  st = st ? st
          : mgd_ingest_table_load(&g->idr, g->data_dir, "idr-study.tsv", 1, d);
  st = st ? st
          : mgd_ingest_table_load(&g->rdf, g->data_dir, "omero-rdf.tsv", 1, d);
  st = st
         ? st
         : mgd_ingest_table_load(&g->json, g->data_dir, "omero-json.tsv", 1, d);
  if (st) {
    goto fail;
  }
  mgd_ingest_ome_prepare(&g->ome);
  *ingester = g;
  return MGD_SUCCESS;
fail:
  mgd_ingester_free(g);
  return st;
}

void
mgd_ingester_free(MgdIngester* const ingester)
{
  if (ingester) {
    mgd_ingest_table_clear(&ingester->ome);
    mgd_ingest_table_clear(&ingester->units);
    mgd_ingest_table_clear(&ingester->idr);
    mgd_ingest_table_clear(&ingester->rdf);
    mgd_ingest_table_clear(&ingester->json);
    mgd_buf_clear(&ingester->graph);
    mgd_free(ingester->data_dir);
    mgd_free(ingester);
  }
}

// --------------------------------------------------------------------------
// Detection

const char*
mgd_ingest_kind_name(const MgdIngestKind kind)
{
  switch (kind) {
    case MGD_INGEST_UNKNOWN:
      return "unknown";
    case MGD_INGEST_OME_XML:
      return "ome-xml";
    case MGD_INGEST_OMERO_TRANSFER:
      return "omero-transfer";
    case MGD_INGEST_OMERO_KV_CSV:
      return "omero-kv-csv";
    case MGD_INGEST_IDR_ASSAYS:
      return "idr-assays";
    case MGD_INGEST_BULKMAP_CONFIG:
      return "bulkmap-config";
    case MGD_INGEST_IDR_STUDY:
      return "idr-study";
    case MGD_INGEST_IDR_FILEPATHS:
      return "idr-filepaths";
    case MGD_INGEST_OMERO_RDF:
      return "omero-rdf";
    case MGD_INGEST_OMERO_JSON:
      return "omero-json";
    case MGD_INGEST_DIRECTORY:
      return "directory";
    case MGD_INGEST_REMBI_PAGETAB:
    case MGD_INGEST_REMBI_XLSX:
    case MGD_INGEST_ROCRATE:
    case MGD_INGEST_BIDS:
    case MGD_INGEST_ARC:
      return mgd_mmds_kind_name(kind);
  }
  return "unknown";
}

static const char*
kind_media_type(const MgdIngestKind kind)
{
  switch (kind) {
    case MGD_INGEST_OME_XML:
    case MGD_INGEST_OMERO_TRANSFER:
      return "application/ome+xml";
    case MGD_INGEST_OMERO_KV_CSV:
      return "text/csv";
    case MGD_INGEST_IDR_ASSAYS:
    case MGD_INGEST_IDR_STUDY:
    case MGD_INGEST_IDR_FILEPATHS:
      return "text/tab-separated-values";
    case MGD_INGEST_BULKMAP_CONFIG:
      return "application/yaml";
    case MGD_INGEST_OMERO_RDF:
      return "text/turtle";
    case MGD_INGEST_OMERO_JSON:
      return "application/json";
    case MGD_INGEST_UNKNOWN:
    case MGD_INGEST_DIRECTORY:
      return "application/octet-stream";
    case MGD_INGEST_REMBI_PAGETAB:
    case MGD_INGEST_REMBI_XLSX:
    case MGD_INGEST_ROCRATE:
    case MGD_INGEST_BIDS:
    case MGD_INGEST_ARC:
      return mgd_mmds_media_type(kind);
  }
  return "application/octet-stream";
}

static bool
ends_with(const char* const s, const char* const suffix)
{
  const size_t n = strlen(s);
  const size_t m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static MgdIngestKind
detect_bytes(const char* const name, const char* const head, const size_t n)
{
  const char* const base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
  char              text[4097];
  memcpy(text, head, n);
  text[n] = '\0';
  if (!strcmp(base, "transfer.xml")) {
    return MGD_INGEST_OMERO_TRANSFER;
  }
  if (strstr(text, "<") && strstr(text, "openmicroscopy.org/Schemas/") &&
      (strstr(text, "<OME") || strstr(text, ":OME"))) {
    // omero-cli-transfer names its file transfer.xml; copies keep "transfer".
    return !strncmp(base, "transfer", 8) ? MGD_INGEST_OMERO_TRANSFER
                                         : MGD_INGEST_OME_XML;
  }
  if (ends_with(base, "-study.txt")) {
    return MGD_INGEST_IDR_STUDY;
  }
  if (ends_with(base, "-assays.txt")) {
    return MGD_INGEST_IDR_ASSAYS;
  }
  if (ends_with(base, "filePaths.tsv")) {
    return MGD_INGEST_IDR_FILEPATHS;
  }
  if (ends_with(base, ".csv")) {
    return MGD_INGEST_OMERO_KV_CSV;
  }
  if (ends_with(base, ".yml") || ends_with(base, ".yaml")) {
    return strstr(text, "columns:") ? MGD_INGEST_BULKMAP_CONFIG
                                    : MGD_INGEST_UNKNOWN;
  }
  if (ends_with(base, ".json") || ends_with(base, ".jsonld")) {
    return (strstr(text, "\"@type\"") && strstr(text, "omero"))
             ? MGD_INGEST_OMERO_JSON
             : MGD_INGEST_UNKNOWN;
  }
  if (ends_with(base, ".ttl") || ends_with(base, ".rdf") ||
      ends_with(base, ".nt") || ends_with(base, ".nq") ||
      ends_with(base, ".trig") || ends_with(base, ".owl")) {
    return MGD_INGEST_OMERO_RDF;
  }
  if (ends_with(base, ".xml") && strstr(text, "<OME")) {
    return MGD_INGEST_OME_XML;
  }
  return MGD_INGEST_UNKNOWN;
}

MgdIngestKind
mgd_ingest_detect_bytes(const char* const name, const char* const bytes,
                        const size_t n)
{
  return detect_bytes(name ? name : "", bytes, n < 4096 ? n : 4096);
}

MgdStatus
mgd_ingest_detect(const char* const path, MgdIngestKind* const kind)
{
  *kind = MGD_INGEST_UNKNOWN;
  struct stat sb;
  if (stat(path, &sb)) {
    return MGD_BAD_IO;
  }
  if ((*kind = mgd_mmds_detect(path, S_ISDIR(sb.st_mode)))) {
    return MGD_SUCCESS; // REMBI, RO-Crate, BIDS, ARC (mmds.h)
  }
  if (S_ISDIR(sb.st_mode)) {
    char p[4096];
    snprintf(p, sizeof(p), "%s/transfer.xml", path);
    *kind =
      access(p, R_OK) == 0 ? MGD_INGEST_OMERO_TRANSFER : MGD_INGEST_DIRECTORY;
    return MGD_SUCCESS;
  }
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return MGD_BAD_IO;
  }
  char         head[4096];
  const size_t n = fread(head, 1, sizeof(head), f);
  fclose(f);
  *kind = detect_bytes(path, head, n);
  return MGD_SUCCESS;
}

// --------------------------------------------------------------------------
// Graph IRIs

MgdStatus
mgd_ingest_graph_iri(const char* const path, MgdBuf* const out)
{
  MgdBuf    abs = { 0 };
  MgdStatus st  = MGD_SUCCESS;
  if (path[0] != '/') {
    char cwd[4096];
    if (!getcwd(cwd, sizeof(cwd))) {
      return MGD_BAD_IO;
    }
    st = mgd_buf_appendc(&abs, cwd);
    st = st ? st : mgd_buf_putc(&abs, '/');
  }
  st = st ? st : mgd_buf_appendc(&abs, path);
  // Lexical normalisation: split on '/', drop "" and ".", pop on "..".
  size_t* seg   = st ? NULL : mgd_calloc(abs.len + 1, sizeof(size_t));
  size_t* seg_n = st ? NULL : mgd_calloc(abs.len + 1, sizeof(size_t));
  size_t  n_seg = 0;
  if (!st && (!seg || !seg_n)) {
    st = MGD_BAD_ALLOC;
  }
  for (size_t i = 0; !st && i < abs.len;) {
    while (i < abs.len && abs.data[i] == '/') {
      ++i;
    }
    size_t j = i;
    while (j < abs.len && abs.data[j] != '/') {
      ++j;
    }
    const size_t len = j - i;
    if (len == 0 || (len == 1 && abs.data[i] == '.')) {
      // skip
    } else if (len == 2 && abs.data[i] == '.' && abs.data[i + 1] == '.') {
      n_seg = n_seg ? n_seg - 1 : 0;
    } else {
      seg[n_seg]   = i;
      seg_n[n_seg] = len;
      ++n_seg;
    }
    i = j;
  }
  st = st ? st : mgd_buf_appendc(out, MGD_INGEST_SOURCE_PREFIX);
  for (size_t k = 0; !st && k < n_seg; ++k) {
    st = mgd_buf_putc(out, '/');
    st = st ? st : mgd_ingest_pct(mgd_str_n(abs.data + seg[k], seg_n[k]), out);
  }
  if (!st && n_seg == 0) {
    st = mgd_buf_putc(out, '/');
  }
  mgd_free(seg);
  mgd_free(seg_n);
  mgd_buf_clear(&abs);
  return st;
}

// --------------------------------------------------------------------------
// Provenance (PROV-O, DESIGN.md §3)

static void
now_utc(char* const out, const size_t n)
{
  const time_t t = time(NULL);
  struct tm    tm;
  gmtime_r(&t, &tm);
  strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static MgdStatus
prov_quad(MgdIngester* const ing, const MgdSink* const sink, MgdStr s,
          const char* const p, const MgdTerm o, size_t* const n)
{
  const MgdQuad q = { mgd_term_iri(s), mgd_term_iri(mgd_str(p)), o,
                      mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH)) };
  char          why[160];
  MgdStatus     st = mgd_term_check(&q.o, &ing->limits, why, sizeof(why));
  st = st ? st : mgd_term_check(&q.s, &ing->limits, why, sizeof(why));
  st = st ? st : mgd_sink_quad(sink, &q);
  if (!st) {
    ++*n;
  }
  return st;
}

static MgdStatus
emit_provenance(MgdIngester* const ing, const MgdSink* const sink,
                const char* const source_url, const MgdIngestKind kind,
                const MgdIngestReport* const r, size_t* const n)
{
  MgdBuf b[4] = {
    { 0 }, { 0 }, { 0 }, { 0 }
  }; // source, activity, checksum, tmp
  const MgdStr      g      = mgd_buf_str(&ing->graph);
  MgdStatus         st     = MGD_SUCCESS;
  const char* const sfx[3] = { "#source", "#ingest", "#sha256" };
  for (size_t i = 0; i < 3 && !st; ++i) {
    st = mgd_buf_append(&b[i], g.ptr, g.len);
    st = st ? st : mgd_buf_appendc(&b[i], sfx[i]);
  }
  char when[64];
  if (ing->opts.now) {
    snprintf(when, sizeof(when), "%s", ing->opts.now);
  } else {
    now_utc(when, sizeof(when));
  }
  const MgdStr src  = mgd_buf_str(&b[0]);
  const MgdStr act  = mgd_buf_str(&b[1]);
  const MgdStr sum  = mgd_buf_str(&b[2]);
  const MgdStr none = mgd_str(NULL);
  const MgdStr agent =
    mgd_str("urn:mugdat:agent:" CONVERTER_NAME ":" CONVERTER_VERSION);
  char num[32];
  char conv[128];
  snprintf(conv, sizeof(conv), "%s %s (%s)", CONVERTER_NAME, CONVERTER_VERSION,
           mgd_ingest_kind_name(kind));
#define P(S, PRED, O)                                                          \
  do {                                                                         \
    if (!st) {                                                                 \
      st = prov_quad(ing, sink, (S), (PRED), (O), n);                          \
    }                                                                          \
  } while (0)
#define IRI(x) mgd_term_iri(x)
#define LIT(x, dt) mgd_term_literal(mgd_str(x), mgd_str(dt), none)
  P(g, MGD_RDF_TYPE, IRI(mgd_str(MGD_NS_PROV "Entity")));
  P(g, MGD_NS_PROV "wasDerivedFrom", IRI(src));
  P(g, MGD_NS_DCTERMS "source", IRI(mgd_str(source_url)));
  P(g, MGD_NS_PROV "wasGeneratedBy", IRI(act));
  P(g, MGD_NS_PROV "generatedAtTime", LIT(when, MGD_XSD_DATETIME));
  P(g, MGD_NS_DCTERMS "format", LIT(kind_media_type(kind), NULL));
  snprintf(num, sizeof(num), "%zu", r->n_quads);
  P(g, "http://rdfs.org/ns/void#triples", LIT(num, MGD_XSD_INTEGER));
  snprintf(num, sizeof(num), "%zu", r->n_warnings);
  P(g, MGD_NS_MGDV "warnings", LIT(num, MGD_XSD_INTEGER));
  P(src, MGD_RDF_TYPE, IRI(mgd_str(MGD_NS_PROV "Entity")));
  P(src, MGD_NS_PROV "atLocation", IRI(mgd_str(source_url)));
  P(src, MGD_NS_DCTERMS "format", LIT(kind_media_type(kind), NULL));
  snprintf(num, sizeof(num), "%zu", r->n_bytes);
  P(src, "http://www.w3.org/ns/dcat#byteSize", LIT(num, MGD_XSD_INTEGER));
  P(src, "http://spdx.org/rdf/terms#checksum", IRI(sum));
  P(sum, MGD_RDF_TYPE, IRI(mgd_str("http://spdx.org/rdf/terms#Checksum")));
  P(sum, "http://spdx.org/rdf/terms#algorithm",
    IRI(mgd_str("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")));
  P(sum, "http://spdx.org/rdf/terms#checksumValue", LIT(r->sha256, NULL));
  P(act, MGD_RDF_TYPE, IRI(mgd_str(MGD_NS_PROV "Activity")));
  P(act, MGD_NS_PROV "used", IRI(src));
  P(act, MGD_NS_PROV "wasAssociatedWith", IRI(agent));
  P(act, MGD_NS_PROV "endedAtTime", LIT(when, MGD_XSD_DATETIME));
  P(act, MGD_NS_RDFS "label", LIT(conv, NULL));
  P(agent, MGD_RDF_TYPE, IRI(mgd_str(MGD_NS_PROV "SoftwareAgent")));
  P(agent, MGD_NS_RDFS "label", LIT(CONVERTER_NAME, NULL));
  P(agent, MGD_NS_SCHEMA "softwareVersion", LIT(CONVERTER_VERSION, NULL));
#undef P
#undef IRI
#undef LIT
  for (size_t i = 0; i < 4; ++i) {
    mgd_buf_clear(&b[i]);
  }
  return st;
}

// --------------------------------------------------------------------------
// Dispatch

static MgdStatus
convert(MgdIngester* const ing, const MgdIngestKind kind,
        MgdIngestInput* const in, MgdEmit* const e, const char* const config)
{
  ing->kind = kind;
  switch (kind) {
    case MGD_INGEST_OME_XML:
    case MGD_INGEST_OMERO_TRANSFER:
      return mgd_ingest_ome_xml(ing, in, e);
    case MGD_INGEST_OMERO_KV_CSV:
      return mgd_ingest_omero_kv(ing, in, e, ',', config);
    case MGD_INGEST_IDR_ASSAYS:
      return mgd_ingest_omero_kv(ing, in, e, '\t', NULL);
    case MGD_INGEST_IDR_STUDY:
      return mgd_ingest_idr_study(ing, in, e);
    case MGD_INGEST_IDR_FILEPATHS:
      return mgd_ingest_idr_filepaths(ing, in, e);
    case MGD_INGEST_OMERO_RDF:
      return mgd_ingest_omero_rdf(ing, in, e);
    case MGD_INGEST_OMERO_JSON:
      return mgd_ingest_omero_json(ing, in, e);
    case MGD_INGEST_BULKMAP_CONFIG:
      return mgd_ingest_emit_error(
        e, MGD_BAD_UNSUPPORTED, 0, 0, NULL,
        "a bulkmap-config.yml holds column rules, not data: ingest the "
        "matching *-annotation.csv next to it, which applies these rules");
    case MGD_INGEST_DIRECTORY:
      return mgd_ingest_emit_error(
        e, MGD_BAD_UNSUPPORTED, 0, 0, NULL,
        "a directory without transfer.xml is not one "
        "source: ingest its files one by one");
    case MGD_INGEST_REMBI_PAGETAB:
    case MGD_INGEST_REMBI_XLSX:
    case MGD_INGEST_ROCRATE:
    case MGD_INGEST_BIDS:
    case MGD_INGEST_ARC:
      return mgd_ingest_mmds(ing, kind, in, e);
    case MGD_INGEST_UNKNOWN:
      return mgd_ingest_emit_error(
        e, MGD_BAD_UNSUPPORTED, 0, 0, NULL,
        "unrecognised source (not OME-XML, an OMERO export, "
        "an IDR study file or RDF)");
  }
  return MGD_BAD_UNSUPPORTED;
}

/// Find "<stem>-bulkmap-config.yml" next to "<stem>-annotation.csv".
static char*
find_bulkmap_config(const char* const csv)
{
  const char* const suffix = "-annotation.csv";
  if (!ends_with(csv, suffix)) {
    return NULL;
  }
  MgdBuf b = { 0 };
  mgd_buf_append(&b, csv, strlen(csv) - strlen(suffix));
  mgd_buf_appendc(&b, "-bulkmap-config.yml");
  if (b.data && access(b.data, R_OK) == 0) {
    return b.data; // ownership moves to the caller
  }
  mgd_buf_clear(&b);
  return NULL;
}

static MgdStatus
ingest_run(MgdIngester* const ing, MgdIngestKind kind, MgdIngestInput* const in,
           const char* const name, const char* const source_url,
           const char* const graph_iri, const MgdSink* const sink,
           const char* const config, MgdIngestReport* const report)
{
  MgdIngestReport r;
  memset(&r, 0, sizeof(r));
  r.kind = kind;
  MgdEmit e;
  memset(&e, 0, sizeof(e));
  e.sink   = sink;
  e.diag   = ing->opts.diag;
  e.limits = &ing->limits;
  e.source = name;
  e.strict = ing->opts.strict;
  mgd_hashmap_init(&e.seen);
  e.dedup = kind != MGD_INGEST_OME_XML && kind != MGD_INGEST_OMERO_TRANSFER;
  mgd_buf_reset(&ing->graph);
  MgdStatus st = mgd_buf_appendc(&ing->graph, graph_iri);
  st           = st ? st : mgd_buf_appendc(&e.graph, graph_iri);
  in->md       = EVP_MD_CTX_new();
  if (!st && (!in->md || !EVP_DigestInit_ex(in->md, EVP_sha256(), NULL))) {
    st = MGD_BAD_INTERNAL;
  }
  if (!st && !mgd_iri_is_valid(mgd_buf_str(&e.graph))) {
    st = mgd_ingest_emit_error(&e, MGD_BAD_ARG, 0, 0, NULL,
                               "graph IRI \"%s\" is not an absolute IRI",
                               graph_iri);
  }
  in->n_quads = &e.n_quads;
  in->opts    = &ing->opts;
  st          = st ? st : convert(ing, kind, in, &e, config);
  // Hash what the converter left unread, so the checksum covers the file.
  char rest[16384];
  for (size_t got = 1; !st && got;) {
    st = mgd_ingest_input_read(in, rest, sizeof(rest), &got);
  }
  if (!st) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned      n_md = 0;
    EVP_DigestFinal_ex(in->md, md, &n_md);
    for (unsigned i = 0; i < n_md && i < 32; ++i) {
      snprintf(r.sha256 + 2 * i, 3, "%02x", md[i]);
    }
  }
  r.graph      = ing->graph.data;
  r.n_quads    = e.n_quads;
  r.n_warnings = e.n_warnings;
  r.n_bytes    = in->n_bytes;
  if (!st && !ing->opts.no_provenance) {
    st = emit_provenance(ing, sink, source_url, kind, &r, &r.n_prov);
  }
  EVP_MD_CTX_free(in->md);
  in->md      = NULL;
  in->n_quads = NULL;
  mgd_ingest_emit_clear(&e);
  if (report) {
    *report = r;
  }
  return st;
}

static MgdStatus
file_url(const char* const path, MgdBuf* const out)
{
  // file:// + the same normalised, percent-encoded path as the graph IRI.
  MgdBuf    g  = { 0 };
  MgdStatus st = mgd_ingest_graph_iri(path, &g);
  st           = st ? st : mgd_buf_appendc(out, "file://");
  st =
    st ? st : mgd_buf_appendc(out, g.data + strlen(MGD_INGEST_SOURCE_PREFIX));
  mgd_buf_clear(&g);
  return st;
}

MgdStatus
mgd_ingester_ingest_path(MgdIngester* const ing, const char* const path,
                         const char* const graph_iri, const MgdSink* const sink,
                         MgdIngestReport* const report)
{
  MgdIngestKind kind = MGD_INGEST_UNKNOWN;
  if (report) {
    memset(report, 0, sizeof(*report));
  }
  MgdStatus st = mgd_ingest_detect(path, &kind);
  if (st) {
    return mgd_diag(ing->opts.diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path, 0, 0,
                    NULL, "cannot read: %s", strerror(errno));
  }
  MgdBuf         graph  = { 0 };
  MgdBuf         url    = { 0 };
  MgdBuf         file   = { 0 };
  char*          config = NULL;
  MgdIngestInput in;
  memset(&in, 0, sizeof(in));
  st = graph_iri ? mgd_buf_appendc(&graph, graph_iri)
                 : mgd_ingest_graph_iri(path, &graph);
  st = st ? st : file_url(path, &url);
  st = st ? st : mgd_buf_appendc(&file, path);
  struct stat sb;
  if (!st && kind == MGD_INGEST_OMERO_TRANSFER && !stat(path, &sb) &&
      S_ISDIR(sb.st_mode)) {
    st = mgd_buf_appendc(&file, "/transfer.xml");
  }
  st = st ? st : mgd_mmds_main_file(kind, path, &file);
  if (!st && kind != MGD_INGEST_DIRECTORY) {
    in.file = fopen(file.data, "rb");
    in.path = file.data;
    if (!in.file) {
      st = mgd_diag(ing->opts.diag, MGD_BAD_IO, MGD_LEVEL_ERROR, file.data, 0,
                    0, NULL, "cannot open: %s", strerror(errno));
    } else if (!fstat(fileno(in.file), &sb) && S_ISREG(sb.st_mode)) {
      in.n_total = (uint64_t)sb.st_size;
    }
  }
  if (!st && kind == MGD_INGEST_OMERO_KV_CSV) {
    config = find_bulkmap_config(path);
  }
  st = st ? st
          : ingest_run(ing, kind, &in, file.data, url.data, graph.data, sink,
                       config, report);
  if (in.file) {
    fclose(in.file);
  }
  mgd_free(config);
  mgd_buf_clear(&graph);
  mgd_buf_clear(&url);
  mgd_buf_clear(&file);
  return st;
}

MgdStatus
mgd_ingester_ingest_bytes(MgdIngester* const ing, const MgdIngestKind kind,
                          const char* const name, const char* const bytes,
                          const size_t n, const char* const graph_iri,
                          const MgdSink* const   sink,
                          MgdIngestReport* const report)
{
  if (report) {
    memset(report, 0, sizeof(*report));
  }
  if (!graph_iri) {
    return MGD_BAD_ARG;
  }
  MgdIngestInput in;
  memset(&in, 0, sizeof(in));
  in.mem                = bytes;
  in.n_mem              = n;
  in.n_total            = n;
  const char* const src = name ? name : "<memory>";
  MgdBuf            url = { 0 };
  MgdStatus         st  = mgd_buf_appendc(&url, "urn:mugdat:upload:");
  st                    = st ? st : mgd_ingest_pct(mgd_str(src), &url);
  st                    = st ? st
                             : ingest_run(ing, kind, &in, src, url.data, graph_iri, sink, NULL,
                                          report);
  mgd_buf_clear(&url);
  return st;
}
