#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Load test on loopback, bounded (about 15 s of load, well under 30 s in
# all): 64 concurrent readers run bench/queries/*.rq against `mugdat serve`
# over generated bioimaging data (bench/gen_bioimage of the build tree of
# $MUGDAT, made if missing; if it cannot be made the test skips and says
# why), while a harvester PUTs
# graphs repeatedly. Asserts no errors and no lost writes (every PUT graph
# has exactly its last content) and prints p50/p99 latency
# (tests/http/load.py). Set MUGDAT_LOAD_SECONDS / MUGDAT_LOAD_STATEMENTS to
# change the size. Prints `N passed, N failed`.

set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$(dirname "$0")/../.." && pwd)}}
SECONDS_LOAD=${MUGDAT_LOAD_SECONDS:-12}
STATEMENTS=${MUGDAT_LOAD_STATEMENTS:-20000}
NAME=load
. "$(dirname "$0")/lib_served.sh"
serve_generated "$STATEMENTS" --threads 16 --timeout-ms 25000
timeout 60 /usr/bin/python3 "$SRCDIR/tests/http/load.py" "http://127.0.0.1:$port" tok \
  "$SRCDIR/bench/queries" "$SECONDS_LOAD" 64 8
rc=$?
if ! kill -0 "$SPID" 2>/dev/null; then
  echo "FAIL: the server died" >&2; tail -n 20 "$T/serve.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi
exit $rc
