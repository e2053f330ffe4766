// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Node map generation (JSON-LD 1.1 API §7.2), deserialisation to RDF
// (§8.1-8.3) and serialisation from RDF (§8.4-8.5), plus the lexical forms
// these need: canonical xsd:double and the JSON Canonicalization Scheme.
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RDF_FIRST MGD_NS_RDF "first"
#define RDF_REST MGD_NS_RDF "rest"
#define RDF_NIL MGD_NS_RDF "nil"
#define RDF_LIST MGD_NS_RDF "List"
#define RDF_VALUE MGD_NS_RDF "value"
#define RDF_LANGUAGE MGD_NS_RDF "language"
#define RDF_DIRECTION MGD_NS_RDF "direction"
#define RDF_JSON MGD_NS_RDF "JSON"
#define I18N_NS "https://www.w3.org/ns/i18n#"

/* ---- lexical forms ---- */

// Fast path of shortest_digits for the usual data values (0.125, 1.699):
// the first k with round(d × 10^k) / 10^k == d, both exact doubles, gives
// a decimal of at most 15 digits that reads back as d (IEEE division and
// strtod both round the same exact quotient), and such a decimal is
// unique (see shortest_digits). False when there is none.
static bool
short_decimal(const double d, char* const digits, int* const n)
{
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                               1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15};
  if (!(d >= 1e-5 && d < 1e15)) {
    return false;
  }
  for (int k = 0; k < 16; ++k) {
    const double m = d * p10[k];
    if (m >= 1e15) {
      return false;
    }
    const double r = nearbyint(m);
    if (r >= 1.0 && r / p10[k] == d) {
      unsigned long long u = (unsigned long long)r;
      char               tmp[24];
      int                t = 0;
      do {
        tmp[t++] = (char)('0' + u % 10U);
        u /= 10U;
      } while (u);
      *n       = t - k;
      size_t o = 0U;
      while (t) {
        digits[o++] = tmp[--t];
      }
      while (o > 1U && digits[o - 1U] == '0') {
        --o;
      }
      digits[o] = '\0';
      return true;
    }
  }
  return false;
}

// Shortest decimal digits that round-trip `d` (> 0): digits and the
// exponent n such that d = 0.DIGITS × 10^n.
static void
shortest_digits(const double d, char* const digits, int* const n)
{
  if (short_decimal(d, digits, n)) {
    return;
  }
  // A decimal of k <= 15 significant digits that reads back as d is, padded
  // with zeros, what d rounds to at 15 digits (d is within half an ulp of
  // it, far less than half a unit in the 15th digit), so 15 digits with the
  // trailing zeros dropped give the same answer as trying 1, 2, ... 15
  // digits; only 16 and 17 need their own tries. Subnormals have fewer
  // significant bits, so for them every length is tried.
  char buf[40];
  for (int prec = d < DBL_MIN ? 1 : 15; prec <= 17; ++prec) {
    snprintf(buf, sizeof(buf), "%.*e", prec - 1, d);
    if (strtod(buf, NULL) == d) {
      break;
    }
  }
  // buf: D[.DDD]e[+-]XX
  size_t k = 0U;
  const char* p = buf;
  for (; *p && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') {
      digits[k++] = *p;
    }
  }
  while (k > 1U && digits[k - 1U] == '0') {
    --k;
  }
  digits[k] = '\0';
  *n        = atoi(p + 1) + 1;
}

void
jld_double_lexical(const double d, char* const out, const size_t n_out)
{
  if (isnan(d)) {
    snprintf(out, n_out, "NaN");
    return;
  }
  if (isinf(d)) {
    snprintf(out, n_out, d < 0 ? "-INF" : "INF");
    return;
  }
  if (d == 0.0) {
    snprintf(out, n_out, signbit(d) ? "-0.0E0" : "0.0E0");
    return;
  }
  char digits[32];
  int  n = 0;
  shortest_digits(fabs(d), digits, &n);
  snprintf(out, n_out, "%s%c.%sE%d", d < 0 ? "-" : "", digits[0],
           digits[1] ? digits + 1 : "0", n - 1);
}

// ECMAScript Number::toString, as RFC 8785 §3.2.2.3 requires.
static MgdStatus
js_number(MgdBuf* const out, const double d)
{
  if (!isfinite(d)) {
    return mgd_buf_appendc(out, "null");
  }
  if (d == 0.0) {
    return mgd_buf_putc(out, '0');
  }
  char digits[32];
  int  n = 0;
  shortest_digits(fabs(d), digits, &n);
  const int k  = (int)strlen(digits);
  MgdStatus st = d < 0 ? mgd_buf_putc(out, '-') : MGD_SUCCESS;
  if (st) {
    return st;
  }
  if (k <= n && n <= 21) {
    st = mgd_buf_appendc(out, digits);
    for (int i = 0; i < n - k && !st; ++i) {
      st = mgd_buf_putc(out, '0');
    }
  } else if (0 < n && n <= 21) {
    st = mgd_buf_printf(out, "%.*s.%s", n, digits, digits + n);
  } else if (-6 < n && n <= 0) {
    st = mgd_buf_appendc(out, "0.");
    for (int i = 0; i < -n && !st; ++i) {
      st = mgd_buf_putc(out, '0');
    }
    if (!st) {
      st = mgd_buf_appendc(out, digits);
    }
  } else {
    st = mgd_buf_printf(out, "%c%s%s%se%c%d", digits[0], k > 1 ? "." : "",
                        digits + 1, "", n - 1 >= 0 ? '+' : '-', abs(n - 1));
  }
  return st;
}

static MgdStatus
jcs_string(MgdBuf* const out, const char* const s, const size_t n)
{
  MgdStatus st = mgd_buf_putc(out, '"');
  for (size_t i = 0U; i < n && !st; ++i) {
    const unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': st = mgd_buf_appendc(out, "\\\""); break;
    case '\\': st = mgd_buf_appendc(out, "\\\\"); break;
    case '\b': st = mgd_buf_appendc(out, "\\b"); break;
    case '\f': st = mgd_buf_appendc(out, "\\f"); break;
    case '\n': st = mgd_buf_appendc(out, "\\n"); break;
    case '\r': st = mgd_buf_appendc(out, "\\r"); break;
    case '\t': st = mgd_buf_appendc(out, "\\t"); break;
    default:
      st = c < 0x20U ? mgd_buf_printf(out, "\\u%04x", c)
                     : mgd_buf_putc(out, (char)c);
    }
  }
  return st ? st : mgd_buf_putc(out, '"');
}

