// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The term dictionary: id2term (id -> encoded term) and term2id (64-bit
// key of the encoded term -> ids; DUPFIXED so that a key collision only
// costs a second duplicate, checked against id2term).
//
// Encoding: one kind byte, then for literals one datatype code byte (common
// XSD/RDF datatypes get a code, others store their IRI with a 2-byte length),
// a language tag for rdf:langString (1-byte length, lower-cased: tags compare
// case-insensitively), then the lexical form or IRI.

#include "store_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_IRI = 'I', KIND_LITERAL = 'L' };
enum { DT_OTHER = 0xFF, DT_LANG = 1 };

// Terms kept in a write txn's encoded-term -> id cache before it restarts
// (the cache holds a copy of each term: unbounded it was ~100 bytes/term).
enum { CACHE_MAX = 1 << 19 };

static const char* const datatypes[] = {
  MGD_XSD_STRING,                                  // 0
  MGD_RDF_LANGSTRING,                              // 1
  MGD_XSD_INTEGER,                                 // 2
  MGD_XSD_DECIMAL,                                 // 3
  MGD_XSD_DOUBLE,                                  // 4
  MGD_XSD_BOOLEAN,                                 // 5
  MGD_XSD_DATETIME,                                // 6
  MGD_NS_XSD "date",                               // 7
  MGD_NS_XSD "float",                              // 8
  MGD_NS_XSD "anyURI",                             // 9
  MGD_NS_RDF "XMLLiteral",                         // 10
  MGD_NS_RDF "JSON",                               // 11
  MGD_NS_XSD "gYear",                              // 12
  MGD_NS_XSD "nonNegativeInteger",                 // 13
  MGD_NS_XSD "int",                                // 14
  MGD_NS_XSD "long",                               // 15
  MGD_NS_XSD "time",                               // 16
  MGD_NS_XSD "duration",                           // 17
  MGD_NS_XSD "positiveInteger",                    // 18
};
enum { N_DATATYPES = sizeof(datatypes) / sizeof(datatypes[0]) };

static unsigned
datatype_code(const MgdTerm* const term)
{
  if (term->lang.len) {
    return DT_LANG;
  }
  if (!term->datatype.len) {
    return 0U;
  }
  for (unsigned i = 0U; i < N_DATATYPES; ++i) {
    if (i != DT_LANG && mgd_str_eqc(term->datatype, datatypes[i])) {
      return i;
    }
  }
  return DT_OTHER;
}

MgdStatus
mgd_dict_encode(const MgdTerm* const term, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = MGD_SUCCESS;
  if (term->kind == MGD_TERM_IRI) {
    MGD_TRY(st, mgd_buf_putc(out, KIND_IRI));
    return mgd_buf_append(out, term->value.ptr, term->value.len);
  }
  if (term->kind != MGD_TERM_LITERAL) {
    return MGD_BAD_ARG;
  }
  const unsigned code = datatype_code(term);
  MGD_TRY(st, mgd_buf_putc(out, KIND_LITERAL));
  MGD_TRY(st, mgd_buf_putc(out, (char)code));
  if (code == DT_LANG) {
    if (term->lang.len > 255U) {
      return MGD_BAD_DATA;
    }
    MGD_TRY(st, mgd_buf_putc(out, (char)term->lang.len));
    for (size_t i = 0U; i < term->lang.len; ++i) {
      const char c = term->lang.ptr[i];
      MGD_TRY(st, mgd_buf_putc(out, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c));
    }
  } else if (code == DT_OTHER) {
    if (term->datatype.len > 65535U) {
      return MGD_BAD_DATA;
    }
    MGD_TRY(st, mgd_buf_putc(out, (char)(term->datatype.len >> 8U)));
    MGD_TRY(st, mgd_buf_putc(out, (char)(term->datatype.len & 0xFFU)));
    MGD_TRY(st, mgd_buf_append(out, term->datatype.ptr, term->datatype.len));
  }
  return mgd_buf_append(out, term->value.ptr, term->value.len);
}

