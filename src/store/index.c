// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The six quad indexes: choosing one for a pattern, scanning it, and keeping
// all six in step on add and remove.
//
// Each index is a plain LMDB database of blocks. A block holds a run of
// consecutive quads of that index's order: its key is the first quad (four
// big-endian ids, so memcmp order is quad order) and its value the others,
// each coded against the one before it. An entry starts with a header byte
// giving, for each of the four positions, two bits: 0 the same id as the
// previous quad, 1 the same tag with the payload difference following
// (zigzag varint), 2 a tag byte and then the payload's difference from
// that tag's origin (0, or the bias of inline numbers). Sorted
// neighbours share most ids and their ids are close, so a quad costs a few
// bytes instead of 32; a block's value is at most BLOCK_BYTES, so it stays
// inside a leaf page and a seek decodes a few dozen quads at most.

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

enum {
  KEY_BYTES   = 32,                  ///< A block's key: its first quad
  BLOCK_BYTES = 256,                 ///< Most value bytes of a block
  ENTRY_MAX   = 1 + 4 * 11,          ///< Longest coded entry
  BLOCK_QUADS = 1 + BLOCK_BYTES / 2, ///< Most quads of a block (2 B/entry)
};

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

/// `q` in index `i`'s order.
static void
index_order(const unsigned i, const MgdIdQuad* const q, BulkQuad* const out)
{
  for (unsigned c = 0U; c < 4U; ++c) {
    out->q[c] = quad_at(q, mgd_index_defs[i].order[c]);
  }
}

