// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /resource/…: Linked Data for one IRI (DESIGN.md §6).
//
// Which IRI: `/resource/<percent-encoded absolute IRI>` (or `/resource/?iri=`)
// names any IRI; every other `/resource/<path>` is a minted IRI, the
// request URL itself (`<base-url>/resource/<path>`), so IRIs the store
// mints under its base dereference to their own description. A path that
// decodes to something with a scheme and no forbidden characters counts
// as an encoded IRI (a `#` must be sent as %23: browsers cut fragments).
//
// What: the Concise Bounded Description (W3C Member Submission, 2005): all
// triples with the IRI as subject in any graph, plus, recursively, those of
// every blank node reached as an object. `?incoming=1` adds the triples
// that point at it (capped), and so does an IRI that is never a subject.
// Triple formats merge the graphs (a triple in two graphs appears once);
// N-Quads and TriG keep each quad's graph.
//
// How: Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG through the
// shared emitters (emit.h) by Accept or `?format=`; no Accept and `*/*`
// get Turtle. `text/html` (what browsers ask for first) gets a small page
// rendered here rather than a redirect to the search page: crawlers and
// scripts-off readers see the data and its links, every value links to
// its own /resource/ page, and the page links to the interactive view of
// the search page (/?resource=IRI), the RDF formats and a DESCRIBE query.
// All data in it is escaped. 404 when no quad mentions the IRI.
//
// The description is read whole in one read transaction and answered from
// memory: a description is bounded (RES_MAX_TRIPLES) and most are small.
// The server holds a work slot for the request (server.c's gate).

#include "emit.h"
#include "server_impl.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <stdio.h>
#include <string.h>

/// Most triples in one description (CBD included); beyond it the answer
/// is 507 and points to /sparql, which pages.
#define RES_MAX_TRIPLES 20000U
/// Most incoming triples listed (HTML always, RDF with ?incoming=1).
#define RES_MAX_INCOMING 500U
/// Label look-ups for one HTML page; later values show their IRI.
#define RES_MAX_LABELS 2000U

/// The label predicates, in order of preference (also the search page's).
static const char* const label_predicates[] = {
  "http://www.w3.org/2004/02/skos/core#prefLabel",
  "http://www.w3.org/2000/01/rdf-schema#label",
  "http://schema.org/name",
  "https://schema.org/name",
  "http://purl.org/dc/terms/title",
  "https://ld.openmicroscopy.org/core/name",
};
#define N_LABEL_PREDICATES \
  (sizeof(label_predicates) / sizeof(label_predicates[0]))

/// Prefixes for showing IRIs without a label compactly in the HTML page.
static const struct {
  const char* prefix;
  const char* ns;
} html_prefixes[] = {
  { "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#" },
  { "rdfs", "http://www.w3.org/2000/01/rdf-schema#" },
  { "xsd", "http://www.w3.org/2001/XMLSchema#" },
  { "owl", "http://www.w3.org/2002/07/owl#" },
  { "skos", "http://www.w3.org/2004/02/skos/core#" },
  { "dcterms", "http://purl.org/dc/terms/" },
  { "schema", "https://schema.org/" },
  { "schema", "http://schema.org/" },
  { "prov", "http://www.w3.org/ns/prov#" },
  { "void", "http://rdfs.org/ns/void#" },
  { "ome", "https://ld.openmicroscopy.org/core/" },
  { "rembi", "https://w3id.org/mugdat/rembi#" },
  { "mgdv", "https://w3id.org/mugdat/vocab#" },
  { "obo", "http://purl.obolibrary.org/obo/" },
};

/// The format picked: an emitter format, or the HTML page.
typedef struct {
  bool          html;   ///< The HTML page
  MgdEmitFormat format; ///< Otherwise this RDF syntax
} ResFormat;

/// A read description.
typedef struct {
  MgdServer*  server;
  MgdRequest* request;
  MgdSource   source;
  MgdId       id;      ///< The described IRI
  MgdIdQuad*  out;     ///< CBD quads (growing array)
  size_t      n_out;   ///< Used
  size_t      cap_out; ///< Allocated
  MgdIdQuad*  in;      ///< Incoming quads
  size_t      n_in;    ///< Used
  bool        more_in; ///< Incoming quads were left off
  MgdHashMap  seen;    ///< Blank nodes visited, triples emitted
  MgdId       labels[N_LABEL_PREDICATES]; ///< Their ids (NONE: absent)
  unsigned    n_label_lookups;            ///< Look-ups done
  MgdArena*   arena;                      ///< Request arena
} Description;

