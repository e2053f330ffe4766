// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// POST /validate?shapes=NAME (DESIGN.md §6, §8): validate the request body
// against shipped SHACL shapes. Read-only: no token, nothing stored; the
// body is read into memory (server.c caps it at max_body_bytes, 413) and
// the shapes are compiled per request (they are small).
//
// The body is RDF when its Content-Type names an RDF syntax (Turtle,
// N-Triples, N-Quads, TriG, RDF/XML, JSON-LD); otherwise it is detected as
// an ingest source (OME-XML, OMERO/IDR tables, omero-marshal JSON, ...),
// using `?name=` as its file name when given. Answers by Accept:
// application/json (a summary with every result; the default),
// text/turtle or application/ld+json (the sh:ValidationReport). A
// non-conforming body is still 200: the answer says so. Bad body: 400;
// unknown shapes: 404; no usable Accept: 406.

#include "emit.h"
#include "server_impl.h"

#include "db/db_ingest.h"
#include "syntax/format.h"

#include <stdio.h>
#include <string.h>

/// Offered media types, preferred first (no Accept: the summary).
static const char* const offers[] = {"application/json", "text/turtle",
                                     "application/ld+json"};

/// Builds the JSON array of results as they are found.
typedef struct {
  MgdBuf    out; ///< `[...]` so far (without the closing bracket)
  size_t    n;   ///< Results written
  MgdStatus st;  ///< First allocation failure
} Summary;

