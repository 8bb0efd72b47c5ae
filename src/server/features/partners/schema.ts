import { z } from 'zod';
import { countryCode, optionalText, pagination, text } from '../shared/schema.ts';

export const partnerType = z.enum([
  'local_government', 'regional_government', 'national_government', 'cooperation_agency',
  'development_bank', 'un_body', 'city_network', 'international_organisation', 'ngo',
  'university', 'company', 'other',
]);

export const partnerInput = z.object({
  name: text(500).min(1).describe('Usual name of the partner'),
  type: partnerType.describe('What kind of organisation it is'),
  country: countryCode.nullish().describe('Country of its seat; empty for global bodies'),
  city: optionalText(200).describe('City of its seat'),
  aliases: z.array(text(500).min(1)).max(50).default([]).describe('Other names it goes by'),
});
export type PartnerInput = z.infer<typeof partnerInput>;

export const partnerListQuery = z.object({
  q: z.string().max(500).optional().describe('Name or alias, typos tolerated'),
  type: partnerType.optional(),
  country: countryCode.optional(),
  ...pagination,
});
export type PartnerListQuery = z.infer<typeof partnerListQuery>;

export const partnerPatchBody = partnerInput.partial().extend({
  version: z.number().int().min(1).describe('The version the edit is based on'),
});
export const partnerMergeBody = z.object({
  into: z.uuid().describe('The partner that remains; this one becomes its alias'),
});
