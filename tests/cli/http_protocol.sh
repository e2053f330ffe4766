#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# `mugdat serve` over HTTP with curl: SPARQL 1.1 Protocol, Graph Store
# Protocol, errors (400 with the parser's message, 401, 403, 404, 405, 406,
# 413, 415), CORS on errors, OPTIONS, HEAD, gzip, static files and path
# traversal, limits (time, rows), VoID, metrics, graceful shutdown.
#
# Needs $MUGDAT (the built binary) and $MUGDAT_SRCDIR (or $1). Starts servers
# on free loopback ports with a temporary database and stops them at the
# end. Prints `N passed, N failed, N skipped`; exits non-zero on failure.

. "$(dirname "$0")/lib_port.sh"
set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(dirname "$0")/../..}}
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-http.XXXXXX")
pass=0
fail=0
skip=0
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { # NAME COMMAND...: passes if the command succeeds
  local name=$1
  shift
  if "$@"; then ok; else bad "$name"; fi
}

# start NAME ARGS...: start a server, set $B_<NAME> to its base URL
start() {
  local name=$1
  shift
  : >"$T/$name.log"
  "$MUGDAT" serve --db "$T/db" --port 0 "$@" 2>"$T/$name.log" &
  local pid=$!
  PIDS+=("$pid")
  eval "PID_$name=$pid"
  local port=$(wait_port "$T/$name.log")
  if [ -z "$port" ]; then
    echo "cannot start server $name:" >&2
    cat "$T/$name.log" >&2
    exit 1
  fi
  eval "B_$name=http://127.0.0.1:$port"
}

# req METHOD URL [curl args...]: sets $CODE; body in $T/body, headers in $T/headers
req() {
  local method=$1 url=$2
  shift 2
  CODE=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$method" "$@" "$url")
}
has_header() { grep -qi "^$1:.*$2" "$T/headers"; }
body_has() { grep -q -- "$1" "$T/body"; }
code_is() { [ "$CODE" = "$1" ]; }

"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 || { echo "mugdat init failed" >&2; exit 1; }
printf 's3cret-token\n' >"$T/token"
AUTH=(-H 'Authorization: Bearer s3cret-token')
cp -r "$SRCDIR/www" "$T/www"
echo "outside" >"$T/outside.txt"
ln -s "$T/outside.txt" "$T/www/leak.txt"
ln -s "$T" "$T/www/leakdir"

start main --write-token-file "$T/token" --www "$T/www" --max-body-bytes 100000
B=$B_main
G1='http://example.org/g1'
G2='http://example.org/g2'

# --- basics, routing, CORS
req GET "$B/health"
check "health 200" code_is 200
check "health json" body_has '"status":"ok"'
check "CORS on 200" has_header Access-Control-Allow-Origin '\*'
req GET "$B/no/such/thing"
check "unknown path 404" code_is 404
check "404 is problem+json" has_header Content-Type application/problem+json
check "404 body has status" body_has '"status":404'
check "CORS on 404" has_header Access-Control-Allow-Origin '\*'
req POST "$B/health" --data 'x'
check "wrong method 405" code_is 405
check "405 has Allow" has_header Allow 'GET'
check "CORS on 405" has_header Access-Control-Allow-Origin '\*'
req OPTIONS "$B/sparql" -H 'Origin: http://elsewhere.example' -H 'Access-Control-Request-Method: POST'
check "OPTIONS preflight 204" code_is 204
check "preflight allows POST" has_header Access-Control-Allow-Methods 'POST'
check "preflight allows Authorization" has_header Access-Control-Allow-Headers 'Authorization'

