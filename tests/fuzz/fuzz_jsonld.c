// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the JSON-LD processor. Oracles beyond "no crash":
//  1. expand(compact(x, {})) gives the same RDF as expand(x) (blank node
//     labels masked): compaction with the empty context only folds arrays,
//     so no statement may be lost or invented on the way;
//  2. streamed reading ({"@context","@graph"} item by item) gives the same
//     RDF as whole-document expansion, and fails only where it fails;
//  3. the fast JSON parser (jld_fast_parse) accepts only what jansson
//     accepts and builds the same tree, key order and number types included.
// Contexts are never loaded (no mappings), so every remote context fails.
// Seeds: the W3C suite inputs (../shared/conformance/jsonld/*/*-in.jsonld).

#include "syntax/jsonld.h"
#include "syntax/jsonld_impl.h"

#include <jansson.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// Quads with blank node labels masked, one per line, sorted.
static int
cmp_line(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static MgdStatus
collect_quad(void* const handle, const MgdQuad* const quad)
{
  MgdQuad q = *quad;
  MgdTerm* const t[4] = {&q.s, &q.p, &q.o, &q.g};
  for (int i = 0; i < 4; ++i) {
    if (t[i]->kind == MGD_TERM_BLANK) {
      t[i]->value = mgd_str("b");
    }
  }
  return mgd_quad_write_nq((MgdBuf*)handle, &q);
}

// The lines of `text` (which is modified) sorted, as a new string.
static char*
sort_lines(MgdBuf* const text)
{
  size_t n = 0U;
  for (size_t i = 0U; i < text->len; ++i) {
    n += text->data[i] == '\n';
  }
  char** const lines = (char**)calloc(n + 1U, sizeof(char*));
  size_t       k     = 0U;
  for (char* line = text->data; line && *line && k < n; ++k) {
    char* const nl = strchr(line, '\n');
    *nl            = '\0';
    lines[k]       = line;
    line           = nl + 1;
  }
  qsort(lines, n, sizeof(char*), cmp_line);
  MgdBuf out = {0};
  mgd_buf_appendc(&out, "");
  for (size_t i = 0U; i < n; ++i) {
    mgd_buf_appendc(&out, lines[i]);
    mgd_buf_putc(&out, '\n');
  }
  free(lines);
  return out.data;
}

// toRdf of `expanded` as sorted, masked N-Quads (owned; NULL on error).
static char*
to_rdf_masked(const MgdJsonldOptions* const o, json_t* const expanded)
{
  JldProc P;
  jld_proc_init(&P, o, NULL, NULL, "fuzz");
  MgdBuf        text = {0};
  const MgdSink sink = {&text, NULL, NULL, collect_quad, NULL};
  jld_to_rdf(&P, expanded, &sink);
  char* result = NULL;
  if (!P.status) {
    result = sort_lines(&text);
  }
  mgd_buf_clear(&text);
  jld_proc_clear(&P);
  return result;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  {
    json_error_t  err;
    json_t* const j = json_loadb((const char*)data, size,
                                 JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    json_t* const f = jld_fast_parse((const char*)data, size);
    if (f) {
      const size_t flags = JSON_ENCODE_ANY | JSON_COMPACT |
                           JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
      char* const a = j ? json_dumps(f, flags) : NULL;
      char* const b = j ? json_dumps(j, flags) : NULL;
      if (!j || !json_equal(f, j) || !a || !b || strcmp(a, b)) {
        abort();
      }
      free(a);
      free(b);
    }
    json_decref(f);
    json_decref(j);
  }
  MgdJsonldOptions o;
  mgd_jsonld_options_init(&o);
  o.compact_to_relative = false;
  JldProc P;
  jld_proc_init(&P, &o, NULL, NULL, "fuzz");
  json_t* const doc      = jld_parse(&P, (const char*)data, size);
  json_t*       expanded = NULL;
  json_t*       compact  = NULL;
  json_t*       again    = NULL;
  if (!doc || jld_expand_doc(&P, doc, "http://example.org/base", &expanded)) {
    goto done;
  }
  {
    // streamed reading (item by item) must give what whole-document
    // expansion gives, errors included
    JldProc P3;
    jld_proc_init(&P3, &o, NULL, NULL, "fuzz");
    MgdBuf        text = {0};
    const MgdSink sink = {&text, NULL, NULL, collect_quad, NULL};
    jld_read(&P3, (const char*)data, size, "http://example.org/base", &sink);
    char* const whole = to_rdf_masked(&o, expanded);
    // The streaming scanner may refuse bytes jansson tolerates (a NUL
    // between tokens): a syntax error there is fine, nothing else is.
    if (whole && P3.status && P3.status != MGD_BAD_SYNTAX) {
      abort(); // streamed failed where whole-document reading did not
    }
    if (whole && !P3.status) {
      char* const streamed = sort_lines(&text);
      if (strcmp(whole, streamed) != 0) {
        abort();
      }
      free(streamed);
    }
    free(whole);
    mgd_buf_clear(&text);
    jld_proc_clear(&P3);
  }
  json_t* const empty = json_object();
  const MgdStatus st =
    jld_compact_doc(&P, expanded, empty, NULL, &compact);
  json_decref(empty);
  if (st) {
    goto done;
  }
  {
    JldProc P2;
    jld_proc_init(&P2, &o, NULL, NULL, "fuzz");
    // no base: relative IRIs left by "@base": null must stay as they are
    if (!jld_expand_doc(&P2, compact, NULL, &again)) {
      // The RDF must survive; the expanded JSON need not, because a node
      // reference alone inside @graph is dropped when re-expanded.
      // Exception, from the spec itself: a lone graph object without @id
      // ([{"@graph": [...]}], a blank-node named graph) compacts to a
      // top-level {"@graph": [...]} that expansion reads as the default
      // graph (JSON-LD 1.1 Compaction Algorithm, compactArrays).
      const json_t* const only = json_array_size(expanded) == 1U
                                   ? json_array_get(expanded, 0U)
                                   : NULL;
      const bool lone_graph = json_is_object(only) && json_object_size(only) == 1U &&
                              json_object_get(only, "@graph");
      char* const a = to_rdf_masked(&o, expanded);
      char* const b = to_rdf_masked(&o, again);
      if (a && b && !lone_graph && strcmp(a, b) != 0) {
        abort(); // oracle 1
      }
      free(a);
      free(b);
    }
    jld_proc_clear(&P2);
  }
done:
  json_decref(again);
  json_decref(compact);
  json_decref(expanded);
  json_decref(doc);
  jld_proc_clear(&P);
  mgd_jsonld_options_clear(&o);
  return 0;
}
