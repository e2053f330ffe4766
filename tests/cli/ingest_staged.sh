#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# A large ingest is written in several transactions under a hidden staging
# graph and published at the end (src/store/stage.c): readers see the old
# graph or the new one, never a mix; kill -9 leaves the old graph and the
# next ingest collects the leftovers; links to the graph IRI from other
# graphs survive a re-ingest; provenance counts stay exact.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
GEN=$MUGDAT_SRCDIR/tests/data/gen_mmds.sh
"$M" init --db "$D" >/dev/null
# A checkpoint every 20,000 quads (instead of 512k) so a small study makes
# several of them.
export MUGDAT_STAGE_CHUNK=20000 MUGDAT_STAGE_TERMS=1000000

# 4,000 images + sidecars: about 124k quads, six checkpoints.
bash "$GEN" 4000 "$T/study" >/dev/null
G="urn:mugdat:source:$(cd "$T/study" && pwd -P)"

count() {
  "$M" query --db "$D" --format tsv "SELECT (COUNT(*) AS ?n) { GRAPH <$G> { ?s ?p ?o } }" | tail -n 1 | sed 's/^"\{0,1\}\([0-9]*\).*/\1/'
}
prov_triples() {
  "$M" query --db "$D" --format tsv "SELECT ?n { GRAPH <urn:mugdat:provenance> { <$G> <http://rdfs.org/ns/void#triples> ?n } }" | tail -n +2 | sed 's/^"\{0,1\}\([0-9]*\).*/\1/' | tr '\n' ' '
}
no_hidden() {
  ! "$M" stats --db "$D" | grep -q '^hidden graphs'
}

check "first ingest" "$M" ingest --db "$D" "$T/study"
c1=$(count)
check "the graph has quads ($c1)" test "${c1:-0}" -gt 100000
check "provenance void:triples is the graph's size" test "$(prov_triples)" = "$c1 "
check "nothing hidden after the ingest" no_hidden

# Other graphs link to the graph's IRI; the links survive re-ingests.
cat >"$T/links.ttl" <<EOF
<$G> <http://example.org/curatedBy> "lab" .
<http://example.org/collection> <http://example.org/has> <$G> .
EOF
check "load links" "$M" load --db "$D" --graph http://example.org/links "$T/links.ttl"

