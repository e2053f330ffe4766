#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat ingest of REMBI records (PageTab JSON, REMBI XLSX), RO-Crates, BIDS
# microscopy datasets (built from bids-micr/FILE_LISTING.tsv with empty
# placeholder images and the sidecars the samples hold), ARCs and one
# multimodal study (BIDS microscopy + a sequencing assay); then what a user
# asks with `mugdat query`: title and licence, organism IRI, imaging method,
# each sample's images and pixel sizes with units, the ARC sample -> assay ->
# data chain, one sample across modalities; REMBI validation; bad input
# leaves the store unchanged.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
S=$MUGDAT_TESTDATA/samples
export MUGDAT_DATADIR=${MUGDAT_DATADIR:-$MUGDAT_SRCDIR}
P='PREFIX rembi: <https://w3id.org/mugdat/rembi#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX ome: <https://ld.openmicroscopy.org/core/> PREFIX schema: <https://schema.org/> PREFIX obo: <http://purl.obolibrary.org/obo/> '
if [ ! -d "$S/rembi" ] || [ ! -d "$S/bids-micr" ]; then
  echo "samples not found at $S"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

q1() { # first value of a one-column CSV answer
  "$M" query --db "$D" --format csv "$P $1" | sed -n 2p | tr -d '\r'
}

