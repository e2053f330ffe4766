// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat ingest: OME-XML, OMERO exports, IDR files, REMBI, RO-Crate and
// mmDS directories -> one named graph per source, replaced atomically
// (mgd_db_ingest_path: one write transaction per source, DESIGN.md §2-3).
// A directory that no ingester claims as a whole is walked and each
// recognised file ingested as its own source. With --validate the shapes
// are compiled once and every source's graph is validated before commit;
// the result goes to the provenance graph, and --require-valid refuses a
// source that does not conform (its report is printed as text).

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "db/db_ingest.h"
#include "ingest/ingest.h"
#include "rdf/term.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// Sources an ingester claims (a directory may be one, e.g. BIDS or ARC);
// plain directories are walked.
static MgdCliWalk
ingest_classify(const char* const path, const bool is_dir)
{
  (void)is_dir;
  MgdIngestKind kind = MGD_INGEST_UNKNOWN;
  if (mgd_ingest_detect(path, &kind)) {
    return MGD_CLI_SKIP;
  }
  if (kind == MGD_INGEST_DIRECTORY) {
    return MGD_CLI_DESCEND;
  }
  return kind != MGD_INGEST_UNKNOWN && kind != MGD_INGEST_BULKMAP_CONFIG
           ? MGD_CLI_TAKE
           : MGD_CLI_SKIP;
}

static bool verbose;

/// Progress of the source being ingested (terminal only).
typedef struct {
  const char* path;  ///< Source
  double      start; ///< When it started (s)
  double      last;  ///< Last report (s)
  bool        shown; ///< A progress line is on the screen
} Progress;

static double
now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// Like `mugdat load`'s: one line, rewritten at most twice a second, for
// sources that take a while (big OME-XML files).
static void
progress_report(void* const handle, const uint64_t bytes,
                const uint64_t total, const uint64_t n_quads)
{
  Progress* const p = (Progress*)handle;
  const double    t   = now_seconds();
  const bool      end = total && bytes >= total;
  if ((t - p->last < 0.5 && !end) || (end && !p->shown)) {
    return; // the end is shown only after a progress line (a slow source)
  }
  p->last          = t;
  p->shown         = true;
  const double mb  = (double)bytes / 1e6;
  const double dt  = t - p->start > 0.0 ? t - p->start : 1e-9;
  if (end) {
    fprintf(stderr, "\r  %s: read %.0f MB, %llu quads; writing the store...   ",
            p->path, mb, (unsigned long long)n_quads);
  } else if (total) {
    fprintf(stderr,
            "\r  %s: %.0f%% (%.0f of %.0f MB), %llu quads, %.1f MB/s   ",
            p->path, 100.0 * (double)bytes / (double)total, mb,
            (double)total / 1e6, (unsigned long long)n_quads, mb / dt);
  } else {
    fprintf(stderr, "\r  %s: %.0f MB, %llu quads, %.1f MB/s   ", p->path, mb,
            (unsigned long long)n_quads, mb / dt);
  }
  fflush(stderr);
}

static void
diag_filter(void* const handle, const MgdDiag* const d)
{
  (void)handle;
  if (d->level != MGD_LEVEL_NOTE || verbose) {
    mgd_cli_diag.func(mgd_cli_diag.handle, d);
  }
}

static int
ingest_usage(void)
{
  return mgd_cli_usage(
    "ingest",
    "usage: ingest --db DIR [--graph IRI] [--strict] [--data-dir DIR] "
    "[--keep-going] [--checksums]\n"
    "              [--validate NAME|FILE [--require-valid]] [--verbose] "
    "SOURCE ...\n"
    "  SOURCE: OME-XML file, omero-cli-transfer package (dir or "
    "transfer.xml),\n"
    "  OMERO/IDR key-value CSV, idrNNNN-study.txt, IDR assays/filePaths,\n"
    "  omero-rdf Turtle, omero-marshal JSON, REMBI PageTab/xlsx, RO-Crate,\n"
    "  BIDS or ARC directory, or a directory of those");
}

