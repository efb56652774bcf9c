import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RefundRequestDto } from '../../src-main/ipc/contract';
import RequestsView from '../../src-renderer/src/views/RequestsView.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { useRequestsStore } from '../../src-renderer/src/stores/requests';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const H = 3_600_000;
const req = (id: number, deadlineIn: number, over: Partial<RefundRequestDto> = {}): RefundRequestDto => ({
  id, customerId: 1, purchaseId: 1, productId: `coins_${id}`, transactionId: `20000${id}`, requestedAt: Date.now() - 12 * H + deadlineIn,
  deadlineAt: Date.now() + deadlineIn, status: 'open', reason: 'UNINTENDED_PURCHASE', expired: false, refusal: null, answer: null, answeredAt: null, outcome: null,
  productType: 'Consumable', ...over,
});
let fake: FakeDesk;
let items: RefundRequestDto[];

beforeEach(() => {
  setActivePinia(createPinia());
  items = [req(1, 5 * H), req(2, 30 * 60_000), req(3, -H, { status: 'expired', expired: true })];
  fake = createFakeDesk({
    'requests:list': () => items,
    'requests:answer': ({ requestId, answer }) => ({ ...items.find((r) => r.id === requestId)!, status: 'answered', answer, answeredAt: Date.now() }),
  });
  window.desk = fake.desk;
});

describe('Refund requests', () => {
  it('lists open requests soonest deadline first, with the badge getters', async () => {
    const store = useRequestsStore();
    await store.load();
    expect(store.open.map((r) => r.id)).toEqual([2, 1]);
    expect(store.openCount).toBe(2);
    expect(store.nearestDeadline).toBe(items[1]!.deadlineAt);
  });

  it('shows a countdown, refuses an expired request with the reason, and sends an answer', async () => {
    const w = mount(RequestsView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    const cards = w.findAll('[data-testid^="request-"]');
    expect(cards.map((c) => c.attributes('data-testid'))).toEqual(['request-2', 'request-1', 'request-3']);
    expect(cards[0]!.text()).toMatch(/\d+ min \d\d s left/);
    expect(cards[1]!.find('form').exists()).toBe(false);
    await cards[1]!.get('[data-testid="open-answer-1"]').trigger('click');
    expect(cards[1]!.find('form').exists()).toBe(true);
    expect(cards[1]!.text()).toMatch(/[45] h \d\d min left/);
    expect(cards[2]!.text()).toContain('only within 12 hours');
    expect(cards[2]!.find('form').exists()).toBe(false);

    const form = cards[0]!.get('form');
    expect(cards[0]!.get('[data-testid="answer-2"]').attributes('disabled')).toBeDefined();
    await form.get('input[type=checkbox]').setValue(true);
    await form.get('input[type=number]').setValue('40');
    await form.get('input[value="GRANT_PRORATED"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'requests:answer')?.request).toEqual({
      requestId: 2,
      answer: { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedPercent: 40, refundPreference: 'GRANT_PRORATED' },
    });
    expect(useRequestsStore().openCount).toBe(1);
    w.unmount();
  });

  it('checks Apple’s rules in the form and says which one an answer breaks', async () => {
    items = [req(4, 5 * H, { productId: 'pro.monthly', productType: 'Auto-Renewable Subscription' })];
    const w = mount(RequestsView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    const card = w.get('[data-testid="request-4"]');
    const form = card.get('form');
    await form.get('input[type=checkbox]').setValue(true);
    expect(card.text()).toContain('Leave empty: Apple takes no share for auto-renewable subscriptions');
    await form.get('input[type=number]').setValue('40');
    expect(card.get('[data-testid="answer-problems-4"]').text()).toContain('Apple takes no consumption share for an auto-renewable subscription');
    expect(card.get('[data-testid="answer-4"]').attributes('disabled')).toBeDefined();
    await form.get('input[type=number]').setValue('');
    await form.get('input[value="GRANT_PRORATED"]').setValue(true);
    expect(card.get('[data-testid="answer-problems-4"]').text()).toContain('choose full, decline or no preference');
    await form.get('input[value="GRANT_FULL"]').setValue(true);
    expect(card.find('[data-testid="answer-problems-4"]').exists()).toBe(false);
    expect(card.get('[data-testid="answer-4"]').attributes('disabled')).toBeUndefined();
    w.unmount();
  });

  it('reloads when main says the requests changed', async () => {
    const store = useRequestsStore();
    await store.load();
    items = [req(9, 2 * H)];
    fake.emit('onRequestsChanged', { open: 1, nextDeadlineAt: items[0]!.deadlineAt });
    await flushPromises();
    expect(store.open.map((r) => r.id)).toEqual([9]);
  });
});
