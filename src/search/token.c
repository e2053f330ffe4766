// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The tokenizer. Each code point is decomposed on its own (compatibility
// decomposition, case folding, marks and default-ignorables dropped), so
// one pass over the text needs no buffer for the whole normalised text; a
// word is recomposed (NFKC for what is left, e.g. Hangul) only when it ends.

#include "search/search_impl.h"

#include "base/utf8.h"

#include <utf8proc.h>

#include <stdbool.h>

/// Code points kept per token before normalisation (a cut word is still
/// consumed to its end).
#define TOKEN_MAX_CPS 64U

typedef struct {
  utf8proc_int32_t cps[TOKEN_MAX_CPS]; ///< Normalised code points
  size_t           n_cps;              ///< Number of them
  size_t           n_bytes;            ///< Their UTF-8 size
  size_t           start;              ///< Word start in the text
  size_t           end;                ///< Word end in the text
} Word;

/// Han ideographs and kana: scripts written without spaces, so each
/// character is a word (a query for a two-character word finds both).
static bool
is_cjk(const utf8proc_int32_t c)
{
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static bool
is_word_char(const utf8proc_int32_t c)
{
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

static size_t
utf8_size(const utf8proc_int32_t c)
{
  return c < 0x80 ? 1U : c < 0x800 ? 2U : c < 0x10000 ? 3U : 4U;
}

static MgdStatus
word_emit(Word* const w, const MgdSearchTokenFunc fn, void* const handle)
{
  if (!w->n_cps) {
    return MGD_SUCCESS;
  }
  const utf8proc_ssize_t n = utf8proc_normalize_utf32(
    w->cps, (utf8proc_ssize_t)w->n_cps, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  char   bytes[TOKEN_MAX_CPS * 4U];
  size_t n_bytes = 0U;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    n_bytes += mgd_utf8_encode((uint32_t)w->cps[i], bytes + n_bytes);
  }
  w->n_cps   = 0U;
  w->n_bytes = 0U;
  return n < 0 ? MGD_BAD_ALLOC
               : fn(handle, mgd_str_n(bytes, n_bytes), w->start, w->end);
}

MgdStatus
mgd_search_tokenize(const MgdStr             text,
                    const MgdSearchTokenFunc fn,
                    void* const              handle)
{
  const utf8proc_option_t opts =
    (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                        UTF8PROC_IGNORE);
  Word      w;
  MgdStatus st = MGD_SUCCESS;
  w.n_cps      = 0U;
  w.n_bytes    = 0U;
  w.start = w.end = 0U;
  size_t i        = 0U;
  while (!st && i < text.len) {
    uint32_t     cp = 0U;
    const size_t n  = mgd_utf8_decode(text.ptr + i, text.len - i, &cp);
    if (!n) {
      st = word_emit(&w, fn, handle); // an invalid byte ends a word
      ++i;
      continue;
    }
    utf8proc_int32_t       out[18];
    int                    boundclass = 0;
    const utf8proc_ssize_t n_out =
      utf8proc_decompose_char((utf8proc_int32_t)cp, out, 18, opts, &boundclass);
    if (n_out < 0 || n_out > 18) {
      st = word_emit(&w, fn, handle);
      i += n;
      continue;
    }
    if (n_out == 0 &&
        (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_MN ||
         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ME ||
         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_MC ||
         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_CF)) {
      // A stripped mark or an ignorable (soft hyphen) stays in its word
      w.end = w.n_cps ? i + n : w.end;
      i += n;
      continue;
    }
    for (utf8proc_ssize_t k = 0; !st && k < n_out; ++k) {
      const utf8proc_int32_t c = out[k];
      if (is_cjk(c)) {
        st = word_emit(&w, fn, handle);
        if (!st) {
          w.cps[0] = c;
          w.n_cps  = 1U;
          w.start  = i;
          w.end    = i + n;
          st       = word_emit(&w, fn, handle);
        }
      } else if (is_word_char(c)) {
        if (!w.n_cps && !w.n_bytes) {
          w.start = i;
        }
        const size_t size = utf8_size(c);
        if (w.n_cps < TOKEN_MAX_CPS &&
            w.n_bytes + size <= MGD_SEARCH_TOKEN_BYTES) {
          w.cps[w.n_cps++] = c;
          w.n_bytes += size;
        } else {
          w.n_bytes = MGD_SEARCH_TOKEN_BYTES + 1U; // cut: keep what we have
        }
        w.end = i + n;
      } else {
        st = word_emit(&w, fn, handle);
      }
    }
    i += n;
  }
  return st ? st : word_emit(&w, fn, handle);
}

/// Longest IRI local name tokenized (bytes after %-decoding).
#define IRI_LOCAL_MAX 512U

static int
hex_value(const char ch)
{
  return ch >= '0' && ch <= '9'   ? ch - '0'
         : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                  : -1;
}

MgdStatus
mgd_search_tokenize_iri(const MgdStr             iri,
                        const MgdSearchTokenFunc fn,
                        void* const              handle)
{
  // The last segment; "…/study/S-1/" names S-1
  size_t end = iri.len;
  while (end && (iri.ptr[end - 1U] == '/' || iri.ptr[end - 1U] == '#')) {
    --end;
  }
  size_t start = end;
  while (start && iri.ptr[start - 1U] != '#' && iri.ptr[start - 1U] != '/' &&
         iri.ptr[start - 1U] != ':') {
    --start;
  }
  // %-decoded ("my%20file.tif"), then the same with a space at each
  // lower-to-upper case step ("MediaObject" -> "Media Object")
  char   plain[IRI_LOCAL_MAX];
  char   humps[IRI_LOCAL_MAX * 2U];
  size_t n    = 0U;
  size_t h    = 0U;
  char   prev = '\0';
  plain[0]    = '\0';
  humps[0]    = '\0';
  for (size_t i = start; i < end && n < IRI_LOCAL_MAX; ++i) {
    char ch = iri.ptr[i];
    if (ch == '%' && i + 2U < end && hex_value(iri.ptr[i + 1U]) >= 0 &&
        hex_value(iri.ptr[i + 2U]) >= 0) {
      ch = (char)(hex_value(iri.ptr[i + 1U]) * 16 + hex_value(iri.ptr[i + 2U]));
      i += 2U;
    }
    if (ch >= 'A' && ch <= 'Z' && prev >= 'a' && prev <= 'z') {
      humps[h++] = ' ';
    }
    prev       = ch;
    plain[n++] = ch;
    humps[h++] = ch;
  }
  MgdStatus st = mgd_search_tokenize(mgd_str_n(plain, n), fn, handle);
  if (!st && h != n) {
    st = mgd_search_tokenize(mgd_str_n(humps, h), fn, handle);
  }
  return st;
}
