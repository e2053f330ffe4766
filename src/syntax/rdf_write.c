// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "rdf_write.h"

#include "base/alloc.h"
#include "base/arena.h"

#include <stdio.h>
#include <string.h>

enum { FLUSH_BYTES = 1 << 16, MAX_PREFIXES = 64 };

typedef struct {
  char* name; ///< Prefix name (owned)
  char* iri;  ///< Namespace IRI (owned)
} Prefix;

struct MgdRdfWriterImpl {
  MgdFormat    format;     ///< Output syntax
  MgdWriteFunc write;      ///< Output
  void*        handle;     ///< Output handle
  MgdBuf       out;        ///< Pending bytes
  Prefix       prefixes[MAX_PREFIXES];
  size_t       n_prefixes;
  bool         header;     ///< Prefix header written
  MgdBuf       subject;    ///< Last subject, N-Triples form ("" = none)
  MgdBuf       graph;      ///< Last graph, N-Triples form
  bool         in_graph;   ///< Inside a TriG graph block
  MgdStatus    status;     ///< First error
};

MgdStatus
mgd_write_file(void* const handle, const char* const bytes, const size_t n)
{
  return fwrite(bytes, 1U, n, (FILE*)handle) == n ? MGD_SUCCESS : MGD_BAD_IO;
}

MgdStatus
mgd_rdf_writer_add_prefix(MgdRdfWriter* const w, const char* const name,
                          const char* const iri)
{
  for (size_t i = 0U; i < w->n_prefixes; ++i) {
    if (!strcmp(w->prefixes[i].name, name)) {
      return MGD_SUCCESS;
    }
  }
  if (w->n_prefixes == MAX_PREFIXES || w->header) {
    return MGD_SUCCESS; // prefixes are an optimisation; output stays valid
  }
  Prefix* const p = &w->prefixes[w->n_prefixes];
  p->name         = mgd_strndup(name, strlen(name));
  p->iri          = mgd_strndup(iri, strlen(iri));
  if (!p->name || !p->iri) {
    mgd_free(p->name);
    mgd_free(p->iri);
    return MGD_BAD_ALLOC;
  }
  ++w->n_prefixes;
  return MGD_SUCCESS;
}

static MgdStatus
writer_on_prefix(void* const handle, const MgdStr name, const MgdStr iri)
{
  char n[128];
  char i[1024];
  if (name.len >= sizeof(n) || iri.len >= sizeof(i)) {
    return MGD_SUCCESS;
  }
  memcpy(n, name.ptr, name.len);
  n[name.len] = '\0';
  memcpy(i, iri.ptr, iri.len);
  i[iri.len] = '\0';
  return mgd_rdf_writer_add_prefix((MgdRdfWriter*)handle, n, i);
}

static MgdStatus
writer_flush(MgdRdfWriter* const w, const bool force)
{
  if (w->out.len && (force || w->out.len >= FLUSH_BYTES)) {
    const MgdStatus st = w->write(w->handle, w->out.data, w->out.len);
    mgd_buf_reset(&w->out);
    return st;
  }
  return MGD_SUCCESS;
}

static bool
is_pn_local(const char* const s, const size_t n)
{
  // A conservative subset of PN_LOCAL: letters, digits, '_', '-' and inner
  // dots; anything else is written as a full IRI.
  if (!n) {
    return true;
  }
  for (size_t i = 0U; i < n; ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' ||
                    (c == '-' && i > 0U) || (c == '.' && i > 0U && i + 1U < n);
    if (!ok) {
      return false;
    }
  }
  return true;
}

