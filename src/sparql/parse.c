// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Recursive-descent SPARQL 1.1 Query and Update parser. Functions are named
// after the grammar productions of Query §19.8, so the spec is the comment. The parser
// works on characters (no separate token stream) and translates each group
// graph pattern to algebra as it goes (§18.2.2). Recursion is bounded by
// limits->max_algebra_depth and by a nesting counter.

#include "sparql/sparql_impl.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SP_MAX_ERR 256

typedef struct {
  SpPos   s;    ///< Subject
  SpPos   p;    ///< Predicate (when path is NULL)
  SpPath* path; ///< Path predicate, or NULL
  SpPos   o;    ///< Object
} TItem;

typedef struct {
  bool    is_expr; ///< (expr AS var)
  SpVar   var;     ///< Target / variable
  SpExpr* expr;    ///< Expression
  size_t  pos;     ///< Where it was written (for errors)
} SelItem;

typedef struct {
  const char*            s;          ///< Query text
  size_t                 n;          ///< Its length
  size_t                 pos;        ///< Current offset
  MgdSparqlQuery*        q;          ///< Query being built
  MgdArena*              A;          ///< q->arena
  MgdStr                 base;       ///< Current base IRI
  MgdStr*                pfx_name;   ///< Declared prefixes
  MgdStr*                pfx_iri;    ///< Their IRIs
  uint32_t               n_pfx;      ///< Count
  uint32_t               c_pfx;      ///< Capacity of pfx_iri
  uint32_t               c_pfx_name; ///< Capacity of pfx_name
  MgdHashMap             vars;       ///< Name → variable index
  MgdHashMap             bnodes;     ///< Label → triples block id
  uint32_t               block;      ///< Current triples block id
  uint32_t               n_fresh;    ///< Hidden variable counter
  size_t                 depth;      ///< Current nesting
  size_t                 max_depth;  ///< Limit
  const MgdDiagSink*     diag;       ///< Error sink
  const char*            src_name;   ///< For diagnostics
  bool                   failed;     ///< An error was reported
  MgdStatus              st;         ///< First error status
  bool                   agg_ok;     ///< Aggregates allowed here
  bool                   in_agg;     ///< Inside an aggregate's argument
  SpExpr**               aggs;       ///< Aggregates of the current SELECT
  uint32_t               n_aggs;     ///< Count
  uint32_t               c_aggs;     ///< Capacity
  bool                   in_tmpl;    ///< Parsing a CONSTRUCT template
  TItem*                 items;      ///< Triples of the current block
  uint32_t               n_items;    ///< Count
  uint32_t               c_items;    ///< Capacity
  uint32_t               rename_limit; ///< Variables older than a rename
  bool                   no_optimise;  ///< Skip sp_optimise()
  bool                   track_labels; ///< Update: labels scoped per op
  uint32_t               op_index;     ///< Update: current operation
  MgdHashMap             op_labels;    ///< Update: label → operation
  bool                   no_vars;      ///< Update: in INSERT/DELETE DATA
  bool                   no_blanks;    ///< Update: in DELETE
} P;

// ---------------------------------------------------------------- helpers

static MgdStatus
grow(P* const p, void** arr, uint32_t* const cap, const uint32_t need,
     const size_t elem)
{
  if (need <= *cap) {
    return MGD_SUCCESS;
  }
  uint32_t new_cap = *cap ? *cap * 2U : 8U;
  while (new_cap < need) {
    new_cap *= 2U;
  }
  void* const fresh = mgd_arena_alloc(p->A, (size_t)new_cap * elem);
  if (!fresh) {
    return MGD_BAD_ALLOC;
  }
  if (*cap) {
    memcpy(fresh, *arr, (size_t)(*cap) * elem);
  }
  *arr = fresh;
  *cap = new_cap;
  return MGD_SUCCESS;
}

#define PUSH(p, arr, n, cap, item)                                        \
  (grow((p), (void**)&(arr), &(cap), (n) + 1U, sizeof(*(arr)))            \
     ? MGD_BAD_ALLOC                                                      \
     : ((arr)[(n)++] = (item), MGD_SUCCESS))

static void
line_col(const P* const p, const size_t pos, unsigned* line, unsigned* col)
{
  unsigned l = 1U;
  unsigned c = 1U;
  for (size_t i = 0U; i < pos && i < p->n; ++i) {
    if (p->s[i] == '\n') {
      ++l;
      c = 1U;
    } else if (((unsigned char)p->s[i] & 0xC0U) != 0x80U) {
      ++c;
    }
  }
  *line = l;
  *col  = c;
}

static MgdStatus
err_at(P* const p, const size_t pos, const MgdStatus st, const char* fmt,
       const char* what) __attribute__((format(printf, 4, 0)));

static MgdStatus
err_at(P* const p, const size_t pos, const MgdStatus st, const char* fmt,
       const char* what)
{
  if (!p->failed) {
    unsigned line = 0U;
    unsigned col  = 0U;
    line_col(p, pos, &line, &col);
    char msg[SP_MAX_ERR];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof(msg), fmt, what);
#pragma GCC diagnostic pop
    mgd_diag(p->diag, st, MGD_LEVEL_ERROR, p->src_name, line, col, NULL,
             "%u:%u: %s", line, col, msg);
    p->failed = true;
    p->st     = st;
  }
  return p->st;
}

/// Syntax error at the current position: "syntax error: expected WHAT".
static MgdStatus
expected(P* const p, const char* what)
{
  return err_at(p, p->pos, MGD_BAD_SYNTAX, "syntax error: expected %s", what);
}

static MgdStatus
bad_at(P* const p, const size_t pos, const char* what)
{
  return err_at(p, pos, MGD_BAD_SYNTAX, "syntax error: %s", what);
}

static MgdStatus
oom(P* const p)
{
  return err_at(p, p->pos, MGD_BAD_ALLOC, "%s", "out of memory");
}

static int
peek(const P* const p)
{
  return p->pos < p->n ? (unsigned char)p->s[p->pos] : -1;
}

static int
peek_at(const P* const p, const size_t off)
{
  return p->pos + off < p->n ? (unsigned char)p->s[p->pos + off] : -1;
}

static void
ws(P* const p)
{
  while (p->pos < p->n) {
    const char c = p->s[p->pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++p->pos;
    } else if (c == '#') {
      while (p->pos < p->n && p->s[p->pos] != '\n') {
        ++p->pos;
      }
    } else {
      break;
    }
  }
}

