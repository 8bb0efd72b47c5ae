import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { visibleTo } from '../shared/visibility.ts';

export interface DocumentRow {
  id: string;
  gad_id: string;
  action_id: string;
  commitment_id: string | null;
  document_key: string;
  version: number;
  title: string;
  file_name: string;
  media_type: string;
  size_bytes: string | number;
  sha256: string;
  storage_key: string;
  language: 'es' | 'en' | 'pt';
  extraction_state: 'pending' | 'done' | 'failed' | 'not_extractable';
  extraction_reason: string | null;
  created_at: Date;
  versions?: number;
}

const COLUMNS = sql`d.id, d.gad_id, d.action_id, d.commitment_id, d.document_key, d.version, d.title, d.file_name, d.media_type,
  d.size_bytes, d.sha256, d.storage_key, d.language, d.extraction_state, d.extraction_reason, d.created_at`;

/**
 * A document is exactly as visible as the action it is filed on (directly or through one of the
 * action's commitments), and disappears with a deleted commitment.
 */
export function documentVisible(actor: Actor) {
  return sql<boolean>`d.deleted_at IS NULL AND ${visibleTo(actor, 'a')}
    AND (d.commitment_id IS NULL OR EXISTS (SELECT 1 FROM commitment c WHERE c.id = d.commitment_id AND c.deleted_at IS NULL))`;
}

export async function selectVisibleDocument(db: Db, actor: Actor, id: string): Promise<DocumentRow | undefined> {
  const result = await sql<DocumentRow>`SELECT ${COLUMNS} FROM document d JOIN action a ON a.id = d.action_id
    WHERE d.id = ${id} AND ${documentVisible(actor)}`.execute(db);
  return result.rows[0];
}

export async function selectVersions(db: Db, documentKey: string): Promise<DocumentRow[]> {
  const result = await sql<DocumentRow>`SELECT ${COLUMNS} FROM document d
    WHERE d.document_key = ${documentKey} AND d.deleted_at IS NULL ORDER BY d.version DESC`.execute(db);
  return result.rows;
}

/** The latest live version of each document on a record, with how many live versions it has. */
export async function selectRecordDocuments(db: Db, actor: Actor, record: { actionId: string } | { commitmentId: string }): Promise<DocumentRow[]> {
  const onRecord = 'commitmentId' in record
    ? sql`d.commitment_id = ${record.commitmentId}`
    : sql`d.action_id = ${record.actionId} AND d.commitment_id IS NULL`;
  const result = await sql<DocumentRow>`
    SELECT * FROM (
      SELECT DISTINCT ON (d.document_key) ${COLUMNS},
        count(*) OVER (PARTITION BY d.document_key)::int AS versions
      FROM document d JOIN action a ON a.id = d.action_id
      WHERE ${onRecord} AND ${documentVisible(actor)}
      ORDER BY d.document_key, d.version DESC) latest
    ORDER BY created_at DESC, id`.execute(db);
  return result.rows;
}

/** The live document with these bytes on the same record, if any. */
export async function selectSameBytes(db: Db, recordId: string, sha256: string): Promise<DocumentRow | undefined> {
  const result = await sql<DocumentRow>`SELECT ${COLUMNS} FROM document d
    WHERE COALESCE(d.commitment_id, d.action_id) = ${recordId} AND d.sha256 = ${sha256} AND d.deleted_at IS NULL`.execute(db);
  return result.rows[0];
}
