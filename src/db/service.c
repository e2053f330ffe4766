// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// The libcurl adapter. Every check of the allow list happens before
// curl sees a URL, and redirects are followed by hand so that each hop is
// checked the same way (libcurl's own following has no per-hop hook).

#include "db/service.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "rdf/memstore.h"
#include "syntax/format.h"
#include "syntax/rdf_read.h"
#include "syntax/results.h"

#include <curl/curl.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SERVICE_MAX_REDIRECTS 4

struct MgdServiceImpl {
  char**   allow;              ///< Allowed IRI prefixes
  size_t   n_allow;            ///< Count
  char**   load_dirs;          ///< Real paths, each ending in '/'
  size_t   n_load_dirs;        ///< Count
  uint32_t connect_timeout_ms; ///< Connect limit
  uint32_t timeout_ms;         ///< Total limit
  size_t   max_bytes;          ///< Body limit
};

static pthread_once_t service_curl_once = PTHREAD_ONCE_INIT;

static void
service_curl_init(void)
{
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void
service_strs_free(char** const v, const size_t n)
{
  for (size_t i = 0U; v && i < n; ++i) {
    mgd_free(v[i]);
  }
  mgd_free(v);
}

void
mgd_service_free(MgdService* const service)
{
  if (service) {
    service_strs_free(service->allow, service->n_allow);
    service_strs_free(service->load_dirs, service->n_load_dirs);
    mgd_free(service);
  }
}

MgdStatus
mgd_service_new(const MgdServiceOptions* const options,
                const MgdDiagSink* const diag, MgdService** const service)
{
  pthread_once(&service_curl_once, service_curl_init);
  MgdService* const s = (MgdService*)mgd_calloc(1U, sizeof(MgdService));
  if (!s) {
    return MGD_BAD_ALLOC;
  }
  MgdServiceOptions o;
  memset(&o, 0, sizeof(o));
  if (options) {
    o = *options;
  }
  s->connect_timeout_ms = o.connect_timeout_ms
                            ? o.connect_timeout_ms
                            : MGD_SERVICE_CONNECT_TIMEOUT_MS;
  s->timeout_ms = o.timeout_ms ? o.timeout_ms : MGD_SERVICE_TIMEOUT_MS;
  s->max_bytes  = o.max_bytes ? o.max_bytes : MGD_SERVICE_MAX_BYTES;
  MgdStatus st  = MGD_SUCCESS;
  s->allow      = (char**)mgd_calloc(o.n_allow + 1U, sizeof(char*));
  s->load_dirs  = (char**)mgd_calloc(o.n_load_dirs + 1U, sizeof(char*));
  if (!s->allow || !s->load_dirs) {
    st = MGD_BAD_ALLOC;
    goto fail;
  }
  for (size_t i = 0U; i < o.n_allow; ++i) {
    if (!(s->allow[i] = mgd_strndup(o.allow[i], strlen(o.allow[i])))) {
      st = MGD_BAD_ALLOC;
      goto fail;
    }
    s->n_allow = i + 1U;
  }
  for (size_t i = 0U; i < o.n_load_dirs; ++i) {
    char        real[PATH_MAX];
    struct stat info;
    if (!realpath(o.load_dirs[i], real) || stat(real, &info) ||
        !S_ISDIR(info.st_mode)) {
      st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, o.load_dirs[i], 0U, 0U,
                    NULL, "load directory: %s",
                    errno ? strerror(errno) : "not a directory");
      goto fail;
    }
    const size_t n = strlen(real);
    char* const  d = (char*)mgd_calloc(n + 2U, 1U);
    if (!d) {
      st = MGD_BAD_ALLOC;
      goto fail;
    }
    memcpy(d, real, n);
    if (n == 0U || d[n - 1U] != '/') {
      d[n] = '/';
    }
    s->load_dirs[i]  = d;
    s->n_load_dirs   = i + 1U;
  }
  *service = s;
  return MGD_SUCCESS;
fail:
  mgd_service_free(s);
  return st;
}

