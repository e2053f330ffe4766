// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// SPARQL 1.1 Update execution (Update §3) on top of the query evaluator.
//
// Each operation runs with a fresh evaluator, because the data changes
// between operations (cached constant ids would go stale). Terms handed to
// the target are copied first: a store's write transaction may move the
// bytes a borrowed term points to as soon as it writes.

#include "sparql/eval_impl.h"

#include "base/alloc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/// Copy `t`'s strings into the scratch arena.
static MgdStatus
up_copy(Ex* const x, MgdTerm* const t)
{
  t->value    = mgd_arena_str(&x->scratch, t->value);
  t->datatype = mgd_arena_str(&x->scratch, t->datatype);
  t->lang     = mgd_arena_str(&x->scratch, t->lang);
  return t->value.ptr && t->datatype.ptr && t->lang.ptr ? MGD_SUCCESS
                                                        : MGD_BAD_ALLOC;
}

/// The term at a template position under `row` (kind NONE: skip the quad).
/// Blank nodes get a label fresh for this operation and solution.
static MgdStatus
up_term(Ex* const x, const SpPos* const pos, const MgdId* const row,
        const uint64_t nonce, MgdTerm* const out)
{
  MgdStatus st = MGD_SUCCESS;
  if (pos->is_var) {
    *out = mgd_term_none();
    if (row && row[pos->var]) {
      st = sp_ex_term(x, row[pos->var], &x->scratch, out);
    }
  } else if (pos->term.kind == MGD_TERM_BLANK) {
    char prefix[48];
    snprintf(prefix, sizeof(prefix), "u%llx_",
             (unsigned long long)nonce);
    MgdBuf b;
    mgd_buf_init(&b);
    st = mgd_buf_appendc(&b, prefix);
    st = st ? st : mgd_buf_append(&b, pos->term.value.ptr, pos->term.value.len);
    for (size_t i = 0U; !st && i < b.len; ++i) {
      b.data[i] = b.data[i] == '#' ? 'x' : b.data[i];
    }
    const MgdStr label = st ? mgd_str_n(NULL, 0U)
                            : mgd_arena_str(&x->scratch, mgd_buf_str(&b));
    mgd_buf_clear(&b);
    if (!st && !label.ptr) {
      st = MGD_BAD_ALLOC;
    }
    *out = mgd_term_blank(label);
    return st;
  } else {
    *out = pos->term;
  }
  return st ? st : up_copy(x, out);
}

/// Instantiate `q` under `row`; `*ok` false if it yields no valid quad.
static MgdStatus
up_quad(Ex* const x, const SpQuad* const q, const MgdId* const row,
        const MgdTerm* const dflt, const uint64_t nonce, MgdQuad* const out,
        bool* const ok)
{
  MgdStatus st = up_term(x, &q->s, row, nonce, &out->s);
  st           = st ? st : up_term(x, &q->p, row, nonce, &out->p);
  st           = st ? st : up_term(x, &q->o, row, nonce, &out->o);
  out->g       = dflt ? *dflt : mgd_term_none();
  if (!st && q->has_g) {
    st = up_term(x, &q->g, row, nonce, &out->g);
    *ok = out->g.kind == MGD_TERM_IRI;
  } else {
    *ok = true;
  }
  *ok = *ok && !st &&
        (out->s.kind == MGD_TERM_IRI || out->s.kind == MGD_TERM_BLANK) &&
        out->p.kind == MGD_TERM_IRI && out->o.kind != MGD_TERM_NONE;
  return st;
}

static MgdStatus
up_insert(const MgdSparqlUpdateTarget* const t, const MgdQuad* const q)
{
  return t->add(t->handle, q);
}

