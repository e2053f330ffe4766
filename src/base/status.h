// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Status codes shared by every MUGDAT module.
///
/// MGD_SUCCESS is 0. MGD_FAILURE is a non-fatal "no / not found / end of
/// iteration". Every value after it is an error, so `st > MGD_FAILURE` tests
/// for one.

#ifndef MGD_BASE_STATUS_H
#define MGD_BASE_STATUS_H

typedef enum {
  MGD_SUCCESS = 0,     ///< Done
  MGD_FAILURE,         ///< Not found, no, or end of iteration (not an error)
  MGD_BAD_ALLOC,       ///< Out of memory
  MGD_BAD_ARG,         ///< Invalid argument from the caller
  MGD_BAD_SYNTAX,      ///< Syntax error in input
  MGD_BAD_DATA,        ///< Well-formed input with invalid content
  MGD_BAD_LIMIT,       ///< A configured limit was exceeded
  MGD_BAD_TXN,         ///< Transaction poisoned by an earlier error
  MGD_BAD_IO,          ///< Operating system I/O error
  MGD_BAD_FULL,        ///< Storage map full (caller grows and redoes)
  MGD_BAD_CORRUPT,     ///< Stored data is corrupt
  MGD_BAD_VERSION,     ///< Store written by an incompatible format version
  MGD_BAD_TIMEOUT,     ///< Deadline passed or request cancelled
  MGD_BAD_UNSUPPORTED, ///< Feature or format not supported
  MGD_BAD_ACCESS,      ///< Refused by policy (network, file access, token)
  MGD_BAD_INTERNAL,    ///< Broken invariant or third-party failure
} MgdStatus;

/// Return a static, human-readable description of `st`.
const char*
mgd_strerror(MgdStatus st);

/// Assign `expr` to `st` and return it from the calling function on error.
/// Use only in functions that own no resources (STYLE.md §3).
#define MGD_TRY(st, expr)      \
  do {                         \
    if (((st) = (expr)) > MGD_FAILURE) { \
      return (st);             \
    }                          \
  } while (0)

#endif // MGD_BASE_STATUS_H
