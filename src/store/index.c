// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The six quad indexes: choosing one for a pattern, scanning it, and keeping
// all six in step on add and remove.

#include "store_impl.h"

#include "base/alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>

const IndexDef mgd_index_defs[N_INDEXES] = {
  {"SPOG", {0U, 1U, 2U, 3U}}, {"POSG", {1U, 2U, 0U, 3U}},
  {"OSPG", {2U, 0U, 1U, 3U}}, {"GSPO", {3U, 0U, 1U, 2U}},
  {"GPOS", {3U, 1U, 2U, 0U}}, {"GOSP", {3U, 2U, 0U, 1U}},
};

enum { VALUE_BYTES = 24 };

static MgdId
quad_at(const MgdIdQuad* const q, const unsigned pos)
{
  switch (pos) {
  case 0U: return q->s;
  case 1U: return q->p;
  case 2U: return q->o;
  default: return q->g;
  }
}

static void
quad_set(MgdIdQuad* const q, const unsigned pos, const MgdId id)
{
  switch (pos) {
  case 0U: q->s = id; break;
  case 1U: q->p = id; break;
  case 2U: q->o = id; break;
  default: q->g = id; break;
  }
}

/// Length of the bound prefix of `pattern` in index `i`'s order.
static unsigned
index_prefix(const unsigned i, const MgdIdQuad* const pattern)
{
  unsigned k = 0U;
  while (k < 4U && quad_at(pattern, mgd_index_defs[i].order[k])) {
    ++k;
  }
  return k;
}

/// The index whose order puts the most bound positions first.
static unsigned
index_pick(const MgdIdQuad* const pattern, unsigned* const prefix)
{
  unsigned best   = 0U;
  unsigned best_k = index_prefix(0U, pattern);
  for (unsigned i = 1U; i < N_INDEXES; ++i) {
    const unsigned k = index_prefix(i, pattern);
    if (k > best_k) {
      best   = i;
      best_k = k;
    }
  }
  *prefix = best_k;
  return best;
}

/// Encode `q` for index `i`: 8-byte key and 24-byte value.
static void
index_encode(const unsigned i, const MgdIdQuad* const q, uint8_t key[8],
             uint8_t value[VALUE_BYTES])
{
  const uint8_t* const order = mgd_index_defs[i].order;
  mgd_be64_put(key, quad_at(q, order[0]));
  for (unsigned j = 1U; j < 4U; ++j) {
    mgd_be64_put(value + 8U * (j - 1U), quad_at(q, order[j]));
  }
}

struct MgdIterImpl {
  MgdTxn*        txn;        ///< Transaction read
  MDB_cursor*    cur;        ///< Cursor on the chosen index
  unsigned       index;      ///< Chosen index
  unsigned       k;          ///< Bound prefix length
  MgdIdQuad      pattern;    ///< Pattern (for the positions after k)
  uint8_t        key[8];     ///< Current key bytes
  uint8_t        prefix[VALUE_BYTES]; ///< Bound value prefix
  size_t         n_prefix;   ///< Bytes of prefix used
  const uint8_t* batch;      ///< Current page of values
  size_t         n_batch;    ///< Values in batch
  size_t         pos;        ///< Next value in batch
  uint8_t        single[VALUE_BYTES]; ///< Copy of a lone value
  bool           started;    ///< Positioned
  bool           done;       ///< Exhausted
  bool           graphs;     ///< Listing distinct graph keys
};

// Load the duplicates page at the cursor; a key with one value is not a
// duplicate page in LMDB, so GET_MULTIPLE leaves data unset: read it alone.
static int
iter_load_page(MgdIter* const it, const MDB_cursor_op op)
{
  MDB_val key = {0U, NULL};
  MDB_val val = {0U, NULL};
  int     rc  = mdb_cursor_get(it->cur, &key, &val, op);
  if (rc) {
    return rc;
  }
  if (!val.mv_data) {
    if (op == MDB_NEXT_MULTIPLE) {
      return MDB_NOTFOUND;
    }
    rc = mdb_cursor_get(it->cur, &key, &val, MDB_GET_CURRENT);
    if (rc) {
      return rc;
    }
    memcpy(it->single, val.mv_data, VALUE_BYTES);
    it->batch   = it->single;
    it->n_batch = 1U;
  } else {
    it->batch   = (const uint8_t*)val.mv_data;
    it->n_batch = val.mv_size / VALUE_BYTES;
  }
  it->pos = 0U;
  return 0;
}

static int
iter_current_key(MgdIter* const it)
{
  MDB_val   key = {0U, NULL};
  MDB_val   val = {0U, NULL};
  const int rc  = mdb_cursor_get(it->cur, &key, &val, MDB_GET_CURRENT);
  if (!rc) {
    memcpy(it->key, key.mv_data, 8U);
  }
  return rc;
}

