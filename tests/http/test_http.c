// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Unit tests of the HTTP layer's pure parts: Accept / Accept-Encoding
// negotiation, Content-Type parsing, form decoding, the status table,
// problem+json and JSON escaping, the JSON-LD/Turtle emitters and the
// answer spool. The server itself is tested over real HTTP by
// tests/cli/http_protocol.sh.

#include "../unit/test.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "http/conneg.h"
#include "http/emit.h"
#include "http/multipart.h"
#include "http/server_impl.h"
#include "http/spool.h"

#include <jansson.h>
#include <zlib.h>

#include <string.h>
#include <unistd.h>

static const char* const results_offered[] = {
  "application/sparql-results+json",
  "application/sparql-results+xml",
  "text/csv",
  "text/tab-separated-values",
};

static int
choose(const char* const accept)
{
  return mgd_conneg_choose(accept, results_offered, 4U);
}

static void
test_conneg_basic(void)
{
  CHECK(choose(NULL) == 0);
  CHECK(choose("") == 0);
  CHECK(choose("  ") == 0);
  CHECK(choose("*/*") == 0);
  CHECK(choose("text/csv") == 2);
  CHECK(choose("TEXT/CSV") == 2);
  CHECK(choose("application/sparql-results+xml") == 1);
  CHECK(choose("image/png") == -1);
  CHECK(choose("text/*") == 2); // server order among text types
  CHECK(choose("application/*;q=0.5, text/tab-separated-values") == 3);
}

static void
test_conneg_quality(void)
{
  // Higher q wins regardless of order in the header
  CHECK(choose("text/csv;q=0.2, application/sparql-results+xml;q=0.9") == 1);
  // Explicit q=0 excludes even when a wildcard would accept
  CHECK(choose("application/sparql-results+json;q=0, */*;q=0.1") == 1);
  // The most specific range decides: text/csv;q=0 beats text/*
  CHECK(choose("text/csv;q=0, text/*") == 3);
  // Equal q: server preference
  CHECK(choose("text/csv;q=0.5, text/tab-separated-values;q=0.5") == 2);
  // q with three decimals, and spaces around parameters
  CHECK(choose("text/csv ; q=0.001 , text/tab-separated-values;q=0.002") == 3);
  CHECK(mgd_conneg_quality("text/csv;q=0.25", "text/csv", false) == 250U);
  CHECK(mgd_conneg_quality("*/*", "application/problem+json", false) == 1000U);
  CHECK(mgd_conneg_quality("*/*", "application/problem+json", true) == 0U);
  CHECK(mgd_conneg_quality(NULL, "x/y", true) == 1000U);
}

static void
test_conneg_malformed(void)
{
  // Bad elements are skipped, good ones still count
  CHECK(choose("garbage, text/csv") == 2);
  CHECK(choose("text/csv;q=2") == -1); // q out of range: ignored
  CHECK(choose("text/csv;q=abc") == -1);
  CHECK(choose("text/csv;q=0.1234") == -1); // too many decimals
  CHECK(choose("*/csv") == -1);             // not a valid range
  CHECK(choose("text/csv;foo=\"a,b\";q=0.3, image/png") == 2);
  CHECK(choose("text/csv;q=\"0.5\"") == -1); // quoted q is not allowed
  CHECK(choose(",,,;;;===") == -1);
  CHECK(choose("text/") == -1);
  CHECK(choose("/csv") == -1);
}

static void
test_accept_encoding(void)
{
  CHECK(mgd_conneg_accepts_coding("gzip", "gzip"));
  CHECK(mgd_conneg_accepts_coding("deflate, GZIP;q=0.5", "gzip"));
  CHECK(mgd_conneg_accepts_coding("*", "gzip"));
  CHECK(!mgd_conneg_accepts_coding("gzip;q=0", "gzip"));
  CHECK(!mgd_conneg_accepts_coding("*, gzip;q=0", "gzip"));
  CHECK(!mgd_conneg_accepts_coding("identity", "gzip"));
  CHECK(!mgd_conneg_accepts_coding("", "gzip"));
  CHECK(!mgd_conneg_accepts_coding(NULL, "gzip"));
  CHECK(!mgd_conneg_accepts_coding("gzipx", "gzip"));
}

