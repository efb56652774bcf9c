// Screenshots for the closing note (before/after): the refund dialog, a pending
// refund on the timeline, the customer page at 1024 px. Runs only with SHOTS_DIR set.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src-main/db/ingest';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import { makeServiceAccount } from '../servers/google/oauth';
import { startGoogleServer } from '../servers/google/server';
import { launchBrowser, openApp } from './browser';

const dir = process.env['SHOTS_DIR'];
const tag = process.env['SHOTS_TAG'] ?? 'after';

describe.runIf(!!dir)('screenshots for the closing note', () => {
  it('takes the refund dialog, a pending refund and the 1024 px customer page', async () => {
    const browser = await launchBrowser();
    const sa = makeServiceAccount();
    const google = await startGoogleServer({ serviceAccount: sa, packageName: 'com.example.app' });
    const app = await openApp(browser, { viewport: { width: 1024, height: 768 }, endpoints: { google: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl } } });
    try {
      const { page } = app;
      const handler = app.services.handlers['credentials:set'] as (r: unknown, c: unknown) => Promise<unknown>;
      await handler({ store: 'google', serviceAccountJson: sa.json, packageName: 'com.example.app' }, app.services.context);
      ingest(app.services.workspace.db, {
        purchases: [],
        events: [{
          store: 'stripe', purchaseKey: DEMO_JANE.stripePaymentIntent, type: 'refund', occurredAt: Date.now() - 60_000, source: 'store_api',
          dedupeKey: 'shots:pending', amountMinor: 499, currency: 'USD', orderId: 'ch_DemoJane0001',
          detail: { refundKind: 'partial', status: 'pending', reason: 'requested_by_customer', detectedVia: 'stripe_events', storeRef: 're_DemoJane0003' },
        }],
      });
      await page.goto(`${app.host.url}/#/customers`);
      await page.getByTestId('customer-search').fill(DEMO_JANE.email);
      await page.locator('[role="option"]').first().waitFor();
      await page.getByTestId('customer-search').press('Enter');
      await page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(dir!, `${tag}-customer-1024.png`) });
      await page.setViewportSize({ width: 1360, height: 860 });
      const pending = page.locator('[data-testid="timeline"] [data-type="refund"]').first();
      await pending.locator('button.line').click();
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(dir!, `${tag}-pending-refund.png`) });
      const panel = page.locator('[data-store="google"]').first();
      await panel.getByTestId('refund-button').waitFor();
      await page.waitForTimeout(800);
      if (await panel.getByTestId('refund-button').isEnabled()) {
        await panel.getByTestId('refund-button').click();
        await page.getByTestId('refund-dialog').waitFor();
        await page.waitForTimeout(800);
      }
      await page.screenshot({ path: join(dir!, `${tag}-refund-dialog.png`) });
      const revoke = page.locator('[data-testid="refund-option-refund_and_revoke:full"] input');
      if (await revoke.count()) {
        await revoke.check();
        await page.waitForTimeout(500);
        await page.getByTestId('refund-note').fill('double charge');
        await page.keyboard.press('Escape');
        await page.waitForTimeout(200);
        await page.screenshot({ path: join(dir!, `${tag}-refund-dialog-revoke.png`) });
      }
      expect(true).toBe(true);
    } finally {
      await app.close().catch(() => undefined);
      await google.close();
      await browser.close();
    }
  });
});
