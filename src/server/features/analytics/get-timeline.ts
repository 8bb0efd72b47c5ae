import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { resolvePeriod } from './positioning.ts';
import { findGad, presentGad } from './queries.ts';
import { visibleTo } from '../shared/visibility.ts';
import { ACTION_KINDS, type ActionKind } from './schema.ts';
import { thisYear } from './get-positioning.ts';
import { rollupVisibleTo } from '../../rollups/visibility.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';

export interface TimelineRow {
  id: string; type: ActionKind; title: string; start_date: string | null; end_date: string | null; date_precision: string;
  city: string | null; country_code: string | null; illustrative: boolean;
  agreement_kind: string | null; agreement_state: string | null; signed_on: string | null; valid_from: string | null; valid_until: string | null;
  partners: string[] | null;
}

export const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/** The kinds a timeline asks for (comma-separated; every kind when none), refusing unknown ones by name. */
export function timelineKinds(type: string | undefined): string[] {
  const types = type ? type.split(',').map((s) => s.trim()).filter(Boolean) : [...ACTION_KINDS];
  const unknown = types.filter((t) => !(ACTION_KINDS as readonly string[]).includes(t));
  if (unknown.length) throw AppError.invalid('Unknown kind of action', [{ field: 'query.type', message: `Not a kind of action: ${unknown.join(', ')}` }]);
  return types;
}

/** The items of a GAD's timeline, read live with the reader's visibility; `ids` narrows them to known candidates. */
export async function timelineItems(ctx: Ctx, w: { gadId: string; types: string[]; theme?: string; from: string; to: string; ids?: string[] }) {
  const result = await sql<TimelineRow>`
    SELECT a.id, a.type, a.title, ${day('a.start_date')} AS start_date, ${day('a.end_date')} AS end_date, a.date_precision, a.city, a.country_code, a.illustrative,
      ag.kind AS agreement_kind, ag.state AS agreement_state, ${day('ag.signed_on')} AS signed_on, ${day('ag.valid_from')} AS valid_from, ${day('ag.valid_until')} AS valid_until,
      (SELECT array_agg(p.name ORDER BY p.name) FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id) AS partners
    FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id
    WHERE ${w.ids ? sql`a.id = ANY(${w.ids}::uuid[]) AND` : sql``} a.gad_id = ${w.gadId} AND a.type = ANY(${w.types}::text[]) AND ${visibleTo(ctx.actor, 'a')}
      ${w.theme ? sql`AND EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${w.theme})` : sql``}
      AND (COALESCE(ag.signed_on, ag.valid_from, a.start_date) IS NULL
        OR (COALESCE(ag.signed_on, ag.valid_from, a.start_date) <= ${w.to}::date
          AND COALESCE(ag.valid_until, a.end_date, ag.signed_on, ag.valid_from, a.start_date) >= ${w.from}::date))
    ORDER BY COALESCE(ag.signed_on, ag.valid_from, a.start_date) NULLS LAST, a.title`.execute(ctx.db);
  return result.rows.map(presentTimelineItem);
}

/** A timeline item: agreements span signature (or validity) to expiry; other actions their own dates. */
export function presentTimelineItem(r: TimelineRow) {
  const start = r.signed_on ?? r.valid_from ?? r.start_date;
  const end = r.type === 'agreement' ? r.valid_until ?? r.end_date : r.end_date;
  return {
    id: r.id, type: r.type, title: r.title, start, end, datePrecision: r.date_precision, city: r.city, country: r.country_code,
    partners: r.partners ?? [], illustrative: r.illustrative,
    agreement: r.type === 'agreement' ? { kind: r.agreement_kind, state: r.agreement_state, signedOn: r.signed_on, validUntil: r.valid_until } : null,
  };
}

/**
 * A GAD's international relations in time, filterable by kind and theme. Agreements are spans from
 * signature (or the start of validity) to expiry; other actions span their own dates. What the
 * records leave undated is listed apart, never placed at a made-up date. Each list holds the first
 * `limit` items in date order and says when there are more.
 */
/** A timeline lists at most this many items of each kind (dated, undated): a browser draws no more. */
export const TIMELINE_LIMIT = 500;

export async function getTimeline(ctx: Ctx, id: string, q: { from?: number; to?: number; type?: string; theme?: string; limit?: number }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, id, 'params.id');
  const types = timelineKinds(q.type);
  const from = `${period.from}-01-01`;
  const to = `${period.to}-12-31`;
  const limit = q.limit ?? TIMELINE_LIMIT;
  // The first items of the period, dated and undated, found through the timeline rollup's indexes...
  const candidates = (dated: boolean) => sql<{ action_id: string }>`
    SELECT r.action_id FROM analytics_timeline r
    WHERE r.gad_id = ${gad.id} AND r.type = ANY(${types}::text[]) AND ${rollupVisibleTo(ctx.actor, 'r')}
      ${q.theme ? sql`AND EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = r.action_id AND t.theme_code = ${q.theme})` : sql``}
      AND ${dated ? sql`(r.starts_on BETWEEN ${from}::date AND ${to}::date OR (r.starts_on < ${from}::date AND r.ends_on >= ${from}::date))` : sql`r.starts_on IS NULL`}
    ORDER BY r.starts_on, r.title LIMIT ${limit + 1}`.execute(ctx.db);
  const [dated, undated, asOf] = await Promise.all([candidates(true), candidates(false), rollupsAsOf(ctx.db, [gad.id])]);
  const ids = [...dated.rows.slice(0, limit), ...undated.rows.slice(0, limit)].map((r) => r.action_id);
  // ...then read live and checked again, so an item deleted or hidden since the last refresh is not shown.
  const items = await timelineItems(ctx, { gadId: gad.id, types, theme: q.theme, from, to, ids });
  return {
    gad: presentGad(gad), from: period.from, to: period.to, types,
    items: items.filter((i) => i.start !== null),
    undated: items.filter((i) => i.start === null),
    // More items than `limit` in the period (or undated): the lists hold the first ones.
    limit, truncated: dated.rows.length > limit, undatedTruncated: undated.rows.length > limit,
    asOf,
  };
}
