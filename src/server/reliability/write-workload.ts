import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { call, type HttpSession } from './client.ts';
import { MARK } from './consistency.ts';
import { importStep, lostDocumentsAndImports, uploadStep } from './upload-import-workload.ts';

export interface Sessions { editor: HttpSession; admin: HttpSession; analyst: HttpSession }

/** One trial's traffic: stopped once the server is dead; the imports its clients wait for, by last state seen. */
export interface Traffic { stopped: boolean; imports: Map<string, string> }

/** At most this many imports at a time: the server runs its jobs one after another. */
const MAX_IMPORTS = 2;

/** What the server acknowledged (a 2xx reached the client): after any crash all of it must still be there. */
export interface Ledger {
  actions: Map<string, { version: number; title: string }>;
  plansApproved: Set<string>;
  plansCreated: Set<string>;
  commitmentsCreated: Set<string>;
  commitmentsCompleted: Set<string>;
  reportsCreated: Set<string>;
  reportsRegistered: Set<string>;
  /** Uploaded documents (201), with the size and SHA-256 of the bytes sent. */
  documents: Map<string, { size: number; sha256: string }>;
  /** Imports the client saw 'done', with the external ids of their rows. */
  imports: Map<string, { externalIds: string[] }>;
  acknowledged: number;
  /** Requests cut by the crash (no answer): they may or may not have happened, but never half. */
  cut: number;
  /** Of those, uploads and imports (an import is cut if the crash comes before the client saw it done). */
  cutUploads: number;
  cutImports: number;
  /** Answers other than the expected 2xx or a 409 version conflict. */
  unexpected: string[];
}

export function newLedger(): Ledger {
  return { actions: new Map(), plansApproved: new Set(), plansCreated: new Set(), commitmentsCreated: new Set(), commitmentsCompleted: new Set(), reportsCreated: new Set(), reportsRegistered: new Set(),
    documents: new Map(), imports: new Map(), acknowledged: 0, cut: 0, cutUploads: 0, cutImports: 0, unexpected: [] };
}

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

type Work = 'write' | 'upload' | 'import';

