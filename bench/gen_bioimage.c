// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0
//
// gen_bioimage: deterministic synthetic bioimaging metadata for the load and
// query benchmarks (make bench). It writes exactly N statements as N-Quads
// (one named graph per study, plus a vocabulary graph and a facilities graph)
// or as N-Triples (the same statements without graphs).
//
// The output depends only on (N, seed): a prefix of a larger run with the
// same seed is the smaller run, so the 1M and 10M files share their head and
// the fixed IRIs that bench/queries/*.rq use (I0000100, S000003, ...) exist in
// every file of at least 50k statements.
//
// Usage: gen_bioimage [-n STATEMENTS] [-s SEED] [-f nq|nt] [-o FILE]
//
// Links only libc: the bench must not depend on the code it measures. Speed
// comes from one big output buffer and hand-written integer formatting; the
// target is well above one million statements per second.

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Namespaces. OME core terms are used where the OME core model defines them;
// relations it lacks live in a bench vocabulary (bv:).
#define NS_EX "https://example.org/bia/"
#define NS_BV "https://example.org/bia/vocab/"
#define NS_OME "https://ld.openmicroscopy.org/core/"
#define NS_SDO "https://schema.org/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_OWL "http://www.w3.org/2002/07/owl#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NS_OBO "http://purl.obolibrary.org/obo/"
#define NS_EDAM "http://edamontology.org/"
#define NS_DCT "http://purl.org/dc/terms/"

enum { OUT_CAP = 1 << 20, TERM_CAP = 512 };

typedef enum { FMT_NQ, FMT_NT } OutFormat;

typedef struct {
  FILE*     file;
  OutFormat format;
  uint64_t  n_left;    ///< statements still to write before stopping
  uint64_t  n_written; ///< statements written so far
  size_t    len;       ///< bytes used in buf
  char      graph[TERM_CAP]; ///< current graph IRI, "<...>"
  char      buf[OUT_CAP + 4 * TERM_CAP];
} Out;

typedef struct {
  uint64_t s[4];
} Rng;

// A term being assembled: IRIs carry their angle brackets, literals their
// quotes and datatype, so emitting a statement is four memcpys.
typedef struct {
  size_t len;
  char   text[TERM_CAP];
} Term;

// ---------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through splitmix64 (public-domain
// algorithms by Blackman and Vigna), reimplemented here.

static uint64_t
rng_splitmix(uint64_t* const x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15u);
  z          = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z          = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static void
rng_seed(Rng* const rng, uint64_t seed)
{
  for (int i = 0; i < 4; ++i) {
    rng->s[i] = rng_splitmix(&seed);
  }
}

static uint64_t
rng_rotl(const uint64_t x, const int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(Rng* const rng)
{
  uint64_t* const s      = rng->s;
  const uint64_t  result = rng_rotl(s[1] * 5, 7) * 9;
  const uint64_t  t      = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rng_rotl(s[3], 45);
  return result;
}

/// Uniform in [0, n); the tiny modulo bias is irrelevant here.
static uint32_t
rng_below(Rng* const rng, const uint32_t n)
{
  return (uint32_t)((rng_next(rng) >> 32) % n);
}

/// Uniform in [lo, hi].
static uint32_t
rng_range(Rng* const rng, const uint32_t lo, const uint32_t hi)
{
  return lo + rng_below(rng, hi - lo + 1);
}

/// Skewed towards small indexes (roughly Zipf-like), for realistic facets.
static uint32_t
rng_skewed(Rng* const rng, const uint32_t n)
{
  const double u = (double)(rng_next(rng) >> 11) / 9007199254740992.0;
  uint32_t     i = (uint32_t)((double)n * u * u * u);
  return i < n ? i : n - 1;
}

static bool
rng_chance(Rng* const rng, const uint32_t percent)
{
  return rng_below(rng, 100) < percent;
}

// ---------------------------------------------------------------------------
// Output

static void
out_flush(Out* const out)
{
  if (out->len && fwrite(out->buf, 1, out->len, out->file) != out->len) {
    fprintf(stderr, "gen_bioimage: write failed: %s\n", strerror(errno));
    exit(3);
  }
  out->len = 0;
}

static void
out_bytes(Out* const out, const char* const s, const size_t n)
{
  memcpy(out->buf + out->len, s, n);
  out->len += n;
}

static void
out_finish(Out* const out)
{
  out_flush(out);
  if (fflush(out->file) || (out->file != stdout && fclose(out->file))) {
    fprintf(stderr, "gen_bioimage: write failed: %s\n", strerror(errno));
    exit(3);
  }
  fprintf(stderr, "gen_bioimage: %" PRIu64 " statements\n", out->n_written);
  exit(0);
}

/// Writes one statement; stops the program once N statements are out.
static void
out_stmt(Out* const   out,
         const Term*  s,
         const char*  p,
         const Term*  o)
{
  out_bytes(out, s->text, s->len);
  out_bytes(out, " ", 1);
  out_bytes(out, p, strlen(p));
  out_bytes(out, " ", 1);
  out_bytes(out, o->text, o->len);
  if (out->format == FMT_NQ) {
    out_bytes(out, " ", 1);
    out_bytes(out, out->graph, strlen(out->graph));
  }
  out_bytes(out, " .\n", 3);
  ++out->n_written;
  if (out->len >= OUT_CAP) {
    out_flush(out);
  }
  if (--out->n_left == 0) {
    out_finish(out);
  }
}

// ---------------------------------------------------------------------------
// Terms

static void
term_clear(Term* const t)
{
  t->len = 0;
}

static void
term_str(Term* const t, const char* const s)
{
  const size_t n = strlen(s);
  if (t->len + n >= TERM_CAP) {
    fprintf(stderr, "gen_bioimage: term too long\n");
    exit(3);
  }
  memcpy(t->text + t->len, s, n);
  t->len += n;
  t->text[t->len] = '\0';
}

/// Appends a zero-padded decimal integer of at least `width` digits.
static void
term_uint(Term* const t, uint64_t v, const int width)
{
  char tmp[24];
  int  n = 0;
  if (t->len + 24 >= TERM_CAP) {
    fprintf(stderr, "gen_bioimage: term too long\n");
    exit(3);
  }
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n < width) {
    tmp[n++] = '0';
  }
  while (n) {
    t->text[t->len++] = tmp[--n];
  }
  t->text[t->len] = '\0';
}

