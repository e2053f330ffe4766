// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The validator: targets → focus nodes → value nodes → constraints, with
// the validation report streamed to a sink as results are found.
//
// Every term of the compiled shapes is looked up once in the data source.
// A term the data does not hold (a sh:targetNode nobody mentions, a
// sh:hasValue that is absent) gets an engine-local id (MGD_TAG_LOCAL whose
// payload is the term's index in the shapes), so value nodes are always
// plain ids and equality is id equality. Local ids never reach the source.
//
// Nested shapes (sh:node, sh:not, sh:and, sh:or, sh:xone, qualified value
// shapes) are evaluated with a counting collector that stops at the first
// result; only sh:property adds its results to the report, as SHACL says.

#define PCRE2_CODE_UNIT_WIDTH 8

#include "shacl/shacl_impl.h"

#include "base/alloc.h"

#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

// An insertion-ordered set of ids (open addressing on the side).
typedef struct {
  MgdId* ids;     // In insertion order
  size_t n;       // Count
  size_t cap;     // Allocated ids
  MgdId* slots;   // Hash slots (0 = empty; ids are never 0)
  size_t n_slots; // Power of two or 0
} IdSet;

static void
set_init(IdSet* const s)
{
  memset(s, 0, sizeof(*s));
}

static void
set_clear(IdSet* const s)
{
  mgd_free(s->ids);
  mgd_free(s->slots);
  set_init(s);
}

static size_t
set_slot(const IdSet* const s, const MgdId id)
{
  size_t i = (size_t)(mgd_hash64(&id, sizeof(id)) & (s->n_slots - 1U));
  while (s->slots[i] && s->slots[i] != id) {
    i = (i + 1U) & (s->n_slots - 1U);
  }
  return i;
}

static bool
set_has(const IdSet* const s, const MgdId id)
{
  if (s->n < 8U) {
    for (size_t i = 0U; i < s->n; ++i) {
      if (s->ids[i] == id) {
        return true;
      }
    }
    return false;
  }
  return s->slots[set_slot(s, id)] == id;
}

static MgdStatus
set_rehash(IdSet* const s, const size_t n_slots)
{
  MgdId* const slots = (MgdId*)mgd_calloc(n_slots, sizeof(MgdId));
  if (!slots) {
    return MGD_BAD_ALLOC;
  }
  mgd_free(s->slots);
  s->slots = slots;
  s->n_slots = n_slots;
  for (size_t i = 0U; i < s->n; ++i) {
    s->slots[set_slot(s, s->ids[i])] = s->ids[i];
  }
  return MGD_SUCCESS;
}

// Add `id`; `*added` (may be NULL) says whether it was new.
static MgdStatus
set_add(IdSet* const s, const MgdId id, bool* const added)
{
  MgdStatus st = MGD_SUCCESS;
  if (added) {
    *added = false;
  }
  if (set_has(s, id)) {
    return MGD_SUCCESS;
  }
  if (s->n == s->cap) {
    const size_t cap = s->cap ? s->cap * 2U : 8U;
    MgdId* const ids = (MgdId*)mgd_realloc(s->ids, cap * sizeof(MgdId));
    if (!ids) {
      return MGD_BAD_ALLOC;
    }
    s->ids = ids;
    s->cap = cap;
  }
  s->ids[s->n++] = id;
  if (s->n >= 8U) {
    if ((s->n + 1U) * 10U > s->n_slots * 7U) {
      MGD_TRY(st, set_rehash(s, s->n_slots ? s->n_slots * 2U : 32U));
    } else {
      s->slots[set_slot(s, id)] = id;
    }
  }
  if (added) {
    *added = true;
  }
  return MGD_SUCCESS;
}

typedef struct {
  uint32_t shape;
  MgdId    focus;
} Frame;

typedef struct {
  const MgdShapes*   sh;
  const MgdSource*   data;
  MgdId              graph;  // pattern graph (NONE: union)
  bool               empty;  // the named data graph does not exist
  MgdId*             tid;    // ShTerm → data id or local id
  MgdArena           arena;  // decoded inline terms (reset per focus node)
  const MgdDiagSink* diag;
  const char*        source_name;
  size_t             max_depth;
  Frame*             stack;  // shapes being validated, for recursion checks
  size_t             depth;
  pcre2_match_data*  md;
  const MgdSink*     report;
  MgdShaclResultFunc on_result;
  void*              result_handle;
  MgdBuf             path_text; // scratch for MgdShaclResult.path
  MgdShaclSummary*   sum;
  uint64_t           n_nodes; // report blank nodes made
  MgdBuf             buf;     // scratch
  MgdHashMap         memo;    // (shape, node) → conforms, for nested shapes
} Val;

// Where results go: the report, or just a count (nested shapes).
typedef struct {
  bool     report;
  uint64_t n;
} Col;

static MgdStatus
term_of(Val* const v, const MgdId id, MgdTerm* const term)
{
  if (mgd_id_tag(id) == MGD_TAG_LOCAL) {
    const uint64_t ix = id & MGD_ID_PAYLOAD_MASK;
    if (ix >= v->sh->n_terms) {
      return MGD_BAD_INTERNAL;
    }
    *term = v->sh->terms[ix];
    return MGD_SUCCESS;
  }
  return mgd_source_term(v->data, id, &v->arena, term);
}