static int
iter_start(MgdIter* const it)
{
  it->started = true;
  MDB_val key = {8U, it->key};
  MDB_val val = {0U, NULL};
  int     rc  = 0;
  if (it->k == 0U) {
    rc = mdb_cursor_get(it->cur, &key, &val, MDB_FIRST);
    if (!rc) {
      rc = iter_current_key(it);
    }
  } else if (it->n_prefix) {
    uint8_t seek[VALUE_BYTES] = {0};
    memcpy(seek, it->prefix, it->n_prefix);
    val.mv_size = VALUE_BYTES;
    val.mv_data = seek;
    rc          = mdb_cursor_get(it->cur, &key, &val, MDB_GET_BOTH_RANGE);
  } else {
    rc = mdb_cursor_get(it->cur, &key, &val, MDB_SET);
  }
  if (rc) {
    return rc;
  }
  return it->graphs ? 0 : iter_load_page(it, MDB_GET_MULTIPLE);
}

static MgdStatus
iter_next(MgdIter* const it, MgdIdQuad* const out)
{
  if (it->done) {
    return MGD_FAILURE;
  }
  const IndexDef* const def = &mgd_index_defs[it->index];
  int                   rc  = 0;
  if (!it->started) {
    rc = iter_start(it);
    if (it->graphs && !rc) {
      const MgdIdQuad g = {0U, 0U, 0U, mgd_be64_get(it->key)};
      *out              = g;
      if (g.g != MGD_ID_DEFAULT_GRAPH) {
        return MGD_SUCCESS;
      }
    }
  }
  while (!rc) {
    if (it->graphs) {
      MDB_val key = {0U, NULL};
      MDB_val val = {0U, NULL};
      rc = mdb_cursor_get(it->cur, &key, &val, MDB_NEXT_NODUP);
      if (!rc) {
        const MgdIdQuad g = {0U, 0U, 0U, mgd_be64_get((const uint8_t*)key.mv_data)};
        *out              = g;
        return MGD_SUCCESS;
      }
      break;
    }
    while (it->pos < it->n_batch) {
      const uint8_t* const v = it->batch + VALUE_BYTES * it->pos++;
      if (it->n_prefix) {
        const int c = memcmp(v, it->prefix, it->n_prefix);
        if (c < 0) {
          continue; // GET_MULTIPLE returns the whole page from its start
        }
        if (c > 0) {
          it->done = true;
          return MGD_FAILURE;
        }
      }
      MgdIdQuad q = {0U, 0U, 0U, 0U};
      quad_set(&q, def->order[0], mgd_be64_get(it->key));
      for (unsigned j = 1U; j < 4U; ++j) {
        quad_set(&q, def->order[j], mgd_be64_get(v + 8U * (j - 1U)));
      }
      if ((it->pattern.s && it->pattern.s != q.s) ||
          (it->pattern.p && it->pattern.p != q.p) ||
          (it->pattern.o && it->pattern.o != q.o) ||
          (it->pattern.g && it->pattern.g != q.g)) {
        continue;
      }
      *out = q;
      return MGD_SUCCESS;
    }
    rc = iter_load_page(it, MDB_NEXT_MULTIPLE);
    if (rc == MDB_NOTFOUND && it->k == 0U) {
      MDB_val key = {0U, NULL};
      MDB_val val = {0U, NULL};
      rc = mdb_cursor_get(it->cur, &key, &val, MDB_NEXT_NODUP);
      if (!rc) {
        memcpy(it->key, key.mv_data, 8U);
        rc = iter_load_page(it, MDB_GET_MULTIPLE);
      }
    }
  }
  it->done = true;
  return rc == MDB_NOTFOUND ? MGD_FAILURE : mgd_store_status(rc);
}

static void
iter_free(MgdIter* const it)
{
  if (it) {
    mdb_cursor_close(it->cur);
    mgd_free(it);
  }
}

static MgdStatus
iter_open(MgdTxn* const txn, const unsigned index, MgdIter** const out)
{
  MgdIter* const it = (MgdIter*)mgd_calloc(1U, sizeof(MgdIter));
  if (!it) {
    return MGD_BAD_ALLOC;
  }
  const int rc = mdb_cursor_open(txn->txn, txn->store->index[index], &it->cur);
  if (rc) {
    mgd_free(it);
    return mgd_store_status(rc);
  }
  it->txn   = txn;
  it->index = index;
  *out      = it;
  return MGD_SUCCESS;
}

static MgdStatus
bulk_flush_run(MgdTxn* txn, uint64_t* n_added);

