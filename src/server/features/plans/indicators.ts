import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { visibleTo } from '../shared/visibility.ts';

/**
 * The indicator catalogue: what a plan target can measure, computed from the platform's own
 * records, never typed in. Each indicator is read over a window [from, to]: a stock (agreements
 * in force, roles held) is counted at the window's end or during it; a flow (reports delivered,
 * money, commitments kept) is summed inside it. Counts see only the actions the reader may see.
 * Kind rows (agreement, project_amount) are found by their own gad_id, as the schema intends
 * (migrations/0002: tenant-owned rows carry their GAD so tenancy filters need no join).
 */

export type Localised = { es: string; en: string; pt: string };
export type IndicatorUnit = 'count' | 'minor_units';

export interface IndicatorParams {
  theme?: string;
  currency?: string;
  direction?: 'received' | 'offered' | 'mutual';
}

export interface Indicator {
  code: string;
  label: Localised;
  unit: IndicatorUnit;
  /** Parameters it accepts; `currency` is required where money is summed (never across currencies). */
  params: (keyof IndicatorParams)[];
  required: (keyof IndicatorParams)[];
  value(gadId: string, params: IndicatorParams, window: Window): RawBuilder<number>;
}

export interface Window {
  from: string;
  to: string;
}

const themeFilter = (params: IndicatorParams) =>
  params.theme ? sql`AND EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${params.theme})` : sql``;

/** The roles the thesis counts as leadership in a network. */
export const LEADERSHIP_ROLES = ['president', 'co_president', 'vice_president', 'committee_chair'];

export const INDICATORS: Indicator[] = [
  {
    code: 'agreements_in_force',
    label: { es: 'Acuerdos vigentes', en: 'Agreements in force', pt: 'Acordos vigentes' },
    unit: 'count',
    params: ['theme'],
    required: [],
    // In force (or reactivated) now, already valid at the window's end and not expired by then.
    value: (gadId, params, w) => sql<number>`SELECT count(*)::int FROM action a JOIN agreement ag ON ag.action_id = a.id
      WHERE a.gad_id = ${gadId} AND ag.gad_id = ${gadId} AND ag.state IN ('in_force', 'reactivated')
        AND coalesce(ag.valid_from, ag.signed_on, a.start_date) <= ${w.to}::date
        AND (ag.valid_until IS NULL OR ag.valid_until >= ${w.to}::date) ${themeFilter(params)}`,
  },
  {
    code: 'participations_with_trip_report',
    label: { es: 'Participaciones con informe de viaje entregado', en: 'Participations with a delivered trip report', pt: 'Participações com relatório de viagem entregue' },
    unit: 'count',
    params: ['theme'],
    required: [],
    value: (gadId, params, w) => sql<number>`SELECT count(*)::int FROM action a
      WHERE a.gad_id = ${gadId} AND a.type = 'participation' AND a.start_date BETWEEN ${w.from}::date AND ${w.to}::date
        AND EXISTS (SELECT 1 FROM commitment c WHERE c.action_id = a.id AND c.kind = 'trip_report' AND c.state = 'done'
          AND c.deleted_at IS NULL AND c.completed_on <= ${w.to}::date) ${themeFilter(params)}`,
  },
  {
    code: 'cooperation_amount',
    label: { es: 'Cooperación (monto presupuestado)', en: 'Cooperation (budgeted amount)', pt: 'Cooperação (valor orçado)' },
    unit: 'minor_units',
    params: ['currency', 'direction', 'theme'],
    required: ['currency'],
    // Budget amounts of projects started in the window, in one currency's minor units.
    value: (gadId, params, w) => sql<number>`SELECT coalesce(sum(pa.amount_minor), 0)::float8 FROM action a
      JOIN project p ON p.action_id = a.id JOIN project_amount pa ON pa.action_id = a.id
      WHERE a.gad_id = ${gadId} AND pa.gad_id = ${gadId} AND pa.kind = 'budget' AND pa.currency = ${params.currency ?? ''}
        AND coalesce(pa.on_date, a.start_date) BETWEEN ${w.from}::date AND ${w.to}::date
        ${params.direction ? sql`AND p.direction = ${params.direction}` : sql``} ${themeFilter(params)}`,
  },
  {
    code: 'network_leadership_roles',
    label: { es: 'Cargos de liderazgo en redes', en: 'Leadership roles held in networks', pt: 'Cargos de liderança em redes' },
    unit: 'count',
    params: [],
    required: [],
    // President, co-president, vice-president or committee chair, held at some point in the window.
    value: (gadId, _params, w) => sql<number>`SELECT count(*)::int FROM action a JOIN membership_role r ON r.action_id = a.id
      WHERE a.gad_id = ${gadId} AND r.role = ANY(${LEADERSHIP_ROLES}::text[])
        AND (r.term_start IS NULL OR r.term_start <= ${w.to}::date) AND (r.term_end IS NULL OR r.term_end >= ${w.from}::date)`,
  },
  {
    code: 'commitments_on_time',
    label: { es: 'Compromisos cumplidos a tiempo', en: 'Commitments done on time', pt: 'Compromissos cumpridos no prazo' },
    unit: 'count',
    params: ['theme'],
    required: [],
    // due_on >= from follows from completed_on <= due_on and completed_on >= from; it lets the index on (gad, state, due) find the rows.
    value: (gadId, params, w) => sql<number>`SELECT count(*)::int FROM commitment c JOIN action a ON a.id = c.action_id
      WHERE c.gad_id = ${gadId} AND c.deleted_at IS NULL AND c.state = 'done' AND c.due_on IS NOT NULL
        AND c.completed_on <= c.due_on AND c.completed_on BETWEEN ${w.from}::date AND ${w.to}::date
        AND c.due_on >= ${w.from}::date ${themeFilter(params)}`,
  },
];

