// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The search module over a real store in a temporary directory: tokenizer,
// index catch-up across transactions, a recreated store, AND and ranking,
// inline short strings and climbing, facet counts, paging, bad parameters.

#include "search/search.h"

#include "base/alloc.h"
#include "store/store.h"

#include "test.h"

#include <lmdb.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX "http://example.org/"

static const char* const config_text =
  "# test facets\n"
  "@prefix\tex\thttp://example.org/\n"
  "@prefix\trdfs\thttp://www.w3.org/2000/01/rdf-schema#\n"
  "@searchable\tex:Image ex:Study\n"
  "@label\trdfs:label ex:title\n"
  "type\tType\tiri\t<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>\n"
  "organism\tOrganism\tiri\tex:organism|ex:sample/ex:organism\tex:orgName\n"
  "year\tYear\tyear\tex:date\n"
  "graph\tSource\tgraph\t-\n";

// Tokenizer

typedef struct {
  char   text[512];
  size_t n;
  size_t first_start;
  size_t first_end;
} Tokens;

static MgdStatus
join_token(void* const  handle,
           const MgdStr token,
           const size_t start,
           const size_t end)
{
  Tokens* const t = (Tokens*)handle;
  if (!t->n++) {
    t->first_start = start;
    t->first_end   = end;
  }
  const size_t len = strlen(t->text);
  snprintf(t->text + len,
           sizeof(t->text) - len,
           "%s%.*s",
           len ? "|" : "",
           (int)token.len,
           token.ptr);
  return MGD_SUCCESS;
}

static Tokens
tokens(const char* const text, const size_t n)
{
  Tokens t;
  memset(&t, 0, sizeof(t));
  CHECK(!mgd_search_tokenize(mgd_str_n(text, n), join_token, &t));
  return t;
}

static void
test_tokenizer(void)
{
  const char* const s =
    "  Caf\xC3\xA9 CELLS, na\xC3\xAFve\xE2\x80\x94r\xC3\xA9sum\xC3\xA9 42x "
    "\xCE\xB1-Tubulin \xCE\x9C\xCE\x8A\xCE\x9A\xCE\xA1\xCE\x9F "
    "\xE7\xB4\xB0\xE8\x83\x9E \xEF\xAC\x81sh";
  Tokens t = tokens(s, strlen(s));
  CHECK(!strcmp(t.text,
                "cafe|cells|naive|resume|42x|\xCE\xB1|tubulin|"
                "\xCE\xBC\xCE\xB9\xCE\xBA\xCF\x81\xCE\xBF|"
                "\xE7\xB4\xB0|\xE8\x83\x9E|fish"));
  CHECK(t.first_start == 2U && t.first_end == 7U); // "Café" as written
  // Punctuation only, empty, and an invalid byte splitting a word
  t = tokens("--- ,;. ", 8U);
  CHECK(t.n == 0U);
  t = tokens("", 0U);
  CHECK(t.n == 0U);
  t = tokens("ab\xFF"
             "cd",
             5U);
  CHECK(!strcmp(t.text, "ab|cd"));
  // A soft hyphen inside a word is ignored; digits stay
  t = tokens("Fluo\xC2\xAD"
             "rescence 3D",
             17U);
  CHECK(!strcmp(t.text, "fluorescence|3d"));
  // Long words are cut at MGD_SEARCH_TOKEN_BYTES
  char longw[100];
  memset(longw, 'x', sizeof(longw));
  t = tokens(longw, sizeof(longw));
  CHECK(t.n == 1U && strlen(t.text) == MGD_SEARCH_TOKEN_BYTES);
}

// A store in a temporary directory

typedef struct {
  char             dir[64];
  MgdStore*        store;
  MgdSearchIndex*  index;
  MgdSearchConfig* config;
} Fixture;

static void
fixture_open(Fixture* const f)
{
  memset(f, 0, sizeof(*f));
  snprintf(f->dir, sizeof(f->dir), "/tmp/mgd_search_XXXXXX");
  CHECK(mkdtemp(f->dir) != NULL);
  CHECK(!mgd_store_open(f->dir, true, NULL, &f->store));
  char path[128];
  snprintf(path, sizeof(path), "%s/search.mdb", f->dir);
  CHECK(!mgd_search_index_open(path, &f->index));
  const MgdDiagSink diag = { mgd_diag_print, NULL };
  CHECK(!mgd_search_config_parse(
    config_text, strlen(config_text), &diag, &f->config));
}

static void
fixture_close(Fixture* const f)
{
  mgd_search_config_free(f->config);
  mgd_search_index_close(f->index);
  mgd_store_close(f->store);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
  CHECK(!system(cmd));
}

static MgdId
intern(MgdTxn* const txn, const MgdTerm t)
{
  MgdId id = MGD_ID_NONE;
  CHECK(!mgd_txn_intern(txn, &t, &id));
  return id;
}

