#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# POST /validate?shapes=NAME with curl: RDF bodies by Content-Type (Turtle,
# N-Triples, JSON-LD), ingest sources (OME-XML) detected from their bytes;
# answers by Accept (JSON summary, Turtle and JSON-LD reports); read-only
# (no token, nothing stored); errors as problem+json: 400 bad body, 404
# unknown shapes, 405, 406, 413 over the body limit.
#
# Needs $MUGDAT, $MUGDAT_SRCDIR (shapes/) and curl; python3 for JSON.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
export MUGDAT_SRCDIR
S=$MUGDAT_TESTDATA/samples
command -v curl >/dev/null || { echo "0 passed, 0 failed, 1 skipped"; exit 0; }

"$M" init --db "$T/db" >/dev/null 2>&1
mkdir -p "$T/tmp"
TMPDIR=$T/tmp "$M" serve --db "$T/db" --port 0 --max-body-bytes 200000 2>"$T/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT
port=$(wait_port "$T/serve.log")
[ -n "$port" ] || { cat "$T/serve.log"; echo "0 passed, 1 failed"; exit 1; }
B=http://127.0.0.1:$port

# post SHAPES CONTENT-TYPE ACCEPT FILE: body to $T/body, status echoed
post() {
  curl -s -o "$T/body" -w '%{http_code}' -X POST -H "Content-Type: $2" \
    -H "Accept: $3" --data-binary @"$4" "$B/validate?shapes=$1"
}
# json EXPR: evaluate a Python expression over the JSON body (as j)
json() {
  python3 -c "import json,sys; j=json.load(open('$T/body')); sys.exit(0 if ($1) else 1)"
}

cat >"$T/obj.ttl" <<'TTL'
@prefix ome: <https://ld.openmicroscopy.org/core/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/obj1> a ome:Objective ; ome:lens_na "14.0"^^xsd:double .
<http://example.org/obj2> a ome:Objective ; ome:lens_na "1.4"^^xsd:double .
TTL
cat >"$T/good.ttl" <<'TTL'
@prefix ome: <https://ld.openmicroscopy.org/core/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/obj2> a ome:Objective ; ome:lens_na "1.4"^^xsd:double .
TTL
cat >"$T/obj.jsonld" <<'JSON'
{ "@context": {"ome": "https://ld.openmicroscopy.org/core/",
               "xsd": "http://www.w3.org/2001/XMLSchema#"},
  "@id": "http://example.org/obj1", "@type": "ome:Objective",
  "ome:lens_na": {"@value": "14.0", "@type": "xsd:double"} }
JSON
# Reference answer from the CLI for the same data.
"$M" validate --shapes ome-core --format json "$T/obj.ttl" >"$T/cli.json" 2>/dev/null
cli_n=$(python3 -c "import json; print(json.load(open('$T/cli.json'))['counts']['results'])")

check "Turtle body, JSON summary: 200" test "$(post ome-core text/turtle application/json "$T/obj.ttl")" = 200
check "summary: does not conform" json "j['conforms'] is False"
check "summary: same result count as the CLI" json "j['counts']['results'] == $cli_n and $cli_n >= 1"
check "summary: counts per severity" json "j['counts']['violations'] + j['counts']['warnings'] + j['counts']['infos'] == j['counts']['results']"
check "summary: result fields" json "any(r['focusNode'] == 'http://example.org/obj1' and 'lens_na' in r['resultPath'] and r['severity'] == 'Violation' and r['message'] for r in j['results'])"
check "summary: the conforming objective is not reported" json "all(r['focusNode'] != 'http://example.org/obj2' for r in j['results'])"
check "summary names the shapes" json "j['shapes'] == 'ome-core'"
check "conforming body: conforms true" test "$(post ome-core text/turtle application/json "$T/good.ttl")" = 200
check "conforming body: no results" json "j['conforms'] is True and j['results'] == [] and j['counts']['focusNodes'] == 1"
check "default Accept is the JSON summary" \
  test "$(curl -s -o "$T/body" -w '%{content_type}' -X POST -H 'Content-Type: text/turtle' --data-binary @"$T/obj.ttl" "$B/validate?shapes=ome-core")" = application/json

# Turtle report: parse it back as RDF with the CLI.
check "Turtle report: 200" test "$(post ome-core text/turtle text/turtle "$T/obj.ttl")" = 200
cp "$T/body" "$T/report.ttl"
check "Turtle report is a sh:ValidationReport" grep -q "ValidationReport" "$T/report.ttl"
"$M" init --db "$T/rdb" >/dev/null 2>&1
check "Turtle report parses" "$M" load --db "$T/rdb" "$T/report.ttl"
n_res=$("$M" query --db "$T/rdb" --format tsv 'PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT (COUNT(*) AS ?n) WHERE { ?r a sh:ValidationReport ; sh:result ?x }' | tail -n 1)
check "Turtle report has every result" test "$n_res" = "$cli_n"
conf=$("$M" query --db "$T/rdb" --format tsv 'PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?c WHERE { ?r a sh:ValidationReport ; sh:conforms ?c }' | tail -n 1)
check "Turtle report says sh:conforms false" test "$conf" = false

# JSON-LD report.
check "JSON-LD report: 200" test "$(post ome-core text/turtle application/ld+json "$T/obj.ttl")" = 200
check "JSON-LD report is JSON with the report node" \
  json "any('http://www.w3.org/ns/shacl#ValidationReport' in json.dumps(o.get('@type', [])) + json.dumps(o.get('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', [])) for o in (j if isinstance(j, list) else j.get('@graph', [j])))"