/// Appends v / 10^scale as a decimal with trailing zeros trimmed (xsd:decimal
/// canonical-ish form: at least one digit after the point).
static void
term_fixed(Term* const t, const uint64_t v, const int scale)
{
  uint64_t p = 1;
  for (int i = 0; i < scale; ++i) {
    p *= 10;
  }
  term_uint(t, v / p, 1);
  term_str(t, ".");
  const size_t start = t->len;
  term_uint(t, v % p, scale);
  while (t->len > start + 1 && t->text[t->len - 1] == '0') {
    --t->len;
  }
  t->text[t->len] = '\0';
}

static void
term_iri(Term* const t, const char* const ns, const char* const local)
{
  term_clear(t);
  term_str(t, "<");
  term_str(t, ns);
  term_str(t, local);
  term_str(t, ">");
}

/// Starts an IRI "<ns prefix NNN"; finish it with more term_* and term_end_iri.
static void
term_iri_num(Term* const      t,
             const char* const ns,
             const char* const prefix,
             const uint64_t   num,
             const int        width)
{
  term_clear(t);
  term_str(t, "<");
  term_str(t, ns);
  term_str(t, prefix);
  term_uint(t, num, width);
}

static void
term_end_iri(Term* const t)
{
  term_str(t, ">");
}

static void
term_lit(Term* const t, const char* const s)
{
  term_clear(t);
  term_str(t, "\"");
  term_str(t, s);
  term_str(t, "\"");
}

static void
term_lit_int(Term* const t, const uint64_t v)
{
  term_clear(t);
  term_str(t, "\"");
  term_uint(t, v, 1);
  term_str(t, "\"^^<" NS_XSD "integer>");
}

static void
term_lit_dec(Term* const t, const uint64_t v, const int scale)
{
  term_clear(t);
  term_str(t, "\"");
  term_fixed(t, v, scale);
  term_str(t, "\"^^<" NS_XSD "decimal>");
}

// ---------------------------------------------------------------------------
// Fixed vocabularies

#define IRI(ns, local) "<" ns local ">"

