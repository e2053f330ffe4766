// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// OMERO bulk key-value tables -> MapAnnotations, the way `omero metadata
// populate` would attach them: one row per image (Dataset Name + Image Name,
// or Image File in IDR assays tables) or per well (Plate + Well), one
// MapAnnotation per namespace group, keys renamed and values rewritten by the
// bulkmap-config.yml column rules when that file sits next to the CSV.
//
// The YAML is read by a small line parser that knows this one structure
// (defaults:, columns: with "- name:" entries and "- group:" blocks holding a
// namespace and their own columns, folded "clientvalue: >" scalars). A YAML
// library would be overkill for it, and the files are written by hand in
// exactly this shape.

#include "ingest/ingest_impl.h"

#include "base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_BULK "openmicroscopy.org/omero/bulk_annotations"

typedef struct {
  char* name;        ///< CSV column
  char* clientname;  ///< Key shown to users (NULL: name)
  char* clientvalue; ///< Value template (NULL: the value)
  char* split;       ///< Separator for multiple values (NULL: none)
  char* ns;          ///< MapAnnotation namespace (NULL: bulk annotations)
  bool  include;     ///< Column is used
  bool  omitempty;   ///< Empty values are dropped
} Rule;

typedef struct {
  Rule*  rules;
  size_t n_rules;
  size_t cap;
  bool   def_include;
  bool   def_omitempty;
  char*  def_split;
} Config;

static void
config_clear(Config* const c)
{
  for (size_t i = 0; i < c->n_rules; ++i) {
    mgd_free(c->rules[i].name);
    mgd_free(c->rules[i].clientname);
    mgd_free(c->rules[i].clientvalue);
    mgd_free(c->rules[i].split);
    mgd_free(c->rules[i].ns);
  }
  mgd_free(c->rules);
  mgd_free(c->def_split);
  memset(c, 0, sizeof(*c));
}

static char*
dup_trim(const char* s, size_t n)
{
  while (n && (*s == ' ' || *s == '\t')) {
    ++s;
    --n;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
               s[n - 1] == '\n')) {
    --n;
  }
  if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') ||
                 (s[0] == '\'' && s[n - 1] == '\''))) {
    ++s;
    n -= 2;
  }
  return mgd_strndup(s, n);
}

static bool
yaml_bool(const char* const v)
{
  return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "True");
}

static MgdStatus
config_set(Config* const c, Rule* const r, const char* const key,
           char* const value, const bool in_defaults)
{
  // Takes ownership of value.
  if (in_defaults) {
    if (!strcmp(key, "include")) {
      c->def_include = yaml_bool(value);
    } else if (!strcmp(key, "omitempty")) {
      c->def_omitempty = yaml_bool(value);
    } else if (!strcmp(key, "split")) {
      mgd_free(c->def_split);
      c->def_split = NULL;
      if (value[0]) {
        c->def_split = value;
        return MGD_SUCCESS;
      }
    }
    mgd_free(value);
    return MGD_SUCCESS;
  }
  if (!r) {
    mgd_free(value);
    return MGD_SUCCESS;
  }
  char** slot = NULL;
  if (!strcmp(key, "name")) {
    slot = &r->name;
  } else if (!strcmp(key, "clientname")) {
    slot = &r->clientname;
  } else if (!strcmp(key, "clientvalue")) {
    slot = &r->clientvalue;
  } else if (!strcmp(key, "split")) {
    slot = &r->split;
  } else if (!strcmp(key, "include")) {
    r->include = yaml_bool(value);
  } else if (!strcmp(key, "omitempty")) {
    r->omitempty = yaml_bool(value);
  }
  if (slot) {
    mgd_free(*slot);
    *slot = value[0] ? value : NULL;
    if (*slot) {
      return MGD_SUCCESS;
    }
  }
  mgd_free(value);
  return MGD_SUCCESS;
}