// A write txn's reads see its own writes: quads still queued for the bulk
// path are written first.
static MgdStatus
txn_sync(MgdTxn* const txn)
{
  if (!txn->write || !txn->n_bulk) {
    return txn->poisoned;
  }
  uint64_t        added = 0U;
  const MgdStatus st    = bulk_flush_run(txn, &added);
  txn->bulk_added += added;
  return st;
}

static MgdStatus
txn_match(void* const handle, const MgdIdQuad* const pattern,
          MgdIter** const iter)
{
  MgdTxn* const txn = (MgdTxn*)handle;
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  unsigned      k   = 0U;
  const unsigned i  = index_pick(pattern, &k);
  MgdIter*      it  = NULL;
  const MgdStatus st = iter_open(txn, i, &it);
  if (st) {
    return st;
  }
  it->k       = k;
  it->pattern = *pattern;
  uint8_t value[VALUE_BYTES];
  index_encode(i, pattern, it->key, value);
  it->n_prefix = k > 1U ? 8U * (k - 1U) : 0U;
  memcpy(it->prefix, value, it->n_prefix);
  *iter = it;
  return MGD_SUCCESS;
}

static MgdStatus
txn_graphs(void* const handle, MgdIter** const iter)
{
  MgdTxn* const   txn = (MgdTxn*)handle;
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  const MgdStatus st  = iter_open(txn, 3U, iter); // GSPO: keys are graphs
  if (!st) {
    (*iter)->graphs = true;
  }
  return st;
}

static MgdStatus
txn_estimate(void* const handle, const MgdIdQuad* const pattern,
             uint64_t* const count)
{
  MgdTxn* const  txn = (MgdTxn*)handle;
  unsigned       k   = 0U;
  const unsigned i   = index_pick(pattern, &k);
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  if (k == 0U) {
    MDB_stat  ms;
    const int rc = mdb_stat(txn->txn, txn->store->index[0], &ms);
    *count       = rc ? 0U : ms.ms_entries;
    return mgd_store_status(rc);
  }
  // (?, rdf:type, C) in all graphs: the class statistics count it exactly,
  // where a scan would stop at its cap and guess (read txns only: a write
  // txn applies its statistics at commit).
  if (!txn->write && !pattern->s && !pattern->g && pattern->o && txn->rdf_type &&
      pattern->p == txn->rdf_type) {
    uint8_t key[9];
    key[0] = (uint8_t)'c';
    mgd_be64_put(key + 1, pattern->o);
    MDB_val   k2 = {sizeof(key), key};
    MDB_val   v2 = {0U, NULL};
    const int rc = mdb_get(txn->txn, txn->store->stats, &k2, &v2);
    if (!rc && v2.mv_size == 8U) {
      *count = mgd_be64_get((const uint8_t*)v2.mv_data);
      return MGD_SUCCESS;
    }
    if (rc == MDB_NOTFOUND) {
      *count = 0U;
      return MGD_SUCCESS;
    }
  }
  MgdIter*  it = NULL;
  MgdStatus st = iter_open(txn, i, &it);
  if (st) {
    return st;
  }
  uint8_t value[VALUE_BYTES];
  index_encode(i, pattern, it->key, value);
  MDB_val key = {8U, it->key};
  MDB_val val = {0U, NULL};
  int     rc  = mdb_cursor_get(it->cur, &key, &val, MDB_SET);
  size_t  n   = 0U;
  if (!rc) {
    rc = mdb_cursor_count(it->cur, &n);
  }
  if (rc == MDB_NOTFOUND) {
    *count = 0U;
    iter_free(it);
    return MGD_SUCCESS;
  }
  if (rc) {
    iter_free(it);
    return mgd_store_status(rc);
  }
  if (k == 1U || n <= 1U) {
    *count = n;
    iter_free(it);
    return MGD_SUCCESS;
  }
  // More than the key is bound: count the matching duplicates, up to a cap,
  // then extrapolate so a huge key costs bounded work.
  iter_free(it);
  enum { CAP = 2048 };
  MgdIter* scan = NULL;
  if ((st = txn_match(handle, pattern, &scan))) {
    return st;
  }
  MgdIdQuad q;
  uint64_t  m = 0U;
  while (m < CAP && !(st = iter_next(scan, &q))) {
    ++m;
  }
  iter_free(scan);
  if (st > MGD_FAILURE) {
    return st;
  }
  *count = m < CAP ? m : CAP + (n - CAP) / 4U;
  return MGD_SUCCESS;
}

