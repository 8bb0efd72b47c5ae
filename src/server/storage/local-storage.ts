import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Storage, StoredObject } from './storage.ts';

/** Keys are made by the server (`<uuid>`), never by users; anything else is refused. */
function safeKey(key: string): string {
  if (!/^[0-9a-z][0-9a-z/_-]{0,200}$/i.test(key) || key.includes('..')) throw new Error(`Invalid storage key ${key}`);
  return key;
}

async function fsyncPath(path: string) {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Documents under `<dataDir>/documents`. The spool directory must be on the same file system. */
export function localStorage(root: string): Storage {
  const pathOf = (key: string) => join(root, safeKey(key));
  return {
    kind: 'local',
    async commit(spoolPath, key) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      // The bytes reach the disk before the name does; then the directory entry itself is synced.
      await fsyncPath(spoolPath);
      await rename(spoolPath, target);
      await fsyncPath(dirname(target)).catch(() => {});
    },
    async read(key) {
      // Opened before answering, so a missing file fails here, not halfway through a response.
      const handle = await open(pathOf(key), 'r');
      return handle.createReadStream();
    },
    async localCopy(key) {
      return { path: pathOf(key), temporary: false };
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list(): AsyncIterable<StoredObject> {
      let entries;
      try {
        entries = await readdir(root, { recursive: true, withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const info = await stat(path).catch(() => null);
        if (info) yield { key: relative(root, path).split(sep).join('/'), modifiedAt: info.mtime };
      }
    },
  };
}
