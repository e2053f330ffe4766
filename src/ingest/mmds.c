// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Front end of the REMBI / RO-Crate / BIDS / ARC ingesters: detection,
// mapping tables, term resolution shared by all of them, the file node and
// the directory walk.
//
// The walk keeps one sorted name list per open directory (memory grows with
// the widest directory and the depth, never with the number of files), does
// not follow symbolic links to directories (so there are no loops to
// detect), and only stat()s data files. Emission does not deduplicate quads
// (ingest.c's seen-set would grow with the tree); converters avoid stating a
// fact twice instead.

#include "ingest/mmds.h"
#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <openssl/evp.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/// Deepest directory nesting walked.
#define WALK_MAX_DEPTH 64U
/// Most entries of one directory (bounds the per-directory name list).
#define WALK_MAX_ENTRIES (1U << 22)

// --------------------------------------------------------------------------
// Detection

static bool
has_suffix(const char* const s, const char* const suffix)
{
  const size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static bool
exists_in(const char* const dir, const char* const name)
{
  char p[4096];
  snprintf(p, sizeof(p), "%s/%s", dir, name);
  return access(p, R_OK) == 0;
}

MgdIngestKind
mgd_mmds_detect(const char* const path, const bool is_dir)
{
  if (is_dir) {
    if (exists_in(path, "dataset_description.json")) {
      return MGD_INGEST_BIDS;
    }
    if (exists_in(path, "isa.investigation.xlsx")) {
      return MGD_INGEST_ARC;
    }
    if (exists_in(path, "ro-crate-metadata.json")) {
      return MGD_INGEST_ROCRATE;
    }
    return MGD_INGEST_UNKNOWN;
  }
  const char* const base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if (has_suffix(base, "ro-crate-metadata.json") ||
      has_suffix(base, "ro-crate-metadata.jsonld")) {
    return MGD_INGEST_ROCRATE;
  }
  if (has_suffix(base, ".xlsx")) {
    // ISA workbooks are read as part of their ARC; a lone one is still a
    // key-value workbook the REMBI reader understands.
    return MGD_INGEST_REMBI_XLSX;
  }
  if (!has_suffix(base, ".json")) {
    return MGD_INGEST_UNKNOWN;
  }
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return MGD_INGEST_UNKNOWN;
  }
  char         head[4097];
  const size_t n = fread(head, 1, sizeof(head) - 1, f);
  fclose(f);
  head[n] = '\0';
  // PageTab: a submission object with "section" and attribute lists.
  if (strstr(head, "\"section\"") && strstr(head, "\"attributes\"") &&
      (strstr(head, "\"accno\"") || strstr(head, "\"type\""))) {
    return MGD_INGEST_REMBI_PAGETAB;
  }
  if (strstr(head, "\"@graph\"") && strstr(head, "ro/crate")) {
    return MGD_INGEST_ROCRATE;
  }
  return MGD_INGEST_UNKNOWN;
}

const char*
mgd_mmds_kind_name(const MgdIngestKind kind)
{
  switch (kind) {
    case MGD_INGEST_REMBI_PAGETAB:
      return "rembi-pagetab";
    case MGD_INGEST_REMBI_XLSX:
      return "rembi-xlsx";
    case MGD_INGEST_ROCRATE:
      return "ro-crate";
    case MGD_INGEST_BIDS:
      return "bids";
    case MGD_INGEST_ARC:
      return "arc";
    default:
      return NULL;
  }
}

const char*
mgd_mmds_media_type(const MgdIngestKind kind)
{
  switch (kind) {
    case MGD_INGEST_REMBI_PAGETAB:
    case MGD_INGEST_BIDS:
      return "application/json";
    case MGD_INGEST_ROCRATE:
      return "application/ld+json";
    case MGD_INGEST_REMBI_XLSX:
    case MGD_INGEST_ARC:
      return "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    default:
      return NULL;
  }
}

MgdStatus
mgd_mmds_main_file(const MgdIngestKind kind, const char* const path,
                   MgdBuf* const file)
{
  struct stat sb;
  if (stat(path, &sb) || !S_ISDIR(sb.st_mode)) {
    return MGD_SUCCESS;
  }
  switch (kind) {
    case MGD_INGEST_BIDS:
      return mgd_buf_appendc(file, "/dataset_description.json");
    case MGD_INGEST_ARC:
      return mgd_buf_appendc(file, "/isa.investigation.xlsx");
    case MGD_INGEST_ROCRATE:
      return mgd_buf_appendc(file, "/ro-crate-metadata.json");
    default:
      return MGD_SUCCESS;
  }
}

// --------------------------------------------------------------------------
// Tables and context

typedef struct {
  const char* file;
  size_t      n_key;
  size_t      offset;
} TableSpec;

static const TableSpec table_specs[] = {
  { "fbbi-labels.tsv", 1, offsetof(MgdMmdsTables, fbbi) },
  { "ncbitaxon.tsv", 1, offsetof(MgdMmdsTables, taxon) },
  { "licenses.tsv", 1, offsetof(MgdMmdsTables, license) },
  { "file-formats.tsv", 1, offsetof(MgdMmdsTables, formats) },
  { "rembi-pagetab.tsv", 2, offsetof(MgdMmdsTables, pagetab) },
  { "bids.tsv", 2, offsetof(MgdMmdsTables, sidecar) },
  { "rocrate.tsv", 2, offsetof(MgdMmdsTables, rocrate) },
  { "isa.tsv", 2, offsetof(MgdMmdsTables, isa) },
};

