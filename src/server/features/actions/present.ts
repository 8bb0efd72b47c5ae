import { camelize } from '../shared/present.ts';
import type { ActionListRow } from './queries.ts';

export function presentActionSummary(row: ActionListRow) {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    snippet: row.description ? row.description.slice(0, 240) : null,
    startDate: row.start_date,
    endDate: row.end_date,
    datePrecision: row.date_precision,
    city: row.city,
    country: row.country_code,
    visibility: row.visibility,
    illustrative: row.illustrative,
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    themes: row.themes,
    partners: row.partners,
  };
}

const INTERNAL = ['action_id', 'gad_id'];

/** The fields of the common core, named as the write API names them; shared by the detail and by edits. */
export function actionCoreFields(action: Record<string, any>) {
  return {
    type: action.type,
    title: action.title,
    description: action.description,
    startDate: action.start_date,
    endDate: action.end_date,
    datePrecision: action.date_precision,
    city: action.city,
    country: action.country_code,
    visibility: action.visibility,
    territorialScope: action.territorial_scope,
    motive: action.motive,
    channel: action.channel,
    governanceMode: action.governance_mode,
    sourceNote: action.source_note,
    ambiguityNote: action.ambiguity_note,
    externalId: action.external_id,
  };
}

/** The kind's own fields, with the child lists that belong to some kinds. */
export function kindDetails(type: unknown, kindRow: Record<string, unknown>, children: { delegates: Record<string, unknown>[]; roles: Record<string, unknown>[]; amounts: Record<string, unknown>[] }, internal: string[] = INTERNAL) {
  const details: Record<string, unknown> = camelize(kindRow, internal);
  if (type === 'visit' || type === 'participation') details.delegates = children.delegates.map((d) => camelize(d));
  if (type === 'membership') details.roles = children.roles.map((r) => camelize(r));
  if (type === 'project') details.amounts = children.amounts.map((m) => camelize(m));
  return details;
}

export function presentActionDetail(
  action: Record<string, unknown>,
  kindRow: Record<string, unknown>,
  children: {
    themes: { code: string }[]; partners: Record<string, unknown>[]; delegates: Record<string, unknown>[];
    roles: Record<string, unknown>[]; amounts: Record<string, unknown>[]; commitments: Record<string, unknown>[];
    documents: Record<string, unknown>[]; lessons: Record<string, unknown>[];
  },
) {
  return {
    id: action.id,
    ...actionCoreFields(action),
    illustrative: action.illustrative,
    version: action.version,
    createdAt: (action.created_at as Date).toISOString(),
    updatedAt: (action.updated_at as Date).toISOString(),
    gad: { id: action.gad_id, name: action.gad_name, dpaCode: action.gad_dpa_code, level: action.gad_level },
    themes: children.themes.map((t) => t.code),
    partners: children.partners.map((p) => camelize(p)),
    details: kindDetails(action.type, kindRow, children),
    commitments: children.commitments.map((c) => camelize(c)),
    documents: children.documents.map((d) => camelize(d)),
    lessons: children.lessons.map((l) => camelize(l)),
  };
}
