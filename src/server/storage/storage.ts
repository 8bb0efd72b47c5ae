import type { Readable } from 'node:stream';

/** One stored object, as the orphan sweep sees it. */
export interface StoredObject {
  key: string;
  modifiedAt: Date;
}

/**
 * Where document bytes live. Every upload is first spooled to a local temporary file (hashed and
 * typed while it streams), then committed here under its final key in one atomic step, so no
 * reader ever sees half a file: a rename on the local file system, a single PUT on S3.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  /** Moves (or uploads) a finished spool file to `key`; the spool file is gone afterwards. */
  commit(spoolPath: string, key: string): Promise<void>;
  read(key: string): Promise<Readable>;
  /** A local path to read the object from; S3 objects are downloaded to `scratchPath` first. */
  localCopy(key: string, scratchPath: string): Promise<{ path: string; temporary: boolean }>;
  remove(key: string): Promise<void>;
  list(): AsyncIterable<StoredObject>;
}
