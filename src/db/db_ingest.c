// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "db/db_ingest.h"

#include "base/alloc.h"
#include "rdf/memstore.h"
#include "rdf/term.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_read.h"

#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif
#ifndef MGD_SRCDIR
#define MGD_SRCDIR "."
#endif

/// Graph an in-memory ingest (mgd_db_validate_bytes) writes to.
#define VALIDATE_GRAPH "urn:mugdat:validate"

// ---------------------------------------------------------------- ingest

/// Remove the provenance record of `graph`: its subjects are the graph IRI
/// and graph#source / #ingest / #sha256 (ingest.c) and #validation (ours).
static MgdStatus
clear_provenance(MgdDbWrite* const w, const char* const graph)
{
  MgdSource     src  = mgd_db_write_source(w);
  const MgdTerm pg   = mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH));
  MgdId         pgid = MGD_ID_NONE;
  MgdStatus     st   = mgd_source_lookup(&src, &pg, &pgid);
  if (st == MGD_FAILURE) {
    return MGD_SUCCESS; // no provenance yet
  }
  if (st) {
    return st;
  }
  static const char* const suffix[] = {
    "", "#source", "#ingest", "#sha256", MGD_DB_VALIDATION_SUFFIX};
  MgdIdQuad* found   = NULL;
  size_t     n_found = 0U;
  size_t     cap     = 0U;
  for (size_t k = 0U; !st && k < sizeof(suffix) / sizeof(suffix[0]); ++k) {
    MgdBuf b;
    mgd_buf_init(&b);
    st                  = mgd_buf_appendc(&b, graph);
    st                  = st ? st : mgd_buf_appendc(&b, suffix[k]);
    const MgdTerm   s   = mgd_term_iri(mgd_buf_str(&b));
    MgdId           sid = MGD_ID_NONE;
    const MgdStatus lst = st ? st : mgd_source_lookup(&src, &s, &sid);
    mgd_buf_clear(&b);
    if (lst == MGD_FAILURE) {
      continue;
    }
    if (lst) {
      st = lst;
      break;
    }
    const MgdIdQuad pat = {sid, MGD_ID_NONE, MGD_ID_NONE, pgid};
    MgdIter*        it  = NULL;
    st                  = src.vt->match(src.handle, &pat, &it);
    MgdIdQuad q;
    while (!st && src.vt->next(it, &q) == MGD_SUCCESS) {
      if (n_found == cap) {
        cap = cap ? 2U * cap : 64U;
        MgdIdQuad* const f =
          (MgdIdQuad*)mgd_realloc(found, cap * sizeof(MgdIdQuad));
        if (!f) {
          st = MGD_BAD_ALLOC;
          break;
        }
        found = f;
      }
      found[n_found++] = q;
    }
    src.vt->iter_free(it);
  }
  // Removed after the scans: a cursor must not see its own deletions.
  for (size_t i = 0U; !st && i < n_found; ++i) {
    st = mgd_db_write_remove(w, &found[i], NULL);
  }
  mgd_free(found);
  return st;
}

/// Make the provenance triple count exact by scanning the graph (the slow
/// way, when CountSink could not count): a streamed OME-XML document that
/// repeats a statement was counted once per repetition (ingest.h).
static MgdStatus
fix_triple_count(MgdDbWrite* const w, const MgdId gid, const char* const graph,
                 const size_t reported)
{
  // Bulk-added quads are invisible to reads until flushed.
  MgdStatus st = mgd_txn_bulk_flush(mgd_db_write_txn(w), NULL);
  if (st) {
    return st;
  }
  MgdSource       src = mgd_db_write_source(w);
  const MgdIdQuad pat = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, gid};
  MgdIter*        it  = NULL;
  st                  = src.vt->match(src.handle, &pat, &it);
  uint64_t  n         = 0U;
  MgdIdQuad q;
  while (!st && src.vt->next(it, &q) == MGD_SUCCESS) {
    ++n;
  }
  src.vt->iter_free(it);
  if (st || n == reported) {
    return st;
  }
  char old_n[32];
  char new_n[32];
  snprintf(old_n, sizeof(old_n), "%zu", reported);
  snprintf(new_n, sizeof(new_n), "%llu", (unsigned long long)n);
  const MgdStr  xint = mgd_str(MGD_XSD_INTEGER);
  const MgdQuad old  = {
    mgd_term_iri(mgd_str(graph)),
    mgd_term_iri(mgd_str("http://rdfs.org/ns/void#triples")),
    mgd_term_literal(mgd_str(old_n), xint, mgd_str(NULL)),
    mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH))};
  MgdIdQuad ids;
  if (mgd_source_lookup(&src, &old.s, &ids.s) ||
      mgd_source_lookup(&src, &old.p, &ids.p) ||
      mgd_source_lookup(&src, &old.o, &ids.o) ||
      mgd_source_lookup(&src, &old.g, &ids.g)) {
    return MGD_BAD_INTERNAL; // the ingester wrote it in this transaction
  }
  st            = mgd_db_write_remove(w, &ids, NULL);
  MgdQuad fixed = old;
  fixed.o       = mgd_term_literal(mgd_str(new_n), xint, mgd_str(NULL));
  return st ? st : mgd_db_write_add(w, &fixed);
}

