// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Searching: words -> literals and IRIs (index postings of the word, its
// stems and, for the last word, its extensions; plus range scans for inline
// short strings) -> the resources they describe (passed up to searchable
// instances) -> AND over words -> quoted phrases checked -> facet filters
// -> rank -> page and facet counts.
//
// Weights of one word on one hit (the best of its matches counts): a
// label 16, other text 8, an IRI's local name 4; an extension of the word
// 3/4 of that, a word with the same stem only 7/16 (so a whole word in any
// literal outranks a stem-only match in a label); half again through a
// climb. The score is their sum / 8.
//
// The rarest word (fewest postings) goes first and creates the candidate
// hits; later words only mark candidates they also reach, so a common word
// after a rare one costs its postings but no memory. Working state lives in
// mgd_malloc'd vectors and hash maps freed at the end; only the answer is
// built in the caller's arena.

#include "search/search_impl.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Quads followed from one literal, incoming links followed from one node
/// while climbing, and values taken per hit and facet.
#define LITERAL_MAX_QUADS 100000U
#define CLIMB_MAX_LINKS 4096U
#define CLIMB_MAX_TARGETS 64U
#define VALUES_PER_HIT 16U
/// Tokens a prefix word may expand to.
#define PREFIX_MAX_TOKENS 20000U
/// Browsing with filters enumerates the searchable instances up to this
/// many; past it the first filter's values generate the candidates.
#define BROWSE_SCAN_MAX 50000U
/// Literals a suggestion request reads.
#define SUGGEST_MAX_LITERALS 20000U
/// Longest literal offered as a suggestion.
#define SUGGEST_MAX_BYTES 100U
/// Snippet window in bytes.
#define SNIPPET_BYTES 160U
/// Stems one query word gets (one per stemmed language of the index).
#define WORD_MAX_STEMS 4U
/// Quoted phrases per query.
#define MAX_PHRASES 8U
/// Facet counting stops after this long (or half the time left) once
/// MGD_SEARCH_FACET_SAMPLE hits are counted.
#define FACET_BUDGET_MS 400U

/// How a token matched a query word, best first.
typedef enum { MATCH_EXACT, MATCH_PREFIX, MATCH_STEM, MATCH_NONE } MatchKind;
/// Key tag of year facet values.
#define YEAR_KEY(y) (((MgdId)0xEU << 60U) | (uint64_t)(y))
/// A filter value that names nothing in the store.
#define NO_KEY (((MgdId)0xEU << 60U) | 0xFFFFFFFFFFFFULL)

typedef struct {
  MgdStr   text;                  ///< Normalised word
  MgdStr   orig;                  ///< As typed (for inline short strings)
  bool     prefix;                ///< Match as a prefix
  uint64_t n;                     ///< Postings estimate
  MgdStr   stems[WORD_MAX_STEMS]; ///< Its stems (English, then others)
  size_t   n_stems;               ///< Number of them
} Word;

/// A quoted phrase: its tokens in order.
typedef struct {
  MgdStr tokens[MGD_SEARCH_MAX_WORDS];
  size_t n;
} Phrase;

typedef struct {
  MgdId    id;                         ///< The resource
  MgdId    graph;                      ///< A graph it was matched in
  MgdId    snip_lit;                   ///< Literal for the snippet
  MgdId    snip_pred;                  ///< Its predicate
  uint32_t mask;                       ///< Words matched
  uint8_t  best[MGD_SEARCH_MAX_WORDS]; ///< Best weight per word
  uint8_t  n_fails;                    ///< Filter facets it fails
  uint8_t  fail_facet;                 ///< The one (if n_fails == 1)
  uint8_t  snip_label;                 ///< snip_lit is a label
  uint8_t  snip_w;                     ///< Its match's weight as text
  bool     fallback;                   ///< Not searchable (see resolve)
  double   score;                      ///< Rank
} Hit;

typedef struct {
  MgdId   ids[MGD_FACET_MAX_ALTS][MGD_FACET_MAX_STEPS]; ///< Path ids
  MgdId   via;                                          ///< label_via id
  MgdId*  selected;                                     ///< Filter keys
  MgdStr* selected_text;                                ///< As sent
  size_t  n_selected;                                   ///< Number
} FacetIds;

typedef struct {
  MgdSearchIndex*        index;
  const MgdSearchConfig* config;
  const MgdSource*       src;
  MgdArena*              arena;   ///< The answer's arena
  MgdArena               scratch; ///< Inline term decoding; reset often
  MgdSearchRead*         read;
  uint64_t               deadline;
  bool                   timed_out;
  bool                   inexact;
  MgdId                  rdf_type;
  MgdId                  labels[MGD_SEARCH_MAX_LABELS];
  MgdId                  classes[MGD_SEARCH_MAX_CLASSES];
  FacetIds               facets[MGD_SEARCH_MAX_FACETS];
  bool                   has_filters;
  Word                   words[MGD_SEARCH_MAX_WORDS];
  size_t                 n_words;
  size_t                 cur_word;  ///< Word being processed
  bool                   cur_first; ///< It creates hits
  bool                   cur_stem;  ///< Postings being read are stem matches
  Phrase                 phrases[MAX_PHRASES];
  size_t                 n_phrases;
  bool                   phrase_found; ///< Set by a phrase check
  const Phrase*          cur_phrase;   ///< The phrase being checked
  MgdSearchStemmers      stemmers;
  char                   langs[64]; ///< Stemmed languages of the index
  Hit*                   hits;      ///< Candidates
  size_t                 n_hits;
  size_t                 cap_hits;
  MgdHashMap             hit_map;   ///< id -> index in hits
  MgdHashMap             climb_map; ///< id -> offset<<8 | n in targets
  MgdId*                 targets;   ///< Climb results
  uint8_t*               target_hops;
  size_t                 n_targets;
  size_t                 cap_targets;
  MgdHashMap             type_map;   ///< id -> 1 searchable, 2 not
  size_t                 n_literals; ///< Literals processed (deadline checks)
  bool                   browse_all; ///< Browsing holds every instance
} Ctx;

// Small helpers

static bool
past_deadline(Ctx* const c)
{
  if (!c->timed_out && c->deadline && mgd_search_now_ms() > c->deadline) {
    c->timed_out = true;
  }
  return c->timed_out;
}

static MgdStatus
lookup_iri(const Ctx* const c, const char* const iri, MgdId* const id)
{
  const MgdTerm   t  = mgd_term_iri(mgd_str(iri));
  const MgdStatus st = mgd_source_lookup(c->src, &t, id);
  if (st == MGD_FAILURE) {
    *id = MGD_ID_NONE;
    return MGD_SUCCESS;
  }
  return st;
}

static bool
is_label_pred(const Ctx* const c, const MgdId p)
{
  for (size_t i = 0U; i < c->config->n_labels; ++i) {
    if (c->labels[i] && c->labels[i] == p) {
      return true;
    }
  }
  return false;
}

static bool
is_class(const Ctx* const c, const MgdId t)
{
  for (size_t i = 0U; i < c->config->n_classes; ++i) {
    if (c->classes[i] && c->classes[i] == t) {
      return true;
    }
  }
  return false;
}

