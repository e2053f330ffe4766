// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "rdf_read.h"

#include "base/alloc.h"
#include "syntax/jsonld_read.h"
#include "syntax/ttl_read.h"

#include <raptor2.h>
#include <zlib.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct MgdRdfReaderImpl {
  MgdReadOptions  opts;       ///< Copy of the caller's options
  MgdLimits       limits;     ///< Effective limits
  const MgdSink*  sink;       ///< Receives quads
  MgdTtlReader*   ttl;        ///< Own reader (N-Triples, N-Quads, Turtle, TriG)
  raptor_world*   world;      ///< Raptor world (RDF/XML only)
  raptor_parser*  parser;     ///< Raptor parser (raptor formats only)
  raptor_uri*     base_uri;   ///< Base IRI
  MgdBuf          json;       ///< Whole document (JSON-LD only)
  MgdStatus       status;     ///< First error
  size_t          n_quads;    ///< Quads delivered
  size_t          line_bytes; ///< Bytes since the last newline
  unsigned        line;       ///< Current line (pre-scan)
  long            depth;      ///< XML element depth (RDF/XML pre-scan)
  int             xml_state;  ///< Pre-scan state: 0 text, 1 '<', 2 in tag
  char            xml_prev;   ///< Previous byte inside a tag
  int             started;    ///< Parse started
};

static const char*
reader_name(const MgdRdfReader* const r)
{
  return r->opts.source_name ? r->opts.source_name : "<input>";
}

static MgdStatus
reader_fail(MgdRdfReader* const r,
            const MgdStatus     st,
            const unsigned      line,
            const unsigned      col,
            const char* const   message)
{
  if (!r->status) {
    r->status = st;
    mgd_diag(r->opts.diag, st, MGD_LEVEL_ERROR, reader_name(r), line, col,
             NULL, "%s", message);
  }
  if (r->parser) {
    raptor_parser_parse_abort(r->parser);
  }
  return r->status;
}

static void
reader_log(void* const user_data, raptor_log_message* const message)
{
  MgdRdfReader* const r = (MgdRdfReader*)user_data;
  if (message->level < RAPTOR_LOG_LEVEL_ERROR) {
    if (message->level == RAPTOR_LOG_LEVEL_WARN) {
      const raptor_locator* const loc = message->locator;
      mgd_diag(r->opts.diag, MGD_SUCCESS, MGD_LEVEL_WARNING, reader_name(r),
               loc && loc->line > 0 ? (unsigned)loc->line : 0U,
               loc && loc->column > 0 ? (unsigned)loc->column : 0U, NULL, "%s",
               message->text ? message->text : "warning");
    }
    return;
  }
  const raptor_locator* const loc = message->locator;
  char text[512];
  snprintf(text, sizeof(text), "syntax error: %s",
           message->text ? message->text : "unknown raptor2 error");
  reader_fail(r, MGD_BAD_SYNTAX,
              loc && loc->line > 0 ? (unsigned)loc->line : 0U,
              loc && loc->column > 0 ? (unsigned)loc->column : 0U, text);
}

static MgdTerm
term_from_raptor(const raptor_term* const t)
{
  const MgdStr none = {NULL, 0U};
  if (!t) {
    return mgd_term_none();
  }
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI: {
    size_t               n = 0U;
    const unsigned char* s = raptor_uri_as_counted_string(t->value.uri, &n);
    return mgd_term_iri(mgd_str_n((const char*)s, n));
  }
  case RAPTOR_TERM_TYPE_BLANK:
    return mgd_term_blank(
      mgd_str_n((const char*)t->value.blank.string, t->value.blank.string_len));
  case RAPTOR_TERM_TYPE_LITERAL: {
    MgdStr dt = none;
    if (t->value.literal.datatype) {
      size_t               n = 0U;
      const unsigned char* s =
        raptor_uri_as_counted_string(t->value.literal.datatype, &n);
      dt = mgd_str_n((const char*)s, n);
    }
    return mgd_term_literal(
      mgd_str_n((const char*)t->value.literal.string,
                t->value.literal.string_len),
      dt,
      mgd_str_n((const char*)t->value.literal.language,
                t->value.literal.language_len));
  }
  case RAPTOR_TERM_TYPE_UNKNOWN: break;
  }
  return mgd_term_none();
}

