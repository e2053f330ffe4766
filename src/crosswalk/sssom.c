// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// SSSOM TSV reader (https://mapping-commons.github.io/sssom/spec-formats-tsv/).
// Only what a crosswalk needs is read: the curie_map of the metadata block
// and four columns (plus predicate_modifier). Anything dubious is refused
// with `name:line: error`, because a silently skipped row would quietly
// change what the crosswalk claims.

#include "crosswalk/crosswalk.h"

#include "base/alloc.h"
#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SEMAPV "https://w3id.org/semapv/vocab/"

/// Most curie_map entries and rows in one file (bounded work and memory).
#define SSSOM_MAX_PREFIXES 256U
#define SSSOM_MAX_ROWS 1000000U

typedef struct {
  MgdStr name; ///< Prefix without ':'
  MgdStr iri;  ///< Namespace IRI
} Prefix;

struct MgdSssomImpl {
  MgdArena     arena;      ///< All strings
  Prefix*      prefixes;   ///< curie_map then built-ins; owned
  size_t       n_prefixes; ///< Entries used
  MgdSssomRow* rows;       ///< Rows; owned
  size_t       n_rows;     ///< Rows used
  size_t       cap_rows;   ///< Rows allocated
};

// SSSOM's built-in prefixes (spec: "built-in prefixes").
static const char* const builtins[][2] = {
  {"owl", "http://www.w3.org/2002/07/owl#"},
  {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
  {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
  {"skos", "http://www.w3.org/2004/02/skos/core#"},
  {"semapv", SEMAPV},
  {"sssom", "https://w3id.org/sssom/"},
};

static const struct {
  const char*       iri;
  MgdSssomPredicate predicate;
} predicates[] = {
  {"http://www.w3.org/2004/02/skos/core#exactMatch", MGD_SSSOM_EXACT},
  {"http://www.w3.org/2004/02/skos/core#closeMatch", MGD_SSSOM_CLOSE},
  {"http://www.w3.org/2004/02/skos/core#broadMatch", MGD_SSSOM_BROAD},
  {"http://www.w3.org/2004/02/skos/core#narrowMatch", MGD_SSSOM_NARROW},
  {"http://www.w3.org/2004/02/skos/core#relatedMatch", MGD_SSSOM_RELATED},
  {"http://www.w3.org/2002/07/owl#equivalentClass", MGD_SSSOM_EQUIV_CLASS},
  {"http://www.w3.org/2002/07/owl#equivalentProperty",
   MGD_SSSOM_EQUIV_PROPERTY},
  {"http://www.w3.org/2000/01/rdf-schema#subClassOf", MGD_SSSOM_SUBCLASS},
  {"http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
   MGD_SSSOM_SUBPROPERTY},
};

enum { COL_SUBJECT, COL_PREDICATE, COL_OBJECT, COL_JUSTIFICATION, COL_MODIFIER,
       N_COLS };

static const char* const col_names[N_COLS] = {
  "subject_id", "predicate_id", "object_id", "mapping_justification",
  "predicate_modifier"};

typedef struct {
  MgdSssom*          set;
  const char*        name;  ///< For diagnostics (borrowed)
  const MgdDiagSink* diag;
  unsigned           line;
  const char*        shown; ///< File name without directories (set arena)
} Parser;

static MgdStatus
parse_error(const Parser* p, const char* fmt, ...)
  __attribute__((format(printf, 2, 3)));

static MgdStatus
parse_error(const Parser* const p, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  const MgdStatus st = mgd_diagv(p->diag, MGD_BAD_DATA, MGD_LEVEL_ERROR,
                                 p->name, p->line, 0U, NULL, fmt, args);
  va_end(args);
  return st;
}

static MgdStr
trim(MgdStr s)
{
  while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
    ++s.ptr;
    --s.len;
  }
  while (s.len && (s.ptr[s.len - 1U] == ' ' || s.ptr[s.len - 1U] == '\t' ||
                   s.ptr[s.len - 1U] == '\r')) {
    --s.len;
  }
  return s;
}

static MgdStr
unquote(MgdStr s)
{
  if (s.len >= 2U && (s.ptr[0] == '"' || s.ptr[0] == '\'') &&
      s.ptr[s.len - 1U] == s.ptr[0]) {
    return mgd_str_n(s.ptr + 1, s.len - 2U);
  }
  return s;
}

MgdStr
mgd_sssom_prefix(const MgdSssom* const set, const MgdStr name)
{
  // Newest first, so a curie_map entry overrides a built-in.
  for (size_t i = set->n_prefixes; i-- > 0U;) {
    if (mgd_str_eq(set->prefixes[i].name, name)) {
      return set->prefixes[i].iri;
    }
  }
  return mgd_str_n(NULL, 0U);
}

static MgdStatus
prefix_add(Parser* const p, const MgdStr name, const MgdStr iri)
{
  MgdSssom* const s = p->set;
  if (s->n_prefixes >= SSSOM_MAX_PREFIXES + sizeof(builtins) / sizeof(builtins[0])) {
    return mgd_diag(p->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, p->name, p->line,
                    0U, NULL, "more than %u curie_map entries",
                    SSSOM_MAX_PREFIXES);
  }
  for (size_t i = 0U; i < name.len; ++i) {
    const char c = name.ptr[i];
    if (!(c == '_' || c == '-' || c == '.' || (c >= '0' && c <= '9') ||
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      return parse_error(p, "bad curie_map prefix '%.*s'", (int)name.len,
                         name.ptr);
    }
  }
  if (!name.len || !mgd_iri_is_valid(iri) || !memchr(iri.ptr, ':', iri.len)) {
    return parse_error(p, "bad curie_map entry for '%.*s'", (int)name.len,
                       name.ptr);
  }
  Prefix* const e = &s->prefixes[s->n_prefixes];
  e->name         = mgd_arena_str(&s->arena, name);
  e->iri          = mgd_arena_str(&s->arena, iri);
  if (!e->name.ptr || !e->iri.ptr) {
    return MGD_BAD_ALLOC;
  }
  ++s->n_prefixes;
  return MGD_SUCCESS;
}

// One line of the metadata block (the '#' removed). Only the curie_map
// mapping is read: a `curie_map:` key, then entries indented under it.
static MgdStatus
read_meta(Parser* const p, MgdStr line, bool* const in_map)
{
  if (line.len && line.ptr[0] == ' ') {
    ++line.ptr; // "# key: value": the space after '#' is not indentation
    --line.len;
  }
  const bool   indented = line.len && (line.ptr[0] == ' ' || line.ptr[0] == '\t');
  const MgdStr t        = trim(line);
  if (!t.len) {
    return MGD_SUCCESS;
  }
  if (!indented) {
    *in_map = mgd_str_eqc(t, "curie_map:");
    return MGD_SUCCESS;
  }
  if (!*in_map) {
    return MGD_SUCCESS;
  }
  const char* const colon = (const char*)memchr(t.ptr, ':', t.len);
  if (!colon) {
    return parse_error(p, "curie_map entry without ':' ('%.*s')",
                       (int)(t.len > 80U ? 80U : t.len), t.ptr);
  }
  const MgdStr name = unquote(trim(mgd_str_n(t.ptr, (size_t)(colon - t.ptr))));
  const MgdStr iri  = unquote(
    trim(mgd_str_n(colon + 1, t.len - (size_t)(colon - t.ptr) - 1U)));
  return prefix_add(p, name, iri);
}

// Expand a CURIE (the only form SSSOM TSV allows in these columns).
static MgdStatus
expand(Parser* const p, const MgdStr curie, const char* const column,
       MgdStr* const iri)
{
  const char* const colon =
    curie.len ? (const char*)memchr(curie.ptr, ':', curie.len) : NULL;
  if (!colon || colon == curie.ptr) {
    return parse_error(p, "%s '%.*s' is not a CURIE", column,
                       (int)(curie.len > 80U ? 80U : curie.len), curie.ptr);
  }
  const MgdStr name = mgd_str_n(curie.ptr, (size_t)(colon - curie.ptr));
  const MgdStr ns   = mgd_sssom_prefix(p->set, name);
  if (!ns.len) {
    return parse_error(p, "unknown CURIE prefix '%.*s' (not in curie_map)",
                       (int)(name.len > 80U ? 80U : name.len), name.ptr);
  }
  const MgdStr local = mgd_str_n(colon + 1, curie.len - name.len - 1U);
  char* const  out   = (char*)mgd_arena_alloc(&p->set->arena,
                                              ns.len + local.len + 1U);
  if (!out) {
    return MGD_BAD_ALLOC;
  }
  memcpy(out, ns.ptr, ns.len);
  memcpy(out + ns.len, local.ptr, local.len);
  out[ns.len + local.len] = '\0';
  *iri                    = mgd_str_n(out, ns.len + local.len);
  if (!mgd_iri_is_valid(*iri)) {
    return parse_error(p, "'%.*s' expands to an invalid IRI",
                       (int)(curie.len > 80U ? 80U : curie.len), curie.ptr);
  }
  return MGD_SUCCESS;
}

/// Split a TSV line into at most `max` cells. Returns the cell count, or
/// max + 1 if there are more.
static size_t
split(const MgdStr line, MgdStr* const cells, const size_t max)
{
  size_t n     = 0U;
  size_t start = 0U;
  for (size_t i = 0U; i <= line.len; ++i) {
    if (i == line.len || line.ptr[i] == '\t') {
      if (n == max) {
        return max + 1U;
      }
      cells[n++] = trim(mgd_str_n(line.ptr + start, i - start));
      start      = i + 1U;
    }
  }
  return n;
}

#define SSSOM_MAX_COLS 64U

typedef struct {
  size_t n_cols;           ///< Header cells
  size_t index[N_COLS];    ///< Column of each known field (SIZE_MAX: none)
} Header;

static MgdStatus
read_header(Parser* const p, const MgdStr line, Header* const h)
{
  MgdStr cells[SSSOM_MAX_COLS];
  h->n_cols = split(line, cells, SSSOM_MAX_COLS);
  if (h->n_cols > SSSOM_MAX_COLS) {
    return parse_error(p, "more than %u columns", SSSOM_MAX_COLS);
  }
  for (size_t k = 0U; k < N_COLS; ++k) {
    h->index[k] = SIZE_MAX;
    for (size_t i = 0U; i < h->n_cols; ++i) {
      if (mgd_str_eqc(cells[i], col_names[k])) {
        h->index[k] = i;
      }
    }
    if (h->index[k] == SIZE_MAX && k != COL_MODIFIER) {
      return parse_error(p, "missing column '%s' in the header row",
                         col_names[k]);
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
row_add(Parser* const p, const MgdSssomRow* const row)
{
  MgdSssom* const s = p->set;
  if (s->n_rows == s->cap_rows) {
    if (s->n_rows >= SSSOM_MAX_ROWS) {
      return mgd_diag(p->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, p->name,
                      p->line, 0U, NULL, "more than %u rows", SSSOM_MAX_ROWS);
    }
    const size_t cap  = s->cap_rows ? s->cap_rows * 2U : 64U;
    void* const  grow = mgd_realloc(s->rows, cap * sizeof(MgdSssomRow));
    if (!grow) {
      return MGD_BAD_ALLOC;
    }
    s->rows     = (MgdSssomRow*)grow;
    s->cap_rows = cap;
  }
  s->rows[s->n_rows++] = *row;
  return MGD_SUCCESS;
}

static MgdStatus
read_row(Parser* const p, const MgdStr line, const Header* const h)
{
  MgdStr       cells[SSSOM_MAX_COLS];
  const size_t n = split(line, cells, SSSOM_MAX_COLS);
  if (n != h->n_cols) {
    return parse_error(p, "row has %zu cells, the header %zu", n, h->n_cols);
  }
  MgdSssomRow row;
  memset(&row, 0, sizeof(row));
  row.line   = p->line;
  row.source = p->shown ? p->shown : "mapping";
  for (size_t k = 0U; k < COL_MODIFIER; ++k) {
    if (!cells[h->index[k]].len) {
      return parse_error(p, "empty %s", col_names[k]);
    }
  }
  MgdStr    pred;
  MgdStatus st = expand(p, cells[h->index[COL_SUBJECT]], "subject_id",
                        &row.subject);
  st = st ? st : expand(p, cells[h->index[COL_PREDICATE]], "predicate_id",
                        &pred);
  st = st ? st : expand(p, cells[h->index[COL_OBJECT]], "object_id",
                        &row.object);
  st = st ? st : expand(p, cells[h->index[COL_JUSTIFICATION]],
                        "mapping_justification", &row.justification);
  if (st) {
    return st;
  }
  size_t k = 0U;
  while (k < sizeof(predicates) / sizeof(predicates[0]) &&
         !mgd_str_eqc(pred, predicates[k].iri)) {
    ++k;
  }
  if (k == sizeof(predicates) / sizeof(predicates[0])) {
    const MgdStr c = cells[h->index[COL_PREDICATE]];
    return parse_error(p,
                       "bad predicate_id '%.*s' (use skos:exactMatch, "
                       "closeMatch, broadMatch, narrowMatch, relatedMatch, "
                       "owl:equivalentClass/Property, "
                       "rdfs:subClassOf/subPropertyOf)",
                       (int)(c.len > 80U ? 80U : c.len), c.ptr);
  }
  row.predicate = predicates[k].predicate;
  if (!mgd_str_has_prefix(row.justification, SEMAPV) ||
      row.justification.len == strlen(SEMAPV)) {
    const MgdStr c = cells[h->index[COL_JUSTIFICATION]];
    return parse_error(p, "mapping_justification '%.*s' is not a semapv: term",
                       (int)(c.len > 80U ? 80U : c.len), c.ptr);
  }
  if (h->index[COL_MODIFIER] != SIZE_MAX) {
    const MgdStr m = cells[h->index[COL_MODIFIER]];
    if (m.len && !mgd_str_eqc(m, "Not")) {
      return parse_error(p, "predicate_modifier must be empty or Not, not "
                            "'%.*s'",
                         (int)(m.len > 40U ? 40U : m.len), m.ptr);
    }
    row.negated = m.len > 0U;
  }
  return row_add(p, &row);
}

static MgdStatus
parse_lines(Parser* const p, const char* const bytes, const size_t n)
{
  bool      in_map     = false;
  bool      has_header = false;
  bool      meta_done  = false;
  Header    h;
  size_t    i  = 0U;
  MgdStatus st = MGD_SUCCESS;
  while (!st && i < n) {
    const char* const nl   = (const char*)memchr(bytes + i, '\n', n - i);
    const size_t      end  = nl ? (size_t)(nl - bytes) : n;
    MgdStr            line = mgd_str_n(bytes + i, end - i);
    if (line.len && line.ptr[line.len - 1U] == '\r') {
      --line.len;
    }
    ++p->line;
    i = end + 1U;
    if (memchr(line.ptr, '\0', line.len)) {
      return parse_error(p, "NUL byte in line");
    }
    if (line.len && line.ptr[0] == '#') {
      // The metadata block comes first; later '#' lines are comments.
      st = meta_done ? MGD_SUCCESS
                     : read_meta(p, mgd_str_n(line.ptr + 1, line.len - 1U),
                                 &in_map);
      continue;
    }
    meta_done = true;
    if (!trim(line).len) {
      continue;
    }
    if (!has_header) {
      st         = read_header(p, line, &h);
      has_header = true;
    } else {
      st = read_row(p, line, &h);
    }
  }
  if (!st && !has_header) {
    st = parse_error(p, "no header row (subject_id, predicate_id, object_id, "
                        "mapping_justification)");
  }
  return st;
}

MgdStatus
mgd_sssom_parse(const char* const bytes, const size_t n,
                const char* const name, const MgdLimits* const limits,
                const MgdDiagSink* const diag, MgdSssom** const set)
{
  *set                  = NULL;
  const MgdLimits l = limits ? *limits : mgd_limits_default();
  if (n > l.max_body_bytes) {
    return mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, name, 0U, 0U, NULL,
                    "mapping file larger than %zu bytes", l.max_body_bytes);
  }
  MgdSssom* const s = (MgdSssom*)mgd_calloc(1U, sizeof(MgdSssom));
  if (!s) {
    return MGD_BAD_ALLOC;
  }
  mgd_arena_init(&s->arena, 0U);
  const size_t n_builtin = sizeof(builtins) / sizeof(builtins[0]);
  s->prefixes =
    (Prefix*)mgd_calloc(SSSOM_MAX_PREFIXES + n_builtin, sizeof(Prefix));
  if (!s->prefixes) {
    mgd_sssom_free(s);
    return MGD_BAD_ALLOC;
  }
  for (size_t i = 0U; i < n_builtin; ++i) {
    s->prefixes[s->n_prefixes].name = mgd_str(builtins[i][0]);
    s->prefixes[s->n_prefixes].iri  = mgd_str(builtins[i][1]);
    ++s->n_prefixes;
  }
  const char* const base = name ? strrchr(name, '/') : NULL;
  const char* const shown =
    mgd_arena_strndup(&s->arena, base ? base + 1 : (name ? name : "mapping"),
                      strlen(base ? base + 1 : (name ? name : "mapping")));
  Parser          p  = {s, name ? name : "mapping", diag, 0U, shown};
  const MgdStatus st = parse_lines(&p, bytes, n);
  if (st) {
    mgd_sssom_free(s);
    return st;
  }
  *set = s;
  return MGD_SUCCESS;
}

void
mgd_sssom_free(MgdSssom* const set)
{
  if (set) {
    mgd_arena_clear(&set->arena);
    mgd_free(set->prefixes);
    mgd_free(set->rows);
    mgd_free(set);
  }
}

size_t
mgd_sssom_size(const MgdSssom* const set)
{
  return set->n_rows;
}

const MgdSssomRow*
mgd_sssom_row(const MgdSssom* const set, const size_t i)
{
  return &set->rows[i];
}

bool
mgd_sssom_applies(const MgdSssomPredicate predicate, const bool forward)
{
  switch (predicate) {
  case MGD_SSSOM_EXACT:
  case MGD_SSSOM_EQUIV_CLASS:
  case MGD_SSSOM_EQUIV_PROPERTY:
    return true;
  case MGD_SSSOM_BROAD:
  case MGD_SSSOM_SUBCLASS:
  case MGD_SSSOM_SUBPROPERTY:
    return forward;
  case MGD_SSSOM_NARROW:
    return !forward;
  case MGD_SSSOM_CLOSE:
  case MGD_SSSOM_RELATED:
    return false;
  }
  return false;
}
