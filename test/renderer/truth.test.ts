// The words and states that tell the truth: refund statuses, store codes in words, the
// modal refund dialog, a refund in flight kept on the purchase panel, errors by what happened.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PurchaseDto, TimelineEventDto } from '../../src-main/ipc/contract';
import type { DeskErrorDto } from '../../src-main/ipc/contract';
import { CallError } from '../../src-renderer/src/ipc/client';
import PurchasePanel from '../../src-renderer/src/components/customer/PurchasePanel.vue';
import RefundDialog from '../../src-renderer/src/components/refund/RefundDialog.vue';
import { rowRefundStatus } from '../../src-renderer/src/components/refund/status';
import { effectWords, errorWords, intentHeadline } from '../../src-renderer/src/components/refund/words';
import { eventSource, eventTitle } from '../../src-renderer/src/components/timeline/eventWords';
import { codeWords, mainWords, stepWords } from '../../src-renderer/src/words/codes';
import { createFakeDesk } from '../support/fakeDesk';
import { intent, stripePreview } from './refundFixtures';

const row = (over: Partial<TimelineEventDto> & { ledgerStatus?: string | null }): TimelineEventDto => ({
  id: 1, purchaseId: 1, store: 'stripe', type: 'refund', occurredAt: 0, seenAt: 0, source: 'store_api', amountMinor: 499, currency: 'USD', orderId: 'ch_1', detail: null, productId: 'p', ...over,
});

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('refund statuses', () => {
  it('reads the ledger first, then the store\'s status; only succeeded reads as refunded', () => {
    expect(rowRefundStatus(row({ detail: { status: 'pending' } }))).toBe('pending');
    expect(rowRefundStatus(row({ detail: { status: 'pending' }, ledgerStatus: 'succeeded' }))).toBe('succeeded');
    expect(rowRefundStatus(row({ detail: { status: 'canceled' } }))).toBe('canceled');
    expect(rowRefundStatus(row({ type: 'refund_failed' }))).toBe('failed');
    expect(rowRefundStatus(row({ type: 'refund_reversed' }))).toBe('reversed');
    expect(rowRefundStatus(row({}))).toBe('succeeded');
    expect(rowRefundStatus(row({ type: 'renewal' }))).toBeNull();
    expect(eventTitle(row({ detail: { status: 'pending', refundKind: 'partial' } }))).toBe('Partial refund of $4.99 pending');
    expect(eventTitle(row({ detail: { status: 'succeeded' } }))).toBe('Refunded $4.99');
  });
});

describe('plain words for store codes', () => {
  it('says the codes in words; store IDs stay exact', () => {
    expect(codeWords('REFUND_DECLINED')).toBe('Apple declined the refund request');
    expect(codeWords('expired_or_canceled_card')).toBe('the card was expired or canceled');
    expect(codeWords(1, 'cancelReason', 'amazon')).toMatch(/cancelled by the customer/);
    expect(codeWords('re_DemoJane0001')).toBeNull();
    expect(eventSource(row({ type: 'refund_failed', detail: { reason: 'expired_or_canceled_card', detectedVia: 'stripe_events' } }))).toBe('“the card was expired or canceled” · found through Stripe Events');
    expect(stepWords('subscriptionsv2.revoke with fullRefund: access ended, renewals stopped')).toBe('Google refunded the whole order and ended access; no more renewals');
    // main's step carried minor units as whole units: told from the intent's numbers
    expect(stepWords('Refunded 499 USD of pi_bob_pack (re_1, succeeded)', { amountMinor: 499, currency: 'USD' })).toBe('Refund re_1 of $4.99 on pi_bob_pack: succeeded');
    expect(mainWords('At most 19.99 USD remains. Add it in Settings → Stores.')).toBe('At most $19.99 remains. Add it in Settings.');
    // main's UTC day in the agent's own format, with its zone (not "paid on 14 Nov 2022" beside "Nov 13, 2022")
    expect(mainWords('paid on 14 Nov 2022')).toBe('paid on Nov 14, 2022 UTC');
  });

  it('errors say what happened: a 500 is not a refusal, a missing key says where to add it', () => {
    expect(errorWords(new DeskErrorLike('store_unavailable', 'Stripe answered 500'), 'stripe').headline).toBe('Stripe did not answer properly');
    expect(errorWords(new DeskErrorLike('store_refused', 'No such charge'), 'stripe').headline).toBe('Not refunded: Stripe refused');
    const missing = errorWords(new DeskErrorLike('not_configured', 'Add it in Settings → Stores'), 'google');
    expect(`${missing.message} ${missing.retry}`).toBe('No Google Play credential is set on this desktop. Add the credential in Settings, then try again.');
  });

  it('a failed intent that never reached the store is not "refused"', () => {
    expect(intentHeadline(intent({ status: 'failed', steps: ['never sent'] }))).toBe('Not refunded: never sent to the store');
    expect(intentHeadline(intent({ status: 'failed', steps: ['reconcile: the store shows no such refund'] }))).toBe('Not refunded: Stripe has no record of it');
    expect(intentHeadline(intent({ status: 'failed', steps: [] }))).toBe('Not refunded: Stripe refused');
  });

  it('after a revoke, refund only does not promise access or renewals', () => {
    const p = { id: 1, store: 'google' as const, productId: 'pro', kind: 'subscription', state: 'revoked', stateUntil: null, expiresAt: Date.UTC(2027, 2, 12), autoRenew: true };
    expect(effectWords({ mode: 'refund' }, p)).toBe('Access has already ended; this only sends money back.');
    expect(effectWords({ mode: 'refund' }, { ...p, state: 'active' })).toMatch(/^Access stays until .+; renewals continue\.$/);
  });
});

