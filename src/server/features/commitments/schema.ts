import { z } from 'zod';
import { isoDate, optionalText, pagination, text, uuid } from '../shared/schema.ts';

export const commitmentState = z.enum(['pending', 'in_progress', 'done', 'cancelled']);

export const commitmentInput = z.object({
  actionId: uuid.describe('The action (acta, agreement, visit…) the commitment comes from'),
  kind: z.enum(['obligation', 'trip_report', 'award_lessons', 'renewal']).default('obligation'),
  description: text(5000).min(1).describe('What was promised'),
  responsibleUnit: optionalText(300).describe('Municipal unit in charge'),
  responsiblePerson: optionalText(300).describe('Person in charge'),
  responsibleUserId: uuid.nullish().describe('The account of the person in charge (a user of the GAD); receives the overdue reminder'),
  dueOn: isoDate.nullish().describe('When it is due'),
  state: z.enum(['pending', 'in_progress', 'cancelled']).default('pending').describe('Use /complete to mark it done'),
});
export type CommitmentInput = z.infer<typeof commitmentInput>;

export const commitmentPatchBody = commitmentInput.omit({ actionId: true }).partial().extend({
  version: z.number().int().min(1).describe('The version the edit is based on'),
});

export const commitmentListQuery = z.object({
  gad: z.string().max(100).optional().describe('GAD id or DPA code'),
  action: uuid.optional().describe('Only the commitments of this action'),
  state: commitmentState.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('Past due and not done or cancelled'),
  due_before: isoDate.optional().describe('Due on or before this date'),
  due_after: isoDate.optional().describe('Due on or after this date'),
  responsible: z.string().min(1).max(300).optional().describe('Person in charge: a user id, or the name recorded as text'),
  unit: z.string().min(1).max(300).optional().describe('Municipal unit in charge'),
  kind: z.enum(['obligation', 'trip_report', 'award_lessons', 'renewal']).optional().describe('Kind of commitment'),
  source: z.enum(['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project']).optional()
    .describe('Kind of action the commitment comes from'),
  ...pagination,
});

export const noteBody = z.object({ body: text(10_000).min(1).describe('Follow-up note') });

export const completeBody = z
  .object({
    evidenceUrl: z.url().max(2000).nullish().describe('Link to the evidence'),
    evidenceDocumentId: uuid.nullish().describe('A document already uploaded to this commitment or its action'),
    completedOn: isoDate.nullish().describe('Defaults to today'),
  })
  .refine((b) => b.evidenceUrl || b.evidenceDocumentId, {
    message: 'Marking a commitment done needs evidence: a document or a link',
    path: ['evidenceUrl'],
  });