static MgdStatus
txn_lookup(void* const handle, const MgdTerm* const term, MgdId* const id)
{
  MgdTxn* const txn = (MgdTxn*)handle;
  if (term->kind == MGD_TERM_NONE) {
    *id = MGD_ID_DEFAULT_GRAPH;
    return MGD_SUCCESS;
  }
  if (mgd_id_inline(term, id)) {
    return MGD_SUCCESS;
  }
  if (term->kind == MGD_TERM_BLANK) {
    // Labels the store hands out are "b<payload>": they name stored nodes.
    if (term->value.len < 2U || term->value.ptr[0] != 'b') {
      return MGD_FAILURE;
    }
    uint64_t v = 0U;
    for (size_t i = 1U; i < term->value.len; ++i) {
      const char c = term->value.ptr[i];
      if (c < '0' || c > '9' || v > (MGD_ID_PAYLOAD_MASK - 9U) / 10U) {
        return MGD_FAILURE;
      }
      v = v * 10U + (uint64_t)(c - '0');
    }
    *id = mgd_id_make(MGD_TAG_BLANK, v);
    return MGD_SUCCESS;
  }
  return mgd_dict_lookup(txn, term, id);
}

static MgdStatus
txn_term(void* const handle, const MgdId id, MgdArena* const arena,
         MgdTerm* const term)
{
  MgdTxn* const txn = (MgdTxn*)handle;
  if (mgd_id_is_inline(id)) {
    MgdIdScratch* const scratch =
      (MgdIdScratch*)mgd_arena_alloc(arena, sizeof(MgdIdScratch));
    return scratch ? mgd_id_inline_term(id, scratch, term) : MGD_BAD_ALLOC;
  }
  if (id == MGD_ID_DEFAULT_GRAPH) {
    *term = mgd_term_none();
    return MGD_SUCCESS;
  }
  return mgd_dict_term(txn, id, arena, term);
}

const MgdSourceVt mgd_txn_source_vt = {
  txn_match, iter_next, iter_free, txn_estimate,
  txn_lookup, txn_term, txn_graphs,
};

MgdSource
mgd_txn_source(MgdTxn* const txn)
{
  const MgdSource source = {&mgd_txn_source_vt, txn};
  return source;
}

static MgdStatus
index_put(MgdTxn* const txn, const unsigned i, const MgdIdQuad* const q,
          const unsigned flags, bool* const existed)
{
  uint8_t key[8];
  uint8_t value[VALUE_BYTES];
  index_encode(i, q, key, value);
  MDB_val   k  = {8U, key};
  MDB_val   v  = {VALUE_BYTES, value};
  const int rc = mdb_put(txn->txn, txn->store->index[i], &k, &v,
                         MDB_NODUPDATA | flags);
  if (rc == MDB_KEYEXIST) {
    *existed = true;
    return MGD_SUCCESS;
  }
  *existed = false;
  return mgd_store_status(rc);
}

static bool
quad_is_storable(const MgdIdQuad* const q)
{
  return q->s && q->p && q->o && q->g && mgd_id_tag(q->s) != MGD_TAG_LOCAL &&
         mgd_id_tag(q->p) != MGD_TAG_LOCAL &&
         mgd_id_tag(q->o) != MGD_TAG_LOCAL && mgd_id_tag(q->g) != MGD_TAG_LOCAL;
}

MgdStatus
mgd_txn_add(MgdTxn* const txn, const MgdIdQuad* const quad, bool* const added)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  if (!quad_is_storable(quad)) {
    return MGD_BAD_ARG;
  }
  bool      existed = false;
  MgdStatus st      = index_put(txn, 0U, quad, 0U, &existed);
  for (unsigned i = 1U; !st && !existed && i < N_INDEXES; ++i) {
    bool dup = false;
    st       = index_put(txn, i, quad, 0U, &dup);
  }
  if (!st && !existed) {
    st = mgd_stats_quad(txn, quad, 1);
  }
  if (added) {
    *added = !st && !existed;
  }
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

