import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { visibleTo } from '../shared/visibility.ts';
import type { PartnerListQuery } from './schema.ts';

export interface PartnerRow {
  id: string;
  name: string;
  type: string;
  country_code: string | null;
  city: string | null;
  illustrative: boolean;
  aliases: string[];
  version: number;
  merged_into_id: string | null;
}

function partnerFilter(query: PartnerListQuery): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`p.deleted_at IS NULL AND p.merged_into_id IS NULL`];
  if (query.type) conditions.push(sql<boolean>`p.type = ${query.type}`);
  if (query.country) conditions.push(sql<boolean>`p.country_code = ${query.country}`);
  if (query.q && query.q.trim()) {
    const q = query.q.trim();
    // Names vary ("Bogotá" / "Bogotá D.C."), so aliases count and typos are tolerated.
    conditions.push(sql<boolean>`(f_unaccent(lower(${q})) <% f_unaccent(lower(p.name))
      OR f_unaccent(lower(p.name)) LIKE '%' || f_unaccent(lower(${q})) || '%'
      OR EXISTS (SELECT 1 FROM partner_alias al WHERE al.partner_id = p.id
                 AND (f_unaccent(lower(${q})) <% f_unaccent(lower(al.alias))
                      OR f_unaccent(lower(al.alias)) LIKE '%' || f_unaccent(lower(${q})) || '%')))`);
  }
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

const PARTNER_COLUMNS = sql`p.id, p.name, p.type, p.country_code, p.city, p.illustrative, p.version, p.merged_into_id,
  COALESCE((SELECT array_agg(al.alias ORDER BY al.alias) FROM partner_alias al WHERE al.partner_id = p.id), '{}') AS aliases`;

export async function selectPartners(db: Db, query: PartnerListQuery) {
  const where = partnerFilter(query);
  const order = query.q?.trim()
    ? sql`word_similarity(f_unaccent(lower(${query.q.trim()})), f_unaccent(lower(p.name))) DESC, p.name`
    : sql`p.name`;
  const [rows, total] = await Promise.all([
    sql<PartnerRow>`SELECT ${PARTNER_COLUMNS} FROM partner p WHERE ${where}
      ORDER BY ${order}, p.id LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
    sql<{ total: number }>`SELECT count(*)::int AS total FROM partner p WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.total ?? 0 };
}

export async function selectPartner(db: Db, id: string) {
  const result = await sql<PartnerRow>`SELECT ${PARTNER_COLUMNS} FROM partner p
    WHERE p.id::text = ${id} AND p.deleted_at IS NULL`.execute(db);
  return result.rows[0];
}

/** Which GADs work with this partner, on what and since when: only through actions the caller may read. */
export async function selectPartnerActions(db: Db, actor: Actor, partnerId: string) {
  const result = await sql<{
    id: string; type: string; title: string; start_date: string | null; role: string;
    gad_id: string; gad_name: string; gad_dpa_code: string; illustrative: boolean;
  }>`
    SELECT a.id, a.type, a.title, a.start_date, ap.role, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, a.illustrative
    FROM action_partner ap JOIN action a ON a.id = ap.action_id JOIN gad g ON g.id = a.gad_id
    WHERE ap.partner_id = ${partnerId} AND ${visibleTo(actor, 'a')}
    ORDER BY a.start_date DESC NULLS LAST, a.title`.execute(db);
  return result.rows;
}
