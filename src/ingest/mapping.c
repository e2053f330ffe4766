// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "ingest/ingest_impl.h"

#include "base/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char* prefix;
  const char* ns;
} prefixes[] = {
  { "ome:", MGD_NS_OME },
  { "dcterms:", MGD_NS_DCTERMS },
  { "dc:", "http://purl.org/dc/elements/1.1/" },
  { "rdf:", MGD_NS_RDF },
  { "rdfs:", MGD_NS_RDFS },
  { "xsd:", MGD_NS_XSD },
  { "schema:", MGD_NS_SCHEMA },
  { "prov:", MGD_NS_PROV },
  { "obo:", MGD_NS_OBO },
  { "skos:", "http://www.w3.org/2004/02/skos/core#" },
  { "mgdv:", MGD_NS_MGDV },
  { "ome_core:", "http://www.openmicroscopy.org/rdf/2016-06/ome_core/" },
  { "omekg:", "https://ld.openmicroscopy.org/omekg#" },
  { "mapann:", "http://openmicroscopy.org/omero/client/mapAnnotation#" },
};

MgdStatus
mgd_ingest_expand(const MgdStr name, MgdBuf* const out)
{
  for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); ++i) {
    if (mgd_str_has_prefix(name, prefixes[i].prefix)) {
      const size_t n  = strlen(prefixes[i].prefix);
      MgdStatus    st = mgd_buf_appendc(out, prefixes[i].ns);
      return st ? st : mgd_buf_append(out, name.ptr + n, name.len - n);
    }
  }
  return mgd_buf_append(out, name.ptr, name.len);
}

static bool
is_upper(const char c)
{
  return c >= 'A' && c <= 'Z';
}

MgdStatus
mgd_ingest_snake(const MgdStr name, MgdBuf* const out)
{
  // A word starts at an upper-case letter that follows a lower-case letter
  // or digit, or that ends a run of capitals ("LensNA", "ROIRef").
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0; i < name.len && !st; ++i) {
    const char c = name.ptr[i];
    if (is_upper(c) && i > 0) {
      const char prev = name.ptr[i - 1];
      const bool next_lower =
        i + 1 < name.len && name.ptr[i + 1] >= 'a' && name.ptr[i + 1] <= 'z';
      if ((prev >= 'a' && prev <= 'z') || (is_upper(prev) && next_lower) ||
          (prev >= '0' && prev <= '9' && next_lower)) {
        st = mgd_buf_putc(out, '_');
      }
    }
    if (!st) {
      st = mgd_buf_putc(out, is_upper(c)              ? (char)(c - 'A' + 'a')
                             : (c == ' ' || c == '-') ? '_'
                                                      : c);
    }
  }
  return st;
}