MgdStatus
mgd_mmds_init(MgdMmds* const m, MgdIngester* const ing, MgdEmit* const e,
              const char* const root)
{
  memset(m, 0, sizeof(*m));
  m->ing  = ing;
  m->e    = e;
  m->root = root;
  m->file = e->source;
  mgd_hashmap_init(&m->terms);
  mgd_arena_init(&m->term_arena, 0);
  for (size_t i = 0; i < sizeof(table_specs) / sizeof(table_specs[0]); ++i) {
    MgdMapTable* const t =
      (MgdMapTable*)(void*)((char*)&m->t + table_specs[i].offset);
    const MgdStatus st =
      mgd_ingest_table_load(t, ing->data_dir, table_specs[i].file,
                            table_specs[i].n_key, ing->opts.diag);
    if (st) {
      mgd_mmds_clear(m);
      return st;
    }
  }
  return MGD_SUCCESS;
}

void
mgd_mmds_clear(MgdMmds* const m)
{
  mgd_mmds_samples_free(m);
  for (size_t i = 0; i < sizeof(table_specs) / sizeof(table_specs[0]); ++i) {
    mgd_ingest_table_clear(
      (MgdMapTable*)(void*)((char*)&m->t + table_specs[i].offset));
  }
  for (size_t i = 0; i < 4; ++i) {
    mgd_buf_clear(&m->iri[i]);
  }
  mgd_buf_clear(&m->tmp);
  mgd_hashmap_clear(&m->terms);
  mgd_arena_clear(&m->term_arena);
  mgd_buf_clear(&m->term_buf);
  mgd_buf_clear(&m->obj_buf);
}

// --------------------------------------------------------------------------
// Emitting

/// Prefixes this family's mapping files use beyond mgd_ingest_expand's.
static const struct {
  const char* prefix;
  const char* ns;
} extra_prefixes[] = {
  { "rembi:", MGD_NS_REMBI },
  { "bioschemas:", MGD_NS_BIOSCHEMAS },
  { "edam:", MGD_NS_EDAM },
  { "dcat:", "http://www.w3.org/ns/dcat#" },
  { "spdx:", "http://spdx.org/rdf/terms#" },
  { "qudt:", "http://qudt.org/vocab/unit/" },
  { "csvw:", "http://www.w3.org/ns/csvw#" },
  { "owl:", "http://www.w3.org/2002/07/owl#" },
};

/// Expand a prefixed name into `out` (reset first).
static MgdStatus
expand(const MgdStr name, MgdBuf* const out)
{
  mgd_buf_reset(out);
  for (size_t i = 0; i < sizeof(extra_prefixes) / sizeof(extra_prefixes[0]);
       ++i) {
    if (mgd_str_has_prefix(name, extra_prefixes[i].prefix)) {
      const size_t    k  = strlen(extra_prefixes[i].prefix);
      const MgdStatus st = mgd_buf_appendc(out, extra_prefixes[i].ns);
      return st ? st : mgd_buf_append(out, name.ptr + k, name.len - k);
    }
  }
  return mgd_ingest_expand(name, out);
}

/// Most distinct prefixed names remembered expanded (predicates, classes,
/// datatypes: the mapping tables' and the code's vocabulary).
#define TERM_CACHE_MAX 4096U

/// The IRI of `name` without copying when it is already one (a scheme
/// followed by "//", or "urn:"), else expanded into `buf`.
static MgdStatus
expand_view(const MgdStr name, MgdBuf* const buf, MgdStr* const out)
{
  const char* const colon = name.len ? memchr(name.ptr, ':', name.len) : NULL;
  const size_t      at    = colon ? (size_t)(colon - name.ptr) : 0;
  if (!colon || (at + 2 < name.len && colon[1] == '/' && colon[2] == '/') ||
      mgd_str_has_prefix(name, "urn:")) {
    *out = name;
    return MGD_SUCCESS;
  }
  const MgdStatus st = expand(name, buf);
  *out               = mgd_buf_str(buf);
  return st;
}

/// A vocabulary term (prefixed name or IRI) as an IRI. Expansions are
/// remembered, so the hot path of a walk (the same dozen predicates for
/// every file) neither scans the prefix tables nor allocates. The view is
/// valid until mgd_mmds_clear() or, past TERM_CACHE_MAX names, the next
/// change of `buf`.
static MgdStatus
term_iri(MgdMmds* const m, const MgdStr name, MgdBuf* const buf,
         MgdStr* const out)
{
  uint64_t v = 0;
  if (!mgd_hashmap_get(&m->terms, name.ptr, name.len, &v)) {
    const MgdStr* const hit = (const MgdStr*)(uintptr_t)v;
    *out                    = *hit;
    return MGD_SUCCESS;
  }
  MgdStatus st = expand_view(name, buf, out);
  if (st || m->n_terms >= TERM_CACHE_MAX) {
    return st;
  }
  MgdStr* const slot = mgd_arena_alloc(&m->term_arena, sizeof(MgdStr));
  char* const   copy = mgd_arena_strndup(&m->term_arena, out->ptr, out->len);
  if (!slot || !copy) {
    return MGD_BAD_ALLOC;
  }
  *slot = mgd_str_n(copy, out->len);
  st = mgd_hashmap_put(&m->terms, name.ptr, name.len, (uint64_t)(uintptr_t)slot,
                       NULL, NULL);
  m->n_terms += !st;
  *out = *slot;
  return st;
}

MgdStatus
mgd_mmds_iri(MgdMmds* const m, const MgdStr s, const char* const p,
             const MgdStr o)
{
  MgdStr    pi = { 0 }, oi = { 0 };
  MgdStatus st = term_iri(m, mgd_str(p), &m->term_buf, &pi);
  // Objects are mostly minted IRIs (one per file): never cached.
  st = st ? st : expand_view(o, &m->obj_buf, &oi);
  return st ? st : mgd_ingest_emit_iri(m->e, s, pi, oi);
}

