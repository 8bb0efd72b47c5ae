import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { afterId, BATCH_SIZE } from './stream-actions.ts';
import type { IatiRow } from './iati.ts';

/**
 * Projects and funded agreements (an agreement with a funding partner) among the filtered actions,
 * with their partners, themes, amounts and documents, walked in id order one batch at a time.
 */
export async function* iatiBatches(db: Db, where: RawBuilder<boolean>, batchSize = BATCH_SIZE): AsyncGenerator<IatiRow[]> {
  let after: string | null = null;
  for (;;) {
    const page = await sql<IatiRow>`
      SELECT a.id, a.type, g.dpa_code AS "gadDpaCode", g.name AS "gadName", a.title, a.description,
             a.start_date::text AS "startDate", a.end_date::text AS "endDate", a.country_code AS "countryCode",
             p.iati_identifier AS "iatiIdentifier", p.state AS "projectState", ag.state AS "agreementState", p.direction,
             ag.signed_on::text AS "signedOn", ag.valid_until::text AS "validUntil",
             to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt",
             COALESCE((SELECT json_agg(json_build_object('code', t.theme_code, 'name', th.name_es) ORDER BY t.theme_code)
                       FROM action_theme t JOIN theme th ON th.code = t.theme_code WHERE t.action_id = a.id), '[]') AS themes,
             COALESCE((SELECT json_agg(json_build_object('name', pa.name, 'role', ap.role, 'type', pa.type, 'country', pa.country_code) ORDER BY pa.name, ap.role)
                       FROM action_partner ap JOIN partner pa ON pa.id = ap.partner_id WHERE ap.action_id = a.id), '[]') AS partners,
             COALESCE((SELECT json_agg(json_build_object('kind', m.kind, 'amountMinor', m.amount_minor::text, 'currency', m.currency, 'onDate', m.on_date) ORDER BY m.kind, m.on_date, m.id)
                       FROM project_amount m WHERE m.action_id = a.id), '[]') AS amounts,
             COALESCE((SELECT json_agg(json_build_object('id', d.id, 'title', d.title, 'mediaType', d.media_type, 'kind', d.kind,
                                                         'createdOn', (d.created_at AT TIME ZONE 'UTC')::date) ORDER BY d.created_at, d.id)
                       FROM document d WHERE d.action_id = a.id AND d.deleted_at IS NULL), '[]') AS documents
      FROM action a JOIN gad g ON g.id = a.gad_id
      LEFT JOIN project p ON p.action_id = a.id
      LEFT JOIN agreement ag ON ag.action_id = a.id
      WHERE ${where} AND ${afterId(after)}
        AND (a.type = 'project' OR (a.type = 'agreement' AND EXISTS (SELECT 1 FROM action_partner f WHERE f.action_id = a.id AND f.role = 'funder')))
      ORDER BY a.id LIMIT ${batchSize}`.execute(db);
    if (page.rows.length === 0) return;
    yield page.rows;
    if (page.rows.length < batchSize) return;
    after = page.rows[page.rows.length - 1]!.id;
  }
}
