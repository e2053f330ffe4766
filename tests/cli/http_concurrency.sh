#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# What SPARQL clients check, under concurrency (tests/http/concurrency.py):
# 64 clients (kept-alive and not) in every result format with and without
# gzip get no 5xx and complete, parsable answers with the asked
# Content-Type; Graph Store PUTs under concurrent readers are atomic; a
# slow reader holds no transaction; a client that leaves stops its query;
# the work gate (--threads 8) is never exceeded. Data: bench/gen_bioimage
# of the build tree of $MUGDAT (made if missing; skipped if it cannot be).
# About 10 s of load (MUGDAT_CONC_SECONDS). Prints `N passed, N failed`.

set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$(dirname "$0")/../.." && pwd)}}
SECONDS_LOAD=${MUGDAT_CONC_SECONDS:-8}
SLOTS=8
NAME=conc
. "$(dirname "$0")/lib_served.sh"
serve_generated 20000 --threads "$SLOTS" --timeout-ms 20000
timeout 120 /usr/bin/python3 "$SRCDIR/tests/http/concurrency.py" "http://127.0.0.1:$port" tok \
  "$SRCDIR/bench/queries" "$SECONDS_LOAD" "$SLOTS"
rc=$?
if ! kill -0 "$SPID" 2>/dev/null; then
  echo "FAIL: the server died" >&2; tail -n 20 "$T/serve.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi
kill "$SPID"; wait "$SPID"; src=$?; SPID=""
if [ "$src" -ne 0 ] || grep -q "left open\|ERROR\|AddressSanitizer\|runtime error" "$T/serve.log"; then
  echo "FAIL: the server did not stop cleanly (exit $src)" >&2
  grep -v '^20..-' "$T/serve.log" | tail -n 20 >&2
  echo "0 passed, 1 failed"; exit 1
fi
exit $rc
