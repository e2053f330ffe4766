// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Answer writers: one switch over the output formats. Result sets go
// through syntax/results.h, RDF syntaxes through syntax/rdf_write.h; only
// JSON-LD (expanded document form, JSON-LD 1.1 §9) is written here, because
// it must stream.

#include "emit.h"

#include "server_impl.h"

#include "syntax/results.h"

#include <string.h>

static const char* const result_types[] = {
  "application/sparql-results+json",
  "application/sparql-results+xml",
  "text/csv",
  "text/tab-separated-values",
  "application/json",
  "application/xml",
  "text/xml",
};
static const MgdEmitFormat result_formats[] = {
  MGD_EMIT_JSON, MGD_EMIT_XML, MGD_EMIT_CSV, MGD_EMIT_TSV,
  MGD_EMIT_JSON, MGD_EMIT_XML, MGD_EMIT_XML,
};

static const char* const graph_types[] = {
  "text/turtle",         "application/n-triples", "application/ld+json",
  "application/n-quads", "application/trig",      "application/x-turtle",
  "text/plain",          "application/json",      "application/rdf+xml",
};
static const MgdEmitFormat graph_formats[] = {
  MGD_EMIT_TURTLE, MGD_EMIT_NTRIPLES, MGD_EMIT_JSONLD,   MGD_EMIT_NQUADS,
  MGD_EMIT_TRIG,   MGD_EMIT_TURTLE,   MGD_EMIT_NTRIPLES, MGD_EMIT_JSONLD,
  MGD_EMIT_RDFXML,
};

size_t
mgd_emit_offers(const bool                  graph,
                const char* const** const   media_types,
                const MgdEmitFormat** const formats)
{
  if (graph) {
    *media_types = graph_types;
    *formats     = graph_formats;
    return sizeof(graph_types) / sizeof(graph_types[0]);
  }
  *media_types = result_types;
  *formats     = result_formats;
  return sizeof(result_types) / sizeof(result_types[0]);
}

static const struct {
  const char*   name;
  MgdEmitFormat format;
} short_names[] = {
  { "json", MGD_EMIT_JSON },     { "srj", MGD_EMIT_JSON },
  { "xml", MGD_EMIT_XML },       { "srx", MGD_EMIT_XML },
  { "csv", MGD_EMIT_CSV },       { "tsv", MGD_EMIT_TSV },
  { "ttl", MGD_EMIT_TURTLE },    { "turtle", MGD_EMIT_TURTLE },
  { "nt", MGD_EMIT_NTRIPLES },   { "ntriples", MGD_EMIT_NTRIPLES },
  { "nq", MGD_EMIT_NQUADS },     { "nquads", MGD_EMIT_NQUADS },
  { "jsonld", MGD_EMIT_JSONLD }, { "json-ld", MGD_EMIT_JSONLD },
  { "trig", MGD_EMIT_TRIG },     { "rdf", MGD_EMIT_RDFXML },
  { "rdfxml", MGD_EMIT_RDFXML },
};

static bool
is_graph_format(const MgdEmitFormat f)
{
  return f >= MGD_EMIT_TURTLE;
}

bool
mgd_emit_by_name(const MgdStr         name,
                 const bool           graph,
                 MgdEmitFormat* const format)
{
  for (size_t i = 0U; i < sizeof(short_names) / sizeof(short_names[0]); ++i) {
    MgdEmitFormat f = short_names[i].format;
    if (mgd_str_eqc(name, short_names[i].name)) {
      // "json" means the JSON flavour of whatever the answer is
      if (graph && f == MGD_EMIT_JSON) {
        f = MGD_EMIT_JSONLD;
      }
      if (is_graph_format(f) == graph) {
        *format = f;
        return true;
      }
      return false;
    }
  }
  const char* const*   types   = NULL;
  const MgdEmitFormat* formats = NULL;
  const size_t         n       = mgd_emit_offers(graph, &types, &formats);
  for (size_t i = 0U; i < n; ++i) {
    if (mgd_str_eqc(name, types[i])) {
      *format = formats[i];
      return true;
    }
  }
  return false;
}