/// The quad of `b`, which is in index `i`'s order.
static void
index_unorder(const unsigned i, const BulkQuad* const b, MgdIdQuad* const out)
{
  for (unsigned c = 0U; c < 4U; ++c) {
    quad_set(out, mgd_index_defs[i].order[c], b->q[c]);
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

static inline bool
bulk_eq(const BulkQuad* const x, const BulkQuad* const y)
{
  return x->q[0] == y->q[0] && x->q[1] == y->q[1] && x->q[2] == y->q[2] &&
         x->q[3] == y->q[3];
}

// ---------------------------------------------------------------------------
// Block coding

static void
key_put(uint8_t key[KEY_BYTES], const BulkQuad* const q)
{
  for (unsigned c = 0U; c < 4U; ++c) {
    mgd_be64_put(key + 8U * c, q->q[c]);
  }
}

static void
key_get(const uint8_t* const key, BulkQuad* const q)
{
  for (unsigned c = 0U; c < 4U; ++c) {
    q->q[c] = mgd_be64_get(key + 8U * c);
  }
}

static inline uint8_t*
varint_put(uint8_t* p, uint64_t v)
{
  while (v >= 0x80U) {
    *p++ = (uint8_t)(v | 0x80U);
    v >>= 7U;
  }
  *p++ = (uint8_t)v;
  return p;
}

static inline const uint8_t*
varint_get(const uint8_t* p, const uint8_t* const end, uint64_t* const v)
{
  uint64_t r = 0U;
  for (unsigned shift = 0U; p < end && shift < 64U; shift += 7U) {
    const uint8_t b = *p++;
    r |= (uint64_t)(b & 0x7FU) << shift;
    if (!(b & 0x80U)) {
      *v = r;
      return p;
    }
  }
  return NULL;
}

/// Where a new tag's payload is coded from: inline numbers are biased by
/// 2^59 (termid.c), so small values sit near it; other payloads near 0.
static inline uint64_t
tag_origin(const unsigned tag)
{
  return tag == MGD_TAG_INTEGER || tag == MGD_TAG_DECIMAL ? (uint64_t)1 << 59U
                                                          : 0U;
}

/// Code `q` after `prev` into `out` (ENTRY_MAX bytes); returns the length.
static size_t
entry_put(uint8_t* const out, const BulkQuad* const prev,
          const BulkQuad* const q)
{
  uint8_t* p = out + 1;
  unsigned h = 0U;
  for (unsigned c = 0U; c < 4U; ++c) {
    const MgdId a = prev->q[c];
    const MgdId b = q->q[c];
    if (a == b) {
      continue;
    }
    // Payloads < 2^60: differences do not wrap around.
    const unsigned tag  = (unsigned)(b >> MGD_ID_TAG_SHIFT);
    uint64_t       base = a & MGD_ID_PAYLOAD_MASK;
    if ((a >> MGD_ID_TAG_SHIFT) == tag) {
      h |= 1U << (2U * c);
    } else {
      h |= 2U << (2U * c);
      *p++ = (uint8_t)tag;
      base = tag_origin(tag);
    }
    const int64_t d = (int64_t)((b & MGD_ID_PAYLOAD_MASK) - base);
    p = varint_put(p, ((uint64_t)d << 1U) ^ (uint64_t)(d >> 63));
  }
  out[0] = (uint8_t)h;
  return (size_t)(p - out);
}

/// Decode the entry at `p` onto `q` (the previous quad); NULL if malformed.
static inline const uint8_t*
entry_get(const uint8_t* p, const uint8_t* const end, BulkQuad* const q)
{
  const unsigned h = *p++;
  if (!h) {
    return NULL;
  }
  for (unsigned c = 0U; c < 4U; ++c) {
    const unsigned code = (h >> (2U * c)) & 3U;
    if (!code) {
      continue;
    }
    uint64_t tag  = q->q[c] >> MGD_ID_TAG_SHIFT;
    uint64_t base = q->q[c] & MGD_ID_PAYLOAD_MASK;
    if (code == 3U) {
      return NULL;
    }
    if (code == 2U) {
      if (p >= end || *p > 0xFU) {
        return NULL;
      }
      tag  = *p++;
      base = tag_origin((unsigned)tag);
    }
    uint64_t u = 0U;
    if (!(p = varint_get(p, end, &u))) {
      return NULL;
    }
    const uint64_t d = (u >> 1U) ^ (uint64_t)-(int64_t)(u & 1U);
    q->q[c] = (tag << MGD_ID_TAG_SHIFT) | ((base + d) & MGD_ID_PAYLOAD_MASK);
  }
  return p;
}

/// Decode a whole block into `out` (BLOCK_QUADS); MGD_BAD_CORRUPT unless
/// the block is well formed and strictly increasing.
static MgdStatus
block_decode(const MDB_val* const key, const MDB_val* const val,
             BulkQuad* const out, size_t* const n)
{
  if (key->mv_size != KEY_BYTES || val->mv_size > BLOCK_BYTES) {
    return MGD_BAD_CORRUPT;
  }
  key_get((const uint8_t*)key->mv_data, &out[0]);
  size_t               m   = 1U;
  const uint8_t*       p   = (const uint8_t*)val->mv_data;
  const uint8_t* const end = p + val->mv_size;
  while (p < end) {
    if (m == BLOCK_QUADS) {
      return MGD_BAD_CORRUPT;
    }
    out[m] = out[m - 1U];
    if (!(p = entry_get(p, end, &out[m])) || !bulk_less(&out[m - 1U], &out[m])) {
      return MGD_BAD_CORRUPT;
    }
    ++m;
  }
  *n = m;
  return MGD_SUCCESS;
}

// ---------------------------------------------------------------------------
// Writing: a packer cuts a sorted stream of quads into blocks.

typedef struct {
  MDB_txn* txn;
  MDB_dbi  dbi;
  BulkQuad first;             ///< First quad of the block being filled
  BulkQuad prev;              ///< Last quad added to it
  bool     open;              ///< A block is being filled
  bool     append;            ///< Every key written sorts after the stored ones
  bool     replace;           ///< `old` is a stored block the output replaces
  bool     overwrite;         ///< The first block put overwrites `old`
  BulkQuad old;               ///< First quad of the replaced block
  size_t   n;                 ///< Value bytes used
  uint8_t  bytes[BLOCK_BYTES]; ///< Value being filled
} Packer;

static int
pack_put(Packer* const pk)
{
  uint8_t key[KEY_BYTES];
  key_put(key, &pk->first);
  MDB_val  k     = {KEY_BYTES, key};
  MDB_val  v     = {pk->n, pk->bytes};
  unsigned flags = pk->append ? MDB_APPEND : 0U;
  if (pk->overwrite) {
    pk->overwrite = false;
    flags         = 0U;
  }
  pk->open = false;
  return mdb_put(pk->txn, pk->dbi, &k, &v, flags);
}

static int
pack_del_old(Packer* const pk)
{
  pk->replace = false;
  uint8_t key[KEY_BYTES];
  key_put(key, &pk->old);
  MDB_val k = {KEY_BYTES, key};
  return mdb_del(pk->txn, pk->dbi, &k, NULL);
}

static int
pack_push(Packer* const pk, const BulkQuad* const q)
{
  if (pk->open) {
    uint8_t      e[ENTRY_MAX];
    const size_t m = entry_put(e, &pk->prev, q);
    if (pk->n + m <= BLOCK_BYTES) {
      memcpy(pk->bytes + pk->n, e, m);
      pk->n += m;
      pk->prev = *q;
      return 0;
    }
    const int rc = pack_put(pk);
    if (rc) {
      return rc;
    }
  } else if (pk->replace) {
    // The first block keeps the replaced block's key (overwritten in
    // place) or the old key goes before anything is written.
    if (bulk_eq(q, &pk->old)) {
      pk->replace   = false;
      pk->overwrite = true;
    } else {
      const int rc = pack_del_old(pk);
      if (rc) {
        return rc;
      }
    }
  }
  pk->first = *q;
  pk->prev  = *q;
  pk->n     = 0U;
  pk->open  = true;
  return 0;
}

static int
pack_finish(Packer* const pk)
{
  if (pk->open) {
    return pack_put(pk);
  }
  return pk->replace ? pack_del_old(pk) : 0;
}

typedef enum { OP_ADD, OP_REMOVE } IndexOp;

/// Where a quad goes: the stored block `t` whose range holds it (the last
/// block starting at or before it, or the first block), and the first quad
/// of the block after `t`, which bounds that range.
typedef struct {
  bool     has_t;
  bool     has_u;
  BulkQuad u;
  size_t   n_t;
  BulkQuad t[BLOCK_QUADS];
} Target;

static MgdStatus
index_locate(MDB_cursor* const cur, const BulkQuad* const q, Target* const tg)
{
  uint8_t key[KEY_BYTES];
  key_put(key, q);
  MDB_val k  = {KEY_BYTES, key};
  MDB_val v  = {0U, NULL};
  tg->has_t  = false;
  tg->has_u  = false;
  int rc     = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND) {
    rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
    if (rc == MDB_NOTFOUND) {
      return MGD_SUCCESS; // empty index
    }
  } else if (!rc && memcmp(k.mv_data, key, KEY_BYTES) > 0) {
    BulkQuad u;
    key_get((const uint8_t*)k.mv_data, &u);
    rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
    if (!rc) {
      tg->has_u = true;
      tg->u     = u;
    } else if (rc == MDB_NOTFOUND) {
      rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); // before every block
    }
  }
  if (rc) {
    return mgd_store_status(rc);
  }
  MgdStatus st = block_decode(&k, &v, tg->t, &tg->n_t);
  if (st) {
    return st;
  }
  tg->has_t = true;
  if (!tg->has_u) {
    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    if (!rc && k.mv_size == KEY_BYTES) {
      tg->has_u = true;
      key_get((const uint8_t*)k.mv_data, &tg->u);
    } else if (rc && rc != MDB_NOTFOUND) {
      return mgd_store_status(rc);
    }
  }
  return MGD_SUCCESS;
}

