// What the agent reads at a glance, in Chromium: money and dates in a German agent's
// locale and Honolulu's zone, every refund status as its own badge, the sticky day header
// over 500 scroll positions, no cut title at 1024 px, Enter in the global search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingest } from '../../src-main/db/ingest';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import type { AppSession } from './browser';
import { launchBrowser, openApp } from './browser';
import { openJane } from './demoApp';
import { BENCH_EMAIL, seedHeavyTimeline } from './scrollBench';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const AT = Date.UTC(2026, 10, 14, 3, 0); // 14 Nov 03:00 UTC = 13 Nov 17:00 in Honolulu
const STATUSES = ['pending', 'succeeded', 'failed', 'canceled', 'reversed'] as const;

/** A customer whose Stripe payment has one refund in each status, all on AT. */
function seedRefundStatuses(app: AppSession) {
  const key = 'pi_BadgeTester01';
  ingest(app.services.workspace.db, {
    purchases: [{
      store: 'stripe', storeKey: key, productId: 'coin_pack', kind: 'one_time', environment: 'production', purchasedAt: AT - 86_400_000,
      priceMinor: 2999, currency: 'USD', expiresAt: null, autoRenew: null, ids: { stripe_payment_intent: key },
      customer: { appUserId: 'user_badges', email: 'badges@example.com', displayName: 'Badge Tester', ids: [{ kind: 'stripe_customer', value: 'cus_BadgeTester01' }] },
    }],
    events: STATUSES.map((status, k) => ({
      store: 'stripe' as const, purchaseKey: key, type: status === 'failed' ? ('refund_failed' as const) : status === 'reversed' ? ('refund_reversed' as const) : ('refund' as const),
      occurredAt: AT + k * 60_000, source: 'store_api' as const, dedupeKey: `badge:${status}`, amountMinor: 250, currency: 'USD', orderId: 'ch_BadgeTester01',
      detail: { refundKind: 'partial', status, detectedVia: 'stripe_events', storeRef: `re_Badge${k}`, reason: 'requested_by_customer' },
    })),
  });
}

async function openCustomer(app: AppSession, query: string) {
  const { page } = app;
  await page.goto(`${app.host.url}/#/customers`);
  await page.getByTestId('customer-search').fill(query);
  await page.locator('[role="option"]').first().waitFor();
  await page.getByTestId('customer-search').press('Enter');
  await page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
}

