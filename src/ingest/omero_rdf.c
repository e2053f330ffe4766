// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// RDF from OMERO (omero-rdf's ome_core: PascalCase terms, key/value pairs
// written as predicates, ontop mapping ontologies) -> OME core terms, by the
// rules in mappings/omero-rdf.tsv. The RDF is read with the syntax layer's
// raptor2 reader into a rewriting sink. All quads land in the source graph;
// blank nodes are skolemised under the graph IRI (/.well-known/genid/,
// RDF 1.1 §3.5) so that graphs from different files never share one.

#include "ingest/ingest_impl.h"

#include "syntax/rdf_read.h"

#include <string.h>

typedef struct {
  MgdIngester* ing;
  MgdEmit*     e;
  MgdBuf       s, p, o, ann, m; ///< Scratch IRIs
} Rewriter;

/// The row whose namespace `iri` starts with, of the given kind.
static const MgdMapRow*
ns_row(const MgdMapTable* const t, const MgdStr iri, const char* const kind)
{
  for (size_t i = 0; i < t->n_rows; ++i) {
    const MgdMapRow* const r = &t->rows[i];
    if (mgd_str_eqc(r->f[1], kind) && r->f[0].len < iri.len &&
        !memcmp(iri.ptr, r->f[0].ptr, r->f[0].len)) {
      return r;
    }
  }
  return NULL;
}