MgdStatus
mgd_mmds_type(MgdMmds* const m, const MgdStr s, const char* const cls)
{
  MgdStr    ti = { 0 }, ci = { 0 };
  MgdStatus st = term_iri(m, mgd_str(MGD_RDF_TYPE), &m->term_buf, &ti);
  st           = st ? st : term_iri(m, mgd_str(cls), &m->obj_buf, &ci);
  return st ? st : mgd_ingest_emit_iri(m->e, s, ti, ci);
}

MgdStatus
mgd_mmds_typed(MgdMmds* const m, const MgdStr s, const char* const p,
               const MgdStr lex, const char* const dt)
{
  MgdStr    pi = { 0 }, di = { 0 };
  MgdStatus st = term_iri(m, mgd_str(p), &m->term_buf, &pi);
  st = st ? st : (dt ? term_iri(m, mgd_str(dt), &m->obj_buf, &di) : st);
  return st ? st
            : mgd_ingest_emit_lit(m->e, s, pi, lex, dt ? di : mgd_str(NULL));
}

MgdStatus
mgd_mmds_lit(MgdMmds* const m, const MgdStr s, const char* const p,
             const MgdStr lex)
{
  const MgdStr v = mgd_mmds_trim(lex);
  if (!v.len) {
    return MGD_SUCCESS;
  }
  return mgd_mmds_typed(m, s, p, v, NULL);
}

MgdStatus
mgd_mmds_auto(MgdMmds* const m, const MgdStr s, const char* const p,
              const MgdStr lex)
{
  const MgdStr v = mgd_mmds_trim(lex);
  if (!v.len || mgd_str_eqc(v, "n/a")) {
    return MGD_SUCCESS;
  }
  if (mgd_ingest_lex_is_integer(v)) {
    return mgd_mmds_typed(m, s, p, v, MGD_XSD_INTEGER);
  }
  if (mgd_ingest_lex_is_double(v)) {
    return mgd_mmds_typed(m, s, p, v, MGD_XSD_DOUBLE);
  }
  if (mgd_str_eqc(v, "true") || mgd_str_eqc(v, "false")) {
    return mgd_mmds_typed(m, s, p, v, MGD_XSD_BOOLEAN);
  }
  return mgd_mmds_typed(m, s, p, v, NULL);
}

MgdStatus
mgd_mmds_warn(MgdMmds* const m, const unsigned line, const unsigned col,
              const char* const path, const char* const fmt, ...)
{
  char    msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  const char* const saved = m->e->source;
  m->e->source            = m->file ? m->file : saved;
  const MgdStatus st = mgd_ingest_emit_warn(m->e, line, col, path, "%s", msg);
  m->e->source       = saved;
  return st;
}

MgdStatus
mgd_mmds_mint(MgdMmds* const m, const char* const kind, const MgdStr id,
              MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_append(out, m->e->graph.data, m->e->graph.len);
  st           = st ? st : mgd_buf_putc(out, '/');
  // Module names ("image acquisition") become slugs ("image-acquisition").
  for (const char* k = kind; !st && *k; ++k) {
    st = mgd_buf_putc(out, *k == ' ' ? '-' : *k);
  }
  st = st ? st : mgd_buf_putc(out, '/');
  return st ? st : mgd_ingest_pct(id, out);
}

MgdStatus
mgd_mmds_mint_path(MgdMmds* const m, const MgdStr rel, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st  = MGD_SUCCESS;
  bool      sep = true; // a '/' is needed before the next segment
  if (m->file_base) {
    st  = mgd_buf_appendc(out, m->file_base);
    sep = !out->len || out->data[out->len - 1] != '/';
  } else {
    st = mgd_buf_append(out, m->e->graph.data, m->e->graph.len);
    st = st ? st : mgd_buf_appendc(out, "/file");
  }
  for (size_t i = 0; !st && i < rel.len;) {
    size_t j = i;
    while (j < rel.len && rel.ptr[j] != '/') {
      ++j;
    }
    if (j > i) {
      st  = sep ? mgd_buf_putc(out, '/') : MGD_SUCCESS;
      st  = st ? st : mgd_ingest_pct(mgd_str_n(rel.ptr + i, j - i), out);
      sep = true;
    }
    i = j + 1;
  }
  return st;
}

// --------------------------------------------------------------------------
// Text helpers and term resolution

MgdStr
mgd_mmds_trim(MgdStr v)
{
  for (;;) {
    if (v.len && isspace((unsigned char)v.ptr[0])) {
      ++v.ptr;
      --v.len;
    } else if (v.len >= 2 && (unsigned char)v.ptr[0] == 0xC2 &&
               (unsigned char)v.ptr[1] == 0xA0) {
      v.ptr += 2;
      v.len -= 2;
    } else {
      break;
    }
  }
  for (;;) {
    if (v.len && isspace((unsigned char)v.ptr[v.len - 1])) {
      --v.len;
    } else if (v.len >= 2 && (unsigned char)v.ptr[v.len - 2] == 0xC2 &&
               (unsigned char)v.ptr[v.len - 1] == 0xA0) {
      v.len -= 2;
    } else {
      break;
    }
  }
  return v;
}

MgdStatus
mgd_mmds_norm(const MgdStr v0, MgdBuf* const out)
{
  mgd_buf_reset(out);
  const MgdStr v     = mgd_mmds_trim(v0);
  bool         space = false;
  MgdStatus    st    = MGD_SUCCESS;
  for (size_t i = 0; !st && i < v.len; ++i) {
    const unsigned char c = (unsigned char)v.ptr[i];
    if (c == 0xC2 && i + 1 < v.len && (unsigned char)v.ptr[i + 1] == 0xA0) {
      space = true;
      ++i;
      continue;
    }
    if (isspace(c) || c == '_') {
      space = true;
      continue;
    }
    if (space && out->len) {
      st = mgd_buf_putc(out, ' ');
    }
    space = false;
    st    = st ? st : mgd_buf_putc(out, (char)tolower(c));
  }
  if (!st && !out->data) {
    st = mgd_buf_appendc(out, "");
  }
  return st;
}