const char*
mgd_emit_content_type(const MgdEmitFormat format)
{
  switch (format) {
  case MGD_EMIT_JSON: return "application/sparql-results+json";
  case MGD_EMIT_XML: return "application/sparql-results+xml; charset=utf-8";
  case MGD_EMIT_CSV: return "text/csv; charset=utf-8";
  case MGD_EMIT_TSV: return "text/tab-separated-values; charset=utf-8";
  case MGD_EMIT_TURTLE: return "text/turtle; charset=utf-8";
  case MGD_EMIT_NTRIPLES: return "application/n-triples";
  case MGD_EMIT_NQUADS: return "application/n-quads";
  case MGD_EMIT_JSONLD: return "application/ld+json";
  case MGD_EMIT_TRIG: return "application/trig; charset=utf-8";
  case MGD_EMIT_RDFXML: return "application/rdf+xml";
  }
  return "application/octet-stream";
}

// JSON-LD

static MgdStatus
jsonld_node_id(MgdBuf* const out, const MgdTerm* const t)
{
  if (t->kind == MGD_TERM_BLANK) {
    MgdBuf    label;
    MgdStatus st = MGD_SUCCESS;
    mgd_buf_init(&label);
    st = mgd_buf_append(&label, "_:", 2U);
    st = st ? st : mgd_buf_append(&label, t->value.ptr, t->value.len);
    st = st ? st : mgd_http_json_string(out, mgd_buf_str(&label));
    mgd_buf_clear(&label);
    return st;
  }
  return mgd_http_json_string(out, t->value);
}

static MgdStatus
jsonld_object(MgdBuf* const out, const MgdTerm* const o)
{
  MgdStatus st = MGD_SUCCESS;
  if (o->kind != MGD_TERM_LITERAL) {
    st = mgd_buf_appendc(out, "{\"@id\":");
    st = st ? st : jsonld_node_id(out, o);
    return st ? st : mgd_buf_putc(out, '}');
  }
  st = mgd_buf_appendc(out, "{\"@value\":");
  st = st ? st : mgd_http_json_string(out, o->value);
  if (!st && o->lang.len) {
    st = mgd_buf_appendc(out, ",\"@language\":");
    st = st ? st : mgd_http_json_string(out, o->lang);
  } else if (!st && o->datatype.len &&
             !mgd_str_eqc(o->datatype, MGD_XSD_STRING)) {
    st = mgd_buf_appendc(out, ",\"@type\":");
    st = st ? st : mgd_http_json_string(out, o->datatype);
  }
  return st ? st : mgd_buf_putc(out, '}');
}

static MgdStatus
jsonld_quad(MgdBuf* const out, const MgdQuad* const q, const bool first)
{
  const bool named = q->g.kind == MGD_TERM_IRI || q->g.kind == MGD_TERM_BLANK;
  MgdStatus  st    = mgd_buf_appendc(out, first ? "\n" : ",\n");
  if (!st && named) {
    st = mgd_buf_appendc(out, "{\"@id\":");
    st = st ? st : jsonld_node_id(out, &q->g);
    st = st ? st : mgd_buf_appendc(out, ",\"@graph\":[");
  }
  st = st ? st : mgd_buf_appendc(out, "{\"@id\":");
  st = st ? st : jsonld_node_id(out, &q->s);
  st = st ? st : mgd_buf_putc(out, ',');
  st = st ? st : mgd_http_json_string(out, q->p.value);
  st = st ? st : mgd_buf_appendc(out, ":[");
  st = st ? st : jsonld_object(out, &q->o);
  st = st ? st : mgd_buf_appendc(out, "]}");
  if (!st && named) {
    st = mgd_buf_appendc(out, "]}");
  }
  return st;
}

static MgdStatus
emit_write(void* const handle, const char* const bytes, const size_t n)
{
  MgdEmitter* const e = (MgdEmitter*)handle;
  return mgd_buf_append(e->out, bytes, n);
}

static MgdStatus
writer_begin(MgdEmitter* const e, const MgdFormat format)
{
  static const char* const prefixes[][2] = {
    { "rdf", MGD_NS_RDF },
    { "rdfs", MGD_NS_RDFS },
    { "xsd", MGD_NS_XSD },
    { "owl", "http://www.w3.org/2002/07/owl#" },
    { "dcterms", "http://purl.org/dc/terms/" },
    { "schema", "http://schema.org/" },
    { "prov", "http://www.w3.org/ns/prov#" },
    { "ome", "https://ld.openmicroscopy.org/core/" },
  };
  MgdStatus  st = mgd_rdf_writer_new(format, emit_write, e, &e->writer);
  const bool abbreviates =
    format == MGD_FORMAT_TURTLE || format == MGD_FORMAT_TRIG;
  for (size_t i = 0U;
       !st && abbreviates && i < sizeof(prefixes) / sizeof(prefixes[0]);
       ++i) {
    st = mgd_rdf_writer_add_prefix(e->writer, prefixes[i][0], prefixes[i][1]);
  }
  return st;
}

