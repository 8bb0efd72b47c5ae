import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { selectVisibleLesson } from '../lessons/write-lesson.ts';

/**
 * Marks (or unmarks) a lesson useful: one mark per user. Only users of another GAD may mark it:
 * the count tells a reader how useful other GADs found a lesson, and a GAD praising its own
 * lessons would push them up the knowledge page without saying anything about that.
 */
export async function setUseful(ctx: Ctx, lessonId: string, useful: boolean) {
  return ctx.db.transaction().execute(async (tx) => {
    const lesson = await selectVisibleLesson(tx, { ...ctx, db: tx }, lessonId);
    if (!lesson) throw AppError.notFound('Lesson');
    const actor = ctx.actor;
    if (actor.kind !== 'user' || !actor.gadId) throw new AppError('forbidden', 'Only users of a GAD mark lessons useful');
    if (actor.gadId === lesson.gad_id) throw new AppError('forbidden', 'Lessons are marked useful by other GADs, not by their own');
    const changed = useful
      ? await sql`INSERT INTO lesson_vote (lesson_id, user_id, gad_id, created_at) VALUES (${lessonId}, ${actor.userId}, ${actor.gadId}, ${ctx.now})
          ON CONFLICT (lesson_id, user_id) DO NOTHING`.execute(tx)
      : await sql`DELETE FROM lesson_vote WHERE lesson_id = ${lessonId} AND user_id = ${actor.userId}`.execute(tx);
    if (Number(changed.numAffectedRows ?? 0) > 0) {
      await recordAudit(tx, { actor, gadId: actor.gadId, entity: 'lesson_vote', entityId: lessonId, operation: useful ? 'create' : 'delete', diff: {} });
    }
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM lesson_vote WHERE lesson_id = ${lessonId}`.execute(tx);
    return { lessonId, usefulCount: count.rows[0]!.n, votedByMe: useful };
  });
}
