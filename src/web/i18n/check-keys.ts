// Run with `node src/web/i18n/check-keys.ts`: the three locales must share one key set.
import { readFileSync } from 'node:fs';

const locales = ['es', 'en', 'pt'] as const;

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const sets = locales.map((locale) => {
  const json: unknown = JSON.parse(readFileSync(new URL(`./${locale}.json`, import.meta.url), 'utf8'));
  return { locale, keys: new Set(keys(json)) };
});
const [reference, ...others] = sets;
let failed = false;
for (const other of others) {
  for (const key of reference!.keys) if (!other.keys.has(key)) { failed = true; console.error(`${other.locale} lacks ${key}`); }
  for (const key of other.keys) if (!reference!.keys.has(key)) { failed = true; console.error(`${other.locale} has extra ${key}`); }
}
if (failed) process.exit(1);
console.log(`i18n: ${reference!.keys.size} keys identical in ${locales.join(', ')}`);
