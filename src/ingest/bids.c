// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// BIDS datasets (BIDS 1.9 core + microscopy, BEP031). The tables
// (participants, samples, sessions) become subject, sample and session
// nodes; the walk makes a node per data file, reads the entities of its name
// (sub-, ses-, sample-, stain-, chunk-, acq-, run-) and its suffix, and
// applies its JSON sidecar. A file's name must agree with its folders
// (sub-01/ses-01/...); when it does not, the folders win and the mismatch is
// reported. Sidecars follow the inheritance principle: a JSON file in the
// data file's folder or any folder above it applies when it has the file's
// suffix and a subset of its entities (stain-LFB_SPIM.json at the top,
// sub-01/sub-01_sample-B_SPIM.json, ...); upper folders first, fewer
// entities first within a folder, the file's own sidecar (same name up to
// the first '.') last, each overriding key by key. Sidecars are found in the
// walk's listings, never by probing paths; an upper-level one is parsed once
// for its whole subtree. A sidecar that applies to no data file (its data
// file is missing, or no file has its entities) is warned about with its
// path when its folder is left.
//
// An mmDS study may add non-BIDS modalities beside the BIDS folders:
// `assays/<name>/isa.assay.xlsx` (ISA tables whose sample names join the
// BIDS samples) and any file whose name carries a sample- entity, so one
// sample node links its images and its sequencing or proteomics files.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// --------------------------------------------------------------------------
// Sample index (shared with arc.c through mgd_mmds_sample)

/// Most sample names remembered from file names (names from tables are
/// always kept): past it a sample met again in a file name is declared again
/// (the same quads; the graph is a set), so memory does not grow with a tree
/// that has a new sample in every file.
#define SAMPLES_FROM_FILES_MAX 65536U

typedef struct {
  MgdHashMap map;    ///< name -> index in iris
  MgdHashMap folded; ///< ASCII-lower-cased name -> index in iris
  MgdArena   arena;  ///< IRI strings and first spellings
  char**     iris;   ///< Owned array
  char**     names;  ///< Spelling each IRI was first met with; owned array
  size_t     n, cap;
  size_t     n_from_files; ///< Entries added for names met in files
  MgdBuf     key;          ///< Scratch: a folded name
} SampleIndex;

void
mgd_mmds_samples_free(MgdMmds* const m)
{
  SampleIndex* const ix = m->samples;
  if (ix) {
    mgd_hashmap_clear(&ix->map);
    mgd_hashmap_clear(&ix->folded);
    mgd_arena_clear(&ix->arena);
    mgd_buf_clear(&ix->key);
    mgd_free(ix->iris);
    mgd_free(ix->names);
    mgd_free(ix);
    m->samples = NULL;
  }
}

static MgdStatus
fold(const MgdStr name, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_reserve(out, name.len);
  for (size_t i = 0; !st && i < name.len; ++i) {
    out->data[out->len++] = (char)tolower((unsigned char)name.ptr[i]);
  }
  if (!st) {
    out->data[out->len] = '\0';
  }
  return st;
}

static SampleIndex*
samples_index(MgdMmds* const m)
{
  SampleIndex* ix = m->samples;
  if (!ix) {
    ix = mgd_calloc(1, sizeof(SampleIndex));
    if (ix) {
      mgd_hashmap_init(&ix->map);
      mgd_hashmap_init(&ix->folded);
      mgd_arena_init(&ix->arena, 0);
      m->samples = ix;
    }
  }
  return ix;
}

/// Remember `name` -> `iri`. The first definition of a name wins; an alias
/// (`iri` already known under another name) is added to `map` only.
static MgdStatus
samples_put(MgdMmds* const m, const MgdStr name, const MgdStr iri,
            const bool from_file)
{
  SampleIndex* const ix = samples_index(m);
  if (!ix) {
    return MGD_BAD_ALLOC;
  }
  uint64_t v = 0;
  if (!mgd_hashmap_get(&ix->map, name.ptr, name.len, &v)) {
    return MGD_SUCCESS;
  }
  if (from_file && ix->n_from_files >= SAMPLES_FROM_FILES_MAX) {
    return MGD_SUCCESS;
  }
  if (ix->n == ix->cap) {
    const size_t cap = ix->cap ? 2 * ix->cap : 64;
    char** const n   = mgd_realloc(ix->iris, cap * sizeof(char*));
    if (!n) {
      return MGD_BAD_ALLOC;
    }
    ix->iris        = n;
    char** const nm = mgd_realloc(ix->names, cap * sizeof(char*));
    if (!nm) {
      return MGD_BAD_ALLOC;
    }
    ix->names = nm;
    ix->cap   = cap;
  }
  char* const s = mgd_arena_strndup(&ix->arena, iri.ptr, iri.len);
  char* const k = mgd_arena_strndup(&ix->arena, name.ptr, name.len);
  if (!s || !k) {
    return MGD_BAD_ALLOC;
  }
  ix->iris[ix->n]  = s;
  ix->names[ix->n] = k;
  MgdStatus st =
    mgd_hashmap_put(&ix->map, name.ptr, name.len, ix->n, NULL, NULL);
  st = st ? st : fold(name, &ix->key);
  st = st ? st
          : mgd_hashmap_put(&ix->folded, ix->key.data, ix->key.len, ix->n, NULL,
                            NULL);
  if (!st) {
    ix->n_from_files += from_file;
    ++ix->n;
  }
  return st;
}

/// Find `name`, first as spelt, then ignoring ASCII case (warned once per
/// spelling, which is then remembered as an alias). MGD_FAILURE if unknown.
static MgdStatus
samples_find(MgdMmds* const m, const MgdStr name, MgdBuf* const out)
{
  SampleIndex* const ix = m->samples;
  uint64_t           v  = 0;
  if (!ix) {
    return MGD_FAILURE;
  }
  if (!mgd_hashmap_get(&ix->map, name.ptr, name.len, &v)) {
    mgd_buf_reset(out);
    return mgd_buf_appendc(out, ix->iris[v]);
  }
  MgdStatus st = fold(name, &ix->key);
  if (st) {
    return st;
  }
  if (mgd_hashmap_get(&ix->folded, ix->key.data, ix->key.len, &v)) {
    return MGD_FAILURE;
  }
  st = mgd_mmds_warn(m, m->where ? m->where_line : 0,
                     m->where ? m->where_col : 0, m->where,
                     "sample '%.*s' differs from sample '%s' only in letter "
                     "case: taken to be the same sample",
                     (int)name.len, name.ptr, ix->names[v]);
  mgd_buf_reset(out);
  st = st ? st : mgd_buf_appendc(out, ix->iris[v]);
  // Known under this spelling from now on (no repeated warning).
  st = st ? st : mgd_hashmap_put(&ix->map, name.ptr, name.len, v, NULL, NULL);
  return st;
}

MgdStatus
mgd_mmds_sample(MgdMmds* const m, const MgdStr name, MgdBuf* const out)
{
  MgdStatus st = samples_find(m, name, out);
  if (st != MGD_FAILURE) {
    return st;
  }
  st = mgd_mmds_mint(m, "sample", name, out);
  st = st ? st : mgd_mmds_type(m, mgd_buf_str(out), "rembi:Sample");
  st = st ? st : mgd_mmds_lit(m, mgd_buf_str(out), "schema:name", name);
  return st ? st : samples_put(m, name, mgd_buf_str(out), m->sample_from_file);
}

MgdStatus
mgd_mmds_skip(MgdMmds* const m, const MgdStatus st, const char* const path)
{
  if (!m->ing->opts.keep_going || st == MGD_BAD_ALLOC) {
    return st;
  }
  ++m->n_errors;
  mgd_diag(m->e->diag, st, MGD_LEVEL_ERROR, path, 0, 0, NULL,
           "skipped (%s); the rest of the source is ingested (keep-going)",
           mgd_strerror(st));
  return MGD_SUCCESS;
}

