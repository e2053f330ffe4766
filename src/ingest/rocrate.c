// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// RO-Crates (FAIR Image Objects): the metadata file goes through the JSON-LD
// processor unchanged (contexts resolved offline), and a filter on its quads
// adds REMBI terms next to the crate's own (bia:, OBI, schema.org; the
// table is mappings/rocrate.tsv), so REMBI queries find crates as they find
// BioStudies records. Then a second pass over the JSON handles what JSON-LD
// alone cannot: undefined keys real crates rely on (fbbi_id), organism
// references that need names resolved, csvw file lists, and OME-Zarr images
// inside the crate.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_read.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  MgdMmds*   m;
  MgdBuf     base;   ///< Crate base IRI (file URL of the crate dir + '/')
  MgdBuf     a, b;   ///< Scratch
  MgdHashMap warned; ///< Prefixes already warned about
  MgdStatus  st;     ///< First error from the filter
} Crate;

/// Warn once per `key`: "<head>'<arg>'<tail>".
static MgdStatus
crate_warn_once(Crate* const c, const MgdStr key, const char* const head,
                const MgdStr arg, const char* const tail)
{
  bool      inserted = false;
  MgdStatus st =
    mgd_hashmap_put(&c->warned, key.ptr, key.len, 0, NULL, &inserted);
  if (st || !inserted) {
    return st;
  }
  return mgd_mmds_warn(c->m, 0, 0, NULL, "%s'%.*s'%s", head, (int)arg.len,
                       arg.ptr, tail);
}

/// IRIs like "NCBI:txid7227" come from compact ids whose prefix the crate
/// never declared: JSON-LD keeps them as IRIs with a made-up scheme. Known
/// OBO-style prefixes are rewritten; others are kept with a warning.
static MgdStatus
fix_iri(Crate* const c, const MgdTerm* const t, MgdBuf* const out,
        MgdTerm* const fixed)
{
  *fixed = *t;
  if (t->kind != MGD_TERM_IRI) {
    return MGD_SUCCESS;
  }
  const MgdStr v     = t->value;
  const char*  colon = memchr(v.ptr, ':', v.len);
  if (!colon) {
    return MGD_SUCCESS;
  }
  const MgdStr             scheme  = mgd_str_n(v.ptr, (size_t)(colon - v.ptr));
  static const char* const known[] = { "http",   "https", "urn", "file",
                                       "mailto", "doi",   "ftp", "tag",
                                       "data",   "arcp",  "_" };
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); ++i) {
    if (mgd_str_eqc(scheme, known[i])) {
      return MGD_SUCCESS;
    }
  }
  MgdStatus st = MGD_SUCCESS;
  if (!mgd_mmds_curie(v, out) &&
      mgd_str_has_prefix(mgd_buf_str(out), MGD_NS_OBO)) {
    st     = crate_warn_once(c, scheme, "undeclared prefix ", scheme,
                             " in the crate's ids: read as an OBO id (" MGD_NS_OBO
                             "...)");
    *fixed = mgd_term_iri(mgd_buf_str(out));
  } else {
    st = crate_warn_once(c, scheme, "undeclared prefix ", scheme,
                         " in the crate's ids: kept as an IRI with that "
                         "scheme");
  }
  return st;
}

/// Local name of an IRI that JSON-LD resolved against the base because the
/// term was undefined ("image_acquisition" -> base + "image_acquisition").
static MgdStr
undefined_term(const Crate* const c, const MgdStr iri)
{
  const MgdStr base = mgd_buf_str(&c->base);
  if (!mgd_str_has_prefix(iri, base.ptr) || iri.len == base.len) {
    return mgd_str_n(NULL, 0);
  }
  const MgdStr rest = mgd_str_n(iri.ptr + base.len, iri.len - base.len);
  for (size_t i = 0; i < rest.len; ++i) {
    if (!isalnum((unsigned char)rest.ptr[i]) && rest.ptr[i] != '_') {
      return mgd_str_n(NULL, 0);
    }
  }
  return rest;
}