MgdStatus
mgd_ingest_pct(const MgdStr s, MgdBuf* const out)
{
  static const char hex[] = "0123456789ABCDEF";
  MgdStatus         st    = MGD_SUCCESS;
  for (size_t i = 0; i < s.len && !st; ++i) {
    const unsigned char c    = (unsigned char)s.ptr[i];
    const bool          keep = c >= 0x80 || (c >= 'a' && c <= 'z') ||
                      (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      strchr("-._~!$&'()*+,;=:@", c) != NULL;
    if (keep && c != 0) {
      st = mgd_buf_putc(out, (char)c);
    } else {
      char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
      st          = mgd_buf_append(out, enc, 3);
    }
  }
  return st;
}

void
mgd_ingest_table_clear(MgdMapTable* const table)
{
  if (table) {
    mgd_hashmap_clear(&table->index);
    mgd_arena_clear(&table->arena);
    mgd_free(table->rows);
    memset(table, 0, sizeof(*table));
  }
}

static MgdStatus
table_key(const MgdMapTable* const table, const MgdStr k1, const MgdStr k2,
          MgdBuf* const key)
{
  mgd_buf_reset(key);
  MgdStatus st = mgd_buf_append(key, k1.ptr, k1.len);
  if (!st && table->n_key > 1) {
    st = mgd_buf_putc(key, '\t');
    st = st ? st : mgd_buf_append(key, k2.ptr, k2.len);
  }
  return st;
}

static MgdStatus
table_add(MgdMapTable* const table, MgdMapRow* const row, MgdBuf* const key)
{
  MgdStatus st = table_key(table, row->f[0], row->f[1], key);
  if (st) {
    return st;
  }
  if (table->n_rows == table->cap) {
    const size_t cap  = table->cap ? table->cap * 2 : 64;
    MgdMapRow*   rows = mgd_realloc(table->rows, cap * sizeof(MgdMapRow));
    if (!rows) {
      return MGD_BAD_ALLOC;
    }
    table->rows = rows;
    table->cap  = cap;
  }
  uint64_t existing = 0;
  bool     inserted = false;
  st = mgd_hashmap_put(&table->index, key->data, key->len, table->n_rows,
                       &existing, &inserted);
  if (st) {
    return st;
  }
  if (inserted) {
    table->rows[table->n_rows++] = *row;
  } else {
    table->rows[existing] = *row;
  }
  return MGD_SUCCESS;
}

static MgdStatus
table_parse_line(MgdMapTable* const table, const char* line, size_t len,
                 const unsigned line_no, MgdBuf* const tmp, MgdBuf* const key)
{
  while (len && (line[len - 1] == '\r' || line[len - 1] == '\n')) {
    --len;
  }
  if (len == 0 || line[0] == '#') {
    return MGD_SUCCESS;
  }
  MgdMapRow row;
  memset(&row, 0, sizeof(row));
  row.line     = line_no;
  size_t field = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len && field < MGD_MAP_FIELDS; ++i) {
    if (i == len || line[i] == '\t') {
      MgdStr v = mgd_str_n(line + start, i - start);
      if (mgd_str_eqc(v, "-")) {
        v = mgd_str_n("", 0);
      }
      mgd_buf_reset(tmp);
      MgdStatus st = mgd_ingest_expand(v, tmp);
      if (st) {
        return st;
      }
      row.f[field] = mgd_arena_str(&table->arena, mgd_buf_str(tmp));
      if (!row.f[field].ptr) {
        return MGD_BAD_ALLOC;
      }
      ++field;
      start = i + 1;
    }
  }
  for (; field < MGD_MAP_FIELDS; ++field) {
    row.f[field] = mgd_arena_str(&table->arena, mgd_str_n("", 0));
    if (!row.f[field].ptr) {
      return MGD_BAD_ALLOC;
    }
  }
  return table_add(table, &row, key);
}

MgdStatus
mgd_ingest_table_load(MgdMapTable* const table, const char* const dir,
                      const char* const name, const size_t n_key,
                      const MgdDiagSink* const diag)
{
  memset(table, 0, sizeof(*table));
  mgd_arena_init(&table->arena, 0);
  mgd_hashmap_init(&table->index);
  table->n_key = n_key;

  MgdBuf    path = { 0 };
  MgdBuf    tmp  = { 0 };
  MgdBuf    key  = { 0 };
  FILE*     f    = NULL;
  char*     line = NULL;
  size_t    cap  = 0;
  MgdStatus st   = mgd_buf_printf(&path, "%s/mappings/%s", dir, name);
  if (st) {
    goto done;
  }
  f = fopen(path.data, "rb");
  if (!f) {
    st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path.data, 0, 0, NULL,
                  "cannot open mapping file: %s", strerror(errno));
    goto done;
  }
  unsigned line_no = 0;
  ssize_t  n       = 0;
  while ((n = getline(&line, &cap, f)) >= 0) {
    ++line_no;
    st = table_parse_line(table, line, (size_t)n, line_no, &tmp, &key);
    if (st) {
      goto done;
    }
  }
  if (ferror(f)) {
    st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, path.data, line_no, 0,
                  NULL, "read error");
  }
done:
  free(line); // allocated by getline(3), not by mgd_malloc
  if (f) {
    fclose(f);
  }
  mgd_buf_clear(&path);
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&key);
  return st;
}

const MgdMapRow*
mgd_ingest_table_get(const MgdMapTable* const table, const MgdStr k1,
                     const MgdStr k2)
{
  char      stack[256];
  MgdBuf    key   = { 0 };
  size_t    need  = k1.len + 1 + k2.len;
  uint64_t  value = 0;
  MgdStatus st    = MGD_FAILURE;
  if (need <= sizeof(stack)) {
    if (k1.len) {
      memcpy(stack, k1.ptr, k1.len);
    }
    size_t n = k1.len;
    if (table->n_key > 1) {
      stack[n++] = '\t';
      if (k2.len) {
        memcpy(stack + n, k2.ptr, k2.len);
      }
      n += k2.len;
    }
    st = mgd_hashmap_get(&table->index, stack, n, &value);
  } else if (!table_key(table, k1, k2, &key)) {
    st = mgd_hashmap_get(&table->index, key.data, key.len, &value);
  }
  mgd_buf_clear(&key);
  return st == MGD_SUCCESS ? &table->rows[value] : NULL;
}