/// Iterate quads of `pattern`, calling `fn` until it returns non-zero or
/// `max` quads were seen (then *capped).
static MgdStatus
each_quad(Ctx* const             c,
          const MgdIdQuad* const pattern,
          const size_t           max,
          MgdStatus (*const fn)(Ctx* c, const MgdIdQuad* q, void* h),
          void* const h,
          bool* const capped)
{
  MgdIter*  it = NULL;
  MgdStatus st = c->src->vt->match(c->src->handle, pattern, &it);
  size_t    n  = 0U;
  MgdIdQuad q;
  while (!st && !(st = c->src->vt->next(it, &q))) {
    if (++n > max) {
      if (capped) {
        *capped = true;
      }
      break;
    }
    st = fn(c, &q, h);
  }
  c->src->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
vec_grow(void** const  ptr,
         size_t* const cap,
         const size_t  need,
         const size_t  size)
{
  if (need <= *cap) {
    return MGD_SUCCESS;
  }
  size_t n = *cap ? *cap * 2U : 256U;
  while (n < need) {
    n *= 2U;
  }
  void* const p = mgd_realloc(*ptr, n * size);
  if (!p) {
    return MGD_BAD_ALLOC;
  }
  *ptr = p;
  *cap = n;
  return MGD_SUCCESS;
}

// Searchable instances and climbing

static MgdStatus
type_check(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  if (is_class(c, q->o)) {
    *(bool*)h = true;
    return MGD_FAILURE;
  }
  return MGD_SUCCESS;
}

static MgdStatus
is_searchable(Ctx* const c, const MgdId x, bool* const yes)
{
  uint64_t  v  = 0U;
  MgdStatus st = mgd_hashmap_get(&c->type_map, &x, sizeof(x), &v);
  if (!st) {
    *yes = v == 1U;
    return MGD_SUCCESS;
  }
  *yes                    = false;
  const MgdIdQuad pattern = { x, c->rdf_type, MGD_ID_NONE, MGD_ID_NONE };
  if (c->rdf_type && mgd_id_kind(x) != MGD_TERM_LITERAL) {
    st = each_quad(c, &pattern, 64U, type_check, yes, NULL);
  }
  return st ? st
            : mgd_hashmap_put(
                &c->type_map, &x, sizeof(x), *yes ? 1U : 2U, NULL, NULL);
}

typedef struct {
  MgdId* next; ///< Nodes one hop further
  size_t n_next;
  size_t cap_next;
  bool   capped;
} Climb;

static MgdStatus
climb_link(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  Climb* const k = (Climb*)h;
  if (q->p == c->rdf_type || q->s == q->o) {
    return MGD_SUCCESS;
  }
  for (size_t i = 0U; i < k->n_next; ++i) {
    if (k->next[i] == q->s) {
      return MGD_SUCCESS;
    }
  }
  if (k->n_next == CLIMB_MAX_LINKS) {
    k->capped = true;
    return MGD_FAILURE;
  }
  MgdStatus st =
    vec_grow((void**)&k->next, &k->cap_next, k->n_next + 1U, sizeof(MgdId));
  if (!st) {
    k->next[k->n_next++] = q->s;
  }
  return st;
}

/// Marks a target that is not a searchable instance (target_hops).
#define HOP_FALLBACK ((uint8_t)0x80U)

static MgdStatus
target_add(Ctx* const c, const MgdId id, const uint8_t hops)
{
  size_t    cap = c->cap_targets;
  MgdStatus st  = vec_grow(
    (void**)&c->targets, &c->cap_targets, c->n_targets + 1U, sizeof(MgdId));
  st = st ? st : vec_grow((void**)&c->target_hops, &cap, c->n_targets + 1U, 1U);
  if (!st) {
    c->targets[c->n_targets]       = id;
    c->target_hops[c->n_targets++] = hops;
  }
  return st;
}

/// The searchable resources a match on subject `s` counts for, cached:
/// `*first` is an offset in c->targets, `*n` their number.
static MgdStatus
resolve(Ctx* const c, const MgdId s, size_t* const first, size_t* const n)
{
  uint64_t  v  = 0U;
  MgdStatus st = mgd_hashmap_get(&c->climb_map, &s, sizeof(s), &v);
  if (!st) {
    *first = (size_t)(v >> 8U);
    *n     = (size_t)(v & 0xFFU);
    return MGD_SUCCESS;
  }
  const size_t start = c->n_targets;
  bool         yes   = false;
  st                 = is_searchable(c, s, &yes);
  if (!st && yes) {
    st = target_add(c, s, 0U);
  }
  // Climb incoming links, at most two hops, to the nearest searchable
  // instances; remember the first non-blank node for blank subjects.
  Climb  cur         = { NULL, 0U, 0U, false };
  MgdId  seed        = s;
  MgdId* from        = &seed;
  size_t n_from      = 1U;
  MgdId  first_named = MGD_ID_NONE;
  bool   popular     = false; ///< Too many links to follow them all
  for (uint8_t hop = 1U; !st && !yes && hop <= 2U && n_from; ++hop) {
    Climb next = { NULL, 0U, 0U, false };
    for (size_t i = 0U; !st && i < n_from; ++i) {
      const MgdIdQuad pattern = {
        MGD_ID_NONE, MGD_ID_NONE, from[i], MGD_ID_NONE
      };
      st = each_quad(
        c, &pattern, CLIMB_MAX_LINKS, climb_link, &next, &next.capped);
    }
    c->inexact = c->inexact || next.capped;
    popular    = popular || next.capped;
    for (size_t i = 0U; !st && i < next.n_next; ++i) {
      bool ok = false;
      st      = is_searchable(c, next.next[i], &ok);
      if (!st && ok && c->n_targets - start < CLIMB_MAX_TARGETS) {
        st  = target_add(c, next.next[i], hop);
        yes = true;
      }
      if (!first_named && mgd_id_tag(next.next[i]) == MGD_TAG_IRI) {
        first_named = next.next[i];
      }
    }
    mgd_free(cur.next);
    cur    = next;
    from   = cur.next;
    n_from = cur.n_next;
  }
  mgd_free(cur.next);
  if (!st && popular && mgd_id_tag(s) == MGD_TAG_IRI) {
    // A node used everywhere (a taxon, an instrument) is a hit of its own:
    // its page lists what uses it, which the capped climb could not. If
    // no searchable instance was among the links followed (an ontology
    // class that other ontology terms point to), it ranks after them.
    st = target_add(c, s, yes ? 0U : HOP_FALLBACK);
  }
  if (!st && c->n_targets == start) {
    // Nothing searchable above: the resource itself, or for a blank node
    // the nearest named one. Such hits (an ontology term, say) rank after
    // every searchable one, so a search for "cell" lists studies and
    // images before the OME model's "pockel_cell".
    const MgdId self = mgd_id_tag(s) == MGD_TAG_BLANK ? first_named : s;
    if (self) {
      st = target_add(c, self, (self == s ? 0U : 1U) | HOP_FALLBACK);
    }
  }
  if (st) {
    return st;
  }
  *first = start;
  *n     = c->n_targets - start;
  return mgd_hashmap_put(
    &c->climb_map, &s, sizeof(s), ((uint64_t)start << 8U) | *n, NULL, NULL);
}

// Hits

static MgdStatus
hit_get(Ctx* const c, const MgdId id, const bool create, Hit** const hit)
{
  *hit         = NULL;
  uint64_t  v  = 0U;
  MgdStatus st = mgd_hashmap_get(&c->hit_map, &id, sizeof(id), &v);
  if (!st) {
    *hit = &c->hits[v];
    return MGD_SUCCESS;
  }
  if (!create) {
    return MGD_SUCCESS;
  }
  if (c->n_hits >= MGD_SEARCH_MAX_CANDIDATES) {
    c->inexact = true;
    return MGD_SUCCESS;
  }
  st = vec_grow((void**)&c->hits, &c->cap_hits, c->n_hits + 1U, sizeof(Hit));
  st = st
         ? st
         : mgd_hashmap_put(&c->hit_map, &id, sizeof(id), c->n_hits, NULL, NULL);
  if (st) {
    return st;
  }
  Hit* const h = &c->hits[c->n_hits++];
  memset(h, 0, sizeof(*h));
  h->id = id;
  *hit  = h;
  return MGD_SUCCESS;
}

/// The weight of a match (see the top of the file).
static unsigned
match_weight(const bool      label,
             const bool      iri,
             const MatchKind kind,
             const bool      hop)
{
  unsigned w = iri ? 4U : label ? 16U : 8U;
  w          = kind == MATCH_PREFIX ? w * 3U / 4U
               : kind == MATCH_STEM ? w * 7U / 16U
                                    : w;
  return hop ? w / 2U : w;
}

/// Whether IRI `node` is named under IRI `owner` ("…/I42/acquisition"
/// under "…/I42"): a part of it whose name says what the part is, not what
/// the owner is about.
static MgdStatus
nested_under(Ctx* const c, const MgdId node, const MgdId owner, bool* const yes)
{
  *yes = false;
  if (node == owner || mgd_id_tag(node) != MGD_TAG_IRI ||
      mgd_id_tag(owner) != MGD_TAG_IRI) {
    return MGD_SUCCESS;
  }
  MgdTerm a;
  MgdTerm b;
  mgd_arena_reset(&c->scratch);
  MgdStatus st = mgd_source_term(c->src, node, &c->scratch, &a);
  st           = st ? st : mgd_source_term(c->src, owner, &c->scratch, &b);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  *yes = a.value.len > b.value.len + 1U &&
         !memcmp(a.value.ptr, b.value.ptr, b.value.len) &&
         (a.value.ptr[b.value.len] == '/' || a.value.ptr[b.value.len] == '#');
  return MGD_SUCCESS;
}

/// Whether IRI `iri`, not searchable itself, is named under a searchable
/// instance's IRI (its parent path, up to the last '/', is one). The index
/// leaves out most such parts already (index.c), not those it met before
/// their owner.
static MgdStatus
iri_is_part(Ctx* const c, const MgdId iri, bool* const yes)
{
  *yes = false;
  MgdTerm t;
  mgd_arena_reset(&c->scratch);
  MgdStatus st = mgd_source_term(c->src, iri, &c->scratch, &t);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  size_t n = t.value.len;
  while (n && t.value.ptr[n - 1U] != '/' && t.value.ptr[n - 1U] != '#') {
    --n;
  }
  bool self = false;
  if (n < 2U || n == t.value.len || t.value.ptr[n - 1U] != '/' ||
      (st = is_searchable(c, iri, &self)) || self) {
    return st;
  }
  const MgdTerm parent = mgd_term_iri(mgd_str_n(t.value.ptr, n - 1U));
  MgdId         id     = MGD_ID_NONE;
  st                   = mgd_source_lookup(c->src, &parent, &id);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  return is_searchable(c, id, yes);
}

typedef struct {
  MgdStr word;
  size_t n;
  bool   same;
} NameCheck;

static MgdStatus
name_token(void* const  handle,
           const MgdStr token,
           const size_t start,
           const size_t end)
{
  (void)start;
  (void)end;
  NameCheck* const k = (NameCheck*)handle;
  k->same            = !k->n++ && mgd_str_eq(token, k->word);
  return k->n > 1U ? MGD_FAILURE : MGD_SUCCESS;
}

/// Whether the local name of IRI `iri` is the one word `word`.
static MgdStatus
iri_name_is(Ctx* const c, const MgdId iri, const MgdStr word, bool* const yes)
{
  *yes = false;
  MgdTerm t;
  mgd_arena_reset(&c->scratch);
  MgdStatus st = mgd_source_term(c->src, iri, &c->scratch, &t);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  size_t start = t.value.len;
  while (start && t.value.ptr[start - 1U] != '#' &&
         t.value.ptr[start - 1U] != '/' && t.value.ptr[start - 1U] != ':') {
    --start;
  }
  NameCheck k = { word, 0U, false };
  st          = mgd_search_tokenize(
    mgd_str_n(t.value.ptr + start, t.value.len - start), name_token, &k);
  *yes = k.n == 1U && k.same;
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

/// A match of the current word on subject `s`: in literal `lit` of a quad
/// (`q`), or in the local name of `s` itself (`q` NULL).
static MgdStatus
match_subject(Ctx* const             c,
              const MgdId            s,
              const MgdIdQuad* const q,
              const MatchKind        kind)
{
  size_t     first = 0U;
  size_t     n     = 0U;
  MgdStatus  st    = resolve(c, s, &first, &n);
  const bool label = q && is_label_pred(c, q->p);
  for (size_t i = 0U; !st && i < n; ++i) {
    if (!q && (c->target_hops[first + i] & HOP_FALLBACK)) {
      // An IRI's name counts for searchable instances: itself, or those
      // linking to it (an imaging method's term); a class only when the
      // word is its whole name ("MediaObject"; its page lists the
      // instances), after every searchable hit; a property never
      bool            whole   = false;
      uint64_t        n_inst  = 0U;
      const MgdIdQuad pattern = { MGD_ID_NONE, c->rdf_type, s, MGD_ID_NONE };
      if (kind == MATCH_EXACT && c->rdf_type) {
        st = iri_name_is(c, s, c->words[c->cur_word].text, &whole);
      }
      if (!st && whole) {
        st = c->src->vt->estimate(c->src->handle, &pattern, &n_inst);
      }
      if (st || !n_inst) {
        continue;
      }
    }
    bool nested = false;
    if (!q) {
      st = nested_under(c, s, c->targets[first + i], &nested);
    }
    if (st || nested) {
      continue; // "acquisition" of ".../I42/acquisition" is not about I42
    }
    Hit* h = NULL;
    st     = hit_get(c, c->targets[first + i], c->cur_first, &h);
    if (st || !h) {
      continue;
    }
    const uint8_t hops = c->target_hops[first + i] & (uint8_t)~HOP_FALLBACK;
    h->fallback        = (c->target_hops[first + i] & HOP_FALLBACK) != 0U;
    const unsigned w   = match_weight(label, !q, kind, hops != 0U);
    const size_t   k   = c->cur_word;
    h->mask |= 1U << k;
    if (w > h->best[k]) {
      h->best[k] = (uint8_t)w;
    }
    if (!q) {
      continue;
    }
    if (!h->graph) {
      h->graph = q->g;
    }
    // Snippet: the best match (a whole word before a stem), then a
    // non-label literal (labels are shown anyway)
    const unsigned sw = match_weight(false, false, kind, hops != 0U);
    if (!h->snip_lit || sw > h->snip_w ||
        (sw == h->snip_w && h->snip_label && !label)) {
      h->snip_lit   = q->o;
      h->snip_pred  = q->p;
      h->snip_label = label;
      h->snip_w     = (uint8_t)sw;
    }
  }
  return st;
}

static MgdStatus
match_quad(Ctx* const c, const MgdIdQuad* const q, const MatchKind kind)
{
  return match_subject(c, q->s, q, kind);
}

typedef struct {
  MatchKind kind;
} QuadArg;

static MgdStatus
literal_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  return match_quad(c, q, ((const QuadArg*)h)->kind);
}

static MgdStatus
process_literal(Ctx* const c, const MgdId lit, const MatchKind kind)
{
  if ((++c->n_literals & 63U) == 0U && past_deadline(c)) {
    return MGD_BAD_TIMEOUT;
  }
  if (mgd_id_kind(lit) == MGD_TERM_IRI) {
    // A word of the IRI's local name. A part named under a searchable
    // instance (".../I42/acquisition") is left at once: climbing to its
    // owner would only be refused there (nested_under), at a higher cost
    bool      part = false;
    MgdStatus st   = iri_is_part(c, lit, &part);
    return st || part ? st : match_subject(c, lit, NULL, kind);
  }
  QuadArg         arg     = { kind };
  const MgdIdQuad pattern = { MGD_ID_NONE, MGD_ID_NONE, lit, MGD_ID_NONE };
  bool            capped  = false;
  const MgdStatus st =
    each_quad(c, &pattern, LITERAL_MAX_QUADS, literal_quad, &arg, &capped);
  c->inexact = c->inexact || capped;
  return st;
}

static MgdStatus
posting_batch(void* const        handle,
              const MgdStr       token,
              const MgdId* const ids,
              const size_t       n)
{
  Ctx* const      c    = (Ctx*)handle;
  const MatchKind kind = c->cur_stem ? MATCH_STEM
                         : token.len == c->words[c->cur_word].text.len
                           ? MATCH_EXACT
                           : MATCH_PREFIX;
  MgdStatus       st   = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < n; ++i) {
    st = process_literal(c, ids[i], kind);
  }
  return st;
}

// Inline short strings

typedef struct {
  Ctx*        c;
  const Word* word;
  const char* code; ///< The text's language ("" English)
  MatchKind   kind; ///< Best match so far
} TokenCheck;

