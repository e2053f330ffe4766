#!/bin/bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# W3C RDF 1.1 syntax conformance through the mugdat CLI: N-Triples, N-Quads,
# Turtle and TriG (conformance/rdf-syntax/*/manifest.ttl).
#
#   positive syntax:  mugdat init; mugdat load --base B --format F file -> exit 0
#   eval:             the same, then `mugdat dump --format nq` must be
#                     isomorphic to the expected .nt/.nq (graph
#                     urn:mugdat:provenance ignored)
#   negative syntax / negative eval: load must exit 1 (bad input), not 0,
#                     not 2/3 and not a crash
#
# Each test gets a fresh database. The base IRI is the suite's
# mf:assumedTestBase (Turtle, TriG) or its documented home (N-Triples,
# N-Quads, https://w3c.github.io/rdf-tests/rdf/rdf11/<suite>/) plus the file
# name, as the expected results assume.
#
# Environment: MUGDAT (the binary; default <builddir>/src/mugdat),
# MUGDAT_SRCDIR (or $1; default the source tree this script is in),
# MUGDAT_TESTDATA (default $MUGDAT_SRCDIR/../shared), RDF_SYNTAX_FILTER
# (run only test ids matching this extended regex), RDF_SYNTAX_VERBOSE=1
# (show the loader's message for each failure).
#
# Manifests are read and results compared by rdf_syntax_tool.py (python3 +
# rdflib, Debian python3-rdflib). Last line: "N passed, N failed, N skipped".

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$HERE/../.." && pwd)}}
TESTDATA=${MUGDAT_TESTDATA:-$SRCDIR/../shared}
SUITES="rdf-n-triples rdf-n-quads rdf-turtle rdf-trig"
PY=/usr/bin/python3
TOOL=$HERE/rdf_syntax_tool.py
CMD_TIMEOUT=${RDF_SYNTAX_TIMEOUT:-30}

# Known failures: "<suite>#<name><TAB>reason", one per line. Each one was
# seen failing with the stated reason; a listed test that passes is counted
# as passed and reported so the entry can be removed.
SKIPS=$(cat <<'EOF'
rdf-n-triples#nt-syntax-bad-bnode-01	raptor2 2.0.16 N-Triples lexer accepts ':' in a blank node label (_::a, _:abc:def), which RDF 1.1 forbids
rdf-n-triples#nt-syntax-bad-bnode-02	raptor2 2.0.16 N-Triples lexer accepts ':' in a blank node label (_::a, _:abc:def), which RDF 1.1 forbids
rdf-n-quads#nt-syntax-bad-bnode-01	raptor2 2.0.16 N-Triples lexer accepts ':' in a blank node label (_::a, _:abc:def), which RDF 1.1 forbids
rdf-n-quads#nt-syntax-bad-bnode-02	raptor2 2.0.16 N-Triples lexer accepts ':' in a blank node label (_::a, _:abc:def), which RDF 1.1 forbids
rdf-turtle#LITERAL1_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-turtle#LITERAL1_all_controls	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-turtle#LITERAL_LONG1_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-turtle#LITERAL2_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-turtle#LITERAL_LONG2_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-turtle#IRI-resolution-08	raptor2 2.0.16 RFC 3986 resolver mishandles empty path segments: ../xyz against base http://ab//de//ghi gives http://ab//xyz, expected http://ab//de/xyz
rdf-trig#LITERAL1_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-trig#LITERAL1_all_controls	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-trig#LITERAL_LONG1_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-trig#LITERAL2_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-trig#LITERAL_LONG2_ascii_boundaries	raptor2 2.0.16 Turtle/TriG lexer ends a string at a raw U+0000 byte: the literal is loaded with an empty lexical form
rdf-trig#IRI-resolution-08	raptor2 2.0.16 RFC 3986 resolver mishandles empty path segments: ../xyz against base http://ab//de//ghi gives http://ab//xyz, expected http://ab//de/xyz
rdf-trig#anonymous_blank_node_graph	raptor2 2.0.16 TriG parser rejects a blank node as graph name (_:g { } or [] { })
rdf-trig#labeled_blank_node_graph	raptor2 2.0.16 TriG parser rejects a blank node as graph name (_:g { } or [] { })
rdf-trig#alternating_bnode_graphs	raptor2 2.0.16 TriG parser rejects a blank node as graph name (_:g { } or [] { })
rdf-trig#SPARQL_style_prefix	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#SPARQL_style_base	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#trig-syntax-base-04	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#trig-syntax-prefix-03	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#trig-syntax-number-12	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#trig-syntax-number-13	raptor2 2.0.16 TriG lexer reads the IRI of a SPARQL-style PREFIX/BASE (no final '.') followed by a { } block as a graph name: syntax error
rdf-trig#trig-syntax-minimal-whitespace-01	raptor2 2.0.16 TriG lexer rejects a line break between @prefix and the prefix name, and blank node graph names
rdf-trig#trig-kw-graph-01	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-02	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-03	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-04	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-05	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-06	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-07	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-08	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-09	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
rdf-trig#trig-kw-graph-10	raptor2 2.0.16 TriG parser does not know the GRAPH keyword
EOF
)

if [ -z "${MUGDAT:-}" ]; then
  for c in ./src/mugdat "$SRCDIR/src/mugdat"; do
    if [ -x "$c" ]; then MUGDAT=$c; break; fi
  done
