// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals shared by the ingest module's .c files (not a public header):
/// the quad emitter (graph, counting, term checks, warnings), mapping tables
/// loaded from TSV files, and the per-format converters.

#ifndef MGD_INGEST_INGEST_IMPL_H
#define MGD_INGEST_INGEST_IMPL_H

#include "ingest/ingest.h"

#include "base/arena.h"
#include "base/hash.h"

#include <stdint.h>

#define MGD_NS_DCTERMS "http://purl.org/dc/terms/"
#define MGD_NS_PROV "http://www.w3.org/ns/prov#"
#define MGD_NS_SCHEMA "https://schema.org/"
#define MGD_NS_OBO "http://purl.obolibrary.org/obo/"
#define MGD_RDF_XMLLITERAL MGD_NS_RDF "XMLLiteral"

// ---------------------------------------------------------------------------
// Mapping tables (mapping.c)

#define MGD_MAP_FIELDS 6

/// One row of a mapping TSV; fields are NUL-terminated, prefixed names
/// already expanded, "-" and missing fields are empty.
typedef struct {
  MgdStr        f[MGD_MAP_FIELDS]; ///< Fields
  unsigned      line;              ///< Line in the file
  unsigned char tag; ///< Kind code a converter assigns after loading (0)
} MgdMapRow;

/// A mapping table indexed by its first `n_key` fields.
typedef struct {
  MgdArena   arena;  ///< Strings
  MgdHashMap index;  ///< key -> row index
  MgdMapRow* rows;   ///< Rows; owned
  size_t     n_rows; ///< Rows used
  size_t     cap;    ///< Rows allocated
  size_t     n_key;  ///< Key fields
} MgdMapTable;

/// Load `dir`/`name` as a table keyed by its first `n_key` fields. Later rows
/// with the same key replace earlier ones (so a steward can append fixes).
MgdStatus mgd_ingest_table_load(MgdMapTable* table, const char* dir,
                                const char* name, size_t n_key,
                                const MgdDiagSink* diag);

/// Free a table's memory (NULL is fine).
void mgd_ingest_table_clear(MgdMapTable* table);

/// Find a row by key fields (k2 ignored when the table has one key field).
const MgdMapRow* mgd_ingest_table_get(const MgdMapTable* table, MgdStr k1,
                                      MgdStr k2);

/// Expand a prefixed name (ome:, dcterms:, rdf:, rdfs:, xsd:, schema:,
/// prov:, obo:, skos:, mgdv:, dc:) into `out`; other text is copied.
MgdStatus mgd_ingest_expand(MgdStr name, MgdBuf* out);

/// Append `name` converted from PascalCase/camelCase to snake_case
/// ("PhysicalSizeX" -> "physical_size_x", "LensNA" -> "lens_na",
/// "CO2Percent" -> "co2_percent").
MgdStatus mgd_ingest_snake(MgdStr name, MgdBuf* out);

/// Append `s` percent-encoded so it is safe inside an IRI path segment
/// (keeps unreserved and sub-delims and ':' '@'; encodes '/', '#', '%', '?',
/// spaces, controls and the characters IRIs forbid; non-ASCII kept).
MgdStatus mgd_ingest_pct(MgdStr s, MgdBuf* out);

// ---------------------------------------------------------------------------
// Emitter (emit.c)

/// IRIs up to this many bytes are remembered once checked.
#define MGD_EMIT_IRI_MAX 255U
/// Slots of the checked-IRI cache (a power of two).
#define MGD_EMIT_IRI_SLOTS 256U

/// Per-source emission state.
typedef struct {
  const MgdSink*     sink;       ///< Receives quads
  const MgdDiagSink* diag;       ///< Receives diagnostics
  const MgdLimits*   limits;     ///< Term limits
  const char*        source;     ///< Name used in diagnostics
  MgdBuf             graph;      ///< Graph IRI
  size_t             n_quads;    ///< Data quads emitted
  size_t             n_warnings; ///< Warnings
  bool               strict;     ///< Warnings are errors
  MgdBuf             scratch;    ///< Reused while emitting
  MgdHashMap         seen;       ///< 128-bit hashes of quads already sent
  bool               dedup;      ///< Drop repeated quads (not when streaming)
  bool graph_checked; ///< graph_ok is set (on the first quad)
  bool graph_ok;      ///< The graph IRI is a valid term (IRIs under it
                      ///< only need their tail checked)
  /// Checked IRIs, MGD_EMIT_IRI_SLOTS slots of a length byte and up to
  /// MGD_EMIT_IRI_MAX bytes; allocated on first use, owned.
  char* iri_cache;
} MgdEmit;

/// Free what an emitter owns (graph, scratch, seen set, IRI cache).
void mgd_ingest_emit_clear(MgdEmit* e);

/// Emit (s, p, o-IRI) in the source graph.
MgdStatus mgd_ingest_emit_iri(MgdEmit* e, MgdStr s, MgdStr p, MgdStr o);

/// Emit (s, p, literal) in the source graph; empty `datatype` is xsd:string.
MgdStatus mgd_ingest_emit_lit(MgdEmit* e, MgdStr s, MgdStr p, MgdStr lex,
                              MgdStr datatype);

