// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Profiles, the term graph built from SSSOM rows, rules and the run.
//
// Every term that appears in a loaded row is resolved once, at load, to
// its target term (breadth-first over the applicable rows), so a run only
// does hash lookups and the crosswalk stays immutable (shareable by HTTP
// threads). Terms in no row are either in the target namespaces or
// unmapped.

#include "crosswalk/crosswalk.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "base/hash.h"
#include "rdf/memstore.h"
#include "sparql/sparql.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif

#define XW_MAX_NS 16U
#define XW_MAX_FILES 32U
#define XW_MAX_ALIASES 16U
#define XW_MAX_VISIT 512U
#define XW_NORMALISE "_normalise"

typedef struct {
  MgdStr written;   ///< As the profile writes it (output spelling)
  MgdStr canonical; ///< With aliases applied (for comparisons)
} Namespace;

typedef struct {
  MgdStr from; ///< Namespace as it may appear
  MgdStr to;   ///< The namespace it is the same as
} Alias;

/// One direction of a term map: target namespaces plus resolved terms.
typedef struct {
  Namespace  ns[XW_MAX_NS]; ///< Target namespaces, preferred first
  size_t     n_ns;          ///< Entries used
  MgdHashMap resolved;      ///< canonical term -> index + 1 into terms
  MgdStr*    terms;         ///< Resolved target terms (output spelling)
  MgdStr*    why;           ///< The rows applied, per resolved term
  size_t     n_terms;       ///< Entries used
  size_t     cap_terms;     ///< Entries allocated
} TermMap;

/// An edge of the term graph: `from` may be rewritten into `to`.
typedef struct {
  MgdStr             to;      ///< Canonical IRI
  size_t             next;    ///< Next edge of the same term (SIZE_MAX: none)
  const MgdSssomRow* row;     ///< The row it comes from
  bool               forward; ///< Subject -> object (else object -> subject)
} Edge;

typedef struct {
  MgdHashMap heads;   ///< canonical term -> index + 1 into first/last
  size_t*    first;   ///< First edge per term
  size_t*    last;    ///< Last edge per term
  size_t     n_nodes; ///< Terms with edges
  size_t     cap_nodes;
  Edge*      edges;   ///< All edges, row order
  size_t     n_edges;
  size_t     cap_edges;
} TermGraph;

typedef struct {
  char*           name;  ///< File name (diagnostics, report)
  MgdSparqlQuery* query; ///< A CONSTRUCT
} Rule;

struct MgdCrosswalkImpl {
  MgdArena    arena;                     ///< Strings
  Alias       aliases[XW_MAX_ALIASES];   ///< Namespace aliases
  size_t      n_aliases;                 ///< Entries used
  Namespace   from_ns[XW_MAX_NS];        ///< --from namespaces (0: any)
  size_t      n_from;                    ///< Entries used
  MgdSssom*   sets[XW_MAX_FILES * 2U];   ///< Loaded SSSOM files
  size_t      n_sets;                    ///< Entries used
  TermMap     norm;                      ///< Step 1
  TermMap     target;                    ///< Step 3
  Rule        rules[XW_MAX_FILES];       ///< Step 2
  size_t      n_rules;                   ///< Entries used
  const char* prefixes[48];              ///< Writer prefixes, NULL-ended
  MgdLimits   limits;                    ///< Limits in force
};

// ------------------------------------------------------------ data files

static bool
dir_has_profiles(const char* const dir)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/mappings/profiles.tsv", dir);
  return access(path, R_OK) == 0;
}

static const char*
find_data_dir(const char* const given)
{
  const char* const candidates[] = {given, getenv("MUGDAT_DATADIR"),
                                    MGD_DATADIR, getenv("MUGDAT_SRCDIR"),
#ifdef MGD_SRCDIR
                                    MGD_SRCDIR
#else
                                    NULL
#endif
  };
  for (size_t i = 0U; i < sizeof(candidates) / sizeof(candidates[0]); ++i) {
    if (candidates[i] && *candidates[i] && dir_has_profiles(candidates[i])) {
      return candidates[i];
    }
  }
  return NULL;
}

static MgdStatus
slurp(const char* const path, const size_t max, const MgdDiagSink* const diag,
      MgdBuf* const out)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path, 0U, 0U, NULL,
                    "cannot open: %s", strerror(errno));
  }
  MgdStatus st = MGD_SUCCESS;
  char      chunk[8192];
  size_t    n = 0U;
  while (!st && (n = fread(chunk, 1U, sizeof(chunk), f)) > 0U) {
    st = out->len + n > max
           ? mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, path, 0U, 0U,
                      NULL, "larger than %zu bytes", max)
           : mgd_buf_append(out, chunk, n);
  }
  if (!st && ferror(f)) {
    st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path, 0U, 0U, NULL,
                  "read error");
  }
  fclose(f);
  if (!st && !out->data) {
    st = mgd_buf_appendc(out, "");
  }
  return st;
}

// ------------------------------------------------------------ profiles

/// One row of profiles.tsv, views into the file's bytes.
typedef struct {
  MgdStr   name;
  MgdStr   ns;    ///< Space-separated namespaces
  MgdStr   files; ///< Space-separated file names
  unsigned line;
} ProfileRow;

static MgdStr
field(MgdStr* const rest, const char sep)
{
  while (rest->len && (rest->ptr[0] == sep || rest->ptr[0] == ' ')) {
    ++rest->ptr;
    --rest->len;
  }
  size_t i = 0U;
  while (i < rest->len && rest->ptr[i] != sep && rest->ptr[i] != '\r' &&
         (sep != ' ' || rest->ptr[i] != '\t')) {
    ++i;
  }
  const MgdStr f = mgd_str_n(rest->ptr, i);
  rest->ptr += i;
  rest->len -= i;
  return f;
}

typedef MgdStatus (*ProfileFunc)(void* handle, const ProfileRow* row);

