#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Interop with Comunica (npm @comunica/query-sparql, pinned by
# tests/interop/package.json + package-lock.json): one query federated by
# Comunica across two `mugdat serve` instances on free loopback ports, each
# holding half of the data; the joined result must come back. Also a
# CONSTRUCT from one instance, and SERVICE from MUGDAT itself for the same
# join, compared with Comunica's answer.
#
# Comunica is installed with `npm ci --prefix tests/interop` when missing;
# if node/npm or the install is not available, prints one skip with the
# reason. Prints `N passed, N failed, N skipped`.

. "$(dirname "$0")/lib_port.sh"
set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$(dirname "$0")/../.." && pwd)}}
INTEROP=$SRCDIR/tests/interop
CQ=$INTEROP/node_modules/.bin/comunica-sparql
skip_all() {
  echo "SKIP: $*" >&2
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
}
command -v node >/dev/null 2>&1 || skip_all "node is not installed"
if [ ! -x "$CQ" ]; then
  command -v npm >/dev/null 2>&1 || skip_all "npm is not installed and $CQ is missing"
  if ! timeout 300 npm ci --prefix "$INTEROP" --no-audit --no-fund >"${TMPDIR:-/tmp}/mugdat-npm.log" 2>&1; then
    skip_all "npm ci --prefix tests/interop failed (no registry access?): $(tail -n 1 "${TMPDIR:-/tmp}/mugdat-npm.log")"
  fi
  [ -x "$CQ" ] || skip_all "npm ci did not install comunica-sparql"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-comunica.XXXXXX")
pass=0
fail=0
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }

start() {
  local name=$1 db=$2
  shift 2
  "$MUGDAT" serve --db "$db" --port 0 "$@" 2>"$T/$name.log" &
  PIDS+=("$!")
  local port=$(wait_port "$T/$name.log")
  [ -n "$port" ] || { echo "cannot start server $name" >&2; cat "$T/$name.log" >&2; exit 1; }
  eval "B_$name=http://127.0.0.1:$port"
}

P='PREFIX ex: <http://example.org/>'
"$MUGDAT" init --db "$T/a" >/dev/null && "$MUGDAT" init --db "$T/b" >/dev/null || exit 1
"$MUGDAT" update --db "$T/a" "$P INSERT DATA { ex:alice ex:name \"Alice\" . ex:bob ex:name \"Bob\" . ex:dan ex:name \"Dan\" }" || exit 1
"$MUGDAT" update --db "$T/b" "$P INSERT DATA { ex:alice ex:age 42 . ex:dan ex:age 19 . ex:carol ex:age 7 }" || exit 1
start a "$T/a"
start b "$T/b" --service-allow "$B_a/"

# Comunica joins across both endpoints (each source given as sparql@URL)
JOIN="$P SELECT ?n ?age WHERE { ?s ex:name ?n . ?s ex:age ?age } ORDER BY ?n"
timeout 120 "$CQ" "sparql@$B_a/sparql" "sparql@$B_b/sparql" -q "$JOIN" \
  -t application/sparql-results+json >"$T/c.json" 2>"$T/c.err"
check "comunica federated query ran" test -s "$T/c.json"
pairs() { # JSON results -> "n=age" lines, sorted
  /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["results"]["bindings"]
print("\n".join(sorted(r["n"]["value"] + "=" + r["age"]["value"] for r in rows)))
' "$1"
}
check "comunica joined result" test "$(pairs "$T/c.json" 2>/dev/null | tr '\n' ' ')" = "Alice=42 Dan=19 "
[ "$fail" -eq 0 ] || cat "$T/c.err" >&2

# The same join done by MUGDAT's own SERVICE agrees with Comunica
curl -s -o "$T/m.json" -H 'Accept: application/sparql-results+json' \
  --data-urlencode "query=$P SELECT ?n ?age WHERE { ?s ex:age ?age SERVICE <$B_a/sparql> { ?s ex:name ?n } }" \
  "$B_b/sparql"
check "MUGDAT SERVICE join equals Comunica's" test "$(pairs "$T/m.json" 2>/dev/null)" = "$(pairs "$T/c.json" 2>/dev/null)"

# Comunica over MUGDAT's SERVICE (a query that itself federates)
timeout 120 "$CQ" "sparql@$B_b/sparql" -q "$P SELECT ?n ?age WHERE { ?s ex:age ?age SERVICE <$B_a/sparql> { ?s ex:name ?n } }" \
  -t application/sparql-results+json >"$T/s.json" 2>"$T/s.err"
check "comunica through MUGDAT SERVICE" test "$(pairs "$T/s.json" 2>/dev/null | tr '\n' ' ')" = "Alice=42 Dan=19 "

# CONSTRUCT via Comunica from one endpoint
timeout 120 "$CQ" "sparql@$B_a/sparql" -q "$P CONSTRUCT { ?s ex:label ?n } WHERE { ?s ex:name ?n }" \
  -t application/n-triples >"$T/c.nt" 2>"$T/c2.err"
check "comunica CONSTRUCT" test "$(grep -c 'http://example.org/label' "$T/c.nt")" -eq 3

echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
