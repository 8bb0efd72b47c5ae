import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { selectVisibleAction } from '../actions/detail-queries.ts';
import { changedFields } from '../actions/update-action.ts';
import { visibleTo } from '../shared/visibility.ts';
import type { LessonInput } from './schema.ts';
import { contactJson, negotiationLateral, presentContact, presentNegotiation, selectNegotiationSteps, wider } from './negotiation.ts';

const FIELDS = ['visibility', 'negotiationVisibility', 'title', 'firstContactChannel', 'firstContact', 'negotiation', 'obstacles', 'errors', 'results', 'advice', 'appliedHome', 'contactUserId'] as const;

export async function selectVisibleLesson(db: Db, ctx: Ctx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const result = await sql<Record<string, any>>`
    SELECT l.*, a.title AS action_title, a.type AS action_type, g.name AS gad_name, g.dpa_code AS gad_dpa_code,
      ${visibleTo(ctx.actor, 'n')} AS negotiation_visible, ${contactJson(ctx.actor)} AS contact,
      (SELECT count(*) FROM lesson_vote v WHERE v.lesson_id = l.id)::int AS useful_count,
      EXISTS (SELECT 1 FROM lesson_vote v WHERE v.lesson_id = l.id AND v.user_id = ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}) AS voted_by_me
    FROM lesson l JOIN action a ON a.id = l.action_id JOIN gad g ON g.id = l.gad_id
    ${negotiationLateral}
    LEFT JOIN app_user cu ON cu.id = l.contact_user_id
    WHERE l.id = ${id} AND ${visibleTo(ctx.actor, 'l')} AND a.deleted_at IS NULL`.execute(db);
  const row = result.rows[0];
  if (row) row.negotiation_steps = row.negotiation_visible ? await selectNegotiationSteps(db, [row.id]).then((m) => m.get(row.id) ?? []) : [];
  return row;
}

function toInput(row: Record<string, any>) {
  return {
    visibility: row.visibility, negotiationVisibility: row.negotiation_visibility, title: row.title,
    firstContactChannel: row.first_contact_channel, firstContact: row.first_contact,
    negotiation: row.negotiation, obstacles: row.obstacles, errors: row.errors, results: row.results, advice: row.advice,
    appliedHome: row.applied_home, contactUserId: row.contact_user_id,
  };
}

export function presentLesson(row: Record<string, any>) {
  const { contactUserId: _contactUserId, ...fields } = toInput(row);
  return {
    id: row.id, actionId: row.action_id, gadId: row.gad_id, ...fields, ...presentNegotiation(row),
    contact: presentContact(row.contact), usefulCount: row.useful_count, votedByMe: row.voted_by_me, illustrative: row.illustrative, version: row.version,
    action: { id: row.action_id, title: row.action_title, type: row.action_type },
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    createdAt: (row.created_at as Date).toISOString(), updatedAt: (row.updated_at as Date).toISOString(),
  };
}

