// Scroll benchmark for the timeline (DESIGN.md §8): a customer with 100,000 events, the
// built renderer in Chromium with frame-rate limiting off (so a frame takes what it
// costs, not 16.7 ms of vsync), a scripted fling through the virtualized list while pages
// arrive by keyset cursor. Also the time from pressing Enter in search to the first
// timeline rows on screen. `npm run bench` calls runTimelineBench(); the e2e test calls
// it with fewer frames.
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src-main/db/connection';
import { ingest } from '../../src-main/db/ingest';
import type { EventInput } from '../../src-main/stores/types';
import { launchBrowser, openApp } from './browser';

export const BENCH_APP_USER_ID = 'user_scroll_100k';
export const BENCH_EMAIL = 'scroll.bench@example.net';
const DAY = 86_400_000;

/** Writes one Stripe customer with `events` timeline events (renewals, some refunds) into the workspace. */
export function seedHeavyTimeline(db: Db, opts: { events?: number; now?: number } = {}): { appUserId: string; events: number } {
  const n = opts.events ?? 100_000;
  const now = opts.now ?? Date.now();
  const key = 'sub_ScrollBench100k';
  const start = now - n * (DAY / 8);
  ingest(db, {
    purchases: [{
      store: 'stripe', storeKey: key, productId: 'hourly_plan', kind: 'subscription', environment: 'production', purchasedAt: start,
      priceMinor: 99, currency: 'USD', expiresAt: now + DAY, autoRenew: true, ids: {},
      customer: { appUserId: BENCH_APP_USER_ID, email: BENCH_EMAIL, displayName: 'Scroll Bench', ids: [{ kind: 'stripe_customer', value: 'cus_ScrollBench' }] },
    }],
    events: [],
  }, now);
  for (let from = 0; from < n; from += 10_000) {
    const events: EventInput[] = [];
    for (let k = from; k < Math.min(n, from + 10_000); k++) {
      const at = start + k * (DAY / 8);
      const refund = k % 97 === 96;
      events.push({
        store: 'stripe', purchaseKey: key, type: k === 0 ? 'purchase' : refund ? 'refund' : 'renewal', occurredAt: at, source: 'store_api',
        dedupeKey: `scroll:${k}`, amountMinor: 99, currency: 'USD', orderId: `in_Scroll${k}`,
        detail: refund ? { refundKind: 'full', detectedVia: 'stripe_events', reason: 'requested_by_customer' } : { expiresAt: at + DAY / 8 },
      });
    }
    ingest(db, { purchases: [], events }, now);
  }
  return { appUserId: BENCH_APP_USER_ID, events: n };
}

export interface ScrollResult {
  frames: number;
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Timeline rows loaded by the end of the fling (pages of 200 by keyset cursor). */
  eventsLoaded: number;
  /** DOM rows alive at the end: proves the list is virtualized. */
  domRows: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;

/** Flings the open timeline down by `pxPerFrame` for `frames` frames and records each frame's time. */
export async function measureTimelineScroll(page: Page, opts: { frames?: number; pxPerFrame?: number } = {}): Promise<ScrollResult> {
  const out = await page.evaluate(
    ({ frames, px }) =>
      new Promise<{ deltas: number[]; domRows: number }>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="timeline"]')!;
        const deltas: number[] = [];
        let last = performance.now();
        let i = 0;
        const step = (t: number) => {
          deltas.push(t - last);
          last = t;
          scroller.scrollTop += px;
          if (++i < frames) requestAnimationFrame(step);
          else resolve({ deltas: deltas.slice(2), domRows: scroller.querySelectorAll('[role="listitem"]').length });
        };
        requestAnimationFrame((t) => {
          last = t;
          requestAnimationFrame(step);
        });
      }),
    { frames: opts.frames ?? 600, px: opts.pxPerFrame ?? 300 },
  );
  const eventsLoaded = await page.evaluate(() => Number(document.querySelector('[data-testid="timeline"]')?.getAttribute('data-loaded') ?? 0));
  const sorted = [...out.deltas].sort((a, b) => a - b);
  return { frames: sorted.length, p50FrameMs: pct(sorted, 0.5), p95FrameMs: pct(sorted, 0.95), maxFrameMs: sorted[sorted.length - 1] ?? 0, eventsLoaded, domRows: out.domRows };
}

/** From Enter in the Customers search box to the first timeline row on screen, in ms. */
export async function measureSearchToTimeline(page: Page, baseUrl: string, query: string): Promise<number> {
  await page.goto(`${baseUrl}/#/customers`);
  const box = page.getByTestId('customer-search');
  await box.fill(query);
  await page.locator('[role="option"]').first().waitFor();
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="customer-search"]')!;
        const t0 = performance.now();
        const check = () => {
          if (document.querySelector('[data-testid="timeline"] [role="listitem"]')) resolve(performance.now() - t0);
          else requestAnimationFrame(check);
        };
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        requestAnimationFrame(check);
      }),
  );
}

/** Chromium with frame pacing off, so frame times measure work, not vsync. */
/** Chromium without frame-rate limiting or timer throttling: frame times are the page's own. */
function launchBenchBrowser(): Promise<Browser> {
  return launchBrowser(['--disable-gpu-vsync', '--disable-frame-rate-limit', '--disable-background-timer-throttling']);
}

/**
 * The whole bench: fresh demo workspace + a 100,000-event customer, search → timeline,
 * then the fling. Returns the two numbers `npm run bench -- --json` reports.
 */
export async function runTimelineBench(opts: { events?: number; frames?: number; searches?: number; pxPerFrame?: number } = {}): Promise<{
  timeline_scroll_p95_frame_ms: number;
  search_to_timeline_ms: number;
  detail: ScrollResult & { searchRunsMs: number[] };
}> {
  const browser = await launchBenchBrowser();
  const app = await openApp(browser);
  try {
    seedHeavyTimeline(app.services.workspace.db, { events: opts.events ?? 100_000 });
    const runs: number[] = [];
    for (let i = 0; i < (opts.searches ?? 5); i++) runs.push(await measureSearchToTimeline(app.page, app.host.url, BENCH_EMAIL));
    await app.page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
    const scroll = await measureTimelineScroll(app.page, { frames: opts.frames ?? 600, pxPerFrame: opts.pxPerFrame ?? 300 });
    const sortedRuns = [...runs].sort((a, b) => a - b);
    return {
      timeline_scroll_p95_frame_ms: Math.round(scroll.p95FrameMs * 10) / 10,
      search_to_timeline_ms: Math.round(pct(sortedRuns, 0.5) * 10) / 10,
      detail: { ...scroll, searchRunsMs: runs.map((r) => Math.round(r * 10) / 10) },
    };
  } finally {
    await app.close();
    await browser.close();
  }
}
