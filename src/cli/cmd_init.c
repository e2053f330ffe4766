// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "cli.h"
#include "commands.h"

#include <stdio.h>

int
mgd_cmd_init(const int argc, char** const argv)
{
  const char* dir = NULL;
  bool        bad = false;
  for (int i = 1; i < argc; ++i) {
    if (!mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad)) {
      return mgd_cli_usage("init", "unknown argument '%s'", argv[i]);
    }
  }
  if (bad) {
    return MGD_EXIT_USAGE;
  }
  MgdDb*    db   = NULL;
  const int code = mgd_cli_open(mgd_cli_db_dir(dir), true, &db);
  mgd_db_close(db);
  return code;
}
