#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Differential check of MUGDAT's SPARQL answers against Oxigraph's.

Generates a small bioimaging dataset (gen_bioimage), loads it into a fresh
MUGDAT store and into Oxigraph (npm, in bench/node_modules), runs each query
below on both and compares the answers: as multisets, or in order when the
query has ORDER BY with LIMIT at its top level. Numbers are compared by
value, so "1.0" and "1"^^xsd:decimal (two canonical forms of one decimal)
agree; blank nodes only by being blank. Queries whose
answers may legitimately differ (SAMPLE, unordered LIMIT, GROUP_CONCAT
order) are not in the list. Prints one line per difference and ends with
"N passed, N failed"; exit status 1 when any differ.

  bench/diff_oxigraph.py --mugdat build/src/mugdat --gen build/bench/gen_bioimage
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation

PREFIXES = """PREFIX ome: <https://ld.openmicroscopy.org/core/>
PREFIX bv: <https://example.org/bia/vocab/>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

QUERIES = {
    'nested_limit':
        'SELECT ?s { { SELECT ?s { ?s a ome:Image } ORDER BY ?s LIMIT 7 } } ORDER BY DESC(?s) LIMIT 3',
    'nested_distinct_same':
        'SELECT DISTINCT ?m { { SELECT DISTINCT ?m { ?img bv:imagingMethod ?m } } }',
    'nested_limit_count':
        'SELECT (COUNT(*) AS ?n) { SELECT ?s { { SELECT ?s { ?s a ome:Image } LIMIT 7 } } LIMIT 5 }',
    'nested_distinct':
        'SELECT DISTINCT ?m { { SELECT DISTINCT ?img ?m { ?img bv:imagingMethod ?m } } }',
    'sub_group':
        'SELECT ?n (COUNT(*) AS ?c) { { SELECT ?study (COUNT(?ds) AS ?n) { ?study schema:hasPart ?ds . ?ds a ome:Dataset } GROUP BY ?study } } GROUP BY ?n',
    'opt_filter':
        'SELECT ?img ?x { ?img a ome:Image OPTIONAL { ?img ome:physical_size_x ?x FILTER(?x > 0.5) } } ',
    'minus':
        'SELECT ?b { ?b a bv:Biosample MINUS { ?f bv:sample ?b } }',
    'not_exists':
        'SELECT ?b { ?b a bv:Biosample FILTER NOT EXISTS { ?f bv:sample ?b } }',
    'exists':
        'SELECT ?b { ?b a bv:Biosample FILTER EXISTS { ?f bv:sample ?b } }',
    'union_bind':
        'SELECT ?k ?v { { ?s schema:name ?v BIND("n" AS ?k) } UNION { ?s ome:name ?v BIND("o" AS ?k) } }',
    'values_join':
        'SELECT ?m ?img { VALUES ?m { obo:FBbi_00000246 obo:FBbi_00000251 obo:nothing } ?img bv:imagingMethod ?m }',
    'path_star':
        'SELECT ?c ?d { ?c rdfs:subClassOf* ?d }',
    'path_plus':
        'SELECT ?c ?d { ?c rdfs:subClassOf+ ?d }',
    'path_inv_seq':
        'SELECT ?ds ?study { ?ds ^schema:hasPart ?study . ?ds a ome:Dataset }',
    'path_alt':
        'SELECT ?s ?o { ?s (ome:name|schema:name) ?o }',
    'path_opt':
        'SELECT ?s ?o { ?s rdfs:subClassOf? ?o . ?s rdfs:label ?l }',
    'agg_all':
        'SELECT ?study (COUNT(?img) AS ?n) (SUM(?x) AS ?s) (AVG(?x) AS ?a) (MIN(?x) AS ?mn) (MAX(?x) AS ?mx) { ?study schema:hasPart/schema:hasPart ?img . ?img ome:physical_size_x ?x } GROUP BY ?study',
    'date_cmp':
        'SELECT ?s ?d { ?s schema:datePublished ?d FILTER(?d >= "2015-03-01"^^xsd:date && ?d < "2015-06-01"^^xsd:date) }',
    'datetime_cmp':
        'SELECT ?a ?d { ?a ome:acquisition_date ?d FILTER(?d < "2015-02-01T00:00:00Z"^^xsd:dateTime) }',
    'year_group':
        'SELECT ?y (COUNT(*) AS ?n) { ?s schema:datePublished ?d BIND(YEAR(?d) AS ?y) } GROUP BY ?y',
    'order_mixed':
        'SELECT ?o { ?s ?p ?o FILTER(?p IN (ome:size_x, ome:physical_size_x, schema:datePublished)) } ORDER BY ?o LIMIT 40',
    'order_desc_offset':
        'SELECT ?img ?x { ?img ome:physical_size_x ?x } ORDER BY DESC(?x) ?img LIMIT 10 OFFSET 20',
    'str_funcs':
        'SELECT ?s (UCASE(?n) AS ?u) (STRLEN(?n) AS ?l) (SUBSTR(?n, 2, 3) AS ?sub) (CONCAT(?n, "-x") AS ?c) { ?s a bv:Study ; schema:name ?n } ',
    'regex':
        'SELECT ?s { ?s ome:name ?n FILTER(REGEX(?n, "_00001[0-9]")) }',
    'lang':
        'SELECT ?s (LANG(?d) AS ?l) { ?s schema:description ?d FILTER(LANGMATCHES(LANG(?d), "en")) } LIMIT 30',
    'num_arith':
        'SELECT ?img ((?x * 2) + 1 AS ?y) { ?img ome:physical_size_x ?x FILTER(?x < 0.2) }',
    'count_star_join':
        'SELECT (COUNT(*) AS ?n) { ?img a ome:Image ; ?p ?o }',
    'distinct_pred':
        'SELECT DISTINCT ?p { ?s ?p ?o }',
    'count_distinct_s':
        'SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }',
    'graph_count':
        'SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s a ome:Image } } GROUP BY ?g',
    'bind_if':
        'SELECT ?img ?c { ?img ome:physical_size_x ?x BIND(IF(?x > 0.5, "big", "small") AS ?c) }',
    'coalesce_opt':
        'SELECT ?b (COALESCE(?f, "none") AS ?ff) { ?b a bv:Biosample OPTIONAL { ?f bv:sample ?b } }',
    'nested_opt':
        'SELECT ?img ?acq ?ins { ?img a ome:Image OPTIONAL { ?img bv:acquisition ?acq OPTIONAL { ?acq ome:instrument ?ins } } }',
    'filter_or':
        'SELECT ?img { ?img ome:physical_size_x ?x FILTER(?x < 0.12 || ?x > 1.9) }',
    'sub_limit_join':
        'SELECT ?study ?ds { { SELECT ?study { ?study a bv:Study } ORDER BY ?study LIMIT 3 } ?study schema:hasPart ?ds }',
    'having_avg':
        'SELECT ?study (AVG(?x) AS ?a) { ?study schema:hasPart/schema:hasPart ?img . ?img ome:physical_size_x ?x } GROUP BY ?study HAVING (AVG(?x) > 0.5)',
    'describe_like':
        'SELECT ?p ?o { <https://example.org/bia/study/S000001> ?p ?o }',
    'distinct_order_limit':
        'SELECT DISTINCT ?m { ?img bv:imagingMethod ?m } ORDER BY ?m LIMIT 3',
    'reduced':
        'SELECT REDUCED ?m { ?img bv:imagingMethod ?m }',
    'ask_exists':
        'ASK { ?s a ome:Image }',
    'count_group_order':
        'SELECT ?m (COUNT(?img) AS ?n) { ?img bv:imagingMethod ?m } GROUP BY ?m ORDER BY DESC(?n) ?m',
    'sameterm':
        'SELECT (COUNT(*) AS ?n) { ?a ome:instrument ?i . ?b ome:instrument ?i FILTER(sameTerm(?a, ?b)) }',
    'not_in':
        'SELECT (COUNT(*) AS ?n) { ?img bv:imagingMethod ?m FILTER(?m NOT IN (obo:FBbi_00000246)) }',
    'strstarts_str':
        'SELECT ?img { ?img bv:imagingMethod ?m FILTER(STRSTARTS(STR(?m), "http://purl.obolibrary.org/obo/FBbi_0000025")) }',
    'int_decimal_eq':
        'SELECT ?o { ?o ome:nominal_magnification ?m FILTER(?m = 100.0) }',
    'min_string':
        'SELECT (MIN(?n) AS ?mn) (MAX(?n) AS ?mx) { ?s ome:name ?n }',
    'agg_sum_mixed':
        'SELECT (SUM(?v) AS ?s) { ?o ?p ?v FILTER(?p IN (ome:lens_na, ome:nominal_magnification)) }',
    'opt_outer_filter':
        'SELECT ?img ?x { ?img a ome:Image ; ome:size_x ?sx OPTIONAL { ?img ome:physical_size_x ?x FILTER(?sx > 500) } }',
    'minus_disjoint':
        'SELECT (COUNT(*) AS ?n) { ?s a bv:Study MINUS { ?a ?b ?c FILTER(false) } }',
    'minus_no_shared':
        'SELECT (COUNT(*) AS ?n) { ?s a bv:Study MINUS { ?x a ome:Image } }',
    'bind_scope':
        'SELECT ?s ?y { ?s a bv:Study . BIND(STRLEN(STR(?s)) AS ?y) FILTER(?y > 10) }',
    'group_expr':
        'SELECT ?k (COUNT(*) AS ?n) { ?img ome:physical_size_x ?x } GROUP BY (ROUND(?x * 10) AS ?k)',
    'having_expr':
        'SELECT ?m (COUNT(*) AS ?n) { ?img bv:imagingMethod ?m } GROUP BY ?m HAVING (COUNT(*) > 10 && STRSTARTS(STR(?m), "http"))',
    'order_expr':
        'SELECT ?s ?n { ?s a bv:Study ; schema:name ?n } ORDER BY STRLEN(?n) ?s LIMIT 5',
    'count_distinct_star':
        'SELECT (COUNT(DISTINCT *) AS ?n) { ?img bv:imagingMethod ?m }',
    'offset_only':
        'SELECT ?s { ?s a bv:Study } ORDER BY ?s OFFSET 5',
    'limit_zero':
        'SELECT ?s { ?s a bv:Study } LIMIT 0',
    'values_undef':
        'SELECT ?s ?t { VALUES (?s ?t) { (<https://example.org/bia/study/S000001> UNDEF) (UNDEF bv:Study) } ?s a ?t }',
    'path_both_bound':
        'ASK { obo:FBbi_00000251 rdfs:subClassOf* obo:FBbi_00000246 }',
    'nps':
        'SELECT (COUNT(*) AS ?n) { ?s !(rdf:type|ome:name) ?o }',
    'inv_seq':
        'SELECT ?img ?study { ?img ^schema:hasPart/^schema:hasPart ?study } LIMIT 2000',
    'exists_in_opt':
        'SELECT ?b ?has { ?b a bv:Biosample OPTIONAL { ?b bv:organism ?o } BIND(EXISTS { ?f bv:sample ?b } AS ?has) }',
    'casts':
        'SELECT ?x (xsd:integer(?m) AS ?i) (xsd:double(?x) AS ?d) (STR(?x) AS ?s) { ?o ome:lens_na ?x ; ome:nominal_magnification ?m }',
    'type_tests':
        'SELECT (SUM(IF(isIRI(?o), 1, 0)) AS ?i) (SUM(IF(isLiteral(?o), 1, 0)) AS ?l) (SUM(IF(isBlank(?o), 1, 0)) AS ?b) { ?s ?p ?o }',
    'datatype_hist':
        'SELECT ?dt (COUNT(*) AS ?n) { ?s ?p ?o FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?dt) } GROUP BY ?dt',
    'lang_star':
        'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(LANGMATCHES(LANG(?o), "*")) }',
    'in_mixed':
        'SELECT ?o { ?s ?p ?o FILTER(?o IN (100, "100", 1.45, <https://example.org/x>)) }',
    'opt_chain_count':
        'SELECT (COUNT(?ins) AS ?n) (COUNT(*) AS ?all) { ?img a ome:Image OPTIONAL { ?img bv:acquisition/ome:instrument ?ins } }',
    'sub_agg_join':
        'SELECT ?study ?n ?name { { SELECT ?study (COUNT(*) AS ?n) { ?study schema:hasPart ?ds } GROUP BY ?study } ?study schema:name ?name }',
    'distinct_bnode':
        'SELECT (COUNT(DISTINCT ?a) AS ?n) { ?img bv:annotation ?a }',
    'filter_bound_opt':
        'SELECT (COUNT(*) AS ?n) { ?img a ome:Image OPTIONAL { ?img bv:annotation ?a } FILTER(!BOUND(?a)) }',
    'double_cmp':
        'SELECT ?s ?v { ?s ome:lens_na ?v FILTER(?v > 1.0e0) }',
    'group_no_agg':
        'SELECT ?m { ?img bv:imagingMethod ?m } GROUP BY ?m',
    'distinct_order_desc':
        'SELECT DISTINCT ?m { ?img bv:imagingMethod ?m } ORDER BY DESC(?m) OFFSET 1 LIMIT 4',
    'agg_avg_int':
        'SELECT (AVG(?m) AS ?a) (SUM(?m) AS ?s) { ?o ome:nominal_magnification ?m }',
    'nested_sub_limit_order':
        'SELECT ?s { { SELECT ?s { { SELECT ?s { ?s a ome:Image } ORDER BY DESC(?s) LIMIT 20 } } ORDER BY ?s LIMIT 5 } } ORDER BY ?s',
    'agg_empty':
        'SELECT (COUNT(*) AS ?n) (SUM(?x) AS ?sum) (MAX(?x) AS ?m) { ?s <http://nothing/p> ?x }',
    'str_more':
        'SELECT ?n (REPLACE(?n, "_0+", "-") AS ?r) (STRBEFORE(?n, "_") AS ?b) (STRAFTER(?n, "_") AS ?a) (ENCODE_FOR_URI(?n) AS ?e) { ?s ome:name ?n } ORDER BY ?n LIMIT 20',
    'bnode_join':
        'SELECT ?img ?k ?v { ?img bv:annotation ?a . ?a bv:key ?k ; bv:value ?v } ORDER BY ?img ?k ?v LIMIT 50',
    'group_concat_distinct_count':
        'SELECT ?s (STRLEN(GROUP_CONCAT(?k; separator="|")) AS ?len) { ?s a bv:Study ; schema:keywords ?k } GROUP BY ?s',
    'from_named':
        'SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://example.org/bia/graph/S000001> FROM NAMED <https://example.org/bia/graph/vocab> { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
    'group_empty':
        'SELECT ?m (COUNT(*) AS ?n) { ?img <http://nothing/p> ?m } GROUP BY ?m',
    'count_opt_unbound':
        'SELECT ?b (COUNT(?f) AS ?n) { ?b a bv:Biosample OPTIONAL { ?f bv:sample ?b } } GROUP BY ?b',
    'order_unbound_mix':
        'SELECT ?b ?f { ?b a bv:Biosample OPTIONAL { ?f bv:sample ?b } } ORDER BY ?f ?b LIMIT 30',
    'arith_mix':
        'SELECT ?m ?na (?m / 3 AS ?a) (?na * 2 AS ?b) (?m + ?na AS ?c) (?m / 0.5 AS ?d) { ?o ome:nominal_magnification ?m ; ome:lens_na ?na } ORDER BY ?o LIMIT 20',
    'div_zero':
        'SELECT ?o (?m / 0 AS ?z) { ?o ome:nominal_magnification ?m } ORDER BY ?o LIMIT 5',
    'bind_unbound_filter':
        'SELECT (COUNT(*) AS ?n) { ?b a bv:Biosample OPTIONAL { ?f bv:sample ?b } BIND(?f AS ?g) FILTER(!BOUND(?g)) }',
    'sub_expr_join':
        'SELECT ?s ?len { { SELECT ?s (STRLEN(?n) AS ?len) { ?s a bv:Study ; schema:name ?n } } ?s schema:hasPart ?ds } ',
    'lang_eq':
        'SELECT (COUNT(*) AS ?n) { ?s schema:description ?d FILTER(?d = "x"@en) }',
    'str_lang_cmp':
        'SELECT (COUNT(*) AS ?n) { ?s schema:description ?d FILTER(STR(?d) > "We imaged m") }',
    'isnumeric':
        'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(isNumeric(?o)) }',
    'strdt_strlang':
        'SELECT (STRDT("5", xsd:integer) AS ?i) (STRLANG("chat", "fr") AS ?l) (IRI(CONCAT("http://x/", "y")) AS ?iri) {}',
    'hashes':
        'SELECT (MD5(?n) AS ?m) (SHA1(?n) AS ?s) (SHA256(?n) AS ?t) { ?x a bv:Study ; schema:name ?n } ORDER BY ?x LIMIT 3',
    'exists_graph':
        'SELECT (COUNT(*) AS ?n) { ?img a ome:Image FILTER EXISTS { GRAPH <https://example.org/bia/graph/S000001> { ?img ?p ?o } } }',
    'graph_var_join':
        'SELECT ?g (COUNT(?img) AS ?n) { GRAPH ?g { ?img a ome:Image } ?img bv:imagingMethod ?m } GROUP BY ?g',
    'values_multi':
        'SELECT ?s ?n { VALUES ?s { <https://example.org/bia/study/S000001> <https://example.org/bia/study/S000003> } OPTIONAL { ?s schema:name ?n } }',
    'values_after':
        'SELECT ?img ?m { ?img bv:imagingMethod ?m } VALUES ?m { obo:FBbi_00000246 }',
    'minus_shared_opt':
        'SELECT (COUNT(*) AS ?n) { ?img a ome:Image MINUS { ?img bv:imagingMethod obo:FBbi_00000246 } }',
    'path_seq_star':
        'SELECT (COUNT(*) AS ?n) { ?study (schema:hasPart/schema:hasPart)* ?x }',
    'path_zero_const':
        'SELECT ?x { <https://example.org/bia/study/S000001> schema:hasPart? ?x }',
    'path_alt_inv':
        'SELECT (COUNT(*) AS ?n) { ?a (schema:hasPart|^schema:hasPart) ?b }',
    'count_graphs':
        'SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }',
    'having_no_group':
        'SELECT (COUNT(*) AS ?n) { ?s a bv:Study } HAVING (COUNT(*) > 1000)',
    'avg_empty_group':
        'SELECT (AVG(?x) AS ?a) { ?s <http://nothing> ?x }',
    'sum_str_error':
        'SELECT (SUM(?n) AS ?s) { ?x ome:name ?n }',
    'order_lang_strings':
        'SELECT ?d { ?s schema:description ?d } ORDER BY ?d LIMIT 3',
    'concat_numbers':
        'SELECT (CONCAT(STR(?m), "x") AS ?c) { ?o ome:nominal_magnification ?m } ORDER BY ?o LIMIT 5',
    'contains_regex_i':
        'SELECT (COUNT(*) AS ?n) { ?s schema:description ?d FILTER(REGEX(?d, "MITO", "i")) }',
    'round_half':
        'SELECT (ROUND(2.5) AS ?a) (ROUND(-2.5) AS ?b) (ROUND(0.5e0) AS ?c) {}',
    'bool_ops':
        'SELECT (COUNT(*) AS ?n) { ?o ome:lens_na ?na FILTER(!(?na < 1.0) && (?na > 1.3 || ?na = 0.5)) }',
    'datetime_funcs':
        'SELECT (HOURS(?d) AS ?h) (MINUTES(?d) AS ?mi) (TZ(?d) AS ?tz) { ?a ome:acquisition_date ?d } ORDER BY ?a LIMIT 5',
    'distinct_expr':
        'SELECT DISTINCT (YEAR(?d) AS ?y) { ?s schema:datePublished ?d }',
    'subquery_order_outer':
        'SELECT ?s ?n { { SELECT ?s ?n { ?s a bv:Study ; schema:name ?n } ORDER BY DESC(?n) LIMIT 4 } } ORDER BY ?n',
}

OXIGRAPH_JS = r"""
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const require = createRequire(process.argv[2] + "/");
const ox = require("oxigraph");
const store = new ox.Store();
store.load(readFileSync(process.argv[3], "utf8"),
           { format: "application/n-quads", no_transaction: true });
