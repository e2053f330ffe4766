// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Ingest and validation as units of work (DESIGN.md §3, §8).
///
/// mgd_db_ingest_path() runs one source in one write transaction: clear the
/// source's graph and its provenance record, ingest, make the provenance
/// triple count exact, optionally validate the new graph against SHACL
/// shapes and record the result in `urn:mugdat:provenance`, then commit.
/// Any error (and, with `require_valid`, a non-conforming source) aborts,
/// so a graph is never half-written and re-ingesting is idempotent.
///
/// mgd_db_shapes_load() resolves a shapes NAME or FILE and compiles it;
/// mgd_db_validate_bytes() validates a document held in memory (an HTTP
/// body) without touching the store.

#ifndef MGD_DB_DB_INGEST_H
#define MGD_DB_DB_INGEST_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/str.h"
#include "db/db.h"
#include "ingest/ingest.h"
#include "rdf/sink.h"
#include "shacl/shacl.h"
#include "syntax/format.h"

#include <stdbool.h>
#include <stddef.h>

/// Subject suffix (after the graph IRI) of the validation record in the
/// provenance graph.
#define MGD_DB_VALIDATION_SUFFIX "#validation"

/// Options of one ingest. Zero-initialise, then set fields.
typedef struct {
  MgdIngester* ingester; ///< Required: reads the source (borrowed)
  const char*  graph;    ///< Graph IRI; NULL: derived from the path
  /// Validate the ingested graph against these shapes (borrowed); NULL:
  /// no validation.
  const MgdShapes* shapes;
  const char*      shapes_iri;    ///< Names the shapes in provenance; NULL
  bool             require_valid; ///< Refuse a non-conforming source
  const MgdDiagSink* diag;        ///< Validation problems; may be NULL
  MgdShaclResultFunc on_result;   ///< Each validation result; may be NULL
  void*              result_handle; ///< Passed to on_result
} MgdDbIngestOptions;

/// What one ingest did.
typedef struct {
  MgdIngestReport ingest;    ///< The ingester's report (strings: see there)
  bool            validated; ///< Validation ran (summary is set)
  bool            refused;   ///< Not conforming with require_valid
  MgdShaclSummary summary;   ///< Validation counts
} MgdDbIngestReport;

/// Ingest the source at `path` (a file or a package directory the ingester
/// reads as one source) in one write transaction, as described above. The
/// validation record has the subject `<graph>#validation` (see
/// mgd_shacl_write_summary). `report` (required) is filled in. Returns
/// MGD_BAD_DATA with `report->refused` set when `require_valid` refused the
/// source (nothing was committed); otherwise the ingester's, validator's or
/// store's error (see mgd_ingester_ingest_path). Redoes the unit of work
/// when the map had to grow.
MgdStatus
mgd_db_ingest_path(MgdDb* db, const char* path,
                   const MgdDbIngestOptions* options,
                   MgdDbIngestReport*        report);

/// Resolve shapes given as a FILE (anything with '/' or an RDF file
/// extension; only if `allow_path`) or a NAME (letters, digits, '-', '_',
/// '.') to `NAME.ttl` in the first of $MUGDAT_SHAPES_DIR,
/// $MUGDAT_SRCDIR/shapes, the installed data directory and the source tree.
/// Appends the path to `path`. MGD_FAILURE if there is no such shapes file
/// (or the name is not allowed).
MgdStatus
mgd_db_shapes_find(const char* name, bool allow_path, MgdBuf* path);

/// An IRI naming shapes in provenance: `urn:mugdat:shapes:NAME` for a NAME,
/// the file URL for a FILE. Appended to `iri`.
MgdStatus
mgd_db_shapes_iri(const char* name, MgdBuf* iri);

/// Read and compile the shapes file `path` (diagnostics to `diag`, limits
/// may be NULL). `*shapes` is owned by the caller (mgd_shacl_free).
/// MGD_BAD_IO, MGD_BAD_SYNTAX or MGD_BAD_DATA for a bad shapes file.
MgdStatus
mgd_db_shapes_load(const char* path, const MgdDiagSink* diag,
                   const MgdLimits* limits, MgdShapes** shapes);

/// Options of mgd_db_validate_bytes(). Zero-initialise, then set fields.
typedef struct {
  /// Syntax of the document; MGD_FORMAT_UNKNOWN: detect an ingest source
  /// (OME-XML, OMERO/IDR files, ...) with mgd_ingest_detect_bytes().
  MgdFormat          format;
  const char*        name;     ///< Document name (diagnostics); may be NULL
  const char*        data_dir; ///< Ingest mappings (see MgdIngestOptions)
  const MgdLimits*   limits;   ///< NULL: defaults
  const MgdDiagSink* diag;     ///< Problems with the document; may be NULL
  MgdShaclResultFunc on_result;     ///< Each result; may be NULL
  void*              result_handle; ///< Passed to on_result
} MgdDbValidateOptions;

/// Read the document `bytes` (RDF in `options->format`, or an ingest source
/// detected from the bytes) into `sink`, as mgd_db_validate_bytes() does:
/// JSON-LD with the shipped offline contexts, RO-Crate and REMBI through a
/// private temporary directory. `base` resolves the relative IRIs of RDF;
/// ingesters write their quads to graph `graph` and no provenance. The
/// options' on_result is not used. MGD_BAD_UNSUPPORTED if the document is
/// not a recognised source.
MgdStatus
mgd_db_read_bytes(const char* bytes, size_t n,
                  const MgdDbValidateOptions* options, const char* base,
                  const char* graph, const MgdSink* sink);

/// Read the document `bytes` into memory (RDF in `options->format`, or an
/// ingest source) and validate the union of its graphs against `shapes`.
/// JSON-LD is read with the shipped offline contexts
/// (`ontologies/contexts`). Sources that only a path-based ingester reads
/// (RO-Crate metadata, REMBI PageTab JSON or spreadsheet) are written to a
/// private temporary directory under $TMPDIR (removed before returning);
/// their relative IRIs then resolve against that directory.
/// The report quads go to `report` (may be NULL; its on_end is not called)
/// and the counts to `*summary`. MGD_BAD_UNSUPPORTED if the document is
/// not a recognised source; MGD_BAD_SYNTAX / MGD_BAD_DATA for a bad one
/// (with a diagnostic); MGD_BAD_LIMIT over a limit.
MgdStatus
mgd_db_validate_bytes(const MgdShapes* shapes, const char* bytes, size_t n,
                      const MgdDbValidateOptions* options,
                      const MgdSink* report, MgdShaclSummary* summary);

#endif // MGD_DB_DB_INGEST_H