static MgdStr
local_name(const MgdStr iri)
{
  size_t i = iri.len;
  while (i > 0U && iri.ptr[i - 1U] != '#' && iri.ptr[i - 1U] != '/') {
    --i;
  }
  return mgd_str_n(iri.ptr + i, iri.len - i);
}

/// Prints each validation result of a refused source as one text line.
static MgdStatus
print_result(void* const handle, const MgdShaclResult* const r)
{
  const char* const path = (const char*)handle;
  MgdBuf            out;
  mgd_buf_init(&out);
  const MgdStr sev  = local_name(r->severity.value);
  const MgdStr comp = local_name(r->component);
  MgdStatus    st   = mgd_buf_printf(&out, "%s: %.*s: ", path, (int)sev.len,
                                     sev.ptr);
  st = st ? st : mgd_term_write_nt(&out, &r->focus);
  if (!st && r->path.len) {
    st = mgd_buf_printf(&out, " %.*s", (int)r->path.len, r->path.ptr);
  }
  if (!st && r->n_messages) {
    st = mgd_buf_printf(&out, ": %.*s", (int)r->messages[0].value.len,
                        r->messages[0].value.ptr);
  }
  if (!st && r->value.kind != MGD_TERM_NONE) {
    st = mgd_buf_appendc(&out, " (value ");
    st = st ? st : mgd_term_write_nt(&out, &r->value);
    st = st ? st : mgd_buf_appendc(&out, ")");
  }
  st = st ? st
          : mgd_buf_printf(&out, " [%.*s]\n", (int)comp.len, comp.ptr);
  if (!st) {
    fwrite(out.data, 1U, out.len, stdout);
  }
  mgd_buf_clear(&out);
  return st;
}

/// Compile the --validate shapes; returns an exit status.
static int
load_shapes(const char* const arg, MgdShapes** const shapes, MgdBuf* const iri)
{
  MgdBuf          path;
  mgd_buf_init(&path);
  MgdStatus st = mgd_db_shapes_find(arg, true, &path);
  if (st == MGD_FAILURE) {
    fprintf(stderr,
            "mugdat ingest: error: no shapes named '%s' (looked for %s.ttl "
            "in $MUGDAT_SHAPES_DIR, $MUGDAT_SRCDIR/shapes and the data "
            "directory)\n",
            arg, arg);
    mgd_buf_clear(&path);
    return MGD_EXIT_BAD;
  }
  st = st ? st : mgd_db_shapes_load(path.data, &mgd_cli_diag, NULL, shapes);
  st = st ? st : mgd_db_shapes_iri(arg, iri);
  mgd_buf_clear(&path);
  return st ? mgd_cli_exit(st) : MGD_EXIT_OK;
}

