import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { call, percentile, type HttpSession } from './client.ts';
import { MARK } from './consistency.ts';

export interface Target { kind: 'action' | 'commitment'; id: string }

export interface AcceptedWrite { target: Target; fromVersion: number; version: number; text: string }

export interface ConcurrencyRun {
  editors: number;
  durationMs: number;
  attempts: number;
  accepted: AcceptedWrite[];
  conflicts: number;
  /** Any answer other than 200 or 409, or a request that failed. */
  errors: string[];
  p95Ms: number;
}

const path = (t: Target) => (t.kind === 'action' ? `/api/actions/${t.id}` : `/api/commitments/${t.id}`);
const textOf = (t: Target, body: any) => (t.kind === 'action' ? body.title : body.description) as string;

/** The overlapping records: a few actions and commitments every editor fights over. */
export async function makeTargets(base: string, session: HttpSession, actions = 3, commitments = 3): Promise<Target[]> {
  const targets: Target[] = [];
  for (let i = 0; i < actions; i++) {
    const r = await call(base, 'POST', '/api/actions', {
      type: 'visit', title: `${MARK}: visita disputada ${i}`, startDate: '2026-03-01', details: { outcome: 'approach' },
    }, session);
    if (r.status !== 201) throw new Error(`create action: ${r.status} ${JSON.stringify(r.body)}`);
    targets.push({ kind: 'action', id: r.body.id });
  }
  for (let i = 0; i < commitments; i++) {
    const r = await call(base, 'POST', '/api/commitments', { actionId: targets[i % actions]!.id, description: `${MARK}: compromiso disputado ${i}` }, session);
    if (r.status !== 201) throw new Error(`create commitment: ${r.status} ${JSON.stringify(r.body)}`);
    targets.push({ kind: 'commitment', id: r.body.id });
  }
  return targets;
}

/**
 * `editors` clients for `durationMs`: each reads a random record and saves an edit naming the
 * version it read (optimistic concurrency), as a person in the edit form would.
 */
export async function runEditors(base: string, sessions: HttpSession[], targets: Target[], editors: number, durationMs: number): Promise<ConcurrencyRun> {
  const run: ConcurrencyRun = { editors, durationMs, attempts: 0, accepted: [], conflicts: 0, errors: [], p95Ms: 0 };
  const latencies: number[] = [];
  const end = Date.now() + durationMs;
  await Promise.all(Array.from({ length: editors }, async (_, editor) => {
    const session = sessions[editor % sessions.length]!;
    for (let k = 0; Date.now() < end; k++) {
      const target = targets[Math.floor(Math.random() * targets.length)]!;
      try {
        const read = await call(base, 'GET', path(target), undefined, session);
        latencies.push(read.ms);
        if (read.status !== 200) { run.errors.push(`GET ${path(target)}: ${read.status}`); continue; }
        const text = `${MARK}: editor ${editor} edición ${k}`;
        const body = target.kind === 'action' ? { version: read.body.version, title: text } : { version: read.body.version, description: text };
        run.attempts++;
        const write = await call(base, 'PATCH', path(target), body, session);
        latencies.push(write.ms);
        if (write.status === 200) run.accepted.push({ target, fromVersion: read.body.version, version: write.body.version, text: textOf(target, write.body) });
        else if (write.status === 409) run.conflicts++;
        else run.errors.push(`PATCH ${path(target)}: ${write.status} ${JSON.stringify(write.body).slice(0, 200)}`);
      } catch (error) {
        run.errors.push(`${path(target)}: ${(error as Error).message}`);
      }
    }
  }));
  run.p95Ms = Math.round(percentile(latencies, 95));
  return run;
}

/**
 * No lost update: per record, the accepted writes form one chain of versions (no two accepted from
 * the same version), the final state is the last accepted write, and the audit log holds exactly one
 * update per accepted write, in the same order, with the same text.
 */
export async function lostUpdates(db: Db, targets: Target[], accepted: AcceptedWrite[]): Promise<string[]> {
  const problems: string[] = [];
  for (const target of targets) {
    const mine = accepted.filter((w) => w.target.id === target.id).sort((a, b) => a.version - b.version);
    const table = target.kind === 'action' ? sql`action` : sql`commitment`;
    const column = target.kind === 'action' ? sql`title` : sql`description`;
    const row = (await sql<{ version: number; text: string }>`SELECT version, ${column} AS text FROM ${table} WHERE id = ${target.id}`.execute(db)).rows[0]!;
    mine.forEach((w, i) => {
      if (w.version !== w.fromVersion + 1) problems.push(`${target.kind} ${target.id}: write from ${w.fromVersion} answered version ${w.version}`);
      if (w.version !== i + 2) problems.push(`${target.kind} ${target.id}: accepted versions are not one chain (expected ${i + 2}, got ${w.version}): an update was lost or doubled`);
    });
    const last = mine.at(-1);
    if (last && (row.version !== last.version || row.text !== last.text)) {
      problems.push(`${target.kind} ${target.id}: final state (v${row.version} "${row.text}") is not the last accepted write (v${last.version} "${last.text}")`);
    }
    const key = target.kind === 'action' ? 'title' : 'description';
    const audit = await sql<{ text: string | null }>`
      SELECT diff -> 'after' ->> ${key} AS text FROM audit_log
      WHERE entity = ${target.kind} AND entity_id = ${target.id} AND operation = 'update' ORDER BY id`.execute(db);
    const audited = audit.rows.map((r) => r.text);
    const expected = mine.map((w) => w.text);
    if (JSON.stringify(audited) !== JSON.stringify(expected)) {
      problems.push(`${target.kind} ${target.id}: audit log has ${audited.length} updates, ${expected.length} writes were accepted, or their order differs`);
    }
  }
  return problems;
}
