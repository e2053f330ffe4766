#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# RDF/XML output: `mugdat dump --format rdf`, `mugdat query --format rdf`
# (CONSTRUCT/DESCRIBE), HTTP Accept: application/rdf+xml on /sparql and on
# Graph Store GET. Round trip: write -> `mugdat load --format rdf` ->
# isomorphic with the original (rdflib). A predicate with no XML QName is
# an error, not bad output.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
"$M" init --db "$D" >/dev/null

cat >"$T/in.ttl" <<'EOF'
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:img1 a ex:Image ; ex:name "Zelle <1> & \"co\"\n zweite Zeile"@de ;
  ex:size 42 ; ex:when "2024-01-02T03:04:05Z"^^xsd:dateTime ;
  ex:channel [ ex:label "DAPI" ; ex:wavelength 461.5 ] , [ ex:label "GFP\ttab" ] ;
  <http://example.org/ns#über> "ünïcødé ✓" ; ex:seeAlso <http://example.org/a?b=c&d=e> .
_:orphan ex:p _:orphan .
EOF
G=http://example.org/g
check "load source" "$M" load --db "$D" --graph "$G" "$T/in.ttl"
check "dump --format rdf" sh -c "'$M' dump --db '$D' --graph '$G' --format rdf >'$T/out.rdf'"
check "dump is RDF/XML" grep -q '<rdf:RDF' "$T/out.rdf"
check "well-formed XML" /usr/bin/python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$T/out.rdf"
"$M" init --db "$T/db2" >/dev/null
check "load the RDF/XML back" "$M" load --db "$T/db2" --format rdf --graph "$G" "$T/out.rdf"
"$M" dump --db "$D" --format nq >"$T/a.nq"
"$M" dump --db "$T/db2" --format nq >"$T/b.nq"
check "round trip is isomorphic" isomorphic "$T/a.nq" "$T/b.nq"
check "same number of quads" test "$(wc -l <"$T/a.nq")" -eq "$(wc -l <"$T/b.nq")"

check "CONSTRUCT --format rdf" sh -c "'$M' query --db '$D' --format rdf 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }' >'$T/c.rdf'"
"$M" init --db "$T/db3" >/dev/null
check "load CONSTRUCT output" "$M" load --db "$T/db3" --format rdf --graph "$G" "$T/c.rdf"
"$M" dump --db "$T/db3" --format nq >"$T/c.nq"
check "CONSTRUCT round trip isomorphic" isomorphic "$T/a.nq" "$T/c.nq"
check "DESCRIBE --format rdf" sh -c "'$M' query --db '$D' --format rdf 'DESCRIBE <http://example.org/img1> FROM <$G>' | grep -q 'rdf:about=\"http://example.org/img1\"'"

"$M" init --db "$T/bad" >/dev/null
printf '<http://example.org/s> <http://example.org/123> "x" .\n' >"$T/bad.nt"
"$M" load --db "$T/bad" "$T/bad.nt" >/dev/null
check "predicate without a QName fails" expect_exit 1 "$M" dump --db "$T/bad" --format rdf

# --- HTTP
"$M" serve --db "$D" --port 0 2>"$T/serve.log" &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
port=$(wait_port "$T/serve.log")
B=http://127.0.0.1:$port
curl -s -D "$T/h1" -o "$T/h1.rdf" -H 'Accept: application/rdf+xml' \
  --data-urlencode 'query=CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }' "$B/sparql"
check "HTTP CONSTRUCT content type" grep -qi '^content-type: application/rdf+xml' "$T/h1"
"$M" init --db "$T/db4" >/dev/null
check "HTTP CONSTRUCT RDF/XML loads" "$M" load --db "$T/db4" --format rdf --graph "$G" "$T/h1.rdf"
"$M" dump --db "$T/db4" --format nq >"$T/d.nq"
check "HTTP CONSTRUCT isomorphic" isomorphic "$T/a.nq" "$T/d.nq"
curl -s -D "$T/h2" -o "$T/h2.rdf" -H 'Accept: application/rdf+xml' "$B/data?graph=$G"
check "Graph Store GET content type" grep -qi '^content-type: application/rdf+xml' "$T/h2"
"$M" init --db "$T/db5" >/dev/null
check "Graph Store GET RDF/XML loads" "$M" load --db "$T/db5" --format rdf --graph "$G" "$T/h2.rdf"
"$M" dump --db "$T/db5" --format nq >"$T/e.nq"
check "Graph Store GET isomorphic" isomorphic "$T/a.nq" "$T/e.nq"
summary
