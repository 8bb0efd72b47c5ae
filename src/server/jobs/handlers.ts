import type { FastifyInstance } from 'fastify';
import type { JobHandler } from './worker.ts';
import { importJobHandlers } from '../features/imports/jobs.ts';
import { documentJobHandlers } from '../features/documents/extract-document.ts';
import { followUpJobHandlers } from '../features/followup/scheduler.ts';
import { rollupJobHandlers } from '../rollups/ticker.ts';

/**
 * Every background job the platform runs, by queue name. Features add theirs here, so the
 * list of what runs in the background is readable in one place.
 */
export function jobHandlers(_app: FastifyInstance): Record<string, JobHandler> {
  return {
    ...importJobHandlers(_app),
    ...followUpJobHandlers(_app),
    ...documentJobHandlers(_app),
    ...rollupJobHandlers(_app),
  };
}
