// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// POST /crosswalk?to=PROFILE[&from=PROFILE][&drop=1][&name=FILE]
// (DESIGN.md §6, §7): the body, a record, rewritten into a profile's
// vocabulary (src/crosswalk/crosswalk.h). Read-only: no token, nothing
// stored. The route has no streamed body, so server.c gives it a work slot
// (like /validate) and caps the body at max_body_bytes (413).
//
// The body is RDF when its Content-Type names an RDF syntax (Turtle,
// N-Triples, N-Quads, TriG, RDF/XML, JSON-LD); a source MUGDAT ingests
// (OME-XML, OMERO/IDR tables, omero JSON, RO-Crate, REMBI PageTab or
// spreadsheet) when it is sent as JSON, XML, text, a spreadsheet, octet
// stream or without a type; any other type is 415. The answer is the
// crosswalked graph by Accept (Turtle first, N-Triples, JSON-LD, RDF/XML,
// N-Quads, TriG; with to=datacite also DataCite Metadata Schema JSON when
// application/vnd.datacite.datacite+json is asked for by name); the counts
// travel in the `Crosswalk-Counts` header, never
// in the body. Unknown profile: 400 listing the profiles; bad body: 400
// with `name:line:col`; no acceptable type: 406.

#include "emit.h"
#include "server_impl.h"

#include "crosswalk/crosswalk.h"
#include "db/db_ingest.h"
#include "rdf/memstore.h"
#include "syntax/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/// Content-Types read as an ingest source (detected from the bytes).
static const char* const source_types[] = {
  "application/json",
  "application/xml",
  "text/xml",
  "text/plain",
  "text/csv",
  "text/tab-separated-values",
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/x-yaml",
};

/// DataCite Metadata Schema JSON (DataCite's content type for it).
#define DATACITE_JSON "application/vnd.datacite.datacite+json"

/// A query parameter as a NUL-terminated string in the arena, or NULL.
static const char*
param(MgdRequest* const request, const char* const key)
{
  const MgdStr* const v = mgd_form_get(&request->query, key);
  if (!v || !v->len || memchr(v->ptr, '\0', v->len)) {
    return NULL;
  }
  return mgd_arena_strndup(request->arena, v->ptr, v->len);
}

/// Writes crosswalked triples through an emitter into the response body.
typedef struct {
  MgdEmitter emitter;
  MgdBuf*    out;
} BodyOut;

static MgdStatus
body_quad(void* const handle, const MgdQuad* const quad)
{
  BodyOut* const b = (BodyOut*)handle;
  return mgd_emit_quad(&b->emitter, quad, b->out);
}

static void
bad_body(MgdRequest* const request, MgdResponse* const response,
         const MgdStatus st, const char* const type, const char* const name,
         const MgdHttpDiag* const diag)
{
  char detail[1400];
  if (st == MGD_BAD_UNSUPPORTED) {
    snprintf(detail, sizeof(detail),
             "the body is neither RDF (by Content-Type '%.60s') nor a "
             "recognised source (OME-XML, OMERO/IDR file, omero JSON, "
             "RO-Crate, REMBI)%s%s",
             type[0] ? type : "(none)", diag->message[0] ? ": " : "",
             diag->message);
    mgd_http_problem(request, response, 400U, detail);
  } else if (st == MGD_BAD_SYNTAX || st == MGD_BAD_DATA ||
             st == MGD_BAD_ACCESS) {
    snprintf(detail, sizeof(detail), "%s:%s", name,
             diag->message[0] ? diag->message : mgd_strerror(st));
    mgd_http_problem(request, response, 400U, detail);
  } else {
    mgd_http_problem_st(request, response, st,
                        diag->message[0] ? diag->message : NULL);
  }
}