const qs = JSON.parse(readFileSync(process.argv[4], "utf8"));
const out = {};
for (const [name, text] of Object.entries(qs)) {
  try {
    out[name] = store.query(text, { use_default_graph_as_union: true,
                                    results_format: "tsv" });
  } catch (e) { out[name] = "ERROR " + e; }
}
process.stdout.write(JSON.stringify(out));
"""

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPED = re.compile(r'^"(.*)"\^\^<' + re.escape(XSD) +
                   r'(integer|decimal|double|float)>$')
BARE = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')


def cell(c):
    """A TSV cell with numbers written by value and blank nodes unlabeled."""
    if c.startswith("_:"):
        return "_:"
    m = TYPED.match(c)
    lex, kind = (m.group(1), m.group(2)) if m else (c, None)
    if kind or BARE.match(c):
        try:
            if kind in ("double", "float") or "e" in lex.lower():
                return "num:" + repr(float(lex))
            return "num:" + str(Decimal(lex).normalize())
        except (ValueError, InvalidOperation):
            return c
    return c


def rows(text):
    lines = text.rstrip("\n").split("\n")
    return lines[:1], ["\t".join(cell(c) for c in l.split("\t"))
                       for l in lines[1:]]


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--mugdat", default="src/mugdat")
    ap.add_argument("--gen", default="bench/gen_bioimage")
    ap.add_argument("--size", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--node-modules", default=os.path.join(here, "node_modules"))
    ap.add_argument("--keep", help="work directory to keep (default: temporary)")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.node_modules, "oxigraph")):
        print(f"no oxigraph in {args.node_modules}: skipped")
        print("0 passed, 0 failed, 1 skipped")
        return 0
    work = args.keep or tempfile.mkdtemp(prefix="mgd-diff-")
    os.makedirs(work, exist_ok=True)
    try:
        data = os.path.join(work, "data.nq")
        db = os.path.join(work, "db")
        subprocess.run([args.gen, "-n", str(args.size), "-s", str(args.seed),
                        "-f", "nq", "-o", data], check=True,
                       capture_output=True)
        shutil.rmtree(db, ignore_errors=True)
        subprocess.run([args.mugdat, "init", "--db", db], check=True,
                       capture_output=True)
        subprocess.run([args.mugdat, "load", "--db", db, data], check=True,
                       capture_output=True)
        queries = {k: PREFIXES + v for k, v in QUERIES.items()}
        qfile = os.path.join(work, "queries.json")
        with open(qfile, "w", encoding="utf-8") as f:
            json.dump(queries, f)
        js = os.path.join(work, "oxigraph.mjs")
        with open(js, "w", encoding="utf-8") as f:
            f.write(OXIGRAPH_JS)
        ox = json.loads(subprocess.run(
            ["node", js, os.path.abspath(args.node_modules), data, qfile],
            check=True, capture_output=True, text=True).stdout)
        failed = 0
        for name, text in queries.items():
            r = subprocess.run([args.mugdat, "query", "--db", db, "--format",
                                "tsv", text], capture_output=True, text=True)
            mine = r.stdout if r.returncode == 0 else "ERROR " + r.stderr
            theirs = ox[name]
            if text.lstrip().split("\n")[-1].startswith("ASK"):
                ok = ("true" in mine) == ("true" in theirs)
            elif mine.startswith("ERROR") or theirs.startswith("ERROR"):
                ok = False
            else:
                ha, a = rows(mine)
                hb, b = rows(theirs)
                tail = text[text.rfind("}"):]  # the top level's modifiers
                ordered = "ORDER BY" in tail and "LIMIT" in tail
                ok = ha == hb and (a == b if ordered else sorted(a) == sorted(b))
            if not ok:
                failed += 1
                print(f"DIFF {name}: mugdat {mine[:300]!r}\n"
                      f"     oxigraph {theirs[:300]!r}")
        print(f"{len(queries) - failed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
