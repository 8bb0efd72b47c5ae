import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { actionInput, type ActionInput } from '../actions/schema.ts';
import { canonicalOfInput, canonicalOfRow, fieldsFor, sameFlat, toActionInput, type ActionKind, type Flat } from './fields.ts';
import { reasonOfIssue, type Reason } from './reasons.ts';

export type ImportMode = 'create' | 'update' | 'upsert';

/** One spreadsheet row, already mapped to field keys; a key absent from `flat` was not in the file. */
export interface SourceRow { row: number; gadId: string; flat: Flat }

export interface RowProblem { row: number; field: string | null; reason: Reason; params: Record<string, unknown> }

export interface Stored { id: string; type: string; deleted: boolean; canonical: Flat }

export interface RowPlan {
  inserts: { row: number; gadId: string; id: string; input: ActionInput }[];
  updates: { row: number; gadId: string; id: string; input: ActionInput; before: Flat; after: Flat }[];
  unchanged: number;
  problems: RowProblem[];
}

export interface KnownCodes { themes: Set<string>; countries: Set<string> }

export async function knownCodes(db: Db): Promise<KnownCodes> {
  const [themes, countries] = await Promise.all([
    sql<{ code: string }>`SELECT code FROM theme`.execute(db),
    sql<{ code: string }>`SELECT code FROM country`.execute(db),
  ]);
  return { themes: new Set(themes.rows.map((r) => r.code)), countries: new Set(countries.rows.map((r) => r.code)) };
}

const CHUNK = 5000;

/** The stored records the file's external ids point at, in the same comparable form as a row. */
export async function loadStored(db: Db, kind: ActionKind, keys: { gadId: string; externalId: string }[]): Promise<Map<string, Stored>> {
  const found = new Map<string, Stored>();
  const fields = fieldsFor(kind);
  const columns = fields
    .filter((f) => f.type !== 'list' || f.at === 'details')
    .filter((f) => f.type !== 'partners')
    .map((f) => sql`${sql.ref(`${f.at === 'core' ? 'a' : 'd'}.${f.column}`)} AS ${sql.id(f.key)}`);
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const result = await sql<Record<string, unknown> & { id: string; type: string; gad_id: string; deleted: boolean }>`
      SELECT a.id, a.type, a.gad_id, a.deleted_at IS NOT NULL AS deleted, ${sql.join(columns)},
        ARRAY(SELECT t.theme_code FROM action_theme t WHERE t.action_id = a.id) AS themes,
        ARRAY(SELECT p.partner_id::text || '@' || p.role FROM action_partner p WHERE p.action_id = a.id) AS partners
      FROM action a
      JOIN unnest(${chunk.map((k) => k.gadId)}::uuid[], ${chunk.map((k) => k.externalId)}::text[]) AS k(gad_id, external_id)
        ON a.gad_id = k.gad_id AND a.external_id = k.external_id
      LEFT JOIN ${sql.table(kind)} d ON d.action_id = a.id`.execute(db);
    for (const row of result.rows) {
      found.set(`${row.gad_id}|${row.externalId}`, { id: row.id, type: row.type, deleted: row.deleted, canonical: canonicalOfRow(kind, row) });
    }
  }
  return found;
}

function fieldOfPath(kind: ActionKind, path: string[]): string | null {
  const fields = fieldsFor(kind);
  const found = path[0] === 'details'
    ? fields.find((f) => f.at === 'details' && f.prop === path[1])
    : fields.find((f) => f.at === 'core' && f.prop === path[0]);
  return found?.key ?? null;
}

/** Rows without a usable external id (when the mode needs one) and repeats of an id earlier in the file are refused first. */
export function keyRows(mode: ImportMode, rows: SourceRow[], firstRowOf = new Map<string, number>()): { keyed: SourceRow[]; problems: RowProblem[] } {
  const keyed: SourceRow[] = [];
  const problems: RowProblem[] = [];
  for (const source of rows) {
    const externalId = source.flat.externalId?.trim() || null;
    if (!externalId) {
      if (mode !== 'create') { problems.push({ row: source.row, field: 'externalId', reason: 'external_id_required', params: { mode } }); continue; }
      keyed.push(source);
      continue;
    }
    const key = `${source.gadId}|${externalId}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) { problems.push({ row: source.row, field: 'externalId', reason: 'duplicate_in_file', params: { first } }); continue; }
    firstRowOf.set(key, source.row);
    keyed.push(source);
  }
  return { keyed, problems };
}

export const storedKeys = (rows: SourceRow[]) =>
  rows.flatMap((s) => (s.flat.externalId?.trim() ? [{ gadId: s.gadId, externalId: s.flat.externalId.trim() }] : []));

/**
 * Pure: what to do with each keyed row, given the stored records its external ids point at: insert,
 * update, leave alone (the stored record already says the same), or refuse with a reason. Rows are
 * judged by the same zod schema as `POST /api/actions`.
 */
export function planKeyedRows(kind: ActionKind, mode: ImportMode, keyed: SourceRow[], stored: Map<string, Stored>, codes: KnownCodes): RowPlan {
  const plan: RowPlan = { inserts: [], updates: [], unchanged: 0, problems: [] };
  for (const source of keyed) {
    const externalId = source.flat.externalId?.trim() || null;
    const existing = externalId ? stored.get(`${source.gadId}|${externalId}`) : undefined;
    const problem = (field: string | null, reason: Reason, params: Record<string, unknown> = {}) => plan.problems.push({ row: source.row, field, reason, params });
    if (existing && mode === 'create') { problem('externalId', 'already_exists'); continue; }
    if (!existing && mode === 'update') { problem('externalId', 'not_found'); continue; }
    if (existing && existing.type !== kind) { problem('externalId', 'other_kind', { type: existing.type }); continue; }
    if (existing?.deleted) { problem('externalId', 'deleted_record'); continue; }
    const flat: Flat = existing ? { ...existing.canonical, ...source.flat } : source.flat;
    if (externalId) flat.externalId = externalId;
    const parsed = actionInput.safeParse(toActionInput(kind, flat));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { path, reason, params } = reasonOfIssue(issue as never);
        problem(fieldOfPath(kind, path), reason, params);
      }
      continue;
    }
    const input = parsed.data;
    let bad = false;
    for (const theme of input.themes) if (!codes.themes.has(theme)) { problem('themes', 'unknown_theme', { value: theme }); bad = true; }
    if (input.country && !codes.countries.has(input.country)) { problem('country', 'unknown_country'); bad = true; }
    if (bad) continue;
    const after = canonicalOfInput(kind, input);
    if (existing) {
      if (sameFlat(after, existing.canonical)) plan.unchanged++;
      else plan.updates.push({ row: source.row, gadId: source.gadId, id: existing.id, input, before: existing.canonical, after });
    } else {
      // Time-ordered ids: a file's new actions land at the right edge of the id indexes instead of on
      // random pages all over them, which at a million actions is what most of an import's writes cost.
      plan.inserts.push({ row: source.row, gadId: source.gadId, id: uuidv7(), input });
    }
  }
  return plan;
}

/** The whole file's plan at once, for the imports that build their rows in memory (IATI, sister cities). */
export async function planActionRows(db: Db, kind: ActionKind, mode: ImportMode, rows: SourceRow[], codes: KnownCodes): Promise<RowPlan> {
  const { keyed, problems } = keyRows(mode, rows);
  const plan = planKeyedRows(kind, mode, keyed, await loadStored(db, kind, storedKeys(keyed)), codes);
  return { ...plan, problems: [...problems, ...plan.problems] };
}
