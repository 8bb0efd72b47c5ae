import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Actor, Ctx } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { freshDatabase } from '../../testing/harness.ts';
import { gadId, TEST_NOW } from '../../testing/factories.ts';
import { refreshDirtyRollups } from '../../rollups/refresh.ts';
import { getPositioning } from './get-positioning.ts';
import { compareGads, getBreakdowns } from './get-breakdowns.ts';
import { getNational } from './get-national.ts';
import { getPartnerMap } from './get-partner-map.ts';
import { getTimeline } from './get-timeline.ts';
import * as live from './live-oracle/index.ts';

/**
 * The dashboards read rollups; their former live SQL (live-oracle/) is kept only as the oracle here.
 * On the demo data with visibilities spread over all four values and some actions deleted, every
 * dashboard must give each kind of reader exactly the live figures.
 */
let database: Database;
let actors: [string, Actor][];
before(async () => {
  database = await freshDatabase();
  // Spread the demo's actions over every visibility and delete one in seven, deterministically.
  await sql`UPDATE action SET visibility = (ARRAY['public', 'gads', 'government', 'own'])[1 + abs(hashtext(id::text)) % 4]`.execute(database.db);
  await sql`UPDATE action SET deleted_at = now() WHERE abs(hashtext(id::text || 'x')) % 7 = 0`.execute(database.db);
  await refreshDirtyRollups(database.db);
  const quito = await gadId(database, '1701');
  const cuenca = await gadId(database, '0101');
  const user = (role: Extract<Actor, { kind: 'user' }>['role'], gad: string | null, memberLevels: Extract<Actor, { kind: 'user' }>['memberLevels'] = []): Actor =>
    ({ kind: 'user', userId: '00000000-0000-0000-0000-000000000000', label: role, role, gadId: gad, memberLevels });
  actors = [
    ['anonymous', { kind: 'anonymous' }],
    ['system', { kind: 'system', label: 'test' }],
    ['platform admin', user('platform_admin', null)],
    ['Quito editor', user('gad_editor', quito)],
    ['Cuenca viewer', user('gad_viewer', cuenca)],
    ['central analyst', user('central_analyst', null)],
    ['AME analyst', user('association_analyst', null, ['municipal', 'metropolitan'])],
    ['CONGOPE analyst', user('association_analyst', null, ['provincial'])],
  ];
});
after(() => database.close());

const ctxFor = (actor: Actor): Ctx => ({ db: database.db, actor, now: TEST_NOW });
const withoutAsOf = <T extends object>(value: T) => { const { asOf: _asOf, ...rest } = value as T & { asOf?: string }; return rest; };

async function same<Q>(name: string, rolled: (ctx: Ctx, q: Q) => Promise<object>, oracle: (ctx: Ctx, q: Q) => Promise<object>, queries: Q[]) {
  for (const [who, actor] of actors) {
    for (const q of queries) {
      const got = await rolled(ctxFor(actor), q);
      assert.ok('asOf' in got, `${name} says as of when`);
      assert.deepEqual(withoutAsOf(got), await oracle(ctxFor(actor), q), `${name} for ${who}, ${JSON.stringify(q)}`);
    }
  }
}

it('positioning indicators equal the live figures for every reader', async () => {
  await same('positioning', getPositioning, live.getPositioning, [{ gad: '1701' }, { gad: '1701', from: 2007, to: 2013 }, { gad: '0101', from: 1990 }]);
});

it('breakdowns equal the live figures for every reader', async () => {
  await same('breakdowns', getBreakdowns, live.getBreakdowns, [
    { gad: '1701', undated: 'include' as const }, { gad: '1701', from: 2000, to: 2026, undated: 'exclude' as const }, { gad: '0101', from: 1990, undated: 'include' as const },
  ]);
});

it('GADs side by side equal the live figures for every reader', async () => {
  await same('comparison', compareGads, live.compareGads, [
    { gads: '1701,0101', undated: 'include' as const }, { gads: '1701,0101,0901', from: 2007, to: 2013, undated: 'exclude' as const },
  ]);
});

it('the national page equals the live figures for every reader', async () => {
  await same('national', getNational, live.getNational, [
    { undated: 'include' as const, limit: 200 }, { from: 2007, to: 2013, undated: 'exclude' as const, limit: 20 },
  ]);
});

it('the partner map equals the live figures for every reader', async () => {
  await same('partner map', getPartnerMap, live.getPartnerMap, [
    { undated: 'include' as const }, { gad: '1701', from: 2000, undated: 'include' as const }, { gad: '0101', from: 1990, undated: 'exclude' as const },
  ]);
});

it('the timeline lists the live items for every reader, and the first ones when it says it is cut', async () => {
  const timeline = (ctx: Ctx, q: { gad: string; from?: number; to?: number; type?: string; limit?: number }) => getTimeline(ctx, q.gad, q);
  const oracle = (ctx: Ctx, q: { gad: string; from?: number; to?: number; type?: string; limit?: number }) => live.getTimeline(ctx, q.gad, q);
  const full = async (ctx: Ctx, q: { gad: string; from?: number; to?: number; type?: string }) => {
    const { limit: _l, truncated, undatedTruncated, ...rest } = await timeline(ctx, { ...q, limit: 2000 });
    assert.equal(truncated || undatedTruncated, false);
    return rest;
  };
  await same('timeline', full, oracle, [{ gad: '1701', from: 2000, to: 2026 }, { gad: '1701', from: 2007, to: 2013, type: 'agreement,membership' }, { gad: '0101', from: 1990 }]);
  const ctx = ctxFor({ kind: 'system', label: 'test' });
  const all = await oracle(ctx, { gad: '1701', from: 2000, to: 2026 });
  const cut = await timeline(ctx, { gad: '1701', from: 2000, to: 2026, limit: 3 });
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.items, all.items.slice(0, 3));
  assert.equal(cut.undatedTruncated, all.undated.length > 3);
  assert.deepEqual(cut.undated, all.undated.slice(0, 3));
});
