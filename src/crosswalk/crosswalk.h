// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The crosswalk (DESIGN.md §4, §7): rewrite a record into the vocabulary
/// of a target profile (`ome`, `rembi`, `schema.org`, `datacite`, `isa`,
/// `bids`, `ro-crate`). Mappings are data: `mappings/profiles.tsv` names,
/// per profile, its target namespaces and its mapping files, which are SSSOM
/// term maps (`*.sssom.tsv`) and SPARQL CONSTRUCT rules (`*.rq`).
///
/// A run has three steps over the input (any MgdSource, e.g. a memstore or
/// a store read, optionally one graph of it):
/// 1. normalise: the dialect maps of the `_normalise` row (omero-rdf's
///    `ome_core:` PascalCase, OME-XML schema and camelCase OME-OWL terms ->
///    OME core) rewrite the input into an in-memory graph N;
/// 2. rules: every CONSTRUCT rule of the target profile runs over N and its
///    triples join N (structural changes a term map cannot express);
/// 3. terms: each triple of N is written to the output with its predicate,
///    its rdf:type class and any IRI object that is a mapped vocabulary term
///    rewritten into the target vocabulary.
///
/// Direction rules (which SSSOM rows may rewrite term A into term B):
/// skos:exactMatch, owl:equivalentClass and owl:equivalentProperty work both
/// ways; `A skos:broadMatch B`, `A rdfs:subClassOf B` and
/// `A rdfs:subPropertyOf B` rewrite A into B only (generalising is
/// truthful: every A is a B); `A skos:narrowMatch B` rewrites B into A only.
/// skos:closeMatch and skos:relatedMatch rows are loaded and validated but
/// never applied (they would make claims the source did not make), nor are
/// rows with `predicate_modifier` Not. A term is rewritten along the
/// shortest chain of applicable rows (at most MGD_CROSSWALK_MAX_HOPS) that
/// reaches a term in the target namespaces; ties go to the row read first.
///
/// A triple whose predicate (for rdf:type: whose class) is in the target
/// namespaces or in rdf:, rdfs:, owl: or xsd: is "kept"; one that was
/// rewritten there is "mapped"; any other is "unmapped", written as is
/// unless `drop_unmapped` is set. Rule triples are always written.
///
/// Lifetimes: an MgdCrosswalk holds the loaded mappings and compiled rules;
/// it is immutable after mgd_crosswalk_new() and may be shared by threads.

#ifndef MGD_CROSSWALK_CROSSWALK_H
#define MGD_CROSSWALK_CROSSWALK_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/str.h"
#include "rdf/sink.h"
#include "rdf/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Longest chain of mapping rows applied to one term.
#define MGD_CROSSWALK_MAX_HOPS 4U

/// The mapping predicates an SSSOM row may carry.
typedef enum {
  MGD_SSSOM_EXACT,          ///< skos:exactMatch
  MGD_SSSOM_CLOSE,          ///< skos:closeMatch (never applied)
  MGD_SSSOM_BROAD,          ///< skos:broadMatch: object is broader
  MGD_SSSOM_NARROW,         ///< skos:narrowMatch: object is narrower
  MGD_SSSOM_RELATED,        ///< skos:relatedMatch (never applied)
  MGD_SSSOM_EQUIV_CLASS,    ///< owl:equivalentClass
  MGD_SSSOM_EQUIV_PROPERTY, ///< owl:equivalentProperty
  MGD_SSSOM_SUBCLASS,       ///< rdfs:subClassOf: object is broader
  MGD_SSSOM_SUBPROPERTY,    ///< rdfs:subPropertyOf: object is broader
} MgdSssomPredicate;

