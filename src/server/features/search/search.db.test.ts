import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, TEST_NOW } from '../../testing/factories.ts';
import { documentSettingsFromEnv } from '../../storage/settings.ts';
import { multipart, pdf, type FilePart } from '../documents/test-files.ts';

let t: TestApp;
let dataDir: string;
let quito: Session;
let cuenca: Session;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-search-'));
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW, documents: documentSettingsFromEnv({}, dataDir) });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
});
after(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function uploadTo(actionId: string, file: FilePart, fields: Record<string, string> = {}) {
  const body = multipart(file, fields);
  const response = await t.app.inject({ method: 'POST', url: `/api/actions/${actionId}/documents`, payload: body.payload, headers: { ...quito.headers, ...body.headers } });
  assert.equal(response.statusCode, 201, response.body);
  await t.app.worker.drain();
  return response.json() as { id: string; title: string; filename: string };
}

const search = (query: string, session?: Session) => request(t.app, 'GET', `/api/search?${query}`, undefined, session?.headers ?? {});

describe('search', () => {
  it('finds "Cooperación técnica con Bogotá D.C." for "cooperacion tecnica bogota", with the match highlighted in the title', async () => {
    const id = await makeAction(t.database, { title: 'Cooperación técnica con Bogotá D.C.', description: 'Intercambio sobre movilidad y espacio público', type: 'project', startDate: '2019-05-01' });
    const found = await search('q=cooperacion%20tecnica%20bogota');
    assert.equal(found.status, 200, JSON.stringify(found.body));
    const hit = found.body.items.find((i: any) => i.id === id);
    assert.ok(hit, JSON.stringify(found.body.items.map((i: any) => i.title)));
    assert.equal(found.body.items[0].id, id, 'the best match ranks first');
    assert.equal(hit.kind, 'action');
    assert.equal(hit.where, 'title');
    assert.match(hit.snippet, /<mark>Cooperación<\/mark> <mark>técnica<\/mark> con <mark>Bogotá<\/mark>/);
    assert.ok(found.body.facets.kind.action >= 1);
    assert.equal(found.body.facets.year['2019'] >= 1, true);
  });

  it('tolerates a typo in a name: "Barcelna" finds Barcelona', async () => {
    const found = await search('q=Barcelna');
    assert.equal(found.status, 200);
    assert.ok(found.body.items.some((i: any) => /Barcelona/.test(i.title)), JSON.stringify(found.body.items.map((i: any) => i.title)));
    assert.ok(found.body.items.some((i: any) => i.kind === 'partner' && i.title === 'Barcelona'));
  });

  it('finds text that is only inside an uploaded PDF, and the hit names the document', async () => {
    const actionId = await makeAction(t.database, { title: 'Visita técnica a Guayaquil', visibility: 'public' });
    const document = await uploadTo(actionId, { filename: 'informe-visita.pdf', data: await pdf([
      'Informe de la visita técnica.',
      'Los delegados probaron quimbolitos y humitas en el mercado central.',
    ]) }, { title: 'Informe de la visita técnica' });
    const found = await search('q=quimbolito');
    assert.equal(found.status, 200);
    assert.equal(found.body.total, 1, JSON.stringify(found.body));
    const hit = found.body.items[0];
    assert.equal(hit.kind, 'document');
    assert.equal(hit.where, 'document');
    assert.deepEqual(hit.document, { id: document.id, title: 'Informe de la visita técnica', filename: 'informe-visita.pdf' });
    assert.deepEqual(hit.action, { id: actionId, title: 'Visita técnica a Guayaquil' });
    assert.match(hit.snippet, /<mark>quimbolitos<\/mark>/);
    assert.match(hit.snippet, /Informe de la visita técnica/, 'the snippet names the document');
  });

  it('stems an English document in English', async () => {
    const actionId = await makeAction(t.database, { title: 'Hermanamiento con Toulouse', visibility: 'public' });
    await uploadTo(actionId, { filename: 'letter.pdf', data: await pdf(['The negotiations with the twin city were productive.']) }, { language: 'en', title: 'Letter from Toulouse' });
    const found = await search('q=negotiated');
    assert.ok(found.body.items.some((i: any) => i.kind === 'document' && i.title === 'Letter from Toulouse'), JSON.stringify(found.body.items));
  });

  it('gives a Cuenca editor zero hits and zero facet counts for a word only in a Quito document whose visibility is own', async () => {
    const actionId = await makeAction(t.database, { title: 'Negociación reservada', visibility: 'own', gad: '1701' });
    await uploadTo(actionId, { filename: 'reservado.pdf', data: await pdf(['El borrador menciona el acuerdo zarzaparrilla con la contraparte.']) });
    const own = await search('q=zarzaparrilla', quito);
    assert.equal(own.body.total, 1, 'Quito’s own editor finds it');
    const other = await search('q=zarzaparrilla', cuenca);
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.items, []);
    assert.equal(other.body.total, 0);
    for (const [name, counts] of Object.entries(other.body.facets)) {
      assert.deepEqual(Object.values(counts as Record<string, number>).filter((n) => n > 0), [], `facet ${name} counts nothing`);
    }
    const anonymous = await search('q=zarzaparrilla');
    assert.equal(anonymous.body.total, 0);
  });

  it('filters by GAD, type and year, and counts the facets of what it returns', async () => {
    await makeAction(t.database, { title: 'Premio de movilidad sostenible', type: 'award', startDate: '2021-02-01', gad: '0101', details: { outcome: 'won' } });
    await makeAction(t.database, { title: 'Convenio de movilidad sostenible', type: 'agreement', startDate: '2022-02-01', gad: '1701' });
    const all = await search('q=movilidad%20sostenible');
    assert.ok(all.body.facets.type.award >= 1 && all.body.facets.type.agreement >= 1);
    const awards = await search('q=movilidad%20sostenible&type=award&gad=0101&year=2021');
    assert.ok(awards.body.total >= 1);
    assert.ok(awards.body.items.every((i: any) => i.gad.dpaCode === '0101'));
    assert.deepEqual(Object.keys(awards.body.facets.type), ['award']);
    assert.deepEqual(Object.keys(awards.body.facets.year), ['2021']);
  });

  it('refuses a missing query or a bad filter with a problem naming the field', async () => {
    assertProblem(await search('type=award'), 400, 'query.q');
    assertProblem(await search('q=x&year=abc'), 400, 'query.year');
    assertProblem(await search('q=x&limit=1000'), 400, 'query.limit');
    for (const hostile of [`'":*&|!()<-> -- OR`, '\u{1F600}\u0301 ñ', '<script>alert(1)</script>', '%'.repeat(200)]) {
      const response = await search(`q=${encodeURIComponent(hostile)}`);
      assert.equal(response.status, 200, hostile);
      assert.ok(response.body.items.every((i: any) => !i.snippet.includes('<script>')), 'snippets are HTML-escaped');
    }
  });
});
