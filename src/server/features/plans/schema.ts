import { z } from 'zod';
import { isoDate, optionalText, pagination, text, visibility } from '../shared/schema.ts';

export const WORLD_REGIONS = ['latin_america_caribbean', 'north_america', 'europe', 'africa', 'asia', 'oceania', 'middle_east'] as const;
export const languages = z.enum(['es', 'en', 'pt']);

const code = z.string().min(1).max(40).describe('Short code, unique within the plan (e.g. "E1", "O1.2")');

export const planAxis = z.object({ code, title: text(500).min(1), description: optionalText(5000) });
export const planObjective = z.object({
  code,
  axis: code.nullish().describe('Code of the axis it belongs to'),
  text: text(2000).min(1).describe('What the GAD means to achieve'),
});
export const planPriority = z.object({
  kind: z.enum(['theme', 'region', 'country', 'partner', 'network']),
  value: z.string().min(1).max(100).describe('Theme code, world region, ISO country code, or partner id (a city network for "network")'),
  objective: code.nullish().describe('Code of the objective this priority serves; it drives link suggestions for that objective'),
});
export const planTarget = z.object({
  objective: code.describe('Code of the objective it measures'),
  indicator: z.string().regex(/^[a-z_]+$/).max(60).describe('Indicator code from GET /api/plans/indicators'),
  params: z.record(z.string(), z.string().max(60)).default({}).describe('Indicator parameters, e.g. {"theme":"mobility"} or {"currency":"USD","direction":"received"}'),
  baseline: z.number().finite().min(0).max(1e15).describe('Value at the start (money in minor units)'),
  targetValue: z.number().finite().min(0).max(1e15).describe('Value to reach (money in minor units)'),
  targetYear: z.number().int().min(1900).max(2200).describe('Year by which to reach it'),
});

export const planFields = {
  title: text(500).min(1).describe('Title of the plan'),
  periodStart: isoDate.describe('First day of the plan period'),
  periodEnd: isoDate.describe('Last day of the plan period'),
  vision: optionalText(10_000).describe('Vision statement'),
  visibility: visibility.default('public'),
  axes: z.array(planAxis).max(30).default([]),
  objectives: z.array(planObjective).max(200).default([]),
  priorities: z.array(planPriority).max(300).default([]),
  targets: z.array(planTarget).max(300).default([]),
};

export const planInput = z.object(planFields).refine((p) => p.periodStart <= p.periodEnd, {
  message: 'periodStart must be on or before periodEnd', path: ['periodEnd'],
});
export type PlanInput = z.infer<typeof planInput>;

export const planCreateBody = z.intersection(
  planInput,
  z.object({ gad: z.string().max(100).optional().describe('GAD id or DPA code; only a platform admin may name another GAD') }),
);

type Undefaulted<T> = T extends z.ZodDefault<infer I> ? I : T;
// A default must not fill a field the patch leaves out (it would empty the lists).
const patchFields = Object.fromEntries(Object.entries(planFields).map(([key, schema]) =>
  [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()])) as unknown as {
  [K in keyof typeof planFields]: z.ZodOptional<Undefaulted<(typeof planFields)[K]>>;
};
export const planPatchBody = z.object({
  version: z.number().int().min(1).describe('The version the edit is based on; a stale one gets 409'),
  ...patchFields,
}).describe('Fields to change; a list sent replaces the whole list. Editing an approved version creates a new draft version.');
export type PlanPatch = z.infer<typeof planPatchBody>;

export const planListQuery = z.object({
  gad: z.string().max(100).optional().describe('GAD id or DPA code'),
  state: z.enum(['draft', 'approved', 'superseded']).optional(),
  ...pagination,
});

export const approveBody = z.object({ version: z.number().int().min(1).describe('The version being approved') });
export const documentQuery = z.object({ lang: languages.default('es').describe('Language of the document') });

export const linkBody = z.object({
  kind: z.enum(['plan_objective', 'national_objective', 'sdg']),
  ref: z.string().min(1).max(100).describe('Objective key (plan_objective), PNBV policy code (national_objective) or SDG number'),
});
export const linkParams = z.object({ id: z.string().max(100), linkId: z.string().max(100) });

export const alignmentQuery = z.object({
  gad: z.string().max(100).describe('GAD id or DPA code'),
  from: isoDate.describe('First day of the period'),
  to: isoDate.describe('Last day of the period'),
});
export const nationalAlignmentQuery = z.object({ from: isoDate, to: isoDate });
