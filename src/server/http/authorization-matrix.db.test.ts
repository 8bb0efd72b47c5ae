/**
 * The authorization matrix: every API route from the live route table × every role × a record
 * owned by the caller's GAD or another × every visibility. The expected status comes from the
 * oracle below, written from the access issue's rules, independently of the server's code.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { refreshRollups, startTestApp, type TestApp } from '../testing/harness.ts';
import { signIn, type Session } from '../testing/http.ts';
import { makeAction, makePartner, systemCtx } from '../testing/factories.ts';
import { createCommitment } from '../features/commitments/write-commitment.ts';
import { createLesson } from '../features/lessons/write-lesson.ts';
import { approvePlan, createPlan } from '../features/plans/write-plan.ts';
import { createPost } from '../features/knowledge/exchange.ts';
import { hashPassword } from '../features/auth/secrets.ts';
import type { Access } from './access.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentSettingsFromEnv } from '../storage/settings.ts';

type Visibility = 'public' | 'gads' | 'government' | 'own';
type Owner = '1701' | '0101';
interface Role { name: string; email: string | null; kind: string; gad: Owner | null; levels: string[] }

const ROLES: Role[] = [
  { name: 'anonymous', email: null, kind: 'anonymous', gad: null, levels: [] },
  { name: 'platform admin', email: 'admin@demo.glocal.ec', kind: 'platform_admin', gad: null, levels: [] },
  { name: 'Quito GAD admin', email: 'admin.quito@demo.glocal.ec', kind: 'gad_admin', gad: '1701', levels: [] },
  { name: 'Quito GAD editor', email: 'editor.quito@demo.glocal.ec', kind: 'gad_editor', gad: '1701', levels: [] },
  { name: 'Quito GAD viewer', email: 'viewer.quito@demo.glocal.ec', kind: 'gad_viewer', gad: '1701', levels: [] },
  { name: 'Cuenca GAD editor', email: 'editor.cuenca@demo.glocal.ec', kind: 'gad_editor', gad: '0101', levels: [] },
  { name: 'central analyst', email: 'analista.cancilleria@demo.glocal.ec', kind: 'central_analyst', gad: null, levels: [] },
  { name: 'AME analyst', email: 'analista.ame@demo.glocal.ec', kind: 'association_analyst', gad: null, levels: ['municipal', 'metropolitan'] },
  { name: 'CONGOPE analyst', email: 'analista.congope@test.glocal.ec', kind: 'association_analyst', gad: null, levels: ['provincial', 'special_regime'] },
];
const OWNERS: Owner[] = ['1701', '0101'];
const OWNER_LEVEL: Record<Owner, string> = { '1701': 'metropolitan', '0101': 'municipal' };
const VISIBILITIES: Visibility[] = ['public', 'gads', 'government', 'own'];

// ---- The oracle: the rules of the access issue, restated. ----
function canRead(role: Role, owner: Owner, visibility: Visibility): boolean {
  if (visibility === 'public') return true;
  if (role.kind === 'anonymous') return false;
  if (role.kind === 'platform_admin' || role.gad === owner) return true;
  if (visibility === 'gads') return true;
  if (visibility === 'government') {
    return role.kind === 'central_analyst' || (role.kind === 'association_analyst' && role.levels.includes(OWNER_LEVEL[owner]));
  }
  return false;
}
const canWrite = (role: Role, owner: Owner) =>
  role.kind === 'platform_admin' || (['gad_admin', 'gad_editor'].includes(role.kind) && role.gad === owner);
const canRestore = (role: Role, owner: Owner) => role.kind === 'platform_admin' || (role.kind === 'gad_admin' && role.gad === owner);
const isEditor = (role: Role) => ['platform_admin', 'gad_admin', 'gad_editor'].includes(role.kind);
const isAdmin = (role: Role) => ['platform_admin', 'gad_admin'].includes(role.kind);
const isAnalyst = (role: Role) => ['platform_admin', 'central_analyst', 'association_analyst'].includes(role.kind);

function expectedStatus(access: Access | 'create_on_record' | 'central_review', method: string, role: Role, owner: Owner, visibility: Visibility, success: number): number {
  const write = method !== 'GET';
  if (role.kind === 'anonymous' && (write || ['signed_in', 'admin', 'gad_admin', 'analyst'].includes(access)) && access !== 'auth' && access !== 'public') return 401;
  if (role.kind === 'anonymous' && write && access === 'public') return 401;
  switch (access) {
    case 'public': return success;
    case 'signed_in': return success;
    case 'admin': return isAdmin(role) ? success : 403;
    case 'gad_admin': return role.kind === 'gad_admin' ? success : 403;
    case 'record_read': return canRead(role, owner, visibility) ? success : 404;
    case 'record_write': return !canRead(role, owner, visibility) ? 404 : canWrite(role, owner) ? success : 403;
    // Usefulness marks come from users of another GAD, about a record they can read.
    case 'record_vote': return !canRead(role, owner, visibility) ? 404 : role.gad !== null && role.gad !== owner ? success : 403;
    case 'record_restore': return canRestore(role, owner) ? success : 404;
    // Approving a plan draft: admins of its GAD. A draft is seen only by its own GAD, so others get 404.
    case 'record_approve': return canRestore(role, owner) ? success : role.gad === owner ? 403 : 404;
    // National views comparing GADs: central and association analysts (and the platform admin).
    case 'analyst': return isAnalyst(role) ? success : 403;
    case 'create': return canWrite(role, owner) ? success : 403;
    case 'create_on_record': return !canRead(role, owner, visibility) ? 422 : canWrite(role, owner) ? success : 403;
    // Acting on a GAD's report (receive, observe, register, answer): central analysts and the platform admin; association analysts only read.
    case 'central_review': return !['platform_admin', 'central_analyst'].includes(role.kind) ? 403 : canRead(role, owner, visibility) ? success : 404;
    case 'partner_write': return isEditor(role) ? success : 403;
    case 'partner_admin': return isAdmin(role) ? success : 403;
    default: throw new Error(`no rule for ${access}`);
  }
}

// ---- Fixtures ----
let t: TestApp;
const sessions = new Map<string, Session>();
const routes: { method: string; url: string; access: Access }[] = [];
let marker = 0;

interface Fixture { actionId: string; commitmentId: string; lessonId: string; partnerId: string; marker: number }

async function makeFixture(owner: Owner, visibility: Visibility, options: { deleted?: boolean } = {}): Promise<Fixture> {
  const partnerId = await makePartner(t.database, `Matrix partner ${++marker}`);
  const actionId = await makeAction(t.database, {
    gad: owner, visibility, title: `Matrix record ${marker} qqmatrix${marker}`, partners: [{ partnerId, role: 'counterpart' }],
  });
  const ctx = systemCtx(t.database);
  const commitmentId = await createCommitment(ctx, { actionId, kind: 'obligation', description: 'Send the report', responsibleUnit: `Matrix unit ${marker}`, state: 'pending', dueOn: '2030-01-01' });
  const lessonId = await createLesson(ctx, { actionId, visibility, title: 'What we learned' });
  if (options.deleted) await sql`UPDATE action SET deleted_at = now() WHERE id = ${actionId}`.execute(t.database.db);
  return { actionId, commitmentId, lessonId, partnerId, marker };
}

/** An exchange post of the owner's GAD with the given visibility, found again by its unique title. */
async function makePost(owner: Owner, visibility: Visibility) {
  const title = `Matrix post ${++marker} qqpost${marker}`;
  const post = await createPost(systemCtx(t.database), { gad: owner, kind: 'offer', title, themes: ['culture'], expiresOn: '2099-01-01', visibility });
  return { id: post.id, marker };
}

