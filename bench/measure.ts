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
}

export interface QueryResult {
  group: string;
  name: string;
  url: string;
  runs: number;
  statements: number;
  /** Groups of statements the app ran concurrently; the floor runs them the same way. */
  waves: number;
  app: Stats;
  raw: Stats;
  ratioMedian: number;
  ratioP95: number;
}

/**
 * Times one endpoint through the whole Fastify pipeline, then the very statements it ran (recorded
 * on the first call) through the bare driver, one after another: the floor the ratio is taken to.
 */
export async function timeQuery(app: FastifyInstance, target: BenchDatabase, c: QueryCase, runs: number): Promise<QueryResult> {
  const call = async () => {
    const response = await app.inject({ method: 'GET', url: c.url, headers: c.headers ?? {} });
    if (response.statusCode !== 200) throw new Error(`${c.url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  };
  const recording = target.record();
  const first = performance.now();
  await call();
  const firstMs = performance.now() - first;
  const captured: CapturedQuery[] = recording.stop();
  // A slow endpoint gets fewer runs (at least 5) so that one case stays within about a minute.
  runs = Math.max(5, Math.min(runs, Math.floor(60_000 / firstMs)));
  await call();
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
  await replay();
  const rawSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await replay();
    rawSamples.push(performance.now() - t0);
  }
  const appStats = stats(appSamples);
  const rawStats = stats(rawSamples);
  return {
    group: c.group, name: c.name, url: c.url, runs, statements: captured.length, waves: waves.length, app: appStats, raw: rawStats,
    ratioMedian: appStats.median / rawStats.median, ratioP95: appStats.p95 / rawStats.p95,
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