/** A failed call as the client builds it from `{ ok: false, error }`. */
const DeskErrorLike = class extends CallError {
  constructor(code: DeskErrorDto['code'], message: string) {
    super({ code, message });
  }
};

describe('the refund dialog is modal', () => {
  it('Escape asks before discarding typed input; the page behind is inert while open', async () => {
    vi.useFakeTimers();
    window.desk = createFakeDesk({ 'refunds:preview': (req) => stripePreview(req) }).desk;
    const behind = document.createElement('button');
    document.body.appendChild(behind);
    const w = mount(RefundDialog, { props: { purchase: { id: 7, store: 'stripe', productId: 'lifetime_unlock', kind: 'one_time' } }, attachTo: document.body });
    await flushPromises();
    await vi.advanceTimersByTimeAsync(200);
    expect(document.body.dataset['modal']).toBe('open');
    expect(behind.inert).toBe(true);
    await w.get('[data-testid="refund-note"]').setValue('double charge');
    await w.get('[data-testid="refund-dialog"]').trigger('keydown', { key: 'Escape' });
    expect(w.find('[data-testid="refund-discard"]').exists()).toBe(true);
    expect(w.emitted('close')).toBeUndefined();
    await w.get('[data-testid="refund-discard-confirm"]').trigger('click');
    expect(w.emitted('close')).toHaveLength(1);
    w.unmount();
    expect(behind.inert).toBe(false);
    expect(document.body.dataset['modal']).toBeUndefined();
    behind.remove();
    vi.useRealTimers();
  });
});

describe('a refund in flight stays on the purchase panel', () => {
  it('shows the unconfirmed refund with its badge, and the Refund button says why it is off', async () => {
    const p: PurchaseDto = {
      id: 7, store: 'stripe', storeKey: 'pi_DemoJane0001', productId: 'lifetime_unlock', kind: 'one_time', environment: 'production', purchasedAt: 0,
      priceMinor: 2999, currency: 'USD', expiresAt: null, autoRenew: null, ids: {}, state: 'active', stateUntil: null, stateReason: null, capabilities: null,
    };
    window.desk = createFakeDesk({
      'refunds:preview': (req) => stripePreview(req),
      'refunds:list': () => ({ intents: [intent({ status: 'unknown', amountMinor: 500 })] }),
    }).desk;
    const w = mount(PurchasePanel, { props: { purchase: p } });
    await flushPromises();
    expect(w.get('[data-testid="refund-in-flight"]').text()).toContain('Refund of $5.00');
    expect(w.get('[data-testid="refund-in-flight"] [data-refund-status]').attributes('data-refund-status')).toBe('unconfirmed');
    expect(w.get('[data-testid="refund-button"]').attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="refund-off-reason"]').text()).toContain('not confirmed yet');
  });
});