static Rule*
config_add(Config* const c, const char* const ns)
{
  if (c->n_rules == c->cap) {
    const size_t cap = c->cap ? 2 * c->cap : 32;
    Rule* const  r   = mgd_realloc(c->rules, cap * sizeof(Rule));
    if (!r) {
      return NULL;
    }
    c->rules = r;
    c->cap   = cap;
  }
  Rule* const r = &c->rules[c->n_rules++];
  memset(r, 0, sizeof(*r));
  r->include   = c->def_include;
  r->omitempty = c->def_omitempty;
  r->ns        = ns ? mgd_strndup(ns, strlen(ns)) : NULL;
  return r;
}

static MgdStatus
config_load(const char* const path, Config* const c, MgdEmit* const e)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return mgd_ingest_emit_error(e, MGD_BAD_IO, 0, 0, NULL, "cannot open %s",
                                 path);
  }
  c->def_omitempty       = true;
  char*     line         = NULL;
  size_t    cap          = 0;
  ssize_t   n            = 0;
  int       section      = 0; // 1 defaults, 2 columns, 3 other
  long      group_indent = -1;
  char*     group_ns     = NULL;
  Rule*     cur          = NULL;
  char*     fold_key     = NULL; // "key: >" waiting for its lines
  long      fold_indent  = -1;
  MgdBuf    fold         = { 0 };
  MgdStatus st           = MGD_SUCCESS;
  while (!st && (n = getline(&line, &cap, f)) >= 0) {
    size_t len = (size_t)n;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
      line[--len] = '\0';
    }
    long ind = 0;
    while (line[ind] == ' ') {
      ++ind;
    }
    const char* p = line + ind;
    if (fold_key) {
      if (*p && ind > fold_indent) {
        if (fold.len) {
          mgd_buf_putc(&fold, ' ');
        }
        mgd_buf_appendc(&fold, p);
        continue;
      }
      char* const v = dup_trim(fold.data ? fold.data : "", fold.len);
      st = v ? config_set(c, cur, fold_key, v, section == 1) : MGD_BAD_ALLOC;
      mgd_free(fold_key);
      fold_key = NULL;
      mgd_buf_reset(&fold);
    }
    if (!*p || *p == '#' || !strcmp(p, "---")) {
      continue;
    }
    if (ind == 0) {
      section = !strncmp(p, "defaults:", 9)  ? 1
                : !strncmp(p, "columns:", 8) ? 2
                                             : 3;
      continue;
    }
    if (section == 3) {
      continue;
    }
    bool item = false;
    if (*p == '-' && (p[1] == ' ' || !p[1])) {
      item = true;
      ++p;
      while (*p == ' ') {
        ++p;
      }
    }
    const char* const colon = strchr(p, ':');
    if (!colon) {
      continue;
    }
    char key[64];
    snprintf(key, sizeof(key), "%.*s", (int)(colon - p), p);
    const char* v = colon + 1;
    if (section == 2 && item) {
      if (group_indent >= 0 && ind <= group_indent) {
        group_indent = -1;
        mgd_free(group_ns);
        group_ns = NULL;
      }
      if (!strcmp(key, "group")) {
        group_indent = ind;
        cur          = NULL;
        continue;
      }
      cur = config_add(c, group_ns);
      if (!cur) {
        st = MGD_BAD_ALLOC;
        break;
      }
    }
    if (section == 2 && group_indent >= 0 && !strcmp(key, "namespace")) {
      mgd_free(group_ns);
      group_ns = dup_trim(v, strlen(v));
      continue;
    }
    while (*v == ' ') {
      ++v;
    }
    if (*v == '>' || *v == '|') {
      fold_key    = mgd_strndup(key, strlen(key));
      fold_indent = ind;
      continue;
    }
    char* const val = dup_trim(v, strlen(v));
    st = val ? config_set(c, section == 2 ? cur : NULL, key, val, section == 1)
             : MGD_BAD_ALLOC;
  }
  if (!st && fold_key) {
    char* const v = dup_trim(fold.data ? fold.data : "", fold.len);
    st = v ? config_set(c, cur, fold_key, v, section == 1) : MGD_BAD_ALLOC;
  }
  mgd_free(fold_key);
  mgd_free(group_ns);
  mgd_buf_clear(&fold);
  free(line); // from getline(3)
  fclose(f);
  return st;
}

