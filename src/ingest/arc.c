// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// ARCs (DataPLANT Annotated Research Contexts): the investigation workbook,
// each studies/<name>/isa.study.xlsx and assays/<name>/isa.assay.xlsx, and
// the file tree. Key-value sheets (ISA-XLSX "INVESTIGATION", "STUDY",
// "ASSAY" blocks) describe the investigation/study/assay nodes; annotation
// tables (sheets whose header has Input [...] / Output [...]) become one
// bioschemas LabProcess per row, linking its input to its output, as the ARC
// RO-Crate profile models them. Samples are joined by name across sheets,
// studies and assays, so a sample's chain through protocols to its data
// files can be followed.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void
cpy(char* const out, const size_t n, const MgdStr s)
{
  snprintf(out, n, "%.*s", (int)s.len, s.ptr ? s.ptr : "");
}

static const MgdMapRow*
isa_rule(MgdMmds* const m, const char* const ctx, const MgdStr key,
         MgdBuf* const tmp)
{
  if (mgd_mmds_norm(key, tmp)) {
    return NULL;
  }
  return mgd_ingest_table_get(&m->t.isa, mgd_str(ctx), mgd_buf_str(tmp));
}

/// "Characteristic [organism]" -> kind "characteristic", name "organism".
static bool
split_header(const MgdStr h, MgdStr* const kind, MgdStr* const name)
{
  const char* const lb = memchr(h.ptr, '[', h.len);
  const char* const rb =
    lb ? memchr(lb, ']', (size_t)(h.ptr + h.len - lb)) : NULL;
  if (!lb || !rb) {
    *kind = mgd_mmds_trim(h);
    *name = mgd_str_n("", 0);
    return false;
  }
  *kind = mgd_mmds_trim(mgd_str_n(h.ptr, (size_t)(lb - h.ptr)));
  *name = mgd_mmds_trim(mgd_str_n(lb + 1, (size_t)(rb - lb - 1)));
  return true;
}

/// Key-value sheet: row label in column A, values in B.. (several for
/// contacts). Persons become nodes per value column.
static MgdStatus
kv_sheet(MgdMmds* const m, const MgdXlsxSheet* const sh, const char* const ctx,
         const MgdStr node)
{
  MgdStatus st  = MGD_SUCCESS;
  MgdBuf    tmp = { 0 }, person = { 0 }, key = { 0 };
  for (size_t c = 0; !st && c < sh->n_cells;) {
    const uint32_t row = sh->cells[c].row;
    size_t         e   = c;
    while (e < sh->n_cells && sh->cells[e].row == row) {
      ++e;
    }
    const MgdXlsxCell* const label = &sh->cells[c];
    if (label->col != 0 || e == c + 1) {
      c = e;
      continue;
    }
    MgdStr lv = label->v;
    // "Investigation Person Last Name" / "Study Person Email" / "Last Name"
    st                  = mgd_mmds_norm(lv, &key);
    MgdStr           k  = mgd_buf_str(&key);
    const char*      ps = strstr(k.ptr, "person ");
    const MgdMapRow* pr = NULL;
    if (ps) {
      pr = mgd_ingest_table_get(&m->t.isa, mgd_str("person"), mgd_str(ps + 7));
    }
    if (!pr) {
      pr = mgd_ingest_table_get(&m->t.isa, mgd_str("person"), k);
    }
    const MgdMapRow* const r = pr ? NULL : isa_rule(m, ctx, lv, &tmp);
    char                   ref[16];
    for (size_t i = c + 1; !st && i < e; ++i) {
      const MgdStr v = mgd_mmds_trim(sh->cells[i].v);
      if (!v.len) {
        continue;
      }
      mgd_xlsx_ref(row, sh->cells[i].col, ref);
      char p1[128];
      if (pr) {
        cpy(p1, sizeof(p1), pr->f[3]);
        mgd_buf_reset(&person);
        st = mgd_buf_append(&person, node.ptr, node.len);
        st = st ? st : mgd_buf_printf(&person, "/person-%u", sh->cells[i].col);
        st = st ? st : mgd_mmds_type(m, mgd_buf_str(&person), "schema:Person");
        st = st ? st
                : mgd_mmds_iri(m, node, "schema:author", mgd_buf_str(&person));
        st = st ? st : mgd_mmds_lit(m, mgd_buf_str(&person), p1, v);
        continue;
      }
      if (r) {
        cpy(p1, sizeof(p1), r->f[3]);
        if (!mgd_str_eqc(r->f[2], "ignore")) {
          st = mgd_mmds_lit(m, node, p1, v);
        }
        continue;
      }
      // Unmapped rows: kept as properties.
      MgdBuf pv = { 0 };
      st        = mgd_buf_append(&pv, node.ptr, node.len);
      st =
        st ? st : mgd_buf_printf(&pv, "#%s-%s", sh->name[0] ? "kv" : "kv", ref);
      const MgdStr pn = mgd_buf_str(&pv);
      st = st ? st : mgd_mmds_iri(m, node, "schema:additionalProperty", pn);
      st = st ? st : mgd_mmds_type(m, pn, "schema:PropertyValue");
      st = st ? st : mgd_mmds_lit(m, pn, "schema:name", mgd_mmds_trim(lv));
      st = st ? st : mgd_mmds_lit(m, pn, "schema:value", v);
      mgd_buf_clear(&pv);
    }
    c = e;
  }
  mgd_buf_clear(&tmp);
  mgd_buf_clear(&person);
  mgd_buf_clear(&key);
  return st;
}