#define SCHEMA_HTTP "http://schema.org/"

/// The RO-Crate contexts map schema.org terms to http://schema.org/; every
/// other ingester (and the REMBI/FAIR-IO shapes) writes https://schema.org/,
/// so a crate's terms are rewritten to it and queries join across sources.
static MgdStatus
schema_https(const MgdStr v, MgdBuf* const out, MgdStr* const fixed)
{
  if (!mgd_str_has_prefix(v, SCHEMA_HTTP)) {
    return MGD_SUCCESS;
  }
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_appendc(out, MGD_NS_SCHEMA);
  st           = st ? st
                    : mgd_buf_append(out, v.ptr + strlen(SCHEMA_HTTP),
                                     v.len - strlen(SCHEMA_HTTP));
  if (!st) {
    *fixed = mgd_buf_str(out);
  }
  return st;
}

static MgdStatus
crate_quad(void* const handle, const MgdQuad* const q)
{
  Crate* const   c = handle;
  MgdMmds* const m = c->m;
  MgdTerm        s = q->s, o = q->o, p = q->p;
  MgdBuf sb = { 0 }, ob = { 0 }, pb = { 0 }, db = { 0 }, s2 = { 0 }, o2 = { 0 };
  MgdStatus st = fix_iri(c, &q->s, &sb, &s);
  st           = st ? st : fix_iri(c, &q->o, &ob, &o);
  st = st || s.kind != MGD_TERM_IRI ? st : schema_https(s.value, &s2, &s.value);
  st = st ? st : schema_https(p.value, &pb, &p.value);
  st = st || o.kind != MGD_TERM_IRI ? st : schema_https(o.value, &o2, &o.value);
  st = st || o.kind != MGD_TERM_LITERAL
         ? st
         : schema_https(o.datatype, &db, &o.datatype);
  MgdQuad    out     = { s, p, o, mgd_term_iri(mgd_buf_str(&m->e->graph)) };
  const bool is_type = mgd_str_eqc(p.value, MGD_RDF_TYPE);
  if (!st && is_type && o.kind == MGD_TERM_IRI) {
    const MgdStr local = undefined_term(c, o.value);
    if (local.len) {
      st = crate_warn_once(c, local, "", local,
                           " is used as a type but the crate's context does "
                           "not define it (resolved against the crate)");
    }
  }
  st = st ? st : mgd_ingest_emit_quad(m->e, &out);
  // REMBI lift (mappings/rocrate.tsv): classes by the type's IRI or, for an
  // undefined term, its local name; properties by IRI.
  const MgdMapRow* r = NULL;
  if (!st && is_type && o.kind == MGD_TERM_IRI) {
    r = mgd_ingest_table_get(&m->t.rocrate, o.value, mgd_str("class"));
    const MgdStr local = undefined_term(c, o.value);
    if (!r && local.len) {
      r = mgd_ingest_table_get(&m->t.rocrate, local, mgd_str("class"));
    }
    if (r) {
      char cls[256];
      snprintf(cls, sizeof(cls), "%.*s", (int)r->f[2].len, r->f[2].ptr);
      if (s.kind == MGD_TERM_IRI) {
        st = mgd_mmds_type(m, s.value, cls);
      }
    }
  } else if (!st && s.kind == MGD_TERM_IRI) {
    r = mgd_ingest_table_get(&m->t.rocrate, p.value, mgd_str("property"));
    if (!r) {
      r = mgd_ingest_table_get(&m->t.rocrate, p.value, mgd_str("iri"));
    }
    if (r) {
      char pred[256];
      snprintf(pred, sizeof(pred), "%.*s", (int)r->f[2].len, r->f[2].ptr);
      if (o.kind == MGD_TERM_IRI) {
        st = mgd_mmds_iri(m, s.value, pred, o.value);
      } else if (o.kind == MGD_TERM_LITERAL && mgd_str_eqc(r->f[1], "iri") &&
                 (mgd_str_has_prefix(o.value, "http://") ||
                  mgd_str_has_prefix(o.value, "https://"))) {
        st = mgd_mmds_iri(m, s.value, pred, o.value);
      } else if (o.kind == MGD_TERM_LITERAL) {
        const MgdQuad lq = { s, mgd_term_iri(mgd_str(pred)), o, out.g };
        MgdBuf        lb = { 0 };
        if (!strncmp(pred, "rembi:", 6)) {
          st = mgd_buf_appendc(&lb, MGD_NS_REMBI);
          st = st ? st : mgd_buf_appendc(&lb, pred + 6);
        } else if (!strncmp(pred, "dcterms:", 8)) {
          st = mgd_buf_appendc(&lb, MGD_NS_DCTERMS);
          st = st ? st : mgd_buf_appendc(&lb, pred + 8);
        } else {
          st = mgd_buf_appendc(&lb, pred);
        }
        MgdQuad l2 = lq;
        l2.p       = mgd_term_iri(mgd_buf_str(&lb));
        st         = st ? st : mgd_ingest_emit_quad(m->e, &l2);
        mgd_buf_clear(&lb);
      }
    }
  }
  mgd_buf_clear(&sb);
  mgd_buf_clear(&ob);
  mgd_buf_clear(&pb);
  mgd_buf_clear(&db);
  mgd_buf_clear(&s2);
  mgd_buf_clear(&o2);
  if (st && !c->st) {
    c->st = st;
  }
  return st;
}