static int
cmp_key(const void* const a, const void* const b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

MgdStatus
jld_jcs(const json_t* const v, MgdBuf* const out)
{
  switch (json_typeof(v)) {
  case JSON_NULL: return mgd_buf_appendc(out, "null");
  case JSON_TRUE: return mgd_buf_appendc(out, "true");
  case JSON_FALSE: return mgd_buf_appendc(out, "false");
  case JSON_INTEGER:
    return js_number(out, (double)json_integer_value(v));
  case JSON_REAL: return js_number(out, json_real_value(v));
  case JSON_STRING:
    return jcs_string(out, json_string_value(v), json_string_length(v));
  case JSON_ARRAY: {
    MgdStatus st = mgd_buf_putc(out, '[');
    for (size_t i = 0U; i < json_array_size(v) && !st; ++i) {
      if (i) {
        st = mgd_buf_putc(out, ',');
      }
      if (!st) {
        st = jld_jcs(json_array_get(v, i), out);
      }
    }
    return st ? st : mgd_buf_putc(out, ']');
  }
  case JSON_OBJECT: {
    const size_t       n    = json_object_size(v);
    const char** const keys =
      (const char**)mgd_malloc((n ? n : 1U) * sizeof(char*));
    if (!keys) {
      return MGD_BAD_ALLOC;
    }
    size_t      i = 0U;
    const char* k;
    json_t*     x;
    json_object_foreach ((json_t*)v, k, x) {
      keys[i++] = k;
    }
    qsort(keys, n, sizeof(char*), cmp_key);
    MgdStatus st = mgd_buf_putc(out, '{');
    for (i = 0U; i < n && !st; ++i) {
      if (i) {
        st = mgd_buf_putc(out, ',');
      }
      if (!st) {
        st = jcs_string(out, keys[i], strlen(keys[i]));
      }
      if (!st) {
        st = mgd_buf_putc(out, ':');
      }
      if (!st) {
        st = jld_jcs(json_object_get(v, keys[i]), out);
      }
    }
    mgd_free((void*)keys);
    return st ? st : mgd_buf_putc(out, '}');
  }
  }
  return MGD_BAD_ARG;
}

bool
jld_json_equal(const json_t* const a, const json_t* const b)
{
  if (json_is_number(a) && json_is_number(b)) {
    return json_number_value(a) == json_number_value(b);
  }
  if (json_typeof(a) != json_typeof(b)) {
    return false;
  }
  switch (json_typeof(a)) {
  case JSON_ARRAY:
    if (json_array_size(a) != json_array_size(b)) {
      return false;
    }
    for (size_t i = 0U; i < json_array_size(a); ++i) {
      if (!jld_json_equal(json_array_get(a, i), json_array_get(b, i))) {
        return false;
      }
    }
    return true;
  case JSON_OBJECT: {
    if (json_object_size(a) != json_object_size(b)) {
      return false;
    }
    const char* k;
    json_t*     x;
    json_object_foreach ((json_t*)a, k, x) {
      const json_t* const y = json_object_get(b, k);
      if (!y || !jld_json_equal(x, y)) {
        return false;
      }
    }
    return true;
  }
  default: return json_equal(a, b);
  }
}

/* ---- blank nodes ---- */

// "_:b<idx>" in the arena (one per nested node: no printf).
static const char*
bnode_label(JldProc* const P, uint64_t idx)
{
  char   digits[24];
  size_t n = 0U;
  do {
    digits[n++] = (char)('0' + idx % 10U);
    idx /= 10U;
  } while (idx);
  char* const label = (char*)mgd_arena_alloc(&P->arena, n + 4U);
  if (!label) {
    jld_error(P, "out of memory", "blank nodes");
    return NULL;
  }
  label[0] = '_';
  label[1] = ':';
  label[2] = 'b';
  for (size_t i = 0U; i < n; ++i) {
    label[3U + i] = digits[n - 1U - i];
  }
  label[3U + n] = '\0';
  return label;
}

const char*
jld_bnode(JldProc* const P, const char* const old)
{
  if (old) {
    uint64_t idx = 0U;
    if (mgd_hashmap_get(&P->bnode_map, old, strlen(old), &idx) ==
        MGD_SUCCESS) {
      return bnode_label(P, idx);
    }
    if (mgd_hashmap_put(&P->bnode_map, old, strlen(old), P->n_bnodes, NULL,
                        NULL)) {
      jld_error(P, "out of memory", "blank nodes");
      return NULL;
    }
  }
  return bnode_label(P, P->n_bnodes++);
}

/* ---- node map (§7.2.2) ---- */

// Append `v` to obj[key] unless an equal value is there. The check is a
// hash lookup (node, property, canonical value), so a node with many values
// stays linear; toRdf skips it since a quad set ignores repeats anyway.
static void
merge_value(JldProc* const P, json_t* const obj, const char* const key,
            json_t* const v)
{
  json_t* arr = json_object_get(obj, key);
  if (!arr) {
    arr = json_array();
    json_object_set_new(obj, key, arr);
  }
  if (!P->nm_no_dedupe) {
    MgdBuf k = {0};
    mgd_buf_printf(&k, "%p\x1f%s\x1f", (void*)obj, key);
    jld_jcs(v, &k);
    bool inserted = true;
    if (k.data) {
      mgd_hashmap_put(&P->nm_seen, k.data, k.len, 0U, NULL, &inserted);
    }
    mgd_buf_clear(&k);
    if (!inserted) {
      return;
    }
  }
  json_array_append(arr, v);
}

static json_t*
graph_of(json_t* const map, const char* const graph)
{
  json_t* g = json_object_get(map, graph);
  if (!g) {
    g = json_object();
    json_object_set_new(map, graph, g);
  }
  return g;
}

MgdStatus
jld_node_map(JldProc* const P, json_t* const element, json_t* const map,
             const char* const graph, json_t* const subject_ref,
             const char* const subject, const char* const property,
             json_t* const list)
{
  if (P->status) {
    return P->status;
  }
  if (json_is_array(element)) {
    size_t  i;
    json_t* item;
    json_array_foreach (element, i, item) {
      if (jld_node_map(P, item, map, graph, subject_ref, subject, property,
                       list)) {
        return P->status;
      }
    }
    return MGD_SUCCESS;
  }
  if (!json_is_object(element)) {
    return MGD_SUCCESS;
  }
  json_t* const g = graph_of(map, graph);
  json_t* const subject_node =
    (subject_ref || !subject) ? NULL : json_object_get(g, subject);
  json_t* const types = json_object_get(element, "@type");
  if (json_is_array(types)) {
    size_t  i;
    json_t* t;
    json_array_foreach (types, i, t) {
      if (jld_is_bnode(json_string_value(t))) {
        json_array_set_new(types, i,
                           json_string(jld_bnode(P, json_string_value(t))));
      }
    }
  } else if (jld_is_bnode(json_string_value(types))) {
    json_object_set_new(element, "@type",
                        json_string(jld_bnode(P, json_string_value(types))));
  }
  if (json_object_get(element, "@value")) {
    if (!list) {
      if (subject_node) {
        merge_value(P, subject_node, property, element);
      }
    } else {
      json_array_append(json_object_get(list, "@list"), element);
    }
    return MGD_SUCCESS;
  }
  json_t* const l = json_object_get(element, "@list");
  if (l) {
    json_t* const result = json_pack("{s:[]}", "@list");
    jld_node_map(P, l, map, graph, subject_ref, subject, property, result);
    if (!list) {
      if (subject_node) {
        json_t* arr = json_object_get(subject_node, property);
        if (!arr) {
          arr = json_array();
          json_object_set_new(subject_node, property, arr);
        }
        json_array_append(arr, result);
      }
    } else {
      json_array_append(json_object_get(list, "@list"), result);
    }
    json_decref(result);
    return P->status;
  }
  json_t* const idv = json_object_get(element, "@id");
  // an @id that expanded to null names no resource: "" is never well-formed
  const char* id = idv ? (json_string_value(idv) ? json_string_value(idv) : "")
                       : NULL;
  if (id && jld_is_bnode(id)) {
    id = jld_bnode(P, id);
  } else if (!id) {
    id = jld_bnode(P, NULL);
  }
  if (!id) {
    return P->status;
  }
  json_t* node = json_object_get(g, id);
  if (!node) {
    node = json_pack("{s:s}", "@id", id);
    json_object_set_new(g, id, node);
  }
  if (subject_ref) {
    merge_value(P, node, property, subject_ref);
  } else if (property) {
    json_t* const ref = json_pack("{s:s}", "@id", id);
    if (!list) {
      if (subject_node) {
        merge_value(P, subject_node, property, ref);
      }
    } else {
      json_array_append(json_object_get(list, "@list"), ref);
    }
    json_decref(ref);
  }
  if (types) {
    json_t* nt = json_object_get(node, "@type");
    if (!nt) {
      nt = json_array();
      json_object_set_new(node, "@type", nt);
    }
    json_t* const tl = json_object_get(element, "@type");
    json_t* const arr = json_is_array(tl) ? json_incref(tl)
                                          : json_pack("[O]", tl);
    size_t  i;
    json_t* t;
    json_array_foreach (arr, i, t) {
      bool   seen = false;
      size_t j;
      json_t* u;
      json_array_foreach (nt, j, u) {
        seen = seen || json_equal(u, t);
      }
      if (!seen) {
        json_array_append(nt, t);
      }
    }
    json_decref(arr);
  }
  json_t* const index = json_object_get(element, "@index");
  if (index) {
    json_t* const old = json_object_get(node, "@index");
    if (old && !json_equal(old, index)) {
      return jld_error(P, "conflicting indexes", "node %s", id);
    }
    json_object_set(node, "@index", index);
  }
  json_t* const rev = json_object_get(element, "@reverse");
  if (rev) {
    json_t* const     ref = json_pack("{s:s}", "@id", id);
    const char*       rp;
    json_t*           values;
    json_object_foreach (rev, rp, values) {
      jld_node_map(P, values, map, graph, ref, NULL, rp, NULL);
    }
    json_decref(ref);
  }
  json_t* const sub = json_object_get(element, "@graph");
  if (sub) {
    jld_node_map(P, sub, map, id, NULL, NULL, NULL, NULL);
  }
  json_t* const inc = json_object_get(element, "@included");
  if (inc) {
    jld_node_map(P, inc, map, graph, NULL, NULL, NULL, NULL);
  }
  const char* key;
  json_t*     value;
  json_object_foreach (element, key, value) {
    if (P->status) {
      break;
    }
    if (key[0] == '@' && jld_is_keyword(key)) {
      continue;
    }
    const char* const prop = jld_is_bnode(key) ? jld_bnode(P, key) : key;
    if (!json_object_get(node, prop)) {
      json_object_set_new(node, prop, json_array());
    }
    jld_node_map(P, value, map, graph, NULL, id, prop, NULL);
  }
  return P->status;
}

/* ---- toRdf (§8.1-8.3) ---- */

typedef struct {
  JldProc*       P;
  const MgdSink* sink;
  size_t         n_dropped;
  // Lexical forms made for one literal, which is emitted before the next
  // is made (nested nodes only return their subject), so one buffer serves
  // the whole run instead of a heap block per node.
  MgdBuf scratch;
} ToRdf;

static bool
iri_ok(const char* const s)
{
  const char* const hash = s ? strchr(s, '#') : NULL;
  return s && mgd_iri_is_valid(mgd_str(s)) && !(hash && strchr(hash + 1, '#'));
}

static bool
resource_ok(const char* const s)
{
  return s && (jld_is_bnode(s) ? s[2] != '\0' : iri_ok(s));
}

// Lenient reading: an IRI whose fragment holds another '#' (RFC 3986 allows
// none) is repaired by percent-encoding it, with a warning, instead of
// dropping the node. NULL when there is nothing to repair.
static const char*
resource_repair(JldProc* const P, const char* const s)
{
  const char* const hash = s ? strchr(s, '#') : NULL;
  if (!P->recover || !hash || !strchr(hash + 1, '#') || jld_is_bnode(s)) {
    return NULL;
  }
  MgdBuf b = {0};
  mgd_buf_append(&b, s, (size_t)(hash - s) + 1U);
  for (const char* c = hash + 1; *c; ++c) {
    if (*c == '#') {
      mgd_buf_appendc(&b, "%23");
    } else {
      mgd_buf_putc(&b, *c);
    }
  }
  const char* const r =
    b.data ? mgd_arena_strndup(&P->arena, b.data, b.len) : NULL;
  mgd_buf_clear(&b);
  if (!r || !mgd_iri_is_valid(mgd_str(r))) {
    return NULL;
  }
  jld_warn(P, "IRI <%s> has a '#' in its fragment; written as <%s>", s, r);
  return r;
}

static MgdTerm
resource_term(const char* const s)
{
  return jld_is_bnode(s) ? mgd_term_blank(mgd_str(s + 2))
                         : mgd_term_iri(mgd_str(s));
}

static MgdStatus
emit(ToRdf* const T, const MgdTerm* const s, const MgdTerm* const p,
     const MgdTerm* const o, const MgdTerm* const g)
{
  const MgdQuad q = {*s, *p, *o, *g};
  const MgdStatus st = mgd_sink_quad(T->sink, &q);
  if (st > MGD_FAILURE && !T->P->status) {
    T->P->status = st;
    T->P->code   = "sink";
    snprintf(T->P->message, sizeof(T->P->message), "quad refused: %s",
             mgd_strerror(st));
  }
  return st > MGD_FAILURE ? st : MGD_SUCCESS;
}

static MgdStatus list_to_rdf(ToRdf* T, json_t* list, const MgdTerm* g,
                             MgdTerm* head);
static MgdStatus emit_node(ToRdf* T, json_t* node, const MgdTerm* g,
                           MgdTerm* subject);

// Decimal text of `v` into `out` (at least 21 bytes), without printf.
static void
integer_text(const json_int_t v, char* const out)
{
  char               tmp[24];
  size_t             n = 0U;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                               : (unsigned long long)v;
  do {
    tmp[n++] = (char)('0' + u % 10U);
    u /= 10U;
  } while (u);
  size_t o = 0U;
  if (v < 0) {
    out[o++] = '-';
  }
  while (n) {
    out[o++] = tmp[--n];
  }
  out[o] = '\0';
}

static MgdStatus value_to_rdf(ToRdf* T, json_t* value, json_t* type_entry,
                              json_t* lang_entry, json_t* dir_entry,
                              const MgdTerm* g, MgdBuf* scratch,
                              MgdTerm* out);

// Object to RDF (§8.2): makes `*out` (kind NONE when not well-formed);
// `scratch` holds generated lexical forms for the caller's lifetime.
static MgdStatus
object_to_rdf(ToRdf* const T, json_t* const item, const MgdTerm* const g,
              MgdBuf* const scratch, MgdTerm* const out)
{
  JldProc* const P = T->P;
  *out             = mgd_term_none();
  if (!json_is_object(item)) {
    if (P->bare_values && !json_is_array(item) && !json_is_null(item)) {
      return value_to_rdf(T, item, NULL, NULL, NULL, g, scratch, out);
    }
    return MGD_SUCCESS;
  }
  // Value and list objects have at most five entries (expansion checks
  // them): one pass over a small object finds them all, instead of a hash
  // lookup per keyword for every value.
  json_t* value      = NULL;
  json_t* list       = NULL;
  json_t* type_entry = NULL;
  json_t* lang_entry = NULL;
  json_t* dir_entry  = NULL;
  if (json_object_size(item) <= 5U) {
    const char* k;
    json_t*     v;
    json_object_foreach (item, k, v) {
      if (k[0] != '@') {
        continue;
      }
      if (!strcmp(k, "@value")) {
        value = v;
      } else if (!strcmp(k, "@type")) {
        type_entry = v;
      } else if (!strcmp(k, "@language")) {
        lang_entry = v;
      } else if (!strcmp(k, "@direction")) {
        dir_entry = v;
      } else if (!strcmp(k, "@list")) {
        list = v;
      }
    }
  }
  if (!value) {
    if (list) {
      return list_to_rdf(T, list, g, out);
    }
    return emit_node(T, item, g, out);
  }
  return value_to_rdf(T, value, type_entry, lang_entry, dir_entry, g, scratch,
                      out);
}

// The literal (§8.2 steps 4-17) of a value object's entries.
static MgdStatus
value_to_rdf(ToRdf* const T, json_t* const value, json_t* const type_entry,
             json_t* const lang_entry, json_t* const dir_entry,
             const MgdTerm* const g, MgdBuf* const scratch, MgdTerm* const out)
{
  JldProc* const P = T->P;
  // A type map can put an array of types on a value (JSON-LD 1.1 expansion
  // 13.8.3.7.4 does not check); compaction turns a one-element array into a
  // string, so read it as that string, and drop a value with several types,
  // so that expand(compact(x)) gives the same RDF as expand(x).
  if (json_is_array(type_entry) && json_array_size(type_entry) != 1U) {
    return MGD_SUCCESS;
  }
  const char* datatype = json_string_value(
    json_is_array(type_entry) ? json_array_get(type_entry, 0U) : type_entry);
  const char* lang     = json_string_value(lang_entry);
  if (datatype && strcmp(datatype, "@json") && !iri_ok(datatype)) {
    return MGD_SUCCESS;
  }
  if (lang && !mgd_lang_is_valid(mgd_str(lang))) {
    return MGD_SUCCESS;
  }
  mgd_buf_reset(scratch);
  MgdStr lexical;
  if (datatype && !strcmp(datatype, "@json")) {
    if (jld_jcs(value, scratch)) {
      return jld_error(P, "out of memory", "JSON literal");
    }
    lexical  = mgd_buf_str(scratch);
    datatype = RDF_JSON;
  } else if (json_is_boolean(value)) {
    lexical = mgd_str(json_is_true(value) ? "true" : "false");
    if (!datatype) {
      datatype = MGD_XSD_BOOLEAN;
    }
  } else if (json_is_number(value)) {
    const double d = json_number_value(value);
    char         text[64];
    if ((json_is_real(value) && (d != floor(d) || fabs(d) >= 1e21)) ||
        (datatype && !strcmp(datatype, MGD_XSD_DOUBLE)) || !isfinite(d)) {
      jld_double_lexical(d, text, sizeof(text));
      if (!datatype) {
        datatype = MGD_XSD_DOUBLE;
      }
    } else {
      if (json_is_integer(value)) {
        integer_text(json_integer_value(value), text);
      } else {
        snprintf(text, sizeof(text), "%.0f", d == 0.0 ? 0.0 : d);
      }
      if (!datatype) {
        datatype = MGD_XSD_INTEGER;
      }
    }
    mgd_buf_appendc(scratch, text);
    lexical = mgd_buf_str(scratch);
  } else if (json_is_string(value)) {
    lexical = mgd_str_n(json_string_value(value), json_string_length(value));
  } else {
    return MGD_SUCCESS;
  }
  const char* const dir = json_string_value(dir_entry);
  const MgdJsonldDirection mode = P->opts->rdf_direction;
  if (dir && mode == MGD_JSONLD_DIR_I18N) {
    const size_t at = scratch->len + 1U;
    mgd_buf_putc(scratch, '\0');
    mgd_buf_printf(scratch, "%s", I18N_NS);
    for (const char* c = lang ? lang : ""; *c; ++c) {
      mgd_buf_putc(scratch, (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c));
    }
    mgd_buf_printf(scratch, "_%s", dir);
    // the buffer may have moved: re-point the lexical form if it lives there
    if (!json_is_string(value)) {
      lexical.ptr = scratch->data;
    }
    *out = mgd_term_literal(lexical, mgd_str(scratch->data + at), mgd_str(""));
    return MGD_SUCCESS;
  }
  if (dir && mode == MGD_JSONLD_DIR_COMPOUND) {
    const char* const b = jld_bnode(P, NULL);
    if (!b) {
      return P->status;
    }
    const MgdTerm node  = mgd_term_blank(mgd_str(b + 2));
    const MgdTerm pv    = mgd_term_iri(mgd_str(RDF_VALUE));
    const MgdTerm pl    = mgd_term_iri(mgd_str(RDF_LANGUAGE));
    const MgdTerm pd    = mgd_term_iri(mgd_str(RDF_DIRECTION));
    const MgdTerm ov    = mgd_term_literal(lexical, mgd_str(""), mgd_str(""));
    MgdStatus     st    = emit(T, &node, &pv, &ov, g);
    if (!st && lang) {
      // §8.2 step 13.1: the language is normalised to lower case
      char* const low = (char*)jld_strdup(P, lang);
      for (char* c = low; c && *c; ++c) {
        *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
      }
      const MgdTerm ol = mgd_term_literal(mgd_str(low), mgd_str(""),
                                          mgd_str(""));
      st = low ? emit(T, &node, &pl, &ol, g) : P->status;
    }
    if (!st) {
      const MgdTerm od = mgd_term_literal(mgd_str(dir), mgd_str(""),
                                          mgd_str(""));
      st = emit(T, &node, &pd, &od, g);
    }
    *out = node;
    return st;
  }
  if (lang) {
    *out = mgd_term_literal(lexical, mgd_str(""), mgd_str(lang));
  } else {
    *out = mgd_term_literal(
      lexical,
      mgd_str(datatype && strcmp(datatype, MGD_XSD_STRING) ? datatype : ""),
      mgd_str(""));
  }
  return MGD_SUCCESS;
}

// List Conversion (§8.3): emits the rdf:first/rdf:rest triples.
static MgdStatus
list_to_rdf(ToRdf* const T, json_t* const list, const MgdTerm* const g,
            MgdTerm* const head)
{
  const size_t n = json_array_size(list);
  if (n == 0U) {
    *head = mgd_term_iri(mgd_str(RDF_NIL));
    return MGD_SUCCESS;
  }
  const MgdTerm first = mgd_term_iri(mgd_str(RDF_FIRST));
  const MgdTerm rest  = mgd_term_iri(mgd_str(RDF_REST));
  const MgdTerm nil   = mgd_term_iri(mgd_str(RDF_NIL));
  const char*   cur   = jld_bnode(T->P, NULL);
  if (!cur) {
    return T->P->status;
  }
  *head        = mgd_term_blank(mgd_str(cur + 2));
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; i < n && !st; ++i) {
    const MgdTerm subj = mgd_term_blank(mgd_str(cur + 2));
    MgdTerm       obj;
    st = object_to_rdf(T, json_array_get(list, i), g, &T->scratch, &obj);
    if (!st && obj.kind != MGD_TERM_NONE) {
      st = emit(T, &subj, &first, &obj, g);
    }
    const char* const next = i + 1U < n ? jld_bnode(T->P, NULL) : NULL;
    if (!st && i + 1U < n && !next) {
      st = T->P->status;
    }
    if (!st) {
      const MgdTerm r = next ? mgd_term_blank(mgd_str(next + 2)) : nil;
      st              = emit(T, &subj, &rest, &r, g);
    }
    cur = next;
  }
  return st;
}

