import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../context.ts';

/**
 * The one place that decides which tenant-owned rows a caller may read. Every list, count,
 * facet, search and export puts this in its WHERE clause, so a total can never reveal a row
 * that the caller could not open. `alias` is the table alias of a row with gad_id, visibility
 * and deleted_at (actions and lessons).
 */
export function visibleTo(actor: Actor, alias: string): RawBuilder<boolean> {
  const row = sql.ref(alias);
  const live = sql`${row}.deleted_at IS NULL`;
  if (actor.kind === 'anonymous') return sql<boolean>`(${live} AND ${row}.visibility = 'public')`;
  if (actor.kind === 'system' || actor.role === 'platform_admin') return sql<boolean>`${live}`;
  const ownGad = actor.gadId ? sql`${row}.gad_id = ${actor.gadId}` : sql`false`;
  switch (actor.role) {
    case 'gad_admin':
    case 'gad_editor':
    case 'gad_viewer':
      return sql<boolean>`(${live} AND (${ownGad} OR ${row}.visibility IN ('public', 'gads')))`;
    case 'central_analyst':
      return sql<boolean>`(${live} AND ${row}.visibility IN ('public', 'gads', 'government'))`;
    case 'association_analyst':
      return sql<boolean>`(${live} AND (${row}.visibility IN ('public', 'gads') OR (${row}.visibility = 'government'
        AND ${row}.gad_id IN (SELECT id FROM gad WHERE level = ANY(${actor.memberLevels}::text[])))))`;
    default: {
      const unreachable: never = actor.role;
      throw new Error(`Unknown role ${String(unreachable)}`);
    }
  }
}

// An id as PostgreSQL prints one (lower case): `id::text = ref` matched only those.
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A GAD reference (an id or an INEC DPA code) as one indexed condition on `alias`, whichever the
 * reference looks like: `id::text = ref OR dpa_code = ref` read the whole table.
 */
export function gadMatch(reference: string, alias = 'gad'): RawBuilder<boolean> {
  const g = sql.ref(alias);
  return UUID_TEXT.test(reference) ? sql<boolean>`${g}.id = ${reference}::uuid` : sql<boolean>`${g}.dpa_code = ${reference}`;
}

/**
 * Resolves a GAD reference given as an id or an INEC DPA code, inside SQL, for an equality. An id is
 * used as it is: behind a sub-select the planner cannot see which GAD it is, and guessed a GAD's
 * share of rows as 1/1,100 when Quito's is 13 %, which sorted 14,000 commitments for a board page of 50.
 */
export function gadRef(reference: string): RawBuilder<string> {
  return UUID_TEXT.test(reference) ? sql<string>`${reference}::uuid` : sql<string>`(SELECT id FROM gad WHERE ${gadMatch(reference)})`;
}
