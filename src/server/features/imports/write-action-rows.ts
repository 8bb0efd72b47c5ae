import { setImmediate } from 'node:timers/promises';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { actorLabel, actorUserId, type Actor } from '../../context.ts';
import type { ActionInput } from '../actions/schema.ts';
import { diffFlat, fieldsFor, importedPartnerRole, type ActionKind, type Field } from './fields.ts';
import type { RowPlan } from './plan-action-rows.ts';
import { reportProgress } from './progress.ts';

export const CHUNK = 5000;

const pgType = (f: Field) => (f.type === 'date' ? 'date' : f.type === 'int' ? 'int' : f.type === 'list' ? 'text[]' : 'text');

function valueOf(f: Field, input: ActionInput): unknown {
  const source = f.at === 'core' ? (input as Record<string, unknown>) : (input.details as Record<string, unknown>);
  const value = source[f.prop];
  return value === undefined ? null : value;
}

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A whole chunk travels as one JSON parameter and comes back as typed rows: one statement per chunk, not per row. */
function recordset(rows: Record<string, unknown>[], columns: [string, string][]): RawBuilder<unknown> {
  const definition = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(${sql.raw(definition)})`;
}

interface Target { id: string; gadId: string; input: ActionInput }

function coreColumns(kind: ActionKind) {
  return fieldsFor(kind).filter((f) => f.at === 'core' && f.type !== 'list' && f.type !== 'partners');
}
function detailColumns(kind: ActionKind) {
  return fieldsFor(kind).filter((f) => f.at === 'details');
}

function rowsFor(targets: Target[], fields: Field[], idColumn: string) {
  return targets.map((t) => {
    const row: Record<string, unknown> = { [idColumn]: t.id, gad_id: t.gadId };
    for (const f of fields) row[f.column] = valueOf(f, t.input);
    return row;
  });
}

/** The SQL reading one field of the input (`r.input`, the action input as JSON) as its column's type. */
function fieldOfInput(f: Field): string {
  const at = f.at === 'core' ? `r.input` : `r.input->'details'`;
  if (f.type === 'list') return `CASE WHEN jsonb_typeof(${at}->'${f.prop}') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${at}->'${f.prop}')) END`;
  return `(${at}->>'${f.prop}')::${pgType(f)}`;
}

/**
 * The action's search vector computed in the chunk's INSERT, which spares the row trigger (migration 0100).
 * An agreement's areas come with its kind row, whose own trigger adds them as it does for every insert.
 */
function searchVectorOfInput(core: Field[]): string {
  const of = (column: string) => { const f = core.find((x) => x.column === column); return f ? fieldOfInput(f) : 'NULL'; };
  return `action_search_vector(${of('title')}, ${of('description')}, NULL, ${of('city')})`;
}

/**
 * Every write of a chunk of new records in one statement: the actions, their kind rows, themes, partners and
 * one audit entry each (`{ import, after: input }`, as the row-by-row path writes). The chunk travels once, as
 * JSON, and each table gets one multi-row INSERT, which also suits the statement-level triggers on them.
 * Foreign keys are checked at the end of the statement, when the actions are there.
 */
export function insertChunkStatement(actor: Actor, kind: ActionKind, targets: Target[], importId: string, now: Date, illustrative: boolean): RawBuilder<unknown> {
  const core = coreColumns(kind);
  const details = detailColumns(kind);
  const coreNames = core.map((f) => f.column).join(', ');
  const detailNames = details.map((f) => f.column).join(', ');
  const rows = JSON.stringify(targets.map((t) => ({ id: t.id, gad_id: t.gadId, input: t.input })));
  return sql`
    WITH r AS MATERIALIZED (
      SELECT id, gad_id, input FROM jsonb_to_recordset(${rows}::jsonb) AS r(id uuid, gad_id uuid, input jsonb)
    ), actions AS (
      INSERT INTO action (id, gad_id, type, illustrative, created_at, updated_at, ${sql.raw(coreNames)}, search_vector)
      SELECT r.id, r.gad_id, ${kind}, ${illustrative}, ${now}, ${now}, ${sql.raw(core.map(fieldOfInput).join(', '))},
             ${sql.raw(searchVectorOfInput(core))} FROM r
    ), kind_rows AS (
      INSERT INTO ${sql.table(kind)} (action_id, gad_id, ${sql.raw(detailNames)})
      SELECT r.id, r.gad_id, ${sql.raw(details.map(fieldOfInput).join(', '))} FROM r
    ), themes AS (
      INSERT INTO action_theme (action_id, gad_id, theme_code)
      SELECT DISTINCT r.id, r.gad_id, t.code FROM r, jsonb_array_elements_text(r.input->'themes') AS t(code)
    ), partners AS (
      INSERT INTO action_partner (action_id, gad_id, partner_id, role)
      SELECT r.id, r.gad_id, (p.value->>'partnerId')::uuid, COALESCE(p.value->>'role', ${importedPartnerRole[kind]})
      FROM r, jsonb_array_elements(r.input->'partners') AS p(value)
      ON CONFLICT DO NOTHING
    ), audit AS (
      INSERT INTO audit_log (at, actor_id, actor_label, gad_id, entity, entity_id, operation, diff)
      SELECT ${now}, ${actorUserId(actor)}, ${actorLabel(actor)}, r.gad_id, 'action', r.id::text, 'create',
             jsonb_build_object('import', ${importId}::text, 'after', r.input)
      FROM r
    )
    SELECT count(*)::int AS n FROM r`;
}

async function replaceLinks(tx: Db, kind: ActionKind, targets: Target[]) {
  const ids = targets.map((t) => t.id);
  await sql`DELETE FROM action_theme WHERE action_id = ANY(${ids}::uuid[])`.execute(tx);
  await sql`DELETE FROM action_partner WHERE action_id = ANY(${ids}::uuid[])`.execute(tx);
  const themes = targets.flatMap((t) => [...new Set(t.input.themes)].map((theme_code) => ({ action_id: t.id, gad_id: t.gadId, theme_code })));
  for (const chunk of chunks(themes)) {
    await sql`INSERT INTO action_theme (action_id, gad_id, theme_code)
      SELECT action_id, gad_id, theme_code FROM ${recordset(chunk, [['action_id', 'uuid'], ['gad_id', 'uuid'], ['theme_code', 'text']])}`.execute(tx);
  }
  const partners = targets.flatMap((t) => t.input.partners.map((p) => ({ action_id: t.id, gad_id: t.gadId, partner_id: p.partnerId, role: p.role ?? importedPartnerRole[kind] })));
  for (const chunk of chunks(partners)) {
    await sql`INSERT INTO action_partner (action_id, gad_id, partner_id, role)
      SELECT action_id, gad_id, partner_id, role FROM ${recordset(chunk, [['action_id', 'uuid'], ['gad_id', 'uuid'], ['partner_id', 'uuid'], ['role', 'text']])}
      ON CONFLICT DO NOTHING`.execute(tx);
  }
}

/** Updates of stored records, a chunk at a time, with one audit entry each holding what changed. */
async function writeUpdates(tx: Db, actor: Actor, kind: ActionKind, updates: RowPlan['updates'], importId: string, now: Date) {
  const core = coreColumns(kind);
  const details = detailColumns(kind);
  const coreTypes = core.map((f) => [f.column, pgType(f)] as [string, string]);
  const detailTypes = details.map((f) => [f.column, pgType(f)] as [string, string]);
  const set = core.map((f) => `${f.column} = r.${f.column}`).join(', ');
  const detailSet = details.map((f) => `${f.column} = r.${f.column}`).join(', ');
  await sql`UPDATE action a SET ${sql.raw(set)}, version = a.version + 1, updated_at = ${now}
    FROM ${recordset(rowsFor(updates, core, 'id'), [['id', 'uuid'], ['gad_id', 'uuid'], ...coreTypes])}
    WHERE a.id = r.id`.execute(tx);
  await sql`UPDATE ${sql.table(kind)} d SET ${sql.raw(detailSet)}
    FROM ${recordset(rowsFor(updates, details, 'action_id'), [['action_id', 'uuid'], ['gad_id', 'uuid'], ...detailTypes])}
    WHERE d.action_id = r.action_id`.execute(tx);
  const linksChanged = updates.filter((u) => u.before.themes !== u.after.themes || u.before.partners !== u.after.partners);
  if (linksChanged.length > 0) await replaceLinks(tx, kind, linksChanged);
  const audit = updates.map((u) => ({ gad_id: u.gadId, entity_id: u.id, operation: 'update', diff: { import: importId, ...diffFlat(u.before, u.after) } }));
  await sql`INSERT INTO audit_log (at, actor_id, actor_label, gad_id, entity, entity_id, operation, diff)
    SELECT ${now}, ${actorUserId(actor)}, ${actorLabel(actor)}, gad_id, 'action', entity_id, operation, diff
    FROM ${recordset(audit, [['gad_id', 'uuid'], ['entity_id', 'text'], ['operation', 'text'], ['diff', 'jsonb']])}`.execute(tx);
}

/**
 * Writes an import's planned chunks inside the caller's transaction, one chunk in flight at a time. `add`
 * returns once the previous chunk is written and this one is sent, so the caller validates the next chunk
 * in JavaScript while the database writes this one: on two cores, planning costs no wall time.
 * GET /api/imports/:id shows how far the write has come (a long import is not a frozen one), and on
 * embedded PGlite, whose queries resolve without leaving the microtask queue, the yield after each chunk
 * keeps requests and log lines flowing until the import commits.
 */
export class ChunkWriter {
  private inFlight: Promise<void> = Promise.resolve();
  private written = 0;
  private readonly tx: Db;
  private readonly actor: Actor;
  private readonly kind: ActionKind;
  private readonly importId: string;
  private readonly now: Date;
  private readonly illustrative: boolean;
  /** What the progress line counts up to: the rows the caller will plan. */
  total = 0;

  constructor(tx: Db, actor: Actor, kind: ActionKind, importId: string, now: Date, options: { illustrative?: boolean } = {}) {
    this.tx = tx; this.actor = actor; this.kind = kind; this.importId = importId; this.now = now;
    this.illustrative = options.illustrative ?? false;
  }

  async add(plan: Pick<RowPlan, 'inserts' | 'updates'>): Promise<void> {
    // Built before waiting, so the JSON of this chunk is ready when the database is.
    const statements = chunks(plan.inserts).map((c) => ({ rows: c.length, sql: insertChunkStatement(this.actor, this.kind, c, this.importId, this.now, this.illustrative) }));
    await this.inFlight;
    this.inFlight = this.send(statements, plan.updates);
    // Nobody may be awaiting it yet: its failure is seen by the next add or by finish, never unhandled.
    this.inFlight.catch(() => {});
  }

  private async send(statements: { rows: number; sql: RawBuilder<unknown> }[], updates: RowPlan['updates']) {
    for (const s of statements) {
      await s.sql.execute(this.tx);
      await this.advance(s.rows);
    }
    for (const chunk of chunks(updates)) {
      await writeUpdates(this.tx, this.actor, this.kind, chunk, this.importId, this.now);
      await this.advance(chunk.length);
    }
  }

  private async advance(rows: number) {
    this.written += rows;
    reportProgress(this.importId, 'write', this.written, Math.max(this.total, this.written));
    await setImmediate();
  }

  /** Rows of the file that need no write (unchanged or refused) still count as done in the progress line. */
  skipped(rows: number) {
    this.written += rows;
  }

  /** Waits for the last chunk; rethrows the first failure. */
  finish(): Promise<void> {
    return this.inFlight;
  }
}

/** Applies a whole row plan inside the caller's transaction, with one audit row per changed record. */
export async function writeActionRows(tx: Db, actor: Actor, kind: ActionKind, plan: RowPlan, importId: string, now: Date, options: { illustrative?: boolean } = {}) {
  const writer = new ChunkWriter(tx, actor, kind, importId, now, options);
  writer.total = plan.inserts.length + plan.updates.length;
  await setImmediate();
  for (const inserts of chunks(plan.inserts)) await writer.add({ inserts, updates: [] });
  for (const updates of chunks(plan.updates)) await writer.add({ inserts: [], updates });
  await writer.finish();
}