static MgdStatus
map_node(Rewriter* const w, const MgdTerm* const t, MgdBuf* const out,
         MgdTerm* const mapped)
{
  mgd_buf_reset(out);
  *mapped = *t;
  if (t->kind == MGD_TERM_BLANK) {
    MgdStatus st = mgd_buf_append(out, w->e->graph.data, w->e->graph.len);
    st           = st ? st : mgd_buf_appendc(out, "/.well-known/genid/");
    st           = st ? st : mgd_ingest_pct(t->value, out);
    *mapped      = mgd_term_iri(mgd_buf_str(out));
    return st;
  }
  // Term rows rewrite objects too (e.g. a class IRI), but never subjects: an
  // ontology file's declarations of the old terms stay about the old terms.
  if (t->kind == MGD_TERM_IRI && out == &w->o) {
    const MgdMapRow* const r =
      mgd_ingest_table_get(&w->ing->rdf, t->value, mgd_str(NULL));
    if (r && mgd_str_eqc(r->f[1], "term")) {
      *mapped = mgd_term_iri(r->f[2]);
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
rw_kv(Rewriter* const w, const MgdStr subj, const MgdStr key_iri,
      const MgdMapRow* const r, const MgdTerm* const o)
{
  MgdEmit* const e = w->e;
  const MgdStr   key =
    mgd_str_n(key_iri.ptr + r->f[0].len, key_iri.len - r->f[0].len);
  mgd_buf_reset(&w->ann);
  MgdStatus st     = mgd_buf_append(&w->ann, subj.ptr, subj.len);
  st               = st ? st : mgd_buf_appendc(&w->ann, "/kv");
  const MgdStr ann = mgd_buf_str(&w->ann);
  st               = st ? st
                        : mgd_ingest_emit_iri(e, ann, mgd_str(MGD_RDF_TYPE),
                                              mgd_str(MGD_NS_OME "MapAnnotation"));
  st               = st ? st
                        : mgd_ingest_emit_lit(e, ann, mgd_str(MGD_NS_OME "namespace"),
                                              r->f[2], mgd_str(NULL));
  st               = st
                       ? st
                       : mgd_ingest_emit_iri(e, subj, mgd_str(MGD_NS_MGDV "annotation"), ann);
  // One M per (key, value): its IRI names both, so repeats collapse.
  mgd_buf_reset(&w->m);
  st             = st ? st : mgd_buf_append(&w->m, ann.ptr, ann.len);
  st             = st ? st : mgd_buf_appendc(&w->m, "/M/");
  st             = st ? st : mgd_ingest_pct(key, &w->m);
  st             = st ? st : mgd_buf_putc(&w->m, '=');
  st             = st ? st : mgd_ingest_pct(o->value, &w->m);
  const MgdStr m = mgd_buf_str(&w->m);
  st = st ? st : mgd_ingest_emit_iri(e, ann, mgd_str(MGD_NS_OME "m"), m);
  st = st ? st
          : mgd_ingest_emit_iri(e, m, mgd_str(MGD_RDF_TYPE),
                                mgd_str(MGD_NS_OME "M"));
  st =
    st ? st
       : mgd_ingest_emit_lit(e, m, mgd_str(MGD_NS_OME "k"), key, mgd_str(NULL));
  st = st ? st
          : mgd_ingest_emit_lit(e, m, mgd_str(MGD_NS_OME "value"), o->value,
                                mgd_str(NULL));
  return st;
}

static MgdStatus
rw_quad(void* const handle, const MgdQuad* const q)
{
  Rewriter* const w = (Rewriter*)handle;
  MgdQuad         out;
  MgdStatus       st = map_node(w, &q->s, &w->s, &out.s);
  st                 = st ? st : map_node(w, &q->o, &w->o, &out.o);
  if (st) {
    return st;
  }
  out.p = q->p;
  out.g = mgd_term_iri(mgd_buf_str(&w->e->graph));
  const MgdMapRow* r =
    mgd_ingest_table_get(&w->ing->rdf, q->p.value, mgd_str(NULL));
  if (r && mgd_str_eqc(r->f[1], "term")) {
    out.p = mgd_term_iri(r->f[2]);
  } else if ((r = ns_row(&w->ing->rdf, q->p.value, "kv"))) {
    return rw_kv(w, out.s.value, q->p.value, r, &out.o);
  } else if ((r = ns_row(&w->ing->rdf, q->p.value, "namespace"))) {
    mgd_buf_reset(&w->p);
    st    = mgd_buf_append(&w->p, r->f[2].ptr, r->f[2].len);
    st    = st ? st
               : mgd_ingest_snake(mgd_str_n(q->p.value.ptr + r->f[0].len,
                                            q->p.value.len - r->f[0].len),
                                  &w->p);
    out.p = mgd_term_iri(mgd_buf_str(&w->p));
  }
  if (!st && out.o.kind == MGD_TERM_IRI &&
      mgd_str_eqc(q->p.value, MGD_RDF_TYPE) &&
      (r = ns_row(&w->ing->rdf, q->o.value, "namespace"))) {
    mgd_buf_reset(&w->o);
    st    = mgd_buf_append(&w->o, r->f[2].ptr, r->f[2].len);
    st    = st ? st
               : mgd_buf_append(&w->o, q->o.value.ptr + r->f[0].len,
                                q->o.value.len - r->f[0].len);
    out.o = mgd_term_iri(mgd_buf_str(&w->o));
  }
  return st ? st : mgd_ingest_emit_quad(w->e, &out);
}

static MgdFormat
sniff(const MgdStr text, const char* const path)
{
  size_t i = 0;
  while (i < text.len && (text.ptr[i] == ' ' || text.ptr[i] == '\n' ||
                          text.ptr[i] == '\r' || text.ptr[i] == '\t')) {
    ++i;
  }
  const MgdStr rest = mgd_str_n(text.ptr + i, text.len - i);
  if (mgd_str_has_prefix(rest, "<?xml") ||
      mgd_str_has_prefix(rest, "<rdf:RDF")) {
    return MGD_FORMAT_RDFXML;
  }
  const MgdFormat by_name =
    path ? mgd_format_from_path(path) : MGD_FORMAT_UNKNOWN;
  if (by_name == MGD_FORMAT_NTRIPLES || by_name == MGD_FORMAT_NQUADS ||
      by_name == MGD_FORMAT_TRIG) {
    return by_name;
  }
  // omero-rdf writes Turtle into files named *.rdf; trust the bytes.
  return MGD_FORMAT_TURTLE;
}

MgdStatus
mgd_ingest_omero_rdf(MgdIngester* const ing, MgdIngestInput* const in,
                     MgdEmit* const e)
{
  MgdBuf   text = { 0 };
  MgdBuf   base = { 0 };
  Rewriter w;
  memset(&w, 0, sizeof(w));
  w.ing        = ing;
  w.e          = e;
  MgdStatus st = mgd_ingest_input_slurp(in, ing->limits.max_body_bytes, &text);
  if (st == MGD_BAD_LIMIT) {
    st = mgd_ingest_emit_error(e, st, 0, 0, NULL,
                               "RDF document larger than %zu bytes",
                               ing->limits.max_body_bytes);
  }
  const char* const path = mgd_ingest_input_path(in);
  if (!st && path) {
    st = mgd_path_to_file_url(path, &base);
  } else if (!st) {
    st = mgd_buf_append(&base, e->graph.data, e->graph.len);
  }
  if (!st) {
    MgdReadOptions o;
    memset(&o, 0, sizeof(o));
    o.format      = sniff(mgd_buf_str(&text), path);
    o.base        = base.data;
    o.source_name = e->source;
    o.limits      = &ing->limits;
    o.diag        = e->diag;
    MgdSink sink;
    memset(&sink, 0, sizeof(sink));
    sink.handle  = &w;
    sink.on_quad = rw_quad;
    st =
      mgd_rdf_read_bytes(text.data ? text.data : "", text.len, &o, &sink, NULL);
  }
  mgd_buf_clear(&text);
  mgd_buf_clear(&base);
  mgd_buf_clear(&w.s);
  mgd_buf_clear(&w.p);
  mgd_buf_clear(&w.o);
  mgd_buf_clear(&w.ann);
  mgd_buf_clear(&w.m);
  return st;
}
