// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat load: files, directories (recursively, by extension) and stdin.
// Default: one transaction per file, so a bad file is reported and skipped
// while the others load; --atomic loads everything in one transaction.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "base/str.h"
#include "rdf/term.h"
#include "syntax/format.h"
#include "syntax/jsonld.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

// RDF files by extension; .json only when named (most are not JSON-LD).
static MgdCliWalk
load_classify(const char* const path, const bool is_dir)
{
  if (is_dir) {
    return MGD_CLI_DESCEND;
  }
  const size_t n       = strlen(path);
  const bool   is_json = n > 5U && !strcmp(path + n - 5U, ".json");
  return mgd_format_from_path(path) != MGD_FORMAT_UNKNOWN && !is_json
           ? MGD_CLI_TAKE
           : MGD_CLI_SKIP;
}

typedef struct {
  double start; ///< Start time (s)
  double last;  ///< Last report (s)
} Progress;

static double
now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress_report(void* const handle, const uint64_t n_quads)
{
  Progress* const p = (Progress*)handle;
  const double    t = now_seconds();
  if (t - p->last >= 0.5) {
    p->last = t;
    fprintf(stderr, "\r  %llu quads, %.0f quads/s   ",
            (unsigned long long)n_quads, (double)n_quads / (t - p->start));
    fflush(stderr);
  }
}

static int
load_usage(void)
{
  return mgd_cli_usage(
    "load",
    "usage: load --db DIR [--graph IRI] [--replace] [--format F] [--base IRI] "
    "[--atomic] [--context-map URL_PREFIX=DIR] [--expand-context FILE] "
    "[--processing-mode M] [--rdf-direction D] [--generalized-rdf] [--strict] "
    "FILE|DIR|- ...");
}

int
mgd_cmd_load(const int argc, char** const argv)
{
  const char* dir    = NULL;
  const char* graph  = NULL;
  const char* format = NULL;
  const char* base   = NULL;
  bool        atomic = false;
  bool        replace = false;
  bool        bad    = false;
  MgdCliPaths inputs = {NULL, 0U, 0U};
  int         code   = MGD_EXIT_OK;
  size_t      n_failed = 0U;
  MgdJsonldOptions jsonld;
  mgd_jsonld_options_init(&jsonld);
  char contexts[4096];
  mgd_cli_data_dir("contexts", "ontologies/contexts", contexts, sizeof(contexts));
  mgd_jsonld_options_set(&jsonld, "contexts-dir", contexts);
  static const char* const jsonld_opts[] = {
    "processing-mode", "expand-context", "rdf-direction", "context-map",
    "contexts-dir"};
  for (int i = 1; i < argc && !bad; ++i) {
    bool is_jsonld = false;
    for (size_t j = 0U; !is_jsonld && j < sizeof(jsonld_opts) / sizeof(jsonld_opts[0]); ++j) {
      char        flag[64];
      const char* value = NULL;
      snprintf(flag, sizeof(flag), "--%s", jsonld_opts[j]);
      if (mgd_cli_opt(argc, argv, &i, flag, &value, &bad)) {
        is_jsonld = true;
        if (!bad && mgd_jsonld_options_set(&jsonld, jsonld_opts[j], value)) {
          bad = true;
          mgd_cli_usage("load", "bad value '%s' for %s", value, flag);
        }
      }
    }
    if (is_jsonld) {
      continue;
    }
    if (!strcmp(argv[i], "--generalized-rdf") || !strcmp(argv[i], "--strict")) {
      mgd_jsonld_options_set(&jsonld, argv[i] + 2, "true");
      continue;
    }
    if (mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--graph", &graph, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--format", &format, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--base", &base, &bad)) {
      continue;
    }
    if (!strcmp(argv[i], "--atomic")) {
      atomic = true;
    } else if (!strcmp(argv[i], "--replace")) {
      replace = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      bad = true;
      mgd_cli_usage("load", "unknown option '%s'", argv[i]);
    } else {
      struct stat sb;
      if (strcmp(argv[i], "-") && !stat(argv[i], &sb) && S_ISDIR(sb.st_mode)) {
        if (mgd_cli_collect(argv[i], load_classify, &inputs)) {
          code = MGD_EXIT_BAD;
        }
      } else if (mgd_cli_paths_push(&inputs, argv[i])) {
        code = MGD_EXIT_INTERNAL;
      }
    }
  }
  MgdLoadOptions opts;
  memset(&opts, 0, sizeof(opts));
  const MgdTerm graph_term = mgd_term_iri(mgd_str(graph));
  if (bad || !inputs.n) {
    code = bad ? MGD_EXIT_USAGE : load_usage();
  } else if (format && !(opts.read.format = mgd_format_from_name(format))) {
    code = mgd_cli_usage("load", "unknown format '%s' (nt nq ttl trig rdf jsonld)",
                         format);
  } else if (graph && !mgd_iri_is_valid(graph_term.value)) {
    code = mgd_cli_usage("load", "--graph needs an absolute IRI, got '%s'", graph);
  }
  if (replace && !graph && !code) {
    code = mgd_cli_usage("load", "--replace needs --graph");
  }
  MgdDb* db = NULL;
  if (!code) {
    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  }
  opts.read.base   = base;
  opts.read.diag   = &mgd_cli_diag;
  opts.read.jsonld = &jsonld;
  opts.read.limits = db ? mgd_db_limits(db) : NULL;
  opts.graph       = graph ? &graph_term : NULL;
  opts.replace     = replace;
  opts.progress    = isatty(STDERR_FILENO) ? progress_report : NULL;
  const bool tty   = isatty(STDERR_FILENO);
  MgdDbWrite* w    = NULL;
  if (!code && atomic && mgd_db_write_begin(db, &w)) {
    code = MGD_EXIT_INTERNAL;
  }
  uint64_t total = 0U;
  for (size_t i = 0U; !code && i < inputs.n; ++i) {
    const char* const path = inputs.paths[i];
    uint64_t          n    = 0U;
    MgdStatus         st   = MGD_SUCCESS;
    Progress          p = {now_seconds(), now_seconds()};
    opts.progress_handle = &p;
    if (atomic) {
      st = mgd_db_write_load_path(w, path, &opts, &n);
    } else {
      st = mgd_db_load_path(db, path, &opts, &n);
    }
    if (st) {
      fprintf(stderr, "%s: error: not loaded (%s)\n", path, mgd_strerror(st));
      code = mgd_cli_exit(st);
      if (!atomic && code == MGD_EXIT_BAD) {
        code = 0; // other files still load; the exit status says one failed
        ++n_failed;
      }
    } else {
      total += n;
      if (tty) {
        fprintf(stderr, "\r%s: %llu quads in %.1f s          \n", path,
                (unsigned long long)n, now_seconds() - p.start);
      }
    }
  }
  if (w) {
    if (code) {
      mgd_db_write_abort(w);
    } else {
      const MgdStatus st = mgd_db_write_commit(w);
      code               = mgd_cli_exit(st);
    }
  }
  if (tty && !code) {
    fprintf(stderr, "loaded %llu quads from %zu file(s)\n",
            (unsigned long long)total, inputs.n);
  }
  if (!code && n_failed) {
    code = MGD_EXIT_BAD;
  }
  mgd_cli_paths_clear(&inputs);
  mgd_jsonld_options_clear(&jsonld);
  mgd_db_close(db);
  return code;
}
