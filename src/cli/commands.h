// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The subcommands of `mugdat`. Each returns the process exit status:
/// 0 ok, 1 bad input or failed validation, 2 usage, 3 internal error.

#ifndef MGD_CLI_COMMANDS_H
#define MGD_CLI_COMMANDS_H

int mgd_cmd_init(int argc, char** argv);
int mgd_cmd_load(int argc, char** argv);
int mgd_cmd_ingest(int argc, char** argv);
int mgd_cmd_dump(int argc, char** argv);
int mgd_cmd_stats(int argc, char** argv);
int mgd_cmd_backup(int argc, char** argv);
int mgd_cmd_serve(int argc, char** argv);
int mgd_cmd_query(int argc, char** argv);
int mgd_cmd_update(int argc, char** argv);
int mgd_cmd_validate(int argc, char** argv);
int mgd_cmd_crosswalk(int argc, char** argv);

#endif // MGD_CLI_COMMANDS_H
