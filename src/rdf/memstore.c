// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "memstore.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <stdint.h>
#include <string.h>

typedef struct {
  MgdTerm term; ///< Strings point into the store's arena
} MemTerm;

/// End of a slot chain.
#define CHAIN_END UINT64_MAX
/// Quad positions: subject, predicate, object, graph.
#define N_POS 4U

/// The slots holding one id in one position, as a chain through
/// MgdMemStore.next[pos] in slot (insertion) order.
typedef struct {
  MgdId    id;    ///< The id
  uint64_t head;  ///< First slot
  uint64_t tail;  ///< Last slot
  uint64_t count; ///< Slots in the chain (removed quads included)
} MemChain;

/// Per-position index: id -> chain.
typedef struct {
  MgdHashMap ids;      ///< Id bytes -> chain index + 1 (0: none yet)
  MemChain*  chains;   ///< Chains, in order of first use
  size_t     n_chains; ///< Chains used
  size_t     c_chains; ///< Chains allocated
  uint64_t*  next;     ///< Next slot per slot (c_quads long)
} MemIndex;

struct MgdMemStoreImpl {
  MgdArena   arena;   ///< Term strings
  MemTerm*   terms;   ///< Dictionary, index = payload - 1
  size_t     n_terms; ///< Terms used
  size_t     c_terms; ///< Terms allocated
  MgdHashMap term_ids; ///< Encoded term → id
  MgdIdQuad* quads;   ///< Quads (holes have s == 0 after removal)
  size_t     n_quads; ///< Slots used in quads
  size_t     c_quads; ///< Slots allocated
  size_t     n_live;  ///< Quads present
  MgdHashMap quad_set; ///< Quad bytes → slot index
  MemIndex   index[N_POS]; ///< Slot chains per id, for each position
};

struct MgdIterImpl {
  MgdMemStore* store;   ///< Store being read
  MgdIdQuad    pattern; ///< What to match
  uint64_t     pos;     ///< Next slot (chain: CHAIN_END at the end)
  unsigned     chain;   ///< Position whose chain is walked; N_POS: scan
  bool         graphs;  ///< Iterating distinct graph names
};

MgdMemStore*
mgd_memstore_new(void)
{
  MgdMemStore* const store = (MgdMemStore*)mgd_calloc(1U, sizeof(MgdMemStore));
  if (store) {
    mgd_arena_init(&store->arena, 0U);
    mgd_hashmap_init(&store->term_ids);
    mgd_hashmap_init(&store->quad_set);
    for (unsigned k = 0U; k < N_POS; ++k) {
      mgd_hashmap_init(&store->index[k].ids);
    }
  }
  return store;
}

void
mgd_memstore_free(MgdMemStore* const store)
{
  if (store) {
    mgd_arena_clear(&store->arena);
    mgd_hashmap_clear(&store->term_ids);
    mgd_hashmap_clear(&store->quad_set);
    for (unsigned k = 0U; k < N_POS; ++k) {
      mgd_hashmap_clear(&store->index[k].ids);
      mgd_free(store->index[k].chains);
      mgd_free(store->index[k].next);
    }
    mgd_free(store->terms);
    mgd_free(store->quads);
    mgd_free(store);
  }
}

static MgdIdTag
memstore_tag(const MgdTermKind kind)
{
  switch (kind) {
  case MGD_TERM_IRI: return MGD_TAG_IRI;
  case MGD_TERM_BLANK: return MGD_TAG_BLANK;
  case MGD_TERM_LITERAL: return MGD_TAG_LITERAL;
  case MGD_TERM_NONE: break;
  }
  return MGD_TAG_SPECIAL;
}

