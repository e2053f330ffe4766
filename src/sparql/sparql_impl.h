// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals of the SPARQL query engine shared by the parser (parse.c), the
/// evaluator (eval.c) and the API glue (sparql.c). Not part of the contract.
///
/// The parser translates straight into SPARQL algebra (Query §18.2): a tree
/// of SpNode, with expressions as SpExpr. Everything lives in the query's
/// arena. Variables are small integers indexing the query's variable table;
/// a solution row is an array of MgdId with one slot per variable
/// (MGD_ID_NONE = unbound). Blank nodes in patterns become hidden variables,
/// and the private variables of a sub-SELECT are renamed apart, so one row
/// layout serves the whole query.

#ifndef MGD_SPARQL_SPARQL_IMPL_H
#define MGD_SPARQL_SPARQL_IMPL_H

#include "sparql/func.h"
#include "sparql/sparql.h"

#include "base/arena.h"
#include "base/hash.h"
#include "rdf/termid.h"

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t SpVar;
#define SP_NO_VAR UINT32_MAX

/// A pattern position: a variable or a constant term.
typedef struct {
  bool    is_var; ///< True: `var`, false: `term`
  SpVar   var;    ///< Variable index
  MgdTerm term;   ///< Constant (IRI or literal)
} SpPos;

typedef enum {
  SP_AGG_COUNT,
  SP_AGG_SUM,
  SP_AGG_MIN,
  SP_AGG_MAX,
  SP_AGG_AVG,
  SP_AGG_SAMPLE,
  SP_AGG_GROUP_CONCAT,
  SP_AGG_CUSTOM, ///< Unknown IRI aggregate: always an error value
} SpAggKind;

typedef enum {
  SP_EX_VAR,        ///< var
  SP_EX_TERM,       ///< term
  SP_EX_FUNC,       ///< fn(args); fn == MGD_FN_NONE: unknown IRI (error)
  SP_EX_OR,         ///< args[0] || args[1]
  SP_EX_AND,        ///< args[0] && args[1]
  SP_EX_BOUND,      ///< BOUND(var)
  SP_EX_IF,         ///< IF(a, b, c)
  SP_EX_COALESCE,   ///< COALESCE(args)
  SP_EX_IN,         ///< args[0] IN (args[1..])
  SP_EX_NOT_IN,     ///< args[0] NOT IN (args[1..])
  SP_EX_EXISTS,     ///< EXISTS pattern
  SP_EX_NOT_EXISTS, ///< NOT EXISTS pattern
  SP_EX_BNODE,      ///< BNODE() or BNODE(arg)
  SP_EX_AGG,        ///< Aggregate; after translation read as var
} SpExprKind;

typedef struct SpNode SpNode;
typedef struct SpExpr SpExpr;

struct SpExpr {
  SpExprKind kind;      ///< What this is
  MgdFunc    fn;        ///< SP_EX_FUNC
  SpVar      var;       ///< SP_EX_VAR, SP_EX_BOUND, SP_EX_AGG result
  MgdTerm    term;      ///< SP_EX_TERM
  SpExpr**   args;      ///< Arguments
  uint32_t   n_args;    ///< Number of arguments
  SpNode*    pattern;   ///< SP_EX_EXISTS / SP_EX_NOT_EXISTS
  SpAggKind  agg;       ///< SP_EX_AGG
  bool       distinct;  ///< SP_EX_AGG with DISTINCT
  bool       star;      ///< COUNT(*)
  MgdStr     separator; ///< GROUP_CONCAT separator
};

typedef enum {
  SP_PATH_LINK, ///< iri
  SP_PATH_INV,  ///< ^a
  SP_PATH_SEQ,  ///< a / b
  SP_PATH_ALT,  ///< a | b
  SP_PATH_ZOM,  ///< a*
  SP_PATH_OOM,  ///< a+
  SP_PATH_ZOO,  ///< a?
  SP_PATH_NPS,  ///< !(iri | ^iri ...)
} SpPathKind;

