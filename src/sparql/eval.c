// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Evaluator of the SPARQL algebra over term ids (Query §18.5).
//
// Every operator turns into a table of rows (one MgdId per query variable,
// MGD_ID_NONE = unbound). Evaluation takes an optional seed row: the
// operator's result is then restricted to rows compatible with the seed
// and carries its bindings. Seeds give two things at once:
//   - index nested-loop joins: Join(A, B) evaluates B once per row of A
//     with that row as seed, so B's triple patterns are matched with A's
//     values bound (only when B is "seedable": a BGP, path, VALUES, or
//     joins/unions/graphs of those, where substitution equals joining);
//   - EXISTS, whose pattern is evaluated with the current row substituted
//     (§18.6 substitute), which is exactly seeding.
// Seeding costs one index seek per outer row, so large outer sides switch
// to hash joins: a Join or LeftJoin whose seedable side is estimated small
// next to the rows on the left evaluates that side once and joins the two
// tables on a hash index; inside a BGP, a triple pattern probed about as
// often as it has matches is read once into a hash table (HashPat). Under
// SELECT DISTINCT a BGP's trailing patterns that bind only projected-away
// variables stop at their first match (semi-join).
// Terms are materialised only for expressions, ORDER BY and output. Values
// the source lacks get engine-local ids (MGD_TAG_LOCAL) from a per-run
// dictionary, so equal terms keep equal ids.

#include "sparql/eval_impl.h"

#include "base/alloc.h"
#include "sparql/xsd_decimal.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TICK_MASK 1023U
/// Ticks between polls of the cancel callback (it may cost a system call).
#define CANCEL_MASK 16383U




uint64_t
mgd_sparql_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

// The thread's default cancel check (mgd_sparql_thread_cancel).
static _Thread_local bool (*tl_cancelled)(void* handle);
static _Thread_local void* tl_cancel_handle;

void
mgd_sparql_thread_cancel(bool (*const cancelled)(void* handle),
                         void* const handle)
{
  tl_cancelled     = cancelled;
  tl_cancel_handle = cancelled ? handle : NULL;
}

static MgdStatus
tick(Ex* const x)
{
  if ((++x->ticks & TICK_MASK) != 0U) {
    return MGD_SUCCESS;
  }
  if (x->deadline && mgd_sparql_now_ms() > x->deadline) {
    return mgd_diag(x->diag, MGD_BAD_TIMEOUT, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "query timed out");
  }
  if (x->cancelled && (x->ticks & CANCEL_MASK) == 0U &&
      x->cancelled(x->cancel_handle)) {
    return mgd_diag(x->diag, MGD_BAD_TIMEOUT, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "query cancelled");
  }
  return MGD_SUCCESS;
}

/// Refuse a hash set or pair list that outgrows the query memory limit
/// (they are kept outside the accounted tables).
MgdStatus
sp_check_size(Ex* const x, const size_t n_entries, const size_t entry_bytes)
{
  if (n_entries && entry_bytes > (x->mem_limit - x->mem) / n_entries) {
    return mgd_diag(x->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "query needs more than %zu bytes of memory "
                    "(limit max_query_memory)", x->mem_limit);
  }
  return MGD_SUCCESS;
}

// ------------------------------------------------------------------ tables

void
sp_tab_free(Ex* const x, Tab* const t)
{
  if (t->rows) {
    x->mem -= t->cap * x->W * sizeof(MgdId);
    mgd_free(t->rows);
  }
  t->rows = NULL;
  t->n = t->cap = 0U;
}

/// Append a row (copied) to `t`.
MgdStatus
sp_tab_push(Ex* const x, Tab* const t, const MgdId* const row)
{
  MgdStatus st = tick(x);
  if (st) {
    return st;
  }
  if (t->sink) {
    ++t->n;
    return t->sink(x, t->ctx, row);
  }
  if (t->count_only) {
    ++t->n;
    return MGD_SUCCESS;
  }
  if (t->n == t->cap) {
    const size_t cap   = t->cap ? t->cap * 2U : 4U;
    const size_t width = (x->W ? x->W : 1U) * sizeof(MgdId);
    if (x->mem + (cap - t->cap) * width > x->mem_limit) {
      return mgd_diag(x->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                      NULL, "query needs more than %zu bytes of memory "
                      "(limit max_query_memory)", x->mem_limit);
    }
    MgdId* const rows = (MgdId*)mgd_realloc(t->rows, cap * width);
    if (!rows) {
      return MGD_BAD_ALLOC;
    }
    x->mem += (cap - t->cap) * x->W * sizeof(MgdId);
    t->rows = rows;
    t->cap  = cap;
  }
  if (x->W) {
    memcpy(t->rows + t->n * x->W, row, x->W * sizeof(MgdId));
  }
  ++t->n;
  return MGD_SUCCESS;
}

static bool
compatible(const Ex* const x, const MgdId* const a, const MgdId* const b)
{
  for (uint32_t v = 0U; v < x->W; ++v) {
    if (a[v] && b[v] && a[v] != b[v]) {
      return false;
    }
  }
  return true;
}

static void
merge_into(const Ex* const x, MgdId* const out, const MgdId* const b)
{
  for (uint32_t v = 0U; v < x->W; ++v) {
    if (!out[v]) {
      out[v] = b[v];
    }
  }
}

// ------------------------------------------------------------------ terms

static bool
is_local(const MgdId id)
{
  return mgd_id_tag(id) == MGD_TAG_LOCAL;
}

// Queries decode the same dictionary ids again and again (a FILTER reads
// its variable once per comparison, a value repeats across rows), and each
// decode is a B-tree search. Dictionary terms borrowed from a read-only
// source stay valid for the whole run, so a direct-mapped cache of them is
// safe there; updates write to their source and leave it off. The slot also
// keeps the exact numeric value of integer/decimal literals, so numeric
// comparisons and SUM/AVG need not re-parse lexical forms per row.

#define TCACHE_BITS_MIN 10U ///< Small queries: a small table
#define TCACHE_BITS_MAX 14U ///< Grown to after 4 misses per slot

enum {
  NUM_UNKNOWN = 0, ///< Not classified yet
  NUM_NONE    = 1, ///< Not an exactly comparable integer/decimal
  NUM_INTEGER = 2, ///< xsd:integer
  NUM_DECIMAL = 3, ///< xsd:decimal
};

struct TermSlotImpl {
  MgdDec  dec;  ///< Numeric value when num >= NUM_INTEGER
  MgdTerm term; ///< Borrowed from the source
  MgdId   id;   ///< Cached id (0: empty)
  uint8_t num;  ///< NUM_*
};

static TermSlot*
tcache_slot(Ex* const x, const MgdId id)
{
  if (!x->cache_terms) {
    return NULL;
  }
  if (!x->tcache || (x->tcache_bits < TCACHE_BITS_MAX &&
                     x->tcache_miss > ((uint64_t)4 << x->tcache_bits))) {
    // Sized on demand (contents are only a cache: dropped when growing).
    const unsigned bits = x->tcache ? TCACHE_BITS_MAX : TCACHE_BITS_MIN;
    mgd_free(x->tcache);
    x->tcache      = (TermSlot*)mgd_calloc((size_t)1 << bits, sizeof(TermSlot));
    x->tcache_bits = bits;
    x->tcache_miss = 0U;
    if (!x->tcache) {
      x->cache_terms = false;
      return NULL;
    }
  }
  const uint64_t h =
    (id * UINT64_C(0x9E3779B97F4A7C15)) >> (64U - x->tcache_bits);
  return &x->tcache[h];
}

/// The term of `id`, with temporaries in `arena`.
MgdStatus
sp_ex_term(Ex* const x, const MgdId id, MgdArena* const arena, MgdTerm* const out)
{
  if (is_local(id)) {
    const uint64_t i = id & MGD_ID_PAYLOAD_MASK;
    if (i >= x->n_locals) {
      return MGD_BAD_INTERNAL;
    }
    *out = x->locals[i];
    return MGD_SUCCESS;
  }
  const MgdIdTag tag = mgd_id_tag(id);
  // Not blank nodes: the store makes their labels in `arena`, which is
  // scratch reset between rows, so a cached label would dangle.
  if (tag == MGD_TAG_IRI || tag == MGD_TAG_LITERAL) {
    TermSlot* const slot = tcache_slot(x, id);
    if (slot && slot->id == id) {
      *out = slot->term;
      return MGD_SUCCESS;
    }
    const MgdStatus st = mgd_source_term(x->src, id, arena, out);
    if (!st && slot) {
      ++x->tcache_miss;
      slot->id   = id;
      slot->term = *out;
      slot->num  = NUM_UNKNOWN;
    }
    return st;
  }
  return mgd_source_term(x->src, id, arena, out);
}

/// NUM_INTEGER or NUM_DECIMAL and its value in *d, or NUM_NONE.
static int
term_num(const MgdTerm* const t, MgdDec* const d)
{
  if (t->kind != MGD_TERM_LITERAL || t->lang.len) {
    return NUM_NONE;
  }
  if (mgd_str_eqc(t->datatype, MGD_XSD_INTEGER)) {
    return mgd_dec_parse_integer(t->value, d) ? NUM_NONE : NUM_INTEGER;
  }
  if (mgd_str_eqc(t->datatype, MGD_XSD_DECIMAL)) {
    return mgd_dec_parse(t->value, d) ? NUM_NONE : NUM_DECIMAL;
  }
  return NUM_NONE;
}

/// The exact numeric value of the term `id` (see term_num), from the cache.
static int
id_num(Ex* const x, const MgdId id, MgdDec* const d)
{
  const MgdIdTag tag = mgd_id_tag(id);
  if (tag == MGD_TAG_INTEGER) {
    *d = mgd_dec_from_i64(mgd_id_integer(id));
    return NUM_INTEGER;
  }
  if (tag == MGD_TAG_DECIMAL) {
    d->raw = (MgdDecRaw)mgd_id_decimal_units(id) * (MgdDecRaw)1000000000;
    return NUM_DECIMAL;
  }
  if (tag != MGD_TAG_LITERAL) {
    return NUM_NONE;
  }
  TermSlot* slot = tcache_slot(x, id);
  if (!slot) {
    return NUM_NONE;
  }
  if (slot->id != id) {
    MgdTerm t;
    if (sp_ex_term(x, id, &x->scratch, &t)) {
      return NUM_NONE;
    }
    slot = tcache_slot(x, id); // the table may have been resized
    if (!slot || slot->id != id) {
      return NUM_NONE;
    }
  }
  if (slot->num == NUM_UNKNOWN) {
    slot->num = (uint8_t)term_num(&slot->term, &slot->dec);
  }
  *d = slot->dec;
  return slot->num;
}

static MgdStatus
local_add(Ex* const x, const MgdTerm* const t, MgdId* const id)
{
  if (x->n_locals == x->c_locals) {
    const size_t   cap  = x->c_locals ? x->c_locals * 2U : 64U;
    MgdTerm* const mem  = (MgdTerm*)mgd_arena_alloc(&x->arena,
                                                    cap * sizeof(MgdTerm));
    if (!mem) {
      return MGD_BAD_ALLOC;
    }
    if (x->n_locals) {
      memcpy(mem, x->locals, x->n_locals * sizeof(MgdTerm));
    }
    x->locals   = mem;
    x->c_locals = cap;
  }
  MgdTerm c = *t;
  c.value    = mgd_arena_str(&x->arena, t->value);
  c.datatype = mgd_arena_str(&x->arena, t->datatype);
  c.lang     = mgd_arena_str(&x->arena, t->lang);
  if (!c.value.ptr || !c.datatype.ptr || !c.lang.ptr) {
    return MGD_BAD_ALLOC;
  }
  x->locals[x->n_locals] = c;
  *id = mgd_id_make(MGD_TAG_LOCAL, x->n_locals++);
  return MGD_SUCCESS;
}