// Calls `func` for every profile row, and for alias rows with name "alias".
static MgdStatus
profiles_each(const MgdStr text, const char* const path,
              const MgdDiagSink* const diag, const ProfileFunc func,
              void* const handle)
{
  size_t   i       = 0U;
  unsigned line_no = 0U;
  while (i < text.len) {
    const char* const nl = (const char*)memchr(text.ptr + i, '\n', text.len - i);
    const size_t      end  = nl ? (size_t)(nl - text.ptr) : text.len;
    MgdStr            line = mgd_str_n(text.ptr + i, end - i);
    i                      = end + 1U;
    ++line_no;
    if (!line.len || line.ptr[0] == '#' || line.ptr[0] == '\r') {
      continue;
    }
    ProfileRow row;
    row.line  = line_no;
    row.name  = field(&line, '\t');
    row.ns    = field(&line, '\t');
    row.files = field(&line, '\t');
    if (!row.name.len || !row.ns.len || !row.files.len) {
      return mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, path, line_no, 0U,
                      NULL, "expected NAME<TAB>NAMESPACES<TAB>FILES");
    }
    const MgdStatus st = func(handle, &row);
    if (st) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

typedef struct {
  MgdBuf* out;
} ListCtx;

static MgdStatus
list_profile(void* const handle, const ProfileRow* const row)
{
  ListCtx* const c = (ListCtx*)handle;
  if (mgd_str_eqc(row->name, "alias") || row->name.ptr[0] == '_') {
    return MGD_SUCCESS;
  }
  MgdStatus st = c->out->len ? mgd_buf_appendc(c->out, ", ") : MGD_SUCCESS;
  return st ? st : mgd_buf_append(c->out, row->name.ptr, row->name.len);
}

static MgdStatus
read_profiles(const char* const data_dir, const MgdDiagSink* const diag,
              MgdBuf* const path, MgdBuf* const text)
{
  const char* const dir = find_data_dir(data_dir);
  if (!dir) {
    return mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "no mappings/profiles.tsv found (set MUGDAT_DATADIR)");
  }
  MgdStatus st = mgd_buf_printf(path, "%s/mappings", dir);
  MgdBuf    file;
  mgd_buf_init(&file);
  st = st ? st : mgd_buf_printf(&file, "%s/profiles.tsv", path->data);
  st = st ? st : slurp(file.data, 1U << 20, diag, text);
  mgd_buf_clear(&file);
  return st;
}

MgdStatus
mgd_crosswalk_profiles(const char* const data_dir,
                       const MgdDiagSink* const diag, MgdBuf* const out)
{
  MgdBuf dir;
  MgdBuf text;
  mgd_buf_init(&dir);
  mgd_buf_init(&text);
  ListCtx   c  = {out};
  MgdStatus st = read_profiles(data_dir, diag, &dir, &text);
  st = st ? st
          : profiles_each(mgd_buf_str(&text), "profiles.tsv", diag,
                          list_profile, &c);
  mgd_buf_clear(&dir);
  mgd_buf_clear(&text);
  return st;
}

// ------------------------------------------------------------ terms

static MgdStr
xw_str(MgdCrosswalk* const xw, const MgdStr s)
{
  return mgd_arena_str(&xw->arena, s);
}

// The IRI with an aliased namespace replaced by the one it is the same as.
// Allocates only when an alias applies.
static MgdStatus
canonical(MgdCrosswalk* const xw, const MgdStr iri, MgdArena* const arena,
          MgdStr* const out)
{
  for (size_t i = 0U; i < xw->n_aliases; ++i) {
    const Alias* const a = &xw->aliases[i];
    if (iri.len >= a->from.len && !memcmp(iri.ptr, a->from.ptr, a->from.len)) {
      const size_t n   = a->to.len + iri.len - a->from.len;
      char* const  buf = (char*)mgd_arena_alloc(arena, n + 1U);
      if (!buf) {
        return MGD_BAD_ALLOC;
      }
      memcpy(buf, a->to.ptr, a->to.len);
      memcpy(buf + a->to.len, iri.ptr + a->from.len, iri.len - a->from.len);
      buf[n] = '\0';
      *out   = mgd_str_n(buf, n);
      return MGD_SUCCESS;
    }
  }
  *out = iri;
  return MGD_SUCCESS;
}

/// The namespace of `ns` holding canonical `iri`, or NULL.
static const Namespace*
ns_find(const Namespace* const ns, const size_t n, const MgdStr iri)
{
  for (size_t i = 0U; i < n; ++i) {
    if (iri.len > ns[i].canonical.len &&
        !memcmp(iri.ptr, ns[i].canonical.ptr, ns[i].canonical.len)) {
      return &ns[i];
    }
  }
  return NULL;
}

// Output spelling of canonical `iri` in namespace `ns`.
static MgdStatus
spell(MgdArena* const arena, const Namespace* const ns, const MgdStr iri,
      MgdStr* const out)
{
  if (mgd_str_eq(ns->written, ns->canonical)) {
    *out = iri;
    return MGD_SUCCESS;
  }
  const size_t n   = ns->written.len + iri.len - ns->canonical.len;
  char* const  buf = (char*)mgd_arena_alloc(arena, n + 1U);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  memcpy(buf, ns->written.ptr, ns->written.len);
  memcpy(buf + ns->written.len, iri.ptr + ns->canonical.len,
         iri.len - ns->canonical.len);
  buf[n] = '\0';
  *out   = mgd_str_n(buf, n);
  return MGD_SUCCESS;
}

static MgdStatus
graph_node(TermGraph* const g, const MgdStr term, size_t* const node)
{
  uint64_t  v  = 0U;
  MgdStatus st = mgd_hashmap_get(&g->heads, term.ptr, term.len, &v);
  if (st == MGD_SUCCESS) {
    *node = (size_t)v - 1U;
    return MGD_SUCCESS;
  }
  if (g->n_nodes == g->cap_nodes) {
    const size_t cap = g->cap_nodes ? g->cap_nodes * 2U : 256U;
    size_t*      f   = (size_t*)mgd_realloc(g->first, cap * sizeof(size_t));
    if (!f) {
      return MGD_BAD_ALLOC;
    }
    g->first = f;
    size_t* l = (size_t*)mgd_realloc(g->last, cap * sizeof(size_t));
    if (!l) {
      return MGD_BAD_ALLOC;
    }
    g->last      = l;
    g->cap_nodes = cap;
  }
  *node              = g->n_nodes++;
  g->first[*node]    = SIZE_MAX;
  g->last[*node]     = SIZE_MAX;
  return mgd_hashmap_put(&g->heads, term.ptr, term.len, *node + 1U, NULL,
                         NULL);
}

