// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "cli.h"
#include "commands.h"

int
mgd_cmd_backup(const int argc, char** const argv)
{
  const char* dir = NULL;
  const char* out = NULL;
  bool        bad = false;
  for (int i = 1; i < argc; ++i) {
    if (mgd_cli_opt(argc, argv, &i, "--db", &dir, &bad)) {
      continue;
    }
    if (argv[i][0] == '-' || out) {
      return mgd_cli_usage("backup", "unexpected argument '%s'", argv[i]);
    }
    out = argv[i];
  }
  if (bad || !out) {
    return mgd_cli_usage("backup", "usage: backup --db DIR OUT_DIR");
  }
  MgdDb* db   = NULL;
  int    code = mgd_cli_open(mgd_cli_db_dir(dir), false, &db);
  if (!code) {
    code = mgd_cli_exit(mgd_store_backup(mgd_db_store(db), out));
  }
  mgd_db_close(db);
  return code;
}
