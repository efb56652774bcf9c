import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError, type RefundIntentDto } from '../../src-main/ipc/contract';
import RefundDialog from '../../src-renderer/src/components/refund/RefundDialog.vue';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { intent, option, stripePreview } from './refundFixtures';

let fake: FakeDesk;
const purchase = { id: 7, store: 'stripe' as const, productId: 'lifetime_unlock', kind: 'one_time' };

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function settle() {
  await flushPromises();
  await vi.advanceTimersByTimeAsync(200);
  await flushPromises();
}

async function mountDialog() {
  const wrapper = mount(RefundDialog, { props: { purchase }, attachTo: document.body });
  await settle();
  return wrapper;
}

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  fake = createFakeDesk({ 'refunds:preview': (req) => stripePreview(req) });
  window.desk = fake.desk;
});

describe('refund dialog', () => {
  it('states the amount on the primary button and the summary before the confirm', async () => {
    const w = await mountDialog();
    expect(w.get('h2').text()).toContain('lifetime_unlock (Stripe, payment pi_DemoJane0001');
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refund $19.99');
    // Built from the DTO's numbers in the agent's locale, never from main's text ("19.99 USD").
    expect(w.get('[data-testid="refund-summary"]').text()).toContain('Refund $19.99 of $29.99 (partial) to the customer’s Stripe payment method.');
    expect(w.get('[data-testid="refund-summary"]').text()).not.toContain('19.99 USD');
    expect(w.get('[data-testid="refund-summary"]').text()).toContain('cannot be undone');
    const previews = fake.calls.filter((c) => c.channel === 'refunds:preview');
    expect(previews.at(-1)!.request).toMatchObject({ purchaseId: 7, mode: 'refund', refundKind: 'full' });
  });

  it('parses a partial amount in the currency\'s minor units, and refuses what it cannot read', async () => {
    const w = await mountDialog();
    await w.get('[data-testid="refund-option-refund:partial"] input').setValue(true);
    await settle();
    const amount = w.get('[data-testid="refund-amount"]');
    await amount.setValue('5.9999');
    await settle();
    expect(w.get('[data-testid="refund-amount-help"]').text()).toMatch(/USD has 2 decimals at most/);
    expect(w.get('[data-testid="refund-confirm"]').attributes('disabled')).toBeDefined();
    await amount.setValue('25');
    await settle();
    expect(w.get('[data-testid="refund-amount-help"]').text()).toContain('At most $19.99 remains refundable');
    expect(w.get('[data-testid="refund-confirm"]').attributes('disabled')).toBeDefined();
    await amount.setValue('-5');
    await settle();
    expect(w.get('[data-testid="refund-amount-help"]').text()).toContain('minus');
    expect(w.get('[data-testid="refund-confirm"]').attributes('disabled')).toBeDefined();
    await amount.setValue('5.00');
    await settle();
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refund $5.00');
    expect(fake.calls.filter((c) => c.channel === 'refunds:preview').at(-1)!.request).toMatchObject({ refundKind: 'partial', amountMinor: 500 });
  });

  it('cannot be submitted twice: the button is off from the first click until the answer', async () => {
    const answer = deferred<RefundIntentDto>();
    let creates = 0;
    fake = createFakeDesk({
      'refunds:preview': (req) => stripePreview(req),
      'refunds:create': () => {
        creates++;
        return answer.promise;
      },
    });
    window.desk = fake.desk;
    const w = await mountDialog();
    const button = w.get('[data-testid="refund-confirm"]');
    await Promise.all([button.trigger('click'), button.trigger('click'), button.trigger('click')]);
    expect(creates).toBe(1);
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refunding…');
    expect(w.get('[data-testid="refund-confirm"]').attributes('disabled')).toBeDefined();
    answer.resolve(intent({ amountMinor: 1999, refundKind: 'full' }));
    await settle();
    expect(creates).toBe(1);
    expect(w.get('[data-testid="refund-status"]').text()).toContain('Refunded $19.99');
    expect(w.find('[data-testid="refund-confirm"]').exists()).toBe(false);
  });

  it('shows "Checking with Stripe…" while the intent is unknown, then the result main pushes', async () => {
    fake = createFakeDesk({
      'refunds:preview': (req) => stripePreview(req),
      'refunds:create': () => intent({ status: 'unknown', message: 'No answer from the store (socket hang up); it is checked before anything else.', updatedAt: 5 }),
    });
    window.desk = fake.desk;
    const w = await mountDialog();
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="refund-status"]').text()).toContain('Checking with Stripe…');
    expect(w.get('[data-testid="refund-outcome"]').text()).toContain('socket hang up');
    expect(w.find('[data-testid="refund-check"]').exists()).toBe(true);
    fake.emit('onRefundStatus', intent({ status: 'succeeded', amountMinor: 1999, updatedAt: 9 }));
    await flushPromises();
    expect(w.get('[data-testid="refund-status"]').attributes('data-status')).toBe('succeeded');
    expect(w.get('[data-testid="refund-status"]').text()).toContain('Refunded $19.99');
  });

  it('shows a failure in the store\'s words', async () => {
    fake = createFakeDesk({
      'refunds:preview': (req) => stripePreview(req),
      'refunds:create': () => intent({ status: 'failed', message: 'Charge ch_1 has already been refunded.' }),
    });
    window.desk = fake.desk;
    const w = await mountDialog();
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="refund-status"]').text()).toContain('Not refunded: Stripe refused');
    expect(w.get('[data-testid="refund-outcome"]').text()).toContain('Charge ch_1 has already been refunded.');
  });

  it('shows the conflict when main refuses a second open intent', async () => {
    fake = createFakeDesk({
      'refunds:preview': (req) => stripePreview(req),
      'refunds:create': () => {
        throw new DeskError('conflict', 'A refund of pi_DemoJane0001 is already in progress (started by Sam).');
      },
    });
    window.desk = fake.desk;
    const w = await mountDialog();
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="refund-status"]').text()).toContain('already open');
    expect(w.get('[data-testid="refund-error"]').text()).toContain('already in progress');
    expect(w.text()).toContain('it is not sent twice');
  });

  it('shows why options are off, from the preview', async () => {
    const off = 'Refund Desk is offline. Refunds need the store; try again when the connection is back.';
    fake = createFakeDesk({
      'refunds:preview': (req) =>
        stripePreview(req, {
          options: [
            option({ mode: 'refund', refundKind: 'full', label: 'Full refund', enabled: false, offReason: off }),
            option({ mode: 'refund', refundKind: 'partial', label: 'Partial refund', enabled: false, offReason: off, amountMinor: null }),
          ],
          summary: null,
        }),
    });
    window.desk = fake.desk;
    const w = await mountDialog();
    expect(w.findAll('[data-testid="refund-option-why"]').map((x) => x.text())).toEqual([`Off: ${off}`, `Off: ${off}`]);
    expect(w.get('[data-testid="refund-confirm"]').attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid="refund-summary"]').text()).toContain('No refund is possible');
  });
});
