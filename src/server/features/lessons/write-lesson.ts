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

const FIELDS = ['visibility', 'title', 'firstContactChannel', 'firstContact', 'negotiation', 'obstacles', 'errors', 'results', 'advice', 'appliedHome'] as const;

export async function selectVisibleLesson(db: Db, ctx: Ctx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const result = await sql<Record<string, any>>`
    SELECT l.*, a.title AS action_title, a.type AS action_type, g.name AS gad_name, g.dpa_code AS gad_dpa_code
    FROM lesson l JOIN action a ON a.id = l.action_id JOIN gad g ON g.id = l.gad_id
    WHERE l.id = ${id} AND ${visibleTo(ctx.actor, 'l')} AND a.deleted_at IS NULL`.execute(db);
  return result.rows[0];
}

function toInput(row: Record<string, any>) {
  return {
    visibility: row.visibility, title: row.title, firstContactChannel: row.first_contact_channel, firstContact: row.first_contact,
    negotiation: row.negotiation, obstacles: row.obstacles, errors: row.errors, results: row.results, advice: row.advice,
    appliedHome: row.applied_home,
  };
}

export function presentLesson(row: Record<string, any>) {
  return {
    id: row.id, actionId: row.action_id, gadId: row.gad_id, ...toInput(row), illustrative: row.illustrative, version: row.version,
    action: { id: row.action_id, title: row.action_title, type: row.action_type },
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    createdAt: (row.created_at as Date).toISOString(), updatedAt: (row.updated_at as Date).toISOString(),
  };
}

export async function createLessonIn(tx: Db, ctx: Ctx, input: LessonInput, options: { illustrative?: boolean } = {}) {
  const action = await selectVisibleAction(tx, ctx.actor, input.actionId);
  if (!action) throw AppError.invalid('Unknown action', [{ field: 'body.actionId', message: 'Unknown action' }]);
  if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may write its lessons');
  const inserted = await sql<{ id: string }>`
    INSERT INTO lesson (gad_id, action_id, visibility, title, first_contact_channel, first_contact, negotiation, obstacles, errors,
      results, advice, applied_home, illustrative, created_at, updated_at)
    VALUES (${action.gad_id}, ${action.id}, ${input.visibility}, ${input.title}, ${input.firstContactChannel ?? null},
      ${input.firstContact ?? null}, ${input.negotiation ?? null}, ${input.obstacles ?? null}, ${input.errors ?? null},
      ${input.results ?? null}, ${input.advice ?? null}, ${input.appliedHome ?? null}, ${options.illustrative ?? false}, ${ctx.now}, ${ctx.now})
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]!.id;
  await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'lesson', entityId: id, operation: 'create', diff: { after: input } });
  return id;
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
    const updated = await sql<{ id: string }>`
      UPDATE lesson SET visibility = ${after.visibility as string}, title = ${after.title as string},
        first_contact_channel = ${(after.firstContactChannel as string) ?? null}, first_contact = ${(after.firstContact as string) ?? null},
        negotiation = ${(after.negotiation as string) ?? null}, obstacles = ${(after.obstacles as string) ?? null},
        errors = ${(after.errors as string) ?? null}, results = ${(after.results as string) ?? null}, advice = ${(after.advice as string) ?? null},
        applied_home = ${(after.appliedHome as string) ?? null}, version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${patch.version} RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw AppError.conflict('Someone else changed this lesson since you opened it', { current: presentLesson(row) });
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'lesson', entityId: id, operation: 'update', diff: changedFields(before, after) });
  });
}

export async function deleteLesson(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await writableLesson(tx, ctx, id);
    await sql`UPDATE lesson SET deleted_at = ${ctx.now}, version = version + 1 WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'lesson', entityId: id, operation: 'delete', diff: {} });
  });
}
