import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { startSmtpSink } from '../../mail/smtp-sink.ts';
import { smtpMailer } from '../../mail/mailer.ts';
import { addDays } from '../shared/dates.ts';

/** Noon in Quito on an ISO day: the clock the tests move. */
const at = (day: string) => new Date(`${day}T17:00:00Z`);

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
let now = at('2031-03-02');
let editor: Session;
let admin: Session;

async function runDay(day: string) {
  now = at(day);
  await t.app.followUpScheduler.tick();
  await t.app.worker.drain();
  // Jobs the day's run enqueued (emails, digests) run in the same drain loop; a second drain proves none is left.
  assert.equal(await t.app.worker.drain(), 0);
  // Sessions expire as the clock moves on by weeks: sign in again on the new day.
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  admin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
}

async function userId(email: string) {
  const result = await sql<{ id: string }>`SELECT id FROM app_user WHERE email = ${email}`.execute(t.database.db);
  return result.rows[0]!.id;
}

async function createAction(session: Session, body: Record<string, unknown>) {
  const response = await request(t.app, 'POST', '/api/actions', { gad: '1701', visibility: 'own', ...body }, session.headers);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.id as string;
}

before(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ mailer: smtpMailer(sink.url), outbox: sink, clock: () => now, publicUrl: 'http://glocal.test', loginPerMinute: 1000 });
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  admin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
});
after(async () => {
  await t.close();
  await sink.close();
});

