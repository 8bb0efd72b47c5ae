import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { openPostgres, type Database } from '../../db/database.ts';
import { freshDatabase, freshPostgresUrl, testDatabaseKind } from '../../testing/harness.ts';
import { startSmtpSink } from '../../mail/smtp-sink.ts';
import { smtpMailer } from '../../mail/mailer.ts';

/**
 * Two app instances on one database, each running the scheduler and a job worker, as behind a
 * load balancer. On PostgreSQL each instance has its own connection pool to the same database;
 * PGlite is one process's database, so there the two instances share its handle.
 */
const now = new Date('2031-06-02T13:00:00Z');
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const databases: Database[] = [];
const apps: FastifyInstance[] = [];

before(async () => {
  sink = await startSmtpSink();
  if (testDatabaseKind() === 'postgresql') {
    const url = await freshPostgresUrl();
    databases.push(openPostgres(url), openPostgres(url));
  } else {
    const shared = await freshDatabase();
    databases.push(shared, shared);
  }
  for (const database of databases) {
    apps.push(await buildApp({ database, mailer: smtpMailer(sink.url), clock: () => now, logLevel: 'warn' }));
  }
  // Something due this week in Quito, so that its users have a digest to receive.
  await sql`INSERT INTO commitment (gad_id, action_id, kind, description, due_on, state)
    SELECT a.gad_id, a.id, 'obligation', 'Enviar el acta firmada a la contraparte', '2031-06-05', 'pending'
    FROM action a JOIN gad g ON g.id = a.gad_id WHERE g.dpa_code = '1701' ORDER BY a.id LIMIT 1`.execute(databases[0]!.db);
});

after(async () => {
  for (const app of apps) await app.close();
  for (const database of new Set(databases)) await database.close();
  await sink.close();
});

it('sends each user’s daily digest exactly once when both instances schedule and run the day', async () => {
  // Both instances tick several times, concurrently, and both workers drain at once.
  await Promise.all(apps.flatMap((app) => [app.followUpScheduler.tick(), app.followUpScheduler.tick()]));
  await Promise.all(apps.map((app) => app.worker.drain()));
  await Promise.all(apps.map((app) => app.followUpScheduler.tick()));
  await Promise.all(apps.map((app) => app.worker.drain()));

  const digests = sink.messages.filter((m) => /resumen de seguimiento|follow-up digest|resumo de acompanhamento/.test(m.subject));
  const recipients = digests.flatMap((m) => m.to);
  assert.ok(recipients.includes('editor.quito@demo.glocal.ec'), recipients.join(', '));
  assert.equal(new Set(recipients).size, recipients.length, `a recipient got two digests: ${recipients.sort().join(', ')}`);

  const jobs = await sql<{ state: string; n: number }>`SELECT state, count(*)::int AS n FROM job
    WHERE queue IN ('followup-daily', 'followup-digest') GROUP BY state`.execute(databases[0]!.db);
  assert.deepEqual(jobs.rows.map((r) => r.state), ['done'], 'every job ran, none twice, none left');
  const daily = await sql<{ n: number }>`SELECT count(*)::int AS n FROM job WHERE queue = 'followup-daily'`.execute(databases[0]!.db);
  assert.equal(daily.rows[0]!.n, 1, 'one run for the day across both instances');
  const quitoMail = digests.find((m) => m.to.includes('editor.quito@demo.glocal.ec'))!;
  assert.match(quitoMail.text, /Enviar el acta firmada a la contraparte/);
});
