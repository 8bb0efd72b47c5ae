import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { changedFields } from '../actions/update-action.ts';
import { localDate } from '../shared/dates.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import { targetGadForWrite } from '../shared/target-gad.ts';
import { contactJson, presentContact } from '../lessons/negotiation.ts';
import { GAD_REGIONS, matchCandidates, matchPosts, regionsOfCountry, type EvidenceRow, type PostForMatch, type Region } from './match-exchange.ts';
import type { ExchangeListQuery, ExchangePostInput, ExchangePostPatch } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function selectPosts(db: Db, ctx: Ctx, where: ReturnType<typeof sql>, limit = 200, offset = 0) {
  return sql<Record<string, any>>`
    SELECT e.*, g.name AS gad_name, g.dpa_code AS gad_dpa_code, ${contactJson(ctx.actor)} AS contact,
      COALESCE((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM exchange_post_theme t WHERE t.post_id = e.id), '{}') AS themes
    FROM exchange_post e JOIN gad g ON g.id = e.gad_id LEFT JOIN app_user cu ON cu.id = e.contact_user_id
    WHERE ${visibleTo(ctx.actor, 'e')} AND ${where}
    ORDER BY e.created_at DESC, e.id LIMIT ${limit} OFFSET ${offset}`.execute(db).then((r) => r.rows);
}

export function presentPost(row: Record<string, any>, today: string) {
  return {
    id: row.id, kind: row.kind, title: row.title, description: row.description, themes: row.themes,
    preferredRegion: row.preferred_region, expiresOn: row.expires_on, expired: row.expires_on < today,
    contact: presentContact(row.contact), visibility: row.visibility, illustrative: row.illustrative, version: row.version,
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    createdAt: (row.created_at as Date).toISOString(), updatedAt: (row.updated_at as Date).toISOString(),
  };
}

async function visiblePost(db: Db, ctx: Ctx, id: string) {
  if (!UUID.test(id)) return undefined;
  return (await selectPosts(db, ctx, sql`e.id = ${id}`, 1))[0];
}

export async function getPost(ctx: Ctx, id: string) {
  const row = await visiblePost(ctx.db, ctx, id);
  if (!row) throw AppError.notFound('Exchange post');
  return presentPost(row, localDate(ctx.now));
}

export async function listPosts(ctx: Ctx, query: ExchangeListQuery) {
  const today = localDate(ctx.now);
  const conditions = [sql`true`];
  if (query.kind) conditions.push(sql`e.kind = ${query.kind}`);
  if (query.theme) conditions.push(sql`EXISTS (SELECT 1 FROM exchange_post_theme t WHERE t.post_id = e.id AND t.theme_code = ${query.theme})`);
  if (query.gad) conditions.push(sql`e.gad_id = ${gadRef(query.gad)}`);
  if (!query.includeExpired) conditions.push(sql`e.expires_on >= ${today}`);
  if (query.q?.trim()) {
    const like = `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(f_unaccent(lower(e.title)) LIKE f_unaccent(${like}) OR f_unaccent(lower(coalesce(e.description, ''))) LIKE f_unaccent(${like}))`);
  }
  const where = sql`${sql.join(conditions, sql` AND `)}`;
  const [rows, total] = await Promise.all([
    selectPosts(ctx.db, ctx, where, query.limit, query.offset),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_post e WHERE ${visibleTo(ctx.actor, 'e')} AND ${where}`.execute(ctx.db),
  ]);
  return { items: rows.map((r) => presentPost(r, today)), total: total.rows[0]!.n };
}

async function checkThemes(tx: Db, themes: string[]) {
  const known = await sql<{ code: string }>`SELECT code FROM theme WHERE code = ANY(${themes}::text[])`.execute(tx);
  const unknown = themes.filter((t) => !known.rows.some((k) => k.code === t));
  if (unknown.length) throw AppError.invalid('Unknown themes', [{ field: 'body.themes', message: `Unknown: ${unknown.join(', ')}` }]);
}

async function checkContact(tx: Db, gadId: string, userId: string | null | undefined) {
  if (!userId) return null;
  const found = await sql<{ id: string }>`SELECT id FROM app_user WHERE id = ${userId} AND gad_id = ${gadId} AND disabled_at IS NULL`.execute(tx);
  if (!found.rows[0]) throw AppError.invalid('Unknown contact person', [{ field: 'body.contactUserId', message: 'Not a user of this GAD' }]);
  return userId;
}

async function replaceThemes(tx: Db, postId: string, gadId: string, themes: string[]) {
  await sql`DELETE FROM exchange_post_theme WHERE post_id = ${postId}`.execute(tx);
  for (const theme of new Set(themes)) {
    await sql`INSERT INTO exchange_post_theme (post_id, gad_id, theme_code) VALUES (${postId}, ${gadId}, ${theme})`.execute(tx);
  }
}

export async function createPostIn(tx: Db, ctx: Ctx, input: ExchangePostInput, options: { illustrative?: boolean } = {}) {
  const gadId = await targetGadForWrite(tx, ctx.actor, input.gad);
  if (input.expiresOn < localDate(ctx.now)) throw AppError.invalid('Already expired', [{ field: 'body.expiresOn', message: 'Must be today or later' }]);
  await checkThemes(tx, input.themes);
  const contactUserId = input.contactUserId !== undefined
    ? await checkContact(tx, gadId, input.contactUserId)
    : (ctx.actor.kind === 'user' && ctx.actor.gadId === gadId ? ctx.actor.userId : null);
  const inserted = await sql<{ id: string }>`
    INSERT INTO exchange_post (gad_id, kind, title, description, preferred_region, expires_on, contact_user_id, visibility, illustrative, created_at, updated_at)
    VALUES (${gadId}, ${input.kind}, ${input.title}, ${input.description ?? null}, ${input.preferredRegion ?? null}, ${input.expiresOn},
            ${contactUserId}, ${input.visibility}, ${options.illustrative ?? false}, ${ctx.now}, ${ctx.now})
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]!.id;
  await replaceThemes(tx, id, gadId, input.themes);
  await recordAudit(tx, { actor: ctx.actor, gadId, entity: 'exchange_post', entityId: id, operation: 'create', diff: { after: input } });
  return id;
}

