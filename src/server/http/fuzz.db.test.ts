/**
 * Property-based fuzzing of every write endpoint and every query parameter, read from the live
 * route table and the OpenAPI document, so new routes are fuzzed without anyone listing them.
 * Properties: never a 5xx; every refusal is a problem document; what was stored still passes
 * its own schema; memory stays bounded.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { signIn, type Session } from '../testing/http.ts';
import { makeAction, makePartner, systemCtx } from '../testing/factories.ts';
import { createCommitment } from '../features/commitments/write-commitment.ts';
import { createLesson } from '../features/lessons/write-lesson.ts';
import { actionInput } from '../features/actions/schema.ts';
import { currentInput } from '../features/actions/current-input.ts';

const TOTAL_INPUTS = 10_000;
// Heap still in use after the run; what the inputs allocate must be released again.
const MEMORY_BOUND_MB = 64;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function heapAfterGc() {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

let t: TestApp;
let admin: Session;
let editor: Session;
const ids: Record<string, string> = {};

before(async () => {
  t = await startTestApp({ loginPerMinute: 1_000_000 });
  admin = await signIn(t.app, 'admin@demo.glocal.ec');
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  ids.partner = await makePartner(t.database, 'Fuzz partner');
  ids.action = await makeAction(t.database, { title: 'Fuzz target', partners: [{ partnerId: ids.partner, role: 'counterpart' }] });
  const ctx = systemCtx(t.database);
  ids.commitment = await createCommitment(ctx, { actionId: ids.action, kind: 'obligation', description: 'x', state: 'pending' });
  ids.lesson = await createLesson(ctx, { actionId: ids.action, visibility: 'public', title: 'x' });
});
after(() => t.close());

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '<script>alert(1)</script>', "' OR 1=1 --", '%00', '\u0000', '\ud800', '__proto__', 'constructor',
    '1e400', '-1', '9'.repeat(30), 'NaN', 'null', 'true', '2013-02-30', 'ÑANDÚ', '../../etc/passwd', '{"$ne":null}'),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
// Sent as raw bytes: a structure this deep would overflow the test's own stack before the server's guard saw it.
const deepJson = fc.integer({ min: 30, max: 5_000 }).map((depth) => Buffer.from(`${'{"nested":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`));

interface RouteSpec { method: string; url: string; fields: string[]; queryParams: string[] }

function routeSpecs(): RouteSpec[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, any>> };
  return t.app.routeTable.filter((r) => r.method !== 'HEAD').map((route) => {
    const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
    const operation = doc.paths[openApiPath]?.[route.method.toLowerCase()] ?? {};
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    const properties = (schema?.properties ?? schema?.allOf?.flatMap((s: any) => Object.keys(s.properties ?? {})) ?? {});
    const fields = Array.isArray(properties) ? properties : Object.keys(properties);
    const queryParams = (operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string);
    return { method: route.method, url: route.url, fields, queryParams };
  });
}

function fillPath(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (url.startsWith('/api/partners')) return ids.partner!;
    if (url.startsWith('/api/commitments')) return ids.commitment!;
    if (url.startsWith('/api/lessons')) return ids.lesson!;
    if (url.startsWith('/api/gads')) return '1701';
    return name === 'id' ? ids.action! : ids.action!;
  });
}

it(`never answers ${TOTAL_INPUTS.toLocaleString('en')} hostile inputs to every write endpoint and query parameter with a 5xx`, { timeout: 20 * 60_000 }, async () => {
  const specs = routeSpecs().filter((s) => s.method !== 'GET' || s.queryParams.length > 0);
  const perRoute = Math.ceil(TOTAL_INPUTS / specs.length);
  const heapBefore = heapAfterGc();
  let sent = 0;
  const failures: string[] = [];
  for (const spec of specs) {
    const path = fillPath(spec.url);
    const body = spec.method === 'GET' ? fc.constant(undefined) : fc.oneof(
      { weight: 5, arbitrary: fc.record(Object.fromEntries((spec.fields.length ? spec.fields : ['x']).map((f) => [f, hostileValue])), { requiredKeys: [] }) },
      { weight: 2, arbitrary: hostileValue },
      { weight: 1, arbitrary: deepJson },
      { weight: 1, arbitrary: fc.constant(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])) },
    );
    const query = fc.dictionary(fc.oneof(fc.constantFrom(...(spec.queryParams.length ? spec.queryParams : ['q'])), hostileString), hostileString, { maxKeys: 4 });
    await fc.assert(fc.asyncProperty(body, query, fc.boolean(), async (payload, params, asEditor) => {
      const search = new URLSearchParams(params as Record<string, string>).toString();
      const session = asEditor ? editor : admin;
      const isBuffer = Buffer.isBuffer(payload);
      const response = await t.app.inject({
        method: spec.method as 'POST', url: `${path}${search ? `?${search}` : ''}`,
        headers: { ...session.headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        payload: payload === undefined ? undefined : isBuffer ? payload : JSON.stringify(payload),
      });
      sent++;
      if (response.statusCode >= 500) {
        failures.push(`${spec.method} ${spec.url} → ${response.statusCode}: ${response.body.slice(0, 200)} for ${JSON.stringify(payload)?.slice(0, 200)} ?${search.slice(0, 100)}`);
        return false;
      }
      if (response.statusCode >= 400 && !String(response.headers['content-type']).startsWith('application/problem+json')) {
        failures.push(`${spec.method} ${spec.url} → ${response.statusCode} without a problem body`);
        return false;
      }
      return true;
    }), { numRuns: perRoute, seed: 20_261_124, endOnFailure: true }).catch((error: unknown) => {
      failures.push(`${spec.method} ${spec.url}: ${String(error).slice(0, 600)}`);
    });
  }
  const heapGrowthMb = (heapAfterGc() - heapBefore) / 1e6;
  console.log(`fuzzing: ${sent} inputs over ${specs.length} routes (${perRoute} each), 0 expected 5xx; heap growth ${heapGrowthMb.toFixed(0)} MB (bound ${MEMORY_BOUND_MB} MB)`);
  if (failures.length) console.log(failures.slice(0, 20).join('\n'));
  assert.deepEqual(failures.slice(0, 10), []);
  assert.ok(sent >= TOTAL_INPUTS);
  assert.ok(heapGrowthMb < MEMORY_BOUND_MB, `memory grew ${heapGrowthMb} MB`);
});

it('leaves every stored action still valid against its own schema', async () => {
  const actions = await sql<Record<string, any>>`SELECT * FROM action`.execute(t.database.db);
  const broken: string[] = [];
  for (const action of actions.rows) {
    const result = actionInput.safeParse(await currentInput(t.database.db, action));
    if (!result.success) broken.push(`${action.id}: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  assert.deepEqual(broken, []);
  assert.ok(actions.rows.length > 100);
});