#define P_TYPE IRI(NS_RDF, "type")
#define P_LABEL IRI(NS_RDFS, "label")
#define P_SUBCLASS IRI(NS_RDFS, "subClassOf")
#define P_SDO_NAME IRI(NS_SDO, "name")
#define P_SDO_DESC IRI(NS_SDO, "description")
#define P_SDO_HASPART IRI(NS_SDO, "hasPart")
#define P_SDO_DATEPUB IRI(NS_SDO, "datePublished")
#define P_SDO_ID IRI(NS_SDO, "identifier")
#define P_SDO_KEYWORDS IRI(NS_SDO, "keywords")
#define P_SDO_MEDIA IRI(NS_SDO, "associatedMedia")
#define P_SDO_SIZE IRI(NS_SDO, "contentSize")
#define P_SDO_FORMAT IRI(NS_SDO, "encodingFormat")
#define P_SDO_URL IRI(NS_SDO, "contentUrl")
#define P_SDO_MANUF IRI(NS_SDO, "manufacturer")
#define P_DCT_LICENSE IRI(NS_DCT, "license")
#define P_OME_NAME IRI(NS_OME, "name")
#define P_OME_DESC IRI(NS_OME, "description")
#define P_OME_PSX IRI(NS_OME, "physical_size_x")
#define P_OME_PSY IRI(NS_OME, "physical_size_y")
#define P_OME_PSZ IRI(NS_OME, "physical_size_z")
#define P_OME_ACQDATE IRI(NS_OME, "acquisition_date")
#define P_OME_INSTRUMENT IRI(NS_OME, "instrument")
#define P_OME_MODEL IRI(NS_OME, "model")
#define P_OME_MANUF IRI(NS_OME, "manufacturer")
#define P_OME_NA IRI(NS_OME, "lens_na")
#define P_OME_MAG IRI(NS_OME, "nominal_magnification")
#define P_OME_IMMERSION IRI(NS_OME, "immersion")
#define P_OME_EMISSION IRI(NS_OME, "emission_wavelength")
#define P_OME_EXCITATION IRI(NS_OME, "excitation_wavelength")
#define P_OME_FLUOR IRI(NS_OME, "fluor")
#define P_OME_EXPOSURE IRI(NS_OME, "exposure_time")
#define P_BV_SIZEX IRI(NS_BV, "sizeX")
#define P_BV_SIZEY IRI(NS_BV, "sizeY")
#define P_BV_SIZEZ IRI(NS_BV, "sizeZ")
#define P_BV_SIZEC IRI(NS_BV, "sizeC")
#define P_BV_METHOD IRI(NS_BV, "imagingMethod")
#define P_BV_BIOSAMPLE IRI(NS_BV, "biosample")
#define P_BV_ACQ IRI(NS_BV, "acquisition")
#define P_BV_CHANNEL IRI(NS_BV, "channel")
#define P_BV_OBJECTIVE IRI(NS_BV, "objective")
#define P_BV_ANNOTATION IRI(NS_BV, "annotation")
#define P_BV_KEY IRI(NS_BV, "key")
#define P_BV_VALUE IRI(NS_BV, "value")
#define P_BV_ORGANISM IRI(NS_BV, "organism")
#define P_BV_SAMPLE IRI(NS_BV, "sample")
#define P_BV_PATH IRI(NS_BV, "path")
#define P_BV_SEX IRI(NS_BV, "sex")
#define P_BV_READS IRI(NS_BV, "readCount")

typedef struct {
  const char* id;     ///< FBbi local id
  const char* label;  ///< rdfs:label
  int         parent; ///< index of the superclass, -1 for the root
  int         weight; ///< how often images use it (0: never directly)
} Method;

// A slice of the FBbi hierarchy below "imaging method" (FBbi_00000222).
static const Method methods[] = {
  {"FBbi_00000222", "imaging method", -1, 0},
  {"FBbi_00000265", "recorded image", 0, 0},
  {"FBbi_00000241", "microscopy", 1, 1},
  {"FBbi_00000343", "microscopy with lenses", 2, 0},
  {"FBbi_00000345", "light microscopy", 3, 2},
  {"FBbi_00000243", "bright-field microscopy", 4, 30},
  {"FBbi_00000244", "dark-field microscopy", 4, 2},
  {"FBbi_00000245", "differential interference contrast microscopy", 4, 8},
  {"FBbi_00000246", "fluorescence microscopy", 4, 60},
  {"FBbi_00000251", "confocal microscopy", 8, 45},
  {"FBbi_00000252", "single-spot confocal microscopy", 9, 6},
  {"FBbi_00000253", "spinning disk confocal microscopy", 9, 15},
  {"FBbi_00000255", "multi-photon microscopy", 8, 3},
  {"FBbi_00000254", "two-photon laser scanning microscopy", 12, 5},
  {"FBbi_00000366", "FRAP", 8, 2},
  {"FBbi_00000367", "FRET", 8, 2},
  {"FBbi_00000368", "FLIM", 8, 2},
  {"FBbi_00000369", "SPIM", 8, 10},
  {"FBbi_00000247", "phase contrast microscopy", 4, 12},
  {"FBbi_00000249", "time lapse microscopy", 4, 10},
  {"FBbi_00000256", "electron microscopy", 3, 2},
  {"FBbi_00000257", "scanning electron microscopy (SEM)", 20, 6},
  {"FBbi_00000585", "serial block face SEM (SBFSEM)", 21, 4},
  {"FBbi_00050000", "focussed ion beam scanning electron microscopy", 21, 3},
  {"FBbi_00000258", "transmission electron microscopy (TEM)", 20, 6},
  {"FBbi_00000344", "scanning probe microscopy", 2, 0},
  {"FBbi_00000259", "atomic force microscopy", 25, 1},
  {"FBbi_00001004", "tomography", 1, 0},
  {"FBbi_00001003", "X-ray tomography", 27, 1},
  {"FBbi_00001002", "X-ray computed tomography", 28, 1},
};
enum { N_METHODS = sizeof(methods) / sizeof(methods[0]) };

typedef struct {
  const char* taxon; ///< NCBITaxon number
  const char* name;
} Organism;

