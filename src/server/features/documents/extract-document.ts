import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { DocumentSettings } from '../../storage/settings.ts';
import { extractorOf } from './media-types.ts';
import { runExtraction } from './extract/run-extraction.ts';
import { EXTRACT_QUEUE } from './upload-document.ts';

/**
 * Reads one document's text and stores it for search. Problems with the file itself end as
 * `failed` or `not_extractable` with a reason; only database errors make the job retry.
 */
export async function extractDocument(db: Db, settings: DocumentSettings, documentId: string, now: Date): Promise<void> {
  const found = await sql<{ id: string; gad_id: string; media_type: string; storage_key: string; language: string }>`
    SELECT id, gad_id, media_type, storage_key, language FROM document
    WHERE id = ${documentId} AND extraction_state = 'pending' AND deleted_at IS NULL`.execute(db);
  const document = found.rows[0];
  if (!document) return;
  const extractor = extractorOf(document.media_type);
  let result;
  if (!extractor) {
    result = { state: 'not_extractable' as const, reason: `No reader for ${document.media_type}`, text: '' };
  } else {
    await mkdir(settings.spoolDir, { recursive: true });
    const copy = await settings.storage.localCopy(document.storage_key, join(settings.spoolDir, `${randomUUID()}.extract`));
    try {
      result = await runExtraction(copy.path, extractor, { timeoutMs: settings.extractTimeoutMs, heapMb: settings.extractHeapMb });
    } finally {
      if (copy.temporary) await rm(copy.path, { force: true });
    }
  }
  await db.transaction().execute(async (tx) => {
    if (result.state === 'done') {
      await sql`INSERT INTO document_text (document_id, gad_id, language, body, extracted_at)
        VALUES (${document.id}, ${document.gad_id}, ${document.language}, ${result.text}, ${now})
        ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body, language = EXCLUDED.language, extracted_at = EXCLUDED.extracted_at`.execute(tx);
    }
    await sql`UPDATE document SET extraction_state = ${result.state}, extraction_reason = ${result.reason}
      WHERE id = ${document.id}`.execute(tx);
  });
}

export function documentJobHandlers(app: FastifyInstance): Record<string, JobHandler> {
  return {
    [EXTRACT_QUEUE]: (payload, { db, now }) => extractDocument(db, app.documents, String(payload.documentId), now),
  };
}