MgdStatus
mgd_txn_remove(MgdTxn* const txn, const MgdIdQuad* const quad,
               bool* const removed)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned || txn_sync(txn)) {
    return MGD_BAD_TXN;
  }
  bool found = false;
  for (unsigned i = 0U; i < N_INDEXES; ++i) {
    uint8_t key[8];
    uint8_t value[VALUE_BYTES];
    index_encode(i, quad, key, value);
    MDB_val   k  = {8U, key};
    MDB_val   v  = {VALUE_BYTES, value};
    const int rc = mdb_del(txn->txn, txn->store->index[i], &k, &v);
    if (rc == MDB_NOTFOUND) {
      if (i == 0U) {
        break;
      }
      return mgd_txn_fail(txn, MGD_BAD_CORRUPT);
    }
    if (rc) {
      return mgd_txn_fail(txn, mgd_store_status(rc));
    }
    found = true;
  }
  if (found) {
    const MgdStatus st = mgd_stats_quad(txn, quad, -1);
    if (st) {
      return mgd_txn_fail(txn, st);
    }
  }
  if (removed) {
    *removed = found;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_txn_clear_graph(MgdTxn* const txn, const MgdId g, uint64_t* const n_removed)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  // Collect the graph's quads from GSPO, then delete them from the other
  // five indexes one by one and from the graph indexes by key.
  const MgdIdQuad pattern = {0U, 0U, 0U, g};
  MgdIter*        it      = NULL;
  MgdStatus       st      = txn_match(txn, &pattern, &it);
  MgdIdQuad*      quads   = NULL;
  size_t          n = 0U, cap = 0U;
  MgdIdQuad       q;
  while (!st && !(st = iter_next(it, &q))) {
    if (n == cap) {
      cap = cap ? cap * 2U : 1024U;
      MgdIdQuad* const grown =
        (MgdIdQuad*)mgd_realloc(quads, cap * sizeof(MgdIdQuad));
      if (!grown) {
        st = MGD_BAD_ALLOC;
        break;
      }
      quads = grown;
    }
    quads[n++] = q;
  }
  iter_free(it);
  if (st == MGD_FAILURE) {
    st = MGD_SUCCESS;
  }
  for (size_t j = 0U; !st && j < n; ++j) {
    bool removed = false;
    st           = mgd_txn_remove(txn, &quads[j], &removed);
  }
  mgd_free(quads);
  if (n_removed) {
    *n_removed = st ? 0U : n;
  }
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

// Bulk path: sort the queued quads in each index's order and put them in
// that order, appending when the index is empty (the common first load).
static int
bulk_cmp(const void* const a, const void* const b)
{
  const BulkQuad* const x = (const BulkQuad*)a;
  const BulkQuad* const y = (const BulkQuad*)b;
  for (unsigned i = 0U; i < 4U; ++i) {
    if (x->q[i] != y->q[i]) {
      return x->q[i] < y->q[i] ? -1 : 1;
    }
  }
  return 0;
}

static inline bool
bulk_less(const BulkQuad* const x, const BulkQuad* const y)
{
  if (x->q[0] != y->q[0]) {
    return x->q[0] < y->q[0];
  }
  if (x->q[1] != y->q[1]) {
    return x->q[1] < y->q[1];
  }
  if (x->q[2] != y->q[2]) {
    return x->q[2] < y->q[2];
  }
  return x->q[3] < y->q[3];
}

// Introsort with the comparison inlined: qsort's callback per comparison
// was a fifth of the load time. Depth-limited to fall back to heap sort.
static void
bulk_heap_sift(BulkQuad* const a, size_t root, const size_t n)
{
  for (;;) {
    size_t child = 2U * root + 1U;
    if (child >= n) {
      return;
    }
    if (child + 1U < n && bulk_less(&a[child], &a[child + 1U])) {
      ++child;
    }
    if (!bulk_less(&a[root], &a[child])) {
      return;
    }
    const BulkQuad t = a[root];
    a[root]          = a[child];
    a[child]         = t;
    root             = child;
  }
}

static void
bulk_sort_range(BulkQuad* a, size_t n, unsigned depth)
{
  while (n > 16U) {
    if (!depth--) {
      for (size_t i = n / 2U; i-- > 0U;) {
        bulk_heap_sift(a, i, n);
      }
      for (size_t end = n - 1U; end > 0U; --end) {
        const BulkQuad t = a[0];
        a[0]             = a[end];
        a[end]           = t;
        bulk_heap_sift(a, 0U, end);
      }
      return;
    }
    // Median of three as pivot, Hoare partition.
    BulkQuad* const mid = &a[n / 2U];
    BulkQuad* const hi  = &a[n - 1U];
    if (bulk_less(mid, a)) {
      const BulkQuad t = *mid; *mid = *a; *a = t;
    }
    if (bulk_less(hi, mid)) {
      const BulkQuad t = *hi; *hi = *mid; *mid = t;
      if (bulk_less(mid, a)) {
        const BulkQuad u = *mid; *mid = *a; *a = u;
      }
    }
    const BulkQuad pivot = *mid;
    size_t         i     = 0U;
    size_t         j     = n - 1U;
    for (;;) {
      while (bulk_less(&a[i], &pivot)) {
        ++i;
      }
      while (bulk_less(&pivot, &a[j])) {
        --j;
      }
      if (i >= j) {
        break;
      }
      const BulkQuad t = a[i];
      a[i]             = a[j];
      a[j]             = t;
      ++i;
      --j;
    }
    // Recurse into the smaller side, loop on the larger.
    const size_t left = j + 1U;
    if (left < n - left) {
      bulk_sort_range(a, left, depth);
      a += left;
      n -= left;
    } else {
      bulk_sort_range(a + left, n - left, depth);
      n = left;
    }
  }
  for (size_t i = 1U; i < n; ++i) {
    const BulkQuad t = a[i];
    size_t         j = i;
    while (j > 0U && bulk_less(&t, &a[j - 1U])) {
      a[j] = a[j - 1U];
      --j;
    }
    a[j] = t;
  }
}

static void
bulk_sort(BulkQuad* const a, const size_t n)
{
  unsigned depth = 0U;
  for (size_t m = n; m; m >>= 1U) {
    depth += 2U;
  }
  bulk_sort_range(a, n, depth);
}

// Reorder q[0..n) in place from index `from`'s order to index `to`'s, then
// sort: the two run buffers take turns, so a run needs 2 x 32 bytes/quad.
static void
bulk_reorder_sort(BulkQuad* const q, const size_t n, const unsigned from,
                  const unsigned to)
{
  unsigned map[4];
  for (unsigned m = 0U; m < 4U; ++m) {
    for (unsigned k = 0U; k < 4U; ++k) {
      if (mgd_index_defs[from].order[k] == mgd_index_defs[to].order[m]) {
        map[m] = k;
      }
    }
  }
  for (size_t j = 0U; j < n; ++j) {
    const BulkQuad t = q[j];
    for (unsigned m = 0U; m < 4U; ++m) {
      q[j].q[m] = t.q[map[m]];
    }
  }
  bulk_sort(q, n);
}

// Statistics from sorted runs instead of one hash update per quad: POSG
// groups predicates (and rdf:type objects, i.e. classes), GSPO groups graphs.
static MgdStatus
bulk_stats(MgdTxn* const txn, const unsigned i, const BulkQuad* const q,
           const size_t n)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t j = 0U; !st && j < n;) {
    size_t k = j + 1U;
    while (k < n && q[k].q[0] == q[j].q[0]) {
      ++k;
    }
    if (i == 1U) {
      st = mgd_stats_bump(txn, 'p', q[j].q[0], (int64_t)(k - j));
      if (txn->rdf_type && q[j].q[0] == txn->rdf_type) {
        for (size_t c = j; !st && c < k;) {
          size_t d = c + 1U;
          while (d < k && q[d].q[1] == q[c].q[1]) {
            ++d;
          }
          st = mgd_stats_bump(txn, 'c', q[c].q[1], (int64_t)(d - c));
          c  = d;
        }
      }
    } else {
      st = mgd_stats_bump(txn, 'g', q[j].q[0], (int64_t)(k - j));
    }
    j = k;
  }
  return st;
}

