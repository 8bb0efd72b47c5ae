import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface EnqueueOptions {
  /** Jobs sharing a key are enqueued once; a second enqueue is a no-op. */
  uniqueKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Jobs fail only for reasons outside them (SMTP, object storage, the database); problems with the
 * work itself end the job as done. With the backoff capped at one hour, 30 attempts span about a
 * day, so an outage delays an email or a text extraction and does not lose it.
 */
const DEFAULT_ATTEMPTS = 30;

/** Enqueue inside the caller's transaction: the job exists if and only if the write that asked for it commits. */
export async function enqueueJob(tx: Db, queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<boolean> {
  const inserted = await sql<{ id: number }>`
    INSERT INTO job (queue, payload, unique_key, run_at, max_attempts)
    VALUES (${queue}, ${JSON.stringify(payload)}::jsonb, ${options.uniqueKey ?? null}, ${options.runAt ?? new Date()}, ${options.maxAttempts ?? DEFAULT_ATTEMPTS})
    ON CONFLICT (unique_key) DO NOTHING RETURNING id`.execute(tx);
  return inserted.rows.length > 0;
}

export interface ClaimedJob {
  id: number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims one due job. SKIP LOCKED lets many instances poll the same table without ever
 * taking the same job; the lease (locked_until) returns the job to the queue if its
 * worker dies mid-run.
 */
export async function claimJob(db: Db, queues: string[], workerId: string, now: Date, leaseMs: number): Promise<ClaimedJob | undefined> {
  const claimed = await sql<ClaimedJob>`
    UPDATE job SET state = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = ${new Date(now.getTime() + leaseMs)}
    WHERE id = (
      SELECT id FROM job
      WHERE queue = ANY(${queues}::text[]) AND run_at <= ${now}
        AND (state = 'queued' OR (state = 'running' AND locked_until < ${now}))
      ORDER BY run_at, id
      FOR UPDATE SKIP LOCKED
      LIMIT 1)
    RETURNING id, queue, payload, attempts, max_attempts`.execute(db);
  return claimed.rows[0];
}

export async function completeJob(db: Db, id: number, now: Date): Promise<void> {
  await sql`UPDATE job SET state = 'done', finished_at = ${now}, locked_by = NULL, locked_until = NULL WHERE id = ${id}`.execute(db);
}

/** Exponential backoff: 30 s, 1 min, 2 min, 4 min… capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export async function failJob(db: Db, job: ClaimedJob, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const final = job.attempts >= job.max_attempts;
  await sql`UPDATE job SET state = ${final ? 'failed' : 'queued'}, last_error = ${message.slice(0, 2000)},
      run_at = ${new Date(now.getTime() + retryDelayMs(job.attempts))}, locked_by = NULL, locked_until = NULL,
      finished_at = ${final ? now : null}
    WHERE id = ${job.id}`.execute(db);
}
