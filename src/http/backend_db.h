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
/// server). Also brings the db's text index up to date (bounded: two
/// minutes at most; searches catch up the rest), so the first search of a
/// large store does not pay for it.
void mgd_http_backend_db(const MgdHttpDb* db, MgdHttpBackend* backend);

/// The backend's `search` operation (backend_search.c); `handle` is an
/// MgdHttpDb. The text index is `<db dir>/search.mdb`, the facets file
/// $MUGDAT_SEARCH_FACETS or mappings/search-facets.tsv.
MgdStatus mgd_http_db_search(void* handle, const MgdHttpSearch* q, MgdBuf* json);

/// Open the text index of `db` and catch it up (errors are left for the
/// searches to report).
void mgd_http_db_search_warm(MgdDb* db);

#endif // MGD_HTTP_BACKEND_DB_H