static MgdTerm
iri(const char* const local)
{
  static char buf[8][256];
  static int  k = 0;
  k             = (k + 1) % 8;
  snprintf(buf[k], sizeof(buf[k]), "%s%s", strchr(local, ':') ? "" : EX, local);
  return mgd_term_iri(mgd_str(buf[k]));
}

static MgdTerm
lit(const char* const text)
{
  return mgd_term_literal(mgd_str(text), mgd_str(""), mgd_str(""));
}

static void
add(MgdTxn* const txn, const MgdTerm s, const char* const p, const MgdTerm o)
{
  const MgdIdQuad q = { intern(txn, s),
                        intern(txn, iri(p)),
                        intern(txn, o),
                        intern(txn, iri("graph")) };
  CHECK(!mgd_txn_add(txn, &q, NULL));
}

static void
typed(MgdTxn* const txn, const char* const s, const char* const cls)
{
  add(txn, iri(s), MGD_RDF_TYPE, iri(cls));
}

/// Catch up and search `text` with `filters`; returns the total and
/// writes the hit IRIs' local names joined by '|' to `out`.
static uint64_t
search(Fixture* const               f,
       const char* const            text,
       const MgdSearchFilter* const filters,
       const size_t                 n_filters,
       const uint64_t               offset,
       const uint64_t               limit,
       char* const                  out,
       const size_t                 n_out,
       MgdSearchResult* const       result,
       MgdArena*                    arena)
{
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f->store, false, &txn));
  MgdSearchProgress p;
  CHECK(!mgd_search_index_catch_up(f->index, txn, 0U, &p));
  CHECK(p.watermark == p.dict_last);
  const MgdSource source = mgd_txn_source(txn);
  MgdSearchQuery  q;
  memset(&q, 0, sizeof(q));
  q.text      = mgd_str(text);
  q.filters   = filters;
  q.n_filters = n_filters;
  q.offset    = offset;
  q.limit     = limit;
  MgdSearchResult r;
  CHECK(!mgd_search_run(f->index, f->config, &source, &q, 0U, arena, &r));
  if (out) {
    out[0] = '\0';
    for (size_t i = 0U; i < r.n_hits; ++i) {
      const size_t len  = strlen(out);
      const char*  name = r.hits[i].iri.ptr + strlen(EX);
      snprintf(out + len, n_out - len, "%s%s", len ? "|" : "", name);
    }
  }
  if (result) {
    *result = r;
  }
  mgd_txn_abort(txn);
  return r.total;
}

/// search() without filters or paging: the first 10 hits' names in `out`.
static uint64_t
first10(Fixture* const f, const char* const text, char* const out,
        const size_t n_out, MgdArena* const arena)
{
  return search(f, text, NULL, 0U, 0U, 10U, out, n_out, NULL, arena);
}

static void
commit(MgdTxn* const txn)
{
  CHECK(!mgd_txn_commit(txn));
}

