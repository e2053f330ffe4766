// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Replays the OME-XML fuzz target (tests/fuzz/fuzz_ingest_ome_xml.c, linked
// in with a plain main) over inputs that stress the streaming parser: every
// OME-XML sample cut at many lengths (a document may end anywhere), with
// bytes flipped at fixed positions, and hostile documents. The target
// aborts on a broken oracle (non-deterministic result, provenance count not
// the graph size), so a passing run means none was hit; under
// --enable-sanitizers this also checks memory safety and leaks.

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
feed(const char* const bytes, const size_t n)
{
  LLVMFuzzerTestOneInput((const uint8_t*)bytes, n);
  ++n_inputs;
}

static bool
slurp(const char* const path, MgdBuf* const out)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    return false;
  }
  char   buf[8192];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
    mgd_buf_append(out, buf, n);
  }
  fclose(f);
  return true;
}

static void
test_sample_prefixes_and_flips(void)
{
  static const char* const dirs[] = {"ome-xml/ome-model", "ome-xml/vendor",
                                     "omero-transfer"};
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
      MgdBuf doc = {0};
      CHECK(slurp(path, &doc));
      ++n_files;
      const size_t n = doc.len;
      for (size_t k = 0; n && k <= 48; ++k) {
        feed(doc.data, n * k / 48);
      }
      for (size_t k = 1; n && k < 16; ++k) {
        const size_t at   = n * k / 16;
        const char   save = doc.data[at];
        doc.data[at]      = (char)(save ^ 0x20);
        feed(doc.data, n);
        doc.data[at] = '<';
        feed(doc.data, n);
        doc.data[at] = save;
      }
      mgd_buf_clear(&doc);
    }
    if (dh) {
      closedir(dh);
    }
  }
  CHECK(n_files == 25);
}

static void
test_hostile_inputs(void)
{
  static const char* const docs[] = {
    "",
    "<",
    "\xEF\xBB\xBF<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\"/>",
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?><OME/>",
    "<!DOCTYPE a [<!ENTITY a \"&a;\">]><a>&a;</a>",
    "<!DOCTYPE OME SYSTEM \"http://127.0.0.1:1/x.dtd\"><OME/>",
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<StructuredAnnotations><XMLAnnotation ID=\"Annotation:1\"><Value>"
    "<a xmlns:p=\"urn:p\" p:x=\"&quot;&amp;\">\r\n<![CDATA[<not>]]></a>"
    "</Value></XMLAnnotation></StructuredAnnotations></OME>",
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<Image ID=\"\"><Pixels ID=\"%\" SizeX=\"\" PhysicalSizeX=\"1e\" "
    "PhysicalSizeXUnit=\"\"/></Image><ImageRef/><Foo xmlns=\"urn:x\"><Image/>"
    "</Foo></OME>",
    "<ome:OME xmlns:ome=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<ome:CommentAnnotation ID=\"Annotation:1\" Namespace=\"Image:1\">"
    "<ome:Value>a/b</ome:Value></ome:CommentAnnotation></ome:OME>",
  };
  for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); ++i) {
    feed(docs[i], strlen(docs[i]));
    // Odd first byte selects the omero-cli-transfer mode in the target.
    MgdBuf b = {0};
    mgd_buf_appendc(&b, " ");
    mgd_buf_appendc(&b, docs[i]);
    b.data[0] = '\t';
    feed(b.data, b.len);
    mgd_buf_clear(&b);
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
    RUN(test_sample_prefixes_and_flips);
  } else {
    fprintf(stderr, "samples not found at %s: replay of samples skipped\n",
            samples);
  }
  RUN(test_hostile_inputs);
  fprintf(stderr, "%d inputs replayed\n", n_inputs);
  return TEST_SUMMARY();
}
