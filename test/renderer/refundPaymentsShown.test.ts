// The refund dialog on a purchase with many payments (issue 20): main lists the newest 50;
// the dialog says "n of N" with the purchase's exact totals, and finds any other by its ID.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError, type RefundPreviewDto } from '../../src-main/ipc/contract';
import RefundDialog from '../../src-renderer/src/components/refund/RefundDialog.vue';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { PAID_AT, stripePreview } from './refundFixtures';

let fake: FakeDesk;
const purchase = { id: 7, store: 'stripe' as const, productId: 'hourly_plan', kind: 'subscription' };
const HOUR = 3_600_000;
const newest = Array.from({ length: 50 }, (_, k) => ({ ref: `pi_New${k}`, paidAt: PAID_AT + k * HOUR, amountMinor: 99, refundedMinor: 0, latest: k === 49 }));
const old = { ref: 'pi_Old7', paidAt: PAID_AT - 900 * HOUR, amountMinor: 99, refundedMinor: 0, latest: false };
const totals = [{ currency: 'USD', paymentCount: 99_012, paidMinor: 9_802_188, refundedMinor: 101_079, pendingMinor: 0, remainingMinor: 9_701_109 }];

function preview(req: { paymentRef?: string; mode?: string; refundKind?: string }): RefundPreviewDto {
  if (req.paymentRef === 'pi_Nope') throw new DeskError('not_found', 'Payment pi_Nope is not part of this purchase in the cache.');
  const asked = req.paymentRef === old.ref ? old : newest[49]!;
  const amounts = { paidMinor: 99, refundedMinor: 0, remainingMinor: 99, fullMinor: 99, proratedEstimateMinor: null };
  return stripePreview(req, { paymentRef: asked.ref, paidAt: asked.paidAt, amounts, payments: asked === old ? [old, ...newest] : newest, paymentCount: 99_012, paymentsNewest: 50, totals });
}

async function settle() {
  await flushPromises();
  await vi.advanceTimersByTimeAsync(200);
  await flushPromises();
}

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  fake = createFakeDesk({ 'refunds:preview': (req) => preview(req) });
  window.desk = fake.desk;
});

describe('refund dialog, many payments', () => {
  it('says how many payments are listed of how many, with the totals of all', async () => {
    const w = mount(RefundDialog, { props: { purchase }, attachTo: document.body });
    await settle();
    const text = w.get('[data-testid="refund-payments-count"]').text().replace(/\s+/g, ' ');
    expect(text).toContain('Listing the newest 50 of 99,012 payments. All 99,012:');
    expect(text).toContain('paid $98,021.88, refunded $1,010.79, $97,011.09 refundable');
    expect(w.findAll('[data-testid="refund-payment"] option')).toHaveLength(50);
    w.unmount();
  });

  it('finds an older payment by its ID and previews exactly that one; an unknown ID is said in place', async () => {
    const w = mount(RefundDialog, { props: { purchase }, attachTo: document.body });
    await settle();
    await w.get('[data-testid="refund-find-payment"]').setValue('pi_Nope');
    await w.get('form.find').trigger('submit');
    await settle();
    expect(w.get('[data-testid="refund-find-error"]').text()).toBe('No paid payment pi_Nope in this purchase.');
    expect(w.get('[data-testid="refund-payment-ref"]').text()).toBe('pi_New49');

    await w.get('[data-testid="refund-find-payment"]').setValue('pi_Old7');
    await w.get('form.find').trigger('submit');
    await settle();
    expect(w.find('[data-testid="refund-find-error"]').exists()).toBe(false);
    expect(w.get('[data-testid="refund-payment-ref"]').text()).toBe('pi_Old7');
    expect((w.get('[data-testid="refund-payment"]').element as HTMLSelectElement).value).toBe('pi_Old7');
    expect(w.findAll('[data-testid="refund-payment"] option')).toHaveLength(51);
    expect(w.get('[data-testid="refund-payments-count"]').text().replace(/\s+/g, ' ')).toContain('Listing the newest 50 of 99,012 payments, and the chosen payment pi_Old7.');
    // the answer Find got is shown as it is: one plain preview of that payment, not two
    const plain = fake.calls.filter((c) => c.channel === 'refunds:preview' && (c.request as { paymentRef?: string; mode?: string }).paymentRef === 'pi_Old7' && !(c.request as { mode?: string }).mode);
    expect(plain).toHaveLength(1);
    const asked = fake.calls.filter((c) => c.channel === 'refunds:preview').at(-1)!.request;
    expect(asked).toMatchObject({ purchaseId: 7, paymentRef: 'pi_Old7', mode: 'refund', refundKind: 'full' });
    w.unmount();
  });
});
