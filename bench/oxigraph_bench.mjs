// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0
//
// Oxigraph peer for bench/run.sh: loads an N-Quads/N-Triples file into the
// npm "oxigraph" store and optionally runs bench/queries/*.rq against it.
//
// The npm package is Oxigraph's JS/WASM build. Its Store has no path argument:
// it is an in-memory store only (no RocksDB in WASM), so there are no bytes on
// disk to report, and queries must run in the same process as the load.
//
// Usage: node oxigraph_bench.mjs --file F [--format nq|nt] [--queries DIR]
//          [--reps N] [--warmup N] [--timeout-ms MS]
// Prints one JSON object on stdout:
//   {system, storage, triples, load_seconds, rss_mb_after_load,
//    queries: {name: {rows, ms: [..], error?}}}

import { readFileSync, readdirSync, openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const oxigraph = require("oxigraph");

function parseArgs(argv) {
  const args = { format: "nq", reps: 5, warmup: 1, queries: null, file: null };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    switch (k) {
      case "--file": args.file = v; i++; break;
      case "--format": args.format = v; i++; break;
      case "--queries": args.queries = v; i++; break;
      case "--reps": args.reps = Number(v); i++; break;
      case "--warmup": args.warmup = Number(v); i++; break;
      default:
        process.stderr.write(`oxigraph_bench: unknown argument ${k}\n`);
        process.exit(2);
    }
  }
  if (!args.file) {
    process.stderr.write("oxigraph_bench: --file is required\n");
    process.exit(2);
  }
  return args;
}

// Streams the file in chunks: a 10M-statement file is larger than the
// biggest string V8 allows, so it cannot be passed as one string.
function* chunks(path) {
  const fd = openSync(path, "r");
  try {
    const size = 8 << 20;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, null);
      if (n <= 0) break;
      yield new Uint8Array(buf.buffer, buf.byteOffset, n);
    }
  } finally {
    closeSync(fd);
  }
}

function countRows(result, isGraph) {
  if (typeof result === "boolean") return 1;
  if (typeof result !== "string") return result.length;
  // TSV: one header line, then one line per row. N-Triples: one per triple.
  let lines = 0;
  for (let i = 0; i < result.length; i++) {
    if (result.charCodeAt(i) === 10) lines++;
  }
  if (result.length && result.charCodeAt(result.length - 1) !== 10) lines++;
  return isGraph ? lines : Math.max(0, lines - 1);
}

// First value of the first row (for COUNT-style results).
function firstValue(result) {
  if (typeof result !== "string") return null;
  const lines = result.split("\n");
  if (lines.length < 2 || !lines[1]) return null;
  let v = lines[1].split("\t")[0];
  const m = /^"([^"]*)"(\^\^.*)?$/.exec(v);
  if (m) v = m[1];
  return v;
}

const args = parseArgs(process.argv);
const store = new oxigraph.Store();
const mime = args.format === "nt" ? "application/n-triples" : "application/n-quads";

const t0 = performance.now();
store.load(chunks(args.file), { format: mime, no_transaction: true });
const loadSeconds = (performance.now() - t0) / 1000;
const out = {
  system: "oxigraph",
  version: require("oxigraph/package.json").version,
  storage: "in-memory (npm oxigraph is the WASM build: no on-disk store)",
  load_options: "no_transaction: true",
  triples: store.size,
  load_seconds: loadSeconds,
  rss_mb_after_load: process.memoryUsage().rss / 1048576,
  queries: {},
};

if (args.queries) {
  const files = readdirSync(args.queries).filter((f) => f.endsWith(".rq")).sort();
  for (const f of files) {
    const name = f.replace(/\.rq$/, "");
    const text = readFileSync(join(args.queries, f), "utf8");
    const isGraph = /^\s*CONSTRUCT\b/im.test(text.replace(/^\s*(#|PREFIX).*$/gim, ""));
    const opts = {
      use_default_graph_as_union: true,
      results_format: isGraph ? "application/n-triples" : "tsv",
    };
    const entry = { rows: null, ms: [] };
    try {
      for (let i = 0; i < args.warmup; i++) store.query(text, opts);
      for (let i = 0; i < args.reps; i++) {
        const s = performance.now();
        const r = store.query(text, opts);
        entry.ms.push(performance.now() - s);
        entry.rows = countRows(r, isGraph);
        if (!isGraph && entry.rows === 1) entry.first = firstValue(r);
      }
    } catch (e) {
      entry.error = String(e && e.message ? e.message : e);
    }
    out.queries[name] = entry;
  }
}
out.rss_mb_end = process.memoryUsage().rss / 1048576;
process.stdout.write(JSON.stringify(out) + "\n");
