#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# mugdat crosswalk and POST /crosswalk over the real samples: omero-rdf ->
# OME core, OME-XML -> schema.org ImageObject with pixel sizes, a REMBI
# submission and RO-Crates -> DataCite, exactMatch round trips, direction
# rules, --db --graph, output formats, bad profiles, inputs and mapping
# files; HTTP with Accept variations, counts header, 400/405/406/415.
# Triples are checked with SPARQL ASK through `mugdat query` on temp stores.
#
# Needs $MUGDAT and the samples ($MUGDAT_TESTDATA/samples); curl and
# python3 (rdflib, json) for the parts that use them.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
export MUGDAT_SRCDIR
S=$(cd "$MUGDAT_TESTDATA/samples" && pwd -P) # ingest IRIs use the real path
[ -d "$S" ] || { echo "0 passed, 0 failed, 1 skipped"; exit 0; }
OMERO_RDF=$S/omero-rdf/img_000000005_04-RFPdouble_002_trap_027.tif.rdf
MMSTACK=$S/ome-xml/vendor/MMStack.ome.xml
REMBI=$S/rembi/S-BIAD590.biostudies.json
P='PREFIX ome: <https://ld.openmicroscopy.org/core/>
PREFIX schema: <https://schema.org/>
PREFIX sdo: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX dcmitype: <http://purl.org/dc/dcmitype/>
PREFIX datacite: <http://purl.org/spar/datacite/>
PREFIX literal: <http://www.essepuntato.it/2010/06/literalreification/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX mgdv: <https://w3id.org/mugdat/vocab#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
'
n_db=0
# load FILE: a fresh store holding FILE; its directory is echoed
load() {
  n_db=$((n_db + 1))
  local db="$T/db$n_db"
  "$M" init --db "$db" >/dev/null 2>&1 &&
    "$M" load --db "$db" --format "${2:-ttl}" "$1" >/dev/null 2>&1 && echo "$db"
}
# ask DB QUERY: the ASK query (with $P prefixes) is true
ask() {
  local out
  out=$("$M" query --db "$1" --format json "$P$2" 2>&1) || { echo "$out"; return 1; }
  case "$out" in *'"boolean": true'* | *'"boolean":true'*) return 0 ;; esac
  echo "ASK false: $2"; return 1
}
# xw OUT ARGS...: crosswalk to OUT (stderr to OUT.err), must exit 0
xw() {
  local out=$1; shift
  "$M" crosswalk "$@" >"$out" 2>"$out.err" || { cat "$out.err"; return 1; }
}

printf '<https://example.org/b> <https://schema.org/author> <https://example.org/p> .\n' >"$T/author.nt"

# --- omero-rdf (ome_core: PascalCase dialect) -> OME core -----------------
check "omero-rdf -> ome" xw "$T/omero.ttl" --to ome "$OMERO_RDF"
D=$(load "$T/omero.ttl")
check "omero-rdf: ome:Image" ask "$D" 'ASK { <https://example.org/site/Image/499> a ome:Image ; dcterms:identifier "499" }'
check "omero-rdf: no ome_core terms left" ask "$D" 'ASK { FILTER NOT EXISTS { ?s ?p ?o FILTER(CONTAINS(STR(?p), "rdf/2016-06/ome_core") || CONTAINS(STR(?o), "rdf/2016-06/ome_core")) } }'
check "omero-rdf: key/values -> ome:MapAnnotation (rule)" ask "$D" 'ASK { <https://example.org/site/Image/499> mgdv:annotation ?a . ?a a ome:MapAnnotation ; ome:m ?m . ?m ome:k "Organism" ; ome:value "Oppidum hanseaticum" }'
check "omero-rdf: counts on stderr" grep -q "2 mapped, 1 already in the target vocabulary, 30 unmapped (kept)" "$T/omero.ttl.err"
check "omero-rdf: counts not in the RDF" bash -c "! grep -q 'unmapped' '$T/omero.ttl'"
check "omero-rdf --drop-unmapped" xw "$T/omero-drop.nt" --to ome --drop-unmapped --format nt "$OMERO_RDF"
check "drop: no mapAnnotation# predicates" bash -c "! grep -q 'mapAnnotation#' '$T/omero-drop.nt' && grep -q openmicroscopy.org/core/MapAnnotation '$T/omero-drop.nt'"
check "drop: reported" grep -q "30 unmapped (dropped)" "$T/omero-drop.nt.err"