typedef struct {
  const char* dir;    ///< Folder of the workbook
  MgdStr      parent; ///< Study/assay node
} TableCtx;

static bool
is_material(const MgdStr type)
{
  return mgd_str_eqc(type, "Sample Name") ||
         mgd_str_eqc(type, "Material Name") ||
         mgd_str_eqc(type, "Extract Name") ||
         mgd_str_eqc(type, "Labeled Extract Name");
}

/// The node of an Input/Output cell.
static MgdStatus
io_node(MgdMmds* const m, const TableCtx* const tc, const MgdStr type,
        const MgdStr name, MgdBuf* const out)
{
  MgdStatus st = MGD_SUCCESS;
  if (mgd_str_eqc(type, "Sample Name") || mgd_str_eqc(type, "Material Name") ||
      mgd_str_eqc(type, "Extract Name") ||
      mgd_str_eqc(type, "Labeled Extract Name")) {
    return mgd_mmds_sample(m, name, out);
  }
  if (mgd_str_eqc(type, "Source Name")) {
    st = mgd_mmds_mint(m, "source", name, out);
    st = st ? st : mgd_mmds_type(m, mgd_buf_str(out), "rembi:Biosample");
    return st ? st : mgd_mmds_lit(m, mgd_buf_str(out), "schema:name", name);
  }
  // Data: a file of the ARC when it exists under the workbook's dataset/.
  char        path[4096];
  struct stat sb;
  snprintf(path, sizeof(path), "%s/dataset/%.*s", tc->dir, (int)name.len,
           name.ptr);
  if (!stat(path, &sb) && strlen(path) > strlen(m->root) + 1) {
    return mgd_mmds_mint_path(m, mgd_str(path + strlen(m->root) + 1), out);
  }
  st = mgd_mmds_mint(m, "data", name, out);
  st = st ? st : mgd_mmds_type(m, mgd_buf_str(out), "schema:MediaObject");
  st = st ? st : mgd_mmds_lit(m, mgd_buf_str(out), "schema:name", name);
  return st;
}

