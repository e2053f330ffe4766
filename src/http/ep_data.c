// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /data: SPARQL 1.1 Graph Store HTTP Protocol (W3C REC 2013-03-21), with
// indirect graph identification: `?graph=IRI` or `?default`.
//
// GET/HEAD serve the graph (404 for a named graph without triples); with
// neither parameter GET serves the whole dataset (N-Quads, TriG,
// JSON-LD). The answer is written to a spool (spool.h) and the read
// transaction ends before the first byte goes out, as for queries: a slow
// harvester must neither pin an LMDB snapshot (the file would grow under
// concurrent PUTs) nor have its download cut at the request time limit, and POST makes a new graph <server>/data/<uuid> (201,
// Location). Under /data/ the request URL itself names the graph (direct
// identification, §4.1), which is how minted graphs are served.
//
// PUT replaces and POST merges; both stream the request body
// chunk by chunk into one write transaction through the RDF reader, so the
// body is never held whole (JSON-LD excepted: its reader needs the whole
// document). Content-Type picks the syntax. A syntax error aborts the
// transaction: the graph is exactly as before, and the answer is 400 with
// the parser's message. New graph content answers 201 Created, changed
// content 204 No Content (§5.3, §5.5). DELETE answers 204, or 404 if the
// graph has no triples.

#include "emit.h"
#include "multipart.h"
#include "server_impl.h"
#include "spool.h"

#include "base/alloc.h"
#include "syntax/format.h"
#include "syntax/rdf_read.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/// Which graph a request names.
typedef struct {
  bool    all;        ///< Neither ?graph nor ?default: the whole dataset
  bool    is_default; ///< ?default
  MgdTerm graph;      ///< ?graph= IRI (arena), or kind NONE for default
} Target;

/// State of a PUT/POST while its body streams in.
typedef struct {
  MgdMultipart   multipart;    ///< Parts of a multipart/form-data body
  bool           is_multipart; ///< The body is multipart/form-data
  size_t         n_quads;      ///< Quads from finished parts
  MgdServer*     server;       ///< Owner
  MgdHttpTxn*    txn;          ///< Write transaction, until commit/abort
  MgdRdfReader*  reader;       ///< Parses the body into the txn's sink
  MgdSink        sink;         ///< The txn's sink forcing the target graph
  MgdHttpDiag    diag;         ///< First parse error
  MgdDiagSink    diag_sink;    ///< Feeds `diag`
  MgdReadOptions read;         ///< Reader options
  MgdStatus      status;       ///< First error of the unit of work
  bool           existed;      ///< The target had triples before
  bool           minted;  ///< The server named the graph (POST to the store)
  size_t         n_bytes; ///< Body bytes received
  Target         target;  ///< Target graph
} DataWrite;

/// State of a GET stream.
typedef struct {
  MgdServer*     server;   ///< Owner
  MgdHttpTxn*    txn;      ///< Read txn, ended in free
  MgdSource      source;   ///< Its source
  MgdIter*       iter;     ///< Quad iterator
  MgdQuadDecoder dec;      ///< Terms of the quads being written
  MgdEmitter     emitter;  ///< Writer
  bool           all;      ///< Keep graph names (dataset dump)
  bool           ended;    ///< Tail written
  uint64_t       deadline; ///< Time limit
} GraphStream;