describe('a trip report owed after a participation', () => {
  let actionId: string;
  let commitmentId: string;

  it('is a commitment due 15 days after the participation ends, owed by the editor who recorded it', async () => {
    // Only the reminder should reach the sink in this story: digests are switched off for everyone.
    await sql`INSERT INTO followup_preference (user_id, digest) SELECT id, 'none' FROM app_user`.execute(t.database.db);
    assert.equal((await request(t.app, 'PATCH', '/api/me', { locale: 'en' }, editor.headers)).status, 200);
    actionId = await createAction(editor, {
      type: 'participation', title: 'Foro Mundial de Ciudades Seguras', startDate: '2031-02-26', endDate: '2031-03-02', details: {},
    });
    await runDay('2031-03-02');
    const list = await request(t.app, 'GET', `/api/commitments?action=${actionId}`, undefined, editor.headers);
    assert.equal(list.body.total, 1);
    const report = list.body.items[0];
    commitmentId = report.id;
    assert.equal(report.kind, 'trip_report');
    assert.equal(report.dueOn, '2031-03-17');
    assert.equal(report.automatic, true);
    assert.equal(report.responsibleUser.id, await userId('editor.quito@demo.glocal.ec'));
    assert.equal(report.overdue, false);
    await runDay('2031-03-03');
    assert.equal((await request(t.app, 'GET', `/api/commitments?action=${actionId}`, undefined, editor.headers)).body.total, 1, 'a second run creates nothing');
  });

  it('is not overdue on its due date, and nobody is emailed', async () => {
    await runDay('2031-03-17');
    const one = await request(t.app, 'GET', `/api/commitments/${commitmentId}`, undefined, editor.headers);
    assert.equal(one.body.overdue, false);
    assert.equal(sink.messages.length, 0);
  });

  it('on D+16 is overdue and its responsible person receives exactly one email, in English, with the link', async () => {
    await runDay('2031-03-18');
    const one = await request(t.app, 'GET', `/api/commitments/${commitmentId}`, undefined, editor.headers);
    assert.equal(one.body.overdue, true);
    assert.equal(one.body.daysOverdue, 1);
    assert.equal(sink.messages.length, 1, sink.messages.map((m) => `${m.to} ${m.subject}`).join('\n'));
    const [mail] = sink.messages;
    assert.deepEqual(mail!.to, ['editor.quito@demo.glocal.ec']);
    assert.equal(mail!.language, 'en');
    assert.equal(mail!.subject, 'Glocal: Overdue commitment: Entregar el informe de viaje de «Foro Mundial de Ciudades Seguras»');
    assert.match(mail!.text, /It was due on 2031-03-17 \(1 days overdue\)/);
    assert.ok(mail!.text.includes(`http://glocal.test/follow-up?commitment=${commitmentId}`), mail!.text);
  });

  it('reminds once: the next days and a second run send nothing more', async () => {
    await t.app.followUpScheduler.tick();
    await t.app.worker.drain();
    await runDay('2031-03-19');
    await runDay('2031-03-25');
    assert.equal(sink.messages.length, 1);
  });

  it('shows the reminder in the responsible person’s inbox until it is read', async () => {
    const inbox = await request(t.app, 'GET', '/api/inbox?unread=true', undefined, editor.headers);
    const reminder = inbox.body.items.find((n: { link: string }) => n.link === `/follow-up?commitment=${commitmentId}`);
    assert.ok(reminder, JSON.stringify(inbox.body));
    assert.equal(reminder.kind, 'overdue');
    assert.ok(reminder.emailedAt);
    const before = (await request(t.app, 'GET', '/api/inbox/unread-count', undefined, editor.headers)).body.unread;
    assert.equal(before, inbox.body.unread);
    const read = await request(t.app, 'POST', `/api/inbox/${reminder.id}/read`, undefined, editor.headers);
    assert.equal(read.status, 200);
    assert.ok(read.body.readAt);
    assert.equal((await request(t.app, 'GET', '/api/inbox/unread-count', undefined, editor.headers)).body.unread, before - 1);
    assertProblem(await request(t.app, 'POST', `/api/inbox/${reminder.id}/read`, undefined, admin.headers), 404);
    assertProblem(await request(t.app, 'GET', '/api/inbox'), 401);
  });

  it('refuses to complete it without evidence, naming the field', async () => {
    const response = await request(t.app, 'POST', `/api/commitments/${commitmentId}/complete`, {}, editor.headers);
    assertProblem(response, 422, 'body.evidenceUrl');
  });

  it('counts on the board and in the indicators, and completing it late moves both', async () => {
    const board = await request(t.app, 'GET', '/api/follow-up/board?gad=1701&kind=trip_report', undefined, editor.headers);
    assert.equal(board.status, 200, JSON.stringify(board.body));
    assert.ok(board.body.columns.overdue.items.some((c: { id: string }) => c.id === commitmentId));
    const before = await request(t.app, 'GET', '/api/gads/1701/follow-up?year=2031', undefined, editor.headers);
    assert.equal(before.body.tripReportsDeliveredPercent, 0);
    const done = await request(t.app, 'POST', `/api/commitments/${commitmentId}/complete`, { evidenceUrl: 'https://quito.gob.ec/informe.pdf' }, editor.headers);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const after = await request(t.app, 'GET', '/api/gads/1701/follow-up?year=2031', undefined, editor.headers);
    assert.equal(after.body.tripReportsDeliveredPercent, 100);
    assert.equal(after.body.doneOnTimePercent, 0, 'delivered eight days late');
    assert.equal(after.body.medianDaysOverdue, 8);
    const boardAfter = await request(t.app, 'GET', `/api/follow-up/board?gad=1701&kind=trip_report`, undefined, editor.headers);
    assert.ok(boardAfter.body.columns.done.items.some((c: { id: string }) => c.id === commitmentId));
    assert.ok(!boardAfter.body.columns.overdue.items.some((c: { id: string }) => c.id === commitmentId));
  });

  it('hides a GAD’s own-visibility commitments from the board of anyone outside it', async () => {
    const anonymous = await request(t.app, 'GET', '/api/follow-up/board?gad=1701&kind=trip_report');
    assert.equal(anonymous.body.columns.done.total, 0);
    const cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
    const other = await request(t.app, 'GET', '/api/follow-up/board?gad=1701&kind=trip_report', undefined, cuenca.headers);
    assert.equal(other.body.columns.done.total, 0);
  });
});