/// Add or remove sorted, distinct quads (in index `i`'s order) in index
/// `i`. `*n` becomes the number that changed the index; with `compact`,
/// those quads are moved to the front of `quads`. Each stored block the
/// quads fall into is decoded once, merged and written back; past the last
/// block, new blocks are appended.
static MgdStatus
index_apply(MgdTxn* const txn, const unsigned i, BulkQuad* const quads,
            size_t* const n, const IndexOp op, const bool compact)
{
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->index[i], &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  Target* const tg = (Target*)mgd_malloc(sizeof(Target));
  Packer* const pk = (Packer*)mgd_malloc(sizeof(Packer));
  MgdStatus     st = tg && pk ? MGD_SUCCESS : MGD_BAD_ALLOC;
  size_t        j = 0U, changed = 0U, since_release = 0U;
  while (!st && j < *n) {
    const size_t j0 = j;
    if ((st = index_locate(cur, &quads[j], tg))) {
      break;
    }
    if (!tg->has_t && op == OP_REMOVE) {
      break;
    }
    pk->txn       = txn->txn;
    pk->dbi       = txn->store->index[i];
    pk->open      = false;
    pk->append    = !tg->has_u;
    pk->replace   = tg->has_t;
    pk->overwrite = false;
    pk->old       = tg->t[0];
    // Merge the block with the quads before the next block's start.
    size_t b   = 0U;
    size_t end = j;
    while (end < *n && (!tg->has_u || bulk_less(&quads[end], &tg->u))) {
      ++end;
    }
    const size_t n_t = tg->has_t ? tg->n_t : 0U;
    while (!rc && (b < n_t || j < end)) {
      if (j < end && (b == n_t || bulk_less(&quads[j], &tg->t[b]))) {
        if (op == OP_ADD) {
          rc = pack_push(pk, &quads[j]);
          if (compact) {
            quads[changed] = quads[j];
          }
          ++changed;
        }
        ++j;
      } else if (j < end && bulk_eq(&quads[j], &tg->t[b])) {
        if (op == OP_ADD) {
          rc = pack_push(pk, &tg->t[b]);
        } else {
          if (compact) {
            quads[changed] = quads[j];
          }
          ++changed;
        }
        ++j;
        ++b;
      } else {
        rc = pack_push(pk, &tg->t[b++]);
      }
    }
    if (!rc) {
      rc = pack_finish(pk);
    }
    st = mgd_store_status(rc);
    // Each block merged may read a page: drop the map's clean pages every
    // few thousand blocks (or 256k appended quads) so RSS stays bounded.
    since_release += end - j0 + 32U;
    if (since_release > 0xFFFFU) {
      since_release = 0U;
      mgd_store_release_map(txn->store);
    }
  }
  mdb_cursor_close(cur);
  mgd_free(tg);
  mgd_free(pk);
  if (!st) {
    *n = changed;
  }
  return st;
}

// ---------------------------------------------------------------------------
// Reading

struct MgdIterImpl {
  MgdTxn*        txn;       ///< Transaction read
  MDB_cursor*    cur;       ///< Cursor on the chosen index
  MgdIter*       next_free; ///< Pool link (store_impl.h)
  unsigned       index;     ///< Chosen index
  unsigned       k;         ///< Bound prefix length
  MgdIdQuad      pattern;   ///< Pattern (for the positions after k)
  BulkQuad       lo;        ///< Pattern in index order, unbound = 0
  BulkQuad       q;         ///< Quad decoded last
  bool           pending;   ///< q is decoded but not yet returned
  bool           started;   ///< Positioned
  bool           done;      ///< Exhausted
  bool           graphs;    ///< Listing distinct graph keys
  bool           all;       ///< Also quads of hidden graphs (stage.c)
  unsigned       rpos;      ///< Ranged position in index order, or 4
  bool           rsorted;   ///< rpos == k: the range ends the scan
  MgdId          rlo;       ///< Range of ids at rpos
  MgdId          rhi;
  const uint8_t* p;         ///< Next entry of the current block
  const uint8_t* end;       ///< End of the current block
  uint8_t        bytes[BLOCK_BYTES]; ///< Copy of the current block's value
};