export async function createPost(ctx: Ctx, input: ExchangePostInput) {
  const id = await ctx.db.transaction().execute((tx) => createPostIn(tx, { ...ctx, db: tx }, input));
  return getPost(ctx, id);
}

async function writablePost(tx: Db, ctx: Ctx, id: string) {
  const row = await visiblePost(tx, ctx, id);
  if (!row) throw AppError.notFound('Exchange post');
  if (!canWriteForGad(ctx.actor, row.gad_id)) throw new AppError('forbidden', 'Only editors of this GAD may change it');
  return row;
}

const asInput = (row: Record<string, any>) => ({
  kind: row.kind, title: row.title, description: row.description, themes: row.themes, preferredRegion: row.preferred_region,
  expiresOn: row.expires_on, contactUserId: row.contact_user_id, visibility: row.visibility,
});

export async function updatePost(ctx: Ctx, id: string, patch: ExchangePostPatch) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await writablePost(tx, ctx, id);
    const before = asInput(row);
    const after: Record<string, any> = { ...before };
    for (const [key, value] of Object.entries(patch)) if (key !== 'version' && value !== undefined) after[key] = value;
    if (patch.themes) await checkThemes(tx, patch.themes);
    if (patch.contactUserId !== undefined) after.contactUserId = await checkContact(tx, row.gad_id, patch.contactUserId);
    const updated = await sql<{ id: string }>`
      UPDATE exchange_post SET kind = ${after.kind}, title = ${after.title}, description = ${after.description ?? null},
        preferred_region = ${after.preferredRegion ?? null}, expires_on = ${after.expiresOn}, contact_user_id = ${after.contactUserId ?? null},
        visibility = ${after.visibility}, version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND version = ${patch.version} RETURNING id`.execute(tx);
    if (!updated.rows[0]) throw AppError.conflict('Someone else changed this post since you opened it', { current: presentPost(row, localDate(ctx.now)) });
    if (patch.themes) await replaceThemes(tx, id, row.gad_id, patch.themes);
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'exchange_post', entityId: id, operation: 'update', diff: changedFields(before, after) });
  });
  return getPost(ctx, id);
}

