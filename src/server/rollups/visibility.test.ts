import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Actor } from '../context.ts';
import { readerKey, readerOfKey, rollupVisibleTo } from './visibility.ts';

// Compiles SQL without a database: the test compares the rule two readers get, not rows.
const compiler = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const rule = (actor: Actor) => { const c = rollupVisibleTo(actor, 'r').compile(compiler); return { sql: c.sql, parameters: c.parameters }; };

const QUITO = '5b0e9c1e-0000-4000-8000-000000000001';
const user = (role: Extract<Actor, { kind: 'user' }>['role'], gadId: string | null = null, memberLevels: Extract<Actor, { kind: 'user' }>['memberLevels'] = []): Actor =>
  ({ kind: 'user', userId: 'a1b2c3d4-0000-4000-8000-000000000009', label: 'someone', role, gadId, memberLevels });
const readers: [string, Actor][] = [
  ['anonymous', { kind: 'anonymous' }],
  ['system', { kind: 'system', label: 'job' }],
  ['platform admin', user('platform_admin')],
  ['GAD admin', user('gad_admin', QUITO)],
  ['GAD editor', user('gad_editor', QUITO)],
  ['GAD viewer', user('gad_viewer', QUITO)],
  ['GAD user without a GAD', user('gad_viewer')],
  ['central analyst', user('central_analyst')],
  ['AME analyst', user('association_analyst', null, ['metropolitan', 'municipal'])],
  ['CONGOPE analyst', user('association_analyst', null, ['provincial'])],
];

it('a national view is shared only by readers who see exactly the same rollup rows', () => {
  for (const [who, actor] of readers) {
    const key = readerKey(actor);
    assert.equal(readerKey(readerOfKey(key)), key, who);
    assert.deepEqual(rule(readerOfKey(key)), rule(actor), `${who} (${key}) sees what the view was computed for`);
  }
  const keys = new Map(readers.map(([who, actor]) => [who, readerKey(actor)]));
  assert.equal(keys.get('GAD admin'), keys.get('GAD viewer'), 'every user of a GAD sees what the GAD sees');
  assert.equal(keys.get('system'), keys.get('platform admin'));
  assert.equal(new Set(keys.values()).size, readers.length - 3, 'all other readers differ');
  assert.equal(readerKey(user('association_analyst', null, ['municipal', 'metropolitan'])), keys.get('AME analyst'), 'levels in any order');
});