/// Emit any quad after checking its terms (graph is set by the caller).
/// With `dedup`, a quad already emitted for this source is dropped, so
/// n_quads counts the distinct triples of the graph. Streaming converters
/// (OME-XML) do not dedup, to keep memory independent of the input: their
/// count is exact unless the document states a fact twice (a repeated
/// AnnotationRef, an ID defined twice), when it is an upper bound.
MgdStatus mgd_ingest_emit_quad(MgdEmit* e, const MgdQuad* q);

/// Report a warning (counted). Returns MGD_BAD_DATA in strict mode (the
/// caller stops), MGD_SUCCESS otherwise.
MgdStatus mgd_ingest_emit_warn(MgdEmit* e, unsigned line, unsigned col,
                               const char* path, const char* fmt, ...)
  __attribute__((format(printf, 5, 6)));

/// Report an error and return `st`.
MgdStatus mgd_ingest_emit_error(MgdEmit* e, MgdStatus st, unsigned line,
                                unsigned col, const char* path, const char* fmt,
                                ...) __attribute__((format(printf, 6, 7)));

/// Write `graph` + "/" + pct(`id`) into `out` (reset first).
MgdStatus mgd_ingest_emit_mint(const MgdEmit* e, MgdStr id, MgdBuf* out);

// ---------------------------------------------------------------------------
// Ingester state and converters

/// A byte source: either a file being streamed or a memory block. The
/// reader updates size and SHA-256 as it goes.
typedef struct MgdIngestInput MgdIngestInput;

/// Read up to `n` bytes; `*got` 0 at the end. MGD_BAD_IO on error.
MgdStatus mgd_ingest_input_read(MgdIngestInput* in, char* buf, size_t n,
                                size_t* got);

/// Read everything that is left into `out` (bounded by `max` bytes;
/// MGD_BAD_LIMIT past it).
MgdStatus mgd_ingest_input_slurp(MgdIngestInput* in, size_t max, MgdBuf* out);

/// Path of the input file, or NULL for memory input.
const char* mgd_ingest_input_path(const MgdIngestInput* in);

struct MgdIngesterImpl {
  MgdIngestOptions opts;     ///< Caller's options
  MgdLimits        limits;   ///< Effective limits
  char*            data_dir; ///< Resolved data dir; owned
  MgdMapTable      ome;      ///< mappings/ome-xml.tsv (element, attribute)
  MgdMapTable      units;    ///< mappings/ome-units.tsv (enum, symbol)
  MgdMapTable      idr;      ///< mappings/idr-study.tsv (key)
  MgdMapTable      rdf;      ///< mappings/omero-rdf.tsv (from)
  MgdMapTable      json;     ///< mappings/omero-json.tsv (key)
  MgdBuf           graph;    ///< Graph of the last ingest
  MgdIngestKind    kind;     ///< Kind being ingested
};

/// Give the rows of mappings/ome-xml.tsv their kind codes (once, after
/// loading; mgd_ingest_ome_xml() relies on them).
void mgd_ingest_ome_prepare(MgdMapTable* table);

/// Convert OME-XML (also transfer.xml when `ing->kind` says so).
MgdStatus mgd_ingest_ome_xml(MgdIngester* ing, MgdIngestInput* in, MgdEmit* e);

/// Convert an OMERO KV CSV (`sep` ',') or IDR assays table (`sep` '\t');
/// `config` is the bulkmap config path or NULL.
MgdStatus mgd_ingest_omero_kv(MgdIngester* ing, MgdIngestInput* in, MgdEmit* e,
                              char sep, const char* config);

/// Convert an IDR study file.
MgdStatus mgd_ingest_idr_study(MgdIngester* ing, MgdIngestInput* in,
                               MgdEmit* e);

/// Convert an IDR filePaths.tsv.
MgdStatus mgd_ingest_idr_filepaths(MgdIngester* ing, MgdIngestInput* in,
                                   MgdEmit* e);

/// Convert RDF (omero-rdf output) with term rewriting.
MgdStatus mgd_ingest_omero_rdf(MgdIngester* ing, MgdIngestInput* in,
                               MgdEmit* e);

/// Convert omero-marshal JSON.
MgdStatus mgd_ingest_omero_json(MgdIngester* ing, MgdIngestInput* in,
                                MgdEmit* e);

/// Emit a MapAnnotation-style key/value pair: `subject` ome:annotation
/// `ann` (once, by the caller), `ann` ome:m <ann/M/n>, with ome:k and
/// ome:value. `n` is 1-based.
MgdStatus mgd_ingest_emit_kv(MgdEmit* e, MgdStr ann, size_t n, MgdStr key,
                             MgdStr value);

/// True if `s` is a valid xsd:integer / xsd:double / xsd:boolean /
/// xsd:dateTime lexical form.
bool mgd_ingest_lex_is_integer(MgdStr s);
bool mgd_ingest_lex_is_double(MgdStr s);
bool mgd_ingest_lex_is_boolean(MgdStr s);
bool mgd_ingest_lex_is_datetime(MgdStr s);

#endif // MGD_INGEST_INGEST_IMPL_H
