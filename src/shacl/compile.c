// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The shapes compiler. It reads the shapes graph once through MgdSource and
// keeps nothing of it but copied terms, so compiled shapes outlive the
// source and can validate any number of data sources.
//
// Shapes are compiled on demand from the nodes that are shapes by
// themselves (typed, targeted, or with sh:path) and recursively from the
// shape-valued parameters (sh:node, sh:property, sh:not, sh:and, sh:or,
// sh:xone, sh:qualifiedValueShape). A shape gets its table index before its
// parameters are read, so a shape graph that refers to itself compiles to a
// cyclic table instead of recursing; the validator detects such cycles per
// focus node.

#define PCRE2_CODE_UNIT_WIDTH 8

#include "shacl/shacl_impl.h"

#include "base/alloc.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#define SH MGD_NS_SH

// Vocabulary read from the shapes graph.
typedef enum {
  V_TYPE, V_FIRST, V_REST, V_NIL, V_CLASS_RDFS, V_NODESHAPE,
  V_PROPERTYSHAPE, V_TARGETNODE, V_TARGETCLASS, V_TARGETSUBJ, V_TARGETOBJ,
  V_PATH, V_INVERSE, V_ALTERNATIVE, V_ZOM, V_OOM, V_ZOO, V_SEVERITY,
  V_MESSAGE, V_DEACTIVATED, V_CLASS, V_DATATYPE, V_NODEKIND, V_MINCOUNT,
  V_MAXCOUNT, V_MINEXCL, V_MININCL, V_MAXEXCL, V_MAXINCL, V_MINLEN, V_MAXLEN,
  V_PATTERN, V_FLAGS, V_LANGIN, V_UNIQUELANG, V_EQUALS, V_DISJOINT, V_LT,
  V_LTE, V_NOT, V_AND, V_OR, V_XONE, V_NODE, V_PROPERTY, V_QVS, V_QMIN,
  V_QMAX, V_QDISJOINT, V_CLOSED, V_IGNORED, V_HASVALUE, V_IN,
  V_COUNT_
} Vocab;

static const char* const vocab_iris[V_COUNT_] = {
  MGD_RDF_TYPE, MGD_NS_RDF "first", MGD_NS_RDF "rest", MGD_NS_RDF "nil",
  MGD_NS_RDFS "Class", SH "NodeShape", SH "PropertyShape", SH "targetNode",
  SH "targetClass", SH "targetSubjectsOf", SH "targetObjectsOf", SH "path",
  SH "inversePath", SH "alternativePath", SH "zeroOrMorePath",
  SH "oneOrMorePath", SH "zeroOrOnePath", SH "severity", SH "message",
  SH "deactivated", SH "class", SH "datatype", SH "nodeKind", SH "minCount",
  SH "maxCount", SH "minExclusive", SH "minInclusive", SH "maxExclusive",
  SH "maxInclusive", SH "minLength", SH "maxLength", SH "pattern",
  SH "flags", SH "languageIn", SH "uniqueLang", SH "equals", SH "disjoint",
  SH "lessThan", SH "lessThanOrEquals", SH "not", SH "and", SH "or",
  SH "xone", SH "node", SH "property", SH "qualifiedValueShape",
  SH "qualifiedMinCount", SH "qualifiedMaxCount",
  SH "qualifiedValueShapesDisjoint", SH "closed", SH "ignoredProperties",
  SH "hasValue", SH "in",
};

static const char* const component_iris[SH_C_COUNT_] = {
  SH "ClassConstraintComponent",
  SH "DatatypeConstraintComponent",
  SH "NodeKindConstraintComponent",
  SH "MinCountConstraintComponent",
  SH "MaxCountConstraintComponent",
  SH "MinExclusiveConstraintComponent",
  SH "MinInclusiveConstraintComponent",
  SH "MaxExclusiveConstraintComponent",
  SH "MaxInclusiveConstraintComponent",
  SH "MinLengthConstraintComponent",
  SH "MaxLengthConstraintComponent",
  SH "PatternConstraintComponent",
  SH "LanguageInConstraintComponent",
  SH "UniqueLangConstraintComponent",
  SH "EqualsConstraintComponent",
  SH "DisjointConstraintComponent",
  SH "LessThanConstraintComponent",
  SH "LessThanOrEqualsConstraintComponent",
  SH "NotConstraintComponent",
  SH "AndConstraintComponent",
  SH "OrConstraintComponent",
  SH "XoneConstraintComponent",
  SH "NodeConstraintComponent",
  SH "PropertyConstraintComponent",
  SH "QualifiedMinCountConstraintComponent",
  SH "QualifiedMaxCountConstraintComponent",
  SH "ClosedConstraintComponent",
  SH "HasValueConstraintComponent",
  SH "InConstraintComponent",
};

const char*
mgd_shacl_component_iri(const ShComp comp)
{
  return comp < SH_C_COUNT_ ? component_iris[comp] : "";
}

// A growable array of fixed-size elements (compile-time scratch).
typedef struct {
  void*  data;
  size_t n;
  size_t cap;
  size_t size;
} Vec;

static void
vec_init(Vec* const v, const size_t size)
{
  v->data = NULL;
  v->n = 0U;
  v->cap = 0U;
  v->size = size;
}

static void
vec_clear(Vec* const v)
{
  mgd_free(v->data);
  v->data = NULL;
  v->n = v->cap = 0U;
}

static MgdStatus
vec_push(Vec* const v, const void* const elem)
{
  if (v->n == v->cap) {
    const size_t cap = v->cap ? v->cap * 2U : 8U;
    void* const  data = mgd_realloc(v->data, cap * v->size);
    if (!data) {
      return MGD_BAD_ALLOC;
    }
    v->data = data;
    v->cap = cap;
  }
  memcpy((char*)v->data + v->n * v->size, elem, v->size);
  ++v->n;
  return MGD_SUCCESS;
}

#define VEC_AT(v, type, i) (((type*)(v)->data)[i])

// Copy a vector's elements into the shapes arena.
static MgdStatus
vec_to_arena(MgdArena* const arena, const Vec* const v, void** const out,
             size_t* const n)
{
  *out = NULL;
  *n = v->n;
  if (!v->n) {
    return MGD_SUCCESS;
  }
  *out = mgd_arena_alloc(arena, v->n * v->size);
  if (!*out) {
    return MGD_BAD_ALLOC;
  }
  memcpy(*out, v->data, v->n * v->size);
  return MGD_SUCCESS;
}

typedef struct {
  MgdShapes*         out;
  const MgdSource*   src;
  const MgdDiagSink* diag;
  const char*        source_name;
  size_t             max_depth;
  MgdId              v[V_COUNT_];
  MgdHashMap         shape_ix; // shapes-graph id → shape index
  MgdArena           tmp;      // decoded terms
  MgdBuf             nt;       // scratch
  ShTerm             violation, warning, info;
} Comp;

// Report a malformed shape, naming it in N-Triples form.
static MgdStatus
comp_error(Comp* const c, const MgdStatus st, const MgdId shape,
           const char* const fmt, ...) __attribute__((format(printf, 4, 5)));

