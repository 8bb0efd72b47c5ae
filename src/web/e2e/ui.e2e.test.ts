import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations } from '../testing/browser.ts';
import { ADMIN, app, bodyText, each, found, open, pages, RAW_KEY, ready, TEXTS, uiTexts, untranslated } from './main-pages.ts';

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
