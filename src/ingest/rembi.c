// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// REMBI from BioStudies PageTab JSON and from REMBI spreadsheet templates.
//
// PageTab nests sections (type, accno, attributes, subsections, links,
// files). BioImages.v4/v5 put the REMBI modules at study level and link
// them to Study Components through an Associations subsection that names
// each module by its Title; older untemplated submissions nest the modules
// inside their Study Component. Both end up as the same graph: a module node
// per section, linked from the study and from each component that uses it.
// Associations are resolved after the whole document is read, because they
// may name modules that come later.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char* module; ///< Canonical module name; owned
  char* name;   ///< Module title (normalised); owned
  char* iri;    ///< Node IRI; owned
} Named;

typedef struct {
  char* component; ///< Component IRI; owned
  char* module;    ///< Module to find; owned
  char* name;      ///< Title to find (normalised); owned
  char* pred;      ///< Predicate; owned
  char* path;      ///< JSON path for the warning; owned
} Assoc;

typedef struct {
  MgdMmds* m;
  MgdStr   study; ///< Study IRI (in study_buf)
  MgdBuf   study_buf;
  Named*   named;
  size_t   n_named, cap_named;
  Assoc*   assoc;
  size_t   n_assoc, cap_assoc;
  size_t   n_nodes; ///< Counter for sections without accno
  size_t   n_props; ///< Counter for additionalProperty nodes
  MgdBuf   path;    ///< JSON path of the current value
} PageTab;

static char*
dup_str(const MgdStr s)
{
  return mgd_strndup(s.ptr ? s.ptr : "", s.len);
}

static MgdStatus
named_add(PageTab* const p, const char* const module, const MgdStr name,
          const MgdStr iri)
{
  if (p->n_named == p->cap_named) {
    const size_t cap = p->cap_named ? 2 * p->cap_named : 16;
    Named* const n   = mgd_realloc(p->named, cap * sizeof(Named));
    if (!n) {
      return MGD_BAD_ALLOC;
    }
    p->named     = n;
    p->cap_named = cap;
  }
  MgdBuf    nb = { 0 };
  MgdStatus st = mgd_mmds_norm(name, &nb);
  Named     e  = { dup_str(mgd_str(module)), nb.data, dup_str(iri) };
  if (st || !e.module || !e.name || !e.iri) {
    mgd_free(e.module);
    mgd_free(e.name);
    mgd_free(e.iri);
    return st ? st : MGD_BAD_ALLOC;
  }
  p->named[p->n_named++] = e;
  return MGD_SUCCESS;
}

static MgdStatus
assoc_add(PageTab* const p, const MgdStr component, const MgdStr module,
          const MgdStr name, const MgdStr pred)
{
  if (p->n_assoc == p->cap_assoc) {
    const size_t cap = p->cap_assoc ? 2 * p->cap_assoc : 16;
    Assoc* const n   = mgd_realloc(p->assoc, cap * sizeof(Assoc));
    if (!n) {
      return MGD_BAD_ALLOC;
    }
    p->assoc     = n;
    p->cap_assoc = cap;
  }
  MgdBuf    nb = { 0 };
  MgdStatus st = mgd_mmds_norm(name, &nb);
  Assoc     a  = { dup_str(component), dup_str(module), nb.data, dup_str(pred),
                   dup_str(mgd_buf_str(&p->path)) };
  if (st || !a.component || !a.module || !a.name || !a.pred || !a.path) {
    mgd_free(a.component);
    mgd_free(a.module);
    mgd_free(a.name);
    mgd_free(a.pred);
    mgd_free(a.path);
    return st ? st : MGD_BAD_ALLOC;
  }
  p->assoc[p->n_assoc++] = a;
  return MGD_SUCCESS;
}

static void
pagetab_clear(PageTab* const p)
{
  for (size_t i = 0; i < p->n_named; ++i) {
    mgd_free(p->named[i].module);
    mgd_free(p->named[i].name);
    mgd_free(p->named[i].iri);
  }
  for (size_t i = 0; i < p->n_assoc; ++i) {
    mgd_free(p->assoc[i].component);
    mgd_free(p->assoc[i].module);
    mgd_free(p->assoc[i].name);
    mgd_free(p->assoc[i].pred);
    mgd_free(p->assoc[i].path);
  }
  mgd_free(p->named);
  mgd_free(p->assoc);
  mgd_buf_clear(&p->path);
  mgd_buf_clear(&p->study_buf);
}