static MgdStatus
graph_edge(TermGraph* const g, const MgdStr from, const MgdStr to,
           const MgdSssomRow* const row, const bool forward)
{
  size_t    node = 0U;
  MgdStatus st   = graph_node(g, from, &node);
  if (st) {
    return st;
  }
  if (g->n_edges == g->cap_edges) {
    const size_t cap = g->cap_edges ? g->cap_edges * 2U : 256U;
    Edge* const  e   = (Edge*)mgd_realloc(g->edges, cap * sizeof(Edge));
    if (!e) {
      return MGD_BAD_ALLOC;
    }
    g->edges     = e;
    g->cap_edges = cap;
  }
  const size_t k = g->n_edges++;
  g->edges[k]    = (Edge){to, SIZE_MAX, row, forward};
  if (g->last[node] == SIZE_MAX) {
    g->first[node] = k;
  } else {
    g->edges[g->last[node]].next = k;
  }
  g->last[node] = k;
  return MGD_SUCCESS;
}

static void
graph_clear(TermGraph* const g)
{
  mgd_hashmap_clear(&g->heads);
  mgd_free(g->first);
  mgd_free(g->last);
  mgd_free(g->edges);
}

// Builds the term graph of the given sets, canonical IRIs on both ends.
static MgdStatus
graph_build(MgdCrosswalk* const xw, MgdSssom* const* const sets,
            const size_t n_sets, const bool forward_only, TermGraph* const g)
{
  mgd_hashmap_init(&g->heads);
  for (size_t i = 0U; i < n_sets; ++i) {
    for (size_t r = 0U; r < mgd_sssom_size(sets[i]); ++r) {
      const MgdSssomRow* const row = mgd_sssom_row(sets[i], r);
      if (row->negated) {
        continue;
      }
      MgdStr    s;
      MgdStr    o;
      MgdStatus st = canonical(xw, row->subject, &xw->arena, &s);
      st           = st ? st : canonical(xw, row->object, &xw->arena, &o);
      if (!st && mgd_sssom_applies(row->predicate, true)) {
        st = graph_edge(g, s, o, row, true);
      }
      if (!st && !forward_only && mgd_sssom_applies(row->predicate, false)) {
        st = graph_edge(g, o, s, row, false);
      }
      if (st) {
        return st;
      }
    }
  }
  return MGD_SUCCESS;
}

// Shortest chain from `start` to a term in the map's namespaces (ties: the
// edge read first). MGD_FAILURE if none within MGD_CROSSWALK_MAX_HOPS. The
// edges of the chain go to `chain` (start first), their count to `*n_chain`.
static MgdStatus
graph_search(const TermGraph* const g, const TermMap* const m,
             const MgdStr start, const Namespace** const ns,
             MgdStr* const found, const Edge** const chain,
             size_t* const n_chain)
{
  MgdStr   queue[XW_MAX_VISIT];
  unsigned depth[XW_MAX_VISIT];
  size_t   parent[XW_MAX_VISIT];
  size_t   via[XW_MAX_VISIT];
  size_t   n = 1U;
  queue[0]   = start;
  depth[0]   = 0U;
  for (size_t head = 0U; head < n; ++head) {
    uint64_t v = 0U;
    if (depth[head] >= MGD_CROSSWALK_MAX_HOPS ||
        mgd_hashmap_get(&g->heads, queue[head].ptr, queue[head].len, &v)) {
      continue;
    }
    for (size_t e = g->first[v - 1U]; e != SIZE_MAX; e = g->edges[e].next) {
      const MgdStr           to  = g->edges[e].to;
      const Namespace* const hit = ns_find(m->ns, m->n_ns, to);
      if (hit) {
        *ns    = hit;
        *found = to;
        // Walk back from the hit to the start; depth + 1 edges.
        size_t k        = depth[head] + 1U;
        *n_chain        = k;
        chain[--k]      = &g->edges[e];
        for (size_t at = head; at != 0U; at = parent[at]) {
          chain[--k] = &g->edges[via[at]];
        }
        return MGD_SUCCESS;
      }
      bool seen = false;
      for (size_t k = 0U; k < n && !seen; ++k) {
        seen = mgd_str_eq(queue[k], to);
      }
      if (!seen && n < XW_MAX_VISIT) {
        queue[n]    = to;
        parent[n]   = head;
        via[n]      = e;
        depth[n++]  = depth[head] + 1U;
      }
    }
  }
  return MGD_FAILURE;
}

static const char* const predicate_names[] = {
  "skos:exactMatch",     "skos:closeMatch",        "skos:broadMatch",
  "skos:narrowMatch",    "skos:relatedMatch",      "owl:equivalentClass",
  "owl:equivalentProperty", "rdfs:subClassOf",     "rdfs:subPropertyOf"};

// "skos:exactMatch (semapv:LexicalMatching) > ..." for a chain; a row
// applied from object to subject is marked "inverse".
static MgdStatus
chain_text(MgdArena* const arena, const Edge* const* const chain,
           const size_t n, MgdStr* const out)
{
  MgdBuf    b;
  mgd_buf_init(&b);
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0U; !st && i < n; ++i) {
    const MgdSssomRow* const r = chain[i]->row;
    size_t                   j = r->justification.len;
    while (j > 0U && r->justification.ptr[j - 1U] != '/') {
      --j;
    }
    st = mgd_buf_printf(&b, "%s%s%s (semapv:%.*s, %s:%u)", i ? " > " : "",
                        chain[i]->forward ? "" : "inverse of ",
                        predicate_names[r->predicate],
                        (int)(r->justification.len - j),
                        r->justification.ptr + j, r->source, r->line);
  }
  if (!st) {
    *out = mgd_arena_str(arena, mgd_buf_str(&b));
    st   = out->ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  mgd_buf_clear(&b);
  return st;
}