// Add to `out` the ids at `pos` (0 subject, 2 object) of matching quads.
static MgdStatus
match_into(Val* const v, const MgdId s, const MgdId p, const MgdId o,
           const int pos, IdSet* const out)
{
  if (v->empty || mgd_id_tag(s) == MGD_TAG_LOCAL ||
      mgd_id_tag(p) == MGD_TAG_LOCAL || mgd_id_tag(o) == MGD_TAG_LOCAL ||
      p == MGD_ID_NONE) {
    return MGD_SUCCESS;
  }
  const MgdIdQuad pat = {s, p, o, v->graph};
  MgdIter*        it = NULL;
  MgdIdQuad       q;
  MgdStatus       st = v->data->vt->match(v->data->handle, &pat, &it);
  while (st == MGD_SUCCESS &&
         (st = v->data->vt->next(it, &q)) == MGD_SUCCESS) {
    st = set_add(out, pos == 0 ? q.s : q.o, NULL);
  }
  v->data->vt->iter_free(it);
  return st > MGD_FAILURE ? st : MGD_SUCCESS;
}

static MgdStatus
eval_path(Val* v, const ShPath* path, MgdId node, bool inv, IdSet* out);

// Apply `path` to every node of `from`, adding to `out`.
static MgdStatus
eval_path_all(Val* const v, const ShPath* const path, const IdSet* const from,
              const bool inv, IdSet* const out)
{
  MgdStatus st = MGD_SUCCESS;
  IdSet     one;
  set_init(&one);
  for (size_t i = 0U; i < from->n && st == MGD_SUCCESS; ++i) {
    one.n = 0U;
    if (one.n_slots) {
      memset(one.slots, 0, one.n_slots * sizeof(MgdId));
    }
    st = eval_path(v, path, from->ids[i], inv, &one);
    for (size_t j = 0U; j < one.n && st == MGD_SUCCESS; ++j) {
      st = set_add(out, one.ids[j], NULL);
    }
  }
  set_clear(&one);
  return st;
}

// The nodes reachable from `node` by `path` (reversed if `inv`), added to
// `out`, which must be empty.
static MgdStatus
eval_path(Val* const v, const ShPath* const path, const MgdId node,
          const bool inv, IdSet* const out)
{
  MgdStatus st = MGD_SUCCESS;
  IdSet     cur;
  IdSet     next;
  set_init(&cur);
  set_init(&next);
  switch (path->kind) {
  case SH_PATH_PRED:
    st = inv ? match_into(v, MGD_ID_NONE, v->tid[path->pred], node, 0, out)
             : match_into(v, node, v->tid[path->pred], MGD_ID_NONE, 2, out);
    break;
  case SH_PATH_INV:
    st = eval_path(v, path->kids[0], node, !inv, out);
    break;
  case SH_PATH_ALT:
    st = set_add(&cur, node, NULL);
    for (size_t i = 0U; i < path->n_kids && st == MGD_SUCCESS; ++i) {
      st = eval_path_all(v, path->kids[i], &cur, inv, out);
    }
    break;
  case SH_PATH_SEQ:
    st = set_add(&cur, node, NULL);
    for (size_t i = 0U; i < path->n_kids && st == MGD_SUCCESS; ++i) {
      const ShPath* const kid = path->kids[inv ? path->n_kids - 1U - i : i];
      set_clear(&next);
      st = eval_path_all(v, kid, &cur, inv, &next);
      const IdSet t = cur;
      cur = next;
      next = t;
    }
    for (size_t i = 0U; i < cur.n && st == MGD_SUCCESS; ++i) {
      st = set_add(out, cur.ids[i], NULL);
    }
    break;
  case SH_PATH_ZOO:
    st = set_add(out, node, NULL);
    if (st == MGD_SUCCESS && (st = set_add(&cur, node, NULL)) == MGD_SUCCESS) {
      st = eval_path_all(v, path->kids[0], &cur, inv, out);
    }
    break;
  case SH_PATH_ZOM:
  case SH_PATH_OOM:
    // Breadth-first closure; `out` doubles as the visited set.
    if (path->kind == SH_PATH_ZOM) {
      st = set_add(out, node, NULL);
    }
    if (st == MGD_SUCCESS) {
      st = set_add(&cur, node, NULL);
    }
    {
      size_t expanded = 0U; // nodes of `cur` already expanded
      while (st == MGD_SUCCESS && expanded < cur.n) {
        set_clear(&next);
        st = eval_path(v, path->kids[0], cur.ids[expanded++], inv, &next);
        for (size_t i = 0U; i < next.n && st == MGD_SUCCESS; ++i) {
          bool added = false;
          st = set_add(out, next.ids[i], &added);
          if (st == MGD_SUCCESS && added && next.ids[i] != node) {
            st = set_add(&cur, next.ids[i], NULL);
          }
        }
      }
    }
    break;
  }
  set_clear(&cur);
  set_clear(&next);
  return st;
}

// The SHACL instances of class `cls` (rdf:type/rdfs:subClassOf*), added to
// `out`.
static MgdStatus
instances_of(Val* const v, const MgdId cls, IdSet* const out)
{
  IdSet     classes;
  MgdStatus st = MGD_SUCCESS;
  set_init(&classes);
  st = set_add(&classes, cls, NULL);
  for (size_t i = 0U; i < classes.n && st == MGD_SUCCESS; ++i) {
    st = match_into(v, MGD_ID_NONE, v->tid[v->sh->known[SH_V_RDFS_SUBCLASSOF]],
                    classes.ids[i], 0, &classes);
  }
  for (size_t i = 0U; i < classes.n && st == MGD_SUCCESS; ++i) {
    st = match_into(v, MGD_ID_NONE, v->tid[v->sh->known[SH_V_RDF_TYPE]],
                    classes.ids[i], 0, out);
  }
  set_clear(&classes);
  return st;
}

static MgdStatus
is_instance(Val* const v, const MgdId node, const MgdId cls, bool* const yes)
{
  IdSet     types;
  MgdStatus st = MGD_SUCCESS;
  *yes = false;
  set_init(&types);
  st = match_into(v, node, v->tid[v->sh->known[SH_V_RDF_TYPE]], MGD_ID_NONE,
                  2, &types);
  for (size_t i = 0U; i < types.n && st == MGD_SUCCESS && !*yes; ++i) {
    *yes = types.ids[i] == cls;
    if (!*yes) {
      st = match_into(v, types.ids[i],
                      v->tid[v->sh->known[SH_V_RDFS_SUBCLASSOF]], MGD_ID_NONE,
                      2, &types);
    }
  }
  set_clear(&types);
  return st;
}

