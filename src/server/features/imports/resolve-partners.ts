import type { Db } from '../../db/database.ts';
import { matchPartners, resolveMatch, type Resolution } from '../partners/match-partners.ts';
import type { Reason } from './reasons.ts';

export interface NameProblem { name: string; reason: Reason; params: Record<string, unknown> }

/** Entity resolution for imports: each distinct name is looked up once, however many rows repeat it. */
export class PartnerResolver {
  private readonly db: Db;
  private readonly cache = new Map<string, Resolution>();
  constructor(db: Db) { this.db = db; }

  async resolve(name: string, hints: { country?: string | null; type?: string | null } = {}): Promise<Resolution> {
    const key = `${name.trim().toLowerCase()}|${hints.country ?? ''}|${hints.type ?? ''}`;
    let found = this.cache.get(key);
    if (!found) {
      found = resolveMatch(await matchPartners(this.db, { name, country: hints.country ?? null, type: hints.type ?? null, limit: 5 }));
      this.cache.set(key, found);
    }
    return found;
  }

  /** A cell listing partners separated by semicolons. */
  async resolveList(cell: string): Promise<{ ids: string[]; problems: NameProblem[] }> {
    const ids: string[] = [];
    const problems: NameProblem[] = [];
    for (const name of cell.split(';').map((s) => s.trim()).filter(Boolean)) {
      const r = await this.resolve(name);
      if (r.outcome === 'matched') ids.push(r.match.id);
      else problems.push(problemOf(name, r));
    }
    return { ids: [...new Set(ids)], problems };
  }
}

export function problemOf(name: string, r: Exclude<Resolution, { outcome: 'matched' }>): NameProblem {
  const candidates = r.candidates.map((c) => `${c.name} (${c.score})`).join('; ');
  return r.outcome === 'ambiguous'
    ? { name, reason: 'partner_ambiguous', params: { candidates } }
    : { name, reason: 'partner_not_found', params: { candidates } };
}