static void
test_media_type(void)
{
  MgdArena arena;
  mgd_arena_init(&arena, 0U);
  CHECK(mgd_str_eqc(mgd_conneg_media_type(&arena, "Text/Turtle; charset=UTF-8"),
                    "text/turtle"));
  CHECK(mgd_str_eqc(
    mgd_conneg_media_type(&arena, "application/x-www-form-urlencoded"),
    "application/x-www-form-urlencoded"));
  CHECK(mgd_conneg_media_type(&arena, "turtle").len == 0U);
  CHECK(mgd_conneg_media_type(&arena, "*/*").len == 0U);
  CHECK(mgd_conneg_media_type(&arena, NULL).len == 0U);
  mgd_arena_clear(&arena);
}

static void
test_charset(void)
{
  CHECK(mgd_conneg_charset_is_utf8(NULL));
  CHECK(mgd_conneg_charset_is_utf8("application/sparql-query"));
  CHECK(mgd_conneg_charset_is_utf8("application/sparql-query; charset=UTF-8"));
  CHECK(mgd_conneg_charset_is_utf8("text/turtle;CHARSET=\"utf8\""));
  CHECK(
    !mgd_conneg_charset_is_utf8("application/sparql-query; charset=UTF-16"));
  CHECK(!mgd_conneg_charset_is_utf8(
    "text/plain; q=\";charset=x\"; charset=latin1"));
  CHECK(mgd_conneg_charset_is_utf8("text/plain; note=\";charset=latin1\""));
}

static void
test_form_parse(void)
{
  MgdArena arena;
  MgdForm  form;
  mgd_arena_init(&arena, 0U);
  const char text[] = "query=SELECT+%3Fs%20WHERE&named-graph-uri=http%3A%2F%2Fa"
                      "&&named-graph-uri=http%3A%2F%2Fb&flag&empty=";
  CHECK(!mgd_form_parse(&arena, text, sizeof(text) - 1U, &form));
  CHECK(form.n_fields == 5U);
  CHECK(mgd_str_eqc(*mgd_form_get(&form, "query"), "SELECT ?s WHERE"));
  CHECK(mgd_form_count(&form, "named-graph-uri") == 2U);
  CHECK(mgd_str_eqc(form.fields[1].value, "http://a"));
  CHECK(mgd_str_eqc(form.fields[2].value, "http://b"));
  CHECK(mgd_form_has(&form, "flag"));
  CHECK(mgd_form_get(&form, "flag")->len == 0U);
  CHECK(mgd_form_get(&form, "empty")->len == 0U);
  CHECK(!mgd_form_get(&form, "missing"));
  CHECK(!mgd_form_has(&form, "Query")); // keys are case-sensitive

  // %00 decodes to a NUL that the length keeps
  CHECK(!mgd_form_parse(&arena, "k=a%00b", 7U, &form));
  CHECK(form.n_fields == 1U && form.fields[0].value.len == 3U &&
        form.fields[0].value.ptr[1] == '\0');
  // + in a key is a space too; '=' in the value stays
  CHECK(!mgd_form_parse(&arena, "a+b=c=d", 7U, &form));
  CHECK(mgd_str_eqc(form.fields[0].key, "a b"));
  CHECK(mgd_str_eqc(form.fields[0].value, "c=d"));
  // Empty input
  CHECK(!mgd_form_parse(&arena, "", 0U, &form) && form.n_fields == 0U);
  CHECK(!mgd_form_parse(&arena, "&&&", 3U, &form) && form.n_fields == 0U);
  mgd_arena_clear(&arena);
}

