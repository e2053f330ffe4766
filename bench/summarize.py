#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""Summarise bench/run.sh results: load and query tables, ratios, JSON.

Reads the results-<size>.jsonl files that run.sh writes (one JSON object per
line), prints the tables, and writes <out>/summary.json and summary.txt
(plus a time-stamped copy of the JSON). Standard library only.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import sys

SYSTEMS = ["mugdat", "mugdat-http", "mugdat-cli", "virtuoso", "oxigraph"]


def read_lines(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                print(f"summarize: {path}:{n}: bad JSON: {e}", file=sys.stderr)
    return rows


def collect(rows):
    """Returns {size: {"generate":..., "load": {sys: {...}}, "queries": {sys: {q: {...}}}}}."""
    sizes = {}
    for r in rows:
        size = int(r["size"])
        s = sizes.setdefault(size, {"generate": None, "load": {}, "queries": {}})
        kind = r.get("kind")
        if kind == "generate":
            s["generate"] = r
        elif kind == "load":
            s["load"][r["system"]] = r
        elif kind == "query":
            s["queries"].setdefault(r["system"], {})[r["query"]] = r
        elif kind == "oxigraph":
            ld = r["load"]
            s["load"]["oxigraph"] = {
                "system": "oxigraph",
                "ok": True,
                "triples": ld.get("triples"),
                "load_seconds": ld.get("load_seconds"),
                "peak_rss_kb": r.get("peak_rss_kb"),
                "disk_bytes": None,
                "version": ld.get("version"),
                "note": ld.get("storage", "") + "; " + ld.get("load_options", ""),
            }
        elif kind == "oxigraph_queries":
            for q, e in r["result"].get("queries", {}).items():
                s["queries"].setdefault("oxigraph", {})[q] = dict(e, system="oxigraph", query=q)
    return sizes


def median_ms(entry):
    ms = entry.get("ms") or []
    return statistics.median(ms) if ms else None


def fmt(v, spec="{:.2f}", none="n/a"):
    return none if v is None else spec.format(v)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def table(headers, rows, right_last=True):
    widths = [len(h) for h in headers]
    for row in rows:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.rjust(widths[i])
                               if i > 0 and (i < len(row) - 1 or right_last)
                               else c.ljust(widths[i])
                               for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def norm_value(v):
    """Bare lexical form of a TSV cell: engines differ in quoting and typing."""
    v = str(v).strip()
    if v.startswith("<") and v.endswith(">"):
        return v[1:-1]
    if v.startswith('"'):
        end = v.rfind('"')
        return v[1:end] if end > 0 else v[1:]
    return v


def same_value(values):
    """Compares first values numerically when they all parse as numbers."""
    values = [norm_value(v) for v in values]
    try:
        nums = [float(v) for v in values]
        return max(nums) - min(nums) <= 1e-9 * max(1.0, max(abs(x) for x in nums))
    except (TypeError, ValueError):
        return len(set(values)) == 1


def summarise_size(size, data, text):
    load = data["load"]
    gen = data["generate"]
    text.append(f"== {size:,} statements ==")
    if gen:
        rate = size / gen["seconds"] if gen["seconds"] else None
        text.append(f"generator: {gen['seconds']} s ({fmt(rate, '{:,.0f}')} statements/s), "
                    f"{gen['bytes']:,} bytes of N-Quads, seed {gen['seed']}")
        if gen.get("loadavg"):
            text.append(f"host load average before the run: {gen['loadavg']} "
                        f"({os.cpu_count()} CPUs); mugdat commit {gen.get('commit', '?')}")
    rows = []
    derived = {}
    for sysname in SYSTEMS:
        r = load.get(sysname)
        if r is None:
            continue
        if not r.get("ok"):
            rows.append([sysname, "FAILED: " + str(r.get("error", ""))[:60], "", "", "", "", ""])
            continue
        triples = r.get("triples") or size
        secs = r.get("load_seconds")
        rss_mb = r["peak_rss_kb"] / 1024 if r.get("peak_rss_kb") else None
        disk = r.get("disk_bytes")
        d = {
            "triples": triples,
            "load_seconds": secs,
            "triples_per_second": triples / secs if secs else None,
            "peak_rss_mb": rss_mb,
            "disk_bytes": disk,
            "bytes_per_triple": disk / triples if disk and triples else None,
        }
        derived[sysname] = d
        rows.append([
            sysname,
            f"{triples:,}",
            fmt(secs),
            fmt(d["triples_per_second"], "{:,.0f}"),
            fmt(rss_mb, "{:,.0f}"),
            fmt(disk, "{:,}", "n/a (in-memory)" if sysname == "oxigraph" else "n/a"),
            fmt(d["bytes_per_triple"], "{:.1f}"),
        ])
    text.append(table(["system", "triples", "load s", "triples/s", "peak RSS MB",
                       "bytes on disk", "bytes/triple"], rows))
    if "virtuoso" in load and load["virtuoso"].get("ok"):
        v = load["virtuoso"]
        text.append(f"virtuoso: NumberOfBuffers={v.get('buffers')}, RSS right after start "
                    f"{fmt((v.get('rss_kb_empty') or 0) / 1024, '{:,.0f}')} MB, empty db "
                    f"{fmt(v.get('disk_bytes_empty'), '{:,}')} bytes; triples counted in the "
                    f"loaded graphs after the load")
    if "oxigraph" in load and load["oxigraph"].get("ok"):
        text.append("oxigraph: npm package (WASM build) has only an in-memory store: "
                    "no bytes on disk; peak RSS is the node process's during the load")
    ratios = {}
    m = derived.get("mugdat")
    if m:
        for peer in ("virtuoso", "oxigraph"):
            p = derived.get(peer)
            if not p:
                continue
            ratios[peer] = {
                "load_seconds": ratio(m["load_seconds"], p["load_seconds"]),
                "peak_rss": ratio(m["peak_rss_mb"], p["peak_rss_mb"]),
                "disk_bytes": ratio(m["disk_bytes"], p["disk_bytes"]),
            }
        if ratios:
            text.append("MUGDAT/peer ratios (< 1 means MUGDAT is faster/smaller):")
            text.append(table(["peer", "load time", "peak RSS", "bytes on disk"], [
                [peer, fmt(r["load_seconds"], "{:.2f}x"), fmt(r["peak_rss"], "{:.2f}x"),
                 fmt(r["disk_bytes"], "{:.2f}x")] for peer, r in ratios.items()]))

    queries = data["queries"]
    names = sorted({q for per in queries.values() for q in per})
    qsummary = {}
    if names:
        present = [s for s in SYSTEMS if s in queries or s in load]
        text.append("")
        text.append(f"queries (median ms over repetitions; mugdat: in-process runs of "
                    f"`mugdat query --repeat`; mugdat-cli: one `mugdat query` process "
                    f"per run; mugdat-http and virtuoso: SPARQL over HTTP on "
                    f"loopback timed by curl; oxigraph: in-process store.query):")
        rows = []
        for q in names:
            row = [q]
            counts = {}
            firsts = {}
            qsummary[q] = {}
            for s in present:
                e = queries.get(s, {}).get(q)
                if e is None:
                    row.append("n/a")
                    continue
                if e.get("error"):
                    row.append("error")
                    qsummary[q][s] = {"error": e["error"]}
                    continue
                med = median_ms(e)
                row.append(fmt(med, "{:.1f}"))
                counts[s] = e.get("rows")
                if e.get("first") is not None:
                    firsts[s] = e["first"]
                qsummary[q][s] = {"median_ms": med, "ms": e.get("ms"), "rows": e.get("rows"),
                                  "first": e.get("first")}
            agree = len(set(counts.values())) <= 1 and (
                len(firsts) < 2 or same_value(list(firsts.values())))
            cnt = "/".join(str(counts[s]) for s in present if s in counts)
            row.append(cnt if agree else "MISMATCH " + cnt)
            if not agree and firsts:
                row[-1] += " (" + "/".join(str(firsts.get(s)) for s in present) + ")"
            qsummary[q]["agree"] = agree
            rows.append(row)
        text.append(table(["query"] + [s + " ms" for s in present] + ["rows"], rows,
                          right_last=False))
        # Geometric means: over all queries each system answered, and pairwise
        # over the queries both answered.
        gm = {}
        for s in present:
            gm[s] = geomean([qsummary[q][s]["median_ms"] for q in names
                             if s in qsummary[q] and "median_ms" in qsummary[q][s]])
        text.append("geometric mean ms: " + ", ".join(f"{s} {fmt(gm[s], '{:.1f}')}"
                                                      for s in present))
        pair = {}
        for mine in ("mugdat", "mugdat-http", "mugdat-cli"):
            if mine not in present:
                continue
            for peer in present:
                if peer.startswith("mugdat"):
                    continue
                common = [q for q in names
                          if "median_ms" in qsummary[q].get(mine, {})
                          and "median_ms" in qsummary[q].get(peer, {})]
                if common:
                    a = geomean([qsummary[q][mine]["median_ms"] for q in common])
                    b = geomean([qsummary[q][peer]["median_ms"] for q in common])
                    pair[f"{mine}/{peer}"] = {"queries": len(common), "ratio": ratio(a, b)}
                    text.append(f"{mine}/{peer} geometric-mean latency ratio over "
                                f"{len(common)} common queries: {fmt(ratio(a, b), '{:.2f}x')}")
                else:
                    text.append(f"{mine}/{peer} latency ratio: n/a (no common answered queries)")
        mismatches = [q for q in names if not qsummary[q]["agree"]]
        text.append("result counts agree on all queries" if not mismatches
                    else "result count MISMATCH on: " + ", ".join(mismatches))
        qsummary = {"per_query": qsummary, "geomean_ms": gm, "mugdat_ratio": pair,
                    "mismatches": mismatches}
    text.append("")
    return {"generate": gen, "load": load, "load_derived": derived, "load_ratios": ratios,
            "queries": qsummary}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    rows = []
    for f in args.files:
        if os.path.exists(f):
            rows.extend(read_lines(f))
    sizes = collect(rows)
    text = []
    result = {
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": {"machine": platform.machine(), "cpus": os.cpu_count(),
                 "kernel": platform.release()},
        "sizes": {},
    }
    for size in sorted(sizes):
        result["sizes"][str(size)] = summarise_size(size, sizes[size], text)
    out = "\n".join(text)
    print(out)
    os.makedirs(args.out, exist_ok=True)
    stamp = result["time"].replace(":", "").replace("-", "")[:15]
    for name in ("summary.json", f"bench-{stamp}.json"):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    with open(os.path.join(args.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(out + "\n")


if __name__ == "__main__":
    main()