export async function createLessonIn(tx: Db, ctx: Ctx, input: LessonInput, options: { illustrative?: boolean } = {}) {
  const action = await selectVisibleAction(tx, ctx.actor, input.actionId);
  if (!action) throw AppError.invalid('Unknown action', [{ field: 'body.actionId', message: 'Unknown action' }]);
  if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may write its lessons');
  const negotiationVisibility = input.negotiationVisibility ?? input.visibility;
  checkNegotiationVisibility(input.visibility, negotiationVisibility);
  const contactUserId = input.contactUserId !== undefined
    ? await checkContact(tx, action.gad_id, input.contactUserId)
    : (ctx.actor.kind === 'user' && ctx.actor.gadId === action.gad_id ? ctx.actor.userId : null);
  const inserted = await sql<{ id: string }>`
    INSERT INTO lesson (gad_id, action_id, visibility, negotiation_visibility, title, first_contact_channel, first_contact, negotiation,
      obstacles, errors, results, advice, applied_home, contact_user_id, illustrative, created_at, updated_at)
    VALUES (${action.gad_id}, ${action.id}, ${input.visibility}, ${negotiationVisibility}, ${input.title}, ${input.firstContactChannel ?? null},
      ${input.firstContact ?? null}, ${input.negotiation ?? null}, ${input.obstacles ?? null}, ${input.errors ?? null},
      ${input.results ?? null}, ${input.advice ?? null}, ${input.appliedHome ?? null}, ${contactUserId},
      ${options.illustrative ?? false}, ${ctx.now}, ${ctx.now})
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]!.id;
  if (input.negotiationSteps) await replaceSteps(tx, id, action.gad_id, input.negotiationSteps);
  await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'lesson', entityId: id, operation: 'create', diff: { after: input } });
  return id;
}

function checkNegotiationVisibility(visibility: string, negotiationVisibility: string) {
  if (wider(negotiationVisibility, visibility)) {
    throw AppError.invalid('The negotiation journal cannot be more visible than its lesson', [
      { field: 'body.negotiationVisibility', message: `Must be ${visibility} or narrower` }]);
  }
}

/** The contact person must be an active user of the lesson's GAD. */
async function checkContact(tx: Db, gadId: string, userId: string | null | undefined): Promise<string | null> {
  if (!userId) return null;
  const found = await sql<{ id: string }>`SELECT id FROM app_user WHERE id = ${userId} AND gad_id = ${gadId} AND disabled_at IS NULL`.execute(tx);
  if (!found.rows[0]) throw AppError.invalid('Unknown contact person', [{ field: 'body.contactUserId', message: 'Not a user of this GAD' }]);
  return userId;
}

async function replaceSteps(tx: Db, lessonId: string, gadId: string, steps: NonNullable<LessonInput['negotiationSteps']>) {
  await sql`DELETE FROM negotiation_step WHERE lesson_id = ${lessonId}`.execute(tx);
  for (const [position, step] of steps.entries()) {
    await sql`INSERT INTO negotiation_step (lesson_id, gad_id, position, occurred_on, description)
      VALUES (${lessonId}, ${gadId}, ${position}, ${step.occurredOn ?? null}, ${step.description})`.execute(tx);
  }
}

export function createLesson(ctx: Ctx, input: LessonInput) {
  return ctx.db.transaction().execute((tx) => createLessonIn(tx, ctx, input));
}

async function writableLesson(tx: Db, ctx: Ctx, id: string) {
  const row = await selectVisibleLesson(tx, ctx, id);
  if (!row) throw AppError.notFound('Lesson');
  if (!canWriteForGad(ctx.actor, row.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may change it');
  return row;
}

export async function updateLesson(ctx: Ctx, id: string, patch: Partial<LessonInput> & { version: number }) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await writableLesson(tx, ctx, id);
    const before = toInput(row);
    const after: Record<string, unknown> = { ...before };
    for (const field of FIELDS) if (patch[field] !== undefined) after[field] = patch[field];
    // Narrowing a lesson narrows its journal with it, unless the caller says otherwise.
    if (patch.visibility !== undefined && patch.negotiationVisibility === undefined && wider(after.negotiationVisibility as string, patch.visibility)) {
      after.negotiationVisibility = patch.visibility;
    }
    checkNegotiationVisibility(after.visibility as string, after.negotiationVisibility as string);
    if (patch.contactUserId !== undefined) after.contactUserId = await checkContact(tx, row.gad_id, patch.contactUserId);
    const updated = await sql<{ id: string }>`
      UPDATE lesson SET visibility = ${after.visibility as string}, negotiation_visibility = ${after.negotiationVisibility as string},
        title = ${after.title as string},
        first_contact_channel = ${(after.firstContactChannel as string) ?? null}, first_contact = ${(after.firstContact as string) ?? null},
        negotiation = ${(after.negotiation as string) ?? null}, obstacles = ${(after.obstacles as string) ?? null},
        errors = ${(after.errors as string) ?? null}, results = ${(after.results as string) ?? null}, advice = ${(after.advice as string) ?? null},
        applied_home = ${(after.appliedHome as string) ?? null}, contact_user_id = ${(after.contactUserId as string) ?? null},
        version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${patch.version} RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw AppError.conflict('Someone else changed this lesson since you opened it', { current: presentLesson(row) });
    const diff = changedFields(before, after);
    if (patch.negotiationSteps) {
      await replaceSteps(tx, id, row.gad_id, patch.negotiationSteps);
      diff.after.negotiationSteps = patch.negotiationSteps;
    }
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'lesson', entityId: id, operation: 'update', diff });
  });
}

export async function deleteLesson(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await writableLesson(tx, ctx, id);
    await sql`UPDATE lesson SET deleted_at = ${ctx.now}, version = version + 1 WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'lesson', entityId: id, operation: 'delete', diff: {} });
  });
}