/// The id of `term`: inline, the source's, or a local one.
MgdStatus
sp_ex_intern(Ex* const x, const MgdTerm* const term, MgdId* const id)
{
  MgdTerm t = *term;
  if (!t.value.ptr) {
    t.value = mgd_str_n("", 0U); // functions may return empty views
  }
  if (t.kind == MGD_TERM_LITERAL && mgd_str_eqc(t.datatype, MGD_XSD_STRING)) {
    t.datatype = mgd_str_n(NULL, 0U);
  }
  if (t.kind == MGD_TERM_LITERAL && t.lang.len) {
    t.datatype = mgd_str_n(NULL, 0U);
  }
  if (mgd_id_inline(&t, id)) {
    return MGD_SUCCESS;
  }
  MgdStatus st = x->src->vt->lookup(x->src->handle, &t, id);
  if (st != MGD_FAILURE) {
    return st;
  }
  MgdBuf key;
  mgd_buf_init(&key);
  st = mgd_buf_putc(&key, (char)('0' + t.kind));
  st = st ? st : mgd_buf_append(&key, t.value.ptr, t.value.len);
  st = st ? st : mgd_buf_putc(&key, '\0');
  st = st ? st : mgd_buf_append(&key, t.datatype.ptr, t.datatype.len);
  st = st ? st : mgd_buf_putc(&key, '\0');
  for (size_t i = 0U; !st && i < t.lang.len; ++i) {
    char c = t.lang.ptr[i];
    st     = mgd_buf_putc(&key, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
  }
  uint64_t value = 0U;
  if (!st && !mgd_hashmap_get(&x->local_ids, key.data, key.len, &value)) {
    *id = (MgdId)value;
  } else if (!st && !(st = local_add(x, &t, id))) {
    st = mgd_hashmap_put(&x->local_ids, key.data, key.len, *id, NULL, NULL);
  }
  mgd_buf_clear(&key);
  return st;
}

/// The id of a constant in the query (cached by address).
static MgdStatus
const_id(Ex* const x, const MgdTerm* const term, MgdId* const id)
{
  uint64_t value = 0U;
  if (!mgd_hashmap_get(&x->pos_ids, &term, sizeof(term), &value)) {
    *id = (MgdId)value;
    return MGD_SUCCESS;
  }
  MgdStatus st = sp_ex_intern(x, term, id);
  if (!st) {
    st = mgd_hashmap_put(&x->pos_ids, &term, sizeof(term), *id, NULL, NULL);
  }
  return st;
}

/// The id a pattern position has under `row` (MGD_ID_NONE if unbound).
static MgdStatus
pos_id(Ex* const x, const SpPos* const p, const MgdId* const row,
       MgdId* const id)
{
  if (p->is_var) {
    *id = row ? row[p->var] : MGD_ID_NONE;
    return MGD_SUCCESS;
  }
  return const_id(x, &p->term, id);
}

// ------------------------------------------------------------------ scans


typedef struct {
  MgdHashMap seen; ///< Triples already returned
  bool       on;   ///< Deduplicating
} Dedup;

static MgdStatus
scan_one(Ex* const x, const MgdIdQuad* const pat, Dedup* const dd,
         const ScanFn fn, void* const ctx)
{
  MgdIter*  it = NULL;
  MgdStatus st = x->src->vt->match(x->src->handle, pat, &it);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  MgdIdQuad quad;
  while (!(st = x->src->vt->next(it, &quad))) {
    if ((st = tick(x))) {
      break;
    }
    if (dd->on) {
      const MgdId key[3] = {quad.s, quad.p, quad.o};
      bool        added  = false;
      if ((st = mgd_hashmap_put(&dd->seen, key, sizeof(key), 1U, NULL,
                                &added))) {
        break;
      }
      if (!added) {
        continue;
      }
    }
    if ((st = fn(x, &quad, ctx))) {
      break;
    }
  }
  x->src->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

/// Call `fn` for each triple matching s/p/o (MGD_ID_NONE = any) in the
/// active graph `graph` (MGD_ID_NONE = the dataset's default graph), each
/// distinct triple once.
MgdStatus
sp_scan(Ex* const x, const MgdId s, const MgdId p, const MgdId o,
     const MgdId graph, const ScanFn fn, void* const ctx)
{
  if (is_local(s) || is_local(p) || is_local(o) || is_local(graph)) {
    return MGD_SUCCESS;
  }
  MgdIdQuad pat = {s, p, o, graph};
  Dedup     dd;
  memset(&dd, 0, sizeof(dd));
  MgdStatus st = MGD_SUCCESS;
  if (graph != MGD_ID_NONE) {
    return scan_one(x, &pat, &dd, fn, ctx);
  }
  if (x->dflt_all) {
    dd.on = x->dedup_all && !(s && p && o);
    mgd_hashmap_init(&dd.seen);
    st = scan_one(x, &pat, &dd, fn, ctx);
  } else {
    dd.on = x->n_dflt > 1U;
    mgd_hashmap_init(&dd.seen);
    for (size_t i = 0U; !st && i < x->n_dflt; ++i) {
      pat.g = x->dflt[i];
      if (!is_local(pat.g)) {
        st = scan_one(x, &pat, &dd, fn, ctx);
      }
    }
  }
  mgd_hashmap_clear(&dd.seen);
  return st;
}

// ------------------------------------------------------------------ BGP

/// A pull iterator over the triples matching a pattern in the active graph
/// (the dataset's default graph may span several graphs: deduplicated).
/// A set of triples for deduplication: open addressing over (s, p, o)
/// ids, which are never MGD_ID_NONE in a quad, so a zero slot is empty.
/// Cheaper than the generic byte-keyed map on the per-row path.
typedef struct {
  MgdId* v;    ///< cap slots of 3 ids
  size_t n;    ///< Triples held
  size_t cap;  ///< Slots (power of two, or 0)
} TripleSet;

static size_t
tset_hash(const MgdId* const k, const size_t mask)
{
  uint64_t h = k[0] * UINT64_C(0x9E3779B97F4A7C15);
  h ^= k[1] * UINT64_C(0xC2B2AE3D27D4EB4F);
  h ^= k[2] * UINT64_C(0x165667B19E3779F9);
  h ^= h >> 31U;
  h *= UINT64_C(0xFF51AFD7ED558CCD);
  h ^= h >> 29U;
  return (size_t)h & mask;
}

static bool
tset_has(const TripleSet* const t, const MgdId* const k)
{
  if (!t->cap) {
    return false;
  }
  const size_t mask = t->cap - 1U;
  for (size_t i = tset_hash(k, mask);; i = (i + 1U) & mask) {
    const MgdId* const e = t->v + i * 3U;
    if (!e[0]) {
      return false;
    }
    if (e[0] == k[0] && e[1] == k[1] && e[2] == k[2]) {
      return true;
    }
  }
}

static void
tset_put_new(TripleSet* const t, const MgdId* const k)
{
  const size_t mask = t->cap - 1U;
  size_t       i    = tset_hash(k, mask);
  while (t->v[i * 3U]) {
    i = (i + 1U) & mask;
  }
  memcpy(t->v + i * 3U, k, 3U * sizeof(MgdId));
  ++t->n;
}

/// Add `k`; *added says whether it was new.
static MgdStatus
tset_add(Ex* const x, TripleSet* const t, const MgdId* const k,
         bool* const added)
{
  *added = false;
  if ((t->n + 1U) * 2U > t->cap) {
    if (tset_has(t, k)) {
      return MGD_SUCCESS;
    }
    const size_t cap = t->cap ? t->cap * 2U : 8U;
    MgdStatus    st  = sp_check_size(x, cap, 3U * sizeof(MgdId));
    MgdId* const v   = st ? NULL : (MgdId*)mgd_calloc(cap * 3U, sizeof(MgdId));
    if (st || !v) {
      return st ? st : MGD_BAD_ALLOC;
    }
    TripleSet grown = {v, 0U, cap};
    for (size_t i = 0U; i < t->cap; ++i) {
      if (t->v[i * 3U]) {
        tset_put_new(&grown, t->v + i * 3U);
      }
    }
    mgd_free(t->v);
    *t = grown;
  }
  // One probe: the key's slot or the empty one where it goes.
  const size_t mask = t->cap - 1U;
  for (size_t i = tset_hash(k, mask);; i = (i + 1U) & mask) {
    MgdId* const e = t->v + i * 3U;
    if (!e[0]) {
      memcpy(e, k, 3U * sizeof(MgdId));
      ++t->n;
      *added = true;
      return MGD_SUCCESS;
    }
    if (e[0] == k[0] && e[1] == k[1] && e[2] == k[2]) {
      return MGD_SUCCESS;
    }
  }
}

static void
tset_free(TripleSet* const t)
{
  mgd_free(t->v);
  t->v   = NULL;
  t->n   = 0U;
  t->cap = 0U;
}

// Probing a pattern once per row of a large outer side costs one index
// seek per row. When a pattern (with a given set of positions bound by the
// probe) is probed about as often as it has matches in all, reading those
// matches once into a hash table keyed by the probed positions is cheaper:
// the seeks become hash probes, a hash join inside the nested loops. The
// switch is adaptive, counted over the whole run (seeded evaluations of
// the same pattern add up), so a wrong estimate costs at most about the
// scan it would have saved.

/// Probes before a pattern may be hashed (small outer sides never are).
#define HASH_MIN_PROBES 256U
/// Hash once probes * HASH_SEEK_RATIO reach the pattern's size: a probe
/// of a table much larger than the caches costs a few memory misses, not
/// much less than an index seek, so it pays only for about as many probes
/// as the table has entries (measured on the 10M bench store).
#define HASH_SEEK_RATIO 2U
/// The same for tables with one key position: kept in key order (see
/// hp_sort), they are probed mostly sequentially, so they pay much sooner
/// (10M bench: q09 161 -> 105 ms, q11 251 -> 181 ms going from 2 to 8;
/// 32 made LIMIT queries build tables they did not finish reading).
#define HASH_SEEK_RATIO_SORTED 8U
/// Largest pattern hashed (matches; links are 32-bit).
#define HASH_MAX_ROWS ((size_t)1 << 22)
/// End of a chain of matches.
#define HP_END UINT32_MAX
/// Keys a probe walks forward from the previous probe's key before it
/// asks the hash table instead (see hp_sort).
#define HP_FINGER_STEPS 8U
/// Triple patterns sharing a table that keep their own previous key.
#define HP_FINGERS 4U

enum { HP_COUNTING, HP_BUILT, HP_NEVER };

struct HashPatImpl {
  HashPat*  next_hp; ///< All of a run's tables (freed at its end)
  int       state;   ///< HP_*
  uint64_t  probes;  ///< Probes counted so far
  uint64_t  est;     ///< Estimated matches of the unprobed pattern
  uint8_t   kpos[3]; ///< Key positions (0 s, 1 p, 2 o)
  uint8_t   nk;      ///< Count
  MgdId*    v;       ///< Matches, 3 ids each
  uint32_t* next;    ///< Per match: next one with the same key
  size_t    n;       ///< Matches
  size_t    cap_v;   ///< Allocated matches
  MgdId*    slots;   ///< cap slots of nk key ids + first match (0: empty)
  size_t    cap;     ///< Slots (power of two)
  size_t    used;    ///< Slots in use
  size_t    bytes;   ///< Memory counted in Ex.mem
  bool      sorted;  ///< One key position; v in key order (see hp_sort)
  MgdId*    skeys;   ///< Sorted: the distinct keys, ascending
  uint32_t* kstart;  ///< Sorted: first match of each key, plus the end
  size_t    n_keys;  ///< Sorted: distinct keys
  size_t    finger[HP_FINGERS]; ///< Sorted: rank of the previous probe's
                                ///< key, per probing triple pattern
  const void* fowner[HP_FINGERS]; ///< The triple pattern of each finger
  size_t    searches; ///< Sorted: probes that searched the keys
};

static size_t
hp_hash(const MgdId* const k, const unsigned nk, const size_t mask)
{
  uint64_t h = UINT64_C(0x9E3779B97F4A7C15);
  for (unsigned i = 0U; i < nk; ++i) {
    h = (h ^ k[i]) * UINT64_C(0xC2B2AE3D27D4EB4F);
    h ^= h >> 29U;
  }
  h *= UINT64_C(0xFF51AFD7ED558CCD);
  h ^= h >> 32U;
  return (size_t)h & mask;
}

/// Slot of key `k`: its own, or the empty one where it would go.
static MgdId*
hp_slot(const HashPat* const hp, const MgdId* const k)
{
  const size_t   mask   = hp->cap - 1U;
  const unsigned stride = hp->nk + 1U;
  for (size_t i = hp_hash(k, hp->nk, mask);; i = (i + 1U) & mask) {
    MgdId* const e = hp->slots + i * stride;
    if (!e[0] || (e[0] == k[0] && (hp->nk < 2U || e[1] == k[1]) &&
                  (hp->nk < 3U || e[2] == k[2]))) {
      return e;
    }
  }
}

static void
hp_free_arrays(Ex* const x, HashPat* const hp)
{
  mgd_free(hp->v);
  mgd_free(hp->next);
  mgd_free(hp->slots);
  mgd_free(hp->skeys);
  mgd_free(hp->kstart);
  hp->v      = NULL;
  hp->next   = NULL;
  hp->slots  = NULL;
  hp->skeys  = NULL;
  hp->kstart = NULL;
  hp->sorted = false;
  hp->n = hp->cap_v = hp->cap = hp->used = hp->n_keys = 0U;
  memset(hp->finger, 0, sizeof(hp->finger));
  hp->searches = 0U;
  x->mem -= hp->bytes;
  hp->bytes = 0U;
}

/// Count `more` bytes against the query memory; false when hashing would
/// take more than half of what is left (then the seeks stay).
static bool
hp_account(Ex* const x, HashPat* const hp, const size_t more)
{
  if (more > (x->mem_limit - x->mem) / 2U) {
    return false;
  }
  x->mem += more;
  hp->bytes += more;
  return true;
}

/// Make room for `cap` slots (a power of two), rehashing what is there.
static MgdStatus
hp_resize(Ex* const x, HashPat* const hp, const size_t cap, bool* const ok)
{
  const unsigned stride = hp->nk + 1U;
  *ok = hp_account(x, hp, cap * stride * sizeof(MgdId));
  if (!*ok) {
    return MGD_SUCCESS;
  }
  MgdId* const slots = (MgdId*)mgd_calloc(cap * stride, sizeof(MgdId));
  if (!slots) {
    return MGD_BAD_ALLOC;
  }
  HashPat grown = *hp;
  grown.slots   = slots;
  grown.cap     = cap;
  for (size_t i = 0U; i < hp->cap; ++i) {
    const MgdId* const e = hp->slots + i * stride;
    if (e[0]) {
      memcpy(hp_slot(&grown, e), e, stride * sizeof(MgdId));
    }
  }
  const size_t old = hp->cap * stride * sizeof(MgdId);
  x->mem -= old;
  hp->bytes -= old;
  mgd_free(hp->slots);
  hp->slots = slots;
  hp->cap   = cap;
  return MGD_SUCCESS;
}

/// Add one match; *ok false when the table would outgrow its limits.
static MgdStatus
hp_add(Ex* const x, HashPat* const hp, const MgdIdQuad* const q,
       bool* const ok)
{
  const MgdId triple[3] = {q->s, q->p, q->o};
  MgdStatus   st        = MGD_SUCCESS;
  *ok                   = hp->n < HASH_MAX_ROWS;
  if (*ok && hp->n == hp->cap_v) {
    // Sized from the estimate first: no copies when it is right.
    size_t cap = hp->cap_v ? hp->cap_v * 2U
                 : hp->est >= 1024U ? (size_t)hp->est + 16U : 1024U;
    cap        = cap > HASH_MAX_ROWS ? HASH_MAX_ROWS : cap;
    *ok = hp_account(x, hp, (cap - hp->cap_v) * (3U * sizeof(MgdId) +
                                                  sizeof(uint32_t)));
    if (*ok) {
      MgdId* const v = (MgdId*)mgd_realloc(hp->v, cap * 3U * sizeof(MgdId));
      if (v) {
        hp->v = v;
      }
      uint32_t* const next =
        (uint32_t*)mgd_realloc(hp->next, cap * sizeof(uint32_t));
      if (next) {
        hp->next = next;
      }
      if (!v || !next) {
        return MGD_BAD_ALLOC;
      }
      hp->cap_v = cap;
    }
  }
  if (*ok && hp->nk == 1U) {
    // Single keys are sorted when the table is complete (hp_sort).
    memcpy(hp->v + hp->n * 3U, triple, sizeof(triple));
    ++hp->n;
    return MGD_SUCCESS;
  }
  if (*ok && (hp->used + 1U) * 4U > hp->cap * 3U) {
    st = hp_resize(x, hp, hp->cap ? hp->cap * 2U : 1024U, ok);
  }
  if (st || !*ok) {
    return st;
  }
  MgdId k[3];
  for (unsigned i = 0U; i < hp->nk; ++i) {
    k[i] = triple[hp->kpos[i]];
  }
  MgdId* const e = hp_slot(hp, k);
  if (!e[0]) {
    memcpy(e, k, hp->nk * sizeof(MgdId));
    hp->next[hp->n] = HP_END;
    ++hp->used;
  } else {
    hp->next[hp->n] = (uint32_t)e[hp->nk];
  }
  e[hp->nk] = hp->n;
  memcpy(hp->v + hp->n * 3U, triple, sizeof(triple));
  ++hp->n;
  return MGD_SUCCESS;
}

/// Bits of an inline dateTime/date id that hold its time zone.
#define ID_ZONE_MASK 0x7FU
#define ID_ZONE_BITS ((MgdId)ID_ZONE_MASK)

/// Object id ranges left by numeric range FILTERs (see level_ranges).
#define RNG_MAX 3U

typedef struct {
  uint8_t n;            ///< Ranges (0: none, match the whole pattern)
  MgdId   lo[RNG_MAX];  ///< Lowest object id of each range
  MgdId   hi[RNG_MAX];  ///< Highest
} IdRanges;

typedef struct {
  MgdIter*   it;    ///< Current source iterator
  MgdIdQuad  pat;   ///< Pattern (g varies over default graphs)
  size_t     gi;    ///< Next default graph index
  bool       multi; ///< Iterating an explicit default graph list
  bool       empty; ///< Nothing can match
  bool       dedup; ///< Deduplicate triples
  TripleSet  seen;  ///< Triples returned (dedup, hashing mode)
  bool       hashing; ///< Dedup through `seen` (else the ordered mode)
  uint8_t    orders;  ///< Permutations the triples so far are sorted in
  MgdId*     log;     ///< Triples returned so far (ordered mode)
  size_t     n_log;   ///< Count
  size_t     c_log;   ///< Allocated
  const HashPat* hp;  ///< Reading a hashed pattern instead (see HashPat)
  uint32_t   hp_at;   ///< Its next match (HP_END: none)
  uint32_t   hp_end;  ///< Sorted table: end of the key's matches
  const IdRanges* rng; ///< Match only these object ids (match_range)
  uint8_t    rng_at;  ///< Next range to open for the current graph
  bool       rescan;  ///< One plain scan: ordered mode keeps no log
  uint64_t   n_raw;   ///< Quads of that scan seen so far (copies too)
  MgdId      last[3]; ///< Its previous triple (n_raw > 0)
} TIter;

// Deduplicating a union default graph: the store returns the copies of a
// triple (one per graph) next to each other, because its indexes put the
// graph last, but a source does not promise any order. So while the triples
// seen are sorted in some permutation of (s, p, o) positions, copies can
// only be adjacent and a comparison with the previous triple suffices; the
// triples are only logged (no hashing). The first triple that breaks every
// order turns the log into the hash set, which takes over. A single plain
// scan (one match call, as over the whole union) keeps no log at all: the
// store returns index order, so the order never breaks and a full scan of
// a large store would otherwise log every triple; if it does break, the
// scan is opened again and its first quads fill the hash set instead.

/// Triples remembered for deduplication before switching to probes.
#define DEDUP_HASH_MAX ((size_t)1 << 20)

// The six orders of (s, p, o) positions, numbered 0-5: (0 1 2), (0 2 1),
// (1 0 2), (1 2 0), (2 0 1), (2 1 0); bit k of TIter.orders is order k.

/// Drop from `orders` the permutations in which `b` sorts before `a`.
static uint8_t
orders_keep(uint8_t orders, const MgdId* const a, const MgdId* const b)
{
  // first_diff[k][d]: the position that decides in permutation k when the
  // positions in mask d differ (its first one in k's order).
  static const uint8_t first_diff[6][8] = {
    {0, 0, 1, 0, 2, 0, 1, 0}, {0, 0, 1, 0, 2, 0, 2, 0},
    {0, 0, 1, 1, 2, 0, 1, 1}, {0, 0, 1, 1, 2, 2, 1, 1},
    {0, 0, 1, 0, 2, 2, 2, 2}, {0, 0, 1, 1, 2, 2, 2, 2},
  };
  const unsigned d = (a[0] != b[0] ? 1U : 0U) | (a[1] != b[1] ? 2U : 0U) |
                     (a[2] != b[2] ? 4U : 0U);
  if (!d) {
    return orders;
  }
  if (!(d & (d - 1U))) {
    // One position differs (a scan with the others fixed): it decides in
    // every permutation.
    const unsigned j = (unsigned)__builtin_ctz(d);
    return b[j] < a[j] ? 0U : orders;
  }
  // Per returned triple: visit only the permutations still possible.
  for (unsigned left = orders; left; left &= left - 1U) {
    const unsigned k = (unsigned)__builtin_ctz(left);
    const unsigned j = first_diff[k][d];
    if (b[j] < a[j]) {
      orders = (uint8_t)(orders & ~(1U << k));
    }
  }
  return orders;
}

/// The order of a single scan broke after `n` quads: read them again into
/// the hash set (see above).
static MgdStatus
dedup_rescan(Ex* const x, TIter* const t, const uint64_t n)
{
  MgdIter*  it = NULL;
  MgdStatus st = x->src->vt->match(x->src->handle, &t->pat, &it);
  if (st) {
    return st == MGD_FAILURE ? MGD_BAD_INTERNAL : st; // it had quads
  }
  MgdIdQuad q;
  bool      in = false;
  for (uint64_t i = 0U; i < n && !st; ++i) {
    st = x->src->vt->next(it, &q);
    if (!st) {
      const MgdId k[3] = {q.s, q.p, q.o};
      st               = tset_add(x, &t->seen, k, &in);
    }
  }
  x->src->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_BAD_INTERNAL : st;
}

/// Ordered-mode dedup of `key`: *added false for a copy; switches `t` to
/// hashing when the order breaks.
static MgdStatus
dedup_ordered(Ex* const x, TIter* const t, const MgdId* const key,
              bool* const added)
{
  *added = true;
  if (t->rescan) {
    const uint64_t before = t->n_raw++;
    if (before) {
      if (t->last[0] == key[0] && t->last[1] == key[1] &&
          t->last[2] == key[2]) {
        *added = false;
        return MGD_SUCCESS;
      }
      t->orders = orders_keep(t->orders, t->last, key);
    } else {
      t->orders = 0x3FU;
    }
    if (t->orders) {
      memcpy(t->last, key, sizeof(t->last));
      return MGD_SUCCESS;
    }
    MgdStatus st = dedup_rescan(x, t, before);
    t->hashing   = true;
    if (st) {
      return st;
    }
    if (t->seen.n < DEDUP_HASH_MAX) {
      return tset_add(x, &t->seen, key, added);
    }
    *added = !tset_has(&t->seen, key);
    return MGD_FAILURE; // caller: decide with first_copy
  }
  if (t->n_log) {
    const MgdId* const prev = t->log + (t->n_log - 1U) * 3U;
    if (prev[0] == key[0] && prev[1] == key[1] && prev[2] == key[2]) {
      *added = false;
      return MGD_SUCCESS;
    }
    t->orders = orders_keep(t->orders, prev, key);
  } else {
    t->orders = 0x3FU;
  }
  if (!t->orders || t->n_log >= DEDUP_HASH_MAX) {
    // Out of order (or as big as the set may get): hash what was returned.
    MgdStatus st = MGD_SUCCESS;
    bool      in = false;
    for (size_t i = 0U; i < t->n_log && !st; ++i) {
      st = tset_add(x, &t->seen, t->log + i * 3U, &in);
    }
    mgd_free(t->log);
    t->log     = NULL;
    t->n_log   = 0U;
    t->c_log   = 0U;
    t->hashing = true;
    if (st) {
      return st;
    }
    if (t->seen.n < DEDUP_HASH_MAX) {
      return tset_add(x, &t->seen, key, added);
    }
    *added = !tset_has(&t->seen, key);
    return MGD_FAILURE; // caller: decide with first_copy
  }
  if (t->n_log == t->c_log) {
    const size_t cap = t->c_log ? t->c_log * 2U : 16U;
    MgdStatus    st  = sp_check_size(x, cap, 3U * sizeof(MgdId));
    MgdId* const v   = st ? NULL
                          : (MgdId*)mgd_realloc(t->log, cap * 3U * sizeof(MgdId));
    if (!v) {
      return st ? st : MGD_BAD_ALLOC;
    }
    t->log   = v;
    t->c_log = cap;
  }
  memcpy(t->log + t->n_log * 3U, key, 3U * sizeof(MgdId));
  ++t->n_log;
  return MGD_SUCCESS;
}

/// Open the matches of (s, p, o) in `graph`; with `rng`, only those whose
/// object id lies in one of its ranges (the source has match_range).
static MgdStatus
titer_open_rng(Ex* const x, const MgdId s, const MgdId p, const MgdId o,
               const MgdId graph, const IdRanges* const rng, TIter* const t)
{
  memset(t, 0, sizeof(*t));
  t->pat = (MgdIdQuad){s, p, o, graph};
  t->rng = rng && rng->n && !o ? rng : NULL;
  if (is_local(s) || is_local(p) || is_local(o) || is_local(graph)) {
    t->empty = true;
    return MGD_SUCCESS;
  }
  if (graph == MGD_ID_NONE && !x->dflt_all) {
    t->multi  = true;
    t->dedup  = x->n_dflt > 1U;
    t->rng_at = t->rng ? t->rng->n : 0U; // no graph chosen yet
    return MGD_SUCCESS; // opened lazily per graph
  }
  t->dedup = graph == MGD_ID_NONE && x->dedup_all && !(s && p && o);
  t->rescan = !t->rng;
  if (t->rng) {
    return MGD_SUCCESS; // ranges opened lazily, one after the other
  }
  const MgdStatus st = x->src->vt->match(x->src->handle, &t->pat, &t->it);
  if (st == MGD_FAILURE) {
    t->empty = true;
    return MGD_SUCCESS;
  }
  return st;
}

static MgdStatus
titer_open(Ex* const x, const MgdId s, const MgdId p, const MgdId o,
           const MgdId graph, TIter* const t)
{
  return titer_open_rng(x, s, p, o, graph, NULL, t);
}

/// Whether `q` is the copy of its triple in the smallest graph, among the
/// graphs that make up the default graph.
static MgdStatus
first_copy(Ex* const x, const MgdIdQuad* const q, bool* const first)
{
  const MgdIdQuad pat = {q->s, q->p, q->o, MGD_ID_NONE};
  MgdIter*        it  = NULL;
  MgdStatus       st  = x->src->vt->match(x->src->handle, &pat, &it);
  MgdIdQuad       r;
  *first = true;
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  while (*first && !(st = x->src->vt->next(it, &r))) {
    if (r.g >= q->g) {
      continue;
    }
    bool in_default = x->dflt_all;
    for (size_t i = 0U; i < x->n_dflt && !in_default; ++i) {
      in_default = x->dflt[i] == r.g;
    }
    *first = !in_default;
  }
  x->src->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
titer_next(Ex* const x, TIter* const t, MgdIdQuad* const q)
{
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    if (t->empty) {
      return MGD_FAILURE;
    }
    if (t->hp) {
      if (t->hp_at == HP_END || (t->hp->sorted && t->hp_at >= t->hp_end)) {
        return MGD_FAILURE;
      }
      if ((st = tick(x))) {
        return st;
      }
      const MgdId* const v = t->hp->v + t->hp_at * 3U;
      *q = (MgdIdQuad){v[0], v[1], v[2], t->pat.g};
      t->hp_at = t->hp->sorted ? t->hp_at + 1U : t->hp->next[t->hp_at];
      return MGD_SUCCESS;
    }
    if (!t->it) {
      if (t->rng && t->rng_at < t->rng->n) {
        // Ranges in ascending id order: the union keeps the index order
        // that ordered deduplication relies on.
        const unsigned r = t->rng_at++;
        st = x->src->vt->match_range(x->src->handle, &t->pat, 2U,
                                     t->rng->lo[r], t->rng->hi[r], &t->it);
        if (st == MGD_FAILURE) {
          t->it = NULL;
          continue;
        }
        if (st) {
          return st;
        }
        continue;
      }
      if (!t->multi || t->gi >= x->n_dflt) {
        t->empty = true;
        return MGD_FAILURE;
      }
      t->pat.g = x->dflt[t->gi++];
      if (is_local(t->pat.g)) {
        continue;
      }
      if (t->rng) {
        t->rng_at = 0U;
        continue;
      }
      st = x->src->vt->match(x->src->handle, &t->pat, &t->it);
      if (st == MGD_FAILURE) {
        t->it = NULL;
        continue;
      }
      if (st) {
        return st;
      }
    }
    if ((st = tick(x))) {
      return st;
    }
    st = x->src->vt->next(t->it, q);
    if (st == MGD_FAILURE) {
      x->src->vt->iter_free(t->it);
      t->it = NULL;
      if (!t->multi && !t->rng) {
        t->empty = true;
      }
      continue;
    }
    if (st) {
      return st;
    }
    if (t->dedup) {
      const MgdId key[3] = {q->s, q->p, q->o};
      bool        added  = false;
      if (!t->hashing) {
        st = dedup_ordered(x, t, key, &added);
        if (st == MGD_FAILURE) {
          // The set is full: as below.
          st = added ? first_copy(x, q, &added) : MGD_SUCCESS;
        }
        if (st) {
          return st;
        }
      } else if (t->seen.n < DEDUP_HASH_MAX) {
        if ((st = tset_add(x, &t->seen, key, &added))) {
          return st;
        }
      } else {
        // The set is full: report a triple only from the first graph that
        // holds it (unless the set already saw it), in constant memory.
        if (tset_has(&t->seen, key)) {
          continue;
        }
        if ((st = first_copy(x, q, &added))) {
          return st;
        }
      }
      if (!added) {
        continue;
      }
    }
    return MGD_SUCCESS;
  }
}

static void
titer_close(Ex* const x, TIter* const t)
{
  if (t->it) {
    x->src->vt->iter_free(t->it);
    t->it = NULL;
  }
  tset_free(&t->seen);
  mgd_free(t->log);
  t->log   = NULL;
  t->n_log = 0U;
  t->c_log = 0U;
}

/// Sort `n` (key, value) pairs by key: LSD radix over the key bytes that
/// vary (ids of one kind share their high bytes).
static MgdStatus
pairs_radix_sort(MgdId* const kv, const size_t n)
{
  MgdId or_all = 0U;
  MgdId and_all = ~(MgdId)0U;
  for (size_t i = 0U; i < n; ++i) {
    or_all |= kv[2U * i];
    and_all &= kv[2U * i];
  }
  MgdId* const tmp = (MgdId*)mgd_malloc((2U * n + 1U) * sizeof(MgdId));
  if (!tmp) {
    return MGD_BAD_ALLOC;
  }
  MgdId* src = kv;
  MgdId* dst = tmp;
  for (unsigned shift = 0U; shift < 64U; shift += 8U) {
    if ((((or_all ^ and_all) >> shift) & 0xFFU) == 0U) {
      continue; // every key has the same byte here
    }
    size_t count[257];
    memset(count, 0, sizeof(count));
    for (size_t i = 0U; i < n; ++i) {
      ++count[((src[2U * i] >> shift) & 0xFFU) + 1U];
    }
    for (unsigned b = 0U; b < 256U; ++b) {
      count[b + 1U] += count[b];
    }
    for (size_t i = 0U; i < n; ++i) {
      const size_t at = count[(src[2U * i] >> shift) & 0xFFU]++;
      dst[2U * at]      = src[2U * i];
      dst[2U * at + 1U] = src[2U * i + 1U];
    }
    MgdId* const t = src;
    src            = dst;
    dst            = t;
  }
  if (src != kv) {
    memcpy(kv, src, 2U * n * sizeof(MgdId));
  }
  mgd_free(tmp);
  return MGD_SUCCESS;
}

// Outer rows usually arrive in key order (they come from index scans over
// ids given out in load order), but the table's matches arrive in the
// order of the index that scanned them, and hashing scatters both: each
// probe then misses the caches twice, in the slots and in the matches. A
// table with one key position is therefore kept in key order: sorted
// distinct keys, each with its run of matches, so that a probe first looks
// a few keys on from the previous probe's (sequential memory). Other
// probes search the keys, and once they are common a hash table of key
// ranks takes over from the search.

/// Probes a sorted table answers by binary search before it builds the
/// hash table of key ranks.
#define HP_SEARCH_MAX 1024U

/// Put the matches of a complete single-key table in key order (see
/// above); the order within a key is the order the scan returned them.
static MgdStatus
hp_sort(Ex* const x, HashPat* const hp)
{
  if (hp->nk != 1U) {
    return MGD_SUCCESS;
  }
  const size_t n    = hp->n;
  const size_t more = n * 2U * sizeof(MgdId) +           // sort pairs
                      n * 3U * sizeof(MgdId) +           // new matches
                      n * sizeof(MgdId) +                // keys
                      (n + 1U) * sizeof(uint32_t);       // starts
  if (more > (x->mem_limit - x->mem) / 2U) {
    return MGD_BAD_LIMIT; // the caller drops the table and seeks
  }
  MgdId* const    kv     = (MgdId*)mgd_malloc((2U * n + 1U) * sizeof(MgdId));
  MgdId* const    v      = (MgdId*)mgd_malloc((3U * n + 1U) * sizeof(MgdId));
  MgdId* const    skeys  = (MgdId*)mgd_malloc((n + 1U) * sizeof(MgdId));
  uint32_t* const kstart =
    (uint32_t*)mgd_malloc((n + 1U) * sizeof(uint32_t));
  MgdStatus st = kv && v && skeys && kstart ? MGD_SUCCESS : MGD_BAD_ALLOC;
  const unsigned kp = hp->kpos[0];
  for (size_t i = 0U; !st && i < n; ++i) {
    kv[2U * i]      = hp->v[3U * i + kp];
    kv[2U * i + 1U] = i;
  }
  st = st ? st : pairs_radix_sort(kv, n);
  if (st) {
    mgd_free(kv);
    mgd_free(v);
    mgd_free(skeys);
    mgd_free(kstart);
    return st;
  }
  size_t nk = 0U;
  for (size_t i = 0U; i < n; ++i) {
    if (!nk || skeys[nk - 1U] != kv[2U * i]) {
      skeys[nk]    = kv[2U * i];
      kstart[nk++] = (uint32_t)i;
    }
    memcpy(v + 3U * i, hp->v + 3U * kv[2U * i + 1U], 3U * sizeof(MgdId));
  }
  kstart[nk] = (uint32_t)n;
  mgd_free(kv);
  const size_t old = hp->cap_v * (3U * sizeof(MgdId) + sizeof(uint32_t));
  mgd_free(hp->v);
  mgd_free(hp->next);
  hp->v      = v;
  hp->next   = NULL;
  hp->cap_v  = n;
  hp->skeys  = skeys;
  hp->kstart = kstart;
  hp->n_keys = nk;
  hp->used   = 0U;
  hp->sorted = true;
  const size_t now = n * 4U * sizeof(MgdId) + (n + 1U) * sizeof(uint32_t);
  x->mem += now;
  x->mem -= old;
  hp->bytes += now;
  hp->bytes -= old;
  return MGD_SUCCESS;
}

/// Rank of key `k` in a sorted table, or SIZE_MAX when it has no matches:
/// a few steps on from the previous probe's key, else a search.
static MgdStatus
hp_rank(Ex* const x, HashPat* const hp, const unsigned fi, const MgdId k,
        size_t* const rank)
{
  *rank    = SIZE_MAX;
  size_t f = hp->finger[fi];
  for (unsigned i = 0U; i < HP_FINGER_STEPS && f < hp->n_keys; ++i, ++f) {
    if (hp->skeys[f] == k) {
      hp->finger[fi] = f;
      *rank      = f;
      return MGD_SUCCESS;
    }
    if (hp->skeys[f] > k) {
      if (i) {
        hp->finger[fi] = f; // absent: it would sit between two keys seen
        return MGD_SUCCESS;
      }
      break; // before the previous probe's key
    }
  }
  if (hp->slots) {
    const MgdId* const e = hp_slot(hp, &k);
    if (e[0]) {
      hp->finger[fi] = (size_t)e[1];
      *rank      = hp->finger[fi];
    }
    return MGD_SUCCESS;
  }
  if (++hp->searches > HP_SEARCH_MAX + hp->n_keys / 64U) {
    // Searches are common: hash the ranks (unless memory is short).
    bool      ok = false;
    size_t    cap = 1024U;
    while (cap * 3U < hp->n_keys * 4U + 4U) {
      cap *= 2U;
    }
    MgdStatus st = hp_resize(x, hp, cap, &ok);
    for (size_t r = 0U; !st && ok && r < hp->n_keys; ++r) {
      MgdId* const e = hp_slot(hp, &hp->skeys[r]);
      e[0]           = hp->skeys[r];
      e[1]           = r;
    }
    if (st) {
      return st;
    }
    if (ok) {
      return hp_rank(x, hp, fi, k, rank);
    }
  }
  size_t lo = 0U;
  size_t hi = hp->n_keys;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2U;
    if (hp->skeys[mid] < k) {
      lo = mid + 1U;
    } else {
      hi = mid;
    }
  }
  hp->finger[fi] = lo < hp->n_keys ? lo : hp->n_keys;
  if (lo < hp->n_keys && hp->skeys[lo] == k) {
    *rank = lo;
  }
  return MGD_SUCCESS;
}

/// Read every match of the pattern `c` (probed positions unbound) in
/// `graph` into `hp`; HP_NEVER when it does not fit.
static MgdStatus
hp_build(Ex* const x, HashPat* const hp, const MgdId* const c,
         const MgdId graph)
{
  TIter     it;
  MgdIdQuad q;
  bool      ok   = true;
  size_t    want = 1024U;
  while (want < hp->est + hp->est / 2U && want < 2U * HASH_MAX_ROWS) {
    want *= 2U; // one allocation when the estimate is right
  }
  MgdStatus st = hp->nk == 1U ? MGD_SUCCESS : hp_resize(x, hp, want, &ok);
  st           = st || !ok ? st : titer_open(x, c[0], c[1], c[2], graph, &it);
  if (st || !ok) {
    hp_free_arrays(x, hp);
    hp->state = HP_NEVER;
    return st;
  }
  while (!st && ok && !(st = titer_next(x, &it, &q))) {
    st = hp_add(x, hp, &q, &ok);
  }
  titer_close(x, &it);
  st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  if (st || !ok) {
    hp_free_arrays(x, hp);
    hp->state = HP_NEVER;
    return st;
  }
  hp->state = HP_BUILT;
  st        = hp_sort(x, hp);
  if (st == MGD_BAD_LIMIT) {
    hp_free_arrays(x, hp);
    hp->state = HP_NEVER;
    st        = MGD_SUCCESS;
  }
  return st;
}

/// Open the matches of triple pattern `t` whose positions have the ids
/// `ids` (MGD_ID_NONE: free): an index scan, or probes of the pattern's
/// hash table once it pays (see HashPat).
static MgdStatus
bgp_open(Ex* const x, const SpTriple* const t, const MgdId* const ids,
         const MgdId graph, const IdRanges* const rng, TIter* const it)
{
  const SpPos* const pos[3] = {&t->s, &t->p, &t->o};
  uint8_t            mask   = 0U;
  for (unsigned j = 0U; j < 3U; ++j) {
    if (pos[j]->is_var && ids[j]) {
      mask = (uint8_t)(mask | (1U << j));
    }
  }
  if (!mask || x->naive || is_local(ids[0]) || is_local(ids[1]) ||
      is_local(ids[2]) || is_local(graph)) {
    // Object ranges only for scans over the constants: with a variable
    // bound from the left the scan is short and each range costs a seek.
    return titer_open_rng(x, ids[0], ids[1], ids[2], graph,
                          mask || x->naive ? NULL : rng, it);
  }
  // The unprobed pattern: constants only. Triple patterns of the query
  // with the same constants, graph and probed positions (a chain through
  // one predicate, `?a :p ?b . ?b :p ?c`) read and share one table, and
  // their probes add up towards building it.
  const MgdId c[3] = {mask & 1U ? 0U : ids[0], mask & 2U ? 0U : ids[1],
                      mask & 4U ? 0U : ids[2]};
  const MgdId key[5] = {c[0], c[1], c[2], graph, mask};
  uint64_t  value = 0U;
  HashPat*  hp    = NULL;
  MgdStatus st    = MGD_SUCCESS;
  if (!mgd_hashmap_get(&x->hpats, key, sizeof(key), &value)) {
    hp = (HashPat*)(uintptr_t)value;
  } else {
    hp = (HashPat*)mgd_calloc(1U, sizeof(HashPat));
    if (!hp) {
      return MGD_BAD_ALLOC;
    }
    hp->next_hp = x->hpats_list;
    x->hpats_list = hp;
    for (unsigned j = 0U; j < 3U; ++j) {
      if (mask & (1U << j)) {
        hp->kpos[hp->nk++] = (uint8_t)j;
      }
    }
    const MgdIdQuad pat = {c[0], c[1], c[2], MGD_ID_NONE};
    st = x->src->vt->estimate(x->src->handle, &pat, &hp->est);
    if (st > MGD_FAILURE) {
      return st;
    }
    hp->state = st || hp->est > HASH_MAX_ROWS ? HP_NEVER : HP_COUNTING;
    if ((st = mgd_hashmap_put(&x->hpats, key, sizeof(key),
                              (uint64_t)(uintptr_t)hp, NULL, NULL))) {
      return st;
    }
  }
  if (hp->state == HP_COUNTING) {
    ++hp->probes;
    const bool due =
      x->hash_after ? hp->probes >= x->hash_after
                    : hp->probes >= HASH_MIN_PROBES &&
                        hp->probes * (hp->nk == 1U ? HASH_SEEK_RATIO_SORTED
                                                   : HASH_SEEK_RATIO) >=
                          hp->est;
    if (due && (st = hp_build(x, hp, c, graph))) {
      return st;
    }
  }
  if (hp->state != HP_BUILT) {
    return titer_open(x, ids[0], ids[1], ids[2], graph, it);
  }
  memset(it, 0, sizeof(*it));
  it->pat = (MgdIdQuad){ids[0], ids[1], ids[2], graph};
  it->hp  = hp;
  MgdId k[3];
  for (unsigned i = 0U; i < hp->nk; ++i) {
    k[i] = ids[hp->kpos[i]];
  }
  if (hp->sorted) {
    unsigned fi = 0U;
    while (fi < HP_FINGERS - 1U && hp->fowner[fi] && hp->fowner[fi] != t) {
      ++fi; // the last one is shared by any further patterns
    }
    hp->fowner[fi] = t;
    size_t r       = SIZE_MAX;
    if ((st = hp_rank(x, hp, fi, k[0], &r))) {
      return st;
    }
    it->hp_at      = r == SIZE_MAX ? HP_END : hp->kstart[r];
    it->hp_end     = r == SIZE_MAX ? 0U : hp->kstart[r + 1U];
    return MGD_SUCCESS;
  }
  const MgdId* const e = hp_slot(hp, k);
  it->hp_at            = e[0] ? (uint32_t)e[hp->nk] : HP_END;
  return MGD_SUCCESS;
}

static bool
bind_pos(const SpPos* const p, MgdId* const row, const MgdId v)
{
  if (!p->is_var) {
    return true;
  }
  if (row[p->var] && row[p->var] != v) {
    return false;
  }
  row[p->var] = v;
  return true;
}

/// Greedy join order: repeatedly take the cheapest pattern (estimate with
/// constants, divided for each position bound by an earlier pattern or the
/// seed), postponing patterns that share no bound variable.
static void expr_var_mask(const SpExpr* e, uint8_t* mask);

/// Estimates above this are recounted (see recount).
#define ESTIMATE_RECOUNT 2048U
/// Quads a recount reads at most.
#define RECOUNT_MAX 16384U

/// A source may extrapolate the size of a pattern with two constants from
/// a sample (the store does beyond 2048 matches), which can rank a small
/// class such as `?s a :Study` below a whole predicate and start the join
/// from the wrong end. Counting up to RECOUNT_MAX matches settles the
/// common case of a few thousand; beyond that the estimate stands.
static MgdStatus
recount(Ex* const x, const MgdIdQuad* const pat, uint64_t* const est)
{
  MgdIter*  it = NULL;
  MgdStatus st = x->src->vt->match(x->src->handle, pat, &it);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  uint64_t  n = 0U;
  MgdIdQuad q;
  while (n < RECOUNT_MAX && !(st = x->src->vt->next(it, &q))) {
    ++n;
  }
  x->src->vt->iter_free(it);
  if (st == MGD_FAILURE) {
    *est = n; // all of them
    return MGD_SUCCESS;
  }
  return st;
}

/// How many of `fmask` (n_filters masks of W + 1 bytes) become complete
/// when `t` binds its variables on top of `bound` (and were not before).
static unsigned
filters_enabled(const Ex* const x, const SpTriple* const t,
                const uint8_t* const bound, const uint8_t* const fmask,
                const uint32_t n_filters)
{
  unsigned n = 0U;
  for (uint32_t f = 0U; f < n_filters; ++f) {
    const uint8_t* const m      = fmask + (size_t)f * (x->W + 1U);
    bool                 before = true;
    bool                 after  = true;
    for (uint32_t v = 0U; v < x->W && after; ++v) {
      if (!m[v] || bound[v]) {
        continue;
      }
      before = false;
      after  = (t->s.is_var && t->s.var == v) ||
              (t->p.is_var && t->p.var == v) ||
              (t->o.is_var && t->o.var == v);
    }
    n += !before && after ? 1U : 0U;
  }
  return n;
}

static MgdStatus
plan_triples(Ex* const x, const SpNode* const n, uint8_t* const bound,
             const SpExpr* const* const filters, const uint32_t n_filters,
             uint32_t* const order)
{
  uint8_t* const done  = (uint8_t*)mgd_calloc(n->n_triples + 1U, 1U);
  uint8_t* const fmask =
    (uint8_t*)mgd_calloc((size_t)n_filters * (x->W + 1U) + 1U, 1U);
  uint64_t* const ests =
    (uint64_t*)mgd_malloc((n->n_triples + 1U) * sizeof(uint64_t));
  if (!done || !fmask || !ests) {
    mgd_free(done);
    mgd_free(fmask);
    mgd_free(ests);
    return MGD_BAD_ALLOC;
  }
  for (uint32_t i = 0U; i <= n->n_triples; ++i) {
    ests[i] = UINT64_MAX;
  }
  for (uint32_t f = 0U; f < n_filters; ++f) {
    if (!sp_expr_has_exists(filters[f])) {
      expr_var_mask(filters[f], fmask + (size_t)f * (x->W + 1U));
    }
  }
  MgdStatus st = MGD_SUCCESS;
  for (uint32_t k = 0U; k < n->n_triples && !st; ++k) {
    double   best_cost = 0.0;
    uint32_t best      = UINT32_MAX;
    for (uint32_t i = 0U; i < n->n_triples && !st; ++i) {
      if (done[i]) {
        continue;
      }
      const SpTriple* const t      = &n->triples[i];
      const SpPos*          pos[3] = {&t->s, &t->p, &t->o};
      MgdId                 ids[3] = {0U, 0U, 0U};
      unsigned              n_bound = 0U;
      unsigned              n_vars  = 0U;
      for (int j = 0; j < 3 && !st; ++j) {
        if (pos[j]->is_var) {
          ++n_vars;
          n_bound += bound[pos[j]->var] ? 1U : 0U;
        } else {
          st = const_id(x, &pos[j]->term, &ids[j]);
        }
      }
      uint64_t est = 0U;
      if (!st && !is_local(ids[0]) && !is_local(ids[1]) && !is_local(ids[2])) {
        const MgdIdQuad pat = {ids[0], ids[1], ids[2], MGD_ID_NONE};
        if (ests[i] != UINT64_MAX) {
          est = ests[i];
        } else {
          st = x->src->vt->estimate(x->src->handle, &pat, &est);
          st = st == MGD_FAILURE ? MGD_SUCCESS : st;
          if (!st && est > ESTIMATE_RECOUNT && n_vars < 2U) {
            st = recount(x, &pat, &est);
          }
          ests[i] = est;
        }
      }
      double cost = (double)est;
      for (unsigned j = 0U; j < n_bound; ++j) {
        cost /= 100.0;
      }
      if (n_vars && !n_bound && k > 0U) {
        cost += 1e15; // would be a cross product: postpone
      }
      // A pattern after which FILTERs can run prunes rows early: prefer it
      // among patterns of similar size (each filter counted as a 1/3 cut).
      for (unsigned f = filters_enabled(x, t, bound, fmask, n_filters); f;
           --f) {
        cost /= 3.0;
      }
      if (n_vars == n_bound) {
        cost = cost > 1.0 ? 1.0 : cost; // a pure test
      }
      if (best == UINT32_MAX || cost < best_cost) {
        best      = i;
        best_cost = cost;
      }
    }
    if (st) {
      break;
    }
    done[best] = 1U;
    order[k]   = best;
      const SpTriple* const t = &n->triples[best];
    if (t->s.is_var) { bound[t->s.var] = 1U; }
    if (t->p.is_var) { bound[t->p.var] = 1U; }
    if (t->o.is_var) { bound[t->o.var] = 1U; }
  }
  mgd_free(done);
  mgd_free(fmask);
  mgd_free(ests);
  return st;
}

MgdStatus
sp_bgp_order(Ex* const x, const SpNode* const n, uint8_t* const bound,
             const SpExpr* const* const filters, const uint32_t n_filters,
             uint32_t* const order)
{
  return plan_triples(x, n, bound, filters, n_filters, order);
}

/// The cached plan of `n` for the variables `seed` binds (and the FILTERs
/// tested inside it, always the same for one node).
static MgdStatus
bgp_plan(Ex* const x, const SpNode* const n, const MgdId* const seed,
         const SpExpr* const* const filters, const uint32_t n_filters,
         const uint32_t** const order)
{
  const size_t   nt  = n->n_triples;
  const size_t   len = sizeof(void*) + nt * 3U;
  // Looked up once per call: no allocation for the common small sizes.
  uint8_t        small_key[128];
  uint8_t        small_bound[128];
  uint8_t* const key = len < sizeof(small_key)
                         ? small_key
                         : (uint8_t*)mgd_calloc(len + 1U, 1U);
  uint8_t* const bound = x->W < sizeof(small_bound)
                           ? small_bound
                           : (uint8_t*)mgd_calloc(x->W + 1U, 1U);
  MgdStatus      st    = key && bound ? MGD_SUCCESS : MGD_BAD_ALLOC;
  if (!st) {
    memset(bound, 0, x->W + 1U);
  }
  if (!st) {
    memcpy(key, &n, sizeof(void*));
    for (size_t i = 0U; i < nt; ++i) {
      const SpPos* pos[3] = {&n->triples[i].s, &n->triples[i].p,
                             &n->triples[i].o};
      for (int j = 0; j < 3; ++j) {
        key[sizeof(void*) + i * 3U + (size_t)j] =
          (uint8_t)(pos[j]->is_var && seed && seed[pos[j]->var]);
      }
    }
    if (seed) {
      for (uint32_t v = 0U; v < x->W; ++v) {
        bound[v] = seed[v] != 0U;
      }
    }
    uint64_t value = 0U;
    if (!mgd_hashmap_get(&x->plans, key, len, &value)) {
      *order = (const uint32_t*)(uintptr_t)value;
    } else {
      uint32_t* const o =
        (uint32_t*)mgd_arena_alloc(&x->arena, (nt + 1U) * sizeof(uint32_t));
      st = o ? plan_triples(x, n, bound, filters, n_filters, o)
             : MGD_BAD_ALLOC;
      if (!st) {
        *order = o;
        st     = mgd_hashmap_put(&x->plans, key, len, (uint64_t)(uintptr_t)o,
                                 NULL, NULL);
      }
    }
  }
  if (key != small_key) {
    mgd_free(key);
  }
  if (bound != small_bound) {
    mgd_free(bound);
  }
  return st;
}


/// Variables a memoised filter may read.
#define MEMO_VARS 4U

/// A FILTER evaluated inside a BGP as soon as its variables are bound.
/// Rows come grouped by the values of the pattern just matched (index
/// order), so a deterministic filter remembers its last inputs and result.
typedef struct {
  const SpExpr* expr;            ///< Condition
  uint32_t      level;           ///< Check after binding this level
  SpVar         vars[MEMO_VARS]; ///< Its variables (when memoised)
  uint32_t      n_vars;          ///< Count
  bool          memo;            ///< Deterministic in `vars`
  bool          have;            ///< last/keep hold a result
  bool          keep;            ///< Last result
  MgdId         last[MEMO_VARS]; ///< Last inputs
} BgpFilter;

static void
expr_var_mask(const SpExpr* const e, uint8_t* const mask)
{
  if (!e) {
    return;
  }
  if ((e->kind == SP_EX_VAR || e->kind == SP_EX_BOUND) && e->var != SP_NO_VAR) {
    mask[e->var] = 1U;
  }
  for (uint32_t i = 0U; i < e->n_args; ++i) {
    expr_var_mask(e->args[i], mask);
  }
}

static MgdStatus filter_ok(Ex* x, const SpExpr* e, const MgdId* row,
                           MgdId graph, bool* keep);

/// filter_ok() through the memo of `f`.
static MgdStatus
bgp_filter_ok(Ex* const x, BgpFilter* const f, const MgdId* const row,
              const MgdId graph, bool* const keep)
{
  if (!f->memo) {
    return filter_ok(x, f->expr, row, graph, keep);
  }
  bool same = f->have;
  for (uint32_t i = 0U; i < f->n_vars && same; ++i) {
    same = f->last[i] == row[f->vars[i]];
  }
  if (same) {
    *keep = f->keep;
    return MGD_SUCCESS;
  }
  const MgdStatus st = filter_ok(x, f->expr, row, graph, keep);
  if (!st) {
    for (uint32_t i = 0U; i < f->n_vars; ++i) {
      f->last[i] = row[f->vars[i]];
    }
    f->keep = *keep;
    f->have = true;
  }
  return st;
}

/// Under SELECT DISTINCT (see semi_plan), a BGP level whose bound
/// variables include some that neither the output nor the later patterns
/// and filters read yields only duplicates for a second prefix with the
/// same values of the others (its frontier): such prefixes are skipped.
/// The frontiers seen are kept per level in an open-addressing set; a
/// level that rarely repeats, or whose set grows too large, stops.
typedef struct {
  SpVar*   vars;   ///< Frontier variables
  uint32_t n_vars; ///< Count (0: no pruning at this level)
  MgdId*   slots;  ///< cap slots of n_vars ids (first 0: empty)
  size_t   cap;    ///< Slots (power of two, or 0)
  size_t   used;   ///< Frontiers held
  uint64_t checks; ///< Prefixes checked
  uint64_t hits;   ///< Prefixes skipped
} Frontier;

/// Frontiers a level keeps at most.
#define FRONTIER_MAX ((size_t)1 << 20)

static void
frontier_stop(Ex* const x, Frontier* const f)
{
  mgd_free(f->slots);
  x->mem -= f->cap * f->n_vars * sizeof(MgdId);
  f->slots  = NULL;
  f->cap    = 0U;
  f->used   = 0U;
  f->n_vars = 0U;
}

/// Whether `row`'s frontier at this level was seen (else remember it).
static MgdStatus
frontier_seen(Ex* const x, Frontier* const f, const MgdId* const row,
              bool* const seen)
{
  *seen = false;
  ++f->checks;
  if (f->checks == 4096U && f->hits * 8U < f->checks) {
    frontier_stop(x, f); // prefixes rarely repeat here: not worth it
    return MGD_SUCCESS;
  }
  const uint32_t nv = f->n_vars;
  if ((f->used + 1U) * 2U > f->cap) {
    const size_t cap   = f->cap ? f->cap * 2U : 1024U;
    const size_t bytes = cap * nv * sizeof(MgdId);
    if (f->used >= FRONTIER_MAX || bytes > (x->mem_limit - x->mem) / 2U) {
      frontier_stop(x, f);
      return MGD_SUCCESS;
    }
    MgdId* const slots = (MgdId*)mgd_calloc(cap * nv, sizeof(MgdId));
    if (!slots) {
      return MGD_BAD_ALLOC;
    }
    for (size_t i = 0U; i < f->cap; ++i) {
      const MgdId* const e = f->slots + i * nv;
      if (!e[0]) {
        continue;
      }
      for (size_t j = hp_hash(e, nv, cap - 1U);; j = (j + 1U) & (cap - 1U)) {
        if (!slots[j * nv]) {
          memcpy(slots + j * nv, e, nv * sizeof(MgdId));
          break;
        }
      }
    }
    mgd_free(f->slots);
    x->mem += bytes - f->cap * nv * sizeof(MgdId);
    f->slots = slots;
    f->cap   = cap;
  }
  MgdId k[MEMO_VARS * 4U];
  for (uint32_t i = 0U; i < nv; ++i) {
    k[i] = row[f->vars[i]];
  }
  const size_t mask = f->cap - 1U;
  for (size_t j = hp_hash(k, nv, mask);; j = (j + 1U) & mask) {
    MgdId* const e = f->slots + j * nv;
    if (!e[0]) {
      memcpy(e, k, nv * sizeof(MgdId));
      ++f->used;
      return MGD_SUCCESS;
    }
    if (!memcmp(e, k, nv * sizeof(MgdId))) {
      ++f->hits;
      *seen = true;
      return MGD_SUCCESS;
    }
  }
}

/// The frontiers of the levels of the DISTINCT BGP `n` (see Frontier):
/// *out gets nt entries, those with n_vars 0 not pruned.
static MgdStatus
frontier_plan(Ex* const x, const SpNode* const n, const uint32_t* const order,
              const uint32_t* const level_of, const BgpFilter* const fl,
              const uint32_t n_filters, const uint32_t semi,
              Frontier** const out)
{
  const uint32_t nt = n->n_triples;
  *out              = NULL;
  for (uint32_t i = 0U; i < n_filters; ++i) {
    if (sp_expr_has_exists(fl[i].expr)) {
      return MGD_SUCCESS; // EXISTS reads the whole row
    }
  }
  Frontier* const fr   = (Frontier*)mgd_calloc(nt + 1U, sizeof(Frontier));
  uint8_t* const  need = (uint8_t*)mgd_calloc(x->W + 1U, 1U);
  SpVar* const    vars =
    (SpVar*)mgd_arena_calloc(&x->arena, (size_t)nt * (x->W + 1U), sizeof(SpVar));
  if (!fr || !need || !vars) {
    mgd_free(fr);
    mgd_free(need);
    return MGD_BAD_ALLOC;
  }
  // Levels from the last down: `need` = variables read after level k.
  for (uint32_t v = 0U; v < x->W; ++v) {
    need[v] = x->semi_live[v];
  }
  for (uint32_t k = nt - 1U; k-- > 0U;) {
    const SpTriple* const t = &n->triples[order[k + 1U]];
    if (t->s.is_var) { need[t->s.var] = 1U; }
    if (t->p.is_var) { need[t->p.var] = 1U; }
    if (t->o.is_var) { need[t->o.var] = 1U; }
    for (uint32_t i = 0U; i < n_filters; ++i) {
      if (fl[i].level == k + 2U) {
        expr_var_mask(fl[i].expr, need);
      }
    }
    if (k >= semi) {
      continue; // the semi-join stops these levels already
    }
    Frontier* const f       = &fr[k];
    bool            dropped = false;
    f->vars                 = vars + (size_t)k * (x->W + 1U);
    for (uint32_t v = 0U; v < x->W; ++v) {
      if (level_of[v] == UINT32_MAX || level_of[v] > k + 1U) {
        continue; // not bound yet
      }
      if (need[v]) {
        f->vars[f->n_vars++] = v;
      } else {
        dropped = true;
      }
    }
    if (!dropped || !f->n_vars || f->n_vars > MEMO_VARS * 4U) {
      f->n_vars = 0U; // every prefix is new, or too wide a key
    }
  }
  mgd_free(need);
  *out = fr;
  return MGD_SUCCESS;
}

// Numeric range FILTERs over a pattern's object. Inline integers and
// decimals have ids ordered by value within their tag (termid.h), so a
// bound on ?x maps to one id range per tag; the FILTER still runs on each
// row, so these ranges only need to cover the values that can pass.
// Dictionary literals (doubles, non-canonical forms) have unordered ids and
// are always scanned whole; other tags never compare numerically.

/// Whether `t` is a constant of a numeric XSD type with a value: *v.
static bool
range_const(const MgdTerm* const t, double* const v)
{
  static const char* const types[] = {
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte",
  };
  const size_t ns = sizeof(MGD_NS_XSD) - 1U;
  if (t->kind != MGD_TERM_LITERAL || t->lang.len || t->datatype.len <= ns ||
      memcmp(t->datatype.ptr, MGD_NS_XSD, ns) || !t->value.len ||
      t->value.len >= 64U) {
    return false;
  }
  const MgdStr local = {t->datatype.ptr + ns, t->datatype.len - ns};
  bool         known = false;
  for (size_t i = 0U; i < sizeof(types) / sizeof(types[0]) && !known; ++i) {
    known = mgd_str_eqc(local, types[i]);
  }
  char buf[64];
  memcpy(buf, t->value.ptr, t->value.len);
  buf[t->value.len] = '\0';
  char* end         = NULL;
  *v                = strtod(buf, &end);
  // NaN compares false with everything: no range (the FILTER decides).
  return known && end == buf + t->value.len && *v == *v;
}

/// Narrow [*lo, *hi] by the comparisons of `var` with numeric constants
/// among the conjuncts of `e`; *any when one was found.
static void
range_bounds(const SpExpr* const e, const SpVar var, double* const lo,
             double* const hi, bool* const any)
{
  if (e->kind == SP_EX_AND) {
    range_bounds(e->args[0], var, lo, hi, any);
    range_bounds(e->args[1], var, lo, hi, any);
    return;
  }
  if (e->kind != SP_EX_FUNC || e->n_args != 2U) {
    return;
  }
  const SpExpr* a  = e->args[0];
  const SpExpr* b  = e->args[1];
  MgdFunc       fn = e->fn;
  if (b->kind == SP_EX_VAR && a->kind == SP_EX_TERM) {
    a  = e->args[1];
    b  = e->args[0];
    fn = fn == MGD_FN_LT   ? MGD_FN_GT
         : fn == MGD_FN_LE ? MGD_FN_GE
         : fn == MGD_FN_GT ? MGD_FN_LT
         : fn == MGD_FN_GE ? MGD_FN_LE
                           : fn;
  }
  double c = 0.0;
  if (a->kind != SP_EX_VAR || a->var != var || b->kind != SP_EX_TERM ||
      !range_const(&b->term, &c)) {
    return;
  }
  switch (fn) {
  case MGD_FN_EQ:
    *lo = c > *lo ? c : *lo;
    *hi = c < *hi ? c : *hi;
    break;
  case MGD_FN_LT:
  case MGD_FN_LE: *hi = c < *hi ? c : *hi; break;
  case MGD_FN_GT:
  case MGD_FN_GE: *lo = c > *lo ? c : *lo; break;
  default: return;
  }
  *any = true;
}

/// Bounds from comparisons of a variable with dateTime or date constants.
typedef struct {
  bool    any;     ///< A comparison was found
  MgdIdTag tag;    ///< MGD_TAG_DATETIME or MGD_TAG_DATE (of the first)
  bool    mixed;   ///< Constants of both tags: only dictionary ids can pass
  int64_t lo;      ///< Lowest instant (ms or days, id scale) that may pass
  int64_t hi;      ///< Highest
} TimeBounds;

/// Narrow `b` by the comparisons of `var` with inline dateTime/date
/// constants among the conjuncts of `e` (the function library compares
/// dateTimes only with dateTimes and dates with dates).
static void
range_time_bounds(const SpExpr* const e, const SpVar var, TimeBounds* const b)
{
  if (e->kind == SP_EX_AND) {
    range_time_bounds(e->args[0], var, b);
    range_time_bounds(e->args[1], var, b);
    return;
  }
  if (e->kind != SP_EX_FUNC || e->n_args != 2U) {
    return;
  }
  const SpExpr* v  = e->args[0];
  const SpExpr* c  = e->args[1];
  MgdFunc       fn = e->fn;
  if (c->kind == SP_EX_VAR && v->kind == SP_EX_TERM) {
    v  = e->args[1];
    c  = e->args[0];
    fn = fn == MGD_FN_LT   ? MGD_FN_GT
         : fn == MGD_FN_LE ? MGD_FN_GE
         : fn == MGD_FN_GT ? MGD_FN_LT
         : fn == MGD_FN_GE ? MGD_FN_LE
                           : fn;
  }
  MgdId id = 0U;
  if (v->kind != SP_EX_VAR || v->var != var || c->kind != SP_EX_TERM ||
      (fn != MGD_FN_EQ && fn != MGD_FN_LT && fn != MGD_FN_LE &&
       fn != MGD_FN_GT && fn != MGD_FN_GE) ||
      !mgd_id_inline(&c->term, &id) ||
      (mgd_id_tag(id) != MGD_TAG_DATETIME && mgd_id_tag(id) != MGD_TAG_DATE)) {
    return;
  }
  const int64_t at = (int64_t)((id & MGD_ID_PAYLOAD_MASK) >> 7U);
  if (!b->any) {
    b->any = true;
    b->tag = mgd_id_tag(id);
    b->lo  = INT64_MIN;
    b->hi  = INT64_MAX;
  } else if (b->tag != mgd_id_tag(id)) {
    b->mixed = true;
    return;
  }
  if (fn != MGD_FN_LT && fn != MGD_FN_LE) {
    b->lo = at > b->lo ? at : b->lo;
  }
  if (fn != MGD_FN_GT && fn != MGD_FN_GE) {
    b->hi = at < b->hi ? at : b->hi;
  }
}

/// Add the inline ids of `b`'s tag whose instants may pass. A date's id
/// holds its local day while its zone moves its first instant by up to 14
/// hours, so dates one day apart can compare the other way round: the
/// bounds widen by a day. A dateTime's id holds its UTC instant (a
/// zone-less one as if in UTC); across zone and no zone the order is
/// determinate only beyond 14 hours, which can only drop values, but the
/// bounds widen by 14 hours all the same.
static void
range_add_time(IdRanges* const r, const TimeBounds* const b)
{
  const int64_t slack = b->tag == MGD_TAG_DATE ? 1 : 14 * 3600 * 1000;
  const int64_t top   = (int64_t)(MGD_ID_PAYLOAD_MASK >> 7U);
  const int64_t lo    = b->lo < slack ? 0 : b->lo - slack;
  const int64_t hi    = b->hi > top - slack ? top : b->hi + slack;
  if (lo > hi) {
    return;
  }
  r->lo[r->n]   = mgd_id_make(b->tag, (uint64_t)lo << 7U);
  r->hi[r->n++] = mgd_id_make(b->tag, ((uint64_t)hi << 7U) | ID_ZONE_BITS);
}

/// Add the ids of tag `tag` (value * `scale` + 2^59 as payload) for the
/// values in [lo, hi], widened for the rounding of doubles and floats
/// (comparisons with them may round ?x) and of `lo`/`hi` themselves.
static void
range_add(IdRanges* const r, const MgdIdTag tag, const double lo,
          const double hi, const double scale)
{
  const double  lim  = 576460752303423488.0; // 2^59
  const int64_t bias = (int64_t)1 << 59;
  const double  wl   = (lo - (lo < 0 ? -lo : lo) * 1e-6 - 1e-6) * scale;
  const double  wh   = (hi + (hi < 0 ? -hi : hi) * 1e-6 + 1e-6) * scale;
  if (!(wl < lim) || !(wh >= -lim)) {
    return; // no inline value of this tag can pass
  }
  int64_t a = wl <= -lim ? -bias : (int64_t)wl - 1;
  int64_t b = wh >= lim ? bias - 1 : (int64_t)wh + 1;
  a         = a < -bias ? -bias : a;
  b         = b > bias - 1 ? bias - 1 : b;
  r->lo[r->n]   = mgd_id_make(tag, (uint64_t)(a + bias));
  r->hi[r->n++] = mgd_id_make(tag, (uint64_t)(b + bias));
}

/// For each level, the object id ranges left by the FILTERs tested right
/// after it, when its pattern's object is a variable it binds.
static void
level_ranges(Ex* const x, const SpNode* const n, const uint32_t* const order,
             const uint32_t* const level_of, const BgpFilter* const fl,
             const uint32_t n_filters, IdRanges* const rng)
{
  if (x->naive || !x->src->vt->match_range) {
    return;
  }
  for (uint32_t k = 0U; k < n->n_triples; ++k) {
    const SpTriple* const t = &n->triples[order[k]];
    if (!t->o.is_var || level_of[t->o.var] != k + 1U) {
      continue;
    }
    double     lo  = -DBL_MAX;
    double     hi  = DBL_MAX;
    bool       any = false;
    TimeBounds tb;
    memset(&tb, 0, sizeof(tb));
    for (uint32_t i = 0U; i < n_filters; ++i) {
      if (fl[i].level == k + 1U) {
        range_bounds(fl[i].expr, t->o.var, &lo, &hi, &any);
        range_time_bounds(fl[i].expr, t->o.var, &tb);
      }
    }
    if (!any && !tb.any) {
      continue;
    }
    // Conjuncts: a value passes all of them, so numeric and time bounds
    // together (or dates with dateTimes) leave only dictionary literals.
    IdRanges* const r = &rng[k];
    r->lo[r->n]   = mgd_id_make(MGD_TAG_LITERAL, 0U);
    r->hi[r->n++] = mgd_id_make(MGD_TAG_LITERAL, MGD_ID_PAYLOAD_MASK);
    if (any && !tb.any && lo <= hi) {
      range_add(r, MGD_TAG_INTEGER, lo, hi, 1.0);
      range_add(r, MGD_TAG_DECIMAL, lo, hi, 1e9);
    } else if (tb.any && !any && !tb.mixed) {
      range_add_time(r, &tb);
    }
  }
}

/// Evaluate a BGP depth-first (index nested loops), testing `filters` as
/// early as their variables allow and stopping after `want` rows.
static MgdStatus
eval_bgp(Ex* const x, const SpNode* const n, const MgdId* const seed,
         const MgdId graph, Tab* const out, const SpExpr* const* filters,
         const uint32_t n_filters, const size_t want)
{
  const uint32_t  nt      = n->n_triples;
  const uint32_t* order   = NULL;
  MgdId*          rows    = NULL;
  TIter*          iters   = NULL;
  BgpFilter*      fl      = NULL;
  uint8_t*        mask    = NULL;
  uint32_t*       level_of = NULL;
  Frontier*       fr      = NULL;
  IdRanges*       rng     = NULL;
  size_t          made    = 0U;
  MgdStatus       st      = MGD_SUCCESS;
  // One block for the per-call arrays: a seeded BGP runs once per row of
  // its join partner.
  const size_t b_iters = (size_t)(nt + 1U) * sizeof(TIter);
  const size_t b_rows  = (size_t)(nt + 1U) * (x->W + 1U) * sizeof(MgdId);
  const size_t b_fl    = (size_t)(n_filters + 1U) * sizeof(BgpFilter);
  const size_t b_level = (size_t)(x->W + 1U) * sizeof(uint32_t);
  const size_t b_rng   = (size_t)(nt + 1U) * sizeof(IdRanges);
  uint8_t* const block = (uint8_t*)mgd_calloc(
    1U, b_iters + b_rows + b_fl + b_rng + b_level + x->W + 1U);
  if (!block) {
    return MGD_BAD_ALLOC;
  }
  iters    = (TIter*)block;
  rows     = (MgdId*)(block + b_iters);
  fl       = (BgpFilter*)(block + b_iters + b_rows);
  rng      = (IdRanges*)(block + b_iters + b_rows + b_fl);
  level_of = (uint32_t*)(block + b_iters + b_rows + b_fl + b_rng);
  mask     = block + b_iters + b_rows + b_fl + b_rng + b_level;
  if (seed) {
    memcpy(rows, seed, x->W * sizeof(MgdId));
  }
  if (nt && (st = bgp_plan(x, n, seed, filters, n_filters, &order))) {
    goto done;
  }
  // Level at which each variable gets bound (0 = by the seed).
  for (uint32_t v = 0U; v < x->W; ++v) {
    level_of[v] = seed && seed[v] ? 0U : UINT32_MAX;
  }
  for (uint32_t k = 0U; k < nt; ++k) {
    const SpTriple* const t      = &n->triples[order[k]];
    const SpPos*          pos[3] = {&t->s, &t->p, &t->o};
    for (int j = 0; j < 3; ++j) {
      if (pos[j]->is_var && level_of[pos[j]->var] == UINT32_MAX) {
        level_of[pos[j]->var] = k + 1U;
      }
    }
  }
  for (uint32_t i = 0U; i < n_filters; ++i) {
    uint32_t lvl = 0U;
    memset(mask, 0, x->W + 1U);
    expr_var_mask(filters[i], mask);
    for (uint32_t v = 0U; v < x->W; ++v) {
      if (mask[v] && (level_of[v] == UINT32_MAX || level_of[v] > lvl)) {
        lvl = level_of[v] == UINT32_MAX ? nt : level_of[v];
      }
    }
    if (sp_expr_has_exists(filters[i])) {
      lvl = nt; // EXISTS sees the whole row
    }
    fl[i].expr  = filters[i];
    fl[i].level = lvl;
    fl[i].memo  = !sp_expr_has_exists(filters[i]) &&
                 sp_expr_vars_within(filters[i], NULL);
    for (uint32_t v = 0U; v < x->W && fl[i].memo; ++v) {
      if (mask[v]) {
        fl[i].memo = fl[i].n_vars < MEMO_VARS;
        if (fl[i].memo) {
          fl[i].vars[fl[i].n_vars++] = v;
        }
      }
    }
  }
  level_ranges(x, n, order, level_of, fl, n_filters, rng);
  // Semi-join (see semi_plan): the patterns from `semi` on bind only
  // variables no output reads, so one match of them is enough.
  uint32_t semi = nt;
  if (n == x->semi_node && !seed) {
    semi = 0U;
    for (uint32_t v = 0U; v < x->W; ++v) {
      if (x->semi_live[v] && level_of[v] != UINT32_MAX &&
          level_of[v] > semi) {
        semi = level_of[v];
      }
    }
  }
  if (n == x->semi_node && !seed && nt > 1U &&
      (st = frontier_plan(x, n, order, level_of, fl, n_filters, semi, &fr))) {
    goto done;
  }
  // Filters ready before any pattern (seed only, or no patterns at all).
  for (uint32_t i = 0U; i < n_filters; ++i) {
    if (fl[i].level == 0U || nt == 0U) {
      bool keep = false;
      if ((st = filter_ok(x, fl[i].expr, rows, graph, &keep)) || !keep) {
        goto done;
      }
    }
  }
  if (!nt) {
    st = sp_tab_push(x, out, rows);
    goto done;
  }
  // Rows only counted (COUNT(*)): when no FILTER waits for the last
  // pattern and it repeats no new variable, each of its matches is a row.
  bool drain = out->count_only && !out->sink;
  {
    const SpTriple* const t = &n->triples[order[nt - 1U]];
    for (uint32_t i = 0U; i < n_filters && drain; ++i) {
      drain = fl[i].level != nt;
    }
    const SpPos* const pos[3] = {&t->s, &t->p, &t->o};
    for (int a = 0; a < 3 && drain; ++a) {
      for (int b = a + 1; b < 3 && drain; ++b) {
        drain = !(pos[a]->is_var && pos[b]->is_var &&
                  pos[a]->var == pos[b]->var);
      }
    }
  }
  uint32_t k = 0U;
  {
    MgdId ids[3] = {0U, 0U, 0U};
    const SpTriple* const t = &n->triples[order[0]];
    if ((st = pos_id(x, &t->s, rows, &ids[0])) ||
        (st = pos_id(x, &t->p, rows, &ids[1])) ||
        (st = pos_id(x, &t->o, rows, &ids[2])) ||
        (st = bgp_open(x, t, ids, graph, &rng[0], &iters[0]))) {
      goto done;
    }
    memcpy(rows + (x->W + 1U), rows, x->W * sizeof(MgdId));
  }
  for (;;) {
    MgdIdQuad q;
    st = titer_next(x, &iters[k], &q);
    while (drain && k + 1U == nt && st == MGD_SUCCESS) {
      ++out->n; // bound positions were matched by the scan itself
      st = titer_next(x, &iters[k], &q);
    }
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS;
      titer_close(x, &iters[k]);
      if (k == 0U) {
        break;
      }
      --k;
      continue;
    }
    if (st) {
      break;
    }
    const SpTriple* const t    = &n->triples[order[k]];
    MgdId* const          next = rows + (size_t)(k + 1U) * (x->W + 1U);
    const MgdId* const cur = rows + (size_t)k * (x->W + 1U);
    if (t->s.is_var) {
      next[t->s.var] = cur[t->s.var];
    }
    if (t->p.is_var) {
      next[t->p.var] = cur[t->p.var];
    }
    if (t->o.is_var) {
      next[t->o.var] = cur[t->o.var];
    }
    if (!bind_pos(&t->s, next, q.s) || !bind_pos(&t->p, next, q.p) ||
        !bind_pos(&t->o, next, q.o)) {
      continue;
    }
    bool keep = true;
    for (uint32_t i = 0U; i < n_filters && keep && !st; ++i) {
      if (fl[i].level == k + 1U) {
        st = bgp_filter_ok(x, &fl[i], next, graph, &keep);
      }
    }
    if (st) {
      break;
    }
    if (!keep) {
      continue;
    }
    if (k + 1U == nt) {
      if ((st = sp_tab_push(x, out, next))) {
        break;
      }
      if (++made >= want || semi == 0U) {
        break;
      }
      if (semi < nt) {
        for (; k >= semi; --k) {
          titer_close(x, &iters[k]); // matched once: back to the last
        }                            // level that binds an output
      }
      continue;
    }
    if (fr && fr[k].n_vars) {
      bool seen = false;
      if ((st = frontier_seen(x, &fr[k], next, &seen))) {
        break;
      }
      if (seen) {
        continue; // this prefix can only repeat rows already produced
      }
    }
    ++k;
    MgdId ids[3] = {0U, 0U, 0U};
    const SpTriple* const t2 = &n->triples[order[k]];
    if ((st = pos_id(x, &t2->s, next, &ids[0])) ||
        (st = pos_id(x, &t2->p, next, &ids[1])) ||
        (st = pos_id(x, &t2->o, next, &ids[2])) ||
        (st = bgp_open(x, t2, ids, graph, &rng[k], &iters[k]))) {
      break;
    }
    // The row below this level starts as a copy of this level's; each
    // match then only resets and binds the pattern's own variables.
    memcpy(rows + (size_t)(k + 1U) * (x->W + 1U), next, x->W * sizeof(MgdId));
  }
done:
  for (uint32_t i = 0U; i < nt; ++i) {
    titer_close(x, &iters[i]);
  }
  for (uint32_t i = 0U; fr && i < nt; ++i) {
    frontier_stop(x, &fr[i]);
  }
  mgd_free(fr);
  mgd_free(block);
  return st;
}

