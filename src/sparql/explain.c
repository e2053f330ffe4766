// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// EXPLAIN: the optimised algebra as text, with each BGP in the join order
// the evaluator would pick and the source's estimates. It plans exactly as
// eval.c does (sp_bgp_order) but runs nothing, so a bad order shows
// without waiting for it. Estimates are the raw ones; the planner divides a
// pattern's estimate by 100 per variable already bound and postpones
// patterns that would be cross products.

#include "sparql/eval_impl.h"

#include "base/alloc.h"

#include <string.h>

static const char* const node_names[] = {
  [SP_N_BGP] = "bgp",          [SP_N_PATH] = "path",
  [SP_N_JOIN] = "join",        [SP_N_LEFTJOIN] = "leftjoin",
  [SP_N_FILTER] = "filter",    [SP_N_UNION] = "union",
  [SP_N_MINUS] = "minus",      [SP_N_GRAPH] = "graph",
  [SP_N_EXTEND] = "extend",    [SP_N_VALUES] = "values",
  [SP_N_GROUP] = "group",      [SP_N_ORDER] = "order",
  [SP_N_PROJECT] = "project",  [SP_N_DISTINCT] = "distinct",
  [SP_N_REDUCED] = "reduced",  [SP_N_SLICE] = "slice",
  [SP_N_SERVICE] = "service",
};

static const char* const agg_names[] = {
  [SP_AGG_COUNT] = "COUNT",   [SP_AGG_SUM] = "SUM",
  [SP_AGG_MIN] = "MIN",       [SP_AGG_MAX] = "MAX",
  [SP_AGG_AVG] = "AVG",       [SP_AGG_SAMPLE] = "SAMPLE",
  [SP_AGG_GROUP_CONCAT] = "GROUP_CONCAT", [SP_AGG_CUSTOM] = "custom",
};

typedef struct {
  Ex*     x;   ///< Planning state (source, constants)
  MgdBuf* out; ///< Text
} Explain;

static MgdStatus
put_var(Explain* const e, const SpVar v)
{
  if (v == SP_NO_VAR || v >= e->x->q->n_vars) {
    return mgd_buf_appendc(e->out, "?_");
  }
  const MgdStr name = e->x->q->var_names[v];
  MgdStatus    st   = mgd_buf_putc(e->out, '?');
  return st ? st : mgd_buf_append(e->out, name.ptr, name.len);
}

static MgdStatus
put_pos(Explain* const e, const SpPos* const p)
{
  return p->is_var ? put_var(e, p->var) : mgd_term_write_nt(e->out, &p->term);
}

static const char*
op_name(const MgdFunc fn)
{
  switch (fn) {
  case MGD_FN_EQ: return "=";
  case MGD_FN_NE: return "!=";
  case MGD_FN_LT: return "<";
  case MGD_FN_GT: return ">";
  case MGD_FN_LE: return "<=";
  case MGD_FN_GE: return ">=";
  case MGD_FN_ADD: return "+";
  case MGD_FN_SUB: return "-";
  case MGD_FN_MUL: return "*";
  case MGD_FN_DIV: return "/";
  default: return NULL;
  }
}

static MgdStatus
put_expr(Explain* const e, const SpExpr* const x)
{
  MgdBuf* const out = e->out;
  MgdStatus     st  = MGD_SUCCESS;
  switch (x->kind) {
  case SP_EX_VAR:
  case SP_EX_BOUND:
    st = x->kind == SP_EX_BOUND ? mgd_buf_appendc(out, "BOUND(") : 0;
    st = st ? st : put_var(e, x->var);
    return st || x->kind != SP_EX_BOUND ? st : mgd_buf_putc(out, ')');
  case SP_EX_TERM:
    return mgd_term_write_nt(out, &x->term);
  case SP_EX_AGG:
    st = mgd_buf_printf(out, "%s(%s", agg_names[x->agg],
                        x->distinct ? "DISTINCT " : "");
    st = st ? st : x->star ? mgd_buf_putc(out, '*') : MGD_SUCCESS;
    for (uint32_t i = 0U; !st && !x->star && i < x->n_args; ++i) {
      st = put_expr(e, x->args[i]);
    }
    return st ? st : mgd_buf_putc(out, ')');
  case SP_EX_EXISTS:
  case SP_EX_NOT_EXISTS:
    return mgd_buf_appendc(out, x->kind == SP_EX_EXISTS ? "EXISTS{..}"
                                                        : "NOT EXISTS{..}");
  case SP_EX_OR:
  case SP_EX_AND:
  case SP_EX_FUNC: {
    const char* const op = x->kind == SP_EX_OR    ? "||"
                           : x->kind == SP_EX_AND ? "&&"
                                                  : op_name(x->fn);
    if (op && x->n_args == 2U) {
      st = mgd_buf_putc(out, '(');
      st = st ? st : put_expr(e, x->args[0]);
      st = st ? st : mgd_buf_printf(out, " %s ", op);
      st = st ? st : put_expr(e, x->args[1]);
      return st ? st : mgd_buf_putc(out, ')');
    }
    st = mgd_buf_printf(out, "fn%d(", (int)x->fn);
    break;
  }
  case SP_EX_IF:
    st = mgd_buf_appendc(out, "IF(");
    break;
  case SP_EX_COALESCE:
    st = mgd_buf_appendc(out, "COALESCE(");
    break;
  case SP_EX_IN:
  case SP_EX_NOT_IN:
    st = mgd_buf_appendc(out, x->kind == SP_EX_IN ? "IN(" : "NOT IN(");
    break;
  case SP_EX_BNODE:
    st = mgd_buf_appendc(out, "BNODE(");
    break;
  }
  for (uint32_t i = 0U; !st && i < x->n_args; ++i) {
    st = i ? mgd_buf_appendc(out, ", ") : MGD_SUCCESS;
    st = st ? st : put_expr(e, x->args[i]);
  }
  return st ? st : mgd_buf_putc(out, ')');
}

