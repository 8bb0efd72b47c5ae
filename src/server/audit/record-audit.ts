import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { actorLabel, actorUserId, type Actor } from '../context.ts';

export type AuditOperation = 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'unmerge' | 'transition';

export interface AuditEntry {
  actor: Actor;
  gadId: string | null;
  entity: string;
  entityId: string;
  operation: AuditOperation;
  diff: Record<string, unknown>;
}

/** Call inside the same transaction as the write it records, so neither exists without the other. */
export async function recordAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await sql`
    INSERT INTO audit_log (actor_id, actor_label, gad_id, entity, entity_id, operation, diff)
    VALUES (${actorUserId(entry.actor)}, ${actorLabel(entry.actor)}, ${entry.gadId}, ${entry.entity},
            ${entry.entityId}, ${entry.operation}, ${JSON.stringify(entry.diff)}::jsonb)`.execute(tx);
}