export function indicatorByCode(code: string): Indicator | undefined {
  return INDICATORS.find((i) => i.code === code);
}

/** Progress toward a target: (current − baseline) / (target − baseline), clamped to [0, 1]. Works for falling targets too. */
export function progress(current: number, baseline: number, target: number): number {
  if (target === baseline) return current >= target ? 1 : 0;
  const share = (current - baseline) / (target - baseline);
  return Math.min(1, Math.max(0, share));
}

/** The window a target is measured over: from the plan's start to the end of the target year, or to today if sooner. */
export function targetWindow(periodStart: string, targetYear: number, today: string): Window {
  const yearEnd = `${targetYear}-12-31`;
  const to = yearEnd < today ? yearEnd : today;
  return { from: periodStart, to: to < periodStart ? periodStart : to };
}

/** The current value of one indicator for a GAD, from the records the reader may see. */
export async function indicatorValue(db: Db, actor: Actor, code: string, gadId: string, params: IndicatorParams, window: Window): Promise<number> {
  const indicator = indicatorByCode(code);
  if (!indicator) throw new Error(`Unknown indicator ${code}`);
  const result = await sql<{ value: number | string }>`SELECT (${withVisibility(indicator.value(gadId, params, window), actor)}) AS value`.execute(db);
  return Number(result.rows[0]?.value ?? 0);
}

/** Every indicator's query ends in its WHERE clause with the action as `a`; the reader's visibility is appended there. */
function withVisibility(query: RawBuilder<number>, actor: Actor): RawBuilder<number> {
  return sql<number>`${query} AND ${visibleTo(actor, 'a')}`;
}

/** Checks a target's indicator and parameters; returns messages keyed by parameter. */
export function checkIndicator(code: string, params: Record<string, unknown>): { field: string; message: string }[] {
  const indicator = indicatorByCode(code);
  if (!indicator) return [{ field: 'indicator', message: `Unknown indicator; use one of ${INDICATORS.map((i) => i.code).join(', ')}` }];
  const errors: { field: string; message: string }[] = [];
  for (const key of Object.keys(params)) {
    if (!indicator.params.includes(key as keyof IndicatorParams)) errors.push({ field: `params.${key}`, message: `${code} takes no ${key}` });
  }
  for (const key of indicator.required) {
    if (params[key] === undefined || params[key] === null) errors.push({ field: `params.${key}`, message: `${code} needs ${key}` });
  }
  return errors;
}
