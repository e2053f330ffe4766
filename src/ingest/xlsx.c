// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// XLSX = a zip of SpreadsheetML parts (ECMA-376 Part 1 §18). Only the parts
// a key-value or table reader needs are inflated: the workbook (sheet names
// and order), its relationships (sheet part names), the shared strings and
// the worksheets. Each part is bounded; DTDs are refused and entities are
// never substituted, so a workbook cannot reach the network or explode.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>

/// Most cells kept per workbook (a sheet of 2M cells is far past what an
/// ISA or REMBI sheet holds, and bounds memory for hostile files).
#define XLSX_MAX_CELLS (4U * 1024U * 1024U)
/// Most sheets per workbook.
#define XLSX_MAX_SHEETS 256U

typedef struct {
  char*  name; ///< Part name (e.g. "xl/worksheets/sheet1.xml"); owned
  MgdBuf data; ///< Inflated bytes
} Part;

typedef struct {
  Part*  parts;
  size_t n_parts;
  size_t cap;
} Parts;

static void
parts_clear(Parts* const p)
{
  for (size_t i = 0; i < p->n_parts; ++i) {
    mgd_free(p->parts[i].name);
    mgd_buf_clear(&p->parts[i].data);
  }
  mgd_free(p->parts);
  memset(p, 0, sizeof(*p));
}

static const Part*
parts_find(const Parts* const p, const char* const name)
{
  for (size_t i = 0; i < p->n_parts; ++i) {
    if (!strcmp(p->parts[i].name, name)) {
      return &p->parts[i];
    }
  }
  return NULL;
}

static bool
wanted_part(const char* const name)
{
  return !strcmp(name, "xl/workbook.xml") ||
         !strcmp(name, "xl/_rels/workbook.xml.rels") ||
         !strcmp(name, "xl/sharedStrings.xml") ||
         (!strncmp(name, "xl/worksheets/", 14) && !strchr(name + 14, '/') &&
          strlen(name) > 18 && !strcmp(name + strlen(name) - 4, ".xml"));
}

static MgdStatus
unzip_parts(const char* const bytes, const size_t n, const char* const name,
            const MgdDiagSink* const diag, Parts* const out)
{
  struct archive* const a = archive_read_new();
  if (!a) {
    return MGD_BAD_ALLOC;
  }
  archive_read_support_format_zip(a);
  MgdStatus st = MGD_SUCCESS;
  if (archive_read_open_memory(a, bytes, n) != ARCHIVE_OK) {
    st = mgd_diag(diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, name, 0, 0, NULL,
                  "not an XLSX workbook (not a zip archive): %s",
                  archive_error_string(a) ? archive_error_string(a) : "?");
    goto done;
  }
  struct archive_entry* ent = NULL;
  for (;;) {
    const int r = archive_read_next_header(a, &ent);
    if (r == ARCHIVE_EOF) {
      break;
    }
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      st = mgd_diag(diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, name, 0, 0, NULL,
                    "broken XLSX (zip) archive: %s",
                    archive_error_string(a) ? archive_error_string(a) : "?");
      goto done;
    }
    const char* const pn = archive_entry_pathname(ent);
    if (!pn || !wanted_part(pn)) {
      continue;
    }
    if (out->n_parts >= XLSX_MAX_SHEETS + 3) {
      st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, name, 0, 0, NULL,
                    "XLSX workbook has more than %u sheets", XLSX_MAX_SHEETS);
      goto done;
    }
    if (out->n_parts == out->cap) {
      const size_t cap = out->cap ? 2 * out->cap : 8;
      Part* const  np  = mgd_realloc(out->parts, cap * sizeof(Part));
      if (!np) {
        st = MGD_BAD_ALLOC;
        goto done;
      }
      out->parts = np;
      out->cap   = cap;
    }
    Part* const p = &out->parts[out->n_parts];
    memset(p, 0, sizeof(*p));
    p->name = mgd_strndup(pn, strlen(pn));
    if (!p->name) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    ++out->n_parts;
    char buf[16384];
    for (;;) {
      const la_ssize_t got = archive_read_data(a, buf, sizeof(buf));
      if (got < 0) {
        st = mgd_diag(diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, name, 0, 0, pn,
                      "cannot inflate XLSX part: %s",
                      archive_error_string(a) ? archive_error_string(a) : "?");
        goto done;
      }
      if (got == 0) {
        break;
      }
      if (p->data.len + (size_t)got > MGD_MMDS_MAX_DOC) {
        st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, name, 0, 0, pn,
                      "XLSX part larger than %u bytes", MGD_MMDS_MAX_DOC);
        goto done;
      }
      if ((st = mgd_buf_append(&p->data, buf, (size_t)got))) {
        goto done;
      }
    }
  }
