// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// IDR study files: tab-separated "Key<TAB>value<TAB>value..." lines in blocks
// (the study, then one block per "Experiment Number" or "Screen Number").
// The key -> term mapping is mappings/idr-study.tsv. Values in the same
// column of related lines belong together (a person's last name, first name
// and email; a term's label, accession and source), so the file is read
// whole (it is small) and then emitted block by block.
//
// Also IDR filePaths.tsv: "Dataset:name:<name><TAB><path>" lines.

#include "ingest/ingest_impl.h"

#include "base/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NS_STUDY_INFO "idr.openmicroscopy.org/study/info"

typedef struct {
  size_t       block;    ///< 0 = study
  const char*  key;      ///< Key (arena)
  const char** values;   ///< Values (arena)
  size_t       n_values; ///< Values, trailing empties dropped
  unsigned     line;     ///< Line number
} Line;

typedef struct {
  MgdArena arena;
  Line*    lines;
  size_t   n_lines;
  size_t   cap;
  MgdBuf*  blocks; ///< Block IRIs
  size_t   n_blocks;
} Study;

static char*
clean(MgdArena* const arena, const char* s, size_t n)
{
  while (n && (*s == ' ' || *s == '\r')) {
    ++s;
    --n;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) {
    --n;
  }
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
    ++s;
    n -= 2;
  }
  char* const out = mgd_arena_alloc(arena, n + 1);
  if (!out) {
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    out[k++] = s[i];
    if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
      ++i; // "" inside a quoted field
    }
  }
  out[k] = '\0';
  return out;
}

static MgdStatus
study_parse(Study* const st_, const MgdStr text, MgdIngester* const ing)
{
  size_t   pos   = 0;
  size_t   block = 0;
  unsigned line  = 0;
  while (pos < text.len) {
    const char* const b = text.ptr + pos;
    const char*       e = memchr(b, '\n', text.len - pos);
    const size_t      n = e ? (size_t)(e - b) : text.len - pos;
    pos += n + 1;
    ++line;
    // Split on tabs.
    size_t n_f = 1;
    for (size_t i = 0; i < n; ++i) {
      n_f += b[i] == '\t';
    }
    const char** f = mgd_arena_calloc(&st_->arena, n_f, sizeof(char*));
    if (!f) {
      return MGD_BAD_ALLOC;
    }
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; ++i) {
      if (i == n || b[i] == '\t') {
        f[k] = clean(&st_->arena, b + start, i - start);
        if (!f[k]) {
          return MGD_BAD_ALLOC;
        }
        ++k;
        start = i + 1;
      }
    }
    if (!f[0][0] || f[0][0] == '#') {
      continue;
    }
    size_t n_v = n_f - 1;
    while (n_v && !f[n_v][0]) {
      --n_v;
    }
    const MgdMapRow* const row =
      mgd_ingest_table_get(&ing->idr, mgd_str(f[0]), mgd_str(NULL));
    if (row && mgd_str_has_prefix(row->f[1], "block:")) {
      block = st_->n_blocks++;
    }
    if (st_->n_lines == st_->cap) {
      const size_t cap = st_->cap ? 2 * st_->cap : 128;
      Line* const  l   = mgd_realloc(st_->lines, cap * sizeof(Line));
      if (!l) {
        return MGD_BAD_ALLOC;
      }
      st_->lines = l;
      st_->cap   = cap;
    }
    st_->lines[st_->n_lines++] = (Line){ block, f[0], f + 1, n_v, line };
  }
  return MGD_SUCCESS;
}

static const Line*
find_line(const Study* const s, const size_t block, const char* const key)
{
  for (size_t i = 0; i < s->n_lines; ++i) {
    if (s->lines[i].block == block && !strcmp(s->lines[i].key, key)) {
      return &s->lines[i];
    }
  }
  for (size_t i = 0; i < s->n_lines; ++i) { // term sources live in the study
    if (!strcmp(s->lines[i].key, key)) {
      return &s->lines[i];
    }
  }
  return NULL;
}

static const char*
value_at(const Line* const l, const size_t i)
{
  return l && i < l->n_values ? l->values[i] : "";
}

