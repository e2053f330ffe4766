#!/usr/bin/python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Helper for run_rdf_syntax.sh: reads W3C RDF 1.1 syntax manifests and
checks N-Quads/N-Triples results for isomorphism.

  rdf_syntax_tool.py list SUITE_DIR...
      One TSV line per test, in manifest order:
      id  kind  format  action_path  result_path|-  base_iri
      id is "<suite>#<name>"; kind is pos, neg, eval or negeval.

  rdf_syntax_tool.py compare < PAIRS
      PAIRS: TSV lines "id  expected_path  actual_path". Prints
      "id  ok" or "id  fail  reason" per line. Quads in the graph
      urn:mugdat:provenance (MUGDAT's own bookkeeping) are ignored.

Uses rdflib (Debian python3-rdflib) to read the manifests and to compare
datasets with blank nodes; literals are compared by lexical form (literal
normalisation switched off), so "01"^^xsd:integer differs from "1".
"""

import sys

import rdflib
from rdflib import BNode, Literal, Namespace, RDF, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

rdflib.NORMALIZE_LITERALS = False

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = Namespace("http://www.w3.org/ns/rdftest#")
# The suites' documented homes; Turtle and TriG also state it as
# mf:assumedTestBase, N-Triples and N-Quads only in their README.
HOME = "https://w3c.github.io/rdf-tests/rdf/rdf11/"
PROVENANCE = URIRef("urn:mugdat:provenance")

KINDS = {
    "TestNTriplesPositiveSyntax": ("pos", "nt"),
    "TestNTriplesNegativeSyntax": ("neg", "nt"),
    "TestNQuadsPositiveSyntax": ("pos", "nq"),
    "TestNQuadsNegativeSyntax": ("neg", "nq"),
    "TestTurtlePositiveSyntax": ("pos", "ttl"),
    "TestTurtleNegativeSyntax": ("neg", "ttl"),
    "TestTurtleEval": ("eval", "ttl"),
    "TestTurtleNegativeEval": ("negeval", "ttl"),
    "TestTrigPositiveSyntax": ("pos", "trig"),
    "TestTrigNegativeSyntax": ("neg", "trig"),
    "TestTrigEval": ("eval", "trig"),
    "TestTrigNegativeEval": ("negeval", "trig"),
}


def list_suite(suite_dir):
    suite = suite_dir.rstrip("/").rsplit("/", 1)[-1]
    home = HOME + suite + "/"
    g = rdflib.Graph()
    g.parse(suite_dir + "/manifest.ttl", format="turtle", publicID=home + "manifest.ttl")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    base = str(g.value(manifest, MF.assumedTestBase) or home)
    if not base.endswith("/"):
        base += "/"
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(g.value(entry, MF.name))
        tid = f"{suite}#{name}"
        if g.value(entry, RDFT.approval) == RDFT.Rejected:
            continue
        t = str(g.value(entry, RDF.type)).rsplit("#", 1)[-1]
        if t not in KINDS:
            print(f"{tid}\tunknown\t-\t-\t-\t-", flush=True)
            continue
        kind, fmt = KINDS[t]
        action = str(g.value(entry, MF.action))
        if not action.startswith(home):
            raise SystemExit(f"rdf_syntax_tool: {tid}: action {action} outside {home}")
        file = action[len(home):]
        result = g.value(entry, MF.result)
        result_path = "-"
        if result is not None:
            result_path = suite_dir + "/" + str(result)[len(home):]
        print("\t".join([tid, kind, fmt, suite_dir + "/" + file, result_path, base + file]))


class NQuadsError(Exception):
    pass


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f",
          '"': '"', "'": "'", "\\": "\\"}


def _unescape(text, line_no, allow_echar):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = text[i + 1:i + 2]
        if e in ("u", "U"):
            n = 4 if e == "u" else 8
            digits = text[i + 2:i + 2 + n]
            if len(digits) != n or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise NQuadsError(f"line {line_no}: bad \\{e} escape")
            out.append(chr(int(digits, 16)))
            i += 2 + n
        elif allow_echar and e in _ECHAR:
            out.append(_ECHAR[e])
            i += 2
        else:
            raise NQuadsError(f"line {line_no}: bad escape \\{e}")
    return "".join(out)


def _parse_term(line, i, line_no):
    """Returns (term, next index) for the term starting at line[i]."""
    c = line[i]
    if c == "<":
        j = line.find(">", i)
        if j < 0:
            raise NQuadsError(f"line {line_no}: unterminated IRI")
        iri = _unescape(line[i + 1:j], line_no, False)
        if any(ch in iri for ch in ' <>"{}|^`\\') or ":" not in iri:
            raise NQuadsError(f"line {line_no}: bad IRI <{iri}>")
        return URIRef(iri), j + 1
    if line.startswith("_:", i):
        j = i + 2
        while j < len(line) and line[j] not in " \t<\"":
            j += 1
        label = line[i + 2:j]
        while label.endswith("."):  # "_:b." : the dot ends the statement
            label = label[:-1]
            j -= 1
        if not label:
            raise NQuadsError(f"line {line_no}: empty blank node label")
        return BNode(label), j
    if c == '"':
        j = i + 1
        while j < len(line) and line[j] != '"':
            j += 2 if line[j] == "\\" else 1
        if j >= len(line):
            raise NQuadsError(f"line {line_no}: unterminated literal")
        lex = _unescape(line[i + 1:j], line_no, True)
        j += 1
        if line.startswith("^^<", j):
            dt, j = _parse_term(line, j + 2, line_no)
            return Literal(lex, datatype=dt), j
        if line.startswith("@", j):
            k = j + 1
            while k < len(line) and (line[k].isalnum() or line[k] == "-"):
                k += 1
            return Literal(lex, lang=line[j + 1:k]), k
        return Literal(lex), j
    raise NQuadsError(f"line {line_no}: unexpected {line[i:i + 20]!r}")


def load_quads(path):
    """The quads of an N-Quads/N-Triples file as a set of (s, p, o, g), g None
    for the default graph. A small strict reader of our own: rdflib 6's
    N-Quads parser rejects some valid blank node labels and files its
    default-graph triples under generated graph names."""
    quads = set()
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            line = line.strip(" \t\r\n")
            if not line or line.startswith("#"):
                continue
            terms = []
            i = 0
            while True:
                while i < len(line) and line[i] in " \t":
                    i += 1
                if i >= len(line):
                    raise NQuadsError(f"line {line_no}: missing final '.'")
                if line[i] == ".":
                    rest = line[i + 1:].strip(" \t")
                    if rest and not rest.startswith("#"):
                        raise NQuadsError(f"line {line_no}: text after '.'")
                    break
                if len(terms) == 4:
                    raise NQuadsError(f"line {line_no}: more than four terms")
                term, i = _parse_term(line, i, line_no)
                terms.append(term)
            if len(terms) not in (3, 4):
                raise NQuadsError(f"line {line_no}: {len(terms)} terms")
            if (isinstance(terms[0], Literal) or not isinstance(terms[1], URIRef)
                    or (len(terms) == 4 and isinstance(terms[3], Literal))):
                raise NQuadsError(f"line {line_no}: term in the wrong position")
            g = terms[3] if len(terms) == 4 else None
            if g == PROVENANCE:
                continue
            quads.add((terms[0], terms[1], terms[2], g))
    return quads


def as_graph(quads):
    """Encodes a dataset as one graph so that rdflib's graph isomorphism
    (which maps blank nodes) decides dataset isomorphism: each quad becomes a
    fresh node with its four parts, so blank nodes shared between graphs
    and blank graph names keep their identity."""
    g = rdflib.Graph()
    q = Namespace("urn:mugdat:test:quad#")
    default = URIRef("urn:mugdat:test:default-graph")
    for s, p, o, gid in quads:
        n = BNode()
        g.add((n, q.s, s))
        g.add((n, q.p, p))
        g.add((n, q.o, o))
        g.add((n, q.g, default if gid is None else gid))
    return g


def has_bnode(quads):
    return any(isinstance(t, BNode) for quad in quads for t in quad)


def term_str(t):
    if t is None:
        return "DEFAULT"
    if isinstance(t, Literal):
        return t.n3()
    return t.n3()


def compare(expected_path, actual_path):
    try:
        expected = load_quads(expected_path)
    except Exception as e:  # noqa: BLE001 - report any parser failure
        return f"cannot read expected result: {e}"
    try:
        actual = load_quads(actual_path)
    except Exception as e:  # noqa: BLE001
        return f"cannot read dump: {str(e)[:200]}"
    if len(expected) != len(actual):
        return f"{len(actual)} quads dumped, {len(expected)} expected"
    if not has_bnode(expected) and not has_bnode(actual):
        missing = expected - actual
        if missing:
            extra = sorted(actual - expected, key=str)[:1]
            m = sorted(missing, key=str)[0]
            return ("missing " + " ".join(term_str(t) for t in m) +
                    ("; unexpected " + " ".join(term_str(t) for t in extra[0]) if extra else ""))
        return None
    if isomorphic(as_graph(expected), as_graph(actual)):
        return None
    return "not isomorphic (blank nodes)"


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        for d in sys.argv[2:]:
            list_suite(d)
        return
    if len(sys.argv) == 2 and sys.argv[1] == "compare":
        for line in sys.stdin:
            line = line.rstrip("\n")
            if not line:
                continue
            tid, expected, actual = line.split("\t")
            why = compare(expected, actual)
            print(f"{tid}\tok" if why is None else f"{tid}\tfail\t{why}", flush=True)
        return
    print(__doc__, file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
