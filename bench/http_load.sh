#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# HTTP load benchmark (bench/README.md, "HTTP under load"): generates
# HTTP_SIZE statements with gen_bioimage, loads them into a fresh store,
# runs `mugdat serve` and drives it with bench/http_load.py: the query mix
# at HTTP_CLIENTS concurrent clients, kept-alive and not, then the stream,
# put, cut and timeout scenarios (the timeout one on a second server with
# --timeout-ms 3000). With HTTP_VIRTUOSO=1 the same mix also runs against
# a private Virtuoso (bench/virtuoso.sh; HTTP ServerThreads raised to 16 so
# it is not limited to 4 connections) in the same run.
#
# Env: MUGDAT (src/mugdat of the build dir), GEN_BIOIMAGE, HTTP_SIZE
# (1000000), HTTP_SEED (42), HTTP_CLIENTS (1,4,16,64), HTTP_SECONDS (10),
# HTTP_SCENARIOS (mix,stream,put,cut,timeout), HTTP_VIRTUOSO (0),
# HTTP_WORK (/tmp/mugdat-http-bench), HTTP_OUT (results JSON lines).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MUGDAT=${MUGDAT:-./src/mugdat}
GEN=${GEN_BIOIMAGE:-$(dirname "$MUGDAT")/../bench/gen_bioimage}
SIZE=${HTTP_SIZE:-1000000}
SEED=${HTTP_SEED:-42}
CLIENTS=${HTTP_CLIENTS:-1,4,16,64}
SECS=${HTTP_SECONDS:-10}
SCEN=${HTTP_SCENARIOS:-mix,stream,put,cut,timeout}
WORK=${HTTP_WORK:-/tmp/mugdat-http-bench}
OUT=${HTTP_OUT:-$WORK/results.jsonl}
PORT=${HTTP_PORT:-18531}
mkdir -p "$WORK"
SPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
  if [ -n "${VT_PID:-}" ]; then vt_stop; fi
  return 0
}
trap cleanup EXIT

data=$WORK/bioimage-$SIZE-$SEED.nq
[ -s "$data" ] || "$GEN" -n "$SIZE" -s "$SEED" -f nq -o "$data"
rm -rf "$WORK/db"
"$MUGDAT" init --db "$WORK/db" >/dev/null
t0=$(date +%s.%N)
"$MUGDAT" load --db "$WORK/db" "$data" >/dev/null
echo "mugdat: loaded $SIZE statements in $(echo "$(date +%s.%N) - $t0" | bc) s"
echo tok >"$WORK/token"

serve() { # serve EXTRA_ARGS...: starts mugdat serve on $PORT
  "$MUGDAT" serve --db "$WORK/db" --port "$PORT" --bind 127.0.0.1 \
    --write-token-file "$WORK/token" "$@" 2>"$WORK/serve.log" &
  SPID=$!
  for _ in $(seq 1 100); do
    grep -q "listening" "$WORK/serve.log" && return 0
    sleep 0.1
  done
  cat "$WORK/serve.log" >&2; exit 1
}
stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=""; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; commit $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')"
main_scen=$(echo "$SCEN" | tr ',' '\n' | grep -v '^timeout$' | paste -sd, -)
if [ -n "$main_scen" ]; then
  serve
  echo "== mugdat"
  python3 "$HERE/http_load.py" --url "http://127.0.0.1:$PORT" --token tok \
    --server-pid "$SPID" --clients "$CLIENTS" --seconds "$SECS" \
    --scenarios "$main_scen" --out "$OUT"
  echo "mugdat serve peak RSS: $(awk '/^VmHWM:/ {print $2, $3}' /proc/$SPID/status)"
  stop
fi
if echo "$SCEN" | grep -q timeout; then
  serve --timeout-ms 3000
  python3 "$HERE/http_load.py" --url "http://127.0.0.1:$PORT" \
    --scenarios timeout --out "$OUT"
  stop
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${HTTP_VIRTUOSO:-0}" = 1 ]; then
  # shellcheck source=bench/virtuoso.sh
  . "$HERE/virtuoso.sh"
  vt_ensure_installed || { echo "virtuoso not available"; exit 0; }
  vt_start "$WORK/virtuoso" "$WORK" 170000
  t0=$(date +%s.%N)
  vt_load "$data" || { echo "virtuoso load failed"; exit 1; }
  echo "virtuoso: loaded in $(echo "$(date +%s.%N) - $t0" | bc) s"
  vt_stop
  # Restart with an HTTP server that takes concurrent clients
  sed -i '/^\[HTTPServer\]/,/^\[/ { s/^MaxClientConnections.*/MaxClientConnections = 64/; s/^ServerThreads.*/ServerThreads        = 16/ }' \
    "$WORK/virtuoso/virtuoso.ini"
  sed -i '/^\[Parameters\]/,/^\[/ s/^MaxClientConnections.*/MaxClientConnections = 64/' \
    "$WORK/virtuoso/virtuoso.ini"
  virtuoso-t +configfile "$WORK/virtuoso/virtuoso.ini" +foreground \
    >"$WORK/virtuoso/stdout" 2>&1 &
  VT_PID=$!
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$VT_HTTP_PORT/sparql" && break
    sleep 0.5
  done
  echo "== virtuoso (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$HERE/http_load.py" --url "http://127.0.0.1:$VT_HTTP_PORT" --server-pid "$VT_PID" \
    --clients "$CLIENTS" --seconds "$SECS" --scenarios mix --out "$OUT" || true
  vt_stop
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
