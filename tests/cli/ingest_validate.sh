#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat ingest --validate NAME|FILE [--require-valid]: each source's graph
# is validated before commit and the result (conformance, counts per
# severity, focus nodes) is recorded in urn:mugdat:provenance; with
# --require-valid a non-conforming source is refused (nothing committed,
# report printed, exit 1). Re-ingesting replaces the validation record.
#
# Needs $MUGDAT; $MUGDAT_TESTDATA/samples for the OME-XML samples.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
export MUGDAT_SRCDIR
D=$T/db
S=$MUGDAT_TESTDATA/samples
BAD_OME=$S/ome-xml/ome-model/2009-09-instrument.ome.xml # PhysicalSizeZ="0"
GOOD_OME=$S/ome-xml/ome-model/spim.ome.xml

# value GRAPH PROP: the validation record's PROP (mgdv: local name or
# sh:conforms) for GRAPH, as TSV without header.
value() {
  "$M" query --db "$D" --format tsv "PREFIX mgdv: <https://w3id.org/mugdat/vocab#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?v WHERE { GRAPH <urn:mugdat:provenance> {
  ?n a mgdv:ShaclValidation ; mgdv:validatedGraph <$1> ; $2 ?v } }" | tail -n +2
}
n_records() {
  "$M" query --db "$D" --format tsv "PREFIX mgdv: <https://w3id.org/mugdat/vocab#>
SELECT (COUNT(*) AS ?c) WHERE { GRAPH <urn:mugdat:provenance> {
  ?n a mgdv:ShaclValidation ; mgdv:validatedGraph <$1> } }" | tail -n 1
}
n_graph() {
  "$M" query --db "$D" --format tsv "SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH <$1> { ?s ?p ?o } }" | tail -n 1
}
graph_of() { echo "urn:mugdat:source:$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

"$M" init --db "$D" >/dev/null 2>&1

if [ -f "$BAD_OME" ]; then
  GB=$(graph_of "$BAD_OME")
  GG=$(graph_of "$GOOD_OME")
  # Without --require-valid a violating source is stored, with its result.
  check "violating OME-XML ingested (exit 0)" \
    expect_exit 0 "$M" ingest --db "$D" --validate ome-core "$BAD_OME"
  check "warning names the shapes" grep -q "does not conform to ome-core" "$T/.err"
  check "conforms false recorded" test "$(value "$GB" sh:conforms)" = false
  check "1 violation recorded" test "$(value "$GB" mgdv:violations)" = 1
  check "1 result recorded" test "$(value "$GB" mgdv:results)" = 1
  check "0 warnings recorded" test "$(value "$GB" mgdv:warnings)" = 0
  check "focus nodes recorded" test "$(value "$GB" mgdv:focusNodes)" -gt 0
  check "shapes graph named" \
    test "$(value "$GB" mgdv:shapesGraph)" = "<urn:mugdat:shapes:ome-core>"
  check "data graph stored" test "$(n_graph "$GB")" -gt 100
  # Re-ingest: the record is replaced, not duplicated.
  check "re-ingest ok" \
    expect_exit 0 "$M" ingest --db "$D" --validate ome-core "$BAD_OME"
  check "one validation record after re-ingest" test "$(n_records "$GB")" = 1
  check "one conforms value after re-ingest" \
    test "$(value "$GB" sh:conforms | wc -l)" = 1
  # A plain re-ingest drops the validation record of the previous run.
  check "plain re-ingest ok" expect_exit 0 "$M" ingest --db "$D" "$BAD_OME"
  check "validation record gone after plain ingest" \
    test "$(n_records "$GB")" = 0

  # A conforming source.
  check "conforming OME-XML with --require-valid" \
    expect_exit 0 "$M" ingest --db "$D" --validate ome-core --require-valid "$GOOD_OME"
  check "conforms true recorded" test "$(value "$GG" sh:conforms)" = true
  check "0 violations recorded" test "$(value "$GG" mgdv:violations)" = 0

  # --require-valid refuses: nothing committed, report on stdout, exit 1.
  D2=$T/db2
  "$M" init --db "$D2" >/dev/null 2>&1
  check "refused with --require-valid (exit 1)" \
    expect_exit 1 "$M" ingest --db "$D2" --validate ome-core --require-valid "$BAD_OME"
  check "report names the violation" \
    grep -q "Violation: .*physical_size_z.*MinExclusive" "$T/.stdout"
  check "error says why" grep -q "not ingested (does not conform" "$T/.err"
  check "refused source left no quads" test "$(n_quads "$D2")" = 0
  # A refused re-ingest keeps the previous version whole.
  before=$(n_quads "$D")
  check "refused re-ingest (exit 1)" \
    expect_exit 1 "$M" ingest --db "$D" --validate ome-core --require-valid "$BAD_OME"
  check "store unchanged after refusal" test "$(n_quads "$D")" = "$before"
  # Several sources: the good one is committed, the bad one refused.
  D3=$T/db3
  "$M" init --db "$D3" >/dev/null 2>&1
  check "mixed sources exit 1" \
    expect_exit 1 "$M" ingest --db "$D3" --validate ome-core --require-valid "$GOOD_OME" "$BAD_OME"
  DSAVE=$D; D=$D3
  check "good source of the mix committed" test "$(value "$GG" sh:conforms)" = true
  check "bad source of the mix absent" test "$(n_graph "$GB")" = 0
  D=$DSAVE
else
  echo "skipping OME-XML cases: $BAD_OME not found"
fi

# RO-Crate against the FAIR Image Object shapes.
mkdir -p "$T/badcrate" "$T/goodcrate"
cat >"$T/badcrate/ro-crate-metadata.json" <<'JSON'
{ "@context": "https://w3id.org/ro/crate/1.1/context",
  "@graph": [
    { "@id": "ro-crate-metadata.json", "@type": "CreativeWork",
      "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"}, "about": {"@id": "./"} },
    { "@id": "./", "@type": "Dataset", "name": "Test crate", "hasPart": [{"@id": "img1.tif"}] },
    { "@id": "img1.tif", "@type": ["File", "ImageObject"], "name": "Nuclei",
      "encodingFormat": "image/tiff" } ] }