/// Take the block at the cursor: its first quad is pending.
static int
iter_load(MgdIter* const it, const MDB_val* const k, const MDB_val* const v)
{
  if (k->mv_size != KEY_BYTES || v->mv_size > BLOCK_BYTES) {
    return MDB_CORRUPTED;
  }
  key_get((const uint8_t*)k->mv_data, &it->q);
  memcpy(it->bytes, v->mv_data, v->mv_size);
  it->p       = it->bytes;
  it->end     = it->bytes + v->mv_size;
  it->pending = true;
  return 0;
}

/// Next quad in index order into it->q (returned by the caller): 0, or
/// MDB_NOTFOUND at the end, or an error.
static int
iter_step(MgdIter* const it)
{
  if (it->pending) {
    it->pending = false;
    return 0;
  }
  if (it->p < it->end) {
    it->p = entry_get(it->p, it->end, &it->q);
    return it->p ? 0 : MDB_CORRUPTED;
  }
  MDB_val   k  = {0U, NULL};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_cursor_get(it->cur, &k, &v, MDB_NEXT);
  if (rc) {
    return rc;
  }
  const int lr = iter_load(it, &k, &v);
  if (!lr) {
    it->pending = false;
  }
  return lr;
}

/// Position at the first quad >= `target` (left pending).
static int
iter_seek(MgdIter* const it, const BulkQuad* const target)
{
  uint8_t key[KEY_BYTES];
  key_put(key, target);
  MDB_val k  = {KEY_BYTES, key};
  MDB_val v  = {0U, NULL};
  int     rc = mdb_cursor_get(it->cur, &k, &v, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND) {
    rc = mdb_cursor_get(it->cur, &k, &v, MDB_LAST);
  } else if (!rc && memcmp(k.mv_data, key, KEY_BYTES) > 0) {
    rc = mdb_cursor_get(it->cur, &k, &v, MDB_PREV);
    if (rc == MDB_NOTFOUND) {
      rc = mdb_cursor_get(it->cur, &k, &v, MDB_FIRST);
    }
  }
  if (!rc) {
    rc = iter_load(it, &k, &v);
  }
  while (!rc && bulk_less(&it->q, target)) {
    rc = iter_step(it);
  }
  if (!rc) {
    it->pending = true;
  }
  return rc;
}

static MgdStatus
iter_next(MgdIter* const it, MgdIdQuad* const out)
{
  if (it->done) {
    return MGD_FAILURE;
  }
  int rc = 0;
  if (it->graphs) {
    // Distinct graphs of GSPO: seek past each graph's quads.
    for (;;) {
      BulkQuad target = {{0U, 0U, 0U, 0U}};
      if (it->started) {
        target.q[0] = it->q.q[0] + 1U;
      }
      it->started = true;
      if ((rc = iter_seek(it, &target)) || (rc = iter_step(it))) {
        break;
      }
      if (it->q.q[0] != MGD_ID_DEFAULT_GRAPH &&
          !mgd_txn_hidden(it->txn, it->q.q[0])) {
        const MgdIdQuad g = {0U, 0U, 0U, it->q.q[0]};
        *out              = g;
        return MGD_SUCCESS;
      }
    }
  } else {
    if (!it->started) {
      it->started = true;
      rc          = iter_seek(it, &it->lo);
    }
    while (!rc && !(rc = iter_step(it))) {
      const BulkQuad* const q = &it->q;
      bool                  in = true;
      for (unsigned c = 0U; c < it->k; ++c) {
        in = in && q->q[c] == it->lo.q[c];
      }
      if (!in) {
        rc = MDB_NOTFOUND; // sorted: past the bound prefix
        break;
      }
      bool ok = true;
      if (it->rpos < 4U) {
        const MgdId v = q->q[it->rpos];
        if (it->rsorted && v > it->rhi) {
          rc = MDB_NOTFOUND; // sorted within the prefix: past the range
          break;
        }
        ok = v >= it->rlo && v <= it->rhi;
      }
      for (unsigned c = it->k; c < 4U; ++c) {
        ok = ok && (c == it->rpos || !it->lo.q[c] || q->q[c] == it->lo.q[c]);
      }
      if (ok) {
        index_unorder(it->index, q, out);
        if (!it->all && mgd_txn_hidden(it->txn, out->g)) {
          continue; // staged or replaced: not there for readers
        }
        return MGD_SUCCESS;
      }
    }
  }
  it->done = true;
  return rc == MDB_NOTFOUND ? MGD_FAILURE : mgd_store_status(rc);
}

enum { POOL_MAX = 8 }; ///< Idle iterators kept per index and transaction

static void
iter_free(MgdIter* const it)
{
  if (!it) {
    return;
  }
  MgdTxn* const txn = it->txn;
  if (txn->n_pool[it->index] < POOL_MAX) {
    it->next_free             = txn->pool[it->index];
    txn->pool[it->index]      = it;
    ++txn->n_pool[it->index];
    return;
  }
  mdb_cursor_close(it->cur);
  mgd_free(it);
}

