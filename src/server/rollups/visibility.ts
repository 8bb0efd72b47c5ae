import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../context.ts';

/**
 * visibleTo (features/shared/visibility.ts) for rollup rows: the same rule on their gad_id and
 * visibility keys. Rollups hold live rows only, so there is no deleted_at to test.
 * Keep the two in step: the analytics rollup tests compare both for every role.
 */
export function rollupVisibleTo(actor: Actor, alias: string): RawBuilder<boolean> {
  const row = sql.ref(alias);
  if (actor.kind === 'anonymous') return sql<boolean>`(${row}.visibility = 'public')`;
  if (actor.kind === 'system' || actor.role === 'platform_admin') return sql<boolean>`true`;
  const ownGad = actor.gadId ? sql`${row}.gad_id = ${actor.gadId}` : sql`false`;
  switch (actor.role) {
    case 'gad_admin':
    case 'gad_editor':
    case 'gad_viewer':
      return sql<boolean>`(${ownGad} OR ${row}.visibility IN ('public', 'gads'))`;
    case 'central_analyst':
      return sql<boolean>`(${row}.visibility IN ('public', 'gads', 'government'))`;
    case 'association_analyst':
      return sql<boolean>`(${row}.visibility IN ('public', 'gads') OR (${row}.visibility = 'government'
        AND ${row}.gad_id IN (SELECT id FROM gad WHERE level = ANY(${actor.memberLevels}::text[]))))`;
    default: {
      const unreachable: never = actor.role;
      throw new Error(`Unknown role ${String(unreachable)}`);
    }
  }
}
