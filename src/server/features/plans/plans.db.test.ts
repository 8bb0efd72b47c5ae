import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { refreshRollups, startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, systemCtx, TEST_NOW } from '../../testing/factories.ts';
import { completeCommitment, createCommitment } from '../commitments/write-commitment.ts';
import { extractText, getDocumentProxy } from 'unpdf';

async function pdfText(bytes: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

let t: TestApp;
let admin: Session;
let quitoAdmin: Session;
let quitoEditor: Session;
let cuencaEditor: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  admin = await signIn(t.app, 'admin@demo.glocal.ec');
  quitoAdmin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
  quitoEditor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuencaEditor = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
});
after(() => t.close());

/** Guaranda (0201) holds no records, so every figure below is counted by hand. Today is 2026-01-15. */
const GAD = '0201';
const threeTargetPlan = {
  gad: GAD, title: 'Plan Estratégico de Relacionamiento Internacional de Guaranda 2024-2027',
  periodStart: '2024-01-01', periodEnd: '2027-12-31', vision: 'Una ciudad abierta al mundo',
  axes: [{ code: 'E1', title: 'Ciudad conectada' }, { code: 'E2', title: 'Ciudad que coopera' }],
  objectives: [
    { code: 'O1', axis: 'E1', text: 'Consolidar acuerdos de movilidad urbana' },
    { code: 'O2', axis: 'E1', text: 'Aprender de cada viaje' },
    { code: 'O3', axis: 'E2', text: 'Atraer cooperación' },
  ],
  priorities: [{ kind: 'theme', value: 'mobility', objective: 'O1' }, { kind: 'region', value: 'europe' }, { kind: 'country', value: 'CO' }],
  targets: [
    { objective: 'O1', indicator: 'agreements_in_force', params: { theme: 'mobility' }, baseline: 1, targetValue: 4, targetYear: 2027 },
    { objective: 'O2', indicator: 'participations_with_trip_report', params: {}, baseline: 0, targetValue: 4, targetYear: 2026 },
    { objective: 'O3', indicator: 'cooperation_amount', params: { currency: 'USD', direction: 'received' }, baseline: 0, targetValue: 1_000_000, targetYear: 2027 },
  ],
};

