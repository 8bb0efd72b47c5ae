import { sql } from 'kysely';
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
    const key = keyOf(name, hints);
    let found = this.cache.get(key);
    if (!found) {
      found = resolveMatch(await matchPartners(this.db, { name, country: hints.country ?? null, type: hints.type ?? null, limit: 5 }));
      this.cache.set(key, found);
    }
    return found;
  }

  /**
   * Settles, in one query for the whole file, every name the fuzzy match would accept outright: exactly one
   * live partner has a name or an alias with the name's trigram set (similarity 1, which includes the name
   * itself, accents and case aside), so it is the only exact candidate. The other names (none or several
   * such partners, or no trigram at all) are left to the fuzzy match, one query per distinct name.
   */
  async prefetchExact(names: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...names].map((n) => n.trim()).filter((n) => n !== '' && !this.cache.has(keyOf(n, {}))))];
    if (wanted.length === 0) return;
    const found = await sql<{ name: string; id: string; partner_name: string; type: string; country_code: string | null; matched_name: string }>`
      WITH q AS MATERIALIZED (
        SELECT name, f_trigram_key(name) AS key, show_trgm(f_unaccent(lower(name))) AS trigrams
        FROM unnest(${wanted}::text[]) AS q(name)
      ), named AS (
        SELECT q.name, p.id, p.name AS matched_name FROM q JOIN partner p ON f_trigram_key(p.name) = q.key
        WHERE show_trgm(f_unaccent(lower(p.name))) = q.trigrams AND cardinality(q.trigrams) > 0
        UNION ALL
        SELECT q.name, al.partner_id, al.alias FROM q JOIN partner_alias al ON f_trigram_key(al.alias) = q.key
        WHERE show_trgm(f_unaccent(lower(al.alias))) = q.trigrams AND cardinality(q.trigrams) > 0
      )
      SELECT DISTINCT ON (n.name, n.id) n.name, n.id, p.name AS partner_name, p.type, p.country_code, n.matched_name
      FROM named n JOIN partner p ON p.id = n.id
      WHERE p.deleted_at IS NULL AND p.merged_into_id IS NULL
      ORDER BY n.name, n.id, n.matched_name`.execute(this.db);
    const byName = new Map<string, typeof found.rows>();
    for (const row of found.rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
    for (const [name, rows] of byName) {
      if (rows.length !== 1) continue;
      const r = rows[0]!;
      this.cache.set(keyOf(name, {}), { outcome: 'matched', match: { id: r.id, name: r.partner_name, type: r.type, country: r.country_code, matchedName: r.matched_name, score: 1, exact: true } });
    }
  }

  /** Whether `name` is already decided, with no query left to run for it. */
  isSettled(name: string): boolean {
    return this.cache.has(keyOf(name, {}));
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

const keyOf = (name: string, hints: { country?: string | null; type?: string | null }) =>
  `${name.trim().toLowerCase()}|${hints.country ?? ''}|${hints.type ?? ''}`;

export function problemOf(name: string, r: Exclude<Resolution, { outcome: 'matched' }>): NameProblem {
  const candidates = r.candidates.map((c) => `${c.name} (${c.score})`).join('; ');
  return r.outcome === 'ambiguous'
    ? { name, reason: 'partner_ambiguous', params: { candidates } }
    : { name, reason: 'partner_not_found', params: { candidates } };
}