static MgdStr
jstr(json_t* const v)
{
  return json_is_string(v)
           ? mgd_str_n(json_string_value(v), json_string_length(v))
           : mgd_str_n("", 0);
}

/// Canonical module name of a section type ("Image acquisition" ->
/// "image acquisition", "organization" -> "organisation").
static MgdStatus
module_of(PageTab* const p, const MgdStr type, MgdBuf* const out,
          const MgdMapRow** const cls)
{
  MgdStatus st = mgd_mmds_norm(type, out);
  *cls         = NULL;
  for (int hop = 0; !st && hop < 3; ++hop) {
    const MgdMapRow* const r = mgd_ingest_table_get(
      &p->m->t.pagetab, mgd_buf_str(out), mgd_str("@class"));
    if (r) {
      *cls = r;
      return MGD_SUCCESS;
    }
    const MgdMapRow* const a = mgd_ingest_table_get(
      &p->m->t.pagetab, mgd_buf_str(out), mgd_str("@alias"));
    if (!a) {
      return MGD_SUCCESS;
    }
    mgd_buf_reset(out);
    st = mgd_buf_append(out, a->f[2].ptr, a->f[2].len);
  }
  return st;
}

static MgdStatus
set_path(PageTab* const p, const size_t keep, const char* const key, size_t i)
{
  p->path.len = keep;
  return mgd_buf_printf(&p->path, "%s[%zu]", key, i);
}

static const char*
path_c(PageTab* const p)
{
  return p->path.data ? p->path.data : "$";
}

static MgdStatus
keep_unmapped(PageTab* const p, const MgdStr node, const char* const module,
              const MgdStr name, const MgdStr value)
{
  MgdMmds* const m = p->m;
  mgd_diag(m->e->diag, MGD_SUCCESS, MGD_LEVEL_NOTE, m->file, 0, 0, path_c(p),
           "attribute '%.*s' of %s has no REMBI mapping "
           "(mappings/rembi-pagetab.tsv): kept as schema:additionalProperty",
           (int)name.len, name.ptr, module);
  MgdBuf    id = { 0 };
  MgdBuf    pv = { 0 };
  MgdStatus st = mgd_buf_printf(&id, "%zu", ++p->n_props);
  st           = st ? st : mgd_mmds_mint(m, "property", mgd_buf_str(&id), &pv);
  const MgdStr n = mgd_buf_str(&pv);
  st = st ? st : mgd_mmds_iri(m, node, "schema:additionalProperty", n);
  st = st ? st : mgd_mmds_type(m, n, "schema:PropertyValue");
  st = st ? st : mgd_mmds_lit(m, n, "schema:name", mgd_mmds_trim(name));
  st = st ? st : mgd_mmds_lit(m, n, "schema:value", value);
  mgd_buf_clear(&id);
  mgd_buf_clear(&pv);
  return st;
}

