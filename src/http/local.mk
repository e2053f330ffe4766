# http: the `mugdat serve` HTTP server (libmicrohttpd), route table,
# content negotiation, problem+json, endpoints (one file per family)
noinst_LIBRARIES += src/libmgd_http.a
src_libmgd_http_a_SOURCES = \
  src/http/backend.h \
  src/http/backend_db.c src/http/backend_db.h \
  src/http/conneg.c src/http/conneg.h \
  src/http/emit.c src/http/emit.h \
  src/http/ep_data.c \
  src/http/ep_health.c \
  src/http/ep_sparql.c \
  src/http/ep_static.c \
  src/http/ep_void.c \
  src/http/http.h \
  src/http/problem.c \
  src/http/server.c src/http/server_impl.h \
  src/http/spool.c src/http/spool.h
MGD_LIBS += src/libmgd_http.a