// IRIs bare; blank nodes and literals in N-Triples form, so that a
// consumer can tell them apart (same as `mugdat validate --format json`).
static MgdStatus
json_term(MgdBuf* const out, const MgdTerm* const t)
{
  if (t->kind == MGD_TERM_IRI) {
    return mgd_http_json_string(out, t->value);
  }
  MgdBuf nt;
  mgd_buf_init(&nt);
  MgdStatus st = mgd_term_write_nt(&nt, t);
  st           = st ? st : mgd_http_json_string(out, mgd_buf_str(&nt));
  mgd_buf_clear(&nt);
  return st;
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

static MgdStatus
summary_result(void* const handle, const MgdShaclResult* const r)
{
  Summary* const s   = (Summary*)handle;
  MgdBuf* const  out = &s->out;
  MgdStatus      st  = mgd_buf_appendc(out, s->n ? ",\n  {" : "\n  {");
  st = st ? st : mgd_buf_appendc(out, "\"severity\": ");
  st = st ? st : mgd_http_json_string(out, local_name(r->severity.value));
  st = st ? st : mgd_buf_appendc(out, ", \"focusNode\": ");
  st = st ? st : json_term(out, &r->focus);
  if (r->path.len) {
    st = st ? st : mgd_buf_appendc(out, ", \"resultPath\": ");
    st = st ? st : mgd_http_json_string(out, r->path);
  }
  if (r->value.kind != MGD_TERM_NONE) {
    st = st ? st : mgd_buf_appendc(out, ", \"value\": ");
    st = st ? st : json_term(out, &r->value);
  }
  st = st ? st : mgd_buf_appendc(out, ", \"sourceShape\": ");
  st = st ? st : json_term(out, &r->shape);
  st = st ? st : mgd_buf_appendc(out, ", \"sourceConstraintComponent\": ");
  st = st ? st : mgd_http_json_string(out, r->component);
  st = st ? st : mgd_buf_appendc(out, ", \"message\": ");
  st = st ? st
          : mgd_http_json_string(out, r->n_messages ? r->messages[0].value
                                                    : mgd_str(""));
  st = st ? st : mgd_buf_appendc(out, ", \"messages\": [");
  for (size_t i = 0U; !st && i < r->n_messages; ++i) {
    st = mgd_buf_appendc(out, i ? ", " : "");
    st = st ? st : mgd_http_json_string(out, r->messages[i].value);
  }
  st = st ? st : mgd_buf_appendc(out, "]}");
  ++s->n;
  s->st = s->st ? s->st : st;
  return st;
}

/// Writes the report quads through an emitter into the response body.
typedef struct {
  MgdEmitter emitter; ///< Turtle or JSON-LD writer
  MgdBuf*    out;     ///< The response body
} ReportOut;

static MgdStatus
report_quad(void* const handle, const MgdQuad* const quad)
{
  ReportOut* const r = (ReportOut*)handle;
  return mgd_emit_quad(&r->emitter, quad, r->out);
}

static MgdStatus
write_summary(MgdBuf* const out, const char* const shapes,
              const MgdShaclSummary* const sum, const Summary* const s)
{
  MgdStatus st = mgd_buf_appendc(out, "{\"shapes\": ");
  st           = st ? st : mgd_http_json_string(out, mgd_str(shapes));
  st           = st ? st
                    : mgd_buf_printf(
                        out,
                        ", \"conforms\": %s, \"counts\": {\"results\": %llu, "
                        "\"violations\": %llu, \"warnings\": %llu, \"infos\": "
                        "%llu, \"focusNodes\": %llu},\n \"results\": [",
                        sum->conforms ? "true" : "false",
                        (unsigned long long)sum->n_results,
                        (unsigned long long)sum->n_violation,
                        (unsigned long long)sum->n_warning,
                        (unsigned long long)sum->n_info,
                        (unsigned long long)sum->n_focus);
  if (!st && s->out.len) {
    st = mgd_buf_append(out, s->out.data, s->out.len);
  }
  return st ? st : mgd_buf_appendc(out, s->n ? "\n ]}\n" : "]}\n");
}

/// Read the shapes named by ?shapes= (404 if unknown). False after filling
/// `response`.
static bool
shapes_get(MgdRequest* const request, MgdResponse* const response,
           const char** const name, MgdShapes** const shapes)
{
  const MgdStr* const arg = mgd_form_get(&request->query, "shapes");
  if (!arg || !arg->len) {
    mgd_http_problem(request, response, 400U,
                     "give the shapes to validate against as ?shapes=NAME "
                     "(ome-core, rembi, fair-image-object)");
    return false;
  }
  char* const n = (char*)mgd_arena_alloc(request->arena, arg->len + 1U);
  if (!n) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return false;
  }
  memcpy(n, arg->ptr, arg->len);
  n[arg->len] = '\0';
  *name       = n;
  MgdBuf path;
  mgd_buf_init(&path);
  MgdStatus st = strlen(n) == arg->len ? mgd_db_shapes_find(n, false, &path)
                                       : MGD_FAILURE;
  if (st == MGD_FAILURE) {
    char detail[256];
    snprintf(detail, sizeof(detail), "no shapes named '%.80s'", n);
    mgd_http_problem(request, response, 404U, detail);
    mgd_buf_clear(&path);
    return false;
  }
  MgdHttpDiag       diag = {MGD_SUCCESS, {0}};
  const MgdDiagSink sink = {mgd_http_diag_capture, &diag};
  st = st ? st : mgd_db_shapes_load(path.data, &sink, NULL, shapes);
  mgd_buf_clear(&path);
  if (st) {
    mgd_http_problem(request, response, 500U,
                     diag.message[0] ? diag.message : "cannot load shapes");
    return false;
  }
  return true;
}