/** A plan of the owner's GAD with the given visibility: approved, or a draft. */
async function makePlan(owner: Owner, visibility: Visibility, approved = true) {
  const ctx = systemCtx(t.database);
  const gad = await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = ${owner}`.execute(t.database.db);
  const id = await createPlan(ctx, gad.rows[0]!.id, {
    title: `Matrix plan ${++marker}`, periodStart: '2024-01-01', periodEnd: '2027-12-31', visibility, vision: null, axes: [], priorities: [],
    objectives: [{ code: 'O1', text: 'Objective' }],
    targets: [{ objective: 'O1', indicator: 'agreements_in_force', params: {}, baseline: 0, targetValue: 2, targetYear: 2027 }],
  });
  if (approved) await approvePlan(ctx, id, 1);
  return id;
}

/** A report on the fixture's action, in the state the route needs, written straight to the table (so its visibility stays the fixture's). */
async function makeReport(actionId: string, kind: 'agreement' | 'pre_signature' = 'agreement', state: 'submitted' | 'observed' = 'submitted') {
  const report = await sql<{ id: string }>`INSERT INTO report (gad_id, action_id, kind, state, submitted_at, received_at, state_since)
    SELECT gad_id, id, ${kind}, ${state}, now(), CASE WHEN ${state} = 'observed' THEN now() END, now() FROM action WHERE id = ${actionId}
    ON CONFLICT (action_id, kind) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`.execute(t.database.db);
  const id = report.rows[0]!.id;
  if (state === 'observed') {
    await sql`INSERT INTO report_message (report_id, gad_id, author_side, author_label, body, created_at)
      SELECT id, gad_id, 'central', 'matrix', 'Observation', now() FROM report WHERE id = ${id}`.execute(t.database.db);
  }
  return id;
}

/** A dry-run CSV import for the owner's GAD, as the browser form sends it. */
function importUpload(owner: Owner) {
  const boundary = `----matriximport${++marker}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.from(field('kind', 'visit') + field('dryRun', 'true') + field('gad', owner) +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="visits.csv"\r\nContent-Type: text/csv\r\n\r\ntitle\nMatrix visit ${marker}\n\r\n--${boundary}--\r\n`);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An import started by the caller for their GAD (or, without one, for the owner's): what GET /api/imports/:id shows its author. */
async function makeImport(role: Role, owner: Owner): Promise<string> {
  const run = await sql<{ id: string }>`INSERT INTO import_run (gad_id, created_by, kind, mode, dry_run, file_data, state)
    SELECT g.id, (SELECT id FROM app_user WHERE email = ${role.email ?? ''}), 'visit', 'create', true, ${Buffer.from('title\n')}, 'done'
    FROM gad g WHERE g.dpa_code = ${role.gad ?? owner} RETURNING id`.execute(t.database.db);
  return run.rows[0]!.id;
}

interface Case { url: string; body?: unknown; headers?: Record<string, string>; success: number; check?: (body: any) => void }

/** A multipart upload of a small PDF whose bytes differ on every call (so it is never deduplicated). */
function matrixUpload() {
  const boundary = `----matrix${++marker}`;
  const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="acta.pdf"\r\nContent-Type: application/pdf\r\n\r\n` +
    `%PDF-1.4\n% matrix ${marker}\n%%EOF\r\n--${boundary}--\r\n`);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A document on the fixture's action, uploaded through the API by the platform admin. */
async function makeDocument(f: Fixture): Promise<string> {
  const admin = await sessionFor(ROLES[1]!);
  const upload = matrixUpload();
  const response = await t.app.inject({ method: 'POST', url: `/api/actions/${f.actionId}/documents`, payload: upload.body, headers: { ...admin, ...upload.headers } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

/** How to call each route for one fixture; a route the table has and this list lacks fails the test. */
const readFixtures = new Map<string, Fixture>();

/** Reads share one fixture per owner and visibility; every write gets its own, since it changes it. */
async function fixtureFor(key: string, owner: Owner, visibility: Visibility): Promise<Fixture> {
  if (!key.startsWith('GET ')) return makeFixture(owner, visibility, { deleted: key === 'POST /api/actions/:id/restore' });
  const cacheKey = `${owner}:${visibility}`;
  if (!readFixtures.has(cacheKey)) readFixtures.set(cacheKey, await makeFixture(owner, visibility));
  return readFixtures.get(cacheKey)!;
}

const timelineFixtures = new Map<string, string>();
async function timelineFixture(owner: Owner, visibility: Visibility): Promise<string> {
  const cacheKey = `${owner}:${visibility}`;
  if (!timelineFixtures.has(cacheKey)) {
    timelineFixtures.set(cacheKey, await makeAction(t.database, { gad: owner, visibility, title: `Matrix timeline ${++marker}`, startDate: '2023-06-15' }));
  }
  return timelineFixtures.get(cacheKey)!;
}

async function requestFor(method: string, url: string, owner: Owner, visibility: Visibility, role: Role): Promise<Case> {
  const key = `${method} ${url}`;
  const f = await fixtureFor(key, owner, visibility);
  const id = (x: string) => (body: any) => assert.equal(body.id, x);
  switch (key) {
    case 'GET /api/actions': return { url: `/api/actions?partner=${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.total, canRead(role, owner, visibility) ? 1 : 0, 'the total counts only what the caller may open') };
    case 'GET /api/actions/deleted': return { url, success: 200 };
    case 'GET /api/actions/:id': return { url: `/api/actions/${f.actionId}`, success: 200, check: id(f.actionId) };
    case 'GET /api/actions/:id/history': return { url: `/api/actions/${f.actionId}/history`, success: 200, check: (b) => assert.equal(b.items[0].operation, 'create') };
    case 'POST /api/actions': return { url, success: 201, body: { gad: owner, type: 'award', title: 'New', details: { outcome: 'applied' } } };
    case 'PATCH /api/actions/:id': return { url: `/api/actions/${f.actionId}`, success: 200, body: { version: 1, title: 'Changed' }, check: (b) => assert.equal(b.title, 'Changed') };
    case 'DELETE /api/actions/:id': return { url: `/api/actions/${f.actionId}`, success: 204 };
    case 'POST /api/actions/:id/restore': return { url: `/api/actions/${f.actionId}/restore`, success: 200, check: id(f.actionId) };
    case 'GET /api/commitments': return { url: `/api/commitments?action=${f.actionId}`, success: 200,
      check: (b) => assert.equal(b.total, canRead(role, owner, visibility) ? 1 : 0) };
    case 'GET /api/commitments/:id': return { url: `/api/commitments/${f.commitmentId}`, success: 200, check: id(f.commitmentId) };
    case 'POST /api/commitments': return { url, success: 201, body: { actionId: f.actionId, description: 'Another' } };
    case 'PATCH /api/commitments/:id': return { url: `/api/commitments/${f.commitmentId}`, success: 200, body: { version: 1, state: 'in_progress' } };
    case 'DELETE /api/commitments/:id': return { url: `/api/commitments/${f.commitmentId}`, success: 204 };
    case 'POST /api/commitments/:id/notes': return { url: `/api/commitments/${f.commitmentId}/notes`, success: 201, body: { body: 'Called them' } };
    case 'POST /api/commitments/:id/complete': return { url: `/api/commitments/${f.commitmentId}/complete`, success: 200, body: { evidenceUrl: 'https://example.org/acta.pdf' } };
    case 'GET /api/lessons/:id': return { url: `/api/lessons/${f.lessonId}`, success: 200, check: id(f.lessonId) };
    case 'POST /api/lessons': return { url, success: 201, body: { actionId: f.actionId, title: 'Another lesson' } };
    case 'PATCH /api/lessons/:id': return { url: `/api/lessons/${f.lessonId}`, success: 200, body: { version: 1, advice: 'Start early' } };
    case 'DELETE /api/lessons/:id': return { url: `/api/lessons/${f.lessonId}`, success: 204 };
    case 'GET /api/lessons': return { url: `/api/lessons?partner=${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.total, canRead(role, owner, visibility) ? 1 : 0, 'the knowledge page counts only readable lessons') };
    case 'POST /api/lessons/:id/useful': return { url: `/api/lessons/${f.lessonId}/useful`, success: 200, check: (b) => assert.equal(b.usefulCount, 1) };
    case 'DELETE /api/lessons/:id/useful': return { url: `/api/lessons/${f.lessonId}/useful`, success: 200, check: (b) => assert.equal(b.usefulCount, 0) };
    case 'GET /api/peers': return { url: `/api/peers?partner=${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.total, canRead(role, owner, visibility) ? 1 : 0, 'the peer finder ranks only on readable actions') };
    case 'GET /api/exchange/posts': { const post = await makePost(owner, visibility); return { url: `/api/exchange/posts?q=qqpost${post.marker}`, success: 200,
      check: (b) => assert.equal(b.total, canRead(role, owner, visibility) ? 1 : 0, 'the exchange counts only readable posts') }; }
    case 'POST /api/exchange/posts': return { url, success: 201, body: { gad: owner, kind: 'request', title: 'We seek', themes: ['mobility'], expiresOn: '2099-01-01' } };
    case 'GET /api/exchange/posts/:id': { const post = await makePost(owner, visibility); return { url: `/api/exchange/posts/${post.id}`, success: 200, check: id(post.id) }; }
    case 'GET /api/exchange/posts/:id/matches': { const post = await makePost(owner, visibility); return { url: `/api/exchange/posts/${post.id}/matches`, success: 200 }; }
    case 'PATCH /api/exchange/posts/:id': return { url: `/api/exchange/posts/${(await makePost(owner, visibility)).id}`, success: 200, body: { version: 1, title: 'Changed' } };
    case 'DELETE /api/exchange/posts/:id': return { url: `/api/exchange/posts/${(await makePost(owner, visibility)).id}`, success: 204 };
    case 'GET /api/graph': return { url: `/api/graph?partner=${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.nodes.length, canRead(role, owner, visibility) ? 2 : 0, 'the graph draws only readable actions') };
    case 'GET /api/plans/indicators': return { url, success: 200 };
    case 'GET /api/plans': return { url: `/api/plans?gad=${owner}&limit=5`, success: 200 };
    case 'GET /api/plans/:id': { const planId = await makePlan(owner, visibility); return { url: `/api/plans/${planId}`, success: 200, check: id(planId) }; }
    case 'GET /api/plans/:id/progress': return { url: `/api/plans/${await makePlan(owner, visibility)}/progress`, success: 200, check: (b) => assert.equal(b.targets.length, 1) };
    case 'GET /api/plans/:id/document.pdf': return { url: `/api/plans/${await makePlan(owner, visibility)}/document.pdf?lang=en`, success: 200 };
    case 'POST /api/plans': return { url, success: 201, body: { gad: owner, title: 'New plan', periodStart: '2026-01-01', periodEnd: '2026-12-31' } };
    case 'PATCH /api/plans/:id': return { url: `/api/plans/${await makePlan(owner, visibility)}`, success: 201, body: { version: 2, title: 'Next version' },
      check: (b) => assert.equal(b.versionNumber, 2, 'editing an approved plan makes a new draft version') };
    case 'POST /api/plans/:id/approve': return { url: `/api/plans/${await makePlan(owner, visibility, false)}/approve`, success: 200, body: { version: 1 } };
    case 'GET /api/actions/:id/links': return { url: `/api/actions/${f.actionId}/links`, success: 200 };
    case 'GET /api/actions/:id/link-suggestions': return { url: `/api/actions/${f.actionId}/link-suggestions`, success: 200 };
    case 'POST /api/actions/:id/links': return { url: `/api/actions/${f.actionId}/links`, success: 201, body: { kind: 'sdg', ref: '11' } };
    case 'DELETE /api/actions/:id/links/:linkId': {
      const link = await sql<{ id: string }>`INSERT INTO action_link (action_id, gad_id, kind, ref, confirmed_by_label, confirmed_at)
        SELECT id, gad_id, 'sdg', '11', 'matrix', now() FROM action WHERE id = ${f.actionId} RETURNING id`.execute(t.database.db);
      return { url: `/api/actions/${f.actionId}/links/${link.rows[0]!.id}`, success: 204 };
    }
    case 'GET /api/indicators/alignment': return { url: `/api/indicators/alignment?gad=${owner}&from=2024-03-01&to=2024-03-01`, success: 200,
      check: (b) => assert.equal(b.actionsOutsidePlan.some((a: { id: string }) => a.id === f.actionId), canRead(role, owner, visibility), 'alignment lists only readable actions') };
    case 'GET /api/indicators/alignment/national': return { url: '/api/indicators/alignment/national?from=2024-03-01&to=2024-03-01', success: 200 };
    case 'GET /api/indicators/positioning': return { url: `/api/indicators/positioning?gad=${owner}&from=2024&to=2024`, success: 200 };
    case 'GET /api/indicators/breakdowns': return { url: `/api/indicators/breakdowns?gad=${owner}&from=2024&to=2024`, success: 200 };
    case 'GET /api/indicators/comparison': return { url: '/api/indicators/comparison?gads=1701,0101&from=2024&to=2024', success: 200 };
    case 'GET /api/indicators/national': return { url: '/api/indicators/national?from=2024&to=2024&limit=5', success: 200 };
    case 'GET /api/indicators/partner-map': return { url: `/api/indicators/partner-map?gad=${owner}&from=2024&to=2024`, success: 200 };
    case 'GET /api/gads/:id/timeline': {
      // A year of its own: the writes' fixtures fill 2024 past the timeline's 500 items. The timeline finds its
      // items through the rollups, which the 15 s job brings up to date after a write.
      const actionId = await timelineFixture(owner, visibility);
      await refreshRollups(t.database);
      return { url: `/api/gads/${owner}/timeline?from=2023&to=2023&type=agreement`, success: 200,
        check: (b) => assert.equal(b.items.some((i: { id: string }) => i.id === actionId), canRead(role, owner, visibility), 'the timeline shows only readable actions') };
    }
    case 'GET /api/gads/:id/annual-report.pdf': return { url: `/api/gads/${owner}/annual-report.pdf?year=2024&lang=pt`, success: 200 };
    case 'GET /api/imports/templates/:file': return { url: '/api/imports/templates/agreement.csv?lang=es', success: 200 };
    case 'POST /api/imports': return { url, success: 202, ...importUpload(owner) };
    case 'GET /api/imports/:id': return { url: `/api/imports/${await makeImport(role, owner)}`, success: 200, check: (b) => assert.equal(b.kind, 'visit') };
    case 'POST /api/imports/mappings': return { url, success: 201, body: { kind: 'visit', name: `Matrix ${++marker}`, mapping: { Título: 'title' }, gad: owner } };
    case 'GET /api/imports/mappings': return { url, success: 200 };
    case 'GET /api/partners/matches': return { url: `/api/partners/matches?name=Matrix%20partner%20${f.marker}`, success: 200 };
    case 'GET /api/partners/duplicates': return { url, success: 200 };
    case 'GET /api/partners': return { url: `/api/partners?q=Matrix%20partner%20${f.marker}`, success: 200 };
    case 'GET /api/partners/:id': return { url: `/api/partners/${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.actions.length, canRead(role, owner, visibility) ? 1 : 0, 'a partner page lists only readable actions') };
    case 'POST /api/partners': return { url, success: 201, body: { name: `Partner by ${role.name} ${marker}`, type: 'ngo' } };
    case 'PATCH /api/partners/:id': return { url: `/api/partners/${f.partnerId}`, success: 200, body: { version: 1, city: 'Lima' } };
    case 'POST /api/partners/:id/merge': return { url: `/api/partners/${f.partnerId}/merge`, success: 200, body: { into: await makePartner(t.database, `Target ${marker}`) } };
    case 'POST /api/partners/:id/unmerge': {
      const target = await makePartner(t.database, `Target ${marker}`);
      await sql`INSERT INTO partner_merge (source_id, target_id, moved_links, added_aliases) VALUES (${f.partnerId}, ${target}, '[]', '{}')`.execute(t.database.db);
      await sql`UPDATE partner SET merged_into_id = ${target} WHERE id = ${f.partnerId}`.execute(t.database.db);
      return { url: `/api/partners/${f.partnerId}/unmerge`, success: 200 };
    }
    case 'GET /api/audit': return { url, success: 200 };
    case 'GET /api/users': return { url, success: 200 };
    case 'POST /api/invitations': return { url, success: 201, body: { email: `invitee${marker}@example.org`, role: 'gad_viewer' } };
    case 'POST /api/auth/logout': return { url, success: 200 };
    case 'GET /api/me': return { url, success: 200, check: (b) => assert.equal(b.email, role.email) };
    case 'GET /api/auth/session': return { url, success: 200, check: (b) => assert.equal(b.user?.email ?? null, role.email) };
    case 'PATCH /api/me': return { url, success: 200, body: { locale: 'es' } };
    case 'GET /api/me/tokens': return { url, success: 200 };
    case 'POST /api/me/tokens': return { url, success: 201, body: { name: 'matrix', scopes: ['read'] } };
    case 'DELETE /api/me/tokens/:id': {
      const session = role.email ? sessions.get(role.email)! : null;
      const created = session ? await t.app.inject({ method: 'POST', url: '/api/me/tokens', payload: { name: 'to revoke', scopes: ['read'] }, headers: session.headers }) : null;
      return { url: `/api/me/tokens/${created ? created.json().id : '00000000-0000-0000-0000-000000000000'}`, success: 200 };
    }
    case 'GET /api/follow-up/board': return { url: `/api/follow-up/board?gad=${owner}&unit=${encodeURIComponent(`Matrix unit ${f.marker}`)}`, success: 200,
      check: (b) => assert.equal(b.columns.later.items.some((c: { id: string }) => c.id === f.commitmentId), canRead(role, owner, visibility)) };
    case 'GET /api/follow-up/rules': return { url: `/api/follow-up/rules?gad=${owner}`, success: 200, check: (b) => assert.equal(b.gad.dpaCode, owner) };
    case 'PUT /api/follow-up/rules': {
      const gad = role.gad ?? owner;
      const current = await sql<{ version: number }>`SELECT r.version FROM followup_rule r JOIN gad g ON g.id = r.gad_id WHERE g.dpa_code = ${gad}`.execute(t.database.db);
      return { url, success: 200, body: { gad, tripReportDays: 15, awardLessons: true, awardLessonsDays: 30, renewalAlertDays: [90, 30], dormantMonths: 12,
        version: current.rows[0]?.version ?? 0 } };
    }
    case 'GET /api/me/follow-up': return { url, success: 200 };
    case 'PUT /api/me/follow-up': return { url, success: 200, body: { digest: 'weekly' }, check: (b) => assert.equal(b.digest, 'weekly') };
    case 'GET /api/inbox': return { url, success: 200 };
    case 'GET /api/inbox/unread-count': return { url, success: 200 };
    case 'POST /api/inbox/read-all': return { url, success: 200 };
    case 'POST /api/inbox/:id/read': {
      // The caller's own notification: reading someone else's is a 404 (tested in the follow-up tests).
      const mine = role.email ? await sql<{ id: string }>`INSERT INTO notification (user_id, kind, title, dedupe_key)
        SELECT id, 'overdue', 'Matrix notice', ${`matrix:${++marker}`} FROM app_user WHERE email = ${role.email} RETURNING id`.execute(t.database.db) : null;
      return { url: `/api/inbox/${mine?.rows[0]?.id ?? '00000000-0000-0000-0000-000000000000'}/read`, success: 200 };
    }
    case 'GET /api/admin/outbox': return { url, success: 200 };
    case 'POST /api/actions/:id/reports': return { url: `/api/actions/${f.actionId}/reports`, success: 201, body: {}, check: (b) => assert.equal(b.kind, 'agreement') };
    case 'GET /api/actions/:id/reports': await makeReport(f.actionId); return { url: `/api/actions/${f.actionId}/reports`, success: 200, check: (b) => assert.equal(b.items.length, 1) };
    case 'GET /api/reports': await makeReport(f.actionId); return { url: '/api/reports?gad=' + owner + '&limit=200', success: 200,
      check: (b) => assert.equal(b.items.some((r: { action: { id: string } }) => r.action.id === f.actionId),
        canRead(role, owner, visibility) && (['platform_admin', 'central_analyst'].includes(role.kind) || role.gad === owner || role.levels.includes(OWNER_LEVEL[owner])),
        'the queue lists readable reports within the caller\'s workspace') };
    case 'GET /api/reports/:id': { const id = await makeReport(f.actionId); return { url: `/api/reports/${id}`, success: 200, check: (b) => assert.equal(b.id, id) }; }
    case 'POST /api/reports/:id/receive': return { url: `/api/reports/${await makeReport(f.actionId)}/receive`, success: 200, body: {}, check: (b) => assert.equal(b.state, 'received') };
    case 'POST /api/reports/:id/observe': return { url: `/api/reports/${await makeReport(f.actionId)}/observe`, success: 200, body: { body: 'Falta la copia' } };
    case 'POST /api/reports/:id/reply': return { url: `/api/reports/${await makeReport(f.actionId, 'agreement', 'observed')}/reply`, success: 200, body: { body: 'Adjunta' } };
    case 'POST /api/reports/:id/register': return { url: `/api/reports/${await makeReport(f.actionId)}/register`, success: 200,
      body: { registerNumber: 'M-1', registeredOn: '2026-01-15' }, check: (b) => assert.equal(b.state, 'registered') };
    case 'POST /api/reports/:id/answer': return { url: `/api/reports/${await makeReport(f.actionId, 'pre_signature')}/answer`, success: 200, body: { answer: 'no_objection' } };
    case 'GET /api/indicators/articulation': return { url: `/api/indicators/articulation?gad=${owner}`, success: 200 };
    case 'GET /api/export/actions.json': return { url: `/api/export/actions.json?partner=${f.partnerId}`, success: 200,
      check: (b) => assert.equal(b.length, canRead(role, owner, visibility) ? 1 : 0, 'an export holds only readable actions') };
    case 'GET /api/export/actions.csv': case 'GET /api/export/actions.xlsx': case 'GET /api/export/iati.xml':
      return { url: `${url}?partner=${f.partnerId}`, success: 200 };
    case 'POST /api/actions/:id/documents': return { url: `/api/actions/${f.actionId}/documents`, success: 201, ...matrixUpload() };
    case 'POST /api/commitments/:id/documents': return { url: `/api/commitments/${f.commitmentId}/documents`, success: 201, ...matrixUpload() };
    case 'GET /api/actions/:id/documents': return { url: `/api/actions/${f.actionId}/documents`, success: 200 };
    case 'GET /api/commitments/:id/documents': return { url: `/api/commitments/${f.commitmentId}/documents`, success: 200 };
    case 'GET /api/documents/:id': { const documentId = await makeDocument(f); return { url: `/api/documents/${documentId}`, success: 200, check: id(documentId) }; }
    case 'GET /api/documents/:id/download': return { url: `/api/documents/${await makeDocument(f)}/download`, success: 200 };
    case 'DELETE /api/documents/:id': return { url: `/api/documents/${await makeDocument(f)}`, success: 204 };
    case 'GET /api/search': return { url: `/api/search?q=qqmatrix${f.marker}`, success: 200,
      check: (b) => assert.equal(b.items.some((i: { id: string }) => i.id === f.actionId), canRead(role, owner, visibility), 'search finds only readable records') };
    default:
      if (key.startsWith('GET /api/gads') || key.startsWith('GET /api/reference') || key === 'GET /api/health' || key === 'GET /api/auth/oidc') {
        return { url: url.replace(':id', '1701'), success: 200 };
      }
      throw new Error(`The matrix does not know how to call ${key}; add it`);
  }
}

before(async () => {
  t = await startTestApp({ loginPerMinute: 100_000, documents: documentSettingsFromEnv({}, mkdtempSync(join(tmpdir(), 'glocal-matrix-'))) });
  await sql`INSERT INTO app_user (email, display_name, password_hash, role, organisation)
    VALUES ('analista.congope@test.glocal.ec', 'CONGOPE', ${await hashPassword('demo-glocal-2026')}, 'association_analyst', 'CONGOPE')`.execute(t.database.db);
  routes.push(...routeTable(t.app));
});
after(() => t.close());

function routeTable(app: FastifyInstance) {
  return app.routeTable.filter((r) => r.method !== 'HEAD');
}

async function sessionFor(role: Role): Promise<Record<string, string>> {
  if (!role.email) return {};
  if (!sessions.has(role.email)) sessions.set(role.email, await signIn(t.app, role.email));
  return sessions.get(role.email)!.headers;
}

it('grants and refuses every route to every role as the access rules say', { timeout: 30 * 60_000 }, async () => {
  const authRoutes = routes.filter((r) => r.access === 'auth');
  const tested = routes.filter((r) => r.access !== 'auth');
  assert.ok(tested.length >= 35, `only ${tested.length} routes in the table`);
  let cases = 0;
  const failures: string[] = [];
  for (const route of tested) {
    for (const role of ROLES) {
      for (const owner of OWNERS) {
        for (const visibility of VISIBILITIES) {
          const headers = await sessionFor(role);
          const c = await requestFor(route.method, route.url, owner, visibility, role);
          // A commitment or lesson names its action in the body: one the caller cannot see is an unknown field value.
          const access = route.access === 'create' && c.body && typeof c.body === 'object' && 'actionId' in c.body ? 'create_on_record'
            : /^\/api\/reports\/:id\/(receive|observe|register|answer)$/.test(route.url) ? 'central_review' : route.access;
          const expected = expectedStatus(access, route.method, role, owner, visibility, c.success);
          const response = await t.app.inject({ method: route.method as 'GET', url: c.url, payload: c.body as object, headers: { ...headers, ...c.headers } });
          if (route.url === '/api/auth/logout' && role.email) sessions.delete(role.email);
          cases++;
          const label = `${route.method} ${route.url} as ${role.name}, ${owner === role.gad ? 'own' : 'other'} GAD (${owner}), ${visibility}`;
          if (response.statusCode !== expected) {
            failures.push(`${label}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
            continue;
          }
          if (expected >= 400) {
            if (!String(response.headers['content-type']).startsWith('application/problem+json') || response.json().status !== expected) {
              failures.push(`${label}: expected a problem body with status ${expected}`);
            }
          } else if (c.check && expected !== 204) {
            try { c.check(response.json()); } catch (error) { failures.push(`${label}: ${(error as Error).message}`); }
          }
        }
      }
    }
  }
  console.log(`authorization matrix: ${tested.length} routes × ${ROLES.length} roles × ${OWNERS.length} owning GADs × ${VISIBILITIES.length} visibilities = ${cases} cases (${authRoutes.length} credential routes covered by the auth tests)`);
  assert.deepEqual(failures, []);
});