# --- OME-XML -> schema.org ImageObject --------------------------------------
check "OME-XML -> schema.org" xw "$T/mm.ttl" --to schema.org "$MMSTACK"
D=$(load "$T/mm.ttl")
IMG='<urn:mugdat:source:'$MMSTACK'/Image:0>'
check "ImageObject with name" ask "$D" "ASK { $IMG a schema:ImageObject ; schema:name \"image_stack_tpzc_50tp_2p_5z_3c_512k_1_MMStack_2-Pos000_000\" }"
check "pixel size X as PropertyValue with QUDT unit" ask "$D" "ASK { $IMG schema:additionalProperty ?v . ?v a schema:PropertyValue ; schema:propertyID \"PhysicalSizeX\" ; schema:value ?x ; schema:unitCode <http://qudt.org/vocab/unit/MicroM> FILTER(?x = 2) }"
check "pixel size Z" ask "$D" "ASK { $IMG schema:additionalProperty [ schema:propertyID \"PhysicalSizeZ\" ; schema:value ?z ] FILTER(?z = 1.75) }"
check "encodingFormat from TiffData" ask "$D" "ASK { $IMG schema:encodingFormat \"image/tiff\" }"
check "width as QuantitativeValue" ask "$D" "ASK { $IMG schema:width [ a schema:QuantitativeValue ; schema:value 256 ; schema:unitText \"pixel\" ] }"
check "no empty PropertyValue" ask "$D" 'ASK { FILTER NOT EXISTS { ?v a schema:PropertyValue FILTER NOT EXISTS { ?v schema:value ?x } } }'
TUB=$S/ome-xml/vendor/tubhiswt.ome.xml
check "OME-XML (Bio-Formats) -> schema.org" xw "$T/tub.ttl" --to schema.org "$TUB"
D=$(load "$T/tub.ttl")
check "acquisition date -> dateCreated, experimenter -> creator Person" ask "$D" "ASK { <urn:mugdat:source:$TUB/Image:0> a schema:ImageObject ; schema:dateCreated \"2013-01-15T17:02:41\"^^xsd:dateTime ; schema:creator ?c . ?c a schema:Person }"
check "OME-XML -> ro-crate spells http://schema.org/" xw "$T/mm-rc.nt" --to ro-crate --format nt "$MMSTACK"
check "ro-crate: http ImageObject, no https schema.org" bash -c "grep -q '<http://schema.org/ImageObject>' '$T/mm-rc.nt' && ! grep -q '<https://schema.org/' '$T/mm-rc.nt'"

cat >"$T/units.ttl" <<'TTL'
@prefix ome: <https://ld.openmicroscopy.org/core/> .
<https://example.org/img> a ome:Image ; ome:pixels <https://example.org/px> .
<https://example.org/px> ome:physical_size_x 0.5 ;
  ome:physical_size_x_unit <https://ld.openmicroscopy.org/core/UnitsLength#µm> ;
  ome:time_increment 2 ;
  ome:time_increment_unit <https://ld.openmicroscopy.org/core/UnitsTime#Ms> .
TTL
check "OME unit individuals -> QUDT" xw "$T/units.nt" --to schema.org --format nt "$T/units.ttl"
check "  µm -> unit:MicroM as unitCode" grep -q '<https://schema.org/unitCode> <http://qudt.org/vocab/unit/MicroM>' "$T/units.nt"
check "  unit without QUDT twin stays OME" grep -q '<https://schema.org/unitCode> <https://ld.openmicroscopy.org/core/UnitsTime#Ms>' "$T/units.nt"

