#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat update: INSERT DATA, DELETE/INSERT WHERE, graphs, LOAD of a local
# file, CLEAR/DROP, atomicity of a failing request, and syntax errors.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
"$M" init --db "$D" >/dev/null 2>&1

P='PREFIX ex: <http://example.org/> '
count() { "$M" query --db "$D" --format csv "$1" | tail -n 1 | tr -d '\r'; }

check "insert data" "$M" update --db "$D" "$P INSERT DATA { ex:a ex:p 1 . ex:b ex:p 2 . GRAPH ex:g { ex:c ex:p 3 } }"
check "three triples" test "$(count "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")" = 3
check "one in the named graph" test "$(count "$P SELECT (COUNT(*) AS ?n) { GRAPH ex:g { ?s ?p ?o } }")" = 1
check "delete/insert where" "$M" update --db "$D" "$P DELETE { ?s ex:p ?v } INSERT { ?s ex:q ?w } WHERE { ?s ex:p ?v FILTER(?v < 3) BIND(?v * 10 AS ?w) }"
check "values moved" test "$(count "$P SELECT (SUM(?w) AS ?n) { ?s ex:q ?w }")" = 30
check "default graph only was rewritten" test "$(count "$P SELECT (COUNT(*) AS ?n) { ?s ex:p ?o }")" = 1
printf '@prefix ex: <http://example.org/> .\nex:f ex:r "from file" .\n' >"$T/x.ttl"
check "LOAD outside --load-dir is refused" expect_exit 1 "$M" update --db "$D" "LOAD <file://$T/x.ttl> INTO GRAPH <http://example.org/h>"
check "LOAD a local file into a graph" "$M" update --db "$D" --load-dir "$T" "LOAD <file://$T/x.ttl> INTO GRAPH <http://example.org/h>"
check "loaded" test "$(count "$P SELECT ?o { GRAPH ex:h { ?s ex:r ?o } }")" = "from file"
check "LOAD of a remote IRI is refused" expect_exit 1 "$M" update --db "$D" "LOAD <http://example.org/remote>"
check "LOAD SILENT of a remote IRI succeeds" "$M" update --db "$D" "LOAD SILENT <http://example.org/remote>"
check "drop graph" "$M" update --db "$D" "$P DROP GRAPH ex:h"
check "graph gone" test "$(count "$P SELECT (COUNT(*) AS ?n) { GRAPH ex:h { ?s ?p ?o } }")" = 0
before=$("$M" dump --db "$D" --format nq | sort)
check "a failing request changes nothing" expect_exit 1 "$M" update --db "$D" "$P INSERT DATA { ex:z ex:p 9 } ; LOAD <http://example.org/remote>"
check "... indeed nothing" test "$("$M" dump --db "$D" --format nq | sort)" = "$before"
printf 'INSERT DATA {\n  <a> <b> ?c }\n' >"$T/bad.ru"
check "syntax error exits 1" expect_exit 1 "$M" update --db "$D" @"$T/bad.ru"
check "syntax error has file:line:col" grep -q "bad.ru:2:.*: error: syntax error" "$T/.err"
check "clear all" "$M" update --db "$D" "CLEAR ALL"
check "empty" test "$(count "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")" = 0
summary
