import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Ctx } from '../context.ts';
import { planInput } from '../features/plans/schema.ts';
import { approvePlanIn, createPlanIn } from '../features/plans/write-plan.ts';

/** An invented, approved plan for Quito, flagged illustrative: the thesis says Quito had none. */
export const PLAN_DEMO_FILE = 'illustrative-quito-plan.json';

interface PlanDemo {
  gad: string;
  illustrative: boolean;
  plan: Record<string, unknown> & { priorities: { kind: string; value?: string; partnerName?: string; objective?: string }[] };
}

export async function readPlanDemo(dir: string): Promise<PlanDemo | null> {
  try {
    return JSON.parse(await readFile(join(dir, PLAN_DEMO_FILE), 'utf8')) as PlanDemo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Goes through the same use cases as the API: create the draft, then approve it. Returns the number of plans. */
export async function loadPlanDemo(tx: Db, ctx: Ctx, file: PlanDemo): Promise<number> {
  if (!file.illustrative) throw new Error(`${PLAN_DEMO_FILE} must be flagged illustrative`);
  const gad = await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = ${file.gad}`.execute(tx);
  if (!gad.rows[0]) throw new Error(`Plan demo names unknown GAD ${file.gad}`);
  const priorities = [];
  for (const p of file.plan.priorities) {
    if (!p.partnerName) { priorities.push(p); continue; }
    const partner = await sql<{ id: string }>`SELECT id FROM partner WHERE name = ${p.partnerName} AND deleted_at IS NULL`.execute(tx);
    if (!partner.rows[0]) throw new Error(`Plan demo names unknown partner ${p.partnerName}`);
    priorities.push({ kind: p.kind, value: partner.rows[0].id, objective: p.objective });
  }
  const input = planInput.parse({ ...file.plan, priorities });
  // A planning office writes and approves it; the loader acts for both, as the system.
  const id = await createPlanIn(tx, ctx, gad.rows[0].id, input, { illustrative: true });
  await approvePlanIn(tx, ctx, id, 1);
  return 1;
}
