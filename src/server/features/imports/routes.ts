import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { parseOrInvalid } from '../shared/schema.ts';
import { localeOf } from './fields.ts';
import { importForm, importIdParam, importStatus, importStatusQuery, mappingBody, mappingQuery, templateParams, templateQuery } from './schema.ts';
import { MAX_IMPORT_BYTES, saveMapping, startImport } from './start-import.ts';
import { getImport, listMappings } from './get-import.ts';
import { buildTemplate } from './templates.ts';

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: only the import routes accept multipart bodies.
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 20, fieldSize: 100_000 } });

  app.get('/api/imports/templates/:file', {
    config: { access: 'public' },
    schema: { tags: ['imports'], summary: 'A template for one kind of import: headers and one example row in the reader’s language', params: templateParams, querystring: templateQuery },
  }, async (request, reply) => {
    const [kind, format] = request.params.file.split('.') as [string, 'csv' | 'xlsx'];
    const locale = request.query.lang ?? localeOf(request.headers['accept-language']);
    const body = await buildTemplate(kind, format, locale);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="glocal-${kind}-${locale}.${format}"`)
      .send(body);
  });

  app.post('/api/imports', {
    config: { access: 'create' },
    schema: {
      tags: ['imports'], consumes: ['multipart/form-data'],
      summary: 'Upload a CSV, XLSX or IATI XML file; the import runs in the background (dry run by default)',
      description: 'Multipart fields: file, kind, mode (create|update|upsert), dryRun, skipBadRows, mapping (JSON), mappingId, gad.',
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw AppError.invalid('Send the file as multipart/form-data', [{ field: 'body.file', message: 'Expected multipart/form-data' }]);
    const fields: Record<string, string> = {};
    let file: { name: string; data: Buffer } | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') { await part.toBuffer(); continue; }
          file = { name: part.filename || 'upload', data: await part.toBuffer() };
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      throw AppError.invalid('The upload could not be read', [{ field: 'body.file', message: (error as Error).message.slice(0, 200) }]);
    }
    const form = parseOrInvalid(importForm, fields);
    if (!file) throw AppError.invalid('Attach the file', [{ field: 'body.file', message: 'Required' }]);
    const ctx = ctxOf(request);
    const id = await startImport(ctx, form, file);
    return reply.code(202).header('location', `/api/imports/${id}`).send({ id, state: 'queued' });
  });

  app.get('/api/imports/:id', {
    config: { access: 'signed_in' },
    schema: { tags: ['imports'], summary: 'Status, progress and row-by-row report of an import (reasons in the reader’s language)', params: importIdParam, querystring: importStatusQuery, response: { 200: importStatus } },
  }, (request) => {
    const locale = request.query.lang ?? localeOf(request.headers['accept-language']);
    return getImport(ctxOf(request), request.params.id, locale, request.query);
  });

  app.post('/api/imports/mappings', {
    config: { access: 'create' },
    schema: { tags: ['imports'], summary: 'Save a column mapping for the GAD (same kind and name replaces it)', body: mappingBody },
  }, async (request, reply) => reply.code(201).send(await saveMapping(ctxOf(request), request.body)));

  app.get('/api/imports/mappings', {
    config: { access: 'signed_in' },
    schema: { tags: ['imports'], summary: 'The caller’s GAD’s saved column mappings', querystring: mappingQuery,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), mapping: z.record(z.string(), z.string()) })) }) } },
  }, (request) => listMappings(ctxOf(request), request.query.kind));
};
