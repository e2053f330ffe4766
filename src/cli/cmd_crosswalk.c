// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat crosswalk --to PROFILE [--from PROFILE] [--format F]
//                  [--drop-unmapped] [--explain] [--out FILE]
//                  FILE | --db DIR --graph IRI
//   F: ttl nt nq jsonld rdf, or datacite-json with --to datacite
//
// Rewrites a record into a profile's vocabulary (src/crosswalk/crosswalk.h)
// and writes it (ttl default, nt, nq, jsonld, rdf; with --to datacite also
// datacite-json: DataCite Metadata Schema 4.x JSON of the root dataset). FILE is read as RDF
// when it is RDF (by its bytes and extension: omero-rdf writes Turtle into
// *.rdf files) and otherwise through the ingester that recognises it
// (OME-XML, REMBI, RO-Crate, IDR, ...), so it is crosswalked as MUGDAT
// stores it. Counts go to stderr, never into the RDF; --explain also lists
// each rewritten term with the SSSOM rows (predicate, semapv justification,
// line) that justify it. Exit 0 ok, 1 bad
// input or mapping file, 2 usage or unknown profile, 3 internal error.

#include "cli.h"
#include "commands.h"

#include "base/alloc.h"
#include "crosswalk/crosswalk.h"
#include "db/db.h"
#include "ingest/ingest.h"
#include "rdf/memstore.h"
#include "syntax/format.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_read.h"
#include "syntax/rdf_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The syntax of an RDF file: RDF/XML only if it looks like XML (omero-rdf
// names Turtle files *.rdf), else by extension, Turtle by default.
static MgdFormat
rdf_format(const char* const path)
{
  const MgdFormat by_name = mgd_format_from_path(path);
  FILE* const     f       = fopen(path, "rb");
  char            head[64];
  size_t          n = f ? fread(head, 1U, sizeof(head) - 1U, f) : 0U;
  if (f) {
    fclose(f);
  }
  head[n]  = '\0';
  size_t i = 0U;
  while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
                   head[i] == '\t')) {
    ++i;
  }
  if (by_name == MGD_FORMAT_RDFXML || by_name == MGD_FORMAT_UNKNOWN) {
    return head[i] == '<' && (head[i + 1U] == '?' || head[i + 1U] == 'r')
             ? MGD_FORMAT_RDFXML
             : MGD_FORMAT_TURTLE;
  }
  return by_name;
}

static MgdStatus
read_rdf(const char* const path, const MgdSink* const sink)
{
  MgdJsonldOptions jo;
  mgd_jsonld_options_init(&jo);
  MgdReadOptions o;
  memset(&o, 0, sizeof(o));
  o.format         = rdf_format(path);
  o.diag           = &mgd_cli_diag;
  o.source_name    = path;
  MgdStatus st     = MGD_SUCCESS;
  if (o.format == MGD_FORMAT_JSONLD) {
    char contexts[4096];
    mgd_cli_data_dir("contexts", "ontologies/contexts", contexts,
                     sizeof(contexts));
    st       = mgd_jsonld_options_set(&jo, "contexts-dir", contexts);
    o.jsonld = &jo;
  }
  st = st ? st : mgd_rdf_read_path(path, &o, sink, NULL);
  mgd_jsonld_options_clear(&jo);
  return st;
}

// Read FILE into `store`: RDF as RDF, anything else through an ingester.
static MgdStatus
read_input(const char* const path, MgdMemStore* const store)
{
  const MgdSink  sink = mgd_memstore_sink(store);
  MgdIngestKind  kind = MGD_INGEST_UNKNOWN;
  const MgdFormat by_name = mgd_format_from_path(path);
  MgdStatus      st   = mgd_ingest_detect(path, &kind);
  if (st) {
    return mgd_diag(&mgd_cli_diag, st, MGD_LEVEL_ERROR, path, 0U, 0U, NULL,
                    "cannot read");
  }
  if (kind == MGD_INGEST_OMERO_RDF ||
      (kind == MGD_INGEST_UNKNOWN && by_name != MGD_FORMAT_UNKNOWN)) {
    return read_rdf(path, &sink);
  }
  if (kind == MGD_INGEST_UNKNOWN) {
    return mgd_diag(&mgd_cli_diag, MGD_BAD_UNSUPPORTED, MGD_LEVEL_ERROR, path,
                    0U, 0U, NULL,
                    "neither RDF nor a recognised source (OME-XML, OMERO, "
                    "IDR, REMBI, RO-Crate, BIDS, ARC)");
  }
  MgdIngestOptions io;
  memset(&io, 0, sizeof(io));
  io.diag          = &mgd_cli_diag;
  io.no_provenance = true;
  MgdIngester* ing = NULL;
  st               = mgd_ingester_new(&io, &ing);
  st = st ? st : mgd_ingester_ingest_path(ing, path, NULL, &sink, NULL);
  mgd_ingester_free(ing);
  return st;
}

