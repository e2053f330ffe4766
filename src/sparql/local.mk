# sparql layer: see Makefile.am
noinst_LIBRARIES += src/libmgd_sparql.a
MGD_LIBS += src/libmgd_sparql.a
src_libmgd_sparql_a_SOURCES = src/sparql/func.h
# function library (func.c and helpers)
src_libmgd_sparql_a_SOURCES += src/sparql/func.c src/sparql/func_str.c
src_libmgd_sparql_a_SOURCES += src/sparql/func_time.c src/sparql/func_impl.h
src_libmgd_sparql_a_SOURCES += src/sparql/xsd_decimal.c src/sparql/xsd_decimal.h
check_PROGRAMS += tests/unit/test_sparql_func
TESTS += tests/unit/test_sparql_func
tests_unit_test_sparql_func_SOURCES = tests/unit/test_sparql_func.c tests/unit/test.h
tests_unit_test_sparql_func_LDADD = src/libmgd_sparql.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