static void
test_form_bad(void)
{
  MgdArena arena;
  MgdForm  form;
  mgd_arena_init(&arena, 0U);
  CHECK(mgd_form_parse(&arena, "a=%zz", 5U, &form) == MGD_BAD_SYNTAX);
  CHECK(form.n_fields == 0U);
  CHECK(mgd_form_parse(&arena, "a=%4", 4U, &form) == MGD_BAD_SYNTAX);
  CHECK(mgd_form_parse(&arena, "a=%", 3U, &form) == MGD_BAD_SYNTAX);
  CHECK(mgd_form_parse(&arena, "%g0=1", 5U, &form) == MGD_BAD_SYNTAX);

  // Field limit
  MgdBuf many;
  mgd_buf_init(&many);
  for (unsigned i = 0U; i <= MGD_FORM_MAX_FIELDS; ++i) {
    mgd_buf_appendc(&many, "a=1&");
  }
  CHECK(mgd_form_parse(&arena, many.data, many.len, &form) == MGD_BAD_LIMIT);
  mgd_buf_clear(&many);

  // An arena that cannot grow gives MGD_BAD_ALLOC, not a crash
  MgdArena tiny;
  mgd_arena_init(&tiny, 8U);
  CHECK(mgd_form_parse(&tiny, "a=1&b=2", 7U, &form) == MGD_BAD_ALLOC);
  mgd_arena_clear(&tiny);
  mgd_arena_clear(&arena);
}

static void
test_status_table(void)
{
  CHECK(mgd_http_status_for(MGD_SUCCESS) == 200U);
  CHECK(mgd_http_status_for(MGD_BAD_SYNTAX) == 400U);
  CHECK(mgd_http_status_for(MGD_BAD_DATA) == 400U);
  CHECK(mgd_http_status_for(MGD_BAD_LIMIT) == 413U);
  CHECK(mgd_http_status_for(MGD_BAD_TIMEOUT) == 503U);
  CHECK(mgd_http_status_for(MGD_BAD_ACCESS) == 403U);
  CHECK(mgd_http_status_for(MGD_BAD_FULL) == 503U);
  CHECK(mgd_http_status_for(MGD_BAD_INTERNAL) == 500U);
  CHECK(mgd_http_status_for((MgdStatus)999) == 500U);
  // Every status maps to a 2xx/4xx/5xx
  for (int st = MGD_SUCCESS; st <= MGD_BAD_INTERNAL; ++st) {
    const unsigned http = mgd_http_status_for((MgdStatus)st);
    CHECK(http == 200U || (http >= 400U && http < 600U));
  }
  CHECK(!strcmp(mgd_http_reason(405U), "Method Not Allowed"));
  CHECK(!strcmp(mgd_http_reason(499U), "Client Error"));
}

static void
test_problem_json(void)
{
  MgdArena    arena;
  MgdRequest  req;
  MgdResponse resp;
  mgd_arena_init(&arena, 0U);
  memset(&req, 0, sizeof(req));
  memset(&resp, 0, sizeof(resp));
  req.arena = &arena;
  mgd_http_problem(&req, &resp, 406U, "no \"format\"\n\x01 fits");
  CHECK(resp.status == 406U);
  CHECK(!strcmp(resp.content_type, "application/problem+json"));
  json_error_t  err;
  json_t* const doc = json_loadb(resp.body.data, resp.body.len, 0, &err);
  CHECK(doc != NULL);
  if (doc) {
    CHECK(json_integer_value(json_object_get(doc, "status")) == 406);
    CHECK(!strcmp(json_string_value(json_object_get(doc, "title")),
                  "Not Acceptable"));
    CHECK(!strcmp(json_string_value(json_object_get(doc, "detail")),
                  "no \"format\"\n\x01 fits"));
    CHECK(!strncmp(json_string_value(json_object_get(doc, "type")),
                   "urn:mugdat:problem:",
                   19U));
    json_decref(doc);
  }
  mgd_http_problem_st(&req, &resp, MGD_BAD_TIMEOUT, NULL);
  CHECK(resp.status == 503U);
  CHECK(strstr(resp.body.data, "urn:mugdat:problem:timeout") != NULL);
  mgd_buf_clear(&resp.body);
  mgd_arena_clear(&arena);
}

