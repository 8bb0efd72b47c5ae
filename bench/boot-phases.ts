/**
 * Where a start of the embedded default spends its time: `node bench/boot-phases.ts <data dir>` prints, per
 * phase, wall and CPU seconds since the process began (module loading, opening PGlite, migrations,
 * reference data, demo data, building the app). Run it on an empty directory, then again on the same one.
 */
const lap = (label: string) => {
  const cpu = process.cpuUsage();
  phases.push({ phase: label, wallSeconds: round(performance.now() / 1000), cpuSeconds: round((cpu.user + cpu.system) / 1e6) });
};
const round = (n: number) => Math.round(n * 100) / 100;
const phases: { phase: string; wallSeconds: number; cpuSeconds: number }[] = [];
lap('node started');
const { openDatabase } = await import('../src/server/db/database.ts');
const { migrate } = await import('../src/server/db/migrate.ts');
const { loadReferenceData } = await import('../src/server/reference/load-reference.ts');
const { loadDemoData } = await import('../src/server/demo/load-demo.ts');
const { buildApp } = await import('../src/server/app.ts');
lap('modules loaded');
const database = await openDatabase({ dataDir: process.argv[2] });
lap('PGlite open');
await migrate(database);
lap('migrations');
await loadReferenceData(database.db);
lap('reference data');
await loadDemoData(database.db, new Date());
lap('demo data');
const app = await buildApp({ database, logLevel: 'warn' });
await app.ready();
lap('app ready');
await app.close();
await database.close();
console.log(JSON.stringify(phases));
