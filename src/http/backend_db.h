// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// The HTTP backend over a MUGDAT database (src/db/db.h): the table of
/// operations `mugdat serve` hands to mgd_server_new().

#ifndef MGD_HTTP_BACKEND_DB_H
#define MGD_HTTP_BACKEND_DB_H

#include "db/db.h"
#include "http/backend.h"

/// Fill `backend` with operations over `db` (borrowed; it must outlive the
/// server).
void mgd_http_backend_db(MgdDb* db, MgdHttpBackend* backend);

#endif // MGD_HTTP_BACKEND_DB_H
