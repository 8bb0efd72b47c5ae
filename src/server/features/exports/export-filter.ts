import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { actionFilter } from '../actions/queries.ts';
import type { ActionListQuery } from '../actions/schema.ts';
import { gadMatch } from '../shared/visibility.ts';

/**
 * The action list's filter, with the GAD reference (id or DPA code) resolved to its id first. Inside the
 * filter it is a sub-select, so the planner guesses an average GAD (~900 of a million actions) and reads the
 * whole GAD and sorts it for every batch; Quito has 130,000. Given the id, it plans each batch with the GAD's
 * real size and walks an index in id order from where the previous batch ended (`action_gad_live_id_idx`, or
 * for a GAD as large as Quito the primary key, which the planner prices lower there; both stop after one batch).
 */
export async function exportFilter(db: Db, actor: Actor, query: Partial<ActionListQuery>): Promise<RawBuilder<boolean>> {
  if (!query.gad) return actionFilter(actor, query);
  const { gad: reference, ...rest } = query;
  const found = await sql<{ id: string }>`SELECT id FROM gad WHERE ${gadMatch(reference)} LIMIT 1`.execute(db);
  // An unknown GAD exports nothing, as the list shows nothing.
  return sql<boolean>`${actionFilter(actor, rest)} AND a.gad_id = ${found.rows[0]?.id ?? null}::uuid`;
}