# --- Graph Store Protocol: auth first
# (curl reads "@name" as a file, so bodies starting with @prefix are files)
printf '@prefix ex: <http://example.org/> . ex:a ex:p "one" .\n' >"$T/one.ttl"
printf '@prefix ex: <http://example.org/> . ex:a ex:p "new" . ex:b ex:p\n' >"$T/broken.ttl"
TTL1="@$T/one.ttl"
req PUT "$B/data?graph=$G1" -H 'Content-Type: text/turtle' --data-binary "$TTL1"
check "PUT without token 401" code_is 401
check "401 has WWW-Authenticate" has_header WWW-Authenticate 'Bearer'
check "CORS on 401" has_header Access-Control-Allow-Origin '\*'
req PUT "$B/data?graph=$G1" -H 'Content-Type: text/turtle' -H 'Authorization: Bearer wrong' --data-binary "$TTL1"
check "PUT with wrong token 401" code_is 401
req GET "$B/data?graph=$G1"
check "nothing written without token" code_is 404
req PUT "$B/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: image/png' --data-binary "$TTL1"
check "PUT unknown Content-Type 415" code_is 415

# --- GSP round trip
req PUT "$B/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: text/turtle' --data-binary "$TTL1"
check "PUT new graph 201" code_is 201
check "201 has Location" has_header Location "/data?graph="
req PUT "$B/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: text/turtle' --data-binary "$TTL1"
check "PUT existing graph 204" code_is 204
req GET "$B/data?graph=$G1" -H 'Accept: application/n-triples'
check "GET graph 200" code_is 200
check "GET graph n-triples type" has_header Content-Type 'application/n-triples'
check "GET graph has triple" body_has '<http://example.org/a> <http://example.org/p> "one" \.'
cp "$T/body" "$T/g1-before"
req GET "$B/data?graph=$G1"
check "GET graph default Turtle" has_header Content-Type 'text/turtle'
req HEAD "$B/data?graph=$G1"
check "HEAD 200" code_is 200
check "HEAD has Content-Type" has_header Content-Type 'text/turtle'
check "HEAD has no body" test ! -s "$T/body"
req PUT "$B/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: text/turtle' --data-binary "@$T/broken.ttl"
check "PUT broken body 400" code_is 400
check "400 names the syntax error" body_has 'syntax error'
req GET "$B/data?graph=$G1" -H 'Accept: application/n-triples'
check "broken PUT left graph unchanged" cmp -s "$T/body" "$T/g1-before"
req POST "$B/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary '<http://example.org/a> <http://example.org/q> "two" .'
check "POST merge 204" code_is 204
req GET "$B/data?graph=$G1" -H 'Accept: application/n-triples'
check "merge kept old triple" body_has '"one"'
check "merge added new triple" body_has '"two"'
req PUT "$B/data?graph=$G2" "${AUTH[@]}" -H 'Content-Type: application/n-quads' --data-binary '<http://example.org/c> <http://example.org/p> "three" <http://ignored.example/> .'
check "PUT N-Quads into g2 201" code_is 201
req GET "$B/data" -H 'Accept: application/n-quads'
check "dataset dump names g2" body_has "\"three\" <$G2>"
req POST "$B/data" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary '<http://example.org/n> <http://example.org/p> "minted" .'
check "POST to the store 201" code_is 201
check "minted graph Location" has_header Location "$B/data/[0-9a-f-]\{36\}"
LOC=$(sed -n 's/^Location: *\([^\r]*\).*/\1/Ip' "$T/headers" | tr -d '\r')
req GET "$LOC" -H 'Accept: application/n-triples'
check "minted graph readable (direct)" body_has '"minted"'
req GET "$B/data?graph=$LOC" -H 'Accept: application/n-triples'
check "minted graph readable (indirect)" body_has '"minted"'
req DELETE "$LOC" "${AUTH[@]}"
check "minted graph deleted" code_is 204
req GET "$LOC"
check "deleted minted graph 404" code_is 404
printf '<http://example.org/m> <http://example.org/p> "part one" .\n' >"$T/m1.nt"
printf '@prefix ex: <http://example.org/> . ex:m ex:p "part two" .\n' >"$T/m2.ttl"
req POST "$B/data?graph=http://example.org/multi" "${AUTH[@]}" -F "a=@$T/m1.nt;type=application/n-triples" -F "b=@$T/m2.ttl"
check "multipart POST 201" code_is 201
req GET "$B/data?graph=http://example.org/multi" -H 'Accept: application/n-triples'
check "multipart part 1 stored" body_has '"part one"'
check "multipart part 2 (type from file name)" body_has '"part two"'
printf 'not turtle <' >"$T/m3.ttl"
req POST "$B/data?graph=http://example.org/multi" "${AUTH[@]}" -F "a=@$T/m1.nt;type=application/n-triples" -F "c=@$T/m3.ttl"
check "multipart with a broken part 400" code_is 400
req GET "$B/data?graph=http://example.org/multi" -H 'Accept: application/n-triples'
check "broken multipart changed nothing" test "$(wc -l <"$T/body")" -eq 2
req GET "$B/data?graph=not%20an%20iri"
check "bad graph IRI 400" code_is 400
req PUT "$B/data?default" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary '<http://example.org/d> <http://example.org/p> "four" .'
check "PUT default graph 204" code_is 204
req GET "$B/data?default" -H 'Accept: application/n-triples'
check "default graph has triple" body_has '"four"'
# A streamed body larger than the buffered-body limit is fine for GSP
for i in $(seq 1 3000); do
  echo "<http://example.org/s$i> <http://example.org/p> \"value number $i with some padding text\" ."
