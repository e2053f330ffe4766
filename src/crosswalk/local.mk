# crosswalk: vocabulary mappings (SSSOM term maps + CONSTRUCT rules) read
# from mappings/ at run time (src/crosswalk/crosswalk.h)
noinst_LIBRARIES += src/libmgd_crosswalk.a
src_libmgd_crosswalk_a_SOURCES = \
  src/crosswalk/crosswalk.c src/crosswalk/crosswalk.h \
  src/crosswalk/datacite_json.c src/crosswalk/sssom.c
MGD_LIBS += src/libmgd_crosswalk.a

MGD_CROSSWALK_TEST_LIBS = src/libmgd_crosswalk.a src/libmgd_sparql.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)

check_PROGRAMS += tests/unit/test_crosswalk
TESTS += tests/unit/test_crosswalk
tests_unit_test_crosswalk_SOURCES = tests/unit/test_crosswalk.c \
  tests/unit/test.h
tests_unit_test_crosswalk_LDADD = $(MGD_CROSSWALK_TEST_LIBS)

# Crosswalk mappings, installed for `mugdat crosswalk` and POST /crosswalk
crosswalkmappingsdir = $(pkgdatadir)/mappings
dist_crosswalkmappings_DATA = mappings/profiles.tsv \
  mappings/ome-dialects.sssom.tsv mappings/schemaorg.sssom.tsv \
  mappings/rembi.sssom.tsv mappings/isa.sssom.tsv mappings/datacite.sssom.tsv \
  mappings/bids.sssom.tsv mappings/units.sssom.tsv \
  mappings/ome-image-schemaorg.rq \
  mappings/rembi-schemaorg.rq mappings/dataset-datacite.rq \
  mappings/omero-mapannotation.rq mappings/isa-bids.rq

EXTRA_DIST += tests/cli/crosswalk.sh

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_sssom
tests_fuzz_fuzz_sssom_SOURCES = tests/fuzz/fuzz_sssom.c
tests_fuzz_fuzz_sssom_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sssom_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sssom_LDADD = $(MGD_CROSSWALK_TEST_LIBS)
endif

# The fuzz target also replays as a plain program (see tests/local.mk)
check_PROGRAMS += tests/fuzz/replay_sssom
tests_fuzz_replay_sssom_SOURCES = tests/fuzz/fuzz_sssom.c $(MGD_REPLAY)
tests_fuzz_replay_sssom_LDADD = $(MGD_CROSSWALK_TEST_LIBS)
