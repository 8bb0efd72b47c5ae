import { z } from 'zod';
import { uuid } from '../shared/schema.ts';

export const idParam = z.object({ id: uuid.describe('Record id') });

const extraction = z.object({
  /** pending until the background job has read the file */
  state: z.enum(['pending', 'done', 'failed', 'not_extractable']),
  reason: z.string().nullable().describe('Why the text could not be read'),
});

export const documentOut = z.object({
  id: uuid,
  title: z.string(),
  filename: z.string().describe('The name the file was uploaded with'),
  contentType: z.string().describe('Detected from the content, not the name'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string(),
  version: z.number().int().describe('1 for the first upload, then 2, 3… for each replacement'),
  documentKey: uuid.describe('Shared by every version of one document'),
  language: z.enum(['es', 'en', 'pt']),
  actionId: uuid,
  commitmentId: uuid.nullable(),
  extraction,
  createdAt: z.string(),
  versions: z.number().int().optional().describe('How many versions the document has (lists only)'),
});

export const documentDetailOut = documentOut.omit({ versions: true }).extend({ versions: z.array(documentOut.omit({ versions: true })).describe('Every live version, newest first') });
export const documentListOut = z.object({ items: z.array(documentOut) });

/** Documented for OpenAPI; the body itself is read as a stream by @fastify/multipart. */
export const uploadDescription = 'multipart/form-data with `file` (PDF, DOCX, ODT, XLSX, JPEG or PNG; type read from the content), optional `title`, ' +
  '`replaces` (id of a document of this record: the upload becomes its next version) and `language` (es, en, pt). ' +
  '201 with the new document, 200 with the existing one when the same bytes are already on this record.';
