import { z } from 'zod';
import { isoDate, optionalText, text, uuid, visibility } from '../shared/schema.ts';

export const lessonInput = z.object({
  actionId: uuid.describe('The action the lesson is about'),
  visibility: visibility.default('own'),
  title: text(500).min(1).describe('One line: what was learned'),
  firstContactChannel: z.enum(['network_meeting', 'embassy', 'visit', 'direct_approach', 'intermediary', 'other']).nullish()
    .describe('How the first contact happened'),
  firstContact: optionalText(20_000).describe('The first approach, in the GAD’s words'),
  negotiation: optionalText(20_000).describe('How the negotiation went'),
  obstacles: optionalText(20_000).describe('Obstacles and limitations'),
  errors: optionalText(20_000).describe('Errors made'),
  results: optionalText(20_000).describe('What came of it'),
  advice: optionalText(20_000).describe('Advice for other GADs'),
  appliedHome: optionalText(20_000).describe('How it was applied back home: who, where, with what result'),
  negotiationVisibility: visibility.optional()
    .describe('Who may read the negotiation journal (first approach, negotiation, timeline); never wider than visibility. Default: the lesson’s visibility'),
  negotiationSteps: z.array(z.object({
    occurredOn: isoDate.nullish().describe('When the step happened'),
    description: text(5000).min(1).describe('What happened in this step'),
  })).max(200).optional().describe('The dated timeline of the negotiation, in order; replaces the whole timeline when sent'),
  contactUserId: uuid.nullish().describe('The GAD user other GADs may contact about this lesson (default: the author)'),
});
export type LessonInput = z.infer<typeof lessonInput>;

export const lessonPatchBody = lessonInput.omit({ actionId: true }).partial().extend({
  version: z.number().int().min(1).describe('The version the edit is based on'),
});
