// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Helpers shared by the subcommands: option scanning, the stderr
/// diagnostic printer, opening the database, exit codes.

#ifndef MGD_CLI_CLI_H
#define MGD_CLI_CLI_H

#include "base/diag.h"
#include "base/str.h"
#include "db/db.h"
#include "db/service.h"

#include <stdbool.h>
#include <stddef.h>

enum {
  MGD_EXIT_OK       = 0,
  MGD_EXIT_BAD      = 1,
  MGD_EXIT_USAGE    = 2,
  MGD_EXIT_INTERNAL = 3,
};

/// Prints diagnostics to stderr as `file:line:col: error: message`.
extern const MgdDiagSink mgd_cli_diag;

/// If argv[*i] is `--name VALUE` or `--name=VALUE`, store VALUE, advance
/// *i and return true. A missing value prints a usage error and sets
/// *bad.
bool
mgd_cli_opt(int argc, char** argv, int* i, const char* name,
            const char** value, bool* bad);

/// The database directory: --db, else $MUGDAT_DB, else ./var/mugdat.
const char*
mgd_cli_db_dir(const char* option);

/// Open the database (printing errors); returns an exit status.
int
mgd_cli_open(const char* dir, bool create, MgdDb** db);

/// The text of a `QUERY|@FILE` argument.
typedef struct {
  const char* text;   ///< The text (the argument, or the file's bytes)
  size_t      n;      ///< Its length
  char*       owned;  ///< The file's bytes, or NULL
  const char* source; ///< Name for diagnostics: the file, or `what`
  MgdBuf      url;    ///< The file's file:// URL (empty for inline text)
} MgdCliText;

/// Read a `QUERY|@FILE` argument (`@-` is stdin) into `t` (free with
/// mgd_cli_text_clear, also after an error). Returns 0, or MGD_EXIT_BAD
/// after printing why the file cannot be read.
int
mgd_cli_text(const char* arg, const char* what, MgdCliText* t);

/// Free what mgd_cli_text() read.
void
mgd_cli_text_clear(MgdCliText* t);

/// Exit status for a status: 0, 1 for bad input, 3 otherwise.
int
mgd_cli_exit(MgdStatus st);

/// Resolve a shipped data directory: $MUGDAT_DATADIR/INSTALLED or
/// $MUGDAT_DATADIR/SOURCE, else the source tree's SOURCE (when running from
/// a build tree), else the installed MGD_DATADIR/INSTALLED. Writes the path to `out` (at most `n` bytes).
void
mgd_cli_data_dir(const char* installed, const char* source, char* out,
                 size_t n);

/// A growable list of owned paths.
typedef struct {
  char** paths; ///< Owned, each freed by mgd_cli_paths_clear()
  size_t n;     ///< Used
  size_t cap;   ///< Allocated
} MgdCliPaths;

/// Append a copy of `path`; -1 when out of memory.
int
mgd_cli_paths_push(MgdCliPaths* list, const char* path);

/// Free every path and the list (the struct itself is the caller's).
void
mgd_cli_paths_clear(MgdCliPaths* list);

/// What a directory walk does with an entry.
typedef enum {
  MGD_CLI_SKIP,    ///< Ignore it
  MGD_CLI_TAKE,    ///< Add it to the list
  MGD_CLI_DESCEND, ///< Walk into it (directories)
} MgdCliWalk;

/// Walk `dir` recursively (hidden entries and symbolic links skipped, depth
/// bounded), asking `classify` about each entry; the paths taken from each
/// directory are added sorted. Prints an error and returns -1 for an
/// unreadable or too deeply nested directory.
int
mgd_cli_collect(const char* dir, MgdCliWalk (*classify)(const char* path,
                                                        bool is_dir),
                MgdCliPaths* out);

/// Print `mugdat CMD: message` to stderr and return MGD_EXIT_USAGE.
int
mgd_cli_usage(const char* cmd, const char* fmt, ...)
  __attribute__((format(printf, 2, 3)));

/// Most --service-allow or --load-dir options.
#define MGD_CLI_MAX_POLICY 64

/// The network and file policy of a command (src/db/service.h), collected
/// from repeatable `--service-allow PREFIX` and `--load-dir DIR` options.
/// Zero-initialise. Strings are borrowed from argv.
typedef struct {
  const char* allow[MGD_CLI_MAX_POLICY];     ///< --service-allow values
  size_t      n_allow;                       ///< Count
  const char* load_dirs[MGD_CLI_MAX_POLICY]; ///< --load-dir values
  size_t      n_load_dirs;                   ///< Count
  const char* timeout_ms; ///< --service-timeout-ms, or NULL
  const char* max_bytes;  ///< --service-max-bytes, or NULL
} MgdCliPolicy;

/// If argv[*i] is `--service-allow`, `--service-timeout-ms`,
/// `--service-max-bytes` or `--load-dir` (with `load` true), record it,
/// advance *i and return true; too many or a missing value print a usage
/// error and set *bad.
bool
mgd_cli_policy_opt(int argc, char** argv, int* i, bool load,
                   MgdCliPolicy* policy, bool* bad);

/// Create the service for `policy` (printing errors; a bad number is a
/// usage error); returns an exit status. Free with mgd_service_free().
int
mgd_cli_service(const MgdCliPolicy* policy, MgdService** service);

#endif // MGD_CLI_CLI_H
