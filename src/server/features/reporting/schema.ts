import { z } from 'zod';
import { isoDate, text, uuid } from '../shared/schema.ts';

export const reportKind = z.enum(['agreement', 'project', 'pre_signature']);
export const reportState = z.enum(['submitted', 'received', 'observed', 'registered', 'answered']);

export const submitReportBody = z.object({
  /** Defaults to what the action allows: a signed agreement is reported, one in negotiation consulted, a project registered */
  kind: reportKind.optional().describe('agreement, project or pre_signature; defaults from the action'),
  /** The signed instrument, or the draft for a consultation */
  documentId: uuid.nullish().describe('A document of this action: the signed instrument, or the draft text'),
  note: text(10_000).nullish().describe('Covering note to the ministry or agency'),
});
export type SubmitReportBody = z.infer<typeof submitReportBody>;

export const messageBody = z.object({ body: text(10_000).min(1).describe('Observations, or the reply to them') });
export const optionalMessageBody = z.object({ body: text(10_000).min(1).optional().describe('Optional note') });

export const registerBody = z.object({
  registerNumber: z.string().trim().min(1).max(100).describe('Number in the national register of instruments or cooperation projects'),
  registeredOn: isoDate.describe('Date of registration'),
});

export const answerBody = z.object({
  answer: z.enum(['no_objection', 'observations']).describe('The ministry answer to the draft'),
  body: text(10_000).min(1).optional().describe('The observations (required when answering with observations)'),
}).refine((b) => b.answer === 'no_objection' || b.body, { message: 'Observations need a text', path: ['body'] });

export const reportListQuery = z.object({
  state: reportState.optional(),
  gad: z.string().max(100).optional().describe('GAD id or DPA code'),
  kind: reportKind.optional(),
  older_than_days: z.coerce.number().int().min(0).max(100_000).optional().describe('Only reports waiting in their state at least this many days'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ReportListQuery = z.infer<typeof reportListQuery>;

export const articulationQuery = z.object({
  gad: z.string().max(100).optional().describe('GAD id or DPA code; without it, the national index with a ranking of GADs'),
  from: z.coerce.number().int().min(1900).max(2200).optional().describe('First signature year'),
  to: z.coerce.number().int().min(1900).max(2200).optional().describe('Last signature year'),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must be on or before to', path: ['from'] });
