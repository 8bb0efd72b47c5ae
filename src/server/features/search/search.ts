import type { Ctx } from '../../context.ts';
import { EXACT_COUNT_LIMIT } from '../actions/queries.ts';
import { selectSearchPage } from './queries.ts';
import type { SearchQuery } from './schema.ts';

/** One ranked search over actions, partners, lessons and the text of documents, with facets. */
export async function search(ctx: Ctx, query: SearchQuery) {
  const page = await selectSearchPage(ctx.db, ctx.actor, query, EXACT_COUNT_LIMIT);
  const capped = page.matched > page.bound;
  return {
    items: page.rows.map((row) => ({
      kind: row.kind,
      id: row.id,
      title: row.title,
      snippet: row.snippet,
      score: Math.round(row.score * 10_000) / 10_000,
      where: row.where,
      ...(row.document_id ? { document: { id: row.document_id, title: row.document_title!, filename: row.file_name! } } : {}),
      ...(row.action_id && row.kind !== 'action' ? { action: { id: row.action_id, title: row.action_title! } } : {}),
      ...(row.gad_id ? { gad: { id: row.gad_id, dpaCode: row.gad_dpa_code!, name: row.gad_name! } } : {}),
    })),
    // Past the bound the total is "more than `total`", and the ranking and facets cover the bounded set.
    total: capped ? page.bound : page.matched,
    totalIsLowerBound: capped,
    facets: page.facets,
  };
}
