// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals of the JSON-LD processor, shared by the jsonld*.c files and the
/// conformance runner. Values are jansson json_t trees (this module is the
/// jansson adapter for JSON-LD). Everything a processor run allocates besides
/// json_t values lives in the processor's arena and dies with it.

#ifndef MGD_SYNTAX_JSONLD_IMPL_H
#define MGD_SYNTAX_JSONLD_IMPL_H

#include "syntax/jsonld.h"

#include "base/arena.h"
#include "base/hash.h"
#include "base/diag.h"
#include "base/limits.h"
#include "base/str.h"
#include "rdf/term.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Container mapping bits.
enum {
  JLD_C_LIST     = 1U << 0,
  JLD_C_SET      = 1U << 1,
  JLD_C_INDEX    = 1U << 2,
  JLD_C_LANGUAGE = 1U << 3,
  JLD_C_ID       = 1U << 4,
  JLD_C_TYPE     = 1U << 5,
  JLD_C_GRAPH    = 1U << 6,
};

/// A term definition (JSON-LD 1.1 API §4.1). Immutable once in a context.
typedef struct {
  const char* term;       ///< The term itself
  const char* iri;        ///< IRI mapping; NULL: null mapping
  const char* type;       ///< Type mapping or NULL
  const char* lang;       ///< Language mapping (NULL with has_lang: null)
  const char* dir;        ///< Direction mapping (NULL with has_dir: null)
  const char* index;      ///< Index mapping or NULL
  const char* nest;       ///< Nest value or NULL
  json_t*     context;    ///< Scoped context (borrowed from a kept tree)
  const char* base_url;   ///< Base URL for the scoped context
  unsigned    container;  ///< JLD_C_* bits
  bool has_container;     ///< @container was given
  bool has_lang;          ///< Language mapping present
  bool has_dir;           ///< Direction mapping present
  bool has_context;       ///< Scoped context present
  bool reverse;           ///< Reverse property
  bool prefix;            ///< Usable as a compact IRI prefix
  bool is_protected;      ///< Protected
} JldTerm;

typedef struct {
  const char* key;  ///< Term (arena)
  uint64_t    hash; ///< 0: empty slot
  JldTerm*    def;  ///< NULL: removed
} JldSlot;

typedef struct JldInverse JldInverse;

/// An active context. Copy-on-write: a processed context is never changed.
typedef struct JldCtx {
  JldSlot*       slots;        ///< Term table (arena)
  size_t         n_slots;      ///< Power of two or 0
  size_t         n_used;       ///< Occupied slots (incl. removed)
  const char*    base;         ///< Base IRI or NULL
  const char*    orig_base;    ///< Original base URL
  const char*    vocab;        ///< Vocabulary mapping or NULL
  const char*    lang;         ///< Default language or NULL
  const char*    dir;          ///< Default base direction or NULL
  struct JldCtx* previous;     ///< Previous context (non-propagated)
  JldInverse*    inverse;      ///< Built lazily by compaction
  bool           has_protected; ///< Some term is protected
} JldCtx;

/// One loaded remote document, cached for the run.
typedef struct JldDoc {
  const char*    url;  ///< URL it was requested as
  json_t*        json; ///< Parsed document (owned by the cache)
  struct JldDoc* next; ///< Next cache entry
} JldDoc;

/// Cache entry: result of applying a local context to an active context.
typedef struct JldCtxMemo {
  const JldCtx*      active;
  const json_t*      local;
  const char*        base;
  bool               override_protected;
  bool               propagate;
  JldCtx*            result;
  struct JldCtxMemo* next;
} JldCtxMemo;

