import { AppError } from '../http/app-error.ts';

/**
 * What a storage error means to the caller: a file gone from storage is a 404 naming the loss;
 * storage that does not answer (disk, network, S3 down) is a 503 to retry, never a 500.
 */
export function storageFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? (error as { name?: string }).name;
  if (code === 'ENOENT' || code === 'NoSuchKey') return new AppError('not_found', 'The file of this document is missing from storage; restore it from a backup');
  return new AppError('unavailable', 'Document storage is not reachable; try again shortly');
}
