# store: LMDB environment, term dictionary, quad indexes, bulk loading
noinst_LIBRARIES += src/libmgd_store.a
src_libmgd_store_a_SOURCES = \
  src/store/dict.c \
  src/store/index.c \
  src/store/store.c src/store/store.h src/store/store_impl.h
MGD_LIBS += src/libmgd_store.a
