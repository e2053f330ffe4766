# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Concurrent load on a running `mugdat serve` (tests/cli/http_load.sh).

N reader threads run the bench queries (POST /sparql, SPARQL JSON) in a
loop while one harvester thread PUTs graphs over and over (each PUT a new,
distinguishable content). Afterwards every graph must hold exactly the
content of its last successful PUT (no lost or torn writes), and no
request may have failed. Prints p50/p99 latencies and a last line
`N passed, N failed`.

usage: load.py BASE_URL TOKEN QUERY_DIR SECONDS READERS GRAPHS
"""
import glob
import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def main():
    base, token, qdir = sys.argv[1], sys.argv[2], sys.argv[3]
    seconds, n_readers, n_graphs = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    queries = [open(p, encoding="utf-8").read()
               for p in sorted(glob.glob(os.path.join(qdir, "*.rq")))]
    if not queries:
        print("no queries in " + qdir, file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    read_lat, write_lat, errors = [], [], []
    last = {}  # graph IRI -> set of N-Triples lines of the last PUT

    def reader(seed):
        rng = random.Random(seed)
        while time.monotonic() < stop:
            q = rng.choice(queries)
            body = urllib.parse.urlencode({"query": q}).encode()
            req = urllib.request.Request(base + "/sparql", data=body, headers={
                "Accept": "application/sparql-results+json, "
                          "application/n-triples;q=0.9",
                "Content-Type": "application/x-www-form-urlencoded"})
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    data = r.read()
                    if "n-triples" in r.headers.get("Content-Type", ""):
                        if data and not data.rstrip().endswith(b"."):
                            raise ValueError("truncated N-Triples")
                    else:
                        doc = json.loads(data)
                        if "results" not in doc and "boolean" not in doc:
                            raise ValueError("not a SPARQL JSON result")
            except Exception as e:  # noqa: BLE001 - every failure counts
                with lock:
                    errors.append("read: %s" % e)
                continue
            with lock:
                read_lat.append(time.monotonic() - t0)

    def harvester():
        k = 0
        while time.monotonic() < stop:
            g = "http://example.org/harvest/%d" % (k % n_graphs)
            lines = {"<http://example.org/h/%d> <http://example.org/v> \"%d-%d\" ."
                     % (i, k, i) for i in range(20)}
            lines.add("<http://example.org/h/k> <http://example.org/round> \"%d\" ." % k)
            body = ("\n".join(sorted(lines)) + "\n").encode()
            req = urllib.request.Request(
                base + "/data?graph=" + urllib.parse.quote(g, safe=""),
                data=body, method="PUT", headers={
                    "Authorization": "Bearer " + token,
                    "Content-Type": "application/n-triples"})
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    r.read()
                    if r.status not in (200, 201, 204):
                        raise ValueError("PUT status %d" % r.status)
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append("write %s: %s" % (g, e))
                k += 1
                continue
            with lock:
                write_lat.append(time.monotonic() - t0)
                last[g] = lines
            k += 1

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(n_readers)]
    threads.append(threading.Thread(target=harvester))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    lost = []
    for g, want in sorted(last.items()):
        req = urllib.request.Request(
            base + "/data?graph=" + urllib.parse.quote(g, safe=""),
            headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(req, timeout=30) as r:
            got = {ln.strip() for ln in r.read().decode().splitlines() if ln.strip()}
        if got != want:
            lost.append("%s: %d triples, want %d" % (g, len(got), len(want)))

    def pct(v, p):
        v = sorted(v)
        return v[min(len(v) - 1, int(p * len(v)))] * 1000 if v else float("nan")

    print("reads: %d, p50 %.1f ms, p99 %.1f ms; writes (PUT): %d, p50 %.1f ms, "
          "p99 %.1f ms; readers %d, %.0f s" % (
              len(read_lat), pct(read_lat, .5), pct(read_lat, .99),
              len(write_lat), pct(write_lat, .5), pct(write_lat, .99),
              n_readers, seconds))
    checks = [
        ("no request failed", not errors, "; ".join(errors[:5])),
        ("reads happened", len(read_lat) >= n_readers, str(len(read_lat))),
        ("every query form answered", len(read_lat) >= len(queries), ""),
        ("writes happened", len(write_lat) >= n_graphs, str(len(write_lat))),
        ("no lost or torn write", not lost, "; ".join(lost[:5])),
    ]
    failed = 0
    for name, good, why in checks:
        if not good:
            failed += 1
            print("FAIL: %s %s" % (name, why), file=sys.stderr)
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
