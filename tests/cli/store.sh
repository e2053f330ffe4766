#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# The store through the CLI: init, load (files, directories, stdin, gzip,
# graphs, replace, atomic), dump round trips, bad input diagnostics that
# commit nothing, limits, no network access, stats and backup.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db

cat >"$T/a.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:img1 a ex:Image ; ex:name "Kidney section 1"@en ; ex:sizeX 1024 ;
  ex:physicalSizeX "0.65"^^xsd:decimal ; ex:acquired "2024-03-01T10:00:00Z"^^xsd:dateTime ;
  ex:channel [ ex:fluor "GFP" ; ex:wavelength 488 ] , [ ex:fluor "DAPI" ] .
ex:img2 a ex:Image ; ex:name "He said \"hi\"\nand left" ; ex:count "007"^^xsd:integer .
TTL

check "init creates the store" "$M" init --db "$D"
check "init is idempotent" "$M" init --db "$D"
check "load turtle" "$M" load --db "$D" "$T/a.ttl"
check "dump has 13 quads" test "$(n_quads "$D")" -eq 13
"$M" dump --db "$D" --format nq >"$T/dump1.nq"
check "dump keeps the lexical form 007" grep -q '"007"^^<http://www.w3.org/2001/XMLSchema#integer>' "$T/dump1.nq"
check "dump keeps language tag" grep -q '"Kidney section 1"@en' "$T/dump1.nq"
check "dump escapes quotes and newlines" grep -qF '"He said \"hi\"\nand left"' "$T/dump1.nq"

# load -> dump -> load gives an isomorphic dataset
"$M" init --db "$T/db2" >/dev/null
check "reload a dump" "$M" load --db "$T/db2" "$T/dump1.nq"
"$M" dump --db "$T/db2" --format nq >"$T/dump2.nq"
check "dump, load, dump is isomorphic" isomorphic "$T/dump1.nq" "$T/dump2.nq"
check "dump is isomorphic to the source" isomorphic "$T/dump1.nq" <("$M" dump --db "$D" --format nq)

# blank nodes of different loads never merge
check "second load of the same file" "$M" load --db "$D" "$T/a.ttl"
check "blank nodes of two loads stay apart (13 + 5 new)" test "$(n_quads "$D")" -eq 18

# named graphs, TriG dump, replace
check "load into a graph" "$M" load --db "$D" --graph http://example.org/g1 "$T/a.ttl"
check "trig dump names the graph" sh -c "'$M' dump --db '$D' --format trig | grep -q '<http://example.org/g1> {'"
check "dump one graph" test "$("$M" dump --db "$D" --graph http://example.org/g1 | wc -l)" -eq 13
printf '<http://example.org/x> <http://example.org/p> "new" .\n' >"$T/new.nt"
check "replace a graph" "$M" load --db "$D" --graph http://example.org/g1 --replace "$T/new.nt"
check "replaced graph holds only the new quad" test "$("$M" dump --db "$D" --graph http://example.org/g1 | wc -l)" -eq 1
check "turtle dump reloads" sh -c "'$M' dump --db '$D' --format ttl > '$T/d.ttl' && '$M' init --db '$T/db3' && '$M' load --db '$T/db3' '$T/d.ttl'"

# stdin, gzip, directories, formats
check "stdin with --format" sh -c "printf '<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n' | '$M' load --db '$T/db3' --format nt -"
gzip -c "$T/a.ttl" >"$T/a.ttl.gz"
"$M" init --db "$T/db4" >/dev/null
check "gzip input" "$M" load --db "$T/db4" "$T/a.ttl.gz"
check "gzip input gives 13 quads" test "$(n_quads "$T/db4")" -eq 13
mkdir -p "$T/tree/sub/deeper"
cp "$T/a.ttl" "$T/tree/one.ttl"; cp "$T/new.nt" "$T/tree/sub/deeper/two.nt"; echo "not rdf" >"$T/tree/sub/readme.txt"
cat >"$T/tree/sub/three.rdf" <<'XML'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/r"><ex:label>RDF/XML</ex:label></rdf:Description>
</rdf:RDF>
XML
"$M" init --db "$T/db5" >/dev/null
check "directory load (recursive, by extension)" "$M" load --db "$T/db5" "$T/tree"
check "directory load found 3 files (13+1+1 quads)" test "$(n_quads "$T/db5")" -eq 15
printf '<http://e.org/a> <http://e.org/b> "q" <http://e.org/g> .\n' >"$T/q.nq"
check "n-quads keep their graph" sh -c "'$M' load --db '$T/db5' '$T/q.nq' && '$M' dump --db '$T/db5' --graph http://e.org/g | grep -q '\"q\"'"
printf '@prefix e: <http://e.org/> . e:g1 { e:a e:b "trig" . }\n' >"$T/t.trig"
check "trig keeps its graph" sh -c "'$M' load --db '$T/db5' '$T/t.trig' && '$M' dump --db '$T/db5' --graph http://e.org/g1 | grep -q trig"