describe('rules each GAD configures', () => {
  it('lets the GAD admin change the trip report delay, and applies it to the next participation', async () => {
    const current = await request(t.app, 'GET', '/api/follow-up/rules', undefined, admin.headers);
    assert.equal(current.body.tripReportDays, 15);
    assert.equal(current.body.isDefault, true);
    const body = { ...current.body, tripReportDays: 20, version: 0 };
    delete body.gad; delete body.isDefault;
    assertProblem(await request(t.app, 'PUT', '/api/follow-up/rules', body, editor.headers), 403);
    assertProblem(await request(t.app, 'PUT', '/api/follow-up/rules', { ...body, tripReportDays: 0 }, admin.headers), 422, 'body.tripReportDays');
    const saved = await request(t.app, 'PUT', '/api/follow-up/rules', body, admin.headers);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, 1);
    assertProblem(await request(t.app, 'PUT', '/api/follow-up/rules', body, admin.headers), 409);
    const actionId = await createAction(editor, { type: 'participation', title: 'Cumbre CGLU', startDate: '2031-04-01', endDate: '2031-04-03', details: {} });
    await runDay('2031-04-03');
    const list = await request(t.app, 'GET', `/api/commitments?action=${actionId}`, undefined, editor.headers);
    assert.equal(list.body.items[0].dueOn, '2031-04-23');
  });

  it('opens a lessons follow-up for a lost award, none for a won one', async () => {
    const lost = await createAction(editor, { type: 'award', title: 'Premio Guangzhou', startDate: '2031-04-05', details: { outcome: 'not_won' } });
    const won = await createAction(editor, { type: 'award', title: 'Premio Ciudad Verde', startDate: '2031-04-05', details: { outcome: 'won' } });
    await runDay('2031-04-05');
    const lessons = await request(t.app, 'GET', `/api/commitments?action=${lost}`, undefined, editor.headers);
    assert.equal(lessons.body.items[0].kind, 'award_lessons');
    assert.equal(lessons.body.items[0].dueOn, '2031-05-05');
    assert.equal((await request(t.app, 'GET', `/api/commitments?action=${won}`, undefined, editor.headers)).body.total, 0);
  });
});