export async function deletePost(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await writablePost(tx, ctx, id);
    await sql`UPDATE exchange_post SET deleted_at = ${ctx.now}, version = version + 1 WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'exchange_post', entityId: id, operation: 'delete', diff: {} });
  });
}

const toMatchable = (row: Record<string, any>): PostForMatch => ({
  id: row.id, gadId: row.gad_id, kind: row.kind, themes: row.themes, preferredRegion: row.preferred_region, expiresOn: row.expires_on,
});

/**
 * Suggestions for one post: complementary posts, GADs and foreign partners, each explained.
 * Candidates come only from posts and actions the caller may read.
 */
export async function postMatches(ctx: Ctx, id: string) {
  const row = await visiblePost(ctx.db, ctx, id);
  if (!row) throw AppError.notFound('Exchange post');
  const today = localDate(ctx.now);
  const post = toMatchable(row);
  const themes: string[] = row.themes;
  const candidates = await selectPosts(ctx.db, ctx, sql`e.id <> ${id} AND e.kind <> ${row.kind} AND e.expires_on >= ${today}
    AND EXISTS (SELECT 1 FROM exchange_post_theme t WHERE t.post_id = e.id AND t.theme_code = ANY(${themes}::text[]))`);
  const posts = matchPosts(post, candidates.map((c) => ({ ...toMatchable(c), row: c })), today)
    .map((m) => ({ post: presentPost(m.post.row, today), score: m.score, explanation: m.explanation }));

  const actions = await sql<{
    id: string; title: string; type: string; start_date: string | null; gad_id: string; gad_name: string; gad_dpa_code: string; themes: string[];
  }>`
    SELECT a.id, a.title, a.type, a.start_date, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code,
      ARRAY(SELECT t.theme_code FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ANY(${themes}::text[]) ORDER BY 1) AS themes
    FROM action a JOIN gad g ON g.id = a.gad_id
    WHERE ${visibleTo(ctx.actor, 'a')} AND EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ANY(${themes}::text[]))`.execute(ctx.db);
  const evidence = (a: (typeof actions.rows)[number], withGad = false): EvidenceRow =>
    ({ id: a.id, title: a.title, type: a.type, startDate: a.start_date, themes: a.themes, ...(withGad ? { gad: a.gad_name } : {}) });

  const gadGroups = new Map<string, { candidate: { id: string; name: string; dpaCode: string }; located: Region[]; evidence: EvidenceRow[] }>();
  for (const a of actions.rows) {
    if (a.gad_id === row.gad_id) continue;
    const group = gadGroups.get(a.gad_id) ?? { candidate: { id: a.gad_id, name: a.gad_name, dpaCode: a.gad_dpa_code }, located: GAD_REGIONS, evidence: [] };
    group.evidence.push(evidence(a));
    gadGroups.set(a.gad_id, group);
  }

  const links = actions.rows.length === 0 ? [] : (await sql<{ action_id: string; id: string; name: string; type: string; country_code: string | null; world_region: Region | null }>`
    SELECT DISTINCT ap.action_id, p.id, p.name, p.type, p.country_code, c.world_region
    FROM action_partner ap JOIN partner p ON p.id = ap.partner_id LEFT JOIN country c ON c.code = p.country_code
    WHERE ap.action_id = ANY(${actions.rows.map((a) => a.id)}::uuid[]) AND p.deleted_at IS NULL AND p.merged_into_id IS NULL
      AND p.country_code IS DISTINCT FROM 'EC'`.execute(ctx.db)).rows;
  const byId = new Map(actions.rows.map((a) => [a.id, a]));
  const partnerGroups = new Map<string, { candidate: { id: string; name: string; type: string; country: string | null }; located: Region[]; evidence: EvidenceRow[] }>();
  for (const link of links) {
    const group = partnerGroups.get(link.id) ?? {
      candidate: { id: link.id, name: link.name, type: link.type, country: link.country_code },
      located: regionsOfCountry(link.country_code, link.world_region), evidence: [],
    };
    group.evidence.push(evidence(byId.get(link.action_id)!, true));
    partnerGroups.set(link.id, group);
  }
  const gads = matchCandidates(post, [...gadGroups.values()]).slice(0, 20).map((m) => ({ gad: m.candidate, score: m.score, explanation: m.explanation }));
  const partners = matchCandidates(post, [...partnerGroups.values()]).slice(0, 20).map((m) => ({ partner: m.candidate, score: m.score, explanation: m.explanation }));
  return { post: presentPost(row, today), posts, gads, partners };
}
