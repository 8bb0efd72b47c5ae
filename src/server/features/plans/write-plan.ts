import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { actorLabel, actorUserId } from '../../context.ts';
import { AppError, type FieldError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canRestoreForGad, canWriteForGad } from '../actions/policy.ts';
import { changedFields } from '../actions/update-action.ts';
import { parseOrInvalid } from '../shared/schema.ts';
import { checkIndicator } from './indicators.ts';
import { selectParts, selectVisiblePlan, type PlanRow } from './queries.ts';
import { planInput, WORLD_REGIONS, type PlanInput, type PlanPatch } from './schema.ts';

/** Checks the plan's internal references and its priorities against the reference data, naming each bad field. */
export async function validatePlan(tx: Db, input: PlanInput): Promise<void> {
  const errors: FieldError[] = [];
  const unique = (list: { code: string }[], name: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.code)) errors.push({ field: `body.${name}.${i}.code`, message: 'Codes must be unique in the plan' });
      seen.add(item.code);
    });
    return seen;
  };
  const axes = unique(input.axes, 'axes');
  const objectives = unique(input.objectives, 'objectives');
  input.objectives.forEach((o, i) => {
    if (o.axis && !axes.has(o.axis)) errors.push({ field: `body.objectives.${i}.axis`, message: 'No axis with this code' });
  });
  const [themes, countries, partners] = await Promise.all([
    sql<{ code: string }>`SELECT code FROM theme`.execute(tx),
    sql<{ code: string }>`SELECT code FROM country`.execute(tx),
    sql<{ id: string; type: string }>`SELECT id::text, type FROM partner WHERE deleted_at IS NULL AND id::text = ANY(${
      input.priorities.filter((p) => p.kind === 'partner' || p.kind === 'network').map((p) => p.value)}::text[])`.execute(tx),
  ]);
  const themeCodes = new Set(themes.rows.map((r) => r.code));
  const countryCodes = new Set(countries.rows.map((r) => r.code));
  const partnerTypes = new Map(partners.rows.map((r) => [r.id, r.type]));
  const seenPriorities = new Set<string>();
  input.priorities.forEach((p, i) => {
    const field = `body.priorities.${i}`;
    if (p.objective && !objectives.has(p.objective)) errors.push({ field: `${field}.objective`, message: 'No objective with this code' });
    const ok = p.kind === 'theme' ? themeCodes.has(p.value)
      : p.kind === 'region' ? (WORLD_REGIONS as readonly string[]).includes(p.value)
      : p.kind === 'country' ? countryCodes.has(p.value)
      : p.kind === 'network' ? partnerTypes.get(p.value) === 'city_network'
      : partnerTypes.has(p.value);
    if (!ok) errors.push({ field: `${field}.value`, message: `Not a known ${p.kind === 'network' ? 'city network (partner id)' : p.kind}` });
    const key = `${p.objective ?? ''}|${p.kind}|${p.value}`;
    if (seenPriorities.has(key)) errors.push({ field: `${field}.value`, message: 'Listed twice' });
    seenPriorities.add(key);
  });
  const startYear = Number(input.periodStart.slice(0, 4));
  const endYear = Number(input.periodEnd.slice(0, 4));
  input.targets.forEach((t, i) => {
    const field = `body.targets.${i}`;
    if (!objectives.has(t.objective)) errors.push({ field: `${field}.objective`, message: 'No objective with this code' });
    for (const e of checkIndicator(t.indicator, t.params)) errors.push({ field: `${field}.${e.field}`, message: e.message });
    if (t.params.theme && !themeCodes.has(t.params.theme)) errors.push({ field: `${field}.params.theme`, message: 'Unknown theme' });
    if (t.params.currency && !/^[A-Z]{3}$/.test(t.params.currency)) errors.push({ field: `${field}.params.currency`, message: 'Expected an ISO 4217 code such as USD' });
    if (t.params.direction && !['received', 'offered', 'mutual'].includes(t.params.direction)) {
      errors.push({ field: `${field}.params.direction`, message: 'One of received, offered, mutual' });
    }
    if (t.targetYear < startYear || t.targetYear > endYear) errors.push({ field: `${field}.targetYear`, message: 'Within the plan period' });
  });
  if (errors.length) throw AppError.invalid('Some fields of the plan are not valid', errors);
}