fi
MUGDAT=${MUGDAT:-./src/mugdat}

have_rdflib() { "$PY" -c 'import rdflib' >/dev/null 2>&1; }
if ! have_rdflib && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "run_rdf_syntax: installing python3-rdflib" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-rdflib >&2 || true
fi

dirs=()
for s in $SUITES; do
  d=$TESTDATA/conformance/rdf-syntax/$s
  if [ -f "$d/manifest.ttl" ]; then
    dirs+=("$(cd "$d" && pwd)")
  else
    echo "run_rdf_syntax: no $d/manifest.ttl; suite not run" >&2
  fi
done
if [ "${#dirs[@]}" = 0 ] || ! have_rdflib; then
  [ "${#dirs[@]}" = 0 ] || echo "run_rdf_syntax: python3 rdflib missing (apt-get install python3-rdflib)" >&2
  echo "0 passed, 0 failed, 0 skipped"
  exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-rdf-syntax.XXXXXX") || exit 3
trap 'rm -rf "$TMP"' EXIT

if ! "$PY" "$TOOL" list "${dirs[@]}" > "$TMP/tests.tsv"; then
  echo "run_rdf_syntax: cannot read the manifests" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

declare -A SKIP_REASON=()
while IFS=$'\t' read -r id reason; do
  [ -n "$id" ] && SKIP_REASON[$id]=$reason
done <<< "$SKIPS"

declare -A RESULT=()   # id -> ok | fail:<reason>
ORDER=()
: > "$TMP/pairs.tsv"
n=0

run() { timeout "$CMD_TIMEOUT" "$@"; }

# Describes an exit status for a failure message.
describe() {
  case $1 in
    124) echo "timed out after ${CMD_TIMEOUT}s" ;;
    0|1|2|3) echo "exit $1" ;;
    *) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))"; else echo "exit $1"; fi ;;
  esac
}

first_error() {
  grep -m1 -E 'error' "$1" 2>/dev/null | cut -c1-200
}

while IFS=$'\t' read -r id kind fmt action result base; do
  if [ -n "${RDF_SYNTAX_FILTER:-}" ] && ! [[ $id =~ $RDF_SYNTAX_FILTER ]]; then
    continue
  fi
  ORDER+=("$id")
  n=$((n + 1))
  if [ "$kind" = unknown ]; then
    RESULT[$id]="fail:unknown test type"
    continue
  fi
  db=$TMP/db
  rm -rf "$db"
  if ! run "$MUGDAT" init --db "$db" > "$TMP/init.log" 2>&1; then
    RESULT[$id]="fail:mugdat init failed: $(head -c 200 "$TMP/init.log")"
    continue
  fi
  run "$MUGDAT" load --db "$db" --base "$base" --format "$fmt" "$action" \
    > "$TMP/load.log" 2>&1
  rc=$?
  case $kind in
    pos|eval)
      if [ "$rc" != 0 ]; then
        RESULT[$id]="fail:load $(describe "$rc") on valid input: $(first_error "$TMP/load.log")"
        continue
      fi
      if [ "$kind" = pos ]; then
        RESULT[$id]=ok
        continue
      fi
      out=$TMP/dump-$n.nq
      run "$MUGDAT" dump --db "$db" --format nq > "$out" 2> "$TMP/dump.log"
      rc=$?
      if [ "$rc" != 0 ]; then
        RESULT[$id]="fail:dump $(describe "$rc"): $(head -c 200 "$TMP/dump.log")"
        continue
      fi
      printf '%s\t%s\t%s\n' "$id" "$result" "$out" >> "$TMP/pairs.tsv"
      RESULT[$id]=pending
      ;;
    neg|negeval)
      if [ "$rc" = 1 ]; then
        RESULT[$id]=ok
      elif [ "$rc" = 0 ]; then
        RESULT[$id]="fail:load accepted invalid input (exit 0)"
      else
        RESULT[$id]="fail:load $(describe "$rc") on invalid input (expected exit 1): $(first_error "$TMP/load.log")"
      fi
      ;;
  esac
done < "$TMP/tests.tsv"

# Isomorphism checks for all eval tests in one python process.
if [ -s "$TMP/pairs.tsv" ]; then
  "$PY" "$TOOL" compare < "$TMP/pairs.tsv" > "$TMP/compared.tsv"
  while IFS=$'\t' read -r id verdict why; do
    if [ "$verdict" = ok ]; then RESULT[$id]=ok; else RESULT[$id]="fail:$why"; fi
  done < "$TMP/compared.tsv"
fi

passed=0
failed=0
skipped=0
for id in "${ORDER[@]}"; do
  r=${RESULT[$id]}
  [ "$r" = pending ] && r="fail:comparison did not run"
  if [ -n "${SKIP_REASON[$id]+x}" ]; then
    if [ "$r" = ok ]; then
      echo "XPASS $id (in the skip list: ${SKIP_REASON[$id]}); remove it from the list"
      passed=$((passed + 1))
    else
      skipped=$((skipped + 1))
      [ "${RDF_SYNTAX_VERBOSE:-0}" = 1 ] && echo "SKIP $id: ${SKIP_REASON[$id]} (${r#fail:})"
    fi
    continue
  fi
  if [ "$r" = ok ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $id: ${r#fail:}"
  fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
