#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat query: SELECT/ASK/CONSTRUCT over a loaded store in every result
# format, @file queries with their file:// base, the union default graph,
# and syntax errors (exit 1, `syntax error` with line and column).
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db

cat >"$T/a.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:img1 a ex:Image ; ex:name "Kidney" ; ex:sizeX 1024 ; ex:channel ex:c1, ex:c2 .
ex:img2 a ex:Image ; ex:name "Liver" ; ex:sizeX 512 .
ex:c1 ex:fluor "GFP" .
ex:c2 ex:fluor "DAPI" .
TTL
cat >"$T/b.nq" <<'NQ'
<http://example.org/img3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Image> <http://example.org/g> .
NQ

"$M" init --db "$D" >/dev/null 2>&1
check "load turtle" "$M" load --db "$D" "$T/a.ttl"
check "load quads" "$M" load --db "$D" "$T/b.nq"

P='PREFIX ex: <http://example.org/> '
q() { "$M" query --db "$D" "$@"; }

check "select json names both images" \
  sh -c "\"$M\" query --db \"$D\" '$P SELECT ?n { ?i ex:name ?n } ORDER BY ?n' | grep -q '\"Kidney\"'"
check "csv output in order" \
  test "$(q --format csv "$P SELECT ?n { ?i ex:name ?n } ORDER BY ?n" | tr -d '\r' | tr '\n' ' ')" = "n Kidney Liver "
check "tsv output" \
  test "$(q --format tsv "$P SELECT ?s { ?i ex:sizeX ?s } ORDER BY DESC(?s)" | tr '\n' ' ')" = "?s 1024 512 "
check "xml output" sh -c "\"$M\" query --db \"$D\" --format xml '$P SELECT ?i { ?i a ex:Image }' | grep -q '<uri>http://example.org/img2</uri>'"
check "default graph is the union of all graphs" \
  test "$(q --format csv "$P SELECT (COUNT(*) AS ?n) { ?i a ex:Image }" | tail -n 1 | tr -d '\r')" = "3"
check "GRAPH ranges over named graphs" \
  test "$(q --format csv "$P SELECT ?g { GRAPH ?g { ?i a ex:Image } }" | tail -n 1 | tr -d '\r')" = "http://example.org/g"
check "aggregates and paths" \
  test "$(q --format csv "$P SELECT (GROUP_CONCAT(?f; SEPARATOR='+') AS ?fs) { ex:img1 ex:channel/ex:fluor ?f }" | tail -n 1 | tr -d '\r' | tr '+' '\n' | sort | tr '\n' ' ')" = "DAPI GFP "
check "ask true" sh -c "\"$M\" query --db \"$D\" '$P ASK { ex:img1 ex:sizeX 1024 }' | grep -q true"
check "ask false" sh -c "\"$M\" query --db \"$D\" '$P ASK { ex:img1 ex:sizeX 1 }' | grep -q false"
check "construct as N-Triples" \
  test "$(q --format nt "$P CONSTRUCT { ?i ex:label ?n } WHERE { ?i ex:name ?n }" | grep -c 'http://example.org/label')" -eq 2
check "construct as JSON-LD" \
  sh -c "\"$M\" query --db \"$D\" --format jsonld '$P CONSTRUCT { ?i ex:label ?n } WHERE { ?i ex:name ?n }' | grep -q '\"@value\": \"Liver\"'"
check "describe" \
  test "$(q --format nt "$P DESCRIBE ex:c1" | grep -c 'fluor')" -eq 1
check "LIMIT streams" \
  test "$(q --format csv "SELECT * { ?s ?p ?o } LIMIT 3" | wc -l)" -eq 4

printf '%s\n' "PREFIX ex: <http://example.org/>" "SELECT ?x { BIND(<rel> AS ?x) }" >"$T/q.rq"
check "@file query resolves IRIs against the file URL" \
  sh -c "\"$M\" query --db \"$D\" --format csv @\"$T/q.rq\" | grep -q 'file://.*/rel'"
check "--base overrides the base" \
  sh -c "\"$M\" query --db \"$D\" --format csv --base http://b.org/x/ @\"$T/q.rq\" | grep -q 'http://b.org/x/rel'"

printf 'SELECT *\nWHERE { ?s ?p }\n' >"$T/bad.rq"
check "syntax error exits 1" expect_exit 1 "$M" query --db "$D" @"$T/bad.rq"
check "syntax error names file, line and column" grep -q "bad.rq:2:15: error: syntax error" "$T/.err"
check "bad inline query exits 1" expect_exit 1 "$M" query --db "$D" "SELEKT * {}"
check "graph format for SELECT is a usage error" expect_exit 2 "$M" query --db "$D" --format ttl "SELECT * {}"
check "missing query is a usage error" expect_exit 2 "$M" query --db "$D"
check "SERVICE is refused" expect_exit 1 "$M" query --db "$D" "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"
summary
