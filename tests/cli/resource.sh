#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# /resource/… (Linked Data) against `mugdat serve`: content negotiation
# (Turtle, N-Triples, JSON-LD, RDF/XML parsed with rdflib and compared with
# the expected triples), the Concise Bounded Description (blank-node
# closure, a triple held by two graphs once), text/html for browsers
# (escaped), 404, 406, 400, HEAD, OPTIONS, the minted-IRI form under
# --base-url, percent-encoded IRIs with '#' and non-ASCII characters, and
# an ingested sample (IDR study). Prints `N passed, N failed`.

set -u
. "$(dirname "$0")/lib.sh"
SAMPLES=$MUGDAT_TESTDATA/samples
PY=/usr/bin/python3
BASE_URL=http://mugdat.test

cat >"$T/data.trig" <<'EOF'
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:g1 {
  <http://example.org/img#1> a ex:Image ;
    rdfs:label "Image one"@en ;
    ex:size 42 ;
    ex:acquisition [ ex:mode "confocal" ; ex:detector [ ex:gain 1.5 ] ] ;
    ex:sample ex:sample7 .
  ex:sample7 rdfs:label "Sample <b>seven</b> & \"friends\" <script>alert(1)</script>" ;
    ex:of <http://example.org/img#1> .
  <http://example.org/bild/äpfel> rdfs:label "Äpfel"@de ; ex:n 1 .
  <http://mugdat.test/resource/sample/1> rdfs:label "minted one" .
  <http://mugdat.test/resource/probe/é> rdfs:label "minted accent" .
  ex:unrelated ex:p ex:onlyObject .
  ex:cycle ex:p _:a . _:a ex:q _:b . _:b ex:q _:a ; ex:r ex:cycle .
}
ex:g2 {
  <http://example.org/img#1> ex:size 42 .
}
EOF
# One subject with more triples than a description may hold (20000)
"$PY" -c 'for i in range(20001): print("<http://example.org/huge> <http://example.org/p> \"%d\" ." % i)' >"$T/huge.nt"
"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 &&
  "$MUGDAT" load --db "$T/db" "$T/data.trig" >/dev/null 2>&1 &&
  "$MUGDAT" load --db "$T/db" "$T/huge.nt" >/dev/null 2>&1 &&
  "$MUGDAT" ingest --db "$T/db" "$SAMPLES/idr/idr0011-study.txt" >/dev/null 2>&1 ||
  { echo "FAIL: cannot build the test store"; echo "0 passed, 1 failed"; exit 1; }

"$MUGDAT" serve --db "$T/db" --port 0 --bind 127.0.0.1 --base-url "$BASE_URL" 2>"$T/serve.log" &
SPID=$!
trap 'kill "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
port=$(wait_port "$T/serve.log")
[ -n "$port" ] || { cat "$T/serve.log"; echo "0 passed, 1 failed"; exit 1; }
B=http://127.0.0.1:$port

enc() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
# get PATH [curl args]: body in $T/body, headers in $T/head, status in $CODE
get() {
  local path=$1; shift
  CODE=$(curl -s -g -o "$T/body" -D "$T/head" -w '%{http_code}' "$@" "$B$path")
}
code_is() { [ "$CODE" = "$1" ]; }
header_has() { grep -qi "^$1:.*$2" "$T/head"; }
body_has() { grep -qF -- "$1" "$T/body"; }
body_lacks() { ! grep -qF -- "$1" "$T/body"; }
# parses FORMAT ASSERTION: rdflib reads $T/body as FORMAT into graph g
# (ex = http://example.org/), then ASSERTION (Python) must hold
parses() {
  "$PY" - "$T/body" "$1" "$2" <<'PY'
import sys
from rdflib import Graph, Literal, Namespace, URIRef, BNode, RDF, RDFS
ex = Namespace("http://example.org/")
g = Graph()
g.parse(sys.argv[1], format=sys.argv[2], publicID="http://example.org/base")
ok = eval(sys.argv[3])
if not ok:
    print(g.serialize(format="nt"))
sys.exit(0 if ok else 1)
PY
}