/// How `token` (of a text in language `code`) matches `word`.
static MatchKind
token_match(Ctx* const        c,
            const Word* const w,
            const char* const code,
            const MgdStr      token)
{
  if (token.len >= w->text.len &&
      !memcmp(token.ptr, w->text.ptr, w->text.len) &&
      (w->prefix || token.len == w->text.len)) {
    return token.len == w->text.len ? MATCH_EXACT : MATCH_PREFIX;
  }
  if (!w->n_stems) {
    return MATCH_NONE;
  }
  char   stem[MGD_SEARCH_TOKEN_BYTES];
  size_t n_stem = 0U;
  MgdStr t      = token;
  if (mgd_search_stem(&c->stemmers, code, token, stem, &n_stem)) {
    t = mgd_str_n(stem, n_stem);
  }
  for (size_t i = 0U; i < w->n_stems; ++i) {
    if (mgd_str_eq(t, w->stems[i]) || mgd_str_eq(token, w->stems[i])) {
      return MATCH_STEM;
    }
  }
  return MATCH_NONE;
}

static MgdStatus
check_token(void* const  handle,
            const MgdStr token,
            const size_t start,
            const size_t end)
{
  (void)start;
  (void)end;
  TokenCheck* const t    = (TokenCheck*)handle;
  const MatchKind   kind = token_match(t->c, t->word, t->code, token);
  t->kind                = kind < t->kind ? kind : t->kind;
  return t->kind == MATCH_EXACT ? MGD_FAILURE : MGD_SUCCESS;
}

/// How literal text `text` (language tag `lang`) or, with `iri`, an IRI's
/// local name, best matches `word` (MATCH_NONE: not at all).
static MgdStatus
text_matches(Ctx* const        c,
             const Word* const word,
             const MgdStr      text,
             const MgdStr      lang,
             const bool        iri,
             MatchKind* const  kind)
{
  char code[4] = "";
  if (!mgd_search_lang_code(lang, code)) {
    code[0] = '\0';
  }
  TokenCheck t  = { c, word, code, MATCH_NONE };
  MgdStatus  st = iri ? mgd_search_tokenize_iri(text, check_token, &t)
                      : mgd_search_tokenize(text, check_token, &t);
  *kind         = t.kind;
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
inline_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)h;
  MgdIdScratch scratch;
  MgdTerm      term;
  if (mgd_id_inline_term(q->o, &scratch, &term)) {
    return MGD_SUCCESS;
  }
  MatchKind kind = MATCH_NONE;
  MgdStatus st   = text_matches(
    c, &c->words[c->cur_word], term.value, term.lang, false, &kind);
  return st || kind == MATCH_NONE ? st : match_quad(c, q, kind);
}

/// Visit the quads whose object is an inline string starting with one of
/// the ASCII case variants of the current word (see search.h).
static MgdStatus
each_inline(Ctx* const        c,
            const Word* const word,
            MgdStatus (*const fn)(Ctx*, const MgdIdQuad*, void*),
            void* const h)
{
  if (!c->src->vt->match_range || !word->text.len || word->text.len > 7U) {
    return MGD_SUCCESS;
  }
  // Variants of the normalised word (ASCII letters in both cases) and the
  // word as typed
  char         base[8];
  size_t       n_letters = 0U;
  bool         ascii     = true;
  const MgdStr w         = word->text;
  memcpy(base, w.ptr, w.len);
  for (size_t i = 0U; i < w.len; ++i) {
    ascii = ascii && !((unsigned char)w.ptr[i] & 0x80U);
    n_letters += (w.ptr[i] >= 'a' && w.ptr[i] <= 'z') ? 1U : 0U;
  }
  const size_t n_variants = ascii ? (size_t)1U << n_letters : 1U;
  MgdStatus    st         = MGD_SUCCESS;
  for (size_t v = 0U; !st && v <= n_variants; ++v) {
    char   var[8];
    size_t len = w.len;
    if (v == n_variants) {
      if (!word->orig.len || word->orig.len > 7U || mgd_str_eq(word->orig, w)) {
        break;
      }
      len = word->orig.len;
      memcpy(var, word->orig.ptr, len);
    } else {
      memcpy(var, base, len);
      size_t bit = 0U;
      for (size_t i = 0U; ascii && i < len; ++i) {
        if (var[i] >= 'a' && var[i] <= 'z') {
          if (v & ((size_t)1U << bit)) {
            var[i] = (char)(var[i] - 'a' + 'A');
          }
          ++bit;
        }
      }
    }
    uint64_t lo = 0U;
    uint64_t hi = 0U;
    for (unsigned i = 0U; i < 7U; ++i) {
      const uint64_t b = i < len ? (uint8_t)var[i] : 0U;
      lo |= b << (8U * (6U - i));
      hi |= (i < len ? b : 0xFFU) << (8U * (6U - i));
    }
    const MgdIdQuad pattern = {
      MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE
    };
    MgdIter* it = NULL;
    st          = c->src->vt->match_range(c->src->handle,
                                 &pattern,
                                 2U,
                                 mgd_id_make(MGD_TAG_SSTRING, lo),
                                 mgd_id_make(MGD_TAG_SSTRING, hi),
                                 &it);
    MgdIdQuad q;
    size_t    n = 0U;
    while (!st && !(st = c->src->vt->next(it, &q))) {
      if (++n > LITERAL_MAX_QUADS) {
        c->inexact = true;
        break;
      }
      if ((n & 1023U) == 0U && past_deadline(c)) {
        st = MGD_BAD_TIMEOUT;
        break;
      }
      st = fn(c, &q, h);
    }
    c->src->vt->iter_free(it);
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  return st;
}

// Words

typedef struct {
  Ctx*      c;
  MgdStr    text;
  MgdStatus st;
  size_t    quote_at; ///< Offset of the '"' opening the current phrase
  Phrase*   phrase;   ///< The phrase being read, or NULL
} WordParse;

/// The stems of word `w` in English and the index's other languages.
static MgdStatus
word_stems(Ctx* const c, Word* const w)
{
  const char* p = c->langs;
  char        code[4];
  code[0] = '\0'; // English first
  for (;;) {
    char   stem[MGD_SEARCH_TOKEN_BYTES];
    size_t n = 0U;
    if (mgd_search_stem(&c->stemmers, code, w->text, stem, &n)) {
      bool seen = false;
      for (size_t i = 0U; i < w->n_stems; ++i) {
        seen = seen || mgd_str_eq(w->stems[i], mgd_str_n(stem, n));
      }
      if (!seen && w->n_stems < WORD_MAX_STEMS) {
        w->stems[w->n_stems] = mgd_arena_str(c->arena, mgd_str_n(stem, n));
        if (!w->stems[w->n_stems++].ptr) {
          return MGD_BAD_ALLOC;
        }
      }
    }
    if (!*p) {
      return MGD_SUCCESS;
    }
    const char*  comma = strchr(p, ',');
    const size_t k     = comma ? (size_t)(comma - p) : strlen(p);
    if (k < sizeof(code)) {
      memcpy(code, p, k);
      code[k] = '\0';
    }
    p += k + (comma ? 1U : 0U);
  }
}

static MgdStatus
add_word(void* const  handle,
         const MgdStr token,
         const size_t start,
         const size_t end)
{
  WordParse* const p = (WordParse*)handle;
  Ctx* const       c = p->c;
  // Quoted? An odd number of '"' before the word opens a phrase
  size_t quotes = 0U;
  size_t last_q = 0U;
  for (size_t i = 0U; i < start; ++i) {
    if (p->text.ptr[i] == '"') {
      ++quotes;
      last_q = i;
    }
  }
  if (!(quotes & 1U)) {
    p->phrase = NULL;
  } else if (!p->phrase || p->quote_at != last_q) {
    p->phrase = c->n_phrases < MAX_PHRASES ? &c->phrases[c->n_phrases++] : NULL;
    p->quote_at = last_q;
    if (p->phrase) {
      p->phrase->n = 0U;
    }
  }
  const MgdStr text = mgd_arena_str(c->arena, token);
  if (!text.ptr) {
    return MGD_BAD_ALLOC;
  }
  if (p->phrase && p->phrase->n < MGD_SEARCH_MAX_WORDS) {
    p->phrase->tokens[p->phrase->n++] = text;
  }
  for (size_t i = 0U; i < c->n_words; ++i) {
    if (mgd_str_eq(c->words[i].text, token)) {
      c->words[i].prefix =
        c->words[i].prefix || (end < p->text.len && p->text.ptr[end] == '*');
      return MGD_SUCCESS;
    }
  }
  if (c->n_words == MGD_SEARCH_MAX_WORDS) {
    return MGD_BAD_LIMIT;
  }
  Word* const w = &c->words[c->n_words++];
  memset(w, 0, sizeof(*w));
  w->text   = text;
  w->orig   = mgd_str_n(p->text.ptr + start, end - start);
  w->prefix = end < p->text.len && p->text.ptr[end] == '*';
  return word_stems(c, w);
}

static MgdStatus
parse_words(Ctx* const c, const MgdStr text, const MgdDiagSink* const diag)
{
  WordParse p  = { c, text, MGD_SUCCESS, 0U, NULL };
  MgdStatus st = mgd_search_tokenize(text, add_word, &p);
  if (st == MGD_BAD_LIMIT) {
    return mgd_diag(diag,
                    st,
                    MGD_LEVEL_ERROR,
                    "q",
                    0U,
                    0U,
                    NULL,
                    "q: more than %u words",
                    MGD_SEARCH_MAX_WORDS);
  }
  // A phrase of one word is just that word
  size_t n = 0U;
  for (size_t i = 0U; i < c->n_phrases; ++i) {
    if (c->phrases[i].n > 1U) {
      c->phrases[n++] = c->phrases[i];
    }
  }
  c->n_phrases = n;
  if (!st && c->n_words) {
    // The word being typed is a prefix unless the text ends with a space
    // or a closing quote (or it is inside an open quote)
    const char last = text.ptr[text.len - 1U];
    if (last != ' ' && last != '\t' && last != '"' && !p.phrase) {
      c->words[c->n_words - 1U].prefix = true;
    }
  }
  return st;
}

static int
word_cmp(const void* const a, const void* const b)
{
  const Word* const x = (const Word*)a;
  const Word* const y = (const Word*)b;
  return x->n < y->n ? -1 : x->n > y->n ? 1 : 0;
}

/// Verification of a word on a candidate: the candidate's literals and
/// those of the nodes below it that are not searchable themselves (two
/// hops at most: the way matches climb up), and their IRIs' local names,
/// read directly. The same walk checks a quoted phrase (c->cur_phrase).
typedef struct {
  Hit*  hit;
  MgdId node;
  int   hop;
} Descend;

static MgdStatus
descend_node(Ctx* c, MgdId node, Hit* hit, int hop);

/// A word `w` matched on `hit` with `kind` in a label, text or IRI.
static void
verify_mark(Ctx* const      c,
            Hit* const      hit,
            const bool      label,
            const bool      iri,
            const MatchKind kind,
            const int       hop)
{
  const unsigned w = match_weight(label, iri, kind, hop != 0);
  hit->mask |= 1U << c->cur_word;
  if (w > hit->best[c->cur_word]) {
    hit->best[c->cur_word] = (uint8_t)w;
  }
}

typedef struct {
  Ctx*          c;
  const Phrase* phrase;
  const char*   code;
  size_t        at; ///< Tokens of the phrase matched so far
} PhraseScan;

static bool
phrase_token_is(PhraseScan* const s, const size_t i, const MgdStr token)
{
  Word w;
  memset(&w, 0, sizeof(w));
  w.text = s->phrase->tokens[i];
  for (size_t k = 0U; k < s->c->n_words; ++k) {
    if (mgd_str_eq(s->c->words[k].text, w.text)) {
      w        = s->c->words[k];
      w.prefix = false;
    }
  }
  return token_match(s->c, &w, s->code, token) != MATCH_NONE;
}

static MgdStatus
phrase_token(void* const  handle,
             const MgdStr token,
             const size_t start,
             const size_t end)
{
  (void)start;
  (void)end;
  PhraseScan* const s = (PhraseScan*)handle;
  if (!phrase_token_is(s, s->at, token)) {
    s->at = phrase_token_is(s, 0U, token) ? 1U : 0U;
  } else {
    ++s->at;
  }
  return s->at == s->phrase->n ? MGD_FAILURE : MGD_SUCCESS;
}

/// Whether `text` holds the phrase being checked, word after word.
static bool
text_has_phrase(Ctx* const c, const MgdStr text, const MgdStr lang)
{
  char code[4] = "";
  if (!mgd_search_lang_code(lang, code)) {
    code[0] = '\0';
  }
  PhraseScan s = { c, c->cur_phrase, code, 0U };
  (void)mgd_search_tokenize(text, phrase_token, &s);
  return s.at == c->cur_phrase->n;
}

static MgdStatus
descend_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  const Descend* const d = (const Descend*)h;
  if (q->p == c->rdf_type || q->o == d->node) {
    return MGD_SUCCESS;
  }
  const MgdTermKind kind = mgd_id_kind(q->o);
  if (kind == MGD_TERM_LITERAL) {
    MgdTerm t;
    mgd_arena_reset(&c->scratch);
    MgdStatus st = mgd_source_term(c->src, q->o, &c->scratch, &t);
    if (st) {
      return st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    if (c->cur_phrase) {
      c->phrase_found = c->phrase_found || text_has_phrase(c, t.value, t.lang);
      return c->phrase_found ? MGD_FAILURE : MGD_SUCCESS;
    }
    MatchKind m = MATCH_NONE;
    st = text_matches(c, &c->words[c->cur_word], t.value, t.lang, false, &m);
    if (!st && m != MATCH_NONE) {
      verify_mark(c, d->hit, is_label_pred(c, q->p), false, m, d->hop);
    }
    return st;
  }
  if (d->hop >= 2 || (kind != MGD_TERM_IRI && kind != MGD_TERM_BLANK)) {
    return MGD_SUCCESS;
  }
  bool      yes = false;
  MgdStatus st  = is_searchable(c, q->o, &yes);
  st            = st || yes ? st : descend_node(c, q->o, d->hit, d->hop + 1);
  return !st && c->cur_phrase && c->phrase_found ? MGD_FAILURE : st;
}

static MgdStatus
descend_node(Ctx* const c, const MgdId node, Hit* const hit, const int hop)
{
  bool      nested = false;
  MgdStatus nst =
    c->cur_phrase ? MGD_SUCCESS : nested_under(c, node, hit->id, &nested);
  if (nst) {
    return nst;
  }
  if (!c->cur_phrase && !nested && mgd_id_tag(node) == MGD_TAG_IRI) {
    MgdTerm t;
    mgd_arena_reset(&c->scratch);
    MgdStatus st = mgd_source_term(c->src, node, &c->scratch, &t);
    MatchKind m  = MATCH_NONE;
    st           = st
                     ? st
                     : text_matches(c, &c->words[c->cur_word], t.value, t.lang, true, &m);
    if (st && st != MGD_FAILURE) {
      return st;
    }
    if (m != MATCH_NONE) {
      verify_mark(c, hit, false, true, m, hop);
    }
  }
  Descend         d       = { hit, node, hop };
  const MgdIdQuad pattern = { node, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE };
  return each_quad(c, &pattern, 256U, descend_quad, &d, NULL);
}

static MgdStatus
verify_word(Ctx* const c)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < c->n_hits; ++i) {
    if ((i & 63U) == 63U && past_deadline(c)) {
      return MGD_BAD_TIMEOUT;
    }
    st = descend_node(c, c->hits[i].id, &c->hits[i], 0);
  }
  return st;
}

