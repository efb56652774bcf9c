// Audit log and Sync in Chromium: credential changes made in Settings appear in the
// audit log, filterable; Sync shows what to do when no store is connected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Audit log and Sync in Chromium', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`records credential changes and filters them (${scheme})`, async () => {
      const app = await openApp(browser, { colorScheme: scheme });
      const { page } = app;
      try {
        await page.click('[data-testid="nav-settings"]');
        await page.fill('[data-testid="stripe-key"]', 'sk_test_51AuditTrailKey0000000000000');
        await page.click('[data-testid="save-stripe"]');
        await page.locator('[data-testid="replace-stripe"]').waitFor();
        await page.click('[data-testid="remove-stripe"]');
        await page.click('[data-testid="confirm-remove-stripe"]');
        await page.locator('[data-testid="save-stripe"]').waitFor();

        await page.click('[data-testid="nav-audit"]');
        const rows = page.locator('[data-testid="section-audit"] tbody tr[data-testid]');
        await rows.first().waitFor();
        const all = (await rows.allTextContents()).join('\n');
        expect(all).toContain('Credential saved');
        expect(all).toContain('Credential removed');
        expect(all).not.toContain('AuditTrailKey');
        await app.screenshot(`audit-${scheme}`);

        await page.selectOption('select[aria-label="Action"]', 'refund');
        await page.locator('[data-testid="section-audit"] .empty').waitFor();
        expect(await page.textContent('[data-testid="section-audit"] .empty')).toContain('No entries match');

        await page.click('[data-testid="nav-sync"]');
        await page.locator('[data-testid="section-sync"]').waitFor();
        await page.locator('[data-testid="section-sync"] [aria-busy="true"]').waitFor({ state: 'detached' });
        await app.screenshot(`sync-${scheme}`);
      } finally {
        await app.close();
      }
    });
  }
});
