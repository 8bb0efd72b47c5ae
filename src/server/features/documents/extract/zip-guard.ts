import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';

/** Office files are zip archives; a tiny one can inflate to gigabytes. These bounds stop that. */
export interface ZipLimits {
  maxEntries: number;
  /** Total uncompressed bytes, as declared and as actually inflated. */
  maxTotalBytes: number;
}

export const OFFICE_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 64 * 1024 * 1024 };

export class ZipRefused extends Error {}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip))));
}

function readEntries(zip: ZipFile, onEntry: (entry: Entry) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      onEntry(entry).then(() => zip.readEntry(), (error) => {
        zip.close();
        reject(error);
      });
    });
    zip.readEntry();
  });
}

function inflate(zip: ZipFile, entry: Entry, budget: { left: number }, keep: boolean): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        // Counted while inflating: a header that lies about its size is caught here, one chunk in.
        if (budget.left < 0) {
          stream.destroy();
          reject(new ZipRefused('The archive inflates beyond the allowed size (zip bomb?)'));
          return;
        }
        if (keep) chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(keep ? Buffer.concat(chunks) : null));
    });
  });
}

/**
 * Checks an archive before any library inflates it: the entry count and the declared sizes
 * from the central directory first, then every entry is inflated and counted (and dropped),
 * so memory holds one chunk at a time. Returns the entries named in `keep`, whole.
 */
export async function guardZip(path: string, limits: ZipLimits = OFFICE_ZIP_LIMITS, keep: string[] = []): Promise<Map<string, Buffer>> {
  const directory = await openZip(path);
  if (directory.entryCount > limits.maxEntries) {
    directory.close();
    throw new ZipRefused(`The archive has ${directory.entryCount} entries (at most ${limits.maxEntries})`);
  }
  let declared = 0;
  await readEntries(directory, async (entry) => {
    declared += entry.uncompressedSize;
    if (declared > limits.maxTotalBytes) throw new ZipRefused('The archive declares more uncompressed data than allowed (zip bomb?)');
  });
  const zip = await openZip(path);
  const budget = { left: limits.maxTotalBytes };
  const kept = new Map<string, Buffer>();
  await readEntries(zip, async (entry) => {
    if (entry.fileName.endsWith('/')) return;
    const wanted = keep.includes(entry.fileName);
    const data = await inflate(zip, entry, budget, wanted);
    if (wanted && data) kept.set(entry.fileName, data);
  });
  return kept;
}
