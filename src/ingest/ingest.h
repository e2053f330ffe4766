// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Ingesters: turn bioimaging metadata sources into quads of the OME core
/// ontology (https://ld.openmicroscopy.org/core/), one named graph per source,
/// plus PROV-O provenance for that graph in `urn:mugdat:provenance`.
///
/// Supported sources (mgd_ingest_detect() tells them apart):
/// - OME-XML documents (2016-06 and the older 2015-01 ... 2009-09 schemas,
///   default or prefixed namespaces), streamed with libxml2 SAX so memory
///   does not grow with the file (BinData payloads are skipped). DTDs are
///   refused outright: no entity expansion, no external entities, no network.
/// - omero-cli-transfer packages: a directory holding `transfer.xml`, or that
///   file itself (old CommentAnnotation and new CLITransferServerPath layouts;
///   the server path becomes `mgdv:transferPath` on the annotation).
/// - OMERO key-value CSVs (IDR `*-annotation.csv`), using the sibling
///   `*-bulkmap-config.yml` column rules when present; IDR `*-assays.txt`.
/// - IDR study files (`idrNNNN-study.txt`) and `*-filePaths.tsv`.
/// - omero-rdf output (Turtle or any RDF syntax raptor2 reads), with
///   `ome_core:` PascalCase terms rewritten to OME core terms.
/// - omero-marshal JSON (the structure omero-rdf walks).
///
/// Mappings are data: `mappings/ome-xml.tsv`, `mappings/ome-units.tsv`,
/// `mappings/idr-study.tsv`, `mappings/omero-rdf.tsv` and
/// `mappings/omero-json.tsv` are read at run time from the data directory.
///
/// IRIs are stable: the graph IRI is `urn:mugdat:source:` + the normalised
/// absolute path (or the caller's IRI), and each object's IRI is the graph IRI
/// + "/" + its percent-encoded OME ID (objects without an ID: parent IRI +
/// "/Element/n"). Re-ingesting the same source yields the same quads except
/// for the provenance time. OME IDs and LSIDs are kept as dcterms:identifier.
///
/// Problems go to the diagnostic sink with `source:line:col` and an XPath-like
/// location. Warnings (wrong-typed attribute, ID not matching the OME ID
/// pattern, unknown unit) do not stop the ingest unless `strict` is set.
///
/// Decisions on invalid but real-world input:
/// - An ID that breaks the OME ID pattern (`Channel ID="InvalidName"` in
///   ome-types' bad.ome.xml, `XMLAnnotation ID="XMLAnnotation:0"` in
///   invalid_xml_annotation.ome.xml, Micro-Manager's `ID="Camera"`) is kept
///   as given (IDs are only keys: the IRI and dcterms:identifier use it) with
///   a warning naming the XPath, e.g. `/OME[1]/Image[1]/Pixels[1]/Channel[1]
///   /@ID`; strict mode refuses the document (MGD_BAD_DATA).
/// - A value that is not of its attribute's type (SizeX="abc") is kept as a
///   plain string, with a warning; the element's other values are typed.
/// - Malformed XML, a DOCTYPE (internal or external subset), and documents
///   whose root is not an OME-namespace <OME> are refused.
/// - XMLAnnotation bodies are rdf:XMLLiteral; a body that inherits the OME
///   default namespace gets it declared, so the literal stands alone.
/// - BinData payloads are skipped: only their size (mgdv:encodedSize, the
///   base64 characters) and attributes are kept.
///
/// Lifetimes: an MgdIngester holds the loaded mappings; it is not thread-safe
/// but may ingest any number of sources one after another.

#ifndef MGD_INGEST_INGEST_H
#define MGD_INGEST_INGEST_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/status.h"
#include "base/str.h"
#include "rdf/sink.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The graph that receives provenance quads.
#define MGD_INGEST_PROVENANCE_GRAPH "urn:mugdat:provenance"
/// Prefix of graph IRIs derived from a path.
#define MGD_INGEST_SOURCE_PREFIX "urn:mugdat:source:"
/// MUGDAT's own small vocabulary (terms no other vocabulary has).
#define MGD_NS_MGDV "https://w3id.org/mugdat/vocab#"
/// The OME core ontology namespace.
#define MGD_NS_OME "https://ld.openmicroscopy.org/core/"

/// What a source is.
typedef enum {
  MGD_INGEST_UNKNOWN = 0,    ///< Not recognised
  MGD_INGEST_OME_XML,        ///< OME-XML document
  MGD_INGEST_OMERO_TRANSFER, ///< omero-cli-transfer transfer.xml or package
  MGD_INGEST_OMERO_KV_CSV,   ///< OMERO/IDR bulk key-value CSV
  MGD_INGEST_IDR_ASSAYS,     ///< IDR assays table (tab-separated)
  MGD_INGEST_BULKMAP_CONFIG, ///< bulkmap-config.yml (read with its CSV only)
  MGD_INGEST_IDR_STUDY,      ///< idrNNNN-study.txt
  MGD_INGEST_IDR_FILEPATHS,  ///< IDR filePaths.tsv
  MGD_INGEST_OMERO_RDF,      ///< omero-rdf output or other RDF
  MGD_INGEST_OMERO_JSON,     ///< omero-marshal JSON
  MGD_INGEST_DIRECTORY, ///< A plain directory (ingest its files one by one)
  MGD_INGEST_REMBI_PAGETAB, ///< BioStudies PageTab JSON (REMBI; mmds.h)
  MGD_INGEST_REMBI_XLSX,    ///< REMBI spreadsheet template (mmds.h)
  MGD_INGEST_ROCRATE,       ///< RO-Crate file or crate directory (mmds.h)
  MGD_INGEST_BIDS,          ///< BIDS dataset directory (mmds.h)
  MGD_INGEST_ARC,           ///< ARC directory (mmds.h)
} MgdIngestKind;