// The node map is not needed for toRdf: every node object's triples are
// emitted where it occurs (blank nodes keep one label through the issuer),
// and repeats are harmless because the sink receives a set of quads. This
// keeps memory at the size of the expanded element being written.
static const char*
relabel(JldProc* const P, const char* const s)
{
  return jld_is_bnode(s) ? jld_bnode(P, s) : s;
}

static bool
predicate_ok(JldProc* const P, const char* const p)
{
  if (!p || jld_is_keyword(p)) {
    return false;
  }
  if (jld_is_bnode(p)) {
    return P->opts->produce_generalized && p[2] != '\0';
  }
  return iri_ok(p);
}

static MgdStatus
emit_node(ToRdf* const T, json_t* const node, const MgdTerm* const g,
          MgdTerm* const subject)
{
  JldProc* const P = T->P;
  *subject         = mgd_term_none();
  if (++P->depth > P->limits.max_nesting + 8U) {
    --P->depth;
    return jld_limit(P, "JSON nested deeper than %zu (max_nesting)",
                     P->limits.max_nesting);
  }
  json_t* const idv = json_object_get(node, "@id");
  const char*   id  = NULL;
  if (idv) {
    // an @id that expanded to null names no resource
    id = json_is_string(idv) ? relabel(P, json_string_value(idv)) : "";
  } else {
    id = jld_bnode(P, NULL);
  }
  if (!id) {
    --P->depth;
    return P->status;
  }
  const char* const fixed = resource_ok(id) ? id : resource_repair(P, id);
  const bool        ok    = fixed != NULL;
  if (ok) {
    *subject = resource_term(fixed);
  } else if (P->recover && json_object_size(node) > 1U) {
    jld_warn(P, "node <%s> has no absolute IRI; its triples are dropped", id);
  }
  const MgdTerm s       = *subject;
  const MgdTerm rdftype = mgd_term_iri(mgd_str(MGD_RDF_TYPE));
  MgdBuf* const scratch = &T->scratch;
  const char*   key;
  json_t*       value;
  json_object_foreach (node, key, value) {
    if (P->status) {
      break;
    }
    // properties, the common case, skip the keyword tests
    const bool is_kw = key[0] == '@' && jld_is_keyword(key);
    if (!is_kw) {
      // below
    } else if (!strcmp(key, "@type")) {
      size_t  i;
      json_t* t;
      json_array_foreach (value, i, t) {
        const char* const ts =
          json_is_string(t) ? relabel(P, json_string_value(t)) : NULL;
        if (ok && resource_ok(ts)) {
          const MgdTerm o = resource_term(ts);
          emit(T, &s, &rdftype, &o, g);
        }
      }
    } else if (!strcmp(key, "@reverse")) {
      const char* rp;
      json_t*     values;
      json_object_foreach (value, rp, values) {
        const char* const p    = relabel(P, rp);
        const bool        p_ok = predicate_ok(P, p);
        size_t            i;
        json_t*           item;
        json_array_foreach (values, i, item) {
          MgdTerm o;
          if (emit_node(T, item, g, &o)) {
            break;
          }
          if (ok && p_ok && o.kind != MGD_TERM_NONE) {
            const MgdTerm pt = resource_term(p);
            emit(T, &o, &pt, &s, g);
          }
        }
      }
    } else if (!strcmp(key, "@graph")) {
      if (!ok) {
        continue; // a graph without a well-formed name is skipped
      }
      size_t  i;
      json_t* item;
      json_array_foreach (value, i, item) {
        MgdTerm o;
        if (json_is_object(item) && !json_object_get(item, "@value") &&
            !json_object_get(item, "@list") && emit_node(T, item, &s, &o)) {
          break;
        }
      }
    } else if (!strcmp(key, "@included")) {
      size_t  i;
      json_t* item;
      json_array_foreach (value, i, item) {
        MgdTerm o;
        if (emit_node(T, item, g, &o)) {
          break;
        }
      }
    }
    if (!is_kw) {
      const char* const p    = relabel(P, key);
      const bool        p_ok = predicate_ok(P, p);
      const MgdTerm     pt   = p_ok ? resource_term(p) : mgd_term_none();
      size_t            i;
      json_t*           item;
      json_array_foreach (value, i, item) {
        MgdTerm o;
        if (object_to_rdf(T, item, g, scratch, &o)) {
          break;
        }
        if (ok && p_ok && o.kind != MGD_TERM_NONE) {
          emit(T, &s, &pt, &o, g);
        }
      }
    }
  }
  --P->depth;
  return P->status;
}

