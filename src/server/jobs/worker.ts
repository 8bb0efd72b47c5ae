import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { claimJob, completeJob, failJob } from './queue.ts';

export type JobHandler = (payload: Record<string, unknown>, context: { db: Db; now: Date; jobId: number }) => Promise<void>;

export interface Worker {
  /** Runs due jobs until none is left; what tests call instead of waiting for the timer. */
  drain(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function createWorker(db: Db, handlers: Record<string, JobHandler>, clock: () => Date, log: (message: string, error?: unknown) => void = () => {}): Worker {
  const workerId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const queues = Object.keys(handlers);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function runOne(): Promise<boolean> {
    const now = clock();
    const job = await claimJob(db, queues, workerId, now, 5 * 60_000);
    if (!job) return false;
    try {
      await handlers[job.queue]!(job.payload, { db, now, jobId: job.id });
      await completeJob(db, job.id, clock());
    } catch (error) {
      log(`job ${job.id} (${job.queue}) failed on attempt ${job.attempts}`, error);
      await failJob(db, job, error, clock());
    }
    return true;
  }

  async function drain(): Promise<number> {
    let count = 0;
    while (await runOne()) count++;
    return count;
  }

  return {
    drain: () => (running ??= drain().finally(() => { running = undefined; })),
    start(intervalMs = 2000) {
      timer = setInterval(() => {
        if (!running) void (running = drain().catch((error) => { log('job worker error', error); return 0; }).finally(() => { running = undefined; }));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
