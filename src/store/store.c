// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Environment, transactions, statistics and backup.
//
// Transaction lifecycle: begin (write txns take the store's write lock and
// load the id counters from `meta`) -> any number of calls (an error poisons
// a write txn) -> commit (flush bulk quads, statistics deltas and counters,
// then mdb_txn_commit) or abort. MDB_MAP_FULL anywhere grows the map; the
// caller redoes the unit of work.

#include "store_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAP_SIZE_INITIAL ((size_t)1 << 36) // 64 GiB of address space

MgdStatus
mgd_store_status(const int rc)
{
  switch (rc) {
  case 0: return MGD_SUCCESS;
  case MDB_NOTFOUND: return MGD_FAILURE;
  case MDB_MAP_FULL: return MGD_BAD_FULL;
  case MDB_CORRUPTED:
  case MDB_PAGE_NOTFOUND:
  case MDB_INVALID: return MGD_BAD_CORRUPT;
  case MDB_VERSION_MISMATCH: return MGD_BAD_VERSION;
  case ENOMEM: return MGD_BAD_ALLOC;
  case EACCES:
  case EIO:
  case ENOSPC:
  case ENOENT: return MGD_BAD_IO;
  default: break;
  }
  return MGD_BAD_INTERNAL;
}

MgdStatus
mgd_txn_fail(MgdTxn* const txn, const MgdStatus st)
{
  if (st > MGD_FAILURE && txn->write && !txn->poisoned) {
    txn->poisoned = st;
    if (st == MGD_BAD_FULL) {
      // Grow now; the unit of work is redone by the caller in a new txn.
      txn->store->map_size *= 2U;
    }
  }
  return st;
}

static const char* const meta_version = "format_version";
static const char* const meta_next_id = "next_id";
static const char* const meta_next_blank = "next_blank";

static MgdStatus
meta_get_u64(MDB_txn* const txn, const MDB_dbi dbi, const char* const name,
             uint64_t* const value)
{
  MDB_val   k  = {strlen(name), (void*)name};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_get(txn, dbi, &k, &v);
  if (rc) {
    return mgd_store_status(rc);
  }
  if (v.mv_size != 8U) {
    return MGD_BAD_CORRUPT;
  }
  *value = mgd_be64_get((const uint8_t*)v.mv_data);
  return MGD_SUCCESS;
}

static MgdStatus
meta_put_u64(MDB_txn* const txn, const MDB_dbi dbi, const char* const name,
             const uint64_t value)
{
  uint8_t bytes[8];
  mgd_be64_put(bytes, value);
  MDB_val k = {strlen(name), (void*)name};
  MDB_val v = {8U, bytes};
  return mgd_store_status(mdb_put(txn, dbi, &k, &v, 0U));
}

