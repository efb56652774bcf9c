// The consumption-answer countdowns over time, on a fake clock: they count down while the
// section is open, a request leaves the open list (and the sidebar count) the moment its
// 12-hour window closes, also while the section is not shown, and a countdown shown again
// later starts from the current time, never from a stale one or one in the future.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RefundRequestDto } from '../../src-main/ipc/contract';
import RequestsView from '../../src-renderer/src/views/RequestsView.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { useRequestsStore } from '../../src-renderer/src/stores/requests';
import { createFakeDesk } from '../support/fakeDesk';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2027, 2, 1, 9, 0, 0);
const req = (id: number, deadlineAt: number): RefundRequestDto => ({
  id, customerId: 1, purchaseId: 1, productId: `coins_${id}`, transactionId: `20000${id}`, requestedAt: deadlineAt - 12 * H, deadlineAt,
  status: 'open', reason: 'UNINTENDED_PURCHASE', expired: false, refusal: null, answer: null, answeredAt: null, outcome: null, productType: 'Consumable',
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  setActivePinia(createPinia());
  window.desk = createFakeDesk({ 'requests:list': () => [req(1, T0 + 3 * MIN), req(2, T0 + 5 * H)] }).desk;
});
afterEach(() => vi.useRealTimers());

const countdown = (w: ReturnType<typeof mount>, id: number) => w.find(`[data-testid="request-${id}"] [role="timer"]`);

describe('consumption countdowns over time', () => {
  it('count down each second, and close at the deadline', async () => {
    const w = mount(RequestsView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    expect(countdown(w, 1).text()).toBe('3 min 00 s left');
    expect(countdown(w, 2).text()).toBe('5 h 00 min left');
    await vi.advanceTimersByTimeAsync(2 * MIN + 55_000);
    expect(countdown(w, 1).text()).toBe('0 min 05 s left');
    expect(countdown(w, 1).classes()).toContain('urgent');
    expect(countdown(w, 2).text()).toBe('4 h 57 min left');
    await vi.advanceTimersByTimeAsync(6_000);
    // past the deadline: no time left shown, no form, no longer counted as open
    expect(countdown(w, 1).text()).toBe('Deadline passed');
    expect(w.find('[data-testid="answer-1"]').exists()).toBe(false);
    expect(w.findAll('[data-testid^="request-"]').map((c) => c.attributes('data-testid'))).toEqual(['request-2', 'request-1']);
    expect(useRequestsStore().open.map((r) => r.id)).toEqual([2]);
    w.unmount();
  });

  it('the sidebar count drops at the deadline while the section is closed, and a countdown shown again is current', async () => {
    const store = useRequestsStore();
    const w = mount(RequestsView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    w.unmount();
    expect(store.openCount).toBe(2);
    await vi.advanceTimersByTimeAsync(4 * MIN);
    expect(store.openCount).toBe(1);
    expect(store.nearestDeadline).toBe(T0 + 5 * H);
    await vi.advanceTimersByTimeAsync(2 * H);
    // opened again 2 h 4 min later: the countdown reads from now at once, not the clock it left with
    const again = mount(RequestsView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    expect(countdown(again, 2).text()).toBe('2 h 56 min left');
    again.unmount();
    await vi.advanceTimersByTimeAsync(3 * H);
    expect(store.openCount).toBe(0);
    expect(store.nearestDeadline).toBeNull();
  });
});
