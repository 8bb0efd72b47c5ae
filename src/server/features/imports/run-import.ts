import { setImmediate } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { actorOfUser, type UserRow } from '../auth/actor-of-user.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { actionTypes } from '../actions/schema.ts';
import { fieldsFor, resolveMapping, type ActionKind, type Flat } from './fields.ts';
import { keyRows, knownCodes, loadStored, planKeyedRows, storedKeys, type ImportMode, type RowProblem, type SourceRow } from './plan-action-rows.ts';
import { chunks, ChunkWriter } from './write-action-rows.ts';
import { readTable } from './read-table.ts';
import { PartnerResolver } from './resolve-partners.ts';
import { finishImportRun, insertReportRows, selectImportFile, selectImportRun, type ImportRunRow } from './queries.ts';
import type { ReportRow } from './reasons.ts';
import { forgetProgress, reportProgress } from './progress.ts';
import { importPartnerRows } from './import-partners.ts';
import { importIati } from './import-iati.ts';
import { importSisterCities } from './import-sister-cities.ts';
import { AppError } from '../../http/app-error.ts';

export interface ImportOutcome { rowsTotal: number; created: number; updated: number; unchanged: number; report: ReportRow[] }

/** What every kind of import hands back: counts and the report; the writes happen in `tx` (or, dry, not at all). */
export interface ImportContext { tx: Db; actor: Actor; now: Date; run: ImportRunRow; data: Uint8Array; write: boolean; onPhase?: (phase: string) => void }

async function actorOf(db: Db, run: ImportRunRow): Promise<Actor> {
  if (!run.created_by) return { kind: 'system', label: 'import' };
  const user = await sql<UserRow>`SELECT id, email, display_name, role, gad_id, organisation, locale FROM app_user WHERE id = ${run.created_by}`.execute(db);
  return user.rows[0] ? actorOfUser(user.rows[0]) : { kind: 'system', label: 'import' };
}

/** The job: runs one import. A real run is a single transaction; a failure or a kill leaves nothing behind. */
export async function runImport(db: Db, importId: string, now: Date, onPhase?: (phase: string) => void): Promise<void> {
  const run = await selectImportRun(db, importId);
  if (!run || run.state === 'done' || run.state === 'failed') return;
  await sql`UPDATE import_run SET state = 'running' WHERE id = ${importId}`.execute(db);
  const actor = await actorOf(db, run);
  const data = await selectImportFile(db, importId);
  try {
    // The dry run and the refused run compute the same plan as the real one, then roll back.
    const attempt = async (write: boolean) => {
      let outcome: ImportOutcome | undefined;
      await db.transaction().execute(async (tx) => {
        outcome = await importByKind({ tx, actor, now, run, data, write, onPhase });
        const errors = outcome.report.filter((r) => (r.severity ?? 'error') === 'error');
        const badRows = new Set(errors.map((r) => r.row)).size;
        const refused = write && badRows > 0 && !run.skip_bad_rows;
        if (refused) throw new Refused(outcome);
        if (!write) return;
        await recordAudit(tx, { actor, gadId: run.gad_id, entity: 'import', entityId: importId, operation: 'create',
          diff: { kind: run.kind, mode: run.mode, file: run.file_name, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, badRows } });
        await insertReportRows(tx, importId, run.gad_id, outcome.report);
        await finishImportRun(tx, importId, { state: 'done', rowsTotal: outcome.rowsTotal, created: outcome.created, updated: outcome.updated,
          unchanged: outcome.unchanged, bad: badRows, outcome: null }, now);
      });
      return outcome!;
    };
    if (run.dry_run) {
      const outcome = await attemptDry(db, run, actor, now, data);
      await saveReport(db, run, outcome, 'done', null, now);
      return;
    }
    await attempt(true);
  } catch (error) {
    if (error instanceof Refused) {
      await saveReport(db, run, { ...error.outcome, created: 0, updated: 0, unchanged: 0 }, 'failed', 'bad_rows', now);
      return;
    }
    if (error instanceof AppError) {
      await saveReport(db, run, { rowsTotal: 0, created: 0, updated: 0, unchanged: 0,
        report: [{ row: 0, column: null, value: null, reason: 'file_unreadable', params: { message: error.message } }] }, 'failed', 'file_unreadable', now);
      return;
    }
    // Nothing was written (one transaction); say so on the run, best effort, and let the queue record the error.
    await sql`UPDATE import_run SET state = 'failed', outcome = 'internal_error', finished_at = ${now} WHERE id = ${importId}`.execute(db).catch(() => {});
    throw error;
  } finally {
    forgetProgress(importId);
  }
}

class Refused extends Error {
  readonly outcome: ImportOutcome;
  constructor(outcome: ImportOutcome) { super('bad rows'); this.outcome = outcome; }
}