// ---------------------------------------------------------------- report

static MgdStatus
put(Val* const v, const MgdTerm* const s, const char* const p,
    const MgdTerm* const o)
{
  MgdQuad q;
  q.s = *s;
  q.p = mgd_term_iri(mgd_str(p));
  q.o = *o;
  q.g = mgd_term_none();
  return mgd_sink_quad(v->report, &q);
}

static MgdTerm
fresh_blank(Val* const v, char* const label, const size_t n)
{
  snprintf(label, n, "shaclr%llu", (unsigned long long)++v->n_nodes);
  return mgd_term_blank(mgd_str(label));
}

static MgdStatus
write_path(Val* v, const ShPath* path, MgdTerm* node, char* label, size_t n);

// Write `paths` as an RDF list; `*head` views `label`.
static MgdStatus
write_list(Val* const v, ShPath* const* const paths, const size_t n_paths,
           MgdTerm* const head, char* const label, const size_t n)
{
  MgdStatus st = MGD_SUCCESS;
  char      cell[32];
  char      item[32];
  char      next[32];
  MgdTerm   cur = fresh_blank(v, label, n);
  *head = cur;
  const MgdTerm nil = mgd_term_iri(mgd_str(MGD_NS_RDF "nil"));
  memcpy(cell, label, strlen(label) + 1U);
  for (size_t i = 0U; i < n_paths; ++i) {
    MgdTerm it;
    cur = mgd_term_blank(mgd_str(cell));
    MGD_TRY(st, write_path(v, paths[i], &it, item, sizeof(item)));
    MGD_TRY(st, put(v, &cur, MGD_NS_RDF "first", &it));
    if (i + 1U == n_paths) {
      MGD_TRY(st, put(v, &cur, MGD_NS_RDF "rest", &nil));
    } else {
      const MgdTerm nx = fresh_blank(v, next, sizeof(next));
      MGD_TRY(st, put(v, &cur, MGD_NS_RDF "rest", &nx));
      memcpy(cell, next, strlen(next) + 1U);
    }
  }
  return MGD_SUCCESS;
}

// Write a copy of `path`; `*node` is its term (its label in `label`).
static MgdStatus
write_path(Val* const v, const ShPath* const path, MgdTerm* const node,
           char* const label, const size_t n)
{
  static const char* const preds[] = {
    NULL, MGD_NS_SH "inversePath", NULL, MGD_NS_SH "alternativePath",
    MGD_NS_SH "zeroOrMorePath", MGD_NS_SH "oneOrMorePath",
    MGD_NS_SH "zeroOrOnePath",
  };
  MgdStatus st = MGD_SUCCESS;
  switch (path->kind) {
  case SH_PATH_PRED: *node = v->sh->terms[path->pred]; return MGD_SUCCESS;
  case SH_PATH_SEQ:
    return write_list(v, path->kids, path->n_kids, node, label, n);
  case SH_PATH_ALT: {
    char    lst[32];
    MgdTerm list;
    *node = fresh_blank(v, label, n);
    MGD_TRY(st, write_list(v, path->kids, path->n_kids, &list, lst,
                           sizeof(lst)));
    return put(v, node, preds[path->kind], &list);
  }
  case SH_PATH_INV:
  case SH_PATH_ZOM:
  case SH_PATH_OOM:
  case SH_PATH_ZOO: {
    char    sub[32];
    MgdTerm kid;
    *node = fresh_blank(v, label, n);
    MGD_TRY(st, write_path(v, path->kids[0], &kid, sub, sizeof(sub)));
    // write_path may have reused nothing of `label`; rebuild the view.
    *node = mgd_term_blank(mgd_str(label));
    return put(v, node, preds[path->kind], &kid);
  }
  }
  return MGD_BAD_INTERNAL;
}

static const char* const default_messages[SH_C_COUNT_] = {
  "Value is not an instance of the required class",
  "Value does not have the required datatype",
  "Value is not of the required node kind",
  "Fewer values than the minimum count",
  "More values than the maximum count",
  "Value is not greater than the exclusive minimum",
  "Value is less than the minimum",
  "Value is not less than the exclusive maximum",
  "Value is greater than the maximum",
  "Value is shorter than the minimum length",
  "Value is longer than the maximum length",
  "Value does not match the required pattern",
  "Value does not have an allowed language tag",
  "Language tag used by more than one value",
  "Value sets of the two properties differ",
  "Value is also a value of a property that must be disjoint",
  "Value is not less than the value it is compared with",
  "Value is greater than the value it is compared with",
  "Value conforms to a shape it must not conform to",
  "Value does not conform to all of the required shapes",
  "Value conforms to none of the alternative shapes",
  "Value does not conform to exactly one of the shapes",
  "Value does not conform to the required shape",
  "Property constraint failed",
  "Fewer values conform to the qualified shape than required",
  "More values conform to the qualified shape than allowed",
  "Property is not allowed by the closed shape",
  "The required value is missing",
  "Value is not one of the allowed values",
};

