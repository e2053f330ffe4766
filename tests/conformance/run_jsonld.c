// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// W3C JSON-LD 1.1 API test suite runner: toRdf, expand, compact, fromRdf.
//
// Reads ${MUGDAT_TESTDATA:-$MUGDAT_SRCDIR/../shared}/conformance/jsonld/
// *-manifest.jsonld (the source dir may also be given as argv[1]). Remote
// documents under https://w3c.github.io/json-ld-api/tests/ are mapped to the
// suite directory; nothing is fetched. toRdf results are compared as
// datasets up to blank node renaming; expand, compact and fromRdf results
// as JSON (arrays unordered, except @list). Negative tests must fail with
// exactly the expected error code. Prints one line per failure and
// `N passed, N failed, N skipped`; exits non-zero if any test failed.
//
// Usage: run_jsonld [SRCDIR] [-v] [-m toRdf|expand|compact|fromRdf] [-t ID]

#include "syntax/jsonld.h"
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"
#include "base/hash.h"
#include "rdf/term.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE_URL "https://w3c.github.io/json-ld-api/tests/"

typedef struct {
  const char* id;     ///< manifest-relative test id, e.g. "toRdf#te075"
  const char* reason; ///< why it is skipped
} Skip;

// Known failures: each is honestly failing for the stated reason.
static const Skip skips[] = {
  {NULL, NULL},
};

static int verbose;

static char*
read_text(const char* const path, size_t* const n)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return NULL;
  }
  MgdBuf buf = {0};
  char   chunk[65536];
  size_t got = 0U;
  while ((got = fread(chunk, 1U, sizeof(chunk), f)) > 0U) {
    mgd_buf_append(&buf, chunk, got);
  }
  fclose(f);
  if (!buf.data) {
    mgd_buf_append(&buf, "", 0U);
  }
  if (n) {
    *n = buf.len;
  }
  return buf.data;
}

/* ---- N-Quads (test-side parser, strings owned by the dataset) ---- */

typedef struct {
  char*       s[4];   ///< subject, predicate, object, graph ("" none)
  MgdTermKind k[4];   ///< term kinds
  char*       dt;     ///< object datatype ("" none)
  char*       lang;   ///< object language ("" none)
} NqQuad;

typedef struct {
  NqQuad* q;
  size_t  n;
} NqSet;

static void
nq_free(NqSet* const set)
{
  for (size_t i = 0U; i < set->n; ++i) {
    for (int j = 0; j < 4; ++j) {
      free(set->q[i].s[j]);
    }
    free(set->q[i].dt);
    free(set->q[i].lang);
  }
  free(set->q);
  set->q = NULL;
  set->n = 0U;
}

static void
skip_ws(const char** const p)
{
  while (**p == ' ' || **p == '\t') {
    ++*p;
  }
}

static char*
nq_iri(const char** const p)
{
  const char* const start = ++*p;
  while (**p && **p != '>') {
    ++*p;
  }
  char* const r = strndup(start, (size_t)(*p - start));
  if (**p) {
    ++*p;
  }
  return r;
}

static char*
nq_literal(const char** const p)
{
  MgdBuf b = {0};
  ++*p;
  while (**p && **p != '"') {
    if (**p == '\\') {
      ++*p;
      const char c = *(*p)++;
      switch (c) {
      case 't': mgd_buf_putc(&b, '\t'); break;
      case 'b': mgd_buf_putc(&b, '\b'); break;
      case 'n': mgd_buf_putc(&b, '\n'); break;
      case 'r': mgd_buf_putc(&b, '\r'); break;
      case 'f': mgd_buf_putc(&b, '\f'); break;
      case 'u':
      case 'U': {
        const int  nd = c == 'u' ? 4 : 8;
        char       hex[9];
        memcpy(hex, *p, (size_t)nd);
        hex[nd] = '\0';
        *p += nd;
        unsigned long cp = strtoul(hex, NULL, 16);
        char          out[4];
        size_t        n = 0U;
        if (cp < 0x80U) {
          out[n++] = (char)cp;
        } else if (cp < 0x800U) {
          out[n++] = (char)(0xC0U | (cp >> 6));
          out[n++] = (char)(0x80U | (cp & 0x3FU));
        } else if (cp < 0x10000U) {
          out[n++] = (char)(0xE0U | (cp >> 12));
          out[n++] = (char)(0x80U | ((cp >> 6) & 0x3FU));
          out[n++] = (char)(0x80U | (cp & 0x3FU));
        } else {
          out[n++] = (char)(0xF0U | (cp >> 18));
          out[n++] = (char)(0x80U | ((cp >> 12) & 0x3FU));
          out[n++] = (char)(0x80U | ((cp >> 6) & 0x3FU));
          out[n++] = (char)(0x80U | (cp & 0x3FU));
        }
        mgd_buf_append(&b, out, n);
        break;
      }
      default: mgd_buf_putc(&b, c);
      }
    } else {
      mgd_buf_putc(&b, *(*p)++);
    }
  }
  if (**p) {
    ++*p;
  }
  if (!b.data) {
    mgd_buf_append(&b, "", 0U);
  }
  return b.data;
}

