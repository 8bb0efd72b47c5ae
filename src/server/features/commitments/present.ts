import type { CommitmentRow } from './queries.ts';

export function presentCommitment(row: CommitmentRow) {
  return {
    id: row.id,
    gadId: row.gad_id,
    action: { id: row.action_id, title: row.action_title, type: row.action_type },
    kind: row.kind,
    description: row.description,
    responsibleUnit: row.responsible_unit,
    responsiblePerson: row.responsible_person,
    responsibleUser: row.responsible_user_id ? { id: row.responsible_user_id, name: row.responsible_user_name } : null,
    /** Created by a follow-up rule (trip report, award lessons, renewal), not by a person. */
    automatic: row.automatic,
    dueOn: row.due_on,
    state: row.state,
    overdue: row.overdue,
    daysOverdue: row.days_overdue,
    completedOn: row.completed_on,
    evidenceUrl: row.evidence_url,
    evidenceDocumentId: row.evidence_document_id,
    illustrative: row.illustrative,
    version: row.version,
  };
}
