import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { sql } from 'kysely';
import { PHONE, screenshot, seriousAccessibilityViolations, signInBrowser, startBrowserApp, type BrowserApp } from '../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

const QUITO_EDITOR = 'editor.quito@demo.glocal.ec';
const CUENCA_EDITOR = 'editor.cuenca@demo.glocal.ec';
let created: { id: string; title: string } | undefined;
const OWN_QUITO_RECORD = 'Memorando de entendimiento con Medellín sobre movilidad urbana (en negociación)';

function signedPdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: 'Convenio firmado' } });
    const parts: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => parts.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.fontSize(14).text(text);
    doc.end();
  });
}

it('lets the Quito editor record an agreement with its signed PDF, with field errors in Spanish first', async () => {
  const { page, context, errors, externalRequests } = await app.newPage();
  await signInBrowser(app, { page, context, errors, externalRequests }, QUITO_EDITOR);

  await page.goto(`${app.baseUrl}/actions/new`);
  await page.getByTestId('kind-chooser').getByRole('link', { name: 'Convenio' }).click();
  await page.waitForURL(/type=agreement/);
  await page.getByTestId('action-form').waitFor();

  // Saving with nothing filled in: the server's field errors appear under each field, in Spanish.
  await page.getByTestId('save-action').click();
  await page.getByTestId('error-f-title').waitFor();
  assert.equal(await page.getByTestId('error-f-title').innerText(), 'Complete este campo.');
  assert.equal(await page.getByTestId('error-f-details-kind').innerText(), 'Elija una de las opciones.');
  assert.equal(await page.getByTestId('form-error').innerText(), 'Revise los campos marcados.');

  const title = 'Convenio de cooperación con Rosario en economía circular';
  await page.locator('#f-title').fill(title);
  await page.locator('#f-description').fill('Intercambio técnico entre los dos municipios.');
  await page.locator('#f-details-kind').selectOption('cooperation_agreement');
  await page.locator('#f-details-state').selectOption('signed');
  await page.locator('#f-details-areas').fill('Compostaje domiciliario y reciclaje de neumáticos');
  await page.locator('#f-details-signedOn').fill('2026-01-10');
  await page.locator('#f-details-validFrom').fill('2026-01-10');
  await page.locator('#f-details-validUntil').fill('2029-01-09');
  await page.locator('#f-visibility').selectOption('public');
  await page.locator('#f-country').selectOption('AR');
  await page.getByTestId('themes-fieldset').locator('input[type=checkbox]').first().check();
  await page.getByTestId('partner-search').fill('Medellín');
  await page.getByTestId('partner-results').getByRole('button').first().click();
  await page.locator('#f-file').setInputFiles({ name: 'convenio-rosario.pdf', mimeType: 'application/pdf', buffer: await signedPdf('Convenio firmado entre Quito y Rosario') });
  await screenshot(page, 'action-form-agreement-1280');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);

  await page.getByTestId('save-action').click();
  await page.waitForURL(/\/actions\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByTestId('document-list').waitFor();
  assert.match(await page.getByTestId('document-list').innerText(), /Instrumento firmado[\s\S]*convenio-rosario\.pdf/);
  const download = await context.request.get(`${app.baseUrl}${await page.getByTestId('document-list').locator('a').first().getAttribute('href')}`);
  assert.equal(download.status(), 200);
  assert.equal((await download.body()).subarray(0, 5).toString(), '%PDF-');
  await screenshot(page, 'action-agreement-1280');

  created = { id, title };
  assert.deepEqual(externalRequests, []);
});

// Agreement areas are in the action's search vector (migrations/0009).
it('finds the new agreement on the search page by words of its areas', async () => {
  assert.ok(created, 'the agreement was created');
  const { page } = await app.newPage();
  await page.goto(`${app.baseUrl}/?q=${encodeURIComponent('neumáticos compostaje')}`);
  await page.getByTestId('result-list').waitFor({ timeout: 10_000 });
  assert.match(await page.getByTestId('result-list').innerText(), new RegExp(created.title));
});

