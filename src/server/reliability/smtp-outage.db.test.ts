import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { request, signIn } from '../testing/http.ts';
import { startSmtpSink } from '../mail/smtp-sink.ts';
import { smtpMailer } from '../mail/mailer.ts';
import { NOTIFICATION_EMAIL_QUEUE } from '../features/followup/apply-rules.ts';

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let now = new Date('2026-06-01T17:00:00Z');
const later = (ms: number) => { now = new Date(now.getTime() + ms); };

before(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ mailer: smtpMailer(sink.url), clock: () => now, loginPerMinute: 1000 });
});
after(async () => {
  await t.close();
  await sink.close();
});

interface JobRow { id: number; queue: string; state: string; attempts: number; run_at: Date; last_error: string | null }
/** The jobs that tried to send mail while SMTP was down (reminder emails; digests too when a user has one due). */
let failedIds: number[] = [];
const mailJobs = async () => (await sql<JobRow>`SELECT id, queue, state, attempts, run_at, last_error FROM job
  WHERE id = ANY(${failedIds}::bigint[]) ORDER BY id`.execute(t.database.db)).rows;

it('SMTP down for hours: notification emails are retried with growing backoff, and once SMTP is back each goes out exactly once', async () => {
  // Two commitments of Quito that are overdue today: the day's follow-up run reminds their owner by inbox and email.
  const editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  const me = (await request(t.app, 'GET', '/api/me', undefined, editor.headers)).body;
  const action = await request(t.app, 'POST', '/api/actions', { type: 'hosted_event', title: 'Foro con compromisos vencidos', details: { topic: 'Agua' } }, editor.headers);
  assert.equal(action.status, 201, JSON.stringify(action.body));
  for (const description of ['Enviar el acta firmada', 'Publicar la memoria del foro']) {
    const created = await request(t.app, 'POST', '/api/commitments', { actionId: action.body.id, description, dueOn: '2026-05-01', responsibleUserId: me.id }, editor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }

  const port = Number(new URL(sink.url).port);
  await sink.close();
  await t.app.followUpScheduler.tick();
  await t.app.worker.drain();
  failedIds = (await sql<{ id: number }>`SELECT id FROM job WHERE last_error IS NOT NULL`.execute(t.database.db)).rows.map((r) => r.id);
  let jobs = await mailJobs();
  const emails = jobs.filter((j) => j.queue === NOTIFICATION_EMAIL_QUEUE);
  assert.ok(emails.length >= 2, `the two overdue commitments each queued an email (got ${emails.length})`);
  for (const job of jobs) {
    assert.equal(job.state, 'queued', `job ${job.id} (${job.queue}) waits for a retry`);
    assert.equal(job.attempts, 1);
    assert.match(job.last_error ?? '', /ECONNREFUSED|connect/i);
    assert.equal(job.run_at.getTime() - now.getTime(), 30_000, 'first retry after 30 s');
  }

  later(10_000);
  assert.equal(await t.app.worker.drain(), 0, 'nothing is retried before its backoff has passed');
  later(20_000);
  await t.app.worker.drain();
  jobs = await mailJobs();
  for (const job of jobs) {
    assert.equal(job.state, 'queued');
    assert.equal(job.attempts, 2);
    assert.equal(job.run_at.getTime() - now.getTime(), 60_000, 'the second retry waits twice as long');
  }
  const unsent = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification WHERE emailed_at IS NULL AND kind = 'overdue'`.execute(t.database.db);
  assert.ok(unsent.rows[0]!.n >= 2, 'the reminders are in the inbox, marked as not yet emailed');

  // Down for hours, not minutes: every mail job keeps waiting (2, 4, 8… min, then hourly) instead of giving up.
  for (let attempt = 3; attempt <= 10; attempt++) {
    later(Math.max(...jobs.map((j) => j.run_at.getTime())) - now.getTime());
    await t.app.worker.drain();
    jobs = await mailJobs();
    assert.deepEqual(jobs.filter((j) => j.state !== 'queued' || j.attempts !== attempt).map((j) => `${j.id} ${j.state} ${j.attempts}`), [], `all still queued after attempt ${attempt}`);
  }

  sink = await startSmtpSink(port);
  later(3_600_000);
  await t.app.worker.drain();
  jobs = await mailJobs();
  assert.deepEqual(jobs.filter((j) => j.state !== 'done').map((j) => `${j.id} ${j.queue} ${j.state}`), [], 'every mail job finished');
  assert.equal(sink.messages.length, jobs.length, 'one message per job: none lost, none doubled');
  const mine = sink.messages.filter((m) => m.to.includes('editor.quito@demo.glocal.ec') && /Enviar el acta|Publicar la memoria/.test(m.subject));
  assert.equal(mine.length, 2, 'both reminders reached their owner');
  const stillUnsent = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification n JOIN job j ON j.payload ->> 'notificationId' = n.id::text
    WHERE j.queue = ${NOTIFICATION_EMAIL_QUEUE} AND n.emailed_at IS NULL`.execute(t.database.db);
  assert.equal(stillUnsent.rows[0]!.n, 0);

  later(3_600_000);
  assert.equal(await t.app.worker.drain(), 0);
  assert.equal(sink.messages.length, jobs.length, 'no message is sent twice');
});
