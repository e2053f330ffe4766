// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// W3C SPARQL 1.1 Query conformance runner.
//
// Built three times: run_sparql_query evaluates over the in-memory store;
// run_sparql_update (-DRUN_UPDATE_SUITE) runs manifest-sparql11-update.ttl
// (UpdateEvaluationTest: resulting datasets compared graph by graph under
// blank node bijections; update syntax tests);
// run_sparql_query_store (-DRUN_ON_STORE) loads each test's data into a
// fresh LMDB store through the db facade and evaluates over that, so the
// engine is checked with the store's ids, inline literals and estimates.
//
// Reads ${MUGDAT_TESTDATA:-$MUGDAT_SRCDIR/../shared}/conformance/sparql11/
// manifest-sparql11-query.ttl and the manifests it includes, and runs every
// QueryEvaluationTest and Positive/NegativeSyntaxTest11 against the engine
// over an in-memory store. Expected results are read from SPARQL XML
// (libxml2), SPARQL JSON (jansson) or RDF (result-set vocabulary, or the
// graph of a CONSTRUCT). Solutions compare as multisets under a blank node
// bijection, literals by term (numbers by value), graphs by isomorphism.
// Known failures are listed in `skips` with a reason. Last line:
// `N passed, N failed, N skipped`; exit status 0 iff nothing failed.

#include "base/alloc.h"
#include "base/arena.h"
#include "rdf/memstore.h"
#ifdef RUN_ON_STORE
#include "db/db.h"
#include <dirent.h>
#include <unistd.h>
#endif
#include "sparql/sparql.h"
#include "syntax/rdf_read.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define QT "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
#ifdef RUN_UPDATE_SUITE
// The result-set readers serve only the query suite.
#pragma GCC diagnostic ignored "-Wunused-function"
#endif

#define RS "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
#define UT "http://www.w3.org/2009/sparql/tests/test-update#"

typedef struct {
  const char* iri;    ///< Test IRI suffix (after the manifest URL's dir)
  const char* reason; ///< Why it fails
} Skip;

/// Known failures: test IRI (relative to .../sparql11/) and reason.
static const Skip skips[] = {
  {NULL, NULL},
};

static MgdArena g_arena; // result terms, labels

// ------------------------------------------------------------ small utils

static char*
read_file(const char* path, size_t* n)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  const long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* buf = (char*)malloc((size_t)len + 1U);
  if (buf && fread(buf, 1U, (size_t)len, f) != (size_t)len) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[len] = '\0';
    *n       = (size_t)len;
  }
  return buf;
}

static const char*
url_to_path(MgdStr url, char* out, size_t n_out)
{
  size_t skip = 0U;
  if (mgd_str_has_prefix(url, "file://")) {
    skip = 7U;
  }
  size_t k = 0U;
  for (size_t i = skip; i < url.len && k + 1U < n_out; ++i) {
    if (url.ptr[i] == '%' && i + 2U < url.len) {
      char hex[3] = {url.ptr[i + 1U], url.ptr[i + 2U], 0};
      out[k++]    = (char)strtol(hex, NULL, 16);
      i += 2U;
    } else {
      out[k++] = url.ptr[i];
    }
  }
  out[k] = '\0';
  return out;
}

static MgdStr
dup_str(MgdStr s)
{
  return mgd_arena_str(&g_arena, s);
}

static MgdTerm
dup_term(const MgdTerm* t)
{
  MgdTerm r  = *t;
  r.value    = dup_str(t->value);
  r.datatype = dup_str(t->datatype);
  r.lang     = dup_str(t->lang);
  if (mgd_str_eqc(r.datatype, MGD_XSD_STRING)) {
    r.datatype = mgd_str_n("", 0U);
  }
  if (r.lang.len) {
    r.datatype = mgd_str_n("", 0U);
  }
  return r;
}

// ------------------------------------------------------------ loading RDF

typedef struct {
  MgdMemStore* store;  ///< Target
  MgdTerm      graph;  ///< Graph for all quads (NONE: as given)
  unsigned     prefix; ///< Blank node relabelling per file
} Loader;

static MgdStatus
loader_quad(void* handle, const MgdQuad* quad)
{
  Loader* l = (Loader*)handle;
  MgdQuad q = *quad;
  char    buf[3][256];
  MgdTerm* parts[3] = {&q.s, &q.o, &q.g};
  for (int i = 0; i < 3; ++i) {
    if (parts[i]->kind == MGD_TERM_BLANK) {
      const int len = snprintf(buf[i], sizeof(buf[i]), "f%u_%.*s", l->prefix,
                               (int)parts[i]->value.len, parts[i]->value.ptr);
      parts[i]->value = mgd_str_n(buf[i], (size_t)len);
    }
  }
  if (l->graph.kind != MGD_TERM_NONE) {
    q.g = l->graph;
  }
  return mgd_memstore_add(l->store, &q, NULL);
}

static unsigned g_file_counter;

#ifdef RUN_ON_STORE
/// Remove a flat directory (the store's files) and the directory.
static void
rm_dir(const char* dir)
{
  DIR* d = opendir(dir);
  if (d) {
    struct dirent* e;
    char           path[PATH_MAX];
    while ((e = readdir(d))) {
      if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
      }
    }
    closedir(d);
  }
  rmdir(dir);
}

/// A fresh store in a temporary directory holding the quads of `mem`.
static MgdStatus
store_copy(MgdMemStore* mem, char* dir, MgdDb** db)
{
  strcpy(dir, "/tmp/mgd-sparql-XXXXXX");
  if (!mkdtemp(dir)) {
    return MGD_BAD_IO;
  }
  MgdDbOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.create  = true;
  MgdStatus st = mgd_db_open(dir, &opts, db);
  MgdDbWrite* w = NULL;
  st            = st ? st : mgd_db_write_begin(*db, &w);
  MgdSource src = mgd_memstore_source(mem);
  MgdIdQuad pat = {0U, 0U, 0U, 0U};
  MgdIter*  it  = NULL;
  MgdArena  arena;
  mgd_arena_init(&arena, 0U);
  if (!st && !src.vt->match(src.handle, &pat, &it)) {
    MgdIdQuad q;
    while (!st && !src.vt->next(it, &q)) {
      MgdQuad t;
      st = mgd_source_term(&src, q.s, &arena, &t.s);
      st = st ? st : mgd_source_term(&src, q.p, &arena, &t.p);
      st = st ? st : mgd_source_term(&src, q.o, &arena, &t.o);
      t.g = mgd_term_none();
      if (!st && q.g != MGD_ID_DEFAULT_GRAPH) {
        st = mgd_source_term(&src, q.g, &arena, &t.g);
      }
      st = st ? st : mgd_db_write_add(w, &t);
    }
    src.vt->iter_free(it);
  }
  mgd_arena_clear(&arena);
  if (w) {
    st = st ? (mgd_db_write_abort(w), st) : mgd_db_write_commit(w);
  }
  return st;
}
#endif

