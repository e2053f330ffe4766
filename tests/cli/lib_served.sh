# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Sourced by the HTTP tests that need a served store of generated
# bioimaging data (http_concurrency.sh, http_load.sh). Needs MUGDAT and a
# NAME for the temporary directory; sets BUILD, GEN, T, SPID and, after
# serve_generated, port. If bench/gen_bioimage of the build tree of
# $MUGDAT is missing and cannot be made, prints one skip saying so and exits.

. "$(dirname "${BASH_SOURCE[0]}")/lib_port.sh"
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
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-$NAME.XXXXXX")
SPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

# serve_generated STATEMENTS SERVE_OPTION...: load STATEMENTS generated
# quads into $T/db and serve it on a free port (write token "tok"); waits up
# to 30 s for the port (a sanitizer build starts slowly). Exits failed if any
# step fails.
serve_generated() {
  local n=$1; shift
  "$GEN" -n "$n" -f nq -o "$T/data.nq" 2>/dev/null || { echo "0 passed, 1 failed"; exit 1; }
  "$MUGDAT" init --db "$T/db" >/dev/null 2>&1 &&
    "$MUGDAT" load --db "$T/db" "$T/data.nq" >/dev/null 2>&1 ||
    { echo "FAIL: cannot load the data" >&2; echo "0 passed, 1 failed"; exit 1; }
  echo tok >"$T/token"
  "$MUGDAT" serve --db "$T/db" --port 0 --bind 127.0.0.1 --write-token-file "$T/token" \
    "$@" 2>"$T/serve.log" &
  SPID=$!
  port=$(wait_port "$T/serve.log")
  [ -n "$port" ] || { cat "$T/serve.log" >&2; echo "0 passed, 1 failed"; exit 1; }
}
