// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Word stems through libstemmer (Snowball). A stemmer object is not safe
// to share between threads, so each user (a catch-up, a search) keeps its
// own small set, made on first use of each language. A language libstemmer
// does not know, or no language at all, gets the English stemmer.

#include "search/search_impl.h"

#include <libstemmer.h>

#include <stdlib.h>
#include <string.h>

/// English plurals Snowball leaves alone ("mice" stays "mice"), common in
/// the life sciences: each is stemmed as its singular. Sorted by plural.
static const char* const irregular[][2] = {
  { "algae", "alga" },
  { "amoebae", "amoeba" },
  { "analyses", "analysis" },
  { "antennae", "antenna" },
  { "appendices", "appendix" },
  { "bacilli", "bacillus" },
  { "bacteria", "bacterium" },
  { "children", "child" },
  { "cilia", "cilium" },
  { "criteria", "criterion" },
  { "feet", "foot" },
  { "flagella", "flagellum" },
  { "foci", "focus" },
  { "fungi", "fungus" },
  { "geese", "goose" },
  { "hyphae", "hypha" },
  { "hypotheses", "hypothesis" },
  { "indices", "index" },
  { "lamellae", "lamella" },
  { "larvae", "larva" },
  { "lice", "louse" },
  { "loci", "locus" },
  { "matrices", "matrix" },
  { "men", "man" },
  { "mice", "mouse" },
  { "mitochondria", "mitochondrion" },
  { "nuclei", "nucleus" },
  { "phenomena", "phenomenon" },
  { "pupae", "pupa" },
  { "spectra", "spectrum" },
  { "stimuli", "stimulus" },
  { "teeth", "tooth" },
  { "vertebrae", "vertebra" },
  { "vertices", "vertex" },
  { "women", "woman" },
};

static int
irregular_cmp(const void* const key, const void* const entry)
{
  const MgdStr* const      k = (const MgdStr*)key;
  const char* const* const e = (const char* const*)entry;
  const size_t             n = strlen(e[0]);
  const int                c = memcmp(k->ptr, e[0], k->len < n ? k->len : n);
  return c ? c : k->len < n ? -1 : k->len > n ? 1 : 0;
}

/// Shortest token that is stemmed (shorter words are left alone: "ms",
/// "em" are abbreviations more often than inflected words).
#define STEM_MIN_BYTES 3U

void
mgd_search_stemmers_init(MgdSearchStemmers* const s)
{
  memset(s, 0, sizeof(*s));
}

void
mgd_search_stemmers_clear(MgdSearchStemmers* const s)
{
  for (size_t i = 0U; i < s->n; ++i) {
    sb_stemmer_delete(s->entries[i].stemmer);
  }
  memset(s, 0, sizeof(*s));
}

bool
mgd_search_lang_code(const MgdStr lang, char* const code)
{
  size_t n = 0U;
  while (n < lang.len && lang.ptr[n] != '-' && lang.ptr[n] != '_') {
    ++n;
  }
  if (n < 2U || n > 3U) {
    return false;
  }
  for (size_t i = 0U; i < n; ++i) {
    char ch = lang.ptr[i];
    ch      = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    if (ch < 'a' || ch > 'z') {
      return false;
    }
    code[i] = ch;
  }
  code[n] = '\0';
  return true;
}

/// The stemmer for language code `code` ("" for English), made on first
/// use; NULL if libstemmer has none (or no memory) and no English either.
static struct sb_stemmer*
stemmer_for(MgdSearchStemmers* const s, const char* const code)
{
  const char* const want = code[0] ? code : "en";
  for (size_t i = 0U; i < s->n; ++i) {
    if (!strcmp(s->entries[i].code, want)) {
      return s->entries[i].stemmer ? s->entries[i].stemmer : stemmer_for(s, "");
    }
  }
  struct sb_stemmer* const st = sb_stemmer_new(want, "UTF_8");
  if (s->n < MGD_SEARCH_MAX_STEMMERS) {
    memcpy(s->entries[s->n].code, want, strlen(want) + 1U);
    s->entries[s->n++].stemmer = st;
  } else {
    sb_stemmer_delete(st); // a table full of languages: English for the rest
    return strcmp(want, "en") ? stemmer_for(s, "") : NULL;
  }
  return st ? st : (strcmp(want, "en") ? stemmer_for(s, "") : NULL);
}

bool
mgd_search_stem_known(MgdSearchStemmers* const s, const char* const code)
{
  return code[0] && strcmp(code, "en") && stemmer_for(s, code) &&
         stemmer_for(s, code) != stemmer_for(s, "");
}

bool
mgd_search_stem(MgdSearchStemmers* const s,
                const char* const        code,
                const MgdStr             token,
                char* const              out,
                size_t* const            n_out)
{
  *n_out = 0U;
  if (token.len < STEM_MIN_BYTES || token.len > MGD_SEARCH_TOKEN_BYTES) {
    return false;
  }
  for (size_t i = 0U; i < token.len; ++i) {
    if (token.ptr[i] >= '0' && token.ptr[i] <= '9') {
      return false; // "h2b", "1024x": names, not inflected words
    }
  }
  struct sb_stemmer* const st = stemmer_for(s, code);
  if (!st) {
    return false;
  }
  MgdStr word = token;
  if (st == stemmer_for(s, "")) {
    const char* const* const e =
      (const char* const*)bsearch(&token,
                                  irregular,
                                  sizeof(irregular) / sizeof(irregular[0]),
                                  sizeof(irregular[0]),
                                  irregular_cmp);
    word = e ? mgd_str(e[1]) : token;
  }
  const sb_symbol* const stem =
    sb_stemmer_stem(st, (const sb_symbol*)word.ptr, (int)word.len);
  const int len = stem ? sb_stemmer_length(st) : 0;
  if (len <= 0 || (size_t)len > MGD_SEARCH_TOKEN_BYTES) {
    return false;
  }
  memcpy(out, stem, (size_t)len);
  *n_out = (size_t)len;
  return true;
}
