import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { BenchDatabase, CapturedQuery } from './engines.ts';

export interface Stats {
  median: number;
  p95: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

export interface QueryCase {
  group: string;
  name: string;
  /** The route pattern, to skip a case whose feature does not exist yet. */
  route: string;
  url: string;
  headers?: Record<string, string>;
  /** For exports: count the CSV lines after the header, to report rows per second. */
  countRows?: boolean;
  /** Fewer runs for long streams. */
  maxRuns?: number;
}

export interface QueryResult {
  group: string;
  name: string;
  url: string;
  runs: number;
  statements: number;
  /** Groups of statements the app ran concurrently; the floor runs them the same way. */
  waves: number;
  /** The first call, before any warm-up: for a national view, the one that computes it. */
  firstMs: number;
  app: Stats;
  raw: Stats;
  ratioMedian: number;
  ratioP95: number;
  /** Exports only: rows in the stream, and rows per second at the median (app and raw SQL). */
  rows?: number;
  /** Set when the first call had not answered after this long (it was cancelled; no ratio). */
  timedOutAfterMs?: number;
  rowsPerSecond?: number;
  rawRowsPerSecond?: number;
}

/**
 * Times one endpoint through the whole Fastify pipeline, then the very statements it ran (recorded
 * on the first call) through the bare driver, one after another: the floor the ratio is taken to.
 */
/**
 * Resolves true when `work` has not finished after `ms`; on PostgreSQL the statements still running are
 * cancelled, so that one pathological query does not hold the server. PGlite runs a statement to its end.
 */
async function withTimeout(work: Promise<void>, ms: number, target: BenchDatabase): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<true>((resolve) => { timer = setTimeout(() => resolve(true), ms); });
  const outcome = await Promise.race([work.then(() => false as const), expired]);
  clearTimeout(timer);
  if (outcome && target.database.kind === 'postgresql') {
    await target.raw(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`);
    await work.catch(() => {});
  }
  return outcome;
}

export async function timeQuery(app: FastifyInstance, target: BenchDatabase, c: QueryCase, runs: number, timeoutMs = 120_000, warmups = 5): Promise<QueryResult> {
  let rows = 0;
  const call = async () => {
    const response = await app.inject({ method: 'GET', url: c.url, headers: c.headers ?? {} });
    if (response.statusCode !== 200) throw new Error(`${c.url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    if (c.countRows) rows = response.body.split('\n').filter((l) => l.trim()).length - 1;
  };
  const first = performance.now();
  const timedOut = await withTimeout(call(), timeoutMs, target);
  const firstMs = performance.now() - first;
  if (timedOut) {
    const over = { median: firstMs, p95: firstMs };
    return { group: c.group, name: c.name, url: c.url, runs: 0, statements: 0, waves: 0, firstMs, app: over, raw: over, ratioMedian: NaN, ratioP95: NaN, timedOutAfterMs: firstMs };
  }
  // A slow endpoint gets fewer runs (at least 5) so that one case stays within about a minute.
  // Over 20 s a call, a single timed run of each is all the session can afford.
  runs = firstMs > 20_000 ? 1 : Math.max(5, Math.min(c.maxRuns ?? runs, runs, Math.floor(60_000 / firstMs)));
  // Steady state, on both engines alike: the first calls of a route also pay for code paths met for the first
  // time (on PGlite, WebAssembly still being tiered up), and a national view is computed by the first call
  // that finds none. Slow cases get one warm-up. The last warm-up's statements are the raw SQL floor.
  const warm = firstMs > 1_000 ? 1 : Math.max(1, warmups);
  for (let i = 0; i < warm - 1; i++) await call();
  const recording = target.record();
  await call();
  const captured: CapturedQuery[] = recording.stop();
  const appSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    appSamples.push(performance.now() - t0);
  }
  const waves = concurrentWaves(captured);
  const replay = async () => {
    for (const wave of waves) await Promise.all(wave.map((q) => target.raw(q.sql, q.parameters)));
  };
  for (let i = 0; i < warm; i++) await replay();
  const rawSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await replay();
    rawSamples.push(performance.now() - t0);
  }
  const appStats = stats(appSamples);
  const rawStats = stats(rawSamples);
  return {
    group: c.group, name: c.name, url: c.url, runs, statements: captured.length, waves: waves.length, firstMs, app: appStats, raw: rawStats,
    ratioMedian: appStats.median / rawStats.median, ratioP95: appStats.p95 / rawStats.p95,
    ...(c.countRows ? { rows, rowsPerSecond: rows / (appStats.median / 1000), rawRowsPerSecond: rows / (rawStats.median / 1000) } : {}),
  };
}

