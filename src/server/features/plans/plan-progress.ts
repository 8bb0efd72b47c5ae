import type { Db } from '../../db/database.ts';
import type { Actor, Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { localDate } from '../shared/dates.ts';
import { indicatorByCode, indicatorValue, progress, targetWindow } from './indicators.ts';
import { selectParts, selectVisiblePlan, type PlanParts, type PlanRow } from './queries.ts';

export interface TargetProgress {
  id: string;
  objective: { key: string; code: string };
  indicator: string;
  label: { es: string; en: string; pt: string };
  unit: string;
  params: Record<string, string>;
  baseline: number;
  targetValue: number;
  targetYear: number;
  /** Computed from the records the reader may see, over `window`; never typed in. */
  current: number;
  progress: number;
  window: { from: string; to: string };
}

/** Each target's current value and progress, measured from the plan's start to its year's end (or today). */
export async function computeTargets(db: Db, actor: Actor, plan: Pick<PlanRow, 'gad_id' | 'period_start'>, targets: PlanParts['targets'], today: string): Promise<TargetProgress[]> {
  // Each target is one independent query: run them side by side.
  return Promise.all(targets.map(async (t): Promise<TargetProgress> => {
    const indicator = indicatorByCode(t.indicator)!;
    const window = targetWindow(plan.period_start, t.target_year, today);
    const current = await indicatorValue(db, actor, t.indicator, plan.gad_id, t.params, window);
    return {
      id: t.id, objective: { key: t.objective_key, code: t.objective_code }, indicator: t.indicator, label: indicator.label,
      unit: indicator.unit, params: t.params, baseline: t.baseline, targetValue: t.target_value, targetYear: t.target_year,
      current, progress: Math.round(progress(current, t.baseline, t.target_value) * 10_000) / 10_000, window,
    };
  }));
}

export async function getPlanProgress(ctx: Ctx, id: string) {
  const plan = await selectVisiblePlan(ctx.db, ctx.actor, id);
  if (!plan) throw AppError.notFound('Plan');
  const parts = await selectParts(ctx.db, plan.id);
  const today = localDate(ctx.now);
  return { planId: plan.id, asOf: today, targets: await computeTargets(ctx.db, ctx.actor, plan, parts.targets, today) };
}
