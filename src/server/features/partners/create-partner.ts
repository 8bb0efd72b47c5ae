import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { AppError } from '../../http/app-error.ts';
import type { PartnerInput } from './schema.ts';

/** Partners are shared by every GAD, so they carry no GAD id. */
export async function createPartnerIn(tx: Db, ctx: Ctx, input: PartnerInput, illustrative = false): Promise<string> {
  if (input.country) {
    const known = await sql`SELECT 1 FROM country WHERE code = ${input.country}`.execute(tx);
    if (known.rows.length === 0) {
      throw AppError.invalid('Unknown country', [{ field: 'body.country', message: `Unknown country code "${input.country}"` }]);
    }
  }
  const inserted = await sql<{ id: string }>`
    INSERT INTO partner (name, type, country_code, city, illustrative)
    VALUES (${input.name}, ${input.type}, ${input.country ?? null}, ${input.city ?? null}, ${illustrative})
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]!.id;
  for (const alias of new Set(input.aliases.filter((a) => a !== input.name))) {
    await sql`INSERT INTO partner_alias (partner_id, alias) VALUES (${id}, ${alias})`.execute(tx);
  }
  await recordAudit(tx, { actor: ctx.actor, gadId: null, entity: 'partner', entityId: id, operation: 'create', diff: { after: input } });
  return id;
}

export async function createPartner(ctx: Ctx, input: PartnerInput): Promise<string> {
  return ctx.db.transaction().execute((tx) => createPartnerIn(tx, ctx, input));
}