static MgdStatus
store_open_dbs(MgdStore* const store, const bool create)
{
  MDB_txn*  txn = NULL;
  int       rc  = mdb_txn_begin(store->env, NULL, 0U, &txn);
  MgdStatus st  = mgd_store_status(rc);
  if (st) {
    return st;
  }
  const unsigned c = create ? MDB_CREATE : 0U;
  rc = mdb_dbi_open(txn, "meta", c, &store->meta);
  if (rc == MDB_NOTFOUND) {
    mdb_txn_abort(txn);
    return MGD_FAILURE;
  }
  // The version first: an older store's databases may have other flags.
  uint64_t version = 0U;
  st = rc ? mgd_store_status(rc)
          : meta_get_u64(txn, store->meta, meta_version, &version);
  // Format 2 differs only in term2id's keys: rebuilt below, in this txn.
  const bool upgrade = !st && version == 2U && MGD_STORE_FORMAT_VERSION == 3U;
  if (!st && version != MGD_STORE_FORMAT_VERSION && !upgrade) {
    mdb_txn_abort(txn);
    return mgd_diag(store->diag, MGD_BAD_VERSION, MGD_LEVEL_ERROR, store->path,
                    0U, 0U, NULL,
                    "store has format version %llu but this mugdat reads "
                    "version %u; dump it with the matching mugdat and reload",
                    (unsigned long long)version, MGD_STORE_FORMAT_VERSION);
  }
  const bool fresh = st == MGD_FAILURE && create;
  if (st == MGD_FAILURE && !create) {
    st = MGD_BAD_CORRUPT;
  }
  if (!st || fresh) {
    rc = mdb_dbi_open(txn, "id2term", c, &store->id2term);
    if (!rc) {
      rc = mdb_dbi_open(txn, "term2id", c | MDB_DUPSORT | MDB_DUPFIXED,
                        &store->term2id);
    }
    if (!rc) {
      rc = mdb_dbi_open(txn, "stats", c, &store->stats);
    }
    if (!rc) { // empty between units of work; made by stores of any age
      rc = mdb_dbi_open(txn, "blank_labels", MDB_CREATE, &store->blank_labels);
    }
    for (unsigned i = 0U; !rc && i < N_INDEXES; ++i) {
      rc = mdb_dbi_open(txn, mgd_index_defs[i].name, c, &store->index[i]);
    }
    st = rc ? mgd_store_status(rc) : MGD_SUCCESS;
  }
  if (!st && upgrade) {
    mgd_diag(store->diag, MGD_SUCCESS, MGD_LEVEL_NOTE, store->path, 0U, 0U,
             NULL, "upgrading the store from format version 2 to %u "
             "(rebuilding the term index)", MGD_STORE_FORMAT_VERSION);
    st = mgd_dict_rekey(store, txn);
    st = st ? st
            : meta_put_u64(txn, store->meta, meta_version,
                           MGD_STORE_FORMAT_VERSION);
  }
  if (!st && fresh) {
    st = meta_put_u64(txn, store->meta, meta_version, MGD_STORE_FORMAT_VERSION);
    if (!st) {
      st = meta_put_u64(txn, store->meta, meta_next_id, 1U);
    }
    if (!st) {
      st = meta_put_u64(txn, store->meta, meta_next_blank, 1U);
    }
  }
  if (st) {
    mdb_txn_abort(txn);
    return st;
  }
  return mgd_store_status(mdb_txn_commit(txn));
}

MgdStatus
mgd_store_open(const char* const        dir,
               const bool               create,
               const MgdDiagSink* const diag,
               MgdStore** const         out)
{
  *out = NULL;
  struct stat sb;
  if (stat(dir, &sb)) {
    if (!create) {
      return mgd_diag(diag, MGD_FAILURE, MGD_LEVEL_ERROR, dir, 0U, 0U, NULL,
                      "no store here (run 'mugdat init --db %s')", dir);
    }
    if (mkdir(dir, 0755) && errno != EEXIST) {
      return mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, dir, 0U, 0U, NULL,
                      "cannot create directory: %s", strerror(errno));
    }
  }
  char data_path[4096];
  snprintf(data_path, sizeof(data_path), "%s/data.mdb", dir);
  if (!create && stat(data_path, &sb)) {
    return mgd_diag(diag, MGD_FAILURE, MGD_LEVEL_ERROR, dir, 0U, 0U, NULL,
                    "no store here (run 'mugdat init --db %s')", dir);
  }
  MgdStore* const store = (MgdStore*)mgd_calloc(1U, sizeof(MgdStore));
  if (!store) {
    return MGD_BAD_ALLOC;
  }
  store->path     = mgd_strndup(dir, strlen(dir));
  store->diag     = diag;
  store->map_size = MAP_SIZE_INITIAL;
  // Operators on hosts that limit address space start smaller; the map
  // still grows on MDB_MAP_FULL (and the tests start tiny to exercise it).
  const char* const env_map = getenv("MUGDAT_MAP_SIZE");
  if (env_map && *env_map) {
    char*                    end = NULL;
    const unsigned long long v   = strtoull(env_map, &end, 10);
    if (end && !*end && v >= ((size_t)1 << 20)) {
      store->map_size = (size_t)v;
    }
  }
  if (stat(data_path, &sb) == 0 && (size_t)sb.st_size * 2U > store->map_size) {
    store->map_size = (size_t)sb.st_size * 2U;
  }
  pthread_mutex_init(&store->write_lock, NULL);
  int rc = store->path ? mdb_env_create(&store->env) : ENOMEM;
  if (!rc) {
    rc = mdb_env_set_maxdbs(store->env, 16U);
  }
  if (!rc) {
    rc = mdb_env_set_maxreaders(store->env, 512U);
  }
  if (!rc) {
    rc = mdb_env_set_mapsize(store->env, store->map_size);
  }
  if (!rc) {
    rc = mdb_env_open(store->env, dir, MDB_NOTLS | MDB_NORDAHEAD, 0644);
  }
  MgdStatus st = mgd_store_status(rc);
  if (rc) {
    mgd_diag(diag, st, MGD_LEVEL_ERROR, dir, 0U, 0U, NULL,
             "cannot open store: %s", mdb_strerror(rc));
  } else {
    st = store_open_dbs(store, create);
  }
  if (st) {
    mgd_store_close(store);
    return st;
  }
  *out = store;
  return MGD_SUCCESS;
}