done:
  archive_read_free(a);
  return st;
}

static MgdStatus
parse_xml(const Part* const p, const char* const name,
          const MgdDiagSink* const diag, xmlDoc** const out)
{
  *out = NULL;
  if (p->data.len > (size_t)INT32_MAX) {
    return MGD_BAD_LIMIT;
  }
  xmlDoc* const doc = xmlReadMemory(
    p->data.data ? p->data.data : "", (int)p->data.len, p->name, NULL,
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError* const err = xmlGetLastError();
    return mgd_diag(diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, name,
                    err ? (unsigned)err->line : 0U,
                    err ? (unsigned)err->int2 : 0U, p->name,
                    "malformed XML in XLSX part: %s",
                    err && err->message ? err->message : "parse error");
  }
  if (doc->intSubset || doc->extSubset) {
    xmlFreeDoc(doc);
    return mgd_diag(diag, MGD_BAD_ACCESS, MGD_LEVEL_ERROR, name, 0, 0, p->name,
                    "XLSX part declares a DTD: refused (no entities)");
  }
  *out = doc;
  return MGD_SUCCESS;
}

static bool
is_el(const xmlNode* const n, const char* const local)
{
  return n->type == XML_ELEMENT_NODE && !strcmp((const char*)n->name, local);
}

/// Concatenate the text of every <t> under `n`, skipping phonetic runs.
static MgdStatus
collect_t(const xmlNode* const n, MgdBuf* const out)
{
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (is_el(c, "rPh") || is_el(c, "phoneticPr")) {
      continue;
    }
    if (is_el(c, "t")) {
      for (const xmlNode* x = c->children; x; x = x->next) {
        if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
          MgdStatus st = mgd_buf_appendc(out, (const char*)x->content);
          if (st) {
            return st;
          }
        }
      }
    } else if (c->type == XML_ELEMENT_NODE) {
      MgdStatus st = collect_t(c, out);
      if (st) {
        return st;
      }
    }
  }
  return MGD_SUCCESS;
}

static xmlChar*
attr(const xmlNode* const n, const char* const name)
{
  return xmlGetProp(n, (const xmlChar*)name);
}

/// "AB12" -> row 11, col 27. False if malformed.
static bool
parse_ref(const char* r, uint32_t* const row, uint32_t* const col)
{
  uint64_t c = 0, w = 0;
  size_t   i = 0;
  for (; r[i] >= 'A' && r[i] <= 'Z' && i < 4; ++i) {
    c = c * 26 + (uint64_t)(r[i] - 'A' + 1);
  }
  if (!i || c > 16384) {
    return false;
  }
  size_t j = i;
  for (; r[j] >= '0' && r[j] <= '9' && j - i < 8; ++j) {
    w = w * 10 + (uint64_t)(r[j] - '0');
  }
  if (j == i || r[j] || w == 0 || w > 1048576) {
    return false;
  }
  *row = (uint32_t)(w - 1);
  *col = (uint32_t)(c - 1);
  return true;
}

