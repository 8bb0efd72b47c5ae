import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import type { ActionInput } from './schema.ts';
import { insertActionCore, insertKindDetails, insertThemesAndPartners } from './write-queries.ts';
import { validateActionReferences } from './validate-references.ts';

export interface CreateActionOptions {
  illustrative?: boolean;
}

/** Creates an action of any kind with its partners, themes and kind-specific details, and audits it. */
export async function createActionIn(tx: Db, ctx: Ctx, gadId: string, input: ActionInput, options: CreateActionOptions = {}) {
  await validateActionReferences(tx, input);
  const id = await insertActionCore(tx, gadId, input, options.illustrative ?? false);
  await insertThemesAndPartners(tx, id, gadId, input);
  await insertKindDetails(tx, id, gadId, input);
  await recordAudit(tx, {
    actor: ctx.actor, gadId, entity: 'action', entityId: id, operation: 'create', diff: { after: input },
  });
  return id;
}

export async function createAction(ctx: Ctx, gadId: string, input: ActionInput, options: CreateActionOptions = {}) {
  return ctx.db.transaction().execute((tx) => createActionIn(tx, ctx, gadId, input, options));
}