# bad input: file:line:col: error, exit 1, nothing of that file committed
before=$(n_quads "$D")
bad() { # NAME CONTENT EXPECTED-STDERR-REGEX
  printf "$2" >"$T/$1"
  check "bad input $1 exits 1" expect_exit 1 "$M" load --db "$D" "$T/$1"
  check "bad input $1 diagnostic" grep -Eq "$3" "$T/.err"
}
bad iri-space.nt '<http://e.org/ok> <http://e.org/p> "fine" .\n<http://e.org/a b> <http://e.org/p> "x" .\n' "iri-space.nt:2:[0-9]+: error: .*(URI|IRI)"
bad lang.nt '<http://e.org/a> <http://e.org/p> "x"@en- .\n' 'lang.nt:1:[0-9]+: error: .*language tag'
bad utf8.nt '<http://e.org/a> <http://e.org/p> "\xff\xfe" .\n' 'utf8.nt:1:[0-9]+: error: .*UTF-8'
bad relative.nt '<a> <http://e.org/p> "x" .\n' 'relative.nt:1:[0-9]+: error: .*not absolute'
bad syntax.ttl '@prefix e: <http://e.org/> .\ne:a e:b e:c ;\n e:d .\n' 'syntax.ttl:3:([0-9]+:)? error: syntax error'
bad braces.ttl '<http://e.org/a{b}> <http://e.org/p> "x" .\n' 'braces.ttl:1:([0-9]+:)? error: '
bad lit-subject.nt '"lit" <http://e.org/p> "x" .\n' 'lit-subject.nt:1:([0-9]+:)? error: '
check "bad files committed nothing" test "$(n_quads "$D")" -eq "$before"

# several files: the good ones load, the bad one is reported, exit 1
"$M" init --db "$T/db6" >/dev/null
check "mixed good and bad files exit 1" expect_exit 1 "$M" load --db "$T/db6" "$T/new.nt" "$T/lang.nt" "$T/a.ttl"
check "mixed: bad file named" grep -q "lang.nt" "$T/.err"
check "mixed: good files loaded" test "$(n_quads "$T/db6")" -eq 14
"$M" init --db "$T/db7" >/dev/null
check "--atomic with a bad file exits 1" expect_exit 1 "$M" load --db "$T/db7" --atomic "$T/new.nt" "$T/lang.nt"
check "--atomic with a bad file loads nothing" test "$(n_quads "$T/db7")" -eq 0
check "unknown format is a usage error" expect_exit 2 "$M" load --db "$D" --format nope "$T/new.nt"
check "missing store is exit 1" expect_exit 1 "$M" load --db "$T/none" "$T/new.nt"
check "missing file is exit 1" expect_exit 1 "$M" load --db "$D" "$T/none.ttl"

# limits: an overlong line and deep RDF/XML nesting are refused early
/usr/bin/python3 -c "
import sys; sys.stdout.write('<http://e.org/a> <http://e.org/p> \"' + 'x'*(17<<20) + '\" .\n')" >"$T/huge.nt"
check "huge literal refused" expect_exit 1 "$M" load --db "$D" "$T/huge.nt"
check "huge literal names the limit" grep -q "max_term_bytes" "$T/.err"
/usr/bin/python3 -c "
n=400
print('<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e.org/\">')
print('<rdf:Description rdf:about=\"http://e.org/a\">' + '<e:p><rdf:Description>'*n + '</rdf:Description></e:p>'*n + '</rdf:Description></rdf:RDF>')" >"$T/deep.rdf"
check "deep RDF/XML refused" expect_exit 1 "$M" load --db "$D" "$T/deep.rdf"
check "deep RDF/XML names the limit" grep -q "max_nesting" "$T/.err"
check "limits committed nothing" test "$(n_quads "$D")" -eq "$before"

# no network and no local files: an external DTD and an external entity
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 -c "
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(5); s.settimeout(8)
try:
    c, _ = s.accept(); open('$T/contacted', 'w').write('yes')
