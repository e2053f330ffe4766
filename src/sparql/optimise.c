// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Algebra rewrites applied once after parsing, and the variable analyses
// the evaluator shares with them.
//
// Filter push-down. A FILTER applies to the whole group it was written in
// (§18.2.2.6), so the translation puts it above the group's joins. Moving
// Filter(e, X) below X's top operator keeps the answer when the variables
// of e get the same values there:
//   Filter(e, Join(A, B))        -> Join(Filter(e, A), B)   vars(e) ⊆ cert(A)
//                                -> Join(A, Filter(e, B))   vars(e) ⊆ cert(B)
//   Filter(e, LeftJoin(A, B, f)) -> LeftJoin(Filter(e, A), B, f)  ⊆ cert(A)
//   Filter(e, Union(A, B))       -> Union(Filter(e, A), Filter(e, B))
//   Filter(e, Extend(A, v, x))   -> Extend(Filter(e, A), v, x)  v ∉ vars(e)
//   Filter(e, Graph(g, A))       -> Graph(g, Filter(e, A))  vars(e) ⊆ cert(A)
// where cert(A) are the variables every solution of A binds. Filters with
// EXISTS see the whole row (substitution) and never move. A filter that
// reaches a BGP is then tested inside the BGP's nested loops as soon as its
// variables are bound (eval.c).
//
// Joins with a BGP. A BGP joined with a UNION is otherwise evaluated as
// two materialised tables and a hash join; distributing the join lets
// each branch run as one BGP in nested loops with probe tables (the
// facet query q02 at 10M: 260 -> 222 ms in-process):
//   Join(P, Union(A, B))   -> Union(Join(P, A), Join(P, B))  P a BGP,
//                             at most UNION_SPLIT_MAX branches
//   Join(P, Extend(X, v, x)) -> Extend(Join(P, X), v, x)
//                             v not in P, vars(x) ⊆ cert(X), no EXISTS
//   Join(P, Filter(e, X))  -> Filter(e, Join(P, X))  vars(e) ⊆ cert(X),
//                             no EXISTS
//   Join(P, Q)             -> one BGP with the patterns of both
// (and the same with the operands swapped). Each is an identity of the
// algebra (§18.5) under the stated conditions; solutions may come in
// another order, which only ORDER BY fixes anyway.

#include "sparql/sparql_impl.h"

#include "base/alloc.h"

#include <string.h>

void
sp_certain_vars(const SpNode* const n, uint8_t* const mask, const uint32_t W)
{
  switch (n->kind) {
  case SP_N_BGP:
    for (uint32_t i = 0U; i < n->n_triples; ++i) {
      const SpTriple* t = &n->triples[i];
      if (t->s.is_var) { mask[t->s.var] = 1U; }
      if (t->p.is_var) { mask[t->p.var] = 1U; }
      if (t->o.is_var) { mask[t->o.var] = 1U; }
    }
    return;
  case SP_N_PATH:
    if (n->ps.is_var) { mask[n->ps.var] = 1U; }
    if (n->po.is_var) { mask[n->po.var] = 1U; }
    return;
  case SP_N_JOIN:
    sp_certain_vars(n->a, mask, W);
    sp_certain_vars(n->b, mask, W);
    return;
  case SP_N_GRAPH:
    sp_certain_vars(n->a, mask, W);
    if (n->graph.is_var) {
      mask[n->graph.var] = 1U;
    }
    return;
  case SP_N_FILTER:
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
  case SP_N_EXTEND:
  case SP_N_ORDER:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
    sp_certain_vars(n->a, mask, W);
    return;
  case SP_N_UNION: {
    uint8_t* const ma = (uint8_t*)mgd_calloc(W + 1U, 1U);
    uint8_t* const mb = (uint8_t*)mgd_calloc(W + 1U, 1U);
    if (ma && mb) {
      sp_certain_vars(n->a, ma, W);
      sp_certain_vars(n->b, mb, W);
      for (uint32_t v = 0U; v < W; ++v) {
        mask[v] |= (uint8_t)(ma[v] & mb[v]);
      }
    }
    mgd_free(ma);
    mgd_free(mb);
    return;
  }
  case SP_N_VALUES:
    for (uint32_t k = 0U; k < n->n_vars; ++k) {
      bool all = true;
      for (uint32_t r = 0U; r < n->n_rows; ++r) {
        all = all && n->cells[r * n->n_vars + k].kind != MGD_TERM_NONE;
      }
      if (all) {
        mask[n->vars[k]] = 1U;
      }
    }
    return;
  case SP_N_GROUP:
  case SP_N_PROJECT:
  case SP_N_SERVICE:
    return;
  }
}

bool
sp_expr_has_exists(const SpExpr* const e)
{
  if (!e) {
    return false;
  }
  if (e->kind == SP_EX_EXISTS || e->kind == SP_EX_NOT_EXISTS) {
    return true;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    if (sp_expr_has_exists(e->args[i])) {
      return true;
    }
  }
  return false;
}

