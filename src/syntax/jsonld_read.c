// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Entry points of the JSON-LD processor: reading a document into a sink
// (expand, then toRdf), whole-document transforms for tools and tests, and
// the quad-collecting writer (fromRdf, then compact, then serialise).
#include "syntax/jsonld_read.h"

#include "syntax/jsonld.h"
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

static const MgdJsonldOptions*
read_options(const MgdReadOptions* const options)
{
  return (const MgdJsonldOptions*)options->jsonld;
}

typedef struct {
  JldProc*       P;
  const MgdSink* sink;
} ReadEach;

static MgdStatus
read_each(void* const handle, json_t* const expanded)
{
  ReadEach* const r = (ReadEach*)handle;
  return jld_to_rdf(r->P, expanded, r->sink);
}

/* ---- streaming the RO-Crate shape ----
 *
 * Most large JSON-LD files are {"@context": ..., "@graph": [items]}. For
 * those, a scanner finds the items' byte ranges and each item is parsed,
 * expanded and written on its own, so memory stays near the document's
 * size instead of a whole jansson tree of it. Expanding items one by one is
 * exactly what expanding the @graph array does (JSON-LD 1.1 API §5.1.2
 * step 5). Any other shape falls back to parsing the whole document.
 */

static const char*
scan_ws(const char* p, const char* const end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
    ++p;
  }
  return p;
}

// `p` at '"': the byte after the closing quote, or NULL.
static const char*
scan_string(const char* p, const char* const end)
{
  for (++p; p < end; ++p) {
    if (*p == '\\') {
      ++p;
    } else if (*p == '"') {
      return p + 1;
    }
  }
  return NULL;
}

// The end of the JSON value at `p` (not validated: jansson does that).
static const char*
scan_value(const char* p, const char* const end)
{
  if (p >= end) {
    return NULL;
  }
  if (*p == '"') {
    return scan_string(p, end);
  }
  if (*p == '{' || *p == '[') {
    size_t depth = 0U;
    while (p < end) {
      const char c = *p;
      if (c == '"') {
        p = scan_string(p, end);
        if (!p) {
          return NULL;
        }
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0U) {
          return p + 1;
        }
      }
      ++p;
    }
    return NULL;
  }
  const char* q = p;
  while (q < end && !strchr(",}] \t\r\n", *q)) {
    ++q;
  }
  return q > p ? q : NULL;
}

typedef struct {
  const char* pos;  ///< Position the line/col below belong to
  unsigned    line; ///< 1-based
  unsigned    col;  ///< 1-based
} Cursor;

static void
cursor_to(Cursor* const c, const char* const start, const char* const target)
{
  if (target < c->pos) {
    c->pos  = start;
    c->line = 1U;
    c->col  = 1U;
  }
  for (; c->pos < target; ++c->pos) {
    if (*c->pos == '\n') {
      ++c->line;
      c->col = 1U;
    } else {
      ++c->col;
    }
  }
}

static MgdStatus
stream_syntax_error(JldProc* const P, Cursor* const cur,
                    const char* const start, const char* const at,
                    const char* const what)
{
  cursor_to(cur, start, at);
  P->status = MGD_BAD_SYNTAX;
  P->code   = "loading document failed";
  snprintf(P->message, sizeof(P->message), "invalid JSON: %s", what);
  return mgd_diag(P->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, P->source,
                  cur->line, cur->col, NULL, "invalid JSON: %s", what);
}

// Find the @context and @graph values of a {"@context", "@graph": [...]}
// document, or the items of a top-level array; false for other shapes.
static bool
find_items(const char* const bytes, const char* const end,
           const char** const ctx_s, const char** const ctx_e,
           const char** const g_s, const char** const g_e)
{
  const char* p = scan_ws(bytes, end);
  *ctx_s = *ctx_e = *g_s = *g_e = NULL;
  if (p < end && *p == '[') {
    // a top-level array: its items are expanded one by one anyway
    const char* const ae = scan_value(p, end);
    *g_s                 = p;
    *g_e                 = ae;
    return ae && scan_ws(ae, end) == end && ae[-1] == ']';
  }
  if (p >= end || *p != '{') {
    return false;
  }
  for (++p;;) {
    p = scan_ws(p, end);
    if (p >= end || *p != '"') {
      return false;
    }
    const char* const ke = scan_string(p, end);
    if (!ke) {
      return false;
    }
    const size_t kn       = (size_t)(ke - p) - 2U;
    const bool   is_ctx   = kn == 8U && !memcmp(p + 1, "@context", 8U);
    const bool   is_graph = kn == 6U && !memcmp(p + 1, "@graph", 6U);
    if ((!is_ctx && !is_graph) || (is_ctx && *ctx_s) || (is_graph && *g_s)) {
      return false;
    }
    p = scan_ws(ke, end);
    if (p >= end || *p != ':') {
      return false;
    }
    p                    = scan_ws(p + 1, end);
    const char* const ve = scan_value(p, end);
    if (!ve) {
      return false;
    }
    if (is_ctx) {
      *ctx_s = p;
      *ctx_e = ve;
    } else {
      *g_s = p;
      *g_e = ve;
    }
    p = scan_ws(ve, end);
    if (p < end && *p == ',') {
      ++p;
      continue;
    }
    if (p < end && *p == '}') {
      break;
    }
    return false;
  }
  return scan_ws(p + 1, end) == end && *g_s && **g_s == '[' &&
         (*g_e)[-1] == ']';
}

