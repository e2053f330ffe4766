#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat validate: SHACL validation of files and of a store (whole or one
# named graph) against the shipped shapes (resolved by name) and shape
# files; exit 0 when the data conforms and 1 when it does not; Turtle, JSON
# and text reports with the specific results; malformed shapes, unknown
# shape names and usage errors are refused.
#
# Needs $MUGDAT (the built binary); $MUGDAT_SRCDIR locates shapes/.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
export MUGDAT_SRCDIR
D=$T/db
S=$MUGDAT_TESTDATA/samples

cat >"$T/good.ttl" <<'TTL'
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix mgdv: <https://w3id.org/mugdat/vocab#> .
<http://example.org/img2> a schema:ImageObject ;
  schema:identifier "S-BIAD1-2" ; schema:name "HeLa nuclei" ;
  schema:license <https://creativecommons.org/licenses/by/4.0/> ;
  schema:creator <https://orcid.org/0000-0002-1825-0097> ;
  schema:dateCreated "2024-05-31"^^xsd:date ; schema:encodingFormat "image/tiff" ;
  schema:contentUrl <https://example.org/img2.tif> ;
  schema:measurementTechnique <http://purl.obolibrary.org/obo/FBbi_00000251> ;
  schema:instrument <http://example.org/scope1> ;
  mgdv:organism <http://purl.obolibrary.org/obo/NCBITaxon_9606> .