static MgdStatus
push_quad(MgdIdQuad** const      quads,
          size_t* const          n,
          size_t* const          cap,
          const MgdIdQuad* const q)
{
  if (*n == *cap) {
    const size_t     cap2 = *cap ? *cap * 2U : 64U;
    MgdIdQuad* const grown =
      (MgdIdQuad*)mgd_realloc(*quads, cap2 * sizeof(MgdIdQuad));
    if (!grown) {
      return MGD_BAD_ALLOC;
    }
    *quads = grown;
    *cap   = cap2;
  }
  (*quads)[(*n)++] = *q;
  return MGD_SUCCESS;
}

/// The CBD of d->id into d->out: its quads, then those of every blank node
/// reached as an object, each node once.
static MgdStatus
describe_cbd(Description* const d)
{
  const MgdSource* const src = &d->source;
  // The array doubles as the work queue: quads of node k are appended,
  // and the scan over it finds their blank objects in turn.
  MgdId     node = d->id;
  size_t    next = 0U;
  MgdStatus st   = MGD_SUCCESS;
  for (;;) {
    const MgdIdQuad pattern = { node, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE };
    MgdIter*        iter    = NULL;
    st = src->vt->match(src->handle, &pattern, &iter);
    while (!st) {
      MgdIdQuad q;
      st = src->vt->next(iter, &q);
      if (st) {
        break;
      }
      if (d->n_out >= RES_MAX_TRIPLES) {
        st = MGD_BAD_LIMIT;
        break;
      }
      st = push_quad(&d->out, &d->n_out, &d->cap_out, &q);
    }
    src->vt->iter_free(iter);
    if (st != MGD_FAILURE) {
      return st;
    }
    // Find the next blank object not described yet
    node = MGD_ID_NONE;
    while (next < d->n_out && node == MGD_ID_NONE) {
      const MgdId o = d->out[next++].o;
      if (mgd_id_kind(o) != MGD_TERM_BLANK || o == d->id) {
        continue;
      }
      bool inserted = false;
      st = mgd_hashmap_put(&d->seen, &o, sizeof(o), 0U, NULL, &inserted);
      if (st) {
        return st;
      }
      if (inserted) {
        node = o;
      }
    }
    if (node == MGD_ID_NONE) {
      return MGD_SUCCESS;
    }
  }
}

