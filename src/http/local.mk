# http: the `mugdat serve` HTTP server (libmicrohttpd), route table,
# content negotiation, problem+json, endpoints (one file per family)
noinst_LIBRARIES += src/libmgd_http.a
src_libmgd_http_a_SOURCES = \
  src/http/backend.h \
  src/http/backend_db.c src/http/backend_db.h \
  src/http/backend_search.c \
  src/http/conneg.c src/http/conneg.h \
  src/http/emit.c src/http/emit.h \
  src/http/ep_crosswalk.c \
  src/http/ep_data.c \
  src/http/ep_resource.c \
  src/http/ep_search.c \
  src/http/ep_health.c \
  src/http/ep_sparql.c \
  src/http/ep_static.c \
  src/http/ep_validate.c \
  src/http/ep_void.c \
  src/http/http.h \
  src/http/multipart.c src/http/multipart.h \
  src/http/problem.c \
  src/http/server.c src/http/server_impl.h \
  src/http/spool.c src/http/spool.h
MGD_LIBS += src/libmgd_http.a

# The query page (www/), installed as data and served by ep_static.c
wwwdir = $(pkgdatadir)/www
dist_www_DATA = www/index.html www/style.css www/app.js www/api.js www/dom.js \
  www/search.js www/resource.js www/sparql.js www/graph.js

check_PROGRAMS += tests/unit/test_http
TESTS += tests/unit/test_http
tests_unit_test_http_SOURCES = tests/http/test_http.c tests/unit/test.h
tests_unit_test_http_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
EXTRA_DIST += tests/cli/http_protocol.sh tests/cli/http_clients.sh \
  tests/cli/http_w3c.sh tests/http/clients.py tests/http/w3c_protocol.py
EXTRA_DIST += tests/cli/http_federation.sh tests/cli/http_comunica.sh \
  tests/cli/http_load.sh tests/cli/rdfxml.sh tests/http/load.py \
  tests/cli/http_concurrency.sh tests/http/concurrency.py bench/http_load.py \
  bench/http_load.sh \
  tests/interop/package.json tests/interop/package-lock.json \
  tests/cli/resource.sh tests/cli/www_browser.sh \
  tests/browser/package.json tests/browser/package-lock.json \
  tests/browser/search_page.mjs

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_http_form tests/fuzz/fuzz_http_accept
tests_fuzz_fuzz_http_form_SOURCES = tests/fuzz/fuzz_http_form.c
tests_fuzz_fuzz_http_form_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_form_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_form_LDADD = src/libmgd_http.a src/libmgd_base.a \
  $(MGD_EXT_LIBS)
tests_fuzz_fuzz_http_accept_SOURCES = tests/fuzz/fuzz_http_accept.c
tests_fuzz_fuzz_http_accept_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_accept_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_accept_LDADD = src/libmgd_http.a src/libmgd_base.a \
  $(MGD_EXT_LIBS)
noinst_PROGRAMS += tests/fuzz/fuzz_http_multipart
tests_fuzz_fuzz_http_multipart_SOURCES = tests/fuzz/fuzz_http_multipart.c
tests_fuzz_fuzz_http_multipart_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_multipart_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_http_multipart_LDADD = src/libmgd_http.a src/libmgd_base.a \
  $(MGD_EXT_LIBS)
endif

check_PROGRAMS += tests/unit/test_http_server
TESTS += tests/unit/test_http_server
tests_unit_test_http_server_SOURCES = tests/http/test_http_server.c \
  tests/unit/test.h
tests_unit_test_http_server_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
