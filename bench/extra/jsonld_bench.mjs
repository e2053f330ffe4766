// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0
//
// node jsonld_bench.mjs CONTEXTS_DIR FILE.jsonld: jsonld.js toRDF throughput,
// the peer of `mugdat load --format jsonld` in bench/extra/run.sh.
// Remote contexts come only from CONTEXTS_DIR/contexts.map (the same offline
// copies MUGDAT uses); any other URL is an error, so the bench never touches
// the network. Prints one JSON line: quads, read/parse/toRDF seconds, peak RSS.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonld = require('jsonld');

const [ctxDir, file] = process.argv.slice(2);
if (!ctxDir || !file) {
  console.error('usage: node jsonld_bench.mjs CONTEXTS_DIR FILE.jsonld');
  process.exit(2);
}

const map = new Map();
for (const line of readFileSync(join(ctxDir, 'contexts.map'), 'utf8').split('\n')) {
  const t = line.trim();
  if (!t || t.startsWith('#')) continue;
  const [url, f] = t.split(/\s+/);
  map.set(url, join(ctxDir, f));
  if (url.endsWith('/')) map.set(url.slice(0, -1), join(ctxDir, f));
}
const cache = new Map();
const documentLoader = async (url) => {
  const path = map.get(url) ?? map.get(url + '/');
  if (!path) throw new Error(`offline document loader: no local copy of ${url}`);
  if (!cache.has(path)) cache.set(path, JSON.parse(readFileSync(path, 'utf8')));
  return { contextUrl: null, documentUrl: url, document: cache.get(path) };
};

const t0 = process.hrtime.bigint();
const text = readFileSync(file, 'utf8');
const t1 = process.hrtime.bigint();
const doc = JSON.parse(text);
const t2 = process.hrtime.bigint();
const nq = await jsonld.toRDF(doc, {
  format: 'application/n-quads',
  documentLoader,
  base: 'file://' + file,
});
const t3 = process.hrtime.bigint();
let quads = 0;
for (let i = nq.indexOf('\n'); i !== -1; i = nq.indexOf('\n', i + 1)) ++quads;
const s = (a, b) => Number(b - a) / 1e9;
console.log(JSON.stringify({
  system: 'jsonld.js',
  version: require('jsonld/package.json').version,
  bytes: Buffer.byteLength(text),
  quads,
  read_s: s(t0, t1),
  json_parse_s: s(t1, t2),
  to_rdf_s: s(t2, t3),
  total_s: s(t0, t3),
  max_rss_kb: process.resourceUsage().maxRSS,
}));