static bool
all_digits(const MgdStr s)
{
  if (!s.len) {
    return false;
  }
  for (size_t i = 0; i < s.len; ++i) {
    if (!isdigit((unsigned char)s.ptr[i])) {
      return false;
    }
  }
  return true;
}

static MgdStatus
obo_iri(const char* const prefix, const MgdStr local, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_appendc(out, MGD_NS_OBO);
  st           = st ? st : mgd_buf_appendc(out, prefix);
  st           = st ? st : mgd_buf_putc(out, '_');
  return st ? st : mgd_buf_append(out, local.ptr, local.len);
}

/// Look `v` up in `t` under its normalised form, then without a trailing
/// parenthesis ("Mus musculus (mouse)"), then the parenthesis alone.
static const MgdMapRow*
lookup_name(const MgdMapTable* const t, const MgdStr v, MgdBuf* const tmp)
{
  if (mgd_mmds_norm(v, tmp)) {
    return NULL;
  }
  const MgdMapRow* r = mgd_ingest_table_get(t, mgd_buf_str(tmp), mgd_str(NULL));
  if (r) {
    return r;
  }
  const MgdStr n   = mgd_buf_str(tmp);
  const char*  par = n.len ? memchr(n.ptr, '(', n.len) : NULL;
  if (par && n.ptr[n.len - 1] == ')') {
    MgdStr head = mgd_str_n(n.ptr, (size_t)(par - n.ptr));
    while (head.len && head.ptr[head.len - 1] == ' ') {
      --head.len;
    }
    r = mgd_ingest_table_get(t, head, mgd_str(NULL));
    if (!r) {
      r = mgd_ingest_table_get(
        t, mgd_str_n(par + 1, (size_t)(n.ptr + n.len - par - 2)),
        mgd_str(NULL));
    }
  }
  return r;
}

MgdStatus
mgd_mmds_curie(const MgdStr v0, MgdBuf* const out)
{
  const MgdStr v = mgd_mmds_trim(v0);
  mgd_buf_reset(out);
  if (mgd_str_has_prefix(v, "http://") || mgd_str_has_prefix(v, "https://")) {
    return mgd_buf_append(out, v.ptr, v.len);
  }
  if (mgd_str_has_prefix(v, "obo:")) {
    MgdStatus st = mgd_buf_appendc(out, MGD_NS_OBO);
    return st ? st : mgd_buf_append(out, v.ptr + 4, v.len - 4);
  }
  // OBO ids: PREFIX:LOCAL or PREFIX_LOCAL with a letters-only prefix.
  size_t i = 0;
  while (i < v.len && (isalpha((unsigned char)v.ptr[i]))) {
    ++i;
  }
  if (i == 0 || i + 1 >= v.len || (v.ptr[i] != ':' && v.ptr[i] != '_')) {
    return MGD_FAILURE;
  }
  const MgdStr local = mgd_str_n(v.ptr + i + 1, v.len - i - 1);
  for (size_t k = 0; k < local.len; ++k) {
    if (!isalnum((unsigned char)local.ptr[k]) && local.ptr[k] != '_') {
      return MGD_FAILURE;
    }
  }
  char prefix[32];
  if (i >= sizeof(prefix)) {
    return MGD_FAILURE;
  }
  memcpy(prefix, v.ptr, i);
  prefix[i] = '\0';
  if (!strcmp(prefix, "NCBI") && mgd_str_has_prefix(local, "txid")) {
    return obo_iri("NCBITaxon", mgd_str_n(local.ptr + 4, local.len - 4), out);
  }
  if (!strcasecmp(prefix, "fbbi")) {
    return obo_iri("FBbi", local, out);
  }
  if (!strcasecmp(prefix, "ncbitaxon")) {
    return obo_iri("NCBITaxon", local, out);
  }
  return obo_iri(prefix, local, out);
}

MgdStatus
mgd_mmds_taxon(MgdMmds* const m, const MgdStr v0, MgdBuf* const out)
{
  const MgdStr v = mgd_mmds_trim(v0);
  if (all_digits(v)) {
    return obo_iri("NCBITaxon", v, out);
  }
  if (mgd_str_has_prefix(v, "txid") &&
      all_digits(mgd_str_n(v.ptr + 4, v.len - 4))) {
    return obo_iri("NCBITaxon", mgd_str_n(v.ptr + 4, v.len - 4), out);
  }
  const MgdStatus cst = mgd_mmds_curie(v, out);
  if (!cst) {
    const MgdStr o = mgd_buf_str(out);
    const char*  t = NULL;
    for (size_t i = 0; i + 10 <= o.len; ++i) {
      if (!memcmp(o.ptr + i, "NCBITaxon_", 10)) {
        t = o.ptr + i + 10;
      }
    }
    if (t && all_digits(mgd_str_n(t, (size_t)(o.ptr + o.len - t)))) {
      char id[32];
      snprintf(id, sizeof(id), "%.*s", (int)(o.ptr + o.len - t), t);
      return obo_iri("NCBITaxon", mgd_str(id), out);
    }
    if (mgd_str_has_prefix(o, "http")) {
      return MGD_SUCCESS; // another taxonomy's IRI: kept
    }
  }
  const MgdMapRow* const r = lookup_name(&m->t.taxon, v, &m->tmp);
  if (!r) {
    return MGD_FAILURE;
  }
  mgd_buf_reset(out);
  return mgd_buf_append(out, r->f[1].ptr, r->f[1].len);
}

