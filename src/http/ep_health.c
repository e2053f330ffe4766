// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// /health and /metrics. Metrics use the Prometheus text exposition format
// 0.0.4: counters per endpoint and status, a latency histogram per
// endpoint, stream errors, requests in flight and the store size.

#include "server_impl.h"

#include <stdio.h>

void
mgd_ep_health(MgdServer* const   server,
              MgdRequest* const  request,
              MgdResponse* const response)
{
  (void)request;
  char           text[160];
  const uint64_t up = (mgd_http_now_ms() - server->started_ms) / 1000U;
  const int      n  = snprintf(text,
                         sizeof(text),
                         "{\"status\":\"ok\",\"uptime_s\":%llu}\n",
                         (unsigned long long)up);
  if (mgd_http_reply(response, 200U, "application/json", text, (size_t)n)) {
    mgd_http_problem_st(request, response, MGD_BAD_ALLOC, NULL);
  }
  mgd_http_header(response, "Cache-Control", "no-store");
}

static MgdStatus
metrics_write(MgdServer* const server, MgdBuf* const out)
{
  size_t                n_routes = 0U;
  const MgdRoute* const routes   = mgd_http_routes(&n_routes);
  const unsigned* const statuses = mgd_http_metric_statuses();
  const unsigned* const buckets  = mgd_http_metric_buckets();
  MgdHttpMetrics* const m        = &server->metrics;

  MgdStatus st = mgd_buf_appendc(
    out,
    "# HELP mugdat_http_requests_total HTTP requests by endpoint and "
    "status.\n# TYPE mugdat_http_requests_total counter\n");
  for (size_t r = 0U; !st && r <= n_routes; ++r) {
    const char* const name = r < n_routes ? routes[r].name : "none";
    for (size_t k = 0U; !st && k < MGD_HTTP_N_STATUS; ++k) {
      const unsigned long long v = atomic_load(&m->requests[r][k]);
      if (v) {
        char code[16];
        if (statuses[k]) {
          snprintf(code, sizeof(code), "%u", statuses[k]);
        } else {
          snprintf(code, sizeof(code), "other");
        }
        st = mgd_buf_printf(
          out,
          "mugdat_http_requests_total{endpoint=\"%s\",status=\"%s\"} %llu\n",
          name,
          code,
          v);
      }
    }
  }

  // Errors by endpoint and class, summed from the counters above
  if (!st) {
    st = mgd_buf_appendc(
      out,
      "# HELP mugdat_http_errors_total Answers with a 4xx or 5xx "
      "status.\n# TYPE mugdat_http_errors_total counter\n");
  }
  for (size_t r = 0U; !st && r <= n_routes; ++r) {
    const char* const  name = r < n_routes ? routes[r].name : "none";
    unsigned long long n4   = 0U;
    unsigned long long n5   = 0U;
    for (size_t k = 0U; k < MGD_HTTP_N_STATUS; ++k) {
      const unsigned long long v = atomic_load(&m->requests[r][k]);
      n4 += statuses[k] >= 400U && statuses[k] < 500U ? v : 0U;
      n5 += statuses[k] >= 500U ? v : 0U;
    }
    st = mgd_buf_printf(out,
                        "mugdat_http_errors_total{endpoint=\"%s\",class="
                        "\"4xx\"} %llu\n"
                        "mugdat_http_errors_total{endpoint=\"%s\",class="
                        "\"5xx\"} %llu\n",
                        name,
                        n4,
                        name,
                        n5);
  }

  if (!st) {
    st = mgd_buf_appendc(
      out,
      "# HELP mugdat_http_request_duration_seconds Time from request "
      "to response queued.\n"
      "# TYPE mugdat_http_request_duration_seconds histogram\n");
  }
  for (size_t r = 0U; !st && r <= n_routes; ++r) {
    const char* const  name  = r < n_routes ? routes[r].name : "none";
    unsigned long long total = 0U;
    for (size_t b = 0U; !st && b <= MGD_HTTP_N_BUCKETS; ++b) {
      total += atomic_load(&m->latency[r][b]);
      if (b < MGD_HTTP_N_BUCKETS) {
        st = mgd_buf_printf(out,
                            "mugdat_http_request_duration_seconds_bucket{"
                            "endpoint=\"%s\",le=\"%u.%03u\"} %llu\n",
                            name,
                            buckets[b] / 1000U,
                            buckets[b] % 1000U,
                            total);
      } else {
        st = mgd_buf_printf(out,
                            "mugdat_http_request_duration_seconds_bucket{"
                            "endpoint=\"%s\",le=\"+Inf\"} %llu\n"
                            "mugdat_http_request_duration_seconds_sum{"
                            "endpoint=\"%s\"} %.6f\n"
                            "mugdat_http_request_duration_seconds_count{"
                            "endpoint=\"%s\"} %llu\n",
                            name,
                            total,
                            name,
                            (double)atomic_load(&m->latency_sum_us[r]) / 1e6,
                            name,
                            total);
      }
    }
  }

  if (!st) {
    st = mgd_buf_printf(
      out,
      "# HELP mugdat_http_stream_errors_total Streamed answers cut after the "
      "status line (time limit, evaluation error).\n"
      "# TYPE mugdat_http_stream_errors_total counter\n"
      "mugdat_http_stream_errors_total %llu\n"
      "# HELP mugdat_http_requests_in_flight Requests being handled.\n"
      "# TYPE mugdat_http_requests_in_flight gauge\n"
      "mugdat_http_requests_in_flight %llu\n"
      "# HELP mugdat_http_open_transactions Store transactions begun by the "
      "server and not yet ended.\n"
      "# TYPE mugdat_http_open_transactions gauge\n"
      "mugdat_http_open_transactions %lld\n"
      "# HELP mugdat_http_working Requests holding a work slot.\n"
      "# TYPE mugdat_http_working gauge\n"
      "mugdat_http_working %llu\n"
      "# HELP mugdat_http_waiting Requests waiting for a work slot.\n"
      "# TYPE mugdat_http_waiting gauge\n"
      "mugdat_http_waiting %llu\n"
      "# HELP mugdat_http_work_slots Requests worked on at once (--threads).\n"
      "# TYPE mugdat_http_work_slots gauge\n"
      "mugdat_http_work_slots %u\n"
      "# HELP mugdat_http_busy_refused_total Requests answered 503 because "
      "no work slot freed in time.\n"
      "# TYPE mugdat_http_busy_refused_total counter\n"
      "mugdat_http_busy_refused_total %llu\n"
      "# HELP mugdat_uptime_seconds Seconds since the server started.\n"
      "# TYPE mugdat_uptime_seconds gauge\n"
      "mugdat_uptime_seconds %llu\n",
      (unsigned long long)atomic_load(&m->stream_errors),
      (unsigned long long)atomic_load(&m->in_flight),
      (long long)atomic_load(&m->open_txns),
      (unsigned long long)atomic_load(&m->working),
      (unsigned long long)atomic_load(&m->waiting),
      server->opts.n_threads,
      (unsigned long long)atomic_load(&m->gate_refused),
      (unsigned long long)((mgd_http_now_ms() - server->started_ms) / 1000U));
  }

  uint64_t n_bytes = 0U;
  if (!st && server->backend.vt->store_bytes &&
      !server->backend.vt->store_bytes(server->backend.handle, &n_bytes)) {
    st = mgd_buf_printf(out,
                        "# HELP mugdat_store_bytes Size of the store on disk.\n"
                        "# TYPE mugdat_store_bytes gauge\n"
                        "mugdat_store_bytes %llu\n",
                        (unsigned long long)n_bytes);
  }
  return st;
}

void
mgd_ep_metrics(MgdServer* const   server,
               MgdRequest* const  request,
               MgdResponse* const response)
{
  const MgdStatus st = metrics_write(server, &response->body);
  if (st) {
    mgd_http_problem_st(request, response, st, NULL);
    return;
  }
  response->status       = 200U;
  response->content_type = "text/plain; version=0.0.4; charset=utf-8";
  mgd_http_header(response, "Cache-Control", "no-store");
}