MgdStatus
jld_to_rdf(JldProc* const P, json_t* const expanded, const MgdSink* const sink)
{
  ToRdf         T = {P, sink, 0U, {0}};
  const MgdTerm g = mgd_term_none();
  json_t* const items =
    json_is_array(expanded) ? json_incref(expanded) : json_pack("[O]", expanded);
  size_t  i;
  json_t* item;
  json_array_foreach (items, i, item) {
    MgdTerm s;
    if (json_is_object(item) && !json_object_get(item, "@value") &&
        !json_object_get(item, "@list") && emit_node(&T, item, &g, &s)) {
      break;
    }
  }
  json_decref(items);
  mgd_buf_clear(&T.scratch);
  return P->status;
}

/* ---- fromRdf (§8.4-8.5) ---- */

typedef struct {
  json_t*     node;     ///< Referencing node (reference held)
  const char* property; ///< Predicate (arena)
  json_t*     value;    ///< The value object in node[property] (held)
  const char* graph;    ///< Graph name (arena)
} Usage;

typedef struct {
  Usage* items;
  size_t n;
  size_t cap;
} UsageVec;

static MgdStatus
usage_push(UsageVec* const v, const Usage u)
{
  if (v->n == v->cap) {
    const size_t cap   = v->cap ? v->cap * 2U : 64U;
    Usage* const items = (Usage*)mgd_realloc(v->items, cap * sizeof(Usage));
    if (!items) {
      return MGD_BAD_ALLOC;
    }
    v->items = items;
    v->cap   = cap;
  }
  v->items[v->n++] = u;
  json_incref(u.node);
  json_incref(u.value);
  return MGD_SUCCESS;
}

