import type { Ctx } from '../../context.ts';
import { presentContact, presentNegotiation, selectNegotiationSteps } from '../lessons/negotiation.ts';
import { countLessons, lessonFacets, lessonFilter, selectLessons } from './lesson-queries.ts';
import type { LessonListQuery } from './schema.ts';

export function presentLessonSummary(row: Record<string, any>) {
  return {
    id: row.id, title: row.title, visibility: row.visibility, firstContactChannel: row.first_contact_channel,
    ...presentNegotiation(row),
    obstacles: row.obstacles, errors: row.errors, results: row.results, advice: row.advice, appliedHome: row.applied_home,
    illustrative: row.illustrative, version: row.version,
    usefulCount: row.useful_count, votedByMe: row.voted_by_me,
    contact: presentContact(row.contact),
    action: {
      id: row.action_id, title: row.action_title, type: row.action_type, startDate: row.action_start_date,
      outcome: row.outcome, themes: row.themes, partners: row.partners,
    },
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    createdAt: (row.created_at as Date).toISOString(), updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** The knowledge page: lessons searchable and filterable, ordered by usefulness; counts see what the list sees. */
export async function listLessons(ctx: Ctx, query: LessonListQuery) {
  const where = lessonFilter(ctx.actor, query);
  const [rows, total, facets] = await Promise.all([
    selectLessons(ctx.db, ctx.actor, where, query),
    countLessons(ctx.db, where),
    lessonFacets(ctx.db, where),
  ]);
  const steps = await selectNegotiationSteps(ctx.db, rows.filter((r) => r.negotiation_visible).map((r) => r.id as string));
  for (const row of rows) row.negotiation_steps = steps.get(row.id) ?? [];
  return { items: rows.map(presentLessonSummary), total, facets };
}
