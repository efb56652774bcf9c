// A second refund of the same amount, in Chromium, against a local Stripe: the first
// partial refund goes through; the same amount again is flagged by main's preview, the
// dialog says so and offers "Refund $5.00 again", which sends allowRepeat: Stripe gets a
// second refund. The audit log then shows both with their amounts and the customer.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createCustomer, createPayment, startStripeServer, type StripeTestServer } from '../servers/stripe';
import { launchBrowser, openApp, type AppSession } from './browser';
import { openCustomerByEmail, openRefundDialog } from './demoApp';
import { call, syncStripe } from './stripeApp';

let browser: Browser;
let app: AppSession;
let stripe: StripeTestServer;
const EMAIL = 'robin.repeat@example.com';
const shots = process.env['SHOTS_DIR'];
const shot = (name: string) => (shots ? app.page.screenshot({ path: join(shots, `${name}.png`) }) : app.screenshot(name));

beforeAll(async () => {
  browser = await launchBrowser();
  stripe = await startStripeServer();
  const customer = createCustomer(stripe.account, { email: EMAIL, name: 'Robin Repeat', metadata: { app_user_id: 'user_robin_e2e' } });
  createPayment(stripe.account, { customer: customer.id as string, amount: 2999, description: 'Lifetime unlock' });
  app = await openApp(browser, { endpoints: { stripe: { host: stripe.host, port: stripe.port, protocol: 'http' } } });
  await call(app, 'credentials:set', { store: 'stripe', secretKey: stripe.keys.secret });
  await syncStripe(app);
});
afterAll(async () => {
  await app?.close();
  await stripe?.close();
  await browser?.close();
});

const refundPosts = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').length;

async function partialFive() {
  const dialog = await openRefundDialog(app, 'stripe');
  await dialog.locator('[data-testid="refund-option-refund:partial"] input').check();
  await dialog.getByTestId('refund-amount').fill('5.00');
  await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
  return dialog;
}

describe('a second refund of the same amount in Chromium', () => {
  it('is flagged, confirmed by its own button, sent with allowRepeat, and both show in the audit log with amounts', async () => {
    const { page } = app;
    await openCustomerByEmail(app, EMAIL);

    let dialog = await partialFive();
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toBe('Refund $5.00');
    expect(await dialog.getByTestId('refund-repeat').count()).toBe(0);
    await dialog.getByTestId('refund-confirm').click();
    await page.locator('[data-testid="refund-status"][data-status="succeeded"]').waitFor();
    await dialog.getByTestId('refund-close').click();
    expect(refundPosts()).toBe(1);

    dialog = await partialFive();
    await dialog.getByTestId('refund-repeat').waitFor();
    expect(await dialog.getByTestId('refund-repeat').textContent()).toMatch(/already refunded \$5\.00 of pi_\w+ on .+ \(re_\w+\)\./);
    const again = dialog.getByTestId('refund-confirm');
    expect((await again.textContent())?.trim()).toBe('Refund $5.00 again');
    await shot('refund-repeat-confirmation');
    await again.click();
    await page.locator('[data-testid="refund-status"][data-status="succeeded"]').waitFor();
    expect(refundPosts()).toBe(2);
    await dialog.getByTestId('refund-close').click();

    await page.click('[data-testid="nav-audit"]');
    const rows = page.locator('[data-testid="section-audit"] tbody tr[data-testid]');
    await rows.first().waitFor();
    const refunds = page.locator('[data-testid="section-audit"] tbody tr[data-outcome="succeeded"]');
    expect(await refunds.count()).toBe(2);
    for (const row of await refunds.all()) {
      expect((await row.locator('[data-col="amount"]').textContent())?.trim()).toBe('$5.00');
      expect((await row.locator('[data-col="customer"]').textContent())?.trim()).toMatch(/Robin Repeat|robin\.repeat@example\.com/);
    }
    await shot('audit-amounts');
  });
});
