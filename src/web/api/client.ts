/** A small typed client for the Glocal public API (same origin, under /api). */

export type GadLevel = 'provincial' | 'municipal' | 'metropolitan' | 'rural_parish' | 'special_regime';
export type ActionType =
  | 'participation'
  | 'award'
  | 'visit'
  | 'hosted_event'
  | 'agreement'
  | 'membership'
  | 'project';
export type DatePrecision = 'day' | 'month' | 'year';

export const GAD_LEVELS: readonly GadLevel[] = [
  'provincial',
  'municipal',
  'metropolitan',
  'rural_parish',
  'special_regime',
];
export const ACTION_TYPES: readonly ActionType[] = [
  'participation',
  'award',
  'visit',
  'hosted_event',
  'agreement',
  'membership',
  'project',
];

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Gad {
  id: string;
  dpaCode: string;
  name: string;
  level: GadLevel;
  parentId: string | null;
  illustrative: boolean;
}

export interface GadRef {
  id: string;
  name: string;
  dpaCode: string;
}

export interface GadDetail extends Gad {
  parent: GadRef | null;
}

export interface ActionPartnerRef {
  id: string;
  name: string;
  role: string | null;
}

export interface ActionSummary {
  id: string;
  type: ActionType;
  title: string;
  snippet: string | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  city: string | null;
  country: string | null;
  visibility: string;
  illustrative: boolean;
  gad: GadRef;
  themes: string[];
  partners: ActionPartnerRef[];
}

export interface ActionFacets {
  type: Record<string, number>;
  year: Record<string, number>;
  theme: Record<string, number>;
  country: Record<string, number>;
}

export interface ActionSearchResult extends Page<ActionSummary> {
  /** True when more actions match than the API counts exactly: total is then "more than". */
  totalIsLowerBound?: boolean;
  facets: ActionFacets;
}

export interface Delegate {
  name: string;
  title?: string | null;
  organisation?: string | null;
  country?: string | null;
}

export interface MembershipRole {
  role: string;
  label?: string | null;
  body?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
}

/** Kind-specific fields; rendered generically with labels, known lists handled explicitly. */
export interface ActionDetails {
  delegates?: Delegate[];
  committees?: unknown[];
  roles?: MembershipRole[];
  activityLevel?: string | null;
  activityNote?: string | null;
  kind?: string | null;
  areas?: unknown;
  signedOn?: string | null;
  validUntil?: string | null;
  state?: string | null;
  sentToMinistryOn?: string | null;
  [key: string]: unknown;
}

export interface Commitment {
  id: string;
  description: string;
  dueOn: string | null;
  state: string;
  [key: string]: unknown;
}

export interface ActionDocument {
  id: string;
  title: string;
  fileName: string;
  [key: string]: unknown;
}

export interface Lesson {
  id?: string;
  [key: string]: unknown;
}

export interface ActionPartner {
  id: string;
  name: string;
  type: string | null;
  country: string | null;
  role: string | null;
}

export interface ActionDetail {
  id: string;
  type: ActionType;
  title: string;
  description: string | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  city: string | null;
  country: string | null;
  visibility: string;
  illustrative: boolean;
  sourceNote: string | null;
  ambiguityNote: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  gad: GadRef & { level: GadLevel };
  themes: string[];
  partners: ActionPartner[];
  details: ActionDetails | null;
  commitments: Commitment[];
  documents: ActionDocument[];
  lessons: Lesson[];
}

export interface HistoryEntry {
  id: string | number;
  at: string;
  actor: string | null;
  operation: string;
  diff: unknown;
}

export interface Partner {
  id: string;
  name: string;
  type: string | null;
  country: string | null;
  city: string | null;
  aliases: string[];
  illustrative: boolean;
}

export interface PartnerAction {
  id: string;
  type: ActionType;
  title: string;
  startDate: string | null;
  role: string | null;
  illustrative: boolean;
  gad: GadRef;
}

export interface PartnerDetail extends Partner {
  actions: PartnerAction[];
}

export interface LocalisedName {
  es: string;
  en: string;
  pt: string;
}

export interface Theme {
  code: string;
  name: LocalisedName;
}

export interface Country {
  code: string;
  region: string;
  name: LocalisedName;
}

export interface ProblemField {
  field: string;
  message: string;
}

/** An RFC 9457 problem returned by the API, or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  readonly errors: ProblemField[];

  /** On a 409, the record as someone else saved it, so the UI can offer a merge. */
  readonly current: unknown;

  constructor(status: number, title: string, detail: string | null, errors: ProblemField[] = [], current: unknown = undefined) {
    super(detail ?? title);
    this.current = current;
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

export type Query = Record<string, string | number | readonly string[] | undefined | null>;

export function toQueryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) params.append(key, v);
    } else {
      params.set(key, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}${toQueryString(query)}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Network error', error instanceof Error ? error.message : null);
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = (body ?? {}) as { title?: string; detail?: string; errors?: ProblemField[] };
    throw new ApiError(
      response.status,
      problem.title ?? response.statusText,
      problem.detail ?? null,
      problem.errors ?? [],
    );
  }
  return body as T;
}

/**
 * The CSRF token of the signed-in session (from GET /api/me or the login answer). Cookie-authenticated
 * writes must echo it; the session provider keeps it here so every write sends it.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

async function send<T>(method: string, path: string, body: BodyInit | undefined, headers: Record<string, string>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: { accept: 'application/json', ...headers, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body,
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiError(0, 'Network error', error instanceof Error ? error.message : null);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = (parsed ?? {}) as { title?: string; detail?: string; errors?: ProblemField[]; current?: unknown };
    throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? null, problem.errors ?? [], problem.current);
  }
  return parsed as T;
}

/** A JSON write (POST, PATCH, PUT, DELETE) with the session's CSRF token. */
export function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
}

/** A multipart upload (documents, imports); the browser sets the boundary. */
export function sendForm<T>(path: string, form: FormData): Promise<T> {
  return send<T>('POST', path, form, {});
}

const id = (ref: string) => encodeURIComponent(ref);

export interface ActionQuery {
  gad?: string;
  type?: readonly string[];
  year?: readonly string[];
  q?: string;
  theme?: readonly string[];
  country?: readonly string[];
  partner?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export const api = {
  health: (signal?: AbortSignal) => getJson<{ status: string; database: string }>('/health', {}, signal),
  gads: (query: { level?: string; q?: string; parent?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    getJson<Page<Gad>>('/gads', query, signal),
  gad: (ref: string, signal?: AbortSignal) => getJson<GadDetail>(`/gads/${id(ref)}`, {}, signal),
  actions: (query: ActionQuery, signal?: AbortSignal) =>
    getJson<ActionSearchResult>('/actions', { ...query }, signal),
  action: (actionId: string, signal?: AbortSignal) => getJson<ActionDetail>(`/actions/${id(actionId)}`, {}, signal),
  actionHistory: (actionId: string, signal?: AbortSignal) =>
    getJson<Page<HistoryEntry>>(`/actions/${id(actionId)}/history`, {}, signal),
  partners: (query: { q?: string; type?: string; country?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    getJson<Page<Partner>>('/partners', query, signal),
  partner: (partnerId: string, signal?: AbortSignal) => getJson<PartnerDetail>(`/partners/${id(partnerId)}`, {}, signal),
  themes: (signal?: AbortSignal) => getJson<{ items: Theme[] }>('/reference/themes', {}, signal),
  countries: (signal?: AbortSignal) => getJson<{ items: Country[] }>('/reference/countries', {}, signal),
};