/// The end of the authority in `iri` ("scheme://authority"), or 0 if
/// `iri` is not http(s) with an authority.
static size_t
service_authority_end(const MgdStr iri)
{
  size_t start = 0U;
  if (mgd_str_has_prefix(iri, "http://")) {
    start = 7U;
  } else if (mgd_str_has_prefix(iri, "https://")) {
    start = 8U;
  } else {
    return 0U;
  }
  size_t i = start;
  while (i < iri.len && !strchr("/?#", iri.ptr[i])) {
    ++i;
  }
  return i > start ? i : 0U;
}

bool
mgd_service_allows(const MgdService* const service, const MgdStr iri)
{
  if (!service || !service_authority_end(iri)) {
    return false;
  }
  for (size_t i = 0U; i < iri.len; ++i) {
    const unsigned char c = (unsigned char)iri.ptr[i];
    if (c <= 0x20U || c == 0x7FU || c == '\\') {
      return false; // never hand curl something it might reinterpret
    }
  }
  for (size_t i = 0U; i < service->n_allow; ++i) {
    const MgdStr p = mgd_str(service->allow[i]);
    if (!mgd_str_has_prefix(iri, service->allow[i])) {
      continue;
    }
    // A prefix ending at the authority matches only that authority, so
    // "http://a:1" does not let "http://a:10/" or "http://a:1@b/" through.
    const size_t auth = service_authority_end(p);
    if (auth && auth == p.len && iri.len > p.len &&
        !strchr("/?#", iri.ptr[p.len])) {
      continue;
    }
    if (auth) {
      return true;
    }
  }
  return false;
}

typedef struct {
  MgdBuf* body;      ///< Response body
  size_t  max_bytes; ///< Limit
  bool    too_big;   ///< The limit was hit
} Fetch;

static size_t
service_on_data(char* const ptr, const size_t size, const size_t nmemb,
                void* const handle)
{
  Fetch* const f = (Fetch*)handle;
  const size_t n = size * nmemb;
  if (f->body->len + n > f->max_bytes) {
    f->too_big = true;
    return 0U;
  }
  return mgd_buf_append(f->body, ptr, n) ? 0U : n;
}

MgdStatus
mgd_service_fetch(const MgdService* const service, const MgdStr iri,
                  const char* const accept, const char* const form,
                  const MgdDiagSink* const diag, MgdBuf* const body,
                  MgdBuf* const content_type)
{
  MgdStatus          st      = MGD_SUCCESS;
  CURL*              curl    = NULL;
  struct curl_slist* headers = NULL;
  MgdBuf             url;
  mgd_buf_init(&url);
  if (!mgd_service_allows(service, iri)) {
    return mgd_diag(diag, MGD_BAD_ACCESS, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                    NULL, "<%.*s> is not on the service allow list "
                          "(--service-allow); no request was sent",
                    (int)(iri.len > 300U ? 300U : iri.len), iri.ptr);
  }
  if (mgd_buf_append(&url, iri.ptr, iri.len) ||
      !(curl = curl_easy_init())) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  MgdBuf accept_h;
  mgd_buf_init(&accept_h);
  if (mgd_buf_printf(&accept_h, "Accept: %s", accept) ||
      !(headers = curl_slist_append(headers, accept_h.data))) {
    mgd_buf_clear(&accept_h);
    st = MGD_BAD_ALLOC;
    goto done;
  }
  mgd_buf_clear(&accept_h);
  if (form) {
    struct curl_slist* const h = curl_slist_append(
      headers, "Content-Type: application/x-www-form-urlencoded");
    if (!h) {
      st = MGD_BAD_ALLOC;
      goto done;
    }
    headers = h;
  }
  for (int hop = 0; hop <= SERVICE_MAX_REDIRECTS; ++hop) {
    Fetch f = {body, service->max_bytes, false};
    mgd_buf_reset(body);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.data);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     (long)service->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)service->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)service->max_bytes);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "mugdat");
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, service_on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
    if (form) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form);
    }
    const CURLcode rc = curl_easy_perform(curl);
    if (f.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
      st = mgd_diag(diag, MGD_BAD_LIMIT, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "<%s>: answer larger than %zu bytes", url.data,
                    service->max_bytes);
      goto done;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      // MGD_BAD_IO, not MGD_BAD_TIMEOUT: the remote end was slow, not our
      // query, so SERVICE SILENT may still go on without it
      st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "<%s>: no answer within the time limit (%u ms)", url.data,
                    service->timeout_ms);
      goto done;
    }
    if (rc != CURLE_OK) {
      st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "<%s>: %s", url.data, curl_easy_strerror(rc));
      goto done;
    }
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 300 && code < 400) {
      const char* next = NULL;
      curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &next);
      if (!next || !mgd_service_allows(service, mgd_str(next))) {
        st = mgd_diag(diag, MGD_BAD_ACCESS, MGD_LEVEL_ERROR, NULL, 0U, 0U,
                      NULL, "<%s> redirects to <%s>, which is not on the "
                            "service allow list", url.data,
                      next ? next : "");
        goto done;
      }
      MgdBuf copy;
      mgd_buf_init(&copy);
      if (mgd_buf_appendc(&copy, next)) {
        st = MGD_BAD_ALLOC;
        goto done;
      }
      mgd_buf_clear(&url);
      url = copy;
      continue;
    }
    if (code < 200 || code >= 300) {
      st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "<%s> answered HTTP %ld%s%.200s", url.data, code,
                    body->len ? ": " : "", body->len ? body->data : "");
      goto done;
    }
    const char* type = NULL;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (content_type) {
      mgd_buf_reset(content_type);
      const size_t n = type ? strcspn(type, "; \t") : 0U;
      if (mgd_buf_append(content_type, type ? type : "", n)) {
        st = MGD_BAD_ALLOC;
      }
    }
    goto done;
  }
  st = mgd_diag(diag, MGD_BAD_IO, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                "<%.*s>: too many redirects", (int)iri.len, iri.ptr);