static MgdStatus
table_sheet(MgdMmds* const m, const TableCtx* const tc,
            const MgdXlsxSheet* const sh)
{
  // Header row 0: find Input/Output columns.
  uint32_t in_col = UINT32_MAX, out_col = UINT32_MAX, n_cols = 0;
  for (size_t i = 0; i < sh->n_cells && sh->cells[i].row == 0; ++i) {
    MgdStr k, n;
    split_header(sh->cells[i].v, &k, &n);
    if (mgd_str_eqc(k, "Input")) {
      in_col = sh->cells[i].col;
    } else if (mgd_str_eqc(k, "Output")) {
      out_col = sh->cells[i].col;
    }
    n_cols = sh->cells[i].col + 1;
  }
  if (in_col == UINT32_MAX && out_col == UINT32_MAX) {
    return MGD_FAILURE; // not an annotation table
  }
  MgdStatus st   = MGD_SUCCESS;
  MgdBuf    proc = { 0 }, prot = { 0 }, in = { 0 }, out = { 0 }, pv = { 0 },
         iri = { 0 }, tmp = { 0 };
  const uint32_t rows = mgd_xlsx_rows(sh);
  MgdStr         in_k, in_t, out_k, out_t;
  split_header(mgd_xlsx_get(sh, 0, in_col), &in_k, &in_t);
  split_header(mgd_xlsx_get(sh, 0, out_col), &out_k, &out_t);
  // The protocol: the sheet (or its Protocol REF value per row).
  mgd_buf_reset(&prot);
  st = mgd_buf_append(&prot, tc->parent.ptr, tc->parent.len);
  st = st ? st : mgd_buf_appendc(&prot, "/protocol/");
  st = st ? st : mgd_ingest_pct(mgd_str(sh->name), &prot);
  st = st ? st : mgd_mmds_type(m, mgd_buf_str(&prot), "bioschemas:LabProtocol");
  st =
    st ? st
       : mgd_mmds_lit(m, mgd_buf_str(&prot), "schema:name", mgd_str(sh->name));
  for (uint32_t r = 1; !st && r < rows; ++r) {
    const MgdStr iv = mgd_mmds_trim(mgd_xlsx_get(sh, r, in_col));
    const MgdStr ov = mgd_mmds_trim(mgd_xlsx_get(sh, r, out_col));
    if (!iv.len && !ov.len) {
      continue;
    }
    mgd_buf_reset(&proc);
    st             = mgd_buf_append(&proc, tc->parent.ptr, tc->parent.len);
    st             = st ? st : mgd_buf_appendc(&proc, "/process/");
    st             = st ? st : mgd_ingest_pct(mgd_str(sh->name), &proc);
    st             = st ? st : mgd_buf_printf(&proc, "/row-%u", r + 1);
    const MgdStr p = mgd_buf_str(&proc);
    st             = st ? st : mgd_mmds_type(m, p, "bioschemas:LabProcess");
    st = st ? st : mgd_mmds_lit(m, p, "schema:name", mgd_str(sh->name));
    st = st ? st
            : mgd_mmds_iri(m, p, "bioschemas:executesLabProtocol",
                           mgd_buf_str(&prot));
    st = st ? st : mgd_mmds_iri(m, p, "schema:isPartOf", tc->parent);
    char cell[16], at[160];
    if (!st && iv.len) {
      // Where a sample-name warning from io_node points.
      mgd_xlsx_ref(r, in_col, cell);
      snprintf(at, sizeof(at), "%s!%s", sh->name, cell);
      m->where      = at;
      m->where_line = r + 1;
      m->where_col  = in_col + 1;
      st            = io_node(m, tc, in_t, iv, &in);
      m->where      = NULL;
      st = st ? st : mgd_mmds_iri(m, p, "schema:object", mgd_buf_str(&in));
    }
    if (!st && ov.len) {
      mgd_xlsx_ref(r, out_col, cell);
      snprintf(at, sizeof(at), "%s!%s", sh->name, cell);
      m->where      = at;
      m->where_line = r + 1;
      m->where_col  = out_col + 1;
      st            = io_node(m, tc, out_t, ov, &out);
      m->where      = NULL;
      st = st ? st : mgd_mmds_iri(m, p, "schema:result", mgd_buf_str(&out));
      if (!st && iv.len && is_material(in_t) && !is_material(out_t) &&
          !mgd_str_eqc(out_t, "Source Name")) {
        // Data measured from a sample: link them directly, as BIDS files
        // are, so one sample node reaches all its data across modalities.
        st =
          mgd_mmds_iri(m, mgd_buf_str(&in), "rembi:hasData", mgd_buf_str(&out));
        st = st ? st
                : mgd_mmds_iri(m, mgd_buf_str(&out), "rembi:sample",
                               mgd_buf_str(&in));
      }
    }
    // Annotation columns with their Term Source REF / Accession / Unit.
    for (uint32_t c = 0; !st && c < n_cols; ++c) {
      if (c == in_col || c == out_col) {
        continue;
      }
      MgdStr       k, name;
      const MgdStr h = mgd_xlsx_get(sh, 0, c);
      if (!split_header(h, &k, &name)) {
        if (mgd_str_eqc(k, "Protocol REF")) {
          const MgdStr v = mgd_mmds_trim(mgd_xlsx_get(sh, r, c));
          if (v.len) {
            st = mgd_mmds_lit(m, mgd_buf_str(&prot), "rembi:protocolFile", v);
          }
        }
        continue; // Term Source REF (...), Unit, ... handled with their value
      }
      const MgdStr v = mgd_mmds_trim(mgd_xlsx_get(sh, r, c));
      if (!v.len) {
        continue;
      }
      MgdStr tan = { 0 }, unit = { 0 }, unit_tan = { 0 }, cat = { 0 };
      // Category accession: "(OBI:0100026)" in the next headers.
      for (uint32_t d = c + 1; d < n_cols && d < c + 6; ++d) {
        MgdStr       dk, dn;
        const MgdStr dh = mgd_xlsx_get(sh, 0, d);
        if (split_header(dh, &dk, &dn)) {
          break;
        }
        const char* lp = memchr(dh.ptr, '(', dh.len);
        if (mgd_str_has_prefix(dh, "Term Accession Number")) {
          if (!unit.len) {
            tan = mgd_mmds_trim(mgd_xlsx_get(sh, r, d));
            if (lp) {
              cat = mgd_str_n(lp + 1, (size_t)(dh.ptr + dh.len - lp - 2));
            }
          } else {
            unit_tan = mgd_mmds_trim(mgd_xlsx_get(sh, r, d));
          }
        } else if (mgd_str_eqc(dh, "Unit")) {
          unit = mgd_mmds_trim(mgd_xlsx_get(sh, r, d));
        }
      }
      char kind[32];
      snprintf(kind, sizeof(kind), "%.*s", (int)k.len, k.ptr);
      for (char* q = kind; *q; ++q) {
        *q = (char)tolower((unsigned char)*q);
      }
      if (!strcmp(kind, "characteristics")) {
        strcpy(kind, "characteristic");
      }
      // Characteristics describe the input material, factors the output,
      // parameters and components the process.
      const bool   on_in  = !strcmp(kind, "characteristic") && iv.len;
      const bool   on_out = !strcmp(kind, "factor") && ov.len;
      const MgdStr target = on_in    ? mgd_buf_str(&in)
                            : on_out ? mgd_buf_str(&out)
                                     : p;
      mgd_buf_reset(&pv);
      st              = mgd_buf_append(&pv, p.ptr, p.len);
      st              = st ? st : mgd_buf_printf(&pv, "#col-%u", c + 1);
      const MgdStr pn = mgd_buf_str(&pv);
      st              = st ? st
                           : mgd_mmds_iri(m, target,
                             !strcmp(kind, "parameter")
                                            ? "bioschemas:parameterValue"
                                            : "schema:additionalProperty",
                                          pn);
      st              = st ? st : mgd_mmds_type(m, pn, "schema:PropertyValue");
      st              = st ? st : mgd_mmds_lit(m, pn, "schema:name", name);
      st              = st ? st : mgd_mmds_lit(m, pn, "rembi:isaColumnKind", k);
      st              = st ? st : mgd_mmds_auto(m, pn, "schema:value", v);
      if (!st && cat.len && !mgd_mmds_curie(cat, &iri)) {
        st = mgd_mmds_iri(m, pn, "schema:propertyID", mgd_buf_str(&iri));
      }
      if (!st && tan.len && !mgd_mmds_curie(tan, &iri) &&
          mgd_str_has_prefix(mgd_buf_str(&iri), "http")) {
        st = mgd_mmds_iri(m, pn, "schema:valueReference", mgd_buf_str(&iri));
      }
      if (!st && unit.len) {
        st = mgd_mmds_lit(m, pn, "schema:unitText", unit);
        if (!st && unit_tan.len && !mgd_mmds_curie(unit_tan, &iri) &&
            mgd_str_has_prefix(mgd_buf_str(&iri), "http")) {
          st = mgd_mmds_iri(m, pn, "schema:unitCode", mgd_buf_str(&iri));
        }
      }
      // Lifts: organism, imaging method (mappings/isa.tsv).
      const MgdMapRow* const lr = st ? NULL : isa_rule(m, kind, name, &tmp);
      if (lr) {
        char p1[128];
        cpy(p1, sizeof(p1), lr->f[3]);
        MgdStatus rs =
          mgd_str_eqc(lr->f[2], "taxon")  ? mgd_mmds_taxon(m, v, &iri)
          : mgd_str_eqc(lr->f[2], "fbbi") ? mgd_mmds_fbbi(m, v, &iri)
                                          : MGD_FAILURE;
        if (rs && tan.len && mgd_str_eqc(lr->f[2], "taxon")) {
          rs = mgd_mmds_taxon(m, tan, &iri);
        }
        if (!rs) {
          st = mgd_mmds_iri(m, target, p1, mgd_buf_str(&iri));
        } else {
          char ref[16];
          mgd_xlsx_ref(r, c, ref);
          char loc[128];
          snprintf(loc, sizeof(loc), "%s!%s", sh->name, ref);
          st = mgd_mmds_warn(m, r + 1, c + 1, loc,
                             "'%.*s' could not be resolved to a term IRI",
                             (int)v.len, v.ptr);
        }
      }
    }
  }
  mgd_buf_clear(&proc);
  mgd_buf_clear(&prot);
  mgd_buf_clear(&in);
  mgd_buf_clear(&out);
  mgd_buf_clear(&pv);
  mgd_buf_clear(&iri);
  mgd_buf_clear(&tmp);
  return st;
}

