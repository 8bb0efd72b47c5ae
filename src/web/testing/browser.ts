/**
 * Browser-test harness: the real server (built UI + API on a private database) listening on a
 * local port, driven by Debian's Chromium through playwright-core. Every page records requests
 * that try to leave localhost and aborts them, so a test can assert the UI works offline.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../server/testing/harness.ts';
import { DEMO_PASSWORD } from '../../server/testing/http.ts';
import type { AppOptions } from '../../server/app.ts';

const ROOT = join(import.meta.dirname, '../../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.GLOCAL_CHROMIUM ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

export interface BrowserApp extends TestApp {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies and storage), Spanish unless told otherwise. */
  newPage(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<TestPage>;
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page tried to fetch outside localhost (all were aborted). */
  externalRequests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export async function startBrowserApp(options: Partial<AppOptions> = {}): Promise<BrowserApp> {
  const served = await startTestApp({ loginPerMinute: 10_000, ...options });
  const address = await served.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    ...served,
    baseUrl: address,
    browser,
    async newPage(pageOptions = {}) {
      const context = await browser.newContext({ viewport: pageOptions.viewport ?? DESKTOP, locale: pageOptions.locale ?? 'es-EC' });
      const externalRequests: string[] = [];
      const errors: string[] = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
        externalRequests.push(url.href);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      return { page, context, externalRequests, errors };
    },
    async close() {
      await browser.close();
      await served.close();
    },
  };
}

/** Signs in through the UI's own API call, so the browser context holds the session cookie. */
export async function signInBrowser(app: BrowserApp, testPage: TestPage, email: string, password = DEMO_PASSWORD) {
  const response = await testPage.context.request.post(`${app.baseUrl}/api/auth/login`, { data: { email, password } });
  assert.equal(response.status(), 200, await response.text());
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string; help: string; targets: string[] }

/** Runs axe-core in the page; returns the serious and critical violations (WCAG 2 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