bool
sp_expr_vars_within(const SpExpr* const e, const uint8_t* const mask)
{
  if (!e) {
    return true;
  }
  if (e->kind == SP_EX_EXISTS || e->kind == SP_EX_NOT_EXISTS ||
      e->kind == SP_EX_BNODE ||
      (e->kind == SP_EX_FUNC && (e->fn == MGD_FN_RAND || e->fn == MGD_FN_UUID ||
                                 e->fn == MGD_FN_STRUUID))) {
    return false; // a fresh value per evaluation, or the whole row
  }
  if (mask && (e->kind == SP_EX_VAR || e->kind == SP_EX_BOUND) &&
      !mask[e->var]) {
    return false;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    if (!sp_expr_vars_within(e->args[i], mask)) {
      return false;
    }
  }
  return true;
}

static bool
expr_uses(const SpExpr* const e, const SpVar v)
{
  if (!e) {
    return false;
  }
  if ((e->kind == SP_EX_VAR || e->kind == SP_EX_BOUND) && e->var == v) {
    return true;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    if (expr_uses(e->args[i], v)) {
      return true;
    }
  }
  return false;
}

typedef struct {
  MgdSparqlQuery* q;    ///< Query (arena for new nodes)
  uint8_t*        mask; ///< Scratch of q->n_vars + 1 bytes
} Opt;

/// True if every variable of `e` is certainly bound by `n`.
static bool
covered(Opt* const o, const SpExpr* const e, const SpNode* const n)
{
  memset(o->mask, 0, o->q->n_vars + 1U);
  sp_certain_vars(n, o->mask, o->q->n_vars);
  return sp_expr_vars_within(e, o->mask);
}

static SpNode*
filter_node(Opt* const o, SpExpr* const e, SpNode* const a)
{
  SpNode* const f = (SpNode*)mgd_arena_calloc(&o->q->arena, 1U, sizeof(*f));
  if (f) {
    f->kind  = SP_N_FILTER;
    f->a     = a;
    f->expr  = e;
    f->var   = SP_NO_VAR;
    f->limit = UINT64_MAX;
  }
  return f;
}

/// Push `e` into `x`; `self` is the existing Filter(e, x) node, reused when
/// the filter stays. Returns the replacement.
static SpNode*
push(Opt* const o, SpExpr* const e, SpNode* const x, SpNode* const self)
{
  if (sp_expr_has_exists(e) || !sp_expr_vars_within(e, NULL)) {
    return self;
  }
  switch (x->kind) {
  case SP_N_JOIN:
    if (covered(o, e, x->a)) {
      SpNode* const f = filter_node(o, e, x->a);
      if (f) {
        x->a = push(o, e, x->a, f);
        return x;
      }
    } else if (covered(o, e, x->b)) {
      SpNode* const f = filter_node(o, e, x->b);
      if (f) {
        x->b = push(o, e, x->b, f);
        return x;
      }
    }
    return self;
  case SP_N_LEFTJOIN:
    if (covered(o, e, x->a)) {
      SpNode* const f = filter_node(o, e, x->a);
      if (f) {
        x->a = push(o, e, x->a, f);
        return x;
      }
    }
    return self;
  case SP_N_UNION: {
    SpNode* const fa = filter_node(o, e, x->a);
    SpNode* const fb = filter_node(o, e, x->b);
    if (!fa || !fb) {
      return self;
    }
    x->a = push(o, e, x->a, fa);
    x->b = push(o, e, x->b, fb);
    return x;
  }
  case SP_N_EXTEND:
    if (!expr_uses(e, x->var)) {
      SpNode* const f = filter_node(o, e, x->a);
      if (f) {
        x->a = push(o, e, x->a, f);
        return x;
      }
    }
    return self;
  case SP_N_GRAPH:
    if (covered(o, e, x->a)) {
      SpNode* const f = filter_node(o, e, x->a);
      if (f) {
        x->a = push(o, e, x->a, f);
        return x;
      }
    }
    return self;
  case SP_N_BGP:
  case SP_N_PATH:
  case SP_N_FILTER:
  case SP_N_MINUS:
  case SP_N_VALUES:
  case SP_N_GROUP:
  case SP_N_ORDER:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
  case SP_N_SERVICE:
    return self;
  }
  return self;
}

/// Branches a UNION may have for a BGP to be joined into each of them.
#define UNION_SPLIT_MAX 8U

static unsigned
union_branches(const SpNode* const n, const unsigned limit)
{
  if (n->kind != SP_N_UNION) {
    return 1U;
  }
  const unsigned a = union_branches(n->a, limit);
  return a > limit ? a : a + union_branches(n->b, limit - a);
}

static bool
bgp_mentions(const SpNode* const p, const SpVar v)
{
  for (uint32_t i = 0U; i < p->n_triples; ++i) {
    const SpTriple* const t = &p->triples[i];
    if ((t->s.is_var && t->s.var == v) || (t->p.is_var && t->p.var == v) ||
        (t->o.is_var && t->o.var == v)) {
      return true;
    }
  }
  return false;
}

static SpNode*
node_copy(Opt* const o, const SpNode* const n)
{
  SpNode* const c = (SpNode*)mgd_arena_alloc(&o->q->arena, sizeof(*c));
  if (c) {
    *c = *n;
  }
  return c;
}