static MgdStatus
comp_error(Comp* const c, const MgdStatus st, const MgdId shape,
           const char* const fmt, ...)
{
  char    what[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(what, sizeof(what), fmt, args);
  va_end(args);
  MgdTerm term;
  mgd_buf_reset(&c->nt);
  if (shape == MGD_ID_NONE ||
      mgd_source_term(c->src, shape, &c->tmp, &term) != MGD_SUCCESS ||
      mgd_term_write_nt(&c->nt, &term) != MGD_SUCCESS) {
    mgd_buf_reset(&c->nt);
    (void)mgd_buf_appendc(&c->nt, "?");
  }
  return mgd_diag(c->diag, st, MGD_LEVEL_ERROR, c->source_name, 0U, 0U, NULL,
                  "shape %.300s: %s", c->nt.data ? c->nt.data : "?", what);
}

// Collect distinct ids at `pos` (0 subject, 2 object) of quads matching.
static MgdStatus
collect(Comp* const c, const MgdId s, const MgdId p, const MgdId o,
        const int pos, Vec* const out)
{
  out->n = 0U;
  if (p == MGD_ID_NONE || (pos == 2 && s == MGD_ID_NONE) ||
      (pos == 0 && o == MGD_ID_NONE && s != MGD_ID_NONE)) {
    return MGD_SUCCESS;
  }
  const MgdIdQuad pat = {s, p, o, MGD_ID_NONE};
  MgdIter*        it = NULL;
  MgdStatus       st = c->src->vt->match(c->src->handle, &pat, &it);
  MgdIdQuad       q;
  while (st == MGD_SUCCESS &&
         (st = c->src->vt->next(it, &q)) == MGD_SUCCESS) {
    const MgdId id = pos == 0 ? q.s : q.o;
    bool        dup = false;
    for (size_t i = 0U; i < out->n && !dup; ++i) {
      dup = VEC_AT(out, MgdId, i) == id;
    }
    if (!dup) {
      st = vec_push(out, &id);
    }
  }
  c->src->vt->iter_free(it);
  return st > MGD_FAILURE ? st : MGD_SUCCESS;
}

static MgdStatus
objects(Comp* const c, const MgdId s, const Vocab p, Vec* const out)
{
  return collect(c, s, c->v[p], MGD_ID_NONE, 2, out);
}

static MgdStatus
term_of(Comp* const c, const MgdId id, MgdTerm* const term)
{
  return mgd_source_term(c->src, id, &c->tmp, term);
}

// Intern `term` into the shapes' term table.
static MgdStatus
intern_term(MgdShapes* const out, MgdBuf* const nt, const MgdTerm* const term,
            ShTerm* const ix)
{
  MgdStatus st = MGD_SUCCESS;
  mgd_buf_reset(nt);
  MGD_TRY(st, mgd_term_write_nt(nt, term));
  uint64_t value = 0U;
  if (mgd_hashmap_get(&out->term_ix, nt->data, nt->len, &value) ==
      MGD_SUCCESS) {
    *ix = (ShTerm)value;
    return MGD_SUCCESS;
  }
  if (out->n_terms >= UINT32_MAX - 1U) {
    return MGD_BAD_LIMIT;
  }
  if (out->n_terms == out->c_terms) {
    const size_t   cap = out->c_terms ? out->c_terms * 2U : 64U;
    MgdTerm* const terms =
      (MgdTerm*)mgd_realloc(out->terms, cap * sizeof(MgdTerm));
    if (!terms) {
      return MGD_BAD_ALLOC;
    }
    out->terms = terms;
    out->c_terms = cap;
  }
  MgdTerm copy = *term;
  copy.value = mgd_arena_str(&out->arena, term->value);
  copy.datatype = mgd_arena_str(&out->arena, term->datatype);
  copy.lang = mgd_arena_str(&out->arena, term->lang);
  if (!copy.value.ptr || !copy.datatype.ptr || !copy.lang.ptr) {
    return MGD_BAD_ALLOC;
  }
  out->terms[out->n_terms] = copy;
  MGD_TRY(st, mgd_hashmap_put(&out->term_ix, nt->data, nt->len,
                              (uint64_t)out->n_terms, NULL, NULL));
  *ix = (ShTerm)out->n_terms++;
  return MGD_SUCCESS;
}

static MgdStatus
intern_id(Comp* const c, const MgdId id, ShTerm* const ix)
{
  MgdTerm   term;
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, term_of(c, id, &term));
  return intern_term(c->out, &c->nt, &term, ix);
}

static MgdStatus
intern_iri(Comp* const c, const char* const iri, ShTerm* const ix)
{
  const MgdTerm term = mgd_term_iri(mgd_str(iri));
  return intern_term(c->out, &c->nt, &term, ix);
}

static MgdTermKind
kind_of(Comp* const c, const MgdId id)
{
  MgdTerm term;
  return term_of(c, id, &term) == MGD_SUCCESS ? term.kind : MGD_TERM_NONE;
}

// Read the RDF list starting at `head` into `out` (ids); MGD_BAD_DATA if
// it is not a well-formed list (or is cyclic).
static MgdStatus
read_list(Comp* const c, const MgdId shape, const MgdId head,
          const char* const what, Vec* const out)
{
  Vec        first;
  Vec        rest;
  MgdHashMap seen;
  MgdStatus  st = MGD_SUCCESS;
  MgdId      node = head;
  vec_init(&first, sizeof(MgdId));
  vec_init(&rest, sizeof(MgdId));
  mgd_hashmap_init(&seen);
  out->n = 0U;
  while (node != c->v[V_NIL] || c->v[V_NIL] == MGD_ID_NONE) {
    bool inserted = false;
    if ((st = mgd_hashmap_put(&seen, &node, sizeof(node), 0U, NULL,
                              &inserted)) != MGD_SUCCESS) {
      goto done;
    }
    if (!inserted) {
      st = comp_error(c, MGD_BAD_DATA, shape, "the %s list is cyclic", what);
      goto done;
    }
    if ((st = objects(c, node, V_FIRST, &first)) != MGD_SUCCESS ||
        (st = objects(c, node, V_REST, &rest)) != MGD_SUCCESS) {
      goto done;
    }
    if (kind_of(c, node) == MGD_TERM_LITERAL || first.n != 1U ||
        rest.n != 1U) {
      st = comp_error(c, MGD_BAD_DATA, shape,
                      "the value of %s is not a well-formed RDF list", what);
      goto done;
    }
    if ((st = vec_push(out, &VEC_AT(&first, MgdId, 0))) != MGD_SUCCESS) {
      goto done;
    }
    node = VEC_AT(&rest, MgdId, 0);
  }
done:
  vec_clear(&first);
  vec_clear(&rest);
  mgd_hashmap_clear(&seen);
  return st;
}

static MgdStatus
compile_path(Comp* c, MgdId shape, MgdId node, size_t depth, ShPath** out);

