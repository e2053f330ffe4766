// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// omero-marshal JSON -> OME core quads. This is the structure omero-rdf walks
// (objects with "@type" and "@id", "omero:details" with owner and group,
// "Annotations", MapAnnotation "Value" as [[key, value], ...]); its
// "@context" is not a usable JSON-LD context (numeric @id, TBD# types), so
// it is read as plain JSON with jansson and mapped by mappings/omero-json.tsv.

#include "ingest/ingest_impl.h"

#include <jansson.h>

#include <stdio.h>
#include <string.h>

#define OME_SCHEMA_NS "http://www.openmicroscopy.org/Schemas/OME/2016-06#"

typedef struct {
  MgdIngester* ing;
  MgdEmit*     e;
  size_t       depth;
} Walk;

static MgdStatus walk_object(Walk* w, json_t* obj, const MgdStr parent,
                             const MgdStr link, MgdBuf* iri);

static const MgdMapRow*
key_row(const Walk* const w, const char* const key)
{
  return mgd_ingest_table_get(&w->ing->json, mgd_str(key), mgd_str(NULL));
}

/// Predicate for `key`: the row's term, else ome:snake (PascalCase) or mgdv:.
static MgdStatus
key_pred(const Walk* const w, const char* const key, MgdBuf* const out)
{
  mgd_buf_reset(out);
  const MgdMapRow* const r = key_row(w, key);
  if (r && r->f[2].len) {
    return mgd_buf_append(out, r->f[2].ptr, r->f[2].len);
  }
  if (key[0] >= 'A' && key[0] <= 'Z') {
    MgdStatus st = mgd_buf_appendc(out, MGD_NS_OME);
    return st ? st : mgd_ingest_snake(mgd_str(key), out);
  }
  MgdStatus st = mgd_buf_appendc(out, MGD_NS_MGDV);
  return st ? st : mgd_ingest_pct(mgd_str(key), out);
}

static MgdStatus
emit_scalar(Walk* const w, const MgdStr subj, const MgdStr pred,
            json_t* const v, const bool as_iri)
{
  char num[64];
  switch (json_typeof(v)) {
    case JSON_STRING: {
      const MgdStr s = mgd_str_n(json_string_value(v), json_string_length(v));
      if (as_iri && mgd_iri_is_valid(s)) {
        return mgd_ingest_emit_iri(w->e, subj, pred, s);
      }
      return s.len ? mgd_ingest_emit_lit(w->e, subj, pred, s, mgd_str(NULL))
                   : MGD_SUCCESS;
    }
    case JSON_INTEGER:
      snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
               json_integer_value(v));
      return mgd_ingest_emit_lit(w->e, subj, pred, mgd_str(num),
                                 mgd_str(MGD_XSD_INTEGER));
    case JSON_REAL:
      snprintf(num, sizeof(num), "%.17g", json_real_value(v));
      return mgd_ingest_emit_lit(w->e, subj, pred, mgd_str(num),
                                 mgd_str(MGD_XSD_DOUBLE));
    case JSON_TRUE:
    case JSON_FALSE:
      return mgd_ingest_emit_lit(w->e, subj, pred,
                                 mgd_str(json_is_true(v) ? "true" : "false"),
                                 mgd_str(MGD_XSD_BOOLEAN));
    case JSON_NULL:
    case JSON_OBJECT:
    case JSON_ARRAY:
      return MGD_SUCCESS;
  }
  return MGD_SUCCESS;
}

static MgdStatus
emit_value(Walk* const w, const MgdStr subj, const char* const key,
           json_t* const v, const MgdStr pred, const bool as_iri)
{
  MgdStatus st = MGD_SUCCESS;
  if (json_is_array(v)) {
    size_t  i = 0;
    json_t* x = NULL;
    json_array_foreach(v, i, x)
    {
      st = emit_value(w, subj, key, x, pred, as_iri);
      if (st) {
        break;
      }
    }
  } else if (json_is_object(v)) {
    MgdBuf child = { 0 };
    st           = walk_object(w, v, subj, pred, &child);
    mgd_buf_clear(&child);
  } else {
    st = emit_scalar(w, subj, pred, v, as_iri);
  }
  return st;
}

