import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sections } from '../../src-renderer/src/sections';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
let app: AppSession;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await openApp(browser);
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

describe('the app shell in Chromium', () => {
  it('signals ready and was served the strict CSP', async () => {
    expect(await app.page.getAttribute('#app', 'data-app-state')).toBe('ready');
    const csp = await app.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('clicks through every section and saves a screenshot of each', async () => {
    for (const section of sections) {
      await app.page.click(`[data-testid="nav-${section.name}"]`);
      await app.page.locator(`[data-testid="section-${section.name}"]`).waitFor();
      expect(await app.page.locator('h1').first().textContent()).toBe(section.label);
      await app.screenshot(`shell-${section.name}`);
    }
    expect(app.host.calls.map((c) => c.channel)).toContain('app:info');
  });

  it('shows offline when main says so', async () => {
    app.services.online.set(false);
    await app.page.locator('[data-testid="online-indicator"].off').waitFor();
    expect(await app.page.textContent('[data-testid="online-indicator"]')).toMatch(/Offline: showing cached data from/);
    await app.screenshot('shell-offline');
    app.services.online.set(true);
    await app.page.locator('[data-testid="online-indicator"]:not(.off)').waitFor();
  });
});
