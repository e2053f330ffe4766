// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The text index file. Tables: `tok` (token -> 8-byte big-endian term
// ids, DUPSORT+DUPFIXED, so a word's postings come a page at a time and its
// count is mdb_cursor_count) and `meta` (watermark, fingerprint, version,
// stemmed languages). A literal is listed under each of its words and,
// where a word's stem differs from it, under the stem's key (search_impl.h
// MGD_SEARCH_STEM_KEY), stemmed in the literal's language; an IRI is
// listed under the words of its local name (and their stems). A file of
// another format (1: no stems, no IRIs; 2: no irregular plurals) is made
// anew at open.
//
// Catching up collects (token, id) pairs of a chunk of dictionary terms,
// sorts them and writes them in key order, so a chunk touches each B-tree
// page once; the watermark moves in the same index transaction as the
// postings, so a crash leaves a consistent prefix. The file is opened with
// MDB_NOSYNC: it is derived data, an unreadable file is rebuilt at open,
// and each catch-up ends with one explicit sync.

#include "search/search_impl.h"

#include "base/alloc.h"
#include "base/hash.h"

#include <lmdb.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define INDEX_FORMAT 3U
/// Virtual size of the map (sparse; LMDB takes pages as the file grows).
#define INDEX_MAP_BYTES ((size_t)1U << 36U)
/// Pairs collected per chunk (each 64 bytes: 16 MiB).
#define CHUNK_PAIRS 262144U
/// Token occurrences taken from one literal, and pairs (a word and its
/// stem) made from them.
#define TERM_MAX_TOKENS 2048U
#define TERM_MAX_PAIRS (2U * TERM_MAX_TOKENS)
/// Bytes of the stemmed-languages list ("de,fr,…").
#define LANGS_BYTES 64U
/// Bytes of one literal that are tokenized.
#define TERM_MAX_BYTES 65536U

struct MgdSearchIndexImpl {
  MDB_env*        env;  ///< The index environment
  MDB_dbi         tok;  ///< token -> literal ids
  MDB_dbi         meta; ///< watermark, fingerprint, version
  pthread_mutex_t lock; ///< Held while catching up
};

struct MgdSearchReadImpl {
  MDB_txn*    txn;  ///< Read txn on the index
  MDB_cursor* cur;  ///< Cursor on `tok`
  MDB_dbi     tok;  ///< The table
  MDB_dbi     meta; ///< Its metadata
};

typedef struct {
  uint64_t pre;                              ///< tok[0..8) big-endian
  uint64_t id;                               ///< Term id
  uint8_t  len;                              ///< Key length
  char     tok[MGD_SEARCH_TOKEN_BYTES + 1U]; ///< Token, or stem key
} Pair;

uint64_t
mgd_search_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

static MgdStatus
index_status(const int rc)
{
  switch (rc) {
    case 0:
      return MGD_SUCCESS;
    case MDB_NOTFOUND:
      return MGD_FAILURE;
    case MDB_MAP_FULL:
      return MGD_BAD_FULL;
    case MDB_CORRUPTED:
    case MDB_INVALID:
    case MDB_PAGE_NOTFOUND:
      return MGD_BAD_CORRUPT;
    case MDB_VERSION_MISMATCH:
      return MGD_BAD_VERSION;
    case ENOMEM:
      return MGD_BAD_ALLOC;
    default:
      return rc > 0 ? MGD_BAD_IO : MGD_BAD_INTERNAL;
  }
}

static void
be64_put(uint8_t* const out, const uint64_t v)
{
  for (unsigned i = 0U; i < 8U; ++i) {
    out[i] = (uint8_t)(v >> (56U - 8U * i));
  }
}

static uint64_t
be64_get(const uint8_t* const in)
{
  uint64_t v = 0U;
  for (unsigned i = 0U; i < 8U; ++i) {
    v = (v << 8U) | in[i];
  }
  return v;
}

