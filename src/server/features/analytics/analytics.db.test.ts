import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { refreshRollups, startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, systemCtx, TEST_NOW } from '../../testing/factories.ts';
import { completeCommitment, createCommitment } from '../commitments/write-commitment.ts';

let t: TestApp;
let quitoEditor: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  quitoEditor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
});
after(() => t.close());

async function pdfText(bytes: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

/**
 * Hand counts of the thesis tables (seed text, Gráficos 6 to 12), year by year for 2007–2013, written
 * from the thesis and not from the database. Actions count in the year they start:
 * - Gráfico 6 (awards won): 2010 Premio Reina Sofía; 2011 Capital Americana de la Cultura; 2013 World
 *   Travel Award and Ciudad Resiliente (2004 Capital Iberoamericana lies before the period).
 * - Gráfico 7 (visits, sections 2009–2013 of 9, 2, 9, 8, 5 rows): two rows of the 2009 section are dated
 *   2010 (Iván Silva, alcaldes de Bolivia), so 7, 4, 9, 8, 5.
 * - Gráfico 8 (events held in Quito, by AÑO): 2007: 1, 2008: 10, 2009: 2, 2010: 2, 2011: 7, 2012: 4, 2013: 2;
 *   the 3 rows of Gráfico 11 are the same events as 3 rows of Gráfico 8 (2006, 2006, 2010), counted once.
 * - Gráfico 9 (31 cooperation agreements) gives no dates: all 31 are undated.
 * - Gráfico 10 (20 network rows): only UCCI has a date (1982, before the period); 19 undated.
 * - Gráfico 12 (UCCI committee meetings): 2007: 5, 2008: 2, 2009: 2, 2010: 1, 2011: 2, 2012: 2, 2013: 2.
 * - Leadership roles held (Gráfico 10 and section 2.3.1.1): CGLU Bureau presidency since 2005 (open);
 *   CGLU co-presidency from 2010 (open) and 2013–2016; ICLEI Executive Committee 2010–2012; UCCI committee
 *   chair 2011 and 2013, co-presidency 2012–2014; CIDEU Consejo Rector 2011–2013; OCPM Consejo 2011–2013
 *   and co-presidency 2012–2014. Undated: REDCISUR Comité Impulsor, CIDEU co-presidency, ICLEI regional
 *   representation, FLACMA Consejo.
 */
const THESIS = {
  participation: [5, 2, 2, 1, 2, 2, 2],
  award: [0, 0, 0, 1, 1, 0, 2],
  visit: [0, 0, 7, 4, 9, 8, 5],
  hosted_event: [1, 10, 2, 2, 7, 4, 2],
  agreement: [0, 0, 0, 0, 0, 0, 0],
  membership: [0, 0, 0, 0, 0, 0, 0],
  project: [0, 0, 0, 0, 0, 0, 0],
  leadershipRoles: [1, 1, 1, 3, 6, 7, 8],
};

describe('positioning indicators of Quito, 2007–2013, against the thesis tables', () => {
  it('counts each kind of action and the leadership roles year by year, as the thesis tables do', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/positioning?gad=1701&from=2007&to=2013');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.gad.dpaCode, '1701');
    assert.deepEqual(res.body.rows.map((r: { year: number }) => r.year), [2007, 2008, 2009, 2010, 2011, 2012, 2013]);
    for (const kind of ['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project'] as const) {
      assert.deepEqual(res.body.rows.map((r: { counts: Record<string, number> }) => r.counts[kind]), THESIS[kind], kind);
    }
    assert.deepEqual(res.body.rows.map((r: { awardsWon: number }) => r.awardsWon), THESIS.award, 'every award of Gráfico 6 was won');
    assert.deepEqual(res.body.rows.map((r: { leadershipRoles: number }) => r.leadershipRoles), THESIS.leadershipRoles);
    assert.deepEqual(res.body.rows.map((r: { total: number }) => r.total), [6, 12, 11, 8, 19, 14, 11]);
    // Gráfico 9 and 10 give no dates: counted apart, never placed in a year.
    assert.equal(res.body.undated.counts.agreement, 31);
    assert.equal(res.body.undated.counts.membership, 19);
    assert.equal(res.body.undated.leadershipRoles, 4);
    assert.equal(res.body.totals.counts.visit, 33, 'Gráfico 7 has 33 rows');
    assert.equal(res.body.totals.counts.participation, 16, 'Gráfico 12 has 16 rows');
  });

  it('finds the 5 awards of Gráfico 6 over 2004–2013 and the 2006 events before the thesis period', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/positioning?gad=1701&from=2004&to=2013');
    assert.equal(res.body.totals.counts.award, 5);
    assert.equal(res.body.rows.find((r: { year: number }) => r.year === 2006).counts.hosted_event, 5);
    assert.equal(res.body.rows.find((r: { year: number }) => r.year === 2004).counts.award, 1);
  });
});