static void
reader_locate(MgdRdfReader* const r, unsigned* const line, unsigned* const col)
{
  const raptor_locator* const loc =
    r->parser ? raptor_parser_get_locator(r->parser) : NULL;
  *line = loc && loc->line > 0 ? (unsigned)loc->line : 0U;
  *col  = loc && loc->column > 0 ? (unsigned)loc->column : 0U;
}

/// Check and deliver one quad (shared by raptor and JSON-LD paths).
static MgdStatus
reader_deliver(MgdRdfReader* const r, const MgdQuad* const q)
{
  const MgdTerm* const terms[] = {&q->s, &q->p, &q->o, &q->g};
  char                 why[320];
  for (size_t i = 0U; i < 4U; ++i) {
    const MgdStatus st = mgd_term_check(terms[i], &r->limits, why, sizeof(why));
    if (st) {
      unsigned line = 0U, col = 0U;
      reader_locate(r, &line, &col);
      return reader_fail(r, st, line, col, why);
    }
  }
  if (q->p.kind != MGD_TERM_IRI ||
      (q->s.kind != MGD_TERM_IRI && q->s.kind != MGD_TERM_BLANK)) {
    unsigned line = 0U, col = 0U;
    reader_locate(r, &line, &col);
    return reader_fail(r, MGD_BAD_DATA, line, col,
                       "subject must be an IRI or blank node and predicate "
                       "an IRI");
  }
  const MgdStatus st = mgd_sink_quad(r->sink, q);
  if (st > MGD_FAILURE) {
    unsigned line = 0U, col = 0U;
    reader_locate(r, &line, &col);
    return reader_fail(r, st, line, col, mgd_strerror(st));
  }
  ++r->n_quads;
  return MGD_SUCCESS;
}

static void
reader_statement(void* const user_data, raptor_statement* const statement)
{
  MgdRdfReader* const r = (MgdRdfReader*)user_data;
  if (r->status) {
    return;
  }
  const MgdQuad q = {
    term_from_raptor(statement->subject),
    term_from_raptor(statement->predicate),
    term_from_raptor(statement->object),
    term_from_raptor(statement->graph),
  };
  reader_deliver(r, &q);
}

static void
reader_namespace(void* const user_data, raptor_namespace* const ns)
{
  MgdRdfReader* const r      = (MgdRdfReader*)user_data;
  const unsigned char* prefix = raptor_namespace_get_prefix(ns);
  raptor_uri* const    uri    = raptor_namespace_get_uri(ns);
  if (!r->status && uri) {
    size_t               n   = 0U;
    const unsigned char* iri = raptor_uri_as_counted_string(uri, &n);
    mgd_sink_prefix(r->sink, mgd_str((const char*)prefix),
                    mgd_str_n((const char*)iri, n));
  }
}

static int
reader_is_ttl(const MgdFormat format)
{
  return format == MGD_FORMAT_NTRIPLES || format == MGD_FORMAT_NQUADS ||
         format == MGD_FORMAT_TURTLE || format == MGD_FORMAT_TRIG;
}

static const char*
raptor_syntax(const MgdFormat format)
{
  switch (format) {
  case MGD_FORMAT_NTRIPLES: return "ntriples";
  case MGD_FORMAT_NQUADS: return "nquads";
  case MGD_FORMAT_TURTLE: return "turtle";
  case MGD_FORMAT_TRIG: return "trig";
  case MGD_FORMAT_RDFXML: return "rdfxml";
  case MGD_FORMAT_JSONLD:
  case MGD_FORMAT_UNKNOWN: break;
  }
  return NULL;
}

