import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { selectParts, selectPlans, selectVersions, selectVisiblePlan, type PlanParts, type PlanRow } from './queries.ts';

export function presentPlanSummary(row: PlanRow) {
  return {
    id: row.id,
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    planKey: row.plan_key,
    versionNumber: row.version_number,
    state: row.state,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    visibility: row.visibility,
    illustrative: row.illustrative,
    basedOnId: row.based_on_id,
    approvedAt: row.approved_at?.toISOString() ?? null,
    approvedBy: row.approved_by,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentParts(parts: PlanParts) {
  return {
    axes: parts.axes.map((a) => ({ id: a.id, code: a.code, title: a.title, description: a.description })),
    objectives: parts.objectives.map((o) => ({ id: o.id, key: o.objective_key, code: o.code, axis: o.axis_code, text: o.text })),
    priorities: parts.priorities.map((p) => ({
      id: p.id, kind: p.kind, value: p.value, objective: p.objective_code,
      label: p.label_es ? { es: p.label_es, en: p.label_en, pt: p.label_pt } : null,
    })),
    targets: parts.targets.map((t) => ({
      id: t.id, objective: t.objective_code, indicator: t.indicator, params: t.params,
      baseline: t.baseline, targetValue: t.target_value, targetYear: t.target_year,
    })),
  };
}

export async function getPlan(ctx: Ctx, id: string) {
  const plan = await selectVisiblePlan(ctx.db, ctx.actor, id);
  if (!plan) throw AppError.notFound('Plan');
  const [parts, versions] = await Promise.all([selectParts(ctx.db, plan.id), selectVersions(ctx.db, ctx.actor, plan.plan_key)]);
  return {
    ...presentPlanSummary(plan),
    vision: plan.vision,
    ...presentParts(parts),
    versions: versions.map((v) => ({ id: v.id, versionNumber: v.version_number, state: v.state, approvedAt: v.approved_at?.toISOString() ?? null })),
  };
}

export async function listPlans(ctx: Ctx, query: { gad?: string; state?: string; limit: number; offset: number }) {
  const { rows, total } = await selectPlans(ctx.db, ctx.actor, query);
  return { items: rows.map(presentPlanSummary), total };
}
