import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerDto, CustomerHeaderDto } from '../../src-main/ipc/contract';
import { DeskError } from '../../src-main/ipc/contract';
import MergeBar from '../../src-renderer/src/components/merge/MergeBar.vue';
import { createAppRouter } from '../../src-renderer/src/router';
import CustomerView from '../../src-renderer/src/views/CustomerView.vue';
import { createFakeDesk, type FakeDesk } from '../support/fakeDesk';
import { customer, header } from './customerFixtures';

let fake: FakeDesk;
let headers: Map<number, CustomerHeaderDto>;
let mergeError: DeskError | null;
afterEach(() => vi.useRealTimers());

const jane = () => header(7, { displayName: 'Jane', ids: [{ store: 'google', kind: 'google_order_id', value: 'GPA.3312-7788-1290-44561' }] });
const janeApple = () => header(12, { displayName: null, email: 'jane@icloud.example', stores: ['apple'], ids: [{ store: 'apple', kind: 'apple_original_transaction_id', value: '2000000123456789' }] });

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  setActivePinia(createPinia());
  mergeError = null;
  headers = new Map([[7, jane()], [12, janeApple()], [13, header(13, { mergedInto: 99 })]]);
  fake = createFakeDesk({
    'customers:search': ({ query }) => ({
      hits: [...headers.values()]
        .filter((h) => JSON.stringify(h).includes(query))
        .map((h) => ({ customer: h, rank: 'prefix' as const, matchKind: 'email', matchValue: h.email ?? '' })),
    }),
    'customers:merge': ({ fromCustomerId, intoCustomerId }) => {
      if (mergeError) throw mergeError;
      headers.set(fromCustomerId, { ...headers.get(fromCustomerId)!, mergedInto: intoCustomerId, ids: [] });
      return { mergeId: 5, customer: headers.get(intoCustomerId)! };
    },
    'customers:unmerge': ({ customerId }) => {
      const h = headers.get(customerId)!;
      const restoredFrom = h.mergedInto!;
      headers.set(customerId, { ...h, mergedInto: null });
      return { customer: headers.get(customerId)!, restoredFrom };
    },
    'customers:get': ({ customerId }): CustomerDto => ({ ...customer(customerId), header: headers.get(customerId)! }),
    'customers:timeline': () => ({ rows: [], next: null }),
    'refunds:preview': () => {
      throw new DeskError('not_found', 'none');
    },
  });
  window.desk = fake.desk;
});

async function search(w: ReturnType<typeof mount>, text: string) {
  await w.get('[data-testid="merge-search"]').setValue(text);
  await vi.advanceTimersByTimeAsync(200);
  await flushPromises();
}

describe('merge', () => {
  it('finds the other customer, confirms with both customers\' IDs, merges it into this one', async () => {
    const w = mount(MergeBar, { props: { header: jane() }, global: { plugins: [createAppRouter()] }, attachTo: document.body });
    await w.get('[data-testid="merge-open"]').trigger('click');
    await search(w, 'example');
    // This customer is not offered; customer 13 (already merged away) neither.
    const hits = w.findAll('[data-testid="merge-hit"]');
    expect(hits.map((h) => h.text())).toEqual([expect.stringContaining('jane@icloud.example #12')]);
    await w.get('[data-testid="merge-search"]').trigger('keydown', { key: 'Enter' });
    await flushPromises();

    const summary = w.get('[data-testid="merge-summary"]');
    expect(summary.get('[data-testid="merge-side-12"]').text()).toContain('2000000123456789');
    expect(summary.get('[data-testid="merge-side-12"]').text()).toContain('Merged in');
    expect(summary.get('[data-testid="merge-side-7"]').text()).toContain('GPA.3312-7788-1290-44561');
    expect(summary.get('[data-testid="merge-side-7"]').text()).toContain('Stays');
    const confirm = w.get('[data-testid="merge-confirm"]');
    expect(confirm.text()).toBe('Merge #12 into #7');
    await confirm.trigger('click');
    await flushPromises();
    expect(fake.calls.find((c) => c.channel === 'customers:merge')!.request).toEqual({ fromCustomerId: 12, intoCustomerId: 7 });
    expect(w.emitted('changed')).toHaveLength(1);
    expect(w.find('[data-testid="merge-dialog"]').exists()).toBe(false);
    expect(w.get('[data-testid="merge-notice"]').text()).toBe('Merged customer #12 into this one.');

    // The page that stays can undo it in this session.
    await w.get('[data-testid="undo-merge-12"]').trigger('click');
    expect(w.get('[data-testid="unmerge-confirm-text"]').text()).toContain('customer #12');
    await w.get('[data-testid="unmerge-confirm"]').trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'customers:unmerge', request: { customerId: 12 } });
    expect(w.emitted('changed')).toHaveLength(2);
    expect(w.find('[data-testid="undo-merge-12"]').exists()).toBe(false);
    w.unmount();
  });

  it('shows the store\'s refusal in words and merges nothing', async () => {
    mergeError = new DeskError('conflict', 'Customer 12 is already merged into customer 3.');
    const w = mount(MergeBar, { props: { header: jane() }, global: { plugins: [createAppRouter()] } });
    await w.get('[data-testid="merge-open"]').trigger('click');
    await search(w, 'icloud');
    await w.get('[data-testid="merge-hit"]').trigger('mousedown');
    await flushPromises();
    await w.get('[data-testid="merge-confirm"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="merge-error"]').text()).toContain('Not merged: Customer 12 is already merged into customer 3.');
    expect(w.emitted('changed')).toBeUndefined();
  });

  it('a merged-away customer says where it went and offers Unmerge; the page reloads after it', async () => {
    headers.set(12, { ...janeApple(), mergedInto: 7, ids: [] });
    const router = createAppRouter();
    await router.push('/customers/12');
    const w = mount(CustomerView, { global: { plugins: [router] } });
    await flushPromises();
    expect(w.get('[data-testid="merged-away"]').text()).toContain('merged into customer #7');
    expect(w.find('[data-testid="merge-open"]').exists()).toBe(false);
    await w.get('[data-testid="unmerge"]').trigger('click');
    await w.get('[data-testid="unmerge-confirm"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'customers:get').map((c) => c.request)).toEqual([{ customerId: 12 }, { customerId: 12 }]);
    expect(w.find('[data-testid="merged-away"]').exists()).toBe(false);
    expect(w.get('[data-testid="merge-notice"]').text()).toContain('Unmerged from customer #7');
    expect(w.find('[data-testid="merge-open"]').exists()).toBe(true);
    expect(w.find('[data-testid="export-customer"]').exists()).toBe(true);
  });
});
