// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "test.h"

#include "base/hash.h"
#include "rdf/memstore.h"
#include "store/store.h"

#include <lmdb.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static void
make_tmpdir(void)
{
  test_tmpdir_make(tmpdir, "mgd_test_store_");
}

static void
remove_tmpdir(void)
{
  test_tmpdir_remove(tmpdir);
}

static MgdTerm
iri(const char* s)
{
  return mgd_term_iri(mgd_str(s));
}

static void
test_free_null(void)
{
  mgd_store_close(NULL);
  mgd_txn_abort(NULL);
  CHECK(1);
}

static void
test_missing_store(void)
{
  MgdStore* store = NULL;
  CHECK(mgd_store_open("/tmp/definitely/not/here", false, NULL, &store) ==
        MGD_FAILURE);
  CHECK(store == NULL);
}

static void
test_intern_roundtrip(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdTerm terms[] = {
    iri("http://ex.org/a"),
    mgd_term_literal(mgd_str("a long string literal"), mgd_str(NULL), mgd_str(NULL)),
    mgd_term_literal(mgd_str("Hallo Welt"), mgd_str(NULL), mgd_str("de-CH")),
    mgd_term_literal(mgd_str("1.50"), mgd_str(MGD_XSD_DECIMAL), mgd_str(NULL)),
    mgd_term_literal(mgd_str("x y z w"), mgd_str("http://ex.org/dt"), mgd_str(NULL)),
    mgd_term_literal(mgd_str("007"), mgd_str(MGD_XSD_INTEGER), mgd_str(NULL)),
    mgd_term_literal(mgd_str("7"), mgd_str(MGD_XSD_INTEGER), mgd_str(NULL)),
  };
  MgdId ids[7];
  for (size_t i = 0U; i < 7U; ++i) {
    CHECK(!mgd_txn_intern(txn, &terms[i], &ids[i]));
  }
  CHECK(ids[5] != ids[6]); // "007" and "7" are different RDF terms
  MgdId again = 0U;
  CHECK(!mgd_txn_intern(txn, &terms[2], &again) && again == ids[2]);
  CHECK(!mgd_txn_commit(txn));

  CHECK(!mgd_txn_begin(store, false, &txn));
  const MgdSource src = mgd_txn_source(txn);
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  for (size_t i = 0U; i < 7U; ++i) {
    MgdId id = 0U;
    CHECK(!mgd_source_lookup(&src, &terms[i], &id) && id == ids[i]);
    MgdTerm back;
    CHECK(!mgd_source_term(&src, ids[i], &arena, &back));
    if (i == 2U) { // language tags are stored lower-case
      CHECK(mgd_str_eqc(back.lang, "de-ch") && mgd_str_eqc(back.value, "Hallo Welt"));
    } else {
      CHECK(mgd_term_eq(&back, &terms[i]));
    }
  }
  const MgdTerm absent = iri("http://ex.org/absent");
  MgdId         id     = 0U;
  CHECK(mgd_source_lookup(&src, &absent, &id) == MGD_FAILURE);
  mgd_arena_clear(&arena);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

// Random quads go into the store and into the memstore; every pattern shape
// must give the same answers from both.
static unsigned rng = 12345U;
static unsigned
next_rand(void)
{
  rng = rng * 1103515245U + 12345U;
  return (rng >> 8U) & 0xFFFFU;
}

static MgdQuad
random_quad(char bufs[4][64])
{
  snprintf(bufs[0], 64, "http://ex.org/s%u", next_rand() % 20U);
  snprintf(bufs[1], 64, "http://ex.org/p%u", next_rand() % 5U);
  snprintf(bufs[2], 64, "object number %u", next_rand() % 30U);
  snprintf(bufs[3], 64, "http://ex.org/g%u", next_rand() % 4U);
  MgdQuad q = {iri(bufs[0]), iri(bufs[1]),
               mgd_term_literal(mgd_str(bufs[2]), mgd_str(NULL), mgd_str(NULL)),
               iri(bufs[3])};
  if (next_rand() % 5U == 0U) {
    q.g = mgd_term_none();
  }
  return q;
}

static size_t
count_matches(const MgdSource* src, const MgdIdQuad* pattern)
{
  MgdIter*  it = NULL;
  MgdIdQuad q;
  size_t    n = 0U;
  CHECK(!src->vt->match(src->handle, pattern, &it));
  while (!src->vt->next(it, &q)) {
    CHECK((!pattern->s || q.s == pattern->s) && (!pattern->p || q.p == pattern->p) &&
          (!pattern->o || q.o == pattern->o) && (!pattern->g || q.g == pattern->g));
    ++n;
  }
  src->vt->iter_free(it);
  return n;
}

static MgdId
translate(const MgdSource* from, const MgdSource* to, MgdId id, MgdArena* arena)
{
  if (!id) {
    return 0U;
  }
  MgdTerm t;
  CHECK(!mgd_source_term(from, id, arena, &t));
  MgdId out = 0U;
  CHECK(!mgd_source_lookup(to, &t, &out));
  return out;
}

static void
test_patterns_match_reference(void)
{
  make_tmpdir();
  MgdStore*    store = NULL;
  MgdMemStore* ref   = mgd_memstore_new();
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  // Half through the bulk path (in two txns), half one by one.
  for (int round = 0; round < 3; ++round) {
    MgdTxn* txn = NULL;
    CHECK(!mgd_txn_begin(store, true, &txn));
    for (int i = 0; i < 700; ++i) {
      char    bufs[4][64];
      MgdQuad q = random_quad(bufs);
      CHECK(!mgd_memstore_add(ref, &q, NULL));
      if (round < 2) {
        CHECK(!mgd_txn_bulk_add(txn, &q));
      } else {
        MgdIdQuad ids;
        CHECK(!mgd_txn_intern(txn, &q.s, &ids.s) && !mgd_txn_intern(txn, &q.p, &ids.p) &&
              !mgd_txn_intern(txn, &q.o, &ids.o) && !mgd_txn_intern(txn, &q.g, &ids.g));
        CHECK(!mgd_txn_add(txn, &ids, NULL));
      }
    }
    CHECK(!mgd_txn_commit(txn));
  }
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, false, &txn));
  const MgdSource src  = mgd_txn_source(txn);
  const MgdSource rsrc = mgd_memstore_source(ref);
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  MgdStoreStats stats;
  CHECK(!mgd_txn_stats(txn, &stats));
  CHECK(stats.n_quads == mgd_memstore_size(ref));
  // Take patterns from real quads, with every subset of positions bound.
  MgdIter* it = NULL;
  const MgdIdQuad any = {0U, 0U, 0U, 0U};
  CHECK(!rsrc.vt->match(rsrc.handle, &any, &it));
  MgdIdQuad rq;
  int       n_checked = 0;
  while (!rsrc.vt->next(it, &rq) && n_checked < 40) {
    ++n_checked;
    for (unsigned mask = 0U; mask < 16U; ++mask) {
      const MgdIdQuad rp = {mask & 1U ? rq.s : 0U, mask & 2U ? rq.p : 0U,
                            mask & 4U ? rq.o : 0U, mask & 8U ? rq.g : 0U};
      MgdIdQuad sp = {translate(&rsrc, &src, rp.s, &arena),
                      translate(&rsrc, &src, rp.p, &arena),
                      translate(&rsrc, &src, rp.o, &arena), 0U};
      sp.g = rp.g == MGD_ID_DEFAULT_GRAPH ? MGD_ID_DEFAULT_GRAPH
                                          : translate(&rsrc, &src, rp.g, &arena);
      const size_t want = count_matches(&rsrc, &rp);
      const size_t got  = count_matches(&src, &sp);
      if (want != got) {
        fprintf(stderr, "mask %u: want %zu got %zu\n", mask, want, got);
      }
      CHECK(want == got);
      uint64_t estimate = 0U;
      CHECK(!src.vt->estimate(src.handle, &sp, &estimate));
      CHECK((estimate == 0U) == (want == 0U));
    }
  }
  rsrc.vt->iter_free(it);
  CHECK(n_checked == 40);
  mgd_arena_clear(&arena);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  mgd_memstore_free(ref);
  remove_tmpdir();
}

