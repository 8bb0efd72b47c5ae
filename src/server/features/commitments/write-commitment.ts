import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { actorLabel } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { selectVisibleAction } from '../actions/detail-queries.ts';
import { changedFields } from '../actions/update-action.ts';
import { localDate } from '../shared/dates.ts';
import { selectVisibleCommitment } from './queries.ts';
import type { CommitmentInput } from './schema.ts';

async function writableAction(tx: Db, ctx: Ctx, actionId: string, field = 'body.actionId') {
  const action = await selectVisibleAction(tx, ctx.actor, actionId);
  if (!action) throw AppError.invalid('Unknown action', [{ field, message: 'Unknown action' }]);
  if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may add commitments to it');
  return action;
}

/** The person in charge, when given as an account, is an active user of the commitment's GAD. */
async function checkResponsibleUser(tx: Db, gadId: string, userId: string | null | undefined) {
  if (!userId) return;
  const user = await sql`SELECT 1 FROM app_user WHERE id = ${userId} AND gad_id = ${gadId} AND disabled_at IS NULL`.execute(tx);
  if (!user.rows[0]) {
    throw AppError.invalid('Unknown responsible user', [{ field: 'body.responsibleUserId', message: 'Choose an active user of this GAD' }]);
  }
}

export async function writableCommitment(tx: Db, ctx: Ctx, id: string) {
  const commitment = await selectVisibleCommitment(tx, ctx.actor, id, localDate(ctx.now));
  if (!commitment) throw AppError.notFound('Commitment');
  if (!canWriteForGad(ctx.actor, commitment.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may change it');
  return commitment;
}

export async function createCommitmentIn(tx: Db, ctx: Ctx, input: CommitmentInput, options: { illustrative?: boolean } = {}) {
  const action = await writableAction(tx, ctx, input.actionId);
  await checkResponsibleUser(tx, action.gad_id, input.responsibleUserId);
  const inserted = await sql<{ id: string }>`
    INSERT INTO commitment (gad_id, action_id, kind, description, responsible_unit, responsible_person, responsible_user_id, due_on, state, illustrative,
      created_at, updated_at)
    VALUES (${action.gad_id}, ${action.id}, ${input.kind}, ${input.description}, ${input.responsibleUnit ?? null},
      ${input.responsiblePerson ?? null}, ${input.responsibleUserId ?? null}, ${input.dueOn ?? null}, ${input.state}, ${options.illustrative ?? false}, ${ctx.now}, ${ctx.now})
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]!.id;
  await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'commitment', entityId: id, operation: 'create', diff: { after: input } });
  return id;
}

export function createCommitment(ctx: Ctx, input: CommitmentInput) {
  return ctx.db.transaction().execute((tx) => createCommitmentIn(tx, ctx, input));
}

export async function updateCommitment(ctx: Ctx, id: string, patch: Partial<CommitmentInput> & { version: number }) {
  await ctx.db.transaction().execute(async (tx) => {
    const current = await writableCommitment(tx, ctx, id);
    const before = {
      kind: current.kind, description: current.description, responsibleUnit: current.responsible_unit,
      responsiblePerson: current.responsible_person, responsibleUserId: current.responsible_user_id, dueOn: current.due_on, state: current.state,
    };
    const { version, ...fields } = patch;
    const after = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    if (fields.responsibleUserId) await checkResponsibleUser(tx, current.gad_id, fields.responsibleUserId);
    if (current.state === 'done' && after.state !== 'done') {
      throw AppError.conflict('A completed commitment stays completed; add a note instead');
    }
    const updated = await sql<{ id: string }>`
      UPDATE commitment SET kind = ${after.kind}, description = ${after.description}, responsible_unit = ${after.responsibleUnit ?? null},
        responsible_person = ${after.responsiblePerson ?? null}, responsible_user_id = ${after.responsibleUserId ?? null}, due_on = ${after.dueOn ?? null}, state = ${after.state},
        version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${version} RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw AppError.conflict('Someone else changed this commitment since you opened it', { current });
    await recordAudit(tx, { actor: ctx.actor, gadId: current.gad_id, entity: 'commitment', entityId: id, operation: 'update', diff: changedFields(before, after) });
  });
}

export async function deleteCommitment(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const current = await writableCommitment(tx, ctx, id);
    await sql`UPDATE commitment SET deleted_at = ${ctx.now}, version = version + 1 WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: current.gad_id, entity: 'commitment', entityId: id, operation: 'delete', diff: {} });
  });
}

export async function addCommitmentNote(ctx: Ctx, id: string, body: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const current = await writableCommitment(tx, ctx, id);
    const note = await sql<{ id: string }>`
      INSERT INTO commitment_note (commitment_id, gad_id, body, author_label, created_at)
      VALUES (${id}, ${current.gad_id}, ${body}, ${actorLabel(ctx.actor)}, ${ctx.now}) RETURNING id`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: current.gad_id, entity: 'commitment', entityId: id, operation: 'update', diff: { note: body } });
    return note.rows[0]!.id;
  });
}

/** Done needs evidence: a link, or a document filed on this commitment or its action. */
export async function completeCommitment(ctx: Ctx, id: string, input: { evidenceUrl?: string | null; evidenceDocumentId?: string | null; completedOn?: string | null }) {
  await ctx.db.transaction().execute(async (tx) => {
    const current = await writableCommitment(tx, ctx, id);
    if (current.state === 'cancelled') throw AppError.conflict('A cancelled commitment cannot be completed');
    if (input.evidenceDocumentId) {
      const document = await sql`SELECT 1 FROM document WHERE id = ${input.evidenceDocumentId} AND deleted_at IS NULL
        AND (commitment_id = ${id} OR action_id = ${current.action_id})`.execute(tx);
      if (!document.rows[0]) {
        throw AppError.invalid('Unknown evidence document', [{ field: 'body.evidenceDocumentId', message: 'Upload the document to this commitment or its action first' }]);
      }
    }
    const completedOn = input.completedOn ?? localDate(ctx.now);
    await sql`UPDATE commitment SET state = 'done', completed_on = ${completedOn}, evidence_url = ${input.evidenceUrl ?? null},
      evidence_document_id = ${input.evidenceDocumentId ?? null}, version = version + 1, updated_at = ${ctx.now} WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: current.gad_id, entity: 'commitment', entityId: id, operation: 'update',
      diff: { before: { state: current.state }, after: { state: 'done', completedOn, evidenceUrl: input.evidenceUrl ?? null, evidenceDocumentId: input.evidenceDocumentId ?? null } } });
  });
}
