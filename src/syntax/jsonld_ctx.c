// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Processor state, errors, the offline document loader, context processing
// (JSON-LD 1.1 API §4.1, §4.2) and IRI expansion (§5.2).
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif

/* ---- processor ---- */

void
jld_proc_init(JldProc* const                P,
              const MgdJsonldOptions* const opts,
              const MgdLimits* const        limits,
              const MgdDiagSink* const      diag,
              const char* const             source)
{
  memset(P, 0, sizeof(*P));
  mgd_arena_init(&P->arena, 0U);
  mgd_jsonld_options_init(&P->defaults);
  P->opts   = opts ? opts : &P->defaults;
  P->limits = limits ? *limits : mgd_limits_default();
  P->diag   = diag;
  P->source = source;
  P->mode10 = P->opts->is_json_ld_10;
  P->keep   = json_array();
  mgd_buf_init(&P->path);
  mgd_buf_appendc(&P->path, "$");
  mgd_hashmap_init(&P->bnode_map);
  mgd_hashmap_init(&P->nm_seen);
}

void
jld_proc_clear(JldProc* const P)
{
  for (JldDoc* d = P->docs; d; d = d->next) {
    json_decref(d->json);
  }
  json_decref(P->keep);
  mgd_buf_clear(&P->path);
  mgd_free(P->err_path);
  mgd_hashmap_clear(&P->bnode_map);
  mgd_hashmap_clear(&P->nm_seen);
  mgd_arena_clear(&P->arena);
  mgd_jsonld_options_clear(&P->defaults);
}

static void proc_set_error(JldProc* P, MgdStatus st, const char* code,
                           const char* fmt, va_list args)
  __attribute__((format(printf, 4, 0)));

static void
proc_set_error(JldProc* const    P,
               const MgdStatus   st,
               const char* const code,
               const char* const fmt,
               va_list           args)
{
  if (P->status) {
    return;
  }
  P->status = st;
  P->code   = code;
  char text[400];
  vsnprintf(text, sizeof(text), fmt, args);
  snprintf(P->message, sizeof(P->message), "%s: %s", code, text);
  P->err_path = mgd_strndup(P->path.data ? P->path.data : "$", P->path.len);
}

MgdStatus
jld_error(JldProc* const P, const char* const code, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  proc_set_error(P, strcmp(code, "out of memory") ? MGD_BAD_DATA : MGD_BAD_ALLOC,
                 code, fmt, args);
  va_end(args);
  return P->status;
}

MgdStatus
jld_limit(JldProc* const P, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  proc_set_error(P, MGD_BAD_LIMIT, "limit exceeded", fmt, args);
  va_end(args);
  return P->status;
}