/// One processor run.
typedef struct {
  MgdArena                arena;     ///< Contexts, terms, strings
  const MgdJsonldOptions* opts;      ///< Options (never NULL)
  MgdJsonldOptions        defaults;  ///< Used when the caller gave none
  MgdLimits               limits;    ///< Effective limits
  const MgdDiagSink*      diag;      ///< Diagnostics
  const char*             source;    ///< Name for diagnostics
  bool                    mode10;    ///< processingMode json-ld-1.0
  bool                    recover;   ///< Drop bad entries with a warning
  MgdStatus               status;    ///< First error
  const char*             code;      ///< Its JSON-LD error code
  char                    message[512]; ///< Its message
  char*                   err_path;  ///< JSON path of the first error
  MgdBuf                  path;      ///< Current JSON path
  size_t                  depth;     ///< Current recursion depth
  size_t                  ctx_depth; ///< Nested context processing depth
  JldDoc*                 docs;      ///< Loaded documents
  JldCtxMemo*             memo[256]; ///< Context-processing memo buckets
  json_t*                 keep;      ///< Trees kept alive for the run
  uint64_t                n_bnodes;  ///< Blank node counter
  MgdHashMap              bnode_map; ///< Old bnode label → issued index+1
  size_t                  n_warnings; ///< Warnings sent
  const JldCtx*           hint_ctx;  ///< Expansion: the context and
  const char*             hint_prop; ///< property (a live key) whose
  const JldTerm*          hint_def;  ///< definition is hint_def
  bool                    bare_values; ///< Expansion for toRdf only: a
                                       ///< plain value object is its bare
                                       ///< JSON scalar (see jld_read)
  bool                    nm_no_dedupe; ///< Node map keeps repeated values
  MgdHashMap              nm_seen;   ///< Node map values seen (dedupe)
} JldProc;

/* ---- processor lifecycle and errors (jsonld_ctx.c) ---- */

void
jld_proc_init(JldProc* P, const MgdJsonldOptions* opts,
              const MgdLimits* limits, const MgdDiagSink* diag,
              const char* source);

void
jld_proc_clear(JldProc* P);

/// Record JSON-LD error `code` (first one wins); returns MGD_BAD_DATA.
MgdStatus
jld_error(JldProc* P, const char* code, const char* fmt, ...)
  __attribute__((format(printf, 3, 4)));

/// Record a limit error; returns MGD_BAD_LIMIT.
MgdStatus
jld_limit(JldProc* P, const char* fmt, ...)
  __attribute__((format(printf, 2, 3)));

/// Send a warning diagnostic at the current path.
void
jld_warn(JldProc* P, const char* fmt, ...)
  __attribute__((format(printf, 2, 3)));

/// Send the recorded error (if any) to the diag sink.
void
jld_report(JldProc* P);

/// Path helpers: push returns the length to restore with jld_path_pop.
size_t
jld_path_key(JldProc* P, const char* key);
size_t
jld_path_index(JldProc* P, size_t i);
void
jld_path_pop(JldProc* P, size_t mark);

/// Arena string copy (NULL on allocation failure).
const char*
jld_strdup(JldProc* P, const char* s);
const char*
jld_concat(JldProc* P, const char* a, const char* b);

/* ---- strings and IRIs (jsonld_iri.c) ---- */

bool
jld_is_keyword(const char* s);
bool
jld_keyword_form(const char* s);
bool
jld_is_absolute_iri(const char* s);
bool
jld_is_bnode(const char* s);
/// RFC 3986 §5.2 reference resolution; NULL base returns ref.
const char*
jld_resolve(JldProc* P, const char* base, const char* ref);
/// Shortest relative reference for `iri` against `base` (or iri).
const char*
jld_relativize(JldProc* P, const char* base, const char* iri);

/* ---- contexts (jsonld_ctx.c) ---- */

JldCtx*
jld_ctx_new(JldProc* P, const char* base);
const JldTerm*
jld_ctx_term(const JldCtx* ctx, const char* term);
/// Context Processing algorithm (§4.1.2). NULL on error.
JldCtx*
jld_ctx_process(JldProc* P, JldCtx* active, json_t* local,
                const char* base_url, json_t* remote, bool override_protected,
                bool propagate, bool validate_scoped);
/// IRI Expansion (§5.2.2) without a local context. NULL: null (or error,
/// check P->status).
const char*
jld_expand_iri(JldProc* P, JldCtx* ctx, const char* value, bool doc_rel,
               bool vocab);
/// Load a remote document through the offline loader (cached).
json_t*
jld_load(JldProc* P, const char* url, const char* code);

/* ---- algorithms ---- */