static bool
parse_target(MgdServer* const        server,
             const MgdRequest* const request,
             MgdResponse* const      response,
             Target* const           target)
{
  memset(target, 0, sizeof(*target));
  if (mgd_str_has_prefix(request->path, "/data/")) {
    // Direct graph identification (§4.1): the request URL names the graph
    if (request->query.n_fields) {
      mgd_http_problem(
        request, response, 400U, "a graph URL takes no ?graph or ?default");
      return false;
    }
    const char* const path = mgd_arena_strndup(
      request->arena, request->raw_path.ptr, request->raw_path.len);
    const char* const iri = path ? mgd_http_url(server, request, path) : NULL;
    if (!iri) {
      mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
      return false;
    }
    target->graph = mgd_term_iri(mgd_str(iri));
    if (!mgd_iri_is_valid(target->graph.value)) {
      mgd_http_problem(request, response, 400U, "not a valid graph URL");
      return false;
    }
    return true;
  }
  const size_t n_graph   = mgd_form_count(&request->query, "graph");
  const bool   n_default = mgd_form_has(&request->query, "default");
  if (n_graph > 1U || (n_graph && n_default)) {
    mgd_http_problem(
      request, response, 400U, "give exactly one of ?graph=IRI and ?default");
    return false;
  }
  if (n_graph) {
    const MgdStr iri = *mgd_form_get(&request->query, "graph");
    if (!mgd_iri_is_valid(iri)) {
      mgd_http_problem(
        request, response, 400U, "?graph= needs an absolute IRI");
      return false;
    }
    target->graph = mgd_term_iri(iri);
  } else if (n_default) {
    target->is_default = true;
    target->graph      = mgd_term_none();
  } else {
    target->all = true;
  }
  return true;
}

/// The id of the target graph; MGD_FAILURE if the store does not know it.
static MgdStatus
target_id(const MgdSource* const source, const Target* const t, MgdId* const id)
{
  if (t->is_default) {
    *id = MGD_ID_DEFAULT_GRAPH;
    return MGD_SUCCESS;
  }
  return mgd_source_lookup(source, &t->graph, id);
}

/// Whether the target graph holds any quad.
static MgdStatus
target_exists(const MgdSource* const source,
              const Target* const    t,
              bool* const            exists)
{
  *exists      = false;
  MgdId     g  = MGD_ID_NONE;
  MgdStatus st = target_id(source, t, &g);
  if (st == MGD_FAILURE) {
    return MGD_SUCCESS;
  }
  if (st) {
    return st;
  }
  const MgdIdQuad pattern = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, g };
  MgdIter*        iter    = NULL;
  st                      = source->vt->match(source->handle, &pattern, &iter);
  if (!st) {
    MgdIdQuad q;
    st      = source->vt->next(iter, &q);
    *exists = st == MGD_SUCCESS;
    st      = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  source->vt->iter_free(iter);
  return st;
}

// GET

static void
graph_stream_free(void* const handle)
{
  GraphStream* const g = (GraphStream*)handle;
  if (!g) {
    return;
  }
  if (g->iter) {
    g->source.vt->iter_free(g->iter);
  }
  g->server->backend.vt->abort(g->txn);
  mgd_emit_clear(&g->emitter);
  mgd_quad_decoder_clear(&g->dec);
  mgd_free(g);
}

static MgdStatus
graph_stream_produce(void* const handle, MgdBuf* const out)
{
  GraphStream* const g     = (GraphStream*)handle;
  const size_t       start = out->len;
  for (unsigned k = 0U; !g->ended && k < 512U && out->len - start < 8192U;
       ++k) {
    MgdIdQuad ids;
    MgdStatus st = g->source.vt->next(g->iter, &ids);
    if (st == MGD_FAILURE) {
      g->ended = true;
      st       = mgd_emit_end(&g->emitter, out);
      if (st) {
        return st;
      }
      break;
    }
    if (st) {
      return st;
    }
    MgdQuad q;
    st = mgd_quad_decode(&g->dec, &g->source, &ids, g->all, &q);
    st = st ? st : mgd_emit_quad(&g->emitter, &q, out);
    if (st) {
      return st;
    }
  }
  if (g->deadline && mgd_http_now_ms() > g->deadline) {
    return MGD_BAD_TIMEOUT;
  }
  return out->len > start ? MGD_SUCCESS : g->ended ? MGD_FAILURE : MGD_SUCCESS;
}