// True if the document had the streamable shape (and was processed).
static bool
read_streamed(JldProc* const P, const char* const bytes, const size_t n,
              const char* const base, const MgdSink* const sink)
{
  const char* ctx_s = NULL;
  const char* ctx_e = NULL;
  const char* g_s   = NULL;
  const char* g_e   = NULL;
  if (!find_items(bytes, bytes + n, &ctx_s, &ctx_e, &g_s, &g_e)) {
    return false;
  }
  const bool top_array = *scan_ws(bytes, bytes + n) == '[';
  Cursor  cur   = {bytes, 1U, 1U};
  json_t* local = NULL;
  if (ctx_s) {
    cursor_to(&cur, bytes, ctx_s);
    local = jld_parse_at(P, ctx_s, (size_t)(ctx_e - ctx_s), cur.line, cur.col);
    if (!local) {
      return true;
    }
  }
  JldCtx* const ctx = jld_doc_context(P, local, base);
  if (ctx) {
    const size_t      mark =
      top_array ? P->path.len : jld_path_key(P, "@graph");
    const char* const last      = g_e - 1; // the closing ']'
    const char*       q         = scan_ws(g_s + 1, last);
    size_t            i         = 0U;
    bool              need_item = false;
    while (!P->status && (q < last || need_item)) {
      // One pass parses a well-formed item and finds its end; the
      // scanner and jansson (for the error's line and column) only see
      // items that the fast parser refuses.
      const char* ie   = NULL;
      json_t*     item =
        q < last ? jld_fast_parse_prefix(q, (size_t)(last - q), &ie) : NULL;
      if (item) {
        // junk after the value ("truex"): jansson words the error
        const char* const nx = scan_ws(ie, last);
        if (nx < last && *nx != ',') {
          json_decref(item);
          item = NULL;
        }
      }
      if (!item) {
        ie = q < last ? scan_value(q, last) : NULL;
        if (!ie) {
          stream_syntax_error(P, &cur, bytes, q, "malformed @graph item");
          break;
        }
        cursor_to(&cur, bytes, q);
        item = jld_parse_at(P, q, (size_t)(ie - q), cur.line, cur.col);
        if (!item) {
          break;
        }
      }
      const size_t  m2 = jld_path_index(P, i);
      json_t* const e  = jld_expand_item(P, ctx, item, base);
      if (e) {
        jld_to_rdf(P, e, sink);
        json_decref(e);
      }
      jld_path_pop(P, m2);
      json_decref(item);
      q         = scan_ws(ie, last);
      need_item = false;
      if (q < last) {
        if (*q != ',') {
          stream_syntax_error(P, &cur, bytes, q, "expected ',' or ']'");
          break;
        }
        q         = scan_ws(q + 1, last);
        need_item = true;
      }
      ++i;
    }
    jld_path_pop(P, mark);
  }
  // scoped contexts in `ctx` point into `local`: release it last
  json_decref(local);
  return true;
}

MgdStatus
jld_read(JldProc* const P, const char* const bytes, const size_t n,
         const char* const base, const MgdSink* const sink)
{
  // the expanded items only feed toRdf: plain values stay bare scalars
  const bool bare = P->bare_values;
  P->bare_values  = true;
  if (!read_streamed(P, bytes, n, base, sink)) {
    json_t* const doc = jld_parse(P, bytes, n);
    if (doc) {
      ReadEach r = {P, sink};
      jld_expand_each(P, doc, base, read_each, &r);
    }
    json_decref(doc);
  }
  P->bare_values = bare;
  return P->status;
}

