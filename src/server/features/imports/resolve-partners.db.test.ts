import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { makePartner } from '../../testing/factories.ts';
import { PartnerResolver } from './resolve-partners.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  await makePartner(t.database, 'Alcaldía Mayor de Bogotá', { country: 'CO', aliases: ['Bogotá D.C.'] });
  // The same words in another order: the same trigram set, so each is an exact match for the other's name.
  await makePartner(t.database, 'Municipalidad Metropolitana de Lima', { country: 'PE' });
  await makePartner(t.database, 'de Lima Municipalidad Metropolitana', { country: 'PE' });
  await makePartner(t.database, 'Ayuntamiento de Madrid', { country: 'ES' });
});
after(() => t.close());

it('settling a file’s names in one query decides exactly as matching each name alone', async () => {
  const names = ['Bogota D.C.', 'ALCALDIA MAYOR DE BOGOTA', ' Bogotá D.C. ', 'Alcaldía de Bogotá', 'Municipalidad Metropolitana de Lima',
    'Ayuntamiento  de Madrid', 'Madrid', 'Ayuntamiento de Madrid.', 'Nowhere at all', '¿?', '—', 'madrid ayuntamiento de'];
  const batched = new PartnerResolver(t.database.db);
  await batched.prefetchExact(names);
  // Decided by the one query: the names one partner bears exactly (or in other words' order); the rest are matched alone.
  assert.deepEqual(names.filter((n) => batched.isSettled(n)), ['Bogota D.C.', 'ALCALDIA MAYOR DE BOGOTA', ' Bogotá D.C. ', 'Ayuntamiento  de Madrid', 'Ayuntamiento de Madrid.', 'madrid ayuntamiento de']);
  for (const name of names) {
    const one = await new PartnerResolver(t.database.db).resolve(name);
    const both = await batched.resolve(name);
    assert.equal(both.outcome, one.outcome, name);
    if (one.outcome === 'matched' && both.outcome === 'matched') assert.equal(both.match.id, one.match.id, name);
  }
  assert.equal((await batched.resolve('Municipalidad Metropolitana de Lima')).outcome, 'ambiguous');
  assert.equal((await batched.resolve('madrid ayuntamiento de')).outcome, 'matched');
});