IMG=$(enc 'http://example.org/img#1')
# The CBD of img#1: 5 own triples (size once, though two graphs hold it),
# the blank acquisition node (2) and its blank detector (1): 8 triples
CBD="len(g) == 8 and (URIRef('http://example.org/img#1'), ex.size, Literal(42)) in g \
and any(True for _ in g.triples((None, ex.gain, None))) \
and (URIRef('http://example.org/img#1'), RDFS.label, Literal('Image one', lang='en')) in g \
and not any(True for _ in g.triples((ex.sample7, None, None)))"

# --- content negotiation
get "/resource/$IMG"
check "no Accept: 200" code_is 200
check "no Accept: Turtle" header_has Content-Type text/turtle
check "Turtle parses to the CBD" parses turtle "$CBD"
get "/resource/$IMG" -H 'Accept: application/n-triples'
check "N-Triples type" header_has Content-Type application/n-triples
check "N-Triples parses to the CBD" parses nt "$CBD"
check "a triple in two graphs once" test "$(grep -c 'example.org/size' "$T/body")" = 1
get "/resource/$IMG" -H 'Accept: application/ld+json'
check "JSON-LD type" header_has Content-Type application/ld+json
check "JSON-LD parses to the CBD" parses json-ld "$CBD"
get "/resource/$IMG" -H 'Accept: application/rdf+xml'
check "RDF/XML type" header_has Content-Type application/rdf+xml
check "RDF/XML parses to the CBD" parses xml "$CBD"
get "/resource/$IMG" -H 'Accept: application/n-quads'
check "N-Quads keeps both graphs" test "$(grep -c 'example.org/size' "$T/body")" = 2
check "N-Quads names the graphs" body_has '<http://example.org/g2>'
get "/resource/$IMG" -H 'Accept: text/turtle;q=0.5, application/n-triples;q=0.9'
check "q-values pick N-Triples" header_has Content-Type application/n-triples
get "/resource/$IMG?format=ttl" -H 'Accept: application/n-triples'
check "?format= overrides Accept" header_has Content-Type text/turtle
get "/resource/$IMG" -H 'Accept: */*'
check "*/* gets Turtle" header_has Content-Type text/turtle
check "Vary: Accept" header_has Vary Accept
get "/resource/$IMG" -H 'Accept: image/png'
check "unsupported Accept: 406" code_is 406
check "406 is problem+json" header_has Content-Type application/problem+json
get "/resource/$IMG?format=pdf"
check "unknown ?format=: 406" code_is 406

# --- HTML for browsers
CHROME='text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
get "/resource/$IMG" -H "Accept: $CHROME"
check "browser Accept: 200" code_is 200
check "browser Accept: HTML" header_has Content-Type text/html
check "HTML title is the label" body_has '<title>Image one · MUGDAT</title>'
check "HTML shows a property value" body_has 'confocal'
check "HTML links values to their /resource/ page" body_has "href=\"$BASE_URL/resource/http%3A%2F%2Fexample.org%2Fsample7\""
check "HTML links to the search page view" body_has "$BASE_URL/?resource=http%3A%2F%2Fexample.org%2Fimg%231"
check "HTML offers Turtle as alternate" body_has '<link rel="alternate" type="text/turtle"'
check "HTML lists the graphs" body_has 'http://example.org/g2'
check "HTML shows incoming links" body_has 'Referenced by (1)'
check "HTML parses as XML-ish markup" "$PY" -c '
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.stack = []
    def handle_starttag(s, t, a):
        if t not in ("meta", "link", "br", "img", "input"): s.stack.append(t)
    def handle_endtag(s, t):
        assert s.stack and s.stack.pop() == t, t
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); assert not p.stack, p.stack' "$T/body"
get "/resource/$(enc http://example.org/sample7)" -H 'Accept: text/html'
check "HTML escapes data" body_has 'Sample &lt;b&gt;seven&lt;/b&gt; &amp; &quot;friends&quot; &lt;script&gt;'
check "HTML has no injected markup" body_lacks '<script>alert'
check "HTML page forbids scripts (CSP)" header_has Content-Security-Policy "default-src 'none'"
get "/resource/$IMG?format=html"
check "?format=html" header_has Content-Type text/html