static MgdStatus
put_path(Explain* const e, const SpPath* const p, const unsigned depth)
{
  MgdBuf* const out = e->out;
  MgdStatus     st  = MGD_SUCCESS;
  if (depth > 32U) {
    return mgd_buf_appendc(out, "...");
  }
  switch (p->kind) {
  case SP_PATH_LINK:
    return mgd_term_write_nt(out, &p->iri);
  case SP_PATH_INV:
    st = mgd_buf_putc(out, '^');
    return st ? st : put_path(e, p->a, depth + 1U);
  case SP_PATH_SEQ:
  case SP_PATH_ALT:
    st = mgd_buf_putc(out, '(');
    st = st ? st : put_path(e, p->a, depth + 1U);
    st = st ? st : mgd_buf_appendc(out, p->kind == SP_PATH_SEQ ? " / " : " | ");
    st = st ? st : put_path(e, p->b, depth + 1U);
    return st ? st : mgd_buf_putc(out, ')');
  case SP_PATH_ZOM:
  case SP_PATH_OOM:
  case SP_PATH_ZOO:
    st = mgd_buf_putc(out, '(');
    st = st ? st : put_path(e, p->a, depth + 1U);
    st = st ? st : mgd_buf_putc(out, ')');
    return st ? st
              : mgd_buf_putc(out, p->kind == SP_PATH_ZOM   ? '*'
                                  : p->kind == SP_PATH_OOM ? '+'
                                                           : '?');
  case SP_PATH_NPS:
    st = mgd_buf_appendc(out, "!(");
    for (uint32_t i = 0U; !st && i < p->n_fwd + p->n_inv; ++i) {
      st = i ? mgd_buf_appendc(out, " | ") : MGD_SUCCESS;
      st = st || i < p->n_fwd ? st : mgd_buf_putc(out, '^');
      st = st ? st
              : mgd_term_write_nt(out, i < p->n_fwd ? &p->fwd[i]
                                                   : &p->inv[i - p->n_fwd]);
    }
    return st ? st : mgd_buf_putc(out, ')');
  }
  return MGD_BAD_INTERNAL;
}