static MgdStatus
writer_term(MgdRdfWriter* const w, const MgdTerm* const t)
{
  const bool turtle =
    w->format == MGD_FORMAT_TURTLE || w->format == MGD_FORMAT_TRIG;
  if (turtle && t->kind == MGD_TERM_IRI) {
    for (size_t i = 0U; i < w->n_prefixes; ++i) {
      const size_t n = strlen(w->prefixes[i].iri);
      if (t->value.len >= n && !memcmp(t->value.ptr, w->prefixes[i].iri, n) &&
          is_pn_local(t->value.ptr + n, t->value.len - n)) {
        MgdStatus st = mgd_buf_appendc(&w->out, w->prefixes[i].name);
        if (!st) {
          st = mgd_buf_putc(&w->out, ':');
        }
        return st ? st
                  : mgd_buf_append(&w->out, t->value.ptr + n, t->value.len - n);
      }
    }
  }
  if (turtle && t->kind == MGD_TERM_LITERAL && !t->lang.len &&
      t->datatype.len) {
    for (size_t i = 0U; i < w->n_prefixes; ++i) {
      const size_t n = strlen(w->prefixes[i].iri);
      if (t->datatype.len > n &&
          !memcmp(t->datatype.ptr, w->prefixes[i].iri, n) &&
          is_pn_local(t->datatype.ptr + n, t->datatype.len - n) &&
          !mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
        MgdTerm plain   = *t;
        plain.datatype  = mgd_str_n(NULL, 0U);
        MgdStatus st    = mgd_term_write_nt(&w->out, &plain);
        if (!st) {
          st = mgd_buf_printf(&w->out, "^^%s:", w->prefixes[i].name);
        }
        return st ? st
                  : mgd_buf_append(&w->out, t->datatype.ptr + n,
                                   t->datatype.len - n);
      }
    }
  }
  return mgd_term_write_nt(&w->out, t);
}