void
mgd_store_close(MgdStore* const store)
{
  if (store) {
    if (store->env) {
      mdb_env_close(store->env);
    }
    pthread_mutex_destroy(&store->write_lock);
    mgd_free(store->path);
    mgd_free(store);
  }
}

const char*
mgd_store_path(const MgdStore* const store)
{
  return store->path;
}

// What a txn reads when its LMDB txn begins: the id counters (writes), the
// id of rdf:type (class statistics) and the hidden graphs.
static MgdStatus
txn_load(MgdTxn* const txn)
{
  MgdStore* const store = txn->store;
  MgdStatus       st    = MGD_SUCCESS;
  if (txn->write) {
    st = meta_get_u64(txn->txn, store->meta, meta_next_id, &txn->next_id);
    if (!st) {
      st = meta_get_u64(txn->txn, store->meta, meta_next_blank,
                        &txn->next_blank);
    }
    txn->ids_loaded   = txn->next_id;
    txn->blank_loaded = txn->next_blank;
  }
  if (!st) {
    const MgdTerm   type = mgd_term_iri(mgd_str(MGD_RDF_TYPE));
    MgdId           id   = 0U;
    const MgdStatus ts   = mgd_dict_lookup(txn, &type, &id);
    txn->rdf_type        = ts ? 0U : id;
    if (ts > MGD_FAILURE) {
      st = ts;
    }
  }
  return st ? st : mgd_hidden_load(txn);
}

static void
txn_free(MgdTxn* const txn)
{
  mgd_hashmap_clear(&txn->blanks);
  mgd_hashmap_clear(&txn->cache);
  mgd_hashmap_clear(&txn->stat_delta);
  mgd_buf_clear(&txn->scratch);
  mgd_free(txn->bulk);
  mgd_free(txn->run);
  mgd_free(txn->rm);
  for (unsigned i = 0U; i < 4U; ++i) {
    mgd_buf_clear(&txn->memo[i].iri);
  }
  mgd_free(txn->pending);
  if (txn->write) {
    pthread_mutex_unlock(&txn->store->write_lock);
  }
  mgd_free(txn);
}

MgdStatus
mgd_txn_begin(MgdStore* const store, const bool write, MgdTxn** const out)
{
  *out              = NULL;
  MgdTxn* const txn = (MgdTxn*)mgd_calloc(1U, sizeof(MgdTxn));
  if (!txn) {
    return MGD_BAD_ALLOC;
  }
  txn->store = store;
  mgd_hashmap_init(&txn->blanks);
  mgd_hashmap_init(&txn->cache);
  mgd_hashmap_init(&txn->stat_delta);
  mgd_buf_init(&txn->scratch);
  for (unsigned i = 0U; i < 4U; ++i) {
    mgd_buf_init(&txn->memo[i].iri);
  }
  if (write) {
    pthread_mutex_lock(&store->write_lock);
    txn->write = true;
    // A previous txn hit MAP_FULL and asked for more room.
    MDB_envinfo info;
    if (!mdb_env_info(store->env, &info) && info.me_mapsize < store->map_size) {
      mdb_env_set_mapsize(store->env, store->map_size);
    }
  }
  const int rc = mdb_txn_begin(store->env, NULL, write ? 0U : MDB_RDONLY,
                               &txn->txn);
  MgdStatus st = mgd_store_status(rc);
  st           = st ? st : txn_load(txn);
  if (st) {
    if (txn->txn) {
      mdb_txn_abort(txn->txn);
    }
    txn_free(txn);
    return st == MGD_FAILURE ? MGD_BAD_CORRUPT : st;
  }
  *out = txn;
  return MGD_SUCCESS;
}