static void
test_remove_and_clear_graph(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  MgdIdQuad q[3];
  const MgdTerm g1 = iri("http://ex.org/g1");
  const MgdTerm g2 = iri("http://ex.org/g2");
  const MgdTerm s  = iri("http://ex.org/s");
  const MgdTerm p  = iri("http://ex.org/p");
  CHECK(!mgd_txn_intern(txn, &s, &q[0].s) && !mgd_txn_intern(txn, &p, &q[0].p));
  CHECK(!mgd_txn_intern(txn, &g1, &q[0].g));
  q[0].o = q[0].s;
  q[1]   = q[0];
  q[1].o = q[0].p;
  q[2]   = q[0];
  CHECK(!mgd_txn_intern(txn, &g2, &q[2].g));
  for (int i = 0; i < 3; ++i) {
    bool added = false;
    CHECK(!mgd_txn_add(txn, &q[i], &added) && added);
  }
  bool added = true;
  CHECK(!mgd_txn_add(txn, &q[0], &added) && !added);
  uint64_t n = 0U;
  CHECK(!mgd_txn_clear_graph(txn, q[0].g, &n) && n == 2U);
  bool removed = false;
  CHECK(!mgd_txn_remove(txn, &q[2], &removed) && removed);
  CHECK(!mgd_txn_remove(txn, &q[2], &removed) && !removed);
  CHECK(!mgd_txn_commit(txn));
  CHECK(!mgd_txn_begin(store, false, &txn));
  MgdStoreStats stats;
  CHECK(!mgd_txn_stats(txn, &stats) && stats.n_quads == 0U && stats.n_graphs == 0U);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

static void
test_abort_leaves_store_unchanged(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdQuad q = {iri("http://ex.org/s"), iri("http://ex.org/p"),
                     iri("http://ex.org/o"), mgd_term_none()};
  CHECK(!mgd_txn_bulk_add(txn, &q));
  mgd_txn_abort(txn);
  CHECK(!mgd_txn_begin(store, false, &txn));
  MgdStoreStats stats;
  CHECK(!mgd_txn_stats(txn, &stats) && stats.n_quads == 0U);
  const MgdSource src = mgd_txn_source(txn);
  MgdId           id  = 0U;
  CHECK(mgd_source_lookup(&src, &q.s, &id) == MGD_FAILURE);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

static void
test_blank_scope(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdTerm b = mgd_term_blank(mgd_str("x"));
  MgdId         a1 = 0U, a2 = 0U, a3 = 0U;
  CHECK(!mgd_txn_intern(txn, &b, &a1) && !mgd_txn_intern(txn, &b, &a2));
  CHECK(a1 == a2);
  mgd_txn_reset_blank_scope(txn);
  CHECK(!mgd_txn_intern(txn, &b, &a3) && a3 != a1);
  CHECK(mgd_id_kind(a3) == MGD_TERM_BLANK);
  CHECK(!mgd_txn_commit(txn));
  mgd_store_close(store);
  remove_tmpdir();
}

static void
test_write_sees_bulk_quads(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdQuad q = {iri("http://ex.org/s"), iri("http://ex.org/p"),
                     iri("http://ex.org/o"), iri("http://ex.org/g")};
  CHECK(!mgd_txn_bulk_add(txn, &q));
  const MgdSource src = mgd_txn_source(txn);
  MgdId           s   = 0U;
  CHECK(!mgd_source_lookup(&src, &q.s, &s));
  const MgdIdQuad pattern = {s, 0U, 0U, 0U};
  CHECK(count_matches(&src, &pattern) == 1U);
  uint64_t n = 0U;
  CHECK(!mgd_txn_bulk_flush(txn, &n) && n == 1U);
  CHECK(!mgd_txn_commit(txn));
  mgd_store_close(store);
  remove_tmpdir();
}

static void
test_class_estimate_exact(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdTerm type = iri(MGD_RDF_TYPE);
  const MgdTerm cls  = iri("http://ex.org/Image");
  for (int i = 0; i < 5000; ++i) {
    char s[64];
    snprintf(s, sizeof(s), "http://ex.org/img%d", i);
    const MgdQuad q = {iri(s), type, cls, mgd_term_none()};
    CHECK(!mgd_txn_bulk_add(txn, &q));
  }
  CHECK(!mgd_txn_commit(txn));
  CHECK(!mgd_txn_begin(store, false, &txn));
  const MgdSource src = mgd_txn_source(txn);
  MgdIdQuad       pat = {0U, 0U, 0U, 0U};
  CHECK(!mgd_source_lookup(&src, &type, &pat.p) && !mgd_source_lookup(&src, &cls, &pat.o));
  uint64_t n = 0U;
  CHECK(!src.vt->estimate(src.handle, &pat, &n) && n == 5000U);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

// Write the store's format version record directly, as another mugdat would.
static int
put_version(MDB_txn* const txn, const MDB_dbi meta, const unsigned char version)
{
  unsigned char v[8] = {0, 0, 0, 0, 0, 0, 0, version};
  MDB_val       k    = {14U, (void*)"format_version"};
  MDB_val       val  = {8U, v};
  return mdb_put(txn, meta, &k, &val, 0);
}

static void
test_version_refused(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  mgd_store_close(store);
  // Rewrite the version record as a future format would.
  MDB_env* env = NULL;
  MDB_txn* txn = NULL;
  MDB_dbi  dbi = 0;
  CHECK(!mdb_env_create(&env) && !mdb_env_set_maxdbs(env, 16));
  CHECK(!mdb_env_open(env, tmpdir, 0, 0644));
  CHECK(!mdb_txn_begin(env, NULL, 0, &txn) && !mdb_dbi_open(txn, "meta", 0, &dbi));
  CHECK(!put_version(txn, dbi, 99U) && !mdb_txn_commit(txn));
  mdb_env_close(env);
  store = NULL;
  CHECK(mgd_store_open(tmpdir, false, NULL, &store) == MGD_BAD_VERSION);
  CHECK(store == NULL);
  remove_tmpdir();
}

static uint64_t
be64_get(const void* const p)
{
  const uint8_t* const b = (const uint8_t*)p;
  uint64_t             v = 0U;
  for (unsigned i = 0U; i < 8U; ++i) {
    v = (v << 8U) | b[i];
  }
  return v;
}

static void
be64_put(uint8_t* const b, uint64_t v)
{
  for (unsigned i = 8U; i--; v >>= 8U) {
    b[i] = (uint8_t)v;
  }
}

// A format-2 store (term2id keyed by XXH3 of the whole encoded term) is
// upgraded when opened: every term keeps its id, is found by lookups, and
// interning it again creates nothing new.
static void
test_version_2_upgraded(void)
{
  make_tmpdir();
  enum { N = 3000 };
  MgdStore* store = NULL;
  MgdTxn*   txn   = NULL;
  MgdTerm   terms[N];
  MgdId     ids[N];
  char      bufs[N][64];
  for (unsigned i = 0U; i < N; ++i) {
    if (i % 3U == 0U) {
      snprintf(bufs[i], 64, "http://ex.org/dir%u/file%u.tif", i % 17U, i);
      terms[i] = iri(bufs[i]);
    } else if (i % 3U == 1U) {
      snprintf(bufs[i], 64, "urn:uuid:%08x-%u", i * 2654435761U, i);
      terms[i] = iri(bufs[i]);
    } else {
      snprintf(bufs[i], 64, "a longer literal number %u", i);
      terms[i] = mgd_term_literal(mgd_str(bufs[i]), mgd_str(NULL),
                                  mgd_str(i % 2U ? "en" : NULL));
    }
  }
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  CHECK(!mgd_txn_begin(store, true, &txn));
  for (unsigned i = 0U; i < N; ++i) {
    CHECK(!mgd_txn_intern(txn, &terms[i], &ids[i]));
  }
  CHECK(!mgd_txn_commit(txn));
  mgd_store_close(store);

  // Rewrite term2id as format 2 did and mark the store as version 2.
  MDB_env* env = NULL;
  MDB_dbi  meta = 0;
  MDB_dbi  i2t  = 0;
  MDB_dbi  t2i  = 0;
  CHECK(!mdb_env_create(&env) && !mdb_env_set_maxdbs(env, 16));
  CHECK(!mdb_env_open(env, tmpdir, 0, 0644));
  MDB_txn* lt = NULL;
  CHECK(!mdb_txn_begin(env, NULL, 0, &lt));
  CHECK(!mdb_dbi_open(lt, "meta", 0, &meta) && !mdb_dbi_open(lt, "id2term", 0, &i2t));
  CHECK(!mdb_dbi_open(lt, "term2id", MDB_DUPSORT | MDB_DUPFIXED, &t2i));
  CHECK(!mdb_drop(lt, t2i, 0));
  MDB_cursor* cur = NULL;
  MDB_val     k   = {0U, NULL};
  MDB_val     v   = {0U, NULL};
  unsigned    n   = 0U;
  CHECK(!mdb_cursor_open(lt, i2t, &cur));
  for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); !rc;
       rc     = mdb_cursor_get(cur, &k, &v, MDB_NEXT), ++n) {
    const uint64_t seq = be64_get(k.mv_data);
    const MgdId    id  = mgd_id_make(((const char*)v.mv_data)[0] == 'I'
                                       ? MGD_TAG_IRI : MGD_TAG_LITERAL, seq);
    uint8_t        hk[8];
    uint8_t        iv[8];
    be64_put(hk, mgd_hash64(v.mv_data, v.mv_size));
    be64_put(iv, id);
    MDB_val hkey = {8U, hk};
    MDB_val ival = {8U, iv};
    CHECK(!mdb_put(lt, t2i, &hkey, &ival, 0));
  }
  mdb_cursor_close(cur);
  CHECK(n >= N);
  CHECK(!put_version(lt, meta, 2U) && !mdb_txn_commit(lt));
  mdb_env_close(env);

  store = NULL;
  CHECK(!mgd_store_open(tmpdir, false, NULL, &store));
  MgdStoreStats stats;
  CHECK(store && !mgd_txn_begin(store, false, &txn));
  CHECK(!mgd_txn_stats(txn, &stats) && stats.version == MGD_STORE_FORMAT_VERSION);
  mgd_txn_abort(txn);
  const uint64_t terms_before = stats.n_terms;
  CHECK(!mgd_txn_begin(store, true, &txn));
  unsigned same = 0U;
  for (unsigned i = 0U; i < N; ++i) {
    MgdId id = 0U;
    same += !mgd_txn_intern(txn, &terms[i], &id) && id == ids[i];
  }
  CHECK(same == N);
  CHECK(!mgd_txn_commit(txn));
  CHECK(!mgd_txn_begin(store, false, &txn));
  CHECK(!mgd_txn_stats(txn, &stats) && stats.n_terms == terms_before);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

// Random single adds, removes, bulk runs and a graph drop over a small
// universe of quads whose ids mix every tag, checked against a bitmap after
// each transaction: this drives the index blocks through splits, merges,
// first-quad changes and emptied blocks.
enum { U_S = 40, U_P = 6, U_O = 60, U_G = 4, U_N = U_S * U_P * U_O * U_G };

typedef struct {
  MgdTerm terms[U_S + U_P + U_O + U_G];
  char    bufs[U_S + U_P + U_O + U_G][48];
  MgdId   ids[U_S + U_P + U_O + U_G];
} Universe;

static void
universe_init(Universe* u)
{
  unsigned t = 0U;
  for (unsigned i = 0U; i < U_S; ++i, ++t) {
    snprintf(u->bufs[t], 48, "http://ex.org/node/%u", i * 7919U);
    u->terms[t] = iri(u->bufs[t]);
  }
  for (unsigned i = 0U; i < U_P; ++i, ++t) {
    snprintf(u->bufs[t], 48, "http://ex.org/p%u", i);
    u->terms[t] = iri(u->bufs[t]);
  }
  static const char* const ints[] = {"0", "-1", "7", "-576460752303423488",
                                     "576460752303423487", "123456789"};
  for (unsigned i = 0U; i < U_O; ++i, ++t) {
    switch (i % 4U) {
    case 0U: // IRIs shared with subjects: chains
      u->terms[t] = u->terms[(i / 4U) % U_S];
      break;
    case 1U: // inline integers, some at the ends of the range
      snprintf(u->bufs[t], 48, "%s", i < 24U ? ints[i / 4U] : "42");
      if (i >= 24U) {
        snprintf(u->bufs[t], 48, "%u", i * 1000003U);
      }
      u->terms[t] = mgd_term_literal(mgd_str(u->bufs[t]), mgd_str(MGD_XSD_INTEGER),
                                     mgd_str(NULL));
      break;
    case 2U: // inline short strings
      snprintf(u->bufs[t], 48, "v%u", i);
      u->terms[t] = mgd_term_literal(mgd_str(u->bufs[t]), mgd_str(NULL), mgd_str(NULL));
      break;
    default: // dictionary literals with a language
      snprintf(u->bufs[t], 48, "a longer literal number %u", i);
      u->terms[t] = mgd_term_literal(mgd_str(u->bufs[t]), mgd_str(NULL), mgd_str("en"));
      break;
    }
  }
  u->terms[t++] = mgd_term_none();
  for (unsigned i = 1U; i < U_G; ++i, ++t) {
    snprintf(u->bufs[t], 48, "http://ex.org/graph/%u", i);
    u->terms[t] = iri(u->bufs[t]);
  }
}

static void
universe_quad(const Universe* u, unsigned x, MgdQuad* q, MgdIdQuad* ids)
{
  const unsigned g = x % U_G;
  x /= U_G;
  const unsigned o = x % U_O;
  x /= U_O;
  const unsigned p = x % U_P;
  const unsigned s = x / U_P;
  const unsigned base_p = U_S, base_o = U_S + U_P, base_g = U_S + U_P + U_O;
  if (q) {
    const MgdQuad t = {u->terms[s], u->terms[base_p + p], u->terms[base_o + o],
                       u->terms[base_g + g]};
    *q = t;
  }
  if (ids) {
    const MgdIdQuad t = {u->ids[s], u->ids[base_p + p], u->ids[base_o + o],
                         u->ids[base_g + g]};
    *ids = t;
  }
}

static unsigned
universe_find(const Universe* u, const MgdIdQuad* q)
{
  unsigned s = 0U, p = 0U, o = 0U, g = 0U;
  while (s < U_S && u->ids[s] != q->s) ++s;
  while (p < U_P && u->ids[U_S + p] != q->p) ++p;
  while (o < U_O && u->ids[U_S + U_P + o] != q->o) ++o;
  while (g < U_G && u->ids[U_S + U_P + U_O + g] != q->g) ++g;
  CHECK(s < U_S && p < U_P && o < U_O && g < U_G);
  return ((s * U_P + p) * U_O + o) * U_G + g;
}

static void
check_against_bitmap(MgdStore* store, const Universe* u, const unsigned char* in)
{
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, false, &txn));
  const MgdSource src = mgd_txn_source(txn);
  static unsigned char seen[U_N];
  memset(seen, 0, sizeof(seen));
  size_t          want = 0U;
  const MgdIdQuad any  = {0U, 0U, 0U, 0U};
  MgdIter*        it   = NULL;
  MgdIdQuad       q;
  CHECK(!src.vt->match(src.handle, &any, &it));
  size_t got = 0U;
  while (!src.vt->next(it, &q)) {
    const unsigned x = universe_find(u, &q);
    CHECK(in[x] && !seen[x]);
    seen[x] = 1U;
    ++got;
  }
  src.vt->iter_free(it);
  for (unsigned x = 0U; x < U_N; ++x) {
    want += in[x];
  }
  CHECK(got == want);
  MgdStoreStats stats;
  CHECK(!mgd_txn_stats(txn, &stats) && stats.n_quads == want);
  // Every pattern shape, bound from random quads of the universe.
  for (unsigned mask = 1U; mask < 16U; ++mask) {
    for (unsigned r = 0U; r < 12U; ++r) {
      MgdIdQuad b;
      universe_quad(u, (next_rand() * 65536U + next_rand()) % U_N, NULL, &b);
      const MgdIdQuad pat = {mask & 1U ? b.s : 0U, mask & 2U ? b.p : 0U,
                             mask & 4U ? b.o : 0U, mask & 8U ? b.g : 0U};
      size_t expect = 0U;
      for (unsigned x = 0U; x < U_N; ++x) {
        MgdIdQuad c;
        universe_quad(u, x, NULL, &c);
        expect += in[x] && (!pat.s || pat.s == c.s) && (!pat.p || pat.p == c.p) &&
                  (!pat.o || pat.o == c.o) && (!pat.g || pat.g == c.g);
      }
      const size_t n_got = count_matches(&src, &pat);
      if (n_got != expect) {
        fprintf(stderr, "mask %u: %zu quads, want %zu\n", mask, n_got, expect);
      }
      CHECK(n_got == expect);
      uint64_t est = 0U;
      CHECK(!src.vt->estimate(src.handle, &pat, &est));
      CHECK((est == 0U) == (expect == 0U));
      if (mask == 2U || mask == 8U) {
        CHECK(est == expect); // predicate and graph counts are exact
      }
    }
  }
  // Ranges of object ids (sorted where an index puts o after the bound
  // positions, filtered elsewhere), against the bitmap.
  for (unsigned r = 0U; r < 40U; ++r) {
    MgdIdQuad b;
    universe_quad(u, (next_rand() * 65536U + next_rand()) % U_N, NULL, &b);
    MgdIdQuad a2;
    universe_quad(u, (next_rand() * 65536U + next_rand()) % U_N, NULL, &a2);
    const MgdId     lo   = a2.o < b.o ? a2.o : b.o;
    const MgdId     hi   = a2.o < b.o ? b.o : a2.o;
    const unsigned  mask = r % 4U; // none, p, g, s bound
    const MgdIdQuad pat  = {mask == 3U ? b.s : 0U, mask == 1U ? b.p : 0U, 0U,
                            mask == 2U ? b.g : 0U};
    size_t          expect = 0U;
    for (unsigned x = 0U; x < U_N; ++x) {
      MgdIdQuad c;
      universe_quad(u, x, NULL, &c);
      expect += in[x] && (!pat.s || pat.s == c.s) && (!pat.p || pat.p == c.p) &&
                (!pat.g || pat.g == c.g) && c.o >= lo && c.o <= hi;
    }
    MgdIter* rit = NULL;
    CHECK(!src.vt->match_range(src.handle, &pat, 2U, lo, hi, &rit));
    size_t n_got = 0U;
    while (!src.vt->next(rit, &q)) {
      CHECK(q.o >= lo && q.o <= hi && (!pat.p || q.p == pat.p));
      ++n_got;
    }
    src.vt->iter_free(rit);
    if (n_got != expect) {
      fprintf(stderr, "range mask %u: %zu quads, want %zu\n", mask, n_got, expect);
    }
    CHECK(n_got == expect);
  }
  mgd_txn_abort(txn);
}