// --------------------------------------------------------------------------
// Rules

static const MgdMapRow*
rule(MgdMmds* const m, const char* const ctx, const MgdStr key,
     MgdBuf* const tmp)
{
  mgd_buf_reset(tmp);
  for (size_t i = 0; i < key.len; ++i) {
    if (mgd_buf_putc(tmp, (char)tolower((unsigned char)key.ptr[i]))) {
      return NULL;
    }
  }
  if (mgd_buf_putc(tmp, '\0')) {
    return NULL;
  }
  return mgd_ingest_table_get(&m->t.sidecar, mgd_str(ctx),
                              mgd_str_n(tmp->data, tmp->len - 1));
}

static void
cpy(char* const out, const size_t n, const MgdStr s)
{
  snprintf(out, n, "%.*s", (int)s.len, s.ptr ? s.ptr : "");
}

/// Edit distance (bounded) for "did you mean" on misspelt keys.
static size_t
distance(const char* a, const char* b)
{
  const size_t na = strlen(a), nb = strlen(b);
  if (na > 40 || nb > 40) {
    return 99;
  }
  size_t d[41][41];
  for (size_t i = 0; i <= na; ++i) {
    d[i][0] = i;
  }
  for (size_t j = 0; j <= nb; ++j) {
    d[0][j] = j;
  }
  for (size_t i = 1; i <= na; ++i) {
    for (size_t j = 1; j <= nb; ++j) {
      const size_t c =
        tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
      size_t v = d[i - 1][j] + 1;
      v        = d[i][j - 1] + 1 < v ? d[i][j - 1] + 1 : v;
      v        = d[i - 1][j - 1] + c < v ? d[i - 1][j - 1] + c : v;
      d[i][j]  = v;
    }
  }
  return d[na][nb];
}

static const char*
suggest(MgdMmds* const m, const char* const ctx, const char* const key)
{
  const MgdMapTable* const t    = &m->t.sidecar;
  const char*              best = NULL;
  size_t                   bd   = 3;
  for (size_t i = 0; i < t->n_rows; ++i) {
    if (!mgd_str_eqc(t->rows[i].f[0], ctx)) {
      continue;
    }
    const size_t d = distance(key, t->rows[i].f[1].ptr);
    if (d && d < bd) {
      bd   = d;
      best = t->rows[i].f[1].ptr;
    }
  }
  return best;
}

typedef struct {
  MgdStr      file;    ///< File node IRI
  MgdStr      pixels;  ///< Pixels node IRI
  const char* subdir;  ///< Subject folder (relative), for IntendedFor
  double      size[3]; ///< PixelSize read (0: none)
  size_t      n_size;
  size_t      n_props;
} SidecarCtx;

static MgdStatus
prop_value(MgdMmds* const m, SidecarCtx* const sc, const char* const name,
           json_t* const v, const char* const jpath)
{
  MgdBuf    pv = { 0 };
  MgdStatus st = mgd_buf_append(&pv, sc->file.ptr, sc->file.len);
  st           = st ? st : mgd_buf_printf(&pv, "#property-%zu", ++sc->n_props);
  const MgdStr n = mgd_buf_str(&pv);
  st = st ? st : mgd_mmds_iri(m, sc->file, "schema:additionalProperty", n);
  st = st ? st : mgd_mmds_type(m, n, "schema:PropertyValue");
  st = st ? st : mgd_mmds_lit(m, n, "schema:name", mgd_str(name));
  if (!st && json_is_string(v)) {
    const MgdStr s =
      mgd_mmds_trim(mgd_str_n(json_string_value(v), json_string_length(v)));
    if (mgd_str_eqc(s, "n/a")) {
      st = mgd_mmds_lit(m, n, "schema:value", s); // BIDS: not applicable
    } else if (!mgd_mmds_quantity_text(m, n, s)) {
      st = mgd_mmds_warn(m, 0, 0, jpath,
                         "unit inside a string value '%.*s': read as number "
                         "and unit (BIDS wants a number and a *Units key)",
                         (int)s.len, s.ptr);
    } else {
      st = mgd_mmds_lit(m, n, "schema:value", s);
    }
  } else if (!st) {
    st = mgd_mmds_json(m, n, "schema:value", v);
  }
  mgd_buf_clear(&pv);
  return st;
}

