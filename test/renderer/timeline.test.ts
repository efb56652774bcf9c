import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendDays, dayAbove, emptyRows } from '../../src-renderer/src/components/timeline/days';
import { eventSource, eventTitle } from '../../src-renderer/src/components/timeline/eventWords';
import TimelineRow from '../../src-renderer/src/components/timeline/TimelineRow.vue';
import { TIMELINE_PAGE, useCustomerStore } from '../../src-renderer/src/stores/customer';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { customer, events } from './customerFixtures';

let fake: FakeDesk;
const ALL = events(450);

beforeEach(() => {
  setActivePinia(createPinia());
  // main's keyset contract: rows strictly after the cursor (occurredAt, id), newest first
  fake = createFakeDesk({
    'customers:get': (req) => customer(req.customerId),
    'customers:timeline': (req) => {
      const list = ALL.filter((e) => !req.stores?.length || (e.store && req.stores.includes(e.store))).filter((e) => !req.types?.length || req.types.includes(e.type));
      const start = req.after ? list.findIndex((e) => e.occurredAt < req.after!.occurredAt || (e.occurredAt === req.after!.occurredAt && e.id < req.after!.id)) : 0;
      const rows = start < 0 ? [] : list.slice(start, start + req.limit);
      const more = start >= 0 && start + req.limit < list.length;
      const last = rows[rows.length - 1];
      return { rows, next: more && last ? { occurredAt: last.occurredAt, id: last.id } : null };
    },
    'customers:event': (req) => ({ id: req.eventId, raw: { orderId: 'GPA.1', refundableAmount: { units: '8', nanos: 990000000 } } }),
  });
  window.desk = fake.desk;
});

const timelineCalls = () => fake.calls.filter((c) => c.channel === 'customers:timeline').map((c) => c.request as Record<string, unknown>);

describe('timeline paging', () => {
  it('reads page by page with the keyset cursor main returned, never everything at once', async () => {
    const store = useCustomerStore();
    await store.open(42);
    expect(store.events).toHaveLength(TIMELINE_PAGE);
    expect(timelineCalls()[0]).toEqual({ customerId: 42, limit: TIMELINE_PAGE });
    await store.loadPage();
    const last = ALL[TIMELINE_PAGE - 1]!;
    expect(timelineCalls()[1]).toMatchObject({ after: { occurredAt: last.occurredAt, id: last.id } });
    await store.loadPage();
    expect(store.events.map((e) => e.id)).toEqual(ALL.map((e) => e.id));
    expect(store.hasMore).toBe(false);
    await store.loadPage();
    expect(timelineCalls()).toHaveLength(3);
  });

  it('starts again without a cursor when a filter changes', async () => {
    const store = useCustomerStore();
    await store.open(42);
    await store.loadPage();
    await store.setFilters({ stores: ['google'], types: ['refund'] });
    expect(timelineCalls().at(-1)).toEqual({ customerId: 42, limit: TIMELINE_PAGE, stores: ['google'], types: ['refund'] });
    expect(store.events.every((e) => e.type === 'refund')).toBe(true);
    expect(store.events).toHaveLength(45);
  });

  it('asks main for the oldest first when the agent flips the order', async () => {
    const store = useCustomerStore();
    await store.open(42);
    await store.setFilters({ stores: [], types: [], order: 'oldest' });
    expect(timelineCalls().at(-1)).toEqual({ customerId: 42, limit: TIMELINE_PAGE, order: 'oldest' });
  });

  it('loads an event\'s raw payload on demand', async () => {
    const store = useCustomerStore();
    await store.open(42);
    await store.loadRaw(ALL[3]!.id);
    expect(store.raw[ALL[3]!.id]).toMatchObject({ loading: false, value: { orderId: 'GPA.1' } });
  });
});

describe('timeline rows', () => {
  it('groups by local day, appending only the new page', () => {
    const rows = emptyRows();
    appendDays(rows, ALL.slice(0, 30));
    const before = rows.items.length;
    appendDays(rows, ALL.slice(0, 60));
    expect(rows.count).toBe(60);
    expect(rows.items.filter((i) => i.kind === 'event')).toHaveLength(60);
    expect(rows.items.length).toBeGreaterThan(before);
    const days = new Set(ALL.slice(0, 60).map((e) => new Date(e.occurredAt).toDateString()));
    expect(rows.dayIndexes).toHaveLength(days.size);
    expect(dayAbove(rows.dayIndexes, rows.dayIndexes[1]! + 3)).toBe(rows.dayIndexes[1]);
    expect(dayAbove(rows.dayIndexes, 0)).toBe(0);
  });

  it('says what happened in plain words, with where the cache learnt it', async () => {
    const refund = ALL[3]!;
    expect(eventTitle(refund)).toMatch(/^Refunded €8\.99 · refund only$|^Refunded 8,99\s?€ · refund only$/);
    expect(eventSource(refund)).toBe('found through the Orders API');
    const row = mount(TimelineRow, { props: { event: refund, expanded: true, active: false, raw: { loading: false, value: { a: 1 }, error: null } } });
    await flushPromises();
    expect(row.get('button.line').attributes('aria-expanded')).toBe('true');
    expect(row.get('[data-testid="event-raw"]').text()).toContain('"a": 1');
    expect(row.get('.badge.store-google').text()).toBe('Google');
  });
});
