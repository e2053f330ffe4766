# shacl: SHACL Core shapes compiler and validator (src/shacl/shacl.h)
noinst_LIBRARIES += src/libmgd_shacl.a
src_libmgd_shacl_a_SOURCES = \
  src/shacl/compile.c \
  src/shacl/shacl.h src/shacl/shacl_impl.h \
  src/shacl/validate.c \
  src/shacl/value.c
MGD_LIBS += src/libmgd_shacl.a

MGD_SHACL_TEST_LIBS = src/libmgd_shacl.a src/libmgd_sparql.a src/libmgd_syntax.a \
  src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)

check_PROGRAMS += tests/unit/test_shacl
tests_unit_test_shacl_SOURCES = tests/unit/test_shacl.c tests/unit/test.h
tests_unit_test_shacl_LDADD = $(MGD_SHACL_TEST_LIBS)
TESTS += tests/unit/test_shacl

check_PROGRAMS += tests/conformance/run_shacl
tests_conformance_run_shacl_SOURCES = tests/conformance/run_shacl.c
tests_conformance_run_shacl_LDADD = $(MGD_SHACL_TEST_LIBS)
TESTS += tests/conformance/run_shacl

# Shipped shapes, installed for `mugdat validate --shapes NAME`
shapesdir = $(pkgdatadir)/shapes
dist_shapes_DATA = shapes/fair-image-object.ttl shapes/ome-core.ttl \
  shapes/rembi.ttl

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_shacl
tests_fuzz_fuzz_shacl_SOURCES = tests/fuzz/fuzz_shacl.c
tests_fuzz_fuzz_shacl_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_shacl_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_shacl_LDADD = src/libmgd_shacl.a src/libmgd_sparql.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
endif
