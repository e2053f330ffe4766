// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "status.h"

const char*
mgd_strerror(const MgdStatus st)
{
  switch (st) {
  case MGD_SUCCESS: return "success";
  case MGD_FAILURE: return "not found";
  case MGD_BAD_ALLOC: return "out of memory";
  case MGD_BAD_ARG: return "invalid argument";
  case MGD_BAD_SYNTAX: return "syntax error";
  case MGD_BAD_DATA: return "invalid data";
  case MGD_BAD_LIMIT: return "limit exceeded";
  case MGD_BAD_TXN: return "transaction failed earlier";
  case MGD_BAD_IO: return "input/output error";
  case MGD_BAD_FULL: return "storage full";
  case MGD_BAD_CORRUPT: return "store is corrupt";
  case MGD_BAD_VERSION: return "incompatible store format version";
  case MGD_BAD_TIMEOUT: return "deadline exceeded";
  case MGD_BAD_UNSUPPORTED: return "not supported";
  case MGD_BAD_ACCESS: return "access refused";
  case MGD_BAD_INTERNAL: return "internal error";
  }
  return "unknown status";
}