/// Options. Zero-initialise, then set fields.
typedef struct {
  /// Directory holding `mappings/` (and `ontologies/`). NULL: the
  /// environment variable MUGDAT_DATADIR, then the installed data dir, then
  /// $MUGDAT_SRCDIR, then the source tree the library was built from.
  const char*        data_dir;
  const MgdLimits*   limits;        ///< NULL: mgd_limits_default()
  const MgdDiagSink* diag;          ///< Where problems go; may be NULL
  bool               strict;        ///< Warnings become errors (MGD_BAD_DATA)
  bool               no_provenance; ///< Do not emit provenance quads
  /// Fixed xsd:dateTime for prov:generatedAtTime (tests); NULL: now.
  const char* now;
  /// Directory sources (BIDS, ARC): skip a broken metadata file with an
  /// error diagnostic and ingest the rest, instead of failing (mmds.h).
  bool keep_going;
  /// Directory sources: record each data file's SHA-256 (reads every byte).
  bool checksums;
  /// Called while a source's main file is read (after every chunk, about
  /// 64 KiB for OME-XML; NULL: never), for a progress display: bytes read
  /// so far, the file's size (0 if unknown) and data quads emitted so far.
  /// It must not use the ingester.
  void (*progress)(void* handle, uint64_t bytes_read, uint64_t bytes_total,
                   uint64_t n_quads);
  void* progress_handle; ///< Passed to progress
} MgdIngestOptions;

/// What one ingest did. Strings are owned by the ingester and valid until
/// its next ingest or its free.
typedef struct {
  MgdIngestKind kind;       ///< Kind that was ingested
  const char*   graph;      ///< Graph IRI the data went into
  /// Data triples emitted (without provenance): the graph's size, except
  /// that OME-XML stating a fact twice counts it twice (streaming keeps no
  /// set of seen quads); `mugdat ingest` corrects void:triples from the
  /// store.
  size_t n_quads;
  size_t        n_prov;     ///< Provenance quads emitted
  size_t        n_warnings; ///< Warnings reported
  size_t        n_bytes;    ///< Bytes of the source read
  char          sha256[65]; ///< Hex SHA-256 of the source bytes
} MgdIngestReport;

typedef struct MgdIngesterImpl MgdIngester;

/// Load the mappings and make an ingester. `options` is copied (its strings
/// and sinks are borrowed for the ingester's life). MGD_BAD_IO with a
/// diagnostic if the mapping files cannot be found, MGD_BAD_DATA if they are
/// malformed. Owned by caller, free with mgd_ingester_free().
MgdStatus mgd_ingester_new(const MgdIngestOptions* options,
                           MgdIngester**           ingester);

/// Free an ingester (NULL is fine).
void mgd_ingester_free(MgdIngester* ingester);

/// Detect what `path` (file or directory) is, from its name and first bytes.
/// MGD_BAD_IO if it cannot be read; MGD_SUCCESS with MGD_INGEST_UNKNOWN if
/// it is not recognised.
MgdStatus mgd_ingest_detect(const char* path, MgdIngestKind* kind);

/// Detect the kind of a document held in memory (an HTTP upload) from its
/// file name (may be NULL) and first bytes.
MgdIngestKind
mgd_ingest_detect_bytes(const char* name, const char* bytes, size_t n);

/// Short name of a kind ("ome-xml", "omero-transfer", ...).
const char* mgd_ingest_kind_name(MgdIngestKind kind);

/// Write the graph IRI derived from `path` (made absolute, `.`/`..` and
/// repeated slashes removed, characters not allowed in IRIs percent-encoded)
/// to `out` (appended).
MgdStatus mgd_ingest_graph_iri(const char* path, MgdBuf* out);

/// Ingest one source into `sink`: data quads in graph `graph_iri` (NULL:
/// derived from the path), then provenance quads. On error the sink may have
/// received part of the quads: callers wrap the call in a transaction they
/// abort. `report` (may be NULL) is filled in. Errors: MGD_BAD_IO,
/// MGD_BAD_SYNTAX (malformed XML/CSV, with line and column),
/// MGD_BAD_ACCESS (DTD, external entity or entity declaration refused),
/// MGD_BAD_LIMIT, MGD_BAD_DATA (strict mode warnings, invalid terms),
/// MGD_BAD_UNSUPPORTED (unknown kind, a directory, a bulkmap config alone),
/// or whatever the sink returns.
MgdStatus mgd_ingester_ingest_path(MgdIngester* ingester, const char* path,
                                   const char* graph_iri, const MgdSink* sink,
                                   MgdIngestReport* report);

/// Ingest a document held in memory as `kind` (OME-XML, transfer, KV CSV,
/// IDR study/assays/filePaths, RDF (Turtle) or omero JSON). `name` is used
/// in diagnostics and provenance; `graph_iri` is required.
MgdStatus mgd_ingester_ingest_bytes(MgdIngester* ingester, MgdIngestKind kind,
                                    const char* name, const char* bytes,
                                    size_t n, const char* graph_iri,
                                    const MgdSink*   sink,
                                    MgdIngestReport* report);

#endif // MGD_INGEST_INGEST_H
