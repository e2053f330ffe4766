// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target for the SSSOM TSV reader (src/crosswalk/sssom.c), the
// loader of crosswalk mapping files. Oracles beyond "no crash, no leak":
// a refused document yields exactly one diagnostic with an error status;
// an accepted one has only valid IRIs and semapv justifications, and
// writing its rows back as SSSOM (one prefix per row's namespace) and
// reading them again gives the same rows.
//
// Build: ../configure --enable-fuzzing CC=clang
//          CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address"
//        make tests/fuzz/fuzz_sssom
// Run:   tests/fuzz/fuzz_sssom -max_len=4096 ../mappings

#include "crosswalk/crosswalk.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

typedef struct {
  int       n;
  MgdStatus status;
} Count;

static void
count_diag(void* const handle, const MgdDiag* const d)
{
  Count* const c = (Count*)handle;
  ++c->n;
  c->status = d->status;
}

static const char* const pred_curie[] = {
  "skos:exactMatch",        "skos:closeMatch",       "skos:broadMatch",
  "skos:narrowMatch",       "skos:relatedMatch",     "owl:equivalentClass",
  "owl:equivalentProperty", "rdfs:subClassOf",       "rdfs:subPropertyOf"};

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  Count             c    = {0, MGD_SUCCESS};
  const MgdDiagSink sink = {count_diag, &c};
  MgdSssom*         set  = NULL;
  const MgdStatus   st   = mgd_sssom_parse((const char*)data, size, "fuzz",
                                           NULL, &sink, &set);
  if (st) {
    if (set || c.n != 1 || c.status <= MGD_FAILURE) {
      abort();
    }
    return 0;
  }
  if (c.n != 0) {
    abort();
  }
  // Re-serialise: each IRI becomes the CURIE e<k>: (an empty local name
  // is not allowed, so the prefix holds all but the last byte).
  MgdBuf text;
  mgd_buf_init(&text);
  const size_t n = mgd_sssom_size(set);
  mgd_buf_appendc(&text, "# curie_map:\n");
  for (size_t i = 0U; i < n; ++i) {
    const MgdSssomRow* const r = mgd_sssom_row(set, i);
    if (!mgd_iri_is_valid(r->subject) || !mgd_iri_is_valid(r->object) ||
        !mgd_str_has_prefix(r->justification,
                            "https://w3id.org/semapv/vocab/")) {
      abort();
    }
    const MgdStr t[3] = {r->subject, r->object, r->justification};
    for (size_t k = 0U; k < 3U; ++k) {
      mgd_buf_printf(&text, "#   e%zu_%zu: \"%.*s\"\n", i, k,
                     (int)(t[k].len - 1U), t[k].ptr);
    }
  }
  mgd_buf_appendc(&text, "subject_id\tpredicate_id\tobject_id\t"
                         "mapping_justification\tpredicate_modifier\n");
  for (size_t i = 0U; i < n; ++i) {
    const MgdSssomRow* const r = mgd_sssom_row(set, i);
    mgd_buf_printf(&text, "e%zu_0:%c\t%s\te%zu_1:%c\te%zu_2:%c\t%s\n", i,
                   r->subject.ptr[r->subject.len - 1U],
                   pred_curie[r->predicate], i,
                   r->object.ptr[r->object.len - 1U], i,
                   r->justification.ptr[r->justification.len - 1U],
                   r->negated ? "Not" : "");
  }
  MgdSssom*       again = NULL;
  const MgdStatus st2 =
    text.data ? mgd_sssom_parse(text.data, text.len, "again", NULL, NULL,
                                &again)
              : MGD_BAD_ALLOC;
  // A prefix cut inside a UTF-8 sequence is refused; compare the rest.
  if (st2 == MGD_SUCCESS) {
    if (mgd_sssom_size(again) != n) {
      abort();
    }
    for (size_t i = 0U; i < n; ++i) {
      const MgdSssomRow* const a = mgd_sssom_row(set, i);
      const MgdSssomRow* const b = mgd_sssom_row(again, i);
      if (!mgd_str_eq(a->subject, b->subject) ||
          !mgd_str_eq(a->object, b->object) ||
          !mgd_str_eq(a->justification, b->justification) ||
          a->predicate != b->predicate || a->negated != b->negated) {
        abort();
      }
    }
  }
  mgd_sssom_free(again);
  mgd_buf_clear(&text);
  mgd_sssom_free(set);
  return 0;
}