typedef struct SpPath SpPath;
struct SpPath {
  SpPathKind kind;    ///< Operator
  MgdTerm    iri;     ///< SP_PATH_LINK
  SpPath*    a;       ///< Operand
  SpPath*    b;       ///< Second operand (SEQ, ALT)
  MgdTerm*   fwd;     ///< NPS forward IRIs
  uint32_t   n_fwd;   ///< Count
  MgdTerm*   inv;     ///< NPS inverse IRIs
  uint32_t   n_inv;   ///< Count
};

typedef struct {
  SpPos s, p, o; ///< Triple pattern
} SpTriple;

typedef struct {
  SpExpr* expr; ///< Key
  bool    desc; ///< DESC
} SpOrder;

typedef enum {
  SP_N_BGP,      ///< triples (n_triples may be 0: the identity Z)
  SP_N_PATH,     ///< ps path po
  SP_N_JOIN,     ///< a ⋈ b
  SP_N_LEFTJOIN, ///< a ⟕ b, filter expr (may be NULL)
  SP_N_FILTER,   ///< filter expr over a
  SP_N_UNION,    ///< a ∪ b
  SP_N_MINUS,    ///< a − b
  SP_N_GRAPH,    ///< GRAPH graph { a }
  SP_N_EXTEND,   ///< a extended with var := expr
  SP_N_VALUES,   ///< vars × rows of terms (kind NONE = UNDEF)
  SP_N_GROUP,    ///< group a by keys, computing aggs
  SP_N_ORDER,    ///< order a by conds
  SP_N_PROJECT,  ///< project a to vars (also the boundary of a sub-SELECT)
  SP_N_DISTINCT, ///< distinct a
  SP_N_REDUCED,  ///< reduced a
  SP_N_SLICE,    ///< offset/limit over a
  SP_N_SERVICE,  ///< SERVICE graph { a } (not executed)
} SpNodeKind;

struct SpNode {
  SpNodeKind kind;      ///< Operator
  SpNode*    a;         ///< First operand
  SpNode*    b;         ///< Second operand
  SpExpr*    expr;      ///< FILTER / LEFTJOIN filter / EXTEND value
  SpVar      var;       ///< EXTEND target
  SpPos      graph;     ///< GRAPH / SERVICE name
  bool       silent;    ///< SERVICE SILENT
  SpTriple*  triples;   ///< BGP
  uint32_t   n_triples; ///< BGP size
  SpPos      ps, po;    ///< PATH ends
  SpPath*    path;      ///< PATH
  SpVar*     vars;      ///< VALUES / PROJECT / GROUP key targets
  uint32_t   n_vars;    ///< Count of vars
  MgdTerm*   cells;     ///< VALUES: n_rows * n_vars terms
  uint32_t   n_rows;    ///< VALUES rows
  SpExpr**   keys;      ///< GROUP keys (vars[i] receives keys[i] or NO_VAR)
  uint32_t   n_keys;    ///< Count
  SpExpr**   aggs;      ///< GROUP aggregates (SP_EX_AGG; var = result)
  uint32_t   n_aggs;    ///< Count
  SpOrder*   conds;     ///< ORDER
  uint32_t   n_conds;   ///< Count
  uint64_t   offset;    ///< SLICE
  uint64_t   limit;     ///< SLICE (UINT64_MAX = none)
  MgdStr     text;      ///< SERVICE: the query to send
};

/// A parsed, translated query.
struct MgdSparqlQueryImpl {
  MgdArena        arena;      ///< Owns everything below
  MgdSparqlForm   form;       ///< Query form
  SpNode*         root;       ///< Algebra
  MgdStr*         var_names;  ///< Name of each variable (no '?')
  uint32_t        n_vars;     ///< Row width
  uint32_t        c_vars;     ///< Allocated names
  SpVar*          proj;       ///< SELECT output variables, in order
  uint32_t        n_proj;     ///< Count
  SpTriple*       tmpl;       ///< CONSTRUCT template (blank nodes: term)
  uint32_t        n_tmpl;     ///< Count
  SpPos*          describe;   ///< DESCRIBE targets
  uint32_t        n_describe; ///< Count
  MgdTerm*        from;       ///< FROM IRIs
  uint32_t        n_from;     ///< Count
  MgdTerm*        from_named; ///< FROM NAMED IRIs
  uint32_t        n_from_named; ///< Count
  MgdStr          base;       ///< Final base IRI (may be empty)
};