static bool
is_http(const char* const v)
{
  return (!strncmp(v, "http://", 7) || !strncmp(v, "https://", 8)) &&
         mgd_iri_is_valid(mgd_str(v));
}

/// Term IRI from an accession and its source REF (via Term Source lines).
static bool
term_iri(const Study* const s, const char* const acc, const char* const ref,
         MgdBuf* const out)
{
  mgd_buf_reset(out);
  if (!acc[0]) {
    return false;
  }
  if (is_http(acc)) {
    return !mgd_buf_appendc(out, acc);
  }
  const Line* const names = find_line(s, 0, "Term Source Name");
  const Line* const uris  = find_line(s, 0, "Term Source URI");
  for (size_t i = 0; names && ref[0] && i < names->n_values; ++i) {
    if (!strcasecmp(names->values[i], ref) && value_at(uris, i)[0]) {
      mgd_buf_appendc(out, value_at(uris, i));
      mgd_ingest_pct(mgd_str(acc), out);
      return mgd_iri_is_valid(mgd_buf_str(out));
    }
  }
  // OBO-style CURIE-like accessions (NCBITaxon_10090, FBbi_00000246).
  const char* u = strchr(acc, '_');
  if (u && u > acc && isdigit((unsigned char)u[1])) {
    mgd_buf_appendc(out, MGD_NS_OBO);
    mgd_ingest_pct(mgd_str(acc), out);
    return true;
  }
  return false;
}

static MgdStatus
emit_value(MgdEmit* const e, const MgdStr subj, const MgdStr pred,
           const char* const v, const bool as_iri)
{
  return as_iri && is_http(v)
           ? mgd_ingest_emit_iri(e, subj, pred, mgd_str(v))
           : mgd_ingest_emit_lit(e, subj, pred, mgd_str(v), mgd_str(NULL));
}

static MgdStatus
class_row(MgdIngester* const ing, const char* const name,
          const MgdMapRow** const row)
{
  char key[64];
  snprintf(key, sizeof(key), "@%s", name);
  *row = mgd_ingest_table_get(&ing->idr, mgd_str(key), mgd_str(NULL));
  return MGD_SUCCESS;
}

