// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// JSON-LD 1.1 processor (W3C JSON-LD 1.1 Processing Algorithms and API):
/// expansion, compaction, flattening, toRdf and fromRdf, with an offline
/// document loader.
///
/// Remote contexts are never fetched from the network. A context URL is
/// resolved, in this order, through the caller's URL-prefix → directory
/// mappings, the caller's URL → file map, and the map of well-known contexts
/// shipped in `ontologies/contexts/contexts.map` (RO-Crate 1.1/1.2,
/// schema.org, BioImage Archive). Anything else fails with the JSON-LD error
/// "loading remote context failed".
///
/// Errors are reported to the MgdDiag sink with the JSON-LD error code as the
/// start of the message ("invalid IRI mapping: ...") and the JSON path of the
/// offending value; they return MGD_BAD_DATA (JSON-LD error), MGD_BAD_SYNTAX
/// (invalid JSON, with line and column) or MGD_BAD_LIMIT (nesting or context
/// depth).
///
/// Lifetime: MgdJsonldOptions is caller-allocated (_init/_clear); strings
/// added with the _add functions are copied. Readers and writers borrow the
/// options for the duration of a call.
///
/// Reading: point MgdReadOptions.jsonld at an MgdJsonldOptions and call
/// mgd_rdf_read_path() with MGD_FORMAT_JSONLD. By default a reader is
/// lenient: undefined terms, broken term definitions and invalid entries
/// are dropped with a WARNING diagnostic carrying their JSON path; `strict`
/// makes them errors. Documents shaped {"@context", "@graph": [...]} (RO-
/// Crates) or top-level arrays are processed one item at a time, so memory
/// stays close to the document's size.
///
/// CLI mapping (`mugdat load`): --context-map URL_PREFIX=DIR,
/// --expand-context FILE|URL, --processing-mode json-ld-1.0|json-ld-1.1,
/// --rdf-direction i18n-datatype|compound-literal, --generalized-rdf,
/// --strict and --contexts-dir DIR each become
/// mgd_jsonld_options_set(&opts, "<option name without -->", value).

#ifndef MGD_SYNTAX_JSONLD_H
#define MGD_SYNTAX_JSONLD_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/status.h"
#include "base/str.h"
#include "rdf/sink.h"

#include <stdbool.h>
#include <stddef.h>

/// How toRdf represents @direction (JSON-LD 1.1 API, rdfDirection).
typedef enum {
  MGD_JSONLD_DIR_NONE = 0, ///< Drop the direction (default)
  MGD_JSONLD_DIR_I18N,     ///< "i18n-datatype": https://www.w3.org/ns/i18n#
  MGD_JSONLD_DIR_COMPOUND, ///< "compound-literal": rdf:value/rdf:direction
} MgdJsonldDirection;

/// One mapping used by the offline document loader: a URL prefix to a
/// local directory, or (is_file) one exact URL to one local file.
typedef struct {
  char* url;     ///< URL prefix (or exact URL when is_file); owned
  char* path;    ///< Local directory (or file); owned
  bool  is_file; ///< Exact URL → file instead of prefix → directory
} MgdJsonldMapping;

/// JSON-LD API options. Initialise with mgd_jsonld_options_init(), then set
/// fields or call the _set/_add helpers; release with _clear().
typedef struct {
  bool is_json_ld_10;        ///< processingMode "json-ld-1.0" (default 1.1)
  char* expand_context;      ///< expandContext: a URL or file path; owned
  MgdJsonldDirection rdf_direction;  ///< rdfDirection
  bool produce_generalized;  ///< produceGeneralizedRdf (blank predicates)
  bool use_native_types;     ///< fromRdf: numbers/booleans as JSON natives
  bool use_rdf_type;         ///< fromRdf: keep rdf:type as a property
  bool compact_arrays;       ///< compactArrays (default true)
  bool compact_to_relative;  ///< compactToRelative (default true)
  bool strict;               ///< Fail on undefined terms and bad keys
                             ///< instead of dropping them with a warning
  char* shipped_dir;         ///< Directory holding contexts.map; owned;
                             ///< NULL: MGD_DATADIR "/contexts"
  MgdJsonldMapping* maps;    ///< Loader mappings, tried in order; owned
  size_t            n_maps;  ///< Number of mappings
} MgdJsonldOptions;

/// Set defaults (JSON-LD 1.1, compactArrays, compactToRelative).
void
mgd_jsonld_options_init(MgdJsonldOptions* options);

