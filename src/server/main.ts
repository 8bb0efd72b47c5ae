import { readConfig } from './config.ts';
import { startServer } from './boot.ts';

const config = readConfig();
const app = await startServer(config);
app.log.info(`Glocal is serving on http://localhost:${config.port} (database: ${app.database.kind})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
