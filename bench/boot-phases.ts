/**
 * Where a start of the embedded default spends its time: `node bench/boot-phases.ts <data dir>` runs the
 * same start as `node src/server/main.ts` (startServer, PGlite on disk under <data dir>) and prints, per
 * phase, wall and CPU seconds since the process began: module loading, opening PGlite (from the initdb seed
 * or running initdb), migrations, reference data, demo data, mail, building the app and listening, and the
 * first 200 of /api/health. Run it on an empty directory, then again on the same one.
 */
const lap = (label: string) => {
  const cpu = process.cpuUsage();
  phases.push({ phase: label, wallSeconds: round(performance.now() / 1000), cpuSeconds: round((cpu.user + cpu.system) / 1e6) });
};
const round = (n: number) => Math.round(n * 100) / 100;
const phases: { phase: string; wallSeconds: number; cpuSeconds: number }[] = [];
lap('node started');
// As src/server/main.ts does before loading the server.
const { enableCompileCache, flushCompileCache } = await import('node:module');
enableCompileCache(new URL('../dist/node-compile-cache', import.meta.url).pathname);
const { readConfig } = await import('../src/server/config.ts');
const { startServer } = await import('../src/server/boot.ts');
lap('modules loaded');
const config = readConfig({ ...process.env, GLOCAL_DATA_DIR: process.argv[2], DATABASE_URL: '', DATABASE_READ_URL: '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
process.env.LOG_LEVEL = 'warn';
const app = await startServer(config, {}, lap);
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const response = await fetch(`http://127.0.0.1:${port}/api/health`);
if (response.status !== 200) throw new Error(`/api/health answered ${response.status}`);
lap('first response');
flushCompileCache();
await app.close();
console.log(JSON.stringify(phases));