describe('money, visibility and periods', () => {
  let platformAdmin: Session;
  // Guaranda (0201) holds no records: every figure below is counted by hand.
  before(async () => {
    await sql`INSERT INTO currency_rate (currency, valid_from, usd_per_unit, source) VALUES
      ('EUR', '2020-01-01', 1.10, 'test'), ('EUR', '2023-01-01', 1.05, 'test')`.execute(t.database.db);
    const project = (title: string, startDate: string, amounts: { amountMinor: number; currency: string }[], extra: Record<string, unknown> = {}) =>
      makeAction(t.database, { gad: '0201', type: 'project', title, startDate,
        details: { modality: 'non_reimbursable', direction: 'received', flow: 'south_south', amounts: amounts.map((a) => ({ kind: 'budget', ...a })) }, ...extra });
    await project('Agua potable', '2022-03-01', [{ amountMinor: 45_000_000, currency: 'EUR' }, { amountMinor: 1_000_000, currency: 'USD' }]);
    await project('Huertos', '2023-06-01', [{ amountMinor: 10_000, currency: 'EUR' }, { amountMinor: 500_000, currency: 'PEN' }]);
    await makeAction(t.database, { gad: '0201', type: 'visit', title: 'Visita interna', startDate: '2022-05-01', visibility: 'own' });
    await makeAction(t.database, { gad: '0201', type: 'visit', title: 'Visita pública', startDate: '2022-05-02', visibility: 'public',
      territorialScope: 'global', motive: 'cultural', themes: ['culture', 'tourism'] });
    platformAdmin = await signIn(t.app, 'admin@demo.glocal.ec');
  });

  it('counts new records once the rollups are refreshed (within a minute, by the job), then exactly', async () => {
    const stale = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2022&to=2022', undefined, platformAdmin.headers);
    assert.equal(stale.body.rows[0].counts.visit, 0, 'not before the refresh');
    assert.ok(Date.parse(stale.body.asOf) <= Date.now(), 'figures as of before the writes');
    await refreshRollups(t.database);
    const fresh = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2022&to=2022', undefined, platformAdmin.headers);
    assert.equal(fresh.body.rows[0].counts.visit, 2);
    assert.ok(Date.parse(fresh.body.asOf) > Date.parse(stale.body.asOf), 'and says so');
  });

  it('sums money per currency and converts it to dollars at the rate of its year, naming what has no rate', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2021&to=2023');
    const [y2021, y2022, y2023] = res.body.rows;
    assert.deepEqual(y2021.money, { byCurrency: [], usdMinor: 0, unconverted: [] });
    assert.deepEqual(y2022.money.byCurrency, [
      { currency: 'EUR', amountMinor: 45_000_000, usdMinor: 49_500_000, usdPerUnit: 1.1 },
      { currency: 'USD', amountMinor: 1_000_000, usdMinor: 1_000_000, usdPerUnit: 1 },
    ]);
    assert.equal(y2022.money.usdMinor, 50_500_000);
    assert.equal(y2023.money.byCurrency[0].usdMinor, 10_500, 'the 2023 rate applies to 2023');
    assert.deepEqual(y2023.money.unconverted, ['PEN']);
    assert.equal(y2023.money.usdMinor, 10_500);
    assert.deepEqual(res.body.rates.map((r: { validFrom: string }) => r.validFrom), ['2020-01-01', '2023-01-01']);
  });

  it('counts only what the reader may see', async () => {
    const anonymous = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2022&to=2022');
    assert.equal(anonymous.body.rows[0].counts.visit, 1);
    const admin = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2022&to=2022', undefined, platformAdmin.headers);
    assert.equal(admin.body.rows[0].counts.visit, 2);
    const quito = await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2022&to=2022', undefined, quitoEditor.headers);
    assert.equal(quito.body.rows[0].counts.visit, 1, 'another GAD does not see an own-only visit');
  });

  it('breaks the actions down by theme, typology, direction and flow', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/breakdowns?gad=0201&from=2022&to=2023');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.actions, 3);
    assert.deepEqual(res.body.themes.items, [{ code: 'culture', count: 1 }, { code: 'tourism', count: 1 }]);
    assert.equal(res.body.themes.unclassified, 2);
    assert.deepEqual(res.body.territorialScope, { items: [{ code: 'global', count: 1 }], unclassified: 2 });
    assert.deepEqual(res.body.motive.items, [{ code: 'cultural', count: 1 }]);
    assert.deepEqual(res.body.direction, { items: [{ code: 'received', count: 2 }], unclassified: 0 });
    assert.deepEqual(res.body.flow, { items: [{ code: 'south_south', count: 2 }], unclassified: 0 });
  });

  it('refuses a period that ends before it starts, and an unknown GAD, naming the field', async () => {
    assertProblem(await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=2013&to=2007'), 422, 'query.to');
    assertProblem(await request(t.app, 'GET', '/api/indicators/positioning?gad=9999'), 422, 'query.gad');
    assertProblem(await request(t.app, 'GET', '/api/indicators/positioning?gad=0201&from=abc'), 400, 'query.from');
    assertProblem(await request(t.app, 'GET', '/api/indicators/comparison?gads=1701'), 422, 'query.gads');
    assertProblem(await request(t.app, 'GET', '/api/gads/1701/timeline?type=parade'), 422, 'query.type');
    assertProblem(await request(t.app, 'GET', '/api/gads/9999/timeline'), 404);
  });
});