void
mgd_index_pool_clear(MgdTxn* const txn)
{
  for (unsigned i = 0U; i < N_INDEXES; ++i) {
    while (txn->pool[i]) {
      MgdIter* const it = txn->pool[i];
      txn->pool[i]      = it->next_free;
      mdb_cursor_close(it->cur);
      mgd_free(it);
    }
    txn->n_pool[i] = 0U;
  }
}

static MgdStatus
iter_open(MgdTxn* const txn, const unsigned index, MgdIter** const out)
{
  MgdIter* it = txn->pool[index];
  if (it) {
    txn->pool[index] = it->next_free;
    --txn->n_pool[index];
  } else {
    it = (MgdIter*)mgd_malloc(sizeof(MgdIter));
    if (!it) {
      return MGD_BAD_ALLOC;
    }
    const int rc = mdb_cursor_open(txn->txn, txn->store->index[index], &it->cur);
    if (rc) {
      mgd_free(it);
      return mgd_store_status(rc);
    }
  }
  it->txn       = txn;
  it->next_free = NULL;
  it->index     = index;
  it->k         = 0U;
  it->pending   = false;
  it->started   = false;
  it->done      = false;
  it->graphs    = false;
  it->all       = false;
  it->rpos      = 4U;
  it->rsorted   = false;
  it->p         = it->bytes;
  it->end       = it->bytes;
  *out          = it;
  return MGD_SUCCESS;
}

static MgdStatus
bulk_flush_run(MgdTxn* txn, uint64_t* n_added);

static MgdStatus
rm_flush(MgdTxn* txn);

// A write txn's reads see its own writes: quads still queued for the bulk
// path, or for removal, are written first. (At most one of the two queues
// holds anything: queuing into one flushes the other.)
static MgdStatus
txn_sync(MgdTxn* const txn)
{
  if (!txn->write || (!txn->n_bulk && !txn->n_rm)) {
    return txn->poisoned;
  }
  if (txn->n_rm) {
    return rm_flush(txn);
  }
  uint64_t        added = 0U;
  const MgdStatus st    = bulk_flush_run(txn, &added);
  txn->bulk_added += added;
  return st;
}

MgdStatus
mgd_txn_sync(MgdTxn* const txn)
{
  return txn_sync(txn);
}

/// An iterator over index `i` for `pattern`, whose first `k` positions in
/// that index's order are bound.
static MgdStatus
match_open(MgdTxn* const txn, const MgdIdQuad* const pattern, const unsigned i,
           const unsigned k, MgdIter** const iter)
{
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  MgdIter*        it = NULL;
  const MgdStatus st = iter_open(txn, i, &it);
  if (st) {
    return st;
  }
  it->k       = k;
  it->pattern = *pattern;
  index_order(i, pattern, &it->lo);
  *iter = it;
  return MGD_SUCCESS;
}

static MgdStatus
txn_match(void* const handle, const MgdIdQuad* const pattern,
          MgdIter** const iter)
{
  unsigned       k = 0U;
  const unsigned i = index_pick(pattern, &k);
  return match_open((MgdTxn*)handle, pattern, i, k, iter);
}

MgdStatus
mgd_index_match_all(MgdTxn* const txn, const MgdIdQuad* const pattern,
                    MgdIter** const iter)
{
  const MgdStatus st = txn_match(txn, pattern, iter);
  if (!st) {
    (*iter)->all = true;
  }
  return st;
}

MgdStatus
mgd_index_next(MgdIter* const iter, MgdIdQuad* const quad)
{
  return iter_next(iter, quad);
}

void
mgd_index_free(MgdIter* const iter)
{
  iter_free(iter);
}

static MgdStatus
txn_match_range(void* const handle, const MgdIdQuad* const pattern,
                const unsigned pos, const MgdId lo, const MgdId hi,
                MgdIter** const iter)
{
  if (pos > 3U || quad_at(pattern, pos) || lo > hi) {
    return MGD_BAD_ARG;
  }
  // An index whose order is the bound positions, then `pos`: the range is
  // contiguous there. Otherwise the usual index, filtered.
  unsigned k = 0U;
  unsigned i = index_pick(pattern, &k);
  for (unsigned j = 0U; j < N_INDEXES; ++j) {
    if (index_prefix(j, pattern) == k && mgd_index_defs[j].order[k] == pos) {
      i = j;
      break;
    }
  }
  MgdIter*        it = NULL;
  const MgdStatus st = match_open((MgdTxn*)handle, pattern, i, k, &it);
  if (st) {
    return st;
  }
  for (unsigned c = 0U; c < 4U; ++c) {
    if (mgd_index_defs[i].order[c] == pos) {
      it->rpos = c;
    }
  }
  it->rsorted = it->rpos == k;
  it->rlo     = lo;
  it->rhi     = hi;
  if (it->rsorted) {
    it->lo.q[k] = lo; // seek straight to the range's start
  }
  *iter = it;
  return MGD_SUCCESS;
}