void
jld_warn(JldProc* const P, const char* const fmt, ...)
{
  if (++P->n_warnings > 100U) {
    return; // a broken document must not flood the log
  }
  char    text[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(text, sizeof(text), fmt, args);
  va_end(args);
  mgd_diag(P->diag, MGD_BAD_DATA, MGD_LEVEL_WARNING, P->source, 0U, 0U,
           P->path.data, "%s", text);
}

void
jld_report(JldProc* const P)
{
  if (P->status > MGD_FAILURE && P->status != MGD_BAD_SYNTAX) {
    mgd_diag(P->diag, P->status, MGD_LEVEL_ERROR, P->source, 0U, 0U,
             P->err_path, "%s", P->message);
  }
}

size_t
jld_path_key(JldProc* const P, const char* const key)
{
  const size_t mark = P->path.len;
  mgd_buf_putc(&P->path, '.');
  mgd_buf_appendc(&P->path, key);
  return mark;
}

size_t
jld_path_index(JldProc* const P, const size_t i)
{
  // once per array item of the document: no printf
  const size_t mark = P->path.len;
  char         text[24];
  size_t       n = sizeof(text);
  size_t       v = i;
  text[--n]      = ']';
  do {
    text[--n] = (char)('0' + v % 10U);
    v /= 10U;
  } while (v);
  text[--n] = '[';
  mgd_buf_append(&P->path, text + n, sizeof(text) - n);
  return mark;
}

void
jld_path_pop(JldProc* const P, const size_t mark)
{
  if (P->path.data && mark <= P->path.len) {
    P->path.len         = mark;
    P->path.data[mark] = '\0';
  }
}

const char*
jld_strdup(JldProc* const P, const char* const s)
{
  if (!s) {
    return NULL;
  }
  const char* const r = mgd_arena_strndup(&P->arena, s, strlen(s));
  if (!r) {
    jld_error(P, "out of memory", "string copy");
  }
  return r;
}

const char*
jld_concat(JldProc* const P, const char* const a, const char* const b)
{
  const size_t na = strlen(a);
  const size_t nb = strlen(b);
  char* const  r  = (char*)mgd_arena_alloc(&P->arena, na + nb + 1U);
  if (!r) {
    jld_error(P, "out of memory", "string copy");
    return NULL;
  }
  memcpy(r, a, na);
  memcpy(r + na, b, nb + 1U);
  return r;
}

json_t*
jld_parse(JldProc* const P, const char* const bytes, const size_t n)
{
  return jld_parse_at(P, bytes, n, 1U, 1U);
}

json_t*
jld_parse_at(JldProc* const P, const char* const bytes, const size_t n,
             const unsigned line0, const unsigned col0)
{
  json_t* v = jld_fast_parse(bytes, n);
  if (v) {
    return v;
  }
  json_error_t err;
  v = json_loadb(bytes, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  if (!v && strstr(err.text, "too big integer")) {
    // JSON-LD numbers are IEEE doubles (JSON-LD 1.1 §4.3.2 via JavaScript).
    v = json_loadb(bytes, n,
                   JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL,
                   &err);
  }
  if (!v && !P->status) {
    P->status = MGD_BAD_SYNTAX;
    P->code   = "loading document failed";
    snprintf(P->message, sizeof(P->message), "invalid JSON: %s", err.text);
    // positions inside a slice of the document are shifted back into it
    const unsigned line = err.line > 0 ? (unsigned)err.line + line0 - 1U : 0U;
    const unsigned col =
      err.column > 0 ? (unsigned)err.column + (err.line == 1 ? col0 - 1U : 0U)
                     : 0U;
    mgd_diag(P->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, P->source, line, col,
             NULL, "invalid JSON: %s", err.text);
  }
  return v;
}

/* ---- document loader ---- */

static json_t*
load_file(JldProc* const P, const char* const path)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  MgdBuf buf = {0};
  char   chunk[65536];
  size_t got = 0U;
  while ((got = fread(chunk, 1U, sizeof(chunk), f)) > 0U) {
    if (mgd_buf_append(&buf, chunk, got)) {
      break;
    }
  }
  fclose(f);
  json_error_t err;
  json_t* v = json_loadb(buf.data ? buf.data : "", buf.len, JSON_DECODE_ANY,
                         &err);
  if (!v && strstr(err.text, "too big integer")) {
    v = json_loadb(buf.data, buf.len,
                   JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &err);
  }
  (void)P;
  mgd_buf_clear(&buf);
  return v;
}

static bool
is_regular_file(const char* const path)
{
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

// Look `url` up in a "URL<whitespace>FILE" map file in `dir`.
static bool
shipped_lookup(const char* const dir, const char* const url, MgdBuf* const out)
{
  MgdBuf mapfile = {0};
  mgd_buf_printf(&mapfile, "%s/contexts.map", dir);
  FILE* const f = fopen(mapfile.data, "r");
  mgd_buf_clear(&mapfile);
  if (!f) {
    return false;
  }
  char line[2048];
  bool found = false;
  while (!found && fgets(line, sizeof(line), f)) {
    if (line[0] == '#') {
      continue;
    }
    char* const sep = line + strcspn(line, " \t");
    if (!*sep) {
      continue;
    }
    *sep        = '\0';
    char* file = sep + 1;
    while (*file == ' ' || *file == '\t') {
      ++file;
    }
    file[strcspn(file, "\r\n")] = '\0';
    if (*file && !strcmp(line, url)) {
      mgd_buf_printf(out, "%s/%s", dir, file);
      found = true;
    }
  }
  fclose(f);
  return found;
}

json_t*
jld_load(JldProc* const P, const char* const url, const char* const code)
{
  for (JldDoc* d = P->docs; d; d = d->next) {
    if (!strcmp(d->url, url)) {
      return d->json;
    }
  }
  // Only the caller's expandContext option may name a local file; URLs
  // found in documents never do.
  if (P->opts->expand_context && !strcmp(url, P->opts->expand_context) &&
      !jld_is_absolute_iri(url) && is_regular_file(url)) {
    json_t* const doc = load_file(P, url);
    JldDoc* const d =
      doc ? (JldDoc*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldDoc)) : NULL;
    if (!d) {
      json_decref(doc);
      jld_error(P, code, "cannot load expandContext file %s", url);
      return NULL;
    }
    d->url  = jld_strdup(P, url);
    d->json = doc;
    d->next = P->docs;
    P->docs = d;
    return doc;
  }
  // Fragments never select a different document.
  MgdBuf key = {0};
  mgd_buf_append(&key, url, strcspn(url, "#"));
  MgdBuf path = {0};
  bool   have = false;
  const MgdJsonldOptions* const o = P->opts;
  for (size_t i = 0U; i < o->n_maps && !have; ++i) {
    const MgdJsonldMapping* const m = &o->maps[i];
    if (m->is_file) {
      if (!strcmp(m->url, key.data)) {
        mgd_buf_appendc(&path, m->path);
        have = true;
      }
    } else {
      const size_t n = strlen(m->url);
      if (!strncmp(m->url, key.data, n)) {
        const char* rest = key.data + n;
        rest += strcspn(rest, "?") == strlen(rest) ? 0U : 0U;
        if (strstr(rest, "..")) {
          continue; // never escape the mapped directory
        }
        mgd_buf_printf(&path, "%s/%.*s", m->path, (int)strcspn(rest, "?"),
                       rest);
        have = true;
      }
    }
  }
  if (!have) {
    const char* const dir = o->shipped_dir ? o->shipped_dir
                                           : MGD_DATADIR "/contexts";
    have = shipped_lookup(dir, key.data, &path);
    if (!have && key.len > 0U && key.data[key.len - 1U] == '/') {
      // "https://schema.org/" and "https://schema.org" name the same thing
      key.data[--key.len] = '\0';
      have = shipped_lookup(dir, key.data, &path);
    }
  }
  json_t* doc = NULL;
  if (have && is_regular_file(path.data)) {
    doc = load_file(P, path.data);
  }
  if (!doc) {
    jld_error(P, code, "cannot load <%s> offline%s%s", url,
              have ? " from " : " (no local mapping; use --context-map)",
              have ? path.data : "");
  }
  mgd_buf_clear(&key);
  mgd_buf_clear(&path);
  if (!doc) {
    return NULL;
  }
  JldDoc* const d = (JldDoc*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldDoc));
  if (!d) {
    json_decref(doc);
    jld_error(P, "out of memory", "document cache");
    return NULL;
  }
  d->url  = jld_strdup(P, url);
  d->json = doc;
  d->next = P->docs;
  P->docs = d;
  return doc;
}

/* ---- term table ---- */

static uint64_t
term_hash(const char* const key)
{
  const uint64_t h = mgd_hash64(key, strlen(key));
  return h ? h : 1U;
}

const JldTerm*
jld_ctx_term(const JldCtx* const ctx, const char* const term)
{
  if (!ctx->n_slots || !term) {
    return NULL;
  }
  const uint64_t h    = term_hash(term);
  const size_t   mask = ctx->n_slots - 1U;
  for (size_t i = (size_t)h & mask;; i = (i + 1U) & mask) {
    const JldSlot* const s = &ctx->slots[i];
    if (!s->hash) {
      return NULL;
    }
    if (s->hash == h && !strcmp(s->key, term)) {
      return s->def;
    }
  }
}

