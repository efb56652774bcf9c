// Settings in Chromium: a malformed Stripe key is refused with main's message, a good
// one is saved (and never shown back), tested against the local Stripe server through
// the official SDK, and removed after a confirm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startStripeServer, type StripeTestServer } from '../servers/stripe';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
let stripe: StripeTestServer;
let app: AppSession;

beforeAll(async () => {
  browser = await launchBrowser();
  stripe = await startStripeServer();
  app = await openApp(browser, { endpoints: { stripe: { host: stripe.host, port: stripe.port, protocol: 'http' } } });
});
afterAll(async () => {
  await app?.close();
  await stripe?.close();
  await browser?.close();
});

describe('Settings in Chromium', () => {
  it('refuses a malformed key, saves, tests and removes a Stripe key', async () => {
    const { page } = app;
    await page.click('[data-testid="nav-settings"]');
    const card = page.locator('[data-testid="credential-stripe"]');
    await card.waitFor();
    await app.screenshot('settings-empty');

    await page.fill('[data-testid="stripe-key"]', 'pk_test_notasecretkey');
    await page.click('[data-testid="save-stripe"]');
    const error = card.locator('[data-testid="credential-error"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Not saved/);
    expect(await card.locator('[data-testid="credential-status"]').textContent()).toContain('Not connected');
    await app.screenshot('settings-stripe-invalid');

    await page.fill('[data-testid="stripe-key"]', stripe.keys.secret);
    await page.click('[data-testid="save-stripe"]');
    await card.locator('[data-testid="credential-status"]', { hasText: 'Connected' }).waitFor();
    expect(await page.locator('[data-testid="stripe-key"]').count()).toBe(0);
    await page.click('[data-testid="replace-stripe"]');
    expect(await page.inputValue('[data-testid="stripe-key"]')).toBe('');
    await page.click('text=Keep the current one');
    const text = (await card.textContent()) ?? '';
    expect(text).not.toContain(stripe.keys.secret);
    expect(text).toContain(stripe.keys.secret.slice(-4));

    await page.click('[data-testid="test-stripe"]');
    const report = card.locator('[data-testid="test-report"]');
    await report.waitFor({ timeout: 20_000 });
    expect(await report.textContent()).toContain('Connection works');
    await app.screenshot('settings-stripe-tested');

    // With a key stored, the account syncs from the local Stripe server.
    await page.click('[data-testid="nav-sync"]');
    const account = page.locator('[data-testid="section-sync"] li[data-testid^="sync-stripe"]');
    await account.waitFor();
    await account.locator('button', { hasText: 'Sync now' }).click();
    await account.locator('.state', { hasText: /Up to date|Last sync failed/ }).waitFor({ timeout: 30_000 });
    await account.locator('.progress').waitFor({ state: 'detached', timeout: 30_000 });
    await app.screenshot('sync-stripe');
    expect(app.host.calls.map((c) => c.channel)).toContain('sync:now');
    await page.click('[data-testid="nav-settings"]');
    await card.waitFor();

    await page.click('[data-testid="remove-stripe"]');
    await app.screenshot('settings-stripe-confirm-remove');
    await page.click('[data-testid="confirm-remove-stripe"]');
    await card.locator('[data-testid="credential-status"]', { hasText: 'Not connected' }).waitFor();
    expect(app.host.calls.map((c) => c.channel)).toEqual(expect.arrayContaining(['credentials:set', 'credentials:test', 'credentials:remove']));
  });
});