// Ordered by how common they are in public image archives.
static const Organism organisms[] = {
  {"9606", "Homo sapiens"},          {"10090", "Mus musculus"},
  {"7955", "Danio rerio"},           {"7227", "Drosophila melanogaster"},
  {"6239", "Caenorhabditis elegans"}, {"4932", "Saccharomyces cerevisiae"},
  {"3702", "Arabidopsis thaliana"},  {"10116", "Rattus norvegicus"},
  {"8355", "Xenopus laevis"},        {"562", "Escherichia coli"},
  {"4896", "Schizosaccharomyces pombe"}, {"9031", "Gallus gallus"},
};
enum { N_ORGANISMS = sizeof(organisms) / sizeof(organisms[0]) };

static const char* const words[] = {
  "cell",         "nucleus",      "mitochondria", "membrane",
  "cytoskeleton", "actin",        "microtubule",  "chromatin",
  "division",     "mitosis",      "migration",    "tissue",
  "embryo",       "development",  "organoid",     "neuron",
  "synapse",      "axon",         "tumour",       "infection",
  "bacteria",     "virus",        "screen",       "knockdown",
  "siRNA",        "CRISPR",       "phenotype",    "drug",
  "compound",     "treatment",    "time-lapse",   "live",
  "fixed",        "stained",      "fluorescent",  "protein",
  "localisation", "expression",   "signalling",   "stress",
  "autophagy",    "apoptosis",    "vesicle",      "endosome",
  "Golgi",        "reticulum",    "cilia",        "polarity",
  "morphology",   "segmentation", "high-content", "volume",
  "electron",     "correlative",  "super-resolution", "lattice",
  "light-sheet",  "zebrafish",    "liver",        "kidney",
  "brain",        "heart",        "lung",         "skin",
  "stem",         "differentiation", "regeneration", "immune",
  "macrophage",   "T-cell",       "plant",        "root",
  "leaf",         "yeast",        "worm",         "fly",
  "mouse",        "human",        "biopsy",       "histology",
};
enum { N_WORDS = sizeof(words) / sizeof(words[0]) };

typedef struct {
  const char* name;
  int         excitation; ///< nm
  int         emission;   ///< nm
} Fluor;

static const Fluor fluors[] = {
  {"DAPI", 358, 461},       {"Hoechst 33342", 350, 461},
  {"GFP", 488, 507},        {"Alexa Fluor 488", 495, 519},
  {"mCherry", 587, 610},    {"Alexa Fluor 568", 578, 603},
  {"Cy5", 649, 666},        {"Alexa Fluor 647", 650, 668},
  {"tdTomato", 554, 581},   {"RFP", 555, 584},
};
enum { N_FLUORS = sizeof(fluors) / sizeof(fluors[0]) };

static const char* const manufacturers[] = {
  "Zeiss", "Leica", "Nikon", "Olympus", "Thermo Fisher", "Bruker",
};
static const char* const models[] = {
  "LSM 880", "SP8", "Ti2-E", "IX83", "Krios G4", "Opterra",
  "Lattice Lightsheet 7", "Elyra 7", "Stellaris 8", "CSU-W1",
};
enum {
  N_MANUF       = sizeof(manufacturers) / sizeof(manufacturers[0]),
  N_MODELS      = sizeof(models) / sizeof(models[0]),
  N_INSTRUMENTS = 48,
};

typedef struct {
  int      mag;    ///< nominal magnification
  uint32_t na;     ///< lens NA * 100
  const char* immersion;
} ObjectiveKind;

static const ObjectiveKind objective_kinds[] = {
  {5, 15, "Air"},     {10, 30, "Air"},    {10, 45, "Air"},
  {20, 50, "Air"},    {20, 80, "Air"},    {25, 105, "Water"},
  {40, 95, "Air"},    {40, 130, "Oil"},   {40, 115, "Water"},
  {60, 120, "Water"}, {60, 140, "Oil"},   {63, 140, "Oil"},
  {100, 140, "Oil"},  {100, 145, "Oil"},  {100, 149, "Oil"},
};
enum { N_OBJ_KINDS = sizeof(objective_kinds) / sizeof(objective_kinds[0]) };

static const char* const kv_keys[] = {
  "treatment", "gene", "cell line", "concentration", "timepoint", "replicate",
  "antibody", "well",
};
static const char* const kv_values[] = {
  "control", "DMSO", "nocodazole", "taxol", "BRCA1", "TP53", "HeLa",
  "U2OS", "RPE-1", "10 uM", "1 uM", "0 h", "24 h", "48 h", "1", "2", "3",
  "anti-tubulin", "anti-actin", "A01", "B07", "H12",
};
enum {
  N_KV_KEYS   = sizeof(kv_keys) / sizeof(kv_keys[0]),
  N_KV_VALUES = sizeof(kv_values) / sizeof(kv_values[0]),
};

static const char* const image_formats[] = {
  "image/tiff", "application/x-ome-zarr", "application/x-czi",
  "application/x-nd2", "image/png",
};
static const char* const image_exts[] = {
  ".ome.tiff", ".ome.zarr", ".czi", ".nd2", ".png",
};
enum { N_IMAGE_FORMATS = sizeof(image_formats) / sizeof(image_formats[0]) };

// ---------------------------------------------------------------------------
// Emitters