static bool
is_alpha(const int c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(const int c)
{
  return c >= '0' && c <= '9';
}

/// PN_CHARS_BASE, approximating the non-ASCII ranges by "any non-ASCII".
static bool
is_pn_base(const int c)
{
  return is_alpha(c) || c >= 0x80;
}

static bool
is_pn_u(const int c)
{
  return is_pn_base(c) || c == '_';
}

static bool
is_pn_chars(const int c)
{
  return is_pn_u(c) || c == '-' || is_digit(c);
}

static bool
is_word(const int c)
{
  return is_alpha(c) || is_digit(c) || c == '_';
}

/// Skip whitespace, then match `word` case-insensitively as a whole word.
static bool
kw(P* const p, const char* const word)
{
  ws(p);
  const size_t len = strlen(word);
  if (p->pos + len > p->n) {
    return false;
  }
  for (size_t i = 0U; i < len; ++i) {
    char c = p->s[p->pos + i];
    if (c >= 'a' && c <= 'z') {
      c = (char)(c - 'a' + 'A');
    }
    char w = word[i];
    if (w >= 'a' && w <= 'z') {
      w = (char)(w - 'a' + 'A');
    }
    if (c != w) {
      return false;
    }
  }
  const int next = p->pos + len < p->n ? (unsigned char)p->s[p->pos + len] : -1;
  if (is_word(next) || next == ':' || next == '-') {
    return false;
  }
  p->pos += len;
  return true;
}

/// Like kw() but does not consume.
static bool
at_kw(P* const p, const char* const word)
{
  const size_t save = p->pos;
  const bool   yes  = kw(p, word);
  p->pos            = save;
  return yes;
}

static bool
eat(P* const p, const char c)
{
  ws(p);
  if (peek(p) == (unsigned char)c) {
    ++p->pos;
    return true;
  }
  return false;
}

static MgdStatus
expect(P* const p, const char c)
{
  if (eat(p, c)) {
    return MGD_SUCCESS;
  }
  char what[4] = {'\'', c, '\'', 0};
  return expected(p, what);
}

static MgdStatus
expect_kw(P* const p, const char* const word)
{
  return kw(p, word) ? MGD_SUCCESS : expected(p, word);
}

static MgdStatus
enter(P* const p)
{
  if (++p->depth > p->max_depth) {
    return err_at(p, p->pos, MGD_BAD_LIMIT, "%s",
                  "query nests too deeply (limit max_algebra_depth)");
  }
  return MGD_SUCCESS;
}

static void
leave(P* const p)
{
  --p->depth;
}

static void*
zalloc(P* const p, const size_t size)
{
  void* const mem = mgd_arena_calloc(p->A, 1U, size);
  if (!mem) {
    oom(p);
  }
  return mem;
}

static MgdStr
copy_str(P* const p, const char* const s, const size_t n)
{
  char* const mem = mgd_arena_strndup(p->A, s, n);
  if (!mem) {
    oom(p);
    return mgd_str_n(NULL, 0U);
  }
  return mgd_str_n(mem, n);
}

// ----------------------------------------------------------- variables

bool
sp_var_is_visible(const MgdStr name)
{
  for (size_t i = 0U; i < name.len; ++i) {
    if (name.ptr[i] == ':' || name.ptr[i] == '#') {
      return false;
    }
  }
  return name.len > 0U;
}

static SpVar
new_var(P* const p, const MgdStr name)
{
  MgdSparqlQuery* const q = p->q;
  if (grow(p, (void**)&q->var_names, &q->c_vars, q->n_vars + 1U,
           sizeof(MgdStr))) {
    oom(p);
    return SP_NO_VAR;
  }
  q->var_names[q->n_vars] = name;
  return q->n_vars++;
}

static SpVar
var_named(P* const p, const MgdStr name)
{
  uint64_t value = 0U;
  if (!mgd_hashmap_get(&p->vars, name.ptr, name.len, &value)) {
    return (SpVar)value;
  }
  const MgdStr copy = copy_str(p, name.ptr, name.len);
  if (!copy.ptr) {
    return SP_NO_VAR;
  }
  const SpVar v = new_var(p, copy);
  if (v == SP_NO_VAR ||
      mgd_hashmap_put(&p->vars, copy.ptr, copy.len, v, NULL, NULL)) {
    oom(p);
    return SP_NO_VAR;
  }
  return v;
}

/// A hidden variable no user can name.
static SpVar
fresh_var(P* const p)
{
  char name[32];
  const int len = snprintf(name, sizeof(name), "#%u", p->n_fresh++);
  const MgdStr copy = copy_str(p, name, (size_t)len);
  return copy.ptr ? new_var(p, copy) : SP_NO_VAR;
}

// ----------------------------------------------------------- IRIs

typedef struct {
  MgdStr scheme, auth, path, query, frag;
  bool   has_scheme, has_auth, has_query, has_frag;
} IriParts;

static void
iri_split(const MgdStr s, IriParts* const r)
{
  memset(r, 0, sizeof(*r));
  size_t i = 0U;
  while (i < s.len && (is_alpha(s.ptr[i]) ||
                       (i > 0U && (is_digit(s.ptr[i]) || s.ptr[i] == '+' ||
                                   s.ptr[i] == '-' || s.ptr[i] == '.')))) {
    ++i;
  }
  size_t pos = 0U;
  if (i > 0U && i < s.len && s.ptr[i] == ':') {
    r->has_scheme = true;
    r->scheme     = mgd_str_n(s.ptr, i);
    pos           = i + 1U;
  }
  if (pos + 1U < s.len && s.ptr[pos] == '/' && s.ptr[pos + 1U] == '/') {
    size_t e = pos + 2U;
    while (e < s.len && s.ptr[e] != '/' && s.ptr[e] != '?' && s.ptr[e] != '#') {
      ++e;
    }
    r->has_auth = true;
    r->auth     = mgd_str_n(s.ptr + pos + 2U, e - pos - 2U);
    pos         = e;
  }
  size_t e = pos;
  while (e < s.len && s.ptr[e] != '?' && s.ptr[e] != '#') {
    ++e;
  }
  r->path = mgd_str_n(s.ptr + pos, e - pos);
  pos     = e;
  if (pos < s.len && s.ptr[pos] == '?') {
    e = pos + 1U;
    while (e < s.len && s.ptr[e] != '#') {
      ++e;
    }
    r->has_query = true;
    r->query     = mgd_str_n(s.ptr + pos + 1U, e - pos - 1U);
    pos          = e;
  }
  if (pos < s.len && s.ptr[pos] == '#') {
    r->has_frag = true;
    r->frag     = mgd_str_n(s.ptr + pos + 1U, s.len - pos - 1U);
  }
}

/// RFC 3986 §5.2.4 remove_dot_segments, appending to `out`.
static MgdStatus
remove_dots(const MgdStr in, MgdBuf* const out)
{
  const size_t start = out->len;
  size_t       i     = 0U;
  while (i < in.len) {
    const char*  s    = in.ptr + i;
    const size_t left = in.len - i;
    if (left >= 3U && !memcmp(s, "../", 3U)) {
      i += 3U;
    } else if (left >= 2U && !memcmp(s, "./", 2U)) {
      i += 2U;
    } else if (left >= 3U && !memcmp(s, "/./", 3U)) {
      i += 2U;
    } else if (left == 2U && !memcmp(s, "/.", 2U)) {
      i += 1U;
      if (mgd_buf_putc(out, '/')) {
        return MGD_BAD_ALLOC;
      }
      break;
    } else if ((left >= 4U && !memcmp(s, "/../", 4U)) ||
               (left == 3U && !memcmp(s, "/..", 3U))) {
      i += left == 3U ? 3U : 3U;
      while (out->len > start && out->data[out->len - 1U] != '/') {
        --out->len;
      }
      if (out->len > start) {
        --out->len;
      }
      out->data[out->len] = '\0';
      if (left == 3U) {
        if (mgd_buf_putc(out, '/')) {
          return MGD_BAD_ALLOC;
        }
      }
    } else if ((left == 1U && s[0] == '.') || (left == 2U && !memcmp(s, "..", 2U))) {
      break;
    } else {
      size_t e = 1U;
      while (e < left && s[e] != '/') {
        ++e;
      }
      if (mgd_buf_append(out, s, e)) {
        return MGD_BAD_ALLOC;
      }
      i += e;
    }
  }
  return MGD_SUCCESS;
}

/// Resolve `ref` against `base` (RFC 3986 §5.2.2) into `out`.
static MgdStatus
iri_resolve(const MgdStr base, const MgdStr ref, MgdBuf* const out)
{
  IriParts r;
  IriParts b;
  iri_split(ref, &r);
  if (r.has_scheme || !base.len) {
    return mgd_buf_append(out, ref.ptr, ref.len);
  }
  iri_split(base, &b);
  MgdStatus st = mgd_buf_append(out, b.scheme.ptr, b.scheme.len);
  st           = st ? st : mgd_buf_putc(out, ':');
  if (r.has_auth) {
    st = st ? st : mgd_buf_appendc(out, "//");
    st = st ? st : mgd_buf_append(out, r.auth.ptr, r.auth.len);
    st = st ? st : remove_dots(r.path, out);
    if (r.has_query) {
      st = st ? st : mgd_buf_putc(out, '?');
      st = st ? st : mgd_buf_append(out, r.query.ptr, r.query.len);
    }
  } else {
    if (b.has_auth) {
      st = st ? st : mgd_buf_appendc(out, "//");
      st = st ? st : mgd_buf_append(out, b.auth.ptr, b.auth.len);
    }
    if (!r.path.len) {
      st = st ? st : mgd_buf_append(out, b.path.ptr, b.path.len);
      if (r.has_query) {
        st = st ? st : mgd_buf_putc(out, '?');
        st = st ? st : mgd_buf_append(out, r.query.ptr, r.query.len);
      } else if (b.has_query) {
        st = st ? st : mgd_buf_putc(out, '?');
        st = st ? st : mgd_buf_append(out, b.query.ptr, b.query.len);
      }
    } else {
      if (r.path.ptr[0] == '/') {
        st = st ? st : remove_dots(r.path, out);
      } else {
        MgdBuf merged;
        mgd_buf_init(&merged);
        if (b.has_auth && !b.path.len) {
          st = st ? st : mgd_buf_putc(&merged, '/');
        } else {
          size_t last = b.path.len;
          while (last > 0U && b.path.ptr[last - 1U] != '/') {
            --last;
          }
          st = st ? st : mgd_buf_append(&merged, b.path.ptr, last);
        }
        st = st ? st : mgd_buf_append(&merged, r.path.ptr, r.path.len);
        st = st ? st : remove_dots(mgd_buf_str(&merged), out);
        mgd_buf_clear(&merged);
      }
      if (r.has_query) {
        st = st ? st : mgd_buf_putc(out, '?');
        st = st ? st : mgd_buf_append(out, r.query.ptr, r.query.len);
      }
    }
  }
  if (r.has_frag) {
    st = st ? st : mgd_buf_putc(out, '#');
    st = st ? st : mgd_buf_append(out, r.frag.ptr, r.frag.len);
  }
  return st;
}

static MgdStr
resolve(P* const p, const MgdStr ref)
{
  MgdBuf buf;
  mgd_buf_init(&buf);
  MgdStr result = mgd_str_n(NULL, 0U);
  if (iri_resolve(p->base, ref, &buf)) {
    oom(p);
  } else {
    result = copy_str(p, buf.data ? buf.data : "", buf.len);
  }
  mgd_buf_clear(&buf);
  return result;
}

// ----------------------------------------------------------- terminals

static int
hex_val(const int c)
{
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/// Read a \u/\U escape after the backslash at p->pos (pointing at 'u'/'U')
/// and append its UTF-8 to `out`.
static MgdStatus
read_UCHAR(P* const p, MgdBuf* const out)
{
  const size_t start = p->pos - 1U;
  const size_t n     = peek(p) == 'u' ? 4U : 8U;
  ++p->pos;
  uint32_t cp = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const int h = hex_val(peek(p));
    if (h < 0) {
      return expected(p, "hex digit");
    }
    cp = cp * 16U + (uint32_t)h;
    ++p->pos;
  }
  if ((cp >= 0xD800U && cp <= 0xDFFFU) || cp > 0x10FFFFU) {
    return bad_at(p, start, "invalid code point escape");
  }
  char    enc[4];
  size_t  len = 0U;
  if (cp < 0x80U) {
    enc[len++] = (char)cp;
  } else if (cp < 0x800U) {
    enc[len++] = (char)(0xC0U | (cp >> 6U));
    enc[len++] = (char)(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000U) {
    enc[len++] = (char)(0xE0U | (cp >> 12U));
    enc[len++] = (char)(0x80U | ((cp >> 6U) & 0x3FU));
    enc[len++] = (char)(0x80U | (cp & 0x3FU));
  } else {
    enc[len++] = (char)(0xF0U | (cp >> 18U));
    enc[len++] = (char)(0x80U | ((cp >> 12U) & 0x3FU));
    enc[len++] = (char)(0x80U | ((cp >> 6U) & 0x3FU));
    enc[len++] = (char)(0x80U | (cp & 0x3FU));
  }
  return mgd_buf_append(out, enc, len) ? oom(p) : MGD_SUCCESS;
}

/// IRIREF: '<' ([^<>"{}|^`\]-[#x00-#x20] | UCHAR)* '>', resolved.
static MgdStatus
read_IRIREF(P* const p, MgdStr* const iri)
{
  ws(p);
  if (peek(p) != '<') {
    return expected(p, "IRI");
  }
  ++p->pos;
  MgdBuf buf;
  mgd_buf_init(&buf);
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    const int c = peek(p);
    if (c == '>') {
      ++p->pos;
      break;
    }
    if (c < 0 || c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '^' || c == '`') {
      st = expected(p, "'>' to end the IRI");
      break;
    }
    if (c == '\\') {
      ++p->pos;
      if (peek(p) != 'u' && peek(p) != 'U') {
        st = expected(p, "\\u or \\U escape");
        break;
      }
      if ((st = read_UCHAR(p, &buf))) {
        break;
      }
      continue;
    }
    if (mgd_buf_putc(&buf, (char)c)) {
      st = oom(p);
      break;
    }
    ++p->pos;
  }
  if (!st) {
    *iri = resolve(p, mgd_str_n(buf.data ? buf.data : "", buf.len));
    st   = iri->ptr ? MGD_SUCCESS : p->st;
  }
  mgd_buf_clear(&buf);
  return st;
}

/// PN_PREFIX? ':' — returns the prefix name (without ':').
static MgdStatus
read_PNAME_NS(P* const p, MgdStr* const name)
{
  ws(p);
  const size_t start = p->pos;
  if (is_pn_base(peek(p))) {
    ++p->pos;
    while (is_pn_chars(peek(p)) || peek(p) == '.') {
      ++p->pos;
    }
    while (p->s[p->pos - 1U] == '.') {
      --p->pos;
    }
  }
  if (peek(p) != ':') {
    p->pos = start;
    return expected(p, "prefix name");
  }
  *name = mgd_str_n(p->s + start, p->pos - start);
  ++p->pos;
  return MGD_SUCCESS;
}

static bool
is_local_esc(const int c)
{
  return c && strchr("_~.-!$&'()*+,;=/?#@%", c) != NULL;
}

/// PN_LOCAL (after the ':'), unescaped into `out`.
static MgdStatus
read_PN_LOCAL(P* const p, MgdBuf* const out)
{
  size_t last_ok = out->len; // length after the last non-'.' char
  size_t pos_ok  = p->pos;
  bool   first   = true;
  for (;;) {
    const int c = peek(p);
    if (c == '%') {
      if (hex_val(peek_at(p, 1U)) < 0 || hex_val(peek_at(p, 2U)) < 0) {
        return expected(p, "two hex digits after '%'");
      }
      if (mgd_buf_append(out, p->s + p->pos, 3U)) {
        return oom(p);
      }
      p->pos += 3U;
    } else if (c == '\\') {
      if (!is_local_esc(peek_at(p, 1U))) {
        return bad_at(p, p->pos, "invalid escape in local name");
      }
      if (mgd_buf_putc(out, (char)peek_at(p, 1U))) {
        return oom(p);
      }
      p->pos += 2U;
    } else if (is_pn_u(c) || c == ':' || is_digit(c) ||
               (!first && (c == '-' || c == '.'))) {
      if (mgd_buf_putc(out, (char)c)) {
        return oom(p);
      }
      ++p->pos;
      if (c == '.') {
        first = false;
        continue;
      }
    } else {
      break;
    }
    first   = false;
    last_ok = out->len;
    pos_ok  = p->pos;
  }
  out->len = last_ok;
  if (out->data) {
    out->data[out->len] = '\0';
  }
  p->pos = pos_ok;
  return MGD_SUCCESS;
}

static MgdStatus
prefix_iri(P* const p, const MgdStr name, const size_t at, MgdStr* const iri)
{
  for (uint32_t i = p->n_pfx; i-- > 0U;) {
    if (mgd_str_eq(p->pfx_name[i], name)) {
      *iri = p->pfx_iri[i];
      return MGD_SUCCESS;
    }
  }
  return err_at(p, at, MGD_BAD_SYNTAX, "syntax error: undefined prefix '%s'",
                copy_str(p, name.ptr, name.len).ptr);
}

/// PrefixedName: PNAME_LN | PNAME_NS.
static MgdStatus
read_PrefixedName(P* const p, MgdStr* const iri)
{
  ws(p);
  const size_t at   = p->pos;
  MgdStr       name = {NULL, 0U};
  MgdStatus    st   = read_PNAME_NS(p, &name);
  if (st) {
    return st;
  }
  MgdStr ns = {NULL, 0U};
  if ((st = prefix_iri(p, name, at, &ns))) {
    return st;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  if (mgd_buf_append(&buf, ns.ptr, ns.len)) {
    return oom(p);
  }
  if (!(st = read_PN_LOCAL(p, &buf))) {
    *iri = copy_str(p, buf.data, buf.len);
    st   = iri->ptr ? MGD_SUCCESS : p->st;
  }
  mgd_buf_clear(&buf);
  return st;
}

/// iri: IRIREF | PrefixedName.
static MgdStatus
read_iri(P* const p, MgdStr* const iri)
{
  ws(p);
  return peek(p) == '<' ? read_IRIREF(p, iri) : read_PrefixedName(p, iri);
}

static bool
at_iri(P* const p)
{
  ws(p);
  const int c = peek(p);
  if (c == '<') {
    return true;
  }
  if (c == ':') {
    return true;
  }
  if (!is_pn_base(c)) {
    return false;
  }
  size_t i = p->pos + 1U;
  while (i < p->n && (is_pn_chars((unsigned char)p->s[i]) || p->s[i] == '.')) {
    ++i;
  }
  while (p->s[i - 1U] == '.') {
    --i;
  }
  return i < p->n && p->s[i] == ':';
}

/// VAR1 | VAR2.
static MgdStatus
read_Var(P* const p, SpVar* const var)
{
  ws(p);
  const int c = peek(p);
  if ((c != '?' && c != '$') ||
      !(is_pn_u(peek_at(p, 1U)) || is_digit(peek_at(p, 1U)))) {
    return expected(p, "variable");
  }
  if (p->no_vars) {
    return bad_at(p, p->pos, "variables are not allowed in INSERT DATA or "
                             "DELETE DATA");
  }
  ++p->pos;
  const size_t start = p->pos;
  while (is_pn_u(peek(p)) || is_digit(peek(p)) ||
         (peek(p) == 0xC2 && peek_at(p, 1U) == 0xB7)) {
    ++p->pos;
  }
  *var = var_named(p, mgd_str_n(p->s + start, p->pos - start));
  return *var == SP_NO_VAR ? p->st : MGD_SUCCESS;
}

static bool
at_var(P* const p)
{
  ws(p);
  const int c = peek(p);
  return (c == '?' || c == '$') &&
         (is_pn_u(peek_at(p, 1U)) || is_digit(peek_at(p, 1U)));
}

/// String: the four quoted forms with ECHAR and UCHAR escapes.
static MgdStatus
read_String(P* const p, MgdStr* const out)
{
  ws(p);
  const int q = peek(p);
  if (q != '"' && q != '\'') {
    return expected(p, "string");
  }
  const bool  longq = peek_at(p, 1U) == q && peek_at(p, 2U) == q;
  p->pos += longq ? 3U : 1U;
  MgdBuf buf;
  mgd_buf_init(&buf);
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    const int c = peek(p);
    if (c < 0) {
      st = expected(p, "end of string");
      break;
    }
    if (c == q) {
      if (!longq) {
        ++p->pos;
        break;
      }
      if (peek_at(p, 1U) == q && peek_at(p, 2U) == q) {
        p->pos += 3U;
        break;
      }
    }
    if (!longq && (c == '\n' || c == '\r')) {
      st = expected(p, "end of string before end of line");
      break;
    }
    if (c == '\\') {
      ++p->pos;
      const int e = peek(p);
      char      r = 0;
      switch (e) {
      case 't': r = '\t'; break;
      case 'b': r = '\b'; break;
      case 'n': r = '\n'; break;
      case 'r': r = '\r'; break;
      case 'f': r = '\f'; break;
      case '"': r = '"'; break;
      case '\'': r = '\''; break;
      case '\\': r = '\\'; break;
      case 'u':
      case 'U':
        if ((st = read_UCHAR(p, &buf))) {
          goto done;
        }
        continue;
      default:
        st = bad_at(p, p->pos - 1U, "invalid escape in string");
        goto done;
      }
      ++p->pos;
      if (mgd_buf_putc(&buf, r)) {
        st = oom(p);
        break;
      }
      continue;
    }
    if (mgd_buf_putc(&buf, (char)c)) {
      st = oom(p);
      break;
    }
    ++p->pos;
  }
done:
  if (!st) {
    if (mgd_utf8_check(buf.data ? buf.data : "", buf.len) != buf.len) {
      st = bad_at(p, p->pos, "invalid UTF-8 in string");
    } else {
      *out = copy_str(p, buf.data ? buf.data : "", buf.len);
      st   = out->ptr ? MGD_SUCCESS : p->st;
    }
  }
  mgd_buf_clear(&buf);
  return st;
}

/// RDFLiteral: String (LANGTAG | '^^' iri)?
static MgdStatus
read_RDFLiteral(P* const p, MgdTerm* const term)
{
  MgdStr    lex = {NULL, 0U};
  MgdStatus st  = read_String(p, &lex);
  if (st) {
    return st;
  }
  MgdStr dt   = {NULL, 0U};
  MgdStr lang = {NULL, 0U};
  if (peek(p) == '@') {
    ++p->pos;
    const size_t start = p->pos;
    while (is_alpha(peek(p))) {
      ++p->pos;
    }
    if (p->pos == start) {
      return expected(p, "language tag");
    }
    while (peek(p) == '-' && (is_alpha(peek_at(p, 1U)) || is_digit(peek_at(p, 1U)))) {
      ++p->pos;
      while (is_alpha(peek(p)) || is_digit(peek(p))) {
        ++p->pos;
      }
    }
    lang = copy_str(p, p->s + start, p->pos - start);
    // Lower-cased, as the store keeps tags (RDF 1.1 §3.3 allows it), so
    // LANG() of a constant and of stored data agree.
    for (size_t i = 0; i < lang.len; ++i) {
      ((char*)lang.ptr)[i] = (char)tolower((unsigned char)lang.ptr[i]);
    }
  } else if (peek(p) == '^' && peek_at(p, 1U) == '^') {
    p->pos += 2U;
    if ((st = read_iri(p, &dt))) {
      return st;
    }
    if (mgd_str_eqc(dt, MGD_XSD_STRING)) {
      dt = mgd_str_n(NULL, 0U);
    }
  }
  *term = mgd_term_literal(lex, dt, lang);
  return MGD_SUCCESS;
}

/// NumericLiteral (with an optional sign, for NumericLiteralPositive/
/// Negative in data positions).
static MgdStatus
read_NumericLiteral(P* const p, MgdTerm* const term)
{
  ws(p);
  const size_t start = p->pos;
  if (peek(p) == '+' || peek(p) == '-') {
    ++p->pos;
  }
  bool digits = false;
  while (is_digit(peek(p))) {
    ++p->pos;
    digits = true;
  }
  const char* dt = MGD_XSD_INTEGER;
  if (peek(p) == '.' && is_digit(peek_at(p, 1U))) {
    ++p->pos;
    while (is_digit(peek(p))) {
      ++p->pos;
    }
    digits = true;
    dt     = MGD_XSD_DECIMAL;
  } else if (peek(p) == '.' && digits &&
             (peek_at(p, 1U) == 'e' || peek_at(p, 1U) == 'E')) {
    ++p->pos;
  }
  if (!digits) {
    p->pos = start;
    return expected(p, "number");
  }
  if (peek(p) == 'e' || peek(p) == 'E') {
    const size_t save = p->pos;
    ++p->pos;
    if (peek(p) == '+' || peek(p) == '-') {
      ++p->pos;
    }
    if (!is_digit(peek(p))) {
      p->pos = save;
      return expected(p, "exponent digits");
    }
    while (is_digit(peek(p))) {
      ++p->pos;
    }
    dt = MGD_XSD_DOUBLE;
  }
  *term = mgd_term_literal(copy_str(p, p->s + start, p->pos - start),
                           mgd_str(dt), mgd_str_n(NULL, 0U));
  return term->value.ptr ? MGD_SUCCESS : p->st;
}

static bool
at_number(P* const p)
{
  ws(p);
  int c = peek(p);
  size_t off = 0U;
  if (c == '+' || c == '-') {
    c   = peek_at(p, 1U);
    off = 1U;
  }
  return is_digit(c) || (c == '.' && is_digit(peek_at(p, off + 1U)));
}

static MgdTerm
bool_term(const bool v)
{
  return mgd_term_literal(mgd_str(v ? "true" : "false"),
                          mgd_str(MGD_XSD_BOOLEAN), mgd_str_n(NULL, 0U));
}

/// BLANK_NODE_LABEL or ANON, as a pattern position: a hidden variable in
/// patterns, a blank term in templates.
static MgdStatus
read_BlankNode(P* const p, SpPos* const pos)
{
  ws(p);
  const size_t at = p->pos;
  MgdStr       label;
  if (p->no_blanks) {
    return bad_at(p, at, "blank nodes are not allowed in DELETE");
  }
  if (peek(p) == '[') {
    ++p->pos;
    if (!eat(p, ']')) {
      return expected(p, "']'");
    }
    char tmp[32];
    const int len = snprintf(tmp, sizeof(tmp), "#b%u", p->n_fresh++);
    label = copy_str(p, tmp, (size_t)len);
  } else {
    if (peek(p) != '_' || peek_at(p, 1U) != ':') {
      return expected(p, "blank node");
    }
    p->pos += 2U;
    const size_t start = p->pos;
    if (!is_pn_u(peek(p)) && !is_digit(peek(p))) {
      return expected(p, "blank node label");
    }
    ++p->pos;
    while (is_pn_chars(peek(p)) || peek(p) == '.') {
      ++p->pos;
    }
    while (p->s[p->pos - 1U] == '.') {
      --p->pos;
    }
    label = mgd_str_n(p->s + start, p->pos - start);
    if (p->in_tmpl && p->track_labels) {
      uint64_t op       = 0U;
      bool     inserted = false;
      if (mgd_hashmap_put(&p->op_labels, label.ptr, label.len, p->op_index,
                          &op, &inserted)) {
        return oom(p);
      }
      if (!inserted && op != p->op_index) {
        return bad_at(p, at, "blank node label used in two operations");
      }
    }
    if (!p->in_tmpl) {
      uint64_t block    = 0U;
      bool     inserted = false;
      if (mgd_hashmap_put(&p->bnodes, label.ptr, label.len, p->block, &block,
                          &inserted)) {
        return oom(p);
      }
      if (!inserted && block != p->block) {
        return bad_at(p, at, "blank node label used in two basic graph patterns");
      }
    }
  }
  memset(pos, 0, sizeof(*pos));
  if (p->in_tmpl) {
    pos->term = mgd_term_blank(copy_str(p, label.ptr, label.len));
    return pos->term.value.ptr ? MGD_SUCCESS : p->st;
  }
  MgdBuf name;
  mgd_buf_init(&name);
  if (mgd_buf_appendc(&name, "_:") || mgd_buf_append(&name, label.ptr, label.len)) {
    mgd_buf_clear(&name);
    return oom(p);
  }
  pos->is_var = true;
  pos->var    = var_named(p, mgd_buf_str(&name));
  mgd_buf_clear(&name);
  return pos->var == SP_NO_VAR ? p->st : MGD_SUCCESS;
}

static SpPos
pos_term(const MgdTerm t)
{
  SpPos r;
  memset(&r, 0, sizeof(r));
  r.term = t;
  return r;
}

static SpPos
pos_var(const SpVar v)
{
  SpPos r;
  memset(&r, 0, sizeof(r));
  r.is_var = true;
  r.var    = v;
  return r;
}

/// A new blank node position (collections, [ ... ]).
static SpPos
fresh_node(P* const p)
{
  if (p->in_tmpl) {
    char tmp[32];
    const int len = snprintf(tmp, sizeof(tmp), "#b%u", p->n_fresh++);
    return pos_term(mgd_term_blank(copy_str(p, tmp, (size_t)len)));
  }
  return pos_var(fresh_var(p));
}

// ----------------------------------------------------------- nodes

static SpNode*
node_new(P* const p, const SpNodeKind kind, SpNode* const a, SpNode* const b)
{
  SpNode* const n = (SpNode*)zalloc(p, sizeof(SpNode));
  if (n) {
    n->kind  = kind;
    n->a     = a;
    n->b     = b;
    n->limit = UINT64_MAX;
  }
  return n;
}

static bool
is_empty_bgp(const SpNode* const n)
{
  return n->kind == SP_N_BGP && n->n_triples == 0U;
}

/// Join(G, A) with the Z simplification of §18.2.2.8.
static SpNode*
join(P* const p, SpNode* const g, SpNode* const a)
{
  if (!g || !a) {
    return NULL;
  }
  if (is_empty_bgp(g)) {
    return a;
  }
  if (is_empty_bgp(a)) {
    return g;
  }
  return node_new(p, SP_N_JOIN, g, a);
}

static SpExpr*
expr_new(P* const p, const SpExprKind kind, const uint32_t n_args)
{
  SpExpr* const e = (SpExpr*)zalloc(p, sizeof(SpExpr));
  if (!e) {
    return NULL;
  }
  e->kind = kind;
  e->var  = SP_NO_VAR;
  if (n_args) {
    e->args = (SpExpr**)zalloc(p, n_args * sizeof(SpExpr*));
    if (!e->args) {
      return NULL;
    }
  }
  e->n_args = n_args;
  return e;
}

// ----------------------------------------------------------- scope


/// In-scope variables of `n` (§18.2.1) set in `mask`.
static void
node_scope(const SpNode* const n, uint8_t* const mask)
{
  if (!n) {
    return;
  }
  switch (n->kind) {
  case SP_N_BGP:
    for (uint32_t i = 0U; i < n->n_triples; ++i) {
      const SpTriple* t = &n->triples[i];
      if (t->s.is_var) { mask[t->s.var] = 1U; }
      if (t->p.is_var) { mask[t->p.var] = 1U; }
      if (t->o.is_var) { mask[t->o.var] = 1U; }
    }
    break;
  case SP_N_PATH:
    if (n->ps.is_var) { mask[n->ps.var] = 1U; }
    if (n->po.is_var) { mask[n->po.var] = 1U; }
    break;
  case SP_N_JOIN:
  case SP_N_LEFTJOIN:
  case SP_N_UNION:
    node_scope(n->a, mask);
    node_scope(n->b, mask);
    break;
  case SP_N_MINUS:
  case SP_N_FILTER:
  case SP_N_ORDER:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
    node_scope(n->a, mask);
    break;
  case SP_N_GRAPH:
  case SP_N_SERVICE:
    node_scope(n->a, mask);
    if (n->graph.is_var) {
      mask[n->graph.var] = 1U;
    }
    break;
  case SP_N_EXTEND:
    node_scope(n->a, mask);
    mask[n->var] = 1U;
    break;
  case SP_N_VALUES:
  case SP_N_PROJECT:
    for (uint32_t i = 0U; i < n->n_vars; ++i) {
      mask[n->vars[i]] = 1U;
    }
    break;
  case SP_N_GROUP:
    for (uint32_t i = 0U; i < n->n_keys; ++i) {
      if (n->vars[i] != SP_NO_VAR) {
        mask[n->vars[i]] = 1U;
      }
    }
    for (uint32_t i = 0U; i < n->n_aggs; ++i) {
      mask[n->aggs[i]->var] = 1U;
    }
    break;
  }
}

static uint8_t*
scope_mask(P* const p, const SpNode* const n)
{
  uint8_t* const mask = (uint8_t*)zalloc(p, p->q->n_vars + 1U);
  if (mask) {
    node_scope(n, mask);
  }
  return mask;
}

// ----------------------------------------------------------- expressions

static MgdStatus read_Expression(P* p, SpExpr** out);
static MgdStatus read_GroupGraphPattern(P* p, SpNode** out);

/// ArgList / ExpressionList: NIL | '(' Expression (',' Expression)* ')'.
/// Sets `*distinct` when allowed (function calls) and DISTINCT was given.
static MgdStatus
read_ArgList(P* const p, SpExpr*** args, uint32_t* const n_args,
             bool* const distinct)
{
  MgdStatus st = expect(p, '(');
  if (st) {
    return st;
  }
  uint32_t cap = 0U;
  *n_args      = 0U;
  *args        = NULL;
  if (eat(p, ')')) {
    return MGD_SUCCESS;
  }
  if (distinct && kw(p, "DISTINCT")) {
    *distinct = true;
  }
  for (;;) {
    SpExpr* e = NULL;
    if ((st = read_Expression(p, &e))) {
      return st;
    }
    if (PUSH(p, *args, *n_args, cap, e)) {
      return oom(p);
    }
    if (eat(p, ')')) {
      return MGD_SUCCESS;
    }
    if ((st = expect(p, ','))) {
      return st;
    }
  }
}

static MgdStatus
read_Aggregate(P* const p, const SpAggKind agg, const size_t at,
               SpExpr** const out)
{
  if (!p->agg_ok) {
    return bad_at(p, at, "aggregate not allowed here");
  }
  if (p->in_agg) {
    return bad_at(p, at, "aggregates may not nest");
  }
  SpExpr* const e = expr_new(p, SP_EX_AGG, 1U);
  if (!e) {
    return p->st;
  }
  e->agg       = agg;
  MgdStatus st = expect(p, '(');
  if (st) {
    return st;
  }
  e->distinct = kw(p, "DISTINCT");
  if (agg == SP_AGG_COUNT && eat(p, '*')) {
    e->star   = true;
    e->n_args = 0U;
  } else {
    p->in_agg = true;
    st        = read_Expression(p, &e->args[0]);
    p->in_agg = false;
    if (st) {
      return st;
    }
  }
  e->separator = mgd_str(" ");
  if (agg == SP_AGG_GROUP_CONCAT && eat(p, ';')) {
    if ((st = expect_kw(p, "SEPARATOR")) || (st = expect(p, '=')) ||
        (st = read_String(p, &e->separator))) {
      return st;
    }
  }
  if ((st = expect(p, ')'))) {
    return st;
  }
  e->var = fresh_var(p);
  if (PUSH(p, p->aggs, p->n_aggs, p->c_aggs, e)) {
    return oom(p);
  }
  *out = e;
  return MGD_SUCCESS;
}

typedef struct {
  const char* name;
  SpAggKind   agg;
} AggName;

static const AggName agg_names[] = {
  {"COUNT", SP_AGG_COUNT}, {"SUM", SP_AGG_SUM},
  {"MIN", SP_AGG_MIN},     {"MAX", SP_AGG_MAX},
  {"AVG", SP_AGG_AVG},     {"SAMPLE", SP_AGG_SAMPLE},
  {"GROUP_CONCAT", SP_AGG_GROUP_CONCAT},
};

static MgdStatus
make_call(P* const p, const MgdStr name, const size_t at, SpExpr** const out)
{
  MgdFunc  fn  = MGD_FN_NONE;
  unsigned min = 0U;
  unsigned max = 0U;
  MgdStr   key = name;
  if (name.len == 5U && !strncmp(name.ptr, "isURI", 5U)) {
    key = mgd_str("isIRI");
  } else if (name.len == 5U && !strncmp(name.ptr, "ISURI", 5U)) {
    key = mgd_str("ISIRI");
  }
  if (mgd_func_lookup(key, &fn, &min, &max)) {
    return err_at(p, at, MGD_BAD_SYNTAX, "syntax error: unknown function %s",
                  copy_str(p, name.ptr, name.len).ptr);
  }
  SpExpr** args   = NULL;
  uint32_t n_args = 0U;
  MgdStatus st    = read_ArgList(p, &args, &n_args, NULL);
  if (st) {
    return st;
  }
  if (n_args < min || n_args > max) {
    return err_at(p, at, MGD_BAD_SYNTAX,
                  "syntax error: wrong number of arguments to %s",
                  copy_str(p, name.ptr, name.len).ptr);
  }
  SpExpr* const e = expr_new(p, SP_EX_FUNC, 0U);
  if (!e) {
    return p->st;
  }
  e->fn     = fn;
  e->args   = args;
  e->n_args = n_args;
  *out      = e;
  return MGD_SUCCESS;
}

/// BuiltInCall, or MGD_FAILURE if the word at the cursor is not a built-in.
static MgdStatus
read_BuiltInCall(P* const p, SpExpr** const out)
{
  ws(p);
  const size_t at    = p->pos;
  size_t       end   = p->pos;
  while (end < p->n && is_word((unsigned char)p->s[end])) {
    ++end;
  }
  if (end == at || (end < p->n && p->s[end] == ':')) {
    return MGD_FAILURE;
  }
  const MgdStr word = mgd_str_n(p->s + at, end - at);
  char upper[32];
  if (word.len >= sizeof(upper)) {
    return MGD_FAILURE;
  }
  for (size_t i = 0U; i < word.len; ++i) {
    const char c = word.ptr[i];
    upper[i]     = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
  }
  upper[word.len] = '\0';
  for (size_t i = 0U; i < sizeof(agg_names) / sizeof(agg_names[0]); ++i) {
    if (!strcmp(upper, agg_names[i].name)) {
      p->pos = end;
      return read_Aggregate(p, agg_names[i].agg, at, out);
    }
  }
  MgdStatus st = MGD_SUCCESS;
  if (!strcmp(upper, "BOUND")) {
    p->pos          = end;
    SpExpr* const e = expr_new(p, SP_EX_BOUND, 0U);
    if (!e || (st = expect(p, '(')) || (st = read_Var(p, &e->var)) ||
        (st = expect(p, ')'))) {
      return e ? st : p->st;
    }
    *out = e;
    return MGD_SUCCESS;
  }
  if (!strcmp(upper, "EXISTS") || !strcmp(upper, "NOT")) {
    p->pos        = end;
    const bool no = upper[0] == 'N';
    if (no && !kw(p, "EXISTS")) {
      return expected(p, "EXISTS");
    }
    SpExpr* const e = expr_new(p, no ? SP_EX_NOT_EXISTS : SP_EX_EXISTS, 0U);
    if (!e) {
      return p->st;
    }
    const bool agg_ok = p->agg_ok;
    p->agg_ok         = false;
    st                = read_GroupGraphPattern(p, &e->pattern);
    p->agg_ok         = agg_ok;
    *out              = e;
    return st;
  }
  SpExprKind kind = SP_EX_FUNC;
  if (!strcmp(upper, "IF")) {
    kind = SP_EX_IF;
  } else if (!strcmp(upper, "COALESCE")) {
    kind = SP_EX_COALESCE;
  } else if (!strcmp(upper, "BNODE")) {
    kind = SP_EX_BNODE;
  }
  if (kind != SP_EX_FUNC) {
    p->pos = end;
    SpExpr** args   = NULL;
    uint32_t n_args = 0U;
    if ((st = read_ArgList(p, &args, &n_args, NULL))) {
      return st;
    }
    if ((kind == SP_EX_IF && n_args != 3U) ||
        (kind == SP_EX_BNODE && n_args > 1U)) {
      return bad_at(p, at, "wrong number of arguments");
    }
    SpExpr* const e = expr_new(p, kind, 0U);
    if (!e) {
      return p->st;
    }
    e->args   = args;
    e->n_args = n_args;
    *out      = e;
    return MGD_SUCCESS;
  }
  MgdFunc  fn  = MGD_FN_NONE;
  unsigned min = 0U;
  unsigned max = 0U;
  if (!strcmp(upper, "ISURI")) {
    strcpy(upper, "ISIRI");
  }
  if (mgd_func_lookup(mgd_str(upper), &fn, &min, &max)) {
    return MGD_FAILURE;
  }
  p->pos = end;
  return make_call(p, mgd_str(upper), at, out);
}

/// iriOrFunction: iri ArgList?
static MgdStatus
read_iriOrFunction(P* const p, SpExpr** const out)
{
  ws(p);
  const size_t at  = p->pos;
  MgdStr       iri = {NULL, 0U};
  MgdStatus    st  = read_iri(p, &iri);
  if (st) {
    return st;
  }
  ws(p);
  if (peek(p) != '(') {
    SpExpr* const e = expr_new(p, SP_EX_TERM, 0U);
    if (!e) {
      return p->st;
    }
    e->term = mgd_term_iri(iri);
    *out    = e;
    return MGD_SUCCESS;
  }
  MgdFunc  fn  = MGD_FN_NONE;
  unsigned min = 0U;
  unsigned max = UINT32_MAX;
  if (mgd_func_lookup(iri, &fn, &min, &max)) {
    fn = MGD_FN_NONE; // unknown extension function: an error value
  }
  SpExpr** args     = NULL;
  uint32_t n_args   = 0U;
  bool     distinct = false;
  if ((st = read_ArgList(p, &args, &n_args, &distinct))) {
    return st;
  }
  if (fn != MGD_FN_NONE && (n_args < min || n_args > max)) {
    return bad_at(p, at, "wrong number of arguments");
  }
  SpExpr* const e = expr_new(p, SP_EX_FUNC, 0U);
  if (!e) {
    return p->st;
  }
  e->fn     = fn;
  e->args   = args;
  e->n_args = n_args;
  *out      = e;
  return MGD_SUCCESS;
}

static MgdStatus
term_expr(P* const p, const MgdTerm t, SpExpr** const out)
{
  SpExpr* const e = expr_new(p, SP_EX_TERM, 0U);
  if (!e) {
    return p->st;
  }
  e->term = t;
  *out    = e;
  return MGD_SUCCESS;
}

/// PrimaryExpression.
static MgdStatus
read_PrimaryExpression(P* const p, SpExpr** const out)
{
  ws(p);
  const int c  = peek(p);
  MgdStatus st = MGD_SUCCESS;
  if (c == '(') {
    ++p->pos;
    if ((st = read_Expression(p, out))) {
      return st;
    }
    return expect(p, ')');
  }
  if (at_var(p)) {
    SpExpr* const e = expr_new(p, SP_EX_VAR, 0U);
    if (!e) {
      return p->st;
    }
    *out = e;
    return read_Var(p, &e->var);
  }
  if (c == '"' || c == '\'') {
    MgdTerm t;
    return (st = read_RDFLiteral(p, &t)) ? st : term_expr(p, t, out);
  }
  if (at_number(p)) {
    MgdTerm t;
    return (st = read_NumericLiteral(p, &t)) ? st : term_expr(p, t, out);
  }
  if (kw(p, "true")) {
    return term_expr(p, bool_term(true), out);
  }
  if (kw(p, "false")) {
    return term_expr(p, bool_term(false), out);
  }
  if (c == '<' || at_iri(p)) {
    return read_iriOrFunction(p, out);
  }
  st = read_BuiltInCall(p, out);
  if (st == MGD_FAILURE) {
    return expected(p, "expression");
  }
  return st;
}

/// UnaryExpression: ('!' | '+' | '-')? PrimaryExpression.
static MgdStatus
read_UnaryExpression(P* const p, SpExpr** const out)
{
  ws(p);
  const int c  = peek(p);
  MgdFunc   fn = MGD_FN_NONE;
  if (c == '!' && peek_at(p, 1U) != '=') {
    fn = MGD_FN_NOT;
  } else if (c == '+' && !at_number(p)) {
    fn = MGD_FN_PLUS;
  } else if (c == '-' && !at_number(p)) {
    fn = MGD_FN_NEG;
  }
  if (fn == MGD_FN_NONE) {
    return read_PrimaryExpression(p, out);
  }
  ++p->pos;
  MgdStatus st = enter(p);
  if (st) {
    return st;
  }
  SpExpr* const e = expr_new(p, SP_EX_FUNC, 1U);
  if (!e) {
    return p->st;
  }
  e->fn = fn;
  st    = read_UnaryExpression(p, &e->args[0]);
  leave(p);
  *out = e;
  return st;
}

static MgdStatus
binary(P* const p, const SpExprKind kind, const MgdFunc fn, SpExpr* const a,
       SpExpr* const b, SpExpr** const out)
{
  SpExpr* const e = expr_new(p, kind, 2U);
  if (!e) {
    return p->st;
  }
  e->fn      = fn;
  e->args[0] = a;
  e->args[1] = b;
  *out       = e;
  return MGD_SUCCESS;
}

/// MultiplicativeExpression: UnaryExpression (('*' | '/') UnaryExpression)*.
static MgdStatus
read_MultiplicativeExpression(P* const p, SpExpr** const out)
{
  MgdStatus st = read_UnaryExpression(p, out);
  while (!st) {
    ws(p);
    const int c = peek(p);
    if (c != '*' && c != '/') {
      break;
    }
    ++p->pos;
    SpExpr* b = NULL;
    if (!(st = read_UnaryExpression(p, &b))) {
      st = binary(p, SP_EX_FUNC, c == '*' ? MGD_FN_MUL : MGD_FN_DIV, *out, b,
                  out);
    }
  }
  return st;
}

/// AdditiveExpression; a signed number right after an operand is read as
/// the operator and an unsigned number (the grammar's NumericLiteralPositive
/// / Negative branch means the same).
static MgdStatus
read_AdditiveExpression(P* const p, SpExpr** const out)
{
  MgdStatus st = read_MultiplicativeExpression(p, out);
  while (!st) {
    ws(p);
    const int c = peek(p);
    if (c != '+' && c != '-') {
      break;
    }
    ++p->pos;
    SpExpr* b = NULL;
    if (!(st = read_MultiplicativeExpression(p, &b))) {
      st = binary(p, SP_EX_FUNC, c == '+' ? MGD_FN_ADD : MGD_FN_SUB, *out, b,
                  out);
    }
  }
  return st;
}

/// RelationalExpression.
static MgdStatus
read_RelationalExpression(P* const p, SpExpr** const out)
{
  MgdStatus st = read_AdditiveExpression(p, out);
  if (st) {
    return st;
  }
  ws(p);
  const int c  = peek(p);
  const int c1 = peek_at(p, 1U);
  MgdFunc   fn = MGD_FN_NONE;
  size_t    n  = 1U;
  if (c == '=') {
    fn = MGD_FN_EQ;
  } else if (c == '!' && c1 == '=') {
    fn = MGD_FN_NE;
    n  = 2U;
  } else if (c == '<' && c1 == '=') {
    fn = MGD_FN_LE;
    n  = 2U;
  } else if (c == '>' && c1 == '=') {
    fn = MGD_FN_GE;
    n  = 2U;
  } else if (c == '<') {
    fn = MGD_FN_LT;
  } else if (c == '>') {
    fn = MGD_FN_GT;
  }
  if (fn != MGD_FN_NONE) {
    p->pos += n;
    SpExpr* b = NULL;
    return (st = read_AdditiveExpression(p, &b))
             ? st
             : binary(p, SP_EX_FUNC, fn, *out, b, out);
  }
  bool neg = false;
  if (kw(p, "IN") || (neg = kw(p, "NOT"))) {
    if (neg && (st = expect_kw(p, "IN"))) {
      return st;
    }
    SpExpr** args   = NULL;
    uint32_t n_args = 0U;
    if ((st = read_ArgList(p, &args, &n_args, NULL))) {
      return st;
    }
    SpExpr* const e = expr_new(p, neg ? SP_EX_NOT_IN : SP_EX_IN, n_args + 1U);
    if (!e) {
      return p->st;
    }
    e->args[0] = *out;
    for (uint32_t i = 0U; i < n_args; ++i) {
      e->args[i + 1U] = args[i];
    }
    *out = e;
  }
  return MGD_SUCCESS;
}

/// ConditionalAndExpression: ValueLogical ('&&' ValueLogical)*.
static MgdStatus
read_ConditionalAndExpression(P* const p, SpExpr** const out)
{
  MgdStatus st = read_RelationalExpression(p, out);
  while (!st) {
    ws(p);
    if (peek(p) != '&' || peek_at(p, 1U) != '&') {
      break;
    }
    p->pos += 2U;
    SpExpr* b = NULL;
    if (!(st = read_RelationalExpression(p, &b))) {
      st = binary(p, SP_EX_AND, MGD_FN_NONE, *out, b, out);
    }
  }
  return st;
}

/// True if `e` nests deeper than `limit` (long operator chains are trees
/// as deep as they are long; evaluation recurses along them).
static bool
expr_deeper(const SpExpr* const e, const size_t limit)
{
  if (!e) {
    return false;
  }
  if (!limit) {
    return true;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    if (expr_deeper(e->args[i], limit - 1U)) {
      return true;
    }
  }
  return false;
}

static bool
path_deeper(const SpPath* const path, const size_t limit)
{
  if (!path) {
    return false;
  }
  if (!limit) {
    return true;
  }
  return path_deeper(path->a, limit - 1U) || path_deeper(path->b, limit - 1U);
}

/// Expression: ConditionalOrExpression.
static MgdStatus
read_Expression(P* const p, SpExpr** const out)
{
  MgdStatus st = enter(p);
  if (st) {
    return st;
  }
  st = read_ConditionalAndExpression(p, out);
  while (!st) {
    ws(p);
    if (peek(p) != '|' || peek_at(p, 1U) != '|') {
      break;
    }
    p->pos += 2U;
    SpExpr* b = NULL;
    if (!(st = read_ConditionalAndExpression(p, &b))) {
      st = binary(p, SP_EX_OR, MGD_FN_NONE, *out, b, out);
    }
  }
  leave(p);
  if (!st && expr_deeper(*out, p->max_depth)) {
    st = err_at(p, p->pos, MGD_BAD_LIMIT, "%s",
                "expression nests too deeply (limit max_algebra_depth)");
  }
  return st;
}

/// Constraint: BrackettedExpression | BuiltInCall | FunctionCall.
static MgdStatus
read_Constraint(P* const p, SpExpr** const out)
{
  ws(p);
  if (peek(p) == '(') {
    ++p->pos;
    MgdStatus st = read_Expression(p, out);
    return st ? st : expect(p, ')');
  }
  if (at_iri(p)) {
    const size_t at = p->pos;
    MgdStatus    st = read_iriOrFunction(p, out);
    if (!st && (*out)->kind == SP_EX_TERM) {
      return bad_at(p, at, "expected a function call");
    }
    return st;
  }
  const MgdStatus st = read_BuiltInCall(p, out);
  return st == MGD_FAILURE ? expected(p, "constraint") : st;
}

// ----------------------------------------------------------- paths

static SpPath*
path_new(P* const p, const SpPathKind kind, SpPath* const a, SpPath* const b)
{
  SpPath* const r = (SpPath*)zalloc(p, sizeof(SpPath));
  if (r) {
    r->kind = kind;
    r->a    = a;
    r->b    = b;
  }
  return r;
}

static MgdStatus read_PathAlternative(P* p, SpPath** out);

/// PathOneInPropertySet: iri | 'a' | '^' (iri | 'a').
static MgdStatus
read_PathOneInPropertySet(P* const p, SpPath* const nps)
{
  const bool inv = eat(p, '^');
  MgdStr     iri = {NULL, 0U};
  if (kw(p, "a")) {
    iri = mgd_str(MGD_RDF_TYPE);
  } else {
    const MgdStatus st = read_iri(p, &iri);
    if (st) {
      return st;
    }
  }
  uint32_t cap_f = nps->n_fwd;
  uint32_t cap_i = nps->n_inv;
  if (inv) {
    return PUSH(p, nps->inv, nps->n_inv, cap_i, mgd_term_iri(iri)) ? oom(p) : 0;
  }
  return PUSH(p, nps->fwd, nps->n_fwd, cap_f, mgd_term_iri(iri)) ? oom(p) : 0;
}

/// PathPrimary: iri | 'a' | '!' PathNegatedPropertySet | '(' Path ')'.
static MgdStatus
read_PathPrimary(P* const p, SpPath** const out)
{
  ws(p);
  MgdStatus st = MGD_SUCCESS;
  if (eat(p, '(')) {
    if ((st = enter(p))) {
      return st;
    }
    st = read_PathAlternative(p, out);
    leave(p);
    return st ? st : expect(p, ')');
  }
  if (eat(p, '!')) {
    SpPath* const nps = path_new(p, SP_PATH_NPS, NULL, NULL);
    if (!nps) {
      return p->st;
    }
    *out = nps;
    if (eat(p, '(')) {
      if (eat(p, ')')) {
        return MGD_SUCCESS;
      }
      do {
        if ((st = read_PathOneInPropertySet(p, nps))) {
          return st;
        }
      } while (eat(p, '|'));
      return expect(p, ')');
    }
    return read_PathOneInPropertySet(p, nps);
  }
  MgdStr iri = {NULL, 0U};
  if (kw(p, "a")) {
    iri = mgd_str(MGD_RDF_TYPE);
  } else if ((st = read_iri(p, &iri))) {
    return st;
  }
  *out = path_new(p, SP_PATH_LINK, NULL, NULL);
  if (!*out) {
    return p->st;
  }
  (*out)->iri = mgd_term_iri(iri);
  return MGD_SUCCESS;
}

/// PathElt: PathPrimary PathMod?
static MgdStatus
read_PathElt(P* const p, SpPath** const out)
{
  MgdStatus st = read_PathPrimary(p, out);
  if (st) {
    return st;
  }
  ws(p);
  const int c = peek(p);
  SpPathKind kind;
  if (c == '*') {
    kind = SP_PATH_ZOM;
  } else if (c == '+' && !is_digit(peek_at(p, 1U))) {
    kind = SP_PATH_OOM;
  } else if (c == '?' && !is_pn_u(peek_at(p, 1U)) && !is_digit(peek_at(p, 1U))) {
    kind = SP_PATH_ZOO;
  } else {
    return MGD_SUCCESS;
  }
  ++p->pos;
  *out = path_new(p, kind, *out, NULL);
  return *out ? MGD_SUCCESS : p->st;
}

/// PathEltOrInverse: PathElt | '^' PathElt.
static MgdStatus
read_PathEltOrInverse(P* const p, SpPath** const out)
{
  const bool inv = eat(p, '^');
  MgdStatus  st  = read_PathElt(p, out);
  if (!st && inv) {
    *out = path_new(p, SP_PATH_INV, *out, NULL);
    st   = *out ? MGD_SUCCESS : p->st;
  }
  return st;
}

/// PathSequence: PathEltOrInverse ('/' PathEltOrInverse)*.
static MgdStatus
read_PathSequence(P* const p, SpPath** const out)
{
  MgdStatus st = read_PathEltOrInverse(p, out);
  while (!st && eat(p, '/')) {
    SpPath* b = NULL;
    if (!(st = read_PathEltOrInverse(p, &b))) {
      *out = path_new(p, SP_PATH_SEQ, *out, b);
      st   = *out ? MGD_SUCCESS : p->st;
    }
  }
  return st;
}

/// PathAlternative: PathSequence ('|' PathSequence)*.
static MgdStatus
read_PathAlternative(P* const p, SpPath** const out)
{
  MgdStatus st = read_PathSequence(p, out);
  while (!st && eat(p, '|')) {
    SpPath* b = NULL;
    if (!(st = read_PathSequence(p, &b))) {
      *out = path_new(p, SP_PATH_ALT, *out, b);
      st   = *out ? MGD_SUCCESS : p->st;
    }
  }
  return st;
}

// ----------------------------------------------------------- triples

static MgdStatus
add_item(P* const p, const SpPos s, const SpPos pr, SpPath* const path,
         const SpPos o)
{
  TItem item;
  item.s    = s;
  item.p    = pr;
  item.path = path;
  item.o    = o;
  return PUSH(p, p->items, p->n_items, p->c_items, item) ? oom(p)
                                                         : MGD_SUCCESS;
}

/// Add `s path o`, flattening links, inverses of links and sequences into
/// triple patterns (§18.2.2.4); other paths stay path items.
static MgdStatus
add_path(P* const p, const SpPos s, SpPath* const path, const SpPos o)
{
  SpPos none;
  memset(&none, 0, sizeof(none));
  switch (path->kind) {
  case SP_PATH_LINK:
    return add_item(p, s, pos_term(path->iri), NULL, o);
  case SP_PATH_INV:
    if (path->a->kind == SP_PATH_LINK) {
      return add_item(p, o, pos_term(path->a->iri), NULL, s);
    }
    break;
  case SP_PATH_SEQ:
    if (!p->in_tmpl) {
      const SpVar v = fresh_var(p);
      if (v == SP_NO_VAR) {
        return p->st;
      }
      const MgdStatus st = add_path(p, s, path->a, pos_var(v));
      return st ? st : add_path(p, pos_var(v), path->b, o);
    }
    break;
  case SP_PATH_ALT:
  case SP_PATH_ZOM:
  case SP_PATH_OOM:
  case SP_PATH_ZOO:
  case SP_PATH_NPS:
    break;
  }
  if (p->in_tmpl) {
    return bad_at(p, p->pos, "property paths are not allowed in templates");
  }
  return add_item(p, s, none, path, o);
}

static MgdStatus read_GraphNode(P* p, SpPos* out);
static MgdStatus read_PropertyListNotEmpty(P* p, SpPos subject);

/// Collection: '(' GraphNode+ ')', as rdf:first/rdf:rest triples.
static MgdStatus
read_Collection(P* const p, SpPos* const out)
{
  MgdStatus st = enter(p);
  if (st) {
    return st;
  }
  ++p->pos; // '('
  const MgdTerm first = mgd_term_iri(mgd_str(MGD_NS_RDF "first"));
  const MgdTerm rest  = mgd_term_iri(mgd_str(MGD_NS_RDF "rest"));
  const MgdTerm nil   = mgd_term_iri(mgd_str(MGD_NS_RDF "nil"));
  SpPos         head  = fresh_node(p);
  SpPos         cur   = head;
  bool          empty = true;
  while (!eat(p, ')')) {
    if (!empty) {
      const SpPos next = fresh_node(p);
      if ((st = add_item(p, cur, pos_term(rest), NULL, next))) {
        goto done;
      }
      cur = next;
    }
    SpPos item;
    if ((st = read_GraphNode(p, &item)) ||
        (st = add_item(p, cur, pos_term(first), NULL, item))) {
      goto done;
    }
    empty = false;
  }
  if (empty) {
    head = pos_term(nil);
  } else {
    st = add_item(p, cur, pos_term(rest), NULL, pos_term(nil));
  }
  *out = head;
done:
  leave(p);
  return st;
}

/// GraphNode / VarOrTerm / TriplesNode.
static MgdStatus
read_GraphNode(P* const p, SpPos* const out)
{
  ws(p);
  const int c  = peek(p);
  MgdStatus st = MGD_SUCCESS;
  if (at_var(p)) {
    memset(out, 0, sizeof(*out));
    out->is_var = true;
    return read_Var(p, &out->var);
  }
  if (c == '(') {
    // NIL is rdf:nil
    size_t i = p->pos + 1U;
    while (i < p->n && strchr(" \t\r\n", p->s[i])) {
      ++i;
    }
    if (i < p->n && p->s[i] == ')') {
      p->pos = i + 1U;
      *out   = pos_term(mgd_term_iri(mgd_str(MGD_NS_RDF "nil")));
      return MGD_SUCCESS;
    }
    return read_Collection(p, out);
  }
  if (c == '[') {
    size_t i = p->pos + 1U;
    while (i < p->n && strchr(" \t\r\n", p->s[i])) {
      ++i;
    }
    if (i < p->n && p->s[i] == ']') {
      return read_BlankNode(p, out);
    }
    if ((st = enter(p))) {
      return st;
    }
    ++p->pos;
    *out = fresh_node(p);
    st   = read_PropertyListNotEmpty(p, *out);
    leave(p);
    return st ? st : expect(p, ']');
  }
  if (c == '_' && peek_at(p, 1U) == ':') {
    return read_BlankNode(p, out);
  }
  MgdTerm t;
  if (c == '"' || c == '\'') {
    st = read_RDFLiteral(p, &t);
  } else if (at_number(p)) {
    st = read_NumericLiteral(p, &t);
  } else if (kw(p, "true")) {
    t = bool_term(true);
  } else if (kw(p, "false")) {
    t = bool_term(false);
  } else if (c == '<' || at_iri(p)) {
    MgdStr iri = {NULL, 0U};
    st         = read_iri(p, &iri);
    t          = mgd_term_iri(iri);
  } else {
    return expected(p, "term");
  }
  if (!st) {
    *out = pos_term(t);
  }
  return st;
}

/// ObjectList: Object (',' Object)*, for one verb.
static MgdStatus
read_ObjectList(P* const p, const SpPos s, const SpPos verb,
                SpPath* const path)
{
  MgdStatus st = MGD_SUCCESS;
  do {
    SpPos o;
    if ((st = read_GraphNode(p, &o))) {
      return st;
    }
    st = path ? add_path(p, s, path, o) : add_item(p, s, verb, NULL, o);
    if (st) {
      return st;
    }
  } while (eat(p, ','));
  return MGD_SUCCESS;
}

static bool
at_verb(P* const p)
{
  ws(p);
  const int c = peek(p);
  return at_var(p) || c == '<' || c == '^' || c == '!' || c == '(' ||
         at_kw(p, "a") || at_iri(p);
}

/// PropertyListPathNotEmpty (and PropertyListNotEmpty in templates):
/// (VerbPath | VerbSimple) ObjectList (';' (Verb ObjectList)?)*.
static MgdStatus
read_PropertyListNotEmpty(P* const p, const SpPos subject)
{
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    SpPos   verb;
    SpPath* path = NULL;
    memset(&verb, 0, sizeof(verb));
    if (at_var(p)) {
      verb.is_var = true;
      if ((st = read_Var(p, &verb.var))) {
        return st;
      }
    } else if (!at_verb(p)) {
      return expected(p, "verb");
    } else if (p->in_tmpl) {
      MgdStr iri = {NULL, 0U};
      if (kw(p, "a")) {
        iri = mgd_str(MGD_RDF_TYPE);
      } else if ((st = read_iri(p, &iri))) {
        return st;
      }
      verb = pos_term(mgd_term_iri(iri));
    } else {
      if ((st = read_PathAlternative(p, &path))) {
        return st;
      }
      if (path_deeper(path, p->max_depth)) {
        return err_at(p, p->pos, MGD_BAD_LIMIT, "%s",
                      "property path nests too deeply (limit "
                      "max_algebra_depth)");
      }
      if (path->kind == SP_PATH_LINK) {
        verb = pos_term(path->iri);
        path = NULL;
      }
    }
    if ((st = read_ObjectList(p, subject, verb, path))) {
      return st;
    }
    if (!eat(p, ';')) {
      return MGD_SUCCESS;
    }
    while (eat(p, ';')) {
    }
    if (!at_verb(p)) {
      return MGD_SUCCESS;
    }
  }
}

