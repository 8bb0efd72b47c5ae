import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { actionTypes } from '../features/actions/schema.ts';
import type { Store } from './child-server.ts';

/** Titles and descriptions of the records the reliability workloads write start with this. */
export const MARK = 'Fiabilidad';

export interface ConsistencyReport {
  /** Foreign keys checked: every FK constraint of the schema, and the references checked per statement (migration 0102). */
  foreignKeys: number;
  /** Workload records whose version was compared with their audit trail. */
  recordsChecked: number;
  /** Import runs checked for all-or-nothing. */
  importsChecked: number;
  /** Import runs found 'running' with the server dead: their job was killed mid-run (its lease hands it back later). */
  importsRunning: string[];
  /** Stored files compared with their document rows (0 without a store to look in). */
  filesChecked: number;
  /**
   * Files the crash may legitimately leave for the orphan sweep: spool files of uploads in flight,
   * and stored files whose row never committed. The restarted server must remove them.
   */
  leftForSweep: string[];
  problems: string[];
}

interface ForeignKey { name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every foreign key of the schema, declared or checked per statement, re-checked row by row (as if added just now). */
async function foreignKeyProblems(db: Db): Promise<{ count: number; problems: string[] }> {
  const keys = await sql<ForeignKey>`
    SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS child_cols,
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS parent_cols
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
    UNION ALL
    SELECT name, child_table, parent_table, ARRAY[child_column], ARRAY[parent_column] FROM statement_reference
    ORDER BY 1`.execute(db);
  const problems: string[] = [];
  for (const key of keys.rows) {
    const notNull = key.child_cols.map((c) => `c.${quote(c)} IS NOT NULL`).join(' AND ');
    const match = key.child_cols.map((c, i) => `p.${quote(key.parent_cols[i]!)} = c.${quote(c)}`).join(' AND ');
    const broken = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(key.child)} c
      WHERE ${sql.raw(notNull)} AND NOT EXISTS (SELECT 1 FROM ${sql.raw(key.parent)} p WHERE ${sql.raw(match)})`.execute(db);
    if (broken.rows[0]!.n > 0) problems.push(`foreign key ${key.name}: ${broken.rows[0]!.n} rows of ${key.child} point nowhere`);
  }
  return { count: keys.rows.length, problems };
}

/**
 * An import run is all or nothing (one transaction): a run that is not done, or was a dry run, wrote
 * no action; a done run wrote exactly the rows it counts, each with its audit entry, and accounted
 * for every row of its file. Keyed on what the database records: audit entries carry the run's id.
 */
async function importProblems(db: Db): Promise<{ count: number; running: string[]; problems: string[] }> {
  const runs = await sql<{ id: string; kind: string; state: string; dry_run: boolean; rows_total: number; created: number; updated: number;
    unchanged: number; bad: number; created_written: number; updated_written: number; run_audited: number }>`
    WITH written AS (
      SELECT l.diff->>'import' AS import_id, count(*) FILTER (WHERE l.operation = 'create')::int AS created,
        count(*) FILTER (WHERE l.operation = 'update')::int AS updated
      FROM audit_log l WHERE l.entity = 'action' AND l.diff ? 'import' GROUP BY 1),
    audited AS (SELECT entity_id AS import_id, count(*)::int AS n FROM audit_log WHERE entity = 'import' GROUP BY 1)
    SELECT r.id::text AS id, r.kind, r.state, r.dry_run, r.rows_total, r.created, r.updated, r.unchanged, r.bad,
      COALESCE(w.created, 0) AS created_written, COALESCE(w.updated, 0) AS updated_written, COALESCE(a.n, 0) AS run_audited
    FROM import_run r LEFT JOIN written w ON w.import_id = r.id::text LEFT JOIN audited a ON a.import_id = r.id::text`.execute(db);
  const problems: string[] = [];
  for (const r of runs.rows) {
    const wrote = r.created_written + r.updated_written;
    if (r.state !== 'done' || r.dry_run) {
      if (wrote > 0 || r.run_audited > 0) problems.push(`partial import ${r.id}: ${r.dry_run ? 'a dry run' : `state ${r.state}`}, yet ${wrote} actions carry its changes and ${r.run_audited} audit entries name it`);
      continue;
    }
    if (r.run_audited !== 1) problems.push(`import ${r.id} is done with ${r.run_audited} audit entries of its own, not 1`);
    if (!(actionTypes as readonly string[]).includes(r.kind)) continue;
    if (r.created_written !== r.created || r.updated_written !== r.updated) {
      problems.push(`partial import ${r.id}: done with ${r.created} created and ${r.updated} updated, but ${r.created_written} and ${r.updated_written} actions carry its changes`);
    }
    if (r.created + r.updated + r.unchanged + r.bad !== r.rows_total) problems.push(`import ${r.id} accounts for ${r.created + r.updated + r.unchanged + r.bad} of its ${r.rows_total} rows`);
  }
  const strays = await sql<{ import_id: string }>`SELECT DISTINCT l.diff->>'import' AS import_id FROM audit_log l
    WHERE l.entity = 'action' AND l.diff ? 'import' AND NOT EXISTS (SELECT 1 FROM import_run r WHERE r.id::text = l.diff->>'import')`.execute(db);
  for (const row of strays.rows) problems.push(`actions carry changes of import ${row.import_id}, which has no run`);
  return { count: runs.rows.length, running: runs.rows.filter((r) => r.state === 'running').map((r) => r.id), problems };
}

/** Each document version has exactly one creation audit entry, and no audit entry names a missing document. */
async function documentAuditProblems(db: Db): Promise<string[]> {
  const rows = await sql<{ what: string; id: string }>`
    SELECT 'document without exactly one creation audit entry' AS what, d.id::text AS id FROM document d
    WHERE (SELECT count(*) FROM audit_log l WHERE l.entity = 'document' AND l.entity_id = d.id::text AND l.operation = 'create') <> 1
    UNION ALL
    SELECT 'audit entry for a document that does not exist', l.entity_id FROM audit_log l
    WHERE l.entity = 'document' AND NOT EXISTS (SELECT 1 FROM document d WHERE d.id::text = l.entity_id)`.execute(db);
  return rows.rows.map((r) => `${r.what}: ${r.id}`);
}

/** Why the file at `path` is not the `size` bytes hashing to `sha256`, or null when it is. */
export async function storedFileProblem(path: string, size: number, sha256: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return `its stored file ${path} is unreadable (${(error as NodeJS.ErrnoException).code ?? error})`;
  }
  if (bytes.length !== size) return `its stored file has ${bytes.length} bytes, the row says ${size}`;
  const actual = createHash('sha256').update(bytes).digest('hex');
  return actual === sha256 ? null : `its stored file hashes to ${actual}, the row says ${sha256}`;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Local document storage (`<dataDir>/documents`, keys as paths) against the document table: every
 * row's file exists with its size and hash. A file without a row, or a spool file in
 * `<dataDir>/tmp/uploads`, is what the storage code leaves after a crash for the orphan sweep at the
 * next start: returned in `leftForSweep`, not a problem yet.
 */
async function storedFileProblems(db: Db, dataDir: string): Promise<{ count: number; problems: string[]; leftForSweep: string[] }> {
  const root = join(dataDir, 'documents');
  const rows = await sql<{ id: string; storage_key: string; size_bytes: string; sha256: string }>`
    SELECT id::text, storage_key, size_bytes::text, sha256 FROM document`.execute(db);
  const problems: string[] = [];
  for (const row of rows.rows) {
    const problem = await storedFileProblem(join(root, row.storage_key), Number(row.size_bytes), row.sha256);
    if (problem) problems.push(`document ${row.id}: ${problem}`);
  }
  const keys = new Set(rows.rows.map((r) => r.storage_key));
  const orphans = (await filesUnder(root)).filter((path) => !keys.has(relative(root, path).split(sep).join('/')));
  const spooled = await filesUnder(join(dataDir, 'tmp', 'uploads'));
  return { count: rows.rows.length, problems, leftForSweep: [...orphans, ...spooled] };
}

/**
 * The database after a crash, a race or a restore: foreign keys hold; each workload record's
 * version equals the number of audit entries that changed it (so no change went unaudited and no
 * audit entry describes a change that was rolled back); no record is half made (an action without
 * its kind's row, a plan without its objectives, a completed commitment without its date); no audit
 * entry names a record that does not exist; no import is partial. With the `store` (local document
 * storage only), every document row's file is there, intact, and the files without a row are listed.
 */
export async function checkConsistency(db: Db, store?: Store): Promise<ConsistencyReport> {
  const fk = await foreignKeyProblems(db);
  const imports = await importProblems(db);
  const files = store ? await storedFileProblems(db, store.dataDir) : { count: 0, problems: [], leftForSweep: [] };
  const problems = [...fk.problems, ...imports.problems, ...await documentAuditProblems(db), ...files.problems];
  const like = `${MARK}%`;

  const versions = await sql<{ entity: string; id: string; version: number; audited: number }>`
    SELECT 'action' AS entity, a.id::text AS id, a.version,
      (SELECT count(*)::int FROM audit_log l WHERE l.entity = 'action' AND l.entity_id = a.id::text) AS audited
    FROM action a WHERE a.title LIKE ${like}
    UNION ALL
    SELECT 'commitment', c.id::text, c.version,
      (SELECT count(*)::int FROM audit_log l WHERE l.entity = 'commitment' AND l.entity_id = c.id::text AND NOT l.diff ? 'note')
    FROM commitment c WHERE c.description LIKE ${like}
    UNION ALL
    SELECT 'plan', p.id::text, p.version,
      (SELECT count(*)::int FROM audit_log l WHERE l.entity = 'plan' AND l.entity_id = p.id::text)
    FROM plan p WHERE p.title LIKE ${like}
    UNION ALL
    SELECT 'report', r.id::text, r.version,
      (SELECT count(*)::int FROM audit_log l WHERE l.entity = 'report' AND l.entity_id = r.id::text)
    FROM report r JOIN action a ON a.id = r.action_id WHERE a.title LIKE ${like}`.execute(db);
  for (const row of versions.rows) {
    if (row.version !== row.audited) problems.push(`${row.entity} ${row.id} is at version ${row.version} but has ${row.audited} audit entries`);
  }

  const halfMade = await sql<{ what: string; id: string }>`
    SELECT 'action without its kind row' AS what, a.id::text AS id FROM action a
    WHERE a.title LIKE ${like} AND NOT EXISTS (
      SELECT 1 FROM agreement x WHERE x.action_id = a.id UNION ALL SELECT 1 FROM participation x WHERE x.action_id = a.id
      UNION ALL SELECT 1 FROM visit x WHERE x.action_id = a.id UNION ALL SELECT 1 FROM award x WHERE x.action_id = a.id
      UNION ALL SELECT 1 FROM hosted_event x WHERE x.action_id = a.id UNION ALL SELECT 1 FROM membership x WHERE x.action_id = a.id
      UNION ALL SELECT 1 FROM project x WHERE x.action_id = a.id)
    UNION ALL
    SELECT 'plan without objectives or targets', p.id::text FROM plan p
    WHERE p.title LIKE ${like} AND (NOT EXISTS (SELECT 1 FROM plan_objective o WHERE o.plan_id = p.id)
                                  OR NOT EXISTS (SELECT 1 FROM plan_target t WHERE t.plan_id = p.id))
    UNION ALL
    SELECT 'plan approved without approver', p.id::text FROM plan p WHERE p.state = 'approved' AND (p.approved_at IS NULL OR p.approved_by IS NULL)
    UNION ALL
    SELECT 'completed commitment without completion date', c.id::text FROM commitment c WHERE c.state = 'done' AND c.completed_on IS NULL
    UNION ALL
    SELECT 'audit entry for a ' || l.entity || ' that does not exist', l.entity_id FROM audit_log l
    WHERE (l.entity = 'action' AND NOT EXISTS (SELECT 1 FROM action a WHERE a.id::text = l.entity_id))
       OR (l.entity = 'commitment' AND NOT EXISTS (SELECT 1 FROM commitment c WHERE c.id::text = l.entity_id))
       OR (l.entity = 'plan' AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.id::text = l.entity_id))
       OR (l.entity = 'report' AND NOT EXISTS (SELECT 1 FROM report r WHERE r.id::text = l.entity_id))`.execute(db);
  for (const row of halfMade.rows) problems.push(`${row.what}: ${row.id}`);

  const approvedTwice = await sql<{ plan_key: string; n: number }>`
    SELECT plan_key::text, count(*)::int AS n FROM plan WHERE state = 'approved' GROUP BY plan_key HAVING count(*) > 1`.execute(db);
  for (const row of approvedTwice.rows) problems.push(`plan lineage ${row.plan_key} has ${row.n} approved versions`);

  return { foreignKeys: fk.count, recordsChecked: versions.rows.length, importsChecked: imports.count, importsRunning: imports.running, filesChecked: files.count, leftForSweep: files.leftForSweep, problems };
}