MgdStatus
mgd_mmds_fbbi(MgdMmds* const m, const MgdStr v0, MgdBuf* const out)
{
  const MgdStr v = mgd_mmds_trim(v0);
  if (!mgd_mmds_curie(v, out)) {
    const MgdStr o = mgd_buf_str(out);
    if (mgd_str_has_prefix(o, MGD_NS_OBO "FBbi_") ||
        (mgd_str_has_prefix(o, "http") && !strchr(v.ptr, ' '))) {
      return MGD_SUCCESS;
    }
  }
  const MgdMapRow* const r = lookup_name(&m->t.fbbi, v, &m->tmp);
  if (!r) {
    return MGD_FAILURE;
  }
  mgd_buf_reset(out);
  return mgd_buf_append(out, r->f[1].ptr, r->f[1].len);
}

MgdStatus
mgd_mmds_license(MgdMmds* const m, const MgdStr v0, MgdBuf* const out)
{
  const MgdStr           v = mgd_mmds_trim(v0);
  const MgdMapRow* const r = lookup_name(&m->t.license, v, &m->tmp);
  mgd_buf_reset(out);
  if (r) {
    return mgd_buf_append(out, r->f[1].ptr, r->f[1].len);
  }
  if (mgd_str_has_prefix(v, "http://") || mgd_str_has_prefix(v, "https://")) {
    return mgd_buf_append(out, v.ptr, v.len);
  }
  return MGD_FAILURE;
}

MgdStatus
mgd_mmds_unit(MgdMmds* const m, const MgdStr sym0, MgdBuf* const out)
{
  static const char* const dims[] = {
    "UnitsLength",      "UnitsTime",     "UnitsFrequency",         "UnitsPower",
    "UnitsTemperature", "UnitsPressure", "UnitsElectricPotential",
  };
  MgdStr sym = mgd_mmds_trim(sym0);
  if (mgd_str_eqc(sym, "micron") || mgd_str_eqc(sym, "microns") ||
      mgd_str_eqc(sym, "micrometer") || mgd_str_eqc(sym, "micrometre")) {
    sym = mgd_str("um");
  }
  for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); ++i) {
    const MgdMapRow* const r =
      mgd_ingest_table_get(&m->ing->units, mgd_str(dims[i]), sym);
    if (r) {
      mgd_buf_reset(out);
      return mgd_buf_append(out, r->f[2].ptr, r->f[2].len);
    }
  }
  return MGD_FAILURE;
}

MgdStatus
mgd_mmds_quantity_text(MgdMmds* const m, const MgdStr node, const MgdStr lex)
{
  const MgdStr v = mgd_mmds_trim(lex);
  size_t       i = 0;
  while (i < v.len && (isdigit((unsigned char)v.ptr[i]) || v.ptr[i] == '.' ||
                       v.ptr[i] == '-' || v.ptr[i] == '+' || v.ptr[i] == 'e' ||
                       v.ptr[i] == 'E')) {
    ++i;
  }
  const MgdStr num  = mgd_str_n(v.ptr, i);
  const MgdStr unit = mgd_mmds_trim(mgd_str_n(v.ptr + i, v.len - i));
  if (!i || !unit.len || unit.len > 16 || !mgd_ingest_lex_is_double(num)) {
    return MGD_FAILURE;
  }
  for (size_t k = 0; k < unit.len; ++k) {
    if (unit.ptr[k] == ' ') {
      return MGD_FAILURE;
    }
  }
  MgdStatus st = mgd_mmds_typed(m, node, "schema:value", num, MGD_XSD_DOUBLE);
  st           = st ? st : mgd_mmds_lit(m, node, "schema:unitText", unit);
  MgdBuf u     = { 0 };
  if (!st && !mgd_mmds_unit(m, unit, &u)) {
    st = mgd_mmds_iri(m, node, "schema:unitCode", mgd_buf_str(&u));
  }
  mgd_buf_clear(&u);
  return st;
}

MgdStatus
mgd_mmds_json(MgdMmds* const m, const MgdStr s, const char* const p,
              json_t* const v)
{
  char num[64];
  switch (json_typeof(v)) {
    case JSON_STRING:
      return mgd_mmds_lit(
        m, s, p, mgd_str_n(json_string_value(v), json_string_length(v)));
    case JSON_INTEGER:
      snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
      return mgd_mmds_typed(m, s, p, mgd_str(num), MGD_XSD_INTEGER);
    case JSON_REAL:
      snprintf(num, sizeof(num), "%.17g", json_real_value(v));
      // Shortest form that reads back (25.08, not 25.079999999999998).
      for (int prec = 1; prec <= 17; ++prec) {
        char t[64];
        snprintf(t, sizeof(t), "%.*g", prec, json_real_value(v));
        if (strtod(t, NULL) == json_real_value(v)) {
          memcpy(num, t, sizeof(t));
          break;
        }
      }
      if (!strchr(num, '.') && !strchr(num, 'e') && !strchr(num, 'n') &&
          !strchr(num, 'i')) {
        strcat(num, ".0");
      }
      return mgd_mmds_typed(m, s, p, mgd_str(num), MGD_XSD_DOUBLE);
    case JSON_TRUE:
    case JSON_FALSE:
      return mgd_mmds_typed(
        m, s, p, mgd_str(json_is_true(v) ? "true" : "false"), MGD_XSD_BOOLEAN);
    case JSON_ARRAY: {
      size_t  i = 0;
      json_t* x = NULL;
      json_array_foreach(v, i, x)
      {
        if (!json_is_object(x) && !json_is_array(x)) {
          const MgdStatus st = mgd_mmds_json(m, s, p, x);
          if (st) {
            return st;
          }
        }
      }
      return MGD_SUCCESS;
    }
    case JSON_OBJECT:
    case JSON_NULL:
      return MGD_SUCCESS;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_mmds_slurp(MgdMmds* const m, const char* const path, MgdBuf* const out)
{
  return mgd_mmds_slurp_at(m, AT_FDCWD, path, path, out);
}

MgdStatus
mgd_mmds_slurp_at(MgdMmds* const m, const int dir, const char* const name,
                  const char* const path, MgdBuf* const out)
{
  mgd_buf_reset(out);
  const int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return mgd_diag(m->e->diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path, 0, 0, NULL,
                    "cannot open: %s", strerror(errno));
  }
  // Read straight into the buffer: sidecars are small and read once each.
  MgdStatus st = MGD_SUCCESS;
  for (;;) {
    if (out->len + 1 > MGD_MMDS_MAX_DOC) {
      st =
        mgd_diag(m->e->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, path, 0, 0, NULL,
                 "metadata file larger than %u bytes", MGD_MMDS_MAX_DOC);
      break;
    }
    if ((st = mgd_buf_reserve(out, 4096))) {
      break;
    }
    size_t room = out->cap - out->len - 1; // keep the NUL's byte
    if (room > MGD_MMDS_MAX_DOC + 1 - out->len) {
      room = MGD_MMDS_MAX_DOC + 1 - out->len; // one byte past: detects excess
    }
    const ssize_t got = read(fd, out->data + out->len, room);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      st = mgd_diag(m->e->diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path, 0, 0, NULL,
                    "read error: %s", strerror(errno));
      break;
    }
    if (!got) {
      break;
    }
    out->len += (size_t)got;
    out->data[out->len] = '\0';
  }
  close(fd);
  if (!st && out->len > MGD_MMDS_MAX_DOC) {
    st = mgd_diag(m->e->diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, path, 0, 0, NULL,
                  "metadata file larger than %u bytes", MGD_MMDS_MAX_DOC);
  }
  if (!st && !out->data) {
    st = mgd_buf_appendc(out, "");
  }
  return st;
}