static const char*
term_key(JldProc* const P, const MgdTerm* const t)
{
  if (t->kind == MGD_TERM_BLANK) {
    char* const s = (char*)mgd_arena_alloc(&P->arena, t->value.len + 3U);
    if (s) {
      memcpy(s, "_:", 2U);
      memcpy(s + 2, t->value.ptr, t->value.len);
      s[t->value.len + 2U] = '\0';
    }
    return s;
  }
  return mgd_arena_strndup(&P->arena, t->value.ptr, t->value.len);
}

static bool
lexical_integer(const MgdStr s)
{
  size_t i = 0U;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    ++i;
  }
  if (i == s.len) {
    return false;
  }
  for (; i < s.len; ++i) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9') {
      return false;
    }
  }
  return true;
}

static bool
lexical_double(const MgdStr s)
{
  size_t i = 0U;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    ++i;
  }
  size_t digits = 0U;
  while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
    ++i;
    ++digits;
  }
  if (i < s.len && s.ptr[i] == '.') {
    ++i;
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
      ++i;
      ++digits;
    }
  }
  if (!digits) {
    return false;
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    ++i;
    if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
      ++i;
    }
    size_t e = 0U;
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9') {
      ++i;
      ++e;
    }
    if (!e) {
      return false;
    }
  }
  return i == s.len;
}

