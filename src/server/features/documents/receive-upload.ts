import { rm } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../http/app-error.ts';
import { spool, SpoolLimitError, type SpooledFile } from '../../storage/spool.ts';
import type { DocumentSettings } from '../../storage/settings.ts';
import { acceptedType } from './media-types.ts';

export interface ReceivedUpload extends SpooledFile {
  filename: string;
  mediaType: string;
  extractor: string;
  fields: Record<string, string>;
}

const TEXT_FIELDS = new Set(['title', 'replaces', 'language']);

function tooLarge(limitBytes: number) {
  const mb = Math.round((limitBytes / 1024 / 1024) * 10) / 10;
  return new AppError('too_large', `The file is larger than the ${mb} MB limit`, [{ field: 'file', message: `At most ${mb} MB` }]);
}

/**
 * Reads a multipart upload: the `file` part streams to a spool file (hashed, counted, never held
 * whole in memory), the small text fields are kept. Then the type is read from the bytes.
 */
export async function receiveUpload(request: FastifyRequest, settings: DocumentSettings): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw AppError.invalid('Send the file as multipart/form-data', [{ field: 'file', message: 'Expected a multipart upload with a file field' }]);
  }
  let file: (SpooledFile & { filename: string }) | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: settings.uploadLimitBytes, files: 2, fields: 10, fieldSize: 2000 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          continue;
        }
        const spooled = await spool(part.file, settings.spoolDir, settings.uploadLimitBytes);
        // Busboy stops at the limit without an error event; the flag says the file was cut.
        if (part.file.truncated) {
          await rm(spooled.path, { force: true });
          throw tooLarge(settings.uploadLimitBytes);
        }
        file = { ...spooled, filename: part.filename || 'document' };
      } else if (TEXT_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (file) await rm(file.path, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (error instanceof SpoolLimitError || code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(settings.uploadLimitBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('too_large', 'Too many parts in the upload', [{ field: 'file', message: 'Send one file and a few fields' }]);
    }
    throw new AppError('bad_request', 'The upload could not be read', [{ field: 'file', message: (error as Error).message }]);
  }
  if (!file) throw AppError.invalid('No file was sent', [{ field: 'file', message: 'Required' }]);
  try {
    if (file.size === 0) throw AppError.invalid('The file is empty', [{ field: 'file', message: 'The file has 0 bytes' }]);
    const detected = await fileTypeFromFile(file.path).catch(() => undefined);
    const accepted = acceptedType(detected?.ext);
    if (!accepted) {
      throw new AppError('unsupported_media_type', 'Only PDF, DOCX, ODT, XLSX, JPEG and PNG files are accepted', [{
        field: 'file', message: detected ? `The content is ${detected.mime}, which is not accepted` : 'The content is not a recognised document or image',
      }]);
    }
    return { ...file, mediaType: accepted.mediaType, extractor: accepted.extractor, fields };
  } catch (error) {
    await rm(file.path, { force: true });
    throw error;
  }
}