/// The RDF/XML namespace (RDF 1.1 XML Syntax §2.1).
static const char xml_rdf_ns[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

static MgdStatus
writer_header(MgdRdfWriter* const w)
{
  w->header    = true;
  MgdStatus st = MGD_SUCCESS;
  if (w->format == MGD_FORMAT_RDFXML) {
    return mgd_buf_printf(&w->out,
                          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                          "<rdf:RDF xmlns:rdf=\"%s\">\n", xml_rdf_ns);
  }
  if (w->format != MGD_FORMAT_TURTLE && w->format != MGD_FORMAT_TRIG) {
    return st;
  }
  for (size_t i = 0U; !st && i < w->n_prefixes; ++i) {
    st = mgd_buf_printf(&w->out, "@prefix %s: <%s> .\n", w->prefixes[i].name,
                        w->prefixes[i].iri);
  }
  if (!st && w->n_prefixes) {
    st = mgd_buf_putc(&w->out, '\n');
  }
  return st;
}

static MgdStatus
writer_close_subject(MgdRdfWriter* const w)
{
  if (w->subject.len) {
    mgd_buf_reset(&w->subject);
    return mgd_buf_appendc(&w->out, " .\n");
  }
  return MGD_SUCCESS;
}

static MgdStatus
writer_quad_turtle(MgdRdfWriter* const w, const MgdQuad* const q)
{
  MgdStatus st = MGD_SUCCESS;
  MgdBuf    key;
  mgd_buf_init(&key);
  if (w->format == MGD_FORMAT_TRIG) {
    MGD_TRY(st, mgd_term_write_nt(&key, &q->g));
    if (!w->in_graph || !mgd_str_eq(mgd_buf_str(&key), mgd_buf_str(&w->graph))) {
      st = writer_close_subject(w);
      if (!st && w->in_graph) {
        st = mgd_buf_appendc(&w->out, "}\n\n");
      }
      if (!st) {
        st = q->g.kind == MGD_TERM_NONE ? mgd_buf_appendc(&w->out, "{\n")
                                        : writer_term(w, &q->g);
      }
      if (!st && q->g.kind != MGD_TERM_NONE) {
        st = mgd_buf_appendc(&w->out, " {\n");
      }
      w->in_graph = true;
      mgd_buf_reset(&w->graph);
      if (!st) {
        st = mgd_buf_append(&w->graph, key.data, key.len);
      }
    }
    mgd_buf_reset(&key);
  }
  if (!st) {
    st = mgd_term_write_nt(&key, &q->s);
  }
  if (!st && w->subject.len &&
      mgd_str_eq(mgd_buf_str(&key), mgd_buf_str(&w->subject))) {
    st = mgd_buf_appendc(&w->out, " ;\n    ");
  } else if (!st) {
    st = writer_close_subject(w);
    if (!st) {
      st = writer_term(w, &q->s);
    }
    if (!st) {
      st = mgd_buf_putc(&w->out, ' ');
    }
    if (!st) {
      st = mgd_buf_append(&w->subject, key.data, key.len);
    }
  }
  mgd_buf_clear(&key);
  if (!st) {
    st = mgd_str_eqc(q->p.value, MGD_RDF_TYPE) ? mgd_buf_putc(&w->out, 'a')
                                               : writer_term(w, &q->p);
  }
  if (!st) {
    st = mgd_buf_putc(&w->out, ' ');
  }
  return st ? st : writer_term(w, &q->o);
}


// ------------------------------------------------------------- RDF/XML
// RDF 1.1 XML Syntax, streamed: one rdf:Description per run of quads with
// the same subject, each property element declaring its own namespace
// (xmlns:p) so no namespace table has to be known up front. Graph names
// are dropped, as in Turtle.


/// Appends `s` escaped for XML character data or (`attr`) an attribute.
/// XML 1.0 cannot carry most C0 controls: MGD_BAD_DATA.
static MgdStatus
xml_escape(MgdBuf* const out, const MgdStr s, const bool attr)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    switch (c) {
    case '&': st = mgd_buf_appendc(out, "&amp;"); break;
    case '<': st = mgd_buf_appendc(out, "&lt;"); break;
    case '>': st = mgd_buf_appendc(out, "&gt;"); break;
    case '"':
      st = attr ? mgd_buf_appendc(out, "&quot;") : mgd_buf_putc(out, '"');
      break;
    case '\r': st = mgd_buf_appendc(out, "&#13;"); break;
    case '\n':
      st = attr ? mgd_buf_appendc(out, "&#10;") : mgd_buf_putc(out, '\n');
      break;
    case '\t':
      st = attr ? mgd_buf_appendc(out, "&#9;") : mgd_buf_putc(out, '\t');
      break;
    default:
      st = c < 0x20U || c == 0x7FU ? MGD_BAD_DATA : mgd_buf_putc(out, (char)c);
    }
  }
  return st;
}

static bool
xml_name_start(const unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c >= 0x80U;
}