// Append `path` in SPARQL property path syntax.
static MgdStatus
path_text(const MgdShapes* const sh, const ShPath* const path,
          MgdBuf* const out)
{
  static const char* const suffix[] = {"", "", "", "", "*", "+", "?"};
  MgdStatus st = MGD_SUCCESS;
  switch (path->kind) {
  case SH_PATH_PRED:
    return mgd_term_write_nt(out, &sh->terms[path->pred]);
  case SH_PATH_SEQ:
  case SH_PATH_ALT:
    MGD_TRY(st, mgd_buf_putc(out, '('));
    for (size_t i = 0U; i < path->n_kids; ++i) {
      if (i) {
        MGD_TRY(st, mgd_buf_putc(out, path->kind == SH_PATH_SEQ ? '/' : '|'));
      }
      MGD_TRY(st, path_text(sh, path->kids[i], out));
    }
    return mgd_buf_putc(out, ')');
  case SH_PATH_INV:
    MGD_TRY(st, mgd_buf_putc(out, '^'));
    return path_text(sh, path->kids[0], out);
  case SH_PATH_ZOM:
  case SH_PATH_OOM:
  case SH_PATH_ZOO:
    MGD_TRY(st, mgd_buf_putc(out, '('));
    MGD_TRY(st, path_text(sh, path->kids[0], out));
    MGD_TRY(st, mgd_buf_putc(out, ')'));
    return mgd_buf_appendc(out, suffix[path->kind]);
  }
  return MGD_BAD_INTERNAL;
}

// Hand one result to the caller's callback.
static MgdStatus
call_on_result(Val* const v, const ShShape* const shape, const ShComp comp,
               const MgdId focus, const MgdId value, const MgdId pred,
               const MgdTerm* const default_message)
{
  MgdShaclResult res;
  MgdStatus      st = MGD_SUCCESS;
  MgdTerm        msgs[8];
  memset(&res, 0, sizeof(res));
  MGD_TRY(st, term_of(v, focus, &res.focus));
  res.value = mgd_term_none();
  if (value != MGD_ID_NONE) {
    MGD_TRY(st, term_of(v, value, &res.value));
  }
  mgd_buf_reset(&v->path_text);
  if (pred != MGD_ID_NONE) {
    MgdTerm p;
    MGD_TRY(st, term_of(v, pred, &p));
    MGD_TRY(st, mgd_term_write_nt(&v->path_text, &p));
  } else if (shape->path) {
    MGD_TRY(st, path_text(v->sh, shape->path, &v->path_text));
  }
  res.path = mgd_buf_str(&v->path_text);
  res.shape = v->sh->terms[shape->self];
  res.component = mgd_str(mgd_shacl_component_iri(comp));
  res.severity = v->sh->terms[shape->severity];
  if (shape->n_messages) {
    res.n_messages = shape->n_messages < 8U ? shape->n_messages : 8U;
    for (size_t i = 0U; i < res.n_messages; ++i) {
      msgs[i] = v->sh->terms[shape->messages[i]];
    }
    res.messages = msgs;
  } else {
    res.messages = default_message;
    res.n_messages = 1U;
  }
  return v->on_result(v->result_handle, &res);
}

// One validation result. `value` and `pred` (closed shapes: the offending
// predicate as result path) may be MGD_ID_NONE.
static MgdStatus
emit(Val* const v, Col* const col, const ShShape* const shape,
     const ShComp comp, const MgdId focus, const MgdId value, const MgdId pred)
{
  MgdStatus st = MGD_SUCCESS;
  ++col->n;
  if (!col->report) {
    return MGD_SUCCESS;
  }
  MgdShaclSummary* const sum = v->sum;
  ++sum->n_results;
  switch (shape->sev_kind) {
  case SH_SEV_VIOLATION: ++sum->n_violation; break;
  case SH_SEV_WARNING: ++sum->n_warning; break;
  case SH_SEV_INFO: ++sum->n_info; break;
  case SH_SEV_OTHER: ++sum->n_other; break;
  }
  const MgdTerm msg = mgd_term_literal(mgd_str(default_messages[comp]),
                                       mgd_str_n(NULL, 0U),
                                       mgd_str_n(NULL, 0U));
  if (v->on_result) {
    MGD_TRY(st, call_on_result(v, shape, comp, focus, value, pred, &msg));
  }
  if (!v->report) {
    return MGD_SUCCESS;
  }
  char          rlabel[32];
  char          plabel[32];
  const MgdTerm report = mgd_term_blank(mgd_str("shaclreport"));
  const MgdTerm result = fresh_blank(v, rlabel, sizeof(rlabel));
  const MgdTerm type = mgd_term_iri(mgd_str(MGD_NS_SH "ValidationResult"));
  const MgdTerm cc = mgd_term_iri(mgd_str(mgd_shacl_component_iri(comp)));
  MgdTerm       t;
  MgdTerm       path = mgd_term_none();
  // The path copy first, so that the result's own triples stay together
  // (writers group consecutive triples of one subject).
  if (pred != MGD_ID_NONE) {
    MGD_TRY(st, term_of(v, pred, &path));
  } else if (shape->path) {
    MGD_TRY(st, write_path(v, shape->path, &path, plabel, sizeof(plabel)));
  }
  MGD_TRY(st, put(v, &report, MGD_NS_SH "result", &result));
  MGD_TRY(st, put(v, &result, MGD_RDF_TYPE, &type));
  MGD_TRY(st, term_of(v, focus, &t));
  MGD_TRY(st, put(v, &result, MGD_NS_SH "focusNode", &t));
  if (path.kind != MGD_TERM_NONE) {
    MGD_TRY(st, put(v, &result, MGD_NS_SH "resultPath", &path));
  }
  if (value != MGD_ID_NONE) {
    MGD_TRY(st, term_of(v, value, &t));
    MGD_TRY(st, put(v, &result, MGD_NS_SH "value", &t));
  }
  MGD_TRY(st, put(v, &result, MGD_NS_SH "sourceShape",
                  &v->sh->terms[shape->self]));
  MGD_TRY(st, put(v, &result, MGD_NS_SH "sourceConstraintComponent", &cc));
  MGD_TRY(st, put(v, &result, MGD_NS_SH "resultSeverity",
                  &v->sh->terms[shape->severity]));
  for (size_t i = 0U; i < shape->n_messages; ++i) {
    MGD_TRY(st, put(v, &result, MGD_NS_SH "resultMessage",
                    &v->sh->terms[shape->messages[i]]));
  }
  if (!shape->n_messages) {
    MGD_TRY(st, put(v, &result, MGD_NS_SH "resultMessage", &msg));
  }
  return MGD_SUCCESS;
}