#define VOID_TRIPLES "http://rdfs.org/ns/void#triples"

/// Passes the ingester's quads to the store's sink. The source's graph is
/// written under a staging graph (store.h: mgd_txn_stage) with a checkpoint
/// every STAGE_CHUNK quads, and published when the provenance record
/// begins (the ingester writes its data quads first and the provenance
/// record last, ingest.c) or at the end: readers see the old graph until
/// the final commit, then the new one. Flushing the bulk queue at that
/// point also tells how many distinct quads the graph has (the store drops
/// repeats), so the void:triples quad passing by afterwards gets that
/// number without a rescan. Anything else (a data quad in another graph or
/// after the provenance) stops the checkpoints, so such quads commit with
/// the graph, and leaves `exact` false: the caller rescans.
typedef struct {
  const MgdSink* inner;     ///< The store's sink
  MgdDbWrite*    w;         ///< The write
  MgdStr         graph;     ///< The source's graph IRI
  MgdTerm        stage_iri; ///< The staging graph (mgd_db_write_stage)
  bool           published; ///< The staging graph is the graph now
  bool           chunking;  ///< Checkpoints still allowed
  bool           in_prov;   ///< Provenance quads have begun
  bool           exact;     ///< n_graph is the graph's size
  uint64_t       n_graph;   ///< Distinct quads of the graph, once counted
  char           num[32];   ///< n_graph as an xsd:integer lexical form
  bool           wrote;     ///< void:triples was written with num
} StageSink;

/// Make the staged graph the source's graph (once) and drop the graph's
/// old provenance record.
static MgdStatus
stage_publish(StageSink* const c)
{
  if (c->published) {
    return MGD_SUCCESS;
  }
  const MgdStatus st = mgd_db_write_stage_publish(c->w, &c->n_graph);
  c->published       = !st;
  return st ? st : clear_provenance(c->w, c->graph.ptr);
}

static MgdStatus
stage_sink_quad(void* const handle, const MgdQuad* const q)
{
  StageSink* const c    = (StageSink*)handle;
  const bool       prov = mgd_str_eqc(q->g.value, MGD_INGEST_PROVENANCE_GRAPH);
  if (!prov) {
    if (c->in_prov || !mgd_str_eq(q->g.value, c->graph)) {
      c->exact    = false; // not the expected shape: count by scanning
      c->in_prov  = true;
      c->chunking = false;
    }
    if (c->published || !mgd_str_eq(q->g.value, c->graph)) {
      return mgd_sink_quad(c->inner, q);
    }
    MgdQuad staged = *q;
    staged.g       = c->stage_iri;
    const MgdStatus st = mgd_sink_quad(c->inner, &staged);
    return st || !c->chunking ? st : mgd_db_write_stage_step(c->w);
  }
  if (!c->in_prov) {
    c->in_prov         = true;
    const MgdStatus st = stage_publish(c);
    if (st) {
      return st;
    }
    c->exact = !mgd_str_eqc(c->graph, MGD_INGEST_PROVENANCE_GRAPH);
    snprintf(c->num, sizeof(c->num), "%llu", (unsigned long long)c->n_graph);
  }
  if (c->exact && q->o.kind == MGD_TERM_LITERAL &&
      mgd_str_eqc(q->p.value, VOID_TRIPLES) &&
      mgd_str_eq(q->s.value, c->graph)) {
    MgdQuad fixed = *q;
    fixed.o.value = mgd_str(c->num);
    c->wrote      = true;
    return mgd_sink_quad(c->inner, &fixed);
  }
  return mgd_sink_quad(c->inner, q);
}