static MgdStatus
path_new(Comp* const c, const ShPathKind kind, const size_t n_kids,
         ShPath** const out)
{
  ShPath* const p = (ShPath*)mgd_arena_calloc(&c->out->arena, 1U,
                                               sizeof(ShPath));
  if (!p) {
    return MGD_BAD_ALLOC;
  }
  p->kind = kind;
  p->pred = SH_NO_TERM;
  p->n_kids = n_kids;
  if (n_kids) {
    p->kids = (ShPath**)mgd_arena_calloc(&c->out->arena, n_kids,
                                         sizeof(ShPath*));
    if (!p->kids) {
      return MGD_BAD_ALLOC;
    }
  }
  *out = p;
  return MGD_SUCCESS;
}

static MgdStatus
compile_path_list(Comp* const c, const MgdId shape, const MgdId head,
                  const ShPathKind kind, const size_t depth, ShPath** const out)
{
  Vec       items;
  MgdStatus st = MGD_SUCCESS;
  vec_init(&items, sizeof(MgdId));
  if ((st = read_list(c, shape, head, "path", &items)) != MGD_SUCCESS) {
    goto done;
  }
  if (items.n < 2U) {
    st = comp_error(c, MGD_BAD_DATA, shape,
                    "a %s path needs a list of at least two paths",
                    kind == SH_PATH_SEQ ? "sequence" : "alternative");
    goto done;
  }
  if ((st = path_new(c, kind, items.n, out)) != MGD_SUCCESS) {
    goto done;
  }
  for (size_t i = 0U; i < items.n && st == MGD_SUCCESS; ++i) {
    st = compile_path(c, shape, VEC_AT(&items, MgdId, i), depth + 1U,
                      &(*out)->kids[i]);
  }
done:
  vec_clear(&items);
  return st;
}

static MgdStatus
compile_path(Comp* const c, const MgdId shape, const MgdId node,
             const size_t depth, ShPath** const out)
{
  static const struct {
    Vocab      pred;
    ShPathKind kind;
  } unary[] = {
    {V_INVERSE, SH_PATH_INV},
    {V_ZOM, SH_PATH_ZOM},
    {V_OOM, SH_PATH_OOM},
    {V_ZOO, SH_PATH_ZOO},
    {V_ALTERNATIVE, SH_PATH_ALT},
  };
  if (depth > c->max_depth) {
    return comp_error(c, MGD_BAD_LIMIT, shape, "path nested too deeply");
  }
  const MgdTermKind kind = kind_of(c, node);
  MgdStatus         st = MGD_SUCCESS;
  if (kind == MGD_TERM_IRI) {
    if (node == c->v[V_NIL]) {
      return comp_error(c, MGD_BAD_DATA, shape,
                        "rdf:nil is not a property path");
    }
    MGD_TRY(st, path_new(c, SH_PATH_PRED, 0U, out));
    return intern_id(c, node, &(*out)->pred);
  }
  if (kind != MGD_TERM_BLANK) {
    return comp_error(c, MGD_BAD_DATA, shape,
                      "a property path must be an IRI or a blank node");
  }
  Vec       vals;
  Vec       tmp;
  MgdStatus found = MGD_FAILURE;
  vec_init(&vals, sizeof(MgdId));
  vec_init(&tmp, sizeof(MgdId));
  if ((st = objects(c, node, V_FIRST, &tmp)) != MGD_SUCCESS) {
    goto done;
  }
  if (tmp.n) {
    st = compile_path_list(c, shape, node, SH_PATH_SEQ, depth, out);
    goto done;
  }
  for (size_t i = 0U; i < sizeof(unary) / sizeof(unary[0]); ++i) {
    if ((st = objects(c, node, unary[i].pred, &tmp)) != MGD_SUCCESS) {
      goto done;
    }
    if (!tmp.n) {
      continue;
    }
    if (tmp.n > 1U || found == MGD_SUCCESS) {
      st = comp_error(c, MGD_BAD_DATA, shape,
                      "a path node must have exactly one path form");
      goto done;
    }
    found = MGD_SUCCESS;
    if (unary[i].kind == SH_PATH_ALT) {
      st = compile_path_list(c, shape, VEC_AT(&tmp, MgdId, 0), SH_PATH_ALT,
                             depth, out);
    } else if ((st = path_new(c, unary[i].kind, 1U, out)) == MGD_SUCCESS) {
      st = compile_path(c, shape, VEC_AT(&tmp, MgdId, 0), depth + 1U,
                        &(*out)->kids[0]);
    }
    if (st != MGD_SUCCESS) {
      goto done;
    }
  }
  if (found != MGD_SUCCESS) {
    st = comp_error(c, MGD_BAD_DATA, shape, "unknown property path form");
  }
done:
  vec_clear(&vals);
  vec_clear(&tmp);
  return st;
}

static MgdStatus
compile_shape(Comp* c, MgdId sid, size_t depth, uint32_t* ix);

// Parse a boolean parameter value.
static MgdStatus
param_bool(Comp* const c, const MgdId shape, const MgdId id,
           const char* const name, bool* const value)
{
  MgdTerm   t;
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, term_of(c, id, &t));
  if (t.kind == MGD_TERM_LITERAL &&
      mgd_str_eqc(mgd_term_datatype(&t), MGD_XSD_BOOLEAN)) {
    // Only the literal true switches a parameter on: the suite's
    // uniqueLang-002 says "1"^^xsd:boolean leaves sh:uniqueLang off.
    if (mgd_str_eqc(t.value, "true")) {
      *value = true;
      return MGD_SUCCESS;
    }
    if (mgd_str_eqc(t.value, "false") || mgd_str_eqc(t.value, "1") ||
        mgd_str_eqc(t.value, "0")) {
      *value = false;
      return MGD_SUCCESS;
    }
  }
  return comp_error(c, MGD_BAD_DATA, shape, "sh:%s must be a boolean", name);
}

static MgdStatus
param_count(Comp* const c, const MgdId shape, const MgdId id,
            const char* const name, uint64_t* const value)
{
  MgdTerm   t;
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, term_of(c, id, &t));
  if (mgd_shacl_literal_count(&t, value) != MGD_SUCCESS) {
    return comp_error(c, MGD_BAD_DATA, shape,
                      "sh:%s must be a non-negative xsd:integer", name);
  }
  return MGD_SUCCESS;
}

static MgdStatus
param_kind(Comp* const c, const MgdId shape, const MgdId id,
           const unsigned allowed, const char* const name)
{
  const MgdTermKind k = kind_of(c, id);
  const unsigned    bit = k == MGD_TERM_IRI     ? (unsigned)SH_KIND_IRI
                          : k == MGD_TERM_BLANK ? (unsigned)SH_KIND_BLANK
                          : k == MGD_TERM_LITERAL
                            ? (unsigned)SH_KIND_LITERAL
                            : 0U;
  if (!(bit & allowed)) {
    return comp_error(c, MGD_BAD_DATA, shape, "sh:%s must be %s", name,
                      allowed == SH_KIND_IRI       ? "an IRI"
                      : allowed == SH_KIND_LITERAL ? "a literal"
                                                   : "an IRI or blank node");
  }
  return MGD_SUCCESS;
}