// The environment's map is read-only here (no MDB_WRITEMAP): pages a load
// read back are clean file pages, which stay mapped and count as the
// process's memory until unmapped. Dropping the mappings after a run only
// loses them from this process; the page cache keeps the data.
void
mgd_store_release_map(MgdStore* const store)
{
  // LMDB does not expose its map address (me_mapaddr is only set with
  // MDB_FIXEDMAP): find the mapping of data.mdb, by inode and length, in
  // /proc/self/maps once per map size.
  MDB_envinfo info;
  if (mdb_env_info(store->env, &info) || !info.me_mapsize) {
    return;
  }
  if (store->map_len != info.me_mapsize) {
    store->map_addr = NULL;
    store->map_len  = info.me_mapsize;
    char path[4096];
    snprintf(path, sizeof(path), "%s/data.mdb", store->path);
    struct stat sb;
    FILE* const maps = stat(path, &sb) ? NULL : fopen("/proc/self/maps", "r");
    char        line[4352];
    while (maps && fgets(line, sizeof(line), maps)) {
      unsigned long long lo = 0U, hi = 0U, ino = 0U;
      if (sscanf(line, "%llx-%llx %*s %*s %*s %llu", &lo, &hi, &ino) == 3 &&
          ino == (unsigned long long)sb.st_ino &&
          hi - lo == (unsigned long long)info.me_mapsize) {
        store->map_addr = (void*)(uintptr_t)lo;
        break;
      }
    }
    if (maps) {
      fclose(maps);
    }
  }
  if (store->map_addr) {
    madvise(store->map_addr, store->map_len, MADV_DONTNEED);
  }
}

