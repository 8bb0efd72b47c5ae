import { sql, type RawBuilder } from 'kysely';
import type { Actor, GadLevel, Role } from '../context.ts';

/**
 * visibleTo (features/shared/visibility.ts) for rollup rows: the same rule on their gad_id and
 * visibility keys. Rollups hold live rows only, so there is no deleted_at to test.
 * Keep the two in step: the analytics rollup tests compare both for every role.
 * The rule is written on the reader's key, so readers who share a key (and a national view) share the rule.
 */
export function rollupVisibleTo(actor: Actor, alias: string): RawBuilder<boolean> {
  const row = sql.ref(alias);
  const key = readerKey(actor);
  if (key === 'public') return sql<boolean>`(${row}.visibility = 'public')`;
  if (key === 'all') return sql<boolean>`true`;
  if (key === 'gads') return sql<boolean>`(${row}.visibility IN ('public', 'gads'))`;
  if (key === 'government') return sql<boolean>`(${row}.visibility IN ('public', 'gads', 'government'))`;
  const gadId = gadOfReaderKey(key);
  if (gadId) return sql<boolean>`(${row}.gad_id = ${gadId} OR ${row}.visibility IN ('public', 'gads'))`;
  return sql<boolean>`(${row}.visibility IN ('public', 'gads') OR (${row}.visibility = 'government'
    AND ${row}.gad_id IN (SELECT id FROM gad WHERE level = ANY(${levelsOfReaderKey(key)}::text[]))))`;
}

/**
 * A name for what a reader may see of the rollups: rollupVisibleTo is written on it, so two readers with
 * one key see exactly the same rows and a national view computed for one serves the other
 * (rollups/national-views.ts). `readerOfKey` gives back a reader with that key.
 */
export function readerKey(actor: Actor): string {
  if (actor.kind === 'anonymous') return 'public';
  if (actor.kind === 'system' || actor.role === 'platform_admin') return 'all';
  switch (actor.role) {
    case 'gad_admin':
    case 'gad_editor':
    case 'gad_viewer':
      return actor.gadId ? `gad:${actor.gadId}` : 'gads';
    case 'central_analyst':
      return 'government';
    case 'association_analyst':
      return `association:${[...new Set(actor.memberLevels)].sort().join(',')}`;
    default: {
      const unreachable: never = actor.role;
      throw new Error(`Unknown role ${String(unreachable)}`);
    }
  }
}

/** The GAD whose own restricted rows a reader with this key sees, if any. */
export const gadOfReaderKey = (key: string): string | null => (key.startsWith('gad:') ? key.slice(4) : null);

/** The GAD levels an association analyst's key names (`association:municipal,metropolitan`). */
function levelsOfReaderKey(key: string): GadLevel[] {
  if (!key.startsWith('association:')) throw new Error(`Unknown reader key ${key}`);
  return key.slice('association:'.length).split(',').filter(Boolean) as GadLevel[];
}

/** A reader for a key, to recompute a view without a request. It only ever reads. */
export function readerOfKey(key: string): Actor {
  const reader = (role: Role, gadId: string | null = null, memberLevels: GadLevel[] = []): Actor =>
    ({ kind: 'user', userId: '00000000-0000-0000-0000-000000000000', label: `national view for ${key}`, role, gadId, memberLevels });
  if (key === 'public') return { kind: 'anonymous' };
  if (key === 'all') return { kind: 'system', label: `national view for ${key}` };
  if (key === 'gads') return reader('gad_viewer');
  if (key === 'government') return reader('central_analyst');
  const gad = gadOfReaderKey(key);
  if (gad) return reader('gad_viewer', gad);
  return reader('association_analyst', null, levelsOfReaderKey(key));
}