// --------------------------------------------------------------------------
// Second pass over the JSON

static MgdStr
jstr(json_t* const v)
{
  return json_is_string(v)
           ? mgd_str_n(json_string_value(v), json_string_length(v))
           : mgd_str_n("", 0);
}

/// Resolve a crate-relative id against the base into `out`.
static MgdStatus
resolve(Crate* const c, const MgdStr id, MgdBuf* const out)
{
  mgd_buf_reset(out);
  const char* const colon = memchr(id.ptr, ':', id.len);
  const char* const slash = memchr(id.ptr, '/', id.len);
  if (colon && (!slash || colon < slash)) {
    MgdTerm   t = mgd_term_iri(id);
    MgdTerm   f;
    MgdBuf    b  = { 0 };
    MgdStatus st = fix_iri(c, &t, &b, &f);
    st           = st ? st : mgd_buf_append(out, f.value.ptr, f.value.len);
    mgd_buf_clear(&b);
    return st;
  }
  MgdStatus st = mgd_buf_append(out, c->base.data, c->base.len);
  MgdStr    r  = id;
  if (mgd_str_has_prefix(r, "./")) {
    r = mgd_str_n(r.ptr + 2, r.len - 2);
  }
  return st ? st : mgd_buf_append(out, r.ptr, r.len);
}

typedef struct {
  json_t*    graph;
  MgdHashMap by_id; ///< @id -> index in graph
} Index;

static json_t*
index_get(const Index* const ix, const MgdStr id)
{
  uint64_t v = 0;
  if (mgd_hashmap_get(&ix->by_id, id.ptr, id.len, &v)) {
    return NULL;
  }
  return json_array_get(ix->graph, (size_t)v);
}