static MgdStatus
map_put(TermMap* const m, const MgdStr from, const MgdStr to, const MgdStr why)
{
  if (m->n_terms == m->cap_terms) {
    const size_t cap = m->cap_terms ? m->cap_terms * 2U : 256U;
    MgdStr* const t  = (MgdStr*)mgd_realloc(m->terms, cap * sizeof(MgdStr));
    if (!t) {
      return MGD_BAD_ALLOC;
    }
    m->terms         = t;
    MgdStr* const w  = (MgdStr*)mgd_realloc(m->why, cap * sizeof(MgdStr));
    if (!w) {
      return MGD_BAD_ALLOC;
    }
    m->why       = w;
    m->cap_terms = cap;
  }
  bool      inserted = false;
  MgdStatus st       = mgd_hashmap_put(&m->resolved, from.ptr, from.len,
                                       m->n_terms + 1U, NULL, &inserted);
  if (!st && inserted) {
    m->why[m->n_terms]     = why;
    m->terms[m->n_terms++] = to;
  }
  return st;
}

// Resolve every term of the term graph that is outside the map's
// namespaces (unless `all`) and, for the target map, inside the --from
// namespaces.
static MgdStatus
map_resolve(MgdCrosswalk* const xw, TermMap* const m, const TermGraph* const g,
            const bool use_from, const bool all)
{
  mgd_hashmap_init(&m->resolved);
  for (size_t i = 0U; i < g->heads.n_slots; ++i) {
    const MgdHashSlot* const slot = &g->heads.slots[i];
    if (!slot->hash) {
      continue;
    }
    const MgdStr term = mgd_str_n(slot->key, slot->n_key);
    if ((!all && ns_find(m->ns, m->n_ns, term)) ||
        (use_from && xw->n_from && !ns_find(xw->from_ns, xw->n_from, term))) {
      continue;
    }
    const Namespace* ns = NULL;
    MgdStr           found;
    const Edge*      chain[MGD_CROSSWALK_MAX_HOPS + 1U];
    size_t           n_chain = 0U;
    MgdStatus st = graph_search(g, m, term, &ns, &found, chain, &n_chain);
    if (st == MGD_SUCCESS) {
      MgdStr out;
      MgdStr why;
      st = spell(&xw->arena, ns, found, &out);
      st = st ? st : chain_text(&xw->arena, chain, n_chain, &why);
      st = st ? st : map_put(m, term, out, why);
    }
    if (st > MGD_FAILURE) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

static void
map_clear(TermMap* const m)
{
  mgd_hashmap_clear(&m->resolved);
  mgd_free(m->terms);
  mgd_free(m->why);
}

static bool
is_universal(const MgdStr iri)
{
  return mgd_str_has_prefix(iri, MGD_NS_RDF) ||
         mgd_str_has_prefix(iri, MGD_NS_RDFS) ||
         mgd_str_has_prefix(iri, MGD_NS_XSD) ||
         mgd_str_has_prefix(iri, "http://www.w3.org/2002/07/owl#");
}

typedef enum { TERM_KEPT, TERM_MAPPED, TERM_UNMAPPED } TermFate;

// Rewrite `iri` with map `m`. Terms of other namespaces stay as they are.
static MgdStatus
map_term(const MgdCrosswalk* const xw, const TermMap* const m,
         const MgdStr iri, MgdArena* const arena, MgdStr* const out,
         TermFate* const fate, MgdStr* const why)
{
  *why = mgd_str_n(NULL, 0U);
  MgdStr    c;
  MgdStatus st = canonical((MgdCrosswalk*)xw, iri, arena, &c);
  if (st) {
    return st;
  }
  *out      = iri;
  uint64_t v = 0U;
  if (mgd_hashmap_get(&m->resolved, c.ptr, c.len, &v) == MGD_SUCCESS) {
    *out  = m->terms[v - 1U];
    *why  = m->why[v - 1U];
    *fate = TERM_MAPPED;
    return MGD_SUCCESS;
  }
  const Namespace* const hit = ns_find(m->ns, m->n_ns, c);
  if (hit) {
    *fate = TERM_KEPT;
    st    = spell(arena, hit, c, out);
    if (!st && !mgd_str_eq(*out, iri)) {
      *fate = TERM_MAPPED; // same term, the profile's spelling
    }
    return st;
  }
  *fate = is_universal(iri) ? TERM_KEPT : TERM_UNMAPPED;
  return MGD_SUCCESS;
}

MgdStatus
mgd_crosswalk_term(const MgdCrosswalk* const crosswalk, const MgdStr iri,
                   MgdStr* const mapped)
{
  const TermMap* const n = &crosswalk->norm;
  const TermMap* const t = &crosswalk->target;
  MgdArena             arena;
  mgd_arena_init(&arena, 0U);
  MgdStr    c;
  uint64_t  v  = 0U;
  MgdStatus st = canonical((MgdCrosswalk*)crosswalk, iri, &arena, &c);
  MgdStr    term = iri;
  if (!st && mgd_hashmap_get(&n->resolved, c.ptr, c.len, &v) == MGD_SUCCESS) {
    term = c = n->terms[v - 1U]; // step 1 first, as a run does
  }
  if (!st && mgd_hashmap_get(&t->resolved, c.ptr, c.len, &v) == MGD_SUCCESS) {
    *mapped = t->terms[v - 1U];
  } else if (!st && ns_find(t->ns, t->n_ns, c)) {
    *mapped = term;
  } else if (!st) {
    st = MGD_FAILURE;
  }
  mgd_arena_clear(&arena);
  return st;
}

// ------------------------------------------------------------ loading

typedef struct {
  MgdCrosswalk*      xw;
  const char*        to;
  const char*        from;
  ProfileRow         norm_row; ///< name.len 0 if absent
  ProfileRow         to_row;
  ProfileRow         from_row;
  const MgdDiagSink* diag;
  const char*        path;
} FindCtx;

static MgdStatus
find_profile(void* const handle, const ProfileRow* const row)
{
  FindCtx* const       c  = (FindCtx*)handle;
  MgdCrosswalk* const xw = c->xw;
  if (mgd_str_eqc(row->name, "alias")) {
    if (xw->n_aliases == XW_MAX_ALIASES) {
      return mgd_diag(c->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, c->path,
                      row->line, 0U, NULL, "more than %u aliases",
                      XW_MAX_ALIASES);
    }
    Alias* const a = &xw->aliases[xw->n_aliases++];
    a->from        = xw_str(xw, row->ns);
    a->to          = xw_str(xw, row->files);
    return a->from.ptr && a->to.ptr ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  if (mgd_str_eqc(row->name, XW_NORMALISE)) {
    c->norm_row = *row;
  }
  if (mgd_str_eqc(row->name, c->to)) {
    c->to_row = *row;
  }
  if (c->from && mgd_str_eqc(row->name, c->from)) {
    c->from_row = *row;
  }
  return MGD_SUCCESS;
}

static MgdStatus
set_namespaces(MgdCrosswalk* const xw, MgdStr list, Namespace* const ns,
               size_t* const n_ns, const char* const path,
               const unsigned line, const MgdDiagSink* const diag)
{
  for (MgdStr f = field(&list, ' '); f.len; f = field(&list, ' ')) {
    if (*n_ns == XW_MAX_NS || !mgd_iri_is_valid(f)) {
      return mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, path, line, 0U,
                      NULL, "bad or too many namespaces ('%.*s')",
                      (int)(f.len > 80U ? 80U : f.len), f.ptr);
    }
    Namespace* const e = &ns[(*n_ns)++];
    e->written         = xw_str(xw, f);
    if (!e->written.ptr) {
      return MGD_BAD_ALLOC;
    }
    const MgdStatus st = canonical(xw, e->written, &xw->arena, &e->canonical);
    if (st) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

static bool
has_suffix(const MgdStr s, const char* const suffix)
{
  const size_t n = strlen(suffix);
  return s.len >= n && !memcmp(s.ptr + s.len - n, suffix, n);
}

static MgdStatus
load_rule(MgdCrosswalk* const xw, const char* const path, const MgdStr text,
          const MgdDiagSink* const diag)
{
  if (xw->n_rules == XW_MAX_FILES) {
    return mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, path, 0U, 0U, NULL,
                    "more than %u rules", XW_MAX_FILES);
  }
  MgdSparqlParseOptions o;
  memset(&o, 0, sizeof(o));
  o.source_name = path;
  o.limits      = &xw->limits;
  o.diag        = diag;
  Rule* const r = &xw->rules[xw->n_rules];
  MgdStatus   st = mgd_sparql_parse(text, &o, &r->query);
  if (!st && mgd_sparql_query_form(r->query) != MGD_SPARQL_CONSTRUCT) {
    st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, path, 1U, 0U, NULL,
                  "a crosswalk rule must be a CONSTRUCT query");
  }
  if (st) {
    mgd_sparql_query_free(r->query);
    r->query = NULL;
    return st;
  }
  const char* const slash = strrchr(path, '/');
  const char* const base  = slash ? slash + 1 : path;
  r->name                 = (char*)mgd_arena_strndup(&xw->arena, base,
                                                     strlen(base));
  ++xw->n_rules;
  return r->name ? MGD_SUCCESS : MGD_BAD_ALLOC;
}

// Load the files of one profile row; SSSOM sets go to xw->sets (their
// index range is returned), rules to xw->rules when `rules` is set.
static MgdStatus
load_files(MgdCrosswalk* const xw, const char* const dir,
           const ProfileRow* const row, const bool rules,
           const MgdDiagSink* const diag)
{
  MgdStr    list = row->files;
  MgdBuf    path;
  MgdBuf    text;
  MgdStatus st = MGD_SUCCESS;
  mgd_buf_init(&path);
  mgd_buf_init(&text);
  for (MgdStr f = field(&list, ' '); !st && f.len; f = field(&list, ' ')) {
    if (memchr(f.ptr, '/', f.len) || f.ptr[0] == '.') {
      st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, "profiles.tsv",
                    row->line, 0U, NULL, "file '%.*s' must be a plain name",
                    (int)(f.len > 80U ? 80U : f.len), f.ptr);
      break;
    }
    const bool is_rule = has_suffix(f, ".rq");
    if (!is_rule && !has_suffix(f, ".sssom.tsv")) {
      st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, "profiles.tsv",
                    row->line, 0U, NULL,
                    "file '%.*s' is neither *.sssom.tsv nor *.rq",
                    (int)(f.len > 80U ? 80U : f.len), f.ptr);
      break;
    }
    if (is_rule && !rules) {
      continue;
    }
    mgd_buf_reset(&path);
    mgd_buf_reset(&text);
    st = mgd_buf_printf(&path, "%s/%.*s", dir, (int)f.len, f.ptr);
    st = st ? st
            : slurp(path.data, xw->limits.max_body_bytes, diag, &text);
    if (st) {
      break;
    }
    if (is_rule) {
      st = load_rule(xw, path.data, mgd_buf_str(&text), diag);
    } else if (xw->n_sets == sizeof(xw->sets) / sizeof(xw->sets[0])) {
      st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, path.data, 0U, 0U,
                    NULL, "too many mapping files");
    } else {
      st = mgd_sssom_parse(text.data, text.len, path.data, &xw->limits, diag,
                           &xw->sets[xw->n_sets]);
      xw->n_sets += st ? 0U : 1U;
    }
  }
  mgd_buf_clear(&path);
  mgd_buf_clear(&text);
  return st;
}

