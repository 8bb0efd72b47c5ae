import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { refreshRollups, startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';

const at = (day: string) => new Date(`${day}T17:00:00Z`);
let now = at('2026-02-02');
let t: TestApp;
let editor: Session;
let viewer: Session;
let cuenca: Session;
let central: Session;
let ame: Session;

async function signInAll() {
  [editor, viewer, cuenca, central, ame] = await Promise.all([
    signIn(t.app, 'editor.quito@demo.glocal.ec'), signIn(t.app, 'viewer.quito@demo.glocal.ec'), signIn(t.app, 'editor.cuenca@demo.glocal.ec'),
    signIn(t.app, 'analista.cancilleria@demo.glocal.ec'), signIn(t.app, 'analista.ame@demo.glocal.ec'),
  ]);
}

const articulation = async (query = 'gad=1701') => (await request(t.app, 'GET', `/api/indicators/articulation?${query}`, undefined, central.headers)).body;

before(async () => {
  t = await startTestApp({ clock: () => now, loginPerMinute: 10_000 });
  await signInAll();
});
after(() => t.close());

describe("a Quito agreement from the thesis, reported at last", () => {
  let actionId: string;
  let reportId: string;
  let before: any;

  it('counts every agreement of the thesis as never reported', async () => {
    const thesis = await sql<{ id: string }>`SELECT a.id FROM action a JOIN gad g ON g.id = a.gad_id
      WHERE g.dpa_code = '1701' AND a.type = 'agreement' AND NOT a.illustrative ORDER BY a.title LIMIT 1`.execute(t.database.db);
    actionId = thesis.rows[0]!.id;
    before = await articulation();
    const undated = before.years.find((y: any) => y.year === null);
    assert.ok(before.total.agreementsSigned >= 20, `thesis agreements counted: ${before.total.agreementsSigned}`);
    const thesisCount = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM action a JOIN agreement ag ON ag.action_id = a.id
      JOIN gad g ON g.id = a.gad_id WHERE g.dpa_code = '1701' AND NOT a.illustrative AND ag.sent_to_ministry_on IS NULL`.execute(t.database.db)).rows[0]!.n;
    assert.ok(thesisCount >= 20);
    assert.equal(undated.agreementsReported, 0, 'the undated thesis agreements were never reported');
    const national = await articulation('');
    const quito = national.ranking.find((r: any) => r.gad.dpaCode === '1701');
    assert.ok(quito.agreementsSigned >= before.total.agreementsSigned);
  });

  it('is submitted by a Quito editor, but not by a viewer or another GAD', async () => {
    assertProblem(await request(t.app, 'POST', `/api/actions/${actionId}/reports`, {}, viewer.headers), 403);
    const other = await request(t.app, 'POST', `/api/actions/${actionId}/reports`, {}, cuenca.headers);
    assert.ok([403, 404].includes(other.status));
    assertProblem(await request(t.app, 'POST', `/api/actions/${actionId}/reports`, { kind: 'project' }, editor.headers), 422, 'body.kind');
    const created = await request(t.app, 'POST', `/api/actions/${actionId}/reports`, { note: 'Copia certificada adjunta' }, editor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.kind, 'agreement');
    assert.equal(created.body.state, 'submitted');
    reportId = created.body.id;
    assertProblem(await request(t.app, 'POST', `/api/actions/${actionId}/reports`, {}, editor.headers), 409);
  });

  it('waits in the central queue, with its days in the state, shown to analysts and to its own GAD only', async () => {
    now = at('2026-02-12');
    await signInAll();
    const queue = await request(t.app, 'GET', '/api/reports?state=submitted&older_than_days=7', undefined, central.headers);
    const mine = queue.body.items.find((r: any) => r.id === reportId);
    assert.equal(mine.daysInState, 10);
    assert.equal(mine.gad.dpaCode, '1701');
    assert.equal((await request(t.app, 'GET', '/api/reports?state=submitted&older_than_days=11', undefined, central.headers)).body.total, 0);
    assert.ok((await request(t.app, 'GET', '/api/reports?gad=1701', undefined, ame.headers)).body.items.some((r: any) => r.id === reportId),
      'AME reads its metropolitan member');
    assert.equal((await request(t.app, 'GET', '/api/reports', undefined, cuenca.headers)).body.total, 0, 'Cuenca sees only its own reports');
    assert.equal((await request(t.app, 'GET', '/api/reports', undefined, editor.headers)).body.total, 1);
    assertProblem(await request(t.app, 'GET', '/api/reports'), 401);
  });

  it('is observed by the ministry, not by an association analyst, and cannot be registered before the GAD replies', async () => {
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/observe`, { body: 'x' }, ame.headers), 403);
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/reply`, { body: 'Too early' }, editor.headers), 409);
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/observe`, {}, central.headers), 422, 'body.body');
    const observed = await request(t.app, 'POST', `/api/reports/${reportId}/observe`,
      { body: 'Falta la copia certificada del instrumento firmado.' }, central.headers);
    assert.equal(observed.status, 200, JSON.stringify(observed.body));
    assert.equal(observed.body.state, 'observed');
    assert.ok(observed.body.receivedAt && observed.body.observedAt);
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/register`, { registerNumber: 'MREMH-2026-001', registeredOn: '2026-02-20' }, central.headers), 409);
  });

  it('takes the GAD reply into the thread, then is registered with its number and date', async () => {
    now = at('2026-02-15');
    await signInAll();
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/reply`, { body: 'x' }, viewer.headers), 403);
    const replied = await request(t.app, 'POST', `/api/reports/${reportId}/reply`, { body: 'Adjuntamos la copia certificada.' }, editor.headers);
    assert.equal(replied.status, 200);
    assert.deepEqual(replied.body.messages.map((m: any) => m.side), ['central', 'gad']);
    now = at('2026-02-20');
    await signInAll();
    const registered = await request(t.app, 'POST', `/api/reports/${reportId}/register`, { registerNumber: 'MREMH-2026-001', registeredOn: '2026-02-20' }, central.headers);
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    assert.equal(registered.body.state, 'registered');
    assert.equal(registered.body.registerNumber, 'MREMH-2026-001');
    assert.equal(registered.body.registeredOn, '2026-02-20');
    assertProblem(await request(t.app, 'POST', `/api/reports/${reportId}/observe`, { body: 'again' }, central.headers), 409);
  });

  it('changes the articulation figures of Quito and of the nation, once the rollups are refreshed', async () => {
    const stale = await articulation();
    assert.ok(stale.asOf, 'says when the figures were last refreshed');
    assert.equal(stale.total.agreementsReported, before.total.agreementsReported, 'the figures change only when refreshed');
    await refreshRollups(t.app);
    const afterwards = await articulation();
    assert.equal(afterwards.total.agreementsSigned, before.total.agreementsSigned);
    assert.equal(afterwards.total.agreementsReported, before.total.agreementsReported + 1);
    assert.ok(afterwards.total.reportedShare > (before.total.reportedShare ?? 0));
    const national = await articulation('');
    assert.equal(national.ranking.find((r: any) => r.gad.dpaCode === '1701').agreementsReported, afterwards.total.agreementsReported);
  });

  it('leaves each transition in the audit log and each central step in the GAD inbox, with an email queued', async () => {
    const audit = await sql<{ operation: string; event: string | null }>`SELECT operation, diff->>'event' AS event FROM audit_log
      WHERE entity = 'report' AND entity_id = ${reportId} ORDER BY id`.execute(t.database.db);
    assert.deepEqual(audit.rows.map((r) => r.event ?? r.operation), ['create', 'observe', 'reply', 'register']);
    const inbox = await sql<{ kind: string; title: string }>`SELECT n.kind, n.title FROM notification n JOIN app_user u ON u.id = n.user_id
      WHERE u.email = 'admin.quito@demo.glocal.ec' AND n.link = ${`/reports/${reportId}`} ORDER BY n.created_at`.execute(t.database.db);
    assert.deepEqual(inbox.rows.map((r) => r.kind), ['report_observe', 'report_register']);
    assert.match(inbox.rows[1]!.title, /MREMH-2026-001/);
    const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM job WHERE queue = 'followup-notification-email'
      AND payload->>'notificationId' IN (SELECT id::text FROM notification WHERE link = ${`/reports/${reportId}`})`.execute(t.database.db);
    assert.ok(jobs.rows[0]!.n >= 2);
  });

  it('shows the whole trail with the timestamp of each state in GET', async () => {
    const detail = await request(t.app, 'GET', `/api/reports/${reportId}`, undefined, ame.headers);
    assert.equal(detail.status, 200);
    assert.ok(detail.body.submittedAt && detail.body.receivedAt && detail.body.observedAt && detail.body.registeredAt);
  });
});

describe('a pre-signature consultation', () => {
  it('keeps the ministry answer on file with the agreement once it is signed and reported', async () => {
    const created = await request(t.app, 'POST', '/api/actions', { gad: '1701', visibility: 'own', type: 'agreement', title: 'Hermanamiento en negociación con Lima',
      startDate: '2026-02-01', details: { kind: 'twinning', state: 'negotiating' } }, editor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const actionId = created.body.id;
    const consultation = await request(t.app, 'POST', `/api/actions/${actionId}/reports`, { note: 'Borrador para revisión' }, editor.headers);
    assert.equal(consultation.status, 201);
    assert.equal(consultation.body.kind, 'pre_signature');
    const action = await request(t.app, 'GET', `/api/actions/${actionId}`, undefined, central.headers);
    assert.equal(action.body.visibility, 'government', 'the ministry reads what it is asked about');
    assertProblem(await request(t.app, 'POST', `/api/reports/${consultation.body.id}/register`, { registerNumber: 'X', registeredOn: '2026-02-20' }, central.headers), 409);
    assertProblem(await request(t.app, 'POST', `/api/reports/${consultation.body.id}/answer`, { answer: 'observations' }, central.headers), 422, 'body.body');
    const answered = await request(t.app, 'POST', `/api/reports/${consultation.body.id}/answer`, { answer: 'no_objection' }, central.headers);
    assert.equal(answered.body.state, 'answered');
    assert.equal(answered.body.answer, 'no_objection');
    const signed = await request(t.app, 'PATCH', `/api/actions/${actionId}`, { version: action.body.version, details: { state: 'signed', signedOn: '2026-02-10' } }, editor.headers);
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const report = await request(t.app, 'POST', `/api/actions/${actionId}/reports`, {}, editor.headers);
    assert.equal(report.status, 201, JSON.stringify(report.body));
    assert.equal(report.body.kind, 'agreement');
    assert.equal(report.body.consultation.answer, 'no_objection');
    const all = await request(t.app, 'GET', `/api/actions/${actionId}/reports`, undefined, editor.headers);
    assert.deepEqual(all.body.items.map((r: any) => r.kind), ['pre_signature', 'agreement']);
    assertProblem(await request(t.app, 'GET', `/api/reports/${report.body.id}`), 404, undefined);
    assertProblem(await request(t.app, 'GET', `/api/reports/${report.body.id}`, undefined, cuenca.headers), 404, undefined);
    // Signed on 10 February, reported on 20 February: on time, ten days.
    await refreshRollups(t.app);
    const figures = await articulation('gad=1701&from=2026&to=2026');
    assert.equal(figures.years[0].year, 2026);
    assert.equal(figures.total.agreementsReported, 1);
    assert.equal(figures.total.reportedWithin30Days, 1);
    assert.equal(figures.total.medianDaysToReport, 10);
  });
});

describe('a cooperation project registered with the agency', () => {
  it('gets the register number on the project and counts as registered', async () => {
    const created = await request(t.app, 'POST', '/api/actions', { gad: '1701', visibility: 'public', type: 'project', title: 'Proyecto de movilidad con GIZ',
      startDate: '2026-01-10', details: { modality: 'technical_assistance', direction: 'received' } }, editor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await refreshRollups(t.app);
    const before = await articulation('gad=1701&from=2026&to=2026');
    const report = await request(t.app, 'POST', `/api/actions/${created.body.id}/reports`, {}, editor.headers);
    assert.equal(report.body.kind, 'project');
    assert.equal((await request(t.app, 'POST', `/api/reports/${report.body.id}/receive`, {}, central.headers)).body.state, 'received');
    const registered = await request(t.app, 'POST', `/api/reports/${report.body.id}/register`, { registerNumber: 'SETECI-0042', registeredOn: '2026-02-21' }, central.headers);
    assert.equal(registered.body.state, 'registered');
    const project = await sql<{ register_number: string }>`SELECT register_number FROM project WHERE action_id = ${created.body.id}`.execute(t.database.db);
    assert.equal(project.rows[0]!.register_number, 'SETECI-0042');
    await refreshRollups(t.app);
    const afterwards = await articulation('gad=1701&from=2026&to=2026');
    assert.equal(afterwards.total.projectsRegistered, before.total.projectsRegistered + 1);
    assertProblem(await request(t.app, 'GET', '/api/indicators/articulation?from=2027&to=2026'), 400, 'query.from');
  });
});

describe('the completeness score', () => {
  it('lists what Quito is missing, with a link to fix each, and drops an item once fixed', async () => {
    const response = await request(t.app, 'GET', '/api/gads/1701/completeness', undefined, editor.headers);
    assert.equal(response.status, 200);
    const body = response.body;
    assert.ok(body.score > 0 && body.score < 1, `score ${body.score}`);
    for (const category of ['fields', 'documents', 'tripReports', 'reports']) assert.ok(category in body.categories);
    const unreported = body.missing.filter((m: any) => m.what === 'report_agreement');
    assert.ok(unreported.length >= 20, 'the thesis agreements still owe their report');
    const item = unreported[0];
    assert.match(item.link, /^\/actions\//);
    const reported = await request(t.app, 'POST', `/api/actions/${item.recordId}/reports`, {}, editor.headers);
    assert.equal(reported.status, 201);
    const again = (await request(t.app, 'GET', '/api/gads/1701/completeness', undefined, editor.headers)).body;
    assert.ok(!again.missing.some((m: any) => m.what === 'report_agreement' && m.recordId === item.recordId));
    assert.equal(again.categories.reports.met, body.categories.reports.met + 1);
    assertProblem(await request(t.app, 'GET', '/api/gads/9999/completeness'), 404);
  });

  it('counts a trip report owed and not delivered as missing', async () => {
    const created = await request(t.app, 'POST', '/api/actions', { gad: '1701', visibility: 'public', type: 'participation', title: 'Foro de movilidad en Bogotá',
      startDate: '2026-01-05', country: 'CO', details: {} }, editor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const commitment = await request(t.app, 'POST', '/api/commitments', { actionId: created.body.id, kind: 'trip_report', description: 'Informe de viaje', dueOn: '2026-01-20' }, editor.headers);
    assert.equal(commitment.status, 201, JSON.stringify(commitment.body));
    const body = (await request(t.app, 'GET', '/api/gads/1701/completeness', undefined, editor.headers)).body;
    assert.ok(body.missing.some((m: any) => m.what === 'trip_report' && m.recordId === commitment.body.id && m.link === `/commitments/${commitment.body.id}`));
  });
});