// Everything a write txn holds in memory goes to LMDB: queued quads and
// removals, new terms, statistics, counters, the hidden-graph list. With
// `end_scope`, blank labels are forgotten (and their spill table emptied).
static MgdStatus
txn_write_back(MgdTxn* const txn, const bool end_scope, uint64_t* const n_added)
{
  MgdStatus st = txn->poisoned;
  if (!st) {
    st = mgd_txn_bulk_flush(txn, n_added);
    if (!st && end_scope) {
      st = mgd_blank_scope_end(txn); // spilled labels never reach the disk
    }
    if (!st) {
      st = mgd_dict_flush(txn);
    }
    if (!st) {
      st = mgd_stats_flush(txn);
    }
    if (!st && txn->next_id != txn->ids_loaded) {
      st = meta_put_u64(txn->txn, txn->store->meta, meta_next_id, txn->next_id);
    }
    if (!st) {
      mgd_store_release_map(txn->store);
    }
    if (!st && txn->next_blank != txn->blank_loaded) {
      st = meta_put_u64(txn->txn, txn->store->meta, meta_next_blank,
                        txn->next_blank);
    }
    if (!st) {
      st = mgd_hidden_save(txn);
    }
  }
  return mgd_txn_fail(txn, st);
}

MgdStatus
mgd_txn_commit(MgdTxn* const txn)
{
  MgdStatus st = txn->poisoned;
  if (!st && txn->write) {
    st = txn_write_back(txn, true, NULL);
  }
  mgd_index_pool_clear(txn);
  if (st) {
    if (txn->txn) { // a failed checkpoint leaves none
      mdb_txn_abort(txn->txn);
    }
  } else {
    st = mgd_store_status(mdb_txn_commit(txn->txn));
    if (st == MGD_BAD_FULL) {
      txn->store->map_size *= 2U;
    }
  }
  txn_free(txn);
  return st;
}

void
mgd_txn_abort(MgdTxn* const txn)
{
  if (txn) {
    mgd_index_pool_clear(txn);
    if (txn->txn) {
      mdb_txn_abort(txn->txn);
    }
    txn_free(txn);
  }
}

uint64_t
mgd_txn_new_terms(const MgdTxn* const txn)
{
  return txn->next_id - txn->ids_loaded;
}

MgdStatus
mgd_txn_checkpoint(MgdTxn* const txn, uint64_t* const n_added)
{
  if (n_added) {
    *n_added = 0U;
  }
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  // Spilled blank labels live in this LMDB txn's table only.
  const bool commit = !txn->blanks_spilled;
  MgdStatus  st     = txn_write_back(txn, false, n_added);
  if (st || !commit) {
    return st;
  }
  mgd_index_pool_clear(txn);
  MgdStore* const store = txn->store;
  st = mgd_store_status(mdb_txn_commit(txn->txn));
  txn->txn = NULL;
  if (st == MGD_BAD_FULL) {
    store->map_size *= 2U;
  }
  MDB_envinfo info;
  if (!st && !mdb_env_info(store->env, &info) &&
      info.me_mapsize < store->map_size) {
    mdb_env_set_mapsize(store->env, store->map_size);
  }
  if (!st) {
    st = mgd_store_status(mdb_txn_begin(store->env, NULL, 0U, &txn->txn));
  }
  // Another process may have written in between (new ids, a published
  // graph whose IRI now has another id): forget what was cached.
  mgd_hashmap_clear(&txn->cache);
  mgd_hashmap_init(&txn->cache);
  for (unsigned i = 0U; i < 4U; ++i) {
    txn->memo[i].iri.len = 0U;
  }
  st = st ? st : txn_load(txn);
  return mgd_txn_fail(txn, st);
}