static int
env_open(const char* const path, MgdSearchIndex* const x)
{
  int rc = mdb_env_create(&x->env);
  if (rc) {
    x->env = NULL;
    return rc;
  }
  (void)mdb_env_set_maxdbs(x->env, 4U);
  (void)mdb_env_set_mapsize(x->env, INDEX_MAP_BYTES);
  rc = mdb_env_open(
    x->env, path, MDB_NOSUBDIR | MDB_NOTLS | MDB_NOSYNC | MDB_NORDAHEAD, 0644);
  MDB_txn* txn = NULL;
  rc           = rc ? rc : mdb_txn_begin(x->env, NULL, 0U, &txn);
  rc           = rc ? rc
                    : mdb_dbi_open(
              txn, "tok", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &x->tok);
  rc           = rc ? rc : mdb_dbi_open(txn, "meta", MDB_CREATE, &x->meta);
  if (!rc) {
    uint8_t   vbytes[8];
    MDB_val   k   = { 3U, (void*)"ver" };
    MDB_val   v   = { 0U, NULL };
    const int got = mdb_get(txn, x->meta, &k, &v);
    if (got == MDB_NOTFOUND) {
      be64_put(vbytes, INDEX_FORMAT);
      v.mv_size = 8U;
      v.mv_data = vbytes;
      rc        = mdb_put(txn, x->meta, &k, &v, 0U);
    } else if (got || v.mv_size != 8U ||
               be64_get((const uint8_t*)v.mv_data) != INDEX_FORMAT) {
      rc = got ? got : MDB_INVALID; // another format: start afresh
    }
  }
  if (txn) {
    rc = rc ? (mdb_txn_abort(txn), rc) : mdb_txn_commit(txn);
  }
  if (rc) {
    mdb_env_close(x->env);
    x->env = NULL;
  }
  return rc;
}

MgdStatus
mgd_search_index_open(const char* const path, MgdSearchIndex** const index)
{
  *index                  = NULL;
  MgdSearchIndex* const x = (MgdSearchIndex*)mgd_calloc(1U, sizeof(*x));
  if (!x) {
    return MGD_BAD_ALLOC;
  }
  int rc = env_open(path, x);
  if (rc == MDB_INVALID || rc == MDB_CORRUPTED || rc == MDB_VERSION_MISMATCH ||
      rc == MDB_PAGE_NOTFOUND) {
    // Derived data: a file this build cannot read is made anew
    char lock[4096];
    snprintf(lock, sizeof(lock), "%s-lock", path);
    (void)unlink(path);
    (void)unlink(lock);
    rc = env_open(path, x);
  }
  if (rc || pthread_mutex_init(&x->lock, NULL)) {
    if (x->env) {
      mdb_env_close(x->env);
    }
    mgd_free(x);
    return rc ? index_status(rc) : MGD_BAD_INTERNAL;
  }
  *index = x;
  return MGD_SUCCESS;
}

void
mgd_search_index_close(MgdSearchIndex* const index)
{
  if (index) {
    mdb_env_close(index->env);
    pthread_mutex_destroy(&index->lock);
    mgd_free(index);
  }
}

// Catching up

typedef struct {
  Pair*             pairs;    ///< Collected pairs (owned)
  size_t            n_pairs;  ///< Number of them
  size_t            n_term;   ///< Tokens of the current term
  uint64_t          id;       ///< Current term's id
  uint64_t          last_seq; ///< Last term fully collected
  uint64_t          n_terms;  ///< Terms read
  uint64_t          fp;       ///< Fingerprint (hash of the first term)
  char              code[4];  ///< Current term's language ("" English)
  MgdSearchStemmers stemmers; ///< By language
  char              langs[LANGS_BYTES]; ///< Stemmed languages but English
  bool              langs_changed;      ///< langs to be written
  MgdSource         src;                ///< The store, to look up parents
} Collect;

/// Literal datatypes holding text worth indexing (empty = xsd:string or
/// rdf:langString).
static bool
is_text_datatype(const MgdStr dt)
{
  return !dt.len || mgd_str_eqc(dt, MGD_XSD_STRING) ||
         mgd_str_eqc(dt, MGD_RDF_LANGSTRING) ||
         mgd_str_eqc(dt, MGD_NS_XSD "normalizedString") ||
         mgd_str_eqc(dt, MGD_NS_XSD "token") ||
         mgd_str_eqc(dt, MGD_NS_XSD "anyURI") ||
         mgd_str_eqc(dt, MGD_NS_RDF "HTML");
}

