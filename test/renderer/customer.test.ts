import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PurchaseDto } from '../../src-main/ipc/contract';
import PurchasePanel from '../../src-renderer/src/components/customer/PurchasePanel.vue';
import { headerEntitlement } from '../../src-renderer/src/components/customer/entitlement';
import { useAppStore } from '../../src-renderer/src/stores/app';
import { formatDay } from '../../src-renderer/src/format';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { stripePreview } from './refundFixtures';

let fake: FakeDesk;
const day = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();

function purchase(over: Partial<PurchaseDto>): PurchaseDto {
  return {
    id: 1, store: 'google', storeKey: 'tok', productId: 'pro_monthly', kind: 'subscription', environment: 'production', purchasedAt: day(2027, 1, 12),
    priceMinor: 999, currency: 'USD', expiresAt: day(2027, 3, 12), autoRenew: true, ids: {}, state: 'active', stateUntil: day(2027, 3, 12), stateReason: null, capabilities: null, ...over,
  };
}

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({ 'refunds:preview': (req) => stripePreview(req) });
  window.desk = fake.desk;
});

describe('entitlement in words', () => {
  it('puts the best access first, then what a refund took away', () => {
    const out = headerEntitlement([
      purchase({ id: 1 }),
      purchase({ id: 2, store: 'google', state: 'revoked', stateUntil: day(2027, 3, 2) }),
    ]);
    expect(out.text).toBe(`Active until ${formatDay(day(2027, 3, 12))}, renews; refunded on Google on ${formatDay(day(2027, 3, 2))}, access revoked`);
    expect(out.tone).toBe('ok');
  });
});

describe('purchase policy panel', () => {
  it('Apple: no refund button, the customer\'s way, and a reply to copy', async () => {
    const w = mount(PurchasePanel, { props: { purchase: purchase({ store: 'apple', ids: { apple_order_id: 'MQ7T2K9PLX' } }) } });
    await flushPromises();
    expect(w.find('[data-testid="refund-button"]').exists()).toBe(false);
    expect(w.text()).toContain('Apple refunds only via Apple');
    expect(w.text()).toContain('reportaproblem.apple.com');
    expect(w.get('[data-testid="copy-apple-reply"]').text()).toBe('Copy reply for the customer');
    expect(fake.calls.filter((c) => c.channel === 'refunds:preview')).toHaveLength(0);
  });

  it('Amazon: customer service, and that a refund cannot be told from a cancellation', async () => {
    const w = mount(PurchasePanel, { props: { purchase: purchase({ store: 'amazon' }) } });
    await flushPromises();
    expect(w.find('[data-testid="refund-button"]').exists()).toBe(false);
    expect(w.get('[data-testid="amazon-line"]').text()).toMatch(/Amazon customer service.*cannot be told apart from a cancellation/);
  });

  it('Google: the Refund… button is off with main\'s reason, and off offline', async () => {
    const reason = 'No Google Play credential is set. Add it in Settings → Stores to refund from the console.';
    fake = createFakeDesk({
      'refunds:preview': (req) => ({ ...stripePreview(req), store: 'google', options: stripePreview(req).options.map((o) => ({ ...o, enabled: false, offReason: reason })) }),
    });
    window.desk = fake.desk;
    const w = mount(PurchasePanel, { props: { purchase: purchase({}) } });
    await flushPromises();
    expect(w.get('[data-testid="refund-button"]').attributes('disabled')).toBeDefined();
    // main's pointer to a screen that does not exist ("Settings → Stores") is put right
    expect(w.get('[data-testid="refund-off-reason"]').text()).toBe('No Google Play credential is set. Add it in Settings to refund from the console.');

    window.desk = createFakeDesk({ 'refunds:preview': (req) => stripePreview(req) }).desk;
    const on = mount(PurchasePanel, { props: { purchase: purchase({ store: 'stripe' }) } });
    await flushPromises();
    expect(on.get('[data-testid="refund-button"]').attributes('disabled')).toBeUndefined();
    useAppStore().online = { online: false, since: 0 };
    await flushPromises();
    expect(on.get('[data-testid="refund-button"]').attributes('disabled')).toBeDefined();
    expect(on.get('[data-testid="refund-off-reason"]').text()).toContain('Offline');
  });
});
