// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Keywords and IRI references for the JSON-LD processor: RFC 3986 §5.2
// resolution (no normalisation, as JSON-LD 1.1 API §5.2.2 step 8 demands)
// and the inverse, making an IRI relative to the base for compaction.
#include "syntax/jsonld_impl.h"

#include <string.h>

// Sorted (jld_is_keyword stops at the first larger second byte).
static const char* const jld_keywords[] = {
  "@base",     "@container", "@context", "@default",  "@direction",
  "@embed",    "@explicit",  "@graph",   "@id",       "@import",
  "@included", "@index",     "@json",    "@language", "@list",
  "@nest",     "@none",      "@omitDefault", "@prefix", "@preserve",
  "@propagate", "@protected", "@requireAll", "@reverse", "@set",
  "@type",     "@value",     "@version", "@vocab",
};

bool
jld_is_keyword(const char* const s)
{
  if (!s || s[0] != '@') {
    return false;
  }
  // Called for every key and @id/@type value: only the keywords with the
  // same second byte are compared (at most four).
  for (size_t i = 0U; i < sizeof(jld_keywords) / sizeof(jld_keywords[0]);
       ++i) {
    const char c = jld_keywords[i][1];
    if (c > s[1]) {
      break; // the table is sorted
    }
    if (c == s[1] && !strcmp(s, jld_keywords[i])) {
      return true;
    }
  }
  return false;
}

// "@" followed by one or more ALPHA (JSON-LD 1.1 §9.1 note on keyword form).
bool
jld_keyword_form(const char* const s)
{
  if (!s || s[0] != '@' || !s[1]) {
    return false;
  }
  for (const char* p = s + 1; *p; ++p) {
    const char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      return false;
    }
  }
  return true;
}

static size_t
scheme_len(const char* const s)
{
  const char c0 = s[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))) {
    return 0U;
  }
  size_t i = 1U;
  for (; s[i]; ++i) {
    const char c = s[i];
    if (c == ':') {
      return i;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
      return 0U;
    }
  }
  return 0U;
}

bool
jld_is_absolute_iri(const char* const s)
{
  return s && scheme_len(s) > 0U;
}

bool
jld_is_bnode(const char* const s)
{
  return s && s[0] == '_' && s[1] == ':';
}

typedef struct {
  MgdStr scheme;
  MgdStr authority;
  MgdStr path;
  MgdStr query;
  MgdStr fragment;
  bool   has_scheme;
  bool   has_authority;
  bool   has_query;
  bool   has_fragment;
} IriParts;

static void
iri_split(const char* const s, IriParts* const p)
{
  memset(p, 0, sizeof(*p));
  const char* cur = s;
  const size_t n_scheme = scheme_len(s);
  if (n_scheme) {
    p->has_scheme = true;
    p->scheme     = mgd_str_n(s, n_scheme);
    cur           = s + n_scheme + 1U;
  }
  if (cur[0] == '/' && cur[1] == '/') {
    cur += 2;
    const char* const end = cur + strcspn(cur, "/?#");
    p->has_authority      = true;
    p->authority          = mgd_str_n(cur, (size_t)(end - cur));
    cur                   = end;
  }
  const char* const pend = cur + strcspn(cur, "?#");
  p->path                = mgd_str_n(cur, (size_t)(pend - cur));
  cur                    = pend;
  if (*cur == '?') {
    ++cur;
    const char* const qend = cur + strcspn(cur, "#");
    p->has_query           = true;
    p->query               = mgd_str_n(cur, (size_t)(qend - cur));
    cur                    = qend;
  }
  if (*cur == '#') {
    p->has_fragment = true;
    p->fragment     = mgd_str(cur + 1);
  }
}

// RFC 3986 §5.2.4 remove_dot_segments, writing into `out`.
static MgdStatus
remove_dots(const MgdStr in, MgdBuf* const out)
{
  size_t      i = 0U;
  const char* s = in.ptr;
  const size_t n = in.len;
  while (i < n) {
    const size_t rest = n - i;
    if (rest >= 3U && !memcmp(s + i, "../", 3U)) {
      i += 3U;
    } else if (rest >= 2U && !memcmp(s + i, "./", 2U)) {
      i += 2U;
    } else if (rest >= 3U && !memcmp(s + i, "/./", 3U)) {
      i += 2U;
    } else if (rest == 2U && !memcmp(s + i, "/.", 2U)) {
      // "/." at the end becomes "/"
      MgdStatus st = mgd_buf_putc(out, '/');
      if (st) {
        return st;
      }
      i += 2U;
    } else if ((rest >= 4U && !memcmp(s + i, "/../", 4U)) ||
               (rest == 3U && !memcmp(s + i, "/..", 3U))) {
      const bool at_end = rest == 3U;
      i += 3U;
      // drop the last output segment
      while (out->len > 0U && out->data[out->len - 1U] != '/') {
        --out->len;
      }
      if (out->len > 0U) {
        --out->len;
      }
      if (out->data) {
        out->data[out->len] = 0;
      }
      if (at_end) {
        MgdStatus st = mgd_buf_putc(out, '/');
        if (st) {
          return st;
        }
      }
    } else if ((rest == 1U && s[i] == '.') ||
               (rest == 2U && !memcmp(s + i, "..", 2U))) {
      i = n;
    } else {
      size_t j = i;
      if (s[j] == '/') {
        ++j;
      }
      while (j < n && s[j] != '/') {
        ++j;
      }
      MgdStatus st = mgd_buf_append(out, s + i, j - i);
      if (st) {
        return st;
      }
      i = j;
    }
  }
  return MGD_SUCCESS;
}