/// Remove a quad of terms if the source holds it.
static MgdStatus
up_delete(Ex* const x, const MgdSparqlUpdateTarget* const t,
          const MgdQuad* const q)
{
  MgdIdQuad ids = {0U, 0U, 0U, MGD_ID_DEFAULT_GRAPH};
  MgdStatus st  = mgd_source_lookup(x->src, &q->s, &ids.s);
  st            = st ? st : mgd_source_lookup(x->src, &q->p, &ids.p);
  st            = st ? st : mgd_source_lookup(x->src, &q->o, &ids.o);
  if (!st && q->g.kind != MGD_TERM_NONE) {
    st = mgd_source_lookup(x->src, &q->g, &ids.g);
  }
  if (st == MGD_FAILURE) {
    return MGD_SUCCESS; // a term the data lacks: nothing to delete
  }
  st = st ? st : t->remove(t->handle, &ids);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

typedef struct {
  MgdIdQuad* v;   ///< Quads
  size_t     n;   ///< Count
  size_t     cap; ///< Allocated
} QuadList;

static MgdStatus
collect_quad(Ex* const x, const MgdIdQuad* const q, void* const ctx)
{
  QuadList* const l = (QuadList*)ctx;
  (void)x;
  if (l->n == l->cap) {
    const size_t     cap = l->cap ? l->cap * 2U : 64U;
    MgdIdQuad* const mem = (MgdIdQuad*)mgd_realloc(l->v, cap * sizeof(*mem));
    if (!mem) {
      return MGD_BAD_ALLOC;
    }
    l->v   = mem;
    l->cap = cap;
  }
  l->v[l->n++] = *q;
  return MGD_SUCCESS;
}

/// The graph ids a CLEAR/DROP/ADD... target names (absent graphs: none).
static MgdStatus
up_graphs(Ex* const x, const SpGraphTarget target, const MgdTerm* const graph,
          Pairs* const out)
{
  MgdId     id = 0U;
  MgdStatus st = MGD_SUCCESS;
  switch (target) {
  case SP_GT_DEFAULT:
    return sp_pairs_push(x, out, MGD_ID_DEFAULT_GRAPH, MGD_ID_DEFAULT_GRAPH);
  case SP_GT_GRAPH:
    st = mgd_source_lookup(x->src, graph, &id);
    return st == MGD_FAILURE ? MGD_SUCCESS
                             : (st ? st : sp_pairs_push(x, out, id, id));
  case SP_GT_ALL:
    st = sp_pairs_push(x, out, MGD_ID_DEFAULT_GRAPH, MGD_ID_DEFAULT_GRAPH);
    return st ? st : sp_named_graphs(x, out);
  case SP_GT_NAMED:
    return sp_named_graphs(x, out);
  }
  return MGD_BAD_INTERNAL;
}

/// Remove every quad of graph `g`.
static MgdStatus
up_clear_graph(Ex* const x, const MgdSparqlUpdateTarget* const t,
               const MgdId g)
{
  QuadList  l  = {NULL, 0U, 0U};
  MgdStatus st = sp_scan(x, 0U, 0U, 0U, g, collect_quad, &l);
  for (size_t i = 0U; i < l.n && !st; ++i) {
    st = t->remove(t->handle, &l.v[i]);
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  mgd_free(l.v);
  return st;
}

/// Copy every quad of graph `from` into graph `to` (a term; NONE = the
/// default graph).
static MgdStatus
up_copy_graph(Ex* const x, const MgdSparqlUpdateTarget* const t,
              const MgdId from, const MgdTerm* const to)
{
  QuadList  l  = {NULL, 0U, 0U};
  MgdStatus st = sp_scan(x, 0U, 0U, 0U, from, collect_quad, &l);
  for (size_t i = 0U; i < l.n && !st; ++i) {
    MgdQuad q;
    st  = sp_ex_term(x, l.v[i].s, &x->scratch, &q.s);
    st  = st ? st : sp_ex_term(x, l.v[i].p, &x->scratch, &q.p);
    st  = st ? st : sp_ex_term(x, l.v[i].o, &x->scratch, &q.o);
    st  = st ? st : up_copy(x, &q.s);
    st  = st ? st : up_copy(x, &q.p);
    st  = st ? st : up_copy(x, &q.o);
    q.g = *to;
    st  = st ? st : up_insert(t, &q);
    if (!x->nest && x->scratch.n_bytes > ((size_t)1 << 20)) {
      mgd_arena_reset(&x->scratch);
    }
  }
  mgd_free(l.v);
  return st;
}

static MgdStatus
up_transfer(Ex* const x, const SpUpdateOp* const op,
            const MgdSparqlUpdateTarget* const t)
{
  Pairs     from = {NULL, 0U, 0U};
  Pairs     to   = {NULL, 0U, 0U};
  MgdStatus st   = up_graphs(x, op->target, &op->graph, &from);
  st             = st ? st : up_graphs(x, op->to_target, &op->to, &to);
  const MgdId from_id = from.n ? from.v[0] : 0U;
  const MgdId to_id   = to.n ? to.v[0] : 0U;
  const bool  same    = op->target == op->to_target &&
                    (op->target == SP_GT_DEFAULT ||
                     mgd_term_eq(&op->graph, &op->to));
  if (!st && !same) {
    if (op->target == SP_GT_GRAPH && !from.n && !op->silent) {
      st = mgd_diag(x->diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "source graph of %s does not exist",
                    op->kind == SP_UP_ADD    ? "ADD"
                    : op->kind == SP_UP_MOVE ? "MOVE"
                                             : "COPY");
    }
    const MgdTerm dest = op->to_target == SP_GT_DEFAULT ? mgd_term_none()
                                                        : op->to;
    if (!st && op->kind != SP_UP_ADD && to_id) {
      st = up_clear_graph(x, t, to_id);
    }
    if (!st && from_id) {
      st = up_copy_graph(x, t, from_id, &dest);
    }
    if (!st && op->kind == SP_UP_MOVE && from_id) {
      st = up_clear_graph(x, t, from_id);
    }
  }
  sp_pairs_free(&from);
  sp_pairs_free(&to);
  return st;
}

/// DELETE/INSERT ... WHERE and DELETE WHERE (§3.1.3).
static MgdStatus
up_modify(Ex* const x, const SpUpdateOp* const op,
          const MgdSparqlUpdateTarget* const t, const uint64_t nonce)
{
  Tab           sol  = {NULL, 0U, 0U, NULL, NULL, false};
  const MgdTerm none = mgd_term_none();
  const MgdTerm* dflt = op->with.kind != MGD_TERM_NONE ? &op->with : &none;
  MgdStatus     st   = sp_eval(x, op->where, NULL, MGD_ID_NONE, &sol);
  const SpQuad* dq   = op->del;
  for (size_t i = 0U; i < sol.n && !st; ++i) {
    for (uint32_t k = 0U; k < op->n_del && !st; ++k) {
      MgdQuad q;
      bool    ok = false;
      st = up_quad(x, &dq[k], tab_row(x, &sol, i), dflt, nonce, &q, &ok);
      if (!st && ok) {
        st = up_delete(x, t, &q);
      }
    }
    if (!x->nest && x->scratch.n_bytes > ((size_t)1 << 20)) {
      mgd_arena_reset(&x->scratch);
    }
  }
  for (size_t i = 0U; i < sol.n && !st; ++i) {
    for (uint32_t k = 0U; k < op->n_ins && !st; ++k) {
      MgdQuad q;
      bool    ok = false;
      st = up_quad(x, &op->ins[k], tab_row(x, &sol, i), dflt,
                   nonce * 1000003U + i, &q, &ok);
      if (!st && ok) {
        st = up_insert(t, &q);
      }
    }
    if (!x->nest && x->scratch.n_bytes > ((size_t)1 << 20)) {
      mgd_arena_reset(&x->scratch);
    }
  }
  sp_tab_free(x, &sol);
  return st;
}

static MgdStatus
up_run_op(Ex* const x, const SpUpdateOp* const op,
          const MgdSparqlUpdateTarget* const t, const uint64_t nonce)
{
  MgdStatus st = MGD_SUCCESS;
  switch (op->kind) {
  case SP_UP_INSERT_DATA:
  case SP_UP_DELETE_DATA: {
    const bool     ins = op->kind == SP_UP_INSERT_DATA;
    const SpQuad*  qs  = ins ? op->ins : op->del;
    const uint32_t n   = ins ? op->n_ins : op->n_del;
    for (uint32_t k = 0U; k < n && !st; ++k) {
      MgdQuad q;
      bool    ok = false;
      st         = up_quad(x, &qs[k], NULL, NULL, nonce, &q, &ok);
      if (!st && ok) {
        st = ins ? up_insert(t, &q) : up_delete(x, t, &q);
      }
    }
    return st;
  }
  case SP_UP_DELETE_WHERE:
  case SP_UP_MODIFY:
    return up_modify(x, op, t, nonce);
  case SP_UP_LOAD:
    if (!t->load) {
      return op->silent ? MGD_SUCCESS
                        : mgd_diag(x->diag, MGD_BAD_UNSUPPORTED,
                                   MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                                   "LOAD not enabled");
    }
    st = t->load(t->handle, op->iri.value,
                 op->target == SP_GT_GRAPH ? &op->graph : NULL,
                 op->silent ? NULL : x->diag);
    return op->silent && st > MGD_FAILURE && st != MGD_BAD_ALLOC
             ? MGD_SUCCESS
             : st;
  case SP_UP_CLEAR:
  case SP_UP_DROP: {
    Pairs graphs = {NULL, 0U, 0U};
    st           = up_graphs(x, op->target, &op->graph, &graphs);
    for (size_t i = 0U; i < graphs.n && !st; ++i) {
      st = up_clear_graph(x, t, graphs.v[i * 2U]);
    }
    sp_pairs_free(&graphs);
    return st;
  }
  case SP_UP_CREATE: {
    // No empty graphs are kept: CREATE only checks the graph is new.
    Pairs graphs = {NULL, 0U, 0U};
    bool  in     = false;
    st           = up_graphs(x, op->target, &op->graph, &graphs);
    if (!st && graphs.n) {
      st = sp_scan(x, 0U, 0U, 0U, graphs.v[0], sp_stop_hit, &in);
      st = st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    sp_pairs_free(&graphs);
    if (!st && in && !op->silent) {
      st = mgd_diag(x->diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "CREATE: graph already exists");
    }
    return st;
  }
  case SP_UP_ADD:
  case SP_UP_MOVE:
  case SP_UP_COPY:
    return up_transfer(x, op, t);
  }
  return MGD_BAD_INTERNAL;
}

MgdStatus
mgd_sparql_update_run(const MgdSparqlUpdate* const       u,
                      const MgdSparqlExecOptions* const o,
                      const MgdSparqlUpdateTarget* const t)
{
  if (!u || !o || !t || !t->add || !t->remove) {
    return MGD_BAD_ARG;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  const uint64_t base_nonce =
    ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)ts.tv_nsec;
  MgdStatus st = MGD_SUCCESS;
  for (uint32_t i = 0U; o->dataset && i < u->n_ops; ++i) {
    // SPARQL 1.1 Protocol §2.2.3: a protocol dataset together with USING,
    // USING NAMED or WITH in the request is an error
    const SpUpdateOp* const op = &u->ops[i];
    if (op->n_using || op->n_using_named || op->with.kind != MGD_TERM_NONE) {
      return mgd_diag(o->diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                      NULL, "using-graph-uri/using-named-graph-uri conflict "
                            "with USING, USING NAMED or WITH in the update");
    }
  }
  for (uint32_t i = 0U; i < u->n_ops && !st; ++i) {
    const SpUpdateOp* const op   = &u->ops[i];
    MgdSparqlQuery          view = u->q; // shares the variables and base
    view.root                    = op->where;
    MgdTerm  dflt_term           = op->with;
    MgdSparqlExecOptions eo      = *o;
    MgdSparqlDataset     ds;
    memset(&ds, 0, sizeof(ds));
    eo.dataset = NULL;
    if (op->n_using || op->n_using_named) {
      ds.default_graphs   = op->using_;
      ds.n_default_graphs = op->n_using;
      ds.named_graphs     = op->using_named;
      ds.n_named_graphs   = op->n_using_named;
      eo.dataset          = &ds;
    } else if (o->dataset && (op->kind == SP_UP_MODIFY ||
                              op->kind == SP_UP_DELETE_WHERE)) {
      eo.dataset = o->dataset; // the protocol's USING / USING NAMED
    }
    Ex x;
    st = sp_ex_init(&x, &view, &eo);
    if (!st && !eo.dataset) {
      // The Graph Store's default graph (or WITH), and every named graph.
      x.dflt_all  = false;
      x.dedup_all = false;
      x.n_dflt    = 1U;
      x.dflt      = (MgdId*)mgd_arena_calloc(&x.arena, 2U, sizeof(MgdId));
      if (!x.dflt) {
        st = MGD_BAD_ALLOC;
      } else if (op->with.kind != MGD_TERM_NONE) {
        st = sp_ex_intern(&x, &dflt_term, &x.dflt[0]);
      } else {
        x.dflt[0] = MGD_ID_DEFAULT_GRAPH;
      }
    }
    st = st ? st : up_run_op(&x, op, t, base_nonce + i);
    sp_ex_clear(&x);
  }
  return st;
}