done >"$T/big.nt"
req PUT "$B/data?graph=http://example.org/big" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary "@$T/big.nt"
check "big streamed PUT 201" code_is 201
req GET "$B/data?graph=http://example.org/big" -H 'Accept: application/n-triples' -H 'Accept-Encoding: gzip'
check "gzip Content-Encoding" has_header Content-Encoding gzip
check "gzip body decodes to 3000 triples" test "$(gzip -dc <"$T/body" | wc -l)" -eq 3000
req GET "$B/data?graph=http://example.org/big" -H 'Accept: application/n-triples'
check "no gzip unless asked" test "$(grep -ci '^Content-Encoding' "$T/headers")" -eq 0
req DELETE "$B/data?graph=http://example.org/big" "${AUTH[@]}"
check "DELETE 204" code_is 204
req GET "$B/data?graph=http://example.org/big"
check "deleted graph 404" code_is 404
req DELETE "$B/data?graph=http://example.org/big" "${AUTH[@]}"
check "DELETE missing graph 404" code_is 404
req DELETE "$B/data?graph=$G1"
check "DELETE without token 401" code_is 401

# --- SPARQL Protocol: queries
Q='SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o }'
req GET "$B/sparql" -G --data-urlencode "query=$Q"
check "GET query 200" code_is 200
check "default result type JSON" has_header Content-Type 'application/sparql-results+json'
check "JSON has binding" body_has '"value":"one"'
req POST "$B/sparql" --data-urlencode "query=$Q" -H 'Accept: application/sparql-results+xml'
check "POST form query XML" has_header Content-Type 'application/sparql-results+xml'
check "XML has literal" body_has '<literal>one</literal>'
req POST "$B/sparql" -H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' --data-binary "$Q"
check "POST sparql-query CSV" has_header Content-Type 'text/csv'
check "CSV rows" body_has '^one'
req GET "$B/sparql" -G --data-urlencode "query=$Q" -H 'Accept: text/tab-separated-values'
check "TSV" body_has '^"one"'
req GET "$B/sparql" -G --data-urlencode "query=$Q" --data-urlencode 'format=csv' -H 'Accept: application/sparql-results+json'
check "format= overrides Accept" has_header Content-Type 'text/csv'
req GET "$B/sparql" -G --data-urlencode 'query=ASK { ?s ?p "three" }'
check "ASK true" body_has '"boolean":true'
req GET "$B/sparql" -G --data-urlencode 'query=CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <http://example.org/g2> { ?s ?p ?o } }' -H 'Accept: application/n-triples'
check "CONSTRUCT as N-Triples" body_has '<http://example.org/c> <http://example.org/p> "three" \.'
req GET "$B/sparql" -G --data-urlencode 'query=CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }' -H 'Accept: application/ld+json'
check "CONSTRUCT as JSON-LD" body_has '"@value":"three"'
QALL='SELECT ?o WHERE { ?s <http://example.org/p> ?o }'
req GET "$B/sparql" -G --data-urlencode "query=$QALL" --data-urlencode "default-graph-uri=$G2" -H 'Accept: text/csv'
check "default-graph-uri restricts" body_has '^three'
check "default-graph-uri excludes g1" test "$(grep -c '^one' "$T/body")" -eq 0
req GET "$B/sparql" -G --data-urlencode 'query=SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }' --data-urlencode "named-graph-uri=$G1" --data-urlencode "named-graph-uri=$G2" -H 'Accept: text/csv'
check "repeated named-graph-uri" test "$(grep -c 'example.org/g' "$T/body")" -ge 2