MgdStatus
mgd_dict_decode(const void* const bytes, const size_t n, MgdTerm* const term)
{
  const char* const b    = (const char*)bytes;
  const MgdStr      none = {NULL, 0U};
  if (n < 1U) {
    return MGD_BAD_CORRUPT;
  }
  if (b[0] == KIND_IRI) {
    *term = mgd_term_iri(mgd_str_n(b + 1, n - 1U));
    return MGD_SUCCESS;
  }
  if (b[0] != KIND_LITERAL || n < 2U) {
    return MGD_BAD_CORRUPT;
  }
  const unsigned code = (unsigned char)b[1];
  size_t         pos  = 2U;
  MgdStr         dt   = none;
  MgdStr         lang = none;
  if (code == DT_LANG) {
    if (n < 3U || n < 3U + (unsigned char)b[2]) {
      return MGD_BAD_CORRUPT;
    }
    lang = mgd_str_n(b + 3, (unsigned char)b[2]);
    pos  = 3U + lang.len;
  } else if (code == DT_OTHER) {
    if (n < 4U) {
      return MGD_BAD_CORRUPT;
    }
    const size_t len = ((size_t)(unsigned char)b[2] << 8U) | (unsigned char)b[3];
    if (n < 4U + len) {
      return MGD_BAD_CORRUPT;
    }
    dt  = mgd_str_n(b + 4, len);
    pos = 4U + len;
  } else if (code >= N_DATATYPES) {
    return MGD_BAD_CORRUPT;
  } else if (code) {
    dt = mgd_str(datatypes[code]);
  }
  *term = mgd_term_literal(mgd_str_n(b + pos, n - pos), dt, lang);
  return MGD_SUCCESS;
}

// term2id's key: the top 24 bits hash the term's neighbourhood (its kind,
// datatype and language bytes and its text up to the last '/', else up to
// the last ':', else its first 8 bytes), the low 40 bits hash the whole
// term. Terms written together (the files of one directory, the IRIs of
// one namespace, the paths below one folder) share the top bits and land on
// neighbouring pages, so a write that adds N terms to a large dictionary
// dirties about N / 150 pages instead of up to N pages anywhere in it. The
// 40 bits leave few collisions within a neighbourhood (they cost one more
// id2term read).
static uint64_t
dict_key_of(const void* const bytes, const size_t len)
{
  const char* const b    = (const char*)bytes;
  size_t            head = 1U; // kind byte
  if (len >= 2U && b[0] == KIND_LITERAL) {
    const unsigned code = (unsigned char)b[1];
    head                = 2U;
    if (code == DT_LANG && len >= 3U) {
      head = 3U + (unsigned char)b[2];
    } else if (code == DT_OTHER && len >= 4U) {
      head = 4U + (((size_t)(unsigned char)b[2] << 8U) | (unsigned char)b[3]);
    }
  }
  head              = head < len ? head : len;
  const char* const text  = b + head;
  const size_t      n     = len - head;
  size_t            hood  = 0U;
  for (size_t i = n; i && !hood; --i) {
    hood = text[i - 1U] == '/' ? i : 0U;
  }
  for (size_t i = n; i && !hood; --i) {
    hood = text[i - 1U] == ':' ? i : 0U;
  }
  if (!hood) {
    hood = n < 8U ? n : 8U;
  }
  const uint64_t low  = ((uint64_t)1 << 40U) - 1U;
  const uint64_t top  = mgd_hash64(b, head + hood) & ~low;
  const uint64_t self = mgd_hash64(b, len) & low;
  return top | self;
}

static uint64_t
dict_key(const MgdBuf* const enc)
{
  return dict_key_of(enc->data, enc->len);
}

static MgdIdTag
dict_tag(const MgdTermKind kind)
{
  return kind == MGD_TERM_IRI ? MGD_TAG_IRI : MGD_TAG_LITERAL;
}

