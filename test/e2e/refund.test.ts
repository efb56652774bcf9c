// Refund flows from the customer page, against the real services and a local Stripe
// that speaks Stripe's wire format: the customer arrives through a real sync, the
// refund goes through the dialog, and the store counts the refunds it received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingest } from '../../src-main/db/ingest';
import { makeServiceAccount } from '../servers/google/oauth';
import { startGoogleServer, type GoogleTestServer } from '../servers/google/server';
import { createCustomer, createPayment, startStripeServer, type StripeTestServer } from '../servers/stripe';
import { launchBrowser, openApp, type AppSession } from './browser';
import { call as callMain, syncStripe } from './stripeApp';

let browser: Browser;
let app: AppSession;
let stripe: StripeTestServer;
let google: GoogleTestServer;
let googleOrders: string[] = [];
const EMAIL = 'riley.refund@example.com';
const PACKAGE = 'com.example.app';

/**
 * Google has no API that lists a developer's subscriptions: the cache learns them from the
 * app (import) and re-reads orders it knows. The test writes what the app would have
 * reported, with the same token and order IDs the local Play server holds.
 */
function seedGoogleSubscription() {
  const { token, orderIds } = google.account.addSubscription({ productId: 'pro_monthly', priceMinor: 899, currency: 'EUR', renewals: 1, externalAccountId: 'user_gwen_e2e' });
  googleOrders = orderIds;
  const orders = orderIds.map((id) => google.account.orders.get(id)!);
  const last = orders[orders.length - 1]!;
  ingest(app.services.workspace.db, {
    purchases: [{
      store: 'google', storeKey: token, productId: 'pro_monthly', kind: 'subscription', environment: 'production',
      purchasedAt: orders[0]!.createTime, priceMinor: 899, currency: 'EUR', expiresAt: last.servicePeriodEnd, autoRenew: true,
      ids: { google_order_id: orderIds[0]! },
      customer: { appUserId: 'user_gwen_e2e', email: 'gwen.google@example.com', displayName: 'Gwen Google', ids: [{ kind: 'google_purchase_token', value: token }] },
    }],
    events: orders.map((o, k) => ({
      store: 'google' as const, purchaseKey: token, type: k ? ('renewal' as const) : ('purchase' as const), occurredAt: o.createTime, source: 'store_api' as const,
      dedupeKey: `e2e:${o.orderId}`, amountMinor: 899, currency: 'EUR', orderId: o.orderId, detail: { expiresAt: o.servicePeriodEnd },
    })),
  });
}

const call = <C extends keyof AppSession['services']['handlers']>(channel: C, request: Parameters<AppSession['services']['handlers'][C]>[0]) => callMain(app, channel, request);

beforeAll(async () => {
  browser = await launchBrowser();
  stripe = await startStripeServer();
  const customer = createCustomer(stripe.account, { email: EMAIL, name: 'Riley Refund', metadata: { app_user_id: 'user_riley_e2e' } });
  createPayment(stripe.account, { customer: customer.id as string, amount: 2999, description: 'Lifetime unlock' });
  const sa = makeServiceAccount();
  google = await startGoogleServer({ serviceAccount: sa, packageName: PACKAGE });
  app = await openApp(browser, {
    endpoints: { stripe: { host: stripe.host, port: stripe.port, protocol: 'http' }, google: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl } },
  });
  await call('credentials:set', { store: 'stripe', secretKey: stripe.keys.secret });
  await call('credentials:set', { store: 'google', serviceAccountJson: sa.json, packageName: PACKAGE });
  await syncStripe(app);
  seedGoogleSubscription();
});
afterAll(async () => {
  await app?.close();
  await stripe?.close();
  await google?.close();
  await browser?.close();
});

// Refunds created (POST /v1/refunds); an update of one (POST /v1/refunds/re_…, e.g. its metadata) creates none.
/** The customer page of EMAIL, and its Stripe purchase panel. */
async function openStripePanel() {
  const { page } = app;
  await page.goto(`${app.host.url}/#/customers`);
  await page.getByTestId('customer-search').fill(EMAIL);
  await page.locator('[role="option"]').first().waitFor();
  await page.getByTestId('customer-search').press('Enter');
  return page.locator('[data-store="stripe"]').first();
}

