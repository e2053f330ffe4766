// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// A fast JSON text → jansson tree parser for the JSON-LD reader. jansson's
// own decoder reads one character at a time through a stream layer and was
// the largest single cost of reading a 100 MB RO-Crate (a third of the
// time). This one scans the bytes in place and builds the same tree with
// jansson's unchecked constructors. It accepts only what jansson accepts
// with JSON_DECODE_ANY | JSON_ALLOW_NUL and gives up (NULL) on anything
// else, including every error and integers beyond json_int_t: the caller
// then parses with jansson, which produces the error message with its line
// and column, or the value in its own way. So it never changes a result.
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"
#include "base/utf8.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char* p;     ///< Next byte
  const char* end;   ///< End of the text
  MgdBuf      buf;   ///< Decoded strings with escapes
  size_t      depth; ///< Current nesting
} FastJson;

static json_t* fj_value(FastJson* J);

static void
fj_ws(FastJson* const J)
{
  while (J->p < J->end &&
         (*J->p == ' ' || *J->p == '\n' || *J->p == '\r' || *J->p == '\t')) {
    ++J->p;
  }
}

static int
fj_hex4(const char* const s, uint32_t* const out)
{
  uint32_t v = 0U;
  for (int i = 0; i < 4; ++i) {
    const char c = s[i];
    v <<= 4U;
    if (c >= '0' && c <= '9') {
      v |= (uint32_t)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= (uint32_t)(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= (uint32_t)(c - 'A' + 10);
    } else {
      return -1;
    }
  }
  *out = v;
  return 0;
}

// A string at J->p (after the opening quote). On success *s/*n is the
// decoded text: in place when it has no escapes, else in J->buf.
static int
fj_string(FastJson* const J, const char** const s, size_t* const n)
{
  const char* const start = J->p;
  const char*       q     = start;
  bool              ascii = true;
  while (q < J->end) {
    const unsigned char c = (unsigned char)*q;
    if (c == '"') {
      break;
    }
    if (c == '\\') {
      break;
    }
    if (c < 0x20U) {
      return -1; // control character: jansson's error
    }
    ascii = ascii && c < 0x80U;
    ++q;
  }
  if (q >= J->end) {
    return -1;
  }
  if (!ascii && mgd_utf8_check(start, (size_t)(q - start)) !=
                  (size_t)(q - start)) {
    return -1;
  }
  if (*q == '"') {
    *s   = start;
    *n   = (size_t)(q - start);
    J->p = q + 1;
    return 0;
  }
  // escapes: decode the rest into the buffer
  mgd_buf_reset(&J->buf);
  if (mgd_buf_append(&J->buf, start, (size_t)(q - start))) {
    return -1;
  }
  while (q < J->end && *q != '"') {
    const unsigned char c = (unsigned char)*q;
    if (c < 0x20U) {
      return -1;
    }
    if (c != '\\') {
      // copy a run up to the next quote or escape, validating it
      const char* r = q;
      while (r < J->end && *r != '"' && *r != '\\' &&
             (unsigned char)*r >= 0x20U) {
        ++r;
      }
      if (mgd_utf8_check(q, (size_t)(r - q)) != (size_t)(r - q) ||
          mgd_buf_append(&J->buf, q, (size_t)(r - q))) {
        return -1;
      }
      q = r;
      continue;
    }
    if (q + 1 >= J->end) {
      return -1;
    }
    char out = 0;
    switch (q[1]) {
    case '"': out = '"'; break;
    case '\\': out = '\\'; break;
    case '/': out = '/'; break;
    case 'b': out = '\b'; break;
    case 'f': out = '\f'; break;
    case 'n': out = '\n'; break;
    case 'r': out = '\r'; break;
    case 't': out = '\t'; break;
    case 'u': {
      uint32_t cp = 0U;
      if (J->end - q < 6 || fj_hex4(q + 2, &cp)) {
        return -1;
      }
      q += 6;
      if (cp >= 0xD800U && cp <= 0xDBFFU) {
        uint32_t lo = 0U;
        if (J->end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
            fj_hex4(q + 2, &lo) || lo < 0xDC00U || lo > 0xDFFFU) {
          return -1;
        }
        q += 6;
        cp = 0x10000U + ((cp - 0xD800U) << 10U) + (lo - 0xDC00U);
      } else if (cp >= 0xDC00U && cp <= 0xDFFFU) {
        return -1;
      }
      char         enc[4];
      const size_t k = mgd_utf8_encode(cp, enc);
      if (!k && cp != 0U) {
        return -1;
      }
      if (cp == 0U ? mgd_buf_putc(&J->buf, '\0')
                   : mgd_buf_append(&J->buf, enc, k)) {
        return -1;
      }
      continue;
    }
    default: return -1;
    }
    if (mgd_buf_putc(&J->buf, out)) {
      return -1;
    }
    q += 2;
  }
  if (q >= J->end) {
    return -1;
  }
  J->p = q + 1;
  *s   = J->buf.data ? J->buf.data : "";
  *n   = J->buf.len;
  return 0;
}

static json_t*
fj_number(FastJson* const J)
{
  const char* q    = J->p;
  bool        real = false;
  if (q < J->end && *q == '-') {
    ++q;
  }
  if (q >= J->end) {
    return NULL;
  }
  if (*q == '0') {
    ++q;
  } else if (*q >= '1' && *q <= '9') {
    while (q < J->end && *q >= '0' && *q <= '9') {
      ++q;
    }
  } else {
    return NULL;
  }
  if (q < J->end && *q == '.') {
    real = true;
    ++q;
    if (q >= J->end || !(*q >= '0' && *q <= '9')) {
      return NULL;
    }
    while (q < J->end && *q >= '0' && *q <= '9') {
      ++q;
    }
  }
  if (q < J->end && (*q == 'e' || *q == 'E')) {
    real = true;
    ++q;
    if (q < J->end && (*q == '+' || *q == '-')) {
      ++q;
    }
    if (q >= J->end || !(*q >= '0' && *q <= '9')) {
      return NULL;
    }
    while (q < J->end && *q >= '0' && *q <= '9') {
      ++q;
    }
  }
  const size_t n = (size_t)(q - J->p);
  char         text[64];
  if (n >= sizeof(text)) {
    return NULL;
  }
  memcpy(text, J->p, n);
  text[n] = '\0';
  J->p    = q;
  errno   = 0;
  if (!real) {
    const long long v = strtoll(text, NULL, 10);
    if (errno == ERANGE) {
      return NULL; // "too big integer": jansson's path handles it
    }
    return json_integer((json_int_t)v);
  }
  const double d = strtod(text, NULL);
  if (errno == ERANGE && isinf(d)) {
    return NULL; // jansson: real number overflow
  }
  return json_real(d);
}

static json_t*
fj_object(FastJson* const J)
{
  json_t* const obj = json_object();
  if (!obj) {
    return NULL;
  }
  ++J->p; // '{'
  fj_ws(J);
  if (J->p < J->end && *J->p == '}') {
    ++J->p;
    return obj;
  }
  for (;;) {
    fj_ws(J);
    if (J->p >= J->end || *J->p != '"') {
      break;
    }
    ++J->p;
    const char* ks = NULL;
    size_t      kn = 0U;
    if (fj_string(J, &ks, &kn) || memchr(ks, '\0', kn)) {
      break; // jansson refuses NUL in keys
    }
    // the key may live in J->buf, which the value may overwrite: the
    // value is parsed first only when the key is in place
    char        small[96];
    char*       heap = NULL;
    const char* key  = ks;
    if (J->buf.data && ks == J->buf.data) {
      heap = kn < sizeof(small) ? small : (char*)mgd_malloc(kn);
      if (!heap) {
        break;
      }
      memcpy(heap, ks, kn);
      key = heap;
    }
    fj_ws(J);
    json_t* v = NULL;
    if (J->p < J->end && *J->p == ':') {
      ++J->p;
      fj_ws(J);
      v = fj_value(J);
    }
    const int bad = !v || json_object_setn_new_nocheck(obj, key, kn, v);
    if (heap && heap != small) {
      mgd_free(heap);
    }
    if (bad) {
      break;
    }
    fj_ws(J);
    if (J->p < J->end && *J->p == ',') {
      ++J->p;
      continue;
    }
    if (J->p < J->end && *J->p == '}') {
      ++J->p;
      return obj;
    }
    break;
  }
  json_decref(obj);
  return NULL;
}

static json_t*
fj_array(FastJson* const J)
{
  json_t* const arr = json_array();
  if (!arr) {
    return NULL;
  }
  ++J->p; // '['
  fj_ws(J);
  if (J->p < J->end && *J->p == ']') {
    ++J->p;
    return arr;
  }
  for (;;) {
    fj_ws(J);
    json_t* const v = fj_value(J);
    if (!v || json_array_append_new(arr, v)) {
      break;
    }
    fj_ws(J);
    if (J->p < J->end && *J->p == ',') {
      ++J->p;
      continue;
    }
    if (J->p < J->end && *J->p == ']') {
      ++J->p;
      return arr;
    }
    break;
  }
  json_decref(arr);
  return NULL;
}

static bool
fj_word(FastJson* const J, const char* const w, const size_t n)
{
  if ((size_t)(J->end - J->p) < n || memcmp(J->p, w, n)) {
    return false;
  }
  J->p += n;
  return true;
}

static json_t*
fj_value(FastJson* const J)
{
  if (J->p >= J->end) {
    return NULL;
  }
  switch (*J->p) {
  case '{':
  case '[': {
    // jansson's JSON_PARSER_MAX_DEPTH
    if (++J->depth > JSON_PARSER_MAX_DEPTH) {
      return NULL;
    }
    json_t* const v = *J->p == '{' ? fj_object(J) : fj_array(J);
    --J->depth;
    return v;
  }
  case '"': {
    ++J->p;
    const char* s = NULL;
    size_t      n = 0U;
    return fj_string(J, &s, &n) ? NULL : json_stringn_nocheck(s, n);
  }
  case 't': return fj_word(J, "true", 4U) ? json_true() : NULL;
  case 'f': return fj_word(J, "false", 5U) ? json_false() : NULL;
  case 'n': return fj_word(J, "null", 4U) ? json_null() : NULL;
  default: return fj_number(J);
  }
}

json_t*
jld_fast_parse_prefix(const char* const bytes, const size_t n,
                      const char** const end)
{
  FastJson J = {bytes, bytes + n, {0}, 0U};
  json_t* const v = fj_value(&J);
  mgd_buf_clear(&J.buf);
  *end = J.p;
  return v;
}

json_t*
jld_fast_parse(const char* const bytes, const size_t n)
{
  FastJson J = {bytes, bytes + n, {0}, 0U};
  fj_ws(&J);
  json_t* v = fj_value(&J);
  fj_ws(&J);
  if (v && J.p != J.end) {
    json_decref(v);
    v = NULL;
  }
  mgd_buf_clear(&J.buf);
  return v;
}
