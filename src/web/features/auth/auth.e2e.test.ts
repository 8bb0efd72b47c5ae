import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeAction } from '../../../server/testing/factories.ts';
import { PHONE, screenshot, seriousAccessibilityViolations, startBrowserApp, type BrowserApp } from '../../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

it('signs an editor in through the form, shows who is signed in, and signs out again', async () => {
  const { page, errors } = await app.newPage();
  await page.goto(`${app.baseUrl}/gads`);
  await page.getByTestId('sign-in-link').click();
  await page.waitForURL(/\/sign-in\?next=%2Fgads/);
  await page.locator('#sign-in-email').fill('editor.quito@demo.glocal.ec');
  await page.locator('#sign-in-password').fill('not the password');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  assert.equal(await page.getByTestId('sign-in-error').innerText(), 'El correo o la contraseña no son correctos.');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'sign-in-error-1280');
  assert.equal(await page.getByTestId('forgot-password-link').getAttribute('href'), '/forgot-password');

  await page.locator('#sign-in-password').fill('demo-glocal-2026');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL(`${app.baseUrl}/gads`);
  assert.match(await page.getByTestId('account-link').innerText(), /Editora DMRI Quito/);

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-link').waitFor();
  const me = await page.context().request.get(`${app.baseUrl}/api/me`);
  assert.equal(me.status(), 401, 'the session is gone on the server too');
  assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
});

it('never sends a signed-in user to another site after sign-in', async () => {
  const { page } = await app.newPage({ viewport: PHONE });
  await page.goto(`${app.baseUrl}/sign-in?next=//evil.example/steal`);
  await page.locator('#sign-in-email').fill('viewer.quito@demo.glocal.ec');
  await page.locator('#sign-in-password').fill('demo-glocal-2026');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByTestId('account-link').waitFor();
  assert.equal(new URL(page.url()).host, new URL(app.baseUrl).host);
  await screenshot(page, 'signed-in-360');
});

it('shows hostile text in a record verbatim, as text, without running it', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1;alert(1)"> & <script>window.__pwned=2</script>';
  const id = await makeAction(app.database, { visibility: 'public', title: hostile, description: `Descripción ${hostile}` });
  const { page } = await app.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  await page.goto(`${app.baseUrl}/actions/${id}`);
  const heading = page.locator('h1');
  await heading.waitFor();
  assert.equal(await heading.innerText(), hostile);
  assert.ok((await page.locator('main').innerText()).includes(`Descripción ${hostile}`));
  assert.equal(await page.locator('main img[src="x"]').count(), 0, 'no element was made from the text');
  assert.equal(await page.locator('main script').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), null);
  assert.deepEqual(dialogs, []);
});
