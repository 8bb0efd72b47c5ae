import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import countries from 'i18n-iso-countries';
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import pt from 'i18n-iso-countries/langs/pt.json' with { type: 'json' };
import type { Db } from '../db/database.ts';
import { gadsFromDpa } from './dpa.ts';

export const REFERENCE_DIR = join(import.meta.dirname, '../../../data/reference');

interface Localised {
  es: string;
  en: string;
  pt: string;
}

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(REFERENCE_DIR, name), 'utf8')) as T;
}

// Instances starting together must not both load the same data.
export const DATA_LOAD_LOCK_KEY = 727_000_002;

export async function alreadyLoaded(tx: Db, name: string): Promise<boolean> {
  const found = await sql`SELECT 1 FROM data_load WHERE name = ${name}`.execute(tx);
  return found.rows.length > 0;
}

export async function markLoaded(tx: Db, name: string, rowCount: number): Promise<void> {
  await sql`INSERT INTO data_load (name, row_count) VALUES (${name}, ${rowCount})`.execute(tx);
}

async function loadCountries(tx: Db): Promise<number> {
  countries.registerLocale(es);
  countries.registerLocale(en);
  countries.registerLocale(pt);
  const regions = await readJson<Record<string, string>>('country-regions.json');
  const codes = Object.keys(countries.getAlpha2Codes());
  for (const code of codes) {
    await sql`INSERT INTO country (code, name_es, name_en, name_pt, world_region)
      VALUES (${code}, ${countries.getName(code, 'es')}, ${countries.getName(code, 'en')},
              ${countries.getName(code, 'pt')}, ${regions[code] ?? 'latin_america_caribbean'})`.execute(tx);
  }
  return codes.length;
}

async function loadCodelists(tx: Db): Promise<number> {
  const themes = await readJson<{ code: string; name: Localised; ucciCommittee: boolean; sdgs: number[] }[]>('themes.json');
  const sdgs = await readJson<{ number: number; name: Localised }[]>('sdgs.json');
  const objectives = await readJson<{
    code: string; plan: string; objective: number; objectiveText: string | null; policy: string; text: string | null;
  }[]>('national-objectives.json');
  for (const sdg of sdgs) {
    await sql`INSERT INTO sdg (number, name_es, name_en, name_pt)
      VALUES (${sdg.number}, ${sdg.name.es}, ${sdg.name.en}, ${sdg.name.pt})`.execute(tx);
  }
  for (const [position, theme] of themes.entries()) {
    await sql`INSERT INTO theme (code, position, name_es, name_en, name_pt, ucci_committee)
      VALUES (${theme.code}, ${position}, ${theme.name.es}, ${theme.name.en}, ${theme.name.pt},
              ${theme.ucciCommittee})`.execute(tx);
    for (const number of theme.sdgs) {
      await sql`INSERT INTO theme_sdg (theme_code, sdg_number) VALUES (${theme.code}, ${number})`.execute(tx);
    }
  }
  for (const o of objectives) {
    await sql`INSERT INTO national_objective (code, plan, objective, objective_text, policy, text)
      VALUES (${o.code}, ${o.plan}, ${o.objective}, ${o.objectiveText}, ${o.policy}, ${o.text})`.execute(tx);
  }
  return themes.length + sdgs.length + objectives.length;
}

async function loadGads(tx: Db): Promise<number> {
  const read = (name: string) => readFile(join(REFERENCE_DIR, 'ecuador-dpa', name), 'utf8');
  const gads = gadsFromDpa(await read('provinces.csv'), await read('cantons.csv'), await read('parishes.csv'));
  // Parents precede children in the list, so one pass can resolve each parent by its code.
  await sql`
    INSERT INTO gad (dpa_code, name, level, parent_id)
    SELECT g.dpa_code, g.name, g.level, NULL
    FROM jsonb_to_recordset(${JSON.stringify(gads.filter((g) => !g.parentDpaCode).map(toRow))}::jsonb)
      AS g(dpa_code text, name text, level text)`.execute(tx);
  for (const depth of [4, 6]) {
    const rows = gads.filter((g) => g.dpaCode.length === depth).map(toRow);
    await sql`
      INSERT INTO gad (dpa_code, name, level, parent_id)
      SELECT g.dpa_code, g.name, g.level, parent.id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS g(dpa_code text, name text, level text, parent_dpa_code text)
      JOIN gad parent ON parent.dpa_code = g.parent_dpa_code`.execute(tx);
  }
  return gads.length;
}

function toRow(g: { dpaCode: string; name: string; level: string; parentDpaCode: string | null }) {
  return { dpa_code: g.dpaCode, name: g.name, level: g.level, parent_dpa_code: g.parentDpaCode };
}

/** Loads codelists, countries and every GAD once; later starts find them in data_load and skip. */
export async function loadReferenceData(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
    if (await alreadyLoaded(tx, 'reference')) return;
    const count = (await loadCountries(tx)) + (await loadCodelists(tx)) + (await loadGads(tx));
    await markLoaded(tx, 'reference', count);
  });
  // Added later than the rest; its own load entry lets databases made before it pick it up.
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK_KEY})`.execute(tx);
    if (await alreadyLoaded(tx, 'reference:national-objective-hints')) return;
    await markLoaded(tx, 'reference:national-objective-hints', await loadNationalObjectiveHints(tx));
  });
}

type Hints = Record<string, { objectives: string[]; basis: string }>;

/** Theme, region and action kind → PNBV policies: the documented basis of national-objective link suggestions. */
async function loadNationalObjectiveHints(tx: Db): Promise<number> {
  const file = await readJson<{ themes: Hints; regions: Hints; actionTypes: Hints }>('theme-national-objectives.json');
  let count = 0;
  for (const [basis, hints] of [['theme', file.themes], ['region', file.regions], ['action_type', file.actionTypes]] as const) {
    for (const [value, hint] of Object.entries(hints)) {
      for (const code of hint.objectives) {
        await sql`INSERT INTO national_objective_hint (basis, value, national_objective_code) VALUES (${basis}, ${value}, ${code})`.execute(tx);
        count++;
      }
    }
  }
  return count;
}