// Find the id of encoded bytes; MGD_FAILURE if absent.
static MgdStatus
dict_find(MgdTxn* const txn, const MgdBuf* const enc, MgdId* const id,
          uint8_t hash_key[8])
{
  mgd_be64_put(hash_key, dict_key(enc));
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->term2id, &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  MDB_val key = {8U, hash_key};
  MDB_val val = {0U, NULL};
  rc          = mdb_cursor_get(cur, &key, &val, MDB_SET_KEY);
  while (!rc) {
    const MgdId cand = mgd_be64_get((const uint8_t*)val.mv_data);
    uint8_t     ikey[8];
    mgd_be64_put(ikey, cand & MGD_ID_PAYLOAD_MASK);
    MDB_val k2 = {8U, ikey};
    MDB_val v2 = {0U, NULL};
    const int r2 = mdb_get(txn->txn, txn->store->id2term, &k2, &v2);
    if (r2) {
      mdb_cursor_close(cur);
      return r2 == MDB_NOTFOUND ? MGD_BAD_CORRUPT : mgd_store_status(r2);
    }
    if (v2.mv_size == enc->len && !memcmp(v2.mv_data, enc->data, enc->len)) {
      mdb_cursor_close(cur);
      *id = cand;
      return MGD_SUCCESS;
    }
    rc = mdb_cursor_get(cur, &key, &val, MDB_NEXT_DUP);
  }
  mdb_cursor_close(cur);
  // New terms of this txn not yet in term2id are all in its cache.
  return rc == MDB_NOTFOUND ? MGD_FAILURE : mgd_store_status(rc);
}

MgdStatus
mgd_dict_lookup(MgdTxn* const txn, const MgdTerm* const term, MgdId* const id)
{
  uint8_t   hkey[8];
  MgdStatus st = mgd_dict_encode(term, &txn->scratch);
  if (st) {
    return st;
  }
  // New terms of a write txn reach term2id only at flush; the cache has them.
  uint64_t cached = 0U;
  if (txn->write && !mgd_hashmap_get(&txn->cache, txn->scratch.data,
                                     txn->scratch.len, &cached)) {
    *id = cached;
    return MGD_SUCCESS;
  }
  return dict_find(txn, &txn->scratch, id, hkey);
}

static int
pending_cmp(const void* const a, const void* const b)
{
  const uint64_t* const x = (const uint64_t*)a;
  const uint64_t* const y = (const uint64_t*)b;
  if (x[0] != y[0]) {
    return x[0] < y[0] ? -1 : 1;
  }
  return (x[1] > y[1]) - (x[1] < y[1]);
}

MgdStatus
mgd_dict_flush(MgdTxn* const txn)
{
  if (!txn->n_pending) {
    return MGD_SUCCESS;
  }
  // Sorted by hash, the inserts walk the tree once from left to right.
  qsort(txn->pending, txn->n_pending, 2U * sizeof(uint64_t), pending_cmp);
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->term2id, &cur);
  for (size_t i = 0U; !rc && i < txn->n_pending; ++i) {
    uint8_t hkey[8];
    uint8_t ival[8];
    mgd_be64_put(hkey, txn->pending[2U * i]);
    mgd_be64_put(ival, txn->pending[2U * i + 1U]);
    MDB_val hk = {8U, hkey};
    MDB_val hv = {8U, ival};
    rc         = mdb_cursor_put(cur, &hk, &hv, 0U);
    if ((i & 0xFFFU) == 0xFFFU) {
      mgd_store_release_map(txn->store); // the walk reads every leaf
    }
  }
  mdb_cursor_close(cur);
  txn->n_pending = 0U;
  return mgd_store_status(rc);
}

// Pairs sorted per batch while term2id is rebuilt (16 bytes each).
enum { REKEY_BATCH = 1 << 21 };

static int
rekey_insert(MDB_txn* const txn, const MDB_dbi dbi, uint64_t* const pairs,
             const size_t n)
{
  qsort(pairs, n, 2U * sizeof(uint64_t), pending_cmp);
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn, dbi, &cur);
  for (size_t i = 0U; !rc && i < n; ++i) {
    uint8_t hkey[8];
    uint8_t ival[8];
    mgd_be64_put(hkey, pairs[2U * i]);
    mgd_be64_put(ival, pairs[2U * i + 1U]);
    MDB_val hk = {8U, hkey};
    MDB_val hv = {8U, ival};
    rc         = mdb_cursor_put(cur, &hk, &hv, 0U);
  }
  mdb_cursor_close(cur);
  return rc;
}

