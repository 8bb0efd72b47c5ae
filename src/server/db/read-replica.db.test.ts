import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { startCluster, startReplica, type Cluster } from '../../../scripts/postgres-cluster.ts';
import { openPostgres, type Database } from './database.ts';
import { prepareFromScratch, testDatabaseKind } from '../testing/harness.ts';
import { buildApp } from '../app.ts';
import { signIn } from '../testing/http.ts';

// Replication needs two PostgreSQL servers; the embedded pass has nothing to replicate.
const onServer = testDatabaseKind() === 'postgresql';
let primary: Cluster;
let replica: Cluster;
let database: Database;
let app: FastifyInstance;
let replicaAdmin: Database;

before(async () => {
  if (!onServer) return;
  primary = await startCluster({ extraConfig: ['-c', 'wal_level=replica', '-c', 'max_wal_senders=5'] });
  const admin = openPostgres(primary.url('postgres'), 1);
  await sql`CREATE DATABASE scale`.execute(admin.db);
  await admin.close();
  const prepared = await prepareFromScratch(openPostgres(primary.url('scale'), 2));
  await prepared.close();
  replica = await startReplica(primary);
  replicaAdmin = openPostgres(replica.url('scale'), 1);
  database = openPostgres(primary.url('scale'), 4, replica.url('scale'));
  app = await buildApp({ database, logLevel: 'fatal', loginPerMinute: 1000 });
  await app.ready();
});
after(async () => {
  if (!onServer) return;
  await app.close();
  await replicaAdmin.close();
  replica.stop();
  primary.stop();
});

async function titlesFound(headers: Record<string, string>, word: string): Promise<number> {
  const response = await app.inject({ method: 'GET', url: `/api/actions?q=${word}`, headers });
  return response.json().total as number;
}

it('serves reads from a real streaming replica, while a caller’s reads right after its own write stay on the primary', { skip: onServer ? false : 'PostgreSQL server only' }, async () => {
  const recovery = await sql<{ standby: boolean }>`SELECT pg_is_in_recovery() AS standby`.execute(replicaAdmin.db);
  assert.equal(recovery.rows[0]!.standby, true, 'the replica is a hot standby');
  const editor = await signIn(app, 'editor.quito@demo.glocal.ec');
  // Freeze the replica so that anything it serves visibly predates the write below.
  await sql`SELECT pg_wal_replay_pause()`.execute(replicaAdmin.db);
  const created = await app.inject({
    method: 'POST', url: '/api/actions', headers: editor.headers,
    payload: { type: 'award', title: 'Premio Zafiroreplica', visibility: 'public', details: { outcome: 'applied' } },
  });
  assert.equal(created.statusCode, 201);
  const wrote = String(created.headers['set-cookie']).match(/glocal_wrote=[^;]+/)?.[0];
  assert.ok(wrote, 'a write marks the browser for read-your-writes');
  assert.equal(await titlesFound({ cookie: editor.cookie }, 'Zafiroreplica'), 0, 'an ordinary read is served by the frozen replica');
  assert.equal(await titlesFound({ cookie: `${editor.cookie}; ${wrote}` }, 'Zafiroreplica'), 1, 'the writer’s next read goes to the primary');
  await sql`SELECT pg_wal_replay_resume()`.execute(replicaAdmin.db);
  let seen = 0;
  for (let i = 0; i < 40 && seen === 0; i++) {
    seen = await titlesFound({}, 'Zafiroreplica');
    if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(seen, 1, 'once replayed, the replica serves the new record to everyone');
});