static MgdStatus
sidecar_object(MgdMmds* const m, SidecarCtx* const sc, json_t* const obj,
               const char* const prefix, char* const jpath, const size_t jlen,
               const unsigned depth)
{
  const char* key = NULL;
  json_t*     v   = NULL;
  MgdStatus   st  = MGD_SUCCESS;
  MgdBuf      tmp = { 0 }, iri = { 0 };
  json_object_foreach(obj, key, v)
  {
    if (st) {
      break;
    }
    const size_t kl = strlen(key);
    if (jlen + kl + 5 < 512) {
      memcpy(jpath + jlen, "['", 2);
      memcpy(jpath + jlen + 2, key, kl);
      memcpy(jpath + jlen + 2 + kl, "']", 3);
    }
    MgdStr k = mgd_str(key);
    MgdStr t = mgd_mmds_trim(k);
    if (t.len != k.len) {
      st = mgd_mmds_warn(m, 0, 0, jpath,
                         "key '%s' has leading or trailing spaces: read as "
                         "'%.*s'",
                         key, (int)t.len, t.ptr);
    }
    char name[256];
    snprintf(name, sizeof(name), "%s%.*s", prefix, (int)t.len, t.ptr);
    const MgdMapRow* const r = *prefix ? NULL : rule(m, "sidecar", t, &tmp);
    if (json_is_object(v)) {
      if (depth < 4 && !st) {
        char         np[258];
        const size_t nl = strlen(name);
        memcpy(np, name, nl);
        memcpy(np + nl, ".", 2);
        st = sidecar_object(m, sc, v, np, jpath, strlen(jpath), depth + 1);
      }
      continue;
    }
    if (!r) {
      const char* const sug = *prefix ? NULL : suggest(m, "sidecar", name);
      if (sug && !st) {
        st = mgd_mmds_warn(m, 0, 0, jpath,
                           "unknown key '%s' (misspelt '%s'?): kept as "
                           "schema:additionalProperty",
                           name, sug);
      }
      st = st ? st : prop_value(m, sc, name, v, jpath);
      continue;
    }
    const MgdStr kind = r->f[2];
    char         p1[128];
    cpy(p1, sizeof(p1), r->f[3]);
    if (mgd_str_eqc(kind, "ignore")) {
      continue;
    }
    if (mgd_str_eqc(kind, "lit") || mgd_str_eqc(kind, "list")) {
      st = mgd_mmds_json(m, sc->file, p1, v);
    } else if (mgd_str_eqc(kind, "num")) {
      if (json_is_number(v)) {
        st = mgd_mmds_json(m, sc->file, p1, v);
      } else if (json_is_string(v)) {
        const MgdStr s = mgd_mmds_trim(mgd_str(json_string_value(v)));
        if (mgd_ingest_lex_is_double(s)) {
          st = mgd_mmds_typed(m, sc->file, p1, s, MGD_XSD_DOUBLE);
        } else if (!mgd_str_eqc(s, "n/a")) {
          st = mgd_mmds_warn(m, 0, 0, jpath,
                             "'%s' should be a number: kept as text",
                             json_string_value(v));
          st = st ? st : mgd_mmds_lit(m, sc->file, p1, s);
        }
      }
    } else if (mgd_str_eqc(kind, "json")) {
      char* const txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
      st              = txt
                          ? mgd_mmds_typed(m, sc->file, p1, mgd_str(txt), MGD_NS_RDF "JSON")
                          : MGD_BAD_ALLOC;
      free(txt);
    } else if (mgd_str_eqc(kind, "pixelsize")) {
      static const char* const axis[3] = { "x", "y", "z" };
      size_t                   i       = 0;
      json_t*                  x       = NULL;
      if (!json_is_array(v)) {
        st = mgd_mmds_warn(m, 0, 0, jpath,
                           "PixelSize must be an array of numbers");
      }
      json_array_foreach(v, i, x)
      {
        if (st || i >= 3) {
          break;
        }
        if (!json_is_number(x)) {
          st = mgd_mmds_warn(m, 0, 0, jpath,
                             "PixelSize item %zu is not a number", i);
          continue;
        }
        char pred[64];
        snprintf(pred, sizeof(pred), "ome:physical_size_%s", axis[i]);
        st          = mgd_mmds_json(m, sc->pixels, pred, x);
        sc->size[i] = json_number_value(x);
        sc->n_size  = i + 1;
      }
    } else if (mgd_str_eqc(kind, "pixelunits")) {
      const MgdStr u =
        mgd_str(json_string_value(v) ? json_string_value(v) : "");
      if (mgd_mmds_unit(m, u, &iri)) {
        st = mgd_mmds_warn(m, 0, 0, jpath, "unknown PixelSizeUnits '%.*s'",
                           (int)u.len, u.ptr);
      } else {
        for (size_t i = 0; !st && i < 3; ++i) {
          char pred[64];
          snprintf(pred, sizeof(pred), "ome:physical_size_%c_unit",
                   (char)('x' + i));
          st = mgd_mmds_iri(m, sc->pixels, pred, mgd_buf_str(&iri));
        }
      }
    } else if (mgd_str_eqc(kind, "license")) {
      const MgdStr u =
        mgd_str(json_string_value(v) ? json_string_value(v) : "");
      st = !mgd_mmds_license(m, u, &iri)
             ? mgd_mmds_iri(m, sc->file, p1, mgd_buf_str(&iri))
             : mgd_mmds_lit(m, sc->file, p1, u);
    } else if (mgd_str_eqc(kind, "intendedfor")) {
      json_t* items = json_is_array(v) ? v : NULL;
      size_t  n     = items ? json_array_size(v) : 1;
      for (size_t i = 0; !st && i < n; ++i) {
        json_t* const x = items ? json_array_get(v, i) : v;
        MgdStr s   = mgd_str(json_string_value(x) ? json_string_value(x) : "");
        MgdBuf rel = { 0 };
        if (mgd_str_has_prefix(s, "bids::")) {
          st = mgd_buf_append(&rel, s.ptr + 6, s.len - 6);
        } else {
          st = mgd_buf_printf(&rel, "%s/%.*s", sc->subdir, (int)s.len, s.ptr);
        }
        st = st ? st : mgd_mmds_mint_path(m, mgd_buf_str(&rel), &iri);
        st = st ? st : mgd_mmds_iri(m, sc->file, p1, mgd_buf_str(&iri));
        mgd_buf_clear(&rel);
      }
    } else {
      st = prop_value(m, sc, name, v, jpath);
    }
  }
  jpath[jlen] = '\0';
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&iri);
  return st;
}

// --------------------------------------------------------------------------
// Tables

/// Emit the columns of row `r` of a BIDS table on `node`, using the
/// `.json` data dictionary for units and the rules of context `ctx`.
static MgdStatus
table_row(MgdMmds* const m, const MgdTsv* const t, const size_t r,
          const char* const ctx, const MgdStr node, json_t* const dict,
          const char* const path)
{
  MgdStatus st  = MGD_SUCCESS;
  MgdBuf    tmp = { 0 }, iri = { 0 }, pv = { 0 };
  for (size_t c = 0; !st && c < t->row_n[0]; ++c) {
    const MgdStr h0 = mgd_tsv_get(t, 0, c);
    const MgdStr h  = mgd_mmds_trim(h0);
    const MgdStr v  = mgd_mmds_trim(mgd_tsv_get(t, r, c));
    if (!v.len || mgd_str_eqc(v, "n/a")) {
      continue;
    }
    const MgdMapRow* const rl = rule(m, ctx, h, &tmp);
    char                   p1[128];
    if (rl) {
      cpy(p1, sizeof(p1), rl->f[3]);
      if (mgd_str_eqc(rl->f[2], "id") || mgd_str_eqc(rl->f[2], "ignore")) {
        continue;
      }
      if (mgd_str_eqc(rl->f[2], "taxon")) {
        if (!mgd_mmds_taxon(m, v, &iri)) {
          st = mgd_mmds_iri(m, node, p1, mgd_buf_str(&iri));
        } else {
          st = mgd_mmds_warn(m, t->row_line[r], (unsigned)c + 1, NULL,
                             "species '%.*s' has no NCBITaxon id", (int)v.len,
                             v.ptr);
        }
        st = st ? st : mgd_mmds_lit(m, node, "rembi:organismName", v);
        continue;
      }
      st = mgd_mmds_auto(m, node, p1, v);
      continue;
    }
    // Other columns: PropertyValue with the dictionary's unit.
    char name[256];
    cpy(name, sizeof(name), h);
    mgd_buf_reset(&pv);
    st             = mgd_buf_append(&pv, node.ptr, node.len);
    st             = st ? st : mgd_buf_printf(&pv, "#%s", name);
    const MgdStr n = mgd_buf_str(&pv);
    if (!st && mgd_str_eqc(mgd_buf_str(&pv), n.ptr) && 0) {
      break;
    }
    // Spaces would make the IRI invalid; percent-encode via mint when needed.
    if (!st &&
        (memchr(name, ' ', strlen(name)) || memchr(name, '#', strlen(name)))) {
      mgd_buf_reset(&pv);
      st = mgd_buf_append(&pv, node.ptr, node.len);
      st = st ? st : mgd_buf_putc(&pv, '-');
      st = st ? st : mgd_ingest_pct(h, &pv);
    }
    const MgdStr pn = mgd_buf_str(&pv);
    st = st ? st : mgd_mmds_iri(m, node, "schema:additionalProperty", pn);
    st = st ? st : mgd_mmds_type(m, pn, "schema:PropertyValue");
    st = st ? st : mgd_mmds_lit(m, pn, "schema:name", h);
    st = st ? st : mgd_mmds_auto(m, pn, "schema:value", v);
    json_t* const d = json_object_get(dict, name);
    if (!st && json_is_string(json_object_get(d, "Units"))) {
      const MgdStr u = mgd_str(json_string_value(json_object_get(d, "Units")));
      st             = mgd_mmds_lit(m, pn, "schema:unitText", u);
      if (!st && !mgd_mmds_unit(m, u, &iri)) {
        st = mgd_mmds_iri(m, pn, "schema:unitCode", mgd_buf_str(&iri));
      }
    }
    if (!st && json_is_string(json_object_get(d, "Description"))) {
      st = mgd_mmds_lit(
        m, pn, "schema:description",
        mgd_str(json_string_value(json_object_get(d, "Description"))));
    }
    (void)path;
  }
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&iri);
  mgd_buf_clear(&pv);
  return st;
}