static MgdStatus
stage_sink_end(void* const handle)
{
  StageSink* const c  = (StageSink*)handle;
  const MgdStatus  st = mgd_sink_end(c->inner);
  return st ? st : stage_publish(c);
}

/// Validate the new graph through the write's own source and record the
/// summary in the provenance graph.
static MgdStatus
validate_graph(MgdDbWrite* const w, const char* const graph,
               const MgdDbIngestOptions* const o, MgdDbIngestReport* const r)
{
  const MgdSource       src  = mgd_db_write_source(w);
  const MgdTerm         g    = mgd_term_iri(mgd_str(graph));
  const MgdShaclOptions sopt = {o->diag, NULL, NULL, o->on_result,
                                o->result_handle};
  MgdStatus st = mgd_shacl_validate(o->shapes, &src, &g, &sopt, NULL,
                                    &r->summary);
  if (st) {
    return st;
  }
  r->validated = true;
  if (o->require_valid && !r->summary.conforms) {
    r->refused = true;
    return MGD_BAD_DATA;
  }
  MgdBuf node;
  mgd_buf_init(&node);
  MgdSink* sink = NULL;
  st            = mgd_buf_appendc(&node, graph);
  st = st ? st : mgd_buf_appendc(&node, MGD_DB_VALIDATION_SUFFIX);
  st = st ? st : mgd_db_write_sink(w, NULL, &sink);
  if (!st) {
    const MgdTerm n  = mgd_term_iri(mgd_buf_str(&node));
    const MgdTerm sh = mgd_term_iri(mgd_str(o->shapes_iri));
    const MgdTerm pg = mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH));
    st = mgd_shacl_write_summary(&r->summary, &n, &g,
                                 o->shapes_iri ? &sh : NULL, &pg, sink);
    st = st ? st : mgd_sink_end(sink);
  }
  mgd_db_sink_free(sink);
  mgd_buf_clear(&node);
  return st;
}

/// One attempt of the unit of work in write `w` (the caller commits or
/// aborts).
static MgdStatus
ingest_in(MgdDbWrite* const w, const char* const path, const char* const graph,
          const MgdDbIngestOptions* const o, MgdDbIngestReport* const r)
{
  StageSink c;
  memset(&c, 0, sizeof(c));
  c.w                 = w;
  c.graph             = mgd_str(graph);
  c.chunking          = true;
  const MgdTerm g     = mgd_term_iri(c.graph);
  MgdSink*      sink  = NULL;
  MgdStatus     st    = mgd_db_write_stage(w, &g, &c.stage_iri);
  st                  = st ? st : mgd_db_write_sink(w, NULL, &sink);
  c.inner             = sink;
  const MgdSink outer = {&c, NULL, NULL, stage_sink_quad, stage_sink_end};
  st = st ? st
          : mgd_ingester_ingest_path(o->ingester, path, graph, &outer,
                                     &r->ingest);
  if (!st) {
    st = mgd_sink_end(&outer);
  }
  mgd_db_sink_free(sink);
  if (!st && c.exact && c.wrote) {
    r->ingest.n_quads = (size_t)c.n_graph;
  } else if (!st) {
    MgdId gid = MGD_ID_NONE; // the staging id since publishing
    st        = mgd_db_write_intern(w, &g, &gid);
    st        = st ? st
                   : fix_triple_count(w, gid, graph,
                                      c.wrote ? (size_t)c.n_graph
                                              : r->ingest.n_quads);
  }
  if (!st && o->shapes) {
    st = validate_graph(w, graph, o, r);
  }
  return st;
}