/// Apply one attribute {name, value, valqual, reference} of `module` to
/// `node`.
static MgdStatus
attribute(PageTab* const p, const char* const module, const MgdStr node,
          json_t* const a)
{
  MgdMmds* const m     = p->m;
  const MgdStr   name  = jstr(json_object_get(a, "name"));
  json_t* const  jv    = json_object_get(a, "value");
  MgdStr         value = mgd_mmds_trim(jstr(jv));
  char           num[64];
  if (json_is_integer(jv) || json_is_real(jv)) {
    snprintf(num, sizeof(num), "%g", json_number_value(jv));
    value = mgd_str(num);
  }
  if (!name.len) {
    return mgd_mmds_warn(m, 0, 0, path_c(p), "attribute without a name");
  }
  if (!value.len || mgd_str_eqc(value, "None") || mgd_str_eqc(value, "n/a")) {
    return MGD_SUCCESS;
  }
  MgdBuf    key = { 0 };
  MgdStatus st  = mgd_mmds_norm(name, &key);
  if (!st && mgd_str_eqc(name, mgd_buf_str(&key).ptr) == false &&
      (name.ptr[name.len - 1] == ' ' || name.ptr[0] == ' ')) {
    st = mgd_mmds_warn(m, 0, 0, path_c(p),
                       "attribute name '%.*s' has surrounding spaces "
                       "(read as '%s')",
                       (int)name.len, name.ptr, key.data);
  }
  const MgdMapRow* const r =
    st
      ? NULL
      : mgd_ingest_table_get(&m->t.pagetab, mgd_str(module), mgd_buf_str(&key));
  MgdBuf iri = { 0 };
  if (st) {
    goto done;
  }
  if (!r) {
    st = keep_unmapped(p, node, module, name, value);
    goto done;
  }
  const MgdStr kind = r->f[2];
  char         p1[256], p2[256];
  snprintf(p1, sizeof(p1), "%.*s", (int)r->f[3].len,
           r->f[3].ptr ? r->f[3].ptr : "");
  snprintf(p2, sizeof(p2), "%.*s", (int)r->f[4].len,
           r->f[4].ptr ? r->f[4].ptr : "");
  if (mgd_str_eqc(kind, "ignore")) {
    // nothing
  } else if (mgd_str_eqc(kind, "lit") || mgd_str_eqc(kind, "title")) {
    st = mgd_mmds_lit(m, node, p1, value);
    if (!st && mgd_str_eqc(kind, "title")) {
      st = named_add(p, module, value, node);
    }
  } else if (mgd_str_eqc(kind, "date")) {
    const bool is_date =
      value.len == 10 && value.ptr[4] == '-' && value.ptr[7] == '-';
    st =
      mgd_mmds_typed(m, node, p1, value,
                     is_date ? "http://www.w3.org/2001/XMLSchema#date" : NULL);
  } else if (mgd_str_eqc(kind, "keywords")) {
    for (size_t i = 0; !st && i <= value.len;) {
      const char*  c = memchr(value.ptr + i, ',', value.len - i);
      const size_t j = c ? (size_t)(c - value.ptr) : value.len;
      st = mgd_mmds_lit(m, node, p1, mgd_str_n(value.ptr + i, j - i));
      i  = j + 1;
    }
  } else if (mgd_str_eqc(kind, "license")) {
    MgdStr  url = { 0 };
    json_t* vq  = json_object_get(a, "valqual");
    size_t  i   = 0;
    json_t* q   = NULL;
    json_array_foreach(vq, i, q)
    {
      if (mgd_str_eqc(jstr(json_object_get(q, "name")), "URL")) {
        url = mgd_mmds_trim(jstr(json_object_get(q, "value")));
      }
    }
    bool known = !mgd_mmds_license(m, value, &iri);
    if (!known && url.len) {
      mgd_buf_reset(&iri);
      known = !mgd_buf_append(&iri, url.ptr, url.len);
    }
    if (known) {
      st = mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
      st = st ? st : mgd_mmds_lit(m, mgd_buf_str(&iri), "rdfs:label", value);
    } else {
      st = mgd_mmds_warn(m, 0, 0, path_c(p),
                         "licence '%.*s' is not in mappings/licenses.tsv: "
                         "kept as text",
                         (int)value.len, value.ptr);
      st = st ? st : mgd_mmds_lit(m, node, p1, value);
    }
  } else if (mgd_str_eqc(kind, "organism") || mgd_str_eqc(kind, "taxonid")) {
    if (!mgd_mmds_taxon(m, value, &iri)) {
      st = mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
    } else {
      st = mgd_mmds_warn(m, 0, 0, path_c(p),
                         "organism '%.*s' has no NCBITaxon id "
                         "(mappings/ncbitaxon.tsv): kept as a name only",
                         (int)value.len, value.ptr);
    }
    if (!st && *p2) {
      st = mgd_mmds_lit(m, node, p2, value);
    }
  } else if (mgd_str_eqc(kind, "fbbi")) {
    if (!mgd_mmds_fbbi(m, value, &iri)) {
      st = mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
    } else {
      st = mgd_mmds_warn(m, 0, 0, path_c(p),
                         "imaging method '%.*s' is not an FBbi term "
                         "(mappings/fbbi-labels.tsv): kept as a name only",
                         (int)value.len, value.ptr);
    }
    if (!st && *p2) {
      st = mgd_mmds_lit(m, node, p2, value);
    }
  } else if (mgd_str_eqc(kind, "doi")) {
    MgdStr d = value;
    if (mgd_str_has_prefix(d, "doi:")) {
      d = mgd_str_n(d.ptr + 4, d.len - 4);
    }
    if (mgd_str_has_prefix(d, "10.")) {
      st = mgd_buf_appendc(&iri, "https://doi.org/");
      st = st ? st : mgd_buf_append(&iri, d.ptr, d.len);
      st = st ? st : mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
    } else if (mgd_str_has_prefix(d, "http")) {
      st = mgd_mmds_iri(m, node, p1, d);
    } else {
      st = mgd_mmds_lit(m, node, p1, d);
    }
  } else if (mgd_str_eqc(kind, "orcid")) {
    const char* const o = value.len >= 19 ? value.ptr + value.len - 19 : NULL;
    if (o && isdigit((unsigned char)o[0]) && o[4] == '-' && o[9] == '-') {
      st = mgd_buf_appendc(&iri, "https://orcid.org/");
      st = st ? st : mgd_buf_append(&iri, o, 19);
      st = st ? st : mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
    } else {
      st = mgd_mmds_warn(m, 0, 0, path_c(p), "'%.*s' is not an ORCID iD",
                         (int)value.len, value.ptr);
    }
  } else if (mgd_str_eqc(kind, "iri")) {
    st = (mgd_str_has_prefix(value, "http://") ||
          mgd_str_has_prefix(value, "https://"))
           ? mgd_mmds_iri(m, node, p1, value)
           : mgd_mmds_lit(m, node, p1, value);
  } else if (mgd_str_eqc(kind, "ref")) {
    st = mgd_mmds_mint(m, "organisation", value, &iri);
    st = st ? st : mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
  } else if (mgd_str_eqc(kind, "assoc")) {
    st = assoc_add(p, node, r->f[3], value, r->f[4]);
  } else {
    st = mgd_mmds_warn(m, 0, 0, path_c(p),
                       "mappings/rembi-pagetab.tsv:%u: unknown kind '%.*s'",
                       r->line, (int)kind.len, kind.ptr);
  }
done:
  mgd_buf_clear(&key);
  mgd_buf_clear(&iri);
  return st;
}

