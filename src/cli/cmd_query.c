// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat query: runs one SPARQL query in one read transaction and streams
// the answer to stdout (result formats for SELECT/ASK, RDF for CONSTRUCT
// and DESCRIBE). Query text comes from the argument or from @FILE, whose
// file:// URL is then the base IRI.
//
// --repeat N runs the whole request (parse, read transaction, evaluation,
// formatting) N times in this process and prints each run's wall time to
// stderr; only the first run's answer reaches stdout, the others are
// formatted into a discarding writer. This is what in-process peers (the
// bench's Oxigraph) are timed on, without process start-up or HTTP.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "sparql/sparql.h"
#include "syntax/format.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_read.h"
#include "syntax/rdf_write.h"
#include "syntax/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT_MAX 100000UL

/// Prints `source:line:col: error: message`; the engine's messages start
/// with their own `line:col: `, which is dropped here.
static void
query_diag(void* const handle, const MgdDiag* const diag)
{
  const char* msg = diag->message ? diag->message : "";
  char        prefix[32];
  snprintf(prefix, sizeof(prefix), "%u:%u: ", diag->line, diag->col);
  if (diag->line && !strncmp(msg, prefix, strlen(prefix))) {
    msg += strlen(prefix);
  }
  fprintf(stderr, "%s:%u:%u: %s: %s\n",
          diag->source ? diag->source : (const char*)handle, diag->line,
          diag->col, diag->level == MGD_LEVEL_ERROR ? "error" : "warning", msg);
}

typedef struct {
  MgdResultsWriter* writer; ///< Output
} RowOut;

static MgdStatus
query_row(void* const handle, const MgdId* const ids,
          const MgdTerm* const terms, const size_t n)
{
  (void)ids;
  (void)n;
  return mgd_results_writer_row(((RowOut*)handle)->writer, terms);
}

/// A write function that drops the bytes (repeated runs are formatted but
/// not printed).
static MgdStatus
write_none(void* const handle, const char* const bytes, const size_t n)
{
  (void)handle;
  (void)bytes;
  (void)n;
  return MGD_SUCCESS;
}

