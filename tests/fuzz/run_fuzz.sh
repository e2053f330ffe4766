#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Runs every libFuzzer target of a fuzzing build for a bounded time
# (FUZZ_SECONDS each, default 20), seeded with its regression corpus and
# suite files. A crash, leak, timeout or oracle failure fails the target and
# leaves the input in BUILD/fuzz-artifacts/. One test per target.
#   tests/fuzz/run_fuzz.sh BUILD_DIR
set -u
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MUGDAT_TESTDATA:-$src/../shared}
secs=${FUZZ_SECONDS:-20}
art="$build/fuzz-artifacts"
mkdir -p "$art"
seeds() { # target name -> seed directories
  case "$1" in
    sparql_parse) echo "$shared/conformance/sparql11/syntax-query" ;;
    results) echo "$shared/conformance/sparql11/json-res $shared/conformance/sparql11/csv-tsv-res" ;;
    ttl|rdf_read) echo "$shared/conformance/rdf-syntax/rdf-turtle" ;;
    jsonld) echo "$shared/conformance/jsonld/toRdf" ;;
    ingest_ome_xml) echo "$shared/samples/ome-xml/ome-model" ;;
    shacl) echo "$shared/conformance/shacl/core/node" ;;
    sparql_update) echo "$shared/conformance/sparql11/syntax-update-1" ;;
    ingest_pagetab) echo "$shared/samples/rembi" ;;
    sssom) echo "$src/mappings" ;;
    ingest_tsv|ingest_tables) echo "$shared/samples/idr $shared/samples/omero-kv" ;;
    *) ;;
  esac
}
p=0 f=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$bin" ] && [ -f "$bin" ] || continue
  case "$bin" in *.o) continue;; esac
  name=${bin##*/fuzz_}
  corpus=$(mktemp -d)
  dirs="$corpus"
  [ -d "$src/tests/fuzz/regress/$name" ] && dirs="$dirs $src/tests/fuzz/regress/$name"
  for d in $(seeds "$name"); do [ -d "$d" ] && dirs="$dirs $d"; done
  # shellcheck disable=SC2086
  if timeout $((secs * 3 + 60)) "$bin" -max_total_time="$secs" -max_len=8192 \
       -rss_limit_mb=2048 -timeout=20 -artifact_prefix="$art/$name-" \
       -print_final_stats=0 $dirs >"$art/$name.log" 2>&1; then
    p=$((p + 1)); echo "ok     fuzz_$name ($secs s)"
  else
    f=$((f + 1)); echo "FAIL   fuzz_$name: see $art/$name.log"; tail -n 30 "$art/$name.log"
  fi
  rm -rf "$corpus"
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
