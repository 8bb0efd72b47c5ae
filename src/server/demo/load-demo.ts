import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Ctx } from '../context.ts';
import { actionInput } from '../features/actions/schema.ts';
import { createActionIn } from '../features/actions/create-action.ts';
import { createPartnerIn } from '../features/partners/create-partner.ts';
import { partnerInput } from '../features/partners/schema.ts';
import { alreadyLoaded, DATA_LOAD_LOCK_KEY, markLoaded } from '../reference/load-reference.ts';
import type { DemoAction, DemoFile } from './demo-format.ts';
import { loadDemoAccounts } from './demo-accounts.ts';
import { loadPlanDemo, PLAN_DEMO_FILE, readPlanDemo } from './load-demo-plan.ts';
import { KNOWLEDGE_DEMO_FILE, loadKnowledgeDemo, readKnowledgeDemo } from './load-demo-knowledge.ts';
import { refreshDirtyRollups } from '../rollups/refresh.ts';

export const DEMO_DIR = join(import.meta.dirname, '../../../data/demo');
const QUITO_DPA = '1701';
/** Thesis data is public record; invented demo data stays at the visibility its file gives. */
export const DEMO_FILES = ['quito-thesis.json', 'illustrative-quito.json', 'illustrative-cuenca.json'];

/** Maps a transcribed row onto the same input the write API takes, so demo data passes the same validation. */
export function toActionInput(row: DemoAction, partnerIds: Map<string, string>) {
  const { delegates, ...rest } = row.details as { delegates?: Record<string, unknown>[] };
  const details: Record<string, unknown> = { ...rest };
  if (delegates) {
    details.delegates = delegates.map((d) => ({
      name: d.name ?? null,
      title: d.title ?? d.position ?? null,
      organisation: d.organisation ?? null,
      country: d.country ?? null,
    }));
  }
  return actionInput.parse({
    type: row.type,
    title: row.title,
    description: row.description,
    startDate: row.startDate,
    endDate: row.endDate,
    datePrecision: row.datePrecision ?? undefined,
    city: row.city,
    country: row.country,
    visibility: row.visibility ?? 'public',
    themes: row.themes,
    partners: row.partners.map((p) => {
      const partnerId = partnerIds.get(p.partner);
      if (!partnerId) throw new Error(`Demo action ${row.key} names unknown partner ${p.partner}`);
      return { partnerId, role: p.role };
    }),
    sourceNote: row.source,
    ambiguityNote: row.ambiguity,
    externalId: row.key,
    details,
  });
}

async function loadFile(tx: Db, ctx: Ctx, file: DemoFile): Promise<number> {
  const dpa = file.gad ?? QUITO_DPA;
  const gad = await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = ${dpa}`.execute(tx);
  const gadId = gad.rows[0]?.id;
  if (!gadId) throw new Error(`Demo file names unknown GAD ${dpa}`);
  const illustrative = file.illustrative ?? false;
  const partnerIds = new Map<string, string>();
  for (const p of file.partners) {
    const existing = await sql<{ id: string }>`SELECT id FROM partner WHERE name = ${p.name}`.execute(tx);
    const id = existing.rows[0]?.id ?? (await createPartnerIn(tx, ctx, partnerInput.parse(p), illustrative));
    partnerIds.set(p.key, id);
  }
  for (const row of file.actions) {
    await createActionIn(tx, ctx, gadId, toActionInput(row, partnerIds), { illustrative });
  }
  return file.actions.length;
}

async function readDemoFile(name: string): Promise<DemoFile | null> {
  try {
    return JSON.parse(await readFile(join(DEMO_DIR, name), 'utf8')) as DemoFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Loads each demo file once, whole or not at all; the lock keeps instances started together from loading it twice. */
export async function loadDemoData(db: Db, now: Date): Promise<void> {
  const ctx: Ctx = { db, actor: { kind: 'system', label: 'system:demo-load' }, now };
  let loadedAny = false;
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
    if (!(await alreadyLoaded(tx, 'demo:accounts'))) await markLoaded(tx, 'demo:accounts', await loadDemoAccounts(tx));
  });
  for (const name of DEMO_FILES) {
    const file = await readDemoFile(name);
    if (!file) continue;
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
      if (await alreadyLoaded(tx, `demo:${name}`)) return;
      const count = await loadFile(tx, { ...ctx, db: tx }, file);
      await markLoaded(tx, `demo:${name}`, count);
      loadedAny = true;
    });
  }
  const knowledge = await readKnowledgeDemo(DEMO_DIR);
  if (knowledge) {
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
      if (await alreadyLoaded(tx, `demo:${KNOWLEDGE_DEMO_FILE}`)) return;
      await markLoaded(tx, `demo:${KNOWLEDGE_DEMO_FILE}`, await loadKnowledgeDemo(tx, { ...ctx, db: tx }, knowledge));
      loadedAny = true;
    });
  }
  const plan = await readPlanDemo(DEMO_DIR);
  if (plan) {
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
      if (await alreadyLoaded(tx, `demo:${PLAN_DEMO_FILE}`)) return;
      await markLoaded(tx, `demo:${PLAN_DEMO_FILE}`, await loadPlanDemo(tx, { ...ctx, db: tx }, plan));
      loadedAny = true;
    });
  }
  // The dashboards read rollups: fill them now, so the demo's first page does not wait for the ticker.
  if (loadedAny) await refreshDirtyRollups(db);
}
