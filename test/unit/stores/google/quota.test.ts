// What one full sync costs in Google queries, measured at the server, and what the console
// says when Google's quota is used up (quota.ts has the numbers for 10,000 subscriptions).
import { describe, expect, it } from 'vitest';
import { QuotaLimiter } from '../../../../src-main/stores/google/index';
import { nextMidnightPacific } from '../../../../src-main/stores/google/quota';
import { StoreError } from '../../../../src-main/stores/errors';
import { collect, context, DAY, harnessPerTest, refundRequest, type Harness } from './harness';

let h: Harness;
harnessPerTest((x) => (h = x));

const count = (h: Harness, what: string) => h.server.requests.filter((r) => r.includes(what)).length;

describe('Google quota', () => {
  it('one full sync of 1,000 cached subscriptions (6,000 orders), 34 of them due to renew: queries by kind', async () => {
    const a = h.server.account;
    const ids: string[] = [];
    const due: string[] = [];
    for (let i = 0; i < 1000; i++) {
      // 34 subscriptions' latest period ended a day ago (a renewal is due); the others' is half over
      const end = i < 34 ? h.clock.t - DAY : h.clock.t + 15 * DAY;
      const s = a.addSubscription({ renewals: 5, startTime: end - 6 * 30 * DAY });
      ids.push(...s.orderIds);
      if (i < 34) due.push(s.token);
    }
    for (const t of due) a.renew(t, { at: h.clock.t - DAY });
    await collect(h.adapter({ knownOrderIds: () => ids }).sync(null, context()));
    const q = { voided: count(h, 'voidedpurchases'), batchGet: count(h, 'orders:batchGet'), subscriptionsv2: count(h, 'subscriptionsv2'), total: h.server.requests.filter((r) => !r.startsWith('POST /token')).length };
    console.log(`Google queries for one full sync of 1,000 subscriptions / 6,000 orders / 34 renewals due: ${JSON.stringify(q)}`);
    expect(q.voided).toBe(1);
    // every known order (1,000 per step, ~208 IDs per URL: 5 calls a step), then the 34 new ones in one call
    expect(q.batchGet).toBe(6 * Math.ceil(1000 / 208) + 1);
    expect(q.subscriptionsv2).toBe(34);
    expect(h.server.maxUrlBytes).toBeLessThan(8192);
  });

  it('a 429 from the Play Developer API quota stops the sync in words that say whose quota and when it resumes', async () => {
    const { orderIds } = h.server.account.addSubscription({ renewals: 0 });
    h.server.faults.push({ fault: '429', match: 'orders:batchGet' });
    const err = await collect(h.adapter({ knownOrderIds: () => orderIds }).sync(null, context())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect((err as Error).message).toMatch(/^Google Play quota reached: orders\.batchGet: Resource has been exhausted.*shared by every desktop of the team.*resumes by itself/);
  });

  it('the daily Voided Purchases cap is said as such, before Google is asked', async () => {
    const quota = new QuotaLimiter({ now: h.clock.now, sleep: h.clock.sleep }, { perWindow: 30, windowMs: 30_000, perDay: 2 });
    await quota.take();
    await quota.take();
    const before = count(h, 'voidedpurchases');
    const err = await collect(h.adapter({ quota }).sync(null, context())).catch((e: unknown) => e);
    // Play Developer API, Quotas: Google's day ends at midnight Pacific time; the sync waits exactly that long.
    expect(err).toMatchObject({
      kind: 'quota',
      retryAfterMs: nextMidnightPacific(h.clock.t) - h.clock.t,
      message: expect.stringMatching(/daily Voided Purchases quota \(2 queries\) is used up.*midnight Pacific Time/),
    });
    expect(count(h, 'voidedpurchases')).toBe(before);
  });

  it('403 dailyLimitExceeded (the project\'s daily quota) stops the sync as quota, until midnight Pacific time', async () => {
    h.server.account.addOneTime();
    h.server.faults.push({ fault: '403_daily', match: 'voidedpurchases' });
    const err = await collect(h.adapter().sync(null, context())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    // a 403, but not a permission to fix: the kind is quota, retried when Google's day ends
    expect(err).toMatchObject({ kind: 'quota', status: 403, storeCode: 'dailyLimitExceeded', retryable: true, retryAfterMs: nextMidnightPacific(h.clock.t) - h.clock.t });
    expect((err as Error).message).toMatch(/^Google Play quota reached: .*Daily Limit Exceeded/);
  });

  it('403 dailyLimitExceeded on orders.refund: failed, nothing refunded (Google performed nothing); the next try refunds once', async () => {
    const { token, orderId } = h.server.account.addOneTime();
    h.server.faults.push({ fault: '403_daily', match: ':refund' });
    const adapter = h.adapter();
    const req = refundRequest({ paymentRef: orderId, purchaseKey: token });
    expect(await adapter.refund(req)).toMatchObject({ status: 'failed', code: 'dailyLimitExceeded', message: expect.stringContaining('Daily Limit Exceeded') });
    expect(h.server.refundsPerformed).toBe(0);
    expect(await adapter.reconcile(req)).toEqual({ status: 'not_found' });
    expect((await adapter.refundOnce(req)).status).toBe('succeeded');
    expect(h.server.refundsPerformed).toBe(1);
  });
});
