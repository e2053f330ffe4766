// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Readers for the SPARQL result formats: JSON through jansson, XML through
// libxml2 (no network, no entity expansion, no printing), TSV and CSV by
// hand. Rows are collected in a heap array and copied into the arena at the
// end, because the arena cannot grow an allocation.

#include "syntax/results.h"

#include "base/alloc.h"
#include "base/utf8.h"
#include "syntax/results_impl.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define SRX_NS "http://www.w3.org/2005/sparql-results#"

static const MgdStr k_empty = {"", 0};

typedef struct {
  MgdArena*          arena;
  const MgdDiagSink* diag;
  MgdStr*            vars;   ///< Heap array while reading
  size_t             n_vars;
  size_t             cap_vars;
  MgdTerm*           terms;  ///< Heap array of rows while reading
  size_t             n_terms;
  size_t             cap_terms;
} Reader;

static MgdStatus
bad(Reader* const r, const MgdStatus st, const unsigned line,
    const unsigned col, const char* const path, const char* const msg)
{
  return mgd_diag(r->diag, st, MGD_LEVEL_ERROR, NULL, line, col, path, "%s",
                  msg);
}

static MgdStatus
grow(void** const data, size_t* const cap, const size_t need,
     const size_t elem)
{
  if (need <= *cap) {
    return MGD_SUCCESS;
  }
  size_t new_cap = *cap ? *cap * 2 : 16;
  while (new_cap < need) {
    new_cap *= 2;
  }
  void* const p = mgd_realloc(*data, new_cap * elem);
  if (!p) {
    return MGD_BAD_ALLOC;
  }
  *data = p;
  *cap  = new_cap;
  return MGD_SUCCESS;
}

static MgdStatus
add_var(Reader* const r, const MgdStr name)
{
  for (size_t i = 0; i < r->n_vars; ++i) {
    if (mgd_str_eq(r->vars[i], name)) {
      return MGD_BAD_DATA; // duplicate
    }
  }
  MgdStatus st = grow((void**)&r->vars, &r->cap_vars, r->n_vars + 1,
                      sizeof(MgdStr));
  if (st) {
    return st;
  }
  r->vars[r->n_vars++] = name;
  return MGD_SUCCESS;
}

// Append one unbound row; returns its first term or NULL (out of memory).
static MgdTerm*
add_row(Reader* const r)
{
  if (grow((void**)&r->terms, &r->cap_terms, r->n_terms + r->n_vars + 1,
           sizeof(MgdTerm))) {
    return NULL;
  }
  MgdTerm* const row = r->terms + r->n_terms;
  for (size_t i = 0; i < r->n_vars; ++i) {
    row[i] = mgd_term_none();
  }
  r->n_terms += r->n_vars;
  return row;
}

static int
var_index(const Reader* const r, const MgdStr name)
{
  for (size_t i = 0; i < r->n_vars; ++i) {
    if (mgd_str_eq(r->vars[i], name)) {
      return (int)i;
    }
  }
  return -1;
}

static MgdStatus
dup_str(Reader* const r, const char* const s, const size_t n, MgdStr* const out)
{
  char* const p = mgd_arena_strndup(r->arena, s ? s : "", n);
  if (!p) {
    return MGD_BAD_ALLOC;
  }
  *out = mgd_str_n(p, n);
  return MGD_SUCCESS;
}