/** Statements that overlapped in time (the app ran them with Promise.all) are replayed together. */
export function concurrentWaves(captured: CapturedQuery[]): CapturedQuery[][] {
  const waves: CapturedQuery[][] = [];
  let waveEnd = -Infinity;
  for (const q of [...captured].sort((a, b) => a.startedAt - b.startedAt)) {
    const current = waves[waves.length - 1];
    if (current && q.startedAt < waveEnd) {
      current.push(q);
      waveEnd = Math.max(waveEnd, q.endedAt);
    } else {
      waves.push([q]);
      waveEnd = q.endedAt;
    }
  }
  return waves;
}

export interface HttpResult {
  url: string;
  bytes: number;
  app: { requestsPerSecond: number; p95Ms: number; errors: number; non2xx: number };
  bare: { requestsPerSecond: number; p95Ms: number; errors: number; non2xx: number };
  ratio: number;
}

interface AutocannonJson {
  requests: { average: number };
  latency: { p97_5: number; p99: number; p90?: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** autocannon runs in its own process so that it does not take the server's event loop. */
function autocannon(url: string, seconds: number, headers: Record<string, string>): Promise<HttpResult['app']> {
  const bin = join(import.meta.dirname, '../node_modules/.bin/autocannon');
  const args = ['-c', '50', '-d', String(seconds), '-j', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const json = JSON.parse(out) as AutocannonJson;
      // autocannon reports p97.5 and p99, not p95; p97.5 is the nearest above.
      resolve({ requestsPerSecond: json.requests.average, p95Ms: json.latency.p97_5, errors: json.errors + json.timeouts, non2xx: json.non2xx });
    });
  });
}

/** Requests per second at 50 connections on the app, and on a bare Fastify route returning the same bytes. */
export async function timeHttp(app: FastifyInstance, path: string, seconds: number): Promise<HttpResult> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sample = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = Buffer.from(await sample.arrayBuffer());
  if (sample.status !== 200) throw new Error(`${path}: ${sample.status}`);
  const contentType = sample.headers.get('content-type') ?? 'application/json';
  const appResult = await autocannon(`http://127.0.0.1:${port}${path}`, seconds, {});
  const bare = Fastify({ logger: false });
  bare.get('/*', (_request, reply) => reply.type(contentType).send(body));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareAddress = bare.server.address();
  const barePort = typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0;
  const bareResult = await autocannon(`http://127.0.0.1:${barePort}${path}`, seconds, {});
  await bare.close();
  return { url: path, bytes: body.length, app: appResult, bare: bareResult, ratio: appResult.requestsPerSecond / bareResult.requestsPerSecond };
}

export interface ImportResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** The same number of action rows loaded with COPY, in the same run. */
  copyRowsPerSecond: number;
  ratio: number;
}

function parseCsvRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function removeImportedRows(target: BenchDatabase) {
  const removed = (await target.raw(`DELETE FROM action WHERE gad_id = (SELECT id FROM gad WHERE dpa_code = '1701')
    AND (external_id LIKE 'BENCH-%' OR id BETWEEN 'bf000000-0000-4000-8000-000000000000' AND 'bf000000-0000-4000-8000-ffffffffffff')`)) as { rowCount?: number; affectedRows?: number };
  // Their dead rows would slow the next run's Quito dashboards (plan alignment for the year went from 100 to 300 ms).
  // The audit log keeps its entries (append-only), but vacuuming it here spares the next run an autovacuum the last
  // one's 100,000 inserts triggered: every run starts from the same state (one in two imports took 13 s, not 8).
  if ((removed.rowCount ?? removed.affectedRows ?? 0) > 0) await target.raw('VACUUM (ANALYZE) action, visit, action_theme, audit_log');
}

