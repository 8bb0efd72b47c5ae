import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import type { Locale } from './fields.ts';
import { progressOf } from './progress.ts';
import { selectImportRun, selectReportRows } from './queries.ts';
import { reasonText } from './reasons.ts';

/** An import is seen by whoever started it, the admins and editors of its GAD, and platform admins; others get 404. */
function requireSignedIn(ctx: Ctx) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to see imports');
}

export async function getImport(ctx: Ctx, id: string, locale: Locale, page: { limit: number; offset: number }) {
  requireSignedIn(ctx);
  const run = await selectImportRun(ctx.db, id);
  const a = ctx.actor;
  const allowed = run && a.kind === 'user' && (a.role === 'platform_admin' || a.userId === run.created_by || a.gadId === run.gad_id);
  if (!run || !allowed) throw AppError.notFound('Import');
  const report = await selectReportRows(ctx.db, id, page.limit, page.offset);
  const live = run.state === 'running' ? progressOf(id) : undefined;
  const done = run.state === 'done' || run.state === 'failed';
  return {
    id: run.id, kind: run.kind, mode: run.mode, dryRun: run.dry_run, skipBadRows: run.skip_bad_rows, state: run.state, outcome: run.outcome,
    progress: live ?? { phase: done ? 'finished' : run.state, done: run.rows_done, total: run.rows_total },
    counts: { rows: run.rows_total, created: run.created, updated: run.updated, unchanged: run.unchanged, badRows: run.bad },
    report: report.rows.map((r) => ({
      row: r.row_number, column: r.column_name, value: r.value, code: r.reason, severity: r.severity,
      reason: reasonText(r.reason, locale, r.params),
    })),
    reportTotal: report.total,
    createdAt: new Date(run.created_at).toISOString(),
    finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
  };
}

export async function listMappings(ctx: Ctx, kind: string | undefined) {
  requireSignedIn(ctx);
  const gadId = ctx.actor.kind === 'user' ? ctx.actor.gadId : null;
  if (!gadId) return { items: [] };
  const result = await sql<{ id: string; kind: string; name: string; mapping: Record<string, string> }>`
    SELECT id, kind, name, mapping FROM import_mapping WHERE gad_id = ${gadId} AND (${kind ?? null}::text IS NULL OR kind = ${kind ?? null})
    ORDER BY kind, name`.execute(ctx.db);
  return { items: result.rows };
}