// ------------------------------------------------------------------ paths


MgdStatus
sp_pairs_push(Ex* const x, Pairs* const p, const MgdId s, const MgdId o)
{
  MgdStatus st = tick(x);
  if (st) {
    return st;
  }
  if (p->n == p->cap) {
    const size_t cap = p->cap ? p->cap * 2U : 16U;
    if ((st = sp_check_size(x, cap, 2U * sizeof(MgdId)))) {
      return st;
    }
    MgdId* const mem = (MgdId*)mgd_realloc(p->v, cap * 2U * sizeof(MgdId));
    if (!mem) {
      return MGD_BAD_ALLOC;
    }
    p->v   = mem;
    p->cap = cap;
  }
  p->v[p->n * 2U]      = s;
  p->v[p->n * 2U + 1U] = o;
  ++p->n;
  return MGD_SUCCESS;
}

void
sp_pairs_free(Pairs* const p)
{
  mgd_free(p->v);
  p->v = NULL;
  p->n = p->cap = 0U;
}

typedef struct {
  Pairs*         out;  ///< Result
  const MgdTerm* fwd;  ///< Excluded predicates (NPS) or NULL
  uint32_t       n_ex; ///< Count
  const MgdId*   ex;   ///< Their ids
  bool           inv;  ///< Swap s and o
} LinkCtx;

