// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// DataCite Metadata Schema 4.x JSON from a graph in the `datacite` profile
// (what dataset-datacite.rq and datacite.sssom.tsv produce). The JSON is
// the `data` object of the DataCite REST API: type "dois" and attributes
// identifiers, doi, titles, creators (nameType, nameIdentifiers), publisher,
// publicationYear, types, subjects, rightsList, descriptions and dates.
// Written by hand (no JSON library below the syntax layer); every string
// goes through json_str.

#include "crosswalk/crosswalk.h"

#include "base/arena.h"

#include <string.h>

#define DCT "http://purl.org/dc/terms/"
#define DATACITE "http://purl.org/spar/datacite/"
#define FOAF "http://xmlns.com/foaf/0.1/"
#define FABIO "http://purl.org/spar/fabio/"
#define LITERAL "http://www.essepuntato.it/2010/06/literalreification/"
#define DCMITYPE "http://purl.org/dc/dcmitype/"
#define SDO "https://schema.org/"

/// Most values read per property (bounded output for hostile graphs).
#define DJ_MAX_VALUES 256U

typedef struct {
  const MgdSource* src;
  MgdArena         arena;
  MgdBuf*          out;
  MgdStatus        st;
} Ctx;

static void
put(Ctx* const c, const char* const s)
{
  if (!c->st) {
    c->st = mgd_buf_appendc(c->out, s);
  }
}

static void
json_str(Ctx* const c, const MgdStr s)
{
  put(c, "\"");
  for (size_t i = 0U; !c->st && i < s.len; ++i) {
    const unsigned char ch = (unsigned char)s.ptr[i];
    if (ch == '"' || ch == '\\') {
      c->st = mgd_buf_putc(c->out, '\\');
      c->st = c->st ? c->st : mgd_buf_putc(c->out, (char)ch);
    } else if (ch < 0x20U) {
      c->st = mgd_buf_printf(c->out, "\\u%04x", ch);
    } else {
      c->st = mgd_buf_putc(c->out, (char)ch);
    }
  }
  put(c, "\"");
}

static MgdId
id_of(Ctx* const c, const char* const iri)
{
  const MgdTerm t  = mgd_term_iri(mgd_str(iri));
  MgdId         id = MGD_ID_NONE;
  return mgd_source_lookup(c->src, &t, &id) == MGD_SUCCESS ? id : MGD_ID_NONE;
}

/// Objects of (s, p), at most `max`, in order. Returns how many.
static size_t
objects(Ctx* const c, const MgdId s, const char* const p, MgdId* const out,
        const size_t max)
{
  const MgdId pid = id_of(c, p);
  if (s == MGD_ID_NONE || pid == MGD_ID_NONE) {
    return 0U;
  }
  MgdIdQuad pat = {s, pid, MGD_ID_NONE, MGD_ID_NONE};
  MgdIter*  it  = NULL;
  if (c->src->vt->match(c->src->handle, &pat, &it)) {
    return 0U;
  }
  size_t    n = 0U;
  MgdIdQuad q;
  while (n < max && c->src->vt->next(it, &q) == MGD_SUCCESS) {
    bool dup = false;
    for (size_t i = 0U; i < n && !dup; ++i) {
      dup = out[i] == q.o;
    }
    if (!dup) {
      out[n++] = q.o;
    }
  }
  c->src->vt->iter_free(it);
  return n;
}

static MgdTerm
term(Ctx* const c, const MgdId id)
{
  MgdTerm t = mgd_term_none();
  if (mgd_source_term(c->src, id, &c->arena, &t)) {
    t = mgd_term_none();
  }
  return t;
}

/// The first literal of (s, p) or the empty view.
static MgdStr
first_literal(Ctx* const c, const MgdId s, const char* const p)
{
  MgdId        ids[DJ_MAX_VALUES];
  const size_t n = objects(c, s, p, ids, DJ_MAX_VALUES);
  for (size_t i = 0U; i < n; ++i) {
    const MgdTerm t = term(c, ids[i]);
    if (t.kind == MGD_TERM_LITERAL) {
      return t.value;
    }
  }
  return mgd_str_n(NULL, 0U);
}

static bool
has(Ctx* const c, const MgdId s, const char* const p, const char* const o)
{
  MgdId        ids[DJ_MAX_VALUES];
  const MgdId  oid = id_of(c, o);
  const size_t n   = objects(c, s, p, ids, DJ_MAX_VALUES);
  for (size_t i = 0U; oid != MGD_ID_NONE && i < n; ++i) {
    if (ids[i] == oid) {
      return true;
    }
  }
  return false;
}

