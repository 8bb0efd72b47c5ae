import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { addDays } from '../shared/dates.ts';
import { DEFAULT_RULES, LOOKBACK_DAYS, type AgreementRecord, type AwardRecord, type FollowUpRecords, type FollowUpRules, type ParticipationRecord } from './rules.ts';

interface RuleRow {
  gad_id: string;
  trip_report_days: number;
  award_lessons: boolean;
  award_lessons_days: number;
  renewal_alert_days: number[];
  dormant_months: number;
  default_responsible_user_id: string | null;
  version: number;
}

export function rulesFromRow(row: RuleRow | undefined): FollowUpRules {
  if (!row) return DEFAULT_RULES;
  return {
    tripReportDays: row.trip_report_days,
    awardLessons: row.award_lessons,
    awardLessonsDays: row.award_lessons_days,
    renewalAlertDays: row.renewal_alert_days,
    dormantMonths: row.dormant_months,
    defaultResponsibleUserId: row.default_responsible_user_id,
  };
}

export async function selectRuleRow(db: Db, gadId: string) {
  const result = await sql<RuleRow>`SELECT * FROM followup_rule WHERE gad_id = ${gadId}`.execute(db);
  return result.rows[0];
}

/** Every GAD's rules; GADs without a row follow the defaults. */
export async function loadRules(db: Db): Promise<(gadId: string) => FollowUpRules> {
  const result = await sql<RuleRow>`SELECT * FROM followup_rule`.execute(db);
  const byGad = new Map(result.rows.map((row) => [row.gad_id, rulesFromRow(row)]));
  return (gadId) => byGad.get(gadId) ?? DEFAULT_RULES;
}

/**
 * Who answers for an automatic obligation: the person who recorded the action, while they are
 * still an active editor or admin of its GAD (from the audit trail, which keeps the author).
 */
const authorSql = sql<string | null>`(SELECT u.id FROM audit_log l JOIN app_user u ON u.id = l.actor_id
  WHERE l.entity = 'action' AND l.entity_id = a.id::text AND l.operation = 'create'
    AND u.gad_id = a.gad_id AND u.role IN ('gad_admin', 'gad_editor') AND u.disabled_at IS NULL
  ORDER BY l.id LIMIT 1)`;

export async function loadRecords(db: Db, today: string): Promise<FollowUpRecords> {
  const since = addDays(today, -LOOKBACK_DAYS);
  const [participations, awards, agreements] = await Promise.all([
    sql<ParticipationRecord>`
      SELECT a.id AS "actionId", a.gad_id AS "gadId", a.title, to_char(coalesce(a.end_date, a.start_date), 'YYYY-MM-DD') AS "endedOn",
        ${authorSql} AS "responsibleUserId"
      FROM action a JOIN participation p ON p.action_id = a.id
      WHERE a.deleted_at IS NULL AND coalesce(a.end_date, a.start_date) BETWEEN ${since}::date AND ${today}::date`.execute(db),
    sql<AwardRecord>`
      SELECT a.id AS "actionId", a.gad_id AS "gadId", a.title, aw.outcome, to_char(coalesce(a.end_date, a.start_date), 'YYYY-MM-DD') AS "decidedOn",
        ${authorSql} AS "responsibleUserId"
      FROM action a JOIN award aw ON aw.action_id = a.id
      WHERE a.deleted_at IS NULL AND aw.outcome <> 'won' AND coalesce(a.end_date, a.start_date) BETWEEN ${since}::date AND ${today}::date`.execute(db),
    sql<AgreementRecord>`
      SELECT a.id AS "actionId", a.gad_id AS "gadId", a.title, ag.state, to_char(ag.valid_until, 'YYYY-MM-DD') AS "validUntil",
        to_char(${lastActivitySql(today)}, 'YYYY-MM-DD') AS "lastActivityOn"
      FROM action a JOIN agreement ag ON ag.action_id = a.id
      WHERE a.deleted_at IS NULL AND ag.state IN ('signed', 'in_force', 'reactivated')`.execute(db),
  ]);
  return { participations: participations.rows, awards: awards.rows, agreements: agreements.rows };
}

/**
 * The latest activity linked to an agreement (alias a, ag), up to today: its own signature and
 * dates, any other action of the same GAD with one of its partners, and follow-up on its
 * commitments. GREATEST skips NULLs.
 */
export function lastActivitySql(today: string) {
  return sql<string | null>`(SELECT max(d) FROM (
      SELECT GREATEST(ag.signed_on, ag.valid_from, a.start_date) AS d
      UNION ALL
      SELECT GREATEST(o.start_date, CASE WHEN o.end_date <= ${today}::date THEN o.end_date END)
      FROM action o
      WHERE o.gad_id = a.gad_id AND o.id <> a.id AND o.deleted_at IS NULL AND o.start_date <= ${today}::date
        AND EXISTS (SELECT 1 FROM action_partner op JOIN action_partner mp ON mp.partner_id = op.partner_id
                    WHERE op.action_id = o.id AND mp.action_id = a.id)
      UNION ALL
      SELECT GREATEST(max(n.created_at)::date, max(c.completed_on))
      FROM commitment c LEFT JOIN commitment_note n ON n.commitment_id = c.id
      WHERE c.action_id = a.id AND c.deleted_at IS NULL
    ) activity WHERE d <= ${today}::date)`;
}
