// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Answer writers. Formats: SPARQL 1.1 Query Results JSON (W3C REC
// 2013-03-21), XML, CSV/TSV; N-Triples/N-Quads through term.h; JSON-LD 1.1
// expanded document form.

#include "emit.h"

#include "server_impl.h"

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
  "text/plain",          "application/json",
};
static const MgdEmitFormat graph_formats[] = {
  MGD_EMIT_TURTLE, MGD_EMIT_NTRIPLES, MGD_EMIT_JSONLD, MGD_EMIT_NQUADS,
  MGD_EMIT_TRIG,   MGD_EMIT_TURTLE,   MGD_EMIT_NTRIPLES, MGD_EMIT_JSONLD,
};

size_t
mgd_emit_offers(const bool                   graph,
                const char* const** const    media_types,
                const MgdEmitFormat** const  formats)
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
  {"json", MGD_EMIT_JSON},     {"srj", MGD_EMIT_JSON},
  {"xml", MGD_EMIT_XML},       {"srx", MGD_EMIT_XML},
  {"csv", MGD_EMIT_CSV},       {"tsv", MGD_EMIT_TSV},
  {"ttl", MGD_EMIT_TURTLE},    {"turtle", MGD_EMIT_TURTLE},
  {"nt", MGD_EMIT_NTRIPLES},   {"ntriples", MGD_EMIT_NTRIPLES},
  {"nq", MGD_EMIT_NQUADS},     {"nquads", MGD_EMIT_NQUADS},
  {"jsonld", MGD_EMIT_JSONLD}, {"json-ld", MGD_EMIT_JSONLD},
  {"trig", MGD_EMIT_TRIG},
};

static bool
is_graph_format(const MgdEmitFormat f)
{
  return f >= MGD_EMIT_TURTLE;
}

bool
mgd_emit_by_name(const MgdStr name, const bool graph, MgdEmitFormat* const format)
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
  const char* const*    types   = NULL;
  const MgdEmitFormat*  formats = NULL;
  const size_t          n       = mgd_emit_offers(graph, &types, &formats);
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
  }
  return "application/octet-stream";
}

// SPARQL JSON

static MgdStatus
json_term(MgdBuf* const out, const MgdTerm* const t)
{
  MgdStatus st = MGD_SUCCESS;
  switch (t->kind) {
  case MGD_TERM_NONE: return MGD_BAD_ARG;
  case MGD_TERM_IRI: st = mgd_buf_appendc(out, "{\"type\":\"uri\",\"value\":"); break;
  case MGD_TERM_BLANK:
    st = mgd_buf_appendc(out, "{\"type\":\"bnode\",\"value\":");
    break;
  case MGD_TERM_LITERAL:
    st = mgd_buf_appendc(out, "{\"type\":\"literal\",\"value\":");
    break;
  }
  if (!st) {
    st = mgd_http_json_string(out, t->value);
  }
  if (!st && t->kind == MGD_TERM_LITERAL) {
    if (t->lang.len) {
      st = mgd_buf_appendc(out, ",\"xml:lang\":");
      if (!st) {
        st = mgd_http_json_string(out, t->lang);
      }
    } else if (t->datatype.len && !mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
      st = mgd_buf_appendc(out, ",\"datatype\":");
      if (!st) {
        st = mgd_http_json_string(out, t->datatype);
      }
    }
  }
  return st ? st : mgd_buf_putc(out, '}');
}

// SPARQL XML

static MgdStatus
xml_term(MgdBuf* const out, const MgdTerm* const t)
{
  MgdStatus st = MGD_SUCCESS;
  switch (t->kind) {
  case MGD_TERM_NONE: return MGD_BAD_ARG;
  case MGD_TERM_IRI:
    st = mgd_buf_appendc(out, "<uri>");
    st = st ? st : mgd_http_xml_text(out, t->value);
    return st ? st : mgd_buf_appendc(out, "</uri>");
  case MGD_TERM_BLANK:
    st = mgd_buf_appendc(out, "<bnode>");
    st = st ? st : mgd_http_xml_text(out, t->value);
    return st ? st : mgd_buf_appendc(out, "</bnode>");
  case MGD_TERM_LITERAL: break;
  }
  st = mgd_buf_appendc(out, "<literal");
  if (!st && t->lang.len) {
    st = mgd_buf_appendc(out, " xml:lang=\"");
    st = st ? st : mgd_http_xml_text(out, t->lang);
    st = st ? st : mgd_buf_putc(out, '"');
  } else if (!st && t->datatype.len &&
             !mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
    st = mgd_buf_appendc(out, " datatype=\"");
    st = st ? st : mgd_http_xml_text(out, t->datatype);
    st = st ? st : mgd_buf_putc(out, '"');
  }
  st = st ? st : mgd_buf_putc(out, '>');
  st = st ? st : mgd_http_xml_text(out, t->value);
  return st ? st : mgd_buf_appendc(out, "</literal>");
}