/// Read `dir/name.tsv` (+ `.json`): MGD_FAILURE if absent; errors after a
/// diagnostic (keep-going turns them into MGD_FAILURE).
static MgdStatus
load_table(MgdMmds* const m, const char* const dir, const char* const name,
           MgdBuf* const text, MgdTsv* const t, json_t** const dict,
           char* const path, const size_t n_path)
{
  *dict = NULL;
  memset(t, 0, sizeof(*t));
  snprintf(path, n_path, "%s/%s.tsv", dir, name);
  struct stat sb;
  if (stat(path, &sb)) {
    return MGD_FAILURE;
  }
  MgdStatus st  = mgd_mmds_slurp(m, path, text);
  unsigned  bad = 0;
  if (!st) {
    st = mgd_tsv_parse(text->data, text->len, t, &bad);
    if (st == MGD_BAD_SYNTAX) {
      mgd_diag(m->e->diag, st, MGD_LEVEL_ERROR, path, bad, 0, NULL,
               "malformed TSV (NUL byte or invalid UTF-8)");
    }
  }
  if (!st && !t->n_rows) {
    st = mgd_diag(m->e->diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, path, 1, 1, NULL,
                  "empty TSV: no header row");
  }
  if (st) {
    mgd_tsv_clear(t);
    st = mgd_mmds_skip(m, st, path);
    return st ? st : MGD_FAILURE;
  }
  const char* const saved = m->file;
  m->file                 = path;
  for (size_t c = 0; !st && c < t->row_n[0]; ++c) {
    const MgdStr h = mgd_tsv_get(t, 0, c);
    if (mgd_mmds_trim(h).len != h.len) {
      st = mgd_mmds_warn(m, t->row_line[0], (unsigned)c + 1, NULL,
                         "column name '%.*s' has leading or trailing spaces",
                         (int)h.len, h.ptr);
    }
  }
  for (size_t r = 1; !st && r < t->n_rows; ++r) {
    if (t->row_n[r] != t->row_n[0]) {
      st = mgd_mmds_warn(m, t->row_line[r], 1, NULL,
                         "row has %zu fields, the header %zu", t->row_n[r],
                         t->row_n[0]);
    }
  }
  m->file = saved;
  char jpath[4096];
  snprintf(jpath, sizeof(jpath), "%s/%s.json", dir, name);
  MgdBuf jt = { 0 };
  if (!st && !stat(jpath, &sb) && !mgd_mmds_slurp(m, jpath, &jt)) {
    *dict = mgd_mmds_json_load(m, jpath, jt.data, jt.len);
    if (!*dict) {
      st = mgd_mmds_skip(m, MGD_BAD_SYNTAX, jpath);
    }
  }
  mgd_buf_clear(&jt);
  if (st) {
    mgd_tsv_clear(t);
  }
  return st;
}

static size_t
col_of(const MgdTsv* const t, const char* const name)
{
  for (size_t c = 0; c < t->row_n[0]; ++c) {
    if (mgd_str_eqc(mgd_mmds_trim(mgd_tsv_get(t, 0, c)), name)) {
      return c;
    }
  }
  return SIZE_MAX;
}

// --------------------------------------------------------------------------
// Files

/// Most entities read from one file name (more are ignored).
#define BIDS_MAX_ENTITIES 16U
/// Bytes of upper-level sidecar text kept parsed for the rest of their
/// subtree; past it they are re-read for each file (bounds memory when a
/// folder holds thousands of inheritable sidecars).
#define BIDS_SIDECAR_CACHE_BYTES (16U * 1024U * 1024U)

/// Entities of a BIDS file name.
typedef struct {
  MgdStr sub, ses, sample, stain, chunk, acq, run, suffix;
  MgdStr key[BIDS_MAX_ENTITIES]; ///< Every key-value entity, in name order
  MgdStr val[BIDS_MAX_ENTITIES]; ///< Its value
  size_t n;                      ///< Entities in key/val
} Entities;

/// An inheritable sidecar of one directory: a JSON file that is not the
/// sidecar of a file beside it (BIDS inheritance principle).
typedef struct {
  const char* name;   ///< File name; borrowed from the walk's listing
  Entities    ent;    ///< Its entities and suffix (views into `name`)
  json_t*     doc;    ///< Parsed object once read and cached; owned
  size_t      n_text; ///< Bytes of its text (cache accounting)
  bool        used;   ///< Applied to at least one data file
  bool        failed; ///< Unreadable or not an object: reported once
} Sidecar;

/// One open directory of the walk.
typedef struct {
  Sidecar*   side;    ///< Inheritable sidecars, fewest entities first; owned
  size_t     n_side;  ///< Sidecars
  char*      abs;     ///< Absolute path (diagnostics); owned
  bool       is_bids; ///< The root or under a sub- folder (orphans warned)
  MgdMmdsDir dir;     ///< Listing and descriptor; borrowed from the walk
} Level;

typedef struct {
  MgdStr study;
  Level  levels[64]; ///< One per open directory (the walk's depth bound)
  size_t n_levels;   ///< Open directories
  size_t n_cached;   ///< Bytes of sidecar text cached in `levels`
} BidsWalk;

static void
parse_name(const char* const base, Entities* const e)
{
  memset(e, 0, sizeof(*e));
  const char* const dot = strchr(base, '.');
  const size_t      n   = dot ? (size_t)(dot - base) : strlen(base);
  for (size_t i = 0; i < n;) {
    const char*  us   = memchr(base + i, '_', n - i);
    const size_t end  = us ? (size_t)(us - base) : n;
    const MgdStr part = mgd_str_n(base + i, end - i);
    const char*  dash = memchr(part.ptr, '-', part.len);
    if (!dash) {
      e->suffix = part; // the last part without '-' is the suffix
    } else {
      const MgdStr k = mgd_str_n(part.ptr, (size_t)(dash - part.ptr));
      const MgdStr v = mgd_str_n(dash + 1, part.len - k.len - 1);
      if (e->n < BIDS_MAX_ENTITIES) {
        e->key[e->n] = k;
        e->val[e->n] = v;
        ++e->n;
      }
      if (mgd_str_eqc(k, "sub")) {
        e->sub = part;
      } else if (mgd_str_eqc(k, "ses")) {
        e->ses = part;
      } else if (mgd_str_eqc(k, "sample")) {
        e->sample = part;
      } else if (mgd_str_eqc(k, "stain")) {
        e->stain = v;
      } else if (mgd_str_eqc(k, "chunk")) {
        e->chunk = v;
      } else if (mgd_str_eqc(k, "acq")) {
        e->acq = v;
      } else if (mgd_str_eqc(k, "run")) {
        e->run = v;
      }
    }
    i = end + 1;
  }
}