/**
 * Brings the server to rest before a timed write: background vacuums finished (the previous run's, or a rollup
 * refresh's, would take one of the two cores) and dirty pages written out (else the import evicts them itself).
 * Returns the seconds it waited. PGlite runs no autovacuum, so there it only checkpoints.
 */
export async function quiesce(target: BenchDatabase, limitSeconds = 300): Promise<number> {
  const started = performance.now();
  while ((performance.now() - started) / 1000 < limitSeconds) {
    const busy = (await target.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`)) as { rows: { n: number }[] };
    if (busy.rows[0]!.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await target.raw('CHECKPOINT');
  return (performance.now() - started) / 1000;
}

/**
 * CSV import through the real path (multipart upload, background job, row checks, writes, audit): the
 * template's example row repeated with distinct titles, timed from upload to finished; then as many
 * action rows by COPY, the floor.
 */
export async function timeImport(app: FastifyInstance, target: BenchDatabase, headers: Record<string, string>, count: number): Promise<ImportResult> {
  const template = await app.inject({ method: 'GET', url: '/api/imports/templates/visit.csv?lang=en' });
  const [headerLine, exampleLine] = template.body.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const header = parseCsvRow(headerLine!);
  const example = parseCsvRow(exampleLine!);
  const titleAt = header.findIndex((h) => /^title/i.test(h));
  if (titleAt < 0) throw new Error(`no Title column in ${headerLine}`);
  // The example names a partner this database may not hold: leave partners out.
  const partnerColumns = header.flatMap((h, i) => (/partner/i.test(h) ? [i] : []));
  const externalAt = header.findIndex((h) => /external id/i.test(h));
  let csv = `${headerLine}\n`;
  for (let i = 0; i < count; i++) {
    const row = [...example];
    for (const at of partnerColumns) row[at] = '';
    if (externalAt >= 0) row[externalAt] = `BENCH-${i + 1}`;
    row[titleAt] = `Visita de referencia ${i + 1}`;
    csv += `${row.map(csvCell).join(',')}\n`;
  }
  // A kept database may hold an interrupted run's rows: remove them, so that this run creates as many.
  await removeImportedRows(target);
  const form = new FormData();
  form.append('kind', 'visit');
  form.append('mode', 'create');
  form.append('dryRun', 'false');
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'visits.csv');
  const t0 = performance.now();
  const started = await app.inject({ method: 'POST', url: '/api/imports', payload: form, headers });
  if (started.statusCode !== 202) throw new Error(`import: ${started.statusCode} ${started.body.slice(0, 300)}`);
  const id = started.json().id as string;
  await app.worker.drain();
  const status = await app.inject({ method: 'GET', url: `/api/imports/${id}?lang=en`, headers });
  const seconds = (performance.now() - t0) / 1000;
  const body = status.json();
  const created = Number(body.counts?.created ?? 0);
  if (created !== count) throw new Error(`import created ${created} of ${count}: ${status.body.slice(0, 500)}`);
  const gad = ((await target.raw(`SELECT id FROM gad WHERE dpa_code = '1701'`)) as { rows: { id: string }[] }).rows[0]!.id;
  const c0 = performance.now();
  let lines = '';
  for (let i = 0; i < count; i++) {
    lines += `bf000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}\t${gad}\tvisit\tVisita copiada ${i + 1}\tpublic\n`;
  }
  await target.copy('action', ['id', 'gad_id', 'type', 'title', 'visibility'], [lines]);
  const copySeconds = (performance.now() - c0) / 1000;
  // And afterwards, so that the next run on a kept database measures the generated data, not Quito with 2 × count more rows.
  await removeImportedRows(target);
  const rowsPerSecond = count / seconds;
  const copyRowsPerSecond = count / copySeconds;
  return { rows: count, seconds, rowsPerSecond, copyRowsPerSecond, ratio: rowsPerSecond / copyRowsPerSecond };
}