/// Whether hit `h` holds every quoted phrase in one text.
static MgdStatus
phrases_hold(Ctx* const c, Hit* const h, bool* const yes)
{
  *yes         = true;
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && *yes && i < c->n_phrases; ++i) {
    c->cur_phrase   = &c->phrases[i];
    c->phrase_found = false;
    st              = descend_node(c, h->id, h, 0);
    *yes            = c->phrase_found;
  }
  c->cur_phrase = NULL;
  return st;
}

/// Postings of `key` (a word, or a stem key) for the current word.
static MgdStatus
read_postings(Ctx* const   c,
              const MgdStr key,
              const bool   prefix,
              const bool   stem)
{
  c->cur_stem  = stem;
  MgdStatus st = mgd_search_postings(
    c->read, key, prefix, PREFIX_MAX_TOKENS, posting_batch, c);
  c->cur_stem = false;
  if (st == MGD_BAD_LIMIT) {
    c->inexact = true;
    st         = MGD_SUCCESS;
  }
  return st;
}

/// The stem keys of word `w`: key `i` of 2 * n_stems (even: the stem
/// key, odd: the stem as a word), false if there is nothing to read there
/// (the word itself covers it).
static bool
stem_key(const Word* const w,
         const size_t      i,
         char* const       buf,
         MgdStr* const     key)
{
  const MgdStr stem = w->stems[i / 2U];
  if (i & 1U) {
    *key = stem;
    return !mgd_str_eq(stem, w->text) &&
           !(w->prefix && stem.len >= w->text.len &&
             !memcmp(stem.ptr, w->text.ptr, w->text.len));
  }
  buf[0] = MGD_SEARCH_STEM_KEY;
  memcpy(buf + 1, stem.ptr, stem.len);
  *key = mgd_str_n(buf, stem.len + 1U);
  return true;
}

/// Inline short strings sharing a start with a stem of the current word
/// but not starting with the word ("cell" for "cells").
static MgdStatus
stem_inline(Ctx* const c, const Word* const w)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < w->n_stems; ++i) {
    size_t n = 0U;
    while (n < w->text.len && n < w->stems[i].len &&
           w->text.ptr[n] == w->stems[i].ptr[n]) {
      ++n;
    }
    bool seen = false;
    for (size_t k = 0U; k < i; ++k) {
      seen = seen || (w->stems[k].len >= n &&
                      !memcmp(w->stems[k].ptr, w->stems[i].ptr, n));
    }
    if (n >= 3U && n < w->text.len && !seen) {
      Word range;
      memset(&range, 0, sizeof(range));
      range.text = mgd_str_n(w->text.ptr, n);
      st         = each_inline(c, &range, inline_quad, NULL);
    }
  }
  return st;
}

static MgdStatus
collect_text_hits(Ctx* const c)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < c->n_words; ++i) {
    Word* const w     = &c->words[i];
    bool        exact = true;
    st                = mgd_search_postings_count(
      c->read, w->text, w->prefix, PREFIX_MAX_TOKENS, &w->n, &exact);
    for (size_t k = 0U; !st && k < 2U * w->n_stems; ++k) {
      char     buf[MGD_SEARCH_TOKEN_BYTES + 1U];
      MgdStr   key;
      uint64_t n = 0U;
      if (stem_key(w, k, buf, &key)) {
        st = mgd_search_postings_count(
          c->read, key, false, PREFIX_MAX_TOKENS, &n, &exact);
        w->n += n;
      }
    }
  }
  // Rarest word first; it alone creates candidates
  qsort(c->words, c->n_words, sizeof(Word), word_cmp);
  for (size_t i = 0U; !st && i < c->n_words; ++i) {
    c->cur_word         = i;
    c->cur_first        = i == 0U;
    const Word* const w = &c->words[i];
    if (i && c->n_hits * 64U < w->n) {
      // Few candidates, a common word: read the candidates instead
      st = verify_word(c);
      continue;
    }
    st = read_postings(c, w->text, w->prefix, false);
    for (size_t k = 0U; !st && k < 2U * w->n_stems; ++k) {
      char   buf[MGD_SEARCH_TOKEN_BYTES + 1U];
      MgdStr key;
      if (stem_key(w, k, buf, &key)) {
        st = read_postings(c, key, false, true);
      }
    }
    st = st ? st : each_inline(c, w, inline_quad, NULL);
    st = st ? st : stem_inline(c, w);
    if (!st && c->n_hits == 0U) {
      break; // nothing can match all words
    }
  }
  if (st) {
    return st;
  }
  // AND: keep the candidates every word reached (and every phrase)
  const uint32_t all =
    c->n_words >= 32U ? 0xFFFFFFFFU : (1U << c->n_words) - 1U;
  size_t n = 0U;
  for (size_t i = 0U; !st && i < c->n_hits; ++i) {
    Hit* const h = &c->hits[i];
    if (h->mask != all) {
      continue;
    }
    if (c->n_phrases) {
      if ((i & 63U) == 63U && past_deadline(c)) {
        return MGD_BAD_TIMEOUT;
      }
      bool yes = false;
      st       = phrases_hold(c, h, &yes);
      if (st || !yes) {
        continue;
      }
    }
    h->score = 0.0;
    for (size_t k = 0U; k < c->n_words; ++k) {
      h->score += h->best[k] / 8.0;
    }
    c->hits[n++] = *h;
  }
  c->n_hits = n;
  return st;
}

// Facet values

typedef struct {
  MgdId  keys[VALUES_PER_HIT];
  MgdId  via_node[VALUES_PER_HIT]; ///< Node holding the value (label_via)
  size_t n;
} Values;

static void
values_add(Values* const v, const MgdId key, const MgdId node)
{
  for (size_t i = 0U; i < v->n; ++i) {
    if (v->keys[i] == key) {
      return;
    }
  }
  if (v->n < VALUES_PER_HIT) {
    v->via_node[v->n] = node;
    v->keys[v->n++]   = key;
  }
}

/// The year of a date-like literal, or 0.
static unsigned
literal_year(Ctx* const c, const MgdId id)
{
  MgdTerm t;
  mgd_arena_reset(&c->scratch);
  if (mgd_source_term(c->src, id, &c->scratch, &t) ||
      t.kind != MGD_TERM_LITERAL || t.value.len < 4U) {
    return 0U;
  }
  unsigned y = 0U;
  for (size_t i = 0U; i < 4U; ++i) {
    const char ch = t.value.ptr[i];
    if (ch < '0' || ch > '9') {
      return 0U;
    }
    y = y * 10U + (unsigned)(ch - '0');
  }
  return (t.value.len == 4U || t.value.ptr[4] == '-') ? y : 0U;
}

typedef struct {
  const MgdFacetDef* def;
  Values*            out;
  MgdId              node;
} ValueArg;

static MgdStatus
value_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  ValueArg* const   a    = (ValueArg*)h;
  const MgdTermKind kind = mgd_id_kind(q->o);
  switch (a->def->kind) {
    case MGD_FACET_IRI:
      if (kind == MGD_TERM_IRI) {
        values_add(a->out, q->o, a->node);
      }
      break;
    case MGD_FACET_LITERAL:
      if (kind == MGD_TERM_LITERAL) {
        values_add(a->out, q->o, a->node);
      }
      break;
    case MGD_FACET_ANY:
      if (kind == MGD_TERM_LITERAL || kind == MGD_TERM_IRI) {
        values_add(a->out, q->o, a->node);
      }
      break;
    case MGD_FACET_YEAR:
      if (kind == MGD_TERM_LITERAL) {
        const unsigned y = literal_year(c, q->o);
        if (y) {
          values_add(a->out, YEAR_KEY(y), a->node);
        }
      }
      break;
    case MGD_FACET_GRAPH:
      break;
  }
  return a->out->n == VALUES_PER_HIT ? MGD_FAILURE : MGD_SUCCESS;
}

static MgdStatus
graph_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)c;
  values_add((Values*)h, q->g, MGD_ID_NONE);
  return MGD_SUCCESS;
}

typedef struct {
  MgdId  mids[VALUES_PER_HIT];
  size_t n;
} Mids;

static MgdStatus
mid_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)c;
  Mids* const m = (Mids*)h;
  if (mgd_id_kind(q->o) != MGD_TERM_LITERAL && m->n < VALUES_PER_HIT) {
    m->mids[m->n++] = q->o;
  }
  return m->n == VALUES_PER_HIT ? MGD_FAILURE : MGD_SUCCESS;
}

