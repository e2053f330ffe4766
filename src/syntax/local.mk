# syntax: RDF readers/writers and SPARQL result formats
noinst_LIBRARIES += src/libmgd_syntax.a
src_libmgd_syntax_a_SOURCES = \
  src/syntax/format.c src/syntax/format.h \
  src/syntax/jsonld_read.h src/syntax/jsonld_stub.c \
  src/syntax/rdf_read.c src/syntax/rdf_read.h \
  src/syntax/rdf_write.c src/syntax/rdf_write.h
MGD_LIBS += src/libmgd_syntax.a