static void
test_emit_jsonld(void)
{
  MgdEmitter e;
  MgdBuf     out;
  memset(&e, 0, sizeof(e));
  mgd_buf_init(&out);
  e.format         = MGD_EMIT_JSONLD;
  const MgdQuad q1 = { mgd_term_iri(mgd_str("http://ex/s")),
                       mgd_term_iri(mgd_str("http://ex/p")),
                       mgd_term_literal(
                         mgd_str("chat \"x\""), mgd_str(""), mgd_str("fr")),
                       mgd_term_none() };
  const MgdQuad q2 = { mgd_term_blank(mgd_str("b1")),
                       mgd_term_iri(mgd_str("http://ex/p")),
                       mgd_term_literal(
                         mgd_str("5"), mgd_str(MGD_XSD_INTEGER), mgd_str("")),
                       mgd_term_iri(mgd_str("http://ex/g")) };
  CHECK(!mgd_emit_begin(&e, &out));
  CHECK(!mgd_emit_quad(&e, &q1, &out));
  CHECK(!mgd_emit_quad(&e, &q2, &out));
  CHECK(!mgd_emit_end(&e, &out));
  json_error_t  err;
  json_t* const doc = json_loadb(out.data, out.len, 0, &err);
  CHECK(doc && json_is_array(doc) && json_array_size(doc) == 2U);
  if (doc) {
    const json_t* const n1 = json_array_get(doc, 0U);
    const json_t* const o1 =
      json_array_get(json_object_get(n1, "http://ex/p"), 0U);
    CHECK(!strcmp(json_string_value(json_object_get(o1, "@language")), "fr"));
    CHECK(
      !strcmp(json_string_value(json_object_get(o1, "@value")), "chat \"x\""));
    const json_t* const g = json_array_get(doc, 1U);
    CHECK(!strcmp(json_string_value(json_object_get(g, "@id")), "http://ex/g"));
    const json_t* const n2 = json_array_get(json_object_get(g, "@graph"), 0U);
    CHECK(!strcmp(json_string_value(json_object_get(n2, "@id")), "_:b1"));
    json_decref(doc);
  }
  // A result row on a graph emitter is a caller error
  const MgdTerm row[1] = { mgd_term_none() };
  CHECK(mgd_emit_row(&e, row, &out) == MGD_BAD_ARG);
  mgd_emit_clear(&e);
  mgd_buf_clear(&out);
}

static void
test_emit_results(void)
{
  MgdEmitter   e;
  MgdBuf       out;
  const MgdStr vars[2] = { mgd_str("x"), mgd_str("y") };
  memset(&e, 0, sizeof(e));
  mgd_buf_init(&out);
  e.format             = MGD_EMIT_CSV;
  e.vars               = vars;
  e.n_vars             = 2U;
  const MgdTerm row[2] = { mgd_term_iri(mgd_str("http://ex/a")),
                           mgd_term_none() };
  CHECK(!mgd_emit_begin(&e, &out));
  CHECK(!mgd_emit_row(&e, row, &out));
  CHECK(!mgd_emit_end(&e, &out));
  CHECK(out.len && !strcmp(out.data, "x,y\r\nhttp://ex/a,\r\n"));
  mgd_emit_clear(&e);

  MgdEmitFormat f = MGD_EMIT_JSON;
  CHECK(mgd_emit_by_name(mgd_str("csv"), false, &f) && f == MGD_EMIT_CSV);
  CHECK(mgd_emit_by_name(mgd_str("json"), true, &f) && f == MGD_EMIT_JSONLD);
  CHECK(mgd_emit_by_name(mgd_str("text/turtle"), true, &f) &&
        f == MGD_EMIT_TURTLE);
  CHECK(!mgd_emit_by_name(mgd_str("ttl"), false, &f));
  CHECK(!mgd_emit_by_name(mgd_str("csv"), true, &f));
  CHECK(!mgd_emit_by_name(mgd_str("pdf"), false, &f));
  mgd_buf_clear(&out);
}