done:
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  mgd_buf_clear(&url);
  return st;
}

/// Appends `text` to `out` form-urlencoded (RFC 3986 unreserved kept).
static MgdStatus
service_form_escape(const MgdStr text, MgdBuf* const out)
{
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0U; i < text.len; ++i) {
    const unsigned char c = (unsigned char)text.ptr[i];
    MgdStatus           st;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || strchr("-._~", c)) {
      st = mgd_buf_putc(out, (char)c);
    } else {
      const char e[3] = {'%', hex[c >> 4U], hex[c & 15U]};
      st              = mgd_buf_append(out, e, 3U);
    }
    if (st) {
      return st;
    }
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_service_select(void* const handle, const MgdStr endpoint,
                   const MgdStr query, const MgdDiagSink* const diag,
                   const MgdSparqlSolutionFunc on_solution, void* const ctx)
{
  const MgdService* const service = (const MgdService*)handle;
  MgdBuf                  form, body, type;
  MgdArena                arena;
  mgd_buf_init(&form);
  mgd_buf_init(&body);
  mgd_buf_init(&type);
  mgd_arena_init(&arena, 0U);
  MgdStatus st = mgd_buf_appendc(&form, "query=");
  st           = st ? st : service_form_escape(query, &form);
  st           = st ? st
                    : mgd_service_fetch(
                        service, endpoint,
                        "application/sparql-results+json, "
                        "application/sparql-results+xml;q=0.9",
                        form.data, diag, &body, &type);
  if (!st) {
    MgdResultsFormat f = mgd_results_format_from_name(type.data);
    if (f == MGD_RESULTS_UNKNOWN) {
      // Some servers say text/plain; JSON starts with '{'
      size_t i = 0U;
      while (i < body.len && strchr(" \t\r\n", body.data[i])) {
        ++i;
      }
      f = i < body.len && body.data[i] == '{' ? MGD_RESULTS_JSON
                                               : MGD_RESULTS_XML;
    }
    MgdResults r;
    memset(&r, 0, sizeof(r));
    st = mgd_results_read(f, body.data ? body.data : "", body.len, &arena,
                          diag, &r);
    if (!st && r.is_boolean) {
      st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                    "<%.*s> answered a boolean to a SELECT",
                    (int)endpoint.len, endpoint.ptr);
    }
    for (size_t i = 0U; !st && i < r.n_rows; ++i) {
      st = on_solution(ctx, r.vars, r.rows + i * r.n_vars, r.n_vars);
    }
  }
  mgd_arena_clear(&arena);
  mgd_buf_clear(&type);
  mgd_buf_clear(&body);
  mgd_buf_clear(&form);
  return st;
}