/// BIDS inheritance: a sidecar applies to a data file when it has the same
/// suffix and each of its entities is one of the file's, with the same value.
static bool
sidecar_applies(const Entities* const side, const Entities* const file)
{
  if (!mgd_str_eq(side->suffix, file->suffix)) {
    return false;
  }
  for (size_t i = 0; i < side->n; ++i) {
    bool found = false;
    for (size_t j = 0; !found && j < file->n; ++j) {
      found = mgd_str_eq(side->key[i], file->key[j]) &&
              mgd_str_eq(side->val[i], file->val[j]);
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

static bool
ends_with(const char* const s, const size_t n, const char* const suffix)
{
  const size_t k = strlen(suffix);
  return n >= k && !memcmp(s + n - k, suffix, k);
}

/// JSON files that describe something other than data files: the dataset,
/// and data dictionaries of tables (also found as siblings of their .tsv).
static bool
is_dictionary(const char* const name)
{
  const size_t n = strlen(name);
  return !strcmp(name, "dataset_description.json") ||
         !strcmp(name, "genetic_info.json") ||
         !strcmp(name, "participants.json") || !strcmp(name, "samples.json") ||
         ends_with(name, n, "_sessions.json") ||
         ends_with(name, n, "_scans.json");
}

/// True if the listing holds a non-JSON entry named `stem` or `stem.*`: then
/// `stem.json` is that entry's own sidecar, read with it.
static bool
has_sibling(const MgdMmdsDir* const d, const char* const json)
{
  const size_t stem = strlen(json) - 5; // without ".json"
  char         key[512];
  if (stem + 2 > sizeof(key)) {
    return false;
  }
  memcpy(key, json, stem);
  key[stem] = '\0';
  if (mgd_mmds_dir_has(d, key)) {
    return true;
  }
  key[stem]     = '.';
  key[stem + 1] = '\0';
  for (size_t i = mgd_mmds_dir_lower(d, mgd_str_n(key, stem + 1));
       i < d->n_names && !strncmp(d->names[i], key, stem + 1); ++i) {
    if (strcmp(d->names[i], json)) {
      return true;
    }
  }
  return false;
}

static bool
bids_skip(const char* const name, void* const handle)
{
  (void)handle;
  // Sidecars and dictionaries are read from the listing (bids_enter) or with
  // their file or table; they get no file node.
  return ends_with(name, strlen(name), ".json");
}

static MgdStatus
bids_enter(MgdMmds* const m, const MgdMmdsDir* const d, void* const handle)
{
  BidsWalk* const w = handle;
  if (w->n_levels == sizeof(w->levels) / sizeof(w->levels[0])) {
    return MGD_BAD_INTERNAL; // the walk's depth bound is smaller
  }
  Level* const l = &w->levels[w->n_levels++];
  memset(l, 0, sizeof(*l));
  l->dir     = *d;
  l->is_bids = !d->depth || mgd_str_has_prefix(d->rel, "sub-");
  l->abs     = mgd_strndup(d->abs.ptr, d->abs.len);
  if (!l->abs) {
    return MGD_BAD_ALLOC;
  }
  (void)m;
  size_t cap = 0;
  for (size_t i = 0; i < d->n_names; ++i) {
    const char* const name = d->names[i];
    const size_t      n    = strlen(name);
    if (!ends_with(name, n, ".json") || n == 5 || is_dictionary(name) ||
        memchr(name, '.', n - 5) || has_sibling(d, name)) {
      continue;
    }
    if (l->n_side == cap) {
      cap              = cap ? 2 * cap : 4;
      Sidecar* const g = mgd_realloc(l->side, cap * sizeof(Sidecar));
      if (!g) {
        return MGD_BAD_ALLOC;
      }
      l->side = g;
    }
    Sidecar* const sc = &l->side[l->n_side++];
    memset(sc, 0, sizeof(*sc));
    sc->name = name;
    parse_name(name, &sc->ent);
    // Fewest entities first: more specific sidecars of a level win.
    for (size_t k = l->n_side - 1; k && l->side[k - 1].ent.n > sc->ent.n; --k) {
      const Sidecar t = l->side[k - 1];
      l->side[k - 1]  = l->side[k];
      l->side[k]      = t;
    }
  }
  return MGD_SUCCESS;
}

static MgdStatus
bids_leave(MgdMmds* const m, const MgdMmdsDir* const d, void* const handle)
{
  BidsWalk* const w = handle;
  (void)d;
  if (!w->n_levels) {
    return MGD_BAD_INTERNAL;
  }
  Level* const l  = &w->levels[--w->n_levels];
  MgdStatus    st = MGD_SUCCESS;
  for (size_t i = 0; i < l->n_side; ++i) {
    Sidecar* const sc = &l->side[i];
    if (!st && l->is_bids && !sc->used && !sc->failed) {
      const char* const saved = m->file;
      char              path[4096];
      snprintf(path, sizeof(path), "%s/%s", l->abs, sc->name);
      m->file = path;
      st      = mgd_mmds_warn(m, 0, 0, NULL,
                              "sidecar without a data file: no file beside it "
                                   "has its name, and no data file in or below its "
                                   "folder has its suffix and entities; ignored");
      m->file = saved;
    }
    if (sc->doc) {
      w->n_cached -= sc->n_text;
      json_decref(sc->doc);
    }
  }
  mgd_free(l->side);
  mgd_free(l->abs);
  memset(l, 0, sizeof(*l));
  return st;
}

/// Free what the open levels hold after a walk that stopped early.
static void
bids_levels_clear(BidsWalk* const w)
{
  while (w->n_levels) {
    Level* const l = &w->levels[--w->n_levels];
    for (size_t i = 0; i < l->n_side; ++i) {
      json_decref(l->side[i].doc);
    }
    mgd_free(l->side);
    mgd_free(l->abs);
  }
}

/// The folder entities of a relative path: sub-XX, ses-YY, the datatype.
static void
parse_dirs(const MgdStr rel, MgdStr* const sub, MgdStr* const ses,
           MgdStr* const datatype)
{
  *sub = *ses = *datatype = mgd_str_n(NULL, 0);
  size_t n_parts          = 0;
  for (size_t i = 0; i < rel.len;) {
    const char* sl = memchr(rel.ptr + i, '/', rel.len - i);
    if (!sl) {
      break; // the file name itself
    }
    const size_t end = (size_t)(sl - rel.ptr);
    const MgdStr p   = mgd_str_n(rel.ptr + i, end - i);
    if (mgd_str_has_prefix(p, "sub-") && n_parts == 0) {
      *sub = p;
    } else if (mgd_str_has_prefix(p, "ses-") && sub->len) {
      *ses = p;
    } else if (sub->len) {
      *datatype = p;
    }
    ++n_parts;
    i = end + 1;
  }
}

static bool
is_metadata(const char* const base, const MgdStr rel, const MgdStr sub)
{
  const size_t n = strlen(base);
  if (n > 5 && !strcmp(base + n - 5, ".json")) {
    return true; // sidecars and dictionaries
  }
  if (!memchr(rel.ptr, '/', rel.len)) {
    return !strcmp(base, "participants.tsv") || !strcmp(base, "samples.tsv") ||
           !strcmp(base, "README") || !strncmp(base, "README.", 7) ||
           !strcmp(base, "CHANGES") || !strcmp(base, "LICENSE") ||
           !strcmp(base, ".bidsignore");
  }
  return sub.len && n > 13 && !strcmp(base + n - 13, "_sessions.tsv");
}

/// sub-XX/sub-XX_sessions.tsv: one session node per row.
static MgdStatus
sessions_table(MgdMmds* const m, const char* const abs, const MgdStr sub)
{
  char dir[4096], name[512];
  snprintf(dir, sizeof(dir), "%s", abs);
  char* const sl = strrchr(dir, '/');
  if (!sl) {
    return MGD_SUCCESS;
  }
  *sl = '\0';
  snprintf(name, sizeof(name), "%s", sl + 1);
  name[strlen(name) - 4] = '\0'; // drop ".tsv"
  MgdBuf    text = { 0 }, node = { 0 }, subj = { 0 }, id = { 0 };
  MgdTsv    t;
  json_t*   dict = NULL;
  char      path[4096];
  MgdStatus st = load_table(m, dir, name, &text, &t, &dict, path, sizeof(path));
  if (st) {
    mgd_buf_clear(&text);
    return st == MGD_FAILURE ? MGD_SUCCESS : st;
  }
  const char* const saved = m->file;
  m->file                 = path;
  const size_t sc         = col_of(&t, "session_id");
  st                      = mgd_mmds_mint(m, "subject", sub, &subj);
  for (size_t r = 1; !st && r < t.n_rows && sc != SIZE_MAX; ++r) {
    const MgdStr ses = mgd_mmds_trim(mgd_tsv_get(&t, r, sc));
    mgd_buf_reset(&id);
    st = mgd_buf_printf(&id, "%.*s_%.*s", (int)sub.len, sub.ptr, (int)ses.len,
                        ses.ptr);
    st = st ? st : mgd_mmds_mint(m, "session", mgd_buf_str(&id), &node);
    const MgdStr n = mgd_buf_str(&node);
    st             = st ? st : mgd_mmds_type(m, n, "rembi:Session");
    st             = st ? st : mgd_mmds_lit(m, n, "schema:name", ses);
    st = st ? st : mgd_mmds_iri(m, n, "rembi:subject", mgd_buf_str(&subj));
    st = st ? st : table_row(m, &t, r, "sessions", n, dict, path);
  }
  if (!st && sc == SIZE_MAX) {
    st = mgd_mmds_warn(m, t.row_line[0], 1, NULL, "no session_id column");
  }
  m->file = saved;
  mgd_tsv_clear(&t);
  json_decref(dict);
  mgd_buf_clear(&text);
  mgd_buf_clear(&node);
  mgd_buf_clear(&subj);
  mgd_buf_clear(&id);
  return st;
}

/// Read a sidecar relative to `dir` into a JSON object. MGD_FAILURE (after
/// a diagnostic) when keep-going skips it; errors otherwise.
static MgdStatus
sidecar_load(MgdMmds* const m, const int dir, const char* const name,
             const char* const path, MgdBuf* const text, json_t** const out)
{
  *out         = NULL;
  MgdStatus st = mgd_mmds_slurp_at(m, dir, name, path, text);
  if (st == MGD_BAD_IO || st == MGD_BAD_LIMIT) {
    st = mgd_mmds_skip(m, st, path); // vanished, unreadable, huge
    return st ? st : MGD_FAILURE;
  }
  json_t* const one =
    st ? NULL : mgd_mmds_json_load(m, path, text->data, text->len);
  if (!st && !one) {
    st = mgd_mmds_skip(m, MGD_BAD_SYNTAX, path);
    return st ? st : MGD_FAILURE;
  }
  if (!st && !json_is_object(one)) {
    const char* const saved = m->file;
    m->file                 = path;
    st      = mgd_mmds_warn(m, 0, 0, "$", "sidecar is not a JSON object");
    m->file = saved;
    json_decref(one);
    return st ? st : MGD_FAILURE;
  }
  *out = one;
  return st;
}

/// Overlay sidecar `doc` key by key on what applies so far: the first one
/// is kept as is (`*single`, owned or borrowed), later ones go into a merged
/// copy. Takes `doc` when `own`.
static MgdStatus
sidecar_overlay(json_t** const single, bool* const owned, json_t** const merged,
                json_t* const doc, const bool own)
{
  if (!*single && !*merged) {
    *single = doc;
    *owned  = own;
    return MGD_SUCCESS;
  }
  MgdStatus st = MGD_SUCCESS;
  if (!*merged) {
    *merged = json_object();
    if (!*merged || json_object_update(*merged, *single)) {
      st = MGD_BAD_ALLOC;
    }
    if (*owned) {
      json_decref(*single);
    }
    *single = NULL;
  }
  if (!st && json_object_update(*merged, doc)) {
    st = MGD_BAD_ALLOC;
  }
  if (own) {
    json_decref(doc);
  }
  return st;
}

/// The sidecar object that applies to the data file `base` (entities `e`)
/// in the innermost open level: `*doc` (owned; NULL when none applies) and
/// the path of the most specific sidecar in `from`.
static MgdStatus
bids_sidecars(MgdMmds* const m, BidsWalk* const w, const char* const base,
              const Entities* const e, json_t** const doc, char* const from,
              const size_t n_from)
{
  *doc             = NULL;
  MgdStatus st     = MGD_SUCCESS;
  MgdBuf    text   = { 0 };
  json_t*   merged = NULL;
  json_t*   single = NULL; // the only one so far (borrowed or owned)
  bool      owned  = false;
  for (size_t i = 0; !st && i < w->n_levels; ++i) {
    Level* const l = &w->levels[i];
    for (size_t k = 0; !st && k < l->n_side; ++k) {
      Sidecar* const sc = &l->side[k];
      if (sc->ent.n > e->n) {
        break; // sorted by entity count: no later one can apply
      }
      if (sc->failed || !sidecar_applies(&sc->ent, e)) {
        continue;
      }
      sc->used = true;
      snprintf(from, n_from, "%s/%s", l->abs, sc->name);
      json_t* one = sc->doc;
      bool    own = false;
      if (!one) {
        st = sidecar_load(m, l->dir.fd, sc->name, from, &text, &one);
        if (st) {
          sc->failed = true;
          st         = st == MGD_FAILURE ? MGD_SUCCESS : st;
          continue;
        }
        if (w->n_cached + text.len <= BIDS_SIDECAR_CACHE_BYTES) {
          sc->doc    = one; // read once for its whole subtree
          sc->n_text = text.len;
          w->n_cached += text.len;
        } else {
          own = true;
        }
      }
      st = sidecar_overlay(&single, &owned, &merged, one, own);
    }
  }
  // The file's own sidecar, found in the listing (no probing).
  const Level* const top  = w->n_levels ? &w->levels[w->n_levels - 1] : NULL;
  const char* const  dot  = strchr(base, '.');
  const size_t       stem = dot ? (size_t)(dot - base) : strlen(base);
  char               name[1024];
  json_t*            own_doc = NULL;
  if (!st && top && stem + 6 <= sizeof(name) &&
      !ends_with(base, strlen(base), ".json")) {
    memcpy(name, base, stem);
    memcpy(name + stem, ".json", 6);
    if (mgd_mmds_dir_has(&top->dir, name)) {
      char path[4096];
      snprintf(path, sizeof(path), "%s/%s", top->abs, name);
      st = sidecar_load(m, top->dir.fd, name, path, &text, &own_doc);
      if (st == MGD_FAILURE) {
        st = MGD_SUCCESS;
      } else if (!st) {
        snprintf(from, n_from, "%s", path);
      }
    }
  }
  if (!st && own_doc) {
    st      = sidecar_overlay(&single, &owned, &merged, own_doc, true);
    own_doc = NULL;
  }
  json_decref(own_doc);
  if (!st && single) {
    *doc   = owned ? single : json_incref(single);
    single = NULL;
  } else if (!st && merged) {
    *doc   = merged;
    merged = NULL;
  }
  if (single && owned) {
    json_decref(single);
  }
  json_decref(merged);
  mgd_buf_clear(&text);
  return st;
}

static MgdStatus
bids_file(MgdMmds* const m, const char* const abs, const MgdStr rel,
          const struct stat* const sb, const bool is_zarr, void* const handle)
{
  BidsWalk* const   w    = handle;
  const char* const base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
  MgdStr            dsub, dses, dtype;
  parse_dirs(rel, &dsub, &dses, &dtype);
  const size_t bl = strlen(base);
  if (dsub.len && bl > 13 && !strcmp(base + bl - 13, "_sessions.tsv")) {
    return sessions_table(m, abs, dsub);
  }
  if (is_metadata(base, rel, dsub)) {
    return MGD_SUCCESS;
  }
  if (mgd_str_has_prefix(rel, "assays/") && !strcmp(base, "isa.assay.xlsx")) {
    MgdBuf    a = { 0 };
    MgdStatus st =
      mgd_mmds_mint(m, "assay", mgd_str_n(rel.ptr + 7, rel.len - 7 - 15), &a);
    st = st ? st : mgd_arc_isa_tables(m, abs, mgd_buf_str(&a), "assay");
    st = st ? st : mgd_mmds_iri(m, w->study, "rembi:hasAssay", mgd_buf_str(&a));
    mgd_buf_clear(&a);
    return st;
  }
  MgdBuf       f = { 0 }, t = { 0 }, pix = { 0 };
  MgdStatus    st = mgd_mmds_file_node(m, abs, rel, sb, &f);
  const MgdStr fn = mgd_buf_str(&f);
  st              = st ? st : mgd_mmds_iri(m, fn, "schema:isPartOf", w->study);
  Entities e;
  parse_name(base, &e);
  const char* const saved = m->file;
  m->file                 = abs;
  // Folders win over a name that contradicts them.
  MgdStr sub = dsub, ses = dses;
  if (!st && e.sub.len && dsub.len && !mgd_str_eq(e.sub, dsub)) {
    st = mgd_mmds_warn(m, 0, 0, NULL,
                       "file name says %.*s but it is in folder %.*s: the "
                       "folder is used",
                       (int)e.sub.len, e.sub.ptr, (int)dsub.len, dsub.ptr);
  } else if (!dsub.len) {
    sub = e.sub;
  }
  if (!st && e.ses.len && dses.len && !mgd_str_eq(e.ses, dses)) {
    st = mgd_mmds_warn(m, 0, 0, NULL,
                       "file name says %.*s but it is in folder %.*s: the "
                       "folder is used",
                       (int)e.ses.len, e.ses.ptr, (int)dses.len, dses.ptr);
  } else if (!dses.len) {
    ses = e.ses;
  }
  if (!st && dsub.len && !e.sub.len && dtype.len) {
    st = mgd_mmds_warn(m, 0, 0, NULL, "BIDS file name without a sub- entity");
  }
  if (!st && sub.len) {
    st = mgd_mmds_mint(m, "subject", sub, &t);
    st = st ? st : mgd_mmds_iri(m, fn, "rembi:subject", mgd_buf_str(&t));
  }
  if (!st && ses.len) {
    MgdBuf id = { 0 };
    st = mgd_buf_printf(&id, "%.*s_%.*s", (int)sub.len, sub.ptr, (int)ses.len,
                        ses.ptr);
    st = st ? st : mgd_mmds_mint(m, "session", mgd_buf_str(&id), &t);
    st = st ? st : mgd_mmds_iri(m, fn, "rembi:session", mgd_buf_str(&t));
    mgd_buf_clear(&id);
  }
  if (!st && e.sample.len) {
    MgdBuf id = { 0 };
    if (sub.len) {
      st = mgd_buf_printf(&id, "%.*s_%.*s", (int)sub.len, sub.ptr,
                          (int)e.sample.len, e.sample.ptr);
    } else {
      st = mgd_buf_append(&id, e.sample.ptr, e.sample.len);
    }
    m->sample_from_file = true;
    st                  = st ? st : mgd_mmds_sample(m, mgd_buf_str(&id), &t);
    m->sample_from_file = false;
    st = st ? st : mgd_mmds_iri(m, fn, "rembi:sample", mgd_buf_str(&t));
    st = st ? st : mgd_mmds_iri(m, mgd_buf_str(&t), "rembi:hasData", fn);
    mgd_buf_clear(&id);
  }
  MgdBuf tmp = { 0 };
  if (!st && dtype.len) {
    const MgdMapRow* const r = rule(m, "datatype", dtype, &tmp);
    st = mgd_mmds_lit(m, fn, "rembi:modality", r ? r->f[3] : dtype);
  }
  if (!st && e.stain.len) {
    st = mgd_mmds_lit(m, fn, "rembi:stain", e.stain);
  }
  if (!st && e.chunk.len) {
    st = mgd_mmds_auto(m, fn, "rembi:chunk", e.chunk);
  }
  if (!st && e.acq.len) {
    st = mgd_mmds_lit(m, fn, "rembi:acquisitionLabel", e.acq);
  }
  if (!st && e.run.len) {
    st = mgd_mmds_auto(m, fn, "rembi:run", e.run);
  }
  const MgdMapRow* const sr =
    (st || !e.suffix.len) ? NULL : rule(m, "suffix", e.suffix, &tmp);
  if (!st && e.suffix.len) {
    st = mgd_mmds_lit(m, fn, "rembi:bidsSuffix", e.suffix);
  }
  const bool is_image =
    mgd_str_eqc(dtype, "micr") || (sr && mgd_str_eqc(sr->f[2], "fbbi"));
  if (!st && sr && mgd_str_eqc(sr->f[2], "fbbi")) {
    st = mgd_mmds_iri(m, fn, "rembi:imagingMethod", sr->f[3]);
    st = st ? st : mgd_mmds_lit(m, fn, "rembi:imagingMethodName", sr->f[4]);
  }
  if (!st && is_image) {
    st = mgd_mmds_type(m, fn, "ome:Image");
    st = st ? st : mgd_buf_append(&pix, fn.ptr, fn.len);
    st = st ? st : mgd_buf_appendc(&pix, "#pixels");
  }
  if (!st && is_zarr) {
    st = mgd_zarr_read(m, abs, fn);
  }
  // Sidecars: what applies from each folder above, top first, then the
  // file's own (same folder, same name up to the first '.'); later ones
  // override key by key (BIDS inheritance principle).
  json_t*     doc  = NULL;
  const char* from = NULL; // most specific sidecar, named in diagnostics
  char        from_path[4096];
  st =
    st ? st : bids_sidecars(m, w, base, &e, &doc, from_path, sizeof(from_path));
  from = doc ? from_path : NULL;
  if (!st && from) {
    m->file = from;
    {
      if (!is_image) {
        // Sidecar of a non-image file: pixel keys go on the file's pixels.
        st = mgd_buf_append(&pix, fn.ptr, fn.len);
        st = st ? st : mgd_buf_appendc(&pix, "#pixels");
      }
      SidecarCtx sc;
      memset(&sc, 0, sizeof(sc));
      sc.file   = fn;
      sc.pixels = mgd_buf_str(&pix);
      char subdir[512];
      snprintf(subdir, sizeof(subdir), "%.*s", (int)sub.len, sub.ptr);
      sc.subdir       = subdir;
      char jpath[512] = "$";
      st              = st ? st : sidecar_object(m, &sc, doc, "", jpath, 1, 0);
      if (!st && sc.n_size) {
        st = mgd_mmds_iri(m, fn, "ome:pixels", sc.pixels);
        st = st ? st : mgd_mmds_type(m, sc.pixels, "ome:Pixels");
      }
      // A zarr's own scale and its sidecar must agree.
      for (size_t i = 0; !st && is_zarr && i < sc.n_size; ++i) {
        const double z = m->zarr_scale[i];
        if (z > 0 && fabs(z - sc.size[i]) > 1e-9 * fabs(z)) {
          st = mgd_mmds_warn(m, 0, 0, "$.PixelSize",
                             "sidecar PixelSize[%zu] = %g contradicts the "
                             "OME-Zarr scale %g of %s",
                             i, sc.size[i], z, base);
        }
      }
    }
  }
  json_decref(doc);
  m->file = saved;
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&f);
  mgd_buf_clear(&t);
  mgd_buf_clear(&pix);
  return st;
}

// --------------------------------------------------------------------------
// Dataset

static MgdStatus
dataset_description(MgdMmds* const m, const MgdStr study)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/dataset_description.json", m->root);
  MgdBuf    text = { 0 }, tmp = { 0 }, iri = { 0 };
  MgdStatus st  = mgd_mmds_slurp(m, path, &text);
  json_t*   doc = st ? NULL : mgd_mmds_json_load(m, path, text.data, text.len);
  if (!st && !doc) {
    st = MGD_BAD_SYNTAX; // the dataset's identity: never skipped
  }
  const char* const saved = m->file;
  m->file                 = path;
  const char* key         = NULL;
  json_t*     v           = NULL;
  json_object_foreach(doc, key, v)
  {
    if (st) {
      break;
    }
    char jp[256];
    snprintf(jp, sizeof(jp), "$['%s']", key);
    const MgdStr           k = mgd_mmds_trim(mgd_str(key));
    const MgdMapRow* const r = rule(m, "dataset", k, &tmp);
    if (k.len != strlen(key)) {
      st = mgd_mmds_warn(m, 0, 0, jp, "key '%s' has surrounding spaces", key);
    }
    if (!r) {
      if (!st && json_is_string(v)) {
        st = mgd_mmds_lit(m, study, "rembi:bidsField", mgd_str(key)); // trace
        st = st ? st
                : mgd_mmds_warn(m, 0, 0, jp,
                                "unknown dataset_description key '%s'", key);
      }
      continue;
    }
    char p1[128];
    cpy(p1, sizeof(p1), r->f[3]);
    if (mgd_str_eqc(r->f[2], "ignore")) {
      continue;
    }
    if (mgd_str_eqc(r->f[2], "license")) {
      const MgdStr u =
        mgd_str(json_string_value(v) ? json_string_value(v) : "");
      if (!mgd_mmds_license(m, u, &iri)) {
        st = mgd_mmds_iri(m, study, p1, mgd_buf_str(&iri));
        st = st ? st : mgd_mmds_lit(m, mgd_buf_str(&iri), "rdfs:label", u);
      } else {
        st = mgd_mmds_warn(
          m, 0, 0, jp,
          "licence '%.*s' not in mappings/licenses.tsv: kept as text",
          (int)u.len, u.ptr);
        st = st ? st : mgd_mmds_lit(m, study, p1, u);
      }
    } else if (mgd_str_eqc(r->f[2], "doi")) {
      MgdStr d = mgd_mmds_trim(
        mgd_str(json_string_value(v) ? json_string_value(v) : ""));
      if (mgd_str_has_prefix(d, "doi:")) {
        d = mgd_str_n(d.ptr + 4, d.len - 4);
      }
      mgd_buf_reset(&iri);
      st = mgd_str_has_prefix(d, "http")
             ? mgd_buf_append(&iri, d.ptr, d.len)
             : mgd_buf_printf(&iri, "https://doi.org/%.*s", (int)d.len, d.ptr);
      st = st ? st : mgd_mmds_iri(m, study, p1, mgd_buf_str(&iri));
    } else {
      st = mgd_mmds_json(m, study, p1, v);
    }
  }
  m->file = saved;
  json_decref(doc);
  mgd_buf_clear(&text);
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&iri);
  return st;
}