static MgdStatus
load_rdf(MgdMemStore* store, const char* path, const MgdTerm* graph)
{
  Loader l = {store, graph ? *graph : mgd_term_none(), ++g_file_counter};
  MgdSink sink;
  memset(&sink, 0, sizeof(sink));
  sink.handle  = &l;
  sink.on_quad = loader_quad;
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.source_name = path;
  return mgd_rdf_read_path(path, &opts, &sink, NULL);
}

// ------------------------------------------------------------ memstore queries

static MgdId
iri_id(MgdMemStore* store, const char* iri)
{
  MgdTerm   t   = mgd_term_iri(mgd_str(iri));
  MgdSource src = mgd_memstore_source(store);
  MgdId     id  = 0U;
  if (mgd_source_lookup(&src, &t, &id)) {
    return 0U;
  }
  return id;
}

/// Objects of (s, p, ?) into ids (at most max).
static size_t
objects(MgdMemStore* store, MgdId s, MgdId p, MgdId* ids, size_t max)
{
  if (!s || !p) {
    return 0U;
  }
  MgdSource src = mgd_memstore_source(store);
  MgdIdQuad pat = {s, p, 0U, 0U};
  MgdIter*  it  = NULL;
  size_t    n   = 0U;
  if (src.vt->match(src.handle, &pat, &it)) {
    return 0U;
  }
  MgdIdQuad q;
  while (!src.vt->next(it, &q)) {
    if (n < max) {
      ids[n++] = q.o;
    }
  }
  src.vt->iter_free(it);
  return n;
}

static MgdId
object(MgdMemStore* store, MgdId s, const char* p)
{
  MgdId id = 0U;
  return objects(store, s, iri_id(store, p), &id, 1U) ? id : 0U;
}

static MgdTerm
term_of(MgdMemStore* store, MgdId id)
{
  MgdSource src = mgd_memstore_source(store);
  MgdTerm   t   = mgd_term_none();
  if (id) {
    mgd_source_term(&src, id, &g_arena, &t);
  }
  return t;
}

/// Elements of the RDF list starting at `head`.
static size_t
list_items(MgdMemStore* store, MgdId head, MgdId* ids, size_t max)
{
  const MgdId nil = iri_id(store, MGD_NS_RDF "nil");
  size_t      n   = 0U;
  while (head && head != nil && n < max) {
    ids[n++] = object(store, head, MGD_NS_RDF "first");
    head     = object(store, head, MGD_NS_RDF "rest");
  }
  return n;
}

// ------------------------------------------------------------ results

typedef struct {
  MgdStr*  vars;     ///< Variable names
  size_t   n_vars;   ///< Count
  MgdTerm* cells;    ///< n_rows * n_vars
  size_t   n_rows;   ///< Rows
  size_t   c_rows;   ///< Capacity
  bool     is_bool;  ///< ASK result
  bool     boolean;  ///< Its value
  bool     is_graph; ///< Triples (n_vars = 3)
} Results;

static size_t
var_index(Results* r, MgdStr name, bool add)
{
  for (size_t i = 0U; i < r->n_vars; ++i) {
    if (mgd_str_eq(r->vars[i], name)) {
      return i;
    }
  }
  if (!add) {
    return SIZE_MAX;
  }
  r->vars = (MgdStr*)realloc(r->vars, (r->n_vars + 1U) * sizeof(MgdStr));
  r->vars[r->n_vars] = dup_str(name);
  return r->n_vars++;
}

static MgdTerm*
new_row(Results* r)
{
  if (r->n_rows == r->c_rows) {
    r->c_rows = r->c_rows ? r->c_rows * 2U : 16U;
    r->cells  = (MgdTerm*)realloc(r->cells, r->c_rows * 64U * sizeof(MgdTerm));
  }
  MgdTerm* row = r->cells + r->n_rows * 64U;
  for (size_t i = 0U; i < 64U; ++i) {
    row[i] = mgd_term_none();
  }
  ++r->n_rows;
  return row;
}

static MgdTerm*
row_at(const Results* r, size_t i)
{
  return r->cells + i * 64U;
}

static void
results_free(Results* r)
{
  free(r->vars);
  free(r->cells);
  memset(r, 0, sizeof(*r));
}

static const char*
xml_attr(xmlNode* n, const char* name)
{
  for (xmlAttr* a = n->properties; a; a = a->next) {
    if (!strcmp((const char*)a->name, name) && a->children) {
      return (const char*)a->children->content;
    }
  }
  return NULL;
}

static MgdStr
xml_text(xmlNode* n)
{
  xmlChar* s = xmlNodeGetContent(n);
  MgdStr   r = dup_str(mgd_str((const char*)s));
  xmlFree(s);
  return r;
}

static bool
read_srx(const char* path, Results* r)
{
  xmlDoc* doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
  if (!doc) {
    return false;
  }
  xmlNode* root = xmlDocGetRootElement(doc);
  for (xmlNode* c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (!strcmp((const char*)c->name, "head")) {
      for (xmlNode* v = c->children; v; v = v->next) {
        if (v->type == XML_ELEMENT_NODE && !strcmp((const char*)v->name, "variable")) {
          var_index(r, mgd_str(xml_attr(v, "name")), true);
        }
      }
    } else if (!strcmp((const char*)c->name, "boolean")) {
      r->is_bool = true;
      MgdStr t   = xml_text(c);
      r->boolean = mgd_str_eqc(t, "true");
    } else if (!strcmp((const char*)c->name, "results")) {
      for (xmlNode* res = c->children; res; res = res->next) {
        if (res->type != XML_ELEMENT_NODE) {
          continue;
        }
        MgdTerm* row = new_row(r);
        for (xmlNode* b = res->children; b; b = b->next) {
          if (b->type != XML_ELEMENT_NODE) {
            continue;
          }
          const size_t k = var_index(r, mgd_str(xml_attr(b, "name")), true);
          for (xmlNode* v = b->children; v; v = v->next) {
            if (v->type != XML_ELEMENT_NODE) {
              continue;
            }
            MgdTerm t = mgd_term_none();
            if (!strcmp((const char*)v->name, "uri")) {
              t = mgd_term_iri(xml_text(v));
            } else if (!strcmp((const char*)v->name, "bnode")) {
              t = mgd_term_blank(xml_text(v));
            } else if (!strcmp((const char*)v->name, "literal")) {
              const char* dt = xml_attr(v, "datatype");
              xmlChar*    lang = xmlNodeGetLang(v);
              t = mgd_term_literal(xml_text(v), mgd_str(dt),
                                   mgd_str((const char*)lang));
              t = dup_term(&t);
              xmlFree(lang);
            }
            row[k] = t;
          }
        }
      }
    }
  }
  xmlFreeDoc(doc);
  return true;
}