static MgdStatus
ctx_grow(JldProc* const P, JldCtx* const ctx, const size_t n_slots)
{
  JldSlot* const slots =
    (JldSlot*)mgd_arena_calloc(&P->arena, n_slots, sizeof(JldSlot));
  if (!slots) {
    return jld_error(P, "out of memory", "term table");
  }
  const size_t mask = n_slots - 1U;
  for (size_t i = 0U; i < ctx->n_slots; ++i) {
    const JldSlot* const s = &ctx->slots[i];
    if (s->hash) {
      size_t j = (size_t)s->hash & mask;
      while (slots[j].hash) {
        j = (j + 1U) & mask;
      }
      slots[j] = *s;
    }
  }
  ctx->slots   = slots;
  ctx->n_slots = n_slots;
  return MGD_SUCCESS;
}

static MgdStatus
ctx_set(JldProc* const P, JldCtx* const ctx, const char* const term,
        JldTerm* const def)
{
  if ((ctx->n_used + 1U) * 10U >= ctx->n_slots * 7U) {
    MgdStatus st = ctx_grow(P, ctx, ctx->n_slots ? ctx->n_slots * 2U : 16U);
    if (st) {
      return st;
    }
  }
  const uint64_t h    = term_hash(term);
  const size_t   mask = ctx->n_slots - 1U;
  for (size_t i = (size_t)h & mask;; i = (i + 1U) & mask) {
    JldSlot* const s = &ctx->slots[i];
    if (!s->hash) {
      s->hash = h;
      s->key  = def ? def->term : jld_strdup(P, term);
      s->def  = def;
      ++ctx->n_used;
      break;
    }
    if (s->hash == h && !strcmp(s->key, term)) {
      s->def = def;
      break;
    }
  }
  if (def && def->is_protected) {
    ctx->has_protected = true;
  }
  return MGD_SUCCESS;
}

JldCtx*
jld_ctx_new(JldProc* const P, const char* const base)
{
  JldCtx* const ctx = (JldCtx*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldCtx));
  if (!ctx) {
    jld_error(P, "out of memory", "context");
    return NULL;
  }
  ctx->base      = base;
  ctx->orig_base = base;
  return ctx;
}

// Copy for modification; the term table is copied lazily on first write
// only in the sense that the slot array is duplicated once here.
static JldCtx*
ctx_copy(JldProc* const P, const JldCtx* const src)
{
  JldCtx* const ctx = (JldCtx*)mgd_arena_alloc(&P->arena, sizeof(JldCtx));
  if (!ctx) {
    jld_error(P, "out of memory", "context");
    return NULL;
  }
  *ctx         = *src;
  ctx->inverse = NULL;
  if (src->n_slots) {
    ctx->slots =
      (JldSlot*)mgd_arena_alloc(&P->arena, src->n_slots * sizeof(JldSlot));
    if (!ctx->slots) {
      jld_error(P, "out of memory", "context");
      return NULL;
    }
    memcpy(ctx->slots, src->slots, src->n_slots * sizeof(JldSlot));
  }
  return ctx;
}

/* ---- IRI expansion (§5.2.2) ---- */

static MgdStatus
create_term(JldProc* P, JldCtx* active, json_t* local, const char* term,
            json_t* defined, const char* base_url, bool is_protected,
            bool override_protected, json_t* remote, bool validate_scoped);

static const char*
expand_iri_ld(JldProc* const P, JldCtx* const ctx, const char* const value,
              const bool doc_rel, const bool vocab, json_t* const local,
              json_t* const defined)
{
  if (!value || jld_is_keyword(value)) {
    return value;
  }
  if (jld_keyword_form(value)) {
    return NULL;
  }
  if (local && json_object_get(local, value)) {
    const json_t* const d = json_object_get(defined, value);
    if (!d || !json_is_true(d)) {
      if (create_term(P, ctx, local, value, defined, NULL, false, false, NULL,
                      true)) {
        return NULL;
      }
    }
  }
  const JldTerm* const def = jld_ctx_term(ctx, value);
  if (def && def->iri && jld_is_keyword(def->iri)) {
    return def->iri;
  }
  if (vocab && def) {
    return def->iri;
  }
  const char* const colon = value[0] ? strchr(value + 1, ':') : NULL;
  if (colon) {
    const size_t n_prefix = (size_t)(colon - value);
    const char*  suffix   = colon + 1;
    if ((n_prefix == 1U && value[0] == '_') ||
        (suffix[0] == '/' && suffix[1] == '/')) {
      return value;
    }
    char  small[128];
    char* prefix = n_prefix < sizeof(small)
                     ? small
                     : (char*)mgd_arena_alloc(&P->arena, n_prefix + 1U);
    if (!prefix) {
      jld_error(P, "out of memory", "IRI expansion");
      return NULL;
    }
    memcpy(prefix, value, n_prefix);
    prefix[n_prefix] = '\0';
    if (local && json_object_get(local, prefix)) {
      const json_t* const d = json_object_get(defined, prefix);
      if (!d || !json_is_true(d)) {
        if (create_term(P, ctx, local, prefix, defined, NULL, false, false,
                        NULL, true)) {
          return NULL;
        }
      }
    }
    const JldTerm* const pdef = jld_ctx_term(ctx, prefix);
    if (pdef && pdef->iri && pdef->prefix) {
      return jld_concat(P, pdef->iri, suffix);
    }
    if (jld_is_absolute_iri(value)) {
      return value;
    }
  }
  if (vocab && ctx->vocab) {
    return jld_concat(P, ctx->vocab, value);
  }
  if (doc_rel) {
    return jld_resolve(P, ctx->base, value);
  }
  return value;
}

const char*
jld_expand_iri(JldProc* const P, JldCtx* const ctx, const char* const value,
               const bool doc_rel, const bool vocab)
{
  return expand_iri_ld(P, ctx, value, doc_rel, vocab, NULL, NULL);
}

/* ---- create term definition (§4.2.2) ---- */

static bool
ends_with_gen_delim(const char* const iri)
{
  const size_t n = strlen(iri);
  return n > 0U && strchr(":/?#[]@", iri[n - 1U]) != NULL;
}

