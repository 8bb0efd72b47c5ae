import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { lookupGad } from '../shared/gad-lookup.ts';
import { share } from './articulation-index.ts';

export type CompletenessCategory = 'fields' | 'documents' | 'tripReports' | 'reports';
interface Check { category: CompletenessCategory; what: string; record_id: string; record: 'action' | 'commitment'; title: string; ok: boolean }

const MISSING_LIMIT = 500;

/**
 * How complete a GAD's record is, over the records the caller may read, and the list of what is
 * missing so that the GAD can fix it. Each check is one thing a record owes; the score is the share met.
 */
export async function completenessOf(ctx: Ctx, reference: string) {
  const gad = await lookupGad(ctx.db, reference);
  if (!gad) throw AppError.notFound('GAD');
  const today = localDate(ctx.now);
  const checks = await sql<Check>`
    WITH acts AS (
      SELECT a.id, a.type, a.title, a.start_date, a.country_code, ag.state AS agreement_state, ag.signed_on, ag.signed_document_id, ag.sent_to_ministry_on,
             p.register_number,
             EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id) AS has_theme,
             EXISTS (SELECT 1 FROM action_partner ap WHERE ap.action_id = a.id) AS has_partner,
             EXISTS (SELECT 1 FROM report r WHERE r.action_id = a.id AND r.kind IN ('agreement', 'project')) AS reported
      FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id LEFT JOIN project p ON p.action_id = a.id
      WHERE a.gad_id = ${gad.id} AND ${visibleTo(ctx.actor, 'a')}
    )
    SELECT 'fields' AS category, 'start_date' AS what, id AS record_id, 'action' AS record, title, start_date IS NOT NULL AS ok FROM acts
    UNION ALL SELECT 'fields', 'theme', id, 'action', title, has_theme FROM acts
    UNION ALL SELECT 'fields', 'partner', id, 'action', title, has_partner FROM acts WHERE type IN ('agreement', 'project', 'membership', 'award')
    UNION ALL SELECT 'fields', 'country', id, 'action', title, country_code IS NOT NULL FROM acts WHERE type IN ('participation', 'visit')
    UNION ALL SELECT 'fields', 'signed_on', id, 'action', title, signed_on IS NOT NULL FROM acts WHERE type = 'agreement' AND agreement_state <> 'negotiating'
    UNION ALL SELECT 'documents', 'signed_instrument', id, 'action', title,
      signed_document_id IS NOT NULL OR EXISTS (SELECT 1 FROM document d WHERE d.action_id = acts.id AND d.kind = 'signed_instrument' AND d.deleted_at IS NULL)
      FROM acts WHERE type = 'agreement' AND agreement_state <> 'negotiating'
    UNION ALL SELECT 'documents', 'acta', id, 'action', title,
      EXISTS (SELECT 1 FROM document d WHERE d.action_id = acts.id AND d.kind = 'acta' AND d.deleted_at IS NULL)
      FROM acts WHERE type = 'participation'
    UNION ALL SELECT 'reports', 'report_agreement', id, 'action', title, reported OR sent_to_ministry_on IS NOT NULL
      FROM acts WHERE type = 'agreement' AND agreement_state <> 'negotiating'
    UNION ALL SELECT 'reports', 'register_project', id, 'action', title, reported OR register_number IS NOT NULL FROM acts WHERE type = 'project'
    UNION ALL SELECT 'tripReports', 'trip_report', c.id, 'commitment', acts.title, c.state = 'done'
      FROM commitment c JOIN acts ON acts.id = c.action_id
      WHERE c.kind = 'trip_report' AND c.deleted_at IS NULL AND c.state <> 'cancelled' AND (c.state = 'done' OR c.due_on < ${today}::date)
    ORDER BY 1, 2, 5`.execute(ctx.db);
  const categories = Object.fromEntries((['fields', 'documents', 'tripReports', 'reports'] as const).map((category) => {
    const of = checks.rows.filter((c) => c.category === category);
    const met = of.filter((c) => c.ok).length;
    return [category, { met, total: of.length, share: share(met, of.length) }];
  })) as Record<CompletenessCategory, { met: number; total: number; share: number | null }>;
  const missing = checks.rows.filter((c) => !c.ok);
  return {
    gad: { id: gad.id, name: gad.name, dpaCode: gad.dpa_code },
    score: share(checks.rows.length - missing.length, checks.rows.length),
    categories,
    missingTotal: missing.length,
    missing: missing.slice(0, MISSING_LIMIT).map((c) => ({
      recordId: c.record_id, record: c.record, title: c.title, category: c.category, what: c.what,
      link: c.record === 'action' ? `/actions/${c.record_id}` : `/commitments/${c.record_id}`,
    })),
  };
}
