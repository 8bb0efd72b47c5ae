import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, csvLine } from './csv.ts';

describe('CSV fields (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, and doubles inner quotes', () => {
    assert.equal(csvField('Quito'), 'Quito');
    assert.equal(csvField('Quito, Ecuador'), '"Quito, Ecuador"');
    assert.equal(csvField('el "Plan"'), '"el ""Plan"""');
    assert.equal(csvField('línea 1\nlínea 2'), '"línea 1\nlínea 2"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(false), 'false');
  });
  it('ends each record with CRLF', () => {
    assert.equal(csvLine(['a', 'b,c', null]), 'a,"b,c",\r\n');
  });
});
