// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Full-text and faceted search over the store, for the web search page
/// (DESIGN.md §6: /api/search and /api/suggest).
///
/// The text index is a derived LMDB environment, `<db dir>/search.mdb`,
/// owned by this module: normalised token (or stem) -> ids of the
/// dictionary literals (and IRIs) that contain it, plus a watermark (the
/// highest dictionary sequence number indexed) and a fingerprint of the
/// dictionary's first term. It follows the
/// term dictionary, which never forgets a term and numbers new terms in
/// order (store.h mgd_txn_dict_each), so catching up reads only the terms
/// added since the watermark, in its own write transactions: it never blocks
/// a store writer. A store that was recreated under an old index (watermark
/// past the dictionary's end, or another first term) is detected and the
/// index rebuilt. Postings of terms that no quad uses any more cost a little
/// space and find nothing.
///
/// Short strings (at most 7 bytes) are inlined in term ids and never enter
/// the dictionary. They are found at query time instead: such an id holds
/// the string's bytes in order, so every ASCII case variant of a query word
/// of at most 7 bytes is one range scan of the object position (the store's
/// match_range). A short literal is therefore found by a word it starts
/// with ("DAPI", "GFP 1"), in any ASCII case, not by a later word of it.
///
/// Tokens: NFKC, case-folded, marks stripped (utf8proc); words are runs of
/// letters and digits; each Han, Hiragana or Katakana character is a word
/// of its own; at most MGD_SEARCH_TOKEN_BYTES bytes (longer words are cut).
///
/// Besides its words, a literal is indexed under the Snowball stems of its
/// words (libstemmer, in the literal's language, English if it has none or
/// libstemmer does not know it), and an IRI under the words of its local
/// name (mgd_search_tokenize_iri) and their stems. A query word matches
/// the same word, its extensions when it is a prefix, and words with the
/// same stem (in English and each language the index holds), in falling
/// weight; a quoted phrase must occur word after word in one text.
///
/// A hit is a resource, not a literal: a literal belongs to its subjects,
/// and a subject that is a blank node or is not an instance of a searchable
/// class (the facets file) passes the hit up its incoming links (at most
/// two hops, rdf:type not followed) to the nearest instances of searchable
/// classes, at a lower score ("DAPI" on a channel finds the image; "Homo
/// sapiens" on a taxon finds the studies using it). Words are ANDed; the
/// last word, and words ending in '*', match as prefixes.
///
/// Threads: an MgdSearchIndex may be used by several threads at once;
/// catching up is serialised inside (a second caller does not wait: it
/// searches what is indexed and reports the lag). Everything a search
/// returns is allocated from the caller's arena.

#ifndef MGD_SEARCH_SEARCH_H
#define MGD_SEARCH_SEARCH_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/status.h"
#include "base/str.h"
#include "rdf/source.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Longest token kept, in bytes of normalised UTF-8 (longer words are cut
/// at a character boundary, in the index and in queries alike).
#define MGD_SEARCH_TOKEN_BYTES 40U
/// Most words of one query (more: MGD_BAD_LIMIT).
#define MGD_SEARCH_MAX_WORDS 16U
/// Most hits one search answers with (`limit` is capped to this).
#define MGD_SEARCH_MAX_LIMIT 100U
/// Most candidate hits one search collects before it stops counting
/// (total_exact = false beyond).
#define MGD_SEARCH_MAX_CANDIDATES 200000U
/// Hits the facet counts look at, at least: counting goes over every hit
/// unless that takes longer than about 400 ms (or half the time left), then
/// over the best-ranked ones counted by then, never fewer than this
/// (facets_sampled = true, facets_counted says how many).
#define MGD_SEARCH_FACET_SAMPLE 2000U
/// Most facets in a facets file.
#define MGD_SEARCH_MAX_FACETS 24U
/// Most values reported per facet.
#define MGD_SEARCH_FACET_VALUES 30U

// Tokenizer

/// Receives one token: normalised bytes (borrowed for the call) and the
/// byte range [start, end) of the word in the original text.
typedef MgdStatus (*MgdSearchTokenFunc)(void*  handle,
                                        MgdStr token,
                                        size_t start,
                                        size_t end);

