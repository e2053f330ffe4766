// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat validate [--db DIR [--graph IRI] | FILE...] --shapes NAME|FILE
//                 [--format ttl|json|text]
//
// Validates RDF files (read into memory) or a store (one read transaction;
// the union of all graphs unless --graph names one) against SHACL shapes
// and prints the validation report. Exit 0 if the data conforms, 1 if it
// does not (or input is bad), 2 usage, 3 internal error. A summary line
// goes to stderr.
//
// --shapes takes a file path (anything containing '/' or ending in .ttl,
// .nt, .rdf, ...) or a NAME that resolves to NAME.ttl in the first of:
// $MUGDAT_SHAPES_DIR, $MUGDAT_SRCDIR/shapes, and the installed data
// directory MGD_DATADIR/shapes (`make install` puts shapes/*.ttl there).

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "rdf/memstore.h"
#include "shacl/shacl.h"
#include "syntax/format.h"
#include "syntax/rdf_read.h"
#include "syntax/rdf_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MGD_DATADIR
#define MGD_DATADIR "/usr/local/share/mugdat"
#endif

#define SH MGD_NS_SH

static const char* const report_prefixes[][2] = {
  {"sh", SH},
  {"rdf", MGD_NS_RDF},
  {"xsd", MGD_NS_XSD},
  {"schema", "http://schema.org/"},
  {"dcterms", "http://purl.org/dc/terms/"},
  {"ome", "https://ld.openmicroscopy.org/core/"},
};

// Resolve --shapes to a readable file path (owned by the caller).
static char*
shapes_path(const char* const arg)
{
  const size_t n = strlen(arg);
  if (strchr(arg, '/') || mgd_format_from_path(arg) != MGD_FORMAT_UNKNOWN) {
    return mgd_strndup(arg, n);
  }
  const char* const env_dir = getenv("MUGDAT_SHAPES_DIR");
  const char* const src_dir = getenv("MUGDAT_SRCDIR");
  const char* const dirs[] = {env_dir, src_dir, MGD_DATADIR};
  const char* const subs[] = {"", "/shapes", "/shapes"};
  for (size_t i = 0U; i < 3U; ++i) {
    if (!dirs[i] || !*dirs[i]) {
      continue;
    }
    MgdBuf path;
    mgd_buf_init(&path);
    if (mgd_buf_printf(&path, "%s%s/%s.ttl", dirs[i], subs[i], arg) ==
          MGD_SUCCESS &&
        access(path.data, R_OK) == 0) {
      return path.data;
    }
    mgd_buf_clear(&path);
  }
  return NULL;
}

static MgdStatus
read_into(const char* const path, MgdMemStore* const store)
{
  MgdReadOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.diag = &mgd_cli_diag;
  opts.source_name = path;
  const MgdSink sink = mgd_memstore_sink(store);
  return mgd_rdf_read_path(path, &opts, &sink, NULL);
}

// ------------------------------------------------------ report traversal

typedef struct {
  MgdMemStore* store;
  MgdSource    src;
  MgdArena     arena;
  MgdId        v_result, v_focus, v_path, v_value, v_shape, v_comp, v_sev,
               v_msg, v_first, v_rest, v_nil;
} Report;

static MgdId
rid(Report* const r, const char* const iri)
{
  const MgdTerm t = mgd_term_iri(mgd_str(iri));
  MgdId         id = MGD_ID_NONE;
  return mgd_source_lookup(&r->src, &t, &id) == MGD_SUCCESS ? id
                                                            : MGD_ID_NONE;
}

// Objects of (s, p) in order, at most `max`; returns how many.
static size_t
objects(Report* const r, const MgdId s, const MgdId p, MgdId* const out,
        const size_t max)
{
  size_t n = 0U;
  if (s == MGD_ID_NONE || p == MGD_ID_NONE) {
    return 0U;
  }
  const MgdIdQuad pat = {s, p, MGD_ID_NONE, MGD_ID_NONE};
  MgdIter*        it = NULL;
  MgdIdQuad       q;
  if (r->src.vt->match(r->src.handle, &pat, &it) == MGD_SUCCESS) {
    while (n < max && r->src.vt->next(it, &q) == MGD_SUCCESS) {
      out[n++] = q.o;
    }
  }
  r->src.vt->iter_free(it);
  return n;
}

static MgdId
object(Report* const r, const MgdId s, const MgdId p)
{
  MgdId o = MGD_ID_NONE;
  return objects(r, s, p, &o, 1U) ? o : MGD_ID_NONE;
}