/** A dry run plans inside a transaction that is always rolled back, so even lookups that would create nothing leave no trace. */
async function attemptDry(db: Db, run: ImportRunRow, actor: Actor, now: Date, data: Uint8Array): Promise<ImportOutcome> {
  let outcome: ImportOutcome | undefined;
  try {
    await db.transaction().execute(async (tx) => {
      outcome = await importByKind({ tx, actor, now, run, data, write: false });
      throw new Refused(outcome);
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
  }
  return outcome!;
}

async function saveReport(db: Db, run: ImportRunRow, outcome: ImportOutcome, state: 'done' | 'failed', reason: string | null, now: Date) {
  const badRows = new Set(outcome.report.filter((r) => (r.severity ?? 'error') === 'error').map((r) => r.row)).size;
  await db.transaction().execute(async (tx) => {
    await insertReportRows(tx, run.id, run.gad_id, outcome.report);
    await finishImportRun(tx, run.id, { state, rowsTotal: outcome.rowsTotal, created: outcome.created, updated: outcome.updated,
      unchanged: outcome.unchanged, bad: badRows, outcome: reason }, now);
  });
}

function importByKind(c: ImportContext): Promise<ImportOutcome> {
  if ((actionTypes as readonly string[]).includes(c.run.kind)) return importActionRows(c, c.run.kind as ActionKind);
  if (c.run.kind === 'partner') return importPartnerRows(c);
  if (c.run.kind === 'iati') return importIati(c);
  if (c.run.kind === 'sister_cities') return importSisterCities(c);
  throw new Error(`Unknown import kind ${c.run.kind}`);
}

/** Spreadsheet rows as flat records by field key, numbered as the spreadsheet shows them (header = row 1). */
export async function readRows(data: Uint8Array, fields: { key: string; labels: Record<'es' | 'en' | 'pt', string> }[], mapping: Record<string, string>) {
  const table = await readTable(data);
  const headers = table[0] ?? [];
  const byField = resolveMapping(headers, fields, mapping);
  const rows = table.slice(1).map((cells, i) => {
    const flat: Flat = {};
    for (const [key, index] of byField) flat[key] = cells[index] ?? '';
    return { row: i + 2, flat };
  });
  const headerOf = (key: string | null) => (key && byField.has(key) ? headers[byField.get(key)!]! : key);
  return { rows, headerOf };
}

/**
 * Reads, resolves partners, validates and writes the rows a chunk at a time: while the database writes one
 * chunk, the next is validated. Every row is still judged (the report lists every bad row), but once a bad
 * row means the run will be refused, nothing more is sent to the database.
 */
export async function importActionRows(c: ImportContext, kind: ActionKind): Promise<ImportOutcome> {
  const { rows, headerOf } = await readRows(c.data, fieldsFor(kind), c.run.mapping);
  reportProgress(c.run.id, 'validate', 0, rows.length);
  const report: ReportRow[] = [];
  const rawOf = new Map<number, Flat>(rows.map((r) => [r.row, r.flat]));
  const toReport = (p: RowProblem) => report.push({
    row: p.row, column: headerOf(p.field), value: p.field ? (rawOf.get(p.row)?.[p.field] ?? null) : null, reason: p.reason, params: p.params,
  });
  const resolver = new PartnerResolver(c.tx);
  await resolver.prefetchExact(rows.flatMap((r) => (r.flat.partners ?? '').split(';')));
  const sources: SourceRow[] = [];
  for (const r of rows) {
    const flat = { ...r.flat };
    if (flat.partners?.trim()) {
      const resolved = await resolver.resolveList(flat.partners);
      if (resolved.problems.length > 0) {
        for (const p of resolved.problems) report.push({ row: r.row, column: headerOf('partners'), value: p.name, reason: p.reason, params: p.params });
        continue;
      }
      flat.partners = resolved.ids.join(';');
    }
    sources.push({ row: r.row, gadId: c.run.gad_id, flat });
  }
  const mode = c.run.mode as ImportMode;
  const { keyed, problems } = keyRows(mode, sources);
  problems.forEach(toReport);
  const [stored, codes] = [await loadStored(c.tx, kind, storedKeys(keyed)), await knownCodes(c.tx)];
  const writer = c.write ? new ChunkWriter(c.tx, c.actor, kind, c.run.id, c.now) : null;
  if (writer) { c.onPhase?.('write'); writer.total = keyed.length; }
  const counts = { created: 0, updated: 0, unchanged: 0 };
  let validated = 0;
  for (const chunk of chunks(keyed)) {
    const plan = planKeyedRows(kind, mode, chunk, stored, codes);
    plan.problems.forEach(toReport);
    counts.created += plan.inserts.length; counts.updated += plan.updates.length; counts.unchanged += plan.unchanged;
    // While writing, the writer reports rows written; a dry run reports rows validated.
    validated += chunk.length;
    if (!writer) reportProgress(c.run.id, 'validate', validated, keyed.length);
    // A run with bad rows is refused unless they may be skipped: what it would write is rolled back anyway.
    const refused = !c.run.skip_bad_rows && report.some((r) => (r.severity ?? 'error') === 'error');
    if (writer && !refused) {
      writer.skipped(chunk.length - plan.inserts.length - plan.updates.length);
      await writer.add(plan);
    }
    else await setImmediate();
  }
  await writer?.finish();
  report.sort((a, b) => a.row - b.row);
  return { rowsTotal: rows.length, ...counts, report };
}