static void
test_blocks_random_edits(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  static Universe      u;
  static unsigned char in[U_N];
  memset(in, 0, sizeof(in));
  universe_init(&u);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  for (unsigned t = 0U; t < U_S + U_P + U_O + U_G; ++t) {
    CHECK(!mgd_txn_intern(txn, &u.terms[t], &u.ids[t]));
  }
  CHECK(!mgd_txn_commit(txn));
  for (unsigned round = 0U; round < 14U; ++round) {
    CHECK(!mgd_txn_begin(store, true, &txn));
    const bool bulk = round % 3U == 0U;
    for (unsigned op = 0U; op < (bulk ? 6000U : 1500U); ++op) {
      const unsigned x = (next_rand() * 65536U + next_rand()) % U_N;
      MgdQuad        q;
      MgdIdQuad      ids;
      universe_quad(&u, x, &q, &ids);
      if (bulk) {
        CHECK(!mgd_txn_bulk_add(txn, &q));
        in[x] = 1U;
      } else if (next_rand() % 10U < 6U) {
        bool added = false;
        CHECK(!mgd_txn_add(txn, &ids, &added));
        CHECK(added == !in[x]);
        in[x] = 1U;
      } else {
        bool removed = false;
        CHECK(!mgd_txn_remove(txn, &ids, &removed));
        CHECK(removed == !!in[x]);
        in[x] = 0U;
      }
    }
    if (round == 10U) {
      uint64_t n = 0U, want = 0U;
      for (unsigned x = 0U; x < U_N; ++x) {
        if (x % U_G == 2U) {
          want += in[x];
          in[x] = 0U;
        }
      }
      CHECK(!mgd_txn_clear_graph(txn, u.ids[U_S + U_P + U_O + 2U], &n));
      CHECK(n == want);
    }
    CHECK(!mgd_txn_commit(txn));
    check_against_bitmap(store, &u, in);
  }
  mgd_store_close(store);
  remove_tmpdir();
}

