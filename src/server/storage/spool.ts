import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledFile {
  path: string;
  size: number;
  sha256: string;
}

export class SpoolLimitError extends Error {}

/**
 * Streams an upload to a temporary file while hashing and counting it: memory holds one chunk
 * at a time, whatever the file's size. Over the limit, the partial file is removed.
 */
export async function spool(source: Readable, spoolDir: string, limitBytes: number): Promise<SpooledFile> {
  await mkdir(spoolDir, { recursive: true });
  const path = join(spoolDir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limitBytes) return done(new SpoolLimitError(`File is larger than ${limitBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, size, sha256: hash.digest('hex') };
}