static MgdStatus section(PageTab* p, json_t* sec, MgdStr parent,
                         const char* parent_module, unsigned depth);

static MgdStatus
subsections(PageTab* const p, json_t* const subs, const MgdStr node,
            const char* const module, const unsigned depth)
{
  const size_t keep = p->path.len;
  size_t       i    = 0;
  json_t*      s    = NULL;
  MgdStatus    st   = MGD_SUCCESS;
  json_array_foreach(subs, i, s)
  {
    st = st ? st : set_path(p, keep, ".subsections", i);
    if (json_is_array(s)) { // a table of sections: the same type repeated
      const size_t keep2 = p->path.len;
      size_t       k     = 0;
      json_t*      t     = NULL;
      json_array_foreach(s, k, t)
      {
        st = st ? st : set_path(p, keep2, "", k);
        st = st ? st : section(p, t, node, module, depth + 1);
      }
    } else {
      st = st ? st : section(p, s, node, module, depth + 1);
    }
  }
  p->path.len = keep;
  return st;
}

static MgdStatus
attributes(PageTab* const p, json_t* const atts, const MgdStr node,
           const char* const module)
{
  const size_t keep = p->path.len;
  size_t       i    = 0;
  json_t*      a    = NULL;
  MgdStatus    st   = MGD_SUCCESS;
  json_array_foreach(atts, i, a)
  {
    st = st ? st : set_path(p, keep, ".attributes", i);
    st = st ? st : attribute(p, module, node, a);
  }
  p->path.len = keep;
  return st;
}