// Queued removals and queued adds keep the order of the calls: each queue
// is flushed before the other takes a quad, and reads see both.
static void
test_queued_remove_order(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdQuad a = {iri("http://ex.org/a"), iri("http://ex.org/p"), iri("http://ex.org/x"),
                     mgd_term_none()};
  const MgdQuad b = {iri("http://ex.org/b"), iri("http://ex.org/p"), iri("http://ex.org/x"),
                     iri("http://ex.org/g")};
  MgdIdQuad     ia, ib;
  CHECK(!mgd_txn_bulk_add(txn, &a) && !mgd_txn_bulk_add(txn, &b));
  CHECK(!mgd_txn_intern(txn, &a.s, &ia.s) && !mgd_txn_intern(txn, &a.p, &ia.p) &&
        !mgd_txn_intern(txn, &a.o, &ia.o) && !mgd_txn_intern(txn, &a.g, &ia.g));
  CHECK(!mgd_txn_intern(txn, &b.s, &ib.s) && !mgd_txn_intern(txn, &b.p, &ib.p) &&
        !mgd_txn_intern(txn, &b.o, &ib.o) && !mgd_txn_intern(txn, &b.g, &ib.g));
  CHECK(!mgd_txn_remove_later(txn, &ia));
  CHECK(!mgd_txn_remove_later(txn, &ia)); // twice: removed once
  MgdSource       src = mgd_txn_source(txn);
  const MgdIdQuad any = {0U, 0U, 0U, 0U};
  CHECK(count_matches(&src, &any) == 1U);
  CHECK(!mgd_txn_remove_later(txn, &ib));
  CHECK(!mgd_txn_bulk_add(txn, &b)); // re-added after its removal
  CHECK(count_matches(&src, &any) == 1U);
  const MgdIdQuad pb = {ib.s, 0U, 0U, 0U};
  CHECK(count_matches(&src, &pb) == 1U);
  CHECK(!mgd_txn_remove_later(txn, &ib));
  CHECK(!mgd_txn_commit(txn)); // commit applies the queued removal
  CHECK(!mgd_txn_begin(store, false, &txn));
  src = mgd_txn_source(txn);
  CHECK(count_matches(&src, &any) == 0U);
  MgdStoreStats stats;
  CHECK(!mgd_txn_stats(txn, &stats) && stats.n_quads == 0U);
  mgd_txn_abort(txn);
  mgd_store_close(store);
  remove_tmpdir();
}

int
main(void)
{
  RUN(test_free_null);
  RUN(test_missing_store);
  RUN(test_intern_roundtrip);
  RUN(test_patterns_match_reference);
  RUN(test_remove_and_clear_graph);
  RUN(test_abort_leaves_store_unchanged);
  RUN(test_blank_scope);
  RUN(test_write_sees_bulk_quads);
  RUN(test_class_estimate_exact);
  RUN(test_version_refused);
  RUN(test_version_2_upgraded);
  RUN(test_blocks_random_edits);
  RUN(test_queued_remove_order);
  return TEST_SUMMARY();
}
