import { after, before } from 'node:test';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { DESKTOP, signInBrowser, startBrowserApp, type BrowserApp, type TestPage } from '../testing/browser.ts';

/**
 * The main pages of the UI and the checks the language and accessibility browser tests share:
 * one app per test file (hooks registered on import), the pages with who must be signed in,
 * every UI text per language, and helpers that collect a page's problems without stopping the run.
 */
export let app: BrowserApp;
export let recordId = '';
export let partnerId = '';
before(async () => {
  app = await startBrowserApp();
  // A public Quito agreement: anyone may read it, and the Quito admin may edit it.
  recordId = (await sql<{ id: string }>`SELECT a.id FROM action a JOIN gad g ON g.id = a.gad_id WHERE a.visibility = 'public'
    AND a.deleted_at IS NULL AND a.type = 'agreement' AND g.dpa_code = '1701' ORDER BY a.start_date DESC NULLS LAST LIMIT 1`.execute(app.database.db)).rows[0]!.id;
  partnerId = (await sql<{ id: string }>`SELECT ap.partner_id AS id FROM action_partner ap JOIN action a ON a.id = ap.action_id
    WHERE a.visibility = 'public' AND a.deleted_at IS NULL GROUP BY ap.partner_id ORDER BY count(*) DESC LIMIT 1`.execute(app.database.db)).rows[0]!.id;
});
after(() => app.close());

export const ADMIN = 'admin.quito@demo.glocal.ec';

/** The main pages; `who` says who must be signed in to see it (null: anonymous). */
export const pages = () => [
  { name: 'search', path: '/?q=cultura', who: null },
  { name: 'gads', path: '/gads', who: null },
  { name: 'gad-profile', path: '/gads/1701', who: null },
  { name: 'record', path: `/actions/${recordId}`, who: null },
  { name: 'partners', path: '/partners', who: null },
  { name: 'partner', path: `/partners/${partnerId}`, who: null },
  { name: 'sign-in', path: '/sign-in', who: null },
  { name: 'account', path: '/account', who: ADMIN },
  { name: 'admin-users', path: '/admin/users', who: ADMIN },
  { name: 'form-participation', path: '/actions/new?type=participation', who: ADMIN },
  { name: 'form-edit', path: `/actions/${recordId}/edit`, who: ADMIN },
];

// Every UI text, per language: the app's own and every feature's.
const WEB = join(import.meta.dirname, '..');
export function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') out[prefix] = value;
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
export function texts(language: string): Record<string, string> {
  const all = JSON.parse(readFileSync(join(WEB, 'i18n', `${language}.json`), 'utf8')) as Record<string, unknown>;
  for (const feature of readdirSync(join(WEB, 'features'))) {
    const file = join(WEB, 'features', feature, 'i18n', `${language}.json`);
    if (existsSync(file)) all[feature] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return flatten(all);
}
export const TEXTS = { es: texts('es'), en: texts('en'), pt: texts('pt') };
export const NAMESPACES = [...new Set(Object.keys(TEXTS.es).map((k) => k.split('.')[0]!))];
/** A raw key on screen: one of our namespaces, a dot, more dotted lowercase-led words (e.g. `search.title`). */
export const RAW_KEY = new RegExp(`(?<![\\w@./-])(?:${NAMESPACES.join('|')})\\.[a-zA-Z_]+(?:\\.[a-zA-Z_]+)*(?![\\w@/-])`);

/** Spanish UI strings that the other language words differently: if one is still on screen, it was not translated. */
export function untranslated(language: 'en' | 'pt', shown: string[]): string[] {
  // A word that is also one of this language's own texts (es "Total" for a sum, en "Total" too) proves nothing.
  const own = new Set(Object.values(TEXTS[language]));
  const spanish = new Set(Object.entries(TEXTS.es).filter(([key, es]) => !es.includes('{{') && es.length >= 4 && TEXTS[language][key] !== es && !own.has(es)).map(([, es]) => es));
  return shown.filter((s) => spanish.has(s));
}

export async function ready(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  await page.locator('main h1').first().waitFor();
}

/** Runs one page's checks; a failure is reported with the page's name and the others still run. */
export async function each(problems: string[], name: string, check: () => Promise<void>) {
  try {
    await check();
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  for (const problem of problems.splice(0)) {
    console.log(`# problem: ${problem}`);
    found.push(problem);
  }
}
export const found: string[] = [];

/** Texts of the elements that carry UI words rather than data. */
export async function uiTexts(page: Page): Promise<string[]> {
  return page.locator('h1, h2, h3, label, button, legend, th[scope=col], dt, nav a, .eyebrow, .lead, option').evaluateAll((elements) =>
    elements.map((e) => (e as HTMLElement).innerText?.trim() ?? '').filter(Boolean));
}

export async function bodyText(page: Page) {
  return page.locator('body').innerText();
}

export async function open(who: string | null, viewport = DESKTOP): Promise<TestPage> {
  const testPage = await app.newPage({ viewport });
  // The machine running the suite is shared; a slow page is not a broken one.
  testPage.page.setDefaultTimeout(90_000);
  if (who) await signInBrowser(app, testPage, who);
  return testPage;
}