void
mgd_xlsx_ref(const uint32_t row, uint32_t col, char* const out)
{
  char   letters[8];
  size_t n = 0;
  ++col;
  while (col && n < sizeof(letters)) {
    letters[n++] = (char)('A' + (col - 1) % 26);
    col          = (col - 1) / 26;
  }
  size_t k = 0;
  while (n) {
    out[k++] = letters[--n];
  }
  snprintf(out + k, 12, "%u", row + 1);
}

static int
cell_cmp(const void* const a, const void* const b)
{
  const MgdXlsxCell* const x = a;
  const MgdXlsxCell* const y = b;
  if (x->row != y->row) {
    return x->row < y->row ? -1 : 1;
  }
  return x->col < y->col ? -1 : x->col > y->col;
}

typedef struct {
  MgdStr* items;
  size_t  n;
} Strings;

static MgdStatus
read_shared(const Parts* const parts, MgdXlsxBook* const book,
            const char* const name, const MgdDiagSink* const diag,
            Strings* const out)
{
  const Part* const p = parts_find(parts, "xl/sharedStrings.xml");
  if (!p) {
    return MGD_SUCCESS;
  }
  xmlDoc*   doc = NULL;
  MgdStatus st  = parse_xml(p, name, diag, &doc);
  if (st) {
    return st;
  }
  const xmlNode* const root = xmlDocGetRootElement(doc);
  size_t               n    = 0;
  for (const xmlNode* c = root ? root->children : NULL; c; c = c->next) {
    n += is_el(c, "si");
  }
  out->items = mgd_calloc(n + 1, sizeof(MgdStr));
  MgdBuf t   = { 0 };
  if (!out->items) {
    st = MGD_BAD_ALLOC;
  }
  for (const xmlNode* c = root ? root->children : NULL; !st && c; c = c->next) {
    if (!is_el(c, "si")) {
      continue;
    }
    mgd_buf_reset(&t);
    st = collect_t(c, &t);
    if (!st) {
      const char* const s =
        mgd_arena_strndup(&book->arena, t.data ? t.data : "", t.len);
      if (!s) {
        st = MGD_BAD_ALLOC;
      } else {
        out->items[out->n++] = mgd_str_n(s, t.len);
      }
    }
  }
  mgd_buf_clear(&t);
  xmlFreeDoc(doc);
  return st;
}

