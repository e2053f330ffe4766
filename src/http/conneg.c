// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "conneg.h"

#include <string.h>

typedef struct {
  MgdStr   type;    ///< Lower-case-insensitive type, or "*"
  MgdStr   subtype; ///< Subtype, or "*"
  unsigned q;       ///< Quality in thousandths
} Range;

static bool
is_space(const char c)
{
  return c == ' ' || c == '\t';
}

static bool
is_tchar(const char c)
{
  // RFC 9110 §5.6.2 token characters
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static char
lower(const char c)
{
  return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool
str_ieq(const MgdStr a, const char* const b, const size_t n)
{
  if (a.len != n) {
    return false;
  }
  for (size_t i = 0U; i < n; ++i) {
    if (lower(a.ptr[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

/// Parse a qvalue (RFC 9110 §12.4.2: 0[.ddd] or 1[.000]); false if bad.
static bool
parse_qvalue(const char* const p, const size_t n, unsigned* const q)
{
  if (!n || (p[0] != '0' && p[0] != '1')) {
    return false;
  }
  unsigned value = (unsigned)(p[0] - '0') * 1000U;
  if (n > 1U) {
    if (p[1] != '.' || n > 5U) {
      return false;
    }
    unsigned scale = 100U;
    for (size_t i = 2U; i < n; ++i, scale /= 10U) {
      if (p[i] < '0' || p[i] > '9') {
        return false;
      }
      value += (unsigned)(p[i] - '0') * scale;
    }
  }
  if (value > 1000U) {
    return false;
  }
  *q = value;
  return true;
}

/// Skip a quoted string starting at `*i` (which holds the quote).
static void
skip_quoted(const char* const s, const size_t n, size_t* const i)
{
  for (++*i; *i < n && s[*i] != '"'; ++*i) {
    if (s[*i] == '\\' && *i + 1U < n) {
      ++*i;
    }
  }
  if (*i < n) {
    ++*i;
  }
}

/// Parse one element of a comma-separated header starting at `*i`: a token
/// (with an optional `/token` when `media`), then `;name=value` parameters
/// of which only q is kept. Leaves `*i` after the next comma. Returns false
/// for an element to ignore (malformed or empty).
static bool
parse_element(const char* const s,
              const size_t      n,
              size_t* const     i,
              const bool        media,
              Range* const      range)
{
  bool ok = true;
  while (*i < n && (is_space(s[*i]) || s[*i] == ',')) {
    ++*i;
  }
  const size_t type_start = *i;
  while (*i < n && is_tchar(s[*i])) {
    ++*i;
  }
  range->type    = mgd_str_n(s + type_start, *i - type_start);
  range->subtype = mgd_str_n(NULL, 0U);
  range->q       = 1000U;
  if (!range->type.len) {
    ok = false;
  } else if (media) {
    if (*i < n && s[*i] == '/') {
      const size_t sub_start = ++*i;
      while (*i < n && is_tchar(s[*i])) {
        ++*i;
      }
      range->subtype = mgd_str_n(s + sub_start, *i - sub_start);
    }
    if (!range->subtype.len ||
        (mgd_str_eqc(range->type, "*") && !mgd_str_eqc(range->subtype, "*"))) {
      ok = false;
    }
  }

  // Parameters, up to the next comma outside quotes.
  while (*i < n && s[*i] != ',') {
    if (is_space(s[*i])) {
      ++*i;
    } else if (s[*i] == ';') {
      ++*i;
      while (*i < n && is_space(s[*i])) {
        ++*i;
      }
      const size_t name_start = *i;
      while (*i < n && is_tchar(s[*i])) {
        ++*i;
      }
      const MgdStr name = mgd_str_n(s + name_start, *i - name_start);
      while (*i < n && is_space(s[*i])) {
        ++*i;
      }
      if (*i < n && s[*i] == '=') {
        ++*i;
        while (*i < n && is_space(s[*i])) {
          ++*i;
        }
        const size_t value_start = *i;
        if (*i < n && s[*i] == '"') {
          skip_quoted(s, n, i);
          if (str_ieq(name, "q", 1U)) {
            ok = false; // a quoted q-value is not allowed
          }
        } else {
          while (*i < n && is_tchar(s[*i])) {
            ++*i;
          }
          if (str_ieq(name, "q", 1U) &&
              !parse_qvalue(s + value_start, *i - value_start, &range->q)) {
            ok = false;
          }
        }
      }
    } else {
      // Junk: skip it, honouring quotes so a quoted comma is not a split
      ok = false;
      if (s[*i] == '"') {
        skip_quoted(s, n, i);
      } else {
        ++*i;
      }
    }
  }
  if (*i < n) {
    ++*i; // the comma
  }
  return ok;
}

static bool
is_blank(const char* const s)
{
  for (const char* p = s; p && *p; ++p) {
    if (!is_space(*p)) {
      return false;
    }
  }
  return true;
}

/// The quality `accept` gives `type` (see mgd_conneg_quality).
static unsigned
range_quality(const char* const accept,
              const char* const type,
              const bool        explicit_only)
{
  if (is_blank(accept)) {
    return 1000U;
  }
  const char* const slash   = strchr(type, '/');
  const size_t      n_type  = slash ? (size_t)(slash - type) : strlen(type);
  const char* const sub     = slash ? slash + 1 : "";
  const size_t      n_sub   = strlen(sub);
  const size_t      n       = strlen(accept);
  int               best    = -1; // specificity of the best match so far
  unsigned          quality = 0U;
  size_t            i       = 0U;
  for (unsigned k = 0U; i < n && k < MGD_CONNEG_MAX_RANGES; ++k) {
    Range r;
    if (!parse_element(accept, n, &i, true, &r)) {
      continue;
    }
    int specificity = -1;
    if (str_ieq(r.type, type, n_type) && str_ieq(r.subtype, sub, n_sub)) {
      specificity = 2;
    } else if (!explicit_only && str_ieq(r.type, type, n_type) &&
               mgd_str_eqc(r.subtype, "*")) {
      specificity = 1;
    } else if (!explicit_only && mgd_str_eqc(r.type, "*")) {
      specificity = 0;
    }
    if (specificity > best) {
      best    = specificity;
      quality = r.q;
    }
  }
  return quality;
}

unsigned
mgd_conneg_quality(const char* const accept,
                   const char* const type,
                   const bool        explicit_only)
{
  return range_quality(accept, type, explicit_only);
}

int
mgd_conneg_choose(const char* const        accept,
                  const char* const* const offered,
                  const size_t             n_offered)
{
  int      chosen = -1;
  unsigned best   = 0U;
  for (size_t k = 0U; k < n_offered; ++k) {
    const unsigned q = range_quality(accept, offered[k], false);
    if (q > best) {
      best   = q;
      chosen = (int)k;
    }
  }
  return chosen;
}

bool
mgd_conneg_accepts_coding(const char* const accept_encoding,
                          const char* const coding)
{
  if (!accept_encoding) {
    return false;
  }
  const size_t n       = strlen(accept_encoding);
  const size_t n_code  = strlen(coding);
  int          best    = -1;
  unsigned     quality = 0U;
  size_t       i       = 0U;
  for (unsigned k = 0U; i < n && k < MGD_CONNEG_MAX_RANGES; ++k) {
    Range r;
    if (!parse_element(accept_encoding, n, &i, false, &r)) {
      continue;
    }
    const int specificity = str_ieq(r.type, coding, n_code) ? 1
                            : mgd_str_eqc(r.type, "*")      ? 0
                                                            : -1;
    if (specificity > best) {
      best    = specificity;
      quality = r.q;
    }
  }
  return quality > 0U;
}

MgdStr
mgd_conneg_media_type(MgdArena* const arena, const char* const value)
{
  const MgdStr none = mgd_str_n(NULL, 0U);
  if (!value) {
    return none;
  }
  const size_t n = strlen(value);
  size_t       i = 0U;
  Range        r;
  if (!parse_element(value, n, &i, true, &r) || mgd_str_eqc(r.type, "*") ||
      mgd_str_eqc(r.subtype, "*")) {
    return none;
  }
  const size_t len = r.type.len + 1U + r.subtype.len;
  char* const  out = (char*)mgd_arena_alloc(arena, len + 1U);
  if (!out) {
    return none;
  }
  for (size_t k = 0U; k < r.type.len; ++k) {
    out[k] = lower(r.type.ptr[k]);
  }
  out[r.type.len] = '/';
  for (size_t k = 0U; k < r.subtype.len; ++k) {
    out[r.type.len + 1U + k] = lower(r.subtype.ptr[k]);
  }
  out[len] = '\0';
  return mgd_str_n(out, len);
}

/// Find parameter `name` in `value`: its view (quotes stripped).
static bool
param_find(const char* const value, const char* const name, MgdStr* const out)
{
  if (!value) {
    return false;
  }
  const size_t n      = strlen(value);
  const size_t n_name = strlen(name);
  for (size_t i = 0U; i < n; ++i) {
    if (value[i] == '"') {
      skip_quoted(value, n, &i);
      --i;
      continue;
    }
    if (value[i] != ';') {
      continue;
    }
    size_t k = i + 1U;
    while (k < n && is_space(value[k])) {
      ++k;
    }
    if (n - k < n_name + 1U ||
        !str_ieq(mgd_str_n(value + k, n_name), name, n_name) ||
        value[k + n_name] != '=') {
      continue;
    }
    k += n_name + 1U;
    const bool   quoted = k < n && value[k] == '"';
    const size_t start  = k + quoted;
    size_t       end    = start;
    while (end < n && (quoted ? value[end] != '"' : is_tchar(value[end]))) {
      ++end;
    }
    *out = mgd_str_n(value + start, end - start);
    return true;
  }
  return false;
}

bool
mgd_conneg_param(MgdArena* const   arena,
                 const char* const value,
                 const char* const name,
                 MgdStr* const     out)
{
  MgdStr found;
  if (!param_find(value, name, &found)) {
    return false;
  }
  *out = mgd_arena_str(arena, found);
  return out->ptr != NULL;
}

bool
mgd_conneg_charset_is_utf8(const char* const value)
{
  MgdStr cs;
  return !param_find(value, "charset", &cs) || str_ieq(cs, "utf-8", 5U) ||
         str_ieq(cs, "utf8", 4U);
}

static int
hex_value(const char c)
{
  if (c >= '0' && c <= '9') {
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

MgdStatus
mgd_form_decode(MgdArena* const   arena,
                const char* const text,
                const size_t      n,
                const bool        plus_is_space,
                MgdStr* const     out)
{
  char* const buf = (char*)mgd_arena_alloc(arena, n + 1U);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  size_t len = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const char c = text[i];
    if (c == '%') {
      if (n - i < 3U) {
        return MGD_BAD_SYNTAX;
      }
      const int hi = hex_value(text[i + 1U]);
      const int lo = hex_value(text[i + 2U]);
      if (hi < 0 || lo < 0) {
        return MGD_BAD_SYNTAX;
      }
      buf[len++] = (char)((hi << 4) | lo);
      i += 2U;
    } else if (c == '+' && plus_is_space) {
      buf[len++] = ' ';
    } else {
      buf[len++] = c;
    }
  }
  buf[len] = '\0';
  *out     = mgd_str_n(buf, len);
  return MGD_SUCCESS;
}

MgdStatus
mgd_form_parse(MgdArena* const   arena,
               const char* const text,
               const size_t      n,
               MgdForm* const    form)
{
  form->fields   = NULL;
  form->n_fields = 0U;

  size_t n_pairs = 0U;
  for (size_t i = 0U; i < n; ++i) {
    n_pairs += text[i] == '&';
  }
  ++n_pairs;
  if (n_pairs > MGD_FORM_MAX_FIELDS) {
    return MGD_BAD_LIMIT;
  }
  MgdFormField* const fields =
    (MgdFormField*)mgd_arena_calloc(arena, n_pairs, sizeof(MgdFormField));
  if (!fields) {
    return MGD_BAD_ALLOC;
  }

  size_t i = 0U;
  while (i < n) {
    const char* const amp = (const char*)memchr(text + i, '&', n - i);
    const size_t      end = amp ? (size_t)(amp - text) : n;
    if (end > i) {
      const char* const   pair = text + i;
      const size_t        len  = end - i;
      const char* const   eq   = (const char*)memchr(pair, '=', len);
      const size_t        n_k  = eq ? (size_t)(eq - pair) : len;
      MgdFormField* const f    = &fields[form->n_fields];
      MgdStatus           st = mgd_form_decode(arena, pair, n_k, true, &f->key);
      if (!st) {
        st = eq
               ? mgd_form_decode(arena, eq + 1, len - n_k - 1U, true, &f->value)
               : mgd_form_decode(arena, "", 0U, true, &f->value);
      }
      if (st) {
        form->n_fields = 0U;
        return st;
      }
      ++form->n_fields;
    }
    i = end + 1U;
  }
  form->fields = fields;
  return MGD_SUCCESS;
}

size_t
mgd_form_count(const MgdForm* const form, const char* const key)
{
  size_t count = 0U;
  for (size_t i = 0U; i < form->n_fields; ++i) {
    count += mgd_str_eqc(form->fields[i].key, key);
  }
  return count;
}

const MgdStr*
mgd_form_get(const MgdForm* const form, const char* const key)
{
  for (size_t i = 0U; i < form->n_fields; ++i) {
    if (mgd_str_eqc(form->fields[i].key, key)) {
      return &form->fields[i].value;
    }
  }
  return NULL;
}

bool
mgd_form_has(const MgdForm* const form, const char* const key)
{
  return mgd_form_get(form, key) != NULL;
}