// --------------------------------------------------------------------------
// CSV (RFC 4180 quoting; `sep` may be a tab for IDR tables)

typedef struct {
  MgdBuf  cells; ///< Field bytes, each NUL-terminated
  size_t* offs;  ///< Field offsets into cells
  size_t  n;     ///< Fields
  size_t  cap;   ///< Offsets allocated
} Row;

static MgdStatus
row_push(Row* const r)
{
  if (r->n == r->cap) {
    const size_t  cap = r->cap ? 2 * r->cap : 32;
    size_t* const o   = mgd_realloc(r->offs, cap * sizeof(size_t));
    if (!o) {
      return MGD_BAD_ALLOC;
    }
    r->offs = o;
    r->cap  = cap;
  }
  r->offs[r->n++] = r->cells.len;
  return MGD_SUCCESS;
}

static const char*
row_get(const Row* const r, const size_t i)
{
  return i < r->n ? r->cells.data + r->offs[i] : "";
}

/// Parse the record at *pos; MGD_FAILURE at the end of input.
static MgdStatus
csv_record(const MgdStr in, size_t* const pos, const char sep, Row* const r,
           unsigned* const line, MgdEmit* const e)
{
  mgd_buf_reset(&r->cells);
  r->n     = 0;
  size_t i = *pos;
  if (i >= in.len) {
    return MGD_FAILURE;
  }
  MgdStatus      st         = row_push(r);
  const unsigned start_line = *line;
  bool           quoted     = false;
  while (!st && i < in.len) {
    const char c = in.ptr[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < in.len && in.ptr[i + 1] == '"') {
          st = mgd_buf_putc(&r->cells, '"');
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        continue;
      }
      if (c == '\n') {
        ++*line;
      }
      st = mgd_buf_putc(&r->cells, c);
      ++i;
      continue;
    }
    if (c == '"') {
      quoted = true;
      ++i;
    } else if (c == sep) {
      st = mgd_buf_putc(&r->cells, '\0');
      st = st ? st : row_push(r);
      ++i;
    } else if (c == '\r' || c == '\n') {
      i += (c == '\r' && i + 1 < in.len && in.ptr[i + 1] == '\n') ? 2 : 1;
      ++*line;
      break;
    } else {
      st = mgd_buf_putc(&r->cells, c);
      ++i;
    }
  }
  if (!st && quoted) {
    st = mgd_ingest_emit_error(e, MGD_BAD_SYNTAX, start_line, 0, NULL,
                               "unterminated quoted field");
  }
  st   = st ? st : mgd_buf_putc(&r->cells, '\0');
  *pos = i;
  return st;
}

static long
col_index(const Row* const header, const char* const name)
{
  for (size_t i = 0; i < header->n; ++i) {
    if (!strcmp(row_get(header, i), name)) {
      return (long)i;
    }
  }
  return -1;
}

static MgdStatus
url_encode(const char* s, MgdBuf* const out)
{
  static const char hex[] = "0123456789ABCDEF";
  MgdStatus         st    = MGD_SUCCESS;
  for (; *s && !st; ++s) {
    const unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~", c)) {
      st = mgd_buf_putc(out, (char)c);
    } else {
      const char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
      st                = mgd_buf_append(out, enc, 3);
    }
  }
  return st;
}

