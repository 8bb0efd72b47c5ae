import { call, percentile, type HttpSession } from './client.ts';
import type { ChildServer } from './child-server.ts';
import { MARK } from './consistency.ts';

export interface SoakRun {
  durationMs: number;
  ratePerSecond: number;
  requests: number;
  reads: number;
  writes: number;
  errors: string[];
  p50Ms: number;
  p95Ms: number;
  /** RSS after the warm-up, and at the end, in bytes. */
  rssStart: number;
  rssEnd: number;
  growth: number;
}

const READS = [
  '/api/actions?limit=20', '/api/actions?type=agreement&limit=10', '/api/actions?q=movilidad', '/api/commitments?limit=20',
  '/api/gads?limit=20', '/api/partners?limit=20', '/api/health', '/api/lessons?limit=10',
];

/**
 * Open-loop traffic at a steady rate (a request starts every 1/rate seconds whether or not the
 * previous one has answered), four reads to one write. A write creates an action and then edits it
 * from the version it got back. Memory is read after a warm-up of `warmupMs` and at the end.
 */
export async function runSoak(server: ChildServer, session: HttpSession, options: { durationMs: number; ratePerSecond?: number; warmupMs?: number; log?: (line: string) => void }): Promise<SoakRun> {
  const { durationMs, ratePerSecond = 20, log = () => {} } = options;
  const warmupMs = options.warmupMs ?? Math.min(30_000, durationMs / 5);
  const base = server.url;
  const latencies: number[] = [];
  const errors: string[] = [];
  let reads = 0;
  let writes = 0;
  let n = 0;
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => { inflight.add(p); void p.finally(() => inflight.delete(p)); };
  const one = async (i: number) => {
    try {
      if (i % 5 === 4) {
        const created = await call(base, 'POST', '/api/actions', {
          type: 'hosted_event', title: `${MARK}: evento de carga ${i}`, startDate: '2026-04-01', details: { topic: 'Carga' },
        }, session);
        latencies.push(created.ms);
        if (created.status !== 201) { errors.push(`POST /api/actions: ${created.status}`); return; }
        const edited = await call(base, 'PATCH', `/api/actions/${created.body.id}`, { version: created.body.version, description: `Editado ${i}` }, session);
        latencies.push(edited.ms);
        if (edited.status !== 200) errors.push(`PATCH /api/actions: ${edited.status}`);
        writes += 2;
      } else {
        const path = READS[i % READS.length]!;
        const r = await call(base, 'GET', path, undefined, i % 2 ? session : undefined);
        latencies.push(r.ms);
        reads++;
        if (r.status !== 200) errors.push(`GET ${path}: ${r.status}`);
      }
    } catch (error) {
      errors.push(`request ${i}: ${(error as Error).message}`);
    }
  };
  const started = Date.now();
  let rssStart = 0;
  let lastLog = started;
  while (Date.now() - started < durationMs) {
    const due = started + (n * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    track(one(n++));
    if (!rssStart && Date.now() - started >= warmupMs) rssStart = server.rss();
    if (Date.now() - lastLog >= 60_000) {
      lastLog = Date.now();
      log(`soak: ${Math.round((Date.now() - started) / 1000)} s, ${n} requests, ${errors.length} errors, RSS ${(server.rss() / 2 ** 20).toFixed(0)} MiB`);
    }
  }
  await Promise.all(inflight);
  const rssEnd = server.rss();
  return {
    durationMs, ratePerSecond, requests: reads + writes, reads, writes, errors,
    p50Ms: Math.round(percentile(latencies, 50)), p95Ms: Math.round(percentile(latencies, 95)),
    rssStart, rssEnd, growth: rssStart ? rssEnd / rssStart - 1 : 0,
  };
}