static unsigned
container_bit(const char* const s)
{
  static const struct {
    const char* name;
    unsigned    bit;
  } bits[] = {
    {"@list", JLD_C_LIST},   {"@set", JLD_C_SET},
    {"@index", JLD_C_INDEX}, {"@language", JLD_C_LANGUAGE},
    {"@id", JLD_C_ID},       {"@type", JLD_C_TYPE},
    {"@graph", JLD_C_GRAPH},
  };
  for (size_t i = 0U; i < sizeof(bits) / sizeof(bits[0]); ++i) {
    if (!strcmp(s, bits[i].name)) {
      return bits[i].bit;
    }
  }
  return 0U;
}

// §4.2.2 step 21.1: the allowed container combinations.
static bool
container_valid(const unsigned c, const size_t n_items, const bool is_array)
{
  if (!c || (is_array && n_items == 0U)) {
    return false;
  }
  const unsigned one = c & ~JLD_C_SET;
  if (!is_array || n_items == 1U) {
    return true; // any single keyword
  }
  if (c & JLD_C_LIST) {
    return false;
  }
  if (c & JLD_C_GRAPH) {
    // @graph with @id or @index (optionally @set), or @graph + @set
    const unsigned rest = one & ~JLD_C_GRAPH;
    return rest == 0U || rest == JLD_C_ID || rest == JLD_C_INDEX;
  }
  // @set plus one of the others
  return (c & JLD_C_SET) && (one & (one - 1U)) == 0U;
}

static bool
term_same(const JldTerm* const a, const JldTerm* const b)
{
#define SAME_STR(x, y) ((x) == (y) || ((x) && (y) && !strcmp((x), (y))))
  return SAME_STR(a->iri, b->iri) && SAME_STR(a->type, b->type) &&
         a->has_lang == b->has_lang && SAME_STR(a->lang, b->lang) &&
         a->has_dir == b->has_dir && SAME_STR(a->dir, b->dir) &&
         SAME_STR(a->index, b->index) && SAME_STR(a->nest, b->nest) &&
         a->container == b->container && a->reverse == b->reverse &&
         a->prefix == b->prefix && a->has_context == b->has_context &&
         (!a->has_context || json_equal(a->context, b->context));
#undef SAME_STR
}

static const char*
lowercase(JldProc* const P, const char* const s)
{
  char* const r = (char*)jld_strdup(P, s);
  if (r) {
    for (char* p = r; *p; ++p) {
      *p = (char)tolower((unsigned char)*p);
    }
  }
  return r;
}

