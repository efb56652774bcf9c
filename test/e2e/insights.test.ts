// Insights in Chromium over a cache filled through ingest(): the charts are drawn
// (canvas pixels, not only elements), with a table under each; light and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingest } from '../../src-main/db/ingest';
import type { EventInput, PurchaseInput } from '../../src-main/stores/types';
import { ev, purchase } from '../support/batches';
import { launchBrowser, openApp, type AppSession } from './browser';

let browser: Browser;
const DAY = 86_400_000;

function seed(app: AppSession) {
  const now = Date.now();
  const purchases: PurchaseInput[] = [];
  const events: EventInput[] = [];
  const stores = ['stripe', 'google', 'apple', 'amazon'] as const;
  for (let i = 0; i < 120; i++) {
    const store = stores[i % 4]!;
    const key = `e2e_${i}`;
    const at = now - ((i * 3) % 330) * DAY - DAY;
    purchases.push(purchase(store, key, { purchasedAt: at, priceMinor: 999, currency: i % 5 ? 'USD' : 'EUR' }));
    events.push(ev(store, key, 'purchase', at, { amountMinor: 999, currency: i % 5 ? 'USD' : 'EUR', orderId: key }));
    if (i % 3 === 0) {
      events.push(ev(store, key, 'refund', Math.min(now - 1000, at + (i % 40) * DAY), {
        amountMinor: 999, currency: i % 5 ? 'USD' : 'EUR', orderId: key,
        detail: { reason: ['requested by customer', 'duplicate', 'fraudulent'][i % 3 === 0 ? (i / 3) % 3 : 0] },
      }));
    }
    if (i % 17 === 0) {
      events.push(ev(store, key, 'dispute_opened', at + 2 * DAY, { amountMinor: 999, currency: 'USD' }));
      events.push(ev(store, key, i % 2 ? 'dispute_won' : 'dispute_lost', at + 20 * DAY > now ? now - 1 : at + 20 * DAY, { amountMinor: 999, currency: 'USD' }));
    }
  }
  ingest(app.services.workspace.db, { purchases, events });
}

/** The slice of a canvas this file reads (the node tsconfig has no DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

async function chartsDrawn(app: AppSession): Promise<number[]> {
  // Counts non-transparent pixels of every chart canvas.
  return app.page.$$eval('[data-testid="section-insights"] canvas', (canvases) =>
    canvases.map((c) => {
      const canvas = c as unknown as CanvasLike;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    }),
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('Insights in Chromium', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`draws every chart with a table under it (${scheme})`, async () => {
      const app = await openApp(browser, { colorScheme: scheme, viewport: { width: 1360, height: 1100 } });
      try {
        seed(app);
        await app.page.click('[data-testid="nav-insights"]');
        await app.page.locator('[data-testid="section-insights"][data-state="ready"]').waitFor();
        await app.page.locator('[data-testid="insight-refunds"] canvas').waitFor();
        const painted = await chartsDrawn(app);
        expect(painted.length).toBe(6);
        for (const p of painted) expect(p).toBeGreaterThan(500);
        expect(await app.page.locator('[data-testid="insight-refund_rate"] tbody tr').count()).toBeGreaterThan(3);
        expect(await app.page.textContent('[data-testid="insight-reasons"] table')).toContain('requested by customer');
        await app.screenshot(`insights-${scheme}`);
        await app.page.locator('[data-testid="insight-disputes"]').scrollIntoViewIfNeeded();
        await app.screenshot(`insights-${scheme}-lower`);

        await app.page.selectOption('select[aria-label="Store"]', 'google');
        await app.page.locator('[data-testid="section-insights"][data-state="ready"]').waitFor();
        const last = app.host.calls.filter((c) => c.channel === 'insights:get').at(-1)!.payload as { store: string };
        expect(last.store).toBe('google');
      } finally {
        await app.close();
      }
    });
  }
});
