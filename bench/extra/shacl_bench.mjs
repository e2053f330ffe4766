// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0
//
// node shacl_bench.mjs DATA.nq SHAPES.ttl...: shacl-engine validation time,
// the peer of `mugdat validate --db D --shapes NAME` in bench/extra/run.sh.
// The data quads are added once to one @rdfjs/dataset as triples of the
// default graph (MUGDAT validates the union of all graphs of the store),
// then each shapes file is validated in turn. Prints one JSON line per
// shapes file (parse and validate seconds, result counts) and a last one
// with the data parse time and the peak RSS of the whole process.

import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import rdf from '@rdfjs/data-model';
import rdfDataset from '@rdfjs/dataset';
import { Parser, StreamParser } from 'n3';
import Validator from 'shacl-engine/Validator.js';

const require = createRequire(import.meta.url);
const [dataPath, ...shapesPaths] = process.argv.slice(2);
if (!dataPath || !shapesPaths.length) {
  console.error('usage: node shacl_bench.mjs DATA.nq SHAPES.ttl...');
  process.exit(2);
}

const now = () => process.hrtime.bigint();
const secs = (a, b) => Number(b - a) / 1e9;
// user+sys CPU seconds since `c` (all threads of the process, GC included).
const cpuSince = (c) => { const d = process.cpuUsage(c); return (d.user + d.system) / 1e6; };

const SH = 'http://www.w3.org/ns/shacl#';
const version = require('shacl-engine/package.json').version;

const t0 = now();
const c0 = process.cpuUsage();
const data = rdfDataset.dataset();
await new Promise((resolve, reject) => {
  const parser = new StreamParser({ factory: rdf, format: 'application/n-quads' });
  parser.on('data', (q) => data.add(rdf.quad(q.subject, q.predicate, q.object)));
  parser.on('error', reject);
  parser.on('end', resolve);
  createReadStream(dataPath).pipe(parser);
});
const t1 = now();
const parseCpu = cpuSince(c0);

for (const shapesPath of shapesPaths) {
  const s0 = now();
  const shapes = rdfDataset.dataset();
  for (const q of new Parser({ factory: rdf, baseIRI: 'file://' + shapesPath })
    .parse(readFileSync(shapesPath, 'utf8'))) {
    shapes.add(q);
  }
  const s1 = now();
  const c1 = process.cpuUsage();
  const validator = new Validator(shapes, { factory: rdf });
  const report = await validator.validate({ dataset: data });
  const s2 = now();
  const validateCpu = cpuSince(c1);
  const counts = { Violation: 0, Warning: 0, Info: 0 };
  for (const r of report.results) {
    const sev = r.severity?.value?.slice(SH.length);
    if (sev in counts) counts[sev] += 1;
  }
  console.log(JSON.stringify({
    system: 'shacl-engine',
    version,
    shapes: shapesPath,
    data_triples: data.size,
    shape_triples: shapes.size,
    conforms: report.conforms,
    results: report.results.length,
    violations: counts.Violation,
    warnings: counts.Warning,
    infos: counts.Info,
    parse_shapes_s: secs(s0, s1),
    validate_s: secs(s1, s2),
    validate_cpu_s: validateCpu,
  }));
}
console.log(JSON.stringify({
  system: 'shacl-engine',
  version,
  data_triples: data.size,
  parse_data_s: secs(t0, t1),
  parse_data_cpu_s: parseCpu,
  total_s: secs(t0, now()),
  max_rss_kb: process.resourceUsage().maxRSS,
}));
