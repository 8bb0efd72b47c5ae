import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { actorLabel } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { Storage } from '../../storage/storage.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { selectVisibleAction } from '../actions/detail-queries.ts';
import { storageFailure } from '../../storage/storage-failure.ts';
import { writableCommitment } from '../commitments/write-commitment.ts';
import { parseOrInvalid } from '../shared/schema.ts';
import { selectSameBytes, selectVisibleDocument, type DocumentRow } from './queries.ts';
import type { ReceivedUpload } from './receive-upload.ts';

export const EXTRACT_QUEUE = 'document-extract';

export type DocumentRecord = { actionId: string } | { commitmentId: string };

export interface WritableRecord {
  gadId: string;
  actionId: string;
  commitmentId: string | null;
}

/** The action or commitment a document is filed on, if the caller may read it (else 404) and write it (else 403). */
export async function writableRecord(db: Db, ctx: Ctx, record: DocumentRecord): Promise<WritableRecord> {
  if ('commitmentId' in record) {
    const commitment = await writableCommitment(db, ctx, record.commitmentId);
    return { gadId: commitment.gad_id, actionId: commitment.action_id, commitmentId: commitment.id };
  }
  const action = await selectVisibleAction(db, ctx.actor, record.actionId);
  if (!action) throw AppError.notFound('Action');
  if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may add documents to it');
  return { gadId: action.gad_id, actionId: action.id, commitmentId: null };
}

const uploadFields = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  replaces: z.uuid().optional(),
  language: z.enum(['es', 'en', 'pt']).optional(),
});

function defaultTitle(filename: string) {
  return filename.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[_]+/g, ' ').trim().slice(0, 500) || 'Documento';
}

/**
 * Files an uploaded file on its record. The bytes are committed to storage before the row
 * (so a row never names a missing file); a crash in between leaves a file without a row, which
 * the orphan sweep removes. The same bytes on the same record are stored once.
 */
export async function uploadDocument(ctx: Ctx, storage: Storage, record: DocumentRecord, upload: ReceivedUpload)
  : Promise<{ document: DocumentRow; created: boolean }> {
  let committedKey: string | null = null;
  try {
    const fields = parseOrInvalid(uploadFields, upload.fields, 'body');
    const target = await writableRecord(ctx.db, ctx, record);
    const recordId = target.commitmentId ?? target.actionId;
    const existing = await selectSameBytes(ctx.db, recordId, upload.sha256);
    if (existing) return { document: existing, created: false };

    const storageKey = randomUUID();
    await storage.commit(upload.path, storageKey).catch((error: unknown) => { throw storageFailure(error); });
    committedKey = storageKey;
    const id = await ctx.db.transaction().execute(async (tx) => {
      await writableRecord(tx, ctx, record);
      const newId = randomUUID();
      // The first version's id names the document; later versions share it.
      let documentKey: string = newId;
      let version = 1;
      if (fields.replaces) {
        const previous = await sql<{ document_key: string }>`SELECT document_key FROM document
          WHERE id = ${fields.replaces} AND deleted_at IS NULL AND COALESCE(commitment_id, action_id) = ${recordId}`.execute(tx);
        if (!previous.rows[0]) {
          throw AppError.invalid('Unknown document to replace', [{ field: 'body.replaces', message: 'Choose a document of this record' }]);
        }
        documentKey = previous.rows[0].document_key;
        // Versions of one document are numbered one at a time.
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${documentKey}, 0))`.execute(tx);
        const last = await sql<{ version: number }>`SELECT max(version)::int AS version FROM document WHERE document_key = ${documentKey}`.execute(tx);
        version = (last.rows[0]?.version ?? 0) + 1;
      }
      const title = fields.title ?? defaultTitle(upload.filename);
      const image = upload.extractor === 'image';
      const inserted = await sql<{ id: string }>`
        INSERT INTO document (id, gad_id, action_id, commitment_id, title, file_name, media_type, size_bytes, sha256, storage_key,
          document_key, version, version_of_id, language, extraction_state, extraction_reason, created_by_label, created_at)
        VALUES (${newId}, ${target.gadId}, ${target.actionId}, ${target.commitmentId}, ${title}, ${upload.filename.slice(0, 500)}, ${upload.mediaType},
          ${upload.size}, ${upload.sha256}, ${storageKey}, ${documentKey}, ${version}, ${fields.replaces ?? null}, ${fields.language ?? 'es'},
          ${image ? 'not_extractable' : 'pending'}, ${image ? 'An image has no text layer; text is not read from pictures' : null},
          ${actorLabel(ctx.actor)}, ${ctx.now})
        ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
      if (!inserted.rows[0]) return null;
      if (!image) await enqueueJob(tx, EXTRACT_QUEUE, { documentId: newId }, { uniqueKey: `${EXTRACT_QUEUE}:${newId}`, runAt: ctx.now });
      await recordAudit(tx, {
        actor: ctx.actor, gadId: target.gadId, entity: 'document', entityId: newId, operation: 'create',
        diff: { after: { title, filename: upload.filename, mediaType: upload.mediaType, size: upload.size, sha256: upload.sha256, version, actionId: target.actionId, commitmentId: target.commitmentId } },
      });
      return newId;
    });
    if (!id) {
      // Another upload of the same bytes won the race: keep that one.
      await storage.remove(storageKey);
      committedKey = null;
      const winner = await selectSameBytes(ctx.db, recordId, upload.sha256);
      if (!winner) throw AppError.conflict('The document changed while uploading; try again');
      return { document: winner, created: false };
    }
    committedKey = null;
    return { document: (await selectVisibleDocument(ctx.db, ctx.actor, id))!, created: true };
  } catch (error) {
    if (committedKey) await storage.remove(committedKey).catch(() => {});
    throw error;
  } finally {
    await rm(upload.path, { force: true });
  }
}