MgdStatus
mgd_db_ingest_path(MgdDb* const db, const char* const path,
                   const MgdDbIngestOptions* const o,
                   MgdDbIngestReport* const        r)
{
  memset(r, 0, sizeof(*r));
  MgdBuf graph;
  mgd_buf_init(&graph);
  MgdStatus st = o->graph ? mgd_buf_appendc(&graph, o->graph)
                          : mgd_ingest_graph_iri(path, &graph);
  // Left by a process that died mid-ingest, or a failed collection (if
  // this fails too, say on a full map, the next write tries again).
  (void)mgd_db_collect(db);
  for (unsigned attempt = 0U; !st && attempt < 8U; ++attempt) {
    if (attempt) {
      // A redo after a full map (which has grown): leftovers of the
      // failed attempt first, as far as they go.
      (void)mgd_db_collect(db);
    }
    memset(r, 0, sizeof(*r));
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      break;
    }
    // The commit publishes the staged graph and collects the replaced one;
    // an abort or a failed commit gives the staged part up.
    st = ingest_in(w, path, graph.data, o, r);
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
    if (st != MGD_BAD_FULL) {
      break;
    }
    st = attempt + 1U < 8U ? MGD_SUCCESS : st; // the map grew: redo
  }
  mgd_buf_clear(&graph);
  return st;
}

// ---------------------------------------------------------------- shapes

static bool
shapes_name_ok(const char* const name)
{
  if (!*name || name[0] == '.') {
    return false;
  }
  for (const char* c = name; *c; ++c) {
    const bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
                    *c == '.';
    if (!ok) {
      return false;
    }
  }
  return !strstr(name, "..");
}

static bool
shapes_is_path(const char* const name)
{
  return strchr(name, '/') || mgd_format_from_path(name) != MGD_FORMAT_UNKNOWN;
}

MgdStatus
mgd_db_shapes_find(const char* const name, const bool allow_path,
                   MgdBuf* const path)
{
  if (shapes_is_path(name)) {
    if (!allow_path || access(name, R_OK) != 0) {
      return MGD_FAILURE;
    }
    return mgd_buf_appendc(path, name);
  }
  if (!shapes_name_ok(name)) {
    return MGD_FAILURE;
  }
  const char* const dirs[] = {getenv("MUGDAT_SHAPES_DIR"),
                              getenv("MUGDAT_SRCDIR"), MGD_DATADIR,
                              MGD_SRCDIR};
  const char* const subs[] = {"", "/shapes", "/shapes", "/shapes"};
  for (size_t i = 0U; i < sizeof(dirs) / sizeof(dirs[0]); ++i) {
    if (!dirs[i] || !*dirs[i]) {
      continue;
    }
    MgdBuf p;
    mgd_buf_init(&p);
    const MgdStatus st = mgd_buf_printf(&p, "%s%s/%s.ttl", dirs[i], subs[i],
                                        name);
    if (st) {
      mgd_buf_clear(&p);
      return st;
    }
    if (access(p.data, R_OK) == 0) {
      const MgdStatus ast = mgd_buf_appendc(path, p.data);
      mgd_buf_clear(&p);
      return ast;
    }
    mgd_buf_clear(&p);
  }
  return MGD_FAILURE;
}

MgdStatus
mgd_db_shapes_iri(const char* const name, MgdBuf* const iri)
{
  if (shapes_is_path(name)) {
    return mgd_path_to_file_url(name, iri);
  }
  const MgdStatus st = mgd_buf_appendc(iri, "urn:mugdat:shapes:");
  return st ? st : mgd_buf_appendc(iri, name);
}

MgdStatus
mgd_db_shapes_load(const char* const path, const MgdDiagSink* const diag,
                   const MgdLimits* const limits, MgdShapes** const shapes)
{
  MgdMemStore* const store = mgd_memstore_new();
  if (!store) {
    return MGD_BAD_ALLOC;
  }
  MgdReadOptions ropt;
  memset(&ropt, 0, sizeof(ropt));
  ropt.diag          = diag;
  ropt.limits        = limits;
  ropt.source_name   = path;
  const MgdSink sink = mgd_memstore_sink(store);
  MgdStatus     st   = mgd_rdf_read_path(path, &ropt, &sink, NULL);
  if (!st) {
    const MgdSource       src  = mgd_memstore_source(store);
    const MgdShaclOptions sopt = {diag, limits, path, NULL, NULL};
    st                         = mgd_shacl_compile(&src, &sopt, shapes);
  }
  mgd_memstore_free(store);
  return st;
}