static int
nq_term(const char** const p, char** const out, MgdTermKind* const kind,
        char** const dt, char** const lang)
{
  skip_ws(p);
  if (**p == '<') {
    *out  = nq_iri(p);
    *kind = MGD_TERM_IRI;
  } else if (**p == '_' && (*p)[1] == ':') {
    *p += 2;
    const char* const start = *p;
    while (**p && **p != ' ' && **p != '\t' && **p != '.') {
      ++*p;
    }
    // a label may contain '.' but not end with it
    while (**p == '.' && (*p)[1] && (*p)[1] != ' ' && (*p)[1] != '\n' &&
           (*p)[1] != '\t') {
      ++*p;
      while (**p && **p != ' ' && **p != '\t' && **p != '.') {
        ++*p;
      }
    }
    *out  = strndup(start, (size_t)(*p - start));
    *kind = MGD_TERM_BLANK;
  } else if (**p == '"') {
    *out  = nq_literal(p);
    *kind = MGD_TERM_LITERAL;
    if (**p == '@') {
      const char* const start = ++*p;
      while (**p && **p != ' ' && **p != '\t' && **p != '.') {
        ++*p;
      }
      *lang = strndup(start, (size_t)(*p - start));
      for (char* c = *lang; *c; ++c) {
        if (*c >= 'A' && *c <= 'Z') {
          *c = (char)(*c + 32);
        }
      }
    } else if (**p == '^' && (*p)[1] == '^') {
      *p += 2;
      *dt = nq_iri(p);
    }
  } else {
    return -1;
  }
  return 0;
}

static int
nq_parse(const char* text, NqSet* const set)
{
  size_t cap = 0U;
  while (*text) {
    const char* p = text;
    skip_ws(&p);
    const char* const eol = strchr(p, '\n');
    if (*p == '#' || *p == '\n' || *p == '\r' || !*p) {
      text = eol ? eol + 1 : p + strlen(p);
      continue;
    }
    NqQuad q;
    memset(&q, 0, sizeof(q));
    for (int i = 0; i < 3; ++i) {
      char* dt   = NULL;
      char* lang = NULL;
      if (nq_term(&p, &q.s[i], &q.k[i], &dt, &lang)) {
        return -1;
      }
      if (i == 2) {
        q.dt   = dt;
        q.lang = lang;
      }
    }
    skip_ws(&p);
    if (*p != '.') {
      char* dt   = NULL;
      char* lang = NULL;
      if (nq_term(&p, &q.s[3], &q.k[3], &dt, &lang)) {
        return -1;
      }
      free(dt);
      free(lang);
    } else {
      q.s[3] = strdup("");
      q.k[3] = MGD_TERM_NONE;
    }
    if (!q.dt) {
      q.dt = strdup(q.lang ? MGD_RDF_LANGSTRING : MGD_XSD_STRING);
      if (q.k[2] != MGD_TERM_LITERAL) {
        q.dt[0] = '\0';
      }
    }
    if (!q.lang) {
      q.lang = strdup("");
    }
    if (set->n == cap) {
      cap    = cap ? cap * 2U : 16U;
      set->q = (NqQuad*)realloc(set->q, cap * sizeof(NqQuad));
    }
    set->q[set->n++] = q;
    text             = eol ? eol + 1 : p + strlen(p);
  }
  return 0;
}

