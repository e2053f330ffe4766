// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat update: runs one SPARQL 1.1 Update request in one write
// transaction, so it applies whole or not at all. LOAD reads files only
// inside --load-dir directories and URLs only on the --service-allow list
// (src/db/service.h); SERVICE in WHERE clauses uses the same allow list.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "sparql/sparql.h"
#include "syntax/rdf_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Prints `source:line:col: error: message`, dropping the engine's own
/// `line:col: ` prefix.
static void
update_diag(void* const handle, const MgdDiag* const diag)
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

static MgdStatus
target_add(void* const handle, const MgdQuad* const quad)
{
  return mgd_db_write_add((MgdDbWrite*)handle, quad);
}

static MgdStatus
target_remove(void* const handle, const MgdIdQuad* const quad)
{
  return mgd_db_write_remove((MgdDbWrite*)handle, quad, NULL);
}

/// What LOAD needs: the write, the policy and where errors go.
typedef struct {
  MgdDbWrite*       write;   ///< The one write of the request
  const MgdService* service; ///< --load-dir / --service-allow policy
} UpdateLoad;

static MgdStatus
target_add_l(void* const handle, const MgdQuad* const quad)
{
  return target_add(((UpdateLoad*)handle)->write, quad);
}

static MgdStatus
target_remove_l(void* const handle, const MgdIdQuad* const quad)
{
  return target_remove(((UpdateLoad*)handle)->write, quad);
}

/// LOAD <file:...> (inside a --load-dir) or <http(s):...> (allow-listed).
static MgdStatus
target_load(void* const handle, const MgdStr iri, const MgdTerm* const graph,
            const MgdDiagSink* const diag)
{
  const UpdateLoad* const l = (const UpdateLoad*)handle;
  return mgd_service_load(l->service, l->write, iri, graph, diag);
}

int
mgd_cmd_update(const int argc, char** const argv)
{
  const char* dir  = NULL;
  const char* base = NULL;
  const char* text = NULL;
  bool        bad  = false;
  MgdCliPolicy policy;
  memset(&policy, 0, sizeof(policy));
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_policy_opt(argc, argv, &i, true, &policy, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--base", &base, &bad)) {
      continue;
    }
    if (text || (argv[i][0] == '-' && argv[i][1] == '-')) {
      return mgd_cli_usage("update", "unexpected argument '%s'", argv[i]);
    }
    text = argv[i];
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  if (!text) {
    return mgd_cli_usage("update", "missing update (text or @FILE)");
  }
  MgdCliText in;
  if (mgd_cli_text(text, "update", &in)) {
    mgd_cli_text_clear(&in);
    return MGD_EXIT_BAD;
  }
  const char* const source = in.source;
  if (!base && in.url.len) {
    base = in.url.data;
  }
  const MgdDiagSink     sink = {update_diag, (void*)source};
  MgdSparqlUpdate*      u    = NULL;
  MgdDb*                db   = NULL;
  MgdService*           svc  = NULL;
  int                   code = MGD_EXIT_OK;
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base        = base;
  popts.source_name = source;
  popts.diag        = &sink;
  MgdStatus st = mgd_sparql_update_parse(mgd_str_n(in.text, in.n), &popts, &u);
  if (st) {
    code = mgd_cli_exit(st);
    goto done;
  }
  if ((code = mgd_cli_service(&policy, &svc)) ||
      (code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db))) {
    goto done;
  }
  // One write transaction; redone once if the map had to grow.
  for (int attempt = 0; attempt < 3; ++attempt) {
    MgdDbWrite* w = NULL;
    if ((st = mgd_db_write_begin(db, &w))) {
      break;
    }
    const MgdSource             src = mgd_db_write_source(w);
    UpdateLoad                  l   = {w, svc};
    const MgdSparqlUpdateTarget t   = {&l, target_add_l, target_remove_l,
                                       target_load};
    MgdSparqlExecOptions        eo;
    memset(&eo, 0, sizeof(eo));
    eo.source = &src;
    eo.limits = mgd_db_limits(db);
    eo.diag           = &sink;
    eo.service        = mgd_service_select;
    eo.service_handle = svc;
    if (eo.limits->query_timeout_ms) {
      eo.deadline_ms = mgd_sparql_now_ms() + eo.limits->query_timeout_ms;
    }
    st = mgd_sparql_update_run(u, &eo, &t);
    if (st) {
      mgd_db_write_abort(w);
    } else {
      st = mgd_db_write_commit(w);
    }
    if (st != MGD_BAD_FULL) {
      break;
    }
  }
  if (st) {
    if (st != MGD_BAD_TIMEOUT && st != MGD_BAD_LIMIT &&
        st != MGD_BAD_UNSUPPORTED && st != MGD_BAD_DATA &&
        st != MGD_BAD_ACCESS && st != MGD_BAD_IO && st != MGD_BAD_SYNTAX) {
      fprintf(stderr, "mugdat update: %s\n", mgd_strerror(st));
    }
    code = mgd_cli_exit(st);
  }
done:
  mgd_db_close(db);
  mgd_service_free(svc);
  mgd_sparql_update_free(u);
  mgd_cli_text_clear(&in);
  return code;
}