/** The refund dialog on EMAIL's Stripe payment, partial `amount` chosen, confirm enabled. */
async function partialRefund(amount: string) {
  const panel = await openStripePanel();
  await panel.locator('[data-testid="refund-button"]:not([disabled])').waitFor();
  await panel.getByTestId('refund-button').click();
  const dialog = app.page.getByTestId('refund-dialog');
  await dialog.locator('[data-testid="refund-option-refund:partial"] input').check();
  await dialog.getByTestId('refund-amount').fill(amount);
  await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
  return { panel, dialog };
}

const refundPosts = () => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').length;

describe('refunds from the customer page in Chromium', () => {
  it('a Stripe partial refund: dialog, confirm, then the timeline and the figures updated', async () => {
    const { page } = app;
    const panel = await openStripePanel();
    await page.getByTestId('customer-header').waitFor();
    await panel.locator('[data-testid="refund-button"]:not([disabled])').waitFor();
    await panel.getByTestId('refund-button').click();

    const dialog = page.getByTestId('refund-dialog');
    await dialog.waitFor();
    await dialog.locator('[data-testid="refund-option-refund:partial"] input').check();
    await dialog.getByTestId('refund-amount').fill('5.00');
    await dialog.getByTestId('refund-note').fill('charged twice');
    // enabled only once main's summary for exactly these choices is in
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toBe('Refund $5.00');
    expect(await dialog.getByTestId('refund-summary').textContent()).toContain('Refund $5.00 of $29.99 (partial)');
    await app.screenshot('refund-stripe-dialog');

    const confirm = dialog.getByTestId('refund-confirm');
    await confirm.click();
    // a second click lands on a disabled or replaced button: still one refund at Stripe
    await confirm.click({ timeout: 300, force: true }).catch(() => undefined);
    await page.locator('[data-testid="refund-status"][data-status="succeeded"]').waitFor();
    expect(await dialog.getByTestId('refund-status').textContent()).toContain('Refunded $5.00');
    await app.screenshot('refund-stripe-result');
    expect(refundPosts()).toBe(1);

    await dialog.getByTestId('refund-close').click();
    const first = page.locator('[data-testid="timeline"] [role="listitem"]').first();
    await page.waitForFunction(() => /Refunded \$5\.00/.test(document.querySelector('[data-testid="timeline"] [role="listitem"]')?.textContent ?? ''));
    expect(await first.textContent()).toContain('charged twice');
    expect(await page.getByTestId('customer-figures').textContent()).toMatch(/Refunded\s*\$5\.00\s*\(1\)/);
    // a partial refund does not read as a full one
    expect(await page.getByTestId('entitlement').textContent()).toMatch(/Partly refunded on Stripe \(\$5\.00 of \$29\.99\)/);
    await app.screenshot('refund-stripe-timeline');
  });

  it('a Google subscription refund and revoke: access ends now', async () => {
    const { page } = app;
    await page.goto(`${app.host.url}/#/customers`);
    await page.getByTestId('customer-search').fill(googleOrders[1]!);
    await page.waitForFunction((id) => document.querySelector('[role="option"] mark')?.textContent === id, googleOrders[1]);
    await page.getByTestId('customer-search').press('Enter');
    await page.getByTestId('customer-header').waitFor();
    const panel = page.locator('[data-store="google"]').first();
    await panel.locator('[data-testid="refund-button"]:not([disabled])').waitFor();
    await panel.getByTestId('refund-button').click();

    const dialog = page.getByTestId('refund-dialog');
    await dialog.locator('[data-testid="refund-option-refund_and_revoke:full"] input').check();
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    // the destructive mode has its own labelled button
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toMatch(/^Refund and end access · (€8\.99|8,99\s?€)$/);
    expect(await dialog.getByTestId('refund-confirm').getAttribute('data-destructive')).toBe('true');
    // Google takes no reason: Stripe's reasons are not offered
    expect(await dialog.getByTestId('refund-reason').count()).toBe(0);
    expect(await dialog.getByTestId('refund-summary').textContent()).toContain('Access ends now; no more renewals');
    await app.screenshot('refund-google-dialog');
    await dialog.getByTestId('refund-confirm').click();
    await page.locator('[data-testid="refund-status"][data-status="succeeded"]').waitFor();
    expect(google.refundsPerformed).toBe(1);
    await dialog.getByTestId('refund-close').click();
    await page.waitForFunction(() => /access revoked/.test(document.querySelector('[data-testid="timeline"] [role="listitem"]')?.textContent ?? ''));
    expect(await page.getByTestId('entitlement').textContent()).toMatch(/Refunded on Google on .+, access revoked/);
    await app.screenshot('refund-google-timeline');
  });

  it('an answer lost on the way back: the unconfirmed refund stays on the purchase panel wherever the agent goes', async () => {
    const { page } = app;
    const { dialog } = await partialRefund('1.50');
    // Stripe performs the refund, then the connection drops before the answer arrives, on
    // the SDK's retries too (same Idempotency-Key): the outcome stays unknown.
    stripe.addFault({ fault: { kind: 'drop_after' }, method: 'POST', path: '/v1/refunds', times: 10 });
    await dialog.getByTestId('refund-confirm').click();
    await dialog.locator('[data-testid="refund-status"][data-status="unknown"]').waitFor({ timeout: 60_000 });
    expect(await dialog.getByTestId('refund-status').textContent()).toContain('Checking with Stripe');
    await dialog.getByTestId('refund-close').click();
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('section-audit').waitFor();
    await page.locator('[data-outcome="unknown"]').first().waitFor();
    expect(await page.locator('[data-outcome="unknown"] [data-col="amount"]').first().textContent()).toBe('$1.50');
    await page.goBack();
    const back = page.locator('[data-store="stripe"]').first();
    await back.getByTestId('refund-in-flight').waitFor();
    expect(await back.locator('[data-testid="refund-in-flight"] [data-refund-status]').first().getAttribute('data-refund-status')).toBe('unconfirmed');
    expect(await back.getByTestId('refund-in-flight').textContent()).toContain('$1.50');
    expect(await back.getByTestId('refund-button').isDisabled()).toBe(true);
    expect(await back.getByTestId('refund-off-reason').textContent()).toContain('not confirmed yet');
    await app.screenshot('refund-unconfirmed-panel');
    // Reconciling settles it with Stripe (same Idempotency-Key): the panel lets go of it.
    stripe.clearFaults();
    await call('refunds:reconcile', {});
    await back.getByTestId('refund-in-flight').waitFor({ state: 'detached' });
    // one key for the first refund of the first test, one for this one: never a new key for a retry
    const refunds = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(new Set(refunds.map((r) => r.idempotencyKey)).size).toBe(2);
  });

  it('a 500 from Stripe is not read as a refusal', async () => {
    const { dialog } = await partialRefund('1.00');
    stripe.addFault({ fault: { kind: 'server_error' }, method: 'POST', path: '/v1/refunds', times: 10 });
    await dialog.getByTestId('refund-confirm').click();
    await dialog.getByTestId('refund-outcome').waitFor({ timeout: 60_000 });
    const words = (await dialog.getByTestId('refund-outcome').textContent())!;
    expect(words).not.toMatch(/refused/i);
    expect(words).toMatch(/did not answer properly|Checking with Stripe/);
    stripe.clearFaults();
    await dialog.getByTestId('refund-close').click();
    await call('refunds:reconcile', {});
  });

  it('offline: the Stripe refund is off with its reason', async () => {
    app.services.online.set(false);
    const panel = await openStripePanel();
    await panel.getByTestId('refund-off-reason').waitFor();
    expect(await panel.getByTestId('refund-off-reason').textContent()).toContain('Offline');
    expect(await panel.getByTestId('refund-button').isDisabled()).toBe(true);
    app.services.online.set(true);
    await panel.locator('[data-testid="refund-button"]:not([disabled])').waitFor();
  });
});