# --- REMBI (BioImage Archive PageTab) -> DataCite ---------------------------
check "REMBI -> datacite" xw "$T/rembi.ttl" --to datacite "$REMBI"
D=$(load "$T/rembi.ttl")
ST="<urn:mugdat:source:$REMBI/study/S-BIAD590>"
check "datacite: title" ask "$D" "ASK { $ST a dcmitype:Dataset ; datacite:hasGeneralResourceType datacite:dataset ; dcterms:title ?t FILTER(STRSTARTS(?t, \"A deep-learning classifier\")) }"
check "datacite: creator with foaf:name and ORCID" ask "$D" "ASK { $ST dcterms:creator ?c . ?c a foaf:Person ; foaf:name \"JJ Nirschl\" ; datacite:hasIdentifier [ datacite:usesIdentifierScheme datacite:orcid ; literal:hasLiteralValue \"https://orcid.org/0000-0001-6857-341X\" ] }"
check "datacite: 7 creators" ask "$D" "ASK { { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { $ST dcterms:creator ?c } } FILTER(?n = 7) }"
check "datacite: license" ask "$D" "ASK { $ST dcterms:license <https://creativecommons.org/licenses/by/4.0/> }"
check "datacite: publication year" ask "$D" "ASK { $ST fabio:hasPublicationYear \"2022\"^^xsd:gYear }"
check "datacite: identifier and subjects" ask "$D" "ASK { $ST datacite:hasIdentifier [ a datacite:ResourceIdentifier ; literal:hasLiteralValue \"S-BIAD590\" ] ; dcterms:subject \"histopathology\" }"
check "datacite: author (broadMatch) became creator, no schema:author" ask "$D" 'ASK { FILTER NOT EXISTS { ?s schema:author ?o } }'

# --- RO-Crates -> DataCite ---------------------------------------------------
check "RO-Crate 1.2 -> datacite" xw "$T/rain.ttl" --to datacite "$S/ro-crate/rocrate-1.2-rainfall"
D=$(load "$T/rain.ttl")
ROOT="<file://$S/ro-crate/rocrate-1.2-rainfall/>"
check "crate root: title, license, year, publisher" ask "$D" "ASK { $ROOT a dcmitype:Dataset ; dcterms:title \"Example dataset for RO-Crate specification\" ; dcterms:license <http://spdx.org/licenses/CC0-1.0> ; fabio:hasPublicationYear \"2022\"^^xsd:gYear ; dcterms:publisher <https://ror.org/04dkp1p98> }"
check "crate publisher is a foaf:Organization" ask "$D" 'ASK { <https://ror.org/04dkp1p98> a foaf:Organization }'
check "BIA RO-Crate -> datacite" xw "$T/bia.ttl" --to datacite "$S/ro-crate/bia-typical"
D=$(load "$T/bia.ttl")
check "BIA crate: identifier, creator, license" ask "$D" "ASK { <file://$S/ro-crate/bia-typical/> datacite:hasIdentifier [ literal:hasLiteralValue \"S-TEST123\" ] ; dcterms:creator ?c ; dcterms:license ?l }"

check "--explain: rows behind each rewrite" bash -c "'$M' crosswalk --to schema.org --explain '$REMBI' 2>&1 >/dev/null | grep -qF 'crosswalk: <https://w3id.org/mugdat/rembi#hasStudyComponent> -> <https://schema.org/hasPart>: rdfs:subPropertyOf (semapv:ManualMappingCuration, rembi.sssom.tsv:' && '$M' crosswalk --to ome --explain '$OMERO_RDF' 2>&1 >/dev/null | grep -qF '<http://www.openmicroscopy.org/rdf/2016-06/ome_core/Image> -> <https://ld.openmicroscopy.org/core/Image>: skos:exactMatch (semapv:LexicalMatching, ome-dialects.sssom.tsv:'"

