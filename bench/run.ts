import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startCluster, type Cluster } from '../scripts/postgres-cluster.ts';
import { buildApp } from '../src/server/app.ts';
import { prepareFromScratch } from '../src/server/testing/harness.ts';
import { refreshDirtyRollups } from '../src/server/rollups/refresh.ts';
import { signIn } from '../src/server/testing/http.ts';
import { openBenchPglite, openBenchPostgres, type BenchDatabase } from './engines.ts';
import { generate, syntheticId, type GenerateResult } from './generate.ts';
import { quiesce, timeHttp, timeImport, timeQuery, type HttpResult, type ImportResult, type QueryCase, type QueryResult } from './measure.ts';
import { measureColdStart, type ColdStart } from './cold-start.ts';
import { measureUiSize, type UiSize } from './ui-size.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '30' },
    /** Untimed calls of each case (and of its raw SQL) before the timed runs. */
    warmups: { type: 'string', default: '5' },
    'http-seconds': { type: 'string', default: '10' },
    skip: { type: 'string', default: '' },
    /** Run only the query cases whose group or name contains one of these texts, separated by semicolons. */
    only: { type: 'string', default: '' },
    /** Leave out the query cases whose group or name contains one of these texts, separated by semicolons. */
    'skip-cases': { type: 'string', default: '' },
    /** A first call slower than this is cancelled and reported as such. */
    'timeout-seconds': { type: 'string', default: '120' },
    'import-rows': { type: 'string', default: '2000' },
    /** Keep the generated PostgreSQL cluster running and print its URL, for a later --pg-url run. */
    keep: { type: 'boolean', default: false },
    /** An already generated database: skips preparation and generation. */
    'pg-url': { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, 'last-run.json') },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const httpSeconds = Number(values['http-seconds']);
const skip = new Set(values.skip.split(',').filter(Boolean));
if (!['pg', 'pglite', 'both'].includes(values.engine)) throw new Error('--engine must be pg, pglite or both');
if (!(scale > 0)) throw new Error('--scale must be a positive number');

interface EngineReport {
  engine: 'postgresql' | 'pglite';
  scale: number;
  generation: GenerateResult | null;
  queries: QueryResult[];
  http: HttpResult[];
  import: ImportResult | null;
  notes: string[];
}

const log = (line: string) => console.log(line);
const machine = {
  date: new Date().toISOString(),
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
};
log(`# Glocal benchmarks, ${machine.date}: ${machine.cpus} × ${machine.cpuModel}, ${machine.ramGiB} GiB, load ${machine.loadAverageAtStart.join(' ')}`);

async function casesFor(target: BenchDatabase, analystCookie: string): Promise<QueryCase[]> {
  const one = async <T>(text: string) => ((await target.raw(text)) as { rows: T[] }).rows[0]!;
  const theme = (await one<{ code: string }>(`SELECT code FROM theme ORDER BY position LIMIT 1`)).code;
  const analyst = { cookie: analystCookie };
  const year = '2024';
  return [
    { group: 'search', name: 'q + type, theme, country (public)', route: '/api/actions', url: `/api/actions?q=agua&type=agreement&theme=${theme}&country=ES` },
    { group: 'search', name: 'q + type, theme, country (analyst)', route: '/api/actions', url: `/api/actions?q=agua&type=agreement&theme=${theme}&country=ES`, headers: analyst },
    { group: 'search', name: 'q only, by relevance (public)', route: '/api/actions', url: '/api/actions?q=movilidad%20urbana&sort=relevance' },
    { group: 'search', name: '/api/search: q + type, theme, country (public)', route: '/api/search', url: `/api/search?q=agua&type=agreement&theme=${theme}&country=ES` },
    { group: 'search', name: '/api/search: q only (public)', route: '/api/search', url: '/api/search?q=movilidad%20urbana' },
    { group: 'list', name: 'one GAD, type and year (Quito, most active)', route: '/api/actions', url: `/api/actions?gad=1701&type=agreement&year=${year}` },
    { group: 'list', name: 'national, type and country (analyst)', route: '/api/actions', url: '/api/actions?type=visit&country=ES', headers: analyst },
    { group: 'list', name: 'national, first page, no filter (public)', route: '/api/actions', url: '/api/actions' },
    { group: 'gad dashboard', name: 'GAD profile', route: '/api/gads/:id', url: '/api/gads/1701' },
    { group: 'gad dashboard', name: 'follow-up indicators for a year', route: '/api/gads/:id/follow-up', url: `/api/gads/1701/follow-up?year=${year}` },
    { group: 'gad dashboard', name: 'follow-up board', route: '/api/follow-up/board', url: '/api/follow-up/board?gad=1701' },
    { group: 'gad dashboard', name: 'plan alignment for a year', route: '/api/indicators/alignment', url: `/api/indicators/alignment?gad=1701&from=${year}-01-01&to=${year}-12-31` },
    { group: 'gad dashboard', name: 'positioning indicators, 10 years', route: '/api/indicators/positioning', url: '/api/indicators/positioning?gad=1701' },
    { group: 'gad dashboard', name: 'breakdowns (theme, scope, region…), 10 years', route: '/api/indicators/breakdowns', url: '/api/indicators/breakdowns?gad=1701' },
    { group: 'gad dashboard', name: 'timeline, 10 years', route: '/api/gads/:id/timeline', url: '/api/gads/1701/timeline' },
    { group: 'national dashboard', name: 'national page: ranking, activity share, provinces', route: '/api/indicators/national', url: '/api/indicators/national' },
    { group: 'national dashboard', name: 'national page (analyst)', route: '/api/indicators/national', url: '/api/indicators/national', headers: analyst },
    { group: 'national dashboard', name: 'three GADs side by side', route: '/api/indicators/comparison', url: '/api/indicators/comparison?gads=1701,0101,0901' },
    { group: 'national dashboard', name: 'partner map, every GAD', route: '/api/indicators/partner-map', url: '/api/indicators/partner-map' },
    { group: 'national dashboard', name: 'plan alignment, GADs side by side (analyst)', route: '/api/indicators/alignment/national', url: `/api/indicators/alignment/national?from=${year}-01-01&to=${year}-12-31`, headers: analyst },
    { group: 'export', name: 'CSV export, one GAD (public)', route: '/api/export/actions.csv', url: '/api/export/actions.csv?gad=1701', countRows: true, maxRuns: 5 },
    { group: 'articulation index', name: 'articulation index', route: '/api/indicators/articulation', url: '/api/indicators/articulation' },
  ];
}