MgdStatus
mgd_jsonld_read(const char* const           bytes,
                const size_t                n,
                const MgdReadOptions* const options,
                const MgdSink* const        sink)
{
  JldProc P;
  jld_proc_init(&P, read_options(options), options->limits, options->diag,
                options->source_name);
  P.recover = !P.opts->strict;
  jld_read(&P, bytes, n, options->base, sink);
  jld_report(&P);
  const MgdStatus st = P.status;
  jld_proc_clear(&P);
  return st;
}

/* ---- transforms ---- */

typedef struct {
  MgdBuf*   out;
  MgdStatus status;
} NqOut;

static MgdStatus
nq_quad(void* const handle, const MgdQuad* const quad)
{
  NqOut* const o = (NqOut*)handle;
  // generalized RDF may have blank predicates, which N-Quads cannot say;
  // write them anyway (as the JSON-LD test suite expects)
  o->status = mgd_quad_write_nq(o->out, quad);
  return o->status;
}

static json_t*
context_arg(JldProc* const P, const char* const context_json)
{
  if (!context_json) {
    return NULL;
  }
  json_t* ctx = json_loads(context_json, JSON_DECODE_ANY, NULL);
  if (!ctx) {
    // not JSON: a URL the loader knows
    ctx = json_string(context_json);
  }
  json_t* const inner = json_object_get(ctx, "@context");
  if (inner) {
    json_t* const c = json_incref(inner);
    json_decref(ctx);
    ctx = c;
  }
  (void)P;
  return ctx;
}

static MgdStatus
dump_json(json_t* const v, MgdBuf* const out, const bool pretty)
{
  char* const text = json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16) |
                                     (pretty ? JSON_INDENT(2) : JSON_COMPACT));
  if (!text) {
    return MGD_BAD_ALLOC;
  }
  const MgdStatus st = mgd_buf_appendc(out, text);
  free(text);
  return st;
}

MgdStatus
mgd_jsonld_transform(const char* const             operation,
                     const char* const             bytes,
                     const size_t                  n,
                     const char* const             base,
                     const char* const             context_json,
                     const MgdJsonldOptions* const options,
                     const MgdDiagSink* const      diag,
                     const MgdLimits* const        limits,
                     MgdBuf* const                 out)
{
  JldProc P;
  jld_proc_init(&P, options, limits, diag, base);
  json_t* const doc      = jld_parse(&P, bytes, n);
  json_t*       expanded = NULL;
  json_t*       result   = NULL;
  json_t*       ctx      = context_arg(&P, context_json);
  if (doc && !jld_expand_doc(&P, doc, base, &expanded)) {
    if (!strcmp(operation, "expand")) {
      result = json_incref(expanded);
    } else if (!strcmp(operation, "compact")) {
      if (!ctx) {
        ctx = json_object();
      }
      jld_compact_doc(&P, expanded, ctx, base, &result);
    } else if (!strcmp(operation, "flatten")) {
      jld_flatten_doc(&P, expanded, ctx, base, &result);
    } else if (!strcmp(operation, "toRdf")) {
      NqOut         o    = {out, MGD_SUCCESS};
      const MgdSink sink = {&o, NULL, NULL, nq_quad, NULL};
      jld_to_rdf(&P, expanded, &sink);
    } else {
      P.status = MGD_BAD_ARG;
    }
  }
  if (result && !P.status && dump_json(result, out, true)) {
    P.status = MGD_BAD_ALLOC;
  }
  jld_report(&P);
  const MgdStatus st = P.status;
  json_decref(ctx);
  json_decref(result);
  json_decref(expanded);
  json_decref(doc);
  jld_proc_clear(&P);
  return st;
}

/* ---- writer ---- */

struct MgdJsonldWriterImpl {
  MgdJsonldWriteOptions opts;     ///< Borrowed options
  MgdArena              arena;    ///< Copies of the quads' strings
  MgdQuad*              quads;    ///< Collected quads
  size_t                n_quads;  ///< Number collected
  size_t                cap;      ///< Capacity
  bool                  finished; ///< Output written
};

MgdStatus
mgd_jsonld_writer_new(const MgdJsonldWriteOptions* const options,
                      MgdJsonldWriter** const            writer)
{
  *writer = NULL;
  if (!options || !options->write) {
    return MGD_BAD_ARG;
  }
  MgdJsonldWriter* const w =
    (MgdJsonldWriter*)mgd_calloc(1U, sizeof(MgdJsonldWriter));
  if (!w) {
    return MGD_BAD_ALLOC;
  }
  w->opts = *options;
  mgd_arena_init(&w->arena, 0U);
  *writer = w;
  return MGD_SUCCESS;
}

