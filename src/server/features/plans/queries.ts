import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plan is as visible as its `visibility` says; a draft only to its own GAD (and platform admins). */
export function planVisibleTo(actor: Actor, alias: string): RawBuilder<boolean> {
  const p = sql.ref(alias);
  const drafts = actor.kind === 'system' || (actor.kind === 'user' && actor.role === 'platform_admin')
    ? sql`true`
    : actor.kind === 'user' && actor.gadId ? sql`${p}.gad_id = ${actor.gadId}` : sql`false`;
  return sql<boolean>`(${visibleTo(actor, alias)} AND (${p}.state <> 'draft' OR ${drafts}))`;
}

export interface PlanRow {
  id: string;
  gad_id: string;
  gad_name: string;
  gad_dpa_code: string;
  plan_key: string;
  version_number: number;
  state: 'draft' | 'approved' | 'superseded';
  title: string;
  period_start: string;
  period_end: string;
  vision: string | null;
  visibility: string;
  illustrative: boolean;
  based_on_id: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const planColumns = sql`p.id, p.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, p.plan_key, p.version_number, p.state,
  p.title, p.period_start, p.period_end, p.vision, p.visibility, p.illustrative, p.based_on_id, p.approved_at, p.approved_by,
  p.version, p.created_at, p.updated_at`;

export async function selectVisiblePlan(db: Db, actor: Actor, id: string): Promise<PlanRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const result = await sql<PlanRow>`SELECT ${planColumns} FROM plan p JOIN gad g ON g.id = p.gad_id
    WHERE p.id = ${id} AND ${planVisibleTo(actor, 'p')}`.execute(db);
  return result.rows[0];
}

export async function selectPlans(db: Db, actor: Actor, q: { gad?: string; state?: string; limit: number; offset: number }) {
  const conditions: RawBuilder<boolean>[] = [planVisibleTo(actor, 'p')];
  if (q.gad) conditions.push(sql<boolean>`p.gad_id = ${gadRef(q.gad)}`);
  if (q.state) conditions.push(sql<boolean>`p.state = ${q.state}`);
  const where = sql.join(conditions, sql` AND `);
  const [rows, total] = await Promise.all([
    sql<PlanRow>`SELECT ${planColumns} FROM plan p JOIN gad g ON g.id = p.gad_id WHERE ${where}
      ORDER BY g.name, p.period_start DESC, p.plan_key, p.version_number DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db),
    sql<{ total: number }>`SELECT count(*)::int AS total FROM plan p WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.total ?? 0 };
}

/** The versions of one plan the caller may see, newest first. */
export async function selectVersions(db: Db, actor: Actor, planKey: string) {
  const result = await sql<{ id: string; version_number: number; state: string; approved_at: Date | null; updated_at: Date }>`
    SELECT p.id, p.version_number, p.state, p.approved_at, p.updated_at FROM plan p
    WHERE p.plan_key = ${planKey} AND ${planVisibleTo(actor, 'p')} ORDER BY p.version_number DESC`.execute(db);
  return result.rows;
}

export interface PlanParts {
  axes: { id: string; code: string; title: string; description: string | null }[];
  objectives: { id: string; objective_key: string; code: string; axis_code: string | null; text: string }[];
  priorities: { id: string; kind: string; value: string; objective_code: string | null; label_es: string | null; label_en: string | null; label_pt: string | null }[];
  targets: { id: string; objective_code: string; objective_key: string; indicator: string; params: Record<string, string>;
    baseline: number; target_value: number; target_year: number }[];
}

export async function selectParts(db: Db, planId: string): Promise<PlanParts> {
  const [axes, objectives, priorities, targets] = await Promise.all([
    sql<PlanParts['axes'][number]>`SELECT id, code, title, description FROM plan_axis WHERE plan_id = ${planId} ORDER BY position`.execute(db),
    sql<PlanParts['objectives'][number]>`SELECT o.id, o.objective_key, o.code, x.code AS axis_code, o.text FROM plan_objective o
      LEFT JOIN plan_axis x ON x.id = o.axis_id WHERE o.plan_id = ${planId} ORDER BY o.position`.execute(db),
    // Names of what each priority points at, in three languages where the reference data has them.
    sql<PlanParts['priorities'][number]>`SELECT pr.id, pr.kind, pr.value, o.code AS objective_code,
        coalesce(th.name_es, c.name_es, pa.name) AS label_es, coalesce(th.name_en, c.name_en, pa.name) AS label_en,
        coalesce(th.name_pt, c.name_pt, pa.name) AS label_pt
      FROM plan_priority pr LEFT JOIN plan_objective o ON o.id = pr.objective_id
      LEFT JOIN theme th ON pr.kind = 'theme' AND th.code = pr.value
      LEFT JOIN country c ON pr.kind = 'country' AND c.code = pr.value
      -- Compared as a uuid (when the value is one), so the partner's primary key finds it.
      LEFT JOIN partner pa ON pa.id = (CASE WHEN pr.kind IN ('partner', 'network') AND pr.value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN pr.value::uuid END)
      WHERE pr.plan_id = ${planId} ORDER BY pr.position`.execute(db),
    sql<PlanParts['targets'][number]>`SELECT t.id, o.code AS objective_code, o.objective_key, t.indicator, t.params,
        t.baseline::float8 AS baseline, t.target_value::float8 AS target_value, t.target_year
      FROM plan_target t JOIN plan_objective o ON o.id = t.objective_id WHERE t.plan_id = ${planId} ORDER BY t.position`.execute(db),
  ]);
  return { axes: axes.rows, objectives: objectives.rows, priorities: priorities.rows, targets: targets.rows };
}
