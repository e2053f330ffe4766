# db: the facade joining the store with engines (one unit of work = one txn)
noinst_LIBRARIES += src/libmgd_db.a
src_libmgd_db_a_SOURCES = src/db/db.c src/db/db.h src/db/db_load.c src/db/db_load.h
MGD_LIBS += src/libmgd_db.a
src_libmgd_db_a_SOURCES += src/db/db_ingest.c src/db/db_ingest.h
src_libmgd_db_a_SOURCES += src/db/service.c src/db/service.h

check_PROGRAMS += tests/unit/test_db_service
TESTS += tests/unit/test_db_service
tests_unit_test_db_service_SOURCES = tests/unit/test_db_service.c tests/unit/test.h
tests_unit_test_db_service_LDADD = src/libmgd_db.a src/libmgd_shacl.a \
  src/libmgd_sparql.a src/libmgd_ingest.a \
  src/libmgd_syntax.a src/libmgd_store.a src/libmgd_rdf.a src/libmgd_base.a \
  $(MGD_EXT_LIBS)

check_PROGRAMS += tests/unit/test_db_ingest
TESTS += tests/unit/test_db_ingest
tests_unit_test_db_ingest_SOURCES = tests/unit/test_db_ingest.c tests/unit/test.h
tests_unit_test_db_ingest_LDADD = src/libmgd_db.a src/libmgd_shacl.a \
  src/libmgd_sparql.a src/libmgd_ingest.a \
  src/libmgd_syntax.a src/libmgd_store.a src/libmgd_rdf.a src/libmgd_base.a \
  $(MGD_EXT_LIBS)
