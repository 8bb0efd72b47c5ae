import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

export interface JsonResponse<T = any> {
  status: number;
  contentType: string;
  body: T;
}

/** Sends a request through the whole Fastify pipeline (hooks, validation, error mapping, serialisation). */
export async function request<T = any>(app: FastifyInstance, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const response = await app.inject({ method: method as 'GET', url, payload: payload as string, headers });
  const contentType = String(response.headers['content-type'] ?? '');
  const body = contentType.includes('json') ? response.json() : response.body;
  return { status: response.statusCode, contentType, body: body as T };
}

export function assertProblem(response: JsonResponse, status: number, field?: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.contentType, /^application\/problem\+json/);
  if (field) {
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    assert.ok(fields.some((f) => f.includes(field)), `expected an error naming ${field}, got ${fields.join(', ')}`);
  }
}

export const DEMO_PASSWORD = 'demo-glocal-2026';

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Signs in through the real login endpoint and returns the headers a browser would send on writes. */
export async function signIn(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  assert.equal(response.statusCode, 200, response.body);
  const setCookie = String(response.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const csrf = response.json().csrfToken as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
