import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { createTicker, type Ticker } from '../../jobs/ticker.ts';
import { localDate } from '../shared/dates.ts';
import { applyRules, NOTIFICATION_EMAIL_QUEUE } from './apply-rules.ts';
import { DIGEST_QUEUE, enqueueDigests, sendDigest, type DigestFrequency } from './digest.ts';
import { emailNotification, sendOverdueReminders } from './reminders.ts';

export const DAILY_QUEUE = 'followup-daily';

/**
 * Asks for today's follow-up run. The run is a job keyed by Ecuador's calendar day, so every
 * instance may tick as often as it likes: the day's run exists once in PostgreSQL and one worker takes it.
 */
export type FollowUpScheduler = Ticker;

declare module 'fastify' {
  interface FastifyInstance {
    followUpScheduler: FollowUpScheduler;
  }
}

export function createFollowUpScheduler(db: Db, clock: () => Date, log: (message: string, error?: unknown) => void = () => {}): FollowUpScheduler {
  const tick = async (now = clock()) => {
    const today = localDate(now);
    return enqueueJob(db, DAILY_QUEUE, { date: today }, { uniqueKey: `${DAILY_QUEUE}:${today}`, runAt: now });
  };
  return createTicker(tick, 60_000, (error) => log('follow-up tick failed', error));
}

/** One day's follow-up: apply the rules, remind about what is overdue, queue the digests. Safe to re-run. */
export async function runDailyFollowUp(db: Db, today: string, now: Date) {
  // Agreement activity is computed for a day: a new day asks for every GAD's to be recomputed.
  await sql`INSERT INTO rollup_dirty (gad_id) SELECT gad_id FROM followup_rollup_day WHERE computed_on < ${today}::date OR stale_on <= ${today}::date`.execute(db);
  const created = await applyRules(db, today, now);
  const reminders = await sendOverdueReminders(db, today, now);
  const digests = await enqueueDigests(db, today, now);
  return { ...created, reminders, digests };
}

export function followUpJobHandlers(app: FastifyInstance): Record<string, JobHandler> {
  return {
    [DAILY_QUEUE]: async (payload, { db, now }) => {
      const result = await runDailyFollowUp(db, String(payload.date), now);
      app.log.info({ followUp: result, date: payload.date }, 'follow-up run');
    },
    [NOTIFICATION_EMAIL_QUEUE]: async (payload, { db, now }) => {
      await emailNotification(db, app.mailer, app.publicUrl, String(payload.notificationId), now);
    },
    [DIGEST_QUEUE]: async (payload, { db }) => {
      await sendDigest(db, app.mailer, app.publicUrl, {
        userId: String(payload.userId), date: String(payload.date), frequency: payload.frequency as DigestFrequency,
      });
    },
  };
}
