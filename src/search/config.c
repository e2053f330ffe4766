// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The facets file: tab-separated rows (format described at the top of
// mappings/search-facets.tsv). Prefixed names are expanded here, so the
// query code sees full IRIs only.

#include "search/search_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CONFIG_MAX_PREFIXES 32U
#define CONFIG_MAX_BYTES (1U << 20U)

typedef struct {
  MgdStr name; ///< Prefix name (into the text)
  MgdStr iri;  ///< Namespace IRI (into the text)
} Prefix;

typedef struct {
  MgdSearchConfig*   c;
  const MgdDiagSink* diag;
  unsigned           line;
  Prefix             prefixes[CONFIG_MAX_PREFIXES];
  size_t             n_prefixes;
} Parser;

static MgdStatus
bad(const Parser* const p, const MgdStatus st, const char* const what)
{
  return mgd_diag(p->diag,
                  st,
                  MGD_LEVEL_ERROR,
                  "search-facets.tsv",
                  p->line,
                  0U,
                  NULL,
                  "%s",
                  what);
}

static bool
has_scheme_slashes(const MgdStr s)
{
  for (size_t i = 0U; i + 3U <= s.len; ++i) {
    if (!memcmp(s.ptr + i, "://", 3U)) {
      return true;
    }
  }
  return false;
}

/// Expand `<IRI>`, `prefix:local` or an absolute IRI into a new string.
static MgdStatus
expand(const Parser* const p, MgdStr s, char** const out)
{
  *out = NULL;
  if (s.len >= 2U && s.ptr[0] == '<' && s.ptr[s.len - 1U] == '>') {
    s = mgd_str_n(s.ptr + 1U, s.len - 2U);
  } else {
    const char* const colon = (const char*)memchr(s.ptr, ':', s.len);
    const size_t      n_pre = colon ? (size_t)(colon - s.ptr) : 0U;
    for (size_t i = 0U; colon && i < p->n_prefixes; ++i) {
      if (p->prefixes[i].name.len == n_pre &&
          !memcmp(p->prefixes[i].name.ptr, s.ptr, n_pre)) {
        MgdBuf b;
        mgd_buf_init(&b);
        if (mgd_buf_append(
              &b, p->prefixes[i].iri.ptr, p->prefixes[i].iri.len) ||
            mgd_buf_append(&b, colon + 1, s.len - n_pre - 1U) ||
            mgd_buf_putc(&b, '\0')) {
          mgd_buf_clear(&b);
          return MGD_BAD_ALLOC;
        }
        *out = b.data;
        return MGD_SUCCESS;
      }
    }
  }
  if (s.len && s.ptr[s.len - 1U] != '>' && s.ptr[0] != '<' &&
      !has_scheme_slashes(s) && !mgd_str_has_prefix(s, "urn:")) {
    return bad(p,
               MGD_BAD_SYNTAX,
               "unknown prefix (write <IRI> or declare "
               "it with @prefix)");
  }
  if (!s.len || !mgd_iri_is_valid(s)) {
    return bad(p, MGD_BAD_SYNTAX, "not an IRI or a known prefixed name");
  }
  *out = mgd_strndup(s.ptr, s.len);
  return *out ? MGD_SUCCESS : MGD_BAD_ALLOC;
}

/// The first `sep` of `s` outside <...>, or NULL.
static const char*
find_sep(const MgdStr s, const char sep)
{
  bool in_iri = false;
  for (size_t i = 0U; i < s.len; ++i) {
    in_iri = s.ptr[i] == '<' ? true : s.ptr[i] == '>' ? false : in_iri;
    if (s.ptr[i] == sep && !in_iri) {
      return s.ptr + i;
    }
  }
  return NULL;
}

/// Split `s` at `sep` (outside <...>) into at most `max` parts (empty
/// parts dropped).
static size_t
split(MgdStr s, const char sep, MgdStr* const parts, const size_t max)
{
  size_t n = 0U;
  while (s.len) {
    const char* const e    = find_sep(s, sep);
    const size_t      len  = e ? (size_t)(e - s.ptr) : s.len;
    MgdStr            part = mgd_str_n(s.ptr, len);
    while (part.len && (part.ptr[0] == ' ')) {
      ++part.ptr;
      --part.len;
    }
    while (part.len && part.ptr[part.len - 1U] == ' ') {
      --part.len;
    }
    if (part.len) {
      if (n == max) {
        return max + 1U;
      }
      parts[n++] = part;
    }
    s = e ? mgd_str_n(e + 1, s.len - len - 1U) : mgd_str_n(s.ptr + len, 0U);
  }
  return n;
}