static bool
data_format(const MgdRequest* const request,
            MgdResponse* const      response,
            const bool              all,
            MgdEmitFormat* const    format)
{
  const MgdStr* const name = mgd_form_get(&request->query, "format");
  if (name) {
    if (mgd_emit_by_name(*name, true, format) &&
        (!all || *format == MGD_EMIT_NQUADS || *format == MGD_EMIT_TRIG ||
         *format == MGD_EMIT_JSONLD)) {
      return true;
    }
    mgd_http_problem(request, response, 406U, "unknown or unsuitable format=");
    return false;
  }
  static const char* const graph_types[] = {
    "text/turtle",         "application/n-triples", "application/ld+json",
    "application/n-quads", "application/trig",      "text/plain",
    "application/rdf+xml",
  };
  static const MgdEmitFormat graph_formats[] = {
    MGD_EMIT_TURTLE, MGD_EMIT_NTRIPLES, MGD_EMIT_JSONLD,
    MGD_EMIT_NQUADS, MGD_EMIT_TRIG,     MGD_EMIT_NTRIPLES,
    MGD_EMIT_RDFXML,
  };
  static const char* const dataset_types[] = {
    "application/n-quads",
    "application/trig",
    "application/ld+json",
  };
  static const MgdEmitFormat dataset_formats[] = {
    MGD_EMIT_NQUADS,
    MGD_EMIT_TRIG,
    MGD_EMIT_JSONLD,
  };
  const int k = all ? mgd_conneg_choose(request->accept, dataset_types, 3U)
                    : mgd_conneg_choose(request->accept, graph_types, 7U);
  if (k < 0) {
    mgd_http_problem(
      request,
      response,
      406U,
      all ? "the dataset is offered as application/n-quads, application/trig "
            "or application/ld+json"
          : "graphs are offered as text/turtle, application/n-triples, "
            "application/ld+json, application/n-quads or application/trig");
    return false;
  }
  *format = all ? dataset_formats[k] : graph_formats[k];
  return true;
}

static void
data_get(MgdServer* const    server,
         MgdRequest* const   request,
         MgdResponse* const  response,
         const Target* const target)
{
  MgdEmitFormat format = MGD_EMIT_TURTLE;
  if (!data_format(request, response, target->all, &format)) {
    return;
  }
  GraphStream* const g = (GraphStream*)mgd_calloc(1U, sizeof(GraphStream));
  if (!g) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return;
  }
  g->server         = server;
  g->all            = target->all;
  g->deadline       = request->deadline_ms;
  g->emitter.format = format;
  mgd_quad_decoder_init(&g->dec);
  MgdStatus st =
    server->backend.vt->read_begin(server->backend.handle, &g->txn);
  MgdId id = MGD_ID_NONE;
  if (!st) {
    g->source = server->backend.vt->source(g->txn);
    if (!target->all) {
      bool exists = false;
      st          = target_exists(&g->source, target, &exists);
      if (!st && !exists && !target->is_default) {
        st = MGD_FAILURE;
      }
      if (!st) {
        st = target_id(&g->source, target, &id);
        if (st == MGD_FAILURE && target->is_default) {
          st = MGD_SUCCESS;
        }
      }
    }
  }
  if (!st) {
    const MgdIdQuad pattern = { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, id };
    st = g->source.vt->match(g->source.handle, &pattern, &g->iter);
  }
  st = st ? st : mgd_emit_begin(&g->emitter, &response->body);
  if (st) {
    graph_stream_free(g);
    if (st == MGD_FAILURE) {
      mgd_http_problem(request, response, 404U, "no such graph");
    } else {
      mgd_http_problem_st(request, response, st, NULL);
    }
    return;
  }
  response->status       = 200U;
  response->content_type = mgd_emit_content_type(format);
  if (request->method == MGD_HTTP_HEAD) {
    graph_stream_free(g); // same headers, no body, no txn held
    return;
  }
  // Spool the whole answer, checking the client is still there every
  // 64 KiB; the txn ends with graph_stream_free
  MgdSpool spool;
  st = mgd_spool_init(
    &spool, mgd_conneg_accepts_coding(request->accept_encoding, "gzip"));
  MgdBuf buf = response->body; // what mgd_emit_begin wrote
  mgd_buf_init(&response->body);
  bool gone = false;
  while (!st) {
    st = graph_stream_produce(g, &buf);
    if (st == MGD_FAILURE || buf.len >= 65536U) {
      const MgdStatus wst = mgd_spool_write(&spool, buf.data, buf.len);
      mgd_buf_reset(&buf);
      if (st == MGD_FAILURE) {
        st = wst ? wst : mgd_spool_finish(&spool);
        break;
      }
      st = wst;
      if (!st && mgd_http_client_gone(request)) {
        gone = true;
        st   = MGD_BAD_IO;
      }
    }
  }
  graph_stream_free(g);
  mgd_buf_clear(&buf);
  if (st) {
    mgd_spool_clear(&spool);
    if (gone) {
      mgd_http_problem(request, response, 499U, "the client left");
    } else {
      mgd_http_problem_st(request, response, st, NULL);
    }
    return;
  }
  mgd_spool_to_response(&spool, response);
  mgd_spool_clear(&spool);
}

