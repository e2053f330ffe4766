// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Replays tests/fuzz/fuzz_ingest_tables.c (linked in with a plain main) over
// every OMERO KV, IDR and omero-rdf sample, fed to every table ingester,
// whole, cut at many lengths and with bytes flipped. The target aborts on a
// broken oracle; under --enable-sanitizers this also checks memory.

#include "test.h"

#include "base/str.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static char samples[4096];
static int  n_inputs;

static void
feed(const char kind, const char* const bytes, const size_t n)
{
  MgdBuf b = {0};
  mgd_buf_putc(&b, kind);
  mgd_buf_append(&b, bytes, n);
  LLVMFuzzerTestOneInput((const uint8_t*)b.data, b.len);
  mgd_buf_clear(&b);
  ++n_inputs;
}

static void
test_samples_all_kinds(void)
{
  static const char* const dirs[] = {"omero-kv", "idr", "omero-rdf"};
  size_t n_files = 0;
  for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); ++d) {
    char dir[8192];
    snprintf(dir, sizeof(dir), "%s/%s", samples, dirs[d]);
    DIR* const dh = opendir(dir);
    CHECK(dh != NULL);
    struct dirent* de = NULL;
    while (dh && (de = readdir(dh))) {
      if (de->d_name[0] == '.') {
        continue;
      }
      char path[12288];
      snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
      FILE* const f = fopen(path, "rb");
      CHECK(f != NULL);
      MgdBuf doc = {0};
      char   buf[8192];
      size_t n   = 0;
      while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
        mgd_buf_append(&doc, buf, n);
      }
      if (f) {
        fclose(f);
      }
      ++n_files;
      for (char kind = 0; kind < 6; ++kind) {
        for (size_t k = 0; doc.len && k <= 12; ++k) {
          feed(kind, doc.data, doc.len * k / 12);
        }
        for (size_t k = 1; doc.len && k < 8; ++k) {
          const size_t at   = doc.len * k / 8;
          const char   save = doc.data[at];
          doc.data[at]      = k & 1 ? '"' : '\t';
          feed(kind, doc.data, doc.len);
          doc.data[at] = save;
        }
      }
      mgd_buf_clear(&doc);
    }
    if (dh) {
      closedir(dh);
    }
  }
  CHECK(n_files == 14);
}

static void
test_hostile_tables(void)
{
  static const char* const docs[] = {
    "",
    "\"",
    "a,b\n\"unterminated",
    "Dataset Name,Image Name\n,\n,x\ny,\n",
    "Plate,Well\r\nP,A1\r\nP,A1\r\n",
    "Study Title\t\"\"\"q\"\"\"\nExperiment Number\t\nExperiment Number\t1\n",
    "Dataset:name\tx\nDataset:name:\t\n:::\t\n",
    "{\"@type\":\"Project\",\"Annotations\":[{\"@type\":\"MapAnnotation\","
    "\"Value\":[[\"k\"],[1,2],[\"a\",\"b\"]]}],\"@id\":-1}",
    "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    "@prefix : <http://openmicroscopy.org/omero/client/mapAnnotation#> .\n"
    "_:a :k \"v\" , \"v\" ; :%20x <http://e/> .",
  };
  for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); ++i) {
    for (char kind = 0; kind < 6; ++kind) {
      feed(kind, docs[i], strlen(docs[i]));
    }
  }
  CHECK(n_inputs > 0);
}

int
main(void)
{
#ifndef MGD_TEST_SRCDIR
#define MGD_TEST_SRCDIR "."
#endif
  const char* const td  = getenv("MUGDAT_TESTDATA");
  const char* const src = getenv("MUGDAT_SRCDIR");
  if (!getenv("MUGDAT_DATADIR")) {
    setenv("MUGDAT_DATADIR", src ? src : MGD_TEST_SRCDIR, 1);
  }
  if (td) {
    snprintf(samples, sizeof(samples), "%s/samples", td);
  } else {
    snprintf(samples, sizeof(samples), "%s/../shared/samples",
             src ? src : MGD_TEST_SRCDIR);
  }
  DIR* const probe = opendir(samples);
  if (probe) {
    closedir(probe);
    RUN(test_samples_all_kinds);
  } else {
    fprintf(stderr, "samples not found at %s: replay of samples skipped\n",
            samples);
  }
  RUN(test_hostile_tables);
  fprintf(stderr, "%d inputs replayed\n", n_inputs);
  return TEST_SUMMARY();
}
