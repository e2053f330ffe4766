// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Functions on terms and strings (SPARQL 1.1 Query §17.4.2, §17.4.3),
// REGEX/REPLACE via PCRE2, and hashes via OpenSSL EVP (§17.4.6).
//
// Strings are handled as UTF-8 and measured in code points, so characters
// outside the BMP count once (unlike UTF-16 based engines).

#include "base/alloc.h"
#include "base/utf8.h"
#include "sparql/func_impl.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pcre2.h>
#include <utf8proc.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const MgdStr k_empty = {"", 0};

// PCRE2 backtracking bounds: a hostile pattern fails as an error value
// instead of running for minutes.
#define REGEX_MATCH_LIMIT 1000000U
#define REGEX_DEPTH_LIMIT 10000U
#define REGEX_CACHE_SIZE 16U

// ---------------------------------------------------------------------------
// Argument kinds (§17.4.3.1)

static bool
is_string_lit(const MgdTerm* const t)
{
  const MgdXsdType type = mgd_fn_xsd_type(t);
  return type == MGD_XT_STRING || type == MGD_XT_LANGSTRING;
}

static bool
is_simple(const MgdTerm* const t)
{
  return mgd_fn_xsd_type(t) == MGD_XT_STRING;
}

// §17.4.3.1.2 argument compatibility: both simple/xsd:string, both with the
// same language tag, or the first tagged and the second not.
static bool
compatible(const MgdTerm* const a, const MgdTerm* const b)
{
  if (!is_string_lit(a) || !is_string_lit(b)) {
    return false;
  }
  if (!b->lang.len) {
    return true;
  }
  return a->lang.len == b->lang.len &&
         !strncasecmp(a->lang.ptr, b->lang.ptr, a->lang.len);
}

// A literal like `like` (same language tag or datatype) with lexical form
// `s` copied into the arena.
static MgdStatus
make_like(MgdFuncCtx* const ctx, const MgdTerm* const like, const MgdStr s,
          MgdTerm* const out)
{
  return mgd_fn_make_lit(ctx, s.ptr ? s.ptr : "", s.len,
                         like->lang.len ? k_empty : like->datatype, like->lang,
                         out);
}

static MgdStatus
make_simple(MgdFuncCtx* const ctx, const char* const s, const size_t n,
            MgdTerm* const out)
{
  return mgd_fn_make_lit(ctx, s, n, k_empty, k_empty, out);
}

static const char*
find_bytes(const MgdStr hay, const MgdStr needle)
{
  if (!needle.len) {
    return hay.ptr ? hay.ptr : "";
  }
  if (needle.len > hay.len) {
    return NULL;
  }
  for (size_t i = 0; i + needle.len <= hay.len; ++i) {
    if (!memcmp(hay.ptr + i, needle.ptr, needle.len)) {
      return hay.ptr + i;
    }
  }
  return NULL;
}

// ---------------------------------------------------------------------------
// Individual functions

// fn:substring: characters at 1-based positions p with
// start <= p < start + length. SPARQL's SUBSTR takes xsd:integer positions
// (§17.4.3.3): a decimal or double argument is a type error, as in Oxigraph.
static MgdStatus
fn_substr(MgdFuncCtx* const ctx, const MgdTerm* const args,
          const size_t n_args, MgdTerm* const out)
{
  MgdNum start;
  MgdNum len;
  if (!is_string_lit(&args[0]) || !mgd_fn_num_parse(&args[1], &start) ||
      start.kind != MGD_NUM_INTEGER ||
      (n_args == 3 &&
       (!mgd_fn_num_parse(&args[2], &len) || len.kind != MGD_NUM_INTEGER))) {
    return MGD_FAILURE;
  }
  const double s = start.kind == MGD_NUM_INTEGER   ? (double)start.i
                   : start.kind == MGD_NUM_DECIMAL ? mgd_dec_to_double(start.d)
                                                   : start.f;
  const double first = floor(s + 0.5);
  double       end   = INFINITY;
  if (n_args == 3) {
    const double l = len.kind == MGD_NUM_INTEGER   ? (double)len.i
                     : len.kind == MGD_NUM_DECIMAL ? mgd_dec_to_double(len.d)
                                                   : len.f;
    end = first + floor(l + 0.5);
  }
  const MgdStr str   = args[0].value;
  size_t       from  = str.len;
  size_t       to    = str.len;
  size_t       off   = 0;
  bool         found = false;
  for (double pos = 1; off <= str.len; pos += 1) {
    if (!found && pos >= first && pos < end) {
      from  = off;
      found = true;
    }
    if (found && !(pos < end)) {
      to = off;
      break;
    }
    if (off == str.len) {
      break;
    }
    uint32_t     c = 0;
    const size_t n = mgd_utf8_decode(str.ptr + off, str.len - off, &c);
    off += n ? n : 1;
  }
  if (!found) {
    from = to = 0;
  }
  return make_like(ctx, &args[0], mgd_str_n(str.ptr + from, to - from), out);
}