MgdStatus
mgd_dict_rekey(MgdStore* const store, MDB_txn* const txn)
{
  uint64_t* const pairs =
    (uint64_t*)mgd_malloc((size_t)REKEY_BATCH * 2U * sizeof(uint64_t));
  MDB_cursor* cur = NULL;
  int         rc  = pairs ? mdb_drop(txn, store->term2id, 0) : ENOMEM;
  rc              = rc ? rc : mdb_cursor_open(txn, store->id2term, &cur);
  MDB_val k       = {0U, NULL};
  MDB_val v       = {0U, NULL};
  size_t  n       = 0U;
  int     next    = rc ? rc : mdb_cursor_get(cur, &k, &v, MDB_FIRST);
  for (; !rc && !next; next = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    if (k.mv_size != 8U || !v.mv_size) {
      rc = MDB_CORRUPTED;
      break;
    }
    const uint8_t* const enc = (const uint8_t*)v.mv_data;
    const MgdIdTag       tag = enc[0] == KIND_IRI ? MGD_TAG_IRI : MGD_TAG_LITERAL;
    pairs[2U * n]      = dict_key_of(v.mv_data, v.mv_size);
    pairs[2U * n + 1U] = mgd_id_make(tag, mgd_be64_get((const uint8_t*)k.mv_data));
    if (++n == REKEY_BATCH) {
      rc = rekey_insert(txn, store->term2id, pairs, n);
      n  = 0U;
    }
  }
  if (!rc && next != MDB_NOTFOUND) {
    rc = next;
  }
  if (!rc && n) {
    rc = rekey_insert(txn, store->term2id, pairs, n);
  }
  if (cur) {
    mdb_cursor_close(cur);
  }
  mgd_free(pairs);
  return rc == ENOMEM ? MGD_BAD_ALLOC : mgd_store_status(rc);
}

MgdStatus
mgd_txn_new_blank(MgdTxn* const txn, MgdId* const id)
{
  if (!txn->write) {
    return MGD_BAD_ARG;
  }
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  *id = mgd_id_make(MGD_TAG_BLANK, txn->next_blank++);
  return MGD_SUCCESS;
}

// Blank labels are scoped to the unit of work, however large: past
// BLANKS_MAX labels in memory they move to the `blank_labels` table of
// this very txn (keyed by a 128-bit hash of the label), which is emptied
// before it commits. Memory stays bounded for files with millions of
// blank nodes; the table's pages count with LMDB's own dirty-page cap.
enum { BLANKS_MAX = 1 << 19 };

static MgdStatus
blank_spilled_get(MgdTxn* const txn, const MgdStr label, MgdId* const id)
{
  if (!txn->blanks_spilled) {
    return MGD_FAILURE;
  }
  uint64_t h[2];
  mgd_hash128(label.ptr, label.len, h);
  MDB_val   k  = {sizeof(h), h};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_get(txn->txn, txn->store->blank_labels, &k, &v);
  if (rc) {
    return rc == MDB_NOTFOUND ? MGD_FAILURE : mgd_store_status(rc);
  }
  if (v.mv_size != 8U) {
    return MGD_BAD_CORRUPT;
  }
  *id = mgd_be64_get((const uint8_t*)v.mv_data);
  return MGD_SUCCESS;
}

static MgdStatus
blank_spill(MgdTxn* const txn)
{
  const MgdHashMap* const map = &txn->blanks;
  int                     rc  = 0;
  for (size_t i = 0U; !rc && i < map->n_slots; ++i) {
    const MgdHashSlot* const sl = &map->slots[i];
    if (!sl->hash) {
      continue;
    }
    uint64_t h[2];
    uint8_t  id[8];
    mgd_hash128(sl->key, sl->n_key, h);
    mgd_be64_put(id, sl->value);
    MDB_val k = {sizeof(h), h};
    MDB_val v = {sizeof(id), id};
    rc        = mdb_put(txn->txn, txn->store->blank_labels, &k, &v, 0U);
  }
  if (rc) {
    return mgd_store_status(rc);
  }
  txn->blanks_spilled = true;
  mgd_hashmap_clear(&txn->blanks);
  mgd_hashmap_init(&txn->blanks);
  return MGD_SUCCESS;
}