static MgdStatus
unknown_profile(const char* const data_dir, const char* const name,
                const MgdDiagSink* const diag)
{
  MgdBuf list;
  mgd_buf_init(&list);
  const MgdStatus st = mgd_crosswalk_profiles(data_dir, NULL, &list);
  mgd_diag(diag, MGD_FAILURE, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
           "unknown profile '%.80s' (profiles: %s)", name,
           st ? "?" : list.data);
  mgd_buf_clear(&list);
  return MGD_FAILURE;
}

static const char* const base_prefixes[][2] = {
  {"rdf", MGD_NS_RDF},
  {"rdfs", MGD_NS_RDFS},
  {"xsd", MGD_NS_XSD},
  {"owl", "http://www.w3.org/2002/07/owl#"},
  {"dcterms", "http://purl.org/dc/terms/"},
  {"ome", "https://ld.openmicroscopy.org/core/"},
  {"mgdv", "https://w3id.org/mugdat/vocab#"},
  {"rembi", "https://w3id.org/mugdat/rembi#"},
  {"datacite", "http://purl.org/spar/datacite/"},
  {"dcmitype", "http://purl.org/dc/dcmitype/"},
  {"fabio", "http://purl.org/spar/fabio/"},
  {"literal", "http://www.essepuntato.it/2010/06/literalreification/"},
  {"foaf", "http://xmlns.com/foaf/0.1/"},
  {"qudt", "http://qudt.org/schema/qudt/"},
  {"unit", "http://qudt.org/vocab/unit/"},
  {"bioschemas", "https://bioschemas.org/"},
  {"bids", "https://w3id.org/mugdat/bids#"},
  {"isa", "https://w3id.org/mugdat/isa#"},
  {"prov", "http://www.w3.org/ns/prov#"},
};