describe('comparison, national page, timeline and maps', () => {
  it('puts GADs side by side with the same counts as their positioning rows', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/comparison?gads=1701,0101&from=2007&to=2013&undated=exclude');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [quito, cuenca] = res.body.items;
    assert.equal(quito.gad.dpaCode, '1701');
    assert.equal(quito.counts.visit, 33);
    assert.equal(quito.counts.agreement, 0, 'undated agreements left out when asked');
    assert.equal(quito.total, 81);
    assert.equal(quito.leadershipRolesHeld, 8);
    assert.equal(cuenca.gad.dpaCode, '0101');
    const withUndated = await request(t.app, 'GET', '/api/indicators/comparison?gads=1701,0101&from=2007&to=2013');
    assert.equal(withUndated.body.items[0].total, 81 + 31 + 19);
  });

  it('ranks GADs nationally, gives the share of GADs with any activity and the activity of each province', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/national?from=2007&to=2013');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.ranking[0].gad.dpaCode, '1701');
    assert.equal(res.body.ranking[0].total, 131);
    assert.ok(res.body.gads > 1000, 'every GAD of the DPA counts in the share');
    assert.equal(res.body.shareActive, Math.round((res.body.activeGads / res.body.gads) * 10_000) / 10_000);
    assert.equal(res.body.provinces.length, 24);
    const pichincha = res.body.provinces.find((p: { dpaCode: string }) => p.dpaCode === '17');
    assert.ok(pichincha.actions >= 131 && pichincha.activeGads >= 1);
    assert.equal(res.body.byLevel.reduce((s: number, l: { gads: number }) => s + l.gads, 0), res.body.gads);
  });

  it('draws agreements as spans from signature to expiry and keeps undated records apart', async () => {
    await makeAction(t.database, { gad: '0201', type: 'agreement', title: 'Hermanamiento con Trujillo', startDate: '2015-03-01',
      details: { kind: 'twinning', state: 'expired', signedOn: '2015-03-01', validUntil: '2019-02-28' } });
    // The timeline finds its items through a rollup: a new record shows once it is refreshed (within a minute).
    assert.equal((await request(t.app, 'GET', '/api/gads/0201/timeline?from=2016&to=2017&type=agreement')).body.items.length, 0);
    await refreshRollups(t.database);
    const res = await request(t.app, 'GET', '/api/gads/0201/timeline?from=2016&to=2017&type=agreement');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.items.length, 1, 'an agreement in force during the period shows even if signed before it');
    assert.equal(res.body.items[0].start, '2015-03-01');
    assert.equal(res.body.items[0].end, '2019-02-28');
    assert.equal(res.body.items[0].agreement.kind, 'twinning');
    const quito = await request(t.app, 'GET', '/api/gads/1701/timeline?from=2007&to=2013&type=agreement,membership');
    assert.equal(quito.body.undated.length, 31 + 19);
    const visits = await request(t.app, 'GET', '/api/gads/1701/timeline?from=2009&to=2009&type=visit');
    assert.equal(visits.body.items.length, 7);
  });

  it('gives partner countries with ISO numeric codes and partner cities placed offline', async () => {
    const res = await request(t.app, 'GET', '/api/indicators/partner-map?gad=1701&from=2007&to=2013');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const spain = res.body.countries.find((c: { code: string }) => c.code === 'ES');
    assert.equal(spain.isoNumeric, '724');
    assert.equal(spain.name.es, 'España');
    assert.ok(!res.body.countries.some((c: { code: string }) => c.code === 'EC'), 'Ecuador itself is not a partner country');
    const madrid = res.body.cities.find((c: { name: string }) => c.name === 'Madrid');
    assert.ok(madrid && Math.abs(madrid.lat - 40.4) < 0.1 && Math.abs(madrid.lon + 3.7) < 0.1);
    // Gráfico 12: Quito's delegates met in Madrid in 2007, 2008, 2010 and 2011.
    assert.ok(madrid.actions >= 4);
  });
});