// Reads the body into `store` by its Content-Type. False after filling
// `response` with an error.
static bool
read_body(MgdRequest* const request, MgdResponse* const response,
          MgdMemStore* const store)
{
  const MgdStr ct        = request->content_type;
  char         type[128] = "";
  if (ct.len && ct.len < sizeof(type)) {
    memcpy(type, ct.ptr, ct.len);
    type[ct.len] = '\0';
  }
  const MgdFormat format = memchr(type, '/', strlen(type))
                             ? mgd_format_from_name(type)
                             : MGD_FORMAT_UNKNOWN;
  bool is_source = !type[0];
  for (size_t i = 0U; !is_source && format == MGD_FORMAT_UNKNOWN &&
                      i < sizeof(source_types) / sizeof(source_types[0]);
       ++i) {
    is_source = !strcmp(type, source_types[i]);
  }
  if (format == MGD_FORMAT_UNKNOWN && !is_source) {
    char detail[300];
    snprintf(detail, sizeof(detail),
             "cannot read Content-Type '%.80s': send RDF (text/turtle, "
             "application/n-triples, application/ld+json, "
             "application/rdf+xml, ...) or a source as application/json, "
             "application/xml or text/plain",
             type[0] ? type : "?");
    mgd_http_problem(request, response, 415U, detail);
    return false;
  }
  const char* const given = param(request, "name");
  const char* const name  = given && strlen(given) < 200U ? given : "body";
  MgdHttpDiag       diag  = {MGD_SUCCESS, {0}};
  const MgdDiagSink dsink = {mgd_http_diag_capture, &diag};
  const MgdSink     sink  = mgd_memstore_sink(store);
  MgdDbValidateOptions o;
  memset(&o, 0, sizeof(o));
  o.format           = format;
  o.name             = name;
  o.diag             = &dsink;
  const MgdStatus st = mgd_db_read_bytes(request->body.ptr, request->body.len,
                                         &o, "urn:mugdat:crosswalk:body",
                                         "urn:mugdat:crosswalk:body", &sink);
  if (st) {
    bad_body(request, response, st, type, name, &diag);
    return false;
  }
  return true;
}

static void
counts_header(MgdRequest* const request, MgdResponse* const response,
              const MgdCrosswalkReport* const r)
{
  char       text[300];
  const int  n = snprintf(
    text, sizeof(text),
    "in=%llu, mapped=%llu, kept=%llu, unmapped=%llu, rule-triples=%llu, "
    "rules=%zu, out=%llu",
    (unsigned long long)r->n_in, (unsigned long long)r->n_mapped,
    (unsigned long long)r->n_kept, (unsigned long long)r->n_unmapped,
    (unsigned long long)r->n_rule, r->n_rules, (unsigned long long)r->n_out);
  const char* const v =
    n > 0 ? mgd_arena_strndup(request->arena, text, (size_t)n) : NULL;
  if (v) {
    mgd_http_header(response, "Crosswalk-Counts", v);
  }
}

// Loads the profiles named by to= and from= (400 if unknown or missing).
static MgdCrosswalk*
crosswalk_get(MgdRequest* const request, MgdResponse* const response)
{
  MgdHttpDiag       diag  = {MGD_SUCCESS, {0}};
  const MgdDiagSink dsink = {mgd_http_diag_capture, &diag};
  const char* const to    = param(request, "to");
  if (!to) {
    MgdBuf list;
    mgd_buf_init(&list);
    const MgdStatus st = mgd_crosswalk_profiles(NULL, NULL, &list);
    char            detail[600];
    snprintf(detail, sizeof(detail),
             "give the target profile as ?to=PROFILE (profiles: %s)",
             st ? "?" : list.data);
    mgd_buf_clear(&list);
    mgd_http_problem(request, response, 400U, detail);
    return NULL;
  }
  MgdCrosswalkOptions o;
  memset(&o, 0, sizeof(o));
  o.to             = to;
  o.from           = param(request, "from");
  o.diag           = &dsink;
  MgdCrosswalk* xw = NULL;
  const MgdStatus st = mgd_crosswalk_new(&o, &xw);
  if (st == MGD_FAILURE) {
    // The diagnostic is "unknown profile 'x' (profiles: a, b, ...)".
    mgd_http_problem(request, response, 400U, diag.message);
  } else if (st) {
    mgd_http_problem(request, response, 500U,
                     diag.message[0] ? diag.message
                                     : "cannot load the crosswalk mappings");
  }
  return xw;
}