/// Up to RES_MAX_INCOMING quads pointing at the IRI.
static MgdStatus
describe_incoming(Description* const d)
{
  const MgdSource* const src     = &d->source;
  const MgdIdQuad        pattern = { MGD_ID_NONE, MGD_ID_NONE, d->id,
                                     MGD_ID_NONE };
  MgdIter*               iter    = NULL;
  size_t                 cap     = 0U;
  MgdStatus              st = src->vt->match(src->handle, &pattern, &iter);
  while (!st) {
    MgdIdQuad q;
    st = src->vt->next(iter, &q);
    if (st) {
      break;
    }
    if (d->n_in >= RES_MAX_INCOMING) {
      d->more_in = true;
      st         = MGD_FAILURE;
      break;
    }
    st = push_quad(&d->in, &d->n_in, &cap, &q);
  }
  src->vt->iter_free(iter);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

/// Whether any quad uses the IRI as predicate or graph name (a property
/// or a graph without triples about itself is still something).
static MgdStatus
used_elsewhere(const Description* const d, bool* const used)
{
  const MgdSource* const src = &d->source;
  const MgdIdQuad        patterns[2] = {
    { MGD_ID_NONE, d->id, MGD_ID_NONE, MGD_ID_NONE },
    { MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, d->id },
  };
  *used = false;
  for (size_t k = 0U; k < 2U && !*used; ++k) {
    MgdIter*  iter = NULL;
    MgdStatus st   = src->vt->match(src->handle, &patterns[k], &iter);
    if (!st) {
      MgdIdQuad q;
      st    = src->vt->next(iter, &q);
      *used = st == MGD_SUCCESS;
    }
    src->vt->iter_free(iter);
    if (st > MGD_FAILURE) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

// Which IRI and which format

static bool
has_scheme(const MgdStr s)
{
  size_t i = 0U;
  if (!s.len || !((s.ptr[0] >= 'a' && s.ptr[0] <= 'z') ||
                  (s.ptr[0] >= 'A' && s.ptr[0] <= 'Z'))) {
    return false;
  }
  for (i = 1U; i < s.len; ++i) {
    const char c = s.ptr[i];
    if (c == ':') {
      return true;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
      return false;
    }
  }
  return false;
}

/// The candidate IRIs a request names, most likely first (a minted path
/// may be stored with its escapes or decoded). False after filling
/// `response` with an error.
static bool
resource_iris(MgdServer* const        server,
              const MgdRequest* const request,
              MgdResponse* const      response,
              MgdStr* const           iris,
              size_t* const           n_iris)
{
  static const char prefix[] = "/resource/";
  *n_iris                    = 0U;
  const MgdStr raw = request->raw_path;
  if (!mgd_str_has_prefix(raw, prefix)) {
    mgd_http_problem(request, response, 404U, "spell /resource/ plainly");
    return false;
  }
  const MgdStr rest =
    mgd_str_n(raw.ptr + (sizeof(prefix) - 1U), raw.len - (sizeof(prefix) - 1U));
  if (!rest.len) {
    const MgdStr* const iri = mgd_form_get(&request->query, "iri");
    if (!iri || !mgd_iri_is_valid(*iri)) {
      mgd_http_problem(request,
                       response,
                       400U,
                       "name the resource as /resource/<percent-encoded "
                       "absolute IRI>, /resource/?iri=IRI or a minted "
                       "/resource/<path>");
      return false;
    }
    iris[(*n_iris)++] = *iri;
    return true;
  }
  MgdStr decoded;
  if (mgd_form_decode(request->arena, rest.ptr, rest.len, false, &decoded)) {
    mgd_http_problem(request, response, 400U, "bad %-escape in the path");
    return false;
  }
  if (has_scheme(decoded) && mgd_iri_is_valid(decoded) &&
      memchr(decoded.ptr, '\0', decoded.len) == NULL) {
    iris[(*n_iris)++] = decoded;
    return true;
  }
  // A minted IRI: the request URL on this server (escapes kept as sent,
  // then decoded, which is how non-ASCII IRIs are usually stored)
  const char* const path = mgd_arena_strndup(request->arena, raw.ptr, raw.len);
  const char* const url  = path ? mgd_http_url(server, request, path) : NULL;
  if (!url) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
    return false;
  }
  if (mgd_iri_is_valid(mgd_str(url))) {
    iris[(*n_iris)++] = mgd_str(url);
  }
  const char* const base = mgd_http_url(server, request, prefix);
  MgdBuf            buf;
  mgd_buf_init(&buf);
  MgdStatus st = mgd_buf_appendc(&buf, base);
  st           = st ? st : mgd_buf_append(&buf, decoded.ptr, decoded.len);
  const char* const minted =
    st ? NULL : mgd_arena_strndup(request->arena, buf.data, buf.len);
  mgd_buf_clear(&buf);
  if (minted && strcmp(minted, url) && mgd_iri_is_valid(mgd_str(minted)) &&
      memchr(decoded.ptr, '\0', decoded.len) == NULL) {
    iris[(*n_iris)++] = mgd_str(minted);
  }
  if (!*n_iris) {
    mgd_http_problem(request, response, 404U, "not a valid IRI");
    return false;
  }
  return true;
}

static bool
resource_format(const MgdRequest* const request,
                MgdResponse* const      response,
                ResFormat* const        out)
{
  memset(out, 0, sizeof(*out));
  const MgdStr* const name = mgd_form_get(&request->query, "format");
  if (name) {
    if (mgd_str_eqc(*name, "html") || mgd_str_eqc(*name, "text/html")) {
      out->html = true;
      return true;
    }
    if (mgd_emit_by_name(*name, true, &out->format)) {
      return true;
    }
    mgd_http_problem(request,
                     response,
                     406U,
                     "format= takes html, ttl, nt, jsonld, rdf, nq or trig");
    return false;
  }
  const char* const*   graph_types   = NULL;
  const MgdEmitFormat* graph_formats = NULL;
  const size_t n_graph = mgd_emit_offers(true, &graph_types, &graph_formats);
  // RDF first: a client that names nothing (or */*) wants data
  const char* offered[24];
  size_t      n = 0U;
  for (size_t i = 0U; i < n_graph && n < 22U; ++i) {
    offered[n++] = graph_types[i];
  }
  const size_t n_rdf = n;
  offered[n++]       = "text/html";
  offered[n++]       = "application/xhtml+xml";
  const int k        = mgd_conneg_choose(request->accept, offered, n);
  if (k < 0) {
    mgd_http_problem(request,
                     response,
                     406U,
                     "resources are offered as text/turtle, "
                     "application/n-triples, application/ld+json, "
                     "application/rdf+xml, application/n-quads, "
                     "application/trig and text/html");
    return false;
  }
  if ((size_t)k >= n_rdf) {
    out->html = true;
  } else {
    out->format = graph_formats[k];
  }
  return true;
}

static bool
flag_set(const MgdRequest* const request, const char* const key)
{
  const MgdStr* const v = mgd_form_get(&request->query, key);
  return v && !mgd_str_eqc(*v, "0") && !mgd_str_eqc(*v, "false");
}

// RDF answer

static MgdStatus
emit_quads(Description* const     d,
           MgdEmitter* const      emitter,
           const MgdIdQuad* const quads,
           const size_t           n,
           const bool             keep_graphs,
           MgdArena* const        scratch,
           MgdBuf* const          out)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < n; ++i) {
    const MgdIdQuad* const q = &quads[i];
    if (!keep_graphs) {
      // One triple once, whichever graphs hold it
      const MgdId key[4] = { q->s, q->p, q->o, 0U };
      bool        fresh  = false;
      st = mgd_hashmap_put(&d->seen, key, sizeof(key), 0U, NULL, &fresh);
      if (st || !fresh) {
        continue;
      }
    }
    mgd_arena_reset(scratch);
    MgdQuad t;
    t.g = mgd_term_none();
    st  = mgd_source_term(&d->source, q->s, scratch, &t.s);
    st  = st ? st : mgd_source_term(&d->source, q->p, scratch, &t.p);
    st  = st ? st : mgd_source_term(&d->source, q->o, scratch, &t.o);
    if (!st && keep_graphs && q->g != MGD_ID_DEFAULT_GRAPH) {
      st = mgd_source_term(&d->source, q->g, scratch, &t.g);
    }
    st = st ? st : mgd_emit_quad(emitter, &t, out);
  }
  return st;
}

