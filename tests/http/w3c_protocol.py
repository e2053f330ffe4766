# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""W3C SPARQL 1.1 Protocol and Graph Store Protocol tests against
`mugdat serve`.

Usage: w3c_protocol.py MUGDAT TESTDATA. Reads
TESTDATA/conformance/sparql11/protocol/manifest.ttl and
graph-store-protocol/manifest-indirect.ttl (never copied into the repo),
runs every test's HTTP requests in order against a fresh server and
database, and checks the expected status, result format, boolean, Location,
Content-Type and (by graph isomorphism) RDF body. One count per W3C test.
Known failures are listed below with their reason and counted as skipped
while they fail; a listed test that passes counts as passed and is reported
so it can leave the list. Prints `N passed, N failed, N skipped`.
"""

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.dom.minidom

import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = rdflib.RDFS

PROTO = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
GSP = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/http-rdf-update/manifest#"

# Test IRI -> why it fails today. Counted as skipped while it fails.
KNOWN_FAILURES = {
}

STATUS = {
    "OK": {200}, "Created": {201}, "NoContent": {204}, "NotFound": {404},
    "BadRequest": {400}, "MethodNotAllowed": {405},
    "StatusCode2xx": set(range(200, 300)), "StatusCode3xx": set(range(300, 400)),
    "StatusCode4xx": set(range(400, 500)), "StatusCode5xx": set(range(500, 600)),
}

RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values")
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld", "application/rdf+xml": "xml",
             "application/n-quads": "nquads", "application/trig": "trig"}


class Server:
    def __init__(self, mugdat, tmp):
        self.dir = tempfile.mkdtemp(dir=tmp)
        db = os.path.join(self.dir, "db")
        subprocess.run([mugdat, "init", "--db", db], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(self.dir, "token"), "w") as f:
            f.write("w3c")
        self.log = open(os.path.join(self.dir, "log"), "w+")
        self.proc = subprocess.Popen(
            [mugdat, "serve", "--db", db, "--port", "0",
             "--write-token-file", os.path.join(self.dir, "token")],
            stderr=self.log)
        self.port = None
        for _ in range(200):
            self.log.seek(0)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.025)
        if not self.port:
            raise RuntimeError("server did not start")

    def request(self, method, path, headers, body):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def stop(self):
        """Stop the server; a problem string if it did not stop cleanly."""
        self.proc.terminate()
        code = self.proc.wait(timeout=30)
        self.log.seek(0)
        log = self.log.read()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        if code != 0:
            return f"SERVER: exit status {code}"
        if "Sanitizer" in log or "runtime error" in log:
            return "SERVER: sanitizer report: " + log[-2000:]
        return None


def status_ok(g, resp, code):
    allowed = set()
    for s in g.objects(resp, MF.expectedStatus):
        name = str(s).rsplit("#", 1)[-1]
        allowed |= STATUS.get(name, set())
    return not allowed or code in allowed


def boolean_of(ctype, data):
    if ctype == "application/sparql-results+json":
        return json.loads(data)["boolean"]
    if ctype == "application/sparql-results+xml":
        doc = xml.dom.minidom.parseString(data)
        return doc.getElementsByTagName("boolean")[0].firstChild.data == "true"
    raise AssertionError("no boolean in " + ctype)


def check_response(g, resp, code, headers, data, base):
    problems = []
    if not status_ok(g, resp, code):
        problems.append(f"status {code}: {data[:200]!r}")
        return problems
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = g.value(resp, MF.expectedFormat)
    if fmt is not None:
        fmt = str(fmt)
        if fmt in ("boolean", "tabular") and ctype not in RESULT_TYPES:
            problems.append(f"{fmt} expected, got {ctype}")
        if fmt == "RDF" and ctype not in RDF_TYPES:
            problems.append(f"RDF expected, got {ctype}")
    expected_bool = g.value(resp, MF.expectedBoolean)
    if expected_bool is not None and not problems:
        if boolean_of(ctype, data) != expected_bool.toPython():
            problems.append(f"boolean is not {expected_bool}")
    for h in items(g, g.value(resp, HT.headers)):
        name = str(g.value(h, HT.fieldName)).lower()
        want = str(g.value(h, HT.fieldValue))
        got = headers.get(name, "")
        if name == "content-type":
            norm = lambda v: v.replace(" ", "").lower()
            if norm(got) != norm(want):
                problems.append(f"content-type {got!r} != {want!r}")
    body = g.value(resp, HT.body)
    if body is not None and not problems:
        want_text = str(g.value(body, CNT.chars))
        fmt_name = RDF_TYPES.get(ctype)
        if fmt_name is None:
            problems.append(f"cannot compare body of type {ctype}")
        else:
            want_g = rdflib.Graph().parse(data=want_text, format=fmt_name, publicID=base)
            got_g = rdflib.Graph().parse(data=data.decode("utf-8"), format=fmt_name,
                                         publicID=base)
            if not isomorphic(want_g, got_g):
                problems.append("body is not isomorphic to the expected graph:\n"
                                + data.decode("utf-8", "replace")[:400])
    return problems


def items(g, node):
    return list(Collection(g, node)) if node is not None else []


def load_graph_data(g, test, server, manifest_dir):
    for gd in g.objects(test, UT.graphData):
        name = str(g.value(gd, RDFS.label))
        path = os.path.join(manifest_dir, os.path.basename(str(g.value(gd, UT.graph))))
        with open(path, "rb") as f:
            code, _, data = server.request(
                "PUT", "/data?graph=" + urllib.parse.quote(name, safe=""),
                {"Content-Type": "application/n-triples", "Authorization": "Bearer w3c"},
                f.read())
        if code not in (201, 204):
            raise RuntimeError(f"loading {path}: {code} {data!r}")


def map_path(path):
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/sparql"):
        return path
    if path.startswith("/gsp"):
        return "/data" + path[len("/gsp"):]
    return path


def run_test(g, test, mugdat, tmp, manifest_dir):
    server = Server(mugdat, tmp)
    why = None
    try:
        load_graph_data(g, test, server, manifest_dir)
        base = f"http://127.0.0.1:{server.port}"
        variables = {}
        action = g.value(test, MF.action)
        for i, req in enumerate(items(g, g.value(action, HT.requests)), 1):
            method = str(g.value(req, HT.methodName))
            path = str(g.value(req, HT.absolutePath))
            for k, v in variables.items():
                path = path.replace(k, v)
            headers = {"Authorization": "Bearer w3c", "Host": f"127.0.0.1:{server.port}"}
            for h in items(g, g.value(req, HT.headers)):
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            b = g.value(req, HT.body)
            if b is not None:
                text = str(g.value(b, CNT.chars))
                for k, v in variables.items():
                    text = text.replace(k, v)
                body = text.encode(str(g.value(b, CNT.characterEncoding) or "UTF-8"))
            code, rheaders, data = server.request(method, map_path(path), headers, body)
            resp = g.value(req, HT.resp)
            problems = check_response(g, resp, code, rheaders, data, base)
            loc = g.value(resp, MF.expectedLocation)
            if loc is not None and not problems:
                if "location" not in rheaders:
                    problems.append("no Location header")
                else:
                    variables[str(loc)] = rheaders["location"]
            if problems:
                why = f"request {i} ({method} {path[:80]}): " + "; ".join(problems)
                break
    finally:
        stopped = server.stop()
    return stopped or why  # a broken server fails even a listed test


def main():
    mugdat, testdata = sys.argv[1], sys.argv[2]
    root = os.path.join(testdata, "conformance", "sparql11")
    manifests = [os.path.join(root, "protocol", "manifest.ttl"),
                 os.path.join(root, "graph-store-protocol", "manifest-indirect.ttl")]
    passed = failed = skipped = 0
    tmp = tempfile.mkdtemp(prefix="mugdat-w3c-")
    try:
        for manifest in manifests:
            g = rdflib.Graph().parse(manifest, format="turtle")
            top = next(g.subjects(rdflib.RDF.type, MF.Manifest))
            for test in items(g, g.value(top, MF.entries)):
                try:
                    why = run_test(g, test, mugdat, tmp, os.path.dirname(manifest))
                except Exception as e:  # noqa: BLE001 - a broken test is a failure
                    why = f"{type(e).__name__}: {e}"
                known = KNOWN_FAILURES.get(str(test))
                if why is None:
                    passed += 1
                    if known:
                        print(f"NOTE {test} passes now; remove it from KNOWN_FAILURES",
                              file=sys.stderr)
                elif known and not why.startswith("SERVER:"):
                    skipped += 1
                    if os.environ.get("MUGDAT_W3C_VERBOSE"):
                        print(f"SKIP {test} ({known}): {why}", file=sys.stderr)
                else:
                    failed += 1
                    print(f"FAIL {test}: {why}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