static MgdStatus
node_kind_bits(Comp* const c, const MgdId shape, const MgdId id,
               unsigned* const kinds)
{
  static const struct {
    const char* name;
    unsigned    bits;
  } table[] = {
    {SH "BlankNode", SH_KIND_BLANK},
    {SH "IRI", SH_KIND_IRI},
    {SH "Literal", SH_KIND_LITERAL},
    {SH "BlankNodeOrIRI", SH_KIND_BLANK | SH_KIND_IRI},
    {SH "BlankNodeOrLiteral", SH_KIND_BLANK | SH_KIND_LITERAL},
    {SH "IRIOrLiteral", SH_KIND_IRI | SH_KIND_LITERAL},
  };
  MgdTerm   t;
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, term_of(c, id, &t));
  for (size_t i = 0U; t.kind == MGD_TERM_IRI && i < sizeof(table) /
                                                     sizeof(table[0]); ++i) {
    if (mgd_str_eqc(t.value, table[i].name)) {
      *kinds = table[i].bits;
      return MGD_SUCCESS;
    }
  }
  return comp_error(c, MGD_BAD_DATA, shape,
                    "sh:nodeKind must be one of sh:BlankNode, sh:IRI, "
                    "sh:Literal, sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, "
                    "sh:IRIOrLiteral");
}

static MgdStatus
compile_regex(Comp* const c, const MgdId shape, const MgdId pat,
              const MgdId flags, void** const out)
{
  MgdTerm   tp;
  MgdTerm   tf = mgd_term_none();
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, term_of(c, pat, &tp));
  if (flags != MGD_ID_NONE) {
    MGD_TRY(st, term_of(c, flags, &tf));
  }
  if (tp.kind != MGD_TERM_LITERAL ||
      (flags != MGD_ID_NONE && tf.kind != MGD_TERM_LITERAL)) {
    return comp_error(c, MGD_BAD_DATA, shape,
                      "sh:pattern and sh:flags must be string literals");
  }
  uint32_t opts = PCRE2_UTF;
  for (size_t i = 0U; i < tf.value.len; ++i) {
    switch (tf.value.ptr[i]) {
    case 'i': opts |= PCRE2_CASELESS; break;
    case 's': opts |= PCRE2_DOTALL; break;
    case 'm': opts |= PCRE2_MULTILINE; break;
    case 'x': opts |= PCRE2_EXTENDED; break;
    case 'q': opts |= PCRE2_LITERAL; break;
    default:
      return comp_error(c, MGD_BAD_DATA, shape, "unknown sh:flags '%c'",
                        tf.value.ptr[i]);
    }
  }
  int          err = 0;
  PCRE2_SIZE   off = 0U;
  pcre2_code* const re = pcre2_compile((PCRE2_SPTR)tp.value.ptr, tp.value.len,
                                       opts, &err, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(err, msg, sizeof(msg));
    return comp_error(c, MGD_BAD_DATA, shape,
                      "invalid sh:pattern at offset %zu: %s", (size_t)off,
                      (const char*)msg);
  }
  *out = re;
  return MGD_SUCCESS;
}

// The work area for one shape (freed when the shape is done).
typedef struct {
  Vec cons;     // ShConstraint
  Vec t_node;   // ShTerm
  Vec t_class;  // ShTerm
  Vec t_subj;   // ShTerm
  Vec t_obj;    // ShTerm
  Vec messages; // ShTerm
  Vec vals;     // MgdId
  Vec list;     // MgdId
  Vec u32;      // uint32_t
} Build;

static void
build_clear(Build* const b)
{
  vec_clear(&b->cons);
  vec_clear(&b->t_node);
  vec_clear(&b->t_class);
  vec_clear(&b->t_subj);
  vec_clear(&b->t_obj);
  vec_clear(&b->messages);
  vec_clear(&b->vals);
  vec_clear(&b->list);
  vec_clear(&b->u32);
}

static MgdStatus
push_term(Comp* const c, Vec* const v, const MgdId id)
{
  ShTerm    t = SH_NO_TERM;
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, intern_id(c, id, &t));
  return vec_push(v, &t);
}

static MgdStatus
add_constraint(Comp* const c, Build* const b, const ShConstraint* const k,
               const Vec* const list)
{
  ShConstraint con = *k;
  MgdStatus    st = MGD_SUCCESS;
  if (list) {
    void* data = NULL;
    MGD_TRY(st, vec_to_arena(&c->out->arena, list, &data, &con.n_list));
    con.list = (uint32_t*)data;
  }
  st = vec_push(&b->cons, &con);
  if (st != MGD_SUCCESS && con.regex) {
    pcre2_code_free((pcre2_code*)con.regex);
  }
  return st;
}

// Compile the shape-valued list of sh:and/sh:or/sh:xone at `head`.
static MgdStatus
shape_list(Comp* const c, Build* const b, const MgdId sid, const MgdId head,
           const char* const name, const size_t depth)
{
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, read_list(c, sid, head, name, &b->list));
  b->u32.n = 0U;
  // b->list may be reused by a nested compile: copy the ids first.
  Vec ids;
  vec_init(&ids, sizeof(MgdId));
  for (size_t i = 0U; i < b->list.n && st == MGD_SUCCESS; ++i) {
    st = vec_push(&ids, &VEC_AT(&b->list, MgdId, i));
  }
  for (size_t i = 0U; i < ids.n && st == MGD_SUCCESS; ++i) {
    uint32_t   ix = 0U;
    const MgdId m = VEC_AT(&ids, MgdId, i);
    if ((st = param_kind(c, sid, m, SH_KIND_IRI | SH_KIND_BLANK, name)) ==
          MGD_SUCCESS &&
        (st = compile_shape(c, m, depth + 1U, &ix)) == MGD_SUCCESS) {
      st = vec_push(&b->u32, &ix);
    }
  }
  vec_clear(&ids);
  return st;
}

// Siblings of a qualified value shape `q` of property shape `sid`: the
// qualified value shapes of the other property shapes of sid's parents.
static MgdStatus
qualified_siblings(Comp* const c, const MgdId sid, const MgdId q,
                   const size_t depth, Vec* const out)
{
  Vec       parents;
  Vec       props;
  Vec       qs;
  MgdStatus st = MGD_SUCCESS;
  vec_init(&parents, sizeof(MgdId));
  vec_init(&props, sizeof(MgdId));
  vec_init(&qs, sizeof(MgdId));
  out->n = 0U;
  if ((st = collect(c, MGD_ID_NONE, c->v[V_PROPERTY], sid, 0, &parents)) !=
      MGD_SUCCESS) {
    goto done;
  }
  for (size_t i = 0U; i < parents.n && st == MGD_SUCCESS; ++i) {
    if ((st = objects(c, VEC_AT(&parents, MgdId, i), V_PROPERTY, &props)) !=
        MGD_SUCCESS) {
      goto done;
    }
    for (size_t j = 0U; j < props.n && st == MGD_SUCCESS; ++j) {
      if ((st = objects(c, VEC_AT(&props, MgdId, j), V_QVS, &qs)) !=
          MGD_SUCCESS) {
        goto done;
      }
      for (size_t k = 0U; k < qs.n && st == MGD_SUCCESS; ++k) {
        const MgdId s = VEC_AT(&qs, MgdId, k);
        uint32_t    ix = 0U;
        if (s == q || kind_of(c, s) == MGD_TERM_LITERAL) {
          continue;
        }
        if ((st = compile_shape(c, s, depth + 1U, &ix)) != MGD_SUCCESS) {
          goto done;
        }
        bool dup = false;
        for (size_t m = 0U; m < out->n && !dup; ++m) {
          dup = VEC_AT(out, uint32_t, m) == ix;
        }
        if (!dup) {
          st = vec_push(out, &ix);
        }
      }
    }
  }
done:
  vec_clear(&parents);
  vec_clear(&props);
  vec_clear(&qs);
  return st;
}