/// One mapping row, CURIEs expanded to IRIs. Strings are owned by the set.
typedef struct {
  MgdStr            subject;       ///< subject_id as an IRI
  MgdSssomPredicate predicate;     ///< predicate_id
  MgdStr            object;        ///< object_id as an IRI
  MgdStr            justification; ///< mapping_justification (a semapv IRI)
  bool              negated;       ///< predicate_modifier is Not
  unsigned          line;          ///< Line in the file (diagnostics)
  const char*       source;        ///< The document's name (see parse)
} MgdSssomRow;

/// A parsed SSSOM TSV mapping set.
typedef struct MgdSssomImpl MgdSssom;

/// Parse an SSSOM TSV document: a `#`-prefixed YAML metadata block (only
/// `curie_map:` and its indented `prefix: IRI` entries are read; other keys
/// are ignored), then a header row naming at least subject_id,
/// predicate_id, object_id and mapping_justification (tab-separated, any
/// order, other columns ignored), then one row per mapping. The SSSOM
/// built-in prefixes (owl, rdf, rdfs, skos, semapv, sssom) need no entry.
/// `name` names the document in diagnostics (`name:line: error`).
/// MGD_BAD_DATA with one diagnostic for: a missing column, a row with the
/// wrong number of cells, an empty cell in a required column, a CURIE whose
/// prefix the curie_map lacks, a predicate not in MgdSssomPredicate, a
/// justification not in semapv:. MGD_BAD_LIMIT past `limits->max_body_bytes`
/// bytes. `*set` is owned by the caller (mgd_sssom_free).
MgdStatus
mgd_sssom_parse(const char* bytes, size_t n, const char* name,
                const MgdLimits* limits, const MgdDiagSink* diag,
                MgdSssom** set);

/// Free a mapping set (NULL is fine).
void
mgd_sssom_free(MgdSssom* set);

/// Number of rows.
size_t
mgd_sssom_size(const MgdSssom* set);

/// Row `i` (< mgd_sssom_size), borrowed until the set is freed.
const MgdSssomRow*
mgd_sssom_row(const MgdSssom* set, size_t i);

/// The IRI a curie_map prefix stands for (`name` without ':'), built-ins
/// included; the empty view if unknown. Borrowed from the set.
MgdStr
mgd_sssom_prefix(const MgdSssom* set, MgdStr name);

/// Whether a row of `predicate` may rewrite its subject into its object
/// (`forward`) or its object into its subject (!`forward`). See the
/// direction rules above.
bool
mgd_sssom_applies(MgdSssomPredicate predicate, bool forward);

typedef struct MgdCrosswalkImpl MgdCrosswalk;

/// Options of mgd_crosswalk_new(). Zero-initialise, then set fields.
typedef struct {
  /// Directory holding `mappings/`. NULL: $MUGDAT_DATADIR, the installed
  /// data directory, $MUGDAT_SRCDIR, then the source tree.
  const char*        data_dir;
  const char*        to;     ///< Target profile (required)
  const char*        from;   ///< Source profile or NULL (see below)
  const MgdLimits*   limits; ///< NULL: mgd_limits_default()
  const MgdDiagSink* diag;   ///< Problems with mapping files; may be NULL
} MgdCrosswalkOptions;

/// Load the mappings of profile `to` (and of `from`: its files are loaded
/// too, and only terms in its namespaces are rewritten). MGD_FAILURE with
/// a diagnostic listing the profiles if a profile is unknown; MGD_BAD_IO if
/// `mappings/profiles.tsv` or a file it names cannot be read; MGD_BAD_DATA
/// or MGD_BAD_SYNTAX (diagnostic `file:line: ...`) for a bad profiles
/// table, SSSOM file or rule. `*crosswalk` is owned by the caller.
MgdStatus
mgd_crosswalk_new(const MgdCrosswalkOptions* options,
                  MgdCrosswalk**             crosswalk);

/// Free (NULL is fine).
void
mgd_crosswalk_free(MgdCrosswalk* crosswalk);

