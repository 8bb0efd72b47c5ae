// The three locales must share one key set: the app's own texts and every feature's
// (features/<name>/i18n/<lang>.json). Run by src/web/i18n/keys.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCALES = ['es', 'en', 'pt'] as const;

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const i18nDir = import.meta.dirname;
const featuresDir = join(i18nDir, '..', 'features');

function textsOf(locale: string): Record<string, unknown> {
  const texts: Record<string, unknown> = JSON.parse(readFileSync(join(i18nDir, `${locale}.json`), 'utf8'));
  if (!existsSync(featuresDir)) return texts;
  for (const feature of readdirSync(featuresDir)) {
    const file = join(featuresDir, feature, 'i18n', `${locale}.json`);
    texts[feature] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }
  return texts;
}

/** Keys one locale has and another lacks, as readable lines; empty when the three agree. */
export function keyMismatches(): { problems: string[]; keyCount: number } {
  const sets = LOCALES.map((locale) => ({ locale, keys: new Set(keys(textsOf(locale))) }));
  const [reference, ...others] = sets;
  const problems: string[] = [];
  for (const other of others) {
    for (const key of reference!.keys) if (!other.keys.has(key)) problems.push(`${other.locale} lacks ${key}`);
    for (const key of other.keys) if (!reference!.keys.has(key)) problems.push(`${other.locale} has extra ${key}`);
  }
  return { problems, keyCount: reference!.keys.size };
}

if (import.meta.main) {
  const { problems, keyCount } = keyMismatches();
  for (const problem of problems) console.error(problem);
  if (problems.length) process.exit(1);
  console.log(`i18n: ${keyCount} keys identical in ${LOCALES.join(', ')}`);
}