json_t*
mgd_mmds_json_load(MgdMmds* const m, const char* const path,
                   const char* const text, const size_t n)
{
  json_error_t  err;
  json_t* const j = json_loadb(text, n, JSON_ALLOW_NUL, &err);
  if (!j) {
    mgd_diag(m->e->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, path,
             err.line > 0 ? (unsigned)err.line : 0U,
             err.column > 0 ? (unsigned)err.column : 0U, NULL,
             "malformed JSON: %s", err.text);
  }
  return j;
}

// --------------------------------------------------------------------------
// File nodes

/// Format row for a file name: the longest known multi-part extension wins
/// (".ome.tif" over ".tif", ".fastq.gz" over ".gz").
static const MgdMapRow*
format_of(MgdMmds* const m, const char* const base, MgdBuf* const tmp)
{
  for (const char* dot = strchr(base, '.'); dot; dot = strchr(dot + 1, '.')) {
    if (mgd_mmds_norm(mgd_str(dot), tmp)) {
      return NULL;
    }
    const MgdMapRow* const r =
      mgd_ingest_table_get(&m->t.formats, mgd_buf_str(tmp), mgd_str(NULL));
    if (r) {
      return r;
    }
  }
  return NULL;
}

static MgdStatus
sha256_file(const char* const path, char hex[65])
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return MGD_BAD_IO;
  }
  EVP_MD_CTX* const md = EVP_MD_CTX_new();
  MgdStatus         st = MGD_SUCCESS;
  if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
    st = MGD_BAD_INTERNAL;
  }
  char buf[65536];
  while (!st) {
    const size_t got = fread(buf, 1, sizeof(buf), f);
    if (!got) {
      st = ferror(f) ? MGD_BAD_IO : MGD_SUCCESS;
      break;
    }
    EVP_DigestUpdate(md, buf, got);
  }
  if (!st) {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned      n = 0;
    EVP_DigestFinal_ex(md, d, &n);
    for (unsigned i = 0; i < n && i < 32; ++i) {
      snprintf(hex + 2 * i, 3, "%02x", d[i]);
    }
  }
  EVP_MD_CTX_free(md);
  fclose(f);
  return st;
}

MgdStatus
mgd_mmds_file_node(MgdMmds* const m, const char* const abs, const MgdStr rel,
                   const struct stat* const sb, MgdBuf* const out)
{
  MgdStatus st = mgd_mmds_mint_path(m, rel, out);
  if (!st && m->file_base && S_ISDIR(sb->st_mode)) {
    st = mgd_buf_putc(out, '/'); // RO-Crate: a folder's id ends with '/'
  }
  if (st) {
    return st;
  }
  const MgdStr f      = mgd_buf_str(out);
  const bool   is_dir = S_ISDIR(sb->st_mode);
  st = mgd_mmds_type(m, f, is_dir ? "schema:Dataset" : "schema:MediaObject");
  st = st ? st : mgd_mmds_lit(m, f, "rembi:relativePath", rel);
  const char* const base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
  st = st ? st : mgd_mmds_lit(m, f, "schema:name", mgd_str(base));
  if (!st && !is_dir) {
    char num[32];
    snprintf(num, sizeof(num), "%lld", (long long)sb->st_size);
    st =
      mgd_mmds_typed(m, f, "schema:contentSize", mgd_str(num), MGD_XSD_INTEGER);
  }
  MgdBuf                 tmp = { 0 };
  const MgdMapRow* const fmt = st ? NULL : format_of(m, base, &tmp);
  mgd_buf_clear(&tmp);
  if (fmt) {
    if (fmt->f[1].len) {
      st = mgd_mmds_iri(m, f, "dcterms:format", fmt->f[1]);
    }
    if (!st && fmt->f[2].len) {
      st = mgd_mmds_lit(m, f, "schema:encodingFormat", fmt->f[2]);
    }
  }
  if (!st && !is_dir && m->ing->opts.checksums) {
    char hex[65] = { 0 };
    if (sha256_file(abs, hex)) {
      st = mgd_mmds_warn(m, 0, 0, NULL, "%s: cannot read for its checksum: %s",
                         abs, strerror(errno));
    } else {
      st = mgd_mmds_lit(m, f, "schema:sha256", mgd_str(hex));
    }
  }
  return st;
}