static MgdStatus
taxon_ref(Crate* const c, const Index* const ix, const MgdStr subj,
          json_t* const ref, const char* const pred, const char* const path)
{
  MgdMmds* const m  = c->m;
  const MgdStr   id = jstr(json_object_get(ref, "@id"));
  MgdBuf         t  = { 0 };
  MgdStatus      st = MGD_SUCCESS;
  bool           ok = id.len && !mgd_mmds_taxon(m, id, &t) &&
            mgd_str_has_prefix(mgd_buf_str(&t), MGD_NS_OBO "NCBITaxon_");
  json_t* const ent = ok ? NULL : index_get(ix, id);
  // Names are tried in both fields: real crates swap them ("commonName":
  // "Homo sapiens", "scientificName": "Human").
  static const char* const keys[] = { "scientificName", "commonName", "name" };
  for (size_t i = 0; !ok && ent && i < 3; ++i) {
    const MgdStr nm = jstr(json_object_get(ent, keys[i]));
    ok              = nm.len && !mgd_mmds_taxon(m, nm, &t);
  }
  if (ok) {
    st = mgd_mmds_iri(m, subj, pred, mgd_buf_str(&t));
  } else {
    st = mgd_mmds_warn(m, 0, 0, path,
                       "organism '%.*s' could not be resolved to an NCBITaxon "
                       "id (mappings/ncbitaxon.tsv)",
                       (int)id.len, id.ptr);
  }
  mgd_buf_clear(&t);
  return st;
}

static MgdStatus
file_list(Crate* const c, const Index* const ix, json_t* const ent,
          const char* const dir);

static MgdStatus
second_pass(Crate* const c, json_t* const doc, const char* const dir)
{
  MgdMmds* const m = c->m;
  Index          ix;
  ix.graph = json_object_get(doc, "@graph");
  mgd_hashmap_init(&ix.by_id);
  MgdStatus st = MGD_SUCCESS;
  size_t    i  = 0;
  json_t*   e  = NULL;
  if (!json_is_array(ix.graph)) {
    mgd_hashmap_clear(&ix.by_id);
    return mgd_mmds_warn(m, 0, 0, "$", "the crate has no @graph array");
  }
  json_array_foreach(ix.graph, i, e)
  {
    const MgdStr id = jstr(json_object_get(e, "@id"));
    if (!st && id.len) {
      st = mgd_hashmap_put(&ix.by_id, id.ptr, id.len, i, NULL, NULL);
    }
  }
  MgdBuf subj = { 0 }, o = { 0 };
  char   path[128];
  json_array_foreach(ix.graph, i, e)
  {
    const MgdStr id = jstr(json_object_get(e, "@id"));
    if (st || !id.len) {
      continue;
    }
    snprintf(path, sizeof(path), "$['@graph'][%zu]", i);
    st             = resolve(c, id, &subj);
    const MgdStr s = mgd_buf_str(&subj);
    // The metadata descriptor's "about" is the root data entity: the study.
    if (!st && (mgd_str_eqc(id, "ro-crate-metadata.json") ||
                mgd_str_eqc(id, "ro-crate-metadata.jsonld"))) {
      const MgdStr about =
        jstr(json_object_get(json_object_get(e, "about"), "@id"));
      if (about.len) {
        st = resolve(c, about, &o);
        st = st ? st : mgd_mmds_type(m, mgd_buf_str(&o), "rembi:Study");
      }
    }
    const char* key = NULL;
    json_t*     v   = NULL;
    json_object_foreach(e, key, v)
    {
      if (st) {
        break;
      }
      char k[160];
      snprintf(k, sizeof(k), "key:%s", key);
      const MgdMapRow* const r =
        mgd_ingest_table_get(&m->t.rocrate, mgd_str(k), mgd_str("key"));
      if (!r) {
        continue;
      }
      char pred[160];
      snprintf(pred, sizeof(pred), "%.*s", (int)r->f[2].len, r->f[2].ptr);
      json_t* items = json_is_array(v) ? v : NULL;
      size_t  n     = items ? json_array_size(items) : 1;
      for (size_t k2 = 0; !st && k2 < n; ++k2) {
        json_t* const x = items ? json_array_get(items, k2) : v;
        if (mgd_str_eqc(r->f[3], "taxonref")) {
          st = taxon_ref(c, &ix, s, x, pred, path);
        } else if (mgd_str_eqc(r->f[3], "ref")) {
          const MgdStr ref = jstr(json_object_get(x, "@id"));
          if (ref.len) {
            st = resolve(c, ref, &o);
            st = st ? st : mgd_mmds_iri(m, s, pred, mgd_buf_str(&o));
          }
        } else if (mgd_str_eqc(r->f[3], "fbbiref")) {
          MgdStr val = jstr(json_object_get(x, "@id"));
          if (!val.len) {
            val = jstr(x);
          }
          if (val.len && !mgd_mmds_fbbi(m, val, &o)) {
            st = mgd_mmds_iri(m, s, pred, mgd_buf_str(&o));
          } else if (val.len) {
            st = mgd_mmds_warn(m, 0, 0, path, "'%.*s' is not an FBbi term",
                               (int)val.len, val.ptr);
          }
        }
      }
    }
    if (!st && json_object_get(e, "tableSchema")) {
      st = file_list(c, &ix, e, dir);
    }
    // OME-Zarr images stored inside the crate.
    if (!st && dir && (strstr(id.ptr, ".zarr") != NULL) &&
        !mgd_str_has_prefix(id, "http")) {
      char zp[4096];
      snprintf(zp, sizeof(zp), "%s/%.*s", dir, (int)id.len, id.ptr);
      struct stat sb;
      if (!stat(zp, &sb) && S_ISDIR(sb.st_mode)) {
        st = mgd_zarr_read(m, zp, s);
      }
    }
  }
  mgd_buf_clear(&subj);
  mgd_buf_clear(&o);
  mgd_hashmap_clear(&ix.by_id);
  return st;
}

