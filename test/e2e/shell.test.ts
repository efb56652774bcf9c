import { describe, expect, it } from 'vitest';
import { sections } from '../../src-renderer/src/sections';
import { sharedApp } from './browser';

const shared = sharedApp();

describe('the app shell in Chromium', () => {
  it('signals ready and was served the strict CSP', async () => {
    expect(await shared.app.page.getAttribute('#app', 'data-app-state')).toBe('ready');
    const csp = await shared.app.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('clicks through every section and saves a screenshot of each', async () => {
    for (const section of sections) {
      await shared.app.page.click(`[data-testid="nav-${section.name}"]`);
      await shared.app.page.locator(`[data-testid="section-${section.name}"]`).waitFor();
      expect(await shared.app.page.locator('h1').first().textContent()).toBe(section.label);
      await shared.app.screenshot(`shell-${section.name}`);
    }
    expect(shared.app.host.calls.map((c) => c.channel)).toContain('app:info');
  });

  it('shows offline when main says so', async () => {
    shared.app.services.online.set(false);
    await shared.app.page.locator('[data-testid="online-indicator"].off').waitFor();
    expect(await shared.app.page.textContent('[data-testid="online-indicator"]')).toMatch(/Offline: showing cached data from/);
    await shared.app.screenshot('shell-offline');
    shared.app.services.online.set(true);
    await shared.app.page.locator('[data-testid="online-indicator"]:not(.off)').waitFor();
  });
});
