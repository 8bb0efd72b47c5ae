import { readFileSync } from 'node:fs';
import type { GenerateResult } from './generate.ts';
import type { HttpResult, ImportResult, QueryResult } from './measure.ts';

/**
 * Renders the JSON that `npm run bench` writes as the Markdown tables of bench/RESULTS.md, with each
 * figure beside its target: `node bench/report.ts bench/last-run.json [more.json …]`.
 */
interface EngineReport {
  engine: 'postgresql' | 'pglite';
  scale: number;
  generation: GenerateResult | null;
  queries: QueryResult[];
  http: HttpResult[];
  import?: ImportResult | null;
  notes: string[];
}

const ms = (n: number) => n.toFixed(1);
const x = (n: number) => `${n.toFixed(2)}×`;
const TARGET_P95: Record<string, number> = { search: 100, 'gad dashboard': 150, 'national dashboard': 150, 'articulation index': 150 };

const engines: EngineReport[] = [];
for (const file of process.argv.slice(2)) engines.push(...(JSON.parse(readFileSync(file, 'utf8')) as { engines: EngineReport[] }).engines);
const server = engines.find((e) => e.engine === 'postgresql');

for (const e of engines) {
  console.log(`\n### ${e.engine === 'postgresql' ? 'PostgreSQL 15 server' : 'PGlite (embedded)'}, scale ${e.scale}\n`);
  console.log('| group | case | first call ms | runs | median ms | p95 ms | raw SQL median / p95 ms | ratio median / p95 | target |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const q of e.queries) {
    if (q.timedOutAfterMs) {
      console.log(`| ${q.group} | ${q.name} | > ${(q.timedOutAfterMs / 1000).toFixed(0)} s (cancelled) | 1 | | | | | MISSED |`);
      continue;
    }
    let target = '';
    if (e.engine === 'postgresql' && TARGET_P95[q.group] !== undefined) {
      const limit = TARGET_P95[q.group]!;
      const ok = q.app.p95 <= limit && (q.group !== 'search' || q.ratioP95 <= 1.5);
      target = `${ok ? 'met' : 'MISSED'} (p95 ≤ ${limit} ms${q.group === 'search' ? ', ≤ 1.5× raw' : ''})`;
    }
    if (e.engine === 'pglite' && server) {
      const twin = server.queries.find((s) => s.name === q.name);
      if (twin) target = `${q.app.p95 <= 3 * twin.app.p95 ? 'met' : 'MISSED'} (${(q.app.p95 / twin.app.p95).toFixed(1)}× server p95; ≤ 3×)`;
    }
    console.log(`| ${q.group} | ${q.name} | ${q.firstMs === undefined ? '' : ms(q.firstMs)} | ${q.runs ?? ""} | ${ms(q.app.median)} | ${ms(q.app.p95)} | ${ms(q.raw.median)} / ${ms(q.raw.p95)} | ${x(q.ratioMedian)} / ${x(q.ratioP95)} | ${target} |`);
  }
  for (const q of e.queries.filter((q) => q.rowsPerSecond)) {
    console.log(`\nExport streaming (${q.name}): ${q.rows!.toLocaleString('en')} rows, ${Math.round(q.rowsPerSecond!).toLocaleString('en')} rows/s; `
      + `its SQL through the driver ${Math.round(q.rawRowsPerSecond!).toLocaleString('en')} rows/s (ratio ${x(q.rowsPerSecond! / q.rawRowsPerSecond!)}).`);
  }
  if (e.import) {
    const i = e.import;
    const target = e.engine === 'postgresql' ? ` Target ≥ 10,000 rows/s: ${i.rowsPerSecond >= 10_000 ? 'met' : 'MISSED'}.` : '';
    console.log(`\nCSV import (upload → background job → rows written and audited): ${i.rows.toLocaleString('en')} visits in ${i.seconds.toFixed(1)} s = `
      + `${Math.round(i.rowsPerSecond).toLocaleString('en')} rows/s; COPY of as many action rows ${Math.round(i.copyRowsPerSecond).toLocaleString('en')} rows/s (ratio ${x(i.ratio)}).${target}`);
  }
  if (e.http.length) {
    console.log('\n| HTTP, autocannon -c 50 | bytes | app req/s | app p97.5 ms | errors + non-2xx | bare Fastify req/s (same bytes) | ratio | target |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const h of e.http) {
      const ok = h.app.requestsPerSecond >= 1_500 && h.app.errors + h.app.non2xx === 0;
      const target = e.engine === 'postgresql' ? `${ok ? 'met' : 'MISSED'} (≥ 1,500 req/s, 0 errors)` : '';
      console.log(`| GET ${h.url.replace(/[0-9a-f-]{36}$/, ':id')} | ${h.bytes} | ${Math.round(h.app.requestsPerSecond)} | ${h.app.p95Ms} | ${h.app.errors + h.app.non2xx} | ${Math.round(h.bare.requestsPerSecond)} | ${x(h.ratio)} | ${target} |`);
    }
  }
  if (e.generation) {
    const g = e.generation;
    console.log(`\nGeneration: ${Object.entries(g.counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')} in ${g.totalSeconds.toFixed(0)} s `
      + `(indexes rebuilt in ${g.indexSeconds.toFixed(0)} s, VACUUM ANALYZE ${g.analyzeSeconds.toFixed(0)} s).\n`);
    console.log('| COPY into | rows | seconds | rows/s |');
    console.log('|---|---|---|---|');
    for (const l of g.loads.filter((l) => l.rows >= 1_000)) {
      console.log(`| ${l.table} | ${l.rows.toLocaleString('en')} | ${l.seconds.toFixed(1)} | ${Math.round(l.rows / l.seconds).toLocaleString('en')} |`);
    }
  }
  if (e.notes.length) console.log(`\nNotes: ${[...new Set(e.notes)].join('; ')}.`);
}
