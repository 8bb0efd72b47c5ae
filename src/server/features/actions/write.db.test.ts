import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';

let t: TestApp;
let quito: Session;
let cuenca: Session;
let quitoAdmin: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000 });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
  quitoAdmin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
});
after(() => t.close());

const agreement = (overrides: Record<string, unknown> = {}) => ({
  type: 'agreement', title: 'Convenio de prueba', visibility: 'public', startDate: '2026-02-01',
  details: { kind: 'cooperation_agreement', state: 'signed', areas: 'Movilidad' }, ...overrides,
});

describe('writing actions', () => {
  it('creates each of the seven kinds for the editor’s own GAD, and validates with the OpenAPI schemas', async () => {
    const kinds: Record<string, Record<string, unknown>> = {
      participation: { convener: 'UCCI', funding: 'partial', delegates: [{ name: 'Ana', title: 'Directora' }] },
      award: { outcome: 'finalist', year: 2026, category: 'Movilidad' },
      visit: { outcome: 'approach', delegates: [{ name: 'Alcalde de Lima', organisation: 'Municipalidad de Lima', country: 'PE' }] },
      hosted_event: { topic: 'Patrimonio' },
      agreement: { kind: 'twinning', state: 'in_force', validUntil: '2030-01-01' },
      membership: { activityLevel: 'high', committees: ['Cultura'], roles: [{ role: 'vice_president', body: 'Zona Andina', termStart: '2025-01-01' }] },
      project: { modality: 'non_reimbursable', direction: 'received', amounts: [{ kind: 'budget', amountMinor: 1_000_000, currency: 'EUR' }] },
    };
    for (const [type, details] of Object.entries(kinds)) {
      const created = await request(t.app, 'POST', '/api/actions', { type, title: `Nuevo ${type}`, details }, quito.headers);
      assert.equal(created.status, 201, `${type}: ${JSON.stringify(created.body)}`);
      assert.equal(created.body.gad.dpaCode, '1701');
      assert.equal(created.body.version, 1);
      assert.equal(created.body.visibility, 'own', 'new records start private to their GAD');
    }
  });

  it('answers invalid input with 422 naming each field', async () => {
    const bad = await request(t.app, 'POST', '/api/actions', agreement({ startDate: '2026-02-30', details: { kind: 'pact', state: 'signed' } }), quito.headers);
    assertProblem(bad, 422);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    assert.ok(fields.some((f: string) => f.includes('startDate')), fields.join());
    const unknownTheme = await request(t.app, 'POST', '/api/actions', agreement({ themes: ['astrology'] }), quito.headers);
    assertProblem(unknownTheme, 422, 'body.themes.0');
    const reversed = await request(t.app, 'POST', '/api/actions', agreement({ startDate: '2026-05-01', endDate: '2026-01-01' }), quito.headers);
    assertProblem(reversed, 422, 'endDate');
  });

  it('stores HTML, scripts, SQL and very long text verbatim in every text field, and returns them unchanged', async () => {
    const hostile = [
      '<script>alert("x")</script>', '<img src=x onerror=alert(1)>', "Robert'); DROP TABLE action;--",
      '{{constructor.constructor("alert(1)")()}}', Array.from('Ñandú ü 漢字 🚀 '.repeat(600)).slice(0, 8000).join(''), '\u202Eevil\u202C', '  spaced  ',
    ];
    const cut = (s: string, n: number) => Array.from(s).slice(0, n).join('');
    for (const text of hostile) {
      const created = await request(t.app, 'POST', '/api/actions', {
        type: 'visit', title: cut(text, 1000), description: text, city: cut(text, 200), sourceNote: cut(text, 2000),
        details: { agenda: text, delegates: [{ name: cut(text, 300), title: cut(text, 300), organisation: cut(text, 300) }] },
      }, quito.headers);
      assert.equal(created.status, 201);
      const read = await request(t.app, 'GET', `/api/actions/${created.body.id}`, undefined, quito.headers);
      assert.equal(read.body.title, cut(text, 1000));
      assert.equal(read.body.description, text);
      assert.equal(read.body.city, cut(text, 200));
      assert.equal(read.body.details.agenda, text);
      assert.equal(read.body.details.delegates[0].name, cut(text, 300));
      const lesson = await request(t.app, 'POST', '/api/lessons', { actionId: created.body.id, title: cut(text, 500), advice: text }, quito.headers);
      assert.equal(lesson.body.advice, text);
      const commitment = await request(t.app, 'POST', '/api/commitments', { actionId: created.body.id, description: cut(text, 5000) }, quito.headers);
      assert.equal(commitment.body.description, cut(text, 5000));
    }
    const halfEmoji = await request(t.app, 'POST', '/api/actions', { type: 'visit', title: 'ok', description: 'broken \ud83d' }, quito.headers);
    assertProblem(halfEmoji, 400, 'body.description');
    const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM action`.execute(t.database.db);
    assert.ok(tables.rows[0]!.n > 100, 'the SQL in the text did nothing');
  });

  it('lets exactly one of 50 concurrent edits from the same version win; the rest get 409 with the current record', async () => {
    const created = await request(t.app, 'POST', '/api/actions', agreement(), quito.headers);
    const id = created.body.id;
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      request(t.app, 'PATCH', `/api/actions/${id}`, { version: 1, title: `Edición ${i}` }, quito.headers)));
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join());
    assert.equal(statuses.filter((s) => s === 409).length, 49);
    const winner = responses.find((r) => r.status === 200)!;
    const loser = responses.find((r) => r.status === 409)!;
    assert.equal(loser.body.current.title, winner.body.title, 'the 409 carries the record as it now is');
    assert.equal(loser.body.current.version, 2);
    const updates = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${id} AND operation = 'update'`.execute(t.database.db);
    assert.equal(updates.rows[0]!.n, 1);
  });

  it('keeps the themes, partners and visibility a patch leaves out', async () => {
    const created = await request(t.app, 'POST', '/api/actions', agreement({ themes: ['mobility', 'culture'] }), quito.headers);
    const patched = await request(t.app, 'PATCH', `/api/actions/${created.body.id}`, { version: 1, details: { state: 'in_force' } }, quito.headers);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([...patched.body.themes].sort(), ['culture', 'mobility']);
    assert.equal(patched.body.visibility, 'public');
  });

  it('records who changed what in the history, with a diff of the changed fields', async () => {
    const created = await request(t.app, 'POST', '/api/actions', agreement(), quito.headers);
    await request(t.app, 'PATCH', `/api/actions/${created.body.id}`, { version: 1, title: 'Convenio renombrado', details: { state: 'in_force' } }, quito.headers);
    const history = await request(t.app, 'GET', `/api/actions/${created.body.id}/history`, undefined, quito.headers);
    assert.deepEqual(history.body.items.map((e: { operation: string }) => e.operation), ['create', 'update']);
    const update = history.body.items[1];
    assert.equal(update.actor, 'editor.quito@demo.glocal.ec');
    assert.deepEqual(update.diff.before.title, 'Convenio de prueba');
    assert.deepEqual(update.diff.after.title, 'Convenio renombrado');
    assert.equal(update.diff.after.details.state, 'in_force');
  });

  it('deletes softly; only an admin of the GAD restores, and the history shows both', async () => {
    const created = await request(t.app, 'POST', '/api/actions', agreement(), quito.headers);
    const id = created.body.id;
    assert.equal((await request(t.app, 'DELETE', `/api/actions/${id}`, undefined, quito.headers)).status, 204);
    assertProblem(await request(t.app, 'GET', `/api/actions/${id}`, undefined, quito.headers), 404);
    assertProblem(await request(t.app, 'POST', `/api/actions/${id}/restore`, {}, quito.headers), 404);
    const deleted = await request(t.app, 'GET', '/api/actions/deleted', undefined, quitoAdmin.headers);
    assert.ok(deleted.body.items.some((a: { id: string }) => a.id === id));
    const restored = await request(t.app, 'POST', `/api/actions/${id}/restore`, {}, quitoAdmin.headers);
    assert.equal(restored.status, 200);
    const history = await request(t.app, 'GET', `/api/actions/${id}/history`, undefined, quito.headers);
    assert.deepEqual(history.body.items.map((e: { operation: string }) => e.operation), ['create', 'delete', 'restore']);
  });

  it('refuses a Cuenca editor any edit of a Quito record', async () => {
    const created = await request(t.app, 'POST', '/api/actions', agreement(), quito.headers);
    assertProblem(await request(t.app, 'PATCH', `/api/actions/${created.body.id}`, { version: 1, title: 'x' }, cuenca.headers), 403);
    assertProblem(await request(t.app, 'POST', '/api/actions', { ...agreement(), gad: '1701' }, cuenca.headers), 403);
  });
});