// At most one value of `p` at `sid`: MGD_SUCCESS with `*id` (NONE if none).
static MgdStatus
single(Comp* const c, const MgdId sid, const Vocab p, const char* const name,
       Vec* const tmp, MgdId* const id)
{
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, objects(c, sid, p, tmp));
  if (tmp->n > 1U) {
    return comp_error(c, MGD_BAD_DATA, sid, "sh:%s has more than one value",
                      name);
  }
  *id = tmp->n ? VEC_AT(tmp, MgdId, 0) : MGD_ID_NONE;
  return MGD_SUCCESS;
}

// Simple components whose parameter is one term compared with values.
static const struct {
  Vocab       v;
  ShComp      comp;
  unsigned    kinds; // allowed kinds of the parameter value
  const char* name;
} term_params[] = {
  {V_CLASS, SH_C_CLASS, SH_KIND_IRI | SH_KIND_BLANK, "class"},
  {V_DATATYPE, SH_C_DATATYPE, SH_KIND_IRI, "datatype"},
  {V_MINEXCL, SH_C_MINEXCLUSIVE, SH_KIND_LITERAL, "minExclusive"},
  {V_MININCL, SH_C_MININCLUSIVE, SH_KIND_LITERAL, "minInclusive"},
  {V_MAXEXCL, SH_C_MAXEXCLUSIVE, SH_KIND_LITERAL, "maxExclusive"},
  {V_MAXINCL, SH_C_MAXINCLUSIVE, SH_KIND_LITERAL, "maxInclusive"},
  {V_EQUALS, SH_C_EQUALS, SH_KIND_IRI, "equals"},
  {V_DISJOINT, SH_C_DISJOINT, SH_KIND_IRI, "disjoint"},
  {V_LT, SH_C_LESSTHAN, SH_KIND_IRI, "lessThan"},
  {V_LTE, SH_C_LESSTHANOREQUALS, SH_KIND_IRI, "lessThanOrEquals"},
  {V_HASVALUE, SH_C_HASVALUE, SH_KIND_IRI | SH_KIND_BLANK | SH_KIND_LITERAL,
   "hasValue"},
};

static const struct {
  Vocab       v;
  ShComp      comp;
  const char* name;
} count_params[] = {
  {V_MINCOUNT, SH_C_MINCOUNT, "minCount"},
  {V_MAXCOUNT, SH_C_MAXCOUNT, "maxCount"},
  {V_MINLEN, SH_C_MINLENGTH, "minLength"},
  {V_MAXLEN, SH_C_MAXLENGTH, "maxLength"},
};

static const struct {
  Vocab       v;
  ShComp      comp;
  const char* name;
} shape_params[] = {
  {V_NOT, SH_C_NOT, "not"},
  {V_NODE, SH_C_NODE, "node"},
  {V_PROPERTY, SH_C_PROPERTY, "property"},
};

static const struct {
  Vocab       v;
  ShComp      comp;
  const char* name;
} logic_params[] = {
  {V_AND, SH_C_AND, "and"},
  {V_OR, SH_C_OR, "or"},
  {V_XONE, SH_C_XONE, "xone"},
};