// ------------------------------------------------------------ validation

static MgdStatus
validate_shape(Val* v, Col* col, uint32_t si, MgdId focus);

// Does `node` conform to shape `si`? Answers are remembered for the whole
// validation: the answer depends only on the pair, and without the memo a
// shapes graph whose shapes share sub-shapes (sh:and ( ex:T ex:T ), nested
// n deep) would cost 2^n evaluations.
static MgdStatus
conforms(Val* const v, const uint32_t si, const MgdId node, bool* const yes)
{
  uint64_t  key[2] = {si, node};
  uint64_t  known = 0U;
  MgdStatus st = MGD_SUCCESS;
  if (mgd_hashmap_get(&v->memo, key, sizeof(key), &known) == MGD_SUCCESS) {
    *yes = known != 0U;
    return MGD_SUCCESS;
  }
  Col col = {false, 0U};
  MGD_TRY(st, validate_shape(v, &col, si, node));
  *yes = col.n == 0U;
  return mgd_hashmap_put(&v->memo, key, sizeof(key), *yes ? 1U : 0U, NULL,
                         NULL);
}

static size_t
utf8_length(const MgdStr s)
{
  size_t n = 0U;
  for (size_t i = 0U; i < s.len; ++i) {
    n += ((unsigned char)s.ptr[i] & 0xC0U) != 0x80U;
  }
  return n;
}

// Basic language range matching (RFC 4647 §3.3.1), as SPARQL langMatches.
static bool
lang_matches(const MgdStr tag, const MgdStr range)
{
  if (!tag.len) {
    return false;
  }
  if (mgd_str_eqc(range, "*")) {
    return true;
  }
  if (tag.len < range.len ||
      (tag.len > range.len && tag.ptr[range.len] != '-')) {
    return false;
  }
  for (size_t i = 0U; i < range.len; ++i) {
    if (tolower((unsigned char)tag.ptr[i]) !=
        tolower((unsigned char)range.ptr[i])) {
      return false;
    }
  }
  return true;
}

static bool
lang_eq(const MgdStr a, const MgdStr b)
{
  if (a.len != b.len) {
    return false;
  }
  for (size_t i = 0U; i < a.len; ++i) {
    if (tolower((unsigned char)a.ptr[i]) != tolower((unsigned char)b.ptr[i])) {
      return false;
    }
  }
  return true;
}

// Constraints checked one value node at a time: does `value` satisfy `k`?
static MgdStatus
value_ok(Val* const v, const ShConstraint* const k, const MgdId value,
         bool* const ok)
{
  MgdTerm   t;
  MgdStatus st = MGD_SUCCESS;
  *ok = true;
  switch (k->comp) {
  case SH_C_CLASS: return is_instance(v, value, v->tid[k->term], ok);
  case SH_C_DATATYPE: {
    MGD_TRY(st, term_of(v, value, &t));
    const MgdStr want = v->sh->terms[k->term].value;
    *ok = t.kind == MGD_TERM_LITERAL &&
          mgd_str_eq(mgd_term_datatype(&t), want) &&
          (t.lang.len ? mgd_str_eqc(want, MGD_RDF_LANGSTRING)
                      : mgd_shacl_lexical_valid(want, t.value));
    return MGD_SUCCESS;
  }
  case SH_C_NODEKIND: {
    MGD_TRY(st, term_of(v, value, &t));
    const unsigned bit = t.kind == MGD_TERM_IRI     ? (unsigned)SH_KIND_IRI
                         : t.kind == MGD_TERM_BLANK ? (unsigned)SH_KIND_BLANK
                                                    : (unsigned)SH_KIND_LITERAL;
    *ok = (bit & k->kinds) != 0U;
    return MGD_SUCCESS;
  }
  case SH_C_MINEXCLUSIVE:
  case SH_C_MININCLUSIVE:
  case SH_C_MAXEXCLUSIVE:
  case SH_C_MAXINCLUSIVE: {
    int cmp = 0;
    MGD_TRY(st, term_of(v, value, &t));
    if (mgd_shacl_value_compare(&t, &v->sh->terms[k->term], &cmp) !=
        MGD_SUCCESS) {
      *ok = false;
      return MGD_SUCCESS;
    }
    *ok = k->comp == SH_C_MINEXCLUSIVE   ? cmp > 0
          : k->comp == SH_C_MININCLUSIVE ? cmp >= 0
          : k->comp == SH_C_MAXEXCLUSIVE ? cmp < 0
                                         : cmp <= 0;
    return MGD_SUCCESS;
  }
  case SH_C_MINLENGTH:
  case SH_C_MAXLENGTH: {
    MGD_TRY(st, term_of(v, value, &t));
    const size_t n = utf8_length(t.value);
    *ok = t.kind != MGD_TERM_BLANK &&
          (k->comp == SH_C_MINLENGTH ? n >= k->count : n <= k->count);
    return MGD_SUCCESS;
  }
  case SH_C_PATTERN: {
    MGD_TRY(st, term_of(v, value, &t));
    if (t.kind == MGD_TERM_BLANK) {
      *ok = false;
      return MGD_SUCCESS;
    }
    const int rc = pcre2_match((const pcre2_code*)k->regex,
                               (PCRE2_SPTR)(t.value.ptr ? t.value.ptr : ""),
                               t.value.len, 0U, 0U, v->md, NULL);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
      // Bad UTF-8 in data or a match limit: the value does not match.
      *ok = false;
      return MGD_SUCCESS;
    }
    *ok = rc >= 0;
    return MGD_SUCCESS;
  }
  case SH_C_LANGUAGEIN: {
    MGD_TRY(st, term_of(v, value, &t));
    *ok = false;
    for (size_t i = 0U; t.kind == MGD_TERM_LITERAL && i < k->n_list && !*ok;
         ++i) {
      *ok = lang_matches(t.lang, v->sh->terms[k->list[i]].value);
    }
    return MGD_SUCCESS;
  }
  case SH_C_IN:
    *ok = false;
    for (size_t i = 0U; i < k->n_list && !*ok; ++i) {
      *ok = v->tid[k->list[i]] == value;
    }
    return MGD_SUCCESS;
  case SH_C_NOT: {
    bool c = false;
    MGD_TRY(st, conforms(v, k->shape, value, &c));
    *ok = !c;
    return MGD_SUCCESS;
  }
  case SH_C_NODE: return conforms(v, k->shape, value, ok);
  case SH_C_AND:
  case SH_C_OR:
  case SH_C_XONE: {
    size_t n_ok = 0U;
    for (size_t i = 0U; i < k->n_list; ++i) {
      bool c = false;
      MGD_TRY(st, conforms(v, k->list[i], value, &c));
      n_ok += c;
      if (k->comp == SH_C_AND && !c) {
        break;
      }
      if (k->comp == SH_C_OR && c) {
        break;
      }
    }
    *ok = k->comp == SH_C_AND  ? n_ok == k->n_list
          : k->comp == SH_C_OR ? n_ok > 0U
                               : n_ok == 1U;
    return MGD_SUCCESS;
  }
  default: break;
  }
  return MGD_BAD_INTERNAL;
}

