#!/usr/bin/env python3
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
"""summarize.py RAW.jsonl OUT_DIR COMMIT NPROC: tables (stdout) and
OUT_DIR/extra-<section>.json from bench/extra/run.sh's raw records.
Every figure is the median over repetitions; ratios are peer/MUGDAT times
(>1: MUGDAT faster)."""

import json
import os
import statistics
import sys
import time

raw_path, out_dir, commit, nproc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
recs = [json.loads(line) for line in open(raw_path) if line.strip()]


def med(rs, key):
    vals = [r[key] for r in rs if r.get(key) is not None and r.get("rc", 0) == 0]
    return statistics.median(vals) if vals else None


def sel(section, system, **kw):
    return [r for r in recs if r["section"] == section and r["system"] == system
            and all(r.get(k) == v for k, v in kw.items())]


def fmt(v, spec=".2f"):
    return "-" if v is None else format(v, spec)


def ratio(a, b):
    return a / b if a is not None and b else None


def table(title, header, rows):
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = "  ".join(f"{{:>{w}}}" for w in widths)
    print(line.format(*header))
    print(line.format(*("-" * w for w in widths)))
    for r in rows:
        print(line.format(*r))


def load_note(section):
    loads = [r["load1"] for r in recs if r["section"] == section and "load1" in r]
    if not loads:
        return None, ""
    m = statistics.median(loads)
    note = (f"load average (1 min) median {m:.1f}, range {min(loads):.1f}-{max(loads):.1f} "
            f"on {nproc} CPUs")
    if m > nproc:
        note += ": host overloaded, figures are PRELIMINARY"
    return m, note