void
mgd_ep_validate(MgdServer* const   server,
                MgdRequest* const  request,
                MgdResponse* const response)
{
  (void)server;
  if (request->method != MGD_HTTP_POST) {
    mgd_http_problem(request, response, 405U, "use POST");
    return;
  }
  const int k = mgd_conneg_choose(request->accept, offers,
                                  sizeof(offers) / sizeof(offers[0]));
  if (k < 0) {
    mgd_http_problem(request, response, 406U,
                     "offered: application/json, text/turtle, "
                     "application/ld+json");
    return;
  }
  if (!request->body.len) {
    mgd_http_problem(request, response, 400U,
                     "empty body: send the data to validate");
    return;
  }
  const char* name   = NULL;
  MgdShapes*  shapes = NULL;
  if (!shapes_get(request, response, &name, &shapes)) {
    return;
  }
  // An RDF media type (JSON-LD included) is read as RDF; anything else is
  // detected as an ingest source.
  const MgdStr ct = request->content_type;
  char         type[128] = "";
  MgdFormat    format    = MGD_FORMAT_UNKNOWN;
  if (ct.len && ct.len < sizeof(type)) {
    memcpy(type, ct.ptr, ct.len);
    type[ct.len] = '\0';
    if (memchr(ct.ptr, '/', ct.len)) {
      format = mgd_format_from_name(type);
    }
  }
  const MgdStr* const doc_name = mgd_form_get(&request->query, "name");
  char                doc[256];
  snprintf(doc, sizeof(doc), "%.*s",
           doc_name ? (int)(doc_name->len < 200U ? doc_name->len : 200U) : 4,
           doc_name ? doc_name->ptr : "body");

  MgdHttpDiag       diag = {MGD_SUCCESS, {0}};
  const MgdDiagSink dsink = {mgd_http_diag_capture, &diag};
  Summary           sum_json;
  memset(&sum_json, 0, sizeof(sum_json));
  mgd_buf_init(&sum_json.out);
  ReportOut rep;
  memset(&rep, 0, sizeof(rep));
  rep.out          = &response->body;
  rep.emitter.format = k == 1 ? MGD_EMIT_TURTLE : MGD_EMIT_JSONLD;
  const MgdSink report = {&rep, NULL, NULL, report_quad, NULL};

  MgdDbValidateOptions o;
  memset(&o, 0, sizeof(o));
  o.format = format;
  o.name   = doc_name ? doc : NULL;
  o.diag   = &dsink;
  if (k == 0) {
    o.on_result     = summary_result;
    o.result_handle = &sum_json;
  }
  MgdShaclSummary sum;
  memset(&sum, 0, sizeof(sum));
  MgdStatus st = k ? mgd_emit_begin(&rep.emitter, &response->body)
                   : MGD_SUCCESS;
  st           = st ? st
                    : mgd_db_validate_bytes(shapes, request->body.ptr,
                                            request->body.len, &o,
                                            k ? &report : NULL, &sum);
  if (!st && k) {
    st = mgd_emit_end(&rep.emitter, &response->body);
  } else if (!st) {
    st = write_summary(&response->body, name, &sum, &sum_json);
  }
  mgd_emit_clear(&rep.emitter);
  mgd_buf_clear(&sum_json.out);
  mgd_shacl_free(shapes);
  if (st) {
    mgd_buf_reset(&response->body);
    char detail[1280];
    if (st == MGD_BAD_UNSUPPORTED) {
      snprintf(detail, sizeof(detail),
               "the body is neither RDF (by Content-Type '%.60s') nor a "
               "recognised source (OME-XML, OMERO/IDR file, omero JSON, "
               "RO-Crate, REMBI)%s%s",
               type[0] ? type : "(none)", diag.message[0] ? ": " : "",
               diag.message);
      mgd_http_problem(request, response, 400U, detail);
    } else if (st == MGD_BAD_SYNTAX || st == MGD_BAD_DATA ||
               st == MGD_BAD_ACCESS) {
      snprintf(detail, sizeof(detail), "%s",
               diag.message[0] ? diag.message : mgd_strerror(st));
      mgd_http_problem(request, response, 400U, detail);
    } else {
      mgd_http_problem_st(request, response, st,
                          diag.message[0] ? diag.message : NULL);
    }
    return;
  }
  response->status       = 200U;
  response->content_type = k == 0   ? "application/json"
                           : k == 1 ? "text/turtle; charset=utf-8"
                                    : "application/ld+json";
}
