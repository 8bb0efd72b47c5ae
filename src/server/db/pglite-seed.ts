/**
 * A freshly initialised PGlite cluster (what its WebAssembly initdb writes, nothing of ours), kept as a
 * directory so that the first start of the embedded default copies it into the empty data directory
 * instead of running initdb (~4 of the first start's ~7 CPU seconds; the copy takes ~0.1–0.3 s).
 * Migrations, reference and demo data then run on it exactly as on a cluster initdb just made, so the
 * resulting database is the same.
 *
 * Built by `./glocal start` (like the web bundle) with `node src/server/db/pglite-seed.ts`, into dist/
 * (never committed: ~40 MB). The name carries PGlite's version, so after an upgrade of the package an
 * old seed is ignored until the next build writes a new one. A plain copy rather than PGlite's
 * `loadDataDir` tarball, which untars through its JavaScript file system and costs ~0.8 CPU s more
 * (measured whole first starts: ~4.2 CPU s with the copy, ~4.8 with loadDataDir, ~6.5 with initdb).
 * Either way the migrations then take ~1.5 CPU s instead of ~0.5 after PGlite's own initdb: that
 * initdb had already warmed up V8's optimised code for PGlite's WebAssembly, which the seed skips.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(import.meta.dirname, '../../../dist');

function pgliteVersion(): string {
  // The package's entry is …/@electric-sql/pglite/dist/index.js; its package.json is one level up.
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  return (JSON.parse(readFileSync(join(dirname(entry), '../package.json'), 'utf8')) as { version: string }).version;
}

export function pgliteSeedDir(dist = DIST): string {
  return join(dist, `pglite-seed-${pgliteVersion()}`);
}

/** The seed for the installed PGlite when it was built (GLOCAL_PGLITE_SEED=0 ignores it, to measure or compare). */
export function availablePgliteSeed(seedDir = pgliteSeedDir()): string | undefined {
  return process.env.GLOCAL_PGLITE_SEED !== '0' && existsSync(join(seedDir, 'PG_VERSION')) ? seedDir : undefined;
}

/**
 * Copies the seed into `dataDir`, which must not exist or be empty. The copy goes to a sibling
 * directory first and is renamed into place, so an interrupted copy never looks like a cluster.
 */
export function copyPgliteSeed(seedDir: string, dataDir: string): void {
  const partial = `${dataDir}.seeding-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(seedDir, partial, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(partial, dataDir);
}

/** Runs PGlite's initdb on disk (it shuts down cleanly on close) and moves the result into place atomically. */
export async function buildPgliteSeed(seedDir = pgliteSeedDir()): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dirname(seedDir), { recursive: true });
  const partial = `${seedDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const pglite = await PGlite.create(partial);
  await pglite.close();
  rmSync(seedDir, { recursive: true, force: true });
  renameSync(partial, seedDir);
  // Seeds of earlier PGlite versions are no use any more.
  for (const name of readdirSync(dirname(seedDir))) {
    if (name.startsWith('pglite-seed-') && name !== basename(seedDir) && !name.includes('.partial-')) rmSync(join(dirname(seedDir), name), { recursive: true, force: true });
  }
  return seedDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(pgliteSeedDir(), 'PG_VERSION'))) {
    console.log('Preparing the embedded database’s initial cluster (PGlite initdb, once per PGlite version)…');
    await buildPgliteSeed();
  }
}