// Unconditional full case mappings of Unicode SpecialCasing.txt that
// utf8proc's simple mappings lack (XPath fn:upper-case / fn:lower-case use
// the full mappings). Each replacement is at most 1.5 times as long.
typedef struct {
  uint32_t    cp;
  bool        is_upper; ///< Applies to UCASE (else LCASE)
  const char* to;       ///< UTF-8 replacement
} SpecialCase;

static const SpecialCase k_special_case[] = {
  {0x00DF, true, "SS"},          {0x0149, true, "\xCA\xBCN"},
  {0xFB00, true, "FF"},          {0xFB01, true, "FI"},
  {0xFB02, true, "FL"},          {0xFB03, true, "FFI"},
  {0xFB04, true, "FFL"},         {0xFB05, true, "ST"},
  {0xFB06, true, "ST"},          {0x0130, false, "i\xCC\x87"},
};

static const char*
special_case(const uint32_t cp, const bool is_upper)
{
  for (size_t i = 0; i < sizeof(k_special_case) / sizeof(k_special_case[0]);
       ++i) {
    if (k_special_case[i].cp == cp && k_special_case[i].is_upper == is_upper) {
      return k_special_case[i].to;
    }
  }
  return NULL;
}

static MgdStatus
fn_case(MgdFuncCtx* const ctx, const MgdFunc fn, const MgdTerm* const arg,
        MgdTerm* const out)
{
  if (!is_string_lit(arg)) {
    return MGD_FAILURE;
  }
  const MgdStr s   = arg->value;
  char* const  buf = mgd_arena_alloc(ctx->arena, s.len * 2 + 1);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  // Simple case mappings never change the encoded length by more than 2x
  // (e.g. U+023A -> U+2C65 grows from 2 to 3 bytes).
  size_t n = 0;
  for (size_t off = 0; off < s.len;) {
    uint32_t     c   = 0;
    const size_t len = mgd_utf8_decode(s.ptr + off, s.len - off, &c);
    if (!len) {
      buf[n++] = s.ptr[off++];
      continue;
    }
    off += len;
    const char* const special = special_case(c, fn == MGD_FN_UCASE);
    if (special) {
      const size_t n_special = strlen(special);
      memcpy(buf + n, special, n_special);
      n += n_special;
      continue;
    }
    const utf8proc_int32_t m = fn == MGD_FN_UCASE
                                 ? utf8proc_toupper((utf8proc_int32_t)c)
                                 : utf8proc_tolower((utf8proc_int32_t)c);
    n += mgd_utf8_encode((uint32_t)m, buf + n);
  }
  buf[n] = '\0';
  *out   = mgd_term_literal(mgd_str_n(buf, n),
                            arg->lang.len ? k_empty : arg->datatype, arg->lang);
  return MGD_SUCCESS;
}

static MgdStatus
fn_before_after(MgdFuncCtx* const ctx, const MgdFunc fn,
                const MgdTerm* const args, MgdTerm* const out)
{
  if (!compatible(&args[0], &args[1])) {
    return MGD_FAILURE;
  }
  const MgdStr      s   = args[0].value;
  const char* const hit = find_bytes(s, args[1].value);
  if (!hit) {
    *out = mgd_term_literal(k_empty, k_empty, k_empty);
    return MGD_SUCCESS;
  }
  const size_t at = s.len ? (size_t)(hit - s.ptr) : 0;
  const MgdStr part =
    fn == MGD_FN_STRBEFORE
      ? mgd_str_n(s.ptr, at)
      : mgd_str_n(s.ptr + at + args[1].value.len,
                  s.len - at - args[1].value.len);
  return make_like(ctx, &args[0], part, out);
}

static MgdStatus
fn_encode_for_uri(MgdFuncCtx* const ctx, const MgdTerm* const arg,
                  MgdTerm* const out)
{
  if (!is_string_lit(arg)) {
    return MGD_FAILURE;
  }
  static const char k_hex[] = "0123456789ABCDEF";
  const MgdStr      s       = arg->value;
  char* const       buf     = mgd_arena_alloc(ctx->arena, s.len * 3 + 1);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  size_t n = 0;
  for (size_t i = 0; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    // RFC 3986 unreserved characters stay; every other byte is escaped.
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      buf[n++] = (char)c;
    } else {
      buf[n++] = '%';
      buf[n++] = k_hex[c >> 4];
      buf[n++] = k_hex[c & 15];
    }
  }
  buf[n] = '\0';
  *out   = mgd_term_literal(mgd_str_n(buf, n), k_empty, k_empty);
  return MGD_SUCCESS;
}