/// Where the output goes: a raptor writer or the JSON-LD writer.
typedef struct {
  MgdRdfWriter*    writer;
  MgdJsonldWriter* jw;
  MgdJsonldOptions jopts;
} Output;

static MgdStatus
output_open(Output* const out, const MgdFormat f, FILE* const stream,
            const MgdCrosswalk* const xw, MgdSink* const sink)
{
  mgd_jsonld_options_init(&out->jopts);
  MgdStatus st = MGD_SUCCESS;
  if (f == MGD_FORMAT_JSONLD) {
    char contexts[4096];
    mgd_cli_data_dir("contexts", "ontologies/contexts", contexts,
                     sizeof(contexts));
    st = mgd_jsonld_options_set(&out->jopts, "contexts-dir", contexts);
    MgdJsonldWriteOptions wo;
    memset(&wo, 0, sizeof(wo));
    wo.form   = MGD_JSONLD_OUT_EXPANDED;
    wo.jsonld = &out->jopts;
    wo.diag   = &mgd_cli_diag;
    wo.pretty = true;
    wo.write  = mgd_write_file;
    wo.handle = stream;
    st        = st ? st : mgd_jsonld_writer_new(&wo, &out->jw);
    if (!st) {
      *sink = mgd_jsonld_writer_sink(out->jw);
    }
    return st;
  }
  st = mgd_rdf_writer_new(f, mgd_write_file, stream, &out->writer);
  const char* const* const p = mgd_crosswalk_prefixes(xw);
  for (size_t i = 0U; !st && p[i]; i += 2U) {
    st = mgd_rdf_writer_add_prefix(out->writer, p[i], p[i + 1U]);
  }
  if (!st) {
    *sink = mgd_rdf_writer_sink(out->writer);
  }
  return st;
}

static void
output_close(Output* const out)
{
  mgd_rdf_writer_free(out->writer);
  mgd_jsonld_writer_free(out->jw);
  mgd_jsonld_options_clear(&out->jopts);
}

typedef struct {
  const char* to;
  const char* from;
  const char* format;
  const char* out;
  const char* dir;
  const char* graph;
  const char* file;
  bool        drop;
  bool        explain;
} Args;

static int
parse_args(const int argc, char** const argv, Args* const a)
{
  bool bad = false;
  memset(a, 0, sizeof(*a));
  a->format = "ttl";
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_opt(argc, argv, &i, "--to", &a->to, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--from", &a->from, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--format", &a->format, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--out", &a->out, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--db", &a->dir, &bad) ||
        mgd_cli_opt(argc, argv, &i, "--graph", &a->graph, &bad)) {
      continue;
    }
    if (!strcmp(argv[i], "--drop-unmapped")) {
      a->drop = true;
    } else if (!strcmp(argv[i], "--explain")) {
      a->explain = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return mgd_cli_usage("crosswalk", "unknown option '%s'", argv[i]);
    } else if (a->file) {
      return mgd_cli_usage("crosswalk", "one FILE at a time");
    } else {
      a->file = argv[i];
    }
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  if (!a->to) {
    return mgd_cli_usage("crosswalk", "--to PROFILE is required");
  }
  if (a->file && (a->dir || a->graph)) {
    return mgd_cli_usage("crosswalk", "give either FILE or --db --graph");
  }
  if (!a->file && !a->graph) {
    return mgd_cli_usage("crosswalk", "give a FILE, or --db DIR --graph IRI");
  }
  if (!strcmp(a->format, "datacite-json")) {
    return strcmp(a->to, "datacite")
             ? mgd_cli_usage("crosswalk",
                             "--format datacite-json needs --to datacite")
             : MGD_EXIT_OK;
  }
  const MgdFormat f = mgd_format_from_name(a->format);
  if (f != MGD_FORMAT_TURTLE && f != MGD_FORMAT_NTRIPLES &&
      f != MGD_FORMAT_NQUADS && f != MGD_FORMAT_JSONLD &&
      f != MGD_FORMAT_RDFXML) {
    return mgd_cli_usage("crosswalk",
                         "unsupported format '%s' (ttl nt nq jsonld rdf "
                         "datacite-json)",
                         a->format);
  }
  return MGD_EXIT_OK;
}

// --explain: each rewritten term and the mapping rows behind it.
static void
explain(void* const handle, const MgdStr from, const MgdStr to,
        const MgdStr why)
{
  (void)handle;
  fprintf(stderr, "crosswalk: <%.*s> -> <%.*s>: %.*s\n", (int)from.len,
          from.ptr, (int)to.len, to.ptr, (int)why.len, why.ptr);
}

