#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Command 1 of the README: install what is needed, build, load the bundled
# demo data into ./var/mugdat (once) and run the server on 127.0.0.1.
#   PORT=8080 ./demo.sh        (MUGDAT_DEMO_TRIPLES sets the demo size)
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
if [ ! -f "$DB/data.mdb" ] || [ "$("$M" stats --db "$DB" | awk '/^quads/ {print $2}')" = 0 ]; then
  mkdir -p var
  "$M" init --db "$DB"
  # The OME core ontology, FBbi and the other vocabularies, each in its graph.
  for f in ontologies/*.ttl ontologies/*.owl; do
    [ -f "$f" ] || continue
    "$M" load --db "$DB" --graph "urn:mugdat:ontology:$(basename "$f")" --replace "$f"
  done
  # Synthetic bioimaging metadata from the project's own generator.
  build/bench/gen_bioimage -n "${MUGDAT_DEMO_TRIPLES:-200000}" -s 7 -f nq -o var/demo.nq
  "$M" load --db "$DB" var/demo.nq
fi
"$M" stats --db "$DB" | head -n 5
if "$M" --help 2>/dev/null | grep -q '^  serve'; then
  echo "MUGDAT serving http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop)"
  exec "$M" serve --db "$DB" --bind 127.0.0.1 --port "${PORT:-8080}" --www www
fi
if "$M" --help 2>/dev/null | grep -q '^  query'; then
  "$M" query --db "$DB" --format tsv \
    'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10'
fi