// DELETE

static void
data_delete(MgdServer* const    server,
            MgdRequest* const   request,
            MgdResponse* const  response,
            const Target* const target)
{
  if (target->all) {
    mgd_http_problem(
      request, response, 400U, "DELETE needs ?graph=IRI or ?default");
    return;
  }
  if (!mgd_http_check_write(server, request, response)) {
    return;
  }
  const MgdHttpBackendVt* const vt  = server->backend.vt;
  MgdHttpTxn*                   txn = NULL;
  MgdStatus st     = vt->write_begin(server->backend.handle, &txn);
  bool      exists = false;
  MgdSource source;
  if (!st) {
    source = vt->source(txn);
    st     = target_exists(&source, target, &exists);
  }
  if (!st && !exists && !target->is_default) {
    vt->abort(txn);
    mgd_http_problem(request, response, 404U, "no such graph");
    return;
  }
  MgdId id = MGD_ID_NONE;
  if (!st && exists) {
    st = target_id(&source, target, &id);
    st = st ? st : vt->clear_graph(txn, id);
  }
  if (st) {
    vt->abort(txn);
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  st = vt->commit(txn);
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  response->status = 204U;
}

// PUT and POST

/// A POST to the graph store itself creates a graph with a new name
/// (Graph Store Protocol §5.5): <server>/data/<random version 4 UUID>, a
/// URL that also serves the graph by direct identification.
static bool
new_graph_name(MgdServer* const        server,
               const MgdRequest* const request,
               Target* const           target)
{
  unsigned char bytes[16];
  const int     fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  const bool    ok = fd >= 0 && read(fd, bytes, sizeof(bytes)) == 16;
  if (fd >= 0) {
    close(fd);
  }
  if (!ok) {
    return false;
  }
  bytes[6] = (unsigned char)((bytes[6] & 0x0FU) | 0x40U); // version 4
  bytes[8] = (unsigned char)((bytes[8] & 0x3FU) | 0x80U); // RFC 4122 variant
  char path[48];
  snprintf(path,
           sizeof(path),
           "/data/%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
           "%02x%02x%02x%02x%02x%02x",
           bytes[0],
           bytes[1],
           bytes[2],
           bytes[3],
           bytes[4],
           bytes[5],
           bytes[6],
           bytes[7],
           bytes[8],
           bytes[9],
           bytes[10],
           bytes[11],
           bytes[12],
           bytes[13],
           bytes[14],
           bytes[15]);
  const char* const iri = mgd_http_url(server, request, path);
  if (iri == path) {
    return false; // out of memory
  }
  target->all   = false;
  target->graph = mgd_term_iri(mgd_str(iri));
  return true;
}

/// The URL of the graph `target` on this server (for Location).
static const char*
graph_url(MgdServer* const        server,
          const MgdRequest* const request,
          const Target* const     target)
{
  const char* const direct = mgd_http_url(server, request, "/data/");
  if (mgd_str_has_prefix(target->graph.value, direct)) {
    return target->graph.value.ptr; // a graph URL serves itself
  }
  MgdBuf path;
  mgd_buf_init(&path);
  MgdStatus st = mgd_buf_appendc(&path, "/data?graph=");
  st           = st ? st : mgd_http_url_encode(&path, target->graph.value);
  const char* const url = st ? mgd_http_url(server, request, request->raw_uri)
                             : mgd_http_url(server, request, path.data);
  mgd_buf_clear(&path);
  return url;
}

static void
data_write_free(void* const handle)
{
  DataWrite* const w = (DataWrite*)handle;
  if (w) {
    mgd_multipart_clear(&w->multipart);
    mgd_rdf_reader_free(w->reader);
    if (w->txn) {
      w->server->backend.vt->abort(w->txn);
    }
    mgd_free(w);
  }
}

// multipart/form-data: one reader per part, all into the same txn

static MgdStatus
part_begin(void* const handle, const MgdStr type, const MgdStr filename)
{
  DataWrite* const w = (DataWrite*)handle;
  char             name[256];
  MgdFormat        format = MGD_FORMAT_UNKNOWN;
  if (type.len && type.len < sizeof(name)) {
    memcpy(name, type.ptr, type.len);
    name[type.len] = '\0';
    format         = mgd_format_from_name(name);
  }
  if (format == MGD_FORMAT_UNKNOWN && filename.len &&
      filename.len < sizeof(name)) {
    memcpy(name, filename.ptr, filename.len);
    name[filename.len] = '\0';
    format             = mgd_format_from_path(name);
  }
  if (format == MGD_FORMAT_UNKNOWN) {
    return mgd_diag(&w->diag_sink,
                    MGD_BAD_UNSUPPORTED,
                    MGD_LEVEL_ERROR,
                    "request body",
                    0U,
                    0U,
                    NULL,
                    "part %zu: cannot tell its RDF syntax from Content-Type "
                    "'%.*s' or file name '%.*s'",
                    w->multipart.n_parts,
                    (int)(type.len > 60U ? 60U : type.len),
                    type.ptr ? type.ptr : "",
                    (int)(filename.len > 60U ? 60U : filename.len),
                    filename.ptr ? filename.ptr : "");
  }
  w->read.format = format;
  return mgd_rdf_reader_new(&w->read, &w->sink, &w->reader);
}

static MgdStatus
part_data(void* const handle, const char* const bytes, const size_t n)
{
  DataWrite* const w = (DataWrite*)handle;
  w->n_bytes += n;
  if (w->read.format == MGD_FORMAT_JSONLD &&
      w->n_bytes > w->server->opts.max_body_bytes) {
    return mgd_diag(&w->diag_sink,
                    MGD_BAD_LIMIT,
                    MGD_LEVEL_ERROR,
                    "request body",
                    0U,
                    0U,
                    NULL,
                    "a body with JSON-LD may hold at most %zu bytes",
                    w->server->opts.max_body_bytes);
  }
  return w->reader ? mgd_rdf_reader_feed(w->reader, bytes, n) : MGD_BAD_ARG;
}

static MgdStatus
part_end(void* const handle)
{
  DataWrite* const w = (DataWrite*)handle;
  const MgdStatus  st =
    w->reader ? mgd_rdf_reader_finish(w->reader) : MGD_BAD_ARG;
  w->n_quads += w->reader ? mgd_rdf_reader_count(w->reader) : 0U;
  mgd_rdf_reader_free(w->reader);
  w->reader = NULL;
  return st;
}

bool
mgd_ep_data_body_begin(MgdServer* const   server,
                       MgdRequest* const  request,
                       MgdResponse* const response)
{
  if (request->method != MGD_HTTP_PUT && request->method != MGD_HTTP_POST) {
    return true; // a body on GET/DELETE is ignored
  }
  Target target;
  if (!parse_target(server, request, response, &target)) {
    return false;
  }
  if (target.all && request->method == MGD_HTTP_PUT) {
    mgd_http_problem(
      request, response, 400U, "PUT needs ?graph=IRI or ?default");
    return false;
  }
  if (!mgd_http_check_write(server, request, response)) {
    return false;
  }
  if (target.all && !new_graph_name(server, request, &target)) {
    mgd_http_problem_st(
      request, response, MGD_BAD_INTERNAL, "cannot make a new graph name");
    return false;
  }
  char            type[128];
  const MgdStr    ct           = request->content_type;
  const bool      is_multipart = mgd_str_eqc(ct, "multipart/form-data");
  const MgdFormat format       = ct.len && ct.len < sizeof(type)
                                   ? mgd_format_from_name(ct.ptr)
                                   : MGD_FORMAT_UNKNOWN;
  MgdStr          boundary     = mgd_str_n(NULL, 0U);
  if (is_multipart &&
      !mgd_conneg_param(
        request->arena, request->content_type_header, "boundary", &boundary)) {
    mgd_http_problem(
      request, response, 400U, "multipart/form-data without a boundary");
    return false;
  }
  if (format == MGD_FORMAT_UNKNOWN && !is_multipart) {
    snprintf(type, sizeof(type), "%.60s", ct.len ? ct.ptr : "(none)");
    char detail[512];
    snprintf(detail,
             sizeof(detail),
             "cannot read Content-Type '%s' (use text/turtle, "
             "application/n-triples, application/n-quads, application/trig, "
             "application/rdf+xml, application/ld+json or "
             "multipart/form-data)",
             type);
    mgd_http_problem(request, response, 415U, detail);
    return false;
  }

  DataWrite* const w = (DataWrite*)mgd_calloc(1U, sizeof(DataWrite));
  if (!w) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return false;
  }
  w->server = server;
  w->minted = request->method == MGD_HTTP_POST &&
              !mgd_str_has_prefix(request->path, "/data/") &&
              !mgd_form_has(&request->query, "graph") &&
              !mgd_form_has(&request->query, "default");
  w->target           = target;
  w->diag_sink.func   = mgd_http_diag_capture;
  w->diag_sink.handle = &w->diag;
  request->state      = w;
  request->state_free = data_write_free;

  const MgdHttpBackendVt* const vt     = server->backend.vt;
  bool                          staged = false;
  MgdStatus st = vt->write_begin(server->backend.handle, &w->txn);
  if (!st) {
    const MgdSource source = vt->source(w->txn);
    st                     = target_exists(&source, &target, &w->existed);
    // A named graph is replaced through the backend's staging (bounded
    // memory for any body); the default graph, or without it, by clearing.
    staged = request->method == MGD_HTTP_PUT && !target.is_default &&
             vt->replace_sink;
    if (!st && w->existed && request->method == MGD_HTTP_PUT && !staged) {
      MgdId id = MGD_ID_NONE;
      st       = target_id(&source, &target, &id);
      st       = st ? st : vt->clear_graph(w->txn, id);
    }
  }
  st = st ? st
          : staged ? vt->replace_sink(w->txn, &w->target.graph, &w->sink)
                   : vt->sink(w->txn, &w->target.graph, &w->sink);
  if (!st) {
    w->read.format = format;
    w->read.base   = target.is_default ? mgd_http_url(server, request, "/data")
                                       : w->target.graph.value.ptr;
    w->read.source_name = "request body";
    w->read.diag        = &w->diag_sink;
    if (is_multipart) {
      const MgdMultipartSink parts = { w, part_begin, part_data, part_end };
      w->is_multipart              = true;
      st = mgd_multipart_init(&w->multipart, boundary, &parts);
      if (st == MGD_BAD_ARG) {
        mgd_http_problem(request,
                         response,
                         400U,
                         "multipart/form-data boundary is empty or too long");
        return false;
      }
    } else {
      st = mgd_rdf_reader_new(&w->read, &w->sink, &w->reader);
    }
  }
  if (st) {
    mgd_http_problem_st(
      request, response, st, w->diag.status ? w->diag.message : NULL);
    return false;
  }
  return true;
}

