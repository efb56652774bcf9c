// Why an option is off, worded in the renderer from main's data (codes, minor units,
// epoch ms), never by rewriting main's sentence; the sentence is the fallback of an older main.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import RefundDialog from '../../src-renderer/src/components/refund/RefundDialog.vue';
import { offWords, optionWarnings } from '../../src-renderer/src/components/refund/refusalWords';
import { formatDayZone } from '../../src-renderer/src/format';
import { createFakeDesk } from '../support/fakeDesk';
import { option, stripePreview } from './refundFixtures';

describe('refusal words from data', () => {
  it('formats amounts and days from the data, and falls back to main\u2019s sentence only without it', () => {
    const pending = { code: 'pending_rest' as const, store: 'google' as const, paymentRef: 'GPA.1', amountMinor: 400, currency: 'EUR' };
    expect(offWords({ off: pending, offReason: 'Payment GPA.1: 4.00 EUR is being refunded' })).toBe(
      '€4.00 of GPA.1 is being refunded (pending at the store) and the rest is already refunded. Wait for the store to settle it.',
    );
    const paidAt = Date.UTC(2022, 10, 14, 3);
    expect(offWords({ off: { code: 'too_old', store: 'google', paymentRef: 'GPA.2', at: paidAt, years: 3 }, offReason: 'x' })).toBe(
      `Google Play does not refund orders older than 3 years; GPA.2 was paid on ${formatDayZone(paidAt)}.`,
    );
    expect(offWords({ off: { code: 'not_configured', store: 'stripe' }, offReason: null })).toContain('Add it in Settings to refund');
    // an older main: its sentence, put right by mainWords
    expect(offWords({ offReason: 'Payment pi_1 is already fully refunded (19.99 USD).' })).toBe('Payment pi_1 is already fully refunded ($19.99).');
    expect(optionWarnings({ warnings: ['ignored'], warningData: [{ code: 'dispute_refundable', paymentRef: 'pi_1', disputeStatus: 'warning_needs_response', inquiry: true }] })).toEqual([
      'An inquiry is open on pi_1 (inquiry: needs a response); Stripe still accepts a refund. After a full refund Stripe takes no further funds for it.',
    ]);
  });

  it('the dialog shows the off reason built from the data', async () => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    const off = { code: 'fully_refunded' as const, store: 'stripe' as const, paymentRef: 'pi_DemoJane0001', amountMinor: 2999, currency: 'USD' };
    window.desk = createFakeDesk({
      'refunds:preview': (req) =>
        stripePreview(req, {
          options: [option({ mode: 'refund', refundKind: 'full', label: 'Full refund', enabled: false, offReason: 'main sentence', off })],
          summary: null,
        }),
    }).desk;
    const w = mount(RefundDialog, { props: { purchase: { id: 7, store: 'stripe', productId: 'lifetime_unlock', kind: 'one_time' } }, attachTo: document.body });
    await flushPromises();
    await vi.advanceTimersByTimeAsync(200);
    expect(w.get('[data-testid="refund-option-why"]').text()).toBe('Off: pi_DemoJane0001 is already fully refunded ($29.99).');
    w.unmount();
    vi.useRealTimers();
  });
});
