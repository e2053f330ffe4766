#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""HTTP load driver for a SPARQL 1.1 endpoint (`mugdat serve`, or any peer).

Scenarios (--scenarios, comma separated):

  mix     N concurrent clients (--clients 1,4,16,64), each with its own
          connection (keep-alive) or a new connection per request (close),
          for --seconds each, running a mix of the bench queries
          (bench/queries/*.rq SELECT/ASK/CONSTRUCT) and point queries
          (one subject's description, ASK of one type) on random subjects.
          Every answer is parsed (SPARQL JSON, or N-Triples lines); a
          non-200, a truncated or unparsable body counts as an error.
  stream  a large SELECT (--stream-limit rows) fetched as JSON, CSV, TSV and
          XML by a slow reader (reads 64 KiB, sleeps) while point queries
          run; reports server RSS growth and the point-query latency.
  put     PUT of a --put-quads graph (N-Triples) while readers COUNT it;
          each count must be 0 or the full size (no partial graph).
  cut     clients that close the socket after the first bytes of a large
          answer, then checks the server still answers.
  timeout a query that runs into the server's time limit (start the server
          with a small --timeout-ms): must be a complete 503/500 problem.

Prints one line per measurement: clients, mode, requests, req/s, p50/p99
(ms) per class, errors. Also writes JSON lines with --out.

usage: http_load.py --url http://127.0.0.1:8080 [--sparql-path /sparql]
       [--gsp-path /data] [--token T] [--queries DIR] [--clients 1,4,16,64]
       [--modes keepalive,close] [--seconds 10] [--scenarios mix,...]
"""
import argparse
import glob
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse

ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
          "text/turtle;q=0.5")


class Client:
    """One HTTP/1.1 client; reconnects when the server closes."""

    def __init__(self, host, port, keepalive, timeout=120):
        self.host, self.port, self.keepalive = host, port, keepalive
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if not self.keepalive:
            headers["Connection"] = "close"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                hdrs = {k.lower(): v for k, v in r.getheaders()}
                if not self.keepalive or r.will_close:
                    self.close()
                return r.status, hdrs, data
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError) as e:
                # a kept-alive connection may be closed by the server between
                # requests (idle timeout); retry once on a fresh one
                self.close()
                if attempt or not self.keepalive:
                    raise e
        raise RuntimeError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def check_answer(status, hdrs, data):
    """None if the answer is complete and parses, else a reason."""
    if status != 200:
        return "status %d: %s" % (status, data[:200])
    ctype = hdrs.get("content-type", "")
    if "sparql-results+json" in ctype:
        doc = json.loads(data)
        if "boolean" not in doc and "results" not in doc:
            return "JSON without results"
    elif "n-triples" in ctype or ctype.startswith("text/plain"):
        # (Virtuoso labels N-Triples text/plain)
        for line in data.splitlines():
            if line.strip() and not line.rstrip().endswith(b"."):
                return "truncated N-Triples line"
    elif "turtle" in ctype:
        if data.strip() and not data.rstrip().endswith(b"."):
            return "truncated Turtle"
    else:
        return "unexpected Content-Type " + ctype
    return None


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))]


def sparql_post(client, path, query, accept=ACCEPT):
    body = urllib.parse.urlencode({"query": query}).encode()
    return client.request("POST", path, body, {
        "Accept": accept,
        "Content-Type": "application/x-www-form-urlencoded"})


def sample_subjects(args, host, port):
    c = Client(host, port, True)
    q = ("SELECT ?s WHERE { ?s a ?c } LIMIT 20000")
    st, h, data = sparql_post(c, args.sparql_path, q,
                              "application/sparql-results+json")
    c.close()
    if st != 200:
        sys.exit("cannot sample subjects: %d %s" % (st, data[:200]))
    rows = json.loads(data)["results"]["bindings"]
    subs = [r["s"]["value"] for r in rows if r["s"]["type"] == "uri"]
    random.Random(1).shuffle(subs)
    return subs[:2000] or ["urn:x"]


def point_query(rng, subjects):
    s = rng.choice(subjects)
    if rng.random() < 0.7:
        return "SELECT ?p ?o WHERE { <%s> ?p ?o }" % s
    return "ASK { <%s> a ?c }" % s


def run_mix(args, host, port, queries, subjects, n, keepalive):
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()
    lat = {"bench": [], "point": []}
    errors = []

    def worker(seed):
        rng = random.Random(seed)
        c = Client(host, port, keepalive)
        mine = {"bench": [], "point": []}
        errs = []
        while time.monotonic() < stop:
            if rng.random() < args.bench_share:
                kind, q = "bench", rng.choice(queries)
            else:
                kind, q = "point", point_query(rng, subjects)
            t0 = time.monotonic()
            try:
                st, h, data = sparql_post(c, args.sparql_path, q)
                why = check_answer(st, h, data)
            except Exception as e:  # noqa: BLE001 - every failure counts
                why = "%s: %s" % (type(e).__name__, e)
                c.close()
            if why:
                errs.append(why)
            else:
                mine[kind].append(time.monotonic() - t0)
        c.close()
        with lock:
            for k in lat:
                lat[k].extend(mine[k])
            errors.extend(errs)

    t0 = time.monotonic()
    cpu0 = os.times()
    srv0 = server_cpu_s(args.server_pid)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    cpu1 = os.times()
    client_cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / wall
    server_cpu = (server_cpu_s(args.server_pid) - srv0) / wall if srv0 >= 0 \
        else float("nan")
    total = len(lat["bench"]) + len(lat["point"])
    rec = {"scenario": "mix", "clients": n,
           "mode": "keepalive" if keepalive else "close",
           "requests": total, "rps": total / wall, "errors": len(errors),
           "bench_p50_ms": pct(lat["bench"], 50) * 1e3,
           "bench_p99_ms": pct(lat["bench"], 99) * 1e3,
           "point_p50_ms": pct(lat["point"], 50) * 1e3,
           "point_p99_ms": pct(lat["point"], 99) * 1e3,
           "client_cpu": client_cpu, "server_cpu": server_cpu,
           "first_errors": errors[:3]}
    print("mix  clients=%-3d %-9s req=%-6d %7.1f req/s  bench p50/p99 %7.1f/%7.1f"
          " ms  point p50/p99 %6.1f/%7.1f ms  errors=%d  cpu client %.2f"
          " server %.2f"
          % (n, rec["mode"], total, rec["rps"], rec["bench_p50_ms"],
             rec["bench_p99_ms"], rec["point_p50_ms"], rec["point_p99_ms"],
             len(errors), client_cpu, server_cpu), flush=True)
    for e in errors[:3]:
        print("   error: " + str(e)[:300], flush=True)
    return rec


def server_rss_kb(pid):
    if not pid:
        return -1
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def server_cpu_s(pid):
    """CPU seconds (user + system) of a process so far, -1 if unknown."""
    if not pid:
        return -1
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return -1


def metrics_value(host, port, name):
    c = Client(host, port, False)
    st, h, data = c.request("GET", "/metrics")
    for line in data.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.split()[-1])
    return -1


def run_stream(args, host, port, subjects):
    q = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT %d" % args.stream_limit)
    fmts = [("json", "application/sparql-results+json"),
            ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
            ("xml", "application/sparql-results+xml")]
    recs = []
    for name, accept in fmts:
        rss0 = server_rss_kb(args.server_pid)
        sock = socket.create_connection((host, port), timeout=120)
        body = urllib.parse.urlencode({"query": q})
        sock.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\nAccept: %s\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                      % (args.sparql_path, host, accept, len(body), body)
                      ).encode())
        t0 = time.monotonic()
        first = sock.recv(65536)
        ttfb = time.monotonic() - t0
        status = first.split(b" ", 2)[1].decode() if first else "?"
        # while the slow reader holds the answer: point queries, open txns
        c = Client(host, port, True)
        rng = random.Random(7)
        plat = []
        n_read, peak_rss, txns = len(first), rss0, []
        deadline = time.monotonic() + args.stream_seconds
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            n_read += len(chunk)
            t1 = time.monotonic()
            st, h, d = sparql_post(c, args.sparql_path,
                                   point_query(rng, subjects))
            if check_answer(st, h, d) is None:
                plat.append(time.monotonic() - t1)
            peak_rss = max(peak_rss, server_rss_kb(args.server_pid))
            if len(txns) < 5:
                txns.append(metrics_value(host, port,
                                          "mugdat_http_open_transactions"))
            time.sleep(0.05)
        # then read the rest fast, to check it is complete
        tail = b""
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            n_read += len(chunk)
            tail = (tail + chunk)[-256:]
        sock.close()
        c.close()
        ok = {"json": tail.rstrip().endswith(b"}"),
              "xml": tail.rstrip().endswith(b"</sparql>"),
              "csv": tail.endswith(b"\r\n") or tail.endswith(b"\n"),
              "tsv": tail.endswith(b"\n")}[name]
        rec = {"scenario": "stream", "format": name, "status": status,
               "bytes": n_read, "ttfb_s": ttfb, "complete": ok,
               "rss_start_kb": rss0, "rss_peak_kb": peak_rss,
               "open_txns_during": txns,
               "point_p50_ms": pct(plat, 50) * 1e3,
               "point_p99_ms": pct(plat, 99) * 1e3}
        print("stream %-4s status=%s bytes=%d ttfb=%.2fs complete=%s rss "
              "%d->%d kB open txns while reading %s point p50/p99 %.1f/%.1f ms"
              % (name, status, n_read, ttfb, ok, rss0, peak_rss, txns,
                 rec["point_p50_ms"], rec["point_p99_ms"]), flush=True)
        recs.append(rec)
    return recs


def run_put(args, host, port):
    graph = "urn:mugdat:bench:put"
    n = args.put_quads
    body = "".join('<urn:s%d> <urn:p> "v%d" .\n' % (i, i) for i in range(n))
    body = body.encode()
    count_q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }"
               % graph)
    stop = threading.Event()
    seen, errors, lat = [], [], []
    lock = threading.Lock()

    def reader(seed):
        c = Client(host, port, True)
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                st, h, d = sparql_post(c, args.sparql_path, count_q,
                                       "application/sparql-results+json")
                why = check_answer(st, h, d)
                if why:
                    raise ValueError(why)
                v = int(json.loads(d)["results"]["bindings"][0]["n"]["value"])
                with lock:
                    seen.append(v)
                    lat.append(time.monotonic() - t0)
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(str(e))
                c.close()
        c.close()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    recs = []
    path = args.gsp_path + "?graph=" + urllib.parse.quote(graph, safe="")
    hdr = {"Content-Type": "application/n-triples"}
    if args.token:
        hdr["Authorization"] = "Bearer " + args.token
    for rep in range(2):
        c = Client(host, port, False, timeout=600)
        t0 = time.monotonic()
        st, h, d = c.request("PUT", path, body, hdr)
        dt = time.monotonic() - t0
        c.close()
        recs.append({"put_status": st, "put_s": dt})
        time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    bad = [v for v in seen if v not in (0, n)]
    rec = {"scenario": "put", "quads": n, "puts": recs,
           "reader_queries": len(seen), "partial_counts": len(bad),
           "reader_errors": len(errors),
           "reader_p50_ms": pct(lat, 50) * 1e3,
           "reader_max_ms": max(lat) * 1e3 if lat else float("nan")}
    print("put  %d quads: %s; readers %d counts (%d partial, %d errors), "
          "p50 %.1f ms max %.1f ms" % (
              n, ", ".join("%d in %.2fs" % (r["put_status"], r["put_s"])
                           for r in recs), len(seen), len(bad), len(errors),
              rec["reader_p50_ms"], rec["reader_max_ms"]), flush=True)
    return [rec]


def run_cut(args, host, port, subjects):
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT %d" % args.stream_limit
    body = urllib.parse.urlencode({"query": q})
    t0 = time.monotonic()
    for i in range(args.cut_clients):
        sock = socket.create_connection((host, port), timeout=60)
        sock.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: %d\r\n\r\n%s"
                      % (args.sparql_path, len(body), body)).encode())
        if i % 2:
            sock.recv(4096)  # after the first bytes
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # RST
    c = Client(host, port, True)
    st, h, d = sparql_post(c, args.sparql_path,
                           point_query(random.Random(3), subjects))
    c.close()
    txns = metrics_value(host, port, "mugdat_http_open_transactions")
    rec = {"scenario": "cut", "clients": args.cut_clients,
           "after_status": st, "seconds": time.monotonic() - t0,
           "open_txns_after": txns}
    print("cut  %d clients dropped mid-answer; next query %d; open txns %s;"
          " %.1fs" % (args.cut_clients, st, txns, rec["seconds"]), flush=True)
    return [rec]


def run_timeout(args, host, port):
    q = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . "
         "?e ?r ?f }")
    c = Client(host, port, False, timeout=600)
    t0 = time.monotonic()
    st, h, d = sparql_post(c, args.sparql_path, q,
                           "application/sparql-results+json")
    dt = time.monotonic() - t0
    print("timeout status=%d after %.1fs type=%s body=%s" % (
        st, dt, h.get("content-type"), d[:160]), flush=True)
    return [{"scenario": "timeout", "status": st, "seconds": dt,
             "content_type": h.get("content-type"), "body": d[:300].decode(
                 "utf-8", "replace")}]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--sparql-path", default="/sparql")
    ap.add_argument("--gsp-path", default="/data")
    ap.add_argument("--token", default="")
    ap.add_argument("--queries", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "queries"))
    ap.add_argument("--clients", default="1,4,16,64")
    ap.add_argument("--modes", default="keepalive,close")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--bench-share", type=float, default=0.3)
    ap.add_argument("--scenarios", default="mix")
    ap.add_argument("--stream-limit", type=int, default=1000000)
    ap.add_argument("--stream-seconds", type=float, default=5)
    ap.add_argument("--put-quads", type=int, default=100000)
    ap.add_argument("--cut-clients", type=int, default=32)
    ap.add_argument("--server-pid", type=int, default=0)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    u = urllib.parse.urlsplit(args.url)
    host, port = u.hostname, u.port or 80
    queries = [open(p, encoding="utf-8").read()
               for p in sorted(glob.glob(os.path.join(args.queries, "*.rq")))]
    subjects = sample_subjects(args, host, port)
    recs = []
    for sc in args.scenarios.split(","):
        if sc == "mix":
            for mode in args.modes.split(","):
                for n in [int(x) for x in args.clients.split(",")]:
                    recs.append(run_mix(args, host, port, queries, subjects,
                                        n, mode == "keepalive"))
        elif sc == "stream":
            recs += run_stream(args, host, port, subjects)
        elif sc == "put":
            recs += run_put(args, host, port)
        elif sc == "cut":
            recs += run_cut(args, host, port, subjects)
        elif sc == "timeout":
            recs += run_timeout(args, host, port)
        else:
            sys.exit("unknown scenario " + sc)
    if args.out:
        with open(args.out, "a") as f:
            for r in recs:
                r["url"] = args.url
                r["loadavg"] = os.getloadavg()
                f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