static MgdStatus
create_term(JldProc* const P, JldCtx* const active, json_t* const local,
            const char* const term, json_t* const defined,
            const char* const base_url, const bool is_protected,
            const bool override_protected, json_t* const remote,
            const bool validate_scoped)
{
  (void)validate_scoped;
  const json_t* const dval = json_object_get(defined, term);
  if (dval) {
    if (json_is_true(dval)) {
      return MGD_SUCCESS;
    }
    return jld_error(P, "cyclic IRI mapping", "term \"%s\"", term);
  }
  if (!term[0]) {
    return jld_error(P, "invalid term definition", "empty term");
  }
  json_object_set_new(defined, term, json_false());
  json_t* value = json_object_get(local, term);
  if (!strcmp(term, "@type") && !P->mode10 && json_is_object(value)) {
    const char* k;
    json_t*     v;
    bool        ok = json_object_size(value) > 0U;
    json_object_foreach (value, k, v) {
      if (!strcmp(k, "@container")) {
        ok = ok && json_is_string(v) && !strcmp(json_string_value(v), "@set");
      } else if (strcmp(k, "@protected") != 0) {
        ok = false;
      }
    }
    if (!ok) {
      return jld_error(P, "keyword redefinition", "@type");
    }
  } else if (jld_is_keyword(term)) {
    return jld_error(P, "keyword redefinition", "%s", term);
  } else if (jld_keyword_form(term)) {
    jld_warn(P, "term \"%s\" has the form of a keyword; ignored", term);
    json_object_set_new(defined, term, json_true());
    return MGD_SUCCESS;
  }
  const JldTerm* const previous = jld_ctx_term(active, term);
  if (previous) {
    ctx_set(P, active, term, NULL);
  }
  bool simple = false;
  json_t* tmp = NULL; // owned replacement of a string or null value
  if (json_is_null(value)) {
    tmp   = json_pack("{s:n}", "@id");
    value = tmp;
  } else if (json_is_string(value)) {
    tmp    = json_pack("{s:O}", "@id", value);
    value  = tmp;
    simple = true;
  } else if (!json_is_object(value)) {
    return jld_error(P, "invalid term definition", "term \"%s\"", term);
  }
  MgdStatus st  = MGD_SUCCESS;
  JldTerm*  def = (JldTerm*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldTerm));
  if (!def) {
    st = jld_error(P, "out of memory", "term definition");
    goto done;
  }
  def->term = jld_strdup(P, term);
  json_t* v = json_object_get(value, "@protected");
  if (v) {
    if (P->mode10) {
      st = jld_error(P, "invalid term definition", "@protected in 1.0");
      goto done;
    }
    if (!json_is_boolean(v)) {
      st = jld_error(P, "invalid @protected value", "term \"%s\"", term);
      goto done;
    }
    def->is_protected = json_is_true(v);
  } else if (is_protected) {
    def->is_protected = true;
  }
  v = json_object_get(value, "@type");
  if (v) {
    if (!json_is_string(v)) {
      st = jld_error(P, "invalid type mapping", "term \"%s\"", term);
      goto done;
    }
    const char* const type =
      expand_iri_ld(P, active, json_string_value(v), false, true, local,
                    defined);
    if (P->status) {
      st = P->status;
      goto done;
    }
    if (type && (!strcmp(type, "@json") || !strcmp(type, "@none")) &&
        P->mode10) {
      st = jld_error(P, "invalid type mapping", "%s in 1.0", type);
      goto done;
    }
    if (!type ||
        (strcmp(type, "@id") && strcmp(type, "@json") &&
         strcmp(type, "@none") && strcmp(type, "@vocab") &&
         !jld_is_absolute_iri(type))) {
      st = jld_error(P, "invalid type mapping", "term \"%s\"", term);
      goto done;
    }
    def->type = type;
  }
  v = json_object_get(value, "@reverse");
  if (v) {
    if (json_object_get(value, "@id") || json_object_get(value, "@nest")) {
      st = jld_error(P, "invalid reverse property", "term \"%s\"", term);
      goto done;
    }
    if (!json_is_string(v)) {
      st = jld_error(P, "invalid IRI mapping", "@reverse of \"%s\"", term);
      goto done;
    }
    if (jld_keyword_form(json_string_value(v))) {
      jld_warn(P, "@reverse value has the form of a keyword; ignored");
      json_object_set_new(defined, term, json_true());
      goto done;
    }
    const char* const iri = expand_iri_ld(P, active, json_string_value(v),
                                          false, true, local, defined);
    if (P->status) {
      st = P->status;
      goto done;
    }
    if (!iri || (!jld_is_absolute_iri(iri) && !jld_is_bnode(iri))) {
      st = jld_error(P, "invalid IRI mapping", "@reverse of \"%s\"", term);
      goto done;
    }
    def->iri = iri;
    v        = json_object_get(value, "@container");
    if (v) {
      const char* const c = json_string_value(v);
      if (!json_is_null(v) &&
          (!c || (strcmp(c, "@set") && strcmp(c, "@index")))) {
        st = jld_error(P, "invalid reverse property", "container");
        goto done;
      }
      def->container     = c ? container_bit(c) : 0U;
      def->has_container = c != NULL;
    }
    def->reverse = true;
  } else {
    v = json_object_get(value, "@id");
    if (v && !(json_is_string(v) && !strcmp(json_string_value(v), term))) {
      if (json_is_null(v)) {
        def->iri = NULL;
      } else if (!json_is_string(v)) {
        st = jld_error(P, "invalid IRI mapping", "@id of \"%s\"", term);
        goto done;
      } else {
        const char* const id = json_string_value(v);
        if (!jld_is_keyword(id) && jld_keyword_form(id)) {
          jld_warn(P, "@id \"%s\" has the form of a keyword; ignored", id);
          json_object_set_new(defined, term, json_true());
          goto done;
        }
        const char* const iri =
          expand_iri_ld(P, active, id, false, true, local, defined);
        if (P->status) {
          st = P->status;
          goto done;
        }
        if (!iri || (!jld_is_keyword(iri) && !jld_is_absolute_iri(iri) &&
                     !jld_is_bnode(iri))) {
          st = jld_error(P, "invalid IRI mapping", "term \"%s\"", term);
          goto done;
        }
        if (!strcmp(iri, "@context")) {
          st = jld_error(P, "invalid keyword alias", "@context");
          goto done;
        }
        def->iri = iri;
        const char* const c1 = strchr(term + 1, ':');
        const bool inner_colon = c1 && c1[1] != '\0';
        if (inner_colon || strchr(term, '/')) {
          json_object_set_new(defined, term, json_true());
          const char* const again =
            expand_iri_ld(P, active, term, false, true, local, defined);
          if (P->status) {
            st = P->status;
            goto done;
          }
          if (!again || strcmp(again, iri) != 0) {
            st = jld_error(P, "invalid IRI mapping",
                           "term \"%s\" expands differently", term);
            goto done;
          }
        }
        if (!strchr(term, ':') && !strchr(term, '/') && simple &&
            (jld_is_bnode(iri) || ends_with_gen_delim(iri))) {
          def->prefix = true;
        }
      }
    } else if (strchr(term + 1, ':')) {
      const char* const colon = strchr(term + 1, ':');
      const size_t      np    = (size_t)(colon - term);
      char* const prefix = (char*)mgd_arena_strndup(&P->arena, term, np);
      if (local && json_object_get(local, prefix)) {
        st = create_term(P, active, local, prefix, defined, base_url, false,
                         false, remote, true);
        if (st) {
          goto done;
        }
      }
      const JldTerm* const pdef = jld_ctx_term(active, prefix);
      if (pdef && pdef->iri) {
        def->iri = jld_concat(P, pdef->iri, colon + 1);
      } else {
        def->iri = def->term;
      }
    } else if (strchr(term, '/')) {
      const char* const iri =
        expand_iri_ld(P, active, term, false, true, NULL, NULL);
      if (!iri || !jld_is_absolute_iri(iri)) {
        st = jld_error(P, "invalid IRI mapping", "term \"%s\"", term);
        goto done;
      }
      def->iri = iri;
    } else if (!strcmp(term, "@type")) {
      def->iri = "@type";
    } else if (active->vocab) {
      def->iri = jld_concat(P, active->vocab, term);
    } else {
      st = jld_error(P, "invalid IRI mapping",
                     "term \"%s\" has no IRI and there is no @vocab", term);
      goto done;
    }
  }
  v = json_object_get(value, "@container");
  if (v && !def->reverse) {
    unsigned c     = 0U;
    size_t   n     = 0U;
    bool     valid = true;
    if (json_is_string(v)) {
      c = container_bit(json_string_value(v));
      n = 1U;
      valid = c != 0U;
    } else if (json_is_array(v) && !P->mode10) {
      size_t  i;
      json_t* item;
      json_array_foreach (v, i, item) {
        const unsigned b = json_is_string(item)
                             ? container_bit(json_string_value(item))
                             : 0U;
        if (!b || (c & b)) {
          valid = false;
        }
        c |= b;
        ++n;
      }
    } else {
      valid = false;
    }
    if (!valid || !container_valid(c, n, json_is_array(v))) {
      st = jld_error(P, "invalid container mapping", "term \"%s\"", term);
      goto done;
    }
    if (P->mode10 && (c & (JLD_C_GRAPH | JLD_C_ID | JLD_C_TYPE))) {
      st = jld_error(P, "invalid container mapping", "in 1.0 mode");
      goto done;
    }
    def->container     = c;
    def->has_container = true;
    if (c & JLD_C_TYPE) {
      if (!def->type) {
        def->type = "@id";
      }
      if (strcmp(def->type, "@id") && strcmp(def->type, "@vocab")) {
        st = jld_error(P, "invalid type mapping", "@type container");
        goto done;
      }
    }
  }
  v = json_object_get(value, "@index");
  if (v) {
    if (P->mode10 || !(def->container & JLD_C_INDEX) || !json_is_string(v)) {
      st = jld_error(P, "invalid term definition", "@index of \"%s\"", term);
      goto done;
    }
    const char* const idx = expand_iri_ld(P, active, json_string_value(v),
                                          false, true, local, defined);
    if (!idx || jld_is_keyword(json_string_value(v)) ||
        !jld_is_absolute_iri(idx)) {
      st = jld_error(P, "invalid term definition", "@index of \"%s\"", term);
      goto done;
    }
    def->index = json_string_value(v);
    def->index = jld_strdup(P, def->index);
  }
  v = json_object_get(value, "@context");
  if (v) {
    if (P->mode10) {
      st = jld_error(P, "invalid term definition", "@context in 1.0");
      goto done;
    }
    // validate now, apply when used (§4.2.2 step 23)
    json_t* const r2 = remote ? json_copy(remote) : json_array();
    const MgdStatus saved = P->status;
    JldCtx* const   tested =
      jld_ctx_process(P, active, v, base_url, r2, true, true, false);
    json_decref(r2);
    if (!tested) {
      if (P->status == MGD_BAD_DATA && saved == MGD_SUCCESS &&
          P->code && strcmp(P->code, "loading remote context failed") &&
          strcmp(P->code, "context overflow") &&
          strcmp(P->code, "invalid remote context")) {
        P->status = MGD_SUCCESS;
        mgd_free(P->err_path);
        P->err_path = NULL;
        st = jld_error(P, "invalid scoped context", "term \"%s\"", term);
      } else {
        st = P->status;
      }
      goto done;
    }
    json_array_append(P->keep, v);
    def->context     = v;
    def->has_context = true;
    def->base_url    = base_url;
  }
  v = json_object_get(value, "@language");
  if (v && !json_object_get(value, "@type")) {
    if (!json_is_null(v) && !json_is_string(v)) {
      st = jld_error(P, "invalid language mapping", "term \"%s\"", term);
      goto done;
    }
    def->has_lang = true;
    def->lang = json_is_string(v) ? lowercase(P, json_string_value(v)) : NULL;
  }
  v = json_object_get(value, "@direction");
  if (v && !json_object_get(value, "@type")) {
    const char* const d = json_string_value(v);
    if (!json_is_null(v) &&
        (!d || (strcmp(d, "ltr") && strcmp(d, "rtl")))) {
      st = jld_error(P, "invalid base direction", "term \"%s\"", term);
      goto done;
    }
    def->has_dir = true;
    def->dir     = d ? jld_strdup(P, d) : NULL;
  }
  v = json_object_get(value, "@nest");
  if (v) {
    if (P->mode10) {
      st = jld_error(P, "invalid term definition", "@nest in 1.0");
      goto done;
    }
    const char* const n = json_string_value(v);
    if (!n || (jld_is_keyword(n) && strcmp(n, "@nest"))) {
      st = jld_error(P, "invalid @nest value", "term \"%s\"", term);
      goto done;
    }
    def->nest = jld_strdup(P, n);
  }
  v = json_object_get(value, "@prefix");
  if (v) {
    if (P->mode10 || strchr(term, ':') || strchr(term, '/')) {
      st = jld_error(P, "invalid term definition", "@prefix of \"%s\"", term);
      goto done;
    }
    if (!json_is_boolean(v)) {
      st = jld_error(P, "invalid @prefix value", "term \"%s\"", term);
      goto done;
    }
    def->prefix = json_is_true(v);
    if (def->prefix && def->iri && jld_is_keyword(def->iri)) {
      st = jld_error(P, "invalid term definition", "keyword prefix");
      goto done;
    }
  }
  {
    static const char* const allowed[] = {
      "@id", "@reverse", "@container", "@context", "@direction", "@index",
      "@language", "@nest", "@prefix", "@protected", "@type",
    };
    const char* k;
    json_t*     kv;
    json_object_foreach (value, k, kv) {
      bool ok = false;
      for (size_t i = 0U; i < sizeof(allowed) / sizeof(allowed[0]); ++i) {
        ok = ok || !strcmp(k, allowed[i]);
      }
      if (!ok) {
        st = jld_error(P, "invalid term definition",
                       "term \"%s\" has entry \"%s\"", term, k);
        goto done;
      }
    }
  }
  if (!override_protected && previous && previous->is_protected) {
    if (!term_same(def, previous)) {
      st = jld_error(P, "protected term redefinition", "term \"%s\"", term);
      goto done;
    }
    def = (JldTerm*)previous;
  }
  st = ctx_set(P, active, def->term, def);
  if (!st) {
    json_object_set_new(defined, term, json_true());
  }
