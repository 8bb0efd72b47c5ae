import { z } from 'zod';
import { pagination } from '../shared/schema.ts';

export const gadLevel = z.enum(['regional', 'provincial', 'municipal', 'metropolitan', 'rural_parish', 'special_regime']);

export const gadListQuery = z.object({
  level: gadLevel.optional().describe('Level of government (COOTAD Art. 10 and 28)'),
  q: z.string().max(200).optional().describe('Part of the name, accents optional'),
  parent: z.string().max(100).optional().describe('Parent GAD id or DPA code'),
  ...pagination,
});
export type GadListQuery = z.infer<typeof gadListQuery>;
export const gadParam = z.object({ id: z.string().max(100).describe('GAD id or INEC DPA code') });