static MgdStatus
copy_term(MgdArena* const arena, MgdTerm* const t)
{
  if (t->kind == MGD_TERM_NONE) {
    return MGD_SUCCESS;
  }
  t->value = mgd_arena_str(arena, t->value);
  if (!t->value.ptr) {
    return MGD_BAD_ALLOC;
  }
  if (t->datatype.len) {
    t->datatype = mgd_arena_str(arena, t->datatype);
  }
  if (t->lang.len) {
    t->lang = mgd_arena_str(arena, t->lang);
  }
  return (t->datatype.len && !t->datatype.ptr) || (t->lang.len && !t->lang.ptr)
           ? MGD_BAD_ALLOC
           : MGD_SUCCESS;
}

static MgdStatus
writer_quad(void* const handle, const MgdQuad* const quad)
{
  MgdJsonldWriter* const w = (MgdJsonldWriter*)handle;
  if (w->n_quads == w->cap) {
    const size_t   cap = w->cap ? w->cap * 2U : 256U;
    MgdQuad* const q   = (MgdQuad*)mgd_realloc(w->quads, cap * sizeof(MgdQuad));
    if (!q) {
      return MGD_BAD_ALLOC;
    }
    w->quads = q;
    w->cap   = cap;
  }
  MgdQuad q = *quad;
  MgdStatus st = copy_term(&w->arena, &q.s);
  if (!st) {
    st = copy_term(&w->arena, &q.p);
  }
  if (!st) {
    st = copy_term(&w->arena, &q.o);
  }
  if (!st) {
    st = copy_term(&w->arena, &q.g);
  }
  if (!st) {
    w->quads[w->n_quads++] = q;
  }
  return st;
}

static MgdStatus
writer_end(void* const handle)
{
  return mgd_jsonld_writer_finish((MgdJsonldWriter*)handle);
}

MgdSink
mgd_jsonld_writer_sink(MgdJsonldWriter* const w)
{
  const MgdSink sink = {w, NULL, NULL, writer_quad, writer_end};
  return sink;
}

MgdStatus
mgd_jsonld_writer_finish(MgdJsonldWriter* const w)
{
  if (w->finished) {
    return MGD_SUCCESS;
  }
  w->finished = true;
  JldProc P;
  jld_proc_init(&P, w->opts.jsonld, w->opts.limits, w->opts.diag, NULL);
  json_t* expanded = NULL;
  json_t* result   = NULL;
  json_t* ctx      = NULL;
  if (!jld_from_rdf(&P, w->quads, w->n_quads, &expanded)) {
    if (w->opts.form == MGD_JSONLD_OUT_COMPACTED) {
      ctx = context_arg(&P, w->opts.context);
      if (!ctx) {
        ctx = json_object();
      }
      jld_compact_doc(&P, expanded, ctx, w->opts.base, &result);
    } else {
      result = json_incref(expanded);
    }
  }
  MgdBuf out = {0};
  if (!P.status && result) {
    if (dump_json(result, &out, w->opts.pretty) ||
        mgd_buf_putc(&out, '\n')) {
      P.status = MGD_BAD_ALLOC;
    } else {
      P.status = w->opts.write(w->opts.handle, out.data, out.len);
    }
  }
  jld_report(&P);
  const MgdStatus st = P.status;
  mgd_buf_clear(&out);
  json_decref(ctx);
  json_decref(result);
  json_decref(expanded);
  jld_proc_clear(&P);
  return st;
}

void
mgd_jsonld_writer_free(MgdJsonldWriter* const w)
{
  if (w) {
    mgd_free(w->quads);
    mgd_arena_clear(&w->arena);
    mgd_free(w);
  }
}

MgdStatus
mgd_jsonld_write(const MgdQuad* const                quads,
                 const size_t                        n_quads,
                 const MgdJsonldWriteOptions* const options)
{
  MgdJsonldWriter* w  = NULL;
  MgdStatus        st = mgd_jsonld_writer_new(options, &w);
  for (size_t i = 0U; !st && i < n_quads; ++i) {
    st = writer_quad(w, &quads[i]);
  }
  if (!st) {
    st = mgd_jsonld_writer_finish(w);
  }
  mgd_jsonld_writer_free(w);
  return st;
}
