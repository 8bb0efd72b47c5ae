import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';

const ROWS = 100_000;
/** The bound this test states: the JS heap may grow by at most this much while 100,000 actions stream out. */
const HEAP_BOUND_MB = 32;

// A forced collection before each sample measures what the export keeps alive, not garbage awaiting collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const SAMPLE_EVERY_BYTES = 1 << 20;

let t: TestApp;
let base: string;

before(async () => {
  t = await startTestApp();
  // One INSERT … SELECT: 100,000 public actions of Loja (1101), with accents and a comma in each title.
  await sql`INSERT INTO action (gad_id, type, title, description, start_date, visibility, illustrative)
    SELECT (SELECT id FROM gad WHERE dpa_code = '1101'), 'participation', 'Participación n.º ' || n || ', Loja', 'Línea 1' || chr(10) || 'línea 2',
           date '2020-01-01' + (n % 1500), 'public', true
    FROM generate_series(1, ${ROWS}) AS n`.execute(t.database.db);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => t.close());

/**
 * Reads a streamed export over real HTTP chunk by chunk (client and server share this process), and after
 * every megabyte collects garbage and samples the live heap; returns bytes, line count and the peak growth.
 */
async function streamAndMeasure(path: string) {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let bytes = 0;
  let nextSample = SAMPLE_EVERY_BYTES;
  let newlines = 0;
  const response = await fetch(`${base}${path}`);
  assert.equal(response.status, 200);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) newlines++;
    if (bytes >= nextSample) {
      nextSample += SAMPLE_EVERY_BYTES;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
  }
  return { bytes, newlines, peakMb: peak / 2 ** 20 };
}

it(`streams ${ROWS.toLocaleString('en')} actions as CSV with the heap growing less than ${HEAP_BOUND_MB} MB`, { timeout: 10 * 60_000 }, async () => {
  const started = Date.now();
  const { bytes, newlines, peakMb } = await streamAndMeasure('/api/export/actions.csv?gad=1101');
  // Header + one record per action, each with one embedded newline in its description.
  assert.equal(newlines, 1 + 2 * ROWS);
  console.log(`CSV: ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MB in ${Date.now() - started} ms, heap peak +${peakMb.toFixed(1)} MB (bound ${HEAP_BOUND_MB} MB)`);
  assert.ok(peakMb < HEAP_BOUND_MB, `heap grew ${peakMb.toFixed(1)} MB`);
  assert.ok(bytes > peakMb * 2 ** 20, 'the file is larger than the live memory it took: it was never held whole');
});

it(`streams them as JSON under the same bound`, { timeout: 10 * 60_000 }, async () => {
  const { bytes, peakMb } = await streamAndMeasure('/api/export/actions.json?gad=1101');
  console.log(`JSON: ${(bytes / 2 ** 20).toFixed(1)} MB, heap peak +${peakMb.toFixed(1)} MB`);
  assert.ok(peakMb < HEAP_BOUND_MB, `heap grew ${peakMb.toFixed(1)} MB`);
});

it(`streams them as XLSX under the same bound`, { timeout: 10 * 60_000 }, async () => {
  const started = Date.now();
  const { bytes, peakMb } = await streamAndMeasure('/api/export/actions.xlsx?gad=1101');
  console.log(`XLSX: ${(bytes / 2 ** 20).toFixed(1)} MB in ${Date.now() - started} ms, heap peak +${peakMb.toFixed(1)} MB`);
  assert.ok(bytes > 1_000_000);
  assert.ok(peakMb < HEAP_BOUND_MB, `heap grew ${peakMb.toFixed(1)} MB`);
});