# --- DataCite Metadata Schema JSON ---------------------------------------------
check "REMBI -> datacite-json" xw "$T/rembi.json" --to datacite --format datacite-json "$REMBI"
check "datacite-json: attributes" python3 - "$T/rembi.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["data"]["attributes"]
assert a["titles"][0]["title"].startswith("A deep-learning classifier"), a["titles"]
assert len(a["creators"]) == 7 and a["creators"][0]["name"] == "JJ Nirschl", a["creators"]
assert a["creators"][0]["nameIdentifiers"][0]["nameIdentifierScheme"] == "ORCID"
assert a["publicationYear"] == "2022"
assert a["types"]["resourceTypeGeneral"] == "Dataset"
assert {"rights": "CC BY 4.0", "rightsUri": "https://creativecommons.org/licenses/by/4.0/"} in a["rightsList"]
assert {"subject": "histopathology"} in a["subjects"]
assert a["identifiers"] == [{"identifier": "S-BIAD590", "identifierType": "Local"}]
assert a["descriptions"][0]["descriptionType"] == "Abstract"
PY
check "RO-Crate -> datacite-json: publisher" bash -c "'$M' crosswalk --to datacite --format datacite-json '$S/ro-crate/rocrate-1.2-rainfall' 2>/dev/null | python3 -c 'import json,sys; a=json.load(sys.stdin)[\"data\"][\"attributes\"]; assert a[\"publisher\"][\"name\"]==\"Bureau of Meteorology\", a'"
check "datacite-json needs --to datacite" expect_exit 2 "$M" crosswalk --to schema.org --format datacite-json "$REMBI"
check "datacite-json without a dataset: exit 1" expect_exit 1 "$M" crosswalk --to datacite --format datacite-json "$T/author.nt"

# --- ISA (ARC) -> BIDS and schema.org ---------------------------------------------
ARC=$S/arc/ARCtrl-SimpleARC
check "ARC -> bids" xw "$T/arc-bids.ttl" --to bids "$ARC"
D=$(load "$T/arc-bids.ttl")
check "ISA sample -> BIDS sample row (rule)" ask "$D" "ASK { <urn:mugdat:source:$ARC/sample/Sample1> a <https://w3id.org/mugdat/bids#Sample> ; <https://w3id.org/mugdat/bids#sample_id> \"Sample1\" ; <https://w3id.org/mugdat/bids#participant_id> \"RealObject1\" ; <https://w3id.org/mugdat/bids#species> <http://purl.obolibrary.org/obo/NCBITaxon_3702> }"
check "ARC -> schema.org" xw "$T/arc-sdo.ttl" --to schema.org "$ARC"
D=$(load "$T/arc-sdo.ttl")
check "ISA sample -> Bioschemas Sample, assay -> Dataset" ask "$D" "ASK { <urn:mugdat:source:$ARC/sample/Sample1> a <https://bioschemas.org/Sample> . ?a a schema:Dataset FILTER(CONTAINS(STR(?a), 'assay')) }"

BIDSD=$S/bids-micr/micr_SEM
check "BIDS -> schema.org" xw "$T/bids-sdo.ttl" --to schema.org "$BIDSD"
D=$(load "$T/bids-sdo.ttl")
check "BIDS Authors -> creators (rule), study -> Dataset" ask "$D" "ASK { <urn:mugdat:source:$BIDSD/study> a schema:Dataset ; schema:name \"micr_SEM\" ; schema:creator [ a schema:Person ; schema:name \"Julien Cohen-Adad\" ] }"

# --- exactMatch round trip and direction rules --------------------------------
cat >"$T/rt.ttl" <<'TTL'
@prefix schema: <https://schema.org/> .
<https://example.org/rec> schema:description "a record" ;
  schema:license <https://creativecommons.org/licenses/by/4.0/> ;
  schema:identifier "rec-1" ;
  schema:dateCreated "2024-01-02" ;
  schema:hasPart <https://example.org/part> .