/// The values of facet `f` for resource `x`.
static MgdStatus
facet_values(Ctx* const c, const size_t f, const MgdId x, Values* const out)
{
  const MgdFacetDef* const d = &c->config->facets[f];
  out->n                     = 0U;
  if (d->kind == MGD_FACET_GRAPH) {
    const MgdIdQuad pattern = { x, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE };
    return each_quad(c, &pattern, 256U, graph_quad, out, NULL);
  }
  MgdStatus st = MGD_SUCCESS;
  for (size_t a = 0U; !st && a < d->n_alts; ++a) {
    const MgdId* const ids = c->facets[f].ids[a];
    if (!ids[0] || (d->alts[a].n_steps == 2U && !ids[1])) {
      continue; // a predicate the store has never seen
    }
    ValueArg arg = { d, out, x };
    if (d->alts[a].n_steps == 1U) {
      const MgdIdQuad pattern = { x, ids[0], MGD_ID_NONE, MGD_ID_NONE };
      st = each_quad(c, &pattern, 64U, value_quad, &arg, NULL);
      continue;
    }
    Mids            mids    = { { 0U }, 0U };
    const MgdIdQuad pattern = { x, ids[0], MGD_ID_NONE, MGD_ID_NONE };
    st = each_quad(c, &pattern, 64U, mid_quad, &mids, NULL);
    for (size_t i = 0U; !st && i < mids.n; ++i) {
      arg.node              = mids.mids[i];
      const MgdIdQuad inner = {
        mids.mids[i], ids[1], MGD_ID_NONE, MGD_ID_NONE
      };
      st = each_quad(c, &inner, 64U, value_quad, &arg, NULL);
    }
  }
  return st;
}

/// Quads of one hit read at once for its facet values (more: the values
/// are read facet by facet instead).
#define HIT_SCAN_MAX 512U

typedef struct {
  Values* out;                                                ///< One per facet
  MgdId   mids[MGD_SEARCH_MAX_FACETS][MGD_FACET_MAX_ALTS][4]; ///< Via nodes
  uint8_t n_mids[MGD_SEARCH_MAX_FACETS][MGD_FACET_MAX_ALTS];
} HitScan;

static MgdStatus
hit_scan_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  HitScan* const k = (HitScan*)h;
  for (size_t f = 0U; f < c->config->n_facets; ++f) {
    const MgdFacetDef* const d = &c->config->facets[f];
    if (d->kind == MGD_FACET_GRAPH) {
      values_add(&k->out[f], q->g, MGD_ID_NONE);
      continue;
    }
    for (size_t a = 0U; a < d->n_alts; ++a) {
      const MgdId* const ids = c->facets[f].ids[a];
      if (!ids[0] || ids[0] != q->p) {
        continue;
      }
      if (d->alts[a].n_steps == 1U) {
        ValueArg arg = { d, &k->out[f], q->s };
        (void)value_quad(c, q, &arg);
      } else if (ids[1] && mgd_id_kind(q->o) != MGD_TERM_LITERAL &&
                 k->n_mids[f][a] < 4U) {
        k->mids[f][a][k->n_mids[f][a]++] = q->o;
      }
    }
  }
  return MGD_SUCCESS;
}

/// The values of every facet for resource `x` (`out`: one per facet), from
/// one read of its quads plus the second steps of two-step paths; a
/// resource with very many quads is read facet by facet.
static MgdStatus
facet_values_all(Ctx* const c, const MgdId x, Values* const out)
{
  const size_t n_facets = c->config->n_facets;
  HitScan      k;
  memset(k.n_mids, 0, sizeof(k.n_mids));
  k.out = out;
  for (size_t f = 0U; f < n_facets; ++f) {
    out[f].n = 0U;
  }
  bool            capped  = false;
  const MgdIdQuad pattern = { x, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE };
  MgdStatus       st =
    each_quad(c, &pattern, HIT_SCAN_MAX, hit_scan_quad, &k, &capped);
  if (!st && capped) {
    for (size_t f = 0U; !st && f < n_facets; ++f) {
      st = facet_values(c, f, x, &out[f]);
    }
    return st;
  }
  for (size_t f = 0U; !st && f < n_facets; ++f) {
    const MgdFacetDef* const d = &c->config->facets[f];
    for (size_t a = 0U; !st && a < d->n_alts; ++a) {
      for (size_t i = 0U; !st && i < k.n_mids[f][a]; ++i) {
        ValueArg        arg   = { d, &out[f], k.mids[f][a][i] };
        const MgdIdQuad inner = {
          k.mids[f][a][i], c->facets[f].ids[a][1], MGD_ID_NONE, MGD_ID_NONE
        };
        st = each_quad(c, &inner, 64U, value_quad, &arg, NULL);
      }
    }
  }
  return st;
}

/// Check the hit against every filtered facet.
static MgdStatus
filter_hit(Ctx* const c, Hit* const h)
{
  h->n_fails   = 0U;
  MgdStatus st = MGD_SUCCESS;
  for (size_t f = 0U; !st && f < c->config->n_facets; ++f) {
    const FacetIds* const fi = &c->facets[f];
    if (!fi->n_selected) {
      continue;
    }
    Values v;
    st        = facet_values(c, f, h->id, &v);
    bool pass = false;
    for (size_t i = 0U; i < v.n && !pass; ++i) {
      for (size_t k = 0U; k < fi->n_selected && !pass; ++k) {
        pass = v.keys[i] == fi->selected[k];
      }
    }
    if (!pass) {
      ++h->n_fails;
      h->fail_facet = (uint8_t)f;
    }
  }
  return st;
}

// Filters

static MgdStatus
filter_key(Ctx* const               c,
           const MgdFacetDef* const d,
           const MgdStr             value,
           MgdId* const             key)
{
  *key = NO_KEY;
  if (d->kind == MGD_FACET_YEAR) {
    unsigned y = 0U;
    for (size_t i = 0U; i < value.len && i < 5U; ++i) {
      if (value.ptr[i] < '0' || value.ptr[i] > '9') {
        return MGD_SUCCESS;
      }
      y = y * 10U + (unsigned)(value.ptr[i] - '0');
    }
    *key = value.len && value.len <= 5U ? YEAR_KEY(y) : NO_KEY;
    return MGD_SUCCESS;
  }
  if (d->kind == MGD_FACET_GRAPH &&
      (!value.len || mgd_str_eqc(value, "default"))) {
    *key = MGD_ID_DEFAULT_GRAPH;
    return MGD_SUCCESS;
  }
  const bool as_iri = d->kind == MGD_FACET_IRI || d->kind == MGD_FACET_GRAPH ||
                      (d->kind == MGD_FACET_ANY && mgd_iri_is_valid(value));
  const MgdTerm t =
    as_iri ? mgd_term_iri(value)
           : mgd_term_literal(value, mgd_str_n("", 0U), mgd_str_n("", 0U));
  MgdId           id = MGD_ID_NONE;
  const MgdStatus st = mgd_source_lookup(c->src, &t, &id);
  if (!st) {
    *key = id;
  }
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
setup_filters(Ctx* const c, const MgdSearchQuery* const q)
{
  const MgdSearchConfig* const cfg = c->config;
  MgdStatus                    st  = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < q->n_filters; ++i) {
    size_t f = 0U;
    while (f < cfg->n_facets &&
           !mgd_str_eqc(q->filters[i].name, cfg->facets[f].name)) {
      ++f;
    }
    if (f == cfg->n_facets) {
      return mgd_diag(q->diag,
                      MGD_BAD_ARG,
                      MGD_LEVEL_ERROR,
                      "f",
                      0U,
                      0U,
                      NULL,
                      "f.%.*s: unknown facet",
                      (int)q->filters[i].name.len,
                      q->filters[i].name.ptr);
    }
    FacetIds* const fi    = &c->facets[f];
    bool            twice = false;
    for (size_t k = 0U; k < fi->n_selected; ++k) {
      twice = twice || mgd_str_eq(fi->selected_text[k], q->filters[i].value);
    }
    if (twice) {
      continue;
    }
    if (!fi->selected) {
      fi->selected =
        (MgdId*)mgd_arena_calloc(c->arena, q->n_filters, sizeof(MgdId));
      fi->selected_text =
        (MgdStr*)mgd_arena_calloc(c->arena, q->n_filters, sizeof(MgdStr));
      if (!fi->selected || !fi->selected_text) {
        return MGD_BAD_ALLOC;
      }
    }
    st = filter_key(
      c, &cfg->facets[f], q->filters[i].value, &fi->selected[fi->n_selected]);
    fi->selected_text[fi->n_selected++] = q->filters[i].value;
    c->has_filters                      = true;
  }
  return st;
}

// Browsing

static MgdStatus
browse_instance(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)h;
  Hit* hit = NULL;
  if ((c->n_hits & 1023U) == 0U && past_deadline(c)) {
    return MGD_BAD_TIMEOUT;
  }
  MgdStatus st = hit_get(c, q->s, true, &hit);
  if (!st && hit && !hit->graph) {
    hit->graph = q->g;
  }
  return st;
}

static MgdStatus
reverse_subject(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)h;
  bool      yes = false;
  MgdStatus st  = is_searchable(c, q->s, &yes);
  Hit*      hit = NULL;
  if (!st && yes) {
    st = hit_get(c, q->s, true, &hit);
  }
  if ((c->n_hits & 1023U) == 0U && past_deadline(c)) {
    return MGD_BAD_TIMEOUT;
  }
  return st;
}

static MgdStatus
reverse_mid(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  const MgdId     p1      = *(const MgdId*)h;
  const MgdIdQuad pattern = { MGD_ID_NONE, p1, q->s, MGD_ID_NONE };
  return each_quad(
    c, &pattern, MGD_SEARCH_MAX_CANDIDATES, reverse_subject, NULL, NULL);
}

/// Candidates with a selected value of facet `f`, by reverse lookup.
static MgdStatus
reverse_facet(Ctx* const c, const size_t f)
{
  const MgdFacetDef* const d  = &c->config->facets[f];
  const FacetIds* const    fi = &c->facets[f];
  MgdStatus                st = MGD_SUCCESS;
  for (size_t k = 0U; !st && k < fi->n_selected; ++k) {
    const MgdId v = fi->selected[k];
    if (v == NO_KEY) {
      continue;
    }
    if (d->kind == MGD_FACET_GRAPH) {
      const MgdIdQuad pattern = { MGD_ID_NONE, c->rdf_type, MGD_ID_NONE, v };
      st                      = each_quad(
        c, &pattern, MGD_SEARCH_MAX_CANDIDATES, reverse_subject, NULL, NULL);
      continue;
    }
    for (size_t a = 0U; !st && a < d->n_alts; ++a) {
      const MgdId* const ids = fi->ids[a];
      if (!ids[0] || (d->alts[a].n_steps == 2U && !ids[1])) {
        continue;
      }
      if (d->alts[a].n_steps == 1U) {
        const MgdIdQuad pattern = { MGD_ID_NONE, ids[0], v, MGD_ID_NONE };
        st                      = each_quad(
          c, &pattern, MGD_SEARCH_MAX_CANDIDATES, reverse_subject, NULL, NULL);
      } else {
        const MgdIdQuad pattern = { MGD_ID_NONE, ids[1], v, MGD_ID_NONE };
        MgdId           p1      = ids[0];
        st                      = each_quad(
          c, &pattern, MGD_SEARCH_MAX_CANDIDATES, reverse_mid, &p1, NULL);
      }
    }
  }
  return st;
}

