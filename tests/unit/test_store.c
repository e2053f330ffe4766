// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "test.h"

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
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/mgd_test_store_XXXXXX");
  CHECK(mkdtemp(tmpdir) != NULL);
}

static void
remove_tmpdir(void)
{
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
  CHECK(system(cmd) == 0);
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
  unsigned char v[8] = {0, 0, 0, 0, 0, 0, 0, 99};
  MDB_val       k    = {14U, (void*)"format_version"};
  MDB_val       val  = {8U, v};
  CHECK(!mdb_put(txn, dbi, &k, &val, 0) && !mdb_txn_commit(txn));
  mdb_env_close(env);
  store = NULL;
  CHECK(mgd_store_open(tmpdir, false, NULL, &store) == MGD_BAD_VERSION);
  CHECK(store == NULL);
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
  return TEST_SUMMARY();
}
