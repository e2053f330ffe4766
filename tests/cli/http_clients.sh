#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# `mugdat serve` with real SPARQL clients: Python SPARQLWrapper and rdflib
# (SPARQLStore, Graph Store reads), from tests/http/clients.py. Skips (one
# skipped, exit 0) when /usr/bin/python3 lacks SPARQLWrapper or rdflib
# (Debian: python3-sparqlwrapper python3-rdflib). Needs $MUGDAT and
# $MUGDAT_SRCDIR (or $1). Prints `N passed, N failed[, N skipped]`.

. "$(dirname "$0")/lib_port.sh"
set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(dirname "$0")/../..}}
PY=/usr/bin/python3
if ! "$PY" -c 'import SPARQLWrapper, rdflib' 2>/dev/null; then
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-clients.XXXXXX")
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 || { echo "0 passed, 1 failed"; exit 1; }
echo "client-token" >"$T/token"
: >"$T/log"
"$MUGDAT" serve --db "$T/db" --port 0 --write-token-file "$T/token" 2>"$T/log" &
PID=$!
PORT=$(wait_port "$T/log")
[ -n "$PORT" ] || { cat "$T/log" >&2; echo "0 passed, 1 failed"; exit 1; }
B=http://127.0.0.1:$PORT

cat >"$T/people.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:knows ex:bob .
ex:bob ex:name "Bob" .
ex:zoe ex:name "Zoë" .
TTL
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Authorization: Bearer client-token' \
  -H 'Content-Type: text/turtle' --data-binary "@$T/people.ttl" \
  "$B/data?graph=http://example.org/people")
if [ "$code" != 201 ]; then
  echo "loading test data failed: $code" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

"$PY" "$SRCDIR/tests/http/clients.py" "$B" client-token