static MgdStatus
compile_constraints(Comp* const c, Build* const b, const MgdId sid,
                    const size_t depth)
{
  MgdStatus    st = MGD_SUCCESS;
  ShConstraint k;
  Vec* const   vals = &b->vals;

  for (size_t i = 0U; i < sizeof(term_params) / sizeof(term_params[0]); ++i) {
    MGD_TRY(st, objects(c, sid, term_params[i].v, vals));
    for (size_t j = 0U; j < vals->n; ++j) {
      const MgdId v = VEC_AT(vals, MgdId, j);
      MGD_TRY(st, param_kind(c, sid, v, term_params[i].kinds,
                             term_params[i].name));
      memset(&k, 0, sizeof(k));
      k.comp = term_params[i].comp;
      MGD_TRY(st, intern_id(c, v, &k.term));
      MGD_TRY(st, add_constraint(c, b, &k, NULL));
    }
  }
  for (size_t i = 0U; i < sizeof(count_params) / sizeof(count_params[0]);
       ++i) {
    MGD_TRY(st, objects(c, sid, count_params[i].v, vals));
    for (size_t j = 0U; j < vals->n; ++j) {
      memset(&k, 0, sizeof(k));
      k.comp = count_params[i].comp;
      MGD_TRY(st, param_count(c, sid, VEC_AT(vals, MgdId, j),
                              count_params[i].name, &k.count));
      MGD_TRY(st, add_constraint(c, b, &k, NULL));
    }
  }
  MGD_TRY(st, objects(c, sid, V_NODEKIND, vals));
  for (size_t j = 0U; j < vals->n; ++j) {
    memset(&k, 0, sizeof(k));
    k.comp = SH_C_NODEKIND;
    MGD_TRY(st, node_kind_bits(c, sid, VEC_AT(vals, MgdId, j), &k.kinds));
    MGD_TRY(st, intern_id(c, VEC_AT(vals, MgdId, j), &k.term));
    MGD_TRY(st, add_constraint(c, b, &k, NULL));
  }
  // sh:pattern (with the shape's one sh:flags)
  MgdId flags = MGD_ID_NONE;
  MGD_TRY(st, single(c, sid, V_FLAGS, "flags", &b->list, &flags));
  MGD_TRY(st, objects(c, sid, V_PATTERN, vals));
  for (size_t j = 0U; j < vals->n; ++j) {
    memset(&k, 0, sizeof(k));
    k.comp = SH_C_PATTERN;
    MGD_TRY(st, intern_id(c, VEC_AT(vals, MgdId, j), &k.term));
    MGD_TRY(st, compile_regex(c, sid, VEC_AT(vals, MgdId, j), flags,
                              &k.regex));
    MGD_TRY(st, add_constraint(c, b, &k, NULL));
  }
  // sh:languageIn, sh:in: lists of terms
  const Vocab  list_v[] = {V_LANGIN, V_IN};
  const ShComp list_c[] = {SH_C_LANGUAGEIN, SH_C_IN};
  for (size_t i = 0U; i < 2U; ++i) {
    MGD_TRY(st, objects(c, sid, list_v[i], vals));
    for (size_t j = 0U; j < vals->n; ++j) {
      const char* const name = i ? "sh:in" : "sh:languageIn";
      MGD_TRY(st, read_list(c, sid, VEC_AT(vals, MgdId, j), name, &b->list));
      b->u32.n = 0U;
      for (size_t m = 0U; m < b->list.n; ++m) {
        const MgdId item = VEC_AT(&b->list, MgdId, m);
        if (!i && kind_of(c, item) != MGD_TERM_LITERAL) {
          return comp_error(c, MGD_BAD_DATA, sid,
                            "sh:languageIn members must be string literals");
        }
        MGD_TRY(st, push_term(c, &b->u32, item));
      }
      memset(&k, 0, sizeof(k));
      k.comp = list_c[i];
      MGD_TRY(st, add_constraint(c, b, &k, &b->u32));
    }
  }
  MGD_TRY(st, objects(c, sid, V_UNIQUELANG, vals));
  for (size_t j = 0U; j < vals->n; ++j) {
    bool on = false;
    MGD_TRY(st, param_bool(c, sid, VEC_AT(vals, MgdId, j), "uniqueLang", &on));
    if (on) {
      memset(&k, 0, sizeof(k));
      k.comp = SH_C_UNIQUELANG;
      MGD_TRY(st, add_constraint(c, b, &k, NULL));
    }
  }
  for (size_t i = 0U; i < sizeof(shape_params) / sizeof(shape_params[0]);
       ++i) {
    MGD_TRY(st, objects(c, sid, shape_params[i].v, vals));
    // The nested compile reuses nothing of this Build, but copy the ids:
    // vals is overwritten by the next objects() call of this shape only.
    Vec ids;
    vec_init(&ids, sizeof(MgdId));
    for (size_t j = 0U; j < vals->n && st == MGD_SUCCESS; ++j) {
      st = vec_push(&ids, &VEC_AT(vals, MgdId, j));
    }
    for (size_t j = 0U; j < ids.n && st == MGD_SUCCESS; ++j) {
      const MgdId v = VEC_AT(&ids, MgdId, j);
      memset(&k, 0, sizeof(k));
      k.comp = shape_params[i].comp;
      if ((st = param_kind(c, sid, v, SH_KIND_IRI | SH_KIND_BLANK,
                           shape_params[i].name)) == MGD_SUCCESS &&
          (st = compile_shape(c, v, depth + 1U, &k.shape)) == MGD_SUCCESS) {
        st = add_constraint(c, b, &k, NULL);
      }
    }
    vec_clear(&ids);
    if (st != MGD_SUCCESS) {
      return st;
    }
  }
  for (size_t i = 0U; i < sizeof(logic_params) / sizeof(logic_params[0]);
       ++i) {
    MGD_TRY(st, objects(c, sid, logic_params[i].v, vals));
    Vec heads;
    vec_init(&heads, sizeof(MgdId));
    for (size_t j = 0U; j < vals->n && st == MGD_SUCCESS; ++j) {
      st = vec_push(&heads, &VEC_AT(vals, MgdId, j));
    }
    for (size_t j = 0U; j < heads.n && st == MGD_SUCCESS; ++j) {
      if ((st = shape_list(c, b, sid, VEC_AT(&heads, MgdId, j),
                           logic_params[i].name, depth)) == MGD_SUCCESS) {
        memset(&k, 0, sizeof(k));
        k.comp = logic_params[i].comp;
        st = add_constraint(c, b, &k, &b->u32);
      }
    }
    vec_clear(&heads);
    if (st != MGD_SUCCESS) {
      return st;
    }
  }
  // sh:qualifiedValueShape with its counts and disjointness
  MgdId qmin = MGD_ID_NONE;
  MgdId qmax = MGD_ID_NONE;
  MgdId qdis = MGD_ID_NONE;
  MGD_TRY(st, single(c, sid, V_QMIN, "qualifiedMinCount", &b->list, &qmin));
  MGD_TRY(st, single(c, sid, V_QMAX, "qualifiedMaxCount", &b->list, &qmax));
  MGD_TRY(st, single(c, sid, V_QDISJOINT, "qualifiedValueShapesDisjoint",
                     &b->list, &qdis));
  memset(&k, 0, sizeof(k));
  if (qdis != MGD_ID_NONE) {
    MGD_TRY(st, param_bool(c, sid, qdis, "qualifiedValueShapesDisjoint",
                           &k.flag));
  }
  uint64_t n_min = 0U;
  uint64_t n_max = 0U;
  if (qmin != MGD_ID_NONE) {
    MGD_TRY(st, param_count(c, sid, qmin, "qualifiedMinCount", &n_min));
  }
  if (qmax != MGD_ID_NONE) {
    MGD_TRY(st, param_count(c, sid, qmax, "qualifiedMaxCount", &n_max));
  }
  MGD_TRY(st, objects(c, sid, V_QVS, vals));
  if (vals->n && qmin == MGD_ID_NONE && qmax == MGD_ID_NONE) {
    return comp_error(c, MGD_BAD_DATA, sid,
                      "sh:qualifiedValueShape needs sh:qualifiedMinCount or "
                      "sh:qualifiedMaxCount");
  }
  Vec qids;
  vec_init(&qids, sizeof(MgdId));
  for (size_t j = 0U; j < vals->n && st == MGD_SUCCESS; ++j) {
    st = vec_push(&qids, &VEC_AT(vals, MgdId, j));
  }
  for (size_t j = 0U; j < qids.n && st == MGD_SUCCESS; ++j) {
    const MgdId q = VEC_AT(&qids, MgdId, j);
    if ((st = param_kind(c, sid, q, SH_KIND_IRI | SH_KIND_BLANK,
                         "qualifiedValueShape")) != MGD_SUCCESS ||
        (st = compile_shape(c, q, depth + 1U, &k.shape)) != MGD_SUCCESS) {
      break;
    }
    b->u32.n = 0U;
    if (k.flag &&
        (st = qualified_siblings(c, sid, q, depth, &b->u32)) != MGD_SUCCESS) {
      break;
    }
    if (qmin != MGD_ID_NONE) {
      k.comp = SH_C_QUALIFIEDMIN;
      k.count = n_min;
      if ((st = add_constraint(c, b, &k, &b->u32)) != MGD_SUCCESS) {
        break;
      }
    }
    if (qmax != MGD_ID_NONE) {
      k.comp = SH_C_QUALIFIEDMAX;
      k.count = n_max;
      st = add_constraint(c, b, &k, &b->u32);
    }
  }
  vec_clear(&qids);
  if (st != MGD_SUCCESS) {
    return st;
  }
  // sh:closed: allowed = ignored properties + predicate paths of sh:property
  MgdId closed = MGD_ID_NONE;
  bool  is_closed = false;
  MGD_TRY(st, single(c, sid, V_CLOSED, "closed", &b->list, &closed));
  if (closed != MGD_ID_NONE) {
    MGD_TRY(st, param_bool(c, sid, closed, "closed", &is_closed));
  }
  if (is_closed) {
    MgdId ignored = MGD_ID_NONE;
    b->u32.n = 0U;
    MGD_TRY(st, single(c, sid, V_IGNORED, "ignoredProperties", &b->vals,
                       &ignored));
    if (ignored != MGD_ID_NONE) {
      MGD_TRY(st, read_list(c, sid, ignored, "sh:ignoredProperties",
                            &b->list));
      for (size_t m = 0U; m < b->list.n; ++m) {
        MGD_TRY(st, push_term(c, &b->u32, VEC_AT(&b->list, MgdId, m)));
      }
    }
    MGD_TRY(st, objects(c, sid, V_PROPERTY, vals));
    for (size_t j = 0U; j < vals->n; ++j) {
      MGD_TRY(st, objects(c, VEC_AT(vals, MgdId, j), V_PATH, &b->list));
      for (size_t m = 0U; m < b->list.n; ++m) {
        if (kind_of(c, VEC_AT(&b->list, MgdId, m)) == MGD_TERM_IRI) {
          MGD_TRY(st, push_term(c, &b->u32, VEC_AT(&b->list, MgdId, m)));
        }
      }
    }
    memset(&k, 0, sizeof(k));
    k.comp = SH_C_CLOSED;
    MGD_TRY(st, add_constraint(c, b, &k, &b->u32));
  }
  return MGD_SUCCESS;
}