it('shows the second of two tabs editing one version the other tab\'s change beside its own, and saves the merge', async () => {
  assert.ok(created, 'the agreement was created');
  const { id, title } = created;
  const { page, context, errors, externalRequests } = await app.newPage();
  await signInBrowser(app, { page, context, errors, externalRequests }, QUITO_EDITOR);
  // Two tabs of one browser edit the same version.
  const first = page;
  const second = await context.newPage();
  await first.goto(`${app.baseUrl}/actions/${id}/edit`);
  await second.goto(`${app.baseUrl}/actions/${id}/edit`);
  await first.locator('#f-title').waitFor();
  await second.locator('#f-title').waitFor();
  await first.locator('#f-title').fill(`${title} (firmado)`);
  await first.getByTestId('save-action').click();
  await first.waitForURL(new RegExp(`/actions/${id}$`));
  await first.getByRole('heading', { level: 1, name: `${title} (firmado)` }).waitFor();

  await second.locator('#f-description').fill('Intercambio técnico y pasantías de personal municipal.');
  await second.getByTestId('save-action').click();
  const conflict = second.getByTestId('conflict');
  await conflict.waitFor();
  // Their title beside mine; the title I did not touch takes theirs, the description I typed stays mine.
  assert.match(await conflict.getByTestId('merge-title').innerText(), /\(firmado\)/);
  assert.ok(await conflict.getByTestId('merge-title').locator('input[value=theirs]').isChecked());
  assert.ok(await conflict.getByTestId('merge-description').locator('input[value=mine]').isChecked());
  await screenshot(second, 'action-conflict-1280');
  assert.deepEqual(await seriousAccessibilityViolations(second), []);
  await second.getByTestId('merge-save').click();
  await second.waitForURL(new RegExp(`/actions/${id}$`));
  await second.getByRole('heading', { level: 1, name: `${title} (firmado)` }).waitFor();
  assert.match(await second.locator('main').innerText(), /pasantías de personal municipal/);
  const stored = await (await context.request.get(`${app.baseUrl}/api/actions/${id}`)).json() as { version: number; title: string; description: string };
  assert.equal(stored.version, 3);

  const phone = await app.newPage({ viewport: PHONE });
  await signInBrowser(app, phone, QUITO_EDITOR);
  await phone.page.goto(`${app.baseUrl}/actions/${id}/edit`);
  await phone.page.locator('#f-title').waitFor();
  await screenshot(phone.page, 'action-form-agreement-360');
  await phone.page.goto(`${app.baseUrl}/actions/${id}`);
  await phone.page.getByTestId('document-list').waitFor();
  await screenshot(phone.page, 'action-agreement-360');
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(errors.filter((e) => !/status of (409|422|400)/.test(e)), []);
});

it('hides the Quito record kept to its own GAD from the Cuenca editor, in search and by its address', async () => {
  const row = await sql<{ id: string }>`SELECT id FROM action WHERE title = ${OWN_QUITO_RECORD}`.execute(app.database.db);
  const id = row.rows[0]?.id;
  assert.ok(id, 'the demo data has the record');

  const quito = await app.newPage();
  await signInBrowser(app, quito, QUITO_EDITOR);
  await quito.page.goto(`${app.baseUrl}/?q=${encodeURIComponent('Medellín movilidad')}`);
  await quito.page.getByTestId('result-list').waitFor();
  assert.match(await quito.page.getByTestId('result-list').innerText(), /Memorando de entendimiento con Medellín/, 'its own GAD sees it');

  const { page } = await app.newPage();
  await signInBrowser(app, { page, context: page.context(), errors: [], externalRequests: [] }, CUENCA_EDITOR);
  await page.goto(`${app.baseUrl}/?q=${encodeURIComponent('Medellín movilidad')}`);
  await page.locator('h1').waitFor();
  await page.waitForResponse((r) => r.url().includes('/api/actions?')).catch(() => undefined);
  await page.waitForLoadState('networkidle');
  assert.doesNotMatch(await page.locator('main').innerText(), /Memorando de entendimiento con Medellín/);

  await page.goto(`${app.baseUrl}/actions/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor({ timeout: 60_000 });
  assert.doesNotMatch(await page.locator('main').innerText(), /Memorando de entendimiento con Medellín/);
  assert.equal(await page.locator('h1').innerText(), 'Página no encontrada');
  await screenshot(page, 'cuenca-not-found-1280');
});