// An IRI, compacted with the report prefixes when possible.
static void
append_iri(MgdBuf* const out, const MgdStr iri)
{
  for (size_t i = 0U; i < sizeof(report_prefixes) / sizeof(report_prefixes[0]);
       ++i) {
    const size_t n = strlen(report_prefixes[i][1]);
    if (iri.len > n && memcmp(iri.ptr, report_prefixes[i][1], n) == 0) {
      (void)mgd_buf_printf(out, "%s:%.*s", report_prefixes[i][0],
                           (int)(iri.len - n), iri.ptr + n);
      return;
    }
  }
  (void)mgd_buf_printf(out, "<%.*s>", (int)iri.len, iri.ptr);
}

static void
append_term(Report* const r, MgdBuf* const out, const MgdId id)
{
  MgdTerm t;
  if (mgd_source_term(&r->src, id, &r->arena, &t) != MGD_SUCCESS) {
    return;
  }
  if (t.kind == MGD_TERM_IRI) {
    append_iri(out, t.value);
  } else {
    (void)mgd_term_write_nt(out, &t);
  }
}

// A SHACL path (from its copy in the report) in SPARQL property path syntax.
static void
append_path(Report* const r, MgdBuf* const out, const MgdId node,
            const unsigned depth)
{
  static const char* const unary[][2] = {
    {SH "inversePath", "^"},
    {SH "zeroOrMorePath", "*"},
    {SH "oneOrMorePath", "+"},
    {SH "zeroOrOnePath", "?"},
  };
  MgdTerm t;
  if (depth > 32U ||
      mgd_source_term(&r->src, node, &r->arena, &t) != MGD_SUCCESS) {
    return;
  }
  if (t.kind != MGD_TERM_BLANK) {
    append_term(r, out, node);
    return;
  }
  MgdId item = object(r, node, r->v_first);
  if (item != MGD_ID_NONE) {
    (void)mgd_buf_putc(out, '(');
    for (MgdId cell = node; cell != MGD_ID_NONE && cell != r->v_nil;
         cell = object(r, cell, r->v_rest)) {
      if (cell != node) {
        (void)mgd_buf_putc(out, '/');
      }
      append_path(r, out, object(r, cell, r->v_first), depth + 1U);
    }
    (void)mgd_buf_putc(out, ')');
    return;
  }
  const MgdId alt = object(r, node, rid(r, SH "alternativePath"));
  if (alt != MGD_ID_NONE) {
    (void)mgd_buf_putc(out, '(');
    for (MgdId cell = alt; cell != MGD_ID_NONE && cell != r->v_nil;
         cell = object(r, cell, r->v_rest)) {
      if (cell != alt) {
        (void)mgd_buf_putc(out, '|');
      }
      append_path(r, out, object(r, cell, r->v_first), depth + 1U);
    }
    (void)mgd_buf_putc(out, ')');
    return;
  }
  for (size_t i = 0U; i < 4U; ++i) {
    item = object(r, node, rid(r, unary[i][0]));
    if (item != MGD_ID_NONE) {
      if (i == 0U) {
        (void)mgd_buf_putc(out, '^');
      }
      (void)mgd_buf_putc(out, '(');
      append_path(r, out, item, depth + 1U);
      (void)mgd_buf_putc(out, ')');
      if (i) {
        (void)mgd_buf_appendc(out, unary[i][1]);
      }
      return;
    }
  }
}

static void
json_string(MgdBuf* const out, const MgdStr s)
{
  (void)mgd_buf_putc(out, '"');
  for (size_t i = 0U; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    if (c == '"' || c == '\\') {
      (void)mgd_buf_putc(out, '\\');
      (void)mgd_buf_putc(out, (char)c);
    } else if (c < 0x20U) {
      (void)mgd_buf_printf(out, "\\u%04x", c);
    } else {
      (void)mgd_buf_putc(out, (char)c);
    }
  }
  (void)mgd_buf_putc(out, '"');
}

// A term for JSON: IRIs and blank nodes as "<...>"/"_:b", literals by their
// N-Triples form, so a consumer can tell them apart.
static void
json_term(Report* const r, MgdBuf* const out, const MgdId id)
{
  MgdTerm t;
  MgdBuf  nt;
  mgd_buf_init(&nt);
  if (mgd_source_term(&r->src, id, &r->arena, &t) == MGD_SUCCESS) {
    if (t.kind == MGD_TERM_IRI) {
      (void)mgd_buf_append(&nt, t.value.ptr, t.value.len);
    } else {
      (void)mgd_term_write_nt(&nt, &t);
    }
  }
  json_string(out, mgd_buf_str(&nt));
  mgd_buf_clear(&nt);
}

