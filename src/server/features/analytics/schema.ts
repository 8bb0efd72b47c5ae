import { z } from 'zod';

export const ACTION_KINDS = ['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

const year = z.coerce.number().int().min(1900).max(2200);
const gad = z.string().min(1).max(100).describe('GAD id or INEC DPA code');
const undated = z.enum(['include', 'exclude']).default('include')
  .describe('Records with no known date (the thesis gives none for Quito’s agreements and most memberships): counted apart (include) or left out');

export const period = {
  from: year.optional().describe('First year (default: nine years before `to`)'),
  to: year.optional().describe('Last year (default: this year)'),
};

export const positioningQuery = z.object({ gad, ...period });
export const breakdownQuery = z.object({ gad, ...period, undated });
export const comparisonQuery = z.object({
  gads: z.string().min(1).max(1000).describe('GAD ids or DPA codes, comma-separated, 2 to 10'),
  ...period, undated,
});
export const nationalQuery = z.object({ ...period, undated, limit: z.coerce.number().int().min(1).max(200).default(20).describe('Ranking length') });
export const partnersMapQuery = z.object({ gad: gad.optional().describe('One GAD, or every GAD when left out'), ...period, undated });
export const gadParam = z.object({ id: gad });
export const timelineQuery = z.object({
  ...period,
  type: z.string().max(200).optional().describe('Kinds of action, comma-separated (e.g. agreement,visit)'),
  theme: z.string().max(60).optional().describe('Theme code'),
  limit: z.coerce.number().int().min(1).max(2000).default(500).describe('At most this many dated items, and as many undated ones; `truncated` says when there are more'),
});
export const reportQuery = z.object({
  year: year.optional().describe('The year of the report (default: last year)'),
  from: year.optional().describe('With `to`: a report over several years instead of one'),
  to: year.optional(),
  lang: z.enum(['es', 'en', 'pt']).default('es').describe('Language of the document'),
});
