// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The memstore's indexed matching against a brute-force reference: every
// pattern shape (each of s, p, o, g bound or not, with present and absent
// ids), after additions, removals and re-additions; estimates; graphs().

#undef NDEBUG

#include "test.h"

#include "base/alloc.h"
#include "rdf/memstore.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define N_TERMS 7U

/// The reference: quads present, in the order the store must return them
/// (insertion order of first addition).
typedef struct {
  MgdIdQuad quads[4096];
  bool      live[4096];
  size_t    n;
} Ref;

static uint64_t rng = 88172645463325252ULL;

static unsigned
rand_below(const unsigned n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static MgdTerm
term_of(const unsigned pos, const unsigned i, char* const buf)
{
  if (pos == 3U && i == 0U) {
    return mgd_term_none(); // default graph
  }
  snprintf(buf, 64, "http://ex.org/%c%u", "spog"[pos], i);
  if (pos == 2U && i % 3U == 2U) {
    return mgd_term_literal(mgd_str(buf), mgd_str(NULL), mgd_str(NULL));
  }
  return mgd_term_iri(mgd_str(buf));
}

static bool
ref_matches(const MgdIdQuad* const q, const MgdIdQuad* const p)
{
  return (!p->s || p->s == q->s) && (!p->p || p->p == q->p) &&
         (!p->o || p->o == q->o) && (!p->g || p->g == q->g);
}

static bool
same(const MgdIdQuad* const a, const MgdIdQuad* const b)
{
  return a->s == b->s && a->p == b->p && a->o == b->o && a->g == b->g;
}

/// Every pattern shape over ids taken from `ids` (one per position, some
/// of them absent from the store).
static void
check_all_patterns(MgdMemStore* const store, const Ref* const ref,
                   const MgdId ids[N_TERMS + 1U][4])
{
  const MgdSource src = mgd_memstore_source(store);
  for (unsigned shape = 0U; shape < 16U; ++shape) {
    for (unsigned trial = 0U; trial < 12U; ++trial) {
      MgdIdQuad pat = {0U, 0U, 0U, 0U};
      MgdId*    f[4] = {&pat.s, &pat.p, &pat.o, &pat.g};
      for (unsigned k = 0U; k < 4U; ++k) {
        if (shape & (1U << k)) {
          *f[k] = ids[rand_below(N_TERMS + 1U)][k];
        }
      }
      MgdIter* it = NULL;
      CHECK(!src.vt->match(src.handle, &pat, &it));
      size_t    r  = 0U;
      size_t    n  = 0U;
      bool      ok = true;
      MgdIdQuad got;
      while (src.vt->next(it, &got) == MGD_SUCCESS) {
        while (r < ref->n && (!ref->live[r] || !ref_matches(&ref->quads[r], &pat))) {
          ++r;
        }
        ok = ok && r < ref->n && same(&got, &ref->quads[r]);
        ++r;
        ++n;
      }
      src.vt->iter_free(it);
      size_t expected = 0U;
      for (size_t i = 0U; i < ref->n; ++i) {
        expected += ref->live[i] && ref_matches(&ref->quads[i], &pat);
      }
      CHECK(ok);
      CHECK(n == expected);
      uint64_t est = 0U;
      CHECK(!src.vt->estimate(src.handle, &pat, &est));
      CHECK(est == expected);
    }
  }
}

static void
check_graphs(MgdMemStore* const store, const Ref* const ref)
{
  const MgdSource src = mgd_memstore_source(store);
  MgdIter*        it  = NULL;
  MgdId           seen[64];
  size_t          n   = 0U;
  MgdIdQuad       got;
  CHECK(!src.vt->graphs(src.handle, &it));
  while (src.vt->next(it, &got) == MGD_SUCCESS && n < 64U) {
    CHECK(got.g != MGD_ID_DEFAULT_GRAPH && got.s == 0U);
    for (size_t i = 0U; i < n; ++i) {
      CHECK(seen[i] != got.g);
    }
    seen[n++] = got.g;
  }
  src.vt->iter_free(it);
  size_t expected = 0U;
  for (size_t i = 0U; i < ref->n; ++i) {
    if (!ref->live[i] || ref->quads[i].g == MGD_ID_DEFAULT_GRAPH) {
      continue;
    }
    bool first = true;
    for (size_t j = 0U; j < i; ++j) {
      first = first && !(ref->live[j] && ref->quads[j].g == ref->quads[i].g);
    }
    expected += first;
  }
  CHECK(n == expected);
}

static void
test_patterns_against_brute_force(void)
{
  static Ref         ref;
  MgdMemStore* const store = mgd_memstore_new();
  MgdId              ids[N_TERMS + 1U][4];
  char               buf[4][64];
  assert(store);
  // The last row holds ids the store never saw (absent terms).
  for (unsigned i = 0U; i < N_TERMS; ++i) {
    for (unsigned k = 0U; k < 4U; ++k) {
      const MgdTerm t = term_of(k, i, buf[k]);
      CHECK(!mgd_memstore_intern(store, &t, &ids[i][k]));
    }
  }
  for (unsigned k = 0U; k < 4U; ++k) {
    char          b[64];
    snprintf(b, sizeof(b), "http://ex.org/absent%u", k);
    const MgdTerm t = mgd_term_iri(mgd_str(b));
    CHECK(!mgd_memstore_intern(store, &t, &ids[N_TERMS][k]));
  }
  memset(&ref, 0, sizeof(ref));
  for (unsigned round = 0U; round < 6U; ++round) {
    // Add (duplicates included), then remove some, then re-add some.
    for (unsigned n = 0U; n < 300U; ++n) {
      unsigned idx[4];
      MgdQuad  q;
      for (unsigned k = 0U; k < 4U; ++k) {
        idx[k] = rand_below(N_TERMS);
      }
      q.s = term_of(0U, idx[0], buf[0]);
      q.p = term_of(1U, idx[1], buf[1]);
      q.o = term_of(2U, idx[2], buf[2]);
      q.g = term_of(3U, idx[3], buf[3]);
      const MgdIdQuad iq = {ids[idx[0]][0], ids[idx[1]][1], ids[idx[2]][2],
                            ids[idx[3]][3]};
      bool added = false;
      CHECK(!mgd_memstore_add(store, &q, &added));
      size_t at = ref.n;
      for (size_t i = 0U; i < ref.n; ++i) {
        if (same(&ref.quads[i], &iq)) {
          at = i;
        }
      }
      CHECK(added == (at == ref.n || !ref.live[at]));
      if (at == ref.n) {
        ref.quads[ref.n++] = iq;
      }
      ref.live[at] = true;
    }
    for (unsigned n = 0U; n < 120U && ref.n; ++n) {
      const size_t    i  = rand_below((unsigned)ref.n);
      const MgdStatus st = mgd_memstore_remove(store, &ref.quads[i]);
      CHECK(st == (ref.live[i] ? MGD_SUCCESS : MGD_FAILURE));
      ref.live[i] = false;
    }
    size_t n_live = 0U;
    for (size_t i = 0U; i < ref.n; ++i) {
      n_live += ref.live[i];
    }
    CHECK(mgd_memstore_size(store) == n_live);
    check_all_patterns(store, &ref, (const MgdId(*)[4])ids);
    check_graphs(store, &ref);
  }
  mgd_memstore_free(store);
}

/// Out of memory in the middle of an add leaves the store consistent: the
/// quad is either wholly in (set and every index) or not at all.
static void
test_add_allocation_failures(void)
{
  static Ref ref;
  MgdId      ids[N_TERMS + 1U][4];
  char       buf[4][64];
  for (long fail = 0; fail < 400; fail += 3) {
    MgdMemStore* const store = mgd_memstore_new();
    assert(store);
    memset(&ref, 0, sizeof(ref));
    for (unsigned i = 0U; i <= N_TERMS; ++i) {
      for (unsigned k = 0U; k < 4U; ++k) {
        const MgdTerm t = term_of(k, i, buf[k]);
        CHECK(!mgd_memstore_intern(store, &t, &ids[i][k]));
      }
    }
    mgd_alloc_fail_after(fail);
    for (unsigned n = 0U; n < 150U; ++n) {
      const unsigned i = n % N_TERMS;
      const unsigned j = (n / N_TERMS) % N_TERMS;
      MgdQuad        q;
      q.s = term_of(0U, i, buf[0]);
      q.p = term_of(1U, j, buf[1]);
      q.o = term_of(2U, (i + j) % N_TERMS, buf[2]);
      q.g = term_of(3U, j, buf[3]);
      bool            added = false;
      const MgdStatus st    = mgd_memstore_add(store, &q, &added);
      CHECK(st == MGD_SUCCESS || st == MGD_BAD_ALLOC);
      if (!st && added) {
        const MgdIdQuad iq = {ids[i][0], ids[j][1], ids[(i + j) % N_TERMS][2],
                              ids[j][3]};
        ref.quads[ref.n]  = iq;
        ref.live[ref.n++] = true;
      }
    }
    mgd_alloc_fail_after(-1);
    CHECK(mgd_memstore_size(store) == ref.n);
    check_all_patterns(store, &ref, (const MgdId(*)[4])ids);
    mgd_memstore_free(store);
  }
}

static void
test_empty_and_absent(void)
{
  MgdMemStore* const store = mgd_memstore_new();
  const MgdSource    src   = mgd_memstore_source(store);
  const MgdIdQuad    any   = {0U, 0U, 0U, 0U};
  const MgdIdQuad    dg    = {0U, 0U, 0U, MGD_ID_DEFAULT_GRAPH};
  MgdIter*           it    = NULL;
  MgdIdQuad          got;
  uint64_t           n     = 1U;
  CHECK(!src.vt->match(src.handle, &any, &it));
  CHECK(src.vt->next(it, &got) == MGD_FAILURE);
  src.vt->iter_free(it);
  CHECK(!src.vt->match(src.handle, &dg, &it));
  CHECK(src.vt->next(it, &got) == MGD_FAILURE);
  src.vt->iter_free(it);
  CHECK(!src.vt->estimate(src.handle, &dg, &n) && n == 0U);
  CHECK(!src.vt->graphs(src.handle, &it));
  CHECK(src.vt->next(it, &got) == MGD_FAILURE);
  src.vt->iter_free(it);
  src.vt->iter_free(NULL);
  mgd_memstore_free(store);
}

/// Many quads sharing one predicate and distinct subjects: a subject-bound
/// match must find exactly its quad (the index, not a scan, is what makes
/// this fast; the answer must be the same).
static void
test_large(void)
{
  MgdMemStore* const store = mgd_memstore_new();
  const MgdTerm      p     = mgd_term_iri(mgd_str("http://ex.org/p"));
  char               b[64];
  for (unsigned i = 0U; i < 20000U; ++i) {
    snprintf(b, sizeof(b), "http://ex.org/s%u", i);
    const MgdQuad q = {mgd_term_iri(mgd_str(b)), p,
                       mgd_term_literal(mgd_str("v"), mgd_str(NULL),
                                        mgd_str(NULL)),
                       mgd_term_none()};
    CHECK(!mgd_memstore_add(store, &q, NULL));
  }
  const MgdSource src = mgd_memstore_source(store);
  const MgdTerm   s   = mgd_term_iri(mgd_str("http://ex.org/s12345"));
  MgdIdQuad       pat = {0U, 0U, 0U, 0U};
  CHECK(!mgd_source_lookup(&src, &s, &pat.s));
  MgdIter*  it = NULL;
  MgdIdQuad got;
  size_t    n  = 0U;
  CHECK(!src.vt->match(src.handle, &pat, &it));
  while (src.vt->next(it, &got) == MGD_SUCCESS) {
    CHECK(got.s == pat.s);
    ++n;
  }
  src.vt->iter_free(it);
  CHECK(n == 1U);
  uint64_t est = 0U;
  CHECK(!mgd_source_lookup(&src, &p, &pat.p));
  pat.s = 0U;
  CHECK(!src.vt->estimate(src.handle, &pat, &est) && est == 20000U);
  mgd_memstore_free(store);
}

int
main(void)
{
  RUN(test_patterns_against_brute_force);
  RUN(test_add_allocation_failures);
  RUN(test_empty_and_absent);
  RUN(test_large);
  return TEST_SUMMARY();
}
