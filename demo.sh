#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Command 1 of the README: install what is needed, build, load the bundled
# demo data into ./var/mugdat (once) and run the server on 127.0.0.1 with
# the search page at /.
#   PORT=8080 ./demo.sh        (MUGDAT_DEMO_TRIPLES sets the generated size)
#
# Demo data, all made here by the project's own generators (nothing is
# downloaded): the shipped ontologies (one graph each); three synthetic BIDS
# microscopy studies (tests/data/gen_mmds.sh, then re-labelled: light-sheet
# / mouse / CC0, scanning EM / human / CC BY 4.0, confocal / zebrafish /
# CC BY-SA 4.0) so the imaging-method, organism, modality and license
# facets have values; a 96-image OME-XML screening plate
# (bench/extra/gen_omexml.c); an RO-Crate of 300 images
# (bench/extra/gen_rocrate.c); and MUGDAT_DEMO_TRIPLES (default 200,000)
# generated triples (bench/gen_bioimage).
set -eu
cd "$(dirname "$0")"
bash scripts/deps.sh
bash scripts/build.sh build
M=build/src/mugdat
DB=${MUGDAT_DB:-var/mugdat}
# A demo store written by an older format is rebuilt (it holds only demo data).
if [ -z "${MUGDAT_DB:-}" ] && [ -f "$DB/data.mdb" ] && ! "$M" stats --db "$DB" >/dev/null 2>&1; then
  echo "demo.sh: $DB is not readable by this build (older format?); rebuilding it"
  rm -rf "$DB"
fi

# make_study NAME N SUFFIX SPECIES LICENSE: a gen_mmds.sh tree of N images
# whose files say imaging method SUFFIX (a BIDS microscopy suffix), whose
# participants are SPECIES and whose dataset_description says LICENSE.
make_study() {
  local dir=var/demo-src/$1
  rm -rf "$dir"
  bash tests/data/gen_mmds.sh "$2" "$dir" >/dev/null
  if [ "$3" != SPIM ]; then
    find "$dir" -name '*_SPIM.*' -print0 |
      xargs -0 perl -e 'for (@ARGV) { (my $n = $_) =~ s/_SPIM\./_'"$3"'./; rename $_, $n or die "$_: $!" }'
  fi
  sed -i "s/\tmus musculus\t/\t$4\t/" "$dir/participants.tsv"
  sed -i "s/\"License\": \"CC0\"/\"License\": \"$5\"/; s/\"Name\": \"synthetic mmDS [0-9]*\"/\"Name\": \"Synthetic $1 study ($2 images)\"/" \
    "$dir/dataset_description.json"
}

if [ ! -f "$DB/data.mdb" ] || [ "$("$M" stats --db "$DB" | awk '/^quads/ {print $2}')" = 0 ]; then
  t0=$(date +%s)
  mkdir -p var/demo-src build/bench
  "$M" init --db "$DB"
  # The OME core ontology, FBbi and the other vocabularies, each in its graph.
  for f in ontologies/*.ttl ontologies/*.owl; do
    [ -f "$f" ] || continue
    "$M" load --db "$DB" --graph "urn:mugdat:ontology:$(basename "$f")" --replace "$f"
  done
  # Synthetic sources, through the same ingesters as real ones.
  make_study lightsheet-mouse 300 SPIM "mus musculus" CC0
  make_study sem-human 200 SEM "homo sapiens" CC-BY-4.0
  make_study confocal-zebrafish 200 CONF "danio rerio" CC-BY-SA-4.0
  for g in gen_omexml gen_rocrate; do
    [ build/bench/$g -nt bench/extra/$g.c ] || cc -O2 -o build/bench/$g bench/extra/$g.c
  done
  build/bench/gen_omexml -n 96 -s 7 -o var/demo-src/screening-plate.ome.xml
  mkdir -p var/demo-src/crate
  build/bench/gen_rocrate -n 300 -s 7 -o var/demo-src/crate/ro-crate-metadata.json
  "$M" ingest --db "$DB" var/demo-src/lightsheet-mouse var/demo-src/sem-human \
    var/demo-src/confocal-zebrafish var/demo-src/screening-plate.ome.xml var/demo-src/crate \
    2>var/demo-ingest.log || { tail -n 20 var/demo-ingest.log; exit 1; }
  # Bulk generated bioimaging metadata.
  build/bench/gen_bioimage -n "${MUGDAT_DEMO_TRIPLES:-200000}" -s 7 -f nq -o var/demo.nq
  "$M" load --db "$DB" var/demo.nq
  echo "demo.sh: demo store built in $(( $(date +%s) - t0 )) s"
fi
"$M" stats --db "$DB" | head -n 5
if "$M" --help 2>/dev/null | grep -q '^  serve'; then
  echo "MUGDAT serving http://127.0.0.1:${PORT:-8080}/ (search page; Ctrl-C to stop)"
  echo "  try: http://127.0.0.1:${PORT:-8080}/?q=microscopy  and  http://127.0.0.1:${PORT:-8080}/?view=sparql"
  exec "$M" serve --db "$DB" --bind 127.0.0.1 --port "${PORT:-8080}" --www www
fi
if "$M" --help 2>/dev/null | grep -q '^  query'; then
  "$M" query --db "$DB" --format tsv \
    'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10'
fi
