import type { RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { actionFilter } from '../actions/queries.ts';
import type { ActionListQuery } from '../actions/schema.ts';
import { lookupGad } from '../shared/gad-lookup.ts';

/**
 * The action list's filter, with the GAD reference (id or DPA code) resolved to its id first. A DPA code inside
 * the filter is a sub-select, so the planner guesses an average GAD (~900 of a million actions) and reads the
 * whole GAD and sorts it for every batch; Quito has 130,000. Given the id (which `gadRef` passes as it is), it
 * plans each batch with the GAD's real size and walks an index in id order from where the previous batch ended
 * (`action_gad_live_id_idx`, or for a GAD as large as Quito the primary key, which the planner prices lower
 * there; both stop after one batch).
 */
export async function exportFilter(db: Db, actor: Actor, query: Partial<ActionListQuery>): Promise<RawBuilder<boolean>> {
  if (!query.gad) return actionFilter(actor, query);
  // An unknown GAD keeps its reference, which matches nothing: it exports nothing, as the list shows nothing.
  return actionFilter(actor, { ...query, gad: (await lookupGad(db, query.gad))?.id ?? query.gad });
}