MgdStatus
mgd_arc_isa_tables(MgdMmds* const m, const char* const path,
                   const MgdStr parent, const char* const kind)
{
  MgdBuf    text = { 0 };
  MgdStatus st   = mgd_mmds_slurp(m, path, &text);
  if (st) {
    mgd_buf_clear(&text);
    return mgd_mmds_skip(m, st, path);
  }
  MgdXlsxBook book;
  st = mgd_xlsx_read(text.data, text.len, path, m->e->diag, &book);
  mgd_buf_clear(&text);
  if (st) {
    return mgd_mmds_skip(m, st, path);
  }
  const char* const saved = m->file;
  m->file                 = path;
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s", path);
  char* const sl = strrchr(dir, '/');
  if (sl) {
    *sl = '\0';
  }
  const TableCtx tc      = { dir, parent };
  st                     = mgd_mmds_type(m, parent,
                     !strcmp(kind, "assay") ? "rembi:Assay"
                                         : !strcmp(kind, "study") ? "rembi:StudyComponent"
                                                                  : "rembi:Study");
  const char* const base = sl ? sl + 1 : path;
  (void)base;
  for (size_t s = 0; !st && s < book.n_sheets; ++s) {
    const MgdStatus ts = table_sheet(m, &tc, &book.sheets[s]);
    if (ts == MGD_FAILURE) {
      st = kv_sheet(m, &book.sheets[s], kind, parent);
    } else {
      st = ts;
    }
  }
  m->file = saved;
  mgd_xlsx_clear(&book);
  return st;
}

