import { it } from 'node:test';
import assert from 'node:assert/strict';
import { csvLine, parseCsv } from './csv.ts';

it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
  const text = '\ufefftitle,description\r\n"Hermanamiento, Quito","Dijo ""sí""\nen 2010"\r\nOtro,\n';
  assert.deepEqual(parseCsv(text), [['title', 'description'], ['Hermanamiento, Quito', 'Dijo "sí"\nen 2010'], ['Otro', '']]);
});

it('reads the semicolon-separated files that Spanish Excel writes', () => {
  assert.deepEqual(parseCsv('título;país\nConvenio, Bogotá;CO\n'), [['título', 'país'], ['Convenio, Bogotá', 'CO']]);
});

it('skips blank lines and writes back what it reads', () => {
  const line = csvLine(['a,b', 'say "hi"', null, 3]);
  assert.deepEqual(parseCsv(`x,y,z,w\n\n${line}\n`), [['x', 'y', 'z', 'w'], ['a,b', 'say "hi"', '', '3']]);
});