static MgdStatus
collect_browse_hits(Ctx* const c, uint64_t* const population)
{
  *population  = 0U;
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < c->config->n_classes; ++i) {
    uint64_t        n       = 0U;
    const MgdIdQuad pattern = {
      MGD_ID_NONE, c->rdf_type, c->classes[i], MGD_ID_NONE
    };
    if (c->classes[i] && c->rdf_type) {
      st = c->src->vt->estimate(c->src->handle, &pattern, &n);
    }
    *population += n;
  }
  if (st) {
    return st;
  }
  // Without filters only a sample is needed (the page and the facets); a
  // filter over a large population starts from its values instead.
  const bool filtered = c->has_filters;
  size_t     reverse  = c->config->n_facets;
  for (size_t f = 0U; filtered && f < c->config->n_facets; ++f) {
    if (c->facets[f].n_selected &&
        c->config->facets[f].kind != MGD_FACET_YEAR) {
      reverse = f;
      break;
    }
  }
  if (filtered && *population > BROWSE_SCAN_MAX &&
      reverse < c->config->n_facets) {
    c->browse_all = true; // every candidate is in hand
    return reverse_facet(c, reverse);
  }
  c->browse_all = filtered || *population <= BROWSE_SCAN_MAX;
  const uint64_t want =
    c->browse_all ? BROWSE_SCAN_MAX : MGD_SEARCH_FACET_SAMPLE;
  for (size_t i = 0U; !st && i < c->config->n_classes; ++i) {
    if (!c->classes[i] || !c->rdf_type) {
      continue;
    }
    uint64_t        n       = 0U;
    const MgdIdQuad pattern = {
      MGD_ID_NONE, c->rdf_type, c->classes[i], MGD_ID_NONE
    };
    st = c->src->vt->estimate(c->src->handle, &pattern, &n);
    // Each class in proportion to its size, at least one
    uint64_t take =
      *population <= want ? n : (n * want + *population - 1U) / *population;
    take        = st ? 0U : take ? take : (n ? 1U : 0U);
    bool capped = false;
    if (take) {
      st = each_quad(c, &pattern, take, browse_instance, NULL, &capped);
    }
    c->inexact = c->inexact || (filtered && capped);
  }
  return st;
}

// Ranking

