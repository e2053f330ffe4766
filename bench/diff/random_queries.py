#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Random SPARQL queries for a differential run (not part of CI).

  bench/diff/random_queries.py SEED N social.trig > /tmp/rq/rand.rq
  bench/diff/diff.py --mugdat build/src/mugdat --queries /tmp/rq

Writes N queries over a dataset of bench/diff/diff.py (social.trig,
values.trig, gen or samples): random basic graph patterns with property paths, OPTIONAL,
UNION, MINUS, FILTER (NOT) EXISTS, BIND, GRAPH and VALUES, random
expressions, GROUP BY with aggregates, ASK. Differences it finds need
triage: Oxigraph's known deviations (its value-normalised literals, its
union of alternative paths, ...) show up too.
"""
import random
import sys

rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200
data = sys.argv[3] if len(sys.argv) > 3 else "social.trig"
PREDS = {"social.trig": ["foaf:knows", "foaf:name", "foaf:age", "foaf:nick", "a", ":worksFor", ":label", ":author", ":title", ":next", ":link", "rdfs:subClassOf", ":founded"],
         "values.trig": [":num", ":kind", ":odd", ":flag", ":when", ":day", ":mixed", ":grp", ":val", ":time", ":dur"],
         "gen": ["a", "schema:hasPart", "bv:imagingMethod", "bv:biosample", "bv:organism", "ome:physical_size_x", "bv:sizeX", "bv:acquisition", "ome:acquisition_date", "ome:instrument", "ome:lens_na", "ome:nominal_magnification", "bv:channel", "ome:fluor", "bv:annotation", "bv:key", "bv:value", "schema:name", "ome:name", "rdfs:subClassOf", "schema:datePublished", "schema:keywords"],
         "samples": ["a", "schema:name", "dcterms:title", "dcterms:identifier", "ome:value", "ome:k", "schema:hasPart", "schema:author", "ome:image", "ome:channel", "ome:exposure_time", "ome:position_x", "dcterms:license", "schema:additionalProperty", "schema:value", "ome:name"]}[data]
VARS = ["?a", "?b", "?c", "?d", "?e"]
CONSTS = {"social.trig": [":alice", ":bob", ":carol", ":dave", "foaf:Person", '"Alice"', "30", "25"],
          "values.trig": ["1", "2.5", '"a"', '"x"', "true", ":n01", ":g1", '"10"'],
          "gen": ["ome:Image", "bv:Study", "obo:FBbi_00000246", "1.4", "100", '"img_0000001"', "obo:NCBITaxon_9606", '"x"'],
          "samples": ["ome:Image", "schema:Dataset", '"1"', "1", "0.5e0", "true", '"Homo sapiens"', "ome:Channel"]}[data]
def term(vars_only=False):
    if vars_only or rnd.random() < 0.75:
        return rnd.choice(VARS)
    return rnd.choice(CONSTS)
def path():
    p = rnd.choice(PREDS)
    r = rnd.random()
    if r < 0.05: return "^" + p
    if r < 0.1: return p + "/" + rnd.choice(PREDS)
    if r < 0.13: return "(" + p + "|" + rnd.choice(PREDS) + ")"
    if r < 0.16: return p + rnd.choice(["*", "+", "?"])
    return p
def triple():
    return "%s %s %s" % (term(True) if rnd.random() < 0.9 else term(), path(), term())
def expr(d=0):
    r = rnd.random()
    v = rnd.choice(VARS)
    if d > 2 or r < 0.3:
        return rnd.choice([v, v, rnd.choice(CONSTS), "1", '"b"', "2.0e0"])
    ops = ["%s = %s", "%s != %s", "%s < %s", "%s > %s", "%s + %s", "%s * %s", "%s && %s", "%s || %s"]
    fns = ["STR(%s)", "STRLEN(STR(%s))", "BOUND(" + v + ")", "isIRI(%s)", "isLiteral(%s)", "LANG(%s)", "DATATYPE(%s)", "UCASE(STR(%s))", "COALESCE(%s, 0)", "IF(%s, 1, 2)", "ABS(%s)", "!(%s)", "CONTAINS(STR(%s), \"a\")", "REGEX(STR(%s), \"^[a-m]\", \"i\")", "SUBSTR(STR(%s), 2)", "ROUND(%s)", "isNumeric(%s)", "sameTerm(%s, " + v + ")"]
    if r < 0.65:
        return "(" + rnd.choice(ops) % (expr(d + 1), expr(d + 1)) + ")"
    f = rnd.choice(fns)
    return f % expr(d + 1) if "%s" in f else f
def group(d=0):
    parts = [triple() for _ in range(rnd.randint(1, 3))]
    out = " . ".join(parts)
    for _ in range(rnd.randint(0, 2)):
        r = rnd.random()
        if d < 2 and r < 0.3:
            out += " OPTIONAL { %s }" % group(d + 1)
        elif d < 2 and r < 0.4:
            out = "{ %s } UNION { %s }" % (out, group(d + 1))
        elif d < 2 and r < 0.5:
            out += " MINUS { %s }" % group(d + 1)
        elif r < 0.7:
            out += " FILTER(%s)" % expr()
        elif d < 2 and r < 0.78:
            out += " FILTER %sEXISTS { %s }" % (rnd.choice(["", "NOT "]), group(d + 1))
        elif r < 0.85:
            out += " BIND(%s AS ?z%d)" % (expr(), rnd.randint(0, 9))
        elif d < 2 and r < 0.92:
            out += " GRAPH ?g { %s }" % triple()
        else:
            out += " VALUES %s { %s }" % (VARS[0], " ".join(rnd.sample(CONSTS, 2)))
    return out
def query():
    g = group()
    r = rnd.random()
    if r < 0.25:
        v = rnd.choice(VARS)
        aggs = rnd.sample(["(COUNT(*) AS ?n)", "(COUNT(DISTINCT %s) AS ?nd)" % rnd.choice(VARS), "(SUM(%s) AS ?s)" % rnd.choice(VARS), "(MIN(%s) AS ?mn)" % rnd.choice(VARS), "(MAX(%s) AS ?mx)" % rnd.choice(VARS), "(AVG(%s) AS ?av)" % rnd.choice(VARS)], 2)
        return "SELECT %s %s { %s } GROUP BY %s" % (v, " ".join(aggs), g, v)
    if r < 0.35:
        return "SELECT (COUNT(*) AS ?n) { %s }" % g
    if r < 0.45:
        return "ASK { %s }" % g
    dist = "DISTINCT " if rnd.random() < 0.2 else ""
    return "SELECT %s* { %s }" % (dist, g)
sys.stdout.write("#@data %s\n" % data)
for i in range(N):
    sys.stdout.write("#@q r%d\n%s\n" % (i, query()))