MgdStatus
mgd_ingest_idr_study(MgdIngester* const ing, MgdIngestInput* const in,
                     MgdEmit* const e)
{
  Study s;
  memset(&s, 0, sizeof(s));
  mgd_arena_init(&s.arena, 0);
  s.n_blocks     = 1;
  MgdBuf    text = { 0 };
  MgdBuf    tmp  = { 0 };
  MgdBuf    sub  = { 0 };
  MgdBuf    info = { 0 };
  size_t*   n_kv = NULL;
  MgdStatus st = mgd_ingest_input_slurp(in, ing->limits.max_body_bytes, &text);
  st           = st ? st : study_parse(&s, mgd_buf_str(&text), ing);
  if (!st) {
    s.blocks = mgd_calloc(s.n_blocks, sizeof(MgdBuf));
    n_kv     = mgd_calloc(s.n_blocks, sizeof(size_t));
    if (!s.blocks || !n_kv) {
      st = MGD_BAD_ALLOC;
    }
  }
  // Block nodes: the study, then experiments / screens.
  const MgdMapRow* cls = NULL;
  if (!st) {
    st = mgd_buf_append(&s.blocks[0], e->graph.data, e->graph.len);
    st = st ? st : mgd_buf_appendc(&s.blocks[0], "/study");
    class_row(ing, "study", &cls);
    if (!st && cls) {
      st = mgd_ingest_emit_iri(e, mgd_buf_str(&s.blocks[0]),
                               mgd_str(MGD_RDF_TYPE), cls->f[2]);
    }
  }
  for (size_t i = 0; !st && i < s.n_lines; ++i) {
    const Line* const      l = &s.lines[i];
    const MgdMapRow* const row =
      mgd_ingest_table_get(&ing->idr, mgd_str(l->key), mgd_str(NULL));
    if (row && mgd_str_has_prefix(row->f[1], "block:")) {
      const char* const name = row->f[1].ptr + 6;
      MgdBuf* const     b    = &s.blocks[l->block];
      st                     = mgd_buf_append(b, e->graph.data, e->graph.len);
      st                     = st ? st : mgd_buf_printf(b, "/%s/", name);
      st = st ? st : mgd_ingest_pct(mgd_str(value_at(l, 0)), b);
      class_row(ing, name, &cls);
      if (!st && cls) {
        st = mgd_ingest_emit_iri(e, mgd_buf_str(b), mgd_str(MGD_RDF_TYPE),
                                 cls->f[2]);
        st = st ? st
                : mgd_ingest_emit_iri(e, mgd_buf_str(&s.blocks[0]), cls->f[3],
                                      mgd_buf_str(b));
      }
      st = st ? st
              : mgd_ingest_emit_lit(e, mgd_buf_str(b), row->f[2],
                                    mgd_str(value_at(l, 0)), mgd_str(NULL));
    }
  }
  for (size_t i = 0; !st && i < s.n_lines; ++i) {
    const Line* const      l     = &s.lines[i];
    const MgdStr           block = mgd_buf_str(&s.blocks[l->block]);
    const MgdMapRow* const row =
      mgd_ingest_table_get(&ing->idr, mgd_str(l->key), mgd_str(NULL));
    if (!l->n_values || (row && (mgd_str_eqc(row->f[1], "ignore") ||
                                 mgd_str_has_prefix(row->f[1], "block:") ||
                                 mgd_str_eqc(row->f[1], "class")))) {
      continue;
    }
    if (!row) {
      // Unmapped: keep as key/value pairs, like IDR's study info annotation.
      mgd_buf_reset(&info);
      st               = mgd_buf_append(&info, block.ptr, block.len);
      st               = st ? st : mgd_buf_appendc(&info, "/info");
      const MgdStr ann = mgd_buf_str(&info);
      if (!st && n_kv[l->block] == 0) {
        st = mgd_ingest_emit_iri(e, ann, mgd_str(MGD_RDF_TYPE),
                                 mgd_str(MGD_NS_OME "MapAnnotation"));
        st = st ? st
                : mgd_ingest_emit_lit(e, ann, mgd_str(MGD_NS_OME "namespace"),
                                      mgd_str(NS_STUDY_INFO), mgd_str(NULL));
        st = st ? st
                : mgd_ingest_emit_iri(e, block,
                                      mgd_str(MGD_NS_MGDV "annotation"), ann);
      }
      for (size_t v = 0; !st && v < l->n_values; ++v) {
        if (l->values[v][0]) {
          st = mgd_ingest_emit_kv(e, ann, ++n_kv[l->block], mgd_str(l->key),
                                  mgd_str(l->values[v]));
        }
      }
      continue;
    }
    const MgdStr kind = row->f[1];
    if (mgd_str_eqc(kind, "lit") || mgd_str_eqc(kind, "iri")) {
      for (size_t v = 0; !st && v < l->n_values; ++v) {
        if (l->values[v][0]) {
          st = emit_value(e, block, row->f[2], l->values[v],
                          mgd_str_eqc(kind, "iri"));
        }
      }
    } else if (mgd_str_eqc(kind, "term")) {
      const Line* const acc = find_line(&s, l->block, row->f[3].ptr);
      const Line* const ref = find_line(&s, l->block, row->f[4].ptr);
      for (size_t v = 0; !st && v < l->n_values; ++v) {
        const char* const label = l->values[v];
        if (!label[0]) {
          continue;
        }
        if (term_iri(&s, value_at(acc, v), value_at(ref, v), &tmp)) {
          st = mgd_ingest_emit_iri(e, block, row->f[2], mgd_buf_str(&tmp));
          st = st ? st
                  : mgd_ingest_emit_lit(e, mgd_buf_str(&tmp),
                                        mgd_str(MGD_NS_RDFS "label"),
                                        mgd_str(label), mgd_str(NULL));
        } else {
          st = mgd_ingest_emit_lit(e, block, row->f[2], mgd_str(label),
                                   mgd_str(NULL));
        }
      }
    } else if (mgd_str_has_prefix(kind, "sub:")) {
      const char* const name = kind.ptr + 4;
      class_row(ing, name, &cls);
      for (size_t v = 0; !st && v < l->n_values; ++v) {
        if (!l->values[v][0]) {
          continue;
        }
        mgd_buf_reset(&sub);
        st = mgd_buf_append(&sub, block.ptr, block.len);
        st = st ? st : mgd_buf_printf(&sub, "/%s/%zu", name, v + 1);
        const MgdStr node = mgd_buf_str(&sub);
        if (!st && cls) {
          // Repeated type/link quads are harmless: quads form a set.
          st = mgd_ingest_emit_iri(e, node, mgd_str(MGD_RDF_TYPE), cls->f[2]);
          st = st ? st : mgd_ingest_emit_iri(e, block, cls->f[3], node);
        }
        st = st ? st : emit_value(e, node, row->f[2], l->values[v], true);
      }
    } else {
      st = mgd_ingest_emit_warn(e, l->line, 0, NULL,
                                "mapping kind \"%s\" for key \"%s\" is unknown",
                                kind.ptr, l->key);
    }
  }
  for (size_t i = 0; s.blocks && i < s.n_blocks; ++i) {
    mgd_buf_clear(&s.blocks[i]);
  }
  mgd_free(s.blocks);
  mgd_free(s.lines);
  mgd_free(n_kv);
  mgd_arena_clear(&s.arena);
  mgd_buf_clear(&text);
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&sub);
  mgd_buf_clear(&info);
  return st;
}