done:
  json_decref(tmp);
  return st ? st : P->status;
}

/* ---- context processing (§4.1.2) ---- */

static MgdStatus
process_one(JldProc* P, JldCtx** result, JldCtx* active, json_t* context,
            const char* base_url, json_t* remote, bool override_protected,
            bool propagate, bool validate_scoped);

JldCtx*
jld_ctx_process(JldProc* const P, JldCtx* const active, json_t* const local,
                const char* const base_url, json_t* const remote,
                const bool override_protected, bool propagate,
                const bool validate_scoped)
{
  if (++P->ctx_depth > P->limits.max_context_depth * 4U + 8U) {
    --P->ctx_depth;
    jld_error(P, "context overflow", "contexts nested too deeply");
    return NULL;
  }
  JldCtx* result = ctx_copy(P, active);
  if (!result) {
    --P->ctx_depth;
    return NULL;
  }
  if (json_is_object(local)) {
    const json_t* const p = json_object_get(local, "@propagate");
    if (p) {
      if (!json_is_boolean(p)) {
        jld_error(P, "invalid @propagate value", "not a boolean");
        --P->ctx_depth;
        return NULL;
      }
      propagate = json_is_true(p);
    }
  }
  if (!propagate && !result->previous) {
    result->previous = active;
  }
  json_t* const list = json_is_array(local) ? json_incref(local)
                                            : json_pack("[O]", local);
  size_t  i;
  json_t* item;
  json_array_foreach (list, i, item) {
    if (process_one(P, &result, active, item, base_url, remote,
                    override_protected, propagate, validate_scoped)) {
      result = NULL;
      break;
    }
  }
  json_decref(list);
  --P->ctx_depth;
  return result;
}