static MgdStatus
arc_folder(MgdMmds* const m, const char* const sub, const char* const file,
           const char* const kind, const MgdStr inv)
{
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s/%s", m->root, sub);
  DIR* const d = opendir(dir);
  if (!d) {
    return MGD_SUCCESS;
  }
  // Sorted for stable output.
  char**         names = NULL;
  size_t         n = 0, cap = 0;
  MgdStatus      st = MGD_SUCCESS;
  struct dirent* e  = NULL;
  while (!st && (e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      cap            = cap ? 2 * cap : 16;
      char** const g = mgd_realloc(names, cap * sizeof(char*));
      if (!g) {
        st = MGD_BAD_ALLOC;
        break;
      }
      names = g;
    }
    names[n] = mgd_strndup(e->d_name, strlen(e->d_name));
    st       = names[n] ? MGD_SUCCESS : MGD_BAD_ALLOC;
    n += !st;
  }
  closedir(d);
  for (size_t i = 0; i + 1 < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (strcmp(names[i], names[j]) > 0) {
        char* t  = names[i];
        names[i] = names[j];
        names[j] = t;
      }
    }
  }
  MgdBuf node = { 0 };
  for (size_t i = 0; !st && i < n; ++i) {
    char        p[4096];
    struct stat sb;
    if (snprintf(p, sizeof(p), "%s/%s/%s", dir, names[i], file) >=
          (int)sizeof(p) ||
        stat(p, &sb)) {
      continue;
    }
    st = mgd_mmds_mint(m, kind, mgd_str(names[i]), &node);
    st = st ? st
            : mgd_mmds_lit(m, mgd_buf_str(&node), "schema:name",
                           mgd_str(names[i]));
    st = st ? st
            : mgd_mmds_iri(m, inv,
                           !strcmp(kind, "assay") ? "rembi:hasAssay"
                                                  : "rembi:hasStudyComponent",
                           mgd_buf_str(&node));
    st = st ? st : mgd_mmds_iri(m, mgd_buf_str(&node), "dcterms:isPartOf", inv);
    st = st ? st : mgd_arc_isa_tables(m, p, mgd_buf_str(&node), kind);
  }
  for (size_t i = 0; i < n; ++i) {
    mgd_free(names[i]);
  }
  mgd_free(names);
  mgd_buf_clear(&node);
  return st;
}

