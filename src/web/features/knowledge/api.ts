/** Typed calls to the shared-knowledge API (src/server/features/knowledge): lessons, peers, exchange, graph. */
import { getJson, sendJson, type Page } from '../../api/client.ts';

export interface Contact { name: string; position: string | null; email: string; phone: string | null; illustrative: boolean }

export interface LessonSummary {
  id: string;
  title: string;
  visibility: string;
  firstContactChannel: string | null;
  negotiationWithheld: boolean;
  firstContact: string | null;
  negotiation: string | null;
  negotiationSteps: { occurredOn: string | null; description: string }[];
  obstacles: string | null;
  errors: string | null;
  results: string | null;
  advice: string | null;
  appliedHome: string | null;
  illustrative: boolean;
  usefulCount: number;
  votedByMe: boolean;
  contact: Contact | null;
  action: { id: string; title: string; type: string; startDate: string | null; outcome: string | null; themes: string[]; partners: { id: string; name: string }[] };
  gad: { id: string; name: string; dpaCode: string };
}

export interface LessonFacets {
  theme: Record<string, number>;
  type: Record<string, number>;
  outcome: Record<string, number>;
  country: Record<string, number>;
  partner: { id: string; name: string; count: number }[];
}

export type LessonQuery = { q?: string; theme?: string; partner?: string; country?: string; type?: string; outcome?: string; sort?: string; limit?: number; offset?: number };

export type PeerWhy =
  | { reason: 'partner'; roles: string[] }
  | { reason: 'theme'; theme: string }
  | { reason: 'country'; country: string; via: 'place' | 'partner' };

export interface Peer {
  gad: { id: string; name: string; dpaCode: string; level: string };
  score: number;
  evidence: { actionId: string; title: string; type: string; startDate: string | null; why: PeerWhy[] }[];
  lessons: { id: string; title: string; actionId: string }[];
  [key: string]: unknown;
}

export type Region = 'ecuador' | 'latin_america_caribbean' | 'north_america' | 'europe' | 'africa' | 'asia' | 'oceania' | 'middle_east';
export const REGIONS: readonly Region[] = ['ecuador', 'latin_america_caribbean', 'north_america', 'europe', 'africa', 'asia', 'oceania', 'middle_east'];

export interface ExchangePost {
  id: string; kind: 'offer' | 'request'; title: string; description: string | null; themes: string[];
  preferredRegion: Region | null; expiresOn: string; expired: boolean; contact: Contact | null; visibility: string;
  illustrative: boolean; version: number; gad: { id: string; name: string; dpaCode: string };
}

export type MatchReason =
  | { reason: 'complements'; kind: 'offer' | 'request' }
  | { reason: 'shared_themes'; themes: string[] }
  | { reason: 'region'; preferred: Region | null; fits: Region[] }
  | { reason: 'open_until'; date: string }
  | { reason: 'evidence'; actions: { id: string; title: string; type: string; startDate: string | null; gad?: string }[] };

export interface Matches {
  post: ExchangePost;
  posts: { post: ExchangePost; score: number; explanation: MatchReason[] }[];
  gads: { gad: { id: string; name: string; dpaCode: string }; score: number; explanation: MatchReason[] }[];
  partners: { partner: { id: string; name: string; type: string; country: string | null }; score: number; explanation: MatchReason[] }[];
}

export interface NewPost {
  kind: 'offer' | 'request'; title: string; description?: string | null; themes: string[];
  preferredRegion?: Region | null; expiresOn: string; visibility?: string;
}

export type NodeKind = 'gad' | 'partner' | 'network' | 'funder';
export interface Graph {
  root: string | null;
  nodes: { id: string; kind: NodeKind; label: string; link: string; country?: string | null; actionCount: number }[];
  edges: { source: string; target: string; kind: string; roles: string[]; actionIds: string[] }[];
  truncated: boolean;
}

const id = (ref: string) => encodeURIComponent(ref);

export const knowledgeApi = {
  lessons: (query: LessonQuery, signal?: AbortSignal) =>
    getJson<Page<LessonSummary> & { facets: LessonFacets }>('/lessons', { ...query }, signal),
  markUseful: (lessonId: string, useful: boolean) =>
    sendJson<{ lessonId: string; usefulCount: number; votedByMe: boolean }>(useful ? 'POST' : 'DELETE', `/lessons/${id(lessonId)}/useful`),
  peers: (query: { partner?: string; theme?: string; country?: string }, signal?: AbortSignal) =>
    getJson<Page<Peer>>('/peers', { ...query }, signal),
  posts: (query: { kind?: string; theme?: string; q?: string }, signal?: AbortSignal) =>
    getJson<Page<ExchangePost>>('/exchange/posts', { ...query, limit: 100 }, signal),
  createPost: (input: NewPost) => sendJson<ExchangePost>('POST', '/exchange/posts', input),
  matches: (postId: string, signal?: AbortSignal) => getJson<Matches>(`/exchange/posts/${id(postId)}/matches`, {}, signal),
  graph: (query: { gad?: string; partner?: string; depth?: string; type?: string; theme?: string }, signal?: AbortSignal) =>
    getJson<Graph>('/graph', { ...query }, signal),
};