// CSV (SPARQL 1.1 Query Results CSV and TSV Formats §2)

static MgdStatus
csv_field(MgdBuf* const out, const MgdStr s)
{
  bool quote = false;
  for (size_t i = 0U; i < s.len; ++i) {
    if (strchr(",\"\r\n", s.ptr[i]) && s.ptr[i]) {
      quote = true;
    }
  }
  if (!quote) {
    return mgd_buf_append(out, s.ptr, s.len);
  }
  MgdStatus st = mgd_buf_putc(out, '"');
  for (size_t i = 0U; !st && i < s.len; ++i) {
    st = s.ptr[i] == '"' ? mgd_buf_append(out, "\"\"", 2U)
                         : mgd_buf_putc(out, s.ptr[i]);
  }
  return st ? st : mgd_buf_putc(out, '"');
}

static MgdStatus
csv_term(MgdBuf* const out, const MgdTerm* const t)
{
  if (t->kind == MGD_TERM_BLANK) {
    MgdStatus st = mgd_buf_append(out, "_:", 2U);
    return st ? st : csv_field(out, t->value);
  }
  return csv_field(out, t->value);
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
    {"rdf", MGD_NS_RDF},
    {"rdfs", MGD_NS_RDFS},
    {"xsd", MGD_NS_XSD},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"schema", "http://schema.org/"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"ome", "https://ld.openmicroscopy.org/core/"},
  };
  MgdStatus st = mgd_rdf_writer_new(format, emit_write, e, &e->writer);
  const bool abbreviates =
    format == MGD_FORMAT_TURTLE || format == MGD_FORMAT_TRIG;
  for (size_t i = 0U;
       !st && abbreviates && i < sizeof(prefixes) / sizeof(prefixes[0]); ++i) {
    st = mgd_rdf_writer_add_prefix(e->writer, prefixes[i][0], prefixes[i][1]);
  }
  return st;
}

void
mgd_emit_clear(MgdEmitter* const e)
{
  if (e) {
    mgd_rdf_writer_free(e->writer);
    e->writer = NULL;
  }
}

MgdStatus
mgd_emit_begin(MgdEmitter* const e, MgdBuf* const out)
{
  e->out = out;
  MgdStatus st = MGD_SUCCESS;
  switch (e->format) {
  case MGD_EMIT_JSON:
    st = mgd_buf_appendc(out, "{\"head\":{\"vars\":[");
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      st = i ? mgd_buf_putc(out, ',') : MGD_SUCCESS;
      st = st ? st : mgd_http_json_string(out, e->vars[i]);
    }
    return st ? st : mgd_buf_appendc(out, "]},\"results\":{\"bindings\":[");
  case MGD_EMIT_XML:
    st = mgd_buf_appendc(
      out, "<?xml version=\"1.0\"?>\n<sparql "
           "xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head>\n");
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      st = mgd_buf_appendc(out, "<variable name=\"");
      st = st ? st : mgd_http_xml_text(out, e->vars[i]);
      st = st ? st : mgd_buf_appendc(out, "\"/>\n");
    }
    return st ? st : mgd_buf_appendc(out, "</head>\n<results>\n");
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV:
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      if (i) {
        st = mgd_buf_putc(out, e->format == MGD_EMIT_CSV ? ',' : '\t');
      }
      if (!st && e->format == MGD_EMIT_TSV) {
        st = mgd_buf_putc(out, '?');
      }
      st = st ? st : csv_field(out, e->vars[i]);
    }
    return st ? st
              : mgd_buf_appendc(out, e->format == MGD_EMIT_CSV ? "\r\n" : "\n");
  case MGD_EMIT_JSONLD: return mgd_buf_putc(out, '[');
  case MGD_EMIT_TURTLE: return writer_begin(e, MGD_FORMAT_TURTLE);
  case MGD_EMIT_NTRIPLES: return writer_begin(e, MGD_FORMAT_NTRIPLES);
  case MGD_EMIT_NQUADS: return writer_begin(e, MGD_FORMAT_NQUADS);
  case MGD_EMIT_TRIG: return writer_begin(e, MGD_FORMAT_TRIG);
  }
  return MGD_BAD_ARG;
}

