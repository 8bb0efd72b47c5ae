import { sql, type RawBuilder } from 'kysely';
import type { Actor, Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { addDays, localDate } from '../shared/dates.ts';
import { splitByMonth } from '../shared/month-split.ts';
import { rollupRows, visibleRollup } from '../shared/rollup-visibility.ts';
import { visibleTo } from '../shared/visibility.ts';
import { lookupGad } from '../shared/gad-lookup.ts';
import { computeTargets } from './plan-progress.ts';
import { planVisibleTo, selectParts } from './queries.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function checkPeriod(from: string, to: string) {
  if (from > to) throw AppError.invalid('The period ends before it starts', [{ field: 'query.to', message: 'Must be on or after from' }]);
}

/** The plan that governs a GAD's period, as this reader sees it: approved first, then the newest. */
function planInPeriod(actor: Actor, from: string, to: string, gadId?: string): RawBuilder<unknown> {
  return sql`SELECT DISTINCT ON (p.gad_id) p.id, p.gad_id, p.title, p.state, p.version_number, p.period_start, p.period_end, p.illustrative
    FROM plan p WHERE p.state <> 'superseded' AND p.period_start <= ${to}::date AND p.period_end >= ${from}::date AND ${planVisibleTo(actor, 'p')}
      ${gadId ? sql`AND p.gad_id = ${gadId}` : sql``}
    ORDER BY p.gad_id, (p.state = 'approved') DESC, p.period_start DESC, p.version_number DESC`;
}

/**
 * What the period's actions reach: their themes, their countries and their partners' countries,
 * those countries' world regions, and their partners. Four set queries over the actions, however
 * many priorities the plan has.
 */
async function reachedBy(db: Ctx['db'], ids: string[], actionCountries: string[]) {
  const [themes, partners, regions] = await Promise.all([
    sql<{ v: string }>`SELECT DISTINCT theme_code AS v FROM action_theme WHERE action_id = ANY(${ids}::uuid[])`.execute(db),
    sql<{ v: string; country: string | null }>`
      WITH linked AS MATERIALIZED (SELECT DISTINCT partner_id FROM action_partner WHERE action_id = ANY(${ids}::uuid[]))
      SELECT l.partner_id::text AS v, p.country_code::text AS country
      -- One primary-key lookup per partner (LIMIT keeps the planner from hashing all 200,000 partners).
      FROM linked l CROSS JOIN LATERAL (SELECT country_code FROM partner WHERE id = l.partner_id LIMIT 1) p`.execute(db),
    sql<{ code: string; region: string }>`SELECT code::text AS code, world_region AS region FROM country`.execute(db),
  ]);
  const countries = new Set([...actionCountries, ...partners.rows.flatMap((r) => (r.country ? [r.country] : []))]);
  return {
    theme: new Set(themes.rows.map((r) => r.v)),
    country: countries,
    region: new Set(regions.rows.filter((r) => countries.has(r.code)).map((r) => r.region)),
    partner: new Set(partners.rows.map((r) => r.v)),
  };
}

/** A priority got something when one of the period's actions reaches what it names. */
function reaches(reached: Awaited<ReturnType<typeof reachedBy>>, priority: { kind: string; value: string }): boolean {
  switch (priority.kind) {
    case 'theme': return reached.theme.has(priority.value);
    case 'country': return reached.country.has(priority.value);
    case 'region': return reached.region.has(priority.value);
    case 'partner':
    case 'network': return reached.partner.has(priority.value);
    default: return false;
  }
}

/**
 * One GAD's alignment over a period: what share of its actions (and of its money, per currency)
 * serves its plan and the national policy, what lies outside the plan, which objectives and
 * priorities got nothing, and each target's progress. Every count sees only what the reader may see.
 * An action belongs to the period by its start date.
 */