static void
pair_add(Collect* const    c,
         const char        lead,
         const char* const text,
         const size_t      n)
{
  Pair* const p = &c->pairs[c->n_pairs++];
  memset(p, 0, sizeof(*p));
  p->id = c->id;
  if (lead) {
    p->tok[0] = lead;
  }
  memcpy(p->tok + (lead ? 1 : 0), text, n);
  p->len = (uint8_t)(n + (lead ? 1U : 0U));
  p->pre = be64_get((const uint8_t*)p->tok);
}

static MgdStatus
collect_token(void* const  handle,
              const MgdStr token,
              const size_t start,
              const size_t end)
{
  (void)start;
  (void)end;
  Collect* const c = (Collect*)handle;
  if (c->n_term >= TERM_MAX_TOKENS || token.len > MGD_SEARCH_TOKEN_BYTES) {
    return MGD_SUCCESS;
  }
  ++c->n_term;
  pair_add(c, '\0', token.ptr, token.len);
  char   stem[MGD_SEARCH_TOKEN_BYTES];
  size_t n_stem = 0U;
  if (mgd_search_stem(&c->stemmers, c->code, token, stem, &n_stem) &&
      !mgd_str_eq(mgd_str_n(stem, n_stem), token)) {
    pair_add(c, MGD_SEARCH_STEM_KEY, stem, n_stem);
  }
  return MGD_SUCCESS;
}

/// Remember that the index holds words stemmed in `code`.
static void
note_lang(Collect* const c, const char* const code)
{
  const size_t n   = strlen(c->langs);
  const size_t len = strlen(code);
  for (const char* p = c->langs; *p;) {
    const char*  comma = strchr(p, ',');
    const size_t k     = comma ? (size_t)(comma - p) : strlen(p);
    if (k == len && !memcmp(p, code, k)) {
      return;
    }
    p += k + (comma ? 1U : 0U);
  }
  if (n + len + 2U <= sizeof(c->langs) &&
      mgd_search_stem_known(&c->stemmers, code)) {
    snprintf(c->langs + n, sizeof(c->langs) - n, "%s%s", n ? "," : "", code);
    c->langs_changed = true;
  }
}

