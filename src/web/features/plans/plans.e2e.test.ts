import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, screenshot, seriousAccessibilityViolations, signInBrowser, startBrowserApp, type BrowserApp } from '../../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

it('shows Quito’s plan with progress computed from the records, and editing the approved version makes a new draft', async () => {
  const testPage = await app.newPage();
  const { page, errors, externalRequests } = testPage;
  await signInBrowser(app, testPage, 'editor.quito@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/`);
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Planes' }).click();
  await page.getByTestId('plan-list').getByRole('link').first().click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
  const approvedUrl = page.url();
  assert.equal(await page.getByTestId('plan-state').innerText(), 'Aprobado');
  const targets = page.getByTestId('target-progress');
  await targets.first().waitFor();
  assert.ok(await targets.count() >= 3, 'the plan’s targets are listed');
  for (const percent of await page.getByTestId('progress-percent').allInnerTexts()) assert.match(percent, /^\d+ %$/);
  const meter = targets.first().locator('meter');
  const value = Number(await meter.getAttribute('value'));
  assert.ok(value >= 0 && value <= 1);
  assert.equal(await page.getByTestId('pdf-es').getAttribute('href'), `/api/plans/${approvedUrl.split('/').pop()}/document.pdf?lang=es`);
  const pdf = await page.context().request.get(`${app.baseUrl}${await page.getByTestId('pdf-es').getAttribute('href')}`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'plans-plan-1280');

  await page.getByTestId('edit-plan').click();
  const form = page.getByTestId('plan-form');
  assert.match(await form.innerText(), /se crea un nuevo borrador/);
  await form.getByLabel('Título del plan').fill('');
  await form.getByRole('button', { name: 'Guardar como nuevo borrador' }).click();
  await form.locator('#plan-title-error').waitFor();
  await form.getByLabel('Título del plan').fill('Plan de ejemplo (ilustrativo): versión revisada');
  await form.getByRole('button', { name: 'Guardar como nuevo borrador' }).click();
  await page.waitForURL((url) => url.href !== approvedUrl && /\/plans\/[0-9a-f-]{36}$/.test(url.pathname));
  await page.getByRole('heading', { name: 'Plan de ejemplo (ilustrativo): versión revisada' }).waitFor();
  assert.equal(await page.getByTestId('plan-state').innerText(), 'Borrador');
  assert.equal(await page.getByTestId('approve-plan').count(), 0, 'an editor cannot approve');
  await page.getByRole('link', { name: 'versión 1' }).click();
  await page.waitForURL(approvedUrl);
  // The address changes before the approved version has loaded: wait until the revised draft's title is gone.
  await page.locator('h1', { hasNotText: 'versión revisada' }).waitFor();
  assert.equal(await page.getByTestId('plan-state').innerText(), 'Aprobado');
  assert.notEqual(await page.locator('h1').innerText(), 'Plan de ejemplo (ilustrativo): versión revisada', 'the approved version is unchanged');
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(errors.filter((e) => !e.includes('422') && !e.includes('400')), []);
});

it('shows Quito’s alignment at 360 px and the national comparison to an analyst', async () => {
  const editor = await app.newPage({ viewport: PHONE });
  await signInBrowser(app, editor, 'editor.quito@demo.glocal.ec');
  await editor.page.goto(`${app.baseUrl}/alignment`);
  await editor.page.getByTestId('share-plan').waitFor();
  assert.match(await editor.page.getByTestId('share-plan').innerText(), /de \d+ acciones/);
  await editor.page.getByTestId('target-progress').first().waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(editor.page), []);
  await screenshot(editor.page, 'plans-alignment-360');

  const analyst = await app.newPage();
  await signInBrowser(app, analyst, 'analista.cancilleria@demo.glocal.ec');
  await analyst.page.goto(`${app.baseUrl}/alignment?gad=1701`);
  const table = analyst.page.getByTestId('national-table');
  await table.waitFor();
  assert.match(await table.innerText(), /Quito/);
  assert.deepEqual(await seriousAccessibilityViolations(analyst.page), []);
  await screenshot(analyst.page, 'plans-alignment-national-1280');
});

it('lets the GAD admin approve a draft, in Portuguese', async () => {
  const admin = await app.newPage({ locale: 'pt-BR' });
  await signInBrowser(app, admin, 'admin.quito@demo.glocal.ec');
  const { page } = admin;
  await page.goto(`${app.baseUrl}/plans?gad=1701`);
  await page.getByTestId('language-select').selectOption('pt');
  const draft = page.getByTestId('plan-list').locator('li').filter({ hasText: 'Rascunho' }).first();
  await draft.getByRole('link').click();
  await page.getByTestId('approve-plan').click();
  await page.getByTestId('plan-state').filter({ hasText: 'Aprovado' }).waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'plans-approved-pt-1280');
});

it('fits the plan list and a plan in 360 px, in English', async () => {
  const { page } = await app.newPage({ viewport: PHONE });
  await page.goto(`${app.baseUrl}/plans?gad=1701`);
  await page.getByTestId('language-select').selectOption('en');
  await page.getByTestId('plan-list').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the list fits 360 px');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'plans-list-360');
  await page.getByTestId('plan-list').getByRole('link').first().click();
  await page.getByTestId('target-progress').first().waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the plan fits 360 px');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'plans-plan-360');
});