void
mgd_ep_crosswalk(MgdServer* const   server,
                 MgdRequest* const  request,
                 MgdResponse* const response)
{
  (void)server;
  if (request->method != MGD_HTTP_POST) {
    mgd_http_problem(request, response, 405U, "use POST");
    return;
  }
  const char* const*   types   = NULL;
  const MgdEmitFormat* formats = NULL;
  const size_t         n       = mgd_emit_offers(true, &types, &formats);
  const int            k       = mgd_conneg_choose(request->accept, types, n);
  // DataCite JSON only when asked for by name (and only for to=datacite).
  const bool dc_json =
    mgd_conneg_quality(request->accept, DATACITE_JSON, true) >
    (k < 0 ? 0U : mgd_conneg_quality(request->accept, types[k], true));
  if (k < 0 && !dc_json) {
    mgd_http_problem(request, response, 406U,
                     "offered: text/turtle, application/n-triples, "
                     "application/ld+json, application/rdf+xml, "
                     "application/n-quads, application/trig");
    return;
  }
  MgdCrosswalk* const xw = crosswalk_get(request, response);
  if (!xw) {
    return;
  }
  const char* const to = param(request, "to");
  if (dc_json && strcmp(to, "datacite")) {
    mgd_crosswalk_free(xw);
    mgd_http_problem(request, response, 406U,
                     DATACITE_JSON " is offered with to=datacite only");
    return;
  }
  if (!request->body.len) {
    mgd_crosswalk_free(xw);
    mgd_http_problem(request, response, 400U,
                     "empty body: send the record to crosswalk");
    return;
  }
  MgdMemStore* const store = mgd_memstore_new();
  if (!store || !read_body(request, response, store)) {
    if (!store) {
      mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    }
    mgd_memstore_free(store);
    mgd_crosswalk_free(xw);
    return;
  }
  BodyOut out;
  memset(&out, 0, sizeof(out));
  out.out            = &response->body;
  out.emitter.format = dc_json ? MGD_EMIT_TURTLE : formats[k];
  MgdMemStore* const dc   = dc_json ? mgd_memstore_new() : NULL;
  const MgdSink      sink = dc ? mgd_memstore_sink(dc)
                               : (MgdSink){&out, NULL, NULL, body_quad, NULL};
  const char* const drop = param(request, "drop");
  MgdCrosswalkRunOptions ro;
  memset(&ro, 0, sizeof(ro));
  ro.drop_unmapped     = drop && strcmp(drop, "0") && strcmp(drop, "false");
  ro.deadline_ms       = request->deadline_ms;
  const MgdSource    src = mgd_memstore_source(store);
  MgdCrosswalkReport rep;
  memset(&rep, 0, sizeof(rep));
  MgdStatus st = dc_json && !dc ? MGD_BAD_ALLOC : MGD_SUCCESS;
  st = st || dc ? st : mgd_emit_begin(&out.emitter, &response->body);
  st = st ? st : mgd_crosswalk_run(xw, &src, &ro, &sink, &rep);
  if (!st && dc) {
    const MgdSource dsrc = mgd_memstore_source(dc);
    st = mgd_crosswalk_datacite_json(&dsrc, &response->body);
  } else if (!st) {
    st = mgd_emit_end(&out.emitter, &response->body);
  }
  mgd_emit_clear(&out.emitter);
  mgd_memstore_free(dc);
  if (st == MGD_FAILURE) {
    mgd_memstore_free(store);
    mgd_crosswalk_free(xw);
    mgd_buf_reset(&response->body);
    mgd_http_problem(request, response, 400U,
                     "no dataset to describe in DataCite JSON (no schema.org "
                     "Dataset, RO-Crate root or REMBI study)");
    return;
  }
  mgd_memstore_free(store);
  mgd_crosswalk_free(xw);
  if (st) {
    mgd_buf_reset(&response->body);
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  counts_header(request, response, &rep);
  response->status       = 200U;
  response->content_type =
    dc_json ? DATACITE_JSON : mgd_emit_content_type(formats[k]);
}