static bool
read_srj(const char* path, Results* r)
{
  json_error_t err;
  json_t*      root = json_load_file(path, 0, &err);
  if (!root) {
    return false;
  }
  json_t* vars = json_object_get(json_object_get(root, "head"), "vars");
  for (size_t i = 0U; i < json_array_size(vars); ++i) {
    var_index(r, mgd_str(json_string_value(json_array_get(vars, i))), true);
  }
  json_t* b = json_object_get(root, "boolean");
  if (b) {
    r->is_bool = true;
    r->boolean = json_is_true(b);
  }
  json_t* rows = json_object_get(json_object_get(root, "results"), "bindings");
  for (size_t i = 0U; i < json_array_size(rows); ++i) {
    MgdTerm*    row = new_row(r);
    json_t*     o   = json_array_get(rows, i);
    const char* key;
    json_t*     val;
    json_object_foreach(o, key, val)
    {
      const size_t k    = var_index(r, mgd_str(key), true);
      const char*  type = json_string_value(json_object_get(val, "type"));
      MgdStr       v    = dup_str(mgd_str(json_string_value(json_object_get(val, "value"))));
      if (!type) {
        continue;
      }
      if (!strcmp(type, "uri")) {
        row[k] = mgd_term_iri(v);
      } else if (!strcmp(type, "bnode")) {
        row[k] = mgd_term_blank(v);
      } else {
        MgdTerm t = mgd_term_literal(
          v, mgd_str(json_string_value(json_object_get(val, "datatype"))),
          mgd_str(json_string_value(json_object_get(val, "xml:lang"))));
        row[k] = dup_term(&t);
      }
    }
  }
  json_decref(root);
  return true;
}

static MgdStatus
graph_collect(void* handle, const MgdQuad* q)
{
  Results* r   = (Results*)handle;
  MgdTerm* row = new_row(r);
  row[0]       = dup_term(&q->s);
  row[1]       = dup_term(&q->p);
  row[2]       = dup_term(&q->o);
  return MGD_SUCCESS;
}

/// Read an RDF file: a result set in the rs: vocabulary, or a plain graph.
static bool
read_rdf_results(const char* path, Results* r, bool as_graph)
{
  MgdMemStore* ms = mgd_memstore_new();
  if (load_rdf(ms, path, NULL)) {
    mgd_memstore_free(ms);
    return false;
  }
  const MgdId rs_type = iri_id(ms, RS "ResultSet");
  MgdId       set     = 0U;
  if (!as_graph && rs_type) {
    MgdSource src = mgd_memstore_source(ms);
    MgdIdQuad pat = {0U, iri_id(ms, MGD_RDF_TYPE), rs_type, 0U};
    MgdIter*  it  = NULL;
    MgdIdQuad q;
    if (!src.vt->match(src.handle, &pat, &it)) {
      if (!src.vt->next(it, &q)) {
        set = q.s;
      }
      src.vt->iter_free(it);
    }
  }
  if (set) {
    MgdId ids[256];
    size_t n = objects(ms, set, iri_id(ms, RS "resultVariable"), ids, 256U);
    for (size_t i = 0U; i < n; ++i) {
      var_index(r, term_of(ms, ids[i]).value, true);
    }
    const MgdId b = object(ms, set, RS "boolean");
    if (b) {
      r->is_bool = true;
      r->boolean = mgd_str_eqc(term_of(ms, b).value, "true");
    }
    MgdId  sols[1024];
    size_t n_sols = objects(ms, set, iri_id(ms, RS "solution"), sols, 1024U);
    for (size_t i = 0U; i < n_sols; ++i) {
      MgdTerm* row = new_row(r);
      MgdId    bs[64];
      size_t   n_b = objects(ms, sols[i], iri_id(ms, RS "binding"), bs, 64U);
      for (size_t k = 0U; k < n_b; ++k) {
        MgdTerm var = term_of(ms, object(ms, bs[k], RS "variable"));
        MgdTerm val = term_of(ms, object(ms, bs[k], RS "value"));
        row[var_index(r, var.value, true)] = dup_term(&val);
      }
    }
  } else {
    r->is_graph = true;
    MgdSource src = mgd_memstore_source(ms);
    MgdIdQuad pat = {0U, 0U, 0U, 0U};
    MgdIter*  it  = NULL;
    MgdIdQuad q;
    if (!src.vt->match(src.handle, &pat, &it)) {
      while (!src.vt->next(it, &q)) {
        MgdTerm* row = new_row(r);
        row[0]       = dup_term(&(MgdTerm){0});
        row[0]       = term_of(ms, q.s);
        row[1]       = term_of(ms, q.p);
        row[2]       = term_of(ms, q.o);
        for (int k = 0; k < 3; ++k) {
          row[k] = dup_term(&row[k]);
        }
      }
      src.vt->iter_free(it);
    }
  }
  mgd_memstore_free(ms);
  return true;
}

// ------------------------------------------------------------ comparison

typedef struct {
  MgdStr a[4096]; ///< Expected labels
  MgdStr b[4096]; ///< Actual labels
  size_t n;       ///< Pairs
} BMap;