/// TriplesSameSubjectPath: VarOrTerm PropertyListPathNotEmpty |
/// TriplesNodePath PropertyListPath (the list is optional after a
/// collection or a blank node property list, which add triples).
static MgdStatus
read_TriplesSameSubject(P* const p)
{
  const uint32_t before = p->n_items;
  SpPos          s;
  MgdStatus      st     = read_GraphNode(p, &s);
  if (st) {
    return st;
  }
  if (p->n_items > before && !at_verb(p)) {
    return MGD_SUCCESS;
  }
  return read_PropertyListNotEmpty(p, s);
}

static bool
at_triples(P* const p)
{
  ws(p);
  const int c = peek(p);
  return at_var(p) || c == '<' || c == '"' || c == '\'' || c == '(' ||
         c == '[' || (c == '_' && peek_at(p, 1U) == ':') || at_number(p) ||
         at_kw(p, "true") || at_kw(p, "false") || at_iri(p);
}

/// Build algebra for the collected triples: one BGP plus path nodes.
static SpNode*
items_to_node(P* const p, const uint32_t first)
{
  SpNode* const bgp = node_new(p, SP_N_BGP, NULL, NULL);
  if (!bgp) {
    return NULL;
  }
  uint32_t cap    = 0U;
  SpNode*  result = bgp;
  for (uint32_t i = first; i < p->n_items; ++i) {
    const TItem* const it = &p->items[i];
    if (!it->path) {
      SpTriple t = {it->s, it->p, it->o};
      if (PUSH(p, bgp->triples, bgp->n_triples, cap, t)) {
        oom(p);
        return NULL;
      }
    }
  }
  for (uint32_t i = first; i < p->n_items; ++i) {
    const TItem* const it = &p->items[i];
    if (it->path) {
      SpNode* const pn = node_new(p, SP_N_PATH, NULL, NULL);
      if (!pn) {
        return NULL;
      }
      pn->ps   = it->s;
      pn->po   = it->o;
      pn->path = it->path;
      result   = join(p, result, pn);
    }
  }
  p->n_items = first;
  return result;
}