static MgdStatus
check_constraint(Val* const v, Col* const col, const ShShape* const shape,
                 const ShConstraint* const k, const MgdId focus,
                 const IdSet* const vals)
{
  MgdStatus st = MGD_SUCCESS;
  IdSet     other;
  set_init(&other);
  switch (k->comp) {
  case SH_C_MINCOUNT:
    if (vals->n < k->count) {
      st = emit(v, col, shape, k->comp, focus, MGD_ID_NONE, MGD_ID_NONE);
    }
    break;
  case SH_C_MAXCOUNT:
    if (vals->n > k->count) {
      st = emit(v, col, shape, k->comp, focus, MGD_ID_NONE, MGD_ID_NONE);
    }
    break;
  case SH_C_HASVALUE:
    if (!set_has(vals, v->tid[k->term])) {
      st = emit(v, col, shape, k->comp, focus, MGD_ID_NONE, MGD_ID_NONE);
    }
    break;
  case SH_C_UNIQUELANG: {
    // Each language tag (case-insensitively) used by two or more values
    // is one result.
    MgdStr* tags = (MgdStr*)mgd_calloc(vals->n + 1U, sizeof(MgdStr));
    size_t  n_tags = 0U;
    if (!tags) {
      st = MGD_BAD_ALLOC;
      break;
    }
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      MgdTerm t;
      if ((st = term_of(v, vals->ids[i], &t)) == MGD_SUCCESS &&
          t.kind == MGD_TERM_LITERAL && t.lang.len) {
        tags[n_tags++] = t.lang;
      }
    }
    for (size_t i = 0U; i < n_tags && st == MGD_SUCCESS; ++i) {
      bool before = false;
      bool again = false;
      for (size_t j = 0U; j < i && !before; ++j) {
        before = lang_eq(tags[i], tags[j]);
      }
      for (size_t j = i + 1U; j < n_tags && !again; ++j) {
        again = lang_eq(tags[i], tags[j]);
      }
      if (!before && again) {
        st = emit(v, col, shape, k->comp, focus, MGD_ID_NONE, MGD_ID_NONE);
      }
    }
    mgd_free(tags);
    break;
  }
  case SH_C_EQUALS:
  case SH_C_DISJOINT:
  case SH_C_LESSTHAN:
  case SH_C_LESSTHANOREQUALS:
    if ((st = match_into(v, focus, v->tid[k->term], MGD_ID_NONE, 2,
                         &other)) != MGD_SUCCESS) {
      break;
    }
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      const MgdId x = vals->ids[i];
      if (k->comp == SH_C_EQUALS || k->comp == SH_C_DISJOINT) {
        if (set_has(&other, x) == (k->comp == SH_C_DISJOINT)) {
          st = emit(v, col, shape, k->comp, focus, x, MGD_ID_NONE);
        }
        continue;
      }
      for (size_t j = 0U; j < other.n && st == MGD_SUCCESS; ++j) {
        MgdTerm a;
        MgdTerm b;
        int     cmp = 0;
        if ((st = term_of(v, x, &a)) != MGD_SUCCESS ||
            (st = term_of(v, other.ids[j], &b)) != MGD_SUCCESS) {
          break;
        }
        const bool ok =
          mgd_shacl_value_compare(&a, &b, &cmp) == MGD_SUCCESS &&
          (k->comp == SH_C_LESSTHAN ? cmp < 0 : cmp <= 0);
        if (!ok) {
          st = emit(v, col, shape, k->comp, focus, x, MGD_ID_NONE);
        }
      }
    }
    for (size_t j = 0U; k->comp == SH_C_EQUALS && j < other.n &&
                        st == MGD_SUCCESS; ++j) {
      if (!set_has(vals, other.ids[j])) {
        st = emit(v, col, shape, k->comp, focus, other.ids[j], MGD_ID_NONE);
      }
    }
    break;
  case SH_C_PROPERTY:
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      st = validate_shape(v, col, k->shape, vals->ids[i]);
    }
    break;
  case SH_C_QUALIFIEDMIN:
  case SH_C_QUALIFIEDMAX: {
    uint64_t n = 0U;
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      bool c = false;
      if ((st = conforms(v, k->shape, vals->ids[i], &c)) != MGD_SUCCESS) {
        break;
      }
      for (size_t j = 0U; c && j < k->n_list && st == MGD_SUCCESS; ++j) {
        bool sib = false;
        st = conforms(v, k->list[j], vals->ids[i], &sib);
        c = !sib;
      }
      n += c;
    }
    if (st == MGD_SUCCESS && (k->comp == SH_C_QUALIFIEDMIN ? n < k->count
                                                           : n > k->count)) {
      st = emit(v, col, shape, k->comp, focus, MGD_ID_NONE, MGD_ID_NONE);
    }
    break;
  }
  case SH_C_CLOSED: {
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      if (v->empty || mgd_id_tag(vals->ids[i]) == MGD_TAG_LOCAL) {
        continue;
      }
      const MgdIdQuad pat = {vals->ids[i], MGD_ID_NONE, MGD_ID_NONE, v->graph};
      MgdIter*        it = NULL;
      MgdIdQuad       q;
      IdSet           seen; // (p, o) pairs repeat across graphs
      set_init(&seen);
      st = v->data->vt->match(v->data->handle, &pat, &it);
      while (st == MGD_SUCCESS &&
             (st = v->data->vt->next(it, &q)) == MGD_SUCCESS) {
        bool allowed = false;
        for (size_t j = 0U; j < k->n_list && !allowed; ++j) {
          allowed = v->tid[k->list[j]] == q.p;
        }
        bool added = true;
        if (!allowed && v->graph == MGD_ID_NONE) {
          // Union of graphs: report each triple once.
          const MgdId po[2] = {q.p, q.o};
          st = set_add(&seen, mgd_hash64(po, sizeof(po)) | 1U, &added);
        }
        if (st == MGD_SUCCESS && !allowed && added) {
          st = emit(v, col, shape, k->comp, focus, q.o, q.p);
        }
      }
      v->data->vt->iter_free(it);
      set_clear(&seen);
      st = st > MGD_FAILURE ? st : MGD_SUCCESS;
    }
    break;
  }
  default:
    for (size_t i = 0U; i < vals->n && st == MGD_SUCCESS; ++i) {
      bool ok = true;
      if ((st = value_ok(v, k, vals->ids[i], &ok)) == MGD_SUCCESS && !ok) {
        st = emit(v, col, shape, k->comp, focus, vals->ids[i], MGD_ID_NONE);
      }
      if (!col->report && col->n) {
        break;
      }
    }
    break;
  }
  set_clear(&other);
  return st;
}