int
mgd_cmd_ingest(const int argc, char** const argv)
{
  const char* dir      = NULL;
  const char* graph    = NULL;
  const char* data_dir = NULL;
  const char* validate = NULL;
  bool        strict   = false;
  bool        keep     = false;
  bool        sums     = false;
  bool        require  = false;
  bool        bad      = false;
  MgdCliPaths src      = {NULL, 0U, 0U};
  int         code     = MGD_EXIT_OK;
  verbose              = false;
  for (int i = 1; i < argc && !bad; ++i) {
    if (mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--graph", &graph, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--data-dir", &data_dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--validate", &validate, &bad)) {
      continue;
    }
    if (!strcmp(argv[i], "--strict")) {
      strict = true;
    } else if (!strcmp(argv[i], "--verbose")) {
      verbose = true;
    } else if (!strcmp(argv[i], "--keep-going")) {
      keep = true;
    } else if (!strcmp(argv[i], "--checksums")) {
      sums = true;
    } else if (!strcmp(argv[i], "--require-valid")) {
      require = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      bad = true;
      mgd_cli_usage("ingest", "unknown option '%s'", argv[i]);
    } else {
      MgdIngestKind kind = MGD_INGEST_UNKNOWN;
      if (mgd_ingest_detect(argv[i], &kind)) {
        fprintf(stderr, "%s: error: cannot read\n", argv[i]);
        code = MGD_EXIT_BAD;
      } else if (kind == MGD_INGEST_DIRECTORY) {
        if (mgd_cli_collect(argv[i], ingest_classify, &src)) {
          code = MGD_EXIT_BAD;
        }
      } else if (mgd_cli_paths_push(&src, argv[i])) {
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
  } else if (require && !validate) {
    code = mgd_cli_usage("ingest", "--require-valid needs --validate");
  }
  const MgdDiagSink diag = {diag_filter, NULL};
  MgdDb*            db   = NULL;
  MgdIngester*      ing  = NULL;
  MgdShapes*        shapes = NULL;
  MgdBuf            shapes_iri;
  mgd_buf_init(&shapes_iri);
  if (!code && src.n && validate) {
    code = load_shapes(validate, &shapes, &shapes_iri);
  }
  if (!code && src.n) {
    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  }
  Progress progress = {NULL, 0.0, 0.0, false};
  if (!code && src.n) {
    MgdIngestOptions o;
    memset(&o, 0, sizeof(o));
    o.data_dir   = data_dir;
    o.limits     = mgd_db_limits(db);
    o.diag       = &diag;
    o.strict     = strict;
    o.keep_going = keep;
    o.checksums  = sums;
    if (isatty(STDERR_FILENO)) {
      o.progress        = progress_report;
      o.progress_handle = &progress;
    }
    if (mgd_ingester_new(&o, &ing)) {
      code = MGD_EXIT_INTERNAL;
    }
  }
  const bool tty      = isatty(STDERR_FILENO);
  size_t     n_failed = 0U;
  size_t     n_quads  = 0U;
  for (size_t i = 0U; !code && i < src.n; ++i) {
    MgdDbIngestOptions o;
    memset(&o, 0, sizeof(o));
    o.ingester      = ing;
    o.graph         = graph;
    o.shapes        = shapes;
    o.shapes_iri    = shapes ? shapes_iri.data : NULL;
    o.require_valid = require;
    o.diag          = &mgd_cli_diag;
    o.on_result     = require ? print_result : NULL;
    o.result_handle = src.paths[i];
    MgdDbIngestReport r;
    progress.path        = src.paths[i];
    progress.start       = now_seconds();
    progress.last        = progress.start;
    progress.shown       = false;
    const MgdStatus   st = mgd_db_ingest_path(db, src.paths[i], &o, &r);
    if (progress.shown) {
      fputs("\r\033[K", stderr); // clear the progress line
    }
    if (r.validated && !r.summary.conforms) {
      fprintf(stderr,
              "%s: %s: does not conform to %s: %llu results (%llu "
              "violations, %llu warnings, %llu infos)\n",
              src.paths[i], r.refused ? "error" : "warning", validate,
              (unsigned long long)r.summary.n_results,
              (unsigned long long)r.summary.n_violation,
              (unsigned long long)r.summary.n_warning,
              (unsigned long long)r.summary.n_info);
    }
    if (st) {
      fprintf(stderr, "%s: error: not ingested (%s)\n", src.paths[i],
              r.refused ? "does not conform to the shapes" : mgd_strerror(st));
      const int c = mgd_cli_exit(st);
      if (c != MGD_EXIT_BAD) {
        code = c;
      }
      ++n_failed;
    } else {
      n_quads += r.ingest.n_quads;
      if (tty || verbose) {
        fprintf(stderr, "%s: %s, %zu quads, %zu warnings -> <%s>%s\n",
                src.paths[i], mgd_ingest_kind_name(r.ingest.kind),
                r.ingest.n_quads, r.ingest.n_warnings,
                r.ingest.graph ? r.ingest.graph : "",
                !r.validated         ? ""
                : r.summary.conforms ? ", conforms"
                                     : ", does not conform");
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
  mgd_cli_paths_clear(&src);
  mgd_ingester_free(ing);
  mgd_shacl_free(shapes);
  mgd_buf_clear(&shapes_iri);
  mgd_db_close(db);
  return code;
}