async function step(base: string, s: Sessions, ledger: Ledger, n: number, trial: number, traffic: Traffic, doing: { work: Work; watches: Promise<void>[] }, first?: Work) {
  const expect = (what: string, status: number, ok: number[], body: unknown) => {
    if (ok.includes(status)) return true;
    if (status !== 409) ledger.unexpected.push(`${what}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
    return false;
  };
  // The first step of the first two clients in a trial is an import and an upload, so every trial has both.
  let choice = first === 'import' ? 0.95 : first === 'upload' ? 0.85 : Math.random();
  // Enough imports under way: another kind of write instead.
  if (choice >= 0.88 && traffic.imports.size >= MAX_IMPORTS) choice = Math.random() * 0.8;
  doing.work = 'write';
  if (choice < 0.25 || (ledger.actions.size === 0 && first !== 'import')) {
    const title = `${MARK}: convenio ${n}`;
    const r = await call(base, 'POST', '/api/actions', {
      type: 'agreement', title, startDate: '2026-02-01', themes: ['mobility'],
      details: { kind: 'cooperation_agreement', state: 'signed', areas: 'Movilidad' },
    }, s.editor);
    if (expect('create action', r.status, [201], r.body)) {
      ledger.actions.set(r.body.id, { version: r.body.version, title });
      ledger.acknowledged++;
    }
  } else if (choice < 0.45) {
    const id = pick([...ledger.actions.keys()])!;
    const current = await call(base, 'GET', `/api/actions/${id}`, undefined, s.editor);
    if (!expect('read action', current.status, [200], current.body)) return;
    const title = `${MARK}: convenio editado ${n}`;
    const r = await call(base, 'PATCH', `/api/actions/${id}`, { version: current.body.version, title, description: `Edición ${n}` }, s.editor);
    if (expect('patch action', r.status, [200], r.body)) {
      const known = ledger.actions.get(id)!;
      if (r.body.version > known.version) ledger.actions.set(id, { version: r.body.version, title });
      ledger.acknowledged++;
    }
  } else if (choice < 0.6) {
    const plan = await call(base, 'POST', '/api/plans', {
      title: `${MARK}: plan ${n}`, periodStart: '2026-01-01', periodEnd: '2029-12-31',
      objectives: [{ code: 'O1', text: 'Posicionar al GAD en redes' }, { code: 'O2', text: 'Atraer cooperación' }],
      targets: [{ objective: 'O1', indicator: 'network_leadership_roles', params: {}, baseline: 0, targetValue: 2, targetYear: 2029 }],
    }, s.editor);
    if (!expect('create plan', plan.status, [201], plan.body)) return;
    ledger.plansCreated.add(plan.body.id);
    ledger.acknowledged++;
    const approved = await call(base, 'POST', `/api/plans/${plan.body.id}/approve`, { version: plan.body.version }, s.admin);
    if (expect('approve plan', approved.status, [200], approved.body)) {
      ledger.plansApproved.add(plan.body.id);
      ledger.acknowledged++;
    }
  } else if (choice < 0.7) {
    // The reporting workflow: the GAD reports its signed agreement, the ministry acknowledges and registers it.
    const actionId = pick([...ledger.actions.keys()])!;
    const report = await call(base, 'POST', `/api/actions/${actionId}/reports`, { note: `${MARK}: informe ${n}` }, s.editor);
    if (!expect('submit report', report.status, [201], report.body)) return;
    ledger.reportsCreated.add(report.body.id);
    ledger.acknowledged++;
    const received = await call(base, 'POST', `/api/reports/${report.body.id}/receive`, {}, s.analyst);
    if (!expect('receive report', received.status, [200], received.body)) return;
    ledger.acknowledged++;
    const registered = await call(base, 'POST', `/api/reports/${report.body.id}/register`, { registerNumber: `REG-${n}`, registeredOn: '2026-05-01' }, s.analyst);
    if (expect('register report', registered.status, [200], registered.body)) {
      ledger.reportsRegistered.add(report.body.id);
      ledger.acknowledged++;
    }
  } else if (choice < 0.8) {
    const actionId = pick([...ledger.actions.keys()])!;
    const created = await call(base, 'POST', '/api/commitments', {
      actionId, kind: 'obligation', description: `${MARK}: compromiso ${n}`, dueOn: '2026-12-31',
    }, s.editor);
    if (!expect('create commitment', created.status, [201], created.body)) return;
    ledger.commitmentsCreated.add(created.body.id);
    ledger.acknowledged++;
    const done = await call(base, 'POST', `/api/commitments/${created.body.id}/complete`, { evidenceUrl: `https://example.org/evidencia/${n}` }, s.editor);
    if (expect('complete commitment', done.status, [200], done.body)) {
      ledger.commitmentsCompleted.add(created.body.id);
      ledger.acknowledged++;
    }
  } else if (choice < 0.88) {
    // Each upload also queues a text extraction job, ahead of later imports: few enough that imports still run.
    doing.work = 'upload';
    await uploadStep(base, s, ledger, pick([...ledger.actions.keys()])!, `${trial}-${n}`, expect);
  } else {
    doing.work = 'import';
    const started = await importStep(base, s, ledger, traffic, `${trial}-${n}`, expect);
    // The crash cuts the wait for an import that was not yet seen done.
    if (started) doing.watches.push(started.watch.catch(() => { ledger.cut++; ledger.cutImports++; }));
  }
}

/**
 * `workers` loops of plan approvals, the reporting workflow, commitment completions, action
 * creation and editing, document uploads and imports, until `traffic.stopped`. A request the crash
 * cuts is counted, not an error. `trial` keeps the imports' external ids unique over trials.
 * Between steps each client pauses up to `pauseMs`, as people do: at full speed four clients queue
 * notification emails (reporting) and text extractions (uploads) faster than the server's single
 * job worker runs them, and an import then waits behind thousands of them.
 */
export async function runWriteTraffic(base: string, s: Sessions, ledger: Ledger, workers: number, traffic: Traffic, trial = 0, pauseMs = 500) {
  let n = 0;
  const watches: Promise<void>[] = [];
  await Promise.all(Array.from({ length: workers }, async (_, worker) => {
    const doing = { work: 'write' as Work, watches };
    let first: Work | undefined = worker === 0 ? 'import' : worker === 1 ? 'upload' : undefined;
    while (!traffic.stopped) {
      try {
        await step(base, s, ledger, n++, trial, traffic, doing, first);
        first = undefined;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * pauseMs));
      } catch {
        ledger.cut++;
        if (doing.work === 'upload') ledger.cutUploads++;
        if (doing.work === 'import') ledger.cutImports++;
        return;
      }
    }
  }));
  await Promise.all(watches);
}

