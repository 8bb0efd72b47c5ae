import { setImmediate } from 'node:timers/promises';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { actorLabel, actorUserId, type Actor } from '../../context.ts';
import type { ActionInput } from '../actions/schema.ts';
import { diffFlat, fieldsFor, importedPartnerRole, type ActionKind, type Field } from './fields.ts';
import type { RowPlan } from './plan-action-rows.ts';
import { reportProgress } from './progress.ts';

const CHUNK = 5000;

const pgType = (f: Field) => (f.type === 'date' ? 'date' : f.type === 'int' ? 'int' : f.type === 'list' ? 'text[]' : 'text');

function valueOf(f: Field, input: ActionInput): unknown {
  const source = f.at === 'core' ? (input as Record<string, unknown>) : (input.details as Record<string, unknown>);
  const value = source[f.prop];
  return value === undefined ? null : value;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
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

async function replaceLinks(tx: Db, kind: ActionKind, targets: Target[], replace: boolean) {
  if (replace) {
    const ids = targets.map((t) => t.id);
    await sql`DELETE FROM action_theme WHERE action_id = ANY(${ids}::uuid[])`.execute(tx);
    await sql`DELETE FROM action_partner WHERE action_id = ANY(${ids}::uuid[])`.execute(tx);
  }
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

/** Applies a row plan inside the caller's transaction, with one audit row per changed record. */
export async function writeActionRows(tx: Db, actor: Actor, kind: ActionKind, plan: RowPlan, importId: string, now: Date, options: { illustrative?: boolean } = {}) {
  const core = coreColumns(kind);
  const details = detailColumns(kind);
  const coreTypes = core.map((f) => [f.column, pgType(f)] as [string, string]);
  const detailTypes = details.map((f) => [f.column, pgType(f)] as [string, string]);
  const coreNames = core.map((f) => f.column).join(', ');
  const detailNames = details.map((f) => f.column).join(', ');
  const total = plan.inserts.length + plan.updates.length;
  let written = 0;
  // GET /api/imports/:id shows how far the write has come: a long import is not a frozen one. On embedded
  // PGlite every query resolves without leaving the microtask queue, so without a yield between chunks a
  // long import would starve the event loop: no request answered, no log line written, until it commits.
  const advance = async (rows: number) => {
    reportProgress(importId, 'write', written += rows, total);
    await setImmediate();
  };
  await setImmediate();

  for (const chunk of chunks(plan.inserts)) {
    await sql`INSERT INTO action (id, gad_id, type, illustrative, created_at, updated_at, ${sql.raw(coreNames)})
      SELECT id, gad_id, ${kind}, ${options.illustrative ?? false}, ${now}, ${now}, ${sql.raw(coreNames)}
      FROM ${recordset(rowsFor(chunk, core, 'id'), [['id', 'uuid'], ['gad_id', 'uuid'], ...coreTypes])}`.execute(tx);
    await sql`INSERT INTO ${sql.table(kind)} (action_id, gad_id, ${sql.raw(detailNames)})
      SELECT action_id, gad_id, ${sql.raw(detailNames)}
      FROM ${recordset(rowsFor(chunk, details, 'action_id'), [['action_id', 'uuid'], ['gad_id', 'uuid'], ...detailTypes])}`.execute(tx);
    await replaceLinks(tx, kind, chunk, false);
    await advance(chunk.length);
  }
  for (const chunk of chunks(plan.updates)) {
    const set = core.map((f) => `${f.column} = r.${f.column}`).join(', ');
    await sql`UPDATE action a SET ${sql.raw(set)}, version = a.version + 1, updated_at = ${now}
      FROM ${recordset(rowsFor(chunk, core, 'id'), [['id', 'uuid'], ['gad_id', 'uuid'], ...coreTypes])}
      WHERE a.id = r.id`.execute(tx);
    const detailSet = details.map((f) => `${f.column} = r.${f.column}`).join(', ');
    await sql`UPDATE ${sql.table(kind)} d SET ${sql.raw(detailSet)}
      FROM ${recordset(rowsFor(chunk, details, 'action_id'), [['action_id', 'uuid'], ['gad_id', 'uuid'], ...detailTypes])}
      WHERE d.action_id = r.action_id`.execute(tx);
    const linksChanged = chunk.filter((u) => u.before.themes !== u.after.themes || u.before.partners !== u.after.partners);
    if (linksChanged.length > 0) await replaceLinks(tx, kind, linksChanged, true);
    await advance(chunk.length);
  }
  const audit = [
    ...plan.inserts.map((i) => ({ gad_id: i.gadId, entity_id: i.id, operation: 'create', diff: { import: importId, after: i.input } })),
    ...plan.updates.map((u) => ({ gad_id: u.gadId, entity_id: u.id, operation: 'update', diff: { import: importId, ...diffFlat(u.before, u.after) } })),
  ];
  for (const chunk of chunks(audit)) {
    await sql`INSERT INTO audit_log (at, actor_id, actor_label, gad_id, entity, entity_id, operation, diff)
      SELECT ${now}, ${actorUserId(actor)}, ${actorLabel(actor)}, gad_id, 'action', entity_id, operation, diff
      FROM ${recordset(chunk, [['gad_id', 'uuid'], ['entity_id', 'text'], ['operation', 'text'], ['diff', 'jsonb']])}`.execute(tx);
  }
}