MgdStatus
mgd_emit_row(MgdEmitter* const e, const MgdTerm* const row, MgdBuf* const out)
{
  MgdStatus st = MGD_SUCCESS;
  switch (e->format) {
  case MGD_EMIT_JSON: {
    st         = mgd_buf_appendc(out, e->n_items ? ",\n{" : "\n{");
    bool first = true;
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      if (row[i].kind != MGD_TERM_NONE) {
        st = first ? MGD_SUCCESS : mgd_buf_putc(out, ',');
        st = st ? st : mgd_http_json_string(out, e->vars[i]);
        st = st ? st : mgd_buf_putc(out, ':');
        st = st ? st : json_term(out, &row[i]);
        first = false;
      }
    }
    st = st ? st : mgd_buf_putc(out, '}');
    break;
  }
  case MGD_EMIT_XML:
    st = mgd_buf_appendc(out, "<result>");
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      if (row[i].kind != MGD_TERM_NONE) {
        st = mgd_buf_appendc(out, "<binding name=\"");
        st = st ? st : mgd_http_xml_text(out, e->vars[i]);
        st = st ? st : mgd_buf_appendc(out, "\">");
        st = st ? st : xml_term(out, &row[i]);
        st = st ? st : mgd_buf_appendc(out, "</binding>");
      }
    }
    st = st ? st : mgd_buf_appendc(out, "</result>\n");
    break;
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV:
    for (size_t i = 0U; !st && i < e->n_vars; ++i) {
      if (i) {
        st = mgd_buf_putc(out, e->format == MGD_EMIT_CSV ? ',' : '\t');
      }
      if (!st && row[i].kind != MGD_TERM_NONE) {
        st = e->format == MGD_EMIT_CSV ? csv_term(out, &row[i])
                                       : mgd_term_write_nt(out, &row[i]);
      }
    }
    st = st ? st
            : mgd_buf_appendc(out, e->format == MGD_EMIT_CSV ? "\r\n" : "\n");
    break;
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES:
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_TRIG:
  case MGD_EMIT_JSONLD: return MGD_BAD_ARG;
  }
  ++e->n_items;
  return st;
}

MgdStatus
mgd_emit_quad(MgdEmitter* const e, const MgdQuad* const q, MgdBuf* const out)
{
  MgdStatus st = MGD_SUCCESS;
  e->out      = out;
  switch (e->format) {
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_TRIG:
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
  case MGD_EMIT_JSON: return mgd_buf_appendc(out, "\n]}}\n");
  case MGD_EMIT_XML: return mgd_buf_appendc(out, "</results>\n</sparql>\n");
  case MGD_EMIT_JSONLD: return mgd_buf_appendc(out, "\n]\n");
  case MGD_EMIT_CSV:
  case MGD_EMIT_TSV: return MGD_SUCCESS;
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES:
  case MGD_EMIT_NQUADS:
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
  const char* const v = value ? "true" : "false";
  switch (e->format) {
  case MGD_EMIT_JSON:
    return mgd_buf_printf(out, "{\"head\":{},\"boolean\":%s}\n", v);
  case MGD_EMIT_XML:
    return mgd_buf_printf(
      out,
      "<?xml version=\"1.0\"?>\n<sparql "
      "xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head/>\n"
      "<boolean>%s</boolean>\n</sparql>\n",
      v);
  case MGD_EMIT_CSV: return mgd_buf_printf(out, "_askResult\r\n%s\r\n", v);
  case MGD_EMIT_TSV: return mgd_buf_printf(out, "?_askResult\n%s\n", v);
  case MGD_EMIT_TURTLE:
  case MGD_EMIT_NTRIPLES:
  case MGD_EMIT_NQUADS:
  case MGD_EMIT_TRIG:
  case MGD_EMIT_JSONLD: return MGD_BAD_ARG;
  }
  return MGD_BAD_ARG;
}