static MgdStatus
validate_shape(Val* const v, Col* const col, const uint32_t si,
               const MgdId focus)
{
  const ShShape* const shape = &v->sh->shapes[si];
  MgdStatus            st = MGD_SUCCESS;
  if (shape->deactivated) {
    return MGD_SUCCESS;
  }
  for (size_t i = 0U; i < v->depth; ++i) {
    if (v->stack[i].shape == si && v->stack[i].focus == focus) {
      MgdTerm s = v->sh->terms[shape->self];
      mgd_buf_reset(&v->buf);
      (void)mgd_term_write_nt(&v->buf, &s);
      return mgd_diag(v->diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, v->source_name,
                      0U, 0U, NULL,
                      "shape %.300s: recursive shape reached itself again "
                      "for the same focus node",
                      v->buf.data ? v->buf.data : "?");
    }
  }
  if (v->depth >= v->max_depth) {
    return mgd_diag(v->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, v->source_name,
                    0U, 0U, NULL, "shapes nested deeper than %zu levels",
                    v->max_depth);
  }
  v->stack[v->depth].shape = si;
  v->stack[v->depth].focus = focus;
  ++v->depth;
  IdSet vals;
  set_init(&vals);
  st = shape->path ? eval_path(v, shape->path, focus, false, &vals)
                   : set_add(&vals, focus, NULL);
  for (size_t i = 0U; i < shape->n_cons && st == MGD_SUCCESS; ++i) {
    st = check_constraint(v, col, shape, &shape->cons[i], focus, &vals);
    if (!col->report && col->n) {
      break;
    }
  }
  set_clear(&vals);
  --v->depth;
  return st;
}

static MgdStatus
focus_nodes(Val* const v, const ShShape* const shape, IdSet* const out)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; i < shape->n_t_node && st == MGD_SUCCESS; ++i) {
    st = set_add(out, v->tid[shape->t_node[i]], NULL);
  }
  for (size_t i = 0U; i < shape->n_t_class && st == MGD_SUCCESS; ++i) {
    st = instances_of(v, v->tid[shape->t_class[i]], out);
  }
  for (size_t i = 0U; i < shape->n_t_subj && st == MGD_SUCCESS; ++i) {
    st = match_into(v, MGD_ID_NONE, v->tid[shape->t_subj[i]], MGD_ID_NONE, 0,
                    out);
  }
  for (size_t i = 0U; i < shape->n_t_obj && st == MGD_SUCCESS; ++i) {
    st = match_into(v, MGD_ID_NONE, v->tid[shape->t_obj[i]], MGD_ID_NONE, 2,
                    out);
  }
  return st;
}