/// Decodes a file: IRI into a path (percent-decoded; "file://localhost/"
/// and "file:///" forms). MGD_BAD_ACCESS for another host or a NUL.
static MgdStatus
service_file_path(const MgdStr iri, MgdBuf* const path)
{
  MgdStr rest = mgd_str_n(iri.ptr + 5U, iri.len - 5U);
  if (mgd_str_has_prefix(rest, "//localhost/")) {
    rest = mgd_str_n(rest.ptr + 11U, rest.len - 11U);
  } else if (mgd_str_has_prefix(rest, "///")) {
    rest = mgd_str_n(rest.ptr + 2U, rest.len - 2U);
  } else if (mgd_str_has_prefix(rest, "//")) {
    return MGD_BAD_ACCESS;
  }
  for (size_t i = 0U; i < rest.len; ++i) {
    char c = rest.ptr[i];
    if (c == '%' && i + 2U < rest.len) {
      const char hex[3] = {rest.ptr[i + 1U], rest.ptr[i + 2U], 0};
      char*      end    = NULL;
      c                 = (char)strtol(hex, &end, 16);
      if (end != hex + 2) {
        return MGD_BAD_ACCESS;
      }
      i += 2U;
    }
    if (c == '\0' || c == '?' || c == '#') {
      return MGD_BAD_ACCESS;
    }
    if (mgd_buf_putc(path, c)) {
      return MGD_BAD_ALLOC;
    }
  }
  return path->len ? MGD_SUCCESS : MGD_BAD_ACCESS;
}

/// Copies every quad of `m` into `sink` (graph ids become terms again).
static MgdStatus
service_copy(MgdMemStore* const m, const MgdSink* const sink)
{
  const MgdSource src  = mgd_memstore_source(m);
  MgdIter*        iter = NULL;
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  const MgdIdQuad all = {MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE, MGD_ID_NONE};
  MgdIdQuad       q;
  MgdStatus       st = src.vt->match(src.handle, &all, &iter);
  while (!st && !(st = src.vt->next(iter, &q))) {
    MgdQuad t;
    t.g = mgd_term_none();
    st  = mgd_source_term(&src, q.s, &arena, &t.s);
    st  = st ? st : mgd_source_term(&src, q.p, &arena, &t.p);
    st  = st ? st : mgd_source_term(&src, q.o, &arena, &t.o);
    if (!st && q.g != MGD_ID_DEFAULT_GRAPH) {
      st = mgd_source_term(&src, q.g, &arena, &t.g);
    }
    st = st ? st : mgd_sink_quad(sink, &t);
    mgd_arena_reset(&arena);
  }
  if (iter) {
    src.vt->iter_free(iter);
  }
  mgd_arena_clear(&arena);
  return st == MGD_FAILURE ? mgd_sink_end(sink) : st;
}

/// Parses a file (`path`) or bytes into the write. LOAD SILENT (no `diag`)
/// must leave the store unchanged when the document is bad, so it parses
/// into memory first and copies only a complete parse; otherwise quads
/// stream straight in, as a failure aborts the whole request anyway.
static MgdStatus
service_parse(MgdDbWrite* const write, const char* const path,
              const MgdBuf* const bytes, const MgdReadOptions* const ro,
              const MgdTerm* const graph)
{
  MgdSink*     sink  = NULL;
  MgdMemStore* stage = NULL;
  MgdStatus    st    = mgd_db_write_sink(
    write, graph && graph->kind != MGD_TERM_NONE ? graph : NULL, &sink);
  if (!st && !ro->diag && !(stage = mgd_memstore_new())) {
    st = MGD_BAD_ALLOC;
  }
  if (!st) {
    const MgdSink to = stage ? mgd_memstore_sink(stage) : *sink;
    st = path ? mgd_rdf_read_path(path, ro, &to, NULL)
              : mgd_rdf_read_bytes(bytes->data ? bytes->data : "",
                                   bytes->len, ro, &to, NULL);
  }
  if (!st && stage) {
    st = service_copy(stage, sink);
  }
  mgd_memstore_free(stage);
  mgd_db_sink_free(sink);
  return st;
}

