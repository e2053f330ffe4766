// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// `mugdat serve`: the HTTP server (DESIGN.md §6, src/http/http.h).
//
//   mugdat serve --db DIR [--bind ADDR] [--port N] [--www DIR]
//                [--write-token-file F] [--timeout-ms N] [--max-rows N]
//                [--threads N] [--max-body-bytes N] [--base-url URL]
//
//   --db DIR               the database (default $MUGDAT_DB, ./var/mugdat)
//   --bind ADDR            IPv4 or IPv6 address to listen on (127.0.0.1)
//   --port N               TCP port (8080); 0 picks a free port. The port
//                          is printed as `mugdat: listening on http://...`
//   --www DIR              static files for / (default: the installed
//                          www/ if it exists, else none)
//   --write-token-file F   file holding the bearer token that SPARQL Update
//                          and Graph Store writes need (whitespace around it
//                          is ignored). Without it the server is read-only:
//                          writes answer 403; a missing/wrong token 401.
//   --timeout-ms N         time limit per request (60000)
//   --max-rows N           most rows/triples in one answer (0 = no limit)
//   --threads N            requests evaluated at once (8 x CPUs)
//   --max-body-bytes N     largest buffered request body, e.g. a query
//                          (64 MiB); Graph Store bodies stream and are not
//                          limited by it
//   --base-url URL         public URL prefix used in links (Service
//                          Description, VoID); default http://<Host header>
//   --service-allow PREFIX an IRI prefix that SERVICE and LOAD may contact
//                          (repeatable); nothing else is ever contacted
//   --load-dir DIR         a directory whose files LOAD <file:...> may read
//                          (repeatable); no file is readable without it
//   --service-timeout-ms N time limit of one SERVICE or LOAD request (30000)
//   --service-max-bytes N  largest SERVICE or LOAD answer (64 MiB)
//
// Runs until SIGTERM or SIGINT, then stops accepting, lets requests in
// flight finish (up to the time limit) and exits 0. One access-log line per
// request goes to stderr.

#include "cli.h"
#include "commands.h"

#include "http/backend_db.h"
#include "http/http.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void
serve_log(void* const handle, const char* const line)
{
  (void)handle;
  char         stamp[32];
  const time_t now = time(NULL);
  struct tm    tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
  fprintf(stderr, "%s %s\n", stamp, line);
}

static bool
parse_u64(const char* const text, unsigned long long* const value)
{
  char* end = NULL;
  errno     = 0;
  if (!text || !*text || *text == '-') {
    return false;
  }
  *value = strtoull(text, &end, 10);
  return !errno && end && !*end;
}

/// Read the token file into `*token` (malloc'd); prints and returns an exit
/// status on failure.
static int
read_token(const char* const path, char** const token)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr,
            "%s: error: cannot open write token file: %s\n",
            path,
            strerror(errno));
    return MGD_EXIT_BAD;
  }
  char         buf[4096];
  const size_t n = fread(buf, 1U, sizeof(buf) - 1U, f);
  fclose(f);
  buf[n]       = '\0';
  size_t start = 0U;
  size_t end   = n;
  while (start < end && strchr(" \t\r\n", buf[start])) {
    ++start;
  }
  while (end > start && strchr(" \t\r\n", buf[end - 1U])) {
    --end;
  }
  if (end == start || memchr(buf + start, '\0', end - start)) {
    fprintf(stderr, "%s: error: the write token file is empty\n", path);
    return MGD_EXIT_BAD;
  }
  *token = (char*)malloc(end - start + 1U);
  if (!*token) {
    return MGD_EXIT_INTERNAL;
  }
  memcpy(*token, buf + start, end - start);
  (*token)[end - start] = '\0';
  return MGD_EXIT_OK;
}

static int
serve_help(void)
{
  printf(
    "usage: mugdat serve --db DIR [--bind ADDR] [--port N] [--www DIR]\n"
    "                    [--write-token-file F] [--timeout-ms N] "
    "[--max-rows N]\n"
    "                    [--threads N] [--max-body-bytes N] [--base-url URL]\n"
    "\n"
    "  --bind ADDR           IPv4/IPv6 address to listen on (127.0.0.1)\n"
    "  --port N              TCP port (8080; 0 picks a free one)\n"
    "  --www DIR             static files for / (default: installed www/)\n"
    "  --write-token-file F  bearer token for writes; without it the server\n"
    "                        is read-only (writes get 403)\n"
    "  --timeout-ms N        time limit per request (60000)\n"
    "  --max-rows N          most rows or triples per answer (0: no limit)\n"
    "  --threads N           requests evaluated at once (8 x CPUs)\n"
    "  --max-body-bytes N    largest buffered request body (64 MiB)\n"
    "  --base-url URL        public URL prefix for links (default: Host)\n"
    "  --service-allow PREFIX  IRI prefix SERVICE/LOAD may contact "
    "(repeatable)\n"
    "  --load-dir DIR        directory LOAD <file:> may read (repeatable)\n"
    "  --service-timeout-ms N  time limit of a SERVICE/LOAD request (30000)\n"
    "  --service-max-bytes N   largest SERVICE/LOAD answer (64 MiB)\n"
    "\n"
    "endpoints: /sparql /data /.well-known/void /health /metrics /\n");
  return MGD_EXIT_OK;
}