static void
set_prefixes(MgdCrosswalk* const xw)
{
  size_t k = 0U;
  // schema: takes the spelling of the target namespace if it has one.
  const char* schema = "https://schema.org/";
  for (size_t i = 0U; i < xw->target.n_ns; ++i) {
    if (mgd_str_eqc(xw->target.ns[i].written, "http://schema.org/")) {
      schema = "http://schema.org/";
      break;
    }
    if (mgd_str_eqc(xw->target.ns[i].written, "https://schema.org/")) {
      break;
    }
  }
  xw->prefixes[k++] = "schema";
  xw->prefixes[k++] = schema;
  for (size_t i = 0U; i < sizeof(base_prefixes) / sizeof(base_prefixes[0]);
       ++i) {
    xw->prefixes[k++] = base_prefixes[i][0];
    xw->prefixes[k++] = base_prefixes[i][1];
  }
  xw->prefixes[k] = NULL;
}

const char* const*
mgd_crosswalk_prefixes(const MgdCrosswalk* const crosswalk)
{
  return crosswalk->prefixes;
}

MgdStatus
mgd_crosswalk_new(const MgdCrosswalkOptions* const o,
                  MgdCrosswalk** const             crosswalk)
{
  *crosswalk            = NULL;
  MgdCrosswalk* const xw = (MgdCrosswalk*)mgd_calloc(1U, sizeof(MgdCrosswalk));
  if (!xw) {
    return MGD_BAD_ALLOC;
  }
  mgd_arena_init(&xw->arena, 0U);
  mgd_hashmap_init(&xw->norm.resolved);
  mgd_hashmap_init(&xw->target.resolved);
  xw->limits = o->limits ? *o->limits : mgd_limits_default();
  MgdBuf    dir;
  MgdBuf    text;
  TermGraph g;
  memset(&g, 0, sizeof(g));
  mgd_buf_init(&dir);
  mgd_buf_init(&text);
  FindCtx c;
  memset(&c, 0, sizeof(c));
  c.xw         = xw;
  c.to         = o->to ? o->to : "";
  c.from       = o->from;
  c.diag       = o->diag;
  c.path       = "profiles.tsv";
  MgdStatus st = read_profiles(o->data_dir, o->diag, &dir, &text);
  st = st ? st
          : profiles_each(mgd_buf_str(&text), c.path, o->diag, find_profile,
                          &c);
  if (!st && (!c.to_row.name.len || c.to[0] == '_')) {
    st = unknown_profile(o->data_dir, c.to, o->diag);
  } else if (!st && o->from && (!c.from_row.name.len || o->from[0] == '_')) {
    st = unknown_profile(o->data_dir, o->from, o->diag);
  }
  // Step 1's map: the _normalise row's files onto its namespaces.
  if (!st && c.norm_row.name.len) {
    st = set_namespaces(xw, c.norm_row.ns, xw->norm.ns, &xw->norm.n_ns,
                        c.path, c.norm_row.line, o->diag);
    st = st ? st : load_files(xw, dir.data, &c.norm_row, false, o->diag);
    // Dialect rows are written dialect -> core, and only that way is
    // applied here, so that the camelCase spellings in the core namespace
    // itself are normalised too.
    st = st ? st : graph_build(xw, xw->sets, xw->n_sets, true, &g);
    st = st ? st : map_resolve(xw, &xw->norm, &g, false, true);
    graph_clear(&g);
    memset(&g, 0, sizeof(g));
  }
  if (!st) {
    st = set_namespaces(xw, c.to_row.ns, xw->target.ns, &xw->target.n_ns,
                        c.path, c.to_row.line, o->diag);
  }
  if (!st && c.from_row.name.len) {
    st = set_namespaces(xw, c.from_row.ns, xw->from_ns, &xw->n_from, c.path,
                        c.from_row.line, o->diag);
    st = st ? st : load_files(xw, dir.data, &c.from_row, false, o->diag);
  }
  st = st ? st : load_files(xw, dir.data, &c.to_row, true, o->diag);
  st = st ? st : graph_build(xw, xw->sets, xw->n_sets, false, &g);
  st = st ? st : map_resolve(xw, &xw->target, &g, true, false);
  graph_clear(&g);
  mgd_buf_clear(&dir);
  mgd_buf_clear(&text);
  if (st) {
    mgd_crosswalk_free(xw);
    return st;
  }
  set_prefixes(xw);
  *crosswalk = xw;
  return MGD_SUCCESS;
}

void
mgd_crosswalk_free(MgdCrosswalk* const crosswalk)
{
  if (!crosswalk) {
    return;
  }
  for (size_t i = 0U; i < crosswalk->n_sets; ++i) {
    mgd_sssom_free(crosswalk->sets[i]);
  }
  for (size_t i = 0U; i < crosswalk->n_rules; ++i) {
    mgd_sparql_query_free(crosswalk->rules[i].query);
  }
  map_clear(&crosswalk->norm);
  map_clear(&crosswalk->target);
  mgd_arena_clear(&crosswalk->arena);
  mgd_free(crosswalk);
}

// ------------------------------------------------------------ running

typedef MgdStatus (*QuadFunc)(void* handle, const MgdQuad* quad);

// Calls `func` for every quad of `src` (of graph `graph` if not NULL).
static MgdStatus
source_each(const MgdSource* const src, const MgdTerm* const graph,
            const QuadFunc func, void* const handle)
{
  MgdIdQuad pattern = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE};
  if (graph) {
    const MgdStatus st = mgd_source_lookup(src, graph, &pattern.g);
    if (st) {
      return st == MGD_FAILURE ? MGD_SUCCESS : st; // no such graph: empty
    }
  }
  MgdIter*  it = NULL;
  MgdStatus st = src->vt->match(src->handle, &pattern, &it);
  MgdArena  arena;
  mgd_arena_init(&arena, 0U);
  MgdIdQuad q;
  while (!st && (st = src->vt->next(it, &q)) == MGD_SUCCESS) {
    mgd_arena_reset(&arena);
    MgdQuad t;
    memset(&t, 0, sizeof(t));
    st = mgd_source_term(src, q.s, &arena, &t.s);
    st = st ? st : mgd_source_term(src, q.p, &arena, &t.p);
    st = st ? st : mgd_source_term(src, q.o, &arena, &t.o);
    st = st ? st : func(handle, &t);
  }
  src->vt->iter_free(it);
  mgd_arena_clear(&arena);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

