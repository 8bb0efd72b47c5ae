import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';

/** ISO calendar date, validated as a real day (2013-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'Not a real calendar date');

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 code such as EC');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as USD');
export const uuid = z.uuid();

export const visibility = z
  .enum(['public', 'gads', 'government', 'own'])
  .describe('Who may read: everyone, any signed-in GAD user, central and association analysts, or the own GAD only');

/** Text fields keep what the user typed, verbatim; only the length is bounded. */
export const text = (max: number) => z.string().max(max);
export const optionalText = (max: number) => z.string().max(max).nullish();

export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('Page size, 1 to 200'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('Rows to skip'),
};

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/** Parses with a schema and turns zod issues into a 422 that names each field. */
export function parseOrInvalid<T extends z.ZodType>(schema: T, value: unknown, prefix = 'body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw AppError.invalid(
    'Some fields are not valid',
    result.error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].join('.'), message: issue.message })),
  );
}
