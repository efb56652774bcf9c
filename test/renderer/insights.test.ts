import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InsightsDto } from '../../src-main/ipc/contract';
import InsightsView from '../../src-renderer/src/views/InsightsView.vue';
import { refundSeries, revenueFor } from '../../src-renderer/src/components/insights/series';
import { periodRange } from '../../src-renderer/src/stores/insights';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const data = (): InsightsDto => ({
  from: 0, to: 1, store: null, bucket: 'month', buckets: ['2026-01', '2026-02'], months: ['2026-01', '2026-02'],
  refunds: [
    { bucket: '2026-01', store: 'stripe', currency: 'USD', count: 2, amountMinor: 1998 },
    { bucket: '2026-02', store: 'google', currency: 'EUR', count: 1, amountMinor: 499 },
    { bucket: '2026-02', store: 'stripe', currency: 'EUR', count: 1, amountMinor: 100 },
  ],
  refundRate: [{ month: '2026-01', paid: 10, refunded: 2, rate: 0.2 }],
  revenue: [{ bucket: '2026-01', currency: 'USD', grossMinor: 9990, refundedMinor: 1998, chargebackMinor: 0, netMinor: 7992 }],
  timeToRefund: [{ label: 'under 1 day', fromDays: 0, toDays: 1, count: 3 }],
  reasons: [{ reason: 'requested by customer', count: 3, share: 0.75 }],
  disputes: [], totals: { refunds: 4, paid: 10, refundedPaid: 2, disputesOpened: 0, disputesWon: 0, disputesLost: 0, medianDaysToRefund: 0.5 },
  computedAt: 1, tookMs: 3,
});
let fake: FakeDesk;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({ 'insights:get': () => data(), 'insights:exportCsv': () => ({ file: '/tmp/r.csv', rows: 3 }) });
  window.desk = fake.desk;
});

describe('Insights', () => {
  it('stacks refunds by store, by count or by one currency, never mixing currencies', () => {
    const count = refundSeries(data(), 'count');
    expect(count.series.map((s) => [s.label, s.data])).toEqual([['Google', [0, 1]], ['Stripe', [2, 1]]]);
    const eur = refundSeries(data(), { currency: 'EUR' });
    expect(eur.series.map((s) => [s.label, s.data])).toEqual([['Google', [0, 499]], ['Stripe', [0, 100]]]);
    expect(revenueFor(data(), 'USD').series[1]!.data).toEqual([7992, 0]);
  });

  it('asks main for the period in the agent offset, shows totals and tables, and exports', async () => {
    const w = mount(InsightsView);
    await flushPromises();
    const q = fake.calls[0]!.request as { from: number; to: number; utcOffsetMinutes: number; bucket: string };
    expect(q.utcOffsetMinutes).toBe(-new Date().getTimezoneOffset());
    expect(q).toMatchObject({ ...periodRange('12m'), bucket: 'month' });
    expect(w.text()).toContain('20 %');
    expect(w.get('[data-testid="insight-reasons"]').text()).toContain('requested by customer');
    expect(w.get('[data-testid="insight-refund_rate"] table').text()).toContain('10');
    await w.get('[data-testid="insight-refunds"] header button').trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toMatchObject({ channel: 'insights:exportCsv', request: { kind: 'refunds' } });
    expect(w.text()).toContain('Saved 3 rows to /tmp/r.csv');
    await w.get('select[aria-label="Period"]').setValue('30d');
    await flushPromises();
    expect(fake.calls.at(-1)?.request).toMatchObject({ bucket: 'day' });
  });
});