static void
test_spool(void)
{
  // Plain: past MGD_SPOOL_MEMORY the bytes move to a file
  MgdSpool    spool;
  MgdResponse resp;
  char        chunk[4096];
  memset(chunk, 'a', sizeof(chunk));
  memset(&resp, 0, sizeof(resp));
  resp.fd = -1;
  CHECK(!mgd_spool_init(&spool, false));
  const size_t n_chunks = MGD_SPOOL_MEMORY / sizeof(chunk) + 8U;
  for (size_t i = 0U; i < n_chunks; ++i) {
    CHECK(!mgd_spool_write(&spool, chunk, sizeof(chunk)));
  }
  CHECK(!mgd_spool_finish(&spool));
  mgd_spool_to_response(&spool, &resp);
  mgd_spool_clear(&spool);
  CHECK(resp.fd >= 0);
  CHECK(resp.fd_size == n_chunks * sizeof(chunk));
  CHECK(!resp.is_encoded);
  if (resp.fd >= 0) {
    char          back[16];
    const ssize_t n = pread(resp.fd, back, sizeof(back), 0);
    CHECK(n == (ssize_t)sizeof(back) && back[0] == 'a' && back[15] == 'a');
    close(resp.fd);
  }

  // Gzip, small: stays in memory and inflates to the input
  MgdResponse small;
  memset(&small, 0, sizeof(small));
  small.fd = -1;
  CHECK(!mgd_spool_init(&spool, true));
  const char text[] = "hello, hello, hello, spool";
  CHECK(!mgd_spool_write(&spool, text, sizeof(text) - 1U));
  CHECK(!mgd_spool_finish(&spool));
  mgd_spool_to_response(&spool, &small);
  mgd_spool_clear(&spool);
  CHECK(small.fd < 0 && small.is_encoded && small.n_headers == 1U);
  z_stream z;
  memset(&z, 0, sizeof(z));
  char plain[128];
  CHECK(inflateInit2(&z, 15 + 16) == Z_OK);
  z.next_in   = (Bytef*)small.body.data;
  z.avail_in  = (uInt)small.body.len;
  z.next_out  = (Bytef*)plain;
  z.avail_out = sizeof(plain);
  CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
  CHECK(z.total_out == sizeof(text) - 1U && !memcmp(plain, text, z.total_out));
  inflateEnd(&z);
  mgd_buf_clear(&small.body);
  mgd_spool_clear(NULL);
}

typedef struct {
  MgdBuf log; ///< "[type|file]data..." per part, "]" at part end
} PartLog;

static MgdStatus
log_part(void* const h, const MgdStr type, const MgdStr filename)
{
  PartLog* const l = (PartLog*)h;
  mgd_buf_putc(&l->log, '[');
  mgd_buf_append(&l->log, type.ptr, type.len);
  mgd_buf_putc(&l->log, '|');
  mgd_buf_append(&l->log, filename.ptr, filename.len);
  mgd_buf_putc(&l->log, '>');
  return MGD_SUCCESS;
}

static MgdStatus
log_data(void* const h, const char* const bytes, const size_t n)
{
  return mgd_buf_append(&((PartLog*)h)->log, bytes, n);
}

static MgdStatus
log_end(void* const h)
{
  return mgd_buf_putc(&((PartLog*)h)->log, ']');
}

