/** Typed calls to the plans and alignment API (src/server/features/plans). */
import { getJson, sendJson, type LocalisedName, type Page } from '../../api/client.ts';

export type PlanState = 'draft' | 'approved' | 'superseded';

export interface PlanSummary {
  id: string;
  gad: { id: string; name: string; dpaCode: string };
  planKey: string;
  versionNumber: number;
  state: PlanState;
  title: string;
  periodStart: string;
  periodEnd: string;
  visibility: string;
  illustrative: boolean;
  basedOnId: string | null;
  approvedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface Axis { code: string; title: string; description: string | null }
export interface Objective { key?: string; code: string; axis: string | null; text: string }
export interface Priority { kind: 'theme' | 'region' | 'country' | 'partner' | 'network'; value: string; objective: string | null; label?: LocalisedName | null }
export interface Target { objective: string; indicator: string; params: Record<string, string>; baseline: number; targetValue: number; targetYear: number }

export interface PlanDetail extends PlanSummary {
  vision: string | null;
  axes: Axis[];
  objectives: Objective[];
  priorities: Priority[];
  targets: (Target & { id: string })[];
  versions: { id: string; versionNumber: number; state: PlanState; approvedAt: string | null }[];
}

export interface TargetProgress {
  id: string;
  objective: { key: string; code: string };
  indicator: string;
  label: LocalisedName;
  unit: 'count' | 'minor_units';
  params: Record<string, string>;
  baseline: number;
  targetValue: number;
  targetYear: number;
  current: number;
  progress: number;
  window: { from: string; to: string };
}

export interface IndicatorDefinition { code: string; label: LocalisedName; unit: string; params: string[] | Record<string, unknown>; required: string[] | unknown }

export interface PlanInput {
  title: string;
  periodStart: string;
  periodEnd: string;
  vision?: string | null;
  axes?: Axis[];
  objectives?: Omit<Objective, 'key'>[];
  priorities?: Omit<Priority, 'label'>[];
  targets?: Target[];
}

export interface Share { linked: number; total: number; share: number | null }
export interface Alignment {
  gad: { id: string; name: string; dpaCode: string; level: string };
  from: string;
  to: string;
  plan: { id: string; title: string; state: PlanState; versionNumber: number; periodStart: string; periodEnd: string; illustrative: boolean } | null;
  actions: number;
  shareActionsLinkedToPlan: Share;
  shareMoneyLinkedToPlan: { currency: string; linkedMinor: number; totalMinor: number; share: number | null }[];
  shareLinkedToNationalPolicy: Share;
  shareLinkedToSdgs: Share;
  actionsOutsidePlan: { id: string; title: string; type: string; startDate: string | null }[];
  objectivesWithoutAction: { key: string; code: string; text: string }[];
  targets: TargetProgress[];
  prioritiesWithNothing: { kind: string; value: string; objective: string | null; label: LocalisedName | null }[];
}

export interface NationalAlignment {
  from: string;
  to: string;
  asOf: string;
  items: {
    gad: { id: string; dpaCode: string; name: string; level: string };
    plan: { id: string; title: string; state: PlanState; illustrative: boolean } | null;
    actions: number; linkedToPlan: number; shareActionsLinkedToPlan: number | null; linkedToNationalPolicy: number; shareLinkedToNationalPolicy: number | null;
  }[];
}

const id = (ref: string) => encodeURIComponent(ref);

export const plansApi = {
  list: (query: { gad?: string; state?: string }, signal?: AbortSignal) => getJson<Page<PlanSummary>>('/plans', { ...query, limit: 100 }, signal),
  get: (planId: string, signal?: AbortSignal) => getJson<PlanDetail>(`/plans/${id(planId)}`, {}, signal),
  progress: (planId: string, signal?: AbortSignal) => getJson<{ planId: string; asOf: string; targets: TargetProgress[] }>(`/plans/${id(planId)}/progress`, {}, signal),
  indicators: (signal?: AbortSignal) => getJson<{ items: IndicatorDefinition[] }>('/plans/indicators', {}, signal),
  create: (input: PlanInput) => sendJson<PlanDetail>('POST', '/plans', input),
  update: (planId: string, input: Partial<PlanInput> & { version: number }) => sendJson<PlanDetail>('PATCH', `/plans/${id(planId)}`, input),
  approve: (planId: string, version: number) => sendJson<PlanDetail>('POST', `/plans/${id(planId)}/approve`, { version }),
  pdfUrl: (planId: string, lang: string) => `/api/plans/${id(planId)}/document.pdf?lang=${lang}`,
  alignment: (query: { gad: string; from: string; to: string }, signal?: AbortSignal) => getJson<Alignment>('/indicators/alignment', query, signal),
  national: (query: { from: string; to: string }, signal?: AbortSignal) => getJson<NationalAlignment>('/indicators/alignment/national', query, signal),
};
