import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeAction } from '../../../server/testing/factories.ts';
import { pdf } from '../../../server/features/documents/test-files.ts';
import { notifyUser } from '../../../server/features/notifications/notify.ts';
import { PHONE, screenshot, seriousAccessibilityViolations, signInBrowser, startBrowserApp, type BrowserApp } from '../../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

/** A due date a few days ahead, kept inside this year so the year's indicator counts it. */
function dueSoon(): string {
  const today = new Date();
  const due = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 5));
  const yearEnd = new Date(Date.UTC(today.getUTCFullYear(), 11, 31));
  return (due > yearEnd ? yearEnd : due).toISOString().slice(0, 10);
}

it('lets a Quito editor add a commitment from an acta, find it on the board, complete it with a document, and moves the GAD indicator', async () => {
  const actionId = await makeAction(app.database, {
    type: 'participation', title: 'Asamblea UCCI de prueba con acta', startDate: '2024-03-01', endDate: '2024-03-03', visibility: 'public',
  });
  const { page, errors, externalRequests } = await app.newPage();
  await signInBrowser(app, { page, context: page.context(), errors, externalRequests }, 'editor.quito@demo.glocal.ec');

  await page.goto(`${app.baseUrl}/gads/1701`);
  const onTime = page.getByTestId('indicator-on-time');
  // The profile loads all of Quito's records first; on a busy machine that takes a while.
  await onTime.waitFor({ timeout: 120_000 });
  const indicatorBefore = await onTime.innerText();

  await page.goto(`${app.baseUrl}/actions/${actionId}`);
  const panel = page.getByTestId('commitments-panel');
  await panel.getByTestId('add-commitment').click();
  const form = panel.getByTestId('new-commitment-form');
  await form.getByRole('button', { name: 'Guardar compromiso' }).click();
  const descriptionError = form.locator('#new-commitment-description-error');
  await descriptionError.waitFor();
  assert.equal(await form.locator('#new-commitment-description').getAttribute('aria-invalid'), 'true', 'the server names the empty description');

  const description = 'Enviar a la UCCI la ficha de buenas prácticas de comercio informal';
  await form.getByLabel('Descripción del compromiso').fill(description);
  await form.getByLabel('Unidad responsable').fill('Unidad de Cooperación Internacional');
  await form.getByLabel('Soy yo la persona responsable').check();
  await form.getByLabel('Fecha límite').fill(dueSoon());
  await form.getByRole('button', { name: 'Guardar compromiso' }).click();
  const card = panel.getByTestId('commitment').filter({ hasText: description });
  await card.waitFor();
  assert.match(await card.innerText(), /Pendiente/);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-record-commitment-1280');

  // The board shows it in an open column, and a unit filter kept in the URL still finds it.
  await page.getByRole('navigation').getByRole('link', { name: 'Seguimiento' }).click();
  await page.waitForURL(/\/follow-up/);
  const boardCard = page.getByTestId('board-card').filter({ hasText: description });
  await boardCard.waitFor();
  assert.equal(await page.getByTestId('board-done').getByText(description).count(), 0);
  await page.getByLabel('Unidad', { exact: true }).fill('Unidad de Cooperación Internacional');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.waitForURL(/unit=Unidad/);
  await boardCard.waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-board-1280');

  // Complete it with an uploaded document.
  await boardCard.getByRole('link', { name: 'Asamblea UCCI de prueba con acta' }).click();
  await page.waitForURL(new RegExp(`/actions/${actionId}`));
  const openCard = page.getByTestId('commitment').filter({ hasText: description });
  await openCard.getByTestId('complete-commitment').click();
  await openCard.getByLabel('Documento de evidencia').setInputFiles({
    name: 'ficha-enviada.pdf', mimeType: 'application/pdf', buffer: await pdf(['Ficha enviada a la UCCI']),
  });
  await openCard.getByRole('button', { name: 'Confirmar cumplimiento' }).click();
  await openCard.getByText('Cumplido', { exact: true }).waitFor();
  await openCard.getByRole('link', { name: 'Documento adjunto' }).waitFor();

  await page.goto(`${app.baseUrl}/follow-up`);
  await page.getByTestId('board-done').getByText(description).waitFor();

  await page.goto(`${app.baseUrl}/gads/1701`);
  await onTime.waitFor({ timeout: 120_000 });
  assert.notEqual(await onTime.innerText(), indicatorBefore, 'the done-on-time indicator moved');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-gad-indicators-1280');
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(errors.filter((e) => !e.includes('422')), []);
});

