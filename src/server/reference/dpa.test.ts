import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayName, gadsFromDpa } from './dpa.ts';

const dir = join(import.meta.dirname, '../../../data/reference/ecuador-dpa');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const gads = gadsFromDpa(read('provinces.csv'), read('cantons.csv'), read('parishes.csv'));
const byCode = new Map(gads.map((g) => [g.dpaCode, g]));

describe('GADs derived from the INEC DPA lists', () => {
  it('has every province, every canton and every rural parish: more than 1,000 GADs', () => {
    const count = (level: string) => gads.filter((g) => g.level === level).length;
    assert.equal(count('provincial') + count('special_regime'), 24);
    assert.equal(count('municipal') + count('metropolitan'), 222);
    assert.ok(count('rural_parish') >= 790, `rural parishes: ${count('rural_parish')}`);
    assert.ok(gads.length > 1000);
  });

  it('makes Quito the one metropolitan district, under Pichincha', () => {
    const quito = byCode.get('1701')!;
    assert.equal(quito.level, 'metropolitan');
    assert.equal(quito.name, 'Distrito Metropolitano de Quito');
    assert.equal(byCode.get(quito.parentDpaCode!)!.name, 'Pichincha');
    assert.deepEqual(gads.filter((g) => g.level === 'metropolitan').map((g) => g.dpaCode), ['1701']);
  });

  it('gives Galápagos its special regime and no GAD to urban parishes or head towns', () => {
    assert.equal(byCode.get('20')!.level, 'special_regime');
    assert.equal(byCode.get('010150'), undefined, 'the head town of Cuenca is governed by the canton');
    assert.equal(byCode.get('010101'), undefined, 'urban parishes have no GAD of their own');
    const parish = byCode.get('010151')!;
    assert.equal(parish.level, 'rural_parish');
    assert.equal(parish.parentDpaCode, '0101');
  });

  it('leaves out the zones with no delimited canton', () => {
    assert.ok(gads.every((g) => !g.dpaCode.startsWith('90')));
  });

  it('links every GAD but the provinces to a parent that exists', () => {
    for (const g of gads) {
      if (g.parentDpaCode) assert.ok(byCode.has(g.parentDpaCode), `${g.dpaCode} → ${g.parentDpaCode}`);
    }
  });

  it('writes upper-case names as people read them', () => {
    assert.equal(displayName('SANTO DOMINGO DE LOS TSACHILAS'), 'Santo Domingo de los Tsachilas');
    assert.equal(displayName('CAÑAR'), 'Cañar');
  });
});
