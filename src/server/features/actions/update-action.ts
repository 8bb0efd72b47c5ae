import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { parseOrInvalid } from '../shared/schema.ts';
import { canWriteForGad } from './policy.ts';
import { selectVisibleAction } from './detail-queries.ts';
import { currentInput } from './current-input.ts';
import { getAction } from './get-action.ts';
import { actionInput, type ActionInput, type ActionPatch } from './schema.ts';
import { insertKindDetails, insertThemesAndPartners } from './write-queries.ts';
import { validateActionReferences } from './validate-references.ts';

const KIND_TABLES = ['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project'] as const;

/** Fields whose value changed, before and after: the audit diff. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const diff: { before: Record<string, unknown>; after: Record<string, unknown> } = { before: {}, after: {} };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      diff.before[key] = before[key] ?? null;
      diff.after[key] = after[key] ?? null;
    }
  }
  return diff;
}

export async function loadWritableAction(tx: Db, ctx: Ctx, id: string) {
  const action = await selectVisibleAction(tx, ctx.actor, id);
  if (!action) throw AppError.notFound('Action');
  if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may change it');
  return action;
}

async function replaceChildren(tx: Db, id: string, gadId: string, input: ActionInput) {
  const signed = await sql<{ signed_document_id: string | null }>`SELECT signed_document_id FROM agreement WHERE action_id = ${id}`.execute(tx);
  await sql`DELETE FROM action_theme WHERE action_id = ${id}`.execute(tx);
  await sql`DELETE FROM action_partner WHERE action_id = ${id}`.execute(tx);
  await sql`DELETE FROM delegate WHERE action_id = ${id}`.execute(tx);
  for (const table of KIND_TABLES) await sql`DELETE FROM ${sql.table(table)} WHERE action_id = ${id}`.execute(tx);
  await insertThemesAndPartners(tx, id, gadId, input);
  await insertKindDetails(tx, id, gadId, input);
  const signedDocumentId = signed.rows[0]?.signed_document_id;
  if (signedDocumentId && input.type === 'agreement') {
    await sql`UPDATE agreement SET signed_document_id = ${signedDocumentId} WHERE action_id = ${id}`.execute(tx);
  }
}

/**
 * Optimistic concurrency: the edit names the version it started from. The UPDATE matches
 * that version or nothing, so of many editors racing from one version exactly one wins.
 */
export async function updateAction(ctx: Ctx, id: string, patch: ActionPatch) {
  await ctx.db.transaction().execute(async (tx) => {
    const action = await loadWritableAction(tx, ctx, id);
    const before = await currentInput(tx, action);
    const { version, details, ...core } = patch;
    const merged = parseOrInvalid(actionInput, {
      ...before, ...stripUndefined(core), type: before.type, details: { ...before.details, ...(details ?? {}) },
    });
    await validateActionReferences(tx, merged);
    const updated = await sql<{ id: string }>`
      UPDATE action SET title = ${merged.title}, description = ${merged.description ?? null},
        start_date = ${merged.startDate ?? null}, end_date = ${merged.endDate ?? null}, date_precision = ${merged.datePrecision},
        city = ${merged.city ?? null}, country_code = ${merged.country ?? null}, visibility = ${merged.visibility},
        territorial_scope = ${merged.territorialScope ?? null}, motive = ${merged.motive ?? null}, channel = ${merged.channel ?? null},
        governance_mode = ${merged.governanceMode ?? null}, source_note = ${merged.sourceNote ?? null},
        ambiguity_note = ${merged.ambiguityNote ?? null}, external_id = ${merged.externalId ?? null},
        version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${version} AND deleted_at IS NULL
      RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw await staleVersion({ ...ctx, db: tx }, id);
    await replaceChildren(tx, id, action.gad_id, merged);
    const diff = changedFields(before, merged as unknown as Record<string, unknown>);
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: id, operation: 'update', diff });
  });
  return getAction(ctx, id);
}

export async function staleVersion(ctx: Ctx, id: string) {
  const current = await getAction(ctx, id).catch(() => null);
  return AppError.conflict('Someone else changed this record since you opened it', { current });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