/// One BGP: its patterns in join order with raw estimates.
static MgdStatus
put_bgp(Explain* const e, const SpNode* const n, const unsigned depth,
        const SpExpr* const* const filters, const uint32_t n_filters)
{
  Ex* const       x     = e->x;
  uint8_t* const  bound = (uint8_t*)mgd_calloc(x->W + 1U, 1U);
  uint32_t* const order =
    (uint32_t*)mgd_calloc(n->n_triples + 1U, sizeof(uint32_t));
  MgdStatus st = bound && order ? MGD_SUCCESS : MGD_BAD_ALLOC;
  st = st ? st : sp_bgp_order(x, n, bound, filters, n_filters, order);
  for (uint32_t k = 0U; !st && k < n->n_triples; ++k) {
    const SpTriple* const t      = &n->triples[order[k]];
    const SpPos*          pos[3] = {&t->s, &t->p, &t->o};
    MgdId                 ids[3] = {0U, 0U, 0U};
    bool                  known  = true;
    for (int j = 0; j < 3 && !st; ++j) {
      if (!pos[j]->is_var) {
        st    = sp_ex_intern(x, &pos[j]->term, &ids[j]);
        known = known && mgd_id_tag(ids[j]) != MGD_TAG_LOCAL;
      }
    }
    uint64_t est = 0U;
    if (!st && known) {
      const MgdIdQuad pat = {ids[0], ids[1], ids[2], MGD_ID_NONE};
      st = x->src->vt->estimate(x->src->handle, &pat, &est);
      st = st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    st = st ? st : mgd_buf_printf(e->out, "%*s%u. ", (int)depth * 2, "",
                                  (unsigned)(k + 1U));
    for (int j = 0; j < 3 && !st; ++j) {
      st = put_pos(e, pos[j]);
      st = st ? st : mgd_buf_putc(e->out, ' ');
    }
    st = st ? st : mgd_buf_printf(e->out, " est %llu\n",
                                  (unsigned long long)est);
  }
  mgd_free(bound);
  mgd_free(order);
  return st;
}

static MgdStatus
put_node(Explain* const e, const SpNode* const n, const unsigned depth)
{
  MgdBuf* const out = e->out;
  if (depth > 64U) {
    return mgd_buf_printf(out, "%*s...\n", (int)depth * 2, "");
  }
  MgdStatus st = mgd_buf_printf(out, "%*s%s", (int)depth * 2, "",
                                node_names[n->kind]);
  switch (n->kind) {
  case SP_N_BGP:
    st = st ? st : mgd_buf_printf(out, " (%u patterns)\n", n->n_triples);
    return st ? st : put_bgp(e, n, depth + 1U, NULL, 0U);
  case SP_N_PATH:
    st = st ? st : mgd_buf_putc(out, ' ');
    st = st ? st : put_pos(e, &n->ps);
    st = st ? st : mgd_buf_putc(out, ' ');
    st = st ? st : put_path(e, n->path, 0U);
    st = st ? st : mgd_buf_putc(out, ' ');
    st = st ? st : put_pos(e, &n->po);
    return st ? st : mgd_buf_putc(out, '\n');
  case SP_N_FILTER:
  case SP_N_LEFTJOIN:
  case SP_N_EXTEND:
    if (n->kind == SP_N_EXTEND) {
      st = st ? st : mgd_buf_putc(out, ' ');
      st = st ? st : put_var(e, n->var);
      st = st ? st : mgd_buf_appendc(out, " :=");
    }
    if (n->expr) {
      st = st ? st : mgd_buf_putc(out, ' ');
      st = st ? st : put_expr(e, n->expr);
    }
    break;
  case SP_N_GRAPH:
  case SP_N_SERVICE:
    st = st ? st : mgd_buf_putc(out, ' ');
    st = st ? st : put_pos(e, &n->graph);
    break;
  case SP_N_PROJECT:
  case SP_N_VALUES:
    for (uint32_t i = 0U; !st && i < n->n_vars; ++i) {
      st = mgd_buf_putc(out, ' ');
      st = st ? st : put_var(e, n->vars[i]);
    }
    if (n->kind == SP_N_VALUES) {
      st = st ? st : mgd_buf_printf(out, " (%u rows)", n->n_rows);
    }
    break;
  case SP_N_GROUP:
    st = st ? st : mgd_buf_appendc(out, " by");
    for (uint32_t i = 0U; !st && i < n->n_keys; ++i) {
      st = mgd_buf_putc(out, ' ');
      st = st ? st : put_expr(e, n->keys[i]);
    }
    for (uint32_t i = 0U; !st && i < n->n_aggs; ++i) {
      st = mgd_buf_appendc(out, i ? ", " : " computing ");
      st = st ? st : put_var(e, n->aggs[i]->var);
      st = st ? st : mgd_buf_appendc(out, " = ");
      st = st ? st : put_expr(e, n->aggs[i]);
    }
    break;
  case SP_N_ORDER:
    for (uint32_t i = 0U; !st && i < n->n_conds; ++i) {
      st = mgd_buf_appendc(out, n->conds[i].desc ? " DESC " : " ASC ");
      st = st ? st : put_expr(e, n->conds[i].expr);
    }
    break;
  case SP_N_SLICE:
    st = st ? st : mgd_buf_printf(out, " offset %llu",
                                  (unsigned long long)n->offset);
    if (n->limit != UINT64_MAX) {
      st = st ? st : mgd_buf_printf(out, " limit %llu",
                                    (unsigned long long)n->limit);
    }
    break;
  case SP_N_JOIN:
  case SP_N_UNION:
  case SP_N_MINUS:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
    break;
  }
  st = st ? st : mgd_buf_putc(out, '\n');
  if (!st && n->kind == SP_N_FILTER && n->a && n->a->kind == SP_N_BGP) {
    // FILTER over a BGP runs inside it: plan with its conjuncts.
    const SpExpr* conj[64];
    uint32_t      nc    = 0U;
    const SpExpr* stack[64];
    uint32_t      depth_ = 0U;
    stack[depth_++]      = n->expr;
    while (depth_ && nc < 64U) {
      const SpExpr* const c = stack[--depth_];
      if (c->kind == SP_EX_AND && depth_ + 2U <= 64U) {
        stack[depth_++] = c->args[1];
        stack[depth_++] = c->args[0];
      } else {
        conj[nc++] = c;
      }
    }
    st = mgd_buf_printf(out, "%*sbgp (%u patterns, filters inside)\n",
                        (int)(depth + 1U) * 2, "", n->a->n_triples);
    return st ? st : put_bgp(e, n->a, depth + 2U, conj, nc);
  }
  if (!st && n->a) {
    st = put_node(e, n->a, depth + 1U);
  }
  if (!st && n->b) {
    st = put_node(e, n->b, depth + 1U);
  }
  return st;
}

MgdStatus
mgd_sparql_explain(const MgdSparqlQuery* const       q,
                   const MgdSparqlExecOptions* const o, MgdBuf* const out)
{
  if (!q || !out) {
    return MGD_BAD_ARG;
  }
  Ex        x;
  MgdStatus st = sp_ex_init(&x, q, o);
  if (!st) {
    Explain e = {&x, out};
    st        = put_node(&e, q->root, 0U);
  }
  sp_ex_clear(&x);
  return st;
}
