import type { FastifyInstance } from 'fastify';
import type { JobHandler } from '../../jobs/worker.ts';
import { IMPORT_QUEUE } from './start-import.ts';
import { runImport } from './run-import.ts';

export function importJobHandlers(_app: FastifyInstance): Record<string, JobHandler> {
  return {
    [IMPORT_QUEUE]: (payload, { db, now }) => runImport(db, String(payload.importId), now,
      (phase) => _app.log.info({ importId: payload.importId, phase }, 'import phase')),
  };
}