/// TriplesBlock: TriplesSameSubjectPath ('.' TriplesBlock?)?
static MgdStatus
read_TriplesBlock(P* const p, SpNode** const out)
{
  const uint32_t first = p->n_items;
  MgdStatus      st    = MGD_SUCCESS;
  for (;;) {
    if ((st = read_TriplesSameSubject(p))) {
      return st;
    }
    if (!eat(p, '.')) {
      break;
    }
    if (!at_triples(p)) {
      break;
    }
  }
  *out = items_to_node(p, first);
  return *out ? MGD_SUCCESS : p->st;
}

// ----------------------------------------------------------- patterns

static MgdStatus read_SubSelect(P* p, SpNode** out);
static MgdStatus read_DatasetClauses(P* p);

/// VarOrIri.
static MgdStatus
read_VarOrIri(P* const p, SpPos* const out)
{
  memset(out, 0, sizeof(*out));
  if (at_var(p)) {
    out->is_var = true;
    return read_Var(p, &out->var);
  }
  MgdStr          iri = {NULL, 0U};
  const MgdStatus st  = read_iri(p, &iri);
  out->term           = mgd_term_iri(iri);
  return st;
}

/// DataBlockValue: iri | RDFLiteral | NumericLiteral | BooleanLiteral |
/// UNDEF.
static MgdStatus
read_DataBlockValue(P* const p, MgdTerm* const out)
{
  ws(p);
  const int c = peek(p);
  *out        = mgd_term_none();
  if (kw(p, "UNDEF")) {
    return MGD_SUCCESS;
  }
  if (kw(p, "true")) {
    *out = bool_term(true);
    return MGD_SUCCESS;
  }
  if (kw(p, "false")) {
    *out = bool_term(false);
    return MGD_SUCCESS;
  }
  if (c == '"' || c == '\'') {
    return read_RDFLiteral(p, out);
  }
  if (at_number(p)) {
    return read_NumericLiteral(p, out);
  }
  if (c == '<' || at_iri(p)) {
    MgdStr          iri = {NULL, 0U};
    const MgdStatus st  = read_iri(p, &iri);
    *out                = mgd_term_iri(iri);
    return st;
  }
  return expected(p, "data value");
}