// Put sorted entries into index i. An entry after the index's last one is
// appended (MDB_APPEND / MDB_APPENDDUP: no tree search), which covers the
// first load and, in later runs, the new ids that sort after all stored
// ones; only the rest take a normal put. With `keep_new`, quads that were
// already stored are dropped from `quads` and `*n` is the number kept.
static MgdStatus
bulk_put_sorted(MgdTxn* const txn, const unsigned i, BulkQuad* const quads,
                size_t* const n, const bool keep_new)
{
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->index[i], &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  // The last stored entry, as a quad in this index's order.
  BulkQuad last     = {{0U, 0U, 0U, 0U}};
  bool     has_last = false;
  MDB_val  lk       = {0U, NULL};
  MDB_val  lv       = {0U, NULL};
  rc                = mdb_cursor_get(cur, &lk, &lv, MDB_LAST);
  if (!rc && lk.mv_size == 8U && lv.mv_size == VALUE_BYTES) {
    has_last   = true;
    last.q[0]  = mgd_be64_get((const uint8_t*)lk.mv_data);
    for (unsigned c = 1U; c < 4U; ++c) {
      last.q[c] = mgd_be64_get((const uint8_t*)lv.mv_data + 8U * (c - 1U));
    }
  } else if (rc && rc != MDB_NOTFOUND) {
    mdb_cursor_close(cur);
    return mgd_store_status(rc);
  }
  rc          = 0;
  size_t kept = 0U;
  // Inside the stored range, a key's new values that sort after its last
  // stored value are appended to its duplicates (APPENDDUP): a sorted run
  // then fills pages instead of splitting them in half.
  bool     grp_valid = false; // grp_* describe key grp_key
  bool     grp_has   = false; // the key has stored values; grp_last is the max
  MgdId    grp_key   = 0U;
  BulkQuad grp_last  = {{0U, 0U, 0U, 0U}};
  for (size_t j = 0U; !rc && j < *n; ++j) {
    const BulkQuad* const q = &quads[j];
    uint8_t               key[8];
    uint8_t               value[VALUE_BYTES];
    mgd_be64_put(key, q->q[0]);
    for (unsigned c = 1U; c < 4U; ++c) {
      mgd_be64_put(value + 8U * (c - 1U), q->q[c]);
    }
    MDB_val    k      = {8U, key};
    MDB_val    v      = {VALUE_BYTES, value};
    unsigned   flags  = MDB_NODUPDATA;
    const bool after  = !has_last || bulk_less(&last, q);
    bool       dupapp = false;
    if (after) {
      flags = (has_last && q->q[0] == last.q[0]) ? MDB_APPENDDUP : MDB_APPEND;
    } else {
      if (!grp_valid || grp_key != q->q[0]) {
        grp_valid  = true;
        grp_key    = q->q[0];
        grp_has    = false;
        MDB_val gk = {8U, key};
        MDB_val gv = {0U, NULL};
        int     r  = mdb_cursor_get(cur, &gk, &gv, MDB_SET);
        if (!r) {
          r = mdb_cursor_get(cur, &gk, &gv, MDB_LAST_DUP);
        }
        if (!r && gv.mv_size == VALUE_BYTES) {
          grp_has        = true;
          grp_last.q[0]  = grp_key;
          for (unsigned c = 1U; c < 4U; ++c) {
            grp_last.q[c] =
              mgd_be64_get((const uint8_t*)gv.mv_data + 8U * (c - 1U));
          }
        } else if (r && r != MDB_NOTFOUND) {
          rc = r;
          break;
        }
      }
      dupapp = grp_has && bulk_less(&grp_last, q);
      if (dupapp) {
        flags = MDB_APPENDDUP;
      }
    }
    if ((j & 0x3FFFFU) == 0x3FFFFU) {
      mgd_store_release_map(txn->store);
    }
    rc = mdb_cursor_put(cur, &k, &v, flags);
    if (rc == MDB_KEYEXIST && !after && !dupapp) {
      rc = 0;
      continue; // already stored
    }
    if (!rc) {
      if (after) {
        last     = *q;
        has_last = true;
      } else if (!grp_has || bulk_less(&grp_last, q)) {
        grp_last = *q;
        grp_has  = true;
      }
      if (keep_new) {
        quads[kept] = *q;
      }
      ++kept;
    }
  }
  mdb_cursor_close(cur);
  if (!rc) {
    *n = kept;
  }
  return mgd_store_status(rc);
}

typedef struct {
  BulkQuad* q;    ///< Quads in index `from`'s order, reordered in place
  size_t    n;    ///< How many
  unsigned  from; ///< Current order
  unsigned  to;   ///< Wanted order
} SortJob;

static void*
bulk_sort_job(void* const arg)
{
  const SortJob* const job = (const SortJob*)arg;
  bulk_reorder_sort(job->q, job->n, job->from, job->to);
  return NULL;
}

// Quads per sorted run: a run costs two buffers of 32 bytes per quad (128
// MiB here); later runs still append whatever sorts after the stored data.
enum { BULK_RUN = 1 << 21 };