# --- SPARQL Protocol: errors
req GET "$B/sparql" -G --data-urlencode 'query=SELEC ?x WHERE { }' -H 'Accept: application/sparql-results+json'
check "malformed query 400" code_is 400
check "400 as text for SPARQL clients" has_header Content-Type 'text/plain'
check "400 carries parser message" body_has 'syntax error'
check "CORS on 400" has_header Access-Control-Allow-Origin '\*'
req GET "$B/sparql" -G --data-urlencode 'query=SELEC ?x WHERE { }'
check "400 problem+json for */*" has_header Content-Type 'application/problem+json'
check "problem detail has message" body_has '"detail":".*syntax error'
req GET "$B/sparql" -G --data-urlencode "query=$Q" -H 'Accept: image/png'
check "406 not acceptable" code_is 406
req GET "$B/sparql?query=%zz"
check "bad percent-escape 400" code_is 400
req POST "$B/sparql" -H 'Content-Type: text/plain' --data-binary "$Q"
check "POST bad Content-Type 415" code_is 415
head -c 150000 /dev/zero | tr '\0' 'x' >"$T/huge"
req POST "$B/sparql" -H 'Content-Type: application/sparql-query' --data-binary "@$T/huge"
check "body over limit 413" code_is 413
check "CORS on 413" has_header Access-Control-Allow-Origin '\*'
req POST "$B/sparql" -H 'Content-Type: application/sparql-query' -H 'Transfer-Encoding: chunked' --data-binary "@$T/huge"
check "chunked body over limit 413" code_is 413
req GET "$B/sparql" -G --data-urlencode "query=$Q" --data-urlencode "query=$Q"
check "two queries 400" code_is 400
req GET "$B/sparql" -G --data-urlencode 'update=CLEAR ALL'
check "update via GET 400" code_is 400
req POST "$B/sparql" --data-urlencode 'update=INSERT DATA { <http://example.org/u> <http://example.org/p> "upd" }'
check "update without token 401" code_is 401
req POST "$B/sparql" "${AUTH[@]}" -H 'Content-Type: application/sparql-update' --data-binary 'INSERT DATA { <http://example.org/u> <http://example.org/p> "upd" }'
check "update with token 204" code_is 204
req GET "$B/sparql" -G --data-urlencode 'query=ASK { ?s ?p "upd" }'
check "update visible" body_has '"boolean":true'
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=INSERT DATA { <http://example.org/u> <http://example.org/p> "upd2" } ; DELETE DATA { <http://nope' 
check "malformed update 400" code_is 400
check "malformed update message" body_has 'syntax error'
req GET "$B/sparql" -G --data-urlencode 'query=ASK { ?s ?p "upd2" }'
check "malformed update changed nothing" body_has '"boolean":false'
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=LOAD <file:///etc/passwd>'
check "LOAD is off over HTTP" test "$CODE" -ge 400
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=INSERT DATA { <s> <p> <rel> }'
req GET "$B/sparql" -G --data-urlencode 'query=ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?o), "'"$B"'/")) }'
check "update base is the endpoint" body_has '"boolean":true'
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=DELETE WHERE { ?s ?p <rel> }'
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=INSERT { GRAPH <http://example.org/ug> { ?s <http://example.org/seen> ?o } } WHERE { ?s ?p ?o }' --data-urlencode "using-graph-uri=$G1"
check "using-graph-uri update 204" code_is 204
req GET "$B/sparql" -G --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/ug> { ?s ?p ?o } } ' -H 'Accept: text/csv'
check "using-graph-uri is the WHERE default graph" test "$(tail -n 1 "$T/body" | tr -d '\r')" = "$(curl -s -H 'Accept: text/csv' -G --data-urlencode "query=SELECT (COUNT(*) AS ?n) { GRAPH <$G1> { ?s ?p ?o } }" "$B/sparql" | tail -n 1 | tr -d '\r')"
check "using-graph-uri copied something" test "$(tail -n 1 "$T/body" | tr -d '\r')" -gt 0
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=DROP GRAPH <http://example.org/ug>'
req POST "$B/sparql" "${AUTH[@]}" --data-urlencode 'update=DELETE { ?s ?p ?o } USING <http://example.org/x> WHERE { ?s ?p ?o }' --data-urlencode "using-graph-uri=$G1"
check "using-graph-uri with USING is 400" code_is 400
check "conflict message" body_has 'conflict'

# --- descriptions, metrics
req GET "$B/sparql"
check "Service Description" body_has 'sd:Service'
check "Service Description is Turtle" has_header Content-Type 'text/turtle'
req GET "$B/.well-known/void"
check "VoID 200" code_is 200
check "VoID statistics" body_has 'void:triples'
check "VoID lists g2" body_has "sd:name <$G2>"
req GET "$B/metrics"
check "metrics counters" body_has 'mugdat_http_requests_total{endpoint="sparql",status="200"}'
check "metrics histogram" body_has 'mugdat_http_request_duration_seconds_bucket'
check "metrics error counts" body_has 'mugdat_http_errors_total{endpoint="sparql",class="4xx"} [1-9]'
check "metrics store size" body_has '^mugdat_store_bytes [1-9]'

# --- static files
req GET "$B/"
check "index 200" code_is 200
check "index is HTML" has_header Content-Type 'text/html'
check "index has editor" body_has 'textarea'
req GET "$B/style.css"
check "CSS type" has_header Content-Type 'text/css'
req GET "$B/app.js"
check "JS type" has_header Content-Type 'javascript'
req GET "$B/../../../../etc/passwd" --path-as-is
check "dot-dot traversal 404" code_is 404
req GET "$B/%2e%2e/%2e%2e/%2e%2e/etc/passwd" --path-as-is
check "encoded traversal 404" code_is 404
req GET "$B/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd" --path-as-is
check "encoded slash traversal 404" code_is 404
req GET "$B/leak.txt"
check "symlink outside 404" code_is 404
req GET "$B/leakdir/outside.txt"
check "symlinked dir outside 404" code_is 404
req GET "$B/index.html%00.css" --path-as-is
check "NUL in path 400/404" test "$CODE" = 400 -o "$CODE" = 404

# --- read-only server, limits
start ro --www "$T/www" --timeout-ms 1
req PUT "$B_ro/data?graph=$G1" "${AUTH[@]}" -H 'Content-Type: text/turtle' --data-binary "$TTL1"
check "read-only PUT 403" code_is 403
req POST "$B_ro/sparql" "${AUTH[@]}" --data-urlencode 'update=CLEAR ALL'
check "read-only update 403" code_is 403
req GET "$B_ro/sparql" -G --data-urlencode 'query=SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }'
check "time limit 503" code_is 503
check "time limit reported" body_has 'time limit'
start rows --max-rows 2
req GET "$B_rows/sparql" -G --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o }'
check "row limit 400" code_is 400
check "row limit reported" body_has 'row limit'
req GET "$B_rows/sparql" -G --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 2'
check "within row limit 200" code_is 200