except Exception: pass" &
listener=$!
sleep 0.3
cat >"$T/net.rdf" <<XML
<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:$port/rdf.dtd" [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://127.0.0.1:$port/entity">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e.org/">
  <rdf:Description rdf:about="http://e.org/n"><e:p>&secret;&remote;</e:p></rdf:Description>
</rdf:RDF>
XML
"$M" init --db "$T/dbn" >/dev/null
"$M" load --db "$T/dbn" "$T/net.rdf" >/dev/null 2>&1
sleep 0.5
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
check "RDF/XML with external DTD/entities made no network request" test ! -e "$T/contacted"
check "external file entity was not expanded" sh -c "! '$M' dump --db '$T/dbn' | grep -q 'root:'"

# large N-Triples/N-Quads files are parsed on two threads: same quads (and
# blank node scope) as the sequential reader, same error positions
awk 'BEGIN { for (i = 0; i < 60000; i++)
  printf "_:n%d <http://example.org/p%d> \"value %d with some padding text to make the file big\" <http://example.org/g%d> .\n", i % 997, i % 7, i, i % 3 }' >"$T/par.nq"
gzip -c "$T/par.nq" >"$T/par.nq.gz"
"$M" init --db "$T/dbp" >/dev/null; "$M" init --db "$T/dbs" >/dev/null
check "parallel load" "$M" load --db "$T/dbp" "$T/par.nq"
check "sequential load (gzip)" "$M" load --db "$T/dbs" "$T/par.nq.gz"
# Both readers intern in file order, so even the blank node ids agree.
check "parallel and sequential loads give the same dataset" cmp -s <("$M" dump --db "$T/dbp" | sort) <("$M" dump --db "$T/dbs" | sort)
check "blank nodes shared across parallel chunks (997 subjects)" test "$("$M" dump --db "$T/dbp" | cut -d' ' -f1 | sort -u | wc -l)" -eq 997
{ head -n 50000 "$T/par.nq"; echo '<http://example.org/bad> <http://example.org/p> "unterminated .'; tail -n 10000 "$T/par.nq"; } >"$T/parbad.nq"
"$M" init --db "$T/dbe" >/dev/null
check "parallel load with an error exits 1" expect_exit 1 "$M" load --db "$T/dbe" "$T/parbad.nq"
check "parallel load error names line 50001" grep -q "parbad.nq:50001:" "$T/.err"
check "parallel load with an error commits nothing" test "$(n_quads "$T/dbe")" -eq 0

# MDB_MAP_FULL: a store whose map starts at 1 MiB grows it and redoes the
# unit of work; nothing is lost and the file is larger than the first map.
"$M" init --db "$T/dbm" >/dev/null
check "load into a 1 MiB map grows it" env MUGDAT_MAP_SIZE=1048576 "$M" load --db "$T/dbm" "$T/par.nq"
check "grown store has every quad" test "$(MUGDAT_MAP_SIZE=1048576 "$M" dump --db "$T/dbm" | sort | cmp - <("$M" dump --db "$T/dbp" | sort) && echo same)" = same
check "grown store is larger than the first map" test "$(stat -c %s "$T/dbm/data.mdb")" -gt 1048576

# More blank labels in one file than the write txn keeps in memory (512k):
# the older ones move to a table of the txn, and still name the same nodes;
# a second load of the same file mints new nodes (the table was emptied).
awk 'BEGIN { for (p = 1; p <= 2; p++) for (i = 0; i < 600000; i++)
  printf "_:n%d <http://example.org/p%d> \"v\" .\n", i, p }' >"$T/blanks.nt"
"$M" init --db "$T/dbb" >/dev/null
check "load 600k blank labels" "$M" load --db "$T/dbb" "$T/blanks.nt"
count_q() { "$M" query --db "$T/dbb" --format tsv "$1" | tail -n 1; }
both='SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p1> ?a . ?s <http://example.org/p2> ?b }'
check "each spilled label is one node (600000 with both)" test "$(count_q "$both")" = 600000
check "load the same file again" "$M" load --db "$T/dbb" "$T/blanks.nt"
check "a second load's labels are new nodes" test "$(count_q 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }')" = 1200000
check "and never join the first load's" test "$(count_q "$both")" = 1200000

# stats and backup
check "stats reports quads" sh -c "'$M' stats --db '$D' | grep -Eq '^quads +$before'"
check "stats lists predicates" sh -c "'$M' stats --db '$D' | grep -q 'http://example.org/fluor'"
check "backup" "$M" backup --db "$D" "$T/backup"
check "backup has the same data" isomorphic <("$M" dump --db "$D") <("$M" dump --db "$T/backup")
summary