const agreement = (title: string, themes: string[], details: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  makeAction(t.database, { gad: GAD, type: 'agreement', title, themes, startDate: '2024-05-01', details: { kind: 'cooperation_agreement', ...details }, ...extra });

async function tripReport(actionId: string, done: boolean) {
  const ctx = systemCtx(t.database);
  const id = await createCommitment(ctx, { actionId, kind: 'trip_report', description: 'Informe de viaje', state: 'pending', dueOn: '2025-12-01' });
  if (done) await completeCommitment(ctx, id, { evidenceUrl: 'https://example.org/informe.pdf', completedOn: '2025-11-20' });
  return id;
}

describe('plan targets, computed from the records', () => {
  let planId: string;
  let dormantAgreement: string;
  let pendingReport: string;
  let bogota: string;
  let medellin: string;
  let water: string;

  before(async () => {
    // Target 1, agreements in force on mobility at 2026-01-15: two count.
    bogota = await agreement('Movilidad con Bogotá', ['mobility'], { state: 'in_force', validFrom: '2024-05-01' }, { country: 'CO' });
    medellin = await agreement('Movilidad con Medellín, reactivado', ['mobility', 'urban_development'], { state: 'reactivated', signedOn: '2023-03-01' });
    await agreement('Movilidad con Lima, vencido', ['mobility'], { state: 'in_force', validFrom: '2024-01-01', validUntil: '2025-06-30' });
    await agreement('Cultura con Madrid', ['culture'], { state: 'in_force' });
    dormantAgreement = await agreement('Movilidad con Quito, dormido', ['mobility'], { state: 'dormant' });
    await agreement('Movilidad, solo para el GAD', ['mobility'], { state: 'in_force' }, { visibility: 'own' });
    // Target 2, participations from 2024 to 2026-01-15 with a delivered trip report: one.
    const p1 = await makeAction(t.database, { gad: GAD, type: 'participation', title: 'Foro urbano 2024', startDate: '2024-06-10' });
    await tripReport(p1, true);
    const p2 = await makeAction(t.database, { gad: GAD, type: 'participation', title: 'Cumbre 2025', startDate: '2025-10-01' });
    pendingReport = await tripReport(p2, false);
    const p3 = await makeAction(t.database, { gad: GAD, type: 'participation', title: 'Viaje de 2023', startDate: '2023-06-10' });
    await tripReport(p3, true);
    // Target 3, USD received as budget since 2024: 3,000.00 (300000 minor units); EUR and offered money do not count.
    const project = (title: string, direction: string, amountMinor: number, currency: string) => makeAction(t.database, {
      gad: GAD, type: 'project', title, startDate: '2025-02-01',
      details: { modality: 'non_reimbursable', direction, amounts: [{ kind: 'budget', amountMinor, currency }] },
    });
    water = await project('Agua potable', 'received', 300_000, 'USD');
    await project('Patrimonio', 'received', 500_000, 'EUR');
    await project('Buenas prácticas para Riobamba', 'offered', 200_000, 'USD');

    const created = await request(t.app, 'POST', '/api/plans', threeTargetPlan, admin.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    planId = created.body.id;
  });

  it('builds a plan with three targets and computes each one’s progress from the records, as counted by hand', async () => {
    const res = await request(t.app, 'GET', `/api/plans/${planId}/progress`, undefined, admin.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [agreements, reports, money] = res.body.targets;
    // The platform admin sees the GAD-only agreement too: three in force.
    assert.equal(agreements.current, 3);
    assert.equal(agreements.progress, 0.6667); // (3 − 1) / (4 − 1)
    assert.deepEqual(agreements.window, { from: '2024-01-01', to: '2026-01-15' });
    assert.equal(reports.current, 1);
    assert.equal(reports.progress, 0.25); // (1 − 0) / (4 − 0)
    assert.equal(money.current, 300_000);
    assert.equal(money.progress, 0.3); // 300000 / 1000000
    assert.equal(money.unit, 'minor_units');
  });

  it('counts only the records the reader may see', async () => {
    const res = await request(t.app, 'GET', `/api/plans/${planId}/progress`);
    assert.equal(res.status, 404, 'a draft is read only by its own GAD');
    await sql`UPDATE plan SET state = 'approved', approved_at = now() WHERE id = ${planId}`.execute(t.database.db);
    try {
      const anonymous = await request(t.app, 'GET', `/api/plans/${planId}/progress`);
      assert.equal(anonymous.body.targets[0].current, 2, 'the GAD-only agreement is not counted for the public');
      assert.equal(anonymous.body.targets[0].progress, 0.3333);
    } finally {
      await sql`ALTER TABLE plan DISABLE TRIGGER plan_frozen_trg`.execute(t.database.db);
      await sql`UPDATE plan SET state = 'draft', approved_at = NULL WHERE id = ${planId}`.execute(t.database.db);
      await sql`ALTER TABLE plan ENABLE TRIGGER plan_frozen_trg`.execute(t.database.db);
    }
  });

  it('changes the progress when an action changes', async () => {
    const current = await request(t.app, 'GET', `/api/actions/${dormantAgreement}`, undefined, admin.headers);
    const patched = await request(t.app, 'PATCH', `/api/actions/${dormantAgreement}`,
      { version: current.body.version, details: { state: 'reactivated' } }, admin.headers);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await completeCommitment(systemCtx(t.database), pendingReport, { evidenceUrl: 'https://example.org/cumbre.pdf', completedOn: '2025-12-15' });
    const res = await request(t.app, 'GET', `/api/plans/${planId}/progress`, undefined, admin.headers);
    assert.equal(res.body.targets[0].current, 4);
    assert.equal(res.body.targets[0].progress, 1); // (4 − 1) / (4 − 1)
    assert.equal(res.body.targets[1].current, 2);
    assert.equal(res.body.targets[1].progress, 0.5);
  });

  it('suggests links from the action’s themes, country and partners, with reasons, and links nothing until a person confirms', async () => {
    const res = await request(t.app, 'GET', `/api/actions/${bogota}/link-suggestions`, undefined, admin.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.plan.id, planId);
    const find = (kind: string, ref: string) => res.body.suggestions.find((s: { kind: string; ref: string }) => s.kind === kind && s.ref === ref);
    const plan = await request(t.app, 'GET', `/api/plans/${planId}`, undefined, admin.headers);
    const o1 = plan.body.objectives.find((o: { code: string }) => o.code === 'O1').key;
    assert.deepEqual(find('plan_objective', o1).reasons, [{ basis: 'target_theme', value: 'mobility' }, { basis: 'theme', value: 'mobility' }]);
    assert.equal(find('plan_objective', o1).label.code, 'O1');
    assert.deepEqual(find('national_objective', 'pnbv-2009-2013.5.5').reasons.map((r: { basis: string }) => r.basis).sort(), ['region', 'theme']);
    assert.ok(find('sdg', '11'), 'mobility suggests SDG 11 through theme_sdg');
    assert.equal(res.body.links.length, 0, 'a suggestion is not a link');
    assert.equal((await request(t.app, 'GET', `/api/actions/${bogota}/links`)).body.items.length, 0);

    const confirmed = await request(t.app, 'POST', `/api/actions/${bogota}/links`, { kind: 'plan_objective', ref: o1 }, admin.headers);
    assert.equal(confirmed.status, 201, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.confirmedBy, 'admin@demo.glocal.ec');
    assertProblem(await request(t.app, 'POST', `/api/actions/${bogota}/links`, { kind: 'plan_objective', ref: o1 }, admin.headers), 409);
    assertProblem(await request(t.app, 'POST', `/api/actions/${bogota}/links`, { kind: 'sdg', ref: '18' }, admin.headers), 422, 'body.ref');
    assertProblem(await request(t.app, 'POST', `/api/actions/${bogota}/links`, { kind: 'plan_objective', ref: '00000000-0000-0000-0000-000000000000' }, admin.headers), 422, 'body.ref');
    const after = await request(t.app, 'GET', `/api/actions/${bogota}/link-suggestions`, undefined, admin.headers);
    assert.equal(after.body.suggestions.some((s: { ref: string }) => s.ref === o1), false, 'a confirmed link is no longer suggested');
    assert.equal(after.body.links[0].ref, o1);
    const history = await request(t.app, 'GET', `/api/actions/${bogota}/history`, undefined, admin.headers);
    assert.deepEqual(history.body.items.at(-1).diff, { linked: { kind: 'plan_objective', ref: o1 } });
  });

  it('measures the alignment of the GAD’s period: shares of actions and of money per currency, what lies outside the plan, and what got nothing', async () => {
    const plan = await request(t.app, 'GET', `/api/plans/${planId}`, undefined, admin.headers);
    const key = (code: string) => plan.body.objectives.find((o: { code: string }) => o.code === code).key;
    for (const [action, body] of [[medellin, { kind: 'plan_objective', ref: key('O1') }], [water, { kind: 'plan_objective', ref: key('O3') }],
      [bogota, { kind: 'national_objective', ref: 'pnbv-2013-2017.12.1' }], [water, { kind: 'sdg', ref: '6' }]] as const) {
      assert.equal((await request(t.app, 'POST', `/api/actions/${action}/links`, body, admin.headers)).status, 201);
    }
    const res = await request(t.app, 'GET', '/api/indicators/alignment?gad=0201&from=2024-01-01&to=2025-12-31', undefined, admin.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const a = res.body;
    // In the period: 6 agreements, 2 participations (2024, 2025; the 2023 one is outside), 3 projects.
    assert.equal(a.actions, 11);
    assert.deepEqual(a.shareActionsLinkedToPlan, { linked: 3, total: 11, share: 0.2727 });
    assert.deepEqual(a.shareMoneyLinkedToPlan, [
      { currency: 'EUR', linkedMinor: 0, totalMinor: 500_000, share: 0 },
      { currency: 'USD', linkedMinor: 300_000, totalMinor: 500_000, share: 0.6 },
    ]);
    assert.deepEqual(a.shareLinkedToNationalPolicy, { linked: 1, total: 11, share: 0.0909 });
    assert.equal(a.actionsOutsidePlan.length, 8);
    assert.ok(!a.actionsOutsidePlan.some((x: { id: string }) => [bogota, medellin, water].includes(x.id)));
    assert.deepEqual(a.objectivesWithoutAction.map((o: { code: string }) => o.code), ['O2']);
    assert.deepEqual(a.prioritiesWithNothing.map((p: { kind: string; value: string }) => `${p.kind}:${p.value}`), ['region:europe']);
    assert.deepEqual(a.targets.map((x: { current: number }) => x.current), [4, 2, 300_000], 'targets measured up to the end of the period');

    const unlinked = await request(t.app, 'GET', `/api/actions/${water}/links`, undefined, admin.headers);
    const o3 = unlinked.body.items.find((l: { kind: string }) => l.kind === 'plan_objective');
    assert.equal((await request(t.app, 'DELETE', `/api/actions/${water}/links/${o3.id}`, undefined, admin.headers)).status, 204);
    const again = await request(t.app, 'GET', '/api/indicators/alignment?gad=0201&from=2024-01-01&to=2025-12-31', undefined, admin.headers);
    assert.deepEqual(again.body.objectivesWithoutAction.map((o: { code: string }) => o.code), ['O2', 'O3']);
    assertProblem(await request(t.app, 'GET', '/api/indicators/alignment?gad=0201&from=2025-01-01&to=2024-01-01'), 422, 'query.to');
  });

  it('compares GADs side by side for analysts only', async () => {
    const central = await signIn(t.app, 'analista.cancilleria@demo.glocal.ec');
    const national = async (query = 'from=2024-01-01&to=2025-12-31') => {
      const res = await request(t.app, 'GET', `/api/indicators/alignment/national?${query}`, undefined, central.headers);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.asOf, 'says when the figures were last refreshed');
      return res.body.items.find((i: { gad: { dpaCode: string } }) => i.gad.dpaCode === '0201');
    };
    await refreshRollups(t.app);
    const guaranda = await national();
    // The central analyst does not see the draft plan, nor the GAD-only agreement.
    assert.equal(guaranda.plan, null);
    assert.equal(guaranda.actions, 10);
    assert.equal(guaranda.linkedToNationalPolicy, 1);
    // Periods that cut months in two count the partial months live: the same figure as whole months.
    assert.equal((await national('from=2023-12-15&to=2026-01-10')).actions, 10);
    // A new visit counts once the rollups are refreshed (the job does so within a minute).
    await makeAction(t.database, { gad: GAD, type: 'visit', title: 'Visita de cortesía', startDate: '2025-06-15', visibility: 'public' });
    assert.equal((await national()).actions, 10);
    await refreshRollups(t.app);
    assert.equal((await national()).actions, 11);
    assertProblem(await request(t.app, 'GET', '/api/indicators/alignment/national?from=2024-01-01&to=2025-12-31', undefined, quitoEditor.headers), 403);
    assertProblem(await request(t.app, 'GET', '/api/indicators/alignment/national?from=2024-01-01&to=2025-12-31'), 401);
  });

  it('produces the plan document as a real PDF whose text a PDF reader extracts, in Spanish, English and Portuguese', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/plans/${planId}/document.pdf?lang=es`, headers: admin.headers });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(response.rawPayload);
    assert.match(text, new RegExp(threeTargetPlan.title.split(' ').join('\\s+')));
    assert.match(text, /Metas y avance/);
    // Target 1 (agreements in force on mobility): baseline 1, target 4, year 2027, current 4, progress 100 %.
    assert.match(text, /\b1\s+4\s+2027\s+4\s+100 %/);
    // Target 2 (trip reports): baseline 0, target 4, 2026, current 2, 50 %.
    assert.match(text, /\b0\s+4\s+2026\s+2\s+50 %/);
    for (const [lang, heading] of [['en', /Targets and progress/], ['pt', /Metas e progresso/]] as const) {
      const other = await t.app.inject({ method: 'GET', url: `/api/plans/${planId}/document.pdf?lang=${lang}`, headers: admin.headers });
      const otherText = await pdfText(other.rawPayload);
      assert.match(otherText, heading);
      assert.match(otherText, lang === 'en' ? /Agreements in force/ : /Acordos vigentes/);
    }
  });

  it('refuses a target whose indicator, parameters, objective or year do not fit, naming each field', async () => {
    const bad = await request(t.app, 'POST', '/api/plans', {
      ...threeTargetPlan,
      priorities: [{ kind: 'theme', value: 'astrology' }],
      targets: [
        { objective: 'O9', indicator: 'happiness', params: {}, baseline: 0, targetValue: 1, targetYear: 2026 },
        { objective: 'O3', indicator: 'cooperation_amount', params: {}, baseline: 0, targetValue: 1, targetYear: 2031 },
      ],
    }, admin.headers);
    assertProblem(bad, 422, 'body.priorities.0.value');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    for (const f of ['body.targets.0.objective', 'body.targets.0.indicator', 'body.targets.1.params.currency', 'body.targets.1.targetYear']) {
      assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
    }
  });
});

describe('plan versions', () => {
  const quitoPlan = {
    title: 'Plan de prueba de Quito', periodStart: '2026-01-01', periodEnd: '2029-12-31',
    objectives: [{ code: 'O1', text: 'Posicionar a Quito en redes' }],
    targets: [{ objective: 'O1', indicator: 'network_leadership_roles', params: {}, baseline: 0, targetValue: 2, targetYear: 2029 }],
  };

  it('lets only a GAD admin approve, and freezes the approved version: editing it makes a new draft version', async () => {
    const created = await request(t.app, 'POST', '/api/plans', quitoPlan, quitoEditor.headers);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const v1 = created.body;
    assert.equal(v1.state, 'draft');
    assert.equal(v1.versionNumber, 1);

    assertProblem(await request(t.app, 'POST', `/api/plans/${v1.id}/approve`, { version: v1.version }, quitoEditor.headers), 403);
    assertProblem(await request(t.app, 'POST', `/api/plans/${v1.id}/approve`, { version: v1.version }, cuencaEditor.headers), 404);
    const approved = await request(t.app, 'POST', `/api/plans/${v1.id}/approve`, { version: v1.version }, quitoAdmin.headers);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
    assert.equal(approved.body.approvedBy, 'admin.quito@demo.glocal.ec');

    const edited = await request(t.app, 'PATCH', `/api/plans/${v1.id}`, { version: approved.body.version, title: 'Plan de prueba de Quito, revisado' }, quitoEditor.headers);
    assert.equal(edited.status, 201, JSON.stringify(edited.body));
    const v2 = edited.body;
    assert.notEqual(v2.id, v1.id);
    assert.equal(v2.state, 'draft');
    assert.equal(v2.versionNumber, 2);
    assert.equal(v2.planKey, v1.planKey);
    assert.equal(v2.basedOnId, v1.id);
    assert.equal(v2.objectives[0].key, v1.objectives[0].key, 'an objective keeps its key across versions, so links survive');
    assert.equal(v2.targets.length, 1);

    const frozen = await request(t.app, 'GET', `/api/plans/${v1.id}`, undefined, quitoEditor.headers);
    assert.equal(frozen.body.title, 'Plan de prueba de Quito', 'the approved version is unchanged');
    assert.equal(frozen.body.state, 'approved');
    assert.deepEqual(frozen.body.versions.map((v: { versionNumber: number }) => v.versionNumber), [2, 1]);

    const second = await request(t.app, 'PATCH', `/api/plans/${v1.id}`, { version: approved.body.version, title: 'Otra rama' }, quitoEditor.headers);
    assertProblem(second, 409);
    assert.equal(second.body.draftId, v2.id, 'one draft at a time: the conflict names it');

    const inPlace = await request(t.app, 'PATCH', `/api/plans/${v2.id}`, { version: v2.version, vision: 'Quito, ciudad de encuentros' }, quitoEditor.headers);
    assert.equal(inPlace.status, 200);
    assert.equal(inPlace.body.id, v2.id, 'a draft is edited in place');
    assertProblem(await request(t.app, 'PATCH', `/api/plans/${v2.id}`, { version: v2.version, vision: 'stale' }, quitoEditor.headers), 409);

    const approvedV2 = await request(t.app, 'POST', `/api/plans/${v2.id}/approve`, { version: inPlace.body.version }, quitoAdmin.headers);
    assert.equal(approvedV2.body.state, 'approved');
    const old = await request(t.app, 'GET', `/api/plans/${v1.id}`, undefined, quitoEditor.headers);
    assert.equal(old.body.state, 'superseded');
    assertProblem(await request(t.app, 'PATCH', `/api/plans/${v1.id}`, { version: old.body.version, title: 'x' }, quitoEditor.headers), 409);
  });

  it('gives ten people editing one approved version at once exactly one new draft, and the others a 409 naming it', async () => {
    const created = await request(t.app, 'POST', '/api/plans', { ...quitoPlan, title: 'Plan editado a la vez' }, quitoEditor.headers);
    const approved = await request(t.app, 'POST', `/api/plans/${created.body.id}/approve`, { version: created.body.version }, quitoAdmin.headers);
    const edits = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      request(t.app, 'PATCH', `/api/plans/${created.body.id}`, { version: approved.body.version, title: `Edición ${i}` }, quitoEditor.headers)));
    assert.deepEqual(edits.map((e) => e.status).sort(), [201, ...Array(9).fill(409)]);
    const draftId = edits.find((e) => e.status === 201)!.body.id;
    for (const refused of edits.filter((e) => e.status === 409)) assert.equal(refused.body.draftId, draftId);
  });

  it('refuses, in the database itself, any change to an approved version or its parts', async () => {
    const created = await request(t.app, 'POST', '/api/plans', quitoPlan, quitoEditor.headers);
    await request(t.app, 'POST', `/api/plans/${created.body.id}/approve`, { version: created.body.version }, quitoAdmin.headers);
    const db = t.database.db;
    await assert.rejects(sql`UPDATE plan SET title = 'cambiado' WHERE id = ${created.body.id}`.execute(db), /frozen/);
    await assert.rejects(sql`UPDATE plan_target SET target_value = 99 WHERE plan_id = ${created.body.id}`.execute(db), /frozen/);
    await assert.rejects(sql`DELETE FROM plan_objective WHERE plan_id = ${created.body.id}`.execute(db), /frozen/);
    await assert.rejects(sql`DELETE FROM plan WHERE id = ${created.body.id}`.execute(db), /cannot be deleted/);
  });

  it('shows a draft only to its own GAD, and lists what each caller may see', async () => {
    const created = await request(t.app, 'POST', '/api/plans', { ...quitoPlan, title: 'Borrador reservado' }, quitoEditor.headers);
    assertProblem(await request(t.app, 'GET', `/api/plans/${created.body.id}`, undefined, cuencaEditor.headers), 404);
    assertProblem(await request(t.app, 'GET', `/api/plans/${created.body.id}`), 404);
    const own = await request(t.app, 'GET', '/api/plans?gad=1701&state=draft', undefined, quitoEditor.headers);
    assert.ok(own.body.items.some((p: { id: string }) => p.id === created.body.id));
    const other = await request(t.app, 'GET', '/api/plans?gad=1701&state=draft', undefined, cuencaEditor.headers);
    assert.equal(other.body.total, 0);
  });
});

describe('the illustrative demo plan', () => {
  it('gives Quito an approved example plan, flagged illustrative and labelled so in its title and document', async () => {
    const list = await request(t.app, 'GET', '/api/plans?gad=1701&state=approved');
    const demo = list.body.items.find((p: { illustrative: boolean }) => p.illustrative);
    assert.ok(demo, 'the example plan is public');
    assert.match(demo.title, /Plan de ejemplo \(ilustrativo\)/);
    assert.equal(demo.approvedBy, 'system:demo-load');
    const progress = await request(t.app, 'GET', `/api/plans/${demo.id}/progress`);
    assert.equal(progress.body.targets.length, 5);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/plans/${demo.id}/document.pdf?lang=en` });
    assert.match(await pdfText(pdf.rawPayload), /Example plan \(illustrative\): not an official document/);
  });
});
