# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Real SPARQL client libraries against a running `mugdat serve`.

Usage: clients.py BASE_URL TOKEN. Uses SPARQLWrapper (every result format,
GET and POST, CONSTRUCT, error reporting) and rdflib's SPARQLStore /
Graph Store support. The data must hold the triples http_clients.sh puts
there. Prints `N passed, N failed`; exits non-zero on failure.
"""

import sys
import traceback

from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

BASE, TOKEN = sys.argv[1], sys.argv[2]
ENDPOINT = BASE + "/sparql"
passed = 0
failed = 0


def case(fn):
    global passed, failed
    try:
        fn()
        passed += 1
    except Exception:  # noqa: BLE001 - report any failure and go on
        failed += 1
        print("FAIL " + fn.__name__, file=sys.stderr)
        traceback.print_exc()


Q_SELECT = """PREFIX ex: <http://example.org/>
SELECT ?s ?name WHERE { ?s ex:name ?name } ORDER BY ?name"""


def wrapper(fmt, method=None):
    sw = SPARQLWrapper(ENDPOINT)
    sw.setQuery(Q_SELECT)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    return sw


@case
def sparqlwrapper_json():
    rows = wrapper(JSON).query().convert()["results"]["bindings"]
    names = [r["name"]["value"] for r in rows]
    assert names == ["Alice", "Bob", "Zoë"], names
    assert rows[0]["s"] == {"type": "uri", "value": "http://example.org/alice"}


@case
def sparqlwrapper_post_json():
    rows = wrapper(JSON, POST).query().convert()["results"]["bindings"]
    assert len(rows) == 3, rows


@case
def sparqlwrapper_xml():
    doc = wrapper(XML).query().convert()  # an xml.dom.minidom document
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == ["Alice", "Bob", "Zoë"], literals


@case
def sparqlwrapper_csv_tsv():
    csv = wrapper(CSV).query().convert().decode("utf-8").splitlines()
    assert csv[0] == "s,name" and csv[3] == "http://example.org/zoe,Zoë", csv
    tsv = wrapper(TSV).query().convert().decode("utf-8").splitlines()
    assert tsv[0] == "?s\t?name" and '"Zoë"' in tsv[3], tsv


@case
def sparqlwrapper_ask():
    sw = SPARQLWrapper(ENDPOINT)
    sw.setQuery('ASK { ?s <http://example.org/name> "Bob" }')
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


@case
def sparqlwrapper_construct():
    sw = SPARQLWrapper(ENDPOINT)
    sw.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    g = rdflib.Graph().parse(data=data, format="turtle")
    assert len(g) == 4, len(g)


@case
def sparqlwrapper_bad_query():
    sw = SPARQLWrapper(ENDPOINT)
    sw.setQuery("SELECT ?x WHERE { ?x ")
    sw.setReturnFormat(JSON)
    try:
        sw.query()
    except QueryBadFormed as e:
        assert "syntax error" in str(e), str(e)
        return
    raise AssertionError("no QueryBadFormed")


@case
def rdflib_sparqlstore_query():
    store = SPARQLStore(ENDPOINT)
    g = rdflib.ConjunctiveGraph(store=store)
    rows = list(g.query(Q_SELECT))
    assert [str(r.name) for r in rows] == ["Alice", "Bob", "Zoë"], rows
    assert str(rows[0].s) == "http://example.org/alice"


@case
def rdflib_sparqlstore_triples():
    store = SPARQLStore(ENDPOINT)
    g = rdflib.ConjunctiveGraph(store=store)
    name = rdflib.URIRef("http://example.org/name")
    found = sorted(str(o) for _, _, o in g.triples((None, name, None)))
    assert found == ["Alice", "Bob", "Zoë"], found
    assert len(store) >= 4


@case
def rdflib_parse_graph_store():
    # rdflib fetches a graph over the Graph Store Protocol by content negotiation
    g = rdflib.Graph()
    g.parse(BASE + "/data?graph=http://example.org/people", format="turtle")
    assert len(g) == 4, len(g)
    g2 = rdflib.Graph()
    g2.parse(BASE + "/data?graph=http://example.org/people&format=jsonld",
             format="json-ld")
    assert set(g2) == set(g)


@case
def sparqlwrapper_update():
    sw = SPARQLWrapper(ENDPOINT)
    sw.setMethod(POST)
    sw.addCustomHttpHeader("Authorization", "Bearer " + TOKEN)
    sw.setQuery('INSERT DATA { GRAPH <http://example.org/extra> '
                '{ <http://example.org/eve> <http://example.org/name> "Eve" } }')
    result = sw.query()
    assert result.response.status in (200, 204), result.response.status
    check = SPARQLWrapper(ENDPOINT)
    check.setQuery('ASK { GRAPH <http://example.org/extra> { ?s ?p "Eve" } }')
    check.setReturnFormat(JSON)
    assert check.query().convert()["boolean"] is True
    sw.setQuery("DROP GRAPH <http://example.org/extra>")
    sw.query()
    assert check.query().convert()["boolean"] is False


@case
def sparqlwrapper_update_needs_token():
    from urllib.error import HTTPError
    sw = SPARQLWrapper(ENDPOINT)
    sw.setMethod(POST)
    sw.setQuery("DROP ALL")
    try:
        sw.query()
    except HTTPError as e:  # SPARQLWrapper passes 401 through as HTTPError
        assert e.code == 401, e.code
    except Exception as e:  # noqa: BLE001 - some versions wrap it
        assert "401" in str(e), str(e)
    else:
        raise AssertionError("DROP ALL without a token was accepted")


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
