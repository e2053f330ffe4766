// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Recursive-descent reader for N-Triples, N-Quads, Turtle and TriG.
///
/// Streaming works by restarting statements. Bytes are parsed in a window
/// (the caller's chunk when nothing is pending, else a carry-over buffer
/// holding the unfinished statement followed by the new chunk). When the
/// parser looks past the end of the window before the document is finished,
/// it marks itself `starved`; from then on any error, any quad and the end
/// of the statement mean "need more input" instead (MGD_FAILURE internally).
/// The statement is then rewound to its first byte and parsed again once
/// more bytes are there. Quads a failed attempt already delivered are
/// counted and skipped on the next attempt (the parse is deterministic, and
/// the blank node counter is rewound too), so the sink sees every quad once.
/// A retry waits until the pending bytes have doubled, which keeps the cost
/// linear even when the document arrives one byte at a time.
///
/// Parser functions are named after the productions of the W3C grammars
/// (RDF 1.1 N-Triples §7, N-Quads §5, Turtle §6.5, TriG §5.2).

#include "ttl_read.h"

#include "base/alloc.h"
#include "base/hash.h"
#include "base/utf8.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/// Offset marking a fresh blank node: Span.len then holds its number.
#define FRESH_OFF SIZE_MAX
/// Default base when the caller gives none (as the raptor2 reader did).
#define DEFAULT_BASE "urn:mugdat:base"

/// A string: `len` bytes at `ptr`, or at `off` in the stack when ptr is NULL.
typedef struct {
  const char* ptr; ///< Absolute pointer (window or static), or NULL
  size_t      off; ///< Offset into the stack (ptr == NULL), or FRESH_OFF
  size_t      len; ///< Length in bytes (fresh blank node: its number)
} Span;

/// A parsed term whose strings live in the window, the stack or statics.
typedef struct {
  MgdTermKind kind;     ///< What the term is
  Span        value;    ///< IRI, blank label or lexical form
  Span        datatype; ///< Literal datatype (may be empty)
  Span        lang;     ///< Literal language tag (may be empty)
} Node;

/// A prefix declaration.
typedef struct {
  MgdBuf iri; ///< Namespace IRI (absolute)
} Prefix;

struct MgdTtlReaderImpl {
  MgdReadOptions opts;       ///< Copy of the caller's options
  MgdLimits      limits;     ///< Effective limits
  const MgdSink* sink;       ///< Receives quads
  bool           is_nt;      ///< N-Triples or N-Quads (line-based, strict)
  bool           has_graphs; ///< N-Quads or TriG
  bool           is_trig;    ///< TriG
  // Parse window
  const char* buf;        ///< Window bytes
  size_t      pos;        ///< Next byte in the window
  size_t      end;        ///< Window length
  size_t      win_off;    ///< Document offset of buf[0]
  bool        is_final;   ///< No bytes follow the window
  bool        starved;    ///< Looked past the end of a non-final window
  bool        bom_done;   ///< Past the place where a byte order mark may be
  unsigned    line;       ///< Current line (1-based)
  size_t      line_start; ///< Document offset of the current line's start
  // Carry-over of an unfinished statement
  MgdBuf in;       ///< Pending bytes
  size_t in_off;   ///< Document offset of in.data[0]
  size_t retry_at; ///< Parse again once `in` holds this many bytes
  // Per-statement scratch
  char*  stk;     ///< Decoded strings of the current statement
  size_t stk_len; ///< Bytes used
  size_t stk_cap; ///< Bytes allocated
  size_t depth;   ///< Open '[' and '(' in the current statement
  MgdBuf scratch; ///< IRI resolution work space
  // State across statements
  MgdBuf     base;       ///< Base IRI (Turtle/TriG)
  MgdHashMap prefix_ids; ///< Prefix name -> index + 1 into prefixes
  Prefix*    prefixes;   ///< Declared prefixes
  size_t     n_prefixes; ///< Used entries
  size_t     prefix_cap; ///< Allocated entries
  bool       in_graph;   ///< Inside a TriG `{ }` block
  Node       graph;      ///< Its graph name (MGD_TERM_NONE: default graph)
  MgdBuf     graph_buf;  ///< Bytes of `graph`
  size_t     n_blank;    ///< Fresh blank nodes made
  // Checkpoint inside a long top-level statement (after an object)
  bool      has_ck;      ///< A checkpoint of the current statement exists
  bool      ck_taken;    ///< This attempt took one (it is in ck_new)
  size_t    ck_doc_pos;  ///< Document offset to resume at
  unsigned  ck_line;     ///< Line there
  size_t    ck_line_start; ///< Line start there
  size_t    ck_n_blank;  ///< Fresh blank nodes made before it
  Node      ck_s;        ///< Subject (value at ck_start.data + value.off)
  Node      ck_p;        ///< Predicate (likewise)
  MgdBuf    ck_start;    ///< Bytes of the checkpoint this attempt resumed from
  MgdBuf    ck_new;      ///< Bytes of the latest checkpoint of this attempt
  // Delivery
  size_t    n_quads;      ///< Quads delivered
  size_t    stmt_done;    ///< Quads of the current statement delivered
  size_t    n_in_attempt; ///< Quads produced by this attempt
  MgdStatus status;       ///< First error
};

typedef struct MgdTtlReaderImpl R;

static const Node k_rdf_type = {
  MGD_TERM_IRI, {MGD_RDF_TYPE, 0U, sizeof(MGD_RDF_TYPE) - 1U}, {0}, {0}};
static const Node k_rdf_first = {
  MGD_TERM_IRI, {MGD_NS_RDF "first", 0U, sizeof(MGD_NS_RDF "first") - 1U},
  {0}, {0}};
static const Node k_rdf_rest = {
  MGD_TERM_IRI, {MGD_NS_RDF "rest", 0U, sizeof(MGD_NS_RDF "rest") - 1U},
  {0}, {0}};
static const Node k_rdf_nil = {
  MGD_TERM_IRI, {MGD_NS_RDF "nil", 0U, sizeof(MGD_NS_RDF "nil") - 1U},
  {0}, {0}};

#define STATIC_SPAN(s) ((Span){(s), 0U, sizeof(s) - 1U})

/// Return `expr` if it is not MGD_SUCCESS (errors and "need more" alike).
#define TRY(expr)                 \
  do {                            \
    const MgdStatus st_ = (expr); \
    if (st_) {                    \
      return st_;                 \
    }                             \
  } while (0)

// ---------------------------------------------------------------------------
// Character classes

enum {
  C_IRI_STOP = 1,  ///< Ends the fast scan of an IRIREF
  C_STR2_STOP = 2, ///< Ends the fast scan of a "string"
  C_STR1_STOP = 4, ///< Ends the fast scan of a 'string'
  C_LONG_STOP = 8, ///< Ends the fast scan of a long string (quote, \, LF)
};

static unsigned char  k_class[256];
static pthread_once_t k_class_once = PTHREAD_ONCE_INIT;

static void
class_init(void)
{
  for (unsigned c = 0U; c <= 0x20U; ++c) {
    k_class[c] |= C_IRI_STOP;
  }
  for (const char* p = "<>\"{}|^`\\"; *p; ++p) {
    k_class[(unsigned char)*p] |= C_IRI_STOP;
  }
  for (const char* p = "\"\\\n\r"; *p; ++p) {
    k_class[(unsigned char)*p] |= C_STR2_STOP;
  }
  for (const char* p = "'\\\n\r"; *p; ++p) {
    k_class[(unsigned char)*p] |= C_STR1_STOP;
  }
  for (const char* p = "\"'\\\n"; *p; ++p) {
    k_class[(unsigned char)*p] |= C_LONG_STOP;
  }
}

