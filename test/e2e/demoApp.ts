// The demo workspace with store credentials set against local test servers, so the
// refund dialog opens on the demo's purchases (the previews read the cache; nothing is
// refunded in these tests). Not a test file itself.
import type { Browser } from 'playwright-core';
import { makeServiceAccount } from '../servers/google/oauth';
import { startGoogleServer, type GoogleTestServer } from '../servers/google/server';
import { startStripeServer, type StripeTestServer } from '../servers/stripe';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import { openApp, type AppSession, type OpenAppOptions } from './browser';

export interface DemoApp {
  app: AppSession;
  close(): Promise<void>;
}

export async function openDemoWithStores(browser: Browser, options: OpenAppOptions = {}): Promise<DemoApp> {
  const sa = makeServiceAccount();
  const google: GoogleTestServer = await startGoogleServer({ serviceAccount: sa, packageName: 'com.example.app' });
  const stripe: StripeTestServer = await startStripeServer();
  const app = await openApp(browser, {
    ...options,
    endpoints: { stripe: { host: stripe.host, port: stripe.port, protocol: 'http' }, google: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl } },
  });
  const set = app.services.handlers['credentials:set'] as (r: unknown, c: unknown) => Promise<unknown>;
  await set({ store: 'google', serviceAccountJson: sa.json, packageName: 'com.example.app' }, app.services.context);
  await set({ store: 'stripe', secretKey: stripe.keys.secret }, app.services.context);
  return {
    app,
    async close() {
      await app.close();
      await google.close();
      await stripe.close();
    },
  };
}

/** Opens a customer's page through the customers search, by email. */
export async function openCustomerByEmail(app: AppSession, email: string): Promise<void> {
  const { page } = app;
  await page.goto(`${app.host.url}/#/customers`);
  await page.getByTestId('customer-search').fill(email);
  await page.locator('[role="option"]').first().waitFor();
  await page.getByTestId('customer-search').press('Enter');
  await page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
}

/** Opens Jane's customer page through the customers search. */
export const openJane = (app: AppSession): Promise<void> => openCustomerByEmail(app, DEMO_JANE.email);

/** Opens the refund dialog of the first purchase of `store` on the open customer page. */
export async function openRefundDialog(app: AppSession, store: 'google' | 'stripe') {
  const { page } = app;
  const panel = page.locator(`[data-store="${store}"]`).first();
  await panel.locator('[data-testid="refund-button"]:not([disabled])').waitFor();
  await panel.getByTestId('refund-button').click();
  const dialog = page.getByTestId('refund-dialog');
  await dialog.locator('[data-testid="refund-confirm"]').waitFor();
  return dialog;
}