static MgdStatus
service_load_file(const MgdService* const service, MgdDbWrite* const write,
                  const MgdStr iri, const MgdTerm* const graph,
                  const MgdDiagSink* const diag)
{
  MgdBuf path;
  mgd_buf_init(&path);
  char        real[PATH_MAX];
  struct stat info;
  MgdStatus   st = service_file_path(iri, &path);
  if (st == MGD_BAD_ALLOC) {
    goto done;
  }
  bool inside = false;
  if (!st && realpath(path.data, real) && !stat(real, &info) &&
      S_ISREG(info.st_mode)) {
    for (size_t i = 0U; service && i < service->n_load_dirs; ++i) {
      const char* const d = service->load_dirs[i];
      inside              = inside || !strncmp(real, d, strlen(d));
    }
  }
  if (!inside) {
    st = mgd_diag(diag, MGD_BAD_ACCESS, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                  "LOAD <%.*s> refused: not a readable file inside a "
                  "--load-dir directory",
                  (int)(iri.len > 300U ? 300U : iri.len), iri.ptr);
    goto done;
  }
  MgdReadOptions ro;
  memset(&ro, 0, sizeof(ro));
  ro.format      = mgd_format_from_path(real);
  ro.diag        = diag;
  ro.source_name = real;
  st             = service_parse(write, real, NULL, &ro, graph);
done:
  mgd_buf_clear(&path);
  return st;
}

static MgdStatus
service_load_http(const MgdService* const service, MgdDbWrite* const write,
                  const MgdStr iri, const MgdTerm* const graph,
                  const MgdDiagSink* const diag)
{
  MgdBuf body, type, name;
  mgd_buf_init(&body);
  mgd_buf_init(&type);
  mgd_buf_init(&name);
  MgdStatus st = mgd_service_fetch(
    service, iri,
    "text/turtle, application/n-triples;q=0.9, application/n-quads;q=0.9, "
    "application/trig;q=0.9, application/rdf+xml;q=0.8, "
    "application/ld+json;q=0.7",
    NULL, diag, &body, &type);
  if (st) {
    goto done;
  }
  MgdFormat format = mgd_format_from_name(type.data);
  if (format == MGD_FORMAT_UNKNOWN &&
      !(st = mgd_buf_append(&name, iri.ptr, iri.len))) {
    format = mgd_format_from_path(name.data);
  }
  if (!st && format == MGD_FORMAT_UNKNOWN) {
    st = mgd_diag(diag, MGD_BAD_DATA, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                  "LOAD <%.*s>: unknown RDF media type '%s'", (int)iri.len,
                  iri.ptr, type.data ? type.data : "");
  }
  mgd_buf_reset(&name);
  st = st ? st : mgd_buf_append(&name, iri.ptr, iri.len);
  if (!st) {
    MgdReadOptions ro;
    memset(&ro, 0, sizeof(ro));
    ro.format      = format;
    ro.base        = name.data;
    ro.source_name = name.data;
    ro.diag        = diag;
    st             = service_parse(write, NULL, &body, &ro, graph);
  }
done:
  mgd_buf_clear(&name);
  mgd_buf_clear(&type);
  mgd_buf_clear(&body);
  return st;
}

MgdStatus
mgd_service_load(const MgdService* const service, MgdDbWrite* const write,
                 const MgdStr iri, const MgdTerm* const graph,
                 const MgdDiagSink* const diag)
{
  if (mgd_str_has_prefix(iri, "file:")) {
    return service_load_file(service, write, iri, graph, diag);
  }
  if (mgd_str_has_prefix(iri, "http://") ||
      mgd_str_has_prefix(iri, "https://")) {
    return service_load_http(service, write, iri, graph, diag);
  }
  return mgd_diag(diag, MGD_BAD_ACCESS, MGD_LEVEL_ERROR, NULL, 0U, 0U, NULL,
                  "LOAD <%.*s> refused: only file: and allow-listed http(s) "
                  "IRIs can be loaded", (int)(iri.len > 300U ? 300U : iri.len),
                  iri.ptr);
}
