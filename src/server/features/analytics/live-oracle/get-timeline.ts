import { sql } from 'kysely';
import type { Ctx } from '../../../context.ts';
import { AppError } from '../../../http/app-error.ts';
import { resolvePeriod } from '../positioning.ts';
import { findGad, presentGad } from './queries.ts';
import { visibleTo } from '../../shared/visibility.ts';
import { ACTION_KINDS, type ActionKind } from '../schema.ts';
import { thisYear } from './get-positioning.ts';

interface Row {
  id: string; type: ActionKind; title: string; start_date: string | null; end_date: string | null; date_precision: string;
  city: string | null; country_code: string | null; illustrative: boolean;
  agreement_kind: string | null; agreement_state: string | null; signed_on: string | null; valid_from: string | null; valid_until: string | null;
  partners: string[] | null;
}

const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/**
 * A GAD's international relations in time, filterable by kind and theme. Agreements are spans from
 * signature (or the start of validity) to expiry; other actions span their own dates. What the
 * records leave undated is listed apart, never placed at a made-up date.
 */
export async function getTimeline(ctx: Ctx, id: string, q: { from?: number; to?: number; type?: string; theme?: string }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, id, 'params.id');
  const types = q.type ? q.type.split(',').map((s) => s.trim()).filter(Boolean) : [...ACTION_KINDS];
  const unknown = types.filter((t) => !(ACTION_KINDS as readonly string[]).includes(t));
  if (unknown.length) throw AppError.invalid('Unknown kind of action', [{ field: 'query.type', message: `Not a kind of action: ${unknown.join(', ')}` }]);
  const from = `${period.from}-01-01`;
  const to = `${period.to}-12-31`;
  const result = await sql<Row>`
    SELECT a.id, a.type, a.title, ${day('a.start_date')} AS start_date, ${day('a.end_date')} AS end_date, a.date_precision, a.city, a.country_code, a.illustrative,
      ag.kind AS agreement_kind, ag.state AS agreement_state, ${day('ag.signed_on')} AS signed_on, ${day('ag.valid_from')} AS valid_from, ${day('ag.valid_until')} AS valid_until,
      (SELECT array_agg(p.name ORDER BY p.name) FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id) AS partners
    FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id
    WHERE a.gad_id = ${gad.id} AND a.type = ANY(${types}::text[]) AND ${visibleTo(ctx.actor, 'a')}
      ${q.theme ? sql`AND EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${q.theme})` : sql``}
      AND (COALESCE(ag.signed_on, ag.valid_from, a.start_date) IS NULL
        OR (COALESCE(ag.signed_on, ag.valid_from, a.start_date) <= ${to}::date
          AND COALESCE(ag.valid_until, a.end_date, ag.signed_on, ag.valid_from, a.start_date) >= ${from}::date))
    ORDER BY COALESCE(ag.signed_on, ag.valid_from, a.start_date) NULLS LAST, a.title`.execute(ctx.db);
  const present = (r: Row) => {
    const start = r.signed_on ?? r.valid_from ?? r.start_date;
    const end = r.type === 'agreement' ? r.valid_until ?? r.end_date : r.end_date;
    return {
      id: r.id, type: r.type, title: r.title, start, end, datePrecision: r.date_precision, city: r.city, country: r.country_code,
      partners: r.partners ?? [], illustrative: r.illustrative,
      agreement: r.type === 'agreement' ? { kind: r.agreement_kind, state: r.agreement_state, signedOn: r.signed_on, validUntil: r.valid_until } : null,
    };
  };
  const items = result.rows.map(present);
  return {
    gad: presentGad(gad), from: period.from, to: period.to, types,
    items: items.filter((i) => i.start !== null),
    undated: items.filter((i) => i.start === null),
  };
}
