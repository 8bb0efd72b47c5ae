/** `./glocal backup [archive]` and `./glocal restore <archive>`; the data directory and database come from the usual env. */
import { readConfig } from '../config.ts';
import { backup, restore } from './backup.ts';

const [command, archiveArgument] = process.argv.slice(2);
const config = readConfig();
const options = { dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) };

if (command === 'backup') {
  const archive = archiveArgument ?? `glocal-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  const manifest = await backup({ ...options, archive });
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(`Backed up ${rows} rows in ${Object.keys(manifest.rowCounts).length} tables and ${Object.keys(manifest.files).length} files to ${archive}`);
} else if (command === 'restore' && archiveArgument) {
  const manifest = await restore({ ...options, archive: archiveArgument });
  console.log(`Restored and verified ${Object.keys(manifest.rowCounts).length} tables and ${Object.keys(manifest.files).length} files from ${archiveArgument}`);
} else {
  console.error('usage: ./glocal backup [archive.tar.gz] | ./glocal restore <archive.tar.gz>');
  process.exit(2);
}
