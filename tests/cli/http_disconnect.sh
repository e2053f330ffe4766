#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Clients that go away: a Graph Store PUT whose client is killed halfway
# through the body, and a client that hangs up in the middle of a large
# result. The store must be unchanged by the broken PUT, the server must go
# on serving, and the single writer must be free again.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
"$M" init --db "$D" >/dev/null
echo "secret-token" >"$T/token"
"$M" serve --db "$D" --port 0 --write-token-file "$T/token" 2>"$T/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$T"' EXIT
port=$(wait_port "$T/serve.log")
[ -n "$port" ] || { cat "$T/serve.log"; echo "0 passed, 1 failed"; exit 1; }
B=http://127.0.0.1:$port
auth="Authorization: Bearer secret-token"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# A good graph first, so "unchanged" means something.
printf '<http://e.org/s> <http://e.org/p> "before" .\n' >"$T/small.nt"
check "PUT a graph" test "$(code -X PUT -H "$auth" -H 'Content-Type: application/n-triples' --data-binary @"$T/small.nt" "$B/data?graph=http://e.org/g")" = 201

# The client is killed while it is still sending the body.
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "<http://e.org/s%d> <http://e.org/p> \"replacement value %d\" .\n", i, i }' >"$T/big.nt"
# curl -T - streams stdin as it comes (chunked), so the server has the first
# part of the body in its transaction when the client dies.
( cat "$T/big.nt"; sleep 30 ) | curl -s -o /dev/null -X PUT -H "$auth" \
  -H 'Content-Type: application/n-triples' -T - "$B/data?graph=http://e.org/g" &
client=$!
sleep 2
kill -9 "$client" 2>/dev/null
wait "$client" 2>/dev/null
sleep 1
check "server still serving after a client died mid-body" test "$(code "$B/health")" = 200
curl -s -H 'Accept: application/n-triples' "$B/data?graph=http://e.org/g" >"$T/after.nt"
check "graph unchanged by the killed PUT" cmp -s "$T/small.nt" "$T/after.nt"
check "writer free again (next PUT succeeds)" test "$(code -X PUT -H "$auth" -H 'Content-Type: application/n-triples' --data-binary @"$T/small.nt" "$B/data?graph=http://e.org/g2")" = 201

# A large result whose reader hangs up after the first bytes.
check "load a larger graph" test "$(code -X PUT -H "$auth" -H 'Content-Type: application/n-triples' --data-binary @"$T/big.nt" "$B/data?graph=http://e.org/big")" = 201
curl -s -N -H 'Accept: application/sparql-results+json' \
  --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o }' "$B/sparql" | head -c 1000 >/dev/null
curl -s -N -H 'Accept: application/n-triples' "$B/data?graph=http://e.org/big" | head -c 1000 >/dev/null
check "server still serving after readers hung up" test "$(code "$B/health")" = 200
check "queries still answered" sh -c "curl -s -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e.org/big> { ?s ?p ?o } }' '$B/sparql' | grep -q 400000"
check "writes still possible" test "$(code -X DELETE -H "$auth" "$B/data?graph=http://e.org/big")" = 204
summary
