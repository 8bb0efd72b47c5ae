import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { actorUserId, actorLabel } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { selectVisibleAction } from '../actions/detail-queries.ts';
import { loadWritableAction } from '../actions/update-action.ts';
import { planVisibleTo } from './queries.ts';

type LinkKind = 'plan_objective' | 'national_objective' | 'sdg';
export interface Reason { basis: 'theme' | 'region' | 'country' | 'partner' | 'network' | 'action_type' | 'target_theme'; value: string }

interface LinkRow { id: string; kind: LinkKind; ref: string; confirmed_by_label: string; confirmed_at: Date }

/** Labels for links and suggestions, from the reference data and the plan (latest version of an objective). */
async function labelsFor(db: Db, gadId: string, items: { kind: LinkKind; ref: string }[]) {
  const refs = (kind: LinkKind) => items.filter((i) => i.kind === kind).map((i) => i.ref);
  const [objectives, national, sdgs] = await Promise.all([
    sql<{ key: string; code: string; text: string; plan_title: string }>`SELECT DISTINCT ON (o.objective_key) o.objective_key::text AS key, o.code, o.text, p.title AS plan_title
      FROM plan_objective o JOIN plan p ON p.id = o.plan_id
      WHERE o.gad_id = ${gadId} AND o.objective_key::text = ANY(${refs('plan_objective')}::text[]) AND p.deleted_at IS NULL
      ORDER BY o.objective_key, p.version_number DESC`.execute(db),
    sql<{ code: string; plan: string; policy: string; text: string | null }>`SELECT code, plan, policy, text FROM national_objective
      WHERE code = ANY(${refs('national_objective')}::text[])`.execute(db),
    sql<{ number: number; name_es: string; name_en: string; name_pt: string }>`SELECT number, name_es, name_en, name_pt FROM sdg
      WHERE number::text = ANY(${refs('sdg')}::text[])`.execute(db),
  ]);
  const labels = new Map<string, Record<string, unknown>>();
  for (const o of objectives.rows) labels.set(`plan_objective:${o.key}`, { code: o.code, text: o.text, plan: o.plan_title });
  for (const n of national.rows) labels.set(`national_objective:${n.code}`, { code: `${n.plan} ${n.policy}`, text: n.text });
  for (const s of sdgs.rows) labels.set(`sdg:${s.number}`, { code: `ODS ${s.number}`, name: { es: s.name_es, en: s.name_en, pt: s.name_pt } });
  return (kind: LinkKind, ref: string) => labels.get(`${kind}:${ref}`) ?? null;
}

async function selectLinks(db: Db, actionId: string) {
  const rows = await sql<LinkRow>`SELECT id, kind, ref, confirmed_by_label, confirmed_at FROM action_link
    WHERE action_id = ${actionId} ORDER BY kind, ref`.execute(db);
  return rows.rows;
}

async function presentLinks(db: Db, gadId: string, rows: LinkRow[]) {
  const label = await labelsFor(db, gadId, rows);
  return rows.map((r) => ({ id: r.id, kind: r.kind, ref: r.ref, label: label(r.kind, r.ref), confirmedBy: r.confirmed_by_label, confirmedAt: r.confirmed_at.toISOString() }));
}

export async function listLinks(ctx: Ctx, actionId: string) {
  const action = await selectVisibleAction(ctx.db, ctx.actor, actionId);
  if (!action) throw AppError.notFound('Action');
  return { items: await presentLinks(ctx.db, action.gad_id, await selectLinks(ctx.db, action.id)) };
}

/**
 * Suggested links for one action, each with its reasons. Plan objectives whose own priorities (or
 * whose targets' theme) match the action's themes, country, world region or partners; PNBV policies
 * from the documented mapping in data/reference/theme-national-objectives.json; SDGs from the themes.
 * Nothing is linked here: each suggestion waits for a person's POST.
 */
