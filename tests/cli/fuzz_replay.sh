#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Replays each fuzz target's regression corpus (tests/fuzz/regress/<name>/)
# and a seed corpus from the W3C suites and samples through the plain
# replay programs (tests/fuzz/replay_<name>); under the sanitizer build this
# is the regression check STYLE.md §8 asks for. One check per target.
. "$(dirname "$0")/lib.sh"
B=${MUGDAT_BUILDDIR:-$(dirname "$MUGDAT")/..}
S=$MUGDAT_TESTDATA
R=$MUGDAT_SRCDIR/tests/fuzz/regress
# rdf_read: the first byte picks the syntax; build seeds from suite files.
mkdir -p "$T/rdf"
i=0
for f in "$S"/conformance/rdf-syntax/rdf-turtle/*.ttl "$S"/conformance/rdf-syntax/rdf-n-quads/*.nq \
         "$S"/samples/omero-rdf/*.rdf; do
  [ -f "$f" ] || continue
  case "$f" in *.ttl) b='\002';; *.nq) b='\001';; *) b='\002';; esac
  { printf "$b"; head -c 60000 "$f"; } >"$T/rdf/$i"; i=$((i + 1))
  [ "$i" -ge 300 ] && break
done
replay() { # NAME DIR...
  local bin="$B/tests/fuzz/replay_$1"; shift
  if [ ! -x "$bin" ]; then echo "missing $bin"; return 1; fi
  "$bin" "$@"
}
check "rdf_read corpus" replay rdf_read "$R/rdf_read" "$T/rdf"
check "sparql_parse corpus" replay sparql_parse "$R/sparql_parse" "$S/conformance/sparql11/syntax-query"
check "results corpus" replay results "$R/results" "$S/conformance/sparql11/json-res" "$S/conformance/sparql11/csv-tsv-res"
check "shacl corpus" replay shacl "$R/shacl"
check "ingest_ome_xml corpus" replay ingest_ome_xml "$R/ingest_ome_xml" "$S/samples/ome-xml/ome-model" "$S/samples/ome-xml/vendor"
check "http_form corpus" replay http_form "$R/http_form"
check "http_accept corpus" replay http_accept "$R/http_accept"
check "http_multipart corpus" replay http_multipart "$R/http_multipart"
check "jsonld corpus" replay jsonld "$R/jsonld" "$S/conformance/jsonld/toRdf"
check "ttl corpus" replay ttl "$R/ttl" "$S/conformance/rdf-syntax/rdf-turtle" "$S/conformance/rdf-syntax/rdf-trig"
check "sparql_update corpus" replay sparql_update "$R/sparql_update" "$S/conformance/sparql11/syntax-update-1"
check "ingest_pagetab corpus" replay ingest_pagetab "$R/ingest_pagetab" "$S/samples/rembi"
check "ingest_tsv corpus" replay ingest_tsv "$R/ingest_tsv" "$S/samples/bids-micr" "$S/samples/idr"
mkdir -p "$T/xlsx"; find "$S/samples" -name '*.xlsx' -exec cp {} "$T/xlsx/" \;
check "ingest_xlsx corpus" replay ingest_xlsx "$R/ingest_xlsx" "$T/xlsx"
check "ingest_tables corpus" replay ingest_tables "$R/ingest_tables" "$S/samples/omero-kv" "$S/samples/idr"
check "sssom corpus" replay sssom "$R/sssom" "$MUGDAT_SRCDIR"/mappings/*.sssom.tsv
summary
