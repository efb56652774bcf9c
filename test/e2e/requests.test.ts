// Refund requests in Chromium: Apple consumption requests synced into the cache, soonest
// deadline first, with a live countdown; an expired one says why it cannot be answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingest } from '../../src-main/db/ingest';
import { syncRefundRequests } from '../../src-main/refunds/consumption';
import { ev, purchase } from '../support/batches';
import { launchBrowser, openApp, type AppSession } from './browser';

const H = 3_600_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function seed(app: AppSession) {
  const now = Date.now();
  const db = app.services.workspace.db;
  const reqs = [
    { tx: '2000000900000001', requestedAt: now - 2 * H, product: 'coins_500' },
    { tx: '2000000900000002', requestedAt: now - 11.5 * H, product: 'pro_monthly' },
    { tx: '2000000900000003', requestedAt: now - 14 * H, product: 'coins_100' },
  ];
  ingest(db, {
    purchases: reqs.map((r) => purchase('apple', `orig_${r.tx}`, { productId: r.product, kind: 'consumable', purchasedAt: r.requestedAt - 24 * H, priceMinor: 499, currency: 'USD' })),
    events: reqs.map((r) =>
      ev('apple', `orig_${r.tx}`, 'consumption_request', r.requestedAt, {
        orderId: r.tx,
        detail: { transactionId: r.tx, deadlineAt: r.requestedAt + 12 * H, reason: 'UNINTENDED_PURCHASE' },
      }),
    ),
  });
  syncRefundRequests(db, now);
}

describe('Refund requests in Chromium', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`orders by deadline, counts down, and explains an expired request (${scheme})`, async () => {
      const app = await openApp(browser, { colorScheme: scheme });
      try {
        seed(app);
        await app.page.click('[data-testid="nav-requests"]');
        const cards = app.page.locator('[data-testid="section-requests"] li[data-testid^="request-"]');
        await cards.first().waitFor();
        const texts = await cards.allTextContents();
        // The demo workspace holds requests of its own; ours must keep their relative order.
        const at = (tx: string) => texts.findIndex((t) => t.includes(tx));
        const soon = at('2000000900000002');
        const later = at('2000000900000001');
        const expired = at('2000000900000003');
        expect(soon).toBeGreaterThanOrEqual(0);
        expect(soon).toBeLessThan(later);
        expect(later).toBeLessThan(expired);
        expect(texts[soon]).toMatch(/\d+ min \d\d s left/);
        expect(texts[later]).toMatch(/\d+ h \d\d min left/);
        expect(await cards.nth(expired).locator('form').count()).toBe(0);
        expect(texts[expired]).toMatch(/12-hour window|only within 12 hours/);
        for (let i = 1; i < texts.length; i++) {
          // every open request before every closed one
          if (/left/.test(texts[i]!)) expect(texts[i - 1]).toMatch(/left/);
        }
        const before = await cards.nth(soon).locator('[role="timer"]').textContent();
        await app.page.waitForTimeout(1100);
        expect(await cards.nth(soon).locator('[role="timer"]').textContent()).not.toBe(before);
        await app.screenshot(`requests-${scheme}`);
      } finally {
        await app.close();
      }
    });
  }
});
