// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Staged graphs (src/store/stage.c): a graph written over several
// checkpoints stays invisible until published, publishing replaces the old
// graph at once while other graphs' links to its IRI survive, statistics
// always equal what a scan counts, and collection removes every hidden quad.

#include "test.h"

#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];

static void
make_tmpdir(void)
{
  test_tmpdir_make(tmpdir, "mgd_test_stage_");
}

static void
remove_tmpdir(void)
{
  test_tmpdir_remove(tmpdir);
}

static MgdId
id_of(MgdTxn* txn, const char* iri)
{
  const MgdTerm t  = mgd_term_iri(mgd_str(iri));
  MgdId         id = 0U;
  CHECK(!mgd_txn_intern(txn, &t, &id));
  return id;
}

static void
add(MgdTxn* txn, const char* s, const char* p, const char* o, MgdId g)
{
  const MgdIdQuad q = {id_of(txn, s), id_of(txn, p), id_of(txn, o), g};
  CHECK(!mgd_txn_add(txn, &q, NULL));
}

static size_t
count(MgdTxn* txn, MgdId s, MgdId p, MgdId o, MgdId g)
{
  const MgdSource src = mgd_txn_source(txn);
  const MgdIdQuad pat = {s, p, o, g};
  MgdIter*        it  = NULL;
  MgdIdQuad       q;
  size_t          n = 0U;
  CHECK(!src.vt->match(src.handle, &pat, &it));
  while (!src.vt->next(it, &q)) {
    ++n;
  }
  src.vt->iter_free(it);
  return n;
}

/// Quads in the store, hidden graphs included.
static size_t
count_raw(MgdTxn* txn)
{
  const MgdIdQuad pat = {0U, 0U, 0U, 0U};
  MgdIter*        it  = NULL;
  MgdIdQuad       q;
  size_t          n = 0U;
  CHECK(!mgd_index_match_all(txn, &pat, &it));
  while (!mgd_index_next(it, &q)) {
    ++n;
  }
  mgd_index_free(it);
  return n;
}

typedef struct {
  MgdTxn* txn;
  char    kind;
  size_t  n;
  bool    ok;
} StatCheck;

static MgdStatus
stat_check(void* handle, MgdId id, uint64_t n)
{
  StatCheck* const c = (StatCheck*)handle;
  size_t           m = 0U;
  if (c->kind == 'p') {
    m = count(c->txn, 0U, id, 0U, 0U);
  } else if (c->kind == 'g') {
    m = count(c->txn, 0U, 0U, 0U, id);
  } else {
    m = count(c->txn, 0U, c->txn->rdf_type, id, 0U);
  }
  if (m != n) {
    fprintf(stderr, "  stats '%c' of %llx: %llu, scan %zu\n", c->kind,
            (unsigned long long)id, (unsigned long long)n, m);
    c->ok = false;
  }
  ++c->n;
  return MGD_SUCCESS;
}

/// Every statistic equals what a scan of the visible quads counts.
static bool
stats_consistent(MgdTxn* txn)
{
  MgdStoreStats st;
  CHECK(!mgd_txn_stats(txn, &st));
  bool ok = st.n_quads == count(txn, 0U, 0U, 0U, 0U);
  if (!ok) {
    fprintf(stderr, "  n %llu, scan %zu\n", (unsigned long long)st.n_quads,
            count(txn, 0U, 0U, 0U, 0U));
  }
  const char kinds[] = {'p', 'g', 'c'};
  for (unsigned k = 0U; k < 3U; ++k) {
    StatCheck c = {txn, kinds[k], 0U, true};
    CHECK(!mgd_txn_stats_each(txn, kinds[k], stat_check, &c));
    ok = ok && c.ok;
  }
  // The graph listing and the graph count agree and skip hidden graphs.
  const MgdSource src = mgd_txn_source(txn);
  MgdIter*        it  = NULL;
  MgdIdQuad       q;
  uint64_t        n_graphs = 0U;
  CHECK(!src.vt->graphs(src.handle, &it));
  while (!src.vt->next(it, &q)) {
    ok = ok && !mgd_txn_hidden(txn, q.g);
    ++n_graphs;
  }
  src.vt->iter_free(it);
  return ok && n_graphs == st.n_graphs;
}

static bool
term_is(MgdTxn* txn, MgdId id, const char* iri)
{
  const MgdSource src = mgd_txn_source(txn);
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  MgdTerm   t;
  const bool ok = !mgd_source_term(&src, id, &arena, &t) && mgd_str_eqc(t.value, iri);
  mgd_arena_clear(&arena);
  return ok;
}

