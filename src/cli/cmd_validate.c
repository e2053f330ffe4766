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
// directory MGD_DATADIR/shapes (`make install` puts shapes/*.ttl there),
// then the source tree the binary was built from.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "db/db_ingest.h"
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

// Resolve --shapes to a file path (owned by the caller): the same lookup
// as `mugdat ingest --validate` (db_ingest.h). A FILE is taken as given,
// so that reading it reports the I/O error.
static char*
shapes_path(const char* const arg)
{
  MgdBuf path;
  mgd_buf_init(&path);
  if (strchr(arg, '/') || mgd_format_from_path(arg) != MGD_FORMAT_UNKNOWN) {
    return mgd_strndup(arg, strlen(arg));
  }
  if (mgd_db_shapes_find(arg, false, &path) != MGD_SUCCESS) {
    mgd_buf_clear(&path);
    return NULL;
  }
  return path.data;
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

// ------------------------------------------------------ report printers

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
append_term(MgdBuf* const out, const MgdTerm* const t)
{
  if (t->kind == MGD_TERM_IRI) {
    append_iri(out, t->value);
  } else {
    (void)mgd_term_write_nt(out, t);
  }
}

// A path from the engine (<full IRIs>) with the IRIs compacted.
static void
append_path(MgdBuf* const out, const MgdStr path)
{
  size_t i = 0U;
  while (i < path.len) {
    const char* const close =
      path.ptr[i] == '<'
        ? (const char*)memchr(path.ptr + i, '>', path.len - i)
        : NULL;
    if (close) {
      append_iri(out, mgd_str_n(path.ptr + i + 1U,
                                (size_t)(close - path.ptr) - i - 1U));
      i = (size_t)(close - path.ptr) + 1U;
    } else {
      (void)mgd_buf_putc(out, path.ptr[i++]);
    }
  }
}

static MgdStr
local_name(const MgdStr iri)
{
  size_t i = iri.len;
  while (i > 0U && iri.ptr[i - 1U] != '#' && iri.ptr[i - 1U] != '/') {
    --i;
  }
  return mgd_str_n(iri.ptr + i, iri.len - i);
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

// A term for JSON: IRIs bare, blank nodes and literals in N-Triples form,
// so that a consumer can tell them apart.
static void
json_term(MgdBuf* const out, const MgdTerm* const t)
{
  MgdBuf nt;
  mgd_buf_init(&nt);
  if (t->kind == MGD_TERM_IRI) {
    (void)mgd_buf_append(&nt, t->value.ptr, t->value.len);
  } else {
    (void)mgd_term_write_nt(&nt, t);
  }
  json_string(out, mgd_buf_str(&nt));
  mgd_buf_clear(&nt);
}

typedef struct {
  FILE*  stream;
  bool   json;
  size_t n;   // results printed
  MgdBuf out; // one result's text
} Printer;

static MgdStatus
print_result(void* const handle, const MgdShaclResult* const r)
{
  Printer* const p = (Printer*)handle;
  MgdBuf* const  out = &p->out;
  const MgdStr   sev = local_name(r->severity.value);
  mgd_buf_reset(out);
  if (p->json) {
    (void)mgd_buf_appendc(out, p->n ? ",\n  {" : "\n  {");
    (void)mgd_buf_appendc(out, "\"severity\": ");
    json_string(out, sev);
    (void)mgd_buf_appendc(out, ", \"focusNode\": ");
    json_term(out, &r->focus);
    if (r->path.len) {
      (void)mgd_buf_appendc(out, ", \"resultPath\": ");
      json_string(out, r->path);
    }
    if (r->value.kind != MGD_TERM_NONE) {
      (void)mgd_buf_appendc(out, ", \"value\": ");
      json_term(out, &r->value);
    }
    (void)mgd_buf_appendc(out, ", \"sourceShape\": ");
    json_term(out, &r->shape);
    (void)mgd_buf_appendc(out, ", \"sourceConstraintComponent\": ");
    json_string(out, r->component);
    (void)mgd_buf_appendc(out, ", \"messages\": [");
    for (size_t i = 0U; i < r->n_messages; ++i) {
      (void)mgd_buf_appendc(out, i ? ", " : "");
      json_string(out, r->messages[i].value);
    }
    (void)mgd_buf_appendc(out, "]}");
  } else {
    (void)mgd_buf_printf(out, "%.*s: ", (int)sev.len, sev.ptr);
    append_term(out, &r->focus);
    if (r->path.len) {
      (void)mgd_buf_putc(out, ' ');
      append_path(out, r->path);
    }
    if (r->n_messages) {
      (void)mgd_buf_printf(out, ": %.*s", (int)r->messages[0].value.len,
                           r->messages[0].value.ptr);
    }
    if (r->value.kind != MGD_TERM_NONE) {
      (void)mgd_buf_appendc(out, " (value ");
      append_term(out, &r->value);
      (void)mgd_buf_putc(out, ')');
    }
    const MgdStr comp = local_name(r->component);
    (void)mgd_buf_printf(out, " [%.*s, shape ", (int)comp.len, comp.ptr);
    append_term(out, &r->shape);
    (void)mgd_buf_appendc(out, "]\n");
  }
  ++p->n;
  if (!out->data || fwrite(out->data, 1U, out->len, p->stream) != out->len) {
    return out->data ? MGD_BAD_IO : MGD_BAD_ALLOC;
  }
  return MGD_SUCCESS;
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
  Printer         printer = {stdout, json, 0U, {NULL, 0U, 0U}};
  MgdShaclSummary sum;
  MgdStatus       st = MGD_SUCCESS;
  if (!shapes_store) {
    code = MGD_EXIT_INTERNAL;
    goto done;
  }
  if ((st = read_into(path, shapes_store)) != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  const MgdSource shapes_src = mgd_memstore_source(shapes_store);
  MgdShaclOptions opts = {&mgd_cli_diag, NULL, path, NULL, NULL};
  if ((st = mgd_shacl_compile(&shapes_src, &opts, &shapes)) != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  MgdSource data;
  MgdTerm   g = mgd_term_none();
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
  MgdSink report_sink;
  memset(&report_sink, 0, sizeof(report_sink));
  if (json || text) {
    // Streamed result by result: memory stays bounded however many.
    opts.on_result = print_result;
    opts.result_handle = &printer;
    if (json) {
      fputs("{\"results\": [", stdout);
    }
  } else {
    st = mgd_rdf_writer_new(MGD_FORMAT_TURTLE, mgd_write_file, stdout,
                            &writer);
    for (size_t i = 0U; st == MGD_SUCCESS &&
                        i < sizeof(report_prefixes) / sizeof(report_prefixes[0]);
         ++i) {
      st = mgd_rdf_writer_add_prefix(writer, report_prefixes[i][0],
                                     report_prefixes[i][1]);
    }
    if (st != MGD_SUCCESS) {
      code = mgd_cli_exit(st);
      goto done;
    }
    report_sink = mgd_rdf_writer_sink(writer);
  }
  st = mgd_shacl_validate(shapes, &data, graph ? &g : NULL, &opts,
                          writer ? &report_sink : NULL, &sum);
  if (st == MGD_SUCCESS && writer) {
    st = mgd_sink_end(&report_sink);
  }
  if (st != MGD_SUCCESS) {
    code = mgd_cli_exit(st);
    goto done;
  }
  if (json) {
    printf("%s],\n \"conforms\": %s, \"counts\": {\"results\": %llu, "
           "\"violations\": %llu, \"warnings\": %llu, \"infos\": %llu, "
           "\"focusNodes\": %llu}}\n",
           printer.n ? "\n " : "", sum.conforms ? "true" : "false",
           (unsigned long long)sum.n_results,
           (unsigned long long)sum.n_violation,
           (unsigned long long)sum.n_warning, (unsigned long long)sum.n_info,
           (unsigned long long)sum.n_focus);
  } else if (text) {
    puts(sum.conforms ? "Conforms." : "Does not conform.");
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
  mgd_buf_clear(&printer.out);
  mgd_free(path);
  return code;
}
