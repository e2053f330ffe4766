# syntax: RDF readers/writers and SPARQL result formats
noinst_LIBRARIES += src/libmgd_syntax.a
src_libmgd_syntax_a_SOURCES = \
  src/syntax/format.c src/syntax/format.h \
  src/syntax/jsonld_read.h \
  src/syntax/rdf_read.c src/syntax/rdf_read.h \
  src/syntax/rdf_write.c src/syntax/rdf_write.h
MGD_LIBS += src/libmgd_syntax.a
# JSON-LD 1.1 processor (expansion, compaction, toRdf, fromRdf, offline loader)
src_libmgd_syntax_a_SOURCES += \
  src/syntax/jsonld.h src/syntax/jsonld_impl.h \
  src/syntax/jsonld_ctx.c src/syntax/jsonld_iri.c src/syntax/jsonld_expand.c \
  src/syntax/jsonld_compact.c src/syntax/jsonld_rdf.c src/syntax/jsonld_read.c \
  src/syntax/jsonld_json.c
check_PROGRAMS += tests/conformance/run_jsonld
tests_conformance_run_jsonld_SOURCES = tests/conformance/run_jsonld.c
tests_conformance_run_jsonld_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
# SPARQL query result formats (JSON, XML, CSV, TSV): writers and readers
src_libmgd_syntax_a_SOURCES += src/syntax/results.h src/syntax/results_impl.h
src_libmgd_syntax_a_SOURCES += src/syntax/results_write.c src/syntax/results_read.c
check_PROGRAMS += tests/unit/test_syntax_results
TESTS += tests/unit/test_syntax_results
tests_unit_test_syntax_results_SOURCES = tests/unit/test_syntax_results.c tests/unit/test.h
tests_unit_test_syntax_results_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
check_PROGRAMS += tests/unit/test_syntax_jsonld
tests_unit_test_syntax_jsonld_SOURCES = tests/unit/test_syntax_jsonld.c tests/unit/test.h
tests_unit_test_syntax_jsonld_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_syntax_jsonld
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_results
tests_fuzz_fuzz_results_SOURCES = tests/fuzz/fuzz_results.c
tests_fuzz_fuzz_results_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_results_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_results_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
endif
# Own N-Triples/N-Quads/Turtle/TriG reader (streaming, W3C RDF 1.1)
src_libmgd_syntax_a_SOURCES += src/syntax/ttl_read.c src/syntax/ttl_read.h
check_PROGRAMS += tests/unit/test_syntax_ttl
tests_unit_test_syntax_ttl_SOURCES = tests/unit/test_syntax_ttl.c tests/unit/test.h
tests_unit_test_syntax_ttl_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
TESTS += tests/unit/test_syntax_ttl
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_jsonld
tests_fuzz_fuzz_jsonld_SOURCES = tests/fuzz/fuzz_jsonld.c
tests_fuzz_fuzz_jsonld_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_jsonld_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_jsonld_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a $(MGD_EXT_LIBS)
endif
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_ttl
tests_fuzz_fuzz_ttl_SOURCES = tests/fuzz/fuzz_ttl.c
tests_fuzz_fuzz_ttl_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ttl_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_ttl_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
endif
# offline JSON-LD contexts, found at run time in $(pkgdatadir)/contexts
contextsdir = $(pkgdatadir)/contexts
dist_contexts_DATA = ontologies/contexts/contexts.map ontologies/contexts/README.md \
  ontologies/contexts/ro-crate-1.1-context.jsonld \
  ontologies/contexts/ro-crate-1.2-context.jsonld \
  ontologies/contexts/schemaorg-context-30.0.jsonld \
  ontologies/contexts/bia_ro_crate_context.jsonld
