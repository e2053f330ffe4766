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
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-load.XXXXXX")
SPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

"$GEN" -n "$STATEMENTS" -f nq -o "$T/data.nq" || { echo "0 passed, 1 failed"; exit 1; }
"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 &&
  "$MUGDAT" load --db "$T/db" "$T/data.nq" >/dev/null 2>&1 ||
  { echo "FAIL: cannot load the data" >&2; echo "0 passed, 1 failed"; exit 1; }
echo tok >"$T/token"
"$MUGDAT" serve --db "$T/db" --port 0 --bind 127.0.0.1 --write-token-file "$T/token" \
  --threads 16 --timeout-ms 25000 2>"$T/serve.log" &
SPID=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^mugdat: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/serve.log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$T/serve.log" >&2; echo "0 passed, 1 failed"; exit 1; }
timeout 60 /usr/bin/python3 "$SRCDIR/tests/http/load.py" "http://127.0.0.1:$port" tok \
  "$SRCDIR/bench/queries" "$SECONDS_LOAD" 64 8
rc=$?
if ! kill -0 "$SPID" 2>/dev/null; then
  echo "FAIL: the server died" >&2; tail -n 20 "$T/serve.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi
exit $rc
