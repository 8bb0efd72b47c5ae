import { it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../http/app-error.ts';
import { minorDigits, positioningRows, rateFor, resolvePeriod, toUsdMinor } from './positioning.ts';
import { sourceTables } from './annual-report.ts';

it('a period defaults to the last ten years and refuses one that ends before it starts', () => {
  assert.deepEqual(resolvePeriod({}, 2026), { from: 2017, to: 2026 });
  assert.deepEqual(resolvePeriod({ from: 2007 }, 2026), { from: 2007, to: 2026 });
  assert.deepEqual(resolvePeriod({ to: 2013 }, 2026), { from: 2004, to: 2013 });
  assert.throws(() => resolvePeriod({ from: 2013, to: 2007 }, 2026), (e: AppError) => e.fieldErrors?.[0]?.field === 'query.to');
});

it('converts minor units at the newest rate valid in the year, with the currency’s own digits', () => {
  const rates = [{ currency: 'EUR', validFrom: '2020-01-01', usdPerUnit: 1.1 }, { currency: 'EUR', validFrom: '2023-01-01', usdPerUnit: 1.05 },
    { currency: 'JPY', validFrom: '2020-01-01', usdPerUnit: 0.007 }];
  assert.equal(rateFor(rates, 'EUR', 2019), null);
  assert.equal(rateFor(rates, 'EUR', 2022)?.usdPerUnit, 1.1);
  assert.equal(rateFor(rates, 'EUR', 2024)?.usdPerUnit, 1.05);
  assert.equal(rateFor(rates, 'USD', 2000)?.usdPerUnit, 1);
  assert.equal(minorDigits('JPY'), 0);
  assert.equal(toUsdMinor(45_000_000, 'EUR', 1.1), 49_500_000);
  assert.equal(toUsdMinor(1_000_000, 'JPY', 0.007), 700_000, '¥1,000,000 is $7,000.00');
});

it('makes a row for every year of the period, zeros included, and keeps undated records apart', () => {
  const { rows, undated, totals } = positioningRows({ from: 2010, to: 2012 },
    [{ year: 2011, type: 'visit', n: 3, won: 0 }, { year: 2011, type: 'award', n: 2, won: 1 }, { year: null, type: 'agreement', n: 4, won: 0 }],
    [{ year: 2011, n: 2 }, { year: null, n: 1 }], [], []);
  assert.deepEqual(rows.map((r) => r.total), [0, 5, 0]);
  assert.equal(rows[1]!.awardsWon, 1);
  assert.equal(rows[1]!.leadershipRoles, 2);
  assert.equal(undated.counts.agreement, 4);
  assert.equal(undated.leadershipRoles, 1);
  assert.equal(totals.total, 9);
});

it('names the thesis tables a record comes from', () => {
  assert.equal(sourceTables('Gráfico 8, año 2006, línea 5473; Gráfico 11, año 2006, línea 7771'), 'Gráfico 8; Gráfico 11');
  assert.equal(sourceTables('Gráfico 12, línea 7810', 'Gráfico 7, año 2009', null), 'Gráfico 7; Gráfico 12');
  assert.equal(sourceTables(null), '');
});
