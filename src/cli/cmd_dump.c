// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// mugdat dump: streams the store (or one graph) graph by graph through a
// writer, so memory stays bounded whatever the store's size.

#include "cli.h"
#include "commands.h"

#include "base/arena.h"
#include "rdf/term.h"
#include "syntax/format.h"
#include "syntax/jsonld.h"
#include "syntax/rdf_write.h"

#include <stdio.h>
#include <string.h>

static MgdStatus
dump_graph(const MgdSource* const source, const MgdId g,
           const MgdSink* const sink, MgdQuadDecoder* const dec)
{
  const MgdIdQuad pattern = {0U, 0U, 0U, g};
  MgdIter*        it      = NULL;
  MgdStatus       st      = source->vt->match(source->handle, &pattern, &it);
  MgdIdQuad       q;
  while (!st && !(st = source->vt->next(it, &q))) {
    MgdQuad out;
    st = mgd_quad_decode(dec, source, &q, true, &out);
    st = st ? st : mgd_sink_quad(sink, &out);
  }
  source->vt->iter_free(it);
  return st == MGD_FAILURE ? MGD_SUCCESS : st;
}

static const char* const dump_prefixes[][2] = {
  {"rdf", MGD_NS_RDF},
  {"rdfs", MGD_NS_RDFS},
  {"xsd", MGD_NS_XSD},
  {"owl", "http://www.w3.org/2002/07/owl#"},
  {"schema", "http://schema.org/"},
  {"dcterms", "http://purl.org/dc/terms/"},
  {"prov", "http://www.w3.org/ns/prov#"},
  {"ome", "https://ld.openmicroscopy.org/core/"},
};

int
mgd_cmd_dump(const int argc, char** const argv)
{
  const char* dir    = NULL;
  const char* graph  = NULL;
  const char* format = "nq";
  const char* out    = NULL;
  const char* context = NULL;
  bool        bad    = false;
  for (int i = 1; i < argc; ++i) {
    if (!mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--graph", &graph, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--format", &format, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--out", &out, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--context", &context, &bad)) {
      return mgd_cli_usage("dump", "unknown argument '%s'", argv[i]);
    }
  }
  const MgdFormat f = mgd_format_from_name(format);
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  if (f != MGD_FORMAT_NQUADS && f != MGD_FORMAT_NTRIPLES &&
      f != MGD_FORMAT_TURTLE && f != MGD_FORMAT_TRIG && f != MGD_FORMAT_JSONLD &&
      f != MGD_FORMAT_RDFXML) {
    return mgd_cli_usage("dump", "unsupported format '%s' (nq trig nt ttl jsonld rdf)",
                         format);
  }
  MgdDb* db   = NULL;
  int    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  if (code) {
    return code;
  }
  FILE* const stream = out ? fopen(out, "wb") : stdout;
  if (!stream) {
    perror(out);
    mgd_db_close(db);
    return MGD_EXIT_BAD;
  }
  MgdDbRead*       read   = NULL;
  MgdRdfWriter*    writer = NULL;
  MgdJsonldWriter* jw     = NULL;
  MgdJsonldOptions jopts;
  mgd_jsonld_options_init(&jopts);
  MgdQuadDecoder dec;
  mgd_quad_decoder_init(&dec);
  MgdBuf ctx_text;
  mgd_buf_init(&ctx_text);
  MgdStatus st = mgd_db_read_begin(db, &read);
  if (!st && f == MGD_FORMAT_JSONLD) {
    // JSON-LD is built in memory (fromRdf needs the whole graph), then
    // compacted against --context (a file, or a URL of a shipped context).
    char contexts[4096];
    mgd_cli_data_dir("contexts", "ontologies/contexts", contexts, sizeof(contexts));
    mgd_jsonld_options_set(&jopts, "contexts-dir", contexts);
    MgdJsonldWriteOptions wo;
    memset(&wo, 0, sizeof(wo));
    wo.form   = context ? MGD_JSONLD_OUT_COMPACTED : MGD_JSONLD_OUT_EXPANDED;
    wo.jsonld = &jopts;
    wo.diag   = &mgd_cli_diag;
    wo.pretty = true;
    wo.write  = mgd_write_file;
    wo.handle = stream;
    FILE* const cf = context ? fopen(context, "rb") : NULL;
    if (cf) {
      char chunk[4096];
      size_t n = 0U;
      while (!st && (n = fread(chunk, 1U, sizeof(chunk), cf)) > 0U) {
        st = mgd_buf_append(&ctx_text, chunk, n);
      }
      fclose(cf);
      wo.context = ctx_text.data;
    } else {
      wo.context = context; // a URL the offline loader knows
    }
    if (!st) {
      st = mgd_jsonld_writer_new(&wo, &jw);
    }
  } else if (!st) {
    st = mgd_rdf_writer_new(f, mgd_write_file, stream, &writer);
  }
  for (size_t i = 0U; !st && writer && i < sizeof(dump_prefixes) / sizeof(dump_prefixes[0]);
       ++i) {
    st = mgd_rdf_writer_add_prefix(writer, dump_prefixes[i][0],
                                   dump_prefixes[i][1]);
  }
  if (!st) {
    const MgdSource source = mgd_db_read_source(read);
    const MgdSink   sink   = jw ? mgd_jsonld_writer_sink(jw)
                                 : mgd_rdf_writer_sink(writer);
    if (graph) {
      const MgdTerm g  = mgd_term_iri(mgd_str(graph));
      MgdId         id = 0U;
      st               = mgd_source_lookup(&source, &g, &id);
      if (!st) {
        st = dump_graph(&source, id, &sink, &dec);
      } else if (st == MGD_FAILURE) {
        st = MGD_SUCCESS; // an absent graph is empty
      }
    } else {
      st = dump_graph(&source, MGD_ID_DEFAULT_GRAPH, &sink, &dec);
      MgdIter* it = NULL;
      if (!st) {
        st = source.vt->graphs(source.handle, &it);
      }
      MgdIdQuad q;
      while (!st && !(st = source.vt->next(it, &q))) {
        if (q.g != MGD_ID_DEFAULT_GRAPH) {
          st = dump_graph(&source, q.g, &sink, &dec);
        }
      }
      source.vt->iter_free(it);
      st = st == MGD_FAILURE ? MGD_SUCCESS : st;
    }
    if (!st) {
      st = mgd_sink_end(&sink);
    }
  }
  mgd_rdf_writer_free(writer);
  mgd_jsonld_writer_free(jw);
  mgd_jsonld_options_clear(&jopts);
  mgd_buf_clear(&ctx_text);
  mgd_quad_decoder_clear(&dec);
  mgd_db_read_end(read);
  mgd_db_close(db);
  if (out ? fclose(stream) : fflush(stream)) {
    st = st ? st : MGD_BAD_IO;
  }
  if (st) {
    fprintf(stderr, "mugdat dump: %s\n", mgd_strerror(st));
  }
  return mgd_cli_exit(st);
}
