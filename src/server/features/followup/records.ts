import { sql, type RawBuilder } from 'kysely';
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
    agreementsWithActivity(sql<boolean>`a.deleted_at IS NULL AND ag.state IN ('signed', 'in_force', 'reactivated')`, today).execute(db),
  ]);
  const agreementRecords: AgreementRecord[] = agreements.rows.map((r) => ({
    actionId: r.id, gadId: r.gad_id, title: r.title, state: r.state, validUntil: r.valid_until, lastActivityOn: r.last_activity_on,
  }));
  return { participations: participations.rows, awards: awards.rows, agreements: agreementRecords };
}

/**
 * The agreements matching `where` (over `action a JOIN agreement ag`), each with its latest linked
 * activity up to today: its own signature and dates, any other action of the same GAD with one of
 * its partners, and follow-up on its commitments (GREATEST skips NULLs; a candidate after today
 * does not count). Linear in the GAD's size: each partner's two latest actions in the GAD are
 * ranked once (`touch`), and an agreement takes the latest one that is not itself, instead of
 * scanning the GAD's actions once per agreement. The other actions are read whatever their
 * visibility, as before: only the agreements themselves are filtered by `where`. `gadId`, when
 * `where` keeps to one GAD, lets the planner start from that GAD's actions.
 */
export function agreementsWithActivity(where: RawBuilder<boolean>, today: string, gadId?: string) {
  return sql<AgreementActivityRow>`
    WITH ag AS MATERIALIZED (
      SELECT a.id, a.gad_id, a.title, a.visibility, ag.state, ag.valid_until, GREATEST(ag.signed_on, ag.valid_from, a.start_date) AS own_on
      FROM action a JOIN agreement ag ON ag.action_id = a.id WHERE ${where}
    ), ag_partner AS MATERIALIZED (
      SELECT DISTINCT ap.action_id, ag.gad_id, ap.partner_id FROM action_partner ap JOIN ag ON ag.id = ap.action_id
    ), mine AS MATERIALIZED (
      -- The actions of the agreements' GADs, read from their GAD first: a popular partner's actions
      -- elsewhere in the country are never touched.
      SELECT o.id, o.gad_id, GREATEST(o.start_date, CASE WHEN o.end_date <= ${today}::date THEN o.end_date END) AS d
      FROM action o
      WHERE ${gadId ? sql`o.gad_id = ${gadId}` : sql`o.gad_id IN (SELECT gad_id FROM ag)`} AND o.deleted_at IS NULL AND o.start_date <= ${today}::date
        AND EXISTS (SELECT 1 FROM ag_partner)
    ), touch AS MATERIALIZED (
      SELECT gad_id, partner_id, action_id, d FROM (
        SELECT t.*, row_number() OVER (PARTITION BY t.gad_id, t.partner_id ORDER BY t.d DESC, t.action_id) AS rank
        FROM (SELECT DISTINCT o.gad_id, op.partner_id, o.id AS action_id, o.d
              FROM mine o JOIN action_partner op ON op.action_id = o.id
              WHERE ${gadId ? sql`op.partner_id IN (SELECT partner_id FROM ag_partner)` : sql`(o.gad_id, op.partner_id) IN (SELECT gad_id, partner_id FROM ag_partner)`}) t
      ) ranked WHERE rank <= 2
    ), candidate AS (
      SELECT id, own_on AS d FROM ag
      UNION ALL
      SELECT p.action_id, t.d FROM ag_partner p JOIN touch t ON t.gad_id = p.gad_id AND t.partner_id = p.partner_id AND t.action_id <> p.action_id
      UNION ALL
      SELECT c.action_id, GREATEST(max(n.created_at)::date, max(c.completed_on))
      FROM commitment c LEFT JOIN commitment_note n ON n.commitment_id = c.id
      WHERE c.action_id IN (SELECT id FROM ag) AND c.deleted_at IS NULL GROUP BY c.action_id
    ), latest AS (
      SELECT id, max(d) AS d FROM candidate WHERE d <= ${today}::date GROUP BY id
    ), partners AS (
      SELECT action_id, array_agg(DISTINCT partner_id::text) AS ids FROM ag_partner GROUP BY action_id
    )
    SELECT ag.id, ag.gad_id, ag.title, ag.visibility, ag.state, to_char(ag.valid_until, 'YYYY-MM-DD') AS valid_until,
      to_char(latest.d, 'YYYY-MM-DD') AS last_activity_on, coalesce(partners.ids, '{}') AS partner_ids
    FROM ag LEFT JOIN latest ON latest.id = ag.id LEFT JOIN partners ON partners.action_id = ag.id
    ORDER BY ag.title, ag.id`;
}

export interface AgreementActivityRow {
  id: string;
  gad_id: string;
  title: string;
  visibility: string;
  state: string;
  valid_until: string | null;
  last_activity_on: string | null;
  partner_ids: string[];
}
