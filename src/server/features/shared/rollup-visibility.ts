import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../context.ts';
import { visibleTo } from './visibility.ts';

/**
 * A rollup table's rows as `visibleTo` reads them. Rollups hold live rows only and keep gad_id and
 * visibility as keys, so the one visibility rule applies to them unchanged: a reader adds up exactly
 * the rows of the records it could open. Use as `FROM ${rollupRows('t')} r WHERE ${visibleRollup(actor, 'r')}`.
 */
export function rollupRows(table: string): RawBuilder<unknown> {
  return sql`(SELECT t.*, NULL::timestamptz AS deleted_at FROM ${sql.table(table)} t)`;
}

export function visibleRollup(actor: Actor, alias: string): RawBuilder<boolean> {
  return visibleTo(actor, alias);
}
