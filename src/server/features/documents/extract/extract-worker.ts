import { parentPort, workerData } from 'node:worker_threads';
import { extractText } from './extract-text.ts';

// Runs in a worker thread with its own heap limit, so a hostile file can exhaust only this thread.
const { path, extractor } = workerData as { path: string; extractor: Parameters<typeof extractText>[1] };
const result = await extractText(path, extractor);
parentPort!.postMessage(result);