/* ---- dataset isomorphism ---- */

// Signature of a quad with blank nodes masked; `self` is kept distinct.
static void
quad_sig(const NqQuad* const q, const char* const self,
         const char* const* const map_from, const char* const* const map_to,
         const size_t n_map, MgdBuf* const out)
{
  mgd_buf_reset(out);
  for (int i = 0; i < 4; ++i) {
    mgd_buf_printf(out, "%d|", (int)q->k[i]);
    if (q->k[i] == MGD_TERM_BLANK) {
      const char* label = "_";
      if (self && !strcmp(q->s[i], self)) {
        label = "SELF";
      }
      for (size_t m = 0U; m < n_map; ++m) {
        if (!strcmp(map_from[m], q->s[i])) {
          label = map_to[m];
        }
      }
      mgd_buf_appendc(out, label);
    } else {
      mgd_buf_appendc(out, q->s[i]);
    }
    mgd_buf_putc(out, '\x1f');
  }
  mgd_buf_printf(out, "%s|%s", q->dt, q->lang);
}

static int
cmp_cstr(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void
nq_dedupe(NqSet* const set)
{
  MgdHashMap seen;
  mgd_hashmap_init(&seen);
  MgdBuf sig = {0};
  size_t w   = 0U;
  for (size_t i = 0U; i < set->n; ++i) {
    quad_sig(&set->q[i], NULL, NULL, NULL, 0U, &sig);
    // distinct blank labels matter for identity here
    for (int j = 0; j < 4; ++j) {
      mgd_buf_appendc(&sig, set->q[i].s[j]);
    }
    bool inserted = false;
    mgd_hashmap_put(&seen, sig.data, sig.len, 0U, NULL, &inserted);
    if (inserted) {
      set->q[w++] = set->q[i];
    } else {
      for (int j = 0; j < 4; ++j) {
        free(set->q[i].s[j]);
      }
      free(set->q[i].dt);
      free(set->q[i].lang);
    }
  }
  set->n = w;
  mgd_buf_clear(&sig);
  mgd_hashmap_clear(&seen);
}

typedef struct {
  char**   labels;
  size_t   n;
  uint64_t* color;
} Bnodes;

static void
collect_bnodes(const NqSet* const set, Bnodes* const b)
{
  b->labels = NULL;
  b->n      = 0U;
  for (size_t i = 0U; i < set->n; ++i) {
    for (int j = 0; j < 4; ++j) {
      if (set->q[i].k[j] != MGD_TERM_BLANK) {
        continue;
      }
      bool have = false;
      for (size_t k = 0U; k < b->n && !have; ++k) {
        have = !strcmp(b->labels[k], set->q[i].s[j]);
      }
      if (!have) {
        b->labels = (char**)realloc(b->labels, (b->n + 1U) * sizeof(char*));
        b->labels[b->n++] = set->q[i].s[j];
      }
    }
  }
  b->color = (uint64_t*)calloc(b->n ? b->n : 1U, sizeof(uint64_t));
  MgdBuf sig = {0};
  for (size_t k = 0U; k < b->n; ++k) {
    // initial colour: sorted signatures of the quads it occurs in
    char** sigs = NULL;
    size_t ns   = 0U;
    for (size_t i = 0U; i < set->n; ++i) {
      bool in = false;
      for (int j = 0; j < 4; ++j) {
        in = in || (set->q[i].k[j] == MGD_TERM_BLANK &&
                    !strcmp(set->q[i].s[j], b->labels[k]));
      }
      if (in) {
        quad_sig(&set->q[i], b->labels[k], NULL, NULL, 0U, &sig);
        sigs       = (char**)realloc(sigs, (ns + 1U) * sizeof(char*));
        sigs[ns++] = strdup(sig.data);
      }
    }
    qsort(sigs, ns, sizeof(char*), cmp_cstr);
    uint64_t h = 1469598103934665603ULL;
    for (size_t s = 0U; s < ns; ++s) {
      h = (h ^ mgd_hash64(sigs[s], strlen(sigs[s]))) * 1099511628211ULL;
      free(sigs[s]);
    }
    free(sigs);
    b->color[k] = h;
  }
  mgd_buf_clear(&sig);
}

typedef struct {
  const NqSet* a;
  const NqSet* b;
  Bnodes       ba;
  Bnodes       bb;
  const char** from;
  const char** to;
  bool*        used;
  MgdHashMap   bset; // full signatures of b under identity labels
  long         budget;
} Iso;

// Does every quad of a whose blank nodes are all mapped exist in b?
static bool
iso_consistent(Iso* const I, const size_t n_map, const bool all)
{
  MgdBuf sig = {0};
  bool   ok  = true;
  for (size_t i = 0U; i < I->a->n && ok; ++i) {
    const NqQuad* const q        = &I->a->q[i];
    bool                complete = true;
    for (int j = 0; j < 4 && complete; ++j) {
      if (q->k[j] == MGD_TERM_BLANK) {
        bool found = false;
        for (size_t m = 0U; m < n_map && !found; ++m) {
          found = !strcmp(I->from[m], q->s[j]);
        }
        complete = found;
      }
    }
    if (!complete) {
      ok = !all;
      continue;
    }
    quad_sig(q, NULL, I->from, I->to, n_map, &sig);
    uint64_t v = 0U;
    ok = mgd_hashmap_get(&I->bset, sig.data, sig.len, &v) == MGD_SUCCESS;
  }
  mgd_buf_clear(&sig);
  return ok;
}

static bool
iso_search(Iso* const I, const size_t k)
{
  if (--I->budget < 0) {
    return false;
  }
  if (k == I->ba.n) {
    return iso_consistent(I, k, true);
  }
  for (size_t c = 0U; c < I->bb.n; ++c) {
    if (I->used[c] || I->bb.color[c] != I->ba.color[k]) {
      continue;
    }
    I->from[k] = I->ba.labels[k];
    I->to[k]   = I->bb.labels[c];
    I->used[c] = true;
    if (iso_consistent(I, k + 1U, false) && iso_search(I, k + 1U)) {
      return true;
    }
    I->used[c] = false;
  }
  return false;
}

static bool
nq_isomorphic(NqSet* const a, NqSet* const b)
{
  nq_dedupe(a);
  nq_dedupe(b);
  if (a->n != b->n) {
    return false;
  }
  Iso I;
  memset(&I, 0, sizeof(I));
  I.a = a;
  I.b = b;
  collect_bnodes(a, &I.ba);
  collect_bnodes(b, &I.bb);
  bool ok = I.ba.n == I.bb.n;
  mgd_hashmap_init(&I.bset);
  if (ok) {
    MgdBuf sig = {0};
    for (size_t i = 0U; i < b->n; ++i) {
      // b's blank nodes keep their own labels
      quad_sig(&b->q[i], NULL, (const char* const*)I.bb.labels,
               (const char* const*)I.bb.labels, I.bb.n, &sig);
      mgd_hashmap_put(&I.bset, sig.data, sig.len, 0U, NULL, NULL);
    }
    mgd_buf_clear(&sig);
    I.from   = (const char**)calloc(I.ba.n + 1U, sizeof(char*));
    I.to     = (const char**)calloc(I.ba.n + 1U, sizeof(char*));
    I.used   = (bool*)calloc(I.bb.n + 1U, sizeof(bool));
    I.budget = 2000000;
    ok       = iso_search(&I, 0U);
  }
  free(I.from);
  free(I.to);
  free(I.used);
  free(I.ba.labels);
  free(I.bb.labels);
  free(I.ba.color);
  free(I.bb.color);
  mgd_hashmap_clear(&I.bset);
  return ok;
}

/* ---- JSON comparison ---- */

static bool json_match(const json_t* a, const json_t* b, bool ordered);

static bool
array_match(const json_t* const a, const json_t* const b, const bool ordered)
{
  const size_t n = json_array_size(a);
  if (n != json_array_size(b)) {
    return false;
  }
  if (ordered) {
    for (size_t i = 0U; i < n; ++i) {
      if (!json_match(json_array_get(a, i), json_array_get(b, i), false)) {
        return false;
      }
    }
    return true;
  }
  bool* const used = (bool*)calloc(n + 1U, sizeof(bool));
  bool        ok   = true;
  for (size_t i = 0U; i < n && ok; ++i) {
    bool found = false;
    for (size_t j = 0U; j < n && !found; ++j) {
      if (!used[j] &&
          json_match(json_array_get(a, i), json_array_get(b, j), false)) {
        used[j] = true;
        found   = true;
      }
    }
    ok = found;
  }
  free(used);
  return ok;
}

static bool
json_match(const json_t* const a, const json_t* const b, const bool ordered)
{
  if (json_is_number(a) && json_is_number(b)) {
    return json_number_value(a) == json_number_value(b);
  }
  if (json_typeof(a) != json_typeof(b)) {
    return false;
  }
  if (json_is_array(a)) {
    return array_match(a, b, ordered);
  }
  if (json_is_object(a)) {
    if (json_object_size(a) != json_object_size(b)) {
      return false;
    }
    const char* k;
    json_t*     v;
    json_object_foreach ((json_t*)a, k, v) {
      const json_t* const w = json_object_get(b, k);
      if (!w || !json_match(v, w, !strcmp(k, "@list"))) {
        return false;
      }
    }
    return true;
  }
  return json_equal(a, b);
}

/* ---- running tests ---- */

typedef struct {
  const char* dir;
  const char* kind;
  int         n_pass;
  int         n_fail;
  int         n_skip;
  const char* only;
} Run;

static const char*
skip_reason(const char* const id)
{
  for (size_t i = 0U; skips[i].id; ++i) {
    if (!strcmp(skips[i].id, id)) {
      return skips[i].reason;
    }
  }
  return NULL;
}

static bool
has_type(const json_t* const test, const char* const type)
{
  const json_t* const t = json_object_get(test, "@type");
  size_t              i;
  json_t*             v;
  json_array_foreach ((json_t*)t, i, v) {
    if (!strcmp(json_string_value(v), type)) {
      return true;
    }
  }
  return false;
}

static const char*
opt_str(const json_t* const opt, const char* const key)
{
  return json_string_value(json_object_get(opt, key));
}

static MgdStatus
run_nq_sink(void* const handle, const MgdQuad* const quad)
{
  return mgd_quad_write_nq((MgdBuf*)handle, quad);
}

// Runs one test; returns 1 pass, 0 fail, and writes a message on failure.
static int
run_test(Run* const R, const json_t* const test, const char* const base_iri,
         const char* const id, MgdBuf* const why)
{
  const json_t* const opt    = json_object_get(test, "option");
  const char* const   input  = json_string_value(json_object_get(test, "input"));
  const char* const   expect = json_string_value(json_object_get(test, "expect"));
  const char* const   code =
    json_string_value(json_object_get(test, "expectErrorCode"));
  const bool negative = has_type(test, "jld:NegativeEvaluationTest");

  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  mgd_jsonld_options_add_mapping(&o, SUITE_URL, R->dir, false);
  const char* const pm = opt_str(opt, "processingMode");
  o.is_json_ld_10      = pm && !strcmp(pm, "json-ld-1.0");
  const char* const rd = opt_str(opt, "rdfDirection");
  if (rd) {
    mgd_jsonld_options_set(&o, "rdf-direction", rd);
  }
  o.produce_generalized = json_is_true(json_object_get(opt, "produceGeneralizedRdf"));
  o.use_native_types    = json_is_true(json_object_get(opt, "useNativeTypes"));
  o.use_rdf_type        = json_is_true(json_object_get(opt, "useRdfType"));
  if (json_is_false(json_object_get(opt, "compactArrays"))) {
    o.compact_arrays = false;
  }
  if (json_is_false(json_object_get(opt, "compactToRelative"))) {
    o.compact_to_relative = false;
  }
  const char* const ec = opt_str(opt, "expandContext");
  MgdBuf            url = {0};
  if (ec) {
    mgd_buf_printf(&url, "%s%s", base_iri, ec);
    o.expand_context = strdup(url.data);
    mgd_buf_reset(&url);
  }
  const char* const base_opt = opt_str(opt, "base");
  if (base_opt) {
    mgd_buf_appendc(&url, base_opt);
  } else {
    mgd_buf_printf(&url, "%s%s", base_iri, input);
  }

  JldProc P;
  jld_proc_init(&P, &o, NULL, NULL, id);
  int    ok   = 0;
  MgdBuf path = {0};
  mgd_buf_printf(&path, "%s/%s", R->dir, input);
  size_t n_in = 0U;
  char*  in   = read_text(path.data, &n_in);
  json_t* result   = NULL;
  json_t* expanded = NULL;
  MgdBuf  nq       = {0};
  if (!in) {
    mgd_buf_printf(why, "cannot read %s", path.data);
    goto done;
  }
  if (!strcmp(R->kind, "fromRdf")) {
    NqSet set = {0};
    if (nq_parse(in, &set)) {
      mgd_buf_appendc(why, "cannot parse input N-Quads");
      nq_free(&set);
      goto done;
    }
    MgdQuad* const quads = (MgdQuad*)calloc(set.n + 1U, sizeof(MgdQuad));
    for (size_t i = 0U; i < set.n; ++i) {
      MgdTerm* t[4] = {&quads[i].s, &quads[i].p, &quads[i].o, &quads[i].g};
      for (int j = 0; j < 4; ++j) {
        t[j]->kind  = set.q[i].k[j];
        t[j]->value = mgd_str(set.q[i].s[j]);
      }
      if (set.q[i].k[2] == MGD_TERM_LITERAL) {
        t[2]->lang = mgd_str(set.q[i].lang);
        if (!set.q[i].lang[0] && strcmp(set.q[i].dt, MGD_XSD_STRING)) {
          t[2]->datatype = mgd_str(set.q[i].dt);
        }
      }
    }
    jld_from_rdf(&P, quads, set.n, &result);
    free(quads);
    nq_free(&set);
  } else if (!strcmp(R->kind, "toRdf")) {
    // the production path: streamed reading where the shape allows it
    const MgdSink sink = {&nq, NULL, NULL, run_nq_sink, NULL};
    jld_read(&P, in, n_in, url.data, &sink);
  } else {
    json_t* const doc = jld_parse(&P, in, n_in);
    if (doc) {
      if (!jld_expand_doc(&P, doc, url.data, &expanded)) {
        if (!strcmp(R->kind, "expand")) {
          result = json_incref(expanded);
        } else {
          const char* const ctxf =
            json_string_value(json_object_get(test, "context"));
          MgdBuf cpath = {0};
          mgd_buf_printf(&cpath, "%s/%s", R->dir, ctxf ? ctxf : "");
          char* const ctext = ctxf ? read_text(cpath.data, NULL) : NULL;
          json_t*     cdoc  = ctext ? json_loads(ctext, 0, NULL) : NULL;
          json_t*     ctx   = json_object_get(cdoc, "@context");
          json_t* const empty = json_object();
          jld_compact_doc(&P, expanded, ctx ? ctx : empty, url.data, &result);
          json_decref(empty);
          json_decref(cdoc);
          free(ctext);
          mgd_buf_clear(&cpath);
        }
      }
      json_decref(doc);
    }
  }
  if (negative) {
    if (P.status && P.code && code && !strcmp(P.code, code)) {
      ok = 1;
    } else if (P.status) {
      mgd_buf_printf(why, "expected error \"%s\", got \"%s\" (%s at %s)",
                     code ? code : "?", P.code ? P.code : "?", P.message,
                     P.err_path ? P.err_path : "");
    } else {
      mgd_buf_printf(why, "expected error \"%s\", got success",
                     code ? code : "?");
    }
    goto done;
  }
  if (P.status) {
    mgd_buf_printf(why, "unexpected error: %s at %s", P.message,
                   P.err_path ? P.err_path : "");
    goto done;
  }
  if (has_type(test, "jld:PositiveSyntaxTest") || !expect) {
    ok = 1;
    goto done;
  }
  mgd_buf_reset(&path);
  mgd_buf_printf(&path, "%s/%s", R->dir, expect);
  char* const want = read_text(path.data, NULL);
  if (!want) {
    mgd_buf_printf(why, "cannot read %s", path.data);
    goto done;
  }
  if (!strcmp(R->kind, "toRdf")) {
    NqSet a = {0};
    NqSet b = {0};
    if (nq_parse(nq.data ? nq.data : "", &a) || nq_parse(want, &b)) {
      mgd_buf_appendc(why, "cannot parse N-Quads");
    } else if (nq_isomorphic(&a, &b)) {
      ok = 1;
    } else {
      mgd_buf_printf(why, "datasets differ; got:\n%s", nq.data ? nq.data : "");
    }
    nq_free(&a);
    nq_free(&b);
  } else {
    json_t* const w = json_loads(want, JSON_DECODE_ANY, NULL);
    if (w && result && json_match(result, w, false)) {
      ok = 1;
    } else {
      char* const got = result ? json_dumps(result, JSON_ENCODE_ANY |
                                                      JSON_PRESERVE_ORDER |
                                                      JSON_INDENT(1))
                               : NULL;
      mgd_buf_printf(why, "JSON differs; got:\n%s", got ? got : "(null)");
      free(got);
    }
    json_decref(w);
  }
  free(want);
done:
  free(in);
  mgd_buf_clear(&path);
  mgd_buf_clear(&url);
  mgd_buf_clear(&nq);
  json_decref(result);
  json_decref(expanded);
  jld_proc_clear(&P);
  mgd_jsonld_options_clear(&o);
  return ok;
}

static void
run_manifest(Run* const R)
{
  MgdBuf path = {0};
  mgd_buf_printf(&path, "%s/%s-manifest.jsonld", R->dir, R->kind);
  json_error_t err;
  json_t* const m = json_load_file(path.data, 0, &err);
  mgd_buf_clear(&path);
  if (!m) {
    fprintf(stderr, "cannot read %s-manifest.jsonld: %s\n", R->kind, err.text);
    ++R->n_fail;
    return;
  }
  const char* const base_iri =
    json_string_value(json_object_get(m, "baseIri"));
  size_t  i;
  json_t* test;
  json_array_foreach (json_object_get(m, "sequence"), i, test) {
    char id[256];
    snprintf(id, sizeof(id), "%s%s", R->kind,
             json_string_value(json_object_get(test, "@id")));
    if (R->only && strcmp(R->only, id)) {
      continue;
    }
    const json_t* const opt = json_object_get(test, "option");
    const char* const   sv  = opt_str(opt, "specVersion");
    const char*         reason = skip_reason(id);
    if (sv && !strcmp(sv, "json-ld-1.0")) {
      reason = "json-ld-1.0-only test: not applicable to a 1.1 processor";
    }
    if (reason) {
      ++R->n_skip;
      if (verbose) {
        printf("SKIP %s: %s\n", id, reason);
      }
      continue;
    }
    MgdBuf why = {0};
    if (run_test(R, test, base_iri, id, &why)) {
      ++R->n_pass;
    } else {
      ++R->n_fail;
      printf("FAIL %s (%s): %s\n", id,
             json_string_value(json_object_get(test, "name")),
             why.data ? why.data : "");
    }
    mgd_buf_clear(&why);
  }
  json_decref(m);
}

int
main(int argc, char** argv)
{
  const char* srcdir   = getenv("MUGDAT_SRCDIR");
  if (!srcdir) {
    srcdir = getenv("srcdir"); // set by automake's test harness
  }
  const char* only_m   = NULL;
  const char* only_t   = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-v")) {
      verbose = 1;
    } else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
      only_m = argv[++i];
    } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
      only_t = argv[++i];
    } else {
      srcdir = argv[i];
    }
  }
  MgdBuf dir = {0};
  const char* const td = getenv("MUGDAT_TESTDATA");
  if (td) {
    mgd_buf_printf(&dir, "%s/conformance/jsonld", td);
  } else {
    mgd_buf_printf(&dir, "%s/../shared/conformance/jsonld",
                   srcdir ? srcdir : ".");
  }
  static const char* const kinds[] = {"toRdf", "expand", "compact", "fromRdf"};
  int n_pass = 0;
  int n_fail = 0;
  int n_skip = 0;
  for (size_t k = 0U; k < 4U; ++k) {
    if (only_m && strcmp(only_m, kinds[k])) {
      continue;
    }
    Run R = {dir.data, kinds[k], 0, 0, 0, only_t};
    run_manifest(&R);
    printf("# %s: %d passed, %d failed, %d skipped\n", kinds[k], R.n_pass,
           R.n_fail, R.n_skip);
    n_pass += R.n_pass;
    n_fail += R.n_fail;
    n_skip += R.n_skip;
  }
  mgd_buf_clear(&dir);
  printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
  return n_fail ? 1 : 0;
}