void
mgd_ep_data_body_feed(MgdServer* const  server,
                      MgdRequest* const request,
                      const char* const bytes,
                      const size_t      n)
{
  DataWrite* const w = (DataWrite*)request->state;
  if (w && w->is_multipart && !w->status) {
    w->status = mgd_multipart_feed(&w->multipart, bytes, n);
    if (w->status == MGD_BAD_SYNTAX && !w->diag.status) {
      mgd_diag(&w->diag_sink,
               MGD_BAD_SYNTAX,
               MGD_LEVEL_ERROR,
               "request body",
               0U,
               0U,
               NULL,
               "malformed multipart/form-data body");
    }
    return;
  }
  if (w && w->reader && !w->status) {
    // After an error the rest of the body is read and dropped: the answer
    // goes out when the upload is complete
    w->n_bytes += n;
    if (w->read.format == MGD_FORMAT_JSONLD &&
        w->n_bytes > server->opts.max_body_bytes) {
      // The JSON-LD reader holds the whole document: bound it like any
      // buffered body
      w->status = mgd_diag(&w->diag_sink,
                           MGD_BAD_LIMIT,
                           MGD_LEVEL_ERROR,
                           "request body",
                           0U,
                           0U,
                           NULL,
                           "a JSON-LD body may hold at most %zu bytes",
                           server->opts.max_body_bytes);
      return;
    }
    w->status = mgd_rdf_reader_feed(w->reader, bytes, n);
  }
}

