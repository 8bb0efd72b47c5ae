import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Titles and descriptions of the records the reliability workloads write start with this. */
export const MARK = 'Fiabilidad';

export interface ConsistencyReport {
  /** Foreign keys checked (every FK constraint of the schema). */
  foreignKeys: number;
  /** Workload records whose version was compared with their audit trail. */
  recordsChecked: number;
  problems: string[];
}

interface ForeignKey { name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every foreign key of the schema, re-checked row by row (as if the constraint had been added just now). */
async function foreignKeyProblems(db: Db): Promise<{ count: number; problems: string[] }> {
  const keys = await sql<ForeignKey>`
    SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS child_cols,
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS parent_cols
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 1`.execute(db);
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
 * The database after a crash, a race or a restore: foreign keys hold; each workload record's
 * version equals the number of audit entries that changed it (so no change went unaudited and no
 * audit entry describes a change that was rolled back); no record is half made (an action without
 * its kind's row, a plan without its objectives, a completed commitment without its date); no audit
 * entry names a record that does not exist.
 */
export async function checkConsistency(db: Db): Promise<ConsistencyReport> {
  const fk = await foreignKeyProblems(db);
  const problems = [...fk.problems];
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

  return { foreignKeys: fk.count, recordsChecked: versions.rows.length, problems };
}
