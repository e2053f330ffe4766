// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// SHACL Core (W3C Recommendation, 2017): a shapes compiler and a validator.
///
/// mgd_shacl_compile() reads a shapes graph from any MgdSource (the union of
/// all its graphs) into an immutable MgdShapes: targets, node and property
/// shapes, property paths and every SHACL Core constraint component. A shapes
/// graph that is malformed (ill-typed parameter values, a sh:in that is not
/// a well-formed list, an unknown path form, an invalid regular expression)
/// is refused with MGD_BAD_DATA and one diagnostic naming the shape.
///
/// mgd_shacl_validate() validates a data graph (an MgdSource, optionally one
/// named graph of it) against compiled shapes and writes the validation
/// report (SHACL §3.6) as quads in the default graph to an MgdSink:
/// sh:ValidationReport with sh:conforms and one sh:result per validation
/// result carrying sh:focusNode, sh:resultPath (a fresh copy of the path),
/// sh:value, sh:sourceShape, sh:sourceConstraintComponent,
/// sh:resultSeverity and sh:resultMessage (the shape's sh:message values,
/// or a generated English message when the shape has none).
///
/// Recursion: a shape that reaches itself again for the same focus node
/// (SHACL leaves this undefined) makes validation fail with MGD_BAD_DATA
/// and a diagnostic instead of looping; nesting deeper than
/// MgdLimits.max_nesting is MGD_BAD_LIMIT.
///
/// Values in shapes are compared with data by RDF term equality; ordering
/// constraints (sh:minInclusive, sh:lessThan, ...) compare numeric,
/// date/time and string literals by XSD value and treat any other pair as
/// incomparable (a violation, as SHACL requires).

#ifndef MGD_SHACL_SHACL_H
#define MGD_SHACL_SHACL_H

#include "base/diag.h"
#include "base/limits.h"
#include "rdf/sink.h"
#include "rdf/source.h"

#include <stdbool.h>
#include <stdint.h>

#define MGD_NS_SH "http://www.w3.org/ns/shacl#"

/// Compiled shapes (opaque, immutable after compilation, so one MgdShapes
/// may serve several validations, also concurrently).
typedef struct MgdShapesImpl MgdShapes;

/// One validation result (SHACL §3.6.2), all fields borrowed for the call.
typedef struct {
  MgdTerm        focus;      ///< sh:focusNode
  MgdStr         path;       ///< sh:resultPath in SPARQL property path
                             ///< syntax with <full IRIs>; empty if none
  MgdTerm        value;      ///< sh:value; kind MGD_TERM_NONE if none
  MgdTerm        shape;      ///< sh:sourceShape
  MgdStr         component;  ///< sh:sourceConstraintComponent IRI
  MgdTerm        severity;   ///< sh:resultSeverity
  const MgdTerm* messages;   ///< sh:resultMessage values: the shape's
                             ///< sh:message, or one generated English text
  size_t         n_messages; ///< Number of messages (at least 1)
} MgdShaclResult;

/// Receives each validation result as it is found; an error status stops
/// the validation and is returned by it.
typedef MgdStatus (*MgdShaclResultFunc)(void* handle,
                                        const MgdShaclResult* result);

/// Options for compiling and validating. Zero-initialise, then set fields.
typedef struct {
  const MgdDiagSink* diag;   ///< Where problems go; may be NULL
  const MgdLimits*   limits; ///< NULL: mgd_limits_default()
  const char*        source_name; ///< Names the shapes in diagnostics
  MgdShaclResultFunc on_result;     ///< Validation: per result; may be NULL
  void*              result_handle; ///< Passed to on_result
} MgdShaclOptions;

/// Compile the shapes graph read from `shapes_graph` (borrowed for the
/// call; every term is copied). On success `*shapes` is owned by the caller
/// (free with mgd_shacl_free). MGD_BAD_DATA for a malformed shapes graph.
MgdStatus
mgd_shacl_compile(const MgdSource*       shapes_graph,
                  const MgdShaclOptions* options,
                  MgdShapes**            shapes);

/// Free compiled shapes (NULL is fine).
void
mgd_shacl_free(MgdShapes* shapes);

/// Number of shapes compiled (node and property shapes).
size_t
mgd_shacl_count(const MgdShapes* shapes);

/// Counts of one validation.
typedef struct {
  bool     conforms;    ///< True if there was no result at all
  uint64_t n_results;   ///< All validation results
  uint64_t n_violation; ///< Results of severity sh:Violation
  uint64_t n_warning;   ///< Results of severity sh:Warning
  uint64_t n_info;      ///< Results of severity sh:Info
  uint64_t n_other;     ///< Results of another (custom) severity
  uint64_t n_focus;     ///< Focus nodes validated against targeted shapes
} MgdShaclSummary;

/// Validate the data in `data` (borrowed for the call) against `shapes`.
/// `graph` names the data graph within `data`: NULL for the union of all
/// graphs, an IRI term for one named graph (a graph `data` does not hold is
/// empty). The report goes to `report` (may be NULL: counts only; its
/// on_end is not called) as it is found, the report node's own triples
/// last; its blank nodes are labelled `shaclreport` and `shaclrN`, so a
/// sink that merges several reports must rename them. `options->on_result`
/// (if set) receives each result too. `*summary` (required) receives the
/// counts. Memory: the report is streamed; the validator keeps the focus
/// nodes of one shape and a memo of nested-shape answers.
MgdStatus
mgd_shacl_validate(const MgdShapes*       shapes,
                   const MgdSource*       data,
                   const MgdTerm*         graph,
                   const MgdShaclOptions* options,
                   const MgdSink*         report,
                   MgdShaclSummary*       summary);

/// The MUGDAT vocabulary (same namespace as the ingesters' mgdv:).
#define MGD_SHACL_NS_MGDV "https://w3id.org/mugdat/vocab#"

/// Describe one validation as RDF, for a provenance graph (the ingest
/// `--validate` record): writes to `sink`, in graph `graph` (NONE or NULL:
/// the default graph),
///
///     node a mgdv:ShaclValidation ;
///          mgdv:validatedGraph validated ;   # if given
///          mgdv:shapesGraph shapes ;         # if given
///          sh:conforms true|false ;
///          mgdv:results N ; mgdv:violations N ; mgdv:warnings N ;
///          mgdv:infos N ; mgdv:focusNodes N .
///
/// `node` (an IRI or blank node the caller chooses) is required; the other
/// terms may be NULL. Counts are xsd:integer.
MgdStatus
mgd_shacl_write_summary(const MgdShaclSummary* summary, const MgdTerm* node,
                        const MgdTerm* validated, const MgdTerm* shapes,
                        const MgdTerm* graph, const MgdSink* sink);

#endif // MGD_SHACL_SHACL_H