// Move the heap arrays into the arena and fill `out`.
static MgdStatus
finish(Reader* const r, MgdResults* const out, const size_t n_rows)
{
  out->n_vars = r->n_vars;
  out->n_rows = n_rows;
  out->vars   = mgd_arena_calloc(r->arena, r->n_vars ? r->n_vars : 1,
                                 sizeof(MgdStr));
  out->rows   = mgd_arena_calloc(r->arena, r->n_terms ? r->n_terms : 1,
                                 sizeof(MgdTerm));
  if (!out->vars || !out->rows) {
    return MGD_BAD_ALLOC;
  }
  if (r->n_vars) {
    memcpy(out->vars, r->vars, r->n_vars * sizeof(MgdStr));
  }
  if (r->n_terms) {
    memcpy(out->rows, r->terms, r->n_terms * sizeof(MgdTerm));
  }
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// JSON

static MgdStatus
json_str(Reader* const r, json_t* const obj, const char* const key,
         MgdStr* const out, bool* const present)
{
  json_t* const v = json_object_get(obj, key);
  *present        = v != NULL;
  if (!v) {
    *out = k_empty;
    return MGD_SUCCESS;
  }
  if (!json_is_string(v)) {
    return MGD_BAD_DATA;
  }
  return dup_str(r, json_string_value(v), json_string_length(v), out);
}

static MgdStatus
json_term(Reader* const r, json_t* const obj, MgdTerm* const out)
{
  if (!json_is_object(obj)) {
    return MGD_BAD_DATA;
  }
  json_t* const type = json_object_get(obj, "type");
  MgdStr        value;
  MgdStr        lang;
  MgdStr        dt;
  bool          has_value = false;
  bool          has_lang  = false;
  bool          has_dt    = false;
  MgdStatus     st        = MGD_SUCCESS;
  if (!json_is_string(type) ||
      (st = json_str(r, obj, "value", &value, &has_value)) ||
      (st = json_str(r, obj, "xml:lang", &lang, &has_lang)) ||
      (st = json_str(r, obj, "datatype", &dt, &has_dt)) || !has_value) {
    return st ? st : MGD_BAD_DATA;
  }
  const char* const t = json_string_value(type);
  if (!strcmp(t, "uri")) {
    *out = mgd_term_iri(value);
  } else if (!strcmp(t, "bnode")) {
    *out = mgd_term_blank(value);
  } else if (!strcmp(t, "literal") || !strcmp(t, "typed-literal")) {
    *out = mgd_term_literal(value, has_lang ? k_empty : dt, lang);
  } else {
    return MGD_BAD_DATA;
  }
  return MGD_SUCCESS;
}

static MgdStatus
read_json(Reader* const r, const char* const bytes, const size_t n,
          MgdResults* const out)
{
  json_error_t err;
  json_t* const root = json_loadb(bytes, n, 0, &err);
  if (!root) {
    return mgd_diag(r->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, NULL,
                    err.line > 0 ? (unsigned)err.line : 0,
                    err.column > 0 ? (unsigned)err.column : 0, NULL, "%s",
                    err.text);
  }
  MgdStatus     st     = MGD_SUCCESS;
  size_t        n_rows = 0;
  json_t* const head   = json_object_get(root, "head");
  json_t* const vars   = json_object_get(head, "vars");
  json_t* const boolean = json_object_get(root, "boolean");
  // head is required, but ASK documents without one are common enough in
  // the wild to accept.
  if (!json_is_object(root) || (!json_is_object(head) && !boolean)) {
    st = bad(r, MGD_BAD_DATA, 0, 0, "$.head", "missing head object");
    goto done;
  }
  if (vars && !json_is_array(vars)) {
    st = bad(r, MGD_BAD_DATA, 0, 0, "$.head.vars", "vars is not an array");
    goto done;
  }
  for (size_t i = 0; i < json_array_size(vars); ++i) {
    json_t* const v = json_array_get(vars, i);
    MgdStr        name;
    if (!json_is_string(v)) {
      st = bad(r, MGD_BAD_DATA, 0, 0, "$.head.vars", "variable not a string");
      goto done;
    }
    if ((st = dup_str(r, json_string_value(v), json_string_length(v),
                      &name)) ||
        (st = add_var(r, name))) {
      if (st == MGD_BAD_DATA) {
        bad(r, st, 0, 0, "$.head.vars", "duplicate variable");
      }
      goto done;
    }
  }
  if (boolean) {
    if (!json_is_boolean(boolean)) {
      st = bad(r, MGD_BAD_DATA, 0, 0, "$.boolean", "boolean is not true/false");
      goto done;
    }
    out->is_boolean = true;
    out->boolean    = json_is_true(boolean);
    goto done;
  }
  json_t* const bindings =
    json_object_get(json_object_get(root, "results"), "bindings");
  if (!json_is_array(bindings)) {
    st = bad(r, MGD_BAD_DATA, 0, 0, "$.results.bindings",
             "missing results.bindings array");
    goto done;
  }
  for (size_t i = 0; i < json_array_size(bindings); ++i) {
    json_t* const b = json_array_get(bindings, i);
    char          path[96];
    snprintf(path, sizeof(path), "$.results.bindings[%zu]", i);
    if (!json_is_object(b)) {
      st = bad(r, MGD_BAD_DATA, 0, 0, path, "binding is not an object");
      goto done;
    }
    MgdTerm* const row = add_row(r);
    if (!row) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    ++n_rows;
    const char* key = NULL;
    json_t*     value = NULL;
    json_object_foreach(b, key, value)
    {
      const int k = var_index(r, mgd_str(key));
      if (k < 0) {
        st = bad(r, MGD_BAD_DATA, 0, 0, path, "binding of undeclared variable");
        goto done;
      }
      if ((st = json_term(r, value, &row[k]))) {
        if (st == MGD_BAD_DATA) {
          bad(r, st, 0, 0, path, "bad RDF term object");
        }
        goto done;
      }
    }
  }
done:
  json_decref(root);
  return st ? st : finish(r, out, n_rows);
}

// ---------------------------------------------------------------------------
// XML

static bool
xml_is(const xmlNode* const node, const char* const name)
{
  return node && node->type == XML_ELEMENT_NODE && node->ns &&
         !strcmp((const char*)node->ns->href, SRX_NS) &&
         !strcmp((const char*)node->name, name);
}

static MgdStatus
xml_bad(Reader* const r, const xmlNode* const node, const MgdStatus st,
        const char* const msg)
{
  const long line = node ? xmlGetLineNo(node) : 0;
  return bad(r, st, line > 0 ? (unsigned)line : 0, 0, NULL, msg);
}

static MgdStatus
xml_dup(Reader* const r, xmlChar* const s, MgdStr* const out)
{
  if (!s) {
    *out = k_empty;
    return MGD_SUCCESS;
  }
  const MgdStatus st = dup_str(r, (const char*)s, strlen((const char*)s), out);
  xmlFree(s);
  return st;
}

static MgdStatus
xml_term(Reader* const r, const xmlNode* const node, MgdTerm* const out)
{
  MgdStr    value;
  MgdStatus st = xml_dup(r, xmlNodeGetContent(node), &value);
  if (st) {
    return st;
  }
  if (xml_is(node, "uri")) {
    *out = mgd_term_iri(value);
  } else if (xml_is(node, "bnode")) {
    *out = mgd_term_blank(value);
  } else if (xml_is(node, "literal")) {
    MgdStr lang;
    MgdStr dt;
    if ((st = xml_dup(r,
                      xmlGetNsProp(node, (const xmlChar*)"lang",
                                   XML_XML_NAMESPACE),
                      &lang)) ||
        (st = xml_dup(r, xmlGetNoNsProp(node, (const xmlChar*)"datatype"),
                      &dt))) {
      return st;
    }
    *out = mgd_term_literal(value, lang.len ? k_empty : dt, lang);
  } else {
    return xml_bad(r, node, MGD_BAD_DATA, "expected uri, bnode or literal");
  }
  return MGD_SUCCESS;
}

static MgdStatus
xml_result(Reader* const r, const xmlNode* const result)
{
  MgdTerm* const row = add_row(r);
  if (!row) {
    return MGD_BAD_ALLOC;
  }
  for (const xmlNode* b = result->children; b; b = b->next) {
    if (b->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (!xml_is(b, "binding")) {
      return xml_bad(r, b, MGD_BAD_DATA, "expected binding");
    }
    xmlChar* const name = xmlGetNoNsProp(b, (const xmlChar*)"name");
    const int k = name ? var_index(r, mgd_str((const char*)name)) : -1;
    xmlFree(name);
    if (k < 0) {
      return xml_bad(r, b, MGD_BAD_DATA, "binding of undeclared variable");
    }
    const xmlNode* t = b->children;
    while (t && t->type != XML_ELEMENT_NODE) {
      t = t->next;
    }
    if (!t) {
      return xml_bad(r, b, MGD_BAD_DATA, "empty binding");
    }
    MgdStatus st = xml_term(r, t, &row[k]);
    if (st) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
xml_walk(Reader* const r, const xmlNode* const root, MgdResults* const out,
         size_t* const n_rows)
{
  if (!xml_is(root, "sparql")) {
    return xml_bad(r, root, MGD_BAD_DATA, "root is not a sparql element");
  }
  bool      has_head = false;
  MgdStatus st       = MGD_SUCCESS;
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (xml_is(c, "head")) {
      has_head = true;
      for (const xmlNode* v = c->children; v; v = v->next) {
        if (!xml_is(v, "variable")) {
          continue; // link elements and whitespace
        }
        MgdStr name;
        if ((st = xml_dup(r, xmlGetNoNsProp(v, (const xmlChar*)"name"),
                          &name))) {
          return st;
        }
        if ((st = add_var(r, name))) {
          return st == MGD_BAD_DATA
                   ? xml_bad(r, v, st, "duplicate variable")
                   : st;
        }
      }
    } else if (xml_is(c, "boolean")) {
      MgdStr value;
      if ((st = xml_dup(r, xmlNodeGetContent(c), &value))) {
        return st;
      }
      if (!mgd_str_eqc(value, "true") && !mgd_str_eqc(value, "false")) {
        return xml_bad(r, c, MGD_BAD_DATA, "boolean is not true/false");
      }
      out->is_boolean = true;
      out->boolean    = mgd_str_eqc(value, "true");
    } else if (xml_is(c, "results")) {
      for (const xmlNode* res = c->children; res; res = res->next) {
        if (res->type != XML_ELEMENT_NODE) {
          continue;
        }
        if (!xml_is(res, "result")) {
          return xml_bad(r, res, MGD_BAD_DATA, "expected result");
        }
        if ((st = xml_result(r, res))) {
          return st;
        }
        ++*n_rows;
      }
    } else if (c->type == XML_ELEMENT_NODE) {
      return xml_bad(r, c, MGD_BAD_DATA, "unexpected element");
    }
  }
  return has_head ? MGD_SUCCESS
                  : xml_bad(r, root, MGD_BAD_DATA, "missing head element");
}

static MgdStatus
read_xml(Reader* const r, const char* const bytes, const size_t n,
         MgdResults* const out)
{
  if (n > INT_MAX) {
    return bad(r, MGD_BAD_LIMIT, 0, 0, NULL, "document too large");
  }
  xmlParserCtxtPtr const ctxt = xmlNewParserCtxt();
  if (!ctxt) {
    return MGD_BAD_ALLOC;
  }
  // No DTD loading, no network, no entity substitution (XXE), no printing.
  xmlDocPtr const doc =
    xmlCtxtReadMemory(ctxt, bytes, (int)n, NULL, NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING);
  MgdStatus st     = MGD_SUCCESS;
  size_t    n_rows = 0;
  if (!doc) {
    const xmlError* const e = xmlCtxtGetLastError(ctxt);
    char                  msg[256];
    snprintf(msg, sizeof(msg), "%s",
             e && e->message ? e->message : "malformed XML");
    const size_t len = strlen(msg);
    if (len && msg[len - 1] == '\n') {
      msg[len - 1] = '\0';
    }
    st = bad(r, MGD_BAD_SYNTAX, e && e->line > 0 ? (unsigned)e->line : 0,
             e && e->int2 > 0 ? (unsigned)e->int2 : 0, NULL, msg);
  } else {
    st = xml_walk(r, xmlDocGetRootElement(doc), out, &n_rows);
    xmlFreeDoc(doc);
  }
  xmlFreeParserCtxt(ctxt);
  return st ? st : finish(r, out, n_rows);
}

// ---------------------------------------------------------------------------
// TSV

static int
hex_val(const char c)
{
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

// Reads a \uXXXX or \UXXXXXXXX escape at s[*i] (just after the backslash
// and letter), appending UTF-8 to `out`.
static bool
read_uchar(const MgdStr s, size_t* const i, const size_t n_hex, MgdBuf* const out)
{
  uint32_t cp = 0;
  for (size_t k = 0; k < n_hex; ++k, ++*i) {
    const int h = *i < s.len ? hex_val(s.ptr[*i]) : -1;
    if (h < 0) {
      return false;
    }
    cp = cp * 16 + (uint32_t)h;
  }
  char         enc[4];
  const size_t n = mgd_utf8_encode(cp, enc);
  return n && !mgd_buf_append(out, enc, n);
}

// Parses an N-Triples term filling the whole field.
static MgdStatus
tsv_term(Reader* const r, const MgdStr f, MgdBuf* const tmp,
         MgdTerm* const out)
{
  mgd_buf_reset(tmp);
  if (!f.len) {
    *out = mgd_term_none();
    return MGD_SUCCESS;
  }
  size_t i = 0;
  if (f.ptr[0] == '<') {
    for (i = 1; i < f.len && f.ptr[i] != '>'; ++i) {
      if (f.ptr[i] == '\\') {
        ++i;
        const char e = i < f.len ? f.ptr[i++] : 0;
        if ((e != 'u' && e != 'U') || !read_uchar(f, &i, e == 'u' ? 4 : 8, tmp)) {
          return MGD_BAD_SYNTAX;
        }
        --i;
      } else if (mgd_buf_putc(tmp, f.ptr[i])) {
        return MGD_BAD_ALLOC;
      }
    }
    if (i + 1 != f.len) {
      return MGD_BAD_SYNTAX;
    }
    MgdStr iri;
    MgdStatus st = dup_str(r, tmp->data ? tmp->data : "", tmp->len, &iri);
    *out         = mgd_term_iri(iri);
    return st;
  }
  if (f.len > 2 && f.ptr[0] == '_' && f.ptr[1] == ':') {
    MgdStr    label;
    MgdStatus st = dup_str(r, f.ptr + 2, f.len - 2, &label);
    *out         = mgd_term_blank(label);
    return st;
  }
  if (f.ptr[0] != '"') {
    static const char* const k_bare[] = {MGD_XSD_INTEGER, MGD_XSD_DECIMAL,
                                         MGD_XSD_DOUBLE, MGD_XSD_BOOLEAN};
    for (size_t k = 0; k < 4; ++k) {
      if (mgd_results_turtle_bare(f, mgd_str(k_bare[k]))) {
        MgdStr    lex;
        MgdStatus st = dup_str(r, f.ptr, f.len, &lex);
        *out         = mgd_term_literal(lex, mgd_str(k_bare[k]), k_empty);
        return st;
      }
    }
    return MGD_BAD_SYNTAX;
  }
  for (i = 1; i < f.len && f.ptr[i] != '"'; ++i) {
    char c = f.ptr[i];
    if (c == '\\') {
      const char e = ++i < f.len ? f.ptr[i] : 0;
      if (e == 'u' || e == 'U') {
        ++i;
        if (!read_uchar(f, &i, e == 'u' ? 4 : 8, tmp)) {
          return MGD_BAD_SYNTAX;
        }
        --i;
        continue;
      }
      const char* const from = "tbnrf\"'\\";
      const char* const to   = "\t\b\n\r\f\"'\\";
      const char* const hit  = e ? strchr(from, e) : NULL;
      if (!hit) {
        return MGD_BAD_SYNTAX;
      }
      c = to[hit - from];
    }
    if (mgd_buf_putc(tmp, c)) {
      return MGD_BAD_ALLOC;
    }
  }
  if (i >= f.len) {
    return MGD_BAD_SYNTAX;
  }
  ++i; // closing quote
  MgdStr    lex;
  MgdStatus st = dup_str(r, tmp->data ? tmp->data : "", tmp->len, &lex);
  if (st) {
    return st;
  }
  MgdStr lang = k_empty;
  MgdStr dt   = k_empty;
  if (i < f.len && f.ptr[i] == '@') {
    if ((st = dup_str(r, f.ptr + i + 1, f.len - i - 1, &lang))) {
      return st;
    }
    if (!mgd_lang_is_valid(lang)) {
      return MGD_BAD_SYNTAX;
    }
  } else if (i + 2 < f.len && f.ptr[i] == '^' && f.ptr[i + 1] == '^') {
    MgdTerm dt_term;
    if ((st = tsv_term(r, mgd_str_n(f.ptr + i + 2, f.len - i - 2), tmp,
                       &dt_term))) {
      return st;
    }
    if (dt_term.kind != MGD_TERM_IRI) {
      return MGD_BAD_SYNTAX;
    }
    dt = dt_term.value;
  } else if (i != f.len) {
    return MGD_BAD_SYNTAX;
  }
  *out = mgd_term_literal(lex, dt, lang);
  return MGD_SUCCESS;
}

// Splits `line` at `sep` into at most `max` fields; returns the count, or
// max + 1 if there are more.
static size_t
split(const MgdStr line, const char sep, MgdStr* const fields, const size_t max)
{
  size_t n     = 0;
  size_t start = 0;
  for (size_t i = 0; i <= line.len; ++i) {
    if (i == line.len || line.ptr[i] == sep) {
      if (n == max) {
        return max + 1;
      }
      fields[n++] = mgd_str_n(line.ptr + start, i - start);
      start       = i + 1;
    }
  }
  return n;
}

// The next line of `s` from *pos (without its LF or CRLF); false at the end.
static bool
next_line(const char* const s, const size_t n, size_t* const pos,
          MgdStr* const line)
{
  if (*pos >= n) {
    return false;
  }
  const char* const nl  = memchr(s + *pos, '\n', n - *pos);
  const size_t      end = nl ? (size_t)(nl - s) : n;
  size_t            len = end - *pos;
  if (len && s[*pos + len - 1] == '\r') {
    --len;
  }
  *line = mgd_str_n(s + *pos, len);
  *pos  = end + 1;
  return true;
}

// A one-column table named _askResult holding true or false is how the CSV
// and TSV writers spell an ASK result.
static void
detect_boolean(Reader* const r, MgdResults* const out, const size_t n_rows)
{
  if (r->n_vars == 1 && n_rows == 1 && mgd_str_eqc(r->vars[0], "_askResult") &&
      r->terms[0].kind == MGD_TERM_LITERAL &&
      (mgd_str_eqc(r->terms[0].value, "true") ||
       mgd_str_eqc(r->terms[0].value, "false"))) {
    out->is_boolean = true;
    out->boolean    = mgd_str_eqc(r->terms[0].value, "true");
    r->n_vars       = 0;
    r->n_terms      = 0;
  }
}

static MgdStatus
read_tsv(Reader* const r, const char* const s, const size_t n,
         MgdResults* const out)
{
  size_t   pos    = 0;
  MgdStr   line   = k_empty;
  MgdStr*  fields = NULL;
  MgdBuf   tmp;
  size_t   n_rows = 0;
  unsigned lineno = 1;
  MgdStatus st    = MGD_SUCCESS;
  mgd_buf_init(&tmp);
  if (!next_line(s, n, &pos, &line)) {
    st = bad(r, MGD_BAD_DATA, 1, 1, NULL, "missing header line");
    goto done;
  }
  const size_t max_fields = line.len / 2 + 1;
  fields = mgd_calloc(max_fields + 1, sizeof(MgdStr));
  if (!fields) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  const size_t n_head = line.len ? split(line, '\t', fields, max_fields) : 0;
  for (size_t i = 0; i < n_head; ++i) {
    const MgdStr f = fields[i];
    MgdStr       name;
    bool has_ctrl = false;
    for (size_t k = 0; k < f.len; ++k) {
      has_ctrl = has_ctrl || (unsigned char)f.ptr[k] <= ' ';
    }
    if (f.len < 2 || (f.ptr[0] != '?' && f.ptr[0] != '$') || has_ctrl) {
      st = bad(r, MGD_BAD_DATA, 1, 1, NULL, "header field is not a ?variable");
      goto done;
    }
    if ((st = dup_str(r, f.ptr + 1, f.len - 1, &name)) ||
        (st = add_var(r, name))) {
      if (st == MGD_BAD_DATA) {
        bad(r, st, 1, 1, NULL, "duplicate variable");
      }
      goto done;
    }
  }
  while (next_line(s, n, &pos, &line)) {
    ++lineno;
    MgdStr* const f2 = mgd_realloc(fields, (r->n_vars + 2) * sizeof(MgdStr));
    if (!f2) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    fields              = f2;
    const size_t n_flds = split(line, '\t', fields, r->n_vars ? r->n_vars : 1);
    if (r->n_vars ? n_flds != r->n_vars : line.len != 0) {
      st = bad(r, MGD_BAD_DATA, lineno, 1, NULL,
               "row has a different number of fields than the header");
      goto done;
    }
    MgdTerm* const row = add_row(r);
    if (!row) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    ++n_rows;
    for (size_t k = 0; k < r->n_vars; ++k) {
      if ((st = tsv_term(r, fields[k], &tmp, &row[k]))) {
        if (st == MGD_BAD_SYNTAX) {
          bad(r, st, lineno,
              (unsigned)(fields[k].ptr - line.ptr) + 1, NULL, "bad RDF term");
        }
        goto done;
      }
    }
  }
  detect_boolean(r, out, n_rows);
  if (out->is_boolean) {
    n_rows = 0;
  }
done:
  mgd_free(fields);
  mgd_buf_clear(&tmp);
  return st ? st : finish(r, out, n_rows);
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180)

// Reads one field at *pos into `tmp`; sets *end_of_record after the last
// field of a line. MGD_BAD_SYNTAX for an unterminated quote.
static MgdStatus
csv_field(const char* const s, const size_t n, size_t* const pos,
          MgdBuf* const tmp, bool* const end_of_record)
{
  mgd_buf_reset(tmp);
  size_t i = *pos;
  if (i < n && s[i] == '"') {
    for (++i;; ++i) {
      if (i >= n) {
        return MGD_BAD_SYNTAX;
      }
      if (s[i] == '"') {
        if (i + 1 < n && s[i + 1] == '"') {
          ++i;
        } else {
          ++i;
          break;
        }
      }
      if (mgd_buf_putc(tmp, s[i])) {
        return MGD_BAD_ALLOC;
      }
    }
  } else {
    while (i < n && s[i] != ',' && s[i] != '\n' &&
           !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')) {
      if (s[i] == '"') {
        return MGD_BAD_SYNTAX;
      }
      if (mgd_buf_putc(tmp, s[i++])) {
        return MGD_BAD_ALLOC;
      }
    }
  }
  if (i < n && s[i] == ',') {
    *end_of_record = false;
    ++i;
  } else if (i >= n) {
    *end_of_record = true;
  } else if (s[i] == '\n') {
    *end_of_record = true;
    ++i;
  } else if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
    *end_of_record = true;
    i += 2;
  } else {
    return MGD_BAD_SYNTAX; // junk after a closing quote
  }
  *pos = i;
  return MGD_SUCCESS;
}

static MgdStatus
read_csv(Reader* const r, const char* const s, const size_t n,
         MgdResults* const out)
{
  MgdBuf    tmp;
  size_t    pos    = 0;
  size_t    n_rows = 0;
  unsigned  lineno = 1;
  bool      eor    = false;
  MgdStatus st     = MGD_SUCCESS;
  mgd_buf_init(&tmp);
  if (n == 0) {
    st = bad(r, MGD_BAD_DATA, 1, 1, NULL, "missing header line");
    goto done;
  }
  do {
    if ((st = csv_field(s, n, &pos, &tmp, &eor))) {
      bad(r, st, lineno, 0, NULL, "bad CSV field");
      goto done;
    }
    MgdStr name;
    if (!tmp.len && eor && r->n_vars == 0) {
      break; // an empty header: no variables
    }
    if ((st = dup_str(r, tmp.data, tmp.len, &name)) ||
        (st = add_var(r, name))) {
      if (st == MGD_BAD_DATA) {
        bad(r, st, 1, 0, NULL, "duplicate variable");
      }
      goto done;
    }
  } while (!eor);
  while (pos < n) {
    ++lineno;
    MgdTerm* const row = add_row(r);
    if (!row) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    ++n_rows;
    size_t k = 0;
    do {
      if ((st = csv_field(s, n, &pos, &tmp, &eor))) {
        bad(r, st, lineno, 0, NULL, "bad CSV field");
        goto done;
      }
      if (k >= (r->n_vars ? r->n_vars : 1)) {
        st = bad(r, MGD_BAD_DATA, lineno, 0, NULL,
                 "row has more fields than the header");
        goto done;
      }
      if (tmp.len && r->n_vars) {
        MgdStr v;
        if ((st = dup_str(r, tmp.data, tmp.len, &v))) {
          goto done;
        }
        row[k] = (v.len > 2 && v.ptr[0] == '_' && v.ptr[1] == ':')
                   ? mgd_term_blank(mgd_str_n(v.ptr + 2, v.len - 2))
                   : mgd_term_literal(v, k_empty, k_empty);
      } else if (tmp.len) {
        st = bad(r, MGD_BAD_DATA, lineno, 0, NULL, "value without variable");
        goto done;
      }
      ++k;
    } while (!eor);
    if (r->n_vars > 1 && k != r->n_vars) {
      st = bad(r, MGD_BAD_DATA, lineno, 0, NULL,
               "row has fewer fields than the header");
      goto done;
    }
  }
  detect_boolean(r, out, n_rows);
  if (out->is_boolean) {
    n_rows = 0;
  }
done:
  mgd_buf_clear(&tmp);
  return st ? st : finish(r, out, n_rows);
}

// ---------------------------------------------------------------------------

MgdStatus
mgd_results_read(const MgdResultsFormat format, const char* const bytes,
                 const size_t n, MgdArena* const arena,
                 const MgdDiagSink* const diag, MgdResults* const out)
{
  Reader r;
  memset(&r, 0, sizeof(r));
  memset(out, 0, sizeof(*out));
  r.arena      = arena;
  r.diag       = diag;
  MgdStatus st = MGD_SUCCESS;
  if ((format == MGD_RESULTS_TSV || format == MGD_RESULTS_CSV) &&
      mgd_utf8_check(bytes, n) != n) {
    const size_t at = mgd_utf8_check(bytes, n);
    size_t       line = 1;
    for (size_t i = 0; i < at; ++i) {
      line += bytes[i] == '\n';
    }
    return bad(&r, MGD_BAD_SYNTAX, (unsigned)line, 0, NULL,
               "invalid UTF-8");
  }
  switch (format) {
  case MGD_RESULTS_UNKNOWN:
    st = MGD_BAD_ARG;
    break;
  case MGD_RESULTS_JSON:
    st = read_json(&r, bytes, n, out);
    break;
  case MGD_RESULTS_XML:
    st = read_xml(&r, bytes, n, out);
    break;
  case MGD_RESULTS_CSV:
    st = read_csv(&r, bytes, n, out);
    break;
  case MGD_RESULTS_TSV:
    st = read_tsv(&r, bytes, n, out);
    break;
  }
  mgd_free(r.vars);
  mgd_free(r.terms);
  if (st) {
    memset(out, 0, sizeof(*out));
  }
  return st;
}