def write(section, summary):
    m, note = load_note(section)
    summary.update({"section": section, "commit": commit, "nproc": nproc,
                    "load1_median": m, "load_note": note,
                    "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "raw": [r for r in recs if r["section"] == section]})
    with open(os.path.join(out_dir, f"extra-{section}.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(note)


MB = 1e6  # documents: decimal MB; memory: KB / 1024 (MiB)


def kb_mb(v):
    return None if v is None else v / 1024.0


sections = {r["section"] for r in recs}

if "jsonld" in sections:
    rows, summ = [], {"systems": {}}
    peer = med(sel("jsonld", "jsonld.js"), "wall_s")
    peer_cpu = med(sel("jsonld", "jsonld.js"), "cpu_s")
    for system in ("mugdat-parse", "mugdat-load", "jsonld.js"):
        rs = sel("jsonld", system)
        if not rs:
            continue
        wall, rss, anon = med(rs, "wall_s"), med(rs, "max_rss_kb"), med(rs, "anon_peak_kb")
        cpu = med(rs, "cpu_s")
        byts, quads = med(rs, "bytes"), med(rs, "quads")
        s = {"reps": len(rs), "wall_s": wall, "cpu_s": cpu, "mb_per_s": ratio(byts / MB, wall),
             "mb_per_cpu_s": ratio(byts / MB, cpu),
             "speedup_cpu_vs_jsonld_js": ratio(peer_cpu, cpu),
             "quads": quads, "quads_per_s": ratio(quads, wall),
             "max_rss_mb": kb_mb(rss), "anon_peak_mb": kb_mb(anon),
             "rss_over_doc": ratio(rss * 1024 if rss else None, byts),
             "anon_over_doc": ratio(anon * 1024 if anon else None, byts),
             "speedup_vs_jsonld_js": ratio(peer, wall)}
        if system == "jsonld.js":
            s["to_rdf_s"] = med(rs, "to_rdf_s")
        summ["systems"][system] = s
        summ["doc_mb"] = byts / MB
        rows.append([system, len(rs), fmt(wall), fmt(cpu), fmt(s["mb_per_s"]),
                     fmt(s["mb_per_cpu_s"]), fmt(quads, ".0f"),
                     fmt(s["quads_per_s"], ".0f"), fmt(s["max_rss_mb"], ".0f"),
                     fmt(s["anon_peak_mb"], ".0f"), fmt(s["rss_over_doc"]),
                     fmt(s["anon_over_doc"]),
                     fmt(s["speedup_vs_jsonld_js"]), fmt(s["speedup_cpu_vs_jsonld_js"])])
    table(f"JSON-LD -> RDF, RO-Crate {summ.get('doc_mb', 0):.1f} MB (medians)",
          ["system", "reps", "wall s", "CPU s", "MB/s", "MB/CPU-s", "quads", "quads/s",
           "RSS MB", "anon MB", "RSS/doc", "anon/doc", "x jsonld.js", "x (CPU)"], rows)
    print("targets: >= 5x jsonld.js; memory <= 3x document size")
    write("jsonld", summ)

if "omexml" in sections:
    rows, summ = [], {"sizes": {}, "ingest_only": {}}
    # mugdat-ingest-N: the whole `mugdat ingest`; mugdat-ingest-only-N: the
    # ingester into a counting sink (no store).
    systems = sorted({r["system"] for r in recs if r["section"] == "omexml"},
                     key=lambda s: ("-only-" in s, -int(s.rsplit("-", 1)[1])))
    for system in systems:
        rs = sel("omexml", system)
        wall, rss, anon = med(rs, "wall_s"), med(rs, "max_rss_kb"), med(rs, "anon_peak_kb")
        byts, imgs, quads = med(rs, "bytes"), med(rs, "images"), med(rs, "quads")
        cpu = med(rs, "cpu_s")
        s = {"reps": len(rs), "images": imgs, "mb": byts / MB, "wall_s": wall,
             "cpu_s": cpu, "mb_per_cpu_s": ratio(byts / MB, cpu),
             "images_per_cpu_s": ratio(imgs, cpu),
             "images_per_s": ratio(imgs, wall), "mb_per_s": ratio(byts / MB, wall),
             "quads": quads, "quads_per_s": ratio(quads, wall),
             "quads_per_cpu_s": ratio(quads, cpu),
             "max_rss_mb": kb_mb(rss), "anon_peak_mb": kb_mb(anon)}
        only = "-only-" in system
        summ["ingest_only" if only else "sizes"][str(int(imgs))] = s
        rows.append(["ingest-only" if only else "ingest", f"{int(imgs)}", len(rs),
                     fmt(s["mb"], ".1f"), fmt(wall), fmt(cpu),
                     fmt(s["images_per_s"], ".0f"), fmt(s["mb_per_s"]),
                     fmt(s["images_per_cpu_s"], ".0f"), fmt(s["mb_per_cpu_s"]), fmt(quads, ".0f"),
                     fmt(s["quads_per_s"], ".0f"), fmt(s["quads_per_cpu_s"], ".0f"),
                     fmt(s["max_rss_mb"], ".0f"), fmt(s["anon_peak_mb"], ".0f")])
    table("OME-XML ingest (mugdat ingest; ingest-only = the ingester into a counting sink, no store; medians)",
          ["what", "images", "reps", "MB", "wall s", "CPU s", "images/s", "MB/s", "images/CPU-s",
           "MB/CPU-s", "quads", "quads/s", "quads/CPU-s",
           "RSS MB", "anon MB"], rows)
    sz = list(summ["sizes"].values())
    if len(sz) == 2:
        summ["rss_ratio_big_small"] = ratio(sz[0]["max_rss_mb"], sz[1]["max_rss_mb"])
        summ["anon_ratio_big_small"] = ratio(sz[0]["anon_peak_mb"], sz[1]["anon_peak_mb"])
        print(f"memory big/small: RSS x{fmt(summ['rss_ratio_big_small'])}, "
              f"anon x{fmt(summ['anon_ratio_big_small'])} for x10 the file")
    print("targets: >= 50 MB/s; memory independent of file size")
    write("omexml", summ)

if "shacl" in sections:
    rows, summ = [], {"shapes": {}}
    load = sel("shacl", "mugdat-load")
    if load:
        summ["mugdat_load"] = load[0]
        print(f"\nSHACL data: {load[0].get('quads')} quads loaded by mugdat in "
              f"{load[0]['wall_s']} s, db {load[0].get('db_bytes', 0) / MB:.0f} MB")
    proc = sel("shacl", "shacl-engine-process")
    parse = med(proc, "parse_data_s")
    shapes = sorted({r["shapes"] for r in recs if r["system"] == "mugdat-validate"})
    for sh in shapes:
        mg = sel("shacl", "mugdat-validate", shapes=sh)
        pe = sel("shacl", "shacl-engine-validate", shapes=sh)
        mw, pw = med(mg, "wall_s"), med(pe, "wall_s")
        mc, pc = med(mg, "cpu_s"), med(pe, "cpu_s")
        mres, pres = med(mg, "results"), med(pe, "results")
        same = (mres == pres) if pe else None
        s = {"mugdat_wall_s": mw, "mugdat_cpu_s": mc, "peer_validate_cpu_s": pc,
             "speedup_validate_cpu": ratio(pc, mc), "mugdat_max_rss_mb": kb_mb(med(mg, "max_rss_kb")),
             "mugdat_anon_peak_mb": kb_mb(med(mg, "anon_peak_kb")),
             "mugdat_results": mres, "mugdat_violations": med(mg, "violations"),
             "mugdat_warnings": med(mg, "warnings"),
             "peer_validate_s": pw, "peer_results": pres,
             "peer_validate_plus_parse_s": (pw + parse) if pw is not None and parse else None,
             "same_result_count": same,
             "speedup_validate": ratio(pw, mw),
             "speedup_incl_peer_parse": ratio((pw + parse) if pw is not None and parse else None, mw)}
        summ["shapes"][sh] = s
        rows.append([sh, fmt(mw), fmt(mc), fmt(s["mugdat_max_rss_mb"], ".0f"), fmt(mres, ".0f"),
                     fmt(pw), fmt(pc), fmt(pres, ".0f"),
                     "-" if same is None else ("yes" if same else "NO"),
                     fmt(s["speedup_validate"]), fmt(s["speedup_validate_cpu"]),
                     fmt(s["speedup_incl_peer_parse"])])
    summ["peer_parse_data_s"] = parse
    summ["peer_parse_data_cpu_s"] = med(proc, "parse_data_cpu_s")
    summ["peer_process_wall_s"] = med(proc, "wall_s")
    summ["peer_max_rss_mb"] = kb_mb(med(proc, "max_rss_kb"))
    table("SHACL validation, mugdat validate --db (whole process) vs shacl-engine (medians)",
          ["shapes", "mugdat s", "CPU s", "RSS MB", "results", "shacl-engine validate s",
           "CPU s", "results", "same", "x (validate)", "x (CPU)", "x (+parse)"], rows)
    print(f"shacl-engine: N-Quads parse into @rdfjs/dataset {fmt(parse)} s, whole process "
          f"{fmt(summ['peer_process_wall_s'])} s, peak RSS {fmt(summ['peer_max_rss_mb'], '.0f')} MB")
    print("targets: MUGDAT >= 5x faster; memory bounded by the store")
    write("shacl", summ)

if "mmds" in sections:
    sizes = sorted({r["images"] for r in recs if r["section"] == "mmds" and "images" in r})
    rows, per_size = [], []
    for n in sizes:
        for system, label in (("mugdat-ingest", "mugdat ingest"),
                              ("mugdat-ingest-only", "ingester alone")):
            rs = sel("mmds", system, images=n)
            if not rs:
                continue
            wall, cpu = med(rs, "wall_s"), med(rs, "cpu_s")
            files, quads = med(rs, "files"), med(rs, "quads")
            one = {"system": system, "reps": len(rs), "files": files, "images": n,
                   "wall_s": wall, "cpu_s": cpu, "files_per_s": ratio(files, wall),
                   "files_per_cpu_s": ratio(files, cpu), "quads": quads,
                   "max_rss_mb": kb_mb(med(rs, "max_rss_kb")),
                   "anon_peak_mb": kb_mb(med(rs, "anon_peak_kb"))}
            per_size.append(one)
            rows.append([label, fmt(files, ".0f"), len(rs), fmt(wall), fmt(cpu),
                         fmt(one["files_per_s"], ".0f"), fmt(one["files_per_cpu_s"], ".0f"),
                         fmt(quads, ".0f"), fmt(one["max_rss_mb"], ".0f"),
                         fmt(one["anon_peak_mb"], ".0f")])
    # Headline: the 100,000-file tree (50,000 images) when measured.
    head = next((x for x in per_size if x["system"] == "mugdat-ingest" and x["images"] == 50000),
                next((x for x in per_size if x["system"] == "mugdat-ingest"), {}))
    summ = dict(head)
    summ["sizes"] = per_size
    table("mmDS (BIDS microscopy) directory ingest, no checksums (medians)",
          ["run", "files", "reps", "wall s", "CPU s", "files/s", "files/CPU-s", "quads",
           "RSS MB", "anon MB"], rows)
    ing = [x for x in per_size if x["system"] == "mugdat-ingest"]
    if len(ing) >= 2:
        big, small = ing[-1], ing[0]
        summ["rss_ratio_big_small"] = ratio(big["max_rss_mb"], small["max_rss_mb"])
        summ["anon_ratio_big_small"] = ratio(big["anon_peak_mb"], small["anon_peak_mb"])
        print(f"memory largest/smallest tree: RSS x{fmt(summ['rss_ratio_big_small'])}, "
              f"anon x{fmt(summ['anon_ratio_big_small'])} "
              f"for x{fmt(ratio(big['files'], small['files']), '.0f')} the files")
    print("target: >= 5,000 files/s; memory independent of the number of files "
          "(compare the RSS and anon columns across sizes)")
    write("mmds", summ)