it('highlights the commitment a reminder links to, and counts unread notices in the navigation at 360 px', async () => {
  const actionId = await makeAction(app.database, { type: 'participation', title: 'Visita técnica de prueba', visibility: 'public' });
  const { page, errors, externalRequests } = await app.newPage({ viewport: PHONE });
  await signInBrowser(app, { page, context: page.context(), errors, externalRequests }, 'editor.quito@demo.glocal.ec');
  const created = await page.context().request.get(`${app.baseUrl}/api/me`);
  const csrf = (await created.json() as { csrfToken: string }).csrfToken;
  const answer = await page.context().request.post(`${app.baseUrl}/api/commitments`, {
    headers: { 'x-csrf-token': csrf }, data: { actionId, description: 'Compromiso vencido de prueba', dueOn: '2025-01-10' },
  });
  assert.equal(answer.status(), 201, await answer.text());
  const commitment = await answer.json() as { id: string };
  const me = await created.json() as { id: string; gad: { id: string } };
  await notifyUser(app.database.db, me.id, me.gad.id, {
    kind: 'commitment_overdue', title: 'Compromiso vencido: Compromiso vencido de prueba', link: `/follow-up?commitment=${commitment.id}`,
  }, new Date());

  // The reminder in the inbox, counted in the navigation, leads to the board with the commitment highlighted.
  await page.goto(`${app.baseUrl}/inbox`);
  const count = page.getByTestId('unread-count');
  await count.waitFor();
  const unreadBefore = Number(await count.innerText());
  assert.ok(unreadBefore >= 1);
  const notice = page.getByTestId('inbox').locator(':scope > li').filter({ hasText: 'Compromiso vencido: Compromiso vencido de prueba' });
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-inbox-360');
  await notice.getByRole('link', { name: 'Abrir' }).click();
  await page.waitForURL(/\/follow-up\?commitment=/);
  const highlighted = page.locator('[data-testid="board-card"][aria-current="true"]');
  await highlighted.waitFor();
  assert.match(await highlighted.innerText(), /Compromiso vencido de prueba/);
  assert.match(await highlighted.innerText(), /vencido hace \d+ días/i);
  assert.equal(await page.getByTestId('board-overdue').getByText('Compromiso vencido de prueba').count(), 1);
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="unread-count"]');
    return (el ? Number(el.textContent) : 0) === n;
  }, unreadBefore - 1);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-board-highlight-360');

  await page.goto(`${app.baseUrl}/inbox`);
  await page.getByRole('heading', { name: 'Avisos' }).waitFor();
  await page.getByTestId('digest-select').selectOption('weekly');
  await page.getByText('Preferencia guardada.').waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  const preference = await page.context().request.get(`${app.baseUrl}/api/me/follow-up`);
  assert.deepEqual(await preference.json(), { digest: 'weekly' });
  assert.deepEqual(externalRequests, []);
});

it('lets the GAD admin change the follow-up rules in English, with field errors from the server', async () => {
  const { page, errors, externalRequests } = await app.newPage();
  await signInBrowser(app, { page, context: page.context(), errors, externalRequests }, 'admin.quito@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/follow-up/rules`);
  await page.getByTestId('language-select').selectOption('en');
  const days = page.getByLabel('Days to deliver the trip report after a participation');
  await days.fill('500');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.locator('#rules-tripReportDays-error').waitFor();
  await days.fill('20');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText('Rules saved.').waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-rules-1280');
  const rules = await page.context().request.get(`${app.baseUrl}/api/follow-up/rules`);
  assert.equal((await rules.json() as { tripReportDays: number }).tripReportDays, 20);
});

it('fits the record page’s commitments and the rules page in 360 px, in Portuguese', async () => {
  const actionId = await makeAction(app.database, { type: 'participation', title: 'Participação de teste', visibility: 'public' });
  const testPage = await app.newPage({ viewport: PHONE });
  const { page } = testPage;
  await signInBrowser(app, testPage, 'admin.quito@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/actions/${actionId}`);
  await page.getByTestId('language-select').selectOption('pt');
  await page.getByTestId('add-commitment').click();
  await page.getByTestId('new-commitment-form').getByLabel('Descrição do compromisso').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the record page fits 360 px');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-record-commitment-360');
  await page.goto(`${app.baseUrl}/follow-up/rules`);
  await page.getByTestId('rules-form').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the rules page fits 360 px');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'followup-rules-360');
});
