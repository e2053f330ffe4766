#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Differential SPARQL suite: MUGDAT's answers against Oxigraph's.

Every bench/diff/queries/*.rq file is a list of queries over one dataset:

  #@data values.trig          dataset of the file (bench/diff/data/, `gen` or
                              `samples`)
  #@q NAME                    starts a query; its text runs to the next #@q
  #@unordered                 (inside a query) ORDER BY has ties: compare as multisets
  #@deviation SECTION: WHY    Oxigraph is wrong here by the spec; MUGDAT's
  #@expect                    answer is checked against the rows that follow
  #@row <cell>\t<cell>...     (an #@expect row: SPARQL TSV terms, columns in
                              the order of the variable names; `true`/`false`
                              for ASK; #@expect with no rows: an empty answer)

The standard prefixes below are prepended to every query. The `gen` dataset
is bench/gen_bioimage's 30k statements (seed 7); `samples` is what `mugdat
ingest` makes of the repository's sample metadata ($MUGDAT_TESTDATA/samples:
IDR, REMBI, RO-Crate, OME-XML, BIDS, ARC), dumped as N-Quads for Oxigraph
(its queries are skipped when the samples are missing). Both engines see the union
of all graphs as the default graph.

Comparison: SELECT as multisets of rows (in order under a top-level ORDER
BY); terms exactly, except that numeric literals compare by datatype and
value (Oxigraph stores "1.50"^^xsd:decimal as "1.5"; doubles and floats to
12 significant digits, as sums depend on the order of additions), language
tags ignore case (RDF 1.1) and blank nodes only as blank. CONSTRUCT and DESCRIBE compare
as graphs (blank nodes by their neighbourhood), ASK as a boolean. A query
both engines refuse agrees. Prints one line per disagreement and ends with
"N passed, N failed"; exit status 1 when any failed.

  bench/diff/diff.py --mugdat build/src/mugdat --gen build/bench/gen_bioimage
"""

import argparse
import glob
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIXES = """PREFIX : <http://example.org/>
PREFIX ex: <http://example.org/>
PREFIX ome: <https://ld.openmicroscopy.org/core/>
PREFIX bv: <https://example.org/bia/vocab/>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
# Oxigraph stores a literal of a type derived from xsd:integer (xsd:int,
# xsd:byte, ...) as an xsd:integer, so they compare as xsd:integer.
INT_RE = re.compile(r"^[+-]?\d+$")
DEC_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
DBL_RE = re.compile(r"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$")

OXIGRAPH_JS = r"""
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const require = createRequire(process.argv[2] + "/");
const ox = require("oxigraph");
const job = JSON.parse(readFileSync(process.argv[3], "utf8"));
const stores = {};
for (const [name, [path, format]] of Object.entries(job.datasets)) {
  const s = new ox.Store();
  s.load(readFileSync(path, "utf8"), { format, no_transaction: true });
  // The default graph is the union of all graphs as a set (an RDF graph,
  // as in MUGDAT): copy every named graph's triples into it. Oxigraph's
  // use_default_graph_as_union would repeat a triple held by two graphs.
  for (const q of s.match(null, null, null, null))
    if (q.graph.termType !== "DefaultGraph")
      s.add(ox.quad(q.subject, q.predicate, q.object, ox.defaultGraph()));
  stores[name] = s;
}
const out = {};
for (const q of job.queries) {
  try {
    out[q.name] = stores[q.data].query(q.text, {
      results_format: q.graph ? "application/n-triples" : "json" });
  } catch (e) { out[q.name] = "ERROR " + e; }
}
process.stdout.write(JSON.stringify(out));
"""


# ---- terms -------------------------------------------------------------

def norm_literal(lex, dt, lang):
    """A literal's comparison key: numbers by datatype and value."""
    if lang:
        return '"%s"@%s' % (lex, lang.lower())
    if dt is None or dt == XSD + "string":
        return '"%s"' % lex
    try:
        if dt in INTEGERS and INT_RE.match(lex.strip()):
            return "%sinteger:%d" % (XSD, int(lex))
        if dt == XSD + "decimal" and DEC_RE.match(lex.strip()):
            return "%s:%s" % (dt, Decimal(lex).normalize())
        if dt in (XSD + "double", XSD + "float") and DBL_RE.match(lex.strip()):
            v = float(lex)
            if not math.isinf(v) and not math.isnan(v):
                v = float("%.7g" % v if dt == XSD + "float" else "%.12g" % v)
            return "%s:%r" % (dt, v)
        if dt == XSD + "dateTime" and re.match(r"^-?\d{4,}-\d\d-\d\dT", lex):
            # Oxigraph stores dateTimes by value: ".000" and "+00:00" go
            m = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d*)?(.*)$", lex)
            frac = (m.group(2) or "").rstrip("0").rstrip(".")
            tz = "Z" if m.group(3) in ("+00:00", "-00:00") else m.group(3)
            return '"%s%s%s"^^<%s>' % (m.group(1), frac, tz, dt)
        if dt in (XSD + "duration", XSD + "dayTimeDuration",
                  XSD + "yearMonthDuration"):
            # Oxigraph stores durations by value: "PT36H" reads "P1DT12H"
            m = re.match(r"^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?"
                         r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$", lex)
            if m:
                g = [int(x) if x else 0 for x in m.groups()[1:6]]
                secs = Decimal(m.group(7) or 0) + g[2] * 86400 + \
                    g[3] * 3600 + g[4] * 60
                sign = -1 if m.group(1) else 1
                return "%s:%d:%s" % (dt, sign * (g[0] * 12 + g[1]),
                                     (sign * secs).normalize())
        if dt == XSD + "boolean" and lex in ("true", "false", "1", "0"):
            return "%s:%s" % (dt, lex in ("true", "1"))
    except (ValueError, InvalidOperation):
        pass
    return '"%s"^^<%s>' % (lex, dt)


def json_term(t):
    if t is None:
        return ""
    if t["type"] == "uri":
        return "<%s>" % t["value"]
    if t["type"] == "bnode":
        return "_:"
    return norm_literal(t["value"], t.get("datatype"), t.get("xml:lang"))


UNESC = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\", "'": "'",
         "b": "\b", "f": "\f"}


def parse_term(s, i):
    """Parses one N-Triples/TSV term at s[i:]; returns (key, next index)."""
    while i < len(s) and s[i] in " \t":
        i += 1
    c = s[i]
    if c == "<":
        j = s.index(">", i)
        return "<%s>" % s[i + 1:j], j + 1
    if c == "_":
        j = i + 2
        while j < len(s) and s[j] not in " \t":
            j += 1
        return "_:", j
    if c == '"':
        j, out = i + 1, []
        while s[j] != '"':
            if s[j] == "\\":
                e = s[j + 1]
                if e == "u":
                    out.append(chr(int(s[j + 2:j + 6], 16)))
                    j += 6
                elif e == "U":
                    out.append(chr(int(s[j + 2:j + 10], 16)))
                    j += 10
                else:
                    out.append(UNESC[e])
                    j += 2
            else:
                out.append(s[j])
                j += 1
        lex, j = "".join(out), j + 1
        if s.startswith("@", j):
            k = j + 1
            while k < len(s) and (s[k].isalnum() or s[k] == "-"):
                k += 1
            return norm_literal(lex, None, s[j + 1:k]), k
        if s.startswith("^^<", j):
            k = s.index(">", j)
            return norm_literal(lex, s[j + 3:k], None), k + 1
        return norm_literal(lex, None, None), j
    # a bare TSV number or boolean
    j = i
    while j < len(s) and s[j] not in " \t":
        j += 1
    w = s[i:j]
    if w in ("true", "false"):
        return norm_literal(w, XSD + "boolean", None), j
    if INT_RE.match(w):
        return norm_literal(w, XSD + "integer", None), j
    if DEC_RE.match(w):
        return norm_literal(w, XSD + "decimal", None), j
    return norm_literal(w, XSD + "double", None), j


def tsv_row(line):
    return tuple(parse_term(c, 0)[0] if c else "" for c in line.split("\t"))


# ---- answers -----------------------------------------------------------

def canon_graph(text):
    """A graph as a sorted list of triples, blank nodes named by a hash of
    their neighbourhood (a few rounds of refinement)."""
    triples, bn = [], {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms, i = [], 0
        for _ in range(3):
            if line[i:].lstrip().startswith("_:"):
                k = line.index("_:", i)
                j = k + 2
                while line[j] not in " \t":
                    j += 1
                terms.append(("b", line[k:j]))
                i = j
            else:
                t, i = parse_term(line, i)
                terms.append(("t", t))
        triples.append(terms)
        for kind, v in terms:
            if kind == "b":
                bn[v] = "b"
    for _ in range(4):
        new = {}
        for b in bn:
            sig = []
            for t in triples:
                for pos, (kind, v) in enumerate(t):
                    if kind == "b" and v == b:
                        sig.append((pos, tuple(x if k == "t" else "B" + bn[x]
                                               for k, x in t)))
            new[b] = hashlib.sha1(repr(sorted(sig)).encode()).hexdigest()[:12]
        bn = new
    return sorted({tuple(v if k == "t" else "_:" + bn[v] for k, v in t)
                   for t in triples})  # a graph is a set


def answer(text, form):
    """An engine's answer as a comparable value, or ('error', message)."""
    if text.startswith("ERROR"):
        return ("error", text)
    if form == "graph":
        return ("graph", canon_graph(text))
    j = json.loads(text)
    if "boolean" in j:
        return ("bool", j["boolean"])
    vs = sorted(j["head"].get("vars", []))  # SELECT * orders them freely
    return ("rows", vs, [tuple(json_term(b.get(v)) for v in vs)
                         for b in j["results"]["bindings"]])


def same(a, b, ordered):
    if a[0] == "error" or b[0] == "error":
        return a[0] == b[0]
    if a[0] != b[0]:
        return False
    if a[0] == "rows":
        if a[1] != b[1]:
            return False
        return a[2] == b[2] if ordered else sorted(a[2]) == sorted(b[2])
    return a[1] == b[1]


def show(a, full=False, ordered=False):
    if a[0] == "rows":
        rows = (a[2] if ordered else sorted(a[2])) if full else a[2][:8]
        return "%s %d rows:%s" % (a[1], len(a[2]), "".join(
            "\n      " + " | ".join(r) for r in rows) if full else rows)
    if a[0] == "graph":
        return "%d triples: %s" % (len(a[1]), a[1][:6])
    return repr(a[1])[:600]


# ---- queries -----------------------------------------------------------

def strip_comments(text):
    return re.sub(r"(?m)#[^\n]*$", "", re.sub(r'"[^"\n]*"', '""', text))


def query_form(text):
    body = re.sub(r"(?is)(PREFIX\s+\S*:\s*<[^>]*>|BASE\s*<[^>]*>)", " ",
                  strip_comments(text))
    m = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    return "graph" if m and m.group(1).upper() in ("CONSTRUCT", "DESCRIBE") \
        else "result"


def top_ordered(text):
    """True if the query's top level (after its last '}') has ORDER BY."""
    body = strip_comments(text)
    return re.search(r"(?i)ORDER\s+BY", body[body.rfind("}"):]) is not None


def load_suite(path):
    data, queries, cur = None, [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("#@data "):
            data = line.split()[1]
        elif line.startswith("#@q "):
            cur = {"name": os.path.basename(path)[:-3] + "/" + line.split()[1],
                   "data": data, "lines": [], "unordered": False,
                   "deviation": None, "expect": None, "src": path}
            queries.append(cur)
        elif cur is None:
            continue
        elif line.startswith("#@unordered"):
            cur["unordered"] = True
        elif line.startswith("#@deviation "):
            cur["deviation"] = line[len("#@deviation "):].strip()
        elif line.startswith("#@expect"):
            cur["expect"] = []
        elif line.startswith("#@row"):
            cur["expect"].append(line[len("#@row"):].strip("\n").lstrip(" "))
        else:
            cur["lines"].append(line)
    for q in queries:
        q["text"] = PREFIXES + "".join(q.pop("lines")).strip() + "\n"
        q["graph"] = query_form(q["text"]) == "graph"
        q["ordered"] = top_ordered(q["text"]) and not q["unordered"]
    return queries


def expected_answer(q, mine):
    rows = q["expect"]
    if len(rows) == 1 and rows[0] in ("true", "false"):
        return ("bool", rows[0] == "true")
    if q["graph"]:
        return ("graph", canon_graph("\n".join(r + " ." for r in rows)))
    # #@row cells are in the order of the variables' names
    vs = mine[1] if mine[0] == "rows" else []
    return ("rows", vs, [tsv_row(r) for r in rows])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mugdat", default="src/mugdat")
    ap.add_argument("--gen", default="bench/gen_bioimage")
    ap.add_argument("--node-modules",
                    default=os.path.join(HERE, "..", "node_modules"))
    ap.add_argument("--only", help="regular expression on query names")
    ap.add_argument("--queries", default=os.path.join(HERE, "queries"),
                    help="directory of the *.rq files")
    ap.add_argument("--testdata", default=os.environ.get(
        "MUGDAT_TESTDATA", os.path.join(HERE, "..", "..", "..", "shared")))
    ap.add_argument("--keep", help="work directory to keep (default: temporary)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--counts", action="store_true",
                    help="print each query's answer size (spot vacuous ones)")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.node_modules, "oxigraph")):
        print(f"SKIP: no oxigraph in {args.node_modules}", file=sys.stderr)
        print("0 passed, 0 failed, 1 skipped")
        return 0
    queries = []
    for f in sorted(glob.glob(os.path.join(args.queries, "*.rq"))):
        queries += load_suite(f)
    if args.only:
        queries = [q for q in queries if re.search(args.only, q["name"])]
    names = [q["name"] for q in queries]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        print("duplicate query names: %s" % sorted(dup))
        return 2
    samples = os.path.join(args.testdata, "samples")
    skipped = 0
    if not os.path.isdir(samples):
        skipped = sum(q["data"] == "samples" for q in queries)
        queries = [q for q in queries if q["data"] != "samples"]
        if skipped:
            print("SKIP: %d queries on the samples: no %s" % (skipped, samples),
                  file=sys.stderr)
    work = args.keep or tempfile.mkdtemp(prefix="mgd-sparql-diff-")
    os.makedirs(work, exist_ok=True)
    try:
        datasets = {}
        for name in sorted({q["data"] for q in queries}):
            if name == "samples":
                path = os.path.join(work, "samples.nq")
                fmt = "application/n-quads"
            elif name == "gen":
                path = os.path.join(work, "gen.nq")
                subprocess.run([args.gen, "-n", "30000", "-s", "7", "-f", "nq",
                                "-o", path], check=True, capture_output=True)
                fmt = "application/n-quads"
            else:
                path = os.path.join(HERE, "data", name)
                fmt = "application/trig"
            db = os.path.join(work, "db-" + name)
            shutil.rmtree(db, ignore_errors=True)
            subprocess.run([args.mugdat, "init", "--db", db], check=True,
                           capture_output=True)
            if name == "samples":
                s = samples
                r = subprocess.run(
                    [args.mugdat, "ingest", "--db", db, "--keep-going",
                     s + "/idr/idr0011-study.txt", s + "/idr/idr0036-study.txt",
                     s + "/idr/idr0038-study.txt", s + "/rembi", s + "/ro-crate",
                     s + "/ome-xml", s + "/bids-micr", s + "/arc"],
                    capture_output=True, text=True)
                if r.returncode == 0:
                    with open(path, "w", encoding="utf-8") as f:
                        r = subprocess.run([args.mugdat, "dump", "--db", db,
                                            "--format", "nq"], stdout=f,
                                           stderr=subprocess.PIPE, text=True)
            else:
                r = subprocess.run([args.mugdat, "load", "--db", db, path],
                                   capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL: mugdat load %s: %s" % (name, r.stderr.strip()))
                print("0 passed, %d failed" % len(queries))
                return 1
            datasets[name] = (os.path.abspath(path), fmt, db)
        job = {"datasets": {k: v[:2] for k, v in datasets.items()},
               "queries": [{k: q[k] for k in ("name", "data", "text", "graph")}
                           for q in queries]}
        jfile = os.path.join(work, "job.json")
        with open(jfile, "w", encoding="utf-8") as f:
            json.dump(job, f)
        js = os.path.join(work, "oxigraph.mjs")
        with open(js, "w", encoding="utf-8") as f:
            f.write(OXIGRAPH_JS)
        ox = json.loads(subprocess.run(
            ["node", js, os.path.abspath(args.node_modules), jfile],
            check=True, capture_output=True, text=True).stdout)
        passed = failed = devs = 0
        for q in queries:
            r = subprocess.run([args.mugdat, "query", "--db",
                                datasets[q["data"]][2], "--format",
                                "nt" if q["graph"] else "json", q["text"]],
                               capture_output=True, text=True)
            mine_text = r.stdout if r.returncode == 0 else "ERROR " + r.stderr
            form = "graph" if q["graph"] else "result"
            try:
                mine = answer(mine_text, form)
            except (ValueError, KeyError, IndexError) as e:
                mine = ("error", "unreadable answer: %s: %s" % (e, mine_text[:300]))
            theirs = answer(ox[q["name"]], form)
            if q["expect"] is not None:
                devs += 1
                want = expected_answer(q, mine)
                ok = same(mine, want, q["ordered"])
                if args.verbose:
                    print("DEVIATION %s (%s): oxigraph %s" %
                          (q["name"], q["deviation"], show(theirs)))
                if same(theirs, want, q["ordered"]):
                    print("NOTE %s: oxigraph now gives the expected answer; "
                          "drop the deviation" % q["name"])
            else:
                want = theirs
                ok = same(mine, theirs, q["ordered"])
            if args.counts:
                size = len(mine[2]) if mine[0] == "rows" else \
                    len(mine[1]) if mine[0] == "graph" else mine[1]
                print("%-50s %s" % (q["name"], size))
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s\n  mugdat   %s\n  %s %s" %
                      (q["name"], show(mine, args.verbose, q["ordered"]),
                       "expected" if q["expect"] is not None else "oxigraph",
                       show(want, args.verbose, q["ordered"])))
        print("%d queries, %d checked against hand-verified answers "
              "(Oxigraph deviates)" % (len(queries), devs), file=sys.stderr)
        print("%d passed, %d failed%s" % (passed, failed,
                                          ", %d skipped" % skipped if skipped else ""))
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