describe('tenant isolation', () => {
  it('keeps a Quito record whose visibility is own out of every Cuenca endpoint: read, change, count, facets, partner pages', async () => {
    const secret = await request(t.app, 'POST', '/api/actions', agreement({
      visibility: 'own', title: 'Negociación confidencial Xochimilco', themes: ['security'], country: 'MX', startDate: '2027-03-03',
    }), quito.headers);
    const id = secret.body.id;
    assertProblem(await request(t.app, 'GET', `/api/actions/${id}`, undefined, cuenca.headers), 404);
    assertProblem(await request(t.app, 'GET', `/api/actions/${id}/history`, undefined, cuenca.headers), 404);
    assertProblem(await request(t.app, 'PATCH', `/api/actions/${id}`, { version: 1, title: 'x' }, cuenca.headers), 404);
    assertProblem(await request(t.app, 'DELETE', `/api/actions/${id}`, undefined, cuenca.headers), 404);
    assertProblem(await request(t.app, 'POST', '/api/commitments', { actionId: id, description: 'x' }, cuenca.headers), 422, 'body.actionId');
    const search = await request(t.app, 'GET', '/api/actions?q=Xochimilco', undefined, cuenca.headers);
    assert.equal(search.body.total, 0);
    const year = await request(t.app, 'GET', '/api/actions?year=2027', undefined, cuenca.headers);
    assert.equal(year.body.facets.country.MX, undefined);
    assert.equal(year.body.facets.theme.security, undefined);
    assert.equal(year.body.facets.type.agreement, undefined);
    const asQuito = await request(t.app, 'GET', '/api/actions?year=2027', undefined, quito.headers);
    assert.equal(asQuito.body.facets.country.MX, 1, 'Quito itself sees and counts it');
    const commitments = await request(t.app, 'GET', `/api/commitments?action=${id}`, undefined, cuenca.headers);
    assert.equal(commitments.body.total, 0);
  });
});
