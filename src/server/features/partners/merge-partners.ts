import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { actorUserId } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { requirePartnerAdmin } from './policy.ts';

interface MovedLink {
  action_id: string;
  role: string;
  gad_id: string;
  /** The target already had this link before the merge; undoing must leave it. */
  target_had: boolean;
}

/**
 * "Bogotá" and "Bogotá D.C." are one partner. The source's links move to the target (a link
 * the target already has is kept once), its names become the target's aliases, and what
 * moved is written down so the merge can be undone.
 */
export async function mergePartners(ctx: Ctx, sourceId: string, targetId: string) {
  requirePartnerAdmin(ctx.actor);
  if (sourceId === targetId) throw AppError.invalid('A partner cannot be merged into itself', [{ field: 'body.into', message: 'Choose another partner' }]);
  return ctx.db.transaction().execute(async (tx) => {
    const both = await sql<{ id: string; name: string }>`
      SELECT id, name FROM partner WHERE id IN (${sourceId}, ${targetId}) AND deleted_at IS NULL AND merged_into_id IS NULL
      FOR UPDATE`.execute(tx);
    const source = both.rows.find((p) => p.id === sourceId);
    if (!source) throw AppError.notFound('Partner');
    if (!both.rows.find((p) => p.id === targetId)) throw AppError.invalid('Unknown target partner', [{ field: 'body.into', message: 'Unknown partner' }]);
    const links = await sql<MovedLink>`
      SELECT s.action_id, s.role, s.gad_id, EXISTS (SELECT 1 FROM action_partner t
        WHERE t.partner_id = ${targetId} AND t.action_id = s.action_id AND t.role = s.role) AS target_had
      FROM action_partner s WHERE s.partner_id = ${sourceId}`.execute(tx);
    await sql`INSERT INTO action_partner (action_id, gad_id, partner_id, role)
      SELECT action_id, gad_id, ${targetId}, role FROM action_partner WHERE partner_id = ${sourceId}
      ON CONFLICT DO NOTHING`.execute(tx);
    await sql`DELETE FROM action_partner WHERE partner_id = ${sourceId}`.execute(tx);
    const names = await sql<{ alias: string }>`
      SELECT ${source.name}::text AS alias UNION SELECT alias FROM partner_alias WHERE partner_id = ${sourceId}`.execute(tx);
    const added = await sql<{ alias: string }>`
      INSERT INTO partner_alias (partner_id, alias)
      SELECT ${targetId}, alias FROM unnest(${names.rows.map((r) => r.alias)}::text[]) AS alias
      WHERE alias <> (SELECT name FROM partner WHERE id = ${targetId})
      ON CONFLICT DO NOTHING RETURNING alias`.execute(tx);
    await sql`UPDATE partner SET merged_into_id = ${targetId}, version = version + 1, updated_at = ${ctx.now} WHERE id = ${sourceId}`.execute(tx);
    const merge = await sql<{ id: string }>`
      INSERT INTO partner_merge (source_id, target_id, moved_links, added_aliases, merged_by, merged_at)
      VALUES (${sourceId}, ${targetId}, ${JSON.stringify(links.rows)}::jsonb, ${added.rows.map((r) => r.alias)}::text[],
              ${actorUserId(ctx.actor)}, ${ctx.now})
      RETURNING id`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: null, entity: 'partner', entityId: sourceId, operation: 'merge',
      diff: { into: targetId, movedLinks: links.rows.length, addedAliases: added.rows.map((r) => r.alias) } });
    return { mergeId: merge.rows[0]!.id, movedLinks: links.rows.length };
  });
}

export async function undoPartnerMerge(ctx: Ctx, sourceId: string) {
  requirePartnerAdmin(ctx.actor);
  await ctx.db.transaction().execute(async (tx) => {
    const found = await sql<{ id: string; target_id: string; moved_links: MovedLink[]; added_aliases: string[] }>`
      SELECT id, target_id, moved_links, added_aliases FROM partner_merge
      WHERE source_id = ${sourceId} AND undone_at IS NULL ORDER BY merged_at DESC LIMIT 1 FOR UPDATE`.execute(tx);
    const merge = found.rows[0];
    if (!merge) throw AppError.notFound('Merge');
    for (const link of merge.moved_links) {
      await sql`INSERT INTO action_partner (action_id, gad_id, partner_id, role)
        VALUES (${link.action_id}, ${link.gad_id}, ${sourceId}, ${link.role}) ON CONFLICT DO NOTHING`.execute(tx);
      if (!link.target_had) {
        await sql`DELETE FROM action_partner
          WHERE partner_id = ${merge.target_id} AND action_id = ${link.action_id} AND role = ${link.role}`.execute(tx);
      }
    }
    await sql`DELETE FROM partner_alias WHERE partner_id = ${merge.target_id} AND alias = ANY(${merge.added_aliases}::text[])`.execute(tx);
    await sql`UPDATE partner SET merged_into_id = NULL, version = version + 1, updated_at = ${ctx.now} WHERE id = ${sourceId}`.execute(tx);
    await sql`UPDATE partner_merge SET undone_at = ${ctx.now} WHERE id = ${merge.id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: null, entity: 'partner', entityId: sourceId, operation: 'unmerge', diff: { from: merge.target_id } });
  });
}
