import { z } from 'zod';
import { EXACT_COUNT_LIMIT } from './queries.ts';
import { countryCode, currencyCode, isoDate, optionalText, pagination, text, uuid, visibility } from '../shared/schema.ts';

export const actionTypes = [
  'participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project',
] as const;
export const actionType = z.enum(actionTypes).describe('The kind of international action');

export const partnerRole = z.enum([
  'counterpart', 'convener', 'host', 'network', 'funder', 'co_organiser', 'delegation',
  'awarding_body', 'member', 'implementer', 'other',
]);

const delegate = z.object({
  /** Person's name */
  name: optionalText(300).describe("Person's name"),
  title: optionalText(300).describe('Position or title'),
  organisation: optionalText(300).describe('Organisation the person represents'),
  country: countryCode.nullish().describe('Country of the organisation'),
});

const core = {
  title: text(1000).min(1).describe('Name of the action as its GAD knows it'),
  description: optionalText(20_000).describe('What happened, in the GAD’s words'),
  startDate: isoDate.nullish().describe('First day of the action (or of its month or year, see datePrecision)'),
  endDate: isoDate.nullish().describe('Last day of the action'),
  datePrecision: z.enum(['day', 'month', 'year']).default('day').describe('How precise startDate is'),
  city: optionalText(200).describe('City where it took place'),
  country: countryCode.nullish().describe('Country where it took place'),
  visibility: visibility.default('own'),
  themes: z.array(z.string().regex(/^[a-z_]+$/).max(60)).max(30).default([]).describe('Theme codes'),
  partners: z
    .array(z.object({ partnerId: uuid.describe('Partner id'), role: partnerRole }))
    .max(100)
    .default([])
    .describe('Partners and the role each plays'),
  territorialScope: z.enum(['cross_border', 'trans_regional', 'global']).nullish(),
  motive: z.enum(['economic', 'cultural', 'political']).nullish(),
  channel: z.enum(['formal', 'informal']).nullish(),
  governanceMode: z.enum(['self_governing', 'co_governing', 'hierarchical_governing']).nullish(),
  sourceNote: optionalText(2000).describe('Where the record comes from'),
  ambiguityNote: optionalText(2000).describe('What the source leaves unclear'),
  externalId: optionalText(200).describe('Identifier in the GAD’s own records, used by imports'),
};

export const participationDetails = z.object({
  convener: optionalText(500),
  funding: z.enum(['none', 'partial', 'full']).nullish().describe('How much the host paid: lodging, transport, meals'),
  fundingNote: optionalText(2000),
  delegates: z.array(delegate).max(100).default([]),
});
export const awardDetails = z.object({
  convener: optionalText(500),
  year: z.number().int().min(1900).max(2200).nullish(),
  category: optionalText(500),
  coordinatingUnit: optionalText(500).describe('Municipal unit that coordinated the application'),
  outcome: z.enum(['applied', 'finalist', 'won', 'not_won']),
});
export const visitDetails = z.object({
  agenda: optionalText(20_000),
  outcome: z.enum(['protocol', 'approach', 'instrument_signed']).nullish(),
  delegates: z.array(delegate).max(100).default([]).describe('The foreign delegation received'),
});
export const hostedEventDetails = z.object({
  coOrganiser: optionalText(500),
  topic: optionalText(2000),
  outcomeDocument: optionalText(2000),
});
export const agreementDetails = z
  .object({
    kind: z.enum(['twinning', 'cooperation_agreement', 'memorandum', 'letter_of_intent', 'addendum']),
    areas: optionalText(5000).describe('Areas of interest, as worded in the instrument'),
    signedOn: isoDate.nullish(),
    signedPlace: optionalText(300),
    validFrom: isoDate.nullish(),
    validUntil: isoDate.nullish(),
    state: z.enum(['negotiating', 'signed', 'in_force', 'expired', 'terminated', 'dormant', 'reactivated']),
    sentToMinistryOn: isoDate.nullish().describe('When a copy went to the foreign ministry'),
  })
  .refine((a) => !a.validFrom || !a.validUntil || a.validFrom <= a.validUntil, {
    message: 'validFrom must be on or before validUntil',
    path: ['validUntil'],
  });