/// Expand a clientvalue template: {{ value }} and {{ value|urlencode }}.
static MgdStatus
expand_template(const char* t, const char* const value, MgdBuf* const out)
{
  MgdStatus st = MGD_SUCCESS;
  while (*t && !st) {
    const char* const open = strstr(t, "{{");
    if (!open) {
      return mgd_buf_appendc(out, t);
    }
    const char* const close = strstr(open, "}}");
    if (!close) {
      return mgd_buf_appendc(out, t);
    }
    st                       = mgd_buf_append(out, t, (size_t)(open - t));
    const char* const filter = strstr(open, "urlencode");
    const bool        enc    = filter && filter < close;
    st = st ? st : enc ? url_encode(value, out) : mgd_buf_appendc(out, value);
    t  = close + 2;
  }
  return st;
}

typedef struct {
  const char* ns;  ///< Namespace
  MgdBuf      iri; ///< Annotation IRI for the current row (empty: not made)
  size_t      n_m; ///< Pairs emitted
} NsAnn;

static MgdStatus
row_target(MgdEmit* const e, const Row* const hdr, const Row* const r,
           const long c_dataset, const long c_image, const long c_plate,
           const long c_well, const size_t row_no, MgdBuf* const target)
{
  MgdBuf       parent = { 0 };
  MgdStatus    st     = MGD_SUCCESS;
  const MgdStr name   = mgd_str(NULL);
  (void)hdr;
  (void)name;
  mgd_buf_reset(target);
  const long        c_outer   = c_dataset >= 0 ? c_dataset : c_plate;
  const long        c_inner   = c_image >= 0 ? c_image : c_well;
  const char* const outer_cls = c_dataset >= 0 ? "Dataset" : "Plate";
  const char* const inner_cls = c_image >= 0 ? "Image" : "Well";
  if (c_outer >= 0 && row_get(r, (size_t)c_outer)[0]) {
    const char* const on = row_get(r, (size_t)c_outer);
    st                   = mgd_buf_append(&parent, e->graph.data, e->graph.len);
    st                   = st ? st : mgd_buf_printf(&parent, "/%s/", outer_cls);
    st                   = st ? st : mgd_ingest_pct(mgd_str(on), &parent);
    MgdBuf cls           = { 0 };
    st = st ? st : mgd_buf_printf(&cls, MGD_NS_OME "%s", outer_cls);
    st = st ? st
            : mgd_ingest_emit_iri(e, mgd_buf_str(&parent),
                                  mgd_str(MGD_RDF_TYPE), mgd_buf_str(&cls));
    st = st ? st
            : mgd_ingest_emit_lit(e, mgd_buf_str(&parent),
                                  mgd_str(MGD_NS_OME "name"), mgd_str(on),
                                  mgd_str(NULL));
    mgd_buf_clear(&cls);
  }
  if (!st && c_inner >= 0 && row_get(r, (size_t)c_inner)[0]) {
    const char* const in = row_get(r, (size_t)c_inner);
    if (parent.len) {
      st = mgd_buf_append(target, parent.data, parent.len);
    } else {
      st = mgd_buf_append(target, e->graph.data, e->graph.len);
    }
    st          = st ? st : mgd_buf_printf(target, "/%s/", inner_cls);
    st          = st ? st : mgd_ingest_pct(mgd_str(in), target);
    MgdBuf cls  = { 0 };
    MgdBuf link = { 0 };
    st          = st ? st : mgd_buf_printf(&cls, MGD_NS_OME "%s", inner_cls);
    st          = st ? st
                     : mgd_buf_printf(&link, "%s",
                             c_image >= 0 ? MGD_NS_OME "image"
                                                   : MGD_NS_MGDV "well");
    st          = st ? st
                     : mgd_ingest_emit_iri(e, mgd_buf_str(target), mgd_str(MGD_RDF_TYPE),
                                           mgd_buf_str(&cls));
    st          = st ? st
                     : mgd_ingest_emit_lit(e, mgd_buf_str(target),
                                           mgd_str(MGD_NS_OME "name"), mgd_str(in),
                                           mgd_str(NULL));
    if (!st && parent.len) {
      st = mgd_ingest_emit_iri(e, mgd_buf_str(&parent), mgd_buf_str(&link),
                               mgd_buf_str(target));
    }
    mgd_buf_clear(&cls);
    mgd_buf_clear(&link);
  } else if (!st && parent.len) {
    st = mgd_buf_append(target, parent.data, parent.len);
  }
  if (!st && !target->len) {
    st = mgd_buf_append(target, e->graph.data, e->graph.len);
    st = st ? st : mgd_buf_printf(target, "/row/%zu", row_no);
  }
  mgd_buf_clear(&parent);
  return st;
}

