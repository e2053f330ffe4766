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
# query engine: parser, algebra, evaluator, API
src_libmgd_sparql_a_SOURCES += src/sparql/sparql.h src/sparql/sparql_impl.h
src_libmgd_sparql_a_SOURCES += src/sparql/parse.c src/sparql/eval.c src/sparql/sparql.c
src_libmgd_sparql_a_SOURCES += src/sparql/optimise.c src/sparql/update.c src/sparql/eval_impl.h
src_libmgd_sparql_a_SOURCES += src/sparql/explain.c
check_PROGRAMS += tests/unit/test_sparql_parse
TESTS += tests/unit/test_sparql_parse
tests_unit_test_sparql_parse_SOURCES = tests/unit/test_sparql_parse.c tests/unit/test.h
tests_unit_test_sparql_parse_LDADD = src/libmgd_sparql.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
check_PROGRAMS += tests/unit/test_sparql_eval
TESTS += tests/unit/test_sparql_eval
tests_unit_test_sparql_eval_SOURCES = tests/unit/test_sparql_eval.c tests/unit/test.h
tests_unit_test_sparql_eval_LDADD = src/libmgd_sparql.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
check_PROGRAMS += tests/conformance/run_sparql_query
tests_conformance_run_sparql_query_SOURCES = tests/conformance/run_sparql_query.c
tests_conformance_run_sparql_query_LDADD = src/libmgd_sparql.a src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_sparql_parse
tests_fuzz_fuzz_sparql_parse_SOURCES = tests/fuzz/fuzz_sparql_parse.c
tests_fuzz_fuzz_sparql_parse_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sparql_parse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sparql_parse_LDADD = src/libmgd_sparql.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
endif
check_PROGRAMS += tests/conformance/run_sparql_query_store
tests_conformance_run_sparql_query_store_SOURCES = tests/conformance/run_sparql_query.c
tests_conformance_run_sparql_query_store_CPPFLAGS = $(AM_CPPFLAGS) -DRUN_ON_STORE
tests_conformance_run_sparql_query_store_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
check_PROGRAMS += tests/conformance/run_sparql_update
tests_conformance_run_sparql_update_SOURCES = tests/conformance/run_sparql_query.c
tests_conformance_run_sparql_update_CPPFLAGS = $(AM_CPPFLAGS) -DRUN_UPDATE_SUITE
tests_conformance_run_sparql_update_LDADD = src/libmgd_sparql.a src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_sparql_update
tests_fuzz_fuzz_sparql_update_SOURCES = tests/fuzz/fuzz_sparql_update.c
tests_fuzz_fuzz_sparql_update_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sparql_update_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_sparql_update_LDADD = src/libmgd_sparql.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
endif
