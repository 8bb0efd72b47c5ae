import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { actorUserId } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { targetGadForWrite } from '../shared/target-gad.ts';
import { checkIatiXml } from './iati-xml.ts';
import { formatOf } from './read-table.ts';
import type { z } from 'zod';
import type { importForm, mappingBody } from './schema.ts';

export const IMPORT_QUEUE = 'import';
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * Stores the file and queues the run. The file is checked for its format now, so a wrong file
 * (or XML that is not well formed, with its line) is refused at once rather than in a report.
 */
export async function startImport(ctx: Ctx, form: z.infer<typeof importForm>, file: { name: string; data: Buffer }): Promise<string> {
  const gadId = await targetGadForWrite(ctx.db, ctx.actor, form.gad);
  if (file.data.length === 0) throw AppError.invalid('The file is empty', [{ field: 'body.file', message: 'Empty file' }]);
  const format = formatOf(file.data);
  if (form.kind === 'iati') {
    if (format !== 'xml') throw AppError.invalid('Expected an IATI activity XML file', [{ field: 'body.file', message: 'Not XML' }]);
    await checkIatiXml(file.data);
  } else if (format === 'xml') {
    throw AppError.invalid('Expected a CSV or XLSX file', [{ field: 'body.file', message: 'This is an XML file; use kind iati' }]);
  }
  let mapping = form.mapping;
  if (form.mappingId) {
    const saved = await sql<{ mapping: Record<string, string> }>`
      SELECT mapping FROM import_mapping WHERE id = ${form.mappingId} AND gad_id = ${gadId}`.execute(ctx.db);
    if (!saved.rows[0]) throw AppError.invalid('Unknown saved mapping', [{ field: 'body.mappingId', message: 'Unknown mapping' }]);
    mapping = saved.rows[0].mapping;
  }
  return ctx.db.transaction().execute(async (tx) => {
    const inserted = await sql<{ id: string }>`
      INSERT INTO import_run (gad_id, created_by, kind, mode, dry_run, skip_bad_rows, mapping, file_name, file_data, created_at)
      VALUES (${gadId}, ${actorUserId(ctx.actor)}, ${form.kind}, ${form.mode}, ${form.dryRun}, ${form.skipBadRows},
              ${JSON.stringify(mapping)}::jsonb, ${file.name.slice(0, 300)}, ${file.data}, ${ctx.now})
      RETURNING id`.execute(tx);
    const id = inserted.rows[0]!.id;
    // One attempt: a run that dies leaves nothing (one transaction), and is re-run only when its lease lapses.
    await enqueueJob(tx, IMPORT_QUEUE, { importId: id }, { uniqueKey: `import:${id}`, maxAttempts: 2 });
    return id;
  });
}

export async function saveMapping(ctx: Ctx, body: z.infer<typeof mappingBody>) {
  const gadId = await targetGadForWrite(ctx.db, ctx.actor, body.gad);
  return ctx.db.transaction().execute(async (tx) => {
    const saved = await sql<{ id: string }>`
      INSERT INTO import_mapping (gad_id, kind, name, mapping, created_by, updated_at)
      VALUES (${gadId}, ${body.kind}, ${body.name}, ${JSON.stringify(body.mapping)}::jsonb, ${actorUserId(ctx.actor)}, ${ctx.now})
      ON CONFLICT (gad_id, kind, name) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = EXCLUDED.updated_at
      RETURNING id`.execute(tx);
    const id = saved.rows[0]!.id;
    await recordAudit(tx, { actor: ctx.actor, gadId, entity: 'import_mapping', entityId: id, operation: 'update', diff: { kind: body.kind, name: body.name, mapping: body.mapping } });
    return { id, kind: body.kind, name: body.name, mapping: body.mapping };
  });
}
