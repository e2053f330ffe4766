// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals of the SHACL module shared by compile.c, validate.c and
/// value.c: the compiled form of shapes, paths and constraints.
///
/// Compiled shapes hold no ids of any source. Every RDF term a shape
/// mentions is copied once into `MgdShapes.terms` and named by its index
/// (ShTerm); a validation maps those indexes to ids of its data source.

#ifndef MGD_SHACL_SHACL_IMPL_H
#define MGD_SHACL_SHACL_IMPL_H

#include "base/arena.h"
#include "base/hash.h"
#include "shacl/shacl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Index of a term in MgdShapes.terms.
typedef uint32_t ShTerm;
#define SH_NO_TERM UINT32_MAX

typedef enum {
  SH_PATH_PRED, ///< A predicate IRI
  SH_PATH_INV,  ///< sh:inversePath
  SH_PATH_SEQ,  ///< An RDF list of paths
  SH_PATH_ALT,  ///< sh:alternativePath
  SH_PATH_ZOM,  ///< sh:zeroOrMorePath
  SH_PATH_OOM,  ///< sh:oneOrMorePath
  SH_PATH_ZOO,  ///< sh:zeroOrOnePath
} ShPathKind;

typedef struct ShPath ShPath;
struct ShPath {
  ShPathKind kind;  ///< Form
  ShTerm     pred;  ///< SH_PATH_PRED: the predicate
  ShPath**   kids;  ///< Sub-paths (SEQ, ALT: several; unary forms: one)
  size_t     n_kids; ///< Number of kids
};

/// Constraint components of SHACL Core (SHACL §4), in the order of the
/// table of component IRIs in compile.c.
typedef enum {
  SH_C_CLASS,
  SH_C_DATATYPE,
  SH_C_NODEKIND,
  SH_C_MINCOUNT,
  SH_C_MAXCOUNT,
  SH_C_MINEXCLUSIVE,
  SH_C_MININCLUSIVE,
  SH_C_MAXEXCLUSIVE,
  SH_C_MAXINCLUSIVE,
  SH_C_MINLENGTH,
  SH_C_MAXLENGTH,
  SH_C_PATTERN,
  SH_C_LANGUAGEIN,
  SH_C_UNIQUELANG,
  SH_C_EQUALS,
  SH_C_DISJOINT,
  SH_C_LESSTHAN,
  SH_C_LESSTHANOREQUALS,
  SH_C_NOT,
  SH_C_AND,
  SH_C_OR,
  SH_C_XONE,
  SH_C_NODE,
  SH_C_PROPERTY,
  SH_C_QUALIFIEDMIN,
  SH_C_QUALIFIEDMAX,
  SH_C_CLOSED,
  SH_C_HASVALUE,
  SH_C_IN,
  SH_C_COUNT_
} ShComp;

/// Node kinds of sh:nodeKind as bit sets.
enum {
  SH_KIND_BLANK   = 1U,
  SH_KIND_IRI     = 2U,
  SH_KIND_LITERAL = 4U,
};

/// One constraint: a component with its parameter values.
typedef struct {
  ShComp    comp;     ///< Component
  ShTerm    term;     ///< class, datatype, bound, hasValue, property IRI
  unsigned  kinds;    ///< SH_C_NODEKIND: SH_KIND_* bits
  uint64_t  count;    ///< min/maxCount, min/maxLength, qualified count
  uint32_t* list;     ///< sh:in / languageIn / closed: terms; and/or/xone
                      ///< and qualified siblings: shape indexes
  size_t    n_list;   ///< Length of list
  uint32_t  shape;    ///< not, node, property, qualified: shape index
  bool      flag;     ///< qualifiedValueShapesDisjoint
  void*     regex;    ///< SH_C_PATTERN: compiled pcre2_code (8-bit)
} ShConstraint;

typedef enum {
  SH_SEV_VIOLATION,
  SH_SEV_WARNING,
  SH_SEV_INFO,
  SH_SEV_OTHER,
} ShSeverity;

/// One compiled shape.
typedef struct {
  ShTerm        self;        ///< The shape node
  ShPath*       path;        ///< Property shapes: the path; node shapes NULL
  ShTerm        severity;    ///< sh:severity (sh:Violation by default)
  ShSeverity    sev_kind;    ///< Which standard severity, if any
  bool          deactivated; ///< sh:deactivated true
  ShTerm*       messages;    ///< sh:message values
  size_t        n_messages;  ///< Count
  ShTerm*       t_node;      ///< sh:targetNode values
  size_t        n_t_node;    ///< Count
  ShTerm*       t_class;     ///< sh:targetClass values and implicit class
  size_t        n_t_class;   ///< Count
  ShTerm*       t_subj;      ///< sh:targetSubjectsOf values
  size_t        n_t_subj;    ///< Count
  ShTerm*       t_obj;       ///< sh:targetObjectsOf values
  size_t        n_t_obj;     ///< Count
  ShConstraint* cons;        ///< Constraints
  size_t        n_cons;      ///< Count
} ShShape;

/// Well-known terms every validation needs, as ShTerm indexes.
typedef enum {
  SH_V_RDF_TYPE,
  SH_V_RDFS_SUBCLASSOF,
  SH_V_RDF_FIRST,
  SH_V_RDF_REST,
  SH_V_RDF_NIL,
  SH_V_COUNT_
} ShWellKnown;

struct MgdShapesImpl {
  MgdArena   arena;    ///< Terms, paths, constraint arrays
  MgdTerm*   terms;    ///< Term table (strings in arena)
  size_t     n_terms;  ///< Terms used
  size_t     c_terms;  ///< Terms allocated
  MgdHashMap term_ix;  ///< N-Triples form → term index
  ShShape*   shapes;   ///< Shape table
  size_t     n_shapes; ///< Shapes used
  size_t     c_shapes; ///< Shapes allocated
  ShTerm     known[SH_V_COUNT_]; ///< Well-known terms
};

/// The IRI of component `comp`.
const char*
mgd_shacl_component_iri(ShComp comp);

/// Compare two terms as SPARQL's < does (mgd_term_compare): MGD_SUCCESS
/// with `*cmp` -1/0/1, or MGD_FAILURE if they are incomparable.
MgdStatus
mgd_shacl_value_compare(const MgdTerm* a, const MgdTerm* b, int* cmp);

/// True if `lexical` is a valid lexical form of datatype `datatype` (XSD
/// types MUGDAT knows; other datatypes accept any form).
bool
mgd_shacl_lexical_valid(MgdStr datatype, MgdStr lexical);

/// Parse an xsd:integer-typed (or derived) literal holding a value in
/// [0, 2^63): MGD_SUCCESS with `*value`, else MGD_FAILURE.
MgdStatus
mgd_shacl_literal_count(const MgdTerm* term, uint64_t* value);

#endif // MGD_SHACL_SHACL_IMPL_H