// -------------------------------------------------------- validate bytes

// The shipped JSON-LD contexts (RO-Crate, schema.org), so that a JSON-LD
// body naming them is read offline, as the RO-Crate ingester does.
static MgdStatus
contexts_dir(const char* const data_dir, MgdBuf* const out)
{
  const char* const dirs[] = {data_dir, getenv("MUGDAT_DATADIR"), MGD_DATADIR,
                              getenv("MUGDAT_SRCDIR"), MGD_SRCDIR};
  for (size_t i = 0U; i < sizeof(dirs) / sizeof(dirs[0]); ++i) {
    if (!dirs[i] || !*dirs[i]) {
      continue;
    }
    mgd_buf_reset(out);
    const MgdStatus st =
      mgd_buf_printf(out, "%s/ontologies/contexts/contexts.map", dirs[i]);
    if (st) {
      return st;
    }
    if (access(out->data, R_OK) == 0) {
      mgd_buf_reset(out);
      return mgd_buf_printf(out, "%s/ontologies/contexts", dirs[i]);
    }
  }
  return MGD_FAILURE;
}

static MgdStatus
read_rdf(const char* const bytes, const size_t n,
         const MgdDbValidateOptions* const o, const char* const base,
         const MgdSink* const sink)
{
  MgdJsonldOptions jo;
  mgd_jsonld_options_init(&jo);
  MgdBuf dir;
  mgd_buf_init(&dir);
  MgdReadOptions ropt;
  memset(&ropt, 0, sizeof(ropt));
  ropt.format      = o->format;
  ropt.diag        = o->diag;
  ropt.limits      = o->limits;
  ropt.source_name = o->name ? o->name : "body";
  ropt.base        = base;
  MgdStatus st     = MGD_SUCCESS;
  if (o->format == MGD_FORMAT_JSONLD &&
      contexts_dir(o->data_dir, &dir) == MGD_SUCCESS) {
    st          = mgd_jsonld_options_set(&jo, "contexts-dir", dir.data);
    ropt.jsonld = &jo;
  }
  st = st ? st : mgd_rdf_read_bytes(bytes, n, &ropt, sink, NULL);
  mgd_buf_clear(&dir);
  mgd_jsonld_options_clear(&jo);
  return st;
}

/// A file name for a body that only a path-based ingester reads (RO-Crate,
/// REMBI PageTab or spreadsheet): the client's name if it is a plain file
/// name, else one guessed from the bytes.
static const char*
body_file_name(const char* const name, const char* const bytes, const size_t n)
{
  const char* const dot = name ? strrchr(name, '.') : NULL;
  if (name && shapes_name_ok(name) && dot &&
      (!strcmp(dot, ".json") || !strcmp(dot, ".jsonld") ||
       !strcmp(dot, ".xlsx"))) {
    return name;
  }
  if (n >= 2U && bytes[0] == 'P' && bytes[1] == 'K') {
    return "body.xlsx";
  }
  const size_t head = n < 4096U ? n : 4096U;
  for (size_t i = 0U; i + 8U <= head; ++i) {
    if (!memcmp(bytes + i, "ro/crate", 8U)) {
      return "ro-crate-metadata.json";
    }
  }
  return "body.json";
}