static MgdStatus
parse_list(Parser* const p,
           const MgdStr  text,
           char** const  out,
           size_t* const n_out,
           const size_t  max)
{
  MgdStr       items[MGD_SEARCH_MAX_CLASSES + 1U];
  const size_t n = split(text, ' ', items, MGD_SEARCH_MAX_CLASSES);
  if (n > MGD_SEARCH_MAX_CLASSES || *n_out + n > max) {
    return bad(p, MGD_BAD_LIMIT, "too many IRIs in the list");
  }
  for (size_t i = 0U; i < n; ++i) {
    MgdStatus st = expand(p, items[i], &out[*n_out]);
    if (st) {
      return st;
    }
    ++*n_out;
  }
  return MGD_SUCCESS;
}

static MgdStatus
parse_kind(const Parser* const p, const MgdStr s, MgdFacetKind* const kind)
{
  static const struct {
    const char*  name;
    MgdFacetKind kind;
  } kinds[] = { { "iri", MGD_FACET_IRI },
                { "literal", MGD_FACET_LITERAL },
                { "any", MGD_FACET_ANY },
                { "year", MGD_FACET_YEAR },
                { "graph", MGD_FACET_GRAPH } };
  for (size_t i = 0U; i < sizeof(kinds) / sizeof(kinds[0]); ++i) {
    if (mgd_str_eqc(s, kinds[i].name)) {
      *kind = kinds[i].kind;
      return MGD_SUCCESS;
    }
  }
  return bad(
    p, MGD_BAD_SYNTAX, "kind must be iri, literal, any, year or graph");
}

static MgdStatus
parse_facet(Parser* const p, const MgdStr* const f, const size_t n_f)
{
  MgdSearchConfig* const c = p->c;
  if (n_f < 4U || n_f > 5U) {
    return bad(p,
               MGD_BAD_SYNTAX,
               "a facet row is: name, label, kind, path [, label predicate]");
  }
  if (c->n_facets == MGD_SEARCH_MAX_FACETS) {
    return bad(p, MGD_BAD_LIMIT, "too many facets");
  }
  for (size_t i = 0U; i < f[0].len; ++i) {
    const char ch = f[0].ptr[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
          ch == '-')) {
      return bad(p, MGD_BAD_SYNTAX, "a facet name is [a-z0-9_-]+");
    }
  }
  for (size_t i = 0U; i < c->n_facets; ++i) {
    if (mgd_str_eqc(f[0], c->facets[i].name)) {
      return bad(p, MGD_BAD_SYNTAX, "facet defined twice");
    }
  }
  MgdFacetDef* const d = &c->facets[c->n_facets++];
  d->name              = mgd_strndup(f[0].ptr, f[0].len);
  d->label             = mgd_strndup(f[1].ptr, f[1].len);
  if (!d->name || !d->label) {
    return MGD_BAD_ALLOC;
  }
  MgdStatus st = parse_kind(p, f[2], &d->kind);
  if (st || d->kind == MGD_FACET_GRAPH) {
    return st;
  }
  MgdStr       alts[MGD_FACET_MAX_ALTS + 1U];
  const size_t n_alts = split(f[3], '|', alts, MGD_FACET_MAX_ALTS);
  if (!n_alts || n_alts > MGD_FACET_MAX_ALTS) {
    return bad(p, MGD_BAD_SYNTAX, "a path has 1 to 8 alternatives");
  }
  for (size_t a = 0U; a < n_alts; ++a) {
    MgdStr       steps[MGD_FACET_MAX_STEPS + 1U];
    const size_t n = split(alts[a], '/', steps, MGD_FACET_MAX_STEPS);
    if (!n || n > MGD_FACET_MAX_STEPS) {
      return bad(p, MGD_BAD_SYNTAX, "a path alternative has 1 or 2 steps");
    }
    MgdFacetPath* const path = &d->alts[d->n_alts++];
    for (size_t s = 0U; s < n; ++s) {
      if ((st = expand(p, steps[s], &path->steps[s]))) {
        return st;
      }
      ++path->n_steps;
    }
  }
  if (n_f == 5U && f[4].len && !mgd_str_eqc(f[4], "-")) {
    st = expand(p, f[4], &d->label_via);
  }
  return st;
}

