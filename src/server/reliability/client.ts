/** A browser-like HTTP client for a server on localhost: JSON in and out, a session cookie and its CSRF token. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  ms: number;
}

export interface HttpSession {
  cookie: string;
  csrf: string;
}

export const DEMO_PASSWORD = 'demo-glocal-2026';

export async function call<T = any>(base: string, method: string, path: string, body?: unknown, session?: HttpSession, timeoutMs = 30_000): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrf;
  }
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, ms };
}

/** A multipart POST, as a browser form sends it (the boundary is set by fetch). */
export async function postForm<T = any>(base: string, path: string, form: FormData, session: HttpSession, timeoutMs = 60_000): Promise<HttpResult<T>> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form, signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, ms };
}

export async function signInHttp(base: string, email: string, password = DEMO_PASSWORD): Promise<HttpSession> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = await response.json() as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** The p-th percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