/// Read `body` in chunks of `chunk` bytes; the log and final status.
static MgdStatus
multipart_read(const char* const body, const size_t chunk, MgdBuf* const out)
{
  PartLog                l;
  MgdMultipart           mp;
  const MgdMultipartSink sink = { &l, log_part, log_data, log_end };
  mgd_buf_init(&l.log);
  MgdStatus    st = mgd_multipart_init(&mp, mgd_str("XyZ"), &sink);
  const size_t n  = strlen(body);
  for (size_t i = 0U; !st && i < n; i += chunk) {
    st = mgd_multipart_feed(&mp, body + i, n - i < chunk ? n - i : chunk);
  }
  st = st ? st : mgd_multipart_finish(&mp);
  mgd_multipart_clear(&mp);
  *out = l.log;
  return st;
}

static void
test_multipart(void)
{
  const char body[] =
    "preamble\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"a\"; filename=\"a.ttl\"\r\n"
    "Content-Type: Text/Turtle; charset=utf-8\r\n\r\n"
    "<a> <b> <c> .\r\n--XyY near miss, x--XyZ not at a line start\r"
    "\r\n--XyZ\r\n"
    "\r\n" // a part without headers
    "second\r\n"
    "--XyZ\r\n\r\n" // an empty part
    "\r\n--XyZ--\r\nepilogue";
  const char expect[] = "[text/turtle|a.ttl><a> <b> <c> .\r\n--XyY near "
                        "miss, x--XyZ not at a line start\r][|>second][|>]";
  // Any chunking gives the same parts: delimiters split across feeds
  for (size_t chunk = 1U; chunk <= sizeof(body); ++chunk) {
    MgdBuf          log;
    const MgdStatus st = multipart_read(body, chunk, &log);
    CHECK(!st);
    CHECK(log.data && !strcmp(log.data, expect));
    if (st || !log.data || strcmp(log.data, expect)) {
      fprintf(stderr, "chunk %zu: %s\n", chunk, log.data ? log.data : "");
      mgd_buf_clear(&log);
      break;
    }
    mgd_buf_clear(&log);
  }
}

static void
test_multipart_bad(void)
{
  MgdBuf log;
  // No close delimiter
  CHECK(multipart_read("--XyZ\r\n\r\ndata", 4U, &log) == MGD_BAD_SYNTAX);
  mgd_buf_clear(&log);
  // Junk after a delimiter
  CHECK(multipart_read("--XyZjunk\r\n\r\n--XyZ--", 3U, &log) == MGD_BAD_SYNTAX);
  mgd_buf_clear(&log);
  // Only a preamble
  CHECK(multipart_read("no parts at all", 5U, &log) == MGD_BAD_SYNTAX);
  mgd_buf_clear(&log);
  // Header block over the limit
  MgdBuf big;
  mgd_buf_init(&big);
  mgd_buf_appendc(&big, "--XyZ\r\nX-Long: ");
  for (size_t i = 0U; i < MGD_MULTIPART_MAX_HEADER; ++i) {
    mgd_buf_putc(&big, 'x');
  }
  mgd_buf_appendc(&big, "\r\n\r\n\r\n--XyZ--");
  CHECK(multipart_read(big.data, 1000U, &log) == MGD_BAD_LIMIT);
  mgd_buf_clear(&log);
  mgd_buf_clear(&big);
  // Boundaries must be 1..70 bytes
  MgdMultipart           mp;
  const MgdMultipartSink sink = { NULL, log_part, log_data, log_end };
  CHECK(mgd_multipart_init(&mp, mgd_str(""), &sink) == MGD_BAD_ARG);
  mgd_multipart_clear(&mp);
}

int
main(void)
{
  RUN(test_conneg_basic);
  RUN(test_conneg_quality);
  RUN(test_conneg_malformed);
  RUN(test_accept_encoding);
  RUN(test_media_type);
  RUN(test_charset);
  RUN(test_form_parse);
  RUN(test_form_bad);
  RUN(test_status_table);
  RUN(test_problem_json);
  RUN(test_emit_jsonld);
  RUN(test_emit_results);
  RUN(test_spool);
  RUN(test_multipart);
  RUN(test_multipart_bad);
  return TEST_SUMMARY();
}
