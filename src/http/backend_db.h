// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The HTTP backend over a MUGDAT database (src/db/db.h): the table of
/// operations `mugdat serve` hands to mgd_server_new().

#ifndef MGD_HTTP_BACKEND_DB_H
#define MGD_HTTP_BACKEND_DB_H

#include "db/db.h"
#include "http/backend.h"

#include "db/service.h"

/// What the db backend works on (both borrowed; they must outlive the
/// server).
typedef struct {
  MgdDb*            db;      ///< The database
  const MgdService* service; ///< SERVICE and LOAD policy; NULL: refuse all
} MgdHttpDb;

/// Fill `backend` with operations over `db` (borrowed; it must outlive the
/// server).
void mgd_http_backend_db(const MgdHttpDb* db, MgdHttpBackend* backend);

#endif // MGD_HTTP_BACKEND_DB_H