/// Append the profile names of `mappings/profiles.tsv`, separated by ", ",
/// to `out`. Same lookup and errors as mgd_crosswalk_new().
MgdStatus
mgd_crosswalk_profiles(const char* data_dir, const MgdDiagSink* diag,
                       MgdBuf* out);

/// The prefixes (name, IRI pairs, NULL-terminated) an output writer may
/// declare for the target profile's vocabulary. Borrowed.
const char* const*
mgd_crosswalk_prefixes(const MgdCrosswalk* crosswalk);

/// Told once per distinct term a run rewrote (in step 1 and again in
/// step 3): the term, what it became, and the SSSOM rows applied, as
/// `skos:exactMatch (semapv:LexicalMatching, FILE:LINE) > ...` (a row used
/// from object to subject reads `inverse of ...`). Strings are borrowed for
/// the call.
typedef void (*MgdCrosswalkRewriteFunc)(void* handle, MgdStr from, MgdStr to,
                                        MgdStr why);

/// How to run. Zero-initialise, then set fields.
typedef struct {
  const MgdTerm* graph;         ///< Read only this graph; NULL: all graphs
  bool           drop_unmapped; ///< Do not write unmapped triples
  uint64_t       deadline_ms;   ///< Rules' CLOCK_MONOTONIC deadline; 0: none
  MgdCrosswalkRewriteFunc on_rewrite;     ///< May be NULL
  void*                   rewrite_handle; ///< Passed to on_rewrite
} MgdCrosswalkRunOptions;

/// What a run did.
typedef struct {
  uint64_t n_in;         ///< Input triples read
  uint64_t n_mapped;     ///< Triples with a term rewritten into the target
  uint64_t n_kept;       ///< Triples already in the target vocabulary
  uint64_t n_unmapped;   ///< Triples left outside it (written or dropped)
  uint64_t n_rule;       ///< Triples the rules added
  size_t   n_rules;      ///< Rules that added at least one triple
  uint64_t n_out;        ///< Triples written
} MgdCrosswalkReport;

/// Crosswalk the triples of `input` (graph names are dropped: the output
/// is one graph, each distinct triple written once) into `out` (its on_end
/// is called). Blank nodes made by rules are labelled `xwr<N>_...` so they
/// never merge with the input's. Memory: the normalised input, the rule
/// triples and the rewritten triples are held in memory stores (about
/// 0.7 KB per input triple). `report` (may be NULL) is filled in.
/// MGD_BAD_TIMEOUT past the deadline, MGD_BAD_LIMIT or MGD_BAD_ALLOC from a
/// rule, or the sink's error.
MgdStatus
mgd_crosswalk_run(const MgdCrosswalk* crosswalk, const MgdSource* input,
                  const MgdCrosswalkRunOptions* options, const MgdSink* out,
                  MgdCrosswalkReport* report);

/// Rewrite one vocabulary term as step 3 does. Sets `*mapped` to the IRI
/// in the target vocabulary (borrowed from the crosswalk, or `iri` itself
/// if it is already there) and returns MGD_SUCCESS, or MGD_FAILURE if no
/// applicable chain reaches the target.
MgdStatus
mgd_crosswalk_term(const MgdCrosswalk* crosswalk, MgdStr iri, MgdStr* mapped);

/// Append the DataCite Metadata Schema 4.x JSON (the `data` object of the
/// DataCite REST API: type "dois" and attributes identifiers, doi, titles,
/// creators, publisher, publicationYear, types, subjects, rightsList,
/// descriptions, dates) of the root dataset in `graph`, a graph crosswalked
/// to the `datacite` profile. The root is the first dcmitype:Dataset that is
/// no other's dcterms:hasPart / isPartOf (else the first one). MGD_FAILURE
/// if the graph has no dcmitype:Dataset; MGD_BAD_ALLOC.
MgdStatus
mgd_crosswalk_datacite_json(const MgdSource* graph, MgdBuf* out);

#endif // MGD_CROSSWALK_CROSSWALK_H