static MgdStatus
read_sheet(const Part* const p, const Strings* const ss,
           MgdXlsxBook* const book, MgdXlsxSheet* const sh,
           const char* const name, const MgdDiagSink* const diag,
           size_t* const n_total)
{
  xmlDoc*   doc = NULL;
  MgdStatus st  = parse_xml(p, name, diag, &doc);
  if (st) {
    return st;
  }
  const xmlNode* const root = xmlDocGetRootElement(doc);
  const xmlNode*       data = NULL;
  for (const xmlNode* c = root ? root->children : NULL; c; c = c->next) {
    if (is_el(c, "sheetData")) {
      data = c;
    }
  }
  size_t   cap      = 0;
  MgdBuf   t        = { 0 };
  uint32_t next_row = 0;
  for (const xmlNode* r = data ? data->children : NULL; !st && r; r = r->next) {
    if (!is_el(r, "row")) {
      continue;
    }
    uint32_t       row = next_row;
    xmlChar* const rn  = attr(r, "r");
    if (rn) {
      const long v = strtol((const char*)rn, NULL, 10);
      if (v >= 1 && v <= 1048576) {
        row = (uint32_t)(v - 1);
      }
      xmlFree(rn);
    }
    next_row          = row + 1;
    uint32_t next_col = 0;
    for (const xmlNode* c = r->children; !st && c; c = c->next) {
      if (!is_el(c, "c")) {
        continue;
      }
      uint32_t       col = next_col, crow = row;
      xmlChar* const ref = attr(c, "r");
      if (ref && !parse_ref((const char*)ref, &crow, &col)) {
        col  = next_col;
        crow = row;
      }
      xmlFree(ref);
      next_col          = col + 1;
      xmlChar* const ty = attr(c, "t");
      mgd_buf_reset(&t);
      for (const xmlNode* v = c->children; !st && v; v = v->next) {
        if (is_el(v, "v")) {
          xmlChar* const txt = xmlNodeGetContent(v);
          if (ty && !strcmp((const char*)ty, "s")) {
            char*      end = NULL;
            const long k   = strtol(txt ? (const char*)txt : "", &end, 10);
            if (k >= 0 && (size_t)k < ss->n && end && !*end) {
              st = mgd_buf_append(&t, ss->items[k].ptr, ss->items[k].len);
            }
          } else if (txt) {
            st = mgd_buf_appendc(&t, (const char*)txt);
          }
          xmlFree(txt);
        } else if (is_el(v, "is")) {
          st = collect_t(v, &t);
        }
      }
      xmlFree(ty);
      if (st || !t.len) {
        continue;
      }
      if (++*n_total > XLSX_MAX_CELLS) {
        st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, name, 0, 0, p->name,
                      "XLSX workbook has more than %u cells", XLSX_MAX_CELLS);
        break;
      }
      if (sh->n_cells == cap) {
        cap                  = cap ? 2 * cap : 64;
        MgdXlsxCell* const n = mgd_realloc(sh->cells, cap * sizeof(*n));
        if (!n) {
          st = MGD_BAD_ALLOC;
          break;
        }
        sh->cells = n;
      }
      const char* const s = mgd_arena_strndup(&book->arena, t.data, t.len);
      if (!s) {
        st = MGD_BAD_ALLOC;
        break;
      }
      sh->cells[sh->n_cells++] =
        (MgdXlsxCell){ crow, col, mgd_str_n(s, t.len) };
    }
  }
  mgd_buf_clear(&t);
  xmlFreeDoc(doc);
  if (!st && sh->n_cells) {
    qsort(sh->cells, sh->n_cells, sizeof(MgdXlsxCell), cell_cmp);
  }
  return st;
}