static MgdStatus
fn_concat(MgdFuncCtx* const ctx, const MgdTerm* const args,
          const size_t n_args, MgdTerm* const out)
{
  size_t total     = 0;
  bool   same_lang = n_args > 0;
  bool   all_xsd   = n_args > 0;
  for (size_t i = 0; i < n_args; ++i) {
    if (!is_string_lit(&args[i])) {
      return MGD_FAILURE;
    }
    total += args[i].value.len;
    if (!args[i].lang.len || args[i].lang.len != args[0].lang.len ||
        strncasecmp(args[i].lang.ptr, args[0].lang.ptr, args[0].lang.len)) {
      same_lang = false;
    }
    if (!mgd_str_eqc(args[i].datatype, MGD_XSD_STRING)) {
      all_xsd = false;
    }
  }
  char* const buf = mgd_arena_alloc(ctx->arena, total + 1);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  size_t n = 0;
  for (size_t i = 0; i < n_args; ++i) {
    if (args[i].value.len) {
      memcpy(buf + n, args[i].value.ptr, args[i].value.len);
      n += args[i].value.len;
    }
  }
  buf[n] = '\0';
  *out   = mgd_term_literal(mgd_str_n(buf, n),
                            all_xsd ? mgd_str(MGD_XSD_STRING) : k_empty,
                            same_lang ? args[0].lang : k_empty);
  return MGD_SUCCESS;
}

// RFC 4647 §3.3.1 basic filtering.
static MgdStatus
fn_langmatches(const MgdTerm* const args, MgdTerm* const out)
{
  if (!is_simple(&args[0]) || !is_simple(&args[1])) {
    return MGD_FAILURE;
  }
  const MgdStr tag   = args[0].value;
  const MgdStr range = args[1].value;
  bool         match = false;
  if (mgd_str_eqc(range, "*")) {
    match = tag.len > 0;
  } else if (range.len <= tag.len &&
             (range.len == 0 ? tag.len == 0
                             : !strncasecmp(tag.ptr, range.ptr, range.len))) {
    match = range.len == tag.len || tag.ptr[range.len] == '-';
  }
  *out = mgd_fn_bool(match);
  return MGD_SUCCESS;
}

static MgdStatus
fn_hash(MgdFuncCtx* const ctx, const MgdFunc fn, const MgdTerm* const arg,
        MgdTerm* const out)
{
  if (!is_simple(arg)) {
    return MGD_FAILURE;
  }
  const EVP_MD* const md = fn == MGD_FN_MD5      ? EVP_md5()
                           : fn == MGD_FN_SHA1   ? EVP_sha1()
                           : fn == MGD_FN_SHA256 ? EVP_sha256()
                           : fn == MGD_FN_SHA384 ? EVP_sha384()
                                                 : EVP_sha512();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int  n_digest = 0;
  if (!md || EVP_Digest(arg->value.ptr ? arg->value.ptr : "", arg->value.len,
                        digest, &n_digest, md, NULL) != 1) {
    return MGD_BAD_INTERNAL;
  }
  static const char k_hex[] = "0123456789abcdef";
  char              hex[EVP_MAX_MD_SIZE * 2];
  for (unsigned i = 0; i < n_digest; ++i) {
    hex[2 * i]     = k_hex[digest[i] >> 4];
    hex[2 * i + 1] = k_hex[digest[i] & 15];
  }
  return make_simple(ctx, hex, n_digest * 2U, out);
}

static MgdStatus
fn_uuid(MgdFuncCtx* const ctx, const bool as_iri, MgdTerm* const out)
{
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    return MGD_BAD_INTERNAL;
  }
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); // RFC 4122 version 4
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); // RFC 4122 variant
  char buf[64];
  int  n = snprintf(buf, sizeof(buf), "%s", as_iri ? "urn:uuid:" : "");
  for (int i = 0; i < 16; ++i) {
    n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s%02x",
                  (i == 4 || i == 6 || i == 8 || i == 10) ? "-" : "", b[i]);
  }
  if (as_iri) {
    char* const copy = mgd_arena_strndup(ctx->arena, buf, (size_t)n);
    if (!copy) {
      return MGD_BAD_ALLOC;
    }
    *out = mgd_term_iri(mgd_str_n(copy, (size_t)n));
    return MGD_SUCCESS;
  }
  return make_simple(ctx, buf, (size_t)n, out);
}

// ---------------------------------------------------------------------------
// IRI resolution (RFC 3986 §5.2)

typedef struct {
  MgdStr scheme, authority, path, query, fragment;
  bool   has_scheme, has_authority, has_query, has_fragment;
} IriParts;