static bool
xml_name_char(const unsigned char c)
{
  return xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/// Where the local name of predicate IRI `p` starts (the longest NCName
/// suffix), or p.len if it cannot be split into namespace + local name.
static size_t
xml_split(const MgdStr p)
{
  size_t i = p.len;
  while (i > 0U && xml_name_char((unsigned char)p.ptr[i - 1U])) {
    --i;
  }
  // The local name must start with a name-start character
  while (i < p.len && !xml_name_start((unsigned char)p.ptr[i])) {
    ++i;
  }
  // Do not cut inside a UTF-8 sequence
  while (i < p.len && ((unsigned char)p.ptr[i] & 0xC0U) == 0x80U) {
    ++i;
  }
  return i > 0U ? i : p.len;
}

/// A blank node label as an NCName: "b" + label, other bytes as "_XX".
static MgdStatus
xml_node_id(MgdBuf* const out, const MgdStr label)
{
  static const char hex[] = "0123456789ABCDEF";
  MgdStatus         st    = mgd_buf_putc(out, 'b');
  for (size_t i = 0U; !st && i < label.len; ++i) {
    const unsigned char c = (unsigned char)label.ptr[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9')) {
      st = mgd_buf_putc(out, (char)c);
    } else {
      const char e[3] = {'_', hex[c >> 4U], hex[c & 15U]};
      st              = mgd_buf_append(out, e, 3U);
    }
  }
  return st;
}

static MgdStatus
xml_node_attr(MgdBuf* const out, const char* const iri_attr,
              const MgdTerm* const t)
{
  MgdStatus st = MGD_SUCCESS;
  if (t->kind == MGD_TERM_BLANK) {
    st = mgd_buf_appendc(out, " rdf:nodeID=\"");
    st = st ? st : xml_node_id(out, t->value);
  } else if (t->kind == MGD_TERM_IRI) {
    st = mgd_buf_printf(out, " %s=\"", iri_attr);
    st = st ? st : xml_escape(out, t->value, true);
  } else {
    return MGD_BAD_DATA;
  }
  return st ? st : mgd_buf_putc(out, '"');
}

static MgdStatus
writer_quad_xml(MgdRdfWriter* const w, const MgdQuad* const q)
{
  MgdStatus st = MGD_SUCCESS;
  MgdBuf    key;
  mgd_buf_init(&key);
  const size_t local = xml_split(q->p.value);
  if (q->p.kind != MGD_TERM_IRI || local >= q->p.value.len) {
    st = MGD_BAD_DATA; // no QName for this predicate: not expressible
    goto done;
  }
  if ((st = mgd_term_write_nt(&key, &q->s))) {
    goto done;
  }
  if (!w->subject.len ||
      !mgd_str_eq(mgd_buf_str(&key), mgd_buf_str(&w->subject))) {
    if (w->subject.len) {
      st = mgd_buf_appendc(&w->out, "  </rdf:Description>\n");
    }
    st = st ? st : mgd_buf_appendc(&w->out, "  <rdf:Description");
    st = st ? st : xml_node_attr(&w->out, "rdf:about", &q->s);
    st = st ? st : mgd_buf_appendc(&w->out, ">\n");
    mgd_buf_reset(&w->subject);
    st = st ? st : mgd_buf_append(&w->subject, key.data, key.len);
    if (st) {
      goto done;
    }
  }
  const MgdStr ns = mgd_str_n(q->p.value.ptr, local);
  const MgdStr ln = mgd_str_n(q->p.value.ptr + local, q->p.value.len - local);
  st = mgd_buf_appendc(&w->out, "    <p:");
  st = st ? st : mgd_buf_append(&w->out, ln.ptr, ln.len);
  st = st ? st : mgd_buf_appendc(&w->out, " xmlns:p=\"");
  st = st ? st : xml_escape(&w->out, ns, true);
  st = st ? st : mgd_buf_putc(&w->out, '"');
  if (st) {
    goto done;
  }
  if (q->o.kind != MGD_TERM_LITERAL) {
    st = xml_node_attr(&w->out, "rdf:resource", &q->o);
    st = st ? st : mgd_buf_appendc(&w->out, "/>\n");
    goto done;
  }
  if (q->o.lang.len) {
    st = mgd_buf_appendc(&w->out, " xml:lang=\"");
    st = st ? st : xml_escape(&w->out, q->o.lang, true);
    st = st ? st : mgd_buf_putc(&w->out, '"');
  } else if (q->o.datatype.len && !mgd_str_eqc(q->o.datatype, MGD_XSD_STRING)) {
    st = mgd_buf_appendc(&w->out, " rdf:datatype=\"");
    st = st ? st : xml_escape(&w->out, q->o.datatype, true);
    st = st ? st : mgd_buf_putc(&w->out, '"');
  }
  st = st ? st : mgd_buf_putc(&w->out, '>');
  st = st ? st : xml_escape(&w->out, q->o.value, false);
  st = st ? st : mgd_buf_appendc(&w->out, "</p:");
  st = st ? st : mgd_buf_append(&w->out, ln.ptr, ln.len);
  st = st ? st : mgd_buf_appendc(&w->out, ">\n");
done:
  mgd_buf_clear(&key);
  return st;
}

static MgdStatus
writer_end_xml(MgdRdfWriter* const w)
{
  MgdStatus st = MGD_SUCCESS;
  if (w->subject.len) {
    st = mgd_buf_appendc(&w->out, "  </rdf:Description>\n");
    mgd_buf_reset(&w->subject);
  }
  return st ? st : mgd_buf_appendc(&w->out, "</rdf:RDF>\n");
}

static MgdStatus
writer_on_quad(void* const handle, const MgdQuad* const q)
{
  MgdRdfWriter* const w  = (MgdRdfWriter*)handle;
  MgdStatus           st = w->status;
  if (!st && !w->header) {
    st = writer_header(w);
  }
  if (!st) {
    switch (w->format) {
    case MGD_FORMAT_NQUADS:
      st = mgd_quad_write_nq(&w->out, q);
      break;
    case MGD_FORMAT_NTRIPLES: {
      MgdQuad t = *q;
      t.g       = mgd_term_none();
      st        = mgd_quad_write_nq(&w->out, &t);
      break;
    }
    case MGD_FORMAT_TURTLE:
    case MGD_FORMAT_TRIG:
      st = writer_quad_turtle(w, q);
      break;
    case MGD_FORMAT_RDFXML:
      st = writer_quad_xml(w, q);
      break;
    case MGD_FORMAT_JSONLD:
    case MGD_FORMAT_UNKNOWN:
      st = MGD_BAD_UNSUPPORTED;
      break;
    }
  }
  if (!st) {
    st = writer_flush(w, false);
  }
  if (st && !w->status) {
    w->status = st;
  }
  return st;
}

static MgdStatus
writer_on_end(void* const handle)
{
  MgdRdfWriter* const w  = (MgdRdfWriter*)handle;
  MgdStatus           st = w->status;
  if (!st && !w->header) {
    st = writer_header(w);
  }
  if (!st && w->format == MGD_FORMAT_RDFXML) {
    st = writer_end_xml(w);
  } else if (!st) {
    st = writer_close_subject(w);
  }
  if (!st && w->in_graph) {
    st          = mgd_buf_appendc(&w->out, "}\n");
    w->in_graph = false;
  }
  return st ? st : writer_flush(w, true);
}

MgdStatus
mgd_rdf_writer_new(const MgdFormat format, const MgdWriteFunc write,
                   void* const handle, MgdRdfWriter** const out)
{
  if (format != MGD_FORMAT_NTRIPLES && format != MGD_FORMAT_NQUADS &&
      format != MGD_FORMAT_TURTLE && format != MGD_FORMAT_TRIG &&
      format != MGD_FORMAT_RDFXML) {
    return MGD_BAD_UNSUPPORTED;
  }
  MgdRdfWriter* const w = (MgdRdfWriter*)mgd_calloc(1U, sizeof(MgdRdfWriter));
  if (!w) {
    return MGD_BAD_ALLOC;
  }
  w->format = format;
  w->write  = write;
  w->handle = handle;
  *out      = w;
  return MGD_SUCCESS;
}

MgdSink
mgd_rdf_writer_sink(MgdRdfWriter* const writer)
{
  const MgdSink sink = {writer, NULL, writer_on_prefix, writer_on_quad,
                        writer_on_end};
  return sink;
}

void
mgd_rdf_writer_free(MgdRdfWriter* const w)
{
  if (w) {
    for (size_t i = 0U; i < w->n_prefixes; ++i) {
      mgd_free(w->prefixes[i].name);
      mgd_free(w->prefixes[i].iri);
    }
    mgd_buf_clear(&w->out);
    mgd_buf_clear(&w->subject);
    mgd_buf_clear(&w->graph);
    mgd_free(w);
  }
}