static double
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void* const a, const void* const b)
{
  const double x = *(const double*)a;
  const double y = *(const double*)b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/// What one run needs besides the query text.
typedef struct {
  const char*         text;    ///< Query text
  size_t              n_text;  ///< Its length
  const char*         base;    ///< Base IRI or NULL
  const char*         source;  ///< Name for diagnostics
  const char*         format;  ///< --format or NULL
  MgdResultsFormat    rf;      ///< Result format
  MgdFormat           gf;      ///< Graph format
  const MgdDiagSink*  sink;    ///< Diagnostics
  MgdDb*              db;      ///< Open database
  MgdService*         svc;     ///< SERVICE policy
  bool                explain; ///< Print the plan instead of running
} QueryRun;

/// Parse, plan and evaluate once, writing the answer through `write`.
/// Returns a CLI exit code.
static int
query_once(const QueryRun* const r, const MgdWriteFunc write,
           void* const handle)
{
  MgdSparqlQuery*   q    = NULL;
  MgdDbRead*        read = NULL;
  int               code = MGD_EXIT_OK;
  MgdResultsFormat  rf   = r->rf;
  MgdFormat         gf   = r->gf;
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base        = r->base;
  popts.source_name = r->source;
  popts.diag        = r->sink;
  MgdStatus st      = mgd_sparql_parse(mgd_str_n(r->text, r->n_text), &popts,
                                       &q);
  if (st) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSparqlForm form     = mgd_sparql_query_form(q);
  const bool          is_graph = form == MGD_SPARQL_CONSTRUCT ||
                        form == MGD_SPARQL_DESCRIBE;
  if (r->format && (is_graph ? gf == MGD_FORMAT_UNKNOWN
                             : rf == MGD_RESULTS_UNKNOWN)) {
    code = mgd_cli_usage("query", "format '%s' does not fit a %s query",
                         r->format, is_graph ? "graph" : "SELECT/ASK");
    goto done;
  }
  if (!r->format) {
    rf = MGD_RESULTS_JSON;
    gf = MGD_FORMAT_TURTLE;
  }
  if ((st = mgd_db_read_begin(r->db, &read))) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSource      src = mgd_db_read_source(read);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source = &src;
  eo.limits = mgd_db_limits(r->db);
  eo.diag   = r->sink;
  // SERVICE goes through the allow list (refused without --service-allow)
  eo.service        = mgd_service_select;
  eo.service_handle = r->svc;
  if (eo.limits->query_timeout_ms) {
    eo.deadline_ms = mgd_sparql_now_ms() + eo.limits->query_timeout_ms;
  }
  if (r->explain) {
    MgdBuf plan;
    mgd_buf_init(&plan);
    st = mgd_sparql_explain(q, &eo, &plan);
    if (!st) {
      st = write(handle, plan.data ? plan.data : "", plan.len);
    }
    mgd_buf_clear(&plan);
  } else if (is_graph && gf == MGD_FORMAT_JSONLD) {
    MgdJsonldWriter*      writer = NULL;
    MgdJsonldWriteOptions jo;
    memset(&jo, 0, sizeof(jo));
    jo.form   = MGD_JSONLD_OUT_EXPANDED;
    jo.diag   = r->sink;
    jo.pretty = true;
    jo.write  = write;
    jo.handle = handle;
    st        = mgd_jsonld_writer_new(&jo, &writer);
    if (!st) {
      const MgdSink out = mgd_jsonld_writer_sink(writer);
      st                = mgd_sparql_construct(q, &eo, &out);
    }
    mgd_jsonld_writer_free(writer);
  } else if (is_graph) {
    MgdRdfWriter* writer = NULL;
    st = mgd_rdf_writer_new(gf, write, handle, &writer);
    if (st) {
      fprintf(stderr, "mugdat query: cannot write %s: %s\n", r->format,
              mgd_strerror(st));
      code = MGD_EXIT_USAGE;
      goto done;
    }
    const MgdSink out = mgd_rdf_writer_sink(writer);
    st                = mgd_sparql_construct(q, &eo, &out);
    mgd_rdf_writer_free(writer);
  } else {
    RowOut out = {NULL};
    st = mgd_results_writer_new(rf, write, handle, &out.writer);
    if (!st && form == MGD_SPARQL_ASK) {
      bool answer = false;
      st          = mgd_sparql_ask(q, &eo, &answer);
      st          = st ? st : mgd_results_writer_boolean(out.writer, answer);
    } else if (!st) {
      const size_t  n_vars = mgd_sparql_query_n_columns(q);
      MgdStr* const vars   = (MgdStr*)mgd_calloc(n_vars + 1U, sizeof(MgdStr));
      st                   = vars ? MGD_SUCCESS : MGD_BAD_ALLOC;
      for (size_t i = 0U; !st && i < n_vars; ++i) {
        vars[i] = mgd_sparql_query_column(q, i);
      }
      st = st ? st : mgd_results_writer_begin(out.writer, vars, n_vars);
      st = st ? st : mgd_sparql_select(q, &eo, query_row, &out);
      mgd_free(vars);
    }
    st = st ? st : mgd_results_writer_end(out.writer);
    mgd_results_writer_free(out.writer);
  }
  if (st) {
    if (st != MGD_BAD_TIMEOUT && st != MGD_BAD_LIMIT &&
        st != MGD_BAD_UNSUPPORTED && st != MGD_BAD_ACCESS &&
        st != MGD_BAD_IO) { // those were reported by the engine
      fprintf(stderr, "mugdat query: %s\n", mgd_strerror(st));
    }
    code = mgd_cli_exit(st);
  }
done:
  mgd_db_read_end(read);
  mgd_sparql_query_free(q);
  return code;
}

int
mgd_cmd_query(const int argc, char** const argv)
{
  const char* dir     = NULL;
  const char* format  = NULL;
  const char* base    = NULL;
  const char* text    = NULL;
  const char* repeat  = NULL;
  bool        explain = false;
  bool        bad     = false;
  MgdCliPolicy policy;
  memset(&policy, 0, sizeof(policy));
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_policy_opt(argc, argv, &i, false, &policy, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--format", &format, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--base", &base, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--repeat", &repeat, &bad)) {
      continue;
    }
    if (!strcmp(argv[i], "--explain")) {
      explain = true;
      continue;
    }
    if (text || (argv[i][0] == '-' && argv[i][1] == '-')) {
      return mgd_cli_usage("query", "unexpected argument '%s'", argv[i]);
    }
    text = argv[i];
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  if (!text) {
    return mgd_cli_usage("query", "missing query (text or @FILE)");
  }
  unsigned long n_runs = 1UL;
  if (repeat) {
    char* end = NULL;
    n_runs    = strtoul(repeat, &end, 10);
    if (!*repeat || *end || !n_runs || n_runs > REPEAT_MAX) {
      return mgd_cli_usage("query", "--repeat wants 1..%lu, not '%s'",
                           REPEAT_MAX, repeat);
    }
  }
  QueryRun r;
  memset(&r, 0, sizeof(r));
  r.rf      = MGD_RESULTS_UNKNOWN;
  r.gf      = MGD_FORMAT_UNKNOWN;
  r.format  = format;
  r.base    = base;
  r.explain = explain;
  if (format) {
    r.rf = mgd_results_format_from_name(format);
    r.gf = mgd_format_from_name(format);
    if (r.rf == MGD_RESULTS_UNKNOWN && r.gf == MGD_FORMAT_UNKNOWN) {
      return mgd_cli_usage("query", "unknown format '%s'", format);
    }
  }

  MgdCliText in;
  if (mgd_cli_text(text, "query", &in)) {
    mgd_cli_text_clear(&in);
    return MGD_EXIT_BAD;
  }
  const char* const source = in.source;
  if (!r.base && in.url.len) {
    r.base = in.url.data;
  }

  const MgdDiagSink sink  = {query_diag, (void*)source};
  double* const     times = (double*)mgd_calloc(n_runs, sizeof(double));
  int               code  = times ? MGD_EXIT_OK : MGD_EXIT_BAD;
  r.text   = in.text;
  r.n_text = in.n;
  r.source = source;
  r.sink   = &sink;
  if (!code && !(code = mgd_cli_service(&policy, &r.svc))) {
    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &r.db);
  }
  unsigned long done = 0U;
  for (; !code && done < n_runs; ++done) {
    const double t0 = now_ms();
    code = done ? query_once(&r, write_none, NULL)
                : query_once(&r, mgd_write_file, stdout);
    times[done] = now_ms() - t0;
    if (!done) {
      fflush(stdout);
    }
  }
  if (repeat && done) {
    // ms of every run, then the median and minimum over all but the first
    // (which also warms the caches) when there are more.
    const unsigned long skip = done > 1U ? 1U : 0U;
    fprintf(stderr, "query-ms:");
    for (unsigned long i = 0U; i < done; ++i) {
      fprintf(stderr, "%s%.3f", i ? "," : " ", times[i]);
    }
    qsort(times + skip, done - skip, sizeof(double), cmp_double);
    const unsigned long m = done - skip;
    const double med = m % 2U ? times[skip + m / 2U]
                              : (times[skip + m / 2U - 1U] +
                                 times[skip + m / 2U]) / 2.0;
    fprintf(stderr, "\nquery-median-ms: %.3f\nquery-min-ms: %.3f\n", med,
            times[skip]);
  }
  mgd_db_close(r.db);
  mgd_service_free(r.svc);
  mgd_free(times);
  mgd_cli_text_clear(&in);
  return code;
}