# JSON-LD and N-Triples bodies.
check "JSON-LD body: 200" test "$(post ome-core application/ld+json application/json "$T/obj.jsonld")" = 200
check "JSON-LD body: violation found" json "j['conforms'] is False and j['results'][0]['focusNode'] == 'http://example.org/obj1'"
"$M" init --db "$T/ndb" >/dev/null 2>&1
"$M" load --db "$T/ndb" "$T/obj.ttl" >/dev/null 2>&1
"$M" dump --db "$T/ndb" --format nt --out "$T/obj.nt" >/dev/null 2>&1
check "N-Triples body: 200" test "$(post ome-core application/n-triples application/json "$T/obj.nt")" = 200
check "N-Triples body: same count" json "j['counts']['results'] == $cli_n"

# An ingest source: OME-XML detected from its bytes.
if [ -f "$S/ome-xml/ome-model/2009-09-instrument.ome.xml" ]; then
  check "OME-XML body: 200" test "$(post ome-core application/xml application/json "$S/ome-xml/ome-model/2009-09-instrument.ome.xml")" = 200
  check "OME-XML body: PhysicalSizeZ=0 violation" \
    json "j['conforms'] is False and j['counts']['violations'] == 1 and 'physical_size_z' in j['results'][0]['resultPath']"
  check "conforming OME-XML body" test "$(post ome-core application/octet-stream application/json "$S/ome-xml/ome-model/spim.ome.xml")" = 200
  check "conforming OME-XML: conforms" json "j['conforms'] is True and j['counts']['focusNodes'] > 0"
fi

# RO-Crate: as plain JSON it goes through the RO-Crate ingester; as
# JSON-LD it is read with the shipped (offline) RO-Crate context.
cat >"$T/crate.json" <<'JSON'
{ "@context": "https://w3id.org/ro/crate/1.1/context",
  "@graph": [
    { "@id": "ro-crate-metadata.json", "@type": "CreativeWork",
      "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"}, "about": {"@id": "./"} },
    { "@id": "./", "@type": "Dataset", "name": "Test crate", "hasPart": [{"@id": "img1.tif"}] },
    { "@id": "img1.tif", "@type": ["File", "ImageObject"], "name": "Nuclei",
      "encodingFormat": "image/tiff" } ] }
JSON
check "RO-Crate as JSON: 200" test "$(post fair-image-object application/json application/json "$T/crate.json")" = 200
check "RO-Crate as JSON: 7 violations, 1 warning" \
  json "j['conforms'] is False and j['counts']['violations'] == 7 and j['counts']['warnings'] == 1 and j['counts']['focusNodes'] == 1"
check "RO-Crate as JSON: licence missing" json "any('license' in r['resultPath'] for r in j['results'])"
check "temporary crate file removed" test -z "$(ls -A "$T/tmp")"
check "RO-Crate as JSON-LD (offline context): 200" test "$(post fair-image-object application/ld+json application/json "$T/crate.json")" = 200
check "RO-Crate as JSON-LD: same violations" \
  json "j['counts']['violations'] == 7 and j['counts']['warnings'] == 1"
if [ -f "$S/rembi/S-BIAD1135.biostudies.json" ]; then
  check "REMBI PageTab JSON: 200" test "$(post rembi application/json application/json "$S/rembi/S-BIAD1135.biostudies.json")" = 200
  check "REMBI PageTab JSON: validated" json "j['counts']['focusNodes'] > 0"
fi

# Read-only: nothing was stored, and no token was needed.
check "nothing stored" test "$(n_quads "$T/db")" = 0

# Errors.
printf '<http://example.org/a> <http://example.org/b> .\n' >"$T/broken.ttl"
check "bad Turtle: 400" test "$(post ome-core text/turtle application/json "$T/broken.ttl")" = 400
check "bad Turtle: problem+json with the parser's message" json "j['status'] == 400 and 'syntax error' in j['detail']"
printf 'hello, this is not anything\n' >"$T/text.txt"
check "unrecognised body: 400" test "$(post ome-core application/octet-stream application/json "$T/text.txt")" = 400
check "unrecognised body: problem detail" json "j['status'] == 400 and 'recognised source' in j['detail']"
check "unknown shapes: 404" test "$(post no-such-shapes text/turtle application/json "$T/obj.ttl")" = 404
check "unknown shapes: problem detail" json "j['status'] == 404 and 'no-such-shapes' in j['detail']"
check "shapes path traversal: 404" test "$(post ..%2F..%2Fetc%2Fpasswd text/turtle application/json "$T/obj.ttl")" = 404
check "missing shapes: 400" \
  test "$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: text/turtle' --data-binary @"$T/obj.ttl" "$B/validate")" = 400
: >"$T/empty"
check "empty body: 400" test "$(post ome-core text/turtle application/json "$T/empty")" = 400
check "unacceptable Accept: 406" test "$(post ome-core text/turtle image/png "$T/obj.ttl")" = 406
check "GET: 405" test "$(curl -s -o "$T/body" -w '%{http_code}' "$B/validate?shapes=ome-core")" = 405
check "405 says Allow: POST" \
  sh -c "curl -s -D - -o /dev/null '$B/validate?shapes=ome-core' | grep -qi '^Allow: POST, OPTIONS'"
head -c 300000 /dev/zero | tr '\0' ' ' >"$T/big.ttl"
check "body over the limit: 413" test "$(post ome-core text/turtle application/json "$T/big.ttl")" = 413

summary
