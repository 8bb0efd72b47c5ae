import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** data/geo: shipped geometry and the offline gazetteer (sources in data/SOURCES.md). */
export const GEO_DIR = join(import.meta.dirname, '../../../../data/geo');

export interface Place {
  name: string;
  country: string;
  lat: number;
  lon: number;
}

/** Case, accents and spacing never decide a match: "BOGOTA" is Bogotá. */
export const normalise = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

let index: Map<string, Place> | null = null;

function load(): Map<string, Place> {
  if (index) return index;
  const cities = JSON.parse(readFileSync(join(GEO_DIR, 'cities.json'), 'utf8')) as [string, string, number, number][];
  const aliases = (JSON.parse(readFileSync(join(GEO_DIR, 'city-aliases.json'), 'utf8')) as { aliases: [string, string, string][] }).aliases;
  const map = new Map<string, Place>();
  // The list runs from the largest city down, so a name shared within a country goes to the largest.
  for (const [name, country, lat, lon] of cities) {
    const key = `${country}|${normalise(name)}`;
    if (!map.has(key)) map.set(key, { name, country, lat, lon });
  }
  for (const [alias, country, name] of aliases) {
    const place = map.get(`${country}|${normalise(name)}`);
    if (place && !map.has(`${country}|${normalise(alias)}`)) map.set(`${country}|${normalise(alias)}`, place);
  }
  index = map;
  return map;
}

/** Where a city of a country lies, from the shipped gazetteer; null when it is not there. No network. */
export function locateCity(city: string, country: string): Place | null {
  return load().get(`${country.toUpperCase()}|${normalise(city)}`) ?? null;
}