# build_bids NAME DIR: the dataset's files from FILE_LISTING.tsv.
build_bids() {
  local name=$1 out=$2
  mkdir -p "$out"
  grep -v '^#' "$S/bids-micr/FILE_LISTING.tsv" | while IFS=$'\t' read -r size path; do
    case "$path" in "$name"/*) ;; *) continue ;; esac
    rel=${path#"$name"/}
    mkdir -p "$out/$(dirname "$rel")"
    if [ -f "$S/bids-micr/$path" ]; then
      cp "$S/bids-micr/$path" "$out/$rel"
    elif [ "${rel%.json}" != "$rel" ]; then
      echo '{}' >"$out/$rel"
    else
      : >"$out/$rel"
    fi
  done
}

"$M" init --db "$D" >/dev/null 2>&1

# REMBI records ------------------------------------------------------------
check "ingest every REMBI sample" "$M" ingest --db "$D" "$S"/rembi/*
check "7 REMBI studies (6 PageTab, 1 spreadsheet)" \
  test "$(q1 "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a rembi:Study }")" = 7
check "title of S-BIAD1135" \
  test "$(q1 "SELECT ?t { ?s a rembi:Study ; dcterms:identifier 'S-BIAD1135' ; dcterms:title ?t }")" = "Calcium waves in MDCK epithelium"
check "licence of S-BIAD2808 is CC0 (an IRI)" \
  test "$(q1 "SELECT ?l { ?s dcterms:identifier 'S-BIAD2808' ; dcterms:license ?l }")" = "https://creativecommons.org/publicdomain/zero/1.0/"
check "organism of S-BIAD1135 is NCBITaxon 9615 (dog)" \
  test "$(q1 "SELECT DISTINCT ?o { ?st dcterms:identifier 'S-BIAD1135' ; rembi:biosample ?b . ?b rembi:organism ?o }")" = "http://purl.obolibrary.org/obo/NCBITaxon_9615"
check "imaging method of S-BIAD590 (nested module) is FBbi bright-field" \
  test "$(q1 "SELECT DISTINCT ?m { ?st dcterms:identifier 'S-BIAD590' ; rembi:hasStudyComponent/rembi:imageAcquisition/rembi:imagingMethod ?m }")" = "http://purl.obolibrary.org/obo/FBbi_00000243"
check "S-BIAD2808: components reach their image acquisitions" \
  test "$(q1 "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?st dcterms:identifier 'S-BIAD2808' ; rembi:hasStudyComponent ?c . ?c rembi:imageAcquisition ?a }")" = 8

# RO-Crates ----------------------------------------------------------------
check "ingest the RO-Crates" "$M" ingest --db "$D" "$S"/ro-crate/*
check "NGFF crate: organism from an undeclared NCBI: prefix" \
  test "$(q1 "SELECT ?o { ?b a rembi:Biosample ; rembi:organism ?o } ORDER BY ?o LIMIT 1" )" != ""
check "NGFF crate: imaging method from the undefined fbbi_id key" \
  test "$(q1 "SELECT (COUNT(*) AS ?n) { ?a a rembi:ImageAcquisition ; rembi:imagingMethod obo:FBbi_00000243 }")" -ge 1
check "BIA crate: file list rows are data entities" \
  test "$(q1 "SELECT (COUNT(*) AS ?n) { ?f a <http://bia/Image> }")" = 5

# BIDS ---------------------------------------------------------------------
build_bids micr_SPIM "$T/micr_SPIM"
build_bids micr_XPCTzarr "$T/micr_XPCTzarr"
check "ingest BIDS micr_SPIM" "$M" ingest --db "$D" "$T/micr_SPIM"
check "ingest BIDS micr_XPCTzarr (messy sidecar: warnings, not errors)" \
  "$M" ingest --db "$D" "$T/micr_XPCTzarr"
GS="urn:mugdat:source:$T/micr_SPIM"
check "micr_SPIM licence" \
  test "$(q1 "SELECT ?l { GRAPH <$GS> { ?s a rembi:Study ; dcterms:license ?l } }")" = "https://creativecommons.org/publicdomain/zero/1.0/"
check "sample A has 5 images (4 chunks + photo)" \
  test "$(q1 "SELECT (COUNT(?f) AS ?n) { GRAPH <$GS> { ?s a rembi:Sample ; dcterms:identifier 'sample-A' ; rembi:hasData ?f . ?f a ome:Image } }")" = 5
check "SPIM chunk pixel size 1 µm (QUDT unit)" \
  test "$(q1 "SELECT (CONCAT(STR(?x), ' ', STR(?u)) AS ?v) { GRAPH <$GS> { ?f rembi:chunk ?c ; rembi:stain 'LFB' ; ome:pixels ?p . ?p ome:physical_size_x ?x ; ome:physical_size_x_unit ?u } } LIMIT 1")" = "1 http://qudt.org/vocab/unit/MicroM"
check "XPCT OME-Zarr pixel size 25.08 µm from .zattrs and sidecar" \
  test "$(q1 "SELECT DISTINCT ?x { ?f rembi:bidsSuffix 'XPCT' ; ome:pixels/ome:physical_size_z ?x }")" = "25.08"
N1=$(n_quads "$D")
check "re-ingesting a dataset replaces its graph (same size)" \
  "$M" ingest --db "$D" "$T/micr_SPIM"
check "store size unchanged after re-ingest" test "$(n_quads "$D")" = "$N1"

# ARC ----------------------------------------------------------------------
check "ingest the SimpleARC" "$M" ingest --db "$D" "$S/arc/ARCtrl-SimpleARC"
check "ARC: sample -> assay process -> raw data file" \
  test "$(q1 "SELECT ?name { ?p schema:object ?s ; schema:result ?d ; schema:isPartOf ?a . ?a a rembi:Assay . ?s schema:name 'sample eppi extracted 1' . ?d schema:name ?name }")" = "sample1.raw"
check "ARC: organism of the sources" \
  test "$(q1 "SELECT (COUNT(?s) AS ?n) { ?s rembi:organism obo:NCBITaxon_3702 }")" = 6

# Multimodal study ----------------------------------------------------------
MM=$T/mmds
build_bids micr_SPIM "$MM"
mkdir -p "$MM/sub-01/genomics"
printf '@r1\nACGT\n+\nIIII\n' | gzip >"$MM/sub-01/genomics/sub-01_sample-A_R1.fastq.gz"
check "ingest the multimodal study" "$M" ingest --db "$D" "$MM"
check "one sample node holds microscopy and sequencing data" \
  test "$(q1 "SELECT (GROUP_CONCAT(DISTINCT ?mod; separator='+') AS ?m) { GRAPH <urn:mugdat:source:$MM> { ?s dcterms:identifier 'sample-A' ; rembi:hasData ?f . ?f rembi:modality ?mod } }" | tr '+' '\n' | sort | tr '\n' '+')" = "genomics+microscopy+"
check "the FASTQ file has the EDAM FASTQ format" \
  test "$(q1 "SELECT ?fmt { ?f rembi:relativePath 'sub-01/genomics/sub-01_sample-A_R1.fastq.gz' ; dcterms:format ?fmt }")" = "http://edamontology.org/format_1930"

# Sidecar inheritance, orphans, sample-name case (BIDS) ----------------------
IN=$T/inherit
build_bids micr_SPIM "$IN"
printf '{"SamplePrimaryAntibody": "anti-MBP"}' >"$IN/stain-LFB_SPIM.json"
printf '{"PixelSize": [1, 1, 1]}' >"$IN/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-09_SPIM.json"
mkdir -p "$IN/sub-01/genomics"
: >"$IN/sub-01/genomics/sub-01_sample-a_R1.fastq.gz"
check "ingest a study with an upper-level stain- sidecar, an orphan sidecar and a lower-case sample name" \
  expect_exit 0 "$M" ingest --db "$D" "$IN"
check "the orphan sidecar is reported with its path" \
  grep -q "sub-01/micr/sub-01_sample-A_stain-LFB_chunk-09_SPIM.json.*sidecar without a data file" "$T/.err"
check "the case mismatch is reported with both spellings" \
  grep -q "sample 'sub-01_sample-a' differs from sample 'sub-01_sample-A' only in letter case" "$T/.err"
GI="urn:mugdat:source:$IN"
check "the stain-LFB sidecar at the top applies to the 8 LFB chunks" \
  test "$(q1 "SELECT (COUNT(DISTINCT ?f) AS ?n) { GRAPH <$GI> { ?f rembi:stain 'LFB' ; rembi:primaryAntibody 'anti-MBP' } }")" = 8
check "sample-a (file name) and sample-A (samples.tsv) are one sample" \
  test "$(q1 "SELECT (GROUP_CONCAT(DISTINCT ?mod; separator='+') AS ?m) { GRAPH <$GI> { ?s dcterms:identifier 'sample-A' ; rembi:hasData ?f . ?f rembi:modality ?mod } }" | tr '+' '\n' | sort | tr '\n' '+')" = "genomics+microscopy+"

# An RO-Crate and a BIDS folder join on schema.org terms ---------------------
CR=$T/crate
mkdir -p "$CR"
cat >"$CR/ro-crate-metadata.json" <<'JSON'
{ "@context": "https://w3id.org/ro/crate/1.1/context",
  "@graph": [
    { "@id": "ro-crate-metadata.json", "@type": "CreativeWork",
      "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"}, "about": {"@id": "./"} },
    { "@id": "./", "@type": "Dataset", "name": "Spinal cord crate",
      "license": {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"},
      "hasPart": [{"@id": "https://example.org/spim/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif"}] },
    { "@id": "https://example.org/spim/sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif",
      "@type": "File", "name": "sub-01_sample-A_stain-LFB_chunk-01_SPIM.ome.tif",
      "encodingFormat": "image/tiff" } ] }
JSON
check "ingest the crate" "$M" ingest --db "$D" "$CR"
GC="urn:mugdat:source:$CR"
check "the crate's graph has no http://schema.org/ term left" \
  test "$(q1 "SELECT (COUNT(*) AS ?n) { GRAPH <$GC> { ?s ?p ?o } FILTER(STRSTARTS(STR(?p), 'http://schema.org/') || (isIRI(?o) && STRSTARTS(STR(?o), 'http://schema.org/'))) }")" = 0
check "one query joins the crate's file entity and the BIDS image by schema:name" \
  test "$(q1 "SELECT (COUNT(*) AS ?n) { GRAPH <$GC> { ?c a schema:MediaObject ; schema:name ?nm } GRAPH <$GS> { ?b a schema:MediaObject ; schema:name ?nm ; ome:pixels/ome:physical_size_x ?x } }")" = 1

# Validation -----------------------------------------------------------------
G661="urn:mugdat:source:$(cd "$S/rembi" && pwd)/S-BIAD661.biostudies.json"
MUGDAT_SRCDIR=$MUGDAT_SRCDIR "$M" validate --db "$D" --graph "$G661" --shapes rembi >"$T/report.ttl" 2>&1
check "REMBI shapes report missing biosample variables in words" \
  grep -q "What differs between your samples\|Say what differs between your samples" "$T/report.ttl"

# Bad input -------------------------------------------------------------------
N2=$(n_quads "$D")
mkdir -p "$T/bad"
printf '{"accno": "S-X", "attributes": [], "section": {"type": "Study",\n "attributes": [ {"name": "Title" "value": 1} ]}}' >"$T/bad/x.biostudies.json"
check "broken PageTab JSON: exit 1 with file:line:col" \
  expect_exit 1 "$M" ingest --db "$D" "$T/bad/x.biostudies.json"
check "diagnostic names the line and column" grep -q "x.biostudies.json:2:" "$T/.err"
BB=$T/badbids
build_bids micr_SPIM "$BB"
printf '{"PixelSize": [1, 1, 1],\n "PixelSizeUnits": }' >"$BB/sub-01/micr/sub-01_sample-A_stain-LFB_chunk-02_SPIM.json"
check "broken sidecar: the dataset is refused (exit 1)" \
  expect_exit 1 "$M" ingest --db "$D" "$BB"
check "nothing half-written" test "$(n_quads "$D")" = "$N2"
summary