/// DataBlock: InlineDataOneVar | InlineDataFull.
static MgdStatus
read_DataBlock(P* const p, SpNode** const out)
{
  SpNode* const n = node_new(p, SP_N_VALUES, NULL, NULL);
  if (!n) {
    return p->st;
  }
  uint32_t  cap_v = 0U;
  uint32_t  cap_c = 0U;
  uint32_t  n_c   = 0U;
  MgdStatus st    = MGD_SUCCESS;
  SpVar     v     = 0U;
  const bool full = eat(p, '(');
  if (full) {
    while (!eat(p, ')')) {
      if ((st = read_Var(p, &v))) {
        return st;
      }
      if (PUSH(p, n->vars, n->n_vars, cap_v, v)) {
        return oom(p);
      }
    }
  } else {
    if ((st = read_Var(p, &v))) {
      return st;
    }
    if (PUSH(p, n->vars, n->n_vars, cap_v, v)) {
      return oom(p);
    }
  }
  if ((st = expect(p, '{'))) {
    return st;
  }
  while (!eat(p, '}')) {
    if (full) {
      const size_t at = p->pos;
      if ((st = expect(p, '('))) {
        return st;
      }
      uint32_t k = 0U;
      while (!eat(p, ')')) {
        MgdTerm t;
        if ((st = read_DataBlockValue(p, &t))) {
          return st;
        }
        if (PUSH(p, n->cells, n_c, cap_c, t)) {
          return oom(p);
        }
        ++k;
      }
      if (k != n->n_vars) {
        return bad_at(p, at, "VALUES row length differs from variable count");
      }
    } else {
      MgdTerm t;
      if ((st = read_DataBlockValue(p, &t))) {
        return st;
      }
      if (PUSH(p, n->cells, n_c, cap_c, t)) {
        return oom(p);
      }
    }
    ++n->n_rows;
  }
  *out = n;
  return MGD_SUCCESS;
}

/// The query a SERVICE sends: the prologue in force, then
/// `SELECT * WHERE` and the group's text as written.
static MgdStr
service_text(P* const p, const size_t start, const size_t end)
{
  MgdBuf    b;
  MgdStatus st = MGD_SUCCESS;
  mgd_buf_init(&b);
  if (p->base.len) {
    st = mgd_buf_printf(&b, "BASE <%.*s>\n", (int)p->base.len, p->base.ptr);
  }
  for (uint32_t i = 0U; !st && i < p->n_pfx; ++i) {
    st = mgd_buf_printf(&b, "PREFIX %.*s: <%.*s>\n", (int)p->pfx_name[i].len,
                        p->pfx_name[i].ptr, (int)p->pfx_iri[i].len,
                        p->pfx_iri[i].ptr);
  }
  st = st ? st : mgd_buf_appendc(&b, "SELECT * WHERE ");
  st = st ? st : mgd_buf_append(&b, p->s + start, end - start);
  MgdStr text = {NULL, 0U};
  if (st) {
    oom(p);
  } else {
    text = copy_str(p, b.data, b.len);
  }
  mgd_buf_clear(&b);
  return text;
}

