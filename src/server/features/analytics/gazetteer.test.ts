import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GEO_DIR, locateCity } from './gazetteer.ts';

it('places partner cities from the shipped gazetteer, whatever their accents, case or Spanish name', () => {
  assert.deepEqual(locateCity('Bogotá', 'CO'), { name: 'Bogotá', country: 'CO', lat: 4.711, lon: -74.072 });
  assert.equal(locateCity('BOGOTA', 'CO')?.name, 'Bogotá');
  assert.equal(locateCity('Cracovia', 'PL')?.name, 'Kraków');
  assert.equal(locateCity('Ginebra', 'ch')?.name, 'Geneva');
  // A name shared within a country goes to the largest place; another country's namesake is never taken.
  assert.equal(locateCity('Cartagena', 'CO')?.lat, 10.4);
  assert.equal(locateCity('Cuenca', 'EC')?.country, 'EC');
  assert.equal(locateCity('Atlantis', 'ES'), null);
});

it('ships the 24 provinces of Ecuador with their INEC DPA codes', () => {
  const provinces = JSON.parse(readFileSync(join(GEO_DIR, 'ecuador-provinces.geo.json'), 'utf8'));
  assert.equal(provinces.features.length, 24);
  const codes = provinces.features.map((f: { properties: { dpa: string } }) => f.properties.dpa).sort();
  assert.deepEqual(codes, Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')));
  const pichincha = provinces.features.find((f: { properties: { dpa: string } }) => f.properties.dpa === '17');
  assert.equal(pichincha.properties.name, 'Pichincha');
  // Quito (-78.51, -0.22) lies inside the box of Pichincha's outline.
  const points = JSON.stringify(pichincha.geometry.coordinates).match(/-?\d+(\.\d+)?/g)!.map(Number);
  const lons = points.filter((_, i) => i % 2 === 0);
  const lats = points.filter((_, i) => i % 2 === 1);
  assert.ok(Math.min(...lons) < -78.51 && Math.max(...lons) > -78.51 && Math.min(...lats) < -0.22 && Math.max(...lats) > -0.22);
});
