import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations, signInBrowser, startBrowserApp, type BrowserApp, type TestPage } from '../testing/browser.ts';

let app: BrowserApp;
let recordId = '';
let partnerId = '';
before(async () => {
  app = await startBrowserApp();
  // A public Quito agreement: anyone may read it, and the Quito admin may edit it.
  recordId = (await sql<{ id: string }>`SELECT a.id FROM action a JOIN gad g ON g.id = a.gad_id WHERE a.visibility = 'public'
    AND a.deleted_at IS NULL AND a.type = 'agreement' AND g.dpa_code = '1701' ORDER BY a.start_date DESC NULLS LAST LIMIT 1`.execute(app.database.db)).rows[0]!.id;
  partnerId = (await sql<{ id: string }>`SELECT ap.partner_id AS id FROM action_partner ap JOIN action a ON a.id = ap.action_id
    WHERE a.visibility = 'public' AND a.deleted_at IS NULL GROUP BY ap.partner_id ORDER BY count(*) DESC LIMIT 1`.execute(app.database.db)).rows[0]!.id;
});
after(() => app.close());

const ADMIN = 'admin.quito@demo.glocal.ec';

/** The main pages; `who` says who must be signed in to see it (null: anonymous). */
const pages = () => [
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
function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') out[prefix] = value;
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
function texts(language: string): Record<string, string> {
  const all = JSON.parse(readFileSync(join(WEB, 'i18n', `${language}.json`), 'utf8')) as Record<string, unknown>;
  for (const feature of readdirSync(join(WEB, 'features'))) {
    const file = join(WEB, 'features', feature, 'i18n', `${language}.json`);
    if (existsSync(file)) all[feature] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return flatten(all);
}
const TEXTS = { es: texts('es'), en: texts('en'), pt: texts('pt') };
const NAMESPACES = [...new Set(Object.keys(TEXTS.es).map((k) => k.split('.')[0]!))];
/** A raw key on screen: one of our namespaces, a dot, more dotted lowercase-led words (e.g. `search.title`). */
const RAW_KEY = new RegExp(`(?<![\\w@./-])(?:${NAMESPACES.join('|')})\\.[a-zA-Z_]+(?:\\.[a-zA-Z_]+)*(?![\\w@/-])`);

/** Spanish UI strings that the other language words differently: if one is still on screen, it was not translated. */
function untranslated(language: 'en' | 'pt', shown: string[]): string[] {
  // A word that is also one of this language's own texts (es "Total" for a sum, en "Total" too) proves nothing.
  const own = new Set(Object.values(TEXTS[language]));
  const spanish = new Set(Object.entries(TEXTS.es).filter(([key, es]) => !es.includes('{{') && es.length >= 4 && TEXTS[language][key] !== es && !own.has(es)).map(([, es]) => es));
  return shown.filter((s) => spanish.has(s));
}

async function ready(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  await page.locator('main h1').first().waitFor();
}

/** Runs one page's checks; a failure is reported with the page's name and the others still run. */
async function each(problems: string[], name: string, check: () => Promise<void>) {
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
const found: string[] = [];

/** Texts of the elements that carry UI words rather than data. */
async function uiTexts(page: Page): Promise<string[]> {
  return page.locator('h1, h2, h3, label, button, legend, th[scope=col], dt, nav a, .eyebrow, .lead, option').evaluateAll((elements) =>
    elements.map((e) => (e as HTMLElement).innerText?.trim() ?? '').filter(Boolean));
}

async function bodyText(page: Page) {
  return page.locator('body').innerText();
}

async function open(who: string | null, viewport = DESKTOP): Promise<TestPage> {
  const testPage = await app.newPage({ viewport });
  // The machine running the suite is shared; a slow page is not a broken one.
  testPage.page.setDefaultTimeout(90_000);
  if (who) await signInBrowser(app, testPage, who);
  return testPage;
}

it('switches every main page to English and Portuguese: the visible words change and no raw text key shows', async () => {
  const problems: string[] = [];
  for (const target of pages()) await each(problems, target.name, async () => {
    const { page, context } = await open(target.who);
    await page.goto(`${app.baseUrl}${target.path}`);
    await ready(page);
    const spanish = await bodyText(page);
    if (RAW_KEY.test(spanish)) problems.push(`${target.name} es: raw key ${RAW_KEY.exec(spanish)![0]}`);
    for (const language of ['en', 'pt'] as const) {
      await page.getByTestId('language-select').selectOption(language);
      await page.waitForFunction((l) => document.documentElement.lang === l, language);
      await ready(page);
      const translated = await bodyText(page);
      if (translated === spanish) problems.push(`${target.name} ${language}: nothing changed`);
      const raw = RAW_KEY.exec(translated);
      if (raw) problems.push(`${target.name} ${language}: raw key ${raw[0]}`);
      for (const s of untranslated(language, await uiTexts(page))) problems.push(`${target.name} ${language}: still Spanish "${s}"`);
    }
    await page.getByTestId('language-select').selectOption('es');
    await context.close();
  });
  assert.deepEqual(found, []);
});

it('lets the GAD admin invite a colleague and create and revoke an API token shown only once', async () => {
  const { page, context } = await open(ADMIN);
  await page.goto(`${app.baseUrl}/admin/users`);
  await page.getByTestId('user-list').waitFor();
  assert.match(await page.getByTestId('user-list').innerText(), /editor\.quito@demo\.glocal\.ec/);
  await page.locator('#invite-email').fill('no-es-un-correo');
  await page.getByTestId('invite-form').getByRole('button').click();
  await page.getByTestId('error-invite-email').waitFor();
  assert.equal(await page.getByTestId('error-invite-email').innerText(), 'Escriba un correo válido, como nombre@ejemplo.ec.');
  await page.locator('#invite-email').fill('nueva.tecnica@quito.gob.ec');
  await page.getByTestId('invite-form').getByRole('button').click();
  await page.getByTestId('invitation-list').getByText('nueva.tecnica@quito.gob.ec').waitFor();

  await page.goto(`${app.baseUrl}/account`);
  await page.getByTestId('token-form').waitFor();
  await page.locator('#token-name').fill('Importación mensual');
  await page.getByTestId('token-form').getByRole('button').click();
  const secret = (await page.getByTestId('token-secret').locator('code').innerText()).trim();
  assert.match(secret, /^glc_/);
  const withToken = await context.request.get(`${app.baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(withToken.status(), 200, 'the token works');
  await page.getByRole('button', { name: 'Revocar la clave Importación mensual' }).click();
  await page.getByTestId('token-list').getByText('Revocada').waitFor();
  const revoked = await context.request.get(`${app.baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(revoked.status(), 401, 'the revoked token no longer works');
  await page.reload();
  await page.getByTestId('token-list').waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(secret), 'the secret is never shown again');

  // Profile and language: saved on the account, and the UI follows it.
  await page.locator('#position').fill('Analista de cooperación');
  await page.locator('#locale').selectOption('en');
  await page.getByTestId('profile-form').getByRole('button').click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  const me = await (await context.request.get(`${app.baseUrl}/api/me`)).json() as { position: string; locale: string };
  assert.deepEqual([me.position, me.locale], ['Analista de cooperación', 'en']);
});