static int
hit_cmp(const void* const a, const void* const b)
{
  const Hit* const x = (const Hit*)a;
  const Hit* const y = (const Hit*)b;
  if (x->fallback != y->fallback) {
    return x->fallback ? 1 : -1;
  }
  if (x->score != y->score) {
    return x->score > y->score ? -1 : 1;
  }
  return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

// Rendering the answer

static MgdStatus
term_text(Ctx* const c, const MgdId id, MgdStr* const out)
{
  MgdTerm         t;
  const MgdStatus st = mgd_source_term(c->src, id, c->arena, &t);
  if (st) {
    *out = mgd_str_n("", 0U);
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  if (t.kind == MGD_TERM_BLANK) {
    char* const s = (char*)mgd_arena_alloc(c->arena, t.value.len + 3U);
    if (!s) {
      return MGD_BAD_ALLOC;
    }
    memcpy(s, "_:", 2U);
    memcpy(s + 2, t.value.ptr, t.value.len);
    s[t.value.len + 2U] = '\0';
    *out                = mgd_str_n(s, t.value.len + 2U);
    return MGD_SUCCESS;
  }
  *out = mgd_arena_str(c->arena, t.value);
  return out->ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
}

/// The part of an IRI after its last '#', '/' or ':'.
static MgdStr
local_name(const MgdStr iri)
{
  size_t i = iri.len;
  while (i && iri.ptr[i - 1U] != '#' && iri.ptr[i - 1U] != '/' &&
         iri.ptr[i - 1U] != ':') {
    --i;
  }
  if (i == iri.len) {
    return iri; // ends in a separator: the whole IRI
  }
  return mgd_str_n(iri.ptr + i, iri.len - i);
}

typedef struct {
  MgdId lit;
} FirstLiteral;

static MgdStatus
first_literal(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  (void)c;
  if (mgd_id_kind(q->o) == MGD_TERM_LITERAL) {
    ((FirstLiteral*)h)->lit = q->o;
    return MGD_FAILURE;
  }
  return MGD_SUCCESS;
}

/// The label of `x`: its best label predicate's value, else the local name
/// of its IRI (or `fallback` if non-zero).
static MgdStatus
label_of(Ctx* const c, const MgdId x, const MgdId fallback, MgdStr* const out)
{
  MgdStatus st = MGD_SUCCESS;
  if (mgd_id_kind(x) == MGD_TERM_LITERAL) {
    return term_text(c, x, out);
  }
  FirstLiteral fl = { MGD_ID_NONE };
  for (size_t i = 0U; !st && !fl.lit && i < c->config->n_labels; ++i) {
    if (c->labels[i]) {
      const MgdIdQuad pattern = { x, c->labels[i], MGD_ID_NONE, MGD_ID_NONE };
      st = each_quad(c, &pattern, 16U, first_literal, &fl, NULL);
    }
  }
  if (!st && !fl.lit && fallback) {
    fl.lit = fallback;
  }
  if (!st && fl.lit) {
    return term_text(c, fl.lit, out);
  }
  MgdStr iri;
  st   = st ? st : term_text(c, x, &iri);
  *out = st ? mgd_str_n("", 0U) : local_name(iri);
  if (!st && !out->len) {
    *out = iri;
  }
  return st;
}

typedef struct {
  MgdSearchLabelled* types;
  size_t             n;
} Types;

static MgdStatus
type_quad(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  Types* const t = (Types*)h;
  if (t->n == 8U || mgd_id_kind(q->o) != MGD_TERM_IRI) {
    return t->n == 8U ? MGD_FAILURE : MGD_SUCCESS;
  }
  MgdSearchLabelled* const l  = &t->types[t->n];
  MgdStatus                st = term_text(c, q->o, &l->iri);
  st = st ? st : label_of(c, q->o, MGD_ID_NONE, &l->label);
  if (!st) {
    ++t->n;
  }
  return st;
}

typedef struct {
  Ctx*        c;
  const char* code;  ///< The text's language
  size_t      first; ///< Byte offset of the first matched word
  bool        found;
} SnipFind;

static MgdStatus
snip_token(void* const  handle,
           const MgdStr token,
           const size_t start,
           const size_t end)
{
  (void)end;
  SnipFind* const s = (SnipFind*)handle;
  for (size_t i = 0U; !s->found && i < s->c->n_words; ++i) {
    if (token_match(s->c, &s->c->words[i], s->code, token) != MATCH_NONE) {
      s->found = true;
      s->first = start;
    }
  }
  return s->found ? MGD_FAILURE : MGD_SUCCESS;
}

/// A window of the literal around the first matched word, with the
/// predicate's local name in front when it is not a label.
static MgdStatus
snippet(Ctx* const c, const Hit* const h, MgdStr* const out)
{
  *out = mgd_str_n("", 0U);
  if (!h->snip_lit) {
    return MGD_SUCCESS;
  }
  MgdTerm   t;
  MgdStatus st = mgd_source_term(c->src, h->snip_lit, c->arena, &t);
  if (st || !t.value.len) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  const MgdStr text = t.value;
  char         code[4];
  if (!mgd_search_lang_code(t.lang, code)) {
    code[0] = '\0';
  }
  SnipFind f = { c, code, 0U, false };
  (void)mgd_search_tokenize(text, snip_token, &f);
  size_t from =
    f.first > SNIPPET_BYTES / 3U ? f.first - SNIPPET_BYTES / 3U : 0U;
  while (from && (text.ptr[from] & 0xC0) == 0x80) {
    --from; // not inside a character
  }
  size_t to = from + SNIPPET_BYTES < text.len ? from + SNIPPET_BYTES : text.len;
  while (to < text.len && (text.ptr[to] & 0xC0) == 0x80) {
    --to;
  }
  MgdBuf b;
  mgd_buf_init(&b);
  if (!h->snip_label && h->snip_pred) {
    MgdStr pred;
    st              = term_text(c, h->snip_pred, &pred);
    const MgdStr ln = local_name(pred);
    st              = st ? st : mgd_buf_append(&b, ln.ptr, ln.len);
    st              = st ? st : mgd_buf_appendc(&b, ": ");
  }
  st = st ? st : mgd_buf_appendc(&b, from ? "\xE2\x80\xA6" : "");
  st = st ? st : mgd_buf_append(&b, text.ptr + from, to - from);
  st = st ? st : mgd_buf_appendc(&b, to < text.len ? "\xE2\x80\xA6" : "");
  if (!st) {
    *out = mgd_arena_str(c->arena, mgd_buf_str(&b));
    st   = out->ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  mgd_buf_clear(&b);
  return st;
}

static MgdStatus
render_hit(Ctx* const c, const Hit* const h, MgdSearchHit* const out)
{
  memset(out, 0, sizeof(*out));
  out->score   = h->score;
  MgdStatus st = term_text(c, h->id, &out->iri);
  st           = st ? st : label_of(c, h->id, MGD_ID_NONE, &out->label);
  Types t      = { NULL, 0U };
  t.types      = (MgdSearchLabelled*)mgd_arena_calloc(
    c->arena, 8U, sizeof(MgdSearchLabelled));
  if (!st && !t.types) {
    st = MGD_BAD_ALLOC;
  }
  if (!st && c->rdf_type) {
    const MgdIdQuad pattern = { h->id, c->rdf_type, MGD_ID_NONE, MGD_ID_NONE };
    st                      = each_quad(c, &pattern, 64U, type_quad, &t, NULL);
  }
  out->types   = t.types;
  out->n_types = t.n;
  MgdId g      = h->graph;
  if (!st && !g) {
    Values v;
    v.n                     = 0U;
    const MgdIdQuad pattern = { h->id, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE };
    st                      = each_quad(c, &pattern, 1U, graph_quad, &v, NULL);
    g                       = v.n ? v.keys[0] : MGD_ID_NONE;
  }
  if (!st && g && g != MGD_ID_DEFAULT_GRAPH) {
    st = term_text(c, g, &out->graph);
  } else {
    out->graph = mgd_str_n("", 0U);
  }
  return st ? st : snippet(c, h, &out->snippet);
}

// Facet counts

typedef struct {
  MgdId    key;
  MgdId    node; ///< A node holding it (label_via)
  uint64_t count;
} Count;

static int
count_cmp(const void* const a, const void* const b)
{
  const Count* const x = (const Count*)a;
  const Count* const y = (const Count*)b;
  if (x->count != y->count) {
    return x->count > y->count ? -1 : 1;
  }
  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

static MgdStatus
via_label(Ctx* const               c,
          const MgdFacetDef* const d,
          const FacetIds* const    fi,
          const MgdId              node,
          MgdId* const             lit)
{
  *lit = MGD_ID_NONE;
  if (!d->label_via || !fi->via || !node) {
    return MGD_SUCCESS;
  }
  FirstLiteral    fl      = { MGD_ID_NONE };
  const MgdIdQuad pattern = { node, fi->via, MGD_ID_NONE, MGD_ID_NONE };
  MgdStatus       st = each_quad(c, &pattern, 4U, first_literal, &fl, NULL);
  *lit               = fl.lit;
  return st;
}

static MgdStatus
render_value(Ctx* const                 c,
             const size_t               f,
             const Count* const         n,
             MgdSearchFacetValue* const out)
{
  const MgdFacetDef* const d  = &c->config->facets[f];
  const FacetIds* const    fi = &c->facets[f];
  out->count                  = n->count;
  out->selected               = false;
  MgdStatus st                = MGD_SUCCESS;
  if (d->kind == MGD_FACET_YEAR) {
    char year[16];
    snprintf(year, sizeof(year), "%u", (unsigned)(n->key & 0xFFFFFU));
    out->value = mgd_arena_str(c->arena, mgd_str(year));
    out->label = out->value;
    st         = out->value.ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
  } else if (n->key == MGD_ID_DEFAULT_GRAPH) {
    out->value = mgd_str("default");
    out->label = mgd_str("default graph");
  } else if (n->key == NO_KEY) {
    out->value = mgd_str_n("", 0U);
    out->label = out->value;
  } else {
    MgdId fallback = MGD_ID_NONE;
    st             = via_label(c, d, fi, n->node, &fallback);
    st             = st ? st : term_text(c, n->key, &out->value);
    st             = st ? st : label_of(c, n->key, fallback, &out->label);
  }
  for (size_t k = 0U; k < fi->n_selected; ++k) {
    if (fi->selected[k] == n->key) {
      out->selected = true;
      if (n->key == NO_KEY || d->kind == MGD_FACET_YEAR) {
        out->value = fi->selected_text[k];
        out->label = out->label.len ? out->label : out->value;
      }
    }
  }
  return st;
}

typedef struct {
  Count*     counts;
  size_t     n;
  size_t     cap;
  MgdHashMap map; ///< key -> index in counts
} FacetCounts;

static MgdStatus
count_add(FacetCounts* const fc,
          const MgdId        key,
          const MgdId        node,
          const uint64_t     by)
{
  uint64_t* slot  = NULL;
  bool      added = false;
  MgdStatus st = mgd_hashmap_ref(&fc->map, &key, sizeof(MgdId), &slot, &added);
  if (!st && added) {
    *slot = fc->n;
    st    = vec_grow((void**)&fc->counts, &fc->cap, fc->n + 1U, sizeof(Count));
    if (!st) {
      fc->counts[fc->n].key     = key;
      fc->counts[fc->n].node    = node;
      fc->counts[fc->n++].count = 0U;
    }
  }
  if (!st) {
    fc->counts[*slot].count += by;
  }
  return st;
}

/// Facet counts over every hit, in one pass (each hit's values of every
/// facet), unless that takes longer than FACET_BUDGET_MS (or half the
/// time left): then over the best-ranked hits counted by then, at least
/// MGD_SEARCH_FACET_SAMPLE of them, and facets_sampled says so.
static MgdStatus
count_facets(Ctx* const c, MgdSearchResult* const r)
{
  const size_t n_facets = c->config->n_facets;
  r->facets             = (MgdSearchFacet*)mgd_arena_calloc(
    c->arena, n_facets ? n_facets : 1U, sizeof(MgdSearchFacet));
  FacetCounts* const fcs =
    (FacetCounts*)mgd_calloc(n_facets ? n_facets : 1U, sizeof(FacetCounts));
  Values* const values =
    (Values*)mgd_calloc(n_facets ? n_facets : 1U, sizeof(Values));
  if (!r->facets || !fcs || !values) {
    mgd_free(fcs);
    mgd_free(values);
    return MGD_BAD_ALLOC;
  }
  for (size_t f = 0U; f < n_facets; ++f) {
    mgd_hashmap_init(&fcs[f].map);
  }
  r->n_facets        = n_facets;
  const uint64_t now = mgd_search_now_ms();
  uint64_t       end = now + FACET_BUDGET_MS;
  if (c->deadline && c->deadline > now &&
      now + (c->deadline - now) / 2U < end) {
    end = now + (c->deadline - now) / 2U;
  }
  MgdStatus st     = MGD_SUCCESS;
  uint64_t  n_seen = 0U;
  uint64_t  n_pass = 0U; ///< Of them, hits passing every filter
  for (size_t i = 0U; !st && n_facets && i < c->n_hits; ++i) {
    const Hit* const h = &c->hits[i];
    if (h->n_fails > 1U) {
      continue; // in no facet's counts
    }
    if ((n_seen & 63U) == 0U && n_seen >= MGD_SEARCH_FACET_SAMPLE &&
        mgd_search_now_ms() > end) {
      r->facets_sampled = true;
      break;
    }
    if ((n_seen & 255U) == 255U && past_deadline(c)) {
      st = MGD_BAD_TIMEOUT;
      break;
    }
    ++n_seen;
    n_pass += h->n_fails ? 0U : 1U;
    st = facet_values_all(c, h->id, values);
    for (size_t f = 0U; !st && f < n_facets; ++f) {
      if (h->n_fails == 1U && h->fail_facet != f) {
        continue;
      }
      const Values* const v = &values[f];
      for (size_t k = 0U; !st && k < v->n; ++k) {
        st = count_add(&fcs[f], v->keys[k], v->via_node[k], 1U);
      }
    }
  }
  r->facets_counted = n_pass;
  for (size_t f = 0U; f < n_facets; ++f) {
    const FacetIds* const fi = &c->facets[f];
    FacetCounts* const    fc = &fcs[f];
    // Selected values are always listed, even with no hit
    for (size_t k = 0U; !st && k < fi->n_selected; ++k) {
      st = count_add(fc, fi->selected[k], MGD_ID_NONE, 0U);
    }
    if (!st && fc->n) {
      qsort(fc->counts, fc->n, sizeof(Count), count_cmp);
    }
    MgdSearchFacet* const out = &r->facets[f];
    out->name                 = c->config->facets[f].name;
    out->label                = c->config->facets[f].label;
    const size_t n_out =
      fc->n < MGD_SEARCH_FACET_VALUES ? fc->n : MGD_SEARCH_FACET_VALUES;
    out->values = (MgdSearchFacetValue*)mgd_arena_calloc(
      c->arena, fc->n + 1U, sizeof(MgdSearchFacetValue));
    if (!st && !out->values) {
      st = MGD_BAD_ALLOC;
    }
    for (size_t k = 0U; !st && k < fc->n; ++k) {
      // The top values, and selected ones further down
      bool sel = false;
      for (size_t j = 0U; j < fi->n_selected; ++j) {
        sel = sel || fi->selected[j] == fc->counts[k].key;
      }
      if (k < n_out || sel) {
        st = render_value(c, f, &fc->counts[k], &out->values[out->n_values++]);
      }
    }
    mgd_free(fc->counts);
    mgd_hashmap_clear(&fc->map);
  }
  mgd_free(fcs);
  mgd_free(values);
  return st;
}

// Setup and teardown

static MgdStatus
ctx_init(Ctx* const                   c,
         MgdSearchIndex* const        index,
         const MgdSearchConfig* const config,
         const MgdSource* const       source,
         const MgdSearchQuery* const  q,
         MgdArena* const              arena)
{
  memset(c, 0, sizeof(*c));
  c->index    = index;
  c->config   = config;
  c->src      = source;
  c->arena    = arena;
  c->deadline = q->deadline_ms;
  mgd_arena_init(&c->scratch, 0U);
  mgd_search_stemmers_init(&c->stemmers);
  mgd_hashmap_init(&c->hit_map);
  mgd_hashmap_init(&c->climb_map);
  mgd_hashmap_init(&c->type_map);
  MgdStatus st = lookup_iri(c, MGD_RDF_TYPE, &c->rdf_type);
  for (size_t i = 0U; !st && i < config->n_labels; ++i) {
    st = lookup_iri(c, config->labels[i], &c->labels[i]);
  }
  for (size_t i = 0U; !st && i < config->n_classes; ++i) {
    st = lookup_iri(c, config->classes[i], &c->classes[i]);
  }
  for (size_t f = 0U; !st && f < config->n_facets; ++f) {
    const MgdFacetDef* const d = &config->facets[f];
    for (size_t a = 0U; !st && a < d->n_alts; ++a) {
      for (size_t s = 0U; !st && s < d->alts[a].n_steps; ++s) {
        st = lookup_iri(c, d->alts[a].steps[s], &c->facets[f].ids[a][s]);
      }
    }
    if (!st && d->label_via) {
      st = lookup_iri(c, d->label_via, &c->facets[f].via);
    }
  }
  st = st ? st : mgd_search_read_begin(index, &c->read);
  if (!st) {
    mgd_search_read_langs(c->read, c->langs, sizeof(c->langs));
  }
  return st;
}

static void
ctx_clear(Ctx* const c)
{
  mgd_search_read_end(c->read);
  mgd_arena_clear(&c->scratch);
  mgd_search_stemmers_clear(&c->stemmers);
  mgd_hashmap_clear(&c->hit_map);
  mgd_hashmap_clear(&c->climb_map);
  mgd_hashmap_clear(&c->type_map);
  mgd_free(c->hits);
  mgd_free(c->targets);
  mgd_free(c->target_hops);
}

MgdStatus
mgd_search_run(MgdSearchIndex* const        index,
               const MgdSearchConfig* const config,
               const MgdSource* const       source,
               const MgdSearchQuery* const  q,
               const uint64_t               lag,
               MgdArena* const              arena,
               MgdSearchResult* const       r)
{
  memset(r, 0, sizeof(*r));
  r->index_lag   = lag;
  r->total_exact = true;
  Ctx       c;
  MgdStatus st        = ctx_init(&c, index, config, source, q, arena);
  st                  = st ? st : parse_words(&c, q->text, q->diag);
  st                  = st ? st : setup_filters(&c, q);
  uint64_t population = 0U;
  if (!st && c.n_words) {
    st = collect_text_hits(&c);
  } else if (!st) {
    st = collect_browse_hits(&c, &population);
  }
  // Filters on every candidate; facets count those failing only their own
  for (size_t i = 0U; !st && c.has_filters && i < c.n_hits; ++i) {
    if ((i & 255U) == 0U && past_deadline(&c)) {
      st = MGD_BAD_TIMEOUT;
      break;
    }
    st = filter_hit(&c, &c.hits[i]);
  }
  if (!st) {
    if (c.n_hits) {
      qsort(c.hits, c.n_hits, sizeof(Hit), hit_cmp);
    }
    uint64_t n_pass = 0U;
    for (size_t i = 0U; i < c.n_hits; ++i) {
      n_pass += c.hits[i].n_fails ? 0U : 1U;
    }
    const bool sampled = !c.n_words && !c.browse_all;
    r->total           = sampled ? population : n_pass;
    r->total_exact     = !c.inexact && !r->index_lag && !sampled;
    st                 = count_facets(&c, r);
    r->facets_sampled  = r->facets_sampled || sampled;
  }
  // The page: hits passing every filter, from `offset`
  const uint64_t limit =
    q->limit > MGD_SEARCH_MAX_LIMIT ? MGD_SEARCH_MAX_LIMIT : q->limit;
  if (!st && limit) {
    r->hits =
      (MgdSearchHit*)mgd_arena_calloc(arena, limit, sizeof(MgdSearchHit));
    st = r->hits ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  if (!st && !c.n_words && !c.browse_all) {
    // Browsing a large store: the page straight from the classes, each
    // instance under the first searchable class it has
    c.n_hits = 0U;
    mgd_hashmap_clear(&c.hit_map);
    mgd_hashmap_init(&c.hit_map);
    uint64_t skip = q->offset;
    for (size_t i = 0U; !st && i < config->n_classes && c.n_hits < limit; ++i) {
      uint64_t        n       = 0U;
      const MgdIdQuad pattern = {
        MGD_ID_NONE, c.rdf_type, c.classes[i], MGD_ID_NONE
      };
      if (!c.classes[i] || !c.rdf_type) {
        continue;
      }
      st = source->vt->estimate(source->handle, &pattern, &n);
      if (!st && i == 0U && skip >= n) {
        skip -= n; // (later classes may share instances: counted one by one)
        continue;
      }
      MgdIter*  it = NULL;
      MgdIdQuad qd;
      st = st ? st : source->vt->match(source->handle, &pattern, &it);
      while (!st && c.n_hits < limit && !(st = source->vt->next(it, &qd))) {
        if ((skip & 1023U) == 1U && past_deadline(&c)) {
          st = MGD_BAD_TIMEOUT;
          break;
        }
        bool earlier = false;
        for (size_t j = 0U; !st && !earlier && j < i; ++j) {
          const MgdIdQuad typed = {
            qd.s, c.rdf_type, c.classes[j], MGD_ID_NONE
          };
          uint64_t n_typed = 0U;
          st               = c.classes[j]
                               ? source->vt->estimate(source->handle, &typed, &n_typed)
                               : MGD_SUCCESS;
          earlier          = n_typed > 0U;
        }
        if (st || earlier) {
          continue;
        }
        if (skip) {
          --skip;
          continue;
        }
        Hit* h = NULL;
        st     = hit_get(&c, qd.s, true, &h);
        if (!st && h) {
          h->graph = qd.g;
        }
      }
      source->vt->iter_free(it);
      st = st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    for (size_t i = 0U; !st && i < c.n_hits; ++i) {
      st = render_hit(&c, &c.hits[i], &r->hits[r->n_hits++]);
    }
  } else {
    uint64_t seen = 0U;
    for (size_t i = 0U; !st && i < c.n_hits && r->n_hits < limit; ++i) {
      if (c.hits[i].n_fails) {
        continue;
      }
      if (seen++ < q->offset) {
        continue;
      }
      st = render_hit(&c, &c.hits[i], &r->hits[r->n_hits++]);
    }
  }
  if (!st) {
    r->n_words = c.n_words;
    r->words = (MgdStr*)mgd_arena_calloc(arena, c.n_words + 1U, sizeof(MgdStr));
    st       = r->words ? MGD_SUCCESS : MGD_BAD_ALLOC;
    for (size_t i = 0U; !st && i < c.n_words; ++i) {
      r->words[i] = c.words[i].text;
    }
    r->stems = (MgdStr*)mgd_arena_calloc(
      arena, c.n_words * WORD_MAX_STEMS + 1U, sizeof(MgdStr));
    st = st ? st : r->stems ? MGD_SUCCESS : MGD_BAD_ALLOC;
    for (size_t i = 0U; !st && i < c.n_words; ++i) {
      for (size_t k = 0U; k < c.words[i].n_stems; ++k) {
        bool seen = false;
        for (size_t j = 0U; j < r->n_stems; ++j) {
          seen = seen || mgd_str_eq(r->stems[j], c.words[i].stems[k]);
        }
        if (!seen) {
          r->stems[r->n_stems++] = c.words[i].stems[k];
        }
      }
    }
  }
  if (!st && c.timed_out) {
    st = MGD_BAD_TIMEOUT;
  }
  ctx_clear(&c);
  return st;
}

// Suggestions

typedef struct {
  MgdStr   text;    ///< Literal text (arena)
  MgdId    lit;     ///< The literal
  MgdId    subject; ///< A labelled subject, or none
  uint64_t count;   ///< Quads using the literal
  bool     starts;  ///< Starts with the first word
} Cand;

typedef struct {
  Ctx*       c;
  Cand*      cands;
  size_t     n_cands;
  size_t     cap;
  MgdHashMap seen; ///< Normalised text -> index
  size_t     n_read;
  MgdBuf     norm;
  MgdId      last_inline; ///< Inline string just offered
} Suggest;

typedef struct {
  const Ctx* c;
  uint32_t   mask;
  size_t     n_tokens;
  bool       starts;
  MgdBuf*    norm;
} SuggestCheck;

static MgdStatus
suggest_token(void* const  handle,
              const MgdStr token,
              const size_t start,
              const size_t end)
{
  (void)start;
  (void)end;
  SuggestCheck* const s = (SuggestCheck*)handle;
  for (size_t i = 0U; i < s->c->n_words; ++i) {
    const Word* const w = &s->c->words[i];
    if (token.len >= w->text.len &&
        !memcmp(token.ptr, w->text.ptr, w->text.len) &&
        (w->prefix || token.len == w->text.len)) {
      s->mask |= 1U << i;
      s->starts = s->starts || (s->n_tokens == 0U && i == 0U);
    }
  }
  ++s->n_tokens;
  MgdStatus st = mgd_buf_append(s->norm, token.ptr, token.len);
  return st ? st : mgd_buf_putc(s->norm, ' ');
}

static MgdStatus
suggest_subject(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  if (is_label_pred(c, q->p) && mgd_id_tag(q->s) == MGD_TAG_IRI) {
    *(MgdId*)h = q->s;
    return MGD_FAILURE;
  }
  return MGD_SUCCESS;
}

static MgdStatus
suggest_literal(Suggest* const s, const MgdId lit, const MgdStr text)
{
  Ctx* const c = s->c;
  if (text.len > SUGGEST_MAX_BYTES || !text.len) {
    return MGD_SUCCESS;
  }
  mgd_buf_reset(&s->norm);
  SuggestCheck   k   = { c, 0U, 0U, false, &s->norm };
  MgdStatus      st  = mgd_search_tokenize(text, suggest_token, &k);
  const uint32_t all = (1U << c->n_words) - 1U;
  if (st || k.mask != all) {
    return st;
  }
  uint64_t* slot  = NULL;
  bool      added = false;
  st = mgd_hashmap_ref(&s->seen, s->norm.data, s->norm.len, &slot, &added);
  uint64_t        n       = 0U;
  const MgdIdQuad pattern = { MGD_ID_NONE, MGD_ID_NONE, lit, MGD_ID_NONE };
  st = st ? st : c->src->vt->estimate(c->src->handle, &pattern, &n);
  if (st) {
    return st;
  }
  if (!added) {
    s->cands[*slot].count += n;
    return MGD_SUCCESS;
  }
  *slot = s->n_cands;
  st    = vec_grow((void**)&s->cands, &s->cap, s->n_cands + 1U, sizeof(Cand));
  if (st) {
    return st;
  }
  Cand* const cand = &s->cands[s->n_cands++];
  memset(cand, 0, sizeof(*cand));
  cand->text   = mgd_arena_str(c->arena, text);
  cand->lit    = lit;
  cand->count  = n;
  cand->starts = k.starts;
  if (!cand->text.ptr) {
    return MGD_BAD_ALLOC;
  }
  return each_quad(c, &pattern, 64U, suggest_subject, &cand->subject, NULL);
}

static MgdStatus
suggest_batch(void* const        handle,
              const MgdStr       token,
              const MgdId* const ids,
              const size_t       n)
{
  (void)token;
  Suggest* const s  = (Suggest*)handle;
  MgdStatus      st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < n; ++i) {
    if (mgd_id_kind(ids[i]) != MGD_TERM_LITERAL) {
      continue; // an IRI's local name: no label to offer
    }
    if (++s->n_read > SUGGEST_MAX_LITERALS ||
        ((s->n_read & 255U) == 0U && past_deadline(s->c))) {
      return MGD_BAD_LIMIT;
    }
    MgdTerm t;
    mgd_arena_reset(&s->c->scratch);
    st = mgd_source_term(s->c->src, ids[i], &s->c->scratch, &t);
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS;
      continue;
    }
    st = st ? st : suggest_literal(s, ids[i], t.value);
  }
  return st;
}

static MgdStatus
suggest_inline(Ctx* const c, const MgdIdQuad* const q, void* const h)
{
  MgdIdScratch   scratch;
  MgdTerm        t;
  Suggest* const s = (Suggest*)h;
  (void)c;
  // The range scan is in object order: the quads of one string come
  // together, and the first has counted them all (suggest_literal)
  if (q->o == s->last_inline || mgd_id_inline_term(q->o, &scratch, &t)) {
    return MGD_SUCCESS;
  }
  s->last_inline = q->o;
  return suggest_literal(s, q->o, t.value);
}

static int
cand_cmp(const void* const a, const void* const b)
{
  const Cand* const x = (const Cand*)a;
  const Cand* const y = (const Cand*)b;
  if (x->starts != y->starts) {
    return x->starts ? -1 : 1;
  }
  if (!x->subject != !y->subject) {
    return x->subject ? -1 : 1; // a label of something before a bare value
  }
  if (x->count != y->count) {
    return x->count > y->count ? -1 : 1;
  }
  return mgd_str_cmp(x->text, y->text);
}

typedef struct {
  MgdStr   token;
  uint64_t n;
} TokenCount;

typedef struct {
  Ctx*        c;
  TokenCount* tokens;
  size_t      n;
  size_t      cap;
} Tokens;

static MgdStatus
suggest_word(void* const handle, const MgdStr token, const uint64_t n)
{
  Tokens* const t = (Tokens*)handle;
  MgdStatus     st =
    vec_grow((void**)&t->tokens, &t->cap, t->n + 1U, sizeof(TokenCount));
  if (!st) {
    t->tokens[t->n].token = mgd_arena_str(t->c->arena, token);
    t->tokens[t->n++].n   = n;
    st = t->tokens[t->n - 1U].token.ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  return st;
}

static int
token_cmp(const void* const a, const void* const b)
{
  const TokenCount* const x = (const TokenCount*)a;
  const TokenCount* const y = (const TokenCount*)b;
  if (x->n != y->n) {
    return x->n > y->n ? -1 : 1;
  }
  return mgd_str_cmp(x->token, y->token);
}

MgdStatus
mgd_search_suggest(MgdSearchIndex* const        index,
                   const MgdSearchConfig* const config,
                   const MgdSource* const       source,
                   const MgdSearchQuery* const  q,
                   MgdArena* const              arena,
                   MgdSearchSuggestion** const  out,
                   size_t* const                n_out)
{
  *out   = NULL;
  *n_out = 0U;
  Ctx       c;
  MgdStatus st = ctx_init(&c, index, config, source, q, arena);
  st           = st ? st : parse_words(&c, q->text, q->diag);
  const size_t limit =
    q->limit > MGD_SEARCH_MAX_LIMIT ? MGD_SEARCH_MAX_LIMIT : q->limit;
  MgdSearchSuggestion* const sugg = (MgdSearchSuggestion*)mgd_arena_calloc(
    arena, limit + 1U, sizeof(MgdSearchSuggestion));
  if (!st && !sugg) {
    st = MGD_BAD_ALLOC;
  }
  Suggest s;
  memset(&s, 0, sizeof(s));
  s.c = &c;
  mgd_hashmap_init(&s.seen);
  mgd_buf_init(&s.norm);
  Tokens t = { &c, NULL, 0U, 0U };
  if (!st && c.n_words) {
    // Labels and short values containing every word: from the postings of
    // the rarest word
    Word* rare = &c.words[0];
    for (size_t i = 0U; !st && i < c.n_words; ++i) {
      bool exact = true;
      st         = mgd_search_postings_count(c.read,
                                     c.words[i].text,
                                     c.words[i].prefix,
                                     PREFIX_MAX_TOKENS,
                                     &c.words[i].n,
                                     &exact);
      rare       = c.words[i].n < rare->n ? &c.words[i] : rare;
    }
    st = st ? st
            : mgd_search_postings(c.read,
                                  rare->text,
                                  rare->prefix,
                                  PREFIX_MAX_TOKENS,
                                  suggest_batch,
                                  &s);
    st = st == MGD_BAD_LIMIT ? MGD_SUCCESS : st;
    st = st ? st : each_inline(&c, rare, suggest_inline, &s);
    st = st == MGD_BAD_TIMEOUT ? MGD_SUCCESS : st;
    if (!st && s.n_cands) {
      qsort(s.cands, s.n_cands, sizeof(Cand), cand_cmp);
    }
    for (size_t i = 0U; !st && i < s.n_cands && *n_out < limit; ++i) {
      MgdSearchSuggestion* const g = &sugg[(*n_out)++];
      g->text                      = s.cands[i].text;
      g->is_entity                 = true;
      g->count                     = s.cands[i].count;
      g->iri                       = mgd_str_n("", 0U);
      if (s.cands[i].subject) {
        st = term_text(&c, s.cands[i].subject, &g->iri);
      }
    }
    // Then words completing the last one, by frequency
    const Word* last = &c.words[c.n_words - 1U];
    for (size_t i = 0U; i < c.n_words; ++i) {
      if (c.words[i].prefix) {
        last = &c.words[i];
      }
    }
    st =
      st ? st : mgd_search_tokens(c.read, last->text, 2000U, suggest_word, &t);
    if (!st && t.n) {
      qsort(t.tokens, t.n, sizeof(TokenCount), token_cmp);
    }
    // The typed text up to the last word, completed
    const MgdStr typed = q->text;
    size_t       keep  = typed.len;
    while (keep && typed.ptr[keep - 1U] != ' ') {
      --keep;
    }
    for (size_t i = 0U; !st && i < t.n && *n_out < limit; ++i) {
      MgdBuf b;
      mgd_buf_init(&b);
      st                           = mgd_buf_append(&b, typed.ptr, keep);
      st                           = st
                                       ? st
                                       : mgd_buf_append(&b, t.tokens[i].token.ptr, t.tokens[i].token.len);
      MgdSearchSuggestion* const g = &sugg[*n_out];
      if (!st) {
        g->text = mgd_arena_str(arena, mgd_buf_str(&b));
        st      = g->text.ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
      }
      mgd_buf_clear(&b);
      bool dup = false;
      for (size_t k = 0U; !st && k < *n_out; ++k) {
        dup = dup || mgd_str_eq(sugg[k].text, g->text);
      }
      if (!st && !dup) {
        g->iri       = mgd_str_n("", 0U);
        g->is_entity = false;
        g->count     = t.tokens[i].n;
        ++*n_out;
      }
    }
  }
  mgd_free(t.tokens);
  mgd_free(s.cands);
  mgd_hashmap_clear(&s.seen);
  mgd_buf_clear(&s.norm);
  ctx_clear(&c);
  if (st) {
    *n_out = 0U;
    return st;
  }
  *out = sugg;
  return MGD_SUCCESS;
}