typedef struct {
  Out*     out;
  Rng      rng;
  uint64_t n_images;
  uint64_t n_files;
  uint64_t n_samples;
  uint64_t n_bnodes;
  int      method_cdf[N_METHODS]; ///< cumulative weights
  int      method_total;
} Gen;

static void
gen_graph(Gen* const g, const char* const local, const uint64_t num)
{
  Term t;
  term_clear(&t);
  term_str(&t, "<" NS_EX "graph/");
  term_str(&t, local);
  if (num) {
    term_uint(&t, num, 6);
  }
  term_end_iri(&t);
  memcpy(g->out->graph, t.text, t.len + 1);
}

static void
gen_vocab(Gen* const g)
{
  Term s;
  Term o;
  gen_graph(g, "vocab", 0);
  for (int i = 0; i < N_METHODS; ++i) {
    term_iri(&s, NS_OBO, methods[i].id);
    term_iri(&o, NS_OWL, "Class");
    out_stmt(g->out, &s, P_TYPE, &o);
    term_lit(&o, methods[i].label);
    out_stmt(g->out, &s, P_LABEL, &o);
    if (methods[i].parent >= 0) {
      term_iri(&o, NS_OBO, methods[methods[i].parent].id);
      out_stmt(g->out, &s, P_SUBCLASS, &o);
    }
  }
  for (int i = 0; i < N_ORGANISMS; ++i) {
    term_iri(&s, NS_OBO "NCBITaxon_", organisms[i].taxon);
    term_iri(&o, NS_BV, "Taxon");
    out_stmt(g->out, &s, P_TYPE, &o);
    term_lit(&o, organisms[i].name);
    out_stmt(g->out, &s, P_LABEL, &o);
  }
}

static void
objective_iri(Term* const t, const int instrument, const int k)
{
  term_iri_num(t, NS_EX, "objective/OB", (uint64_t)instrument, 3);
  term_str(t, "-");
  term_uint(t, (uint64_t)k, 1);
  term_end_iri(t);
}

static int
objective_count(const int instrument)
{
  return 2 + instrument % 3;
}

static void
gen_facilities(Gen* const g)
{
  Term s;
  Term o;
  gen_graph(g, "facilities", 0);
  for (int i = 0; i < N_INSTRUMENTS; ++i) {
    term_iri_num(&s, NS_EX, "instrument/IN", (uint64_t)i, 3);
    term_end_iri(&s);
    term_iri(&o, NS_OME, "Instrument");
    out_stmt(g->out, &s, P_TYPE, &o);
    term_lit(&o, manufacturers[i % N_MANUF]);
    out_stmt(g->out, &s, P_OME_MANUF, &o);
    term_lit(&o, models[(i * 7) % N_MODELS]);
    out_stmt(g->out, &s, P_OME_MODEL, &o);
    const int n_obj = objective_count(i);
    for (int k = 0; k < n_obj; ++k) {
      objective_iri(&o, i, k);
      out_stmt(g->out, &s, P_BV_OBJECTIVE, &o);
    }
    for (int k = 0; k < n_obj; ++k) {
      const ObjectiveKind* const kind =
        &objective_kinds[(i * 5 + k * 3) % N_OBJ_KINDS];
      Term ob;
      objective_iri(&ob, i, k);
      term_iri(&o, NS_OME, "Objective");
      out_stmt(g->out, &ob, P_TYPE, &o);
      term_lit_dec(&o, kind->na, 2);
      out_stmt(g->out, &ob, P_OME_NA, &o);
      term_lit_int(&o, (uint64_t)kind->mag);
      out_stmt(g->out, &ob, P_OME_MAG, &o);
      term_lit(&o, kind->immersion);
      out_stmt(g->out, &ob, P_OME_IMMERSION, &o);
    }
  }
}

static int
method_pick(Gen* const g)
{
  const int r = (int)rng_below(&g->rng, (uint32_t)g->method_total);
  for (int i = 0; i < N_METHODS; ++i) {
    if (r < g->method_cdf[i]) {
      return i;
    }
  }
  return N_METHODS - 1;
}

static void
sample_iri(Term* const t, const uint64_t sample)
{
  term_iri_num(t, NS_EX, "biosample/B", sample, 7);
  term_end_iri(t);
}

static void
file_iri(Term* const t, const uint64_t file)
{
  term_iri_num(t, NS_EX, "file/F", file, 8);
  term_end_iri(t);
}

