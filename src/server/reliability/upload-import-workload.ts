import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { csvLine } from '../features/imports/csv.ts';
import { pdf } from '../features/documents/test-files.ts';
import { call, postForm } from './client.ts';
import { MARK, storedFileProblem } from './consistency.ts';
import type { Ledger, Sessions, Traffic } from './write-workload.ts';

/** Rows of each import the workload runs: enough that the job spends a while writing. */
export const IMPORT_ROWS = 300;
/** How long a client waits for its import job to finish before calling it a failure. */
const IMPORT_WAIT_MS = 600_000;

type Expect = (what: string, status: number, ok: number[], body: unknown) => boolean;

/** A small real PDF (unique bytes, so it is never taken for a copy) filed on one of the workload's actions. */
export async function uploadStep(base: string, s: Sessions, ledger: Ledger, actionId: string, tag: string, expect: Expect) {
  const bytes = await pdf([`${MARK}: acta ${tag}`, `Ejemplar ${randomUUID()}`]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const form = new FormData();
  form.append('title', `${MARK}: acta ${tag}`);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), `acta-${tag}.pdf`);
  const r = await postForm(base, `/api/actions/${actionId}/documents`, form, s.editor);
  if (!expect('upload document', r.status, [201], r.body)) return;
  if (r.body.sha256 !== sha256 || r.body.size !== bytes.length) {
    ledger.unexpected.push(`upload document ${r.body.id}: stored as ${r.body.size} bytes ${r.body.sha256}, sent ${bytes.length} bytes ${sha256}`);
  }
  ledger.documents.set(r.body.id, { size: bytes.length, sha256 });
  ledger.acknowledged++;
}

/**
 * A CSV of visits, each with an external id no other import uses, imported for real (upsert, not
 * a dry run). The job runs in the background; the write counts as acknowledged once the client
 * has seen the run 'done'. Returns the watch on it, which the caller need not await: the client
 * goes on with other writes meanwhile, as a person would.
 */
export async function importStep(base: string, s: Sessions, ledger: Ledger, traffic: Traffic, tag: string, expect: Expect): Promise<{ watch: Promise<void> } | undefined> {
  const externalIds = Array.from({ length: IMPORT_ROWS }, (_, i) => `CRASH-${tag}-${i}`);
  const lines = [['externalId', 'title', 'startDate', 'visibility', 'outcome'],
    ...externalIds.map((id, i) => [id, `${MARK}: visita ${tag}-${i}`, '2026-03-01', 'public', 'approach'])];
  const form = new FormData();
  form.append('kind', 'visit');
  form.append('mode', 'upsert');
  form.append('dryRun', 'false');
  form.append('file', new Blob([lines.map(csvLine).join('\n') + '\n'], { type: 'text/csv' }), `visitas-${tag}.csv`);
  const started = await postForm(base, '/api/imports', form, s.editor);
  if (!expect('start import', started.status, [202], started.body)) return undefined;
  const id: string = started.body.id;
  traffic.imports.set(id, 'queued');
  // Wrapped, or the caller's await would wait for the import itself.
  return { watch: watchImport(base, s, ledger, traffic, id, externalIds, expect).finally(() => traffic.imports.delete(id)) };
}

async function watchImport(base: string, s: Sessions, ledger: Ledger, traffic: Traffic, id: string, externalIds: string[], expect: Expect) {
  const deadline = Date.now() + IMPORT_WAIT_MS;
  for (;;) {
    const r = await call(base, 'GET', `/api/imports/${id}?limit=5`, undefined, s.editor);
    if (!expect('read import', r.status, [200], r.body)) return;
    traffic.imports.set(id, r.body.state);
    if (r.body.state === 'done') {
      if (r.body.counts.created !== IMPORT_ROWS) ledger.unexpected.push(`import ${id} done with ${JSON.stringify(r.body.counts)}, expected ${IMPORT_ROWS} created`);
      ledger.imports.set(id, { externalIds });
      ledger.acknowledged++;
      return;
    }
    if (r.body.state === 'failed' || Date.now() > deadline) {
      ledger.unexpected.push(`import ${id} ${r.body.state === 'failed' ? `failed (${r.body.outcome})` : `still ${r.body.state} after ${IMPORT_WAIT_MS} ms`}: ${JSON.stringify(r.body.report).slice(0, 200)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Every acknowledged upload has its row, with the bytes the client sent, and its stored file; every acknowledged import all its rows. */
export async function lostDocumentsAndImports(db: Db, ledger: Ledger, dataDir: string | undefined): Promise<string[]> {
  const lost: string[] = [];
  const documents = await sql<{ id: string; size_bytes: string; sha256: string; storage_key: string }>`
    SELECT id::text, size_bytes::text, sha256, storage_key FROM document WHERE id = ANY(${[...ledger.documents.keys()]}::uuid[])`.execute(db);
  const found = new Map(documents.rows.map((r) => [r.id, r]));
  for (const [id, acked] of ledger.documents) {
    const row = found.get(id);
    if (!row) lost.push(`document ${id} was acknowledged but is missing`);
    else if (Number(row.size_bytes) !== acked.size || row.sha256 !== acked.sha256) lost.push(`document ${id} no longer describes the bytes uploaded`);
    else if (dataDir) {
      const problem = await storedFileProblem(join(dataDir, 'documents', row.storage_key), acked.size, acked.sha256);
      if (problem) lost.push(`document ${id}: ${problem}`);
    }
  }
  const runs = await sql<{ id: string; state: string }>`SELECT id::text, state FROM import_run WHERE id = ANY(${[...ledger.imports.keys()]}::uuid[])`.execute(db);
  const state = new Map(runs.rows.map((r) => [r.id, r.state]));
  for (const [id, acked] of ledger.imports) {
    if (state.get(id) !== 'done') lost.push(`import ${id} was acknowledged done but is ${state.get(id) ?? 'missing'}`);
    const present = await sql<{ n: number }>`SELECT count(*)::int AS n FROM action WHERE external_id = ANY(${acked.externalIds}::text[])`.execute(db);
    if (present.rows[0]!.n !== acked.externalIds.length) lost.push(`import ${id} was acknowledged with ${acked.externalIds.length} rows but ${present.rows[0]!.n} are there`);
  }
  return lost;
}