/**
 * Every acknowledged write is in the database, at its acknowledged version or later; an uploaded
 * document also has its stored file under `dataDir` (when given) with the bytes sent.
 */
export async function lostWrites(db: Db, ledger: Ledger, dataDir?: string): Promise<string[]> {
  const lost: string[] = [];
  const ids = (set: Iterable<string>) => [...set];
  const actions = await sql<{ id: string; version: number; title: string }>`
    SELECT id::text, version, title FROM action WHERE id = ANY(${ids(ledger.actions.keys())}::uuid[])`.execute(db);
  const found = new Map(actions.rows.map((r) => [r.id, r]));
  for (const [id, acked] of ledger.actions) {
    const row = found.get(id);
    if (!row) lost.push(`action ${id} was acknowledged but is missing`);
    else if (row.version < acked.version) lost.push(`action ${id} is at version ${row.version}, below the acknowledged ${acked.version}`);
    else if (row.version === acked.version && row.title !== acked.title) lost.push(`action ${id} at version ${row.version} lost its acknowledged title`);
  }
  const plans = await sql<{ id: string; state: string }>`SELECT id::text, state FROM plan WHERE id = ANY(${ids(ledger.plansCreated)}::uuid[])`.execute(db);
  const planState = new Map(plans.rows.map((r) => [r.id, r.state]));
  for (const id of ledger.plansCreated) if (!planState.has(id)) lost.push(`plan ${id} was acknowledged but is missing`);
  for (const id of ledger.plansApproved) if (planState.get(id) !== 'approved' && planState.get(id) !== 'superseded') lost.push(`plan ${id} approval was lost`);
  const commitments = await sql<{ id: string; state: string }>`SELECT id::text, state FROM commitment WHERE id = ANY(${ids(ledger.commitmentsCreated)}::uuid[])`.execute(db);
  const commitmentState = new Map(commitments.rows.map((r) => [r.id, r.state]));
  for (const id of ledger.commitmentsCreated) if (!commitmentState.has(id)) lost.push(`commitment ${id} was acknowledged but is missing`);
  for (const id of ledger.commitmentsCompleted) if (commitmentState.get(id) !== 'done') lost.push(`commitment ${id} completion was lost`);
  const reports = await sql<{ id: string; state: string }>`SELECT id::text, state FROM report WHERE id = ANY(${ids(ledger.reportsCreated)}::uuid[])`.execute(db);
  const reportState = new Map(reports.rows.map((r) => [r.id, r.state]));
  for (const id of ledger.reportsCreated) if (!reportState.has(id)) lost.push(`report ${id} was acknowledged but is missing`);
  for (const id of ledger.reportsRegistered) if (reportState.get(id) !== 'registered') lost.push(`report ${id} registration was lost`);
  lost.push(...await lostDocumentsAndImports(db, ledger, dataDir));
  return lost;
}
