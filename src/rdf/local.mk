# rdf: terms, term ids, sinks, sources, the in-memory store
noinst_LIBRARIES += src/libmgd_rdf.a
src_libmgd_rdf_a_SOURCES = \
  src/rdf/memstore.c src/rdf/memstore.h \
  src/rdf/sink.h \
  src/rdf/source.c src/rdf/source.h \
  src/rdf/term.c src/rdf/term.h \
  src/rdf/termid.c src/rdf/termid.h
MGD_LIBS += src/libmgd_rdf.a

check_PROGRAMS += tests/unit/test_rdf
tests_unit_test_rdf_SOURCES = tests/unit/test_rdf.c tests/unit/test.h
tests_unit_test_rdf_LDADD = src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_rdf

check_PROGRAMS += tests/unit/test_rdf_memstore
tests_unit_test_rdf_memstore_SOURCES = tests/unit/test_rdf_memstore.c tests/unit/test.h
tests_unit_test_rdf_memstore_LDADD = src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_rdf_memstore
