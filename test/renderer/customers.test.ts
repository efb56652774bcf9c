import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, createMemoryHistory } from 'vue-router';
import CustomersView from '../../src-renderer/src/views/CustomersView.vue';
import { highlightParts } from '../../src-renderer/src/components/search/highlight';
import { looksLikeStoreId, useCustomersStore } from '../../src-renderer/src/stores/customers';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { header } from './customerFixtures';

let fake: FakeDesk;
const ORDER = 'GPA.3312-7788-1290-44561';

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  fake = createFakeDesk({
    'customers:search': (req) => ({
      hits: req.query.startsWith('GPA')
        ? [
            { customer: header(1, { displayName: 'Jane Example' }), rank: 'prefix' as const, matchKind: 'google_order_id', matchValue: ORDER },
            { customer: header(2, { displayName: 'Noor Console' }), rank: 'prefix' as const, matchKind: 'google_order_id', matchValue: 'GPA.3377-1000-2000-30000' },
          ]
        : [],
    }),
    'customers:recent': () => ({ customers: [header(9, { displayName: 'Recent Rita' })] }),
    'customers:list': () => ({ customers: [], nextBeforeId: null }),
  });
  window.desk = fake.desk;
});

const searches = () => fake.calls.filter((c) => c.channel === 'customers:search');

describe('customers search store', () => {
  it('debounces typing into one search for the latest text', async () => {
    const store = useCustomersStore();
    void store.setQuery('G');
    void store.setQuery('GP');
    void store.setQuery('GPA.33');
    await vi.advanceTimersByTimeAsync(119);
    expect(searches()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await flushPromises();
    expect(searches()).toHaveLength(1);
    expect(searches()[0]!.request).toMatchObject({ query: 'GPA.33' });
    expect(store.hits.map((h) => h.customer.id)).toEqual([1, 2]);
    void store.setQuery('');
    expect(store.hits).toEqual([]);
  });

  it('moves the selection with wrap-around', async () => {
    const store = useCustomersStore();
    await Promise.all([store.setQuery('GPA', 0), vi.advanceTimersByTimeAsync(0)]);
    await flushPromises();
    expect(store.selected).toBe(0);
    store.move(1);
    expect(store.selected).toBe(1);
    store.move(1);
    expect(store.selected).toBe(0);
    store.move(-1);
    expect(store.selected).toBe(1);
  });

  it('tells a store ID from free text', () => {
    expect(looksLikeStoreId(ORDER)).toBe(true);
    expect(looksLikeStoreId('pi_3PqXyZ12345')).toBe(true);
    expect(looksLikeStoreId('2000000847123456')).toBe(true);
    expect(looksLikeStoreId('jane smith')).toBe(false);
  });
});

describe('highlighting', () => {
  it('marks the typed part of the matched field', () => {
    expect(highlightParts(ORDER, 'gpa.3312')).toEqual([{ text: 'GPA.3312', hit: true }, { text: '-7788-1290-44561', hit: false }]);
    expect(highlightParts('Jane Example', 'exa jan')).toEqual([
      { text: 'Jan', hit: true }, { text: 'e ', hit: false }, { text: 'Exa', hit: true }, { text: 'mple', hit: false },
    ]);
  });
});

describe('customers view', () => {
  async function mountView(path = '/customers') {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { name: 'customers', path: '/customers', component: CustomersView },
        { name: 'customer', path: '/customers/:id', component: { template: '<div>customer</div>' } },
      ],
    });
    await router.push(path);
    const wrapper = mount(CustomersView, { global: { plugins: [router] }, attachTo: document.body });
    await flushPromises();
    return { wrapper, router };
  }

  it('focuses its box, highlights the match, moves with arrows and opens with Enter', async () => {
    const { wrapper, router } = await mountView('/customers?q=GPA.3312');
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    const box = wrapper.get('[data-testid="customer-search"]');
    expect(document.activeElement).toBe(box.element);
    expect(wrapper.get('[data-testid="hit-1"] mark').text()).toBe('GPA.3312');
    expect(wrapper.get('[data-testid="hit-1"]').attributes('aria-selected')).toBe('true');
    await box.trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.get('[data-testid="hit-2"]').attributes('aria-selected')).toBe('true');
    expect(box.attributes('aria-activedescendant')).toBe('hit-1');
    await box.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/customers/2');
  });

  it('shows recent customers, and an honest offer for an ID that is not cached', async () => {
    const { wrapper } = await mountView();
    expect(wrapper.get('[data-testid="recent-customers"]').text()).toContain('Recent Rita');
    const box = wrapper.get('[data-testid="customer-search"]');
    await box.setValue('pi_3PqXyZ12345');
    await vi.advanceTimersByTimeAsync(130);
    await flushPromises();
    expect(wrapper.get('[data-testid="search-empty"]').text()).toContain('No customer in the cache matches');
    expect(wrapper.get('[data-testid="fetch-from-store"]').text()).toBe('Fetch from Stripe');
  });
});