/// GroupGraphPatternSub, translated per §18.2.2.6.
static MgdStatus
read_GroupGraphPatternSub(P* const p, SpNode** const out)
{
  SpNode*   g        = node_new(p, SP_N_BGP, NULL, NULL);
  SpExpr**  filters  = NULL;
  uint32_t  n_f      = 0U;
  uint32_t  cap_f    = 0U;
  MgdStatus st       = MGD_SUCCESS;
  bool      need_sep = false; // after triples without '.'
  if (!g) {
    return p->st;
  }
  for (;;) {
    ws(p);
    if (peek(p) == '}') {
      break;
    }
    SpNode* a = NULL;
    if (peek(p) == '{') {
      if ((st = read_GroupGraphPattern(p, &a))) {
        return st;
      }
      while (kw(p, "UNION")) {
        SpNode* b = NULL;
        if ((st = read_GroupGraphPattern(p, &b))) {
          return st;
        }
        a = node_new(p, SP_N_UNION, a, b);
        if (!a) {
          return p->st;
        }
      }
      g = join(p, g, a);
    } else if (kw(p, "OPTIONAL")) {
      if ((st = read_GroupGraphPattern(p, &a))) {
        return st;
      }
      SpNode* const lj = node_new(p, SP_N_LEFTJOIN, g, a);
      if (!lj) {
        return p->st;
      }
      if (a->kind == SP_N_FILTER) {
        lj->b    = a->a;
        lj->expr = a->expr;
      }
      g = lj;
    } else if (kw(p, "MINUS")) {
      if ((st = read_GroupGraphPattern(p, &a))) {
        return st;
      }
      g = node_new(p, SP_N_MINUS, g, a);
    } else if (kw(p, "GRAPH")) {
      SpPos name;
      if ((st = read_VarOrIri(p, &name)) ||
          (st = read_GroupGraphPattern(p, &a))) {
        return st;
      }
      SpNode* const gn = node_new(p, SP_N_GRAPH, a, NULL);
      if (!gn) {
        return p->st;
      }
      gn->graph = name;
      g         = join(p, g, gn);
    } else if (kw(p, "SERVICE")) {
      const bool silent = kw(p, "SILENT");
      SpPos      name;
      if ((st = read_VarOrIri(p, &name))) {
        return st;
      }
      ws(p);
      const size_t open = p->pos;
      if ((st = read_GroupGraphPattern(p, &a))) {
        return st;
      }
      SpNode* const sn = node_new(p, SP_N_SERVICE, a, NULL);
      if (!sn) {
        return p->st;
      }
      sn->graph  = name;
      sn->silent = silent;
      sn->text   = service_text(p, open, p->pos);
      if (!sn->text.ptr) {
        return p->st;
      }
      g          = join(p, g, sn);
    } else if (kw(p, "FILTER")) {
      SpExpr* f = NULL;
      if ((st = read_Constraint(p, &f))) {
        return st;
      }
      if (PUSH(p, filters, n_f, cap_f, f)) {
        return oom(p);
      }
      // A FILTER does not end the basic graph pattern: a blank node label
      // may appear on both sides (the W3C test syn-blabel-cross-filter).
      need_sep = false;
      eat(p, '.');
      continue;
    } else if (kw(p, "BIND")) {
      const size_t at = p->pos;
      SpExpr*      e  = NULL;
      SpVar        v  = 0U;
      if ((st = expect(p, '(')) || (st = read_Expression(p, &e)) ||
          (st = expect_kw(p, "AS")) || (st = read_Var(p, &v)) ||
          (st = expect(p, ')'))) {
        return st;
      }
      const uint8_t* const mask = scope_mask(p, g);
      if (!mask) {
        return p->st;
      }
      if (mask[v]) {
        return bad_at(p, at, "BIND variable is already in scope");
      }
      g = node_new(p, SP_N_EXTEND, g, NULL);
      if (!g) {
        return p->st;
      }
      g->var  = v;
      g->expr = e;
    } else if (kw(p, "VALUES")) {
      if ((st = read_DataBlock(p, &a))) {
        return st;
      }
      g = join(p, g, a);
    } else if (at_triples(p)) {
      if (need_sep) {
        return expected(p, "'.' or '}'");
      }
      if ((st = read_TriplesBlock(p, &a))) {
        return st;
      }
      g = join(p, g, a);
      // read_TriplesBlock consumed a final '.', if any
      {
        size_t i = p->pos;
        while (i > 0U && strchr(" \t\r\n", p->s[i - 1U])) {
          --i;
        }
        need_sep = !(i > 0U && p->s[i - 1U] == '.');
      }
      if (!g) {
        return p->st;
      }
      continue;
    } else if (at_kw(p, "SELECT")) {
      return bad_at(p, p->pos, "sub-SELECT must be the whole group");
    } else {
      return expected(p, "'}'");
    }
    if (!g) {
      return p->st;
    }
    ++p->block;
    need_sep = false;
    eat(p, '.');
  }
  for (uint32_t i = 0U; i < n_f; ++i) {
    SpNode* const f = node_new(p, SP_N_FILTER, g, NULL);
    if (!f) {
      return p->st;
    }
    f->expr = filters[i];
    g       = f;
  }
  *out = g;
  return MGD_SUCCESS;
}

/// GroupGraphPattern: '{' (SubSelect | GroupGraphPatternSub) '}'.
static MgdStatus
read_GroupGraphPattern(P* const p, SpNode** const out)
{
  MgdStatus st = expect(p, '{');
  if (st) {
    return st;
  }
  if ((st = enter(p))) {
    return st;
  }
  ++p->block;
  if (at_kw(p, "SELECT")) {
    st = read_SubSelect(p, out);
  } else {
    st = read_GroupGraphPatternSub(p, out);
  }
  ++p->block; // a new BGP starts after a group
  leave(p);
  return st ? st : expect(p, '}');
}

// ----------------------------------------------------------- queries

typedef struct {
  SelItem* items;     ///< Projection (NULL with SELECT *)
  uint32_t n_items;   ///< Count
  bool     star;      ///< SELECT *
  bool     distinct;  ///< DISTINCT
  bool     reduced;   ///< REDUCED
  SpExpr** keys;      ///< GROUP BY
  SpVar*   key_vars;  ///< GROUP BY targets
  uint32_t n_keys;    ///< Count
  bool     grouped;   ///< GROUP BY present
  SpExpr** having;    ///< HAVING
  uint32_t n_having;  ///< Count
  SpOrder* order;     ///< ORDER BY
  uint32_t n_order;   ///< Count
  uint64_t offset;    ///< OFFSET
  uint64_t limit;     ///< LIMIT
} Mods;

/// SelectClause (after SELECT).
static MgdStatus
read_SelectClause(P* const p, Mods* const m)
{
  if (kw(p, "DISTINCT")) {
    m->distinct = true;
  } else if (kw(p, "REDUCED")) {
    m->reduced = true;
  }
  if (eat(p, '*')) {
    m->star = true;
    return MGD_SUCCESS;
  }
  uint32_t  cap = 0U;
  MgdStatus st  = MGD_SUCCESS;
  for (;;) {
    ws(p);
    SelItem it;
    memset(&it, 0, sizeof(it));
    it.pos = p->pos;
    if (at_var(p)) {
      if ((st = read_Var(p, &it.var))) {
        return st;
      }
    } else if (eat(p, '(')) {
      it.is_expr = true;
      p->agg_ok  = true;
      st         = read_Expression(p, &it.expr);
      p->agg_ok  = false;
      if (st || (st = expect_kw(p, "AS")) || (st = read_Var(p, &it.var)) ||
          (st = expect(p, ')'))) {
        return st;
      }
    } else {
      break;
    }
    for (uint32_t i = 0U; i < m->n_items; ++i) {
      if (m->items[i].var == it.var && (it.is_expr || m->items[i].is_expr)) {
        return bad_at(p, it.pos, "variable projected twice");
      }
    }
    if (PUSH(p, m->items, m->n_items, cap, it)) {
      return oom(p);
    }
  }
  return m->n_items ? MGD_SUCCESS : expected(p, "variable, '(' or '*'");
}

/// True if a Constraint (bracketted expression, built-in or function call)
/// starts here, rather than the next clause.
static bool
at_constraint(P* const p)
{
  ws(p);
  if (peek(p) == '(' || at_iri(p)) {
    return true;
  }
  if (!is_alpha(peek(p))) {
    return false;
  }
  static const char* const stop[] = {"HAVING", "ORDER", "LIMIT", "OFFSET",
                                     "VALUES", "ASC", "DESC"};
  for (size_t i = 0U; i < sizeof(stop) / sizeof(stop[0]); ++i) {
    if (at_kw(p, stop[i])) {
      return false;
    }
  }
  return true;
}

/// SolutionModifier: GroupClause? HavingClause? OrderClause?
/// LimitOffsetClauses?
static MgdStatus
read_SolutionModifier(P* const p, Mods* const m)
{
  MgdStatus st = MGD_SUCCESS;
  m->limit     = UINT64_MAX;
  if (kw(p, "GROUP")) {
    if ((st = expect_kw(p, "BY"))) {
      return st;
    }
    m->grouped    = true;
    uint32_t cap  = 0U;
    uint32_t cap2 = 0U;
    uint32_t n2   = 0U;
    for (;;) {
      ws(p);
      SpExpr* e = NULL;
      SpVar   v = SP_NO_VAR;
      if (at_var(p)) {
        if (!(e = expr_new(p, SP_EX_VAR, 0U))) {
          return p->st;
        }
        if ((st = read_Var(p, &e->var))) {
          return st;
        }
      } else if (eat(p, '(')) {
        if ((st = read_Expression(p, &e))) {
          return st;
        }
        if (kw(p, "AS") && (st = read_Var(p, &v))) {
          return st;
        }
        if ((st = expect(p, ')'))) {
          return st;
        }
      } else if (at_constraint(p)) {
        if ((st = read_Constraint(p, &e))) {
          return st;
        }
      } else {
        break;
      }
      if (PUSH(p, m->keys, m->n_keys, cap, e) ||
          PUSH(p, m->key_vars, n2, cap2, v)) {
        return oom(p);
      }
    }
    if (!m->n_keys) {
      return expected(p, "group condition");
    }
  }
  if (kw(p, "HAVING")) {
    uint32_t cap = 0U;
    p->agg_ok    = true;
    do {
      SpExpr* e = NULL;
      if ((st = read_Constraint(p, &e))) {
        return st;
      }
      if (PUSH(p, m->having, m->n_having, cap, e)) {
        return oom(p);
      }
    } while (at_constraint(p));
    p->agg_ok = false;
  }
  if (kw(p, "ORDER")) {
    if ((st = expect_kw(p, "BY"))) {
      return st;
    }
    uint32_t cap = 0U;
    p->agg_ok    = true;
    for (;;) {
      SpOrder o;
      memset(&o, 0, sizeof(o));
      ws(p);
      if (kw(p, "ASC") || (o.desc = kw(p, "DESC"))) {
        ws(p);
        if (peek(p) != '(') {
          return expected(p, "'('");
        }
        ++p->pos;
        if ((st = read_Expression(p, &o.expr)) || (st = expect(p, ')'))) {
          return st;
        }
      } else if (at_var(p)) {
        if (!(o.expr = expr_new(p, SP_EX_VAR, 0U))) {
          return p->st;
        }
        if ((st = read_Var(p, &o.expr->var))) {
          return st;
        }
      } else if (at_constraint(p)) {
        if ((st = read_Constraint(p, &o.expr))) {
          return st;
        }
      } else {
        break;
      }
      if (PUSH(p, m->order, m->n_order, cap, o)) {
        return oom(p);
      }
    }
    p->agg_ok = false;
    if (!m->n_order) {
      return expected(p, "order condition");
    }
  }
  for (int i = 0; i < 2; ++i) {
    const bool is_limit = kw(p, "LIMIT");
    if (!is_limit && !kw(p, "OFFSET")) {
      break;
    }
    ws(p);
    if (!is_digit(peek(p))) {
      return expected(p, "integer");
    }
    uint64_t v = 0U;
    while (is_digit(peek(p))) {
      const uint64_t d = (uint64_t)(peek(p) - '0');
      v = v > (UINT64_MAX - d) / 10U ? UINT64_MAX : v * 10U + d;
      ++p->pos;
    }
    if (is_limit) {
      m->limit = v;
    } else {
      m->offset = v;
    }
  }
  return MGD_SUCCESS;
}

/// Check the grouping restrictions of §18.2.4.1 on `e`: variables outside
/// aggregates must be group keys (or earlier select targets in `ok`).
static bool
grouped_ok(const SpExpr* const e, const uint8_t* const ok)
{
  if (!e) {
    return true;
  }
  if (e->kind == SP_EX_AGG) {
    return true;
  }
  if ((e->kind == SP_EX_VAR || e->kind == SP_EX_BOUND) && !ok[e->var]) {
    return false;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    if (!grouped_ok(e->args[i], ok)) {
      return false;
    }
  }
  return true;
}

/// Apply modifiers to the WHERE pattern `where` (§18.2.4, §18.2.5).
/// `aggs` are the aggregates met in this SELECT's clauses.
static MgdStatus
finish_select(P* const p, Mods* const m, SpNode* const where,
              SpExpr** const aggs, const uint32_t n_aggs, SpNode** const out,
              SpVar** proj, uint32_t* n_proj)
{
  SpNode*  n      = where;
  uint8_t* wscope = scope_mask(p, where);
  if (!wscope) {
    return p->st;
  }
  const bool is_agg = m->grouped || n_aggs > 0U;
  uint8_t*   ok     = (uint8_t*)zalloc(p, p->q->n_vars + 1U);
  if (!ok) {
    return p->st;
  }
  if (is_agg) {
    if (m->star) {
      return bad_at(p, 0U, "SELECT * with GROUP BY or aggregates");
    }
    SpNode* const g = node_new(p, SP_N_GROUP, n, NULL);
    if (!g) {
      return p->st;
    }
    g->keys   = m->keys;
    g->vars   = m->key_vars;
    g->n_keys = m->n_keys;
    g->aggs   = aggs;
    g->n_aggs = n_aggs;
    for (uint32_t i = 0U; i < m->n_keys; ++i) {
      if (m->key_vars[i] != SP_NO_VAR) {
        ok[m->key_vars[i]] = 1U;
      } else if (m->keys[i]->kind == SP_EX_VAR) {
        ok[m->keys[i]->var] = 1U;
        g->vars[i]          = m->keys[i]->var;
      }
    }
    n = g;
    for (uint32_t i = 0U; i < m->n_having; ++i) {
      SpNode* const f = node_new(p, SP_N_FILTER, n, NULL);
      if (!f) {
        return p->st;
      }
      f->expr = m->having[i];
      n       = f;
    }
  } else {
    for (uint32_t i = 0U; i < p->q->n_vars; ++i) {
      ok[i] = 1U;
    }
    for (uint32_t i = 0U; i < m->n_having; ++i) {
      SpNode* const f = node_new(p, SP_N_FILTER, n, NULL);
      if (!f) {
        return p->st;
      }
      f->expr = m->having[i];
      n       = f;
    }
  }
  uint32_t cap = 0U;
  *proj        = NULL;
  *n_proj      = 0U;
  if (m->star) {
    for (uint32_t v = 0U; v < p->q->n_vars; ++v) {
      if (wscope[v] && sp_var_is_visible(p->q->var_names[v])) {
        if (PUSH(p, *proj, *n_proj, cap, v)) {
          return oom(p);
        }
      }
    }
  }
  for (uint32_t i = 0U; i < m->n_items; ++i) {
    const SelItem* const it = &m->items[i];
    if (it->is_expr) {
      if (wscope[it->var]) {
        return bad_at(p, it->pos, "SELECT expression variable already in scope");
      }
      if (is_agg && !grouped_ok(it->expr, ok)) {
        return bad_at(p, it->pos, "non-grouped variable in SELECT expression");
      }
      SpNode* const e = node_new(p, SP_N_EXTEND, n, NULL);
      if (!e) {
        return p->st;
      }
      e->var  = it->var;
      e->expr = it->expr;
      n       = e;
      ok[it->var] = 1U;
    } else if (is_agg && !ok[it->var]) {
      return bad_at(p, it->pos, "non-grouped variable in SELECT");
    }
    bool dup = false;
    for (uint32_t k = 0U; k < *n_proj; ++k) {
      dup = dup || (*proj)[k] == it->var;
    }
    if (!dup && PUSH(p, *proj, *n_proj, cap, it->var)) {
      return oom(p);
    }
  }
  if (m->n_order) {
    SpNode* const o = node_new(p, SP_N_ORDER, n, NULL);
    if (!o) {
      return p->st;
    }
    o->conds   = m->order;
    o->n_conds = m->n_order;
    n          = o;
  }
  SpNode* const pr = node_new(p, SP_N_PROJECT, n, NULL);
  if (!pr) {
    return p->st;
  }
  pr->vars   = *proj;
  pr->n_vars = *n_proj;
  n          = pr;
  if (m->distinct || m->reduced) {
    n = node_new(p, m->distinct ? SP_N_DISTINCT : SP_N_REDUCED, n, NULL);
    if (!n) {
      return p->st;
    }
  }
  if (m->offset || m->limit != UINT64_MAX) {
    n = node_new(p, SP_N_SLICE, n, NULL);
    if (!n) {
      return p->st;
    }
    n->offset = m->offset;
    n->limit  = m->limit;
  }
  *out = n;
  return MGD_SUCCESS;
}