MgdStatus
mgd_rdf_reader_new(const MgdReadOptions* const options,
                   const MgdSink* const        sink,
                   MgdRdfReader** const        reader)
{
  MgdRdfReader* const r = (MgdRdfReader*)mgd_calloc(1U, sizeof(MgdRdfReader));
  if (!r) {
    return MGD_BAD_ALLOC;
  }
  r->opts   = *options;
  r->limits = options->limits ? *options->limits : mgd_limits_default();
  r->sink   = sink;
  r->line   = 1U;
  mgd_buf_init(&r->json);
  *reader = r;
  if (options->format == MGD_FORMAT_JSONLD) {
    return MGD_SUCCESS;
  }
  if (reader_is_ttl(options->format)) {
    // Our own streaming parser: W3C-conformant and faster than raptor2.
    const MgdStatus st = mgd_ttl_reader_new(&r->opts, sink, &r->ttl);
    return st ? reader_fail(r, st, 0U, 0U, "cannot create RDF reader") : st;
  }
  const char* const syntax = raptor_syntax(options->format);
  if (!syntax) {
    return reader_fail(r, MGD_BAD_UNSUPPORTED, 0U, 0U,
                       "unknown RDF format (use --format nt|nq|ttl|trig|rdf|jsonld)");
  }
  r->world = raptor_new_world();
  if (!r->world || raptor_world_open(r->world)) {
    return reader_fail(r, MGD_BAD_ALLOC, 0U, 0U, "cannot start raptor2");
  }
  raptor_world_set_log_handler(r->world, r, reader_log);
  r->parser = raptor_new_parser(r->world, syntax);
  const char* const base = options->base ? options->base : "urn:mugdat:base";
  r->base_uri = raptor_new_uri(r->world, (const unsigned char*)base);
  if (!r->parser || !r->base_uri) {
    return reader_fail(r, MGD_BAD_ALLOC, 0U, 0U, "cannot create raptor2 parser");
  }
  // No network, no local files, no external entities: a document must not
  // make MUGDAT fetch anything (DESIGN.md §1).
  raptor_parser_set_option(r->parser, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(r->parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
  raptor_parser_set_option(r->parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES,
                           NULL, 0);
  raptor_parser_set_statement_handler(r->parser, r, reader_statement);
  raptor_parser_set_namespace_handler(r->parser, r, reader_namespace);
  if (raptor_parser_parse_start(r->parser, r->base_uri)) {
    return reader_fail(r, MGD_BAD_INTERNAL, 0U, 0U, "cannot start parsing");
  }
  r->started = 1;
  return MGD_SUCCESS;
}

// Refuse overlong lines and deeply nested XML before raptor2 sees them.
static MgdStatus
reader_prescan(MgdRdfReader* const r, const char* const bytes, const size_t n)
{
  const int is_xml = r->opts.format == MGD_FORMAT_RDFXML;
  if (!is_xml) {
    // Only line lengths matter: jump from newline to newline.
    const char* p   = bytes;
    const char* end = bytes + n;
    while (p < end) {
      const char* const nl = (const char*)memchr(p, '\n', (size_t)(end - p));
      const size_t      run = (size_t)((nl ? nl : end) - p);
      r->line_bytes += run;
      if (r->line_bytes > r->limits.max_term_bytes) {
        char text[160];
        snprintf(text, sizeof(text),
                 "line longer than the limit of %zu bytes (max_term_bytes)",
                 r->limits.max_term_bytes);
        return reader_fail(r, MGD_BAD_LIMIT, r->line, 0U, text);
      }
      if (!nl) {
        break;
      }
      ++r->line;
      r->line_bytes = 0U;
      p             = nl + 1;
    }
    return MGD_SUCCESS;
  }
  for (size_t i = 0U; i < n; ++i) {
    const char c = bytes[i];
    if (c == '\n') {
      ++r->line;
      r->line_bytes = 0U;
    } else if (++r->line_bytes > r->limits.max_term_bytes) {
      char text[160];
      snprintf(text, sizeof(text),
               "line longer than the limit of %zu bytes (max_term_bytes)",
               r->limits.max_term_bytes);
      return reader_fail(r, MGD_BAD_LIMIT, r->line, 0U, text);
    }
    if (!is_xml) {
      continue;
    }
    switch (r->xml_state) {
    case 0:
      r->xml_state = c == '<' ? 1 : 0;
      break;
    case 1:
      if (c == '/') {
        --r->depth;
        r->xml_state = 2;
      } else if (c == '?' || c == '!') {
        r->xml_state = 2;
      } else {
        if (++r->depth > (long)r->limits.max_nesting) {
          char text[160];
          snprintf(text, sizeof(text),
                   "XML nested deeper than the limit of %zu (max_nesting)",
                   r->limits.max_nesting);
          return reader_fail(r, MGD_BAD_LIMIT, r->line, 0U, text);
        }
        r->xml_state = 2;
      }
      r->xml_prev = c;
      break;
    default:
      if (c == '>') {
        if (r->xml_prev == '/') {
          --r->depth;
        }
        r->xml_state = 0;
      }
      r->xml_prev = c;
      break;
    }
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_rdf_reader_feed(MgdRdfReader* const r,
                    const char* const   bytes,
                    const size_t        n)
{
  if (r->status) {
    return r->status;
  }
  if (r->opts.format == MGD_FORMAT_JSONLD) {
    if (r->json.len + n > r->limits.max_body_bytes * 64U) {
      return reader_fail(r, MGD_BAD_LIMIT, 0U, 0U, "JSON-LD document too large");
    }
    const MgdStatus st = mgd_buf_append(&r->json, bytes, n);
    return st ? reader_fail(r, st, 0U, 0U, "out of memory") : MGD_SUCCESS;
  }
  if (r->ttl) {
    // The reader reported its own diagnostic.
    r->status = mgd_ttl_reader_feed(r->ttl, bytes, n);
    return r->status;
  }
  const MgdStatus st = reader_prescan(r, bytes, n);
  if (st) {
    return st;
  }
  raptor_parser_parse_chunk(r->parser, (const unsigned char*)bytes, n, 0);
  return r->status;
}

static MgdStatus
reader_jsonld_quad(void* const handle, const MgdQuad* const quad)
{
  return reader_deliver((MgdRdfReader*)handle, quad);
}

MgdStatus
mgd_rdf_reader_finish(MgdRdfReader* const r)
{
  if (r->status) {
    return r->status;
  }
  if (r->opts.format == MGD_FORMAT_JSONLD) {
    const MgdSink checked = {r, NULL, NULL, reader_jsonld_quad, NULL};
    const MgdStatus st = mgd_jsonld_read(r->json.data ? r->json.data : "",
                                         r->json.len, &r->opts, &checked);
    if (st > MGD_FAILURE && !r->status) {
      r->status = st; // the JSON-LD reader reported its own diagnostic
    }
    return r->status ? r->status : mgd_sink_end(r->sink);
  }
  if (r->ttl) {
    r->status = mgd_ttl_reader_finish(r->ttl);
    return r->status ? r->status : mgd_sink_end(r->sink);
  }
  raptor_parser_parse_chunk(r->parser, NULL, 0U, 1);
  if (r->xml_state != 0 && !r->status &&
      r->opts.format == MGD_FORMAT_RDFXML) {
    return reader_fail(r, MGD_BAD_SYNTAX, r->line, 0U,
                       "syntax error: unexpected end of XML document");
  }
  return r->status ? r->status : mgd_sink_end(r->sink);
}

size_t
mgd_rdf_reader_count(const MgdRdfReader* const r)
{
  return r->ttl ? mgd_ttl_reader_count(r->ttl) : r->n_quads;
}

void
mgd_rdf_reader_free(MgdRdfReader* const r)
{
  if (r) {
    mgd_ttl_reader_free(r->ttl);
    if (r->parser) {
      raptor_free_parser(r->parser);
    }
    if (r->base_uri) {
      raptor_free_uri(r->base_uri);
    }
    if (r->world) {
      raptor_free_world(r->world);
    }
    mgd_buf_clear(&r->json);
    mgd_free(r);
  }
}

MgdStatus
mgd_path_to_file_url(const char* const path, MgdBuf* const out)
{
  MgdStatus st = mgd_buf_appendc(out, "file://");
  if (!st && path[0] != '/') {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) {
      return MGD_BAD_IO;
    }
    st = mgd_buf_appendc(out, cwd);
    if (!st) {
      st = mgd_buf_putc(out, '/');
    }
  }
  for (const char* p = path; !st && *p; ++p) {
    const unsigned char c = (unsigned char)*p;
    if (c <= 0x20U || strchr("<>\"{}|^`\\%#?", c) || c >= 0x7FU) {
      st = mgd_buf_printf(out, "%%%02X", c);
    } else {
      st = mgd_buf_putc(out, (char)c);
    }
  }
  return st;
}

MgdStatus
mgd_rdf_read_bytes(const char* const           bytes,
                   const size_t                n,
                   const MgdReadOptions* const options,
                   const MgdSink* const        sink,
                   size_t* const               n_quads)
{
  MgdRdfReader* r  = NULL;
  MgdStatus     st = mgd_rdf_reader_new(options, sink, &r);
  if (!st) {
    st = mgd_rdf_reader_feed(r, bytes, n);
  }
  if (!st) {
    st = mgd_rdf_reader_finish(r);
  }
  if (n_quads && r) {
    *n_quads = mgd_rdf_reader_count(r);
  }
  mgd_rdf_reader_free(r);
  return st;
}

MgdStatus
mgd_rdf_read_path(const char* const           path,
                  const MgdReadOptions* const options,
                  const MgdSink* const        sink,
                  size_t* const               n_quads)
{
  MgdReadOptions opts = *options;
  MgdBuf         url;
  mgd_buf_init(&url);
  MgdRdfReader* r      = NULL;
  gzFile        in     = NULL;
  char*         chunk  = NULL;
  const int     is_std = !strcmp(path, "-");
  MgdStatus     st     = MGD_SUCCESS;

  if (!opts.source_name) {
    opts.source_name = is_std ? "<stdin>" : path;
  }
  if (opts.format == MGD_FORMAT_UNKNOWN && !is_std) {
    opts.format = mgd_format_from_path(path);
  }
  if (!opts.base && !is_std) {
    if ((st = mgd_path_to_file_url(path, &url))) {
      goto done;
    }
    opts.base = url.data;
  }
  in = is_std ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path, "rb");
  if (!in) {
    st = mgd_diag(opts.diag, MGD_BAD_IO, MGD_LEVEL_ERROR, opts.source_name, 0U,
                  0U, NULL, "cannot open: %s", strerror(errno));
    goto done;
  }
  gzbuffer(in, 1U << 17);
  if ((st = mgd_rdf_reader_new(&opts, sink, &r))) {
    goto done;
  }
  chunk = (char*)mgd_malloc(1U << 17);
  if (!chunk) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  for (;;) {
    const int got = gzread(in, chunk, 1U << 17);
    if (got < 0) {
      int         err = 0;
      const char* msg = gzerror(in, &err);
      st = mgd_diag(opts.diag, MGD_BAD_IO, MGD_LEVEL_ERROR, opts.source_name,
                    0U, 0U, NULL, "read error: %s", msg);
      goto done;
    }
    if (!got) {
      break;
    }
    if ((st = mgd_rdf_reader_feed(r, chunk, (size_t)got))) {
      goto done;
    }
  }
  st = mgd_rdf_reader_finish(r);

done:
  if (n_quads) {
    *n_quads = r ? mgd_rdf_reader_count(r) : 0U;
  }
  mgd_free(chunk);
  mgd_rdf_reader_free(r);
  if (in) {
    gzclose(in);
  }
  mgd_buf_clear(&url);
  return st;
}
