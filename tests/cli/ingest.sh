#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat ingest: OME-XML / OMERO / IDR samples into named graphs with
# provenance; re-ingest replaces a graph atomically; bad input (XXE,
# malformed XML, --strict) is refused with file:line:col diagnostics and
# leaves the store unchanged. Counts come from the files themselves (grep)
# and are compared with `mugdat query` answers.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
S=$MUGDAT_TESTDATA/samples
OME='PREFIX ome: <https://ld.openmicroscopy.org/core/> PREFIX mgdv: <https://w3id.org/mugdat/vocab#> '
if [ ! -d "$S/ome-xml" ]; then
  echo "samples not found at $S"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

q1() { # first value of a one-column CSV answer
  "$M" query --db "$D" --format csv "$1" | sed -n 2p | tr -d '\r'
}

"$M" init --db "$D" >/dev/null 2>&1
TUB=$S/ome-xml/vendor/tubhiswt.ome.xml
check "ingest one OME-XML file" "$M" ingest --db "$D" "$TUB"
check "SizeX of tubhiswt is 512" \
  test "$(q1 "$OME SELECT ?x { ?p ome:size_x ?x }")" = "512"
check "objective NA and magnification" \
  test "$(q1 "$OME SELECT (CONCAT(STR(?na), '/', STR(?m)) AS ?v) { ?o ome:lens_na ?na ; ome:nominal_magnification ?m }")" = "1.4/100.0"
