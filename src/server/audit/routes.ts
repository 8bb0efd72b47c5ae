import { Readable } from 'node:stream';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../context.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import { ctxOf } from '../http/context.ts';
import { isoDate, pagination } from '../features/shared/schema.ts';

const auditQuery = z.object({
  entity: z.string().max(50).optional().describe('action, partner, commitment, lesson, user…'),
  entityId: z.string().max(100).optional(),
  from: isoDate.optional().describe('From this day (inclusive)'),
  to: isoDate.optional().describe('To this day (inclusive)'),
  format: z.enum(['json', 'csv']).default('json'),
  ...pagination,
});
type AuditQuery = z.infer<typeof auditQuery>;

interface AuditRow {
  id: number;
  at: Date;
  actor_label: string;
  gad_id: string | null;
  entity: string;
  entity_id: string;
  operation: string;
  diff: unknown;
}

/** Admins read the trail: a platform admin all of it, a GAD admin its own GAD's. */
function auditScope(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'user' && actor.role === 'platform_admin') return sql<boolean>`true`;
  if (actor.kind === 'user' && actor.role === 'gad_admin') return sql<boolean>`l.gad_id = ${actor.gadId}`;
  throw new AppError(actor.kind === 'user' ? 'forbidden' : 'unauthenticated', 'Only admins may read the audit log');
}

function auditFilter(actor: Actor, q: AuditQuery): RawBuilder<boolean> {
  const conditions = [auditScope(actor)];
  if (q.entity) conditions.push(sql<boolean>`l.entity = ${q.entity}`);
  if (q.entityId) conditions.push(sql<boolean>`l.entity_id = ${q.entityId}`);
  if (q.from) conditions.push(sql<boolean>`l.at >= ${q.from}::date`);
  if (q.to) conditions.push(sql<boolean>`l.at < ${q.to}::date + 1`);
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

function csvCell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Streams the whole filtered log page by page (keyset on id), so an export of any size stays in bounded memory. */
async function* auditCsv(db: Db, where: RawBuilder<boolean>) {
  yield '\uFEFFid,at,actor,gad_id,entity,entity_id,operation,diff\r\n';
  let after = 0;
  for (;;) {
    const page = await sql<AuditRow>`SELECT l.* FROM audit_log l WHERE ${where} AND l.id > ${after} ORDER BY l.id LIMIT 1000`.execute(db);
    for (const r of page.rows) {
      yield [r.id, r.at, r.actor_label, r.gad_id, r.entity, r.entity_id, r.operation, r.diff].map(csvCell).join(',') + '\r\n';
    }
    if (page.rows.length < 1000) return;
    after = page.rows.at(-1)!.id;
  }
}

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/audit', {
    config: { access: 'admin' }, schema: { tags: ['admin'], summary: 'The audit log (admins); format=csv exports it', querystring: auditQuery },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const where = auditFilter(ctx.actor, request.query);
    if (request.query.format === 'csv') {
      reply.header('content-disposition', 'attachment; filename="glocal-audit.csv"').type('text/csv; charset=utf-8');
      return reply.send(Readable.from(auditCsv(ctx.db, where)));
    }
    const [rows, total] = await Promise.all([
      sql<AuditRow>`SELECT l.* FROM audit_log l WHERE ${where} ORDER BY l.id DESC LIMIT ${request.query.limit} OFFSET ${request.query.offset}`.execute(ctx.db),
      sql<{ total: number }>`SELECT count(*)::int AS total FROM audit_log l WHERE ${where}`.execute(ctx.db),
    ]);
    return {
      items: rows.rows.map((r) => ({
        id: r.id, at: r.at.toISOString(), actor: r.actor_label, gadId: r.gad_id, entity: r.entity, entityId: r.entity_id,
        operation: r.operation, diff: r.diff,
      })),
      total: total.rows[0]?.total ?? 0,
    };
  });
};
