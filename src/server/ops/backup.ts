import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { openPglite, openPostgres, type Database } from '../db/database.ts';

/**
 * Backup and restore of everything Glocal holds: the database and the stored files.
 * The archive is a .tar.gz with a manifest of row counts and file hashes, which restore
 * checks, so a restore that silently lost something fails loudly instead.
 */
export interface Manifest {
  createdAt: string;
  engine: 'pglite' | 'postgresql';
  rowCounts: Record<string, number>;
  files: Record<string, string>;
}

export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(database.db);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)}`.execute(database.db);
    counts[table_name] = result.rows[0]!.n;
  }
  return counts;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function fileHashes(filesDir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const path of walk(filesDir)) {
    // Temporary upload files are not data; a restart sweeps them.
    if (relative(filesDir, path).startsWith('tmp')) continue;
    hashes[relative(filesDir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return hashes;
}

function pgBinary(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  const path = version ? join(root, version, 'bin', name) : name;
  return existsSync(path) ? path : name;
}

/** The data directory's folder of uploaded documents (local storage); S3 storage is backed up by the bucket's own versioning. */
const DOCUMENTS_DIR = 'documents';

/** PGlite is a single-process database: stop the server before backing up the embedded one. */
export async function backup(options: { dataDir: string; databaseUrl?: string; archive: string }): Promise<Manifest> {
  const work = mkdtempSync(join(tmpdir(), 'glocal-backup-'));
  try {
    let database: Database;
    if (options.databaseUrl) {
      database = openPostgres(options.databaseUrl, 1);
      execFileSync(pgBinary('pg_dump'), ['--format=custom', '--no-owner', `--file=${join(work, 'database.pgdump')}`, options.databaseUrl]);
    } else {
      database = await openPglite(join(options.dataDir, 'pglite'));
      writeFileSync(join(work, 'database.pglite.tar'), Buffer.from(await (await database.dump!()).arrayBuffer()));
    }
    // Where the local document storage keeps uploads (storage/settings.ts).
    const filesDir = join(options.dataDir, DOCUMENTS_DIR);
    const manifest: Manifest = {
      createdAt: new Date().toISOString(),
      engine: database.kind,
      rowCounts: await rowCounts(database),
      files: fileHashes(filesDir),
    };
    await database.close();
    if (existsSync(filesDir)) cpSync(filesDir, join(work, 'files'), { recursive: true, filter: (src) => !relative(filesDir, src).startsWith('tmp') });
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    execFileSync('tar', ['-czf', options.archive, '-C', work, '.']);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Restores into an empty data directory (and, for PostgreSQL, an empty database), then verifies against the manifest. */
export async function restore(options: { dataDir: string; databaseUrl?: string; archive: string }): Promise<Manifest> {
  const work = mkdtempSync(join(tmpdir(), 'glocal-restore-'));
  try {
    execFileSync('tar', ['-xzf', options.archive, '-C', work]);
    const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as Manifest;
    mkdirSync(options.dataDir, { recursive: true });
    let database: Database;
    if (options.databaseUrl) {
      if (manifest.engine !== 'postgresql') throw new Error('This backup is of the embedded database; restore it without DATABASE_URL');
      execFileSync(pgBinary('pg_restore'), ['--no-owner', '--exit-on-error', `--dbname=${options.databaseUrl}`, join(work, 'database.pgdump')]);
      database = openPostgres(options.databaseUrl, 1);
    } else {
      if (manifest.engine !== 'pglite') throw new Error('This backup is of a PostgreSQL server; restore it with DATABASE_URL set');
      const target = join(options.dataDir, 'pglite');
      if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} is not empty; restore into a fresh data directory`);
      database = await openPglite(target, new Blob([readFileSync(join(work, 'database.pglite.tar'))]));
    }
    if (existsSync(join(work, 'files'))) cpSync(join(work, 'files'), join(options.dataDir, DOCUMENTS_DIR), { recursive: true });
    const counts = await rowCounts(database);
    await database.close();
    const problems = Object.entries(manifest.rowCounts).filter(([table, n]) => counts[table] !== n).map(([table, n]) => `${table}: ${counts[table]} rows, expected ${n}`);
    const hashes = fileHashes(join(options.dataDir, DOCUMENTS_DIR));
    for (const [file, hash] of Object.entries(manifest.files)) if (hashes[file] !== hash) problems.push(`file ${file} differs`);
    if (problems.length > 0) throw new Error(`Restore does not match the backup:\n${problems.join('\n')}`);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
