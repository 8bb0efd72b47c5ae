import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { lookupGad } from '../shared/gad-lookup.ts';

export interface GadRef { id: string; dpaCode: string; name: string }

/** A GAD named by id or DPA code. Unknown in a path → 404; unknown in a query or body → a problem naming the field. */
export async function resolveGad(db: Db, reference: string, field: string | null): Promise<GadRef> {
  const gad = await lookupGad(db, reference);
  if (gad) return { id: gad.id, dpaCode: gad.dpa_code, name: gad.name };
  if (!field) throw AppError.notFound('GAD');
  const message = 'Unknown GAD: give its id or DPA code';
  throw field.startsWith('query.') ? new AppError('bad_request', message, [{ field, message }]) : AppError.invalid(message, [{ field, message }]);
}