static MgdStatus
emit_kv_list(Walk* const w, const MgdStr subj, json_t* const list)
{
  size_t    i  = 0;
  size_t    n  = 0;
  json_t*   kv = NULL;
  MgdStatus st = MGD_SUCCESS;
  json_array_foreach(list, i, kv)
  {
    json_t* const k = json_array_get(kv, 0);
    json_t* const v = json_array_get(kv, 1);
    if (json_is_string(k) && json_is_string(v)) {
      st = mgd_ingest_emit_kv(
        w->e, subj, ++n, mgd_str_n(json_string_value(k), json_string_length(k)),
        mgd_str_n(json_string_value(v), json_string_length(v)));
      if (st) {
        break;
      }
    }
  }
  return st;
}

static MgdStatus
walk_object(Walk* const w, json_t* const obj, const MgdStr parent,
            const MgdStr link, MgdBuf* const iri)
{
  if (++w->depth > w->ing->limits.max_nesting) {
    return mgd_ingest_emit_error(w->e, MGD_BAD_LIMIT, 0, 0, NULL,
                                 "JSON nested deeper than %zu",
                                 w->ing->limits.max_nesting);
  }
  json_t* const     type_v = json_object_get(obj, "@type");
  json_t* const     id_v   = json_object_get(obj, "@id");
  const char* const type =
    json_is_string(type_v) ? json_string_value(type_v) : "";
  const char* local = type;
  if (!strncmp(type, OME_SCHEMA_NS, strlen(OME_SCHEMA_NS))) {
    local = type + strlen(OME_SCHEMA_NS);
  }
  const MgdMapRow* const trow = type[0] ? key_row(w, type) : NULL;
  MgdStatus              st   = MGD_SUCCESS;
  mgd_buf_reset(iri);
  // Node IRI: an absolute @id as given, else graph/<Type>:<id>, else a
  // path under the parent.
  if (json_is_string(id_v) &&
      mgd_iri_is_valid(mgd_str(json_string_value(id_v)))) {
    st = mgd_buf_appendc(iri, json_string_value(id_v));
  } else if (json_is_integer(id_v) || json_is_string(id_v)) {
    char idbuf[160];
    if (json_is_integer(id_v)) {
      snprintf(idbuf, sizeof(idbuf), "%s:%" JSON_INTEGER_FORMAT,
               local[0] ? local : "Object", json_integer_value(id_v));
    } else {
      snprintf(idbuf, sizeof(idbuf), "%s:%s", local[0] ? local : "Object",
               json_string_value(id_v));
    }
    st = mgd_ingest_emit_mint(w->e, mgd_str(idbuf), iri);
  } else {
    st = parent.len ? mgd_buf_append(iri, parent.ptr, parent.len)
                    : mgd_buf_append(iri, w->e->graph.data, w->e->graph.len);
    st = st ? st : mgd_buf_appendc(iri, parent.len ? "/" : "/root");
    if (!st && parent.len) {
      st = mgd_ingest_pct(mgd_str(local[0] ? local : "object"), iri);
    }
  }
  const MgdStr subj = mgd_buf_str(iri);
  if (!st && type[0] &&
      !(trow && mgd_str_eqc(trow->f[1], "type") && !trow->f[2].len)) {
    MgdBuf cls = { 0 };
    if (trow && trow->f[2].len) {
      st = mgd_buf_append(&cls, trow->f[2].ptr, trow->f[2].len);
    } else {
      st = mgd_buf_appendc(&cls, MGD_NS_OME);
      st = st ? st : mgd_ingest_pct(mgd_str(local), &cls);
    }
    st = st ? st
            : mgd_ingest_emit_iri(w->e, subj, mgd_str(MGD_RDF_TYPE),
                                  mgd_buf_str(&cls));
    mgd_buf_clear(&cls);
  }
  if (!st && parent.len && link.len) {
    st = mgd_ingest_emit_iri(w->e, parent, link, subj);
  }
  if (!st && json_is_integer(id_v)) {
    char idbuf[64];
    snprintf(idbuf, sizeof(idbuf), "%" JSON_INTEGER_FORMAT,
             json_integer_value(id_v));
    st = mgd_ingest_emit_lit(w->e, subj, mgd_str(MGD_NS_DCTERMS "identifier"),
                             mgd_str(idbuf), mgd_str(NULL));
  }
  const char* key  = NULL;
  json_t*     v    = NULL;
  MgdBuf      pred = { 0 };
  json_object_foreach(obj, key, v)
  {
    if (st) {
      break;
    }
    if (key[0] == '@') {
      continue;
    }
    if (!strcmp(key, "omero:details")) {
      // Owner and group matter; permissions do not.
      MgdBuf        child = { 0 };
      json_t* const owner = json_object_get(v, "owner");
      json_t* const group = json_object_get(v, "group");
      if (json_is_object(owner)) {
        st = key_pred(w, "owner", &pred);
        st = st ? st : walk_object(w, owner, subj, mgd_buf_str(&pred), &child);
      }
      if (!st && json_is_object(group)) {
        st = key_pred(w, "group", &pred);
        st = st ? st : walk_object(w, group, subj, mgd_buf_str(&pred), &child);
      }
      mgd_buf_clear(&child);
      continue;
    }
    const MgdMapRow* const r    = key_row(w, key);
    const MgdStr           kind = r ? r->f[1] : mgd_str("lit");
    if (mgd_str_eqc(kind, "ignore")) {
      continue;
    }
    if (mgd_str_eqc(kind, "kv") && json_is_array(v) &&
        !strcmp(local, "MapAnnotation")) {
      st = emit_kv_list(w, subj, v);
      continue;
    }
    st = st ? st : key_pred(w, key, &pred);
    st = st ? st
            : emit_value(w, subj, key, v, mgd_buf_str(&pred),
                         mgd_str_eqc(kind, "iri"));
  }
  mgd_buf_clear(&pred);
  --w->depth;
  return st;
}

