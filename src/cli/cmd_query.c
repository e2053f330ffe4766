// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat query: runs one SPARQL query in one read transaction and streams
// the answer to stdout (result formats for SELECT/ASK, RDF for CONSTRUCT
// and DESCRIBE). Query text comes from the argument or from @FILE, whose
// file:// URL is then the base IRI.

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
#include <string.h>

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

static char*
read_all(const char* const path, size_t* const n)
{
  FILE* const f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    return NULL;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  char   chunk[8192];
  size_t got = 0U;
  while ((got = fread(chunk, 1U, sizeof(chunk), f)) > 0U) {
    if (mgd_buf_append(&buf, chunk, got)) {
      mgd_buf_clear(&buf);
      break;
    }
  }
  if (f != stdin) {
    fclose(f);
  }
  *n = buf.len;
  return buf.data ? buf.data : mgd_strndup("", 0U);
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

int
mgd_cmd_query(const int argc, char** const argv)
{
  const char* dir    = NULL;
  const char* format = NULL;
  const char* base   = NULL;
  const char* text   = NULL;
  bool        bad    = false;
  MgdCliPolicy policy;
  memset(&policy, 0, sizeof(policy));
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_policy_opt(argc, argv, &i, false, &policy, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--format", &format, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--base", &base, &bad)) {
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
  MgdResultsFormat rf = MGD_RESULTS_UNKNOWN;
  MgdFormat        gf = MGD_FORMAT_UNKNOWN;
  if (format) {
    rf = mgd_results_format_from_name(format);
    gf = mgd_format_from_name(format);
    if (rf == MGD_RESULTS_UNKNOWN && gf == MGD_FORMAT_UNKNOWN) {
      return mgd_cli_usage("query", "unknown format '%s'", format);
    }
  }

  char*       owned  = NULL;
  size_t      n_text = strlen(text);
  const char* source = "query";
  MgdBuf      url;
  mgd_buf_init(&url);
  if (text[0] == '@') {
    source = text + 1;
    owned  = read_all(source, &n_text);
    if (!owned) {
      perror(source);
      return MGD_EXIT_BAD;
    }
    text = owned;
    if (!base && strcmp(source, "-") &&
        !mgd_path_to_file_url(source, &url)) {
      base = url.data;
    }
  }

  const MgdDiagSink sink = {query_diag, (void*)source};
  MgdSparqlQuery*   q    = NULL;
  MgdDb*            db   = NULL;
  MgdDbRead*        read = NULL;
  MgdService*       svc  = NULL;
  int               code = MGD_EXIT_OK;
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base        = base;
  popts.source_name = source;
  popts.diag        = &sink;
  MgdStatus st      = mgd_sparql_parse(mgd_str_n(text, n_text), &popts, &q);
  if (st) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSparqlForm form     = mgd_sparql_query_form(q);
  const bool          is_graph = form == MGD_SPARQL_CONSTRUCT ||
                        form == MGD_SPARQL_DESCRIBE;
  if (format && (is_graph ? gf == MGD_FORMAT_UNKNOWN
                          : rf == MGD_RESULTS_UNKNOWN)) {
    code = mgd_cli_usage("query", "format '%s' does not fit a %s query",
                         format, is_graph ? "graph" : "SELECT/ASK");
    goto done;
  }
  if (!format) {
    rf = MGD_RESULTS_JSON;
    gf = MGD_FORMAT_TURTLE;
  }
  if ((code = mgd_cli_service(&policy, &svc)) ||
      (code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db))) {
    goto done;
  }
  if ((st = mgd_db_read_begin(db, &read))) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSource      src = mgd_db_read_source(read);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source = &src;
  eo.limits = mgd_db_limits(db);
  eo.diag   = &sink;
  // SERVICE goes through the allow list (refused without --service-allow)
  eo.service        = mgd_service_select;
  eo.service_handle = svc;
  if (eo.limits->query_timeout_ms) {
    eo.deadline_ms = mgd_sparql_now_ms() + eo.limits->query_timeout_ms;
  }
  if (is_graph && gf == MGD_FORMAT_JSONLD) {
    MgdJsonldWriter*      writer = NULL;
    MgdJsonldWriteOptions jo;
    memset(&jo, 0, sizeof(jo));
    jo.form   = MGD_JSONLD_OUT_EXPANDED;
    jo.diag   = &sink;
    jo.pretty = true;
    jo.write  = mgd_write_file;
    jo.handle = stdout;
    st        = mgd_jsonld_writer_new(&jo, &writer);
    if (!st) {
      const MgdSink out = mgd_jsonld_writer_sink(writer);
      st                = mgd_sparql_construct(q, &eo, &out);
    }
    mgd_jsonld_writer_free(writer);
  } else if (is_graph) {
    MgdRdfWriter* writer = NULL;
    st = mgd_rdf_writer_new(gf, mgd_write_file, stdout, &writer);
    if (st) {
      fprintf(stderr, "mugdat query: cannot write %s: %s\n", format,
              mgd_strerror(st));
      code = MGD_EXIT_USAGE;
      goto done;
    }
    const MgdSink out = mgd_rdf_writer_sink(writer);
    st                = mgd_sparql_construct(q, &eo, &out);
    mgd_rdf_writer_free(writer);
  } else {
    RowOut out = {NULL};
    st = mgd_results_writer_new(rf, mgd_write_file, stdout, &out.writer);
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
  fflush(stdout);
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
  mgd_db_close(db);
  mgd_service_free(svc);
  mgd_sparql_query_free(q);
  mgd_buf_clear(&url);
  mgd_free(owned);
  return code;
}
