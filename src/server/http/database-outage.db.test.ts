import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { startCluster, type Cluster } from '../../../scripts/postgres-cluster.ts';
import { openPostgres, type Database } from '../db/database.ts';
import { prepareFromScratch, testDatabaseKind } from '../testing/harness.ts';
import { buildApp } from '../app.ts';
import { assertProblem, request } from '../testing/http.ts';

// An embedded database cannot go away under the server, so this runs on the PostgreSQL pass only.
const onServer = testDatabaseKind() === 'postgresql';
let cluster: Cluster;
let database: Database;
let app: FastifyInstance;

before(async () => {
  if (!onServer) return;
  cluster = await startCluster();
  const admin = openPostgres(cluster.url('postgres'), 1);
  await sql`CREATE DATABASE outage`.execute(admin.db);
  await admin.close();
  database = await prepareFromScratch(openPostgres(cluster.url('outage'), 4));
  app = await buildApp({ database, logLevel: 'fatal' });
  await app.ready();
});
after(async () => {
  if (!onServer) return;
  await app.close();
  await database.close().catch(() => {});
  cluster.stop();
});

it('answers 503 with a problem body while the database is down, says so in /api/health, and recovers by itself', { skip: onServer ? false : 'PostgreSQL server only' }, async () => {
  assert.equal((await request(app, 'GET', '/api/actions?limit=1')).status, 200);
  cluster.halt();
  const during = await request(app, 'GET', '/api/actions?limit=1');
  assertProblem(during, 503);
  const health = await request(app, 'GET', '/api/health');
  assert.equal(health.status, 503);
  assert.equal(health.body.databaseStatus, 'down');
  cluster.resume();
  let recovered = 0;
  for (let attempt = 0; attempt < 20 && recovered !== 200; attempt++) {
    recovered = (await request(app, 'GET', '/api/actions?limit=1')).status;
    if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(recovered, 200);
  assert.equal((await request(app, 'GET', '/api/health')).body.status, 'ok');
});