export async function getAlignment(ctx: Ctx, q: { gad: string; from: string; to: string }) {
  checkPeriod(q.from, q.to);
  const db = ctx.db;
  const g = await lookupGad(db, q.gad);
  if (!g) throw AppError.notFound('GAD');
  const planRows = await sql<{ id: string; gad_id: string; title: string; state: string; version_number: number; period_start: string;
    period_end: string; illustrative: boolean }>`${planInPeriod(ctx.actor, q.from, q.to, g.id)}`.execute(db);
  const plan = planRows.rows[0] ?? null;
  const today = localDate(ctx.now);
  // The plan's parts and its targets' progress do not depend on the period's actions: they run
  // beside them rather than after them.
  const partsAndTargets = plan ? selectParts(db, plan.id).then(async (parts) =>
    ({ parts, targets: await computeTargets(db, ctx.actor, plan, parts.targets, q.to < today ? q.to : today) })) : Promise.resolve(null);
  // Attach the rejection now; it is awaited below.
  partsAndTargets.catch(() => {});

  const actions = await sql<{ id: string; title: string; type: string; start_date: string; country_code: string | null; in_plan: boolean; national: boolean; sdg: boolean }>`
    SELECT a.id, a.title, a.type, a.start_date, a.country_code::text AS country_code,
      EXISTS (SELECT 1 FROM action_link l WHERE l.action_id = a.id AND l.kind = 'plan_objective'
        AND l.ref IN (SELECT o.objective_key::text FROM plan_objective o WHERE o.plan_id = ${plan?.id ?? null}::uuid)) AS in_plan,
      EXISTS (SELECT 1 FROM action_link l WHERE l.action_id = a.id AND l.kind = 'national_objective') AS national,
      EXISTS (SELECT 1 FROM action_link l WHERE l.action_id = a.id AND l.kind = 'sdg') AS sdg
    FROM action a WHERE a.gad_id = ${g.id} AND a.start_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${visibleTo(ctx.actor, 'a')}
    ORDER BY a.start_date, a.title`.execute(db);
  const rows = actions.rows;
  const ids = rows.map((r) => r.id);
  const inPlan = new Set(rows.filter((r) => r.in_plan).map((r) => r.id));

  // Budgeted money of the period's projects, per currency: never summed across currencies.
  const [money, linkedKeys, reached, planned] = await Promise.all([
    sql<{ currency: string; action_id: string; amount: number }>`SELECT pa.currency, pa.action_id, sum(pa.amount_minor)::float8 AS amount
      FROM project_amount pa WHERE pa.action_id = ANY(${ids}::uuid[]) AND pa.kind = 'budget' GROUP BY pa.currency, pa.action_id`.execute(db),
    plan ? sql<{ ref: string }>`SELECT DISTINCT ref FROM action_link WHERE kind = 'plan_objective' AND action_id = ANY(${ids}::uuid[])`.execute(db) : null,
    plan ? reachedBy(db, ids, [...new Set(rows.flatMap((r) => (r.country_code ? [r.country_code] : [])))]) : null,
    partsAndTargets,
  ]);
  const byCurrency = new Map<string, { linkedMinor: number; totalMinor: number }>();
  for (const m of money.rows) {
    const entry = byCurrency.get(m.currency) ?? { linkedMinor: 0, totalMinor: 0 };
    entry.totalMinor += m.amount;
    if (inPlan.has(m.action_id)) entry.linkedMinor += m.amount;
    byCurrency.set(m.currency, entry);
  }

  let objectivesWithoutAction: { key: string; code: string; text: string }[] = [];
  let prioritiesWithNothing: { kind: string; value: string; objective: string | null; label: unknown }[] = [];
  let targets: Awaited<ReturnType<typeof computeTargets>> = [];
  if (planned && linkedKeys && reached) {
    const { parts } = planned;
    const served = new Set(linkedKeys.rows.map((r) => r.ref));
    objectivesWithoutAction = parts.objectives.filter((o) => !served.has(o.objective_key)).map((o) => ({ key: o.objective_key, code: o.code, text: o.text }));
    prioritiesWithNothing = parts.priorities.filter((p) => !reaches(reached, p)).map((p) => ({
      kind: p.kind, value: p.value, objective: p.objective_code, label: p.label_es ? { es: p.label_es, en: p.label_en, pt: p.label_pt } : null,
    }));
    targets = planned.targets;
  }

  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
  return {
    gad: { id: g.id, name: g.name, dpaCode: g.dpa_code, level: g.level },
    from: q.from,
    to: q.to,
    plan: plan ? { id: plan.id, title: plan.title, state: plan.state, versionNumber: plan.version_number, periodStart: plan.period_start, periodEnd: plan.period_end, illustrative: plan.illustrative } : null,
    actions: rows.length,
    shareActionsLinkedToPlan: { linked: inPlan.size, total: rows.length, share: plan ? share(inPlan.size, rows.length) : null },
    shareMoneyLinkedToPlan: [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, m]) => ({
      currency, linkedMinor: m.linkedMinor, totalMinor: m.totalMinor, share: plan ? share(m.linkedMinor, m.totalMinor) : null,
    })),
    shareLinkedToNationalPolicy: { linked: count((r) => r.national), total: rows.length, share: share(count((r) => r.national), rows.length) },
    shareLinkedToSdgs: { linked: count((r) => r.sdg), total: rows.length, share: share(count((r) => r.sdg), rows.length) },
    actionsOutsidePlan: rows.filter((r) => !r.in_plan).map((r) => ({ id: r.id, title: r.title, type: r.type, startDate: r.start_date })),
    objectivesWithoutAction,
    targets,
    prioritiesWithNothing,
  };
}