int
mgd_cmd_serve(const int argc, char** const argv)
{
  const char* dir        = NULL;
  const char* bind       = "127.0.0.1";
  const char* port_s     = "8080";
  const char* www        = NULL;
  const char* token_file = NULL;
  const char* timeout_s  = NULL;
  const char* rows_s     = NULL;
  const char* threads_s  = NULL;
  const char* body_s     = NULL;
  const char* base_url   = NULL;
  bool        bad        = false;
  MgdCliPolicy policy;
  memset(&policy, 0, sizeof(policy));
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      return serve_help();
    }
    if (!mgd_cli_policy_opt(argc, argv, &i, true, &policy, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--bind", &bind, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--port", &port_s, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--www", &www, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--write-token-file", &token_file, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--timeout-ms", &timeout_s, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--max-rows", &rows_s, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--threads", &threads_s, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--max-body-bytes", &body_s, &bad) &&
        !mgd_cli_opt(argc, argv, &i, "--base-url", &base_url, &bad)) {
      return mgd_cli_usage("serve", "unknown argument '%s'", argv[i]);
    }
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }

  MgdServerOptions opts;
  memset(&opts, 0, sizeof(opts));
  unsigned long long v = 0U;
  if (!parse_u64(port_s, &v) || v > 65535U) {
    return mgd_cli_usage("serve", "--port needs a number 0-65535");
  }
  opts.port = (uint16_t)v;
  if (timeout_s) {
    if (!parse_u64(timeout_s, &v) || !v) {
      return mgd_cli_usage("serve", "--timeout-ms needs a positive number");
    }
    opts.timeout_ms = v;
  }
  if (rows_s) {
    if (!parse_u64(rows_s, &v)) {
      return mgd_cli_usage("serve", "--max-rows needs a number");
    }
    opts.max_rows = v;
  }
  if (threads_s) {
    if (!parse_u64(threads_s, &v) || !v || v > 1024U) {
      return mgd_cli_usage("serve", "--threads needs a number 1-1024");
    }
    opts.n_threads = (unsigned)v;
  }
  if (body_s) {
    if (!parse_u64(body_s, &v) || !v || v > SIZE_MAX) {
      return mgd_cli_usage("serve", "--max-body-bytes needs a positive number");
    }
    opts.max_body_bytes = (size_t)v;
  }
  struct stat info;
  if (!www && !stat(MGD_DATADIR "/www", &info) && S_ISDIR(info.st_mode)) {
    www = MGD_DATADIR "/www";
  }
  opts.bind     = bind;
  opts.www_dir  = www;
  opts.base_url = base_url;
  opts.log      = serve_log;
  opts.diag     = mgd_cli_diag;

  char* token = NULL;
  if (token_file) {
    const int code = read_token(token_file, &token);
    if (code) {
      return code;
    }
    opts.write_token = token;
  }

  MgdDb*      db   = NULL;
  MgdService* svc  = NULL;
  int         code = mgd_cli_service(&policy, &svc);
  if (!code) {
    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  }
  if (code) {
    mgd_service_free(svc);
    free(token);
    return code;
  }

  // Block the stop signals in every thread (MHD's threads inherit the mask)
  // and take them synchronously below.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  const MgdHttpDb handle = {db, svc};
  MgdHttpBackend  backend;
  mgd_http_backend_db(&handle, &backend);
  MgdServer*      server = NULL;
  const MgdStatus st     = mgd_server_new(&opts, &backend, &server);
  if (st) {
    code = st == MGD_BAD_ARG ? MGD_EXIT_USAGE : mgd_cli_exit(st);
  } else {
    fprintf(stderr,
            "mugdat: listening on http://%s%s%s:%u/ (%s)\n",
            strchr(bind, ':') ? "[" : "",
            bind,
            strchr(bind, ':') ? "]" : "",
            (unsigned)mgd_server_port(server),
            token ? "writes need the bearer token" : "read-only");
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr,
            "mugdat: %s: finishing requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    mgd_server_free(server);
    fprintf(stderr, "mugdat: stopped\n");
  }
  mgd_db_close(db);
  mgd_service_free(svc);
  free(token);
  return code;
}