describe('agreements', () => {
  async function renewalAlerts(actionId: string) {
    const result = await sql<{ title: string; email: string }>`SELECT n.title, u.email FROM notification n JOIN app_user u ON u.id = n.user_id
      WHERE n.kind = 'renewal_alert' AND n.link = ${`/actions/${actionId}`} ORDER BY n.created_at, u.email`.execute(t.database.db);
    return result.rows;
  }

  it('alert 90 and then 30 days before they expire, once each, to the GAD’s admins and editors', async () => {
    const actionId = await createAction(editor, {
      type: 'agreement', title: 'Hermanamiento Quito–Lima', startDate: '2027-06-01',
      details: { kind: 'twinning', state: 'in_force', signedOn: '2027-06-01', validUntil: '2031-12-31' },
    });
    await runDay(addDays('2031-12-31', -91));
    assert.equal((await renewalAlerts(actionId)).length, 0);
    await runDay(addDays('2031-12-31', -90));
    const first = await renewalAlerts(actionId);
    const quitoEditors = await sql<{ email: string }>`SELECT u.email FROM app_user u JOIN gad g ON g.id = u.gad_id
      WHERE g.dpa_code = '1701' AND u.role IN ('gad_admin', 'gad_editor') AND u.disabled_at IS NULL ORDER BY u.email`.execute(t.database.db);
    assert.deepEqual(first.map((a) => a.email), quitoEditors.rows.map((u) => u.email));
    assert.ok(!first.some((a) => a.email === 'viewer.quito@demo.glocal.ec'), 'viewers are not alerted');
    const titleFor = (email: string) => first.find((a) => a.email === email)!.title;
    assert.equal(titleFor('editor.quito@demo.glocal.ec'), 'The agreement expires in 90 days: Hermanamiento Quito–Lima');
    assert.equal(titleFor('admin.quito@demo.glocal.ec'), 'El convenio vence en 90 días: Hermanamiento Quito–Lima');
    const renewal = await request(t.app, 'GET', `/api/commitments?action=${actionId}&kind=renewal`, undefined, editor.headers);
    assert.equal(renewal.body.items[0].dueOn, '2031-12-31');
    await runDay(addDays('2031-12-31', -60));
    assert.equal((await renewalAlerts(actionId)).length, first.length, 'nothing new between thresholds');
    await runDay(addDays('2031-12-31', -30));
    const second = await renewalAlerts(actionId);
    assert.equal(second.length, 2 * first.length);
    assert.ok(second.some((a) => a.email === 'editor.quito@demo.glocal.ec' && a.title === 'The agreement expires in 30 days: Hermanamiento Quito–Lima'));
    await runDay(addDays('2031-12-31', -10));
    assert.equal((await renewalAlerts(actionId)).length, 2 * first.length);
    assert.equal((await request(t.app, 'GET', `/api/commitments?action=${actionId}&kind=renewal`, undefined, editor.headers)).body.total, 1);
    const mails = sink.messages.filter((m) => m.subject.includes('Hermanamiento Quito–Lima'));
    assert.equal(mails.length, 2 * first.length, 'each alert is also emailed once');
  });

  it('is flagged dormant after 12 months without linked activity, and no longer once something happens with the partner', async () => {
    const partner = await request(t.app, 'POST', '/api/partners', { name: 'Municipalidad de Rosario (prueba)', type: 'local_government', countryCode: 'AR' }, editor.headers);
    assert.equal(partner.status, 201, JSON.stringify(partner.body));
    const actionId = await createAction(editor, {
      type: 'agreement', title: 'Convenio Quito–Rosario', startDate: '2032-02-10', partners: [{ partnerId: partner.body.id, role: 'counterpart' }],
      details: { kind: 'cooperation_agreement', state: 'in_force', signedOn: '2032-02-10' },
    });
    const dormant = async () => (await request(t.app, 'GET', '/api/gads/1701/follow-up', undefined, editor.headers)).body;
    await runDay('2033-02-09');
    assert.ok(!(await dormant()).dormantAgreements.some((a: { id: string }) => a.id === actionId));
    await runDay('2033-02-10');
    const flagged = await dormant();
    assert.ok(flagged.dormantAgreements.some((a: { id: string; lastActivityOn: string }) => a.id === actionId && a.lastActivityOn === '2032-02-10'));
    assert.ok(flagged.dormantPartnerCount >= 1);
    const inbox = await request(t.app, 'GET', '/api/inbox', undefined, editor.headers);
    assert.ok(inbox.body.items.some((n: { kind: string; link: string }) => n.kind === 'dormant' && n.link === `/actions/${actionId}`));
    await createAction(editor, {
      type: 'visit', title: 'Visita de Rosario', startDate: '2033-02-10', partners: [{ partnerId: partner.body.id, role: 'delegation' }], details: {},
    });
    assert.ok(!(await dormant()).dormantAgreements.some((a: { id: string }) => a.id === actionId));
  });
});

describe('the demo outbox', () => {
  it('shows the platform admin every message and a GAD admin only its own users’ mail', async () => {
    assert.ok(sink.messages.length > 0);
    const platform = await signIn(t.app, 'admin@demo.glocal.ec');
    const all = await request(t.app, 'GET', '/api/admin/outbox', undefined, platform.headers);
    assert.equal(all.body.total, sink.messages.length);
    const cuenca = await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = '0101'`.execute(t.database.db);
    await sql`UPDATE app_user SET role = 'gad_admin' WHERE email = 'editor.cuenca@demo.glocal.ec' AND gad_id = ${cuenca.rows[0]!.id}`.execute(t.database.db);
    const cuencaAdmin = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
    assert.equal((await request(t.app, 'GET', '/api/admin/outbox', undefined, cuencaAdmin.headers)).body.total, 0);
    assertProblem(await request(t.app, 'GET', '/api/admin/outbox', undefined, editor.headers), 403);
  });
});