static MgdStatus
compile_targets(Comp* const c, Build* const b, const MgdId sid)
{
  MgdStatus st = MGD_SUCCESS;
  Vec*      vals = &b->vals;
  MGD_TRY(st, objects(c, sid, V_TARGETNODE, vals));
  for (size_t j = 0U; j < vals->n; ++j) {
    MGD_TRY(st, push_term(c, &b->t_node, VEC_AT(vals, MgdId, j)));
  }
  const Vocab tv[] = {V_TARGETCLASS, V_TARGETSUBJ, V_TARGETOBJ};
  Vec* const  tvec[] = {&b->t_class, &b->t_subj, &b->t_obj};
  const char* tname[] = {"targetClass", "targetSubjectsOf", "targetObjectsOf"};
  for (size_t i = 0U; i < 3U; ++i) {
    MGD_TRY(st, objects(c, sid, tv[i], vals));
    for (size_t j = 0U; j < vals->n; ++j) {
      MGD_TRY(st, param_kind(c, sid, VEC_AT(vals, MgdId, j),
                             i ? SH_KIND_IRI : SH_KIND_IRI | SH_KIND_BLANK,
                             tname[i]));
      MGD_TRY(st, push_term(c, tvec[i], VEC_AT(vals, MgdId, j)));
    }
  }
  // Implicit class target: a shape that is also an rdfs:Class.
  MGD_TRY(st, objects(c, sid, V_TYPE, vals));
  bool is_class = false;
  bool is_shape = false;
  for (size_t j = 0U; j < vals->n; ++j) {
    const MgdId t = VEC_AT(vals, MgdId, j);
    is_class |= t == c->v[V_CLASS_RDFS] && t != MGD_ID_NONE;
    is_shape |= (t == c->v[V_NODESHAPE] || t == c->v[V_PROPERTYSHAPE]) &&
                t != MGD_ID_NONE;
  }
  if (is_class && is_shape) {
    MGD_TRY(st, push_term(c, &b->t_class, sid));
  }
  return MGD_SUCCESS;
}

