import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, TEST_NOW } from '../../testing/factories.ts';

let t: TestApp;
let quito: Session;
let cuenca: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
});
after(() => t.close());

describe('the knowledge page', () => {
  it('finds Quito’s public lesson on informal commerce, with its illustrative contact person, for a Cuenca editor', async () => {
    const found = await request(t.app, 'GET', '/api/lessons?q=comercio%20informal', undefined, cuenca.headers);
    assert.equal(found.status, 200);
    const lesson = found.body.items.find((l: any) => l.gad.dpaCode === '1701');
    assert.ok(lesson, 'Quito’s lesson is found');
    assert.equal(lesson.visibility, 'public');
    assert.equal(lesson.illustrative, true);
    assert.equal(lesson.action.type, 'project');
    assert.equal(lesson.negotiationSteps.length, 3, 'a public journal shows its dated timeline');
    assert.equal(lesson.negotiationSteps[0].occurredOn, '2023-10-05');
    assert.equal(lesson.contact.name, 'Paula Ejemplo (contacto ilustrativo)');
    assert.equal(lesson.contact.illustrative, true);
    assert.match(lesson.contact.email, /@demo\.glocal\.ec$/);
    assert.ok(found.body.facets.theme.economic_development >= 1);
  });

  it('shows a lesson while withholding its negotiation journal, in the list, the lesson page and the action page', async () => {
    const list = await request(t.app, 'GET', '/api/lessons?gad=0101');
    const lesson = list.body.items.find((l: any) => l.title.startsWith('Un hermanamiento patrimonial'));
    assert.ok(lesson, 'the public lesson is listed for anyone');
    assert.equal(lesson.negotiationWithheld, true);
    assert.equal(lesson.firstContact, null);
    assert.equal(lesson.negotiation, null);
    assert.deepEqual(lesson.negotiationSteps, []);
    assert.equal(lesson.firstContactChannel, 'embassy', 'the channel stays with the lesson');
    assert.match(lesson.advice, /plan de trabajo/);
    assert.equal(lesson.contact, null, 'anonymous callers see no contact person');

    const asQuito = await request(t.app, 'GET', `/api/lessons/${lesson.id}`, undefined, quito.headers);
    assert.equal(asQuito.body.negotiationWithheld, true);
    assert.equal(asQuito.body.negotiation, null);
    assert.deepEqual(asQuito.body.negotiationSteps, []);
    assert.equal(asQuito.body.contact, null, 'Cuenca’s contact person opted out of being shown');
    const action = await request(t.app, 'GET', `/api/actions/${lesson.action.id}`, undefined, quito.headers);
    const onAction = action.body.lessons.find((l: any) => l.id === lesson.id);
    assert.equal(onAction.negotiation, null);
    assert.equal(onAction.firstContact, null);
    assert.equal(onAction.negotiationWithheld, true);

    const asCuenca = await request(t.app, 'GET', `/api/lessons/${lesson.id}`, undefined, cuenca.headers);
    assert.equal(asCuenca.body.negotiationWithheld, false);
    assert.equal(asCuenca.body.negotiationSteps.length, 3);
    assert.match(asCuenca.body.negotiation, /borradores/);
  });

  it('never matches a search on words that appear only in a withheld negotiation journal', async () => {
    const search = await request(t.app, 'GET', '/api/lessons?q=procuraduria', undefined, quito.headers);
    assert.equal(search.body.total, 0);
  });

  it('filters by theme, partner, partner country, kind of action and outcome, and counts only what it lists', async () => {
    const partner = await sql<{ id: string }>`SELECT id FROM partner WHERE name = 'Lima'`.execute(t.database.db);
    const lima = partner.rows[0]!.id;
    for (const query of ['theme=economic_development', `partner=${lima}`, 'country=PE', 'type=project', 'outcome=completed']) {
      const result = await request(t.app, 'GET', `/api/lessons?${query}`);
      assert.equal(result.status, 200, query);
      assert.ok(result.body.items.some((l: any) => l.title.startsWith('Compartir la reubicación')), query);
      assert.equal(result.body.total, result.body.items.length, query);
    }
    const none = await request(t.app, 'GET', '/api/lessons?country=IT&type=project');
    assert.equal(none.body.total, 0);
    const bad = await request(t.app, 'GET', '/api/lessons?sort=stars');
    assertProblem(bad, 400, 'sort');
  });

  it('lets another GAD’s users mark a lesson useful once each, never the GAD that wrote it, and orders by usefulness', async () => {
    const list = await request(t.app, 'GET', '/api/lessons?q=comercio%20informal', undefined, cuenca.headers);
    const id = list.body.items[0].id;
    const first = await request(t.app, 'POST', `/api/lessons/${id}/useful`, undefined, cuenca.headers);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { lessonId: id, usefulCount: 1, votedByMe: true });
    const again = await request(t.app, 'POST', `/api/lessons/${id}/useful`, undefined, cuenca.headers);
    assert.equal(again.body.usefulCount, 1, 'one mark per user');
    const own = await request(t.app, 'POST', `/api/lessons/${id}/useful`, undefined, quito.headers);
    assertProblem(own, 403);
    const anonymous = await request(t.app, 'POST', `/api/lessons/${id}/useful`);
    assertProblem(anonymous, 401);

    const sorted = await request(t.app, 'GET', '/api/lessons?sort=useful', undefined, cuenca.headers);
    assert.equal(sorted.body.items[0].id, id);
    assert.equal(sorted.body.items[0].usefulCount, 1);
    assert.equal(sorted.body.items[0].votedByMe, true);
    const detail = await request(t.app, 'GET', `/api/lessons/${id}`, undefined, quito.headers);
    assert.equal(detail.body.usefulCount, 1);
    assert.equal(detail.body.votedByMe, false);

    const undone = await request(t.app, 'DELETE', `/api/lessons/${id}/useful`, undefined, cuenca.headers);
    assert.deepEqual(undone.body, { lessonId: id, usefulCount: 0, votedByMe: false });
  });

  it('keeps a lesson marked own out of other GADs’ lists and counts, and hides the contact of a user who opts out', async () => {
    const actionId = await makeAction(t.database, { gad: '1701', type: 'project', title: 'Proyecto zzprivado', visibility: 'public',
      themes: ['health'], details: { modality: 'technical_assistance', direction: 'received' } });
    const created = await request(t.app, 'POST', '/api/lessons', { actionId, title: 'Lección zzprivada', visibility: 'own' }, quito.headers);
    assert.equal(created.status, 201);
    assert.equal(created.body.contact.email, 'editor.quito@demo.glocal.ec', 'the author is the default contact');
    for (const session of [cuenca, undefined]) {
      const list = await request(t.app, 'GET', '/api/lessons?theme=health', undefined, session?.headers);
      assert.equal(list.body.total, 0);
      assert.equal(list.body.facets.theme.health, undefined);
      assert.equal((await request(t.app, 'GET', `/api/lessons/${created.body.id}`, undefined, session?.headers)).status, 404);
    }
    const mine = await request(t.app, 'GET', '/api/lessons?theme=health', undefined, quito.headers);
    assert.equal(mine.body.total, 1);

    await request(t.app, 'PATCH', '/api/lessons/' + created.body.id, { version: 1, visibility: 'gads' }, quito.headers);
    await request(t.app, 'PATCH', '/api/me', { showAsContact: false }, quito.headers);
    const shared = await request(t.app, 'GET', '/api/lessons?theme=health', undefined, cuenca.headers);
    assert.equal(shared.body.total, 1);
    assert.equal(shared.body.items[0].contact, null);
    assert.equal(shared.body.items[0].negotiationVisibility, 'own', 'widening a lesson does not widen its journal');
    await request(t.app, 'PATCH', '/api/me', { showAsContact: true }, quito.headers);
  });

  it('refuses a negotiation journal more visible than its lesson, and a contact from another GAD', async () => {
    const actionId = await makeAction(t.database, { gad: '1701', visibility: 'public' });
    const wide = await request(t.app, 'POST', '/api/lessons', { actionId, title: 'L', visibility: 'government', negotiationVisibility: 'public' }, quito.headers);
    assertProblem(wide, 422, 'body.negotiationVisibility');
    const cuencaUser = await sql<{ id: string }>`SELECT id FROM app_user WHERE email = 'editor.cuenca@demo.glocal.ec'`.execute(t.database.db);
    const foreign = await request(t.app, 'POST', '/api/lessons', { actionId, title: 'L', contactUserId: cuencaUser.rows[0]!.id }, quito.headers);
    assertProblem(foreign, 422, 'body.contactUserId');
    const ok = await request(t.app, 'POST', '/api/lessons', {
      actionId, title: 'L', visibility: 'public', negotiationVisibility: 'government',
      negotiationSteps: [{ occurredOn: '2025-01-02', description: 'Primera carta' }, { description: 'Reunión sin fecha' }],
    }, quito.headers);
    assert.equal(ok.status, 201);
    assert.equal(ok.body.negotiationSteps.length, 2);
    const narrowed = await request(t.app, 'PATCH', `/api/lessons/${ok.body.id}`, { version: 1, visibility: 'own' }, quito.headers);
    assert.equal(narrowed.body.negotiationVisibility, 'own', 'narrowing a lesson narrows its journal');
  });
});