static MgdStr
local_name(Report* const r, const MgdId id)
{
  MgdTerm t;
  if (mgd_source_term(&r->src, id, &r->arena, &t) != MGD_SUCCESS) {
    return mgd_str("?");
  }
  size_t i = t.value.len;
  while (i > 0U && t.value.ptr[i - 1U] != '#' && t.value.ptr[i - 1U] != '/') {
    --i;
  }
  return mgd_str_n(t.value.ptr + i, t.value.len - i);
}

static void
print_results(Report* const r, const bool json, const MgdShaclSummary* sum,
              FILE* const stream)
{
  MgdBuf out;
  mgd_buf_init(&out);
  r->src = mgd_memstore_source(r->store);
  r->v_result = rid(r, SH "result");
  r->v_focus = rid(r, SH "focusNode");
  r->v_path = rid(r, SH "resultPath");
  r->v_value = rid(r, SH "value");
  r->v_shape = rid(r, SH "sourceShape");
  r->v_comp = rid(r, SH "sourceConstraintComponent");
  r->v_sev = rid(r, SH "resultSeverity");
  r->v_msg = rid(r, SH "resultMessage");
  r->v_first = rid(r, MGD_NS_RDF "first");
  r->v_rest = rid(r, MGD_NS_RDF "rest");
  r->v_nil = rid(r, MGD_NS_RDF "nil");
  if (json) {
    (void)mgd_buf_printf(
      &out,
      "{\"conforms\": %s, \"counts\": {\"results\": %llu, \"violations\": "
      "%llu, \"warnings\": %llu, \"infos\": %llu, \"focusNodes\": %llu},\n"
      " \"results\": [",
      sum->conforms ? "true" : "false", (unsigned long long)sum->n_results,
      (unsigned long long)sum->n_violation,
      (unsigned long long)sum->n_warning, (unsigned long long)sum->n_info,
      (unsigned long long)sum->n_focus);
  }
  const MgdTerm   report_node = mgd_term_blank(mgd_str("shaclreport"));
  MgdId           report = MGD_ID_NONE;
  const MgdIdQuad pat0 = {MGD_ID_NONE, r->v_result, MGD_ID_NONE, MGD_ID_NONE};
  MgdIdQuad       pat = pat0;
  MgdIter*        it = NULL;
  MgdIdQuad       q;
  size_t          n = 0U;
  (void)mgd_source_lookup(&r->src, &report_node, &report);
  pat.s = report;
  if (report != MGD_ID_NONE && r->v_result != MGD_ID_NONE &&
      r->src.vt->match(r->src.handle, &pat, &it) == MGD_SUCCESS) {
    while (r->src.vt->next(it, &q) == MGD_SUCCESS) {
      const MgdId res = q.o;
      MgdId       msgs[8];
      const size_t n_msgs = objects(r, res, r->v_msg, msgs, 8U);
      const MgdId  path = object(r, res, r->v_path);
      const MgdId  value = object(r, res, r->v_value);
      if (json) {
        (void)mgd_buf_appendc(&out, n++ ? ",\n  {" : "\n  {");
        (void)mgd_buf_appendc(&out, "\"severity\": ");
        const MgdStr sev = local_name(r, object(r, res, r->v_sev));
        json_string(&out, sev);
        (void)mgd_buf_appendc(&out, ", \"focusNode\": ");
        json_term(r, &out, object(r, res, r->v_focus));
        if (path != MGD_ID_NONE) {
          MgdBuf p;
          mgd_buf_init(&p);
          append_path(r, &p, path, 0U);
          (void)mgd_buf_appendc(&out, ", \"resultPath\": ");
          json_string(&out, mgd_buf_str(&p));
          mgd_buf_clear(&p);
        }
        if (value != MGD_ID_NONE) {
          (void)mgd_buf_appendc(&out, ", \"value\": ");
          json_term(r, &out, value);
        }
        (void)mgd_buf_appendc(&out, ", \"sourceShape\": ");
        json_term(r, &out, object(r, res, r->v_shape));
        (void)mgd_buf_appendc(&out, ", \"sourceConstraintComponent\": ");
        json_term(r, &out, object(r, res, r->v_comp));
        (void)mgd_buf_appendc(&out, ", \"messages\": [");
        for (size_t i = 0U; i < n_msgs; ++i) {
          MgdTerm t;
          (void)mgd_buf_appendc(&out, i ? ", " : "");
          if (mgd_source_term(&r->src, msgs[i], &r->arena, &t) ==
              MGD_SUCCESS) {
            json_string(&out, t.value);
          }
        }
        (void)mgd_buf_appendc(&out, "]}");
      } else {
        const MgdStr sev = local_name(r, object(r, res, r->v_sev));
        (void)mgd_buf_printf(&out, "%.*s: ", (int)sev.len, sev.ptr);
        append_term(r, &out, object(r, res, r->v_focus));
        if (path != MGD_ID_NONE) {
          (void)mgd_buf_appendc(&out, " ");
          append_path(r, &out, path, 0U);
        }
        MgdTerm t;
        if (n_msgs && mgd_source_term(&r->src, msgs[0], &r->arena, &t) ==
                        MGD_SUCCESS) {
          (void)mgd_buf_printf(&out, ": %.*s", (int)t.value.len, t.value.ptr);
        }
        if (value != MGD_ID_NONE) {
          (void)mgd_buf_appendc(&out, " (value ");
          append_term(r, &out, value);
          (void)mgd_buf_appendc(&out, ")");
        }
        const MgdStr comp = local_name(r, object(r, res, r->v_comp));
        (void)mgd_buf_printf(&out, " [%.*s, shape ", (int)comp.len, comp.ptr);
        append_term(r, &out, object(r, res, r->v_shape));
        (void)mgd_buf_appendc(&out, "]\n");
      }
      fwrite(out.data, 1U, out.len, stream);
      mgd_buf_reset(&out);
      mgd_arena_reset(&r->arena);
    }
  }
  r->src.vt->iter_free(it);
  if (json) {
    (void)mgd_buf_appendc(&out, "\n ]}\n");
  } else {
    (void)mgd_buf_printf(&out, "%s\n",
                         sum->conforms ? "Conforms." : "Does not conform.");
  }
  fwrite(out.data ? out.data : "", 1U, out.len, stream);
  mgd_buf_clear(&out);
}