typedef struct {
  const MgdCrosswalk*           xw;
  const MgdCrosswalkRunOptions* opts;
  MgdCrosswalkReport*           report;
  MgdMemStore*                  store;   ///< Step 1: where quads go
  MgdMemStore*                  changed; ///< Triples step 1 rewrote
  MgdMemStore*                  norm;    ///< Step 3: the normalised input
  MgdMemStore*                  rules;   ///< Step 3: rule triples, mapped
  MgdMemStore*                  seen;    ///< Step 3: rewritten triples out
  const MgdSink*                out;     ///< Step 3: the output
  MgdArena                      arena;   ///< Per-quad scratch
  bool                          is_rule; ///< Quads come from rules
  MgdHashMap                    told;    ///< Rewrites reported (on_rewrite)
} Pass;

// Reports a rewrite through on_rewrite, once per term and step.
static MgdStatus
tell(Pass* const p, const TermMap* const m, const MgdStr from,
     const MgdStr to, const MgdStr why)
{
  if (!p->opts->on_rewrite || !why.len) {
    return MGD_SUCCESS;
  }
  MgdBuf key;
  mgd_buf_init(&key);
  bool      added = false;
  MgdStatus st    = mgd_buf_printf(&key, "%c%.*s",
                                   m == &p->xw->norm ? '1' : '3',
                                   (int)from.len, from.ptr);
  st = st ? st : mgd_hashmap_put(&p->told, key.data, key.len, 1U, NULL, &added);
  mgd_buf_clear(&key);
  if (!st && added) {
    p->opts->on_rewrite(p->opts->rewrite_handle, from, to, why);
  }
  return st;
}

// Rewrites predicate, rdf:type class and mapped IRI objects with `m`.
static MgdStatus
rewrite(Pass* const p, const TermMap* const m, const MgdQuad* const in,
        MgdQuad* const out, TermFate* const fate)
{
  *out        = *in;
  out->g      = mgd_term_none();
  TermFate pf = TERM_KEPT;
  MgdStr   why;
  MgdStatus st =
    map_term(p->xw, m, in->p.value, &p->arena, &out->p.value, &pf, &why);
  st = st ? st : tell(p, m, in->p.value, out->p.value, why);
  if (!st && in->o.kind == MGD_TERM_IRI) {
    TermFate of = TERM_KEPT;
    MgdStr   o;
    st = map_term(p->xw, m, in->o.value, &p->arena, &o, &of, &why);
    const bool is_type = mgd_str_eqc(in->p.value, MGD_RDF_TYPE);
    if (!st && (is_type || of == TERM_MAPPED)) {
      out->o.value = o;
      st           = tell(p, m, in->o.value, o, why);
    }
    if (is_type) {
      pf = of;
    }
  }
  *fate = pf;
  return st;
}

static MgdStatus
pass_normalise(void* const handle, const MgdQuad* const q)
{
  Pass* const p = (Pass*)handle;
  mgd_arena_reset(&p->arena);
  ++p->report->n_in;
  MgdQuad   out;
  TermFate  fate = TERM_KEPT;
  MgdStatus st   = rewrite(p, &p->xw->norm, q, &out, &fate);
  // Aliased namespaces (http://schema.org/) are read as the namespace they
  // are the same as, so rules match either spelling.
  st = st ? st
          : canonical((MgdCrosswalk*)p->xw, out.p.value, &p->arena,
                      &out.p.value);
  if (!st && out.o.kind == MGD_TERM_IRI) {
    st = canonical((MgdCrosswalk*)p->xw, out.o.value, &p->arena, &out.o.value);
  }
  // Step 3 counts a triple step 1 rewrote as mapped, even when it is then
  // already in the target vocabulary.
  if (!st && (!mgd_str_eq(out.p.value, q->p.value) ||
              !mgd_str_eq(out.o.value, q->o.value))) {
    st = mgd_memstore_add(p->changed, &out, NULL);
  }
  return st ? st : mgd_memstore_add(p->store, &out, NULL);
}

static bool
quad_in(MgdMemStore* const store, const MgdQuad* const q)
{
  const MgdSource src = mgd_memstore_source(store);
  MgdIdQuad       pat = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE};
  MgdIter*        it  = NULL;
  if (mgd_source_lookup(&src, &q->s, &pat.s) ||
      mgd_source_lookup(&src, &q->p, &pat.p) ||
      mgd_source_lookup(&src, &q->o, &pat.o) ||
      src.vt->match(src.handle, &pat, &it)) {
    return false;
  }
  MgdIdQuad  got;
  const bool found = src.vt->next(it, &got) == MGD_SUCCESS;
  src.vt->iter_free(it);
  return found;
}

// Step 3 writes each distinct output triple once without a copy of the
// whole output: a triple it leaves unchanged is distinct from the other
// unchanged ones (the normalised input is a set), so only rewritten triples
// are remembered (`seen`), and one that equals an unchanged input triple is
// left to that triple. Rule triples (mapped first, into `rules`) are written
// last, so input triples equal to one of them are skipped.
static MgdStatus
pass_target(void* const handle, const MgdQuad* const q)
{
  Pass* const p = (Pass*)handle;
  mgd_arena_reset(&p->arena);
  MgdQuad   out;
  TermFate  fate = TERM_KEPT;
  MgdStatus st   = rewrite(p, &p->xw->target, q, &out, &fate);
  if (st || p->is_rule) {
    return st ? st : mgd_memstore_add(p->store, &out, NULL);
  }
  const bool rewritten =
    !mgd_str_eq(out.p.value, q->p.value) || !mgd_str_eq(out.o.value, q->o.value);
  if (fate == TERM_KEPT && mgd_memstore_size(p->changed)) {
    fate = quad_in(p->changed, q) ? TERM_MAPPED : TERM_KEPT;
  }
  switch (fate) {
  case TERM_KEPT:
    ++p->report->n_kept;
    break;
  case TERM_MAPPED:
    ++p->report->n_mapped;
    break;
  case TERM_UNMAPPED:
    ++p->report->n_unmapped;
    if (p->opts->drop_unmapped) {
      return MGD_SUCCESS;
    }
    break;
  }
  if (mgd_memstore_size(p->rules) && quad_in(p->rules, &out)) {
    return MGD_SUCCESS; // written with the rule triples
  }
  if (rewritten) {
    bool added = false;
    if (quad_in(p->norm, &out)) {
      return MGD_SUCCESS; // the same triple is in the input, written as is
    }
    st = mgd_memstore_add(p->seen, &out, &added);
    if (st || !added) {
      return st;
    }
  }
  ++p->report->n_out;
  return mgd_sink_quad(p->out, &out);
}