static void
test_catch_up_and_recreate(void)
{
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "img1", "Image");
  add(txn, iri("img1"), "title", lit("Mitochondria in HeLa cells"));
  commit(txn);
  CHECK(first10(&f, "mitochondria", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "img1"));
  // A second and third transaction: old and new terms are found
  for (int i = 2; i <= 3; ++i) {
    CHECK(!mgd_txn_begin(f.store, true, &txn));
    char name[16];
    snprintf(name, sizeof(name), "img%d", i);
    typed(txn, name, "Image");
    add(txn,
        iri(name),
        "title",
        lit(i == 2 ? "Zebrafish heart regeneration" : "Mitochondria fission"));
    commit(txn);
  }
  // The tail past the watermark: a catch-up out of time leaves it, a
  // search's catch-up indexes it
  CHECK(!mgd_txn_begin(f.store, false, &txn));
  MgdSearchProgress p;
  CHECK(!mgd_search_index_catch_up(f.index, txn, 1U, &p));
  CHECK(p.watermark < p.dict_last);
  mgd_txn_abort(txn);
  CHECK(first10(&f, "mitochondria", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "img1|img3"));
  CHECK(first10(&f, "zebrafish", hits, sizeof(hits), &arena) == 1U);
  // The store is made anew under the old index: detected, rebuilt
  mgd_store_close(f.store);
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "rm -f %s/data.mdb %s/lock.mdb", f.dir, f.dir);
  CHECK(!system(cmd));
  CHECK(!mgd_store_open(f.dir, true, NULL, &f.store));
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "other", "Study");
  add(txn, iri("other"), "title", lit("Mitochondrial zebrafish atlas"));
  commit(txn);
  CHECK(!mgd_txn_begin(f.store, false, &txn));
  CHECK(!mgd_search_index_catch_up(f.index, txn, 0U, &p));
  CHECK(p.rebuilt);
  mgd_txn_abort(txn);
  CHECK(first10(&f, "hela", hits, sizeof(hits), &arena) == 0U);
  CHECK(first10(&f, "zebrafish", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "other"));
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_and_ranking_climbing(void)
{
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "a", "Study");
  typed(txn, "b", "Study");
  typed(txn, "c", "Study");
  add(txn, iri("a"), "title", lit("Green fluorescent cells"));
  add(txn,
      iri("b"),
      "description",
      lit("Leaves turn green as the cells age, a long description"));
  add(txn, iri("c"), "title", lit("Green"));
  // An image whose channel (a blank node) says DAPI: a short inline string
  typed(txn, "img", "Image");
  const MgdTerm ch = mgd_term_blank(mgd_str("ch0"));
  add(txn, iri("img"), "channel", ch);
  add(txn, ch, "fluor", lit("DAPI"));
  // A non-searchable node two hops below an image
  typed(txn, "img2", "Image");
  add(txn, iri("img2"), "pixels", iri("px2"));
  add(txn, iri("px2"), "channel", iri("ch2"));
  add(txn, iri("ch2"), "fluor", lit("mCherry-tagged"));
  commit(txn);

  // AND: both words; the label match first
  CHECK(first10(&f, "green cells", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "a|b"));
  // The last word is a prefix; an earlier word is not
  CHECK(first10(&f, "green cel", hits, sizeof(hits), &arena) == 2U);
  CHECK(first10(&f, "gre cells", hits, sizeof(hits), &arena) == 0U);
  CHECK(first10(&f, "gre* cells ", hits, sizeof(hits), &arena) == 2U);
  // One word: labels (a, c) before the description (b)
  MgdSearchResult r;
  CHECK(
    search(&f, "GREEN", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    3U);
  CHECK(!strcmp(hits, "a|c|b"));
  CHECK(r.hits[0].score > r.hits[2].score);
  CHECK(strstr(r.hits[2].snippet.ptr, "green") != NULL);
  CHECK(r.n_words == 1U && mgd_str_eqc(r.words[0], "green"));
  // Inline short string on a blank channel, any case: climbs to the image
  CHECK(search(&f, "dapi", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
        1U);
  CHECK(!strcmp(hits, "img"));
  CHECK(r.n_hits == 1U && mgd_str_eqc(r.hits[0].label, "img"));
  CHECK(r.hits[0].n_types == 1U &&
        mgd_str_eqc(r.hits[0].types[0].label, "Image"));
  CHECK(first10(&f, "DAP", hits, sizeof(hits), &arena) == 1U);
  // Two hops up through non-searchable nodes
  CHECK(first10(&f, "mcherry", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "img2"));
  CHECK(first10(&f, "nothing-like-this", hits, sizeof(hits), &arena) == 0U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_rare_and_common_word(void)
{
  // A rare word makes few candidates; a common word (more than 64 times
  // as many postings) is then checked on the candidates' own literals and
  // those of their non-searchable nodes, giving the same answer
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  for (int i = 0; i < 300; ++i) {
    char name[16];
    char title[48];
    snprintf(name, sizeof(name), "m%03d", i);
    snprintf(title, sizeof(title), "membrane sample %d", i);
    typed(txn, name, "Image");
    add(txn, iri(name), "title", lit(title));
  }
  typed(txn, "r1", "Image");
  add(txn, iri("r1"), "title", lit("Axoneme membrane"));
  typed(txn, "r2", "Image");
  add(txn, iri("r2"), "title", lit("Axoneme only"));
  const MgdTerm ch = mgd_term_blank(mgd_str("c"));
  add(txn, iri("r2"), "channel", ch);
  add(txn, ch, "note", lit("membrane stain"));
  typed(txn, "r3", "Image");
  add(txn, iri("r3"), "title", lit("Axoneme without it"));
  commit(txn);
  MgdSearchResult r;
  CHECK(search(&f,
               "membrane axoneme",
               NULL,
               0U,
               0U,
               10U,
               hits,
               sizeof(hits),
               &r,
               &arena) == 2U);
  CHECK(!strcmp(hits, "r1|r2"));
  CHECK(r.hits[0].score > r.hits[1].score);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_popular_node(void)
{
  // A label on a node with more incoming links than a climb follows: the
  // node itself is a hit (with some of the instances above it), and the
  // total says it is not exact
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  add(txn,
      iri("rat"),
      "http://www.w3.org/2000/01/rdf-schema#label",
      lit("Rattus norvegicus"));
  typed(txn, "few", "Image"); // first in the links: the climb finds it
  add(txn, iri("few"), "organism", iri("rat"));
  for (int i = 0; i < 4200; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "b%04d", i);
    add(txn, iri(name), "organism", iri("rat"));
  }
  commit(txn);
  MgdSearchResult r;
  CHECK(search(&f, "rattus", NULL, 0U, 0U, 10U, NULL, 0U, &r, &arena) >= 1U);
  bool has_rat = false;
  for (size_t i = 0U; i < r.n_hits; ++i) {
    has_rat = has_rat || mgd_str_eqc(r.hits[i].iri, EX "rat");
  }
  CHECK(has_rat);
  CHECK(r.total == 2U && !r.total_exact);
  CHECK(r.n_hits && mgd_str_eqc(r.hits[0].iri, EX "rat")); // direct first
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_published_graph_keeps_index(void)
{
  // Publishing a staged graph exchanges two IRIs' dictionary entries (the
  // first term here): the index must not take that for a new store
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  add(txn, iri("g1"), "title", lit("first version of the study"));
  typed(txn, "g1", "Study");
  commit(txn);
  MgdSearchResult r;
  CHECK(search(&f, "version", NULL, 0U, 0U, 10U, NULL, 0U, &r, &arena) == 1U);
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  MgdId staging = 0U;
  CHECK(!mgd_txn_stage(txn, &staging));
  const MgdIdQuad q = { intern(txn, iri("s2")),
                        intern(txn, iri("title")),
                        intern(txn, lit("second edition of the study")),
                        staging };
  const MgdIdQuad t = {
    q.s, intern(txn, iri(MGD_RDF_TYPE)), intern(txn, iri("Study")), staging
  };
  CHECK(!mgd_txn_add(txn, &q, NULL) && !mgd_txn_add(txn, &t, NULL));
  const MgdTerm g1 = iri("g1");
  CHECK(!mgd_txn_publish(txn, staging, &g1));
  commit(txn);
  MgdTxn* rd = NULL;
  CHECK(!mgd_txn_begin(f.store, false, &rd));
  MgdSearchProgress p;
  CHECK(!mgd_search_index_catch_up(f.index, rd, 0U, &p));
  CHECK(!p.rebuilt);
  mgd_txn_abort(rd);
  CHECK(search(&f, "edition", NULL, 0U, 0U, 10U, NULL, 0U, &r, &arena) == 1U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_vocabulary_after_data(void)
{
  // An ontology term whose label matches exactly (weight 8) and that no
  // searchable instance uses ranks after an image whose description only
  // contains the word (weight 4)
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  add(txn,
      iri("pockel_cell"),
      "http://www.w3.org/2000/01/rdf-schema#label",
      lit("Pockels cell"));
  typed(txn, "pockel_cell", "http://www.w3.org/2002/07/owl#ObjectProperty");
  typed(txn, "img", "Image");
  add(txn, iri("img"), "description", lit("HeLa cell nuclei"));
  commit(txn);
  char            hits[64];
  MgdSearchResult r;
  CHECK(search(&f, "cell", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
        2U);
  CHECK(!strcmp(hits, "img|pockel_cell"));
  CHECK(r.hits[1].score > r.hits[0].score); // ranked by kind before score
  mgd_arena_clear(&arena);
  fixture_close(&f);
  // The same for a term many other terms point to (a class of an ontology,
  // more links than a climb follows, none from a searchable instance)
  fixture_open(&f);
  mgd_arena_init(&arena, 0U);
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  add(txn,
      iri("Channel"),
      "http://www.w3.org/2000/01/rdf-schema#label",
      lit("Channel of a microscope"));
  for (int i = 0; i < 4200; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "prop%04d", i);
    add(txn, iri(name), "domain", iri("Channel"));
  }
  typed(txn, "img", "Image");
  add(txn, iri("img"), "description", lit("confocal microscope image"));
  commit(txn);
  CHECK(
    search(
      &f, "microscope", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) >=
    2U);
  CHECK(!strncmp(hits, "img|", 4U));
  CHECK(r.hits[1].score > r.hits[0].score); // ranked by kind before score
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_browse_large(void)
{
  // More searchable instances than browsing reads one by one: the total
  // comes from the class statistics (not exact), pages straight from the
  // classes list an instance of two classes once, and a filter starts from
  // its value (exact again)
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  for (int i = 0; i < 3; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "st%d", i);
    typed(txn, name, "Image"); // also an Image: listed once, as a Study
    typed(txn, name, "Study");
  }
  for (int i = 0; i < 50100; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "im%05d", i);
    typed(txn, name, "Image");
    if (i % 1000 == 0) {
      add(txn, iri(name), "organism", iri("axolotl"));
    }
  }
  commit(txn);
  MgdSearchResult r;
  char            all[4096];
  char            page[1024];
  char            joined[4096] = "";
  CHECK(search(&f, "", NULL, 0U, 0U, 40U, all, sizeof(all), &r, &arena) ==
        50106U);
  CHECK(!r.total_exact && r.facets_sampled && r.n_hits == 40U);
  CHECK(!strncmp(all, "st0|st1|st2|im00000|", 20U));
  for (uint64_t off = 0U; off < 40U; off += 6U) {
    search(&f,
           "",
           NULL,
           0U,
           off,
           off + 6U <= 40U ? 6U : 40U - off,
           page,
           sizeof(page),
           NULL,
           &arena);
    const size_t len = strlen(joined);
    snprintf(
      joined + len, sizeof(joined) - len, "%s%.1000s", len ? "|" : "", page);
  }
  CHECK(!strcmp(all, joined));
  const MgdSearchFilter filter = { mgd_str("organism"), mgd_str(EX "axolotl") };
  CHECK(search(&f, "", &filter, 1U, 0U, 10U, all, sizeof(all), &r, &arena) ==
        51U);
  CHECK(r.total_exact && r.n_hits == 10U && !strncmp(all, "im00000|", 8U));
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static const MgdSearchFacetValue*
facet_value(const MgdSearchResult* const r,
            const char* const            facet,
            const char* const            value)
{
  for (size_t i = 0U; i < r->n_facets; ++i) {
    if (strcmp(r->facets[i].name, facet)) {
      continue;
    }
    for (size_t k = 0U; k < r->facets[i].n_values; ++k) {
      if (mgd_str_eqc(r->facets[i].values[k].value, value)) {
        return &r->facets[i].values[k];
      }
    }
  }
  return NULL;
}

static void
test_facets_and_paging(void)
{
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[2048];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  // 30 images "slice NN"; organism: i%3==0 -> human directly, i%3==1 ->
  // mouse through a sample (labelled by the sample's name only), else none;
  // dates 2019 for i < 10, else 2021
  add(txn,
      iri("human"),
      "http://www.w3.org/2000/01/rdf-schema#label",
      lit("Homo sapiens"));
  for (int i = 0; i < 30; ++i) {
    char name[16];
    char title[32];
    snprintf(name, sizeof(name), "i%02d", i);
    snprintf(title, sizeof(title), "slice %02d", i);
    typed(txn, name, "Image");
    add(txn, iri(name), "title", lit(title));
    if (i % 3 == 0) {
      add(txn, iri(name), "organism", iri("human"));
    } else if (i % 3 == 1) {
      char sample[16];
      snprintf(sample, sizeof(sample), "s%02d", i);
      add(txn, iri(name), "sample", iri(sample));
      add(txn, iri(sample), "organism", iri("mouse"));
      add(txn, iri(sample), "orgName", lit("Mus musculus"));
    }
    const MgdTerm date =
      mgd_term_literal(mgd_str(i < 10 ? "2019-05-01" : "2021-01-31"),
                       mgd_str(MGD_XSD_DATE),
                       mgd_str(""));
    add(txn, iri(name), "date", date);
  }
  commit(txn);

  MgdSearchResult r;
  CHECK(
    search(&f, "slice", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    30U);
  const MgdSearchFacetValue* v = facet_value(&r, "organism", EX "human");
  CHECK(v && v->count == 10U && mgd_str_eqc(v->label, "Homo sapiens"));
  v = facet_value(&r, "organism", EX "mouse");
  CHECK(v && v->count == 10U && mgd_str_eqc(v->label, "Mus musculus"));
  v = facet_value(&r, "year", "2019");
  CHECK(v && v->count == 10U && !v->selected);
  v = facet_value(&r, "year", "2021");
  CHECK(v && v->count == 20U);
  v = facet_value(&r, "type", EX "Image");
  CHECK(v && v->count == 30U && mgd_str_eqc(v->label, "Image"));
  v = facet_value(&r, "graph", EX "graph");
  CHECK(v && v->count == 30U);
  CHECK(!r.facets_sampled);

  // Filters: OR within a facet, AND across; the filtered facet still
  // counts its other values
  MgdSearchFilter filters[3] = {
    { mgd_str("organism"), mgd_str(EX "human") },
    { mgd_str("year"), mgd_str("2021") },
    { mgd_str("organism"), mgd_str(EX "mouse") },
  };
  CHECK(
    search(&f, "slice", filters, 1U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    10U);
  v = facet_value(&r, "organism", EX "human");
  CHECK(v && v->selected && v->count == 10U);
  v = facet_value(&r, "organism", EX "mouse");
  CHECK(v && !v->selected && v->count == 10U);
  v = facet_value(&r, "year", "2021");
  CHECK(v && v->count == 6U); // humans i = 12..27 step 3
  CHECK(
    search(&f, "slice", filters, 2U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    6U);
  CHECK(search(&f,
               "slice",
               filters,
               3U,
               0U,
               10U,
               hits,
               sizeof(hits),
               &r,
               &arena) == 13U); // (human or mouse) and 2021: 6 + 7
  // Browsing (no words) with the same filter
  CHECK(search(&f, "", filters, 2U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
        6U);
  CHECK(search(&f, "", NULL, 0U, 0U, 5U, hits, sizeof(hits), &r, &arena) ==
        30U);
  CHECK(r.n_hits == 5U);

  // Paging: three pages of ten are the one page of thirty
  char all[2048];
  char page[1024];
  char joined[2048] = "";
  CHECK(
    search(&f, "slice", NULL, 0U, 0U, 30U, all, sizeof(all), NULL, &arena) ==
    30U);
  for (uint64_t off = 0U; off < 30U; off += 10U) {
    search(&f, "slice", NULL, 0U, off, 10U, page, sizeof(page), NULL, &arena);
    const size_t len = strlen(joined);
    snprintf(joined + len, sizeof(joined) - len, "%s%s", len ? "|" : "", page);
  }
  CHECK(!strcmp(all, joined));
  CHECK(search(&f, "", NULL, 0U, 0U, 30U, all, sizeof(all), NULL, &arena) ==
        30U);
  joined[0] = '\0';
  for (uint64_t off = 0U; off < 30U; off += 7U) {
    search(&f, "", NULL, 0U, off, 7U, page, sizeof(page), NULL, &arena);
    const size_t len = strlen(joined);
    snprintf(joined + len, sizeof(joined) - len, "%s%s", len ? "|" : "", page);
  }
  CHECK(!strcmp(all, joined));
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_bad_params_and_suggest(void)
{
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "s1", "Study");
  add(txn, iri("s1"), "title", lit("Homo sapiens kidney atlas"));
  add(txn,
      iri("human"),
      "http://www.w3.org/2000/01/rdf-schema#label",
      lit("Homo sapiens"));
  add(txn, iri("s1"), "organism", iri("human"));
  commit(txn);
  CHECK(!mgd_txn_begin(f.store, false, &txn));
  CHECK(!mgd_search_index_catch_up(f.index, txn, 0U, NULL));
  const MgdSource       source = mgd_txn_source(txn);
  const MgdSearchFilter bad    = { mgd_str("colour"), mgd_str("red") };
  MgdSearchQuery        q;
  memset(&q, 0, sizeof(q));
  q.text      = mgd_str("atlas");
  q.filters   = &bad;
  q.n_filters = 1U;
  q.limit     = 10U;
  MgdSearchResult r;
  CHECK(mgd_search_run(f.index, f.config, &source, &q, 0U, &arena, &r) ==
        MGD_BAD_ARG);
  q.n_filters = 0U;
  q.text      = mgd_str("a b c d e f g h i j k l m n o p q");
  CHECK(mgd_search_run(f.index, f.config, &source, &q, 0U, &arena, &r) ==
        MGD_BAD_LIMIT);
  // Suggestions: the full label with its entity, then words
  q.text                 = mgd_str("homo sa");
  MgdSearchSuggestion* s = NULL;
  size_t               n = 0U;
  CHECK(!mgd_search_suggest(f.index, f.config, &source, &q, &arena, &s, &n));
  CHECK(n >= 2U);
  CHECK(n && mgd_str_eqc(s[0].text, "Homo sapiens") && s[0].is_entity &&
        mgd_str_eqc(s[0].iri, EX "human"));
  bool has_word = false;
  for (size_t i = 0U; i < n; ++i) {
    has_word =
      has_word || (!s[i].is_entity && mgd_str_eqc(s[i].text, "homo sapiens"));
  }
  CHECK(has_word);
  mgd_txn_abort(txn);
  // A short inline string used by three quads: one suggestion counting 3
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  for (int i = 0; i < 3; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "ch%d", i);
    add(txn, iri(name), "fluor", lit("Cy5"));
  }
  commit(txn);
  CHECK(!mgd_txn_begin(f.store, false, &txn));
  const MgdSource source2 = mgd_txn_source(txn);
  q.text                  = mgd_str("cy");
  CHECK(!mgd_search_suggest(f.index, f.config, &source2, &q, &arena, &s, &n));
  CHECK(n >= 1U && mgd_str_eqc(s[0].text, "Cy5") && s[0].count == 3U);
  mgd_txn_abort(txn);
  // Facets file errors name the line
  MgdSearchConfig* c = NULL;
  const char t[]     = "@prefix\tex\thttp://example.org/\nx\tX\tcolour\tex:p\n";
  CHECK(mgd_search_config_parse(t, strlen(t), NULL, &c) == MGD_BAD_SYNTAX);
  const char u[] = "x\tX\tiri\tnope:p\n";
  CHECK(mgd_search_config_parse(u, strlen(u), NULL, &c) == MGD_BAD_SYNTAX);
  CHECK(c == NULL);
  mgd_search_config_free(NULL);
  mgd_search_index_close(NULL);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static MgdTerm
lit_lang(const char* const text, const char* const lang)
{
  return mgd_term_literal(mgd_str(text), mgd_str(""), mgd_str(lang));
}

static void
test_stemming(void)
{
  // Words with the same stem find each other; a whole word ranks above a
  // stem-only match; the literal's language picks the stemmer; the last
  // word still matches as a prefix
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "a", "Study");
  add(txn, iri("a"), "title", lit("Cell imaging atlas"));
  typed(txn, "b", "Study");
  add(txn, iri("b"), "description", lit("cells were imaged twice"));
  typed(txn, "c", "Study");
  add(txn, iri("c"), "description", lit_lang("Staining protocol", "en-GB"));
  typed(txn, "d", "Study");
  add(txn, iri("d"), "description", lit_lang("Färbungen der Gewebe", "de"));
  typed(txn, "e", "Study");
  add(txn, iri("e"), "description", lit("imagery of nothing stained"));
  // A short inline string: "Cell" (4 bytes) is found by "cells"
  typed(txn, "f", "Image");
  add(txn, iri("f"), "kind", lit("Cell"));
  commit(txn);
  MgdSearchResult r;
  // "cells " (whole word): b has it, a and f only "cell"
  CHECK(
    search(&f, "cells ", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    3U);
  CHECK(!strncmp(hits, "b|", 2U));
  CHECK(strstr(hits, "a") && strstr(hits, "f"));
  CHECK(r.hits[0].score > r.hits[1].score);
  CHECK(r.n_stems == 1U && mgd_str_eqc(r.stems[0], "cell"));
  // "imaging ": a has it (label), b only "imaged"; e's "imagery" is
  // another stem
  CHECK(first10(&f, "imaging ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "a|b"));
  // "imaged " finds a through the stem, b exactly (b first: a whole word
  // outranks a stem-only match, even one in a label)
  CHECK(first10(&f, "imaged ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "b|a"));
  CHECK(first10(&f, "stained ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "e|c"));
  CHECK(first10(&f, "stain ", hits, sizeof(hits), &arena) == 2U);
  // German: "Färbungen"@de stems to "farbung" (English would not)
  CHECK(first10(&f, "Färbung ", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "d"));
  // Irregular plurals Snowball leaves alone: mice/mouse, nuclei/nucleus
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "m1", "Study");
  add(txn, iri("m1"), "description", lit("knockout mice"));
  typed(txn, "m2", "Study");
  add(txn, iri("m2"), "description", lit("mouse nucleus"));
  commit(txn);
  CHECK(first10(&f, "mouse ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "m2|m1"));
  CHECK(first10(&f, "mice ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "m1|m2"));
  CHECK(first10(&f, "nuclei ", hits, sizeof(hits), &arena) == 1U);
  // The last word is still a prefix: "imag" finds every image* word
  CHECK(first10(&f, "imag", hits, sizeof(hits), &arena) == 3U);
  // Two words, one through its stem
  CHECK(first10(&f, "cells atlas", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "a"));
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_iri_local_names(void)
{
  // The local name of an IRI is searchable (camelCase and _ split, %
  // decoded), below the same word in a literal
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "data/my%20scan_0042.ome.tif", "Image");
  add(txn, iri("data/my%20scan_0042.ome.tif"), "size", lit("1 GiB or so"));
  typed(txn, "study/KnockdownScreen/", "Study");
  typed(txn, "s2", "Study");
  add(txn, iri("s2"), "description", lit("a knockdown study"));
  commit(txn);
  MgdSearchResult r;
  CHECK(first10(&f, "scan_0042", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "data/my%20scan_0042.ome.tif"));
  CHECK(first10(&f, "my scan", hits, sizeof(hits), &arena) == 1U);
  CHECK(first10(&f, "KnockdownScreen", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "study/KnockdownScreen/"));
  CHECK(
    search(
      &f, "knockdown ", NULL, 0U, 0U, 10U, hits, sizeof(hits), &r, &arena) ==
    2U);
  CHECK(!strcmp(hits, "s2|study/KnockdownScreen/"));
  CHECK(r.hits[0].score > r.hits[1].score);
  CHECK(first10(&f, "screens ", hits, sizeof(hits), &arena) == 1U);
  // A class is found by its whole name, after the searchable hits (its
  // page lists its instances); a property is not
  CHECK(first10(&f, "study ", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "s2|Study"));
  CHECK(first10(&f, "description ", hits, sizeof(hits), &arena) == 0U);
  // A vocabulary term's name finds what links to it; a part named under
  // its owner (".../img9/acquisition") does not stand for the owner
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "img8", "Image");
  typed(txn, "img9", "Image");
  add(txn, iri("img8"), "method", iri("obo/FBbi_00000369"));
  add(txn, iri("img9"), "method", iri("obo/FBbi_00000369"));
  add(txn, iri("img9"), "acquisition", iri("img9/acquisition"));
  add(txn, iri("img9/acquisition"), "laser", lit("argon laser"));
  commit(txn);
  CHECK(first10(&f, "FBbi_00000369", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "img8|img9"));
  CHECK(first10(&f, "acquisition ", hits, sizeof(hits), &arena) == 0U);
  CHECK(first10(&f, "argon acquisition", hits, sizeof(hits), &arena) == 0U);
  CHECK(first10(&f, "argon", hits, sizeof(hits), &arena) == 1U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_phrase(void)
{
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[512];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "a", "Study");
  add(txn, iri("a"), "title", lit("Light-sheet microscopy of organoids"));
  typed(txn, "b", "Study");
  add(txn, iri("b"), "title", lit("A sheet of light"));
  typed(txn, "c", "Image");
  const MgdTerm ch = mgd_term_blank(mgd_str("m"));
  add(txn, iri("c"), "method", ch);
  add(txn, ch, "name", lit("light sheets (SPIM)"));
  commit(txn);
  CHECK(first10(&f, "light sheet", hits, sizeof(hits), &arena) == 3U);
  // Quoted: the words in this order, next to each other, in one text (of
  // the hit or a node below it); stems count
  CHECK(first10(&f, "\"light sheet\"", hits, sizeof(hits), &arena) == 2U);
  CHECK(!strcmp(hits, "a|c"));
  CHECK(first10(&f, "\"sheet of light\" ", hits, sizeof(hits), &arena) == 1U);
  CHECK(!strcmp(hits, "b"));
  CHECK(first10(&f, "organoids \"light sheet\"", hits, sizeof(hits),
                &arena) == 1U);
  CHECK(first10(&f, "\"light microscopy\"", hits, sizeof(hits), &arena) == 0U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_facets_count_all(void)
{
  // More hits than the old 2000-hit sample: counts cover them all
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  for (int i = 0; i < 2600; ++i) {
    char name[16];
    snprintf(name, sizeof(name), "p%04d", i);
    typed(txn, name, "Image");
    add(txn, iri(name), "title", lit("plate well"));
    add(txn, iri(name), "organism", iri(i < 2300 ? "mouse" : "fly"));
  }
  // A hit with more quads than one read takes: its values still count
  for (int i = 0; i < 700; ++i) {
    char note[32];
    snprintf(note, sizeof(note), "note number %d", i);
    add(txn, iri("p0000"), "note", lit(note));
  }
  commit(txn);
  MgdSearchResult r;
  CHECK(search(&f, "plate", NULL, 0U, 0U, 5U, NULL, 0U, &r, &arena) == 2600U);
  CHECK(!r.facets_sampled && r.facets_counted == 2600U);
  const MgdSearchFacetValue* const fly = facet_value(&r, "organism", EX "fly");
  const MgdSearchFacetValue* const mouse =
    facet_value(&r, "organism", EX "mouse");
  CHECK(fly && fly->count == 300U);
  CHECK(mouse && mouse->count == 2300U);
  // With a filter: the counts are over the hits passing it
  const MgdSearchFilter filter = { mgd_str("organism"), mgd_str(EX "fly") };
  CHECK(search(&f, "plate", &filter, 1U, 0U, 5U, NULL, 0U, &r, &arena) == 300U);
  CHECK(!r.facets_sampled && r.facets_counted == 300U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

static void
test_old_format_rebuilt(void)
{
  // An index file of format 1 (no stems, no IRI words) is made anew
  Fixture f;
  fixture_open(&f);
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  char    hits[256];
  MgdTxn* txn = NULL;
  CHECK(!mgd_txn_begin(f.store, true, &txn));
  typed(txn, "a", "Study");
  add(txn, iri("a"), "title", lit("Imaged organoids"));
  commit(txn);
  CHECK(first10(&f, "organoid", hits, sizeof(hits), &arena) == 1U);
  mgd_search_index_close(f.index);
  // Turn the file into a format-1 one with a stale posting
  char path[128];
  snprintf(path, sizeof(path), "%s/search.mdb", f.dir);
  MDB_env* env = NULL;
  MDB_txn* w   = NULL;
  MDB_dbi  meta;
  MDB_dbi  tok;
  CHECK(!mdb_env_create(&env));
  CHECK(!mdb_env_set_maxdbs(env, 4U));
  CHECK(!mdb_env_open(env, path, MDB_NOSUBDIR, 0644));
  CHECK(!mdb_txn_begin(env, NULL, 0U, &w));
  CHECK(!mdb_dbi_open(w, "meta", 0U, &meta));
  CHECK(!mdb_dbi_open(w, "tok", MDB_DUPSORT | MDB_DUPFIXED, &tok));
  uint8_t one[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
  MDB_val k      = { 3U, (void*)"ver" };
  MDB_val v      = { 8U, one };
  CHECK(!mdb_put(w, meta, &k, &v, 0U));
  MDB_val k2 = { 5U, (void*)"stale" };
  MDB_val v2 = { 8U, one };
  CHECK(!mdb_put(w, tok, &k2, &v2, 0U));
  CHECK(!mdb_txn_commit(w));
  mdb_env_close(env);
  CHECK(!mgd_search_index_open(path, &f.index));
  CHECK(!mgd_txn_begin(f.store, false, &txn));
  MgdSearchProgress p;
  CHECK(!mgd_search_index_catch_up(f.index, txn, 0U, &p));
  CHECK(p.n_terms == p.dict_last); // every term read again
  mgd_txn_abort(txn);
  CHECK(first10(&f, "stale", hits, sizeof(hits), &arena) == 0U);
  CHECK(first10(&f, "imaging ", hits, sizeof(hits), &arena) == 1U);
  mgd_arena_clear(&arena);
  fixture_close(&f);
}

int
main(void)
{
  RUN(test_tokenizer);
  RUN(test_catch_up_and_recreate);
  RUN(test_and_ranking_climbing);
  RUN(test_rare_and_common_word);
  RUN(test_popular_node);
  RUN(test_vocabulary_after_data);
  RUN(test_published_graph_keeps_index);
  RUN(test_browse_large);
  RUN(test_facets_and_paging);
  RUN(test_bad_params_and_suggest);
  RUN(test_stemming);
  RUN(test_iri_local_names);
  RUN(test_phrase);
  RUN(test_facets_count_all);
  RUN(test_old_format_rebuilt);
  return TEST_SUMMARY();
}
