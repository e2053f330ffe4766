# ingest: OME-XML, OMERO exports (transfer packages, key-value CSVs, IDR
# study files, omero-rdf Turtle, omero-marshal JSON) -> quads + provenance
noinst_LIBRARIES += src/libmgd_ingest.a
src_libmgd_ingest_a_SOURCES = \
  src/ingest/ingest.c src/ingest/ingest.h \
  src/ingest/ingest_impl.h \
  src/ingest/emit.c \
  src/ingest/mapping.c \
  src/ingest/ome_xml.c \
  src/ingest/omero_kv.c \
  src/ingest/idr_study.c \
  src/ingest/omero_rdf.c \
  src/ingest/omero_json.c
# The source tree is the last place searched for mappings/ (uninstalled runs).
src_libmgd_ingest_a_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_INGEST_SRCDIR='"$(abs_top_srcdir)"'
MGD_LIBS += src/libmgd_ingest.a

check_PROGRAMS += tests/unit/test_ingest_samples
tests_unit_test_ingest_samples_SOURCES = tests/unit/test_ingest_samples.c \
  tests/unit/test.h
tests_unit_test_ingest_samples_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_ingest_samples_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_ingest_samples

# The fuzz target's entry point replayed over sample prefixes and hostile
# documents with a plain main (no clang needed).
check_PROGRAMS += tests/unit/test_ingest_fuzz
tests_unit_test_ingest_fuzz_SOURCES = tests/unit/test_ingest_fuzz.c \
  tests/fuzz/fuzz_ingest_ome_xml.c tests/unit/test.h
tests_unit_test_ingest_fuzz_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_ingest_fuzz_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_ingest_fuzz

# The same for the table/JSON/Turtle ingesters' fuzz target.
check_PROGRAMS += tests/unit/test_ingest_fuzz_tables
tests_unit_test_ingest_fuzz_tables_SOURCES = \
  tests/unit/test_ingest_fuzz_tables.c tests/fuzz/fuzz_ingest_tables.c \
  tests/unit/test.h
tests_unit_test_ingest_fuzz_tables_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_ingest_fuzz_tables_LDADD = src/libmgd_ingest.a \
  src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_ingest_fuzz_tables

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_ingest_ome_xml
tests_fuzz_fuzz_ingest_ome_xml_SOURCES = tests/fuzz/fuzz_ingest_ome_xml.c
tests_fuzz_fuzz_ingest_ome_xml_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_ome_xml_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_ome_xml_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz_ingest_tables
tests_fuzz_fuzz_ingest_tables_SOURCES = tests/fuzz/fuzz_ingest_tables.c
tests_fuzz_fuzz_ingest_tables_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_tables_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_tables_LDADD = src/libmgd_ingest.a \
  src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
endif

# Mapping tables and ontologies the ingesters read at run time.
ingestmappingsdir = $(pkgdatadir)/mappings
dist_ingestmappings_DATA = mappings/ome-xml.tsv mappings/ome-units.tsv \
  mappings/idr-study.tsv mappings/omero-rdf.tsv mappings/omero-json.tsv
ingestontologiesdir = $(pkgdatadir)/ontologies
dist_ingestontologies_DATA = ontologies/ome-core-ld.model.owl.ttl \
  ontologies/fbbi.owl ontologies/mugdat-vocab.ttl

# REMBI (PageTab JSON, spreadsheet templates), RO-Crate / OME-Zarr, and mmDS
# directories (BIDS, ARC): see src/ingest/mmds.h.
src_libmgd_ingest_a_SOURCES += \
  src/ingest/mmds.c src/ingest/mmds.h src/ingest/mmds_impl.h \
  src/ingest/tsv.c src/ingest/xlsx.c src/ingest/rembi.c \
  src/ingest/rocrate.c src/ingest/zarr.c src/ingest/bids.c src/ingest/arc.c
dist_ingestmappings_DATA += mappings/fbbi-labels.tsv mappings/ncbitaxon.tsv \
  mappings/licenses.tsv mappings/file-formats.tsv \
  mappings/rembi-pagetab.tsv mappings/bids.tsv mappings/rocrate.tsv \
  mappings/isa.tsv

check_PROGRAMS += tests/unit/test_ingest_mmds
tests_unit_test_ingest_mmds_SOURCES = tests/unit/test_ingest_mmds.c \
  tests/unit/test.h
tests_unit_test_ingest_mmds_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_ingest_mmds_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_ingest_mmds

# Fuzz targets of the REMBI/mmDS readers (replay programs: tests/local.mk).
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_ingest_pagetab tests/fuzz/fuzz_ingest_tsv \
  tests/fuzz/fuzz_ingest_xlsx
tests_fuzz_fuzz_ingest_pagetab_SOURCES = tests/fuzz/fuzz_ingest_pagetab.c
tests_fuzz_fuzz_ingest_pagetab_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_pagetab_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_pagetab_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
tests_fuzz_fuzz_ingest_tsv_SOURCES = tests/fuzz/fuzz_ingest_tsv.c
tests_fuzz_fuzz_ingest_tsv_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_tsv_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_tsv_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
tests_fuzz_fuzz_ingest_xlsx_SOURCES = tests/fuzz/fuzz_ingest_xlsx.c
tests_fuzz_fuzz_ingest_xlsx_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_xlsx_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ingest_xlsx_LDADD = src/libmgd_ingest.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
endif