TTL
"$M" load --help >/dev/null 2>&1
check "round trip: to datacite" xw "$T/rt-dc.nt" --to datacite --format nt "$T/rt.ttl"
check "round trip: datacite terms" grep -q '<http://purl.org/dc/terms/created> "2024-01-02"' "$T/rt-dc.nt"
check "round trip: back to schema.org" xw "$T/rt-back.nq" --to schema.org --format nq "$T/rt-dc.nt"
"$M" crosswalk --to schema.org --format nq "$T/rt.ttl" >"$T/rt-orig.nq" 2>/dev/null
check "round trip: same graph" isomorphic "$T/rt-orig.nq" "$T/rt-back.nq"
check "--explain: inverse rows are marked" bash -c "'$M' crosswalk --to ome --explain '$T/rt.ttl' 2>&1 >/dev/null | grep -qF '<https://schema.org/description> -> <https://ld.openmicroscopy.org/core/description>: inverse of skos:exactMatch'"
check "broadMatch: author -> creator" xw "$T/author-dc.nt" --to datacite --format nt "$T/author.nt"
check "broadMatch: creator does not go back to author" bash -c "'$M' crosswalk --to schema.org --format nt '$T/author-dc.nt' 2>/dev/null | grep -q '<https://schema.org/creator>' && ! '$M' crosswalk --to schema.org --format nt '$T/author-dc.nt' 2>/dev/null | grep -q author"

# --from: only terms of the source profile's namespaces are rewritten
printf '<https://example.org/i> <https://ld.openmicroscopy.org/core/name> "n" ;\n  <https://w3id.org/mugdat/rembi#organism> <http://purl.obolibrary.org/obo/NCBITaxon_9606> .\n' >"$T/mixed.ttl"
check "--from ome" xw "$T/mixed-from.nt" --to schema.org --from ome --format nt "$T/mixed.ttl"
check "--from ome: ome:name mapped, rembi:organism kept" bash -c "grep -q '<https://schema.org/name> \"n\"' '$T/mixed-from.nt' && grep -q 'rembi#organism' '$T/mixed-from.nt'"
check "without --from both map" bash -c "'$M' crosswalk --to schema.org --format nt '$T/mixed.ttl' 2>/dev/null | grep -q '<https://schema.org/taxonomicRange>'"

# --- --db --graph ---------------------------------------------------------------
"$M" init --db "$T/store" >/dev/null 2>&1
"$M" ingest --db "$T/store" "$MMSTACK" >/dev/null 2>&1
check "--db --graph" xw "$T/g.nq" --to schema.org --format nq --db "$T/store" --graph "urn:mugdat:source:$MMSTACK"
"$M" crosswalk --to schema.org --format nq "$MMSTACK" >"$T/f.nq" 2>/dev/null
check "--db --graph equals FILE" isomorphic "$T/g.nq" "$T/f.nq"
check "--db absent graph is empty" bash -c "'$M' crosswalk --to ome --format nt --db '$T/store' --graph urn:none 2>/dev/null | wc -c | grep -qx 0"

# --- output formats -----------------------------------------------------------
check "jsonld output is JSON" bash -c "'$M' crosswalk --to schema.org --format jsonld '$T/rt.ttl' 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d'"
check "rdf/xml output reloads" bash -c "'$M' crosswalk --to datacite --format rdf '$T/rt.ttl' >'$T/rt.rdf' 2>/dev/null && '$M' init --db '$T/rx' >/dev/null && '$M' load --db '$T/rx' --format rdf '$T/rt.rdf' >/dev/null 2>&1"

