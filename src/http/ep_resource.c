// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Placeholder while the endpoint is written: answers 501.

#include "server_impl.h"

void
mgd_ep_resource(MgdServer* const   server,
          MgdRequest* const  request,
          MgdResponse* const response)
{
  (void)server;
  mgd_http_problem(request, response, 501U, "not implemented yet");
}