/// Split `text` into normalised tokens and call `fn` for each, in order
/// (repeats included). Invalid UTF-8 bytes separate words. Stops at and
/// returns the first error of `fn`; MGD_BAD_ALLOC if utf8proc fails.
MgdStatus
mgd_search_tokenize(MgdStr text, MgdSearchTokenFunc fn, void* handle);

/// Tokenize the local name of `iri` (after its last '#', '/' or ':', or
/// the last segment before a trailing one; %-escapes decoded) like text,
/// then once more split at camelCase humps ("MediaObject": mediaobject,
/// media, object). Tokens may repeat; their ranges are in the decoded
/// local name (at most 1024 bytes).
MgdStatus
mgd_search_tokenize_iri(MgdStr iri, MgdSearchTokenFunc fn, void* handle);

// Facets configuration (mappings/search-facets.tsv)

typedef struct MgdSearchConfigImpl MgdSearchConfig;

/// Read a facets file (format in mappings/search-facets.tsv). Problems go to
/// `diag` with the line number: MGD_BAD_SYNTAX, MGD_BAD_LIMIT (too many
/// facets), MGD_BAD_IO (cannot read). Free with mgd_search_config_free().
MgdStatus
mgd_search_config_load(const char*        path,
                       const MgdDiagSink* diag,
                       MgdSearchConfig**  config);

/// Like mgd_search_config_load() from `n` bytes of text.
MgdStatus
mgd_search_config_parse(const char*        text,
                        size_t             n,
                        const MgdDiagSink* diag,
                        MgdSearchConfig**  config);

/// Free (NULL is fine).
void
mgd_search_config_free(MgdSearchConfig* config);

/// Number of facets, and the name of facet `i` (borrowed from the config).
size_t
mgd_search_config_n_facets(const MgdSearchConfig* config);
const char*
mgd_search_config_facet_name(const MgdSearchConfig* config, size_t i);

// The index

typedef struct MgdSearchIndexImpl MgdSearchIndex;

/// Open (creating if missing) the index file `path` (e.g. `<db>/search.mdb`;
/// a `-lock` file sits beside it). A file LMDB cannot read is removed and
/// made anew (the index is derived data). Close with mgd_search_index_close.
/// One process must open one file only once.
MgdStatus
mgd_search_index_open(const char* path, MgdSearchIndex** index);

/// Close (NULL is fine). No search may be running.
void
mgd_search_index_close(MgdSearchIndex* index);

/// What a catch-up did.
typedef struct {
  uint64_t watermark;  ///< Dictionary sequence number indexed up to
  uint64_t dict_last;  ///< The dictionary's last sequence number
  uint64_t n_terms;    ///< Dictionary terms read
  uint64_t n_postings; ///< Token postings written
  bool     rebuilt;    ///< The index was dropped (store recreated)
  bool     busy;       ///< Another thread was catching up; nothing done
} MgdSearchProgress;

/// Index the dictionary terms of `txn` (a store read or write transaction)
/// past the watermark, in chunks, each in its own index write transaction,
/// until done or `deadline_ms` (mgd_search_now_ms(); 0: none) has passed
/// (MGD_SUCCESS either way; `progress->watermark < dict_last` tells).
/// `progress` may be NULL.
MgdStatus
mgd_search_index_catch_up(MgdSearchIndex*    index,
                          MgdTxn*            txn,
                          uint64_t           deadline_ms,
                          MgdSearchProgress* progress);

/// Milliseconds of the monotonic clock (the same as mgd_http_now_ms).
uint64_t
mgd_search_now_ms(void);

// Searching

/// One facet filter: facet name and value as sent (IRI, literal text, or
/// year).
typedef struct {
  MgdStr name;  ///< Facet name
  MgdStr value; ///< Selected value
} MgdSearchFilter;

/// A search request. Zero-initialise.
typedef struct {
  MgdStr                 text;        ///< Words; empty: browse
  const MgdSearchFilter* filters;     ///< Facet filters (OR within a facet)
  size_t                 n_filters;   ///< Number of them
  uint64_t               offset;      ///< First hit to return
  uint64_t               limit;       ///< Hits to return (<= MAX_LIMIT)
  uint64_t               deadline_ms; ///< mgd_search_now_ms() limit, 0: none
  const MgdDiagSink*     diag;        ///< Bad parameters are reported here
} MgdSearchQuery;