// Renaming the private variables of a sub-SELECT apart (§18.2.1 scoping).

static void rename_node(P* p, SpNode* n, SpVar* map, const uint8_t* keep);

static SpVar
rename_var(P* const p, const SpVar v, SpVar* const map,
           const uint8_t* const keep)
{
  if (v == SP_NO_VAR || v >= p->rename_limit || keep[v]) {
    return v; // projected, or already fresh (shared aggregate nodes)
  }
  if (map[v] == SP_NO_VAR) {
    map[v] = fresh_var(p);
  }
  return map[v];
}

static void
rename_pos(P* const p, SpPos* const pos, SpVar* const map,
           const uint8_t* const keep)
{
  if (pos->is_var) {
    pos->var = rename_var(p, pos->var, map, keep);
  }
}

static void
rename_expr(P* const p, SpExpr* const e, SpVar* const map,
            const uint8_t* const keep)
{
  if (!e) {
    return;
  }
  e->var = rename_var(p, e->var, map, keep);
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    rename_expr(p, e->args[i], map, keep);
  }
  if (e->pattern) {
    rename_node(p, e->pattern, map, keep);
  }
}

static void
rename_node(P* const p, SpNode* const n, SpVar* const map,
            const uint8_t* const keep)
{
  if (!n) {
    return;
  }
  rename_node(p, n->a, map, keep);
  rename_node(p, n->b, map, keep);
  rename_expr(p, n->expr, map, keep);
  n->var = rename_var(p, n->var, map, keep);
  rename_pos(p, &n->graph, map, keep);
  rename_pos(p, &n->ps, map, keep);
  rename_pos(p, &n->po, map, keep);
  for (uint32_t i = 0U; i < n->n_triples; ++i) {
    rename_pos(p, &n->triples[i].s, map, keep);
    rename_pos(p, &n->triples[i].p, map, keep);
    rename_pos(p, &n->triples[i].o, map, keep);
  }
  if (n->kind != SP_N_PROJECT) {
    for (uint32_t i = 0U; i < n->n_vars; ++i) {
      n->vars[i] = rename_var(p, n->vars[i], map, keep);
    }
  }
  for (uint32_t i = 0U; i < n->n_keys; ++i) {
    rename_expr(p, n->keys[i], map, keep);
  }
  for (uint32_t i = 0U; i < n->n_aggs; ++i) {
    rename_expr(p, n->aggs[i], map, keep);
  }
  for (uint32_t i = 0U; i < n->n_conds; ++i) {
    rename_expr(p, n->conds[i].expr, map, keep);
  }
}

/// Parse SELECT ... WHERE ... modifiers (and VALUES if `top`).
static MgdStatus
read_SelectQuery(P* const p, const bool top, SpNode** const out,
                 SpVar** const proj, uint32_t* const n_proj)
{
  SpExpr** const saved_aggs  = p->aggs;
  const uint32_t saved_n     = p->n_aggs;
  const uint32_t saved_c     = p->c_aggs;
  p->aggs                    = NULL;
  p->n_aggs                  = 0U;
  p->c_aggs                  = 0U;
  Mods      m;
  SpNode*   where = NULL;
  MgdStatus st    = MGD_SUCCESS;
  memset(&m, 0, sizeof(m));
  if ((st = expect_kw(p, "SELECT")) || (st = read_SelectClause(p, &m))) {
    goto done;
  }
  if (top && (st = read_DatasetClauses(p))) {
    goto done;
  }
  kw(p, "WHERE");
  if ((st = read_GroupGraphPattern(p, &where)) ||
      (st = read_SolutionModifier(p, &m))) {
    goto done;
  }
  if (kw(p, "VALUES")) {
    SpNode* vals = NULL;
    if ((st = read_DataBlock(p, &vals))) {
      goto done;
    }
    where = node_new(p, SP_N_JOIN, where, vals);
    if (!where) {
      st = p->st;
      goto done;
    }
  }
  st = finish_select(p, &m, where, p->aggs, p->n_aggs, out, proj, n_proj);
done:
  p->aggs   = saved_aggs;
  p->n_aggs = saved_n;
  p->c_aggs = saved_c;
  return st;
}

/// SubSelect, renamed apart.
static MgdStatus
read_SubSelect(P* const p, SpNode** const out)
{
  SpVar*    proj   = NULL;
  uint32_t  n_proj = 0U;
  MgdStatus st     = read_SelectQuery(p, false, out, &proj, &n_proj);
  if (st) {
    return st;
  }
  const uint32_t n_vars = p->q->n_vars;
  uint8_t* const keep   = (uint8_t*)zalloc(p, n_vars + 1U);
  SpVar* const   map    = (SpVar*)zalloc(p, (n_vars + 1U) * sizeof(SpVar));
  if (!keep || !map) {
    return p->st;
  }
  for (uint32_t i = 0U; i < n_vars; ++i) {
    map[i] = SP_NO_VAR;
  }
  for (uint32_t i = 0U; i < n_proj; ++i) {
    keep[proj[i]] = 1U;
  }
  const uint32_t saved_limit = p->rename_limit;
  p->rename_limit            = n_vars;
  rename_node(p, *out, map, keep);
  p->rename_limit = saved_limit;
  return p->failed ? p->st : MGD_SUCCESS;
}

/// ConstructTemplate / TriplesTemplate into q->tmpl.
static MgdStatus
read_TriplesTemplate(P* const p, const char close)
{
  p->in_tmpl   = true;
  MgdStatus st = MGD_SUCCESS;
  while (!eat(p, close)) {
    if ((st = read_TriplesSameSubject(p))) {
      break;
    }
    if (!eat(p, '.')) {
      if ((st = expect(p, close))) {
        break;
      }
      break;
    }
  }
  p->in_tmpl = false;
  if (st) {
    return st;
  }
  uint32_t cap = 0U;
  for (uint32_t i = 0U; i < p->n_items; ++i) {
    const SpTriple t = {p->items[i].s, p->items[i].p, p->items[i].o};
    if (PUSH(p, p->q->tmpl, p->q->n_tmpl, cap, t)) {
      return oom(p);
    }
  }
  p->n_items = 0U;
  return MGD_SUCCESS;
}

static MgdStatus
read_DatasetClauses(P* const p)
{
  uint32_t cap_f = 0U;
  uint32_t cap_n = 0U;
  while (kw(p, "FROM")) {
    const bool named = kw(p, "NAMED");
    MgdStr     iri   = {NULL, 0U};
    MgdStatus  st    = read_iri(p, &iri);
    if (st) {
      return st;
    }
    if (named ? PUSH(p, p->q->from_named, p->q->n_from_named, cap_n,
                     mgd_term_iri(iri))
              : PUSH(p, p->q->from, p->q->n_from, cap_f, mgd_term_iri(iri))) {
      return oom(p);
    }
  }
  return MGD_SUCCESS;
}

/// ConstructQuery, AskQuery and DescribeQuery share this tail: dataset,
/// WHERE (optional for DESCRIBE), modifiers, VALUES.
static MgdStatus
read_QueryTail(P* const p, const bool where_optional, const bool short_form)
{
  MgdStatus st = read_DatasetClauses(p);
  if (st) {
    return st;
  }
  SpNode* where = NULL;
  if (short_form) {
    if ((st = expect_kw(p, "WHERE")) || (st = expect(p, '{'))) {
      return st;
    }
    // CONSTRUCT WHERE { TriplesTemplate }: the template is the pattern.
    ++p->block;
    const uint32_t first = p->n_items;
    while (!eat(p, '}')) {
      if ((st = read_TriplesSameSubject(p))) {
        return st;
      }
      if (!eat(p, '.') && (st = expect(p, '}'))) {
        return st;
      }
      if (p->pos > 0U && p->s[p->pos - 1U] == '}') {
        break;
      }
    }
    uint32_t cap = 0U;
    for (uint32_t i = first; i < p->n_items; ++i) {
      if (p->items[i].path) {
        return bad_at(p, p->pos, "property path in CONSTRUCT WHERE");
      }
      const SpTriple t = {p->items[i].s, p->items[i].p, p->items[i].o};
      if (PUSH(p, p->q->tmpl, p->q->n_tmpl, cap, t)) {
        return oom(p);
      }
    }
    where = items_to_node(p, first);
    if (!where) {
      return p->st;
    }
  } else {
    const bool has_where = kw(p, "WHERE");
    ws(p);
    if (has_where || peek(p) == '{' || !where_optional) {
      if ((st = read_GroupGraphPattern(p, &where))) {
        return st;
      }
    } else {
      where = node_new(p, SP_N_BGP, NULL, NULL);
    }
  }
  Mods m;
  memset(&m, 0, sizeof(m));
  if ((st = read_SolutionModifier(p, &m))) {
    return st;
  }
  if (kw(p, "VALUES")) {
    SpNode* vals = NULL;
    if ((st = read_DataBlock(p, &vals))) {
      return st;
    }
    where = node_new(p, SP_N_JOIN, where, vals);
    if (!where) {
      return p->st;
    }
  }
  // CONSTRUCT/ASK/DESCRIBE keep every visible variable (no GROUP BY:
  // then they keep only what grouping keeps).
  m.star          = !m.grouped && !p->n_aggs;
  SpVar*   proj   = NULL;
  uint32_t n_proj = 0U;
  return finish_select(p, &m, where, p->aggs, p->n_aggs, &p->q->root, &proj,
                       &n_proj);
}

/// Prologue: (BaseDecl | PrefixDecl)*.
static MgdStatus
read_Prologue(P* const p)
{
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    if (kw(p, "BASE")) {
      MgdStr iri = {NULL, 0U};
      if ((st = read_IRIREF(p, &iri))) {
        return st;
      }
      p->base = iri;
    } else if (kw(p, "PREFIX")) {
      MgdStr name = {NULL, 0U};
      MgdStr iri  = {NULL, 0U};
      if ((st = read_PNAME_NS(p, &name)) || (st = read_IRIREF(p, &iri))) {
        return st;
      }
      uint32_t n_names = p->n_pfx;
      if (PUSH(p, p->pfx_name, n_names, p->c_pfx_name, name) ||
          PUSH(p, p->pfx_iri, p->n_pfx, p->c_pfx, iri)) {
        return oom(p);
      }
    } else {
      return MGD_SUCCESS;
    }
  }
}

/// QueryUnit: Prologue (Select | Construct | Describe | Ask) ValuesClause.
static MgdStatus
read_QueryUnit(P* const p)
{
  MgdStatus       st = read_Prologue(p);
  MgdSparqlQuery* q  = p->q;
  if (st) {
    return st;
  }
  if (at_kw(p, "SELECT")) {
    q->form = MGD_SPARQL_SELECT;
    st      = read_SelectQuery(p, true, &q->root, &q->proj, &q->n_proj);
  } else if (kw(p, "CONSTRUCT")) {
    q->form = MGD_SPARQL_CONSTRUCT;
    ws(p);
    if (peek(p) == '{') {
      ++p->pos;
      st = read_TriplesTemplate(p, '}');
      st = st ? st : read_QueryTail(p, false, false);
    } else {
      st = read_QueryTail(p, false, true);
    }
  } else if (kw(p, "ASK")) {
    q->form = MGD_SPARQL_ASK;
    st      = read_QueryTail(p, false, false);
  } else if (kw(p, "DESCRIBE")) {
    q->form     = MGD_SPARQL_DESCRIBE;
    uint32_t cap = 0U;
    if (!eat(p, '*')) {
      for (;;) {
        ws(p);
        if (!at_var(p) && !at_iri(p)) {
          break;
        }
        SpPos pos;
        if ((st = read_VarOrIri(p, &pos))) {
          return st;
        }
        if (PUSH(p, q->describe, q->n_describe, cap, pos)) {
          return oom(p);
        }
      }
      if (!q->n_describe) {
        return expected(p, "variable, IRI or '*'");
      }
    } else {
      q->n_describe = UINT32_MAX; // '*': filled in below
    }
    st = read_QueryTail(p, true, false);
    if (!st && q->n_describe == UINT32_MAX) {
      q->n_describe = 0U;
      uint8_t* const mask = scope_mask(p, q->root);
      if (!mask) {
        return p->st;
      }
      for (uint32_t v = 0U; v < q->n_vars; ++v) {
        if (mask[v] && sp_var_is_visible(q->var_names[v]) &&
            PUSH(p, q->describe, q->n_describe, cap, pos_var(v))) {
          return oom(p);
        }
      }
    }
  } else {
    return expected(p, "SELECT, CONSTRUCT, ASK or DESCRIBE");
  }
  if (st) {
    return st;
  }
  ws(p);
  if (p->pos < p->n) {
    return expected(p, "end of query");
  }
  q->base = p->base;
  // The evaluator recurses along the algebra tree: bound its depth (long
  // chains of OPTIONAL or UNION are as deep as nested groups).
  if (sp_node_depth(q->root, p->max_depth + 1U) > p->max_depth) {
    return err_at(p, p->pos, MGD_BAD_LIMIT, "%s",
                  "query algebra too deep (limit max_algebra_depth)");
  }
  if (!p->no_optimise) {
    sp_optimise(q);
  }
  return MGD_SUCCESS;
}

// ----------------------------------------------------------- update

/// Append p->items[first..] as quads in graph `g` (NULL: default graph).
static MgdStatus
items_to_quads(P* const p, const uint32_t first, const SpPos* const g,
               SpQuad** const out, uint32_t* const n, uint32_t* const cap)
{
  for (uint32_t i = first; i < p->n_items; ++i) {
    SpQuad q;
    memset(&q, 0, sizeof(q));
    q.s = p->items[i].s;
    q.p = p->items[i].p;
    q.o = p->items[i].o;
    if (g) {
      q.g     = *g;
      q.has_g = true;
    }
    if (PUSH(p, *out, *n, *cap, q)) {
      return oom(p);
    }
  }
  return MGD_SUCCESS;
}

/// TriplesTemplate (in template mode): triples separated by '.'.
static MgdStatus
read_TriplesChunk(P* const p)
{
  MgdStatus st = MGD_SUCCESS;
  while (!st && at_triples(p)) {
    st = read_TriplesSameSubject(p);
    if (!st && !eat(p, '.')) {
      break;
    }
  }
  return st;
}