MgdStatus
mgd_shacl_validate(const MgdShapes* const       shapes,
                   const MgdSource* const       data,
                   const MgdTerm* const         graph,
                   const MgdShaclOptions* const options,
                   const MgdSink* const         report,
                   MgdShaclSummary* const       summary)
{
  Val             v;
  MgdStatus       st = MGD_SUCCESS;
  IdSet           focus;
  const MgdLimits lim = options && options->limits ? *options->limits
                                                   : mgd_limits_default();
  memset(summary, 0, sizeof(*summary));
  memset(&v, 0, sizeof(v));
  set_init(&focus);
  v.sh = shapes;
  v.data = data;
  v.diag = options ? options->diag : NULL;
  v.source_name = options ? options->source_name : NULL;
  v.max_depth = lim.max_nesting;
  v.report = report;
  v.on_result = options ? options->on_result : NULL;
  v.result_handle = options ? options->result_handle : NULL;
  mgd_buf_init(&v.path_text);
  v.sum = summary;
  mgd_arena_init(&v.arena, 0U);
  mgd_buf_init(&v.buf);
  mgd_hashmap_init(&v.memo);
  v.tid = (MgdId*)mgd_calloc(shapes->n_terms + 1U, sizeof(MgdId));
  v.stack = (Frame*)mgd_calloc(v.max_depth + 1U, sizeof(Frame));
  v.md = pcre2_match_data_create(1U, NULL);
  if (!v.tid || !v.stack || !v.md) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  if (graph && graph->kind != MGD_TERM_NONE) {
    st = mgd_source_lookup(data, graph, &v.graph);
    if (st == MGD_FAILURE) {
      v.empty = true;
    } else if (st != MGD_SUCCESS) {
      goto done;
    }
  }
  for (size_t i = 0U; i < shapes->n_terms; ++i) {
    st = mgd_source_lookup(data, &shapes->terms[i], &v.tid[i]);
    if (st == MGD_FAILURE) {
      v.tid[i] = mgd_id_make(MGD_TAG_LOCAL, i);
    } else if (st != MGD_SUCCESS) {
      goto done;
    }
  }
  st = MGD_SUCCESS;
  for (uint32_t si = 0U; si < shapes->n_shapes && st == MGD_SUCCESS; ++si) {
    const ShShape* const shape = &shapes->shapes[si];
    if (shape->deactivated) {
      continue;
    }
    set_clear(&focus);
    if ((st = focus_nodes(&v, shape, &focus)) != MGD_SUCCESS) {
      break;
    }
    summary->n_focus += focus.n;
    for (size_t i = 0U; i < focus.n && st == MGD_SUCCESS; ++i) {
      Col col = {true, 0U};
      st = validate_shape(&v, &col, si, focus.ids[i]);
      mgd_arena_reset(&v.arena);
    }
  }
  summary->conforms = summary->n_results == 0U;
  if (st == MGD_SUCCESS && report) {
    const MgdTerm node = mgd_term_blank(mgd_str("shaclreport"));
    const MgdTerm type = mgd_term_iri(mgd_str(MGD_NS_SH "ValidationReport"));
    const MgdTerm conf = mgd_term_literal(
      mgd_str(summary->conforms ? "true" : "false"),
      mgd_str(MGD_XSD_BOOLEAN), mgd_str_n(NULL, 0U));
    if ((st = put(&v, &node, MGD_RDF_TYPE, &type)) == MGD_SUCCESS) {
      st = put(&v, &node, MGD_NS_SH "conforms", &conf);
    }
  }
done:
  set_clear(&focus);
  mgd_free(v.tid);
  mgd_free(v.stack);
  pcre2_match_data_free(v.md);
  mgd_arena_clear(&v.arena);
  mgd_buf_clear(&v.buf);
  mgd_buf_clear(&v.path_text);
  mgd_hashmap_clear(&v.memo);
  return st;
}

MgdStatus
mgd_shacl_write_summary(const MgdShaclSummary* const summary,
                        const MgdTerm* const node,
                        const MgdTerm* const validated,
                        const MgdTerm* const shapes,
                        const MgdTerm* const graph, const MgdSink* const sink)
{
  static const char* const count_preds[] = {
    MGD_SHACL_NS_MGDV "results", MGD_SHACL_NS_MGDV "violations",
    MGD_SHACL_NS_MGDV "warnings", MGD_SHACL_NS_MGDV "infos",
    MGD_SHACL_NS_MGDV "focusNodes",
  };
  const uint64_t counts[] = {summary->n_results, summary->n_violation,
                             summary->n_warning, summary->n_info,
                             summary->n_focus};
  MgdStatus st = MGD_SUCCESS;
  MgdQuad   q;
  char      num[32];
  if (!node || node->kind == MGD_TERM_NONE || node->kind == MGD_TERM_LITERAL) {
    return MGD_BAD_ARG;
  }
  q.s = *node;
  q.g = graph ? *graph : mgd_term_none();
  q.p = mgd_term_iri(mgd_str(MGD_RDF_TYPE));
  q.o = mgd_term_iri(mgd_str(MGD_SHACL_NS_MGDV "ShaclValidation"));
  MGD_TRY(st, mgd_sink_quad(sink, &q));
  if (validated && validated->kind != MGD_TERM_NONE) {
    q.p = mgd_term_iri(mgd_str(MGD_SHACL_NS_MGDV "validatedGraph"));
    q.o = *validated;
    MGD_TRY(st, mgd_sink_quad(sink, &q));
  }
  if (shapes && shapes->kind != MGD_TERM_NONE) {
    q.p = mgd_term_iri(mgd_str(MGD_SHACL_NS_MGDV "shapesGraph"));
    q.o = *shapes;
    MGD_TRY(st, mgd_sink_quad(sink, &q));
  }
  q.p = mgd_term_iri(mgd_str(MGD_NS_SH "conforms"));
  q.o = mgd_term_literal(mgd_str(summary->conforms ? "true" : "false"),
                         mgd_str(MGD_XSD_BOOLEAN), mgd_str_n(NULL, 0U));
  MGD_TRY(st, mgd_sink_quad(sink, &q));
  for (size_t i = 0U; i < sizeof(counts) / sizeof(counts[0]); ++i) {
    snprintf(num, sizeof(num), "%llu", (unsigned long long)counts[i]);
    q.p = mgd_term_iri(mgd_str(count_preds[i]));
    q.o = mgd_term_literal(mgd_str(num), mgd_str(MGD_XSD_INTEGER),
                           mgd_str_n(NULL, 0U));
    MGD_TRY(st, mgd_sink_quad(sink, &q));
  }
  return MGD_SUCCESS;
}