static void
data_write_finish(MgdServer* const   server,
                  MgdRequest* const  request,
                  MgdResponse* const response)
{
  DataWrite* const w = (DataWrite*)request->state;
  if (!w || !w->txn) {
    mgd_http_problem(request, response, 500U, "write state lost");
    return;
  }
  MgdStatus st = w->status;
  if (!st && w->is_multipart) {
    st = mgd_multipart_finish(&w->multipart);
    if (st == MGD_BAD_SYNTAX && !w->diag.status) {
      mgd_diag(&w->diag_sink,
               MGD_BAD_SYNTAX,
               MGD_LEVEL_ERROR,
               "request body",
               0U,
               0U,
               NULL,
               "multipart/form-data body ends before its close "
               "delimiter");
    }
  } else if (!st) {
    st = mgd_rdf_reader_finish(w->reader);
  }
  if (st) {
    server->backend.vt->abort(w->txn);
    w->txn = NULL;
    mgd_http_problem_st(
      request, response, st, w->diag.status ? w->diag.message : NULL);
    return;
  }
  // Created means the graph had no triples before and the body had some.
  // (Counted from the reader: a bulk-loading sink may make its quads
  // visible only at commit.)
  const bool exists_now = w->existed || w->n_quads > 0U ||
                          (w->reader && mgd_rdf_reader_count(w->reader) > 0U);
  MgdHttpTxn* const txn = w->txn;
  w->txn                = NULL;
  if (st) {
    server->backend.vt->abort(txn);
  } else {
    st = server->backend.vt->commit(txn); // ends the txn either way
  }
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  // A new graph with a name the server chose is reported even when empty,
  // since the client cannot know its name otherwise
  response->status =
    (!w->existed && exists_now && !w->target.is_default) || w->minted ? 201U
                                                                      : 204U;
  if (response->status == 201U) {
    mgd_http_header(
      response, "Location", graph_url(server, request, &w->target));
  }
}

void
mgd_ep_data(MgdServer* const   server,
            MgdRequest* const  request,
            MgdResponse* const response)
{
  if (request->method == MGD_HTTP_PUT || request->method == MGD_HTTP_POST) {
    data_write_finish(server, request, response);
    return;
  }
  Target target;
  if (!parse_target(server, request, response, &target)) {
    return;
  }
  if (request->method == MGD_HTTP_DELETE) {
    data_delete(server, request, response, &target);
  } else {
    data_get(server, request, response, &target);
  }
}