/// QuadPattern / QuadData: '{' Quads '}'. With `pattern` also builds the
/// algebra of the quads as a pattern (DELETE WHERE).
static MgdStatus
read_QuadPattern(P* const p, SpQuad** const out, uint32_t* const n,
                 SpNode** const pattern)
{
  MgdStatus st  = expect(p, '{');
  uint32_t  cap = 0U;
  SpNode*   pat = node_new(p, SP_N_BGP, NULL, NULL);
  *out          = NULL;
  *n            = 0U;
  p->in_tmpl    = true;
  while (!st && pat) {
    ws(p);
    if (eat(p, '}')) {
      break;
    }
    const uint32_t first = p->n_items;
    if (kw(p, "GRAPH")) {
      SpPos g;
      if ((st = read_VarOrIri(p, &g)) || (st = expect(p, '{')) ||
          (st = read_TriplesChunk(p)) || (st = expect(p, '}')) ||
          (st = items_to_quads(p, first, &g, out, n, &cap))) {
        break;
      }
      SpNode* const gn = node_new(p, SP_N_GRAPH, items_to_node(p, first), NULL);
      if (!gn || !gn->a) {
        st = p->st;
        break;
      }
      gn->graph = g;
      pat       = join(p, pat, gn);
      eat(p, '.');
    } else if (at_triples(p)) {
      if ((st = read_TriplesChunk(p)) ||
          (st = items_to_quads(p, first, NULL, out, n, &cap))) {
        break;
      }
      pat = join(p, pat, items_to_node(p, first));
      ws(p);
      if (peek(p) != '}' && !at_kw(p, "GRAPH")) {
        st = expected(p, "'}'");
      }
    } else {
      st = expected(p, "'}'");
    }
  }
  p->in_tmpl = false;
  if (!st && !pat) {
    st = p->st;
  }
  if (!st && pattern) {
    *pattern = pat;
  }
  return st;
}

/// Refuse variables (DATA) or blank nodes (DELETE) in quads.
static MgdStatus
check_quads(P* const p, const SpQuad* const q, const uint32_t n,
            const bool no_vars, const bool no_blanks, const size_t at)
{
  for (uint32_t i = 0U; i < n; ++i) {
    const SpPos* pos[4] = {&q[i].s, &q[i].p, &q[i].o, &q[i].g};
    for (int k = 0; k < 4; ++k) {
      if (k == 3 && !q[i].has_g) {
        continue;
      }
      if (no_vars && pos[k]->is_var) {
        return bad_at(p, at, "variables are not allowed in INSERT DATA or "
                             "DELETE DATA");
      }
      if (no_blanks && !pos[k]->is_var &&
          pos[k]->term.kind == MGD_TERM_BLANK) {
        return bad_at(p, at, "blank nodes are not allowed in DELETE");
      }
    }
  }
  return MGD_SUCCESS;
}

/// GraphRef: GRAPH iri. GraphRefAll: GraphRef | DEFAULT | NAMED | ALL.
/// GraphOrDefault: DEFAULT | GRAPH? iri.
static MgdStatus
read_GraphTarget(P* const p, const bool allow_all, const bool graph_kw_optional,
                 SpGraphTarget* const target, MgdTerm* const graph)
{
  *graph = mgd_term_none();
  if (kw(p, "DEFAULT")) {
    *target = SP_GT_DEFAULT;
    return MGD_SUCCESS;
  }
  if (allow_all && kw(p, "NAMED")) {
    *target = SP_GT_NAMED;
    return MGD_SUCCESS;
  }
  if (allow_all && kw(p, "ALL")) {
    *target = SP_GT_ALL;
    return MGD_SUCCESS;
  }
  if (!kw(p, "GRAPH") && !graph_kw_optional) {
    return expected(p, allow_all ? "GRAPH, DEFAULT, NAMED or ALL" : "GRAPH");
  }
  MgdStr          iri = {NULL, 0U};
  const MgdStatus st  = read_iri(p, &iri);
  *target             = SP_GT_GRAPH;
  *graph              = mgd_term_iri(iri);
  return st;
}

/// Update1: one operation.
static MgdStatus
read_Update1(P* const p, SpUpdateOp* const op)
{
  MgdStatus    st = MGD_SUCCESS;
  const size_t at = (ws(p), p->pos);
  memset(op, 0, sizeof(*op));
  op->with = mgd_term_none();
  if (kw(p, "LOAD")) {
    op->kind   = SP_UP_LOAD;
    op->silent = kw(p, "SILENT");
    MgdStr iri = {NULL, 0U};
    if ((st = read_iri(p, &iri))) {
      return st;
    }
    op->iri    = mgd_term_iri(iri);
    op->target = SP_GT_DEFAULT;
    op->graph  = mgd_term_none();
    if (kw(p, "INTO")) {
      return read_GraphTarget(p, false, false, &op->target, &op->graph);
    }
    return MGD_SUCCESS;
  }
  const struct {
    const char*  word;
    SpUpdateKind kind;
  } simple[] = {{"CLEAR", SP_UP_CLEAR}, {"DROP", SP_UP_DROP},
                {"CREATE", SP_UP_CREATE}, {"ADD", SP_UP_ADD},
                {"MOVE", SP_UP_MOVE},     {"COPY", SP_UP_COPY}};
  for (size_t i = 0U; i < sizeof(simple) / sizeof(simple[0]); ++i) {
    if (!kw(p, simple[i].word)) {
      continue;
    }
    op->kind   = simple[i].kind;
    op->silent = kw(p, "SILENT");
    if (op->kind == SP_UP_CLEAR || op->kind == SP_UP_DROP) {
      return read_GraphTarget(p, true, false, &op->target, &op->graph);
    }
    if (op->kind == SP_UP_CREATE) {
      if (!kw(p, "GRAPH")) {
        return expected(p, "GRAPH");
      }
      MgdStr iri = {NULL, 0U};
      st         = read_iri(p, &iri);
      op->target = SP_GT_GRAPH;
      op->graph  = mgd_term_iri(iri);
      return st;
    }
    if ((st = read_GraphTarget(p, false, true, &op->target, &op->graph)) ||
        (st = expect_kw(p, "TO"))) {
      return st;
    }
    return read_GraphTarget(p, false, true, &op->to_target, &op->to);
  }
  if (kw(p, "INSERT")) {
    if (kw(p, "DATA")) {
      // Blank node labels of INSERT DATA are scoped to the request: the
      // same label in two operations is an error (unlike in templates).
      op->kind        = SP_UP_INSERT_DATA;
      p->track_labels = true;
      p->no_vars      = true;
      st              = read_QuadPattern(p, &op->ins, &op->n_ins, NULL);
      p->track_labels = false;
      p->no_vars      = false;
      return st ? st : check_quads(p, op->ins, op->n_ins, true, false, at);
    }
    op->kind = SP_UP_MODIFY;
    if ((st = read_QuadPattern(p, &op->ins, &op->n_ins, NULL))) {
      return st;
    }
  } else if (kw(p, "DELETE")) {
    if (kw(p, "DATA")) {
      op->kind     = SP_UP_DELETE_DATA;
      p->no_vars   = true;
      p->no_blanks = true;
      st           = read_QuadPattern(p, &op->del, &op->n_del, NULL);
      p->no_vars   = false;
      p->no_blanks = false;
      return st ? st : check_quads(p, op->del, op->n_del, true, true, at);
    }
    if (kw(p, "WHERE")) {
      op->kind     = SP_UP_DELETE_WHERE;
      p->no_blanks = true;
      st           = read_QuadPattern(p, &op->del, &op->n_del, &op->where);
      p->no_blanks = false;
      return st ? st : check_quads(p, op->del, op->n_del, false, true, at);
    }
    op->kind     = SP_UP_MODIFY;
    p->no_blanks = true;
    st           = read_QuadPattern(p, &op->del, &op->n_del, NULL);
    p->no_blanks = false;
    if (st || (st = check_quads(p, op->del, op->n_del, false, true, at))) {
      return st;
    }
    if (kw(p, "INSERT") &&
        (st = read_QuadPattern(p, &op->ins, &op->n_ins, NULL))) {
      return st;
    }
  } else if (kw(p, "WITH")) {
    MgdStr iri = {NULL, 0U};
    if ((st = read_iri(p, &iri))) {
      return st;
    }
    op->kind = SP_UP_MODIFY;
    op->with = mgd_term_iri(iri);
    if (kw(p, "DELETE")) {
      p->no_blanks = true;
      st           = read_QuadPattern(p, &op->del, &op->n_del, NULL);
      p->no_blanks = false;
      if (st || (st = check_quads(p, op->del, op->n_del, false, true, at))) {
        return st;
      }
      if (kw(p, "INSERT") &&
          (st = read_QuadPattern(p, &op->ins, &op->n_ins, NULL))) {
        return st;
      }
    } else if (kw(p, "INSERT")) {
      if ((st = read_QuadPattern(p, &op->ins, &op->n_ins, NULL))) {
        return st;
      }
    } else {
      return expected(p, "DELETE or INSERT");
    }
  } else {
    return expected(p, "an update operation");
  }
  // Modify: UsingClause* WHERE GroupGraphPattern
  uint32_t cap_u = 0U;
  uint32_t cap_n = 0U;
  while (kw(p, "USING")) {
    const bool named = kw(p, "NAMED");
    MgdStr     iri   = {NULL, 0U};
    if ((st = read_iri(p, &iri))) {
      return st;
    }
    if (named ? PUSH(p, op->using_named, op->n_using_named, cap_n,
                     mgd_term_iri(iri))
              : PUSH(p, op->using_, op->n_using, cap_u, mgd_term_iri(iri))) {
      return oom(p);
    }
  }
  if ((st = expect_kw(p, "WHERE"))) {
    return st;
  }
  return read_GroupGraphPattern(p, &op->where);
}

/// Update: Prologue (Update1 (';' Update)?)?
static MgdStatus
read_UpdateUnit(P* const p, MgdSparqlUpdate* const u)
{
  uint32_t  cap = 0U;
  MgdStatus st  = MGD_SUCCESS;
  for (;;) {
    if ((st = read_Prologue(p))) {
      return st;
    }
    ws(p);
    if (p->pos >= p->n) {
      break;
    }
    SpUpdateOp op;
    p->op_index = u->n_ops;
    if ((st = read_Update1(p, &op))) {
      return st;
    }
    if (op.where &&
        sp_node_depth(op.where, p->max_depth + 1U) > p->max_depth) {
      return err_at(p, p->pos, MGD_BAD_LIMIT, "%s",
                    "update algebra too deep (limit max_algebra_depth)");
    }
    if (PUSH(p, u->ops, u->n_ops, cap, op)) {
      return oom(p);
    }
    if (!eat(p, ';')) {
      break;
    }
  }
  ws(p);
  if (p->pos < p->n) {
    return expected(p, "';' or end of update");
  }
  u->q.base = p->base;
  if (!p->no_optimise) {
    for (uint32_t i = 0U; i < u->n_ops; ++i) {
      if (u->ops[i].where) {
        u->q.root       = u->ops[i].where;
        sp_optimise(&u->q);
        u->ops[i].where = u->q.root;
      }
    }
    u->q.root = NULL;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_sparql_update_parse(const MgdStr text,
                        const MgdSparqlParseOptions* const options,
                        MgdSparqlUpdate** const update)
{
  MgdSparqlParseOptions defaults;
  memset(&defaults, 0, sizeof(defaults));
  const MgdSparqlParseOptions* const o   = options ? options : &defaults;
  const MgdLimits                    lim = o->limits ? *o->limits
                                                     : mgd_limits_default();
  *update = NULL;
  if (text.len > lim.max_query_bytes) {
    return mgd_diag(o->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, o->source_name,
                    0U, 0U, NULL, "update longer than %zu bytes (limit "
                    "max_query_bytes)", lim.max_query_bytes);
  }
  if (mgd_utf8_check(text.ptr ? text.ptr : "", text.len) != text.len) {
    return mgd_diag(o->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, o->source_name,
                    0U, 0U, NULL, "syntax error: update is not valid UTF-8");
  }
  MgdSparqlUpdate* const u = (MgdSparqlUpdate*)mgd_calloc(1U, sizeof(*u));
  if (!u) {
    return MGD_BAD_ALLOC;
  }
  mgd_arena_init(&u->q.arena, 0U);
  u->q.form = MGD_SPARQL_SELECT;
  P p;
  memset(&p, 0, sizeof(p));
  p.s            = text.ptr ? text.ptr : "";
  p.n            = text.len;
  p.diag         = o->diag;
  p.src_name     = o->source_name;
  p.no_optimise  = o->no_optimise;
  p.max_depth    = lim.max_algebra_depth ? lim.max_algebra_depth
                                         : MGD_LIMIT_ALGEBRA_DEPTH;
  p.q = &u->q;
  p.A = &u->q.arena;
  mgd_hashmap_init(&p.vars);
  mgd_hashmap_init(&p.bnodes);
  mgd_hashmap_init(&p.op_labels);
  if (o->base) {
    p.base = copy_str(&p, o->base, strlen(o->base));
  }
  MgdStatus st = p.failed ? p.st : read_UpdateUnit(&p, u);
  if (!st && p.failed) {
    st = p.st;
  }
  mgd_hashmap_clear(&p.vars);
  mgd_hashmap_clear(&p.bnodes);
  mgd_hashmap_clear(&p.op_labels);
  if (st) {
    mgd_sparql_update_free(u);
    return st;
  }
  *update = u;
  return MGD_SUCCESS;
}

MgdStatus
mgd_sparql_parse(const MgdStr text, const MgdSparqlParseOptions* const options,
                 MgdSparqlQuery** const query)
{
  MgdSparqlParseOptions defaults;
  memset(&defaults, 0, sizeof(defaults));
  const MgdSparqlParseOptions* const o      = options ? options : &defaults;
  const MgdLimits                    lim    = o->limits ? *o->limits
                                                        : mgd_limits_default();
  *query = NULL;
  P p;
  memset(&p, 0, sizeof(p));
  p.s         = text.ptr ? text.ptr : "";
  p.n         = text.len;
  p.diag      = o->diag;
  p.src_name  = o->source_name;
  p.no_optimise = o->no_optimise;
  p.max_depth = lim.max_algebra_depth ? lim.max_algebra_depth
                                      : MGD_LIMIT_ALGEBRA_DEPTH;
  if (text.len > lim.max_query_bytes) {
    return mgd_diag(o->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, o->source_name,
                    0U, 0U, NULL, "query longer than %zu bytes (limit "
                    "max_query_bytes)", lim.max_query_bytes);
  }
  if (mgd_utf8_check(p.s, p.n) != p.n) {
    return mgd_diag(o->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, o->source_name,
                    0U, 0U, NULL, "syntax error: query is not valid UTF-8");
  }
  MgdSparqlQuery* const q = (MgdSparqlQuery*)mgd_calloc(1U, sizeof(*q));
  if (!q) {
    return MGD_BAD_ALLOC;
  }
  mgd_arena_init(&q->arena, 0U);
  p.q = q;
  p.A = &q->arena;
  mgd_hashmap_init(&p.vars);
  mgd_hashmap_init(&p.bnodes);
  if (o->base) {
    p.base = copy_str(&p, o->base, strlen(o->base));
  }
  MgdStatus st = p.failed ? p.st : read_QueryUnit(&p);
  if (!st && p.failed) {
    st = p.st;
  }
  mgd_hashmap_clear(&p.vars);
  mgd_hashmap_clear(&p.bnodes);
  if (st) {
    mgd_sparql_query_free(q);
    return st;
  }
  *query = q;
  return MGD_SUCCESS;
}