G="urn:mugdat:source:$(cd "$(dirname "$TUB")" && pwd)/tubhiswt.ome.xml"
check "graph named after the source path" \
  test "$(q1 "SELECT DISTINCT ?g { GRAPH ?g { ?s a <https://ld.openmicroscopy.org/core/Image> } }")" = "$G"
SUM=$(sha256sum "$TUB" | cut -d' ' -f1)
check "provenance records the sha256 of the file" \
  test "$(q1 "SELECT ?v { GRAPH <urn:mugdat:provenance> { <$G> <http://www.w3.org/ns/prov#wasDerivedFrom> ?src . ?src <http://spdx.org/rdf/terms#checksum> ?c . ?c <http://spdx.org/rdf/terms#checksumValue> ?v } }")" = "$SUM"
N_GRAPH=$(q1 "SELECT (COUNT(*) AS ?n) { GRAPH <$G> { ?s ?p ?o } }")
check "provenance triple count equals the graph size" \
  test "$(q1 "SELECT ?n { GRAPH <urn:mugdat:provenance> { <$G> <http://rdfs.org/ns/void#triples> ?n } }")" = "$N_GRAPH"
BEFORE=$(n_quads "$D")
sleep 1 # a new generatedAtTime, so a stale provenance record would show
check "re-ingest succeeds" "$M" ingest --db "$D" "$TUB"
check "one provenance record after re-ingest" \
  test "$(q1 "SELECT (COUNT(?t) AS ?n) { GRAPH <urn:mugdat:provenance> { <$G> <http://www.w3.org/ns/prov#generatedAtTime> ?t } }")" = "1"
check "re-ingest replaces the graph and its provenance (same size)" \
  test "$(n_quads "$D")" -eq "$BEFORE"
check "void:triples is still the graph size after re-ingest" \
  test "$(q1 "SELECT ?n { GRAPH <urn:mugdat:provenance> { <$G> <http://rdfs.org/ns/void#triples> ?n } }")" = "$N_GRAPH"

# Replacement drops what the new version no longer says.
cp "$S/ome-xml/ome-model/minimum-specification.ome.xml" "$T/a.ome.xml"
check "ingest into a named graph" "$M" ingest --db "$D" --graph http://example.org/a "$T/a.ome.xml"
OLD=$(q1 "$OME SELECT ?n { GRAPH <http://example.org/a> { ?i a ome:Image ; ome:name ?n } }")
sed -i "s/Name=\"$OLD\"/Name=\"renamed.tif\"/" "$T/a.ome.xml"
check "ingest the edited file again" "$M" ingest --db "$D" --graph http://example.org/a "$T/a.ome.xml"
check "old name gone, new name present" \
  test "$(q1 "$OME SELECT (GROUP_CONCAT(?n) AS ?v) { GRAPH <http://example.org/a> { ?i ome:name ?n } }")" = "renamed.tif"

# A document that states a fact twice: the provenance count is still the
# graph's size.
cat >"$T/dup.ome.xml" <<'XML'
<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><AnnotationRef ID="Annotation:1"/><AnnotationRef ID="Annotation:1"/></Image></OME>
XML
check "ingest a document with a repeated reference" "$M" ingest --db "$D" --graph http://example.org/dup "$T/dup.ome.xml"
N_DUP=$(q1 "SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/dup> { ?s ?p ?o } }")
check "void:triples is the graph size ($N_DUP)" \
  test "$(q1 "SELECT ?n { GRAPH <urn:mugdat:provenance> { <http://example.org/dup> <http://rdfs.org/ns/void#triples> ?n } }")" = "$N_DUP"

# Bad input is refused and changes nothing.
BEFORE=$(n_quads "$D")
cat >"$T/xxe.ome.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE OME [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0" Name="&xxe;"/></OME>
XML
check "external entity refused (exit 1)" expect_exit 1 "$M" ingest --db "$D" "$T/xxe.ome.xml"
check "XXE diagnostic names the DOCTYPE" grep -q "xxe.ome.xml:2:.*error: DOCTYPE declaration refused" "$T/.err"
check "no /etc/passwd content stored" \
  test "$(q1 "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'root:')) }")" = "0"
printf '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">\n<Image ID="Image:0">\n</OME>\n' >"$T/broken.ome.xml"
check "malformed XML refused (exit 1)" expect_exit 1 "$M" ingest --db "$D" "$T/broken.ome.xml"
check "malformed XML diagnostic has file:line:col" \
  grep -Eq "broken.ome.xml:3:[0-9]+: error: malformed XML" "$T/.err"
check "store unchanged after refused sources" test "$(n_quads "$D")" -eq "$BEFORE"
check "bad.ome.xml ingests with a warning" expect_exit 0 "$M" ingest --db "$D" "$S/ome-xml/vendor/bad.ome.xml"
check "warning has the XPath" grep -q 'warning: ID "InvalidName" does not match.*Channel\[1\]/@ID' "$T/.err"
check "--strict refuses a non-pattern annotation ID" expect_exit 1 "$M" ingest --db "$D" --strict "$S/ome-xml/vendor/invalid_xml_annotation.ome.xml"
check "a bulkmap config alone is refused with advice" \
  expect_exit 1 "$M" ingest --db "$D" "$S/omero-kv/idr0036-screenA-bulkmap-config.yml"
check "advice names the CSV" grep -q "annotation.csv" "$T/.err"
check "usage error without sources" expect_exit 2 "$M" ingest --db "$D"

# Whole sample directories: every Image element in the OME-XML files becomes
# one ome:Image.
check "ingest the ome-xml sample tree" "$M" ingest --db "$D" "$S/ome-xml"
N_IMG=$(cat "$S"/ome-xml/*/*.xml | grep -o '<\(ome:\)\?Image[ >]' | wc -l)
check "image count matches the files ($N_IMG)" \
  test "$(q1 "$OME SELECT (COUNT(DISTINCT ?i) AS ?n) { GRAPH ?g { ?i a ome:Image } FILTER(STRSTARTS(STR(?g), 'urn:mugdat:source:')) }")" = "$N_IMG"
N_CH=$(grep -o '<Channel ' "$S/ome-xml/ome-model/spim.ome.xml" | wc -l)
check "spim channels ($N_CH)" \
  test "$(q1 "$OME SELECT (COUNT(?c) AS ?n) { GRAPH ?g { ?c a ome:Channel } FILTER(CONTAINS(STR(?g), 'spim')) }")" = "$N_CH"
check "a MapAnnotation key/value" \
  test "$(q1 "$OME SELECT ?v { ?m ome:k 'SampleKeyB-1' ; ome:value ?v }")" = "SampleValueB-1"
check "channel fluor and emission wavelength with unit" \
  test "$(q1 "$OME SELECT (CONCAT(STR(?w), ' ', STR(?u)) AS ?v) { ?c ome:fluor 'DAPI' ; ome:emission_wavelength ?w ; ome:emission_wavelength_unit ?u }")" = "465 http://qudt.org/vocab/unit/NanoM"

# OMERO exports and IDR files.
mkdir -p "$T/pkg"
cp "$S/omero-transfer/transfer.ome.xml" "$T/pkg/transfer.xml"
check "ingest an omero-cli-transfer package directory" "$M" ingest --db "$D" "$T/pkg"
check "transfer server path of Image:1678" \
  test "$(q1 "$OME SELECT ?p { ?i ome:name 'combined_result.tiff' ; mgdv:transferPath ?p } LIMIT 1")" = "root_0/2022-01/14/18-30-55.264/combined_result.tiff"
check "ingest OMERO KV CSVs and IDR files" "$M" ingest --db "$D" "$S/omero-kv" "$S/idr" "$S/omero-rdf"
N_ROWS=$(($(grep -c . "$S/omero-kv/idr0038-experimentB-annotation.csv") - 1))
check "one organism annotation per CSV row ($N_ROWS)" \
  test "$(q1 "$OME SELECT (COUNT(?m) AS ?n) { GRAPH ?g { ?m ome:k 'Organism' ; ome:value 'Mus musculus' } FILTER(CONTAINS(STR(?g), 'experimentB-annotation')) }")" = "$N_ROWS"
check "IDR study organism" \
  test "$(q1 "SELECT ?l { GRAPH ?g { ?s <http://purl.obolibrary.org/obo/RO_0002162> ?t . ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } FILTER(CONTAINS(STR(?g), 'idr0011-study')) }")" = "Saccharomyces cerevisiae"
check "omero-rdf terms rewritten to OME core" \
  test "$(q1 "$OME SELECT ?v { <https://example.org/site/Image/499> a ome:Image ; mgdv:annotation/ome:m [ ome:k 'Organism' ; ome:value ?v ] }")" = "Oppidum hanseaticum"
summary
