import { z } from 'zod';
import { countryCode, isoDate, optionalText, pagination, text, uuid, visibility } from '../shared/schema.ts';
import { actionType } from '../actions/schema.ts';

const themeCode = z.string().regex(/^[a-z_]+$/).max(60);

export const lessonListQuery = z.object({
  q: z.string().max(500).optional().describe('Words to search in lessons and their actions (Spanish stemming, accents ignored)'),
  theme: themeCode.optional().describe('Theme code of the lesson’s action'),
  partner: uuid.optional().describe('A partner of the lesson’s action'),
  country: countryCode.optional().describe('Country of a partner of the lesson’s action'),
  type: actionType.optional(),
  outcome: z.string().regex(/^[a-z_]+$/).max(40).optional()
    .describe('Outcome of the action: award outcome, agreement state, project state or visit outcome'),
  gad: z.string().max(40).optional().describe('Only lessons of this GAD (id or DPA code)'),
  sort: z.enum(['useful', 'recent']).default('useful').describe('Most marked useful first, or newest first'),
  ...pagination,
});
export type LessonListQuery = z.infer<typeof lessonListQuery>;

export const peersQuery = z.object({
  partner: uuid.optional().describe('Who has worked with this partner?'),
  theme: themeCode.optional().describe('Who has worked on this theme?'),
  country: countryCode.optional().describe('Who has worked with this country (where the action happened or a partner is from)?'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('How many GADs'),
});
export type PeersQuery = z.infer<typeof peersQuery>;

export const preferredRegion = z.enum([
  'ecuador', 'latin_america_caribbean', 'north_america', 'europe', 'africa', 'asia', 'oceania', 'middle_east',
]).describe('Where the GAD would like its counterpart to be; ecuador means another GAD');

export const exchangePostInput = z.object({
  gad: z.string().max(40).optional().describe('GAD (id or DPA code); defaults to the caller’s GAD'),
  kind: z.enum(['offer', 'request']).describe('offer: we can share our experience; request: we seek a partner'),
  title: text(500).min(1).describe('One line: what is offered or sought'),
  description: optionalText(20_000),
  themes: z.array(themeCode).min(1).max(10).describe('Theme codes'),
  preferredRegion: preferredRegion.nullish(),
  expiresOn: isoDate.describe('Last day the post is open'),
  contactUserId: uuid.nullish().describe('A user of the GAD to contact (default: the author)'),
  visibility: visibility.default('gads'),
});
export type ExchangePostInput = z.infer<typeof exchangePostInput>;

export const exchangePostPatch = exchangePostInput.omit({ gad: true }).partial().extend({
  version: z.number().int().min(1).describe('The version the edit is based on'),
});
export type ExchangePostPatch = z.infer<typeof exchangePostPatch>;

export const exchangeListQuery = z.object({
  kind: z.enum(['offer', 'request']).optional(),
  theme: themeCode.optional(),
  gad: z.string().max(40).optional().describe('GAD id or DPA code'),
  q: z.string().max(200).optional().describe('Words in the title or description'),
  includeExpired: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  ...pagination,
});
export type ExchangeListQuery = z.infer<typeof exchangeListQuery>;

export const graphQuery = z.object({
  gad: z.string().max(40).optional().describe('Start from this GAD (id or DPA code)'),
  partner: uuid.optional().describe('Start from this partner'),
  depth: z.coerce.number().int().min(1).max(2).default(1).describe('1: direct links; 2: also the links of those neighbours'),
  type: actionType.optional().describe('Only links made through actions of this kind'),
  theme: themeCode.optional().describe('Only links made through actions on this theme'),
});
export type GraphQuery = z.infer<typeof graphQuery>;