export const membershipDetails = z.object({
  memberSince: isoDate.nullish(),
  activityLevel: z.enum(['none', 'low', 'medium', 'high']).nullish(),
  activityNote: optionalText(2000),
  committees: z.array(text(300)).max(50).default([]),
  roles: z
    .array(
      z.object({
        role: z.enum(['president', 'co_president', 'vice_president', 'committee_chair',
          'executive_committee_member', 'council_member', 'other']),
        label: optionalText(300),
        body: optionalText(300),
        termStart: isoDate.nullish(),
        termEnd: isoDate.nullish(),
      }),
    )
    .max(50)
    .default([]),
});
export const projectDetails = z.object({
  modality: z.enum(['technical_assistance', 'non_reimbursable', 'reimbursable_credit', 'in_kind']),
  direction: z.enum(['received', 'offered', 'mutual']),
  flow: z.enum(['north_south', 'south_south', 'triangular']).nullish(),
  state: z.enum(['planned', 'in_progress', 'completed', 'cancelled', 'suspended']).default('planned'),
  approvedBy: optionalText(300).describe('Highest authority that approved it (COPLAFIN Art. 69)'),
  approvedOn: isoDate.nullish(),
  registerNumber: optionalText(100).describe('Number in the national cooperation register'),
  iatiIdentifier: optionalText(200),
  amounts: z
    .array(
      z.object({
        kind: z.enum(['budget', 'commitment', 'disbursement', 'counterpart_contribution']),
        amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Amount in minor units (cents)'),
        currency: currencyCode,
        partnerId: uuid.nullish(),
        onDate: isoDate.nullish(),
      }),
    )
    .max(100)
    .default([]),
});

const withCore = <T extends z.ZodType, K extends (typeof actionTypes)[number]>(type: K, details: T) =>
  z.object({ type: z.literal(type), ...core, details });

export const actionInput = z
  .discriminatedUnion('type', [
    withCore('participation', participationDetails),
    withCore('award', awardDetails),
    withCore('visit', visitDetails),
    withCore('hosted_event', hostedEventDetails),
    withCore('agreement', agreementDetails),
    withCore('membership', membershipDetails),
    withCore('project', projectDetails),
  ])
  .refine((a) => !a.startDate || !a.endDate || a.startDate <= a.endDate, {
    message: 'startDate must be on or before endDate',
    path: ['endDate'],
  });
export type ActionInput = z.infer<typeof actionInput>;

export const actionListQuery = z.object({
  gad: z.string().max(100).optional().describe('GAD id or INEC DPA code'),
  type: actionType.optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional().describe('Calendar year of the start date'),
  q: z.string().max(500).optional().describe('Words to find in title and description (accents optional)'),
  theme: z.string().max(60).optional().describe('Theme code'),
  country: countryCode.optional().describe('Country where the action took place'),
  partner: uuid.optional().describe('Partner id'),
  sort: z.enum(['date_desc', 'date_asc', 'title', 'relevance']).default('date_desc'),
  ...pagination,
});
export type ActionListQuery = z.infer<typeof actionListQuery>;

const counts = z.record(z.string(), z.number().int());
export const actionListResult = z.object({
  items: z.array(z.object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    snippet: z.string().nullable().describe('The start of the description'),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    datePrecision: z.string(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    visibility: z.string(),
    illustrative: z.boolean(),
    gad: z.object({ id: z.string(), name: z.string(), dpaCode: z.string() }),
    themes: z.array(z.string()),
    partners: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  })),
  total: z.number().int().describe('Actions that match; when totalIsLowerBound, "more than" this many'),
  totalIsLowerBound: z.boolean().describe(`True when more than ${EXACT_COUNT_LIMIT.toLocaleString('en')} actions (or more than offset + limit) match:
    total is then that bound, and the facets count the bounded set (the first matches in the list's date order, or the first found
    for a search; a search by relevance ranks that set). The page itself is in the list's exact order whenever there are no words.`),
  facets: z.object({ type: counts, year: counts, theme: counts, country: counts }),
});

export const idParam = z.object({ id: z.string().max(100).describe('Record id') });

export const actionCreateBody = z.intersection(
  actionInput,
  z.object({ gad: z.string().max(100).optional().describe('GAD id or DPA code; only a platform admin may name another GAD') }),
);

type Undefaulted<T> = T extends z.ZodDefault<infer I> ? I : T;
// A default must not fill a field the patch leaves out: that would wipe themes and partners, or reset visibility.
const corePatch = Object.fromEntries(Object.entries(core).map(([key, schema]) =>
  [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()])) as unknown as {
  [K in keyof typeof core]: z.ZodOptional<Undefaulted<(typeof core)[K]>>;
};

export const actionPatchBody = z.object({
  version: z.number().int().min(1).describe('The version the edit is based on; a stale one gets 409 with the current record'),
  ...corePatch,
  details: z.record(z.string(), z.unknown()).optional().describe('Kind-specific fields to change'),
});
export type ActionPatch = z.infer<typeof actionPatchBody>;

export const versionQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe('Refuse the delete if the record has moved past this version'),
});