/// Expansion (§5.1.2) of a whole document: always an array (owned).
MgdStatus
jld_expand_doc(JldProc* P, json_t* doc, const char* base, json_t** out);
/// Expansion for streaming consumers: calls `each` with expanded items
/// (an array, borrowed for the call) as they are ready. A document of the
/// form {"@context", "@graph": [...]} is expanded one graph item at a time
/// and its input items are released (the document is modified).
MgdStatus
jld_expand_each(JldProc* P, json_t* doc, const char* base,
                MgdStatus (*each)(void*, json_t*), void* handle);
/// Value Expansion (§5.3.2). New reference.
json_t*
jld_expand_value(JldProc* P, JldCtx* ctx, const char* prop, json_t* value);

/// Node Map Generation (§7.2.2) of expanded `element` into `map`.
MgdStatus
jld_node_map(JldProc* P, json_t* element, json_t* map, const char* graph,
             json_t* subject_ref, const char* subject, const char* property,
             json_t* list);
/// Issue a blank node identifier for `old` (NULL: fresh).
const char*
jld_bnode(JldProc* P, const char* old);

/// Deserialize JSON-LD to RDF (§8.1.2): expanded input → quads.
MgdStatus
jld_to_rdf(JldProc* P, json_t* expanded, const MgdSink* sink);

/// Read a whole document into `sink` (expand + toRdf), streaming documents
/// of the form {"@context", "@graph": [...]} item by item.
MgdStatus
jld_read(JldProc* P, const char* bytes, size_t n, const char* base,
         const MgdSink* sink);

/// One RDF quad for fromRdf (strings borrowed).
typedef struct {
  MgdQuad q;
} JldQuad;

/// Serialize RDF as JSON-LD (§8.4). New array.
MgdStatus
jld_from_rdf(JldProc* P, const MgdQuad* quads, size_t n, json_t** out);

/// Compaction of expanded `input` against `ctx_json` (a context value or
/// NULL), as the API's compact() (§9.2 compact, steps after expansion).
MgdStatus
jld_compact_doc(JldProc* P, json_t* expanded, json_t* ctx_json,
                const char* base, json_t** out);

/// Flattening (§9.3 flatten) of expanded input; `ctx_json` may be NULL.
MgdStatus
jld_flatten_doc(JldProc* P, json_t* expanded, json_t* ctx_json,
                const char* base, json_t** out);

/// Parse JSON text; on error record MGD_BAD_SYNTAX with line/column.
json_t*
jld_parse(JldProc* P, const char* bytes, size_t n);

/// Parse JSON text without diagnostics: NULL for anything jansson's decoder
/// (JSON_DECODE_ANY | JSON_ALLOW_NUL) would refuse or read differently, e.g.
/// integers beyond json_int_t (jsonld_json.c). jld_parse_at tries it first.
json_t*
jld_fast_parse(const char* bytes, size_t n);

/// jld_fast_parse of the one JSON value at the start of `bytes` (no leading
/// white space); `*end` is the byte after it. NULL as jld_fast_parse.
json_t*
jld_fast_parse_prefix(const char* bytes, size_t n, const char** end);

/// Parse a slice of a document that starts at (line0, col0) of it, so that
/// syntax errors carry positions in the whole document.
json_t*
jld_parse_at(JldProc* P, const char* bytes, size_t n, unsigned line0,
             unsigned col0);

/// The active context for a document's top level: the base, the
/// expandContext option and `local` (a document's @context, may be NULL).
JldCtx*
jld_doc_context(JldProc* P, json_t* local, const char* base);

/// Expand one item of a top-level @graph array with `ctx` (from
/// jld_doc_context). New array, or NULL on error or when nothing is left.
json_t*
jld_expand_item(JldProc* P, JldCtx* ctx, json_t* item, const char* base);

/// Canonical xsd:double lexical form (e.g. "1.1E0").
void
jld_double_lexical(double d, char* out, size_t n_out);

/// JSON Canonicalization Scheme (RFC 8785) serialisation of `v`.
MgdStatus
jld_jcs(const json_t* v, MgdBuf* out);

/// Deep JSON equality, unordered for object keys, ordered for arrays.
bool
jld_json_equal(const json_t* a, const json_t* b);

#endif // MGD_SYNTAX_JSONLD_IMPL_H