// The root dataset: a dcmitype:Dataset that is no other's part.
static MgdId
find_root(Ctx* const c)
{
  const MgdId type = id_of(c, MGD_RDF_TYPE);
  const MgdId ds   = id_of(c, DCMITYPE "Dataset");
  const MgdId part = id_of(c, DCT "isPartOf");
  const MgdId has_part = id_of(c, DCT "hasPart");
  if (type == MGD_ID_NONE || ds == MGD_ID_NONE) {
    return MGD_ID_NONE;
  }
  MgdIdQuad pat   = {MGD_ID_NONE, type, ds, MGD_ID_NONE};
  MgdIter*  it    = NULL;
  MgdId     first = MGD_ID_NONE;
  MgdId     root  = MGD_ID_NONE;
  if (c->src->vt->match(c->src->handle, &pat, &it)) {
    return MGD_ID_NONE;
  }
  MgdIdQuad q;
  while (root == MGD_ID_NONE && c->src->vt->next(it, &q) == MGD_SUCCESS) {
    first              = first == MGD_ID_NONE ? q.s : first;
    MgdIdQuad p1       = {q.s, part, MGD_ID_NONE, MGD_ID_NONE};
    MgdIdQuad p2       = {MGD_ID_NONE, has_part, q.s, MGD_ID_NONE};
    uint64_t  n1       = 0U;
    uint64_t  n2       = 0U;
    if (part != MGD_ID_NONE) {
      (void)c->src->vt->estimate(c->src->handle, &p1, &n1);
    }
    if (has_part != MGD_ID_NONE) {
      (void)c->src->vt->estimate(c->src->handle, &p2, &n2);
    }
    if (!n1 && !n2) {
      root = q.s;
    }
  }
  c->src->vt->iter_free(it);
  return root != MGD_ID_NONE ? root : first;
}

static const char*
scheme_name(const MgdStr iri)
{
  if (mgd_str_eqc(iri, DATACITE "doi")) {
    return "DOI";
  }
  if (mgd_str_eqc(iri, DATACITE "url")) {
    return "URL";
  }
  if (mgd_str_eqc(iri, DATACITE "orcid")) {
    return "ORCID";
  }
  return "Local";
}

// "identifiers" and, for a DOI, "doi" (without the resolver prefix).
static void
put_identifiers(Ctx* const c, const MgdId root)
{
  MgdId        ids[DJ_MAX_VALUES];
  const size_t n   = objects(c, root, DATACITE "hasIdentifier", ids,
                             DJ_MAX_VALUES);
  MgdStr       doi = mgd_str_n(NULL, 0U);
  put(c, "\"identifiers\": [");
  for (size_t i = 0U; i < n; ++i) {
    const MgdStr value = first_literal(c, ids[i], LITERAL "hasLiteralValue");
    MgdId        sch   = MGD_ID_NONE;
    objects(c, ids[i], DATACITE "usesIdentifierScheme", &sch, 1U);
    const char* const name =
      sch != MGD_ID_NONE ? scheme_name(term(c, sch).value) : "Local";
    put(c, i ? ", {\"identifier\": " : "{\"identifier\": ");
    json_str(c, value);
    put(c, ", \"identifierType\": ");
    json_str(c, mgd_str(name));
    put(c, "}");
    if (!strcmp(name, "DOI") && !doi.len) {
      size_t at = 0U;
      while (at + 3U <= value.len && memcmp(value.ptr + at, "10.", 3U)) {
        ++at;
      }
      doi = at + 3U <= value.len
              ? mgd_str_n(value.ptr + at, value.len - at)
              : value;
    }
  }
  put(c, "]");
  if (doi.len) {
    put(c, ",\n    \"doi\": ");
    json_str(c, doi);
  }
}

static void
put_literals(Ctx* const c, const MgdId s, const char* const p,
             const char* const key, const char* const field,
             const char* const extra)
{
  MgdId        ids[DJ_MAX_VALUES];
  const size_t n     = objects(c, s, p, ids, DJ_MAX_VALUES);
  size_t       k     = 0U;
  put(c, ",\n    \"");
  put(c, key);
  put(c, "\": [");
  for (size_t i = 0U; i < n; ++i) {
    const MgdTerm t = term(c, ids[i]);
    if (t.kind != MGD_TERM_LITERAL) {
      continue;
    }
    put(c, k++ ? ", {\"" : "{\"");
    put(c, field);
    put(c, "\": ");
    json_str(c, t.value);
    put(c, extra);
    put(c, "}");
  }
  put(c, "]");
}

