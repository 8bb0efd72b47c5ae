import { join } from 'node:path';
import { readConfig } from '../config.ts';
import { localStorage } from './local-storage.ts';
import { s3Storage } from './s3-storage.ts';
import type { Storage } from './storage.ts';

export interface DocumentSettings {
  storage: Storage;
  /** Local directory where uploads stream to before they are committed; swept at start. */
  spoolDir: string;
  uploadLimitBytes: number;
  /** Wall-clock bound for extracting the text of one file. */
  extractTimeoutMs: number;
  /** Heap bound (MB) of the worker thread that extracts one file. */
  extractHeapMb: number;
  /** A stored file with no document row is deleted once it is older than this. */
  orphanGraceMs: number;
  sweepIntervalMs: number;
}

function positiveNumber(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** S3 when `S3_BUCKET` is set (with `S3_ENDPOINT` for MinIO, Ceph, R2…), otherwise `<GLOCAL_DATA_DIR>/documents`. */
export function documentSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, dataDir = readConfig(env).dataDir): DocumentSettings {
  const storage = env.S3_BUCKET
    ? s3Storage({
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
      prefix: env.S3_PREFIX ?? 'documents/',
      forcePathStyle: Boolean(env.S3_ENDPOINT),
      credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
    })
    : localStorage(join(dataDir, 'documents'));
  return {
    storage,
    spoolDir: join(dataDir, 'tmp', 'uploads'),
    uploadLimitBytes: Math.round(positiveNumber(env.GLOCAL_UPLOAD_LIMIT_MB, 25) * 1024 * 1024),
    extractTimeoutMs: positiveNumber(env.GLOCAL_EXTRACT_TIMEOUT_MS, 30_000),
    extractHeapMb: positiveNumber(env.GLOCAL_EXTRACT_HEAP_MB, 256),
    orphanGraceMs: positiveNumber(env.GLOCAL_ORPHAN_GRACE_SECONDS, 300) * 1000,
    sweepIntervalMs: positiveNumber(env.GLOCAL_ORPHAN_SWEEP_SECONDS, 3600) * 1000,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Document storage and upload limits (features/documents). */
    documents: DocumentSettings;
  }
}