MgdStatus
mgd_blank_scope_end(MgdTxn* const txn)
{
  mgd_hashmap_clear(&txn->blanks);
  mgd_hashmap_init(&txn->blanks);
  if (!txn->blanks_spilled) {
    return MGD_SUCCESS;
  }
  txn->blanks_spilled = false;
  return mgd_store_status(mdb_drop(txn->txn, txn->store->blank_labels, 0));
}

MgdStatus
mgd_txn_intern(MgdTxn* const txn, const MgdTerm* const term, MgdId* const id)
{
  if (txn->poisoned) {
    return MGD_BAD_TXN;
  }
  MgdStatus st = MGD_SUCCESS;
  switch (term->kind) {
  case MGD_TERM_NONE:
    *id = MGD_ID_DEFAULT_GRAPH;
    return MGD_SUCCESS;
  case MGD_TERM_BLANK: {
    if (!txn->write) {
      return MGD_FAILURE;
    }
    uint64_t found = 0U;
    if (!mgd_hashmap_get(&txn->blanks, term->value.ptr, term->value.len,
                         &found)) {
      *id = found;
      return MGD_SUCCESS;
    }
    st = blank_spilled_get(txn, term->value, id);
    if (st != MGD_FAILURE) {
      return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
    }
    *id = mgd_id_make(MGD_TAG_BLANK, txn->next_blank++);
    st  = mgd_hashmap_put(&txn->blanks, term->value.ptr, term->value.len, *id,
                          NULL, NULL);
    if (!st && txn->blanks.n_used >= BLANKS_MAX) {
      st = blank_spill(txn);
    }
    return st ? mgd_txn_fail(txn, st) : MGD_SUCCESS;
  }
  case MGD_TERM_IRI:
  case MGD_TERM_LITERAL:
    break;
  }
  if (mgd_id_inline(term, id)) {
    return MGD_SUCCESS;
  }
  if ((st = mgd_dict_encode(term, &txn->scratch))) {
    return mgd_txn_fail(txn, st);
  }
  uint64_t cached = 0U;
  if (txn->write && !mgd_hashmap_get(&txn->cache, txn->scratch.data,
                                     txn->scratch.len, &cached)) {
    *id = cached;
    return MGD_SUCCESS;
  }
  uint8_t hkey[8];
  st = dict_find(txn, &txn->scratch, id, hkey);
  if (st == MGD_FAILURE && txn->write) {
    const uint64_t seq = txn->next_id++;
    *id                = mgd_id_make(dict_tag(term->kind), seq);
    if (term->kind == MGD_TERM_IRI && !txn->rdf_type &&
        mgd_str_eqc(term->value, MGD_RDF_TYPE)) {
      txn->rdf_type = *id; // class statistics start with this very txn
    }
    uint8_t ikey[8];
    mgd_be64_put(ikey, seq);
    MDB_val   k  = {8U, ikey};
    MDB_val   v  = {txn->scratch.len, txn->scratch.data};
    const int rc = mdb_put(txn->txn, txn->store->id2term, &k, &v, MDB_APPEND);
    if (rc) {
      return mgd_txn_fail(txn, mgd_store_status(rc));
    }
    if (txn->n_pending == txn->c_pending) {
      const size_t    cap = txn->c_pending ? txn->c_pending * 2U : 4096U;
      uint64_t* const grown =
        (uint64_t*)mgd_realloc(txn->pending, cap * 2U * sizeof(uint64_t));
      if (!grown) {
        return mgd_txn_fail(txn, MGD_BAD_ALLOC);
      }
      txn->pending   = grown;
      txn->c_pending = cap;
    }
    txn->pending[2U * txn->n_pending]      = mgd_be64_get(hkey);
    txn->pending[2U * txn->n_pending + 1U] = *id;
    ++txn->n_pending;
    st = MGD_SUCCESS;
    // Each new term's lookup read a term2id page, at a random place when
    // its neighbourhood is large: every 4k of them may touch 16 MB of map.
    if ((txn->n_pending & 0xFFFU) == 0U) {
      mgd_store_release_map(txn->store);
    }
  }
  if (!st && txn->write && txn->cache.n_used >= CACHE_MAX) {
    // Bound the cache and the pending list: the new terms go to term2id
    // now (sorted, one pass), where later lookups of this txn find them.
    st = mgd_dict_flush(txn);
    mgd_store_release_map(txn->store);
    mgd_hashmap_clear(&txn->cache);
    mgd_hashmap_init(&txn->cache);
  }
  if (!st && txn->write) {
    const MgdStatus cst = mgd_hashmap_put(&txn->cache, txn->scratch.data,
                                          txn->scratch.len, *id, NULL, NULL);
    if (cst) {
      return mgd_txn_fail(txn, cst);
    }
  }
  return st > MGD_FAILURE ? mgd_txn_fail(txn, st) : st;
}

