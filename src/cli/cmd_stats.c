// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "cli.h"
#include "commands.h"

#include "base/arena.h"
#include "rdf/source.h"

#include <stdio.h>

typedef struct {
  MgdSource source; ///< For term names
  MgdArena  arena;  ///< Term scratch
  const char* label; ///< Section label
} StatsPrint;

static MgdStatus
stats_print_one(void* const handle, const MgdId id, const uint64_t count)
{
  StatsPrint* const p = (StatsPrint*)handle;
  MgdTerm           t;
  mgd_arena_reset(&p->arena);
  if (id == MGD_ID_DEFAULT_GRAPH) {
    printf("  %-60s %llu\n", "(default graph)", (unsigned long long)count);
    return MGD_SUCCESS;
  }
  const MgdStatus st = mgd_source_term(&p->source, id, &p->arena, &t);
  if (st) {
    return st;
  }
  printf("  %-60.*s %llu\n", (int)t.value.len, t.value.ptr,
         (unsigned long long)count);
  return MGD_SUCCESS;
}

int
mgd_cmd_stats(const int argc, char** const argv)
{
  const char* dir = NULL;
  bool        bad = false;
  for (int i = 1; i < argc; ++i) {
    if (!mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad)) {
      return mgd_cli_usage("stats", "unknown argument '%s'", argv[i]);
    }
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  MgdDb*     db   = NULL;
  MgdDbRead* read = NULL;
  int        code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  if (code) {
    return code;
  }
  MgdStoreStats s;
  MgdStatus     st = mgd_db_read_begin(db, &read);
  if (!st) {
    st = mgd_txn_stats(mgd_db_read_txn(read), &s);
  }
  if (!st) {
    printf("format version  %u\nquads           %llu\nterms           %llu\n"
           "named graphs    %llu\nbytes used      %llu\n",
           s.version, (unsigned long long)s.n_quads,
           (unsigned long long)s.n_terms, (unsigned long long)s.n_graphs,
           (unsigned long long)s.n_bytes);
    if (s.n_hidden) {
      // Staged graphs being written, or replaced ones not yet removed.
      printf("hidden graphs   %llu (%llu quads)\n",
             (unsigned long long)s.n_hidden,
             (unsigned long long)s.n_hidden_quads);
    }
    StatsPrint p;
    p.source = mgd_db_read_source(read);
    mgd_arena_init(&p.arena, 0U);
    printf("graphs:\n");
    st = mgd_txn_stats_each(mgd_db_read_txn(read), 'g', stats_print_one, &p);
    if (!st) {
      printf("predicates:\n");
      st = mgd_txn_stats_each(mgd_db_read_txn(read), 'p', stats_print_one, &p);
    }
    if (!st) {
      printf("classes:\n");
      st = mgd_txn_stats_each(mgd_db_read_txn(read), 'c', stats_print_one, &p);
    }
    mgd_arena_clear(&p.arena);
  }
  mgd_db_read_end(read);
  mgd_db_close(db);
  if (st) {
    fprintf(stderr, "mugdat stats: %s\n", mgd_strerror(st));
  }
  return mgd_cli_exit(st);
}