/// A term with its display label.
typedef struct {
  MgdStr iri;   ///< IRI (or literal text for literal facet values)
  MgdStr label; ///< Label, never empty (falls back to the IRI's local name)
} MgdSearchLabelled;

/// One hit.
typedef struct {
  MgdStr             iri;     ///< The resource (blank: "_:label")
  MgdStr             label;   ///< Its label
  MgdSearchLabelled* types;   ///< Its classes
  size_t             n_types; ///< Number of them
  MgdStr             graph;   ///< A graph it is described in ("" default)
  MgdStr             snippet; ///< Text with the matched words, or empty
  double             score;   ///< Higher is better
} MgdSearchHit;

/// One facet value with its count over the hit set (without this facet's
/// own filter, so other values of a facet stay selectable).
typedef struct {
  MgdStr   value;    ///< IRI, literal text or year, as filters take it
  MgdStr   label;    ///< Display label
  uint64_t count;    ///< Hits having it
  bool     selected; ///< A filter names it
} MgdSearchFacetValue;

/// One facet.
typedef struct {
  const char*          name;     ///< Facet name (borrowed from config)
  const char*          label;    ///< Facet label (borrowed from config)
  MgdSearchFacetValue* values;   ///< Most frequent first
  size_t               n_values; ///< Number of them
} MgdSearchFacet;

/// A search answer (arrays and strings in the caller's arena).
typedef struct {
  uint64_t        total;          ///< Hits in all
  bool            total_exact;    ///< False if a cap or the deadline cut it
  MgdSearchHit*   hits;           ///< The page
  size_t          n_hits;         ///< Hits on the page
  MgdStr*         words;          ///< Normalised query words
  size_t          n_words;        ///< Number of them
  MgdStr*         stems;          ///< Their stems (distinct, any order)
  size_t          n_stems;        ///< Number of them
  MgdSearchFacet* facets;         ///< One per configured facet
  size_t          n_facets;       ///< Number of them
  bool            facets_sampled; ///< Counted over a sample of the hits
  uint64_t        facets_counted; ///< Hits (of `total`) counted
  uint64_t        index_lag;      ///< Dictionary terms not yet indexed
} MgdSearchResult;

/// Run a search over `source` (a read of the same store as `index`). A
/// filter naming an unknown facet, or too many words: MGD_BAD_ARG or
/// MGD_BAD_LIMIT with a diagnostic naming the parameter (`f.NAME`, `q`).
/// Passing the deadline: MGD_BAD_TIMEOUT. `lag` is copied to
/// result->index_lag (terms beyond the index's watermark: their literals
/// are not found). Out of arena memory: MGD_BAD_ALLOC.
MgdStatus
mgd_search_run(MgdSearchIndex*        index,
               const MgdSearchConfig* config,
               const MgdSource*       source,
               const MgdSearchQuery*  query,
               uint64_t               lag,
               MgdArena*              arena,
               MgdSearchResult*       result);

/// One suggestion.
typedef struct {
  MgdStr   text;      ///< Full label or word
  MgdStr   iri;       ///< The entity labelled, or empty
  bool     is_entity; ///< A label (true) or an index word (false)
  uint64_t count;     ///< Uses of the entity/label, or literals with the word
} MgdSearchSuggestion;

/// Suggestions for the words typed so far (`query->text`, last word a
/// prefix; filters ignored): first labels and short values that contain the
/// words (those starting with the first word first, then labels of a
/// resource before bare values, then by count), then
/// index words starting with the last word, by frequency. At most
/// `query->limit` in all.
MgdStatus
mgd_search_suggest(MgdSearchIndex*        index,
                   const MgdSearchConfig* config,
                   const MgdSource*       source,
                   const MgdSearchQuery*  query,
                   MgdArena*              arena,
                   MgdSearchSuggestion**  suggestions,
                   size_t*                n_suggestions);

#endif // MGD_SEARCH_SEARCH_H