static MgdStatus
section(PageTab* const p, json_t* const sec, const MgdStr parent,
        const char* const parent_module, const unsigned depth)
{
  MgdMmds* const m = p->m;
  if (!json_is_object(sec)) {
    return mgd_mmds_warn(m, 0, 0, path_c(p), "section is not a JSON object");
  }
  if (depth > 32) {
    return mgd_mmds_warn(m, 0, 0, path_c(p), "sections nested too deep");
  }
  const MgdStr     type = jstr(json_object_get(sec, "type"));
  MgdBuf           mod  = { 0 };
  MgdBuf           node = { 0 };
  MgdBuf           id   = { 0 };
  const MgdMapRow* cls  = NULL;
  MgdStatus        st   = module_of(p, type, &mod, &cls);
  if (st) {
    goto done;
  }
  if (!cls) {
    st = mgd_mmds_warn(m, 0, 0, path_c(p),
                       "section type '%.*s' is not a REMBI module "
                       "(mappings/rembi-pagetab.tsv): its attributes are "
                       "kept on the enclosing node",
                       (int)type.len, type.ptr);
    st = st ? st
            : attributes(p, json_object_get(sec, "attributes"), parent,
                         parent_module);
    st = st ? st
            : subsections(p, json_object_get(sec, "subsections"), parent,
                          parent_module, depth);
    goto done;
  }
  const char* const module = mod.data;
  const MgdStr      kind   = cls->f[2];
  if (mgd_str_eqc(kind, "@parent") || mgd_str_eqc(kind, "@associations")) {
    // Organism / Imaging Method describe the enclosing module; an
    // Associations block links the enclosing component.
    st = attributes(p, json_object_get(sec, "attributes"), parent,
                    mgd_str_eqc(kind, "@parent") ? module : "associations");
    goto done;
  }
  const bool is_study = !strcmp(module, "study") && depth == 0;
  if (is_study) {
    st = mgd_buf_append(&node, p->study.ptr, p->study.len);
  } else {
    MgdStr acc = mgd_mmds_trim(jstr(json_object_get(sec, "accno")));
    if (!acc.len) {
      st  = mgd_buf_printf(&id, "%zu", ++p->n_nodes);
      acc = mgd_buf_str(&id);
    }
    st = st ? st : mgd_mmds_mint(m, module, acc, &node);
  }
  if (st) {
    goto done;
  }
  const MgdStr n = mgd_buf_str(&node);
  st             = mgd_mmds_iri(m, n, MGD_RDF_TYPE, kind);
  if (!st && !is_study && cls->f[3].len) {
    // Link from the enclosing study or component (nested REMBI modules in
    // untemplated submissions belong to their component).
    char pred[256];
    snprintf(pred, sizeof(pred), "%.*s", (int)cls->f[3].len, cls->f[3].ptr);
    st = mgd_mmds_iri(m, parent, pred, n);
  }
  if (!st && !is_study && !cls->f[3].len && strcmp(parent_module, "study")) {
    st = mgd_mmds_iri(m, parent, "dcterms:hasPart", n);
  }
  if (!st && !strcmp(module, "study component")) {
    st = mgd_mmds_iri(m, n, "dcterms:isPartOf", p->study);
  }
  st = st ? st : attributes(p, json_object_get(sec, "attributes"), n, module);
  json_t* const links = json_object_get(sec, "links");
  size_t        i     = 0;
  json_t*       l     = NULL;
  json_array_foreach(links, i, l)
  {
    const MgdStr url = mgd_mmds_trim(jstr(json_object_get(l, "url")));
    if (!st && (mgd_str_has_prefix(url, "http://") ||
                mgd_str_has_prefix(url, "https://"))) {
      st = mgd_mmds_iri(m, n, "rdfs:seeAlso", url);
    }
  }
  st =
    st ? st
       : subsections(p, json_object_get(sec, "subsections"), n, module, depth);
done:
  mgd_buf_clear(&mod);
  mgd_buf_clear(&node);
  mgd_buf_clear(&id);
  return st;
}

static MgdStatus
resolve_associations(PageTab* const p)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0; !st && i < p->n_assoc; ++i) {
    const Assoc* const a     = &p->assoc[i];
    const char*        found = NULL;
    for (size_t k = 0; k < p->n_named && !found; ++k) {
      if (!strcmp(p->named[k].module, a->module) &&
          !strcmp(p->named[k].name, a->name)) {
        found = p->named[k].iri;
      }
    }
    if (!found) {
      // A title that differs only in case/spacing was matched above; a
      // prefix match helps with truncated names in real submissions.
      for (size_t k = 0; k < p->n_named && !found; ++k) {
        if (!strcmp(p->named[k].module, a->module) &&
            !strncmp(p->named[k].name, a->name, strlen(a->name)) &&
            strlen(a->name) >= 8) {
          found = p->named[k].iri;
        }
      }
    }
    if (!found) {
      st = mgd_mmds_warn(p->m, 0, 0, a->path,
                         "association names %s '%s', but no %s section has "
                         "that title",
                         a->module, a->name, a->module);
      continue;
    }
    st = mgd_mmds_iri(p->m, mgd_str(a->component), a->pred, mgd_str(found));
  }
  return st;
}

