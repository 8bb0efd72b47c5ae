import { sql } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/database.ts';
import { rollupsAsOf } from './as-of.ts';
import { gadOfReaderKey, readerKey, readerOfKey } from './visibility.ts';

/**
 * A national view: a figure of every GAD that is too big to sum from the rollups on each request. Its
 * result is kept per reader key and resolved parameters (migration 0101), so a reader gets the one
 * computed for their kind of reader, as long as no rollup refresh changed a GAD since it was computed.
 */
export interface NationalView<P> {
  name: string;
  /** The result for the reader in ctx, without `asOf` (the reader is told when the rollups were brought up to date). */
  compute(ctx: Ctx, params: P): Promise<object>;
}

/** Views read in the last day are recomputed after each change; views unread for a week are dropped. */
const KEEP_FRESH = sql`interval '1 day'`;
const DROP_UNREAD = sql`interval '7 days'`;

/** Canonical JSON (sorted keys, no undefined), so one request spelled two ways is one view. */
export function canonicalParams(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * The view for the reader in ctx. A stored result younger than the last change is served (from ctx.db,
 * which may be a replica); otherwise it is computed now, on the primary: a replica behind the primary
 * would give a result older than its timestamp says.
 */
export async function readNationalView<P extends object>(ctx: Ctx, primary: Db, view: NationalView<P>, params: P): Promise<object & { asOf: string }> {
  const reader = readerKey(ctx.actor);
  const key = canonicalParams(params);
  const [stored, asOf] = await Promise.all([
    sql<{ body: string; touch: boolean }>`
      SELECT v.body, v.read_at < now() - interval '1 hour' AS touch
      FROM analytics_national_view v, rollups_state s
      WHERE v.view = ${view.name} AND v.reader = ${reader} AND v.params = ${key} AND v.computed_at >= s.changed_at`.execute(ctx.db),
    rollupsAsOf(ctx.db),
  ]);
  const hit = stored.rows[0];
  if (hit) {
    if (hit.touch) await sql`UPDATE analytics_national_view SET read_at = now() WHERE view = ${view.name} AND reader = ${reader} AND params = ${key}`.execute(primary);
    return { ...(JSON.parse(hit.body) as object), asOf };
  }
  const body = await computeAndStore(primary, view, reader, key, params);
  return { ...body, asOf: await rollupsAsOf(primary) };
}

async function computeAndStore<P>(primary: Db, view: NationalView<P>, reader: string, key: string, params: P): Promise<object> {
  // Taken before computing: every change committed before this instant is in the result.
  const startedAt = (await sql<{ now: Date }>`SELECT now() AS now`.execute(primary)).rows[0]!.now;
  const body = await view.compute({ db: primary, actor: readerOfKey(reader), now: new Date() }, params);
  await sql`
    INSERT INTO analytics_national_view (view, reader, params, gad_id, body, computed_at, read_at)
    VALUES (${view.name}, ${reader}, ${key}, ${gadOfReaderKey(reader)}, ${JSON.stringify(body)}, ${startedAt}, now())
    ON CONFLICT (view, reader, params) DO UPDATE SET body = excluded.body, computed_at = excluded.computed_at, read_at = excluded.read_at
    WHERE analytics_national_view.computed_at < excluded.computed_at`.execute(primary);
  return body;
}

/**
 * After a rollup refresh: recomputes the views read lately that are older than the last change, so the next
 * reader finds them ready, and drops those nobody has read for a week. Runs in the rollups job.
 */
export async function refreshNationalViews(db: Db, views: readonly NationalView<object>[]): Promise<{ views: number }> {
  await sql`DELETE FROM analytics_national_view WHERE read_at < now() - ${DROP_UNREAD}`.execute(db);
  const stale = await sql<{ view: string; reader: string; params: string }>`
    SELECT v.view, v.reader, v.params FROM analytics_national_view v, rollups_state s
    WHERE v.computed_at < s.changed_at AND v.read_at > now() - ${KEEP_FRESH}
    ORDER BY v.read_at DESC`.execute(db);
  let refreshed = 0;
  for (const row of stale.rows) {
    const view = views.find((v) => v.name === row.view);
    if (!view) continue;
    await computeAndStore(db, view, row.reader, row.params, JSON.parse(row.params) as object);
    refreshed++;
  }
  return { views: refreshed };
}