static IriParts
iri_split(const MgdStr s)
{
  IriParts p;
  memset(&p, 0, sizeof(p));
  size_t i = 0;
  for (; i < s.len; ++i) {
    const char c = s.ptr[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c == ':' && i > 0) {
      p.has_scheme = true;
      p.scheme     = mgd_str_n(s.ptr, i);
      ++i;
      break;
    }
    if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' ||
                              c == '-' || c == '.')))) {
      i = 0;
      break;
    }
  }
  if (!p.has_scheme) {
    i = 0;
  }
  if (i + 1 < s.len && s.ptr[i] == '/' && s.ptr[i + 1] == '/') {
    size_t j = i + 2;
    while (j < s.len && !strchr("/?#", s.ptr[j])) {
      ++j;
    }
    p.has_authority = true;
    p.authority     = mgd_str_n(s.ptr + i + 2, j - i - 2);
    i               = j;
  }
  size_t j = i;
  while (j < s.len && s.ptr[j] != '?' && s.ptr[j] != '#') {
    ++j;
  }
  p.path = mgd_str_n(s.ptr + i, j - i);
  i      = j;
  if (i < s.len && s.ptr[i] == '?') {
    j = ++i;
    while (j < s.len && s.ptr[j] != '#') {
      ++j;
    }
    p.has_query = true;
    p.query     = mgd_str_n(s.ptr + i, j - i);
    i           = j;
  }
  if (i < s.len && s.ptr[i] == '#') {
    p.has_fragment = true;
    p.fragment     = mgd_str_n(s.ptr + i + 1, s.len - i - 1);
  }
  return p;
}

