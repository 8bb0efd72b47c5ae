import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../db/database.ts';
import { freshPostgresUrl, testDatabaseKind } from '../testing/harness.ts';
import type { Store } from './child-server.ts';

/**
 * Inside the test runner: a data directory (PGlite pass) or a database (PostgreSQL pass) already
 * holding the test template, so the child server's first start is quick; on both, a fresh
 * directory for the server's files.
 */
export async function testStore(): Promise<{ store: Store; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'glocal-reliability-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (testDatabaseKind() === 'postgresql') return { store: { kind: 'postgresql', url: await freshPostgresUrl(), dataDir: dir }, remove };
  const template = process.env.GLOCAL_TEST_PGLITE_TEMPLATE;
  if (template) {
    const seeded = await openPglite(join(dir, 'pglite'), new Blob([readFileSync(template)]));
    await seeded.close();
  }
  return { store: { kind: 'pglite', dataDir: dir }, remove };
}
