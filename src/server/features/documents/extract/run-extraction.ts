import { Worker } from 'node:worker_threads';
import type { Extractor } from '../media-types.ts';
import type { Extraction } from './extract-text.ts';

export interface ExtractionBounds {
  timeoutMs: number;
  heapMb: number;
}

/**
 * Extracts in a worker thread bounded in time and heap: a file that loops or balloons is
 * stopped and marked failed, and the server's own event loop never waits on a parser.
 */
export function runExtraction(path: string, extractor: Extractor, bounds: ExtractionBounds): Promise<Extraction> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./extract-worker.ts', import.meta.url), {
      workerData: { path, extractor },
      resourceLimits: { maxOldGenerationSizeMb: bounds.heapMb, maxYoungGenerationSizeMb: 16 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (result: Extraction) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ state: 'failed', text: '', reason: `Reading the file took longer than ${Math.round(bounds.timeoutMs / 1000)} s` }), bounds.timeoutMs);
    worker.on('message', (result: Extraction) => finish(result));
    worker.on('error', (error: Error & { code?: string }) => finish({
      state: 'failed', text: '',
      reason: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `Reading the file needed more than ${bounds.heapMb} MB of memory` : `The reader stopped: ${error.message}`.slice(0, 500),
    }));
    worker.on('exit', (code) => finish({ state: 'failed', text: '', reason: `The reader exited (code ${code})` }));
  });
}