static bool
is_numeric_dt(MgdStr dt)
{
  static const char* const types[] = {
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong"};
  if (!mgd_str_has_prefix(dt, MGD_NS_XSD)) {
    return false;
  }
  MgdStr local = mgd_str_n(dt.ptr + strlen(MGD_NS_XSD), dt.len - strlen(MGD_NS_XSD));
  for (size_t i = 0U; i < sizeof(types) / sizeof(types[0]); ++i) {
    if (mgd_str_eqc(local, types[i])) {
      return true;
    }
  }
  return false;
}

static bool
lit_eq(const MgdTerm* a, const MgdTerm* b)
{
  MgdStr da = mgd_term_datatype(a);
  MgdStr db = mgd_term_datatype(b);
  if (!mgd_str_eq(da, db)) {
    return false;
  }
  if (a->lang.len != b->lang.len ||
      (a->lang.len && strncasecmp(a->lang.ptr, b->lang.ptr, a->lang.len))) {
    return false;
  }
  if (mgd_str_eq(a->value, b->value)) {
    return true;
  }
  if (is_numeric_dt(da)) {
    char x[128], y[128];
    snprintf(x, sizeof(x), "%.*s", (int)a->value.len, a->value.ptr);
    snprintf(y, sizeof(y), "%.*s", (int)b->value.len, b->value.ptr);
    char*  ex = NULL;
    char*  ey = NULL;
    double vx = strtod(x, &ex);
    double vy = strtod(y, &ey);
    return !*ex && !*ey && vx == vy;
  }
  return false;
}

/// Compare terms, extending the blank node map; returns false on mismatch.
static bool
term_match(const MgdTerm* e, const MgdTerm* a, BMap* m)
{
  if (e->kind != a->kind) {
    return false;
  }
  switch (e->kind) {
  case MGD_TERM_NONE:
    return true;
  case MGD_TERM_IRI:
    return mgd_str_eq(e->value, a->value);
  case MGD_TERM_LITERAL:
    return lit_eq(e, a);
  case MGD_TERM_BLANK:
    for (size_t i = 0U; i < m->n; ++i) {
      const bool ea = mgd_str_eq(m->a[i], e->value);
      const bool ab = mgd_str_eq(m->b[i], a->value);
      if (ea || ab) {
        return ea && ab;
      }
    }
    if (m->n < 4096U) {
      m->a[m->n]   = e->value;
      m->b[m->n++] = a->value;
      return true;
    }
    return false;
  }
  return false;
}

static bool
rows_match(const Results* exp, const Results* act, const size_t* col, size_t i,
           size_t k, BMap* m)
{
  const MgdTerm* re = row_at(exp, i);
  const MgdTerm* ra = row_at(act, k);
  for (size_t v = 0U; v < exp->n_vars; ++v) {
    const MgdTerm none = mgd_term_none();
    const MgdTerm* ta  = col[v] == SIZE_MAX ? &none : &ra[col[v]];
    if (!term_match(&re[v], ta, m)) {
      return false;
    }
  }
  // Columns the actual result has but the expected lacks must be unbound.
  return true;
}

static bool
match_from(const Results* exp, const Results* act, const size_t* col,
           size_t i, bool* used, BMap* m, unsigned long* budget)
{
  if (i == exp->n_rows) {
    return true;
  }
  if (!(*budget)--) {
    return false;
  }
  for (size_t k = 0U; k < act->n_rows; ++k) {
    if (used[k]) {
      continue;
    }
    const size_t saved = m->n;
    if (rows_match(exp, act, col, i, k, m)) {
      used[k] = true;
      if (match_from(exp, act, col, i + 1U, used, m, budget)) {
        return true;
      }
      used[k] = false;
    }
    m->n = saved;
  }
  return false;
}

static bool
ordered_match(const Results* exp, const Results* act, const size_t* col)
{
  BMap*      m  = (BMap*)calloc(1U, sizeof(BMap));
  bool       ok = true;
  for (size_t i = 0U; i < exp->n_rows && ok; ++i) {
    ok = rows_match(exp, act, col, i, i, m);
  }
  free(m);
  return ok;
}

static bool
results_equal(const Results* exp, const Results* act, bool ordered, char* why,
              size_t n_why)
{
  if (exp->is_bool != act->is_bool) {
    snprintf(why, n_why, "result kind differs");
    return false;
  }
  if (exp->is_bool) {
    if (exp->boolean != act->boolean) {
      snprintf(why, n_why, "expected %s", exp->boolean ? "true" : "false");
      return false;
    }
    return true;
  }
  if (exp->n_rows != act->n_rows) {
    snprintf(why, n_why, "expected %zu rows, got %zu", exp->n_rows, act->n_rows);
    return false;
  }
  size_t col[64];
  for (size_t v = 0U; v < exp->n_vars && v < 64U; ++v) {
    col[v] = SIZE_MAX;
    for (size_t k = 0U; k < act->n_vars; ++k) {
      if (mgd_str_eq(exp->vars[v], act->vars[k])) {
        col[v] = k;
      }
    }
  }
  if (!exp->is_graph) {
    for (size_t k = 0U; k < act->n_vars; ++k) {
      bool found = false;
      for (size_t v = 0U; v < exp->n_vars; ++v) {
        found = found || mgd_str_eq(exp->vars[v], act->vars[k]);
      }
      if (!found) {
        for (size_t i = 0U; i < act->n_rows; ++i) {
          if (row_at(act, i)[k].kind != MGD_TERM_NONE) {
            snprintf(why, n_why, "unexpected variable %.*s",
                     (int)act->vars[k].len, act->vars[k].ptr);
            return false;
          }
        }
      }
    }
  }
  bool*         used   = (bool*)calloc(act->n_rows + 1U, 1U);
  BMap*         m      = (BMap*)calloc(1U, sizeof(BMap));
  unsigned long budget = 2000000UL;
  const bool    ok     = match_from(exp, act, col, 0U, used, m, &budget);
  free(used);
  free(m);
  if (!ok) {
    snprintf(why, n_why, "solutions differ");
  } else if (ordered && !ordered_match(exp, act, col)) {
    // ORDER BY: solutions must come in the expected sequence (rows that
    // tie on the sort keys are listed in the order of the result file)
    snprintf(why, n_why, "solutions in the wrong order");
    return false;
  }
  return ok;
}

// ------------------------------------------------------------ running

/// The remote endpoints of a federated test (qt:serviceData), each an
/// in-memory store queried with this engine.
typedef struct {
  MgdStr       endpoint[8]; ///< Endpoint IRIs
  MgdMemStore* store[8];    ///< Their data
  size_t       n;           ///< Count
} Services;

typedef struct {
  MgdSparqlSolutionFunc on_solution; ///< Engine callback
  void*                 ctx;         ///< Its context
  const MgdSparqlQuery* q;           ///< Remote query (column names)
} ServiceRows;

static MgdStatus
service_row(void* handle, const MgdId* ids, const MgdTerm* terms, size_t n)
{
  (void)ids;
  ServiceRows* r = (ServiceRows*)handle;
  MgdStr       vars[64];
  for (size_t i = 0U; i < n && i < 64U; ++i) {
    vars[i] = mgd_sparql_query_column(r->q, i);
  }
  return r->on_solution(r->ctx, vars, terms, n < 64U ? n : 64U);
}

static MgdStatus
run_service(void* handle, MgdStr endpoint, MgdStr query,
            const MgdDiagSink* diag, MgdSparqlSolutionFunc on_solution,
            void* ctx)
{
  (void)diag;
  Services* s = (Services*)handle;
  for (size_t i = 0U; i < s->n; ++i) {
    if (!mgd_str_eq(s->endpoint[i], endpoint)) {
      continue;
    }
    MgdSparqlQuery* q  = NULL;
    MgdStatus       st = mgd_sparql_parse(query, NULL, &q);
    if (!st) {
      MgdSource            src = mgd_memstore_source(s->store[i]);
      MgdSparqlExecOptions eo;
      memset(&eo, 0, sizeof(eo));
      eo.source         = &src;
      eo.service        = run_service; // nested SERVICE
      eo.service_handle = s;
      ServiceRows rows  = {on_solution, ctx, q};
      st                = mgd_sparql_select(q, &eo, service_row, &rows);
    }
    mgd_sparql_query_free(q);
    return st;
  }
  return MGD_BAD_IO; // no such endpoint
}

typedef struct {
  Results* r;       ///< Collected rows
  bool     init;    ///< Columns set
  const MgdSparqlQuery* q;
} RowCtx;

static MgdStatus
on_row(void* handle, const MgdId* ids, const MgdTerm* terms, size_t n)
{
  (void)ids;
  RowCtx* c   = (RowCtx*)handle;
  MgdTerm* row = new_row(c->r);
  for (size_t i = 0U; i < n && i < 64U; ++i) {
    row[i] = dup_term(&terms[i]);
  }
  return MGD_SUCCESS;
}

static void
print_diag(void* handle, const MgdDiag* d)
{
  snprintf((char*)handle, 512U, "%s", d->message);
}

static int g_verbose;

static void
dump_results(const char* title, const Results* r)
{
  fprintf(stderr, "  %s (%zu rows):\n", title, r->n_rows);
  for (size_t i = 0U; i < r->n_rows && i < 30U; ++i) {
    fprintf(stderr, "   ");
    for (size_t v = 0U; v < (r->is_graph ? 3U : r->n_vars); ++v) {
      const MgdTerm* t = &row_at(r, i)[v];
      MgdBuf         b;
      mgd_buf_init(&b);
      if (t->kind != MGD_TERM_NONE) {
        mgd_term_write_nt(&b, t);
      }
      fprintf(stderr, " %.*s=%s", (int)r->vars[v].len, r->vars[v].ptr,
              b.data ? b.data : "-");
      mgd_buf_clear(&b);
    }
    fprintf(stderr, "\n");
  }
}

#ifndef RUN_UPDATE_SUITE
/// How run_eval evaluates: optimised, the naive oracle, or optimised with
/// every probed triple pattern read into a hash table (hash joins).
enum { EVAL_OPTIMISED, EVAL_NAIVE, EVAL_HASHED };

/// Run one evaluation test. Returns true on pass; fills `why`.
static bool
run_eval(MgdMemStore* man, MgdId action, MgdTerm result, int mode,
         char* why, size_t n_why)
{
  const bool naive = mode == EVAL_NAIVE;
  char        path[PATH_MAX];
  MgdTerm     qt = term_of(man, object(man, action, QT "query"));
  bool        ok = false;
  size_t      n  = 0U;
  url_to_path(qt.value, path, sizeof(path));
  char* text = read_file(path, &n);
  if (!text) {
    snprintf(why, n_why, "cannot read %.300s", path);
    return false;
  }
  char        msg[512] = "";
  MgdDiagSink dsink    = {print_diag, msg};
  char        base[PATH_MAX + 8];
  snprintf(base, sizeof(base), "%.*s", (int)qt.value.len, qt.value.ptr);
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base           = base;
  popts.diag           = &dsink;
  popts.no_optimise    = naive;
  MgdSparqlQuery* q    = NULL;
  MgdMemStore*    data = mgd_memstore_new();
  Services        svc;
  memset(&svc, 0, sizeof(svc));
#ifdef RUN_ON_STORE
  char       store_dir[64] = "";
  MgdDb*     db            = NULL;
  MgdDbRead* rtxn          = NULL;
#endif
  Results         exp;
  Results         act;
  memset(&exp, 0, sizeof(exp));
  memset(&act, 0, sizeof(act));
  MgdStatus st = mgd_sparql_parse(mgd_str_n(text, n), &popts, &q);
  if (st) {
    snprintf(why, n_why, "parse failed: %s", msg);
    goto done;
  }
  // Data
  MgdTerm named[64];
  size_t  n_named = 0U;
  MgdId   ids[64];
  size_t  nd = objects(man, action, iri_id(man, QT "data"), ids, 64U);
  for (size_t i = 0U; i < nd; ++i) {
    url_to_path(term_of(man, ids[i]).value, path, sizeof(path));
    if (load_rdf(data, path, NULL)) {
      snprintf(why, n_why, "cannot load data %.300s", path);
      goto done;
    }
  }
  nd = objects(man, action, iri_id(man, QT "graphData"), ids, 64U);
  for (size_t i = 0U; i < nd; ++i) {
    MgdTerm g = term_of(man, ids[i]);
    url_to_path(g.value, path, sizeof(path));
    if (load_rdf(data, path, &g)) {
      snprintf(why, n_why, "cannot load graph %.300s", path);
      goto done;
    }
    named[n_named++] = g;
  }
  nd = objects(man, action, iri_id(man, QT "serviceData"), ids, 8U);
  for (size_t i = 0U; i < nd; ++i) {
    svc.endpoint[i] = term_of(man, object(man, ids[i], QT "endpoint")).value;
    svc.store[i]    = mgd_memstore_new();
    svc.n           = i + 1U;
    MgdId  files[16];
    size_t nf = objects(man, ids[i], iri_id(man, QT "data"), files, 16U);
    for (size_t k = 0U; k < nf; ++k) {
      url_to_path(term_of(man, files[k]).value, path, sizeof(path));
      if (load_rdf(svc.store[i], path, NULL)) {
        snprintf(why, n_why, "cannot load service data %.300s", path);
        goto done;
      }
    }
  }
  for (int nm = 0; nm < 2; ++nm) {
    for (size_t i = 0U; i < mgd_sparql_query_n_from(q, nm); ++i) {
      MgdTerm g = mgd_sparql_query_from(q, nm, i);
      url_to_path(g.value, path, sizeof(path));
      load_rdf(data, path, &g);
    }
  }
  MgdSource src = mgd_memstore_source(data);
#ifdef RUN_ON_STORE
  if ((st = store_copy(data, store_dir, &db)) ||
      (st = mgd_db_read_begin(db, &rtxn))) {
    snprintf(why, n_why, "cannot fill the store: %s", mgd_strerror(st));
    goto done;
  }
  src = mgd_db_read_source(rtxn);
#endif
  MgdTerm          dflt     = mgd_term_none();
  MgdSparqlDataset ds       = {&dflt, 1U, named, n_named};
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source = &src;
  // The query's own FROM / FROM NAMED define its dataset when present.
  eo.dataset = mgd_sparql_query_n_from(q, false) || mgd_sparql_query_n_from(q, true)
                 ? NULL
                 : &ds;
  eo.diag    = &dsink;
  eo.deadline_ms = mgd_sparql_now_ms() + 20000U;
  eo.naive       = naive;
  eo.hash_after  = mode == EVAL_HASHED ? 1U : 0U;
  eo.service        = run_service;
  eo.service_handle = &svc;
  const MgdSparqlForm form = mgd_sparql_query_form(q);
  if (form == MGD_SPARQL_SELECT) {
    for (size_t i = 0U; i < mgd_sparql_query_n_columns(q); ++i) {
      var_index(&act, mgd_sparql_query_column(q, i), true);
    }
    RowCtx c = {&act, false, q};
    st       = mgd_sparql_select(q, &eo, on_row, &c);
  } else if (form == MGD_SPARQL_ASK) {
    act.is_bool = true;
    st          = mgd_sparql_ask(q, &eo, &act.boolean);
  } else {
    act.is_graph = true;
    var_index(&act, mgd_str("s"), true);
    var_index(&act, mgd_str("p"), true);
    var_index(&act, mgd_str("o"), true);
    MgdSink sink;
    memset(&sink, 0, sizeof(sink));
    sink.handle  = &act;
    sink.on_quad = graph_collect;
    st           = mgd_sparql_construct(q, &eo, &sink);
  }
  if (st) {
    snprintf(why, n_why, "execution failed: %s (%s)", mgd_strerror(st), msg);
    goto done;
  }
  url_to_path(result.value, path, sizeof(path));
  const char* ext  = strrchr(path, '.');
  bool        read = false;
  if (ext && !strcmp(ext, ".srx")) {
    read = read_srx(path, &exp);
  } else if (ext && !strcmp(ext, ".srj")) {
    read = read_srj(path, &exp);
  } else {
    read = read_rdf_results(path, &exp, act.is_graph);
    if (exp.is_graph) {
      var_index(&exp, mgd_str("s"), true);
      var_index(&exp, mgd_str("p"), true);
      var_index(&exp, mgd_str("o"), true);
    }
  }
  if (!read) {
    snprintf(why, n_why, "cannot read results %.300s", path);
    goto done;
  }
  // Order matters only for an ORDER BY of the outermost query: it follows
  // the last '}' of the text.
  bool        ordered = false;
  const char* last    = strrchr(text, '}');
  for (const char* c = last ? last : text; *c && !ordered; ++c) {
    ordered = !strncasecmp(c, "ORDER", 5U);
  }
  ok = results_equal(&exp, &act, ordered && !exp.is_graph, why, n_why);
  if (!ok && g_verbose) {
    fprintf(stderr, "%s", text);
    dump_results("expected", &exp);
    dump_results("actual", &act);
  }
done:
#ifdef RUN_ON_STORE
  mgd_db_read_end(rtxn);
  mgd_db_close(db);
  if (store_dir[0]) {
    rm_dir(store_dir);
  }
#endif
  results_free(&exp);
  results_free(&act);
  mgd_sparql_query_free(q);
  mgd_memstore_free(data);
  for (size_t i = 0U; i < svc.n; ++i) {
    mgd_memstore_free(svc.store[i]);
  }
  free(text);
  return ok;
}

static bool
run_syntax(MgdMemStore* man, MgdId action, bool positive, char* why,
           size_t n_why)
{
  char    path[PATH_MAX];
  MgdTerm qt = term_of(man, action);
  size_t  n  = 0U;
  url_to_path(qt.value, path, sizeof(path));
  char* text = read_file(path, &n);
  if (!text) {
    snprintf(why, n_why, "cannot read %.300s", path);
    return false;
  }
  char        msg[512] = "";
  MgdDiagSink dsink    = {print_diag, msg};
  char        base[PATH_MAX + 8];
  snprintf(base, sizeof(base), "%.*s", (int)qt.value.len, qt.value.ptr);
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base        = base;
  popts.diag        = &dsink;
  MgdSparqlQuery* q = NULL;
  MgdStatus       st = mgd_sparql_parse(mgd_str_n(text, n), &popts, &q);
  mgd_sparql_query_free(q);
  free(text);
  if (positive && st) {
    snprintf(why, n_why, "rejected: %s", msg);
    return false;
  }
  if (!positive && st != MGD_BAD_SYNTAX) {
    snprintf(why, n_why, "accepted a bad query");
    return false;
  }
  return true;
}

#endif

#ifdef RUN_UPDATE_SUITE
static MgdStatus
mem_add(void* handle, const MgdQuad* quad)
{
  return mgd_memstore_add((MgdMemStore*)handle, quad, NULL);
}

static MgdStatus
mem_remove(void* handle, const MgdIdQuad* quad)
{
  return mgd_memstore_remove((MgdMemStore*)handle, quad);
}

/// Load the ut:data file and ut:graphData graphs of `node` into `store`.
static bool
load_update_data(MgdMemStore* man, MgdId node, MgdMemStore* store,
                 MgdTerm* names, size_t* n_names, char* why, size_t n_why)
{
  char  path[PATH_MAX];
  MgdId ids[64];
  *n_names  = 0U;
  size_t nd = objects(man, node, iri_id(man, UT "data"), ids, 64U);
  for (size_t i = 0U; i < nd; ++i) {
    url_to_path(term_of(man, ids[i]).value, path, sizeof(path));
    if (load_rdf(store, path, NULL)) {
      snprintf(why, n_why, "cannot load %.300s", path);
      return false;
    }
  }
  nd = objects(man, node, iri_id(man, UT "graphData"), ids, 64U);
  for (size_t i = 0U; i < nd; ++i) {
    MgdTerm file  = term_of(man, object(man, ids[i], UT "graph"));
    MgdTerm label = term_of(man, object(man, ids[i], MGD_NS_RDFS "label"));
    MgdTerm g     = mgd_term_iri(dup_str(label.value));
    url_to_path(file.value, path, sizeof(path));
    if (load_rdf(store, path, &g)) {
      snprintf(why, n_why, "cannot load %.300s", path);
      return false;
    }
    names[(*n_names)++] = g;
  }
  return true;
}

/// The triples of graph `g` (NONE: default graph) of `store` as rows.
static void
graph_rows(MgdMemStore* store, const MgdTerm* g, Results* r)
{
  MgdSource src = mgd_memstore_source(store);
  MgdId     gid = MGD_ID_DEFAULT_GRAPH;
  memset(r, 0, sizeof(*r));
  r->is_graph = true;
  var_index(r, mgd_str("s"), true);
  var_index(r, mgd_str("p"), true);
  var_index(r, mgd_str("o"), true);
  if (g->kind != MGD_TERM_NONE && mgd_source_lookup(&src, g, &gid)) {
    return; // no such graph: empty
  }
  MgdIdQuad pat = {0U, 0U, 0U, gid};
  MgdIter*  it  = NULL;
  MgdIdQuad q;
  if (src.vt->match(src.handle, &pat, &it)) {
    return;
  }
  while (!src.vt->next(it, &q)) {
    MgdTerm* row = new_row(r);
    row[0]       = term_of(store, q.s);
    row[1]       = term_of(store, q.p);
    row[2]       = term_of(store, q.o);
    for (int k = 0; k < 3; ++k) {
      row[k] = dup_term(&row[k]);
    }
  }
  src.vt->iter_free(it);
}

static bool
same_graph(MgdMemStore* a, MgdMemStore* b, const MgdTerm* g, char* why,
           size_t n_why)
{
  Results ra, rb;
  graph_rows(a, g, &ra);
  graph_rows(b, g, &rb);
  const bool ok = results_equal(&ra, &rb, false, why, n_why);
  if (!ok) {
    char what[512];
    snprintf(what, sizeof(what), "%s", why);
    snprintf(why, n_why, "graph %.200s: %.250s",
             g->kind == MGD_TERM_NONE ? "(default)" : g->value.ptr, what);
    if (g_verbose) {
      dump_results("expected", &ra);
      dump_results("actual", &rb);
    }
  }
  results_free(&ra);
  results_free(&rb);
  return ok;
}

static bool
run_update(MgdMemStore* man, MgdId action, MgdId result, char* why,
           size_t n_why)
{
  char    path[PATH_MAX];
  MgdTerm req = term_of(man, object(man, action, UT "request"));
  size_t  n   = 0U;
  url_to_path(req.value, path, sizeof(path));
  char* text = read_file(path, &n);
  if (!text) {
    snprintf(why, n_why, "cannot read %.300s", path);
    return false;
  }
  char        msg[512] = "";
  MgdDiagSink dsink    = {print_diag, msg};
  char        base[PATH_MAX + 8];
  snprintf(base, sizeof(base), "%.*s", (int)req.value.len, req.value.ptr);
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base            = base;
  popts.diag            = &dsink;
  MgdSparqlUpdate* u    = NULL;
  MgdMemStore*     have = mgd_memstore_new();
  MgdMemStore*     want = mgd_memstore_new();
  MgdTerm          names[64], exp_names[64];
  size_t           n_names = 0U, n_exp = 0U;
  bool             ok      = false;
  MgdStatus        st      = mgd_sparql_update_parse(mgd_str_n(text, n),
                                                     &popts, &u);
  if (st) {
    snprintf(why, n_why, "parse failed: %s", msg);
    goto done;
  }
  if (!load_update_data(man, action, have, names, &n_names, why, n_why) ||
      !load_update_data(man, result, want, exp_names, &n_exp, why, n_why)) {
    goto done;
  }
  MgdSource            src = mgd_memstore_source(have);
  MgdSparqlExecOptions eo;
  memset(&eo, 0, sizeof(eo));
  eo.source                    = &src;
  eo.diag                      = &dsink;
  eo.deadline_ms               = mgd_sparql_now_ms() + 20000U;
  const MgdSparqlUpdateTarget t = {have, mem_add, mem_remove, NULL};
  if ((st = mgd_sparql_update_run(u, &eo, &t))) {
    snprintf(why, n_why, "update failed: %s (%s)", mgd_strerror(st), msg);
    goto done;
  }
  // Every graph either side knows must hold the same triples.
  const MgdTerm none = mgd_term_none();
  ok                 = same_graph(want, have, &none, why, n_why);
  for (size_t i = 0U; ok && i < n_exp; ++i) {
    ok = same_graph(want, have, &exp_names[i], why, n_why);
  }
  MgdIter*  it = NULL;
  MgdIdQuad q;
  if (ok && !src.vt->graphs(src.handle, &it)) {
    while (ok && !src.vt->next(it, &q)) {
      if (q.g != MGD_ID_DEFAULT_GRAPH) {
        MgdTerm g = term_of(have, q.g);
        ok        = same_graph(want, have, &g, why, n_why);
      }
    }
    src.vt->iter_free(it);
  }
done:
  mgd_sparql_update_free(u);
  mgd_memstore_free(have);
  mgd_memstore_free(want);
  free(text);
  return ok;
}

static bool
run_update_syntax(MgdMemStore* man, MgdId action, bool positive, char* why,
                  size_t n_why)
{
  char    path[PATH_MAX];
  MgdTerm qt = term_of(man, action);
  size_t  n  = 0U;
  url_to_path(qt.value, path, sizeof(path));
  char* text = read_file(path, &n);
  if (!text) {
    snprintf(why, n_why, "cannot read %.300s", path);
    return false;
  }
  char        msg[512] = "";
  MgdDiagSink dsink    = {print_diag, msg};
  MgdSparqlParseOptions popts;
  memset(&popts, 0, sizeof(popts));
  popts.base         = "http://example.org/base/";
  popts.diag         = &dsink;
  MgdSparqlUpdate* u = NULL;
  MgdStatus        st = mgd_sparql_update_parse(mgd_str_n(text, n), &popts, &u);
  mgd_sparql_update_free(u);
  free(text);
  if (positive && st) {
    snprintf(why, n_why, "rejected: %s", msg);
    return false;
  }
  if (!positive && st != MGD_BAD_SYNTAX) {
    snprintf(why, n_why, "accepted a bad update");
    return false;
  }
  return true;
}
#endif

static const char*
skip_reason(MgdStr iri)
{
  for (size_t i = 0U; skips[i].iri; ++i) {
    const size_t len = strlen(skips[i].iri);
    if (iri.len >= len && !memcmp(iri.ptr + iri.len - len, skips[i].iri, len)) {
      return skips[i].reason;
    }
  }
  return NULL;
}

int
main(int argc, char** argv)
{
  char        dir[PATH_MAX];
  const char* data = getenv("MUGDAT_TESTDATA");
  const char* only = NULL;
  g_verbose        = getenv("VERBOSE") != NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "--only=", 7)) {
      only = argv[i] + 7;
    }
  }
  if (data) {
    snprintf(dir, sizeof(dir), "%s/conformance/sparql11", data);
  } else {
    const char* src = getenv("MUGDAT_SRCDIR");
    if (!src) {
      src = argc > 1 && strncmp(argv[1], "--", 2) ? argv[1] : ".";
    }
    snprintf(dir, sizeof(dir), "%s/../shared/conformance/sparql11", src);
  }
  char real[PATH_MAX];
  if (!realpath(dir, real)) {
    fprintf(stderr, "cannot find test suite at %s\n", dir);
    printf("0 passed, 1 failed, 0 skipped\n");
    return 1;
  }
  mgd_arena_init(&g_arena, 0U);
  char top[PATH_MAX + 64];