export async function suggestLinks(ctx: Ctx, actionId: string) {
  const action = await selectVisibleAction(ctx.db, ctx.actor, actionId);
  if (!action) throw AppError.notFound('Action');
  const db = ctx.db;
  const facts = await sql<{ themes: string[]; countries: string[]; regions: string[]; partners: string[] }>`
    SELECT
      ARRAY(SELECT theme_code FROM action_theme WHERE action_id = a.id ORDER BY theme_code) AS themes,
      ARRAY(SELECT DISTINCT c FROM (SELECT a.country_code AS c UNION SELECT p.country_code FROM action_partner ap
        JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id) x WHERE c IS NOT NULL ORDER BY c) AS countries,
      ARRAY(SELECT DISTINCT co.world_region FROM country co WHERE co.code IN (SELECT a.country_code UNION SELECT p.country_code
        FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id) ORDER BY 1) AS regions,
      ARRAY(SELECT DISTINCT partner_id::text FROM action_partner WHERE action_id = a.id ORDER BY 1) AS partners
    FROM action a WHERE a.id = ${action.id}`.execute(db);
  const f = facts.rows[0]!;
  const suggestions = new Map<string, { kind: LinkKind; ref: string; reasons: Reason[] }>();
  const add = (kind: LinkKind, ref: string, reason: Reason) => {
    const key = `${kind}:${ref}`;
    if (!suggestions.has(key)) suggestions.set(key, { kind, ref, reasons: [] });
    const entry = suggestions.get(key)!;
    if (!entry.reasons.some((r) => r.basis === reason.basis && r.value === reason.value)) entry.reasons.push(reason);
  };

  // The GAD's current plan as this reader sees it: approved first, the one whose period holds the action, newest.
  const plan = await sql<{ id: string; title: string; state: string; version_number: number }>`
    SELECT p.id, p.title, p.state, p.version_number FROM plan p
    WHERE p.gad_id = ${action.gad_id} AND p.state <> 'superseded' AND ${planVisibleTo(ctx.actor, 'p')}
    ORDER BY (p.state = 'approved') DESC, (${action.start_date ?? null}::date BETWEEN p.period_start AND p.period_end) DESC NULLS LAST,
      p.period_start DESC LIMIT 1`.execute(db);
  const current = plan.rows[0];
  if (current) {
    const matches = await sql<{ objective_key: string; kind: string; value: string }>`
      SELECT o.objective_key::text, pr.kind, pr.value FROM plan_priority pr JOIN plan_objective o ON o.id = pr.objective_id
      WHERE pr.plan_id = ${current.id} AND (
        (pr.kind = 'theme' AND pr.value = ANY(${f.themes}::text[])) OR (pr.kind = 'country' AND pr.value = ANY(${f.countries}::text[]))
        OR (pr.kind = 'region' AND pr.value = ANY(${f.regions}::text[])) OR (pr.kind IN ('partner', 'network') AND pr.value = ANY(${f.partners}::text[])))
      UNION ALL
      SELECT o.objective_key::text, 'target_theme', t.params->>'theme' FROM plan_target t JOIN plan_objective o ON o.id = t.objective_id
      WHERE t.plan_id = ${current.id} AND t.params->>'theme' = ANY(${f.themes}::text[])
      ORDER BY 1, 2, 3`.execute(db);
    for (const m of matches.rows) add('plan_objective', m.objective_key, { basis: m.kind as Reason['basis'], value: m.value });
  }
  const national = await sql<{ code: string; basis: string; value: string }>`
    SELECT national_objective_code AS code, basis, value FROM national_objective_hint
    WHERE (basis = 'theme' AND value = ANY(${f.themes}::text[])) OR (basis = 'region' AND value = ANY(${f.regions}::text[]))
      OR (basis = 'action_type' AND value = ${action.type})
    ORDER BY code, basis, value`.execute(db);
  for (const n of national.rows) add('national_objective', n.code, { basis: n.basis as Reason['basis'], value: n.value });
  const sdgs = await sql<{ sdg_number: number; theme_code: string }>`SELECT sdg_number, theme_code FROM theme_sdg
    WHERE theme_code = ANY(${f.themes}::text[]) ORDER BY sdg_number, theme_code`.execute(db);
  for (const s of sdgs.rows) add('sdg', String(s.sdg_number), { basis: 'theme', value: s.theme_code });

  const links = await selectLinks(db, action.id);
  const linked = new Set(links.map((l) => `${l.kind}:${l.ref}`));
  const open = [...suggestions.values()].filter((s) => !linked.has(`${s.kind}:${s.ref}`));
  const label = await labelsFor(db, action.gad_id, open);
  return {
    actionId: action.id,
    plan: current ? { id: current.id, title: current.title, state: current.state, versionNumber: current.version_number } : null,
    suggestions: open.map((s) => ({ ...s, label: label(s.kind, s.ref) })),
    links: await presentLinks(db, action.gad_id, links),
  };
}

async function checkRef(tx: Db, gadId: string, kind: LinkKind, ref: string) {
  const found = kind === 'plan_objective'
    ? await sql`SELECT 1 FROM plan_objective o JOIN plan p ON p.id = o.plan_id
        WHERE o.objective_key::text = ${ref} AND o.gad_id = ${gadId} AND p.deleted_at IS NULL`.execute(tx)
    : kind === 'national_objective'
      ? await sql`SELECT 1 FROM national_objective WHERE code = ${ref}`.execute(tx)
      : await sql`SELECT 1 FROM sdg WHERE number::text = ${ref}`.execute(tx);
  if (!found.rows[0]) {
    const message = kind === 'plan_objective' ? 'Not an objective of this GAD’s plan' : kind === 'sdg' ? 'An SDG number, 1 to 17' : 'Unknown PNBV policy code';
    throw AppError.invalid('Unknown link target', [{ field: 'body.ref', message }]);
  }
}

/** A person confirms one link (a suggestion or their own choice). Audited on the action's history. */
export async function confirmLink(ctx: Ctx, actionId: string, input: { kind: LinkKind; ref: string }) {
  const id = await ctx.db.transaction().execute(async (tx) => {
    const action = await loadWritableAction(tx, ctx, actionId);
    await checkRef(tx, action.gad_id, input.kind, input.ref);
    const inserted = await sql<{ id: string }>`INSERT INTO action_link (action_id, gad_id, kind, ref, confirmed_by, confirmed_by_label, confirmed_at)
      VALUES (${action.id}, ${action.gad_id}, ${input.kind}, ${input.ref}, ${actorUserId(ctx.actor)}, ${actorLabel(ctx.actor)}, ${ctx.now})
      ON CONFLICT (action_id, kind, ref) DO NOTHING RETURNING id`.execute(tx);
    if (!inserted.rows[0]) throw AppError.conflict('This link is already confirmed');
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: action.id, operation: 'update', diff: { linked: input } });
    return inserted.rows[0].id;
  });
  const links = await listLinks(ctx, actionId);
  return links.items.find((l) => l.id === id)!;
}

export async function removeLink(ctx: Ctx, actionId: string, linkId: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const action = await loadWritableAction(tx, ctx, actionId);
    if (!/^[0-9a-f-]{36}$/i.test(linkId)) throw AppError.notFound('Link');
    const removed = await sql<{ kind: string; ref: string }>`DELETE FROM action_link WHERE id = ${linkId} AND action_id = ${action.id} RETURNING kind, ref`.execute(tx);
    if (!removed.rows[0]) throw AppError.notFound('Link');
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: action.id, operation: 'update', diff: { unlinked: removed.rows[0] } });
  });
}
