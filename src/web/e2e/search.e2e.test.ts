import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, screenshot, seriousAccessibilityViolations, startBrowserApp, type BrowserApp } from '../testing/browser.ts';

let app: BrowserApp;
before(async () => { app = await startBrowserApp(); });
after(() => app.close());

it('lets an anonymous visitor search "cultura", narrow to one year, and share the search by its URL', async () => {
  const { page, externalRequests, errors } = await app.newPage();
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#search-q').fill('cultura');
  const searched = page.waitForResponse((r) => r.url().includes('/api/actions?') && r.url().includes('q=cultura'));
  await page.keyboard.press('Enter');
  await searched;
  await page.waitForURL(/q=cultura/);
  const results = page.getByTestId('result-list').locator(':scope > li');
  await results.first().waitFor();
  const before = await results.count();
  assert.ok(before > 0, 'culture records are found');

  const yearFacet = page.getByTestId('facet-year');
  const firstYear = yearFacet.locator('input[type=checkbox]').first();
  const year = await firstYear.getAttribute('value');
  const narrowed = page.waitForResponse((r) => r.url().includes(`year=${year}`));
  await firstYear.click();
  await narrowed;
  await page.waitForURL(new RegExp(`year=${year}`));
  await results.first().waitFor();
  const dates = await page.getByTestId('result-list').innerText();
  assert.match(dates, new RegExp(String(year)), 'the narrowed results are of the chosen year');

  // The URL alone restores the same search in a new tab.
  const shared = await app.newPage();
  await shared.page.goto(page.url());
  await shared.page.getByTestId('result-list').locator(':scope > li').first().waitFor();
  assert.equal(await shared.page.getByTestId('result-list').innerText(), dates);
  assert.equal(await shared.page.locator('#search-q').inputValue(), 'cultura');

  await screenshot(page, 'search-cultura-1280');
  assert.deepEqual(await seriousAccessibilityViolations(page), []);
  const phone = await app.newPage({ viewport: PHONE });
  await phone.page.goto(page.url());
  await phone.page.getByTestId('result-list').locator(':scope > li').first().waitFor();
  await screenshot(phone.page, 'search-cultura-360');
  assert.deepEqual(externalRequests, []);
  assert.deepEqual(errors, []);
});