# --- errors ------------------------------------------------------------------------
check "unknown profile: exit 2 listing profiles" bash -c "! '$M' crosswalk --to nope '$T/rt.ttl' 2>'$T/e' >/dev/null; [ \$? -eq 0 ] && grep -q \"unknown profile 'nope'\" '$T/e' && grep -q 'datacite' '$T/e'"
check "unknown profile exit code" expect_exit 2 "$M" crosswalk --to nope "$T/rt.ttl"
check "unknown --from profile" expect_exit 2 "$M" crosswalk --to ome --from nope "$T/rt.ttl"
check "hidden _normalise is no profile" expect_exit 2 "$M" crosswalk --to _normalise "$T/rt.ttl"
check "missing --to" expect_exit 2 "$M" crosswalk "$T/rt.ttl"
check "bad --format" expect_exit 2 "$M" crosswalk --to ome --format csv "$T/rt.ttl"
printf '@prefix s: <https://schema.org/> .\n<a> s:name "x" ;\n  s:name .\n' >"$T/bad.ttl"
check "bad input: exit 1" expect_exit 1 "$M" crosswalk --to ome "$T/bad.ttl"
check "bad input: file:line:col" grep -q "bad.ttl:3:" "$T/.err"
check "missing file: exit 1" expect_exit 1 "$M" crosswalk --to ome "$T/none.ttl"
mkdir -p "$T/data/mappings"
printf 'ome\thttps://ld.openmicroscopy.org/core/\tbad.sssom.tsv\n' >"$T/data/mappings/profiles.tsv"
printf '# curie_map:\n#   ome: https://ld.openmicroscopy.org/core/\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\nome:a\tskos:exactMatch\tx:b\tsemapv:ManualMappingCuration\n' >"$T/data/mappings/bad.sssom.tsv"
check "bad mapping file: exit 1" expect_exit 1 env MUGDAT_DATADIR="$T/data" "$M" crosswalk --to ome "$T/rt.ttl"
check "bad mapping file: file:line" grep -q "bad.sssom.tsv:4:.*unknown CURIE prefix 'x'" "$T/.err"
printf 'ome\thttps://ld.openmicroscopy.org/core/\tbad.sssom.tsv\n' >"$T/data/mappings/profiles.tsv"
printf 'subject_id\tpredicate_id\tobject_id\n' >"$T/data/mappings/bad.sssom.tsv"
check "missing column: exit 1 with message" bash -c "! MUGDAT_DATADIR='$T/data' '$M' crosswalk --to ome '$T/rt.ttl' 2>'$T/e2' >/dev/null && grep -q \"bad.sssom.tsv:1:.*missing column 'mapping_justification'\" '$T/e2'"

