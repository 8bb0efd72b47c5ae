import { it } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, screenshot, seriousAccessibilityViolations } from '../testing/browser.ts';
import { ADMIN, app, bodyText, each, found, open, pages, RAW_KEY, ready, TEXTS, uiTexts, untranslated } from './main-pages.ts';

it('has no serious or critical axe-core violation on any main page, signed in and anonymous, at 1280 and 360 px (screenshots in Spanish)', async () => {
  const problems: string[] = [];
  for (const target of pages()) {
    for (const who of target.who ? [target.who] : [null, 'editor.quito@demo.glocal.ec']) {
      for (const [label, viewport] of [['1280', DESKTOP], ['360', PHONE]] as const) {
        // axe at both widths for the page as its audience sees it; the signed-in view of public pages at 1280.
        if (label === '360' && who !== target.who) continue;
        await each(problems, `${target.name} ${who ?? 'anonymous'} ${label}`, async () => {
          const { page, context, externalRequests } = await open(who, viewport);
          await page.goto(`${app.baseUrl}${target.path}`);
          await ready(page);
          await screenshot(page, `${target.name}${who ? '-signed-in' : ''}-${label}`);
          for (const v of await seriousAccessibilityViolations(page)) problems.push(`${target.name} ${who ?? 'anonymous'} ${label}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.slice(0, 3).join(', ')}`);
          if (label === '360') {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (overflow > 1) problems.push(`${target.name} ${who ?? 'anonymous'} 360: page is ${overflow}px wider than the screen`);
          }
          if (externalRequests.length) problems.push(`${target.name}: requests outside the site ${externalRequests.join(', ')}`);
          await context.close();
        });
      }
    }
  }
  assert.deepEqual(found, []);
});