static MgdStatus
answer_rdf(Description* const     d,
           const MgdEmitFormat    format,
           MgdResponse* const     response)
{
  MgdEmitter emitter;
  memset(&emitter, 0, sizeof(emitter));
  emitter.format = format;
  MgdArena scratch;
  mgd_arena_init(&scratch, 0U);
  const bool keep_graphs =
    format == MGD_EMIT_NQUADS || format == MGD_EMIT_TRIG;
  MgdStatus st = mgd_emit_begin(&emitter, &response->body);
  st           = st ? st
                    : emit_quads(d,
                       &emitter,
                       d->out,
                       d->n_out,
                       keep_graphs,
                       &scratch,
                       &response->body);
  st           = st ? st
                    : emit_quads(d,
                       &emitter,
                       d->in,
                       d->n_in,
                       keep_graphs,
                       &scratch,
                       &response->body);
  st           = st ? st : mgd_emit_end(&emitter, &response->body);
  mgd_emit_clear(&emitter);
  mgd_arena_clear(&scratch);
  if (!st) {
    response->status       = 200U;
    response->content_type = mgd_emit_content_type(format);
  }
  return st;
}

// HTML answer

/// The first label of `id` (a plain or English literal preferred), or an
/// empty view.
static MgdStatus
label_of(Description* const d, const MgdId id, MgdTerm* const label)
{
  *label = mgd_term_none();
  if (mgd_id_kind(id) != MGD_TERM_IRI ||
      d->n_label_lookups >= RES_MAX_LABELS) {
    return MGD_SUCCESS;
  }
  ++d->n_label_lookups;
  const MgdSource* const src = &d->source;
  for (size_t k = 0U; k < N_LABEL_PREDICATES; ++k) {
    if (d->labels[k] == MGD_ID_NONE) {
      continue;
    }
    const MgdIdQuad pattern = { id, d->labels[k], MGD_ID_NONE, MGD_ID_NONE };
    MgdIter*        iter    = NULL;
    MgdStatus       st = src->vt->match(src->handle, &pattern, &iter);
    for (unsigned n = 0U; !st && n < 16U; ++n) {
      MgdIdQuad q;
      st = src->vt->next(iter, &q);
      MgdTerm t;
      if (!st) {
        st = mgd_source_term(src, q.o, d->arena, &t);
      }
      if (!st && t.kind == MGD_TERM_LITERAL) {
        const bool best = !t.lang.len || (t.lang.len >= 2U &&
                                          (t.lang.ptr[0] == 'e' ||
                                           t.lang.ptr[0] == 'E') &&
                                          (t.lang.ptr[1] == 'n' ||
                                           t.lang.ptr[1] == 'N'));
        if (label->kind == MGD_TERM_NONE || best) {
          *label = t;
        }
        if (best) {
          break;
        }
      }
    }
    src->vt->iter_free(iter);
    if (st > MGD_FAILURE) {
      return st;
    }
    if (label->kind != MGD_TERM_NONE) {
      return MGD_SUCCESS;
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
html_text(MgdBuf* const out, const MgdStr s)
{
  return mgd_http_xml_text(out, s);
}

/// `<a href="<base>/resource/<escaped iri>">label-or-iri</a>`.
static MgdStatus
html_iri_link(Description* const d,
              MgdBuf* const      out,
              const char* const  base,
              const MgdId        id,
              const MgdTerm* const t)
{
  MgdTerm   label;
  MgdStatus st = label_of(d, id, &label);
  st           = st ? st : mgd_buf_appendc(out, "<a href=\"");
  st           = st ? st : html_text(out, mgd_str(base));
  MgdBuf enc;
  mgd_buf_init(&enc);
  st = st ? st : mgd_http_url_encode(&enc, t->value);
  st = st ? st : html_text(out, mgd_buf_str(&enc));
  mgd_buf_clear(&enc);
  st = st ? st : mgd_buf_appendc(out, "\" title=\"");
  st = st ? st : html_text(out, t->value);
  st = st ? st : mgd_buf_appendc(out, "\">");
  if (!st && label.kind != MGD_TERM_NONE) {
    st = html_text(out, label.value);
  } else if (!st) {
    // No label: prefix:local for well-known namespaces, else the IRI
    MgdStr shown = t->value;
    for (size_t k = 0U;
         k < sizeof(html_prefixes) / sizeof(html_prefixes[0]);
         ++k) {
      const size_t n = strlen(html_prefixes[k].ns);
      if (shown.len > n && mgd_str_has_prefix(shown, html_prefixes[k].ns)) {
        st    = mgd_buf_appendc(out, html_prefixes[k].prefix);
        st    = st ? st : mgd_buf_putc(out, ':');
        shown = mgd_str_n(shown.ptr + n, shown.len - n);
        break;
      }
    }
    st = st ? st : html_text(out, shown);
  }
  return st ? st : mgd_buf_appendc(out, "</a>");
}

/// One term as HTML: IRIs link to their page, blank nodes to their part of
/// this page, literals show language or datatype.
static MgdStatus
html_term(Description* const d,
          MgdBuf* const      out,
          const char* const  base,
          const MgdId        id)
{
  MgdTerm   t;
  MgdStatus st = mgd_source_term(&d->source, id, d->arena, &t);
  if (st) {
    return st;
  }
  switch (t.kind) {
  case MGD_TERM_IRI: return html_iri_link(d, out, base, id, &t);
  case MGD_TERM_BLANK:
    st = mgd_buf_printf(out,
                        "<a class=\"bnode\" href=\"#b%llu\">_:",
                        (unsigned long long)id);
    st = st ? st : html_text(out, t.value);
    return st ? st : mgd_buf_appendc(out, "</a>");
  case MGD_TERM_LITERAL:
    st = mgd_buf_appendc(out, "<span class=\"literal\">");
    st = st ? st : html_text(out, t.value);
    st = st ? st : mgd_buf_appendc(out, "</span>");
    if (!st && t.lang.len) {
      st = mgd_buf_appendc(out, " <span class=\"lang\">@");
      st = st ? st : html_text(out, t.lang);
      st = st ? st : mgd_buf_appendc(out, "</span>");
    } else if (!st && t.datatype.len &&
               !mgd_str_eqc(t.datatype, MGD_XSD_STRING)) {
      const MgdStr dt = t.datatype;
      const bool   xsd =
        dt.len > sizeof(MGD_NS_XSD) - 1U && mgd_str_has_prefix(dt, MGD_NS_XSD);
      st = mgd_buf_appendc(out, " <span class=\"datatype\" title=\"");
      st = st ? st : html_text(out, dt);
      st = st ? st : mgd_buf_appendc(out, "\">^^");
      st = st ? st
              : html_text(out,
                          xsd ? mgd_str_n(dt.ptr + sizeof(MGD_NS_XSD) - 1U,
                                          dt.len - (sizeof(MGD_NS_XSD) - 1U))
                              : dt);
      st = st ? st : mgd_buf_appendc(out, "</span>");
    }
    return st;
  case MGD_TERM_NONE: break;
  }
  return mgd_buf_appendc(out, "?");
}

static MgdStatus
html_graph(Description* const d,
           MgdBuf* const      out,
           const char* const  base,
           const MgdId        g)
{
  if (g == MGD_ID_DEFAULT_GRAPH) {
    return mgd_buf_appendc(out, "<i>default graph</i>");
  }
  return html_term(d, out, base, g);
}

/// The rows of one subject's quads: the run of `quads[0..n)` with `s`.
static MgdStatus
html_rows(Description* const     d,
          MgdBuf* const          out,
          const char* const      base,
          const MgdId            s,
          const MgdIdQuad* const quads,
          const size_t           n)
{
  // A node's quads are contiguous: each came from one match
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < n && quads[i].s == s; ++i) {
    st = mgd_buf_appendc(out, "<tr><td class=\"p\">");
    st = st ? st : html_term(d, out, base, quads[i].p);
    st = st ? st : mgd_buf_appendc(out, "</td><td>");
    st = st ? st : html_term(d, out, base, quads[i].o);
    st = st ? st : mgd_buf_appendc(out, "</td><td class=\"g\">");
    st = st ? st : html_graph(d, out, base, quads[i].g);
    st = st ? st : mgd_buf_appendc(out, "</td></tr>\n");
  }
  return st;
}

/// `href` values of the alternates: the page URL with `?format=`.
static MgdStatus
html_alternates(MgdBuf* const     out,
                const char* const self,
                const bool        head)
{
  static const struct {
    const char* format;
    const char* type;
    const char* name;
  } alts[] = {
    { "ttl", "text/turtle", "Turtle" },
    { "nt", "application/n-triples", "N-Triples" },
    { "jsonld", "application/ld+json", "JSON-LD" },
    { "rdf", "application/rdf+xml", "RDF/XML" },
    { "nq", "application/n-quads", "N-Quads (with graphs)" },
  };
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < sizeof(alts) / sizeof(alts[0]); ++i) {
    st = mgd_buf_appendc(out, head ? "<link rel=\"alternate\" type=\"" : "");
    st = st ? st : (head ? mgd_buf_appendc(out, alts[i].type) : MGD_SUCCESS);
    st = st ? st
            : mgd_buf_appendc(out, head ? "\" href=\"" : (i ? " · <a href=\""
                                                            : "<a href=\""));
    st = st ? st : html_text(out, mgd_str(self));
    st = st ? st : mgd_buf_printf(out, "format=%s\"", alts[i].format);
    st = st ? st
            : (head ? mgd_buf_appendc(out, ">\n")
                    : mgd_buf_printf(out,
                                     " type=\"%s\">%s</a>",
                                     alts[i].type,
                                     alts[i].name));
  }
  return st;
}

static MgdStatus
html_page(Description* const d,
          const MgdStr       iri,
          MgdBuf* const      out)
{
  MgdServer* const  server = d->server;
  MgdRequest* const req    = d->request;
  const char* const base   = mgd_http_url(server, req, "/resource/");
  const char* const root   = mgd_http_url(server, req, "/");
  // This page's URL with a `?` or `&` ready for format=
  MgdBuf self;
  mgd_buf_init(&self);
  MgdStatus st = mgd_buf_appendc(&self, base);
  st           = st ? st : mgd_buf_appendc(&self, "?iri=");
  st           = st ? st : mgd_http_url_encode(&self, iri);
  st           = st ? st : mgd_buf_putc(&self, '&');
  MgdBuf enc;
  mgd_buf_init(&enc);
  st = st ? st : mgd_http_url_encode(&enc, iri);

  MgdTerm label;
  st = st ? st : label_of(d, d->id, &label);
  const MgdStr title =
    !st && label.kind != MGD_TERM_NONE ? label.value : iri;
  st = st ? st
          : mgd_buf_appendc(out,
                            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                            "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                            "content=\"width=device-width, initial-scale=1\">\n"
                            "<link rel=\"icon\" href=\"data:,\">\n"
                            "<title>");
  st = st ? st : html_text(out, title);
  st = st ? st
          : mgd_buf_appendc(
              out, " · MUGDAT</title>\n<link rel=\"stylesheet\" href=\"");
  st = st ? st : html_text(out, mgd_str(root));
  st = st ? st : mgd_buf_appendc(out, "style.css\">\n");
  st = st ? st : html_alternates(out, self.data, true);
  st = st ? st
          : mgd_buf_appendc(out,
                            "</head>\n<body class=\"resource-page\">\n"
                            "<header class=\"site\"><a class=\"brand\" "
                            "href=\"");
  st = st ? st : html_text(out, mgd_str(root));
  st = st ? st
          : mgd_buf_appendc(out,
                            "\">MUGDAT</a> <span>bioimaging metadata "
                            "knowledge graph</span></header>\n<main>\n"
                            "<article class=\"resource\">\n<h1>");
  st = st ? st : html_text(out, title);
  st = st ? st : mgd_buf_appendc(out, "</h1>\n<p class=\"iri\"><code>");
  st = st ? st : html_text(out, iri);
  st = st ? st
          : mgd_buf_appendc(out, "</code></p>\n<p class=\"links\"><a href=\"");
  st = st ? st : html_text(out, mgd_str(root));
  st = st ? st : mgd_buf_appendc(out, "?resource=");
  st = st ? st : html_text(out, mgd_buf_str(&enc));
  st = st ? st
          : mgd_buf_appendc(out,
                            "\">Open in the search page</a></p>\n"
                            "<p class=\"links\">RDF: ");
  st = st ? st : html_alternates(out, self.data, false);
  st = st ? st : mgd_buf_appendc(out, " · <a href=\"");
  st = st ? st : html_text(out, mgd_str(root));
  st = st ? st : mgd_buf_appendc(out, "sparql?query=DESCRIBE%20%3C");
  st = st ? st : html_text(out, mgd_buf_str(&enc));
  st = st ? st : mgd_buf_appendc(out, "%3E\">SPARQL DESCRIBE</a></p>\n");

  // Properties of the IRI, then one table per blank node of the closure
  size_t n_main = 0U;
  while (n_main < d->n_out && d->out[n_main].s == d->id) {
    ++n_main;
  }
  st = st ? st
          : mgd_buf_printf(out, "<h2>Properties (%zu)</h2>\n", n_main);
  st = st ? st
          : mgd_buf_appendc(out,
                            "<table class=\"props\"><thead><tr><th>Property"
                            "</th><th>Value</th><th>Graph</th></tr></thead>"
                            "<tbody>\n");
  st = st ? st : html_rows(d, out, base, d->id, d->out, d->n_out);
  st = st ? st : mgd_buf_appendc(out, "</tbody></table>\n");
  MgdId last = d->id;
  for (size_t i = 0U; !st && i < d->n_out; ++i) {
    const MgdId s = d->out[i].s;
    if (s == d->id || s == last) {
      continue;
    }
    last = s;
    MgdTerm t;
    st = mgd_source_term(&d->source, s, d->arena, &t);
    st = st ? st
            : mgd_buf_printf(out,
                             "<h3 id=\"b%llu\">_:",
                             (unsigned long long)s);
    st = st ? st : html_text(out, t.value);
    st = st ? st
            : mgd_buf_appendc(out,
                              "</h3>\n<table class=\"props\"><tbody>\n");
    st = st ? st : html_rows(d, out, base, s, d->out + i, d->n_out - i);
    st = st ? st : mgd_buf_appendc(out, "</tbody></table>\n");
  }

  st = st ? st
          : mgd_buf_printf(out,
                           "<h2>Referenced by (%zu%s)</h2>\n",
                           d->n_in,
                           d->more_in ? "+" : "");
  if (!st && d->n_in) {
    st = mgd_buf_appendc(out,
                         "<table class=\"props\"><thead><tr><th>Subject</th>"
                         "<th>Property</th><th>Graph</th></tr></thead>"
                         "<tbody>\n");
    for (size_t i = 0U; !st && i < d->n_in; ++i) {
      st = mgd_buf_appendc(out, "<tr><td>");
      st = st ? st : html_term(d, out, base, d->in[i].s);
      st = st ? st : mgd_buf_appendc(out, "</td><td class=\"p\">");
      st = st ? st : html_term(d, out, base, d->in[i].p);
      st = st ? st : mgd_buf_appendc(out, "</td><td class=\"g\">");
      st = st ? st : html_graph(d, out, base, d->in[i].g);
      st = st ? st : mgd_buf_appendc(out, "</td></tr>\n");
    }
    st = st ? st : mgd_buf_appendc(out, "</tbody></table>\n");
  }

  // The graphs it occurs in (as subject or object)
  st = st ? st
          : mgd_buf_appendc(out, "<h2>Graphs</h2>\n<ul class=\"graphs\">\n");
  MgdHashMap graphs;
  mgd_hashmap_init(&graphs);
  for (size_t i = 0U; !st && i < d->n_out + d->n_in; ++i) {
    const MgdId g = i < d->n_out ? d->out[i].g : d->in[i - d->n_out].g;
    bool        fresh = false;
    st = mgd_hashmap_put(&graphs, &g, sizeof(g), 0U, NULL, &fresh);
    if (st || !fresh) {
      continue;
    }
    st = mgd_buf_appendc(out, "<li>");
    st = st ? st : html_graph(d, out, base, g);
    st = st ? st : mgd_buf_appendc(out, "</li>\n");
  }
  mgd_hashmap_clear(&graphs);
  st = st ? st
          : mgd_buf_appendc(out,
                            "</ul>\n</article>\n</main>\n</body>\n</html>\n");
  mgd_buf_clear(&enc);
  mgd_buf_clear(&self);
  return st;
}

// The endpoint

static void
description_clear(Description* const d)
{
  mgd_free(d->out);
  mgd_free(d->in);
  mgd_hashmap_clear(&d->seen);
}

void
mgd_ep_resource(MgdServer* const   server,
                MgdRequest* const  request,
                MgdResponse* const response)
{
  if (request->query_bad) {
    mgd_http_problem(request, response, 400U, "bad %-escape in the query");
    return;
  }
  MgdStr iris[2];
  size_t n_iris = 0U;
  if (!resource_iris(server, request, response, iris, &n_iris)) {
    return;
  }
  ResFormat format;
  if (!resource_format(request, response, &format)) {
    return;
  }
  const MgdHttpBackendVt* const vt  = server->backend.vt;
  MgdHttpTxn*                   txn = NULL;
  MgdStatus st = vt->read_begin(server->backend.handle, &txn);
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  Description d;
  memset(&d, 0, sizeof(d));
  d.server  = server;
  d.request = request;
  d.source  = vt->source(txn);
  d.arena   = request->arena;
  mgd_hashmap_init(&d.seen);

  // The first candidate the store knows and some quad mentions
  MgdStr iri   = iris[0];
  bool   found = false;
  for (size_t k = 0U; !st && !found && k < n_iris; ++k) {
    const MgdTerm term = mgd_term_iri(iris[k]);
    st                 = mgd_source_lookup(&d.source, &term, &d.id);
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS;
      continue;
    }
    d.n_out = 0U;
    d.n_in  = 0U;
    st      = st ? st : describe_cbd(&d);
    if (!st && (format.html || flag_set(request, "incoming") || !d.n_out)) {
      st = describe_incoming(&d);
    }
    bool used = d.n_out || d.n_in;
    if (!st && !used) {
      st = used_elsewhere(&d, &used);
    }
    if (!st && used) {
      found = true;
      iri   = iris[k];
    }
  }
  if (!st && found) {
    if (!format.html && !flag_set(request, "incoming") && d.n_out) {
      // Read only to tell "unknown" from "object only"; an IRI that is
      // only ever an object is described by the links to it instead
      d.n_in = 0U;
    }
    for (size_t k = 0U; k < N_LABEL_PREDICATES && format.html; ++k) {
      const MgdTerm p  = mgd_term_iri(mgd_str(label_predicates[k]));
      const MgdStatus lst = mgd_source_lookup(&d.source, &p, &d.labels[k]);
      if (lst) {
        d.labels[k] = MGD_ID_NONE;
      }
    }
    // Reuse the visited set for triple de-duplication
    mgd_hashmap_clear(&d.seen);
    mgd_hashmap_init(&d.seen);
    if (format.html) {
      st = html_page(&d, iri, &response->body);
      if (!st) {
        response->status       = 200U;
        response->content_type = "text/html; charset=utf-8";
        // The page runs no script and loads only the stylesheet: if some
        // data ever slipped past the escaping it could do nothing
        mgd_http_header(response,
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'self'; "
                        "img-src data:; base-uri 'none'; form-action 'none'");
        mgd_http_header(response, "X-Content-Type-Options", "nosniff");
      }
    } else {
      st = answer_rdf(&d, format.format, response);
    }
  }
  vt->abort(txn);
  description_clear(&d);
  if (!st && !found) {
    mgd_http_problem(request, response, 404U, "no triple mentions this IRI");
    return;
  }
  if (st) {
    mgd_buf_reset(&response->body);
    response->status = 0U;
    if (st == MGD_BAD_LIMIT) {
      char detail[160];
      snprintf(detail,
               sizeof(detail),
               "the description has more than %u triples; page through it "
               "with /sparql",
               RES_MAX_TRIPLES);
      mgd_http_problem(request, response, 507U, detail);
      return;
    }
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
}
