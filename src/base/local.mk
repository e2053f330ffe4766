# base: status, diagnostics, allocation, strings, arena, hashing, UTF-8, limits
noinst_LIBRARIES += src/libmgd_base.a
src_libmgd_base_a_SOURCES = \
  src/base/alloc.c src/base/alloc.h \
  src/base/arena.c src/base/arena.h \
  src/base/diag.c src/base/diag.h \
  src/base/hash.c src/base/hash.h \
  src/base/limits.c src/base/limits.h \
  src/base/status.c src/base/status.h \
  src/base/str.c src/base/str.h \
  src/base/utf8.c src/base/utf8.h
MGD_LIBS += src/libmgd_base.a

check_PROGRAMS += tests/unit/test_base
tests_unit_test_base_SOURCES = tests/unit/test_base.c tests/unit/test.h
tests_unit_test_base_LDADD = src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_base