static void
gen_sample(Gen* const g, const uint64_t sample, const uint64_t study)
{
  Term s;
  Term o;
  sample_iri(&s, sample);
  term_iri(&o, NS_BV, "Biosample");
  out_stmt(g->out, &s, P_TYPE, &o);
  const Organism* const org = &organisms[rng_skewed(&g->rng, N_ORGANISMS)];
  term_iri(&o, NS_OBO "NCBITaxon_", org->taxon);
  out_stmt(g->out, &s, P_BV_ORGANISM, &o);
  term_clear(&o);
  term_str(&o, "\"sample ");
  term_uint(&o, sample, 1);
  term_str(&o, " (");
  term_str(&o, org->name);
  term_str(&o, ")\"");
  out_stmt(g->out, &s, P_SDO_NAME, &o);
  term_lit(&o, rng_chance(&g->rng, 50) ? "female" : "male");
  out_stmt(g->out, &s, P_BV_SEX, &o);

  // Multimodal studies: about a third of samples were also sequenced.
  if (rng_chance(&g->rng, 30)) {
    Term f;
    file_iri(&f, ++g->n_files);
    term_iri(&o, NS_BV, "SequencingFile");
    out_stmt(g->out, &f, P_TYPE, &o);
    out_stmt(g->out, &f, P_BV_SAMPLE, &s);
    term_clear(&o);
    term_str(&o, "\"S");
    term_uint(&o, study, 6);
    term_str(&o, "/seq/B");
    term_uint(&o, sample, 7);
    term_str(&o, "_R1.fastq.gz\"");
    out_stmt(g->out, &f, P_BV_PATH, &o);
    term_lit_int(&o, 100000000 + rng_below(&g->rng, 900000000));
    out_stmt(g->out, &f, P_SDO_SIZE, &o);
    term_iri(&o, NS_EDAM, "format_1930");
    out_stmt(g->out, &f, P_SDO_FORMAT, &o);
    term_lit_int(&o, 1000000 + rng_below(&g->rng, 50000000));
    out_stmt(g->out, &f, P_BV_READS, &o);
  }
}

