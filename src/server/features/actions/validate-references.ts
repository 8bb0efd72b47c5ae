import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError, type FieldError } from '../../http/app-error.ts';
import type { ActionInput } from './schema.ts';

/**
 * Codes and ids that must exist in the database. Checked up front so that the caller gets
 * a 422 naming the field instead of a foreign-key failure.
 */
export async function validateActionReferences(tx: Db, a: ActionInput): Promise<void> {
  const errors: FieldError[] = [];
  if (a.themes.length > 0) {
    const known = await sql<{ code: string }>`SELECT code FROM theme WHERE code = ANY(${a.themes}::text[])`.execute(tx);
    const knownCodes = new Set(known.rows.map((r) => r.code));
    a.themes.forEach((code, i) => {
      if (!knownCodes.has(code)) errors.push({ field: `body.themes.${i}`, message: `Unknown theme code "${code}"` });
    });
  }
  const partnerIds = a.partners.map((p) => p.partnerId);
  if (partnerIds.length > 0) {
    const known = await sql<{ id: string }>`
      SELECT id FROM partner WHERE id = ANY(${partnerIds}::uuid[]) AND deleted_at IS NULL`.execute(tx);
    const knownIds = new Set(known.rows.map((r) => r.id));
    a.partners.forEach((p, i) => {
      if (!knownIds.has(p.partnerId)) errors.push({ field: `body.partners.${i}.partnerId`, message: 'Unknown partner' });
    });
  }
  const countries = collectCountries(a);
  if (countries.length > 0) {
    const known = await sql<{ code: string }>`
      SELECT code FROM country WHERE code = ANY(${countries.map((c) => c.code)}::text[])`.execute(tx);
    const knownCodes = new Set(known.rows.map((r) => r.code));
    for (const c of countries) {
      if (!knownCodes.has(c.code)) errors.push({ field: c.field, message: `Unknown country code "${c.code}"` });
    }
  }
  if (errors.length > 0) throw AppError.invalid('Some referenced codes or records do not exist', errors);
}

function collectCountries(a: ActionInput): { field: string; code: string }[] {
  const found: { field: string; code: string }[] = [];
  if (a.country) found.push({ field: 'body.country', code: a.country });
  if (a.type === 'visit' || a.type === 'participation') {
    a.details.delegates.forEach((d, i) => {
      if (d.country) found.push({ field: `body.details.delegates.${i}.country`, code: d.country });
    });
  }
  return found;
}