/// Sheet names and part names, in workbook order.
static MgdStatus
read_workbook(const Parts* const parts, const Strings* const ss,
              MgdXlsxBook* const book, const char* const name,
              const MgdDiagSink* const diag)
{
  const Part* const wb   = parts_find(parts, "xl/workbook.xml");
  const Part* const rels = parts_find(parts, "xl/_rels/workbook.xml.rels");
  if (!wb) {
    return mgd_diag(diag, MGD_BAD_SYNTAX, MGD_LEVEL_ERROR, name, 0, 0, NULL,
                    "not an XLSX workbook (no xl/workbook.xml)");
  }
  xmlDoc*   wdoc = NULL;
  xmlDoc*   rdoc = NULL;
  MgdStatus st   = parse_xml(wb, name, diag, &wdoc);
  if (!st && rels) {
    st = parse_xml(rels, name, diag, &rdoc);
  }
  const xmlNode* sheets = NULL;
  const xmlNode* root   = wdoc ? xmlDocGetRootElement(wdoc) : NULL;
  for (const xmlNode* c = root ? root->children : NULL; c; c = c->next) {
    if (is_el(c, "sheets")) {
      sheets = c;
    }
  }
  size_t n = 0;
  for (const xmlNode* c = sheets ? sheets->children : NULL; c; c = c->next) {
    n += is_el(c, "sheet");
  }
  if (!st && n > XLSX_MAX_SHEETS) {
    st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, name, 0, 0, NULL,
                  "XLSX workbook has more than %u sheets", XLSX_MAX_SHEETS);
  }
  if (!st) {
    book->sheets = mgd_calloc(n + 1, sizeof(MgdXlsxSheet));
    st           = book->sheets ? MGD_SUCCESS : MGD_BAD_ALLOC;
  }
  size_t total = 0;
  size_t index = 0;
  for (const xmlNode* c = sheets ? sheets->children : NULL; !st && c;
       c                = c->next) {
    if (!is_el(c, "sheet")) {
      continue;
    }
    ++index;
    xmlChar* const sname = attr(c, "name");
    xmlChar*       rid   = NULL;
    for (xmlAttr* a = c->properties; a; a = a->next) {
      if (!strcmp((const char*)a->name, "id")) {
        rid = xmlNodeGetContent((xmlNode*)a);
      }
    }
    char target[512];
    snprintf(target, sizeof(target), "xl/worksheets/sheet%zu.xml", index);
    const xmlNode* rr = rdoc ? xmlDocGetRootElement(rdoc) : NULL;
    for (const xmlNode* r = rr ? rr->children : NULL; rid && r; r = r->next) {
      xmlChar* const id = is_el(r, "Relationship") ? attr(r, "Id") : NULL;
      if (id && !strcmp((const char*)id, (const char*)rid)) {
        xmlChar* const tg = attr(r, "Target");
        if (tg) {
          const char* t = (const char*)tg;
          if (t[0] == '/') {
            snprintf(target, sizeof(target), "%s", t + 1);
          } else {
            snprintf(target, sizeof(target), "xl/%s", t);
          }
          xmlFree(tg);
        }
      }
      xmlFree(id);
    }
    xmlFree(rid);
    MgdXlsxSheet* const sh = &book->sheets[book->n_sheets++];
    const char* const   nm = sname ? (const char*)sname : "";
    sh->name               = mgd_arena_strndup(&book->arena, nm, strlen(nm));
    xmlFree(sname);
    if (!sh->name) {
      st = MGD_BAD_ALLOC;
      break;
    }
    const Part* const p = parts_find(parts, target);
    if (p) {
      st = read_sheet(p, ss, book, sh, name, diag, &total);
    }
  }
  xmlFreeDoc(wdoc);
  xmlFreeDoc(rdoc);
  return st;
}

MgdStatus
mgd_xlsx_read(const char* const bytes, const size_t n, const char* const name,
              const MgdDiagSink* const diag, MgdXlsxBook* const book)
{
  memset(book, 0, sizeof(*book));
  mgd_arena_init(&book->arena, 0);
  Parts     parts = { 0 };
  Strings   ss    = { 0 };
  MgdStatus st    = unzip_parts(bytes, n, name, diag, &parts);
  st              = st ? st : read_shared(&parts, book, name, diag, &ss);
  st              = st ? st : read_workbook(&parts, &ss, book, name, diag);
  mgd_free(ss.items);
  parts_clear(&parts);
  if (st) {
    mgd_xlsx_clear(book);
  }
  return st;
}

void
mgd_xlsx_clear(MgdXlsxBook* const book)
{
  if (book) {
    for (size_t i = 0; i < book->n_sheets; ++i) {
      mgd_free(book->sheets[i].cells);
    }
    mgd_free(book->sheets);
    mgd_arena_clear(&book->arena);
    memset(book, 0, sizeof(*book));
  }
}

MgdStr
mgd_xlsx_get(const MgdXlsxSheet* const sheet, const uint32_t row,
             const uint32_t col)
{
  size_t lo = 0, hi = sheet->n_cells;
  while (lo < hi) {
    const size_t       mid = lo + (hi - lo) / 2;
    const MgdXlsxCell* c   = &sheet->cells[mid];
    if (c->row < row || (c->row == row && c->col < col)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < sheet->n_cells && sheet->cells[lo].row == row &&
      sheet->cells[lo].col == col) {
    return sheet->cells[lo].v;
  }
  return mgd_str_n("", 0);
}

uint32_t
mgd_xlsx_rows(const MgdXlsxSheet* const sheet)
{
  return sheet->n_cells ? sheet->cells[sheet->n_cells - 1].row + 1 : 0;
}