/// One BGP with the patterns of `a` then `b` (NULL when out of memory).
static SpNode*
bgp_merge(Opt* const o, const SpNode* const a, const SpNode* const b)
{
  SpNode* const m = node_copy(o, a);
  SpTriple* const t = (SpTriple*)mgd_arena_calloc(
    &o->q->arena, (size_t)a->n_triples + b->n_triples + 1U, sizeof(SpTriple));
  if (!m || !t) {
    return NULL;
  }
  if (a->n_triples) {
    memcpy(t, a->triples, a->n_triples * sizeof(SpTriple));
  }
  if (b->n_triples) {
    memcpy(t + a->n_triples, b->triples, b->n_triples * sizeof(SpTriple));
  }
  m->triples   = t;
  m->n_triples = a->n_triples + b->n_triples;
  return m;
}

/// Rewrite Join(p, x) with `p` a BGP (see the top of the file); returns
/// the replacement, or NULL to keep the join. `p_first`: p was the left
/// operand (kept so for the merged patterns' written order).
static SpNode*
join_bgp(Opt* const o, SpNode* const p, SpNode* const x, const bool p_first,
         const unsigned depth)
{
  if (depth > 16U) {
    return NULL;
  }
  switch (x->kind) {
  case SP_N_BGP:
    return p_first ? bgp_merge(o, p, x) : bgp_merge(o, x, p);
  case SP_N_UNION: {
    if (!p->n_triples || union_branches(x, UNION_SPLIT_MAX + 1U) >
                           UNION_SPLIT_MAX) {
      return NULL;
    }
    SpNode* const u  = node_copy(o, x);
    SpNode* const ja = u ? node_copy(o, x) : NULL;
    SpNode* const jb = ja ? node_copy(o, x) : NULL;
    if (!jb) {
      return NULL;
    }
    ja->kind = jb->kind = SP_N_JOIN;
    ja->a = p_first ? p : x->a;
    ja->b = p_first ? x->a : p;
    jb->a = p_first ? p : x->b;
    jb->b = p_first ? x->b : p;
    SpNode* const ra = join_bgp(o, p, x->a, p_first, depth + 1U);
    SpNode* const rb = join_bgp(o, p, x->b, p_first, depth + 1U);
    u->a = ra ? ra : ja;
    u->b = rb ? rb : jb;
    return u;
  }
  case SP_N_EXTEND: {
    if (bgp_mentions(p, x->var) || sp_expr_has_exists(x->expr) ||
        !covered(o, x->expr, x->a)) {
      return NULL;
    }
    SpNode* const inner = join_bgp(o, p, x->a, p_first, depth + 1U);
    SpNode* const e     = inner ? node_copy(o, x) : NULL;
    if (e) {
      e->a = inner;
    }
    return e;
  }
  case SP_N_FILTER: {
    if (sp_expr_has_exists(x->expr) || !covered(o, x->expr, x->a)) {
      return NULL;
    }
    SpNode* const inner = join_bgp(o, p, x->a, p_first, depth + 1U);
    SpNode* const f     = inner ? node_copy(o, x) : NULL;
    if (f) {
      f->a = inner;
    }
    return f;
  }
  case SP_N_PATH:
  case SP_N_JOIN:
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
  case SP_N_GRAPH:
  case SP_N_VALUES:
  case SP_N_GROUP:
  case SP_N_ORDER:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
  case SP_N_SERVICE:
    return NULL;
  }
  return NULL;
}

static void opt_expr(Opt* o, SpExpr* e);

static SpNode*
opt_node(Opt* const o, SpNode* const n)
{
  if (!n) {
    return NULL;
  }
  n->a = opt_node(o, n->a);
  n->b = opt_node(o, n->b);
  opt_expr(o, n->expr);
  if (n->kind == SP_N_FILTER) {
    return push(o, n->expr, n->a, n);
  }
  if (n->kind == SP_N_JOIN && n->a && n->b) {
    SpNode* r = NULL;
    if (n->a->kind == SP_N_BGP) {
      r = join_bgp(o, n->a, n->b, true, 0U);
    }
    if (!r && n->b->kind == SP_N_BGP) {
      r = join_bgp(o, n->b, n->a, false, 0U);
    }
    return r ? r : n;
  }
  return n;
}

static void
opt_expr(Opt* const o, SpExpr* const e)
{
  if (!e) {
    return;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    opt_expr(o, e->args[i]);
  }
  if (e->pattern) {
    e->pattern = opt_node(o, e->pattern);
  }
}

void
sp_optimise(MgdSparqlQuery* const q)
{
  Opt o = {q, (uint8_t*)mgd_calloc(q->n_vars + 1U, 1U)};
  if (o.mask) {
    q->root = opt_node(&o, q->root);
  }
  mgd_free(o.mask);
}

size_t
sp_node_depth(const SpNode* const n, const size_t limit)
{
  if (!n || !limit) {
    return 0U;
  }
  const size_t a = sp_node_depth(n->a, limit - 1U);
  const size_t b = sp_node_depth(n->b, limit - 1U);
  return 1U + (a > b ? a : b);
}