static MgdStatus
compile_shape(Comp* const c, const MgdId sid, const size_t depth,
              uint32_t* const ix)
{
  uint64_t  found = 0U;
  MgdStatus st = MGD_SUCCESS;
  if (mgd_hashmap_get(&c->shape_ix, &sid, sizeof(sid), &found) ==
      MGD_SUCCESS) {
    *ix = (uint32_t)found;
    return MGD_SUCCESS;
  }
  if (depth > c->max_depth) {
    return comp_error(c, MGD_BAD_LIMIT, sid, "shapes nested too deeply");
  }
  MgdShapes* const out = c->out;
  if (out->n_shapes == out->c_shapes) {
    const size_t   cap = out->c_shapes ? out->c_shapes * 2U : 16U;
    ShShape* const shapes =
      (ShShape*)mgd_realloc(out->shapes, cap * sizeof(ShShape));
    if (!shapes) {
      return MGD_BAD_ALLOC;
    }
    out->shapes = shapes;
    out->c_shapes = cap;
  }
  const uint32_t me = (uint32_t)out->n_shapes++;
  ShShape        shape;
  memset(&shape, 0, sizeof(shape));
  shape.severity = c->violation;
  out->shapes[me] = shape;
  MGD_TRY(st, mgd_hashmap_put(&c->shape_ix, &sid, sizeof(sid), me, NULL,
                              NULL));
  *ix = me;

  Build b;
  vec_init(&b.cons, sizeof(ShConstraint));
  vec_init(&b.t_node, sizeof(ShTerm));
  vec_init(&b.t_class, sizeof(ShTerm));
  vec_init(&b.t_subj, sizeof(ShTerm));
  vec_init(&b.t_obj, sizeof(ShTerm));
  vec_init(&b.messages, sizeof(ShTerm));
  vec_init(&b.vals, sizeof(MgdId));
  vec_init(&b.list, sizeof(MgdId));
  vec_init(&b.u32, sizeof(uint32_t));

  MgdId one = MGD_ID_NONE;
  if ((st = intern_id(c, sid, &shape.self)) != MGD_SUCCESS ||
      (st = single(c, sid, V_PATH, "path", &b.vals, &one)) != MGD_SUCCESS) {
    goto done;
  }
  if (one != MGD_ID_NONE &&
      (st = compile_path(c, sid, one, 0U, &shape.path)) != MGD_SUCCESS) {
    goto done;
  }
  if ((st = single(c, sid, V_SEVERITY, "severity", &b.vals, &one)) !=
      MGD_SUCCESS) {
    goto done;
  }
  if (one != MGD_ID_NONE) {
    if ((st = param_kind(c, sid, one, SH_KIND_IRI, "severity")) !=
          MGD_SUCCESS ||
        (st = intern_id(c, one, &shape.severity)) != MGD_SUCCESS) {
      goto done;
    }
  }
  shape.sev_kind = shape.severity == c->violation ? SH_SEV_VIOLATION
                   : shape.severity == c->warning ? SH_SEV_WARNING
                   : shape.severity == c->info    ? SH_SEV_INFO
                                                  : SH_SEV_OTHER;
  if ((st = single(c, sid, V_DEACTIVATED, "deactivated", &b.vals, &one)) !=
      MGD_SUCCESS) {
    goto done;
  }
  if (one != MGD_ID_NONE &&
      (st = param_bool(c, sid, one, "deactivated", &shape.deactivated)) !=
        MGD_SUCCESS) {
    goto done;
  }
  if ((st = objects(c, sid, V_MESSAGE, &b.vals)) != MGD_SUCCESS) {
    goto done;
  }
  for (size_t j = 0U; j < b.vals.n; ++j) {
    if ((st = param_kind(c, sid, VEC_AT(&b.vals, MgdId, j), SH_KIND_LITERAL,
                         "message")) != MGD_SUCCESS ||
        (st = push_term(c, &b.messages, VEC_AT(&b.vals, MgdId, j))) !=
          MGD_SUCCESS) {
      goto done;
    }
  }
  if ((st = compile_targets(c, &b, sid)) != MGD_SUCCESS ||
      (st = compile_constraints(c, &b, sid, depth)) != MGD_SUCCESS) {
    goto done;
  }
  void* p = NULL;
  if ((st = vec_to_arena(&out->arena, &b.messages, &p, &shape.n_messages)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.messages = (ShTerm*)p;
  if ((st = vec_to_arena(&out->arena, &b.t_node, &p, &shape.n_t_node)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.t_node = (ShTerm*)p;
  if ((st = vec_to_arena(&out->arena, &b.t_class, &p, &shape.n_t_class)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.t_class = (ShTerm*)p;
  if ((st = vec_to_arena(&out->arena, &b.t_subj, &p, &shape.n_t_subj)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.t_subj = (ShTerm*)p;
  if ((st = vec_to_arena(&out->arena, &b.t_obj, &p, &shape.n_t_obj)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.t_obj = (ShTerm*)p;
  if ((st = vec_to_arena(&out->arena, &b.cons, &p, &shape.n_cons)) !=
      MGD_SUCCESS) {
    goto done;
  }
  shape.cons = (ShConstraint*)p;
  b.cons.n = 0U; // now owned by the shape (regexes included)

done:
  for (size_t i = 0U; i < b.cons.n; ++i) {
    if (VEC_AT(&b.cons, ShConstraint, i).regex) {
      pcre2_code_free((pcre2_code*)VEC_AT(&b.cons, ShConstraint, i).regex);
    }
  }
  build_clear(&b);
  out->shapes[me] = shape;
  return st;
}

void
mgd_shacl_free(MgdShapes* const shapes)
{
  if (!shapes) {
    return;
  }
  for (size_t i = 0U; i < shapes->n_shapes; ++i) {
    const ShShape* const s = &shapes->shapes[i];
    for (size_t j = 0U; j < s->n_cons; ++j) {
      if (s->cons[j].regex) {
        pcre2_code_free((pcre2_code*)s->cons[j].regex);
      }
    }
  }
  mgd_free(shapes->terms);
  mgd_free(shapes->shapes);
  mgd_hashmap_clear(&shapes->term_ix);
  mgd_arena_clear(&shapes->arena);
  mgd_free(shapes);
}

size_t
mgd_shacl_count(const MgdShapes* const shapes)
{
  return shapes ? shapes->n_shapes : 0U;
}

MgdStatus
mgd_shacl_compile(const MgdSource* const       shapes_graph,
                  const MgdShaclOptions* const options,
                  MgdShapes** const            shapes)
{
  static const char* const known_iris[SH_V_COUNT_] = {
    MGD_RDF_TYPE, MGD_NS_RDFS "subClassOf", MGD_NS_RDF "first",
    MGD_NS_RDF "rest", MGD_NS_RDF "nil",
  };
  // Nodes that are shapes by themselves: (predicate, position) pairs.
  static const struct {
    Vocab p;
    Vocab o; // V_COUNT_: any object
  } roots[] = {
    {V_TYPE, V_NODESHAPE},    {V_TYPE, V_PROPERTYSHAPE},
    {V_TARGETNODE, V_COUNT_}, {V_TARGETCLASS, V_COUNT_},
    {V_TARGETSUBJ, V_COUNT_}, {V_TARGETOBJ, V_COUNT_},
    {V_PATH, V_COUNT_},
  };
  Comp            c;
  MgdStatus       st = MGD_SUCCESS;
  Vec             subjects;
  const MgdLimits lim = options && options->limits ? *options->limits
                                                   : mgd_limits_default();
  *shapes = NULL;
  memset(&c, 0, sizeof(c));
  vec_init(&subjects, sizeof(MgdId));
  c.src = shapes_graph;
  c.diag = options ? options->diag : NULL;
  c.source_name = options ? options->source_name : NULL;
  c.max_depth = lim.max_nesting;
  mgd_hashmap_init(&c.shape_ix);
  mgd_arena_init(&c.tmp, 0U);
  mgd_buf_init(&c.nt);
  c.out = (MgdShapes*)mgd_calloc(1U, sizeof(MgdShapes));
  if (!c.out) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  mgd_arena_init(&c.out->arena, 0U);
  mgd_hashmap_init(&c.out->term_ix);
  for (size_t i = 0U; i < V_COUNT_; ++i) {
    const MgdTerm t = mgd_term_iri(mgd_str(vocab_iris[i]));
    st = mgd_source_lookup(shapes_graph, &t, &c.v[i]);
    if (st > MGD_FAILURE) {
      goto done;
    }
    if (st == MGD_FAILURE) {
      c.v[i] = MGD_ID_NONE;
    }
  }
  st = MGD_SUCCESS;
  for (size_t i = 0U; i < SH_V_COUNT_ && st == MGD_SUCCESS; ++i) {
    st = intern_iri(&c, known_iris[i], &c.out->known[i]);
  }
  if (st != MGD_SUCCESS ||
      (st = intern_iri(&c, SH "Violation", &c.violation)) != MGD_SUCCESS ||
      (st = intern_iri(&c, SH "Warning", &c.warning)) != MGD_SUCCESS ||
      (st = intern_iri(&c, SH "Info", &c.info)) != MGD_SUCCESS) {
    goto done;
  }
  for (size_t r = 0U; r < sizeof(roots) / sizeof(roots[0]); ++r) {
    const MgdId p = c.v[roots[r].p];
    const MgdId o = roots[r].o == V_COUNT_ ? MGD_ID_NONE : c.v[roots[r].o];
    if (p == MGD_ID_NONE || (roots[r].o != V_COUNT_ && o == MGD_ID_NONE)) {
      continue;
    }
    // collect() with an unbound object and subject position: scan all.
    const MgdIdQuad pat = {MGD_ID_NONE, p, o, MGD_ID_NONE};
    MgdIter*        it = NULL;
    MgdIdQuad       q;
    subjects.n = 0U;
    st = shapes_graph->vt->match(shapes_graph->handle, &pat, &it);
    while (st == MGD_SUCCESS &&
           (st = shapes_graph->vt->next(it, &q)) == MGD_SUCCESS) {
      st = vec_push(&subjects, &q.s);
    }
    shapes_graph->vt->iter_free(it);
    if (st > MGD_FAILURE) {
      goto done;
    }
    st = MGD_SUCCESS;
    for (size_t i = 0U; i < subjects.n && st == MGD_SUCCESS; ++i) {
      uint32_t ix = 0U;
      st = compile_shape(&c, VEC_AT(&subjects, MgdId, i), 0U, &ix);
    }
    if (st != MGD_SUCCESS) {
      goto done;
    }
  }
  *shapes = c.out;
  c.out = NULL;
done:
  mgd_shacl_free(c.out);
  vec_clear(&subjects);
  mgd_hashmap_clear(&c.shape_ix);
  mgd_arena_clear(&c.tmp);
  mgd_buf_clear(&c.nt);
  return st;
}