/// A csvw-described file list (BIA crates): one data entity per row, each
/// column's propertyUrl as its predicate.
static MgdStatus
file_list(Crate* const c, const Index* const ix, json_t* const ent,
          const char* const dir)
{
  MgdMmds* const m      = c->m;
  const MgdStr   id     = jstr(json_object_get(ent, "@id"));
  json_t* const  schema = index_get(
     ix, jstr(json_object_get(json_object_get(ent, "tableSchema"), "@id")));
  if (!schema || !dir) {
    return MGD_SUCCESS;
  }
  char path[4096];
  snprintf(path, sizeof(path), "%s/%.*s", dir, (int)id.len, id.ptr);
  MgdBuf            text = { 0 };
  MgdTsv            tsv;
  unsigned          bad   = 0;
  const char* const saved = m->file;
  MgdStatus         st    = mgd_mmds_slurp(m, path, &text);
  if (st == MGD_BAD_IO) {
    mgd_buf_clear(&text);
    return mgd_mmds_warn(m, 0, 0, NULL,
                         "%s: file list named by the crate is missing", path);
  }
  if (st) {
    mgd_buf_clear(&text);
    return st;
  }
  m->file = path;
  st      = mgd_tsv_parse(text.data, text.len, &tsv, &bad);
  if (st == MGD_BAD_SYNTAX) {
    st = mgd_ingest_emit_error(m->e, st, bad, 0, path,
                               "malformed TSV (NUL byte or invalid UTF-8)");
    mgd_buf_clear(&text);
    m->file = saved;
    return st;
  }
  // Column name -> property IRI, from the schema's csvw:Column entities.
  json_t* const cols     = json_object_get(schema, "column");
  const size_t  n_header = tsv.n_rows ? tsv.row_n[0] : 0;
  char**        props    = mgd_calloc(n_header + 1, sizeof(char*));
  size_t        path_col = 0;
  if (!props) {
    st = MGD_BAD_ALLOC;
  }
  size_t  i   = 0;
  json_t* ref = NULL;
  json_array_foreach(cols, i, ref)
  {
    json_t* const col = index_get(ix, jstr(json_object_get(ref, "@id")));
    const MgdStr  nm  = jstr(json_object_get(col, "columnName"));
    const MgdStr  pu  = jstr(json_object_get(col, "propertyUrl"));
    for (size_t k = 0; !st && k < n_header; ++k) {
      if (mgd_str_eq(mgd_tsv_get(&tsv, 0, k), nm) && pu.len) {
        props[k] = mgd_strndup(pu.ptr, pu.len);
        if (mgd_str_eqc(nm, "file_path") || mgd_str_eqc(nm, "path")) {
          path_col = k;
        }
      }
    }
  }
  for (size_t k = 0; !st && k < n_header; ++k) {
    const MgdStr h = mgd_tsv_get(&tsv, 0, k);
    if (mgd_str_eqc(h, "path") || mgd_str_eqc(h, "file_path")) {
      path_col = k;
    }
    if (!props[k]) {
      st = mgd_mmds_warn(m, tsv.row_line[0], (unsigned)k + 1, NULL,
                         "column '%.*s' is not described by the crate's "
                         "csvw schema: kept as schema:additionalProperty",
                         (int)h.len, h.ptr);
    }
  }
  MgdBuf subj = { 0 }, o = { 0 }, pv = { 0 };
  bool   warned_list = false;
  for (size_t r = 1; !st && r < tsv.n_rows; ++r) {
    const MgdStr fp = mgd_tsv_get(&tsv, r, path_col);
    if (!fp.len) {
      st = mgd_mmds_warn(m, tsv.row_line[r], (unsigned)path_col + 1, NULL,
                         "row without a file path: skipped");
      continue;
    }
    if (tsv.row_n[r] != n_header) {
      st = mgd_mmds_warn(m, tsv.row_line[r], 1, NULL,
                         "row has %zu fields, the header %zu", tsv.row_n[r],
                         n_header);
    }
    st             = st ? st : resolve(c, fp, &subj);
    const MgdStr s = mgd_buf_str(&subj);
    st             = st ? st : mgd_mmds_type(m, s, "schema:MediaObject");
    st             = st ? st : mgd_mmds_lit(m, s, "rembi:relativePath", fp);
    st = st ? st : mgd_mmds_iri(m, s, "schema:isPartOf", mgd_str(c->base.data));
    for (size_t k = 0; !st && k < n_header; ++k) {
      const MgdStr v = mgd_mmds_trim(mgd_tsv_get(&tsv, r, k));
      if (!v.len || k == path_col) {
        continue;
      }
      if (!props[k]) {
        st = mgd_mmds_mint(m, "property", mgd_str_n(fp.ptr, fp.len), &pv);
        st = st ? st : mgd_buf_putc(&pv, '-');
        st = st ? st : mgd_buf_printf(&pv, "%zu", k);
        st = st ? st
                : mgd_mmds_iri(m, s, "schema:additionalProperty",
                               mgd_buf_str(&pv));
        st = st ? st
                : mgd_mmds_lit(m, mgd_buf_str(&pv), "schema:name",
                               mgd_tsv_get(&tsv, 0, k));
        st = st ? st : mgd_mmds_lit(m, mgd_buf_str(&pv), "schema:value", v);
        continue;
      }
      const bool is_ref = v.ptr[0] == '#' || !strcmp(props[k], MGD_RDF_TYPE) ||
                          mgd_str_has_prefix(v, "http://") ||
                          mgd_str_has_prefix(v, "https://");
      if (v.ptr[0] == '[' && v.ptr[v.len - 1] == ']') {
        // A Python list printed into a cell: "['a', 'b']".
        if (!warned_list) {
          warned_list = true;
          st          = mgd_mmds_warn(m, tsv.row_line[r], (unsigned)k + 1, NULL,
                                      "cell holds a Python-style list; split into "
                                               "one value per item");
        }
        for (size_t a = 1; !st && a < v.len - 1;) {
          const char*  comma = memchr(v.ptr + a, ',', v.len - 1 - a);
          const size_t end   = comma ? (size_t)(comma - v.ptr) : v.len - 1;
          MgdStr       item  = mgd_mmds_trim(mgd_str_n(v.ptr + a, end - a));
          if (item.len >= 2 && (item.ptr[0] == '\'' || item.ptr[0] == '"')) {
            item = mgd_str_n(item.ptr + 1, item.len - 2);
          }
          st = mgd_mmds_lit(m, s, props[k], item);
          a  = end + 1;
        }
      } else if (is_ref) {
        st = resolve(c, v, &o);
        st = st ? st : mgd_mmds_iri(m, s, props[k], mgd_buf_str(&o));
      } else {
        st = mgd_mmds_auto(m, s, props[k], v);
      }
    }
  }
  for (size_t k = 0; props && k < n_header; ++k) {
    mgd_free(props[k]);
  }
  mgd_free(props);
  mgd_buf_clear(&subj);
  mgd_buf_clear(&o);
  mgd_buf_clear(&pv);
  mgd_tsv_clear(&tsv);
  mgd_buf_clear(&text);
  m->file = saved;
  return st;
}