// RDF to Object (§8.5). New reference, or NULL on error.
static json_t*
rdf_to_object(JldProc* const P, const MgdTerm* const o)
{
  if (o->kind != MGD_TERM_LITERAL) {
    const char* const k = term_key(P, o);
    return k ? json_pack("{s:s}", "@id", k) : NULL;
  }
  const MgdStr dt     = mgd_term_datatype(o);
  json_t*      result = json_object();
  json_t*      conv   = NULL;
  const char*  type   = NULL;
  char         dtbuf[1024];
  snprintf(dtbuf, sizeof(dtbuf), "%.*s", (int)dt.len, dt.ptr);
  const MgdStr lex = o->value;
  if (o->lang.len > 0U) {
    char lang[128];
    snprintf(lang, sizeof(lang), "%.*s", (int)o->lang.len, o->lang.ptr);
    json_object_set_new(result, "@language", json_string(lang));
  } else if (P->opts->use_native_types &&
             (mgd_str_eqc(dt, MGD_XSD_STRING) ||
              mgd_str_eqc(dt, MGD_XSD_BOOLEAN) ||
              mgd_str_eqc(dt, MGD_XSD_INTEGER) ||
              mgd_str_eqc(dt, MGD_XSD_DOUBLE))) {
    if (mgd_str_eqc(dt, MGD_XSD_BOOLEAN)) {
      if (mgd_str_eqc(lex, "true") || mgd_str_eqc(lex, "1")) {
        conv = json_true();
      } else if (mgd_str_eqc(lex, "false") || mgd_str_eqc(lex, "0")) {
        conv = json_false();
      } else {
        type = MGD_XSD_BOOLEAN;
      }
    } else if (mgd_str_eqc(dt, MGD_XSD_INTEGER) && lexical_integer(lex)) {
      char buf[64];
      if (lex.len < 19U) {
        snprintf(buf, sizeof(buf), "%.*s", (int)lex.len, lex.ptr);
        conv = json_integer(strtoll(buf, NULL, 10));
      } else {
        char* const tmp = mgd_strndup(lex.ptr, lex.len);
        conv            = tmp ? json_real(strtod(tmp, NULL)) : NULL;
        mgd_free(tmp);
      }
    } else if (mgd_str_eqc(dt, MGD_XSD_DOUBLE) && lexical_double(lex)) {
      char* const  tmp = mgd_strndup(lex.ptr, lex.len);
      const double d   = tmp ? strtod(tmp, NULL) : NAN;
      mgd_free(tmp);
      if (isfinite(d)) {
        conv = json_real(d);
      } else {
        type = dtbuf; // JSON has no infinities
      }
    } else if (mgd_str_eqc(dt, MGD_XSD_INTEGER)) {
      type = dtbuf;
    } else if (!mgd_str_eqc(dt, MGD_XSD_STRING)) {
      type = dtbuf;
    }
  } else if (!P->mode10 && mgd_str_eqc(dt, RDF_JSON)) {
    json_error_t err;
    conv = json_loadb(lex.ptr, lex.len, JSON_DECODE_ANY, &err);
    if (!conv) {
      json_decref(result);
      jld_error(P, "invalid JSON literal", "%s", err.text);
      return NULL;
    }
    type = "@json";
  } else if (mgd_str_has_prefix(dt, I18N_NS) &&
             P->opts->rdf_direction == MGD_JSONLD_DIR_I18N) {
    const char* const rest = dtbuf + strlen(I18N_NS);
    const char* const us   = strrchr(rest, '_');
    if (us) {
      if (us > rest) {
        char lang[128];
        snprintf(lang, sizeof(lang), "%.*s", (int)(us - rest), rest);
        json_object_set_new(result, "@language", json_string(lang));
      }
      json_object_set_new(result, "@direction", json_string(us + 1));
    } else {
      json_object_set_new(result, "@direction", json_string(rest));
    }
  } else if (!mgd_str_eqc(dt, MGD_XSD_STRING)) {
    type = dtbuf;
  }
  if (!conv) {
    conv = json_stringn(lex.ptr, lex.len);
  }
  json_object_set_new(result, "@value", conv);
  if (type) {
    json_object_set_new(result, "@type", json_string(type));
  }
  return result;
}

