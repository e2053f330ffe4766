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
BUILD=${MUGDAT_BUILDDIR:-$(cd "$(dirname "$MUGDAT")/.." && pwd)}
GEN=$BUILD/bench/gen_bioimage
if [ ! -x "$GEN" ]; then
  (cd "$BUILD" && make bench/gen_bioimage >/dev/null 2>&1)
fi
if [ ! -x "$GEN" ]; then
  echo "SKIP: $GEN is not built and cannot be made" >&2
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-conc.XXXXXX")
SPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

"$GEN" -n 20000 -f nq -o "$T/data.nq" 2>/dev/null || { echo "0 passed, 1 failed"; exit 1; }
"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 &&
  "$MUGDAT" load --db "$T/db" "$T/data.nq" >/dev/null 2>&1 ||
  { echo "FAIL: cannot load the data" >&2; echo "0 passed, 1 failed"; exit 1; }
echo tok >"$T/token"
"$MUGDAT" serve --db "$T/db" --port 0 --bind 127.0.0.1 --write-token-file "$T/token" \
  --threads "$SLOTS" --timeout-ms 20000 2>"$T/serve.log" &
SPID=$!
port=""
for _ in $(seq 1 300); do # up to 30 s: a sanitizer build starts slowly
  port=$(sed -n 's|^mugdat: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$T/serve.log" >&2; echo "0 passed, 1 failed"; exit 1; }
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
