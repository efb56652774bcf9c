import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryDto } from '../../src-main/ipc/contract';
import AuditView from '../../src-renderer/src/views/AuditView.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import { useAuditStore } from '../../src-renderer/src/stores/audit';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';

const entry = (id: number): AuditEntryDto => ({ id, at: Date.UTC(2026, 10, 1, 12) + id, agent: { osUser: 'sam', name: 'Sam' }, action: 'refund.succeeded', target: `pi_${id}`, result: 'ok', detail: 'amount=999' });
let fake: FakeDesk;

beforeEach(() => {
  setActivePinia(createPinia());
  fake = createFakeDesk({
    'audit:list': (f) => {
      const all = Array.from({ length: 150 }, (_, i) => entry(150 - i)).filter((e) => !f.beforeId || e.id < f.beforeId);
      const page = all.slice(0, f.limit ?? 200);
      return { entries: page, nextBeforeId: all.length > page.length ? page[page.length - 1]!.id : null };
    },
    'audit:exportCsv': () => ({ file: '/tmp/audit.csv', rows: 150 }),
  });
  window.desk = fake.desk;
});

describe('Audit log', () => {
  it('pages by keyset, filters by action and day range, and exports', async () => {
    const w = mount(AuditView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    expect(w.findAll('tbody tr[data-testid]')).toHaveLength(100);
    expect(w.get('[data-testid="audit-150"] [data-col="outcome"]').text()).toBe('Succeeded');
    await w.get('button.more').trigger('click');
    await flushPromises();
    expect(w.findAll('tbody tr[data-testid]')).toHaveLength(150);
    expect(w.find('button.more').exists()).toBe(false);

    const store = useAuditStore();
    store.filter.action = 'refund';
    store.filter.fromDay = '2026-11-01';
    store.filter.toDay = '2026-11-01';
    await flushPromises();
    const last = fake.calls.filter((c) => c.channel === 'audit:list').at(-1)!.request as Record<string, number | string>;
    expect(last['action']).toBe('refund');
    expect(last['from']).toBe(new Date(2026, 10, 1).getTime());
    expect(last['to']).toBe(new Date(2026, 10, 2).getTime() - 1);

    await w.get('header button').trigger('click');
    await flushPromises();
    expect(w.text()).toContain('Saved 150 entries to /tmp/audit.csv');
  });

  it('shows amount, customer and outcome columns, with "unknown" its own state', async () => {
    const at = Date.UTC(2026, 10, 2, 12);
    // main sends the amount and the customer as data (audit:list); the table only formats them
    const jane = { id: 42, label: 'Jane Example' };
    const entries: AuditEntryDto[] = [
      { id: 3, at, agent: { osUser: 'sam', name: null }, action: 'refund.unknown', target: 'stripe:pi_Jane', result: 'failed', detail: 'intentId=int_9; message=socket hang up; via=create', amountMinor: 150, currency: 'USD', customer: jane },
      { id: 2, at, agent: { osUser: 'sam', name: null }, action: 'refund.failed', target: 'stripe:pi_Jane', result: 'failed', detail: 'intentId=int_8; message=Card expired; code=expired_or_canceled_card', amountMinor: null, currency: null, customer: null },
      { id: 1, at, agent: { osUser: 'sam', name: null }, action: 'refund.requested', target: 'stripe:pi_Jane', result: 'ok', detail: 'intentId=int_9; amountMinor=150; currency=USD; mode=refund; refundKind=partial; reason=requested_by_customer', amountMinor: 150, currency: 'USD', customer: jane },
    ];
    window.desk = createFakeDesk({ 'audit:list': () => ({ entries, nextBeforeId: null }) }).desk;
    const w = mount(AuditView, { global: { plugins: [createAppRouter()] } });
    await flushPromises();
    const row = (id: number) => w.get(`[data-testid="audit-${id}"]`);
    expect(row(3).attributes('data-outcome')).toBe('unknown');
    expect(row(3).get('[data-col="outcome"]').text()).toContain('Unknown');
    expect(row(2).get('[data-col="outcome"]').text()).toBe('Failed');
    // amountMinor 150 is $1.50, never "150 USD"
    expect(row(3).get('[data-col="amount"]').text()).toBe('$1.50');
    expect(row(1).get('[data-col="amount"]').text()).toBe('$1.50');
    expect(row(1).get('[data-col="customer"]').text()).toBe('Jane Example');
    expect(row(1).get('[data-col="customer"] a').attributes('href')).toContain('/customers/42');
    expect(row(2).get('[data-col="amount"]').text()).toBe('—');
    expect(row(2).get('[data-col="customer"]').text()).toBe('—');
    expect(row(1).get('summary').text()).toBe('refund only · partial · requested by the customer');
    expect(row(2).get('summary').text()).toContain('the card was expired or canceled');
  });
});
