# tests: fuzz replay programs. Every tests/fuzz/fuzz_<name>.c is also linked
# with tests/fuzz/replay.c into tests/fuzz/replay_<name>, a plain program
# that tests/cli/fuzz_replay.sh runs over tests/fuzz/regress/<name>/ and
# seed corpora, so fuzz targets build and regressions replay in every build.
MGD_REPLAY = tests/fuzz/replay.c
check_PROGRAMS += tests/fuzz/replay_rdf_read tests/fuzz/replay_sparql_parse \
  tests/fuzz/replay_results tests/fuzz/replay_shacl \
  tests/fuzz/replay_ingest_ome_xml tests/fuzz/replay_http_form \
  tests/fuzz/replay_http_accept tests/fuzz/replay_http_multipart \
  tests/fuzz/replay_jsonld tests/fuzz/replay_ttl \
  tests/fuzz/replay_sparql_update tests/fuzz/replay_ingest_pagetab \
  tests/fuzz/replay_ingest_tsv tests/fuzz/replay_ingest_xlsx \
  tests/fuzz/replay_ingest_tables
tests_fuzz_replay_rdf_read_SOURCES = tests/fuzz/fuzz_rdf_read.c $(MGD_REPLAY)
tests_fuzz_replay_rdf_read_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_sparql_parse_SOURCES = tests/fuzz/fuzz_sparql_parse.c $(MGD_REPLAY)
tests_fuzz_replay_sparql_parse_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_results_SOURCES = tests/fuzz/fuzz_results.c $(MGD_REPLAY)
tests_fuzz_replay_results_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_shacl_SOURCES = tests/fuzz/fuzz_shacl.c $(MGD_REPLAY)
tests_fuzz_replay_shacl_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ingest_ome_xml_SOURCES = tests/fuzz/fuzz_ingest_ome_xml.c $(MGD_REPLAY)
tests_fuzz_replay_ingest_ome_xml_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_http_form_SOURCES = tests/fuzz/fuzz_http_form.c $(MGD_REPLAY)
tests_fuzz_replay_http_form_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_http_accept_SOURCES = tests/fuzz/fuzz_http_accept.c $(MGD_REPLAY)
tests_fuzz_replay_http_accept_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_http_multipart_SOURCES = tests/fuzz/fuzz_http_multipart.c $(MGD_REPLAY)
tests_fuzz_replay_http_multipart_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_jsonld_SOURCES = tests/fuzz/fuzz_jsonld.c $(MGD_REPLAY)
tests_fuzz_replay_jsonld_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ttl_SOURCES = tests/fuzz/fuzz_ttl.c $(MGD_REPLAY)
tests_fuzz_replay_ttl_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_sparql_update_SOURCES = tests/fuzz/fuzz_sparql_update.c $(MGD_REPLAY)
tests_fuzz_replay_sparql_update_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ingest_pagetab_SOURCES = tests/fuzz/fuzz_ingest_pagetab.c $(MGD_REPLAY)
tests_fuzz_replay_ingest_pagetab_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ingest_tsv_SOURCES = tests/fuzz/fuzz_ingest_tsv.c $(MGD_REPLAY)
tests_fuzz_replay_ingest_tsv_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ingest_xlsx_SOURCES = tests/fuzz/fuzz_ingest_xlsx.c $(MGD_REPLAY)
tests_fuzz_replay_ingest_xlsx_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
tests_fuzz_replay_ingest_tables_SOURCES = tests/fuzz/fuzz_ingest_tables.c $(MGD_REPLAY)
tests_fuzz_replay_ingest_tables_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_rdf_read
tests_fuzz_fuzz_rdf_read_SOURCES = tests/fuzz/fuzz_rdf_read.c
tests_fuzz_fuzz_rdf_read_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_rdf_read_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_rdf_read_LDADD = src/libmgd_syntax.a src/libmgd_rdf.a \
  src/libmgd_base.a $(MGD_EXT_LIBS)
endif