MgdStatus
mgd_ingest_idr_filepaths(MgdIngester* const ing, MgdIngestInput* const in,
                         MgdEmit* const e)
{
  MgdBuf    text = { 0 };
  MgdBuf    node = { 0 };
  MgdStatus st  = mgd_ingest_input_slurp(in, ing->limits.max_body_bytes, &text);
  size_t    pos = 0;
  unsigned  line = 0;
  while (!st && pos < text.len) {
    const char* const b   = text.data + pos;
    const char*       end = memchr(b, '\n', text.len - pos);
    size_t            n   = end ? (size_t)(end - b) : text.len - pos;
    pos += n + 1;
    ++line;
    while (n && (b[n - 1] == '\r' || b[n - 1] == ' ')) {
      --n;
    }
    const char* const tab = memchr(b, '\t', n);
    if (!n || b[0] == '#') {
      continue;
    }
    // <Type>:name:<name> or <Type>:id:<id>, then the path.
    const char* const c1 = memchr(b, ':', n);
    const char* const c2 =
      c1 ? memchr(c1 + 1, ':', (size_t)(b + n - c1 - 1)) : NULL;
    if (!tab || !c1 || !c2 || c2 > tab) {
      st = mgd_ingest_emit_warn(
        e, line, 1, NULL, "expected \"Type:name:NAME<TAB>path\", line skipped");
      continue;
    }
    const MgdStr type = mgd_str_n(b, (size_t)(c1 - b));
    const MgdStr name = mgd_str_n(c2 + 1, (size_t)(tab - c2 - 1));
    const MgdStr path = mgd_str_n(tab + 1, (size_t)(b + n - tab - 1));
    mgd_buf_reset(&node);
    st         = mgd_buf_append(&node, e->graph.data, e->graph.len);
    st         = st ? st : mgd_buf_putc(&node, '/');
    st         = st ? st : mgd_buf_append(&node, type.ptr, type.len);
    st         = st ? st : mgd_buf_putc(&node, '/');
    st         = st ? st : mgd_ingest_pct(name, &node);
    MgdBuf cls = { 0 };
    st         = st ? st : mgd_buf_appendc(&cls, MGD_NS_OME);
    st         = st ? st : mgd_buf_append(&cls, type.ptr, type.len);
    st         = st ? st
                    : mgd_ingest_emit_iri(e, mgd_buf_str(&node), mgd_str(MGD_RDF_TYPE),
                                          mgd_buf_str(&cls));
    mgd_buf_clear(&cls);
    st =
      st ? st
         : mgd_ingest_emit_lit(e, mgd_buf_str(&node),
                               mgd_str(MGD_NS_OME "name"), name, mgd_str(NULL));
    st = st ? st
            : mgd_ingest_emit_lit(e, mgd_buf_str(&node),
                                  mgd_str(MGD_NS_MGDV "filePath"), path,
                                  mgd_str(NULL));
  }
  mgd_buf_clear(&text);
  mgd_buf_clear(&node);
  return st;
}