# --- 404, 400, HEAD, OPTIONS
get "/resource/$(enc http://example.org/nothing-here)"
check "unknown IRI: 404" code_is 404
check "404 is problem+json" header_has Content-Type application/problem+json
check "404 says why" body_has '"status":404'
get "/resource/"
check "/resource/ alone: 400" code_is 400
get "/resource/%zz"
check "bad escape: 400" code_is 400
get "/resource/$IMG" -I
check "HEAD: 200" code_is 200
check "HEAD: Turtle type" header_has Content-Type text/turtle
# (curl -I writes the header block to -o as well: no Turtle may follow it)
check "HEAD: no body" body_lacks '@prefix'
check "HEAD: no body at all" body_lacks 'example.org/size'
get "/resource/$IMG" -X OPTIONS
check "OPTIONS: 204" code_is 204
check "OPTIONS: Allow" header_has Allow 'GET, HEAD, OPTIONS'
get "/resource/$IMG" -X POST -d x
check "POST: 405" code_is 405

# --- IRI forms
get "/resource/?iri=$IMG" -H 'Accept: application/n-triples'
check "?iri= form" parses nt "$CBD"
get "/resource/$(enc 'http://example.org/bild/äpfel')" -H 'Accept: application/n-triples'
check "non-ASCII IRI: 200" code_is 200
check "non-ASCII IRI described" parses nt "(URIRef('http://example.org/bild/äpfel'), RDFS.label, Literal('Äpfel', lang='de')) in g"
get "/resource/sample/1" -H 'Accept: application/n-triples'
check "minted IRI: 200" code_is 200
check "minted IRI is <base-url>/resource/<path>" parses nt "(URIRef('$BASE_URL/resource/sample/1'), RDFS.label, Literal('minted one')) in g"
get "/resource/probe/%C3%A9" -H 'Accept: application/n-triples'
check "minted non-ASCII IRI" parses nt "(URIRef('$BASE_URL/resource/probe/é'), RDFS.label, Literal('minted accent')) in g"
get "/resource/sample/2"
check "unknown minted IRI: 404" code_is 404
get "/resource/$(enc http://example.org/onlyObject)" -H 'Accept: application/n-triples'
check "object-only IRI: 200 with the links to it" parses nt "(ex.unrelated, ex.p, ex.onlyObject) in g"
get "/resource/$(enc http://example.org/sample7)?incoming=1" -H 'Accept: application/n-triples'
check "?incoming=1 adds links in" parses nt "(URIRef('http://example.org/img#1'), ex.sample, ex.sample7) in g and (ex.sample7, ex.of, URIRef('http://example.org/img#1')) in g"
get "/resource/$(enc http://example.org/sample7)" -H 'Accept: application/n-triples'
check "no links in by default" parses nt "(URIRef('http://example.org/img#1'), ex.sample, ex.sample7) not in g and len(g) == 2"

get "/resource/$(enc http://example.org/cycle)" -H 'Accept: application/n-triples'
check "blank-node cycle: closure ends" parses nt "len(g) == 4"
get "/resource/$(enc http://example.org/huge)"
check "oversized description: 507" code_is 507
check "507 points to /sparql" body_has '/sparql'

# --- an ingested sample: the IDR study
STUDY=$("$MUGDAT" query --db "$T/db" --format tsv 'SELECT ?s WHERE { ?s <http://purl.org/dc/terms/identifier> "idr0011" } LIMIT 1' | tail -n 1 | tr -d '<>')
get "/resource/$(enc "$STUDY")" -H 'Accept: text/turtle'
check "ingested study: 200" code_is 200
check "ingested study has its title and organism" parses turtle "any(True for _ in g.triples((URIRef('$STUDY'), URIRef('http://purl.org/dc/terms/title'), None))) and any(True for _ in g.triples((URIRef('$STUDY'), URIRef('http://purl.obolibrary.org/obo/RO_0002162'), None)))"
get "/resource/$(enc "$STUDY")" -H 'Accept: text/html'
check "ingested study HTML shows the organism label" body_has 'Saccharomyces cerevisiae'

summary
