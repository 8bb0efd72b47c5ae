import type { DocumentRow } from './queries.ts';

export function presentDocument(row: DocumentRow) {
  return {
    id: row.id,
    title: row.title,
    filename: row.file_name,
    contentType: row.media_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    version: row.version,
    documentKey: row.document_key,
    language: row.language,
    actionId: row.action_id,
    commitmentId: row.commitment_id,
    extraction: { state: row.extraction_state, reason: row.extraction_reason },
    createdAt: row.created_at.toISOString(),
    ...(row.versions !== undefined ? { versions: row.versions } : {}),
  };
}