async function benchEngine(kind: 'postgresql' | 'pglite', engineScale: number): Promise<EngineReport> {
  let cluster: Cluster | undefined;
  let target: BenchDatabase;
  log(`\n## ${kind}, scale ${engineScale}`);
  if (kind === 'postgresql' && values['pg-url']) {
    target = openBenchPostgres(values['pg-url'], 10);
  } else if (kind === 'postgresql') {
    cluster = await startCluster({ extraConfig: ['-c', 'work_mem=16MB', '-c', 'effective_cache_size=1GB', '-c', 'max_wal_size=4GB'] });
    const admin = openBenchPostgres(cluster.url('postgres'), 1);
    await sql`CREATE DATABASE bench`.execute(admin.database.db);
    await admin.database.close();
    target = openBenchPostgres(cluster.url('bench'), 10);
  } else {
    target = await openBenchPglite();
  }
  const notes: string[] = [];
  try {
    let generation: GenerateResult | null = null;
    // Idempotent: on a kept database it only applies newer migrations and data.
    await prepareFromScratch(target.database, undefined, { refreshRollups: false });
    if (kind === 'pglite' || !values['pg-url']) {
      log('generating (COPY):');
      generation = await generate(target, { scale: engineScale, log });
      log(`generated in ${generation.totalSeconds.toFixed(0)} s`);
    }
    // The dashboards read rollups: bring them up to date (all GADs after a generation or a new rollup migration).
    const rollupStart = performance.now();
    const refreshed = await refreshDirtyRollups(target.database.db);
    const rollupSeconds = (performance.now() - rollupStart) / 1000;
    log(`rollups refreshed in ${rollupSeconds.toFixed(1)} s (${refreshed.gads} GADs)`);
    notes.push(`rollups refreshed in ${rollupSeconds.toFixed(1)} s (${refreshed.gads} GADs)`);
    const app = await buildApp({ database: target.database, logLevel: 'fatal', loginPerMinute: 10_000 });
    await app.ready();
    const analyst = await signIn(app, 'analista.cancilleria@demo.glocal.ec');
    const queries: QueryResult[] = [];
    if (!skip.has('queries')) {
      for (const c of await casesFor(target, analyst.cookie)) {
        const label = `${c.group} ${c.name}`;
        if (values.only && !values.only.split(';').some((t) => label.includes(t))) continue;
        if (values['skip-cases'] && values['skip-cases'].split(';').some((t) => label.includes(t))) continue;
        if (!app.hasRoute({ method: 'GET', url: c.route })) {
          notes.push(`${c.group}: no ${c.route} route yet, not measured`);
          log(`  ${c.group} / ${c.name}: no ${c.route} route, skipped`);
          continue;
        }
        const result = await timeQuery(app, target, c, runs, Number(values['timeout-seconds']) * 1000, Number(values.warmups));
        queries.push(result);
        if (result.timedOutAfterMs) {
          log(`  ${c.group} / ${c.name}: no answer after ${(result.timedOutAfterMs / 1000).toFixed(0)} s, cancelled`);
          continue;
        }
        if (result.rowsPerSecond) log(`  ${c.group}: ${result.rows} rows, ${Math.round(result.rowsPerSecond)} rows/s (raw SQL ${Math.round(result.rawRowsPerSecond!)} rows/s)`);
        log(`  ${c.group} / ${c.name}: first call ${result.firstMs.toFixed(1)} ms; ${result.runs} runs, median ${result.app.median.toFixed(1)} ms, p95 ${result.app.p95.toFixed(1)} ms; raw SQL (${result.statements} statements in ${result.waves} waves) median ${result.raw.median.toFixed(1)} ms; ratio ${result.ratioMedian.toFixed(2)} (p95 ${result.ratioP95.toFixed(2)})`);
      }
    }
    let importResult: ImportResult | null = null;
    if (!app.hasRoute({ method: 'POST', url: '/api/imports' })) notes.push('CSV import: no /api/imports route yet; only the COPY floor is measured (see generation)');
    else if (!skip.has('import')) {
      const editor = await signIn(app, 'editor.quito@demo.glocal.ec');
      const waited = await quiesce(target);
      notes.push(`before the import: waited ${waited.toFixed(1)} s for background vacuums and a checkpoint`);
      importResult = await timeImport(app, target, editor.headers, Number(values['import-rows']));
      log(`  import: ${importResult.rows} visits in ${importResult.seconds.toFixed(1)} s = ${Math.round(importResult.rowsPerSecond)} rows/s; COPY ${Math.round(importResult.copyRowsPerSecond)} rows/s; ratio ${importResult.ratio.toFixed(3)}`);
    }
    if (!app.hasRoute({ method: 'GET', url: '/api/export/actions.csv' })) notes.push('export streaming: no /api/export route yet, not measured');
    const http: HttpResult[] = [];
    if (!skip.has('http')) {
      // The first public generated action: the same record (text, themes, number of partners) at every scale, so the
      // engines are compared on the same bytes. Demo actions have random ids, different in each database.
      const detail = ((await target.raw(`SELECT id FROM action WHERE visibility = 'public' AND deleted_at IS NULL AND id >= $1 ORDER BY id LIMIT 1`,
        [syntheticId(2, 0)])) as { rows: { id: string }[] }).rows[0]!;
      for (const path of ['/api/gads/1701', `/api/actions/${detail.id}`]) {
        const result = await timeHttp(app, path, httpSeconds);
        http.push(result);
        log(`  HTTP ${path}: ${Math.round(result.app.requestsPerSecond)} req/s (p97.5 ${result.app.p95Ms} ms, errors ${result.app.errors}, non-2xx ${result.app.non2xx}); bare Fastify ${Math.round(result.bare.requestsPerSecond)} req/s; ratio ${result.ratio.toFixed(2)}`);
      }
    }
    await app.close();
    return { engine: kind, scale: engineScale, generation, queries, http, import: importResult, notes };
  } finally {
    await target.database.close();
    if (cluster && values.keep && kind === 'postgresql') log(`kept the cluster: --pg-url ${cluster.url('bench')} (stop: pg_ctl -D ${cluster.dataDir} stop)`);
    else cluster?.stop();
  }
}