function requireAnalyst(actor: Actor) {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in as an analyst');
  if (actor.kind === 'system') return;
  if (!['platform_admin', 'central_analyst', 'association_analyst'].includes(actor.role)) {
    throw new AppError('forbidden', 'The national view is for central government and association analysts');
  }
}

/**
 * GADs side by side for central and association analysts: actions of the period, the share linked to
 * each one's plan and to national policy. An association analyst sees its member GADs. Visibility
 * applies to every count; action counts come from alignment_action_rollup (fresh within a minute).
 */
export async function getNationalAlignment(ctx: Ctx, q: { from: string; to: string }) {
  requireAnalyst(ctx.actor);
  checkPeriod(q.from, q.to);
  const actor = ctx.actor;
  const levels = actor.kind === 'user' && actor.role === 'association_analyst' ? sql`AND g.level = ANY(${actor.memberLevels}::text[])` : sql``;
  const split = splitByMonth(q.from, addDays(q.to, 1));
  const months = split.months
    ? sql`r.start_month >= ${split.months.from}::date AND r.start_month < ${split.months.before}::date` : sql`false`;
  const edges = split.live.map((edge) => sql`SELECT a.gad_id, 1 AS n FROM action a
    WHERE a.start_date >= ${edge.from}::date AND a.start_date < ${edge.before}::date AND ${visibleTo(actor, 'a')}`);
  const inPeriod = sql`a.start_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${visibleTo(actor, 'a')}`;
  // Actions per GAD from the monthly rollup plus the partial months at the period's edges; links
  // (few: each is a person's confirmation) are counted on the actions themselves.
  const rows = await sql<{ id: string; dpa_code: string; name: string; level: string; plan_id: string | null; plan_title: string | null;
    plan_state: string | null; plan_illustrative: boolean | null; actions: number; linked_plan: number; linked_national: number }>`
    WITH counts AS (
        SELECT gad_id, sum(n)::int AS actions FROM (
          SELECT r.gad_id, r.n FROM ${rollupRows('alignment_action_rollup')} r WHERE ${months} AND ${visibleRollup(actor, 'r')}
          ${sql.join(edges.map((edge) => sql`UNION ALL ${edge}`), sql` `)}
        ) x GROUP BY gad_id),
      plans AS (${planInPeriod(actor, q.from, q.to)}),
      keys AS (SELECT o.gad_id, o.objective_key::text AS key FROM plan_objective o JOIN plans p ON p.id = o.plan_id),
      linked_plan AS (SELECT a.gad_id, count(DISTINCT a.id)::int AS n FROM action_link l JOIN keys k ON k.key = l.ref AND k.gad_id = l.gad_id
        JOIN action a ON a.id = l.action_id WHERE l.kind = 'plan_objective' AND ${inPeriod} GROUP BY a.gad_id),
      linked_national AS (SELECT a.gad_id, count(DISTINCT a.id)::int AS n FROM action_link l JOIN action a ON a.id = l.action_id
        WHERE l.kind = 'national_objective' AND ${inPeriod} GROUP BY a.gad_id)
    SELECT g.id, g.dpa_code, g.name, g.level, pl.id AS plan_id, pl.title AS plan_title, pl.state AS plan_state, pl.illustrative AS plan_illustrative,
      coalesce(c.actions, 0) AS actions, coalesce(lp.n, 0) AS linked_plan, coalesce(ln.n, 0) AS linked_national
    FROM gad g LEFT JOIN counts c ON c.gad_id = g.id LEFT JOIN plans pl ON pl.gad_id = g.id
      LEFT JOIN linked_plan lp ON lp.gad_id = g.id LEFT JOIN linked_national ln ON ln.gad_id = g.id
    WHERE (c.actions > 0 OR pl.id IS NOT NULL) ${levels}
    ORDER BY g.name`.execute(ctx.db);
  const asOf = await rollupsAsOf(ctx.db);
  return {
    from: q.from,
    to: q.to,
    asOf,
    items: rows.rows.map((r) => ({
      gad: { id: r.id, dpaCode: r.dpa_code, name: r.name, level: r.level },
      plan: r.plan_id ? { id: r.plan_id, title: r.plan_title, state: r.plan_state, illustrative: r.plan_illustrative } : null,
      actions: r.actions,
      linkedToPlan: r.linked_plan,
      shareActionsLinkedToPlan: r.plan_id ? share(r.linked_plan, r.actions) : null,
      linkedToNationalPolicy: r.linked_national,
      shareLinkedToNationalPolicy: share(r.linked_national, r.actions),
    })),
  };
}

