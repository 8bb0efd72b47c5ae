import type { MessageRow, ReportRow } from './queries.ts';

const DAY_MS = 86_400_000;

export function presentReport(row: ReportRow, now: Date) {
  return {
    id: row.id,
    gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code },
    action: { id: row.action_id, title: row.action_title, type: row.action_type, signedOn: row.signed_on },
    kind: row.kind,
    state: row.state,
    documentId: row.document_id,
    note: row.note,
    registerNumber: row.register_number,
    registeredOn: row.registered_on,
    answer: row.answer,
    submittedAt: row.submitted_at.toISOString(),
    receivedAt: row.received_at?.toISOString() ?? null,
    observedAt: row.observed_at?.toISOString() ?? null,
    registeredAt: row.registered_at?.toISOString() ?? null,
    answeredAt: row.answered_at?.toISOString() ?? null,
    stateSince: row.state_since.toISOString(),
    /** Whole days the report has waited in its current state. */
    daysInState: Math.max(0, Math.floor((now.getTime() - row.state_since.getTime()) / DAY_MS)),
    version: row.version,
  };
}

export function presentMessage(m: MessageRow) {
  return { id: m.id, side: m.author_side, author: m.author_label, body: m.body, createdAt: m.created_at.toISOString() };
}
