// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "cli.h"

#include "base/alloc.h"
#include "syntax/rdf_read.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const MgdDiagSink mgd_cli_diag = {mgd_diag_print, NULL};

bool
mgd_cli_opt(const int argc, char** const argv, int* const i,
            const char* const name, const char** const value, bool* const bad)
{
  const char*  arg = argv[*i];
  const size_t n   = strlen(name);
  if (strncmp(arg, name, n)) {
    return false;
  }
  if (arg[n] == '=') {
    *value = arg + n + 1;
    return true;
  }
  if (arg[n]) {
    return false;
  }
  if (*i + 1 >= argc) {
    fprintf(stderr, "mugdat: option %s needs a value\n", name);
    *bad = true;
    return true;
  }
  *value = argv[++*i];
  return true;
}

const char*
mgd_cli_db_dir(const char* const option)
{
  if (option) {
    return option;
  }
  const char* const env = getenv("MUGDAT_DB");
  return env && *env ? env : "./var/mugdat";
}

int
mgd_cli_exit(const MgdStatus st)
{
  switch (st) {
  case MGD_SUCCESS: return MGD_EXIT_OK;
  case MGD_FAILURE:
  case MGD_BAD_SYNTAX:
  case MGD_BAD_DATA:
  case MGD_BAD_LIMIT:
  case MGD_BAD_UNSUPPORTED:
  case MGD_BAD_ACCESS:
  case MGD_BAD_VERSION:
  case MGD_BAD_ARG:
  case MGD_BAD_IO: return MGD_EXIT_BAD;
  case MGD_BAD_ALLOC:
  case MGD_BAD_TXN:
  case MGD_BAD_FULL:
  case MGD_BAD_CORRUPT:
  case MGD_BAD_TIMEOUT:
  case MGD_BAD_INTERNAL: break;
  }
  return MGD_EXIT_INTERNAL;
}

int
mgd_cli_open(const char* const dir, const bool create, MgdDb** const db)
{
  MgdDbOptions options;
  memset(&options, 0, sizeof(options));
  options.create     = create;
  options.diag       = &mgd_cli_diag;
  const MgdStatus st = mgd_db_open(dir, &options, db);
  return st ? (st == MGD_FAILURE ? MGD_EXIT_BAD : mgd_cli_exit(st)) : 0;
}

int
mgd_cli_usage(const char* const cmd, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  fprintf(stderr, "mugdat %s: ", cmd);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
  va_end(args);
  return MGD_EXIT_USAGE;
}