// Path-based ingesters get the body as a file in a private temporary
// directory, removed afterwards.
static MgdStatus
ingest_via_file(MgdIngester* const ing, const char* const bytes,
                const size_t n, const char* const name,
                const char* const graph, const MgdSink* const sink)
{
  const char* const tmp = getenv("TMPDIR");
  MgdBuf            dir;
  MgdBuf            path;
  mgd_buf_init(&dir);
  mgd_buf_init(&path);
  MgdStatus st = mgd_buf_printf(&dir, "%s/mugdat-body.XXXXXX",
                                tmp && *tmp ? tmp : "/tmp");
  if (st || !mkdtemp(dir.data)) {
    mgd_buf_clear(&dir);
    return st ? st : MGD_BAD_IO;
  }
  st = mgd_buf_printf(&path, "%s/%s", dir.data,
                      body_file_name(name, bytes, n));
  FILE* const f = st ? NULL : fopen(path.data, "wb");
  if (!st && (!f || fwrite(bytes, 1U, n, f) != n)) {
    st = MGD_BAD_IO;
  }
  if (f && fclose(f) && !st) {
    st = MGD_BAD_IO;
  }
  MgdIngestKind kind = MGD_INGEST_UNKNOWN;
  st                 = st ? st : mgd_ingest_detect(path.data, &kind);
  if (!st && kind != MGD_INGEST_ROCRATE && kind != MGD_INGEST_REMBI_PAGETAB &&
      kind != MGD_INGEST_REMBI_XLSX) {
    st = MGD_BAD_UNSUPPORTED;
  }
  st = st ? st
          : mgd_ingester_ingest_path(ing, path.data, graph, sink, NULL);
  if (path.data) {
    unlink(path.data);
  }
  rmdir(dir.data);
  mgd_buf_clear(&path);
  mgd_buf_clear(&dir);
  return st;
}

MgdStatus
mgd_db_read_bytes(const char* const bytes, const size_t n,
                  const MgdDbValidateOptions* const o, const char* const base,
                  const char* const graph, const MgdSink* const sink)
{
  if (o->format != MGD_FORMAT_UNKNOWN) {
    return read_rdf(bytes, n, o, base, sink);
  }
  const MgdIngestKind kind = mgd_ingest_detect_bytes(o->name, bytes, n);
  // JSON documents and spreadsheets that only a path-based ingester reads
  // (RO-Crate, REMBI) go through a temporary file.
  size_t i = 0U;
  while (i < n && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' ||
                   bytes[i] == '\t')) {
    ++i;
  }
  const bool by_file =
    (kind == MGD_INGEST_UNKNOWN || kind == MGD_INGEST_OMERO_JSON) && i < n &&
    (bytes[i] == '{' || (bytes[i] == 'P' && i + 1U < n && bytes[i + 1U] == 'K'));
  if (!by_file && (kind == MGD_INGEST_UNKNOWN || kind == MGD_INGEST_DIRECTORY ||
                   kind == MGD_INGEST_BULKMAP_CONFIG)) {
    return MGD_BAD_UNSUPPORTED;
  }
  MgdIngestOptions iopt;
  memset(&iopt, 0, sizeof(iopt));
  iopt.data_dir      = o->data_dir;
  iopt.limits        = o->limits;
  iopt.diag          = o->diag;
  iopt.no_provenance = true;
  MgdIngester* ing   = NULL;
  MgdStatus    st    = mgd_ingester_new(&iopt, &ing);
  if (!st && by_file) {
    st = ingest_via_file(ing, bytes, n, o->name, graph, sink);
    if (st == MGD_BAD_UNSUPPORTED && kind != MGD_INGEST_UNKNOWN) {
      st = MGD_FAILURE; // not RO-Crate or REMBI: omero JSON after all
    }
  }
  if (st == MGD_FAILURE || (!st && !by_file)) {
    st = mgd_ingester_ingest_bytes(ing, kind, o->name ? o->name : "body",
                                   bytes, n, graph, sink, NULL);
  }
  mgd_ingester_free(ing);
  return st;
}

MgdStatus
mgd_db_validate_bytes(const MgdShapes* const shapes, const char* const bytes,
                      const size_t n, const MgdDbValidateOptions* const o,
                      const MgdSink* const report,
                      MgdShaclSummary* const summary)
{
  MgdMemStore* const store = mgd_memstore_new();
  MgdStatus          st    = store ? MGD_SUCCESS : MGD_BAD_ALLOC;
  const MgdSink      sink  = mgd_memstore_sink(store);
  st = st ? st
          : mgd_db_read_bytes(bytes, n, o, "urn:mugdat:validate:body",
                              VALIDATE_GRAPH, &sink);
  if (!st) {
    const MgdSource       src  = mgd_memstore_source(store);
    const MgdShaclOptions sopt = {o->diag, o->limits, NULL, o->on_result,
                                  o->result_handle};
    st = mgd_shacl_validate(shapes, &src, NULL, &sopt, report, summary);
  }
  mgd_memstore_free(store);
  return st;
}