static MgdStatus
txn_graphs(void* const handle, MgdIter** const iter)
{
  MgdTxn* const   txn  = (MgdTxn*)handle;
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  const MgdStatus st = iter_open(txn, 3U, iter); // GSPO: graphs first
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
  (void)index_pick(pattern, &k);
  const MgdStatus sync = txn_sync(txn);
  if (sync) {
    return sync;
  }
  // The statistics count these patterns exactly.
  const bool s = pattern->s, p = pattern->p, o = pattern->o, g = pattern->g;
  if (k == 0U) {
    return mgd_stats_get(txn, 'n', 0U, count);
  }
  if (p && !s && !o && !g) {
    return mgd_stats_get(txn, 'p', pattern->p, count);
  }
  if (g && !s && !p && !o) {
    if (mgd_txn_hidden(txn, pattern->g)) {
      *count = 0U;
      return MGD_SUCCESS;
    }
    return mgd_stats_get(txn, 'g', pattern->g, count);
  }
  if (o && p && !s && !g && txn->rdf_type && pattern->p == txn->rdf_type) {
    return mgd_stats_get(txn, 'c', pattern->o, count);
  }
  // Count matching quads up to a cap, then count the blocks that follow
  // with the prefix without decoding them, then extrapolate.
  enum { CAP = 1024, BLOCK_CAP = 1024 };
  MgdIter*  it = NULL;
  MgdStatus st = txn_match(handle, pattern, &it);
  if (st) {
    return st;
  }
  MgdIdQuad q;
  uint64_t  m = 0U;
  while (m < CAP && !(st = iter_next(it, &q))) {
    ++m;
  }
  if (st == MGD_FAILURE) {
    st = MGD_SUCCESS;
  } else if (!st && m == CAP) {
    uint8_t prefix[KEY_BYTES];
    key_put(prefix, &it->lo);
    uint64_t blocks = 0U;
    MDB_val  kv     = {0U, NULL};
    MDB_val  vv     = {0U, NULL};
    int      rc     = 0;
    while (blocks < BLOCK_CAP &&
           !(rc = mdb_cursor_get(it->cur, &kv, &vv, MDB_NEXT)) &&
           !memcmp(kv.mv_data, prefix, 8U * k)) {
      ++blocks;
    }
    // Blocks hold about BLOCK_BYTES / 5 quads; past the block cap, guess
    // the range is as large again.
    m += blocks * (BLOCK_BYTES / 5U) * (blocks == BLOCK_CAP ? 2U : 1U);
    st = rc && rc != MDB_NOTFOUND ? mgd_store_status(rc) : MGD_SUCCESS;
  }
  iter_free(it);
  *count = m;
  return st;
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
  txn_lookup, txn_term, txn_graphs, txn_match_range,
};

MgdSource
mgd_txn_source(MgdTxn* const txn)
{
  const MgdSource source = {&mgd_txn_source_vt, txn};
  return source;
}

// ---------------------------------------------------------------------------
// Single quads

static bool
quad_is_storable(const MgdIdQuad* const q)
{
  return q->s && q->p && q->o && q->g && mgd_id_tag(q->s) != MGD_TAG_LOCAL &&
         mgd_id_tag(q->p) != MGD_TAG_LOCAL &&
         mgd_id_tag(q->o) != MGD_TAG_LOCAL && mgd_id_tag(q->g) != MGD_TAG_LOCAL;
}