#define G "http://ex.org/graph"
#define X "http://ex.org/other"
#define P "http://ex.org/p"
#define TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

static void
collect_all(MgdStore* store, uint64_t budget)
{
  for (bool more = true; more;) {
    MgdTxn* txn = NULL;
    CHECK(!mgd_txn_begin(store, true, &txn));
    CHECK(!mgd_txn_collect(txn, budget, &more));
    CHECK(stats_consistent(txn));
    CHECK(!mgd_txn_commit(txn));
  }
}

static void
test_stage_replace(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  const MgdId g_old = id_of(txn, G);
  const MgdId x     = id_of(txn, X);
  char        s[64];
  for (int i = 0; i < 5; ++i) {
    snprintf(s, sizeof(s), "http://ex.org/old%d", i);
    add(txn, s, P, "http://ex.org/o", g_old);
    add(txn, s, TYPE, "http://ex.org/OldClass", g_old);
  }
  add(txn, G, "http://ex.org/source", "http://ex.org/file", x);
  add(txn, "http://ex.org/a", "http://ex.org/link", G, x);
  CHECK(!mgd_txn_commit(txn));

  CHECK(!mgd_txn_begin(store, true, &txn));
  MgdId staging = 0U;
  CHECK(!mgd_txn_stage(txn, &staging));
  for (int i = 0; i < 6; ++i) {
    snprintf(s, sizeof(s), "http://ex.org/new%d", i);
    add(txn, s, P, "http://ex.org/o", staging);
    add(txn, s, TYPE, "http://ex.org/NewClass", staging);
  }
  uint64_t n_added = 0U;
  CHECK(!mgd_txn_checkpoint(txn, &n_added));
  add(txn, G, "http://ex.org/describes", "http://ex.org/study", staging);

  // A reader meanwhile sees the old graph only.
  MgdTxn* r = NULL;
  CHECK(!mgd_txn_begin(store, false, &r));
  CHECK(count(r, 0U, 0U, 0U, 0U) == 12U);
  CHECK(count(r, 0U, 0U, 0U, staging) == 0U);
  CHECK(count(r, 0U, 0U, 0U, g_old) == 10U);
  CHECK(stats_consistent(r));
  uint64_t est = 1U;
  const MgdSource rs  = mgd_txn_source(r);
  const MgdIdQuad gpat = {0U, 0U, 0U, staging};
  CHECK(!rs.vt->estimate(rs.handle, &gpat, &est) && est == 0U);
  mgd_txn_abort(r);
  CHECK(stats_consistent(txn));

  const MgdTerm gt = mgd_term_iri(mgd_str(G));
  CHECK(!mgd_txn_publish(txn, staging, &gt));
  CHECK(stats_consistent(txn));
  CHECK(!mgd_txn_commit(txn));

  CHECK(!mgd_txn_begin(store, false, &r));
  const MgdSource src = mgd_txn_source(r);
  MgdId           g   = 0U;
  CHECK(!mgd_source_lookup(&src, &gt, &g) && g == staging);
  CHECK(count(r, 0U, 0U, 0U, g) == 13U);
  CHECK(count(r, 0U, 0U, 0U, 0U) == 15U);
  CHECK(count(r, g, 0U, 0U, 0U) == 2U); // in X and in the new graph
  CHECK(count(r, 0U, 0U, g, x) == 1U);
  CHECK(term_is(r, g, G));
  CHECK(r->n_hidden == 1U && r->hidden[0] == g_old && !term_is(r, g_old, G));
  CHECK(count_raw(r) == 25U); // the old graph's 10 quads wait for collection
  CHECK(stats_consistent(r));
  mgd_txn_abort(r);

  collect_all(store, 3U);
  CHECK(!mgd_txn_begin(store, false, &r));
  CHECK(r->n_hidden == 0U && count_raw(r) == 15U && stats_consistent(r));
  mgd_txn_abort(r);
  mgd_store_close(store);
  remove_tmpdir();
}