static MgdStatus
link_hit(Ex* const x, const MgdIdQuad* const q, void* const ctx)
{
  LinkCtx* const c = (LinkCtx*)ctx;
  for (uint32_t i = 0U; i < c->n_ex; ++i) {
    if (q->p == c->ex[i]) {
      return MGD_SUCCESS;
    }
  }
  return c->inv ? sp_pairs_push(x, c->out, q->o, q->s)
                : sp_pairs_push(x, c->out, q->s, q->o);
}

static MgdStatus eval_path(Ex* x, const SpPath* path, MgdId s, MgdId o,
                           MgdId graph, Pairs* out);

typedef struct {
  MgdHashMap set; ///< Node ids seen
} NodeSet;

static MgdStatus
node_add(NodeSet* const ns, const MgdId id, bool* const added)
{
  return mgd_hashmap_put(&ns->set, &id, sizeof(id), 1U, NULL, added);
}

typedef struct {
  NodeSet* seen; ///< Nodes
  Pairs*   list; ///< In order
} AllCtx;

static MgdStatus
all_hit(Ex* const x, const MgdIdQuad* const q, void* const ctx)
{
  AllCtx* const c     = (AllCtx*)ctx;
  bool          added = false;
  MgdStatus     st    = node_add(c->seen, q->s, &added);
  if (!st && added) {
    st = sp_pairs_push(x, c->list, q->s, q->s);
  }
  if (!st) {
    st = node_add(c->seen, q->o, &added);
  }
  if (!st && added) {
    st = sp_pairs_push(x, c->list, q->o, q->o);
  }
  return st;
}

/// Every node of the active graph, as (n, n) pairs (zero-length paths).
static MgdStatus
all_nodes(Ex* const x, const MgdId graph, Pairs* const out)
{
  NodeSet seen;
  mgd_hashmap_init(&seen.set);
  AllCtx    c  = {&seen, out};
  MgdStatus st = sp_scan(x, 0U, 0U, 0U, graph, all_hit, &c);
  mgd_hashmap_clear(&seen.set);
  return st;
}

/// Nodes reachable from `start` by one or more (`zero`: zero or more) steps
/// of `path` (forward, or backward when `back`), each once.
static MgdStatus
closure(Ex* const x, const SpPath* const path, const MgdId start,
        const bool zero, const bool back, const MgdId graph, Pairs* const out)
{
  NodeSet   seen;
  Pairs     frontier = {NULL, 0U, 0U};
  Pairs     step     = {NULL, 0U, 0U};
  MgdStatus st       = MGD_SUCCESS;
  bool      added    = false;
  mgd_hashmap_init(&seen.set);
  if (zero) {
    if ((st = node_add(&seen, start, &added)) ||
        (st = sp_pairs_push(x, out, start, start))) {
      goto done;
    }
  }
  if ((st = sp_pairs_push(x, &frontier, start, start))) {
    goto done;
  }
  while (frontier.n && !st) {
    Pairs next = {NULL, 0U, 0U};
    for (size_t i = 0U; i < frontier.n && !st; ++i) {
      const MgdId node = frontier.v[i * 2U];
      step.n           = 0U;
      st = back ? eval_path(x, path, 0U, node, graph, &step)
                : eval_path(x, path, node, 0U, graph, &step);
      for (size_t k = 0U; k < step.n && !st; ++k) {
        const MgdId reached = back ? step.v[k * 2U] : step.v[k * 2U + 1U];
        if (!(st = node_add(&seen, reached, &added)) && added) {
          st = sp_pairs_push(x, out, start, reached);
          st = st ? st : sp_pairs_push(x, &next, reached, reached);
        }
      }
    }
    sp_pairs_free(&frontier);
    frontier = next;
  }
done:
  sp_pairs_free(&frontier);
  sp_pairs_free(&step);
  mgd_hashmap_clear(&seen.set);
  return st;
}

/// Closure paths (* + ?) with set semantics (§18.4 ALP).
static MgdStatus
eval_closure(Ex* const x, const SpPath* const path, const MgdId s,
             const MgdId o, const MgdId graph, Pairs* const out)
{
  const bool zero = path->kind != SP_PATH_OOM;
  MgdStatus  st   = MGD_SUCCESS;
  Pairs      tmp  = {NULL, 0U, 0U};
  if (path->kind == SP_PATH_ZOO) {
    // zero-length pairs plus one step, distinct
    Pairs   zl = {NULL, 0U, 0U};
    NodeSet seen;
    mgd_hashmap_init(&seen.set);
    if (s && o) {
      if (s == o) {
        st = sp_pairs_push(x, &zl, s, s);
      }
    } else if (s || o) {
      st = sp_pairs_push(x, &zl, s ? s : o, s ? s : o);
    } else {
      st = all_nodes(x, graph, &zl);
    }
    st = st ? st : eval_path(x, path->a, s, o, graph, &zl);
    for (size_t i = 0U; i < zl.n && !st; ++i) {
      const MgdId key[2] = {zl.v[i * 2U], zl.v[i * 2U + 1U]};
      bool        added  = false;
      if (!(st = mgd_hashmap_put(&seen.set, key, sizeof(key), 1U, NULL,
                                 &added)) &&
          added) {
        st = sp_pairs_push(x, out, key[0], key[1]);
      }
    }
    sp_pairs_free(&zl);
    mgd_hashmap_clear(&seen.set);
    return st;
  }
  if (s) {
    st = closure(x, path->a, s, zero, false, graph, &tmp);
    for (size_t i = 0U; i < tmp.n && !st; ++i) {
      if (!o || tmp.v[i * 2U + 1U] == o) {
        st = sp_pairs_push(x, out, s, tmp.v[i * 2U + 1U]);
      }
    }
  } else if (o) {
    st = closure(x, path->a, o, zero, true, graph, &tmp);
    for (size_t i = 0U; i < tmp.n && !st; ++i) {
      st = sp_pairs_push(x, out, tmp.v[i * 2U + 1U], o);
    }
  } else {
    // Both ends free: start from every node that can begin a path.
    Pairs starts = {NULL, 0U, 0U};
    if (zero) {
      st = all_nodes(x, graph, &starts);
    } else {
      Pairs   one = {NULL, 0U, 0U};
      NodeSet seen;
      mgd_hashmap_init(&seen.set);
      st = eval_path(x, path->a, 0U, 0U, graph, &one);
      for (size_t i = 0U; i < one.n && !st; ++i) {
        bool added = false;
        if (!(st = node_add(&seen, one.v[i * 2U], &added)) && added) {
          st = sp_pairs_push(x, &starts, one.v[i * 2U], one.v[i * 2U]);
        }
      }
      sp_pairs_free(&one);
      mgd_hashmap_clear(&seen.set);
    }
    for (size_t i = 0U; i < starts.n && !st; ++i) {
      tmp.n = 0U;
      st    = closure(x, path->a, starts.v[i * 2U], zero, false, graph, &tmp);
      for (size_t k = 0U; k < tmp.n && !st; ++k) {
        st = sp_pairs_push(x, out, tmp.v[k * 2U], tmp.v[k * 2U + 1U]);
      }
    }
    sp_pairs_free(&starts);
  }
  sp_pairs_free(&tmp);
  return st;
}

/// All (s, o) pairs connected by `path` (bag semantics for / and |).
static MgdStatus
eval_path(Ex* const x, const SpPath* const path, const MgdId s, const MgdId o,
          const MgdId graph, Pairs* const out)
{
  MgdStatus st = MGD_SUCCESS;
  switch (path->kind) {
  case SP_PATH_LINK: {
    MgdId p = 0U;
    if ((st = const_id(x, &path->iri, &p))) {
      return st;
    }
    LinkCtx c = {out, NULL, 0U, NULL, false};
    return sp_scan(x, s, p, o, graph, link_hit, &c);
  }
  case SP_PATH_INV: {
    Pairs tmp = {NULL, 0U, 0U};
    st        = eval_path(x, path->a, o, s, graph, &tmp);
    for (size_t i = 0U; i < tmp.n && !st; ++i) {
      st = sp_pairs_push(x, out, tmp.v[i * 2U + 1U], tmp.v[i * 2U]);
    }
    sp_pairs_free(&tmp);
    return st;
  }
  case SP_PATH_SEQ: {
    Pairs first = {NULL, 0U, 0U};
    Pairs second = {NULL, 0U, 0U};
    if (!s && o) {
      st = eval_path(x, path->b, 0U, o, graph, &first);
      for (size_t i = 0U; i < first.n && !st; ++i) {
        second.n = 0U;
        st = eval_path(x, path->a, 0U, first.v[i * 2U], graph, &second);
        for (size_t k = 0U; k < second.n && !st; ++k) {
          st = sp_pairs_push(x, out, second.v[k * 2U], first.v[i * 2U + 1U]);
        }
      }
    } else {
      st = eval_path(x, path->a, s, 0U, graph, &first);
      for (size_t i = 0U; i < first.n && !st; ++i) {
        second.n = 0U;
        st = eval_path(x, path->b, first.v[i * 2U + 1U], o, graph, &second);
        for (size_t k = 0U; k < second.n && !st; ++k) {
          st = sp_pairs_push(x, out, first.v[i * 2U], second.v[k * 2U + 1U]);
        }
      }
    }
    sp_pairs_free(&first);
    sp_pairs_free(&second);
    return st;
  }
  case SP_PATH_ALT:
    st = eval_path(x, path->a, s, o, graph, out);
    return st ? st : eval_path(x, path->b, s, o, graph, out);
  case SP_PATH_ZOM:
  case SP_PATH_OOM:
  case SP_PATH_ZOO:
    return eval_closure(x, path, s, o, graph, out);
  case SP_PATH_NPS: {
    MgdId* const ids = (MgdId*)mgd_calloc(path->n_fwd + path->n_inv + 1U,
                                          sizeof(MgdId));
    if (!ids) {
      return MGD_BAD_ALLOC;
    }
    for (uint32_t i = 0U; i < path->n_fwd && !st; ++i) {
      st = const_id(x, &path->fwd[i], &ids[i]);
    }
    for (uint32_t i = 0U; i < path->n_inv && !st; ++i) {
      st = const_id(x, &path->inv[i], &ids[path->n_fwd + i]);
    }
    if (!st && (path->n_fwd || !path->n_inv)) {
      LinkCtx c = {out, NULL, path->n_fwd, ids, false};
      st        = sp_scan(x, s, 0U, o, graph, link_hit, &c);
    }
    if (!st && path->n_inv) {
      LinkCtx c = {out, NULL, path->n_inv, ids + path->n_fwd, true};
      st        = sp_scan(x, o, 0U, s, graph, link_hit, &c);
    }
    mgd_free(ids);
    return st;
  }
  }
  return MGD_BAD_INTERNAL;
}

static bool
zero_capable(const SpPath* const p)
{
  switch (p->kind) {
  case SP_PATH_ZOM:
  case SP_PATH_ZOO:
    return true;
  case SP_PATH_INV:
  case SP_PATH_OOM:
    return zero_capable(p->a);
  case SP_PATH_SEQ:
    return zero_capable(p->a) && zero_capable(p->b);
  case SP_PATH_ALT:
    return zero_capable(p->a) || zero_capable(p->b);
  case SP_PATH_LINK:
  case SP_PATH_NPS:
    return false;
  }
  return false;
}

MgdStatus
sp_stop_hit(Ex* const x, const MgdIdQuad* const q, void* const ctx)
{
  (void)x;
  (void)q;
  *(bool*)ctx = true;
  return MGD_FAILURE; // found one: stop
}