# A different version of the study under the same path.
rm -rf "$T/study" && bash "$GEN" 4100 "$T/study" >/dev/null
check "re-ingest" "$M" ingest --db "$D" "$T/study"
c2=$(count)
check "re-ingest replaced the graph ($c1 -> $c2)" test "${c2:-0}" -gt "$c1"
check "one provenance record, exact" test "$(prov_triples)" = "$c2 "
check "nothing hidden after the re-ingest" no_hidden
check "links to the graph IRI survive" test "$("$M" query --db "$D" --format tsv "ASK { GRAPH <http://example.org/links> { <$G> <http://example.org/curatedBy> \"lab\" . <http://example.org/collection> <http://example.org/has> <$G> } }" | tail -n 1)" = true
check "the store holds only the new graph, links and provenance" test \
  "$("$M" stats --db "$D" | awk '/^quads/ {print $2}')" -eq \
  "$("$M" query --db "$D" --format tsv 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }' | tail -n 1 | sed 's/^"\{0,1\}\([0-9]*\).*/\1/')"

# Readers during a re-ingest see the old or the new graph, nothing else.
rm -rf "$T/study" && bash "$GEN" 3900 "$T/study" >/dev/null
"$M" ingest --db "$D" "$T/study" >/dev/null 2>&1 &
pid=$!
: >"$T/seen"
while kill -0 "$pid" 2>/dev/null; do
  count >>"$T/seen"
done
wait "$pid"
check "concurrent re-ingest succeeded" test $? -eq 0
c3=$(count)
check "readers saw only whole graphs ($c2 or $c3)" \
  sh -c "sort -u '$T/seen' | grep -vx -e '$c2' -e '$c3' | wc -l | grep -qx 0"
check "readers ran during the ingest" test -s "$T/seen"

# The ingest dies (SIGKILL, from a test hook) right after its third
# checkpoint: the staged quads are in the store but hidden, the old graph
# is intact, and the next ingest collects them.
rm -rf "$T/study" && bash "$GEN" 4200 "$T/study" >/dev/null
rc=$(MUGDAT_TEST_CRASH_AT_CHECKPOINT=3 "$M" ingest --db "$D" "$T/study" >/dev/null 2>&1; echo $?)
check "the ingest was killed" test "$rc" -eq 137
check "after kill -9 the old graph is intact" test "$(count)" = "$c3"
hidden=$("$M" stats --db "$D" | sed -n 's/^hidden graphs   1 (\([0-9]*\) quads)$/\1/p')
check "the staged part (3 checkpoints of 20,000 quads: $hidden) is hidden" \
  test "${hidden:-0}" -gt 40000 -a "${hidden:-0}" -le 60000
printf '<http://example.org/x> <http://example.org/y> "z" .\n' >"$T/small.nt"
check "ingest of another source" "$M" ingest --db "$D" --graph http://example.org/small "$T/small.nt"
check "it is there" test "$("$M" query --db "$D" --format tsv 'ASK { GRAPH <http://example.org/small> { <http://example.org/x> ?p "z" } }' | tail -n 1)" = true
check "the dead staging was collected" no_hidden
check "old graph still intact" test "$(count)" = "$c3"
check "ingest after the kill" "$M" ingest --db "$D" "$T/study"
c4=$(count)
check "the new version is there" test "$c4" -gt "$c3"
"$M" init --db "$T/tiny" >/dev/null

# Graph Store PUT of a large body is staged the same way: a body that
# fails after several checkpoints leaves the old graph and nothing hidden;
# a good one replaces it whole, and links to the graph IRI survive.
echo tok >"$T/token"
"$M" serve --db "$D" --port 0 --write-token-file "$T/token" 2>"$T/serve.log" &
spid=$!
port=$(wait_port "$T/serve.log")
L=http://example.org/links
put() { # FILE -> HTTP status
  curl -s -o "$T/put.out" -w '%{http_code}' -X PUT -H 'Authorization: Bearer tok' \
    -H 'Content-Type: application/n-triples' --data-binary @"$1" \
    "http://127.0.0.1:$port/data?graph=$(printf %s "$G" | sed 's/:/%3A/g; s|/|%2F|g')"
}
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' >"$T/good.nt"
{ cat "$T/good.nt"; echo '<http://example.org/broken> <http://example.org/v> "no end .'; } >"$T/bad.nt"
before=$(count)
check "a broken 70k-triple PUT is refused (400)" test "$(put "$T/bad.nt")" = 400
check "the old graph is intact after the broken PUT" test "$(count)" = "$before"
check "nothing hidden after the broken PUT" no_hidden
check "a 70k-triple PUT replaces the graph (204)" test "$(put "$T/good.nt")" = 204
check "the graph is exactly the PUT body" test "$(count)" = 70000
check "nothing hidden after the PUT" no_hidden
check "links to the graph IRI survive the PUT" test "$("$M" query --db "$D" --format tsv "ASK { GRAPH <$L> { <$G> <http://example.org/curatedBy> \"lab\" } }" | tail -n 1)" = true
kill "$spid"; wait "$spid" 2>/dev/null

# A map that fills mid-ingest (1 MiB to start with) grows and the ingest is
# redone, leftovers of the failed attempts collected.
check "ingest into a 1 MiB map" env MUGDAT_MAP_SIZE=1048576 "$M" ingest --db "$T/tiny" "$T/study"
D0=$D; D=$T/tiny
check "the whole graph is there" test "$(count)" = "$c4"
check "nothing hidden after the redone ingest" no_hidden
D=$D0

# load --replace is staged too; --atomic --replace with two files replaces
# the graph by both files, not by the last one.
R=http://example.org/replaced
nr() { "$M" query --db "$D" --format tsv "SELECT (COUNT(*) AS ?n) { GRAPH <$R> { ?s ?p ?o } }" | tail -n 1 | sed 's/^"\{0,1\}\([0-9]*\).*/\1/'; }
check "load --replace" "$M" load --db "$D" --graph "$R" --replace "$T/good.nt"
check "the graph has the file" test "$(nr)" = 70000
check "a broken load --replace fails" expect_exit 1 "$M" load --db "$D" --graph "$R" --replace "$T/bad.nt"
check "the graph is as before" test "$(nr)" = 70000
check "nothing hidden after the broken load" no_hidden
printf '<http://example.org/other> <http://example.org/v> "x" .\n' >"$T/one.nt"
check "load --atomic --replace of two files" "$M" load --db "$D" --graph "$R" --replace --atomic "$T/one.nt" "$T/good.nt"
check "the graph has both files" test "$(nr)" = 70001
check "nothing hidden after the atomic load" no_hidden
summary