describe('the console tells the truth at a glance', () => {
  it('money and dates in de-DE and Pacific/Honolulu, with the zone in the timeline header', async () => {
    const app = await openApp(browser, { locale: 'de-DE', timezoneId: 'Pacific/Honolulu' });
    try {
      seedRefundStatuses(app);
      await openCustomer(app, 'badges@example.com');
      const { page } = app;
      expect(await page.getByTestId('timeline-zone').textContent()).toMatch(/times in (HST|GMT-10)/);
      expect(await page.getByTestId('timeline-zone').getAttribute('title')).toContain('Pacific/Honolulu');
      const pending = page.locator('[data-testid="timeline"] [role="listitem"]:has([data-refund-status="pending"])');
      expect(await pending.locator('.amount').textContent()).toBe('2,50\u00a0$');
      expect(await pending.locator('.title').textContent()).toBe('Partial refund of 2,50\u00a0$ pending');
      expect(await pending.locator('time').textContent()).toBe('17:00');
      expect(await page.getByTestId('timeline-sticky-day').textContent()).toBe('13. Nov. 2026');
      expect(await page.locator('[data-store="stripe"] .price').first().textContent()).toBe('29,99\u00a0$');
      await app.screenshot('truth-de-honolulu');
    } finally {
      await app.close();
    }
  });

  it('shows each refund status as its own badge; only a succeeded refund reads as refunded', async () => {
    const app = await openApp(browser);
    try {
      seedRefundStatuses(app);
      await openCustomer(app, 'badges@example.com');
      const { page } = app;
      for (const status of STATUSES) {
        const badge = page.locator(`[data-testid="timeline"] [data-refund-status="${status}"]`);
        await badge.first().waitFor();
        expect(await badge.first().textContent()).toBe(status.charAt(0).toUpperCase() + status.slice(1));
      }
      const titles = await page.locator('[data-testid="timeline"] .title').allTextContents();
      expect(titles.filter((t) => t.startsWith('Refunded'))).toEqual(['Refunded $2.50 (partial)']);
      expect(titles).toContain('Partial refund of $2.50 pending');
      expect(titles).toContain('Partial refund of $2.50 canceled');
      // the code is words on the row; the raw code only in the details
      const row = page.locator('[data-testid="timeline"] [role="listitem"]:has([data-refund-status="pending"])');
      expect(await row.locator('.source').textContent()).toContain('requested by the customer');
      expect(await row.locator('.source').textContent()).not.toContain('requested_by_customer');
      await row.locator('button.line').click();
      expect(await row.locator('[data-fact="reason"] code').textContent()).toBe('requested_by_customer');
      expect(await row.locator('[data-fact="storeRef"]').textContent()).toContain('re_Badge0');
      await app.screenshot('truth-refund-badges');
    } finally {
      await app.close();
    }
  });

  it('the sticky day header names the day of the first visible row at 500 scroll positions', async () => {
    const app = await openApp(browser);
    try {
      seedHeavyTimeline(app.services.workspace.db, { events: 10_000 });
      await openCustomer(app, BENCH_EMAIL);
      const { page } = app;
      let checked = 0;
      let seed = 7;
      const wrong: string[] = [];
      for (let i = 0; checked < 500 && i < 800; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const out = await page.evaluate(async (r) => {
          const scroller = document.querySelector<HTMLElement>('[data-testid="timeline"]')!;
          scroller.scrollTop = Math.floor(r * (scroller.scrollHeight - scroller.clientHeight));
          const frame = () => new Promise((done) => requestAnimationFrame(done));
          // The first row showing more than one pixel under the header, by geometry.
          const sample = () => {
            const header = document.querySelector('[data-testid="timeline-sticky-day"]');
            if (!header) return null;
            const line = header.getBoundingClientRect().bottom + 1;
            let under: Element | null = null;
            let best = Infinity;
            for (const el of scroller.querySelectorAll('.slot, .day:not(.sticky)')) {
              const r = el.getBoundingClientRect();
              if (r.bottom > line && r.top < best) {
                best = r.top;
                under = el;
              }
            }
            if (!under) return null;
            const time = under.querySelector('time');
            if (!under.classList.contains('day') && !time) return null;
            const day = under.classList.contains('day')
              ? under.textContent!.trim()
              : new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(time!.getAttribute('datetime')!));
            return { header: header.textContent!.trim(), day, top: scroller.scrollTop };
          };
          // The steady state: rows just scrolled in are measured within a frame or two.
          let last = JSON.stringify(null);
          for (let k = 0; k < 12; k++) {
            await frame();
            const now = JSON.stringify(sample());
            if (k >= 2 && now === last) break;
            last = now;
          }
          return JSON.parse(last) as { header: string; day: string; top: number } | null;
        }, seed / 2 ** 31);
        if (!out) continue;
        checked++;
        if (out.header !== out.day) wrong.push(`${out.top}: header ${out.header}, first row ${out.day}`);
      }
      expect(checked).toBeGreaterThanOrEqual(500);
      expect(wrong).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('at 1024 px the page reflows: no timeline title or filter is cut', async () => {
    const app = await openApp(browser, { viewport: { width: 1024, height: 768 } });
    try {
      await openJane(app);
      const { page } = app;
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] .title, [data-testid="section-customer"] .bar, [data-testid="customer-header"] .entitlement')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => el.textContent),
      );
      expect(cut).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      await app.screenshot('customer-1024');
    } finally {
      await app.close();
    }
  });

  it('Enter in the global search opens the top hit', async () => {
    const app = await openApp(browser);
    try {
      const { page } = app;
      await page.getByTestId('global-search').fill(DEMO_JANE.email);
      await page.getByTestId('global-search').press('Enter');
      await page.getByTestId('customer-header').waitFor();
      expect(await page.getByTestId('customer-header').textContent()).toContain('Jane Example');
    } finally {
      await app.close();
    }
  });
});
