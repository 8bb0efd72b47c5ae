import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { selectVisibleDocument } from './queries.ts';

/**
 * Soft delete of one version: the row and its bytes stay (an audit may need them), it leaves
 * lists, search and downloads. Evidence of a completed commitment is kept by the commitment.
 */
export async function deleteDocument(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const document = await selectVisibleDocument(tx, ctx.actor, id);
    if (!document) throw AppError.notFound('Document');
    if (!canWriteForGad(ctx.actor, document.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may delete its documents');
    await sql`UPDATE document SET deleted_at = ${ctx.now} WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, {
      actor: ctx.actor, gadId: document.gad_id, entity: 'document', entityId: id, operation: 'delete',
      diff: { before: { title: document.title, filename: document.file_name, version: document.version, sha256: document.sha256 } },
    });
  });
}