// True if a segment of path[0..n) is "." or "..".
static bool
has_dot_segment(const char* const path, const size_t n)
{
  size_t i = 0U;
  while (i <= n) {
    size_t j = i;
    while (j < n && path[j] != '/') {
      ++j;
    }
    const size_t len = j - i;
    if ((len == 1U && path[i] == '.') ||
        (len == 2U && path[i] == '.' && path[i + 1U] == '.')) {
      return true;
    }
    i = j + 1U;
  }
  return false;
}

// base[0..n) + ref in the arena.
static const char*
join2(JldProc* const P, const char* const base, const size_t n,
      const char* const ref, bool* const handled)
{
  const size_t m   = strlen(ref);
  char* const  out = (char*)mgd_arena_alloc(&P->arena, n + m + 1U);
  *handled         = true;
  if (!out) {
    jld_error(P, "out of memory", "cannot resolve IRI");
    return NULL;
  }
  memcpy(out, base, n);
  memcpy(out + n, ref, m + 1U);
  return out;
}

// The usual references of a document, "#frag" and "dir/file.ext", resolved
// by copying (no splitting and dot removal): what RFC 3986 §5.2 gives when
// nothing needs removing. *handled is false when the general algorithm is
// needed.
static const char*
resolve_simple(JldProc* const P, const char* const base,
               const IriParts* const b, const char* const ref,
               bool* const handled)
{
  *handled = false;
  if (!b->has_scheme || !b->has_authority || !b->path.len) {
    return NULL;
  }
  if (ref[0] == '#') {
    // path and query of the base, the reference's fragment
    const char* const hash = strchr(base, '#');
    return join2(P, base, hash ? (size_t)(hash - base) : strlen(base), ref,
                 handled);
  }
  const size_t n = strcspn(ref, ":/?#");
  if (!n || ref[n] == ':' || ref[0] == '.') {
    return NULL; // a scheme, an absolute path, a query, or dot segments
  }
  const size_t pn = strcspn(ref, "?#");
  size_t       k  = b->path.len;
  while (k > 0U && b->path.ptr[k - 1U] != '/') {
    --k;
  }
  if (has_dot_segment(ref, pn) || has_dot_segment(b->path.ptr, k)) {
    return NULL;
  }
  return join2(P, base, (size_t)(b->path.ptr - base) + k, ref, handled);
}

const char*
jld_resolve(JldProc* const P, const char* const base, const char* const ref)
{
  if (!base) {
    return ref;
  }
  IriParts b;
  iri_split(base, &b);
  bool              handled = false;
  const char* const simple  = resolve_simple(P, base, &b, ref, &handled);
  if (handled) {
    return simple;
  }
  IriParts r;
  iri_split(ref, &r);
  MgdBuf    out  = {0};
  MgdBuf    path = {0};
  MgdBuf    tmp  = {0};
  MgdStatus st   = MGD_SUCCESS;
  MgdStr    scheme;
  MgdStr    auth;
  bool      has_auth;
  MgdStr    query;
  bool      has_query;
  if (r.has_scheme) {
    scheme    = r.scheme;
    auth      = r.authority;
    has_auth  = r.has_authority;
    st        = remove_dots(r.path, &path);
    query     = r.query;
    has_query = r.has_query;
  } else {
    scheme = b.scheme;
    if (r.has_authority) {
      auth      = r.authority;
      has_auth  = true;
      st        = remove_dots(r.path, &path);
      query     = r.query;
      has_query = r.has_query;
    } else {
      auth     = b.authority;
      has_auth = b.has_authority;
      if (r.path.len == 0U) {
        st        = mgd_buf_append(&path, b.path.ptr, b.path.len);
        query     = r.has_query ? r.query : b.query;
        has_query = r.has_query || b.has_query;
      } else {
        if (r.path.ptr[0] == '/') {
          st = remove_dots(r.path, &path);
        } else {
          // RFC 3986 §5.2.3 merge
          if (b.has_authority && b.path.len == 0U) {
            st = mgd_buf_putc(&tmp, '/');
          } else {
            size_t k = b.path.len;
            while (k > 0U && b.path.ptr[k - 1U] != '/') {
              --k;
            }
            st = mgd_buf_append(&tmp, b.path.ptr, k);
          }
          if (!st) {
            st = mgd_buf_append(&tmp, r.path.ptr, r.path.len);
          }
          if (!st) {
            st = remove_dots(mgd_buf_str(&tmp), &path);
          }
        }
        query     = r.query;
        has_query = r.has_query;
      }
    }
  }
  if (!st && b.has_scheme | r.has_scheme) {
    st = mgd_buf_append(&out, scheme.ptr, scheme.len);
    if (!st) {
      st = mgd_buf_putc(&out, ':');
    }
  }
  if (!st && has_auth) {
    st = mgd_buf_appendc(&out, "//");
    if (!st) {
      st = mgd_buf_append(&out, auth.ptr, auth.len);
    }
  }
  if (!st) {
    st = mgd_buf_append(&out, path.data ? path.data : "", path.len);
  }
  if (!st && has_query) {
    st = mgd_buf_putc(&out, '?');
    if (!st) {
      st = mgd_buf_append(&out, query.ptr, query.len);
    }
  }
  if (!st && r.has_fragment) {
    st = mgd_buf_putc(&out, '#');
    if (!st) {
      st = mgd_buf_append(&out, r.fragment.ptr, r.fragment.len);
    }
  }
  const char* result = NULL;
  if (!st) {
    result = mgd_arena_strndup(&P->arena, out.data ? out.data : "", out.len);
  }
  mgd_buf_clear(&out);
  mgd_buf_clear(&path);
  mgd_buf_clear(&tmp);
  if (!result) {
    jld_error(P, "out of memory", "cannot resolve IRI");
  }
  return result;
}

