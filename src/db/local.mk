# db: the facade joining the store with engines (one unit of work = one txn)
noinst_LIBRARIES += src/libmgd_db.a
src_libmgd_db_a_SOURCES = src/db/db.c src/db/db.h
MGD_LIBS += src/libmgd_db.a
src_libmgd_db_a_SOURCES += src/db/db_ingest.c src/db/db_ingest.h
src_libmgd_db_a_SOURCES += src/db/service.c src/db/service.h
