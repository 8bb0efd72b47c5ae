import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { changedFields } from '../actions/update-action.ts';
import { requirePartnerEditor } from './policy.ts';
import { selectPartner } from './queries.ts';
import type { z } from 'zod';
import type { partnerPatchBody } from './schema.ts';

export async function updatePartner(ctx: Ctx, id: string, patch: z.infer<typeof partnerPatchBody>) {
  requirePartnerEditor(ctx.actor);
  await ctx.db.transaction().execute(async (tx) => {
    const current = await selectPartner(tx, id);
    if (!current) throw AppError.notFound('Partner');
    const before = { name: current.name, type: current.type, country: current.country_code, city: current.city, aliases: current.aliases };
    const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => k !== 'version' && v !== undefined)) };
    if (after.country) {
      const known = await sql`SELECT 1 FROM country WHERE code = ${after.country}`.execute(tx);
      if (!known.rows[0]) throw AppError.invalid('Unknown country', [{ field: 'body.country', message: `Unknown country code "${after.country}"` }]);
    }
    const updated = await sql<{ id: string }>`
      UPDATE partner SET name = ${after.name}, type = ${after.type}, country_code = ${after.country ?? null}, city = ${after.city ?? null},
        version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${patch.version} AND deleted_at IS NULL RETURNING id`.execute(tx);
    if (!updated.rows[0]) {
      throw AppError.conflict('Someone else changed this partner since you opened it', { current: await selectPartner(tx, id) });
    }
    if (patch.aliases) {
      await sql`DELETE FROM partner_alias WHERE partner_id = ${id}`.execute(tx);
      for (const alias of new Set(patch.aliases.filter((a) => a !== after.name))) {
        await sql`INSERT INTO partner_alias (partner_id, alias) VALUES (${id}, ${alias})`.execute(tx);
      }
    }
    await recordAudit(tx, { actor: ctx.actor, gadId: null, entity: 'partner', entityId: id, operation: 'update', diff: changedFields(before, after) });
  });
}
