import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startBrowserApp, type BrowserApp } from '../testing/browser.ts';
import { EXACT_COUNT_LIMIT } from '../../server/features/actions/queries.ts';

let app: BrowserApp;
before(async () => {
  app = await startBrowserApp();
  await sql`INSERT INTO action (gad_id, type, title, start_date, visibility)
    SELECT (SELECT id FROM gad WHERE dpa_code = '1701'), 'participation', 'Feria zumbaqueta ' || n, make_date(2040, 1, 1) + (n % 300), 'public'
    FROM generate_series(1, ${EXACT_COUNT_LIMIT + 50}) n`.execute(app.database.db);
});
after(() => app.close());

it('tells a visitor whose search matches more than the counted bound that there are "more than" that many', async () => {
  const { page } = await app.newPage();
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#search-q').fill('zumbaqueta');
  const searched = page.waitForResponse((r) => r.url().includes('/api/actions?') && r.url().includes('q=zumbaqueta'));
  await page.keyboard.press('Enter');
  await searched;
  await page.getByTestId('result-list').locator(':scope > li').first().waitFor();
  const heading = await page.locator('#results-title').innerText();
  assert.match(heading, /^Más de 1.?000 resultados$/, heading);
  assert.match(await page.getByTestId('counts-bounded').innerText(), /primeros 1.?000 resultados/);
});
