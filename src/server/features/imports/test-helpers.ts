import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Session } from '../../testing/http.ts';
import { csvLine } from './csv.ts';

export interface UploadOptions { kind: string; mode?: string; dryRun?: boolean; skipBadRows?: boolean; mapping?: Record<string, string>; mappingId?: string; gad?: string; name?: string; type?: string }

/** Posts a file the way a browser form does. */
export async function upload(app: FastifyInstance, session: Session | null, data: string | Uint8Array, options: UploadOptions) {
  const form = new FormData();
  form.append('kind', options.kind);
  if (options.mode) form.append('mode', options.mode);
  form.append('dryRun', String(options.dryRun ?? false));
  if (options.skipBadRows) form.append('skipBadRows', 'true');
  if (options.mapping) form.append('mapping', JSON.stringify(options.mapping));
  if (options.mappingId) form.append('mappingId', options.mappingId);
  if (options.gad) form.append('gad', options.gad);
  form.append('file', new Blob([data as BlobPart], { type: options.type ?? 'text/csv' }), options.name ?? 'file.csv');
  const response = await app.inject({ method: 'POST', url: '/api/imports', payload: form, headers: session?.headers ?? {} });
  return { status: response.statusCode, body: response.json() };
}

/** Runs the queued jobs, then reads the import as its author sees it. */
export async function finished(app: FastifyInstance, session: Session, id: string, lang = 'en') {
  await app.worker.drain();
  const response = await app.inject({ method: 'GET', url: `/api/imports/${id}?lang=${lang}&limit=10000`, headers: session.headers });
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

export async function importFile(app: FastifyInstance, session: Session, data: string | Uint8Array, options: UploadOptions, lang = 'en') {
  const started = await upload(app, session, data, options);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return finished(app, session, started.body.id, lang);
}

export const csv = (rows: (string | number | null)[][]) => rows.map(csvLine).join('\n') + '\n';

/** Row count and a checksum of every action row: "the database is exactly as before". */
export async function actionFingerprint(db: Db) {
  const result = await sql<{ n: number; sum: string; links: number; audit: number }>`
    SELECT (SELECT count(*)::int FROM action) AS n,
           (SELECT md5(COALESCE(string_agg(a::text, '|' ORDER BY a.id), '')) FROM action a) AS sum,
           (SELECT count(*)::int FROM action_partner) + (SELECT count(*)::int FROM action_theme) AS links,
           (SELECT count(*)::int FROM audit_log WHERE entity = 'action') AS audit`.execute(db);
  return result.rows[0]!;
}