/** Writes axes, objectives, priorities and targets of a draft. Objectives keep their key across versions, matched by code. */
async function insertParts(tx: Db, planId: string, gadId: string, input: PlanInput, keys: Map<string, string>) {
  const axisIds = new Map<string, string>();
  for (const [position, axis] of input.axes.entries()) {
    const row = await sql<{ id: string }>`INSERT INTO plan_axis (plan_id, gad_id, position, code, title, description)
      VALUES (${planId}, ${gadId}, ${position}, ${axis.code}, ${axis.title}, ${axis.description ?? null}) RETURNING id`.execute(tx);
    axisIds.set(axis.code, row.rows[0]!.id);
  }
  const objectiveIds = new Map<string, string>();
  for (const [position, o] of input.objectives.entries()) {
    const key = keys.get(o.code);
    const row = await sql<{ id: string }>`INSERT INTO plan_objective (plan_id, gad_id, objective_key, axis_id, position, code, text)
      VALUES (${planId}, ${gadId}, ${key ? sql`${key}::uuid` : sql`gen_random_uuid()`}, ${o.axis ? axisIds.get(o.axis)! : null},
        ${position}, ${o.code}, ${o.text}) RETURNING id`.execute(tx);
    objectiveIds.set(o.code, row.rows[0]!.id);
  }
  for (const [position, p] of input.priorities.entries()) {
    await sql`INSERT INTO plan_priority (plan_id, gad_id, objective_id, position, kind, value)
      VALUES (${planId}, ${gadId}, ${p.objective ? objectiveIds.get(p.objective)! : null}, ${position}, ${p.kind}, ${p.value})`.execute(tx);
  }
  for (const [position, t] of input.targets.entries()) {
    await sql`INSERT INTO plan_target (plan_id, gad_id, objective_id, position, indicator, params, baseline, target_value, target_year)
      VALUES (${planId}, ${gadId}, ${objectiveIds.get(t.objective)!}, ${position}, ${t.indicator}, ${JSON.stringify(t.params)}::jsonb,
        ${t.baseline}, ${t.targetValue}, ${t.targetYear})`.execute(tx);
  }
}

async function deleteParts(tx: Db, planId: string) {
  await sql`DELETE FROM plan_target WHERE plan_id = ${planId}`.execute(tx);
  await sql`DELETE FROM plan_priority WHERE plan_id = ${planId}`.execute(tx);
  await sql`DELETE FROM plan_objective WHERE plan_id = ${planId}`.execute(tx);
  await sql`DELETE FROM plan_axis WHERE plan_id = ${planId}`.execute(tx);
}

/** A stored plan as the input that would recreate it: the base a patch is applied to. */
export async function planAsInput(tx: Db, plan: PlanRow): Promise<PlanInput> {
  const parts = await selectParts(tx, plan.id);
  return {
    title: plan.title, periodStart: plan.period_start, periodEnd: plan.period_end, vision: plan.vision,
    visibility: plan.visibility as PlanInput['visibility'],
    axes: parts.axes.map((a) => ({ code: a.code, title: a.title, description: a.description })),
    objectives: parts.objectives.map((o) => ({ code: o.code, axis: o.axis_code, text: o.text })),
    priorities: parts.priorities.map((p) => ({ kind: p.kind as PlanInput['priorities'][number]['kind'], value: p.value, objective: p.objective_code })),
    targets: parts.targets.map((t) => ({ objective: t.objective_code, indicator: t.indicator, params: t.params,
      baseline: t.baseline, targetValue: t.target_value, targetYear: t.target_year })),
  };
}

async function objectiveKeys(tx: Db, planId: string) {
  const rows = await sql<{ code: string; objective_key: string }>`SELECT code, objective_key FROM plan_objective WHERE plan_id = ${planId}`.execute(tx);
  return new Map(rows.rows.map((r) => [r.code, r.objective_key]));
}

export async function createPlanIn(tx: Db, ctx: Ctx, gadId: string, input: PlanInput, options: { illustrative?: boolean } = {}) {
  if (!canWriteForGad(ctx.actor, gadId)) throw new AppError('forbidden', 'Only editors of this GAD may write its plan');
  await validatePlan(tx, input);
  const row = await sql<{ id: string }>`INSERT INTO plan (gad_id, plan_key, version_number, state, title, period_start, period_end,
      vision, visibility, illustrative, created_at, updated_at)
    VALUES (${gadId}, gen_random_uuid(), 1, 'draft', ${input.title}, ${input.periodStart}, ${input.periodEnd}, ${input.vision ?? null},
      ${input.visibility}, ${options.illustrative ?? false}, ${ctx.now}, ${ctx.now}) RETURNING id`.execute(tx);
  const id = row.rows[0]!.id;
  await insertParts(tx, id, gadId, input, new Map());
  await recordAudit(tx, { actor: ctx.actor, gadId, entity: 'plan', entityId: id, operation: 'create', diff: { after: input } });
  return id;
}

export function createPlan(ctx: Ctx, gadId: string, input: PlanInput, options: { illustrative?: boolean } = {}) {
  return ctx.db.transaction().execute((tx) => createPlanIn(tx, ctx, gadId, input, options));
}

/**
 * Every write to one plan's versions runs one at a time: two people editing an approved version at once
 * would otherwise both create "the" new draft. The row is read again once the lock is held.
 */