void
mgd_txn_reset_blank_scope(MgdTxn* const txn)
{
  const MgdStatus st = mgd_blank_scope_end(txn);
  if (st) {
    mgd_txn_fail(txn, st);
  }
}

// Statistics: key = kind byte + 8-byte id, value = 8-byte count. Deltas are
// summed in memory during the txn and written once at commit.
MgdStatus
mgd_stats_bump(MgdTxn* const txn, const char kind, const MgdId id,
               const int64_t delta)
{
  uint8_t key[9];
  key[0] = (uint8_t)kind;
  mgd_be64_put(key + 1, id);
  uint64_t*       value = NULL;
  const MgdStatus st    =
    mgd_hashmap_ref(&txn->stat_delta, key, sizeof(key), &value, NULL);
  if (!st) {
    *value = (uint64_t)((int64_t)*value + delta);
  }
  return st;
}

MgdStatus
mgd_stats_quad(MgdTxn* const txn, const MgdIdQuad* const q, const int64_t delta)
{
  MgdStatus st = MGD_SUCCESS;
  MGD_TRY(st, mgd_stats_bump(txn, 'g', q->g, delta));
  if (mgd_txn_hidden(txn, q->g)) {
    return MGD_SUCCESS; // counted when published (stage.c)
  }
  MGD_TRY(st, mgd_stats_bump(txn, 'p', q->p, delta));
  MGD_TRY(st, mgd_stats_bump(txn, 'n', 0U, delta));
  if (txn->rdf_type && q->p == txn->rdf_type) {
    MGD_TRY(st, mgd_stats_bump(txn, 'c', q->o, delta));
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_stats_get(MgdTxn* const txn, const char kind, const MgdId id,
              uint64_t* const count)
{
  uint8_t key[9];
  key[0] = (uint8_t)kind;
  mgd_be64_put(key + 1, id);
  MDB_val   k      = {sizeof(key), key};
  MDB_val   v      = {0U, NULL};
  int64_t   stored = 0;
  const int rc     = mdb_get(txn->txn, txn->store->stats, &k, &v);
  if (!rc && v.mv_size == 8U) {
    stored = (int64_t)mgd_be64_get((const uint8_t*)v.mv_data);
  } else if (rc && rc != MDB_NOTFOUND) {
    return mgd_store_status(rc);
  }
  uint64_t delta = 0U;
  if (txn->write) {
    (void)mgd_hashmap_get(&txn->stat_delta, key, sizeof(key), &delta);
  }
  stored += (int64_t)delta;
  *count = stored > 0 ? (uint64_t)stored : 0U;
  return MGD_SUCCESS;
}

MgdStatus
mgd_stats_flush(MgdTxn* const txn)
{
  const MgdHashMap* const map = &txn->stat_delta;
  for (size_t i = 0U; i < map->n_slots; ++i) {
    const MgdHashSlot* const s = &map->slots[i];
    if (!s->hash || !s->value) {
      continue;
    }
    MDB_val  k     = {s->n_key, (void*)s->key};
    MDB_val  v     = {0U, NULL};
    int64_t  count = 0;
    int      rc    = mdb_get(txn->txn, txn->store->stats, &k, &v);
    if (!rc && v.mv_size == 8U) {
      count = (int64_t)mgd_be64_get((const uint8_t*)v.mv_data);
    } else if (rc && rc != MDB_NOTFOUND) {
      return mgd_store_status(rc);
    }
    count += (int64_t)s->value;
    if (count <= 0) {
      rc = mdb_del(txn->txn, txn->store->stats, &k, NULL);
      rc = rc == MDB_NOTFOUND ? 0 : rc;
    } else {
      uint8_t bytes[8];
      mgd_be64_put(bytes, (uint64_t)count);
      MDB_val nv = {8U, bytes};
      rc         = mdb_put(txn->txn, txn->store->stats, &k, &nv, 0U);
    }
    if (rc) {
      return mgd_store_status(rc);
    }
  }
  mgd_hashmap_clear(&txn->stat_delta);
  mgd_hashmap_init(&txn->stat_delta);
  return MGD_SUCCESS;
}

MgdStatus
mgd_txn_stats_each(MgdTxn* const txn, const char kind,
                   MgdStatus (*fn)(void*, MgdId, uint64_t), void* const handle)
{
  if (txn->write) {
    // Pending quads and statistics deltas count too.
    MgdStatus st = mgd_txn_sync(txn);
    if (st || (st = mgd_stats_flush(txn))) {
      return st;
    }
  }
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->stats, &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  uint8_t   start[9] = {(uint8_t)kind, 0, 0, 0, 0, 0, 0, 0, 0};
  MDB_val   k        = {sizeof(start), start};
  MDB_val   v        = {0U, NULL};
  MgdStatus st       = MGD_SUCCESS;
  rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
  while (!rc && !st && k.mv_size == 9U && ((uint8_t*)k.mv_data)[0] == (uint8_t)kind) {
    const MgdId id = mgd_be64_get((const uint8_t*)k.mv_data + 1);
    if (kind != 'g' || !mgd_txn_hidden(txn, id)) {
      st = fn(handle, id, mgd_be64_get((const uint8_t*)v.mv_data));
    }
    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
  }
  mdb_cursor_close(cur);
  return st ? st : (rc == MDB_NOTFOUND || !rc ? MGD_SUCCESS : mgd_store_status(rc));
}

static MgdStatus
count_graph(void* const handle, const MgdId id, const uint64_t count)
{
  (void)count;
  if (id != MGD_ID_DEFAULT_GRAPH) {
    ++*(uint64_t*)handle;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_txn_stats(MgdTxn* const txn, MgdStoreStats* const stats)
{
  memset(stats, 0, sizeof(*stats));
  MgdStatus st = mgd_stats_get(txn, 'n', 0U, &stats->n_quads);
  if (st) {
    return st;
  }
  MDB_stat  ms;
  const int rc = mdb_stat(txn->txn, txn->store->id2term, &ms);
  if (rc) {
    return mgd_store_status(rc);
  }
  stats->n_terms = ms.ms_entries;
  MDB_envinfo info;
  MDB_stat    env_stat;
  if (!mdb_env_info(txn->store->env, &info) &&
      !mdb_env_stat(txn->store->env, &env_stat)) {
    stats->n_bytes   = (uint64_t)(info.me_last_pgno + 1U) * env_stat.ms_psize;
    stats->map_bytes = info.me_mapsize;
  }
  stats->version  = MGD_STORE_FORMAT_VERSION;
  stats->n_hidden = txn->n_hidden;
  for (unsigned i = 0U; !st && i < txn->n_hidden; ++i) {
    uint64_t n = 0U;
    st         = mgd_stats_get(txn, 'g', txn->hidden[i], &n);
    stats->n_hidden_quads += n;
  }
  return st ? st : mgd_txn_stats_each(txn, 'g', count_graph, &stats->n_graphs);
}

MgdStatus
mgd_store_backup(MgdStore* const store, const char* const out)
{
  if (mkdir(out, 0755) && errno != EEXIST) {
    return mgd_diag(store->diag, MGD_BAD_IO, MGD_LEVEL_ERROR, out, 0U, 0U, NULL,
                    "cannot create directory: %s", strerror(errno));
  }
  const int rc = mdb_env_copy2(store->env, out, MDB_CP_COMPACT);
  if (rc) {
    return mgd_diag(store->diag, mgd_store_status(rc), MGD_LEVEL_ERROR, out, 0U,
                    0U, NULL, "backup failed: %s", mdb_strerror(rc));
  }
  return MGD_SUCCESS;
}