MgdStatus
mgd_ingest_omero_kv(MgdIngester* const ing, MgdIngestInput* const in,
                    MgdEmit* const e, const char sep, const char* const config)
{
  Config cfg;
  memset(&cfg, 0, sizeof(cfg));
  MgdBuf    text   = { 0 };
  MgdBuf    target = { 0 };
  MgdBuf    val    = { 0 };
  Row       hdr    = { { 0 }, NULL, 0, 0 };
  Row       row    = { { 0 }, NULL, 0, 0 };
  NsAnn*    anns   = NULL;
  size_t    n_anns = 0;
  MgdStatus st     = MGD_SUCCESS;
  if (config) {
    st = config_load(config, &cfg, e);
  }
  st = st ? st : mgd_ingest_input_slurp(in, ing->limits.max_body_bytes, &text);
  if (st == MGD_BAD_LIMIT) {
    st = mgd_ingest_emit_error(e, st, 0, 0, NULL, "table larger than %zu bytes",
                               ing->limits.max_body_bytes);
  }
  MgdStr   all  = mgd_buf_str(&text);
  size_t   pos  = 0;
  unsigned line = 1;
  if (all.len >= 3 && !memcmp(all.ptr, "\xEF\xBB\xBF", 3)) {
    pos = 3; // UTF-8 byte order mark
  }
  if (!st && csv_record(all, &pos, sep, &hdr, &line, e) != MGD_SUCCESS) {
    st = mgd_ingest_emit_error(e, MGD_BAD_DATA, 1, 0, NULL,
                               "empty table: no header");
  }
  if (st) {
    goto done;
  }
  const long c_dataset = col_index(&hdr, "Dataset Name");
  long       c_image   = col_index(&hdr, "Image Name");
  if (c_image < 0) {
    c_image = col_index(&hdr, "Image File");
  }
  const long c_plate = col_index(&hdr, "Plate");
  const long c_well  = col_index(&hdr, "Well");
  // One rule per column (NULL: column not used); several rules may read the
  // same column (e.g. a value and its URL), so rules drive the loop.
  anns = mgd_calloc(cfg.n_rules + 2, sizeof(NsAnn));
  if (!anns) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  anns[n_anns++].ns = NS_BULK;
  for (size_t i = 0; i < cfg.n_rules; ++i) {
    const char* const ns = cfg.rules[i].ns ? cfg.rules[i].ns : NS_BULK;
    size_t            k  = 0;
    while (k < n_anns && strcmp(anns[k].ns, ns)) {
      ++k;
    }
    if (k == n_anns) {
      anns[n_anns++].ns = ns;
    }
  }
  for (size_t i = 0; config && i < cfg.n_rules; ++i) {
    if (cfg.rules[i].include && cfg.rules[i].name &&
        col_index(&hdr, cfg.rules[i].name) < 0) {
      st = mgd_ingest_emit_warn(
        e, 1, 0, NULL, "bulkmap config column \"%s\" is not in the table",
        cfg.rules[i].name);
      if (st) {
        goto done;
      }
    }
  }
  size_t row_no = 0;
  while (!st) {
    const unsigned row_line = line;
    st                      = csv_record(all, &pos, sep, &row, &line, e);
    if (st == MGD_FAILURE) {
      st = MGD_SUCCESS;
      break;
    }
    if (st) {
      break;
    }
    bool blank = true;
    for (size_t i = 0; blank && i < row.n; ++i) {
      blank = !row_get(&row, i)[0];
    }
    if (blank) {
      continue; // blank line, or only separators (IDR assays tables)
    }
    ++row_no;
    if (row.n != hdr.n) {
      st = mgd_ingest_emit_warn(e, row_line, 0, NULL,
                                "row has %zu fields, the header %zu", row.n,
                                hdr.n);
      if (st) {
        break;
      }
    }
    st = row_target(e, &hdr, &row, c_dataset, c_image, c_plate, c_well, row_no,
                    &target);
    for (size_t k = 0; k < n_anns; ++k) {
      mgd_buf_reset(&anns[k].iri);
      anns[k].n_m = 0;
    }
    const size_t n_items = config ? cfg.n_rules : hdr.n;
    for (size_t i = 0; !st && i < n_items; ++i) {
      const Rule* const r = config ? &cfg.rules[i] : NULL;
      const long col = r ? (r->name ? col_index(&hdr, r->name) : -1) : (long)i;
      if (col < 0 || (r && !r->include) ||
          (!r && (col == c_dataset || col == c_image || col == c_plate ||
                  col == c_well))) {
        continue;
      }
      const char* const key =
        r && r->clientname ? r->clientname : row_get(&hdr, (size_t)col);
      const char* const raw = row_get(&row, (size_t)col);
      const char* const split =
        r ? (r->split ? r->split : cfg.def_split) : NULL;
      const bool        omit = r ? r->omitempty : true;
      const char* const ns   = r && r->ns ? r->ns : NS_BULK;
      size_t            k    = 0;
      while (k < n_anns && strcmp(anns[k].ns, ns)) {
        ++k;
      }
      const char* piece = raw;
      for (;;) {
        const char* const end  = split && *split ? strstr(piece, split) : NULL;
        const size_t      plen = end ? (size_t)(end - piece) : strlen(piece);
        char* const       v    = dup_trim(piece, plen);
        if (!v) {
          st = MGD_BAD_ALLOC;
          break;
        }
        if (v[0] || !omit) {
          mgd_buf_reset(&val);
          st = r && r->clientvalue ? expand_template(r->clientvalue, v, &val)
                                   : mgd_buf_appendc(&val, v);
          if (!st && !anns[k].iri.len) {
            // Per row: several rows may annotate the same image.
            st = mgd_buf_append(&anns[k].iri, e->graph.data, e->graph.len);
            st = st ? st
                    : mgd_buf_printf(&anns[k].iri, "/row/%zu/MapAnnotation/%zu",
                                     row_no, k + 1);
            const MgdStr a = mgd_buf_str(&anns[k].iri);
            st             = st ? st
                                : mgd_ingest_emit_iri(e, a, mgd_str(MGD_RDF_TYPE),
                                                      mgd_str(MGD_NS_OME "MapAnnotation"));
            st             = st ? st
                                : mgd_ingest_emit_lit(e, a, mgd_str(MGD_NS_OME "namespace"),
                                                      mgd_str(ns), mgd_str(NULL));
            st             = st ? st
                                : mgd_ingest_emit_iri(e, mgd_buf_str(&target),
                                                      mgd_str(MGD_NS_MGDV "annotation"), a);
          }
          st =
            st ? st
               : mgd_ingest_emit_kv(e, mgd_buf_str(&anns[k].iri), ++anns[k].n_m,
                                    mgd_str(key), mgd_buf_str(&val));
        }
        mgd_free(v);
        if (st || !end) {
          break;
        }
        piece = end + strlen(split);
      }
    }
  }
done:
  for (size_t k = 0; anns && k < n_anns; ++k) {
    mgd_buf_clear(&anns[k].iri);
  }
  mgd_free(anns);
  mgd_buf_clear(&hdr.cells);
  mgd_free(hdr.offs);
  mgd_buf_clear(&row.cells);
  mgd_free(row.offs);
  mgd_buf_clear(&text);
  mgd_buf_clear(&target);
  mgd_buf_clear(&val);
  config_clear(&cfg);
  return st;
}
