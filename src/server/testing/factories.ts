import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Actor, Ctx } from '../context.ts';
import { actionInput, type ActionInput } from '../features/actions/schema.ts';
import { createAction } from '../features/actions/create-action.ts';
import { createPartner } from '../features/partners/create-partner.ts';
import { partnerInput } from '../features/partners/schema.ts';

export const TEST_NOW = new Date('2026-01-15T12:00:00Z');

export function systemCtx(database: Database, actor: Actor = { kind: 'system', label: 'test' }): Ctx {
  return { db: database.db, actor, now: TEST_NOW };
}

export async function gadId(database: Database, dpaCode: string): Promise<string> {
  const result = await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = ${dpaCode}`.execute(database.db);
  return result.rows[0]!.id;
}

/** An action with sensible defaults; pass only what the test is about. */
export async function makeAction(
  database: Database,
  overrides: Partial<Omit<ActionInput, 'details'>> & { gad?: string; details?: Record<string, unknown>; illustrative?: boolean } = {},
): Promise<string> {
  const { gad = '1701', illustrative = true, ...fields } = overrides;
  const type = fields.type ?? 'agreement';
  const defaults: Record<string, Record<string, unknown>> = {
    agreement: { kind: 'cooperation_agreement', state: 'signed' },
    award: { outcome: 'applied' },
    project: { modality: 'technical_assistance', direction: 'received' },
  };
  const input = actionInput.parse({
    title: 'Test action',
    startDate: '2024-03-01',
    visibility: 'public',
    ...fields,
    type,
    details: fields.details ?? defaults[type] ?? {},
  });
  return createAction(systemCtx(database), await gadId(database, gad), input, { illustrative });
}

export async function makePartner(database: Database, name: string, overrides: Record<string, unknown> = {}) {
  return createPartner(systemCtx(database), partnerInput.parse({ name, type: 'local_government', ...overrides }));
}