# A body trickled in past the time limit gets the connection cut, and the
# store's writer is free again
start slow --write-token-file "$T/token" --timeout-ms 500
head -c 20000 "$T/big.nt" | sed '$d' >"$T/slow.nt"
req PUT "$B_slow/data?graph=http://example.org/slow" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --limit-rate 4K --data-binary "@$T/slow.nt"
check "trickled upload cut" test "$CODE" = 000
req GET "$B_slow/data?graph=http://example.org/slow"
check "cut upload wrote nothing" code_is 404
req PUT "$B_slow/data?graph=http://example.org/fast" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary "@$T/slow.nt"
check "writer free after cut upload" code_is 201
req DELETE "$B_slow/data?graph=http://example.org/fast" "${AUTH[@]}"
check "cleanup fast graph" code_is 204

# JSON-LD bodies are read whole, so the buffered-body limit applies to them
{ printf '{"@id":"http://example.org/j","http://example.org/p":['; for i in $(seq 1 9000); do printf '"value %05d",' "$i"; done; printf '"end"]}'; } >"$T/big.jsonld"
req PUT "$B/data?graph=http://example.org/j" "${AUTH[@]}" -H 'Content-Type: application/ld+json' --data-binary "@$T/big.jsonld"
check "JSON-LD body over limit 413" code_is 413
req PUT "$B/data?graph=http://example.org/j" "${AUTH[@]}" -H 'Content-Type: application/ld+json' --data-binary '{"@id":"http://example.org/j","http://example.org/p":"small"}'
check "small JSON-LD body 201" code_is 201

