// The store profiles: one table of rules, read by main's policy and by the renderer.
import { describe, expect, it } from 'vitest';
import { pastRefundAge, refundShapes, refundWindowEnd, STORE_PROFILES } from '../../../src-main/domain/profiles';
import { REFUND_REASONS } from '../../../src-main/domain/refunds';
import { STORES } from '../../../src-main/ipc/vocabulary';

const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);

describe('store profiles', () => {
  it('Google refunds until 3 calendar years after the order, not 1,095 days', () => {
    // androidpublisher v3 orders.refund: "Orders older than 3 years cannot be refunded."
    const paid = at(2023, 3, 1, 10);
    expect(refundWindowEnd('google', paid)).toBe(at(2026, 3, 1, 10));
    // 1,095 days after 1 Mar 2023 is 28 Feb 2026 (2024 is a leap year): still refundable
    expect(pastRefundAge('google', paid, paid + 1095 * 86_400_000 + 3_600_000)).toBe(false);
    expect(pastRefundAge('google', paid, at(2026, 3, 1, 10))).toBe(false);
    expect(pastRefundAge('google', paid, at(2026, 3, 1, 10) + 1)).toBe(true);
    // a leap-day order: the window ends on 28 Feb, the earlier of the two readings
    expect(refundWindowEnd('google', at(2024, 2, 29, 12))).toBe(at(2027, 2, 28, 12));
    expect(refundWindowEnd('stripe', paid)).toBeNull();
    expect(pastRefundAge('stripe', at(2010, 1, 1), at(2026, 1, 1))).toBe(false);
  });

  it('Apple and Amazon: no refund from the console, the customer\u2019s way and a ready reply', () => {
    for (const store of ['apple', 'amazon'] as const) {
      const p = STORE_PROFILES[store];
      expect([p.canRefund, p.refundModes.length, p.reasons.offered.length, refundShapes(store, 'subscription').length]).toEqual([false, 0, 0, 0]);
      expect(p.reply?.({ productId: 'pro_yearly', orderId: 'MQ7T2K9PLX' })).toContain('pro_yearly');
    }
    expect(STORE_PROFILES.apple.procedure).toMatch(/reportaproblem\.apple\.com.*HT204084/);
    expect(STORE_PROFILES.apple.reply?.({ productId: 'p', orderId: 'MQ7T2K9PLX' })).toContain('order ID MQ7T2K9PLX');
    expect(STORE_PROFILES.amazon.procedure).toMatch(/Amazon customer service/);
    expect(STORE_PROFILES.amazon.caveat).toMatch(/cannot be told apart from a cancellation/);
    expect(STORE_PROFILES.amazon.access.cancellationMayHideRefund).toBe(true);
    expect(STORE_PROFILES.apple.access.refundRevokes).toBe(true);
  });

  it('reasons: Stripe receives its three; Google takes none, so they stay in the console', () => {
    expect(STORE_PROFILES.stripe.reasons).toMatchObject({ offered: REFUND_REASONS, sentToStore: true });
    expect(STORE_PROFILES.google.reasons.sentToStore).toBe(false);
    expect(STORE_PROFILES.google.reasons.note).toMatch(/takes no refund reason/);
  });

  it('modes and amounts: Stripe partial everywhere, revoke only for subscriptions; Google whole orders, prorated only on revoke', () => {
    expect(refundShapes('stripe', 'one_time').map((s) => `${s.mode}/${s.refundKind}`)).toEqual(['refund/full', 'refund/partial']);
    expect(refundShapes('stripe', 'subscription').some((s) => s.mode === 'refund_and_revoke' && s.refundKind === 'partial')).toBe(true);
    expect(STORE_PROFILES.google.partialAmounts).toBe(false);
    expect(STORE_PROFILES.google.revoke.notLatest).toMatch(/latest order/);
    expect(STORE_PROFILES.google.revoke.ended).toMatch(/only an active subscription/);
    expect(STORE_PROFILES.stripe.revoke.warning).toMatch(/cancelled first, then the payment is refunded/);
    expect([STORE_PROFILES.google.consumedWarning, STORE_PROFILES.stripe.consumedWarning]).toEqual([expect.stringMatching(/app must take back/), null]);
    const google = [...refundShapes('google', 'subscription'), ...refundShapes('google', 'one_time')];
    expect(google.filter((s) => s.refundKind === 'prorated').map((s) => s.mode)).toEqual(['refund_and_revoke']);
    expect(google.some((s) => s.refundKind === 'partial')).toBe(false);
    for (const store of STORES) {
      const p = STORE_PROFILES[store];
      expect(p.store).toBe(store);
      expect(p.detection.sees.length).toBeGreaterThan(0);
      expect(p.detection.cannotSee.length).toBeGreaterThan(0);
      for (const kind of ['subscription', 'one_time', 'consumable'] as const) {
        expect(p.policyLine[kind].length).toBeGreaterThan(0);
        for (const s of refundShapes(store, kind)) expect(p.refundModes).toContain(s.mode);
      }
    }
  });
});