const report: { machine: typeof machine; commandLine: string[]; engines: EngineReport[]; coldStart?: ColdStart; ui?: UiSize; loadAverageAtEnd?: number[] } = {
  machine, commandLine: process.argv.slice(2), engines: [],
};
if (values.engine !== 'pglite') report.engines.push(await benchEngine('postgresql', scale));
if (values.engine !== 'pg') report.engines.push(await benchEngine('pglite', scale / 10));
if (!skip.has('cold')) {
  report.coldStart = await measureColdStart();
  log(`\ncold start (embedded, demo load): ${report.coldStart.firstStartSeconds.toFixed(2)} s (CPU ${report.coldStart.firstStartCpuSeconds.toFixed(2)} s); restart ${report.coldStart.restartSeconds.toFixed(2)} s (CPU ${report.coldStart.restartCpuSeconds.toFixed(2)} s)`);
  for (const [label, phases] of Object.entries(report.coldStart.phases)) {
    log(`  ${label}: ${phases.map((p) => `${p.phase} ${p.wallSeconds} s (CPU ${p.cpuSeconds} s)`).join(', ')}`);
  }
}
if (!skip.has('ui')) {
  report.ui = measureUiSize();
  log(`UI first page JS: ${(report.ui.gzipTotal / 1024).toFixed(1)} KiB gzip (limit ${report.ui.limit / 1024} KiB) in ${report.ui.files.length} files`);
}
report.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
log(`\nload average at end ${report.loadAverageAtEnd.join(' ')}; figures written to ${values.out}`);
// The worker pools of pg and autocannon's children are gone; exit explicitly in case a timer lingers.
process.exit(0);