void
mgd_emit_clear(MgdEmitter* const e)
{
  if (e) {
    mgd_rdf_writer_free(e->writer);
    mgd_results_writer_free(e->results);
    e->writer  = NULL;
    e->results = NULL;
  }
}

static MgdResultsFormat
results_format(const MgdEmitFormat f)
{
  switch (f) {
  case MGD_EMIT_JSON: return MGD_RESULTS_JSON;
  case MGD_EMIT_XML: return MGD_RESULTS_XML;
  case MGD_EMIT_CSV: return MGD_RESULTS_CSV;
  case MGD_EMIT_TSV: return MGD_RESULTS_TSV;
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES:
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_JSONLD:
  case MGD_EMIT_TRIG:
  case MGD_EMIT_RDFXML: break;
  }
  return MGD_RESULTS_UNKNOWN;
}

static MgdStatus
results_begin(MgdEmitter* const e)
{
  return mgd_results_writer_new(
    results_format(e->format), emit_write, e, &e->results);
}

MgdStatus
mgd_emit_begin(MgdEmitter* const e, MgdBuf* const out)
{
  e->out       = out;
  MgdStatus st = MGD_SUCCESS;
  switch (e->format) {
  case MGD_EMIT_JSON:
  case MGD_EMIT_XML:
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV:
    st = results_begin(e);
    return st ? st : mgd_results_writer_begin(e->results, e->vars, e->n_vars);
  case MGD_EMIT_JSONLD: return mgd_buf_putc(out, '[');
  case MGD_EMIT_TURTLE: return writer_begin(e, MGD_FORMAT_TURTLE);
  case MGD_EMIT_NTRIPLES: return writer_begin(e, MGD_FORMAT_NTRIPLES);
  case MGD_EMIT_NQUADS: return writer_begin(e, MGD_FORMAT_NQUADS);
  case MGD_EMIT_TRIG: return writer_begin(e, MGD_FORMAT_TRIG);
  case MGD_EMIT_RDFXML: return writer_begin(e, MGD_FORMAT_RDFXML);
  }
  return MGD_BAD_ARG;
}

MgdStatus
mgd_emit_row(MgdEmitter* const e, const MgdTerm* const row, MgdBuf* const out)
{
  e->out = out;
  if (!e->results) {
    return MGD_BAD_ARG;
  }
  ++e->n_items;
  return mgd_results_writer_row(e->results, row);
}

MgdStatus
mgd_emit_quad(MgdEmitter* const e, const MgdQuad* const q, MgdBuf* const out)
{
  MgdStatus st = MGD_SUCCESS;
  e->out       = out;
  switch (e->format) {
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_TRIG:
  case MGD_EMIT_RDFXML:
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES: {
    if (!e->writer) {
      return MGD_BAD_ARG;
    }
    const MgdSink sink = mgd_rdf_writer_sink(e->writer);
    st                 = mgd_sink_quad(&sink, q);
    break;
  }
  case MGD_EMIT_JSONLD: st = jsonld_quad(out, q, e->n_items == 0U); break;
  case MGD_EMIT_JSON:
  case MGD_EMIT_XML:
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV: return MGD_BAD_ARG;
  }
  ++e->n_items;
  return st;
}

MgdStatus
mgd_emit_end(MgdEmitter* const e, MgdBuf* const out)
{
  e->out = out;
  switch (e->format) {
  case MGD_EMIT_JSON:
  case MGD_EMIT_XML:
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV:
    return e->results ? mgd_results_writer_end(e->results) : MGD_BAD_ARG;
  case MGD_EMIT_JSONLD: return mgd_buf_appendc(out, "\n]\n");
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES:
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_RDFXML:
  case MGD_EMIT_TRIG: {
    if (!e->writer) {
      return MGD_BAD_ARG;
    }
    const MgdSink sink = mgd_rdf_writer_sink(e->writer);
    return mgd_sink_end(&sink);
  }
  }
  return MGD_BAD_ARG;
}

MgdStatus
mgd_emit_boolean(MgdEmitter* const e, const bool value, MgdBuf* const out)
{
  e->out = out;
  if (results_format(e->format) == MGD_RESULTS_UNKNOWN) {
    return MGD_BAD_ARG;
  }
  MgdStatus st = results_begin(e);
  st           = st ? st : mgd_results_writer_boolean(e->results, value);
  return st ? st : mgd_results_writer_end(e->results);
}