/// Whether `id` occurs as subject or object in the active graph.
static MgdStatus
is_graph_node(Ex* const x, const MgdId id, const MgdId graph, bool* const in)
{
  *in          = false;
  MgdStatus st = sp_scan(x, id, 0U, 0U, graph, sp_stop_hit, in);
  if (st <= MGD_FAILURE && !*in) {
    st = sp_scan(x, 0U, 0U, id, graph, sp_stop_hit, in);
  }
  return st <= MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
eval_pathnode(Ex* const x, const SpNode* const n, const MgdId* const seed,
              const MgdId graph, Tab* const out)
{
  MgdId* const row = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  if (!row) {
    return MGD_BAD_ALLOC;
  }
  MgdId     s     = 0U;
  MgdId     o     = 0U;
  Pairs     pairs = {NULL, 0U, 0U};
  MgdStatus st    = pos_id(x, &n->ps, seed, &s);
  st              = st ? st : pos_id(x, &n->po, seed, &o);
  // A seeded value that is not a node of the graph must not match a
  // zero-length path: unseeded, the path would only produce graph nodes.
  if (!st && zero_capable(n->path)) {
    bool in = true;
    if (n->ps.is_var && s && !(st = is_graph_node(x, s, graph, &in)) && !in) {
      s = 0U;
    }
    if (!st && n->po.is_var && o &&
        !(st = is_graph_node(x, o, graph, &in)) && !in) {
      o = 0U;
    }
  }
  st = st ? st : eval_path(x, n->path, s, o, graph, &pairs);
  for (size_t i = 0U; i < pairs.n && !st; ++i) {
    if (seed) {
      memcpy(row, seed, x->W * sizeof(MgdId));
    } else {
      memset(row, 0, x->W * sizeof(MgdId));
    }
    if (bind_pos(&n->ps, row, pairs.v[i * 2U]) &&
        bind_pos(&n->po, row, pairs.v[i * 2U + 1U])) {
      st = sp_tab_push(x, out, row);
    }
  }
  sp_pairs_free(&pairs);
  mgd_free(row);
  return st;
}

// ------------------------------------------------------------------ exprs

static MgdStatus eval_expr(Ex* x, const SpExpr* e, const MgdId* row,
                           MgdId graph, MgdTerm* out);

/// EBV of `e` under `row`: MGD_SUCCESS and *value, MGD_FAILURE (error).
static MgdStatus
eval_ebv(Ex* const x, const SpExpr* const e, const MgdId* const row,
         const MgdId graph, bool* const value)
{
  MgdTerm   t;
  MgdStatus st = eval_expr(x, e, row, graph, &t);
  if (st) {
    return st;
  }
  return mgd_term_ebv(&t, value);
}

static MgdStatus
stop_at_first(Ex* const x, void* const ctx, const MgdId* const row)
{
  (void)x;
  (void)ctx;
  (void)row;
  return MGD_FAILURE; // one solution is enough: stop the evaluation
}

static MgdStatus
eval_exists(Ex* const x, const SpExpr* const e, const MgdId* const row,
            const MgdId graph, bool* const found)
{
  Tab t     = {NULL, 0U, 0U, stop_at_first, NULL, false};
  x->want   = 1U;
  MgdStatus st = sp_eval(x, e->pattern, row, graph, &t);
  *found       = t.n > 0U;
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdTerm
bool_lit(const bool v)
{
  return mgd_term_literal(mgd_str(v ? "true" : "false"),
                          mgd_str(MGD_XSD_BOOLEAN), mgd_str_n(NULL, 0U));
}

static MgdStatus
eval_bnode(Ex* const x, const SpExpr* const e, const MgdId* const row,
           const MgdId graph, MgdTerm* const out)
{
  char      label[48];
  MgdStatus st = MGD_SUCCESS;
  if (e->n_args) {
    MgdTerm arg;
    if ((st = eval_expr(x, e->args[0], row, graph, &arg))) {
      return st;
    }
    if (arg.kind != MGD_TERM_LITERAL ||
        (arg.datatype.len && !mgd_str_eqc(arg.datatype, MGD_XSD_STRING)) ||
        arg.lang.len) {
      return MGD_FAILURE;
    }
    MgdBuf key;
    mgd_buf_init(&key);
    st = mgd_buf_append(&key, &x->row_serial, sizeof(x->row_serial));
    st = st ? st : mgd_buf_append(&key, arg.value.ptr, arg.value.len);
    uint64_t n     = x->n_bnodes;
    bool     added = false;
    if (!st) {
      st = mgd_hashmap_put(&x->bnode_map, key.data, key.len, n, &n, &added);
    }
    mgd_buf_clear(&key);
    if (st) {
      return st;
    }
    if (added) {
      ++x->n_bnodes;
    }
    snprintf(label, sizeof(label), "gen%llu", (unsigned long long)n);
  } else {
    snprintf(label, sizeof(label), "gen%llu",
             (unsigned long long)x->n_bnodes++);
  }
  // Never reuse the label of a blank node of the data.
  for (;;) {
    MgdId         existing = 0U;
    const MgdTerm probe    = mgd_term_blank(mgd_str(label));
    if (x->src->vt->lookup(x->src->handle, &probe, &existing) != MGD_SUCCESS) {
      break;
    }
    const size_t len = strlen(label);
    if (len + 2U >= sizeof(label)) {
      return MGD_BAD_INTERNAL;
    }
    label[len]      = 'x';
    label[len + 1U] = '\0';
  }
  const MgdStr copy = mgd_arena_str(&x->scratch, mgd_str(label));
  if (!copy.ptr) {
    return MGD_BAD_ALLOC;
  }
  *out = mgd_term_blank(copy);
  return MGD_SUCCESS;
}

static bool
is_cmp(const MgdFunc fn)
{
  return fn == MGD_FN_EQ || fn == MGD_FN_NE || fn == MGD_FN_LT ||
         fn == MGD_FN_LE || fn == MGD_FN_GT || fn == MGD_FN_GE;
}

static bool
cmp_holds(const MgdFunc fn, const int c)
{
  switch (fn) {
  case MGD_FN_EQ: return c == 0;
  case MGD_FN_NE: return c != 0;
  case MGD_FN_LT: return c < 0;
  case MGD_FN_LE: return c <= 0;
  case MGD_FN_GT: return c > 0;
  default: return c >= 0;
  }
}

/// The exact value of a variable or constant operand, or NUM_NONE.
static int
operand_num(Ex* const x, const SpExpr* const e, const MgdId* const row,
            MgdDec* const d)
{
  if (e->kind == SP_EX_VAR && e->var != SP_NO_VAR && row[e->var]) {
    return id_num(x, row[e->var], d);
  }
  if (e->kind == SP_EX_TERM) {
    return term_num(&e->term, d);
  }
  return NUM_NONE;
}

/// Integer/decimal comparisons straight on cached values (the function
/// library gives the same answer from the lexical forms, more slowly).
static bool
num_cmp(Ex* const x, const SpExpr* const a, const SpExpr* const b,
        const MgdId* const row, int* const c)
{
  MgdDec da;
  MgdDec db;
  if (operand_num(x, a, row, &da) < NUM_INTEGER ||
      operand_num(x, b, row, &db) < NUM_INTEGER) {
    return false;
  }
  *c = mgd_dec_cmp(da, db);
  return true;
}

static MgdStatus
eval_expr_inner(Ex* const x, const SpExpr* const e, const MgdId* const row,
                const MgdId graph, MgdTerm* const out)
{
  MgdStatus st = MGD_SUCCESS;
  switch (e->kind) {
  case SP_EX_VAR:
  case SP_EX_AGG:
    if (!row || e->var == SP_NO_VAR || !row[e->var]) {
      return MGD_FAILURE;
    }
    return sp_ex_term(x, row[e->var], &x->scratch, out);
  case SP_EX_TERM:
    *out = e->term;
    return MGD_SUCCESS;
  case SP_EX_FUNC: {
    if (e->fn == MGD_FN_NONE) {
      return MGD_FAILURE;
    }
    if (e->n_args == 2U && is_cmp(e->fn) && row) {
      int c = 0;
      if (num_cmp(x, e->args[0], e->args[1], row, &c)) {
        *out = bool_lit(cmp_holds(e->fn, c));
        return MGD_SUCCESS;
      }
    }
    MgdTerm  small[4];
    MgdTerm* args = small;
    if (e->n_args > 4U) {
      args = (MgdTerm*)mgd_arena_alloc(&x->scratch, e->n_args * sizeof(MgdTerm));
      if (!args) {
        return MGD_BAD_ALLOC;
      }
    }
    for (uint32_t i = 0U; i < e->n_args; ++i) {
      if ((st = eval_expr(x, e->args[i], row, graph, &args[i]))) {
        return st;
      }
    }
    return mgd_func_call(&x->fctx, e->fn, args, e->n_args, out);
  }
  case SP_EX_OR:
  case SP_EX_AND: {
    bool            a   = false;
    bool            b   = false;
    const MgdStatus sa  = eval_ebv(x, e->args[0], row, graph, &a);
    if (sa > MGD_FAILURE) {
      return sa;
    }
    const MgdStatus sb = eval_ebv(x, e->args[1], row, graph, &b);
    if (sb > MGD_FAILURE) {
      return sb;
    }
    const bool is_or = e->kind == SP_EX_OR;
    if (!sa && !sb) {
      *out = bool_lit(is_or ? (a || b) : (a && b));
      return MGD_SUCCESS;
    }
    // §17.2: one error: true || error = true, false && error = false.
    const bool known = !sa ? a : b;
    if ((is_or && known && (!sa || !sb)) || (!is_or && !known && (!sa || !sb))) {
      *out = bool_lit(is_or);
      return MGD_SUCCESS;
    }
    return MGD_FAILURE;
  }
  case SP_EX_BOUND:
    *out = bool_lit(row && e->var != SP_NO_VAR && row[e->var] != 0U);
    return MGD_SUCCESS;
  case SP_EX_IF: {
    bool c = false;
    if ((st = eval_ebv(x, e->args[0], row, graph, &c))) {
      return st;
    }
    return eval_expr(x, e->args[c ? 1 : 2], row, graph, out);
  }
  case SP_EX_COALESCE:
    for (uint32_t i = 0U; i < e->n_args; ++i) {
      st = eval_expr(x, e->args[i], row, graph, out);
      if (st != MGD_FAILURE) {
        return st;
      }
    }
    return MGD_FAILURE;
  case SP_EX_IN:
  case SP_EX_NOT_IN: {
    MgdTerm v;
    if ((st = eval_expr(x, e->args[0], row, graph, &v))) {
      return st;
    }
    bool error = false;
    for (uint32_t i = 1U; i < e->n_args; ++i) {
      MgdTerm t;
      MgdTerm eq;
      bool    yes = false;
      st          = eval_expr(x, e->args[i], row, graph, &t);
      if (st > MGD_FAILURE) {
        return st;
      }
      if (!st) {
        MgdTerm pair[2] = {v, t};
        st = mgd_func_call(&x->fctx, MGD_FN_EQ, pair, 2U, &eq);
        if (st > MGD_FAILURE) {
          return st;
        }
        if (!st) {
          st = mgd_term_ebv(&eq, &yes);
        }
      }
      if (st) {
        error = true;
      } else if (yes) {
        *out = bool_lit(e->kind == SP_EX_IN);
        return MGD_SUCCESS;
      }
    }
    if (error) {
      return MGD_FAILURE;
    }
    *out = bool_lit(e->kind == SP_EX_NOT_IN);
    return MGD_SUCCESS;
  }
  case SP_EX_EXISTS:
  case SP_EX_NOT_EXISTS: {
    bool found = false;
    if ((st = eval_exists(x, e, row, graph, &found))) {
      return st;
    }
    *out = bool_lit(found == (e->kind == SP_EX_EXISTS));
    return MGD_SUCCESS;
  }
  case SP_EX_BNODE:
    return eval_bnode(x, e, row, graph, out);
  }
  return MGD_BAD_INTERNAL;
}

static MgdStatus
eval_expr(Ex* const x, const SpExpr* const e, const MgdId* const row,
          const MgdId graph, MgdTerm* const out)
{
  ++x->nest;
  const MgdStatus st = eval_expr_inner(x, e, row, graph, out);
  --x->nest;
  return st;
}

/// Reset expression temporaries when no evaluation is in progress.
static void
scratch_done(Ex* const x)
{
  if (!x->nest && x->scratch.n_bytes > ((size_t)1 << 20)) {
    mgd_arena_reset(&x->scratch);
  }
}

// ------------------------------------------------------------------ operators

/// True if evaluating `n` with a seed row equals joining its unseeded
/// result with that row (so index nested-loop joins are correct).
static bool
seedable(const SpNode* const n, const uint32_t W)
{
  switch (n->kind) {
  case SP_N_BGP:
  case SP_N_PATH:
  case SP_N_VALUES:
    return true;
  case SP_N_JOIN:
  case SP_N_UNION:
    return seedable(n->a, W) && seedable(n->b, W);
  case SP_N_GRAPH:
    return seedable(n->a, W);
  case SP_N_FILTER: {
    if (!seedable(n->a, W)) {
      return false;
    }
    uint8_t* const mask = (uint8_t*)mgd_calloc(W + 1U, 1U);
    if (!mask) {
      return false;
    }
    sp_certain_vars(n->a, mask, W);
    const bool ok = sp_expr_vars_within(n->expr, mask);
    mgd_free(mask);
    return ok;
  }
  case SP_N_EXTEND: {
    // Seeding an Extend equals joining it when its value depends only on
    // variables its input always binds (a seeded target must then match).
    if (!seedable(n->a, W) || sp_expr_has_exists(n->expr) ||
        !sp_expr_vars_within(n->expr, NULL)) {
      return false;
    }
    uint8_t* const mask = (uint8_t*)mgd_calloc(W + 1U, 1U);
    if (!mask) {
      return false;
    }
    sp_certain_vars(n->a, mask, W);
    const bool ok = sp_expr_vars_within(n->expr, mask);
    mgd_free(mask);
    return ok;
  }
  case SP_N_SERVICE:
    // SERVICE ?e runs once per binding of ?e from the left (Federated
    // Query §4): only a seed can give it an endpoint.
    return n->graph.is_var;
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
  case SP_N_GROUP:
  case SP_N_ORDER:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
    return false;
  }
  return false;
}

/// Whether to evaluate `n` once per row of its join partner. SERVICE ?e
/// must be (it needs ?e bound); otherwise it is an optimisation that the
/// naive mode skips.
static bool
can_seed(const Ex* const x, const SpNode* const n)
{
  if (n->kind == SP_N_SERVICE && n->graph.is_var) {
    return true;
  }
  return !x->naive && seedable(n, x->W);
}

/// Rows of a table grouped by the values of some variables: open
/// addressing over the key ids (never MGD_ID_NONE: keys are bound in every
/// row), each slot holding its key and the first row with it.
typedef struct {
  MgdId*   slots;  ///< cap slots of n_keys ids + first row (key 0: empty)
  size_t   cap;    ///< Slots (power of two)
  size_t*  next;   ///< Next row of the same group (SIZE_MAX ends)
  SpVar*   keys;   ///< Key variables
  uint32_t n_keys; ///< Count
  MgdId*   buf;    ///< Key scratch
} RowIndex;

static void
index_clear(RowIndex* const ix)
{
  mgd_free(ix->slots);
  mgd_free(ix->next);
  mgd_free(ix->keys);
  mgd_free(ix->buf);
  memset(ix, 0, sizeof(*ix));
}

/// Slot of key `k`: its own, or the empty one where it would go.
static MgdId*
index_slot(const RowIndex* const ix, const MgdId* const k)
{
  const size_t mask   = ix->cap - 1U;
  const size_t stride = ix->n_keys + 1U;
  for (size_t i = hp_hash(k, ix->n_keys, mask);; i = (i + 1U) & mask) {
    MgdId* const e = ix->slots + i * stride;
    if (!e[0]) {
      return e;
    }
    uint32_t j = 0U;
    while (j < ix->n_keys && e[j] == k[j]) {
      ++j;
    }
    if (j == ix->n_keys) {
      return e;
    }
  }
}

/// Variables bound in every row of both tables (the hash join keys).
static MgdStatus
shared_keys(Ex* const x, const Tab* const a, const Tab* const b,
            RowIndex* const ix)
{
  ix->keys = (SpVar*)mgd_calloc(x->W + 1U, sizeof(SpVar));
  ix->buf  = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  if (!ix->keys || !ix->buf) {
    return MGD_BAD_ALLOC;
  }
  for (uint32_t v = 0U; v < x->W; ++v) {
    bool all = true;
    for (size_t i = 0U; i < a->n && all; ++i) {
      all = tab_row(x, a, i)[v] != 0U;
    }
    for (size_t i = 0U; i < b->n && all; ++i) {
      all = tab_row(x, b, i)[v] != 0U;
    }
    if (all) {
      ix->keys[ix->n_keys++] = v;
    }
  }
  return MGD_SUCCESS;
}

static const MgdId*
index_key(RowIndex* const ix, const MgdId* const row)
{
  for (uint32_t k = 0U; k < ix->n_keys; ++k) {
    ix->buf[k] = row[ix->keys[k]];
  }
  return ix->buf;
}

/// Index `t` on ix->keys (set by shared_keys).
static MgdStatus
index_build(Ex* const x, const Tab* const t, RowIndex* const ix)
{
  size_t cap = 16U;
  while (cap < 2U * t->n) {
    cap *= 2U;
  }
  const size_t stride = ix->n_keys + 1U;
  ix->slots           = (MgdId*)mgd_calloc(cap * stride, sizeof(MgdId));
  ix->next            = (size_t*)mgd_calloc(t->n + 1U, sizeof(size_t));
  ix->cap             = cap;
  if (!ix->slots || !ix->next) {
    return MGD_BAD_ALLOC;
  }
  for (size_t i = 0U; i < t->n; ++i) {
    const MgdId* const key = index_key(ix, tab_row(x, t, i));
    MgdId* const       e   = index_slot(ix, key);
    if (!e[0]) {
      memcpy(e, key, ix->n_keys * sizeof(MgdId));
      ix->next[i] = SIZE_MAX;
    } else {
      ix->next[i] = (size_t)e[ix->n_keys];
    }
    e[ix->n_keys] = i;
  }
  return MGD_SUCCESS;
}

/// First row of `t` whose keys equal those of `row` (SIZE_MAX if none).
static size_t
index_first(RowIndex* const ix, const MgdId* const row)
{
  const MgdId* const e = index_slot(ix, index_key(ix, row));
  return e[0] ? (size_t)e[ix->n_keys] : SIZE_MAX;
}

/// Join two materialised tables: a hash join on the variables both bind in
/// every row, or nested loops when there are none.
static MgdStatus
join_tables(Ex* const x, const Tab* a, const Tab* b, Tab* const out)
{
  if (b->n > a->n) {
    // Index the smaller table and stream the larger one in its own order
    // (rows of one group stay together for a GROUP BY above).
    const Tab* const t = a;
    a                  = b;
    b                  = t;
  }
  MgdId* const row = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  RowIndex     ix;
  memset(&ix, 0, sizeof(ix));
  MgdStatus st = row ? shared_keys(x, a, b, &ix) : MGD_BAD_ALLOC;
  if (!st && ix.n_keys) {
    st = index_build(x, b, &ix);
  }
  for (size_t i = 0U; i < a->n && !st; ++i) {
    const MgdId* const ra = tab_row(x, a, i);
    size_t             k  = ix.n_keys ? index_first(&ix, ra) : 0U;
    for (; k != SIZE_MAX && k < b->n && !st;
         k = ix.n_keys ? ix.next[k] : k + 1U) {
      const MgdId* const rb = tab_row(x, b, k);
      if ((st = tick(x))) {
        break; // nested loops may run long without output
      }
      if (compatible(x, ra, rb)) {
        memcpy(row, ra, x->W * sizeof(MgdId));
        merge_into(x, row, rb);
        st = sp_tab_push(x, out, row);
      }
    }
  }
  index_clear(&ix);
  mgd_free(row);
  return st;
}

/// A rough result size of `n` under `seed` (what to evaluate first).
static double
node_cost_raw(Ex* const x, const SpNode* const n, const MgdId* const seed)
{
  switch (n->kind) {
  case SP_N_BGP: {
    double best = n->n_triples ? 1e300 : 1.0;
    for (uint32_t i = 0U; i < n->n_triples; ++i) {
      const SpTriple* const t      = &n->triples[i];
      const SpPos*          pos[3] = {&t->s, &t->p, &t->o};
      MgdId                 ids[3] = {0U, 0U, 0U};
      unsigned              n_bound = 0U;
      for (int j = 0; j < 3; ++j) {
        if (pos[j]->is_var) {
          n_bound += seed && seed[pos[j]->var] ? 1U : 0U;
        } else if (const_id(x, &pos[j]->term, &ids[j])) {
          return 1e9;
        }
      }
      if (is_local(ids[0]) || is_local(ids[1]) || is_local(ids[2])) {
        return 0.0; // a constant the data lacks: nothing matches
      }
      uint64_t        est = 0U;
      const MgdIdQuad pat = {ids[0], ids[1], ids[2], MGD_ID_NONE};
      if (x->src->vt->estimate(x->src->handle, &pat, &est) > MGD_FAILURE) {
        return 1e9;
      }
      const unsigned n_const = (ids[0] != 0U) + (ids[1] != 0U) + (ids[2] != 0U);
      if (est > ESTIMATE_RECOUNT && n_const >= 2U && recount(x, &pat, &est)) {
        return 1e9;
      }
      double cost = (double)est;
      for (unsigned j = 0U; j < n_bound; ++j) {
        cost /= 100.0;
      }
      best = cost < best ? cost : best;
    }
    return best;
  }
  case SP_N_PATH: {
    const bool bound_s = !n->ps.is_var || (seed && seed[n->ps.var]);
    const bool bound_o = !n->po.is_var || (seed && seed[n->po.var]);
    return bound_s || bound_o ? 10.0 : 1e8;
  }
  case SP_N_VALUES:
    return (double)n->n_rows;
  case SP_N_JOIN: {
    const double a = node_cost_raw(x, n->a, seed);
    const double b = node_cost_raw(x, n->b, seed);
    return a < b ? a : b;
  }
  case SP_N_UNION:
    return node_cost_raw(x, n->a, seed) + node_cost_raw(x, n->b, seed);
  case SP_N_GRAPH:
  case SP_N_FILTER:
  case SP_N_EXTEND:
    return node_cost_raw(x, n->a, seed);
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
  case SP_N_GROUP:
  case SP_N_ORDER:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
  case SP_N_SERVICE:
    return 1e9;
  }
  return 1e9;
}

/// node_cost_raw() cached per node and set of seeded variables.
static double
node_cost(Ex* const x, const SpNode* const n, const MgdId* const seed)
{
  const size_t   len = sizeof(void*) + 1U + x->W;
  uint8_t* const key = (uint8_t*)mgd_calloc(len + 1U, 1U);
  if (!key) {
    return node_cost_raw(x, n, seed);
  }
  memcpy(key, &n, sizeof(void*));
  key[sizeof(void*)] = 'c'; // not a BGP plan key (those are shorter)
  for (uint32_t v = 0U; v < x->W; ++v) {
    key[sizeof(void*) + 1U + v] = (uint8_t)(seed && seed[v]);
  }
  uint64_t value = 0U;
  double   cost  = 0.0;
  if (!mgd_hashmap_get(&x->plans, key, len, &value)) {
    memcpy(&cost, &value, sizeof(cost));
  } else {
    cost = node_cost_raw(x, n, seed);
    memcpy(&value, &cost, sizeof(cost));
    mgd_hashmap_put(&x->plans, key, len, value, NULL, NULL);
  }
  mgd_free(key);
  return cost;
}

/// Evaluate the seedable side of a join once and hash join it when its
/// estimated size is at most this many times the rows of the other side
/// (a scanned row costs a fraction of a seek).
#define HASH_JOIN_RATIO 4.0

/// A rough upper estimate of the rows `n` yields under `seed` alone (how
/// much an unseeded evaluation reads): 1e300 when unknown.
static double
node_size(Ex* const x, const SpNode* const n, const MgdId* const seed)
{
  switch (n->kind) {
  case SP_N_BGP: {
    // The largest pattern: joins on key-like variables do not grow it.
    double worst = 1.0;
    for (uint32_t i = 0U; i < n->n_triples; ++i) {
      const SpTriple* const t      = &n->triples[i];
      const SpPos*          pos[3] = {&t->s, &t->p, &t->o};
      MgdId                 ids[3] = {0U, 0U, 0U};
      bool                  shares = i == 0U;
      for (int j = 0; j < 3; ++j) {
        if (pos[j]->is_var) {
          if (seed && seed[pos[j]->var]) {
            return 1e300; // seeded: its size is not the pattern's
          }
          for (uint32_t k = 0U; k < i && !shares; ++k) {
            const SpTriple* const u = &n->triples[k];
            shares = (u->s.is_var && u->s.var == pos[j]->var) ||
                     (u->p.is_var && u->p.var == pos[j]->var) ||
                     (u->o.is_var && u->o.var == pos[j]->var);
          }
        } else if (const_id(x, &pos[j]->term, &ids[j])) {
          return 1e300;
        }
      }
      if (!shares) {
        return 1e300; // a cross product
      }
      if (is_local(ids[0]) || is_local(ids[1]) || is_local(ids[2])) {
        return 0.0;
      }
      uint64_t        est = 0U;
      const MgdIdQuad pat = {ids[0], ids[1], ids[2], MGD_ID_NONE};
      if (x->src->vt->estimate(x->src->handle, &pat, &est) > MGD_FAILURE) {
        return 1e300;
      }
      worst = (double)est > worst ? (double)est : worst;
    }
    return worst;
  }
  case SP_N_VALUES:
    return (double)n->n_rows;
  case SP_N_UNION:
    return node_size(x, n->a, seed) + node_size(x, n->b, seed);
  case SP_N_JOIN: {
    const double a = node_size(x, n->a, seed);
    const double b = node_size(x, n->b, seed);
    return a > b ? a : b;
  }
  case SP_N_FILTER:
  case SP_N_EXTEND:
    return node_size(x, n->a, seed);
  case SP_N_PATH:
  case SP_N_GRAPH:
  case SP_N_LEFTJOIN:
  case SP_N_MINUS:
  case SP_N_GROUP:
  case SP_N_ORDER:
  case SP_N_PROJECT:
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
  case SP_N_SLICE:
  case SP_N_SERVICE:
    return 1e300;
  }
  return 1e300;
}

/// Whether to evaluate the seedable `second` once, unseeded, and hash join
/// it with `n_left` rows rather than evaluate it once per row: many rows
/// on the left, a small enough `second`, no LIMIT that seeding could stop
/// early, and room in the query's memory.
static bool
hash_instead(Ex* const x, const SpNode* const second, const MgdId* const seed,
             const size_t n_left, const size_t want)
{
  if (want != SIZE_MAX ||
      n_left < (x->hash_after ? x->hash_after : HASH_MIN_PROBES)) {
    return false;
  }
  const double size  = node_size(x, second, seed);
  const double bytes = size * (double)(x->W + 8U) * sizeof(MgdId);
  return size < 1e300 && bytes <= (double)(x->mem_limit - x->mem) / 2.0 &&
         (x->hash_after || size <= (double)n_left * HASH_JOIN_RATIO);
}

static MgdStatus
eval_join(Ex* const x, const SpNode* const n, const MgdId* const seed,
          const MgdId graph, Tab* const out, const size_t want)
{
  Tab       left  = {NULL, 0U, 0U, NULL, NULL, false};
  Tab       right = {NULL, 0U, 0U, NULL, NULL, false};
  MgdStatus st    = MGD_SUCCESS;
  const SpNode* first  = n->a;
  const SpNode* second = n->b;
  const bool    seed_a = can_seed(x, first);
  const bool    seed_b = can_seed(x, second);
  if ((!seed_b && seed_a) ||
      (seed_a && seed_b &&
       node_cost(x, n->b, seed) < node_cost(x, n->a, seed))) {
    first  = n->b; // start with the smaller side, seed the other
    second = n->a;
  }
  if ((st = sp_eval(x, first, seed, graph, &left))) {
    goto done;
  }
  if (can_seed(x, second) && !hash_instead(x, second, seed, left.n, want)) {
    const size_t start = out->n;
    for (size_t i = 0U; i < left.n && !st && out->n - start < want; ++i) {
      st = sp_eval(x, second, tab_row(x, &left, i), graph, out);
    }
  } else if (left.n) {
    st = sp_eval(x, second, seed, graph, &right);
    st = st ? st : join_tables(x, &left, &right, out);
  }
done:
  sp_tab_free(x, &left);
  sp_tab_free(x, &right);
  return st;
}

static MgdStatus
filter_ok(Ex* const x, const SpExpr* const e, const MgdId* const row,
          const MgdId graph, bool* const keep)
{
  *keep              = false;
  const MgdStatus st = eval_ebv(x, e, row, graph, keep);
  scratch_done(x);
  if (st == MGD_FAILURE) {
    *keep = false;
    return MGD_SUCCESS;
  }
  return st;
}

static MgdStatus
eval_leftjoin(Ex* const x, const SpNode* const n, const MgdId* const seed,
              const MgdId graph, Tab* const out, const size_t want)
{
  Tab       left  = {NULL, 0U, 0U, NULL, NULL, false};
  Tab       right = {NULL, 0U, 0U, NULL, NULL, false};
  Tab       part  = {NULL, 0U, 0U, NULL, NULL, false};
  MgdId*    row   = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  // Every left row yields at least one row: the left side needs no more
  // than `want` rows either.
  x->want         = want;
  MgdStatus st    = row ? sp_eval(x, n->a, seed, graph, &left) : MGD_BAD_ALLOC;
  x->want         = SIZE_MAX;
  const bool seeded = can_seed(x, n->b) &&
                      !hash_instead(x, n->b, seed, left.n, want);
  RowIndex   ix;
  memset(&ix, 0, sizeof(ix));
  if (!st && !seeded && left.n) {
    st = sp_eval(x, n->b, seed, graph, &right);
    st = st ? st : shared_keys(x, &left, &right, &ix);
    if (!st && ix.n_keys) {
      st = index_build(x, &right, &ix);
    }
  }
  for (size_t i = 0U; i < left.n && !st; ++i) {
    const MgdId* const ra   = tab_row(x, &left, i);
    bool               kept = false;
    if (seeded) {
      part.n = 0U;
      if ((st = sp_eval(x, n->b, ra, graph, &part))) {
        break;
      }
      for (size_t k = 0U; k < part.n && !st; ++k) {
        bool keep = true;
        if (n->expr) {
          st = filter_ok(x, n->expr, tab_row(x, &part, k), graph, &keep);
        }
        if (!st && keep) {
          kept = true;
          st   = sp_tab_push(x, out, tab_row(x, &part, k));
        }
      }
    } else {
      size_t k = ix.n_keys ? index_first(&ix, ra) : 0U;
      for (; k != SIZE_MAX && k < right.n && !st;
           k = ix.n_keys ? ix.next[k] : k + 1U) {
        const MgdId* const rb = tab_row(x, &right, k);
        if ((st = tick(x))) {
          break;
        }
        if (!compatible(x, ra, rb)) {
          continue;
        }
        memcpy(row, ra, x->W * sizeof(MgdId));
        merge_into(x, row, rb);
        bool keep = true;
        if (n->expr) {
          st = filter_ok(x, n->expr, row, graph, &keep);
        }
        if (!st && keep) {
          kept = true;
          st   = sp_tab_push(x, out, row);
        }
      }
    }
    if (!st && !kept) {
      st = sp_tab_push(x, out, ra);
    }
  }
  index_clear(&ix);
  sp_tab_free(x, &left);
  sp_tab_free(x, &right);
  sp_tab_free(x, &part);
  mgd_free(row);
  return st;
}

static MgdStatus
eval_minus(Ex* const x, const SpNode* const n, const MgdId* const seed,
           const MgdId graph, Tab* const out)
{
  Tab       left  = {NULL, 0U, 0U, NULL, NULL, false};
  Tab       right = {NULL, 0U, 0U, NULL, NULL, false};
  RowIndex  ix;
  memset(&ix, 0, sizeof(ix));
  MgdStatus st    = sp_eval(x, n->a, seed, graph, &left);
  if (!st && left.n) {
    st = sp_eval(x, n->b, NULL, graph, &right);
    st = st ? st : shared_keys(x, &left, &right, &ix);
    if (!st && ix.n_keys) {
      st = index_build(x, &right, &ix);
    }
  }
  for (size_t i = 0U; i < left.n && !st; ++i) {
    const MgdId* const ra      = tab_row(x, &left, i);
    bool               removed = false;
    size_t             k       = ix.n_keys ? index_first(&ix, ra) : 0U;
    for (; k != SIZE_MAX && k < right.n && !removed;
         k = ix.n_keys ? ix.next[k] : k + 1U) {
      const MgdId* const rb     = tab_row(x, &right, k);
      bool               shared = false;
      bool               compat = true;
      if ((st = tick(x))) {
        break;
      }
      for (uint32_t v = 0U; v < x->W && compat; ++v) {
        if (ra[v] && rb[v]) {
          shared = true;
          compat = ra[v] == rb[v];
        }
      }
      removed = shared && compat;
    }
    if (!st && !removed) {
      st = sp_tab_push(x, out, ra);
    }
  }
  index_clear(&ix);
  sp_tab_free(x, &left);
  sp_tab_free(x, &right);
  return st;
}

static bool
graph_is_named(const Ex* const x, const MgdId g)
{
  if (x->named_all) {
    return g != MGD_ID_DEFAULT_GRAPH && g != MGD_ID_NONE;
  }
  for (size_t i = 0U; i < x->n_named; ++i) {
    if (x->named[i] == g) {
      return true;
    }
  }
  return false;
}

/// The graph names GRAPH ?g ranges over.
MgdStatus
sp_named_graphs(Ex* const x, Pairs* const out)
{
  if (!x->named_all) {
    MgdStatus st = MGD_SUCCESS;
    for (size_t i = 0U; i < x->n_named && !st; ++i) {
      st = sp_pairs_push(x, out, x->named[i], x->named[i]);
    }
    return st;
  }
  MgdIter*  it = NULL;
  MgdStatus st = x->src->vt->graphs(x->src->handle, &it);
  if (st) {
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  MgdIdQuad q;
  while (!(st = x->src->vt->next(it, &q))) {
    if (q.g != MGD_ID_DEFAULT_GRAPH && (st = sp_pairs_push(x, out, q.g, q.g))) {
      break;
    }
  }
  x->src->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
eval_graph(Ex* const x, const SpNode* const n, const MgdId* const seed,
           Tab* const out)
{
  MgdId     g  = 0U;
  MgdStatus st = pos_id(x, &n->graph, seed, &g);
  if (st) {
    return st;
  }
  if (g) {
    if (!graph_is_named(x, g)) {
      return MGD_SUCCESS;
    }
    if (!n->graph.is_var) {
      return sp_eval(x, n->a, seed, g, out);
    }
  }
  Pairs graphs = {NULL, 0U, 0U};
  Tab   part   = {NULL, 0U, 0U, NULL, NULL, false};
  if (g) {
    st = sp_pairs_push(x, &graphs, g, g);
  } else {
    st = sp_named_graphs(x, &graphs);
  }
  for (size_t i = 0U; i < graphs.n && !st; ++i) {
    const MgdId gi = graphs.v[i * 2U];
    part.n         = 0U;
    if ((st = sp_eval(x, n->a, seed, gi, &part))) {
      break;
    }
    for (size_t k = 0U; k < part.n && !st; ++k) {
      MgdId* const row = tab_row(x, &part, k);
      if (row[n->graph.var] && row[n->graph.var] != gi) {
        continue;
      }
      row[n->graph.var] = gi;
      st                = sp_tab_push(x, out, row);
    }
  }
  sp_pairs_free(&graphs);
  sp_tab_free(x, &part);
  return st;
}

static MgdStatus
eval_extend(Ex* const x, const SpNode* const n, const MgdId* const seed,
            const MgdId graph, Tab* const out)
{
  Tab       in = {NULL, 0U, 0U, NULL, NULL, false};
  MgdStatus st = sp_eval(x, n->a, seed, graph, &in);
  // A constant needs one dictionary lookup, not one per row.
  MgdId const_val = MGD_ID_NONE;
  if (!st && in.n && n->expr->kind == SP_EX_TERM) {
    st = const_id(x, &n->expr->term, &const_val);
  }
  for (size_t i = 0U; i < in.n && !st && const_val; ++i) {
    MgdId* const row = tab_row(x, &in, i);
    if (row[n->var] && row[n->var] != const_val) {
      continue;
    }
    row[n->var] = const_val;
    st          = sp_tab_push(x, out, row);
  }
  for (size_t i = 0U; i < in.n && !st && !const_val; ++i) {
    MgdId* const row = tab_row(x, &in, i);
    MgdTerm      t;
    // BNODE(str) is per solution: chained Extends map rows one to one, so
    // the row index names the solution for all of them.
    x->row_serial = i;
    st = eval_expr(x, n->expr, row, graph, &t);
    if (st == MGD_FAILURE) {
      st = sp_tab_push(x, out, row);
      continue;
    }
    MgdId id = 0U;
    if (!st && !(st = sp_ex_intern(x, &t, &id))) {
      if (row[n->var] && row[n->var] != id) {
        continue;
      }
      row[n->var] = id;
      st          = sp_tab_push(x, out, row);
    }
    scratch_done(x);
  }
  sp_tab_free(x, &in);
  return st;
}

static MgdStatus
eval_values(Ex* const x, const SpNode* const n, const MgdId* const seed,
            Tab* const out)
{
  MgdId* const row = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  if (!row) {
    return MGD_BAD_ALLOC;
  }
  MgdStatus st = MGD_SUCCESS;
  for (uint32_t r = 0U; r < n->n_rows && !st; ++r) {
    if (seed) {
      memcpy(row, seed, x->W * sizeof(MgdId));
    } else {
      memset(row, 0, x->W * sizeof(MgdId));
    }
    bool ok = true;
    for (uint32_t k = 0U; k < n->n_vars && ok && !st; ++k) {
      const MgdTerm* const t = &n->cells[r * n->n_vars + k];
      if (t->kind == MGD_TERM_NONE) {
        continue;
      }
      MgdId id = 0U;
      if (!(st = const_id(x, t, &id))) {
        const SpVar v = n->vars[k];
        ok            = !row[v] || row[v] == id;
        row[v]        = id;
      }
    }
    if (!st && ok) {
      st = sp_tab_push(x, out, row);
    }
  }
  mgd_free(row);
  return st;
}

// ------------------------------------------------------------------ groups
//
// Grouping streams: the input is never materialised. Each group keeps one
// accumulator per aggregate (§18.5.1), updated row by row, so a facet count
// over the whole store needs memory per group, not per solution.

typedef struct {
  uint64_t   count;     ///< Values counted (COUNT, AVG)
  MgdTerm    acc;       ///< SUM/AVG running sum, MIN/MAX best, SAMPLE
  MgdBuf     store;     ///< Owns acc's strings
  MgdBuf     cat;       ///< GROUP_CONCAT text
  bool       have;      ///< acc holds a value
  bool       error;     ///< An error value was met (result is unbound)
  bool       has_seen;  ///< `seen` initialised
  MgdHashMap seen;      ///< DISTINCT *: rows already counted
  TripleSet  ids;       ///< DISTINCT expr: value ids already counted
  MgdDec     fsum;      ///< SUM/AVG of integers/decimals, exact
  bool       fast;      ///< acc lives in fsum (not materialised yet)
  bool       fdec;      ///< fsum has met a decimal
  MgdId      best;      ///< MIN/MAX/SAMPLE of a variable: the value's id
                        ///< (acc holds its term only when `have`)
  MgdId*     run;       ///< COUNT(DISTINCT var): ids so far, ascending
  size_t     n_run;     ///< Count
  size_t     c_run;     ///< Allocated
  bool       unsorted;  ///< They stopped ascending: `ids` holds them
} AggState;

typedef struct {
  const SpNode* n;        ///< GROUP node
  MgdId         graph;    ///< Active graph
  MgdHashMap    index;    ///< Key ids → group number
  MgdId*        keys;     ///< n_groups * n_keys key ids
  AggState*     states;   ///< n_groups * n_aggs accumulators
  size_t        n_groups; ///< Groups so far
  size_t        c_groups; ///< Allocated
  MgdId*        key;      ///< Scratch key
  size_t        last;     ///< Group of the previous row (n_groups: none)
} Grouper;

static MgdTerm
int_lit(Ex* const x, const uint64_t v)
{
  char buf[32];
  snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
  return mgd_term_literal(mgd_arena_str(&x->scratch, mgd_str(buf)),
                          mgd_str(MGD_XSD_INTEGER), mgd_str_n(NULL, 0U));
}

/// Keep a copy of `t` as the accumulator of `s`.
static MgdStatus
agg_keep(AggState* const s, const MgdTerm* const t)
{
  // Copy into a new buffer: `t` may borrow from the old accumulator.
  MgdBuf    fresh;
  MgdStatus st = MGD_SUCCESS;
  mgd_buf_init(&fresh);
  st = mgd_buf_append(&fresh, t->value.ptr, t->value.len);
  st = st ? st : mgd_buf_append(&fresh, t->datatype.ptr, t->datatype.len);
  st = st ? st : mgd_buf_append(&fresh, t->lang.ptr, t->lang.len);
  if (st) {
    mgd_buf_clear(&fresh);
    return st;
  }
  mgd_buf_clear(&s->store);
  s->store        = fresh;
  MgdBuf* const b = &s->store;
  s->acc.kind     = t->kind;
  s->acc.value    = mgd_str_n(b->data, t->value.len);
  s->acc.datatype = mgd_str_n(b->data + t->value.len, t->datatype.len);
  s->acc.lang     = mgd_str_n(b->data + t->value.len + t->datatype.len,
                              t->lang.len);
  s->have         = true;
  return MGD_SUCCESS;
}

/// Turn a running exact sum back into the accumulator term (the function
/// library's result for the same additions: integer or decimal, canonical).
static MgdStatus
agg_unfast(AggState* const s)
{
  if (!s->fast) {
    return MGD_SUCCESS;
  }
  char         buf[MGD_DEC_FMT_MAX];
  const size_t len = s->fdec ? mgd_dec_format(s->fsum, buf)
                             : mgd_dec_format_integer(s->fsum, buf);
  const MgdTerm t  = mgd_term_literal(
    mgd_str_n(buf, len), mgd_str(s->fdec ? MGD_XSD_DECIMAL : MGD_XSD_INTEGER),
    mgd_str_n(NULL, 0U));
  s->fast = false;
  return agg_keep(s, &t);
}

static bool id_order_cmp(MgdId a, MgdId b, int* c);

/// Materialise the accumulator of `s` from its id (MIN/MAX/SAMPLE).
static MgdStatus
agg_best_term(Ex* const x, AggState* const s)
{
  if (s->have || !s->best) {
    return MGD_SUCCESS;
  }
  MgdTerm         t;
  const MgdStatus st = sp_ex_term(x, s->best, &x->scratch, &t);
  return st ? st : agg_keep(s, &t);
}

/// Fold one row into the accumulator `s` of aggregate `a`.
static MgdStatus
agg_step(Ex* const x, const SpExpr* const a, AggState* const s,
         const MgdId* const row, const MgdId graph)
{
  MgdStatus st = MGD_SUCCESS;
  if (a->distinct && !s->has_seen) {
    mgd_hashmap_init(&s->seen);
    s->has_seen = true;
  }
  if (a->star) {
    bool added = true;
    if (a->distinct) {
      static const char empty_key = 0;
      st = sp_check_size(x, s->seen.n_used, x->W * sizeof(MgdId) + 48U);
      st = st      ? st
           : x->W ? mgd_hashmap_put(&s->seen, row, x->W * sizeof(MgdId), 1U,
                                    NULL, &added)
                  : mgd_hashmap_put(&s->seen, &empty_key, 1U, 1U, NULL, &added);
    }
    s->count += added ? 1U : 0U;
    return st;
  }
  const SpExpr* const arg    = a->args[0];
  const MgdId         arg_id = (arg->kind == SP_EX_VAR ||
                                arg->kind == SP_EX_AGG) &&
                                   arg->var != SP_NO_VAR
                                 ? row[arg->var]
                                 : MGD_ID_NONE;
  if (a->agg == SP_AGG_COUNT && arg_id) {
    // A plain variable: no term needed, DISTINCT on ids. While they come
    // in ascending order (a scan's), a new one is just larger than the
    // last: they are only kept, in case the order breaks, not hashed.
    bool        added = true;
    const MgdId k[3]  = {arg_id, 0U, 0U};
    if (a->distinct && !s->unsorted) {
      if (s->n_run && arg_id <= s->run[s->n_run - 1U]) {
        if (arg_id == s->run[s->n_run - 1U]) {
          return MGD_SUCCESS;
        }
        for (size_t i = 0U; i < s->n_run && !st; ++i) {
          const MgdId ki[3] = {s->run[i], 0U, 0U};
          st                = tset_add(x, &s->ids, ki, &added);
        }
        x->mem -= s->c_run * sizeof(MgdId);
        mgd_free(s->run);
        s->run      = NULL;
        s->n_run    = 0U;
        s->c_run    = 0U;
        s->unsorted = true;
        if (st) {
          return st;
        }
      } else {
        if (s->n_run == s->c_run) {
          const size_t cap = s->c_run ? 2U * s->c_run : 16U;
          st = sp_check_size(x, cap - s->c_run, sizeof(MgdId));
          MgdId* const v =
            st ? NULL : (MgdId*)mgd_realloc(s->run, cap * sizeof(MgdId));
          if (!v) {
            return st ? st : MGD_BAD_ALLOC;
          }
          x->mem += (cap - s->c_run) * sizeof(MgdId);
          s->run   = v;
          s->c_run = cap;
        }
        s->run[s->n_run++] = arg_id;
        ++s->count;
        return MGD_SUCCESS;
      }
    }
    if (a->distinct && (st = tset_add(x, &s->ids, k, &added))) {
      return st;
    }
    s->count += added ? 1U : 0U;
    return MGD_SUCCESS;
  }
  if ((a->agg == SP_AGG_SUM || a->agg == SP_AGG_AVG) && arg_id &&
      !a->distinct && !s->error && (!s->have || s->fast)) {
    // Integers and decimals add exactly on cached values; anything else
    // (or an overflow) goes through the function library below.
    MgdDec    d;
    const int k = id_num(x, arg_id, &d);
    MgdDec    sum;
    if (k >= NUM_INTEGER && (!s->have ? (sum = d, true)
                                      : !mgd_dec_add(s->fsum, d, &sum))) {
      int64_t i64 = 0;
      if (!s->fdec && k != NUM_DECIMAL && mgd_dec_to_i64(sum, &i64)) {
        s->error = true; // integer overflow, as in the function library
        return MGD_SUCCESS;
      }
      s->fsum = sum;
      s->fdec = s->fdec || k == NUM_DECIMAL;
      s->fast = true;
      s->have = true;
      ++s->count;
      return MGD_SUCCESS;
    }
  }
  if (a->agg == SP_AGG_SAMPLE && (s->have || s->best)) {
    return MGD_SUCCESS; // any value will do: the first
  }
  if (a->agg == SP_AGG_SAMPLE && arg_id) {
    s->best = arg_id;
    return MGD_SUCCESS;
  }
  if ((a->agg == SP_AGG_MIN || a->agg == SP_AGG_MAX) && arg_id &&
      !s->error) {
    // Ids first (as ORDER BY does): no term while they decide.
    int c = 0;
    if (!s->have && !s->best) {
      s->best = arg_id;
      return MGD_SUCCESS;
    }
    if (s->best && id_order_cmp(arg_id, s->best, &c)) {
      if (a->agg == SP_AGG_MIN ? c < 0 : c > 0) {
        s->best = arg_id;
        s->have = false;
      }
      return MGD_SUCCESS;
    }
    if ((st = agg_best_term(x, s))) {
      return st;
    }
  }
  if ((st = agg_unfast(s))) {
    return st;
  }
  MgdTerm v;
  st = eval_expr(x, arg, row, graph, &v);
  if (st == MGD_FAILURE) {
    // Errors: COUNT and SAMPLE skip them, the others become errors.
    if (a->agg != SP_AGG_COUNT && a->agg != SP_AGG_SAMPLE) {
      s->error = true;
    }
    return MGD_SUCCESS;
  }
  if (st || s->error) {
    return st;
  }
  if (a->distinct) {
    MgdId id    = arg_id;
    bool  added = false;
    if (!id && (st = sp_ex_intern(x, &v, &id))) {
      return st;
    }
    const MgdId k[3] = {id, 0U, 0U};
    if ((st = tset_add(x, &s->ids, k, &added))) {
      return st;
    }
    if (!added) {
      return MGD_SUCCESS;
    }
  }
  ++s->count;
  switch (a->agg) {
  case SP_AGG_COUNT:
    return MGD_SUCCESS;
  case SP_AGG_SUM:
  case SP_AGG_AVG: {
    MgdTerm pair[2] = {s->have ? s->acc : int_lit(x, 0U), v};
    MgdTerm sum;
    st = mgd_func_call(&x->fctx, MGD_FN_ADD, pair, 2U, &sum);
    if (st == MGD_FAILURE) {
      s->error = true;
      return MGD_SUCCESS;
    }
    return st ? st : agg_keep(s, &sum);
  }
  case SP_AGG_MIN:
  case SP_AGG_MAX: {
    if ((st = agg_best_term(x, s))) {
      return st;
    }
    const int c = s->have ? mgd_term_order_cmp(&v, &s->acc) : 0;
    if (!s->have || (a->agg == SP_AGG_MIN ? c < 0 : c > 0)) {
      s->best = arg_id; // 0 for an expression: compare terms
      return agg_keep(s, &v);
    }
    return MGD_SUCCESS;
  }
  case SP_AGG_SAMPLE:
    return s->have ? MGD_SUCCESS : agg_keep(s, &v);
  case SP_AGG_GROUP_CONCAT:
    if (v.kind != MGD_TERM_LITERAL) {
      s->error = true;
      return MGD_SUCCESS;
    }
    if (s->count > 1U) {
      st = mgd_buf_append(&s->cat, a->separator.ptr, a->separator.len);
    }
    st = st ? st : mgd_buf_append(&s->cat, v.value.ptr, v.value.len);
    return st ? st : sp_check_size(x, 1U, s->cat.len);
  case SP_AGG_CUSTOM:
    s->error = true;
    return MGD_SUCCESS;
  }
  return MGD_BAD_INTERNAL;
}

/// The value of aggregate `a` from its accumulator. MGD_FAILURE: error.
static MgdStatus
agg_final(Ex* const x, const SpExpr* const a, AggState* const s,
          MgdTerm* const out)
{
  if (s->error) {
    return MGD_FAILURE;
  }
  MgdStatus st = agg_unfast(s);
  if (st) {
    return st;
  }
  switch (a->agg) {
  case SP_AGG_COUNT:
    *out = int_lit(x, s->count);
    return MGD_SUCCESS;
  case SP_AGG_SUM:
    *out = s->have ? s->acc : int_lit(x, 0U);
    return MGD_SUCCESS;
  case SP_AGG_AVG: {
    if (!s->count) {
      *out = int_lit(x, 0U);
      return MGD_SUCCESS;
    }
    MgdTerm pair[2] = {s->have ? s->acc : int_lit(x, 0U),
                       int_lit(x, s->count)};
    return mgd_func_call(&x->fctx, MGD_FN_DIV, pair, 2U, out);
  }
  case SP_AGG_MIN:
  case SP_AGG_MAX:
  case SP_AGG_SAMPLE:
    if ((st = agg_best_term(x, s))) {
      return st;
    }
    if (!s->have) {
      return MGD_FAILURE;
    }
    *out = s->acc;
    return MGD_SUCCESS;
  case SP_AGG_GROUP_CONCAT: {
    // Always a simple literal (agg-groupconcat-04 of the W3C suite).
    const MgdStr text = mgd_arena_str(
      &x->scratch, mgd_str_n(s->cat.data ? s->cat.data : "", s->cat.len));
    if (!text.ptr) {
      return MGD_BAD_ALLOC;
    }
    *out = mgd_term_literal(text, mgd_str_n(NULL, 0U), mgd_str_n(NULL, 0U));
    return MGD_SUCCESS;
  }
  case SP_AGG_CUSTOM:
    return MGD_FAILURE;
  }
  return MGD_BAD_INTERNAL;
}

/// The group of the current key, created if new.
static MgdStatus
group_find(Ex* const x, Grouper* const g, size_t* const gi)
{
  const size_t nk = g->n->n_keys;
  const size_t na = g->n->n_aggs;
  // Rows of one group tend to arrive together (the join order follows the
  // grouped variable): try the previous row's group before hashing.
  if (g->last < g->n_groups) {
    const MgdId* const last = g->keys + g->last * nk;
    size_t             j    = 0U;
    while (j < nk && last[j] == g->key[j]) {
      ++j; // keys are short: no memcmp call per row
    }
    if (j == nk) {
      *gi = g->last;
      return MGD_SUCCESS;
    }
  }
  uint64_t     v  = g->n_groups;
  bool         added = false;
  static const char empty_key = 0;
  MgdStatus st = sp_check_size(x, g->n_groups + 1U,
                            nk * sizeof(MgdId) + na * sizeof(AggState) + 64U);
  st = st     ? st
       : nk  ? mgd_hashmap_put(&g->index, g->key, nk * sizeof(MgdId), v, &v,
                               &added)
             : mgd_hashmap_put(&g->index, &empty_key, 1U, v, &v, &added);
  if (st) {
    return st;
  }
  if (added) {
    if (g->n_groups == g->c_groups) {
      const size_t cap  = g->c_groups ? g->c_groups * 2U : 16U;
      MgdId* const keys =
        (MgdId*)mgd_realloc(g->keys, (cap * nk + 1U) * sizeof(MgdId));
      if (keys) {
        g->keys = keys;
      }
      AggState* const states =
        (AggState*)mgd_realloc(g->states, (cap * na + 1U) * sizeof(AggState));
      if (states) {
        g->states = states;
      }
      if (!keys || !states) {
        return MGD_BAD_ALLOC;
      }
      g->c_groups = cap;
    }
    memcpy(g->keys + g->n_groups * nk, g->key, nk * sizeof(MgdId));
    memset(g->states + g->n_groups * na, 0, na * sizeof(AggState));
    ++g->n_groups;
  }
  *gi     = (size_t)v;
  g->last = (size_t)v;
  return MGD_SUCCESS;
}

static MgdStatus
group_row(Ex* const x, void* const ctx, const MgdId* const row)
{
  Grouper* const g  = (Grouper*)ctx;
  const SpNode*  n  = g->n;
  MgdStatus      st = MGD_SUCCESS;
  for (uint32_t j = 0U; j < n->n_keys && !st; ++j) {
    g->key[j] = 0U;
    if (n->keys[j]->kind == SP_EX_VAR) {
      g->key[j] = row[n->keys[j]->var]; // the id is the key
      continue;
    }
    MgdTerm t;
    st = eval_expr(x, n->keys[j], row, g->graph, &t);
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS; // an error groups like unbound
    } else if (!st) {
      st = sp_ex_intern(x, &t, &g->key[j]);
    }
  }
  size_t gi = 0U;
  st        = st ? st : group_find(x, g, &gi);
  for (uint32_t j = 0U; j < n->n_aggs && !st; ++j) {
    st = agg_step(x, n->aggs[j], &g->states[gi * n->n_aggs + j], row,
                  g->graph);
  }
  scratch_done(x);
  return st;
}

static MgdStatus
eval_group(Ex* const x, const SpNode* const n, const MgdId graph,
           Tab* const out)
{
  Grouper g;
  memset(&g, 0, sizeof(g));
  g.n     = n;
  g.graph = graph;
  mgd_hashmap_init(&g.index);
  MgdId* const row = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  g.key            = (MgdId*)mgd_calloc(n->n_keys + 1U, sizeof(MgdId));
  MgdStatus st     = row && g.key ? MGD_SUCCESS : MGD_BAD_ALLOC;
  // COUNT(*) alone over a BGP: the rows only need counting.
  bool count_only = !n->n_keys && n->n_aggs && !x->naive;
  for (uint32_t j = 0U; j < n->n_aggs && count_only; ++j) {
    count_only = n->aggs[j]->agg == SP_AGG_COUNT && n->aggs[j]->star &&
                 !n->aggs[j]->distinct;
  }
  const SpNode* below = n->a;
  while (below->kind == SP_N_FILTER) {
    below = below->a;
  }
  count_only = count_only && below->kind == SP_N_BGP;
  if (!st && count_only) {
    Tab counter        = {NULL, 0U, 0U, NULL, NULL, false};
    counter.count_only = true;
    size_t gi          = 0U;
    st = sp_eval(x, n->a, NULL, graph, &counter);
    st = st ? st : group_find(x, &g, &gi);
    for (uint32_t j = 0U; j < n->n_aggs && !st; ++j) {
      g.states[gi * n->n_aggs + j].count = counter.n;
    }
  } else if (!st) {
    Tab sink = {NULL, 0U, 0U, group_row, &g, false};
    st       = sp_eval(x, n->a, NULL, graph, &sink);
  }
  if (!st && !g.n_groups && !n->n_keys) {
    size_t gi = 0U;
    st        = group_find(x, &g, &gi); // one empty group (§18.5.1)
  }
  for (size_t gi = 0U; gi < g.n_groups && !st; ++gi) {
    memset(row, 0, x->W * sizeof(MgdId));
    for (uint32_t j = 0U; j < n->n_keys; ++j) {
      if (n->vars[j] != SP_NO_VAR) {
        row[n->vars[j]] = g.keys[gi * n->n_keys + j];
      }
    }
    for (uint32_t j = 0U; j < n->n_aggs && !st; ++j) {
      MgdTerm t;
      st = agg_final(x, n->aggs[j], &g.states[gi * n->n_aggs + j], &t);
      if (st == MGD_FAILURE) {
        st = MGD_SUCCESS;
        continue;
      }
      if (!st) {
        st = sp_ex_intern(x, &t, &row[n->aggs[j]->var]);
      }
    }
    scratch_done(x);
    if (!st) {
      st = sp_tab_push(x, out, row);
    }
  }
  for (size_t i = 0U; i < g.n_groups * n->n_aggs; ++i) {
    mgd_buf_clear(&g.states[i].store);
    mgd_buf_clear(&g.states[i].cat);
    tset_free(&g.states[i].ids);
    x->mem -= g.states[i].c_run * sizeof(MgdId);
    mgd_free(g.states[i].run);
    if (g.states[i].has_seen) {
      mgd_hashmap_clear(&g.states[i].seen);
    }
  }
  mgd_hashmap_clear(&g.index);
  mgd_free(g.keys);
  mgd_free(g.states);
  mgd_free(g.key);
  mgd_free(row);
  return st;
}

// ------------------------------------------------------------------ order
//
// Sort keys that are plain variables are compared on their ids first
// (id_order_cmp): the kind order needs only the tag, and inline literals
// of one tag are ordered by value in their payload. Terms are compared
// (and, under a LIMIT, materialised) only when the ids do not decide.

/// ORDER BY rank of an id's kind (§15.1: unbound, blank, IRI, literal), or
/// -1 when the id does not say (engine-local terms).
static int
id_kind_rank(const MgdId id)
{
  if (!id) {
    return 0;
  }
  switch (mgd_id_tag(id)) {
  case MGD_TAG_BLANK:
    return 1;
  case MGD_TAG_IRI:
    return 2;
  case MGD_TAG_LITERAL:
  case MGD_TAG_INTEGER:
  case MGD_TAG_BOOLEAN:
  case MGD_TAG_SSTRING:
  case MGD_TAG_DECIMAL:
  case MGD_TAG_DATETIME:
  case MGD_TAG_DATE:
    return 3;
  case MGD_TAG_SPECIAL:
  case MGD_TAG_LOCAL:
    break;
  }
  return -1;
}


/// mgd_term_order_cmp of the terms of `a` and `b` when their ids decide it
/// (then true, with the result in *c): equal ids are identical terms;
/// kinds differ; or both are inline literals of one tag whose id order is
/// the value order (integers, decimals, booleans, short simple strings,
/// and dateTimes/dates with the same zone field, since an instant and a
/// zone give one canonical form).
static bool
id_order_cmp(const MgdId a, const MgdId b, int* const c)
{
  if (a == b) {
    *c = 0;
    return true;
  }
  const int ra = id_kind_rank(a);
  const int rb = id_kind_rank(b);
  if (ra < 0 || rb < 0) {
    return false;
  }
  if (ra != rb) {
    *c = ra < rb ? -1 : 1;
    return true;
  }
  const MgdIdTag tag = mgd_id_tag(a);
  if (tag != mgd_id_tag(b)) {
    return false;
  }
  switch (tag) {
  case MGD_TAG_DATETIME:
  case MGD_TAG_DATE:
    if ((a & ID_ZONE_MASK) != (b & ID_ZONE_MASK)) {
      return false;
    }
    *c = a < b ? -1 : 1;
    return true;
  case MGD_TAG_INTEGER:
  case MGD_TAG_BOOLEAN:
  case MGD_TAG_SSTRING:
  case MGD_TAG_DECIMAL:
    *c = a < b ? -1 : 1;
    return true;
  case MGD_TAG_SPECIAL:
  case MGD_TAG_IRI:
  case MGD_TAG_BLANK:
  case MGD_TAG_LITERAL:
  case MGD_TAG_LOCAL:
    break;
  }
  return false;
}

typedef struct {
  const SpNode* n;     ///< ORDER node
  MgdTerm*      keys;  ///< n_rows * n_conds
  MgdId*        kids;  ///< n_rows * n_conds: the id of a variable key, or 0
  const bool*   is_var; ///< Per condition: a plain variable
} OrderCtx;

static int
order_cmp(const OrderCtx* const c, const size_t a, const size_t b)
{
  const uint32_t k = c->n->n_conds;
  for (uint32_t i = 0U; i < k; ++i) {
    int r = 0;
    if (!c->is_var[i] ||
        !id_order_cmp(c->kids[a * k + i], c->kids[b * k + i], &r)) {
      r = mgd_term_order_cmp(&c->keys[a * k + i], &c->keys[b * k + i]);
    }
    if (r) {
      return c->n->conds[i].desc ? -r : r;
    }
  }
  return 0;
}

/// Per condition of ORDER node `n`: is it a plain variable?
static bool*
order_vars(Ex* const x, const SpNode* const n)
{
  bool* const v = (bool*)mgd_arena_calloc(&x->arena, n->n_conds + 1U,
                                          sizeof(bool));
  for (uint32_t i = 0U; v && i < n->n_conds; ++i) {
    v[i] = n->conds[i].expr->kind == SP_EX_VAR &&
           n->conds[i].expr->var != SP_NO_VAR;
  }
  return v;
}

static void
merge_sort(const OrderCtx* const c, size_t* const v, size_t* const tmp,
           const size_t n)
{
  if (n < 2U) {
    return;
  }
  const size_t h = n / 2U;
  merge_sort(c, v, tmp, h);
  merge_sort(c, v + h, tmp, n - h);
  size_t i = 0U;
  size_t j = h;
  size_t k = 0U;
  while (i < h && j < n) {
    tmp[k++] = order_cmp(c, v[j], v[i]) < 0 ? v[j++] : v[i++];
  }
  while (i < h) {
    tmp[k++] = v[i++];
  }
  while (j < n) {
    tmp[k++] = v[j++];
  }
  memcpy(v, tmp, n * sizeof(size_t));
}

/// ORDER BY under a LIMIT (top-k): keeps only the first k rows seen so far
/// in a max-heap; each kept row holds a copy of its sort key terms. Ties
/// keep arrival order, so the result equals the first k rows of the full
/// stable sort.
typedef struct {
  const SpNode* n;        ///< ORDER node
  MgdId         graph;    ///< Active graph
  size_t        k;        ///< Rows kept at most
  MgdId*        rows;     ///< k rows
  MgdTerm*      keys;     ///< k * n_conds key terms (views into bufs)
  MgdBuf*       bufs;     ///< Per slot: storage of its key terms
  uint64_t*     seq;      ///< Arrival number of each slot
  size_t*       heap;     ///< Slots, worst first
  size_t        count;    ///< Slots used
  uint64_t      arrivals; ///< Rows seen
  MgdTerm*      cand;     ///< Key terms of the incoming row
  MgdId*        kids;     ///< k * n_conds: ids of variable keys
  MgdId*        cand_id;  ///< Key ids of the incoming row
  bool*         cand_have; ///< Which of cand are materialised
  const bool*   is_var;   ///< Per condition: a plain variable
  const MgdId*  row;      ///< The incoming row
} TopK;

static int
topk_slot_cmp(const TopK* const t, const size_t a, const size_t b)
{
  const uint32_t nc = t->n->n_conds;
  for (uint32_t i = 0U; i < nc; ++i) {
    int c = 0;
    if (!t->is_var[i] ||
        !id_order_cmp(t->kids[a * nc + i], t->kids[b * nc + i], &c)) {
      c = mgd_term_order_cmp(&t->keys[a * nc + i], &t->keys[b * nc + i]);
    }
    if (c) {
      return t->n->conds[i].desc ? -c : c;
    }
  }
  return t->seq[a] < t->seq[b] ? -1 : (t->seq[a] > t->seq[b] ? 1 : 0);
}

/// Key `i` of the incoming row as a term (evaluated on first use).
static MgdStatus
topk_cand(Ex* const x, TopK* const t, const uint32_t i)
{
  if (t->cand_have[i]) {
    return MGD_SUCCESS;
  }
  MgdStatus st = MGD_SUCCESS;
  if (t->is_var[i]) {
    const MgdId id = t->cand_id[i];
    t->cand[i]     = mgd_term_none();
    st = id ? sp_ex_term(x, id, &x->scratch, &t->cand[i]) : MGD_SUCCESS;
  } else {
    st = eval_expr(x, t->n->conds[i].expr, t->row, t->graph, &t->cand[i]);
    if (st == MGD_FAILURE) {
      st         = MGD_SUCCESS;
      t->cand[i] = mgd_term_none(); // errors sort like unbound
    }
  }
  t->cand_have[i] = !st;
  return st;
}

/// Compare the incoming row (arrival `seq`) with `slot`.
static MgdStatus
topk_cand_cmp(Ex* const x, TopK* const t, const uint64_t seq,
              const size_t slot, int* const out)
{
  const uint32_t nc = t->n->n_conds;
  for (uint32_t i = 0U; i < nc; ++i) {
    int c = 0;
    if (!t->is_var[i] ||
        !id_order_cmp(t->cand_id[i], t->kids[slot * nc + i], &c)) {
      const MgdStatus st = topk_cand(x, t, i);
      if (st) {
        return st;
      }
      c = mgd_term_order_cmp(&t->cand[i], &t->keys[slot * nc + i]);
    }
    if (c) {
      *out = t->n->conds[i].desc ? -c : c;
      return MGD_SUCCESS;
    }
  }
  *out = seq < t->seq[slot] ? -1 : (seq > t->seq[slot] ? 1 : 0);
  return MGD_SUCCESS;
}

static void
topk_sift_down(TopK* const t, size_t i)
{
  for (;;) {
    const size_t l = 2U * i + 1U;
    const size_t r = l + 1U;
    size_t       m = i;
    if (l < t->count && topk_slot_cmp(t, t->heap[l], t->heap[m]) > 0) {
      m = l;
    }
    if (r < t->count && topk_slot_cmp(t, t->heap[r], t->heap[m]) > 0) {
      m = r;
    }
    if (m == i) {
      return;
    }
    const size_t tmp = t->heap[i];
    t->heap[i]       = t->heap[m];
    t->heap[m]       = tmp;
    i                = m;
  }
}

/// Copy the candidate's row and key terms into `slot`.
static MgdStatus
topk_store(Ex* const x, TopK* const t, const size_t slot,
           const MgdId* const row, const uint64_t seq)
{
  const uint32_t nc  = t->n->n_conds;
  MgdBuf* const  buf = &t->bufs[slot];
  MgdStatus      st  = MGD_SUCCESS;
  for (uint32_t i = 0U; i < nc && !st; ++i) {
    st = topk_cand(x, t, i); // a kept row has all its key terms
  }
  mgd_buf_reset(buf);
  for (uint32_t i = 0U; i < nc && !st; ++i) {
    const MgdTerm* c = &t->cand[i];
    st = mgd_buf_append(buf, c->value.ptr, c->value.len);
    st = st ? st : mgd_buf_append(buf, c->datatype.ptr, c->datatype.len);
    st = st ? st : mgd_buf_append(buf, c->lang.ptr, c->lang.len);
  }
  if (st) {
    return st;
  }
  size_t off = 0U;
  for (uint32_t i = 0U; i < nc; ++i) {
    const MgdTerm* c = &t->cand[i];
    MgdTerm*       k = &t->keys[slot * nc + i];
    k->kind          = c->kind;
    k->value         = mgd_str_n(buf->data + off, c->value.len);
    off += c->value.len;
    k->datatype = mgd_str_n(buf->data + off, c->datatype.len);
    off += c->datatype.len;
    k->lang = mgd_str_n(buf->data + off, c->lang.len);
    off += c->lang.len;
  }
  t->seq[slot] = seq;
  memcpy(t->kids + slot * nc, t->cand_id, nc * sizeof(MgdId));
  memcpy(t->rows + slot * x->W, row, x->W * sizeof(MgdId));
  return MGD_SUCCESS;
}

static MgdStatus
topk_row(Ex* const x, void* const ctx, const MgdId* const row)
{
  TopK* const    t  = (TopK*)ctx;
  const uint32_t nc = t->n->n_conds;
  MgdStatus      st = MGD_SUCCESS;
  t->row            = row;
  for (uint32_t i = 0U; i < nc; ++i) {
    t->cand_have[i] = false;
    t->cand_id[i]   = t->is_var[i] ? row[t->n->conds[i].expr->var] : 0U;
  }
  const uint64_t seq = t->arrivals++;
  if (!st && t->count < t->k) {
    const size_t slot = t->count;
    size_t       i    = t->count++;
    t->heap[i]        = slot;
    st                = topk_store(x, t, slot, row, seq);
    while (!st && i > 0U) {
      const size_t parent = (i - 1U) / 2U;
      if (topk_slot_cmp(t, t->heap[i], t->heap[parent]) <= 0) {
        break;
      }
      const size_t tmp = t->heap[i];
      t->heap[i]       = t->heap[parent];
      t->heap[parent]  = tmp;
      i                = parent;
    }
  } else if (!st) {
    const size_t slot = t->heap[0];
    int          c    = 0;
    st                = topk_cand_cmp(x, t, seq, slot, &c);
    if (!st && c < 0) {
      st = topk_store(x, t, slot, row, seq);
      topk_sift_down(t, 0U);
    }
  }
  scratch_done(x);
  return st;
}

static MgdStatus
eval_order_topk(Ex* const x, const SpNode* const n, const MgdId graph,
                Tab* const out, const size_t k)
{
  if (!k) {
    return MGD_SUCCESS; // LIMIT 0
  }
  TopK t;
  memset(&t, 0, sizeof(t));
  t.n     = n;
  t.graph = graph;
  t.k     = k;
  const uint32_t nc = n->n_conds;
  MgdStatus      st = sp_check_size(x, k, x->W * sizeof(MgdId) +
                                         nc * sizeof(MgdTerm) + 64U);
  if (!st) {
    t.rows = (MgdId*)mgd_calloc(k * x->W + 1U, sizeof(MgdId));
    t.keys = (MgdTerm*)mgd_calloc(k * nc + 1U, sizeof(MgdTerm));
    t.bufs = (MgdBuf*)mgd_calloc(k + 1U, sizeof(MgdBuf));
    t.seq  = (uint64_t*)mgd_calloc(k + 1U, sizeof(uint64_t));
    t.heap = (size_t*)mgd_calloc(k + 1U, sizeof(size_t));
    t.cand = (MgdTerm*)mgd_calloc(nc + 1U, sizeof(MgdTerm));
    t.kids = (MgdId*)mgd_calloc(k * nc + 1U, sizeof(MgdId));
    t.cand_id   = (MgdId*)mgd_calloc(nc + 1U, sizeof(MgdId));
    t.cand_have = (bool*)mgd_calloc(nc + 1U, sizeof(bool));
    t.is_var    = order_vars(x, n);
    st = t.rows && t.keys && t.bufs && t.seq && t.heap && t.cand && t.kids &&
             t.cand_id && t.cand_have && t.is_var
           ? MGD_SUCCESS
           : MGD_BAD_ALLOC;
  }
  if (!st) {
    Tab sink = {NULL, 0U, 0U, topk_row, &t, false};
    st       = sp_eval(x, n->a, NULL, graph, &sink);
  }
  // Pop the heap (worst first) into the output order, best first.
  const size_t  n_kept = t.count;
  size_t* const order  = st ? NULL : (size_t*)mgd_calloc(n_kept + 1U,
                                                         sizeof(size_t));
  if (!st && !order) {
    st = MGD_BAD_ALLOC;
  }
  for (size_t i = n_kept; !st && i-- > 0U;) {
    order[i]  = t.heap[0];
    t.heap[0] = t.heap[--t.count];
    topk_sift_down(&t, 0U);
  }
  for (size_t i = 0U; !st && i < n_kept; ++i) {
    st = sp_tab_push(x, out, t.rows + order[i] * x->W);
  }
  for (size_t i = 0U; t.bufs && i < k; ++i) {
    mgd_buf_clear(&t.bufs[i]);
  }
  mgd_free(t.bufs);
  mgd_free(order);
  mgd_free(t.rows);
  mgd_free(t.keys);
  mgd_free(t.seq);
  mgd_free(t.heap);
  mgd_free(t.cand);
  mgd_free(t.kids);
  mgd_free(t.cand_id);
  mgd_free(t.cand_have);
  return st;
}

static MgdStatus
eval_order(Ex* const x, const SpNode* const n, const MgdId graph,
           Tab* const out, const size_t want)
{
  if (want <= ((size_t)1 << 16)) {
    return eval_order_topk(x, n, graph, out, want);
  }
  Tab       in    = {NULL, 0U, 0U, NULL, NULL, false};
  MgdArena  keys_arena;
  mgd_arena_init(&keys_arena, 0U);
  size_t*   perm  = NULL;
  size_t*   tmp   = NULL;
  MgdStatus st    = sp_eval(x, n->a, NULL, graph, &in);
  if (st) {
    goto done;
  }
  OrderCtx c = {n, NULL, NULL, order_vars(x, n)};
  c.keys     = (MgdTerm*)mgd_arena_calloc(&keys_arena, in.n * n->n_conds + 1U,
                                          sizeof(MgdTerm));
  c.kids     = (MgdId*)mgd_arena_calloc(&keys_arena, in.n * n->n_conds + 1U,
                                        sizeof(MgdId));
  perm       = (size_t*)mgd_calloc(in.n + 1U, sizeof(size_t));
  tmp        = (size_t*)mgd_calloc(in.n + 1U, sizeof(size_t));
  if (!c.keys || !c.kids || !c.is_var || !perm || !tmp) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  for (size_t i = 0U; i < in.n && !st; ++i) {
    perm[i] = i;
    for (uint32_t k = 0U; k < n->n_conds && !st; ++k) {
      if (c.is_var[k]) {
        c.kids[i * n->n_conds + k] =
          tab_row(x, &in, i)[n->conds[k].expr->var];
      }
      MgdTerm t;
      st = eval_expr(x, n->conds[k].expr, tab_row(x, &in, i), graph, &t);
      if (st == MGD_FAILURE) {
        st = MGD_SUCCESS;
        t  = mgd_term_none();
      }
      if (!st) {
        t.value    = mgd_arena_str(&keys_arena, t.value);
        t.datatype = mgd_arena_str(&keys_arena, t.datatype);
        t.lang     = mgd_arena_str(&keys_arena, t.lang);
        if (!t.value.ptr || !t.datatype.ptr || !t.lang.ptr) {
          st = MGD_BAD_ALLOC;
        }
        c.keys[i * n->n_conds + k] = t;
      }
    }
    scratch_done(x);
  }
  if (!st) {
    merge_sort(&c, perm, tmp, in.n);
  }
  for (size_t i = 0U; i < in.n && !st; ++i) {
    st = sp_tab_push(x, out, tab_row(x, &in, perm[i]));
  }
done:
  sp_tab_free(x, &in);
  mgd_arena_clear(&keys_arena);
  mgd_free(perm);
  mgd_free(tmp);
  return st;
}

// ------------------------------------------------------------------ modifiers

/// Project rows as they arrive (a sub-SELECT over a large pattern is not
/// materialised first).
typedef struct {
  const SpNode* n;    ///< PROJECT node
  const MgdId*  seed; ///< Bindings the rows must agree with, or NULL
  Tab*          out;  ///< Where projected rows go
  MgdId*        row;  ///< Scratch
} ProjectSink;

static MgdStatus
project_row(Ex* const x, void* const ctx, const MgdId* const r)
{
  ProjectSink* const p   = (ProjectSink*)ctx;
  MgdId* const       row = p->row;
  memset(row, 0, x->W * sizeof(MgdId));
  for (uint32_t k = 0U; k < p->n->n_vars; ++k) {
    row[p->n->vars[k]] = r[p->n->vars[k]];
  }
  if (p->seed) {
    if (!compatible(x, row, p->seed)) {
      return MGD_SUCCESS;
    }
    merge_into(x, row, p->seed);
  }
  return sp_tab_push(x, p->out, row);
}

static MgdStatus
eval_project(Ex* const x, const SpNode* const n, const MgdId* const seed,
             const MgdId graph, Tab* const out)
{
  ProjectSink p = {n, seed, out, NULL};
  p.row         = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  Tab       in  = {NULL, 0U, 0U, project_row, &p, false};
  MgdStatus st  = p.row ? sp_eval(x, n->a, NULL, graph, &in) : MGD_BAD_ALLOC;
  mgd_free(p.row);
  return st;
}

// DISTINCT's rows seen. Scans return rows in index order, so while the
// rows (as id arrays, compared left to right) keep ascending, a new row
// differs from all before it unless it equals the last one: they are only
// appended to a plain array. The first row that does not ascend moves
// them into a hash set, which decides from then on. (DISTINCT ?s over
// every statement of 10M: 1.9M subjects, no hashing.)
typedef struct {
  MgdHashMap map;    ///< Rows seen, once `hashed`
  bool       hashed; ///< The order broke: `map` decides
  MgdId*     run;    ///< Rows so far, ascending (n_run * W ids)
  size_t     n_run;  ///< Rows
  size_t     c_run;  ///< Allocated rows
  size_t     bytes;  ///< Memory counted in Ex.mem
} RowSet;

static void
rowset_init(RowSet* const r)
{
  memset(r, 0, sizeof(*r));
  mgd_hashmap_init(&r->map);
}

static void
rowset_clear(Ex* const x, RowSet* const r)
{
  mgd_hashmap_clear(&r->map);
  mgd_free(r->run);
  x->mem -= r->bytes;
  memset(r, 0, sizeof(*r));
}

/// Hash one row into the set (its key is the row's ids).
static MgdStatus
rowset_put(Ex* const x, RowSet* const r, const MgdId* const row,
           bool* const added)
{
  static const char empty_key = 0;
  MgdStatus st = sp_check_size(x, r->map.n_used, x->W * sizeof(MgdId) + 48U);
  return st      ? st
         : x->W ? mgd_hashmap_put(&r->map, row, x->W * sizeof(MgdId), 1U,
                                  NULL, added)
                : mgd_hashmap_put(&r->map, &empty_key, 1U, 1U, NULL, added);
}

/// Add `row`; *added false if it was seen before.
static MgdStatus
rowset_add(Ex* const x, RowSet* const r, const MgdId* const row,
           bool* const added)
{
  const size_t W = x->W;
  *added         = true;
  if (r->hashed) {
    return rowset_put(x, r, row, added);
  }
  int c = 1;
  if (r->n_run) {
    const MgdId* const last = r->run + (r->n_run - 1U) * W;
    c                       = 0;
    for (size_t i = 0U; i < W && !c; ++i) {
      c = row[i] < last[i] ? -1 : row[i] > last[i] ? 1 : 0;
    }
    if (!c) {
      *added = false;
      return MGD_SUCCESS;
    }
  }
  if (c < 0 || !W) {
    // Out of order: hash what came before, then this row.
    bool      in = false;
    MgdStatus st = MGD_SUCCESS;
    for (size_t i = 0U; i < r->n_run && !st; ++i) {
      st = rowset_put(x, r, r->run + i * W, &in);
    }
    mgd_free(r->run);
    x->mem -= r->bytes;
    r->run    = NULL;
    r->n_run  = 0U;
    r->c_run  = 0U;
    r->bytes  = 0U;
    r->hashed = true;
    return st ? st : rowset_put(x, r, row, added);
  }
  if (r->n_run == r->c_run) {
    const size_t cap = r->c_run ? 2U * r->c_run : 64U;
    MgdStatus    st  = sp_check_size(x, cap - r->c_run, W * sizeof(MgdId));
    MgdId* const v =
      st ? NULL : (MgdId*)mgd_realloc(r->run, cap * W * sizeof(MgdId));
    if (!v) {
      return st ? st : MGD_BAD_ALLOC;
    }
    x->mem += (cap - r->c_run) * W * sizeof(MgdId);
    r->bytes += (cap - r->c_run) * W * sizeof(MgdId);
    r->run   = v;
    r->c_run = cap;
  }
  memcpy(r->run + r->n_run * W, row, W * sizeof(MgdId));
  ++r->n_run;
  return MGD_SUCCESS;
}

/// A Distinct inside the pattern: rows are deduplicated as they arrive and
/// only the distinct ones are kept.
typedef struct {
  Tab*   out;  ///< Where distinct rows go
  RowSet seen; ///< Rows seen
} DistinctSink;

static MgdStatus
distinct_row(Ex* const x, void* const ctx, const MgdId* const r)
{
  DistinctSink* const d     = (DistinctSink*)ctx;
  bool                added = false;
  const MgdStatus     st    = rowset_add(x, &d->seen, r, &added);
  return st || !added ? st : sp_tab_push(x, d->out, r);
}

static MgdStatus
eval_distinct(Ex* const x, const SpNode* const n, const MgdId* const seed,
              const MgdId graph, Tab* const out)
{
  DistinctSink d;
  d.out = out;
  rowset_init(&d.seen);
  Tab             in = {NULL, 0U, 0U, distinct_row, &d, false};
  const MgdStatus st = sp_eval(x, n->a, seed, graph, &in);
  rowset_clear(x, &d.seen);
  return st;
}

static MgdStatus
eval_slice(Ex* const x, const SpNode* const n, const MgdId* const seed,
           const MgdId graph, Tab* const out)
{
  Tab       in = {NULL, 0U, 0U, NULL, NULL, false};
  MgdStatus st = sp_eval(x, n->a, seed, graph, &in);
  for (size_t i = 0U; i < in.n && !st; ++i) {
    if (i < n->offset) {
      continue;
    }
    if (i - n->offset >= n->limit) {
      break;
    }
    st = sp_tab_push(x, out, tab_row(x, &in, i));
  }
  sp_tab_free(x, &in);
  return st;
}

typedef struct {
  Ex*          x;      ///< Evaluator
  const MgdId* seed;   ///< Bindings the solutions must agree with
  Tab*         out;    ///< Where they go
  MgdId*       row;    ///< Scratch row
  uint64_t     scope;  ///< Blank node scope of this call
} ServiceCtx;

/// One remote solution: variables by name, terms interned (remote blank
/// nodes never unify with local ones), merged with the seed.
static MgdStatus
service_solution(void* const handle, const MgdStr* const vars,
                 const MgdTerm* const terms, const size_t n)
{
  ServiceCtx* const c = (ServiceCtx*)handle;
  Ex* const         x = c->x;
  MgdStatus         st = MGD_SUCCESS;
  memset(c->row, 0, x->W * sizeof(MgdId));
  for (size_t i = 0U; i < n && !st; ++i) {
    if (terms[i].kind == MGD_TERM_NONE) {
      continue;
    }
    SpVar v = SP_NO_VAR;
    for (uint32_t k = 0U; k < x->W && v == SP_NO_VAR; ++k) {
      if (mgd_str_eq(x->q->var_names[k], vars[i])) {
        v = k;
      }
    }
    if (v == SP_NO_VAR) {
      continue; // a variable this query does not use
    }
    MgdTerm t = terms[i];
    char    label[64];
    if (t.kind == MGD_TERM_BLANK) {
      const int len = snprintf(label, sizeof(label), "svc%llu_%.*s",
                               (unsigned long long)c->scope,
                               (int)(t.value.len > 40U ? 40U : t.value.len),
                               t.value.ptr);
      t.value = mgd_str_n(label, (size_t)len);
    }
    st = sp_ex_intern(x, &t, &c->row[v]);
  }
  if (!st && c->seed) {
    if (!compatible(x, c->row, c->seed)) {
      return MGD_SUCCESS;
    }
    merge_into(x, c->row, c->seed);
  }
  return st ? st : sp_tab_push(x, c->out, c->row);
}

/// SERVICE (SPARQL 1.1 Federated Query) through the caller's callback.
static MgdStatus
eval_service(Ex* const x, const SpNode* const n, const MgdId* const seed,
             Tab* const out)
{
  // SILENT failures are not errors: report nothing then.
  const MgdDiagSink* const diag = n->silent ? NULL : x->diag;
  MgdStatus                st   = MGD_SUCCESS;
  MgdTerm                  endpoint;
  MgdId     id = 0U;
  if ((st = pos_id(x, &n->graph, seed, &id))) {
    return st;
  }
  MgdId* const row = (MgdId*)mgd_calloc(x->W + 1U, sizeof(MgdId));
  if (!row) {
    return MGD_BAD_ALLOC;
  }
  Tab got = {NULL, 0U, 0U, NULL, NULL, false};
  if (!x->service) {
    st = mgd_diag(diag, MGD_BAD_UNSUPPORTED, MGD_LEVEL_ERROR, NULL, 0U,
                  0U, NULL, "SERVICE not enabled");
  } else if (!id) {
    st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                  "SERVICE endpoint variable is unbound");
  } else if (!(st = sp_ex_term(x, id, &x->scratch, &endpoint)) &&
             endpoint.kind != MGD_TERM_IRI) {
    st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                  "SERVICE endpoint is not an IRI");
  } else if (!st) {
    ServiceCtx c = {x, seed, &got, row, ++x->n_service};
    st = x->service(x->service_handle, endpoint.value, n->text, diag,
                    service_solution, &c);
  }
  if (st > MGD_FAILURE && n->silent && st != MGD_BAD_ALLOC &&
      st != MGD_BAD_TIMEOUT) {
    // SILENT: a failed request gives one solution that binds nothing.
    sp_tab_free(x, &got);
    memset(row, 0, x->W * sizeof(MgdId));
    if (seed) {
      memcpy(row, seed, x->W * sizeof(MgdId));
    }
    st = sp_tab_push(x, &got, row);
  }
  for (size_t i = 0U; i < got.n && !st; ++i) {
    st = sp_tab_push(x, out, tab_row(x, &got, i));
  }
  sp_tab_free(x, &got);
  mgd_free(row);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

#define FILTER_MAX 32U

static uint32_t
n_conjuncts(const SpExpr* const e)
{
  if (e->kind != SP_EX_AND) {
    return 1U;
  }
  const uint32_t a = n_conjuncts(e->args[0]);
  const uint32_t b = n_conjuncts(e->args[1]);
  return a + b > FILTER_MAX ? FILTER_MAX + 1U : a + b;
}

static void
split_conjuncts(const SpExpr* const e, const SpExpr** const out,
                uint32_t* const n)
{
  if (e->kind == SP_EX_AND) {
    split_conjuncts(e->args[0], out, n);
    split_conjuncts(e->args[1], out, n);
  } else {
    out[(*n)++] = e;
  }
}

/// Append the operands of the conjunction `e` to `out` if they fit, else
/// `e` itself (the caller leaves room for one).
static void
add_conjuncts(const SpExpr* const e, const SpExpr** const out,
              uint32_t* const n)
{
  if (*n + n_conjuncts(e) <= FILTER_MAX) {
    split_conjuncts(e, out, n);
  } else {
    out[(*n)++] = e;
  }
}

static MgdStatus
eval_filter(Ex* const x, const SpNode* const n, const MgdId* const seed,
            const MgdId graph, Tab* const out, const size_t want)
{
  // FILTERs right above a BGP run inside it, as soon as they can. A
  // conjunction keeps a row only if every operand is true (an error in
  // either drops it too), so its operands are tested separately, each at
  // the level where its own variables are bound.
  const SpExpr* exprs[FILTER_MAX];
  uint32_t      n_exprs = 0U;
  const SpNode* inner   = n;
  while (inner->kind == SP_N_FILTER && n_exprs < FILTER_MAX / 2U) {
    add_conjuncts(inner->expr, exprs, &n_exprs);
    inner = inner->a;
  }
  if (inner->kind == SP_N_BGP && !x->naive) {
    return eval_bgp(x, inner, seed, graph, out, exprs, n_exprs, want);
  }
  Tab       in   = {NULL, 0U, 0U, NULL, NULL, false};
  size_t    made = 0U;
  MgdStatus st   = sp_eval(x, n->a, seed, graph, &in);
  for (size_t i = 0U; i < in.n && !st && made < want; ++i) {
    bool keep = false;
    st        = filter_ok(x, n->expr, tab_row(x, &in, i), graph, &keep);
    if (!st && keep) {
      st = sp_tab_push(x, out, tab_row(x, &in, i));
      ++made;
    }
  }
  sp_tab_free(x, &in);
  return st;
}

MgdStatus
sp_eval(Ex* const x, const SpNode* const n, const MgdId* const seed,
     const MgdId graph, Tab* const out)
{
  // `want` is a hint from a LIMIT above: producing more is allowed, fewer
  // (when more exist) is not. Only operators that keep every row they get
  // pass it on.
  const size_t want = x->naive ? SIZE_MAX : x->want;
  x->want           = SIZE_MAX;
  MgdStatus st      = MGD_SUCCESS;
  switch (n->kind) {
  case SP_N_BGP:
    return eval_bgp(x, n, seed, graph, out, NULL, 0U, want);
  case SP_N_PATH:
    return eval_pathnode(x, n, seed, graph, out);
  case SP_N_JOIN:
    return eval_join(x, n, seed, graph, out, want);
  case SP_N_LEFTJOIN:
    return eval_leftjoin(x, n, seed, graph, out, want);
  case SP_N_FILTER:
    return eval_filter(x, n, seed, graph, out, want);
  case SP_N_UNION: {
    const size_t start = out->n;
    x->want            = want;
    st                 = sp_eval(x, n->a, seed, graph, out);
    if (!st && out->n - start < want) {
      x->want = want == SIZE_MAX ? want : want - (out->n - start);
      st      = sp_eval(x, n->b, seed, graph, out);
    }
    return st;
  }
  case SP_N_MINUS:
    return eval_minus(x, n, seed, graph, out);
  case SP_N_GRAPH:
    return eval_graph(x, n, seed, out);
  case SP_N_EXTEND:
    x->want = seed ? SIZE_MAX : want;
    return eval_extend(x, n, seed, graph, out);
  case SP_N_VALUES:
    return eval_values(x, n, seed, out);
  case SP_N_GROUP:
    return eval_group(x, n, graph, out);
  case SP_N_ORDER:
    return eval_order(x, n, graph, out, want);
  case SP_N_PROJECT:
    x->want = seed ? SIZE_MAX : want;
    return eval_project(x, n, seed, graph, out);
  case SP_N_DISTINCT:
  case SP_N_REDUCED:
    return eval_distinct(x, n, seed, graph, out);
  case SP_N_SLICE:
    x->want = n->limit == UINT64_MAX || n->offset > SIZE_MAX - n->limit
                ? SIZE_MAX
                : (size_t)(n->offset + n->limit);
    return eval_slice(x, n, seed, graph, out);
  case SP_N_SERVICE:
    return eval_service(x, n, seed, out);
  }
  return MGD_BAD_INTERNAL;
}

// ------------------------------------------------------------------ runs

static MgdStatus
resolve_graphs(Ex* const x, const MgdTerm* const terms, const size_t n,
               MgdId** const ids)
{
  *ids = (MgdId*)mgd_arena_calloc(&x->arena, n + 1U, sizeof(MgdId));
  if (!*ids) {
    return MGD_BAD_ALLOC;
  }
  for (size_t i = 0U; i < n; ++i) {
    if (terms[i].kind == MGD_TERM_NONE) {
      (*ids)[i] = MGD_ID_DEFAULT_GRAPH;
      continue;
    }
    const MgdStatus st = sp_ex_intern(x, &terms[i], &(*ids)[i]);
    if (st) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

MgdStatus
sp_ex_init(Ex* const x, const MgdSparqlQuery* const q,
        const MgdSparqlExecOptions* const o)
{
  memset(x, 0, sizeof(*x));
  if (!o || !o->source || !q) {
    return MGD_BAD_ARG;
  }
  const MgdLimits lim = o->limits ? *o->limits : mgd_limits_default();
  x->q         = q;
  x->src       = o->source;
  x->W         = q->n_vars;
  x->diag      = o->diag;
  x->deadline  = o->deadline_ms;
  x->cancelled     = o->cancelled ? o->cancelled : tl_cancelled;
  x->cancel_handle = o->cancelled ? o->cancel_handle : tl_cancel_handle;
  x->mem_limit = lim.max_query_memory ? lim.max_query_memory : SIZE_MAX;
  x->max_rows  = lim.max_result_rows;
  x->naive     = o->naive;
  x->service        = o->service;
  x->service_handle = o->service_handle;
  mgd_arena_init(&x->arena, 0U);
  mgd_arena_init(&x->scratch, 0U);
  mgd_hashmap_init(&x->local_ids);
  mgd_hashmap_init(&x->pos_ids);
  mgd_hashmap_init(&x->bnode_map);
  mgd_hashmap_init(&x->plans);
  mgd_hashmap_init(&x->hpats);
  x->hash_after = o->hash_after;
  x->want       = SIZE_MAX;
  x->fctx.arena = &x->scratch;
  x->fctx.base  = q->base;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  x->fctx.now_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
  MgdStatus st   = MGD_SUCCESS;
  if (o->dataset) {
    // SPARQL 1.1 Protocol §2.1.4: a dataset given with the request wins
    // over FROM / FROM NAMED in the query.
    x->n_dflt  = o->dataset->n_default_graphs;
    x->n_named = o->dataset->n_named_graphs;
    st = resolve_graphs(x, o->dataset->default_graphs, x->n_dflt, &x->dflt);
    st = st ? st : resolve_graphs(x, o->dataset->named_graphs, x->n_named,
                                  &x->named);
  } else if (q->n_from || q->n_from_named) {
    x->n_dflt  = q->n_from;
    x->n_named = q->n_from_named;
    st = resolve_graphs(x, q->from, q->n_from, &x->dflt);
    st = st ? st : resolve_graphs(x, q->from_named, q->n_from_named, &x->named);
  } else {
    x->dflt_all  = true;
    x->named_all = true;
    // Duplicates across graphs are possible only if a named graph exists.
    MgdIter* it = NULL;
    st          = x->src->vt->graphs(x->src->handle, &it);
    if (!st) {
      MgdIdQuad quad;
      while (!(st = x->src->vt->next(it, &quad))) {
        if (quad.g != MGD_ID_DEFAULT_GRAPH) {
          x->dedup_all = true;
          break;
        }
      }
      x->src->vt->iter_free(it);
    }
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  return st;
}

void
sp_ex_clear(Ex* const x)
{
  mgd_func_ctx_clear(&x->fctx);
  mgd_arena_clear(&x->arena);
  mgd_arena_clear(&x->scratch);
  mgd_hashmap_clear(&x->local_ids);
  mgd_hashmap_clear(&x->pos_ids);
  mgd_hashmap_clear(&x->bnode_map);
  mgd_hashmap_clear(&x->plans);
  mgd_hashmap_clear(&x->hpats);
  while (x->hpats_list) {
    HashPat* const hp = x->hpats_list;
    x->hpats_list     = hp->next_hp;
    hp_free_arrays(x, hp);
    mgd_free(hp);
  }
  mgd_free(x->tcache);
  x->tcache = NULL;
}

static MgdStatus
ex_run(Ex* const x, Tab* const out)
{
  return sp_eval(x, x->q->root, NULL, MGD_ID_NONE, out);
}

/// The top of a query runs as a stream: the solution modifiers that work
/// row by row (Extend, Project, Distinct/Reduced, Slice) are applied in the
/// sink of the operator below them, so results reach the caller while the
/// pattern is still being evaluated, and LIMIT stops the evaluation.
typedef struct Stream Stream;
struct Stream {
  const SpNode* chain[64]; ///< Streamed operators, outermost first
  uint32_t      n_chain;   ///< Count
  const SpNode* below;     ///< What is evaluated into the stream
  RowSet        distinct;  ///< Rows seen by Distinct/Reduced
  uint64_t      n_in;      ///< Rows that reached the Slice
  uint64_t      n_out;     ///< Rows handed to emit
  uint64_t      serial;    ///< Row counter (BNODE per solution)
  MgdId*        tmp;       ///< Row being transformed
  MgdStatus (*emit)(Ex* x, Stream* s, const MgdId* row); ///< Final step
  MgdSparqlRowFunc on_row; ///< SELECT callback
  void*            handle; ///< Its handle
  MgdId*           ids;    ///< Output ids
  MgdTerm*         terms;  ///< Output terms
  void*            extra;  ///< Emit-specific state
  MgdStatus        user;   ///< Status returned by the caller's callback
};

static void
stream_plan(Stream* const s, const SpNode* root)
{
  // One Distinct/Reduced and one Slice at most: the stream has one set of
  // rows seen and one row counter (a sub-SELECT with DISTINCT or LIMIT
  // under another is evaluated below it; with both streamed, the outer
  // Distinct found every row already seen and the Slices counted each
  // row twice).
  bool distinct = false;
  bool slice    = false;
  s->n_chain    = 0U;
  while (s->n_chain < 64U &&
         (root->kind == SP_N_SLICE || root->kind == SP_N_DISTINCT ||
          root->kind == SP_N_REDUCED || root->kind == SP_N_PROJECT ||
          root->kind == SP_N_EXTEND)) {
    if (root->kind == SP_N_DISTINCT || root->kind == SP_N_REDUCED) {
      if (distinct) {
        break;
      }
      distinct = true;
    }
    if (root->kind == SP_N_SLICE) {
      if (slice) {
        break;
      }
      slice = true;
    }
    s->chain[s->n_chain++] = root;
    root                   = root->a;
  }
  s->below = root;
}

/// LIMIT hint for the operator below the stream.
static size_t
stream_want(const Stream* const s)
{
  // The Slice counts the rows that reach it: those from below unless a
  // Distinct between them drops duplicates (SELECT DISTINCT ... LIMIT 3
  // needs 3 distinct rows, not 3 rows). A Distinct above the Slice does
  // not matter.
  for (uint32_t i = 0U; i < s->n_chain; ++i) {
    const SpNode* const n = s->chain[i];
    if (n->kind != SP_N_SLICE) {
      continue;
    }
    for (uint32_t j = i + 1U; j < s->n_chain; ++j) {
      if (s->chain[j]->kind == SP_N_DISTINCT ||
          s->chain[j]->kind == SP_N_REDUCED) {
        return SIZE_MAX;
      }
    }
    return n->limit == UINT64_MAX || n->offset > SIZE_MAX - n->limit
             ? SIZE_MAX
             : (size_t)(n->offset + n->limit);
  }
  return SIZE_MAX;
}

static MgdStatus
stream_row(Ex* const x, void* const ctx, const MgdId* const row)
{
  Stream* const s  = (Stream*)ctx;
  MgdStatus     st = MGD_SUCCESS;
  memcpy(s->tmp, row, x->W * sizeof(MgdId));
  const uint64_t serial = s->serial++;
  for (uint32_t i = s->n_chain; i-- > 0U && !st;) {
    const SpNode* const n = s->chain[i];
    switch (n->kind) {
    case SP_N_EXTEND: {
      MgdTerm t;
      x->row_serial = serial;
      st            = eval_expr(x, n->expr, s->tmp, MGD_ID_NONE, &t);
      if (st == MGD_FAILURE) {
        st = MGD_SUCCESS; // error: the variable stays unbound
        break;
      }
      MgdId id = 0U;
      if (!st && !(st = sp_ex_intern(x, &t, &id))) {
        if (s->tmp[n->var] && s->tmp[n->var] != id) {
          return MGD_SUCCESS;
        }
        s->tmp[n->var] = id;
      }
      break;
    }
    case SP_N_PROJECT: {
      MgdId* const keep = s->tmp + x->W;
      memset(keep, 0, x->W * sizeof(MgdId));
      for (uint32_t k = 0U; k < n->n_vars; ++k) {
        keep[n->vars[k]] = s->tmp[n->vars[k]];
      }
      memcpy(s->tmp, keep, x->W * sizeof(MgdId));
      break;
    }
    case SP_N_DISTINCT:
    case SP_N_REDUCED: {
      bool added = false;
      st         = rowset_add(x, &s->distinct, s->tmp, &added);
      if (!st && !added) {
        return MGD_SUCCESS;
      }
      break;
    }
    case SP_N_SLICE: {
      const uint64_t at = s->n_in++;
      if (at < n->offset) {
        return MGD_SUCCESS;
      }
      if (at - n->offset >= n->limit) {
        return MGD_FAILURE; // enough: stop
      }
      break;
    }
    case SP_N_BGP:
    case SP_N_PATH:
    case SP_N_JOIN:
    case SP_N_LEFTJOIN:
    case SP_N_FILTER:
    case SP_N_UNION:
    case SP_N_MINUS:
    case SP_N_GRAPH:
    case SP_N_VALUES:
    case SP_N_GROUP:
    case SP_N_ORDER:
    case SP_N_SERVICE:
      return MGD_BAD_INTERNAL;
    }
  }
  if (st) {
    return st;
  }
  if (x->max_rows && s->n_out >= x->max_rows) {
    return mgd_diag(x->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "more than %llu result rows (limit max_result_rows)",
                    (unsigned long long)x->max_rows);
  }
  ++s->n_out;
  st = s->emit(x, s, s->tmp);
  if (!st) {
    // Stop as soon as the Slice is full rather than at the next row.
    for (uint32_t i = 0U; i < s->n_chain; ++i) {
      const SpNode* const n = s->chain[i];
      if (n->kind == SP_N_SLICE && n->limit != UINT64_MAX &&
          s->n_in >= n->offset + n->limit) {
        return MGD_FAILURE;
      }
      if (n->kind != SP_N_SLICE) {
        break; // a Slice below a Distinct counts distinct rows only
      }
    }
  }
  if (!x->nest) {
    mgd_arena_reset(&x->scratch);
  }
  return st;
}

/// SELECT DISTINCT over one BGP: rows that differ only in variables the
/// projection drops are duplicates, so the BGP may stop at the first match
/// of its trailing patterns that bind only such variables (a semi-join;
/// see eval_bgp). Sets x->semi_node and x->semi_live when that holds.
static MgdStatus
semi_plan(Ex* const x, const Stream* const s)
{
  uint32_t i = 0U;
  while (i < s->n_chain && s->chain[i]->kind == SP_N_SLICE) {
    ++i; // a Slice above the Distinct counts distinct rows: fine
  }
  if (i == s->n_chain || (s->chain[i]->kind != SP_N_DISTINCT &&
                          s->chain[i]->kind != SP_N_REDUCED)) {
    return MGD_SUCCESS;
  }
  const SpNode* proj = NULL;
  for (uint32_t j = i + 1U; j < s->n_chain; ++j) {
    if (s->chain[j]->kind == SP_N_PROJECT) {
      proj = s->chain[j];
    } else if (s->chain[j]->kind != SP_N_EXTEND) {
      return MGD_SUCCESS; // a Slice below the Distinct counts duplicates
    }
  }
  const SpNode* bgp = s->below;
  while (bgp->kind == SP_N_FILTER) {
    bgp = bgp->a;
  }
  if (!proj || bgp->kind != SP_N_BGP || x->naive) {
    return MGD_SUCCESS;
  }
  uint8_t* const live = (uint8_t*)mgd_arena_calloc(&x->arena, x->W + 1U, 1U);
  if (!live) {
    return MGD_BAD_ALLOC;
  }
  for (uint32_t k = 0U; k < proj->n_vars; ++k) {
    live[proj->vars[k]] = 1U;
  }
  for (uint32_t j = i + 1U; j < s->n_chain; ++j) {
    if (s->chain[j]->kind == SP_N_EXTEND) {
      expr_var_mask(s->chain[j]->expr, live);
      if (!sp_expr_vars_within(s->chain[j]->expr, NULL)) {
        return MGD_SUCCESS; // EXISTS, BNODE(), RAND(): per row
      }
    }
  }
  x->semi_node = bgp;
  x->semi_live = live;
  return MGD_SUCCESS;
}

/// Run the query, handing each final row to `emit`.
static MgdStatus
stream_run(Ex* const x, Stream* const s)
{
  stream_plan(s, x->q->root);
  rowset_init(&s->distinct);
  s->tmp       = (MgdId*)mgd_calloc(2U * x->W + 1U, sizeof(MgdId));
  MgdStatus st = s->tmp ? MGD_SUCCESS : MGD_BAD_ALLOC;
  if (!st) {
    st = semi_plan(x, s);
  }
  if (!st) {
    Tab t   = {NULL, 0U, 0U, stream_row, s, false};
    x->want = stream_want(s);
    st      = sp_eval(x, s->below, NULL, MGD_ID_NONE, &t);
    if (st == MGD_FAILURE) {
      st = s->user; // stopped by LIMIT (SUCCESS) or by the caller
    }
  }
  mgd_free(s->tmp);
  rowset_clear(x, &s->distinct);
  return st;
}

static MgdStatus
emit_select(Ex* const x, Stream* const s, const MgdId* const row)
{
  const MgdSparqlQuery* const q  = x->q;
  MgdStatus                   st = MGD_SUCCESS;
  for (uint32_t k = 0U; k < q->n_proj && !st; ++k) {
    s->ids[k]   = row[q->proj[k]];
    s->terms[k] = mgd_term_none();
    if (s->ids[k]) {
      st = sp_ex_term(x, s->ids[k], &x->scratch, &s->terms[k]);
    }
  }
  if (!st) {
    st = s->on_row(s->handle, s->ids, s->terms, q->n_proj);
    if (st == MGD_FAILURE) {
      s->user = MGD_SUCCESS; // the caller had enough
    }
  }
  return st;
}

MgdStatus
mgd_sparql_select(const MgdSparqlQuery* const       q,
                  const MgdSparqlExecOptions* const o,
                  const MgdSparqlRowFunc on_row, void* const handle)
{
  if (!q || q->form != MGD_SPARQL_SELECT || !on_row) {
    return MGD_BAD_ARG;
  }
  Ex      x;
  Stream* s    = (Stream*)mgd_calloc(1U, sizeof(Stream));
  MgdStatus st = s ? sp_ex_init(&x, q, o) : MGD_BAD_ALLOC;
  x.cache_terms = true; // queries never write to their source
  if (!st) {
    s->emit   = emit_select;
    s->on_row = on_row;
    s->handle = handle;
    s->ids    = (MgdId*)mgd_calloc(q->n_proj + 1U, sizeof(MgdId));
    s->terms  = (MgdTerm*)mgd_calloc(q->n_proj + 1U, sizeof(MgdTerm));
    st        = s->ids && s->terms ? stream_run(&x, s) : MGD_BAD_ALLOC;
  }
  if (s) {
    mgd_free(s->ids);
    mgd_free(s->terms);
    sp_ex_clear(&x);
  }
  mgd_free(s);
  return st;
}

static MgdStatus
emit_ask(Ex* const x, Stream* const s, const MgdId* const row)
{
  (void)x;
  (void)row;
  *(bool*)s->extra = true;
  return MGD_FAILURE; // one solution answers the question
}

MgdStatus
mgd_sparql_ask(const MgdSparqlQuery* const q, const MgdSparqlExecOptions* const o,
               bool* const answer)
{
  if (!q || q->form != MGD_SPARQL_ASK || !answer) {
    return MGD_BAD_ARG;
  }
  *answer      = false;
  Ex        x;
  Stream*   s  = (Stream*)mgd_calloc(1U, sizeof(Stream));
  MgdStatus st = s ? sp_ex_init(&x, q, o) : MGD_BAD_ALLOC;
  x.cache_terms = true; // queries never write to their source
  if (!st) {
    s->emit  = emit_ask;
    s->extra = answer;
    st       = stream_run(&x, s);
  }
  if (s) {
    sp_ex_clear(&x);
  }
  mgd_free(s);
  return st;
}

typedef struct {
  const MgdSink* sink;  ///< Output
  MgdHashMap     seen;  ///< Triples sent
} Emit;

#define EMIT_DEDUP_MAX ((size_t)4 << 20)

static MgdStatus
emit_triple(Emit* const e, const MgdTerm* const s, const MgdTerm* const p,
            const MgdTerm* const o)
{
  if ((s->kind != MGD_TERM_IRI && s->kind != MGD_TERM_BLANK) ||
      p->kind != MGD_TERM_IRI || o->kind == MGD_TERM_NONE) {
    return MGD_SUCCESS;
  }
  // The result is a set of triples: remember a 128-bit hash of each one
  // sent. Past EMIT_DEDUP_MAX triples, stop remembering (a serialisation
  // may then repeat a triple, which leaves the graph the same).
  MgdQuad quad = {*s, *p, *o, mgd_term_none()};
  MgdBuf  key;
  mgd_buf_init(&key);
  MgdStatus            st    = MGD_SUCCESS;
  bool                 added = true;
  const MgdTerm* const parts[3] = {s, p, o};
  for (int i = 0; i < 3 && !st; ++i) {
    // kind, then the three strings NUL-separated: unambiguous, no escaping
    const MgdStr dt = mgd_term_datatype(parts[i]);
    st = mgd_buf_putc(&key, (char)('0' + parts[i]->kind));
    st = st ? st : mgd_buf_append(&key, parts[i]->value.ptr,
                                  parts[i]->value.len);
    st = st ? st : mgd_buf_putc(&key, '\0');
    st = st ? st : mgd_buf_append(&key, dt.ptr, dt.len);
    st = st ? st : mgd_buf_putc(&key, '\0');
    st = st ? st : mgd_buf_append(&key, parts[i]->lang.ptr,
                                  parts[i]->lang.len);
    st = st ? st : mgd_buf_putc(&key, '\0');
  }
  if (!st && e->seen.n_used < EMIT_DEDUP_MAX) {
    uint64_t hash[2];
    mgd_hash128(key.data, key.len, hash);
    st = mgd_hashmap_put(&e->seen, hash, sizeof(hash), 1U, NULL, &added);
  }
  mgd_buf_clear(&key);
  if (!st && added) {
    st = mgd_sink_quad(e->sink, &quad);
  }
  return st;
}

static MgdStatus
tmpl_term(Ex* const x, const SpPos* const pos, const MgdId* const row,
          const size_t serial, MgdTerm* const out)
{
  if (pos->is_var) {
    if (!row[pos->var]) {
      *out = mgd_term_none();
      return MGD_SUCCESS;
    }
    return sp_ex_term(x, row[pos->var], &x->scratch, out);
  }
  if (pos->term.kind == MGD_TERM_BLANK) {
    char buf[48];
    const int len = snprintf(buf, sizeof(buf), "c%zu_", serial);
    MgdBuf    b;
    mgd_buf_init(&b);
    MgdStatus st = mgd_buf_append(&b, buf, (size_t)len);
    st = st ? st : mgd_buf_append(&b, pos->term.value.ptr, pos->term.value.len);
    for (size_t i = 0U; !st && i < b.len; ++i) {
      if (b.data[i] == '#') {
        b.data[i] = 'x';
      }
    }
    const MgdStr label = st ? mgd_str_n(NULL, 0U)
                            : mgd_arena_str(&x->scratch, mgd_buf_str(&b));
    mgd_buf_clear(&b);
    if (!label.ptr) {
      return MGD_BAD_ALLOC;
    }
    *out = mgd_term_blank(label);
    return MGD_SUCCESS;
  }
  *out = pos->term;
  return MGD_SUCCESS;
}

typedef struct {
  Emit*   e;      ///< Output
  Pairs*  todo;   ///< Blank nodes still to describe
} DescCtx;

static MgdStatus
describe_hit(Ex* const x, const MgdIdQuad* const q, void* const ctx)
{
  DescCtx* const c = (DescCtx*)ctx;
  MgdTerm        s, p, o;
  MgdStatus      st = sp_ex_term(x, q->s, &x->scratch, &s);
  st                = st ? st : sp_ex_term(x, q->p, &x->scratch, &p);
  st                = st ? st : sp_ex_term(x, q->o, &x->scratch, &o);
  if (!st && o.kind == MGD_TERM_BLANK) {
    st = sp_pairs_push(x, c->todo, q->o, q->o);
  }
  return st ? st : emit_triple(c->e, &s, &p, &o);
}

static MgdStatus
describe(Ex* const x, const Tab* const t, Emit* const e)
{
  const MgdSparqlQuery* const q    = x->q;
  Pairs                       todo = {NULL, 0U, 0U};
  NodeSet                     done;
  mgd_hashmap_init(&done.set);
  MgdStatus st = MGD_SUCCESS;
  for (uint32_t k = 0U; k < q->n_describe && !st; ++k) {
    const SpPos* const pos = &q->describe[k];
    if (!pos->is_var) {
      MgdId id = 0U;
      if (!(st = const_id(x, &pos->term, &id))) {
        st = sp_pairs_push(x, &todo, id, id);
      }
      continue;
    }
    for (size_t i = 0U; i < t->n && !st; ++i) {
      const MgdId id = tab_row(x, t, i)[pos->var];
      if (id) {
        st = sp_pairs_push(x, &todo, id, id);
      }
    }
  }
  for (size_t i = 0U; i < todo.n && !st; ++i) {
    const MgdId id    = todo.v[i * 2U];
    bool        added = false;
    if ((st = node_add(&done, id, &added)) || !added) {
      continue;
    }
    DescCtx c = {e, &todo};
    st        = sp_scan(x, id, 0U, 0U, MGD_ID_NONE, describe_hit, &c);
  }
  sp_pairs_free(&todo);
  mgd_hashmap_clear(&done.set);
  return st;
}

static MgdStatus
emit_construct(Ex* const x, Stream* const s, const MgdId* const row)
{
  Emit* const                 e  = (Emit*)s->extra;
  const MgdSparqlQuery* const q  = x->q;
  MgdStatus                   st = MGD_SUCCESS;
  for (uint32_t k = 0U; k < q->n_tmpl && !st; ++k) {
    const SpTriple* const tp = &q->tmpl[k];
    MgdTerm               ts, tpr, to;
    st = tmpl_term(x, &tp->s, row, (size_t)s->n_out, &ts);
    st = st ? st : tmpl_term(x, &tp->p, row, (size_t)s->n_out, &tpr);
    st = st ? st : tmpl_term(x, &tp->o, row, (size_t)s->n_out, &to);
    st = st ? st : emit_triple(e, &ts, &tpr, &to);
  }
  return st;
}

MgdStatus
mgd_sparql_construct(const MgdSparqlQuery* const       q,
                     const MgdSparqlExecOptions* const o,
                     const MgdSink* const              sink)
{
  if (!q || !sink ||
      (q->form != MGD_SPARQL_CONSTRUCT && q->form != MGD_SPARQL_DESCRIBE)) {
    return MGD_BAD_ARG;
  }
  Ex        x;
  Tab       t = {NULL, 0U, 0U, NULL, NULL, false};
  Emit      e;
  Stream*   s  = NULL;
  e.sink       = sink;
  mgd_hashmap_init(&e.seen);
  MgdStatus st = sp_ex_init(&x, q, o);
  x.cache_terms = true; // queries never write to their source
  if (!st && q->form == MGD_SPARQL_DESCRIBE) {
    st = ex_run(&x, &t);
    st = st ? st : describe(&x, &t, &e);
  } else if (!st) {
    s  = (Stream*)mgd_calloc(1U, sizeof(Stream));
    st = s ? MGD_SUCCESS : MGD_BAD_ALLOC;
    if (!st) {
      s->emit  = emit_construct;
      s->extra = &e;
      st       = stream_run(&x, s);
    }
  }
  if (!st) {
    st = mgd_sink_end(sink);
  }
  mgd_free(s);
  mgd_hashmap_clear(&e.seen);
  sp_tab_free(&x, &t);
  sp_ex_clear(&x);
  return st;
}