# --- the SSSOM reader's fuzz corpus (plain replay build) -------------------------
R=$(dirname "$M")/../tests/fuzz/replay_sssom
if [ -x "$R" ]; then
  check "replay_sssom over the shipped mappings" "$R" "$MUGDAT_SRCDIR/tests/fuzz/regress/sssom" "$MUGDAT_SRCDIR"/mappings/*.sssom.tsv
fi

# --- HTTP -----------------------------------------------------------------------
if command -v curl >/dev/null; then
  "$M" init --db "$T/hdb" >/dev/null 2>&1
  mkdir -p "$T/tmp"
  TMPDIR=$T/tmp "$M" serve --db "$T/hdb" --port 0 --max-body-bytes 2000000 2>"$T/serve.log" &
  PID=$!
  trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT
  port=$(wait_port "$T/serve.log")
  B=http://127.0.0.1:$port
  # post QUERY CONTENT-TYPE ACCEPT FILE: body to $T/hb, headers to $T/hh
  post() {
    curl -s -o "$T/hb" -D "$T/hh" -w '%{http_code}' -X POST -H "Content-Type: $2" \
      -H "Accept: $3" --data-binary @"$4" "$B/crosswalk?$1"
  }
  is() { [ "$1" = "$2" ] || { echo "got $1, want $2"; cat "$T/hb"; return 1; }; }
  check "POST turtle, Accept turtle: 200" is "$(post 'to=datacite' text/turtle text/turtle "$T/rt.ttl")" 200
  check "  Content-Type turtle" grep -qi '^content-type: text/turtle' "$T/hh"
  check "  counts header" grep -qi '^crosswalk-counts: in=5, mapped=5, kept=0, unmapped=0' "$T/hh"
  check "  body in DataCite terms" grep -q 'dcterms:license' "$T/hb"
  check "POST, Accept n-triples" is "$(post 'to=datacite' text/turtle application/n-triples "$T/rt.ttl")" 200
  check "  N-Triples body" grep -q '^<https://example.org/rec> <http://purl.org/dc/terms/identifier> "rec-1" \.$' "$T/hb"
  check "POST, Accept JSON-LD" is "$(post 'to=datacite' text/turtle application/ld+json "$T/rt.ttl")" 200
  check "  JSON-LD body" python3 -c "import json; d=json.load(open('$T/hb')); assert 'http://purl.org/dc/terms/identifier' in json.dumps(d)"
  check "POST, Accept RDF/XML" is "$(post 'to=datacite' text/turtle application/rdf+xml "$T/rt.ttl")" 200
  check "  RDF/XML body" grep -q 'rdf:RDF' "$T/hb"
  check "POST OME-XML source -> schema.org" is "$(post 'to=schema.org' application/xml text/turtle "$MMSTACK")" 200
  check "  ImageObject with pixel size" bash -c "grep -q '<https://schema.org/ImageObject>' '$T/hb' && grep -q '\"PhysicalSizeX\"' '$T/hb'"
  check "POST REMBI JSON -> datacite" is "$(post 'to=datacite&name=S-BIAD590.biostudies.json' application/json application/n-triples "$REMBI")" 200
  check "  creator name" grep -q '<http://xmlns.com/foaf/0.1/name> "JJ Nirschl"' "$T/hb"
  check "POST RO-Crate JSON -> datacite" is "$(post 'to=datacite' application/json text/turtle "$S/ro-crate/rocrate-1.2-rainfall/ro-crate-metadata.json")" 200
  check "  crate title" grep -q 'Example dataset for RO-Crate specification' "$T/hb"
  check "Accept DataCite JSON" is "$(post 'to=datacite&name=S-BIAD590.biostudies.json' application/json application/vnd.datacite.datacite+json "$REMBI")" 200
  check "  content type and attributes" bash -c "grep -qi '^content-type: application/vnd.datacite.datacite+json' '$T/hh' && python3 -c 'import json; a=json.load(open(\"$T/hb\"))[\"data\"][\"attributes\"]; assert len(a[\"creators\"])==7'"
  check "DataCite JSON for to=ome: 406" is "$(post 'to=ome' text/turtle application/vnd.datacite.datacite+json "$T/rt.ttl")" 406
  check "drop=1 drops unmapped" is "$(post 'to=ome&drop=1' text/turtle application/n-triples "$OMERO_RDF")" 200
  check "  no mapAnnotation# predicates" bash -c "! grep -q 'mapAnnotation#' '$T/hb' && grep -qi 'unmapped=30' '$T/hh'"
  check "unknown profile: 400" is "$(post 'to=nope' text/turtle text/turtle "$T/rt.ttl")" 400
  check "  problem+json listing profiles" bash -c "grep -qi '^content-type: application/problem+json' '$T/hh' && grep -q 'schema.org, ro-crate, datacite' '$T/hb'"
  check "missing to: 400" is "$(post '' text/turtle text/turtle "$T/rt.ttl")" 400
  check "bad Turtle: 400" is "$(post 'to=ome' text/turtle text/turtle "$T/bad.ttl")" 400
  check "  with body:line:col" python3 -c "import json; d=json.load(open('$T/hb')); assert d['status']==400 and 'body:3:' in d['detail'], d"
  check "unknown Content-Type: 415" is "$(post 'to=ome' image/png text/turtle "$T/rt.ttl")" 415
  check "unacceptable Accept: 406" is "$(post 'to=ome' text/turtle image/png "$T/rt.ttl")" 406
  printf 'hello, this is no metadata\n' >"$T/hello.txt"
  check "unrecognised source: 400" is "$(post 'to=ome' text/plain text/turtle "$T/hello.txt")" 400
  check "  as text: read as Turtle, error at body:1:1" grep -q 'body:1:1' "$T/hb"
  check "GET: 405" is "$(curl -s -o "$T/hb" -w '%{http_code}' "$B/crosswalk?to=ome")" 405
fi
summary