static MgdStatus
process_one(JldProc* const P, JldCtx** const resultp, JldCtx* const active,
            json_t* context, const char* const base_url, json_t* const remote,
            const bool override_protected, const bool propagate,
            const bool validate_scoped)
{
  JldCtx* result = *resultp;
  if (json_is_null(context)) {
    if (!override_protected && result->has_protected) {
      return jld_error(P, "invalid context nullification",
                       "the active context has protected terms");
    }
    JldCtx* const fresh = jld_ctx_new(P, active->orig_base);
    if (!fresh) {
      return P->status;
    }
    if (!propagate) {
      fresh->previous = result;
    }
    *resultp = fresh;
    return MGD_SUCCESS;
  }
  if (json_is_string(context)) {
    const char* const url =
      jld_resolve(P, base_url, json_string_value(context));
    if (!url) {
      return P->status;
    }
    if (!jld_is_absolute_iri(url)) {
      return jld_error(P, "loading remote context failed",
                       "relative context IRI <%s> without a base", url);
    }
    size_t  k;
    json_t* r;
    if (!validate_scoped) {
      json_array_foreach (remote, k, r) {
        if (!strcmp(json_string_value(r), url)) {
          return MGD_SUCCESS;
        }
      }
    }
    if (json_array_size(remote) > P->limits.max_context_depth) {
      return jld_error(P, "context overflow",
                       "more than %zu nested remote contexts "
                       "(max_context_depth)",
                       P->limits.max_context_depth);
    }
    json_array_append_new(remote, json_string(url));
    json_t* const doc = jld_load(P, url, "loading remote context failed");
    if (!doc) {
      return P->status;
    }
    json_t* const loaded = json_object_get(doc, "@context");
    if (!json_is_object(doc) || !loaded) {
      return jld_error(P, "invalid remote context", "<%s> has no @context",
                       url);
    }
    json_t* const r2 = json_copy(remote);
    JldCtx* const res = jld_ctx_process(P, result, loaded, url, r2, false,
                                        true, validate_scoped);
    json_decref(r2);
    if (!res) {
      return P->status;
    }
    *resultp = res;
    return MGD_SUCCESS;
  }
  if (!json_is_object(context)) {
    return jld_error(P, "invalid local context", "not an object");
  }
  json_t* v = json_object_get(context, "@version");
  if (v) {
    if (!json_is_number(v) || json_number_value(v) != 1.1) {
      return jld_error(P, "invalid @version value", "must be 1.1");
    }
    if (P->mode10) {
      return jld_error(P, "processing mode conflict", "@version 1.1");
    }
  }
  json_t* merged = NULL;
  v              = json_object_get(context, "@import");
  if (v) {
    if (P->mode10) {
      return jld_error(P, "invalid context entry", "@import in 1.0");
    }
    if (!json_is_string(v)) {
      return jld_error(P, "invalid @import value", "not a string");
    }
    const char* const url = jld_resolve(P, base_url, json_string_value(v));
    json_t* const     doc =
      url ? jld_load(P, url, "loading remote context failed") : NULL;
    if (!doc) {
      return P->status;
    }
    json_t* const ic = json_object_get(doc, "@context");
    if (!json_is_object(ic)) {
      return jld_error(P, "invalid remote context", "@import <%s>", url);
    }
    if (json_object_get(ic, "@import")) {
      return jld_error(P, "invalid context entry", "@import in import");
    }
    merged = json_copy(ic);
    json_object_update(merged, context);
    json_array_append_new(P->keep, merged);
    context = merged;
  }
  v = json_object_get(context, "@base");
  if (v && json_array_size(remote) == 0U) {
    if (json_is_null(v)) {
      result->base = NULL;
    } else if (!json_is_string(v)) {
      return jld_error(P, "invalid base IRI", "not a string");
    } else if (jld_is_absolute_iri(json_string_value(v))) {
      result->base = jld_strdup(P, json_string_value(v));
    } else if (result->base) {
      result->base = jld_resolve(P, result->base, json_string_value(v));
    } else {
      return jld_error(P, "invalid base IRI", "relative @base without base");
    }
  }
  v = json_object_get(context, "@vocab");
  if (v) {
    if (json_is_null(v)) {
      result->vocab = NULL;
    } else if (!json_is_string(v)) {
      return jld_error(P, "invalid vocab mapping", "not a string");
    } else {
      const char* const s = json_string_value(v);
      if (P->mode10 && !jld_is_absolute_iri(s) && !jld_is_bnode(s)) {
        return jld_error(P, "invalid vocab mapping", "relative in 1.0");
      }
      const char* const iri = expand_iri_ld(P, result, s, true, true, NULL,
                                            NULL);
      if (!iri || (!jld_is_absolute_iri(iri) && !jld_is_bnode(iri) &&
                   iri[0] != '\0')) {
        return jld_error(P, "invalid vocab mapping", "\"%s\"", s);
      }
      result->vocab = iri;
    }
  }
  v = json_object_get(context, "@language");
  if (v) {
    if (json_is_null(v)) {
      result->lang = NULL;
    } else if (!json_is_string(v)) {
      return jld_error(P, "invalid default language", "not a string");
    } else {
      result->lang = lowercase(P, json_string_value(v));
    }
  }
  v = json_object_get(context, "@direction");
  if (v) {
    if (P->mode10) {
      return jld_error(P, "invalid context entry", "@direction in 1.0");
    }
    const char* const d = json_string_value(v);
    if (json_is_null(v)) {
      result->dir = NULL;
    } else if (!d || (strcmp(d, "ltr") && strcmp(d, "rtl"))) {
      return jld_error(P, "invalid base direction", "\"%s\"", d ? d : "");
    } else {
      result->dir = jld_strdup(P, d);
    }
  }
  v = json_object_get(context, "@propagate");
  if (v) {
    if (P->mode10) {
      return jld_error(P, "invalid context entry", "@propagate in 1.0");
    }
    if (!json_is_boolean(v)) {
      return jld_error(P, "invalid @propagate value", "not a boolean");
    }
  }
  json_t* const defined = json_object();
  const json_t* const prot    = json_object_get(context, "@protected");
  const bool          is_prot = json_is_true(prot);
  const char*         key;
  json_t*             val;
  MgdStatus           st = MGD_SUCCESS;
  json_object_foreach (context, key, val) {
    if (!strcmp(key, "@base") || !strcmp(key, "@direction") ||
        !strcmp(key, "@import") || !strcmp(key, "@language") ||
        !strcmp(key, "@propagate") || !strcmp(key, "@protected") ||
        !strcmp(key, "@version") || !strcmp(key, "@vocab")) {
      continue;
    }
    json_t* const r2 = json_copy(remote);
    st = create_term(P, result, context, key, defined, base_url, is_prot,
                     override_protected, r2, validate_scoped);
    json_decref(r2);
    if (st == MGD_BAD_DATA && P->recover && P->code &&
        strcmp(P->code, "loading remote context failed") &&
        strcmp(P->code, "context overflow")) {
      // lenient reading: a broken term definition is dropped, not fatal
      const size_t mark = jld_path_key(P, key);
      jld_warn(P, "%s (term definition dropped)", P->message);
      jld_path_pop(P, mark);
      P->status = MGD_SUCCESS;
      P->code   = NULL;
      mgd_free(P->err_path);
      P->err_path = NULL;
      st          = MGD_SUCCESS;
      continue;
    }
    if (st) {
      break;
    }
  }
  json_decref(defined);
  *resultp = result;
  return st;
}

