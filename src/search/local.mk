# search: the text index (derived LMDB file beside the store) and faceted
# search for /api/search and /api/suggest. Sits on the store (it follows
# the term dictionary) and below http.
noinst_LIBRARIES += src/libmgd_search.a
src_libmgd_search_a_SOURCES = \
  src/search/search.h src/search/search_impl.h \
  src/search/config.c \
  src/search/index.c \
  src/search/query.c \
  src/search/stem.c \
  src/search/token.c
MGD_LIBS += src/libmgd_search.a

searchmappingsdir = $(pkgdatadir)/mappings
dist_searchmappings_DATA = mappings/search-facets.tsv

check_PROGRAMS += tests/unit/test_search
TESTS += tests/unit/test_search
tests_unit_test_search_SOURCES = tests/unit/test_search.c tests/unit/test.h
tests_unit_test_search_CPPFLAGS = $(AM_CPPFLAGS) \
  -DMGD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_search_LDADD = src/libmgd_search.a src/libmgd_store.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
EXTRA_DIST += tests/cli/search_api.sh

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_search_query
# The search sources are compiled into the target so that libFuzzer sees
# their coverage (the convenience library is built without it).
tests_fuzz_fuzz_search_query_SOURCES = tests/fuzz/fuzz_search_query.c \
  src/search/config.c src/search/index.c src/search/query.c \
  src/search/stem.c src/search/token.c
tests_fuzz_fuzz_search_query_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_search_query_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_search_query_LDADD = src/libmgd_store.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
endif