static MgdStatus
parse_line(Parser* const p, const MgdStr line)
{
  if (!line.len || line.ptr[0] == '#') {
    return MGD_SUCCESS;
  }
  MgdStr       f[6];
  const size_t n = split(line, '\t', f, 5U);
  if (n > 5U) {
    return bad(p, MGD_BAD_SYNTAX, "too many columns");
  }
  if (!n) {
    return MGD_SUCCESS;
  }
  if (mgd_str_eqc(f[0], "@prefix")) {
    if (n != 3U || p->n_prefixes == CONFIG_MAX_PREFIXES) {
      return bad(p, MGD_BAD_SYNTAX, "@prefix NAME IRI (at most 32)");
    }
    p->prefixes[p->n_prefixes].name  = f[1];
    p->prefixes[p->n_prefixes++].iri = f[2];
    return MGD_SUCCESS;
  }
  if (mgd_str_eqc(f[0], "@searchable")) {
    return n == 2U ? parse_list(p,
                                f[1],
                                p->c->classes,
                                &p->c->n_classes,
                                MGD_SEARCH_MAX_CLASSES)
                   : bad(p, MGD_BAD_SYNTAX, "@searchable CLASS ...");
  }
  if (mgd_str_eqc(f[0], "@label")) {
    return n == 2U
             ? parse_list(
                 p, f[1], p->c->labels, &p->c->n_labels, MGD_SEARCH_MAX_LABELS)
             : bad(p, MGD_BAD_SYNTAX, "@label PREDICATE ...");
  }
  return parse_facet(p, f, n);
}

MgdStatus
mgd_search_config_parse(const char* const        text,
                        const size_t             n,
                        const MgdDiagSink* const diag,
                        MgdSearchConfig** const  config)
{
  *config                  = NULL;
  MgdSearchConfig* const c = (MgdSearchConfig*)mgd_calloc(1U, sizeof(*c));
  if (!c) {
    return MGD_BAD_ALLOC;
  }
  Parser p;
  memset(&p, 0, sizeof(p));
  p.c          = c;
  p.diag       = diag;
  MgdStatus st = MGD_SUCCESS;
  size_t    i  = 0U;
  while (!st && i < n) {
    const char* const nl  = (const char*)memchr(text + i, '\n', n - i);
    size_t            len = nl ? (size_t)(nl - (text + i)) : n - i;
    ++p.line;
    if (len && text[i + len - 1U] == '\r') {
      --len;
    }
    st = parse_line(&p, mgd_str_n(text + i, len));
    i  = nl ? (size_t)(nl - text) + 1U : n;
  }
  if (st) {
    mgd_search_config_free(c);
    return st;
  }
  *config = c;
  return MGD_SUCCESS;
}

MgdStatus
mgd_search_config_load(const char* const        path,
                       const MgdDiagSink* const diag,
                       MgdSearchConfig** const  config)
{
  *config       = NULL;
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return mgd_diag(diag,
                    MGD_BAD_IO,
                    MGD_LEVEL_ERROR,
                    path,
                    0U,
                    0U,
                    NULL,
                    "cannot open: %s",
                    strerror(errno));
  }
  char* const buf = (char*)mgd_malloc(CONFIG_MAX_BYTES);
  MgdStatus   st  = buf ? MGD_SUCCESS : MGD_BAD_ALLOC;
  size_t      n   = buf ? fread(buf, 1U, CONFIG_MAX_BYTES, f) : 0U;
  if (!st && (ferror(f) || n == CONFIG_MAX_BYTES)) {
    st = mgd_diag(diag,
                  MGD_BAD_IO,
                  MGD_LEVEL_ERROR,
                  path,
                  0U,
                  0U,
                  NULL,
                  "cannot read (or larger than 1 MiB)");
  }
  fclose(f);
  st = st ? st : mgd_search_config_parse(buf, n, diag, config);
  mgd_free(buf);
  return st;
}

void
mgd_search_config_free(MgdSearchConfig* const c)
{
  if (!c) {
    return;
  }
  for (size_t i = 0U; i < c->n_facets; ++i) {
    MgdFacetDef* const d = &c->facets[i];
    mgd_free(d->name);
    mgd_free(d->label);
    mgd_free(d->label_via);
    for (size_t a = 0U; a < d->n_alts; ++a) {
      for (size_t s = 0U; s < d->alts[a].n_steps; ++s) {
        mgd_free(d->alts[a].steps[s]);
      }
    }
  }
  for (size_t i = 0U; i < c->n_classes; ++i) {
    mgd_free(c->classes[i]);
  }
  for (size_t i = 0U; i < c->n_labels; ++i) {
    mgd_free(c->labels[i]);
  }
  mgd_free(c);
}

size_t
mgd_search_config_n_facets(const MgdSearchConfig* const config)
{
  return config->n_facets;
}

const char*
mgd_search_config_facet_name(const MgdSearchConfig* const config,
                             const size_t                 i)
{
  return config->facets[i].name;
}