// Bulk path and a graph IRI the store has never seen; then replace it again.
static void
test_stage_bulk_new_graph(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  for (int round = 0; round < 3; ++round) {
    MgdTxn* txn = NULL;
    CHECK(!mgd_txn_begin(store, true, &txn));
    MgdId staging = 0U;
    CHECK(!mgd_txn_stage(txn, &staging));
    const MgdSource src = mgd_txn_source(txn);
    MgdArena        arena;
    mgd_arena_init(&arena, 0U);
    MgdTerm st;
    CHECK(!mgd_source_term(&src, staging, &arena, &st));
    char s[64];
    for (int i = 0; i < 3000; ++i) {
      snprintf(s, sizeof(s), "http://ex.org/r%d/n%d", round, i % 1000);
      const MgdQuad q = {mgd_term_iri(mgd_str(s)),
                         mgd_term_iri(mgd_str(i % 3 ? P : TYPE)),
                         mgd_term_iri(mgd_str(i % 2 ? "http://ex.org/A" : "http://ex.org/B")),
                         st};
      CHECK(!mgd_txn_bulk_add(txn, &q));
      if (i % 1000 == 999) {
        CHECK(!mgd_txn_checkpoint(txn, NULL));
        CHECK(stats_consistent(txn));
        CHECK(count(txn, 0U, 0U, 0U, 0U) == (round ? 2000U : 0U));
      }
    }
    mgd_arena_clear(&arena);
    const MgdTerm gt = mgd_term_iri(mgd_str(G));
    CHECK(!mgd_txn_publish(txn, staging, &gt));
    CHECK(count(txn, 0U, 0U, 0U, 0U) == 2000U); // 3000 adds, 2000 distinct
    CHECK(stats_consistent(txn));
    CHECK(!mgd_txn_commit(txn));
    collect_all(store, 1000000U);
  }
  MgdTxn* r = NULL;
  CHECK(!mgd_txn_begin(store, false, &r));
  CHECK(r->n_hidden == 0U && count_raw(r) == 2000U && stats_consistent(r));
  mgd_txn_abort(r);
  mgd_store_close(store);
  remove_tmpdir();
}

// A staging given up, and one whose process died: both invisible, both
// collected; a live staging of this process is left alone.
static void
test_stage_abandoned(void)
{
  make_tmpdir();
  MgdStore* store = NULL;
  CHECK(!mgd_store_open(tmpdir, true, NULL, &store));
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(store, true, &txn));
  add(txn, "http://ex.org/keep", P, "http://ex.org/o", id_of(txn, G));
  MgdId given_up = 0U, live = 0U;
  CHECK(!mgd_txn_stage(txn, &given_up) && !mgd_txn_stage(txn, &live));
  add(txn, "http://ex.org/a", P, "http://ex.org/o", given_up);
  add(txn, "http://ex.org/b", P, "http://ex.org/o", live);
  CHECK(!mgd_txn_checkpoint(txn, NULL));
  CHECK(!mgd_txn_unstage(txn, given_up));
  CHECK(!mgd_txn_commit(txn));
  mgd_store_close(store);

  fflush(NULL);
  const pid_t child = fork();
  if (child == 0) {
    MgdStore* cs = NULL;
    MgdTxn*   ct = NULL;
    MgdId     sg = 0U;
    if (mgd_store_open(tmpdir, false, NULL, &cs) || mgd_txn_begin(cs, true, &ct) ||
        mgd_txn_stage(ct, &sg)) {
      _exit(1);
    }
    const MgdIdQuad q = {sg, sg, sg, sg};
    if (mgd_txn_add(ct, &q, NULL) || mgd_txn_checkpoint(ct, NULL)) {
      _exit(1);
    }
    _exit(0); // dies with the staging unpublished
  }
  int status = -1;
  CHECK(child > 0 && waitpid(child, &status, 0) == child && status == 0);

  CHECK(!mgd_store_open(tmpdir, false, NULL, &store));
  MgdTxn* r = NULL;
  CHECK(!mgd_txn_begin(store, false, &r));
  CHECK(count(r, 0U, 0U, 0U, 0U) == 1U && r->n_hidden == 3U && count_raw(r) == 4U);
  CHECK(stats_consistent(r));
  mgd_txn_abort(r);
  collect_all(store, 10U);
  CHECK(!mgd_txn_begin(store, false, &r));
  // The given-up and the orphaned staging are gone; "live" belongs to this
  // very process, which might still publish it.
  CHECK(r->n_hidden == 1U && r->hidden[0] == live && count_raw(r) == 2U);
  CHECK(stats_consistent(r));
  mgd_txn_abort(r);
  mgd_store_close(store);
  remove_tmpdir();
}

int
main(void)
{
  RUN(test_stage_replace);
  RUN(test_stage_bulk_new_graph);
  RUN(test_stage_abandoned);
  return TEST_SUMMARY();
}