MgdStatus
mgd_rembi_pagetab(MgdMmds* const m, const char* const text, const size_t n)
{
  json_t* const j = mgd_mmds_json_load(m, m->file, text, n);
  if (!j) {
    return MGD_BAD_SYNTAX;
  }
  PageTab p;
  memset(&p, 0, sizeof(p));
  p.m          = m;
  MgdStatus st = MGD_SUCCESS;
  if (!json_is_object(j) || !json_is_object(json_object_get(j, "section"))) {
    st = mgd_ingest_emit_error(m->e, MGD_BAD_DATA, 0, 0, "$",
                               "not a PageTab submission (no \"section\")");
    goto done;
  }
  MgdStr acc = mgd_mmds_trim(jstr(json_object_get(j, "accno")));
  st =
    mgd_mmds_mint(m, "study", acc.len ? acc : mgd_str("study"), &p.study_buf);
  if (st) {
    goto done;
  }
  p.study = mgd_buf_str(&p.study_buf);
  st      = mgd_mmds_type(m, p.study, "rembi:Study");
  st      = st ? st : mgd_mmds_type(m, p.study, "schema:Dataset");
  if (!st && acc.len) {
    st = mgd_mmds_lit(m, p.study, "dcterms:identifier", acc);
  }
  st = st ? st : mgd_buf_appendc(&p.path, "$");
  st = st ? st
          : attributes(&p, json_object_get(j, "attributes"), p.study, "@root");
  st = st ? st : mgd_buf_appendc(&p.path, ".section");
  st =
    st ? st : section(&p, json_object_get(j, "section"), p.study, "study", 0);
  st = st ? st : resolve_associations(&p);
done:
  pagetab_clear(&p);
  json_decref(j);
  return st;
}

// --------------------------------------------------------------------------
// REMBI spreadsheet templates (key-value layout: a module header row, then
// one row per field with the value in the next non-empty cell).

/// Module header names seen in REMBI templates -> PageTab module names.
static const char*
xlsx_module(const MgdStr norm)
{
  static const char* const heads[][2] = {
    { "study component", "study component" }, // before its prefix "study"
    { "study", "study" },
    { "biosample", "biosample" },
    { "specimen", "specimen" },
    { "image acquisition", "image acquisition" },
    { "image correlation", "image correlation" },
    { "image analysis", "image analysis" },
    { "annotation on the project level", "study" },
    { "annotation on the dataset level", "study component" },
    { "annotation", "annotation" },
  };
  for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); ++i) {
    const size_t k = strlen(heads[i][0]);
    if (norm.len >= k && !memcmp(norm.ptr, heads[i][0], k) &&
        (norm.len == k || norm.ptr[k] == ' ' || norm.ptr[k] == '(')) {
      return heads[i][1];
    }
  }
  return NULL;
}