/// Files present in the crate's folder: a node each (size, format, and
/// sha256 when asked), with the IRI the crate's own ids resolve to, so a
/// data entity and its file node are one node. Zarr folders are one file.
static MgdStatus
crate_file(MgdMmds* const m, const char* const abs, const MgdStr rel,
           const struct stat* const sb, const bool is_zarr, void* const handle)
{
  const Crate* const c    = handle;
  const char* const  base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
  (void)is_zarr;
  if (strstr(base, "ro-crate-metadata.json") ||
      strstr(base, "ro-crate-preview.html")) {
    return MGD_SUCCESS;
  }
  MgdBuf    f  = { 0 };
  MgdStatus st = mgd_mmds_file_node(m, abs, rel, sb, &f);
  st           = st ? st
                    : mgd_mmds_iri(m, mgd_buf_str(&f), "schema:isPartOf",
                                   mgd_str(c->base.data));
  mgd_buf_clear(&f);
  return st;
}

MgdStatus
mgd_rocrate_read(MgdMmds* const m, const char* const path,
                 const char* const dir)
{
  Crate c;
  memset(&c, 0, sizeof(c));
  c.m = m;
  mgd_hashmap_init(&c.warned);
  MgdJsonldOptions jo;
  mgd_jsonld_options_init(&jo);
  MgdBuf    ctx = { 0 }, text = { 0 };
  MgdStatus st = mgd_path_to_file_url(dir, &c.base);
  if (!st && (!c.base.len || c.base.data[c.base.len - 1] != '/')) {
    st = mgd_buf_putc(&c.base, '/');
  }
  st =
    st ? st : mgd_buf_printf(&ctx, "%s/ontologies/contexts", m->ing->data_dir);
  st = st ? st : mgd_jsonld_options_set(&jo, "contexts-dir", ctx.data);
  const MgdSink  sink = { &c, NULL, NULL, crate_quad, NULL };
  MgdReadOptions ro;
  memset(&ro, 0, sizeof(ro));
  ro.format      = MGD_FORMAT_JSONLD;
  ro.base        = c.base.data;
  ro.source_name = path;
  ro.limits      = m->e->limits;
  ro.diag        = m->e->diag;
  ro.jsonld      = &jo;
  st             = st ? st : mgd_rdf_read_path(path, &ro, &sink, NULL);
  if (c.st) {
    st = c.st;
  }
  // Second pass over the same bytes as JSON.
  json_t* doc = NULL;
  st          = st ? st : mgd_mmds_slurp(m, path, &text);
  if (!st) {
    doc = mgd_mmds_json_load(m, path, text.data, text.len);
    st  = doc ? MGD_SUCCESS : MGD_BAD_SYNTAX;
  }
  st = st ? st : second_pass(&c, doc, dir);
  if (!st && dir) {
    m->file_base = c.base.data;
    m->root      = dir;
    st           = mgd_mmds_walk(m, crate_file, &c);
    m->file_base = NULL;
  }
  json_decref(doc);
  mgd_buf_clear(&text);
  mgd_buf_clear(&ctx);
  mgd_buf_clear(&c.base);
  mgd_hashmap_clear(&c.warned);
  mgd_jsonld_options_clear(&jo);
  return st;
}