int
mgd_cmd_crosswalk(const int argc, char** const argv)
{
  Args      a;
  const int usage = parse_args(argc, argv, &a);
  if (usage) {
    return usage;
  }
  MgdCrosswalkOptions xo;
  memset(&xo, 0, sizeof(xo));
  xo.to            = a.to;
  xo.from          = a.from;
  xo.diag          = &mgd_cli_diag;
  MgdCrosswalk* xw = NULL;
  MgdStatus     st = mgd_crosswalk_new(&xo, &xw);
  if (st == MGD_FAILURE) {
    return MGD_EXIT_USAGE; // unknown profile (the diagnostic lists them)
  }
  if (st) {
    return mgd_cli_exit(st);
  }
  MgdMemStore* store = NULL;
  MgdDb*       db    = NULL;
  MgdDbRead*   read  = NULL;
  int          code  = MGD_EXIT_OK;
  Output       out;
  memset(&out, 0, sizeof(out));
  FILE* const stream = a.out ? fopen(a.out, "wb") : stdout;
  if (!stream) {
    perror(a.out);
    mgd_crosswalk_free(xw);
    return MGD_EXIT_BAD;
  }
  MgdSource src;
  if (a.file) {
    store = mgd_memstore_new();
    st    = store ? read_input(a.file, store) : MGD_BAD_ALLOC;
    if (!st) {
      src = mgd_memstore_source(store);
    }
  } else {
    code = mgd_cli_open(mgd_cli_db_dir(a.dir), false, &db);
    st   = code ? MGD_FAILURE : mgd_db_read_begin(db, &read);
    if (!st) {
      src = mgd_db_read_source(read);
    }
  }
  MgdSink            sink;
  MgdCrosswalkReport rep;
  memset(&rep, 0, sizeof(rep));
  // datacite-json: crosswalk into memory, then write the root dataset.
  const bool   dc_json = !strcmp(a.format, "datacite-json");
  MgdMemStore* dc      = NULL;
  if (!st && dc_json) {
    dc   = mgd_memstore_new();
    st   = dc ? MGD_SUCCESS : MGD_BAD_ALLOC;
    sink = mgd_memstore_sink(dc);
  } else if (!st) {
    st = output_open(&out, mgd_format_from_name(a.format), stream, xw, &sink);
  }
  if (!st) {
    const MgdTerm          g = mgd_term_iri(mgd_str(a.graph ? a.graph : ""));
    MgdCrosswalkRunOptions ro;
    memset(&ro, 0, sizeof(ro));
    ro.graph         = a.graph ? &g : NULL;
    ro.drop_unmapped = a.drop;
    ro.on_rewrite    = a.explain ? explain : NULL;
    st               = mgd_crosswalk_run(xw, &src, &ro, &sink, &rep);
  }
  if (!st && dc_json) {
    const MgdSource dsrc = mgd_memstore_source(dc);
    MgdBuf          json;
    mgd_buf_init(&json);
    st = mgd_crosswalk_datacite_json(&dsrc, &json);
    if (st == MGD_FAILURE) {
      fprintf(stderr, "mugdat crosswalk: %s: no dataset to describe (no "
                      "schema.org Dataset, RO-Crate root or REMBI study)\n",
              a.file ? a.file : a.graph);
      st = MGD_BAD_DATA;
    } else if (!st && fwrite(json.data, 1U, json.len, stream) != json.len) {
      st = MGD_BAD_IO;
    }
    mgd_buf_clear(&json);
  }
  mgd_memstore_free(dc);
  output_close(&out);
  mgd_db_read_end(read);
  mgd_db_close(db);
  mgd_memstore_free(store);
  mgd_crosswalk_free(xw);
  if (a.out ? fclose(stream) : fflush(stream)) {
    st = st ? st : MGD_BAD_IO;
  }
  if (code) {
    return code;
  }
  if (!st) {
    fprintf(stderr,
            "crosswalk --to %s: %llu triples in, %llu mapped, %llu already "
            "in the target vocabulary, %llu unmapped (%s), %llu from %zu "
            "rules, %llu out\n",
            a.to, (unsigned long long)rep.n_in,
            (unsigned long long)rep.n_mapped, (unsigned long long)rep.n_kept,
            (unsigned long long)rep.n_unmapped, a.drop ? "dropped" : "kept",
            (unsigned long long)rep.n_rule, rep.n_rules,
            (unsigned long long)rep.n_out);
    return MGD_EXIT_OK;
  }
  if (st != MGD_BAD_SYNTAX && st != MGD_BAD_DATA && st != MGD_BAD_IO &&
      st != MGD_BAD_UNSUPPORTED) {
    fprintf(stderr, "mugdat crosswalk: %s\n", mgd_strerror(st));
  }
  return mgd_cli_exit(st);
}
