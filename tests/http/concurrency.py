# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""What a SPARQL client checks, under concurrency (tests/cli/http_concurrency.sh).

Against a running `mugdat serve` (with bench/gen_bioimage data loaded):

 1. 64 clients at once, half on kept-alive connections and half with a new
    connection per request, run the bench queries and point queries in
    every result format (JSON, XML, CSV, TSV; N-Triples, Turtle for
    CONSTRUCT), some with gzip: no 5xx, every answer has the asked
    Content-Type, Vary, and a complete body that parses with the row count
    the JSON answer of the same query has.
 2. A Graph Store PUT replaces a graph over and over (two contents of
    different sizes) while readers COUNT it and GET it: every reader sees
    one whole version, never a mix or a part.
 3. A slow reader holds a large answer open (a query, a Graph Store GET):
    meanwhile no store transaction is open (answers are spooled) and point
    queries answer.
 4. A client that closes its connection while a huge answer is being
    produced: the server stops working on it long before its time limit.
 5. mugdat_http_work_slots is what the server was started with, and the
    work gauge never went above it.

usage: concurrency.py BASE_URL TOKEN QUERY_DIR SECONDS SLOTS
Prints failures and a last line `N passed, N failed`.
"""
import csv
import glob
import gzip
import http.client
import io
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

SELECT_FORMATS = [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
]
GRAPH_FORMATS = [
    ("application/n-triples", "application/n-triples"),
    ("text/turtle", "text/turtle"),
]
RES = "{http://www.w3.org/2005/sparql-results#}"


class Conn:
    def __init__(self, host, port, keepalive):
        self.host, self.port, self.keepalive = host, port, keepalive
        self.c = None

    def req(self, method, path, body=None, headers=None, timeout=60):
        headers = dict(headers or {})
        if not self.keepalive:
            headers["Connection"] = "close"
        for attempt in (0, 1):
            if self.c is None:
                self.c = http.client.HTTPConnection(self.host, self.port,
                                                    timeout=timeout)
            try:
                self.c.request(method, path, body=body, headers=headers)
                r = self.c.getresponse()
                data = r.read()
                hd = {k.lower(): v for k, v in r.getheaders()}
                if not self.keepalive or r.will_close:
                    self.close()
                return r.status, hd, data
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError):
                # a kept-alive connection closed while idle: retry once
                self.close()
                if attempt or not self.keepalive:
                    raise
        raise RuntimeError("unreachable")

    def close(self):
        if self.c is not None:
            self.c.close()
            self.c = None


def post_query(conn, q, accept, gz=False):
    h = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
    if gz:
        h["Accept-Encoding"] = "gzip"
    return conn.req("POST", "/sparql", urllib.parse.urlencode({"query": q}), h)


def n_rows(ctype, data):
    """Rows in a complete answer; raises if it does not parse."""
    text = data.decode("utf-8")
    if ctype == "application/sparql-results+json":
        doc = json.loads(text)
        return len(doc["results"]["bindings"]) if "results" in doc else -1
    if ctype == "application/sparql-results+xml":
        root = ET.fromstring(data)
        if root.find(RES + "boolean") is not None:
            return -1
        return len(root.find(RES + "results").findall(RES + "result"))
    if ctype == "text/csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        width = len(rows[0])
        if any(len(r) != width for r in rows):
            raise ValueError("CSV rows of different widths")
        return len(rows) - 1
    if ctype == "text/tab-separated-values":
        lines = text.split("\n")
        if lines[-1] != "":
            raise ValueError("TSV does not end with a newline")
        width = lines[0].count("\t")
        if any(ln.count("\t") != width for ln in lines[:-1]):
            raise ValueError("TSV rows of different widths")
        return len(lines) - 2
    if ctype == "application/n-triples":
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if any(not ln.rstrip().endswith(".") for ln in lines):
            raise ValueError("an N-Triples line is cut")
        return len(set(lines))
    if ctype == "text/turtle":
        if text.strip() and not text.rstrip().endswith("."):
            raise ValueError("Turtle is cut")
        return -2
    raise ValueError("no parser for " + ctype)


def main():
    base, token, qdir = sys.argv[1], sys.argv[2], sys.argv[3]
    seconds, slots = float(sys.argv[4]), int(sys.argv[5])
    u = urllib.parse.urlsplit(base)
    host, port = u.hostname, u.port
    queries = [open(p, encoding="utf-8").read()
               for p in sorted(glob.glob(os.path.join(qdir, "*.rq")))]
    checks = []

    def check(name, ok, why=""):
        checks.append((name, bool(ok), why))

    c0 = Conn(host, port, True)
    st, hd, data = post_query(c0, "SELECT ?s WHERE { ?s a ?c } LIMIT 500",
                              "application/sparql-results+json")
    subjects = [b["s"]["value"] for b in json.loads(data)["results"]["bindings"]
                if b["s"]["type"] == "uri"] if st == 200 else []
    check("sample subjects", len(subjects) > 10, str(st))
    if not subjects:
        subjects = ["urn:x"]

    # Reference row counts (JSON, one client): other formats must agree.
    expect = {}
    for q in queries:
        st, hd, data = post_query(c0, q, "application/sparql-results+json, "
                                         "application/n-triples;q=0.9")
        if st == 200:
            expect[q] = n_rows(hd.get("content-type", "").split(";")[0], data)
    check("every bench query answers alone", len(expect) == len(queries),
          "%d of %d" % (len(expect), len(queries)))

    # Work gauge sampler (5.)
    max_working = [0]
    sampler_stop = threading.Event()

    def metric(name):
        c = Conn(host, port, False)
        st, hd, data = c.req("GET", "/metrics")
        for line in data.decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return None

    def sampler():
        while not sampler_stop.is_set():
            v = metric("mugdat_http_working")
            if v is not None:
                max_working[0] = max(max_working[0], v)
            time.sleep(0.05)

    # 1. 64 clients, every format
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    errors, counts, statuses = [], [0], {}

    def client(i):
        rng = random.Random(i)
        conn = Conn(host, port, keepalive=i % 2 == 0)
        while time.monotonic() < stop:
            if rng.random() < 0.4:
                q = rng.choice(queries)
            else:
                s = rng.choice(subjects)
                q = rng.choice(["SELECT ?p ?o WHERE { <%s> ?p ?o }" % s,
                                "ASK { <%s> ?p ?o }" % s])
            graph_form = q.lstrip().upper().startswith("CONSTRUCT") or \
                "\nCONSTRUCT" in q.upper()
            accept, want = rng.choice(GRAPH_FORMATS if graph_form
                                      else SELECT_FORMATS)
            if q.startswith("ASK") and want.startswith("text/"):
                accept, want = SELECT_FORMATS[rng.randrange(2)]
            gz = rng.random() < 0.3
            try:
                st, hd, data = post_query(conn, q, accept, gz)
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
                if st != 200:
                    raise ValueError("status %d: %s" % (st, data[:200]))
                ctype = hd.get("content-type", "").split(";")[0].strip()
                if ctype != want:
                    raise ValueError("asked %s, got %s" % (want, ctype))
                if "accept" not in hd.get("vary", "").lower():
                    raise ValueError("no Vary: Accept")
                enc = hd.get("content-encoding")
                if enc and not gz:
                    raise ValueError("Content-Encoding %s not asked for" % enc)
                if enc == "gzip":
                    data = gzip.decompress(data)
                rows = n_rows(ctype, data)
                ref = expect.get(q)
                if ref is not None and ref >= 0 and rows >= 0 and rows != ref:
                    raise ValueError("%d rows as %s, %d as JSON: %s" % (
                        rows, ctype, ref, q[:80]))
                with lock:
                    counts[0] += 1
            except Exception as e:  # noqa: BLE001 - every failure counts
                conn.close()
                with lock:
                    errors.append("%s: %s" % (type(e).__name__, e))
        conn.close()

    samp = threading.Thread(target=sampler)
    samp.start()
    ths = [threading.Thread(target=client, args=(i,)) for i in range(64)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    n5xx = sum(v for k, v in statuses.items() if k >= 500)
    check("64 clients: no 5xx", n5xx == 0, str(statuses))
    check("64 clients: every answer complete, parsed, as asked",
          not errors, "%d errors: %s" % (len(errors), "; ".join(errors[:3])))
    check("64 clients: answers happened", counts[0] >= 64, str(counts[0]))
    print("64 clients: %d answers in %.0f s, statuses %s" % (
        counts[0], seconds, statuses))

    # 2. PUT atomic under concurrent readers
    g = "http://example.org/concurrency/put"
    sizes = (3000, 700)

    def body(k):
        n = sizes[k % 2]
        return "".join('<http://example.org/c/%d> <http://example.org/v> '
                       '"%d-%d" .\n' % (i, k, i) for i in range(n)).encode()

    gpath = "/data?graph=" + urllib.parse.quote(g, safe="")
    auth = {"Authorization": "Bearer " + token,
            "Content-Type": "application/n-triples"}
    cw = Conn(host, port, True)
    st, hd, data = cw.req("PUT", gpath, body(0), auth)
    check("first PUT", st in (200, 201, 204), str(st))
    put_stop = threading.Event()
    seen, put_errors = [], []
    count_q = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?k) WHERE " \
              "{ GRAPH <%s> { ?s ?p ?o } }" % g

    def reader(i):
        conn = Conn(host, port, True)
        while not put_stop.is_set():
            try:
                if i % 2:
                    st, hd, data = post_query(
                        conn, count_q, "application/sparql-results+json")
                    if st != 200:
                        raise ValueError("count status %d" % st)
                    b = json.loads(data)["results"]["bindings"][0]
                    n = int(b["n"]["value"])
                else:
                    st, hd, data = conn.req("GET", gpath, None, {
                        "Accept": "application/n-triples"})
                    if st != 200:
                        raise ValueError("GET status %d" % st)
                    lines = [ln for ln in data.decode().split("\n") if ln]
                    if any(not ln.endswith(" .") for ln in lines):
                        raise ValueError("cut N-Triples line")
                    # one version: every object carries the same round k
                    rounds = {ln.rsplit('"', 2)[1].split("-")[0]
                              for ln in lines}
                    if len(rounds) != 1:
                        raise ValueError("mixed versions %s" % rounds)
                    n = len(lines)
                with lock:
                    seen.append(n)
            except Exception as e:  # noqa: BLE001
                conn.close()
                with lock:
                    put_errors.append(str(e))
        conn.close()

    rs = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
    for t in rs:
        t.start()
    put_codes = []
    for k in range(1, 9):
        st, hd, data = cw.req("PUT", gpath, body(k), auth)
        put_codes.append(st)
    put_stop.set()
    for t in rs:
        t.join()
    cw.close()
    bad = [n for n in seen if n not in sizes]
    check("PUTs under readers succeed",
          all(c in (200, 201, 204) for c in put_codes), str(put_codes))
    check("readers during PUTs: no error", not put_errors,
          "; ".join(put_errors[:3]))
    check("readers during PUTs saw only whole graphs", seen and not bad,
          "%d reads, partial sizes %s" % (len(seen), sorted(set(bad))[:5]))

    # 3. slow reader of a large answer
    big = "SELECT ?a ?c WHERE { ?a ?p ?b . ?c ?q ?d } LIMIT 200000"
    sock = socket.create_connection((host, port), timeout=60)
    qb = urllib.parse.urlencode({"query": big})
    sock.sendall(("POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  "Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                  % (len(qb), qb)).encode())
    rest = bytearray(sock.recv(4096))
    open_txns, point_ok = [], 0
    cp = Conn(host, port, True)
    for k in range(10):
        rest += sock.recv(4096)
        open_txns.append(metric("mugdat_http_open_transactions"))
        st, hd, data = post_query(
            cp, "ASK { <%s> ?p ?o }" % subjects[k % len(subjects)],
            "application/sparql-results+json")
        point_ok += st == 200 and "boolean" in json.loads(data)
        time.sleep(0.05)
    cp.close()
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        rest += chunk
    sock.close()
    head, _, payload = bytes(rest).partition(b"\r\n\r\n")
    check("slow reader: 200", head.startswith(b"HTTP/1.1 200"), head[:40])
    check("slow reader: no txn held while it reads",
          open_txns and all(v == 0 for v in open_txns), str(open_txns))
    check("slow reader: other queries answered meanwhile", point_ok == 10,
          str(point_ok))
    if b"chunked" not in head.lower():
        check("slow reader: whole answer",
              payload.count(b"\r\n") == 200001, str(payload.count(b"\r\n")))

    # 3b. the same for a Graph Store GET of a large graph (15 MB, more than
    # the socket buffers hold)
    bg = "http://example.org/concurrency/big"
    bgpath = "/data?graph=" + urllib.parse.quote(bg, safe="")
    pad = "x" * 200
    bigbody = "".join('<http://example.org/b/%d> <http://example.org/v> '
                      '"%d %s" .\n' % (i, i, pad) for i in range(60000))
    cw = Conn(host, port, False)
    st, hd, data = cw.req("PUT", bgpath, bigbody.encode(), auth)
    check("PUT a large graph", st in (200, 201, 204), str(st))
    sock = socket.create_connection((host, port), timeout=60)
    sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nAccept: application/n-triples"
                  "\r\nConnection: close\r\n\r\n" % bgpath).encode())
    rest = bytearray(sock.recv(4096))
    open_txns = []
    for k in range(5):
        time.sleep(0.1)
        rest += sock.recv(4096)
        open_txns.append(metric("mugdat_http_open_transactions"))
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        rest += chunk
    sock.close()
    head, _, payload = bytes(rest).partition(b"\r\n\r\n")
    check("slow graph reader: no txn held while it reads",
          open_txns and all(v == 0 for v in open_txns), str(open_txns))
    check("slow graph reader: whole graph",
          head.startswith(b"HTTP/1.1 200") and
          payload.count(b" .\n") == 60000, head[:60])
    cw.req("DELETE", bgpath, None, auth)

    # 4. a client leaves while its huge answer is being produced
    huge = ("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d } LIMIT 500000000")
    sock = socket.create_connection((host, port), timeout=60)
    qb = urllib.parse.urlencode({"query": huge})
    sock.sendall(("POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  "Content-Length: %d\r\n\r\n%s" % (len(qb), qb)).encode())
    time.sleep(0.5)
    busy_before = metric("mugdat_http_working")
    sock.close()
    t0 = time.monotonic()
    freed = None
    while time.monotonic() - t0 < 8:
        if metric("mugdat_http_working") == 0:
            freed = time.monotonic() - t0
            break
        time.sleep(0.05)
    check("client gone: the query was running", busy_before and
          busy_before >= 1, str(busy_before))
    check("client gone: its work stops soon", freed is not None,
          "still working 8 s after the client left")

    sampler_stop.set()
    samp.join()
    check("work slots as configured", metric("mugdat_http_work_slots") ==
          slots, str(metric("mugdat_http_work_slots")))
    check("never more at work than the slots", max_working[0] <= slots,
          str(max_working[0]))
    check("open transactions back to 0",
          metric("mugdat_http_open_transactions") == 0, "")

    failed = 0
    for name, ok, why in checks:
        if not ok:
            failed += 1
            print("FAIL: %s %s" % (name, why), file=sys.stderr)
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
