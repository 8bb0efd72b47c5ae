import type { Actor } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { lookupGad } from './gad-lookup.ts';

/**
 * The GAD a new record belongs to: the one named in `body.gad` (id or DPA code), else the caller's
 * own. GAD users may only name their own; platform admins, who have none, must name one.
 */
export async function targetGadForWrite(db: Db, actor: Actor, requested: string | undefined): Promise<string> {
  const reference = requested ?? (actor.kind === 'user' ? actor.gadId : null);
  if (!reference) throw AppError.invalid('Say for which GAD', [{ field: 'body.gad', message: 'Required for this account' }]);
  const gadId = (await lookupGad(db, reference))?.id;
  if (!gadId) throw AppError.invalid('Unknown GAD', [{ field: 'body.gad', message: 'Unknown GAD' }]);
  if (!canWriteForGad(actor, gadId)) throw new AppError('forbidden', 'You may only create records for your own GAD');
  return gadId;
}
