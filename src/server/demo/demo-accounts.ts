import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { hashPassword } from '../features/auth/secrets.ts';

/** Listed in the README. They exist only with demo data and are refused at login in production mode. */
export const DEMO_PASSWORD = 'demo-glocal-2026';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.glocal.ec', name: 'Administración Glocal (demo)', role: 'platform_admin', gad: null, organisation: null },
  { email: 'admin.quito@demo.glocal.ec', name: 'Administración DMRI Quito (demo)', role: 'gad_admin', gad: '1701', organisation: null },
  { email: 'editor.quito@demo.glocal.ec', name: 'Editora DMRI Quito (demo)', role: 'gad_editor', gad: '1701', organisation: null },
  { email: 'viewer.quito@demo.glocal.ec', name: 'Lector Quito (demo)', role: 'gad_viewer', gad: '1701', organisation: null },
  { email: 'editor.cuenca@demo.glocal.ec', name: 'Editor Cuenca (demo)', role: 'gad_editor', gad: '0101', organisation: null },
  { email: 'analista.cancilleria@demo.glocal.ec', name: 'Analista Cancillería (demo)', role: 'central_analyst', gad: null, organisation: 'MREMH' },
  { email: 'analista.ame@demo.glocal.ec', name: 'Analista AME (demo)', role: 'association_analyst', gad: null, organisation: 'AME' },
] as const;

export async function loadDemoAccounts(tx: Db): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await sql`INSERT INTO app_user (email, display_name, password_hash, role, gad_id, organisation, is_demo)
      VALUES (${account.email}, ${account.name}, ${passwordHash}, ${account.role},
              (SELECT id FROM gad WHERE dpa_code = ${account.gad}), ${account.organisation}, true)`.execute(tx);
  }
  return DEMO_ACCOUNTS.length;
}