static void
put_creators(Ctx* const c, const MgdId root)
{
  MgdId        ids[DJ_MAX_VALUES];
  const size_t n = objects(c, root, DCT "creator", ids, DJ_MAX_VALUES);
  put(c, ",\n    \"creators\": [");
  for (size_t i = 0U; i < n; ++i) {
    MgdStr name = first_literal(c, ids[i], FOAF "name");
    if (!name.len) {
      name = first_literal(c, ids[i], SDO "name");
    }
    if (!name.len) {
      const MgdTerm t = term(c, ids[i]);
      name            = t.kind == MGD_TERM_LITERAL || t.kind == MGD_TERM_IRI
                          ? t.value
                          : mgd_str("");
    }
    const bool org = has(c, ids[i], MGD_RDF_TYPE, FOAF "Organization");
    put(c, i ? ",\n      {\"name\": " : "\n      {\"name\": ");
    json_str(c, name);
    put(c, org ? ", \"nameType\": \"Organizational\""
               : ", \"nameType\": \"Personal\"");
    MgdId        pids[DJ_MAX_VALUES];
    const size_t np = objects(c, ids[i], DATACITE "hasIdentifier", pids,
                              DJ_MAX_VALUES);
    put(c, ", \"nameIdentifiers\": [");
    for (size_t k = 0U; k < np; ++k) {
      MgdId sch = MGD_ID_NONE;
      objects(c, pids[k], DATACITE "usesIdentifierScheme", &sch, 1U);
      const char* const scheme =
        sch != MGD_ID_NONE ? scheme_name(term(c, sch).value) : "Local";
      put(c, k ? ", {\"nameIdentifier\": " : "{\"nameIdentifier\": ");
      json_str(c, first_literal(c, pids[k], LITERAL "hasLiteralValue"));
      put(c, ", \"nameIdentifierScheme\": ");
      json_str(c, mgd_str(scheme));
      put(c, strcmp(scheme, "ORCID") ? "}"
                                     : ", \"schemeUri\": \"https://orcid.org\"}");
    }
    put(c, "]}");
  }
  put(c, n ? "\n    ]" : "]");
}

static void
put_publisher(Ctx* const c, const MgdId root)
{
  MgdId n = MGD_ID_NONE;
  if (!objects(c, root, DCT "publisher", &n, 1U)) {
    return;
  }
  const MgdTerm t    = term(c, n);
  MgdStr        name = t.kind == MGD_TERM_LITERAL ? t.value : mgd_str("");
  if (!name.len) {
    name = first_literal(c, n, FOAF "name");
  }
  if (!name.len) {
    name = first_literal(c, n, SDO "name");
  }
  if (!name.len) {
    name = first_literal(c, n, DCT "title");
  }
  put(c, ",\n    \"publisher\": {\"name\": ");
  json_str(c, name.len ? name : t.value);
  if (t.kind == MGD_TERM_IRI) {
    put(c, ", \"publisherIdentifier\": ");
    json_str(c, t.value);
  }
  put(c, "}");
}

static void
put_rights(Ctx* const c, const MgdId root)
{
  MgdId        ids[DJ_MAX_VALUES];
  const size_t n = objects(c, root, DCT "license", ids, DJ_MAX_VALUES);
  put(c, ",\n    \"rightsList\": [");
  for (size_t i = 0U; i < n; ++i) {
    const MgdTerm t = term(c, ids[i]);
    put(c, i ? ", {" : "{");
    if (t.kind == MGD_TERM_IRI) {
      const MgdStr label =
        first_literal(c, ids[i], "http://www.w3.org/2000/01/rdf-schema#label");
      if (label.len) {
        put(c, "\"rights\": ");
        json_str(c, label);
        put(c, ", ");
      }
      put(c, "\"rightsUri\": ");
    } else {
      put(c, "\"rights\": ");
    }
    json_str(c, t.value);
    put(c, "}");
  }
  put(c, "]");
}

MgdStatus
mgd_crosswalk_datacite_json(const MgdSource* const graph, MgdBuf* const out)
{
  Ctx c;
  memset(&c, 0, sizeof(c));
  c.src = graph;
  c.out = out;
  mgd_arena_init(&c.arena, 0U);
  const MgdId root = find_root(&c);
  if (root == MGD_ID_NONE) {
    mgd_arena_clear(&c.arena);
    return MGD_FAILURE;
  }
  put(&c, "{\"data\": {\"type\": \"dois\", \"attributes\": {\n    ");
  put_identifiers(&c, root);
  put_literals(&c, root, DCT "title", "titles", "title", "");
  put_creators(&c, root);
  put_publisher(&c, root);
  const MgdStr year = first_literal(&c, root, FABIO "hasPublicationYear");
  if (year.len) {
    put(&c, ",\n    \"publicationYear\": ");
    json_str(&c, year);
  }
  put(&c, ",\n    \"types\": {\"resourceTypeGeneral\": \"Dataset\"}");
  put_literals(&c, root, DCT "subject", "subjects", "subject", "");
  put_rights(&c, root);
  put_literals(&c, root, DCT "description", "descriptions", "description",
               ", \"descriptionType\": \"Abstract\"");
  put_literals(&c, root, DCT "issued", "dates", "date",
               ", \"dateType\": \"Issued\"");
  put(&c, "\n  }}}\n");
  mgd_arena_clear(&c.arena);
  return c.st;
}