int
mgd_cmd_validate(const int argc, char** const argv)
{
  const char* dir = NULL;
  const char* graph = NULL;
  const char* shapes_arg = NULL;
  const char* format = "ttl";
  bool        bad = false;
  int         first_file = 0;
  int         n_files = 0;
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--graph", &graph, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--shapes", &shapes_arg, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--format", &format, &bad)) {
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1]) {
      return mgd_cli_usage("validate", "unknown option '%s'", argv[i]);
    }
    if (n_files && first_file + n_files != i) {
      return mgd_cli_usage("validate", "files must come together");
    }
    first_file = n_files ? first_file : i;
    ++n_files;
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  if (!shapes_arg) {
    return mgd_cli_usage("validate", "--shapes NAME|FILE is required");
  }
  if ((dir || graph) && n_files) {
    return mgd_cli_usage("validate", "give either --db or files, not both");
  }
  if (graph && !dir && !getenv("MUGDAT_DB")) {
    return mgd_cli_usage("validate", "--graph needs --db");
  }
  const bool use_db = !n_files;
  const bool json = !strcmp(format, "json");
  const bool text = !strcmp(format, "text");
  if (!json && !text && strcmp(format, "ttl") != 0) {
    return mgd_cli_usage("validate", "unsupported format '%s' (ttl json text)",
                         format);
  }
  char* const path = shapes_path(shapes_arg);
  if (!path) {
    fprintf(stderr,
            "mugdat validate: error: no shapes named '%s' (looked for %s.ttl "
            "in $MUGDAT_SHAPES_DIR, $MUGDAT_SRCDIR/shapes and %s/shapes)\n",
            shapes_arg, shapes_arg, MGD_DATADIR);
    return MGD_EXIT_BAD;
  }

  int             code = MGD_EXIT_OK;
  MgdMemStore*    shapes_store = mgd_memstore_new();
  MgdMemStore*    data_store = NULL;
  MgdShapes*      shapes = NULL;
  MgdDb*          db = NULL;
  MgdDbRead*      read = NULL;
  MgdRdfWriter*   writer = NULL;
  Report          rep;
  MgdShaclSummary sum;
  MgdStatus       st = MGD_SUCCESS;
  memset(&rep, 0, sizeof(rep));
  mgd_arena_init(&rep.arena, 0U);
  rep.store = mgd_memstore_new();
  if (!shapes_store || !rep.store) {
    code = MGD_EXIT_INTERNAL;
    goto done;
  }
  if ((st = read_into(path, shapes_store)) != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSource shapes_src = mgd_memstore_source(shapes_store);
  MgdShaclOptions opts = {&mgd_cli_diag, NULL, path};
  if ((st = mgd_shacl_compile(&shapes_src, &opts, &shapes)) != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  MgdSource     data;
  MgdTerm       g = mgd_term_none();
  const MgdSink report_sink = mgd_memstore_sink(rep.store);
  if (use_db) {
    if ((code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db)) != 0) {
      goto done;
    }
    if ((st = mgd_db_read_begin(db, &read)) != MGD_SUCCESS) {
      code = mgd_cli_exit(st);
      goto done;
    }
    data = mgd_db_read_source(read);
    if (graph) {
      g = mgd_term_iri(mgd_str(graph));
    }
  } else {
    data_store = mgd_memstore_new();
    if (!data_store) {
      code = MGD_EXIT_INTERNAL;
      goto done;
    }
    for (int i = 0; i < n_files; ++i) {
      if ((st = read_into(argv[first_file + i], data_store)) != MGD_SUCCESS) {
        code = mgd_cli_exit(st);
        goto done;
      }
    }
    data = mgd_memstore_source(data_store);
  }
  opts.source_name = NULL;
  st = mgd_shacl_validate(shapes, &data, graph ? &g : NULL, &opts,
                          &report_sink, &sum);
  if (st != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  if (json || text) {
    print_results(&rep, json, &sum, stdout);
  } else {
    // Turtle: the report's quads in the order they were made.
    const MgdSource rsrc = mgd_memstore_source(rep.store);
    const MgdIdQuad pat = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE,
                           MGD_ID_NONE};
    MgdIter*        it = NULL;
    MgdIdQuad       q;
    st = mgd_rdf_writer_new(MGD_FORMAT_TURTLE, mgd_write_file, stdout,
                            &writer);
    for (size_t i = 0U; st == MGD_SUCCESS &&
                        i < sizeof(report_prefixes) / sizeof(report_prefixes[0]);
         ++i) {
      st = mgd_rdf_writer_add_prefix(writer, report_prefixes[i][0],
                                     report_prefixes[i][1]);
    }
    const MgdSink out = writer ? mgd_rdf_writer_sink(writer) : report_sink;
    // The report node's triples first, then the rest in the order made.
    const MgdTerm report_node = mgd_term_blank(mgd_str("shaclreport"));
    MgdId         report_id = MGD_ID_NONE;
    (void)mgd_source_lookup(&rsrc, &report_node, &report_id);
    for (int pass = 0; pass < 2 && st == MGD_SUCCESS; ++pass) {
    MgdIdQuad pattern = pat;
    pattern.s = pass ? MGD_ID_NONE : report_id;
    if (st == MGD_SUCCESS) {
      st = rsrc.vt->match(rsrc.handle, &pattern, &it);
    }
    while (st == MGD_SUCCESS && (st = rsrc.vt->next(it, &q)) == MGD_SUCCESS) {
      MgdQuad quad;
      if (pass && q.s == report_id) {
        continue;
      }
      mgd_arena_reset(&rep.arena);
      if ((st = mgd_source_term(&rsrc, q.s, &rep.arena, &quad.s)) ||
          (st = mgd_source_term(&rsrc, q.p, &rep.arena, &quad.p)) ||
          (st = mgd_source_term(&rsrc, q.o, &rep.arena, &quad.o))) {
        break;
      }
      quad.g = mgd_term_none();
      st = mgd_sink_quad(&out, &quad);
    }
    rsrc.vt->iter_free(it);
    it = NULL;
    if (st == MGD_FAILURE && !pass) {
      st = MGD_SUCCESS;
    }
    }
    if (st == MGD_FAILURE) {
      st = mgd_sink_end(&out);
    }
    if (st != MGD_SUCCESS) {
      code = mgd_cli_exit(st);
      goto done;
    }
  }
  fflush(stdout);
  fprintf(stderr,
          "mugdat validate: %s: %llu results (%llu violations, %llu warnings, "
          "%llu infos) on %llu focus nodes\n",
          sum.conforms ? "conforms" : "does not conform",
          (unsigned long long)sum.n_results,
          (unsigned long long)sum.n_violation,
          (unsigned long long)sum.n_warning, (unsigned long long)sum.n_info,
          (unsigned long long)sum.n_focus);
  code = sum.conforms ? MGD_EXIT_OK : MGD_EXIT_BAD;
done:
  mgd_rdf_writer_free(writer);
  mgd_db_read_end(read);
  mgd_db_close(db);
  mgd_shacl_free(shapes);
  mgd_memstore_free(shapes_store);
  mgd_memstore_free(data_store);
  mgd_memstore_free(rep.store);
  mgd_arena_clear(&rep.arena);
  mgd_free(path);
  return code;
}
