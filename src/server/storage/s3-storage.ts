import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { lazy } from '../lazy.ts';
import type { Storage, StoredObject } from './storage.ts';

// The SDK takes a noticeable part of a second to import: only a server that stores documents on S3 loads it, on first use.
const sdk = lazy(() => import('@aws-sdk/client-s3'));

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  prefix: string;
  forcePathStyle: boolean;
  /** Explicit keys (S3_ACCESS_KEY_ID…); without them the SDK's usual chain (AWS_ACCESS_KEY_ID, roles…) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Any S3-compatible store through the official SDK. Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID…). */
export function s3Storage(settings: S3Settings): Storage {
  const client = lazy(async (): Promise<S3Client> => new (await sdk()).S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Checksums only where S3 requires them: many S3-compatible stores refuse the SDK's newer default trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }));
  const objectKey = (key: string) => `${settings.prefix}${key}`;
  return {
    kind: 's3',
    async commit(spoolPath, key) {
      // One PUT: the object exists whole or not at all. The row that names it is written afterwards.
      const { size } = await stat(spoolPath);
      const { PutObjectCommand } = await sdk();
      await (await client()).send(new PutObjectCommand({
        Bucket: settings.bucket, Key: objectKey(key), Body: createReadStream(spoolPath), ContentLength: size,
      }));
      await rm(spoolPath, { force: true });
    },
    async read(key) {
      const { GetObjectCommand } = await sdk();
      const object = await (await client()).send(new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
      return object.Body as Readable;
    },
    async localCopy(key, scratchPath) {
      await pipeline(await this.read(key), createWriteStream(scratchPath));
      return { path: scratchPath, temporary: true };
    },
    async remove(key) {
      const { DeleteObjectCommand } = await sdk();
      await (await client()).send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(key) }));
    },
    async *list(): AsyncIterable<StoredObject> {
      const { ListObjectsV2Command } = await sdk();
      const s3 = await client();
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: settings.prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          if (object.Key) yield { key: object.Key.slice(settings.prefix.length), modifiedAt: object.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
