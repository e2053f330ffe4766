# store: LMDB environment, term dictionary, quad indexes, bulk loading
noinst_LIBRARIES += src/libmgd_store.a
src_libmgd_store_a_SOURCES = \
  src/store/dict.c \
  src/store/index.c \
  src/store/stage.c \
  src/store/store.c src/store/store.h src/store/store_impl.h
MGD_LIBS += src/libmgd_store.a

check_PROGRAMS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c tests/unit/test.h
tests_unit_test_store_LDADD = src/libmgd_store.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_store

check_PROGRAMS += tests/unit/test_stage
tests_unit_test_stage_SOURCES = tests/unit/test_stage.c tests/unit/test.h
tests_unit_test_stage_LDADD = src/libmgd_store.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_stage