static bool
is_list_node(json_t* const node)
{
  const json_t* const first = json_object_get(node, "@id") ? node : NULL;
  if (!first) {
    return false;
  }
  json_t* const f = json_object_get(node, RDF_FIRST);
  json_t* const r = json_object_get(node, RDF_REST);
  if (!json_is_array(f) || json_array_size(f) != 1U || !json_is_array(r) ||
      json_array_size(r) != 1U) {
    return false;
  }
  json_t* const t = json_object_get(node, "@type");
  size_t        n = 3U;
  if (t) {
    if (!json_is_array(t) || json_array_size(t) != 1U ||
        strcmp(json_string_value(json_array_get(t, 0U)) ?: "", RDF_LIST)) {
      return false;
    }
    ++n;
  }
  return json_object_size(node) == n;
}

static int
cmp_node_id(const void* const a, const void* const b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// Append the nodes of `graph` (sorted by @id) that have more than an @id.
static void
append_nodes(json_t* const out, json_t* const graph)
{
  const size_t       n   = json_object_size(graph);
  const char** const ids = (const char**)mgd_malloc((n ? n : 1U) * sizeof(char*));
  if (!ids) {
    return;
  }
  size_t      i = 0U;
  const char* k;
  json_t*     v;
  json_object_foreach (graph, k, v) {
    ids[i++] = k;
  }
  qsort(ids, n, sizeof(char*), cmp_node_id);
  for (i = 0U; i < n; ++i) {
    json_t* const node = json_object_get(graph, ids[i]);
    if (json_object_size(node) > 1U) {
      json_array_append(out, node);
    }
  }
  mgd_free((void*)ids);
}

MgdStatus
jld_from_rdf(JldProc* const P, const MgdQuad* const quads, const size_t n,
             json_t** const out)
{
  *out                       = NULL;
  json_t* const graph_map    = json_object();
  json_t* const default_g    = json_object();
  json_t* const compound     = json_object(); // graph → {subject: true}
  UsageVec      once         = {0};           // referenced-once usages
  UsageVec      nil_usages   = {0};
  MgdHashMap    once_index;                   // object → index+1, 0: many
  MgdHashMap    seen;                         // quad dedupe
  MgdBuf        line         = {0};
  mgd_hashmap_init(&once_index);
  mgd_hashmap_init(&seen);
  json_object_set(graph_map, "@default", default_g);
  for (size_t i = 0U; i < n && !P->status; ++i) {
    const MgdQuad* const q = &quads[i];
    mgd_buf_reset(&line);
    mgd_quad_write_nq(&line, q);
    bool inserted = false;
    mgd_hashmap_put(&seen, line.data, line.len, 0U, NULL, &inserted);
    if (!inserted) {
      continue;
    }
    const char* const name =
      q->g.kind == MGD_TERM_NONE ? "@default" : term_key(P, &q->g);
    json_t* nodes = json_object_get(graph_map, name);
    if (!nodes) {
      nodes = json_object();
      json_object_set_new(graph_map, name, nodes);
    }
    if (strcmp(name, "@default") && !json_object_get(default_g, name)) {
      json_object_set_new(default_g, name, json_pack("{s:s}", "@id", name));
    }
    const char* const subj = term_key(P, &q->s);
    const char* const pred = term_key(P, &q->p);
    if (!subj || !pred) {
      jld_error(P, "out of memory", "fromRdf");
      break;
    }
    json_t* node = json_object_get(nodes, subj);
    if (!node) {
      node = json_pack("{s:s}", "@id", subj);
      json_object_set_new(nodes, subj, node);
    }
    if (P->opts->rdf_direction == MGD_JSONLD_DIR_COMPOUND &&
        !strcmp(pred, RDF_DIRECTION)) {
      json_t* cm = json_object_get(compound, name);
      if (!cm) {
        cm = json_object();
        json_object_set_new(compound, name, cm);
      }
      json_object_set_new(cm, subj, json_true());
    }
    const bool obj_is_node = q->o.kind != MGD_TERM_LITERAL;
    const char* const okey = obj_is_node ? term_key(P, &q->o) : NULL;
    if (obj_is_node && !json_object_get(nodes, okey)) {
      json_object_set_new(nodes, okey, json_pack("{s:s}", "@id", okey));
    }
    if (!strcmp(pred, MGD_RDF_TYPE) && !P->opts->use_rdf_type &&
        obj_is_node) {
      json_t* types = json_object_get(node, "@type");
      if (!types) {
        types = json_array();
        json_object_set_new(node, "@type", types);
      }
      bool    dup = false;
      size_t  j;
      json_t* t;
      json_array_foreach (types, j, t) {
        dup = dup || !strcmp(json_string_value(t), okey);
      }
      if (!dup) {
        json_array_append_new(types, json_string(okey));
      }
      continue;
    }
    json_t* const value = rdf_to_object(P, &q->o);
    if (!value) {
      break;
    }
    json_t* arr = json_object_get(node, pred);
    if (!arr) {
      arr = json_array();
      json_object_set_new(node, pred, arr);
    }
    // The quads are a set, so only literal forms that differ in the
    // quad but coincide as values could repeat; check the array then.
    json_array_append_new(arr, value);
    const Usage u = {node, pred, value, name};
    if (obj_is_node && !strcmp(okey, RDF_NIL)) {
      if (usage_push(&nil_usages, u)) {
        jld_error(P, "out of memory", "fromRdf");
      }
    } else if (obj_is_node) {
      uint64_t idx = 0U;
      if (mgd_hashmap_get(&once_index, okey, strlen(okey), &idx) ==
          MGD_SUCCESS) {
        if (idx) {
          // referenced more than once
          once.items[idx - 1U].property = NULL;
        }
      } else if (jld_is_bnode(okey)) {
        if (usage_push(&once, u)) {
          jld_error(P, "out of memory", "fromRdf");
        }
        mgd_hashmap_put(&once_index, okey, strlen(okey), once.n, NULL, NULL);
      }
    }
  }
  // compound literals (§8.4 step 6.1)
  const char* gname;
  json_t*     cm;
  json_object_foreach (compound, gname, cm) {
    json_t* const nodes = json_object_get(graph_map, gname);
    const char*   cl;
    json_t*       x;
    json_object_foreach (cm, cl, x) {
      uint64_t idx = 0U;
      if (P->status ||
          mgd_hashmap_get(&once_index, cl, strlen(cl), &idx) != MGD_SUCCESS ||
          !idx || !once.items[idx - 1U].property) {
        continue;
      }
      const Usage* const u       = &once.items[idx - 1U];
      json_t* const      cl_node = json_incref(json_object_get(nodes, cl));
      json_object_del(nodes, cl);
      json_t* const refs = json_object_get(u->node, u->property);
      size_t        j;
      json_t*       ref;
      json_array_foreach (refs, j, ref) {
        const char* const rid = json_string_value(json_object_get(ref, "@id"));
        if (!rid || strcmp(rid, cl)) {
          continue;
        }
        json_object_del(ref, "@id");
        json_t* const v = json_object_get(
          json_array_get(json_object_get(cl_node, RDF_VALUE), 0U), "@value");
        json_object_set(ref, "@value", v ? v : json_string(""));
        json_t* const l = json_object_get(
          json_array_get(json_object_get(cl_node, RDF_LANGUAGE), 0U),
          "@value");
        if (l) {
          if (!json_is_string(l) ||
              !mgd_lang_is_valid(mgd_str(json_string_value(l)))) {
            jld_error(P, "invalid language-tagged string", "compound");
            break;
          }
          json_object_set(ref, "@language", l);
        }
        json_t* const d = json_object_get(
          json_array_get(json_object_get(cl_node, RDF_DIRECTION), 0U),
          "@value");
        if (d) {
          const char* const ds = json_string_value(d);
          if (!ds || (strcmp(ds, "ltr") && strcmp(ds, "rtl"))) {
            jld_error(P, "invalid base direction", "compound");
            break;
          }
          json_object_set(ref, "@direction", d);
        }
      }
      json_decref(cl_node);
    }
  }
  // lists (§8.4 step 6.2-6.4)
  for (size_t i = 0U; i < nil_usages.n && !P->status; ++i) {
    const Usage* const u0    = &nil_usages.items[i];
    json_t* const      nodes = json_object_get(graph_map, u0->graph);
    json_t*            node  = u0->node;
    const char*        prop  = u0->property;
    json_t*            head  = u0->value;
    json_t* const      list  = json_array();
    json_t* const      ids   = json_array();
    for (;;) {
      const char* const id = json_string_value(json_object_get(node, "@id"));
      if (strcmp(prop, RDF_REST) || !jld_is_bnode(id)) {
        break;
      }
      uint64_t idx = 0U;
      if (mgd_hashmap_get(&once_index, id, strlen(id), &idx) != MGD_SUCCESS ||
          !idx || !once.items[idx - 1U].property || !is_list_node(node)) {
        break;
      }
      json_array_append(list,
                        json_array_get(json_object_get(node, RDF_FIRST), 0U));
      json_array_append_new(ids, json_string(id));
      const Usage* const nu = &once.items[idx - 1U];
      node                  = nu->node;
      prop                  = nu->property;
      head                  = nu->value;
      const char* const nid = json_string_value(json_object_get(node, "@id"));
      if (!jld_is_bnode(nid)) {
        break;
      }
    }
    json_object_del(head, "@id");
    json_t* const rev = json_array();
    for (size_t k = json_array_size(list); k > 0U; --k) {
      json_array_append(rev, json_array_get(list, k - 1U));
    }
    json_object_set_new(head, "@list", rev);
    size_t  k;
    json_t* id;
    json_array_foreach (ids, k, id) {
      json_object_del(nodes, json_string_value(id));
    }
    json_decref(list);
    json_decref(ids);
  }
  json_t* const result = json_array();
  const size_t  nd     = json_object_size(default_g);
  const char**  sids   = (const char**)mgd_malloc((nd ? nd : 1U) * sizeof(char*));
  if (sids && !P->status) {
    size_t      k = 0U;
    const char* s;
    json_t*     node;
    json_object_foreach (default_g, s, node) {
      sids[k++] = s;
    }
    qsort(sids, nd, sizeof(char*), cmp_node_id);
    for (k = 0U; k < nd; ++k) {
      json_t* const node2 = json_object_get(default_g, sids[k]);
      json_t* const sub   = strcmp(sids[k], "@default")
                              ? json_object_get(graph_map, sids[k])
                              : NULL;
      if (sub) {
        json_t* const g = json_array();
        append_nodes(g, sub);
        json_object_set_new(node2, "@graph", g);
      }
      if (json_object_size(node2) > 1U) {
        json_array_append(result, node2);
      }
    }
  } else if (!sids) {
    jld_error(P, "out of memory", "fromRdf");
  }
  mgd_free((void*)sids);
  for (size_t i = 0U; i < once.n; ++i) {
    json_decref(once.items[i].node);
    json_decref(once.items[i].value);
  }
  for (size_t i = 0U; i < nil_usages.n; ++i) {
    json_decref(nil_usages.items[i].node);
    json_decref(nil_usages.items[i].value);
  }
  mgd_free(once.items);
  mgd_free(nil_usages.items);
  mgd_hashmap_clear(&once_index);
  mgd_hashmap_clear(&seen);
  mgd_buf_clear(&line);
  json_decref(compound);
  json_decref(default_g);
  json_decref(graph_map);
  if (P->status) {
    json_decref(result);
    return P->status;
  }
  *out = result;
  return MGD_SUCCESS;
}