TTL
cat >"$T/rembi.ttl" <<'TTL'
@prefix schema: <https://schema.org/> .
@prefix rembi: <https://w3id.org/mugdat/rembi#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/img3> a schema:ImageObject ;
  schema:identifier "S-BIAD9-1" ; schema:name "Zebrafish heart" ;
  schema:license <https://creativecommons.org/licenses/by/4.0/> ;
  schema:author <https://orcid.org/0000-0002-1825-0097> ;
  schema:datePublished "2023-02-01"^^xsd:date ; schema:encodingFormat "OME-Zarr" ;
  schema:contentUrl <https://example.org/img3.zarr> ;
  rembi:imageAcquisition [ rembi:imagingMethod <http://purl.obolibrary.org/obo/FBbi_00000251> ;
                           rembi:imagingInstrument "Zeiss LSM 880" ] ;
  rembi:biosample [ rembi:organism <http://purl.obolibrary.org/obo/NCBITaxon_7955> ] .
TTL
cat >"$T/bad.ttl" <<'TTL'
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<http://example.org/img1> a schema:ImageObject ;
  dcterms:title "Mitochondria" ; dcterms:license "free to use" ;
  schema:encodingFormat "OME-TIFF" .
TTL
cat >"$T/objective.ttl" <<'TTL'
@prefix ome: <https://ld.openmicroscopy.org/core/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/obj1> a ome:Objective ; ome:lens_na "14.0"^^xsd:double .
<http://example.org/obj2> a ome:Objective ; ome:lens_na "1.4"^^xsd:double .
TTL
cat >"$T/malformed.ttl" <<'TTL'
@prefix sh: <http://www.w3.org/ns/shacl#> .
<http://example.org/BrokenShape> a sh:NodeShape ;
  sh:targetClass <http://example.org/C> ; sh:in <http://example.org/notAList> .
TTL

# Files against the FAIR Image Object shapes (by name)
check "conforming file exits 0" expect_exit 0 "$M" validate --shapes fair-image-object "$T/good.ttl"
check "conforming report says sh:conforms true" grep -q 'sh:conforms "true"' "$T/.stdout"
check "https schema.org + REMBI terms conform" expect_exit 0 "$M" validate --shapes fair-image-object "$T/rembi.ttl"
check "REMBI image without a biosample does not" sh -c "grep -v biosample '$T/rembi.ttl' | sed 's/ ] ;\$/ ] ./' >'$T/rembi2.ttl'; '$M' validate --shapes fair-image-object --format text '$T/rembi2.ttl' | grep -q 'organismOrSample'"
check "non-conforming file exits 1" expect_exit 1 "$M" validate --shapes fair-image-object --format text "$T/bad.ttl"
check "text report names the missing identifier" grep -q 'has no identifier' "$T/.stdout"
check "text report shows the free-text licence as a warning" grep -q '^Warning: .*free to use' "$T/.stdout"
check "summary on stderr counts 6 violations and 2 warnings" grep -q '8 results (6 violations, 2 warnings' "$T/.err"
check "two files together are one data graph" expect_exit 1 "$M" validate --shapes fair-image-object --format json "$T/good.ttl" "$T/bad.ttl"
check "JSON report: 2 focus nodes, specific results" /usr/bin/python3 - "$T/.stdout" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["conforms"] is False and r["counts"]["focusNodes"] == 2, r["counts"]
assert r["counts"]["violations"] == 6 and r["counts"]["warnings"] == 2
fio = "https://w3id.org/mugdat/shapes/fair-image-object#"
shapes = sorted(x["sourceShape"][len(fio):] for x in r["results"])
assert shapes == ["creator", "date", "identifier", "imagingMethod", "instrument",
                  "licenseIsLink", "location", "organismOrSample"], shapes
assert all(x["focusNode"] == "http://example.org/img1" for x in r["results"])
PY
check "Turtle report is valid RDF with 8 sh:result" /usr/bin/python3 - "$M" "$T/bad.ttl" <<'PY'
import subprocess, sys, rdflib
out = subprocess.run([sys.argv[1], "validate", "--shapes", "fair-image-object", sys.argv[2]],
                     capture_output=True).stdout
g = rdflib.Graph().parse(data=out, format="turtle")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
assert len(list(g.objects(None, SH.result))) == 8
assert list(g.objects(None, SH.conforms)) == [rdflib.Literal(False)]
PY

# OME sanity shapes
check "objective NA 14 is refused" expect_exit 1 "$M" validate --shapes ome-core --format text "$T/objective.ttl"
check "the NA result names obj1 and only obj1" sh -c "grep -q 'obj1> ome:lens_na: The numerical aperture' '$T/.stdout' && ! grep -q obj2 '$T/.stdout'"

# A store, whole or one named graph
"$M" init --db "$D" >/dev/null 2>&1
check "load the good file into a graph" "$M" load --db "$D" --graph urn:g:good "$T/good.ttl"
check "load the bad file into a graph" "$M" load --db "$D" --graph urn:g:bad "$T/bad.ttl"
check "--graph of the good data conforms" expect_exit 0 "$M" validate --db "$D" --graph urn:g:good --shapes fair-image-object
check "--graph of the bad data does not" expect_exit 1 "$M" validate --db "$D" --graph urn:g:bad --shapes fair-image-object
check "the whole store does not" expect_exit 1 "$M" validate --db "$D" --shapes fair-image-object --format json
check "an absent graph is empty and conforms" expect_exit 0 "$M" validate --db "$D" --graph urn:g:none --shapes fair-image-object
if [ -f "$S/ome-xml/ome-model/2009-09-instrument.ome.xml" ]; then
  "$M" init --db "$T/ome" >/dev/null 2>&1
  "$M" ingest --db "$T/ome" "$S/ome-xml/ome-model/2009-09-instrument.ome.xml" >/dev/null 2>&1
  check "ingested OME-XML with PhysicalSizeZ=0 is refused" expect_exit 1 "$M" validate --db "$T/ome" --shapes ome-core --format text
  check "the result is the Z pixel size" grep -q 'ome:physical_size_z: The physical pixel size in Z must be one positive number' "$T/.stdout"
fi

# Shapes resolution and errors
mkdir -p "$T/myshapes"
cp "$MUGDAT_SRCDIR/shapes/ome-core.ttl" "$T/myshapes/mine.ttl"
check "MUGDAT_SHAPES_DIR resolves a name" expect_exit 1 env MUGDAT_SHAPES_DIR="$T/myshapes" "$M" validate --shapes mine "$T/objective.ttl"
check "a shapes file path works" expect_exit 0 "$M" validate --shapes "$T/myshapes/mine.ttl" "$T/good.ttl"
check "malformed shapes are refused (exit 1)" expect_exit 1 "$M" validate --shapes "$T/malformed.ttl" "$T/good.ttl"
check "the error names the shape and sh:in" grep -q 'BrokenShape.*sh:in' "$T/.err"
check "unknown shapes name (exit 1)" expect_exit 1 "$M" validate --shapes no-such-shapes "$T/good.ttl"
check "data with a syntax error (exit 1)" sh -c "printf '<a> <b> .\n' >'$T/broken.ttl'; '$M' validate --shapes ome-core '$T/broken.ttl'; test \$? -eq 1"
check "missing --shapes is a usage error" expect_exit 2 "$M" validate "$T/good.ttl"
check "--db and files together is a usage error" expect_exit 2 "$M" validate --db "$D" --shapes ome-core "$T/good.ttl"
check "unknown format is a usage error" expect_exit 2 "$M" validate --shapes ome-core --format xml "$T/good.ttl"
summary