static bool
is_alpha(const int c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(const int c)
{
  return c >= '0' && c <= '9';
}

static int
hex_value(const int c)
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

// PN_CHARS_BASE (Turtle §6.5 [163s])
static bool
is_PN_CHARS_BASE(const int32_t c)
{
  return is_alpha(c) || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

// PN_CHARS_U ::= PN_CHARS_BASE | '_'
static bool
is_PN_CHARS_U(const int32_t c)
{
  return c == '_' || is_PN_CHARS_BASE(c);
}

// PN_CHARS ::= PN_CHARS_U | '-' | [0-9] | #xB7 | [#x300-#x36F] | [#x203F-#x2040]
static bool
is_PN_CHARS(const int32_t c)
{
  return is_PN_CHARS_U(c) || c == '-' || is_digit(c) || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

// ---------------------------------------------------------------------------
// Window access

static int
peek_end(R* const r)
{
  if (!r->is_final) {
    r->starved = true;
  }
  return -1;
}

/// The byte at pos + k, or -1 past the end (which starves a non-final read).
static inline int
peek_at(R* const r, const size_t k)
{
  return r->pos + k < r->end ? (unsigned char)r->buf[r->pos + k] : peek_end(r);
}

static inline int
peek(R* const r)
{
  return r->pos < r->end ? (unsigned char)r->buf[r->pos] : peek_end(r);
}

/// Decode the code point at pos + k into `*len` bytes: the code point, -1 at
/// the end, -2 for invalid UTF-8.
static int32_t
peek_cp(R* const r, const size_t k, size_t* const len)
{
  const size_t at = r->pos + k;
  *len            = 1U;
  if (at >= r->end) {
    return peek_end(r);
  }
  const unsigned char c = (unsigned char)r->buf[at];
  if (c < 0x80U) {
    return c;
  }
  const size_t need = c >= 0xF0U ? 4U : c >= 0xE0U ? 3U : 2U;
  if (at + need > r->end) {
    peek_end(r);
    if (!r->is_final) {
      return -1;
    }
  }
  uint32_t     cp = 0U;
  const size_t n  = mgd_utf8_decode(r->buf + at, r->end - at, &cp);
  if (!n) {
    return -2;
  }
  *len = n;
  return (int32_t)cp;
}

/// Call after consuming a '\n'.
static inline void
newline(R* const r)
{
  ++r->line;
  r->line_start = r->win_off + r->pos;
}

static unsigned
column(const R* const r)
{
  return (unsigned)(r->win_off + r->pos - r->line_start + 1U);
}

// ---------------------------------------------------------------------------
// Errors

static MgdStatus
fail_at(R* const         r,
        const MgdStatus  st,
        const unsigned   line,
        const unsigned   col,
        const char* const fmt,
        ...) __attribute__((format(printf, 5, 6)));

static MgdStatus
fail_at(R* const          r,
        const MgdStatus   st,
        const unsigned    line,
        const unsigned    col,
        const char* const fmt,
        ...)
{
  // An error after looking past the end of a non-final window may only be
  // the end of this chunk: wait for more input.
  if (r->starved && st != MGD_BAD_ALLOC) {
    return MGD_FAILURE;
  }
  if (!r->status) {
    char    text[400];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof(text), fmt, args);
    va_end(args);
    r->status = st;
    mgd_diag(r->opts.diag, st, MGD_LEVEL_ERROR,
             r->opts.source_name ? r->opts.source_name : "<input>", line, col,
             NULL, "%s", text);
  }
  return r->status;
}

/// A syntax error at the current position.
static MgdStatus
fail_syntax(R* const r, const char* const what)
{
  const int c = r->pos < r->end ? (unsigned char)r->buf[r->pos] : -1;
  if (c < 0) {
    return fail_at(r, MGD_BAD_SYNTAX, r->line, column(r),
                   "syntax error: %s, found end of input", what);
  }
  if (c > 0x20 && c < 0x7F) {
    return fail_at(r, MGD_BAD_SYNTAX, r->line, column(r),
                   "syntax error: %s, found '%c'", what, c);
  }
  return fail_at(r, MGD_BAD_SYNTAX, r->line, column(r),
                 "syntax error: %s, found byte 0x%02X", what, (unsigned)c);
}

static MgdStatus
fail_alloc(R* const r)
{
  return fail_at(r, MGD_BAD_ALLOC, r->line, column(r), "out of memory");
}

// ---------------------------------------------------------------------------
// Statement stack: decoded strings of the current statement

static MgdStatus
stk_reserve(R* const r, const size_t n)
{
  if (r->stk_len + n <= r->stk_cap) {
    return MGD_SUCCESS;
  }
  const size_t limit = r->limits.max_term_bytes * 16U + 65536U;
  if (r->stk_len + n > limit) {
    return fail_at(r, MGD_BAD_LIMIT, r->line, column(r),
                   "statement needs more than %zu bytes of terms "
                   "(16 x max_term_bytes)",
                   limit);
  }
  size_t cap = r->stk_cap ? r->stk_cap : 4096U;
  while (cap < r->stk_len + n) {
    cap *= 2U;
  }
  char* const stk = (char*)mgd_realloc(r->stk, cap);
  if (!stk) {
    return fail_alloc(r);
  }
  r->stk     = stk;
  r->stk_cap = cap;
  return MGD_SUCCESS;
}

static MgdStatus
stk_push(R* const r, const char* const bytes, const size_t n)
{
  TRY(stk_reserve(r, n));
  if (n) {
    memcpy(r->stk + r->stk_len, bytes, n);
  }
  r->stk_len += n;
  return MGD_SUCCESS;
}

static MgdStatus
stk_push_cp(R* const r, const uint32_t cp)
{
  char         utf8[4];
  const size_t n = mgd_utf8_encode(cp, utf8);
  if (!n) {
    return fail_at(r, MGD_BAD_SYNTAX, r->line, column(r),
                   "syntax error: escape for U+%04X, which is not a Unicode "
                   "scalar value",
                   (unsigned)cp);
  }
  return stk_push(r, utf8, n);
}

static MgdStr
fresh_label(const size_t id, char* const tmp)
{
  // Fresh blank node label "_bN".
  char   digits[24];
  size_t n = 0U;
  size_t v = id;
  do {
    digits[n++] = (char)('0' + v % 10U);
    v /= 10U;
  } while (v);
  tmp[0] = '_';
  tmp[1] = 'b';
  for (size_t i = 0U; i < n; ++i) {
    tmp[2U + i] = digits[n - 1U - i];
  }
  return mgd_str_n(tmp, n + 2U);
}

static inline MgdStr
span_str(const R* const r, const Span s, char* const tmp)
{
  MgdStr v;
  if (s.ptr) {
    v.ptr = s.ptr;
    v.len = s.len;
    return v;
  }
  if (s.off == FRESH_OFF) {
    return fresh_label(s.len, tmp);
  }
  v.ptr = r->stk + s.off;
  v.len = s.len;
  return v;
}

static inline MgdTerm
node_term(const R* const r, const Node* const n, char* const tmp)
{
  MgdTerm t;
  t.kind     = n->kind;
  t.value    = span_str(r, n->value, tmp);
  t.datatype = span_str(r, n->datatype, NULL);
  t.lang     = span_str(r, n->lang, NULL);
  return t;
}

static Node
fresh_blank(R* const r)
{
  const Node n = {MGD_TERM_BLANK, {NULL, FRESH_OFF, ++r->n_blank}, {0}, {0}};
  return n;
}

/// Check a node as mgd_term_check() does, reporting at (line, col).
static MgdStatus
check_node(R* const r, const Node* const n, const unsigned line,
           const unsigned col)
{
  char          tmp[32];
  char          why[320];
  const MgdTerm t  = node_term(r, n, tmp);
  MgdStatus     st = mgd_term_check(&t, &r->limits, why, sizeof(why));
  if (st) {
    if (st == MGD_BAD_LIMIT) {
      return fail_at(r, st, line, col, "%s (max_term_bytes)", why);
    }
    return fail_at(r, st, line, col, "%s", why);
  }
  return MGD_SUCCESS;
}

static MgdStatus
check_size(R* const r, const size_t n, const unsigned line, const unsigned col)
{
  if (n > r->limits.max_term_bytes) {
    return fail_at(r, MGD_BAD_LIMIT, line, col,
                   "term longer than the limit of %zu bytes (max_term_bytes)",
                   r->limits.max_term_bytes);
  }
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// Delivery

static MgdStatus
emit(R* const r, const Node* const s, const Node* const p, const Node* const o)
{
  if (r->starved) {
    return MGD_FAILURE;
  }
  if (r->n_in_attempt++ < r->stmt_done) {
    return MGD_SUCCESS; // delivered by an earlier attempt
  }
  char    ts[32], to[32], tg[32];
  MgdQuad q;
  q.s = node_term(r, s, ts);
  q.p = node_term(r, p, NULL);
  q.o = node_term(r, o, to);
  q.g = r->graph.kind != MGD_TERM_NONE ? node_term(r, &r->graph, tg)
                                       : mgd_term_none();
  const MgdStatus st = mgd_sink_quad(r->sink, &q);
  if (st > MGD_FAILURE) {
    r->starved = false;
    return fail_at(r, st, r->line, column(r), "cannot store quad: %s",
                   mgd_strerror(st));
  }
  ++r->n_quads;
  r->stmt_done = r->n_in_attempt;
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// IRI resolution (RFC 3986 §5.2)

typedef struct {
  const char* ptr; ///< Start
  size_t      len; ///< Length
  bool        has; ///< Component present (may be empty)
} Part;

typedef struct {
  Part scheme, auth, path, query, frag;
} IriParts;

static void
iri_split(const char* const s, const size_t n, IriParts* const p)
{
  memset(p, 0, sizeof(*p));
  size_t i = 0U;
  if (n && is_alpha((unsigned char)s[0])) {
    size_t j = 1U;
    while (j < n && (is_alpha((unsigned char)s[j]) ||
                     is_digit((unsigned char)s[j]) || s[j] == '+' ||
                     s[j] == '-' || s[j] == '.')) {
      ++j;
    }
    if (j < n && s[j] == ':') {
      p->scheme = (Part){s, j, true};
      i         = j + 1U;
    }
  }
  if (i + 1U < n && s[i] == '/' && s[i + 1U] == '/') {
    size_t j = i + 2U;
    while (j < n && s[j] != '/' && s[j] != '?' && s[j] != '#') {
      ++j;
    }
    p->auth = (Part){s + i + 2U, j - i - 2U, true};
    i       = j;
  }
  size_t j = i;
  while (j < n && s[j] != '?' && s[j] != '#') {
    ++j;
  }
  p->path = (Part){s + i, j - i, true};
  i       = j;
  if (i < n && s[i] == '?') {
    j = i + 1U;
    while (j < n && s[j] != '#') {
      ++j;
    }
    p->query = (Part){s + i + 1U, j - i - 1U, true};
    i        = j;
  }
  if (i < n && s[i] == '#') {
    p->frag = (Part){s + i + 1U, n - i - 1U, true};
  }
}

static size_t
dot_pop(const char* const out, size_t o)
{
  while (o > 0U && out[o - 1U] != '/') {
    --o;
  }
  return o > 0U ? o - 1U : 0U;
}

// remove_dot_segments (RFC 3986 §5.2.4). `in` is overwritten; `out` needs
// room for n bytes.
static size_t
remove_dot_segments(char* const in, const size_t n, char* const out)
{
  size_t i = 0U, o = 0U;
  while (i < n) {
    const char* const s   = in + i;
    const size_t      rem = n - i;
    if (rem >= 3U && !memcmp(s, "../", 3U)) {
      i += 3U;
    } else if (rem >= 2U && !memcmp(s, "./", 2U)) {
      i += 2U;
    } else if (rem >= 3U && !memcmp(s, "/./", 3U)) {
      i += 2U;
    } else if (rem == 2U && !memcmp(s, "/.", 2U)) {
      i += 1U;
      in[i] = '/';
    } else if (rem >= 4U && !memcmp(s, "/../", 4U)) {
      i += 3U;
      o = dot_pop(out, o);
    } else if (rem == 3U && !memcmp(s, "/..", 3U)) {
      i += 2U;
      in[i] = '/';
      o     = dot_pop(out, o);
    } else if ((rem == 1U && s[0] == '.') ||
               (rem == 2U && s[0] == '.' && s[1] == '.')) {
      i = n;
    } else {
      size_t j = i + (in[i] == '/' ? 1U : 0U);
      while (j < n && in[j] != '/') {
        ++j;
      }
      memcpy(out + o, in + i, j - i);
      o += j - i;
      i = j;
    }
  }
  return o;
}

static bool
path_has_dots(const Part path)
{
  for (size_t i = 0U; i < path.len; ++i) {
    if (path.ptr[i] == '.' &&
        (i == 0U || path.ptr[i - 1U] == '/')) {
      return true;
    }
  }
  return false;
}

static MgdStatus
push_part(R* const r, const char* const lead, const Part p)
{
  TRY(stk_push(r, lead, strlen(lead)));
  return stk_push(r, p.ptr, p.len);
}

/// Push the dot-free form of `path` (through the scratch buffer).
static MgdStatus
push_path(R* const r, const char* const a, const size_t na,
          const char* const b, const size_t nb)
{
  mgd_buf_reset(&r->scratch);
  if (mgd_buf_append(&r->scratch, a, na) || mgd_buf_append(&r->scratch, b, nb)) {
    return fail_alloc(r);
  }
  TRY(stk_reserve(r, na + nb));
  r->stk_len +=
    remove_dot_segments(r->scratch.data, na + nb, r->stk + r->stk_len);
  return MGD_SUCCESS;
}

/// Resolve `ref` against the base into a new span on the stack.
static MgdStatus
resolve_iri(R* const r, const Span raw, Span* const out)
{
  const MgdStr ref = span_str(r, raw, NULL);
  IriParts     R_;
  iri_split(ref.ptr, ref.len, &R_);
  if (R_.scheme.has && !path_has_dots(R_.path)) {
    *out = raw;
    return MGD_SUCCESS;
  }
  // `ref` may live on the stack, which may move: copy it out first.
  MgdBuf copy;
  mgd_buf_init(&copy);
  if (mgd_buf_append(&copy, ref.ptr, ref.len)) {
    return fail_alloc(r);
  }
  iri_split(copy.data, copy.len, &R_);
  IriParts B;
  iri_split(r->base.data, r->base.len, &B);
  const size_t start = r->stk_len;
  MgdStatus    st    = MGD_SUCCESS;
  if (R_.scheme.has) {
    st = push_part(r, "", R_.scheme);
    st = st ? st : stk_push(r, ":", 1U);
    if (!st && R_.auth.has) {
      st = push_part(r, "//", R_.auth);
    }
    st = st ? st : push_path(r, R_.path.ptr, R_.path.len, "", 0U);
    if (!st && R_.query.has) {
      st = push_part(r, "?", R_.query);
    }
  } else {
    if (!B.scheme.has) {
      mgd_buf_clear(&copy);
      return fail_at(r, MGD_BAD_DATA, r->line, column(r),
                     "relative IRI <%.*s> and no base IRI",
                     (int)(ref.len > 200U ? 200U : ref.len), copy.data);
    }
    st = push_part(r, "", B.scheme);
    st = st ? st : stk_push(r, ":", 1U);
    if (R_.auth.has) {
      st = st ? st : push_part(r, "//", R_.auth);
      st = st ? st : push_path(r, R_.path.ptr, R_.path.len, "", 0U);
      if (!st && R_.query.has) {
        st = push_part(r, "?", R_.query);
      }
    } else {
      if (!st && B.auth.has) {
        st = push_part(r, "//", B.auth);
      }
      if (!R_.path.len) {
        st = st ? st : stk_push(r, B.path.ptr, B.path.len);
        if (!st && (R_.query.has || B.query.has)) {
          st = push_part(r, "?", R_.query.has ? R_.query : B.query);
        }
      } else {
        if (R_.path.ptr[0] == '/') {
          st = st ? st : push_path(r, R_.path.ptr, R_.path.len, "", 0U);
        } else if (B.auth.has && !B.path.len) {
          st = st ? st : push_path(r, "/", 1U, R_.path.ptr, R_.path.len);
        } else {
          size_t keep = B.path.len;
          while (keep > 0U && B.path.ptr[keep - 1U] != '/') {
            --keep;
          }
          st = st ? st : push_path(r, B.path.ptr, keep, R_.path.ptr,
                                   R_.path.len);
        }
        if (!st && R_.query.has) {
          st = push_part(r, "?", R_.query);
        }
      }
    }
  }
  if (!st && R_.frag.has) {
    st = push_part(r, "#", R_.frag);
  }
  mgd_buf_clear(&copy);
  *out = (Span){NULL, start, r->stk_len - start};
  return st;
}

// ---------------------------------------------------------------------------
// Terminals

// UCHAR ::= '\u' HEX HEX HEX HEX | '\U' HEX HEX HEX HEX HEX HEX HEX HEX
// (pos at the backslash)
static MgdStatus
read_UCHAR(R* const r, uint32_t* const cp)
{
  const int    u = peek_at(r, 1U);
  const size_t n = u == 'u' ? 4U : u == 'U' ? 8U : 0U;
  if (!n) {
    r->pos += u < 0 ? 0U : 1U;
    return fail_syntax(r, "expected \\u or \\U escape");
  }
  uint32_t v = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const int h = hex_value(peek_at(r, 2U + i));
    if (h < 0) {
      r->pos += 2U + i;
      if (r->pos > r->end) {
        r->pos = r->end;
      }
      return fail_syntax(r, "expected a hex digit in \\u escape");
    }
    v = (v << 4U) | (uint32_t)h;
  }
  r->pos += 2U + n;
  *cp = v;
  return MGD_SUCCESS;
}

// IRIREF ::= '<' ([^#x00-#x20<>"{}|^`\] | UCHAR)* '>'  (pos at '<')
static MgdStatus
read_IRIREF(R* const r, Span* const out)
{
  const unsigned line  = r->line;
  const unsigned col   = column(r);
  const char* const b  = r->buf;
  const size_t   start = ++r->pos;
  size_t         i     = start;
  while (i < r->end && !(k_class[(unsigned char)b[i]] & C_IRI_STOP)) {
    ++i;
  }
  if (i < r->end && b[i] == '>') {
    r->pos = i + 1U;
    *out   = (Span){b + start, 0U, i - start};
    return check_size(r, i - start, line, col);
  }
  // Escapes or an error: decode into the stack.
  const size_t off = r->stk_len;
  TRY(stk_push(r, b + start, i - start));
  r->pos = i;
  for (;;) {
    const int c = peek(r);
    if (c == '>') {
      ++r->pos;
      break;
    }
    if (c == '\\') {
      uint32_t cp = 0U;
      TRY(read_UCHAR(r, &cp));
      TRY(stk_push_cp(r, cp));
    } else if (c < 0) {
      return fail_syntax(r, "unterminated IRI");
    } else if (k_class[c] & C_IRI_STOP) {
      return fail_syntax(r, "character not allowed in an IRI");
    } else {
      size_t j = r->pos;
      while (j < r->end && !(k_class[(unsigned char)b[j]] & C_IRI_STOP)) {
        ++j;
      }
      TRY(stk_push(r, b + r->pos, j - r->pos));
      r->pos = j;
    }
    TRY(check_size(r, r->stk_len - off, line, col));
  }
  *out = (Span){NULL, off, r->stk_len - off};
  return check_size(r, out->len, line, col);
}

// ECHAR ::= '\' [tbnrf"'\]  or UCHAR (pos at the backslash)
static MgdStatus
read_escape(R* const r)
{
  const int c = peek_at(r, 1U);
  char      e = 0;
  switch (c) {
  case 't': e = '\t'; break;
  case 'b': e = '\b'; break;
  case 'n': e = '\n'; break;
  case 'r': e = '\r'; break;
  case 'f': e = '\f'; break;
  case '"': e = '"'; break;
  case '\'': e = '\''; break;
  case '\\': e = '\\'; break;
  case 'u':
  case 'U': {
    uint32_t cp = 0U;
    TRY(read_UCHAR(r, &cp));
    return stk_push_cp(r, cp);
  }
  default:
    ++r->pos;
    return fail_syntax(r, "invalid escape sequence in a string");
  }
  r->pos += 2U;
  return stk_push(r, &e, 1U);
}

// STRING_LITERAL_QUOTE, STRING_LITERAL_SINGLE_QUOTE (pos at the quote)
static MgdStatus
read_short_string(R* const r, const int q, Span* const out)
{
  const unsigned    line = r->line;
  const unsigned    col  = column(r);
  const unsigned    stop = q == '"' ? C_STR2_STOP : C_STR1_STOP;
  const char* const b    = r->buf;
  const size_t      start = ++r->pos;
  size_t            i     = start;
  while (i < r->end && !(k_class[(unsigned char)b[i]] & stop)) {
    ++i;
  }
  if (i < r->end && b[i] == q) {
    r->pos = i + 1U;
    *out   = (Span){b + start, 0U, i - start};
    return check_size(r, i - start, line, col);
  }
  const size_t off = r->stk_len;
  TRY(stk_push(r, b + start, i - start));
  r->pos = i;
  for (;;) {
    TRY(check_size(r, r->stk_len - off, line, col));
    const int c = peek(r);
    if (c == q) {
      ++r->pos;
      break;
    }
    if (c == '\\') {
      TRY(read_escape(r));
    } else if (c < 0) {
      return fail_at(r, MGD_BAD_SYNTAX, line, col,
                     "syntax error: unterminated string");
    } else if (c == '\n' || c == '\r') {
      return fail_syntax(r, "line break in a short string (use \"\"\" or \\n)");
    } else {
      size_t j = r->pos;
      while (j < r->end && !(k_class[(unsigned char)b[j]] & stop)) {
        ++j;
      }
      TRY(stk_push(r, b + r->pos, j - r->pos));
      r->pos = j;
    }
  }
  *out = (Span){NULL, off, r->stk_len - off};
  return check_size(r, out->len, line, col);
}

// STRING_LITERAL_LONG_QUOTE, STRING_LITERAL_LONG_SINGLE_QUOTE (pos at the
// first of the three quotes)
static MgdStatus
read_long_string(R* const r, const int q, Span* const out)
{
  const unsigned    line = r->line;
  const unsigned    col  = column(r);
  const char* const b    = r->buf;
  const size_t      off  = r->stk_len;
  r->pos += 3U;
  for (;;) {
    TRY(check_size(r, r->stk_len - off, line, col));
    const int c = peek(r);
    if (c == q) {
      if (peek_at(r, 1U) == q && peek_at(r, 2U) == q) {
        r->pos += 3U;
        break;
      }
      const char qc = (char)q;
      TRY(stk_push(r, &qc, 1U));
      ++r->pos;
    } else if (c == '\\') {
      TRY(read_escape(r));
    } else if (c == '\n') {
      TRY(stk_push(r, "\n", 1U));
      ++r->pos;
      newline(r);
    } else if (c < 0) {
      return fail_at(r, MGD_BAD_SYNTAX, line, col,
                     "syntax error: unterminated long string");
    } else {
      size_t j = r->pos + 1U; // the other quote char also stops the scan
      while (j < r->end && !(k_class[(unsigned char)b[j]] & C_LONG_STOP)) {
        ++j;
      }
      TRY(stk_push(r, b + r->pos, j - r->pos));
      r->pos = j;
    }
  }
  *out = (Span){NULL, off, r->stk_len - off};
  return check_size(r, out->len, line, col);
}

// String ::= STRING_LITERAL_QUOTE | STRING_LITERAL_SINGLE_QUOTE |
//            STRING_LITERAL_LONG_SINGLE_QUOTE | STRING_LITERAL_LONG_QUOTE
static MgdStatus
read_String(R* const r, Span* const out)
{
  const int q = peek(r);
  if (!r->is_nt && peek_at(r, 1U) == q && peek_at(r, 2U) == q) {
    return read_long_string(r, q, out);
  }
  return read_short_string(r, q, out);
}

// LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*  (pos at '@')
static MgdStatus
read_LANGTAG(R* const r, Span* const out)
{
  const size_t start = ++r->pos;
  if (!is_alpha(peek(r))) {
    return fail_syntax(r, "expected a language tag after '@'");
  }
  while (is_alpha(peek(r))) {
    ++r->pos;
  }
  while (peek(r) == '-') {
    const int c = peek_at(r, 1U);
    if (!is_alpha(c) && !is_digit(c)) {
      ++r->pos;
      return fail_syntax(r, "invalid language tag (empty subtag)");
    }
    ++r->pos;
    while (is_alpha(peek(r)) || is_digit(peek(r))) {
      ++r->pos;
    }
  }
  *out = (Span){r->buf + start, 0U, r->pos - start};
  return MGD_SUCCESS;
}

/// True if the name continues at pos + k: PN_CHARS or ':' or '.'s followed
/// by one of those (a final '.' ends the statement instead).
static bool
name_continues(R* const r, size_t k, const bool colon)
{
  size_t  len = 0U;
  int32_t c   = peek_cp(r, k, &len);
  while (c == '.') {
    c = peek_cp(r, ++k, &len);
  }
  return is_PN_CHARS(c) || (colon && c == ':');
}

// BLANK_NODE_LABEL ::= '_:' (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
static MgdStatus
read_BLANK_NODE_LABEL(R* const r, Node* const n)
{
  if (peek_at(r, 1U) != ':') {
    ++r->pos;
    return fail_syntax(r, "expected ':' after '_' of a blank node label");
  }
  r->pos += 2U;
  const size_t start = r->pos;
  size_t       len   = 0U;
  int32_t      c     = peek_cp(r, 0U, &len);
  if (!is_PN_CHARS_U(c) && !is_digit(c)) {
    return fail_syntax(r, "invalid blank node label");
  }
  r->pos += len;
  for (;;) {
    c = peek_cp(r, 0U, &len);
    if (is_PN_CHARS(c)) {
      r->pos += len;
    } else if (c == '.' && name_continues(r, 0U, false)) {
      ++r->pos;
    } else {
      break;
    }
  }
  const size_t n_label = r->pos - start;
  n->kind              = MGD_TERM_BLANK;
  n->datatype          = (Span){0};
  n->lang              = (Span){0};
  if (!r->is_nt && n_label >= 2U && r->buf[start] == '_' &&
      r->buf[start + 1U] == 'b') {
    // Keep clear of the fresh labels "_bN".
    const size_t off = r->stk_len;
    TRY(stk_push(r, "_b-", 3U));
    TRY(stk_push(r, r->buf + start, n_label));
    n->value = (Span){NULL, off, n_label + 3U};
  } else {
    n->value = (Span){r->buf + start, 0U, n_label};
  }
  return MGD_SUCCESS;
}

// PN_PREFIX ::= PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
// Scans from pos without consuming; returns the length (0 if none).
static size_t
scan_PN_PREFIX(R* const r)
{
  size_t  len = 0U;
  int32_t c   = peek_cp(r, 0U, &len);
  if (!is_PN_CHARS_BASE(c)) {
    return 0U;
  }
  size_t k = len;
  for (;;) {
    c = peek_cp(r, k, &len);
    if (is_PN_CHARS(c)) {
      k += len;
    } else if (c == '.' && name_continues(r, k, false)) {
      ++k;
    } else {
      return k;
    }
  }
}

static MgdStatus
prefix_find(R* const r, const char* const name, const size_t n,
            const Prefix** const out)
{
  uint64_t id = 0U;
  if (mgd_hashmap_get(&r->prefix_ids, name, n, &id) != MGD_SUCCESS) {
    return MGD_FAILURE;
  }
  *out = &r->prefixes[id - 1U];
  return MGD_SUCCESS;
}

// PLX ::= PERCENT | PN_LOCAL_ESC, pushed to the stack (pos at '%' or '\').
// Returns MGD_FAILURE (without consuming) if pos holds no PLX.
static MgdStatus
read_PLX(R* const r)
{
  const int c = peek(r);
  if (c == '%') {
    if (hex_value(peek_at(r, 1U)) < 0 || hex_value(peek_at(r, 2U)) < 0) {
      ++r->pos;
      return fail_syntax(r, "expected two hex digits after '%'");
    }
    TRY(stk_push(r, r->buf + r->pos, 3U));
    r->pos += 3U;
    return MGD_SUCCESS;
  }
  const int e = peek_at(r, 1U);
  if (e >= 0 && strchr("_~.-!$&'()*+,;=/?#@%", e)) {
    const char ch = (char)e;
    r->pos += 2U;
    return stk_push(r, &ch, 1U);
  }
  ++r->pos;
  return fail_syntax(r, "invalid escape in a local name");
}

// PrefixedName ::= PNAME_LN | PNAME_NS
// PNAME_NS ::= PN_PREFIX? ':'
// PNAME_LN ::= PNAME_NS PN_LOCAL
// PN_LOCAL ::= (PN_CHARS_U | ':' | [0-9] | PLX)
//              ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
static MgdStatus
read_PrefixedName(R* const r, Node* const n)
{
  const unsigned line   = r->line;
  const unsigned col    = column(r);
  const size_t   n_pfx  = scan_PN_PREFIX(r);
  const char*    name   = r->buf + r->pos;
  if (peek_at(r, n_pfx) != ':') {
    r->pos += n_pfx;
    return fail_syntax(r, n_pfx ? "expected ':' in a prefixed name"
                                : "expected an IRI, prefixed name, blank "
                                  "node or literal");
  }
  const Prefix* pfx = NULL;
  if (prefix_find(r, name, n_pfx, &pfx)) {
    if (r->starved) {
      return MGD_FAILURE;
    }
    return fail_at(r, MGD_BAD_DATA, line, col, "undefined prefix \"%.*s:\"",
                   (int)n_pfx, name);
  }
  r->pos += n_pfx + 1U;
  const size_t off = r->stk_len;
  TRY(stk_push(r, pfx->iri.data, pfx->iri.len));
  size_t  len = 0U;
  int32_t c   = peek_cp(r, 0U, &len);
  if (is_PN_CHARS_U(c) || c == ':' || is_digit(c) || c == '%' || c == '\\') {
    for (bool first = true;; first = false) {
      c = peek_cp(r, 0U, &len);
      if (c == '%' || c == '\\') {
        TRY(read_PLX(r));
      } else if (is_PN_CHARS(c) || c == ':' || (first && is_digit(c))) {
        TRY(stk_push(r, r->buf + r->pos, len));
        r->pos += len;
      } else if (c == '.') {
        size_t k = 1U;
        while (peek_at(r, k) == '.') {
          ++k;
        }
        size_t        l2 = 0U;
        const int32_t d  = peek_cp(r, k, &l2);
        if (!(is_PN_CHARS(d) || d == ':' || d == '%' || d == '\\')) {
          break;
        }
        TRY(stk_push(r, r->buf + r->pos, k));
        r->pos += k;
      } else {
        break;
      }
      TRY(check_size(r, r->stk_len - off, line, col));
    }
  }
  n->kind     = MGD_TERM_IRI;
  n->value    = (Span){NULL, off, r->stk_len - off};
  n->datatype = (Span){0};
  n->lang     = (Span){0};
  return check_node(r, n, line, col);
}

static bool
has_scheme(const MgdStr s)
{
  // scheme ::= ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"  (RFC 3986)
  if (!s.len || !is_alpha((unsigned char)s.ptr[0])) {
    return false;
  }
  for (size_t i = 1U; i < s.len; ++i) {
    const int c = (unsigned char)s.ptr[i];
    if (c == ':') {
      return true;
    }
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

/// True if `s` is printable ASCII only (no DEL, which IRIREF allows but
/// mgd_term_check() refuses).
static bool
ascii_only(const MgdStr s)
{
  for (size_t i = 0U; i < s.len; ++i) {
    if ((unsigned)((unsigned char)s.ptr[i] - 0x21U) > 0x5DU) {
      return false;
    }
  }
  return true;
}

// iri ::= IRIREF | PrefixedName
static MgdStatus
read_iri(R* const r, Node* const n)
{
  if (peek(r) != '<') {
    return read_PrefixedName(r, n);
  }
  const unsigned line = r->line;
  const unsigned col  = column(r);
  Span           raw;
  TRY(read_IRIREF(r, &raw));
  n->kind     = MGD_TERM_IRI;
  n->datatype = (Span){0};
  n->lang     = (Span){0};
  if (r->is_nt) {
    n->value       = raw;
    const MgdStr s = span_str(r, raw, NULL);
    if (!has_scheme(s)) {
      return fail_at(r, MGD_BAD_DATA, line, col,
                     "IRI <%.*s> is not absolute (N-Triples and N-Quads need "
                     "absolute IRIs)",
                     (int)(s.len > 200U ? 200U : s.len), s.ptr);
    }
    if (raw.ptr && ascii_only(s)) {
      // Lexed without escapes, so read_IRIREF already refused every
      // character mgd_term_check() refuses; with a scheme and ASCII only,
      // the check could not fail. Skipping it is 20% of N-Triples time.
      return MGD_SUCCESS;
    }
  } else {
    TRY(resolve_iri(r, raw, &n->value));
  }
  return check_node(r, n, line, col);
}

// ---------------------------------------------------------------------------
// Whitespace

static void
skip_comment(R* const r)
{
  const char* const nl =
    (const char*)memchr(r->buf + r->pos, '\n', r->end - r->pos);
  r->pos = nl ? (size_t)(nl - r->buf) : r->end;
  if (!nl) {
    peek_end(r);
  }
}

// WS (Turtle §6.5 [161s]) and comments
static void
skip_ws(R* const r)
{
  for (;;) {
    switch (peek(r)) {
    case ' ':
    case '\t':
    case '\r': ++r->pos; break;
    case '\n':
      ++r->pos;
      newline(r);
      break;
    case '#': skip_comment(r); break;
    default: return;
    }
  }
}

static void
skip_blanks(R* const r)
{
  for (int c = peek(r); c == ' ' || c == '\t'; c = peek(r)) {
    ++r->pos;
  }
}

static MgdStatus
expect(R* const r, const int c, const char* const what)
{
  if (peek(r) != c) {
    return fail_syntax(r, what);
  }
  ++r->pos;
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// N-Triples and N-Quads (line-based)

// literal ::= STRING_LITERAL_QUOTE ('^^' IRIREF | LANGTAG)?
static MgdStatus
read_literal(R* const r, Node* const n)
{
  const unsigned line = r->line;
  const unsigned col  = column(r);
  n->kind             = MGD_TERM_LITERAL;
  n->datatype         = (Span){0};
  n->lang             = (Span){0};
  TRY(read_String(r, &n->value));
  const int c = peek(r);
  if (c == '@') {
    TRY(read_LANGTAG(r, &n->lang));
  } else if (c == '^') {
    if (peek_at(r, 1U) != '^') {
      ++r->pos;
      return fail_syntax(r, "expected '^^' before a datatype");
    }
    r->pos += 2U;
    Node dt;
    if (r->is_nt && peek(r) != '<') {
      return fail_syntax(r, "expected a datatype IRI");
    }
    TRY(read_iri(r, &dt));
    n->datatype = dt.value;
  }
  return check_node(r, n, line, col);
}

static void
skip_eols(R* const r)
{
  for (int c = peek(r); c == '\n' || c == '\r'; c = peek(r)) {
    ++r->pos;
    if (c == '\n') {
      newline(r);
    }
  }
}

// triple ::= subject predicate object '.'
// statement ::= subject predicate object graphLabel? '.'   (N-Quads)
static MgdStatus
read_nt_statement(R* const r)
{
  skip_blanks(r);
  int c = peek(r);
  if (c == '#') {
    skip_comment(r);
    c = peek(r);
  }
  if (c == '\n' || c == '\r') {
    skip_eols(r);
    return MGD_SUCCESS;
  }
  if (c < 0) {
    return MGD_SUCCESS;
  }
  Node s, p, o;
  if (c == '<') {
    TRY(read_iri(r, &s));
  } else if (c == '_') {
    TRY(read_BLANK_NODE_LABEL(r, &s));
  } else {
    return fail_syntax(r, "expected a subject (IRI or blank node)");
  }
  skip_blanks(r);
  if (peek(r) != '<') {
    return fail_syntax(r, "expected a predicate IRI");
  }
  TRY(read_iri(r, &p));
  skip_blanks(r);
  c = peek(r);
  if (c == '<') {
    TRY(read_iri(r, &o));
  } else if (c == '_') {
    o.datatype = o.lang = (Span){0};
    TRY(read_BLANK_NODE_LABEL(r, &o));
  } else if (c == '"') {
    TRY(read_literal(r, &o));
  } else {
    return fail_syntax(r, "expected an object (IRI, blank node or literal)");
  }
  skip_blanks(r);
  r->graph.kind = MGD_TERM_NONE;
  if (r->has_graphs) {
    c = peek(r);
    if (c == '<') {
      TRY(read_iri(r, &r->graph));
    } else if (c == '_') {
      r->graph.datatype = r->graph.lang = (Span){0};
      TRY(read_BLANK_NODE_LABEL(r, &r->graph));
    }
    skip_blanks(r);
  }
  TRY(expect(r, '.', r->has_graphs ? "expected a graph label or '.'"
                                   : "expected '.' at the end of the triple"));
  skip_blanks(r);
  c = peek(r);
  if (c == '#') {
    skip_comment(r);
    c = peek(r);
  }
  if (c >= 0 && c != '\n' && c != '\r') {
    return fail_syntax(r, "expected the end of the line after '.'");
  }
  TRY(emit(r, &s, &p, &o));
  skip_eols(r);
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// Turtle and TriG

static MgdStatus
read_predicateObjectList(R* r, const Node* subject);
static MgdStatus
read_statement_end(R* r);
static MgdStatus
read_object(R* r, const Node* subject, const Node* predicate);

static MgdStatus
enter(R* const r)
{
  if (++r->depth > r->limits.max_nesting) {
    return fail_at(r, MGD_BAD_LIMIT, r->line, column(r),
                   "collections and blank nodes nested deeper than the limit "
                   "of %zu (max_nesting)",
                   r->limits.max_nesting);
  }
  return MGD_SUCCESS;
}

/// True if pos holds '[' WS* ']' (ANON); consumes it if so.
static bool
read_ANON(R* const r)
{
  size_t k = 1U;
  for (int c = peek_at(r, k);; c = peek_at(r, ++k)) {
    if (c == ']') {
      break;
    }
    if (c == '#') {
      // A comment between the brackets (the tokenizer drops comments).
      while (c >= 0 && c != '\n') {
        c = peek_at(r, ++k);
      }
    }
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      return false;
    }
  }
  for (size_t i = 0U; i <= k; ++i) {
    if (r->buf[r->pos++] == '\n') {
      newline(r);
    }
  }
  return true;
}

// collection ::= '(' object* ')'   (pos at '('; `*head` receives the list)
static MgdStatus
read_collection(R* const r, Node* const head)
{
  TRY(enter(r));
  ++r->pos;
  skip_ws(r);
  if (peek(r) == ')') {
    ++r->pos;
    --r->depth;
    *head = k_rdf_nil;
    return MGD_SUCCESS;
  }
  *head    = fresh_blank(r);
  Node cur = *head;
  for (;;) {
    TRY(read_object(r, &cur, &k_rdf_first));
    skip_ws(r);
    const int c = peek(r);
    if (c == ')') {
      ++r->pos;
      TRY(emit(r, &cur, &k_rdf_rest, &k_rdf_nil));
      break;
    }
    if (c < 0) {
      return fail_syntax(r, "expected ')' to end the collection");
    }
    const Node next = fresh_blank(r);
    TRY(emit(r, &cur, &k_rdf_rest, &next));
    cur = next;
  }
  --r->depth;
  return MGD_SUCCESS;
}

// blankNodePropertyList ::= '[' predicateObjectList ']'  (pos at '[')
static MgdStatus
read_blankNodePropertyList(R* const r, const Node* const node)
{
  TRY(enter(r));
  ++r->pos;
  skip_ws(r);
  TRY(read_predicateObjectList(r, node));
  skip_ws(r);
  TRY(expect(r, ']', "expected ']' to end the blank node property list"));
  --r->depth;
  return MGD_SUCCESS;
}

// NumericLiteral ::= INTEGER | DECIMAL | DOUBLE
static MgdStatus
read_NumericLiteral(R* const r, Node* const n)
{
  const size_t start = r->pos;
  int          c     = peek(r);
  if (c == '+' || c == '-') {
    c = peek_at(r, 1U);
    ++r->pos;
  }
  size_t n_int = 0U, n_frac = 0U;
  while (is_digit(peek(r))) {
    ++r->pos, ++n_int;
  }
  bool has_dot = false, has_exp = false;
  if (peek(r) == '.') {
    const int d = peek_at(r, 1U);
    if (is_digit(d)) {
      has_dot = true;
      ++r->pos;
      while (is_digit(peek(r))) {
        ++r->pos, ++n_frac;
      }
    } else if (n_int && (d == 'e' || d == 'E')) {
      const int e = peek_at(r, 2U);
      if (is_digit(e) ||
          ((e == '+' || e == '-') && is_digit(peek_at(r, 3U)))) {
        has_dot = true;
        ++r->pos;
      }
    }
  }
  if (!n_int && !n_frac) {
    return fail_syntax(r, "expected digits in a number");
  }
  c = peek(r);
  if (c == 'e' || c == 'E') {
    const int e  = peek_at(r, 1U);
    const int e2 = peek_at(r, 2U);
    if (is_digit(e) || ((e == '+' || e == '-') && is_digit(e2))) {
      has_exp = true;
      r->pos += is_digit(e) ? 1U : 2U;
      while (is_digit(peek(r))) {
        ++r->pos;
      }
    }
  }
  n->kind  = MGD_TERM_LITERAL;
  n->value = (Span){r->buf + start, 0U, r->pos - start};
  n->lang  = (Span){0};
  n->datatype = has_exp   ? STATIC_SPAN(MGD_XSD_DOUBLE)
                : has_dot ? STATIC_SPAN(MGD_XSD_DECIMAL)
                          : STATIC_SPAN(MGD_XSD_INTEGER);
  return MGD_SUCCESS;
}

/// True if pos holds keyword `kw` (exactly, or case-insensitively) not
/// followed by more name characters.
static bool
at_keyword(R* const r, const char* const kw, const bool any_case)
{
  const size_t n = strlen(kw);
  for (size_t i = 0U; i < n; ++i) {
    const int c = peek_at(r, i);
    if (c < 0) {
      return false;
    }
    if (any_case ? (c | 0x20) != kw[i] : c != kw[i]) {
      return false;
    }
  }
  // "@prefix:" is the directive followed by the empty prefix.
  return !name_continues(r, n, kw[0] != '@');
}

// object ::= iri | BlankNode | collection | blankNodePropertyList | literal
static MgdStatus
read_object(R* const r, const Node* const subject, const Node* const predicate)
{
  const size_t mark = r->stk_len;
  Node         o    = {MGD_TERM_NONE, {0}, {0}, {0}};
  const int      c    = peek(r);
  switch (c) {
  case '<': TRY(read_iri(r, &o)); break;
  case '_': TRY(read_BLANK_NODE_LABEL(r, &o)); break;
  case '"':
  case '\'': TRY(read_literal(r, &o)); break;
  case '[':
    if (read_ANON(r)) {
      o = fresh_blank(r);
      break;
    }
    o = fresh_blank(r);
    TRY(emit(r, subject, predicate, &o));
    return read_blankNodePropertyList(r, &o);
  case '(':
    TRY(read_collection(r, &o));
    break;
  case '.':
    if (!is_digit(peek_at(r, 1U))) {
      return fail_syntax(r, "expected an object");
    }
    TRY(read_NumericLiteral(r, &o));
    break;
  case '+':
  case '-':
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    TRY(read_NumericLiteral(r, &o));
    break;
  default:
    if (at_keyword(r, "true", false) || at_keyword(r, "false", false)) {
      const bool is_true = c == 't';
      o.kind     = MGD_TERM_LITERAL;
      o.value    = (Span){r->buf + r->pos, 0U, is_true ? 4U : 5U};
      o.datatype = STATIC_SPAN(MGD_XSD_BOOLEAN);
      r->pos += is_true ? 4U : 5U;
    } else if (c < 0 && !r->starved) {
      return fail_syntax(r, "expected an object");
    } else if (c == ':' || is_PN_CHARS_BASE(c) || c >= 0x80) {
      TRY(read_PrefixedName(r, &o));
    } else {
      return fail_syntax(r, "expected an object");
    }
  }
  TRY(emit(r, subject, predicate, &o));
  r->stk_len = mark;
  return MGD_SUCCESS;
}

static MgdStatus
ck_node(R* const r, const Node* const n, Node* const out)
{
  *out = *n;
  if (n->value.off == FRESH_OFF) {
    return MGD_SUCCESS;
  }
  const MgdStr v = span_str(r, n->value, NULL);
  out->value     = (Span){NULL, r->ck_new.len, v.len};
  return mgd_buf_append(&r->ck_new, v.ptr, v.len) ? fail_alloc(r)
                                                  : MGD_SUCCESS;
}

/// After an object of a top-level statement: remember where to resume, so
/// that a long object list does not have to stay in memory whole.
static MgdStatus
checkpoint(R* const r, const Node* const s, const Node* const p)
{
  if (r->depth || r->starved) {
    return MGD_SUCCESS;
  }
  // No node points into ck_new (only into ck_start), so it may be rewritten.
  mgd_buf_reset(&r->ck_new);
  TRY(ck_node(r, s, &r->ck_s));
  TRY(ck_node(r, p, &r->ck_p));
  r->has_ck        = true;
  r->ck_taken      = true;
  r->ck_doc_pos    = r->win_off + r->pos;
  r->ck_line       = r->line;
  r->ck_line_start = r->line_start;
  r->ck_n_blank    = r->n_blank;
  // Quads before this point are done for good; count skips from here.
  r->stmt_done    = r->stmt_done > r->n_in_attempt
                      ? r->stmt_done - r->n_in_attempt
                      : 0U;
  r->n_in_attempt = 0U;
  return MGD_SUCCESS;
}

/// The (',' object)* part of objectList.
static MgdStatus
read_objectList_tail(R* const r, const Node* const subject,
                     const Node* const predicate)
{
  for (;;) {
    skip_ws(r);
    if (peek(r) != ',') {
      return MGD_SUCCESS;
    }
    ++r->pos;
    skip_ws(r);
    TRY(read_object(r, subject, predicate));
    TRY(checkpoint(r, subject, predicate));
  }
}

// objectList ::= object (',' object)*
static MgdStatus
read_objectList(R* const r, const Node* const subject,
                const Node* const predicate)
{
  TRY(read_object(r, subject, predicate));
  TRY(checkpoint(r, subject, predicate));
  return read_objectList_tail(r, subject, predicate);
}

// verb ::= predicate | 'a'
static MgdStatus
read_verb(R* const r, Node* const p)
{
  if (peek(r) == 'a' && !name_continues(r, 1U, true)) {
    ++r->pos;
    *p = k_rdf_type;
    return MGD_SUCCESS;
  }
  const int c = peek(r);
  if (c != '<' && c != ':' && !is_PN_CHARS_BASE(c) && c < 0x80) {
    return fail_syntax(r, "expected a predicate");
  }
  return read_iri(r, p);
}

/// The (';' (verb objectList)?)* part of predicateObjectList.
static MgdStatus
read_predicateObjectList_tail(R* const r, const Node* const subject)
{
  for (;;) {
    skip_ws(r);
    if (peek(r) != ';') {
      return MGD_SUCCESS;
    }
    while (peek(r) == ';') {
      ++r->pos;
      skip_ws(r);
    }
    const int c = peek(r);
    if (c == '.' || c == ']' || c == '}' || c < 0) {
      return MGD_SUCCESS;
    }
    const size_t mark = r->stk_len;
    Node         p;
    TRY(read_verb(r, &p));
    skip_ws(r);
    TRY(read_objectList(r, subject, &p));
    r->stk_len = mark;
  }
}

// predicateObjectList ::= verb objectList (';' (verb objectList)?)*
static MgdStatus
read_predicateObjectList(R* const r, const Node* const subject)
{
  const size_t mark = r->stk_len;
  Node         p;
  TRY(read_verb(r, &p));
  skip_ws(r);
  TRY(read_objectList(r, subject, &p));
  r->stk_len = mark;
  return read_predicateObjectList_tail(r, subject);
}

/// Continue a statement from its checkpoint.
static MgdStatus
read_resumed(R* const r)
{
  Node s = r->ck_s;
  Node p = r->ck_p;
  if (s.value.off != FRESH_OFF) {
    s.value.ptr = r->ck_start.data + s.value.off;
  }
  if (p.value.off != FRESH_OFF) {
    p.value.ptr = r->ck_start.data + p.value.off;
  }
  TRY(read_objectList_tail(r, &s, &p));
  TRY(read_predicateObjectList_tail(r, &s));
  return read_statement_end(r);
}

// subject ::= iri | BlankNode | collection, and for TriG labelOrSubject.
// `*is_bnpl` tells whether it was a blankNodePropertyList (whose
// predicateObjectList is then optional).
static MgdStatus
read_subject(R* const r, Node* const s, bool* const is_bnpl,
             bool* const is_coll)
{
  *is_bnpl = false;
  *is_coll = false;
  s->datatype = s->lang = (Span){0};
  switch (peek(r)) {
  case '<': return read_iri(r, s);
  case '_': return read_BLANK_NODE_LABEL(r, s);
  case '[':
    *s = fresh_blank(r);
    if (read_ANON(r)) {
      return MGD_SUCCESS;
    }
    *is_bnpl = true;
    return read_blankNodePropertyList(r, s);
  case '(': *is_coll = true; return read_collection(r, s);
  default: {
    const int c = peek(r);
    if (c == ':' || is_PN_CHARS_BASE(c) || c >= 0x80) {
      return read_PrefixedName(r, s);
    }
    return fail_syntax(r, "expected a subject");
  }
  }
}

/// Remember `g` as the graph of the block that starts now.
static MgdStatus
graph_begin(R* const r, const Node* const g)
{
  if (r->starved) {
    return MGD_FAILURE;
  }
  char         tmp[32];
  const MgdStr v = span_str(r, g->value, tmp);
  mgd_buf_reset(&r->graph_buf);
  if (mgd_buf_append(&r->graph_buf, v.ptr, v.len)) {
    return fail_alloc(r);
  }
  r->graph       = *g;
  r->graph.value = (Span){r->graph_buf.data ? r->graph_buf.data : "", 0U,
                          v.len};
  r->in_graph    = true;
  return MGD_SUCCESS;
}

// triples ::= subject predicateObjectList | blankNodePropertyList
//             predicateObjectList?
// and for TriG at top level: triplesOrGraph | triples2 | wrappedGraph
static MgdStatus
read_triples(R* const r, const bool may_be_graph)
{
  Node s;
  bool is_bnpl = false, is_coll = false;
  TRY(read_subject(r, &s, &is_bnpl, &is_coll));
  skip_ws(r);
  const int c = peek(r);
  if (may_be_graph && c == '{' && !is_bnpl && !is_coll) {
    ++r->pos;
    return graph_begin(r, &s);
  }
  if (is_bnpl && (c == '.' || (c == '}' && r->in_graph))) {
    return MGD_SUCCESS;
  }
  return read_predicateObjectList(r, &s);
}

static MgdStatus
read_statement_end(R* const r)
{
  skip_ws(r);
  const int c = peek(r);
  if (c == '.') {
    ++r->pos;
    return MGD_SUCCESS;
  }
  if (r->in_graph && c == '}') {
    return MGD_SUCCESS; // the last '.' of a block is optional (TriG)
  }
  return fail_syntax(r, r->in_graph ? "expected '.' or '}'"
                                    : "expected '.' at the end of the "
                                      "statement");
}

/// Apply a parsed prefix or base once the whole directive is there.
static MgdStatus
directive_apply(R* const r, const bool is_base, const char* const name,
                const size_t n_name, const Span iri)
{
  if (r->starved) {
    return MGD_FAILURE;
  }
  const MgdStr v = span_str(r, iri, NULL);
  if (is_base) {
    MgdBuf copy;
    mgd_buf_init(&copy);
    if (mgd_buf_append(&copy, v.ptr, v.len)) {
      return fail_alloc(r);
    }
    mgd_buf_clear(&r->base);
    r->base = copy;
    if (r->sink->on_base) {
      r->sink->on_base(r->sink->handle, mgd_buf_str(&r->base));
    }
    return MGD_SUCCESS;
  }
  uint64_t* slot     = NULL;
  bool      inserted = false;
  if (mgd_hashmap_ref(&r->prefix_ids, name, n_name, &slot, &inserted)) {
    return fail_alloc(r);
  }
  if (inserted) {
    if (r->n_prefixes == r->prefix_cap) {
      const size_t cap = r->prefix_cap ? r->prefix_cap * 2U : 16U;
      Prefix* const p =
        (Prefix*)mgd_realloc(r->prefixes, cap * sizeof(Prefix));
      if (!p) {
        return fail_alloc(r);
      }
      r->prefixes   = p;
      r->prefix_cap = cap;
    }
    mgd_buf_init(&r->prefixes[r->n_prefixes].iri);
    *slot = ++r->n_prefixes;
  }
  MgdBuf* const b = &r->prefixes[*slot - 1U].iri;
  mgd_buf_reset(b);
  if (mgd_buf_append(b, v.ptr, v.len) || mgd_buf_putc(b, '\0')) {
    return fail_alloc(r);
  }
  b->len -= 1U; // keep a NUL so data is never NULL
  mgd_sink_prefix(r->sink, mgd_str_n(name, n_name), mgd_buf_str(b));
  return MGD_SUCCESS;
}

// prefixID ::= '@prefix' PNAME_NS IRIREF '.'
// base ::= '@base' IRIREF '.'
// sparqlPrefix ::= "PREFIX" PNAME_NS IRIREF
// sparqlBase ::= "BASE" IRIREF
// (pos after the keyword)
static MgdStatus
read_directive(R* const r, const bool is_base, const bool is_sparql)
{
  skip_ws(r);
  const char* name   = NULL;
  size_t      n_name = 0U;
  if (!is_base) {
    n_name = scan_PN_PREFIX(r);
    name   = r->buf + r->pos;
    r->pos += n_name;
    TRY(expect(r, ':', "expected a prefix name ending in ':'"));
    skip_ws(r);
  }
  if (peek(r) != '<') {
    return fail_syntax(r, "expected an IRI in '<>'");
  }
  Node iri;
  TRY(read_iri(r, &iri));
  if (!is_sparql) {
    skip_ws(r);
    TRY(expect(r, '.', "expected '.' after the directive"));
  }
  return directive_apply(r, is_base, name, n_name, iri.value);
}

// statement ::= directive | triples '.'   (Turtle)
// block ::= triplesOrGraph | wrappedGraph | triples2 |
//           "GRAPH" labelOrSubject wrappedGraph   (TriG)
static MgdStatus
read_statement(R* const r)
{
  if (r->has_ck) {
    return read_resumed(r);
  }
  skip_ws(r);
  const int c = peek(r);
  if (c < 0) {
    return MGD_SUCCESS;
  }
  if (r->in_graph) {
    if (c == '}') {
      ++r->pos;
      r->in_graph   = false;
      r->graph.kind = MGD_TERM_NONE;
      return MGD_SUCCESS;
    }
    TRY(read_triples(r, false));
    return read_statement_end(r);
  }
  if (c == '@') {
    if (at_keyword(r, "@prefix", false)) {
      r->pos += 7U;
      return read_directive(r, false, false);
    }
    if (at_keyword(r, "@base", false)) {
      r->pos += 5U;
      return read_directive(r, true, false);
    }
    return fail_syntax(r, "expected @prefix or @base");
  }
  if (c == 'p' || c == 'P') {
    if (at_keyword(r, "prefix", true)) {
      r->pos += 6U;
      return read_directive(r, false, true);
    }
  } else if (c == 'b' || c == 'B') {
    if (at_keyword(r, "base", true)) {
      r->pos += 4U;
      return read_directive(r, true, true);
    }
  } else if (r->is_trig && (c == 'g' || c == 'G')) {
    if (at_keyword(r, "graph", true)) {
      r->pos += 5U;
      skip_ws(r);
      Node g;
      g.datatype = g.lang = (Span){0};
      const int d = peek(r);
      if (d == '[') {
        if (!read_ANON(r)) {
          return fail_syntax(r, "expected a graph name");
        }
        g = fresh_blank(r);
      } else if (d == '_') {
        TRY(read_BLANK_NODE_LABEL(r, &g));
      } else if (d == '{') {
        return fail_syntax(r, "expected a graph name after GRAPH");
      } else {
        TRY(read_iri(r, &g));
      }
      skip_ws(r);
      TRY(expect(r, '{', "expected '{' after the graph name"));
      return graph_begin(r, &g);
    }
  }
  if (r->is_trig && c == '{') {
    ++r->pos;
    const Node none = {MGD_TERM_NONE, {0}, {0}, {0}};
    TRY(graph_begin(r, &none));
    return MGD_SUCCESS;
  }
  TRY(read_triples(r, r->is_trig));
  if (r->in_graph) {
    return MGD_SUCCESS; // a block began
  }
  return read_statement_end(r);
}

// ---------------------------------------------------------------------------
// Driver

/// Parse whole statements from the window; MGD_FAILURE if the rest needs
/// more input, leaving pos at the start of the unfinished statement.
static MgdStatus
parse_window(R* const r)
{
  if (!r->bom_done && r->win_off + r->pos == 0U && r->end > 0U &&
      r->buf[0] == '\xEF') {
    // A UTF-8 byte order mark is not part of the document (RFC 3629 §6).
    if (r->end < 3U && !r->is_final) {
      return MGD_FAILURE;
    }
    r->bom_done = true;
    if (r->end >= 3U && !memcmp(r->buf, "\xEF\xBB\xBF", 3U)) {
      r->pos        = 3U;
      r->line_start = 3U;
    }
  }
  for (;;) {
    if (r->pos >= r->end && !(r->is_final && r->has_ck)) {
      return r->is_final ? MGD_SUCCESS : MGD_FAILURE;
    }
    const size_t   pos        = r->pos;
    const unsigned line       = r->line;
    const size_t   line_start = r->line_start;
    const size_t   n_blank    = r->n_blank;
    const bool     in_graph   = r->in_graph;
    r->starved                = false;
    r->n_in_attempt           = 0U;
    r->depth                  = 0U;
    r->stk_len                = 0U;
    MgdStatus st = r->is_nt ? read_nt_statement(r) : read_statement(r);
    if (!st && r->starved) {
      st = MGD_FAILURE;
    }
    if (st == MGD_FAILURE) {
      r->pos        = pos;
      r->line       = line;
      r->line_start = line_start;
      r->n_blank    = n_blank;
      r->in_graph   = in_graph;
      if (r->ck_taken) {
        const MgdBuf b = r->ck_start;
        r->ck_start    = r->ck_new;
        r->ck_new      = b;
        r->ck_taken    = false;
      }
      if (r->has_ck) {
        r->pos        = r->ck_doc_pos - r->win_off;
        r->line       = r->ck_line;
        r->line_start = r->ck_line_start;
        r->n_blank    = r->ck_n_blank;
      }
      return MGD_FAILURE;
    }
    if (st) {
      return st;
    }
    r->stmt_done = 0U;
    r->has_ck    = false;
    r->ck_taken  = false;
  }
}

static void
window_set(R* const r, const char* const buf, const size_t n,
           const size_t doc_off)
{
  r->buf     = buf;
  r->pos     = 0U;
  r->end     = n;
  r->win_off = doc_off;
}

static MgdStatus
pending_check(R* const r)
{
  const size_t limit = r->is_nt ? r->limits.max_term_bytes * 4U + 65536U
                                : r->limits.max_term_bytes * 16U + 65536U;
  if (r->in.len > limit) {
    r->starved = false;
    return fail_at(r, MGD_BAD_LIMIT, r->line, column(r),
                   r->is_nt ? "line longer than %zu bytes (4 x max_term_bytes)"
                            : "statement longer than %zu bytes "
                              "(16 x max_term_bytes)",
                   limit);
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_ttl_reader_feed(MgdTtlReader* const r, const char* const bytes,
                    const size_t n)
{
  if (r->status) {
    return r->status;
  }
  if (!n) {
    return MGD_SUCCESS;
  }
  MgdStatus st = MGD_SUCCESS;
  if (!r->in.len) {
    // Nothing pending: parse the caller's bytes in place.
    const size_t doc_off = r->in_off;
    window_set(r, bytes, n, doc_off);
    st = parse_window(r);
    if (st > MGD_FAILURE) {
      return st;
    }
    const size_t rest = n - r->pos;
    r->in_off         = doc_off + r->pos;
    if (mgd_buf_append(&r->in, bytes + r->pos, rest)) {
      return fail_alloc(r);
    }
    r->retry_at = rest * 2U;
  } else {
    if (mgd_buf_append(&r->in, bytes, n)) {
      return fail_alloc(r);
    }
    if (r->in.len < r->retry_at) {
      return pending_check(r);
    }
    window_set(r, r->in.data, r->in.len, r->in_off);
    st = parse_window(r);
    if (st > MGD_FAILURE) {
      return st;
    }
    const size_t rest = r->in.len - r->pos;
    memmove(r->in.data, r->in.data + r->pos, rest);
    r->in.len = rest;
    r->in.data[rest] = '\0';
    r->in_off += r->pos;
    r->retry_at = rest * 2U;
  }
  r->buf = NULL;
  r->pos = r->end = 0U;
  r->win_off      = r->in_off;
  return pending_check(r);
}

MgdStatus
mgd_ttl_reader_finish(MgdTtlReader* const r)
{
  if (r->status) {
    return r->status;
  }
  r->is_final = true;
  window_set(r, r->in.data ? r->in.data : "", r->in.len, r->in_off);
  const MgdStatus st = parse_window(r);
  if (st) {
    return st;
  }
  if (r->in_graph) {
    return fail_syntax(r, "expected '}' to close the graph block");
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_ttl_reader_new(const MgdReadOptions* const options,
                   const MgdSink* const        sink,
                   MgdTtlReader** const        reader)
{
  *reader = NULL;
  const MgdFormat f = options->format;
  if (f != MGD_FORMAT_NTRIPLES && f != MGD_FORMAT_NQUADS &&
      f != MGD_FORMAT_TURTLE && f != MGD_FORMAT_TRIG) {
    return MGD_BAD_ARG;
  }
  pthread_once(&k_class_once, class_init);
  R* const r = (R*)mgd_calloc(1U, sizeof(R));
  if (!r) {
    return MGD_BAD_ALLOC;
  }
  r->opts       = *options;
  r->limits     = options->limits ? *options->limits : mgd_limits_default();
  r->sink       = sink;
  r->is_nt      = f == MGD_FORMAT_NTRIPLES || f == MGD_FORMAT_NQUADS;
  r->has_graphs = f == MGD_FORMAT_NQUADS || f == MGD_FORMAT_TRIG;
  r->is_trig    = f == MGD_FORMAT_TRIG;
  r->line       = 1U;
  mgd_buf_init(&r->in);
  mgd_buf_init(&r->scratch);
  mgd_buf_init(&r->base);
  mgd_buf_init(&r->graph_buf);
  mgd_buf_init(&r->ck_start);
  mgd_buf_init(&r->ck_new);
  mgd_hashmap_init(&r->prefix_ids);
  const char* const base = options->base ? options->base : DEFAULT_BASE;
  if (mgd_buf_appendc(&r->base, base)) {
    mgd_ttl_reader_free(r);
    return MGD_BAD_ALLOC;
  }
  *reader = r;
  return MGD_SUCCESS;
}

size_t
mgd_ttl_reader_count(const MgdTtlReader* const r)
{
  return r->n_quads;
}

void
mgd_ttl_reader_free(MgdTtlReader* const r)
{
  if (!r) {
    return;
  }
  for (size_t i = 0U; i < r->n_prefixes; ++i) {
    mgd_buf_clear(&r->prefixes[i].iri);
  }
  mgd_free(r->prefixes);
  mgd_hashmap_clear(&r->prefix_ids);
  mgd_buf_clear(&r->in);
  mgd_buf_clear(&r->scratch);
  mgd_buf_clear(&r->base);
  mgd_buf_clear(&r->graph_buf);
  mgd_buf_clear(&r->ck_start);
  mgd_buf_clear(&r->ck_new);
  mgd_free(r->stk);
  mgd_free(r);
}

MgdStatus
mgd_nq_read_range(const char* const bytes, const size_t n,
                  const unsigned first_line, const MgdReadOptions* const options,
                  const MgdSink* const sink, size_t* const n_quads)
{
  if (n_quads) {
    *n_quads = 0U;
  }
  if (options->format != MGD_FORMAT_NTRIPLES &&
      options->format != MGD_FORMAT_NQUADS) {
    return MGD_BAD_ARG;
  }
  MgdTtlReader* r  = NULL;
  MgdStatus     st = mgd_ttl_reader_new(options, sink, &r);
  if (st) {
    return st;
  }
  r->line     = first_line ? first_line : 1U;
  r->bom_done = r->line > 1U; // only a document's first bytes may be a BOM
  st      = mgd_ttl_reader_feed(r, bytes, n);
  if (!st) {
    st = mgd_ttl_reader_finish(r);
  }
  if (n_quads) {
    *n_quads = r->n_quads;
  }
  mgd_ttl_reader_free(r);
  return st;
}

size_t
mgd_nq_split(const char* const bytes, const size_t n, const size_t want,
             unsigned* const line)
{
  size_t off = n;
  if (want < n) {
    const char* const nl = (const char*)memchr(bytes + want, '\n', n - want);
    off                  = nl ? (size_t)(nl - bytes) + 1U : n;
  }
  if (line) {
    unsigned          l = 1U;
    const char*       p = bytes;
    const char* const e = bytes + off;
    while ((p = (const char*)memchr(p, '\n', (size_t)(e - p)))) {
      ++l;
      ++p;
    }
    *line = l;
  }
  return off;
}