MgdStatus
mgd_dict_term(MgdTxn* const   txn,
              const MgdId     id,
              MgdArena* const arena,
              MgdTerm* const  term)
{
  const MgdIdTag tag = mgd_id_tag(id);
  if (tag == MGD_TAG_BLANK) {
    char* const label = (char*)mgd_arena_alloc(arena, 24U);
    if (!label) {
      return MGD_BAD_ALLOC;
    }
    const int n = snprintf(label, 24U, "b%llu",
                           (unsigned long long)(id & MGD_ID_PAYLOAD_MASK));
    *term = mgd_term_blank(mgd_str_n(label, (size_t)n));
    return MGD_SUCCESS;
  }
  if (tag != MGD_TAG_IRI && tag != MGD_TAG_LITERAL) {
    return MGD_FAILURE;
  }
  uint8_t ikey[8];
  mgd_be64_put(ikey, id & MGD_ID_PAYLOAD_MASK);
  MDB_val   k  = {8U, ikey};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_get(txn->txn, txn->store->id2term, &k, &v);
  if (rc) {
    return rc == MDB_NOTFOUND ? MGD_FAILURE : mgd_store_status(rc);
  }
  return mgd_dict_decode(v.mv_data, v.mv_size, term);
}

MgdStatus
mgd_txn_dict_each(MgdTxn* const txn, const uint64_t after,
                  const uint64_t upto,
                  MgdStatus (*const fn)(void*, MgdId, const MgdTerm*),
                  void* const handle)
{
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->id2term, &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  uint8_t   key[8];
  MDB_val   k  = {sizeof(key), key};
  MDB_val   v  = {0U, NULL};
  MgdStatus st = MGD_SUCCESS;
  mgd_be64_put(key, after + 1U);
  for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); !rc && !st;
       rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    const uint64_t seq = mgd_be64_get((const uint8_t*)k.mv_data);
    if (seq > upto) {
      break;
    }
    MgdTerm term;
    if (!(st = mgd_dict_decode(v.mv_data, v.mv_size, &term))) {
      st = fn(handle, mgd_id_make(dict_tag(term.kind), seq), &term);
    }
  }
  mdb_cursor_close(cur);
  return st ? st
            : (rc == MDB_NOTFOUND || !rc ? MGD_SUCCESS : mgd_store_status(rc));
}

MgdStatus
mgd_txn_dict_last(MgdTxn* const txn, uint64_t* const seq)
{
  MDB_cursor* cur = NULL;
  int         rc  = mdb_cursor_open(txn->txn, txn->store->id2term, &cur);
  if (rc) {
    return mgd_store_status(rc);
  }
  MDB_val k = {0U, NULL};
  MDB_val v = {0U, NULL};
  rc        = mdb_cursor_get(cur, &k, &v, MDB_LAST);
  *seq      = rc ? 0U : mgd_be64_get((const uint8_t*)k.mv_data);
  mdb_cursor_close(cur);
  return rc == MDB_NOTFOUND || !rc ? MGD_SUCCESS : mgd_store_status(rc);
}

