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

// index.c

typedef struct MgdSearchReadImpl MgdSearchRead;

/// Begin reading the index (a snapshot). End with mgd_search_read_end.
MgdStatus mgd_search_read_begin(MgdSearchIndex* index, MgdSearchRead** read);

/// End a read (NULL is fine).
void mgd_search_read_end(MgdSearchRead* read);

/// Receives the literal ids of one indexed token (borrowed for the call).
typedef MgdStatus (*MgdSearchPostingFunc)(void*        handle,
                                          MgdStr       token,
                                          const MgdId* ids,
                                          size_t       n);

/// Call `fn` with the postings of `word` (with `prefix`, of every token
/// starting with it, at most `max_tokens` of them: then MGD_BAD_LIMIT
/// after the calls). Stops at and returns the first error of `fn`.
MgdStatus mgd_search_postings(MgdSearchRead*       read,
                              MgdStr               word,
                              bool                 prefix,
                              size_t               max_tokens,
                              MgdSearchPostingFunc fn,
                              void*                handle);

/// Number of postings of `word` (prefix: summed over at most `max_tokens`
/// tokens; `*exact` false if there were more).
MgdStatus mgd_search_postings_count(MgdSearchRead* read,
                                    MgdStr         word,
                                    bool           prefix,
                                    size_t         max_tokens,
                                    uint64_t*      count,
                                    bool*          exact);

/// Call `fn` with each token starting with `word` and its number of
/// postings, in token order, at most `max_tokens` of them.
MgdStatus mgd_search_tokens(MgdSearchRead* read,
                            MgdStr         word,
                            size_t         max_tokens,
                            MgdStatus (*fn)(void*    handle,
                                            MgdStr   token,
                                            uint64_t n),
                            void* handle);

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
