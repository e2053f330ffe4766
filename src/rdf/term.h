// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// RDF 1.1 terms and quads as borrowed views, with validation and
/// N-Triples/N-Quads formatting.
///
/// An MgdTerm owns nothing: its strings are borrowed from whoever made it
/// (a parser buffer, the store's read transaction, an arena). Copy before the
/// owner goes away.
///
/// Literal datatype convention: an empty `datatype` means xsd:string when
/// `lang` is empty and rdf:langString when it is not. Producers may also
/// spell xsd:string out; mgd_term_eq() and the store treat both the same, and
/// the store keeps the empty form.

#ifndef MGD_RDF_TERM_H
#define MGD_RDF_TERM_H

#include "base/limits.h"
#include "base/status.h"
#include "base/str.h"

#include <stdbool.h>

typedef enum {
  MGD_TERM_NONE = 0, ///< No term (default graph, unbound)
  MGD_TERM_IRI,      ///< value = absolute IRI
  MGD_TERM_BLANK,    ///< value = blank node label without "_:"
  MGD_TERM_LITERAL,  ///< value = lexical form
} MgdTermKind;

/// An RDF term (borrowed view).
typedef struct {
  MgdTermKind kind;     ///< What the term is
  MgdStr      value;    ///< IRI, blank label, or lexical form
  MgdStr      datatype; ///< Literal datatype IRI (see convention above)
  MgdStr      lang;     ///< Literal language tag, empty if none
} MgdTerm;

/// A quad; `g.kind == MGD_TERM_NONE` means the default graph.
typedef struct {
  MgdTerm s; ///< Subject
  MgdTerm p; ///< Predicate
  MgdTerm o; ///< Object
  MgdTerm g; ///< Graph name or none
} MgdQuad;

#define MGD_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define MGD_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define MGD_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define MGD_XSD_STRING MGD_NS_XSD "string"
#define MGD_XSD_INTEGER MGD_NS_XSD "integer"
#define MGD_XSD_DECIMAL MGD_NS_XSD "decimal"
#define MGD_XSD_DOUBLE MGD_NS_XSD "double"
#define MGD_XSD_BOOLEAN MGD_NS_XSD "boolean"
#define MGD_XSD_DATETIME MGD_NS_XSD "dateTime"
#define MGD_XSD_DATE MGD_NS_XSD "date"
#define MGD_RDF_LANGSTRING MGD_NS_RDF "langString"
#define MGD_RDF_TYPE MGD_NS_RDF "type"

/// An IRI term viewing `iri`.
MgdTerm
mgd_term_iri(MgdStr iri);

/// A blank node term viewing `label`.
MgdTerm
mgd_term_blank(MgdStr label);

/// A literal term. Pass empty views for no datatype / no language.
MgdTerm
mgd_term_literal(MgdStr lexical, MgdStr datatype, MgdStr lang);

/// The empty (none) term.
MgdTerm
mgd_term_none(void);

/// The effective datatype IRI of a literal (xsd:string or rdf:langString
/// when `datatype` is empty); the empty view for other kinds.
MgdStr
mgd_term_datatype(const MgdTerm* term);

/// RDF term equality (language tags compare case-insensitively; an empty
/// datatype equals xsd:string).
bool
mgd_term_eq(const MgdTerm* a, const MgdTerm* b);

/// Check that `term` may be stored: valid UTF-8, an absolute IRI without
/// characters RFC 3987 forbids (space, <>"{}|^`\ and controls), a BCP 47
/// language tag, sizes within `limits`. On failure writes a reason (at most
/// `n_why` bytes, NUL-terminated) and returns MGD_BAD_DATA or MGD_BAD_LIMIT.
MgdStatus
mgd_term_check(const MgdTerm* term, const MgdLimits* limits, char* why,
               size_t n_why);

/// True if `iri` is an absolute IRI (has a scheme) with no forbidden chars.
bool
mgd_iri_is_valid(MgdStr iri);

/// True if `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax,
/// as used by RDF 1.1: alpha{1,8} ("-" alphanum{1,8})*).
bool
mgd_lang_is_valid(MgdStr tag);

/// Append `term` in N-Triples syntax (with escapes) to `out`.
MgdStatus
mgd_term_write_nt(MgdBuf* out, const MgdTerm* term);

/// Append `quad` as one N-Quads line (with newline) to `out`.
MgdStatus
mgd_quad_write_nq(MgdBuf* out, const MgdQuad* quad);

#endif // MGD_RDF_TERM_H