static MgdStatus
pass_write(void* const handle, const MgdQuad* const q)
{
  Pass* const p = (Pass*)handle;
  ++p->report->n_out;
  return mgd_sink_quad(p->out, q);
}

// Counts what one rule adds to the rule store.
typedef struct {
  MgdMemStore* store;
  uint64_t     n_added;
  size_t       rule;  ///< Index of the rule (blank node label prefix)
  MgdArena     arena; ///< Relabelled blank nodes
} RuleSink;

// Blank node labels of each rule's results get the prefix `xwr<rule>_`, so
// that those of two rules, or of a rule and the input, never merge.
static MgdStatus
rule_relabel(RuleSink* const r, MgdTerm* const t)
{
  if (t->kind != MGD_TERM_BLANK) {
    return MGD_SUCCESS;
  }
  char* const buf = (char*)mgd_arena_alloc(&r->arena, t->value.len + 32U);
  if (!buf) {
    return MGD_BAD_ALLOC;
  }
  const int n = snprintf(buf, t->value.len + 32U, "xwr%zu_%.*s", r->rule,
                         (int)t->value.len, t->value.ptr);
  t->value    = mgd_str_n(buf, n > 0 ? (size_t)n : 0U);
  return MGD_SUCCESS;
}

static MgdStatus
rule_quad(void* const handle, const MgdQuad* const q)
{
  RuleSink* const r     = (RuleSink*)handle;
  bool            added = false;
  MgdQuad         c     = *q;
  mgd_arena_reset(&r->arena);
  MgdStatus st = rule_relabel(r, &c.s);
  st           = st ? st : rule_relabel(r, &c.o);
  st           = st ? st : mgd_memstore_add(r->store, &c, &added);
  r->n_added += added ? 1U : 0U;
  return st;
}

static MgdStatus
run_rules(const MgdCrosswalk* const xw, MgdMemStore* const norm,
          MgdMemStore* const rules, const MgdCrosswalkRunOptions* const o,
          MgdCrosswalkReport* const report)
{
  const MgdSource src = mgd_memstore_source(norm);
  for (size_t i = 0U; i < xw->n_rules; ++i) {
    RuleSink r;
    memset(&r, 0, sizeof(r));
    r.store = rules;
    r.rule  = i;
    mgd_arena_init(&r.arena, 0U);
    const MgdSink        sink = {&r, NULL, NULL, rule_quad, NULL};
    MgdSparqlExecOptions e;
    memset(&e, 0, sizeof(e));
    e.source           = &src;
    e.limits           = &xw->limits;
    e.deadline_ms      = o->deadline_ms;
    const MgdStatus st = mgd_sparql_construct(xw->rules[i].query, &e, &sink);
    mgd_arena_clear(&r.arena);
    if (st) {
      return st;
    }
    report->n_rules += r.n_added ? 1U : 0U;
  }
  report->n_rule = mgd_memstore_size(rules);
  return MGD_SUCCESS;
}

MgdStatus
mgd_crosswalk_run(const MgdCrosswalk* const crosswalk,
                  const MgdSource* const input,
                  const MgdCrosswalkRunOptions* const options,
                  const MgdSink* const out, MgdCrosswalkReport* const report)
{
  MgdCrosswalkReport     local;
  MgdCrosswalkReport*    rep = report ? report : &local;
  MgdCrosswalkRunOptions none;
  memset(&none, 0, sizeof(none));
  const MgdCrosswalkRunOptions* const o = options ? options : &none;
  memset(rep, 0, sizeof(*rep));
  MgdMemStore* const norm    = mgd_memstore_new();
  MgdMemStore* const rules   = mgd_memstore_new();
  MgdMemStore* const mapped  = mgd_memstore_new();
  MgdMemStore* const seen    = mgd_memstore_new();
  MgdMemStore* const changed = mgd_memstore_new();
  Pass               p;
  memset(&p, 0, sizeof(p));
  p.xw     = crosswalk;
  p.opts   = o;
  p.report = rep;
  mgd_arena_init(&p.arena, 0U);
  mgd_hashmap_init(&p.told);
  MgdStatus st = norm && rules && mapped && seen && changed ? MGD_SUCCESS
                                                            : MGD_BAD_ALLOC;
  p.store   = norm;
  p.changed = changed;
  st = st ? st : source_each(input, o->graph, pass_normalise, &p);
  st = st ? st : run_rules(crosswalk, norm, rules, o, rep);
  if (!st) {
    const MgdSource src = mgd_memstore_source(rules);
    p.store             = mapped;
    p.is_rule           = true;
    st                  = source_each(&src, NULL, pass_target, &p);
  }
  if (!st) {
    const MgdSource src = mgd_memstore_source(norm);
    p.is_rule           = false;
    p.norm              = norm;
    p.rules             = mapped;
    p.seen              = seen;
    p.out               = out;
    st                  = source_each(&src, NULL, pass_target, &p);
  }
  if (!st) {
    const MgdSource src = mgd_memstore_source(mapped);
    st                  = source_each(&src, NULL, pass_write, &p);
  }
  st = st ? st : mgd_sink_end(out);
  mgd_arena_clear(&p.arena);
  mgd_hashmap_clear(&p.told);
  mgd_memstore_free(norm);
  mgd_memstore_free(rules);
  mgd_memstore_free(mapped);
  mgd_memstore_free(seen);
  mgd_memstore_free(changed);
  return st;
}