# --- concurrency: the thread pool answers parallel readers during a write
req PUT "$B/data?graph=http://example.org/big" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary "@$T/big.nt"
check "big graph again 201" code_is 201
CURLS=()
for i in $(seq 1 16); do
  curl -s -o "$T/par$i" -w '%{http_code}\n' -G "$B/sparql" -H 'Accept: text/csv' \
    --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/big> { ?s ?p ?o } }' >"$T/par$i.code" &
  CURLS+=($!)
done
curl -s -o /dev/null -X POST "$B/data?graph=http://example.org/other" "${AUTH[@]}" -H 'Content-Type: application/n-triples' --data-binary "@$T/slow.nt" &
CURLS+=($!)
wait "${CURLS[@]}"
check "16 parallel queries 200" test "$(cat "$T"/par*.code | grep -c '^200$')" -eq 16
check "parallel queries see the whole graph" test "$(cat "$T"/par[0-9]* | grep -c '^3000')" -eq 16

# --- graceful shutdown
kill -TERM "$PID_rows"
rc=0
for _ in $(seq 1 100); do
  kill -0 "$PID_rows" 2>/dev/null || break
  sleep 0.05
done
if kill -0 "$PID_rows" 2>/dev/null; then rc=1; else wait "$PID_rows"; rc=$?; fi
check "SIGTERM stops with status 0" test "$rc" -eq 0
check "shutdown logged" grep -q 'mugdat: stopped' "$T/rows.log"
check "access log line" grep -q '"GET /sparql?query=' "$T/rows.log"

# SIGTERM during a slow download: the server stops accepting but lets the
# request in flight finish before it exits
curl -s --limit-rate 150K -H 'Accept: application/n-triples' "$B/data?graph=http://example.org/big" >"$T/slowdump" &
CURL_PID=$!
sleep 0.5
kill -TERM "$PID_main"
sleep 0.2
check "no new connections after SIGTERM" test "$(curl -s -o /dev/null -w '%{http_code}' "$B/health")" = 000
wait "$CURL_PID"
check "download in flight completed" test "$(wc -l <"$T/slowdump")" -eq 3000

# Every server must stop cleanly, and a sanitizer build must have found
# nothing (ASan/UBSan/LeakSanitizer write to the server's stderr)
for name in main ro slow; do
  pid_var=PID_$name
  kill -TERM "${!pid_var}" 2>/dev/null
  wait "${!pid_var}"
  check "server $name exit status 0" test "$?" -eq 0
done
PIDS=()
check "no sanitizer reports" test "$(cat "$T"/*.log | grep -c 'Sanitizer\|runtime error')" -eq 0

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
