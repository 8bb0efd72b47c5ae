import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import type { DocumentSettings } from '../../storage/settings.ts';
import { storageFailure } from '../../storage/storage-failure.ts';
import { contentDisposition } from './content-disposition.ts';
import { deleteDocument } from './delete-document.ts';
import { presentDocument } from './present.ts';
import { selectRecordDocuments, selectVersions, selectVisibleDocument } from './queries.ts';
import { receiveUpload } from './receive-upload.ts';
import { documentDetailOut, documentListOut, documentOut, idParam, uploadDescription } from './schema.ts';
import { uploadDocument, writableRecord, type DocumentRecord } from './upload-document.ts';
import { selectVisibleAction } from '../actions/detail-queries.ts';
import { selectVisibleCommitment } from '../commitments/queries.ts';
import { localDate } from '../shared/dates.ts';

async function readStored(settings: DocumentSettings, key: string) {
  try {
    return await settings.storage.read(key);
  } catch (error) {
    throw storageFailure(error);
  }
}

export function documentRoutes(settings: DocumentSettings): FastifyPluginAsyncZod {
  return async (app) => {
    // Registered in this plugin only: no other route accepts multipart bodies.
    await app.register(multipart, { limits: { fileSize: settings.uploadLimitBytes, files: 2, fields: 10, fieldSize: 2000 } });

    for (const [path, recordOf, label] of [
      ['/api/actions/:id/documents', (id: string): DocumentRecord => ({ actionId: id }), 'action'],
      ['/api/commitments/:id/documents', (id: string): DocumentRecord => ({ commitmentId: id }), 'commitment'],
    ] as const) {
      app.post(path, {
        config: { access: 'record_write' },
        schema: { tags: ['documents'], summary: `Upload a document to an ${label}`, description: uploadDescription, consumes: ['multipart/form-data'], params: idParam,
          response: { 200: documentOut, 201: documentOut } },
      }, async (request, reply) => {
        const ctx = ctxOf(request);
        const record = recordOf(request.params.id);
        // Refuse before reading a byte of the body when the record is unknown or not writable.
        await writableRecord(ctx.db, ctx, record);
        const upload = await receiveUpload(request, settings);
        const { document, created } = await uploadDocument(ctx, settings.storage, record, upload);
        return reply.code(created ? 201 : 200).send(presentDocument(document));
      });

      app.get(path, {
        config: { access: 'record_read' },
        schema: { tags: ['documents'], summary: `The documents of an ${label}, latest version of each`, params: idParam, response: { 200: documentListOut } },
      }, async (request) => {
        const ctx = ctxOf(request);
        const record = recordOf(request.params.id);
        const visible = 'commitmentId' in record
          ? await selectVisibleCommitment(ctx.db, ctx.actor, record.commitmentId, localDate(ctx.now))
          : await selectVisibleAction(ctx.db, ctx.actor, record.actionId);
        if (!visible) throw AppError.notFound(label === 'action' ? 'Action' : 'Commitment');
        const rows = await selectRecordDocuments(ctx.db, ctx.actor, record);
        return { items: rows.map(presentDocument) };
      });
    }

    app.get('/api/documents/:id', {
      config: { access: 'record_read' },
      schema: { tags: ['documents'], summary: 'One document version, with every version of the document', params: idParam, response: { 200: documentDetailOut } },
    }, async (request) => {
      const ctx = ctxOf(request);
      const row = await selectVisibleDocument(ctx.db, ctx.actor, request.params.id);
      if (!row) throw AppError.notFound('Document');
      const versions = await selectVersions(ctx.db, row.document_key);
      return { ...presentDocument(row), versions: versions.map(presentDocument) };
    });

    app.get('/api/documents/:id/download', {
      config: { access: 'record_read' },
      schema: { tags: ['documents'], summary: 'The stored file, with its detected type and its original name', params: idParam },
    }, async (request, reply) => {
      const ctx = ctxOf(request);
      const row = await selectVisibleDocument(ctx.db, ctx.actor, request.params.id);
      if (!row) throw AppError.notFound('Document');
      const body = await readStored(settings, row.storage_key);
      return reply
        .type(row.media_type)
        .header('content-disposition', contentDisposition(row.file_name))
        .header('content-length', String(row.size_bytes))
        .header('cache-control', 'private, no-store')
        .send(body);
    });

    app.delete('/api/documents/:id', {
      config: { access: 'record_write' },
      schema: { tags: ['documents'], summary: 'Soft-delete one document version (audited)', params: idParam },
    }, async (request, reply) => {
      await deleteDocument(ctxOf(request), request.params.id);
      return reply.code(204).send();
    });
  };
}