JSON
cat >"$T/goodcrate/ro-crate-metadata.json" <<'JSON'
{ "@context": "https://w3id.org/ro/crate/1.1/context",
  "@graph": [
    { "@id": "ro-crate-metadata.json", "@type": "CreativeWork",
      "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"}, "about": {"@id": "./"} },
    { "@id": "./", "@type": "Dataset", "name": "Test crate", "hasPart": [{"@id": "img1.tif"}] },
    { "@id": "img1.tif", "@type": ["File", "ImageObject"], "name": "Nuclei",
      "identifier": "S-BIAD1-1", "license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
      "creator": {"@id": "https://orcid.org/0000-0002-1825-0097"},
      "dateCreated": {"@value": "2024-05-31", "@type": "http://www.w3.org/2001/XMLSchema#date"}, "contentUrl": "https://example.org/img1.tif",
      "measurementTechnique": {"@id": "http://purl.obolibrary.org/obo/FBbi_00000251"},
      "instrument": {"@id": "https://example.org/scope1"},
      "about": {"@id": "http://purl.obolibrary.org/obo/NCBITaxon_9606"},
      "encodingFormat": "image/tiff" } ] }
JSON
GC="urn:mugdat:source:$T/goodcrate"
BC="urn:mugdat:source:$T/badcrate"
check "RO-Crate conforming to fair-image-object" \
  expect_exit 0 "$M" ingest --db "$D" --validate fair-image-object --require-valid "$T/goodcrate"
check "crate conforms true" test "$(value "$GC" sh:conforms)" = true
check "crate had focus nodes" test "$(value "$GC" mgdv:focusNodes)" -ge 1
check "RO-Crate missing FAIR fields refused" \
  expect_exit 1 "$M" ingest --db "$D" --validate fair-image-object --require-valid "$T/badcrate"
check "crate report names the licence" grep -q "licen" "$T/.stdout"
check "refused crate not stored" test "$(n_graph "$BC")" = 0
check "RO-Crate recorded without --require-valid" \
  expect_exit 0 "$M" ingest --db "$D" --validate fair-image-object "$T/badcrate"
check "crate violations recorded" test "$(value "$BC" mgdv:violations)" = 7
check "crate warnings recorded" test "$(value "$BC" mgdv:warnings)" = 1

# Shapes by FILE, and errors.
cp "$MUGDAT_SRCDIR/shapes/fair-image-object.ttl" "$T/fairio.ttl"
check "shapes given as a file" \
  expect_exit 0 "$M" ingest --db "$D" --validate "$T/fairio.ttl" "$T/goodcrate"
check "file shapes named by URL" \
  test "$(value "$GC" mgdv:shapesGraph)" = "<file://$T/fairio.ttl>"
check "unknown shapes name" \
  expect_exit 1 "$M" ingest --db "$D" --validate no-such-shapes "$T/goodcrate"
check "unknown shapes message" grep -q "no shapes named 'no-such-shapes'" "$T/.err"
printf '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<x> a sh:NodeShape ; sh:minCount "x" .\n' >"$T/bad-shapes.ttl"
check "malformed shapes refused before ingesting" \
  expect_exit 1 "$M" ingest --db "$D" --validate "$T/bad-shapes.ttl" "$T/goodcrate"
check "--require-valid needs --validate" \
  expect_exit 2 "$M" ingest --db "$D" --require-valid "$T/goodcrate"
check "--keep-going and --checksums accepted" \
  expect_exit 0 "$M" ingest --db "$D" --keep-going --checksums "$T/goodcrate"

# --keep-going and --checksums reach the directory ingesters (BIDS).
if [ -d "$S/bids-micr/micr_SEM" ]; then
  B=$T/bids
  cp -r "$S/bids-micr/micr_SEM" "$B"
  printf 'fake image bytes' >"$B/sub-01/ses-01/micr/sub-01_ses-01_sample-A_SEM.png"
  echo '{ broken' >"$B/sub-01/ses-01/micr/sub-01_ses-01_sample-A_photo.json"
  printf x >"$B/sub-01/ses-01/micr/sub-01_ses-01_sample-A_photo.jpg"
  D4=$T/db4
  "$M" init --db "$D4" >/dev/null 2>&1
  n_sha() {
    "$M" query --db "$D4" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://schema.org/sha256> ?v } }' | tail -n 1
  }
  check "broken sidecar fails the BIDS source" expect_exit 1 "$M" ingest --db "$D4" "$B"
  check "nothing stored from the failed BIDS source" test "$(n_quads "$D4")" = 0
  check "--keep-going skips the broken sidecar" expect_exit 0 "$M" ingest --db "$D4" --keep-going "$B"
  check "--keep-going says what it skipped" grep -q "skipped" "$T/.err"
  check "no checksums by default" test "$(n_sha)" = 0
  check "--checksums" expect_exit 0 "$M" ingest --db "$D4" --keep-going --checksums "$B"
  sum=$(printf 'fake image bytes' | sha256sum | cut -c1-64)
  check "--checksums records the data file's SHA-256" \
    sh -c "'$M' query --db '$D4' --format tsv 'SELECT ?v WHERE { GRAPH ?g { ?s <https://schema.org/sha256> ?v } }' | grep -q '$sum'"
fi

summary