static MgdStatus
bulk_flush_run(MgdTxn* const txn, uint64_t* const n_added)
{
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  if (n_added) {
    *n_added = 0U;
  }
  if (!txn->n_bulk) {
    return MGD_SUCCESS;
  }
  // Deduplicate in SPOG order, then drop quads the store already has, so
  // the other indexes and the statistics see only new quads.
  BulkQuad* const quads = txn->bulk;
  bulk_sort(quads, txn->n_bulk);
  size_t n = 0U;
  for (size_t j = 0U; j < txn->n_bulk; ++j) {
    if (!n || bulk_cmp(&quads[n - 1U], &quads[j])) {
      quads[n++] = quads[j];
    }
  }
  txn->n_bulk = 0U;
  // The other five orders: a helper thread reorders and sorts one buffer
  // while this thread (the only one allowed to use the write txn) writes
  // the other; the two buffers take turns.
  BulkQuad* cur  = quads;
  BulkQuad* next = NULL;
  if (txn->c_run < n) {
    mgd_free(txn->run);
    txn->run   = (BulkQuad*)mgd_malloc(n * sizeof(BulkQuad));
    txn->c_run = txn->run ? n : 0U;
  }
  next         = txn->run;
  MgdStatus st = next ? MGD_SUCCESS : MGD_BAD_ALLOC;
  // POSG is sorted from a copy while SPOG is written; if SPOG dropped
  // quads the store already had, the copy is stale and is made again.
  const size_t n_run = n;
  SortJob      first = {next, n, 0U, 1U};
  pthread_t    first_thread;
  bool         first_spawned = false;
  if (!st && n) {
    memcpy(next, cur, n * sizeof(BulkQuad));
    first_spawned = !pthread_create(&first_thread, NULL, bulk_sort_job, &first);
  }
  if (!st) {
    st = bulk_put_sorted(txn, 0U, cur, &n, true); // SPOG order already
  }
  if (first_spawned) {
    pthread_join(first_thread, NULL);
  }
  if (!st && n && (!first_spawned || n != n_run)) {
    memcpy(next, cur, n * sizeof(BulkQuad));
    bulk_reorder_sort(next, n, 0U, 1U);
  }
  if (!st && n) {
    BulkQuad* const t = cur;
    cur               = next;
    next              = t;
  }
  for (unsigned i = 1U; !st && n && i < N_INDEXES; ++i) {
    // next still holds order i-1 (it was written last round); make it i+1.
    SortJob    job = {next, n, i - 1U, i + 1U};
    pthread_t  thread;
    const bool more    = i + 1U < N_INDEXES;
    const bool spawned = more && !pthread_create(&thread, NULL, bulk_sort_job, &job);
    if (more && !spawned) {
      bulk_sort_job(&job);
    }
    size_t m = n;
    st       = bulk_put_sorted(txn, i, cur, &m, false);
    if (!st && (i == 1U || i == 3U)) {
      st = bulk_stats(txn, i, cur, n);
    }
    if (spawned) {
      pthread_join(thread, NULL);
    }
    BulkQuad* const t = cur;
    cur               = next;
    next              = t;
  }
  if (n_added) {
    *n_added = n;
  }
  mgd_store_release_map(txn->store);
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

MgdStatus
mgd_txn_bulk_flush(MgdTxn* const txn, uint64_t* const n_added)
{
  uint64_t        added = 0U;
  const MgdStatus st    = bulk_flush_run(txn, &added);
  if (n_added) {
    *n_added = st ? 0U : added + txn->bulk_added;
  }
  txn->bulk_added = 0U;
  return st;
}

MgdStatus
mgd_txn_bulk_add(MgdTxn* const txn, const MgdQuad* const quad)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  if (txn->n_bulk == txn->c_bulk) {
    size_t cap = txn->c_bulk ? txn->c_bulk * 2U : 65536U;
    cap        = cap < BULK_RUN ? cap : BULK_RUN;
    BulkQuad* const grown =
      (BulkQuad*)mgd_realloc(txn->bulk, cap * sizeof(BulkQuad));
    if (!grown) {
      return mgd_txn_fail(txn, MGD_BAD_ALLOC);
    }
    txn->bulk   = grown;
    txn->c_bulk = cap;
  }
  BulkQuad* const b  = &txn->bulk[txn->n_bulk];
  MgdStatus       st = MGD_SUCCESS;
  MGD_TRY(st, mgd_txn_intern(txn, &quad->s, &b->q[0]));
  MGD_TRY(st, mgd_txn_intern(txn, &quad->p, &b->q[1]));
  MGD_TRY(st, mgd_txn_intern(txn, &quad->o, &b->q[2]));
  MGD_TRY(st, mgd_txn_intern(txn, &quad->g, &b->q[3]));
  // Bound memory: flush sorted runs of at most BULK_RUN quads; term
  // lookups read dictionary pages, unmapped now and then.
  if ((txn->n_bulk & 0x3FFFFU) == 0x3FFFFU) {
    mgd_store_release_map(txn->store);
  }
  if (++txn->n_bulk >= BULK_RUN) {
    uint64_t added = 0U;
    MGD_TRY(st, bulk_flush_run(txn, &added));
    txn->bulk_added += added;
  }
  return MGD_SUCCESS;
}