static void
gen_image(Gen* const     g,
          const Term*    dataset,
          const uint64_t study,
          const uint64_t first_sample,
          const uint32_t n_samples,
          const int      instrument,
          const int      study_method)
{
  Rng* const rng = &g->rng;
  Term       img;
  Term       o;
  Term       n;
  const uint64_t id = ++g->n_images;

  term_iri_num(&img, NS_EX, "image/I", id, 7);
  term_end_iri(&img);
  out_stmt(g->out, dataset, P_SDO_HASPART, &img);
  term_iri(&o, NS_OME, "Image");
  out_stmt(g->out, &img, P_TYPE, &o);
  term_clear(&o);
  term_str(&o, "\"img_");
  term_uint(&o, id, 7);
  term_str(&o, "\"");
  out_stmt(g->out, &img, P_OME_NAME, &o);

  // Most images of a study share its method; some use another one.
  const int method = rng_chance(rng, 80) ? study_method : method_pick(g);
  term_iri(&o, NS_OBO, methods[method].id);
  out_stmt(g->out, &img, P_BV_METHOD, &o);
  sample_iri(&o, first_sample + rng_below(rng, n_samples));
  out_stmt(g->out, &img, P_BV_BIOSAMPLE, &o);

  // Pixel sizes in micrometres, 4 decimal places.
  const uint32_t psx = rng_chance(rng, 70) ? rng_range(rng, 300, 3500)
                                           : rng_range(rng, 30, 20000);
  term_lit_dec(&o, psx, 4);
  out_stmt(g->out, &img, P_OME_PSX, &o);
  out_stmt(g->out, &img, P_OME_PSY, &o);
  const bool is_3d = rng_chance(rng, 60);
  if (is_3d) {
    term_lit_dec(&o, rng_range(rng, 1000, 50000), 4);
    out_stmt(g->out, &img, P_OME_PSZ, &o);
  }
  static const uint32_t dims[] = {256, 512, 1024, 2048, 4096};
  term_lit_int(&o, dims[rng_below(rng, 5)]);
  out_stmt(g->out, &img, P_BV_SIZEX, &o);
  out_stmt(g->out, &img, P_BV_SIZEY, &o);
  if (is_3d) {
    term_lit_int(&o, rng_range(rng, 2, 400));
    out_stmt(g->out, &img, P_BV_SIZEZ, &o);
  }

  // Acquisition: date, instrument (usually the study's), exposure.
  Term acq;
  term_iri_num(&acq, NS_EX, "image/I", id, 7);
  term_str(&acq, "/acquisition");
  term_end_iri(&acq);
  out_stmt(g->out, &img, P_BV_ACQ, &acq);
  term_iri(&o, NS_BV, "ImageAcquisition");
  out_stmt(g->out, &acq, P_TYPE, &o);
  term_clear(&o);
  term_str(&o, "\"20");
  term_uint(&o, 15 + rng_below(rng, 11), 2);
  term_str(&o, "-");
  term_uint(&o, 1 + rng_below(rng, 12), 2);
  term_str(&o, "-");
  term_uint(&o, 1 + rng_below(rng, 28), 2);
  term_str(&o, "T");
  term_uint(&o, rng_below(rng, 24), 2);
  term_str(&o, ":");
  term_uint(&o, rng_below(rng, 60), 2);
  term_str(&o, ":00Z\"^^<" NS_XSD "dateTime>");
  out_stmt(g->out, &acq, P_OME_ACQDATE, &o);
  const int ins = rng_chance(rng, 90) ? instrument
                                      : (int)rng_below(rng, N_INSTRUMENTS);
  term_iri_num(&o, NS_EX, "instrument/IN", (uint64_t)ins, 3);
  term_end_iri(&o);
  out_stmt(g->out, &acq, P_OME_INSTRUMENT, &o);
  term_lit_dec(&o, rng_range(rng, 1, 5000), 3);
  out_stmt(g->out, &acq, P_OME_EXPOSURE, &o);

  // Channels.
  const uint32_t n_channels = 1 + rng_skewed(rng, 4);
  term_lit_int(&o, n_channels);
  out_stmt(g->out, &img, P_BV_SIZEC, &o);
  uint32_t fluor = rng_below(rng, N_FLUORS);
  for (uint32_t c = 0; c < n_channels; ++c) {
    Term ch;
    term_iri_num(&ch, NS_EX, "image/I", id, 7);
    term_str(&ch, "/channel/");
    term_uint(&ch, c, 1);
    term_end_iri(&ch);
    out_stmt(g->out, &img, P_BV_CHANNEL, &ch);
    term_iri(&o, NS_OME, "Channel");
    out_stmt(g->out, &ch, P_TYPE, &o);
    const Fluor* const f = &fluors[(fluor + c * 3) % N_FLUORS];
    term_lit(&o, f->name);
    out_stmt(g->out, &ch, P_OME_FLUOR, &o);
    term_lit_dec(&o, (uint64_t)f->excitation * 10, 1);
    out_stmt(g->out, &ch, P_OME_EXCITATION, &o);
    term_lit_dec(&o, (uint64_t)f->emission * 10, 1);
    out_stmt(g->out, &ch, P_OME_EMISSION, &o);
  }

  // Key-value annotations as blank nodes, as OMERO map annotations export.
  const uint32_t n_kv = rng_below(rng, 4);
  for (uint32_t k = 0; k < n_kv; ++k) {
    Term b;
    term_clear(&b);
    term_str(&b, "_:kv");
    term_uint(&b, ++g->n_bnodes, 1);
    out_stmt(g->out, &img, P_BV_ANNOTATION, &b);
    term_iri(&o, NS_OME, "MapAnnotation");
    out_stmt(g->out, &b, P_TYPE, &o);
    term_lit(&o, kv_keys[(k * 3 + rng_below(rng, 3)) % N_KV_KEYS]);
    out_stmt(g->out, &b, P_BV_KEY, &o);
    term_lit(&o, kv_values[rng_skewed(rng, N_KV_VALUES)]);
    out_stmt(g->out, &b, P_BV_VALUE, &o);
  }

  // The image file.
  const uint32_t fmt = rng_skewed(rng, N_IMAGE_FORMATS);
  file_iri(&n, ++g->n_files);
  out_stmt(g->out, &img, P_SDO_MEDIA, &n);
  term_iri(&o, NS_SDO, "MediaObject");
  out_stmt(g->out, &n, P_TYPE, &o);
  term_clear(&o);
  term_str(&o, "\"S");
  term_uint(&o, study, 6);
  term_str(&o, "/img_");
  term_uint(&o, id, 7);
  term_str(&o, image_exts[fmt]);
  term_str(&o, "\"");
  out_stmt(g->out, &n, P_BV_PATH, &o);
  term_lit_int(&o, 1000000 + (rng_next(rng) % 4000000000u));
  out_stmt(g->out, &n, P_SDO_SIZE, &o);
  term_lit(&o, image_formats[fmt]);
  out_stmt(g->out, &n, P_SDO_FORMAT, &o);
}