async function lockedPlan(tx: Db, ctx: Ctx, id: string): Promise<PlanRow | undefined> {
  const first = await selectVisiblePlan(tx, ctx.actor, id);
  if (!first) return undefined;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`plan:${first.plan_key}`}, 0))`.execute(tx);
  return selectVisiblePlan(tx, ctx.actor, id);
}

async function writablePlan(tx: Db, ctx: Ctx, id: string) {
  const plan = await lockedPlan(tx, ctx, id);
  if (!plan) throw AppError.notFound('Plan');
  if (!canWriteForGad(ctx.actor, plan.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may change its plan');
  return plan;
}

/**
 * A draft is edited in place. An approved version is frozen: editing it creates a new draft version
 * that copies it with the changes, and the approved one stays as it was. Returns the edited plan's id.
 */
export async function updatePlan(ctx: Ctx, id: string, patch: PlanPatch): Promise<{ id: string; created: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const plan = await writablePlan(tx, ctx, id);
    if (plan.state === 'superseded') throw AppError.conflict('This version was superseded; edit the current version instead', { current: { id: plan.id, state: plan.state } });
    if (plan.version !== patch.version) throw AppError.conflict('Someone else changed this plan since you opened it', { current: { id: plan.id, version: plan.version } });
    const before = await planAsInput(tx, plan);
    const { version: _version, ...fields } = patch;
    const merged = parseOrInvalid(planInput, { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
    await validatePlan(tx, merged);
    const keys = await objectiveKeys(tx, plan.id);
    const diff = changedFields(before as unknown as Record<string, unknown>, merged as unknown as Record<string, unknown>);
    if (plan.state === 'approved') {
      const draft = await sql<{ id: string }>`SELECT id FROM plan WHERE plan_key = ${plan.plan_key} AND state = 'draft' AND deleted_at IS NULL`.execute(tx);
      if (draft.rows[0]) throw AppError.conflict('This plan already has a draft version; edit that one', { draftId: draft.rows[0].id });
      const row = await sql<{ id: string }>`INSERT INTO plan (gad_id, plan_key, version_number, state, title, period_start, period_end,
          vision, visibility, illustrative, based_on_id, created_at, updated_at)
        SELECT ${plan.gad_id}, ${plan.plan_key}, max(version_number) + 1, 'draft', ${merged.title}, ${merged.periodStart}, ${merged.periodEnd},
          ${merged.vision ?? null}, ${merged.visibility}, ${plan.illustrative}, ${plan.id}, ${ctx.now}, ${ctx.now}
        FROM plan WHERE plan_key = ${plan.plan_key} RETURNING id`.execute(tx);
      const newId = row.rows[0]!.id;
      await insertParts(tx, newId, plan.gad_id, merged, keys);
      await recordAudit(tx, { actor: ctx.actor, gadId: plan.gad_id, entity: 'plan', entityId: newId, operation: 'create', diff: { basedOn: plan.id, ...diff } });
      return { id: newId, created: true };
    }
    const updated = await sql<{ id: string }>`UPDATE plan SET title = ${merged.title}, period_start = ${merged.periodStart},
        period_end = ${merged.periodEnd}, vision = ${merged.vision ?? null}, visibility = ${merged.visibility},
        version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${patch.version} AND state = 'draft' RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw AppError.conflict('Someone else changed this plan since you opened it');
    await deleteParts(tx, id);
    await insertParts(tx, id, plan.gad_id, merged, keys);
    await recordAudit(tx, { actor: ctx.actor, gadId: plan.gad_id, entity: 'plan', entityId: id, operation: 'update', diff });
    return { id, created: false };
  });
}

/** A GAD admin approves a draft; the version approved before it, if any, becomes superseded. Both stay frozen. */
export function approvePlan(ctx: Ctx, id: string, version: number) {
  return ctx.db.transaction().execute((tx) => approvePlanIn(tx, ctx, id, version));
}

export async function approvePlanIn(tx: Db, ctx: Ctx, id: string, version: number) {
  {
    const plan = await lockedPlan(tx, ctx, id);
    if (!plan) throw AppError.notFound('Plan');
    if (!canRestoreForGad(ctx.actor, plan.gad_id)) throw new AppError('forbidden', 'Only an admin of this GAD may approve its plan');
    if (plan.state !== 'draft') throw AppError.conflict(`This version is already ${plan.state}`, { current: { id: plan.id, state: plan.state } });
    if (plan.version !== version) throw AppError.conflict('Someone else changed this plan since you opened it', { current: { id: plan.id, version: plan.version } });
    const previous = await sql<{ id: string }>`UPDATE plan SET state = 'superseded', version = version + 1, updated_at = ${ctx.now}
      WHERE plan_key = ${plan.plan_key} AND state = 'approved' RETURNING id`.execute(tx);
    await sql`UPDATE plan SET state = 'approved', approved_at = ${ctx.now}, approved_by = ${actorLabel(ctx.actor)},
        approved_by_id = ${actorUserId(ctx.actor)}, version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id}`.execute(tx);
    for (const old of previous.rows) {
      await recordAudit(tx, { actor: ctx.actor, gadId: plan.gad_id, entity: 'plan', entityId: old.id, operation: 'transition', diff: { before: { state: 'approved' }, after: { state: 'superseded' } } });
    }
    await recordAudit(tx, { actor: ctx.actor, gadId: plan.gad_id, entity: 'plan', entityId: id, operation: 'transition', diff: { before: { state: 'draft' }, after: { state: 'approved' } } });
  }
}
