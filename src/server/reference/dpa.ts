import type { GadLevel } from '../context.ts';

export interface DpaGad {
  dpaCode: string;
  name: string;
  level: GadLevel;
  parentDpaCode: string | null;
}

const LOWERCASE_WORDS = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'en']);
// Galápagos is governed by a Consejo de Gobierno under a special regime (Constitution Art. 258).
const SPECIAL_REGIME_PROVINCE = '20';
const QUITO_DPA = '1701';
// In a parish code PPCCNN, NN >= 51 is a rural parish; only those have their own GAD.
const FIRST_RURAL_PARISH_SUFFIX = 51;
// Canton rows under code 90 are "zona no delimitada", not GADs.
const UNDELIMITED_ZONE = '90';

/** The DPA lists are upper case; "SANTO DOMINGO DE LOS TSACHILAS" reads as "Santo Domingo de los Tsachilas". */
export function displayName(upper: string): string {
  return upper
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word, index) =>
      index > 0 && LOWERCASE_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

export function parseCsv(text: string): Record<string, string>[] {
  const [headerLine, ...lines] = text.trim().split(/\r?\n/);
  const headers = (headerLine ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? '']));
  });
}

export function gadsFromDpa(provincesCsv: string, cantonsCsv: string, parishesCsv: string): DpaGad[] {
  const provinces: DpaGad[] = parseCsv(provincesCsv).map((row) => ({
    dpaCode: row.code!,
    name: displayName(row.name!),
    level: row.code === SPECIAL_REGIME_PROVINCE ? 'special_regime' : 'provincial',
    parentDpaCode: null,
  }));
  const provinceCodes = new Set(provinces.map((p) => p.dpaCode));
  const cantonRows = parseCsv(cantonsCsv).filter((row) => provinceCodes.has(row.zipcode!.slice(0, 2)));
  const cantonIdToCode = new Map(cantonRows.map((row) => [row.id!, row.zipcode!]));
  const cantons: DpaGad[] = cantonRows.map((row) => ({
    dpaCode: row.zipcode!,
    name: row.zipcode === QUITO_DPA ? 'Distrito Metropolitano de Quito' : displayName(row.name!),
    level: row.zipcode === QUITO_DPA ? 'metropolitan' : 'municipal',
    parentDpaCode: row.zipcode!.slice(0, 2),
  }));
  const parishes: DpaGad[] = parseCsv(parishesCsv)
    .filter((row) => Number(row.code!.slice(4, 6)) >= FIRST_RURAL_PARISH_SUFFIX)
    .filter((row) => cantonIdToCode.has(row['city_id:id']!) && !row.code!.startsWith(UNDELIMITED_ZONE))
    .map((row) => ({
      dpaCode: row.code!,
      name: displayName(row.name!),
      level: 'rural_parish',
      parentDpaCode: cantonIdToCode.get(row['city_id:id']!)!,
    }));
  return [...provinces, ...cantons, ...parishes];
}