// Encoded bytes of dictionary id `id` copied into `out`.
static MgdStatus
dict_bytes(MgdTxn* const txn, const MgdId id, MgdBuf* const out)
{
  uint8_t ikey[8];
  mgd_be64_put(ikey, id & MGD_ID_PAYLOAD_MASK);
  MDB_val   k  = {8U, ikey};
  MDB_val   v  = {0U, NULL};
  const int rc = mdb_get(txn->txn, txn->store->id2term, &k, &v);
  if (rc) {
    return rc == MDB_NOTFOUND ? MGD_BAD_CORRUPT : mgd_store_status(rc);
  }
  mgd_buf_reset(out);
  return mgd_buf_append(out, v.mv_data, v.mv_size);
}

// Point id2term[id] at `enc` and move term2id's entry for `enc` from `from`
// to `id` (from == 0: add it).
static MgdStatus
dict_point(MgdTxn* const txn, const MgdId id, const MgdBuf* const enc,
           const MgdId from)
{
  uint8_t ikey[8];
  uint8_t hkey[8];
  uint8_t val[8];
  mgd_be64_put(ikey, id & MGD_ID_PAYLOAD_MASK);
  mgd_be64_put(hkey, dict_key(enc));
  MDB_val k  = {8U, ikey};
  MDB_val v  = {enc->len, enc->data};
  int     rc = mdb_put(txn->txn, txn->store->id2term, &k, &v, 0U);
  MDB_val hk = {8U, hkey};
  MDB_val hv = {8U, val};
  if (!rc && from) {
    mgd_be64_put(val, from);
    rc = mdb_del(txn->txn, txn->store->term2id, &hk, &hv);
  }
  if (!rc) {
    mgd_be64_put(val, id);
    rc = mdb_put(txn->txn, txn->store->term2id, &hk, &hv, 0U);
  }
  return mgd_store_status(rc);
}

MgdStatus
mgd_dict_swap(MgdTxn* const txn, const MgdId a, const MgdId b)
{
  MgdBuf ea;
  MgdBuf eb;
  mgd_buf_init(&ea);
  mgd_buf_init(&eb);
  MgdStatus st = mgd_dict_flush(txn); // term2id must hold both
  st           = st ? st : dict_bytes(txn, a, &ea);
  st           = st ? st : dict_bytes(txn, b, &eb);
  st           = st ? st : dict_point(txn, a, &eb, b);
  st           = st ? st : dict_point(txn, b, &ea, a);
  mgd_buf_clear(&ea);
  mgd_buf_clear(&eb);
  mgd_hashmap_clear(&txn->cache);
  mgd_hashmap_init(&txn->cache);
  return st;
}

MgdStatus
mgd_dict_rename(MgdTxn* const txn, const MgdId id, const MgdTerm* const term)
{
  MgdBuf old;
  MgdBuf enc;
  mgd_buf_init(&old);
  mgd_buf_init(&enc);
  MgdStatus st = mgd_dict_flush(txn);
  st           = st ? st : dict_bytes(txn, id, &old);
  st           = st ? st : mgd_dict_encode(term, &enc);
  if (!st) {
    uint8_t hkey[8];
    uint8_t val[8];
    mgd_be64_put(hkey, dict_key(&old));
    mgd_be64_put(val, id);
    MDB_val   hk = {8U, hkey};
    MDB_val   hv = {8U, val};
    const int rc = mdb_del(txn->txn, txn->store->term2id, &hk, &hv);
    st           = mgd_store_status(rc);
  }
  st = st ? st : dict_point(txn, id, &enc, 0U);
  mgd_buf_clear(&old);
  mgd_buf_clear(&enc);
  mgd_hashmap_clear(&txn->cache);
  mgd_hashmap_init(&txn->cache);
  return st;
}