/// Free everything the options own (NULL is fine) and reset to defaults.
void
mgd_jsonld_options_clear(MgdJsonldOptions* options);

/// Add a loader mapping from a CLI-style "URL_PREFIX=DIR" string (the
/// `--context-map` option). A path naming a regular file maps that exact
/// URL to the file. MGD_BAD_ARG if there is no '=' or a side is empty.
MgdStatus
mgd_jsonld_options_add_map(MgdJsonldOptions* options, const char* spec);

/// Add a loader mapping (copied). `is_file`: see MgdJsonldMapping.
MgdStatus
mgd_jsonld_options_add_mapping(MgdJsonldOptions* options, const char* url,
                               const char* path, bool is_file);

/// Set an option by its CLI name and value: "processing-mode"
/// (json-ld-1.0|json-ld-1.1), "expand-context" (URL or file),
/// "rdf-direction" (i18n-datatype|compound-literal|none),
/// "generalized-rdf" (true|false), "strict" (true|false), "context-map"
/// (URL_PREFIX=DIR), "contexts-dir" (DIR). MGD_BAD_ARG for an unknown name
/// or value.
MgdStatus
mgd_jsonld_options_set(MgdJsonldOptions* options, const char* name,
                       const char* value);

/// Which shape mgd_jsonld_write_* produce.
typedef enum {
  MGD_JSONLD_OUT_EXPANDED = 0, ///< Expanded form (fromRdf result)
  MGD_JSONLD_OUT_COMPACTED,    ///< Compacted against a context
} MgdJsonldOutForm;

/// Receives serialised output bytes; returns an error to stop.
typedef MgdStatus (*MgdJsonldWriteFunc)(void* handle, const char* bytes,
                                        size_t n);

/// Options of the JSON-LD writer.
typedef struct {
  MgdJsonldOutForm        form;    ///< Expanded or compacted
  const char*             context; ///< For COMPACTED: context JSON text
                                   ///< (a context value or a document with
                                   ///< @context), or a URL the loader knows
  const MgdJsonldOptions* jsonld;  ///< API options; NULL: defaults
  const MgdDiagSink*      diag;    ///< Where problems go; may be NULL
  const MgdLimits*        limits;  ///< NULL: mgd_limits_default()
  const char*             base;    ///< COMPACTED: base IRI that IRIs are
                                   ///< made relative to (e.g. a crate's
                                   ///< directory URL), or NULL
  bool                    pretty;  ///< Indent the output
  MgdJsonldWriteFunc      write;   ///< Output callback (required)
  void*                   handle;  ///< Passed to write
} MgdJsonldWriteOptions;

typedef struct MgdJsonldWriterImpl MgdJsonldWriter;

/// A writer that collects quads (through mgd_jsonld_writer_sink()) and, on
/// the sink's on_end or mgd_jsonld_writer_finish(), converts them with
/// fromRdf, compacts them if asked and serialises them through
/// `options->write`. `options` and the strings it points to are borrowed
/// for the writer's life. Owned by caller, free with
/// mgd_jsonld_writer_free(). MGD_BAD_ALLOC or MGD_BAD_ARG.
MgdStatus
mgd_jsonld_writer_new(const MgdJsonldWriteOptions* options,
                      MgdJsonldWriter** writer);

/// A sink feeding `writer` (valid while the writer lives). Its on_end calls
/// mgd_jsonld_writer_finish().
MgdSink
mgd_jsonld_writer_sink(MgdJsonldWriter* writer);

/// Convert and write everything collected so far; idempotent.
MgdStatus
mgd_jsonld_writer_finish(MgdJsonldWriter* writer);

/// Free a writer (NULL is fine).
void
mgd_jsonld_writer_free(MgdJsonldWriter* writer);

/// Convenience: write `n_quads` quads as JSON-LD in one call.
MgdStatus
mgd_jsonld_write(const MgdQuad* quads, size_t n_quads,
                 const MgdJsonldWriteOptions* options);

/// Run a JSON-LD API operation on a JSON document held in memory and write
/// the resulting JSON to `out`: "expand", "compact" (needs `context_json`),
/// "flatten" (optional `context_json`) or "toRdf" (N-Quads text). `base`
/// (may be NULL) is the document URL. Errors go to `diag` as for reading.
MgdStatus
mgd_jsonld_transform(const char* operation, const char* bytes, size_t n,
                     const char* base, const char* context_json,
                     const MgdJsonldOptions* options,
                     const MgdDiagSink* diag, const MgdLimits* limits,
                     MgdBuf* out);

#endif // MGD_SYNTAX_JSONLD_H
