import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ReportRow } from './reasons.ts';

export interface ImportRunRow {
  id: string;
  gad_id: string;
  created_by: string | null;
  kind: string;
  mode: 'create' | 'update' | 'upsert';
  dry_run: boolean;
  skip_bad_rows: boolean;
  mapping: Record<string, string>;
  file_name: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  unchanged: number;
  bad: number;
  outcome: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const RUN_COLUMNS = sql`id, gad_id, created_by, kind, mode, dry_run, skip_bad_rows, mapping, file_name, state, rows_total, rows_done,
  created, updated, unchanged, bad, outcome, created_at, finished_at`;

export async function selectImportRun(db: Db, id: string): Promise<ImportRunRow | undefined> {
  const result = await sql<ImportRunRow>`SELECT ${RUN_COLUMNS} FROM import_run WHERE id::text = ${id}`.execute(db);
  return result.rows[0];
}

export async function selectImportFile(db: Db, id: string): Promise<Uint8Array> {
  const result = await sql<{ file_data: Uint8Array }>`SELECT file_data FROM import_run WHERE id = ${id}`.execute(db);
  return result.rows[0]!.file_data;
}

export async function selectReportRows(db: Db, id: string, limit: number, offset: number) {
  const result = await sql<{ row_number: number; column_name: string | null; value: string | null; reason: string; params: Record<string, unknown>; severity: 'error' | 'info' }>`
    SELECT row_number, column_name, value, reason, params, severity FROM import_report_row WHERE import_id = ${id}
    ORDER BY row_number, column_name NULLS FIRST LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_report_row WHERE import_id = ${id}`.execute(db);
  return { rows: result.rows, total: total.rows[0]!.n };
}

export async function insertReportRows(tx: Db, importId: string, gadId: string, rows: ReportRow[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map((r) => ({
      row_number: r.row, column_name: r.column, value: r.value?.slice(0, 500) ?? null, reason: r.reason, params: r.params ?? {}, severity: r.severity ?? 'error',
    }));
    await sql`INSERT INTO import_report_row (import_id, gad_id, row_number, column_name, value, reason, params, severity)
      SELECT ${importId}, ${gadId}, row_number, column_name, value, reason, params, severity
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS r(row_number int, column_name text, value text, reason text, params jsonb, severity text)`.execute(tx);
  }
}

export interface RunOutcome { state: 'done' | 'failed'; rowsTotal: number; created: number; updated: number; unchanged: number; bad: number; outcome: string | null }

export async function finishImportRun(tx: Db, id: string, o: RunOutcome, now: Date) {
  await sql`UPDATE import_run SET state = ${o.state}, rows_total = ${o.rowsTotal}, rows_done = ${o.rowsTotal}, created = ${o.created},
      updated = ${o.updated}, unchanged = ${o.unchanged}, bad = ${o.bad}, outcome = ${o.outcome}, finished_at = ${now}
    WHERE id = ${id}`.execute(tx);
}