/// A quad template: `has_g` false means the default graph.
typedef struct {
  SpPos s, p, o; ///< Triple
  SpPos g;       ///< Graph (variable or IRI) when has_g
  bool  has_g;   ///< In a GRAPH block
} SpQuad;

typedef enum {
  SP_UP_INSERT_DATA,
  SP_UP_DELETE_DATA,
  SP_UP_DELETE_WHERE,
  SP_UP_MODIFY,
  SP_UP_LOAD,
  SP_UP_CLEAR,
  SP_UP_DROP,
  SP_UP_CREATE,
  SP_UP_ADD,
  SP_UP_MOVE,
  SP_UP_COPY,
} SpUpdateKind;

/// Which graphs CLEAR/DROP/ADD/... address.
typedef enum {
  SP_GT_GRAPH,   ///< One graph (`graph`)
  SP_GT_DEFAULT, ///< The default graph
  SP_GT_NAMED,   ///< Every named graph
  SP_GT_ALL,     ///< Every graph
} SpGraphTarget;

/// One update operation (SPARQL 1.1 Update §3).
typedef struct {
  SpUpdateKind  kind;         ///< Operation
  bool          silent;       ///< SILENT
  SpQuad*       del;          ///< DELETE templates / DELETE DATA quads
  uint32_t      n_del;        ///< Count
  SpQuad*       ins;          ///< INSERT templates / INSERT DATA quads
  uint32_t      n_ins;        ///< Count
  SpNode*       where;        ///< WHERE pattern (Modify, DELETE WHERE)
  MgdTerm       with;         ///< WITH graph (kind NONE: none)
  MgdTerm*      using_;       ///< USING graphs
  uint32_t      n_using;      ///< Count
  MgdTerm*      using_named;  ///< USING NAMED graphs
  uint32_t      n_using_named; ///< Count
  SpGraphTarget target;       ///< CLEAR/DROP/CREATE/LOAD INTO, ADD.. source
  MgdTerm       graph;        ///< Its graph for SP_GT_GRAPH (LOAD: NONE =
                              ///< default graph)
  SpGraphTarget to_target;    ///< ADD/MOVE/COPY destination
  MgdTerm       to;           ///< Its graph
  MgdTerm       iri;          ///< LOAD source
} SpUpdateOp;

/// A parsed update request: the variable table lives in `q`.
struct MgdSparqlUpdateImpl {
  MgdSparqlQuery q;     ///< Arena, variables, base
  SpUpdateOp*    ops;   ///< Operations in order
  uint32_t       n_ops; ///< Count
};

/// True if variable `name` is one the user wrote (not a hidden one).
bool
sp_var_is_visible(MgdStr name);

/// Set mask[v] for the variables every solution of `n` binds (W = width).
void
sp_certain_vars(const SpNode* n, uint8_t* mask, uint32_t W);

/// True if `e` contains EXISTS / NOT EXISTS.
bool
sp_expr_has_exists(const SpExpr* e);

/// True if `e` is a deterministic function of the variables in `mask` (any
/// variables when `mask` is NULL): no EXISTS, BNODE, RAND, UUID, STRUUID.
bool
sp_expr_vars_within(const SpExpr* e, const uint8_t* mask);

/// Rewrite q->root in place (filter push-down; see optimise.c).
void
sp_optimise(MgdSparqlQuery* q);

/// Depth of the algebra tree below `n`, counting at most `limit` levels.
size_t
sp_node_depth(const SpNode* n, size_t limit);

#endif // MGD_SPARQL_SPARQL_IMPL_H
