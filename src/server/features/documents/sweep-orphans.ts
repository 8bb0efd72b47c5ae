import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DocumentSettings } from '../../storage/settings.ts';

export interface SweepResult {
  spoolFiles: number;
  storedFiles: number;
}

/**
 * Removes what a crash can leave behind: spool files of uploads that never finished, and stored
 * files whose document row never committed. Only files older than the grace period go, so an
 * upload in flight on another instance (file stored, row about to commit) is left alone.
 */
export async function sweepOrphans(db: Db, settings: DocumentSettings, now: Date): Promise<SweepResult> {
  const cutoff = now.getTime() - settings.orphanGraceMs;
  let spoolFiles = 0;
  for (const name of await readdir(settings.spoolDir).catch(() => [] as string[])) {
    const path = join(settings.spoolDir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && info.mtime.getTime() < cutoff) {
      await rm(path, { force: true });
      spoolFiles++;
    }
  }
  let storedFiles = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const known = await sql<{ storage_key: string }>`SELECT storage_key FROM document WHERE storage_key = ANY(${batch}::text[])`.execute(db);
    const keep = new Set(known.rows.map((r) => r.storage_key));
    for (const key of batch) {
      if (!keep.has(key)) {
        await settings.storage.remove(key);
        storedFiles++;
      }
    }
    batch = [];
  };
  for await (const object of settings.storage.list()) {
    if (object.modifiedAt.getTime() >= cutoff) continue;
    batch.push(object.key);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { spoolFiles, storedFiles };
}

/** At start and then periodically; the timer never keeps the process alive. */
export function startOrphanSweep(db: Db, settings: DocumentSettings, clock: () => Date, log: (message: string, error?: unknown) => void) {
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= sweepOrphans(db, settings, clock())
      .then((result) => { if (result.spoolFiles + result.storedFiles > 0) log(`orphan sweep removed ${result.spoolFiles} spool and ${result.storedFiles} stored files`); })
      .catch((error) => log('orphan sweep failed', error))
      .finally(() => { running = undefined; });
  };
  run();
  const timer = setInterval(run, settings.sweepIntervalMs);
  timer.unref();
  return { async stop() { clearInterval(timer); await running; } };
}
