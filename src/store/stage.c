// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Staged graphs: one unit of work that is too large for one LMDB write
// transaction (a study folder of 400,000 files, a 1 GB OME-XML plate)
// writes its graph under a fresh staging IRI in several transactions, and
// a last transaction publishes it. Until then the staging graph is
// "hidden": readers never see its quads, and its quads count only in the
// per-graph statistics. Publishing exchanges the dictionary entries of the
// staging IRI and the graph's IRI, so the staged quads become the graph
// and the graph's old quads, now under the staging IRI, stay hidden until
// mgd_txn_collect() removes them in small transactions. Readers see the
// old graph or the new one, never a mix, and a crash leaves the old graph
// as it was (the staging graph is collected once its process is gone).
//
// The exchange would also rename every other use of the two IRIs, so the
// quads that use the graph IRI as subject, predicate or object outside the
// old graph (a provenance record, a link from another graph, the new data
// itself) are rewritten to keep naming the graph.

#include "store_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/// Meta key of the hidden-graph list: (id, owner pid) pairs, 8 bytes each,
/// big-endian. Owner 0 marks a replaced graph waiting to be collected.
static const char hidden_key[] = "hidden_graphs";

MgdStatus
mgd_hidden_load(MgdTxn* const txn)
{
  MDB_val   k  = {sizeof(hidden_key) - 1U, (void*)hidden_key};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_get(txn->txn, txn->store->meta, &k, &v);
  txn->n_hidden     = 0U;
  txn->hidden_dirty = false;
  if (rc == MDB_NOTFOUND) {
    return MGD_SUCCESS;
  }
  if (rc) {
    return mgd_store_status(rc);
  }
  if (v.mv_size % 16U || v.mv_size / 16U > MGD_HIDDEN_MAX) {
    return MGD_BAD_CORRUPT;
  }
  const uint8_t* const b = (const uint8_t*)v.mv_data;
  txn->n_hidden          = (unsigned)(v.mv_size / 16U);
  for (unsigned i = 0U; i < txn->n_hidden; ++i) {
    txn->hidden[i]       = mgd_be64_get(b + 16U * i);
    txn->hidden_owner[i] = mgd_be64_get(b + 16U * i + 8U);
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_hidden_save(MgdTxn* const txn)
{
  if (!txn->hidden_dirty) {
    return MGD_SUCCESS;
  }
  uint8_t b[16U * MGD_HIDDEN_MAX];
  for (unsigned i = 0U; i < txn->n_hidden; ++i) {
    mgd_be64_put(b + 16U * i, txn->hidden[i]);
    mgd_be64_put(b + 16U * i + 8U, txn->hidden_owner[i]);
  }
  MDB_val k  = {sizeof(hidden_key) - 1U, (void*)hidden_key};
  MDB_val v  = {16U * (size_t)txn->n_hidden, b};
  int     rc = txn->n_hidden
                 ? mdb_put(txn->txn, txn->store->meta, &k, &v, 0U)
                 : mdb_del(txn->txn, txn->store->meta, &k, NULL);
  if (rc == MDB_NOTFOUND) {
    rc = 0;
  }
  txn->hidden_dirty = rc != 0;
  return mgd_store_status(rc);
}

static int
hidden_find(const MgdTxn* const txn, const MgdId g)
{
  for (unsigned i = 0U; i < txn->n_hidden; ++i) {
    if (txn->hidden[i] == g) {
      return (int)i;
    }
  }
  return -1;
}

static void
hidden_drop(MgdTxn* const txn, const unsigned i)
{
  --txn->n_hidden;
  txn->hidden[i]       = txn->hidden[txn->n_hidden];
  txn->hidden_owner[i] = txn->hidden_owner[txn->n_hidden];
  txn->hidden_dirty    = true;
}

static MgdStatus
write_check(const MgdTxn* const txn)
{
  return !txn->write ? MGD_BAD_ARG : txn->poisoned ? MGD_BAD_TXN : MGD_SUCCESS;
}

MgdStatus
mgd_txn_stage(MgdTxn* const txn, MgdId* const staging)
{
  MgdStatus st = write_check(txn);
  if (st) {
    return st;
  }
  if (txn->n_hidden == MGD_HIDDEN_MAX) {
    return MGD_BAD_LIMIT;
  }
  // next_id is this very term's sequence number: the IRI is new.
  char iri[96];
  snprintf(iri, sizeof(iri), "urn:mugdat:staging:%llu-%ld",
           (unsigned long long)txn->next_id, (long)getpid());
  const MgdTerm t = mgd_term_iri(mgd_str(iri));
  if ((st = mgd_txn_intern(txn, &t, staging))) {
    return st;
  }
  txn->hidden[txn->n_hidden]       = *staging;
  txn->hidden_owner[txn->n_hidden] = (uint64_t)getpid();
  ++txn->n_hidden;
  txn->hidden_dirty = true;
  return MGD_SUCCESS;
}

MgdStatus
mgd_txn_unstage(MgdTxn* const txn, const MgdId staging)
{
  MgdStatus st = write_check(txn);
  if (st) {
    return st;
  }
  const int i = hidden_find(txn, staging);
  if (i < 0) {
    return MGD_BAD_ARG;
  }
  txn->hidden_owner[i] = 0U;
  txn->hidden_dirty    = true;
  return MGD_SUCCESS;
}

// Add `sign` times graph g's quads to the predicate, class and total
// statistics (its per-graph count is kept all along).
static MgdStatus
count_graph(MgdTxn* const txn, const MgdId g, const int64_t sign)
{
  const MgdIdQuad pattern = {0U, 0U, 0U, g};
  MgdIter*        it      = NULL;
  MgdStatus       st      = mgd_index_match_all(txn, &pattern, &it);
  MgdIdQuad       q;
  int64_t         n = 0;
  while (!st && !(st = mgd_index_next(it, &q))) {
    if (!(++n & 0xFFFF)) {
      mgd_store_release_map(txn->store); // the scan reads the whole graph
    }
    st = mgd_stats_bump(txn, 'p', q.p, sign);
    if (!st && txn->rdf_type && q.p == txn->rdf_type) {
      st = mgd_stats_bump(txn, 'c', q.o, sign);
    }
  }
  mgd_index_free(it);
  st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  return st ? st : mgd_stats_bump(txn, 'n', 0U, sign * n);
}

static int
quad_cmp(const void* const a, const void* const b)
{
  return memcmp(a, b, sizeof(MgdIdQuad));
}

// Quads that use `g` as subject, predicate or object, outside graph g and
// outside replaced graphs: they must keep naming g through the exchange.
static MgdStatus
uses_of(MgdTxn* const txn, const MgdId g, MgdIdQuad** const out,
        size_t* const n_out)
{
  MgdIdQuad* found = NULL;
  size_t     n = 0U, cap = 0U;
  MgdStatus  st = MGD_SUCCESS;
  for (unsigned pos = 0U; !st && pos < 3U; ++pos) {
    MgdIdQuad pattern = {0U, 0U, 0U, 0U};
    (&pattern.s)[pos] = g;
    MgdIter* it       = NULL;
    st                = mgd_index_match_all(txn, &pattern, &it);
    MgdIdQuad q;
    while (!st && !(st = mgd_index_next(it, &q))) {
      const int h = hidden_find(txn, q.g);
      if (q.g == g || (h >= 0 && !txn->hidden_owner[h])) {
        continue;
      }
      if (n == cap) {
        cap                   = cap ? 2U * cap : 64U;
        MgdIdQuad* const more = (MgdIdQuad*)mgd_realloc(found, cap * sizeof(*found));
        if (!more) {
          st = MGD_BAD_ALLOC;
          break;
        }
        found = more;
      }
      found[n++] = q;
    }
    mgd_index_free(it);
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  if (st) {
    mgd_free(found);
    return st;
  }
  // A quad using g twice was found twice.
  if (n) {
    qsort(found, n, sizeof(*found), quad_cmp);
  }
  size_t u = 0U;
  for (size_t i = 0U; i < n; ++i) {
    if (!u || memcmp(&found[u - 1U], &found[i], sizeof(*found))) {
      found[u++] = found[i];
    }
  }
  *out   = found;
  *n_out = u;
  return MGD_SUCCESS;
}

MgdStatus
mgd_txn_publish(MgdTxn* const txn, const MgdId staging,
                const MgdTerm* const graph)
{
  MgdStatus st = write_check(txn);
  if (st) {
    return st;
  }
  const int k = hidden_find(txn, staging);
  if (k < 0 || graph->kind != MGD_TERM_IRI) {
    return MGD_BAD_ARG;
  }
  if ((st = mgd_txn_bulk_flush(txn, NULL))) {
    return st;
  }
  MgdId           g  = MGD_ID_NONE;
  const MgdStatus ls = mgd_dict_lookup(txn, graph, &g);
  if (ls > MGD_FAILURE) {
    return mgd_txn_fail(txn, ls);
  }
  if (ls == MGD_FAILURE) {
    // A graph IRI never seen before: the staging id simply takes it.
    st = count_graph(txn, staging, 1);
    st = st ? st : mgd_dict_rename(txn, staging, graph);
    if (!st) {
      hidden_drop(txn, (unsigned)k);
    }
    return mgd_txn_fail(txn, st);
  }
  MgdIdQuad* uses   = NULL;
  size_t     n_uses = 0U;
  uint64_t   n_old  = 0U;
  st                = mgd_stats_get(txn, 'g', g, &n_old);
  st                = st ? st : uses_of(txn, g, &uses, &n_uses);
  for (size_t i = 0U; !st && i < n_uses; ++i) {
    st = mgd_txn_remove(txn, &uses[i], NULL);
  }
  st = st ? st : mgd_dict_swap(txn, g, staging);
  for (size_t i = 0U; !st && i < n_uses; ++i) {
    MgdIdQuad q = uses[i];
    q.s         = q.s == g ? staging : q.s;
    q.p         = q.p == g ? staging : q.p;
    q.o         = q.o == g ? staging : q.o;
    st          = mgd_txn_add(txn, &q, NULL);
  }
  mgd_free(uses);
  // The old graph leaves the counts, the new one enters them; then the old
  // one is hidden (it now bears the staging IRI) and the new one shown.
  st = st || !n_old ? st : count_graph(txn, g, -1);
  st = st ? st : count_graph(txn, staging, 1);
  if (!st) {
    txn->hidden[k]       = g;
    txn->hidden_owner[k] = 0U;
    txn->hidden_dirty    = true;
    if (!n_old) {
      hidden_drop(txn, (unsigned)k);
    }
  }
  return mgd_txn_fail(txn, st);
}

// A hidden graph nobody is writing: replaced, abandoned, or left by a
// process that died.
static bool
collectable(const uint64_t owner)
{
  if (!owner) {
    return true;
  }
  if (owner == (uint64_t)getpid()) {
    return false;
  }
  return kill((pid_t)owner, 0) && errno == ESRCH;
}

MgdStatus
mgd_txn_collect(MgdTxn* const txn, uint64_t budget, bool* const more)
{
  *more        = false;
  MgdStatus st = write_check(txn);
  for (unsigned i = txn->n_hidden; !st && i-- > 0U;) {
    if (!collectable(txn->hidden_owner[i])) {
      continue;
    }
    if (!budget) {
      *more = true;
      break;
    }
    const MgdIdQuad pattern = {0U, 0U, 0U, txn->hidden[i]};
    MgdIter*        it      = NULL;
    uint64_t        n       = 0U;
    MgdIdQuad       q;
    st = mgd_index_match_all(txn, &pattern, &it);
    while (!st && n < budget && !(st = mgd_index_next(it, &q))) {
      st = mgd_txn_remove_later(txn, &q);
      if (!(++n & 0xFFFF)) {
        mgd_store_release_map(txn->store);
      }
    }
    const bool left = !st && n == budget && !mgd_index_next(it, &q);
    mgd_index_free(it);
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
    // Removed while still hidden: only the per-graph count changes.
    st = st ? st : mgd_txn_bulk_flush(txn, NULL);
    budget -= n;
    if (!st && left) {
      *more = true;
      break;
    }
    if (!st) {
      hidden_drop(txn, i);
    }
  }
  return mgd_txn_fail(txn, st);
}