static void
gen_study(Gen* const g, const uint64_t study)
{
  Rng* const rng = &g->rng;
  Term       s;
  Term       o;
  gen_graph(g, "S", study);

  term_iri_num(&s, NS_EX, "study/S", study, 6);
  term_end_iri(&s);
  term_iri(&o, NS_BV, "Study");
  out_stmt(g->out, &s, P_TYPE, &o);
  term_clear(&o);
  term_str(&o, "\"S-BENCH");
  term_uint(&o, study, 6);
  term_str(&o, "\"");
  out_stmt(g->out, &s, P_SDO_ID, &o);

  // Title and description from a skewed word list (for text search).
  term_clear(&o);
  term_str(&o, "\"Study ");
  term_uint(&o, study, 1);
  term_str(&o, ":");
  for (int w = 0; w < 4; ++w) {
    term_str(&o, " ");
    term_str(&o, words[rng_skewed(rng, N_WORDS)]);
  }
  term_str(&o, "\"");
  out_stmt(g->out, &s, P_SDO_NAME, &o);
  term_clear(&o);
  term_str(&o, "\"We imaged");
  const uint32_t n_words = rng_range(rng, 15, 40);
  for (uint32_t w = 0; w < n_words; ++w) {
    term_str(&o, " ");
    term_str(&o, words[rng_skewed(rng, N_WORDS)]);
  }
  term_str(&o, ".\"@en");
  out_stmt(g->out, &s, P_SDO_DESC, &o);
  term_clear(&o);
  term_str(&o, "\"20");
  term_uint(&o, 15 + rng_below(rng, 11), 2);
  term_str(&o, "-");
  term_uint(&o, 1 + rng_below(rng, 12), 2);
  term_str(&o, "-");
  term_uint(&o, 1 + rng_below(rng, 28), 2);
  term_str(&o, "\"^^<" NS_XSD "date>");
  out_stmt(g->out, &s, P_SDO_DATEPUB, &o);
  term_clear(&o);
  term_str(&o, rng_chance(rng, 70)
                 ? "<https://creativecommons.org/licenses/by/4.0/>"
                 : "<https://creativecommons.org/publicdomain/zero/1.0/>");
  out_stmt(g->out, &s, P_DCT_LICENSE, &o);
  // Three distinct keywords (a repeated one would be a duplicate triple).
  const uint32_t keyword = rng_skewed(rng, N_WORDS);
  for (uint32_t k = 0; k < 3; ++k) {
    term_lit(&o, words[(keyword + k * 7) % N_WORDS]);
    out_stmt(g->out, &s, P_SDO_KEYWORDS, &o);
  }

  // Biosamples of this study.
  const uint32_t n_samples    = rng_range(rng, 3, 12);
  const uint64_t first_sample = g->n_samples + 1;
  for (uint32_t i = 0; i < n_samples; ++i) {
    gen_sample(g, ++g->n_samples, study);
  }

  // Datasets, each a batch of images.
  const int      study_method = method_pick(g);
  const int      instrument   = (int)rng_below(rng, N_INSTRUMENTS);
  const uint32_t n_datasets   = rng_range(rng, 1, 6);
  for (uint32_t d = 1; d <= n_datasets; ++d) {
    Term ds;
    term_iri_num(&ds, NS_EX, "dataset/S", study, 6);
    term_str(&ds, "-D");
    term_uint(&ds, d, 2);
    term_end_iri(&ds);
    out_stmt(g->out, &s, P_SDO_HASPART, &ds);
    term_iri(&o, NS_OME, "Dataset");
    out_stmt(g->out, &ds, P_TYPE, &o);
    term_clear(&o);
    term_str(&o, "\"dataset ");
    term_uint(&o, d, 1);
    term_str(&o, " of study ");
    term_uint(&o, study, 1);
    term_str(&o, "\"");
    out_stmt(g->out, &ds, P_OME_NAME, &o);
    // Dataset sizes vary a lot, like real submissions.
    const uint32_t n_images = rng_chance(rng, 10) ? rng_range(rng, 60, 150)
                                                  : rng_range(rng, 3, 40);
    for (uint32_t i = 0; i < n_images; ++i) {
      gen_image(g, &ds, study, first_sample, n_samples, instrument,
                study_method);
    }
  }
}

static void
usage(void)
{
  fprintf(stderr,
          "usage: gen_bioimage [-n STATEMENTS] [-s SEED] [-f nq|nt] "
          "[-o FILE]\n");
  exit(2);
}

static uint64_t
parse_count(const char* const arg)
{
  char*              end = NULL;
  errno                  = 0;
  const unsigned long long v = strtoull(arg, &end, 10);
  uint64_t           mult  = 1;
  if (end && (*end == 'k' || *end == 'K')) {
    mult = 1000;
    ++end;
  } else if (end && (*end == 'm' || *end == 'M')) {
    mult = 1000000;
    ++end;
  }
  if (errno || end == arg || *end || v == 0) {
    usage();
  }
  return (uint64_t)v * mult;
}

int
main(int argc, char** argv)
{
  static Out out;
  Gen        g;
  uint64_t   seed = 42;
  memset(&g, 0, sizeof(g));
  out.file    = stdout;
  out.format  = FMT_NQ;
  out.n_left  = 1000000;
  const char* path = NULL;

  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) {
      out.n_left = parse_count(argv[++i]);
    } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
      char* end = NULL;
      seed      = strtoull(argv[++i], &end, 10);
      if (!end || *end) {
        usage();
      }
    } else if (!strcmp(argv[i], "-f") && i + 1 < argc) {
      ++i;
      if (!strcmp(argv[i], "nq")) {
        out.format = FMT_NQ;
      } else if (!strcmp(argv[i], "nt")) {
        out.format = FMT_NT;
      } else {
        usage();
      }
    } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      path = argv[++i];
    } else {
      usage();
    }
  }
  if (path && !(out.file = fopen(path, "wb"))) {
    fprintf(stderr, "gen_bioimage: %s: %s\n", path, strerror(errno));
    return 3;
  }

  rng_seed(&g.rng, seed);
  g.out = &out;
  for (int i = 0; i < N_METHODS; ++i) {
    g.method_total += methods[i].weight;
    g.method_cdf[i] = g.method_total;
  }
  gen_vocab(&g);
  gen_facilities(&g);
  for (uint64_t study = 1;; ++study) {
    gen_study(&g, study);
  }
}
