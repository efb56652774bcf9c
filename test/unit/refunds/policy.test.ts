// The policy, rule by rule, as pure functions over facts.
import { describe, expect, it } from 'vitest';
import type { PaymentFacts, PurchaseFacts } from '../../../src-main/refunds/facts';
import { planRefund, refundOptions, type PolicyEnv, type RefundInput } from '../../../src-main/refunds/policy';
import { type DeskError } from '../../../src-main/ipc/define';

const NOW = Date.UTC(2026, 2, 1);
const DAY = 86_400_000;
const env: PolicyEnv = { now: NOW, online: true, configured: true };
const pay = (o: Partial<PaymentFacts> = {}): PaymentFacts => ({
  ref: 'GPA.1', paidAt: NOW - 10 * DAY, amountMinor: 1000, currency: 'USD', refundedMinor: 0, pendingMinor: 0, disputeOpen: false, dispute: null, chargedBack: false,
  periodEnd: NOW + 20 * DAY, latest: true, storeSourced: true, ...o,
});
const facts = (o: Partial<PurchaseFacts> = {}): PurchaseFacts => ({
  id: 1, store: 'google', storeKey: 'tok', productId: 'p', kind: 'subscription', purchasedAt: NOW - 10 * DAY, priceMinor: 1000, currency: 'USD',
  expiresAt: Date.UTC(2027, 2, 12), autoRenew: true, state: 'active', stateUntil: Date.UTC(2027, 2, 12), customerId: 1, ids: {}, payments: [pay()], consumed: false, ...o,
});
const input = (o: Partial<RefundInput> = {}): RefundInput => ({ purchaseId: 1, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer', ...o });
const refused = (f: () => unknown): DeskError => {
  try {
    f();
  } catch (e) {
    return e as DeskError;
  }
  throw new Error('not refused');
};

describe('refund policy', () => {
  it('Google subscription: prorated estimate from the unused period; refund only keeps access until the date', () => {
    const plan = planRefund(facts(), input({ mode: 'refund_and_revoke', refundKind: 'prorated' }), env);
    expect(plan.amountMinor).toBe(667);
    expect(plan.effect).toBe('Access ends now; no more renewals');
    expect(planRefund(facts(), input(), env).effect).toBe('Access unchanged until 12 Mar 2027; renewals continue');
  });
  it('refuses: 3 years, dispute, fully refunded, over the remaining amount, offline, not configured', () => {
    // 1 Mar 2023 to 1 Mar 2026 is 1,096 days and exactly 3 calendar years: Google still refunds it
    expect(planRefund(facts({ payments: [pay({ paidAt: NOW - 1096 * DAY })] }), input(), env).amountMinor).toBe(1000);
    expect(refused(() => planRefund(facts({ payments: [pay({ paidAt: NOW - 1097 * DAY })] }), input(), env)).message).toMatch(/3 years/);
    expect(refused(() => planRefund(facts({ payments: [pay({ disputeOpen: true })] }), input(), env)).message).toMatch(/under dispute/);
    expect(refused(() => planRefund(facts({ payments: [pay({ refundedMinor: 1000 })] }), input(), env)).message).toMatch(/already fully refunded/);
    const stripe = facts({ store: 'stripe', kind: 'one_time', payments: [pay({ ref: 'pi_1', refundedMinor: 400 })] });
    const e = refused(() => planRefund(stripe, input({ refundKind: 'partial', amountMinor: 601 }), env));
    expect([e.code, e.message]).toEqual(['invalid_input', expect.stringMatching(/remains refundable on pi_1: 6\.00 USD/)]);
    expect(planRefund(stripe, input({ refundKind: 'partial', amountMinor: 600 }), env).amountMinor).toBe(600);
    expect(refused(() => planRefund(stripe, input(), { ...env, online: false })).code).toBe('offline');
    expect(refused(() => planRefund(stripe, input(), { ...env, configured: false })).code).toBe('not_configured');
  });
  it('Apple and Amazon are refused with their procedure; Stripe one-time has no revoke', () => {
    expect(refused(() => refundOptions(facts({ store: 'apple' }), pay(), env)).code).toBe('not_allowed_by_store');
    expect(refused(() => planRefund(facts({ store: 'amazon' }), input(), env)).message).toMatch(/Amazon customer service/);
    const stripe = facts({ store: 'stripe', kind: 'one_time', payments: [pay({ ref: 'pi_1' })] });
    expect(refused(() => planRefund(stripe, input({ mode: 'refund_and_revoke' }), env)).code).toBe('not_allowed_by_store');
  });
});

describe('refund policy over ledger facts', () => {
  const stripe = (p: Partial<PaymentFacts>) => facts({ store: 'stripe', kind: 'one_time', payments: [pay({ ref: 'pi_1', ...p })] });
  it('an imported payment is never refunded from here, and the console says why', () => {
    const e = refused(() => planRefund(stripe({ storeSourced: false }), input(), env));
    expect([e.code, e.message]).toEqual(['not_allowed_by_store', expect.stringMatching(/pi_1 is known only from an imported file.*sync the store/)]);
  });
  it('an inquiry is not called a chargeback; is_charge_refundable lets a refund through with a warning', () => {
    const inquiry = { key: 'dp_1', status: 'warning_needs_response', inquiry: true, chargeRefundable: false } as const;
    expect(refused(() => planRefund(stripe({ disputeOpen: true, dispute: inquiry }), input(), env)).message).toMatch(/open inquiry.*no money was taken yet/);
    const chargeback = { key: 'dp_2', status: 'needs_response', inquiry: false, chargeRefundable: false } as const;
    expect(refused(() => planRefund(stripe({ disputeOpen: true, dispute: chargeback }), input(), env)).message).toMatch(/a chargeback is open/);
    const plan = planRefund(stripe({ disputeOpen: false, dispute: { ...inquiry, chargeRefundable: true } }), input(), env);
    expect(plan.warnings.join(' ')).toMatch(/An inquiry is open on pi_1.*Stripe still accepts a refund/);
  });
  it('a pending refund is not refunded yet but uses up what remains; all pending: wait for the store', () => {
    expect(planRefund(stripe({ refundedMinor: 300, pendingMinor: 200 }), input(), env).amountMinor).toBe(500);
    expect(refused(() => planRefund(stripe({ refundedMinor: 300, pendingMinor: 700 }), input(), env)).message).toMatch(/7\.00 USD is being refunded \(pending at the store\)/);
    const google = facts({ payments: [pay({ pendingMinor: 1000 })] });
    expect(refundOptions(google, google.payments[0]!, env).every((o) => !o.enabled)).toBe(true);
  });
  it('says why an option is off as data: a code with its amounts, times and IDs (the renderer words them)', () => {
    const offOf = (f: PurchaseFacts, e: PolicyEnv = env) => refundOptions(f, f.payments[0]!, e).map((o) => o.off ?? null);
    expect(offOf(facts(), { ...env, configured: false })[0]).toEqual({ code: 'not_configured', store: 'google' });
    expect(offOf(facts({ payments: [pay({ paidAt: NOW - 1097 * DAY })] }))[0]).toEqual({ code: 'too_old', store: 'google', paymentRef: 'GPA.1', at: NOW - 1097 * DAY, years: 3 });
    expect(offOf(facts({ payments: [pay({ refundedMinor: 600, pendingMinor: 400 })] }))[0]).toEqual({ code: 'pending_rest', store: 'google', paymentRef: 'GPA.1', amountMinor: 400, currency: 'USD' });
    // Google refunds whole orders: after a partial refund in the Play Console, "full" is off with what was taken
    const google = offOf(facts({ payments: [pay({ refundedMinor: 300 })] }));
    expect(google[0]).toEqual({ code: 'whole_orders_only', store: 'google', paymentRef: 'GPA.1', amountMinor: 300, currency: 'USD', where: 'the Play Console' });
    const older = offOf(facts({ payments: [pay({ latest: false })] }));
    expect(older[0]).toMatchObject({ code: 'store_rule', text: expect.stringContaining('latest order') });
    expect(older[2]).toBeNull();
    // the sentence for older readers no longer points at a screen that does not exist
    expect(refundOptions(facts(), pay(), { ...env, configured: false })[0]!.offReason).toBe('No Google Play credential is set. Add it in Settings to refund from the console.');
  });
});