MgdStatus
mgd_ingest_omero_json(MgdIngester* const ing, MgdIngestInput* const in,
                      MgdEmit* const e)
{
  MgdBuf    text = { 0 };
  MgdBuf    iri  = { 0 };
  MgdStatus st = mgd_ingest_input_slurp(in, ing->limits.max_body_bytes, &text);
  if (st) {
    mgd_buf_clear(&text);
    return st == MGD_BAD_LIMIT
             ? mgd_ingest_emit_error(e, st, 0, 0, NULL,
                                     "JSON larger than %zu bytes",
                                     ing->limits.max_body_bytes)
             : st;
  }
  json_error_t  err;
  json_t* const root = json_loadb(text.data ? text.data : "", text.len,
                                  JSON_REJECT_DUPLICATES, &err);
  if (!root) {
    st = mgd_ingest_emit_error(e, MGD_BAD_SYNTAX,
                               err.line > 0 ? (unsigned)err.line : 0,
                               err.column > 0 ? (unsigned)err.column : 0, NULL,
                               "malformed JSON: %s", err.text);
  } else if (!json_is_object(root)) {
    st = mgd_ingest_emit_error(e, MGD_BAD_DATA, 1, 1, "$",
                               "omero-marshal JSON must be an object");
  } else {
    Walk w = { ing, e, 0 };
    st     = walk_object(&w, root, mgd_str(NULL), mgd_str(NULL), &iri);
  }
  json_decref(root);
  mgd_buf_clear(&text);
  mgd_buf_clear(&iri);
  return st;
}