typedef struct {
  MgdStr inv;
} ArcWalk;

static MgdStatus
arc_file(MgdMmds* const m, const char* const abs, const MgdStr rel,
         const struct stat* const sb, const bool is_zarr, void* const handle)
{
  const ArcWalk* const w    = handle;
  const char* const    base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
  if (!strncmp(base, "isa.", 4) && strstr(base, ".xlsx")) {
    return MGD_SUCCESS;
  }
  MgdBuf    f  = { 0 };
  MgdStatus st = mgd_mmds_file_node(m, abs, rel, sb, &f);
  st = st ? st : mgd_mmds_iri(m, mgd_buf_str(&f), "schema:isPartOf", w->inv);
  if (!st && is_zarr) {
    st = mgd_zarr_read(m, abs, mgd_buf_str(&f));
  }
  mgd_buf_clear(&f);
  return st;
}

MgdStatus
mgd_arc_read(MgdMmds* const m)
{
  MgdBuf    inv  = { 0 };
  MgdStatus st   = mgd_buf_append(&inv, m->e->graph.data, m->e->graph.len);
  st             = st ? st : mgd_buf_appendc(&inv, "/investigation");
  const MgdStr i = mgd_buf_str(&inv);
  st             = st ? st : mgd_mmds_type(m, i, "schema:Dataset");
  st = st ? st : mgd_mmds_lit(m, i, "rembi:datasetLayout", mgd_str("ARC"));
  char path[4096];
  snprintf(path, sizeof(path), "%s/isa.investigation.xlsx", m->root);
  st        = st ? st : mgd_arc_isa_tables(m, path, i, "investigation");
  st        = st ? st : arc_folder(m, "studies", "isa.study.xlsx", "study", i);
  st        = st ? st : arc_folder(m, "assays", "isa.assay.xlsx", "assay", i);
  ArcWalk w = { i };
  st        = st ? st : mgd_mmds_walk(m, arc_file, &w);
  mgd_buf_clear(&inv);
  return st;
}