MgdStatus
mgd_rembi_xlsx(MgdMmds* const m, const char* const bytes, const size_t n)
{
  MgdXlsxBook book;
  MgdStatus   st = mgd_xlsx_read(bytes, n, m->file, m->e->diag, &book);
  if (st) {
    return st;
  }
  PageTab p;
  memset(&p, 0, sizeof(p));
  p.m        = m;
  st         = mgd_mmds_mint(m, "study", mgd_str("study"), &p.study_buf);
  p.study    = mgd_buf_str(&p.study_buf);
  st         = st ? st : mgd_mmds_type(m, p.study, "rembi:Study");
  MgdBuf key = { 0 }, node = { 0 }, acc = { 0 };
  size_t n_values = 0;
  // The workbook holds one record; each module gets one node, made when
  // its first value appears.
  for (size_t s = 0; !st && s < book.n_sheets; ++s) {
    const MgdXlsxSheet* const sh     = &book.sheets[s];
    const char*               module = "study";
    for (size_t c = 0; !st && c < sh->n_cells;) {
      const uint32_t row = sh->cells[c].row;
      size_t         e   = c;
      while (e < sh->n_cells && sh->cells[e].row == row) {
        ++e;
      }
      // Cells of this row: [first .. e). A module header may share the row
      // with the first field ("Biosample | biological entity | value").
      size_t k               = c;
      st                     = mgd_mmds_norm(sh->cells[k].v, &key);
      const char* const head = st ? NULL : xlsx_module(mgd_buf_str(&key));
      if (head &&
          (e - k == 1 || !mgd_ingest_table_get(&m->t.pagetab, mgd_str(head),
                                               mgd_buf_str(&key)))) {
        module = head;
        ++k;
      }
      if (k < e && !st) {
        st                 = mgd_mmds_norm(sh->cells[k].v, &key);
        const MgdStr value = k + 1 < e ? sh->cells[k + 1].v : mgd_str_n("", 0);
        char         ref[16];
        mgd_xlsx_ref(row, sh->cells[k].col, ref);
        // "<field> term accession number" holds the IRI of <field>'s term.
        const char* const acc_sfx = " term accession number";
        MgdStr            k2      = mgd_buf_str(&key);
        const bool        is_acc  = k2.len > strlen(acc_sfx) &&
                            !strcmp(k2.ptr + k2.len - strlen(acc_sfx), acc_sfx);
        if (!st && value.len && strstr(k2.ptr, "sourceref") == NULL) {
          ++n_values;
          mgd_buf_reset(&p.path);
          st = mgd_buf_printf(&p.path, "%s!%s", sh->name, ref);
          if (!strcmp(module, "study")) {
            mgd_buf_reset(&node);
            st = st ? st : mgd_buf_append(&node, p.study.ptr, p.study.len);
          } else {
            st = st ? st : mgd_mmds_mint(m, module, mgd_str("1"), &node);
            const MgdMapRow* const cls = mgd_ingest_table_get(
              &m->t.pagetab, mgd_str(module), mgd_str("@class"));
            if (!st && cls) {
              char pred[128];
              snprintf(pred, sizeof(pred), "%.*s", (int)cls->f[3].len,
                       cls->f[3].ptr);
              st = mgd_mmds_iri(m, mgd_buf_str(&node), MGD_RDF_TYPE, cls->f[2]);
              st = st ? st : mgd_mmds_iri(m, p.study, pred, mgd_buf_str(&node));
            }
          }
          if (!st && is_acc) {
            const MgdStr    base = mgd_str_n(k2.ptr, k2.len - strlen(acc_sfx));
            const bool      org  = mgd_str_eqc(base, "organism");
            const bool      im   = mgd_str_has_prefix(base, "imaging method");
            const MgdStatus rs   = org  ? mgd_mmds_taxon(m, value, &acc)
                                   : im ? mgd_mmds_fbbi(m, value, &acc)
                                        : mgd_mmds_curie(value, &acc);
            if (rs) {
              st = mgd_mmds_warn(m, 0, 0, p.path.data,
                                 "'%.*s' is not a term accession",
                                 (int)value.len, value.ptr);
            } else {
              st = mgd_mmds_iri(m, mgd_buf_str(&node),
                                org  ? "rembi:organism"
                                : im ? "rembi:imagingMethod"
                                     : "dcterms:subject",
                                mgd_buf_str(&acc));
            }
          } else if (!st) {
            json_t* const a = json_pack("{s:s%,s:s%}", "name", k2.ptr, k2.len,
                                        "value", value.ptr, value.len);
            st =
              a ? attribute(&p, module, mgd_buf_str(&node), a) : MGD_BAD_ALLOC;
            json_decref(a);
          }
        }
      }
      c = e;
    }
  }
  if (!st && !n_values) {
    st = mgd_mmds_warn(m, 0, 0, NULL,
                       "the REMBI template has no values filled in");
  }
  mgd_buf_clear(&key);
  mgd_buf_clear(&node);
  mgd_buf_clear(&acc);
  pagetab_clear(&p);
  mgd_xlsx_clear(&book);
  return st;
}