// Split a dot-free path into segments at '/' (views into `path`).
static size_t
split_segments(const MgdStr path, MgdStr* const segs, const size_t cap)
{
  size_t n     = 0U;
  size_t start = 0U;
  for (size_t i = 0U; i <= path.len; ++i) {
    if (i == path.len || path.ptr[i] == '/') {
      if (n < cap) {
        segs[n] = mgd_str_n(path.ptr + start, i - start);
      }
      ++n;
      start = i + 1U;
    }
  }
  return n;
}

const char*
jld_relativize(JldProc* const P, const char* const base, const char* const iri)
{
  if (!base || !jld_is_absolute_iri(base)) {
    return iri;
  }
  IriParts b;
  iri_split(base, &b);
  // the root is scheme://authority of the base
  const size_t n_root = b.scheme.len + 1U + (b.has_authority ? 2U + b.authority.len : 0U);
  if (strncmp(iri, base, n_root) != 0) {
    return iri;
  }
  IriParts r;
  iri_split(iri + n_root, &r);
  if (r.has_scheme || r.has_authority) {
    return iri;
  }
  MgdBuf bpath = {0};
  MgdBuf rpath = {0};
  MgdBuf out   = {0};
  const char* result = NULL;
  enum { MAXSEG = 256 };
  MgdStr bs[MAXSEG];
  MgdStr rs[MAXSEG];
  if (remove_dots(b.path, &bpath) || remove_dots(r.path, &rpath)) {
    goto done;
  }
  size_t nb = split_segments(mgd_buf_str(&bpath), bs, MAXSEG);
  size_t nr = split_segments(mgd_buf_str(&rpath), rs, MAXSEG);
  if (nb > MAXSEG || nr > MAXSEG) {
    result = iri;
    goto done;
  }
  const size_t last = (r.has_fragment || r.has_query) ? 0U : 1U;
  size_t       ib   = 0U;
  size_t       ir   = 0U;
  while (ib < nb && nr - ir > last) {
    if (!mgd_str_eq(bs[ib], rs[ir])) {
      break;
    }
    ++ib;
    ++ir;
  }
  MgdStatus st = MGD_SUCCESS;
  if (ib < nb) {
    for (size_t k = ib; k + 1U < nb && !st; ++k) {
      st = mgd_buf_appendc(&out, "../");
    }
  }
  for (size_t k = ir; k < nr && !st; ++k) {
    if (k > ir) {
      st = mgd_buf_putc(&out, '/');
    }
    if (!st) {
      st = mgd_buf_append(&out, rs[k].ptr, rs[k].len);
    }
  }
  if (!st && r.has_query) {
    st = mgd_buf_putc(&out, '?');
    if (!st) {
      st = mgd_buf_append(&out, r.query.ptr, r.query.len);
    }
  }
  if (!st && r.has_fragment) {
    st = mgd_buf_putc(&out, '#');
    if (!st) {
      st = mgd_buf_append(&out, r.fragment.ptr, r.fragment.len);
    }
  }
  if (!st && out.len == 0U) {
    st = mgd_buf_appendc(&out, "./");
  }
  if (!st && jld_keyword_form(out.data)) {
    // "@special" would read as a keyword
    MgdBuf dotted = {0};
    st = mgd_buf_appendc(&dotted, "./");
    if (!st) {
      st = mgd_buf_append(&dotted, out.data, out.len);
    }
    mgd_buf_clear(&out);
    out = dotted;
  }
  if (!st) {
    result = mgd_arena_strndup(&P->arena, out.data, out.len);
  }
done:
  mgd_buf_clear(&bpath);
  mgd_buf_clear(&rpath);
  mgd_buf_clear(&out);
  return result ? result : iri;
}
