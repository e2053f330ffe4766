// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Inside the search module: the index's postings reader (index.c) and the
/// facets configuration record (config.c) that query.c uses. Included only
/// by src/search/*.c.

#ifndef MGD_SEARCH_SEARCH_IMPL_H
#define MGD_SEARCH_SEARCH_IMPL_H

#include "search/search.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// stem.c

/// Languages one set of stemmers holds at most (more: English for them).
#define MGD_SEARCH_MAX_STEMMERS 8U

/// Snowball stemmers by language code, made on first use. One thread only.
typedef struct {
  struct {
    char               code[4]; ///< ISO 639 code ("en", "deu")
    struct sb_stemmer* stemmer; ///< NULL: libstemmer has none (English used)
  } entries[MGD_SEARCH_MAX_STEMMERS];
  size_t n; ///< Entries made
} MgdSearchStemmers;

/// Zero-initialise / free the stemmers (cleared sets can be reused).
void
mgd_search_stemmers_init(MgdSearchStemmers* stemmers);
void
mgd_search_stemmers_clear(MgdSearchStemmers* stemmers);

/// The primary subtag of language tag `lang`, lower-cased, into `code`
/// (4 bytes); false if it is not 2 or 3 letters (no tag, "x-private").
bool
mgd_search_lang_code(MgdStr lang, char* code);

/// Whether `code` has a stemmer of its own (not English, not unknown).
bool
mgd_search_stem_known(MgdSearchStemmers* stemmers, const char* code);

/// The stem of normalised `token` in language `code` ("" is English; an
/// unknown language is English) into `out` (MGD_SEARCH_TOKEN_BYTES bytes),
/// its length in `*n_out`. False for tokens that are not stemmed (shorter
/// than 3 bytes, with a digit) or on failure.
bool
mgd_search_stem(MgdSearchStemmers* stemmers,
                const char*        code,
                MgdStr             token,
                char*              out,
                size_t*            n_out);

/// First byte of the index keys of stems (tokens never contain it): the
/// key "\x01" STEM lists the literals with a word whose stem is STEM and
/// differs from the word itself (a word equal to its stem is found under
/// its own key).
#define MGD_SEARCH_STEM_KEY '\x01'

// index.c

typedef struct MgdSearchReadImpl MgdSearchRead;

/// Begin reading the index (a snapshot). End with mgd_search_read_end.
MgdStatus
mgd_search_read_begin(MgdSearchIndex* index, MgdSearchRead** read);

/// End a read (NULL is fine).
void
mgd_search_read_end(MgdSearchRead* read);

/// Receives the literal ids of one indexed token (borrowed for the call).
typedef MgdStatus (*MgdSearchPostingFunc)(void*        handle,
                                          MgdStr       token,
                                          const MgdId* ids,
                                          size_t       n);

/// Call `fn` with the postings of `word` (with `prefix`, of every token
/// starting with it, at most `max_tokens` of them: then MGD_BAD_LIMIT
/// after the calls). Stops at and returns the first error of `fn`.
MgdStatus
mgd_search_postings(MgdSearchRead*       read,
                    MgdStr               word,
                    bool                 prefix,
                    size_t               max_tokens,
                    MgdSearchPostingFunc fn,
                    void*                handle);

/// Number of postings of `word` (prefix: summed over at most `max_tokens`
/// tokens; `*exact` false if there were more).
MgdStatus
mgd_search_postings_count(MgdSearchRead* read,
                          MgdStr         word,
                          bool           prefix,
                          size_t         max_tokens,
                          uint64_t*      count,
                          bool*          exact);

/// Call `fn` with each token starting with `word` and its number of
/// postings, in token order, at most `max_tokens` of them.
MgdStatus
mgd_search_tokens(MgdSearchRead* read,
                  MgdStr         word,
                  size_t         max_tokens,
                  MgdStatus (*fn)(void* handle, MgdStr token, uint64_t n),
                  void* handle);

/// The language codes (other than English) the index holds stemmed words
/// of, as "de,fr" (empty if none), into `out` (at most `n` bytes with the
/// NUL).
void
mgd_search_read_langs(MgdSearchRead* read, char* out, size_t n);

// config.c

/// Facet kinds.
typedef enum {
  MGD_FACET_IRI,     ///< IRI values
  MGD_FACET_LITERAL, ///< Literal values (lexical form)
  MGD_FACET_ANY,     ///< Either
  MGD_FACET_YEAR,    ///< The year of a date, dateTime or gYear literal
  MGD_FACET_GRAPH,   ///< The graphs a hit is described in
} MgdFacetKind;

/// Most alternatives of one facet path, and steps of one alternative.
#define MGD_FACET_MAX_ALTS 8U
#define MGD_FACET_MAX_STEPS 2U

/// One alternative path: one or two predicate IRIs.
typedef struct {
  char*  steps[MGD_FACET_MAX_STEPS]; ///< Predicate IRIs (owned)
  size_t n_steps;                    ///< 1 or 2
} MgdFacetPath;

/// One configured facet.
typedef struct {
  char*        name;                     ///< Parameter name (owned)
  char*        label;                    ///< Display label (owned)
  MgdFacetKind kind;                     ///< Value kind
  MgdFacetPath alts[MGD_FACET_MAX_ALTS]; ///< Alternative paths
  size_t       n_alts;                   ///< Number of them
  char*        label_via; ///< Predicate beside the value giving its label,
                          ///< or NULL (owned)
} MgdFacetDef;

/// Most searchable classes and label predicates.
#define MGD_SEARCH_MAX_CLASSES 32U
#define MGD_SEARCH_MAX_LABELS 12U

struct MgdSearchConfigImpl {
  MgdFacetDef facets[MGD_SEARCH_MAX_FACETS];   ///< Facets in file order
  size_t      n_facets;                        ///< Number of them
  char*       classes[MGD_SEARCH_MAX_CLASSES]; ///< Searchable classes
  size_t      n_classes;                       ///< Number of them
  char*       labels[MGD_SEARCH_MAX_LABELS];   ///< Label predicates, best
                                               ///< first
  size_t n_labels;                             ///< Number of them
};

#endif // MGD_SEARCH_SEARCH_IMPL_H
