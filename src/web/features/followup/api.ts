/** Typed calls to the follow-up and commitments API (src/server/features/followup, commitments). */
import { getJson, sendForm, sendJson, type Page } from '../../api/client.ts';

export type CommitmentState = 'pending' | 'in_progress' | 'done' | 'cancelled';
export type CommitmentKind = 'obligation' | 'trip_report' | 'award_lessons' | 'renewal';
export const COMMITMENT_KINDS: readonly CommitmentKind[] = ['obligation', 'trip_report', 'award_lessons', 'renewal'];

export interface CommitmentItem {
  id: string;
  gadId: string;
  action: { id: string; title: string; type: string };
  kind: CommitmentKind;
  description: string;
  responsibleUnit: string | null;
  responsiblePerson: string | null;
  responsibleUser: { id: string; name: string | null } | null;
  automatic: boolean;
  dueOn: string | null;
  state: CommitmentState;
  overdue: boolean;
  daysOverdue: number | null;
  completedOn: string | null;
  evidenceUrl: string | null;
  evidenceDocumentId: string | null;
  illustrative: boolean;
  version: number;
  notes?: { id: string; body: string; author: string | null; createdAt: string }[];
}

export interface BoardColumn { items: CommitmentItem[]; total: number }
export interface Board {
  gad: { id: string; name: string; dpaCode: string };
  today: string;
  dueBefore: string;
  /** When the column totals were last brought up to date (the rollups lag writes by under a minute). */
  asOf: string;
  columns: { overdue: BoardColumn; dueSoon: BoardColumn; later: BoardColumn; done: BoardColumn };
}

export interface FollowUpIndicators {
  gad: { id: string; name: string };
  year: number;
  today: string;
  asOf: string;
  commitmentsCounted: number;
  doneOnTimePercent: number | null;
  overdueCount: number;
  medianDaysOverdue: number | null;
  tripReportsCounted: number;
  tripReportsDeliveredPercent: number | null;
  agreementsExpiringIn90Days: { id: string; title: string; validUntil: string }[];
  dormantAgreements: { id: string; title: string; lastActivityOn: string | null }[];
  dormantPartnerCount: number;
  dormantMonths: number;
}

export interface Notification {
  id: string; kind: string; title: string; body: string | null; link: string | null;
  createdAt: string; readAt: string | null; emailedAt: string | null;
}

export interface FollowUpRules {
  gad: { id: string; name: string };
  tripReportDays: number;
  awardLessons: boolean;
  awardLessonsDays: number;
  renewalAlertDays: number[];
  dormantMonths: number;
  defaultResponsibleUserId: string | null;
  isDefault: boolean;
  version: number;
}

export interface NewCommitment {
  actionId: string;
  description: string;
  responsibleUnit?: string | null;
  responsiblePerson?: string | null;
  responsibleUserId?: string | null;
  dueOn?: string | null;
}

export type BoardFilters = { gad?: string; responsible?: string; unit?: string; kind?: string; source?: string };

const id = (ref: string) => encodeURIComponent(ref);

export const followUpApi = {
  commitmentsOf: (actionId: string, signal?: AbortSignal) =>
    getJson<Page<CommitmentItem>>('/commitments', { action: actionId, limit: 100 }, signal),
  commitment: (commitmentId: string, signal?: AbortSignal) => getJson<CommitmentItem>(`/commitments/${id(commitmentId)}`, {}, signal),
  create: (input: NewCommitment) => sendJson<CommitmentItem>('POST', '/commitments', input),
  addNote: (commitmentId: string, body: string) => sendJson<CommitmentItem>('POST', `/commitments/${id(commitmentId)}/notes`, { body }),
  complete: (commitmentId: string, evidence: { evidenceUrl?: string; evidenceDocumentId?: string }) =>
    sendJson<CommitmentItem>('POST', `/commitments/${id(commitmentId)}/complete`, evidence),
  uploadEvidence: (commitmentId: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return sendForm<{ id: string; title: string }>(`/commitments/${id(commitmentId)}/documents`, form);
  },
  board: (filters: BoardFilters, signal?: AbortSignal) => getJson<Board>('/follow-up/board', { ...filters }, signal),
  indicators: (gadRef: string, year: number | undefined, signal?: AbortSignal) =>
    getJson<FollowUpIndicators>(`/gads/${id(gadRef)}/follow-up`, { year }, signal),
  inbox: (query: { unread?: 'true'; limit?: number; offset?: number }, signal?: AbortSignal) =>
    getJson<Page<Notification> & { unread: number }>('/inbox', query, signal),
  unreadCount: (signal?: AbortSignal) => getJson<{ unread: number }>('/inbox/unread-count', {}, signal),
  markRead: (notificationId: string) => sendJson<Notification>('POST', `/inbox/${id(notificationId)}/read`),
  markAllRead: () => sendJson<{ updated: number; unread: number }>('POST', '/inbox/read-all'),
  rules: (gad: string | undefined, signal?: AbortSignal) => getJson<FollowUpRules>('/follow-up/rules', { gad }, signal),
  saveRules: (input: Omit<FollowUpRules, 'gad' | 'isDefault'> & { gad?: string }) => sendJson<FollowUpRules>('PUT', '/follow-up/rules', input),
  preference: (signal?: AbortSignal) => getJson<{ digest: 'none' | 'daily' | 'weekly' }>('/me/follow-up', {}, signal),
  savePreference: (digest: 'none' | 'daily' | 'weekly') => sendJson<{ digest: string }>('PUT', '/me/follow-up', { digest }),
};

/** Server field errors (`body.dueOn`) keyed by the form's field name (`dueOn`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const errors = (error as { errors?: { field: string; message: string }[] } | null)?.errors ?? [];
  for (const e of errors) {
    const name = e.field.replace(/^(body|query|params)\./, '');
    out[name] ??= e.message;
  }
  return out;
}