#ifdef RUN_UPDATE_SUITE
  static const char* const tops[] = {"manifest-sparql11-update.ttl"};
#elif defined(RUN_ON_STORE)
  static const char* const tops[] = {"manifest-sparql11-query.ttl"};
#else
  // Query tests, and the federated ones (SERVICE against local stores).
  static const char* const tops[] = {"manifest-sparql11-query.ttl",
                                     "manifest-sparql11-fed.ttl"};
#endif
  unsigned long n_pass = 0, n_fail = 0, n_skip = 0;
  unsigned long n_eval = 0, n_eval_pass = 0, n_syn = 0, n_syn_pass = 0;
  MgdMemStore*  topm   = NULL;
  MgdIter*      it     = NULL;
  for (size_t tm = 0U; tm < sizeof(tops) / sizeof(tops[0]); ++tm) {
  snprintf(top, sizeof(top), "%s/%s", real, tops[tm]);
  mgd_memstore_free(topm);
  topm = mgd_memstore_new();
  if (load_rdf(topm, top, NULL)) {
    fprintf(stderr, "cannot read %s\n", top);
    printf("0 passed, 1 failed, 0 skipped\n");
    return 1;
  }
  MgdId         incl[64];
  MgdSource     tsrc  = mgd_memstore_source(topm);
  MgdIdQuad     pat   = {0U, iri_id(topm, MF "include"), 0U, 0U};
  size_t        n_inc = 0U;
  if (!tsrc.vt->match(tsrc.handle, &pat, &it)) {
    MgdIdQuad q;
    if (!tsrc.vt->next(it, &q)) {
      n_inc = list_items(topm, q.o, incl, 64U);
    }
    tsrc.vt->iter_free(it);
  }
  for (size_t m = 0U; m < n_inc; ++m) {
    char    mpath[PATH_MAX];
    MgdTerm murl = term_of(topm, incl[m]);
    url_to_path(murl.value, mpath, sizeof(mpath));
    MgdMemStore* man = mgd_memstore_new();
    if (load_rdf(man, mpath, NULL)) {
      fprintf(stderr, "FAIL cannot read manifest %s\n", mpath);
      ++n_fail;
      mgd_memstore_free(man);
      continue;
    }
    MgdSource msrc    = mgd_memstore_source(man);
    MgdIdQuad epat    = {0U, iri_id(man, MF "entries"), 0U, 0U};
    MgdId     entries[1024];
    size_t    n_ent   = 0U;
    if (epat.p && !msrc.vt->match(msrc.handle, &epat, &it)) {
      MgdIdQuad q;
      if (!msrc.vt->next(it, &q)) {
        n_ent = list_items(man, q.o, entries, 1024U);
      }
      msrc.vt->iter_free(it);
    }
    for (size_t e = 0U; e < n_ent; ++e) {
      MgdTerm test = term_of(man, entries[e]);
      if (only && !strstr(test.value.ptr, only)) {
        continue;
      }
      MgdTerm type   = term_of(man, object(man, entries[e], MGD_RDF_TYPE));
      MgdId   action = object(man, entries[e], MF "action");
      MgdTerm result = term_of(man, object(man, entries[e], MF "result"));
      char    why[512] = "";
      bool    ok       = false;
      const char* reason = skip_reason(test.value);
#ifdef RUN_UPDATE_SUITE
      if (mgd_str_eqc(type.value, MF "UpdateEvaluationTest")) {
        ok = run_update(man, action, object(man, entries[e], MF "result"), why,
                        sizeof(why));
      } else if (mgd_str_eqc(type.value, MF "PositiveUpdateSyntaxTest11")) {
        ok = run_update_syntax(man, action, true, why, sizeof(why));
      } else if (mgd_str_eqc(type.value, MF "NegativeUpdateSyntaxTest11")) {
        ok = run_update_syntax(man, action, false, why, sizeof(why));
      } else {
        continue;
      }
      (void)result;
#else
      if (mgd_str_eqc(type.value, MF "QueryEvaluationTest")) {
        // The optimised evaluation, the plain bottom-up one and the one
        // that hashes every probed pattern must all give the expected
        // answer.
        ok = run_eval(man, action, result, EVAL_OPTIMISED, why, sizeof(why));
        if (ok &&
            !run_eval(man, action, result, EVAL_NAIVE, why, sizeof(why))) {
          ok = false;
          snprintf(why + strlen(why), sizeof(why) - strlen(why),
                   " (naive evaluation)");
        }
        if (ok &&
            !run_eval(man, action, result, EVAL_HASHED, why, sizeof(why))) {
          ok = false;
          snprintf(why + strlen(why), sizeof(why) - strlen(why),
                   " (hashed patterns)");
        }
#ifdef RUN_ON_STORE
      } else if (strstr(type.value.ptr, "SyntaxTest")) {
        continue; // run by run_sparql_query; nothing store-specific
#endif
      } else if (mgd_str_eqc(type.value, MF "PositiveSyntaxTest11") ||
                 mgd_str_eqc(type.value, MF "PositiveSyntaxTest")) {
        ok = run_syntax(man, action, true, why, sizeof(why));
      } else if (mgd_str_eqc(type.value, MF "NegativeSyntaxTest11") ||
                 mgd_str_eqc(type.value, MF "NegativeSyntaxTest")) {
        ok = run_syntax(man, action, false, why, sizeof(why));
      } else {
        continue; // not a query test
      }
#endif
      const bool is_eval = !strstr(type.value.ptr, "Syntax");
      n_eval += is_eval;
      n_syn += !is_eval;
      n_eval_pass += is_eval && ok && !reason;
      n_syn_pass += !is_eval && ok && !reason;
      if (reason) {
        if (ok) {
          printf("UNEXPECTED PASS %.*s (skip reason: %s)\n", (int)test.value.len,
                 test.value.ptr, reason);
        }
        ++n_skip;
      } else if (ok) {
        ++n_pass;
      } else {
        ++n_fail;
        printf("FAIL %.*s: %s\n", (int)test.value.len, test.value.ptr, why);
      }
    }
    mgd_memstore_free(man);
  }
  }
  mgd_memstore_free(topm);
  mgd_arena_clear(&g_arena);
  fprintf(stderr, "evaluation tests: %lu/%lu passed; syntax tests: %lu/%lu passed\n",
          n_eval_pass, n_eval, n_syn_pass, n_syn);
  printf("%lu passed, %lu failed, %lu skipped\n", n_pass, n_fail, n_skip);
  return n_fail ? 1 : 0;
}
