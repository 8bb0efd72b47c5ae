import { sql } from 'kysely';
import type { z } from 'zod';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { rulesFromRow, selectRuleRow } from './records.ts';
import { resolveGad } from './gad.ts';
import type { preferenceBody, rulesBody } from './schema.ts';

function callerGad(ctx: Ctx, given: string | undefined, field: string): string {
  const reference = given ?? (ctx.actor.kind === 'user' ? ctx.actor.gadId : null);
  if (!reference) throw AppError.invalid('Which GAD?', [{ field, message: 'Name the GAD' }]);
  return reference;
}

export async function getRules(ctx: Ctx, gadReference: string | undefined) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to read follow-up rules');
  const gad = await resolveGad(ctx.db, callerGad(ctx, gadReference, 'query.gad'), 'query.gad');
  const row = await selectRuleRow(ctx.db, gad.id);
  return { gad, ...rulesFromRow(row), isDefault: !row, version: row?.version ?? 0 };
}

/** A GAD admin sets its own GAD's rules; the platform admin any GAD's. Optimistic: send the version read. */
export async function setRules(ctx: Ctx, input: z.infer<typeof rulesBody>) {
  const gad = await resolveGad(ctx.db, callerGad(ctx, input.gad, 'body.gad'), 'body.gad');
  const actor = ctx.actor;
  const allowed = actor.kind === 'user' && (actor.role === 'platform_admin' || (actor.role === 'gad_admin' && actor.gadId === gad.id));
  if (!allowed) throw new AppError('forbidden', 'Only an admin of this GAD may change its follow-up rules');
  const renewal = [...input.renewalAlertDays].sort((a, b) => b - a);
  await ctx.db.transaction().execute(async (tx) => {
    if (input.defaultResponsibleUserId) {
      const user = await sql`SELECT 1 FROM app_user WHERE id = ${input.defaultResponsibleUserId} AND gad_id = ${gad.id}
        AND role IN ('gad_admin', 'gad_editor') AND disabled_at IS NULL`.execute(tx);
      if (!user.rows[0]) throw AppError.invalid('Unknown user', [{ field: 'body.defaultResponsibleUserId', message: 'Choose an active editor or admin of this GAD' }]);
    }
    const before = await selectRuleRow(tx, gad.id);
    if ((before?.version ?? 0) !== input.version) {
      throw AppError.conflict('Someone else changed these rules since you opened them', { current: { ...rulesFromRow(before), version: before?.version ?? 0 } });
    }
    // ON CONFLICT covers two admins saving the first version at once: the second finds the row and conflicts.
    const written = await sql<{ version: number }>`
      INSERT INTO followup_rule (gad_id, trip_report_days, award_lessons, award_lessons_days, renewal_alert_days, dormant_months, default_responsible_user_id, updated_at)
      VALUES (${gad.id}, ${input.tripReportDays}, ${input.awardLessons}, ${input.awardLessonsDays}, ${renewal}::int[], ${input.dormantMonths},
        ${input.defaultResponsibleUserId ?? null}, ${ctx.now})
      ON CONFLICT (gad_id) DO UPDATE SET trip_report_days = EXCLUDED.trip_report_days, award_lessons = EXCLUDED.award_lessons,
        award_lessons_days = EXCLUDED.award_lessons_days, renewal_alert_days = EXCLUDED.renewal_alert_days,
        dormant_months = EXCLUDED.dormant_months, default_responsible_user_id = EXCLUDED.default_responsible_user_id,
        version = followup_rule.version + 1, updated_at = EXCLUDED.updated_at
      WHERE followup_rule.version = ${input.version}
      RETURNING version`.execute(tx);
    if (!written.rows[0]) throw AppError.conflict('Someone else changed these rules since you opened them');
    await recordAudit(tx, { actor: ctx.actor, gadId: gad.id, entity: 'followup_rule', entityId: gad.id, operation: before ? 'update' : 'create',
      diff: { before: before ? rulesFromRow(before) : null, after: { ...input, renewalAlertDays: renewal } } });
  });
  return getRules(ctx, gad.id);
}

function userIdOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  return ctx.actor.userId;
}

export async function getPreference(ctx: Ctx) {
  const result = await sql<{ digest: string }>`SELECT digest FROM followup_preference WHERE user_id = ${userIdOf(ctx)}`.execute(ctx.db);
  return { digest: result.rows[0]?.digest ?? 'daily' };
}

export async function setPreference(ctx: Ctx, input: z.infer<typeof preferenceBody>) {
  const userId = userIdOf(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    await sql`INSERT INTO followup_preference (user_id, digest, updated_at) VALUES (${userId}, ${input.digest}, ${ctx.now})
      ON CONFLICT (user_id) DO UPDATE SET digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: ctx.actor.kind === 'user' ? ctx.actor.gadId : null, entity: 'followup_preference', entityId: userId,
      operation: 'update', diff: { digest: input.digest } });
  });
  return getPreference(ctx);
}
