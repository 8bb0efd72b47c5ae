import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, screenshot, seriousAccessibilityViolations, signInBrowser, startBrowserApp, type BrowserApp } from '../../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

it('lets a Cuenca editor find Quito’s public lesson on informal commerce, mark it useful and contact its person', async () => {
  const testPage = await app.newPage();
  const { page, errors, externalRequests } = testPage;
  await signInBrowser(app, testPage, 'editor.cuenca@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/`);
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Conocimiento' }).click();
  await page.waitForURL(/\/knowledge$/);
  await page.getByLabel('Buscar en las lecciones').fill('comercio informal');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=comercio\+informal|q=comercio%20informal/);
  const lesson = page.getByTestId('lesson').filter({ hasText: 'reubicación del comercio informal' }).first();
  await lesson.waitFor();
  assert.match(await lesson.innerText(), /Quito/);

  const count = lesson.getByTestId('useful-count');
  const before = Number((await count.innerText()).match(/\d+/)![0]);
  const useful = lesson.getByTestId('useful-button');
  assert.equal(await useful.getAttribute('aria-pressed'), 'false');
  await useful.click();
  await lesson.locator('[data-testid="useful-button"][aria-pressed="true"]').waitFor();
  assert.equal(Number((await count.innerText()).match(/\d+/)![0]), before + 1);

  await lesson.getByTestId('contact-button').click();
  const card = lesson.getByTestId('contact-card');
  await card.waitFor();
  assert.match(await card.innerText(), /Paula Ejemplo/);
  const mailto = await lesson.getByTestId('contact-mailto').getAttribute('href');
  assert.match(mailto ?? '', /^mailto:contacto\.ejemplo\.quito@demo\.glocal\.ec\?subject=Glocal%3A%20/);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'knowledge-lessons-1280');

  // The mark is the user's, kept on the server: a reload shows it pressed and counted.
  await page.reload();
  await lesson.waitFor();
  assert.equal(await lesson.getByTestId('useful-button').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(errors, []);
});

it('shows Cuenca’s own lesson without a contact (its person opted out) and without a useful button to its own editor, at 360 px', async () => {
  const testPage = await app.newPage({ viewport: PHONE });
  const { page } = testPage;
  await signInBrowser(app, testPage, 'editor.cuenca@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/knowledge?q=hermanamiento`);
  const lesson = page.getByTestId('lesson').filter({ hasText: 'hermanamiento' }).first();
  await lesson.waitFor();
  assert.equal(await lesson.getByTestId('useful-button').count(), 0);
  assert.equal(await lesson.getByTestId('contact-button').count(), 0);
  assert.match(await lesson.innerText(), /no publica una persona de contacto/);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'knowledge-lessons-360');
});

it('finds peers with evidence, lists the exchange with explained matches, and draws the graph with a keyboard list of nodes', async () => {
  const testPage = await app.newPage();
  const { page, errors } = testPage;
  await signInBrowser(app, testPage, 'editor.quito@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/knowledge/peers`);
  await page.getByLabel('Tema').selectOption({ index: 1 });
  await page.waitForURL(/theme=/);
  await page.getByRole('status').filter({ hasText: /GAD/ }).waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'knowledge-peers-1280');

  await page.goto(`${app.baseUrl}/knowledge/exchange`);
  const post = page.getByTestId('exchange-post').filter({ hasText: 'ciclovías' }).first();
  await post.waitFor();
  await post.getByTestId('show-matches').click();
  const matches = post.getByTestId('matches');
  await matches.waitFor();
  await matches.getByRole('heading', { name: 'GAD con experiencia' }).waitFor();
  await page.getByRole('button', { name: 'Publicar una oferta o búsqueda' }).click();
  const form = page.getByTestId('new-post-form');
  await form.getByRole('button', { name: 'Publicar' }).click();
  await form.locator('#post-title-error').waitFor();
  await form.getByLabel('Qué se ofrece o se busca (una línea)').fill('Ofrecemos nuestra experiencia en ciclovías en centros históricos');
  await form.getByRole('checkbox').first().check();
  await form.getByLabel('Abierta hasta').fill('2030-01-31');
  await form.getByRole('button', { name: 'Publicar' }).click();
  await page.getByTestId('exchange-post').filter({ hasText: 'Ofrecemos nuestra experiencia en ciclovías' }).waitFor();
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'knowledge-exchange-1280');

  const graphChunk = page.waitForResponse((r) => /GraphChart.*\.js$/.test(r.url()));
  await page.getByRole('navigation', { name: 'Secciones del conocimiento compartido' }).getByRole('link', { name: 'Red de relaciones' }).click();
  await graphChunk;
  await page.getByTestId('graph-chart').locator('svg').waitFor();
  const nodes = page.getByTestId('graph-nodes').getByRole('link');
  assert.ok(await nodes.count() > 1);
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  await screenshot(page, 'knowledge-graph-1280');
  assert.deepEqual(errors.filter((e) => !e.includes('422')), [], 'only the refused empty post failed');
});

it('keeps ECharts out of the first page: the home page loads no chart code', async () => {
  const { page } = await app.newPage({ viewport: PHONE });
  const scripts: string[] = [];
  page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.push(r.url()); });
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#search-q').waitFor();
  const bodies = await Promise.all(scripts.map(async (url) => (await page.context().request.get(url)).text()));
  assert.ok(bodies.every((body) => !body.includes('forceLayout') && !body.includes('echarts')), 'no ECharts in the first page');
});

it('fits every knowledge page in 360 px without sideways scrolling, in English, with no serious axe violation', async () => {
  const testPage = await app.newPage({ viewport: PHONE });
  const { page } = testPage;
  await signInBrowser(app, testPage, 'editor.cuenca@demo.glocal.ec');
  await page.goto(`${app.baseUrl}/knowledge`);
  await page.getByTestId('language-select').selectOption('en');
  for (const [path, name, ready] of [
    ['/knowledge/peers?theme=heritage', 'peers', 'peer-list'],
    ['/knowledge/exchange', 'exchange', 'exchange-list'],
    ['/knowledge/graph?gad=1701', 'graph', 'graph-nodes'],
  ] as const) {
    await page.goto(`${app.baseUrl}${path}`);
    await page.getByTestId(ready).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits 360 px`);
    assert.equal(await page.getByText(/^knowledge\./).count(), 0, 'no raw keys');
    assert.deepEqual(await seriousAccessibilityViolations(page), [], name);
    await screenshot(page, `knowledge-${name}-360`);
  }
});
