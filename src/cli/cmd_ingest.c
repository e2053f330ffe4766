// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat ingest: OME-XML, OMERO exports and IDR files -> one named graph per
// source, replaced atomically. Each source is one write transaction: clear
// its graph and its provenance record, insert the new quads and provenance,
// commit; any error aborts, so a graph is never half-written
// (DESIGN.md §2-3). A directory that is not an omero-cli-transfer package
// is walked and each recognised file ingested as its own source.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "ingest/ingest.h"
#include "rdf/term.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char** paths; ///< Owned
  size_t n;     ///< Used
  size_t cap;   ///< Allocated
} Sources;

static int
sources_push(Sources* const s, const char* const path)
{
  if (s->n == s->cap) {
    const size_t cap = s->cap ? 2U * s->cap : 16U;
    char** const p   = (char**)mgd_realloc(s->paths, cap * sizeof(char*));
    if (!p) {
      return -1;
    }
    s->paths = p;
    s->cap   = cap;
  }
  s->paths[s->n] = mgd_strndup(path, strlen(path));
  return s->paths[s->n++] ? 0 : -1;
}

static int
path_cmp(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

/// Add the recognised sources under `dir` (sorted, recursively).
static int
collect(const char* const dir, Sources* const out, const int depth)
{
  if (depth > 64) {
    fprintf(stderr, "%s: error: directories nested too deep\n", dir);
    return -1;
  }
  DIR* const d = opendir(dir);
  if (!d) {
    fprintf(stderr, "%s: error: cannot read directory\n", dir);
    return -1;
  }
  const size_t   first = out->n;
  struct dirent* e     = NULL;
  int            rc    = 0;
  while (!rc && (e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    MgdIngestKind kind = MGD_INGEST_UNKNOWN;
    if (mgd_ingest_detect(path, &kind)) {
      continue;
    }
    if (kind == MGD_INGEST_DIRECTORY) {
      rc = collect(path, out, depth + 1);
    } else if (kind != MGD_INGEST_UNKNOWN &&
               kind != MGD_INGEST_BULKMAP_CONFIG) {
      rc = sources_push(out, path);
    }
  }
  closedir(d);
  qsort(out->paths + first, out->n - first, sizeof(char*), path_cmp);
  return rc;
}

static bool verbose;

static void
diag_filter(void* const handle, const MgdDiag* const d)
{
  (void)handle;
  if (d->level != MGD_LEVEL_NOTE || verbose) {
    mgd_cli_diag.func(mgd_cli_diag.handle, d);
  }
}

/// Remove the provenance record of `graph` (its subjects are the graph IRI
/// and graph#source / #ingest / #sha256).
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
  static const char* const suffix[] = { "", "#source", "#ingest", "#sha256" };
  MgdIdQuad*               found    = NULL;
  size_t                   n_found = 0, cap = 0;
  for (size_t k = 0; !st && k < sizeof(suffix) / sizeof(suffix[0]); ++k) {
    MgdBuf b            = { 0 };
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
    const MgdIdQuad pat = { sid, MGD_ID_NONE, MGD_ID_NONE, pgid };
    MgdIter*        it  = NULL;
    st                  = src.vt->match(src.handle, &pat, &it);
    MgdIdQuad q;
    while (!st && src.vt->next(it, &q) == MGD_SUCCESS) {
      if (n_found == cap) {
        cap                = cap ? 2 * cap : 64;
        MgdIdQuad* const f = mgd_realloc(found, cap * sizeof(MgdIdQuad));
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
  for (size_t i = 0; !st && i < n_found; ++i) {
    st = mgd_db_write_remove(w, &found[i], NULL);
  }
  mgd_free(found);
  return st;
}

/// Make the provenance triple count exact: a streamed OME-XML document that
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
  const MgdIdQuad pat = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, gid };
  MgdIter*        it  = NULL;
  st                  = src.vt->match(src.handle, &pat, &it);
  uint64_t        n   = 0;
  MgdIdQuad       q;
  while (!st && src.vt->next(it, &q) == MGD_SUCCESS) {
    ++n;
  }
  src.vt->iter_free(it);
  if (st || n == reported) {
    return st;
  }
  char old_n[32], new_n[32];
  snprintf(old_n, sizeof(old_n), "%zu", reported);
  snprintf(new_n, sizeof(new_n), "%llu", (unsigned long long)n);
  const MgdStr  xint = mgd_str(MGD_XSD_INTEGER);
  const MgdQuad old  = {
    mgd_term_iri(mgd_str(graph)),
    mgd_term_iri(mgd_str("http://rdfs.org/ns/void#triples")),
    mgd_term_literal(mgd_str(old_n), xint, mgd_str(NULL)),
    mgd_term_iri(mgd_str(MGD_INGEST_PROVENANCE_GRAPH))
  };
  MgdIdQuad ids;
  if (mgd_source_lookup(&src, &old.s, &ids.s) ||
      mgd_source_lookup(&src, &old.p, &ids.p) ||
      mgd_source_lookup(&src, &old.o, &ids.o) ||
      mgd_source_lookup(&src, &old.g, &ids.g)) {
    return MGD_BAD_INTERNAL; // the ingester wrote it in this transaction
  }
  st = mgd_db_write_remove(w, &ids, NULL);
  MgdQuad fixed = old;
  fixed.o       = mgd_term_literal(mgd_str(new_n), xint, mgd_str(NULL));
  return st ? st : mgd_db_write_add(w, &fixed);
}

/// One source in one write transaction: replace its graph and provenance.
static MgdStatus
ingest_one(MgdDb* const db, MgdIngester* const ing, const char* const path,
           const char* const graph_opt, MgdIngestReport* const report)
{
  MgdBuf    graph = { 0 };
  MgdStatus st    = graph_opt ? mgd_buf_appendc(&graph, graph_opt)
                              : mgd_ingest_graph_iri(path, &graph);
  for (unsigned attempt = 0; !st && attempt < 8; ++attempt) {
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      break;
    }
    const MgdTerm g    = mgd_term_iri(mgd_buf_str(&graph));
    MgdId         gid  = MGD_ID_NONE;
    MgdSink*      sink = NULL;
    st                 = mgd_db_write_intern(w, &g, &gid);
    st                 = st ? st : mgd_db_write_clear_graph(w, gid, NULL);
    st                 = st ? st : clear_provenance(w, graph.data);
    st                 = st ? st : mgd_db_write_sink(w, NULL, &sink);
    st =
      st ? st : mgd_ingester_ingest_path(ing, path, graph.data, sink, report);
    if (!st && sink) {
      st = mgd_sink_end(sink);
    }
    mgd_db_sink_free(sink);
    if (!st) {
      st = fix_triple_count(w, gid, graph.data, report->n_quads);
    }
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
    if (st != MGD_BAD_FULL) {
      break; // else the map grew: redo the unit of work
    }
  }
  mgd_buf_clear(&graph);
  return st;
}

static int
ingest_usage(void)
{
  return mgd_cli_usage(
    "ingest",
    "usage: ingest --db DIR [--graph IRI] [--strict] [--data-dir DIR] "
    "[--verbose] SOURCE ...\n"
    "  SOURCE: OME-XML file, omero-cli-transfer package (dir or "
    "transfer.xml),\n"
    "  OMERO/IDR key-value CSV, idrNNNN-study.txt, IDR assays/filePaths,\n"
    "  omero-rdf Turtle, omero-marshal JSON, or a directory of those");
}

int
mgd_cmd_ingest(const int argc, char** const argv)
{
  const char* dir      = NULL;
  const char* graph    = NULL;
  const char* data_dir = NULL;
  bool        strict   = false;
  bool        bad      = false;
  Sources     src      = { NULL, 0U, 0U };
  int         code     = MGD_EXIT_OK;
  verbose              = false;
  for (int i = 1; i < argc && !bad; ++i) {
    if (mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--graph", &graph, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--data-dir", &data_dir, &bad)) {
      continue;
    }
    if (!strcmp(argv[i], "--strict")) {
      strict = true;
    } else if (!strcmp(argv[i], "--verbose")) {
      verbose = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      bad = true;
      mgd_cli_usage("ingest", "unknown option '%s'", argv[i]);
    } else {
      MgdIngestKind kind = MGD_INGEST_UNKNOWN;
      if (mgd_ingest_detect(argv[i], &kind)) {
        fprintf(stderr, "%s: error: cannot read\n", argv[i]);
        code = MGD_EXIT_BAD;
      } else if (kind == MGD_INGEST_DIRECTORY) {
        if (collect(argv[i], &src, 0)) {
          code = MGD_EXIT_BAD;
        }
      } else if (sources_push(&src, argv[i])) {
        code = MGD_EXIT_INTERNAL;
      }
    }
  }
  if (bad) {
    code = MGD_EXIT_USAGE;
  } else if (!src.n && !code) {
    code = ingest_usage();
  } else if (graph && !mgd_iri_is_valid(mgd_str(graph))) {
    code =
      mgd_cli_usage("ingest", "--graph needs an absolute IRI, got '%s'", graph);
  } else if (graph && src.n > 1) {
    code = mgd_cli_usage("ingest",
                         "--graph names one source's graph, but %zu "
                         "sources were given",
                         src.n);
  }
  const MgdDiagSink diag = { diag_filter, NULL };
  MgdDb*            db   = NULL;
  MgdIngester*      ing  = NULL;
  if (!code && src.n) {
    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  }
  if (!code && src.n) {
    MgdIngestOptions o;
    memset(&o, 0, sizeof(o));
    o.data_dir = data_dir;
    o.limits   = mgd_db_limits(db);
    o.diag     = &diag;
    o.strict   = strict;
    if (mgd_ingester_new(&o, &ing)) {
      code = MGD_EXIT_INTERNAL;
    }
  }
  const bool tty      = isatty(STDERR_FILENO);
  size_t     n_failed = 0U;
  size_t     n_quads  = 0U;
  for (size_t i = 0U; !code && i < src.n; ++i) {
    MgdIngestReport r;
    memset(&r, 0, sizeof(r));
    const MgdStatus st = ingest_one(db, ing, src.paths[i], graph, &r);
    if (st) {
      fprintf(stderr, "%s: error: not ingested (%s)\n", src.paths[i],
              mgd_strerror(st));
      const int c = mgd_cli_exit(st);
      if (c != MGD_EXIT_BAD) {
        code = c;
      }
      ++n_failed;
    } else {
      n_quads += r.n_quads;
      if (tty || verbose) {
        fprintf(stderr, "%s: %s, %zu quads, %zu warnings -> <%s>\n",
                src.paths[i], mgd_ingest_kind_name(r.kind), r.n_quads,
                r.n_warnings, r.graph ? r.graph : "");
      }
    }
  }
  if ((tty || verbose) && !code) {
    fprintf(stderr, "ingested %zu of %zu source(s), %zu quads\n",
            src.n - n_failed, src.n, n_quads);
  }
  if (!code && n_failed) {
    code = MGD_EXIT_BAD;
  }
  for (size_t i = 0U; i < src.n; ++i) {
    mgd_free(src.paths[i]);
  }
  mgd_free(src.paths);
  mgd_ingester_free(ing);
  mgd_db_close(db);
  return code;
}
