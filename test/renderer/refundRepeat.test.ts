// The dialog's allowRepeat: a second refund of the same amount of the same payment is
// refused by main unless the agent asks for it; the dialog says so and offers it by name.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError, type RefundPreviewDto, type RefundRepeatDto } from '../../src-main/ipc/contract';
import RefundDialog from '../../src-renderer/src/components/refund/RefundDialog.vue';
import { createFakeDesk } from '../support/fakeDesk';
import { intent, stripePreview } from './refundFixtures';

const purchase = { id: 7, store: 'stripe' as const, productId: 'lifetime_unlock', kind: 'one_time' };
const EARLIER: RefundRepeatDto = {
  intentId: 'int_0', amountMinor: 500, currency: 'USD', at: Date.UTC(2027, 1, 13, 9, 30), agent: { osUser: 'jdoe', name: 'Jane' }, storeRef: 're_First0001',
};

/** A Stripe preview that flags a repeat of $5.00 once `flagged()` says so. */
function preview(flagged: () => boolean) {
  return (req: { mode?: string; refundKind?: string; amountMinor?: number }): RefundPreviewDto => {
    const p = stripePreview(req);
    return p.summary && req.amountMinor === 500 && flagged() ? { ...p, summary: { ...p.summary, repeatOf: EARLIER } } : p;
  };
}

async function settle() {
  await flushPromises();
  await vi.advanceTimersByTimeAsync(200);
  await flushPromises();
}

async function partialOf(text: string) {
  const w = mount(RefundDialog, { props: { purchase }, attachTo: document.body });
  await settle();
  await w.get('[data-testid="refund-option-refund:partial"] input').setValue(true);
  await settle();
  await w.get('[data-testid="refund-amount"]').setValue(text);
  await settle();
  return w;
}

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
});

describe('refund dialog: a second refund of the same amount', () => {
  it('says the amount was refunded already and sends allowRepeat only from the "again" button', async () => {
    const fake = createFakeDesk({ 'refunds:preview': preview(() => true), 'refunds:create': () => intent({ amountMinor: 500 }) });
    window.desk = fake.desk;
    const w = await partialOf('4.00');
    expect(w.find('[data-testid="refund-repeat"]').exists()).toBe(false);
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refund $4.00');
    await w.get('[data-testid="refund-amount"]').setValue('5.00');
    await settle();
    const notice = w.get('[data-testid="refund-repeat"]').text();
    expect(notice).toContain('Jane (jdoe) already refunded $5.00 of pi_DemoJane0001');
    expect(notice).toContain('(re_First0001)');
    expect(notice).toContain('“Refund $5.00 again” refunds again');
    const button = w.get('[data-testid="refund-confirm"]');
    expect(button.text()).toBe('Refund $5.00 again');
    expect(button.attributes('data-repeat')).toBe('true');
    await button.trigger('click');
    await settle();
    const create = fake.calls.find((c) => c.channel === 'refunds:create')!;
    expect(create.request).toMatchObject({ refundKind: 'partial', amountMinor: 500, allowRepeat: true });
  });

  it('a plain refund never carries allowRepeat', async () => {
    const fake = createFakeDesk({ 'refunds:preview': preview(() => false), 'refunds:create': () => intent({ amountMinor: 500 }) });
    window.desk = fake.desk;
    const w = await partialOf('5.00');
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refund $5.00');
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(fake.calls.find((c) => c.channel === 'refunds:create')!.request).not.toHaveProperty('allowRepeat');
  });

  it('a repeat main refuses on create (the first refund landed meanwhile) returns to the form to confirm it', async () => {
    let landed = false;
    let creates = 0;
    const fake = createFakeDesk({
      'refunds:preview': preview(() => landed),
      'refunds:create': (req) => {
        creates++;
        if (!req.allowRepeat) {
          landed = true;
          throw new DeskError('conflict', 'Jane (jdoe) already refunded 5.00 USD of pi_DemoJane0001. Nothing was sent.');
        }
        return intent({ amountMinor: 500 });
      },
    });
    window.desk = fake.desk;
    const w = await partialOf('5.00');
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(w.find('[data-testid="refund-outcome"]').exists()).toBe(false);
    expect(w.get('[data-testid="refund-repeat"]').text()).toContain('already refunded $5.00');
    expect(w.get('[data-testid="refund-confirm"]').text()).toBe('Refund $5.00 again');
    await w.get('[data-testid="refund-confirm"]').trigger('click');
    await settle();
    expect(creates).toBe(2);
    expect(fake.calls.filter((c) => c.channel === 'refunds:create').at(-1)!.request).toMatchObject({ allowRepeat: true });
    expect(w.get('[data-testid="refund-status"]').text()).toContain('Refunded $5.00');
  });
});
