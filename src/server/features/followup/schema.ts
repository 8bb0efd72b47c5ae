import { z } from 'zod';
import { isoDate, pagination, uuid } from '../shared/schema.ts';
import { commitmentListQuery } from '../commitments/schema.ts';

export const boardQuery = commitmentListQuery.pick({ gad: true, responsible: true, unit: true, kind: true, source: true }).extend({
  gad: z.string().min(1).max(100).optional().describe('GAD id or DPA code; defaults to the caller’s GAD'),
  due_before: isoDate.optional().describe('End of the "due soon" window; defaults to the last day of this month'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Cards per column'),
});

export const indicatorsQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional().describe('Calendar year; defaults to this year'),
});

export const gadParam = z.object({ id: z.string().min(1).max(100).describe('GAD id or DPA code') });

export const rulesQuery = z.object({ gad: z.string().min(1).max(100).optional().describe('GAD id or DPA code; defaults to the caller’s GAD') });

export const rulesBody = z.object({
  gad: z.string().min(1).max(100).optional().describe('GAD id or DPA code; defaults to the caller’s GAD'),
  tripReportDays: z.number().int().min(1).max(180).describe('Days after a participation ends by which its trip report is due'),
  awardLessons: z.boolean().describe('Open a "lessons" follow-up for lost or pending awards'),
  awardLessonsDays: z.number().int().min(1).max(365).describe('Days after an award decision by which its lessons are due'),
  renewalAlertDays: z.array(z.number().int().min(1).max(730)).min(1).max(5)
    .refine((days) => new Set(days).size === days.length, 'Each threshold once')
    .describe('Days before an agreement expires at which a renewal alert fires'),
  dormantMonths: z.number().int().min(1).max(120).describe('Months without linked activity after which an agreement is dormant'),
  defaultResponsibleUserId: uuid.nullish().describe('Who answers for automatic obligations when the record’s author is not an editor of the GAD'),
  version: z.number().int().min(0).describe('The version you started from (0 while the GAD follows the defaults)'),
});

export const preferenceBody = z.object({
  digest: z.enum(['none', 'daily', 'weekly']).describe('How often to receive the digest of what is due or overdue'),
});

export const inboxQuery = z.object({
  unread: z.enum(['true', 'false']).optional().describe('Only unread (true) or read (false) notifications'),
  ...pagination,
});

export const notificationParam = z.object({ id: uuid });

export const outboxQuery = z.object({
  to: z.string().max(320).optional().describe('Only mail to this address'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