static bool
is_dir(const char* const path)
{
  struct stat sb;
  return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

void
mgd_cli_data_dir(const char* const installed, const char* const source,
                 char* const out, const size_t n)
{
  // $MUGDAT_DATADIR may name an installed data directory or a source tree.
  const char* const env = getenv("MUGDAT_DATADIR");
  if (env && *env) {
    snprintf(out, n, "%s/%s", env, installed);
    if (is_dir(out)) {
      return;
    }
    snprintf(out, n, "%s/%s", env, source);
    if (is_dir(out)) {
      return;
    }
  }
  snprintf(out, n, "%s/%s", MGD_SRCDIR, source);
  if (!is_dir(out)) {
    snprintf(out, n, "%s/%s", MGD_DATADIR, installed);
  }
}

bool
mgd_cli_policy_opt(const int argc, char** const argv, int* const i,
                   const bool load, MgdCliPolicy* const policy,
                   bool* const bad)
{
  const char* value = NULL;
  if (mgd_cli_opt(argc, argv, i, "--service-allow", &value, bad)) {
    if (value && policy->n_allow < MGD_CLI_MAX_POLICY) {
      policy->allow[policy->n_allow++] = value;
    } else if (value) {
      *bad = true;
      mgd_cli_usage(argv[0], "too many --service-allow options");
    }
    return true;
  }
  if (mgd_cli_opt(argc, argv, i, "--service-timeout-ms", &policy->timeout_ms,
                  bad) ||
      mgd_cli_opt(argc, argv, i, "--service-max-bytes", &policy->max_bytes,
                  bad)) {
    return true;
  }
  if (load && mgd_cli_opt(argc, argv, i, "--load-dir", &value, bad)) {
    if (value && policy->n_load_dirs < MGD_CLI_MAX_POLICY) {
      policy->load_dirs[policy->n_load_dirs++] = value;
    } else if (value) {
      *bad = true;
      mgd_cli_usage(argv[0], "too many --load-dir options");
    }
    return true;
  }
  return false;
}

int
mgd_cli_service(const MgdCliPolicy* const policy, MgdService** const service)
{
  MgdServiceOptions opts;
  memset(&opts, 0, sizeof(opts));
  opts.allow         = policy->allow;
  opts.n_allow       = policy->n_allow;
  opts.load_dirs     = policy->load_dirs;
  opts.n_load_dirs   = policy->n_load_dirs;
  unsigned long long v = 0U;
  char*              end = NULL;
  if (policy->timeout_ms) {
    v = strtoull(policy->timeout_ms, &end, 10);
    if (!*policy->timeout_ms || *end || !v || v > UINT32_MAX) {
      return mgd_cli_usage("service", "--service-timeout-ms needs a number "
                                      "1-4294967295");
    }
    opts.timeout_ms         = (uint32_t)v;
    opts.connect_timeout_ms = (uint32_t)v < MGD_SERVICE_CONNECT_TIMEOUT_MS
                                ? (uint32_t)v
                                : MGD_SERVICE_CONNECT_TIMEOUT_MS;
  }
  if (policy->max_bytes) {
    v = strtoull(policy->max_bytes, &end, 10);
    if (!*policy->max_bytes || *end || !v || v > SIZE_MAX) {
      return mgd_cli_usage("service", "--service-max-bytes needs a positive "
                                      "number");
    }
    opts.max_bytes = (size_t)v;
  }
  const MgdStatus st = mgd_service_new(&opts, &mgd_cli_diag, service);
  return st ? mgd_cli_exit(st) : MGD_EXIT_OK;
}

int
mgd_cli_paths_push(MgdCliPaths* const list, const char* const path)
{
  if (list->n == list->cap) {
    const size_t cap   = list->cap ? list->cap * 2U : 16U;
    char** const paths = (char**)mgd_realloc(list->paths, cap * sizeof(char*));
    if (!paths) {
      return -1;
    }
    list->paths = paths;
    list->cap   = cap;
  }
  list->paths[list->n] = mgd_strndup(path, strlen(path));
  return list->paths[list->n++] ? 0 : -1;
}

void
mgd_cli_paths_clear(MgdCliPaths* const list)
{
  for (size_t i = 0U; i < list->n; ++i) {
    mgd_free(list->paths[i]);
  }
  mgd_free(list->paths);
  list->paths = NULL;
  list->n     = 0U;
  list->cap   = 0U;
}

static int
path_cmp(const void* const a, const void* const b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int
collect_dir(const char* const dir,
            MgdCliWalk (*classify)(const char*, bool),
            MgdCliPaths* const out, const int depth)
{
  if (depth > 64) {
    fprintf(stderr, "%s: error: directories nested too deep\n", dir);
    return -1;
  }
  DIR* const d = opendir(dir);
  if (!d) {
    fprintf(stderr, "%s: error: cannot read directory\n", dir);
    return -1;
  }
  const size_t   first = out->n;
  struct dirent* e     = NULL;
  int            rc    = 0;
  while (!rc && (e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    struct stat sb;
    if (lstat(path, &sb) || S_ISLNK(sb.st_mode)) {
      continue; // vanished while walking, or a link (no loops)
    }
    switch (classify(path, S_ISDIR(sb.st_mode))) {
    case MGD_CLI_SKIP: break;
    case MGD_CLI_TAKE: rc = mgd_cli_paths_push(out, path); break;
    case MGD_CLI_DESCEND: rc = collect_dir(path, classify, out, depth + 1); break;
    }
  }
  closedir(d);
  qsort(out->paths + first, out->n - first, sizeof(char*), path_cmp);
  return rc;
}

int
mgd_cli_collect(const char* const dir,
                MgdCliWalk (*classify)(const char*, bool),
                MgdCliPaths* const out)
{
  return collect_dir(dir, classify, out, 0);
}

static char*
read_all(const char* const path, size_t* const n)
{
  FILE* const f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    return NULL;
  }
  MgdBuf buf;
  mgd_buf_init(&buf);
  char   chunk[8192];
  size_t got = 0U;
  while ((got = fread(chunk, 1U, sizeof(chunk), f)) > 0U) {
    if (mgd_buf_append(&buf, chunk, got)) {
      mgd_buf_clear(&buf);
      break;
    }
  }
  if (f != stdin) {
    fclose(f);
  }
  *n = buf.len;
  return buf.data ? buf.data : mgd_strndup("", 0U);
}

int
mgd_cli_text(const char* const arg, const char* const what,
             MgdCliText* const t)
{
  t->text   = arg;
  t->n      = strlen(arg);
  t->owned  = NULL;
  t->source = what;
  mgd_buf_init(&t->url);
  if (arg[0] != '@') {
    return 0;
  }
  t->source = arg + 1;
  t->owned  = read_all(t->source, &t->n);
  if (!t->owned) {
    perror(t->source);
    return MGD_EXIT_BAD;
  }
  t->text = t->owned;
  if (strcmp(t->source, "-")) {
    (void)mgd_path_to_file_url(t->source, &t->url); // no base if it fails
  }
  return 0;
}

void
mgd_cli_text_clear(MgdCliText* const t)
{
  mgd_free(t->owned);
  mgd_buf_clear(&t->url);
}
