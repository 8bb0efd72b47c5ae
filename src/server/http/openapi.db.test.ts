import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { request } from '../testing/http.ts';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(() => t.close());

it('serves an OpenAPI 3.1 document that passes a standard validator', async () => {
  const response = await request(t.app, 'GET', '/api/openapi.json');
  assert.equal(response.status, 200);
  assert.equal(response.body.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(response.body);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.1');
});

it('documents the read API with the same schemas that validate requests', async () => {
  const { body } = await request(t.app, 'GET', '/api/openapi.json');
  for (const path of ['/api/health', '/api/gads', '/api/gads/{id}', '/api/actions', '/api/actions/{id}', '/api/partners', '/api/partners/{id}']) {
    assert.ok(body.paths[path]?.get, `missing GET ${path}`);
  }
  const limit = body.paths['/api/actions'].get.parameters.find((p: { name: string }) => p.name === 'limit');
  assert.equal(limit.schema.maximum, 200);
  const type = body.paths['/api/actions'].get.parameters.find((p: { name: string }) => p.name === 'type');
  assert.ok(type.schema.enum.includes('hosted_event'));
});