/// Whether `iri` names a part of another resource by a path under it
/// (".../image/I42/acquisition" when ".../image/I42" is a term): the
/// part's name ("acquisition", "0") says what it is, not what the owner is
/// about, and such names would list every owner. Fragments ("crate/#Set")
/// are entities of their own and stay, and so do file names ("…/x.tif").
static MgdStatus
iri_is_part(Collect* const c, const MgdStr iri, bool* const yes)
{
  *yes     = false;
  size_t n = iri.len;
  while (n && iri.ptr[n - 1U] != '/' && iri.ptr[n - 1U] != '#') {
    --n;
  }
  if (n < 2U || n == iri.len || iri.ptr[n - 1U] != '/' ||
      iri.ptr[n - 2U] == '/' || memchr(iri.ptr + n, '.', iri.len - n)) {
    return MGD_SUCCESS;
  }
  const MgdTerm   parent = mgd_term_iri(mgd_str_n(iri.ptr, n - 1U));
  MgdId           id     = MGD_ID_NONE;
  const MgdStatus st     = mgd_source_lookup(&c->src, &parent, &id);
  *yes                   = !st;
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static MgdStatus
collect_term(void* const handle, const MgdId id, const MgdTerm* const term)
{
  Collect* const c = (Collect*)handle;
  if (c->n_pairs + TERM_MAX_PAIRS > CHUNK_PAIRS) {
    return MGD_FAILURE; // chunk full: this term starts the next one
  }
  ++c->n_terms;
  c->last_seq = id & MGD_ID_PAYLOAD_MASK;
  c->id       = id;
  c->n_term   = 0U;
  c->code[0]  = '\0';
  if (term->kind == MGD_TERM_IRI) {
    bool            part = false;
    const MgdStatus st   = iri_is_part(c, term->value, &part);
    return st || part ? st
                      : mgd_search_tokenize_iri(term->value, collect_token, c);
  }
  if (term->kind != MGD_TERM_LITERAL || !is_text_datatype(term->datatype)) {
    return MGD_SUCCESS;
  }
  if (term->lang.len && mgd_search_lang_code(term->lang, c->code)) {
    note_lang(c, c->code);
  }
  MgdStr text = term->value;
  if (text.len > TERM_MAX_BYTES) {
    text.len = TERM_MAX_BYTES;
  }
  return mgd_search_tokenize(text, collect_token, c);
}

// The store's identity: its first literal. Literals keep their sequence
// number for ever, while an IRI's may change hands (publishing a staged
// graph exchanges two IRIs' entries, store.h), so the first term will not
// do. Stops the dictionary walk (MGD_FAILURE) once found.
static MgdStatus
fingerprint_term(void* const handle, const MgdId id, const MgdTerm* const term)
{
  (void)id;
  if (term->kind != MGD_TERM_LITERAL) {
    return MGD_SUCCESS;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  MgdStatus st = mgd_term_write_nt(&buf, term);
  if (!st) {
    *(uint64_t*)handle = mgd_hash64(buf.data, buf.len) | 1U;
  }
  mgd_buf_clear(&buf);
  return st ? st : MGD_FAILURE;
}

static int
pair_cmp(const void* const a, const void* const b)
{
  // Keys hold no NUL, so the zero-padded key bytes order like the keys
  // (a prefix first); their first 8 bytes decide most comparisons
  const Pair* const x = (const Pair*)a;
  const Pair* const y = (const Pair*)b;
  if (x->pre != y->pre) {
    return x->pre < y->pre ? -1 : 1;
  }
  const int c = (x->len > 8U || y->len > 8U)
                  ? memcmp(x->tok + 8, y->tok + 8, sizeof(x->tok) - 8U)
                  : 0;
  if (c) {
    return c;
  }
  return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

static int
meta_put(MDB_txn* const    txn,
         const MDB_dbi     dbi,
         const char* const key,
         const uint64_t    value)
{
  uint8_t bytes[8];
  be64_put(bytes, value);
  MDB_val k = { strlen(key), (void*)key };
  MDB_val v = { 8U, bytes };
  return mdb_put(txn, dbi, &k, &v, 0U);
}

static uint64_t
meta_get(MDB_txn* const txn, const MDB_dbi dbi, const char* const key)
{
  MDB_val k = { strlen(key), (void*)key };
  MDB_val v = { 0U, NULL };
  return !mdb_get(txn, dbi, &k, &v) && v.mv_size == 8U
           ? be64_get((const uint8_t*)v.mv_data)
           : 0U;
}

/// Write the sorted pairs and the new watermark in one index transaction.
static int
chunk_write(MgdSearchIndex* const x,
            Collect* const        c,
            const uint64_t        wm,
            const uint64_t        fp,
            uint64_t* const       n_postings)
{
  qsort(c->pairs, c->n_pairs, sizeof(Pair), pair_cmp);
  // Each key's new ids in one put (MDB_MULTIPLE): they are all past the
  // watermark, so none is there yet
  uint8_t* const ids = (uint8_t*)mgd_malloc(c->n_pairs * 8U + 8U);
  if (!ids) {
    return ENOMEM;
  }
  MDB_txn*    txn = NULL;
  MDB_cursor* cur = NULL;
  int         rc  = mdb_txn_begin(x->env, NULL, 0U, &txn);
  rc              = rc ? rc : mdb_cursor_open(txn, x->tok, &cur);
  for (size_t i = 0U; !rc && i < c->n_pairs;) {
    const Pair* const p = &c->pairs[i];
    size_t            n = 0U;
    size_t            j = i;
    for (;
         j < c->n_pairs && c->pairs[j].pre == p->pre &&
         c->pairs[j].len == p->len && !memcmp(c->pairs[j].tok, p->tok, p->len);
         ++j) {
      // A word repeated in one literal is listed once
      if (j == i || c->pairs[j].id != c->pairs[j - 1U].id) {
        be64_put(ids + 8U * n++, c->pairs[j].id);
      }
    }
    MDB_val k       = { p->len, (void*)p->tok };
    MDB_val data[2] = { { 8U, ids }, { n, NULL } };
    rc              = mdb_cursor_put(cur, &k, data, MDB_MULTIPLE);
    *n_postings += n;
    i = j;
  }
  if (cur) {
    mdb_cursor_close(cur);
  }
  mgd_free(ids);
  rc = rc ? rc : meta_put(txn, x->meta, "wm", wm);
  rc = rc ? rc : meta_put(txn, x->meta, "fp", fp);
  if (!rc && c->langs_changed) {
    MDB_val k = { 5U, (void*)"langs" };
    MDB_val v = { strlen(c->langs), c->langs };
    rc        = mdb_put(txn, x->meta, &k, &v, 0U);
  }
  if (txn) {
    rc = rc ? (mdb_txn_abort(txn), rc) : mdb_txn_commit(txn);
  }
  if (!rc) {
    c->langs_changed = false;
  }
  return rc;
}

/// The stemmed-languages list of the index into `out` (LANGS_BYTES).
static void
langs_get(MDB_txn* const txn, const MDB_dbi dbi, char* const out)
{
  MDB_val k = { 5U, (void*)"langs" };
  MDB_val v = { 0U, NULL };
  out[0]    = '\0';
  if (!mdb_get(txn, dbi, &k, &v) && v.mv_size < LANGS_BYTES) {
    memcpy(out, v.mv_data, v.mv_size);
    out[v.mv_size] = '\0';
  }
}

/// Drop every posting (the store under the index was recreated).
static int
index_reset(MgdSearchIndex* const x, const uint64_t fp)
{
  MDB_txn* txn  = NULL;
  int      rc   = mdb_txn_begin(x->env, NULL, 0U, &txn);
  rc            = rc ? rc : mdb_drop(txn, x->tok, 0);
  MDB_val langs = { 5U, (void*)"langs" };
  if (!rc && mdb_del(txn, x->meta, &langs, NULL) == MDB_NOTFOUND) {
    rc = 0;
  }
  rc = rc ? rc : meta_put(txn, x->meta, "wm", 0U);
  rc = rc ? rc : meta_put(txn, x->meta, "fp", fp);
  if (txn) {
    rc = rc ? (mdb_txn_abort(txn), rc) : mdb_txn_commit(txn);
  }
  return rc;
}

static MgdStatus
catch_up_locked(MgdSearchIndex* const    x,
                MgdTxn* const            txn,
                const uint64_t           deadline_ms,
                MgdSearchProgress* const p)
{
  uint64_t  last = 0U;
  uint64_t  fp   = 0U;
  MgdStatus st   = mgd_txn_dict_last(txn, &last);
  if (!st && last) {
    st = mgd_txn_dict_each(
      txn, 0U, last < 4096U ? last : 4096U, fingerprint_term, &fp);
    st = st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  if (st) {
    return st;
  }
  MDB_txn* r  = NULL;
  int      rc = mdb_txn_begin(x->env, NULL, MDB_RDONLY, &r);
  if (rc) {
    return index_status(rc);
  }
  uint64_t       wm     = meta_get(r, x->meta, "wm");
  const uint64_t old_fp = meta_get(r, x->meta, "fp");
  Collect        c;
  memset(&c, 0, sizeof(c));
  langs_get(r, x->meta, c.langs);
  mdb_txn_abort(r);
  p->dict_last = last;
  if (wm > last || (wm && old_fp != fp)) {
    if ((rc = index_reset(x, fp))) {
      return index_status(rc);
    }
    wm         = 0U;
    c.langs[0] = '\0';
    p->rebuilt = true;
  }
  mgd_search_stemmers_init(&c.stemmers);
  c.src = mgd_txn_source(txn);
  if (wm < last) {
    c.pairs = (Pair*)mgd_malloc(CHUNK_PAIRS * sizeof(Pair));
    if (!c.pairs) {
      return MGD_BAD_ALLOC;
    }
  }
  while (!st && wm < last &&
         (!deadline_ms || mgd_search_now_ms() < deadline_ms)) {
    c.n_pairs  = 0U;
    c.last_seq = wm;
    st         = mgd_txn_dict_each(txn, wm, last, collect_term, &c);
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS; // the chunk is full
    }
    if (!st && c.last_seq == wm) {
      c.last_seq = last; // nothing left in (wm, last]: gaps only
    }
    if (!st && (rc = chunk_write(x, &c, c.last_seq, fp, &p->n_postings))) {
      st = index_status(rc);
    }
    if (!st) {
      wm = c.last_seq;
    }
  }
  p->n_terms += c.n_terms;
  mgd_free(c.pairs);
  mgd_search_stemmers_clear(&c.stemmers);
  if (!st && p->n_postings) {
    (void)mdb_env_sync(x->env, 1);
  }
  p->watermark = wm;
  return st;
}

MgdStatus
mgd_search_index_catch_up(MgdSearchIndex* const    index,
                          MgdTxn* const            txn,
                          const uint64_t           deadline_ms,
                          MgdSearchProgress* const progress)
{
  MgdSearchProgress p;
  memset(&p, 0, sizeof(p));
  MgdStatus st = MGD_SUCCESS;
  if (pthread_mutex_trylock(&index->lock)) {
    // Someone else is catching up: report where the index stands
    p.busy       = true;
    MDB_txn*  r  = NULL;
    const int rc = mdb_txn_begin(index->env, NULL, MDB_RDONLY, &r);
    if (!rc) {
      p.watermark = meta_get(r, index->meta, "wm");
      mdb_txn_abort(r);
    }
    st = rc ? index_status(rc) : mgd_txn_dict_last(txn, &p.dict_last);
  } else {
    st = catch_up_locked(index, txn, deadline_ms, &p);
    pthread_mutex_unlock(&index->lock);
  }
  if (progress) {
    *progress = p;
  }
  return st;
}

// Reading postings

MgdStatus
mgd_search_read_begin(MgdSearchIndex* const index, MgdSearchRead** const read)
{
  *read                  = NULL;
  MgdSearchRead* const r = (MgdSearchRead*)mgd_calloc(1U, sizeof(*r));
  if (!r) {
    return MGD_BAD_ALLOC;
  }
  int rc = mdb_txn_begin(index->env, NULL, MDB_RDONLY, &r->txn);
  rc     = rc ? rc : mdb_cursor_open(r->txn, index->tok, &r->cur);
  if (rc) {
    if (r->txn) {
      mdb_txn_abort(r->txn);
    }
    mgd_free(r);
    return index_status(rc);
  }
  r->tok  = index->tok;
  r->meta = index->meta;
  *read   = r;
  return MGD_SUCCESS;
}

void
mgd_search_read_end(MgdSearchRead* const read)
{
  if (read) {
    mdb_cursor_close(read->cur);
    mdb_txn_abort(read->txn);
    mgd_free(read);
  }
}

static bool
key_matches(const MDB_val* const k, const MgdStr word, const bool prefix)
{
  return k->mv_size >= word.len && (prefix || k->mv_size == word.len) &&
         !memcmp(k->mv_data, word.ptr, word.len);
}

/// Position on the first key matching `word`.
static int
seek(MgdSearchRead* const r,
     const MgdStr         word,
     const bool           prefix,
     MDB_val* const       k,
     MDB_val* const       v)
{
  k->mv_size = word.len;
  k->mv_data = (void*)word.ptr;
  if (!word.len) {
    return MDB_NOTFOUND;
  }
  const int rc = mdb_cursor_get(r->cur, k, v, prefix ? MDB_SET_RANGE : MDB_SET);
  return !rc && !key_matches(k, word, prefix) ? MDB_NOTFOUND : rc;
}

MgdStatus
mgd_search_postings(MgdSearchRead* const       r,
                    const MgdStr               word,
                    const bool                 prefix,
                    const size_t               max_tokens,
                    const MgdSearchPostingFunc fn,
                    void* const                handle)
{
  MDB_val   k, v;
  MgdStatus st       = MGD_SUCCESS;
  size_t    n_tokens = 0U;
  int       rc       = seek(r, word, prefix, &k, &v);
  MgdId     ids[512];
  while (!rc && !st) {
    if (++n_tokens > max_tokens) {
      return MGD_BAD_LIMIT;
    }
    const MgdStr token = mgd_str_n((const char*)k.mv_data, k.mv_size);
    char         tok[MGD_SEARCH_TOKEN_BYTES + 2U];
    const size_t n_tok = token.len < sizeof(tok) ? token.len : sizeof(tok) - 1U;
    memcpy(tok, token.ptr, n_tok);
    // A page of ids at a time
    for (rc = mdb_cursor_get(r->cur, &k, &v, MDB_GET_MULTIPLE); !rc && !st;
         rc = mdb_cursor_get(r->cur, &k, &v, MDB_NEXT_MULTIPLE)) {
      const size_t   n_vals = v.mv_size / 8U;
      const uint8_t* p      = (const uint8_t*)v.mv_data;
      for (size_t i = 0U; i < n_vals && !st; i += 512U) {
        const size_t n = n_vals - i < 512U ? n_vals - i : 512U;
        for (size_t j = 0U; j < n; ++j) {
          ids[j] = be64_get(p + 8U * (i + j));
        }
        st = fn(handle, mgd_str_n(tok, n_tok), ids, n);
      }
    }
    if (st || !prefix) {
      break;
    }
    rc = mdb_cursor_get(r->cur, &k, &v, MDB_NEXT_NODUP);
    if (!rc && !key_matches(&k, word, true)) {
      rc = MDB_NOTFOUND;
    }
  }
  return st ? st : (rc == MDB_NOTFOUND || !rc) ? MGD_SUCCESS : index_status(rc);
}

MgdStatus
mgd_search_tokens(MgdSearchRead* const r,
                  const MgdStr         word,
                  const size_t         max_tokens,
                  MgdStatus (*const fn)(void* handle, MgdStr token, uint64_t n),
                  void* const handle)
{
  MDB_val   k, v;
  MgdStatus st = MGD_SUCCESS;
  size_t    n  = 0U;
  for (int rc = seek(r, word, true, &k, &v); !rc && !st && n < max_tokens;
       ++n) {
    size_t count = 0U;
    if ((rc = mdb_cursor_count(r->cur, &count))) {
      return index_status(rc);
    }
    st = fn(handle, mgd_str_n((const char*)k.mv_data, k.mv_size), count);
    rc = st ? rc : mdb_cursor_get(r->cur, &k, &v, MDB_NEXT_NODUP);
    if (!rc && !key_matches(&k, word, true)) {
      rc = MDB_NOTFOUND;
    }
  }
  return st;
}

static MgdStatus
count_token(void* const handle, const MgdStr token, const uint64_t n)
{
  (void)token;
  *(uint64_t*)handle += n;
  return MGD_SUCCESS;
}

MgdStatus
mgd_search_postings_count(MgdSearchRead* const r,
                          const MgdStr         word,
                          const bool           prefix,
                          const size_t         max_tokens,
                          uint64_t* const      count,
                          bool* const          exact)
{
  *count = 0U;
  *exact = true;
  if (!prefix) {
    MDB_val   k, v;
    size_t    n  = 0U;
    const int rc = seek(r, word, false, &k, &v);
    if (!rc && !mdb_cursor_count(r->cur, &n)) {
      *count = n;
    }
    return rc == MDB_NOTFOUND || !rc ? MGD_SUCCESS : index_status(rc);
  }
  const MgdStatus st =
    mgd_search_tokens(r, word, max_tokens + 1U, count_token, count);
  return st;
}

void
mgd_search_read_langs(MgdSearchRead* const read,
                      char* const          out,
                      const size_t         n)
{
  char langs[LANGS_BYTES];
  langs_get(read->txn, read->meta, langs);
  snprintf(out, n, "%s", langs);
}
