// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// gen_rocrate -n IMAGES [-s SEED] [-o FILE]: one large RO-Crate 1.1 metadata
// document (JSON-LD, compact form, "@context" the RO-Crate 1.1 context URL)
// for the JSON-LD -> RDF throughput bench. Deterministic in (IMAGES, SEED).
//
// The @graph holds the metadata descriptor, the root Dataset, one Dataset per
// 100 images, one Person per 10 datasets (with a nested blank-node
// Organization), and per image one File+ImageObject entity whose values are
// nested nodes: QuantitativeValue width/height, a list of PropertyValue
// exifData (physical sizes with units), a nested Place-like "about" sample.
// About 1.1 KB per image, so -n 100000 gives ~110 MB.
//
// libc only, always optimised: it must not depend on the code it measures.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PER_DATASET 100U
#define DATASETS_PER_PERSON 10U

static uint64_t rng_state;

// xorshift64*: fixed output for a seed on every platform.
static uint64_t
rng_next(void)
{
  uint64_t x = rng_state;
  x ^= x >> 12U;
  x ^= x << 25U;
  x ^= x >> 27U;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static unsigned
rng_below(const unsigned n)
{
  return (unsigned)(rng_next() % n);
}

static const char* const words[] = {
  "mitochondria", "nucleus", "membrane", "actin", "tubulin", "zebrafish",
  "embryo", "confocal", "lightsheet", "organoid", "neuron", "synapse",
  "chromatin", "vesicle", "cilia", "kidney", "liver", "tumour", "stain",
  "fluorescence", "time-lapse", "expansion", "tissue", "cortex", "retina"};
#define N_WORDS (sizeof(words) / sizeof(words[0]))

static const char* const first_names[] = {
  "Ada", "Bruno", "Chiara", "Dmitri", "Eun-ji", "Fatima", "Gustav", "Hana",
  "Ines", "Jonas", "Kwame", "Lena", "Mateo", "Noor", "Olga", "Pieter"};
static const char* const last_names[] = {
  "Okafor", "Lindqvist", "Moreau", "Tanaka", "Rossi", "Novak", "Silva",
  "Kowalski", "Haddad", "Müller", "O'Neill", "García", "Chen", "Ivanova"};
static const char* const formats[][2] = {
  {"ome.tif", "image/tiff"}, {"czi", "application/octet-stream"},
  {"ome.zarr", "application/zarr"}, {"nd2", "application/octet-stream"}};
static const char* const licenses[] = {
  "https://creativecommons.org/licenses/by/4.0/",
  "https://creativecommons.org/publicdomain/zero/1.0/",
  "https://creativecommons.org/licenses/by-sa/4.0/"};

static void
put_words(FILE* const out, const unsigned n)
{
  for (unsigned i = 0U; i < n; ++i) {
    fprintf(out, "%s%s", i ? " " : "", words[rng_below(N_WORDS)]);
  }
}

static void
put_person(FILE* const out, const unsigned p)
{
  fprintf(out,
          ",\n{\"@id\":\"#person-%u\",\"@type\":\"Person\","
          "\"name\":\"%s %s\",\"email\":\"p%u@example.org\","
          "\"identifier\":\"https://orcid.org/0000-0002-%04u-%04u\","
          "\"affiliation\":{\"@type\":\"Organization\",\"name\":\"Institute %u\","
          "\"url\":\"https://inst%u.example.org/\"}}",
          p, first_names[p % 16U], last_names[p % 14U], p, p % 10000U,
          (p * 7U) % 10000U, p % 97U, p % 97U);
}

static void
put_dataset(FILE* const out, const unsigned d, const unsigned first,
            const unsigned n_images)
{
  fprintf(out,
          ",\n{\"@id\":\"d%05u/\",\"@type\":\"Dataset\",\"name\":\"Dataset %u: ",
          d, d);
  put_words(out, 3U);
  fputs("\",\"description\":\"", out);
  put_words(out, 12U + rng_below(12U));
  fprintf(out,
          "\",\"datePublished\":\"20%02u-%02u-%02u\","
          "\"license\":{\"@id\":\"%s\"},\"author\":[{\"@id\":\"#person-%u\"}],"
          "\"keywords\":[\"%s\",\"%s\"],\"hasPart\":[",
          15U + d % 10U, 1U + d % 12U, 1U + d % 28U, licenses[d % 3U],
          d / DATASETS_PER_PERSON, words[rng_below(N_WORDS)],
          words[rng_below(N_WORDS)]);
  for (unsigned i = 0U; i < n_images; ++i) {
    fprintf(out, "%s{\"@id\":\"d%05u/img%07u.%s\"}", i ? "," : "", d,
            first + i, formats[(first + i) % 4U][0]);
  }
  fputs("]}", out);
}

static void
put_image(FILE* const out, const unsigned d, const unsigned i)
{
  const unsigned fmt   = i % 4U;
  const unsigned w     = 512U << rng_below(4U);
  const unsigned h     = 512U << rng_below(4U);
  const unsigned px    = 50U + rng_below(600U); // nm
  const unsigned z     = 100U + rng_below(1900U); // nm
  const unsigned ex    = 405U + 50U * rng_below(6U);
  fprintf(out,
          ",\n{\"@id\":\"d%05u/img%07u.%s\",\"@type\":[\"File\",\"ImageObject\"],"
          "\"name\":\"img%07u\",\"description\":\"",
          d, i, formats[fmt][0], i);
  put_words(out, 4U + rng_below(8U));
  fprintf(out,
          "\",\"contentSize\":\"%u\",\"encodingFormat\":\"%s\","
          "\"dateCreated\":\"2023-%02u-%02uT%02u:%02u:00Z\","
          "\"width\":{\"@type\":\"QuantitativeValue\",\"value\":%u,\"unitCode\":\"E37\"},"
          "\"height\":{\"@type\":\"QuantitativeValue\",\"value\":%u,\"unitCode\":\"E37\"},"
          "\"creator\":{\"@id\":\"#person-%u\"},"
          "\"about\":{\"@id\":\"#sample-%u\",\"@type\":\"Thing\",\"name\":\"sample %u\","
          "\"identifier\":\"S%06u\"},"
          "\"exifData\":["
          "{\"@type\":\"PropertyValue\",\"propertyID\":\"PhysicalSizeX\",\"value\":%u.%03u,\"unitText\":\"µm\"},"
          "{\"@type\":\"PropertyValue\",\"propertyID\":\"PhysicalSizeY\",\"value\":%u.%03u,\"unitText\":\"µm\"},"
          "{\"@type\":\"PropertyValue\",\"propertyID\":\"PhysicalSizeZ\",\"value\":%u.%03u,\"unitText\":\"µm\"},"
          "{\"@type\":\"PropertyValue\",\"propertyID\":\"ExcitationWavelength\",\"value\":%u,\"unitText\":\"nm\"},"
          "{\"@type\":\"PropertyValue\",\"propertyID\":\"Objective\",\"value\":\"Plan-Apochromat %ux/%u.%u Oil\"}]}",
          1000000U + (unsigned)(rng_next() % 900000000U), formats[fmt][1],
          1U + i % 12U, 1U + i % 28U, i % 24U, i % 60U, w, h,
          d / DATASETS_PER_PERSON, i / 10U, i / 10U, i / 10U, px / 1000U,
          px % 1000U, px / 1000U, px % 1000U, z / 1000U, z % 1000U, ex,
          10U * (1U + rng_below(10U)), 1U, rng_below(5U));
}

int
main(int argc, char** argv)
{
  unsigned long n    = 0UL;
  unsigned long seed = 1UL;
  const char*   path = NULL;
  int           opt  = 0;
  while ((opt = getopt(argc, argv, "n:s:o:")) != -1) {
    switch (opt) {
    case 'n': n = strtoul(optarg, NULL, 10); break;
    case 's': seed = strtoul(optarg, NULL, 10); break;
    case 'o': path = optarg; break;
    default:
      fprintf(stderr, "usage: gen_rocrate -n IMAGES [-s SEED] [-o FILE]\n");
      return 2;
    }
  }
  if (!n || n > 100000000UL) {
    fprintf(stderr, "usage: gen_rocrate -n IMAGES [-s SEED] [-o FILE]\n");
    return 2;
  }
  FILE* const out = path ? fopen(path, "w") : stdout;
  if (!out) {
    perror(path);
    return 1;
  }
  static char buf[1 << 20];
  setvbuf(out, buf, _IOFBF, sizeof(buf));
  rng_state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)seed;
  if (!rng_state) {
    rng_state = 1U;
  }
  const unsigned n_sets = (unsigned)((n + PER_DATASET - 1U) / PER_DATASET);
  fputs("{\"@context\":\"https://w3id.org/ro/crate/1.1/context\",\"@graph\":[\n"
        "{\"@id\":\"ro-crate-metadata.json\",\"@type\":\"CreativeWork\","
        "\"conformsTo\":{\"@id\":\"https://w3id.org/ro/crate/1.1\"},"
        "\"about\":{\"@id\":\"./\"}}",
        out);
  fprintf(out,
          ",\n{\"@id\":\"./\",\"@type\":\"Dataset\",\"name\":\"Synthetic "
          "bioimaging crate (%lu images)\",\"datePublished\":\"2026-01-01\","
          "\"license\":{\"@id\":\"%s\"},\"hasPart\":[",
          n, licenses[0]);
  for (unsigned d = 0U; d < n_sets; ++d) {
    fprintf(out, "%s{\"@id\":\"d%05u/\"}", d ? "," : "", d);
  }
  fputs("]}", out);
  for (unsigned p = 0U; p <= (n_sets - 1U) / DATASETS_PER_PERSON; ++p) {
    put_person(out, p);
  }
  for (unsigned d = 0U; d < n_sets; ++d) {
    const unsigned first = d * PER_DATASET;
    const unsigned count =
      (unsigned)(n - first < PER_DATASET ? n - first : PER_DATASET);
    put_dataset(out, d, first, count);
    for (unsigned i = first; i < first + count; ++i) {
      put_image(out, d, i);
    }
  }
  fputs("\n]}\n", out);
  if (fflush(out) || (path && fclose(out))) {
    perror(path ? path : "stdout");
    return 1;
  }
  return 0;
}