MgdStatus
mgd_bids_read(MgdMmds* const m)
{
  MgdBuf study = { 0 }, node = { 0 }, other = { 0 }, text = { 0 }, id = { 0 };
  MgdStatus st   = mgd_buf_append(&study, m->e->graph.data, m->e->graph.len);
  st             = st ? st : mgd_buf_appendc(&study, "/study");
  const MgdStr s = mgd_buf_str(&study);
  st             = st ? st : mgd_mmds_type(m, s, "rembi:Study");
  st             = st ? st : mgd_mmds_type(m, s, "schema:Dataset");
  st = st ? st : mgd_mmds_lit(m, s, "rembi:datasetLayout", mgd_str("BIDS"));
  st = st ? st : dataset_description(m, s);
  char    path[4096];
  MgdTsv  t;
  json_t* dict = NULL;
  // participants.tsv
  MgdStatus ls = st ? st
                    : load_table(m, m->root, "participants", &text, &t, &dict,
                                 path, sizeof(path));
  if (!ls) {
    const size_t pc    = col_of(&t, "participant_id");
    const char*  saved = m->file;
    m->file            = path;
    for (size_t r = 1; !st && r < t.n_rows && pc != SIZE_MAX; ++r) {
      const MgdStr p = mgd_mmds_trim(mgd_tsv_get(&t, r, pc));
      if (!mgd_str_has_prefix(p, "sub-")) {
        st = mgd_mmds_warn(m, t.row_line[r], (unsigned)pc + 1, NULL,
                           "participant_id '%.*s' does not start with 'sub-'",
                           (int)p.len, p.ptr);
        continue;
      }
      st             = mgd_mmds_mint(m, "subject", p, &node);
      const MgdStr n = mgd_buf_str(&node);
      st             = st ? st : mgd_mmds_type(m, n, "rembi:Biosample");
      st             = st ? st : mgd_mmds_lit(m, n, "schema:name", p);
      st             = st ? st : mgd_mmds_iri(m, s, "rembi:biosample", n);
      st = st ? st : table_row(m, &t, r, "participants", n, dict, path);
    }
    if (!st && pc == SIZE_MAX) {
      st = mgd_mmds_warn(m, t.row_line[0], 1, NULL, "no participant_id column");
    }
    m->file = saved;
    mgd_tsv_clear(&t);
    json_decref(dict);
  } else if (ls != MGD_FAILURE) {
    st = ls;
  }
  // samples.tsv
  ls = st ? st
          : load_table(m, m->root, "samples", &text, &t, &dict, path,
                       sizeof(path));
  if (!ls) {
    const size_t sc    = col_of(&t, "sample_id");
    const size_t pc    = col_of(&t, "participant_id");
    const char*  saved = m->file;
    m->file            = path;
    for (size_t r = 1; !st && r < t.n_rows && sc != SIZE_MAX; ++r) {
      const MgdStr smp = mgd_mmds_trim(mgd_tsv_get(&t, r, sc));
      const MgdStr p   = pc == SIZE_MAX ? mgd_str_n("", 0)
                                        : mgd_mmds_trim(mgd_tsv_get(&t, r, pc));
      if (!mgd_str_has_prefix(smp, "sample-")) {
        st = mgd_mmds_warn(m, t.row_line[r], (unsigned)sc + 1, NULL,
                           "sample_id '%.*s' does not start with 'sample-'",
                           (int)smp.len, smp.ptr);
      }
      mgd_buf_reset(&id);
      st = st ? st
              : (p.len ? mgd_buf_printf(&id, "%.*s_%.*s", (int)p.len, p.ptr,
                                        (int)smp.len, smp.ptr)
                       : mgd_buf_append(&id, smp.ptr, smp.len));
      st = st ? st : mgd_mmds_sample(m, mgd_buf_str(&id), &node);
      // The bare sample id joins assays that name samples without subject.
      st             = st ? st : samples_put(m, smp, mgd_buf_str(&node), false);
      const MgdStr n = mgd_buf_str(&node);
      st             = st ? st : mgd_mmds_lit(m, n, "dcterms:identifier", smp);
      st             = st ? st : mgd_mmds_iri(m, s, "rembi:hasSample", n);
      if (!st && p.len) {
        st = mgd_mmds_mint(m, "subject", p, &other);
        st = st ? st
                : mgd_mmds_iri(m, n, "rembi:derivedFrom", mgd_buf_str(&other));
      }
      st = st ? st : table_row(m, &t, r, "samples", n, dict, path);
    }
    m->file = saved;
    mgd_tsv_clear(&t);
    json_decref(dict);
  } else if (ls != MGD_FAILURE) {
    st = ls;
  }
  // The walk: data files, sessions tables per subject folder.
  BidsWalk* const w = st ? NULL : mgd_calloc(1, sizeof(BidsWalk));
  if (!st && !w) {
    st = MGD_BAD_ALLOC;
  }
  if (!st) {
    w->study               = s;
    const MgdMmdsWalker wk = { bids_file, bids_enter, bids_leave, bids_skip,
                               w };
    st                     = mgd_mmds_walk_with(m, &wk);
    bids_levels_clear(w);
  }
  mgd_free(w);
  mgd_buf_clear(&study);
  mgd_buf_clear(&node);
  mgd_buf_clear(&other);
  mgd_buf_clear(&text);
  mgd_buf_clear(&id);
  return st;
}