/// Add or remove one quad in all six indexes; `*changed` says whether it
/// did anything (SPOG decides; the others must agree).
static MgdStatus
index_apply_one(MgdTxn* const txn, const MgdIdQuad* const quad,
                const IndexOp op, bool* const changed)
{
  MgdStatus st = txn_sync(txn);
  *changed     = false;
  for (unsigned i = 0U; !st && i < N_INDEXES; ++i) {
    BulkQuad b;
    index_order(i, quad, &b);
    size_t n = 1U;
    st       = index_apply(txn, i, &b, &n, op, false);
    if (!st && i == 0U && !n) {
      return MGD_SUCCESS;
    }
    if (!st && !n) {
      st = MGD_BAD_CORRUPT; // the indexes disagree
    }
  }
  if (!st) {
    *changed = true;
    st       = mgd_stats_quad(txn, quad, op == OP_ADD ? 1 : -1);
  }
  return st;
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
  bool            changed = false;
  const MgdStatus st      = index_apply_one(txn, quad, OP_ADD, &changed);
  if (added) {
    *added = !st && changed;
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
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  bool            changed = false;
  const MgdStatus st      = index_apply_one(txn, quad, OP_REMOVE, &changed);
  if (removed) {
    *removed = !st && changed;
  }
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

static void
bulk_reorder_sort(BulkQuad* q, size_t n, unsigned from, unsigned to);

MgdStatus
mgd_txn_clear_graph(MgdTxn* const txn, const MgdId g, uint64_t* const n_removed)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  // Collect the graph's quads from GSPO (they come sorted in its order),
  // then remove them from each index in that index's order.
  const MgdIdQuad pattern = {0U, 0U, 0U, g};
  MgdIter*        it      = NULL;
  MgdStatus       st      = txn_match(txn, &pattern, &it);
  BulkQuad*       quads   = NULL;
  size_t          n = 0U, cap = 0U;
  MgdIdQuad       q;
  while (!st && !(st = iter_next(it, &q))) {
    if (n == cap) {
      cap = cap ? cap * 2U : 1024U;
      BulkQuad* const grown =
        (BulkQuad*)mgd_realloc(quads, cap * sizeof(BulkQuad));
      if (!grown) {
        st = MGD_BAD_ALLOC;
        break;
      }
      quads = grown;
    }
    index_order(3U, &q, &quads[n++]);
  }
  iter_free(it);
  if (st == MGD_FAILURE) {
    st = MGD_SUCCESS;
  }
  for (size_t j = 0U; !st && j < n; ++j) {
    MgdIdQuad one;
    index_unorder(3U, &quads[j], &one);
    st = mgd_stats_quad(txn, &one, -1);
  }
  static const unsigned order[N_INDEXES] = {3U, 0U, 1U, 2U, 4U, 5U};
  for (unsigned r = 0U; !st && n && r < N_INDEXES; ++r) {
    const unsigned i = order[r];
    if (r) {
      bulk_reorder_sort(quads, n, order[r - 1U], i);
    }
    size_t m = n;
    st       = index_apply(txn, i, quads, &m, OP_REMOVE, false);
    if (!st && m != n) {
      st = MGD_BAD_CORRUPT;
    }
  }
  mgd_free(quads);
  if (n_removed) {
    *n_removed = st ? 0U : n;
  }
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

static void
bulk_sort(BulkQuad* a, size_t n);

// Queued removals: sorted and deduplicated in SPOG order, removed there
// (which tells which were stored), then from the other five indexes.
static MgdStatus
rm_flush(MgdTxn* const txn)
{
  BulkQuad* const q = txn->rm;
  size_t          n = txn->n_rm;
  txn->n_rm         = 0U;
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  bulk_sort(q, n);
  size_t u = 0U;
  for (size_t j = 0U; j < n; ++j) {
    if (!u || !bulk_eq(&q[u - 1U], &q[j])) {
      q[u++] = q[j];
    }
  }
  size_t    m  = u;
  MgdStatus st = index_apply(txn, 0U, q, &m, OP_REMOVE, true);
  for (size_t j = 0U; !st && j < m; ++j) {
    MgdIdQuad one;
    index_unorder(0U, &q[j], &one);
    st = mgd_stats_quad(txn, &one, -1);
  }
  for (unsigned i = 1U; !st && m && i < N_INDEXES; ++i) {
    bulk_reorder_sort(q, m, i - 1U, i);
    size_t k = m;
    st       = index_apply(txn, i, q, &k, OP_REMOVE, false);
    if (!st && k != m) {
      st = MGD_BAD_CORRUPT; // the indexes disagree
    }
  }
  return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
}

MgdStatus
mgd_txn_remove_later(MgdTxn* const txn, const MgdIdQuad* const quad)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  MgdStatus st = txn->n_bulk ? txn_sync(txn) : txn->poisoned;
  if (st) {
    return st;
  }
  if (!quad_is_storable(quad)) {
    return MGD_SUCCESS; // never stored: nothing to remove
  }
  if (txn->n_rm == txn->c_rm) {
    const size_t    cap   = txn->c_rm ? txn->c_rm * 2U : 4096U;
    BulkQuad* const grown = (BulkQuad*)mgd_realloc(txn->rm, cap * sizeof(BulkQuad));
    if (!grown) {
      return mgd_txn_fail(txn, MGD_BAD_ALLOC);
    }
    txn->rm   = grown;
    txn->c_rm = cap;
  }
  index_order(0U, quad, &txn->rm[txn->n_rm++]);
  return txn->n_rm >= (size_t)1 << 21 ? rm_flush(txn) : MGD_SUCCESS;
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
bulk_introsort(BulkQuad* const a, const size_t n)
{
  unsigned depth = 0U;
  for (size_t m = n; m; m >>= 1U) {
    depth += 2U;
  }
  bulk_sort_range(a, n, depth);
}

enum { RADIX_BITS = 10, RADIX_MIN = 4096 };

// In-place MSD radix sort (American flag) on position c, for quads whose
// positions before c are all equal. Each pass buckets by the top bits of
// the position's spread (max - min), so ids clustered by tag or by load
// still split evenly a level down; small buckets go to the introsort.
static void
bulk_radix(BulkQuad* const a, const size_t n, unsigned c)
{
  while (c < 4U && n >= RADIX_MIN) {
    uint64_t lo = a[0].q[c];
    uint64_t hi = lo;
    for (size_t i = 1U; i < n; ++i) {
      const uint64_t v = a[i].q[c];
      lo               = v < lo ? v : lo;
      hi               = v > hi ? v : hi;
    }
    if (lo == hi) {
      ++c; // all equal here: the next position decides
      continue;
    }
    const unsigned bits  = 64U - (unsigned)__builtin_clzll(hi - lo);
    const unsigned shift = bits > RADIX_BITS ? bits - RADIX_BITS : 0U;
    const size_t   nb    = (size_t)((hi - lo) >> shift) + 1U;
    uint32_t       next[1U << RADIX_BITS];
    uint32_t       end[1U << RADIX_BITS];
    memset(end, 0, nb * sizeof(end[0]));
    for (size_t i = 0U; i < n; ++i) {
      ++end[(a[i].q[c] - lo) >> shift];
    }
    uint32_t sum = 0U;
    for (size_t b = 0U; b < nb; ++b) {
      next[b] = sum;
      sum += end[b];
      end[b] = sum;
    }
    // Cycle each misplaced quad into its bucket.
    for (size_t b = 0U; b < nb; ++b) {
      while (next[b] < end[b]) {
        BulkQuad v  = a[next[b]];
        size_t   vb = (size_t)((v.q[c] - lo) >> shift);
        while (vb != b) {
          const BulkQuad t = a[next[vb]];
          a[next[vb]++]    = v;
          v                = t;
          vb               = (size_t)((v.q[c] - lo) >> shift);
        }
        a[next[b]++] = v;
      }
    }
    for (size_t b = 0U, start = 0U; b < nb; start = end[b], ++b) {
      const size_t m = end[b] - start;
      if (m > 1U) {
        // One value per bucket when shift is 0: the next position decides.
        bulk_radix(a + start, m, shift ? c : c + 1U);
      }
    }
    return;
  }
  if (c < 4U && n > 1U) {
    bulk_introsort(a, n);
  }
}

static void
bulk_sort(BulkQuad* const a, const size_t n)
{
  bulk_radix(a, n, 0U);
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

// How many of the POSG-ordered quads q[j..k) are in graphs readers see:
// only those count in the predicate, class and total statistics (a staged
// graph's are added when it is published, stage.c).
static int64_t
visible(const MgdTxn* const txn, const BulkQuad* const q, const size_t j,
        const size_t k)
{
  int64_t n = (int64_t)(k - j);
  for (size_t i = j; txn->n_hidden && i < k; ++i) {
    n -= mgd_txn_hidden(txn, q[i].q[3]);
  }
  return n;
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
      st = mgd_stats_bump(txn, 'p', q[j].q[0], visible(txn, q, j, k));
      if (txn->rdf_type && q[j].q[0] == txn->rdf_type) {
        for (size_t c = j; !st && c < k;) {
          size_t d = c + 1U;
          while (d < k && q[d].q[1] == q[c].q[1]) {
            ++d;
          }
          st = mgd_stats_bump(txn, 'c', q[c].q[1], visible(txn, q, c, d));
          c  = d;
        }
      }
    } else {
      st = mgd_stats_bump(txn, 'g', q[j].q[0], (int64_t)(k - j));
      if (!st && !mgd_txn_hidden(txn, q[j].q[0])) {
        st = mgd_stats_bump(txn, 'n', 0U, (int64_t)(k - j));
      }
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
    st = index_apply(txn, 0U, cur, &n, OP_ADD, true); // SPOG order already
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
    st       = index_apply(txn, i, cur, &m, OP_ADD, false);
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
  uint64_t  added = 0U;
  MgdStatus st    = txn->n_rm ? rm_flush(txn) : MGD_SUCCESS;
  st              = st ? st : bulk_flush_run(txn, &added);
  if (n_added) {
    *n_added = st ? 0U : added + txn->bulk_added;
  }
  txn->bulk_added = 0U;
  return st;
}

// A node's statements come together and a file is mostly one graph, so
// the subject and graph IRIs of a quad are usually those of the one before:
// compare bytes instead of hashing and looking them up again.
static MgdStatus
intern_memo(MgdTxn* const txn, const MgdTerm* const term, TermMemo* const memo,
            MgdId* const id)
{
  const bool iri = term->kind == MGD_TERM_IRI;
  if (iri && memo->iri.len == term->value.len && memo->iri.len &&
      !memcmp(memo->iri.data, term->value.ptr, term->value.len)) {
    *id = memo->id;
    return MGD_SUCCESS;
  }
  MgdStatus st = mgd_txn_intern(txn, term, id);
  mgd_buf_reset(&memo->iri);
  if (!st && iri && term->value.len &&
      !mgd_buf_append(&memo->iri, term->value.ptr, term->value.len)) {
    memo->id = *id;
  } else {
    mgd_buf_reset(&memo->iri);
  }
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
  if (txn->n_rm) {
    const MgdStatus rs = rm_flush(txn);
    if (rs) {
      return rs;
    }
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
  MGD_TRY(st, intern_memo(txn, &quad->s, &txn->memo[0], &b->q[0]));
  MGD_TRY(st, mgd_txn_intern(txn, &quad->p, &b->q[1]));
  MGD_TRY(st, mgd_txn_intern(txn, &quad->o, &b->q[2]));
  MGD_TRY(st, intern_memo(txn, &quad->g, &txn->memo[3], &b->q[3]));
  // Bound memory: flush sorted runs of at most BULK_RUN quads; term
  // lookups read dictionary pages, unmapped now and then.
  if ((txn->n_bulk & 0xFFFFU) == 0xFFFFU) {
    mgd_store_release_map(txn->store);
  }
  if (++txn->n_bulk >= BULK_RUN) {
    uint64_t added = 0U;
    MGD_TRY(st, bulk_flush_run(txn, &added));
    txn->bulk_added += added;
  }
  return MGD_SUCCESS;
}