// Encode a term as bytes for hashing; an empty datatype and xsd:string are
// the same term.
static MgdStatus
memstore_key(MgdBuf* const key, const MgdTerm* const term)
{
  MgdStatus    st = mgd_buf_putc(key, (char)('0' + (int)term->kind));
  const MgdStr dt = mgd_str_eqc(term->datatype, MGD_XSD_STRING)
                      ? mgd_str_n(NULL, 0U)
                      : term->datatype;
  if (!st) {
    st = mgd_buf_append(key, term->value.ptr, term->value.len);
  }
  if (!st) {
    st = mgd_buf_putc(key, '\0');
  }
  if (!st) {
    st = mgd_buf_append(key, dt.ptr, dt.len);
  }
  if (!st) {
    st = mgd_buf_putc(key, '\0');
  }
  for (size_t i = 0U; !st && i < term->lang.len; ++i) {
    const char c = term->lang.ptr[i];
    st = mgd_buf_putc(key, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
  }
  return st;
}

static MgdStatus
memstore_find(const MgdMemStore* const store,
              const MgdTerm* const     term,
              MgdId* const             id,
              MgdBuf* const            key)
{
  if (term->kind == MGD_TERM_NONE) {
    *id = MGD_ID_DEFAULT_GRAPH;
    return MGD_SUCCESS;
  }
  if (mgd_id_inline(term, id)) {
    return MGD_SUCCESS;
  }
  const MgdStatus st = memstore_key(key, term);
  if (st) {
    return st;
  }
  uint64_t value = 0U;
  if (mgd_hashmap_get(&store->term_ids, key->data, key->len, &value)) {
    return MGD_FAILURE;
  }
  *id = value;
  return MGD_SUCCESS;
}

MgdStatus
mgd_memstore_intern(MgdMemStore* const store,
                    const MgdTerm* const term,
                    MgdId* const id)
{
  MgdBuf key;
  mgd_buf_init(&key);
  MgdStatus st = memstore_find(store, term, id, &key);
  if (st != MGD_FAILURE) {
    mgd_buf_clear(&key);
    return st;
  }
  if (store->n_terms == store->c_terms) {
    const size_t   cap   = store->c_terms ? store->c_terms * 2U : 64U;
    MemTerm* const terms =
      (MemTerm*)mgd_realloc(store->terms, cap * sizeof(MemTerm));
    if (!terms) {
      mgd_buf_clear(&key);
      return MGD_BAD_ALLOC;
    }
    store->terms   = terms;
    store->c_terms = cap;
  }
  MgdTerm copy  = *term;
  copy.value    = mgd_arena_str(&store->arena, term->value);
  copy.datatype = mgd_str_eqc(term->datatype, MGD_XSD_STRING)
                    ? mgd_str_n(NULL, 0U)
                    : mgd_arena_str(&store->arena, term->datatype);
  copy.lang     = mgd_arena_str(&store->arena, term->lang);
  if (!copy.value.ptr || (term->datatype.len && !copy.datatype.ptr &&
                          !mgd_str_eqc(term->datatype, MGD_XSD_STRING)) ||
      (term->lang.len && !copy.lang.ptr)) {
    mgd_buf_clear(&key);
    return MGD_BAD_ALLOC;
  }
  *id = mgd_id_make(memstore_tag(term->kind), store->n_terms + 1U);
  st  = mgd_hashmap_put(&store->term_ids, key.data, key.len, *id, NULL, NULL);
  mgd_buf_clear(&key);
  if (!st) {
    store->terms[store->n_terms++].term = copy;
  }
  return st;
}

static MgdId
quad_at(const MgdIdQuad* const q, const unsigned k)
{
  switch (k) {
  case 0U: return q->s;
  case 1U: return q->p;
  case 2U: return q->o;
  default: return q->g;
  }
}

// Make room for one more slot and one more chain per position, so that
// linking a new quad cannot fail half-way.
static MgdStatus
memstore_reserve(MgdMemStore* const store)
{
  if (store->n_quads == store->c_quads) {
    const size_t     cap   = store->c_quads ? store->c_quads * 2U : 64U;
    MgdIdQuad* const quads =
      (MgdIdQuad*)mgd_realloc(store->quads, cap * sizeof(MgdIdQuad));
    if (!quads) {
      return MGD_BAD_ALLOC;
    }
    store->quads = quads;
    for (unsigned k = 0U; k < N_POS; ++k) {
      uint64_t* const next =
        (uint64_t*)mgd_realloc(store->index[k].next, cap * sizeof(uint64_t));
      if (!next) {
        return MGD_BAD_ALLOC; // c_quads unchanged: retried next time
      }
      store->index[k].next = next;
    }
    store->c_quads = cap;
  }
  for (unsigned k = 0U; k < N_POS; ++k) {
    MemIndex* const ix = &store->index[k];
    if (ix->n_chains == ix->c_chains) {
      const size_t    cap = ix->c_chains ? ix->c_chains * 2U : 64U;
      MemChain* const chains =
        (MemChain*)mgd_realloc(ix->chains, cap * sizeof(MemChain));
      if (!chains) {
        return MGD_BAD_ALLOC;
      }
      ix->chains   = chains;
      ix->c_chains = cap;
    }
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_memstore_add(MgdMemStore* const   store,
                 const MgdQuad* const quad,
                 bool* const          added)
{
  MgdIdQuad q = {0U, 0U, 0U, 0U};
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, mgd_memstore_intern(store, &quad->s, &q.s));
  MGD_TRY(st, mgd_memstore_intern(store, &quad->p, &q.p));
  MGD_TRY(st, mgd_memstore_intern(store, &quad->o, &q.o));
  MGD_TRY(st, mgd_memstore_intern(store, &quad->g, &q.g));
  MGD_TRY(st, memstore_reserve(store));
  // Index entries first (a new one holds 0 = "no chain yet", harmless if
  // a later step fails), then the set; linking after that cannot fail.
  uint64_t* chain[N_POS];
  for (unsigned k = 0U; k < N_POS; ++k) {
    const MgdId id = quad_at(&q, k);
    MGD_TRY(st, mgd_hashmap_ref(&store->index[k].ids, &id, sizeof(id),
                                &chain[k], NULL));
  }
  // The set maps a quad to its slot; a removed quad left a hole there
  // (s == 0) that a re-add fills again (the slot is still in its chains).
  uint64_t* slot     = NULL;
  bool      inserted = false;
  MGD_TRY(st, mgd_hashmap_ref(&store->quad_set, &q, sizeof(q), &slot, &inserted));
  if (inserted) {
    const uint64_t at = store->n_quads;
    *slot             = at;
    store->quads[store->n_quads++] = q;
    ++store->n_live;
    for (unsigned k = 0U; k < N_POS; ++k) {
      MemIndex* const ix = &store->index[k];
      ix->next[at]       = CHAIN_END;
      if (!*chain[k]) {
        const MemChain c = {quad_at(&q, k), at, at, 1U};
        ix->chains[ix->n_chains++] = c;
        *chain[k]                  = ix->n_chains;
      } else {
        MemChain* const c = &ix->chains[*chain[k] - 1U];
        ix->next[c->tail] = at;
        c->tail           = at;
        ++c->count;
      }
    }
  } else if (!store->quads[*slot].s) {
    store->quads[*slot] = q;
    ++store->n_live;
    inserted = true;
  }
  if (added) {
    *added = inserted;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_memstore_remove(MgdMemStore* const store, const MgdIdQuad* const quad)
{
  uint64_t slot = 0U;
  if (mgd_hashmap_get(&store->quad_set, quad, sizeof(*quad), &slot) ||
      !store->quads[slot].s) {
    return MGD_FAILURE;
  }
  // Leave a hole; the set entry is re-pointed when the quad comes back.
  memset(&store->quads[slot], 0, sizeof(MgdIdQuad));
  --store->n_live;
  return MGD_SUCCESS;
}

size_t
mgd_memstore_size(const MgdMemStore* const store)
{
  return store->n_live;
}

static MgdStatus
memstore_on_quad(void* const handle, const MgdQuad* const quad)
{
  return mgd_memstore_add((MgdMemStore*)handle, quad, NULL);
}

MgdSink
mgd_memstore_sink(MgdMemStore* const store)
{
  const MgdSink sink = {store, NULL, NULL, memstore_on_quad, NULL};
  return sink;
}

static bool
quad_matches(const MgdIdQuad* const q, const MgdIdQuad* const p)
{
  return q->s && (!p->s || p->s == q->s) && (!p->p || p->p == q->p) &&
         (!p->o || p->o == q->o) && (!p->g || p->g == q->g);
}

static const MemChain*
memstore_chain(const MgdMemStore* const store, const unsigned k, const MgdId id)
{
  uint64_t c = 0U;
  if (mgd_hashmap_get(&store->index[k].ids, &id, sizeof(id), &c) || !c) {
    return NULL;
  }
  return &store->index[k].chains[c - 1U];
}

// The shortest chain among the bound positions of `pattern`: sets *k to
// its position (N_POS if nothing is bound) and returns it, or NULL with
// *k < N_POS if a bound id occurs nowhere (nothing can match).
static const MemChain*
memstore_best(const MgdMemStore* const store,
              const MgdIdQuad* const   pattern,
              unsigned* const          k)
{
  const MemChain* best = NULL;
  *k                   = N_POS;
  for (unsigned i = 0U; i < N_POS; ++i) {
    const MgdId id = quad_at(pattern, i);
    if (!id) {
      continue;
    }
    const MemChain* const c = memstore_chain(store, i, id);
    if (!c) {
      *k = i;
      return NULL;
    }
    if (!best || c->count < best->count) {
      best = c;
      *k   = i;
    }
  }
  return best;
}

static MgdStatus
memstore_match(void* const            handle,
               const MgdIdQuad* const pattern,
               MgdIter** const        iter)
{
  MgdIter* const it = (MgdIter*)mgd_calloc(1U, sizeof(MgdIter));
  if (!it) {
    return MGD_BAD_ALLOC;
  }
  it->store             = (MgdMemStore*)handle;
  it->pattern           = *pattern;
  const MemChain* const c = memstore_best(it->store, pattern, &it->chain);
  if (it->chain < N_POS) {
    it->pos = c ? c->head : CHAIN_END;
  }
  *iter = it;
  return MGD_SUCCESS;
}

// Next slot of the walk, or CHAIN_END.
static uint64_t
memstore_step(MgdIter* const iter)
{
  const MgdMemStore* const store = iter->store;
  const uint64_t           at    = iter->pos;
  if (iter->chain == N_POS) {
    if (at >= store->n_quads) {
      return CHAIN_END;
    }
    iter->pos = at + 1U;
    return at;
  }
  if (at != CHAIN_END) {
    iter->pos = store->index[iter->chain].next[at];
  }
  return at;
}

// Distinct graph names come from the graph index: one chain per graph, in
// order of first use; a chain whose quads were all removed is skipped.
static MgdStatus
memstore_next_graph(MgdIter* const iter, MgdIdQuad* const quad)
{
  const MemIndex* const ix = &iter->store->index[3];
  while (iter->pos < ix->n_chains) {
    const MemChain* const c = &ix->chains[iter->pos++];
    if (c->id == MGD_ID_DEFAULT_GRAPH) {
      continue;
    }
    for (uint64_t at = c->head; at != CHAIN_END; at = ix->next[at]) {
      if (iter->store->quads[at].s) {
        const MgdIdQuad g = {0U, 0U, 0U, c->id};
        *quad             = g;
        return MGD_SUCCESS;
      }
    }
  }
  return MGD_FAILURE;
}

static MgdStatus
memstore_next(MgdIter* const iter, MgdIdQuad* const quad)
{
  if (iter->graphs) {
    return memstore_next_graph(iter, quad);
  }
  const MgdMemStore* const store = iter->store;
  for (uint64_t at = memstore_step(iter); at != CHAIN_END;
       at          = memstore_step(iter)) {
    const MgdIdQuad* const q = &store->quads[at];
    if (quad_matches(q, &iter->pattern)) {
      *quad = *q;
      return MGD_SUCCESS;
    }
  }
  return MGD_FAILURE;
}

static void
memstore_iter_free(MgdIter* const iter)
{
  mgd_free(iter);
}

static MgdStatus
memstore_estimate(void* const            handle,
                  const MgdIdQuad* const pattern,
                  uint64_t* const        count)
{
  const MgdMemStore* const store = (const MgdMemStore*)handle;
  unsigned                 k     = N_POS;
  const MemChain* const    c     = memstore_best(store, pattern, &k);
  if (k == N_POS) {
    *count = store->n_live;
    return MGD_SUCCESS;
  }
  if (!c) {
    *count = 0U;
    return MGD_SUCCESS;
  }
  unsigned n_bound = 0U;
  for (unsigned i = 0U; i < N_POS; ++i) {
    n_bound += quad_at(pattern, i) != MGD_ID_NONE;
  }
  if (n_bound == 1U && store->n_live == store->n_quads) {
    *count = c->count; // exact: no holes, one position bound
    return MGD_SUCCESS;
  }
  uint64_t n = 0U;
  for (uint64_t at = c->head; at != CHAIN_END; at = store->index[k].next[at]) {
    n += quad_matches(&store->quads[at], pattern);
  }
  *count = n;
  return MGD_SUCCESS;
}

static MgdStatus
memstore_lookup(void* const handle, const MgdTerm* const term, MgdId* const id)
{
  MgdBuf key;
  mgd_buf_init(&key);
  const MgdStatus st = memstore_find((MgdMemStore*)handle, term, id, &key);
  mgd_buf_clear(&key);
  return st;
}

static MgdStatus
memstore_term(void* const     handle,
              const MgdId     id,
              MgdArena* const arena,
              MgdTerm* const  term)
{
  const MgdMemStore* const store = (const MgdMemStore*)handle;
  const MgdIdTag           tag   = mgd_id_tag(id);
  if (mgd_id_is_inline(id)) {
    MgdIdScratch* const scratch =
      (MgdIdScratch*)mgd_arena_alloc(arena, sizeof(MgdIdScratch));
    return scratch ? mgd_id_inline_term(id, scratch, term) : MGD_BAD_ALLOC;
  }
  const uint64_t index = id & MGD_ID_PAYLOAD_MASK;
  if ((tag != MGD_TAG_IRI && tag != MGD_TAG_BLANK && tag != MGD_TAG_LITERAL) ||
      !index || index > store->n_terms) {
    return MGD_FAILURE;
  }
  *term = store->terms[index - 1U].term;
  return MGD_SUCCESS;
}

static MgdStatus
memstore_graphs(void* const handle, MgdIter** const iter)
{
  const MgdIdQuad any = {0U, 0U, 0U, 0U};
  const MgdStatus st  = memstore_match(handle, &any, iter);
  if (!st) {
    (*iter)->graphs = true;
    (*iter)->pos    = 0U;
  }
  return st;
}

static const MgdSourceVt memstore_vt = {
  memstore_match,    memstore_next,   memstore_iter_free, memstore_estimate,
  memstore_lookup,   memstore_term,   memstore_graphs,    NULL, // no ranges
};

MgdSource
mgd_memstore_source(MgdMemStore* const store)
{
  const MgdSource source = {&memstore_vt, store};
  return source;
}
