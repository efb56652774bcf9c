// The refund dialog in Chromium on a subscription with thousands of payments (issue 20):
// main lists the newest 50, the dialog says how many of how many with the purchase's totals,
// and the oldest payment (the only one the local Stripe really holds, outside the list) is
// found by its ID, previewed exactly, and refunded once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingest } from '../../src-main/db/ingest';
import { paymentFigures } from '../../src-main/db/ledgerFigures';
import type { EventInput } from '../../src-main/domain/model';
import { createCustomer, createSubscription, startStripeServer, type StripeTestServer } from '../servers/stripe';
import { launchBrowser, openApp, type AppSession } from './browser';
import { openCustomerByEmail, openRefundDialog } from './demoApp';
import { call, syncStripe } from './stripeApp';

let browser: Browser;
let app: AppSession;
let stripe: StripeTestServer;
const EMAIL = 'morgan.many@example.com';
const MANY = 5_000;
const shots = process.env['SHOTS_DIR'];
const shot = (name: string) => (shots ? app.page.screenshot({ path: join(shots, `${name}.png`) }) : app.screenshot(name));
let first: string;

beforeAll(async () => {
  browser = await launchBrowser();
  stripe = await startStripeServer();
  // The subscription's first invoice, paid 30 days ago at the local Stripe...
  stripe.account.clockOffset = -30 * 86_400;
  const customer = createCustomer(stripe.account, { email: EMAIL, name: 'Morgan Many', metadata: { app_user_id: 'user_morgan_e2e' } });
  const { subscription } = createSubscription(stripe.account, { customer: customer.id as string, amount: 700 });
  app = await openApp(browser, { endpoints: { stripe: { host: stripe.host, port: stripe.port, protocol: 'http' } } });
  await call(app, 'credentials:set', { store: 'stripe', secretKey: stripe.keys.secret });
  await syncStripe(app);
  stripe.account.clockOffset = 0;
  const db = app.services.workspace.db;
  const purchaseId = db.prepare('SELECT id FROM purchases WHERE store_key = ?').pluck().get(subscription.id) as number;
  first = paymentFigures(db, { purchaseId })[0]!.paymentKey;
  // ...then thousands of later renewals, as a sync would have stored them.
  const start = Date.now() - 20 * 86_400_000;
  const events: EventInput[] = [];
  for (let k = 0; k < MANY; k++) {
    events.push({
      store: 'stripe', purchaseKey: subscription.id as string, type: 'renewal', occurredAt: start + k * 300_000, source: 'store_api',
      dedupeKey: `many:${k}`, amountMinor: 700, currency: 'USD', orderId: `in_Many${k}`, detail: { expiresAt: start + (k + 1) * 300_000 },
    });
  }
  ingest(db, { purchases: [], events });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await stripe?.close();
  await browser?.close();
});

const refundPosts = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').length;

describe('refund dialog on a purchase with thousands of payments, in Chromium', () => {
  it('lists the newest 50 of all, and finds and refunds the oldest one by its ID exactly once', async () => {
    await openCustomerByEmail(app, EMAIL);
    const dialog = await openRefundDialog(app, 'stripe');
    const count = dialog.getByTestId('refund-payments-count');
    await count.waitFor();
    expect((await count.textContent())?.replace(/\s+/g, ' ')).toContain(`Listing the newest 50 of ${(MANY + 1).toLocaleString('en-US')} payments. All`);
    expect(await dialog.locator('[data-testid="refund-payment"] option').count()).toBe(50);
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    await shot('round4-refund-many-payments');

    await dialog.getByTestId('refund-find-payment').fill(first);
    await dialog.getByTestId('refund-find-submit').click();
    await dialog.locator(`[data-testid="refund-payment-ref"][title="${first}"]`).waitFor();
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toBe('Refund $7.00');
    expect((await count.textContent())?.replace(/\s+/g, ' ')).toContain(`, and the chosen payment ${first}.`);
    await shot('round4-refund-many-payments-found');

    await dialog.getByTestId('refund-confirm').click();
    await app.page.locator('[data-testid="refund-status"][data-status="succeeded"]').waitFor();
    expect(refundPosts()).toBe(1);
    const { intents } = (await call(app, 'refunds:list', { paymentRef: first })) as { intents: { status: string; amountMinor: number }[] };
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: 'succeeded', amountMinor: 700 });
  });
});