describe('annual report PDF', () => {
  it('Quito 2007–2013: the GAD’s name, the yearly indicators and the thesis tables, in a PDF a reader extracts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/gads/1701/annual-report.pdf?from=2007&to=2013&lang=es' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = await pdfText(res.rawPayload);
    const gad = (await request(t.app, 'GET', '/api/gads/1701')).body;
    assert.ok(text.includes(gad.name), `the PDF names ${gad.name}`);
    assert.match(text, /Informe de relaciones internacionales 2007–2013/);
    // The 2011 row: participations 2, awards 1, visits 9, events 7, agreements 0, networks 0, projects 0, roles 6.
    assert.match(text, /2011\s+2\s+1\s+9\s+7\s+0\s+0\s+0\s+6/);
    assert.match(text, /Sin fecha\s+0\s+0\s+0\s+0\s+31\s+19\s+0\s+4/);
    for (const table of ['Gráfico 6', 'Gráfico 7', 'Gráfico 8', 'Gráfico 9', 'Gráfico 10', 'Gráfico 11', 'Gráfico 12']) assert.ok(text.includes(table), table);
    assert.match(text, /Premio Reina Sof/);
  });

  it('one year, in English and Portuguese, with the commitments kept', async () => {
    const actionId = await makeAction(t.database, { gad: '0201', type: 'participation', title: 'Foro de ciudades', startDate: '2025-04-01' });
    const ctx = systemCtx(t.database);
    const id = await createCommitment(ctx, { actionId, kind: 'trip_report', description: 'Informe de viaje al foro', state: 'pending', dueOn: '2025-06-01' });
    await completeCommitment(ctx, id, { evidenceUrl: 'https://example.org/informe.pdf', completedOn: '2025-05-20' });
    await refreshRollups(t.database);
    const en = await t.app.inject({ method: 'GET', url: '/api/gads/0201/annual-report.pdf?year=2025&lang=en' });
    assert.equal(en.statusCode, 200, en.body);
    const text = await pdfText(en.rawPayload);
    assert.match(text, /Annual report 2025/);
    assert.match(text, /Commitments kept/);
    assert.match(text, /Informe de viaje al foro/);
    assert.match(text, /2025\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+0/);
    const pt = await pdfText((await t.app.inject({ method: 'GET', url: '/api/gads/0201/annual-report.pdf?year=2025&lang=pt' })).rawPayload);
    assert.match(pt, /Relatório anual 2025/);
    assertProblem(await request(t.app, 'GET', '/api/gads/0201/annual-report.pdf?lang=fr'), 400, 'query.lang');
  });
});