// RFC 3986 §5.2.4, appending the result to `out`.
static MgdStatus
remove_dot_segments(const MgdStr path, MgdBuf* const out)
{
  const size_t base = out->len;
  size_t       i    = 0;
  while (i < path.len) {
    const MgdStr in = mgd_str_n(path.ptr + i, path.len - i);
    if (mgd_str_has_prefix(in, "../")) {
      i += 3;
    } else if (mgd_str_has_prefix(in, "./")) {
      i += 2;
    } else if (mgd_str_has_prefix(in, "/./")) {
      i += 2;
    } else if (mgd_str_eqc(in, "/.")) {
      MgdStatus st = mgd_buf_putc(out, '/');
      if (st) {
        return st;
      }
      break;
    } else if (mgd_str_has_prefix(in, "/../") || mgd_str_eqc(in, "/..")) {
      // Drop the last output segment; "/.." at the end leaves a "/".
      i += 3;
      while (out->len > base && out->data[out->len - 1] != '/') {
        --out->len;
      }
      if (out->len > base) {
        --out->len;
      }
      out->data[out->len] = '\0';
      if (i >= path.len) {
        MgdStatus st = mgd_buf_putc(out, '/');
        if (st) {
          return st;
        }
      }
    } else if (mgd_str_eqc(in, ".") || mgd_str_eqc(in, "..")) {
      break;
    } else {
      size_t j = i + (path.ptr[i] == '/' ? 1 : 0);
      while (j < path.len && path.ptr[j] != '/') {
        ++j;
      }
      MgdStatus st = mgd_buf_append(out, path.ptr + i, j - i);
      if (st) {
        return st;
      }
      i = j;
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
iri_resolve(const MgdStr base, const MgdStr ref, MgdBuf* const out)
{
  const IriParts r = iri_split(ref);
  const IriParts b = iri_split(base);
  MgdStatus      st = MGD_SUCCESS;
  MgdStr         scheme = r.has_scheme ? r.scheme : b.scheme;
#define PUT(s, n)                                   \
  do {                                              \
    if ((st = mgd_buf_append(out, (s), (n)))) {     \
      return st;                                    \
    }                                               \
  } while (0)
  PUT(scheme.ptr, scheme.len);
  PUT(":", 1);
  if (r.has_scheme || r.has_authority) {
    if (r.has_authority) {
      PUT("//", 2);
      PUT(r.authority.ptr, r.authority.len);
    }
    MGD_TRY(st, remove_dot_segments(r.path, out));
    if (r.has_query) {
      PUT("?", 1);
      PUT(r.query.ptr, r.query.len);
    }
  } else {
    if (b.has_authority) {
      PUT("//", 2);
      PUT(b.authority.ptr, b.authority.len);
    }
    if (!r.path.len) {
      PUT(b.path.ptr, b.path.len);
      const MgdStr q = r.has_query ? r.query : b.query;
      if (r.has_query || b.has_query) {
        PUT("?", 1);
        PUT(q.ptr, q.len);
      }
    } else {
      if (r.path.ptr[0] == '/') {
        MGD_TRY(st, remove_dot_segments(r.path, out));
      } else {
        // Merge (§5.2.3): base path up to its last '/', then the reference.
        MgdBuf merged;
        mgd_buf_init(&merged);
        if (b.has_authority && !b.path.len) {
          st = mgd_buf_putc(&merged, '/');
        } else {
          size_t k = b.path.len;
          while (k > 0 && b.path.ptr[k - 1] != '/') {
            --k;
          }
          st = mgd_buf_append(&merged, b.path.ptr, k);
        }
        if (!st) {
          st = mgd_buf_append(&merged, r.path.ptr, r.path.len);
        }
        if (!st) {
          st = remove_dot_segments(mgd_buf_str(&merged), out);
        }
        mgd_buf_clear(&merged);
        if (st) {
          return st;
        }
      }
      if (r.has_query) {
        PUT("?", 1);
        PUT(r.query.ptr, r.query.len);
      }
    }
  }
  if (r.has_fragment) {
    PUT("#", 1);
    PUT(r.fragment.ptr, r.fragment.len);
  }
#undef PUT
  return MGD_SUCCESS;
}

static MgdStatus
fn_iri(MgdFuncCtx* const ctx, const MgdTerm* const arg, MgdTerm* const out)
{
  if (arg->kind == MGD_TERM_IRI) {
    *out = *arg;
    return MGD_SUCCESS;
  }
  if (!is_simple(arg)) {
    return MGD_FAILURE;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  MgdStatus st = MGD_SUCCESS;
  if (ctx->base.len && !iri_split(arg->value).has_scheme) {
    st = iri_resolve(ctx->base, arg->value, &buf);
  } else {
    st = mgd_buf_append(&buf, arg->value.ptr ? arg->value.ptr : "",
                        arg->value.len);
  }
  if (!st && !mgd_iri_is_valid(mgd_buf_str(&buf))) {
    st = MGD_FAILURE;
  }
  if (!st) {
    char* const copy = mgd_arena_strndup(ctx->arena, buf.data, buf.len);
    if (!copy) {
      st = MGD_BAD_ALLOC;
    } else {
      *out = mgd_term_iri(mgd_str_n(copy, buf.len));
    }
  }
  mgd_buf_clear(&buf);
  return st;
}

// ---------------------------------------------------------------------------
// Regular expressions (§17.4.3.14, XPath fn:matches / fn:replace)

typedef struct {
  char*       pattern; ///< Owned copy (NUL-terminated)
  size_t      n_pattern;
  uint32_t    options;
  pcre2_code* code; ///< Owned
} RegexEntry;

typedef struct {
  RegexEntry             entries[REGEX_CACHE_SIZE];
  unsigned               next; ///< Round-robin slot to evict
  pcre2_match_context*   mctx; ///< Owned; carries the backtracking limits
} RegexCache;

void
mgd_fn_regex_cache_free(void* const cache)
{
  RegexCache* const c = cache;
  if (!c) {
    return;
  }
  for (unsigned i = 0; i < REGEX_CACHE_SIZE; ++i) {
    mgd_free(c->entries[i].pattern);
    pcre2_code_free(c->entries[i].code);
  }
  pcre2_match_context_free(c->mctx);
  mgd_free(c);
}

static MgdStatus
regex_flags(const MgdTerm* const flags, uint32_t* const options)
{
  // XPath: \d, \w are Unicode-aware and $ matches only at the very end.
  *options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  if (!flags) {
    return MGD_SUCCESS;
  }
  if (!is_simple(flags)) {
    return MGD_FAILURE;
  }
  bool is_literal = false;
  for (size_t i = 0; i < flags->value.len; ++i) {
    switch (flags->value.ptr[i]) {
    case 'i':
      *options |= PCRE2_CASELESS;
      break;
    case 's':
      *options |= PCRE2_DOTALL;
      break;
    case 'm':
      *options |= PCRE2_MULTILINE;
      break;
    case 'x':
      *options |= PCRE2_EXTENDED;
      break;
    case 'q':
      is_literal = true;
      break;
    default:
      return MGD_FAILURE; // XPath err:FORX0001
    }
  }
  if (is_literal) {
    // With q the pattern is a plain string; only i still applies.
    *options = (*options & (PCRE2_UTF | PCRE2_CASELESS)) | PCRE2_LITERAL;
  }
  return MGD_SUCCESS;
}

// XPath flag x: remove #x9, #xA, #xD and #x20 outside character classes.
static MgdStatus
regex_strip_ws(const MgdStr p, MgdBuf* const out)
{
  int       depth = 0;
  MgdStatus st    = mgd_buf_reserve(out, p.len + 1);
  for (size_t i = 0; !st && i < p.len; ++i) {
    const char c = p.ptr[i];
    if (c == '\\' && i + 1 < p.len) {
      st = mgd_buf_append(out, p.ptr + i, 2);
      ++i;
      continue;
    }
    if (c == '[') {
      ++depth;
    } else if (c == ']' && depth > 0) {
      --depth;
    } else if (!depth && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      continue;
    }
    st = mgd_buf_putc(out, c);
  }
  return st;
}

// The compiled pattern, from the cache or newly compiled; MGD_FAILURE for an
// invalid pattern.
static MgdStatus
regex_get(MgdFuncCtx* const ctx, const MgdTerm* const pattern,
          const MgdTerm* const flags, pcre2_code** const code,
          pcre2_match_context** const mctx)
{
  uint32_t options = 0;
  if (!is_simple(pattern) || regex_flags(flags, &options)) {
    return MGD_FAILURE;
  }
  RegexCache* c = ctx->private_;
  if (!c) {
    if (!(c = mgd_calloc(1, sizeof(*c)))) {
      return MGD_BAD_ALLOC;
    }
    if (!(c->mctx = pcre2_match_context_create(NULL))) {
      mgd_free(c);
      return MGD_BAD_ALLOC;
    }
    pcre2_set_match_limit(c->mctx, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(c->mctx, REGEX_DEPTH_LIMIT);
    ctx->private_ = c;
  }
  *mctx          = c->mctx;
  const MgdStr p = pattern->value;
  for (unsigned i = 0; i < REGEX_CACHE_SIZE; ++i) {
    RegexEntry* const e = &c->entries[i];
    if (e->code && e->options == options && e->n_pattern == p.len &&
        (!p.len || !memcmp(e->pattern, p.ptr, p.len))) {
      *code = e->code;
      return MGD_SUCCESS;
    }
  }
  // PCRE2_EXTENDED marks the x flag in the cache key only: PCRE2 would also
  // treat '#' as a comment, so the whitespace is stripped here instead.
  MgdBuf stripped;
  mgd_buf_init(&stripped);
  if ((options & PCRE2_EXTENDED) && regex_strip_ws(p, &stripped)) {
    return MGD_BAD_ALLOC;
  }
  const MgdStr src  = (options & PCRE2_EXTENDED) ? mgd_buf_str(&stripped) : p;
  int          err     = 0;
  PCRE2_SIZE   err_off = 0;
  pcre2_code*  compiled =
    pcre2_compile((PCRE2_SPTR)(src.ptr ? src.ptr : ""), src.len,
                  options & ~(uint32_t)PCRE2_EXTENDED, &err, &err_off, NULL);
  mgd_buf_clear(&stripped);
  if (!compiled) {
    return err == PCRE2_ERROR_HEAPLIMIT || err == PCRE2_ERROR_NOMEMORY
             ? MGD_BAD_ALLOC
             : MGD_FAILURE;
  }
  char* const copy = mgd_strndup(p.ptr ? p.ptr : "", p.len);
  if (!copy) {
    pcre2_code_free(compiled);
    return MGD_BAD_ALLOC;
  }
  RegexEntry* const e = &c->entries[c->next];
  c->next             = (c->next + 1) % REGEX_CACHE_SIZE;
  mgd_free(e->pattern);
  pcre2_code_free(e->code);
  e->pattern   = copy;
  e->n_pattern = p.len;
  e->options   = options;
  e->code      = compiled;
  *code        = compiled;
  return MGD_SUCCESS;
}

// pcre2_match() as a status: MGD_SUCCESS match, MGD_FAILURE none,
// MGD_BAD_LIMIT for an error (limits hit, bad UTF-8).
static MgdStatus
regex_match(pcre2_code* const code, pcre2_match_context* const mctx,
            const MgdStr subject, const size_t offset,
            pcre2_match_data* const md)
{
  const int rc = pcre2_match(code, (PCRE2_SPTR)(subject.ptr ? subject.ptr : ""),
                             subject.len, offset, 0, md, mctx);
  return rc >= 0                        ? MGD_SUCCESS
         : rc == PCRE2_ERROR_NOMATCH    ? MGD_FAILURE
         : rc == PCRE2_ERROR_NOMEMORY   ? MGD_BAD_ALLOC
                                        : MGD_BAD_LIMIT;
}

static MgdStatus
fn_regex(MgdFuncCtx* const ctx, const MgdTerm* const args,
         const size_t n_args, MgdTerm* const out)
{
  if (!is_string_lit(&args[0])) {
    return MGD_FAILURE;
  }
  pcre2_code*          code = NULL;
  pcre2_match_context* mctx = NULL;
  MgdStatus st = regex_get(ctx, &args[1], n_args > 2 ? &args[2] : NULL, &code,
                           &mctx);
  if (st) {
    return st;
  }
  pcre2_match_data* const md = pcre2_match_data_create_from_pattern(code, NULL);
  if (!md) {
    return MGD_BAD_ALLOC;
  }
  st = regex_match(code, mctx, args[0].value, 0, md);
  pcre2_match_data_free(md);
  if (st == MGD_BAD_LIMIT) {
    return MGD_FAILURE; // too costly or bad input: an error value
  }
  if (st > MGD_FAILURE) {
    return st;
  }
  *out = mgd_fn_bool(st == MGD_SUCCESS);
  return MGD_SUCCESS;
}

// Appends the XPath replacement string `rep` for the match in `md`:
// $N inserts group N, \$ and \\ are escapes, anything else after $ or \ is
// an error (err:FORX0004).
static MgdStatus
replace_expand(const MgdStr subject, const MgdStr rep,
               pcre2_match_data* const md, const uint32_t n_groups,
               MgdBuf* const out)
{
  const PCRE2_SIZE* const ov = pcre2_get_ovector_pointer(md);
  const uint32_t          n_pairs = pcre2_get_ovector_count(md);
  MgdStatus               st      = MGD_SUCCESS;
  for (size_t i = 0; i < rep.len; ++i) {
    const char c = rep.ptr[i];
    if (c == '\\') {
      if (i + 1 >= rep.len || (rep.ptr[i + 1] != '$' && rep.ptr[i + 1] != '\\')) {
        return MGD_FAILURE;
      }
      MGD_TRY(st, mgd_buf_putc(out, rep.ptr[++i]));
    } else if (c == '$') {
      if (i + 1 >= rep.len || rep.ptr[i + 1] < '0' || rep.ptr[i + 1] > '9') {
        return MGD_FAILURE;
      }
      // Take as many digits as still name an existing group.
      uint32_t g = (uint32_t)(rep.ptr[++i] - '0');
      while (i + 1 < rep.len && rep.ptr[i + 1] >= '0' && rep.ptr[i + 1] <= '9' &&
             g * 10 + (uint32_t)(rep.ptr[i + 1] - '0') <= n_groups) {
        g = g * 10 + (uint32_t)(rep.ptr[++i] - '0');
      }
      if (g <= n_groups && g < n_pairs && ov[2 * g] != PCRE2_UNSET) {
        MGD_TRY(st, mgd_buf_append(out, subject.ptr + ov[2 * g],
                                   ov[2 * g + 1] - ov[2 * g]));
      }
    } else {
      MGD_TRY(st, mgd_buf_putc(out, c));
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
replace_all(const MgdStr s, const MgdStr rep, pcre2_code* const code,
            pcre2_match_context* const mctx, pcre2_match_data* const md,
            MgdBuf* const out)
{
  uint32_t n_groups = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n_groups);
  // A pattern that can match the empty string (F&O 2.0's err:FORX0003) is
  // allowed, as Oxigraph, Virtuoso and Jena allow it: users strip a local
  // name with REPLACE(STR(?p), "[^/#]*$", "").
  // An empty match right where a non-empty one ended is skipped (as
  // Oxigraph's regex does): "baaa" with a* gives "-b-", not "-b--".
  MgdStatus st       = MGD_SUCCESS;
  size_t    pos      = 0;
  size_t    last_end = SIZE_MAX; // end of the last non-empty match
  while (pos <= s.len) {
    st = regex_match(code, mctx, s, pos, md);
    if (st == MGD_FAILURE) {
      break;
    }
    if (st) {
      return st == MGD_BAD_LIMIT ? MGD_FAILURE : st;
    }
    const PCRE2_SIZE* const ov = pcre2_get_ovector_pointer(md);
    if (ov[0] == ov[1] && ov[0] == last_end) {
      if (ov[0] >= s.len) {
        break;
      }
      uint32_t     c = 0;
      const size_t n = mgd_utf8_decode(s.ptr + ov[0], s.len - ov[0], &c);
      MGD_TRY(st, mgd_buf_append(out, s.ptr + pos, ov[0] + (n ? n : 1) - pos));
      pos = ov[0] + (n ? n : 1);
      continue;
    }
    if (ov[1] > ov[0]) {
      last_end = ov[1];
    }
    MGD_TRY(st, mgd_buf_append(out, s.ptr + pos, ov[0] - pos));
    if ((st = replace_expand(s, rep, md, n_groups, out))) {
      return st; // MGD_FAILURE: bad replacement string
    }
    if (ov[1] == ov[0]) {
      // Lookarounds can still match empty: copy one character and go on.
      if (ov[1] >= s.len) {
        pos = s.len + 1;
        break;
      }
      uint32_t     c = 0;
      const size_t n = mgd_utf8_decode(s.ptr + ov[1], s.len - ov[1], &c);
      MGD_TRY(st, mgd_buf_append(out, s.ptr + ov[1], n ? n : 1));
      pos = ov[1] + (n ? n : 1);
    } else {
      pos = ov[1];
    }
  }
  if (pos < s.len) {
    MGD_TRY(st, mgd_buf_append(out, s.ptr + pos, s.len - pos));
  }
  return MGD_SUCCESS;
}

static MgdStatus
fn_replace(MgdFuncCtx* const ctx, const MgdTerm* const args,
           const size_t n_args, MgdTerm* const out)
{
  if (!is_string_lit(&args[0]) || !is_simple(&args[2])) {
    return MGD_FAILURE;
  }
  pcre2_code*          code = NULL;
  pcre2_match_context* mctx = NULL;
  MgdStatus st = regex_get(ctx, &args[1], n_args > 3 ? &args[3] : NULL, &code,
                           &mctx);
  if (st) {
    return st;
  }
  pcre2_match_data* const md = pcre2_match_data_create_from_pattern(code, NULL);
  if (!md) {
    return MGD_BAD_ALLOC;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  st = replace_all(args[0].value, args[2].value, code, mctx, md, &buf);
  pcre2_match_data_free(md);
  if (!st) {
    st = make_like(ctx, &args[0], mgd_buf_str(&buf), out);
  }
  mgd_buf_clear(&buf);
  return st;
}

// ---------------------------------------------------------------------------
// Dispatch

MgdStatus
mgd_fn_call_str(MgdFuncCtx* const ctx, const MgdFunc fn,
                const MgdTerm* const args, const size_t n_args,
                MgdTerm* const out)
{
  const MgdTerm* const a = n_args > 0 ? &args[0] : NULL;
  switch (fn) {
  case MGD_FN_STR:
    if (a->kind != MGD_TERM_IRI && a->kind != MGD_TERM_LITERAL) {
      return MGD_FAILURE;
    }
    *out = mgd_term_literal(a->value, k_empty, k_empty);
    return MGD_SUCCESS;
  case MGD_FN_LANG:
    if (a->kind != MGD_TERM_LITERAL) {
      return MGD_FAILURE;
    }
    *out = mgd_term_literal(a->lang, k_empty, k_empty);
    return MGD_SUCCESS;
  case MGD_FN_DATATYPE:
    if (a->kind != MGD_TERM_LITERAL) {
      return MGD_FAILURE;
    }
    *out = mgd_term_iri(mgd_term_datatype(a));
    return MGD_SUCCESS;
  case MGD_FN_IRI:
    return fn_iri(ctx, a, out);
  case MGD_FN_STRDT:
    if (!is_simple(a) || args[1].kind != MGD_TERM_IRI) {
      return MGD_FAILURE;
    }
    *out = mgd_term_literal(a->value, args[1].value, k_empty);
    return MGD_SUCCESS;
  case MGD_FN_STRLANG:
    if (!is_simple(a) || !is_simple(&args[1]) ||
        !mgd_lang_is_valid(args[1].value)) {
      return MGD_FAILURE;
    }
    { // lower-cased, as the store and the parser keep tags
      char* const tag =
        mgd_arena_strndup(ctx->arena, args[1].value.ptr, args[1].value.len);
      if (!tag) {
        return MGD_BAD_ALLOC;
      }
      for (size_t i = 0; i < args[1].value.len; ++i) {
        tag[i] = (char)tolower((unsigned char)tag[i]);
      }
      *out = mgd_term_literal(a->value, k_empty,
                              mgd_str_n(tag, args[1].value.len));
    }
    return MGD_SUCCESS;
  case MGD_FN_UUID:
    return fn_uuid(ctx, true, out);
  case MGD_FN_STRUUID:
    return fn_uuid(ctx, false, out);
  case MGD_FN_STRLEN:
    if (!is_string_lit(a)) {
      return MGD_FAILURE;
    }
    return mgd_fn_make_int(
      ctx, (int64_t)mgd_utf8_length(a->value.ptr, a->value.len), out);
  case MGD_FN_SUBSTR:
    return fn_substr(ctx, args, n_args, out);
  case MGD_FN_UCASE:
  case MGD_FN_LCASE:
    return fn_case(ctx, fn, a, out);
  case MGD_FN_STRSTARTS:
  case MGD_FN_STRENDS:
  case MGD_FN_CONTAINS: {
    if (!compatible(a, &args[1])) {
      return MGD_FAILURE;
    }
    const MgdStr s = a->value;
    const MgdStr t = args[1].value;
    bool         r = false;
    if (fn == MGD_FN_CONTAINS) {
      r = find_bytes(s, t) != NULL;
    } else if (t.len <= s.len) {
      r = !t.len || !memcmp(fn == MGD_FN_STRSTARTS ? s.ptr
                                                   : s.ptr + s.len - t.len,
                            t.ptr, t.len);
    }
    *out = mgd_fn_bool(r);
    return MGD_SUCCESS;
  }
  case MGD_FN_STRBEFORE:
  case MGD_FN_STRAFTER:
    return fn_before_after(ctx, fn, args, out);
  case MGD_FN_ENCODE_FOR_URI:
    return fn_encode_for_uri(ctx, a, out);
  case MGD_FN_CONCAT:
    return fn_concat(ctx, args, n_args, out);
  case MGD_FN_LANGMATCHES:
    return fn_langmatches(args, out);
  case MGD_FN_REGEX:
    return fn_regex(ctx, args, n_args, out);
  case MGD_FN_REPLACE:
    return fn_replace(ctx, args, n_args, out);
  case MGD_FN_MD5:
  case MGD_FN_SHA1:
  case MGD_FN_SHA256:
  case MGD_FN_SHA384:
  case MGD_FN_SHA512:
    return fn_hash(ctx, fn, a, out);
  default:
    return MGD_BAD_ARG;
  }
}