/* ---- options ---- */

void
mgd_jsonld_options_init(MgdJsonldOptions* const o)
{
  memset(o, 0, sizeof(*o));
  o->compact_arrays      = true;
  o->compact_to_relative = true;
}

void
mgd_jsonld_options_clear(MgdJsonldOptions* const o)
{
  if (!o) {
    return;
  }
  for (size_t i = 0U; i < o->n_maps; ++i) {
    mgd_free(o->maps[i].url);
    mgd_free(o->maps[i].path);
  }
  mgd_free(o->maps);
  mgd_free(o->expand_context);
  mgd_free(o->shipped_dir);
  mgd_jsonld_options_init(o);
}

MgdStatus
mgd_jsonld_options_add_mapping(MgdJsonldOptions* const o,
                               const char* const       url,
                               const char* const       path,
                               const bool              is_file)
{
  MgdJsonldMapping* const maps = (MgdJsonldMapping*)mgd_realloc(
    o->maps, (o->n_maps + 1U) * sizeof(MgdJsonldMapping));
  if (!maps) {
    return MGD_BAD_ALLOC;
  }
  o->maps                  = maps;
  MgdJsonldMapping* const m = &maps[o->n_maps];
  m->url                   = mgd_strndup(url, strlen(url));
  m->path                  = mgd_strndup(path, strlen(path));
  m->is_file               = is_file;
  if (!m->url || !m->path) {
    mgd_free(m->url);
    mgd_free(m->path);
    return MGD_BAD_ALLOC;
  }
  ++o->n_maps;
  return MGD_SUCCESS;
}

MgdStatus
mgd_jsonld_options_add_map(MgdJsonldOptions* const o, const char* const spec)
{
  const char* const eq = strrchr(spec, '=');
  if (!eq || eq == spec || !eq[1]) {
    return MGD_BAD_ARG;
  }
  char* const url = mgd_strndup(spec, (size_t)(eq - spec));
  if (!url) {
    return MGD_BAD_ALLOC;
  }
  const MgdStatus st =
    mgd_jsonld_options_add_mapping(o, url, eq + 1, is_regular_file(eq + 1));
  mgd_free(url);
  return st;
}

static MgdStatus
parse_bool(const char* const value, bool* const out)
{
  if (!value || !strcmp(value, "true") || !strcmp(value, "1") ||
      !strcmp(value, "yes")) {
    *out = true;
  } else if (!strcmp(value, "false") || !strcmp(value, "0") ||
             !strcmp(value, "no")) {
    *out = false;
  } else {
    return MGD_BAD_ARG;
  }
  return MGD_SUCCESS;
}

static MgdStatus
set_string(char** const field, const char* const value)
{
  char* const copy = value ? mgd_strndup(value, strlen(value)) : NULL;
  if (value && !copy) {
    return MGD_BAD_ALLOC;
  }
  mgd_free(*field);
  *field = copy;
  return MGD_SUCCESS;
}

MgdStatus
mgd_jsonld_options_set(MgdJsonldOptions* const o, const char* const name,
                       const char* const value)
{
  if (!strcmp(name, "processing-mode")) {
    if (value && !strcmp(value, "json-ld-1.0")) {
      o->is_json_ld_10 = true;
    } else if (value && !strcmp(value, "json-ld-1.1")) {
      o->is_json_ld_10 = false;
    } else {
      return MGD_BAD_ARG;
    }
    return MGD_SUCCESS;
  }
  if (!strcmp(name, "expand-context")) {
    return set_string(&o->expand_context, value);
  }
  if (!strcmp(name, "contexts-dir")) {
    return set_string(&o->shipped_dir, value);
  }
  if (!strcmp(name, "context-map")) {
    return value ? mgd_jsonld_options_add_map(o, value) : MGD_BAD_ARG;
  }
  if (!strcmp(name, "rdf-direction")) {
    if (value && !strcmp(value, "i18n-datatype")) {
      o->rdf_direction = MGD_JSONLD_DIR_I18N;
    } else if (value && !strcmp(value, "compound-literal")) {
      o->rdf_direction = MGD_JSONLD_DIR_COMPOUND;
    } else if (value && !strcmp(value, "none")) {
      o->rdf_direction = MGD_JSONLD_DIR_NONE;
    } else {
      return MGD_BAD_ARG;
    }
    return MGD_SUCCESS;
  }
  if (!strcmp(name, "generalized-rdf")) {
    return parse_bool(value, &o->produce_generalized);
  }
  if (!strcmp(name, "strict")) {
    return parse_bool(value, &o->strict);
  }
  if (!strcmp(name, "native-types")) {
    return parse_bool(value, &o->use_native_types);
  }
  if (!strcmp(name, "rdf-type")) {
    return parse_bool(value, &o->use_rdf_type);
  }
  return MGD_BAD_ARG;
}