// --------------------------------------------------------------------------
// Walk
//
// Each open directory keeps its descriptor, so entries are stat()ed with
// fstatat() relative to it (one path component to resolve instead of the
// whole path), and its sorted name list, which the callbacks may search
// instead of probing the file system (sidecars, siblings).

typedef struct {
  char**     names;   ///< Sorted entry names; owned
  size_t     n;       ///< Entries
  size_t     next;    ///< Next entry to visit
  size_t     rel_len; ///< Length of the relative path of this directory
  size_t     abs_len; ///< Length of the absolute path of this directory
  int        fd;      ///< Open directory (-1: none)
  MgdMmdsDir view;    ///< What the callbacks see
} Frame;

static int
name_cmp(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void
frame_clear(Frame* const f)
{
  for (size_t i = 0; i < f->n; ++i) {
    mgd_free(f->names[i]);
  }
  mgd_free(f->names);
  if (f->fd >= 0) {
    close(f->fd);
  }
  memset(f, 0, sizeof(*f));
  f->fd = -1;
}

/// Open `dir` (relative to `at`, or absolute when `at` is AT_FDCWD) and read
/// its sorted listing. A directory that cannot be read is a warning and an
/// empty frame.
static MgdStatus
frame_open(MgdMmds* const m, const int at, const char* const name,
           const char* const dir, Frame* const f)
{
  memset(f, 0, sizeof(*f));
  f->fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  // readdir() consumes its own descriptor; `fd` stays for fstatat/openat.
  const int  dfd = f->fd >= 0 ? dup(f->fd) : -1;
  DIR* const d   = dfd >= 0 ? fdopendir(dfd) : NULL;
  if (!d) {
    const int err = errno;
    if (dfd >= 0) {
      close(dfd);
    }
    if (f->fd >= 0) {
      close(f->fd);
      f->fd = -1;
    }
    return mgd_mmds_warn(m, 0, 0, NULL, "%s: cannot read directory: %s", dir,
                         strerror(err));
  }
  size_t         cap = 0;
  MgdStatus      st  = MGD_SUCCESS;
  struct dirent* e   = NULL;
  while (!st && (e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue; // ".", "..", and hidden files (.git, .DS_Store, .zattrs)
    }
    if (f->n >= WALK_MAX_ENTRIES) {
      st = mgd_ingest_emit_error(m->e, MGD_BAD_LIMIT, 0, 0, dir,
                                 "directory has more than %u entries",
                                 WALK_MAX_ENTRIES);
      break;
    }
    if (f->n == cap) {
      cap            = cap ? 2 * cap : 32;
      char** const n = mgd_realloc(f->names, cap * sizeof(char*));
      if (!n) {
        st = MGD_BAD_ALLOC;
        break;
      }
      f->names = n;
    }
    f->names[f->n] = mgd_strndup(e->d_name, strlen(e->d_name));
    st             = f->names[f->n] ? MGD_SUCCESS : MGD_BAD_ALLOC;
    f->n += !st;
  }
  closedir(d);
  if (f->n) {
    qsort(f->names, f->n, sizeof(char*), name_cmp);
  }
  return st;
}

bool
mgd_mmds_dir_has(const MgdMmdsDir* const dir, const char* const name)
{
  size_t lo = 0, hi = dir->n_names;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int    c   = strcmp(dir->names[mid], name);
    if (!c) {
      return true;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

size_t
mgd_mmds_dir_lower(const MgdMmdsDir* const dir, const MgdStr prefix)
{
  size_t lo = 0, hi = dir->n_names;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const char*  n   = dir->names[mid];
    const size_t nl  = strlen(n);
    int          c   = memcmp(n, prefix.ptr, nl < prefix.len ? nl : prefix.len);
    if (!c && nl < prefix.len) {
      c = -1;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

MgdStatus
mgd_mmds_walk(MgdMmds* const m, const MgdMmdsFileFunc on_file,
              void* const handle)
{
  const MgdMmdsWalker w = { on_file, NULL, NULL, NULL, handle };
  return mgd_mmds_walk_with(m, &w);
}

static void
frame_view(Frame* const f, const MgdBuf* const abs, const MgdBuf* const rel,
           const unsigned depth)
{
  f->view.abs     = mgd_str_n(abs->data, f->abs_len);
  f->view.rel     = mgd_str_n(rel->data, f->rel_len);
  f->view.names   = (const char* const*)f->names;
  f->view.n_names = f->n;
  f->view.fd      = f->fd;
  f->view.depth   = depth;
}

MgdStatus
mgd_mmds_walk_with(MgdMmds* const m, const MgdMmdsWalker* const w)
{
  Frame     stack[WALK_MAX_DEPTH];
  size_t    depth = 0;
  MgdBuf    abs   = { 0 };
  MgdBuf    rel   = { 0 };
  MgdStatus st    = mgd_buf_appendc(&abs, m->root);
  st              = st ? st : mgd_buf_appendc(&rel, "");
  st = st ? st : frame_open(m, AT_FDCWD, m->root, m->root, &stack[0]);
  if (!st) {
    stack[0].abs_len = abs.len;
    depth            = 1;
    frame_view(&stack[0], &abs, &rel, 0);
    st = w->on_enter ? w->on_enter(m, &stack[0].view, w->handle) : st;
  }
  while (!st && depth) {
    Frame* const f = &stack[depth - 1];
    if (f->next == f->n) {
      // The callbacks see the directory's own paths while it is left.
      abs.len = f->abs_len;
      rel.len = f->rel_len;
      frame_view(f, &abs, &rel, (unsigned)(depth - 1));
      st = w->on_leave ? w->on_leave(m, &f->view, w->handle) : st;
      frame_clear(f);
      --depth;
      continue;
    }
    const char* const name = f->names[f->next++];
    if (w->skip && w->skip(name, w->handle)) {
      continue;
    }
    // Rebuild both paths for this entry from the frame's prefix length.
    rel.len = f->rel_len;
    abs.len = f->abs_len;
    if (f->rel_len) {
      st = mgd_buf_putc(&rel, '/');
    }
    st = st ? st : mgd_buf_appendc(&rel, name);
    st = st ? st : mgd_buf_putc(&abs, '/');
    st = st ? st : mgd_buf_appendc(&abs, name);
    if (st) {
      break;
    }
    struct stat sb;
    if (fstatat(f->fd, name, &sb, AT_SYMLINK_NOFOLLOW)) {
      st = mgd_mmds_warn(m, 0, 0, NULL,
                         "%s: vanished or unreadable during the walk: %s",
                         abs.data, strerror(errno));
      continue;
    }
    if (S_ISLNK(sb.st_mode)) {
      struct stat tb;
      if (fstatat(f->fd, name, &tb, 0)) {
        st = mgd_mmds_warn(m, 0, 0, NULL,
                           "%s: broken symbolic link (or a link loop): %s",
                           abs.data, strerror(errno));
        continue;
      }
      if (S_ISDIR(tb.st_mode)) {
        st = mgd_mmds_warn(m, 0, 0, NULL,
                           "%s: symbolic link to a directory not followed "
                           "(avoids loops and data outside the source)",
                           abs.data);
        continue;
      }
      sb = tb;
    }
    const MgdStr relv = mgd_buf_str(&rel);
    if (S_ISDIR(sb.st_mode)) {
      const bool is_zarr = has_suffix(name, ".zarr");
      if (is_zarr) {
        ++m->n_files;
        st = w->on_file(m, abs.data, relv, &sb, true, w->handle);
        continue;
      }
      if (depth == WALK_MAX_DEPTH) {
        st = mgd_mmds_warn(m, 0, 0, NULL,
                           "%s: directories nested deeper than %u: skipped",
                           abs.data, WALK_MAX_DEPTH);
        continue;
      }
      Frame* const c = &stack[depth];
      st             = frame_open(m, f->fd, name, abs.data, c);
      if (!st && c->fd < 0) {
        frame_clear(c); // unreadable: warned
        continue;
      }
      if (!st) {
        c->rel_len = rel.len;
        c->abs_len = abs.len;
        ++depth;
        frame_view(c, &abs, &rel, (unsigned)(depth - 1));
        st = w->on_enter ? w->on_enter(m, &c->view, w->handle) : st;
      } else {
        frame_clear(c);
      }
      continue;
    }
    if (!S_ISREG(sb.st_mode)) {
      continue; // sockets, fifos, devices
    }
    ++m->n_files;
    st = w->on_file(m, abs.data, relv, &sb, false, w->handle);
  }
  while (depth) {
    frame_clear(&stack[--depth]);
  }
  mgd_buf_clear(&abs);
  mgd_buf_clear(&rel);
  return st;
}

// --------------------------------------------------------------------------
// Dispatch

MgdStatus
mgd_ingest_mmds(MgdIngester* const ing, const MgdIngestKind kind,
                MgdIngestInput* const in, MgdEmit* const e)
{
  const char* const path = mgd_ingest_input_path(in);
  MgdBuf            root = { 0 };
  MgdBuf            text = { 0 };
  MgdMmds           m;
  MgdStatus         st = MGD_SUCCESS;
  if (path) {
    // The real path: IRIs and relative references then agree however the
    // source was named (../x, symlinked folders).
    char* const       real  = realpath(path, NULL);
    const char* const p     = real ? real : path;
    const char* const slash = strrchr(p, '/');
    st = slash ? mgd_buf_append(&root, p, (size_t)(slash - p))
               : mgd_buf_appendc(&root, ".");
    if (!st && !root.len) {
      st = mgd_buf_appendc(&root, "/");
    }
    free(real);
  } else {
    st = mgd_buf_appendc(&root, ".");
  }
  // Quads of one source are few per file; the walk avoids repeats itself, so
  // the seen-set (which grows with the tree) stays off.
  e->dedup = false;
  st       = st ? st : mgd_mmds_init(&m, ing, e, root.data);
  if (st) {
    mgd_buf_clear(&root);
    return st;
  }
  switch (kind) {
    case MGD_INGEST_REMBI_PAGETAB:
      e->dedup = true;
      st       = mgd_ingest_input_slurp(in, MGD_MMDS_MAX_DOC, &text);
      st =
        st ? st : mgd_rembi_pagetab(&m, text.data ? text.data : "", text.len);
      break;
    case MGD_INGEST_REMBI_XLSX:
      e->dedup = true;
      st       = mgd_ingest_input_slurp(in, MGD_MMDS_MAX_DOC, &text);
      st = st ? st : mgd_rembi_xlsx(&m, text.data ? text.data : "", text.len);
      break;
    case MGD_INGEST_ROCRATE:
      e->dedup = true;
      st       = path ? mgd_rocrate_read(&m, path, root.data)
                      : mgd_ingest_emit_error(e, MGD_BAD_UNSUPPORTED, 0, 0, NULL,
                                              "an RO-Crate is read from its file");
      break;
    case MGD_INGEST_BIDS:
      st = mgd_bids_read(&m);
      break;
    case MGD_INGEST_ARC:
      e->dedup = true; // tables repeat their materials row after row
      st       = mgd_arc_read(&m);
      break;
    default:
      st = MGD_BAD_UNSUPPORTED;
      break;
  }
  if (st == MGD_BAD_LIMIT && kind != MGD_INGEST_BIDS &&
      kind != MGD_INGEST_ARC && !text.len) {
    mgd_ingest_emit_error(e, st, 0, 0, NULL, "source larger than %u bytes",
                          MGD_MMDS_MAX_DOC);
  }
  mgd_mmds_clear(&m);
  mgd_buf_clear(&text);
  mgd_buf_clear(&root);
  return st;
}
