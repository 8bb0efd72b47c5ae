import { z } from 'zod';
import { countryCode, pagination, uuid } from '../shared/schema.ts';
import { EXACT_COUNT_LIMIT } from '../actions/queries.ts';

export const searchQuery = z.object({
  /** What to look for: words in Spanish (or English, Portuguese), with or without accents, typos in names allowed */
  q: z.string().trim().min(1).max(200).describe('Words to find; "quoted phrases", -exclusions and OR are understood'),
  gad: z.string().max(100).optional().describe('GAD id or DPA code'),
  type: z.enum(['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project']).optional().describe('Kind of action'),
  year: z.coerce.number().int().min(1900).max(2200).optional().describe('Year the action started'),
  theme: z.string().min(1).max(60).optional().describe('Theme code'),
  country: countryCode.optional().describe('Country of the action (or of the partner)'),
  ...pagination,
});
export type SearchQuery = z.infer<typeof searchQuery>;

const kind = z.enum(['action', 'partner', 'lesson', 'document']);

export const searchResult = z.object({
  items: z.array(z.object({
    kind,
    id: uuid,
    title: z.string(),
    snippet: z.string().describe('HTML-escaped text with the matches inside <mark>…</mark>'),
    score: z.number(),
    where: z.enum(['title', 'description', 'lesson', 'document']).describe('Where the match is'),
    document: z.object({ id: uuid, title: z.string(), filename: z.string() }).optional().describe('The document whose text matched'),
    action: z.object({ id: uuid, title: z.string() }).optional().describe('The action a lesson or document belongs to'),
    gad: z.object({ id: uuid, dpaCode: z.string(), name: z.string() }).optional(),
  })),
  total: z.number().int().describe('Hits in all; when totalIsLowerBound, "more than" this many'),
  totalIsLowerBound: z.boolean().describe(`True when the search hits more than ${EXACT_COUNT_LIMIT.toLocaleString('en')} records (or more than offset + limit):
    total is then that bound, and the ranking and the facets cover the first hits found up to it. Add words or filters for exact figures.`),
  facets: z.object({
    kind: z.record(z.string(), z.number()),
    type: z.record(z.string(), z.number()),
    year: z.record(z.string(), z.number()),
    gad: z.record(z.string(), z.number()).describe('By DPA code'),
    theme: z.record(z.string(), z.number()),
    country: z.record(z.string(), z.number()),
  }),
});
